"""Amounts: a number with its qualifier, range, scale, unit, currency and rate.

Input is the working text and the spans of identifiers and time expressions found by the
earlier stages (``excluded``); output is every :class:`Amount` in text order. Numerals
come from :mod:`vnfacts.numbers`; the words around them from :mod:`vnfacts.units` (all
language data is in ``data/*.tsv``).

Reading decisions (FACTS.md leaves them open; the corpus ``tests/corpus/quantities.tsv``
pins them):

* The span holds qualifier + number + scale + unit + rate (``trên 12%/năm``), but a
  counted noun stays outside (``Hơn 37.000`` in ``Hơn 37.000 lao động``); ``từ`` before a
  range stays outside too (``tăng từ 15-25%`` -> ``15-25%``, as the gold example).
* ``hơn`` after a comparative adjective compares (``cao hơn 5%`` = higher by 5%): the amount
  is ``5%`` exact, without ``hơn``.
* ``trên`` before a place noun is the preposition (``trên 63 tỉnh, thành`` = across 63
  provinces): the amount is exact, without ``trên``.
* Vague amounts: ``hàng``/``cả`` X = X..10X, ``vài``/``mấy``/``một vài`` X = 2X..9X,
  ``dăm`` X = 3X..7X (``vague.tsv``); only before a scale word (``vài người`` is not read).
* A lone ambiguous word numeral (``năm``, ``ba``, ``một``) counts only with a unit, scale or
  counted noun after it; a lone word numeral below ten (``hai``) likewise; ``một`` before a
  noun is the article and is never read.
* A bare number (no unit, no noun) is kind ``number`` unless a label word precedes it
  (``Điều 5``, ``số 12``, ``tầng 3``) or it numbers a list item; with a scale word after a
  money cue in its clause (``số vốn dưới 1 tỷ``) it is money in VND.
* ``N lần`` is a ratio after ``gấp`` or a change/comparative word (``tăng 3 lần``), else a
  count of occasions; ``a/b`` is a fraction only before a unit or after a level or
  qualifier word (otherwise, it is left to the periods stage as a date).
* Ranks need a cue: ``đứng thứ hai``, ``xếp thứ 5``, ``lớn thứ ba``, ``lần thứ 5``, ``đứng
  đầu`` (rank 1); ``top 10`` is rank at_most 10. A bare ``thứ 3`` is a weekday, not a rank.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import units as U
from .encodings import is_syllable
from .numbers import Number, find_numbers
from .quantity_words import special_amounts

__all__ = ["Amount", "find_amounts"]

# How far back (characters) a money cue may stand and still make "1 tỷ" money.
_MONEY_WINDOW = 60
# How far back a "hàng năm" may stand in the clause and still make the amount a yearly rate.
_RATE_WINDOW = 30
_RANGE_SEPS = frozenset({"-", "–", "—", "~"})
_RANGE_WORDS = frozenset({"đến", "tới"})
_FROM_BEFORE = re.compile(r"(?<!\w)[Tt]ừ\s+$")
_WORDED_RANGE = re.compile(r"\s(?:đến|tới)\s")


@dataclass(frozen=True, slots=True)
class Amount:
    """One amount in working-text coordinates (see FACTS.md for the value semantics).

    start/end: the full span (qualifier + number + scale + unit/rate, not a counted noun);
    core_start/core_end: the same without the pre-qualifier; noun_start/noun_end: the
    counted noun when unit is one. value/low/high are in base units (money in whole
    currency units, percent as written).
    """

    start: int
    end: int
    text: str
    core_start: int
    core_end: int
    kind: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None
    unit_text: str | None
    per: str | None
    noun_start: int | None
    noun_end: int | None
    rule: str


def bounds(qualifier: str, value: float) -> tuple[float | None, float | None, float | None]:
    """(value, low, high) of a point value under ``qualifier`` (FACTS.md)."""
    if qualifier in ("more_than", "at_least"):
        return value, value, None
    if qualifier in ("less_than", "at_most"):
        return value, None, value
    return value, None, None


def make_amount(text: str, start: int, core_start: int, end: int, **fields) -> Amount:
    """Build an :class:`Amount` whose text is cut from ``text`` (keeps spans honest)."""
    fields.setdefault("noun_start", None)
    fields.setdefault("noun_end", None)
    fields.setdefault("per", None)
    fields.setdefault("unit_text", None)
    return Amount(start=start, end=end, text=text[start:end], core_start=core_start, core_end=end, **fields)


def pre_qualifier(text: str, pos: int) -> tuple[int, str, str] | None:
    """The qualifier right before ``pos``: (start, qualifier, word as written, lower-cased).

    Two qualifiers may stack (``khoảng hơn``): the span takes both, the nearer one decides.
    ``hơn`` after a comparative adjective is not a qualifier (``cao hơn 5%``).
    """
    lex = U.lexicon()
    hit = lex.pre_qualifiers.ending(text, U.back_gap(text, pos))
    if hit is None:
        return None
    word = text[hit.start:hit.end].lower()
    before = U.cue_roles_before(text, hit.start)
    if before is not None and "comparative" in before.value and word == "hơn":
        return None
    if before is not None and "money" in before.value and word in ("tối thiểu", "tối đa"):
        return None  # "lương tối thiểu 4,68 triệu": the minimum wage, an adjective
    start = hit.start
    outer = lex.pre_qualifiers.ending(text, U.back_gap(text, hit.start))
    if outer is not None and outer.value in ("about", "more_than", "less_than"):
        start = outer.start
    return start, hit.value, word


def _is_label(text: str, n: Number) -> bool:
    """A number that names something (Điều 5, số 12, list item "1.") rather than counts."""
    cue = U.cue_roles_before(text, n.start)
    if cue is not None and "label" in cue.value and "amount" not in cue.value:
        return True
    # Glued to a slash: a piece of a date or a document number (136/2007/QĐ-TTg) that the
    # earlier stages did not take; fractions were already claimed by quantity_words.
    if text[n.start - 1:n.start] in ("/", ":") or text[n.end:n.end + 1] in ("/", ":"):
        return True  # also "4:1" (a share split or a score), "10:30"
    if text[n.start - 1:n.start] == "+" and text[n.start - 2:n.start - 1].isalpha():
        return True  # a group name: ASEAN+3
    if text[n.end:n.end + 1].isalpha() or text[n.start - 1:n.start].isalpha():
        return True  # glued to letters that are no unit: a code, grade or model ("180CST", "5G", "Reno5")
    line_start = text.rfind("\n", 0, n.start) + 1
    if not text[line_start:n.start].strip(" \t(") and text[n.end:n.end + 2] in (". ", ") ", ".\t"):
        return True
    # Alone on its line: a cell of a table flattened into text, with nothing to say what it counts.
    line_end = text.find("\n", n.end)
    return not text[line_start:n.start].strip() and not text[n.end:len(text) if line_end < 0 else line_end].strip()




_WORD_BEFORE = re.compile(r"(\S+)[ \t\u00a0]+$")


def _after_product_name(text: str, start: int) -> bool:
    """A measure right after a capitalised loanword or a code (``Glucosamine 1500mg``,
    ``Omega 3-6-9 1600mg``) belongs to a product's name; after a Vietnamese name (``Thái
    Bình 3.350ha``) it does not."""
    word = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if word is None:
        return False
    token = word.group(1)
    if any(c.isdigit() for c in token):
        return token[0].isdigit() and "-" in token  # "3-6-9": a formula's code
    return token[:1].isupper() and not token.isupper() and token.isalpha() and len(token) > 2 and not is_syllable(token)


def _names_something(text: str, n: Number) -> bool:
    """A bare number that is part of a name (RON 92, Đài Thơm 8, ST25 line, Luật Đất đai 2024)
    or a year written without a cue (vụ hè thu 2025), not a count."""
    if n.form == "digits" and len(n.text) == 4 and n.text.isdigit() and 1900 <= n.value <= 2100:
        cue = U.cue_roles_before(text, n.start)
        return cue is None or not cue.value & {"level", "amount"}  # "con số là 2000" is one
    head = text[max(0, n.start - 30):n.start]
    word = re.search(r"(\S+)\s+$", head)
    if word is None or not word.group(1)[:1].isupper():
        return False
    token = word.group(1)
    if not token[-1].isalnum():
        return False  # "PNJ, 5 cửa hàng": punctuation ends the name
    if token.isupper() and len(token) >= 2:
        return True  # an acronym: RON 92, OCOP 3, IR 50404
    before = head[: word.start(1)].rstrip()
    # A capitalised word inside a sentence is a name; at a sentence start it is not.
    return bool(before) and before[-1] not in ".!?:;\"“(\n"


def _rate_and_post(text: str, end: int) -> tuple[str | None, int, str | None, int]:
    """(per, end after rate, post-qualifier, end after it) after a unit ending at ``end``."""
    per = None
    rate = U.rate_after(text, end)
    if rate is not None:
        per, end = rate
    post = U.lexicon().post_qualifiers.starting(text, U.skip_gap(text, end))
    if post is not None and U.skip_gap(text, end) > end:
        return per, end, post.value, post.end
    return per, end, None, end


class _Reader:
    """Reads the amounts of one text from its numbers, left to right."""

    def __init__(self, text: str, numbers: list[Number]) -> None:
        self.text = text
        self.numbers = numbers
        self.lex = U.lexicon()

    def unit(self, n: Number) -> tuple[U.UnitEntry | None, int, int, float]:
        """(entry, unit start, unit end, extra value) after ``n``; a cent word adds to money."""
        text = self.text
        hit = U.unit_after(text, n.end)
        if hit is None:
            pre = self.lex.pre_currency.ending(text, U.back_gap(text, n.start))
            if pre is not None and not text[pre.start:pre.end].isalpha():
                return pre.value, pre.start, pre.end, 0.0
            return None, n.end, n.end, 0.0
        entry, end, extra = hit.value, hit.end, 0.0
        if entry.factor != 1.0:  # a lone cent word: 50 xu = 0.5 USD
            return replace(entry, factor=1.0), hit.start, end, n.value * (entry.factor - 1.0)
        # "hai đô rưỡi", "một năm rưỡi": half a unit more.
        after = U.skip_gap(text, end)
        if entry.kind != "count" and n.scale == 1.0 and text[after:after + 4].lower() == "rưỡi" \
                and not text[after + 4:after + 5].isalpha():
            extra, end = 0.5, after + 4
        elif entry.kind == "money":
            extra, end = self._cents(end, extra)
        return entry, hit.start, end, extra

    def _cents(self, end: int, extra: float) -> tuple[float, int]:
        """"hai ơ rô năm mươi xu": cents of the currency just read."""
        nxt = next((m for m in self.numbers if m.start >= end), None)
        if nxt is None or self.text[end:nxt.start].strip():
            return extra, end
        hit = U.unit_after(self.text, nxt.end)
        if hit is None or self.text[hit.start:hit.end].lower() not in self.lex.cents:
            return extra, end
        self.consumed.add(id(nxt))
        return extra + nxt.value * hit.value.factor, hit.end

    def range_end(self, i: int, end: int) -> int | None:
        """Index of the number that closes a range opened by numbers[i] (ending at ``end``)."""
        if i + 1 >= len(self.numbers):
            return None
        n2 = self.numbers[i + 1]
        gap = self.text[end:n2.start]
        sep = gap.strip()
        if sep in _RANGE_SEPS or (sep.lower() in _RANGE_WORDS and gap[:1].isspace() and gap[-1:].isspace()):
            return i + 1
        if n2.negative and not sep and self.text[n2.start] in "-–—":
            return i + 1  # "15-25%" when the numeral reader took "-25" as negative
        return None

    def read(self, i: int) -> tuple[Amount | None, int]:
        """The amount that starts with numbers[i], and the index of the next unread number."""
        n = self.numbers[i]
        entry, u_start, u_end, extra = self.unit(n)
        value = n.value + extra
        nxt = i + 1
        low = high = None
        first_start = min(n.start, u_start)
        # A unit before the number ($5) or a counted noun does not extend the core.
        core_end = u_end if entry is not None and entry.kind != "count" and u_start >= n.end else n.end
        noun = (u_start, u_end) if entry is not None and entry.kind == "count" else None
        j = self.range_end(i, core_end if noun is None else n.end)
        if j is not None:
            n2 = self.numbers[j]
            entry2, u2_start, u2_end, extra2 = self.unit(n2)
            v2 = abs(n2.value) + extra2
            v1 = value
            if n.scale == 1.0 and n2.scale > 1.0 and v1 * n2.scale <= v2:
                v1 *= n2.scale  # "2-3 triệu", "180 - 200 ngàn đồng": the scale is shared
            if v1 >= v2 and not (self.text[core_end:n2.start].strip().lower() in _RANGE_WORDS):
                return None, j + 1  # "thắng 3-1", "2-0": a score or a code, not an amount
            same_unit = entry is None or entry2 is None or entry.unit == entry2.unit
            if same_unit and v1 < v2 and (entry is None or entry.kind != "count"):
                low, high, nxt = v1, v2, j + 1
                if entry2 is not None:
                    entry, u_start, u_end = entry2, u2_start, u2_end
                    core_end = u2_end if entry2.kind != "count" else n2.end
                    noun = (u2_start, u2_end) if entry2.kind == "count" else None
                else:
                    core_end = n2.end
        scale = max(n.scale, self.numbers[nxt - 1].scale)
        return self.finish(n, first_start, core_end, entry, u_start, u_end, noun, value, low, high, scale), nxt

    def finish(self, n: Number, core_start: int, core_end: int, entry: U.UnitEntry | None, u_start: int,
               u_end: int, noun: tuple[int, int] | None, value: float, low: float | None,
               high: float | None, scale: float) -> Amount | None:
        text = self.text
        is_range = low is not None
        qual = pre_qualifier(text, core_start)
        qualifier = qual[1] if qual is not None else "exact"
        start = qual[0] if qual is not None else core_start
        per = None
        end = core_end
        if entry is not None and entry.kind != "count":
            per, end, post, post_end = _rate_and_post(text, core_end)
        else:
            post, post_end = None, core_end
            if noun is not None:
                _, _, post, _ = _rate_and_post(text, noun[1])
        if post is not None:
            qualifier = post
            if noun is None:
                end = post_end
        kind = entry.kind if entry is not None else "number"
        unit = entry.unit if entry is not None else None
        unit_text = text[u_start:u_end] if entry is not None else None
        if noun is not None:
            unit = text[noun[0]:noun[1]]
            if qual is not None and qual[2] == "trên" and entry.klass == "place":
                qualifier, start = "exact", core_start  # "trên 63 tỉnh" = across 63 provinces
        gap = U.cue_roles_before(text, start)
        unit_key = text[u_start:u_end].lower() if entry is not None else ""
        if self._names_a_class(n, start, entry, noun, qual, gap, unit_key):
            self.label_end, self.label_unit = end, unit_key
            return None
        if entry is None:
            if n.ambiguous:
                return None
            if n.form == "words" and " " not in n.text.strip() and abs(n.value) < 10:
                return None
            if scale >= 1000 and U.money_cue_before(text, start, _MONEY_WINDOW):
                kind, unit = "money", "VND"
        if kind == "count" and n.form == "words" and n.value == 1 and not is_range and qual is None:
            return None  # "một doanh nghiệp": the article, not a count
        if unit == "point" and n.form == "words" and n.value == 1 and not is_range and qual is None \
                and not (gap is not None and gap.value & {"level", "change"}):
            return None  # "một điểm sáng", "một điểm quan trọng": a spot, not one index point
        if kind == "duration" and (
            (gap is not None and "window" in gap.value)  # "cao nhất trong 5 tháng"
            or (n.form == "words" and n.value == 1 and not is_range and qual is None)  # "một quý"
            or self._window_of_previous(start)  # "tăng 23% qua 1 năm"
            or _superlative_window(text, start, end, self.prev_end)  # "thấp nhất … trong vòng 10 năm qua"
        ):
            return None
        if unit is not None and text[u_start:u_end].lower() == "lần" and gap is not None \
                and gap.value & {"change", "comparative"}:
            kind, unit, noun, end = "ratio", "times", None, u_end
        if per is None and kind in ("percent", "money", "measure"):
            per = U.rate_before(text, start, _RATE_WINDOW)
        opener = _FROM_BEFORE.search(text, max(0, core_start - 4), core_start) if qual is None else None
        if opener and ((is_range and _WORDED_RANGE.search(text, core_start, end)) or (post == "at_least" and noun is None)):
            # "từ 60 đến 75 triệu", "từ 500 tỷ đồng trở lên": từ is part of the construction;
            # before a dash range ("tăng từ 15-25%") it is not (the spec's example).
            start = opener.start()
        if is_range:
            v, qualifier = None, "range"
        else:
            v, low, high = bounds(qualifier, value)
        if not is_range and value < 0 and kind in ("count",):
            return None
        return make_amount(text, start, core_start, end, kind=kind, value=v, low=low, high=high,
                           qualifier=qualifier, unit=unit, unit_text=unit_text, per=per,
                           noun_start=noun[0] if noun else None, noun_end=noun[1] if noun else None,
                           rule=f"{'range' if is_range else 'number'}+{kind}")

    def _names_a_class(self, n: Number, start: int, entry: U.UnitEntry | None, noun: tuple[int, int] | None,
                       qual: tuple | None, gap, unit_key: str) -> bool:
        """The number names a class, a grade or an item rather than counting or measuring."""
        text = self.text
        if entry is None and (_is_label(text, n) or _names_something(text, n)):
            return True
        if noun is not None and entry is not None and entry.klass == "label":
            return True  # "khách sạn 4 sao", "xe 45 chỗ": a class, not a count
        if gap is not None and qual is None and "class" in gap.value:
            return True  # "loại 60 kg/bao", "đợt 3"
        if entry is not None and entry.kind == "measure" and qual is None:
            if gap is not None and "container" in gap.value:
                return True  # "hộp 250 ml": the size of the package
            stated = gap is not None and gap.value & {"level", "change", "amount"}
            if entry.unit in self.lex.spec_units and not stated:
                return True  # "Celeron 1,8 GHz", "USB 2 GB": a product specification
            if not stated and _after_product_name(text, start):
                return True  # "Glucosamine 1500mg", "Omega 3-6-9 1600mg": part of a product's name
        # The next items of a list of classes, in the same unit: "loại 1 chỉ, 2 chỉ, 5 chỉ",
        # "đợt 5, 6, 7 và 8" (but "Quận 1, 300 hộ" counts households).
        return (self.label_end is not None and unit_key == self.label_unit
                and _LIST_LINK.fullmatch(text, self.label_end, start) is not None)

    def _window_of_previous(self, start: int) -> bool:
        """A duration right after an amount through ``qua`` is the window of that change."""
        return self.prev_end is not None and _WINDOW_LINK.fullmatch(self.text, self.prev_end, start) is not None

    def run(self) -> list[Amount]:
        self.consumed: set[int] = set()
        self.label_end: int | None = None
        self.label_unit = ""
        self.prev_end: int | None = None
        out: list[Amount] = []
        i = 0
        while i < len(self.numbers):
            if id(self.numbers[i]) in self.consumed:
                i += 1
                continue
            amount, i = self.read(i)
            if amount is not None:
                out.append(amount)
                self.prev_end = amount.end
                self.label_end = None
        return out


# Between two items of one list, after the first item's number: "1 chỉ, 2 chỉ", "5, 6, 7 và 8".
_LIST_LINK = re.compile(r"(?:\s+\w+)?\s*(?:,|;|\s(?:và|hoặc))\s*", re.IGNORECASE)
# Between a change and the window it is measured over: "tăng 23% qua 1 năm".
_WINDOW_LINK = re.compile(r"\s*\)?\s+qua\s+", re.IGNORECASE)
_SUPERLATIVE = re.compile(r"(?<!\w)nhất(?!\w)", re.IGNORECASE)
_WINDOW_OPENER = re.compile(r"(?<!\w)(?:(?P<vong>trong\s+vòng)|trong)\s+$", re.IGNORECASE)
_LOOKING_BACK = re.compile(r"\s+(?:qua|gần\s+đây|trở\s+lại\s+đây)(?!\w)", re.IGNORECASE)
# How far back a superlative may stand before "trong vòng N năm" and still set its window.
_SUPERLATIVE_REACH = 50


def _superlative_window(text: str, start: int, end: int, prev_end: int | None) -> bool:
    """``thấp nhất của CPI các tháng 5 trong vòng 10 năm qua``: the window of a superlative
    stated earlier in the clause, with no amount in between (``trong vòng N năm``, or
    ``trong N năm qua``)."""
    opener = _WINDOW_OPENER.search(text, max(0, start - 14), start)
    if opener is None or not (opener["vong"] or _LOOKING_BACK.match(text, end)):
        return False
    lo = max(0, opener.start() - _SUPERLATIVE_REACH, prev_end or 0)
    before = re.split(r"[.;!?\n]\s", text[lo:opener.start()])[-1]  # this sentence only
    return bool(_SUPERLATIVE.search(before))


_STREAK = re.compile(r"\s+liên\s+tiếp(?!\w)", re.IGNORECASE)


def _streak(text: str, a: Amount) -> bool:
    """``tháng thứ 6 liên tiếp``: the place in a streak is an ordinal label, not a rank."""
    return a.kind == "rank" and _STREAK.match(text, a.end) is not None


def _overlaps(a: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def find_amounts(text: str, *, excluded: Sequence[tuple[int, int]] = (), convention: str = "auto") -> list[Amount]:
    """Every amount in ``text`` (working copy), in text order.

    Args:
        text: the working text (NFC, layout repaired).
        excluded: spans already taken by identifiers and time expressions; no amount
            overlaps them.
        convention: decimal convention passed to :func:`vnfacts.numbers.find_numbers`
            (``"auto"``; ``"en"`` for ``.`` decimals, as in text-normalisation test data).

    Example:
        >>> [(a.text, a.value, a.unit) for a in find_amounts("Doanh thu tăng trên 19%/năm.")]
        [('trên 19%/năm', 19.0, '%')]
    """
    excluded = list(excluded)
    numbers = [n for n in find_numbers(text, convention=convention) if not _overlaps((n.start, n.end), excluded)]
    specials, claimed = special_amounts(text, numbers, excluded)
    numbers = [n for n in numbers if not _overlaps((n.start, n.end), claimed)]
    found = specials + _Reader(text, numbers).run()
    found = [a for a in found if not _overlaps((a.start, a.end), excluded) and not _streak(text, a)]
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    out: list[Amount] = []
    for a in found:
        if out and a.start < out[-1].end:
            continue
        out.append(a)
    return out
