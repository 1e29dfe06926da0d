"""The precise tier's document score: is this document spun, read with SmolLM2.

One job: turn what the precise tier measured in a document (for every slot it
rescored, how much likelier SmolLM2 finds its best candidate original than the
word as written) into a calibrated probability that the document was spun, and
its label. Pure functions over those numbers; the model itself is not needed
here.

The default tier's document score reads the trigram LM's evidence, which tells
a spun word from an honest one only where the n-gram counts know the
difference: single content-word synonyms ("a capable swimmer") mostly go
unnoticed. SmolLM2 reads the whole sentence, and on dev spins a slot where it
prefers a candidate by many nats is a much better sign of a spinner. The score
is a logistic model over the default tier's score (as a log-odds) and the
precise tier's slot gains per word, fitted on dev-split synthetic spins and
their honest originals by ``scripts/calibrate_precise.py``, which also sets a
label threshold per length band on the honest dev documents (read, like the
default tier's, by ``scoring.label_threshold``); both are shipped in
``data/spin-calibration-precise.json``.

Measured (``python -m benchmarks.spin_detection --precise 10 --jobs 2``: 90 spun test
documents of the tuning styles, 15 of the held-out spinner, 70 honest ones and 30
fortunes, each also read by the default tier), default -> precise: ROC-AUC 0.865 ->
0.972 (short texts 0.824 -> 0.971, web pages 0.962 -> 0.975, the held-out spinner 0.801
-> 0.977); recall at <= 2% false positives 45.6% -> 83.3%; F1 at the label 0.598 ->
0.636 (short) and 0.696 -> 0.868 (web); honest documents labelled spun 1 -> 0 of 70,
fortunes 0 -> 1 of 30 (poems and deliberately thesaurus-spun proverbs read like spun
text to SmolLM2; the highest-scoring one on dev sets the short threshold, 0.83). A first, smaller run
(--precise 6) gave ROC-AUC 0.770 -> 0.919 but short-text F1 0.400 -> 0.200: the
samples are small. (Dev, in sample: ROC-AUC 0.816 -> 0.902.) The per-word sum of
positive gains was also offered to the fit and got no weight.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources as _ir

from .scoring import logit, sigmoid

#: the features, in the order of the calibration's weights
FEATURES = ("fast_logit", "strong_rate", "gain_rate", "found_rate")
#: a slot counts as strong where SmolLM2's best candidate gains this many nats over
#: the word as written (the decision margin is 5: a strong slot is a sure one)
STRONG_GAIN = 8.0
#: documents shorter than this count as this long in the per-word rates (a rate
#: over a 12-word text is noise)
MIN_WORDS = 30


def best_gains(scored) -> list[float]:
    """Each scored slot's best gain over keeping the word as written (nats), from
    ``precise.score_all``: the numbers the document score reads."""
    return [max(g for _, g, _ in res) for _, res in scored if res]


def features(fast_score: float, n_words: int, gains: list[float], n_found: int) -> list[float]:
    """The document's :data:`FEATURES` from the default tier's score, the slots' best
    gains (:func:`best_gains`) and the precise tier's spun findings: the score as
    log-odds; per 100 words, the strong slots and the findings; per word, the summed
    positive gains."""
    per = 100.0 / max(n_words, MIN_WORDS)
    strong = sum(1 for g in gains if g >= STRONG_GAIN)
    gain = sum(max(0.0, g) for g in gains)
    return [logit(fast_score), strong * per, gain * per / 100.0, n_found * per]


@lru_cache(maxsize=1)
def calibration() -> dict | None:
    """The shipped calibration (``data/spin-calibration-precise.json``), or None."""
    f = _ir.files("unspin") / "data" / "spin-calibration-precise.json"
    try:
        cal = json.loads(f.read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError, ValueError):
        return None
    return cal if cal.get("features") == list(FEATURES) else None


def probability(x: list[float], cal: dict) -> float:
    """P(spun) of a document with features ``x`` under the calibration ``cal``."""
    return sigmoid(cal["bias"] + sum(c * (v - m) / (s or 1.0)
                                     for c, v, m, s in zip(cal["coef"], x, cal["mean"], cal["std"])))
