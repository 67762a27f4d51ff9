"""Which indicator an amount measures: the cue that names it, chosen by clause structure.

* the sentence is cut into clauses; cues of indicators that cannot take the amount's
  quantity kind are ignored (a price is never an enterprise count), and so are cues
  inside scope phrases (``khu vực có vốn đầu tư nước ngoài`` names a sector);
* a percent followed by the whole it is part of (``53% kế hoạch lợi nhuận``, ``43% tổng
  kim ngạch …``) is named by that whole;
* an amount with a counted noun (``Hơn 37.000 lao động … được tạo việc làm``) is named by
  the most specific cue of its noun phrase, unless the clause before it names it more
  specifically (``giải quyết việc làm cho 25.000 lao động``);
* any other amount by the closest cue before it in its clause, skipping cues that only
  modify a head (``thu nhập bình quân của người lao động``); else the closest before it
  in the sentence; else one right after it;
* a sentence that continues the one before (``Trong đó, …``) keeps that sentence's
  indicator unless it names one of its own;
* nothing in the taxonomy → None.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import units
from .claim_cues import cue_patterns, skip_spaces
from .indicators import CueMatch, IndicatorInfo, taxonomy
from .lexicon import load_table

__all__ = ["IndicatorLink", "link_indicator", "document_votes", "sentence_cues"]

# How far (characters) after a counted noun a predicate cue may start and still name the amount.
_NOUN_WINDOW = 32


@dataclass(frozen=True, slots=True)
class IndicatorLink:
    """The indicator an amount measures and the cue that names it (working coordinates)."""

    info: IndicatorInfo
    start: int
    end: int
    text: str
    rule: str


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


def document_votes(cues: Sequence[CueMatch]) -> Counter[str]:
    """How often each indicator domain is named by an unambiguous cue in the document."""
    return Counter(c.ids[0].split(".")[0] for c in cues if len(c.ids) == 1)


def sentence_cues(cues: list[CueMatch], text: str, start: int, end: int) -> list[CueMatch]:
    """Drop cues inside scope phrases (``khu vực có vốn đầu tư nước ngoài`` names a sector),
    and put in the phrases that name what is measured outside the taxonomy (``mức thuế``,
    ``giá vàng``) as cues without an indicator, replacing the cues they contain."""
    scopes = [(m.start(), m.end()) for m in cue_patterns()["scope"].finditer(text, start, end)]
    unmeasured = [
        CueMatch(m.start(), m.end(), m.group(), ()) for m in cue_patterns()["unmeasured"].finditer(text, start, end)
    ]
    kept = [
        c for c in cues
        if not any(a <= c.start and c.end <= b for a, b in scopes)
        and not any(u.start <= c.start < u.end or c.start <= u.start < c.end for u in unmeasured)
    ]
    return sorted(kept + unmeasured, key=lambda c: c.start)


def _counted_noun(phrase: str) -> bool:
    """Whether ``phrase`` is a counted noun of data/counted_nouns.tsv (``doanh nghiệp``)."""
    hit = units.lexicon().units.starting(phrase, 0)
    return hit is not None and hit.end == len(phrase) and hit.value.kind == "count"


def _modifies(head: CueMatch, cue: CueMatch, text: str) -> bool:
    """Whether ``cue`` sits in a modifier of ``head`` (``head của … cue``)."""
    between = text[head.end : cue.start]
    if between.strip() in ("", "/") and not _counted_noun(head.text):
        # Vietnamese noun phrases put the head first: "lượng giống gieo sạ" (seed for sowing),
        # "thu từ doanh nghiệp nhà nước" (revenue from state firms), "dư nợ tín dụng/GDP" (a
        # ratio of credit). A counted noun is the
        # actor instead: "doanh nghiệp nhập khẩu … chiếm 30,7%" measures the imports.
        return True
    return len(between) <= _MODIFIER_REACH and cue_patterns()["modifier"].search(between) is not None


@lru_cache(maxsize=None)
def _unit_table() -> tuple[tuple[str, str, str, str], ...]:
    known = taxonomy()
    rows = load_table(
        "unit_indicators.tsv",
        ("kind", "unit", "per", "indicator"),
        required=("kind", "unit", "per", "indicator"),
        check=lambda r: None if r["indicator"] in known else f"unknown indicator {r['indicator']!r}",
    )
    return tuple((r["kind"], r["unit"], r["per"], r["indicator"]) for r in rows)


def _unit_indicator(amount: Any) -> str | None:
    """The indicator the amount's unit names on its own (``data/unit_indicators.tsv``)."""
    per = getattr(amount, "per", None) or "-"
    for kind, unit, rate, indicator in _unit_table():
        if kind == amount.kind and unit in ("*", amount.unit) and rate in ("*", per):
            return indicator
    return None


# How far after its head a modified cue may stand ("mức thuế chống trợ cấp cuối cùng đối với các doanh nghiệp …").
_MODIFIER_REACH = 60
_RANKED_GAP = re.compile(r"\s*(?:\w+\s+)?")
_EACH = re.compile(r"(?<!\w)mỗi\s+$", re.IGNORECASE)


def _distributive(cue: CueMatch, text: str) -> bool:
    """``mỗi thí sinh thi 4 môn``: a cue after "mỗi" (each) is a denominator, not the subject."""
    return _EACH.search(text, max(0, cue.start - 6), cue.start) is not None


