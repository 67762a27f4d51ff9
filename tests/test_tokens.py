"""Sentences and words from underthesea, aligned to exact raw offsets."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vnfacts.document import Document
from vnfacts.errors import InputError
from vnfacts.tokens import Sentence, _align, segment_words, split_sentences, tokenize

# Segment every Nth bulk sentence: all 2,000 bulk articles are decoded and split, but full
# word segmentation of 7 M characters takes about a minute (it was run once; see report).
BULK_SEGMENT_EVERY = 7


def _check(doc: Document, sentences: list[Sentence], *, with_tokens: bool = True) -> None:
    """The invariants every tokenisation must satisfy."""
    prev_end = 0
    for s in sentences:
        assert doc.raw[s.span[0] : s.span[1]] == s.text
        assert s.text.strip(), "no empty sentences"
        assert s.span[0] >= prev_end or s.work_span[0] >= doc.body_end
        prev_end = s.span[1]
        if not with_tokens:
            continue
        assert s.tokens, f"sentence without tokens: {s.text!r}"
        last = s.work_span[0]
        for t in s.tokens:
            assert doc.raw[t.span[0] : t.span[1]] == t.text
            assert t.text.strip()
            assert s.work_span[0] <= t.work_span[0] < t.work_span[1] <= s.work_span[1]
            assert t.work_span[0] >= last, "tokens in order, not overlapping"
            last = t.work_span[1]


def _token_texts(sentences: list[Sentence]) -> list[str]:
    return [t.text for s in sentences for t in s.tokens]


# --------------------------------------------------------------------- behaviour


def test_multi_syllable_words_stay_one_token() -> None:
    sentences = tokenize("Kim ngạch xuất khẩu của Hà Nội tăng 19%. Hoạt động khuyến công được chú trọng.")
    assert [s.text for s in sentences] == [
        "Kim ngạch xuất khẩu của Hà Nội tăng 19%.",
        "Hoạt động khuyến công được chú trọng.",
    ]
    words = _token_texts(sentences)
    for word in ["Kim ngạch", "Hà Nội", "khuyến công"]:
        assert word in words


def test_tokens_keep_raw_spelling_when_underthesea_changes_it() -> None:
    # NFD letters, old tone placement, doubled spaces and NBSP inside a word, an entity:
    # underthesea sees (and returns) other strings, tokens still carry the raw text.
    raw = "Tỷ lệ ho\u00e0 v\u1ed1n c\u1ee7a  Thu\u1ef7 \u0111\u1ea1t 5%.\n\nKim\u00a0ngạch  xuất khẩu của Ha\u0300 Nội &amp; nghành thép tăng."
    doc = Document.from_text(raw)
    sentences = tokenize(doc)
    _check(doc, sentences)
    words = _token_texts(sentences)
    assert "ho\u00e0" in words and "Thu\u1ef7" in words  # raw spelling, not hòa / Thủy
    assert "Kim\u00a0ngạch" in words
    assert "Ha\u0300 Nội" in words
    assert "&amp;" in words
    assert "nghành" in words  # underthesea respells it ngành


def test_split_sentences_is_cheap_and_has_no_tokens() -> None:
    doc = Document.from_text("Giá tăng 5%. Lương tăng 7%.\nDòng mới không có dấu chấm")
    sentences = split_sentences(doc)
    assert [s.text for s in sentences] == ["Giá tăng 5%.", "Lương tăng 7%.", "Dòng mới không có dấu chấm"]
    assert all(s.tokens == () for s in sentences)
    tokens = segment_words(doc, sentences[1])
    assert [t.text for t in tokens] == ["Lương", "tăng", "7", "%", "."]
    assert tokens[0].span == (13, 18)


def test_align_falls_back_without_losing_the_cursor() -> None:
    text = "Giá nghành  thép, tăng"
    # a respelled syllable, an unknown piece and a normal one
    spans = _align(text, 0, len(text), ["Giá", "ngành", "thép", "?", "tăng"])
    assert [text[s:e] for s, e in spans] == ["Giá", "nghành", "thép", ",", "tăng"]


@pytest.mark.parametrize(("value", "code"), [("", "input.empty"), ("  \n ", "input.empty"), (b"\xff\xfeA", "input.decode"), (None, "input.type"), (3, "input.type")])
def test_tokenize_input_errors(value: object, code: str) -> None:
    with pytest.raises(InputError) as info:
        tokenize(value)  # type: ignore[arg-type]
    assert info.value.code == code


def test_tokenize_bytes() -> None:
    sentences = tokenize("Hà Nội tăng 5%.".encode("utf-16"))
    assert sentences[0].text == "Hà Nội tăng 5%." and sentences[0].tokens[0].text == "Hà Nội"


_PIECES = ["Hà Nội", "Ha\u0300 No\u0323\u0302i", "kim ngạch", "hoà", "thuỷ", "tăng", "trên", "20%", "15-25%", "&amp;", "**", "<br>", "## ", "\u25cf ", " ", "\n", "\n\n", "\r\n", "\u00a0", "\u200b", ".", ",", "Tp.", "\"", "nghành"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30))
def test_property_token_spans(pieces: list[str]) -> None:
    try:
        doc = Document.from_text("".join(pieces))
    except InputError:
        return
    _check(doc, tokenize(doc))


# --------------------------------------------------------------------- the spec's example


def test_example_article_layout_repair(example_text: str) -> None:
    doc = Document.from_text(example_text)
    sentences = tokenize(doc)
    _check(doc, sentences)
    trained = [s for s in sentences if "Tỷ lệ lao động qua đào tạo" in s.text]
    assert len(trained) == 1
    labour = trained[0]
    assert "20%" in labour.text and labour.text.endswith("nói riêng.")
    # the heading and byline are skipped for the sentence, never removed from raw
    assert "## HÀ NỘI" in labour.text and "PHƯƠNG THÚY" in labour.text
    work = doc.text[labour.work_span[0] : labour.work_span[1]]
    assert "trên 20%" in work and "HÀ NỘI" not in work
    i = doc.text.index("trên 20%")
    assert not doc.is_contiguous(i, i + len("trên 20%"))
    revenue = [s for s in sentences if "doanh thu hàng năm" in s.text]
    assert len(revenue) == 1 and "15-25%" in revenue[0].text
    assert revenue[0].text.startswith("Đặc biệt")
    # the displaced heading is still a sentence of its own
    assert any(s.text == "HÀ NỘI điểm sáng về công tác khuyến công" for s in sentences)
    words = _token_texts(sentences)
    for word in ["Hà Nội", "kim ngạch", "khuyến công"]:
        assert word in words


# --------------------------------------------------------------------- real news


def _articles(realnews_dir: Path) -> list[Path]:
    paths = sorted((realnews_dir / "articles").glob("*.txt"))
    assert len(paths) == 60
    return paths


@pytest.mark.realnews
def test_realnews_articles_tokenize(realnews_dir: Path) -> None:
    for path in _articles(realnews_dir):
        doc = Document.from_bytes(path.read_bytes(), source=str(path))
        sentences = tokenize(doc)
        assert len(sentences) > 3, path.name
        _check(doc, sentences)


@pytest.mark.realnews
def test_realnews_nfd_article_matches_its_nfc_copy(realnews_dir: Path) -> None:
    raw = (realnews_dir / "articles" / "021.txt").read_text(encoding="utf-8")
    assert not unicodedata.is_normalized("NFC", raw)
    nfd, nfc = Document.from_text(raw), Document.from_text(unicodedata.normalize("NFC", raw))
    assert nfd.text == nfc.text
    a, b = tokenize(nfd), tokenize(nfc)
    assert [s.work_span for s in a] == [s.work_span for s in b]
    assert [unicodedata.normalize("NFC", s.text) for s in a] == [s.text for s in b]
    assert [unicodedata.normalize("NFC", t) for t in _token_texts(a)] == _token_texts(b)


@pytest.mark.realnews
def test_realnews_entities_are_decoded(realnews_dir: Path) -> None:
    doc = Document.from_text((realnews_dir / "articles" / "035.txt").read_text(encoding="utf-8"))
    i = doc.text.index("LĐTB&XH")
    assert doc.raw[slice(*doc.to_raw(i, i + len("LĐTB&XH")))] == "LĐTB&amp;XH"


@pytest.mark.realnews
def test_realnews_bulk_tokenizes(realnews_dir: Path) -> None:
    n_docs = n_sentences = n_segmented = 0
    with (realnews_dir / "bulk.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            doc = Document.from_text(record["text"], doc_id=record["id"])
            sentences = split_sentences(doc)
            _check(doc, sentences, with_tokens=False)
            for s in sentences[n_sentences % BULK_SEGMENT_EVERY :: BULK_SEGMENT_EVERY]:
                _check(doc, [Sentence(s.text, s.span, s.work_span, segment_words(doc, s))])
                n_segmented += 1
            n_docs += 1
            n_sentences += len(sentences)
    assert n_docs == 2000 and n_segmented > n_sentences // (BULK_SEGMENT_EVERY + 1)
