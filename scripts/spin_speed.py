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

Before/after on a busy machine (where the ratio to ftfy moves by 30% from one
run to the next)::

    PYTHONPATH=src python scripts/spin_speed.py --against /tmp/base/src [--pairs 3]

runs the same rounds in two processes side by side, this tree's ``src`` and
another checkout's (e.g. ``git archive BASE src | tar -x -C /tmp/base``), one
per core, so that both see the same load; it reports each round's CPU-time
ratio (other / this) per pair and their median.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# (a paired run's worker reads the src folder it is given)
sys.path.insert(0, os.environ.get("SPIN_SPEED_SRC") or str(ROOT / "src"))


def main() -> None:
    import ftfy

    from unspin.detectors import spin

    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--against", help="another checkout's src folder: paired before/after rounds")
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--times-out", help=argparse.SUPPRESS)  # (a paired run's worker)
    args = ap.parse_args()
    if args.against:
        return _paired(args)
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
    if args.times_out:
        secs = []
        for r in rounds:
            t0 = time.process_time()
            for d in r:
                spin.detect(d)
            secs.append(time.process_time() - t0)
        Path(args.times_out).write_text(json.dumps(secs), encoding="utf-8")
        return
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


def _paired(args) -> None:
    """This tree against ``args.against``, side by side, ``args.pairs`` times."""
    other = str(Path(args.against).resolve())
    ratios: list[list[float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.pairs):
            procs, outs = [], []
            for name, src in (("this", str(ROOT / "src")), ("other", other)):
                out = Path(tmp) / f"{name}-{k}.json"
                env = dict(os.environ, SPIN_SPEED_SRC=src)
                cmd = [sys.executable, str(Path(__file__).resolve()), "--n", str(args.n), "--rounds",
                       str(args.rounds), "--data", args.data, "--times-out", str(out)]
                procs.append(subprocess.Popen(cmd, env=env))
                outs.append(out)
            if any(p.wait() for p in procs):
                sys.exit("a paired run failed")
            this, oth = (json.loads(o.read_text(encoding="utf-8")) for o in outs)
            ratios.append([b / a for a, b in zip(this, oth)])
    flat = [r for rs in ratios for r in rs]
    print(json.dumps({
        "docs_per_round": args.n, "rounds": args.rounds, "pairs": args.pairs, "against": other,
        "ratio_other_over_this_by_pair": [[round(r, 3) for r in rs] for rs in ratios],
        "median_ratio": round(statistics.median(flat), 3),
    }))


if __name__ == "__main__":
    main()
