"""Mojibake: placeholder built on ftfy until the full repair lands."""

from __future__ import annotations

import re
from typing import Any

import ftfy

from ..findings import Finding

_LINE = re.compile(r"[^\n]+")


def detect(text: str, options: Any = None) -> list[Finding]:
    out = []
    for m in _LINE.finditer(text):
        fixed = ftfy.fix_encoding(m.group())
        if fixed != m.group():
            out.append(Finding("mojibake", m.start(), m.end(), m.group(), fixed, 0.9,
                               "ftfy repaired this line's encoding"))
    return out
