"""Throughput of vnfacts against what users would otherwise run, in one run, on one core.

Tools, all on the same texts (the first N articles of ``../shared/realnews/bulk.jsonl``):

* ``vnfacts.extract``: the whole pipeline;
* ``vnfacts.tokenize``: sentences and underthesea words aligned to raw offsets;
* ``underthesea.word_tokenize``: the baseline (word segmentation alone);
* ``quantulum3.parser.parse``: the nearest quantity extractor (English-only; it is a
  speed reference, not an accuracy one). Optional: ``pip install 'vnfacts[bench]'``; reported
  as n/a when it is not installed.

Every tool is warmed up first (imports, data, caches), then timed over the articles in
interleaved chunks (each chunk goes through every tool in turn), so background load on
the machine affects all tools alike. KB is 1000 bytes of UTF-8 input. The process is
pinned to one core where the OS allows it.

Also measured, each in a fresh subprocess: the cold start (``import vnfacts``, then the
first ``extract``), whether anything tried to open a network connection meanwhile, and
the peak memory (max RSS) after extracting every article.

Usage::

    python benchmarks/throughput.py                 # N = 500
    python benchmarks/throughput.py -n 200 --repeat 3
    python benchmarks/throughput.py --profile 30     # also cProfile extract, top 30 functions
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
DEFAULT_BULK = REPO.parent / "shared" / "realnews" / "bulk.jsonl"
TARGET_RATIO = 3.0


def load_texts(path: Path, n: int) -> list[str]:
    texts: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if len(texts) >= n:
                break
            texts.append(json.loads(line)["text"])
    return texts


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        try:
            cpu = min(os.sched_getaffinity(0))
            os.sched_setaffinity(0, {cpu})
            return f"pinned to CPU {cpu}"
        except OSError as exc:  # pragma: no cover - container without permission
            return f"not pinned ({exc})"
    return "not pinned (no sched_setaffinity)"


def tools(skip: set[str]) -> tuple[dict[str, Callable[[str], object]], dict[str, str]]:
    """The callables to time, and the reason for each unavailable one."""
    sys.path.insert(0, str(SRC))
    import underthesea

    import vnfacts

    out: dict[str, Callable[[str], object]] = {
        "vnfacts.extract": vnfacts.extract,
        "underthesea.word_tokenize": underthesea.word_tokenize,
        "vnfacts.tokenize": vnfacts.tokenize,
    }
    missing: dict[str, str] = {}
    if "quantulum3" not in skip:
        try:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "classifier dependencies not installed"
                from quantulum3 import parser as q3
            out["quantulum3.parse"] = q3.parse
        except ImportError:
            missing["quantulum3.parse"] = "not installed (pip install 'vnfacts[bench]')"
    for name in list(out):
        if name.split(".")[-1] in skip or name in skip:
            del out[name]
    return out, missing


def measure(fns: dict[str, Callable[[str], object]], texts: list[str], repeat: int, chunk: int) -> dict[str, dict[str, float]]:
    """Best-of-``repeat`` wall and CPU seconds per tool over all texts."""
    for fn in fns.values():  # warm-up: imports, data tables, regex caches, models
        for t in texts[:3]:
            fn(t)
    best: dict[str, dict[str, float]] = {}
    for _ in range(repeat):
        wall = dict.fromkeys(fns, 0.0)
        cpu = dict.fromkeys(fns, 0.0)
        for k in range(0, len(texts), chunk):
            part = texts[k : k + chunk]
            for name, fn in fns.items():
                w0, c0 = time.perf_counter(), time.process_time()
                for t in part:
                    fn(t)
                wall[name] += time.perf_counter() - w0
                cpu[name] += time.process_time() - c0
        for name in fns:
            if name not in best or wall[name] < best[name]["wall"]:
                best[name] = {"wall": wall[name], "cpu": cpu[name]}
    return best


_COLD = r"""
import json, socket, sys, time, resource
attempts = []
_connect = socket.socket.connect
def guard(self, address):
    attempts.append(repr(address))
    raise OSError("network disabled by the benchmark")
socket.socket.connect = guard
socket.create_connection = lambda address, *a, **k: guard(None, address)
sys.path.insert(0, sys.argv[1])
texts = json.load(open(sys.argv[2], encoding="utf-8"))
t0 = time.perf_counter()
import vnfacts
t1 = time.perf_counter()
vnfacts.extract(texts[0])
t2 = time.perf_counter()
rss_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for t in texts:
    vnfacts.extract(t)
rss_all = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"import": t1 - t0, "first_extract": t2 - t1, "network": attempts,
                  "rss_first_kb": rss_first, "rss_all_kb": rss_all}))
