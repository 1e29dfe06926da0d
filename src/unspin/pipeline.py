"""The functional core: text in, report out.

``analyze`` runs every detector over a text and composes their findings into
a :class:`~unspin.findings.Report`. Detectors are pure functions
``detect(text, options) -> findings``; the order matters only in that
encoding repair runs first, so that the detectors that read words (injected
spam, spinning) see repaired text. Their spans are mapped back to the
original text before they are reported.

``clean`` applies only safe repairs (encoding, injected spam, repeats);
``restore`` applies those and puts back the likely original of spun wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from .detectors import injected, mojibake, repeated, spin
from .edits import Edit, OffsetMap, apply_edits, remap_finding, select_edits
from .findings import KINDS, Finding, Report

#: When edits compete for the same characters, the earlier kind wins.
CLEAN_PRIORITY = ("repeated", "injected", "mojibake")
RESTORE_PRIORITY = CLEAN_PRIORITY + ("spun",)


@dataclass(frozen=True)
class Options:
    """What to look for and how. The defaults are the product's defaults."""

    #: Finding kinds to detect.
    kinds: tuple[str, ...] = KINDS
    #: User lexicons of ``tortured -> expected`` phrases (see ``unspin.lexicon``).
    lexicons: tuple[Any, ...] = ()
    #: Spinner tables learned from spun copies (see ``unspin.spintable``).
    spinner_tables: tuple[Any, ...] = ()
    #: ``"fast"`` (default, crawl speed) or ``"precise"`` (adds the optional causal LM,
    #: which re-decides the spun findings and, with them, the document's spun score).
    tier: str = "fast"
    #: Override the document label threshold on ``spun_score``.
    threshold: float | None = None
    #: ``restore`` only applies spun suggestions at least this confident.
    restore_min_confidence: float = 0.5
    #: The report lists only findings at least this confident (0: all of them;
    #: ``cleaned`` and ``restored`` do not depend on it).
    min_confidence: float = 0.0
    #: Extra detector-specific settings.
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        bad = [k for k in self.kinds if k not in KINDS]
        if bad:
            raise ValueError(f"unknown finding kind(s): {', '.join(bad)}")
        if self.tier not in ("fast", "precise"):
            raise ValueError(f"unknown tier {self.tier!r} (use 'fast' or 'precise')")
        if self.threshold is not None and not 0.0 <= self.threshold <= 1.0:
            raise ValueError("threshold must be between 0 and 1")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError("min_confidence must be between 0 and 1")


DEFAULT_OPTIONS = Options()


def analyze(text: str, options: Options | None = None) -> Report:
    """Find mojibake, injected spam, repeated lines and spun wording in ``text``."""
    if not isinstance(text, str):
        raise TypeError(f"analyze() takes str, not {type(text).__name__}")
    opts = options or DEFAULT_OPTIONS
    findings: list[Finding] = []

    if "mojibake" in opts.kinds:
        findings.extend(mojibake.detect(text, opts))
    repaired, omap = apply_edits(text, select_edits(findings, ("mojibake",)))

    if "repeated" in opts.kinds:
        findings.extend(repeated.detect(text, opts))

    if "injected" in opts.kinds:
        findings.extend(_in_original(injected.detect(repaired, opts), omap, text))

    spun_score, threshold, metrics = 0.0, spin.DEFAULT_THRESHOLD, {}
    if "spun" in opts.kinds:
        result = spin.detect(repaired, opts)
        findings.extend(_in_original(result.findings, omap, text))
        spun_score, threshold, metrics = result.score, result.threshold, result.metrics
    if opts.threshold is not None:
        threshold = opts.threshold

    findings.sort(key=lambda f: (f.start, f.end, KINDS.index(f.kind)))
    cleaned = _rewrite(text, findings, CLEAN_PRIORITY, opts)
    restored = _rewrite(text, findings, RESTORE_PRIORITY, opts)
    return Report(
        text=text,
        spun_score=spun_score,
        label="spun" if spun_score >= threshold else "clean",
        findings=tuple(findings),
        cleaned=cleaned,
        restored=restored,
        threshold=threshold,
        metrics=metrics,
    ).at_least(opts.min_confidence)


def clean(text: str, options: Options | None = None) -> str:
    """``text`` with only safe repairs: encoding, injected spam, repeated lines."""
    opts = replace(options or DEFAULT_OPTIONS, kinds=CLEAN_PRIORITY)
    return analyze(text, opts).cleaned


def restore(text: str, options: Options | None = None) -> str:
    """``text`` with safe repairs and spun wording put back to its likely original."""
    return analyze(text, options).restored


def _in_original(found: list[Finding], omap: OffsetMap, original: str) -> list[Finding]:
    return [remap_finding(f, omap, original) for f in found]


def _rewrite(text: str, findings: list[Finding], priority: tuple[str, ...], opts: Options) -> str:
    usable = [
        f
        for f in findings
        if f.kind != "spun" or f.confidence >= opts.restore_min_confidence
    ]
    edits = [_mend_seam(text, e) for e in select_edits(usable, priority)]
    edits = _drop_overlaps(edits)
    if edits and not edits[-1].replacement and edits[-1].end == len(text):
        # Whole lines deleted at the very end: take the line break before them too.
        last = edits[-1]
        keep = len(text[: last.start].rstrip("\r\n"))
        if keep < last.start and (len(edits) < 2 or edits[-2].end <= keep):
            edits[-1] = Edit(keep, last.end, "")
    new, _ = apply_edits(text, edits)
    return new


_SPACE = re.compile(r"[ \t]+")


def _mend_seam(text: str, e: Edit) -> Edit:
    """Widen a deletion so that no double space, stray blank line or space before
    punctuation is left where the span was."""
    if e.replacement or e.start == e.end:
        return e
    start, end = e.start, e.end
    line_start = start == 0 or text[start - 1] == "\n"
    line_end = end == len(text) or text[end] in "\r\n"
    if line_start and line_end:
        # A whole line: take its line break(s) with it, or the preceding ones at the end.
        m = re.compile(r"(?:\r?\n)+").match(text, end)
        if m:
            return Edit(start, m.end(), "")
        m2 = re.search(r"(?:\r?\n)+$", text[:start])
        return Edit(m2.start() if m2 else start, end, "")
    after = _SPACE.match(text, end)
    if after and (start == 0 or text[start - 1] in " \t\n"):
        return Edit(start, after.end(), "")
    if after is None and start > 0 and text[start - 1] in " \t":
        # "word <span>." -> "word."  (the whitespace right before the span goes with it)
        b = start
        while b > 0 and text[b - 1] in " \t":
            b -= 1
        if b > 0 and text[b - 1] != "\n":
            return Edit(b, end, "")
    return e


def _drop_overlaps(edits: list[Edit]) -> list[Edit]:
    """Widened deletions may now touch their neighbours: merge touching or
    overlapping deletions, and drop any other edit that overlaps an earlier one."""
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        prev = out[-1] if out else None
        if prev and not prev.replacement and not e.replacement and e.start <= prev.end:
            out[-1] = Edit(prev.start, max(prev.end, e.end), "")
            continue
        if prev and e.start < prev.end:
            continue
        out.append(e)
    return out
