"""Spun findings on honest development text, per 1000 words: the dev check behind
"honest dev text (600 Wikipedia leads, 200 SOTU chunks, 60 Wikipedia pages)" in
docs/history.md.

    PYTHONPATH=src python scripts/check_spin_honest_findings.py [--leads 600]
        [--sotu 200] [--pages 60] [--set MODULE.NAME=VALUE ...]

Every document is honest (nothing spun it), so every spun finding is a false
positive. Prints, per group and pooled, the words read, the spun findings per
1000 words at any confidence and at confidence >= 0.5, and the documents labelled
spun. Only the dev split of ``../shared/data/clean`` is read (documents drawn by
``unspin.synth.docs.sample``, seed 0); ``--set`` overrides a module constant as
``scripts/tune_tortured.py`` does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmarks._shared import shared_data_dir  # noqa: E402


def groups(data: Path, n_leads: int, n_sotu: int, n_pages: int) -> dict[str, list[str]]:
    from unspin.synth import docs

    return {
        "leads": [d.text for d in docs.sample(docs.wikipedia_leads(data, "dev"), n_leads)],
        "sotu": [d.text for d in docs.sample(docs.sotu_chunks(data, "dev", short=True), n_sotu)],
        "pages": [d.text for d in docs.sample(docs.wikipedia_pages(data, "dev"), n_pages)],
    }


def count(texts: list[str], opts) -> dict[str, float]:
    import unspin

    words = spun = sure = labelled = 0
    for text in texts:
        report = unspin.analyze(text, opts)
        words += len(text.split())
        found = [f for f in report.findings if f.kind == "spun"]
        spun += len(found)
        sure += sum(f.confidence >= 0.5 for f in found)
        labelled += report.label == "spun"
    return {"docs": len(texts), "words": words, "per_1000": 1000 * spun / max(words, 1),
            "sure_per_1000": 1000 * sure / max(words, 1), "labelled": labelled}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--leads", type=int, default=600)
    ap.add_argument("--sotu", type=int, default=200)
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE")
    args = ap.parse_args(argv)
    import unspin
    from tune_tortured import apply_set

    for kv in args.set:
        apply_set(kv)
    opts = unspin.Options(kinds=("spun",))
    rows = {name: count(texts, opts)
            for name, texts in groups(shared_data_dir(), args.leads, args.sotu, args.pages).items()}
    words = sum(r["words"] for r in rows.values())
    rows["pooled"] = {
        "docs": sum(r["docs"] for r in rows.values()), "words": words,
        "per_1000": sum(r["per_1000"] * r["words"] for r in rows.values()) / max(words, 1),
        "sure_per_1000": sum(r["sure_per_1000"] * r["words"] for r in rows.values()) / max(words, 1),
        "labelled": sum(r["labelled"] for r in rows.values()),
    }
    for name, r in rows.items():
        print(f"{name:7s} {r['docs']:4d} docs {r['words']:7d} words: spun findings {r['per_1000']:.2f} "
              f"per 1000 words, >= 0.5 sure {r['sure_per_1000']:.3f}, labelled spun {r['labelled']}")


if __name__ == "__main__":
    main()
