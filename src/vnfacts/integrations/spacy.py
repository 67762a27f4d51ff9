"""spaCy integration: vnfacts' tokenizer and a ``vnfacts`` pipeline component.

* ``vnfacts.Tokenizer.v1`` (registered tokenizer): underthesea words via
  :func:`vnfacts.tokenize`, so ``spacy.blank("vi")``'s pyvi dependency is not needed.
  Token offsets are the raw offsets of :func:`vnfacts.tokenize`; whitespace other than
  one space after a word becomes whitespace tokens, so ``doc.text`` is the input exactly.
* ``vnfacts`` (registered factory): runs :func:`vnfacts.extract` on ``doc.text``, sets
  ``doc._.facts`` and puts every fact's parts into ``doc.spans["vnfacts"]`` labelled
  QUANTITY, INDICATOR, PERIOD or PLACE, with the facts' exact character offsets (a token
  a part boundary falls inside is split, so no span has to be widened).

Both are also entry points of the package (``spacy_factories``, ``spacy_tokenizers``),
so ``nlp.add_pipe("vnfacts")`` and ``spacy.load`` of a saved pipeline work without
importing this module first.
"""

# No ``from __future__ import annotations``: spaCy validates factory settings from the
# runtime type hints of ``make_component``.
from bisect import bisect_right
from datetime import date
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..errors import InputError
from ..facts import Fact
from ..pipeline import extract
from ..tokens import tokenize

__all__ = [
    "SPANS_KEY",
    "LABELS",
    "VnfactsTokenizer",
    "VnfactsComponent",
    "create_tokenizer",
    "make_component",
    "spacy_nlp",
]

SPANS_KEY = "vnfacts"
#: Span label of each fact part (the keys are the Fact's field names).
LABELS = {"quantity": "QUANTITY", "indicator": "INDICATOR", "period": "PERIOD", "location": "PLACE"}

if not Doc.has_extension("facts"):
    Doc.set_extension("facts", default=None)


def _pieces(text: str) -> Tuple[List[str], List[bool], List[bool]]:
    """Words, trailing-space flags and sentence starts covering ``text`` exactly."""
    # The contract's offsets index the text without a leading BOM; keep it as a token.
    bom = 1 if text.startswith("\ufeff") else 0
    try:
        sentences = tokenize(text)
    except InputError:  # empty, whitespace-only or binary: no words, only the gaps
        sentences = []
    spans: List[Tuple[int, int, bool]] = []
    for sentence in sentences:
        for i, tok in enumerate(sorted(sentence.tokens, key=lambda t: t.span)):
            spans.append((tok.span[0] + bom, tok.span[1] + bom, i == 0))
    # Layout material (headings) is displaced in the working copy, so sentences do not
    # come in raw order: sort by raw offset.
    spans.sort()

    words: List[str] = []
    spaces: List[bool] = []
    starts: List[bool] = []

    def gap(a: int, b: int) -> None:
        # Text no token covers: words for non-space runs, whitespace tokens for the rest
        # (spaCy only records a single " " after a token as `whitespace_`).
        pos = a
        while pos < b:
            end = pos
            is_space = text[pos].isspace()
            while end < b and text[end].isspace() == is_space:
                end += 1
            run = text[pos:end]
            if is_space and words and not spaces[-1] and run[0] == " ":
                spaces[-1] = True
                run = run[1:]
            if run:
                words.append(run)
                spaces.append(False)
                starts.append(not words[:-1])
            pos = end

    cursor = 0
    for start, end, first in spans:
        start = max(start, cursor)  # never overlap the previous token
        if end <= start:
            continue
        gap(cursor, start)
        words.append(text[start:end])
        spaces.append(False)
        starts.append(first or len(words) == 1)
        cursor = end
    gap(cursor, len(text))
    return words, spaces, starts


