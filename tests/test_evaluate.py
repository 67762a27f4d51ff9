"""Scoring predictions against gold (vnfacts.evaluate), figures hand-computed from the fixtures.

Fixture facts (tests/fixtures/gold):

tinh-xanh  A0 "khoảng 12.500 tỷ đồng" money, about, VND, finance.budget_revenue, level, 2024
           A1 "8,5%" percent, finance.budget_revenue, growth_rate, increase, 2024
           A2 "hơn 350 triệu USD" money, more_than, USD, trade.export_turnover, level, 2025-Q1
           A3 "từ 20 đến 25" count, range, no indicator, level, no period
           not_facts: "45/2024/QĐ-UBND", "2023"
xa-vang    B0 "khoảng hơn 2.000" count, qualifier [more_than, about], no indicator, level
           B1 "1.200 ha" measure, ha, agriculture.area, level, 2025-01..2025-06
           not_facts: "Hơn nữa", "số 5"
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_GOLD

from vnfacts.evaluate import ACCURACIES, Report, evaluate, pair_facts
from vnfacts.facts import Fact, Indicator, Period, Quantity
from vnfacts.gold import GoldDoc, GoldFact, load_gold, load_gold_dir

FIXTURES = Path(__file__).parent / "fixtures" / "gold"


@pytest.fixture(scope="module")
def docs() -> dict[str, GoldDoc]:
    return {d.doc_id: d for d in load_gold_dir(FIXTURES)}


def predict(g: GoldFact, *, quantity: dict[str, Any] | None = None, **top: Any) -> Fact:
    """The fact a perfect extractor would output for ``g``, with some fields overridden."""
    gq = g.quantity
    q: dict[str, Any] = {
        "text": gq.text,
        "span": gq.span,
        "kind": gq.kind or "number",
        "value": gq.value,
        "low": gq.low,
        "high": gq.high,
        "qualifier": gq.qualifier[0] if gq.qualifier else "exact",
        "unit": gq.unit,
        "per": gq.per,
    }
    q.update(quantity or {})
    fields: dict[str, Any] = {
        "id": f"p{q['span'][0]}",
        "span": q["span"],
        "sentence_span": q["span"],
        "quantity": Quantity(**q),
        "indicator": indicator(g.indicator.id) if g.indicator else None,
        "measure": g.measure,
        "direction": g.direction,
        "period": period(g.period.start, g.period.end) if g.period else None,
        "confidence": 1.0,
    }
    fields.update(top)
    return Fact(**fields)


def indicator(indicator_id: str) -> Indicator:
    return Indicator(id=indicator_id, label=indicator_id, text="x", span=(0, 1))


def period(start: str | None, end: str | None) -> Period:
    return Period(text="x", span=(0, 1), start=start, end=end)


def spurious(doc: GoldDoc, text: str) -> Fact:
    start = doc.text.index(text)
    span = (start, start + len(text))
    q = Quantity(text=text, span=span, kind="number", value=1.0)
    return Fact(id="s", span=span, sentence_span=span, quantity=q, confidence=0.5)


def perfect(doc: GoldDoc) -> list[Fact]:
    return [predict(g) for g in doc.facts]


def figures(report: Report, doc_id: str | None = None) -> dict[str, Any]:
    s = report.overall if doc_id is None else report.documents[doc_id]
    out: dict[str, Any] = {name: getattr(s, name).value for name in ACCURACIES}
    for name in ("detection", "exact_span", "fact"):
        det = getattr(s, name)
        out |= {f"{name}_p": det.precision, f"{name}_r": det.recall, f"{name}_f1": det.f1}
    return out


# --- perfect predictions ------------------------------------------------------------------


def test_perfect_predictions_score_one(docs: dict[str, GoldDoc]) -> None:
    report = evaluate(docs.values(), {d: perfect(doc) for d, doc in docs.items()})
    assert all(v == 1.0 for v in figures(report).values()), figures(report)
    o = report.overall
    assert (o.detection.matched, o.detection.n_gold, o.detection.n_pred) == (6, 6, 6)
    # The n behind each accuracy (which gold facts set the attribute).
    assert {name: getattr(o, name).n for name in ACCURACIES} == {
        "value": 6, "qualifier": 6, "kind": 6, "unit": 4, "indicator": 4,
        "indicator_domain": 4, "measure": 6, "direction": 1, "period": 4,
    }
    assert (o.not_fact_hits, o.n_not_facts) == (0, 4)
    assert report.errors() == ()


def test_figure_without_cases_is_none_not_one(docs: dict[str, GoldDoc]) -> None:
    report = evaluate([docs["xa-vang"]], {"xa-vang": perfect(docs["xa-vang"])})
    assert report.overall.direction.n == 0
    assert report.overall.direction.value is None
    assert "direction accuracy" in report.format_table()
    line = next(l for l in report.format_table().splitlines() if l.startswith("direction accuracy"))
    assert "n/a" in line and "0/0" in line


def test_spec_example_perfect() -> None:
    if not EXAMPLE_GOLD.exists():
        pytest.skip("../shared is needed")
    doc = load_gold(EXAMPLE_GOLD)
    report = evaluate([doc], {doc.doc_id: perfect(doc)})
    assert report.overall.fact.f1 == 1.0
    assert report.overall.qualifier.value == 1.0
    assert report.overall.detection.matched == 15


# --- one document, several kinds of error -----------------------------------------------------


def test_miss_spurious_wrong_value_and_not_fact(docs: dict[str, GoldDoc]) -> None:
    doc = docs["tinh-xanh"]
    a0, a1, a2, a3 = doc.facts
    preds = [
        predict(a0),
        # A1 is missed. A2: shorter span (still paired), value off by a scale word.
        predict(a2, quantity={"text": "350 triệu USD", "span": (a2.quantity.span[0] + 4, a2.quantity.span[1]),
                              "value": 3.5e9, "low": 3.5e9}),
        predict(a3, period=period("2025", "2025")),  # gold has no period: not scored
        spurious(doc, "45"),  # inside the not_fact "45/2024/QĐ-UBND"
    ]
    report = evaluate([doc], {doc.doc_id: preds})
    f = figures(report)
    # 3 pairs of 4 gold and 4 predicted facts.
    assert (f["detection_p"], f["detection_r"], f["detection_f1"]) == (0.75, 0.75, 0.75)
    # A0 and A3 have exact spans: 2 of 4.
    assert (f["exact_span_p"], f["exact_span_r"], f["exact_span_f1"]) == (0.5, 0.5, 0.5)
    assert f["value"] == pytest.approx(2 / 3)
    # A0 and A3 are right facts (A3: no indicator on either side, no gold period).
    assert f["fact_f1"] == 0.5
    assert f["qualifier"] == f["kind"] == f["unit"] == f["indicator"] == f["period"] == 1.0
    assert report.overall.unit.n == 2 and report.overall.period.n == 2
    assert f["direction"] is None  # only the missed A1 sets a direction
    assert report.overall.not_fact_hits == 1

    kinds = [(e.kind, e.field, e.text) for e in report.errors()]
    assert kinds == [
        ("miss", None, "8,5%"),
        ("wrong", "span", "hơn 350 triệu USD"),
        ("wrong", "value", "hơn 350 triệu USD"),
        ("spurious", None, "45"),
        ("not_fact", None, "45"),
    ]
    value_error = report.errors(kinds=["wrong"])[1]
    assert value_error.gold == (3.5e8, 3.5e8, None)
    assert value_error.predicted == (3.5e9, 3.5e9, None)
    assert value_error.predicted_span == (143, 156)
    assert "wrong value" in report.format_errors()
    json.dumps(report.to_dict(include_errors=True))  # JSON-ready


def test_table_prints_every_figure_with_its_counts(docs: dict[str, GoldDoc]) -> None:
    doc = docs["tinh-xanh"]
    report = evaluate([doc], {doc.doc_id: [predict(g) for g in doc.facts[:3]]})
    table = report.format_table()
    for name in ("detection precision", "detection recall", "detection F1", "exact-span F1", "fact F1",
                 "value accuracy", "qualifier accuracy", "kind accuracy", "unit accuracy",
                 "indicator accuracy", "indicator domain accuracy", "measure accuracy",
                 "direction accuracy", "period accuracy", "false facts on not_facts"):
        assert name in table
    recall = next(l for l in table.splitlines() if l.startswith("detection recall"))
    assert "0.750" in recall and "3/4" in recall
    assert "2*3/(4+3)" in table


# --- periods: month ranges --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "right"),
    [
        ("2025-Q1", "2025-Q1", True),
        ("2025-01", "2025-03", True),  # the same months as the quarter
        ("2025-01-01", "2025-03-31", True),
        ("2025-Q1", None, True),  # a missing end ends with start
        ("2025", "2025", False),  # the year is not its first quarter
        ("2025-01", "2025-01", False),
        ("2025-Q2", "2025-Q2", False),
        (None, None, False),
        ("quý I", None, False),  # an unknown form is wrong, not a crash
    ],
)
def test_period_quarter_against_months(docs: dict[str, GoldDoc], start: str | None, end: str | None, right: bool) -> None:
    doc = docs["tinh-xanh"]
    a2 = doc.facts[2]
    report = evaluate([doc], {doc.doc_id: [predict(a2, period=period(start, end))]})
    assert report.overall.period == type(report.overall.period)(int(right), 1)
    assert report.overall.fact.matched == int(right)
    if not right:
        (error,) = report.errors(kinds=["wrong"])
        assert (error.field, error.gold) == ("period", ("2025-Q1", "2025-Q1"))


def test_period_year_against_months(docs: dict[str, GoldDoc]) -> None:
    doc = docs["tinh-xanh"]
    a0 = doc.facts[0]
    as_months = evaluate([doc], {doc.doc_id: [predict(a0, period=period("2024-01", "2024-12"))]})
    as_quarter = evaluate([doc], {doc.doc_id: [predict(a0, period=period("2024-Q4", "2024-Q4"))]})
    no_period = evaluate([doc], {doc.doc_id: [predict(a0, period=None)]})
    assert as_months.overall.period.value == 1.0
    assert as_quarter.overall.period.value == 0.0
    assert no_period.overall.period.value == 0.0
    assert no_period.overall.fact.matched == 0


# --- qualifiers, units, indicators, values ------------------------------------------------------


@pytest.mark.parametrize(("qualifier", "right"), [("more_than", True), ("about", True), ("exact", False)])
def test_qualifier_list_accepts_any_listed_reading(docs: dict[str, GoldDoc], qualifier: str, right: bool) -> None:
    doc = docs["xa-vang"]
    report = evaluate([doc], {doc.doc_id: [predict(doc.facts[0], quantity={"qualifier": qualifier})]})
    assert report.overall.qualifier.value == float(right)
    assert report.overall.fact.matched == 1  # the qualifier is not part of a right fact


def test_unit_scored_only_for_money_percent_measure(docs: dict[str, GoldDoc]) -> None:
    doc = docs["xa-vang"]
    b0, b1 = doc.facts
    preds = [predict(b0, quantity={"unit": "hộ"}), predict(b1, quantity={"unit": "m2"})]
    report = evaluate([doc], {doc.doc_id: preds})
    assert (report.overall.unit.hits, report.overall.unit.n) == (0, 1)  # only B1 (measure) counts
    (error,) = report.errors(kinds=["wrong"])
    assert (error.field, error.gold, error.predicted) == ("unit", "ha", "m2")


def test_indicator_domain(docs: dict[str, GoldDoc]) -> None:
    doc = docs["tinh-xanh"]
    a2, a3 = doc.facts[2], doc.facts[3]
    preds = [
        predict(a2, indicator=indicator("trade.import_turnover")),  # wrong id, right domain
        predict(a3, indicator=indicator("business.enterprise_count")),  # gold has none
    ]
    report = evaluate([doc], {doc.doc_id: preds})
    o = report.overall
    assert (o.indicator.hits, o.indicator.n) == (0, 1)
    assert (o.indicator_domain.hits, o.indicator_domain.n) == (1, 1)
    # Fact F1 needs the same indicator id or both null: neither pair is a right fact.
    assert o.fact.matched == 0


def test_measure_and_direction(docs: dict[str, GoldDoc]) -> None:
    doc = docs["tinh-xanh"]
    a1 = doc.facts[1]
    report = evaluate([doc], {doc.doc_id: [predict(a1, measure="change", direction=None)]})
    assert (report.overall.measure.hits, report.overall.measure.n) == (0, 1)
    assert (report.overall.direction.hits, report.overall.direction.n) == (0, 1)
    assert report.overall.fact.matched == 1  # measure and direction are not part of a right fact


@pytest.mark.parametrize(
    ("changes", "right"),
    [
        ({"value": 1.25e13 * (1 + 1e-12)}, True),
        ({"value": 1.25e13 * (1 + 1e-8)}, False),
        ({"low": 1.25e13}, False),  # null in gold must be null
        ({"value": None}, False),
    ],
)
def test_value_tolerance_and_nulls(docs: dict[str, GoldDoc], changes: dict[str, Any], right: bool) -> None:
    doc = docs["tinh-xanh"]
    report = evaluate([doc], {doc.doc_id: [predict(doc.facts[0], quantity=changes)]})
    assert report.overall.value.value == float(right)


def test_not_fact_hits_are_counted(docs: dict[str, GoldDoc]) -> None:
    doc = docs["xa-vang"]
    preds = perfect(doc) + [spurious(doc, "Hơn"), spurious(doc, "5 đã")]
    report = evaluate([doc], {doc.doc_id: preds})
    assert report.overall.not_fact_hits == 2
    assert report.overall.detection.precision == 0.5
    assert [e.gold for e in report.errors(kinds=["not_fact"])] == [("Hơn nữa", (91, 98)), ("số 5", (106, 110))]


# --- several documents, and empty ones -----------------------------------------------------------


def test_overall_is_micro_averaged(docs: dict[str, GoldDoc]) -> None:
    preds = {"tinh-xanh": perfect(docs["tinh-xanh"]), "xa-vang": perfect(docs["xa-vang"])[:1]}
    report = evaluate(docs.values(), preds)
    assert report.documents["tinh-xanh"].detection.recall == 1.0
    assert report.documents["xa-vang"].detection.recall == 0.5
    assert report.overall.detection.recall == 5 / 6  # not the mean of 1.0 and 0.5
    assert report.overall.detection.f1 == pytest.approx(10 / 11)
    per_doc = report.to_dict()["documents"]
    assert per_doc["xa-vang"]["detection"]["n_gold"] == 2
    assert "xa-vang" in report.format_table(per_document=True)


def test_no_predictions_for_a_doc(docs: dict[str, GoldDoc]) -> None:
    report = evaluate([docs["xa-vang"]], {})
    d = report.overall.detection
    assert (d.precision, d.recall, d.f1) == (None, 0.0, 0.0)
    assert report.overall.value.value is None
    assert [e.kind for e in report.errors()] == ["miss", "miss"]


def test_nothing_at_all() -> None:
    report = evaluate([], {})
    assert report.overall.detection.f1 is None
    assert all(v is None for v in figures(report).values())
    assert "n/a" in report.format_table()


def test_predictions_without_gold_are_reported(docs: dict[str, GoldDoc]) -> None:
    report = evaluate([docs["xa-vang"]], {"xa-vang": perfect(docs["xa-vang"]), "xa-vàng": []})
    assert report.unknown_doc_ids == ("xa-vàng",)
    assert "not scored (no gold): xa-vàng" in report.format_table()


# --- pairing -------------------------------------------------------------------------------------


def _gold(*spans: tuple[int, int]) -> list[GoldFact]:
    return [GoldFact.model_validate({"quantity": {"text": "x" * (e - s), "span": [s, e]}}) for s, e in spans]


def _pred(*spans: tuple[int, int]) -> list[Fact]:
    return [
        Fact(id=str(i), span=sp, sentence_span=sp, confidence=1.0,
             quantity=Quantity(text="x" * (sp[1] - sp[0]), span=sp, kind="number", value=1.0))
        for i, sp in enumerate(spans)
    ]


def test_pairing_prefers_larger_overlap() -> None:
    # Prediction 0 overlaps gold 0 by 2 and gold 1 by 10; prediction 1 overlaps gold 0 by 1.
    assert pair_facts(_gold((0, 10), (10, 20)), _pred((8, 20), (9, 10))) == [(0, 1), (1, 0)]


def test_pairing_tie_goes_to_earliest_gold() -> None:
    assert pair_facts(_gold((0, 10), (10, 20)), _pred((5, 15))) == [(0, 0)]


def test_pairing_is_one_to_one() -> None:
    # Two predictions on one gold fact: the larger overlap pairs, the other is spurious.
    assert pair_facts(_gold((0, 10)), _pred((0, 4), (2, 10))) == [(0, 1)]
    # Touching spans do not overlap.
    assert pair_facts(_gold((0, 10)), _pred((10, 12))) == []
