"""Input kinds: what a path on the command line turns into, and how one document is read.

Two halves, so that reading can run in worker processes:

* :func:`iter_items` runs in the driver. It expands files, folders (recursively, sorted,
  ``glob``) and ``-`` (standard input) into :class:`Item` s, one per document, without
  reading file contents (a JSON Lines corpus is read line by line and each line becomes
  an item: the line is the document). Items are small and picklable.
* :func:`read_item` runs anywhere. It reads an item's bytes, hashes them, decodes them
  (:mod:`vnfacts.encodings`), extracts article text from HTML (trafilatura, imported only
  then) and finds the publication date: JSON field, then sidecar, then the default.

Kinds by suffix: ``.txt`` and ``.md`` are text, ``.html`` / ``.htm`` are HTML, ``.jsonl``
is a corpus with one article per line. ``ReadOptions.kind`` overrides the suffix (needed
for standard input, which is text by default).

Sidecar: ``NAME.meta.json`` beside ``NAME.txt`` (or ``.md``, ``.html``) with
``{"published": "YYYY-MM-DD"}`` gives that document's publication date.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .encodings import decode
from .errors import InputError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "KINDS",
    "SUFFIX_KINDS",
    "Item",
    "Loaded",
    "ReadOptions",
    "iter_items",
    "parse_date",
    "read_item",
    "sha256",
    "total_bytes",
]

DEFAULT_MAX_BYTES = 5_000_000
SUFFIX_KINDS = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
KINDS = {"txt": "text", "md": "text", "text": "text", "html": "html", "jsonl": "jsonl"}
STDIN = "-"
SIDECAR_SUFFIX = ".meta.json"


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are found and read (the CLI's ``extract`` flags, minus output ones)."""

    glob: str | None = None
    kind: str | None = None  # txt | md | html | jsonl: read every input as this kind
    text_field: str = "text"
    id_field: str = "id"
    date_field: str | None = None
    published: date | None = None
    max_bytes: int | None = DEFAULT_MAX_BYTES
    with_text: bool = False  # carry the text in each result (always for HTML)


@dataclass(frozen=True)
class Item:
    """One document to read: a file (``path``) or bytes already read (``data``).

    ``kind`` is ``text``, ``html`` or ``record`` (a JSON Lines line). ``problem`` is a
    ``(code, message)`` found while listing (the file cannot be opened …).
    """

    source: str
    doc_id: str
    kind: str
    path: str | None = None
    data: bytes | None = None
    size: int = 0
    problem: tuple[str, str] | None = None


@dataclass(frozen=True)
class Loaded:
    """A document read and decoded, before extraction."""

    text: str
    sha256: str
    encoding: str
    published: date | None
    carry_text: bool


def _kind_for(path: Path, options: ReadOptions) -> str | None:
    if options.kind:
        return KINDS[options.kind]
    return SUFFIX_KINDS.get(path.suffix.lower())


def _files(root: Path, options: ReadOptions) -> Iterator[Path]:
    pattern = options.glob or "*"
    for child in sorted(root.rglob(pattern)):
        # Hidden files and sidecars are not documents.
        if child.name.startswith(".") or child.name.endswith(SIDECAR_SUFFIX) or not child.is_file():
            continue
        if _kind_for(child, options) is not None:
            yield child


def _doc_id(path: Path, root: Path | None) -> str:
    if root is None:
        return path.stem
    rel = path.relative_to(root)
    return rel.with_suffix("").as_posix()


