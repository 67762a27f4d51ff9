"""Canonical form of Vietnamese text: NFC plus one tone-placement convention.

Vietnamese is written with two tone-placement conventions for the open rhymes *oa*, *oe*
and *uy*: old style ``hoà``, ``khoẻ``, ``thuỷ`` and new style ``hòa``, ``khỏe``, ``thủy``.
Both are common in news. :func:`canonical` picks the convention underthesea's
``text_normalize`` uses (new style), so the working copy of a document, the language data
and underthesea's output all compare like with like.

On NFC input the tone-placement rewrite is length-preserving (two letters become two
letters), which keeps the document layer's offset map simple.

The rewrite table is language data (``data/tone_placement.tsv``). It is read here directly
rather than through :mod:`vnfacts.lexicon` because the lexicon normalises its cells with
:func:`canonical`; doing that to this table would rewrite its own ``old`` column.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from .errors import DataError

__all__ = ["canonical", "tone_edits", "TONE_TABLE"]

TONE_TABLE = "tone_placement.tsv"


def _case_variants(old: str, new: str) -> list[tuple[str, str]]:
    """Every upper/lower mix of a two-letter rhyme, carrying each letter's case over."""
    out = []
    for first_upper in (False, True):
        for second_upper in (False, True):
            o = (old[0].upper() if first_upper else old[0]) + (old[1].upper() if second_upper else old[1])
            n = (new[0].upper() if first_upper else new[0]) + (new[1].upper() if second_upper else new[1])
            out.append((o, n))
    return out


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], re.Pattern[str]]:
    try:
        text = resources.files(__package__).joinpath("data", TONE_TABLE).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError("data file not found in the package", code="data.missing", source=TONE_TABLE) from None
    header: list[str] | None = None
    mapping: dict[str, str] = {}
    # Rhymes grouped by the letters they must not follow, so each group is one lookbehind.
    groups: dict[str, list[str]] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [unicodedata.normalize("NFC", c.strip()) for c in line.split("\t")]
        if header is None:
            header = cells
            if not {"old", "new", "not_after"} <= set(header):
                raise DataError("header must name old, new, not_after", code="data.header", source=TONE_TABLE)
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        old, new = row["old"], row["new"]
        if len(old) != 2 or len(new) != 2 or old.lower() != old:
            raise DataError(f"line {lineno}: old/new must be two lower-case letters", code="data.row", source=TONE_TABLE)
        for o, n in _case_variants(old, new):
            mapping[o] = n
            groups.setdefault(row["not_after"].lower(), []).append(o)
    if header is None:
        raise DataError("file has no header row", code="data.header", source=TONE_TABLE)
    alternatives = []
    for not_after, rhymes in sorted(groups.items()):
        behind = f"(?<![{re.escape(not_after + not_after.upper())}])" if not_after else ""
        alternatives.append(behind + "(?:" + "|".join(map(re.escape, sorted(rhymes))) + ")")
    # The rhyme must close the syllable: no letter (or combining mark) may follow. The
    # leading lookahead on the rhymes' first letters only makes the scan fast (most
    # positions fail at once instead of trying every alternative).
    first = "".join(sorted({rhyme[0] for rhyme in mapping}))
    pattern = re.compile(
        f"(?=[{re.escape(first)}])(?:" + "|".join(alternatives) + r")(?![^\W\d_]|[\u0300-\u036f])"
    )
    return mapping, pattern


def tone_edits(text: str) -> list[tuple[int, int, str]]:
    """The tone-placement rewrites :func:`canonical` makes in NFC ``text``, as
    ``(start, end, replacement)`` triples in text order (each replacement has the same length)."""
    mapping, pattern = _table()
    return [(m.start(), m.end(), mapping[m.group(0)]) for m in pattern.finditer(text)]


def canonical(text: str) -> str:
    """Return ``text`` in NFC with canonical (new-style) tone placement.

    >>> canonical("hoà thuỷ khoẻ quý hoàng")
    'hòa thủy khỏe quý hoàng'

    Length-preserving when ``text`` is already NFC.
    """
    mapping, pattern = _table()
    text = unicodedata.normalize("NFC", text)
    return pattern.sub(lambda m: mapping[m.group(0)], text)
