"""Place mentions: Vietnam's provincial units and regions, the country, foreign countries.

The gazetteer lives in four data files (``data/places.tsv``, ``data/countries.tsv``,
``data/place_references.tsv``, ``data/place_context.tsv``). It holds the 34 provincial units
in force since 1 July 2025 and the 63 before, each old unit pointing at the unit it merged
into, so a mention of ``Bình Dương`` is reported with ``current="TP. Hồ Chí Minh"``.

Matching is one leftmost-longest scan with a single regex compiled (lazily, once per
process) from every surface form, prefixed forms included (``tỉnh Bắc Ninh``,
``TP.HCM``). Names are matched case-sensitively, because many of them are ordinary words
or people's names in lower case or in other contexts (``hòa bình`` is peace, ``anh Nam``
is a person). Each candidate then passes the checks the data asks for: a kinship word or
surname before it makes it a person's name; one-syllable country names (``Nga``, ``Đức``,
``Anh``) must not be glued to another capitalised word; references (``trên địa bàn``,
``tỉnh``) are dropped when generic (``các tỉnh``) or when a named place follows them.

Input is the working copy (NFC, canonical tone placement); offsets index it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .errors import DataError
from .lexicon import alternation, load_table, trie_regex

__all__ = [
    "Place",
    "PlaceMention",
    "find_places",
    "gazetteer",
    "main_place",
    "provincial_units",
]

_PLACE_KINDS = {"city", "province", "region", "national"}
_COUNTRY_KINDS = {"country", "bloc"}
_GUARDS = {"", "name", "strict"}
_CONTEXT_ROLES = {"prefix", "kin", "language", "surname", "plural", "after", "connector", "block"}
# Kinds a mention of which names one specific place (what main_place counts).
_SPECIFIC = ("city", "province")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: a provincial unit, region, the country, a foreign country or bloc.

    ``valid_to`` is None for an entry still in force; ``merged_into`` is the code of the
    unit a dissolved one joined ("" otherwise).
    """

    code: str
    name: str
    kind: str
    valid_from: date | None = None
    valid_to: date | None = None
    merged_into: str = ""

    def valid_on(self, day: date) -> bool:
        """Whether the entry was in force on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named (or referred to) in the text, as a span of the working copy.

    Attributes:
        name: canonical name ("Hà Nội", "TP. Hồ Chí Minh", "Hoa Kỳ"); "" for a reference.
        kind: city | province | region | national | country | bloc | reference.
        code: stable id ("VN-HN", "VN-SG", ISO "US"); "" for a reference.
        current: for a unit dissolved before today, the name of the unit it merged into;
            else the same as ``name``.
        rule: how it matched (places.name, places.alias, places.prefix,
            places.provincial_city, places.reference, places.capital).
    """

    start: int
    end: int
    text: str
    name: str
    kind: str
    code: str
    current: str
    rule: str


@dataclass(frozen=True, slots=True)
class _Form:
    place: Place | None  # None: a block phrase or an unresolved reference
    how: str
    guard: str = ""
    bare: bool = False  # dropped before a capitalised word
    block: bool = False


@dataclass(frozen=True, slots=True)
class _Matcher:
    regex: re.Pattern[str]
    forms: dict[str, _Form]
    current: dict[str, str]  # code -> name of the unit in force
    not_after: frozenset[str]  # lower-cased words that make a following name not a place
    surnames: frozenset[str]
    plural_before: re.Pattern[str]
    generic_after: re.Pattern[str]
    connector_gap: re.Pattern[str]


# ---------------------------------------------------------------- loading


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _check_date(row: dict[str, str], *cols: str) -> str | None:
    for col in cols:
        try:
            _date(row[col])
        except ValueError:
            return f"{col} {row[col]!r} is not a YYYY-MM-DD date"
    return None


