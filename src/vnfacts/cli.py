"""The ``vnfacts`` command: a thin layer over the public API.

Exit codes are decided in one place, :func:`exit_code_for` and the ``EXIT_*`` constants:
0 success, 1 some documents failed (their error records are in the output), 2 usage or
input error (nothing useful was produced), 3 broken installation (a data file),
130 interrupted (the output holds every document finished; rerun with ``--resume``).

Each command is a ``_cmd_NAME(args) -> int`` registered in :func:`_parser` with its help
and an example; add a command by adding both.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from . import batch
from .errors import DataError, VnfactsError

__all__ = ["main", "exit_code_for"]

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_DATA, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def exit_code_for(exc: BaseException) -> int:
    """The exit code for an error that ended a command (the one mapping of errors to codes)."""
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if isinstance(exc, BrokenPipeError):  # e.g. piped into `head`: the reader had enough
        return EXIT_OK
    if isinstance(exc, DataError):
        return EXIT_DATA
    return EXIT_USAGE


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return n


class _Progress:
    """One status line on a terminal, rewritten at most 5 times a second."""

    def __init__(self, total_bytes: int | None, stream) -> None:
        self.total, self.stream = total_bytes, stream
        self.start = self.last = time.monotonic()
        self.done_bytes = 0

    def update(self, docs: int, facts: int, failed: int, nbytes: int, final: bool = False) -> None:
        self.done_bytes += nbytes
        now = time.monotonic()
        if not final and now - self.last < 0.2:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        line = f"{docs:,} docs  {facts:,} facts  {failed:,} failed  {docs / elapsed:,.1f} docs/s"
        if self.total:
            share = min(self.done_bytes / self.total, 1.0)
            eta = elapsed * (1 - share) / share if share > 0 else 0
            line += f"  {share:4.0%}  ETA {int(eta // 60)}:{int(eta % 60):02d}"
        self.stream.write("\r" + line.ljust(79) + ("\n" if final else ""))
        self.stream.flush()


def _format_for(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    suffix = Path(args.output).suffix.lower()
    return {".csv": "csv", ".parquet": "parquet"}.get(suffix, "jsonl")


def _results(args: argparse.Namespace, skip: dict):
    options = dict(glob=args.glob, published=args.published, max_bytes=args.max_bytes, kind=args.read_as,
                   text_field=args.text_field, id_field=args.id_field, date_field=args.date_field,
                   with_text=args.with_text, skip=skip or None)
    if args.engine == "dask":
        from .engines.dask import extract_many_dask

        return extract_many_dask(args.paths, scheduler=args.scheduler, workers=args.workers, **options)
    return batch.extract_many(args.paths, workers=args.workers, **options)


def _cmd_extract(args: argparse.Namespace) -> int:
    from .outputs import open_writer
    from .readers import ReadOptions, total_bytes

    if "-" in args.paths and args.output == "-" and args.resume:
        raise VnfactsError("--resume needs an output file", code="usage")
    writer, done = open_writer(args.output, _format_for(args), flat=args.flat, resume=args.resume)
    show = not args.quiet and sys.stderr.isatty()
    progress = None
    if show:
        total = total_bytes(args.paths, ReadOptions(glob=args.glob, kind=args.read_as))
        progress = _Progress(total, sys.stderr)
    docs = failed = n_facts = skipped = 0
    per_indicator: Counter[str] = Counter()
    per_error: Counter[str] = Counter()
    interrupted = False
    try:
        for result in _results(args, done):
            writer.write(result)
            if result.skipped:
                skipped += 1
            else:
                docs += 1
                if result.ok:
                    n_facts += len(result.facts)
                    per_indicator.update(f.indicator.id if f.indicator else "(none)" for f in result.facts)
                else:
                    failed += 1
                    per_error[result.error.code] += 1
                    if not show and not args.quiet:
                        print(f"error: {result.error}", file=sys.stderr)
            if progress:
                progress.update(docs, n_facts, failed, result.nbytes)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        writer.close()
    if progress:
        progress.update(docs, n_facts, failed, 0, final=True)
    if not args.quiet:
        _summary(args, docs, n_facts, failed, skipped, per_indicator, per_error)
    if interrupted:  # said even with --quiet: the user must know the output is partial
        print("interrupted: every finished document is in the output; rerun with --resume to finish",
              file=sys.stderr)
        return exit_code_for(KeyboardInterrupt())
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _summary(args, docs, n_facts, failed, skipped, per_indicator, per_error) -> None:
    err = sys.stderr
    where = "standard output" if args.output == "-" else args.output
    print(f"{docs} documents, {n_facts} facts, {failed} failed -> {where}", file=err)
    if skipped:
        print(f"  {skipped} documents already in the output (--resume) were skipped", file=err)
    for code, count in per_error.most_common():
        print(f"  {count:6d}  error {code}", file=err)
    for name, count in per_indicator.most_common(10):
        print(f"  {count:6d}  {name}", file=err)
    if len(per_indicator) > 10:
        print(f"  {sum(per_indicator.values()) - sum(c for _, c in per_indicator.most_common(10)):6d}"
              f"  ({len(per_indicator) - 10} more indicators)", file=err)


def _cmd_show(args: argparse.Namespace) -> int:
    from .view import files_page

    html, n_facts, errors = files_page(args.paths, published=args.published, glob=args.glob)
    if args.output == "-":
        sys.stdout.write(html)
    else:
        Path(args.output).write_text(html, encoding="utf-8")
    for exc in errors:
        print(f"error: {exc}", file=sys.stderr)
    if not args.quiet:
        where = "standard output" if args.output == "-" else args.output
        print(f"{n_facts} facts, {len(errors)} documents failed -> {where}", file=sys.stderr)
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


def _command(sub, name: str, run, help: str, epilog: str) -> argparse.ArgumentParser:
    """A subcommand whose help ends with its example(s)."""
    cmd = sub.add_parser(name, help=help, epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    cmd.set_defaults(run=run)
    return cmd


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vnfacts",
        description="Extract numeric claims from Vietnamese news as structured facts.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  vnfacts extract corpora/articles -o facts.jsonl",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ex = _command(
        sub, "extract", _cmd_extract,
        help="extract facts from files, folders, HTML pages, JSON Lines corpora or stdin",
        epilog="""example:
  vnfacts extract articles/ --glob '*.txt' --published 2025-07-05 -o facts.jsonl

