"""``unspin injections CORPUS...``: phrases injected into many documents of a corpus.

Reads JSONL, Parquet and WARC through unspin.corpus.readers, streaming, and reports the phrases that
recur across documents, either as ``injected`` findings or as rare n-grams out
of their document's topic, with counts and example document ids.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterator

from ...errors import InputError, UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "injections", help="find spam phrases injected into many documents of a corpus",
        description="Report phrases that recur across many documents of a corpus (JSONL, .jsonl.gz/.zst, "
                    "Parquet, WARC): injected findings and rare off-topic n-grams, with counts and examples. "
                    "Streams; memory is bounded by --capacity.")
    p.add_argument("corpus", nargs="+", metavar="CORPUS", help="JSONL (.jsonl, .jsonl.gz, .jsonl.zst), Parquet or WARC files")
    p.add_argument("--min-docs", type=int, default=3, metavar="N",
                   help="report phrases found in at least N documents (default 3)")
    p.add_argument("--text-field", default="text", help="field holding the document text (default 'text')")
    p.add_argument("--id-field", default="id", help="field holding the document id (default 'id')")
    p.add_argument("--on-error", choices=("fail", "skip"), default="fail",
                   help="on a corrupt record or file: stop (default) or skip it with a message")
    p.add_argument("--capacity", type=int, default=50_000, metavar="K",
                   help="most phrases counted at once (bounds memory; default 50000)")
    p.add_argument("--no-ngrams", action="store_true",
                   help="count only injected findings, not rare off-topic n-grams")
    p.add_argument("--top", type=int, default=50, metavar="K", help="show at most K phrases (default 50)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from ... import pipeline
    from ...injected.campaign import mine

    if args.min_docs < 1:
        raise UsageError("--min-docs must be at least 1")
    if args.capacity < 10:
        raise UsageError("--capacity must be at least 10")
    for path in args.corpus:
        if not Path(path).is_file():
            raise InputError(f"{path}: no such file")
    opts = pipeline.Options(kinds=("mojibake", "injected"))

    def analyse(text: str):
        return pipeline.analyze(text, opts).findings

    docs = _read_corpus(args.corpus, args.text_field, args.id_field, args.on_error)
    phrases, n = mine(docs, analyse, args.min_docs, args.capacity, ngrams=not args.no_ngrams)
    phrases = phrases[: args.top]
    if args.json:
        json.dump({"documents": n, "min_docs": args.min_docs,
                   "phrases": [{"phrase": c.phrase, "source": c.source, "docs": c.count,
                                "max_overcount": c.error, "examples": c.examples} for c in phrases]},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    sys.stdout.write(f"{n} documents; {len(phrases)} phrase(s) in at least {args.min_docs} documents\n")
    if phrases:
        width = min(48, max(len(c.phrase) for c in phrases))
        sys.stdout.write(f"{'docs':>6}  {'source':7}  {'phrase':{width}}  examples\n")
        for c in phrases:
            phrase = c.phrase if len(c.phrase) <= width else c.phrase[: width - 1] + "…"
            sys.stdout.write(f"{c.count:>6}  {c.source:7}  {phrase:{width}}  {', '.join(c.examples)}\n")
    return 0


def _read_corpus(paths: list[str], text_field: str, id_field: str, on_error: str) -> Iterator[tuple[str, str]]:
    from ...corpus.readers import iter_documents

    for path in paths:
        for doc in iter_documents(path, text_field, id_field, on_error):
            yield doc.id, doc.text
