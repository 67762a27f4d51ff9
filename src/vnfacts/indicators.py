"""The indicator taxonomy and the cue words that name indicators in text.

The taxonomy (``data/indicators.tsv``) keeps the contract's ids. Each indicator has
cues: phrases that name what is measured (``kim ngạch xuất khẩu``). Cues are matched
case-insensitively on whole syllables, longest first, so ``lãi suất`` never yields the
``lãi`` (profit) cue inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import load_table, trie_regex

__all__ = ["IndicatorInfo", "CueMatch", "taxonomy", "find_cues"]

_ID = re.compile(r"^[a-z]+\.[a-z_]+$")
_KINDS = frozenset({"count", "money", "percent", "measure", "duration", "ratio", "rank"})


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    """One taxonomy entry."""

    id: str
    label_en: str
    label_vi: str
    nature: str  # "amount", "rate" (itself a percentage) or "index" (its parts are other indices)
    cues: tuple[str, ...]
    kinds: frozenset[str]  # quantity kinds it can be measured in

    def accepts(self, kind: str) -> bool:
        """Whether an amount of this quantity kind can measure the indicator."""
        return kind == "number" or kind in self.kinds

    @property
    def domain(self) -> str:
        """The part of the id before the dot (``trade`` for ``trade.export_turnover``)."""
        return self.id.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class CueMatch:
    """A cue found in text: its span and the indicator ids it may name (most likely first)."""

    start: int
    end: int
    text: str
    ids: tuple[str, ...]

    @property
    def length(self) -> int:
        """Specificity: the number of syllables in the cue."""
        return len(self.text.split())


def _check(row: dict[str, str]) -> str | None:
    if not _ID.match(row["id"]):
        return f"id {row['id']!r} is not of the form domain.name"
    if row["nature"] not in ("amount", "rate", "index"):
        return f"nature {row['nature']!r} is not 'amount', 'rate' or 'index'"
    unknown = set(row["kinds"].split(",")) - _KINDS
    if unknown:
        return f"kinds {sorted(unknown)} are not quantity kinds ({', '.join(sorted(_KINDS))})"
    return None


@lru_cache(maxsize=None)
def taxonomy() -> dict[str, IndicatorInfo]:
    """All indicators by id, in file order."""
    rows = load_table(
        "indicators.tsv",
        ("id", "label_en", "label_vi", "cues", "nature", "kinds"),
        required=("id", "label_en", "cues", "nature", "kinds"),
        check=_check,
    )
    out: dict[str, IndicatorInfo] = {}
    for row in rows:
        cues = tuple(dict.fromkeys(c.strip().lower() for c in row["cues"].split(";") if c.strip()))
        kinds = frozenset(row["kinds"].split(","))
        out[row["id"]] = IndicatorInfo(row["id"], row["label_en"], row["label_vi"], row["nature"], cues, kinds)
    return out


@lru_cache(maxsize=None)
def _matcher() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    owners: dict[str, list[str]] = {}
    for info in taxonomy().values():
        for cue in info.cues:
            owners.setdefault(cue, []).append(info.id)
    # A trie prefers the most specific (longest) cue at each position, and is fast.
    body = trie_regex(sorted(owners), space=r"\s+")
    pattern = re.compile(rf"(?<!\w)(?:{body})(?![\w-])", re.IGNORECASE)
    return pattern, {cue: tuple(ids) for cue, ids in owners.items()}


def find_cues(text: str, start: int = 0, end: int | None = None) -> list[CueMatch]:
    """Indicator cues in ``text[start:end]``, non-overlapping, in text order."""
    pattern, owners = _matcher()
    stop = len(text) if end is None else end
    found = []
    for m in pattern.finditer(text, start, stop):
        key = " ".join(m.group().lower().split())
        found.append(CueMatch(m.start(), m.end(), m.group(), owners[key]))
    return found
