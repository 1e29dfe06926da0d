"""Injected spam: words slipped into someone else's text.

Two detectors over the (encoding-repaired) text, both in :mod:`unspin.injected`:

- foreign fragments: a run of another language inside an English sentence
  (per-language word frequencies, script, residual mojibake undone per word),
  widened to the English brand words glued to it when the trigram LM reads the
  sentence as well without them;
- same-language insertions: phrases whose seams break the sentence (trigram LM)
  and whose words are foreign to the page's topic (used nowhere else on it, and
  unrelated to its other words by word vectors), with or without commercial
  vocabulary; URLs dropped into prose. The finding's ``detail`` names the signal
  (``foreign``, ``offtopic`` with a commercial word or URL, ``coherence`` without).

Every finding suggests deleting the span (``""``); the pipeline mends the seam.
Settings may be passed as ``options.extra["injected"]`` (a dict): ``foreign``
and ``offtopic`` (booleans, default true).
"""

from __future__ import annotations

from typing import Any

from .. import prose
from ..findings import Finding
from ..injected import foreign, offtopic, topic
from ..injected.words import sentences, tokenize
from ..spans import SpanIndex


def detect(text: str, options: Any = None) -> list[Finding]:
    settings = {}
    extra = getattr(options, "extra", None) or {}
    if isinstance(extra.get("injected"), dict):
        settings = extra["injected"]
    tokens = tokenize(text)
    if len(tokens) < 4:
        return []
    sents = sentences(tokens)
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []
    # One page topic (word vectors) for both detectors; made only if one asks for it.
    shared = topic.SharedPage(tokens)
    if settings.get("foreign", True):
        for run in foreign.find_runs(tokens, sents, shared):
            found.append(_foreign_finding(text, tokens, run))
            taken.append((run.i, run.j))
    if settings.get("offtopic", True):
        for ins in offtopic.find_insertions(tokens, sents, text, taken, shared):
            found.append(ins.to_finding(text, tokens))
    if found:
        # a program's own strings (a doctest parsing "saat önce") are not spam
        code = SpanIndex(prose.literal_lines(text))
        found = [f for f in found if not code.covering(f.start, f.end)]
    found.sort(key=lambda f: (f.start, f.end))
    return found


def _foreign_finding(text: str, tokens, run) -> Finding:
    start, end = tokens[run.i].start, tokens[run.j].end
    name = foreign.LANG_NAMES.get(run.lang, run.lang.replace("-", " ").title() if run.lang else "another language")
    why = [f"{'a word' if run.single else 'words'} common in {name} but not in English inside an English sentence"]
    if run.repaired:
        why.append("read after undoing a wrong decoding")
    kl, kr = run.extended
    if kl or kr:
        why.append(f"with {kl + kr} adjoining English word(s) that the sentence reads better without")
    conf = min(0.99, 0.55 + 0.08 * run.score)
    return Finding(
        kind="injected", start=start, end=end, text=text[start:end], suggestion="",
        confidence=round(conf, 4), evidence="; ".join(why) + ".",
        detail=(("signal", "foreign"), ("language", run.lang), ("score", round(run.score, 2)),
                ("extended", [kl, kr]), ("repaired", run.repaired)),
    )
