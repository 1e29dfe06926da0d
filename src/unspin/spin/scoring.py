"""Per-span confidence and the calibrated document score.

The document score is a logistic model over length-normalised aggregates
(:func:`doc_features`): the distribution of the substitution evidence of
``propose`` (mean, quantile, share > 0, LM gain of the best candidate,
candidates and strong ones per word), the phrase-habit and damage rates, and
the topic fit of the content words (``spin.topicfit``: how much more on-topic
their candidate originals are than they; GloVe vectors, no LM, so it holds
across genres the LM covers badly), and the word-level findings' confidences
per word (each finding's P(spun), :func:`span_probability`, which reads how
common the word and its suggestion are and how each fits the page's topic); each also
enters as its deviation scaled by sqrt(words), since the same mean is surer
in a longer text. Context-fit aggregates are not scored (see
``CONTEXT_FIT``).
The label threshold depends on the length band (:func:`label_threshold`).
Each language-model finding's reported confidence then reads the document
score too (:func:`finding_probability`).

The parameters come from ``data/spin-calibration.json``, fitted by
``scripts/calibrate_spin.py`` on development data only (synthetic spins of
honest text, short and web-page length, incl. 18th/19th-century SOTU text);
defaults below are used if it is missing.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources as _ir

import numpy as np

from . import topicfit
from .resources import shared_lm

#: per-document aggregate features (see :func:`doc_features`)
FEATURES = ("pmi_mean", "pmi_q10", "backoff_share", "mean_lp", "ev_mean", "pos_share", "delta_mean",
            "ev_q75", "cand_rate", "habit_soft", "habit_rate", "damage_rate", "strong_rate",
            "fit_0_1", "fit_1_2", "fit_2_3", "fit_3_4", "fit_4_6", "fit_6_up", *topicfit.NAMES, "span_p_rate",
            "log_words")
#: bin edges (nats) of the context-fit histogram of content words
FIT_BINS = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0)
#: how well the words fit their context (trigram minus unigram log-probability,
#: from :func:`token_lps`): NOT scored, and not computed by ``detect`` (about 6%
#: of its time). On Wikipedia and SOTU
#: text they separate spun from honest best of all, but they follow the genre:
#: honest licence texts and technical READMEs (never in the dev data) were
#: labelled spun up to 39% of the time with them, <= 1.6% without. Refitted with
#: Debian's fortunes in the calibration too (literary and playful English): dev
#: web-page F1 0.66 -> 0.77 on Wikipedia pages, but the short threshold rose
#: 0.78 -> 0.88 (short F1 down) and web-length licence texts were labelled 6.5%,
#: Debian READMEs 3.8% (0% without; ``scripts/check_spin_honest_genres.py``).
CONTEXT_FIT = ("pmi_mean", "pmi_q10", "backoff_share", "mean_lp",
               "fit_0_1", "fit_1_2", "fit_2_3", "fit_3_4", "fit_4_6", "fit_6_up")
#: the features the model reads
MODEL_FEATURES = tuple(f for f in FEATURES if f not in CONTEXT_FIT)
_MODEL_IDX = tuple(FEATURES.index(f) for f in MODEL_FEATURES)
#: features whose deviation from the dev mean is also used scaled by sqrt(words):
#: evidence that is a mean over the document grows surer with its length
LENGTH_SCALED = MODEL_FEATURES[:-1]
#: a word whose unigram log-probability (nats) is below this counts as a content word
CONTENT_UNI = -5.0

_DEFAULT = {
    # uncalibrated fallback: the evidence only
    "span": {"coef": [0.8], "bias": -5.5},
    "doc": {
        "features": list(MODEL_FEATURES),
        "center": [0.0] * len(LENGTH_SCALED),
        "mean": [0.0] * (len(MODEL_FEATURES) + len(LENGTH_SCALED)),
        "std": [1.0] * (len(MODEL_FEATURES) + len(LENGTH_SCALED)),
        # uncalibrated fallback: candidate evidence and the strong-span rates only
        "coef": [0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 60.0, 50.0, 60.0] + [0.0] * (len(MODEL_FEATURES) - 9)
        + [0.0] * len(LENGTH_SCALED),
        "bias": -3.0,
    },
    "threshold": 0.5,
}


@lru_cache(maxsize=1)
def calibration() -> dict:
    f = _ir.files("unspin") / "data" / "spin-calibration.json"
    try:
        return json.loads(f.read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError, ValueError):
        return _DEFAULT


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


#: what a span's confidence reads (:func:`span_inputs`); the five from
#: ``word_unigram`` on only for a single word with thesaurus candidates (0 otherwise):
#: * ``evidence``, ``share``: the proposal's evidence (nats) and its best
#:   candidate's share; ``habit``: a phrase habit; ``doc_rate``: how much of the
#:   rest of the document shows strong evidence (:func:`doc_rate`);
#:   ``log_words``: the document's length (at least ``SPAN_MIN_WORDS``);
#:   ``alternatives``: how many other candidates the finding lists;
#: * ``word_unigram``, ``word_zipf``, ``suggestion_zipf``: how common the word
#:   and its suggestion are (LM unigram nats, wordfreq Zipf);
#: * ``word_topic``, ``suggestion_topic``: their cosines with the page's topic
#:   (``topicfit.page_cosines``): a spinner's synonym is off-topic, its original on;
#: Whether the page repeats the word, or uses the suggestion elsewhere, is left
#: out: the synthetic spinner draws a synonym afresh at every site, so a
#: repeated word looked honest, but a real spinner with a fixed table repeats
#: its word wherever the original stood ("worth" four times, "couples" twice on
#: the seed page), and the fitted weight took confidence away from exactly those.
#: (What real spinners were seen to put in, ``lexical.real_odds``, is in the
#: evidence but not here: the synthetic spins the model is fitted on cannot
#: weigh it.)
SPAN_FEATURES = ("evidence", "share", "habit", "doc_rate", "log_words", "alternatives", "single", "word_unigram",
                 "word_zipf", "suggestion_zipf", "word_topic", "suggestion_topic")
#: each feature's place in a values list
SPAN_INDEX = {name: i for i, name in enumerate(SPAN_FEATURES)}
#: the features that get a second weight for single words (``span_inputs``)
_SPAN_BY_SINGLE = tuple(SPAN_INDEX[k] for k in ("evidence", "share", "doc_rate", "log_words", "alternatives"))
_EV, _SINGLE = SPAN_INDEX["evidence"], SPAN_INDEX["single"]
_WORD_TOPIC, _SUGG_TOPIC = SPAN_INDEX["word_topic"], SPAN_INDEX["suggestion_topic"]
#: ``log_words`` reads a shorter text as this long: the model was fitted on
#: documents of 30 words and more (1% under 50) and is not extrapolated to a
#: single sentence
SPAN_MIN_WORDS = 50
#: evidence (nats) is also read clipped here (a very strong one adds no more)
SPAN_EV_CLIP = 12.0


def span_inputs(raw: list[float]) -> list[float]:
    """The span model's inputs from ``SPAN_FEATURES`` values: the features, the
    general ones again for single words only (their own weights), the clipped
    evidence, its square (/10) and the topic gain of the suggestion over the word."""
    single = raw[_SINGLE]
    ev = raw[_EV]
    return (list(raw) + [raw[i] * single for i in _SPAN_BY_SINGLE]
            + [min(ev, SPAN_EV_CLIP), ev * ev / 10.0, topic_gain(raw)])


def topic_gain(raw: list[float]) -> float:
    """How much better the suggestion fits the page's topic than the word (0 unless a single word)."""
    return raw[_SUGG_TOPIC] - raw[_WORD_TOPIC]


