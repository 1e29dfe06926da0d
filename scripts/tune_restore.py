"""Dev loop for the fast tier's restoration (DEV split, tuning styles only).

    PYTHONPATH=src python scripts/tune_restore.py [--docs N] [--web N] [--diag]

Spins dev-split Wikipedia leads and SOTU chunks with every tuning style (never
the held-out one), restores them with ``unspin.analyze`` (fast tier) and prints
changed-words-restored / unchanged-words-kept per style, plus honest dev
documents' words kept. ``--diag`` breaks the single-word content edits down by
where restoration is lost: the word is not examined (the LM finds it
expected), the original is not among the candidates, it is not ranked first,
or the finding is below the restore confidence.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import unspin  # noqa: E402
from benchmarks._metrics import RestoreCounts, restoration_counts  # noqa: E402
from benchmarks._sets import hash_seed  # noqa: E402
from benchmarks._shared import shared_data_dir  # noqa: E402
from unspin.spin import lexical  # noqa: E402
from unspin.spin.tokens import tokenize  # noqa: E402
from unspin.synth import TUNING_STYLES, sample, sotu_chunks, spin, wikipedia_leads, wikipedia_pages  # noqa: E402

RATES = (0.1, 0.2, 0.3, 0.4, 0.5)


def dev_cases(n_short: int, n_web: int, seed: int = 11):
    data = shared_data_dir()
    leads, chunks = wikipedia_leads(data, "dev"), sotu_chunks(data, "dev", short=True)
    pages = wikipedia_pages(data, "dev")
    out = []
    for style in TUNING_STYLES:
        n_s = n_short // 3
        docs = sample(leads, n_short - n_s, seed=hash_seed("tr", style, seed)) + \
            sample(chunks, n_s, seed=hash_seed("trs", style, seed))
        if n_web:
            docs += sample(pages, n_web, seed=hash_seed("trw", style, seed))
        for k, d in enumerate(docs):
            s = spin(d.text, style, RATES[k % len(RATES)], hash_seed(seed, d.id, style))
            if s.edits:
                out.append((style, d.text, s))
    honest = sample(leads, 2 * n_short, seed=hash_seed("honest", seed)) + \
        sample(chunks, n_short, seed=hash_seed("honests", seed))
    return out, [d.text for d in honest]


rep_min_conf = 0.5
SHOW = False


def diagnose(s, rep, diag: Counter) -> None:
    toks = tokenize(s.text)
    by_start = {t.start: k for k, t in enumerate(toks)}
    allp = lexical.propose(toks)
    props = {(p.i, p.j): p for p in allp}
    habits = {(p.i, p.j): p for p in allp if p.source == "habit"}
    found = {(f.start, f.end): f for f in rep.by_kind("spun")}
    for e in s.edits:
        if e.kind == "phrase":
            _diag_phrase(e, toks, by_start, props, habits, found, diag)
            continue
        if " " in e.spun or " " in e.original or e.kind not in ("synonym", "sense"):
            continue
        diag["edits"] += 1
        k = by_start.get(e.start)
        if k is None or toks[k].end != e.end:
            diag["untokenised"] += 1
            continue
        orig = e.original.lower()
        cands = [c for c, _, _ in lexical._word_cands(toks[k].low)]
        in_c = orig in cands
        diag["orig_in_cands"] += in_c
        p = props.get((k, k + 1))
        if p is None:
            diag["lost: not examined" if in_c else "lost: not examined, not in cands"] += 1
            continue
        if not in_c:
            diag["lost: not in cands"] += 1
            continue
        if p.best.lower() != orig:
            rank = [c for c, _ in p.ranked]
            diag["lost: ranked %s" % (rank.index(orig) + 1 if orig in rank else ">top")] += 1
            continue
        f = found.get((e.start, e.end))
        if f is None:
            diag["lost: best, not reported (ev %s)" % ("<2" if p.evidence < lexical.REPORT_MIN else ">=2")] += 1
        elif f.confidence < rep_min_conf:
            diag["lost: best, conf < 0.5"] += 1
        elif (f.suggestion or "").lower() != orig:
            diag["lost: finding suggests other"] += 1
        else:
            diag["restored"] += 1


def _diag_phrase(e, toks, by_start, props, habits, found, diag: Counter) -> None:
    diag["phrase edits"] += 1
    k = by_start.get(e.start)
    if k is None:
        diag["phrase: untokenised"] += 1
        return
    j = k
    while j < len(toks) and toks[j].end <= e.end:
        j += 1
    orig = " ".join(e.original.lower().split())
    key = " ".join(e.spun.lower().split())
    known = [o for o, _ in lexical.phrases().get(key, ())]
    f = found.get((e.start, e.end))
    if f is not None and f.confidence >= rep_min_conf and (f.suggestion or "").lower() == orig:
        diag["phrase: restored"] += 1
        return
    p = habits.get((k, j)) or props.get((k, j))
    if p is None:
        diag["phrase: no proposal" + (" (habit known)" if orig in known else " (not a habit)")] += 1
        return
    if p.best.lower() != orig:
        diag["phrase: best is other" + (" (orig known)" if orig in known else "")] += 1
        if SHOW and orig in known:
            print(f"    {key!r} -> {p.best!r}, original {orig!r}; ranked {[(c, round(x, 2)) for c, x in p.ranked]}")
        return
    f = found.get((e.start, e.end))
    if f is None:
        diag["phrase: best, not reported (ev %s)" % ("<2" if p.evidence < lexical.REPORT_MIN else ">=2")] += 1
    elif f.confidence < rep_min_conf:
        diag["phrase: best, conf < min"] += 1
    elif (f.suggestion or "").lower() != orig:
        diag["phrase: finding suggests other"] += 1
    else:
        diag["phrase: restored"] += 1


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=12, help="short documents per style")
    ap.add_argument("--web", type=int, default=0, help="web-length documents per style")
    ap.add_argument("--diag", action="store_true")
    ap.add_argument("--show", action="store_true", help="print the phrase habits ranked wrong")
    ap.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE",
                    help="override a module constant under unspin, as scripts/tune_tortured.py does "
                         "(a bare NAME is one of unspin.spin.lexical; repeatable)")
    ap.add_argument("--min-conf", type=float, default=None, help="override Options.restore_min_confidence")
    args = ap.parse_args()
    global rep_min_conf, SHOW
    SHOW = args.show
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from tune_tortured import apply_set

    for kv in args.set:
        apply_set(kv if "." in kv.partition("=")[0] else "spin.lexical." + kv)
    cases, honest = dev_cases(args.docs, args.web)
    if args.min_conf is not None:
        rep_min_conf = args.min_conf
    opts = unspin.Options(tier="fast")
    if args.min_conf is not None:
        opts = unspin.Options(tier="fast", restore_min_confidence=args.min_conf)
    t0 = time.perf_counter()
    per: dict[str, RestoreCounts] = {st: RestoreCounts() for st in TUNING_STYLES}
    allc = RestoreCounts()
    diag: Counter = Counter()
    for style, orig, s in cases:
        rep = unspin.analyze(s.text, opts)
        edits = [(e.orig_start, e.orig_end, e.spun) for e in s.edits]
        restoration_counts(orig, rep.restored, edits, per[style])
        restoration_counts(orig, rep.restored, edits, allc)
        if args.diag:
            diagnose(s, rep, diag)
    hk = RestoreCounts()
    for text in honest:
        restoration_counts(text, unspin.analyze(text, opts).restored, [], hk)
    secs = time.perf_counter() - t0
    for st, rc in per.items():
        r = rc.summary()
        print(f"{st:<10} changed_restored={r['changed_words_restored']:.3f} unchanged_kept={r['unchanged_words_kept']:.4f}")
    r = allc.summary()
    print(f"{'ALL':<10} changed_restored={r['changed_words_restored']:.3f} unchanged_kept={r['unchanged_words_kept']:.4f}"
          f"  honest_kept={hk.summary()['unchanged_words_kept']:.4f}  ({len(cases)} docs, {secs:.0f}s)")
    if diag:
        n = diag.pop("edits")
        n_ph = diag.pop("phrase edits", 0)
        print(f"phrase edits: {n_ph}")
        for k, v in sorted(diag.items()):
            if k.startswith("phrase"):
                print(f"  {k:<40} {v:5d} {v / max(n_ph, 1):.3f}")
        diag = Counter({k: v for k, v in diag.items() if not k.startswith("phrase")})
        top = sum(v for k, v in diag.items() if k.startswith("lost: best") or k in ("restored", "lost: finding suggests other"))
        print(f"single-word content edits: {n}; original ranked first: {top} ({top / n:.3f})")
        for k, v in sorted(diag.items()):
            print(f"  {k:<40} {v:5d} {v / n:.3f}")


if __name__ == "__main__":
    main()
