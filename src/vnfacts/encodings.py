"""Reading bytes as text: Unicode, Windows-1258 and the legacy Vietnamese font encodings.

:func:`decode` is what :func:`vnfacts.document.decode_bytes` uses. In order:

1. a byte-order mark decides (UTF-8, UTF-16, UTF-32), and the mark is dropped;
2. NUL bytes without a mark mean binary data (``input.binary``);
3. valid UTF-8 is UTF-8 (legacy bytes are almost never valid UTF-8);
4. otherwise the bytes are in an 8-bit encoding, and three are tried: Windows-1258,
   TCVN3 (the ABC fonts' encoding) and VNI Windows. Each decoding is scored by how many of
   its words with a diacritic are well-formed Vietnamese syllables
   (``data/syllables.tsv``): the right decoding scores near 1, the others far lower. The
   best is taken only when it is confident (:data:`MIN_SCORE`) and clearly ahead of the
   next (:data:`MIN_MARGIN`) on enough evidence (:data:`MIN_WORDS`); otherwise the file is
   refused with ``input.decode`` and the scores in the message.

The decoded text is returned as read (Windows-1258's combining tone marks stay
combining); the document layer builds its NFC working copy from it. The code tables are
data (``data/tcvn3.tsv``, ``data/vni.tsv``); :func:`encode_legacy` is their inverse, used
to test round trips and to make test files.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .errors import InputError
from .lexicon import alternation, load_table

__all__ = [
    "Decoded",
    "LEGACY_ENCODINGS",
    "MIN_MARGIN",
    "MIN_SCORE",
    "MIN_WORDS",
    "decode",
    "decode_legacy",
    "encode_legacy",
    "is_syllable",
    "score_legacy",
    "syllable_score",
]

LEGACY_ENCODINGS = ("windows-1258", "tcvn3", "vni")
MIN_SCORE = 0.8  # share of diacritic words that must be well-formed syllables
MIN_MARGIN = 0.2  # lead over the second-best encoding
MIN_WORDS = 5  # fewer diacritic words than this is too little to tell encodings apart
_SAMPLE = 50_000  # characters scored: enough to decide, cheap on huge files

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_WORD = re.compile(r"[^\W\d_]+")
# Non-ASCII punctuation that Vietnamese news uses; any other non-letter symbol in a
# decoding (¶ µ ¸ ¾ …) is a sign of the wrong table.
_USUAL_SYMBOLS = frozenset("\u00a0“”‘’–—…«»°•€‰±")


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the encoding it was read in, and how sure the choice was."""

    text: str
    encoding: str
    confidence: float = 1.0


# --------------------------------------------------------------------------- tables


def _code_point(cell: str) -> str:
    return chr(int(cell.removeprefix("U+"), 16))


def _check_row(row) -> str | None:
    try:
        _code_point(row["unicode"])
        bytes.fromhex(row.get("byte") or row.get("bytes") or "")
    except ValueError:
        return "not a hex byte / U+ code point"
    return None


@lru_cache(maxsize=None)
def _tcvn3() -> dict[int, str]:
    rows = load_table("tcvn3.tsv", ["byte", "unicode"], required=["byte", "unicode"], check=_check_row)
    return {int(r["byte"], 16): _code_point(r["unicode"]) for r in rows}


@lru_cache(maxsize=None)
def _vni() -> dict[str, str]:
    """VNI sequences as latin-1 strings (one char per byte) -> Unicode character."""
    rows = load_table("vni.tsv", ["bytes", "unicode"], required=["bytes", "unicode"], check=_check_row)
    return {bytes.fromhex(r["bytes"]).decode("latin-1"): _code_point(r["unicode"]) for r in rows}


@lru_cache(maxsize=None)
def _vni_pattern() -> re.Pattern[str]:
    keys = sorted(_vni(), key=len, reverse=True)  # two-byte sequences before their first byte
    return re.compile("|".join(map(re.escape, keys)))


def _cp1252_rest(text: str) -> str:
    """Bytes 80-FF that no table claimed, read as Windows-1252 punctuation (latin-1 if undefined)."""
    def one(ch: str) -> str:
        try:
            return bytes([ord(ch)]).decode("cp1252")
        except UnicodeDecodeError:
            return ch
    return re.sub(r"[\x80-\xff]", lambda m: one(m.group()), text)


def decode_legacy(data: bytes, encoding: str) -> str:
    """Decode ``data`` in one of :data:`LEGACY_ENCODINGS` (raises ``UnicodeDecodeError``)."""
    if encoding == "windows-1258":
        return data.decode("cp1258")
    latin = data.decode("latin-1")  # one char per byte: the tables index bytes
    if encoding == "tcvn3":
        table = _tcvn3()
        return _cp1252_rest(latin.translate({b: c for b, c in table.items()}))
    if encoding == "vni":
        table = _vni()
        return _cp1252_rest(_vni_pattern().sub(lambda m: table[m.group()], latin))
    raise ValueError(f"unknown legacy encoding {encoding!r} (known: {', '.join(LEGACY_ENCODINGS)})")


