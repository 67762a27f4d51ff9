"""spaCy: the tokenizer reproduces the text with vnfacts' offsets; the component's spans
are exactly the facts' parts."""

from __future__ import annotations

import subprocess
import sys

import pytest

spacy = pytest.importorskip("spacy", reason="the spacy extra is not installed")

import vnfacts  # noqa: E402
from vnfacts.facts import Fact, Indicator, Quantity  # noqa: E402
from vnfacts.integrations import spacy as vf_spacy  # noqa: E402
from vnfacts.integrations import spacy_nlp  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    return spacy_nlp()


def _parts(facts) -> set[tuple[int, int, str]]:
    return {
        (p.span[0], p.span[1], label)
        for f in facts
        for field, label in vf_spacy.LABELS.items()
        if (p := getattr(f, field)) is not None
    }


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2024, kim ngạch xuất khẩu đạt 405 tỷ USD, tăng 14,3%.",
        "\ufeffHà Nội  có\t40.000 doanh nghiệp.\r\n\r\n  Trong đó, hơn 1.000 mới.  ",
        "Giá\u00a0vàng tăng 2%.\n",
        "",
        "  \n ",
    ],
)
def test_tokenizer_reproduces_the_text_and_uses_vnfacts_words(nlp, text):
    doc = nlp.make_doc(text)
    assert doc.text == text
    words = {t.span for s in (vnfacts.tokenize(text) if text.strip() else []) for t in s.tokens}
    bom = 1 if text.startswith("\ufeff") else 0
    spans = {(t.idx - bom, t.idx + len(t.text) - bom) for t in doc if not t.is_space}
    # Every vnfacts word is a token with the same offsets (multi-syllable words stay whole).
    assert words <= spans
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text


def test_sentences_come_from_vnfacts(nlp):
    text = "Xuất khẩu tăng 10%. Nhập khẩu giảm 5%."
    assert [s.text.strip() for s in nlp.make_doc(text).sents] == [s.text for s in vnfacts.tokenize(text)]


def test_spans_equal_the_facts_parts_on_the_example_article(nlp, example_text):
    doc = nlp(example_text)
    facts = doc._.facts
    assert facts == vnfacts.extract(example_text)
    assert len(facts) > 5
    got = {(s.start_char, s.end_char, s.label_) for s in doc.spans["vnfacts"]}
    assert got == _parts(facts)
    for s in doc.spans["vnfacts"]:
        assert s.text == example_text[s.start_char : s.end_char]
    assert {s.label_ for s in doc.spans["vnfacts"]} >= {"QUANTITY", "INDICATOR", "PERIOD", "PLACE"}


def test_a_part_boundary_inside_a_token_splits_the_token(monkeypatch):
    text = "Kim ngạch xuất khẩu tăng 19%/năm."
    # An indicator starting inside the word "Kim ngạch" and a quantity inside "19%/năm"
    # if the tokenizer kept it whole: the spans must still be exact.
    ind = (text.index("ngạch"), text.index(" tăng"))
    qty = (text.index("9%"), text.index("."))
    fact = Fact(
        id="t#1", span=(ind[0], qty[1]), sentence_span=(0, len(text)), confidence=0.5,
        quantity=Quantity(text=text[qty[0]:qty[1]], span=qty, kind="percent", value=9.0, unit="%"),
        indicator=Indicator(id="trade.export_turnover", label="Export turnover", text=text[ind[0]:ind[1]], span=ind),
    )
    monkeypatch.setattr(vf_spacy, "extract", lambda *a, **k: [fact])
    nlp = spacy_nlp()
    doc = nlp(text)
    assert doc.text == text
    assert {(s.start_char, s.end_char, s.label_) for s in doc.spans["vnfacts"]} == {(*ind, "INDICATOR"), (*qty, "QUANTITY")}
    assert "ngạch" in [t.text for t in doc]

    # Without splitting, spans widen to whole tokens but still cover the parts.
    nlp.get_pipe("vnfacts").split_tokens = False
    wide_doc = nlp(text)  # a SpanGroup needs its Doc alive
    wide = wide_doc.spans["vnfacts"]
    assert {s.label_ for s in wide} == {"INDICATOR", "QUANTITY"}
    for s in wide:
        part = ind if s.label_ == "INDICATOR" else qty
        assert s.start_char <= part[0] and part[1] <= s.end_char


def test_empty_text_gives_no_facts(nlp):
    doc = nlp("   ")
    assert doc._.facts == [] and len(doc.spans["vnfacts"]) == 0


def test_pipeline_needs_no_pyvi_and_round_trips_through_disk(nlp, tmp_path):
    assert "pyvi" not in sys.modules
    assert nlp.config["nlp"]["tokenizer"] == {"@tokenizers": "vnfacts.Tokenizer.v1"}
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    text = "Năm 2024, kim ngạch xuất khẩu đạt 405 tỷ USD."
    assert loaded.pipe_names == ["vnfacts"]
    mine, theirs = loaded(text), nlp(text)
    assert [s.text for s in mine.spans["vnfacts"]] == [s.text for s in theirs.spans["vnfacts"]]


def test_published_setting_resolves_relative_periods():
    text = "Năm nay, kim ngạch xuất khẩu đạt 405 tỷ USD."
    doc = spacy_nlp(published="2025-07-05")(text)
    assert doc._.facts == vnfacts.extract(text, published=__import__("datetime").date(2025, 7, 5))


def test_factory_is_found_through_the_entry_point_without_importing_vnfacts():
    # A fresh interpreter: only the installed package metadata can tell spaCy about it.
    code = (
        "import spacy\n"
        "nlp = spacy.blank('vi', config={'nlp': {'tokenizer': {'@tokenizers': 'vnfacts.Tokenizer.v1'}}})\n"
        "nlp.add_pipe('vnfacts')\n"
        "doc = nlp('Năm 2024, kim ngạch xuất khẩu đạt 405 tỷ USD.')\n"
        "print(sorted(s.label_ for s in doc.spans['vnfacts']))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, (
        "spaCy could not find vnfacts' entry points; is the package installed with "
        "[project.entry-points.spacy_factories] / spacy_tokenizers?\n" + run.stderr[-2000:]
    )
    assert "QUANTITY" in run.stdout
