"""``unspin dupes``: group spun copies in a corpus and link them to a reference corpus."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator

from ...corpus.readers import ReadStats, iter_documents
from ...dupes import Params, Reference, group_pairs, similar_pairs
from ...errors import UnspinError, UsageError

DESCRIPTION = """\
Group documents that are spun copies of the same source, and with --reference link each
document to the reference document it was spun from. Plain near-duplicate detection
(MinHash on word shingles) misses spun copies because a spinner changes a third of the
words; unspin compares what survives spinning: the order of synonym classes of the
content words (from the Moby thesaurus), names and numbers. Candidates come from LSH
buckets (no all-pairs comparison); each candidate pair is verified by alignment.

Input: JSONL (plain, .gz, .zst) or Parquet files with a text and an id field.
"""

EPILOG = """\
examples:
  unspin dupes crawl.jsonl.gz                         groups of spun copies, readable
  unspin dupes crawl.jsonl --json -o groups.json      the same as JSON, to a file
  unspin dupes spun.jsonl --reference originals.parquet --threshold 0.4
  unspin dupes crawl.jsonl --consensus --learn spinner.tsv   each group's source, and the spinner's table
  unspin restore --spinner-table spinner.tsv page.txt        restore a new page of the same spinner
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dupes", help="group spun copies of the same source; link them to a reference corpus",
                       description=DESCRIPTION, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpus", nargs="+", metavar="CORPUS", help="JSONL (.gz/.zst) or Parquet files")
    p.add_argument("-o", "--output", metavar="OUT", help="write the result here instead of standard output")
    p.add_argument("--reference", nargs="+", metavar="REF", default=[],
                   help="reference corpus files: link each CORPUS document to the one it was spun from")
    p.add_argument("--threshold", type=float, default=Params().threshold,
                   help="similarity (0-1) a pair or a link needs (default: %(default)s, tuned on the benchmark)")
    p.add_argument("--text-field", default="text", help="field holding the text (default: %(default)s)")
    p.add_argument("--id-field", default="id", help="field holding the id (default: %(default)s)")
    p.add_argument("--on-error", choices=("fail", "skip"), default="fail",
                   help="a damaged record: stop (fail, default) or report it and go on (skip)")
    p.add_argument("--consensus", action="store_true",
                   help="also reconstruct each group's source: the wording most copies agree on")
    p.add_argument("--learn", metavar="TABLE",
                   help="write the spinner's substitution table learned from the groups (or, with "
                        "--reference, from each document and its source) to TABLE "
                        "(for --spinner-table in analyze/restore/scan)")
    p.add_argument("--json", action="store_true", help="write JSON instead of the readable summary")
    p.set_defaults(func=_run)


def _docs(paths: list[str], args: argparse.Namespace, stats: ReadStats) -> Iterator[tuple[str, str]]:
    for path in paths:
        for doc in iter_documents(path, args.text_field, args.id_field, args.on_error, stats=stats):
            yield doc.id, doc.text


def _run(args: argparse.Namespace) -> int:
    if not 0.0 < args.threshold <= 1.0:
        raise UsageError("--threshold must be between 0 and 1")
    for path in list(args.corpus) + list(args.reference):
        if not os.path.exists(path):
            raise UnspinError(f"{path}: no such file")
    params = Params(threshold=args.threshold)
    t0 = time.perf_counter()
    corpus_stats, ref_stats = ReadStats(), ReadStats()
    reference = None
    if args.reference:
        reference = Reference(_docs(args.reference, args, ref_stats), params)
    links = []

    def corpus_docs() -> Iterator[tuple[str, str]]:
        for doc_id, text in _docs(args.corpus, args, corpus_stats):
            if reference is not None:
                links.append(reference.link(doc_id, text))
            yield doc_id, text

    pairs = list(similar_pairs(corpus_docs(), params))
    groups = group_pairs(pairs)
    elapsed = time.perf_counter() - t0
    result = {
        "groups": [g.to_dict() for g in groups],
        "summary": {
            "documents": corpus_stats.docs,
            "groups": len(groups),
            "documents_in_groups": sum(len(g.members) for g in groups),
            "threshold": params.threshold,
            "seconds": round(elapsed, 3),
            "read": corpus_stats.to_dict(),
        },
    }
    if reference is not None:
        linked = [x for x in links if x.reference_id is not None]
        result["links"] = [x.to_dict() for x in linked]
        result["summary"].update({"reference_documents": len(reference), "linked": len(linked),
                                  "reference_read": ref_stats.to_dict()})
    if args.consensus or args.learn:
        _sources(args, groups, result, links)
    text = json.dumps(result, ensure_ascii=False, indent=2) + "\n" if args.json else _readable(result)
    _write(text, args.output)
    return 0