def _check_place(row: dict[str, str]) -> str | None:
    if row["kind"] not in _PLACE_KINDS:
        return f"kind {row['kind']!r} is not one of {sorted(_PLACE_KINDS)}"
    if bool(row["valid_to"]) != bool(row["merged_into"]):
        return "valid_to and merged_into go together (a unit ends by merging into another)"
    if row["guard"] not in _GUARDS:
        return f"guard {row['guard']!r} is not one of {sorted(_GUARDS)}"
    return _check_date(row, "valid_from", "valid_to")


def _check_country(row: dict[str, str]) -> str | None:
    if row["kind"] not in _COUNTRY_KINDS:
        return f"kind {row['kind']!r} is not one of {sorted(_COUNTRY_KINDS)}"
    if row["guard"] not in _GUARDS:
        return f"guard {row['guard']!r} is not one of {sorted(_GUARDS)}"
    return None


def _check_context(row: dict[str, str]) -> str | None:
    if row["role"] not in _CONTEXT_ROLES:
        return f"role {row['role']!r} is not one of {sorted(_CONTEXT_ROLES)}"
    kinds = set(row["applies"].split("|")) if row["applies"] else set()
    if (row["role"] == "prefix") != bool(kinds):
        return "applies is required for a prefix and only for a prefix"
    if kinds - _PLACE_KINDS - _COUNTRY_KINDS:
        return f"applies names unknown kind(s) {sorted(kinds - _PLACE_KINDS - _COUNTRY_KINDS)}"
    return None


@lru_cache(maxsize=1)
def _entries() -> tuple[tuple[Place, tuple[str, ...], str], ...]:
    """Every gazetteer row as (place, aliases, guard), validated across files."""
    place_rows = load_table(
        "places.tsv",
        ("code", "name", "kind", "valid_from", "valid_to", "merged_into", "aliases", "guard"),
        required=("code", "name", "kind"),
        check=_check_place,
    )
    country_rows = load_table(
        "countries.tsv",
        ("code", "name", "kind", "aliases", "guard"),
        required=("code", "name", "kind"),
        check=_check_country,
    )
    out: list[tuple[Place, tuple[str, ...], str]] = []
    for row in place_rows:
        place = Place(
            row["code"], row["name"], row["kind"],
            _date(row["valid_from"]), _date(row["valid_to"]), row["merged_into"],
        )
        out.append((place, _split(row["aliases"]), row["guard"]))
    for row in country_rows:
        out.append((Place(row["code"], row["name"], row["kind"]), _split(row["aliases"]), row["guard"]))
    by_code: dict[str, Place] = {}
    for place, _, _ in out:
        if place.code in by_code:
            raise DataError(f"code {place.code!r} is used twice", code="data.row", source="places.tsv/countries.tsv")
        by_code[place.code] = place
    for place, _, _ in out:
        if not place.merged_into:
            continue
        target = by_code.get(place.merged_into)
        if target is None or target.kind not in _SPECIFIC:
            raise DataError(
                f"{place.name}: merged_into {place.merged_into!r} is not a provincial unit",
                code="data.row", source="places.tsv",
            )
        if target.valid_to is not None:
            raise DataError(
                f"{place.name}: merged_into {target.name!r}, which is itself dissolved",
                code="data.row", source="places.tsv",
            )
    return tuple(out)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in cell.split("|") if a.strip())


def gazetteer() -> tuple[Place, ...]:
    """Every gazetteer entry (Vietnamese units, regions, the country, foreign places)."""
    return tuple(place for place, _, _ in _entries())


def provincial_units(on: date | None = None) -> list[Place]:
    """The provincial units (cities and provinces) in force on ``on`` (default: today's map).

    ``provincial_units()`` has the 34 units of 1 July 2025; ``provincial_units(date(2025, 6, 30))``
    the 63 before.
    """
    return [
        p for p in gazetteer()
        if p.kind in _SPECIFIC and (p.valid_to is None if on is None else p.valid_on(on))
    ]


def _capitalised(form: str) -> str:
    return form[0].upper() + form[1:]


# A space in a form matches any run of spaces, tabs or no-break spaces.
_SPACE = r"[ \t\u00a0]+"


@lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    entries = _entries()
    by_code = {p.code: p for p, _, _ in entries}
    current = {p.code: (by_code[p.merged_into].name if p.merged_into else p.name) for p, _, _ in entries}
    context = load_table("place_context.tsv", ("form", "role", "applies"), required=("form", "role"), check=_check_context)
    refs = load_table("place_references.tsv", ("form", "target"), required=("form",))

    forms: dict[str, _Form] = {}

    def add(text: str, form: _Form, source: str) -> None:
        for variant in {text, _capitalised(text)}:
            old = forms.get(variant)
            if old is not None and (old.place, old.block) != (form.place, form.block):
                raise DataError(f"form {variant!r} is claimed by two entries", code="data.row", source=source)
            # The same entry may produce a form twice (a name and its prefixed alias); the
            # plain name wins so the rule says how it was written.
            if old is None or form.how == "places.name":
                forms[variant] = form

    prefixes = [(r["form"], set(r["applies"].split("|"))) for r in context if r["role"] == "prefix"]
    for place, aliases, guard in entries:
        source = "places.tsv" if place.kind in _PLACE_KINDS else "countries.tsv"
        names = [(place.name, "name")] + [(a, "alias") for a in aliases]
        for text, how in names:
            prefixed_only = text.startswith("~")
            text = text.lstrip("~")
            if not prefixed_only:
                one_syllable = " " not in text and "-" not in text
                bare = place.kind == "national" and text[0].islower()
                add(text, _Form(place, f"places.{how}", guard if one_syllable else "", bare), source)
            for prefix, kinds in prefixes:
                if place.kind not in kinds:
                    continue
                rule = "places.provincial_city" if place.kind == "province" and "city" in kinds else "places.prefix"
                form = _Form(place, rule)
                add(f"{prefix} {text}", form, source)
                if prefix.endswith("."):
                    add(f"{prefix}{text}", form, source)
    for row in refs:
        target = row["target"]
        if target and target not in by_code:
            raise DataError(f"reference {row['form']!r}: unknown target {target!r}", code="data.row", source="place_references.tsv")
        place = by_code[target] if target else None
        add(row["form"], _Form(place, "places.capital" if place else "places.reference", bare=True), "place_references.tsv")
    for row in context:
        if row["role"] == "block":
            add(row["form"], _Form(None, "places.block", block=True), "place_context.tsv")

    def words(role: str) -> list[str]:
        return [r["form"] for r in context if r["role"] == role]

    def words_of(items: list[str]) -> str:
        # Longest first, so "một số" wins over "số".
        return alternation(items, space=r"[ \t]+")

    regex = re.compile(r"(?<!\w)(?:" + trie_regex(sorted(forms), space=_SPACE) + r")(?!\w)")
    return _Matcher(
        regex=regex,
        forms=forms,
        current=current,
        not_after=frozenset(w.lower() for w in words("kin") + words("language")),
        surnames=frozenset(words("surname")),
        plural_before=re.compile(r"(?:(?<!\w)(?:" + words_of(words("plural")) + r")|\d)[ \t]+\Z", re.IGNORECASE),
        generic_after=re.compile(r"[ \t]+(?:" + words_of(words("after")) + r")(?!\w)"),
        connector_gap=re.compile(r"[ \t]*(?:[,/]|" + words_of(words("connector")) + r")[ \t]*\Z"),
    )


# ---------------------------------------------------------------- matching

_PREV_WORD = re.compile(r"(\w+)[ \t]+\Z")
_NEXT_WORD = re.compile(r"[ \t]+(\w+)")
# After a reference, a dot may close an abbreviation: "TP. Thủ Đức" names a place.
_NEXT_WORD_DOT = re.compile(r"\.?[ \t]+(\w+)")
_SPACES = re.compile(r"[ \t\u00a0]+")
# A capitalised word of at most two letters before a dot is an abbreviation (TP., Q., Tp.),
# so the dot does not end a sentence.
_ABBREVIATION = re.compile(r"(?<!\w)[A-ZĐ][A-Za-zĐđ]?\Z")
# What may stand right before a sentence's (or a heading's, a quote's) first word.
_OPENERS = frozenset(".!?:;\"'“”‘’([{…•*\n\r")


