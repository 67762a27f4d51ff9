"""The gold annotations themselves: every span, vocabulary and value rule of every set.

``corpora/tools/check_gold.py`` is the annotators' checker; running it here keeps a gold
file that drifts from its text (or from the taxonomy) from landing.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from conftest import REALNEWS, ROOT


def _checker():
    spec = importlib.util.spec_from_file_location("check_gold", ROOT / "corpora" / "tools" / "check_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHECK_GOLD = _checker()
BULK = REALNEWS / "bulk.jsonl"


def _gold_files(folder: str) -> list[Path]:
    return sorted((ROOT / "corpora" / folder).glob("*.gold.json"))


def test_every_set_has_its_files() -> None:
    assert len(_gold_files("articles")) >= 10
    assert len(_gold_files("gold")) >= 25
    assert len(_gold_files("heldout")) >= 20


@pytest.mark.parametrize("path", _gold_files("articles"), ids=lambda p: p.name)
def test_own_article_gold_is_consistent(path: Path) -> None:
    assert CHECK_GOLD.check_file(path, CHECK_GOLD.load_indicator_ids(), {}) == []


@pytest.fixture(scope="module")
def bulk_texts() -> dict[str, str]:
    if not BULK.exists():
        pytest.skip(f"{BULK} is not present (../shared is needed for this test)")
    return CHECK_GOLD.read_bulk(BULK)


@pytest.mark.parametrize("path", _gold_files("gold") + _gold_files("heldout"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_bulk_gold_is_consistent(path: Path, bulk_texts: dict[str, str]) -> None:
    assert CHECK_GOLD.check_file(path, CHECK_GOLD.load_indicator_ids(), bulk_texts) == []


def test_checker_names_a_changed_bulk_text(tmp_path: Path, bulk_texts: dict[str, str]) -> None:
    path = _gold_files("gold")[0]
    target = tmp_path / path.name
    target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    bulk_id = path.name.split(".")[0]
    changed = {**bulk_texts, bulk_id: bulk_texts[bulk_id] + " "}
    (problem,) = CHECK_GOLD.check_file(target, CHECK_GOLD.load_indicator_ids(), changed)
    assert bulk_id in problem and "SHA-256" in problem
