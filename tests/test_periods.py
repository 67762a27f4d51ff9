"""Periods: the corpus (tests/corpus/periods.tsv), value resolution, and real news."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest
from conftest import CORPUS_DIR
from marks import unmark

from vnfacts.identifiers import find_identifiers
from vnfacts.periods import TimeExpr, find_time_expressions


def _rows():
    for lineno, line in enumerate((CORPUS_DIR / "periods.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("published\t"):
            continue
        cells = line.split("\t") + ["", ""]
        yield pytest.param(cells[0], cells[1], cells[2], id=f"L{lineno}:{cells[1][:40]}")


def _value(v: str) -> str | None:
    return None if v == "-" else v


@pytest.mark.parametrize("published, sentence, expected", list(_rows()))
def test_corpus(published: str, sentence: str, expected: str) -> None:
    text, spans = unmark(sentence)
    pub = None if published in ("", "-") else dt.date.fromisoformat(published)
    want = []
    for span, exp in zip(spans, [e.strip() for e in expected.split("|") if e.strip()], strict=True):
        kind, sv, ev, *so = exp.split(":")
        want.append((span[0], span[1], kind, _value(sv), _value(ev), bool(so)))
    ids = find_identifiers(text)
    got = [
        (e.start, e.end, e.kind, e.start_value, e.end_value, e.after_so_voi)
        for e in find_time_expressions(text, published=pub, excluded=[(i.start, i.end) for i in ids])
    ]
    assert got == want


def test_excluded_accepts_identifier_objects() -> None:
    text = "Theo Nghị định 15/2018/NĐ-CP từ năm 2018"
    got = find_time_expressions(text, excluded=find_identifiers(text))
    assert [e.text for e in got] == ["năm 2018"]


def test_spans_index_the_text() -> None:
    text = "Tính chung 9 tháng năm 2025, xuất khẩu tăng 15% so với cùng kỳ; quý I/2025 tăng 6%."
    for e in find_time_expressions(text):
        assert isinstance(e, TimeExpr)
        assert text[e.start : e.end] == e.text


def test_relative_marks_and_published_resolution() -> None:
    text = "Doanh thu năm nay tăng."
    (none,) = find_time_expressions(text)
    assert none.relative and none.start_value is None
    (jan,) = find_time_expressions("Doanh thu năm qua tăng.", published=dt.date(2025, 1, 10))
    assert jan.start_value == "2024"  # early in a year "năm qua" is the year just ended
    (dec,) = find_time_expressions("Doanh thu năm qua tăng.", published=dt.date(2025, 12, 10))
    assert dec.start_value == "2025"


def test_month_arithmetic_crosses_years() -> None:
    (e,) = find_time_expressions("Giá tăng so với tháng trước.", published=dt.date(2025, 1, 20))
    assert (e.start_value, e.after_so_voi) == ("2024-12", True)


def test_so_voi_anchor_resets_per_sentence() -> None:
    text = "Năm 2020 có lãi. Năm nay tăng so với năm trước."
    got = find_time_expressions(text, published=dt.date(2025, 3, 1))
    assert got[-1].text == "năm trước" and got[-1].start_value == "2024"


@pytest.mark.realnews
def test_real_news_runs_and_spans_hold(realnews_dir) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((realnews_dir / "articles").glob("*.txt"))]
    with (realnews_dir / "bulk.jsonl").open(encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for line in fh]
    assert len(texts) >= 2000
    found = 0
    for raw in texts:
        text = unicodedata.normalize("NFC", raw)
        ids = find_identifiers(text)
        for i in ids:
            assert text[i.start : i.end] == i.text
        for e in find_time_expressions(text, published=dt.date(2025, 1, 1), excluded=ids):
            assert text[e.start : e.end] == e.text
            found += 1
    assert found > 1000
