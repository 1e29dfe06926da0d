"""The FastAPI application: routes, request handling and error responses.

Every error is JSON of the form ``{"error": {"code": ..., "message": ...}}``
with a fitting status: 400 malformed JSON, 413 body too large, 415 not JSON,
422 a well-formed request with wrong types, unknown options or empty text,
503 every analysis slot busy, 504 the analysis ran past its time limit.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import replace
from typing import Any, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__, htmltext, pipeline
from ..dupes.consensus import consensus, learn
from ..errors import UnspinError
from ..findings import KINDS, Report
from ..lexicon import Lexicon, normalize_phrase
from .assets import Asset, load_assets
from .limits import Busy, Gate, ServerConfig, TimedOut
from .schemas import (
    AnalysisOptions,
    AnalyzeResponse,
    CleanResponse,
    ConsensusRequest,
    ConsensusResponse,
    ErrorResponse,
    RestoreResponse,
    TextRequest,
)

log = logging.getLogger("unspin.server")
access_log = logging.getLogger("unspin.server.access")

Analyzer = Callable[[str, pipeline.Options], Report]

_PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
_COMMON_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", _PAGE_CSP.encode()),
]

_STATUS_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    503: "busy",
    504: "timeout",
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, field: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    err: dict[str, Any] = {"code": code, "message": message}
    if field:
        err["field"] = field
    return JSONResponse({"error": err}, status_code=status, headers={"cache-control": "no-store", **(headers or {})})


_ERRORS = {
    status: {"model": ErrorResponse, "description": desc}
    for status, desc in (
        (400, "malformed JSON"),
        (413, "request body larger than the server's limit"),
        (415, "body is not application/json"),
        (422, "wrong types, unknown options or empty text"),
        (503, "every analysis slot is busy; retry later"),
        (504, "the analysis ran past the server's time limit"),
    )
}
_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TextRequest"}}},
    }
}


def create_app(config: ServerConfig | None = None, analyze: Analyzer = pipeline.analyze) -> FastAPI:
    """Build the application. ``analyze`` is swappable so tests can slow it down."""
    config = config or ServerConfig()
    assets = load_assets()
    gate = Gate(config.max_concurrency)

    app = FastAPI(
        title="unspin",
        version=__version__,
        description=(
            "Find and undo machine-spun text: spun wording, injected spam, mojibake and repeated "
            "lines. `POST /v1/analyze` returns the same JSON as `unspin analyze --json`."
        ),
        docs_url=None,  # FastAPI's Swagger UI loads from a CDN; /docs below is bundled instead
        redoc_url=None,
    )
    app.add_middleware(_HeadersMiddleware)
    app.state.config = config
    app.state.gate = gate

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        log.debug("%s %s -> %d %s", request.method, request.url.path, exc.status, exc.code)
        return error_response(exc.status, exc.code, exc.message, exc.field, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_request", "the request is not valid")

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        # The exception's message may quote the text: log only its type.
        log.error("%s %s -> 500 (%s)", request.method, request.url.path, type(exc).__name__)
        return error_response(500, "internal_error", "internal error")

    async def handle(request: Request, job: Callable[[str, pipeline.Options], dict[str, Any]]) -> dict[str, Any]:
        """``job(text, options)``, the answer, for the request's text, or for its HTML page's
        main text, which the answer then holds as ``text``."""
        started = time.monotonic()
        body = await _read_body(request, config)
        req = _parse(body)
        extracted, answer = await run(request, started, _on_page_text, job, req.text, req.html,
                                      _options(req.options))
        return answer if extracted is None else {**answer, "text": extracted}

    async def run(request: Request, started: float, job: Callable[..., Any], *args: Any) -> Any:
        """``job(*args)`` in the worker pool, under the request's deadline, errors as API errors."""
        left = max(0.001, config.timeout - (time.monotonic() - started))  # one deadline for it all
        try:
            return await gate.run(job, *args, timeout=left)
        except Busy:
            raise ApiError(503, "busy", "the server is busy; retry in a moment",
                           headers={"retry-after": "1"}) from None
        except TimedOut:
            raise ApiError(504, "timeout", f"the analysis took longer than {config.timeout:g} s") from None
        except UnspinError as exc:
            raise ApiError(422, "analysis_error", str(exc)) from None
        except ValueError as exc:
            raise ApiError(422, "invalid_option", str(exc), "options") from None
        except Exception as exc:  # a bug: its message may quote the text, so log only its type
            if os.environ.get("UNSPIN_DEBUG"):
                log.exception("analysis failed")
            else:
                log.error("%s %s -> 500 (%s; set UNSPIN_DEBUG=1 for a traceback)",
                          request.method, request.url.path, type(exc).__name__)
            raise ApiError(500, "internal_error", f"internal error ({type(exc).__name__})") from None

    @app.post("/v1/analyze", response_model=None, openapi_extra=_BODY,
              responses={200: {"model": AnalyzeResponse}, **_ERRORS}, tags=["text"])
    async def analyze_text(request: Request) -> JSONResponse:
        """Find mojibake, injected spam, repeated lines and spun wording in a text."""
        return _json(await handle(request, lambda t, o: analyze(t, o).to_dict()))

    @app.post("/v1/clean", response_model=None, openapi_extra=_BODY,
              responses={200: {"model": CleanResponse}, **_ERRORS}, tags=["text"])
    async def clean_text(request: Request) -> JSONResponse:
        """The text with safe repairs only: encoding, injected spam, repeated lines."""

        def job(text: str, opts: pipeline.Options) -> dict[str, str]:
            kinds = tuple(k for k in opts.kinds if k in pipeline.CLEAN_PRIORITY)
            return {"cleaned": analyze(text, replace(opts, kinds=kinds)).cleaned}

        return _json(await handle(request, job))

    @app.post("/v1/restore", response_model=None, openapi_extra=_BODY,
              responses={200: {"model": RestoreResponse}, **_ERRORS}, tags=["text"])
    async def restore_text(request: Request) -> JSONResponse:
        """The text cleaned, with spun wording put back to its likely original."""
        return _json(await handle(request, lambda t, o: {"restored": analyze(t, o).restored}))

    @app.post("/v1/consensus", response_model=None,
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                  "schema": {"$ref": "#/components/schemas/ConsensusRequest"}}}}},
              responses={200: {"model": ConsensusResponse}, **_ERRORS}, tags=["copies"])
    async def consensus_texts(request: Request) -> JSONResponse:
        """The most likely source of several spun copies, and what the spinner put in for what."""
        started = time.monotonic()
        body = await _read_body(request, config)
        res = await run(request, started, consensus, _parse(body, ConsensusRequest).texts)
        return _json({
            "text": res.text, "pivot": res.pivot, "changed_places": res.changed,
            "places": [{"words": sw.own, "wordings": [list(v) for v in sw.votes], "winner": sw.winner,
                        "decided": sw.decided} for sw in res.swaps],
            "substitutions": [{"spun": x.spun, "original": x.original, "count": x.count}
                              for x in learn([res], min_count=1)],
        })

    @app.get("/healthz", tags=["service"])
    async def healthz() -> dict[str, Any]:
        """Liveness, version and the limits this server enforces."""
        return {
            "status": "ok",
            "version": __version__,
            "kinds": list(KINDS),
            "limits": {
                "max_bytes": config.max_bytes,
                "timeout": config.timeout,
                "max_concurrency": config.max_concurrency,
            },
        }

    def _asset(name: str) -> Response:
        asset: Asset | None = assets.get(name)
        if asset is None:
            raise ApiError(404, "not_found", "no such file")
        return Response(asset.body, media_type=asset.media_type,
                        headers={"etag": asset.etag, "cache-control": "no-cache"})

    @app.get("/", include_in_schema=False)
    async def page() -> Response:
        return _asset("index.html")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        return _asset("docs.html")

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        return _asset(name)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version,
                                 description=app.description, routes=app.routes)
            comps = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in (TextRequest, ConsensusRequest):
                req = model.model_json_schema(ref_template="#/components/schemas/{model}")
                comps.update(req.pop("$defs", {}))
                comps[model.__name__] = req
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.router.on_shutdown.append(gate.shutdown)
    return app


