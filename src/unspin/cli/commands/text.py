"""``unspin analyze``, ``unspin clean`` and ``unspin restore`` on one document."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace

from ... import pipeline
from ..common import add_analysis_options, add_input_argument, check_unit, options_from_args, read_input, write_text
from ..render import render_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="report spun wording, injected spam, mojibake and repeats",
                       description="Analyse one document and report what was found.")
    add_input_argument(p)
    add_analysis_options(p)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--min-confidence", type=float, default=None, metavar="P",
                   help="list only findings at least P sure (0..1; default: 0.5 in the readable report, "
                        "the confidence restore acts on; 0, everything, with --json)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the readable report (default: when output is a terminal)")
    p.set_defaults(func=_analyze)

    p = sub.add_parser("clean", help="safe repairs only: encoding, injected spam, repeated lines",
                       description="Print the text with encoding repaired, injected spam and repeated lines removed.")
    add_input_argument(p)
    add_analysis_options(p)
    p.set_defaults(func=_clean)

    p = sub.add_parser("restore", help="clean, and put back the likely original of spun wording",
                       description="Print the text with safe repairs and spun wording restored.")
    add_input_argument(p)
    add_analysis_options(p)
    p.add_argument("--min-confidence", type=float, default=None, metavar="P",
                   help="put back only spun wording at least P sure (0..1; default 0.5). Lower "
                        "restores more of a page known to be spun and changes more honest words")
    p.set_defaults(func=_restore)


def _analyze(args: argparse.Namespace) -> int:
    check_unit(args.min_confidence, "--min-confidence")
    opts = options_from_args(args)
    decoded = read_input(args.path, args.max_bytes, args.html)
    report = pipeline.analyze(decoded.text, opts)
    if args.json:
        json.dump(report.at_least(args.min_confidence or 0.0).to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        floor = opts.restore_min_confidence if args.min_confidence is None else args.min_confidence
        colour = args.color == "always" or (
            args.color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        )
        sys.stdout.write(render_report(report, colour=colour, min_confidence=floor))
    return 0


def _clean(args: argparse.Namespace) -> int:
    opts = options_from_args(args)
    write_text(pipeline.clean(read_input(args.path, args.max_bytes, args.html).text, opts))
    return 0


def _restore(args: argparse.Namespace) -> int:
    check_unit(args.min_confidence, "--min-confidence")
    opts = options_from_args(args)
    if args.min_confidence is not None:
        opts = replace(opts, restore_min_confidence=args.min_confidence)
    write_text(pipeline.restore(read_input(args.path, args.max_bytes, args.html).text, opts))
    return 0