def _read(paths: list[str], args: argparse.Namespace, wanted: set[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    if wanted:
        for doc_id, text in _docs(paths, args, ReadStats()):
            if doc_id in wanted and doc_id not in texts:
                texts[doc_id] = text
    return texts


def _sources(args: argparse.Namespace, groups, result: dict, links) -> None:
    """Each group's consensus (a second pass reads the members' texts) and the
    spinner table learned from all of them, and from every document linked to
    its reference (whose edits are then known)."""
    from ...dupes.consensus import against, consensus, learn
    from ...spintable import format_table

    linked = [x for x in links if x.reference_id is not None] if args.learn else []
    texts = _read(args.corpus, args, {m for g in groups for m in g.members} | {x.id for x in linked})
    refs = _read(args.reference, args, {x.reference_id for x in linked})
    results = [against(texts[x.id], refs[x.reference_id]) for x in linked
               if x.id in texts and x.reference_id in refs]
    for g, out in zip(groups, result["groups"]):
        members = [m for m in g.members if m in texts]
        res = consensus([texts[m] for m in members])
        if not linked:  # with a reference, the linked pairs say it better
            results.append(res)
        if args.consensus:
            out["consensus"] = {"text": res.text, "pivot": members[res.pivot] if members else None,
                                "changed_places": res.changed}
    if args.learn:
        subs = learn(results)
        _write(format_table(s.row() for s in subs), args.learn)
        result["summary"]["learned_substitutions"] = len(subs)
        result["summary"]["table"] = args.learn


def _readable(result: dict) -> str:
    s = result["summary"]
    lines = [f"{s['documents']} documents, {s['groups']} groups of spun copies "
             f"({s['documents_in_groups']} documents), threshold {s['threshold']}"]
    skipped = sum(s["read"]["skipped"].values())
    if skipped:
        lines.append(f"{skipped} damaged records skipped: {s['read']['skipped']}")
    for i, g in enumerate(result["groups"], 1):
        lines.append(f"\ngroup {i}: {g['size']} documents")
        for m in g["members"]:
            lines.append(f"  {m}")
        for p in g["pairs"]:
            lines.append(f"    {p['a']} ~ {p['b']}  similarity {p['similarity']:.2f}")
        if "consensus" in g:
            c = g["consensus"]
            lines.append(f"  consensus (pivot {c['pivot']}, {c['changed_places']} places put back):")
            lines.extend("    " + ln for ln in c["text"].splitlines() if ln.strip())
    if "table" in s:
        lines.append(f"\n{s['learned_substitutions']} substitutions learned, written to {s['table']}")
    if "links" in result:
        lines.append(f"\n{s['linked']} of {s['documents']} documents linked to "
                     f"{s['reference_documents']} reference documents")
        for x in result["links"]:
            lines.append(f"  {x['id']} <- {x['reference_id']}  similarity {x['similarity']:.2f}: {x['evidence']}")
    return "\n".join(lines) + "\n"


def _write(text: str, out: str | None) -> None:
    if not out:
        sys.stdout.write(text)
        return
    directory = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(directory):
        raise UnspinError(f"{out}: directory does not exist")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".unspin-dupes-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
