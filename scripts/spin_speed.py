"""Speed of the default spin tier on Wikipedia leads, as a ratio to ftfy.fix_text in
the same run, and peak memory (max RSS).

    PYTHONPATH=src python scripts/spin_speed.py [--n 300]
"""

from __future__ import annotations

import argparse
import json
import resource
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
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = ap.parse_args()
    path = Path(args.data) / "clean" / "wikipedia-summaries.jsonl"
    docs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            docs.append(json.loads(line)["text"])
            if len(docs) >= args.n:
                break
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    t0 = time.perf_counter()
    spin.detect("Load the resources once.")
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs:
        spin.detect(d)
    ts = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs:
        ftfy.fix_text(d)
    tf = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "docs": len(docs), "mb": round(mb, 3), "load_s": round(load, 2),
        "spin_mb_per_s": round(mb / ts, 4), "ftfy_mb_per_s": round(mb / tf, 4),
        "ratio_to_ftfy": round(tf / ts, 4), "peak_rss_mb": round(rss, 1),
    }))


if __name__ == "__main__":
    main()
