"""Spun wording: placeholder until spin detection lands (issue: spin detection).

Returns no findings and a zero score; never fake ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding

DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class SpinResult:
    findings: list[Finding]
    score: float
    threshold: float = DEFAULT_THRESHOLD
    metrics: dict[str, Any] = field(default_factory=dict)


def detect(text: str, options: Any = None) -> SpinResult:
    return SpinResult(findings=[], score=0.0)
