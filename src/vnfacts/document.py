"""The document layer: raw text as read, a cleaned working copy, and the map between them.

A :class:`Document` holds

* ``raw``: the text exactly as read (bytes decoded, a leading BOM dropped, nothing else
  changed). Every public offset of vnfacts indexes ``raw``.
* ``text``: the *working copy* every later stage reads: NFC with canonical tone placement
  (:func:`vnfacts.textnorm.canonical`), HTML entities decoded, tags and markdown emphasis
  removed, CR / zero-width characters dropped, odd spaces folded to ``" "``, heading and
  byline markers dropped, end marks (``■``) dropped, one block per line, and sentences
  that page layout split across lines rejoined.

The working copy is built from *pieces*, each either an identity copy of a raw range or a
replacement (working text standing for a raw range, possibly empty on either side).
:meth:`Document.to_raw` maps any working span to the exact raw span it came from by
bisecting the piece starts, so it stays cheap on long articles.

Layout repair is conservative: a text line that ends without terminal punctuation is
joined to the next text line only when that line starts lower case, or with a digit or
``%`` after a line that reads as prose. Headings, bylines and captions found between the
two halves are *displaced*: moved to the end of the working copy (each as its own
paragraph, so numbers in them are still seen), never removed from ``raw``.
:meth:`Document.is_contiguous` tells whether a working span crosses such skipped material.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from .encodings import decode
from .errors import InputError
from .lexicon import load_table, trie_regex
from .textnorm import tone_edits

__all__ = ["Document", "decode_bytes"]

# A piece of the working copy: (working text, raw start, raw end, is identity copy).
_Piece = tuple[str, int, int, bool]

_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# Inline tags vanish (``<b>20</b>%``); block tags stand for a word break.
_INLINE_TAGS = frozenset("a abbr b big em font i mark s small span strong sub sup u".split())
_SPECIAL = re.compile(
    r"""
    (?P<comment><!--.*?-->)
  | (?P<tag></?(?P<tagname>[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>)
  | (?P<entity>&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)
  | (?P<italic>(?<![\w*])\*(?=[^\s*])[^*]+?(?<=[^\s*])\*(?![\w*]))
  | (?P<bold>(?<!\*)\*{2,3}(?!\*)|(?<!_)_{2,3}(?!_))
  | (?P<space>[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000])
  | (?P<drop>[\u200b-\u200d\u2060\ufeff\u00ad\u25a0\u25fc\u25fe])
  | (?P<ctrl>[\x00-\x08\x0e-\x1f\x7f])
    """,
    re.VERBOSE,
)
# The characters a _SPECIAL match can start with: a span without any has nothing to clean.
_SPECIAL_START = re.compile(
    "[<&*_\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b-\u200d\u2060\ufeff\u00ad\u25a0\u25fc\u25fe\x00-\x08\x0e-\x1f\x7f]"
)
_ODD_SPACE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\x00-\x08\x0e-\x1f\x7f]")
_ODD_DROP = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\u25a0\u25fc\u25fe]")
# What NFC may change in a line that is not NFC: a non-ASCII char with its marks, or marks.
_CLUSTER = re.compile(f"[^\\x00-\\u02ff{_MARKS}][{_MARKS}]*|[\\x00-\\u02ff]?[{_MARKS}]+")

_HEADING_MARK = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+")
_BYLINE_MARK = re.compile(r"[ \t]*\u25cf[ \t]*")
_BOLD_LINE = re.compile(r"\s*(\*\*|__)[^*_\n]+\1\s*")
_CAPTION = re.compile(r"\(?\s*ảnh\s*(?::|minh họa)", re.IGNORECASE)
_LIST_ITEM = re.compile(r"(?:[-\u2013\u2014+\u2022*\u25aa\u25e6]|\d{1,2}[.)]|[a-zđ][.)])\s")
_TERMINAL = frozenset(".!?…:;")
_CLOSERS = "\"'”’)]»"
_INTERNAL_END = re.compile(r"[.!?…][\"'”’)\]»]*\s+\S")

_TEXT, _HEADING, _BYLINE, _CAPTION_KIND, _LIST = "text", "heading", "byline", "caption", "list"
_SKIPPABLE = frozenset({_HEADING, _BYLINE, _CAPTION_KIND})
_MAX_SKIPPED = 3  # more layout material than this between halves: not one sentence
_MAX_BOX = 8  # a heading and the links listed under it
_PROSE_WORDS = 25


# --------------------------------------------------------------------------- decoding

def decode_bytes(data: bytes, *, source: str | None = None) -> str:
    """Decode a document's bytes: UTF-8 (with or without BOM), UTF-16/32 with a BOM, and
    the legacy Vietnamese encodings Windows-1258, TCVN3 and VNI (detected; see
    :mod:`vnfacts.encodings`).

    The BOM is dropped; nothing else is changed (Windows-1258's combining tone marks stay
    as read: the working copy is where text becomes NFC). Raises :class:`InputError` with
    code ``input.type`` (not bytes), ``input.binary`` (NUL bytes without a UTF-16/32 BOM)
    or ``input.decode`` (the reason names the encodings tried).
    """
    return decode(data, source=source).text


# --------------------------------------------------------------------------- pieces


def _rewrite(pieces: list[_Piece], edits: list[tuple[int, int, str]]) -> list[_Piece]:
    """Apply sorted, non-overlapping working-text edits ``(a, b, new)`` to ``pieces``.

    Identity pieces are split exactly at edit bounds; a replacement piece straddling a
    bound is absorbed whole, so every resulting piece still maps to one raw range.
    """
    if not edits:
        return pieces
    out: list[_Piece] = []
    queue = list(reversed(pieces))  # pop() from the end = next piece
    pos = 0
    for a, b, new in edits:
        while queue and pos + len(queue[-1][0]) <= a:
            piece = queue.pop()
            out.append(piece)
            pos += len(piece[0])
        w, rs, re_, ident = queue.pop()
        prefix = ""
        if pos < a:
            if ident:
                k = a - pos
                out.append((w[:k], rs, rs + k, True))
                w, rs, pos = w[k:], rs + k, a
            else:
                prefix = w[: a - pos]
        start, end, suffix = rs, re_, ""
        while True:
            if pos + len(w) <= b:
                end = re_
                pos += len(w)
            elif ident:
                k = b - pos
                end = rs + k
                queue.append((w[k:], rs + k, re_, True))
                pos = b
            else:
                suffix = w[b - pos:]
                end = re_
                pos += len(w)
            if pos >= b or not queue:
                break
            w, rs, re_, ident = queue.pop()
        out.append((prefix + new + suffix, start, end, False))
    out.extend(reversed(queue))
    return out


def _clean_span(raw: str, start: int, end: int) -> list[_Piece]:
    """Pieces for raw[start:end] (one line): markup, entities, odd characters replaced."""
    pieces: list[_Piece] = []
    pos = start
    specials = _SPECIAL.finditer(raw, start, end) if _SPECIAL_START.search(raw, start, end) else ()
    for m in specials:
        if m.start() > pos:
            pieces.append((raw[pos:m.start()], pos, m.start(), True))
        kind = m.lastgroup
        if kind == "italic":
            pieces.append(("", m.start(), m.start() + 1, False))
            pieces.extend(_clean_span(raw, m.start() + 1, m.end() - 1))
            pieces.append(("", m.end() - 1, m.end(), False))
        elif kind == "entity":
            value = html.unescape(m.group())
            # A decoded entity may itself be an odd space, a zero-width char or a mark.
            value = _ODD_DROP.sub("", _ODD_SPACE.sub(" ", value))
            pieces.append((value, m.start(), m.end(), value == m.group()))
        elif kind == "tag":
            gap = "" if m.group("tagname").lower() in _INLINE_TAGS else " "
            pieces.append((gap, m.start(), m.end(), False))
        elif kind in ("space", "ctrl"):
            pieces.append((" ", m.start(), m.end(), False))
        else:  # comment, bold, drop
            pieces.append(("", m.start(), m.end(), False))
        pos = m.end()
    if pos < end:
        pieces.append((raw[pos:end], pos, end, True))
    text = "".join(p[0] for p in pieces)
    if not unicodedata.is_normalized("NFC", text):
        edits = []
        for m in _CLUSTER.finditer(text):
            composed = unicodedata.normalize("NFC", m.group())
            if composed != m.group():
                edits.append((m.start(), m.end(), composed))
        pieces = _rewrite(pieces, edits)
        text = "".join(p[0] for p in pieces)
    return _rewrite(pieces, tone_edits(text))


@dataclass
class _Block:
    kind: str
    start: int  # raw range of the line's content (marker included, outer space excluded)
    end: int
    pieces: list[_Piece]
    text: str


def _line_block(raw: str, start: int, end: int) -> _Block | None:
    """Classify and clean one raw line; None for a line with no text."""
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    kind = _TEXT
    content = start
    marker = _HEADING_MARK.match(raw, start, end) or _BYLINE_MARK.match(raw, start, end)
    if marker:
        kind = _HEADING if raw[start:marker.end()].strip().startswith("#") else _BYLINE
        content = marker.end()
    elif _BOLD_LINE.fullmatch(raw, start, end):
        kind = _HEADING
    pieces = [("", start, content, False)] if content > start else []
    pieces += _clean_span(raw, content, end)
    text = "".join(p[0] for p in pieces)
    stripped = text.strip()
    if not stripped:
        return None
    if kind == _TEXT:
        if _CAPTION.match(stripped):
            kind = _CAPTION_KIND
        elif _LIST_ITEM.match(stripped):
            kind = _LIST
        elif _is_caps_line(stripped):
            kind = _BYLINE
    return _Block(kind, start, end, pieces, text)


def _skippable(block: _Block, skipped: list[_Block]) -> bool:
    """Whether ``block`` is layout material that may stand inside a sentence: a heading,
    byline or caption, or the list of links under one ("TIN LIÊN QUAN" and its items)."""
    if block.kind in _SKIPPABLE:
        return len(skipped) < _MAX_SKIPPED
    return block.kind == _LIST and bool(skipped) and len(skipped) < _MAX_BOX


def _is_caps_line(text: str) -> bool:
    """A short all-capitals line without digits or end punctuation: a byline or section title."""
    words = text.split()
    return (
        len(words) <= 6
        and text.upper() == text
        and any(c.isalpha() for c in text)
        and not any(c.isdigit() for c in text)
        and text[-1] not in _TERMINAL
    )


def _ends_open(text: str) -> bool:
    """True when ``text`` ends without terminal punctuation (closing quotes looked through)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] not in _TERMINAL


def _joins(before: str, after: str) -> bool:
    """Do two text lines form one sentence that layout split?"""
    if not _ends_open(before):
        return False
    first = after.lstrip()[:1]
    if first.islower():
        return True
    if first.isdigit() or first == "%":
        # A digit after a bare title line is usually a new paragraph; after prose that
        # stops mid-sentence it is the sentence's continuation.
        return (
            bool(_INTERNAL_END.search(before))
            or len(before.split()) >= _PROSE_WORDS
            or _open_end().search(before.rstrip()) is not None
        )
    return False


@lru_cache(maxsize=None)
def _open_end() -> re.Pattern[str]:
    """A line ending with a word that needs a complement (``đạt``, ``trên`` …)."""
    words = [r["word"] for r in load_table("open_line_ends.tsv", ("word",), required=("word",))]
    body = trie_regex(sorted(words), space=r"\s+")
    return re.compile(rf"(?<!\w)(?:{body})$", re.IGNORECASE)


def _separator(raw: str, start: int, end: int) -> _Piece:
    """The working text standing for the raw gap between two kept blocks."""
    breaks = len(_LINE_BREAK.findall(raw, start, end))
    sep = "\n\n" if breaks >= 2 else "\n"
    return (sep, start, end, raw[start:end] == sep)


# --------------------------------------------------------------------------- offset map


class _OffsetMap:
    """Piecewise map from working-copy offsets to raw offsets (bisect over piece starts)."""

    __slots__ = ("w_starts", "r_starts", "r_ends", "ident", "body_end", "gaps", "raw_len", "work_len")

    def __init__(self, pieces: list[_Piece], body_end: int, gaps: list[tuple[int, int]], raw_len: int) -> None:
        self.w_starts: list[int] = []
        self.r_starts: list[int] = []
        self.r_ends: list[int] = []
        self.ident: list[bool] = []
        pos = 0
        for w, rs, re_, ident in pieces:
            if not w:
                continue  # deletions cover raw text but own no working offset
            if ident and self.ident and self.ident[-1] and self.r_ends[-1] == rs:
                self.r_ends[-1] = re_  # merge runs of identity copies
            else:
                self.w_starts.append(pos)
                self.r_starts.append(rs)
                self.r_ends.append(re_)
                self.ident.append(ident)
            pos += len(w)
        self.work_len = pos
        self.body_end = body_end
        self.gaps = gaps
        self.raw_len = raw_len

    def point(self, pos: int) -> int:
        if pos >= self.work_len:
            return self.r_ends[-1] if self.r_ends else self.raw_len
        i = bisect_right(self.w_starts, pos) - 1
        return self.r_starts[i] + (pos - self.w_starts[i]) if self.ident[i] else self.r_starts[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        if start == end:
            p = self.point(start)
            return p, p
        i = bisect_right(self.w_starts, start) - 1
        j = bisect_right(self.w_starts, end - 1) - 1
        rs = self.r_starts[i] + (start - self.w_starts[i]) if self.ident[i] else self.r_starts[i]
        re_ = self.r_starts[j] + (end - self.w_starts[j]) if self.ident[j] else self.r_ends[j]
        if start < self.body_end < end:
            # Main text and displaced layout material are in different raw order.
            rs = min([rs] + self.r_starts[i + 1 : j + 1])
            re_ = max([re_] + self.r_ends[i:j])
        return rs, re_


def _build(raw: str) -> tuple[str, _OffsetMap]:
    blocks: list[_Block] = []
    line_start = 0
    for m in _LINE_BREAK.finditer(raw):
        block = _line_block(raw, line_start, m.start())
        if block:
            blocks.append(block)
        line_start = m.end()
    block = _line_block(raw, line_start, len(raw))
    if block:
        blocks.append(block)

    pieces: list[_Piece] = []
    gaps: list[tuple[int, int]] = []
    displaced: list[_Block] = []
    wpos = 0

    def emit(piece: _Piece) -> None:
        nonlocal wpos
        pieces.append(piece)
        wpos += len(piece[0])

    prev_end: int | None = None
    i = 0
    while i < len(blocks):
        block = blocks[i]
        emit(("", 0, block.start, False) if prev_end is None else _separator(raw, prev_end, block.start))
        for piece in block.pieces:
            emit(piece)
        last_end, last_text = block.end, block.text
        i += 1
        while block.kind == _TEXT:
            j, skipped = i, []
            while j < len(blocks) and _skippable(blocks[j], skipped):
                skipped.append(blocks[j])
                j += 1
            if j >= len(blocks) or blocks[j].kind != _TEXT or not _joins(last_text, blocks[j].text):
                break
            nxt = blocks[j]
            if skipped:
                gaps.append((wpos, wpos + 1))
                displaced.extend(skipped)
            emit((" ", last_end, nxt.start, False))
            for piece in nxt.pieces:
                emit(piece)
            last_end, last_text, i = nxt.end, nxt.text, j + 1
        prev_end = last_end
    body_end = wpos
    for block in displaced:
        emit(("\n\n", block.start, block.start, False))
        for piece in block.pieces:
            emit(piece)
    text = "".join(p[0] for p in pieces)
    return text, _OffsetMap(pieces, body_end, gaps, len(raw))


# --------------------------------------------------------------------------- document


@dataclass(frozen=True)
class Document:
    """A document: ``raw`` as read, the working copy ``text``, and the map between them.

    Build one with :meth:`from_text` or :meth:`from_bytes`. Every offset a later stage
    finds in ``text`` is turned into a raw offset with :meth:`to_raw`.
    """

    raw: str
    text: str
    doc_id: str | None = None
    _map: _OffsetMap | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._map is None:
            if self.raw != self.text:
                raise ValueError("use Document.from_text(): a working copy needs its offset map")
            pieces = [(self.raw, 0, len(self.raw), True)]
            object.__setattr__(self, "_map", _OffsetMap(pieces, len(self.raw), [], len(self.raw)))

    @classmethod
    def from_text(cls, raw: str, *, doc_id: str | None = None) -> Document:
        """Build a document from decoded text (a leading BOM is dropped, nothing else).

        Raises :class:`InputError`: ``input.type`` (not a str), ``input.binary`` (NUL
        characters), ``input.empty`` (nothing but whitespace or markup).
        """
        if not isinstance(raw, str):
            raise InputError(f"expected str, got {type(raw).__name__}", code="input.type", source=doc_id)
        if raw.startswith("\ufeff"):
            raw = raw[1:]
        if "\x00" in raw:
            raise InputError("contains NUL characters: binary data, not text", code="input.binary", source=doc_id)
        if not raw.strip():
            raise InputError("the text is empty or whitespace only", code="input.empty", source=doc_id)
        text, offset_map = _build(raw)
        if not text.strip():
            raise InputError("no text left after removing markup and layout marks", code="input.empty", source=doc_id)
        return cls(raw, text, doc_id, offset_map)

    @classmethod
    def from_bytes(cls, data: bytes, *, source: str | None = None, doc_id: str | None = None) -> Document:
        """Decode ``data`` with :func:`decode_bytes` and build the document.

        ``source`` (e.g. a file path) names the input in error messages.
        """
        text = decode_bytes(data, source=source or doc_id)
        try:
            return cls.from_text(text, doc_id=doc_id)
        except InputError as exc:
            raise InputError(exc.detail, code=exc.code, source=source or doc_id) from None

    @property
    def body_end(self) -> int:
        """Working offset where displaced layout material (headings, bylines) begins."""
        return self._map.body_end

    def _check(self, start: int, end: int) -> None:
        if not (0 <= start <= end <= len(self.text)):
            raise ValueError(f"[{start}, {end}) is not a span of the working text (length {len(self.text)})")

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map the working span ``[start, end)`` to the raw span it came from.

        Characters the working copy replaced (an entity, a decomposed letter, markup) map
        as a whole, so the raw span may be wider than the working one but always covers it.
        """
        self._check(start, end)
        return self._map.span(start, end)

    def is_contiguous(self, start: int, end: int) -> bool:
        """False when the working span crosses layout material (a heading, a byline) that
        the working copy skipped to rejoin a sentence, or reaches into displaced material."""
        self._check(start, end)
        m = self._map
        if start < m.body_end < end:
            return False
        return not any(gs < end and ge > start for gs, ge in m.gaps)
