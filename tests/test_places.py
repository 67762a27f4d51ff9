"""Tests of vnfacts.places: the gazetteer's data, the corpus of mentions, the API."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from vnfacts import places
from vnfacts.errors import DataError
from vnfacts.places import (
    PlaceMention,
    find_places,
    gazetteer,
    main_place,
    provincial_units,
)
from vnfacts.textnorm import canonical

CORPUS = Path(__file__).parent / "corpus" / "places.tsv"
from marks import OPEN, unmark


def _corpus() -> list[tuple[int, str, str]]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    rows = [(n, line.split("\t")) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    assert rows[0][1][:2] == ["text", "expected"], "corpus header"
    return [(n, cells[0], cells[1] if len(cells) > 1 else "") for n, cells in rows[1:]]


CASES = _corpus()


@pytest.mark.parametrize(("lineno", "marked", "expected"), CASES, ids=[f"L{n}" for n, _, _ in CASES])
def test_corpus(lineno: int, marked: str, expected: str) -> None:
    text, spans = unmark(marked)
    text = canonical(text)  # stages read the working copy; canonical() keeps NFC lengths
    want = []
    for (start, end), item in zip(spans, [e for e in expected.split("; ") if e], strict=True):
        name, _, rest = item.partition("|")
        kind, _, current = rest.partition(">")
        want.append((start, end, name, kind, current or None))
    got = [(m.start, m.end, m.name, m.kind, m.current if w[4] else None) for m, w in zip(find_places(text), want)]
    got += [(m.start, m.end, m.name, m.kind, None) for m in find_places(text)[len(want):]]
    assert got == want, f"line {lineno}: {[(m.text, m.name, m.kind, m.rule) for m in find_places(text)]}"


def test_corpus_has_negatives_and_positives() -> None:
    negatives = sum(1 for _, marked, _ in CASES if OPEN not in marked)
    assert negatives >= 25 and len(CASES) - negatives >= 60


# ------------------------------------------------------------------ the gazetteer


def test_34_current_and_63_previous_provincial_units() -> None:
    now = provincial_units()
    before = provincial_units(date(2025, 6, 30))
    assert len(now) == 34
    assert len(before) == 63
    assert sum(p.kind == "city" for p in now) == 6
    assert {p.name for p in now if p.kind == "city"} == {
        "Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "TP. Hồ Chí Minh", "Cần Thơ"}
    # 11 units kept their territory; 23 absorbed others; 29 dissolved on 2025-07-01 ...
    dissolved = {p.code for p in before} - {p.code for p in now}
    assert len(dissolved) == 29
    # ... and every one of them points at a current unit.
    current = {p.code for p in now}
    assert all(p.merged_into in current for p in gazetteer() if p.code in dissolved)


def test_huế_became_a_city_in_2025() -> None:
    assert "Thừa Thiên Huế" in {p.name for p in provincial_units(date(2024, 12, 31))}
    assert "Huế" not in {p.name for p in provincial_units(date(2024, 12, 31))}
    assert len(provincial_units(date(2024, 12, 31))) == 63


def test_codes_unique_and_countries_iso() -> None:
    codes = [p.code for p in gazetteer()]
    assert len(codes) == len(set(codes))
    countries = [p for p in gazetteer() if p.kind == "country"]
    assert len(countries) >= 70
    assert all(len(p.code) == 2 and p.code.isupper() for p in countries)


def test_data_is_nfc() -> None:
    for p in gazetteer():
        assert p.name == unicodedata.normalize("NFC", p.name)


def test_merged_unit_reports_current_name() -> None:
    (m,) = find_places("Bình Dương")
    assert (m.name, m.code, m.current) == ("Bình Dương", "VN-57", "TP. Hồ Chí Minh")
    (m,) = find_places("Hà Tây")
    assert m.current == "Hà Nội"


# ------------------------------------------------------------------ behaviour


def test_spans_index_the_text() -> None:
    text = "Xuất khẩu của TP.HCM, tỉnh Bắc Ninh và Mỹ tăng; trên địa bàn có 5 khu công nghiệp."
    found = find_places(text)
    assert [m.text for m in found] == ["TP.HCM", "tỉnh Bắc Ninh", "Mỹ", "trên địa bàn"]
    assert all(text[m.start:m.end] == m.text for m in found)
    assert [m.code for m in found] == ["VN-SG", "VN-56", "US", ""]


def test_prefix_is_in_the_span_and_rule() -> None:
    (m,) = find_places("UBND tỉnh Quảng Ninh họp.")
    assert (m.text, m.rule) == ("tỉnh Quảng Ninh", "places.prefix")


def test_nbsp_between_syllables() -> None:
    (m,) = find_places("Hàn\u00a0Quốc")
    assert m.name == "Hàn Quốc" and m.end == 8


def test_empty_and_placeless_text() -> None:
    assert find_places("") == []
    assert find_places("Doanh thu tăng 5% so với cùng kỳ.") == []


def test_main_place_is_most_mentioned_city_or_province() -> None:
    text = "Hà Nội và TP.HCM. Thủ đô tăng 5%; Việt Nam, Mỹ, Mỹ, Mỹ. Thành phố đạt kế hoạch. Hà Nội dẫn đầu."
    mentions = find_places(text)
    best = main_place(mentions)
    assert best is not None and best.name == "Hà Nội" and best.start == 0


def test_main_place_tie_goes_to_first_and_none_without_specific() -> None:
    assert main_place(find_places("Bắc Ninh và Đồng Nai.")).name == "Bắc Ninh"
    assert main_place(find_places("Việt Nam xuất sang Mỹ; trên địa bàn.")) is None
    assert main_place([]) is None


def test_matcher_is_built_once() -> None:
    find_places("Hà Nội")
    assert places._matcher.cache_info().currsize == 1
    first = places._matcher()
    find_places("Đà Nẵng")
    assert places._matcher() is first


def test_mentions_are_frozen() -> None:
    (m,) = find_places("Cần Thơ")
    assert isinstance(m, PlaceMention)
    with pytest.raises(AttributeError):
        m.name = "x"  # type: ignore[misc]


def test_bad_data_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    real = places.load_table

    def fake(name, columns, **kw):
        rows = real(name, columns, **kw)
        if name == "places.tsv":
            rows = [dict(r) for r in rows]
            rows[-1]["merged_into"] = "VN-NOPE"
            rows[-1]["valid_to"] = "2025-06-30"
        return rows

    monkeypatch.setattr(places, "load_table", fake)
    places._entries.cache_clear()
    try:
        with pytest.raises(DataError) as err:
            places._entries()
        assert err.value.code == "data.row" and "VN-NOPE" in str(err.value)
    finally:
        places._entries.cache_clear()


def test_validators_reject_bad_rows() -> None:
    row = {"kind": "province", "valid_from": "", "valid_to": "2025-06-30", "merged_into": "", "guard": ""}
    assert "go together" in places._check_place(row)
    assert "not one of" in places._check_place({**row, "kind": "town", "valid_to": ""})
    assert "YYYY-MM-DD" in places._check_place({**row, "valid_to": "30/6/2025", "merged_into": "VN-HN"})
    assert places._check_context({"role": "prefix", "applies": ""})
    assert places._check_context({"role": "block", "applies": ""}) is None


@pytest.mark.realnews
def test_realnews_articles_run_clean(realnews_dir: Path) -> None:
    """Every article runs; spans index the text; no overlaps; order is text order."""
    for path in sorted((realnews_dir / "articles").glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8-sig"))
        found = find_places(text)
        assert all(text[m.start:m.end] == m.text for m in found), path.name
        assert all(a.end <= b.start for a, b in zip(found, found[1:])), path.name
