"""Does the default spin tier still give exactly the same output?

Dumps, for a fixed sample of documents, everything ``detectors.spin.detect``
returns (every finding's kind, span, text, suggestion, confidence, evidence,
alternatives and detail; the score, threshold and metrics) and everything
``spin.lexical.propose`` returns (which the precise tier reads), and compares
it with a reference dump made on the unchanged code::

    PYTHONPATH=src python scripts/check_spin_identical.py --save /tmp/spin-ref.json   # before
    PYTHONPATH=src python scripts/check_spin_identical.py --ref /tmp/spin-ref.json    # after

The sample: 300 Wikipedia leads, 30 SOTU chunks (web length), and 60
synthetic spins (``unspin.synth``) of short and web-length documents in six
styles. Floats are compared by their ``repr`` (bit-exact). Exit status 1 and
the first differences printed when anything differs.

Make the reference and the comparison in the same environment: the document
score's last digits (~1e-9) already depend on how many threads BLAS uses
(``OPENBLAS_NUM_THREADS=1`` against the default changed the score of 173 of
the 390 documents and nothing else: topic fit's matrix products).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

STYLES = ("thesaurus", "common", "sense", "phrase", "case", "mixed")


def sample_docs(data: Path, n_leads: int, n_sotu: int, n_spun: int) -> list[tuple[str, str]]:
    from unspin.synth import sample, sotu_chunks, spin, wikipedia_leads, wikipedia_pages

    leads = wikipedia_leads(data)
    out = [(f"lead:{d.id}", d.text) for d in sample(leads, n_leads, seed=11)]
    chunks = sotu_chunks(data, "dev")
    out += [(f"sotu:{d.id}", d.text) for d in sample(chunks, n_sotu, seed=12)]
    short = sample(wikipedia_leads(data, "dev"), n_spun, seed=13)
    pages = sample(wikipedia_pages(data, "dev"), n_spun, seed=14)
    short_sotu = sample(sotu_chunks(data, "dev", short=True), n_spun, seed=15)
    for i in range(n_spun):
        style = STYLES[i % len(STYLES)]
        rate = (0.1, 0.2, 0.3, 0.4, 0.5)[i % 5]
        src = (short, pages, short_sotu)[i % 3]
        d = src[i % len(src)]
        out.append((f"spun:{style}:{rate}:{d.id}", spin(d.text, style, rate, i).text))
    return out


def dump(docs: list[tuple[str, str]]) -> dict[str, object]:
    from unspin.detectors import spin
    from unspin.spin.lexical import propose
    from unspin.spin.tokens import tokenize

    out: dict[str, object] = {}
    for key, text in docs:
        r = spin.detect(text)
        counters: dict = {}
        props = propose(tokenize(text), counters)
        rec = {
            "findings": [asdict(f) for f in r.findings],
            "score": r.score,
            "threshold": r.threshold,
            "metrics": r.metrics,
            "props": [[p.i, p.j, p.evidence, p.best, p.best_delta, p.source, [list(x) for x in p.ranked]]
                      for p in props],
            "counters": counters,
        }
        # a JSON round trip: tuples become lists, floats keep their repr
        out[key] = json.loads(json.dumps(rec))
    return out


def diff(a, b, path: str = "") -> list[str]:
    if type(a) is not type(b):
        return [f"{path}: {a!r} != {b!r}"]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}/{k}: only in {'reference' if k not in a else 'new'}")
            else:
                out += diff(a[k], b[k], f"{path}/{k}")
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: length {len(a)} != {len(b)}"]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += diff(x, y, f"{path}[{i}]")
        return out
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--save", help="write the dump here (the reference)")
    ap.add_argument("--ref", help="compare with this reference dump")
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--leads", type=int, default=300)
    ap.add_argument("--sotu", type=int, default=30)
    ap.add_argument("--spun", type=int, default=60)
    args = ap.parse_args()
    docs = sample_docs(Path(args.data), args.leads, args.sotu, args.spun)
    t0 = time.process_time()
    got = dump(docs)
    secs = time.process_time() - t0
    n_find = sum(len(v["findings"]) for v in got.values())
    print(f"{len(got)} documents, {n_find} findings, {secs:.1f} CPU s (detect + propose)")
    if args.save:
        Path(args.save).write_text(json.dumps(got), encoding="utf-8")
        print(f"saved {args.save}")
    if args.ref:
        ref = json.loads(Path(args.ref).read_text(encoding="utf-8"))
        lines, kinds = [], {}
        for k in sorted(set(got) | set(ref)):
            if k not in got or k not in ref:
                lines.append(f"{k}: only in {'reference' if k in ref else 'new'}")
                continue
            for line in diff(got[k], ref[k]):
                field = re.sub(r"\[\d+\]", "[]", line.split(":")[0])
                kinds[field] = kinds.get(field, 0) + 1
                lines.append(f"{k}{line}")
        if lines:
            print(f"DIFFERENT: {len(lines)} differences; by field: {kinds}")
            for line in lines[:30]:
                print("  " + line)
            return 1
        print("IDENTICAL to", args.ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
