"""Build ``src/unspin/data/injected-words.npz``: the word-frequency table the
injected-spam detector reads to tell English words from words of other
Latin-script languages.

Source: the ``wordfreq`` package (3.1.x; code Apache-2.0, data CC BY-SA 4.0).
Run: ``python scripts/build_injected_data.py``. Deterministic:
the same wordfreq version gives a byte-identical file (gzip mtime 0).

Arrays (one row per word, sorted by key): ``dkey`` uint32, the differences
between successive keys, a key being the word's 40-bit BLAKE2b digest (see
``unspin.injected.lexicon.word_key``); ``en`` uint8,
the word's English Zipf frequency times ten (0 = not in the English list);
``lang`` uint8, an index into ``langs`` (0 = none): the other language where the
word is most frequent; ``fz`` uint8, that language's Zipf frequency times ten;
``intl`` uint8, in how many of the 26 languages the word is about as common as in
English (Zipf at least English's minus ``INTL_MARGIN`` and at least
``INTL_MIN_ZIPF``): brands and internet words ("netflix", "online") are, while
ordinary English words that merely leak into other languages' web text
("people", "many") are not.
Hashing keeps the table small; with 40-bit keys an unknown word hits a stored
key with probability about 5e-7.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import wordfreq

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "unspin" / "data" / "injected-words.npz"

#: Latin-script languages wordfreq covers (other scripts are told by the script itself).
LATIN_LANGS = ("tr", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "sv", "da",
               "nb", "fi", "hu", "ro", "id", "ms", "vi", "fil", "ca", "sh", "lt", "lv", "is")
EN_MIN_ZIPF = 2.0       # English words kept
FOREIGN_MIN_ZIPF = 3.0  # a foreign word must be at least this common in its language
FOREIGN_MARGIN = 1.0    # ... and this much more common there than in English
INTL_MIN_ZIPF = 2.5     # "common" when counting the languages a word is common in
INTL_MARGIN = 1.0       # ... and no more than this much rarer there than in English
PER_LANG = 25000        # most frequent qualifying words per language


def zipf(f: float) -> float:
    return round(math.log10(f) + 9, 1) if f > 0 else 0.0


def main() -> None:
    en = {w: zipf(f) for w, f in wordfreq.get_frequency_dict("en").items()}
    best: dict[str, tuple[str, float]] = {}
    for lang in LATIN_LANGS:
        kept = 0
        items = sorted(wordfreq.get_frequency_dict(lang).items(), key=lambda kv: (-kv[1], kv[0]))
        for w, f in items:
            fz = zipf(f)
            if fz < FOREIGN_MIN_ZIPF or kept >= PER_LANG:
                break
            if not w.replace("'", "").replace("-", "").isalpha():
                continue
            if fz - en.get(w, 0.0) < FOREIGN_MARGIN:
                continue
            kept += 1
            if w not in best or best[w][1] < fz:
                best[w] = (lang, fz)
    import sys

    import numpy as np

    sys.path.insert(0, str(ROOT / "src"))
    from unspin.injected.lexicon import word_key

    langs = ("",) + LATIN_LANGS
    words = sorted(set(best) | {w for w, z in en.items() if z >= EN_MIN_ZIPF})
    # Internationality: in how many of the other languages the word is about as common as
    # in English (brands and internet vocabulary are; ordinary English words are not).
    intl = dict.fromkeys(words, 0)
    for lang in LATIN_LANGS:
        freqs = wordfreq.get_frequency_dict(lang)
        for w in words:
            if zipf(freqs.get(w, 0.0)) >= max(INTL_MIN_ZIPF, en.get(w, 0.0) - INTL_MARGIN):
                intl[w] += 1
    rows = []
    for w in words:
        lang, fz = best.get(w, ("", 0.0))
        rows.append((word_key(w), int(round(en.get(w, 0.0) * 10)), langs.index(lang), int(round(fz * 10)),
                     intl[w]))
    rows.sort()
    keys = np.array([r[0] for r in rows], dtype=np.uint64)
    assert len(np.unique(keys)) == len(keys), "hash collision in the table"
    deltas = np.diff(keys, prepend=np.uint64(0))
    assert int(deltas.max()) < 2**32
    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        dkey=deltas.astype(np.uint32),
        en=np.array([r[1] for r in rows], dtype=np.uint8),
        lang=np.array([r[2] for r in rows], dtype=np.uint8),
        fz=np.array([r[3] for r in rows], dtype=np.uint8),
        intl=np.array([r[4] for r in rows], dtype=np.uint8),
        langs=np.array(langs),
    )
    OUT.write_bytes(buf.getvalue())
    print(f"{OUT}: {len(rows)} words, {len(best)} foreign, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
