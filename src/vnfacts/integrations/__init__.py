"""Bridges to other libraries (optional extras); each is imported only when used.

``spacy_nlp`` is re-exported lazily so that ``import vnfacts`` never imports spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["spacy_nlp"]


def spacy_nlp(**config: Any) -> Language:
    """A Vietnamese spaCy pipeline: vnfacts' tokenizer plus the ``vnfacts`` component.

    Needs the ``spacy`` extra (``pip install 'vnfacts[spacy]'``); keyword arguments are
    those of :func:`vnfacts.integrations.spacy.spacy_nlp`.
    """
    try:
        from .spacy import spacy_nlp as build
    except ImportError as exc:  # spaCy itself missing: say which extra brings it
        raise ImportError(f"vnfacts.spacy_nlp() needs spaCy: pip install 'vnfacts[spacy]' ({exc})") from exc
    return build(**config)
