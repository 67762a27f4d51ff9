"""The Vietnamese number-word grammar behind :mod:`vnfacts.numbers`.

The words and what each may do live in ``data/numerals.tsv``; this module only knows the
shapes a numeral takes. It works on a token list built by :mod:`vnfacts.numbers` (digit
runs already read to a value, words lower-cased) and reads the longest numeral starting
at a token. Arithmetic is done in :class:`~decimal.Decimal` so that ``2,3 nghìn tỷ`` is
exactly 2.3e12 and not 2299999999999.9995.

Shapes (``D`` a digit word, ``S`` a scale word, ``[]`` optional):

* group below 1000: ``D trăm [linh D | tens | D(clip) | rưỡi]``, tens = ``mười [D]`` |
  ``D mươi [D]`` | ``D chục`` | ``D mốt/lăm`` (bare tens) | ``D D`` (colloquial pair, below),
  or a lone ``D``;
* amount: ``group S… [group S…]… [tail]`` with strictly falling scales; consecutive scale
  words multiply (``nghìn tỷ`` = 1e12); a digit run can stand for a group (``5 tỷ 300
  triệu``); the tail after the last scale is a group with trăm or tens, ``linh/lẻ`` + group,
  ``rưỡi`` (half the scale) or a clipped digit (one step down: ``bốn triệu sáu``);
* decimal: ``amount phẩy/chấm D D… [S…]`` (scale only when the integer part has none); a
  ``bare`` digit after a decimal digit is its units (``chấm chín lăm`` = .95).

Colloquial pairs (``pair`` position in ``numerals.tsv``): two digit words without ``mươi``
are tens, ``X Y`` = 10X + Y with X 2..9, but only where that reading is forced:

* after ``trăm``: always (``một trăm bốn bảy`` = 147, ``không trăm năm sáu nghìn`` = 56 000);
* after a scale word, as the literal tail or a group before a smaller scale (``một nghìn hai
  sáu`` = 1026, as ``hai triệu mười`` = 2 000 010), unless X Y is an approximate range
  (``data/numeral_ranges.tsv``: ``sáu bảy``, ``năm bảy`` …);
* at the start of a numeral: X must be a ``pairhead`` (not ``năm``: ``năm hai nghìn`` is the
  year 2000), the pair not a range (``năm sáu nghìn`` = 5-6 thousand), the next word a scale
  or decimal word (``chín chín tỷ``, ``bốn ba nghìn``), and X not capitalised after a word
  (``thứ Bảy hai triệu``, ``tháng Ba hai nghìn``: a weekday or month, then a number).

Never before ``trăm``/``mươi``/``chục`` (``hai ba trăm`` = 200-300). A pair standing alone or
before a unit (``bốn ba``, ``ba bảy độ``) is not read: in news prose it is as often two
numbers, a weekday or month and a number, or an approximate range.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .lexicon import load_table

__all__ = ["Entry", "Tok", "Reading", "lexicon", "ranges", "check_numeral_row", "read_numeral"]

KINDS = frozenset({"digit", "ten", "tens", "dozen", "hundred", "scale", "filler", "half", "point", "minus", "minus_whole"})
POSITIONS = frozenset({"lead", "unit", "unit10", "bare", "clip", "linh", "decimal", "pair", "pairhead"})
ALONE = frozenset({"yes", "ambiguous", "no", ""})


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of ``numerals.tsv``: a number word and what it may do."""

    word: str
    kind: str
    value: Decimal
    positions: frozenset[str]
    alone: str


@dataclass(slots=True)
class Tok:
    """A token of the working text: a digit run (``num`` set) or a lower-cased word.

    ``joined`` says the token follows the previous one across horizontal spaces only, so a
    numeral may continue into it.
    """

    start: int
    end: int
    text: str
    word: str | None = None
    num: Decimal | None = None
    rule: str = ""
    joined: bool = False


@dataclass(slots=True)
class Reading:
    """A numeral read from tokens ``[first, stop)``."""

    stop: int
    value: Decimal
    scale: Decimal
    words: int = 0
    digits: int = 0
    tags: set[str] = field(default_factory=set)
    digit_rule: str = ""


