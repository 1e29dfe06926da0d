"""The main text of an HTML page: what a reader of the page reads, without its
markup, menus, footers and boilerplate (trafilatura, from the ``corpus`` extra).

The detectors read text; a web page is read through this adapter by the WARC
reader and by the one-document commands. Offsets in their findings refer to the
extracted text, not to the HTML.
"""

from __future__ import annotations

import importlib.util
import re

from .errors import UsageError

#: the start of an HTML document (after a byte-order mark or blank space)
_HTML = re.compile(r"\ufeff?\s*(?:<!doctype html|<html[\s>])", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` starts as an HTML document (a doctype or an ``<html>`` tag)."""
    return _HTML.match(text) is not None


def available() -> bool:
    """Whether the extractor is installed."""
    return importlib.util.find_spec("trafilatura") is not None


def wanted(text: str, mode: str) -> bool:
    """Whether to read ``text`` through its main text, as ``mode`` asks (the ``--html``
    option and the HTTP ``html`` field): ``extract`` always, ``text`` never, ``auto``
    when it starts as an HTML document and the extractor is installed."""
    return mode == "extract" or (mode == "auto" and looks_like_html(text) and available())


def main_text(html: str) -> str:
    """The page's main text, tables included, comments left out; ``""`` when it has none."""
    try:
        import trafilatura
    except ImportError:
        raise UsageError("extracting the text of HTML needs trafilatura: pip install 'unspin[corpus]'") from None
    return (trafilatura.extract(html, include_comments=False, include_tables=True) or "").strip()
