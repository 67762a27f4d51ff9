"""The ``vnfacts`` command: a thin layer over the public API.

Exit codes (one place): 0 success, 1 some documents failed, 2 usage or input error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from . import batch
from .errors import VnfactsError

__all__ = ["main"]

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _cmd_extract(args: argparse.Namespace) -> int:
    out = open(args.output, "w", encoding="utf-8") if args.output != "-" else sys.stdout
    docs = failed = 0
    per_indicator: Counter[str] = Counter()
    n_facts = 0
    try:
        for result in batch.extract_many(args.paths, glob=args.glob, published=args.published, max_bytes=args.max_bytes):
            # One complete line per document, flushed, so an interrupted run leaves valid JSON Lines.
            out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
            out.flush()
            docs += 1
            if not result.ok:
                failed += 1
                print(f"error: {result.error}", file=sys.stderr)
                continue
            n_facts += len(result.facts)
            per_indicator.update(f.indicator.id if f.indicator else "(none)" for f in result.facts)
    finally:
        if out is not sys.stdout:
            out.close()
    if not args.quiet:
        print(f"{docs} documents, {n_facts} facts, {failed} failed -> {args.output}", file=sys.stderr)
        for name, count in per_indicator.most_common(10):
            print(f"  {count:6d}  {name}", file=sys.stderr)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    from .view import files_page

    html, n_facts, errors = files_page(args.paths, published=args.published, glob=args.glob)
    if args.output == "-":
        sys.stdout.write(html)
    else:
        Path(args.output).write_text(html, encoding="utf-8")
    for exc in errors:
        print(f"error: {exc}", file=sys.stderr)
    if not args.quiet and args.output != "-":
        print(f"{n_facts} facts, {len(errors)} failed -> {args.output}", file=sys.stderr)
    return EXIT_SOME_FAILED if errors else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from . import schema

    print(json.dumps(schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_dir

    report = evaluate_dir(args.gold_dir, bulk_path=args.bulk)
    if args.json:
        print(json.dumps(report.to_dict(include_errors=args.show_errors), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(report.format_table(per_document=args.per_document))
    if args.show_errors:
        print()
        print(report.format_errors())
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vnfacts",
        description="Extract numeric claims from Vietnamese news as structured facts.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  vnfacts extract corpora/articles -o facts.jsonl",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser(
        "extract",
        help="extract facts from files or folders to JSON Lines",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  vnfacts extract articles/ --glob '*.txt' --published 2025-07-05 -o facts.jsonl",
    )
    ex.add_argument("paths", nargs="+", help="files or folders (searched recursively for .txt and .md)")
    ex.add_argument("-o", "--output", default="-", help="output file (JSON Lines; default: standard output)")
    ex.add_argument("--glob", help="file name pattern inside folders, e.g. '*.txt'")
    ex.add_argument("--published", type=_date, help="publication date of the documents (YYYY-MM-DD)")
    ex.add_argument("--max-bytes", type=int, default=5_000_000, help="skip (and record) larger files (default 5 MB)")
    ex.add_argument("-q", "--quiet", action="store_true", help="no summary")
    ex.set_defaults(run=_cmd_extract)
    sc = sub.add_parser(
        "schema",
        help="print the JSON Schema of a fact",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  vnfacts schema > fact.schema.json",
    )
    sc.set_defaults(run=_cmd_schema)
    sh = sub.add_parser(
        "show",
        help="write an HTML page with every fact highlighted in its text",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  vnfacts show corpora/articles/cpi-thang-9-2025.txt -o view.html",
    )
    sh.add_argument("paths", nargs="+", help="files or folders (searched recursively for .txt and .md)")
    sh.add_argument("-o", "--output", default="-", help="output HTML file (default: standard output)")
    sh.add_argument("--glob", help="file name pattern inside folders, e.g. '*.txt'")
    sh.add_argument("--published", type=_date, help="publication date of the documents (YYYY-MM-DD)")
    sh.add_argument("-q", "--quiet", action="store_true", help="no summary")
    sh.set_defaults(run=_cmd_show)
    ev = sub.add_parser(
        "evaluate",
        help="score extraction against gold annotations (FACTS.md's scoring table)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  vnfacts evaluate corpora/gold --show-errors",
    )
    ev.add_argument("gold_dir", help="folder searched recursively for *.gold.json")
    ev.add_argument("--bulk", help="the real-news bulk.jsonl that bulk-referenced gold points to")
    ev.add_argument("--show-errors", action="store_true", help="list misses, spurious facts and wrong attributes")
    ev.add_argument("--per-document", action="store_true", help="also print each document's figures")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.set_defaults(run=_cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except VnfactsError as exc:
        print(f"vnfacts: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
