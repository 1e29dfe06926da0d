"""Metric helpers shared by the spin and restoration benchmarks (pure functions)."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# ------------------------------------------------------------------ document level


def roc_auc(pos: Sequence[float], neg: Sequence[float]) -> float | None:
    """Probability that a random positive outscores a random negative (ties count
    half). None when either side is empty."""
    if not pos or not neg:
        return None
    allv = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    # average ranks for ties
    ranks = [0.0] * len(allv)
    i = 0
    while i < len(allv):
        j = i
        while j + 1 < len(allv) and allv[j + 1][0] == allv[i][0]:
            j += 1
        r = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[k] = r
        i = j + 1
    rank_sum = sum(r for r, (_, y) in zip(ranks, allv) if y == 1)
    n1, n0 = len(pos), len(neg)
    return (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)


def threshold_at_fpr(neg: Sequence[float], max_fpr: float) -> float:
    """The lowest threshold t such that 'score > t' flags at most max_fpr of ``neg``."""
    if not neg:
        return -math.inf
    s = sorted(neg, reverse=True)
    k = int(math.floor(max_fpr * len(s) + 1e-9))  # false positives allowed
    return s[k] if k < len(s) else -math.inf


def recall_at_fpr(pos: Sequence[float], neg: Sequence[float], max_fpr: float = 0.02) -> dict:
    """Recall of 'score > t' at the threshold that keeps the FPR on ``neg`` <= max_fpr.

    Ties at the threshold are not flagged, so a constant score gives recall 0."""
    if not pos or not neg:
        return {"recall": None, "fpr": None, "threshold": None}
    t = threshold_at_fpr(neg, max_fpr)
    return {
        "recall": sum(1 for p in pos if p > t) / len(pos),
        "fpr": sum(1 for n in neg if n > t) / len(neg),
        "threshold": t,
    }


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def label_metrics(pos_labels: Sequence[bool], neg_labels: Sequence[bool]) -> dict:
    """Document F1 etc. at the model's own label (True = labelled spun)."""
    tp = sum(1 for x in pos_labels if x)
    fn = len(pos_labels) - tp
    fp = sum(1 for x in neg_labels if x)
    out = prf(tp, fp, fn)
    out["fpr"] = fp / len(neg_labels) if neg_labels else None
    return out


# ---------------------------------------------------------------------- span level


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Half-open spans overlap; an empty span (an insertion point) overlaps a span
    only strictly inside it."""
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class SpanCounts:
    findings: int = 0
    findings_hit: int = 0  # findings overlapping some true edit
    edits: int = 0
    edits_found: int = 0  # true edits overlapped by some finding
    edits_exact: int = 0  # true edits with a finding of exactly the same span

    def add(self, found: Iterable[tuple[int, int]], truth: Iterable[tuple[int, int]]) -> None:
        found = sorted(set(found))
        truth = sorted(set(truth))
        fset = set(found)
        self.findings += len(found)
        self.edits += len(truth)
        self.findings_hit += sum(1 for f in found if any(overlaps(f, t) for t in truth))
        self.edits_found += sum(1 for t in truth if any(overlaps(f, t) for f in found))
        self.edits_exact += sum(1 for t in truth if t in fset)

    def summary(self) -> dict:
        return {
            "span_precision": self.findings_hit / self.findings if self.findings else None,
            "span_recall": self.edits_found / self.edits if self.edits else None,
            "exact_span_rate": self.edits_exact / self.edits if self.edits else None,
            "findings": self.findings,
            "true_edits": self.edits,
        }


# ----------------------------------------------------------------- word alignment

_PUNCT = "\"'“”‘’()[]{}.,;:!?«»–—-…*"
_TOKEN = re.compile(r"\S+")


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Word tokens (surrounding punctuation stripped, case kept) with char spans."""
    out = []
    for m in _TOKEN.finditer(text):
        tok = m.group()
        left = len(tok) - len(tok.lstrip(_PUNCT))
        core = tok.strip(_PUNCT)
        if not core:
            continue
        # keep an abbreviation's final dot ("U.S.") so it compares whole
        if "." in core and tok[left + len(core) : left + len(core) + 1] == ".":
            core += "."
        s = m.start() + left
        out.append((core, s, s + len(core)))
    return out


