"""From amounts to claims: what each amount measures, how, when, where, and whether it is a plan.

Input is the working text of one document with the earlier stages' output (sentences,
amounts, time expressions, place mentions); output is one :class:`Claim` per amount, in
working-text coordinates (the facts stage maps them to raw offsets). The indicator is
chosen in :mod:`vnfacts.linking`, the period in :mod:`vnfacts.claim_periods`; this module
reads the measure (level, growth rate, change, share, rank), the direction, the modality
and the place, and carries context from sentence to sentence within a paragraph.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .claim_cues import clauses, cue_patterns, cue_right_before, in_comparison, last_match, skip_spaces
from .claim_periods import (
    base_period,
    flow_period,
    frame_period,
    is_flow,
    plan_period,
    is_comparison_base,
    paragraph_starts,
    pick_period,
    same_period,
)
from .confidence import confidence
from .indicators import IndicatorInfo, find_cues
from .linking import IndicatorLink, document_votes, link_indicator, sentence_cues

__all__ = ["Claim", "IndicatorLink", "build_claims"]

@dataclass(frozen=True, slots=True)
class Claim:
    """One amount with everything the claims stage attached to it (working coordinates)."""

    amount: Any
    sentence: tuple[int, int]
    indicator: IndicatorLink | None
    measure: str | None
    direction: str | None
    modality: str
    period: Any | None
    place: Any | None
    place_name: str | None
    confidence: float
    rules: tuple[str, ...]


# How far (characters) before an amount a verb still governs it.
_VERB_WINDOW = 40


def _measure(amount: Any, text: str, lo: int, info: IndicatorInfo | None) -> tuple[str | None, str]:
    """Level, growth rate, change, share or rank, from the verb that governs the amount."""
    if amount.kind == "rank":
        return "rank", "measure.rank"
    window = (max(lo, amount.start - _VERB_WINDOW), amount.start)
    share = last_match("share_verb", text, *window)
    level = last_match("level_verb", text, *window)
    growth = last_match("growth_verb", text, *window)
    if share and (not growth or share.start() > growth.start()):
        return "share", "measure.share_verb"
    if amount.kind == "percent":
        if cue_patterns()["share_after"].match(text, skip_spaces(text, amount.end)):
            return "share", "measure.share_of_whole"
        if getattr(amount, "unit", None) == "pp":
            return "change", "measure.points"
        if info is not None and info.nature == "rate":
            return "level", "measure.rate_indicator"
        if getattr(amount, "per", None) == "year" and (growth or level):
            return "growth_rate", "measure.rate_per_year"
        if growth and not (level and level.start() >= growth.end()):
            return "growth_rate", "measure.growth_verb"
        return "level", "measure.percent_level"
    if amount.kind in ("duration", "ratio"):
        return None, ""
    if growth and not (level and level.start() >= growth.end()):
        return "change", "measure.change_verb"
    return "level", "measure.level"


def _direction(amount: Any, text: str, lo: int) -> str | None:
    """The last change verb between ``lo`` (the clause or its indicator) and the amount."""
    window = (lo, amount.start)
    inc = last_match("increase", text, *window)
    dec = last_match("decrease", text, *window)
    verb = inc if inc and (not dec or inc.start() > dec.start()) else dec
    if verb is None:
        return None
    # "tăng 5,9%, đạt 60,82 tỷ USD": the level a new clause reaches has no direction of
    # its own ("tăng lên 20%", "tăng ở mức 3%" keep it).
    level = last_match("level_verb", text, verb.end(), amount.start)
    if level is not None and amount.kind != "percent" and ", " in text[verb.end() : level.start()] \
            and not cue_patterns()["change_to"].fullmatch(level.group()):
        return None
    return "increase" if verb is inc else "decrease"


def _nearest(items: Sequence[Any], amount: Any, lo: int, hi: int) -> Any | None:
    inside = [x for x in items if lo <= x.start and x.end <= hi]
    if not inside:
        return None
    return min(inside, key=lambda x: (x.end > amount.start, abs(x.start - amount.start)))


def build_claims(
    text: str,
    sentences: Sequence[tuple[int, int]],
    amounts: Sequence[Any],
    times: Sequence[Any],
    places: Sequence[Any],
    *,
    main_place: Any | None = None,
    published: date | None = None,
) -> list[Claim]:
    """One claim per amount, in text order. All spans are working-text offsets.

    Period carry-over (corpora/gold/CONVENTIONS.md): the claim's own clause or sentence;
    else the last period of its paragraph; else the article's frame period.
    """
    dated = [t for t in times if t.kind not in ("time_of_day", "weekday")]
    periods = [t for t in dated if not is_comparison_base(t, text) and not plan_period(t, text)]
    specific_places = [p for p in places if p.kind != "reference"]
    references = [p for p in places if p.kind == "reference"]
    opens = paragraph_starts(text, sentences)
    all_cues = find_cues(text)  # once per document; each sentence takes its slice
    cue_starts = [c.start for c in all_cues]
    doc_votes = document_votes(all_cues)
    frame = frame_period(periods, sentences, opens, text)
    claims: list[Claim] = []
    carried_period = carried_place = carried_link = None
    # The paragraph's last indicator per (kind, unit): what a ranking in USD enumerates.
    carried_by_unit: dict[tuple[str, ...], IndicatorLink] = {}
    # The article's first indicator per unit: what "Riêng …" and "Theo địa bàn, …" narrow down.
    first_by_unit: dict[tuple[str, ...], IndicatorLink] = {}
    # The article's latest indicator per unit: what a ranking paragraph ranks.
    last_by_unit: dict[tuple[str, ...], IndicatorLink] = {}
    amount_iter = sorted(amounts, key=lambda a: a.start)
    # Each sentence's successor within its paragraph.
    following = {a[0]: b for a, b in zip(sentences, sentences[1:]) if b[0] not in opens}
    for s_start, s_end in sentences:
        opener = _opener(text, s_start, s_end)
        # "Trong đó, …", "Theo địa bàn, …" narrow down what was measured; "Ngoài ra, …"
        # continues the report (period, place) with something else; "Về cơ cấu, …" opens
        # another side of it.
        narrows = opener in ("narrowing", "enumeration")
        if s_start in opens and opener is None:
            carried_period = carried_place = None
        if s_start in opens and opener not in ("continuation", "narrowing"):
            # A new topic or breakdown ("Về cơ cấu, …", "Theo vùng, …") keeps the report's
            # time and place, not the last thing measured.
            carried_link = None
            carried_by_unit = {}
        # "Theo địa bàn, TP.HCM dẫn đầu với 3,9 tỷ USD", "Riêng tháng 9 xảy ra 1.452 vụ": a
        # sentence that narrows down the report measures what the article measured in that unit.
        by_unit = {**first_by_unit, **carried_by_unit} if narrows else carried_by_unit
        in_sentence = [a for a in amount_iter if s_start <= a.start < s_end]
        if not in_sentence:
            own = [t for t in periods if s_start <= t.start and t.end <= s_end]
            carried_period = own[-1] if own else carried_period
            continue
        in_sentence_cues = all_cues[bisect_left(cue_starts, s_start) : bisect_left(cue_starts, s_end)]
        enumerates = cue_patterns()["enumeration"].search(text, s_start, s_end) is not None
        cues = sentence_cues([c for c in in_sentence_cues if c.end <= s_end], text, s_start, s_end)
        sentence_clauses = clauses(text, s_start, s_end)
        for amount in in_sentence:
            rules: list[str] = [getattr(amount, "rule", "quantity")]
            clause = next((c for c in sentence_clauses if c[0] <= amount.start < c[1]), (s_start, s_end))
            link = None
            if amount.kind != "duration":
                # A count continues a count of the same noun ("1.452 vụ" is no "người chết").
                carried = by_unit.get(_unit_key(amount)) if amount.kind == "count" else carried_link
                link = link_indicator(
                    amount, text, clause, cues, narrows, carried, doc_votes,
                    enumerated=_enumerated(amount, {**last_by_unit, **by_unit}, carried_link) if enumerates else None,
                )
                if link is not None:
                    rules.append(link.rule)
            # The verbs that govern the amount lie in its sentence, even when the indicator
            # was carried over from the sentence before.
            clause_lo = clause[0] if link is None else max(s_start, min(clause[0], link.start))
            measure, mrule = _measure(amount, text, clause_lo, link.info if link else None)
            if mrule:
                rules.append(mrule)
            direction = _direction(amount, text, clause_lo)
            if _change_origin(amount, text, s_end):
                # "tăng từ 43% … lên 49%": the level it started from, with no direction.
                measure, _ = _measure(amount, text, amount.start, link.info if link else None)
                direction = None
                rules.append("claim.change_origin")
            # A stock (holdings, credit outstanding) is measured on its cut-off date.
            stock = link is not None and link.info.nature == "amount" and not is_flow(link.info.id)
            period = pick_period(amount, clause, (s_start, s_end), periods, text, others=in_sentence, stock=stock)
            if period is not None and period.rule == "relative.same_period":
                period = same_period(period, carried_period or frame)
                rules.append("period.same_period")
            elif period is not None:
                rules.append("period.own")
                flow = flow_period(period, text, link.info.id if link else None)
                if flow is not period:
                    period = flow
                    rules.append("period.as_of_flow")
            is_base = in_comparison(amount.start, text)
            if is_base:
                # The amount compared against: a level of its own time, not a change.
                measure, direction = "level", None
                own = period or carried_period or frame
                period = base_period(amount, text, s_end, dated, own) or own
                rules.append("claim.comparison_base")
            if period is None and amount.kind != "duration" and last_match("target", text, s_start, amount.start):
                # "đăng ký bán 153.300 cổ phiếu … Thời gian dự kiến giao dịch từ ngày 1/8-29/8":
                # a plan's window, given by the next sentence of its paragraph.
                period = _window_after(following.get(s_start), periods)
                if period is not None:
                    rules.append("period.plan_window")
            if period is None and amount.kind != "duration":
                if carried_period is not None:
                    period = carried_period
                    rules.append("period.paragraph")
                elif frame is not None:
                    period = frame
                    rules.append("period.frame")
            place = _nearest(specific_places, amount, *clause) or _nearest(specific_places, amount, s_start, s_end)
            place_name = place.name if place is not None else None
            if place is None:
                ref = _nearest(references, amount, s_start, s_end)
                if ref is not None and main_place is not None:
                    place, place_name = ref, main_place.name
                    rules.append("place.reference")
                elif carried_place is not None:
                    place, place_name = carried_place, carried_place.name
                    rules.append("place.paragraph")
            modality = _modality(amount, text, s_start, period, published)
            claims.append(
                Claim(
                    amount=amount,
                    sentence=(s_start, s_end),
                    indicator=link,
                    measure=measure,
                    direction=direction,
                    modality=modality,
                    period=period,
                    place=place,
                    place_name=place_name,
                    confidence=confidence(rules),
                    rules=tuple(rules),
                )
            )
            if period is not None and not ({"period.frame", "period.same_period", "claim.comparison_base"} & set(rules)) \
                    and not _aside(period, text):
                carried_period = period
            if link is not None:
                carried_link = link
                key = _unit_key(amount)
                carried_by_unit[key] = link
                first_by_unit.setdefault(key, link)
                last_by_unit[key] = link
                by_unit[key] = link  # the same dict unless the sentence narrows
            if place is not None and place_name and place.kind != "reference":
                carried_place = place
    return claims


# How far after the origin of "từ A lên B" the closing word may stand.
_CHANGE_REACH = 80


def _change_origin(amount: Any, text: str, s_end: int) -> bool:
    """``từ A`` closed by ``lên``/``xuống`` later in the sentence: A is where a change started."""
    if cue_right_before("change_from", text, amount.start, width=10) is None:
        return False
    return last_match("change_to", text, amount.end, min(s_end, amount.end + _CHANGE_REACH)) is not None


def _unit_key(amount: Any) -> tuple[str, ...]:
    """What makes two amounts measure the same kind of thing: money in any currency, a count
    of the same head noun (``vụ tai nạn giao thông`` and ``vụ``), a percent, a measure in the
    same unit."""
    if amount.kind == "money":
        return ("money",)
    if amount.kind == "count" and amount.unit:
        return ("count", amount.unit.split()[0].lower())
    return (amount.kind, amount.unit or "")


def _enumerated(amount: Any, by_unit: dict[tuple[str, ...], IndicatorLink], last: IndicatorLink | None) -> IndicatorLink | None:
    """The indicator a ranking or breakdown enumerates: the paragraph's last one measured in
    the amount's unit (a rank takes the last one of all)."""
    if amount.kind == "rank":
        return last
    return by_unit.get(_unit_key(amount))


