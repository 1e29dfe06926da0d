"""The contract every detector and every adapter relies on: findings and reports.

A :class:`Finding` is one thing unspin noticed in a text, anchored by code-point
offsets into the text that was analysed. A :class:`Report` is everything about
one document. Both are plain frozen data; ``to_dict`` gives the JSON that
``unspin analyze --json`` prints and the HTTP API returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

#: The kinds of finding, in the order they are listed in reports.
KINDS = ("mojibake", "injected", "repeated", "spun")

#: What each kind means, for help texts and the README.
KIND_DESCRIPTIONS = {
    "mojibake": "text decoded with the wrong character encoding; suggestion is the repaired text",
    "injected": "words slipped into someone else's text (spam keywords, foreign fragments); "
    "suggestion is what the span should become (usually empty)",
    "repeated": "a line or paragraph that repeats an earlier one; suggestion is empty (drop it)",
    "spun": "wording a spinner substituted; suggestion is the likely original",
}

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Finding:
    """One observation about a span ``text[start:end]`` of the analysed text.

    ``suggestion`` is the replacement unspin would make (``""`` means delete,
    ``None`` means no replacement is proposed). ``alternatives`` lists other
    candidate replacements, best first, each as ``(text, confidence)``.
    """

    kind: str
    start: int
    end: int
    text: str
    suggestion: str | None
    confidence: float
    evidence: str
    alternatives: tuple[tuple[str, float], ...] = ()
    detail: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown finding kind {self.kind!r}")
        if not (0 <= self.start <= self.end):
            raise ValueError(f"bad span {self.start}..{self.end}")
        if not (0.0 <= self.confidence <= 1.0):
            raise ValueError(f"confidence {self.confidence} outside 0..1")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "suggestion": self.suggestion,
            "confidence": round(self.confidence, 4),
            "evidence": self.evidence,
        }
        if self.alternatives:
            out["alternatives"] = [
                {"text": t, "confidence": round(c, 4)} for t, c in self.alternatives
            ]
        if self.detail:
            out["detail"] = dict(self.detail)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        return cls(
            kind=d["kind"],
            start=d["start"],
            end=d["end"],
            text=d["text"],
            suggestion=d.get("suggestion"),
            confidence=d["confidence"],
            evidence=d["evidence"],
            alternatives=tuple((a["text"], a["confidence"]) for a in d.get("alternatives", ())),
            detail=tuple(d.get("detail", {}).items()),
        )


@dataclass(frozen=True)
class Report:
    """Everything unspin found in one document."""

    text: str
    spun_score: float
    label: str
    findings: tuple[Finding, ...]
    cleaned: str
    restored: str
    threshold: float = 0.5
    metrics: dict[str, Any] = field(default_factory=dict)

    def by_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def counts(self) -> dict[str, int]:
        return {k: sum(1 for f in self.findings if f.kind == k) for k in KINDS}

    def at_least(self, min_confidence: float) -> "Report":
        """The same report listing only the findings at least ``min_confidence``
        sure (``cleaned`` and ``restored`` are unchanged: they were made by their
        own rules). On honest text most spun findings are doubtful ones (a word
        the language model would rather not see, confidence well under 0.5):
        a reader usually wants the sure ones."""
        if min_confidence <= 0:
            return self
        return replace(self, findings=tuple(f for f in self.findings if f.confidence >= min_confidence))

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "spun_score": round(self.spun_score, 4),
            "label": self.label,
            "threshold": self.threshold,
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
            "cleaned": self.cleaned,
            "restored": self.restored,
            "metrics": self.metrics,
        }
