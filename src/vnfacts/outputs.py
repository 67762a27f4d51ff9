"""Writing results: JSON Lines (per document or ``flat``, per fact), CSV and Parquet.

JSON Lines and CSV are written with one ``os.write`` per document (all its lines at
once, straight to the file, no buffer), so an interrupted run (Ctrl-C, kill) leaves whole
documents only; at worst a kill in the middle of that one write leaves a partial last
line, which :func:`scan_done` cuts off. :func:`scan_done` also lists what is already in
the file (``{source: sha256}``) so ``--resume`` can skip it.

Parquet (needs ``pyarrow``) is written to ``NAME.part`` in row groups and renamed when
the run ends, so the named file is always complete; it cannot be resumed.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from .batch import DocResult
from .errors import VnfactsError

__all__ = ["COLUMNS", "FORMATS", "Writer", "flat_rows", "open_writer", "scan_done"]

FORMATS = ("jsonl", "csv", "parquet")

# One row per fact (or per failed document) for CSV and Parquet: (name, type).
COLUMNS = (
    ("doc_id", "string"), ("source", "string"), ("sha256", "string"), ("fact_id", "string"),
    ("start", "int64"), ("end", "int64"), ("sentence_start", "int64"), ("sentence_end", "int64"),
    ("quantity", "string"), ("value", "double"), ("low", "double"), ("high", "double"),
    ("unit", "string"), ("unit_text", "string"), ("per", "string"), ("kind", "string"),
    ("qualifier", "string"), ("indicator", "string"), ("indicator_text", "string"),
    ("measure", "string"), ("direction", "string"), ("period", "string"), ("period_start", "string"),
    ("period_end", "string"), ("location", "string"), ("location_text", "string"),
    ("modality", "string"), ("confidence", "double"), ("error_code", "string"), ("error_message", "string"),
)


def flat_rows(result: DocResult) -> list[dict]:
    """The CSV / Parquet rows of one document: one per fact, or one for its error."""
    base = {"doc_id": result.doc_id, "source": result.source, "sha256": result.sha256}
    if result.error is not None:
        return [{**base, "error_code": result.error.code, "error_message": result.error.detail}]
    rows = []
    for f in result.facts:
        q, ind, per, loc = f.quantity, f.indicator, f.period, f.location
        rows.append({
            **base, "fact_id": f.id, "start": f.span[0], "end": f.span[1],
            "sentence_start": f.sentence_span[0], "sentence_end": f.sentence_span[1],
            "quantity": q.text, "value": q.value, "low": q.low, "high": q.high, "unit": q.unit,
            "unit_text": q.unit_text, "per": q.per, "kind": q.kind, "qualifier": q.qualifier,
            "indicator": ind and ind.id, "indicator_text": ind and ind.text, "measure": f.measure,
            "direction": f.direction, "period": per and per.text, "period_start": per and per.start,
            "period_end": per and per.end, "location": loc and loc.name, "location_text": loc and loc.text,
            "modality": f.modality, "confidence": f.confidence,
        })
    return rows


def _jsonl_lines(result: DocResult, flat: bool) -> list[dict]:
    if not flat:
        return [result.to_json()]
    base = {"doc_id": result.doc_id, "source": result.source, "sha256": result.sha256}
    if result.error is not None:
        return [{**base, "error": result.error.to_record()}]
    return [{**base, **f.model_dump(mode="json")} for f in result.facts]


class Writer:
    """Appends results to an output file (or standard output); call :meth:`close` at the end."""

    def __init__(self, path: str, fmt: str, *, flat: bool = False, append: bool = False) -> None:
        self.path, self.fmt, self.flat = path, fmt, flat
        self._fd: int | None = None
        self._parquet = None
        self._batch: list[dict] = []
        if fmt == "parquet":
            if path == "-":
                raise VnfactsError("Parquet needs an output file (-o NAME.parquet)", code="usage")
            self._open_parquet()
        elif path == "-":
            self._fd = 1
        else:
            flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
            self._fd = os.open(path, flags, 0o644)
            if fmt == "csv" and (not append or os.path.getsize(path) == 0):
                self._write(self._csv([{c: c for c, _ in COLUMNS}]))

    def _open_parquet(self) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise VnfactsError("--format parquet needs pyarrow: pip install 'vnfacts[parquet]'",
                               code="dependency.missing") from None
        self._pa = pa
        self._schema = pa.schema([(name, getattr(pa, "float64" if t == "double" else t)()) for name, t in COLUMNS])
        self._parquet = pq.ParquetWriter(self.path + ".part", self._schema)

    @staticmethod
    def _csv(rows: list[dict]) -> bytes:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=[c for c, _ in COLUMNS], lineterminator="\n")
        w.writerows(rows)
        return buf.getvalue().encode("utf-8")

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:  # os.write may write less than asked (pipes, signals)
            n = os.write(self._fd, view)
            view = view[n:]

    def write(self, result: DocResult) -> None:
        """Write one document's line(s); nothing for a skipped document."""
        if result.skipped:
            return
        if self.fmt == "jsonl":
            lines = _jsonl_lines(result, self.flat)
            if lines:
                self._write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines).encode("utf-8"))
        elif self.fmt == "csv":
            rows = flat_rows(result)
            if rows:
                self._write(self._csv(rows))
        else:
            self._batch.extend(flat_rows(result))
            if len(self._batch) >= 50_000:
                self._flush_parquet()

    def _flush_parquet(self) -> None:
        if self._batch:
            columns = {name: [row.get(name) for row in self._batch] for name, _ in COLUMNS}
            self._parquet.write_table(self._pa.table(columns, schema=self._schema))
            self._batch = []

    def close(self) -> None:
        """Finish the file (Parquet: last row group, then rename into place)."""
        if self._parquet is not None:
            self._flush_parquet()
            self._parquet.close()
            os.replace(self.path + ".part", self.path)
            self._parquet = None
        if self._fd is not None and self._fd != 1:
            os.close(self._fd)
        self._fd = None


