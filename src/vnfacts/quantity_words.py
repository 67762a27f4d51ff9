"""Amounts that are not "a number and its unit": vague amounts, ratios, fractions, ranks.

``hàng chục nghìn`` (10000..100000), ``vài trăm tỷ đồng``, ``gấp đôi`` / ``gấp 2,5 lần``,
``một nửa`` / ``hơn một nửa``, ``một phần ba`` / ``1/3``, ``đứng thứ hai`` / ``đứng đầu`` /
``top 10``. :func:`special_amounts` finds them before the ordinary reading in
:mod:`vnfacts.quantities`, which then ignores the numbers they took. The words are data
(``vague.tsv``, ``ranks_ratios.tsv``, ``cues.tsv``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from . import units as U
from .lexicon import alternation, load_table
from .numbers import Number

__all__ = ["special_amounts"]

Span = tuple[int, int]


@cache
def _vague_re() -> re.Pattern[str]:
    rows = load_table("vague.tsv", ["text", "role"])

    def alt(role: str) -> str:
        return alternation(r["text"] for r in rows if r["role"] == role)

    scale = alt("scale")
    return re.compile(rf"(?<!\w)(?:{alt('quantifier')})\s+(?:{scale})(?:\s+(?:{scale}))*(?!\w)", re.IGNORECASE)


@cache
def _word_re(role: str) -> re.Pattern[str]:
    words = [r["text"] for r in load_table("ranks_ratios.tsv", ["text", "role"]) if r["role"] == role]
    return re.compile(rf"(?<!\w){alternation(words)}(?!\w)", re.IGNORECASE)


_GAP_RE = re.compile(r"[ \t\u00a0]+")
_THU_RE = re.compile(r"(?<!\w)thứ[ \t\u00a0]+", re.IGNORECASE)
_GAP_WORD_RE = re.compile(r"(?<!\w)gấp[ \t\u00a0]+", re.IGNORECASE)
_RANGE_DASH = re.compile(r"[ \t\u00a0]*[-–][ \t\u00a0]*")


def _amount(text: str, start: int, core_start: int, end: int, **fields):
    from .quantities import make_amount  # late: quantities imports this module

    return make_amount(text, start, core_start, end, **fields)


def _qualify(text: str, start: int) -> tuple[int, str]:
    from .quantities import pre_qualifier

    q = pre_qualifier(text, start)
    return (q[0], q[1]) if q is not None else (start, "exact")


def _number_at(numbers: Sequence[Number], pos: int) -> Number | None:
    return next((n for n in numbers if n.start == pos), None)


def _vague(text: str) -> list:
    out = []
    lex = U.lexicon()
    for m in _vague_re().finditer(text):
        words = m.group(0).split()
        q = lex.vague_quantifiers.starting(text, m.start())
        factor = 1.0
        pos = q.end
        while pos < m.end():
            pos = U.skip_gap(text, pos)
            s = lex.vague_scales.starting(text, pos)
            factor *= s.value
            pos = s.end
        low, high = q.value[0] * factor, q.value[1] * factor
        hit = U.unit_after(text, m.end())
        kind, unit, unit_text, end, noun = "count", None, None, m.end(), None
        per = None
        if hit is not None:
            entry = hit.value
            kind = entry.kind
            if entry.kind == "count":
                unit, noun = text[hit.start:hit.end], (hit.start, hit.end)
            else:
                unit, unit_text, end = entry.unit, text[hit.start:hit.end], hit.end
                rate = U.rate_after(text, end)
                if rate is not None:
                    per, end = rate
        elif U.money_cue_before(text, m.start(), 60) and factor >= 1000:
            kind, unit = "money", "VND"
        elif len(words) < 2:
            continue
        else:
            kind = "number"
        out.append(_amount(text, m.start(), m.start(), end, kind=kind, value=None, low=low, high=high,
                           qualifier="vague", unit=unit, unit_text=unit_text, per=per,
                           noun_start=noun[0] if noun else None, noun_end=noun[1] if noun else None,
                           rule="vague"))
    return out


def _ratios(text: str, numbers: Sequence[Number]) -> tuple[list, list[Span]]:
    out, claimed = [], []
    for m in _word_re("half").finditer(text):
        start, qualifier = _qualify(text, m.start())
        value, low, high = _bounds(qualifier, 0.5)
        out.append(_amount(text, start, m.start(), m.end(), kind="ratio", value=value, low=low, high=high,
                           qualifier=qualifier, unit="ratio", unit_text=None, rule="ratio.half"))
        claimed.append((m.start(), m.end()))
    for m in _GAP_WORD_RE.finditer(text):
        mult = _word_re("multiple").match(text, m.end())
        n = _number_at(numbers, m.end())
        low = high = None
        if mult is not None:
            value, end = U.lexicon().rank_words.starting(text, m.end()).value[0], mult.end()
        elif n is not None:
            value, end = n.value, n.end
            claimed.append((n.start, n.end))
            dash = _RANGE_DASH.match(text, end)
            n2 = _number_at(numbers, dash.end()) if dash else None
            if n2 is not None and n2.value > n.value:
                # "gấp 4-5 lần": a range of ratios (corpora/README.md, convention 7).
                value, low, high, end = None, n.value, n2.value, n2.end
                claimed.append((n2.start, n2.end))
            after = U.skip_gap(text, end)
            if text[after:after + 3].lower() == "lần" and not text[after + 3:after + 4].isalpha():
                end = after + 3
        else:
            continue
        out.append(_amount(text, m.start(), m.start(), end, kind="ratio", value=value, low=low, high=high,
                           qualifier="exact" if low is None else "range", unit="times",
                           unit_text=text[m.start():m.end()].strip(), rule="ratio.gap"))
        claimed.append((m.start(), end))
    # Fractions: "một phần ba", "1 phần 3", "1/3" (the slash form only where it cannot be a date).
    for k, n in enumerate(numbers[:-1]):
        d = numbers[k + 1]
        gap = text[n.end:d.start]
        word = _word_re("fraction").fullmatch(gap.strip())
        slash = gap == "/"
        if not (word and gap[:1].isspace() and gap[-1:].isspace()) and not slash:
            continue
        if not (0 < n.value < d.value) or d.scale != 1.0 or n.scale != 1.0:
            continue
        hit = U.unit_after(text, d.end)
        if hit is not None and hit.value.kind == "percent":
            continue  # "năm mươi phần trăm" is read as a percent
        if slash:
            if text[d.end:d.end + 1] == "/" or text[n.start - 1:n.start] in "/.-" and n.start > 0:
                continue
            cue = U.cue_roles_before(text, n.start)
            qual = _qualify(text, n.start)[1] != "exact"
            if hit is None and not qual and (cue is None or "level" not in cue.value):
                claimed.append((n.start, d.end))  # most likely a date the periods stage did not take
                continue
        start, qualifier = _qualify(text, n.start)
        value = n.value / d.value
        end, kind, unit, unit_text = d.end, "ratio", "ratio", None
        if hit is not None and hit.value.kind == "measure":
            kind, unit, unit_text, end = "measure", hit.value.unit, text[hit.start:hit.end], hit.end
        v, low, high = _bounds(qualifier, value)
        out.append(_amount(text, start, n.start, end, kind=kind, value=v, low=low, high=high,
                           qualifier=qualifier, unit=unit, unit_text=unit_text, rule="ratio.fraction"))
        claimed.append((n.start, d.end))
    return out, claimed


def _ranks(text: str, numbers: Sequence[Number]) -> tuple[list, list[Span]]:
    out, claimed = [], []
    lex = U.lexicon()
    for m in _THU_RE.finditer(text):
        cue = U.cue_roles_before(text, m.start())
        if cue is None or not cue.value & {"rank", "comparative"}:
            continue
        word = lex.rank_words.starting(text, m.end())
        n = _number_at(numbers, m.end())
        if word is not None and word.value[1] == "ordinal":
            value, end = word.value[0], word.end
        elif n is not None:
            value, end = n.value, n.end
        else:
            continue
        out.append(_amount(text, m.start(), m.start(), end, kind="rank", value=value, low=None, high=None,
                           qualifier="exact", unit=None, rule="rank.thu"))
        claimed.append((m.start(), end))
    for m in _word_re("first").finditer(text):
        if text[max(0, m.start() - 6):m.start()].lower().endswith("người "):
            continue  # "người đứng đầu" = the head (leader)
        out.append(_amount(text, m.start(), m.start(), m.end(), kind="rank", value=1.0, low=None, high=None,
                           qualifier="exact", unit=None, rule="rank.first"))
        claimed.append((m.start(), m.end()))
    for m in _word_re("top").finditer(text):
        n = _number_at(numbers, U.skip_gap(text, m.end()))
        if n is None:
            continue
        out.append(_amount(text, m.start(), m.start(), n.end, kind="rank", value=n.value, low=None, high=n.value,
                           qualifier="at_most", unit=None, rule="rank.top"))
        claimed.append((m.start(), n.end))
    return out, claimed


def _bounds(qualifier: str, value: float):
    from .quantities import bounds

    return bounds(qualifier, value)


def special_amounts(text: str, numbers: Sequence[Number], excluded: Sequence[Span]) -> tuple[list, list[Span]]:
    """Vague amounts, ratios, fractions and ranks, and the spans they take."""
    vague = _vague(text)
    ratios, ratio_spans = _ratios(text, numbers)
    ranks, rank_spans = _ranks(text, numbers)
    claimed = [(a.start, a.end) for a in vague] + ratio_spans + rank_spans
    found = [a for a in vague + ratios + ranks if not any(a.start < e and s < a.end for s, e in excluded)]
    return found, claimed
