"""Tests of vnfacts.numbers: the corpus (tests/corpus/numbers.tsv), properties, data checks."""

from __future__ import annotations

import math
import re
import unicodedata

import pytest
from conftest import CORPUS_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vnfacts import lexicon as lexicon_module
from vnfacts import numwords
from vnfacts.errors import DataError
from vnfacts.numbers import Number, find_numbers, parse_number, scale_of

# -- the corpus ------------------------------------------------------------------------------


def _ascii_id(text: str) -> str:
    """A readable ASCII test id (pytest would escape Vietnamese letters)."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.sub(r"[^\x20-\x7e]", "?", plain)[:48]


def _corpus() -> list[pytest.param]:
    params = []
    header_seen = False
    for lineno, line in enumerate((CORPUS_DIR / "numbers.tsv").read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + ["", "", ""])[:4]
        if not header_seen:
            assert cells[:3] == ["text", "expected", "convention"], "corpus header changed"
            header_seen = True
            continue
        text, expected, convention, _note = cells
        items = []
        for item in filter(None, (x.strip() for x in expected.split(" ; "))):
            surface, _, value = item.rpartition("=")
            ambiguous = value.endswith("?")
            items.append((surface, float(value.rstrip("?")), ambiguous))
        params.append(pytest.param(text, items, convention or "auto", id=f"L{lineno}:{_ascii_id(text)}"))
    return params


@pytest.mark.parametrize(("text", "expected", "convention"), _corpus())
def test_corpus(text: str, expected: list[tuple[str, float, bool]], convention: str) -> None:
    found = find_numbers(text, convention=convention)
    got = [(n.text, n.value, n.ambiguous) for n in found]
    assert len(got) == len(expected), f"got {got}"
    for (g_text, g_val, g_amb), (e_text, e_val, e_amb) in zip(got, expected):
        assert (g_text, g_amb) == (e_text, e_amb), f"got {got}"
        assert math.isclose(g_val, e_val, rel_tol=1e-12, abs_tol=1e-12), f"got {got}"
    for n in found:
        assert text[n.start : n.end] == n.text


# -- field details the corpus does not show -------------------------------------------------


def _one(text: str, **kw: str) -> Number:
    found = [n for n in find_numbers(text, **kw) if not n.ambiguous]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "form", "scale", "rule"),
    [
        ("có 37.000 người", "digits", 1.0, "digits.resolved_vi"),
        ("có 1.234.567 người", "digits", 1.0, "digits.vi_grouping"),
        ("tăng 12.5%", "digits", 1.0, "digits.en_decimal"),
        ("có 37 nghìn người", "mixed", 1e3, "digits.plain"),
        ("vốn 2,3 nghìn tỷ", "mixed", 1e12, "digits.vi_decimal"),
        ("thu 5 tỷ 300 triệu", "mixed", 1e9, "digits.plain"),
        ("giá 1tr2", "shorthand", 1e6, "shorthand"),
        ("bốn triệu sáu", "words", 1e6, "words.clipped"),
        ("hai triệu rưỡi", "words", 1e6, "words.half"),
        ("mười hai phẩy ba", "words", 1.0, "words.decimal"),
        ("ba mươi lăm", "words", 1.0, "words.cardinal"),
        ("hai mốt", "words", 1.0, "words.bare_tens"),
        ("bốn ba nghìn", "words", 1e3, "words.colloquial_tens"),
        ("hai trăm năm chín", "words", 1.0, "words.colloquial_tens"),
        ("12 500 000 đồng", "digits", 1.0, "digits.space_grouping"),
    ],
)
def test_fields(text: str, form: str, scale: float, rule: str) -> None:
    n = _one(text)
    assert (n.form, n.scale, n.rule) == (form, scale, rule)
    assert not n.negative


def test_negative_flag() -> None:
    n = _one("nhiệt độ âm 3,5 độ")
    assert n.negative and n.value == -3.5 and n.text == "âm 3,5"


def test_convention_auto_follows_majority() -> None:
    text = "Có 1,234,567 USD, 2,345,678 USD và 1.234.567 đồng, thêm 1.000 người."
    assert [n.value for n in find_numbers(text)][-1] == 1.0  # en evidence 2 : vi 1
    assert [n.value for n in find_numbers(text, convention="vi")][-1] == 1000.0
    with pytest.raises(ValueError):
        find_numbers(text, convention="us")


def test_results_are_ordered_and_disjoint() -> None:
    text = "Năm 2024, 37.000 lao động; hai triệu rưỡi đồng, 1tr2 và âm năm độ; 5 tỷ 300 triệu."
    found = find_numbers(text)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


# -- parse_number ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("37.000", 37000.0),
        ("1,5", 1.5),
        (" hai mươi mốt ", 21.0),
        ("trừ sáu mươi", -60.0),
        ("âm không phẩy năm", -0.5),
        ("-12,5", -12.5),
        ("năm", 5.0),
        ("1tr2", 1.2e6),
        ("một nghìn không trăm linh năm phẩy không hai", 1005.02),
        ("2,3 nghìn tỷ", 2.3e12),
        ("37.000 người", None),
        ("không", None),
        ("mốt", None),
        ("", None),
        ("năm 2020", None),
        ("Covid-19", None),
        ("chín chín", None),
        ("bốn ba", None),
        ("bốn ba nghìn", 43000.0),
        ("một ngàn chín lăm", 1095.0),
        ("một trăm bốn bảy", 147.0),
        ("hai ba nghìn", None),
        ("100m2", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_parse_number_convention() -> None:
    assert parse_number("1,000") == 1.0
    assert parse_number("1,000", convention="en") == 1000.0


def test_scale_of() -> None:
    assert scale_of("ngàn") == 1e3 and scale_of("Tỉ") == 1e9 and scale_of("trăm") is None


# -- properties -------------------------------------------------------------------------------

SENTENCE = "Năm ngoái, tỉnh này đón {} lượt khách, theo báo cáo."
DIGIT = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _digit(d: int, draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["bảy", "bẩy"])) if d == 7 else DIGIT[d]


def _below_100(n: int, draw: st.DrawFn) -> str:
    tens, unit = divmod(n, 10)
    if tens == 0:
        return _digit(unit, draw)
    if tens == 1:
        head = "mười"
        tail = {0: [""], 4: ["bốn", "tư"], 5: ["lăm", "nhăm"]}.get(unit, [_digit(unit, draw)])
    else:
        head = f"{_digit(tens, draw)} mươi"
        tail = {0: [""], 1: ["mốt", "một"], 4: ["tư", "bốn"], 5: ["lăm", "nhăm"]}.get(unit, [_digit(unit, draw)])
    last = draw(st.sampled_from(tail))
    return f"{head} {last}".strip()


def _group(n: int, inner: bool, draw: st.DrawFn) -> str:
    """Words for 1..999; ``inner`` = after a higher group, where hundreds are spelt out."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0 and not inner:
        return _below_100(rest, draw)
    if hundreds == 0 and rest < 10 and draw(st.booleans()):
        return f"{draw(st.sampled_from(['linh', 'lẻ']))} {_digit(rest, draw)}"  # một nghìn linh năm
    out = f"{_digit(hundreds, draw)} trăm"
    if rest == 0:
        return out
    if rest < 10:
        return f"{out} {draw(st.sampled_from(['linh', 'lẻ']))} {_digit(rest, draw) if rest != 4 else draw(st.sampled_from(['bốn', 'tư']))}"
    return f"{out} {_below_100(rest, draw)}"


