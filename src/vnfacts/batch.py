"""Extraction over many documents: files, folders, HTML pages and JSON Lines corpora.

Each document becomes one :class:`DocResult`: its facts, or the error that stopped it. A
bad document never takes the others down: its error is recorded and the run goes on.

:func:`extract_many` yields results in input order whatever the number of worker
processes: documents are sent to the workers in small chunks, at most a few chunks per
worker in flight, and collected in submission order. So memory does not grow with the
corpus (nothing is loaded ahead) and the output is the same for 1 or N workers.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .document import Document
from .errors import DataError, InputError, VnfactsError
from .facts import Fact
from .pipeline import extract
from .readers import DEFAULT_MAX_BYTES, Item, ReadOptions, iter_items, read_item

__all__ = ["DocResult", "ReadOptions", "extract_many", "process_items"]

CHUNK_DOCS = 8  # documents per task: amortises inter-process traffic, keeps order cheap
CHUNK_BYTES = 1 << 20  # and at most ~1 MB of inline data (JSON Lines records) per task
IN_FLIGHT_PER_WORKER = 4  # chunks queued per worker: keeps workers busy, memory bounded


def _rebuild_error(cls: type, detail: str, code: str, source: str | None) -> VnfactsError:
    return cls(detail, code=code, source=source)


@dataclass(frozen=True)
class DocResult:
    """The outcome for one document: facts, or an error record.

    ``sha256`` is the hash of the input's bytes (a JSON Lines record: its text field as
    UTF-8); ``length`` is the length of ``text``, the string every span indexes (for HTML,
    the extracted article text, which is then carried in ``text``). ``skipped`` marks a
    document that ``skip`` (``--resume``) said was already done: it has no facts.
    """

    doc_id: str
    source: str
    sha256: str | None = None
    length: int | None = None
    facts: tuple[Fact, ...] = ()
    error: VnfactsError | None = None
    text: str | None = None
    encoding: str | None = None
    published: date | None = None
    nbytes: int = 0
    skipped: bool = False

    @property
    def ok(self) -> bool:
        """True when the document was read and extracted."""
        return self.error is None

    def __reduce__(self):
        # Exceptions do not pickle their keyword arguments (code, source): rebuild the
        # error from its parts so results cross process boundaries intact.
        err = self.error
        error_parts = None if err is None else (type(err), err.detail, err.code, err.source)
        values = [getattr(self, f) for f in self.__dataclass_fields__ if f != "error"]
        return (_rebuild_result, (values, error_parts))

    def to_json(self) -> dict:
        """One JSON Lines record (document level)."""
        record: dict = {
            "id": self.doc_id,
            "source": self.source,
            "sha256": self.sha256,
            "length": self.length,
            "encoding": self.encoding,
            "published": self.published.isoformat() if self.published else None,
        }
        if self.text is not None:
            record["text"] = self.text
        if self.error is not None:
            record["error"] = self.error.to_record()
        else:
            record["facts"] = [f.model_dump(mode="json") for f in self.facts]
        return record


def _rebuild_result(values: list, error_parts: tuple | None) -> DocResult:
    names = [f for f in DocResult.__dataclass_fields__ if f != "error"]
    kwargs = dict(zip(names, values))
    kwargs["error"] = None if error_parts is None else _rebuild_error(*error_parts)
    return DocResult(**kwargs)


# --------------------------------------------------------------------------- one document


def _one(item: Item, options: ReadOptions, skip: Mapping[str, str | None] | None) -> DocResult:
    doc_id, digest, loaded = read_item(item, options)
    if skip is not None and item.source in skip and skip[item.source] == digest:
        return DocResult(doc_id, item.source, digest, nbytes=item.size, skipped=True)
    if isinstance(loaded, InputError):
        return DocResult(doc_id, item.source, digest, error=loaded, nbytes=item.size)
    try:
        doc = Document.from_text(loaded.text, doc_id=doc_id)
        facts = extract(doc, doc_id=doc_id, published=loaded.published)
    except InputError as exc:
        error = InputError(exc.detail, code=exc.code, source=item.source)
        return DocResult(doc_id, item.source, digest, error=error, encoding=loaded.encoding,
                         published=loaded.published, nbytes=item.size)
    except DataError:
        raise  # a broken installation, not a bad document: stop the run
    except Exception as exc:  # noqa: BLE001 - a bug on one document must not lose the others
        error = VnfactsError(f"internal error: {type(exc).__name__}: {exc}", code="internal", source=item.source)
        return DocResult(doc_id, item.source, digest, error=error, nbytes=item.size)
    return DocResult(
        doc_id,
        item.source,
        digest,
        len(doc.raw),
        tuple(facts),
        text=doc.raw if loaded.carry_text else None,
        encoding=loaded.encoding,
        published=loaded.published,
        nbytes=item.size,
    )


class _Fatal(Exception):
    """A DataError carried out of a worker (exceptions lose their code when pickled)."""


def process_items(items: list[Item], options: ReadOptions, skip: Mapping[str, str | None] | None = None) -> list[DocResult]:
    """Process a chunk of items in this process (what a worker, local or Dask, runs)."""
    try:
        return [_one(item, options, skip) for item in items]
    except DataError as exc:
        raise _Fatal(exc.detail, exc.code, exc.source) from None


def _raise_fatal(exc: _Fatal) -> None:
    detail, code, source = exc.args
    raise DataError(detail, code=code, source=source) from None


def chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    """Group items into tasks of at most :data:`CHUNK_DOCS` documents / ~:data:`CHUNK_BYTES`."""
    chunk: list[Item] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += len(item.data or b"")
        if len(chunk) >= CHUNK_DOCS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


# --------------------------------------------------------------------------- worker pool

_WORKER_SKIP: Mapping[str, str | None] | None = None


def _driver_alive(driver: int) -> bool:
    try:
        os.kill(driver, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # the pid now belongs to another user's process
        return False
    try:  # a killed driver not yet reaped by its parent is a zombie: gone all the same
        with open(f"/proc/{driver}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _watch_driver(driver: int) -> None:
    # A killed driver (SIGKILL) cannot stop its workers: they notice and leave on their own,
    # instead of running on and holding the terminal's pipes open.
    while _driver_alive(driver):
        time.sleep(0.5)
    os._exit(1)


def _init_worker(skip: Mapping[str, str | None] | None, driver: int) -> None:
    # Ctrl-C reaches the whole process group; the driver handles it and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _WORKER_SKIP
    _WORKER_SKIP = skip
    threading.Thread(target=_watch_driver, args=(driver,), daemon=True).start()


def _worker_chunk(items: list[Item], options: ReadOptions) -> list[DocResult]:
    return process_items(items, options, _WORKER_SKIP)


def _context():
    # forkserver: workers are forked from a clean server process, never from a driver that
    # may hold threads (Dask, progress, notebooks); spawn where it does not exist.
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["vnfacts.batch"])
        return ctx
    return multiprocessing.get_context("spawn")


def _ordered(pending: deque[Future]) -> Iterator[DocResult]:
    try:
        results = pending.popleft().result()
    except _Fatal as exc:
        _raise_fatal(exc)
    yield from results


def _run_pool(items: Iterable[Item], options: ReadOptions, workers: int,
              skip: Mapping[str, str | None] | None) -> Iterator[DocResult]:
    limit = workers * IN_FLIGHT_PER_WORKER
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_init_worker,
                               initargs=(skip, os.getpid()))
    pending: deque[Future] = deque()
    try:
        for chunk in chunks(items):
            pending.append(pool.submit(_worker_chunk, chunk, options))
            if len(pending) >= limit:
                yield from _ordered(pending)
        while pending:
            yield from _ordered(pending)
    finally:
        # Also on Ctrl-C or when the consumer stops early: drop queued work, end workers.
        pool.shutdown(wait=True, cancel_futures=True)


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def extract_many(
    paths: Iterable[str | Path],
    *,
    glob: str | None = None,
    published: date | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    kind: str | None = None,
    text_field: str = "text",
    id_field: str = "id",
    date_field: str | None = None,
    with_text: bool = False,
    workers: int | None = 1,
    skip: Mapping[str, str | None] | None = None,
) -> Iterator[DocResult]:
    """Extract facts from every document under ``paths``: one result per document, in order.

    Args:
        paths: files, folders (searched recursively for .txt, .md, .html, .htm, .jsonl)
            or ``"-"`` for standard input.
        glob: file name pattern inside folders, e.g. ``"*.txt"``.
        published: default publication date (a JSON field or sidecar overrides it).
        max_bytes: larger inputs become ``input.too_large`` error records.
        kind: read every input as ``txt``, ``md``, ``html`` or ``jsonl`` (suffix otherwise).
        text_field, id_field, date_field: the fields of a JSON Lines record.
        with_text: carry each document's text in its result (always for HTML).
        workers: processes to use; 1 runs in this process, None means all cores.
        skip: ``{source: sha256}`` of documents already done (``--resume``): a document
            whose source and content hash match comes back with ``skipped=True``.

    Example:
        >>> for r in extract_many(["corpora/articles"], workers=2):  # doctest: +SKIP
        ...     print(r.doc_id, len(r.facts) if r.ok else r.error.code)
    """
    options = ReadOptions(glob=glob, kind=kind, text_field=text_field, id_field=id_field, date_field=date_field,
                          published=published, max_bytes=max_bytes, with_text=with_text)
    workers = default_workers() if workers is None else max(1, workers)
    items = iter_items(paths, options)
    if workers == 1:
        for chunk in chunks(items):
            try:
                yield from process_items(chunk, options, skip)
            except _Fatal as exc:
                _raise_fatal(exc)
        return
    yield from _run_pool(items, options, workers, skip)
