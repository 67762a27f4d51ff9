"""The fact contract (``FACTS.md``) as frozen pydantic models.

``Fact.model_dump(mode="json")`` is exactly the contract's JSON. Every ``span`` is a
``[start, end)`` pair of code-point offsets into the document text *as read* (bytes
decoded, a leading BOM dropped, nothing else changed), so that
``text[q.span[0]:q.span[1]] == q.text`` always holds.

Fields beyond the contract (``rules``) are additions; the contract's fields are never
renamed or dropped.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Span",
    "QuantityKind",
    "Qualifier",
    "Measure",
    "Direction",
    "Modality",
    "Quantity",
    "Indicator",
    "Period",
    "Location",
    "Fact",
    "schema",
]

Span = tuple[int, int]
QuantityKind = Literal["count", "money", "percent", "measure", "duration", "ratio", "rank", "number"]
Qualifier = Literal["exact", "about", "more_than", "at_least", "less_than", "at_most", "range", "vague"]
Measure = Literal["level", "growth_rate", "change", "share", "rank"]
Direction = Literal["increase", "decrease"]
Modality = Literal["actual", "target", "forecast"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _check_span(span: Span, what: str) -> None:
    if span[0] < 0 or span[1] < span[0]:
        raise ValueError(f"{what} span {list(span)} is not a [start, end) pair with 0 <= start <= end")


class Quantity(_Frozen):
    """An amount as written: the number with its qualifier, scale, unit and rate."""

    text: str = Field(description="The quantity's surface text, equal to text[span[0]:span[1]].")
    span: Span
    kind: QuantityKind
    value: float | None = Field(description="Point value in the base unit (null for ranges and vague amounts).")
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = "exact"
    unit: str | None = Field(None, description="Canonical unit: %, pp, point, a currency code, a physical unit, year/month/day, or the counted noun.")
    unit_text: str | None = Field(None, description="The unit as written.")
    per: str | None = Field(None, description="The rate's denominator: year, month, person …")

    @model_validator(mode="after")
    def _valid(self) -> Quantity:
        _check_span(self.span, "quantity")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")
        return self


class Indicator(_Frozen):
    """What is measured: a taxonomy id and the words in the text that name it."""

    id: str
    label: str
    text: str
    span: Span


class Period(_Frozen):
    """The time a claim is about. ``start``/``end`` are YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD."""

    text: str
    span: Span
    start: str | None = None
    end: str | None = None


class Location(_Frozen):
    """The place a claim is about: its mention in the text and its canonical name."""

    text: str
    span: Span
    name: str


class Fact(_Frozen):
    """One numeric claim, pointing back into the text it came from."""

    id: str
    span: Span = Field(description="The whole claim, from the first to the last of its parts.")
    sentence_span: Span
    quantity: Quantity
    indicator: Indicator | None = None
    measure: Measure | None = None
    direction: Direction | None = None
    period: Period | None = None
    location: Location | None = None
    modality: Modality = "actual"
    confidence: float = Field(ge=0.0, le=1.0)
    rules: tuple[str, ...] = Field((), description="Ids of the rules that produced the fact's parts (an addition to the contract).")

    @model_validator(mode="after")
    def _valid(self) -> Fact:
        _check_span(self.span, "fact")
        _check_span(self.sentence_span, "sentence")
        return self


def schema() -> dict[str, Any]:
    """The JSON Schema of :class:`Fact` (what ``vnfacts schema`` prints)."""
    return Fact.model_json_schema()
