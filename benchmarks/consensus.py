"""Restoring from spun copies: each group's consensus, and the spinner table learned from them.

    PYTHONPATH=src python -m benchmarks.consensus [--quick]

Parasite-SEO campaigns publish many spins of one source. Two measures, on
web-page-length documents of the TEST split (Wikipedia pages of 300-800 words)
spun by ``unspin.synth`` at 30% of the eligible sites:

* **consensus**: k spun copies of a source (k = 2, 3, 5; different seeds) go
  to ``unspin.dupes.consensus.consensus``; its text is compared with the
  original against the pivot copy's own edits: share of the words the spinner
  changed in that copy that the consensus has back, share of the words it left
  alone that the consensus keeps. Beside it: ``unspin.restore`` (fast tier) of
  the pivot copy alone, and the pivot as it is (identity). The groups are given
  (``unspin dupes`` finds them; its own benchmark is ``benchmarks.dupes``).
* **end to end**: the 3 copies of each of 30 sources hidden among 30 honest
  pages, grouped by ``unspin.dupes.find_groups`` (not given), each found group's
  consensus measured the same way.
* **learned table**: the consensus of groups of 3 copies of LEARN sources
  gives a spinner table (``unspin.dupes.consensus.learn``; no original is
  used); then single spun copies of OTHER sources are restored with
  ``Options(spinner_tables=...)`` and without, and honest pages are restored
  with the table loaded (their words must stay); the same pages' document
  scores give the detection figures (ROC-AUC, recall at the label, honest
  pages labelled spun) with and without the table.

Styles: the tuning styles mixed, phrase, thesaurus and the held-out style
(WordNet synonyms and tables unspin never ships or tunes on); the held-out
style is the realistic case for learning: a spinner whose table unspin does
not know. The two constants (the consensus's ``LM_MARGIN``, ``spin.learned.MIN_ODDS``)
were chosen on DEV-split pages of the tuning styles; nothing was tuned on the
held-out style or on TEST.
"""

from __future__ import annotations

import time

import unspin
from unspin.dupes import find_groups
from unspin.dupes.consensus import LM_MARGIN, consensus, learn
from unspin.spintable import from_rows
from unspin.synth import sample, spin, wikipedia_pages

from ._metrics import RestoreCounts, mean, restoration_counts, rnd, roc_auc
from ._sets import common_args, hash_seed
from ._shared import shared_data_dir, write_results

STYLES = ("mixed", "phrase", "thesaurus", "heldout")
RATE = 0.3


def _edits(s) -> list[tuple[int, int, str]]:
    return [(e.orig_start, e.orig_end, e.spun) for e in s.edits]


def _summary(rc: RestoreCounts) -> dict:
    s = rc.summary()
    return {"changed_words_restored": s["changed_words_restored"], "unchanged_words_kept": s["unchanged_words_kept"],
            "changed_words": s["changed_words"]}


def run_consensus(pages, style: str, n: int, ks: tuple[int, ...]) -> dict:
    out = {}
    docs = sample(pages, n, seed=hash_seed("consensus", style))
    alone, ident = RestoreCounts(), RestoreCounts()
    for k in ks:
        rc = RestoreCounts()
        t0 = time.perf_counter()
        for d in docs:
            copies = [spin(d.text, style, RATE, hash_seed(d.id, style, s)) for s in range(k)]
            res = consensus([c.text for c in copies])
            piv = copies[res.pivot]
            restoration_counts(d.text, res.text, _edits(piv), rc)
            if k == ks[0]:
                restoration_counts(d.text, unspin.restore(piv.text), _edits(piv), alone)
                restoration_counts(d.text, piv.text, _edits(piv), ident)
        out[f"k{k}"] = _summary(rc) | {"seconds_per_group": (time.perf_counter() - t0) / max(1, len(docs))}
    out["restore_pivot_alone"] = _summary(alone)
    out["identity"] = _summary(ident)
    out["groups"] = len(docs)
    return out


def run_end_to_end(pages, style: str, n: int, k: int = 3) -> dict:
    """The user's path: the copies of ``n`` sources hidden among as many honest
    pages, grouped by ``unspin.dupes.find_groups``, each found group's consensus
    measured against the original (through its pivot copy's edits). A source whose
    copies found no group counts with its first copy as it is."""
    docs = sample(pages, 2 * n, seed=hash_seed("e2e", style))
    sources, others = docs[:n], docs[n:]
    spun = {}
    corpus = [(f"honest{i}", d.text) for i, d in enumerate(others)]
    for i, d in enumerate(sources):
        for c in range(k):
            spun[f"s{i}c{c}"] = (d, spin(d.text, style, RATE, hash_seed(d.id, style, "e2e", c)))
            corpus.append((f"s{i}c{c}", spun[f"s{i}c{c}"][1].text))
    text = dict(corpus)
    groups = find_groups(corpus)
    rc = RestoreCounts()
    pure = 0
    covered = set()
    for g in groups:
        srcs = {m.split("c")[0] for m in g.members if m in spun}
        if len(srcs) != 1 or len(srcs & covered) or any(m not in spun for m in g.members):
            continue  # a mixed group: its consensus is not one source's
        pure += len(g.members) == k
        covered |= srcs
        res = consensus([text[m] for m in g.members])
        orig, piv = spun[g.members[res.pivot]]
        restoration_counts(orig.text, res.text, _edits(piv), rc)
    for i, d in enumerate(sources):
        if f"s{i}" not in covered:
            _, first = spun[f"s{i}c0"]
            restoration_counts(d.text, first.text, _edits(first), rc)
    return _summary(rc) | {"sources": n, "copies": k, "honest_pages": len(others), "groups_found": len(groups),
                           "sources_with_all_copies_in_one_pure_group": pure / n if n else None}


