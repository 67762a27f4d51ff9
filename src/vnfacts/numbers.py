"""Numerals in Vietnamese working text: digits, number words, both mixed, and shorthand.

:func:`find_numbers` returns every numeral in a text with its exact span and value, scale
words included (``37 nghìn`` = 37000, ``2,3 nghìn tỷ`` = 2.3e12, ``hai triệu rưỡi`` =
2.5e6, ``1tr2`` = 1.2e6). Percent signs, units, qualifiers and ranges are the quantity
stage's; identifiers, dates and times are excluded by later stages from the spans this
module returns (see *Digits* below for what is skipped here already).

Separator convention (digits)
-----------------------------
Vietnamese writes ``1.234.567,5``; some outlets write ``1,234,567.5``. Each digit run is
classified on its own first:

* unambiguous Vietnamese: several ``.`` groups of exactly 3 digits (``1.234.567``), a ``,``
  followed by anything but 3 digits (``12,5``), or ``1.234,5``;
* unambiguous English: several ``,`` groups (``1,234,567``), a ``.`` followed by anything
  but 3 digits (``12.5``, ``1.5 triệu``), or ``1,234.5``; so a separator followed by 1-2
  digits is a decimal in every convention;
* ambiguous: one separator followed by exactly 3 digits after a head of 1-3 digits not
  starting with 0 (``1.000``, ``1,000``, ``37.500``).

``convention="vi"`` or ``"en"`` reads the ambiguous runs that way. ``"auto"`` (the
default of :func:`find_numbers`) counts the unambiguous runs of the whole text, Vietnamese
against English, and reads the ambiguous ones by the majority; a tie (including no
evidence at all) is Vietnamese. Decimals whose fraction is all zeros (``4.0`` in
"công nghiệp 4.0") and dot decimals that read as a day.month (``17.10``, ``10.6``) are not
evidence; ``7.2017`` (month.year) is not a numeral at all. Unambiguous runs read the same in every convention.
Runs that fit no pattern (``15.3.2020``, ``1.2.3``, ``1,23,456``) are not numerals.

Spaces as thousands separators (``12 500 000``) are joined only when the head has 1-3
digits, every further group exactly 3, and the head does not itself follow a number across
a space (``năm 2020 1 000`` keeps 2020 apart).

Digits
------
A digit run glued to a letter before it (``F0``, ``A1``, ``x2``, ``Covid-19``) is an
identifier and skipped, as is one glued to a single capital or to letters followed by more
digits after it (``1A``, ``5G``, ``19h30``). Glued lower-case or multi-letter units are
fine (``100km``, ``50MW``): the number is returned, the unit left to the quantity stage;
so are units that end in a digit (``100m2``, ``1km2``: ``data/digit_suffixes.tsv``). A
``-`` after letters that are themselves glued to digits is a range dash, not glue
(``3kg-6kg``, ``10k-20k``, ``50.000đ-100.000đ``: both numbers are returned); after letters
that follow no digit it still glues (``Covid-19``, ``SARS-CoV-2``).
A digit run after a name word from ``data/name_prefixes.tsv`` (``ISO 9001``) is skipped.
Slashes are left alone: ``1/3`` and ``15/3/2020`` give their digit runs as separate
numbers; fractions and dates are the quantity and period stages' to claim.

Words
-----
The grammar is in :mod:`vnfacts.numwords`, the words in ``data/numerals.tsv``. ``năm``
right after ``mươi``/``mười``/``trăm``/a scale is not absorbed: ``ba nghìn năm`` is more
often "3000 years" than a clipped 3500 in news, and ``mười năm`` is "ten years"; it comes
back as its own ambiguous ``năm``. A lone lexically ambiguous word (``năm``, ``ba``,
``một``, ``tư``, ``bảy`` …; the ``alone`` column) is returned with ``ambiguous=True``;
``không``, ``mốt``, ``lăm`` alone are not numbers. ``âm`` before a numeral makes it
negative, as does ``-``/``−`` glued to digits after a space; ``trừ`` is "except" in prose
(``trừ 5 tỉnh``) and is a sign only in :func:`parse_number`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .lexicon import alternation, load_table, trie_regex
from .numwords import Reading, Tok, lexicon, read_numeral

__all__ = ["Number", "find_numbers", "parse_number", "scale_of", "CONVENTIONS"]

CONVENTIONS = ("auto", "vi", "en")
_SPACES = " \t\u00a0\u2009\u202f"


@dataclass(frozen=True, slots=True)
class Number:
    """One numeral found in a text.

    Attributes:
        start, end: ``[start, end)`` offsets into the text given to :func:`find_numbers`.
        text: ``text[start:end]``.
        value: the value with scale words applied (``37 nghìn`` = 37000.0).
        form: ``digits``, ``words``, ``mixed`` (digits with scale words) or ``shorthand``.
        scale: the multiplier of the leading scale words or shorthand (``1,5 triệu`` -> 1e6,
            ``5 tỷ 300 triệu`` -> 1e9), 1.0 when there is none; ``value / scale`` is the
            figure as written.
        ambiguous: a lone word that is often not a number (``năm``, ``ba``, ``một``, ``tư``).
        negative: a sign (``âm``, ``-``) was read; ``value`` is then negative.
        rule: id of the rule that read it, e.g. ``digits.vi_grouping``, ``words.clipped``.
    """

    start: int
    end: int
    text: str
    value: float
    form: str
    scale: float
    ambiguous: bool
    negative: bool
    rule: str


# -- data and patterns, loaded once ---------------------------------------------------------


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    token = re.compile(r"(?P<num>[0-9]+(?:[.,][0-9]+)*)|(?P<word>[^\W\d_]+)|(?P<minus>[-\u2212])")
    split = re.compile(r"([.,])")
    return token, split


@lru_cache(maxsize=1)
def _sparse_pattern() -> re.Pattern[str]:
    """The tokens of :func:`_patterns` that can matter to a numeral, and no others.

    Digit runs and minus signs as before; of the words only those that a numeral or a
    digit run can use: number words (``numerals.tsv``, matched case-insensitively, a
    superset of ``word.lower() in lexicon()``), name prefixes (``ISO 9001``) and words
    glued to a digit (``100km``, ``1tr2``, ``F0``, ``m2``). Every other word only breaks a
    numeral, which :func:`_tokens` records as one stand-in token per run of such words.
    """
    prefixes = _name_prefixes()
    lex = trie_regex(sorted(lexicon()))  # a character trie: one branch per letter, not one try per word
    alts = [f"(?i:{lex})"] + ([alternation(prefixes)] if prefixes else [])
    return re.compile(
        r"(?P<num>[0-9]+(?:[.,][0-9]+)*)"
        # Each alternative spans a whole letter run (one run start check for all three).
        r"|(?P<word>(?<![^\W\d_])(?:(?:" + "|".join(alts) + r")(?![^\W\d_])"
        r"|(?<=[0-9])[^\W\d_]+"
        r"|[^\W\d_]+(?=[0-9])))"
        r"|(?P<minus>[-\u2212])"
    )


# A word token standing for a run of words that no numeral can use (never in the lexicon).
_OTHER = "\x00"


def _is_letter(ch: str) -> bool:
    """``ch`` matches ``[^\\W\\d_]`` (a word character that is not a decimal digit)."""
    return ch.isalnum() and not ch.isdecimal()


def _check_shorthand(row: dict[str, str]) -> str | None:
    if row["case"] not in ("exact", "any"):
        return f"case must be exact or any, not {row['case']!r}"
    try:
        if Decimal(row["scale"]) <= 0:
            return "scale must be positive"
    except ArithmeticError:
        return f"scale {row['scale']!r} is not a number"
    return None if row["suffix"].isalpha() else "suffix must be letters"


@lru_cache(maxsize=1)
def _shorthand() -> dict[str, tuple[Decimal, bool]]:
    rows = load_table("shorthand.tsv", ["suffix", "scale", "case"], required=["suffix", "scale", "case"], check=_check_shorthand)
    return {r["suffix"]: (Decimal(r["scale"]), r["case"] == "exact") for r in rows}


@lru_cache(maxsize=1)
def _digit_suffixes() -> frozenset[str]:
    rows = load_table("digit_suffixes.tsv", ["suffix"], required=["suffix"],
                      check=lambda r: None if re.fullmatch(r"[^\W\d_]+[0-9]+", r["suffix"]) else "suffix must be letters then digits")
    return frozenset(r["suffix"] for r in rows)


@lru_cache(maxsize=1)
def _name_prefixes() -> frozenset[str]:
    return frozenset(r["word"] for r in load_table("name_prefixes.tsv", ["word"], required=["word"]))


def scale_of(word: str) -> float | None:
    """The multiplier of a scale word (``nghìn``/``ngàn`` 1e3, ``vạn``, ``triệu``, ``tỷ``/``tỉ``), else None."""
    e = lexicon().get(word.lower())
    return float(e.value) if e is not None and e.kind == "scale" else None


# -- digit runs ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Run:
    """How a digit run may be read: fixed (value, rule) or ambiguous (vi and en readings)."""

    vi: tuple[Decimal, str] | None
    en: tuple[Decimal, str] | None
    evidence: str | None  # "vi" / "en" when the run's shape settles the convention


def _classify(s: str) -> _Run | None:
    parts = _patterns()[1].split(s)
    groups, seps = parts[0::2], parts[1::2]
    head = groups[0]
    if not seps:
        r = (Decimal(s), "digits.plain")
        return _Run(r, r, None)
    grouped_head = 1 <= len(head) <= 3 and head[0] != "0"
    if len(set(seps)) == 1:
        c = seps[0]
        lang = "vi" if c == "." else "en"  # the convention in which c groups thousands
        other = "en" if lang == "vi" else "vi"
        if len(seps) == 1:
            tail = groups[1]
            grouping = (Decimal(head + tail), f"digits.resolved_{lang}")
            decimal = (Decimal(head + "." + tail), f"digits.resolved_{other}")
            if len(tail) == 3 and grouped_head:
                return _Run(*((grouping, decimal) if lang == "vi" else (decimal, grouping)), None)
            if c == "." and len(tail) == 4 and 1 <= int(head) <= 12 and 1900 <= int(tail) <= 2099:
                return None  # "tháng 7.2017": a month and year, the period stage's
            r = (Decimal(head + "." + tail), f"digits.{other}_decimal")
            # "4.0" and date-like "17.10"/"10.6" (day.month) say nothing about the convention.
            datelike = c == "." and len(tail) <= 2 and 1 <= int(head) <= 31 and 1 <= int(tail) <= 12
            return _Run(r, r, other if tail.strip("0") and not datelike else None)
        if grouped_head and all(len(g) == 3 for g in groups[1:]):
            r = (Decimal("".join(groups)), f"digits.{lang}_grouping")
            return _Run(r, r, lang)
        return None
    c1, c2 = seps[0], seps[-1]
    if c1 != c2 and all(x == c1 for x in seps[:-1]) and grouped_head and all(len(g) == 3 for g in groups[1:-1]):
        lang = "vi" if c1 == "." else "en"
        r = (Decimal("".join(groups[:-1]) + "." + groups[-1]), f"digits.{lang}_grouped_decimal")
        return _Run(r, r, lang)
    return None


# -- tokens ----------------------------------------------------------------------------------


def _horizontal(text: str, a: int, b: int) -> bool:
    return a < b and all(ch in _SPACES for ch in text[a:b])


def _tokens(text: str, convention: str, *, sparse: bool = False) -> tuple[list[Tok], set[int]]:
    """Tokens of ``text`` with digit runs read; returns (tokens, indices of shorthand tokens).

    ``sparse``: a run of words that no numeral can use (see :func:`_sparse_pattern`) is one
    stand-in word token (``word == _OTHER``) ending where the run's last word ends. Numerals
    read from the sparse list are the same as from the full one: such words only matter as
    "a word, not a number word" to their neighbours, and a stand-in is exactly that.
    """
    token_re = _sparse_pattern() if sparse else _patterns()[0]
    matches = list(token_re.finditer(text))
    runs: dict[int, _Run] = {}
    drop: set[int] = set()
    names = _name_prefixes()
    for k, m in enumerate(matches):
        if m.lastgroup != "num":
            continue
        run = _classify(m.group())
        a, b = m.span()
        before = text[a - 1] if a else ""
        glued_left = before.isalnum() or before == "_" or (before in "-." and a >= 2 and text[a - 2].isalpha() and not _range_dash(text, a - 1))
        nxt = matches[k + 1] if k + 1 < len(matches) else None
        glued_right = False
        if _read_shorthand(text, matches, k, _shorthand()) is not None:
            pass  # "1tr2", "10K": shorthand, read below
        elif nxt is not None and nxt.start() == b and nxt.lastgroup == "word":
            w = nxt.group()
            after = nxt.end()
            glued_right = (len(w) == 1 and w.isupper()) or (after < len(text) and text[after].isdigit() and not _digit_suffix(text, matches, k + 1))
        prev = matches[k - 1] if k else None
        named = prev is not None and prev.lastgroup == "word" and prev.group() in names and _horizontal(text, prev.end(), a)
        if run is None or glued_left or glued_right or named:
            drop.add(k)
        else:
            runs[k] = run
    if convention == "auto":
        votes = [r.evidence for r in runs.values() if r.evidence]
        convention = "en" if votes.count("en") > votes.count("vi") else "vi"
    toks: list[Tok] = []
    short_idx: set[int] = set()
    short = _shorthand()
    k = 0
    while k < len(matches):
        m = matches[k]
        a, b = m.span()
        if sparse:
            # Words skipped between the previous token and this one: one stand-in token.
            prev_end = toks[-1].end if toks else 0
            j = a
            while j > prev_end and not _is_letter(text[j - 1]):
                j -= 1
            if j > prev_end:
                toks.append(Tok(j, j, _OTHER, word=_OTHER))
        joined = bool(toks) and _horizontal(text, toks[-1].end, a)
        if k in drop:
            # An identifier's digits break any numeral around them.
            toks.append(Tok(a, b, m.group(), joined=False))
            k += 1
            continue
        if m.lastgroup == "num":
            sh = _read_shorthand(text, matches, k, short)
            if sh is not None:
                stop_k, end, value = sh
                short_idx.add(len(toks))
                toks.append(Tok(a, end, text[a:end], num=value, rule="shorthand", joined=joined))
                k = stop_k
                continue
            k, tok = _read_run(text, matches, runs, k, convention, toks)
            tok.joined = joined
            toks.append(tok)
            continue
        word = m.group().lower() if m.lastgroup == "word" else None
        toks.append(Tok(a, b, m.group(), word=word, joined=joined))
        k += 1
    return toks, short_idx


def _range_dash(text: str, d: int) -> bool:
    """``3kg-6kg``: the ``-`` at d follows letters glued to digits, so it is a range dash."""
    return text[d] == "-" and re.search(r"[0-9][^\W\d_]+\Z", text[max(0, d - 16):d]) is not None


def _digit_suffix(text: str, matches: list[re.Match[str]], w: int) -> bool:
    """Word match w and the digit run glued after it spell a unit such as ``m2``/``km2``."""
    word, num = matches[w], matches[w + 1] if w + 1 < len(matches) else None
    if num is None or num.lastgroup != "num" or num.start() != word.end() or not num.group().isdigit():
        return False
    end = num.end()
    return not (end < len(text) and (text[end].isalnum() or text[end] == "_")) and word.group() + num.group() in _digit_suffixes()


def _read_shorthand(text: str, matches: list[re.Match[str]], k: int, short: dict[str, tuple[Decimal, bool]]) -> tuple[int, int, Decimal] | None:
    """``1tr2``/``100k``/``2t3`` at match k: (next match index, end offset, value) or None."""
    m = matches[k]
    if not m.group().isdigit() or k + 1 >= len(matches):
        return None
    w = matches[k + 1]
    if w.start() != m.end() or w.lastgroup != "word":
        return None
    suffix = w.group()
    entry = short.get(suffix) or (short.get(suffix.lower()) if suffix.lower() in short and not short[suffix.lower()][1] else None)
    if entry is None:
        return None
    scale = entry[0]
    value, end, stop = Decimal(m.group()), w.end(), k + 2
    if stop < len(matches) and matches[stop].start() == end and matches[stop].lastgroup == "num":
        tail = matches[stop].group()
        if not tail.isdigit() or len(tail) > 3:
            return None
        value += Decimal("0." + tail)
        end, stop = matches[stop].end(), stop + 1
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        return None
    return stop, end, value * scale


def _read_run(text: str, matches: list[re.Match[str]], runs: dict[int, _Run], k: int, convention: str, toks: list[Tok]) -> tuple[int, Tok]:
    """A digit run, joined with following space-separated 3-digit groups when it is a head."""
    m = matches[k]
    run = runs[k]
    value, rule = run.vi if convention == "vi" else run.en  # type: ignore[misc]
    a, b = m.span()
    s = m.group()
    follows_number = bool(toks) and toks[-1].num is not None and _horizontal(text, toks[-1].end, a)
    j = k + 1
    if s.isdigit() and len(s) <= 3 and s[0] != "0" and not follows_number:
        while (
            j < len(matches)
            and matches[j].lastgroup == "num"
            and j in runs
            and len(matches[j].group()) == 3
            and matches[j].group().isdigit()
            and _horizontal(text, matches[j - 1].end(), matches[j].start())
            and matches[j].start() - matches[j - 1].end() == 1
        ):
            j += 1
        if j > k + 1:
            b = matches[j - 1].end()
            digits = "".join(x.group() for x in matches[k:j])
            return j, Tok(a, b, text[a:b], num=Decimal(digits), rule="digits.space_grouping")
    return k + 1, Tok(a, b, s, num=value, rule=rule)


# -- assembly --------------------------------------------------------------------------------


def _rule(r: Reading) -> str:
    if r.digits:
        return r.digit_rule
    for tag in ("decimal", "clipped", "half", "bare", "pair"):
        if tag in r.tags:
            return {"bare": "words.bare_tens", "pair": "words.colloquial_tens"}.get(tag, f"words.{tag}")
    return "words.single" if r.words == 1 else "words.cardinal"


def _number(text: str, toks: list[Tok], first: int, r: Reading, sign: Tok | None) -> Number | None:
    start = sign.start if sign is not None else toks[first].start
    end = toks[r.stop - 1].end
    lone = r.words == 1 and r.digits == 0 and r.stop == first + 1
    ambiguous = False
    if lone:
        alone = lexicon()[toks[first].word or ""].alone  # type: ignore[index]
        if alone == "no":
            return None
        ambiguous = alone == "ambiguous"
    # A sign settles a lone word as a number ("âm năm độ").
    ambiguous = ambiguous and sign is None
    value = -r.value if sign is not None else r.value
    form = "digits" if not r.words else "words" if not r.digits else "mixed"
    return Number(start, end, text[start:end], float(value), form, float(r.scale), ambiguous, sign is not None, _rule(r))


def _minus_char(text: str, toks: list[Tok], i: int) -> bool:
    """``-5``/``−5``: a sign glued to digits, after a space or an opening bracket, not after a number."""
    t = toks[i]
    if t.text not in "-\u2212" or t.word is not None or i + 1 >= len(toks) or toks[i + 1].num is None:
        return False
    if toks[i + 1].start != t.end or toks[i + 1].rule == "shorthand":
        return False
    prev = text[: t.start]
    if prev and prev[-1] not in _SPACES + "([":
        return False
    core = prev.rstrip(_SPACES)
    return not core or not (core[-1].isdigit() or core[-1] == "%")


def find_numbers(text: str, *, convention: str = "auto") -> list[Number]:
    """All numerals in ``text``, non-overlapping, in text order.

    Args:
        text: the working text (NFC, canonical tone placement).
        convention: ``"auto"`` (decide from the whole text), ``"vi"`` or ``"en"``: how to read
            digit runs such as ``1.000`` that are a thousand in one convention and a decimal
            in the other (see the module docstring).
    """
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {CONVENTIONS}, not {convention!r}")
    toks, short_idx = _tokens(text, convention, sparse=True)
    lex = lexicon()
    out: list[Number] = []
    i = 0
    n_toks = len(toks)
    while i < n_toks:
        t = toks[i]
        if t.num is None and t.word is not None and t.word not in lex:
            i += 1  # an ordinary word starts no numeral (read_numeral would return None)
            continue
        if i in short_idx:
            out.append(Number(t.start, t.end, t.text, float(t.num or 0), "shorthand", float(_shorthand_scale(t.text)), False, False, "shorthand"))
            i += 1
            continue
        sign: Tok | None = None
        at = i
        e = lex.get(t.word) if t.word else None
        if e is not None and e.kind == "minus" and i + 1 < len(toks) and toks[i + 1].joined:
            sign, at = t, i + 1
        elif t.word is None and t.num is None and _minus_char(text, toks, i):
            sign, at = t, i + 1
        r = read_numeral(toks, at) if at < len(toks) and at not in short_idx else None
        if r is not None:
            n = _number(text, toks, at, r, sign)
            if n is not None:
                out.append(n)
            i = r.stop
            continue
        i += 1
    return out


def _shorthand_scale(s: str) -> Decimal:
    letters = "".join(ch for ch in s if ch.isalpha())
    short = _shorthand()
    return (short.get(letters) or short[letters.lower()])[0]


def parse_number(text: str, *, convention: str = "vi") -> float | None:
    """The value of ``text`` when the whole string (spaces aside) is exactly one numeral.

    Unlike :func:`find_numbers`, a leading ``trừ`` is read as a minus sign, and lone
    ambiguous words are accepted (``parse_number("năm") == 5.0``); lone ``không``/``mốt``
    are not numbers. Returns None for anything else (``"37.000 người"``, ``"abc"``, ``""``).
    """
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {CONVENTIONS}, not {convention!r}")
    stripped = text.strip()
    if not stripped:
        return None
    toks, short_idx = _tokens(stripped, convention)
    if not toks or toks[0].start != 0 or toks[-1].end != len(stripped):
        return None
    if any(not t.joined for t in toks[1:]) and not (len(toks) > 1 and _minus_char(stripped, toks, 0)):
        return None
    if len(toks) == 1 and 0 in short_idx:
        return float(toks[0].num or 0)
    sign = 1
    at = 0
    e = lexicon().get(toks[0].word or "")
    if e is not None and e.kind in ("minus", "minus_whole") or _minus_char(stripped, toks, 0):
        sign, at = -1, 1
        if len(toks) > 2 and any(not t.joined for t in toks[2:]):
            return None
    if at >= len(toks) or at in short_idx:
        return None
    r = read_numeral(toks, at)
    if r is None or r.stop != len(toks):
        return None
    if r.words == 1 and r.digits == 0 and lexicon()[toks[at].word or ""].alone == "no":  # type: ignore[index]
        return None
    return float(sign * r.value)
