"""Which period a claim is about (corpora/gold/CONVENTIONS.md).

In order: the time expression of the amount's clause, else of its sentence (a comparison
base after ``so với`` never counts, a cut-off date ``tính đến ngày 30/9`` only when
nothing else is said, ``cùng kỳ`` is the claim's own period a year earlier); else the
last period of its paragraph; else the article's frame period (the first span of time in
its title or lead). An amount that is itself a comparison base takes the period of the
base.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from .claim_cues import comparison_start, cue_patterns, cue_right_before, in_comparison
from .indicators import taxonomy
from .lexicon import load_table, trie_regex
from .periods import TimeExpr

__all__ = [
    "is_comparison_base", "base_period", "same_period", "pick_period",
    "paragraph_starts", "frame_period", "flow_period", "plan_period", "is_flow",
]


_RIGHT_AFTER = re.compile(r"\s*(?:(?:vào|trong|hồi|của)\s+)?", re.IGNORECASE)
_COMPARATIVE_BEFORE = re.compile(r"(?<!\w)(?:hơn|kém)\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _superlative_before() -> re.Pattern[str]:
    """``cao nhất``, ``mạnh nhất`` … right before a time (the comparative adjectives of
    data/cues.tsv): "mức cao nhất cùng kỳ kể từ năm 2021" compares with that time."""
    adjectives = [r["text"] for r in load_table("cues.tsv", ("text", "role")) if r["role"] == "comparative"]
    body = trie_regex(sorted(adjectives), space=r"\s+")
    return re.compile(rf"(?<!\w)(?:{body})\s+nhất\s+$", re.IGNORECASE)


def is_comparison_base(expr: Any, text: str) -> bool:
    """Whether a time expression is what the claim is compared with (``so với năm 2023``,
    ``thấp hơn năm trước``)."""
    if getattr(expr, "after_so_voi", False) or in_comparison(expr.start, text):
        return True
    return (_COMPARATIVE_BEFORE.search(text, max(0, expr.start - 8), expr.start) is not None
            or _superlative_before().search(text, max(0, expr.start - 16), expr.start) is not None)


def base_period(amount: Any, text: str, sentence_end: int, times: Sequence[Any], own: Any | None) -> Any | None:
    """The period of a comparison base amount: the first time expression of its comparison
    (``so với 500 tỷ đồng năm 2023``, ``so với cùng kỳ (9.239,5 tỷ đồng)``); ``cùng kỳ`` is
    the claim's own period a year earlier."""
    lo = comparison_start(amount.start, text)
    if lo is None:
        return None
    hi = min(sentence_end, amount.end + 60)
    inside = [t for t in times if lo <= t.start and t.end <= hi and not (amount.start <= t.start < amount.end)]
    if not inside:
        return None
    if inside[0].rule == "relative.same_period":
        return same_period(inside[0], own)
    return inside[0]


def _year_earlier(value: str | None) -> str | None:
    if not value or not value[:4].isdigit():
        return None
    return f"{int(value[:4]) - 1:04d}{value[4:]}"


def same_period(expr: TimeExpr, base: Any | None) -> TimeExpr | None:
    """``cùng kỳ`` resolved against the claim's own period: the same months a year earlier."""
    if base is None or not base.start_value:
        return None
    return replace(
        expr, start_value=_year_earlier(base.start_value), end_value=_year_earlier(base.end_value),
        rule="relative.same_period.resolved",
    )


@lru_cache(maxsize=1)
def _flows() -> frozenset[str]:
    known = taxonomy()
    rows = load_table("flows.tsv", ("id",), required=("id",),
                      check=lambda r: None if r["id"] in known else f"unknown indicator {r['id']!r}")
    return frozenset(r["id"] for r in rows)


def is_flow(indicator_id: str | None) -> bool:
    """Whether an indicator's amounts accumulate over time (data/flows.tsv)."""
    return indicator_id in _flows()


def flow_period(period: Any, text: str, indicator_id: str | None) -> Any:
    """A flow stated as of a day or month (``tính đến ngày 30/9/2023, thu ngân sách …``) covers
    the year up to it (2023-01..2023-09); a stock as of a day keeps the day (data/flows.tsv)."""
    if indicator_id not in _flows() or period.kind not in ("date", "month") or not period.start_value:
        return period
    cut_off = _cut_off(period, text)
    if cut_off is None or cut_off.group().lower().startswith("lũy kế"):
        return period  # "lũy kế đến ngày 30/9": the total since the start, not this year's
    end = period.start_value[:7]
    return replace(period, kind="ytd", start_value=end[:4] + "-01", end_value=end, rule=period.rule + ".as_of_flow")


