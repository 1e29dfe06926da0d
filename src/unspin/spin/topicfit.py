"""Topic fit: are a page's words the on-topic choice among their synonyms?

A spinner swaps content words for thesaurus synonyms blind to what the page is
about ("lovers" on a page about alliances, "safeguard the region" for "defend
its territory"). An honest writer picks words that belong to the page. For
every content word that a spinner may have put in (it has candidate originals
in the inverted thesaurus, ``resources.subst_table``), compare how related the
word is to the rest of the page with how related its most related candidate is
(GloVe topic vectors, ``data/topic-vectors.npz``, shared with
``injected.topic``):

* ``cos``: cosine with the page's topic (the sum of its other content words);
* ``near``: the highest cosine with any other content word of the page.

The per-word gain (candidate minus word) is summarised per page (mean, share
over a margin); the page score reads them as rates, so no genre's vocabulary
or LM coverage enters: a licence text whose words are all on-topic legal words
scores as low as a Wikipedia page.

Pure and deterministic: tokens in, numbers out; no LM look-ups.
"""

from __future__ import annotations

from itertools import chain

import numpy as np

from ..injected.foreign import FUNCTION_WORDS
from ..injected.topic import vectors
from .inflect import carried_over
from .memo import flat_cache
from .resources import subst_table

#: candidate originals per lemma considered (best prior first)
CANDS = 8
#: a word's candidate must beat it by this much (cosine) to count as "more on-topic"
MARGIN_COS = 0.15
MARGIN_NEAR = 0.15
#: fewer content words than this: no topic to judge against (features are 0)
MIN_CONTENT = 8
#: the features, in order (see :func:`features`)
NAMES = ("tf_cos_mean", "tf_cos_share", "tf_near_mean", "tf_near_share", "tf_word_cos", "tf_word_near")


@flat_cache(200_000)
def candidates(word: str) -> tuple[int, ...]:
    """Rows (in :func:`injected.topic.vectors`) of the candidate originals of ``word``:
    the first ``CANDS`` of the inverted thesaurus, inflection carried over."""
    index, _ = vectors()
    table = subst_table()
    got = carried_over(word, lambda lem: table.get(lem, ()), CANDS, index.__contains__)
    return tuple(index[c] for c in got if c in index)


def features(tokens) -> list[float]:
    """``NAMES`` for the page of ``tokens`` (``spin.tokens.Token``): over its
    content words with candidate originals, the mean gain in topic cosine /
    nearest-neighbour cosine of the best candidate over the word itself, the
    share of words where that gain exceeds the margin; and all content words'
    own mean topic cosine / nearest cosine. A long text is judged in windows
    of ``WINDOW`` content words (each its own topic), averaged by size;
    with too few content words to know a topic, ``NEUTRAL``."""
    index, vec = vectors()
    rows, lows = [], []
    for t in tokens:
        w = t.low
        if not _content(w):
            continue
        r = index.get(w)
        if r is not None:
            rows.append(r)
            lows.append(w)
    n = len(rows)
    if n < MIN_CONTENT:
        return list(NEUTRAL)
    k = max(1, round(n / WINDOW))
    edges = [round(i * n / k) for i in range(k + 1)]
    acc = np.zeros(len(NAMES))
    wsum = np.zeros(len(NAMES))
    for a, b in zip(edges, edges[1:]):
        vals, n_cand = _window(rows[a:b], lows[a:b], vec)
        wts = np.array([n_cand] * 4 + [b - a] * 2, dtype=float)
        acc += np.asarray(vals) * wts
        wsum += wts
    return [float(acc[i] / wsum[i]) if wsum[i] else NEUTRAL[i] for i in range(len(NAMES))]


def page_cosines(tokens, pairs: list[tuple[str, str]]) -> list[tuple[float, float]]:
    """For each ``(word, candidate)`` (lowercase): the cosines of the word and of
    the candidate with the page's topic, the sum of the vectors of its content
    words with one occurrence of the word left out (0.0 for a word without a
    vector, or a page without content words). Read by a span's confidence
    (``scoring.SPAN_FEATURES``)."""
    if not pairs:
        return []
    index, vec = vectors()
    rows = [index[t.low] for t in tokens if _content(t.low) and t.low in index]
    if not rows:
        return [(0.0, 0.0)] * len(pairs)
    T = vec[rows].sum(0, dtype=np.float64)
    out = []
    for w, c in pairs:
        r = index.get(w)
        Tk = T - vec[r] if r is not None and _content(w) else T
        norm = float(np.sqrt(Tk @ Tk))
        if norm <= 1e-9:
            out.append((0.0, 0.0))
            continue
        rc = index.get(c)
        out.append((float(vec[r] @ Tk) / norm if r is not None else 0.0,
                    float(vec[rc] @ Tk) / norm if rc is not None else 0.0))
    return out


def _content(w: str) -> bool:
    return len(w) >= 3 and w not in FUNCTION_WORDS


#: content words per window of a long text (bounds the n x n similarity matrix)
WINDOW = 600
#: what a text too short to judge gets: no gain, typical own fit of honest text
NEUTRAL = (0.0, 0.0, 0.0, 0.0, 0.64, 0.75)


def _window(rows: list[int], lows: list[str], vec) -> tuple[list[float], int]:
    n = len(rows)
    M = vec[rows]  # (n, d), unit rows (quantised: nearly unit)
    T = M.sum(0)
    self_dot = np.einsum("ij,ij->i", M, M)
    # each word against the page without it (the same word elsewhere still counts)
    MT = M @ T
    Tk_norm = np.sqrt(np.maximum(T @ T - 2 * MT + self_dot, 1e-9))
    cos_w = (MT - self_dot) / Tk_norm
    # nearest other content word (not the same word form)
    ra = np.asarray(rows)
    S = M @ M.T
    S[ra[:, None] == ra[None, :]] = -2.0
    near_w = S.max(1)
    per_word = [candidates(w) for w in lows]
    lens = np.fromiter(map(len, per_word), dtype=np.int64, count=n)
    m = int(lens.sum())
    if not m:
        return [0.0, 0.0, 0.0, 0.0, float(cos_w.mean()), float(near_w.mean())], 0
    ck = np.repeat(np.arange(n), lens)  # the word of each candidate (ascending)
    C = vec[np.fromiter(chain.from_iterable(per_word), dtype=np.int64, count=m)]  # (m, d)
    cos_c = (C @ T - np.einsum("ij,ij->i", C, M[ck])) / Tk_norm[ck]
    has = lens > 0
    # each word's best candidate: a maximum over its run of candidates (in
    # order, as the unbuffered np.maximum.at did; -2.0 below any cosine)
    seg = (np.cumsum(lens) - lens)[has]
    best_cos = np.full(n, -2.0)
    best_cos[has] = np.maximum(best_cos[has], np.maximum.reduceat(cos_c, seg))
    SC = C @ M.T
    SC[np.arange(len(ck)), ck] = -2.0  # not the word's own position
    best_near = np.full(n, -2.0)
    best_near[has] = np.maximum(best_near[has], np.maximum.reduceat(SC.max(1), seg))
    g_cos = (best_cos - cos_w)[has]
    g_near = (best_near - near_w)[has]
    return [
        float(np.clip(g_cos, -0.5, 0.5).mean()),
        float((g_cos > MARGIN_COS).mean()),
        float(np.clip(g_near, -0.5, 0.5).mean()),
        float((g_near > MARGIN_NEAR).mean()),
        float(cos_w.mean()),
        float(near_w.mean()),
    ], int(has.sum())