def _heads(cues: list[CueMatch], text: str) -> list[CueMatch]:
    """``cues`` (in text order) without trailing ones that only modify a cue before them
    (``thu nhập bình quân của người lao động``, ``mức thuế … đối với các doanh nghiệp xuất
    khẩu``: the head names what is measured)."""
    while len(cues) > 1 and any(_modifies(head, cues[-1], text) for head in cues[:-1]):
        cues.pop()
    return cues


def _link(
    amount: Any, clause: tuple[int, int], cues: Sequence[CueMatch], text: str
) -> tuple[CueMatch | None, str]:
    """The cue naming what ``amount`` measures, and the id of the rule that chose it."""
    # A cue may straddle the clause start ("kim ngạch xuất, nhập khẩu" holds a comma).
    in_clause = [c for c in cues if clause[0] < c.end <= amount.start]
    # "…, mỗi thí sinh thi 4 môn": a clause whose subject is "each X" names its own subject.
    distributive = any(_distributive(c, text) for c in in_clause)
    if amount.kind == "rank" and in_clause and _RANKED_GAP.fullmatch(text, in_clause[-1].end, amount.start):
        # "nền kinh tế lớn thứ tư": what is ranked stands right before the rank (and its adjective).
        return in_clause[-1], "indicator.ranked"
    left = _heads([c for c in in_clause if not _distributive(c, text)], text)
    closest_left = left[-1] if left else None
    if getattr(amount, "noun_end", None) is not None:
        # A counted amount is named by its noun phrase (``37.000 lao động … được tạo việc
        # làm``) unless the clause before it names it more specifically (``giải quyết việc
        # làm cho 25.000 lao động``).
        window_end = min(clause[1], amount.noun_end + _NOUN_WINDOW)
        right = [c for c in cues if amount.noun_start <= c.start < window_end and c.end <= clause[1]]
        if right:
            best = max(right, key=lambda c: (c.length, -c.start))
            # A verb right before the amount governs it ("sa thải khoảng 15.000 nhân viên").
            governs = closest_left is not None and not text[closest_left.end : amount.start].strip()
            if closest_left is None or (best.length >= closest_left.length and not governs):
                return best, "indicator.noun_phrase"
    if amount.kind == "percent":
        # "53% kế hoạch lợi nhuận", "43% tổng kim ngạch xuất nhập khẩu": the whole named
        # right after a percent is what it is a part of.
        after = skip_spaces(text, amount.end)
        plan = cue_patterns()["plan_of"].match(text, after)
        if plan is not None:
            after = skip_spaces(text, plan.end())
        named = next((c for c in cues if c.start == after), None)
        if named is not None:
            return named, "indicator.part_of"
    if closest_left is not None:
        return closest_left, "indicator.clause_left"
    earlier = [] if distributive else _heads([c for c in cues if c.end <= clause[0]], text)
    if earlier:
        return earlier[-1], "indicator.sentence_left"
    right = [c for c in cues if amount.end <= c.start < min(clause[1], amount.end + _NOUN_WINDOW)]
    if right:
        return right[0], "indicator.clause_right"
    return None, ""


# Rules whose cue is weaker than the indicator of the claim a "Trong đó, …" sentence continues.
_WEAK_LINKS = ("indicator.noun_phrase", "indicator.clause_right", "indicator.sentence_left")


def link_indicator(
    amount: Any,
    text: str,
    clause: tuple[int, int],
    cues: Sequence[CueMatch],
    continues: bool,
    carried: IndicatorLink | None,
    doc_votes: Counter[str],
    enumerated: IndicatorLink | None = None,
) -> IndicatorLink | None:
    """What the amount measures, named in its own sentence (or the one it continues)."""
    info = taxonomy()
    cues = [c for c in cues if not c.ids or any(info[i].accepts(amount.kind) for i in c.ids)]
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
    if cue is not None and not cue.ids and rule not in _WEAK_LINKS:
        return None  # "chi phí thuế … 20,4 tỷ đồng": named in its clause, outside the taxonomy
    if continues and carried is not None and carried.info.nature != "index" and (cue is None or rule in _WEAK_LINKS):
        # (The groups of an index are indices of their own: "Cụ thể, nhóm giáo dục tăng
        # 0,02%" is not the CPI.)
        # "Trong đó, khu vực kinh tế trong nước đạt 8,95 tỷ USD": a part of what the
        # sentence before measured.
        return IndicatorLink(carried.info, carried.start, carried.end, carried.text, "indicator.continued")
    if cue is not None and not cue.ids:
        return None  # "mức thuế", "giá vàng": named, but outside the taxonomy
    if cue is None and enumerated is not None:
        # "Theo đối tác, Singapore dẫn đầu với 4,9 tỷ USD": a ranking or breakdown of what
        # the paragraph just measured in the same unit.
        e = enumerated
        return IndicatorLink(e.info, e.start, e.end, e.text, "indicator.enumeration")
    if cue is None:
        # Measured on the gold sets: carrying a paragraph's or the article's indicator to
        # other sentences that name none costs more (gold leaves them null) than it gains.
        # The unit alone may still say it (a price per m2).
        by_unit = _unit_indicator(amount)
        if by_unit is None:
            return None
        return IndicatorLink(info[by_unit], amount.start, amount.end, amount.text, "indicator.unit")
    ids = [i for i in cue.ids if info[i].accepts(amount.kind)]
    return IndicatorLink(info[_pick_id(ids, cue, cues, doc_votes)], cue.start, cue.end, cue.text, rule)
