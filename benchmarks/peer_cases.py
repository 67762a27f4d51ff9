"""Peer benchmark: NeMo text-normalisation test pairs (Vietnamese) read as amounts.

Reads ``../shared/peer-cases/nemo-vi/`` (relative to the repository root). Each file holds
``spoken<TAB>written`` pairs. The files that are amounts, and the side under test:

* TN files ``tn_money``, ``tn_decimal``, ``tn_measure``, ``tn_cardinal``, ``tn_range``: the
  **written** side (``12.345 đồng``, ``1tr5 vnd``, ``50.000đ-100.000đ``) is under test; the
  expectation is read from the spoken side.
* ITN files ``cardinal``, ``decimal``, ``money``, ``measure``: the **spoken** side
  (``hai trăm ki lô mét trên giờ``) is under test; the expectation is read from the written
  side with convention ``"en"`` (ITN writes ``.`` decimals and no grouping: ``0.2 triệu``).

Each side is read inside a neutral clause (``CARRIER``: "Theo báo cáo, con số là … .").

Definition of pass. Words both sides share at the start or end (sentence context such as
``Tôi có … gạo``, or a unit both spell alike) are set aside; what remains of each side is its
*core*. A side's *reading* is the one amount :func:`vnfacts.quantities.find_amounts` finds
in it when there is exactly one and its span contains the core; else there is none. The
expected reading is the other side's; when that side has none, it is the bare value
:func:`vnfacts.numbers.parse_number` gives the other side's core (``một`` -> 1, unit None),
except for identity pairs (both sides equal: ``một -> một``), which expect no amount. The
row passes when the side under test

* has a reading with equal value (or low/high, relative tolerance 1e-9) and equal unit,
  when an amount is expected; or
* finds no amount at all when none is expected.

Amounts of the side under test are found with the earlier stages' spans excluded
(identifiers and time expressions, when those modules are present), as in the pipeline.
The expectation therefore comes from the same reader on the other surface form: the
benchmark measures whether written and spoken forms of a quantity read the same.

Rows judged wrong in the peer data are listed in ``peer_cases_disputed.tsv`` (file, line,
case, reason); they are reported apart and left out of the pass rate.

Usage: ``python benchmarks/peer_cases.py [--show-failures]``.
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT.parent / "shared" / "peer-cases" / "nemo-vi"
DISPUTED = Path(__file__).resolve().parent / "peer_cases_disputed.tsv"

# file -> (side under test, convention of the expectation side)
FILES = {
    "tn_money": ("written", "vi"),
    "tn_decimal": ("written", "vi"),
    "tn_measure": ("written", "vi"),
    "tn_cardinal": ("written", "vi"),
    "tn_range": ("written", "vi"),
    "cardinal": ("spoken", "en"),
    "decimal": ("spoken", "en"),
    "money": ("spoken", "en"),
    "measure": ("spoken", "en"),
}


def _cores(a: str, b: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """Spans of both sides without the words they share at the start and at the end."""
    wa, wb = a.split(" "), b.split(" ")
    i = 0
    while i < min(len(wa), len(wb)) - 1 and wa[i] == wb[i]:
        i += 1
    j = 0
    while j < min(len(wa), len(wb)) - i - 1 and wa[-1 - j] == wb[-1 - j]:
        j += 1

    def span(words: list[str]) -> tuple[int, int]:
        start = sum(len(w) + 1 for w in words[:i])
        end = start + len(" ".join(words[i:len(words) - j]))
        return start, end

    return span(wa), span(wb)


# Each case is read inside a neutral news clause: a numeral alone on a line is, in real
# text, a cell of a flattened table, which the reader rightly does not take for a claim.
CARRIER = "Theo báo cáo, con số là {}."
_OFFSET = CARRIER.index("{}")


def _reading(text: str, core: tuple[int, int], convention: str, *, exclude: bool):
    """The one amount in ``text`` (read in :data:`CARRIER`) whose span contains ``core``;
    None, or "partial"."""
    from vnfacts.pipeline import stage_amounts
    from vnfacts.quantities import find_amounts

    text = CARRIER.format(text)
    core = (core[0] + _OFFSET, core[1] + _OFFSET)
    if exclude:
        found = stage_amounts(text, convention=convention)[0]
    else:
        found = find_amounts(text, convention=convention)
    if not found:
        return None
    if len(found) == 1 and found[0].start <= core[0] and core[1] <= found[0].end:
        return found[0]
    return "partial"


@dataclass(frozen=True)
class _Bare:
    """An expectation with only a value (the other side read as a bare numeral)."""

    text: str
    value: float
    kind: str = "number"
    low: None = None
    high: None = None
    unit: None = None


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9)


def check(spoken: str, written: str, side: str, convention: str) -> tuple[bool, str]:
    """(passed, explanation) for one pair."""
    from vnfacts.numbers import parse_number

    spoken, written = " ".join(spoken.split()), " ".join(written.split())
    s_core, w_core = _cores(spoken, written)
    if side == "written":
        tested, t_core, other, o_core, o_conv = written, w_core, spoken, s_core, "vi"
    else:
        tested, t_core, other, o_core, o_conv = spoken, s_core, written, w_core, convention
    got = _reading(tested, t_core, "auto", exclude=True)
    if tested == other:
        return got is None, f"identity pair: expected no amount, got {_show(got)}"
    expected = _reading(other, o_core, o_conv, exclude=False)
    if expected is None:
        value = parse_number(other[o_core[0]:o_core[1]], convention=o_conv)
        expected = _Bare(other, value) if value is not None else None
    if expected is None:
        return got is None, f"expected no amount, got {_show(got)}"
    if expected == "partial" or got is None or got == "partial":
        return False, f"expected {_show(expected)}, got {_show(got)}"
    ok = all(_same(getattr(got, f), getattr(expected, f)) for f in ("value", "low", "high")) and got.unit == expected.unit
    return ok, f"expected {_show(expected)}, got {_show(got)}"


def _show(a) -> str:
    if a is None or isinstance(a, str):
        return str(a)
    vals = a.value if a.value is not None else (a.low, a.high)
    return f"{a.text!r} {a.kind} {vals} {a.unit}"


def _disputed() -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    if DISPUTED.exists():
        for line in DISPUTED.read_text(encoding="utf-8").splitlines()[1:]:
            if line.strip() and not line.startswith("#"):
                cells = line.split("\t")
                out[(cells[0], int(cells[1]))] = cells[3] if len(cells) > 3 else ""
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-failures", action="store_true", help="list the failing rows")
    args = parser.parse_args(argv)
    if not PEER.is_dir():
        print(f"peer cases not found: {PEER} (clone ../shared beside the repository)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "src"))
    disputed = _disputed()
    total_pass = total = 0
    failures: list[str] = []
    skipped: list[str] = []
    print(f"{'file':<12} {'side':<8} {'passed':>6} {'total':>6} {'rate':>7} {'disputed':>8}")
    for name, (side, convention) in FILES.items():
        path = PEER / f"{name}.tsv"
        passed = n = n_disputed = 0
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            spoken, _, written = line.partition("\t")
            if (name, lineno) in disputed:
                n_disputed += 1
                ok, why = check(spoken, written, side, convention)
                skipped.append(f"{name}:{lineno}\t{spoken!r} -> {written!r}\t{disputed[(name, lineno)]} "
                               f"[{'passes anyway' if ok else why}]")
                continue
            ok, why = check(spoken, written, side, convention)
            n += 1
            passed += ok
            if not ok:
                failures.append(f"{name}:{lineno}\t{spoken!r} -> {written!r}\t{why}")
        total_pass += passed
        total += n
        print(f"{name:<12} {side:<8} {passed:>6} {n:>6} {passed / n:>7.1%} {n_disputed:>8}")
    print(f"{'all':<12} {'':<8} {total_pass:>6} {total:>6} {total_pass / total:>7.1%} {len(skipped):>8}")
    if args.show_failures:
        print("\nfailures:")
        print("\n".join(failures) or "(none)")
        print("\ndisputed (not counted):")
        print("\n".join(skipped) or "(none)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
