"""Choose the precise tier's decision margin and prior weight on DEV-split documents.

    PYTHONPATH=src python scripts/tune_precise.py [--docs N] [--cache FILE]
        [--colloc N] [--slack NATS|none] [--passes 1|2]
    PYTHONPATH=src python scripts/tune_precise.py --tortured N [--cache FILE]

Spins dev-split Wikipedia leads and SOTU chunks with the tuning styles (never
the held-out one), scores every slot once with SmolLM2 (``precise.score_slots``),
then re-decides offline over a grid of (margin, prior weight) and prints
changed-words-restored / unchanged-words-kept for each, after pass 1 and after
pass 2 (``precise.score_all``; its pass-1 decisions use the module's MARGIN); pick the best setting
that keeps >= 98% of unchanged words and set it in ``spin/precise.py``.

``--tortured N`` instead scores N evenly spaced phrases of the TUNE half of the
tortured list (``benchmarks.tortured.split_of``; never the TEST half) and their
expected phrases in the benchmark's carrier sentences, then prints flagged /
expected wrongly flagged / top-1 over a grid of (word margin, term margin).
Needs the precise extra and ../shared/data.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._metrics import RestoreCounts, restoration_counts  # noqa: E402
from benchmarks._sets import hash_seed  # noqa: E402
from benchmarks._shared import shared_data_dir  # noqa: E402
from unspin.edits import apply_edits, select_edits  # noqa: E402
from unspin.spin import precise  # noqa: E402
from unspin.spin.lexical import propose  # noqa: E402
from unspin.spin.tokens import tokenize  # noqa: E402
from unspin.synth import TUNING_STYLES, sample, sotu_chunks, spin, wikipedia_leads  # noqa: E402


def dev_cases(n_per_style: int, seed: int = 7):
    data = shared_data_dir()
    pool = wikipedia_leads(data, "dev")
    pool_s = sotu_chunks(data, "dev", short=True)
    out = []
    rates = (0.1, 0.2, 0.3, 0.4, 0.5)
    for style in TUNING_STYLES:
        n_s = n_per_style // 3
        docs = sample(pool, n_per_style - n_s, seed=hash_seed("dev", style, seed)) + \
            sample(pool_s, n_s, seed=hash_seed("devs", style, seed))
        for k, d in enumerate(docs):
            s = spin(d.text, style, rates[k % len(rates)], hash_seed(seed, d.id, style))
            if s.edits:
                out.append((style, d.text, s))
    return out


def apply(text: str, findings) -> str:
    """``text`` with the findings' suggestions in place, chosen and applied as ``restore``
    does (``unspin.edits``)."""
    return apply_edits(text, select_edits(findings, ("spun",)))[0]


def tortured_rows(n: int):
    from benchmarks.tortured import carriers_for, fill, load_pairs, split_of

    pairs = [p for p in load_pairs(shared_data_dir() / "pps" / "tortured-dev.csv") if split_of(p[0]) == "tune"]
    step = max(1, len(pairs) // n)
    rows = []
    t0 = time.perf_counter()
    for tortured, expected in pairs[::step][:n]:
        carrier = carriers_for(tortured, 1)[0]
        row = [tortured, expected, carrier]
        for phrase in (tortured, expected):
            s, a, b = fill(carrier, phrase)
            toks = tokenize(s)
            props = propose(toks)
            row.append((s, a, b, precise.score_all(s, toks, props)))
        rows.append(row)
        print(f"  {len(rows)} pairs {time.perf_counter() - t0:.0f}s", flush=True)
    return rows


def tortured_grid(rows) -> None:
    from benchmarks._metrics import norm_phrase, overlaps
    from benchmarks.tortured import candidates, fill

    for tm in (3.0, 5.0, 7.0, 9.0, 11.0, 99.0):
        for m in (5.0, 6.0):
            n = flagged = exp_flagged = top1 = 0
            for tortured, expected, carrier, (s, a, b, sc), (es, ea, eb, esc) in rows:
                fs = precise.decide(s, sc, m, None, tm)
                efs = precise.decide(es, esc, m, None, tm)
                n += 1
                flagged += any(overlaps((f.start, f.end), (a, b)) for f in fs)
                exp_flagged += any(overlaps((f.start, f.end), (ea, eb)) for f in efs)
                c = candidates(s, fs, (a, b))
                top1 += bool(c) and norm_phrase(c[0]) == norm_phrase(fill(carrier, expected)[0])
            print(f"term_margin={tm:<5} margin={m:<4} flagged={flagged / n:.3f} expected_flagged={exp_flagged / n:.3f} "
                  f"top1={top1 / n:.3f} (n={n})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=6, help="documents per style")
    ap.add_argument("--cache", default="/tmp/precise-dev.pkl")
    ap.add_argument("--colloc", type=int, default=None, help="override precise.COLLOC_CANDS")
    ap.add_argument("--slack", default=None, help="override precise.PRUNE_SLACK ('none': no pruning)")
    ap.add_argument("--passes", type=int, default=None, help="override precise.PASSES")
    ap.add_argument("--tortured", type=int, default=0, metavar="N",
                    help="tune on N phrases of the TUNE half of the tortured list instead")
    args = ap.parse_args()
    if args.tortured:
        cache = Path(args.cache if args.cache != ap.get_default("cache") else "/tmp/precise-tortured.pkl")
        if cache.is_file():
            rows = pickle.loads(cache.read_bytes())
        else:
            rows = tortured_rows(args.tortured)
            cache.write_bytes(pickle.dumps(rows))
        tortured_grid(rows)
        return
    if args.colloc is not None:
        precise.COLLOC_CANDS = args.colloc
    if args.slack is not None:
        precise.PRUNE_SLACK = None if args.slack == "none" else float(args.slack)
    if args.passes is not None:
        precise.PASSES = args.passes
    cache = Path(args.cache)
    if cache.is_file():
        rows = pickle.loads(cache.read_bytes())
    else:
        rows = []
        t0 = time.perf_counter()
        for style, orig, s in dev_cases(args.docs):
            toks = tokenize(s.text)
            props = propose(toks)
            scored1 = precise.score_slots(s.text, toks, props)
            scored = precise.score_all(s.text, toks, props, scored=scored1)
            rows.append((style, orig, s, scored1, scored))
            print(f"  {len(rows)} docs {time.perf_counter() - t0:.0f}s", flush=True)
        cache.write_bytes(pickle.dumps(rows))
    # how often the original of a one-word content edit is in its slot's pool at all
    n = hit = 0
    for _, _, s, _, _ in rows:
        for e in s.edits:
            if e.kind in ("synonym", "sense") and " " not in e.spun and " " not in e.original:
                n += 1
                hit += e.original.lower() in {c for c, _ in precise.slot_pool(e.spun.lower())}
    print(f"one-word content edits: {n}; original in the slot's pool: {hit / max(n, 1):.3f}")
    for margin, pw, which in [(m, p, w) for w in (3, 4) for m in (3.0, 4.0, 5.0, 6.0, 7.0, 8.0) for p in (0.0, 0.3)]:
        rc = RestoreCounts()
        for row in rows:
            style, orig, s, scored = row[0], row[1], row[2], row[which]
            fs = precise.decide(s.text, scored, margin, pw)
            edits = [(e.orig_start, e.orig_end, e.spun) for e in s.edits]
            restoration_counts(orig, apply(s.text, fs), edits, rc)
        r = rc.summary()
        print(f"pass {which - 2} margin={margin:<4} prior_w={pw:<4} changed_restored={r['changed_words_restored']:.3f} "
              f"unchanged_kept={r['unchanged_words_kept']:.4f} edits_exact={r['edits_reverted_exactly']:.3f}")


if __name__ == "__main__":
    main()
