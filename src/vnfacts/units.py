"""The words around a number: units, currencies, counted nouns, qualifiers, rates, cues.

This module is the lexicon side of :mod:`vnfacts.quantities`: it loads the data files
(``units.tsv``, ``currencies.tsv``, ``counted_nouns.tsv``, ``qualifiers.tsv``,
``rates.tsv``, ``cues.tsv``, ``vague.tsv``, ``ranks_ratios.tsv``) once per process and
answers "which listed phrase starts (or ends) exactly here?". Phrases are whole words:
a match may not run into a letter or digit on its open side.

Matching is by phrase length, longest first, so ``đồng bào`` (a counted noun) beats
``đồng`` (the currency) and ``điểm phần trăm`` beats ``điểm``. Entries marked
``fold`` match in any letter case; the others only as written (``g`` is grams, ``G``
in ``5G`` is not).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Generic, TypeVar

from .lexicon import alternation, load_table

__all__ = ["UnitEntry", "Hit", "Phrases", "lexicon", "Lexicon"]

T = TypeVar("T")

# Characters that may sit between a number and its unit ("12 %", "10 000 đồng" is not ours).
_GAP = " \t\u00a0"


@dataclass(frozen=True, slots=True)
class UnitEntry:
    """What a unit-like word after a number means.

    kind is the Amount kind it gives: money, percent, measure, duration or count.
    unit is canonical (ISO code, ``%``, ``tonne`` …); for counted nouns, None (the noun
    as written becomes the unit). klass is the counted noun's class (person, place …).
    factor converts into whole units (0.01 for a cent word).
    """

    unit: str | None
    kind: str
    klass: str = ""
    factor: float = 1.0


@dataclass(frozen=True, slots=True)
class Hit(Generic[T]):
    """A phrase found in the text: its span and payload."""

    start: int
    end: int
    value: T


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class Phrases(Generic[T]):
    """A set of phrases with payloads, looked up at a position by length, longest first."""

    def __init__(self, items: Iterable[tuple[str, bool, T]]) -> None:
        self._exact: dict[str, T] = {}
        self._folded: dict[str, T] = {}
        lengths: set[int] = set()
        for text, fold, value in items:
            if fold:
                self._folded.setdefault(text.lower(), value)
            self._exact.setdefault(text, value)
            lengths.add(len(text))
        self._lengths = sorted(lengths, reverse=True)

    def _get(self, s: str) -> T | None:
        if s in self._exact:
            return self._exact[s]
        return self._folded.get(s.lower())

    def starting(self, text: str, pos: int) -> Hit[T] | None:
        """The longest phrase starting at ``pos`` and not running into a letter after it."""
        for n in self._lengths:
            end = pos + n
            if end > len(text):
                continue
            s = text[pos:end]
            value = self._get(s)
            if value is None:
                continue
            # A phrase ending in a letter must end at a word boundary; "%" or "$" need not.
            if _is_word_char(s[-1]) and end < len(text) and _is_word_char(text[end]):
                continue
            return Hit(pos, end, value)
        return None

    def ending(self, text: str, pos: int) -> Hit[T] | None:
        """The longest phrase ending at ``pos`` and not running into a letter before it."""
        for n in self._lengths:
            start = pos - n
            if start < 0:
                continue
            s = text[start:pos]
            value = self._get(s)
            if value is None:
                continue
            if _is_word_char(s[0]) and start > 0 and _is_word_char(text[start - 1]):
                continue
            return Hit(start, pos, value)
        return None


def skip_gap(text: str, pos: int) -> int:
    """The first position at or after ``pos`` that is not a space on the same line."""
    while pos < len(text) and text[pos] in _GAP:
        pos += 1
    return pos


def back_gap(text: str, pos: int) -> int:
    """The last position at or before ``pos`` preceded by something other than a space."""
    while pos > 0 and text[pos - 1] in _GAP:
        pos -= 1
    return pos


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All quantity-side phrase tables, built once (see :func:`lexicon`)."""

    units: Phrases[UnitEntry]          # after a number: units, currencies, counted nouns
    pre_currency: Phrases[UnitEntry]   # before a number: $, US$, €
    pre_qualifiers: Phrases[str]
    post_qualifiers: Phrases[str]
    denominators: Phrases[str]
    rate_links: Phrases[str]
    cues: Phrases[frozenset[str]]
    vague_quantifiers: Phrases[tuple[float, float]]
    vague_scales: Phrases[float]
    rank_words: Phrases[tuple[float, str]]
    cents: frozenset[str]
    spec_units: frozenset[str]         # units that describe a product (spec_units.tsv)