def _aside(period: Any, text: str) -> bool:
    """``riêng quý III tăng 9,4%``: a sub-period stated in passing; the paragraph goes on
    with the period it had."""
    return cue_right_before("aside", text, period.start) is not None


def _window_after(nxt: tuple[int, int] | None, periods: Sequence[Any]) -> Any | None:
    """The span of dates the next sentence gives, if any."""
    if nxt is None:
        return None
    return next((p for p in periods if nxt[0] <= p.start and p.end <= nxt[1] and p.kind == "date_range"
                 and p.start_value), None)


_OPENER_ROLES = ("narrowing", "continuation", "enumeration", "topic")


def _opener(text: str, start: int, end: int) -> str | None:
    """The role of the cue a sentence opens with, if it continues the report before it:
    ``narrowing`` (``Trong đó, …``), ``continuation`` (``Ngoài ra, …``), ``enumeration``
    (``Theo vùng, …``) or ``topic`` (``Về cơ cấu, …``)."""
    head = start + len(text[start:end]) - len(text[start:end].lstrip())
    patterns = cue_patterns()
    return next((role for role in _OPENER_ROLES if patterns[role].match(text, head, end)), None)


def _modality(amount: Any, text: str, lo: int, period: Any | None, published: date | None) -> str:
    target = last_match("target", text, lo, amount.start)
    if target is not None and text[lo : target.start()].rstrip().endswith("%"):
        target = None  # "đạt 48% kế hoạch …": a share of the plan, achieved
    forecast = last_match("forecast", text, lo, amount.start)
    if target and (not forecast or target.start() > forecast.start()):
        return "target"
    if forecast:
        if forecast.group().lower().startswith("ước") and not _in_future(period, published):
            return "actual"
        return "forecast"
    return "actual"


def _in_future(period: Any | None, published: date | None) -> bool:
    end = getattr(period, "end_value", None)
    if not end or published is None:
        return False
    return end[:4] > str(published.year) or (end[:4] == str(published.year) and "-" in end and end[5:7] > f"{published.month:02d}")
