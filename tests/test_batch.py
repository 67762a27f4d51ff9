"""extract_many: every input kind, every fault recorded (and the run goes on), workers,
resume bookkeeping, and the Dask engine giving the local engine's output.

All texts are invented for the tests.
"""

from __future__ import annotations

import io
import json
import pickle
import sys
from datetime import date
from pathlib import Path

import pytest

import vnfacts
from vnfacts.batch import DocResult, extract_many
from vnfacts.encodings import encode_legacy
from vnfacts.errors import InputError
from vnfacts.outputs import scan_done

ARTICLE = "Năm 2024, doanh thu của tập đoàn đạt 500 tỷ đồng, tăng 12% so với năm trước."
HTML = f"""<!DOCTYPE html><html><head><title>Tin kinh tế</title></head><body>
<nav><a href="/">Trang chủ</a> | <a href="/kt">Kinh tế</a></nav>
<article><h1>Doanh thu tăng mạnh</h1><p>{ARTICLE}</p>
<p>Trong năm nay, công ty dự kiến tuyển thêm 300 lao động tại các nhà máy ở miền Bắc và miền Trung.</p></article>
<footer>Bản quyền thuộc về tòa soạn.</footer></body></html>"""


def _run(paths, **kw) -> list[DocResult]:
    return list(extract_many([str(p) for p in paths], **kw))


def test_txt_and_md_files_and_folders_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.md").write_text("**Xuất khẩu** tăng 8%.", encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub" / "c.txt").write_text("Giá vàng giảm 2%.", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"ignored")
    results = _run([tmp_path])
    assert [r.doc_id for r in results] == ["a", "b", "sub/c"]
    assert all(r.ok and r.facts for r in results)
    assert results[0].sha256 == vnfacts.readers.sha256(ARTICLE.encode("utf-8"))
    assert results[0].length == len(ARTICLE) and results[0].encoding == "utf-8"
    assert [r.doc_id for r in _run([tmp_path], glob="*.txt")] == ["a", "sub/c"]


def test_html_article_text_is_extracted_and_carried(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    page = tmp_path / "tin.html"
    page.write_text(HTML, encoding="utf-8")
    (result,) = _run([page])
    assert result.ok and result.text is not None
    assert "Trang chủ" not in result.text and ARTICLE in result.text
    assert result.length == len(result.text)
    for f in result.facts:  # spans index the extracted text, which the record carries
        assert result.text[f.quantity.span[0]:f.quantity.span[1]] == f.quantity.text
    assert result.to_json()["text"] == result.text


def test_jsonl_corpus_with_fields_and_dates(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        {"url": "u1", "body": ARTICLE, "date": "2025-07-05T08:00:00"},
        {"body": "Năm nay, sản lượng tăng 5%."},
        {"url": "u3", "title": "no body"},
    ]
    corpus.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n{broken\n", encoding="utf-8")
    results = _run([corpus], text_field="body", id_field="url", date_field="date", published=date(2020, 1, 1))
    assert [r.doc_id for r in results] == ["u1", "corpus:2", "u3", "corpus:5"]
    assert [r.source for r in results] == [f"{corpus}:{n}" for n in (1, 2, 3, 5)]
    assert results[0].published == date(2025, 7, 5) and results[1].published == date(2020, 1, 1)
    # "năm nay" resolves with the record's own date or the default
    assert results[1].facts[0].period.start == "2020"
    assert [r.error.code for r in results[2:]] == ["input.format", "input.format"]


def test_stdin_text_and_jsonl(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8"))))
    (r,) = _run(["-"])
    assert (r.doc_id, r.source, r.ok) == ("stdin", "<stdin>", True) and r.facts
    data = (json.dumps({"id": "x", "text": ARTICLE}) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (r,) = _run(["-"], kind="jsonl")
    assert (r.doc_id, r.source) == ("x", "<stdin>:1") and r.facts


def test_sidecar_and_default_publication_dates(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Năm nay, doanh thu tăng 5%.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"published": "2023-03-01"}', encoding="utf-8")
    (tmp_path / "b.txt").write_text("Năm nay, doanh thu tăng 6%.", encoding="utf-8")
    a, b = _run([tmp_path], published=date(2025, 1, 1))
    assert (a.published, b.published) == (date(2023, 3, 1), date(2025, 1, 1))
    assert (a.facts[0].period.start, b.facts[0].period.start) == ("2023", "2025")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "windows-1258", "tcvn3", "vni"])
def test_every_encoding_reads_to_the_same_facts(tmp_path: Path, encoding: str) -> None:
    text = ARTICLE + " Giá trị sản xuất công nghiệp ước đạt 2,5 nghìn tỷ đồng."
    path = tmp_path / "a.txt"
    if encoding in ("utf-8-sig", "utf-16"):
        path.write_bytes(text.encode(encoding))
    else:
        path.write_bytes(encode_legacy(text, encoding))
    (r,) = _run([path])
    assert r.ok, r.error
    assert [f.quantity.value for f in r.facts] == [f.quantity.value for f in vnfacts.extract(text)]
    assert r.encoding in (encoding, "utf-8", "utf-16-le")


def test_faults_are_recorded_and_the_run_goes_on(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "1-good.txt").write_text(ARTICLE, encoding="utf-8")
    (docs / "2-empty.txt").write_bytes(b"")
    (docs / "3-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (docs / "4-huge.txt").write_text(ARTICLE * 50, encoding="utf-8")
    (docs / "5-undecodable.txt").write_bytes("Le café était très apprécié, près de l'église.".encode("cp1252"))
    (docs / "6-good.md").write_text("Lạm phát tăng 3,5%.", encoding="utf-8")
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "gone.txt")  # named on the command line, cannot be read
    results = _run([docs, dangling, tmp_path / "nowhere.txt"], max_bytes=1000)
    codes = [r.error.code if r.error else "ok" for r in results]
    assert codes == ["ok", "input.empty", "input.binary", "input.too_large", "input.decode", "ok",
                     "input.read", "input.read"]
    for r in results[1:5] + results[6:]:
        assert r.error.source == r.source and r.error.detail
    record = results[4].to_json()
    assert record["error"] == {"code": "input.decode", "source": record["source"], "message": results[4].error.detail}
    assert record["sha256"]  # the content is named even when it cannot be decoded


def test_huge_jsonl_line_is_skipped_without_loading(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "big", "text": ARTICLE * 100}) + "\n" + json.dumps({"id": "ok", "text": ARTICLE}) + "\n",
        encoding="utf-8",
    )
    big, ok = _run([corpus], max_bytes=2000)
    assert big.error.code == "input.too_large" and ok.ok and ok.doc_id == "ok"


