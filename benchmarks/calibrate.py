"""Calibrate fact confidence on the project's hand annotation and report how well it fits.

    .venv/bin/python benchmarks/calibrate.py            # report only
    .venv/bin/python benchmarks/calibrate.py --write    # also rewrite src/vnfacts/data/confidence.tsv
    .venv/bin/python benchmarks/calibrate.py --measure corpora/heldout   # how the table fares there

Reads the gold of corpora/articles and corpora/gold (bulk-referenced gold needs
../shared/realnews/bulk.jsonl); never corpora/heldout, which only measures.
A predicted fact is *right* when FACTS.md's fact F1 would count it: paired with a gold fact,
value right, indicator id right (or both none), period right where the gold sets one.
Prints the table per (indicator source, period source), the Brier score of the old and the
new confidences, and a reliability table (predicted vs observed, by confidence bin).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from vnfacts import extract, load_gold_dir
from vnfacts.confidence import ANY, sources
from vnfacts.evaluate import pair_facts
from vnfacts.gold import period_months

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "src" / "vnfacts" / "data" / "confidence.tsv"
BULK = ROOT.parent / "shared" / "realnews" / "bulk.jsonl"


def _right(gold, fact) -> bool:
    g, q = gold.quantity, fact.quantity

    def same(a, b):
        return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1))

    if not (same(g.value, q.value) and same(g.low, q.low) and same(g.high, q.high)):
        return False
    if (gold.indicator.id if gold.indicator else None) != (fact.indicator.id if fact.indicator else None):
        return False
    if gold.period and gold.period.start:
        if not (fact.period and fact.period.start):
            return False
        try:
            return period_months(gold.period.start, gold.period.end) == period_months(fact.period.start, fact.period.end)
        except ValueError:
            return False
    return True


def _observations(folders=("corpora/articles", "corpora/gold")) -> list[tuple[tuple[str, str], float, bool]]:
    out = []
    for folder in folders:
        for doc in load_gold_dir(ROOT / folder, bulk_path=BULK if BULK.exists() else None):
            facts = extract(doc.text, doc_id=doc.doc_id, published=doc.published)
            pairs = dict((p, g) for g, p in pair_facts(doc.facts, facts))
            for i, fact in enumerate(facts):
                ok = i in pairs and _right(doc.facts[pairs[i]], fact)
                out.append((sources(fact.rules), fact.confidence, ok))
    return out


def _brier(pairs) -> float:
    return sum((p - ok) ** 2 for p, ok in pairs) / max(len(pairs), 1)


def _reliability(pairs) -> None:
    print("reliability: bin  n  mean confidence  observed")
    for lo in (0.0, 0.2, 0.4, 0.6, 0.8):
        b = [(p, ok) for p, ok in pairs if lo <= p < lo + 0.2 or (lo == 0.8 and p == 1.0)]
        if b:
            print(f"  [{lo:.1f}, {lo + 0.2:.1f})  {len(b):5d}  {sum(p for p, _ in b) / len(b):.2f}  {sum(ok for _, ok in b) / len(b):.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="rewrite the confidence table")
    parser.add_argument("--measure", metavar="DIR", help="only report the current table's reliability on DIR")
    args = parser.parse_args()
    if args.measure:
        held = [(conf, ok) for _, conf, ok in _observations((args.measure,))]
        print(f"{args.measure}: {len(held)} predicted facts, {sum(ok for _, ok in held)} right; "
              f"Brier score of the current table {_brier(held):.4f}")
        _reliability(held)
        return 0
    obs = _observations()
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (ind, per), _, ok in obs:
        for key in ((ind, per), (ind, ANY), (ANY, ANY)):
            counts[key][0] += ok
            counts[key][1] += 1
    print(f"{'indicator source':26s} {'period source':16s} {'right':>6s} {'total':>6s}  rate")
    for (ind, per), (right, total) in sorted(counts.items(), key=lambda kv: -kv[1][1]):
        print(f"{ind:26s} {per:16s} {right:6d} {total:6d}  {right / total:.2f}")

    def calibrated(key):
        for k in (key, (key[0], ANY), (ANY, ANY)):
            if k in counts:
                r, t = counts[k]
                return (r + 1) / (t + 2)
        return 0.5

    old = [(conf, ok) for _, conf, ok in obs]
    new = [(calibrated(key), ok) for key, _, ok in obs]
    print(f"\n{len(obs)} predicted facts; Brier score: current table {_brier(old):.4f}, recalibrated {_brier(new):.4f}")
    print("\nrecalibrated:")
    _reliability(new)
    if args.write:
        lines = [
            "# Written by benchmarks/calibrate.py from corpora/ (do not edit by hand): how often facts",
            "# found each way were right. indicator/period: the sources read from a fact's rule ids;",
            "# * = any (the fallback rows). right/total: counts on the development gold.",
            "indicator\tperiod\tright\ttotal",
        ]
        for (ind, per), (right, total) in sorted(counts.items()):
            lines.append(f"{ind}\t{per}\t{right}\t{total}")
        TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"\nwrote {TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
