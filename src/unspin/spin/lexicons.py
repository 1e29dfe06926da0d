"""Matching user lexicons (tortured -> expected phrases) against the text."""

from __future__ import annotations

from ..findings import Finding
from .tokens import Token, span_key


def match(text: str, tokens: list[Token], lexicons) -> list[Finding]:
    out: list[Finding] = []
    for lex in lexicons:
        entries = lex.entries
        if not entries:
            continue
        maxlen = max(len(k.replace("-", " ").split()) for k in entries)
        n = len(tokens)
        for i in range(n):
            for m in range(min(maxlen, n - i), 0, -1):
                key = span_key(tokens, i, i + m)
                if key is None:
                    continue
                exp = entries.get(key)
                if exp is None:
                    continue
                s, e = tokens[i].start, tokens[i + m - 1].end
                out.append(Finding("spun", s, e, text[s:e], exp, 0.97,
                                   f'"{text[s:e]}" is listed in the lexicon {lex.name} as a tortured form of "{exp}"',
                                   detail=(("source", "lexicon"), ("lexicon", lex.name))))
                break
    return out
