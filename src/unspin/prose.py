"""What of a text is prose.

The spin detector's language model, thesaurus, name rules and document
calibration are for running English. Crawled pages also hold source code,
minified scripts, tables of numbers, encoded blobs, addresses and identifiers,
where the "words" are fragments ("0xc816921f" gives "xc", base64 a lone "i",
"https://cloud.google.com" a lowercase "google") that read as badly spun
English. The spin detector reads only the words of prose
(``spin.tokens.prose_tokens``); it leaves out

- a line inside a fenced code block (between lines starting with three
  backticks or tildes) or a reStructuredText literal block (the indented lines
  after a line ending in ``::`` or a code directive such as ``.. code:: python``),
  a command line at a prompt (``$``, ``>>>``) and a Python session's output (the
  lines after a ``>>>`` line, up to a blank line or a sentence);
- a line fewer than ``MIN_WORD_SHARE`` of whose whitespace-separated chunks
  (numbers, dashes and bullets standing alone not counted) are words as prose
  writes them: letters, inner apostrophes, hyphens and slashes ("and/or"),
  initials with dots ("U.S.", "e.g."), and the quotes, brackets and punctuation
  prose puts around them ("(e.g.,", "well-known.", "“Yes,”"). "f(x)",
  "self.name", "x+1" and "a_b" are not such words;
- a chunk written as code or an address wherever it is: one with ``://``, ``@``,
  an underscore, a backtick, ``=``, ``<``, ``>``, a brace or a backslash, or a
  dot between a letter or digit and two lowercase letters ("google.com", "self.name").
"""

from __future__ import annotations

import re

#: a chunk written as a word of prose (a leading bullet or quote, trailing punctuation)
_PROSE_CHUNK = re.compile(
    r"[\"'“‘(\[*_•-]*[A-Za-z]+(?:['’/\-][A-Za-z]+|\.[A-Za-z](?![A-Za-z]))*\.?[\"'”’)\].,;:!?*_]*")
_NEUTRAL = re.compile(r"[-–—•·*&…]{1,3}")  # a dash, bullet or ellipsis standing alone
#: a number as prose writes it ("2008,", "$44", "10%", "(1990s)"): counted neither way. The
#: digits' run is possessive (``*+``): what it gives back could only be matched by the
#: closing punctuation, which comes after the suffix, so it matches the same chunks, and a
#: long run of commas or dots ("1,,,,...x") costs linear time, not quadratic
_NUMBER = re.compile(r"[\"'“‘(\[$€£#~+-]*\d[\d.,:/%-]*+(?:s|st|nd|rd|th)?[\"'”’)\].,;:!?%]*")
_CHUNK = re.compile(r"\S+")
_LINE = re.compile(r"[^\n]*\n?")
_FENCE = re.compile(r"[ \t]*(?:```|~~~)")
#: what marks a chunk written as code or an address
_CODE_MARK = re.compile(r"://|[@_`=<>{}\\]|(?<=[A-Za-z0-9])\.[a-z]{2}")
_REST = re.compile(r"\S*")

#: share of a line's chunks that must be words of prose (chosen on dev text and
#: the machine's own files: ``scripts/check_prose_lines.py``)
MIN_WORD_SHARE = 0.6


def word_share(line: str) -> float:
    """Share of the line's whitespace-separated chunks that are words of prose, numbers
    left out (1.0 for a line with nothing else)."""
    number, neutral = _NUMBER.fullmatch, _NEUTRAL.fullmatch
    chunks = [c for c in _CHUNK.findall(line) if not number(c) and not neutral(c)]
    if not chunks:
        return 1.0
    match = _PROSE_CHUNK.fullmatch
    return sum(1 for c in chunks if match(c)) / len(chunks)


#: a command line at a prompt ("$ pip install ...", ">>> f(x)")
_PROMPT = re.compile(r"[ \t]*(?:\$|>>>)[ \t]")
#: a line written as a sentence: a capital first, a full stop (or "!", "?", ":") last
_SENTENCE = re.compile(r"[A-Z].*[.!?:]")
#: a reStructuredText directive whose indented content is code (".. code:: python")
_CODE_DIRECTIVE = re.compile(r"\.\. (?:code|code-block|sourcecode|doctest|highlight|literalinclude)::")