def run_learned(pages, style: str, n_learn: int, n_test: int, k: int = 3) -> dict:
    docs = sample(pages, n_learn + n_test, seed=hash_seed("learned", style))
    train, test = docs[:n_learn], docs[n_learn:]
    results = [consensus([spin(d.text, style, RATE, hash_seed(d.id, style, s)).text for s in range(k)])
               for d in train]
    subs = learn(results)
    table = from_rows([s.row() for s in subs], name=f"learned:{style}")
    out = {"learn_groups": len(train), "copies_per_group": k, "substitutions": len(subs), "test_docs": len(test)}
    for name, opts in (("without_table", unspin.Options()), ("with_table", unspin.Options(spinner_tables=(table,)))):
        rc, honest = RestoreCounts(), RestoreCounts()
        pos, neg = [], []
        for d in test:
            s = spin(d.text, style, RATE, hash_seed(d.id, style, "test"))
            r, h = unspin.analyze(s.text, opts), unspin.analyze(d.text, opts)
            restoration_counts(d.text, r.restored, _edits(s), rc)
            restoration_counts(d.text, h.restored, [], honest)
            pos.append((r.spun_score, r.label == "spun"))
            neg.append((h.spun_score, h.label == "spun"))
        out[name] = _summary(rc) | {
            "honest_words_kept": honest.summary()["unchanged_words_kept"],
            "detection": {"roc_auc": roc_auc([x for x, _ in pos], [x for x, _ in neg]),
                          "recall_at_label": mean([float(y) for _, y in pos]),
                          "honest_labelled_spun": mean([float(y) for _, y in neg])},
        }
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = common_args(__doc__.splitlines()[0])
    args = ap.parse_args(argv)
    pages = wikipedia_pages(shared_data_dir(), "test")
    n_cons, n_learn, n_test = (6, 15, 6) if args.quick else (30, 60, 20)
    ks = (2, 3, 5)
    t0 = time.perf_counter()
    results = {
        "benchmark": "consensus",
        "quick": args.quick,
        "split": "test",
        "rate": RATE,
        "lm_margin": LM_MARGIN,
        "notes": [
            "consensus: restored/kept are measured against the pivot copy's own spinner edits; "
            "restore_pivot_alone is unspin.restore (fast tier) of that copy without the others.",
            "learned: the table is learned from the consensus of LEARN groups (no originals), then "
            "single spun copies of other sources are restored with and without it.",
            "heldout is the style never tuned on (and whose tables unspin does not ship).",
        ],
        "consensus": {},
        "end_to_end": {},
        "learned": {},
    }
    for style in STYLES:
        print(f"{style}: consensus ...", flush=True)
        results["consensus"][style] = run_consensus(pages, style, n_cons, ks)
        print(f"{style}: end to end (grouped by unspin.dupes) ...", flush=True)
        results["end_to_end"][style] = run_end_to_end(pages, style, n_cons)
        print(f"{style}: learned table ...", flush=True)
        results["learned"][style] = run_learned(pages, style, n_learn, n_test)
    results["seconds"] = time.perf_counter() - t0
    results = rnd(results)
    path = write_results("consensus", results)
    for style in STYLES:
        c, lr = results["consensus"][style], results["learned"][style]
        cells = "  ".join(f"{k}: {c[k]['changed_words_restored']}/{c[k]['unchanged_words_kept']}" for k in ("k2", "k3", "k5"))
        a = c["restore_pivot_alone"]
        print(f"  {style:<10} consensus {cells}  (one copy restored: {a['changed_words_restored']}/"
              f"{a['unchanged_words_kept']})")
        e = results["end_to_end"][style]
        print(f"  {'':<10} end to end, 3 copies grouped by unspin.dupes: {e['changed_words_restored']}/"
              f"{e['unchanged_words_kept']} ({e['sources_with_all_copies_in_one_pure_group']} of sources "
              f"in one pure group)")
        w, wo = lr["with_table"], lr["without_table"]
        print(f"  {'':<10} learned table ({lr['substitutions']} subs): {wo['changed_words_restored']}/"
              f"{wo['unchanged_words_kept']} -> {w['changed_words_restored']}/{w['unchanged_words_kept']}, "
              f"honest kept {w['honest_words_kept']}; detection AUC {wo['detection']['roc_auc']} -> "
              f"{w['detection']['roc_auc']}, recall at label {wo['detection']['recall_at_label']} -> "
              f"{w['detection']['recall_at_label']}, honest labelled {wo['detection']['honest_labelled_spun']} -> "
              f"{w['detection']['honest_labelled_spun']}")
    print(f"wrote {path}")
    return results


if __name__ == "__main__":
    main()