def span_probability(raw: list[float], cal: dict | None = None) -> float:
    """P(the span was put there by a spinner) from its ``SPAN_FEATURES`` values
    (a logistic model fitted by ``scripts/calibrate_spin.py``)."""
    c = (cal or calibration())["span"]
    x = span_inputs(raw)
    mean, std = c.get("mean") or [0.0] * len(x), c.get("std") or [1.0] * len(x)
    s = c["bias"]
    for w, v, m, sd in zip(c["coef"], x, mean, std):
        s += w * (v - m) / (sd or 1.0)
    return sigmoid(s)


def logit(p: float) -> float:
    """The log-odds of ``p``, clipped to [1e-6, 1 - 1e-6] first."""
    p = min(max(p, 1e-6), 1.0 - 1e-6)
    return math.log(p / (1.0 - p))


#: the features of :func:`finding_probability`, in the order of its coefficients
SPAN_PRIOR_FEATURES = ("confidence_logit", "doc_below", "doc_above")


def span_prior_inputs(confidence: float, score: float, threshold: float, cap: float) -> list[float]:
    """:func:`finding_probability`'s inputs: the finding's log-odds, and how far the
    document score lies below and above the label threshold (log-odds, each
    clipped at ``cap``)."""
    gap = logit(score) - logit(threshold)
    return [logit(confidence), max(-cap, min(0.0, gap)), max(0.0, min(cap, gap))]


