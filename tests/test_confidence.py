"""Calibrated confidence: sources read from rule ids, the table's fallbacks, the range."""

from __future__ import annotations

import pytest

from vnfacts import extract
from vnfacts.confidence import _table, confidence, sources


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (("number+percent", "indicator.clause_left", "measure.growth_verb", "period.own"), ("clause_left", "own")),
        (("number+count", "measure.level"), ("none", "none")),
        (("number+money", "indicator.continued", "period.paragraph"), ("continued", "paragraph")),
        (("number+count", "indicator.sentence_left", "period.own", "claim.comparison_base"), ("sentence_left", "comparison_base")),
    ],
)
def test_sources_from_rules(rules, expected) -> None:
    assert sources(rules) == expected


def test_table_has_the_fallback_row_and_counts() -> None:
    table = _table()
    assert ("*", "*") in table
    assert all(0 <= right <= total for right, total in table.values())


def test_unseen_pair_falls_back_to_the_indicator_source_then_overall() -> None:
    table = _table()
    right, total = table[("*", "*")]
    overall = round((right + 1) / (total + 2), 3)
    assert confidence(("indicator.never_seen", "period.never_seen")) == overall
    seen = next(k for k in table if k[1] == "*" and k[0] != "*")
    r, t = table[seen]
    assert confidence((f"indicator.{seen[0]}", "period.never_seen")) == round((r + 1) / (t + 2), 3)


def test_better_evidence_gets_more_confidence() -> None:
    strong = confidence(("indicator.clause_left", "period.own"))
    weak = confidence(("period.frame",))
    assert 0 < weak < strong < 1


def test_every_fact_carries_a_probability() -> None:
    facts = extract("Năm 2024, kim ngạch xuất khẩu đạt 405 tỷ USD, tăng 14,3%. Tỉnh có 12 khu công nghiệp.")
    assert all(0 < f.confidence < 1 for f in facts)
    assert facts[0].confidence > facts[-1].confidence