def to_words(n: int, draw: st.DrawFn) -> str:
    """A usual Vietnamese reading of 1 <= n <= 10**12, with spelling variants drawn."""
    billions, rest = divmod(n, 10**9)
    parts: list[str] = []
    if billions:
        parts.append(f"{to_words(billions, draw) if billions >= 1000 else _group(billions, False, draw)} {draw(st.sampled_from(['tỷ', 'tỉ']))}")
    for size, name in ((10**6, "triệu"), (10**3, None), (1, "")):
        group, rest = divmod(rest, size)
        if group:
            word = name if name is not None else draw(st.sampled_from(["nghìn", "ngàn"]))
            parts.append(f"{_group(group, bool(parts), draw)} {word}".strip())
    return " ".join(parts)


def _covering(text: str, start: int, end: int) -> list[Number]:
    return [n for n in find_numbers(text) if n.start < end and start < n.end]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1, max_value=10**12), st.data())
def test_words_round_trip(n: int, data: st.DataObject) -> None:
    words = to_words(n, data.draw)
    text = SENTENCE.format(words)
    start = text.index(words)
    cover = _covering(text, start, start + len(words))
    assert [(c.text, c.value) for c in cover] == [(words, float(n))]


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_vi_digits_round_trip(n: int) -> None:
    digits = f"{n:,}".replace(",", ".")
    text = SENTENCE.format(digits)
    start = text.index(digits)
    cover = _covering(text, start, start + len(digits))
    assert [(c.text, c.value) for c in cover] == [(digits, float(n))]


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=999), st.integers(min_value=1, max_value=3))
def test_vi_decimal_round_trip(whole: int, frac: int, places: int) -> None:
    frac_text = str(frac).zfill(places)[-places:]
    digits = f"{whole:,}".replace(",", ".") + "," + frac_text
    text = SENTENCE.format(digits)
    start = text.index(digits)
    cover = _covering(text, start, start + len(digits))
    assert [c.text for c in cover] == [digits]
    assert cover[0].value == float(f"{whole}.{frac_text}")


