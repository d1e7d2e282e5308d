"""The FastAPI app factory: `create_app(config)` assembles state, middleware, error handlers and routers.

    app = create_app(ServerConfig(model="tiny", data_dir="data"))   # uvicorn is started only by the CLI

Start-up (lifespan) loads the one shared model (unless one is passed in, as tests do), opens the Store
(SQLite WAL) and adapter files, makes sure an admin key exists, recovers unfinished memory segments,
and builds the model worker. Everything lives on `app.state`; routes read it from `request.app.state`.

Every error leaves in OpenAI's envelope `{"error": {"message", "type", "param", "code"}}` with the
status its AgentHNError carries; request validation errors are 400 with the offending field in `param`
and the bad value quoted in the message (text that is not Unicode included: see `protocol.check_unicode`).
One middleware (pure ASGI, so it sees the last byte of streamed responses) enforces the body size limit,
answers any unhandled exception with a 500 (keeping the connection), records metrics and writes one log
line per request.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
import uuid
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from agenthn.errors import AgentHNError
from agenthn.server.config import ServerConfig
from agenthn.server.metrics import Metrics
from agenthn.server.protocol import BLANK, ErrorInfo, ErrorResponse, check_unicode, error_info

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"


class RequestTooLargeError(AgentHNError):
    status_code = 413
    code = "request_too_large"


def create_app(config: ServerConfig | None = None, model=None) -> FastAPI:
    """The app. `model`: an already loaded D2LModel to serve (else `agenthn.load(config.model)` at start)."""
    config = config or ServerConfig()
    app = FastAPI(title="AgentHN", version="0.1.0", lifespan=_lifespan,
                  description="Agents that learn at the weight level: an OpenAI-compatible chat API plus "
                              "native routes for memory, personalization, skills and self-improvement.")
    app.state.config, app.state.preloaded_model = config, model
    app.state.metrics = Metrics()
    _add_error_handlers(app)
    app.add_middleware(CORSMiddleware, allow_origins=config.cors_origins, allow_methods=["*"],
                       allow_headers=["*"], expose_headers=["X-Request-Id"])
    app.add_middleware(RequestMiddleware, config=config, metrics=app.state.metrics)
    _add_routes(app)
    return app


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI):
    import anyio

    await anyio.to_thread.run_sync(_start, app)
    try:
        yield
    finally:
        app.state.worker.shutdown()
        if getattr(app.state, "engine", None) is not None:
            app.state.engine.close()
        app.state.store.close()


def _start(app: FastAPI) -> None:
    """Blocking start-up work (model load, store open), run in a thread so the loop stays free."""
    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.agent.runtime import RuntimeLimits, RuntimeRegistry
    from agenthn.server.auth import ensure_admin
    from agenthn.server.recovery import repair
    from agenthn.server.serving import ModelWorker
    from agenthn.store import AdapterFiles, Store

    s, config = app.state, app.state.config
    s.started_at = time.time()
    if config.threads:
        import torch

        torch.set_num_threads(config.threads)
    s.model = s.preloaded_model or config.load_model()
    s.model_id = s.model.name or str(config.model)
    s.store = Store(config.db_path)
    s.files = AdapterFiles(config.adapter_dir, s.store)
    s.cache = AdapterCache(files=s.files)
    s.metrics.watch_cache(lambda: len(s.cache), lambda: s.cache.bytes_used)
    doc_limit = min(config.limits.max_document_tokens or s.model.max_doc_tokens, s.model.max_doc_tokens)
    from agenthn.engine.batching import BatchEngine

    s.engine = BatchEngine(s.model, max_batch=config.limits.max_batch, max_queue=config.limits.queue_size)
    s.runtimes = RuntimeRegistry(s.model, s.store, s.cache, engine=s.engine, limits=RuntimeLimits(
        max_message_tokens=config.limits.max_message_tokens,
        max_prompt_tokens=config.limits.max_prompt_tokens,
        max_document_tokens=doc_limit, memory=config.memory_overrides(), profile=config.profile_overrides(),
        gate=config.adapter_gate))
    s.generated_admin_key = ensure_admin(s.store, config.admin_key)
    s.repairs = repair(s.store, s.files, s.runtimes)  # after a crash: records match files, nothing pending
    s.worker = ModelWorker(config.limits, s.metrics)
    from agenthn.agent.forget import Forgetter

    s.forgetter = Forgetter(s.store, s.files, s.cache, s.runtimes, s.engine)
    s.revoked_keys = set()  # ids of keys revoked since start: open streams of theirs end (auth.revoked_error)
    log.info("serving %s from %s (data in %s)", s.model_id, config.model, config.data_dir)


def _add_routes(app: FastAPI) -> None:
    from agenthn.server import auth, export_routes, feature_routes, forget_routes, openai_routes

    app.include_router(openai_routes.router)
    app.include_router(feature_routes.router)
    app.include_router(auth.router)
    app.include_router(export_routes.router)
    app.include_router(forget_routes.router)

    @app.get("/health", tags=["operations"])
    def health(request: Request) -> dict:
        s = request.app.state
        return {"status": "ok", "model": s.model_id, "jobs": s.worker.admitted,
                "uptime_s": round(time.time() - s.started_at, 1)}

    @app.get("/metrics", tags=["operations"], response_class=Response)
    def metrics(request: Request) -> Response:
        m = request.app.state.metrics
        return Response(m.render(), media_type=m.content_type)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/ui/")

    app.mount("/ui", StaticFiles(directory=STATIC, html=True), name="ui")


# ---- errors ------------------------------------------------------------------------------------
def _envelope(status: int, info: ErrorInfo, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(ErrorResponse(error=info).model_dump(), status_code=status, headers=headers)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AgentHNError)
    async def agenthn_error(request: Request, e: AgentHNError) -> JSONResponse:
        headers = {"Retry-After": "1"} if e.status_code in (429, 503) or getattr(e, "retry", False) else None
        return _envelope(e.status_code, error_info(e), headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, e: RequestValidationError) -> JSONResponse:
        field, message = validation_message(e.errors())
        return _envelope(400, ErrorInfo(message=message, type="invalid_request_error", param=field,
                                        code="invalid_request"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, e: StarletteHTTPException) -> JSONResponse:
        info = error_info(_StatusError(str(e.detail), e.status_code))
        return _envelope(e.status_code, info, getattr(e, "headers", None))

    # Any other exception is answered by RequestMiddleware (a 500 that is counted, logged and leaves the
    # keep-alive connection usable), not by an `Exception` handler: Starlette runs that one outside every
    # middleware and re-raises after answering, so uvicorn then drops the connection.


# pydantic's names for the branches of a union (`str`, `list[TextPart]`, ...) in an error's location.
_BRANCH = re.compile(r"^(str|int|float|bool|[A-Z]\w*|.*\[.*\])$")


def validation_message(errors: list[dict]) -> tuple[str | None, str]:
    """(field, message) for a request that failed validation: the field as a dotted path and what is
    wrong with its value, the value quoted (shortened). Of a union's errors, a check of the value
    (a ValueError) says more than "should be a string" from the branch the value was not meant for."""
    if not errors:
        return None, "request: invalid"
    first = next((x for x in errors if x.get("type") == "value_error"), errors[0])
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path", "header")]
    field = ".".join(p for p in loc if not _BRANCH.match(p)) or None
    kind, msg = first.get("type"), str(first.get("msg", "invalid")).removeprefix("Value error, ")
    value = repr(first.get("input"))
    value = value if len(value) <= 80 else value[:77] + "..."
    if kind == "finite_number":  # NaN or infinity: say so, not "should be less than or equal to 2"
        return field, f"{field} must be a finite number (got {value})"
    if kind == "string_too_short" and (first.get("ctx") or {}).get("min_length") == 1:
        msg = BLANK  # "" reads as " " does, on every route
    elif kind == "string_unicode":  # pydantic's own check of constrained strings, before ours runs
        try:
            check_unicode(first.get("input"))
        except ValueError as bad:
            msg = str(bad)
    if kind == "missing":
        return field, f"{field or 'request'}: field required"
    return field, f"{field or 'request'}: {msg} (got {value})"


class _StatusError(AgentHNError):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status_code = status
        self.code = {404: "not_found", 405: "method_not_allowed"}.get(status, "http_error")


# ---- one middleware: body limit, metrics, the request log line ------------------------------------
class RequestMiddleware:
    def __init__(self, app, config: ServerConfig, metrics: Metrics):
        self.app, self.limit, self.metrics, self.log_content = app, config.limits.max_body_bytes, metrics, \
            config.log_content

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        rid = uuid.uuid4().hex[:12]
        t0, status = time.perf_counter(), [500]
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await self._reject(scope, receive, send, rid, t0)
        if scope["method"] in ("POST", "PUT", "PATCH"):
            # Read the body here, bounded (a chunked one carries no length), and replay it to the app.
            body = await self._read_bounded(receive)
            if body is None:
                return await self._reject(scope, receive, send, rid, t0)
            receive = _replay(_utf8_or_escaped(body), receive)
        sent = {"started": False, "ended": False}

        async def logged_send(message):
            if message["type"] == "http.response.start":
                sent["started"], status[0] = True, message["status"]
                message.setdefault("headers", []).append((b"x-request-id", rid.encode()))
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                sent["ended"] = True
                self._done(scope, rid, status[0], t0)
            await send(message)

        try:
            await self.app(scope, receive, logged_send)
        except Exception as e:  # noqa: BLE001 - answered here, so it is counted, logged and the connection kept
            log.exception("unhandled error in request %s (%s %s)", rid, scope["method"], scope["path"])
            self.metrics.server_errors.labels(_route(scope)).inc()
            if not sent["started"]:
                await _envelope(500, error_info(e))(scope, receive, logged_send)
            elif not sent["ended"]:  # the status line is out: end the body cleanly (errors travel in-band)
                await logged_send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _read_bounded(self, receive) -> bytes | None:
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks)
            size += len(message.get("body", b""))
            if size > self.limit:
                return None
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                return b"".join(chunks)

    async def _reject(self, scope, receive, send, rid: str, t0: float):
        e = RequestTooLargeError(f"request body over {self.limit} bytes")
        await _envelope(413, error_info(e), {"x-request-id": rid})(scope, receive, send)
        self._done(scope, rid, 413, t0)

    def _done(self, scope, rid: str, status: int, t0: float) -> None:
        path = _route(scope)
        elapsed = time.perf_counter() - t0
        self.metrics.requests.labels(scope["method"], path, str(status)).inc()
        self.metrics.latency.labels(path).observe(elapsed)
        state = scope.get("state") or {}
        extra = " ".join(f"{k}={v}" for k, v in (state.get("log_extra") or {}).items())
        log.info("req %s %s %s %d %.1fms user=%s %s", rid, scope["method"], scope["path"], status,
                 elapsed * 1000, state.get("user_id", "-"), extra)


def _route(scope) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or ("/ui" if scope["path"].startswith("/ui") else "unmatched")


def _utf8_or_escaped(body: bytes) -> bytes:
    """The body, with bytes that are not UTF-8 turned into lone surrogates (`surrogateescape`), which JSON
    parsing keeps, so that the request's validation (`protocol.check_unicode`) names the field that held
    them instead of failing the whole body as unparsable."""
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        return body.decode("utf-8", "surrogateescape").encode("utf-8", "surrogatepass")


def _replay(body: bytes, receive):
    sent = [False]

    async def replay():
        if not sent[0]:
            sent[0] = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: disconnect notices come from the server as usual

    return replay