def check_numeral_row(row: dict[str, str]) -> str | None:
    """Validate one ``numerals.tsv`` row; return the problem or None (used by the loader)."""
    if row["kind"] not in KINDS:
        return f"unknown kind {row['kind']!r}"
    try:
        value = Decimal(row["value"])
    except ArithmeticError:
        return f"value {row['value']!r} is not a number"
    if value < 0:
        return "value is negative"
    positions = {p for p in row["positions"].split(",") if p}
    if positions - POSITIONS:
        return f"unknown position(s) {sorted(positions - POSITIONS)}"
    if row["kind"] == "digit" and (not positions or value > 9 or value != int(value)):
        return "a digit needs positions and a value 0..9"
    if row["kind"] != "digit" and positions:
        return "only digits take positions"
    if row["alone"] not in ALONE:
        return f"alone must be yes, ambiguous or no, not {row['alone']!r}"
    if row["word"] != row["word"].lower() or " " in row["word"]:
        return "a word must be one lower-case syllable"
    return None


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Entry]:
    """The number words by (lower-case, NFC) spelling; loaded and validated once."""
    rows = load_table(
        "numerals.tsv",
        ["word", "kind", "value", "positions", "alone"],
        required=["word", "kind", "value"],
        check=check_numeral_row,
    )
    return {
        r["word"]: Entry(r["word"], r["kind"], Decimal(r["value"]), frozenset(p for p in r["positions"].split(",") if p), r["alone"])
        for r in rows
    }


def _check_range_row(row: dict[str, str]) -> str | None:
    lex = lexicon()
    for col in ("first", "second"):
        e = lex.get(row[col])
        if e is None or e.kind != "digit":
            return f"{col} {row[col]!r} is not a digit word of numerals.tsv"
    return None


@lru_cache(maxsize=1)
def ranges() -> frozenset[tuple[str, str]]:
    """Digit-word pairs that are an approximate range, never colloquial tens (``numeral_ranges.tsv``)."""
    rows = load_table("numeral_ranges.tsv", ["first", "second"], required=["first", "second"], check=_check_range_row)
    return frozenset((r["first"], r["second"]) for r in rows)


