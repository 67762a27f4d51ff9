"""The HTML view: every fact's quantity marked with its exact text at its exact offset."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

import vnfacts
from vnfacts.facts import Fact, Indicator, Location, Period, Quantity
from vnfacts.view import View, files_page, render_html, show

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "corpora" / "articles"

# Markup characters, CRLF, a double space and a tab: the view must keep them all.
TEXT = "Giai đoạn 2008-2012, Thành phố có kim ngạch xuất khẩu tăng trên 19%/năm.\r\nRiêng <Hà Nội> đạt\t5 tỷ USD &  hơn 1.000 doanh nghiệp."


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _fact(fid: str, text: str, qty: str, *, kind="number", value=None, unit=None, indicator=None, period=None, place=None) -> Fact:
    qs = _span(text, qty)
    parts = [qs]
    extra = {}
    if indicator:
        extra["indicator"] = Indicator(id="trade.export_turnover", label="Export turnover", text=indicator, span=_span(text, indicator))
        parts.append(extra["indicator"].span)
    if period:
        extra["period"] = Period(text=period, span=_span(text, period), start="2008", end="2012")
        parts.append(extra["period"].span)
    if place:
        extra["location"] = Location(text=place, span=_span(text, place), name="Hà Nội")
        parts.append(extra["location"].span)
    return Fact(
        id=fid,
        span=(min(p[0] for p in parts), max(p[1] for p in parts)),
        sentence_span=(0, len(text)),
        quantity=Quantity(text=qty, span=qs, kind=kind, value=value, unit=unit),
        confidence=0.5,
        **extra,
    )


FACTS = [
    _fact("d#1", TEXT, "trên 19%/năm", kind="percent", value=19.0, unit="%", indicator="kim ngạch xuất khẩu", period="Giai đoạn 2008-2012", place="Thành phố"),
    _fact("d#2", TEXT, "5 tỷ USD", kind="money", value=5e9, unit="USD", indicator="kim ngạch xuất khẩu", period="Giai đoạn 2008-2012", place="Hà Nội"),
    _fact("d#3", TEXT, "hơn 1.000", kind="count", value=1000.0, unit="doanh nghiệp"),
]


class _Marks(HTMLParser):
    """Reads a view back: the text inside ``div.vf-text`` and where each element starts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []  # one per vf-text block
        self.elements: list[tuple[str, dict, int, int]] = []  # (tag, attrs, start, end) in its block
        self._stack: list[tuple[str, dict, int] | None] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._depth == 0 and tag == "div" and "vf-text" in (attrs.get("class") or "").split():
            self.texts.append("")
            self._depth = 1
            return
        if self._depth:
            self._depth += 1
            self._stack.append((tag, attrs, len(self.texts[-1])))

    def handle_endtag(self, tag):
        if not self._depth:
            return
        self._depth -= 1
        if self._depth:
            name, attrs, start = self._stack.pop()
            assert name == tag, f"<{name}> closed by </{tag}>: not properly nested"
            self.elements.append((tag, attrs, start, len(self.texts[-1])))

    def handle_data(self, data):
        if self._depth:
            self.texts[-1] += data


def _read(html: str) -> _Marks:
    parser = _Marks()
    parser.feed(html)
    parser.close()
    return parser


def _quantity_marks(parsed: _Marks) -> dict[str, tuple[int, int, str, dict]]:
    """Fact id -> (start, end, text, attrs) of its mark (pieces of a split mark joined)."""
    out: dict[str, tuple[int, int, str, dict]] = {}
    text = parsed.texts[0]
    for tag, attrs, start, end in parsed.elements:
        if tag == "mark":
            fid = attrs["data-fact"]
            assert fid not in out, f"fact {fid} is marked in pieces"
            out[fid] = (start, end, text[start:end], attrs)
    return out


def test_text_is_kept_exactly_and_every_quantity_is_marked():
    parsed = _read(show(TEXT, FACTS).html)
    assert parsed.texts == [TEXT]  # CR, tab, double space, < and & all survive
    marks = _quantity_marks(parsed)
    assert set(marks) == {f.id for f in FACTS}
    for f in FACTS:
        start, end, text, attrs = marks[f.id]
        assert (start, end) == f.quantity.span and text == f.quantity.text
        assert attrs["data-kind"] == f.quantity.kind
        assert float(attrs["data-value"]) == f.quantity.value
    assert marks["d#1"][3]["data-indicator"] == "trade.export_turnover"
    assert marks["d#3"][3]["data-indicator"] == ""


