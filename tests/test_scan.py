"""The speed shortcuts give exactly what the plain scans give.

* :class:`vnfacts._scan.RuleScanner` (rules tried only where they may start) against
  ``finditer`` of every rule over the whole text, for the identifier and period rules;
* :func:`vnfacts.numbers.find_numbers` with its sparse token list against the full one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vnfacts import identifiers, numbers
from vnfacts._periodrules import grammar
from vnfacts._scan import RuleScanner, Starts
from vnfacts.document import Document

ARTICLES = sorted((Path(__file__).resolve().parents[1] / "corpora" / "articles").glob("*.txt"))

# Shapes that exercise every kind of start place, and letters whose case folding differs
# between str.lower() and the regex engine (Kelvin sign, dotted capital I, long s).
TRICKY = [
    "Quyết định số 136/2007/QĐ-TTg và Nghị quyết 68-NQ/TW; QL1A, COP28, F0, H5N1, SARS-CoV-2.",
    "Liên hệ +84 912 345 678 hoặc (028) 3829 1234, 1900 1234, email a.b@ví-dụ.vn, www.abc.com.vn/x.",
    "1. Mục I\n2) phần II\n(a) xem trang 12; (3) v2.1.0 và 4G, 5G.\nII. Kỳ họp thứ 8",
    "Tính chung 9 tháng đầu năm 2025, quý III/2025, từ năm 2021 đến nay, sáng thứ Hai (5/7), 8h30.",
    "Năm 2024 so với năm trước; Chủ nhật, 12-15/8/2025; Q3/2024; tháng Chạp; thập niên 1990; cùng kỳ.",
    "\u212aết luận 12 và N\u0130 2024, \u017fố 5, NĂM 2025, THÁNG 7, Quý 2 năm 2025.",
    "tại 12 Lê Lợi, số 5 phố Tràng Tiền, ngõ 3, hẻm 12/4, phòng 201.",
]


def _texts() -> list[str]:
    texts = [Document.from_text(p.read_text(encoding="utf-8-sig")).text for p in ARTICLES]
    return texts + TRICKY + [t.upper() for t in TRICKY] + [t.lower() for t in TRICKY]


def _plain(rules, text: str) -> list:
    out: list = []
    for pattern, handler, _ in rules:
        for m in pattern.finditer(text):
            out.extend(handler(m, text))
    return out


@pytest.mark.parametrize("which", ["identifiers", "periods"])
def test_scanner_equals_finditer(which: str) -> None:
    rules = identifiers._rules() if which == "identifiers" else grammar().rules
    scanner = RuleScanner(rules)
    for text in _texts():
        assert scanner.run(text) == _plain(rules, text), text[:80]


def test_scanner_falls_back_on_unknown_case_folding() -> None:
    import re

    rule = (re.compile(r"(?<!\w)số\s+\d+", re.I), lambda m, t: [m.span()], Starts.of(["số"]))
    scanner = RuleScanner([rule])
    text = "\u017fố 12"  # LONG S: the regex folds it to s, str.lower() keeps it
    assert scanner._starts(text) is None  # so the text is scanned rule by rule
    assert scanner.run(text) == [(0, len(text))]


def test_starts_reject_word_characters_as_chars() -> None:
    with pytest.raises(ValueError):
        Starts.of(chars="a")


def test_sparse_numbers_equal_full_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts() + [
        "hai nghìn người ba trăm, một triệu hai, 1tr2, 100k, 3kg-6kg, -5, âm năm độ, ISO 9001",
        "Covid 19, 12 500 000 đồng, năm 2020 1 000, m2 100m2, 1.234,5 và 1,234.5, thứ Bảy hai triệu",
    ]
    for convention in numbers.CONVENTIONS:
        sparse = [numbers.find_numbers(t, convention=convention) for t in texts]
        monkeypatch.setattr(numbers, "_sparse_pattern", lambda: numbers._patterns()[0])
        full = [numbers.find_numbers(t, convention=convention) for t in texts]
        monkeypatch.undo()
        assert sparse == full
