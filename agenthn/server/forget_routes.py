"""Forgetting and keys: the DELETE routes and API-key management, thin over `agent.forget.Forgetter`.

    DELETE /api/conversations/{id}               turns, segments, segment adapters, run logs
    DELETE /api/conversations/{id}/turns/{idx}   one turn; the segments built from it are rebuilt
    DELETE /api/profile/facts/{key}              the fact leaves the edit log; the profile adapter is rebuilt
    DELETE /api/skills/{name}, DELETE /api/notes (?notebook=), DELETE /api/notes/{item_id}?notebook=
    DELETE /api/me?confirm=<your name>           everything of the caller; their keys stop working
    DELETE /admin/users/{id}                     the same, by an admin
    GET/POST /api/me/keys, DELETE /api/me/keys/{id}, DELETE /admin/users/{id}/keys/{key_id}

Each deletion runs as the user's model job (serving.ModelWorker), so it never overlaps a turn of the
same user, and answers once it is complete: rows, files and caches gone (store/forget.py has the crash
story). A revoked key (or every key of a deleted user) is refused from the next request on, and open
streams made with it end with an `error` event (`key_revoked`) within a poll interval.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from agenthn.errors import AgentHNError
from agenthn.server.auth import admin_user, current_user
from agenthn.server.feature_routes import ERRORS, ID_PATTERN, NAME_PATTERN
from agenthn.server.protocol import WireModel
from agenthn.store import User

log = logging.getLogger(__name__)

router = APIRouter(tags=["forgetting and keys"])
DELETE_ERRORS = {**ERRORS, **{code: ERRORS[400] for code in (403, 409)}}


class ConfirmationError(AgentHNError):
    code = "confirmation_required"


class ForgetReport(BaseModel):
    """What a deletion removed; the fields naming what was forgotten depend on the route."""

    forgotten: str = Field(..., description="conversation, turn, profile fact, skill, notes or user")
    rows: dict[str, int] = Field(..., description="rows deleted per table")
    adapters: list[str] = Field(..., description="adapter records deleted, as kind/name")
    files_removed: int
    pending_segments: list[int] = Field(default_factory=list, description="segments queued for rebuild")
    rebuilt_segments: list[int] | None = None
    rebuilt_profile: dict[str, Any] | None = None
    caches: dict[str, Any] = Field(..., description="entries dropped from in-memory and device caches")
    revoked_keys: list[int] | None = None
    conversation_id: str | None = None
    turn: int | None = None
    key: str | None = None
    name: str | None = None
    notebook: str | None = None
    item_id: int | None = None
    rebuilt_notes: int | None = None


class KeyOut(BaseModel):
    id: int
    hint: str = Field(..., description="the key's last 4 characters")
    label: str
    created_at: float
    revoked_at: float | None


class NewKeyOut(KeyOut):
    api_key: str = Field(..., description="shown once; only its hash is stored")


class NewKey(WireModel):
    label: str = Field("", max_length=64, pattern=r"^[^\x00-\x1f]*$")


async def _forget(request: Request, user_id: int, fn, user_limit: bool = True) -> ForgetReport:
    """`fn(forgetter)` as the user's model job, answered with its report once it is complete. Once
    started it runs to the end whoever is listening (no request is passed to watch: the caller's own
    key may be the one being revoked)."""
    forgetter = request.app.state.forgetter
    job = request.app.state.worker.submit(user_id, lambda ctx: fn(forgetter), user_limit=user_limit)
    return ForgetReport(**await job.result())


# ---- memory, profile, skills, notes ---------------------------------------------------------------
@router.delete("/api/conversations/{conversation_id}", response_model=ForgetReport, responses=DELETE_ERRORS)
async def forget_conversation(request: Request, conversation_id: str = Path(..., max_length=128,
                                                                            pattern=ID_PATTERN),
                              user: User = Depends(current_user)) -> ForgetReport:
    return await _forget(request, user.id, lambda f: f.conversation(user.id, conversation_id))


@router.delete("/api/conversations/{conversation_id}/turns/{idx}", response_model=ForgetReport,
               responses=DELETE_ERRORS)
async def forget_turn(request: Request, idx: int = Path(..., ge=0, le=2**62),
                      conversation_id: str = Path(..., max_length=128, pattern=ID_PATTERN),
                      user: User = Depends(current_user)) -> ForgetReport:
    return await _forget(request, user.id, lambda f: f.turn(user.id, conversation_id, idx))


@router.delete("/api/profile/facts/{key}", response_model=ForgetReport, responses=DELETE_ERRORS)
async def forget_fact(request: Request, key: str = Path(..., min_length=1, max_length=64),
                      user: User = Depends(current_user)) -> ForgetReport:
    return await _forget(request, user.id, lambda f: f.profile_fact(user.id, key))


@router.delete("/api/skills/{name}", response_model=ForgetReport, responses=DELETE_ERRORS)
async def forget_skill(request: Request, name: str = Path(..., pattern=NAME_PATTERN),
                       user: User = Depends(current_user)) -> ForgetReport:
    return await _forget(request, user.id, lambda f: f.skill(user.id, name))


@router.delete("/api/notes", response_model=ForgetReport, responses=DELETE_ERRORS)
async def forget_notes(request: Request, notebook: str | None = Query(None, pattern=NAME_PATTERN,
                                                                      description="default: every notebook"),
                       user: User = Depends(current_user)) -> ForgetReport:
    return await _forget(request, user.id, lambda f: f.notes(user.id, notebook))


@router.delete("/api/notes/{item_id}", response_model=ForgetReport, responses=DELETE_ERRORS)
async def forget_note(request: Request, item_id: int = Path(..., ge=1, le=2**62),
                      notebook: str = Query("improve", pattern=NAME_PATTERN),
                      user: User = Depends(current_user)) -> ForgetReport:
    return await _forget(request, user.id, lambda f: f.note(user.id, notebook, item_id))


# ---- users --------------------------------------------------------------------------------------------
async def _forget_user(request: Request, user_id: int) -> ForgetReport:
    """Stop the user's open streams first (their keys are refused in memory at once), then delete
    everything on their model queue, past their concurrency limit: their own jobs are being cancelled."""
    state = request.app.state
    state.store.check_user_deletable(user_id)  # 404 / 409 before anything is revoked
    state.revoked_keys.update(state.store.live_key_ids(user_id))
    report = await _forget(request, user_id, lambda f: f.user(user_id), user_limit=False)
    state.revoked_keys.update(report.revoked_keys or [])
    return report


@router.delete("/api/me", response_model=ForgetReport, responses=DELETE_ERRORS)
async def forget_me(request: Request, confirm: str = Query(..., max_length=64,
                                                           description="your user name, to confirm"),
                    user: User = Depends(current_user)) -> ForgetReport:
    if confirm != user.name:
        raise ConfirmationError("deleting yourself cannot be undone: pass confirm=<your user name>")
    return await _forget_user(request, user.id)


@router.delete("/admin/users/{user_id}", response_model=ForgetReport, responses=DELETE_ERRORS)
async def forget_user(request: Request, user_id: int = Path(..., ge=1, le=2**62),
                      admin: User = Depends(admin_user)) -> ForgetReport:
    report = await _forget_user(request, user_id)
    log.info("admin %d deleted user %d", admin.id, user_id)
    return report


# ---- keys -----------------------------------------------------------------------------------------------
class OwnKeyError(AgentHNError):
    status_code = 409
    code = "own_key"


def _revoke(request: Request, user_id: int, key_id: int) -> KeyOut:
    """Revoke a key; never the one this request is made with (a typo would lock the caller out: revoke
    it with another key)."""
    if key_id == getattr(request.state, "key_id", None):
        raise OwnKeyError(f"key {key_id} authenticates this request; revoke it with another key")
    key = request.app.state.store.revoke_key(user_id, key_id)
    request.app.state.revoked_keys.add(key.id)  # open streams made with it end now
    return KeyOut(**_key_fields(key))


def _key_fields(key) -> dict:
    return {k: v for k, v in asdict(key).items() if k != "user_id"}


@router.get("/api/me/keys", response_model=list[KeyOut], responses=ERRORS)
def list_keys(request: Request, user: User = Depends(current_user)) -> list[KeyOut]:
    return [KeyOut(**_key_fields(k)) for k in request.app.state.store.list_keys(user.id)]


@router.post("/api/me/keys", status_code=201, response_model=NewKeyOut, responses=ERRORS)
def issue_key(request: Request, body: NewKey | None = None, user: User = Depends(current_user)) -> NewKeyOut:
    key, plaintext = request.app.state.store.issue_key(user.id, (body or NewKey()).label)
    return NewKeyOut(**_key_fields(key), api_key=plaintext)


@router.delete("/api/me/keys/{key_id}", response_model=KeyOut, responses=DELETE_ERRORS)
def revoke_key(request: Request, key_id: int = Path(..., ge=1, le=2**62),
               user: User = Depends(current_user)) -> KeyOut:
    return _revoke(request, user.id, key_id)


@router.delete("/admin/users/{user_id}/keys/{key_id}", response_model=KeyOut, responses=DELETE_ERRORS)
def admin_revoke_key(request: Request, user_id: int = Path(..., ge=1, le=2**62),
                     key_id: int = Path(..., ge=1, le=2**62), admin: User = Depends(admin_user)) -> KeyOut:
    out = _revoke(request, user_id, key_id)
    log.info("admin %d revoked key %d of user %d", admin.id, key_id, user_id)
    return out
