"""`Idempotency-Key` on the routes that write (turns, profile edits, runs, users): a retry is answered,
not redone.

    claim = idempotency.claim(request, user, body)       # None without the header; raises 409/422; or:
    if isinstance(claim, Response): return claim         # a completed earlier request: its stored response
    job = worker.submit(user.id, claim.wrap(fn, respond))  # the response is stored when the work completes

The key is claimed in SQLite ('running') before the work starts, scoped to the user, and bound to the
request (method, route and body, as a fingerprint). The response is stored by the model worker the
moment the work completes, whether or not the client is still there to read it: that is the case a
retry is for (a reply that was stored but never received). A retry with the same key then gets the
stored response (same status, body and content type; header `Idempotent-Replayed: true`), an event
stream included; while the first request still runs it gets 409; with another request 422. Work that
did not complete (an error, a cancel before anything was written) releases the key, so a retry does it.
A key left 'running' by a killed server is released at start-up (recovery.py). Keys are kept 24 hours.

The one window left: a SIGKILL after a turn is written and before its key is marked done (two commits,
microseconds apart) releases the key, so that retry runs again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel

from agenthn.errors import AgentHNError
from agenthn.store import User

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # printable ASCII, no spaces


class IdempotencyKeyError(AgentHNError):
    code = "invalid_idempotency_key"


class IdempotencyMismatchError(AgentHNError):
    status_code = 422
    code = "idempotency_key_reused"


class IdempotencyInProgressError(AgentHNError):
    status_code = 409
    code = "idempotency_key_in_progress"
    retry = True  # answered with Retry-After


def fingerprint(request: Request, body: BaseModel | dict | None) -> str:
    data = body.model_dump(mode="json") if isinstance(body, BaseModel) else body
    text = json.dumps([request.method, request.url.path, data], sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def claim(request: Request, user: User, body: BaseModel | dict | None = None) -> Claim | Response | None:
    """None without the header; a Claim to do the work under; or the stored Response of a completed
    earlier request with this key. 409 while that request still runs, 422 when the key was used for
    another request."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not _KEY.match(key):
        e = IdempotencyKeyError(f"{HEADER} header: {key[:80]!r} must be 1 to 255 printable ASCII characters "
                                "without spaces")
        e.param = HEADER
        raise e
    store, line = request.app.state.store, f"{request.method} {request.url.path}"
    found = store.claim_idempotency_key(user.id, key, line, fingerprint(request, body))
    if found is None:
        return Claim(store, user.id, key)
    if found.fingerprint != fingerprint(request, body):
        raise IdempotencyMismatchError(f"{HEADER} {key!r} was already used for another request "
                                       f"({found.request} with a different body); use a new key for a new "
                                       "request")
    if found.state != "done":
        raise IdempotencyInProgressError(f"the request with {HEADER} {key!r} is still being processed; retry "
                                         "when it has finished")
    log.info("replaying the stored response of %s for key %r of user %d", found.request, key, user.id)
    return Response(found.body, status_code=found.status, media_type=found.content_type,
                    headers={"Idempotent-Replayed": "true"})


class Claim:
    """A claimed key: `complete` stores the response, `release` frees the key for a retry to redo the work."""

    def __init__(self, store, user_id: int, key: str):
        self.store, self.user_id, self.key = store, user_id, key

    def complete(self, status: int, content_type: str, body: str | bytes) -> None:
        self.store.complete_idempotency_key(self.user_id, self.key, status, content_type,
                                            body.encode() if isinstance(body, str) else body)

    def release(self) -> None:
        self.store.release_idempotency_key(self.user_id, self.key)

    def wrap(self, fn: Callable[[Any], Any], respond: Callable[[Any], tuple[int, str, str | bytes] | None]
             ) -> Callable[[Any], Any]:
        """`fn` for the model worker: when it returns, `respond(result)` gives (status, content type, body) to
        store, or None when the work did not complete (the key is then released, as on an exception)."""

        def run(ctx):
            try:
                out = fn(ctx)
                response = respond(out)
            except BaseException:
                self.release()
                raise
            if response is None:
                self.release()
            else:
                self.complete(*response)
            return out

        return run


def submit(worker, user_id: int, fn: Callable, claimed: Claim | None, **kw):
    """`worker.submit`, releasing the claim when the job is refused (429/503) so a retry can run it."""
    try:
        return worker.submit(user_id, fn, **kw)
    except BaseException:
        if claimed is not None:
            claimed.release()
        raise