def test_shared_context_parts_are_drawn_once_and_name_their_facts():
    parsed = _read(show(TEXT, FACTS).html)
    text = parsed.texts[0]
    parts = [(a["data-part"], text[s:e], a["data-facts"]) for tag, a, s, e in parsed.elements if tag == "span"]
    assert sorted(parts) == [
        ("indicator", "kim ngạch xuất khẩu", "d#1 d#2"),
        ("period", "Giai đoạn 2008-2012", "d#1 d#2"),
        ("place", "Hà Nội", "d#2"),
        ("place", "Thành phố", "d#1"),
    ]


def test_a_context_part_crossing_a_quantity_never_splits_the_quantity():
    text = "Xuất khẩu đạt trên 19%/năm nay."
    f = _fact("x#1", text, "trên 19%/năm", kind="percent", value=19.0)
    # A (wrong) period overlapping the quantity's end: the period gives way.
    f = f.model_copy(update={"period": Period(text="năm nay", span=_span(text, "năm nay"))})
    parsed = _read(render_html(text, [f]))
    assert parsed.texts == [text]
    assert _quantity_marks(parsed)["x#1"][:3] == (*f.quantity.span, "trên 19%/năm")
    periods = [text[s:e] for tag, a, s, e in parsed.elements if tag == "span"]
    assert periods == [" nay"]


def test_facts_from_another_text_are_refused():
    with pytest.raises(ValueError, match="d#1"):
        show("Một văn bản khác, ngắn hơn nhiều.", FACTS)


def test_standalone_page_is_offline_and_has_a_legend(tmp_path):
    path = show(TEXT, FACTS, title="thử").save(tmp_path / "v.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    for remote in ("http://", "https://", "<script", "<link", "src="):
        assert remote not in page
    assert all(label in page for label in ("Quantity", "Indicator", "Period", "Place"))
    assert _read(page).texts == [TEXT]


def test_facts_alone_are_drawn_from_their_parts():
    view = show(FACTS)
    assert isinstance(view, View) and view.text is None
    parsed = _read(view.html)
    assert len(parsed.texts) == len(FACTS)
    marked = [(parsed.texts[i], a["data-fact"]) for i, (tag, a, s, e) in enumerate(x for x in parsed.elements if x[0] == "mark")]
    assert [fid for _, fid in marked] == ["d#1", "d#2", "d#3"]
    assert parsed.texts[0] == "Giai đoạn 2008-2012 … Thành phố … kim ngạch xuất khẩu … trên 19%/năm"


def test_show_extracts_when_given_text_only():
    text = (ARTICLES / "cpi-thang-9-2025.txt").read_text(encoding="utf-8-sig")
    view = show(text, doc_id="cpi")
    assert view.facts and view._repr_html_() == view.html
    marks = _quantity_marks(_read(view.html))
    assert {f.id for f in view.facts} == set(marks)


def test_every_fact_of_the_example_article_is_marked_with_its_exact_text(example_text):
    facts = vnfacts.extract(example_text, doc_id="hanoi-khuyen-cong")
    assert facts
    parsed = _read(show(example_text, facts).to_html())
    assert parsed.texts == [example_text]
    marks = _quantity_marks(parsed)
    assert len(marks) == len(facts)
    for f in facts:
        start, end, text, _ = marks[f.id]
        assert (start, end, text) == (*f.quantity.span, f.quantity.text)


def test_files_page_views_each_document_and_records_unreadable_ones(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text((ARTICLES / "cpi-thang-9-2025.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_text("   \n", encoding="utf-8")  # empty: an input error
    html, n_facts, errors = files_page([tmp_path])
    assert n_facts > 0 and [e.code for e in errors] == ["input.empty"]
    parsed = _read(html)
    assert parsed.texts == [good.read_text(encoding="utf-8")]
    assert "input.empty" in html


def test_cli_show_writes_a_standalone_page(tmp_path):
    from vnfacts.cli import main

    article = ARTICLES / "cpi-thang-9-2025.txt"
    out = tmp_path / "view.html"
    assert main(["show", str(article), "-o", str(out), "-q"]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    parsed = _read(page)
    assert parsed.texts == [article.read_text(encoding="utf-8")]
    assert len(_quantity_marks(parsed)) == len(vnfacts.extract(parsed.texts[0]))
    # A document that cannot be read is reported and the exit code says so.
    assert main(["show", str(tmp_path / "missing.txt"), "-o", str(out), "-q"]) == 1