def _yes(cell: str) -> bool:
    return cell.strip().lower() == "yes"


def _check_float(*cols: str):
    def check(row: dict[str, str]) -> str | None:
        for col in cols:
            if row[col]:
                try:
                    float(row[col])
                except ValueError:
                    return f"{col} {row[col]!r} is not a number"
        return None

    return check


@cache
def lexicon() -> Lexicon:
    """Load and index every quantity data file (once per process)."""
    units: list[tuple[str, bool, UnitEntry]] = []
    pre: list[tuple[str, bool, UnitEntry]] = []
    cents: set[str] = set()
    for row in load_table("currencies.tsv", ["text", "code", "position", "fold", "factor"],
                          required=["text", "code", "position"], check=_check_float("factor")):
        entry = UnitEntry(row["code"], "money", factor=float(row["factor"] or 1))
        if entry.factor != 1:
            cents.add(row["text"].lower())
        if row["position"] in ("post", "both"):
            units.append((row["text"], _yes(row["fold"]), entry))
        if row["position"] in ("pre", "both"):
            pre.append((row["text"], _yes(row["fold"]), entry))
    for row in load_table("units.tsv", ["text", "unit", "kind", "fold"], required=["text", "unit", "kind"]):
        units.append((row["text"], _yes(row["fold"]), UnitEntry(row["unit"], row["kind"])))
    unit_names = {entry.unit for _, _, entry in units}
    spec_units = frozenset(
        row["unit"] for row in load_table(
            "spec_units.tsv", ["unit"], required=["unit"],
            check=lambda r: None if r["unit"] in unit_names else f"unit {r['unit']!r} is not in units.tsv")
    )
    classes = {"person", "place", "thing", "event", "label"}
    for row in load_table("counted_nouns.tsv", ["text", "class"], required=["text", "class"],
                          check=lambda r: None if r["class"] in classes else f"unknown class {r['class']!r}"):
        units.append((row["text"], False, UnitEntry(None, "count", klass=row["class"])))

    pre_q: list[tuple[str, bool, str]] = []
    post_q: list[tuple[str, bool, str]] = []
    for row in load_table("qualifiers.tsv", ["text", "qualifier", "position"], required=["text", "qualifier", "position"]):
        (pre_q if row["position"] == "pre" else post_q).append((row["text"], True, row["qualifier"]))

    denominators: list[tuple[str, bool, str]] = []
    links: list[tuple[str, bool, str]] = []
    for row in load_table("rates.tsv", ["text", "per", "role"], required=["text", "role"]):
        if row["role"] == "link":
            links.append((row["text"], True, row["text"]))
        else:
            denominators.append((row["text"], False, row["per"]))

    roles: dict[str, set[str]] = {}
    known_roles = {"label", "amount", "level", "money", "rank", "comparative", "change", "class", "window",
                   "container"}
    for row in load_table("cues.tsv", ["text", "role"], required=["text", "role"],
                          check=lambda r: None if r["role"] in known_roles else f"unknown role {r['role']!r}"):
        roles.setdefault(row["text"], set()).add(row["role"])

    quantifiers: list[tuple[str, bool, tuple[float, float]]] = []
    scales: list[tuple[str, bool, float]] = []
    for row in load_table("vague.tsv", ["text", "role", "low", "high"], required=["text", "role", "low"],
                          check=_check_float("low", "high")):
        if row["role"] == "quantifier":
            quantifiers.append((row["text"], True, (float(row["low"]), float(row["high"]))))
        else:
            scales.append((row["text"], True, float(row["low"])))

    rank_words = [
        (row["text"], False, (float(row["value"]), row["role"]))
        for row in load_table("ranks_ratios.tsv", ["text", "value", "role"], required=["text", "value", "role"],
                              check=_check_float("value"))
    ]
    return Lexicon(
        units=Phrases(units),
        pre_currency=Phrases(pre),
        pre_qualifiers=Phrases(pre_q),
        post_qualifiers=Phrases(post_q),
        denominators=Phrases(denominators),
        rate_links=Phrases(links),
        cues=Phrases((text, True, frozenset(r)) for text, r in roles.items()),
        vague_quantifiers=Phrases(quantifiers),
        vague_scales=Phrases(scales),
        rank_words=Phrases(rank_words),
        cents=frozenset(cents),
        spec_units=spec_units,
    )