more examples:
  vnfacts extract corpus.jsonl --text-field body --id-field url --date-field date -o facts.jsonl
  vnfacts extract pages/ --flat --format csv -o facts.csv
  cat article.txt | vnfacts extract - --published 2025-07-05
  vnfacts extract corpus.jsonl -o facts.jsonl --resume        # finish an interrupted run
  vnfacts extract corpus.jsonl --engine dask --scheduler tcp://10.0.0.5:8786 -o facts.jsonl

A document that cannot be read becomes an error record ({"id", "source", "error": {"code",
"message"}}) and the run goes on; the exit code is 1 when any document failed, 130 when
interrupted (the output then holds every finished document: rerun with --resume).""",
    )
    ex.add_argument("paths", nargs="+", help="files, folders (recursive: .txt .md .html .htm .jsonl) or - for stdin")
    ex.add_argument("-o", "--output", default="-", help="output file (default: standard output)")
    ex.add_argument("--format", choices=("jsonl", "csv", "parquet"),
                    help="output format (default: from the -o suffix, else jsonl); parquet needs pyarrow")
    ex.add_argument("--flat", action="store_true", help="JSON Lines with one fact per line instead of one document")
    ex.add_argument("--glob", help="file name pattern inside folders, e.g. '*.txt'")
    ex.add_argument("--as", dest="read_as", choices=("txt", "md", "html", "jsonl"),
                    help="read every input as this kind (default: by suffix; stdin is txt)")
    ex.add_argument("--text-field", default="text", help="JSON Lines: field holding the article (default: text)")
    ex.add_argument("--id-field", default="id", help="JSON Lines: field holding the id (default: id)")
    ex.add_argument("--date-field", help="JSON Lines: field holding the publication date")
    ex.add_argument("--published", type=_date,
                    help="publication date (YYYY-MM-DD) for documents without their own (field or NAME.meta.json)")
    ex.add_argument("--max-bytes", type=int, default=5_000_000, help="record larger inputs as errors (default 5 MB)")
    ex.add_argument("--with-text", action="store_true", help="carry each document's text in its record (HTML always)")
    ex.add_argument("-j", "--workers", type=_positive, default=None, help="worker processes (default: all cores)")
    ex.add_argument("--engine", choices=("local", "dask"), default="local",
                    help="local processes, or a Dask cluster (needs dask[distributed])")
    ex.add_argument("--scheduler", help="Dask scheduler address (default: a local cluster)")
    ex.add_argument("--resume", action="store_true",
                    help="skip documents already in the output (same source and content hash), append the rest")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary, no per-error lines")
    _command(
        sub, "schema", _cmd_schema,
        help="print the JSON Schema of a fact",
        epilog="example:\n  vnfacts schema > fact.schema.json",
    )
    sh = _command(
        sub, "show", _cmd_show,
        help="write an HTML page with every fact highlighted in its text",
        epilog="example:\n  vnfacts show corpora/articles/cpi-thang-9-2025.txt -o view.html",
    )
    sh.add_argument("paths", nargs="+", help="files or folders (searched recursively for .txt and .md)")
    sh.add_argument("-o", "--output", default="-", help="output HTML file (default: standard output)")
    sh.add_argument("--glob", help="file name pattern inside folders, e.g. '*.txt'")
    sh.add_argument("--published", type=_date, help="publication date of the documents (YYYY-MM-DD)")
    sh.add_argument("-q", "--quiet", action="store_true", help="no summary")
    ev = _command(
        sub, "evaluate", _cmd_evaluate,
        help="score extraction against gold annotations (FACTS.md's scoring table)",
        epilog="example:\n  vnfacts evaluate corpora/gold --show-errors",
    )
    ev.add_argument("gold_dir", help="folder searched recursively for *.gold.json")
    ev.add_argument("--bulk", help="the real-news bulk.jsonl that bulk-referenced gold points to")
    ev.add_argument("--show-errors", action="store_true", help="list misses, spurious facts and wrong attributes")
    ev.add_argument("--per-document", action="store_true", help="also print each document's figures")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (VnfactsError, KeyboardInterrupt, BrokenPipeError) as exc:
        if isinstance(exc, VnfactsError):
            print(f"vnfacts: {exc}", file=sys.stderr)
        return exit_code_for(exc)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
