"""Numbers that are not amounts: document numbers, codes, phone numbers, addresses,
list numbering, web addresses, versions and ordinal names.

``find_identifiers(text)`` returns :class:`Identifier` spans into the working text, so
that later stages (periods, quantities) can pass them on as ``excluded``. It runs
first: ``Quyết định số 136/2007/QĐ-TTg`` must not yield the year 2007 or the amount 136.

Kinds: ``legal_doc``, ``code``, ``phone``, ``address``, ``list_number``, ``url``,
``email``, ``version``, ``ordinal_name``.

Decisions (``tests/corpus/identifiers.tsv`` pins each one):

* Event names with a year or number (``Euro 2024``, ``SEA Games 31``) are codes: the
  number names the event, it is not the period of a claim.
* ``lần thứ N`` is an ``ordinal_name`` only in the name of a meeting or event
  (``Đại hội … lần thứ XIII``, ``Hội nghị lần thứ 8``); after a verb (``giảm lãi suất
  lần thứ 6``) it is left to the amount stage as a rank.
* Weekdays (``thứ Hai``, ``thứ 6`` before a date) are times: :mod:`vnfacts.periods`
  returns them, not this module.
* A prefixed number followed by a scale or unit word (``khoản 2 tỷ đồng``,
  ``bệnh nhân 60 tuổi``) is an amount, not an identifier.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ._scan import RuleScanner, Starts
from .lexicon import alternation, load_table

__all__ = ["Identifier", "find_identifiers"]


@dataclass(frozen=True)
class Identifier:
    """A number (with its prefix) that identifies something rather than measuring it.

    Attributes:
        start, end: ``[start, end)`` offsets into the text given.
        text: ``text[start:end]``.
        kind: see the module docstring.
        rule: id of the rule that matched.
    """

    start: int
    end: int
    text: str
    kind: str
    rule: str


def find_identifiers(text: str) -> list[Identifier]:
    """Find identifier-like numbers in ``text`` (the NFC working copy).

    Returns:
        Non-overlapping identifiers in text order; on overlap the longer span wins.
    """
    cands: list[tuple[int, int, str, str]] = _scanner().run(text)
    taken: list[tuple[int, int, str, str]] = []
    for c in sorted(cands, key=lambda c: -(c[1] - c[0])):
        if all(c[1] <= t[0] or t[1] <= c[0] for t in taken):
            taken.append(c)
    return [Identifier(s, e, text[s:e], k, r) for s, e, k, r in sorted(taken)]


# Shapes of the number part after a prefix word (structure, not language).
_FOLLOW = {
    # 136/2007/QĐ-TTg, 68-NQ/TW, 1234/BTC-NSNN, or a bare 15
    "legal": r"\d+[A-Za-zĐđ]?(?:[/-][0-9A-Za-zĐđ]+)*",
    "num": r"\d+[A-Za-z]?(?![.,]\d)",
    "roman": r"(?-i:[IVXLC]+)",
    "numroman": r"(?:\d+(?![.,]\d)|(?-i:[IVXLC]+))",
    "version": r"\d+(?:\.\d+)+",
    "iso": r"\d+(?::\d{4})?",
    "house": r"\d+[A-Za-z]?(?:[/+]\d+[A-Za-z]?)*(?![.,]\d)",
}


def _alt(words) -> str:
    """Any of ``words``, longest first, spaces matching any whitespace."""
    return alternation(words, space=r"\s+")


Handler = Callable[[re.Match[str], str], Iterator[tuple[int, int, str, str]]]


@lru_cache(maxsize=1)
def _scanner() -> RuleScanner:
    return RuleScanner(_rules())


def _has_domain(tld: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda text: tld.search(text) is not None


@lru_cache(maxsize=1)
def _rules() -> list[tuple[re.Pattern[str], Handler, Starts]]:
    """Compile the rules from ``data/identifiers.tsv`` (once per process), each with the
    places where its matches may start (see :mod:`vnfacts._scan`)."""
    rows = load_table("identifiers.tsv", ["role", "word", "kind", "follow", "case"], required=["role", "word"])
    by: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        if r["role"] == "prefix" and r["follow"] not in _FOLLOW:
            from .errors import DataError

            raise DataError(f"unknown follow {r['follow']!r} for {r['word']!r}", code="data.row", source="identifiers.tsv")
        by[r["role"]].append(r)
    words = {role: [r["word"] for r in rs] for role, rs in by.items()}
    blocker = re.compile(rf"\s*(?:%|{_alt(words['blocker'])}(?!\w))", re.I)
    rules: list[tuple[re.Pattern[str], Handler, Starts]] = []
    digit = Starts.of(digit=True)
    glued = Starts.of(glued=True)

    def emit(kind: str, rule: str, group: str | int = 0, check_block: bool = False) -> Handler:
        def handler(m: re.Match[str], text: str):
            if check_block and blocker.match(text, m.end()):
                return
            yield (m.start(group), m.end(group), kind, rule)

        return handler

    # Prefix word + number: one pattern per (kind, follow, case) group of words.
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for r in by["prefix"]:
        groups[(r["kind"], r["follow"], r["case"] or "any")].append(r["word"])
    for (kind, follow, case), ws in sorted(groups.items()):
        word = _alt(ws) if case == "any" else "(?-i:" + _alt(ws)[3:]
        # Glued (QL1A, BN1234), hyphenated (Covid-19) or spaced; "số" may intervene.
        pat = rf"(?<!\w){word}(?:\s*-\s*|\s+|(?<=\w)(?=\d))(?:số\s+)?(?P<n>{_FOLLOW[follow]})(?![\w.,]?\w)"
        if follow == "legal":
            pat = pat[: -len(r"(?![\w.,]?\w)")] + r"(?!\w)"
        rules.append((re.compile(pat, re.I), emit(kind, f"prefix.{kind}", 0, check_block=follow != "legal"), Starts.of(ws)))

    # A document number on its own: 136/2007/QĐ-TTg, 68-NQ/TW (capitals after the number).
    rules.append((
        re.compile(r"(?<![\w/.,])\d+(?:/\d{2,4})?[/-](?=[A-ZĐ]{2})[0-9A-Za-zĐđ]+(?:[/-][0-9A-Za-zĐđ]+)*(?!\w)"),
        emit("legal_doc", "legal.code"),
        digit,
    ))
    # Alphanumeric codes: COP28, VN30, QL1A, H5N1; one listed capital + digits: F0, G20.
    rules.append((re.compile(r"(?<![\w.,/-])[A-ZĐ]{2,}[A-Za-z]*-?\d+[A-Za-z\d]*(?!\w)(?![.,]\d)"), emit("code", "code.alnum"), glued))
    rules.append((re.compile(r"(?<![\w.,/-])[A-Z]\d+[A-Z]\d*(?!\w)"), emit("code", "code.alnum"), glued))
    rules.append((re.compile(rf"(?<![\w.,/-]){_alt(words['letter'])}\d+[A-Za-z]?(?!\w)(?![.,]\d)"), emit("code", "code.letter"), glued))
    literal = Starts.of(words["literal"]) if all(w[:1].isalpha() for w in words["literal"]) else Starts.everywhere()
    if all(w[:1].isdecimal() for w in words["literal"]):
        literal = digit  # 4G, 3D: a digit first
    rules.append((re.compile(rf"(?<![\w.,/]){_alt(words['literal'])}(?!\w)"), emit("code", "code.literal"), literal))
    # Vietnamese licence plates: 30A-123.45, 51G1-234.56, 29A-12345.
    rules.append((re.compile(r"(?<![\w.,/-])\d{2}[A-ZĐ]{1,2}\d?[-\s]\d{3}\.\d{2}(?!\d)|(?<![\w.,/-])\d{2}[A-ZĐ]\d?-\d{4,5}(?!\d)"), emit("code", "code.plate"), digit))

    # Phones: 0912 345 678, 024.3825.1234, (028) 3829 1234, +84 912 345 678, 1900 1234.
    def phone(m: re.Match[str], text: str):
        digits = sum(ch.isdigit() for ch in m.group())
        if 8 <= digits <= 13:
            yield (m.start(), m.end(), "phone", "phone")

    rules.append((re.compile(r"(?<![\w.,+])(?:\+84|0084)(?:[\s.-]?\d){9,10}(?![\d])"), phone, Starts.of(digit=True, chars="+")))
    rules.append((re.compile(r"(?<![\w.,/])0\d{2,4}(?:[\s.-]?\d){6,8}(?![\d])"), phone, digit))
    rules.append((re.compile(r"(?<![\w.,/])\(0\d{1,3}\)\s?(?:[\s.-]?\d){6,8}(?![\d])"), phone, Starts.of(chars="(")))
    rules.append((re.compile(r"(?<![\w.,/])1[89]00(?:[\s.]?\d){4,6}(?![\d])"), phone, digit))

    # Web and mail addresses.
    tld = _alt(words["tld"])
    rules.append((re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), emit("email", "email"), Starts.everywhere(lambda text: "@" in text)))
    rules.append((re.compile(r"(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)]"), emit("url", "url"), Starts.everywhere(lambda text: "://" in text or "www." in text)))
    # A domain ends in ".<tld>": only texts with one are scanned.
    rules.append((
        re.compile(rf"(?<![\w@.-])(?:[a-z0-9-]+\.)+{tld}(?:\.vn)?(?![\w-])(?:/[^\s<>\"]*[^\s<>\".,;:!?)])?", re.I),
        emit("url", "url.domain"),
        Starts.everywhere(_has_domain(re.compile(rf"\.{tld}", re.I))),
    ))
    rules.append((re.compile(r"(?<![\w.])v\d+(?:\.\d+)+(?!\w)"), emit("version", "version"), Starts.of(["v"])))

    # Addresses: "số 12 phố Tràng Tiền", "tại 12 Lê Lợi".
    street = _alt(words["street"])
    rules.append((re.compile(rf"(?<!\w)số\s+\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*(?=\s+{street}\s)", re.I), emit("address", "address.house"), Starts.of(["số"])))
    rules.append((
        re.compile(rf"(?<!\w)(?:{_alt(words['address_before'])})\s+(?P<n>(?:số\s+)?\d+[A-Z]?(?:/\d+[A-Z]?)*)(?=\s+(?:{street}\s+)?(?-i:[A-ZĐ]\w*\s+[A-ZĐ]\w*))", re.I),
        emit("address", "address.street", "n"),
        Starts.of(words["address_before"]),
    ))

    # List numbering at the start of a line: "1.", "2)", "a)", "II.", "3/".
    rules.append((re.compile(r"(?m)^[ \t]*(?:\d{1,2}[.)/]|[a-zđ]\)|[IVX]{1,5}[.)])(?=[ \t])"), emit("list_number", "list.line"), Starts.of(line=True)))
    rules.append((re.compile(r"(?<![\w)])\((?:\d{1,2}|[a-zđ])\)(?!\w)"), emit("list_number", "list.paren"), Starts.of(chars="(")))

    # "Hội nghị … lần thứ 8": a meeting's ordinal is part of its name.
    marker = _alt(words["ordinal_marker"])
    rules.append((
        re.compile(rf"(?<!\w)(?-i:{_alt(words['event'])[3:]}(?:\s+[^\s,.;:()]+){{0,6}}?\s+(?P<n>{marker}\s+(?:\d+|(?-i:[IVXLC]+)))(?!\w)", re.I),
        emit("ordinal_name", "ordinal.event", "n"),
        Starts.of(words["event"]),
    ))
    return rules