class VnfactsTokenizer:
    """Callable ``text -> Doc`` using :func:`vnfacts.tokenize` (underthesea words).

    Multi-syllable words stay one token (``kim ngạch``); sentence starts are set from
    vnfacts' sentence splitter, so ``doc.sents`` works without a parser.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, spaces, starts = _pieces(text)
        doc = Doc(self.vocab, words=words, spaces=spaces, sent_starts=starts if words else None)
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    # The tokenizer has no state: serialisation only has to round-trip.
    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> "VnfactsTokenizer":
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: Any, **kwargs: Any) -> "VnfactsTokenizer":
        return self


@spacy.registry.tokenizers("vnfacts.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], VnfactsTokenizer]:
    """The registered tokenizer factory (``@tokenizers = "vnfacts.Tokenizer.v1"``)."""

    def make(nlp: Language) -> VnfactsTokenizer:
        return VnfactsTokenizer(nlp.vocab)

    return make


def _parts(facts: Iterable[Fact]) -> List[Tuple[int, int, str]]:
    """Distinct (start, end, label) of every fact part; parts shared by facts (one
    indicator, one period for several amounts) appear once."""
    seen: Dict[Tuple[int, int, str], None] = {}
    for f in facts:
        for field, label in LABELS.items():
            part = getattr(f, field)
            if part is not None and part.span[1] > part.span[0]:
                seen[(part.span[0], part.span[1], label)] = None
    return sorted(seen)


def _split_at(doc: Doc, offsets: Iterable[int]) -> None:
    """Split the tokens that have one of the character ``offsets`` strictly inside."""
    starts = [t.idx for t in doc]
    cuts: Dict[int, List[int]] = {}
    for off in sorted(set(offsets)):
        i = bisect_right(starts, off) - 1  # the token starting at or before `off`
        if i >= 0 and starts[i] < off < starts[i] + len(doc[i].text):
            cuts.setdefault(i, []).append(off - starts[i])
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for i, inner in cuts.items():
            token = doc[i]
            bounds = [0, *inner, len(token.text)]
            orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
            # No parser ran: attach every piece to the first one so the split is valid.
            retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))


class VnfactsComponent:
    """The ``vnfacts`` pipeline component (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "vnfacts", *, published: Optional[str] = None, doc_id: Optional[str] = None, split_tokens: bool = True) -> None:
        self.name = name
        self.published = date.fromisoformat(published) if published else None
        self.doc_id = doc_id
        self.split_tokens = split_tokens

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        bom = 1 if text.startswith("\ufeff") else 0
        try:
            facts = extract(text, doc_id=self.doc_id, published=self.published)
        except InputError:  # empty or whitespace-only text has no facts
            facts = []
        parts = [(s + bom, e + bom, label) for s, e, label in _parts(facts)]
        if self.split_tokens:
            _split_at(doc, [o for s, e, _ in parts for o in (s, e)])
        spans: List[Span] = []
        for start, end, label in parts:
            span = doc.char_span(start, end, label=label, alignment_mode="strict")
            if span is None:  # split_tokens=False: widen to whole tokens
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        doc._.facts = facts
        return doc


@Language.factory(
    "vnfacts",
    default_config={"published": None, "doc_id": None, "split_tokens": True},
    assigns=["doc.spans", "doc._.facts"],
)
def make_component(nlp: Language, name: str, published: Optional[str], doc_id: Optional[str], split_tokens: bool) -> VnfactsComponent:
    """Factory of the ``vnfacts`` component.

    Settings: ``published`` (ISO date, resolves ``năm nay`` …), ``doc_id`` (fact id
    prefix), ``split_tokens`` (split tokens so spans match the facts' offsets exactly;
    when False, spans are widened to whole tokens).
    """
    return VnfactsComponent(nlp, name, published=published, doc_id=doc_id, split_tokens=split_tokens)


def spacy_nlp(*, facts: bool = True, published: Optional[str] = None, doc_id: Optional[str] = None) -> Language:
    """``spacy.blank("vi")`` with vnfacts' tokenizer and, when ``facts``, the component.

    Example:
        >>> nlp = spacy_nlp()                                          # doctest: +SKIP
        >>> [(s.text, s.label_) for s in nlp(text).spans["vnfacts"]]   # doctest: +SKIP
    """
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vnfacts.Tokenizer.v1"}}})
    if facts:
        nlp.add_pipe("vnfacts", config={"published": published, "doc_id": doc_id})
    return nlp
