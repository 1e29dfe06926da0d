"""Does `unspin.analyze` take time in proportion to a page's length?

A crawl holds pages far longer than a Wikipedia lead (forum threads, whole
books, scraped dumps); a step that compares every finding with every other is
invisible on short pages and dominates on these. This joins N dev-split
Wikipedia pages, each spun ("mixed" style, 30%), into one long page for each N
given, and times `unspin.analyze` on it (CPU seconds of this process, after a
warm-up that loads the tables)::

    PYTHONPATH=src python scripts/time_long_pages.py [--sizes 10,40,160] [--profile]

It prints each page's characters, words, findings and CPU seconds, and the
seconds per 100,000 characters relative to the smallest page: about 1 when the
time grows in proportion to the length. Another checkout's code is timed the
same way with its own ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10,40,160", help="pages joined, comma-separated")
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--profile", action="store_true", help="print a cProfile of the longest page")
    args = ap.parse_args()

    import unspin
    from unspin.synth import spin, wikipedia_pages

    pages = wikipedia_pages(Path(args.data), "dev")
    sizes = sorted(int(x) for x in args.sizes.split(","))
    if sizes[-1] > len(pages):
        sys.exit(f"only {len(pages)} dev pages")
    unspin.analyze(spin(pages[-1].text, "mixed", 0.3, 0).text)  # loads the tables
    base = None
    print(f"{'pages':>6} {'chars':>9} {'words':>8} {'findings':>8} {'CPU s':>7} {'s/100k chars':>12} {'relative':>8}")
    for n in sizes:
        text = "\n\n".join(spin(p.text, "mixed", 0.3, k).text for k, p in enumerate(pages[:n]))
        prof = cProfile.Profile() if args.profile and n == sizes[-1] else None
        t0 = time.process_time()
        if prof:
            prof.enable()
        report = unspin.analyze(text)
        if prof:
            prof.disable()
        dt = time.process_time() - t0
        per = dt / len(text) * 1e5
        base = base or per
        print(f"{n:>6} {len(text):>9} {len(text.split()):>8} {len(report.findings):>8} {dt:>7.1f} "
              f"{per:>12.2f} {per / base:>8.2f}", flush=True)
        if prof:
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
