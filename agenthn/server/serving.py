"""Model work off the event loop: admission limits, one worker thread, events streamed back as they happen.

    job = app.state.worker.submit(user.id, lambda ctx: runtime.chat(messages, opts, ctx))  # may raise 429/503
    async for kind, item in job.stream(request):   # ("event", dict) ... then ("result", value)
        ...

All model work runs on ONE worker thread: that is the global generation lock (batched serving is a
later issue), and it keeps the PyTorch model off the asyncio loop. Before a job is queued it must pass
two limits, checked together under a lock so they cannot be raced: the user's concurrency (429) and the
queue bound (503). Both are answered before the response starts, so they get a real HTTP status.

A job's events cross from the worker thread to the event loop through `loop.call_soon_threadsafe` into
an asyncio queue. When the client goes away (the stream is closed, or `request.is_disconnected()` turns
true while we wait) the job's cancel flag is set; the runtime checks it between tokens, and a job still
waiting in the queue is skipped. Slots are released by the worker when the job really ends, so the
bound counts work the model still has to do, not just connections still open.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from agenthn.agent.runtime import Cancelled, GenerationSettings, RunContext
from agenthn.errors import AgentHNError, OverloadedError
from agenthn.server.config import Limits, ServerConfig
from agenthn.server.metrics import Metrics

log = logging.getLogger(__name__)

POLL_S = 0.25  # how often a waiting stream checks for a disconnected client
# Events that report a document internalized into an adapter, and the metric label each counts under.
INTERNALIZING = {"segment_internalized": "segment", "skill_internalized": "skills",
                 "profile_adapter_refreshed": "profile", "adapter_refreshed": "notes"}


class TooManyRequestsError(AgentHNError):
    status_code = 429
    code = "rate_limit_exceeded"


class ModelWorker:
    def __init__(self, limits: Limits, metrics: Metrics):
        self.limits, self.metrics = limits, metrics
        # Jobs of different users run side by side: their generations meet in the batch engine, which
        # decodes them in one forward per step. One user's jobs stay in order (per-user lock), since
        # a user's memory and profile are updated turn by turn.
        self._pool = ThreadPoolExecutor(max_workers=limits.queue_size, thread_name_prefix="agenthn-model")
        self._user_locks: dict[int, threading.Lock] = {}
        self._lock = threading.Lock()
        self._admitted = 0
        self._per_user: Counter[int] = Counter()

    @property
    def admitted(self) -> int:
        return self._admitted

    def _admit(self, user_id: int, user_limit: bool = True) -> None:
        with self._lock:
            if user_limit and self._per_user[user_id] >= self.limits.per_user_concurrency:
                self.metrics.rejected.labels("user_concurrency").inc()
                raise TooManyRequestsError(f"too many concurrent requests for this key (limit "
                                           f"{self.limits.per_user_concurrency}); retry when one finishes")
            if self._admitted >= self.limits.queue_size:
                self.metrics.rejected.labels("queue_full").inc()
                raise OverloadedError(f"the server is busy ({self._admitted} jobs queued or running); "
                                      "retry shortly")
            self._admitted += 1
            self._per_user[user_id] += 1
            self.metrics.jobs.set(self._admitted)

    def _release(self, user_id: int) -> None:
        with self._lock:
            self._admitted -= 1
            self._per_user[user_id] -= 1
            if self._per_user[user_id] <= 0:
                del self._per_user[user_id]
            self.metrics.jobs.set(self._admitted)

    def submit(self, user_id: int, fn: Callable[[RunContext], Any],
               on_event: Callable[[dict], None] | None = None,
               on_end: Callable[[str], None] | None = None, user_limit: bool = True) -> Job:
        """Admit (or raise 429/503) and queue `fn(ctx)` on the model thread.

        `on_event(event)` sees every event on the worker thread (run logs are written there, off the
        loop) and may return a replacement (numbered, normalized); `on_end(status)` runs there too once
        the job is over: done, error or cancelled. `user_limit=False` (deleting a user, whose running
        jobs are being cancelled) skips the user's concurrency limit, not the queue bound.
        """
        self._admit(user_id, user_limit)
        job = Job(asyncio.get_running_loop(), self._observer(on_event), self.metrics)

        with self._lock:
            user_lock = self._user_locks.setdefault(user_id, threading.Lock())

        def work() -> None:
            status, outcome = "error", None
            try:
                with user_lock:
                    job.ctx.check()  # the client left while we were queued: do not start
                    result = fn(job.ctx)
                status = "cancelled" if job.ctx.cancelled else "done"  # before the stream can set it
                outcome = ("result", result)
            except Cancelled:
                status, outcome = "cancelled", ("cancelled", None)
            except BaseException as e:  # noqa: BLE001 - handed to the awaiting side, which re-raises it
                outcome = ("error", e)
            finally:
                # the slot is free before the client hears the answer: its next request may come at once
                # (a 429 in CI under load, session 61, where the answer went out first)
                self._release(user_id)
                if outcome is not None:
                    job.push(*outcome)
                if on_end is not None:
                    _safely(on_end, status)

        self._pool.submit(work)
        return job

    def _observer(self, on_event: Callable[[dict], Any] | None) -> Callable[[dict], Any]:
        def observe(event: dict) -> Any:
            kind = INTERNALIZING.get(event.get("type"))
            if kind and not event.get("empty"):
                self.metrics.internalizations.labels(kind).inc()
            return on_event(event) if on_event is not None else None

        return observe

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class Job:
    """The event-loop side of one model job."""

    def __init__(self, loop: asyncio.AbstractEventLoop, on_event: Callable[[dict], None] | None,
                 metrics: Metrics | None = None):
        self.loop, self.metrics = loop, metrics
        self.finished = False
        self.queue: asyncio.Queue = asyncio.Queue()
        self.on_event = on_event
        self.ctx = RunContext(emit=self._emit)
        self.started = time.perf_counter()

    def _emit(self, event: dict) -> None:
        if self.on_event is not None:
            event = _safely(self.on_event, event) or event
        self.push("event", event)

    def push(self, kind: str, item: Any) -> None:
        try:
            self.loop.call_soon_threadsafe(self.queue.put_nowait, (kind, item))
        except RuntimeError:  # the loop is gone (server shutting down): nobody is listening
            self.ctx.cancel.set()

    def cancel(self) -> None:
        self.ctx.cancel.set()

    async def stream(self, request=None) -> AsyncIterator[tuple[str, Any]]:
        """("event", dict) items, then ("result", value) or ("cancelled", None); re-raises job errors.
        The request's API key is checked before every item and poll: once it is revoked the job is
        cancelled and its AuthenticationError raised (auth.revoked_error)."""
        from agenthn.server.auth import revoked_error

        try:
            while True:
                if request is not None and (revoked := revoked_error(request)) is not None:
                    raise revoked
                try:
                    kind, item = await asyncio.wait_for(self.queue.get(), POLL_S)
                except TimeoutError:
                    if request is not None and await request.is_disconnected():
                        log.info("client disconnected; cancelling its job")
                        self.cancel()
                        return
                    continue
                if kind == "error":
                    self.finished = True
                    raise item
                if kind in ("result", "cancelled"):
                    self.finished = True
                yield kind, item
                if self.finished:
                    return
        finally:
            # Closed early (client gone, response cancelled) or finished: either way stop the work.
            if not self.finished and self.metrics is not None:
                self.metrics.cancelled.inc()
            self.cancel()

    async def result(self, request=None) -> Any:
        async for kind, item in self.stream(request):
            if kind == "result":
                return item
        raise Cancelled()


def generation(config: ServerConfig, max_tokens: int | None, temperature: float | None = None,
               seed: int | None = None) -> GenerationSettings:
    """How one request decodes: its own token budget (the default when it names none) held under the
    server's ceiling, and the server's repeat guard, which a request cannot switch off."""
    limits = config.limits
    wanted = max_tokens or limits.default_new_tokens
    return GenerationSettings(max_new_tokens=min(wanted, limits.max_new_tokens),
                              temperature=temperature or 0.0, seed=seed,
                              no_repeat_ngram=config.no_repeat_ngram)


def _safely(fn: Callable, *args) -> Any:
    try:
        return fn(*args)
    except Exception:  # a failing observer (run log) must not kill the generation it watches
        log.exception("event observer %r failed", fn)
        return None
