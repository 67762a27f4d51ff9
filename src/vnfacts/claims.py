"""From amounts to claims: what each amount measures, how, when, where, and whether it is a plan.

Input is the working text of one document with the earlier stages' output (sentences,
amounts, time expressions, place mentions); output is one :class:`Claim` per amount, in
working-text coordinates (the facts stage maps them to raw offsets).

How an amount is linked to what it measures (the structure, not just the nearest word):

* the sentence is cut into clauses at ``; : ( )``, at ``, `` and at clause words
  (``trong đó``, ``và`` …); the amount's own clause is searched first;
* an amount with a counted noun (``Hơn 37.000 lao động … được tạo việc làm``) is
  named by the most specific cue in the phrase that follows it; any other amount by the
  closest cue before it in its clause (``kim ngạch xuất khẩu tăng 19%``);
* a clause with no cue is a continuation (``…, tăng 12%``, ``(chiếm khoảng 80%)``): the
  closest cue before it in the sentence names it;
* nothing in the taxonomy → ``indicator`` is None; durations never get one.

Period and place: the expression in the amount's clause, else the sentence's (a
comparison base after ``so với`` never counts), else carried over from the previous
sentence when this one continues it (``Trong đó, …``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from .indicators import CueMatch, IndicatorInfo, find_cues, taxonomy
from .lexicon import load_table

__all__ = ["Claim", "IndicatorLink", "build_claims"]

_ROLES = {
    "increase", "decrease", "growth_verb", "level_verb", "share_verb",
    "target", "forecast", "continuation", "comparison", "clause_break", "as_of", "modifier",
    "plan_of", "scope", "share_after",
}
# How far (characters) after a counted noun a predicate cue may start and still name the amount.
_NOUN_WINDOW = 32
# How far (characters) before an amount a verb still governs it.
_VERB_WINDOW = 40


class _Span(Protocol):
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class IndicatorLink:
    """The indicator an amount measures and the cue that names it (working coordinates)."""

    info: IndicatorInfo
    start: int
    end: int
    text: str
    rule: str


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


@lru_cache(maxsize=None)
def _cue_patterns() -> dict[str, re.Pattern[str]]:
    rows = load_table(
        "claim_cues.tsv",
        ("cue", "role"),
        required=("cue", "role"),
        check=lambda r: None if r["role"] in _ROLES else f"unknown role {r['role']!r}",
    )
    by_role: dict[str, list[str]] = {}
    for row in rows:
        by_role.setdefault(row["role"], []).append(row["cue"].lower())
    out = {}
    for role in _ROLES:
        words = sorted(by_role.get(role, ()), key=len, reverse=True)
        body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) or r"(?!)"
        out[role] = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
    return out


_PUNCT_BREAK = re.compile(r"[;:()\[\]]|,\s|\s[-–—]\s")


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into clauses at punctuation and clause words."""
    cuts = {start, end}
    for m in _PUNCT_BREAK.finditer(text, start, end):
        cuts.add(m.end())
    for role in ("clause_break", "continuation"):
        for m in _cue_patterns()[role].finditer(text, start, end):
            cuts.add(m.start())
    ordered = sorted(cuts)
    return [(a, b) for a, b in zip(ordered, ordered[1:]) if b > a]


def _last_match(role: str, text: str, start: int, end: int) -> re.Match[str] | None:
    last = None
    for m in _cue_patterns()[role].finditer(text, start, end):
        last = m
    return last


def _pick_id(ids: Sequence[str], cue: CueMatch, sentence_cues: Sequence[CueMatch], doc_votes: Counter[str]) -> str:
    """Resolve a cue that several indicators share (``sản lượng``): by the other cues of the
    sentence, then by the domains the whole document talks about."""
    if len(ids) == 1:
        return ids[0]
    votes = {i: 0 for i in ids}
    for other in sentence_cues:
        if other is not cue and len(other.ids) == 1 and other.ids[0] in votes:
            votes[other.ids[0]] += 1
    # max() keeps taxonomy order on ties.
    return max(ids, key=lambda i: (votes[i], doc_votes[i.split(".")[0]]))


def _document_votes(text: str) -> Counter[str]:
    """How often each indicator domain is named by an unambiguous cue in the document."""
    return Counter(c.ids[0].split(".")[0] for c in find_cues(text) if len(c.ids) == 1)