"""


def cold_start(texts: list[str], runs: int) -> dict[str, object]:
    """Import and first-extract times (best of ``runs`` fresh processes), network, memory."""
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(texts, fh, ensure_ascii=False)
        path = fh.name
    try:
        results = []
        for _ in range(runs):
            proc = subprocess.run(
                [sys.executable, "-c", _COLD, str(SRC), path],
                capture_output=True, text=True, check=True,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            )
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    finally:
        os.unlink(path)
    best = min(results, key=lambda r: r["import"] + r["first_extract"])
    best["runs"] = runs
    best["network"] = sorted({a for r in results for a in r["network"]})
    return best


def profile(texts: list[str], top: int) -> str:
    import cProfile
    import io
    import pstats

    import vnfacts

    for t in texts[:3]:
        vnfacts.extract(t)
    pr = cProfile.Profile()
    pr.enable()
    for t in texts:
        vnfacts.extract(t)
    pr.disable()
    buf = io.StringIO()
    pstats.Stats(pr, stream=buf).sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


def table(best: dict[str, dict[str, float]], missing: dict[str, str], kb: float, n: int) -> str:
    base = best.get("underthesea.word_tokenize")
    lines = [
        f"{'tool':<28}{'wall s':>9}{'cpu s':>9}{'KB/s':>10}{'articles/s':>12}{'× word_tokenize':>17}",
        "-" * 85,
    ]
    for name, r in sorted(best.items(), key=lambda kv: kv[1]["wall"]):
        ratio = base["wall"] / r["wall"] if base else float("nan")
        lines.append(f"{name:<28}{r['wall']:>9.2f}{r['cpu']:>9.2f}{kb / r['wall']:>10.1f}{n / r['wall']:>12.1f}{ratio:>16.2f}×")
    for name, why in missing.items():
        lines.append(f"{name:<28}{'n/a':>9}{'n/a':>9}{'n/a':>10}{'n/a':>12}{'n/a':>17}  {why}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="vnfacts throughput against underthesea and quantulum3")
    ap.add_argument("-n", type=int, default=500, help="first N articles of bulk.jsonl (default 500)")
    ap.add_argument("--bulk", type=Path, default=DEFAULT_BULK, help="bulk.jsonl path")
    ap.add_argument("--repeat", type=int, default=1, help="timed passes per tool; the best is kept (default 1)")
    ap.add_argument("--chunk", type=int, default=25, help="articles per interleaved chunk (default 25)")
    ap.add_argument("--skip", action="append", default=[], help="a tool to leave out (e.g. quantulum3, tokenize)")
    ap.add_argument("--cold-runs", type=int, default=3, help="fresh processes for the cold start (0: skip)")
    ap.add_argument("--profile", type=int, metavar="TOP", default=0, help="also print a cProfile of extract (top TOP functions)")
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    args = ap.parse_args(argv)

    if not args.bulk.exists():
        print(f"{args.bulk} not found: the benchmark needs the shared real-news bulk file", file=sys.stderr)
        return 2
    pinned = pin_one_core()
    texts = load_texts(args.bulk, args.n)
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1000
    fns, missing = tools(set(args.skip))
    print(f"{len(texts)} articles, {kb:.0f} KB of UTF-8, {pinned}, python {sys.version.split()[0]}, warm, best of {args.repeat}")
    best = measure(fns, texts, args.repeat, args.chunk)
    print()
    print(table(best, missing, kb, len(texts)))
    results: dict[str, object] = {"n": len(texts), "kb": kb, "tools": best, "missing": missing}
    if "vnfacts.extract" in best and "underthesea.word_tokenize" in best:
        ratio = best["underthesea.word_tokenize"]["wall"] / best["vnfacts.extract"]["wall"]
        verdict = "meets" if ratio >= TARGET_RATIO else "below"
        print(f"\nvnfacts.extract / underthesea.word_tokenize = {ratio:.2f}× ({verdict} the {TARGET_RATIO:.1f}× target)")
        results["ratio"] = ratio
    if args.cold_runs:
        cold = cold_start(texts, args.cold_runs)
        results["cold"] = cold
        net = ", ".join(cold["network"]) or "none"
        print(
            f"\ncold start (best of {cold['runs']} fresh processes): import vnfacts {cold['import']:.2f} s (target ≤ 1 s), "
            f"first extract {cold['first_extract']:.2f} s (target ≤ 2 s); network connections attempted: {net}"
        )
        print(
            f"peak memory (max RSS): {cold['rss_first_kb'] / 1024:.0f} MB after the first extract, "
            f"{cold['rss_all_kb'] / 1024:.0f} MB after all {len(texts)} articles"
        )
    if args.profile:
        print("\n" + profile(texts, args.profile))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
