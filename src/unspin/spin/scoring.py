"""Per-span confidence and the calibrated document score.

The parameters come from ``data/spin-calibration.json``, fitted by
``scripts/calibrate_spin.py`` on development data only (synthetic spins of
honest text); defaults below are used if it is missing.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources as _ir

FEATURES = ("soft_rate", "strong_rate", "damage_rate", "habit_rate", "mean_lp", "log_words",
            "ev_mean", "pos_share", "habit_soft", "conf_rate")

_DEFAULT = {
    "span": {"coef": [0.8, 1.0, 0.0], "bias": -5.5},
    "doc": {
        "mean": [0.0] * len(FEATURES),
        "std": [1.0] * len(FEATURES),
        "coef": [40.0, 60.0, 50.0, 20.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
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


def span_probability(evidence: float, share: float, habit: bool, doc_rate: float = 0.0,
                     cal: dict | None = None) -> float:
    """P(the span was put there by a spinner), given its own evidence and how
    much evidence of spinning the whole document shows (``doc_rate``)."""
    c = (cal or calibration())["span"]
    w = list(c["coef"]) + [0.0] * 4
    return sigmoid(w[0] * evidence + w[1] * share + w[2] * (1.0 if habit else 0.0)
                   + w[3] * doc_rate + c["bias"])


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


def doc_features(n_words: int, evidences: list[float], n_damage: int, n_habit: int,
                 lp_sum: float, n_lm: int, all_ev: list[float] = (), habit_ev: list[float] = (),
                 confs: list[float] = ()) -> list[float]:
    n = max(n_words, 1)
    m = max(len(all_ev), 1)
    soft = sum(sigmoid(e - 4.0) for e in evidences) / n
    strong = sum(1 for e in evidences if e >= 6.0) / n
    return [
        soft,
        strong,
        n_damage / n,
        n_habit / n,
        lp_sum / max(n_lm, 1),
        math.log(n),
        sum(min(max(e, -10.0), 15.0) for e in all_ev) / m,
        sum(1 for e in all_ev if e > 0) / m,
        sum(sigmoid(e - 2.0) for e in habit_ev) / n,
        sum(confs) / n,
    ]


def doc_probability(x: list[float], cal: dict | None = None) -> float:
    d = (cal or calibration())["doc"]
    z = d["bias"] + sum(c * (v - m) / (s or 1.0) for c, v, m, s in zip(d["coef"], x, d["mean"], d["std"]))
    return sigmoid(z)