def unit_after(text: str, pos: int) -> Hit[UnitEntry] | None:
    """The unit, currency or counted noun right after a number ending at ``pos``."""
    return lexicon().units.starting(text, skip_gap(text, pos))


def cue_roles_before(text: str, pos: int) -> Hit[frozenset[str]] | None:
    """The cue phrase (label, level, rank …) that ends right before ``pos`` (spaces skipped)."""
    return lexicon().cues.ending(text, back_gap(text, pos))


def rate_after(text: str, pos: int) -> tuple[str, int] | None:
    """A rate denominator after ``pos``: ``/năm``, ``/người/năm``, `` mỗi năm``.

    Returns (per, end); chained denominators are joined with ``/`` (``person/year``).
    """
    lex = lexicon()
    pers: list[str] = []
    end = pos
    while True:
        i = skip_gap(text, end)
        if i < len(text) and text[i] == "/":
            j = skip_gap(text, i + 1)
            hit = lex.denominators.starting(text, j)
            if hit is None:
                # An unlisted denominator after "/" is kept as written (a word, not a number).
                k = j
                while k < len(text) and (text[k].isalpha()):
                    k += 1
                if k == j:
                    break
                pers.append(text[j:k])
                end = k
            else:
                pers.append(hit.value)
                end = hit.end
            continue
        if not pers and i > end:
            link = lex.rate_links.starting(text, i)
            if link is not None:
                hit = lex.denominators.starting(text, skip_gap(text, link.end))
                if hit is not None and skip_gap(text, link.end) > link.end:
                    pers.append(hit.value)
                    end = hit.end
                    continue
        break
    return ("/".join(pers), end) if pers else None


@cache
def _leading_rate_re() -> re.Pattern[str]:
    rows = load_table("rates.tsv", ["text", "per", "role"])
    links = [r["text"] for r in rows if r["role"] == "link" and r["text"] in ("hàng", "hằng", "mỗi")]
    dens = sorted((r["text"] for r in rows if r["role"] == "denominator" and r["per"] in
                   ("year", "month", "day", "week", "quarter")), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, links))})\s+({'|'.join(map(re.escape, dens))})(?!\w)",
                      re.IGNORECASE)


def rate_before(text: str, pos: int, window: int) -> str | None:
    """A period rate (``hàng năm``, ``mỗi tháng``) earlier in the clause before ``pos``.

    "doanh thu hàng năm tăng 15-25%": the growth is per year. The clause ends at a comma.
    """
    lo = max(0, pos - window)
    for stop in ",;.!?\n":
        k = text.rfind(stop, lo, pos)
        if k >= 0:
            lo = max(lo, k + 1)
    m = None
    for m in _leading_rate_re().finditer(text, lo, pos):
        pass
    if m is None:
        return None
    return lexicon().denominators.starting(text, m.start(1)).value


@cache
def _money_re() -> re.Pattern[str]:
    words = [r["text"] for r in load_table("cues.tsv", ["text", "role"]) if r["role"] == "money"]
    return re.compile(rf"(?<!\w){alternation(words)}(?!\w)", re.IGNORECASE)


def money_cue_before(text: str, pos: int, window: int) -> bool:
    """Whether a money word (vốn, doanh thu, giá …) stands in the clause before ``pos``."""
    lo = max(0, pos - window)
    # The cue must be in the same clause: stop at sentence or clause punctuation.
    for stop in ".;\n!?":
        k = text.rfind(stop, lo, pos)
        if k >= 0 and not (stop == "." and 0 < k < len(text) - 1 and text[k - 1].isdigit() and text[k + 1].isdigit()):
            lo = max(lo, k + 1)
    return _money_re().search(text, lo, pos) is not None
