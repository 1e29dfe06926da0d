"""Where unspin keeps what it derives locally and can derive again: the per-user cache.

``$UNSPIN_CACHE_DIR``, else ``$XDG_CACHE_HOME/unspin``, else ``~/.cache/unspin``.
Everything in it is built on this machine from files that ship with unspin or
its dependencies (nothing is downloaded); delete it at will. ``UNSPIN_NO_CACHE=1``
keeps unspin from reading or writing it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any, Callable

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


def source_tag(source: Path) -> str:
    """A file's place, size and modification time, hashed: another file, or this one
    changed, is another tag."""
    st = os.stat(source)
    return hashlib.sha256(f"{os.path.abspath(source)}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]


def json_derived(kind: str, version: int, source, build: Callable[[], Any]) -> Any:
    """``build()``, a JSON-able value derived from the file ``source`` alone, kept in
    the cache as ``{kind}-v{version}-{tag}.json`` (the tag names the file's version);
    later calls read it back. Without a cache (``UNSPIN_NO_CACHE``, no home folder, a
    source that is not a plain file) or where it cannot be written, it is built each
    time; a file that cannot be read back is built again and rewritten. Bump
    ``version`` whenever ``build`` changes what it derives."""
    try:
        if not enabled():
            return build()
        path = cache_dir() / f"{kind}-v{version}-{source_tag(Path(source))}.json"
    except (OSError, RuntimeError, TypeError):
        return build()
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = build()
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)  # no reader ever sees half of it
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return value
