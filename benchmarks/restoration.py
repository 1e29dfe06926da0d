"""Restoration: spun text with known originals (TEST split), per tier.

    PYTHONPATH=src python -m benchmarks.restoration [--quick]

For every spinner style (the held-out WordNet style reported apart), the
``restored`` text of ``unspin.analyze`` is aligned word by word (difflib) to
the original: share of spinner-changed words put back exactly, share of
unchanged words kept, share of edits reverted exactly (their words back and no
spinner words left over). An identity baseline (restored = the spun text
unchanged) is given for reference. Honest documents measure how much restore
alters text that was never spun. Tiers: "fast" always; "precise" only if
``Options(tier="precise")`` works here (skipped with the reason otherwise),
on a smaller sample under a time budget, with fast on the same sample.
"""

from __future__ import annotations

import time

import unspin
from unspin.synth import HELDOUT_STYLES, STYLES, TUNING_STYLES

from ._metrics import RestoreCounts, restoration_counts, rnd, words
from ._sets import LENGTHS, Case, common_args, honest_cases, spun_cases
from ._shared import shared_data_dir, write_results


def edits_of(c: Case):
    return [(e.orig_start, e.orig_end, e.spun) for e in c.edits]


def restore_all(cases: list[Case], opts: unspin.Options, budget_s: float | None = None):
    """(case, restored text or None on error) for each case, and timing."""
    out = []
    nbytes = 0
    t0 = time.perf_counter()
    for c in cases:
        if budget_s is not None and time.perf_counter() - t0 > budget_s:
            break
        try:
            rep = unspin.analyze(c.text, opts)
        except Exception as exc:
            out.append((c, None, f"{type(exc).__name__}: {exc}"))
            continue
        nbytes += len(c.text.encode("utf-8"))
        out.append((c, rep.restored, None, _suggestion_hits(c, rep)))
    secs = time.perf_counter() - t0
    speed = {"docs": len(out), "bytes": nbytes, "seconds": secs,
             "mb_per_s": nbytes / secs / 1e6 if secs else None,
             "bytes_per_s": nbytes / secs if secs else None,
             "docs_per_s": len(out) / secs if secs else None}
    return out, speed


def _ws(s: str) -> str:
    return " ".join(s.split())


def _suggestion_hits(c: Case, rep) -> list[tuple[bool, bool, bool]]:
    """Per true edit: (a spun finding has exactly its span, its suggestion is the
    original, the original is among suggestion + 4 alternatives)."""
    by_span = {(f.start, f.end): f for f in rep.by_kind("spun")}
    out = []
    for e in c.edits:
        f = by_span.get((e.start, e.end))
        if f is None:
            out.append((False, False, False))
            continue
        cands = ([f.suggestion] if f.suggestion is not None else []) + [t for t, _ in f.alternatives]
        cands = [_ws(x) for x in cands]
        orig = _ws(e.original)
        out.append((True, bool(cands) and cands[0] == orig, orig in cands[:5]))
    return out


def summarise(rows, styles=None, length=None) -> dict:
    rc = RestoreCounts()
    base = RestoreCounts()
    hits: list[tuple[bool, bool, bool]] = []
    n = 0
    for c, restored, err, *rest in rows:
        if restored is None:
            continue
        if styles is not None and c.style not in styles:
            continue
        if length is not None and c.length != length:
            continue
        n += 1
        restoration_counts(c.original, restored, edits_of(c), rc)
        restoration_counts(c.original, c.text, edits_of(c), base)
        hits += rest[0] if rest else []
    out = rc.summary()
    out["docs"] = n
    found = [h for h in hits if h[0]]
    out["suggestions"] = {
        "edits": len(hits),
        "edits_with_exact_span_finding": len(found),
        "top1_of_all_edits": sum(h[1] for h in hits) / len(hits) if hits else None,
        "top5_of_all_edits": sum(h[2] for h in hits) / len(hits) if hits else None,
        "top1_given_exact_span": sum(h[1] for h in found) / len(found) if found else None,
        "top5_given_exact_span": sum(h[2] for h in found) / len(found) if found else None,
    }
    b = base.summary()
    out["identity_baseline"] = {k: b[k] for k in ("changed_words_restored", "unchanged_words_kept",
                                                   "edits_reverted_exactly")}
    return out


def honest(rows) -> dict:
    ok = [(c, r) for c, r, *_ in rows if r is not None]
    kept = RestoreCounts()
    for c, r in ok:
        restoration_counts(c.original, r, [], kept)
    return {
        "docs": len(ok),
        "docs_left_unchanged": sum(1 for c, r in ok if r == c.text) / len(ok) if ok else None,
        "words_kept": kept.summary()["unchanged_words_kept"],
        "words": sum(len(words(c.text)) for c, _ in ok),
    }


def by_style(rows) -> dict:
    out = {}
    for st in STYLES:
        out[st] = {L: summarise(rows, (st,), L) for L in LENGTHS}
        out[st]["all"] = summarise(rows, (st,))
    return out


def precise_usable() -> tuple[bool, str]:
    try:
        t0 = time.perf_counter()
        unspin.analyze("Our couples defend the region.", unspin.Options(tier="precise"))
        return True, f"loaded in {time.perf_counter() - t0:.1f}s"
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"