class _Reader:
    """Recursive-descent reader over one token list (one instance per find call)."""

    def __init__(self, toks: list[Tok], lex: dict[str, Entry]) -> None:
        self.toks = toks
        self.lex = lex

    # -- token access -------------------------------------------------------------------
    def entry(self, i: int, first: bool = False) -> Entry | None:
        """The lexicon entry of word token i, if it may continue (or start) a numeral."""
        if i >= len(self.toks):
            return None
        tok = self.toks[i]
        if tok.word is None or not (first or tok.joined):
            return None
        return self.lex.get(tok.word)

    def kind(self, i: int) -> str | None:
        e = self.entry(i)
        return e.kind if e else None

    def digit(self, i: int, position: str, first: bool = False) -> Entry | None:
        e = self.entry(i, first)
        return e if e and e.kind == "digit" and position in e.positions else None

    # -- groups below 1000 -----------------------------------------------------------------
    def tens(self, i: int, first: bool, after: str = "") -> tuple[int, Decimal, str] | None:
        """``mười [D]``, ``D mươi [D]``, ``D chục``, bare ``D mốt`` or a pair ``D D`` at i.

        ``after`` is what precedes the group: ``"hundred"``, ``"scale"`` or ``""`` (start).
        """
        e = self.entry(i, first)
        if e is None:
            return None
        if e.kind == "ten":
            u = self.digit(i + 1, "unit10")
            return (i + 2, 10 + u.value, "tens") if u else (i + 1, Decimal(10), "tens")
        if e.kind != "digit" or "lead" not in e.positions or e.value == 0:
            return None
        nxt = self.kind(i + 1)
        if nxt == "tens" and e.value >= 2:
            u = self.digit(i + 2, "unit")
            return (i + 3, e.value * 10 + u.value, "tens") if u else (i + 2, e.value * 10, "tens")
        if nxt == "dozen":
            return i + 2, e.value * 10, "tens"
        u = self.digit(i + 1, "bare")
        if u is not None and e.value >= 2:
            return i + 2, e.value * 10 + u.value, "bare"
        u = self.digit(i + 1, "pair")
        if u is not None and e.value >= 2 and self.kind(i + 2) not in ("tens", "dozen", "hundred") and self._pair_ok(i, e, u, after or ("" if first else "scale")):
            return i + 2, e.value * 10 + u.value, "pair"
        return None

    def _pair_ok(self, i: int, x: Entry, y: Entry, after: str) -> bool:
        """May digit words i, i+1 be read as colloquial tens here? (see the module docstring)"""
        if after == "hundred":
            return True
        if (x.word, y.word) in ranges():
            return False
        if after == "scale":
            return True
        tok = self.toks[i]
        capital_after_word = tok.text[:1].isupper() and tok.joined and i > 0 and self.toks[i - 1].word is not None
        return "pairhead" in x.positions and not capital_after_word and self.kind(i + 2) in ("scale", "point")

    def group(self, i: int, first: bool) -> tuple[int, Decimal, str] | None:
        """A word group below 1000 at i: (stop, value, shape) with shape hundreds/tens/bare/single."""
        e = self.entry(i, first)
        if e is None or e.kind not in ("digit", "ten"):
            return None
        if e.kind == "digit" and "lead" in e.positions and self.kind(i + 1) == "hundred":
            return self._after_hundred(i + 2, e.value * 100)
        t = self.tens(i, first)
        if t is not None:
            return t
        if e.kind == "digit" and "lead" in e.positions:
            return i + 1, e.value, "single"
        return None

    def _after_hundred(self, k: int, base: Decimal) -> tuple[int, Decimal, str]:
        e = self.entry(k)
        if e is None:
            return k, base, "hundreds"
        if e.kind == "filler":
            d = self.digit(k + 1, "linh")
            if d is not None:
                return k + 2, base + d.value, "hundreds"
            return k, base, "hundreds"
        if e.kind == "half":
            return k + 1, base + 50, "hundreds_half"
        t = self.tens(k, False, "hundred")
        if t is not None:
            return t[0], base + t[1], "hundreds_pair" if t[2] == "pair" else "hundreds"
        d = self.digit(k, "clip")
        if d is not None and self.kind(k + 1) not in ("tens", "dozen", "hundred"):
            return k + 1, base + d.value * 10, "hundreds_clip"
        return k, base, "hundreds"

    # -- scales and amounts -----------------------------------------------------------------
    def scales(self, i: int) -> tuple[int, Decimal]:
        """Consecutive scale words at i, each larger than the one before, multiplied."""
        prod, last, j = Decimal(1), Decimal(0), i
        while (e := self.entry(j)) is not None and e.kind == "scale" and e.value > last:
            prod *= e.value
            last = e.value
            j += 1
        return j, prod

    def unit(self, i: int, first: bool) -> tuple[int, Decimal, str] | None:
        """A word group or a digit run at i."""
        tok = self.toks[i] if i < len(self.toks) else None
        if tok is not None and tok.num is not None and (first or tok.joined):
            return i + 1, tok.num, "digits"
        return self.group(i, first)

    def amount(self, i: int) -> Reading | None:
        """The longest integer amount (with scales, tails) starting at token i."""
        r = Reading(stop=i, value=Decimal(0), scale=Decimal(1))
        last: Decimal | None = None
        j = i
        while True:
            g = self.unit(j, last is None)
            if g is None:
                break
            k, gval, shape = g
            m, prod = self.scales(k)
            if prod == 1:
                if last is None:
                    self._count(r, j, k, shape)
                    r.value, j = gval, k
                elif shape in ("hundreds", "hundreds_half", "hundreds_clip", "hundreds_pair", "tens", "bare", "pair"):
                    self._count(r, j, k, shape)
                    r.value += gval
                    j = k
                break
            if last is None:
                r.value, r.scale = gval * prod, prod
            elif gval * prod < last:
                r.value += gval * prod
            elif prod > r.scale and r.value + gval < prod:
                # "một nghìn hai trăm tỷ": everything so far counts the larger scale (1200 tỷ).
                r.value, r.scale = (r.value + gval) * prod, prod
            else:
                break
            self._count(r, j, m, shape)
            last, j, done = self._after_scale(r, m, prod)
            if done:
                break
        if j == i:
            return None
        r.stop = j
        return r

    def _after_scale(self, r: Reading, j: int, last: Decimal) -> tuple[Decimal, int, bool]:
        """Tails right after a scale word at j: (smallest scale so far, next token, finished?)."""
        while True:
            e = self.entry(j)
            if e is None:
                return last, j, False
            if e.kind == "half":
                r.value += last / 2
                r.tags.add("half")
                r.words += 1
                return last, j + 1, True
            if e.kind == "filler":
                # "một nghìn linh năm" = 1005; "hai triệu lẻ tám nghìn" = 2 008 000.
                d = self.digit(j + 1, "linh")
                if d is not None and self.kind(j + 2) not in ("tens", "dozen", "hundred"):
                    t: tuple[int, Decimal, str] | None = (j + 2, d.value, "single")
                else:
                    t = self.group(j + 1, False)
                    t = t if t is not None and t[2] != "single" else None
                if t is None:
                    return last, j, True
                m, prod = self.scales(t[0])
                if prod == 1:
                    self._count(r, j, t[0], t[2])
                    r.value += t[1]
                    return last, t[0], True
                if t[1] * prod >= last:
                    return last, j, True
                self._count(r, j, m, t[2])
                r.value += t[1] * prod
                last, j = prod, m
                continue
            d = self.digit(j, "clip")
            # "một ngàn chín lăm" = 1095, not 1900 + a stray "lăm": a following pair digit makes tens.
            if d is not None and self.kind(j + 1) not in ("tens", "dozen", "hundred", "scale", "point") and self.tens(j, False, "scale") is None:
                r.value += d.value * last / 10
                r.tags.add("clipped")
                r.words += 1
                return last, j + 1, True
            return last, j, False

    def _count(self, r: Reading, a: int, b: int, shape: str) -> None:
        for t in self.toks[a:b]:
            if t.num is not None:
                r.digits += 1
                r.digit_rule = r.digit_rule or t.rule
            else:
                r.words += 1
        if shape.endswith("_clip"):
            r.tags.add("clipped")
        elif shape.endswith("_half"):
            r.tags.add("half")
        elif shape in ("bare", "pair", "hundreds_pair"):
            r.tags.add(shape.removeprefix("hundreds_"))

    def numeral(self, i: int) -> Reading | None:
        """The longest numeral at i: an amount, optionally with a decimal part and scale."""
        first = self.entry(i, True)
        r = self.amount(i)
        if r is None:
            if first is not None and first.kind == "digit" and first.alone in ("yes", "ambiguous"):
                # A digit that cannot lead ("tư") may still stand alone, flagged by the caller.
                return Reading(stop=i + 1, value=first.value, scale=Decimal(1), words=1)
            return None
        if r.digits == 0 and first is not None and first.value == 0 and first.kind == "digit":
            # "không" leads only a decimal ("không phẩy năm"); otherwise it is "not".
            if self.kind(r.stop) != "point":
                return None
        if r.digits == 0 and self.kind(r.stop) == "point":
            j = r.stop + 1
            places: list[Decimal] = []
            while (d := self.digit(j, "decimal") or (self.digit(j, "bare") if places and places[-1] >= 2 else None)) is not None:
                places.append(d.value)
                j += 1
            if places:
                frac = Decimal("0." + "".join(str(int(p)) for p in places))
                r.value += frac
                r.words += 1 + len(places)
                r.tags.add("decimal")
                r.stop = j
                if r.scale == 1:
                    m, prod = self.scales(j)
                    if prod != 1:
                        r.value *= prod
                        r.scale = prod
                        r.words += m - j
                        r.stop = m
        return r


def read_numeral(toks: list[Tok], i: int) -> Reading | None:
    """Read the longest numeral starting at ``toks[i]`` (sign handling is the caller's)."""
    return _Reader(toks, lexicon()).numeral(i)