def finding_probability(confidence: float, score: float, threshold: float, cal: dict | None = None) -> float:
    """A finding's P(spun) read together with its page's document score: the same
    words are less likely a spinner's in a page that reads as honest as a whole.
    A logistic model over :func:`span_prior_inputs` (``span_prior`` of the
    calibration, fitted by ``scripts/calibrate_span_prior.py`` on development
    documents in a mix of mostly honest pages), used one way only: it may lower
    ``confidence``, never raise it (the fit also raises findings in pages near or
    above the threshold; on dev that put back more of the spinner's words, 15.4%
    against 14.9%, but kept fewer of the others, 99.45% against 99.54%, and left
    more findings at least 0.5 sure on honest text, 0.91 per 1000 words against
    0.61). ``confidence`` itself where the calibration has none."""
    c = (cal or calibration()).get("span_prior")
    if not c:
        return confidence
    x = span_prior_inputs(confidence, score, threshold, float(c.get("cap", 4.0)))
    return min(confidence, sigmoid(c["bias"] + sum(w * v for w, v in zip(c["coef"], x))))


#: words of honest text assumed around every document, so that one strong span
#: in a short text does not make the whole text look spun
DOC_RATE_PRIOR_WORDS = 60


def doc_soft_count(evidences: list[float]) -> float:
    return sum(sigmoid(e - 4.0) for e in evidences)


def doc_rate(n_words: int, soft_total: float, own_evidence: float | None = None) -> float:
    """Smoothed share of words with strong substitution evidence, leaving out the
    span being judged (``own_evidence``)."""
    s = soft_total - (sigmoid(own_evidence - 4.0) if own_evidence is not None else 0.0)
    return 10.0 * max(s, 0.0) / (max(n_words, 0) + DOC_RATE_PRIOR_WORDS)


def token_lps(tokens) -> tuple[np.ndarray, np.ndarray]:
    """Trigram and unigram log-probabilities (nats) of every token, in the LM
    contexts of ``spin.lexical.propose`` (a break in the text restarts at <s>);
    two array calls. Unknown words get ``UNK_NATS`` in both."""
    n = len(tokens)
    if not n:
        return np.zeros(0), np.zeros(0)
    arr = shared_lm().arrays
    vget = arr.vocab.get
    ids = np.fromiter((vget(t.low, -1) for t in tokens), dtype=np.int64, count=n)
    brk = np.fromiter((t.gap == "|" for t in tokens), dtype=bool, count=n)
    brk[0] = True
    bos = vget("<s>", -1)
    h1 = np.empty(n, dtype=np.int64)
    h1[0] = bos
    h1[1:] = np.where(brk[1:], bos, ids[:-1])
    h2 = np.full(n, -1, dtype=np.int64)
    h2[1:] = np.where(brk[1:], -1, h1[:-1])
    tri = arr.lp(ids, h1, h2)
    uni = arr.lp(ids, np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64))
    return tri, uni