def _lines(text: str):
    """Each line as ``(start, end, line, literal)``: ``literal`` for a line of a fenced
    code block (the fences too), of a reStructuredText literal block (the indented
    lines after a line ending in ``::`` or a code directive), at a command prompt, or
    a Python session's output (the lines after a ``>>>`` line, up to a blank line or a
    sentence)."""
    pos, fenced, literal_indent, session = 0, False, None, False
    for line in _LINE.findall(text):
        if not line:
            break
        end = pos + len(line)
        body = line.strip()
        indent = len(line) - len(line.lstrip(" \t"))
        fence = _FENCE.match(line) is not None
        if literal_indent is not None and body and indent <= literal_indent:
            literal_indent = None  # the literal block has ended
        prompt = _PROMPT.match(line) is not None
        session = bool(body) and (body.startswith(">>>") or session and not _SENTENCE.fullmatch(body))
        literal = (fenced or fence or (literal_indent is not None and bool(body)) or prompt or session)
        if fence:
            fenced = not fenced
        elif not fenced and literal_indent is None and (body.endswith("::") or _CODE_DIRECTIVE.match(body)):
            literal_indent = indent
        yield pos, end, line, literal
        pos = end


def literal_lines(text: str) -> list[tuple[int, int]]:
    """The character spans of the lines written as code (fenced, a reStructuredText
    literal block, at a command prompt), consecutive ones joined: what the page shows
    as a program's text, whatever language its strings are in."""
    return _joined([(pos, end) for pos, end, _line, literal in _lines(text) if literal])


def other_lines(text: str) -> list[tuple[int, int]]:
    """The character spans ``(start, end)`` of the lines that are not prose (in a
    code block, at a command prompt, or too few words of prose), in order,
    consecutive ones joined."""
    return _joined([(pos, end) for pos, end, line, literal in _lines(text)
                    if literal or word_share(line) < MIN_WORD_SHARE])


#: a word followed at once by a bracket: a call or an index ("f(x)", "a[1]"), not "word(s)"
_CALL = re.compile(r"\w[(\[](?!s\))")
#: share of a block's lines that must look like code for the block to be code
CODE_LINE_SHARE = 1 / 3


def looks_like_code(line: str) -> bool:
    """Whether a line reads as code rather than prose: too few words of prose, a chunk
    written as code (:func:`code_chunks`), a call or an index, or an end in ``:``,
    ``;`` or a brace ("for action in actions:")."""
    body = line.strip()
    return bool(body) and (
        word_share(body) < MIN_WORD_SHARE or _CODE_MARK.search(body) is not None
        or _CALL.search(body) is not None or body[-1] in ":;{}")


def code_blocks(text: str) -> list[tuple[int, int]]:
    """The character spans of the blocks (runs of lines between blank lines, or literal
    blocks) that are code: literal (fenced, a reStructuredText literal block, command
    lines at a prompt), or at least ``CODE_LINE_SHARE`` of their lines
    :func:`looks_like_code`. Consecutive ones joined. A repeated line in a block of
    code is the program's, not a parasite page's repeated title."""
    out: list[tuple[int, int]] = []
    block: list[tuple[int, str]] = []  # (offset, line) of the block being read

    def close() -> None:
        if block:
            code = sum(1 for _, line in block if looks_like_code(line))
            if code >= CODE_LINE_SHARE * len(block):
                out.append((block[0][0], block[-1][0] + len(block[-1][1])))
            block.clear()

    for pos, end, line, literal in _lines(text):
        if literal:
            close()
            out.append((pos, end))
        elif line.strip():
            block.append((pos, line))
        else:
            close()
    close()
    return _joined(out)


def code_chunks(text: str) -> list[tuple[int, int]]:
    """The character spans of the chunks written as code or an address, in order."""
    out: list[tuple[int, int]] = []
    end = 0
    for m in _CODE_MARK.finditer(text):
        p = m.start()
        if p < end:
            continue  # in the chunk just taken
        s = p
        while s > end and not text[s - 1].isspace():
            s -= 1
        end = _REST.match(text, p).end()
        out.append((s, end))
    return out


def left_out(text: str) -> list[tuple[int, int]]:
    """The character spans the detector does not read: :func:`other_lines` and
    :func:`code_chunks`, merged, in order."""
    return _joined(sorted(other_lines(text) + code_chunks(text)))


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted by start, those that overlap or touch joined into one."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