def open_writer(path: str, fmt: str, *, flat: bool = False, resume: bool = False) -> tuple[Writer, dict[str, str | None]]:
    """A writer for ``path`` and, with ``resume``, the documents already in it."""
    done: dict[str, str | None] = {}
    if resume:
        if fmt == "parquet" or path == "-":
            raise VnfactsError("--resume needs a JSON Lines or CSV output file", code="usage")
        if os.path.exists(path):
            done = scan_done(path, fmt)
    return Writer(path, fmt, flat=flat, append=resume), done


def scan_done(path: str | Path, fmt: str = "jsonl") -> dict[str, str | None]:
    """``{source: sha256}`` of the documents in an output file, after cutting off any
    incomplete tail (a last line without its newline, or a line that does not parse)."""
    done: dict[str, str | None] = {}
    good_end = 0
    if fmt == "csv":
        with open(path, "rb") as fh:
            data = fh.read()
        good_end = data.rfind(b"\n") + 1
        # Quoted fields may hold newlines: parse the complete part as CSV, not line by line.
        try:
            rows = list(csv.reader(io.StringIO(data[:good_end].decode("utf-8"), newline="")))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise VnfactsError(f"cannot resume: the CSV output does not parse ({exc})", code="usage",
                               source=str(path)) from None
        for row in rows[1:]:
            if len(row) >= 3:
                done[row[1]] = row[2] or None
    else:
        with open(path, "rb") as fh:  # streamed: the output may be far larger than memory
            for line in fh:
                if not line.endswith(b"\n"):
                    break  # cut off mid-write
                try:
                    record = json.loads(line)
                    done[record["source"]] = record.get("sha256")
                except (ValueError, KeyError, TypeError):
                    break  # a damaged line: redo it and everything after it
                good_end += len(line)
    if good_end < os.path.getsize(path):
        os.truncate(path, good_end)
    return done