def _outside_scope(cues: list[CueMatch], text: str, start: int, end: int) -> list[CueMatch]:
    """Drop cues inside scope phrases (``khu vực có vốn đầu tư nước ngoài`` names a sector)."""
    scopes = [(m.start(), m.end()) for m in _cue_patterns()["scope"].finditer(text, start, end)]
    return [c for c in cues if not any(a <= c.start and c.end <= b for a, b in scopes)]


def _modifies(head: CueMatch, cue: CueMatch, text: str) -> bool:
    """Whether ``cue`` sits in a modifier of ``head`` (``head của … cue``)."""
    between = text[head.end : cue.start]
    return len(between) <= 40 and _cue_patterns()["modifier"].search(between) is not None


def _link(
    amount: Any, clause: tuple[int, int], cues: Sequence[CueMatch], text: str
) -> tuple[CueMatch | None, str]:
    """The cue naming what ``amount`` measures, and the id of the rule that chose it."""
    left = [c for c in cues if clause[0] <= c.start and c.end <= amount.start]
    while len(left) > 1 and _modifies(left[-2], left[-1], text):
        left.pop()  # "thu nhập bình quân của người lao động đạt …": the head names it
    closest_left = left[-1] if left else None
    if getattr(amount, "noun_end", None) is not None:
        # A counted amount is named by its noun phrase (``37.000 lao động … được tạo việc
        # làm``) unless the clause before it names it more specifically (``giải quyết việc
        # làm cho 25.000 lao động``).
        window_end = min(clause[1], amount.noun_end + _NOUN_WINDOW)
        right = [c for c in cues if amount.noun_start <= c.start < window_end and c.end <= clause[1]]
        if right:
            best = max(right, key=lambda c: (c.length, -c.start))
            if closest_left is None or best.length >= closest_left.length:
                return best, "indicator.noun_phrase"
    if amount.kind == "percent":
        # "53% kế hoạch lợi nhuận", "43% tổng kim ngạch xuất nhập khẩu": the whole named
        # right after a percent is what it is a part of.
        after = _skip_spaces(text, amount.end)
        plan = _cue_patterns()["plan_of"].match(text, after)
        if plan is not None:
            after = _skip_spaces(text, plan.end())
        named = next((c for c in cues if c.start == after), None)
        if named is not None:
            return named, "indicator.part_of"
    if closest_left is not None:
        return closest_left, "indicator.clause_left"
    earlier = [c for c in cues if c.end <= clause[0]]
    if earlier:
        return earlier[-1], "indicator.sentence_left"
    right = [c for c in cues if amount.end <= c.start < min(clause[1], amount.end + _NOUN_WINDOW)]
    if right:
        return right[0], "indicator.clause_right"
    return None, ""


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


# Rules whose cue is weaker than the indicator of the claim a "Trong đó, …" sentence continues.
_WEAK_LINKS = ("indicator.noun_phrase", "indicator.clause_right", "indicator.sentence_left")


def _indicator(
    amount: Any,
    text: str,
    clause: tuple[int, int],
    cues: Sequence[CueMatch],
    continues: bool,
    carried: IndicatorLink | None,
    doc_votes: Counter[str],
) -> IndicatorLink | None:
    """What the amount measures, named in its own sentence (or the one it continues)."""
    info = taxonomy()
    cues = [c for c in cues if any(info[i].accepts(amount.kind) for i in c.ids)]
    cue, rule = _link(amount, clause, cues, text)
    if cue is not None and rule == "indicator.noun_phrase":
        # A bare counted noun (``89.500 doanh nghiệp``) defers to a more specific cue of the
        # same domain earlier in the sentence (``doanh nghiệp thành lập mới``).
        domains = {i.split(".")[0] for i in cue.ids}
        better = [
            c for c in cues
            if c.end <= amount.start and c.length > cue.length and domains & {i.split(".")[0] for i in c.ids}
        ]
        if better:
            cue, rule = better[-1], "indicator.sentence_specific"
    if continues and carried is not None and (cue is None or rule in _WEAK_LINKS):
        # "Trong đó, khu vực kinh tế trong nước đạt 8,95 tỷ USD": a part of what the
        # sentence before measured.
        return IndicatorLink(carried.info, carried.start, carried.end, carried.text, "indicator.continued")
    if cue is None:
        # Measured on the gold sets: carrying a paragraph's or the article's indicator to
        # sentences that name none costs more (gold leaves them null) than it gains.
        return None
    ids = [i for i in cue.ids if info[i].accepts(amount.kind)]
    return IndicatorLink(info[_pick_id(ids, cue, cues, doc_votes)], cue.start, cue.end, cue.text, rule)


