"""Pieces the sub-commands share: reading input, analysis options."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from .. import htmltext
from ..decode import Decoded, decode_bytes
from ..errors import InputError, UsageError
from ..pipeline import Options

#: Largest single input the text commands read (the 'scan' command streams instead).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def add_input_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default="-", metavar="PATH",
                        help="file to read; '-' or nothing reads standard input")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                        help=f"refuse inputs larger than N bytes (default {DEFAULT_MAX_BYTES})")
    parser.add_argument("--html", choices=("auto", "extract", "text"), default="auto",
                        help="an HTML page: 'extract' reads its main text (trafilatura, the corpus "
                             "extra; offsets and output are of that text), 'text' reads the file as "
                             "text with the markup left out as not prose; 'auto' (default) extracts "
                             "when the input starts as an HTML document and trafilatura is installed")


def add_analysis_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lexicon", action="append", default=[], metavar="FILE",
                        help="a 'tortured,expected' CSV of known spun phrases (repeatable)")
    parser.add_argument("--spinner-table", action="append", default=[], metavar="FILE",
                        help="a spinner's substitution table learned by 'unspin dupes --learn' (repeatable)")
    parser.add_argument("--tier", choices=("fast", "precise"), default="fast",
                        help="'precise' rescores flagged sentences with SmolLM2, and scores the "
                             "document from what it finds (optional; bash scripts/install-precise.sh)")
    parser.add_argument("--threshold", type=float, default=None, metavar="P",
                        help="label a document spun when its score is at least P (0..1)")


def check_unit(value: float | None, flag: str) -> None:
    """A UsageError unless the option ``flag`` is unset or between 0 and 1."""
    if value is not None and not 0.0 <= value <= 1.0:
        raise UsageError(f"{flag} must be between 0 and 1")


def options_from_args(args: argparse.Namespace) -> Options:
    from ..lexicon import load_lexicon

    check_unit(args.threshold, "--threshold")
    from ..spintable import load_table

    lexicons = tuple(load_lexicon(p) for p in args.lexicon)
    tables = tuple(load_table(p) for p in getattr(args, "spinner_table", []))
    return Options(lexicons=lexicons, spinner_tables=tables, tier=args.tier, threshold=args.threshold)


def read_input(path: str, max_bytes: int = DEFAULT_MAX_BYTES, html: str = "text") -> Decoded:
    """Read and decode one input, or raise a clear error. ``html``: what to do with an
    HTML page (``--html``): ``extract`` its main text, read it as ``text``, or ``auto``."""
    if max_bytes <= 0:
        raise UsageError("--max-bytes must be positive")
    name = "standard input" if path == "-" else path
    try:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            p = Path(path)
            if p.is_dir():
                raise InputError(f"{path}: is a directory (use 'unspin scan' for many documents)")
            with p.open("rb") as fh:
                data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputError(f"{name}: larger than {max_bytes} bytes (raise --max-bytes, or use 'unspin scan')")
    decoded = decode_bytes(data, name)
    if not decoded.text.strip():
        raise InputError(f"{name}: is empty")
    if decoded.detected:
        sys.stderr.write(f"unspin: {name}: {decoded.note()}\n")
    if htmltext.wanted(decoded.text, html):
        text = htmltext.main_text(decoded.text)
        if text:
            sys.stderr.write(f"unspin: {name}: read the main text of the HTML page ({len(text)} characters; "
                             "offsets and output are of that text; --html text reads the markup as text)\n")
            return replace(decoded, text=text)
        if html == "extract":
            raise InputError(f"{name}: no main text found in it as HTML (try --html text)")
    if htmltext.looks_like_html(decoded.text):
        how = ("" if html == "text" else
               "; no main text was found in it" if htmltext.available() else
               "; pip install 'unspin[corpus]' to read its main text instead, or 'unspin scan' a WARC")
        sys.stderr.write(f"unspin: {name}: looks like HTML; it is read as text (the markup is left out "
                         f"as not prose){how}\n")
    return decoded


def write_text(text: str) -> None:
    sys.stdout.write(text)
    if text and not text.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()
