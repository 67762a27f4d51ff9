"""The claims stage as a corpus (tests/corpus/claims.tsv), run through the public extract()."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from marks import unmark

from vnfacts import extract

CORPUS = Path(__file__).parent / "corpus" / "claims.tsv"


def _cases() -> list[tuple[int, dict[str, str]]]:
    lines = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [(i, row) for i, row in enumerate(reader, start=1)]


CASES = _cases()


def _none(value: str) -> str | None:
    return None if value == "-" else value


@pytest.mark.parametrize(("n", "case"), CASES, ids=[f"L{n}" for n, _ in CASES])
def test_claim(n: int, case: dict[str, str]) -> None:
    text, spans = unmark(case["text"].replace("⏎", "\n"))
    assert len(spans) == 1, "mark exactly the amount under test"
    start, end = spans[0]
    published = None if case["published"] == "-" else date.fromisoformat(case["published"])
    facts = extract(text, published=published)
    fact = next((f for f in facts if f.quantity.span == (start, end)), None)
    assert fact is not None, f"no fact at {text[start:end]!r}: {[f.quantity.text for f in facts]}"
    period = f"{fact.period.start}..{fact.period.end}" if fact.period and fact.period.start else None
    got = {
        "indicator": fact.indicator.id if fact.indicator else None,
        "measure": fact.measure,
        "direction": fact.direction,
        "period": period,
        "modality": fact.modality,
    }
    want = {key: _none(case[key]) for key in got}
    assert got == want, f"{case['note']} — rules: {fact.rules}"


def test_corpus_covers_every_measure_and_modality() -> None:
    assert {c["measure"] for _, c in CASES} >= {"level", "growth_rate", "change", "share", "rank", "-"}
    assert {c["modality"] for _, c in CASES} == {"actual", "target", "forecast"}