def doc_features(n_words: int, tri: np.ndarray | None, uni: np.ndarray | None, thes_ev, thes_delta, habit_ev,
                 n_damage: int, topic: list[float] | None = None, span_p=()) -> list[float]:
    """The document's aggregate features (``FEATURES``), all length-normalised.

    * how well the words fit their context beyond what their frequency
      predicts (trigram minus unigram log-probability: a spinner's synonym is
      seldom seen after the words before it): mean over all words, the 10%
      quantile, the share that gain less than 1 nat, and the shares of content
      words in the bins of ``FIT_BINS``;
    * the substitution evidence of every surprising word with a thesaurus
      candidate (``propose``): mean, share > 0, the LM gain of the best
      candidate, 75% quantile, their number per word, strong ones per word;
    * the spinner's phrase habits and the damage rules, per word (the first
      damage finding is not counted: one lone "i" or lowercased name is as
      likely a formula, a foreign name or a typo; a pattern of them is not);
    * topic fit (``topic``, from :func:`topicfit.features`; zeros if not
      given): how much more on-topic the content words' candidate originals
      are than the words themselves;
    * ``span_p_rate``: the word-level findings' confidences (``span_p``, each
      P(spun) from :func:`span_probability`) added up, per word."""
    n = max(n_words, 1)
    if tri is None or uni is None:  # context fit not computed (it is not scored)
        pmi = mean_lp = 0.0
        ctx = _NO_CONTEXT_FIT
    else:
        if len(tri):
            d = tri - uni
            c = d[uni < CONTENT_UNI]
            pmi = float(d.mean())
            mean_lp = float(tri.mean())
        else:
            c = np.zeros(0)
            pmi = mean_lp = 0.0
        if not len(c):
            c = np.zeros(1)
        hist = np.histogram(c, bins=(*FIT_BINS, np.inf))[0] / len(c)
        ctx = (float(np.quantile(c, 0.1)), float((c < 1.0).mean()), *(float(v) for v in hist))
    ev = np.asarray(thes_ev, dtype=float) if len(thes_ev) else np.full(1, -10.0)
    bd = np.asarray(thes_delta, dtype=float) if len(thes_delta) else np.zeros(1)
    hv = np.asarray(habit_ev, dtype=float)
    return [
        pmi,
        ctx[0],
        ctx[1],
        mean_lp,
        float(np.clip(ev, -10.0, 15.0).mean()),
        float((ev > 0).mean()),
        float(np.clip(bd, -10.0, 15.0).mean()),
        quantile(thes_ev, 0.75) if len(thes_ev) else -10.0,
        len(thes_ev) / n,
        float((1.0 / (1.0 + np.exp(-(hv - 2.0)))).sum()) / n if len(hv) else 0.0,
        float((hv >= 4.0).sum()) / n if len(hv) else 0.0,
        max(n_damage - 1, 0) / n,
        float((ev >= 4.0).sum()) / n if len(thes_ev) else 0.0,
        *ctx[2:],
        *(topic if topic is not None else [0.0] * len(topicfit.NAMES)),
        math.fsum(span_p) / n,
        math.log(n),
    ]


def quantile(xs, q: float) -> float:
    """``float(numpy.quantile(xs, q))`` (the default "linear" method) for a
    short list of floats, with numpy's own arithmetic (virtual index
    ``n*q + (1 - q) - 1``, then its two-sided interpolation), but without its
    array machinery, which costs more than the rest of the document features."""
    s = sorted(xs)
    n = len(s)
    if not n or s[-1] != s[-1] or s[0] != s[0]:  # empty, or NaN: numpy's answer
        return float(np.quantile(np.asarray(xs, dtype=float), q))
    if n == 1:  # (numpy keeps a lone -0.0 as it is)
        return float(s[0])
    v = n * q + (1 - q) - 1  # numpy: n*q + (alpha + q*(1 - alpha - beta)) - 1, alpha = beta = 1
    prev = math.floor(v)
    g = v - prev
    a = s[min(max(prev, 0), n - 1)]
    b = s[min(max(prev + 1, 0), n - 1)]
    d = b - a
    return float(b - d * (1 - g)) if g >= 0.5 else float(a + d * g)


#: the context-fit features of a text whose context fit is not computed (what
#: the computation gives on a single 0.0: 10% quantile 0, share < 1 nat 1.0, all
#: in the first histogram bin), so that it is not repeated for every document
_NO_CONTEXT_FIT = (0.0, 1.0) + (1.0,) + (0.0,) * (len(FIT_BINS) - 1)


def model_inputs(x: list[float], center: list[float]) -> list[float]:
    """What the model reads, from all ``FEATURES``: the ``MODEL_FEATURES`` and
    their length-scaled deviations."""
    r = math.sqrt(math.exp(x[-1])) / 10.0
    m = [x[i] for i in _MODEL_IDX]
    return m + [(v - c) * r for v, c in zip(m[: len(LENGTH_SCALED)], center)]


#: documents of up to this many words are "short" (their own label threshold)
SHORT_WORDS = 250


def label_threshold(n_words: int, cal: dict | None = None) -> float:
    """The label threshold for a document of ``n_words`` words: per length band,
    each chosen on honest dev documents of that length (a short text's score is
    noisier, so it needs a higher one)."""
    c = cal or calibration()
    for max_words, t in c.get("thresholds", ()):
        if max_words is None or n_words <= max_words:
            return float(t)
    return float(c.get("threshold", 0.5))


def doc_probability(x: list[float], cal: dict | None = None) -> float:
    d = (cal or calibration())["doc"]
    z = model_inputs(x, d.get("center", [0.0] * len(LENGTH_SCALED)))
    s = d["bias"] + sum(c * (v - m) / (sd or 1.0) for c, v, m, sd in zip(d["coef"], z, d["mean"], d["std"]))
    return sigmoid(s)
