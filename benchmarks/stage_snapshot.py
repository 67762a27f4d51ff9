"""Record, and later compare, the outputs of the early pipeline stages.

A regression guard for speed work: the stages below must give byte-identical results
before and after an optimisation, whatever the later (accuracy-tuned) stages do.

Stages recorded per text:

* ``document``: ``Document.text``, ``to_raw`` and ``is_contiguous`` of every word, line
  and found span;
* ``identifiers``: :func:`vnfacts.identifiers.find_identifiers`;
* ``periods``: :func:`vnfacts.periods.find_time_expressions` as the pipeline calls it
  (identifier spans excluded), without and with a publication date;
* ``numbers``: :func:`vnfacts.numbers.find_numbers` (``auto``, ``vi``, ``en``) and
  :func:`vnfacts.numbers.parse_number` of each number found;
* ``places``: :func:`vnfacts.places.find_places` and ``main_place``;
* ``sentences``: :func:`vnfacts.tokens.split_sentences`;
* ``tokens`` (gold texts only, it is slow): :func:`vnfacts.tokenize`.

Texts: ``corpora/articles/*.txt``, the spec's example article, the real-news articles in
``../shared/realnews/articles``, the bulk articles that ``corpora/gold/*.gold.json`` refer
to, and the first N bulk articles (``--bulk-n``, default 500).

Usage::

    python benchmarks/stage_snapshot.py record  /tmp/vnfacts-stages.json
    python benchmarks/stage_snapshot.py compare /tmp/vnfacts-stages.json   # exit 1 on any change

The snapshot is a development artefact: keep it out of the repository (it embeds
outputs derived from the shared real-news texts).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from vnfacts import identifiers, numbers, periods, places  # noqa: E402
from vnfacts.document import Document  # noqa: E402
from vnfacts.tokens import split_sentences, tokenize  # noqa: E402

SHARED = REPO.parent / "shared"
BULK = SHARED / "realnews" / "bulk.jsonl"
PUBLISHED = dt.date(2025, 7, 5)
_WORDS = re.compile(r"\S+")


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8")


def corpus(bulk_n: int) -> list[tuple[str, str, bool]]:
    """(name, text, is_gold) for every text the snapshot covers, in a fixed order."""
    out: list[tuple[str, str, bool]] = []
    for p in sorted((REPO / "corpora" / "articles").glob("*.txt")):
        out.append((f"articles/{p.name}", _read_text(p), True))
    example = SHARED / "spec" / "examples" / "hanoi-khuyen-cong.txt"
    if example.exists():
        out.append(("spec/hanoi-khuyen-cong.txt", _read_text(example), True))
    for p in sorted((SHARED / "realnews" / "articles").glob("*.txt")):
        out.append((f"realnews/{p.name}", _read_text(p), True))
    wanted: set[str] = set()
    for p in sorted((REPO / "corpora" / "gold").glob("*.gold.json")):
        src = json.loads(p.read_text(encoding="utf-8")).get("source") or {}
        if isinstance(src, dict) and src.get("bulk_id"):
            wanted.add(src["bulk_id"])
    if BULK.exists():
        with BULK.open(encoding="utf-8") as fh:
            for k, line in enumerate(fh):
                rec = json.loads(line)
                gold = rec["id"] in wanted
                if k < bulk_n or gold:
                    out.append((f"bulk/{rec['id']}", rec["text"], gold))
    return out


def _row(x) -> list:
    """A dataclass (or tuple) as a JSON-safe list, floats kept exact via repr."""
    values = dataclasses.astuple(x) if dataclasses.is_dataclass(x) else tuple(x)
    return [repr(v) if isinstance(v, float) else _jsonable(v) for v in values]


def _jsonable(v):
    if isinstance(v, (str, int, bool)) or v is None:
        return v
    if isinstance(v, (tuple, list)):
        return [_jsonable(x) for x in v]
    return repr(v)


def stages(text: str, gold: bool) -> dict[str, object]:
    """Every recorded stage output for one raw text."""
    out: dict[str, object] = {}
    try:
        doc = Document.from_text(text)
    except Exception as exc:  # an unreadable text is an output too
        return {"document": f"{type(exc).__name__}: {exc}"}
    work = doc.text
    ids = identifiers.find_identifiers(work)
    id_spans = [(i.start, i.end) for i in ids]
    times = periods.find_time_expressions(work, excluded=id_spans)
    times_pub = periods.find_time_expressions(work, published=PUBLISHED, excluded=id_spans)
    nums = numbers.find_numbers(work)
    nums_vi = numbers.find_numbers(work, convention="vi")
    nums_en = numbers.find_numbers(work, convention="en")
    parsed = [repr(numbers.parse_number(n.text)) for n in nums]
    mentions = places.find_places(work)
    main = places.main_place(mentions)
    sents = split_sentences(doc)

    spans = {(m.start(), m.end()) for m in _WORDS.finditer(work)}
    spans |= {(m.start(), m.end()) for m in re.finditer(r"[^\n]+", work)}
    for group in (ids, times, nums, mentions):
        spans |= {(x.start, x.end) for x in group}
    spans |= {s.work_span for s in sents}
    spans.add((0, len(work)))
    mapped = [[s, e, *doc.to_raw(s, e), doc.is_contiguous(s, e)] for s, e in sorted(spans)]
    out["document"] = {
        "text": work,
        "body_end": doc.body_end,
        "to_raw_sha": hashlib.sha256(json.dumps(mapped).encode()).hexdigest(),
        "to_raw_sample": mapped[:: max(1, len(mapped) // 40)],
    }
    out["identifiers"] = [_row(x) for x in ids]
    out["periods"] = [_row(x) for x in times]
    out["periods_published"] = [_row(x) for x in times_pub]
    out["numbers"] = [_row(x) for x in nums]
    out["numbers_vi"] = [_row(x) for x in nums_vi]
    out["numbers_en"] = [_row(x) for x in nums_en]
    out["parse_number"] = parsed
    out["places"] = [_row(x) for x in mentions]
    out["main_place"] = _row(main) if main is not None else None
    out["sentences"] = [[s.text, list(s.span), list(s.work_span)] for s in sents]
    if gold:
        out["tokens"] = [[list(t.span), list(t.work_span), t.text] for s in tokenize(doc) for t in s.tokens]
    return out


def record(bulk_n: int) -> dict[str, dict[str, object]]:
    snap: dict[str, dict[str, object]] = {}
    t0 = time.perf_counter()
    texts = corpus(bulk_n)
    for name, text, gold in texts:
        snap[name] = stages(text, gold)
    print(f"{len(texts)} texts in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return snap


def _first_diff(a, b) -> str:
    if isinstance(a, list) and isinstance(b, list):
        for k, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return f"item {k}: {json.dumps(x, ensure_ascii=False)[:300]} -> {json.dumps(y, ensure_ascii=False)[:300]}"
        return f"length {len(a)} -> {len(b)}"
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                return f"{k}: " + _first_diff(a.get(k), b.get(k))
    if isinstance(a, str) and isinstance(b, str):
        k = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        return f"at char {k}: {a[max(0, k - 30):k + 30]!r} -> {b[max(0, k - 30):k + 30]!r}"
    return f"{json.dumps(a, ensure_ascii=False)[:300]} -> {json.dumps(b, ensure_ascii=False)[:300]}"


def compare(old: dict, new: dict) -> list[str]:
    problems: list[str] = []
    for name in sorted(set(old) | set(new)):
        if name not in new:
            problems.append(f"{name}: missing from the new run")
            continue
        if name not in old:
            problems.append(f"{name}: not in the snapshot")
            continue
        for stage in sorted(set(old[name]) | set(new[name])):
            a, b = old[name].get(stage), new[name].get(stage)
            if a != b:
                problems.append(f"{name} [{stage}] {_first_diff(a, b)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=["record", "compare"])
    ap.add_argument("path", type=Path, help="snapshot JSON file (keep it outside the repository)")
    ap.add_argument("--bulk-n", type=int, default=500, help="first N bulk articles (default 500)")
    args = ap.parse_args(argv)
    # Round-trip through JSON so that both sides compare in the same shape.
    new = json.loads(json.dumps(record(args.bulk_n), ensure_ascii=False))
    if args.mode == "record":
        args.path.write_text(json.dumps(new, ensure_ascii=False), encoding="utf-8")
        counts = {}
        for stages_out in new.values():
            for k, v in stages_out.items():
                if isinstance(v, list):
                    counts[k] = counts.get(k, 0) + len(v)
        print(f"recorded {len(new)} texts to {args.path}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        return 0
    old = json.loads(args.path.read_text(encoding="utf-8"))
    problems = compare(old, new)
    if problems:
        stages_hit = sorted({p.split("[", 1)[1].split("]", 1)[0] for p in problems if "[" in p})
        print(f"CHANGED: {len(problems)} difference(s) in stage(s) {', '.join(stages_hit)}")
        for p in problems[:40]:
            print("  " + p)
        if len(problems) > 40:
            print(f"  … and {len(problems) - 40} more")
        return 1
    print(f"identical: {len(new)} texts, every recorded stage unchanged")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
