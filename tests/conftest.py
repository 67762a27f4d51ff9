"""Shared fixtures: paths to the project's corpora and to ``../shared`` (when present).

``../shared`` (real news, the spec's example article, peer cases) sits beside the
repository on developer machines and in CI. Its texts belong to their publishers and
are never copied into the project; tests that need them skip when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "tests" / "corpus"
SHARED = ROOT.parent / "shared"
EXAMPLE_TXT = SHARED / "spec" / "examples" / "hanoi-khuyen-cong.txt"
EXAMPLE_GOLD = SHARED / "spec" / "examples" / "hanoi-khuyen-cong.gold.json"
REALNEWS = SHARED / "realnews"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not present (../shared is needed for this test)")
    return path


@pytest.fixture(scope="session")
def example_text() -> str:
    """The spec's worked example article, decoded as the contract says (BOM dropped)."""
    return _need(EXAMPLE_TXT).read_text(encoding="utf-8-sig")


@pytest.fixture(scope="session")
def example_gold() -> dict:
    import json

    return json.loads(_need(EXAMPLE_GOLD).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def realnews_dir() -> Path:
    return _need(REALNEWS)
