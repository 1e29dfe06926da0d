"""Speed of the default spin tier on Wikipedia leads, as a ratio to ftfy.fix_text in
the same run, and peak memory (max RSS).

    PYTHONPATH=src python scripts/spin_speed.py [--n 300] [--rounds 3]   # n documents per round

Times are CPU seconds of this process (``time.process_time``), so that other jobs
on a shared machine disturb them less than wall-clock time; spin and ftfy take
turns over several rounds and the median of each is reported. The first round
of spin also fills the per-process caches (candidate lists, LM look-ups), so
``ratio_to_ftfy_first_round`` is the cold figure. Each round reads different
documents.

BLAS runs on one thread (as in ``benchmarks/_speed.py``): OpenBLAS's worker
threads busy-wait, and on a shared machine their CPU time doubled the measured
cost of topic fit's small matrix products (and slowed everything else).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    import ftfy

    from unspin.detectors import spin

    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = ap.parse_args()
    path = Path(args.data) / "clean" / "wikipedia-summaries.jsonl"
    docs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            docs.append(json.loads(line)["text"])
            if len(docs) >= args.n * max(1, args.rounds):
                break
    # Each round reads different documents (caches carry over, as in a crawl;
    # no document is seen twice).
    rounds = [docs[i :: max(1, args.rounds)] for i in range(max(1, args.rounds))]
    mbs = [sum(len(d.encode("utf-8")) for d in r) / 1e6 for r in rounds]
    t0 = time.perf_counter()
    spin.detect("Load the resources once.")
    load = time.perf_counter() - t0
    spin_r, ftfy_r = [], []
    for r, mb in zip(rounds, mbs):
        t0 = time.process_time()
        for d in r:
            spin.detect(d)
        spin_r.append(mb / (time.process_time() - t0))
        t0 = time.process_time()
        for d in r:
            ftfy.fix_text(d)
        ftfy_r.append(mb / (time.process_time() - t0))
    ratios = [a / b for a, b in zip(spin_r, ftfy_r)]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "docs": len(docs), "mb": round(sum(mbs), 3), "rounds": len(rounds), "load_s": round(load, 2),
        "spin_mb_per_s": round(statistics.median(spin_r), 4),
        "ftfy_mb_per_s": round(statistics.median(ftfy_r), 4),
        "ratio_to_ftfy": round(statistics.median(ratios), 4),
        "ratio_to_ftfy_first_round": round(ratios[0], 4),
        "peak_rss_mb": round(rss, 1),
    }))


if __name__ == "__main__":
    main()
