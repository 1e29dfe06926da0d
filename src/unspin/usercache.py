"""Where unspin keeps what it derives locally and can derive again: the per-user cache.

``$UNSPIN_CACHE_DIR``, else ``$XDG_CACHE_HOME/unspin``, else ``~/.cache/unspin``.
Everything in it is built on this machine from files that ship with unspin or
its dependencies (nothing is downloaded); delete it at will. ``UNSPIN_NO_CACHE=1``
keeps unspin from reading or writing it.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_DIR = "UNSPIN_CACHE_DIR"
ENV_OFF = "UNSPIN_NO_CACHE"


def cache_dir() -> Path:
    """The per-user cache folder (it may not exist yet)."""
    base = os.environ.get(ENV_DIR)
    if base:
        return Path(base).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "unspin"


def enabled() -> bool:
    """Whether the cache may be read and written (``UNSPIN_NO_CACHE`` unset or 0)."""
    return os.environ.get(ENV_OFF, "").strip() in ("", "0")
