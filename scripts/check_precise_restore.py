"""The precise tier's ``restore`` end to end on DEV-split documents: spun and honest.

    PYTHONPATH=src python scripts/check_precise_restore.py [--docs 6] [--seed 21] [--jobs 2]
        [--set MODULE.NAME=VALUE ...]

Reads the short dev documents of ``scripts/tune_restore.py`` (Wikipedia leads and SOTU
chunks spun in every tuning style, never the held-out one, and honest ones), runs
``unspin.analyze`` with ``tier="precise"`` on each and prints changed words put
back / unchanged words kept on the spins (pooled and per style) and, on the honest
documents, their words kept, how many are left entirely unchanged and the findings
``restore`` acts on. ``--set`` overrides a module constant under ``unspin`` as
``scripts/tune_tortured.py`` does (``detectors.spin.PRECISE_DOC_PRIOR=false``,
``spin.precise.NAME_GUARD=false``), in every worker. Where ``scripts/tune_precise.py``
re-decides cached slot scores over a grid, this reads what a user gets, honest
pages included. Needs the precise extra and ../shared/data; about 5 CPU minutes
per 50 documents.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmarks._metrics import RestoreCounts, restoration_counts  # noqa: E402


def cases(n: int, seed: int) -> list[tuple[str, str, str, list]]:
    """(style or "honest", original, text to read, the spinner's edits): the short dev
    documents of ``scripts/tune_restore.py`` (``n`` per tuning style, 3 * ``n`` honest)."""
    from tune_restore import dev_cases

    spun, honest = dev_cases(n, 0, seed)
    return [(style, orig, s.text, [(e.orig_start, e.orig_end, e.spun) for e in s.edits]) for style, orig, s in spun] + \
        [("honest", text, text, []) for text in honest]


def _init(sets: list[str]) -> None:
    os.environ.setdefault("UNSPIN_TORCH_THREADS", "1")
    from tune_tortured import apply_set

    for kv in sets:
        apply_set(kv)


def _read(case):
    import unspin

    style, orig, text, edits = case
    rep = unspin.analyze(text, unspin.Options(tier="precise"))
    acted = [(f.text, f.suggestion) for f in rep.by_kind("spun") if f.confidence >= 0.5]
    return style, orig, rep.restored, edits, acted


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=6, help="short documents per tuning style (3x as many honest)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE")
    args = ap.parse_args(argv)
    todo = cases(args.docs, args.seed)
    t0 = time.perf_counter()
    with get_context("spawn").Pool(args.jobs, initializer=_init, initargs=(args.set,)) as pool:
        done = pool.map(_read, todo, chunksize=1)
    per: dict[str, RestoreCounts] = {}
    pooled, honest = RestoreCounts(), RestoreCounts()
    unchanged = n_honest = 0
    acted: Counter = Counter()
    for style, orig, restored, edits, changes in done:
        if style == "honest":
            restoration_counts(orig, restored, [], honest)
            n_honest += 1
            unchanged += restored == orig
            acted.update(changes)
            continue
        restoration_counts(orig, restored, edits, pooled)
        restoration_counts(orig, restored, edits, per.setdefault(style, RestoreCounts()))
    for style, rc in sorted(per.items()):
        r = rc.summary()
        print(f"{style:<10} restored={r['changed_words_restored']:.3f} kept={r['unchanged_words_kept']:.4f}")
    r = pooled.summary()
    print(f"{'ALL':<10} restored={r['changed_words_restored']:.4f} kept={r['unchanged_words_kept']:.5f} "
          f"({len(done) - n_honest} spins)")
    print(f"honest     kept={honest.summary()['unchanged_words_kept']:.5f} left unchanged {unchanged}/{n_honest}; "
          f"changes restore makes: {sum(acted.values())} {sorted(acted.items())[:12]}")
    print(f"({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
