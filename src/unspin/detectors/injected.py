"""Injected spam: placeholder until injection detection lands."""

from __future__ import annotations

from typing import Any

from ..findings import Finding


def detect(text: str, options: Any = None) -> list[Finding]:
    return []