def _cut_off(expr: Any, text: str) -> re.Match[str] | None:
    """The ``tính đến`` / ``lũy kế đến`` … just before a time expression, if any."""
    return cue_patterns()["as_of"].search(text[max(0, expr.start - 12) : expr.start])


def _is_as_of(expr: Any, text: str) -> bool:
    """A cut-off date (``tính đến ngày 30/9``) rather than the period a figure covers."""
    return expr.kind == "date" and _cut_off(expr, text) is not None


def _own_end(amount: Any) -> int:
    """Where an amount's phrase ends: after its counted noun, if it has one."""
    return max(amount.end, getattr(amount, "noun_end", None) or 0)


def _right_after(amount: Any, p: Any, text: str) -> bool:
    return _RIGHT_AFTER.fullmatch(text, _own_end(amount), p.start) is not None


def pick_period(
    amount: Any,
    clause: tuple[int, int],
    sentence: tuple[int, int],
    periods: Sequence[Any],
    text: str,
    *,
    others: Sequence[Any] = (),
    stock: bool = False,
) -> Any | None:
    """The period of the amount's clause, else of its sentence, preferring resolved spans of
    time over cut-off dates (unless the amount is a stock) and over ``cùng kỳ`` (which is
    resolved by the caller). A later time written right after another amount of the
    sentence is that amount's (``nắm giữ 1,4 triệu cổ phiếu, giảm từ 160 triệu cổ phiếu vào
    cuối năm 2021``); an earlier one carries on (``tăng 5,9% trong tháng 7, đạt 60,82 tỷ
    USD``)."""
    for lo, hi in (clause, sentence):
        # Measured: falling back to a time bound to another amount when no other is left
        # helps a list's closing time ("6,5%, lạm phát 4 - 4,5% trong năm 2024") but
        # misdates more ("ở mức 2.204 đồng/kWh sau lần tăng 4,8% hồi tháng 5").
        inside = [p for p in periods if lo <= p.start and p.end <= hi
                  and not (p.start > amount.end and any(o is not amount and _right_after(o, p, text) for o in others))]
        if not inside:
            continue
        # "từ 43% vào năm 1964 lên 49% vào năm 2024": a time written right after the amount
        # is that amount's own, whatever the clause said before it.
        adjacent = [p for p in inside if _right_after(amount, p, text)
                    and p.rule != "relative.same_period" and p.start_value]
        if adjacent:
            return adjacent[0]
        ranked = sorted(
            inside,
            key=lambda p: (
                p.rule == "relative.same_period",
                _is_as_of(p, text) and not stock,
                not p.start_value,
                p.end > amount.start,
                abs(p.start - amount.start),
            ),
        )
        return ranked[0]
    return None


def plan_period(expr: Any, text: str) -> bool:
    """``56,6% kế hoạch cả năm``: the time of a plan the amount is measured against."""
    return cue_right_before("plan_of", text, expr.start) is not None


def paragraph_starts(text: str, sentences: Sequence[tuple[int, int]]) -> set[int]:
    """Start offsets of sentences that open a paragraph (a line break since the last one)."""
    starts, prev_end = set(), 0
    for s_start, s_end in sentences:
        if prev_end == 0 or "\n" in text[prev_end:s_start]:
            starts.add(s_start)
        prev_end = s_end
    return starts


def frame_period(
    periods: Sequence[Any], sentences: Sequence[tuple[int, int]], opens: set[int], text: str
) -> Any | None:
    """The period the article as a whole reports on: the first span of time (not a cut-off
    date, not a comparison base) in its title or lead."""
    lead_end = 0
    seen = 0
    for s_start, s_end in sentences:
        if s_start in opens:
            seen += 1
            if seen > 2:
                break
        lead_end = s_end
    candidates = [t for t in periods if t.end <= lead_end and t.start_value]
    # A report covers a span (a quarter, six months) more often than the day it appeared:
    # "công bố ngày 15/8 … quý 2" frames the quarter; a day frames only when it is all.
    ranked = sorted(candidates, key=lambda t: (_is_as_of(t, text), t.kind == "date"))
    return ranked[0] if ranked else None
