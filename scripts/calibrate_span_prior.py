"""Fit how a finding's confidence reads its page's document score, on DEVELOPMENT
data only; write the ``span_prior`` entry of ``src/unspin/data/spin-calibration.json``.

    PYTHONPATH=src python scripts/calibrate_span_prior.py [--n 150] [--honest-weight 4]

Run after ``scripts/calibrate_spin.py`` (it reads the span and document models that
script wrote, and keeps its entry when it rewrites the file).

The span model of ``calibrate_spin.py`` gives each finding P(spun) from what the
words themselves show, fitted on as many spun as honest documents. A page's
document score says more: "within" for "in" or "augmentation" for "increase" is
less likely a spinner's in a page that reads as honest as a whole. This script
takes the same documents (``calibrate_spin.docs_for``: dev-split Wikipedia leads and
pages, SOTU chunks, Debian's fortunes where installed; each as written and spun in
one of the TUNING styles, never the held-out one, with calibrate_spin's draw), runs
the detector with the shipped calibration, and fits P(spun) of each language-model
finding (not the rules', lexicons' or spinner tables', nor those that rest on what
real spinners were seen to do in papers: ``detectors.spin.seen_in_papers``) from
``scoring.span_prior_inputs``: its confidence as log-odds and how far the document
score lies below and above the label threshold. L2-regularised logistic regression
(``calibrate_spin.fit_logistic``). The honest documents' findings weigh
``--honest-weight`` times as much (4: a mix of four honest pages to one spun, nearer
a crawl than the fifty-fifty of the span model's own fit). A finding is spun where
it overlaps a spinner's edit, as in calibrate_spin.

The detector uses the model one way only: it may lower a finding's confidence,
never raise it (``scoring.finding_probability``).

Prints the fitted weights and dev log-loss before and after (in-sample).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from calibrate_spin import RATES, analyse, draws, fit_logistic  # noqa: E402
from unspin.detectors import spin as spin_det  # noqa: E402
from unspin.spin import scoring  # noqa: E402
from unspin.synth import spin  # noqa: E402

OUT = ROOT / "src" / "unspin" / "data" / "spin-calibration.json"
#: how far (log-odds) below or above the label threshold the document score is read
CAP = 4.0
#: the rules' and lexicons' findings, which the document score does not move
_FIXED_SOURCES = {None, "learned"}


def collect(data: Path, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(inputs, spun or not, from an honest document) of every finding read, with the
    confidences before the document score is read into them (``calibrate_spin.analyse``)."""
    X, y, honest = [], [], []
    for i, _, d, style, rate in draws(data, n):
        s = spin(d.text, style=style, rate=rate, seed=i)
        for label, text, edits in ((0, d.text, ()), (1, s.text, s.edits)):
            res = analyse(text)
            if not res.metrics.get("words"):
                continue
            for f in res.findings:
                if dict(f.detail).get("source") in _FIXED_SOURCES or spin_det.seen_in_papers(f):
                    continue
                X.append(scoring.span_prior_inputs(f.confidence, res.score, res.threshold, CAP))
                y.append(1.0 if any(e.start < f.end and f.start < e.end for e in edits) else 0.0)
                honest.append(label == 0)
        if i % 100 == 0:
            print(f"{i} docs, {len(y)} findings", file=sys.stderr)
    return np.array(X), np.array(y), np.array(honest)


def log_loss(p: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return float(-(w * (y * np.log(p) + (1 - y) * np.log(1 - p))).sum() / w.sum())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=150, help="as calibrate_spin.py --n")
    ap.add_argument("--honest-weight", type=float, default=4.0)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--out", default=str(OUT), help="the calibration file to add the entry to")
    args = ap.parse_args(argv)
    out = Path(args.out)
    if not (Path(args.data) / "clean").is_dir():
        raise SystemExit(f"calibrate_span_prior: no development data in {args.data} (../shared/data)")
    X, y, honest = collect(Path(args.data), args.n)
    if not len(y):
        raise SystemExit("calibrate_span_prior: no findings (is ../shared/data there?)")
    w = np.where(honest, args.honest_weight, 1.0)
    coef, bias = fit_logistic(X, y, l2=1.0, weight=w)
    before = 1 / (1 + np.exp(-X[:, 0]))
    after = 1 / (1 + np.exp(-(X @ coef + bias)))
    print(f"{len(y)} findings ({int(honest.sum())} in honest documents), {y.mean():.3f} spun; "
          f"weights {dict(zip(scoring.SPAN_PRIOR_FEATURES, np.round(coef, 3).tolist()))}, bias {bias:.3f}")
    print(f"dev log-loss (honest weight {args.honest_weight:g}, in-sample): {log_loss(before, y, w):.4f} -> "
          f"{log_loss(after, y, w):.4f}; findings >= 0.5 in honest documents {int((before[honest] >= 0.5).sum())} -> "
          f"{int((after[honest] >= 0.5).sum())}, in spun ones on an edit {int((before[~honest & (y == 1)] >= 0.5).sum())}"
          f" -> {int((after[~honest & (y == 1)] >= 0.5).sum())}")
    cal = json.loads(out.read_text(encoding="utf-8"))
    cal["span_prior"] = {
        "features": list(scoring.SPAN_PRIOR_FEATURES), "coef": [round(float(c), 6) for c in coef],
        "bias": round(bias, 6), "cap": CAP, "honest_weight": args.honest_weight,
        "fitted_on": (f"scripts/calibrate_span_prior.py --n {args.n}: {len(y)} findings of dev-split documents "
                      f"(tuning styles, rates {RATES}), honest documents weighted {args.honest_weight:g}"),
    }
    out.write_text(json.dumps(cal, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
