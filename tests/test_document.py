"""The document layer: decoding, the working copy, layout repair and the offset map."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vnfacts.document import Document, decode_bytes
from vnfacts.errors import InputError
from vnfacts.textnorm import canonical, tone_edits

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"

_ESCAPE = re.compile(r"\\(n|r|t|u[0-9a-fA-F]{4})")


def _unescape(cell: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        return {"n": "\n", "r": "\r", "t": "\t"}.get(code) or chr(int(code[1:], 16))

    return _ESCAPE.sub(one, cell)


def _layout_rows() -> list[tuple[str, str, str]]:
    rows = []
    lines = (CORPUS_DIR / "layout.tsv").read_text(encoding="utf-8").splitlines()
    header = None
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        rows.append(tuple(cells))
    return rows


def _check_map(doc: Document) -> None:
    """Every working character maps into raw; identity pieces copy raw exactly."""
    m = doc._map
    for i, (ws, rs, re_, ident) in enumerate(zip(m.w_starts, m.r_starts, m.r_ends, m.ident)):
        assert 0 <= rs <= re_ <= len(doc.raw)
        if ident:
            assert doc.text[ws : ws + (re_ - rs)] == doc.raw[rs:re_]
    for i in range(doc.body_end):
        rs, re_ = doc.to_raw(i, i + 1)
        assert 0 <= rs < re_ <= len(doc.raw), (i, doc.text[i])


# --------------------------------------------------------------------- canonical form


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Thuỷ", "Thủy"), ("HOÀ", "HÒA"),
        ("luỹ kế", "lũy kế"), ("tuý", "túy"), ("xoá", "xóa"),
        # negatives: tone already canonical, the rhyme is closed, or qu- owns the u
        ("quý", "quý"), ("quỷ", "quỷ"), ("hoàng", "hoàng"), ("khuyến", "khuyến"), ("ngoáy", "ngoáy"),
        ("hòa", "hòa"),
    ],
)
def test_canonical_tone_placement(old: str, new: str) -> None:
    assert canonical(old) == new
    assert canonical(unicodedata.normalize("NFD", old)) == new


@pytest.mark.parametrize("word", ["hoà", "thuỷ", "khoẻ", "quý", "uỷ", "hoạ", "Khoá", "hoàng", "xoè"])
def test_canonical_agrees_with_underthesea(word: str) -> None:
    from underthesea import text_normalize

    assert canonical(word) == text_normalize(word)


def test_tone_edits_are_length_preserving() -> None:
    text = "Hoà Bình, thuỷ sản, quý I"
    edits = tone_edits(text)
    assert [(text[a:b], new) for a, b, new in edits] == [("oà", "òa"), ("uỷ", "ủy")]
    assert len(canonical(text)) == len(text)


# --------------------------------------------------------------------- layout corpus


@pytest.mark.parametrize(("raw", "working", "note"), _layout_rows(), ids=lambda v: v[:30] if isinstance(v, str) else None)
def test_layout_corpus(raw: str, working: str, note: str) -> None:
    doc = Document.from_text(_unescape(raw))
    assert doc.raw == _unescape(raw), "raw must stay as read"
    assert doc.text == _unescape(working), note
    _check_map(doc)


def test_join_over_heading_maps_back_and_flags_the_span() -> None:
    raw = "Máy móc hiện đại. Tỷ lệ lao động có việc làm tăng lên trên\n\n## TIN KINH TẾ\n\n\u25cf LAN ANH\n\n20%, cao hơn năm trước."
    doc = Document.from_text(raw)
    start = doc.text.index("trên 20%")
    rs, re_ = doc.to_raw(start, start + len("trên 20%"))
    assert doc.raw[rs:re_] == "trên\n\n## TIN KINH TẾ\n\n\u25cf LAN ANH\n\n20%"
    assert not doc.is_contiguous(start, start + len("trên 20%"))
    pct = doc.text.index("20%")
    assert doc.is_contiguous(pct, pct + 3)
    assert doc.raw[slice(*doc.to_raw(pct, pct + 3))] == "20%"
    assert doc.is_contiguous(0, start + len("trên"))
    # The displaced heading and byline are still readable, and map to their raw text.
    head = doc.text.index("TIN KINH TẾ")
    assert head >= doc.body_end
    assert doc.raw[slice(*doc.to_raw(head, head + len("TIN KINH TẾ")))] == "TIN KINH TẾ"
    assert not doc.is_contiguous(0, len(doc.text))
    rs, re_ = doc.to_raw(0, len(doc.text))
    assert (rs, re_) == (0, len(raw))


def test_paragraph_break_join_is_contiguous() -> None:
    doc = Document.from_text("Doanh thu hàng năm\n\ntăng từ 15-25%.")
    assert doc.text == "Doanh thu hàng năm tăng từ 15-25%."
    assert doc.is_contiguous(0, len(doc.text))
    assert doc.to_raw(0, len(doc.text)) == (0, len(doc.raw))


def test_replaced_characters_map_as_a_whole() -> None:
    raw = "Bộ LĐTB&amp;XH: **D**iểm 5%\u00a0và Ha\u0300 Nội"
    doc = Document.from_text(raw)
    assert doc.text == "Bộ LĐTB&XH: Diểm 5% và Hà Nội"
    amp = doc.text.index("&")
    assert doc.raw[slice(*doc.to_raw(amp, amp + 1))] == "&amp;"
    word = doc.text.index("Diểm")
    assert doc.raw[slice(*doc.to_raw(word, word + 4))] == "D**iểm"
    ha = doc.text.index("Hà")
    assert doc.raw[slice(*doc.to_raw(ha, ha + 2))] == "Ha\u0300"
    assert doc.raw[slice(*doc.to_raw(ha + 1, ha + 2))] == "a\u0300"


def test_to_raw_empty_and_invalid_spans() -> None:
    doc = Document.from_text("Giá tăng 5%.")
    assert doc.to_raw(3, 3) == (3, 3)
    assert doc.to_raw(len(doc.text), len(doc.text)) == (len(doc.raw), len(doc.raw))
    for bad in [(-1, 2), (3, 2), (0, len(doc.text) + 1)]:
        with pytest.raises(ValueError):
            doc.to_raw(*bad)
        with pytest.raises(ValueError):
            doc.is_contiguous(*bad)


def test_bom_is_dropped_and_offsets_index_the_rest() -> None:
    doc = Document.from_text("\ufeffGiá tăng 5%.", doc_id="x")
    assert doc.raw == "Giá tăng 5%." and doc.text == doc.raw and doc.doc_id == "x"


def test_direct_construction_needs_an_identity_text() -> None:
    assert Document("Giá tăng.", "Giá tăng.").to_raw(0, 3) == (0, 3)
    with pytest.raises(ValueError):
        Document("Giá tăng.", "Gia tang.")


# --------------------------------------------------------------------- decoding and errors


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_from_bytes_encodings(encoding: str) -> None:
    text = "Hà Nội: xuất khẩu tăng 12%.\r\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    doc = Document.from_bytes(data, source="a.txt")
    assert doc.raw == text


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "input.empty"),
        (b"  \n\t\r\n", "input.empty"),
        (b"\xef\xbb\xbf", "input.empty"),
        (b"\xff\xfe", "input.empty"),
        ("<br>** \u200b ■".encode(), "input.empty"),
        (b"Gi\xc3\xa1 \x00\x01 t\xc4\x83ng", "input.binary"),
        ("Hà Nội".encode("utf-16-le"), "input.binary"),
        (b"Gi\xe1 t\xe3ng 5%", "input.decode"),
        (b"\xff\xfeA", "input.decode"),
    ],
)
def test_from_bytes_errors(data: bytes, code: str) -> None:
    with pytest.raises(InputError) as info:
        Document.from_bytes(data, source="in.txt")
    assert info.value.code == code
    assert info.value.source == "in.txt"
    assert info.value.detail


@pytest.mark.parametrize(
    ("value", "code"),
    [("", "input.empty"), (" \n\u00a0 ", "input.empty"), ("<p></p>", "input.empty"), ("a\x00b", "input.binary"), (b"x", "input.type")],
)
def test_from_text_errors(value: object, code: str) -> None:
    with pytest.raises(InputError) as info:
        Document.from_text(value)  # type: ignore[arg-type]
    assert info.value.code == code


def test_decode_bytes_rejects_non_bytes() -> None:
    with pytest.raises(InputError) as info:
        decode_bytes("text", source="s")  # type: ignore[arg-type]
    assert info.value.code == "input.type"


# --------------------------------------------------------------------- property test

_WORDS = ["Hà Nội", "kim ngạch", "khuyến công", "hoà", "thuỷ", "khoẻ", "quý", "tăng", "trên", "20%", "15-25%", "1.000", "Điểm", "HÀ NỘI"]
_FRAGMENTS = (
    _WORDS
    + [unicodedata.normalize("NFD", w) for w in _WORDS]
    + ["&amp;", "&#8211;", "&nbsp;", "&agrave;", "&#x1EA1;", "&bogus;", "&#768;", "&lt;"]
    + ["**", "*", "__", "<br>", "<p>", "</p>", "<b>", "</b>", "<!-- x -->", "## ", "\u25cf ", "\u25a0", "- "]
    + [" ", " ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\u00a0", "\u200b", "\ufeff", "\t", "\r", ".", ",", "\u0301"]
)


# A word with any stray combining marks (a mark NFC cannot compose stays in the working copy).
_WORD = re.compile(r"(?:[^\W_][\u0300-\u036f]*)+")


def _reference(raw: str) -> str:
    """An independent, slow normalisation of a raw slice: what its word should read as."""
    text = re.sub(r"<!--.*?-->|<[^<>]*>", "", raw)
    text = html.unescape(text)
    text = re.sub("[*_#\u25cf\u25a0\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)
    # Whitespace goes last: it closes a syllable for the tone-placement rule.
    return re.sub(r"\s", "", canonical(text))


def _check_words(doc: Document) -> None:
    """Every word of the working copy maps to raw text that reads as that word."""
    for m in _WORD.finditer(doc.text):
        rs, re_ = doc.to_raw(m.start(), m.end())
        assert _reference(doc.raw[rs:re_]) == _reference(m.group()), (m.group(), doc.raw[rs:re_])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=40), st.data())
def test_property_offsets_round_trip(fragments: list[str], data: st.DataObject) -> None:
    raw = "".join(fragments)
    try:
        doc = Document.from_text(raw)
    except InputError as exc:
        assert exc.code == "input.empty"
        return
    assert doc.raw == raw.removeprefix("\ufeff")
    text = doc.text
    assert unicodedata.is_normalized("NFC", text) and canonical(text) == text
    assert not set(text) & set("\r\u00a0\u200b\ufeff\u25a0")
    _check_map(doc)
    _check_words(doc)
    # Any span maps to a valid raw span; inside the body, order is kept.
    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    rs, re_ = doc.to_raw(s, e)
    assert 0 <= rs <= re_ <= len(doc.raw)
    if e <= doc.body_end and s < e:
        inner = doc.to_raw(s, s + 1)
        assert inner[0] == rs


_INLINE = [f for f in _FRAGMENTS if "\n" not in f and "\r" not in f and f not in ("## ", "\u25cf ", "- ")]
_LAYOUT = ["## TIN VẮN", "## HÀ NỘI điểm sáng", "\u25cf PHƯƠNG THÚY", "THANH VÂN", "**Thị trường**", "Ảnh minh hoạ: toà nhà"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(_INLINE), max_size=15),
    st.lists(st.sampled_from(_LAYOUT), max_size=3),
    st.sampled_from(["\n", "\n\n", "\r\n\r\n", "\n \n\u00a0\n"]),
    st.sampled_from(["20%", "15-25%", "tăng 5%", "hoà vốn"]),
    st.lists(st.sampled_from(_INLINE), max_size=15),
)
def test_property_layout_join(before: list[str], layout: list[str], brk: str, cont: str, after: list[str]) -> None:
    """A sentence split by layout is rejoined; skipped material is displaced, not lost."""
    raw = "".join(before) + "\nVì vậy. Tỷ lệ đạt trên" + "".join(brk + block for block in layout) + brk + cont + " " + "".join(after)
    doc = Document.from_text(raw)
    _check_map(doc)
    _check_words(doc)
    # Search after the split sentence: the random prefix may hold the same words.
    start = doc.text.index("trên " + canonical(cont), doc.text.rindex("Tỷ lệ đạt"))
    end = start + len("trên ") + len(cont)
    rs, re_ = doc.to_raw(start, end)
    assert doc.raw[rs:re_].startswith("trên") and doc.raw[rs:re_].endswith(cont)
    assert doc.is_contiguous(start, end) == (not layout)
    assert (doc.body_end < len(doc.text)) == bool(layout)
    for block in layout:
        assert _reference(block.lstrip("#\u25cf ")) in _reference(doc.text[doc.body_end :])
