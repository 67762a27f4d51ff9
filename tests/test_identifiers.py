"""Identifiers: the corpus (tests/corpus/identifiers.tsv) and the data file."""

from __future__ import annotations

import pytest
from conftest import CORPUS_DIR
from marks import unmark

from vnfacts.identifiers import Identifier, find_identifiers
from vnfacts.lexicon import load_table


def _rows():
    for lineno, line in enumerate((CORPUS_DIR / "identifiers.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("sentence\t"):
            continue
        cells = line.split("\t") + [""]
        yield pytest.param(cells[0], cells[1], id=f"L{lineno}:{cells[0][:40]}")


@pytest.mark.parametrize("sentence, expected", list(_rows()))
def test_corpus(sentence: str, expected: str) -> None:
    text, spans = unmark(sentence)
    kinds = [k.strip() for k in expected.split("|") if k.strip()]
    want = [(s, e, k) for (s, e), k in zip(spans, kinds, strict=True)]
    got = [(i.start, i.end, i.kind) for i in find_identifiers(text)]
    assert got == want


def test_identifier_text_matches_span() -> None:
    text = "Theo Nghị định 15/2018/NĐ-CP, gọi 0912 345 678, xem Điều 5."
    ids = find_identifiers(text)
    assert all(isinstance(i, Identifier) and text[i.start : i.end] == i.text for i in ids)
    assert [i.rule for i in ids] == ["prefix.legal_doc", "phone", "prefix.list_number"]


def test_data_file_prefix_rows_are_well_formed() -> None:
    rows = load_table("identifiers.tsv", ["role", "word", "kind", "follow", "case"], required=["role", "word"])
    prefixes = [r for r in rows if r["role"] == "prefix"]
    assert prefixes and all(r["kind"] and r["follow"] and r["case"] in ("any", "exact") for r in prefixes)
