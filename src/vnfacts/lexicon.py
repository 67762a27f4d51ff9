"""Loading the Vietnamese language data kept in ``src/vnfacts/data/``.

All language knowledge (number words, units, currencies, qualifiers, period words,
indicator cues, place names) lives in tab-separated files, never in Python literals.
Format of every data file:

* UTF-8, one header row naming the columns, then one row per entry;
* lines starting with ``#`` and blank lines are comments;
* a ``note`` column, when present, explains non-obvious entries (it is never used by code);
* cells are stripped and put in canonical form (NFC, new-style tone placement, as the
  working copy of a document); an empty cell is ``""``.

Files are validated when loaded: a missing column, a wrong number of cells, or a value
that fails the caller's check raises :class:`~vnfacts.errors.DataError` naming the file
and line. Tables are cached: each file is parsed once per process.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources

from .errors import DataError
from .textnorm import canonical

__all__ = ["Row", "load_table", "trie_regex", "alternation"]

Row = Mapping[str, str]
RowCheck = Callable[[Row], str | None]


@lru_cache(maxsize=None)
def _read(name: str) -> tuple[tuple[str, ...], tuple[tuple[int, tuple[str, ...]], ...]]:
    try:
        raw = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError("data file not found in the package", code="data.missing", source=name) from None
    header: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[str, ...]]] = []
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        # Entries are compared with the working copy, so they get the same canonical form.
        cells = tuple(canonical(cell.strip()) for cell in line.split("\t"))
        if header is None:
            header = cells
            continue
        if len(cells) > len(header):
            raise DataError(
                f"line {lineno}: {len(cells)} cells but the header has {len(header)} columns",
                code="data.row",
                source=name,
            )
        # Trailing empty cells (e.g. an empty note) may be omitted.
        rows.append((lineno, cells + ("",) * (len(header) - len(cells))))
    if header is None:
        raise DataError("file has no header row", code="data.header", source=name)
    return header, tuple(rows)


def load_table(
    name: str,
    columns: Sequence[str],
    *,
    required: Sequence[str] = (),
    check: RowCheck | None = None,
) -> list[dict[str, str]]:
    """Load ``data/<name>`` as a list of row dicts, validating it.

    Args:
        name: file name inside ``vnfacts/data`` (e.g. ``"units.tsv"``).
        columns: columns the caller needs; each must be in the header.
        required: columns that must be non-empty in every row.
        check: optional per-row validator returning an error message or None.

    Raises:
        DataError: the file is missing, lacks a column, or a row is invalid.
    """
    header, rows = _read(name)
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataError(
            f"header lacks column(s) {', '.join(missing)} (has: {', '.join(header)})",
            code="data.header",
            source=name,
        )
    out: list[dict[str, str]] = []
    for lineno, cells in rows:
        row = dict(zip(header, cells))
        for col in required:
            if not row[col]:
                raise DataError(f"line {lineno}: column {col!r} is empty", code="data.row", source=name)
        if check is not None:
            problem = check(row)
            if problem:
                raise DataError(f"line {lineno}: {problem}", code="data.row", source=name)
        out.append(row)
    return out


def trie_regex(words: Iterable[str], *, space: str | None = None) -> str:
    """A regex alternation of ``words`` factored as a character trie.

    At each node the alternatives start with distinct characters and an optional tail is
    greedy, so the regex prefers the longest word at a position (and backtracks to a
    shorter one only when what follows fails). A flat alternation of thousands of words
    would be tried one word at a time. ``space``, when given, replaces each space inside a
    word (e.g. ``r"\\s+"`` to allow runs of white space).
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [
            (space if space is not None and ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def alternation(words: Iterable[str], *, space: str | None = None) -> str:
    """A group ``(?:…)`` matching any of ``words``, the longest at a position first (empty
    words are dropped); ``space`` as in :func:`trie_regex`."""
    return "(?:" + trie_regex(sorted({w for w in words if w}), space=space) + ")"