def words(text: str) -> list[str]:
    return [w for w, _, _ in word_spans(text)]


@dataclass
class RestoreCounts:
    changed: int = 0  # original words the spinner replaced
    changed_restored: int = 0  # ... that the restored text has back, aligned
    unchanged: int = 0  # original words the spinner left alone
    unchanged_kept: int = 0  # ... that the restored text still has, aligned
    edits: int = 0
    #: edits undone exactly: the edit's original words and their original neighbours
    #: are consecutive in the restored text (nothing of the spinner's left between
    #: them). Adjacent edits must therefore both be right.
    edits_reverted: int = 0

    def summary(self) -> dict:
        return {
            "changed_words_restored": self.changed_restored / self.changed if self.changed else None,
            "unchanged_words_kept": self.unchanged_kept / self.unchanged if self.unchanged else None,
            "edits_reverted_exactly": self.edits_reverted / self.edits if self.edits else None,
            "changed_words": self.changed,
            "unchanged_words": self.unchanged,
            "edits": self.edits,
        }


def _equal_map(a: list[str], b: list[str]) -> tuple[list[int | None], list[int]]:
    """For each a[i], the b index it is aligned to as equal (or None); and, for
    each gap position 0..len(a), how many b tokens are inserted there."""
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    amap: list[int | None] = [None] * len(a)
    inserted = [0] * (len(a) + 1)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                amap[i1 + k] = j1 + k
        elif tag == "insert":
            # b tokens with no counterpart, in the gap before a[i1]; replaced
            # tokens already leave their a tokens unaligned
            inserted[i1] += j2 - j1
    return amap, inserted


def changed_word_mask(original: str, edits: Iterable[tuple[int, int, str]]) -> tuple[list[str], list[bool], list[tuple[int, int]]]:
    """Original words, whether each was really changed by an edit, and each edit's
    word-index range. ``edits``: (orig_start, orig_end, spun_text).

    A word inside an edit span that also survives in the edit's spun text
    ("and" in "and" -> "and you can") is not a changed word."""
    spans = word_spans(original)
    toks = [w for w, _, _ in spans]
    changed = [False] * len(toks)
    ranges = []
    for a, b, spun in edits:
        idx = [i for i, (_, s, e) in enumerate(spans) if s < b and a < e]
        if not idx:
            ranges.append((0, -1))
            continue
        ranges.append((idx[0], idx[-1]))
        ow = [toks[i] for i in idx]
        amap, _ = _equal_map(ow, words(spun))
        for k, i in enumerate(idx):
            if amap[k] is None:
                changed[i] = True
    return toks, changed, ranges


def restoration_counts(
    original: str, restored: str, edits: Iterable[tuple[int, int, str]], counts: RestoreCounts | None = None
) -> RestoreCounts:
    """Compare ``restored`` with ``original`` word by word (difflib alignment)."""
    counts = counts or RestoreCounts()
    edits = list(edits)
    toks, changed, ranges = changed_word_mask(original, edits)
    amap, inserted = _equal_map(toks, words(restored))
    for i, ch in enumerate(changed):
        ok = amap[i] is not None
        if ch:
            counts.changed += 1
            counts.changed_restored += ok
        else:
            counts.unchanged += 1
            counts.unchanged_kept += ok
    for lo, hi in ranges:
        if hi < lo:
            continue
        counts.edits += 1
        # the edit's words and their original neighbours, consecutive in the restored text
        a, b = max(lo - 1, 0), min(hi + 1, len(toks) - 1)
        chain = [amap[i] for i in range(a, b + 1)]
        ok = all(x is not None for x in chain) and all(y == x + 1 for x, y in zip(chain, chain[1:]))
        counts.edits_reverted += ok
    return counts


# ----------------------------------------------------------------------- helpers


def norm_phrase(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip()).casefold()


def mean(xs: Sequence[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def rnd(x, nd: int = 4):
    """Round floats (recursively) for readable JSON."""
    if isinstance(x, float):
        return round(x, nd) if math.isfinite(x) else None
    if isinstance(x, dict):
        return {k: rnd(v, nd) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [rnd(v, nd) for v in x]
    return x
