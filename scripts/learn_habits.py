"""Learn the spinner's phrase and function-word habits from synthetic spins with
known originals (DEV split, TUNING styles only; never the held-out style).

    PYTHONPATH=src python scripts/learn_habits.py [--n 800]

Writes ``src/unspin/data/spin-habits-learned.tsv``: spun phrase -> original with
its count and conditional probability. Content-word synonym swaps are left to
the inverted thesaurus; this table holds multi-word and function-word edits.

Also writes ``src/unspin/data/spin-habit-odds.tsv``: for every spun phrase of
either habit table (learned and hand-listed), how many of its occurrences in
the same spun texts the spinner put there and how many occurrences there were
in all. "and you can" is nearly always spinner-made, "by" hardly ever; the
fast tier turns the two counts into the odds that an occurrence is a rewrite.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.spin.lexical import key_prefixes  # noqa: E402
from unspin.spin.resources import phrases  # noqa: E402
from unspin.spin.tokens import join_word, tokenize  # noqa: E402
from unspin.synth import sample, spin, wikipedia_leads, sotu_chunks  # noqa: E402

MIN_COUNT = 3
MIN_PROB = 0.15


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=800)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = ap.parse_args()
    data = Path(args.data)
    docs = sample(wikipedia_leads(data, "dev"), args.n, seed=21) + sample(sotu_chunks(data, "dev"), args.n // 10, seed=22)
    pairs: Counter = Counter()
    spun_texts = []
    for i, d in enumerate(docs):
        for style in ("phrase", "mixed"):
            s = spin(d.text, style=style, rate=0.5, seed=1000 + i)
            spun_texts.append(s)
            for e in s.edits:
                if e.kind != "phrase":
                    continue
                sp, orig = " ".join(e.spun.lower().split()), " ".join(e.original.split())
                if sp and sp != orig.lower():
                    pairs[(sp, orig.lower())] += 1
    by_spun: dict[str, Counter] = defaultdict(Counter)
    for (sp, orig), c in pairs.items():
        by_spun[sp][orig] += c
    rows = []
    for sp in sorted(by_spun):
        tot = sum(by_spun[sp].values())
        for orig, c in sorted(by_spun[sp].items(), key=lambda kv: (-kv[1], kv[0])):
            if c >= MIN_COUNT and c / tot >= MIN_PROB:
                rows.append((sp, orig, c, c / tot))
    out = ROOT / "src" / "unspin" / "data" / "spin-habits-learned.tsv"
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# spun\toriginal\tcount\tp(original|spun)  (learned from unspin.synth dev spins)\n")
        for sp, orig, c, pr in rows:
            fh.write(f"{sp}\t{orig}\t{c}\t{pr:.3f}\n")
    print(f"{out.name}: {len(rows)} habits from {sum(pairs.values())} phrase edits")
    write_odds(spun_texts, {sp for sp, *_ in rows} | set(phrases()))


def write_odds(spun_texts, keys: set[str]) -> None:
    """Per habit key: occurrences the spinner made (an edit spanning exactly the
    key's words) and all occurrences, over the spun texts."""
    prefixes = key_prefixes(keys)
    made: Counter = Counter()
    seen: Counter = Counter()
    for s in spun_texts:
        toks = tokenize(s.text)
        edits = {(e.start, e.end) for e in s.edits if e.kind == "phrase"}
        for i, t in enumerate(toks):
            key = t.low
            for j in range(i + 1, min(i + 6, len(toks) + 1)):
                if j > i + 1:
                    key = join_word(key, toks[j - 1].gap, toks[j - 1].low)
                    if key is None:
                        break
                if key not in prefixes:
                    break
                if key in keys:
                    seen[key] += 1
                    made[key] += (t.start, toks[j - 1].end) in edits
    out = ROOT / "src" / "unspin" / "data" / "spin-habit-odds.tsv"
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# spun\tmade by the spinner\toccurrences  (unspin.synth dev spins, phrase and mixed styles, rate 0.5)\n")
        for k in sorted(keys):
            if seen[k]:
                fh.write(f"{k}\t{made[k]}\t{seen[k]}\n")
    print(f"{out.name}: {sum(1 for k in keys if seen[k])} habit keys")


if __name__ == "__main__":
    main()