def _measure(amount: Any, text: str, lo: int, info: IndicatorInfo | None) -> tuple[str | None, str]:
    """Level, growth rate, change, share or rank, from the verb that governs the amount."""
    if amount.kind == "rank":
        return "rank", "measure.rank"
    window = (max(lo, amount.start - _VERB_WINDOW), amount.start)
    share = _last_match("share_verb", text, *window)
    level = _last_match("level_verb", text, *window)
    growth = _last_match("growth_verb", text, *window)
    if share and (not growth or share.start() > growth.start()):
        return "share", "measure.share_verb"
    if amount.kind == "percent":
        if _cue_patterns()["share_after"].match(text, _skip_spaces(text, amount.end)):
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
    inc = _last_match("increase", text, *window)
    dec = _last_match("decrease", text, *window)
    if inc and (not dec or inc.start() > dec.start()):
        return "increase"
    if dec:
        return "decrease"
    return None


# A clause boundary for comparisons; a comma inside a number (15,9%) is not one.
_COMPARISON_STOP = re.compile(r"[;:(\n]|[,.](?=\s)")


def _in_comparison(pos: int, text: str) -> bool:
    """Whether ``so với`` governs ``pos``: it stands earlier in the same clause
    (``tăng 15,9% so với 89.500 doanh nghiệp của cùng kỳ``)."""
    lo = max(0, pos - 80)
    stops = list(_COMPARISON_STOP.finditer(text, lo, pos))
    if stops:
        lo = stops[-1].end()
    return _cue_patterns()["comparison"].search(text, lo, pos) is not None


def _is_comparison_base(expr: Any, text: str) -> bool:
    return bool(getattr(expr, "after_so_voi", False)) or _in_comparison(expr.start, text)


def _base_period(amount: Any, clause: tuple[int, int], times: Sequence[Any], own: Any | None) -> Any | None:
    """The period of a comparison base amount (``so với 89.500 … của cùng kỳ``): the time
    expression after it in its clause; ``cùng kỳ`` is the claim's own period a year earlier."""
    after = [t for t in times if amount.end <= t.start and t.end <= clause[1]]
    if not after:
        return None
    if after[0].rule == "relative.same_period":
        return _same_period(after[0], own)
    return after[0]


@dataclass(frozen=True, slots=True)
class DerivedPeriod:
    """A period the text names only relative to another one (``cùng kỳ`` = a year earlier)."""

    start: int
    end: int
    text: str
    kind: str
    start_value: str | None
    end_value: str | None


def _year_earlier(value: str | None) -> str | None:
    if not value or not value[:4].isdigit():
        return None
    return f"{int(value[:4]) - 1:04d}{value[4:]}"


def _same_period(expr: Any, base: Any | None) -> DerivedPeriod | None:
    """``cùng kỳ`` resolved against the claim's own period: the same months a year earlier."""
    if base is None or not base.start_value:
        return None
    return DerivedPeriod(
        expr.start, expr.end, expr.text, "same_period",
        _year_earlier(base.start_value), _year_earlier(base.end_value),
    )


def _is_as_of(expr: Any, text: str) -> bool:
    """A cut-off date (``tính đến ngày 30/9``) rather than the period a figure covers."""
    before = text[max(0, expr.start - 12) : expr.start]
    return expr.kind == "date" and bool(_cue_patterns()["as_of"].search(before))


def _pick_period(
    amount: Any,
    clause: tuple[int, int],
    sentence: tuple[int, int],
    periods: Sequence[Any],
    text: str,
) -> Any | None:
    """The period of the amount's clause, else of its sentence, preferring resolved spans of
    time over cut-off dates and over ``cùng kỳ`` (which is resolved by the caller)."""
    for lo, hi in (clause, sentence):
        inside = [p for p in periods if lo <= p.start and p.end <= hi]
        if not inside:
            continue
        ranked = sorted(
            inside,
            key=lambda p: (
                p.rule == "relative.same_period",
                _is_as_of(p, text),
                not p.start_value,
                p.end > amount.start,
                abs(p.start - amount.start),
            ),
        )
        return ranked[0]
    return None


def _nearest(items: Sequence[Any], amount: Any, lo: int, hi: int) -> Any | None:
    inside = [x for x in items if lo <= x.start and x.end <= hi]
    if not inside:
        return None
    return min(inside, key=lambda x: (x.end > amount.start, abs(x.start - amount.start)))


