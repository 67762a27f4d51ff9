"""Encodings: Unicode with and without BOM, Windows-1258, TCVN3 and VNI (detected), NFD.

Every sentence here is invented for the tests.
"""

from __future__ import annotations

import unicodedata

import pytest

import vnfacts
from vnfacts.document import Document, decode_bytes
from vnfacts.encodings import (
    LEGACY_ENCODINGS,
    decode,
    decode_legacy,
    encode_legacy,
    syllable_score,
)
from vnfacts.errors import InputError

# Lowercase-heavy on purpose: TCVN3 (VN3) has no capitals with tone marks.
SENTENCES = [
    "Năm 2024, kim ngạch xuất khẩu của tỉnh đạt 405 tỷ đồng, tăng 14,3% so với cùng kỳ.",
    "Trong quý I, sản lượng lúa ước đạt khoảng 1,2 triệu tấn; giá bán giảm nhẹ ở nhiều huyện.",
    "Hà Nội có hơn 40.000 doanh nghiệp mới, nhiều nhất từ trước đến nay, thu hút vốn đầu tư ngoài nước.",
    "Đà Nẵng dự kiến đón 8 triệu lượt khách; ngành du lịch hướng tới mục tiêu tăng trưởng bền vững.",
]
TEXT = "\n".join(SENTENCES)


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
@pytest.mark.parametrize("sentence", SENTENCES)
def test_round_trip_through_each_legacy_table(encoding: str, sentence: str) -> None:
    data = encode_legacy(sentence, encoding)
    assert not data.isascii()
    assert unicodedata.normalize("NFC", decode_legacy(data, encoding)) == sentence


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_legacy_encoding_is_detected_and_converted(encoding: str) -> None:
    decoded = decode(encode_legacy(TEXT, encoding))
    assert decoded.encoding == encoding
    assert decoded.confidence >= 0.8
    assert unicodedata.normalize("NFC", decoded.text) == TEXT


def test_windows_1258_raw_keeps_combining_marks_working_copy_is_nfc() -> None:
    data = encode_legacy(TEXT, "windows-1258")
    raw = decode_bytes(data)
    assert raw != TEXT and unicodedata.normalize("NFC", raw) == TEXT  # tone marks still combining
    doc = Document.from_bytes(data)
    assert doc.raw == raw and unicodedata.is_normalized("NFC", doc.text)
    facts = vnfacts.extract(doc)
    assert facts and all(raw[f.quantity.span[0]:f.quantity.span[1]] == f.quantity.text for f in facts)
    assert [f.quantity.value for f in facts][:2] == [405e9, 14.3]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom"],
)
def test_unicode_encodings_decode_exactly(data: bytes, encoding: str) -> None:
    decoded = decode(data)
    assert (decoded.text, decoded.encoding) == (TEXT, encoding)


def test_nfd_input_gives_the_same_facts_with_spans_into_the_nfd_text() -> None:
    nfd = unicodedata.normalize("NFD", TEXT)
    facts = vnfacts.extract(nfd)
    assert [f.quantity.value for f in facts] == [f.quantity.value for f in vnfacts.extract(TEXT)]
    assert all(nfd[f.quantity.span[0]:f.quantity.span[1]] == f.quantity.text for f in facts)


def test_unconfident_legacy_bytes_are_refused_with_the_reason() -> None:
    french = "Le café était très apprécié à la fête du village, près de l'église.".encode("cp1252")
    with pytest.raises(InputError) as info:
        decode(french, source="f.txt")
    assert info.value.code == "input.decode" and info.value.source == "f.txt"
    assert "not valid UTF-8" in info.value.detail and "confident" in info.value.detail


def test_too_little_text_to_tell_is_refused() -> None:
    with pytest.raises(InputError, match="too little Vietnamese text"):
        decode(encode_legacy("đạt 5%", "tcvn3"))


def test_binary_and_broken_bom_are_errors() -> None:
    with pytest.raises(InputError) as info:
        decode(b"PK\x03\x04\x00\x00binary")
    assert info.value.code == "input.binary"
    with pytest.raises(InputError) as info:
        decode(b"\xff\xfe\x00")  # odd length after a UTF-16 BOM
    assert info.value.code == "input.decode"


def test_syllable_score_separates_right_and_wrong_tables() -> None:
    right, _ = syllable_score(TEXT)
    wrong, _ = syllable_score(encode_legacy(TEXT, "vni").decode("cp1258"))
    assert right > 0.9 and wrong < 0.6


def test_unencodable_character_raises() -> None:
    with pytest.raises(UnicodeEncodeError):
        encode_legacy("TĂNG TRƯỞNG ĐẠT", "tcvn3")  # Ạ: no capital with a tone mark in VN3
