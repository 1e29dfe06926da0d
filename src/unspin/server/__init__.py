"""``unspin serve``: an HTTP API and a web page over the functional core.

A thin adapter: requests are validated (:mod:`.schemas`), run through
:func:`unspin.pipeline.analyze` in a bounded thread pool (:mod:`.limits`) and
answered as JSON; the page at ``/`` is plain HTML/CSS/JS bundled in
``static/`` and loaded into memory once (:mod:`.assets`). Nothing from a
request is written anywhere, and request text never reaches the logs.
"""

from __future__ import annotations

from typing import Any

from .limits import ServerConfig

__all__ = ["ServerConfig", "create_app"]


def __getattr__(name: str) -> Any:
    # Imported lazily so that the CLI can describe 'serve' without FastAPI installed.
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
