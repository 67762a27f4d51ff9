"""Sentences and words, from underthesea, aligned to exact raw offsets.

underthesea splits sentences (``sent_tokenize``) and segments words (``word_tokenize``,
multi-syllable words such as ``Hà Nội`` or ``kim ngạch`` stay one token). Its strings
are not always substrings of its input: it rewrites spellings (``nghành`` -> ``ngành``)
and joins the syllables of a word with one space whatever separated them. So each piece
of its output is *aligned* against the document's working copy, and the working span is
then mapped to ``raw`` with :meth:`Document.to_raw`. A token's ``text`` is always the raw
slice of its ``span``: ``doc.raw[t.span[0]:t.span[1]] == t.text``.

Sentence splitting is cheap; word segmentation is not. :func:`split_sentences` returns
sentences without tokens, and :func:`segment_words` segments one sentence on demand, so
later stages only pay for sentences that contain something worth analysing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from underthesea import sent_tokenize, word_tokenize

from .document import Document
from .errors import InputError

__all__ = ["Token", "Sentence", "split_sentences", "segment_words", "tokenize"]

Span = tuple[int, int]

_PARAGRAPH = re.compile(r"[^\n]+")
_WORD_RUN = re.compile(r"\w+")
# Characters underthesea's character normaliser maps (eth to đ); compared as equal.
_FOLD = str.maketrans({"ð": "đ", "Ð": "Đ"})


@dataclass(frozen=True)
class Token:
    """One word (possibly several syllables): ``text`` is ``raw[span[0]:span[1]]``;
    ``work_span`` is the same word in the working copy."""

    text: str
    span: Span
    work_span: Span


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text`` is ``raw[span[0]:span[1]]``, ``work_span`` its working-copy
    span, ``tokens`` its words (empty until segmented)."""

    text: str
    span: Span
    work_span: Span
    tokens: tuple[Token, ...] = ()


def _same(a: str, b: str) -> bool:
    return a == b or a.lower() == b.lower() or a.translate(_FOLD) == b.translate(_FOLD)


def _match_at(text: str, pos: int, end: int, piece: str) -> int | None:
    """End of ``piece`` matched at ``text[pos:]`` char by char (case and eth folded,
    whitespace in ``text`` between characters skipped), or None."""
    i = pos
    for ch in piece:
        if ch.isspace():
            continue
        while i < end and text[i].isspace():
            i += 1
        if i >= end or not _same(text[i], ch):
            return None
        i += 1
    return i


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _align(text: str, start: int, end: int, pieces: list[str]) -> list[Span]:
    """Spans in ``text[start:end]`` for underthesea's ``pieces``, in order.

    Greedy: each syllable is matched at the cursor; a syllable underthesea respelled
    takes the word run at the cursor (its rewrites stay within one word); anything
    else falls back to searching ahead, then to one character. Never raises.
    """
    spans: list[Span] = []
    cursor = start
    for piece in pieces:
        first: int | None = None
        for syllable in piece.split():
            cursor = _skip_space(text, cursor, end)
            if cursor >= end:
                break
            stop = _match_at(text, cursor, end, syllable)
            if stop is None:
                run = _WORD_RUN.match(text, cursor, end)
                if run and syllable.isalnum():
                    stop = run.end()
                else:
                    found = text.find(syllable, cursor, end)
                    if found >= 0:
                        cursor, stop = found, found + len(syllable)
                    else:
                        stop = cursor + 1
            if first is None:
                first = cursor
            cursor = stop
        if first is not None:
            spans.append((first, cursor))
    return spans


def _locate(text: str, start: int, end: int, sentence: str) -> Span | None:
    """Where underthesea's ``sentence`` string lies in ``text[start:end]`` (from ``start``)."""
    found = text.find(sentence, start, end)
    if found >= 0:
        return found, found + len(sentence)
    begin = _skip_space(text, start, end)
    stop = _match_at(text, begin, end, sentence)
    return (begin, stop) if stop is not None else None


def _sentence(doc: Document, ws: int, we: int, tokens: tuple[Token, ...] = ()) -> Sentence:
    rs, re_ = doc.to_raw(ws, we)
    return Sentence(doc.raw[rs:re_], (rs, re_), (ws, we), tokens)


def split_sentences(doc: Document) -> list[Sentence]:
    """Split the working copy into sentences (per line, underthesea ``sent_tokenize``).

    Cheap: no word segmentation, ``tokens`` are empty. Spans are aligned, never guessed.
    """
    text = doc.text
    out: list[Sentence] = []
    for para in _PARAGRAPH.finditer(text):
        if not para.group().strip():
            continue
        cursor, pend = para.start(), para.end()
        for piece in sent_tokenize(para.group()):
            span = _locate(text, cursor, pend, piece)
            if span is None:
                # underthesea changed the text beyond recognition: keep the rest as one sentence.
                begin = _skip_space(text, cursor, pend)
                span = (begin, len(text[:pend].rstrip()))
            if span[1] > span[0]:
                out.append(_sentence(doc, *span))
            cursor = span[1]
            if cursor >= pend:
                break
    return out


def segment_words(doc: Document, sentence: Sentence) -> tuple[Token, ...]:
    """Segment one sentence into words with underthesea ``word_tokenize``, aligned.

    Each token's ``text`` is the raw slice of its ``span``. Expensive: call it only for
    sentences that need words.
    """
    ws, we = sentence.work_span
    words = word_tokenize(doc.text[ws:we])
    tokens = []
    for s, e in _align(doc.text, ws, we, words):
        rs, re_ = doc.to_raw(s, e)
        tokens.append(Token(doc.raw[rs:re_], (rs, re_), (s, e)))
    return tuple(tokens)


def tokenize(text: str | bytes | Document) -> list[Sentence]:
    """Sentences of ``text`` with their words, every span indexing the raw text.

    ``text`` may be a ``str`` (see :meth:`Document.from_text`), UTF-8/16 ``bytes`` or a
    :class:`Document`. Raises :class:`InputError` for empty or undecodable input.
    """
    if isinstance(text, Document):
        doc = text
    elif isinstance(text, str):
        doc = Document.from_text(text)
    elif isinstance(text, (bytes, bytearray, memoryview)):
        doc = Document.from_bytes(bytes(text))
    else:
        raise InputError(f"expected str, bytes or Document, got {type(text).__name__}", code="input.type")
    return [
        Sentence(s.text, s.span, s.work_span, segment_words(doc, s)) for s in split_sentences(doc)
    ]