def test_results_are_identical_whatever_the_worker_count(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(40):
            fh.write(json.dumps({"id": f"d{i}", "text": f"Năm {2000 + i}, doanh thu đạt {i + 1} tỷ đồng, tăng {i % 9 + 1}%."},
                                ensure_ascii=False) + "\n")
    one = [r.to_json() for r in _run([corpus], workers=1)]
    two = [r.to_json() for r in _run([corpus], workers=2)]
    assert one == two and [r["id"] for r in one] == [f"d{i}" for i in range(40)]


def test_skip_marks_done_documents(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(ARTICLE, encoding="utf-8")
    b.write_text("Giá vàng giảm 2%.", encoding="utf-8")
    first = _run([tmp_path])
    skip = {first[0].source: first[0].sha256}
    again = _run([tmp_path], skip=skip)
    assert [r.skipped for r in again] == [True, False]
    a.write_text(ARTICLE + " Thêm 1%.", encoding="utf-8")  # changed content: done again
    assert [r.skipped for r in _run([tmp_path], skip=skip)] == [False, False]


def test_results_pickle_with_their_error_codes() -> None:
    r = DocResult("a", "a.txt", error=InputError("bad", code="input.decode", source="a.txt"))
    back = pickle.loads(pickle.dumps(r))
    assert (back.error.code, back.error.source, back.error.detail, type(back.error)) == ("input.decode", "a.txt", "bad", InputError)


def test_scan_done_cuts_a_half_written_last_line(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    out.write_bytes(b'{"source": "a", "sha256": "1"}\n{"source": "b", "sha256": "2"}\n{"source": "c", "sha')
    assert scan_done(out) == {"a": "1", "b": "2"}
    assert out.read_bytes().endswith(b'"2"}\n')


# --------------------------------------------------------------------------- Dask


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            yield client


def _mixed_corpus(root: Path) -> Path:
    root.mkdir()
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "b.txt").write_bytes(b"")
    with (root / "c.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(20):
            fh.write(json.dumps({"id": f"r{i}", "text": f"Sản lượng đạt {i + 1} triệu tấn, tăng {i + 2}%."},
                                ensure_ascii=False) + "\n")
    return root


def test_dask_engine_output_equals_local(tmp_path: Path, dask_client) -> None:
    from vnfacts.engines.dask import extract_many_dask

    root = _mixed_corpus(tmp_path / "docs")
    local = [r.to_json() for r in _run([root], workers=1)]
    on_dask = [r.to_json() for r in extract_many_dask([str(root)], client=dask_client)]
    assert on_dask == local and len(local) == 22


def test_dask_dataframe_of_facts(tmp_path: Path, dask_client) -> None:
    from vnfacts.engines.dask import facts_dataframe
    from vnfacts.outputs import COLUMNS, flat_rows

    root = _mixed_corpus(tmp_path / "docs")
    df = facts_dataframe([str(root)]).compute()
    expected = [row for r in _run([root]) for row in flat_rows(r)]
    assert list(df.columns) == [c for c, _ in COLUMNS]
    assert len(df) == len(expected)
    assert df["fact_id"].dropna().tolist() == [r["fact_id"] for r in expected if r.get("fact_id")]
    assert df["error_code"].dropna().tolist() == ["input.empty"]
