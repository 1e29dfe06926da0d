"""The record every corpus reader yields and every writer takes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    #: Where it came from: file name and position (line number, byte offset or record index).
    source: str = ""
    position: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
