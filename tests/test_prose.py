"""What of a text the detectors read as prose (``unspin.prose``): spin, repeats, web addresses."""

from __future__ import annotations

import base64
import random

import pytest

import unspin
from unspin import prose
from unspin.spin.tokens import prose_tokens, tokenize


@pytest.mark.parametrize("line", [
    "The U.S. has all of the straight to safeguard the region.",
    "In 2008, 44% of $1,200 voters in the 1990s said “Yes,” (e.g., well-known and/or rare).",
    "- a bullet point with a few words",
    "You.S. and The japanese — re also-highlight …",
    "",
])
def test_prose_lines_are_read(line):
    assert prose.word_share(line) >= prose.MIN_WORD_SHARE
    assert prose.other_lines(line) == []


@pytest.mark.parametrize("line", [
    "self.name = foo(bar)",
    "0, 0xc816921f",
    "np.float32,0x3f83203f,0x3e61d9d6,2",
    "box-shadow: 2px 2px 2px rgba(0,0,0,0.2);",
    "__defProp(target, name, { get: all[name], enumerable: true });",
    base64.b64encode(bytes(range(200))).decode(),
])
def test_other_lines_are_left_out(line):
    assert prose.word_share(line) < prose.MIN_WORD_SHARE
    assert prose.other_lines(line) == [(0, len(line))]


def test_code_chunks_inside_prose():
    text = "See https://cloud.google.com/docs or mail me@example.org, set max_len = 3 and call `linux` now."
    got = [text[s:e] for s, e in prose.code_chunks(text)]
    assert got == ["https://cloud.google.com/docs", "me@example.org,", "max_len", "=", "`linux`"]
    # initials, abbreviations and an ellipsis are prose
    assert prose.code_chunks("The U.S. and e.g. i.e. Ph.D. wait...and see") == []


def test_fenced_block_is_left_out():
    text = "Install it:\n\n```\npip install google-cloud-storage\n```\n\nThen read on.\n"
    spans = prose.other_lines(text)
    assert [text[s:e] for s, e in spans] == ["```\npip install google-cloud-storage\n```\n"]


def test_prose_tokens_keep_offsets_and_break_the_context():
    text = "We are looking for ways.\nx = f(a_b, c.d)\nand the rest goes on"
    toks = prose_tokens(text)
    assert [t.text for t in toks] == ["We", "are", "looking", "for", "ways", "and", "the", "rest", "goes", "on"]
    assert all(text[t.start:t.end] == t.text for t in toks)
    # the first word after the left-out line starts a new LM context
    assert toks[5].gap == "|"
    # with nothing left out, the tokens are the tokenizer's own
    plain = "An honest sentence, and another one."
    assert prose_tokens(plain) == tokenize(plain)


def test_left_out_spans_merge():
    text = "a_b c_d\nplain words here\n"
    assert prose.left_out(text) == [(0, 8)]


def test_long_blob_is_linear_enough():
    blob = base64.b64encode(random.Random(1).randbytes(300_000)).decode()
    assert prose.left_out(blob) == [(0, len(blob))]


@pytest.mark.parametrize("text", [
    base64.b64encode(random.Random(2).randbytes(20_000)).decode(),
    "seed, 0xdeadbeaf\n" + "".join(f"{i}, 0x{random.Random(i).getrandbits(32):08x}\n" for i in range(800)),
    "".join(f".c{i} {{ box-sizing:border-box; margin:{i}px; }}\n" for i in range(300)),
])
def test_what_is_not_prose_gets_no_spin_label(text):
    report = unspin.analyze(text)
    assert report.label == "clean"
    assert not [f for f in report.findings if f.kind == "spun"]
    assert report.metrics["words_left_out"] > 0


def test_spun_prose_beside_code_is_still_found():
    text = ("Thank-you quite. Individuals believe the You.S. is the most all of our closest allies.\n"
            "```\nconfig = load(path_to_file)\n```\n")
    report = unspin.analyze(text)
    spun = [f.text for f in report.findings if f.kind == "spun"]
    assert "You.S." in spun and "Thank-you quite" in spun
    assert all(f.start < text.index("```") for f in report.findings if f.kind == "spun")


