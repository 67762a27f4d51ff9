"""The command line, run in-process: exit codes, output records, help examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnfacts.cli import main
from vnfacts.errors import InputError

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


# --------------------------------------------------------------------------- extract: formats, workers, resume

import signal
import subprocess
import sys
import time

TEMPLATES = [
    "Năm {y}, doanh thu của doanh nghiệp số {i} đạt {a} tỷ đồng, tăng {p}% so với cùng kỳ.",
    "Trong quý {q}/{y}, kim ngạch xuất khẩu của tỉnh ước đạt {a} triệu USD, giảm {p}%.",
    "Sản lượng lúa vụ đông xuân đạt khoảng {a} nghìn tấn, năng suất tăng {p} tạ/ha.",
    "Tỉnh đặt mục tiêu thu hút {a} dự án đầu tư mới, tạo việc làm cho hơn {i}00 lao động.",
]


def _corpus(path: Path, n: int, sentences: int = 6) -> Path:
    """A JSON Lines corpus of ``n`` invented articles."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(
                TEMPLATES[(i + k) % len(TEMPLATES)].format(y=2000 + (i + k) % 25, i=i + 1, a=(i * 7 + k) % 900 + 10,
                                                           p=(i + k) % 30 + 1, q="I" * ((i + k) % 3 + 1))
                for k in range(sentences)
            )
            fh.write(json.dumps({"id": f"doc{i:05d}", "text": text}, ensure_ascii=False) + "\n")
    return path


def test_output_is_byte_identical_for_1_and_2_workers(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c.jsonl", 60)
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"o{workers}.jsonl"
        assert main(["extract", str(corpus), "-o", str(out), "-j", workers, "-q"]) == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0].count(b"\n") == 60


def test_flat_csv_and_parquet_have_one_row_per_fact(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c.jsonl", 5, sentences=2)
    (tmp_path / "empty.txt").write_bytes(b"")
    doc_out, flat_out, csv_out = tmp_path / "d.jsonl", tmp_path / "f.jsonl", tmp_path / "f.csv"
    assert main(["extract", str(corpus), str(tmp_path / "empty.txt"), "-o", str(doc_out), "-q"]) == 1
    assert main(["extract", str(corpus), str(tmp_path / "empty.txt"), "-o", str(flat_out), "--flat", "-q"]) == 1
    assert main(["extract", str(corpus), str(tmp_path / "empty.txt"), "-o", str(csv_out), "-q"]) == 1
    docs = [json.loads(line) for line in doc_out.read_text(encoding="utf-8").splitlines()]
    flat = [json.loads(line) for line in flat_out.read_text(encoding="utf-8").splitlines()]
    n_facts = sum(len(d.get("facts", ())) for d in docs)
    assert len(flat) == n_facts + 1 and flat[-1]["error"]["code"] == "input.empty"
    assert flat[0]["doc_id"] == "doc00000" and flat[0]["id"] == "doc00000#1" and "quantity" in flat[0]
    import csv as _csv

    rows = list(_csv.DictReader(csv_out.open(encoding="utf-8", newline="")))
    assert len(rows) == n_facts + 1 and rows[0]["fact_id"] == "doc00000#1" and rows[-1]["error_code"] == "input.empty"
    pq = pytest.importorskip("pyarrow.parquet")
    pq_out = tmp_path / "f.parquet"
    assert main(["extract", str(corpus), "-o", str(pq_out), "-q"]) == 0
    table = pq.read_table(pq_out)
    assert table.num_rows == n_facts and table.column("fact_id").to_pylist()[0] == "doc00000#1"


def test_resume_cannot_be_used_with_parquet(tmp_path: Path, capsys) -> None:
    corpus = _corpus(tmp_path / "c.jsonl", 1)
    assert main(["extract", str(corpus), "-o", str(tmp_path / "o.parquet"), "--resume"]) == 2
    assert "--resume" in capsys.readouterr().err


def test_resume_after_a_complete_run_adds_nothing(tmp_path: Path, capsys) -> None:
    corpus = _corpus(tmp_path / "c.jsonl", 10)
    out = tmp_path / "o.jsonl"
    assert main(["extract", str(corpus), "-o", str(out), "-q"]) == 0
    before = out.read_bytes()
    assert main(["extract", str(corpus), "-o", str(out), "--resume"]) == 0
    assert out.read_bytes() == before
    assert "10 documents already in the output" in capsys.readouterr().err


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "vnfacts.cli", "extract", *args]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_interrupt_then_resume_gives_the_uninterrupted_output(tmp_path: Path, sig: int) -> None:
    corpus = _corpus(tmp_path / "c.jsonl", 800, sentences=8)
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    done = subprocess.run(_cli(str(corpus), "-o", str(full), "-j", "2", "-q"), capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    proc = subprocess.Popen(_cli(str(corpus), "-o", str(part), "-j", "2", "-q"), stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not part.exists() or part.read_bytes().count(b"\n") < 50):
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    lines = part.read_bytes().splitlines(keepends=True)
    assert 50 <= len(lines) < 800, "the run was not interrupted mid-way"
    for line in lines:  # a valid JSON Lines file: whole records only
        assert line.endswith(b"\n") and json.loads(line)["source"]
    if sig == signal.SIGINT:
        assert proc.returncode == 130 and b"--resume" in err
    subprocess.run(_cli(str(corpus), "-o", str(part), "-j", "2", "-q", "--resume"), check=True, timeout=300)
    assert part.read_bytes() == full.read_bytes()


def test_resume_after_a_torn_last_line(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c.jsonl", 12)
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    assert main(["extract", str(corpus), "-o", str(full), "-q"]) == 0
    data = full.read_bytes()
    cut = data.index(b"\n", len(data) // 2) + 40  # five lines and a half
    part.write_bytes(data[:cut])
    assert main(["extract", str(corpus), "-o", str(part), "-q", "--resume"]) == 0
    assert part.read_bytes() == data


def test_dask_engine_from_the_command_line(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    corpus = _corpus(tmp_path / "c.jsonl", 20)
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert main(["extract", str(corpus), "-o", str(local), "-q", "-j", "1"]) == 0
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as cluster:
        code = main(["extract", str(corpus), "-o", str(remote), "-q", "--engine", "dask",
                     "--scheduler", cluster.scheduler_address])
    assert code == 0 and remote.read_bytes() == local.read_bytes()


def test_stdin_and_summary(tmp_path: Path) -> None:
    proc = subprocess.run(_cli("-", "--published", "2025-07-05"), input="Năm nay, doanh thu tăng 5%.".encode(),
                          capture_output=True, timeout=120)
    assert proc.returncode == 0
    record = json.loads(proc.stdout)
    assert record["id"] == "stdin" and record["facts"][0]["period"]["start"] == "2025"
    assert b"1 documents, 1 facts, 0 failed" in proc.stderr


def test_exit_codes_live_in_one_place() -> None:
    from vnfacts.cli import exit_code_for
    from vnfacts.errors import DataError

    assert exit_code_for(KeyboardInterrupt()) == 130
    assert exit_code_for(DataError("x", code="data.row")) == 3
    assert exit_code_for(InputError("x")) == 2
    assert exit_code_for(BrokenPipeError()) == 0
