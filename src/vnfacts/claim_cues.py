"""The words around an amount that the claims stage reads, and the clause structure.

Cue words live in ``data/claim_cues.tsv`` by role (a change verb, a level verb, a
comparison, a scope phrase …); this module compiles them once and answers the questions
the other claim modules ask: where do clauses start, what is the last cue of a role in a
window, does ``so với`` govern a position.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import load_table, trie_regex

__all__ = ["ROLES", "cue_patterns", "clauses", "last_match", "cue_right_before", "skip_spaces", "in_comparison", "comparison_start"]

ROLES = {
    "increase", "decrease", "growth_verb", "level_verb", "share_verb",
    "target", "forecast", "continuation", "narrowing", "aside", "topic", "comparison", "clause_break", "as_of", "modifier",
    "plan_of", "scope", "share_after", "unmeasured", "enumeration", "change_from", "change_to",
}


@lru_cache(maxsize=None)
def cue_patterns() -> dict[str, re.Pattern[str]]:
    """Each role's cues as one compiled, case-insensitive, whole-word pattern."""
    rows = load_table(
        "claim_cues.tsv",
        ("cue", "role"),
        required=("cue", "role"),
        check=lambda r: None if r["role"] in ROLES else f"unknown role {r['role']!r}",
    )
    by_role: dict[str, list[str]] = {}
    for row in rows:
        by_role.setdefault(row["role"], []).append(row["cue"].lower())
    out = {}
    for role in ROLES:
        words = by_role.get(role)
        body = trie_regex(sorted(words), space=r"\s+") if words else r"(?!)"
        out[role] = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
    return out


_PUNCT_BREAK = re.compile(r"[;:()\[\]]|,\s|\s[-–—]\s")


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into clauses at punctuation and clause words."""
    cuts = {start, end}
    for m in _PUNCT_BREAK.finditer(text, start, end):
        cuts.add(m.end())
    for role in ("clause_break", "continuation", "narrowing"):
        for m in cue_patterns()[role].finditer(text, start, end):
            cuts.add(m.start())
    ordered = sorted(cuts)
    return [(a, b) for a, b in zip(ordered, ordered[1:]) if b > a]


def last_match(role: str, text: str, start: int, end: int) -> re.Match[str] | None:
    """The last cue of ``role`` in ``text[start:end]``."""
    last = None
    for m in cue_patterns()[role].finditer(text, start, end):
        last = m
    return last


def cue_right_before(role: str, text: str, pos: int, width: int = 12) -> re.Match[str] | None:
    """The cue of ``role`` that ends right before ``pos`` (only spaces between), looked for
    in the ``width`` characters before it: ``riêng quý III``, ``kế hoạch cả năm``."""
    cue = last_match(role, text, max(0, pos - width), pos)
    return cue if cue is not None and not text[cue.end() : pos].strip() else None


def skip_spaces(text: str, pos: int) -> int:
    """The first position at or after ``pos`` that is not a space."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


# A clause boundary for comparisons; a comma inside a number (15,9%) is not one.
# A comparison ends at a clause boundary or at "và" (", tăng 2,87% so với tháng 12/2024 và
# tăng 3,38% …": the second figure is a claim again).
_COMPARISON_STOP = re.compile(r"[;:(\n]|[,.](?=\s)|\svà\s")


def in_comparison(pos: int, text: str) -> bool:
    """Whether ``so với`` governs ``pos``: it stands earlier in the same clause
    (``tăng 15,9% so với 89.500 doanh nghiệp của cùng kỳ``), also for an amount in
    parentheses right after a comparison (``tăng 23,3% so với cùng kỳ (9.239,5 tỷ đồng)``)."""
    return comparison_start(pos, text) is not None


def comparison_start(pos: int, text: str) -> int | None:
    """Where the comparison governing ``pos`` starts (its ``so với``), or None."""
    if text[max(0, pos - 2) : pos].rstrip().endswith("("):
        pos = text.rindex("(", 0, pos)
    lo = max(0, pos - 80)
    stops = list(_COMPARISON_STOP.finditer(text, lo, pos))
    if stops:
        lo = stops[-1].end()
    found = None
    for found in cue_patterns()["comparison"].finditer(text, lo, pos):
        pass
    if found is None:
        return None
    # "so với cùng kỳ lên hơn 99 tỷ đồng": "lên" after the base states the claim again
    # (a change verb does not: "so với mức tăng 4,3% trong tháng 6" is still the base).
    if cue_patterns()["change_to"].search(text, found.end(), pos):
        return None
    return found.start()
