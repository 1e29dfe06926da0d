"""Learn the word substitutions real spinners make, and the terms of the fields
they rewrite, from tortured phrases with their known originals (the Problematic
Paper Screener list).

    PYTHONPATH=src python scripts/learn_real_words.py [--half all|tune]

Reads ``../shared/data/pps/tortured-dev.csv`` (``tortured,expected`` pairs found
in published papers: "counterfeit consciousness" -> "artificial intelligence").
The shipped table is learned from all of it (``--half all``, the default: the
more pairs, the more of a spinner's words). ``benchmarks.tortured`` measures the
method on phrases it has not seen: it learns a table from the TUNE half only
(``--half tune``, :func:`write_table`) and reports on the TEST half; the
parameters that use the table were chosen inside the TUNE half.

Each pair is read with the expected phrase as
``benchmarks.tortured.plain_expected`` gives it (the list's annotations dropped, the
tortured phrase's trailing acronym kept: "remote sensor systems (wsns)" aligns with
"wireless sensor networks (wsns)"). Each pair whose two phrases have
as many words is aligned word by word, and every content word the spinner
changed counts once as (spun word, original word): "counterfeit" -> "artificial",
"consciousness" -> "intelligence". An inflected pair whose lemmas are both known
words counts for the lemmas too ("acknowledgments" -> "recognitions" also gives
"acknowledgment" -> "recognition").

Writes ``src/unspin/data/spin-real-words.tsv``: ``spun<TAB>original<TAB>count``,
sorted, deterministic.

Also writes ``src/unspin/data/spin-real-terms.tsv``: the terms of the fields
spinners rewrite, ``first<TAB>second<TAB>count``: every pair of adjacent content
words in the ORIGINAL (expected) phrases ("artificial intelligence", "neural
networks", and "neural network" for the lemma), counted once per phrase. A
general-English trigram LM knows few such terms ("activation function", "linear
regression"); the detector leaves a word alone inside one and prefers a
candidate original that makes one.

Also writes ``src/unspin/data/spin-real-phrases.tsv``: the spinners' PHRASE
substitutions, from the pairs whose two phrases have different lengths
("getting to know algorithm" -> "learning algorithm", "bosom malignant growth"
-> "breast cancer"). The words the two share at either end are set aside (the
same word, or a pair of the word table: "bosom" -> "breast"); what is left in
the middle, a spun run of 1-4 words that starts and ends with a content word
for an original of 1-3 words with a content word in it, counts once as
(spun phrase, original phrase): "getting to know" -> "learning", "malignant
growth" -> "cancer", "impromptu" -> "ad hoc". One seen only once is kept if it
was a part of a longer tortured phrase and its spun side has two words or more.

No tortured phrase of the list is stored in any of the files unless real
spinners were seen to use it at least twice (a phrase substitution is otherwise
a part of a longer one, of at most four words). All three are derived from the PPS list
(Cabanac, Labbe & Magazinov), CC BY 4.0.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks.tortured import load_pairs, plain_expected, split_of  # noqa: E402
from unspin.spin.collocation import FUNCTION  # noqa: E402
from unspin.spin.inflect import inflect, lemmas  # noqa: E402
from unspin.spin.resources import shared_lm  # noqa: E402
from unspin.spin.tokens import tokenize  # noqa: E402

OUT = ROOT / "src" / "unspin" / "data" / "spin-real-words.tsv"
TERMS_OUT = ROOT / "src" / "unspin" / "data" / "spin-real-terms.tsv"
PHRASES_OUT = ROOT / "src" / "unspin" / "data" / "spin-real-phrases.tsv"
#: words shorter than this are left out (function words and fragments)
MIN_LEN = 3
#: the longest spun run and original of a phrase substitution (words)
PHRASE_MAX_SPUN, PHRASE_MAX_ORIG = 4, 3
#: a substitution seen fewer times is kept only if its spun side has two words or
#: more and it was seen as a part of a longer tortured phrase: a one-word spun side
#: seen once is mostly a misalignment ("border" -> "parameter exponent";
#: "impromptu" -> "ad hoc" is seen 4 times), and a whole pair of the list seen once
#: would be a copy of one row of it, not a habit
SEEN_MIN = 2


def _content(w: str) -> bool:
    return len(w) >= MIN_LEN and w.isalpha() and w not in FUNCTION


def aligned(tortured: str, expected: str) -> list[tuple[str, str]]:
    """(spun word, original word) for each content word the spinner changed, in a
    pair of phrases of the same length; [] otherwise."""
    a = [t.low for t in tokenize(tortured)]
    b = [t.low for t in tokenize(expected)]
    if len(a) != len(b):
        return []
    return [(x, y) for x, y in zip(a, b) if x != y and _content(x) and _content(y)]


def lemma_pair(x: str, y: str, known) -> tuple[str, str] | None:
    """The pair's lemmas where both words carry the same inflection ("-s", "-ed",
    "-ing") of known lemmas; None where not inflected or not so."""
    for lx, cls in lemmas(x)[1:]:
        if not known(lx):
            continue
        for ly, cy in lemmas(y)[1:]:
            if cy == cls and known(ly) and inflect(ly, cls, known) == y:
                return lx, ly
    return None


def learn(pairs: list[tuple[str, str]]) -> Counter:
    """(spun word, original word) -> count over ``(tortured, expected)`` pairs."""
    known = shared_lm().known
    counts: Counter = Counter()
    for tortured, expected in pairs:
        seen = set()
        for x, y in aligned(tortured, plain_expected(tortured, expected)):
            seen.add((x, y))
            lp = lemma_pair(x, y, known)
            if lp:
                seen.add(lp)
        counts.update(seen)
    return counts


def phrase_pair(tortured: str, expected: str, words: set[tuple[str, str]]) -> tuple[str, str] | None:
    """(spun phrase, original phrase) that a pair of phrases of different lengths
    holds once the words they share at either end are set aside: the same word,
    or a (spun, original) pair of ``words``; None where the two have as many
    words, or what is left is not a phrase substitution (see the module doc)."""
    a = [t.low for t in tokenize(tortured)]
    b = [t.low for t in tokenize(expected)]
    if len(a) == len(b):
        return None

    def same(x: str, y: str) -> bool:
        return x == y or (x, y) in words

    i = 0
    while i < min(len(a), len(b)) and same(a[i], b[i]):
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and same(a[-1 - j], b[-1 - j]):
        j += 1
    ma, mb = a[i:len(a) - j], b[i:len(b) - j]
    if not (1 <= len(ma) <= PHRASE_MAX_SPUN and 1 <= len(mb) <= PHRASE_MAX_ORIG):
        return None
    if not (_content(ma[0]) and _content(ma[-1]) and any(_content(w) for w in mb)):
        return None
    return " ".join(ma), " ".join(mb)


def learn_phrases(pairs: list[tuple[str, str]]) -> Counter:
    """(spun phrase, original phrase) -> count over ``(tortured, expected)`` pairs
    of different lengths, with the word table of the same pairs (:func:`learn`)
    setting aside the words they share."""
    words = set(learn(pairs))
    counts: Counter = Counter()
    part: set[tuple[str, str]] = set()  # seen as a part of a longer tortured phrase
    for tortured, expected in pairs:
        pp = phrase_pair(tortured, plain_expected(tortured, expected), words)
        if pp:
            counts[pp] += 1
            if pp[0] != " ".join(t.low for t in tokenize(tortured)):
                part.add(pp)
    return Counter({k: n for k, n in counts.items() if n >= SEEN_MIN or (k in part and " " in k[0])})


def term_pairs(expected: str, known) -> set[tuple[str, str]]:
    """The adjacent content-word pairs of one original phrase (joined by a space
    or a hyphen), with the second word's lemma where it is an inflected form of
    a known word ("neural networks" also gives "neural network")."""
    toks = tokenize(expected)
    out = set()
    for a, b in zip(toks, toks[1:]):
        if b.gap not in (" ", "-") or not (_content(a.low) and _content(b.low)):
            continue
        out.add((a.low, b.low))
        for lb, cls in lemmas(b.low)[1:]:
            if known(lb) and inflect(lb, cls, known) == b.low:
                out.add((a.low, lb))
                break
    return out


def learn_terms(pairs: list[tuple[str, str]]) -> Counter:
    """(first word, second word) -> number of original phrases holding the pair."""
    known = shared_lm().known
    counts: Counter = Counter()
    for tortured, expected in pairs:
        counts.update(term_pairs(plain_expected(tortured, expected), known))
    return counts


def pairs_of(path: Path, half: str) -> list[tuple[str, str]]:
    """The list's pairs: all of them, or one half of ``benchmarks.tortured``'s split."""
    pairs = load_pairs(path)
    return pairs if half == "all" else [p for p in pairs if split_of(p[0]) == half]


def _write(out: Path, counts: Counter, header: tuple[str, str], half: str, n_pairs: int) -> None:
    """Write ``counts`` ((a, b) -> n) sorted, under a two-line header and where it came from."""
    what = "the whole development list" if half == "all" else f"the {half.upper()} half only"
    lines = [f"# {header[0]}", f"# {header[1]}",
             f"# {what} ({n_pairs} pairs); built by scripts/learn_real_words.py"]
    lines += [f"{a}\t{b}\t{n}" for (a, b), n in sorted(counts.items())]
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _learn_and_write(path: Path, half: str, out: Path, learner, header: tuple[str, str]) -> tuple[int, int]:
    pairs = pairs_of(path, half)
    counts = learner(pairs)
    _write(out, counts, header, half, len(pairs))
    return len(counts), len(pairs)


def write_table(path: Path, half: str, out: Path) -> tuple[int, int]:
    """Learn from ``half`` ("all", "tune" or "test") of the list at ``path`` and
    write the table to ``out``: (substitutions, pairs)."""
    return _learn_and_write(path, half, out, learn, (
        "spun\toriginal\tcount: word substitutions of real spinners, aligned from tortured phrases",
        "and their originals (Problematic Paper Screener, Cabanac, Labbe & Magazinov; CC BY 4.0),"))


def write_terms(path: Path, half: str, out: Path) -> tuple[int, int]:
    """Learn the term pairs from ``half`` of the list at ``path`` and write them to
    ``out``: (term pairs, phrase pairs)."""
    return _learn_and_write(path, half, out, learn_terms, (
        "first\tsecond\tcount: adjacent content words of the original (expected) phrases of tortured",
        "phrases (Problematic Paper Screener, Cabanac, Labbe & Magazinov; CC BY 4.0),"))


def write_phrases(path: Path, half: str, out: Path) -> tuple[int, int]:
    """Learn the phrase substitutions from ``half`` of the list at ``path`` and
    write them to ``out``: (substitutions, pairs)."""
    return _learn_and_write(path, half, out, learn_phrases, (
        "spun\toriginal\tcount: phrase substitutions of real spinners (different lengths), aligned from",
        "tortured phrases and their originals (Problematic Paper Screener, Cabanac, Labbe & Magazinov; CC BY 4.0),"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--half", choices=("all", "tune"), default="all",
                    help="learn from the whole list (the shipped table) or its TUNE half only")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--terms-out", default=str(TERMS_OUT))
    ap.add_argument("--phrases-out", default=str(PHRASES_OUT))
    args = ap.parse_args()
    path = Path(args.data) / "pps" / "tortured-dev.csv"
    if not path.is_file():
        sys.exit(f"learn_real_words: {path} not found (the shared data is needed to build this table)")
    n, m = write_table(path, args.half, Path(args.out))
    print(f"{n} substitutions from {m} pairs -> {args.out}")
    n, m = write_terms(path, args.half, Path(args.terms_out))
    print(f"{n} term pairs from {m} pairs -> {args.terms_out}")
    n, m = write_phrases(path, args.half, Path(args.phrases_out))
    print(f"{n} phrase substitutions from {m} pairs -> {args.phrases_out}")


if __name__ == "__main__":
    main()
