"""Claims (working-text coordinates) to contract facts (raw-text offsets).

This is the only place where working-copy spans become public spans: every span goes
through :meth:`Document.to_raw`, and a quantity whose qualifier is separated from its
number by layout material (a heading inserted mid-sentence) is shrunk to its core, so
``raw[span[0]:span[1]] == text`` always holds.
"""

from __future__ import annotations

from .claims import Claim
from .document import Document
from .facts import Fact, Indicator, Location, Period, Quantity

__all__ = ["to_quantity", "to_fact"]


def _raw(doc: Document, start: int, end: int) -> tuple[tuple[int, int], str]:
    rs, re_ = doc.to_raw(start, end)
    return (rs, re_), doc.raw[rs:re_]


def to_quantity(amount, doc: Document) -> Quantity:
    """The contract's quantity for one amount of ``doc``."""
    start, end = amount.start, amount.end
    if not doc.is_contiguous(start, end):
        start, end = amount.core_start, amount.core_end
    span, text = _raw(doc, start, end)
    return Quantity(
        text=text,
        span=span,
        kind=amount.kind,
        value=amount.value,
        low=amount.low,
        high=amount.high,
        qualifier=amount.qualifier,
        unit=amount.unit,
        unit_text=amount.unit_text,
        per=amount.per,
    )


def to_fact(claim: Claim, doc: Document, fact_id: str) -> Fact:
    """The contract's fact for one claim of ``doc``."""
    quantity = to_quantity(claim.amount, doc)
    indicator = None
    span = quantity.span
    if claim.indicator is not None:
        ispan, itext = _raw(doc, claim.indicator.start, claim.indicator.end)
        info = claim.indicator.info
        indicator = Indicator(id=info.id, label=info.label_en, text=itext, span=ispan)
        if claim.sentence[0] <= claim.indicator.start and claim.indicator.end <= claim.sentence[1]:
            # The claim's span covers what and how much; an indicator carried over from an
            # earlier sentence stays out of it.
            span = (min(span[0], ispan[0]), max(span[1], ispan[1]))
    period = None
    if claim.period is not None:
        pspan, ptext = _raw(doc, claim.period.start, claim.period.end)
        period = Period(text=ptext, span=pspan, start=claim.period.start_value, end=claim.period.end_value)
    location = None
    if claim.place is not None and claim.place_name:
        lspan, ltext = _raw(doc, claim.place.start, claim.place.end)
        location = Location(text=ltext, span=lspan, name=claim.place_name)
    sentence_span, _ = _raw(doc, *claim.sentence)
    return Fact(
        id=fact_id,
        span=span,
        sentence_span=sentence_span,
        quantity=quantity,
        indicator=indicator,
        measure=claim.measure,
        direction=claim.direction,
        period=period,
        location=location,
        modality=claim.modality,
        confidence=claim.confidence,
        rules=claim.rules,
    )
