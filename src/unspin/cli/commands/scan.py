"""``unspin scan``: analyse a corpus (JSONL, Parquet, WARC) in parallel, resumably."""

from __future__ import annotations

import argparse
import os
import sys

from ...errors import UsageError
from ..common import add_analysis_options, check_unit

EPILOG = """\
examples:
  unspin scan crawl/*.jsonl.gz -o out/                 annotate every document
  unspin scan pages.warc.gz -o out/ --include-text cleaned
  unspin scan data.parquet -o out/ --keep-below 0.5 --drop-kinds injected
                                                       filter: out/kept, out/dropped (with reasons)
  unspin scan big.jsonl -o out/ --engine ray --address auto

Run the same command again after an interruption (even kill -9): finished
shards are kept, the rest are redone, and the result is the same as an
uninterrupted run. out/summary.json has the counts; out/manifest.json lists
the output files in order.
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "scan",
        help="analyse a corpus (JSONL, Parquet, WARC) in parallel, resumably",
        description="Analyse every document of a corpus; write annotated records and a summary.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files or directories: .jsonl[.gz|.zst], .parquet, .warc[.gz]")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="output directory")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="parallel workers (default: all cores)")
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local processes (default) or Ray tasks")
    p.add_argument("--address", default=None, metavar="ADDR",
                   help="Ray cluster address (default with --engine ray: start a local one)")
    p.add_argument("--format", dest="out_format", choices=("jsonl", "jsonl.gz", "parquet"),
                   default="jsonl", help="output format (default jsonl)")
    p.add_argument("--text-field", default="text", metavar="NAME", help="text field/column (default 'text')")
    p.add_argument("--html", choices=("auto", "extract", "text"), default="auto",
                   help="a record whose text is an HTML page: 'auto' (default) reads the main text of one "
                        "that starts as an HTML document (trafilatura, the corpus extra), 'extract' of "
                        "every record, 'text' reads it as it is; offsets and --include-text are of the "
                        "text read. A WARC's pages are always extracted")
    p.add_argument("--id-field", default="id", metavar="NAME",
                   help="id field/column (default 'id'; missing ids become FILE:POSITION)")
    p.add_argument("--on-error", choices=("fail", "skip"), default="fail",
                   help="on a corrupt record or file: stop (default) or skip it, counting and listing it")
    p.add_argument("--include-text", choices=("none", "original", "cleaned", "restored"), default=None,
                   help="add the text to each record (default none; 'original' in filter mode)")
    p.add_argument("--keep-below", type=float, default=None, metavar="P",
                   help="filter mode: keep documents whose spun score is below P")
    p.add_argument("--drop-kinds", default="", metavar="KINDS",
                   help="filter mode: drop documents with findings of these kinds (comma-separated, "
                        "e.g. injected,mojibake)")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="P",
                   help="list only findings at least P confident, and drop by --drop-kinds only on those "
                        "(default 0: all)")
    p.add_argument("--shard-size", default="auto", metavar="SIZE",
                   help="split plain JSONL / Parquet files into shards of about SIZE, e.g. 64M "
                        "(default auto: about 64 shards in all, 64K to 64M each)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace an earlier scan of other inputs or options in OUTDIR")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    add_analysis_options(p)
    p.set_defaults(func=_scan)


def _scan(args: argparse.Namespace) -> int:
    from ...corpus.progress import Progress
    from ...corpus.runner import ScanConfig, run_scan
    from ...corpus.shards import expand_inputs, parse_size

    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.address and args.engine != "ray":
        raise UsageError("--address needs --engine ray")
    check_unit(args.threshold, "--threshold")
    kinds = tuple(k.strip() for k in args.drop_kinds.split(",") if k.strip())
    from ...lexicon import load_lexicon
    from ...spintable import load_table

    # fail early on a missing or unreadable file, not in every worker
    lexicons = _checked(args.lexicon, "lexicon", load_lexicon)
    tables = _checked(args.spinner_table, "spinner table", load_table)
    cfg = ScanConfig(
        text_field=args.text_field,
        id_field=args.id_field,
        on_error=args.on_error,
        out_format=args.out_format,
        include_text=args.include_text or "none",
        keep_below=args.keep_below,
        drop_kinds=kinds,
        lexicons=lexicons,
        spinner_tables=tables,
        tier=args.tier,
        threshold=args.threshold,
        min_confidence=args.min_confidence,
        shard_bytes=None if args.shard_size == "auto" else parse_size(args.shard_size),
        html=args.html,
    )
    files = expand_inputs(args.inputs)
    # An output directory inside an input directory must not become input on a rerun.
    outdir = os.path.realpath(args.output) + os.sep
    files = [f for f in files if not os.path.realpath(f).startswith(outdir)]
    if not files:
        raise UsageError("no input files outside the output directory")
    progress = Progress(quiet=args.quiet)
    summary = run_scan(files, args.output, cfg, engine=args.engine, workers=args.workers,
                       address=args.address, overwrite=args.overwrite, progress=progress)
    run = summary["run"]
    labels = ", ".join(f"{n:,} {k}" for k, n in summary["labels"].items())
    line = (f"unspin: scan: {summary['docs']:,} docs ({labels}) in {run['elapsed_s']:.1f} s"
            f" -> {args.output}")
    if "filter" in summary:
        line += f"; kept {summary['filter']['kept']:,}, dropped {summary['filter']['dropped']:,}"
    if not args.quiet:
        sys.stderr.write(line + "\n")
    if summary["skipped_total"]:
        reasons = ", ".join(f"{n:,} {r}" for r, n in summary["skipped"].items())
        sys.stderr.write(f"unspin: scan: skipped {summary['skipped_total']:,} record(s) or file part(s) "
                         f"({reasons}); listed in {os.path.join(args.output, 'skipped')}/\n")
    return 0


def _checked(paths: list[str], what: str, load) -> tuple[str, ...]:
    """Absolute paths of the user's data files, each loaded once to check it."""
    out = tuple(os.path.abspath(p) for p in paths)
    for path in out:
        if not os.path.isfile(path):
            raise UsageError(f"{path}: {what} not found")
        load(path)
    return out