_ALPHABET = st.sampled_from(list("0123456789.,- /%kKtrA") + ["năm", "ba", "mươi", "trăm", "nghìn", "tỷ", "linh", "rưỡi", "phẩy", "âm", "không", " "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map("".join) | st.text(max_size=60))
def test_spans_are_exact_on_any_text(text: str) -> None:
    found = find_numbers(text)
    for n in found:
        assert text[n.start : n.end] == n.text
        assert n.start < n.end
        assert math.isfinite(n.value)
        assert n.form in ("digits", "words", "mixed", "shorthand")
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


# -- data files -------------------------------------------------------------------------------


def test_shipped_tables_load() -> None:
    lex = numwords.lexicon()
    assert lex["ngàn"].value == 1000 and lex["tư"].kind == "digit"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"word": "hai", "kind": "digit", "value": "2", "positions": "lead,sideways", "alone": "yes"}, "position"),
        ({"word": "hai", "kind": "digti", "value": "2", "positions": "lead", "alone": "yes"}, "kind"),
        ({"word": "hai", "kind": "digit", "value": "x", "positions": "lead", "alone": "yes"}, "not a number"),
        ({"word": "hai", "kind": "digit", "value": "12", "positions": "lead", "alone": "yes"}, "0..9"),
        ({"word": "nghìn", "kind": "scale", "value": "1000", "positions": "lead", "alone": ""}, "positions"),
        ({"word": "Hai", "kind": "digit", "value": "2", "positions": "lead", "alone": "yes"}, "lower-case"),
        ({"word": "hai", "kind": "digit", "value": "2", "positions": "lead", "alone": "maybe"}, "alone"),
    ],
)
def test_numeral_row_check(row: dict[str, str], problem: str) -> None:
    message = numwords.check_numeral_row(row)
    assert message is not None and problem in message


def test_range_pairs_are_digit_words() -> None:
    assert ("năm", "sáu") in numwords.ranges()
    message = numwords._check_range_row({"first": "hai", "second": "mươi"})
    assert message is not None and "not a digit word" in message


def test_malformed_digit_suffix_raises_data_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from vnfacts import numbers

    monkeypatch.setattr(lexicon_module, "_read", lambda name: (("suffix", "note"), ((6, ("m2", "")), (7, ("km", "")))))
    with pytest.raises(DataError) as err:
        numbers._digit_suffixes.__wrapped__()
    assert "line 7" in str(err.value)


def test_malformed_table_raises_data_error(monkeypatch: pytest.MonkeyPatch) -> None:
    header = ("word", "kind", "value", "positions", "alone", "note")
    rows = ((7, ("hai", "digit", "2", "lead", "yes", "")), (8, ("ba", "digit", "three", "lead", "yes", "")))
    monkeypatch.setattr(lexicon_module, "_read", lambda name: (header, rows))
    with pytest.raises(DataError) as err:
        numwords.lexicon.__wrapped__()
    assert err.value.code == "data.row" and "line 8" in str(err.value)