@lru_cache(maxsize=None)
def _reverse(encoding: str) -> dict[str, bytes]:
    if encoding == "tcvn3":
        # Prefer the precomposed letter over base + combining mark.
        return {c: bytes([b]) for b, c in _tcvn3().items() if not unicodedata.combining(c)}
    if encoding == "vni":
        return {c: seq.encode("latin-1") for seq, c in _vni().items()}
    raise ValueError(f"no encoder table for {encoding!r}")


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode ``text`` (any normal form) in TCVN3, VNI or Windows-1258.

    Windows-1258 gets its usual form: the letter with its shape (â, ơ …) then a combining
    tone mark. Raises ``UnicodeEncodeError`` for a character the encoding lacks (e.g. a
    capital with a tone mark in TCVN3).
    """
    text = unicodedata.normalize("NFC", text)
    if encoding == "windows-1258":
        out = []
        for ch in text:
            try:
                out.append(ch.encode("cp1258"))
            except UnicodeEncodeError:
                base = unicodedata.normalize("NFD", ch)
                tone = "".join(m for m in base if m in _TONES)
                shape = unicodedata.normalize("NFC", "".join(m for m in base if m not in _TONES))
                out.append((shape + tone).encode("cp1258"))
        return b"".join(out)
    table = _reverse(encoding)
    out = []
    for i, ch in enumerate(text):
        if ch in table:
            out.append(table[ch])
        elif ord(ch) < 0x80:
            out.append(ch.encode("ascii"))
        else:
            try:
                byte = ch.encode("cp1252")
            except UnicodeEncodeError:
                byte = b""
            # A Windows-1252 byte that the table uses for a letter cannot carry the symbol.
            if not byte or decode_legacy(byte, encoding) != ch:
                raise UnicodeEncodeError(encoding, text, i, i + 1, "no such character in the table")
            out.append(byte)
    return b"".join(out)


# --------------------------------------------------------------------------- detection


@lru_cache(maxsize=None)
def _syllable() -> re.Pattern[str]:
    rows = load_table("syllables.tsv", ["part", "text"], required=["part", "text"])
    parts: dict[str, list[str]] = {"onset": [], "nucleus": [], "coda": []}
    for r in rows:
        parts[r["part"]].append(r["text"])

    onset, nucleus, coda = (alternation(parts[k]) for k in ("onset", "nucleus", "coda"))
    return re.compile(f"{onset}?{nucleus}{coda}?")


def is_syllable(word: str) -> bool:
    """Whether ``word`` has the shape of one Vietnamese syllable (``Nội``, ``tum``), which
    loanwords and brand names (``Glucosamine``, ``Celeron``) do not."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(t) for t in _TONES) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _syllable().fullmatch(bare) is not None


def syllable_score(text: str) -> tuple[float, int]:
    """(share of well-formed syllables, evidence) over the words of ``text`` with a diacritic.

    Stray symbols (``¶``, ``¾`` …) count as evidence against, so a wrong table that
    scatters symbols through words cannot score by leaving few words to judge.
    """
    text = unicodedata.normalize("NFC", text[:_SAMPLE])
    good = bad = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if is_syllable(word):
            good += 1
        else:
            bad += 1
    bad += sum(
        1 for ch in text if not ch.isascii() and not ch.isalpha() and not ch.isspace() and ch not in _USUAL_SYMBOLS
    )
    total = good + bad
    return (good / total if total else 0.0), total


def score_legacy(data: bytes) -> list[tuple[str, float, int]]:
    """Score every legacy encoding on ``data``: ``(encoding, score, evidence)``, best first."""
    scores = []
    for name in LEGACY_ENCODINGS:
        try:
            text = decode_legacy(data[: _SAMPLE * 2], name)
        except UnicodeDecodeError:
            continue
        score, evidence = syllable_score(text)
        scores.append((name, score, evidence))
    return sorted(scores, key=lambda s: -s[1])


def decode(data: bytes, *, source: str | None = None) -> Decoded:
    """Decode a document's bytes (see the module docstring for the order of the checks).

    Raises :class:`InputError`: ``input.type`` (not bytes), ``input.binary``,
    ``input.decode`` (invalid after a BOM, or no legacy encoding is a confident match).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"expected bytes, got {type(data).__name__}", code="input.type", source=source)
    data = bytes(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"not valid {encoding} after its byte-order mark ({exc.reason} at byte {exc.start + len(bom)})",
                    code="input.decode",
                    source=source,
                ) from None
    if b"\x00" in data:
        raise InputError(
            "contains NUL bytes: binary data, or UTF-16/32 without a byte-order mark",
            code="input.binary",
            source=source,
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_problem = f"not valid UTF-8 ({exc.reason} at byte {exc.start})"
    scores = score_legacy(data)
    summary = ", ".join(f"{n} {s:.0%}" for n, s, _ in scores) or "none decodes"
    if scores:
        name, best, evidence = scores[0]
        runner_up = scores[1][1] if len(scores) > 1 else 0.0
        if best >= MIN_SCORE and best - runner_up >= MIN_MARGIN and evidence >= MIN_WORDS:
            return Decoded(decode_legacy(data, name), name, round(best, 3))
        if evidence < MIN_WORDS:
            reason = f"too little Vietnamese text to tell the legacy encoding ({evidence} words with diacritics)"
        else:
            reason = f"no legacy encoding is a confident match (well-formed syllables: {summary})"
    else:
        reason = "not Windows-1258, TCVN3 or VNI either"
    raise InputError(f"{utf8_problem}; {reason}", code="input.decode", source=source)

