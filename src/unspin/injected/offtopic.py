"""Same-language insertions (placeholder while the foreign part is built)."""
from __future__ import annotations


def find_insertions(tokens, sents, text, taken):
    return []
