"""Spam campaigns: the same inserted phrase recurring across many documents.

Streaming and in bounded memory: phrases are counted with the Space-Saving
algorithm (Metwally et al., 2005), batched: at most ``capacity`` counters;
when the table is full the least counted tenth is dropped and newcomers
start from the largest dropped count, recorded as their ``error``, so a
frequent phrase is never lost and each count is over-estimated by at most
its ``error``. Each document contributes each phrase once.

Two sources of phrases per document:

- ``finding``: the text of every ``injected`` finding (normalised: lower case,
  single spaces, residual mojibake undone), and
- ``ngram``: rare n-grams out of the document's topic, i.e. 2-6-word runs
  inside one clause whose content words occur nowhere else in the document and
  include a word rare in English; a phrase that recurs like this in many
  documents is a keyword being sprayed around.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..findings import Finding
from . import lexicon
from .foreign import FUNCTION_WORDS, _stem
from .words import normalise, tokenize


@dataclass
class Counted:
    phrase: str
    source: str
    count: int = 0
    error: int = 0
    examples: list[str] = field(default_factory=list)


class SpaceSaving:
    """Bounded heavy-hitter counter over (phrase, source) keys."""

    def __init__(self, capacity: int = 50_000, examples: int = 3):
        if capacity < 1:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self.max_examples = examples
        self.items: dict[tuple[str, str], Counted] = {}
        self._evict_floor = 0

    def add(self, phrase: str, source: str, doc_id: str) -> None:
        key = (phrase, source)
        c = self.items.get(key)
        if c is None:
            if len(self.items) >= self.capacity:
                self._evict()
            c = Counted(phrase, source, self._evict_floor, self._evict_floor)
            self.items[key] = c
        c.count += 1
        if len(c.examples) < self.max_examples and doc_id not in c.examples:
            c.examples.append(doc_id)

    def _evict(self) -> None:
        # Drop the smallest tenth at once (amortised O(log n) per add); a newcomer
        # starts at the largest evicted count, recorded as its possible error.
        drop = max(1, self.capacity // 10)
        victims = sorted(self.items, key=lambda k: self.items[k].count)[:drop]
        for k in victims:
            self._evict_floor = max(self._evict_floor, self.items.pop(k).count)

    def top(self, min_count: int) -> list[Counted]:
        out = [c for c in self.items.values() if c.count - c.error >= min_count]
        out.sort(key=lambda c: (-len(c.phrase), c.phrase, c.source))
        kept: list[Counted] = []
        for c in out:
            # an n-gram inside a longer reported phrase found as often adds nothing
            inner = f" {c.phrase} "
            if any(inner in f" {k.phrase} " and k.count >= c.count for k in kept):
                continue
            kept.append(c)
        kept.sort(key=lambda c: (-c.count, c.phrase, c.source))
        return kept


def normalise_phrase(text: str) -> str:
    return " ".join(normalise(w)[0] for w in text.split())


def doc_phrases(text: str, findings: Iterable[Finding], ngrams: bool = True) -> set[tuple[str, str]]:
    """The (phrase, source) pairs one document contributes."""
    out = {(normalise_phrase(f.text), "finding") for f in findings if f.kind == "injected"}
    if ngrams:
        out |= {(p, "ngram") for p in rare_offtopic_ngrams(text)}
    return {(p, s) for p, s in out if p}


def rare_offtopic_ngrams(text: str, n_min: int = 2, n_max: int = 6) -> set[str]:
    toks = tokenize(text)
    counts: dict[str, int] = {}
    for t in toks:
        k = _stem(t.norm)
        counts[k] = counts.get(k, 0) + 1
    out: set[str] = set()
    clause: list = []
    for t in toks:
        clause.append(t)
        if t.brk:
            out |= _clause_ngrams(clause, counts, n_min, n_max)
            clause = []
    if clause:
        out |= _clause_ngrams(clause, counts, n_min, n_max)
    return out


def _clause_ngrams(clause, counts, n_min, n_max) -> set[str]:
    out = set()
    ok = [(t.norm not in FUNCTION_WORDS and counts[_stem(t.norm)] == 1 and t.script != "digit"
           and not t.upper) for t in clause]
    for i in range(len(clause)):
        for n in range(n_min, n_max + 1):
            if i + n > len(clause) or not all(ok[i:i + n]):
                break
            words = [t.norm for t in clause[i:i + n]]
            if any(lexicon.english_zipf(w) < 2.5 for w in words):
                out.add(" ".join(words))
    return out


def mine(docs: Iterable[tuple[str, str]], analyse, min_docs: int = 3, capacity: int = 50_000,
         ngrams: bool = True) -> tuple[list[Counted], int]:
    """Count recurring phrases over ``(doc_id, text)`` pairs; ``analyse(text)``
    returns the document's findings. Returns the phrases in at least
    ``min_docs`` documents and the number of documents read."""
    ss = SpaceSaving(capacity)
    n = 0
    for doc_id, text in docs:
        n += 1
        for phrase, source in doc_phrases(text, analyse(text), ngrams):
            ss.add(phrase, source, doc_id)
    return ss.top(min_docs), n

