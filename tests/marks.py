"""The ⟦…⟧ marks of the Duckling-style corpora: where the expected matches are."""

from __future__ import annotations

OPEN, CLOSE = "⟦", "⟧"


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip the marks; return the plain text and the marked spans in it, in order."""
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    start: int | None = None
    pos = 0
    for ch in marked:
        if ch == OPEN:
            assert start is None, f"nested marks in {marked!r}"
            start = pos
        elif ch == CLOSE:
            assert start is not None, f"unbalanced marks in {marked!r}"
            spans.append((start, pos))
            start = None
        else:
            text.append(ch)
            pos += 1
    assert start is None, f"unclosed mark in {marked!r}"
    return "".join(text), spans
