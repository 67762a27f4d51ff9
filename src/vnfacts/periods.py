"""Time expressions in Vietnamese news: the periods facts attach, and the dates,
clock times and weekdays the amount stage must not read as amounts.

``find_time_expressions(text, published=..., excluded=...)`` returns :class:`TimeExpr`
spans into the working text. ``start_value``/``end_value`` are contract strings
(``YYYY``, ``YYYY-Qn``, ``YYYY-MM``, ``YYYY-MM-DD``) or None.

Kinds: ``year``, ``year_range``, ``quarter``, ``quarter_range``, ``half``, ``ytd``,
``month``, ``month_range``, ``date``, ``date_range``, ``relative``, ``weekday`` and
``time_of_day`` (the last two always have None values: they exist so that their
numbers are skipped).

Decisions (``tests/corpus/periods.tsv`` pins each one):

* ``N tháng`` is a period only when the text says it counts from the start of a year
  (``9 tháng đầu năm``, ``7 tháng năm 2025``, ``Tính chung 9 tháng``, or a sentence
  opening ``9 tháng,``); otherwise (``trong 3 tháng``) it is a duration, left to the
  amount stage.
* A bare 4-digit year needs a cue word (``từ``, ``đến``, ``cuối`` …), a range
  (``2021–2025``) or parentheses (``(2020)``); ``2.025 tỷ`` and ``2025 lao động`` are
  amounts.
* Expressions without a written year (``quý 3``, ``tháng 12``, ``năm nay``) are
  ``relative=True`` and resolve against ``published``; without it their values are None.
* ``năm trước`` after ``so với`` is the year before the sentence's own year
  (``năm 2024 so với năm trước`` -> 2023); elsewhere it is the year before publication.
* ``cùng kỳ`` keeps None values: it is the claim's own period a year earlier, which
  only the claims stage knows.
* Two-digit years (``quý I/25``) are not read: too rare to be worth false dates.
* ``hiện nay`` is not a period (it names no reporting span).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ._periodrules import Cand, Grammar, Point, grammar

__all__ = ["TimeExpr", "find_time_expressions"]


@dataclass(frozen=True)
class TimeExpr:
    """A time expression in the working text.

    Attributes:
        start, end: ``[start, end)`` offsets into the text given.
        text: ``text[start:end]``.
        kind: see the module docstring.
        start_value, end_value: contract strings, or None (unresolved, or not a period).
        relative: the value depends on the publication date (or on a nearby year).
        rule: id of the rule that matched (provenance, debugging).
        after_so_voi: the expression follows ``so với`` / ``so``: a comparison base.
    """

    start: int
    end: int
    text: str
    kind: str
    start_value: str | None
    end_value: str | None
    relative: bool
    rule: str
    after_so_voi: bool = False


def find_time_expressions(
    text: str,
    *,
    published: _dt.date | None = None,
    excluded: Iterable = (),
) -> list[TimeExpr]:
    """Find the time expressions in ``text`` (the NFC working copy).

    Args:
        text: working text.
        published: the article's publication date; relative expressions and ones
            without a written year resolve against it.
        excluded: ``(start, end)`` pairs (or objects with ``start``/``end``) already
            claimed by an earlier stage; a candidate overlapping one is dropped.

    Returns:
        Non-overlapping expressions in text order.
    """
    g = grammar()
    spans = [(x.start, x.end) if hasattr(x, "start") else (int(x[0]), int(x[1])) for x in excluded]
    cands = [c for c in g.candidates(text) if not any(c.start < e and s < c.end for s, e in spans)]
    chosen = _merge_ranges(text, _select(cands), g)
    return _finish(text, chosen, published, g)


def _select(cands: list[Cand]) -> list[Cand]:
    # Longest first; on equal length the earlier rule wins (candidates arrive in rule
    # order and sorted() is stable).
    taken: list[Cand] = []
    for c in sorted(cands, key=lambda c: -(c.end - c.start)):
        if all(c.end <= t.start or t.end <= c.start for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)


_RANGE_KIND = {"year": "year_range", "quarter": "quarter_range", "month": "month_range", "date": "date_range"}


def _merge_ranges(text: str, cands: list[Cand], g: Grammar) -> list[Cand]:
    """Join ``từ A đến B`` and ``A – B`` of one granularity into a range."""
    out: list[Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind in _RANGE_KIND
            and prev.kind == c.kind
            and prev.lo is not None
            and c.hi is not None
            and g.range_link.fullmatch(text, prev.end, c.start)
            and not _after(prev.lo, c.hi)
        ):
            lo = prev.lo
            if lo.y is None and lo.yrel is None:
                lo = replace(lo, y=c.hi.y, yrel=c.hi.yrel)
            start = prev.start
            m = g.from_before.search(text, max(0, start - 12), start)
            if m:
                start = m.start(1)
            out[-1] = Cand(start, c.end, _RANGE_KIND[c.kind], "range." + c.kind, lo, c.hi, prev.relative and c.relative)
            continue
        out.append(c)
    return out


def _after(a: Point, b: Point) -> bool:
    """True when ``a`` is known to come after ``b`` (then they are no range)."""
    if a.y is None or b.y is None:
        return False
    return (a.y, a.a, a.d) > (b.y, b.a, b.d)


def _finish(text: str, cands: list[Cand], published: _dt.date | None, g: Grammar) -> list[TimeExpr]:
    out: list[TimeExpr] = []
    sentence_year: int | None = None
    # Without a publication date, a date written without its year ("ngày 24/12") takes the
    # year the text last stated ("ngày 23/12/2004 …, ngày 24/12 …"), or else the next one its
    # paragraph states: the text fixes it. A year in another paragraph (a bond's maturity)
    # says nothing about this date.
    stated = [
        (c.start, p.y) for c in cands if c.rel is None and not c.relative
        for p in (c.lo,) if p is not None and p.y is not None
    ]
    # "ngày 5-8" … "từ ngày 5-8-2017": the same day (or month) written with its year elsewhere.
    written = {(p.gran, p.a, p.d): p.y for c in cands if c.rel is None and not c.relative
               for p in (c.lo, c.hi) if p is not None and p.y is not None and p.gran in ("month", "date")}
    text_year: int | None = None
    last_end = 0
    for c in cands:
        if g.sentence_break.search(text, last_end, c.start):
            sentence_year = None
        last_end = c.end
        after = bool(g.compare_before.search(text, max(0, c.start - 40), c.start))
        lo, hi, relative = c.lo, c.hi, c.relative
        if c.rel is not None:
            # "so với năm trước" is the year before the one the sentence is about; "cả năm
            # đó" is that year itself.
            anchor = published
            that = sentence_year if sentence_year is not None else text_year
            if (c.rel == "year:prev" and after and sentence_year is not None) or c.rel == "year:that":
                anchor = _dt.date(that, 6, 1) if that is not None else None
            lo = hi = _resolve_rel(c.rel, anchor)
            relative = True
        else:
            if published is None:
                # The sentence's own year, else the same day or month written with its year,
                # else the year the text last stated, else the next one its paragraph states.
                year = sentence_year
                if year is None and c.lo is not None:
                    year = written.get((c.lo.gran, c.lo.a, c.lo.d))
                if year is None:
                    year = text_year if text_year is not None else _next_in_paragraph(text, c.start, stated)
                if year is not None:
                    lo, hi = _fill_text_year(lo, year), _fill_text_year(hi, year)
            elif sentence_year is not None:
                # "Năm 2020, Berkshire lỗ 50 tỷ USD trong quý đầu tiên": the sentence's year.
                lo, hi = _fill_text_year(lo, sentence_year), _fill_text_year(hi, sentence_year)
            lo, hi = _fill_year(lo, published), _fill_year(hi, published)
            if c.hi is not None and c.hi.y is None and _after(lo, hi):
                hi = replace(hi, y=hi.y + 1)  # "từ 29/12 - 04/01": the range runs into the next year
            relative = relative or _needs_year(c.lo) or _needs_year(c.hi)
            if lo is not None and lo.y is not None and not relative and not after:
                sentence_year = hi.y if hi is not None and hi.y is not None else lo.y
                text_year = sentence_year
        sv, ev = _fmt(lo), _fmt(hi)
        if c.until_now:
            ev = f"{published.year:04d}-{published.month:02d}" if published else None
            if ev is not None and sv is not None and sv[:7] > ev:
                ev = None  # "từ đầu năm tới" (from next year on) does not end now
            relative = True
        out.append(TimeExpr(c.start, c.end, text[c.start : c.end], c.kind, sv, ev, relative, c.rule, after))
    return out


def _needs_year(p: Point | None) -> bool:
    return p is not None and p.y is None


def _next_in_paragraph(text: str, pos: int, stated: list[tuple[int, int]]) -> int | None:
    """The first year stated after ``pos`` in the same paragraph (line)."""
    line_end = text.find("\n", pos)
    for start, year in stated:
        if pos < start and (line_end < 0 or start < line_end):
            return year
    return None


def _fill_text_year(p: Point | None, year: int) -> Point | None:
    """A written date without a year, in the year the text last stated (not a relative one)."""
    if p is None or p.y is not None or p.yrel is not None:
        return p
    return replace(p, y=year)


def _fill_year(p: Point | None, published: _dt.date | None) -> Point | None:
    if p is None or p.y is not None:
        return p
    if published is None:
        return p
    if p.yrel is not None:
        y = _resolve_rel(p.yrel, published)
        return replace(p, y=y.y if y else None)
    return replace(p, y=published.year)


def _resolve_rel(rel: str, anchor: _dt.date | None) -> Point | None:
    if anchor is None or ":" not in rel:
        return None
    unit, off = rel.split(":", 1)
    if unit == "year":
        # "năm qua" early in a year looks back at the year just ended.
        k = {"recent": -1 if anchor.month <= 3 else 0, "prev": -1, "that": 0}.get(off)
        return Point("year", anchor.year + (int(off) if k is None else k))
    if unit == "month":
        k = (-1 if anchor.day <= 15 else 0) if off == "recent" else int(off)
        n = anchor.year * 12 + anchor.month - 1 + k
        return Point("month", n // 12, n % 12 + 1)
    if unit == "quarter":
        n = anchor.year * 4 + (anchor.month - 1) // 3 + int(off)
        return Point("quarter", n // 4, n % 4 + 1)
    if unit == "day":
        day = anchor + _dt.timedelta(days=int(off))
        return Point("date", day.year, day.month, day.day)
    return None  # weeks have no contract format


def _fmt(p: Point | None) -> str | None:
    if p is None or p.y is None:
        return None
    if p.gran == "year":
        return f"{p.y:04d}"
    if p.gran == "quarter":
        return f"{p.y:04d}-Q{p.a}"
    if p.gran == "month":
        return f"{p.y:04d}-{p.a:02d}"
    return f"{p.y:04d}-{p.a:02d}-{p.d:02d}"

