"""Extraction over many documents: files, folders and JSON Lines corpora.

Each document becomes one :class:`DocResult` — its facts, or the error that stopped it.
A bad document never takes the others down: its error is recorded and the run goes on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .document import Document
from .errors import DataError, InputError, VnfactsError
from .facts import Fact
from .pipeline import extract

__all__ = ["DocResult", "iter_paths", "extract_many", "TEXT_SUFFIXES"]

TEXT_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class DocResult:
    """The outcome for one document: facts, or an error record."""

    doc_id: str
    source: str
    sha256: str | None = None
    length: int | None = None
    facts: tuple[Fact, ...] = ()
    error: VnfactsError | None = None

    @property
    def ok(self) -> bool:
        """True when the document was read and extracted."""
        return self.error is None

    def to_json(self) -> dict:
        """One JSON Lines record (document-level)."""
        record: dict = {"id": self.doc_id, "source": self.source, "sha256": self.sha256, "length": self.length}
        if self.error is not None:
            record["error"] = self.error.to_record()
        else:
            record["facts"] = [f.model_dump(mode="json") for f in self.facts]
        return record


def iter_paths(paths: Iterable[str | Path], *, glob: str | None = None) -> Iterator[Path]:
    """Expand files and folders (recursively, sorted) into document paths."""
    for p in map(Path, paths):
        if p.is_dir():
            pattern = glob or "*"
            for child in sorted(p.rglob(pattern)):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES and not child.name.startswith("."):
                    yield child
        else:
            yield p


def _one(path: Path, published: date | None, max_bytes: int | None) -> DocResult:
    source = str(path)
    doc_id = path.stem
    try:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror or exc}", code="input.read", source=source) from None
        if max_bytes is not None and len(data) > max_bytes:
            raise InputError(f"file has {len(data):,} bytes, more than --max-bytes {max_bytes:,}", code="input.too_large", source=source)
        doc = Document.from_bytes(data, source=source, doc_id=doc_id)
        digest = hashlib.sha256(doc.raw.encode("utf-8")).hexdigest()
        facts = extract(doc, doc_id=doc_id, published=published)
        return DocResult(doc_id, source, digest, len(doc.raw), tuple(facts))
    except InputError as exc:
        return DocResult(doc_id, source, error=exc)
    except DataError:
        raise  # a broken installation, not a bad document: stop the run
    except Exception as exc:  # noqa: BLE001 - a bug on one document must not lose the others
        error = VnfactsError(f"internal error: {type(exc).__name__}: {exc}", code="internal", source=source)
        return DocResult(doc_id, source, error=error)


def extract_many(
    paths: Iterable[str | Path],
    *,
    glob: str | None = None,
    published: date | None = None,
    max_bytes: int | None = None,
) -> Iterator[DocResult]:
    """Extract facts from every document under ``paths``, one result per document, in order."""
    for path in iter_paths(paths, glob=glob):
        yield _one(path, published, max_bytes)
