"""Run logs: numbering a run's events and appending them to the Store (the schema is agent/events.py)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from agenthn.agent.events import normalize, schema, validate  # noqa: F401  (the server documents them)
from agenthn.errors import AgentHNError

log = logging.getLogger(__name__)


class RunRecorder:
    """Numbers a run's events and appends them to the Store's run log, on the model worker thread.

    Token events are buffered (a commit per token would fsync per token); any other event flushes the
    buffer, so everything but the newest tokens is on disk while a run is live, and all of it once
    it ends. `wrap(fn)` brackets a job with run_started / run_finished (and an error event on failure).
    """

    FLUSH_TOKENS = 64

    def __init__(self, store, user_id: int, feature: str, **info):
        self.store, self.user_id, self.feature, self.info = store, user_id, feature, info
        self.run_id: str | None = None
        self._seq, self._buffer, self._t0 = 0, [], time.perf_counter()

    def wrap(self, fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        from agenthn.agent.runtime import Cancelled

        def run(ctx):
            self.run_id = self.store.start_run(self.user_id, self.feature).run_id
            ctx.emit({"type": "run_started", "run_id": self.run_id, "feature": self.feature, **self.info})
            try:
                out = fn(ctx)
            except Cancelled:
                self._end(ctx, "cancelled")
                raise
            except Exception as e:
                if not isinstance(e, AgentHNError):
                    log.exception("%s run %s failed", self.feature, self.run_id)
                ctx.emit({"type": "error", "status": getattr(e, "status_code", 500),
                          "code": getattr(e, "code", None),
                          "message": e.message if isinstance(e, AgentHNError) else "internal server error"})
                self._end(ctx, "error")
                raise
            # Done when the work completed, even if its client has left since (a chat reply that was stored);
            # cancelled when it stopped early (a chat whose generation was cut off writes no turn).
            self._end(ctx, "cancelled" if getattr(out, "finish_reason", None) == "cancelled" else "done")
            return out

        return run

    def record(self, event: dict) -> dict:
        event = {**normalize(event), "seq": self._seq, "t": round(time.perf_counter() - self._t0, 4)}
        self._seq += 1
        if self.run_id is not None:
            self._buffer.append(event)
            if event.get("type") != "token" or len(self._buffer) >= self.FLUSH_TOKENS:
                self.flush()
        return event

    def flush(self) -> None:
        if self._buffer:
            self.store.append_run_events(self.user_id, self.run_id, self._buffer)
            self._buffer = []

    def _end(self, ctx, status: str) -> None:
        ctx.emit({"type": "run_finished", "status": status})
        self.flush()
        self.store.finish_run(self.user_id, self.run_id, status)
