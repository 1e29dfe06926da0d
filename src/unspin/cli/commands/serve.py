"""``unspin serve``: the HTTP API and the web page (needs the 'serve' extra)."""

from __future__ import annotations

import argparse
import logging
import sys

from ...errors import UnspinError, UsageError


def register(sub: argparse._SubParsersAction) -> None:
    from ...server.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CONCURRENCY, DEFAULT_TIMEOUT

    p = sub.add_parser(
        "serve",
        help="serve the HTTP API and a web page that shows findings and restorations",
        description="Serve POST /v1/analyze, /v1/clean, /v1/restore, GET /healthz, the API docs at "
        "/docs and a web page at / (needs the 'serve' extra: pip install 'unspin[serve]').",
    )
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000; 0 picks a free one)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                   help=f"refuse request bodies larger than N bytes with 413 (default {DEFAULT_MAX_BYTES})")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"answer 504 when one analysis takes longer (default {DEFAULT_TIMEOUT:g})")
    p.add_argument("--max-concurrency", type=int, default=DEFAULT_MAX_CONCURRENCY, metavar="N",
                   help=f"analyses run at once; more are refused with 503 (default {DEFAULT_MAX_CONCURRENCY})")
    p.add_argument("--log-level", choices=("critical", "error", "warning", "info", "debug"), default="info",
                   help="server log level (default info; request text is never logged)")
    p.set_defaults(func=_serve)


def _serve(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise UsageError("--port must be between 0 and 65535")
    try:
        import uvicorn

        from ...server import ServerConfig, create_app
    except ImportError as exc:
        raise UnspinError(f"'unspin serve' needs the 'serve' extra ({exc.name} is missing): "
                          "pip install 'unspin[serve]'") from None
    try:
        config = ServerConfig(max_bytes=args.max_bytes, timeout=args.timeout,
                              max_concurrency=args.max_concurrency)
    except ValueError as exc:
        raise UsageError(f"--{str(exc).split()[0].replace('_', '-')} must be positive") from None
    app = create_app(config)
    _warm_up()
    # Our own access log (path and status, never the query string or the body) replaces uvicorn's.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    server_log = logging.getLogger("unspin.server")
    server_log.addHandler(handler)
    server_log.setLevel(args.log_level.upper())
    server_log.propagate = False
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        sys.stderr.write(f"unspin: note: listening on {args.host}: anyone who can reach this address can use "
                         "the service (it has no authentication)\n")
    shown = f"[{args.host}]" if ":" in args.host else args.host
    sys.stderr.write(f"unspin: serving http://{shown}:{args.port}/ (API docs at /docs; Ctrl+C stops)\n")
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level,
                server_header=False, proxy_headers=False, access_log=False)
    return 0


def _warm_up() -> None:
    """Analyse a short text once, so that detectors load their data before the
    first request (and not in several worker threads at once)."""
    from ... import pipeline

    try:
        pipeline.analyze("The city council met on Tuesday.\nThe city council met on Tuesday.\n")
    except Exception as exc:  # the requests will report it; do not refuse to start
        sys.stderr.write(f"unspin: warning: warm-up analysis failed ({type(exc).__name__})\n")
