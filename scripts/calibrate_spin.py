"""Fit spin detection's calibration on DEVELOPMENT data only; write
``src/unspin/data/spin-calibration.json``.

    PYTHONPATH=src python scripts/calibrate_spin.py [--n 1200] [--data ../shared/data]

Data: honest documents of the dev split of ``../shared/data/clean`` (Wikipedia
leads, web-page-length Wikipedia pages and SOTU chunks, short SOTU chunks) and,
where Debian's ``fortunes`` package is installed, of its prose entries
(quotations, poems, jokes, wordplay: English unlike an encyclopedia's), each also spun by ``unspin.synth`` in one of the TUNING styles (never the
held-out style, never the test split) at a rate of 10-50%.

Fits (numpy, L2-regularised logistic regression by Newton's method):
* per span: P(the span was changed by the spinner) from ``scoring.SPAN_FEATURES``
  (its evidence, candidate share and source, and for a single word how common
  it and its suggestion are and how each fits the page's topic) -> the
  finding's confidence;
* per document: P(spun) from aggregate features -> ``spun_score``; the label
  threshold is set so that at most 1% of the honest dev documents of every group
  (Wikipedia leads and pages, SOTU short and page chunks before and after 1900,
  fortunes) exceed it.
Prints dev figures (they are dev figures: tuned on the same data).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.spin import scoring  # noqa: E402
from unspin.synth import (  # noqa: E402
    TUNING_STYLES, MissingResource, fortunes, sample, sotu_chunks, spin, wikipedia_leads, wikipedia_pages,
)
from unspin.detectors import spin as spin_det  # noqa: E402

RATES = (0.1, 0.2, 0.3, 0.4, 0.5)
#: share of the honest dev documents of EVERY group that must stay under the
#: label threshold: 99%, a margin under the goal of <= 2% false positives
#: (a dev percentile of a few hundred documents is itself uncertain: at 98.5% a
#: two-fold split of the dev set gave up to 3.4% out of sample, at 99% <= 1.9%;
#: on the draw of --n 1200, each half fitted and thresholded alone, 99% let 2.4%
#: of one fold's fortunes and 3.7% of its old short SOTU chunks through, 98.5%
#: 3.4% and 3.7%: docs/history.md)
TARGET_HONEST = 0.99
#: documents drawn (``docs_for``: n Wikipedia leads, n/2 of each other group, as
#: far as the dev split has them): the 99th percentile that sets a threshold is
#: then a group's 3rd (old SOTU pages) to 12th (leads) highest honest score, not
#: its 2nd to 6th as at 600 (about 6 minutes on one core)
DEFAULT_N = 1200


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50,
                 weight: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    n, d = X.shape
    sw = np.ones(n) if weight is None else np.asarray(weight, dtype=float)
    A = np.hstack([X, np.ones((n, 1))])
    w = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[-1] = 1e-6
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(A @ w, -30, 30)))
        g = A.T @ (sw * (p - y)) + reg * w
        H = (A * (sw * p * (1 - p))[:, None]).T @ A + np.diag(reg)
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


#: the direction in which a feature may move the score (+1: more of it, more
#: likely spun; -1: less likely; 0: either). A fitted weight of the wrong sign
#: (collinear features trading off against each other) is dropped and the model
#: refitted, so that the model stays monotone in its evidence and does not
#: lean on quirks of the synthetic spins.
SIGNS = {"pmi_mean": -1, "pmi_q10": -1, "backoff_share": 1, "mean_lp": -1, "ev_mean": 1, "pos_share": 1,
         "delta_mean": 1, "ev_q75": 1, "cand_rate": 1, "habit_soft": 1, "habit_rate": 1, "damage_rate": 1,
         "strong_rate": 1, "fit_0_1": 1, "fit_1_2": 1, "fit_2_3": 0, "fit_3_4": 0, "fit_4_6": -1, "fit_6_up": -1,
         "tf_cos_mean": 1, "tf_cos_share": 1, "tf_near_mean": 1, "tf_near_share": 1, "tf_word_cos": -1,
         "tf_word_near": -1, "span_p_rate": 1, "log_words": 0}


def fit_signed(X: np.ndarray, y: np.ndarray, signs: np.ndarray, l2: float = 1.0,
               weight: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """``fit_logistic`` with the weights of the wrong sign dropped one by one, worst first."""
    keep = np.ones(X.shape[1], bool)
    while True:
        w_k, b = fit_logistic(X[:, keep], y, l2=l2, weight=weight)
        w = np.zeros(X.shape[1])
        w[keep] = w_k
        bad = np.where(keep, signs * w, 0.0)
        if bad.min() >= 0:
            return w, b
        keep[int(np.argmin(bad))] = False  # the worst one first: dropping it may mend others


def docs_for(data: Path, n: int):
    out = []
    out += [("wiki-lead", d) for d in sample(wikipedia_leads(data, "dev"), n, seed=11)]
    out += [("wiki-page", d) for d in sample(wikipedia_pages(data, "dev"), n // 2, seed=12)]
    out += [("sotu-page", d) for d in sample(sotu_chunks(data, "dev"), n // 2, seed=13)]
    out += [("sotu-short", d) for d in sample(sotu_chunks(data, "dev", short=True), n // 2, seed=14)]
    # literary, humorous and playful English (Debian's fortunes), when installed.
    # (The Brown corpus's dev passages were tried as one more group: test-split short
    # honest texts labelled spun went 0.3% -> 1.0% and old SOTU 1.0% -> 1.9% for
    # +0.4 points of short F1, so Brown stays out of tuning, a check only.)
    try:
        out += [("fortune", d) for d in sample(fortunes("dev"), n // 2, seed=15)]
    except MissingResource as exc:
        print(f"calibrate_spin: no fortune group ({exc})", file=sys.stderr)
    # the SOTU groups split by era: old, formal English must stay clean on its own
    return [(g + ("-pre1900" if (d.meta.get("year") or 9999) < 1900 else "-1900on") if g.startswith("sotu") else g, d)
            for g, d in out]


def draws(data: Path, n: int):
    """The dev draw every calibration fits on: each document of :func:`docs_for` with
    its index (the seed of its spin), group, tuning style and rate (seeded), as
    ``(i, group, doc, style, rate)``."""
    rng = random.Random(7)
    for i, (group, d) in enumerate(docs_for(data, n)):
        yield i, group, d, TUNING_STYLES[i % len(TUNING_STYLES)], RATES[rng.randrange(len(RATES))]


def analyse(text: str):
    """What detect() sees: chosen proposals, doc features (the findings' confidences
    as the span model gives them, before the document score is read into them)."""
    spin_det.DOC_PRIOR = False
    try:
        return spin_det.detect(text)
    finally:
        spin_det.DOC_PRIOR = True


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=DEFAULT_N)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--save-rows", help="also save the dev document features here (.npz), for analysis")
    args = ap.parse_args()
    data = Path(args.data)
    rows_doc, y_doc, groups, words = [], [], [], []
    doc_spans = []  # per document: the span values its span_p_rate adds up
    span_rows, span_y = [], []
    restore_stats = []
    for i, group, d, style, rate in draws(data, args.n):
        s = spin(d.text, style=style, rate=rate, seed=i)
        for label, text, edits in ((0, d.text, ()), (1, s.text, s.edits)):
            res = analyse(text)
            x = [res.metrics["features"].get(k, 0.0) for k in scoring.FEATURES]  # (only the scored ones)
            rows_doc.append(x)
            doc_spans.append([res.span_inputs[k] for k in res.scored_spans])
            words.append(res.metrics["words"])
            y_doc.append(label)
            groups.append(group)
            for f in res.findings:
                src = dict(f.detail).get("source")
                if src not in ("thesaurus", "habit"):
                    continue
                # Label: the span was changed by the spinner. Restoring a spun span
                # with an imperfect guess costs no original word, so P(spun) is
                # what restore should act on.
                ok = any(e.start < f.end and f.start < e.end for e in edits)
                span_rows.append(scoring.span_inputs(res.span_inputs[(f.start, f.end)]))
                span_y.append(1.0 if ok else 0.0)
            restore_stats.append((label, group, style, text, edits, res.findings, len(span_rows) - sum(
                1 for f in res.findings if dict(f.detail).get("source") in ("thesaurus", "habit"))))
        if i % 50 == 0:
            print(f"{i} docs", file=sys.stderr)

    # --- per-span confidence ---
    S = np.array(span_rows)
    sy = np.array(span_y)
    s_mu, s_sd = S.mean(0), S.std(0) + 1e-9
    sw, sb = fit_logistic((S - s_mu) / s_sd, sy, l2=1.0)
    span_cal = {"features": list(scoring.SPAN_FEATURES), "mean": s_mu.tolist(), "std": s_sd.tolist(),
                "coef": sw.tolist(), "bias": sb}
    # span_p_rate as the document score will read it: the confidences of the span
    # model just fitted (detect above used the shipped one, which may differ)
    i_sp = scoring.FEATURES.index("span_p_rate")
    for x, raws, n_w in zip(rows_doc, doc_spans, words):
        x[i_sp] = math.fsum(scoring.span_probability(r, {"span": span_cal}) for r in raws) / max(n_w, 1)
    # --- per-document ---
    X0 = np.array(rows_doc)
    y = np.array(y_doc, dtype=float)
    # the length-scaled deviations are taken from the mean of the dev documents
    if args.save_rows:
        np.savez(args.save_rows, X0=X0, y=y, groups=np.array(groups), words=np.array(words))
    idx = [scoring.FEATURES.index(f) for f in scoring.LENGTH_SCALED]
    center = X0[:, idx].mean(0)
    X = np.array([scoring.model_inputs(list(x), center.tolist()) for x in X0])
    mu, sd = X.mean(0), X.std(0) + 1e-9
    # every group's honest documents weigh as much as the largest group's
    garr = np.array(groups)
    wt = np.ones(len(y))
    n_h = {g: int(((y == 0) & (garr == g)).sum()) for g in set(groups)}
    for g, k in n_h.items():
        wt[(y == 0) & (garr == g)] = max(n_h.values()) / max(k, 1)
    wt *= len(y) / wt.sum()
    signs = np.array([SIGNS[f] for f in scoring.MODEL_FEATURES] + [SIGNS[f] for f in scoring.LENGTH_SCALED],
                     dtype=float)
    w, b = fit_signed((X - mu) / sd, y, signs, l2=1.0, weight=wt)
    p = 1 / (1 + np.exp(-(((X - mu) / sd) @ w + b)))
    # The threshold keeps false positives <= 1% within EVERY group of honest dev
    # documents (short leads and old SOTU text are the noisiest), not just on average.
    band = np.array(["short" if k <= scoring.SHORT_WORDS else "page" for k in words])
    thr_band = {}
    for g in sorted(set(groups)):
        for bd in ("short", "page"):
            honest = np.sort(p[(y == 0) & (garr == g) & (band == bd)])
            if len(honest) < 50:  # too few for a percentile (a few long leads, a few short chunks)
                continue
            q = float(honest[int(math.ceil(TARGET_HONEST * len(honest))) - 1])
            print(f"honest {g} {bd}: n={len(honest)} q90={honest[int(0.9 * len(honest))]:.3f} "
                  f"q{TARGET_HONEST:.3f}={q:.3f} top5={np.round(honest[-5:], 3).tolist()}", file=sys.stderr)
            thr_band[bd] = max(thr_band.get(bd, 0.05), q + 1e-4)
    # a longer document must not get a laxer threshold than a shorter one's
    thr_short = round(thr_band["short"], 4)
    thr_page = round(min(thr_band["page"], thr_short), 4)
    cal = {
        "span": span_cal,
        "doc": {"features": list(scoring.MODEL_FEATURES), "length_scaled": list(scoring.LENGTH_SCALED),
                "center": center.tolist(), "mean": mu.tolist(), "std": sd.tolist(), "coef": w.tolist(), "bias": b},
        "threshold": thr_short,
        "thresholds": [[scoring.SHORT_WORDS, thr_short], [None, thr_page]],
        "fitted_on": f"dev split, styles {','.join(TUNING_STYLES)}, rates {RATES}, {len(y)} docs, {len(sy)} spans",
    }
    out = ROOT / "src" / "unspin" / "data" / "spin-calibration.json"
    try:  # the entry scripts/calibrate_span_prior.py fits on top of these models
        cal["span_prior"] = json.loads(out.read_text(encoding="utf-8"))["span_prior"]
        print("calibrate_spin: kept span_prior; refit it on these models: "
              "PYTHONPATH=src python scripts/calibrate_span_prior.py", file=sys.stderr)
    except (OSError, ValueError, KeyError):
        pass
    out.write_text(json.dumps(cal, indent=1) + "\n", encoding="utf-8")

    # --- dev figures (tuned on these very documents: optimistic) ---
    conf_new = 1 / (1 + np.exp(-(((S - s_mu) / s_sd) @ sw + sb))) if len(S) else np.array([])
    groups_a = np.array(groups)
    thr_doc = np.where(band == "short", thr_short, thr_page)
    print(json.dumps(dev_figures(p, y, groups_a, thr_doc), indent=1))
    print(json.dumps(restore_figures(restore_stats, conf_new), indent=1))
    print(f"wrote {out}")


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    pos, neg = scores[labels == 1], scores[labels == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    ranks[order] = np.arange(1, len(order) + 1)
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def dev_figures(p, y, groups, thr):
    out = {}
    for g in ["all"] + sorted(set(groups)):
        m = np.ones(len(y), bool) if g == "all" else groups == g
        pp, yy = p[m], y[m]
        pred = pp >= thr[m]
        tp = int((pred & (yy == 1)).sum())
        fp = int((pred & (yy == 0)).sum())
        fn = int((~pred & (yy == 1)).sum())
        f1 = 2 * tp / max(2 * tp + fp + fn, 1)
        out[g] = {"auc": round(auc(pp, yy), 4), "f1": round(f1, 4),
                  "recall": round(tp / max(tp + fn, 1), 4), "fp_rate": round(fp / max(int((yy == 0).sum()), 1), 4)}
    return out


def restore_figures(stats, conf_new, min_conf=0.5):
    from unspin.spin.tokens import tokenize as tok

    changed = restored = 0
    kept_total = kept_changed = 0
    honest_total = honest_changed = 0
    for label, group, style, text, edits, findings, base in stats:
        k = base
        applied = []
        for f in findings:
            src = dict(f.detail).get("source")
            if src in ("thesaurus", "habit"):
                c = conf_new[k]
                k += 1
            else:
                c = f.confidence
            if c >= min_conf and f.suggestion is not None and f.suggestion != f.text:
                applied.append(f)
        toks = tok(text)
        if label == 1:
            for e in edits:
                changed += 1
                if any(a.start <= e.start and e.end <= a.end and
                       text[a.start:e.start] + e.original + text[e.end:a.end] == a.suggestion for a in applied):
                    restored += 1
            for t in toks:
                if any(e.start < t.end and t.start < e.end for e in edits):
                    continue
                kept_total += 1
                if any(a.start < t.end and t.start < a.end for a in applied):
                    kept_changed += 1
        else:
            for t in toks:
                honest_total += 1
                if any(a.start < t.end and t.start < a.end for a in applied):
                    honest_changed += 1
    return {
        "spinner_edits": changed,
        "restored_exactly": round(restored / max(changed, 1), 4),
        "unchanged_words_kept_spun_docs": round(1 - kept_changed / max(kept_total, 1), 4),
        "honest_words_kept": round(1 - honest_changed / max(honest_total, 1), 4),
    }


if __name__ == "__main__":
    main()
