"""Check that ``unspin.analyze`` (everything but the spin detector) gives
exactly the same output as a saved reference, for a fixed sample.

The sample: 300 Wikipedia leads, 30 State of the Union chunks, the injected
benchmark's quick insertion cases (both splits, as its builder makes them) and
the mojibake benchmark's mixed-encoding documents (its builder, quick size).
For each text it records every field of every finding (floats exactly, by
``repr``), the cleaned and restored texts, score, label, threshold and
metrics of ``analyze``; ``clean``; and the raw outputs of the mojibake,
repeated and injected detectors and of the campaign n-gram miner.

The spin detector is replaced by a deterministic stand-in (``--spin stub``,
the default) that proposes a "spun" finding on every 11th word of the
repaired text, with alternating confidences, so that the mapping back to the
original text and the restore path are still exercised; ``--spin real`` runs
the real one (slow).

    PYTHONPATH=src python scripts/check_analyze_identical.py --save REF.json.gz
    PYTHONPATH=src python scripts/check_analyze_identical.py --compare REF.json.gz

Exit status 1 and a list of the differing items when the outputs differ.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_v, "1")  # as benchmarks._speed; before numpy is imported

import argparse
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._shared import shared_data_dir  # noqa: E402

_WORD = re.compile(r"[A-Za-z]+")


def _stub_spin():
    from unspin.detectors import spin
    from unspin.findings import Finding

    def detect(text, options=None):
        found = []
        for k, m in enumerate(_WORD.finditer(text)):
            if k % 11 == 5:
                w = m.group()
                found.append(Finding("spun", m.start(), m.end(), w, w.upper(),
                                     0.8 if k % 22 == 5 else 0.3, "stub", (("x", 0.1),)))
        return spin.SpinResult(found, 0.1 * (len(found) % 7), spin.DEFAULT_THRESHOLD, {"stub": len(found)})

    spin.detect = detect


def sample() -> list[tuple[str, str]]:
    data = shared_data_dir()
    out: list[tuple[str, str]] = []
    wiki = [json.loads(x) for x in (data / "clean" / "wikipedia-summaries.jsonl").read_text("utf-8").splitlines()]
    for d in wiki[1::31][:300]:
        out.append(("wiki:" + d["id"], d["text"]))
    sotu = [json.loads(x) for x in (data / "clean" / "sotu.jsonl").read_text("utf-8").splitlines()]
    for d in sotu[::8][:15]:
        t = d["text"]
        for c in (0, 1):
            out.append((f"sotu:{d['id']}:{c}", t[c * 8000:(c + 1) * 8000]))
    # injected benchmark builder (quick sizes, seed 5, as benchmarks.injected.run)
    from benchmarks import injected as bi

    rng = random.Random(5)
    wl = [(d["id"], d["text"]) for d in wiki]
    for split in ("dev", "test"):
        docs = [d for d in wl if bi.split_of(d[0]) == split]
        rng.shuffle(docs)
        for doc_id, text in docs[:300]:
            made = bi.insert(text, rng)
            if made is not None:
                out.append((f"inj:{split}:{doc_id}", made[0]))
    for i, t in enumerate(bi.HARD_NEGATIVES + bi.BILINGUAL_PAGES):
        out.append((f"hard:{i}", t))
    # mojibake benchmark builder (quick size, test split)
    from benchmarks import mojibake as bm

    mrng = random.Random(20261129)
    pool = [d for d in wiki if bm.split_of(d["id"]) == "test"]
    mrng.shuffle(pool)
    vocab = {lang: bm._vocab(lang) for lang in bm.LANGS}
    for d in bm.build_docs(mrng, pool[:200], vocab):
        out.append((f"moji:{d['id']}", d["text"]))
    out.append(("seed", (data / "seed" / "spun-page.txt").read_text("utf-8")))
    return out


def _f(f) -> dict:
    return {"kind": f.kind, "start": f.start, "end": f.end, "text": f.text, "suggestion": f.suggestion,
            "confidence": repr(f.confidence), "evidence": f.evidence,
            "alternatives": repr(f.alternatives), "detail": repr(f.detail)}


def dump(texts) -> dict:
    import unspin
    from unspin.detectors import injected, mojibake, repeated
    from unspin.injected import campaign

    out = {}
    for key, text in texts:
        r = unspin.analyze(text)
        out[key] = {
            "findings": [_f(f) for f in r.findings],
            "cleaned": r.cleaned, "restored": r.restored, "score": repr(r.spun_score),
            "label": r.label, "threshold": repr(r.threshold), "metrics": repr(r.metrics),
            "clean": unspin.clean(text),
            "mojibake": [_f(f) for f in mojibake.detect(text)],
            "repeated": [_f(f) for f in repeated.detect(text)],
            "injected_raw": [_f(f) for f in injected.detect(text)],
            "ngrams": sorted(campaign.rare_offtopic_ngrams(text)),
        }
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--save")
    g.add_argument("--compare")
    ap.add_argument("--spin", choices=("stub", "real"), default="stub")
    args = ap.parse_args(argv)
    if args.spin == "stub":
        _stub_spin()
    texts = sample()
    t0 = time.process_time()
    got = dump(texts)
    cpu = time.process_time() - t0
    print(f"{len(texts)} texts, {sum(len(t) for _, t in texts)} chars, {cpu:.1f} s CPU")
    if args.save:
        with gzip.open(args.save, "wt", encoding="utf-8") as fh:
            json.dump(got, fh, ensure_ascii=False, sort_keys=True)
        print("saved", args.save)
        return 0
    with gzip.open(args.compare, "rt", encoding="utf-8") as fh:
        ref = json.load(fh)
    bad = []
    for key in sorted(set(ref) | set(got)):
        if ref.get(key) != got.get(key):
            a, b = ref.get(key) or {}, got.get(key) or {}
            fields = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
            bad.append((key, fields))
    for key, fields in bad[:30]:
        print("DIFF", key, fields)
    print("IDENTICAL" if not bad else f"{len(bad)} of {len(ref)} texts differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