PROGRAM = """Parse the file twice, as below.

    for line in lines:
        total = parse(line)
    print(total)

    for line in lines:
        total = parse(line)
    print(total)
"""


def test_code_blocks():
    spans = prose.code_blocks(PROGRAM)
    assert [PROGRAM[s:e].strip().splitlines()[0].strip() for s, e in spans] == ["for line in lines:"] * 2
    assert not prose.code_blocks("A heading that repeats\n\nA paragraph of prose.\n\nA heading that repeats\n")
    fenced = "Run it as shown.\n\n```\nmake all and then run it again\n```\n"
    assert [fenced[s:e] for s, e in prose.code_blocks(fenced)] == ["```\nmake all and then run it again\n```\n"]


@pytest.mark.parametrize("line,code", [
    ("for action in actions:", True),
    ("raise JSONDecodeError(msg, s, end)", True),
    ("if object_hook is not None", True),
    ("nextchar = s[end:end + 1]", True),
    ("The function(s) it calls are listed below.", False),
    ("Speaking of all the countries having matchmaking to your NATO Alliance", False),
])
def test_looks_like_code(line, code):
    assert prose.looks_like_code(line) is code


def test_clean_keeps_a_programs_repeated_lines():
    assert unspin.clean(PROGRAM) == PROGRAM
    assert not [f for f in unspin.analyze(PROGRAM).findings if f.kind == "repeated"]
    page = "A title that repeats itself\n\n" + PROGRAM + "\nA title that repeats itself\n"
    assert [f.text for f in unspin.analyze(page).findings if f.kind == "repeated"] == ["A title that repeats itself"]


def test_literal_blocks_and_prompts_are_left_out():
    text = ("Install it with pip::\n\n    pip install google-cloud-storage\n    python -m google.storage\n\n"
            "Then read on, as the guide says.\n$ make install now\n>>> print the result\nThe end of the page.\n")
    spans = [text[s:e] for s, e in prose.other_lines(text)]
    assert spans == ["    pip install google-cloud-storage\n    python -m google.storage\n",
                     "$ make install now\n>>> print the result\n"]
    blocks = [text[s:e] for s, e in prose.code_blocks(text)]
    assert spans[0] in blocks and spans[1] in blocks
    assert not any("Then read on" in b or "The end" in b for b in blocks)
    assert "google" not in [t.low for t in prose_tokens(text)]


def test_code_directive_starts_a_literal_block():
    text = ("The examples:\n\n.. code-block:: python\n\n    answer = compute the answer for me\n"
            "    print the answer to the screen\n\nBack to prose, as the guide says.\n")
    assert [text[s:e] for s, e in prose.literal_lines(text)] == [
        "    answer = compute the answer for me\n    print the answer to the screen\n"]
    assert prose.literal_lines("Plain prose only.\nAnd more of it.\n") == []


def test_a_python_sessions_output_is_left_out():
    text = ("Ask it for the synonyms of a word:\n\n>>> print(synonyms('short'))\n"
            "['brief', 'curt', 'pithy', 'terse', 'snub']\n\nThe list is sorted, as the guide says.\n")
    assert [text[s:e] for s, e in prose.literal_lines(text)] == [
        ">>> print(synonyms('short'))\n['brief', 'curt', 'pithy', 'terse', 'snub']\n"]
    assert "pithy" not in [t.low for t in prose_tokens(text)]
    assert "sorted" in [t.low for t in prose_tokens(text)]


def test_a_long_run_of_punctuation_after_a_digit_is_read_in_linear_time():
    # the number pattern backtracked quadratically: 32,000 commas took 7 s
    text = "Some prose here. 1" + "," * 500_000 + "x and more words.\n"
    assert prose.word_share(text) == 6 / 7  # six words of prose, one chunk that is none
    assert prose.other_lines(text) == []
