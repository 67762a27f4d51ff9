"""How sure the pipeline is of a whole fact, calibrated on the project's hand annotation.

A fact's confidence is the share of facts found the same way that were right on the
development gold (``corpora/``): right means what FACTS.md's fact F1 counts — the value,
the indicator (or both none) and the period (where the gold has one) all agree, and the
fact is not spurious. "Found the same way" is the pair (how the indicator was chosen, how
the period was chosen), read from the fact's rule ids. The table lives in
``data/confidence.tsv`` and is rebuilt by ``benchmarks/calibrate.py``; a pair of sources
never seen in the gold falls back to the indicator source alone, then to the overall rate.
Estimates are smoothed (``(right + 1) / (total + 2)``).

The rules were written against the same development gold, so the table is optimistic on
new text: on the blind held-out gold (``corpora/heldout``) facts scored 0.8–1.0 were right
about two times in three (``benchmarks/calibrate.py --measure corpora/heldout``). Read
confidence as a ranking of facts within a run, not as a probability for unseen sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .lexicon import load_table

__all__ = ["sources", "confidence"]

ANY = "*"


def sources(rules: Sequence[str]) -> tuple[str, str]:
    """(indicator source, period source) of a fact, from its rule ids."""
    indicator = next((r.split(".", 1)[1] for r in rules if r.startswith("indicator.")), "none")
    period = next((r.split(".", 1)[1] for r in rules if r.startswith("period.")), "none")
    if "claim.comparison_base" in rules:
        period = "comparison_base"
    return indicator, period


def _check(row: dict[str, str]) -> str | None:
    if not (row["right"].isdigit() and row["total"].isdigit()) or int(row["right"]) > int(row["total"]):
        return f"right {row['right']!r} / total {row['total']!r} are not counts with right <= total"
    return None


@lru_cache(maxsize=None)
def _table() -> dict[tuple[str, str], tuple[int, int]]:
    rows = load_table(
        "confidence.tsv", ("indicator", "period", "right", "total"), required=("indicator", "period"), check=_check
    )
    return {(r["indicator"], r["period"]): (int(r["right"]), int(r["total"])) for r in rows}


def confidence(rules: Sequence[str]) -> float:
    """The calibrated probability that a fact produced by ``rules`` is right."""
    indicator, period = sources(rules)
    table = _table()
    for key in ((indicator, period), (indicator, ANY), (ANY, ANY)):
        if key in table:
            right, total = table[key]
            return round((right + 1) / (total + 2), 3)
    return 0.5
