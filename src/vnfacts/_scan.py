"""Run many regex rules over a text without scanning the whole text once per rule.

The identifier and period stages each have a few dozen rules, and every rule used to
scan the whole text with ``finditer``: Python's regex engine then starts a match attempt
at every character, which cost more than all the rest of those stages together. But every
rule can only *start* at a few kinds of places: the first word of one of its cue words
(``tháng``, ``Quyết định``), the start of a digit run, a given character (``(``), a line
start. :class:`RuleScanner` finds all such places of all rules in one pass (one trigger
regex) and then tries each rule with ``pattern.match`` only where it may start.

The result is exactly ``finditer``'s: ``finditer`` returns, from its scan position, the
leftmost position where the pattern matches; that position is always one of the rule's
start places, so trying those places in order (skipping those inside the previous match)
finds the same matches. Lookbehinds see the text before the position in both cases.
A rule whose start places cannot be described is scanned with ``finditer`` as before
(:meth:`Starts.anywhere`), optionally only when a cheap necessary condition holds
(``gate``).

Start places (:class:`Starts`):

* ``words``: the match starts at the first letter run of one of these words, and that run
  is a whole letter run of the text (the rule's pattern lets no letter follow it). Keys are
  compared lower-cased; the trigger regex matches them case-insensitively, as the rules do,
  and a document where the two disagree (a letter whose case folding ``str.lower`` and the
  regex engine see differently, such as the Kelvin sign) is scanned rule by rule instead.
* ``digit``: the match starts at a digit (``\\d``) that follows no digit.
* ``glued``: the match starts at a letter run directly followed by a digit or ``-`` and a
  digit (``COP28``, ``F0``, ``SARS-2``).
* ``chars``: the match starts at one of these (non-word) characters.
* ``line``: the match starts at the start of a line (``(?m)^``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .lexicon import trie_regex

__all__ = ["Starts", "RuleScanner", "first_run"]

_FIRST_RUN = re.compile(r"[^\W\d_]+")

Handler = Callable[[re.Match[str], str], Iterable[Any]]


def _is_letter(ch: str) -> bool:
    """``ch`` matches ``[^\\W\\d_]``: a word character that is not a decimal digit."""
    return ch.isalnum() and not ch.isdecimal()


def first_run(word: str) -> str | None:
    """The lower-cased first letter run of ``word``, or None when it does not start with a letter."""
    m = _FIRST_RUN.match(word)
    return m.group().lower() if m else None


@dataclass(frozen=True)
class Starts:
    """Where the matches of one rule may start (see the module docstring)."""

    words: frozenset[str] = frozenset()
    digit: bool = False
    glued: bool = False
    chars: str = ""
    line: bool = False
    anywhere: bool = False
    gate: Callable[[str], bool] | None = None

    @classmethod
    def of(cls, words: Iterable[str] = (), *, digit: bool = False, glued: bool = False, chars: str = "", line: bool = False) -> Starts:
        """Start places from cue words (as written in the data) and kinds of places."""
        runs = set()
        for w in words:
            if not w:
                continue
            r = first_run(w)
            if r is None:
                return cls(anywhere=True)
            runs.add(r)
        if any(ch.isalnum() or ch == "_" for ch in chars):
            raise ValueError("start characters must be non-word characters")
        return cls(frozenset(runs), digit, glued, chars, line)

    @classmethod
    def everywhere(cls, gate: Callable[[str], bool] | None = None) -> Starts:
        """Scan the whole text (only when ``gate(text)`` is true, if given)."""
        return cls(anywhere=True, gate=gate)


class RuleScanner:
    """Rules ``(pattern, handler, starts)`` run where they may start; see the module docstring."""

    def __init__(self, rules: Iterable[tuple[re.Pattern[str], Handler, Starts]]) -> None:
        self.rules = list(rules)
        by_word: dict[str, list[int]] = {}
        by_char: dict[str, list[int]] = {}
        self.digit: list[int] = []
        self.glued: list[int] = []
        self.line: list[int] = []
        for k, (_, _, st) in enumerate(self.rules):
            if st.anywhere:
                continue
            for w in st.words:
                by_word.setdefault(w, []).append(k)
            for ch in st.chars:
                by_char.setdefault(ch, []).append(k)
            if st.digit:
                self.digit.append(k)
            if st.glued:
                self.glued.append(k)
            if st.line:
                self.line.append(k)
        self.by_word = {w: tuple(ks) for w, ks in by_word.items()}
        self.by_char = {c: tuple(ks) for c, ks in by_char.items()}
        alts = []
        if self.by_word:
            alts.append(r"(?P<w>(?<![^\W\d_])(?i:" + trie_regex(sorted(self.by_word)) + r")(?![^\W\d_]))")
        if self.digit or self.glued:
            # A digit that follows no digit; a glued letter run is found from the digit after it.
            alts.append(r"(?P<d>\d)(?<!\d\d)")
        if self.by_char:
            alts.append("(?P<c>[" + "".join(re.escape(c) for c in sorted(self.by_char)) + "])")
        if self.line:
            alts.append(r"(?P<n>\n)")
        self.trigger = re.compile("|".join(alts)) if alts else None
        # Glued starts are found late (at the digit after the run): sort where they mix.
        self.resort = tuple(k for k in self.glued if self.rules[k][2] != Starts(glued=True))

    def _starts(self, text: str) -> list[list[int]] | None:
        """Start positions per rule (ascending), or None when the text needs full scans."""
        starts: list[list[int]] = [[] for _ in self.rules]
        if self.trigger is None:
            return starts
        for k in self.line:
            starts[k].append(0)
        glued = self.glued
        for m in self.trigger.finditer(text):
            kind = m.lastgroup
            s = m.start()
            if kind == "w":
                ks = self.by_word.get(m.group().lower())
                if ks is None:
                    return None  # case folding the trigger and str.lower() see differently
                for k in ks:
                    starts[k].append(s)
            elif kind == "d":
                for k in self.digit:
                    starts[k].append(s)
                if glued:
                    # A letter run right before the digit, or before "-" and the digit.
                    e = s - 1 if s >= 2 and text[s - 1] == "-" else s
                    r = e
                    while r > 0 and _is_letter(text[r - 1]):
                        r -= 1
                    if r < e:
                        for k in glued:
                            starts[k].append(r)
            elif kind == "c":
                for k in self.by_char[m.group()]:
                    starts[k].append(s)
            else:  # a line break: the next line starts after it
                for k in self.line:
                    starts[k].append(s + 1)
        for k in self.resort:
            starts[k].sort()
        return starts

    def run(self, text: str) -> list[Any]:
        """Every handler output of every rule, rule by rule, each rule's in text order
        (exactly what ``for p, h in rules: for m in p.finditer(text): out.extend(h(m, text))`` gives)."""
        starts = self._starts(text)
        out: list[Any] = []
        for k, (pattern, handler, st) in enumerate(self.rules):
            if starts is None or st.anywhere:
                if st.gate is None or st.gate(text):
                    for m in pattern.finditer(text):
                        out.extend(handler(m, text))
                continue
            found = self._at(pattern, text, starts[k])
            if found is None:
                found = list(pattern.finditer(text))
            for m in found:
                out.extend(handler(m, text))
        return out

    @staticmethod
    def _at(pattern: re.Pattern[str], text: str, positions: list[int]) -> list[re.Match[str]] | None:
        """``finditer``'s matches, trying only ``positions``; None on an empty match (rescan)."""
        found: list[re.Match[str]] = []
        end = -1
        last = -1
        match = pattern.match
        for s in positions:
            if s < end or s == last:
                continue
            last = s
            m = match(text, s)
            if m is None:
                continue
            end = m.end()
            if end == s:
                return None
            found.append(m)
        return found

