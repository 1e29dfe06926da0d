"""Word tokens with offsets, their script, and repair of residual mojibake.

A token is a whitespace-delimited chunk with surrounding punctuation trimmed;
``start``/``end`` cover the word only, so a span built from tokens never
swallows the comma or full stop after it. ``brk`` is true where a clause ends
after the token (punctuation, a bracket or quote opening or closing), so that a
run of words never crosses it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

_SPLIT = re.compile(r"(\s+)").split  # chunks (no whitespace) and the whitespace between them
# Punctuation trimmed from the edges of a chunk (mojibake symbols such as "±" are kept
# when they sit inside a word, since they may be the tail of a damaged letter).
_EDGE = "\"'“”‘’«»„‚()[]{}<>.,;:!?…*_|/\\~`"
_CLAUSE_END = set(".,;:!?…)]}\"”»")
_OPEN = set("([{\"“«„'‘")
_CLOSE = set(")]}\"”»'’")
_ABBREV = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_URLISH = re.compile(r"(?i)^(?:https?://|www\.)|\.(?:com|net|org|info|biz|ru|io|xyz|top|co|de|uk)(?:/|$)")


class Token(NamedTuple):  # (a NamedTuple: far cheaper to build than a frozen dataclass)
    start: int
    end: int
    text: str        # the word as written (edges trimmed)
    norm: str        # lower-cased, mojibake repaired, NFC
    script: str      # "latin", "digit", "other:<script>", "mixed", "symbol"
    brk: bool        # a clause boundary follows this token
    opens: bool      # an opening bracket or quote precedes this token
    upper: bool      # starts with a capital letter
    repaired: bool   # norm came from undoing a wrong decoding
    url: bool        # looks like a URL or domain name
    eos: bool = False  # a sentence ends after this token
    quoted: bool = False  # inside quotation marks or brackets


_new_token = tuple.__new__  # Token(...) without the NamedTuple's Python-level __new__


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    append = out.append
    plain = _plain_word
    shape_of = _shape
    depth = 0  # open quotes/brackets (reset at each line)
    # The text split at whitespace (``_SPLIT``): chunks, each followed by the whitespace
    # after it (empty for the last chunk; the first and last chunks are empty where the
    # text starts or ends with whitespace). A chunk after whitespace holding a line break
    # starts a new line; one followed by a line break ends its line.
    pieces = _SPLIT(text)
    pieces.append("")
    before = ""
    end = 0
    for chunk, after in zip(pieces[0::2], pieces[1::2]):
        start = end + len(before)
        if before != " " and "\n" in before:
            depth = 0
        before = after
        if not chunk:
            end = start
            continue
        end = start + len(chunk)
        eol = after != " " and after[:1] == "\n"
        if depth == 0 and chunk.isalpha():  # fast path: a plain word
            norm, script, upper, repaired = plain(chunk)
            eos = eol
            append(_new_token(Token, (start, end, chunk, norm, script, eos, False, upper, repaired, False,
                                      eos, False)))
            continue
        if depth == 0 and chunk[-1] in ",.;:" and chunk[:-1].isalpha():
            # fast path: a plain word and a comma, full stop, colon or semicolon
            # (what the general path below makes of it)
            word = chunk[:-1]
            norm, script, upper, repaired = plain(word)
            eos = chunk[-1] == "." or eol
            append(_new_token(Token, (start, end - 1, word, norm, script, True, False, upper, repaired,
                                      False, eos, False)))
            continue
        # the general path: what the chunk alone decides, cached per chunk (``_shape``)
        shape = shape_of(chunk)
        if shape is None:  # nothing but punctuation: it may end the clause of the word before
            if out and _marks_clause(chunk):
                out[-1] = _with_brk(out[-1])
            continue
        a, b, word, norm, script, upper, repaired, url, opens, brk, n_open, n_close, ends, eos = shape
        if opens and out:
            out[-1] = _with_brk(out[-1])
        quoted = depth + n_open > 0
        depth = max(0, depth + n_open - n_close)
        if ends:
            depth = 0  # a quotation or bracket left open does not outlive its sentence
        eos = eos or eol
        append(_new_token(Token, (start + a, start + b, word, norm, script, brk or eos, opens, upper, repaired,
                                  url, eos, quoted)))
    if out:
        out[-1] = _with_brk(out[-1], eos=True)
    return out


@lru_cache(maxsize=65536)
def _shape(chunk: str):
    """What ``tokenize`` makes of a chunk by itself, whatever comes before it:
    ``(a, b, word, norm, script, upper, repaired, url, opens, brk, n_open, n_close,
    ends, eos)`` with the word at ``chunk[a:b]``, ``brk``/``eos`` from its trailing
    punctuation only, ``n_open``/``n_close`` the quotes and brackets opened before
    it and closed after it, ``ends`` whether the trailing punctuation ends a sentence
    (open quotes and brackets closed); None for a chunk of punctuation only."""
    a, b = 0, len(chunk)
    while a < b and chunk[a] in _EDGE:
        a += 1
    while b > a and chunk[b - 1] in _EDGE:
        b -= 1
    if a == b:
        return None
    if b < len(chunk) and chunk[b] == "." and _ABBREV.match(chunk[a:b]):
        b += 1  # "U.S." keeps its full stop and does not end a clause
    word = chunk[a:b]
    lead, trail = chunk[:a], chunk[b:]
    opens = any(c in _OPEN for c in lead)
    brk = any(c in _CLAUSE_END for c in trail)
    url = bool(_URLISH.search(word))
    n_open = sum(1 for c in lead if c in _OPEN)
    n_close = sum(1 for c in trail if c in _CLOSE)
    ends = any(c in ".!?" for c in trail.rstrip("\"”»')]'’"))
    norm, repaired = normalise(word)
    eos = any(c in ".!?…" for c in trail)
    return (a, b, word, norm, script_of(norm), word[:1].isupper(), repaired, url, opens, brk, n_open, n_close,
            ends, eos)


def _marks_clause(chunk: str) -> bool:
    """A chunk of punctuation only that ends the clause of the word before it."""
    return any(c in _CLAUSE_END or c in _OPEN for c in chunk) or chunk in ("-", "–", "—")


@lru_cache(maxsize=65536)
def _plain_word(word: str) -> tuple[str, str, bool, bool]:
    """(norm, script, upper, repaired) of a word without edge punctuation."""
    if word.isascii() and word.isalpha():
        # What the general rule gives: NFC leaves ASCII as it is, no mojibake hint
        # (``_MOJI_HINT``) or curly apostrophe is ASCII, and ASCII letters are Latin.
        return word.lower(), "latin", word[0].isupper(), False
    norm, repaired = normalise(word)
    return norm, script_of(norm), word[0].isupper(), repaired


def _with_brk(t: Token, eos: bool = False) -> Token:
    return Token(t.start, t.end, t.text, t.norm, t.script, True, t.opens, t.upper, t.repaired, t.url,
                 t.eos or eos, t.quoted)


def sentences(tokens: list[Token]) -> list[tuple[int, int]]:
    """(first, last) token indices of each sentence."""
    out, a = [], 0
    for k, eos in enumerate([t.eos for t in tokens]):
        if eos:
            out.append((a, k))
            a = k + 1
    if a < len(tokens):  # the last sentence ends at the last token
        out.append((a, len(tokens) - 1))
    return out


_MOJI_HINT = re.compile("[ÃÂÄÅÐÑÆØÕÖÇÈÉÊËÌÍÎÏ\u0400-\u04ff±°§¶©®¤¦¬¯²³´µ·¸¹º¼½¾¿€‚ƒ„†‡ˆ‰‹›•˜™šžŸ]")


@lru_cache(maxsize=65536)
def normalise(word: str) -> tuple[str, bool]:
    """``(normal form, repaired?)``: lower case, NFC, and a wrong decoding undone
    (UTF-8 bytes read as cp1252, cp1251, cp1250 or Latin-1) when that gives letters."""
    w = unicodedata.normalize("NFC", word)
    fixed = _undo_mojibake(w) if _MOJI_HINT.search(w) else None
    if fixed is not None:
        return fixed.lower().replace("’", "'"), True
    return w.lower().replace("’", "'"), False


def _undo_mojibake(w: str) -> str | None:
    for enc in ("cp1252", "cp1251", "cp1250", "latin-1"):
        try:
            cand = w.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if cand != w and len(cand) < len(w) and all(c.isalpha() or c in "'-" for c in cand):
            return unicodedata.normalize("NFC", cand)
    return None


_SCRIPT_CACHE: dict[str, str] = {}


def _char_script(c: str) -> str:
    s = _SCRIPT_CACHE.get(c)
    if s is None:
        if c.isdigit():
            s = "digit"
        elif not c.isalpha():
            s = "symbol"
        elif ord(c) < 0x250 or 0x1E00 <= ord(c) < 0x1F00:
            s = "latin"
        else:
            name = unicodedata.name(c, "OTHER")
            s = "other:" + name.split()[0].lower()
        _SCRIPT_CACHE[c] = s
    return s


_ASCII_LETTER = re.compile(r"[A-Za-z]")
_ASCII_DIGIT = re.compile(r"[0-9]")


@lru_cache(maxsize=65536)
def script_of(word: str) -> str:
    if word.isascii():
        # What the general rule below gives for ASCII characters (letters are Latin).
        if _ASCII_LETTER.search(word):
            return "latin"
        return "digit" if _ASCII_DIGIT.search(word) else "symbol"
    kinds = {_char_script(c) for c in word} - {"symbol"}
    if not kinds:
        return "symbol"
    kinds.discard("digit") if len(kinds) > 1 else None
    if len(kinds) == 1:
        return kinds.pop()
    if "latin" not in kinds:  # e.g. Han with katakana: one foreign script for our purpose
        return sorted(kinds)[0]
    return "mixed"
