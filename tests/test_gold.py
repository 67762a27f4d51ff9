"""Loading and validating gold files (vnfacts.gold)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_GOLD

from vnfacts.errors import GoldError
from vnfacts.gold import (
    GoldDoc,
    default_bulk_path,
    load_gold,
    load_gold_dir,
    period_months,
)

FIXTURES = Path(__file__).parent / "fixtures" / "gold"

# An invented article (never real news text) for the bulk-reference tests.
BULK_TEXT = "Huyện Mây có 1.500 hộ nghèo, giảm 12% so với năm trước."


def _write_doc(directory: Path, stem: str, gold: dict[str, Any], text: str | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    if text is not None:
        (directory / f"{stem}.txt").write_bytes(text.encode("utf-8"))
    path = directory / f"{stem}.gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return path


def _minimal(text: str, quantity_text: str, **quantity: Any) -> dict[str, Any]:
    start = text.index(quantity_text)
    q = {"text": quantity_text, "span": [start, start + len(quantity_text)], **quantity}
    return {"doc_id": "t", "facts": [{"quantity": q}], "not_facts": []}


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _bulk(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _article(bulk_id: str, text: str) -> str:
    return json.dumps({"id": bulk_id, "source": "invented", "text": text}, ensure_ascii=False)


# --- the fixtures and the spec's example ------------------------------------------------


def test_fixture_dir_loads_recursively_sorted_with_spans_checked() -> None:
    docs = load_gold_dir(FIXTURES)
    assert [d.doc_id for d in docs] == ["xa-vang", "tinh-xanh"]  # sub/xa-vang sorts before tinh-xanh
    for doc in docs:
        for fact in doc.facts:
            s, e = fact.quantity.span
            assert doc.text[s:e] == fact.quantity.text


def test_crlf_text_is_read_byte_exact() -> None:
    # Universal-newline reading would drop the \r and shift every later span.
    doc = load_gold(FIXTURES / "sub" / "xa-vang.gold.json")
    assert "\r\n" in doc.text
    assert doc.text[81:89] == "1.200 ha"


def test_shorthands_are_normalised() -> None:
    doc = load_gold(FIXTURES / "sub" / "xa-vang.gold.json")
    assert doc.facts[0].quantity.qualifier == ("more_than", "about")
    assert doc.facts[1].quantity.qualifier == ("exact",)
    assert doc.facts[0].location is not None and doc.facts[0].location.name == "Vàng"
    assert doc.published is None
    other = load_gold(FIXTURES / "tinh-xanh.gold.json")
    assert other.published is not None and other.published.isoformat() == "2025-04-10"


def test_text_is_not_in_repr() -> None:
    doc = load_gold(FIXTURES / "tinh-xanh.gold.json")
    assert "toàn tỉnh có" in doc.text
    assert "toàn tỉnh có" not in repr(doc)


def test_spec_example_validates(example_gold: dict) -> None:
    doc = load_gold(EXAMPLE_GOLD)
    assert isinstance(doc, GoldDoc)
    assert doc.doc_id == example_gold["doc_id"]
    assert len(doc.facts) == len(example_gold["facts"]) == 15
    assert len(doc.not_facts) == 4
    for fact in doc.facts:
        s, e = fact.quantity.span
        assert doc.text[s:e] == fact.quantity.text
        if fact.indicator is not None and fact.indicator.span is not None:
            s, e = fact.indicator.span
            assert doc.text[s:e] == fact.indicator.text
    listed = [f for f in doc.facts if f.quantity.text == "khoảng trên 300.000"]
    assert listed[0].quantity.qualifier == ("more_than", "about")


# --- period month ranges ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2025", "2025", ((2025, 1), (2025, 12))),
        ("2025-Q1", "2025-Q1", ((2025, 1), (2025, 3))),
        ("2025-Q4", None, ((2025, 10), (2025, 12))),
        ("2008", "2012", ((2008, 1), (2012, 12))),
        ("2025-01", "2025-06", ((2025, 1), (2025, 6))),
        ("2025-07-05", "2025-07-05", ((2025, 7), (2025, 7))),
        ("2025-Q2", "2025-08", ((2025, 4), (2025, 8))),
        (None, "2025", None),
        ("năm nay", None, None),
        ("2025-Q5", None, None),
        ("2025-13", None, None),
    ],
)
def test_period_months(start: str | None, end: str | None, months: object) -> None:
    assert period_months(start, end) == months


# --- malformed files ----------------------------------------------------------------------

TEXT = "Tỉnh Mây có 320 doanh nghiệp mới."


@pytest.mark.parametrize(
    ("mutate", "code", "message"),
    [
        (lambda g: g["facts"][0]["quantity"].update(span=[10, 5]), "gold.schema", "facts[0].quantity.span: [10, 5] is not a span"),
        (lambda g: g["facts"][0]["quantity"].update(span=[12, 300]), "gold.schema", "runs past the end of the text"),
        (lambda g: g["facts"][0]["quantity"].update(text="330"), "gold.schema", "facts[0].quantity.text '330' does not match the text at [12, 15]: '320'"),
        (lambda g: g["facts"][0]["quantity"].update(span=[12.0, 15]), "gold.schema", "facts[0].quantity.span[0]"),
        (lambda g: g["facts"][0]["quantity"].update(value="320"), "gold.schema", "facts[0].quantity.value"),
        (lambda g: g["facts"][0]["quantity"].update(kind="amount"), "gold.schema", "facts[0].quantity.kind"),
        (lambda g: g["facts"][0]["quantity"].update(qualifier=["about", "roughly"]), "gold.schema", "facts[0].quantity.qualifier[1]"),
        (lambda g: g["facts"][0]["quantity"].update(qualifier=[]), "gold.schema", "facts[0].quantity.qualifier: lists no reading"),
        (lambda g: g["facts"][0]["quantity"].update(low=5, high=1), "gold.schema", "low 5.0 is above high 1.0"),
        (lambda g: g["facts"][0].update(qualifer="exact"), "gold.schema", "facts[0].qualifer"),
        (lambda g: g["facts"][0].update(period={"start": "2025-Q5"}), "gold.schema", "facts[0].period.start"),
        (lambda g: g["facts"][0].update(period={"start": "2025", "end": "2024"}), "gold.schema", "start 2025 is after end 2024"),
        (lambda g: g["facts"][0].update(indicator={"id": "business.new_enterprises", "text": "doanh nghiệp mới", "span": [0, 4]}), "gold.schema", "facts[0].indicator.text"),
        (lambda g: g["facts"][0].update(indicator={"id": "business.new_enterprises", "span": [16, 32]}), "gold.schema", "text and span must be given together"),
        (lambda g: g["facts"][0].update(measure="total"), "gold.schema", "facts[0].measure"),
        (lambda g: g.pop("doc_id"), "gold.schema", "doc_id: Field required"),
        (lambda g: g.update(published="10/4/2025"), "gold.schema", "published"),
        (lambda g: g.update(published=20250410), "gold.schema", "published: must be an ISO date string"),
        (lambda g: g["not_facts"].append({"text": "32", "span": [12, 14]}), "gold.schema", "facts[0] span [12, 15] overlaps not_facts[0] [12, 14]"),
        (lambda g: g["facts"].append(dict(g["facts"][0])), "gold.schema", "facts[1] span [12, 15] overlaps facts[0] [12, 15]"),
        (lambda g: g["not_facts"].append({"text": "Tỉnh", "span": [0, 4], "why": 3}), "gold.schema", "not_facts[0].why"),
    ],
)
def test_malformed_gold_raises_schema_error(tmp_path: Path, mutate: Any, code: str, message: str) -> None:
    gold = _minimal(TEXT, "320", kind="count", value=320)
    mutate(gold)
    path = _write_doc(tmp_path, "bad", gold, TEXT)
    with pytest.raises(GoldError) as info:
        load_gold(path)
    assert info.value.code == code
    assert info.value.source == str(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_span_mismatch_names_the_doc(tmp_path: Path) -> None:
    gold = _minimal(TEXT, "320")
    gold["facts"][0]["quantity"]["span"] = [13, 16]
    with pytest.raises(GoldError, match=r"doc 't': facts\[0\]\.quantity\.text"):
        load_gold(_write_doc(tmp_path, "bad", gold, TEXT))


def test_not_json_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.gold.json"
    path.write_text('{"doc_id": "x", "facts": [', encoding="utf-8")
    with pytest.raises(GoldError) as info:
        load_gold(path)
    assert info.value.code == "gold.read"
    assert info.value.source == str(path)


def test_missing_file_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(GoldError) as info:
        load_gold(tmp_path / "nowhere.gold.json")
    assert info.value.code == "gold.read"


def test_top_level_array_is_a_schema_error(tmp_path: Path) -> None:
    path = tmp_path / "list.gold.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(GoldError) as info:
        load_gold(path)
    assert info.value.code == "gold.schema"


def test_missing_text_is_a_text_error(tmp_path: Path) -> None:
    path = _write_doc(tmp_path, "alone", _minimal(TEXT, "320"))  # no alone.txt
    with pytest.raises(GoldError) as info:
        load_gold(path)
    assert info.value.code == "gold.text"
    assert "alone.txt" in str(info.value)


def test_bom_is_dropped_from_the_text(tmp_path: Path) -> None:
    path = _write_doc(tmp_path, "bom", _minimal(TEXT, "320"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert load_gold(path).text == TEXT


def test_duplicate_doc_ids_in_a_dir(tmp_path: Path) -> None:
    _write_doc(tmp_path, "a", _minimal(TEXT, "320"), TEXT)
    _write_doc(tmp_path / "more", "b", _minimal(TEXT, "320"), TEXT)
    with pytest.raises(GoldError) as info:
        load_gold_dir(tmp_path)
    assert info.value.code == "gold.schema"
    assert "doc_id 't'" in str(info.value)


def test_load_gold_dir_needs_a_directory(tmp_path: Path) -> None:
    with pytest.raises(GoldError) as info:
        load_gold_dir(tmp_path / "absent")
    assert info.value.code == "gold.read"


# --- texts referenced in the bulk file ------------------------------------------------------


def _bulk_gold(bulk_id: str, sha: str) -> dict[str, Any]:
    gold = _minimal(BULK_TEXT, "1.500", kind="count", value=1500)
    gold["doc_id"] = "may"
    gold["source"] = {"bulk_id": bulk_id, "sha256": sha}
    return gold


def test_bulk_reference_resolves_text(tmp_path: Path) -> None:
    bulk = _bulk(
        tmp_path / "bulk.jsonl",
        _article("bulk-00001", "Một bài khác, 7 người."),
        _article("bulk-00002", BULK_TEXT),
        "this line is not JSON: the loader must stop before reading it",
    )
    path = _write_doc(tmp_path / "gold", "may", _bulk_gold("bulk-00002", _sha(BULK_TEXT)))
    doc = load_gold(path, bulk_path=bulk)
    assert doc.text == BULK_TEXT
    assert doc.source is not None and doc.source.bulk_id == "bulk-00002"
    assert doc.facts[0].quantity.span == (13, 18)


def test_bulk_hash_mismatch_is_a_text_error(tmp_path: Path) -> None:
    bulk = _bulk(tmp_path / "bulk.jsonl", _article("bulk-00002", BULK_TEXT + " Sửa."))
    path = _write_doc(tmp_path, "may", _bulk_gold("bulk-00002", _sha(BULK_TEXT)))
    with pytest.raises(GoldError) as info:
        load_gold(path, bulk_path=bulk)
    assert info.value.code == "gold.text"
    assert "SHA-256" in str(info.value)
    assert info.value.source == str(path)


def test_bulk_id_absent_is_a_text_error(tmp_path: Path) -> None:
    bulk = _bulk(tmp_path / "bulk.jsonl", _article("bulk-00001", BULK_TEXT))
    path = _write_doc(tmp_path, "may", _bulk_gold("bulk-00009", _sha(BULK_TEXT)))
    with pytest.raises(GoldError, match="no article bulk-00009") as info:
        load_gold(path, bulk_path=bulk)
    assert info.value.code == "gold.text"


def test_bulk_file_absent_is_a_text_error(tmp_path: Path) -> None:
    path = _write_doc(tmp_path, "may", _bulk_gold("bulk-00002", _sha(BULK_TEXT)))
    with pytest.raises(GoldError) as info:
        load_gold(path, bulk_path=tmp_path / "no-bulk.jsonl")
    assert info.value.code == "gold.text"


def test_bad_sha_is_a_schema_error(tmp_path: Path) -> None:
    path = _write_doc(tmp_path, "may", _bulk_gold("bulk-00002", "ABC"))
    with pytest.raises(GoldError, match="source.sha256") as info:
        load_gold(path, bulk_path=tmp_path / "bulk.jsonl")
    assert info.value.code == "gold.schema"


def test_default_bulk_path_is_found_beside_an_ancestor(tmp_path: Path) -> None:
    # The layout of a checkout: <root>/main/gold/x.gold.json and <root>/shared/realnews/bulk.jsonl.
    (tmp_path / "shared" / "realnews").mkdir(parents=True)
    _bulk(tmp_path / "shared" / "realnews" / "bulk.jsonl", _article("bulk-00002", BULK_TEXT))
    path = _write_doc(tmp_path / "main" / "gold", "may", _bulk_gold("bulk-00002", _sha(BULK_TEXT)))
    assert default_bulk_path(path) == tmp_path / "shared" / "realnews" / "bulk.jsonl"
    docs = load_gold_dir(tmp_path / "main")
    assert [d.text for d in docs] == [BULK_TEXT]


def test_load_gold_dir_reads_several_bulk_articles(tmp_path: Path) -> None:
    other = "Xã Gió trồng 40 ha rừng."
    bulk = _bulk(tmp_path / "bulk.jsonl", _article("bulk-00001", other), _article("bulk-00002", BULK_TEXT))
    _write_doc(tmp_path / "g", "may", _bulk_gold("bulk-00002", _sha(BULK_TEXT)))
    gio = _minimal(other, "40 ha", kind="measure", value=40, unit="ha")
    gio["doc_id"] = "gio"
    gio["source"] = {"bulk_id": "bulk-00001", "sha256": _sha(other)}
    _write_doc(tmp_path / "g", "gio", gio)
    docs = load_gold_dir(tmp_path / "g", bulk_path=bulk)
    assert {d.doc_id: d.text for d in docs} == {"gio": other, "may": BULK_TEXT}
