"""Hand annotations ("gold") of numeric facts: loading and validating gold files.

A gold file (``<name>.gold.json``) holds one document's annotation in the shape FACTS.md
fixes: ``{"doc_id", "published", "facts": [...], "not_facts": [...]}``. Facts use the
contract's field names but only the fields scoring needs; ``qualifier`` may list every
reading the annotator accepts, and ``location`` may be just a name.

Every span is checked against the document's text on load, so the text must be found:

* ``<name>.txt`` beside ``<name>.gold.json``, or
* a ``"source": {"bulk_id", "sha256"}`` object naming an article of the shared
  ``realnews/bulk.jsonl`` by id and the SHA-256 of its UTF-8 text. The article's text
  belongs to its publisher and is never copied into the project; it is read from the
  bulk file at load time and its hash checked.

Any problem raises :class:`~vnfacts.errors.GoldError` naming the file: ``gold.read``
(unreadable or not JSON), ``gold.schema`` (wrong shape, or a span that does not match the
text) or ``gold.text`` (the text cannot be found, or its hash differs).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import GoldError
from .facts import Direction, Measure, Modality, Qualifier, QuantityKind

__all__ = [
    "GOLD_SUFFIX",
    "GoldSpan",
    "GoldSource",
    "GoldQuantity",
    "GoldIndicator",
    "GoldPeriod",
    "GoldLocation",
    "GoldFact",
    "GoldNotFact",
    "GoldDoc",
    "Month",
    "period_months",
    "default_bulk_path",
    "load_gold",
    "load_gold_dir",
]

GOLD_SUFFIX = ".gold.json"

Month = tuple[int, int]
"""A calendar month as ``(year, month)``; tuples compare in time order."""

_PERIOD_RE = re.compile(
    r"^(?P<y>\d{4})(?:-Q(?P<q>[1-4])|-(?P<m>0[1-9]|1[0-2])(?:-(?P<d>0[1-9]|[12]\d|3[01]))?)?$"
)
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
# <repo>/src/vnfacts/gold.py -> <repo>/../shared/realnews/bulk.jsonl (developer checkout).
_REPO_BULK = Path(__file__).resolve().parents[2].parent / "shared" / "realnews" / "bulk.jsonl"
_SHARED_BULK = Path("shared") / "realnews" / "bulk.jsonl"


def _check_span(span: tuple[int, int]) -> tuple[int, int]:
    if span[0] < 0 or span[1] <= span[0]:
        raise ValueError(f"{list(span)} is not a span (need [start, end) with 0 <= start < end)")
    return span


GoldSpan = Annotated[tuple[StrictInt, StrictInt], AfterValidator(_check_span)]
"""A non-empty ``[start, end)`` span; its bounds against the text are checked on load."""


def _period_bound(value: str | None) -> str | None:
    if value is not None and not _PERIOD_RE.match(value):
        raise ValueError(f"{value!r} is not YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD")
    return value


PeriodBound = Annotated[str | None, AfterValidator(_period_bound)]


def period_months(start: str | None, end: str | None) -> tuple[Month, Month] | None:
    """The months a period covers: ``(first month of start, last month of end)``.

    ``2025`` covers 2025-01..2025-12, ``2025-Q1`` 2025-01..2025-03, ``2025-07`` and
    ``2025-07-05`` the month 2025-07. A missing ``end`` means the period ends where
    ``start`` does. Returns None when ``start`` is None or either bound is not in one of
    those forms (a predicted period in an unknown form scores as wrong, not as a crash).
    """
    if start is None:
        return None
    first = _months(start)
    last = _months(end if end is not None else start)
    if first is None or last is None:
        return None
    return first[0], last[1]


def _months(bound: str) -> tuple[Month, Month] | None:
    match = _PERIOD_RE.match(bound)
    if match is None:
        return None
    year = int(match["y"])
    if match["q"]:
        quarter = int(match["q"])
        return (year, 3 * quarter - 2), (year, 3 * quarter)
    if match["m"]:
        month = int(match["m"])
        return (year, month), (year, month)
    return (year, 1), (year, 12)


class _Gold(BaseModel):
    # extra="forbid": a misspelt field name in a hand-written file must fail loudly,
    # not be silently ignored and then scored as "not set".
    model_config = ConfigDict(frozen=True, extra="forbid")


class GoldSource(_Gold):
    """Where a gold document's text is, when it is not beside the gold file."""

    bulk_id: str = Field(min_length=1, description="The article's id in realnews/bulk.jsonl.")
    sha256: str = Field(description="SHA-256 (lowercase hex) of the article's text encoded as UTF-8.")

    @field_validator("sha256")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not _SHA256_RE.match(value):
            raise ValueError("is not 64 lowercase hex digits")
        return value


