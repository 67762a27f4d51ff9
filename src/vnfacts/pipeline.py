"""The only place that knows the order of the stages.

``document → identifiers → periods → quantities → places → sentences → claims → facts``

Identifiers and time expressions are found before amounts so that numbers inside them
(``136/2007/QĐ-TTg``, ``năm 2025``, ``8 giờ``) are never read as amounts. Word
segmentation is not needed for any of this; sentences are split cheaply.
"""

from __future__ import annotations

from datetime import date

from . import claims, identifiers, periods, places, quantities
from .assemble import to_fact, to_quantity
from .document import Document
from .errors import InputError
from .facts import Fact, Quantity
from .tokens import split_sentences

__all__ = ["as_document", "stage_amounts", "find_quantities", "extract"]


def as_document(text: str | Document, *, doc_id: str | None = None) -> Document:
    """Accept a ``str`` or a ready :class:`Document`; anything else is an input error."""
    if isinstance(text, Document):
        return text
    if not isinstance(text, str):
        raise InputError(
            f"expected str or Document, got {type(text).__name__}", code="input.type", source=doc_id
        )
    return Document.from_text(text, doc_id=doc_id)


def stage_amounts(work: str, *, published: date | None = None, convention: str = "auto"):
    """The amounts of a working text, with identifiers and time expressions found first and
    kept out of them; returns ``(amounts, time_expressions)`` in working coordinates."""
    ids = identifiers.find_identifiers(work)
    id_spans = [(i.start, i.end) for i in ids]
    times = periods.find_time_expressions(work, published=published, excluded=id_spans)
    excluded = id_spans + [(t.start, t.end) for t in times]
    return quantities.find_amounts(work, excluded=excluded, convention=convention), times


def find_quantities(text: str | Document) -> list[Quantity]:
    """Every amount in ``text`` as the contract's :class:`Quantity`, in text order.

    Example:
        >>> [q.text for q in find_quantities("Xuất khẩu tăng trên 19%/năm.")]
        ['trên 19%/năm']
    """
    doc = as_document(text)
    amounts, _ = stage_amounts(doc.text)
    return [to_quantity(a, doc) for a in amounts]


def extract(text: str | Document, *, doc_id: str | None = None, published: date | None = None) -> list[Fact]:
    """Every numeric claim in ``text`` as a :class:`Fact`, in text order.

    Args:
        text: the article (a ``str`` as read, or a :class:`Document`).
        doc_id: prefix of the fact ids (``doc_id#1``, ``doc_id#2`` …); ``doc`` when None.
        published: the publication date, used to resolve ``năm nay``, ``cùng kỳ`` …

    Example:
        >>> facts = extract("Năm 2024, kim ngạch xuất khẩu đạt 405 tỷ USD.")
        >>> facts[0].indicator.id, facts[0].quantity.value, facts[0].period.start
        ('trade.export_turnover', 405000000000.0, '2024')
    """
    doc = as_document(text, doc_id=doc_id)
    amounts, times = stage_amounts(doc.text, published=published)
    if not amounts:
        return []
    mentions = places.find_places(doc.text)
    sentences = [s.work_span for s in split_sentences(doc)]
    found = claims.build_claims(
        doc.text,
        sentences,
        amounts,
        times,
        mentions,
        main_place=places.main_place(mentions),
        published=published,
    )
    prefix = doc_id or doc.doc_id or "doc"
    # Displaced layout blocks sit at the end of the working copy: order by raw offsets.
    ordered = sorted(found, key=lambda c: doc.to_raw(c.amount.start, c.amount.end))
    return [to_fact(c, doc, f"{prefix}#{i}") for i, c in enumerate(ordered, start=1)]