def _starts_sentence(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j >= 0 and text[j] == "." and _ABBREVIATION.search(text, max(0, j - 3), j):
        return False
    return j < 0 or text[j] in _OPENERS


def _prev_word(text: str, start: int) -> tuple[str, int] | None:
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    return (m.group(1), m.start(1)) if m else None


def _next_capitalised(text: str, end: int, *, dot: bool = False) -> bool:
    m = (_NEXT_WORD_DOT if dot else _NEXT_WORD).match(text, end)
    return bool(m) and m.group(1)[0].isupper()


def _keep(text: str, start: int, end: int, form: _Form, mt: _Matcher) -> bool:
    """Whether a candidate named-place or reference match is a place mention."""
    prev = _prev_word(text, start)
    if form.bare:
        return not _next_capitalised(text, end, dot=True)
    if prev and (prev[0].lower() in mt.not_after or prev[0] in mt.surnames):
        return False  # anh Hà Nam, Nguyễn Hòa Bình: a person; tiếng Anh: a language
    if form.guard:
        if prev and prev[0][0].isupper() and (form.guard == "strict" or not _starts_sentence(text, prev[1])):
            # Minh Đức, Thủ Đức: the end of a longer proper name. Anh and Ý are given names
            # so often (Mai Anh, Như Ý) that even a sentence-initial word before them counts.
            return False
        if _next_capitalised(text, end):
            return False  # Mỹ Tho, Nga Sơn: the start of one
        if form.guard == "strict" and _starts_sentence(text, start):
            return False  # Anh, Ý, Áo: ordinary words at a sentence start
    return True


def find_places(text: str) -> list[PlaceMention]:
    """Every place mention in ``text`` (the working copy), non-overlapping, in text order.

    At each position the longest form wins, prefix included (``tỉnh Bắc Ninh``). References
    (``trên địa bàn``, ``tỉnh``, ``Thành phố``) come back with kind "reference" and an empty
    name, except ``Thủ đô``, which is Hà Nội.
    """
    mt = _matcher()
    out: list[PlaceMention] = []
    generic_end = -1  # end of the last reference found generic (for "các tỉnh, thành phố")
    pos = 0
    while (m := mt.regex.search(text, pos)) is not None:
        start, end = m.span()
        # Forms match across any run of spaces (the regex allows it); look up the folded text.
        form = mt.forms[_SPACES.sub(" ", m.group())]
        if form.block:
            pos = end  # consumed: nothing inside a blocked phrase counts
            continue
        is_ref = form.how in ("places.reference", "places.capital")
        generic = is_ref and (
            mt.plural_before.search(text, max(0, start - 20), start) is not None
            or mt.generic_after.match(text, end) is not None
            or (generic_end >= 0 and mt.connector_gap.fullmatch(text, generic_end, start) is not None)
        )
        if generic:
            generic_end = end
        if generic or not _keep(text, start, end, form, mt):
            # Retry inside: "toàn tỉnh Bắc Ninh" drops "toàn tỉnh" but keeps "tỉnh Bắc Ninh".
            pos = start + 1
            continue
        place = form.place
        out.append(
            PlaceMention(
                start, end, m.group(),
                name=place.name if place else "",
                kind=place.kind if place else "reference",
                code=place.code if place else "",
                current=mt.current[place.code] if place else "",
                rule=form.how,
            )
        )
        pos = end
    return out


def main_place(mentions: Sequence[PlaceMention]) -> PlaceMention | None:
    """The document's main specific place: the city or province mentioned most often.

    Ties go to the place mentioned first; the returned mention is its first one. None when
    no city or province is named (regions, countries and references do not count).
    """
    specific = [m for m in mentions if m.kind in _SPECIFIC]
    if not specific:
        return None
    counts = Counter(m.code for m in specific)
    best = max(counts.values())
    return next(m for m in specific if counts[m.code] == best)