def main(argv: list[str] | None = None) -> dict:
    args = common_args(__doc__.splitlines()[0]).parse_args(argv)
    data = shared_data_dir()
    if args.quick:
        n_ss, n_sw, n_hs, n_hw, n_prec, prec_budget = 5, 2, 6, 3, 1, 120.0
    else:
        n_ss, n_sw, n_hs, n_hw, n_prec, prec_budget = 40, 20, 60, 30, 10, 900.0
    t0 = time.perf_counter()
    print("building documents ...", flush=True)
    spun = spun_cases(data, STYLES, n_ss, n_sw, seed=args.seed + 1000)
    hon = honest_cases(data, n_hs, n_hw, seed=args.seed + 1000)

    print(f"restoring {len(spun)} spun + {len(hon)} honest documents (fast tier) ...", flush=True)
    fast_opts = unspin.Options(tier="fast")
    rows, fast_speed = restore_all(spun, fast_opts)
    hrows, _ = restore_all(hon, fast_opts)
    tiers = {
        "fast": {
            "tuning_styles": summarise(rows, TUNING_STYLES),
            "heldout": summarise(rows, HELDOUT_STYLES),
            "by_style": by_style(rows),
            "honest_docs": honest(hrows),
            "speed": fast_speed,
        }
    }

    ok, why = precise_usable()
    if ok:
        # a small sample: n_prec short documents per style, taken round-robin over the
        # styles (the held-out one included) so a time budget cuts every style alike
        per = {st: [c for c in spun if c.style == st and c.length == "short"][:n_prec] for st in STYLES}
        sub = [per[st][k] for k in range(n_prec) for st in STYLES if k < len(per[st])]
        hsub = [c for c in hon if c.length == "short"][:n_prec]
        print(f"precise tier on {len(sub)} spun + {len(hsub)} honest documents "
              f"(budget {prec_budget:.0f}s) ...", flush=True)
        popts = unspin.Options(tier="precise")
        prows, pspeed = restore_all(sub, popts, prec_budget)
        phrows, _ = restore_all(hsub, popts, prec_budget / 4)
        done = {id(c) for c, *_ in prows}
        frows, fspeed = restore_all([c for c in sub if id(c) in done], fast_opts)
        hdone = {id(c) for c, *_ in phrows}
        fhrows, _ = restore_all([c for c in hsub if id(c) in hdone], fast_opts)
        ratio = (pspeed["mb_per_s"] / fspeed["mb_per_s"]) if pspeed["mb_per_s"] and fspeed["mb_per_s"] else None
        tiers["precise"] = {
            "status": why,
            "sample": f"short documents, the first {n_prec} of each style taken round-robin, "
                      f"within a {prec_budget:.0f}s budget; honest: the first {n_prec} short documents",
            "tuning_styles": summarise(prows, TUNING_STYLES),
            "heldout": summarise(prows, HELDOUT_STYLES),
            "by_style": {st: {"all": summarise(prows, (st,))} for st in STYLES},
            "honest_docs": honest(phrows),
            "speed": pspeed,
            "speed_ratio_to_fast_same_sample": ratio,
        }
        tiers["fast, precise's sample"] = {
            "status": "the fast tier on exactly the documents the precise tier finished",
            "tuning_styles": summarise(frows, TUNING_STYLES),
            "heldout": summarise(frows, HELDOUT_STYLES),
            "by_style": {st: {"all": summarise(frows, (st,))} for st in STYLES},
            "honest_docs": honest(fhrows),
            "speed": fspeed,
        }
    else:
        tiers["precise"] = {"status": "skipped: " + why}

    errors = [r[2] for r in rows + hrows if r[2]]
    results = rnd({
        "benchmark": "restoration",
        "quick": args.quick,
        "split": "test",
        "notes": [
            "changed_words_restored: original words the spinner replaced that the restored text has "
            "back (difflib alignment on word tokens, case-sensitive).",
            "unchanged_words_kept: original words the spinner left alone that are still there.",
            "edits_reverted_exactly: edits whose original words are back with no spinner words left.",
            "identity_baseline: the same figures for the spun text left as it is.",
            "suggestions: per true edit, whether a spun finding has exactly its span and whether its "
            "suggestion (top1) or suggestion + 4 alternatives (top5) is the original, whitespace "
            "normalised, case-sensitive; regardless of confidence.",
            "heldout: WordNet-based style never used for tuning; reported apart, not in tuning_styles.",
        ],
        "tiers": tiers,
        "errors": {"count": len(errors), "examples": errors[:5]},
        "seconds": time.perf_counter() - t0,
    })
    path = write_results("restoration", results)
    for tier, v in results["tiers"].items():
        if "tuning_styles" not in v:
            print(f"  {tier}: {v['status']}")
            continue
        for key in ("tuning_styles", "heldout"):
            s = v[key]
            print(f"  {tier:<8}{key:<14} changed_restored={s['changed_words_restored']} "
                  f"unchanged_kept={s['unchanged_words_kept']} edits_exact={s['edits_reverted_exactly']} "
                  f"sugg_top1={s['suggestions']['top1_of_all_edits']} "
                  f"top5={s['suggestions']['top5_of_all_edits']} docs={s['docs']}")
        print(f"  {tier:<8}speed {v['speed']['mb_per_s']} MB/s")
        if tier == "precise":
            fs = results["tiers"]["fast, precise's sample"]
            for st, sv in v["by_style"].items():
                sv, fv = sv["all"], fs["by_style"][st]["all"]
                print(f"    {st:<10} precise changed_restored={sv['changed_words_restored']} "
                      f"unchanged_kept={sv['unchanged_words_kept']} | fast same docs "
                      f"{fv['changed_words_restored']} / {fv['unchanged_words_kept']} docs={sv['docs']}")
            print(f"    honest docs precise {v['honest_docs']} | fast {fs['honest_docs']}")
            print(f"    speed ratio precise/fast {v['speed_ratio_to_fast_same_sample']}")
    print(f"wrote {path}")
    return results


if __name__ == "__main__":
    main()
