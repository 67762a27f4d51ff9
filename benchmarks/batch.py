"""Throughput and memory of `vnfacts extract` on the shared real-news bulk corpus.

Reports documents/s for 1 and 2 worker processes on ``bulk.jsonl`` (and the speed-up as a
ratio), and the peak memory (RSS summed over the driver and its workers, sampled; needs
psutil) for 200 vs 2,000
documents: flat memory means the ratio stays near 1 although the corpus is 10x larger.

    .venv/bin/python benchmarks/batch.py [--bulk ../shared/realnews/bulk.jsonl] [--limit N]

The corpus is read in place and never copied into the project; slices go to a temp dir.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BULK = ROOT.parent / "shared" / "realnews" / "bulk.jsonl"


def _slice(bulk: Path, n: int, out: Path) -> Path:
    with bulk.open("rb") as src, out.open("wb") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return out


def _tree_rss(proc) -> int:
    """Resident memory of a process and all its descendants (driver, forkserver, workers)."""
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def _run(corpus: Path, workers: int, out: Path) -> tuple[float, int, float]:
    """(seconds, documents, peak MiB of the whole process tree, sampled every 50 ms)."""
    import psutil

    start = time.perf_counter()
    popen = subprocess.Popen(
        [sys.executable, "-m", "vnfacts.cli", "extract", str(corpus), "-o", str(out), "-j", str(workers), "-q"],
        stderr=subprocess.PIPE,
    )
    proc, peak = psutil.Process(popen.pid), 0
    while popen.poll() is None:
        try:
            peak = max(peak, _tree_rss(proc))
        except psutil.Error:
            pass
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    if popen.returncode not in (0, 1):
        raise SystemExit(popen.stderr.read().decode())
    docs = sum(1 for _ in out.open("rb"))
    return elapsed, docs, peak / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bulk", type=Path, default=BULK)
    ap.add_argument("--limit", type=int, default=2000, help="documents for the throughput runs")
    args = ap.parse_args()
    if not args.bulk.exists():
        raise SystemExit(f"{args.bulk} not found (needs ../shared/realnews)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = _slice(args.bulk, args.limit, tmp / "bulk.jsonl")
        rates = {}
        for workers in (1, 2):
            secs, docs, peak = _run(corpus, workers, tmp / f"out{workers}.jsonl")
            rates[workers] = docs / secs
            print(f"throughput  workers={workers}: {docs} docs in {secs:.1f} s = {docs / secs:.1f} docs/s (peak {peak:.0f} MiB)")
        same = (tmp / "out1.jsonl").read_bytes() == (tmp / "out2.jsonl").read_bytes()
        print(f"speed-up 2 vs 1 workers: {rates[2] / rates[1]:.2f}x; outputs byte-identical: {same}")
        peaks = {}
        for n in (200, 2000):
            small = _slice(args.bulk, n, tmp / f"m{n}.jsonl")
            _, docs, peak = _run(small, 2, tmp / f"m{n}.out.jsonl")
            peaks[n] = peak
            print(f"memory      {docs:5d} docs, 2 workers: peak RSS {peak:.0f} MiB")
        print(f"peak memory 2,000 vs 200 docs: {peaks[2000] / peaks[200]:.2f}x (flat = ~1)")


if __name__ == "__main__":
    main()