def _json(payload: dict[str, Any]) -> JSONResponse:
    return JSONResponse(payload, headers={"cache-control": "no-store"})


async def _read_body(request: Request, config: ServerConfig) -> bytes:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise ApiError(415, "unsupported_media_type", "send the request as Content-Type: application/json")
    length = request.headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise ApiError(400, "bad_request", "Content-Length is not a number")
        if int(length) > config.max_bytes:
            raise ApiError(413, "too_large", f"the request is larger than {config.max_bytes} bytes")

    async def read() -> bytes:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > config.max_bytes:
                raise ApiError(413, "too_large", f"the request is larger than {config.max_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    try:
        return await asyncio.wait_for(read(), config.timeout)
    except asyncio.TimeoutError:
        raise ApiError(408, "request_timeout", "the request body arrived too slowly") from None


def _parse(body: bytes, model: type = TextRequest) -> Any:
    if not body.strip():
        raise ApiError(400, "malformed_json", "the request body is empty; send {\"text\": \"...\"}")
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise _validation_to_api_error(exc) from None


def _validation_to_api_error(exc: ValidationError) -> ApiError:
    # Messages name the field and the problem, never the value sent.
    err = exc.errors(include_input=False, include_url=False)[0]
    kind, loc = err["type"], [str(p) for p in err["loc"]]
    where = ".".join(loc)
    if kind == "json_invalid":
        return ApiError(400, "malformed_json", "the request body is not valid JSON")
    if kind == "model_type" and not loc:
        return ApiError(422, "invalid_request", "the request body must be a JSON object like {\"text\": \"...\"}")
    if kind == "extra_forbidden":
        what = "option" if loc[:1] == ["options"] and len(loc) == 2 else "field"
        return ApiError(422, f"unknown_{what}", f"unknown {what} '{loc[-1]}'", where)
    if kind == "missing" and len(loc) == 1:
        return ApiError(422, "missing_field", f"'{where}' is required", where)
    if kind == "value_error" and loc in (["text"], ["texts"]):
        return ApiError(422, "empty_text", f"{'a' if loc == ['texts'] else 'the'} text is empty", where)
    return ApiError(422, "invalid_request", f"{where}: {err['msg']}", where)


def _on_page_text(job: Callable[[str, pipeline.Options], dict[str, Any]], text: str, html: str,
                  opts: pipeline.Options) -> tuple[str | None, dict[str, Any]]:
    """``(main text or None, job's result)``: the job run on the HTML page's main text
    where the request asks for it (``html``), else on the text as sent."""
    if not htmltext.wanted(text, html):
        return None, job(text, opts)
    page = htmltext.main_text(text)
    if not page:
        raise UnspinError("no main text found in the HTML page (send it with \"html\": \"text\" to read it as text)")
    return page, job(page, opts)


def _options(o: AnalysisOptions) -> pipeline.Options:
    lexicons: tuple[Any, ...] = ()
    if o.lexicon:
        entries = {normalize_phrase(t): e.strip() for t, e in o.lexicon if t.strip() and e.strip()}
        if entries:
            lexicons = (Lexicon(name="request", entries=entries),)
    try:
        return pipeline.Options(
            kinds=tuple(o.kinds) if o.kinds is not None else KINDS,
            tier=o.tier,
            threshold=o.threshold,
            restore_min_confidence=o.restore_min_confidence,
            min_confidence=o.min_confidence,
            lexicons=lexicons,
        )
    except ValueError as exc:
        raise ApiError(422, "invalid_option", str(exc), "options") from None


class _HeadersMiddleware:
    """Adds security headers to every HTTP response and logs one access line
    per request: method, path (never the query string), status, time. Pure
    ASGI; bodies pass through untouched and unread."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in _COMMON_HEADERS if k not in names
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            path = scope.get("path", "")
            if len(path) > 100:
                path = path[:100] + "..."
            access_log.info('"%s %s" %d %.0f ms', scope.get("method", "?"), path.encode("unicode_escape").decode("ascii"),
                            status, (time.perf_counter() - started) * 1000)