def _paragraph_starts(text: str, sentences: Sequence[tuple[int, int]]) -> set[int]:
    """Start offsets of sentences that open a paragraph (a line break since the last one)."""
    starts, prev_end = set(), 0
    for s_start, s_end in sentences:
        if prev_end == 0 or "\n" in text[prev_end:s_start]:
            starts.add(s_start)
        prev_end = s_end
    return starts


def _frame_period(
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
    preferred = [t for t in candidates if not _is_as_of(t, text)]
    return (preferred or candidates or [None])[0]


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
    periods = [t for t in dated if not _is_comparison_base(t, text)]
    specific_places = [p for p in places if p.kind != "reference"]
    references = [p for p in places if p.kind == "reference"]
    opens = _paragraph_starts(text, sentences)
    doc_votes = _document_votes(text)
    frame = _frame_period(periods, sentences, opens, text)
    claims: list[Claim] = []
    carried_period = carried_place = carried_link = None
    amount_iter = sorted(amounts, key=lambda a: a.start)
    for s_start, s_end in sentences:
        continues = _continues(text, s_start, s_end)
        if s_start in opens and not continues:
            carried_period = carried_place = carried_link = None
        in_sentence = [a for a in amount_iter if s_start <= a.start < s_end]
        if not in_sentence:
            own = [t for t in periods if s_start <= t.start and t.end <= s_end]
            carried_period = own[-1] if own else carried_period
            continue
        cues = _outside_scope(find_cues(text, s_start, s_end), text, s_start, s_end)
        clauses = _clauses(text, s_start, s_end)
        for amount in in_sentence:
            rules: list[str] = [getattr(amount, "rule", "quantity")]
            clause = next((c for c in clauses if c[0] <= amount.start < c[1]), (s_start, s_end))
            link = None
            if amount.kind != "duration":
                link = _indicator(amount, text, clause, cues, continues, carried_link, doc_votes)
                if link is not None:
                    rules.append(link.rule)
            # The verbs that govern the amount lie in its sentence, even when the indicator
            # was carried over from the sentence before.
            clause_lo = clause[0] if link is None else max(s_start, min(clause[0], link.start))
            measure, mrule = _measure(amount, text, clause_lo, link.info if link else None)
            if mrule:
                rules.append(mrule)
            direction = _direction(amount, text, clause_lo)
            period = _pick_period(amount, clause, (s_start, s_end), periods, text)
            if period is not None and period.rule == "relative.same_period":
                period = _same_period(period, carried_period or frame)
                rules.append("period.same_period")
            is_base = _in_comparison(amount.start, text)
            if is_base:
                # The amount compared against: a level of its own time, not a change.
                measure, direction = "level", None
                own = period or carried_period or frame
                period = _base_period(amount, clause, dated, own) or own
                rules.append("claim.comparison_base")
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
                    confidence=_confidence(amount, link, period),
                    rules=tuple(rules),
                )
            )
            if period is not None and not ({"period.frame", "period.same_period", "claim.comparison_base"} & set(rules)):
                carried_period = period
            if link is not None:
                carried_link = link
            if place is not None and place_name and place.kind != "reference":
                carried_place = place
    return claims


def _continues(text: str, start: int, end: int) -> bool:
    """Whether the sentence opens with a continuation word (``Trong đó, …``)."""
    head = len(text[start:end]) - len(text[start:end].lstrip())
    return _cue_patterns()["continuation"].match(text, start + head, end) is not None


def _modality(amount: Any, text: str, lo: int, period: Any | None, published: date | None) -> str:
    target = _last_match("target", text, lo, amount.start)
    if target is not None and text[lo : target.start()].rstrip().endswith("%"):
        target = None  # "đạt 48% kế hoạch …": a share of the plan, achieved
    forecast = _last_match("forecast", text, lo, amount.start)
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


def _confidence(amount: Any, link: IndicatorLink | None, period: Any | None) -> float:
    """A score in [0, 1] from how each part was found (calibrated on the gold sets)."""
    score = 0.55
    if link is not None:
        score += 0.25 if link.rule in ("indicator.clause_left", "indicator.noun_phrase") else 0.12
    elif amount.kind in ("duration", "rank"):
        score += 0.15
    if period is not None:
        score += 0.08
    if getattr(amount, "qualifier", "exact") in ("vague",):
        score -= 0.05
    return round(min(score, 0.99), 2)
