"""The public API end to end: extract(), find_quantities(), the contract's JSON, offsets."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

import vnfacts
from vnfacts import Document, InputError, extract, find_quantities

ARTICLE = (
    "Theo Cục Thống kê, 6 tháng đầu năm 2025, kim ngạch xuất khẩu của Đồng Nai đạt 12,4 tỷ USD, "
    "tăng 14,3% so với cùng kỳ năm trước.\n\n"
    "Trong đó, khu vực FDI chiếm khoảng 80%. Tỷ lệ thất nghiệp ở mức 2,2%.\n\n"
    "Hơn nữa, tỉnh đã giải quyết việc làm cho hơn 25.000 lao động trong năm nay."
)


def _check_spans(raw: str, facts: list[vnfacts.Fact]) -> None:
    for f in facts:
        q = f.quantity
        assert raw[q.span[0] : q.span[1]] == q.text
        for part in (f.indicator, f.period, f.location):
            if part is not None:
                assert raw[part.span[0] : part.span[1]] == part.text
        assert f.span[0] <= q.span[0] and q.span[1] <= f.span[1]
        assert f.sentence_span[0] <= q.span[0] and q.span[1] <= f.sentence_span[1]


def _summary(facts: list[vnfacts.Fact]) -> list[tuple]:
    return [
        (
            f.quantity.text,
            f.quantity.value,
            f.quantity.low,
            f.quantity.high,
            f.quantity.unit,
            f.indicator.id if f.indicator else None,
            f.measure,
            f.direction,
            (f.period.start, f.period.end) if f.period else None,
        )
        for f in facts
    ]


def test_extract_reads_an_article() -> None:
    facts = extract(ARTICLE, doc_id="dn", published=date(2025, 7, 6))
    assert [f.id for f in facts] == [f"dn#{i}" for i in range(1, len(facts) + 1)]
    got = _summary(facts)
    assert got == [
        ("12,4 tỷ USD", 12.4e9, None, None, "USD", "trade.export_turnover", "level", None, ("2025-01", "2025-06")),
        ("14,3%", 14.3, None, None, "%", "trade.export_turnover", "growth_rate", "increase", ("2025-01", "2025-06")),
        # "Trong đó, khu vực FDI chiếm …": the FDI sector's share of the exports just named.
        ("khoảng 80%", 80.0, None, None, "%", "trade.export_turnover", "share", None, ("2025-01", "2025-06")),
        ("2,2%", 2.2, None, None, "%", "labour.unemployment_rate", "level", None, ("2025-01", "2025-06")),
        ("hơn 25.000", 25000.0, 25000.0, None, "lao động", "labour.jobs_created", "level", None, ("2025", "2025")),
    ]
    assert facts[0].location is not None and facts[0].location.name == "Đồng Nai"
    _check_spans(ARTICLE, facts)


def test_comparison_base_is_not_the_period() -> None:
    facts = extract("Năm 2024, doanh thu đạt 500 tỷ đồng, tăng 8% so với năm 2023.")
    assert [f.period.start for f in facts] == ["2024", "2024"]


def test_facts_are_frozen_and_dump_to_the_contract() -> None:
    fact = extract("Kim ngạch xuất khẩu tăng trên 19%/năm.")[0]
    data = fact.model_dump(mode="json")
    assert set(data) >= {
        "id", "span", "sentence_span", "quantity", "indicator", "measure",
        "direction", "period", "location", "modality", "confidence",
    }
    assert data["quantity"] == {
        "text": "trên 19%/năm", "span": [25, 37], "kind": "percent", "value": 19.0, "low": 19.0,
        "high": None, "qualifier": "more_than", "unit": "%", "unit_text": "%", "per": "year",
    }
    with pytest.raises(Exception):
        fact.measure = "level"  # type: ignore[misc]
    assert vnfacts.Fact.model_validate(data) == fact


def test_schema_describes_the_contract() -> None:
    schema = vnfacts.schema()
    assert {"quantity", "indicator", "period", "location"} <= set(schema["properties"])
    assert "Quantity" in schema["$defs"]


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda s: s.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda s: unicodedata.normalize("NFD", s), id="nfd"),
        pytest.param(lambda s: s.replace("Cục Thống kê", "Cục Thống kê &amp; Bộ Tài chính"), id="html-entity"),
        pytest.param(lambda s: s.replace(" ", "\u00a0", 5), id="nbsp"),
        pytest.param(lambda s: s.replace("kim ngạch", "kim\u200b ngạch"), id="zero-width"),
    ],
)
def test_offsets_index_the_raw_text_of_messy_input(variant) -> None:
    raw = variant(ARTICLE)
    facts = extract(raw, published=date(2025, 7, 6))
    _check_spans(raw, facts)
    clean = extract(ARTICLE, published=date(2025, 7, 6))
    assert [(f.quantity.value, f.quantity.low, f.quantity.unit) for f in facts] == [
        (f.quantity.value, f.quantity.low, f.quantity.unit) for f in clean
    ]


def test_bytes_with_bom_via_document() -> None:
    doc = Document.from_bytes(b"\xef\xbb\xbf" + "Doanh thu đạt 5 tỷ đồng.".encode(), source="a.txt")
    facts = extract(doc)
    assert doc.raw.startswith("Doanh")  # the BOM is dropped, nothing else changes
    assert facts[0].quantity.span == (14, 23) and facts[0].quantity.value == 5e9


def test_find_quantities_without_claims() -> None:
    qs = find_quantities("Giá vàng dao động 180 - 200 ngàn đồng, theo Quyết định số 136/2007/QĐ-TTg.")
    assert [(q.text, q.low, q.high, q.unit, q.qualifier) for q in qs] == [
        ("180 - 200 ngàn đồng", 180000.0, 200000.0, "VND", "range")
    ]


def test_text_without_amounts_gives_no_facts() -> None:
    assert extract("Hơn nữa, Nghị định 15/2018/NĐ-CP có hiệu lực từ ngày 1/7/2018.") == []


@pytest.mark.parametrize(
    ("value", "code"),
    [(None, "input.type"), (42, "input.type"), ("", "input.empty"), ("   \n\t", "input.empty")],
)
def test_bad_input_raises_input_error(value, code) -> None:
    with pytest.raises(InputError) as info:
        extract(value)  # type: ignore[arg-type]
    assert info.value.code == code


def test_example_article_matches_its_gold(example_text, example_gold) -> None:
    """Issue 4's bar: every gold fact with gold value, indicator, measure, period; no not_facts."""
    facts = extract(example_text, doc_id="hanoi-khuyen-cong")
    by_span = {f.quantity.span: f for f in facts}
    for gold in example_gold["facts"]:
        q = gold["quantity"]
        fact = by_span.get(tuple(q["span"]))
        assert fact is not None, f"missing {q['text']!r}"
        assert (fact.quantity.value, fact.quantity.low, fact.quantity.high) == (q["value"], q["low"], q["high"])
        assert (fact.indicator.id if fact.indicator else None) == (gold["indicator"] or {}).get("id")
        assert fact.measure == gold["measure"]
        if gold["period"]:
            assert (fact.period.start, fact.period.end) == (gold["period"]["start"], gold["period"]["end"])
    assert len(facts) == len(example_gold["facts"])
    for nf in example_gold["not_facts"]:
        assert not any(f.quantity.span[0] < nf["span"][1] and nf["span"][0] < f.quantity.span[1] for f in facts)
    _check_spans(example_text, facts)
