"""The command line, run in-process: exit codes, output records, help examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnfacts.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def test_extract_records_bad_files_and_goes_on(tmp_path: Path, capsys) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Năm 2024, doanh thu đạt 500 tỷ đồng.", encoding="utf-8")
    (docs / "b.txt").write_bytes(b"")
    (docs / "c.txt").write_bytes(b"\x00\x01binary\x00")
    (docs / "d.md").write_text("Xuất khẩu tăng 12%.", encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    code = main(["extract", str(docs), "-o", str(out)])
    assert code == 1  # some documents failed
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a", "b", "c", "d"]
    assert records[0]["facts"][0]["quantity"]["value"] == 5e11
    assert records[1]["error"]["code"] == "input.empty"
    assert records[2]["error"]["code"] == "input.binary"
    assert records[1]["error"]["source"].endswith("b.txt")
    assert records[3]["facts"][0]["quantity"]["text"] == "12%"
    err = capsys.readouterr().err
    assert "4 documents, 2 facts, 2 failed" in err


def test_extract_all_good_exits_zero(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Kim ngạch xuất khẩu đạt 10 tỷ USD.", encoding="utf-8")
    assert main(["extract", str(src), "-o", str(tmp_path / "o.jsonl"), "--quiet"]) == 0


def test_too_large_is_recorded(tmp_path: Path) -> None:
    src = tmp_path / "big.txt"
    src.write_text("Doanh thu đạt 5 tỷ đồng. " * 100, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert main(["extract", str(src), "-o", str(out), "--max-bytes", "100", "-q"]) == 1
    assert json.loads(out.read_text())["error"]["code"] == "input.too_large"


def test_schema_prints_json(capsys) -> None:
    assert main(["schema"]) == 0
    assert "quantity" in json.loads(capsys.readouterr().out)["properties"]


def test_evaluate_prints_every_figure(capsys) -> None:
    assert main(["evaluate", str(FIXTURES / "gold"), "--show-errors"]) == 0
    out = capsys.readouterr().out
    for figure in ("detection F1", "exact-span F1", "fact F1", "value accuracy", "period accuracy",
                   "false facts on not_facts"):
        assert figure in out


@pytest.mark.parametrize("command", ["extract", "schema", "evaluate"])
def test_every_command_has_an_example_in_its_help(command: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "example:" in capsys.readouterr().out
