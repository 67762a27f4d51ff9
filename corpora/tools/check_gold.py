#!/usr/bin/env python3
"""Check the hand annotations in corpora/articles/*.gold.json against their texts.

Usage:  python corpora/tools/check_gold.py [--bulk BULK] [PATH ...]
        (PATH: a .gold.json file or a directory; default: corpora/articles;
         BULK: the real-news bulk.jsonl, default ../shared/realnews/bulk.jsonl)

For every gold file it checks that
  * the article <doc_id>.txt exists beside it, or, for a gold file with
    "source": {"bulk_id", "sha256"}, the bulk article exists and its text has that
    SHA-256; and doc_id matches the file name;
  * `published` is YYYY-MM-DD (null when unknown);
  * every span is a [start, end) pair inside the text and text[start:end] equals the
    recorded text: quantity, indicator, period and not_facts (the text is read as the
    contract says: UTF-8, a leading BOM dropped, nothing else changed — no newline
    translation, no normalisation);
  * fields use the contract's vocabularies (kind, qualifier, measure, direction,
    modality), indicator ids exist in indicators.tsv, periods are YYYY / YYYY-Qn /
    YYYY-MM / YYYY-MM-DD with start <= end;
  * value/low/high agree with the qualifier (range/vague: value null, low < high;
    more_than/at_least: low == value; less_than/at_most: high == value);
  * quantity spans of different facts do not overlap, facts are in text order, and no
    quantity overlaps a not_fact.

Prints one line per problem ("file: fact id: message") and exits 1 if there is any.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parents[2]
DEFAULT_DIR = ROOT / "corpora" / "articles"
DEFAULT_BULK = ROOT.parent / "shared" / "realnews" / "bulk.jsonl"
INDICATOR_FILES = [
    ROOT / "src" / "vnfacts" / "data" / "indicators.tsv",
    ROOT.parent / "shared" / "spec" / "indicators.tsv",
]

KINDS = {"count", "money", "percent", "measure", "duration", "ratio", "rank", "number"}
QUALIFIERS = {"exact", "about", "more_than", "at_least", "less_than", "at_most", "range", "vague"}
MEASURES = {"level", "growth_rate", "change", "share", "rank", None}
DIRECTIONS = {"increase", "decrease", None}
MODALITIES = {"actual", "target", "forecast"}
PERIOD_RE = re.compile(r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def load_currency_codes() -> set[str]:
    """The ISO codes the package knows (data/currencies.tsv)."""
    path = ROOT / "src" / "vnfacts" / "data" / "currencies.tsv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return {ln.split("\t")[1] for ln in lines[1:]}


CURRENCY_CODES = load_currency_codes()


def load_indicator_ids() -> set[str] | None:
    ids: set[str] = set()
    for path in INDICATOR_FILES:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines()[1:]:
                if line.strip():
                    ids.add(line.split("\t", 1)[0])
    return ids or None


def read_text(path: Path) -> str:
    data = path.read_bytes()
    text = data.decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


def period_bounds(value: str) -> tuple[str, str]:
    """First and last month (YYYY-MM) of a period bound, for ordering."""
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01", f"{value}-12"
    m = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if m:
        q = int(m.group(2))
        return f"{m.group(1)}-{3 * q - 2:02d}", f"{m.group(1)}-{3 * q:02d}"
    return value[:7], value[:7]


def check_span(problems: list[str], where: str, text: str, obj: dict, what: str) -> tuple[int, int] | None:
    span = obj.get("span")
    if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)):
        problems.append(f"{where}: {what} span {span!r} is not [int, int]")
        return None
    s, e = span
    if not (0 <= s < e <= len(text)):
        problems.append(f"{where}: {what} span {span} outside the text (length {len(text)})")
        return None
    if text[s:e] != obj.get("text"):
        problems.append(f"{where}: {what} text {obj.get('text')!r} != text[{s}:{e}] = {text[s:e]!r}")
    return s, e


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def check_quantity(problems: list[str], where: str, q: dict) -> None:
    kind, qual = q.get("kind"), q.get("qualifier")
    if kind not in KINDS:
        problems.append(f"{where}: kind {kind!r} not in {sorted(KINDS)}")
    quals = qual if isinstance(qual, list) else [qual]
    for x in quals:
        if x not in QUALIFIERS:
            problems.append(f"{where}: qualifier {x!r} not in {sorted(QUALIFIERS)}")
    for key in ("value", "low", "high", "unit", "per"):
        if key not in q:
            problems.append(f"{where}: quantity lacks {key!r}")
    v, lo, hi = q.get("value"), q.get("low"), q.get("high")
    first = quals[0]
    if first in ("range", "vague"):
        if v is not None or lo is None or hi is None or not lo < hi:
            problems.append(f"{where}: {first} needs value null and low < high (got {v}, {lo}, {hi})")
    elif first in ("more_than", "at_least"):
        if v is None or lo is None or not close(v, lo) or hi is not None:
            problems.append(f"{where}: {first} needs low == value, high null (got {v}, {lo}, {hi})")
    elif first in ("less_than", "at_most"):
        if v is None or hi is None or not close(v, hi) or lo is not None:
            problems.append(f"{where}: {first} needs high == value, low null (got {v}, {lo}, {hi})")
    elif first in ("exact", "about"):
        if v is None or lo is not None or hi is not None:
            problems.append(f"{where}: {first} needs a value and null low/high (got {v}, {lo}, {hi})")
    if kind == "money" and q.get("unit") not in CURRENCY_CODES:
        problems.append(f"{where}: money unit {q.get('unit')!r} is not a currency code")
    if kind == "percent" and q.get("unit") not in {"%", "pp"}:
        problems.append(f"{where}: percent unit {q.get('unit')!r} is not % or pp")


def read_bulk(path: Path) -> dict[str, str]:
    """Texts of the real-news bulk file by article id (empty when the file is absent)."""
    if not path.exists():
        return {}
    texts = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                texts[row["id"]] = row["text"]
    return texts


def article_text(name: str, gold: dict, txt_path: Path, bulk: dict[str, str]) -> tuple[str | None, str | None]:
    """The annotated text and, when it cannot be had, why not."""
    source = gold.get("source")
    if source is None:
        if not txt_path.exists():
            return None, f"{name}: article {txt_path.name} is missing"
        return read_text(txt_path), None
    bulk_id = source.get("bulk_id")
    if bulk_id not in bulk:
        return None, f"{name}: bulk article {bulk_id!r} not found (pass --bulk PATH)"
    text = bulk[bulk_id]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != source.get("sha256"):
        return None, f"{name}: {bulk_id} has SHA-256 {digest}, the gold file says {source.get('sha256')}"
    return text, None


def check_file(gold_path: Path, indicator_ids: set[str] | None, bulk: dict[str, str] | None = None) -> list[str]:
    problems: list[str] = []
    name = gold_path.name
    slug = name[: -len(".gold.json")]
    txt_path = gold_path.with_name(slug + ".txt")
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{name}: cannot read gold: {exc}"]
    text, missing = article_text(name, gold, txt_path, bulk or {})
    if text is None:
        return [missing]
    if gold.get("doc_id") != slug:
        problems.append(f"{name}: doc_id {gold.get('doc_id')!r} != file name {slug!r}")
    published = gold.get("published")
    if published is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(published)):
        problems.append(f"{name}: published {published!r} is not YYYY-MM-DD (or null when unknown)")

    not_spans = []
    for k, nf in enumerate(gold.get("not_facts", [])):
        where = f"{name}: not_fact #{k} {nf.get('text')!r}"
        span = check_span(problems, where, text, nf, "not_fact")
        if not nf.get("why"):
            problems.append(f"{where}: lacks 'why'")
        if span:
            not_spans.append((span, nf.get("text")))

    previous = None
    for k, fact in enumerate(gold.get("facts", [])):
        q = fact.get("quantity") or {}
        where = f"{name}: {fact.get('id', '#' + str(k))} {q.get('text')!r}"
        qspan = check_span(problems, where, text, q, "quantity")
        check_quantity(problems, where, q)
        ind = fact.get("indicator")
        if ind is not None:
            check_span(problems, where, text, ind, "indicator")
            if indicator_ids is not None and ind.get("id") not in indicator_ids:
                problems.append(f"{where}: indicator id {ind.get('id')!r} not in indicators.tsv")
        if fact.get("measure") not in MEASURES:
            problems.append(f"{where}: measure {fact.get('measure')!r}")
        if fact.get("direction") not in DIRECTIONS:
            problems.append(f"{where}: direction {fact.get('direction')!r}")
        if fact.get("modality", "actual") not in MODALITIES:
            problems.append(f"{where}: modality {fact.get('modality')!r}")
        period = fact.get("period")
        if period is not None:
            if "span" in period or "text" in period:
                check_span(problems, where, text, period, "period")
            s, e = period.get("start"), period.get("end")
            if (s is None) != (e is None):
                problems.append(f"{where}: period start/end must both be set or both null")
            elif s is not None:
                if not PERIOD_RE.match(s) or not PERIOD_RE.match(e):
                    problems.append(f"{where}: period {s!r}..{e!r} not YYYY / YYYY-Qn / YYYY-MM / YYYY-MM-DD")
                elif period_bounds(s)[0] > period_bounds(e)[1]:
                    problems.append(f"{where}: period start {s} after end {e}")
        loc = fact.get("location")
        if loc is not None and not isinstance(loc, (str, dict)):
            problems.append(f"{where}: location {loc!r} is neither a name nor an object")
        if qspan:
            if previous and qspan[0] < previous[1]:
                problems.append(f"{where}: quantity overlaps or precedes the previous fact {previous}")
            previous = qspan
            for (ns, ne), ntext in not_spans:
                if ns < qspan[1] and qspan[0] < ne:
                    problems.append(f"{where}: quantity overlaps not_fact {ntext!r} {[ns, ne]}")
    return problems


def main(argv: list[str]) -> int:
    bulk_path = DEFAULT_BULK
    if argv[:1] == ["--bulk"] and len(argv) > 1:
        bulk_path, argv = Path(argv[1]), argv[2:]
    targets = [Path(a) for a in argv] or [DEFAULT_DIR]
    files: list[Path] = []
    for t in targets:
        files.extend(sorted(t.glob("*.gold.json")) if t.is_dir() else [t])
    if not files:
        print("no gold files found", file=sys.stderr)
        return 1
    indicator_ids = load_indicator_ids()
    if indicator_ids is None:
        print("warning: indicators.tsv not found; indicator ids not checked", file=sys.stderr)
    bulk = read_bulk(bulk_path)
    problems: list[str] = []
    n_facts = n_not = 0
    for f in files:
        problems.extend(check_file(f, indicator_ids, bulk))
        try:
            g = json.loads(f.read_text(encoding="utf-8"))
            n_facts += len(g.get("facts", []))
            n_not += len(g.get("not_facts", []))
        except ValueError:
            pass
    for p in problems:
        print(p)
    print(f"{len(files)} gold files, {n_facts} facts, {n_not} not_facts, {len(problems)} problems",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
