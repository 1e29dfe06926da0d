"""``unspin injections CORPUS...``: phrases injected into many documents of a corpus.

Reads JSONL (plain or .gz) and Parquet, streaming, and reports the phrases that
recur across documents, either as ``injected`` findings or as rare n-grams out
of their document's topic, with counts and example document ids.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import zlib
from pathlib import Path
from typing import Iterator

from ...errors import InputError, UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "injections", help="find spam phrases injected into many documents of a corpus",
        description="Report phrases that recur across many documents of a corpus (JSONL, .jsonl.gz, "
                    "Parquet): injected findings and rare off-topic n-grams, with counts and examples. "
                    "Streams; memory is bounded by --capacity.")
    p.add_argument("corpus", nargs="+", metavar="CORPUS", help="JSONL (.jsonl, .jsonl.gz) or Parquet files")
    p.add_argument("--min-docs", type=int, default=3, metavar="N",
                   help="report phrases found in at least N documents (default 3)")
    p.add_argument("--text-field", default="text", help="field holding the document text (default 'text')")
    p.add_argument("--id-field", default="id", help="field holding the document id (default 'id')")
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

    docs = _read_corpus(args.corpus, args.text_field, args.id_field)
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


# --- Private corpus reader -------------------------------------------------------------
# TODO(lead): switch to unspin.corpus.readers (branch 'scale') once it is merged; this
# small reader exists only so that the command works on its own.

def _read_corpus(paths: list[str], text_field: str, id_field: str) -> Iterator[tuple[str, str]]:
    for path in paths:
        if path.endswith(".parquet") or path.endswith(".pq"):
            yield from _read_parquet(path, text_field, id_field)
        else:
            yield from _read_jsonl(path, text_field, id_field)


def _read_jsonl(path: str, text_field: str, id_field: str) -> Iterator[tuple[str, str]]:
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    raise InputError(f"{path}:{lineno}: not valid JSON") from None
                if not isinstance(rec, dict):
                    raise InputError(f"{path}:{lineno}: expected a JSON object per line")
                text = rec.get(text_field)
                if not isinstance(text, str):
                    continue
                yield str(rec.get(id_field, f"{Path(path).name}:{lineno}")), text
    except (gzip.BadGzipFile, zlib.error, EOFError):
        raise InputError(f"{path}: not a valid gzip file (corrupt or truncated)") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _read_parquet(path: str, text_field: str, id_field: str) -> Iterator[tuple[str, str]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("reading Parquet needs pyarrow (pip install 'unspin[corpus]')") from None
    try:
        pf = pq.ParquetFile(path)
        names = pf.schema_arrow.names
        if text_field not in names:
            raise InputError(f"{path}: no column {text_field!r} (use --text-field)")
        cols = [text_field] + ([id_field] if id_field in names else [])
        row = 0
        for batch in pf.iter_batches(columns=cols, batch_size=1024):
            texts = batch.column(text_field).to_pylist()
            ids = batch.column(id_field).to_pylist() if id_field in names else [None] * len(texts)
            for doc_id, text in zip(ids, texts):
                row += 1
                if isinstance(text, str):
                    yield (str(doc_id) if doc_id is not None else f"{Path(path).name}:{row}"), text
    except InputError:
        raise
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise InputError(f"{path}: not a readable Parquet file ({type(exc).__name__})") from None