def iter_items(paths: Iterable[str | Path], options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Every document under ``paths`` as an :class:`Item`, in a stable order."""
    for arg in paths:
        if str(arg) == STDIN:
            yield from _stdin_items(options)
            continue
        p = Path(arg)
        if p.is_dir():
            for child in _files(p, options):
                yield from _path_items(child, _doc_id(child, p), options)
        else:
            yield from _path_items(p, _doc_id(p, None), options)


def _path_items(path: Path, doc_id: str, options: ReadOptions) -> Iterator[Item]:
    kind = _kind_for(path, options) or "text"  # a named file is read as text whatever its suffix
    if kind == "jsonl":
        yield from _jsonl_items(path, options)
        return
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_item reports the reason
    yield Item(str(path), doc_id, kind, path=str(path), size=size)


def _stdin_items(options: ReadOptions) -> Iterator[Item]:
    kind = KINDS[options.kind] if options.kind else "text"
    if kind == "jsonl":
        yield from _record_items(sys.stdin.buffer, "<stdin>", "stdin", options)
        return
    limit = options.max_bytes
    data = sys.stdin.buffer.read() if limit is None else sys.stdin.buffer.read(limit + 1)
    yield Item("<stdin>", "stdin", kind, data=data, size=len(data))


def _jsonl_items(path: Path, options: ReadOptions) -> Iterator[Item]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Item(str(path), path.stem, "record", problem=("input.read", f"cannot read the file: {exc.strerror or exc}"))
        return
    with handle:
        yield from _record_items(handle, str(path), path.stem, options)


def _record_items(handle, source: str, stem: str, options: ReadOptions) -> Iterator[Item]:
    """One item per non-blank line; a line longer than ``max_bytes`` is skipped, not loaded."""
    limit = None if options.max_bytes is None else options.max_bytes + 1
    lineno = 0
    while True:
        line = handle.readline() if limit is None else handle.readline(limit)
        if not line:
            return
        lineno += 1
        where, fallback_id = f"{source}:{lineno}", f"{stem}:{lineno}"
        if limit is not None and len(line) >= limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the huge line
                line = handle.readline(1 << 20)
            yield Item(where, fallback_id, "record", size=limit,
                       problem=("input.too_large", f"line has more than --max-bytes {options.max_bytes:,} bytes"))
            continue
        if line.strip():
            yield Item(where, fallback_id, "record", data=line, size=len(line))


def total_bytes(paths: Iterable[str | Path], options: ReadOptions = ReadOptions()) -> int | None:
    """Bytes that :func:`iter_items` will go through (for a progress bar); None for stdin."""
    total = 0
    for arg in paths:
        if str(arg) == STDIN:
            return None
        p = Path(arg)
        files = _files(p, options) if p.is_dir() else [p]
        for f in files:
            try:
                total += f.stat().st_size
            except OSError:
                pass
    return total


# --------------------------------------------------------------------------- reading


def parse_date(value: object) -> date | None:
    """A publication date from ``YYYY-MM-DD`` or an ISO date-time; None when unreadable."""
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            try:
                return datetime.fromisoformat(value).date()
            except ValueError:
                return None
    return None


def _sidecar_date(path: Path) -> date | None:
    meta = path.with_name(path.stem + SIDECAR_SUFFIX)
    try:
        record = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return parse_date(record.get("published")) if isinstance(record, dict) else None


def sha256(data: bytes) -> str:
    """The content hash used in output records and by ``--resume``."""
    return hashlib.sha256(data).hexdigest()


def _raw(item: Item, options: ReadOptions) -> tuple[str | None, bytes]:
    """(hash, bytes) of a text/HTML item; raises InputError for unreadable or huge input."""
    if item.problem:
        code, message = item.problem
        raise InputError(message, code=code, source=item.source)
    data = item.data
    if data is None:
        path = Path(item.path)
        try:
            size = path.stat().st_size
            if options.max_bytes is not None and size > options.max_bytes:
                raise InputError(f"file has {size:,} bytes, more than --max-bytes {options.max_bytes:,}",
                                 code="input.too_large", source=item.source)
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror or exc}", code="input.read", source=item.source) from None
    if options.max_bytes is not None and len(data) > options.max_bytes:
        raise InputError(f"input has more than --max-bytes {options.max_bytes:,} bytes",
                         code="input.too_large", source=item.source)
    return sha256(data), data


def read_item(item: Item, options: ReadOptions) -> tuple[str, str | None, Loaded | InputError]:
    """Read one item: ``(doc id, content hash or None, Loaded or the InputError that stopped it)``.

    A JSON Lines record's id is its ``id_field`` when present, else ``file:LINE``.

    The hash is returned even when decoding fails, so an error record names the content
    it is about and ``--resume`` can tell it was already handled.
    """
    digest: str | None = None
    try:
        if item.kind == "record":
            return _read_record(item, options)
        digest, data = _raw(item, options)
        decoded = decode(data, source=item.source)
        text, published = decoded.text, options.published
        if item.path:
            published = _sidecar_date(Path(item.path)) or published
        if item.kind == "html":
            text = html_to_text(text, source=item.source)
        return item.doc_id, digest, Loaded(text, digest, decoded.encoding, published,
                                           options.with_text or item.kind == "html")
    except InputError as exc:
        return item.doc_id, digest, exc


def _read_record(item: Item, options: ReadOptions) -> tuple[str, str | None, Loaded | InputError]:
    if item.problem:
        code, message = item.problem
        return item.doc_id, None, InputError(message, code=code, source=item.source)
    digest = sha256(item.data)
    try:
        record = json.loads(item.data)
    except ValueError as exc:
        return item.doc_id, digest, InputError(f"not valid JSON: {exc}", code="input.format", source=item.source)
    if not isinstance(record, dict):
        return item.doc_id, digest, InputError("not a JSON object", code="input.format", source=item.source)
    value = record.get(options.id_field)
    doc_id = str(value) if value not in (None, "") else item.doc_id
    text = record.get(options.text_field)
    if not isinstance(text, str):
        return doc_id, digest, InputError(f"no string field {options.text_field!r} (set --text-field)",
                                          code="input.format", source=item.source)
    digest = sha256(text.encode("utf-8", "surrogatepass"))
    published = options.published
    if options.date_field:
        published = parse_date(record.get(options.date_field)) or published
    return doc_id, digest, Loaded(text, digest, "utf-8", published, options.with_text)


def html_to_text(html: str, *, source: str | None = None) -> str:
    """The article text of an HTML page (trafilatura: main content, no menus or comments)."""
    try:
        import trafilatura  # heavy: imported only when an HTML page is read
    except ImportError:
        raise InputError("reading HTML needs trafilatura: pip install 'vnfacts[html]'",
                         code="input.dependency", source=source) from None
    text = trafilatura.extract(html, include_comments=False, include_tables=True, deduplicate=False)
    if not text or not text.strip():
        raise InputError("no article text found in the HTML", code="input.empty", source=source)
    return text