class GoldQuantity(_Gold):
    """The annotated amount. ``qualifier`` holds every reading the annotator accepts."""

    text: str = Field(min_length=1)
    span: GoldSpan
    kind: QuantityKind | None = None
    value: StrictFloat | None = None
    low: StrictFloat | None = None
    high: StrictFloat | None = None
    qualifier: tuple[Qualifier, ...] | None = Field(
        None, description="Accepted readings; a single string in the file becomes a 1-tuple."
    )
    unit: str | None = None
    unit_text: str | None = None
    per: str | None = None

    @field_validator("qualifier", mode="before")
    @classmethod
    def _readings(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("qualifier")
    @classmethod
    def _some(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is not None and not value:
            raise ValueError("lists no reading")
        return value

    @model_validator(mode="after")
    def _bounds(self) -> GoldQuantity:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")
        return self


class GoldIndicator(_Gold):
    """What is measured: a taxonomy id, optionally with the words that name it."""

    id: str = Field(min_length=1)
    label: str | None = None
    text: str | None = None
    span: GoldSpan | None = None

    @model_validator(mode="after")
    def _paired(self) -> GoldIndicator:
        if (self.text is None) != (self.span is None):
            raise ValueError("text and span must be given together")
        return self

    @property
    def domain(self) -> str:
        """The part of the id before the first dot (``trade`` in ``trade.export_turnover``)."""
        return self.id.split(".", 1)[0]


class GoldPeriod(_Gold):
    """The time a claim is about; ``text``/``span`` are optional in gold."""

    text: str | None = None
    span: GoldSpan | None = None
    start: PeriodBound = None
    end: PeriodBound = None

    @model_validator(mode="after")
    def _ordered(self) -> GoldPeriod:
        if self.span is not None and self.text is None:
            raise ValueError("a span needs its text")
        months = period_months(self.start, self.end)
        if months is not None and months[0] > months[1]:
            raise ValueError(f"start {self.start} is after end {self.end}")
        if self.start is None and self.end is not None:
            raise ValueError("end without start")
        return self

    @property
    def months(self) -> tuple[Month, Month] | None:
        """``period_months(start, end)``; None when the period has no start."""
        return period_months(self.start, self.end)


class GoldLocation(_Gold):
    """The place a claim is about. A bare string in the file becomes ``{"name": …}``."""

    name: str = Field(min_length=1)
    text: str | None = None
    span: GoldSpan | None = None

    @model_validator(mode="after")
    def _paired(self) -> GoldLocation:
        if self.span is not None and self.text is None:
            raise ValueError("a span needs its text")
        return self


class GoldFact(_Gold):
    """One hand-annotated fact. Fields not listed here are not part of a gold file."""

    quantity: GoldQuantity
    indicator: GoldIndicator | None = None
    measure: Measure | None = None
    direction: Direction | None = None
    period: GoldPeriod | None = None
    location: GoldLocation | None = None
    modality: Modality | None = None
    note: str | None = None
    # Contract fields a gold file may carry when it was made from pipeline output; unscored.
    id: str | None = None
    span: GoldSpan | None = None
    sentence_span: GoldSpan | None = None

    @field_validator("location", mode="before")
    @classmethod
    def _named(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class GoldNotFact(_Gold):
    """A number-like stretch of text that must not become a fact (an id, a date, …)."""

    text: str = Field(min_length=1)
    span: GoldSpan
    why: str | None = None


class _GoldFile(_Gold):
    doc_id: str = Field(min_length=1)
    published: date | None = None
    facts: tuple[GoldFact, ...] = ()
    not_facts: tuple[GoldNotFact, ...] = ()
    source: GoldSource | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _iso(cls, value: Any) -> Any:
        # Lax date parsing would read a bare number as a Unix timestamp.
        if value is not None and not isinstance(value, (str, date)):
            raise ValueError("must be an ISO date string, YYYY-MM-DD")
        return value


class GoldDoc(_GoldFile):
    """A loaded gold document with its resolved text; every span has been checked."""

    text: str = Field(repr=False, description="The document text exactly as read (BOM dropped).")
    path: str | None = Field(None, description="The gold file it was loaded from.")


def default_bulk_path(gold_path: str | Path | None = None) -> Path | None:
    """The shared bulk file, if present: ``<ancestor>/shared/realnews/bulk.jsonl``.

    Looks beside every ancestor of ``gold_path`` (so ``<repo>/gold/x.gold.json`` finds
    ``<repo>/../shared``), then beside this package's checkout. None when absent.
    """
    candidates: list[Path] = []
    if gold_path is not None:
        candidates += [parent / _SHARED_BULK for parent in Path(gold_path).resolve().parents]
    candidates.append(_REPO_BULK)
    return next((c for c in candidates if c.is_file()), None)


def load_gold(path: str | Path, *, bulk_path: str | Path | None = None) -> GoldDoc:
    """Load and validate one gold file, resolving and checking its text.

    Args:
        path: a ``*.gold.json`` file.
        bulk_path: the bulk JSONL file for ``"source"`` references; by default
            :func:`default_bulk_path` of ``path``.

    Raises:
        GoldError: ``gold.read``, ``gold.schema`` or ``gold.text`` (see the module doc).
    """
    path = Path(path)
    parsed = _parse(path)
    bulk_texts: dict[str, str] = {}
    if parsed.source is not None:
        bulk = Path(bulk_path) if bulk_path is not None else default_bulk_path(path)
        bulk_texts = _read_bulk(bulk, {parsed.source.bulk_id}, path)
    return _resolve(path, parsed, bulk_texts)


def load_gold_dir(directory: str | Path, *, bulk_path: str | Path | None = None) -> list[GoldDoc]:
    """Load every ``*.gold.json`` under ``directory`` (recursively), sorted by path.

    The bulk file, when any document refers to it, is read once for all of them.

    Raises:
        GoldError: as :func:`load_gold`; also ``gold.read`` when ``directory`` is not a
            directory and ``gold.schema`` when two files share a ``doc_id``.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise GoldError("not a directory", code="gold.read", source=str(directory))
    paths = sorted(p for p in directory.rglob(f"*{GOLD_SUFFIX}") if p.is_file())
    parsed = [(p, _parse(p)) for p in paths]
    wanted = {f.source.bulk_id for _, f in parsed if f.source is not None}
    bulk_texts: dict[str, str] = {}
    if wanted:
        first = next(p for p, f in parsed if f.source is not None)
        bulk = Path(bulk_path) if bulk_path is not None else default_bulk_path(first)
        bulk_texts = _read_bulk(bulk, wanted, first)
    docs = [_resolve(p, f, bulk_texts) for p, f in parsed]
    seen: dict[str, str | None] = {}
    for doc in docs:
        if doc.doc_id in seen:
            raise GoldError(
                f"doc_id {doc.doc_id!r} is also used by {seen[doc.doc_id]}",
                code="gold.schema",
                source=doc.path,
            )
        seen[doc.doc_id] = doc.path
    return docs


def _parse(path: Path) -> _GoldFile:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GoldError(f"cannot read: {exc.strerror or exc}", code="gold.read", source=str(path)) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"not UTF-8 JSON: {exc}", code="gold.read", source=str(path)) from None
    if not isinstance(data, dict):
        raise GoldError("the top level is not a JSON object", code="gold.schema", source=str(path))
    try:
        # Spans and numbers are strict types: in a hand-written file "12" is not 12, nor 1.0 an offset.
        return _GoldFile.model_validate(data)
    except ValidationError as exc:
        raise GoldError(_describe(exc), code="gold.schema", source=str(path)) from None


def _describe(exc: ValidationError) -> str:
    problems = []
    for err in exc.errors():
        where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in err["loc"]).lstrip(".")
        message = err["msg"].removeprefix("Value error, ")
        problems.append(f"{where or '(top level)'}: {message}")
    shown = "; ".join(problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return shown + more


def _resolve(path: Path, parsed: _GoldFile, bulk_texts: Mapping[str, str]) -> GoldDoc:
    if parsed.source is not None:
        text = bulk_texts[parsed.source.bulk_id]
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest != parsed.source.sha256:
            raise GoldError(
                f"the text of {parsed.source.bulk_id} has SHA-256 {digest}, "
                f"not {parsed.source.sha256} (the bulk file changed, or the id is wrong)",
                code="gold.text",
                source=str(path),
            )
    else:
        text = _read_beside(path)
    doc = GoldDoc(**dict(parsed), text=text, path=str(path))
    _check_spans(doc)
    return doc


def _read_beside(path: Path) -> str:
    name = path.name
    stem = name[: -len(GOLD_SUFFIX)] if name.endswith(GOLD_SUFFIX) else path.stem
    txt = path.with_name(stem + ".txt")
    try:
        # Bytes, not read_text(): universal newlines would turn CRLF into LF and shift offsets.
        return txt.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise GoldError(
            f'no text: {txt.name} is not beside it and it has no "source"',
            code="gold.text",
            source=str(path),
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"cannot read {txt.name}: {exc}", code="gold.text", source=str(path)) from None


def _read_bulk(bulk: Path | None, wanted: set[str], gold_path: Path) -> dict[str, str]:
    if bulk is None or not bulk.is_file():
        where = f"{bulk} does not exist" if bulk is not None else "no shared/realnews/bulk.jsonl was found"
        raise GoldError(
            f"needs the bulk file for {sorted(wanted)}, but {where} (pass bulk_path)",
            code="gold.text",
            source=str(gold_path),
        )
    found: dict[str, str] = {}
    for article in _bulk_articles(bulk, wanted, gold_path):
        if article.get("id") in wanted and isinstance(article.get("text"), str):
            found[article["id"]] = article["text"]
            if len(found) == len(wanted):
                break  # The bulk file is ~10 MB; the needed lines are usually early.
    missing = sorted(wanted - found.keys())
    if missing:
        raise GoldError(f"{bulk} has no article {', '.join(missing)}", code="gold.text", source=str(gold_path))
    return found


def _bulk_articles(bulk: Path, wanted: Iterable[str], gold_path: Path) -> Iterator[dict[str, Any]]:
    needles = [json.dumps(bulk_id) for bulk_id in wanted]
    with bulk.open("r", encoding="utf-8", newline="\n") as lines:
        for lineno, line in enumerate(lines, start=1):
            # Parse only lines that can hold a wanted id: most lines are never decoded.
            if not any(needle in line for needle in needles):
                continue
            try:
                article = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(
                    f"{bulk} line {lineno} is not JSON: {exc}", code="gold.text", source=str(gold_path)
                ) from None
            if isinstance(article, dict):
                yield article


def _check_spans(doc: GoldDoc) -> None:
    """Every span must lie in the text and cover exactly its ``text``; gold facts must not overlap."""
    text = doc.text

    def fail(where: str, problem: str) -> GoldError:
        return GoldError(f"doc {doc.doc_id!r}: {where} {problem}", code="gold.schema", source=doc.path)

    def check(where: str, span: tuple[int, int] | None, expected: str | None) -> None:
        if span is None:
            return
        start, end = span
        if end > len(text):
            raise fail(f"{where}.span", f"{list(span)} runs past the end of the text ({len(text)} characters)")
        if expected is not None and text[start:end] != expected:
            raise fail(f"{where}.text", f"{expected!r} does not match the text at {list(span)}: {text[start:end]!r}")

    for i, fact in enumerate(doc.facts):
        where = f"facts[{i}]"
        check(f"{where}.quantity", fact.quantity.span, fact.quantity.text)
        if fact.indicator is not None:
            check(f"{where}.indicator", fact.indicator.span, fact.indicator.text)
        if fact.period is not None:
            check(f"{where}.period", fact.period.span, fact.period.text)
        if fact.location is not None:
            check(f"{where}.location", fact.location.span, fact.location.text)
        check(where, fact.span, None)
        check(f"{where}.sentence", fact.sentence_span, None)
    for i, not_fact in enumerate(doc.not_facts):
        check(f"not_facts[{i}]", not_fact.span, not_fact.text)

    # Overlapping gold quantities would make the one-to-one pairing of scoring ambiguous,
    # and a not_fact over a fact would count a correct prediction as a false fact.
    marked = sorted(
        [(f.quantity.span, f"facts[{i}]") for i, f in enumerate(doc.facts)]
        + [(n.span, f"not_facts[{i}]") for i, n in enumerate(doc.not_facts)]
    )
    for j, (span_b, name_b) in enumerate(marked):
        for span_a, name_a in marked[:j]:
            both_not_facts = name_a.startswith("not_") and name_b.startswith("not_")
            if span_b[0] < span_a[1] and not both_not_facts:
                raise fail(name_b, f"span {list(span_b)} overlaps {name_a} {list(span_a)}")
