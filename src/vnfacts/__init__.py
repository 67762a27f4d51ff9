"""vnfacts: every numeric claim in Vietnamese news as a structured, checkable fact.

The public API::

    import vnfacts
    facts = vnfacts.extract(text, doc_id="a1", published=datetime.date(2025, 7, 5))
    quantities = vnfacts.find_quantities(text)
    sentences = vnfacts.tokenize(text)
    for result in vnfacts.extract_many(["articles/"]): ...
    report = vnfacts.evaluate_dir("corpora/gold")
    vnfacts.show(text); df = vnfacts.to_frame(facts); nlp = vnfacts.spacy_nlp()

Every span indexes the text as given (``text[start:end] == part.text``).
"""

from __future__ import annotations

from .batch import DocResult, extract_many
from .document import Document
from .errors import DataError, GoldError, InputError, VnfactsError
from .evaluate import Report, evaluate_dir
from .facts import Fact, Indicator, Location, Period, Quantity, schema
from .frame import plot_indicator, to_frame
from .gold import GoldDoc, load_gold, load_gold_dir
from .integrations import spacy_nlp
from .pipeline import extract, find_quantities
from .textnorm import canonical
from .tokens import Sentence, Token, tokenize
from .view import show

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "DocResult",
    "Document",
    "Fact",
    "GoldDoc",
    "GoldError",
    "Indicator",
    "InputError",
    "Location",
    "Period",
    "Quantity",
    "Report",
    "Sentence",
    "Token",
    "VnfactsError",
    "__version__",
    "canonical",
    "evaluate_dir",
    "extract",
    "extract_many",
    "find_quantities",
    "load_gold",
    "load_gold_dir",
    "plot_indicator",
    "schema",
    "show",
    "spacy_nlp",
    "to_frame",
    "tokenize",
]
