"""Native feature API under /api: live runs as SSE event streams, plus reads of each user's state.

Live runs (POST, `text/event-stream`): `/api/chat` (chat with memory), `/api/profile/observe`
(personalization), `/api/skills` and `/api/skills/solve` (skills), `/api/improve` (self-improvement).
Each frame is `id: <seq>` + `data: <event json>` (schema: `GET /api/events/schema`); the first event is
`run_started` (with the run id), the last `run_finished`. Every event is also written to the user's run
log, so `GET /api/runs/{run_id}` returns a recorded run for replay in the UI.

Reads and small edits are JSON. Every POST takes an `Idempotency-Key` header: a retry with the same key
gets the stored response (an event stream replayed as it was sent) instead of a second run (idempotency.py).
Every route depends on `current_user` and passes `user.id` to the Store
or the user's runtime: nothing here can name another user's data.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from agenthn.agent.runtime import GenerationSettings, RunContext, TurnOptions
from agenthn.agent.skills import KIND as SKILLS_KIND
from agenthn.errors import AgentHNError, NotFoundError
from agenthn.server import events, idempotency
from agenthn.server.auth import KeyRevokedError, current_user
from agenthn.server.protocol import ErrorResponse, NonBlank, WireModel
from agenthn.server.serving import generation
from agenthn.store import User

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["agent"])
ERRORS = {code: {"model": ErrorResponse} for code in (400, 401, 404, 413, 429, 501, 503)}
SSE = {200: {"content": {"text/event-stream": {}}, "description": "a stream of run events"}}
ID_PATTERN = r"^[A-Za-z0-9._:-]+$"
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


# ---- running a job as an SSE stream ------------------------------------------------------------
def sse_run(request: Request, user: User, feature: str, fn: Callable[[RunContext], Any],
            claimed: idempotency.Claim | None = None, **info) -> StreamingResponse:
    """`fn` as a recorded run streamed as SSE. With an Idempotency-Key `claimed`, the run's frames are kept
    as they are made and stored as the response once the run has done its work."""
    state = request.app.state
    recorder = events.RunRecorder(state.store, user.id, feature, **info)
    work, on_event = recorder.wrap(fn), recorder.record
    if claimed is not None:
        frames: list[str] = []

        def on_event(event: dict) -> dict:
            event = recorder.record(event)
            frames.append(_frame(event))
            return event

        work = claimed.wrap(work, lambda out: None if _cut_off(out) else (200, SSE_TYPE, "".join(frames)))
    job = idempotency.submit(state.worker, user.id, work, claimed, on_event=on_event)
    request.state.log_extra = {"feature": feature}
    return StreamingResponse(_frames(job, request), media_type=SSE_TYPE,
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


SSE_TYPE = "text/event-stream"


def _frame(event: dict) -> str:
    return f"id: {event.get('seq', '')}\ndata: {json.dumps(event)}\n\n"


def _cut_off(out: Any) -> bool:
    """A chat whose generation was cancelled wrote nothing: its key is released, not answered."""
    return getattr(out, "finish_reason", None) == "cancelled"


async def _frames(job, request: Request) -> AsyncIterator[str]:
    try:
        async for kind, item in job.stream(request):
            if kind == "event":
                yield _frame(item)
    except KeyRevokedError as e:  # raised by the stream, not the run: say so in-band, then close
        yield _frame({"type": "error", "status": e.status_code, "code": e.code, "message": e.message})
    except Exception as e:  # noqa: BLE001 - the run already sent (and logged) its error event
        if getattr(e, "status_code", 500) >= 500:  # an internal error in-band: counted as the 500 it is
            request.app.state.metrics.server_errors.labels(request.scope["route"].path).inc()


async def run_json(request: Request, user: User, fn: Callable[[RunContext], Any],
                   claimed: idempotency.Claim | None = None) -> Any:
    """A short model job answered as plain JSON (its events are returned, not streamed); with a claimed
    Idempotency-Key the JSON is stored as the response when the job is done."""
    if claimed is not None:
        fn = claimed.wrap(fn, lambda out: (200, "application/json", json.dumps(jsonable_encoder(out))))
    job = idempotency.submit(request.app.state.worker, user.id, fn, claimed)
    return await job.result(request)


def _claim(request: Request, user: User, body=None):
    return idempotency.claim(request, user, body)


def _gen(request: Request, max_tokens: int | None, temperature: float = 0.0) -> GenerationSettings:
    return generation(request.app.state.config, max_tokens, temperature)


def _runtime(request: Request, user: User):
    return request.app.state.runtimes.get(user.id)


# ---- chat with memory ----------------------------------------------------------------------------
class ChatRequest(WireModel):
    message: NonBlank = Field(..., min_length=1, max_length=100_000)
    conversation_id: str | None = Field(None, max_length=128, pattern=ID_PATTERN)
    memory: bool = True
    profile: bool = True
    learn_profile: bool = False
    skills: list[str] = Field(default_factory=list, max_length=16)
    max_tokens: int | None = Field(None, ge=1)
    temperature: float = Field(0.0, ge=0.0, le=2.0, allow_inf_nan=False)


@router.post("/chat", responses={**SSE, **ERRORS})
async def chat(body: ChatRequest, request: Request, user: User = Depends(current_user)) -> StreamingResponse:
    cid = body.conversation_id or "c-" + uuid.uuid4().hex[:12]
    opts = TurnOptions(conversation_id=cid, memory=body.memory, profile=body.profile,
                       learn_profile=body.learn_profile, skills=body.skills)
    gen, rt = _gen(request, body.max_tokens, body.temperature), _runtime(request, user)
    messages = [{"role": "user", "content": body.message}]
    rt.precheck(messages, opts)  # 4xx now, not in-band after the stream has started
    claimed = _claim(request, user, body)
    if isinstance(claimed, Response):
        return claimed
    return sse_run(request, user, "chat", lambda ctx: rt.chat(messages, opts, ctx, gen), claimed,
                   conversation_id=cid)


@router.get("/conversations", responses=ERRORS)
def conversations(request: Request, user: User = Depends(current_user)) -> list[str]:
    return request.app.state.store.list_conversations(user.id)


@router.get("/conversations/{conversation_id}", responses=ERRORS)
def conversation(conversation_id: str, request: Request, user: User = Depends(current_user)) -> dict:
    store = request.app.state.store
    turns = store.list_turns(user.id, conversation_id)
    segments = store.list_segments(user.id, conversation_id)
    if not turns and not segments:
        raise NotFoundError(f"conversation {conversation_id!r} not found")
    return {"conversation_id": conversation_id, "turns": [asdict(t) for t in turns],
            "segments": [{k: v for k, v in asdict(s).items() if k != "adapter_path"} for s in segments]}


# ---- personalization -------------------------------------------------------------------------------
class ObserveRequest(WireModel):
    message: NonBlank = Field(..., min_length=1, max_length=10_000)
    turn_ref: str | None = Field(None, max_length=128)


class EditRequest(WireModel):
    op: Literal["ADD", "UPDATE", "REMOVE"]
    key: str = Field(..., min_length=1, max_length=64)
    value: str | None = Field(None, max_length=256)


@router.get("/profile", responses=ERRORS)
def profile(request: Request, user: User = Depends(current_user)) -> dict:
    store = request.app.state.store
    return {"profile": store.profile_state(user.id),
            "history": [asdict(e) for e in store.profile_history(user.id)]}


@router.post("/profile/observe", responses={**SSE, **ERRORS})
async def profile_observe(body: ObserveRequest, request: Request, user: User = Depends(current_user)):
    rt = _runtime(request, user)
    claimed = _claim(request, user, body)
    if isinstance(claimed, Response):
        return claimed
    return sse_run(request, user, "profile", lambda ctx: rt.observe(body.message, ctx, body.turn_ref),
                   claimed)


@router.post("/profile/edits", responses=ERRORS)
async def profile_edit(body: EditRequest, request: Request, user: User = Depends(current_user)) -> dict:
    rt, store = _runtime(request, user), request.app.state.store
    claimed = _claim(request, user, body)
    if isinstance(claimed, Response):
        return claimed
    return await run_json(request, user,
                          lambda ctx: {"events": rt.personalizer().edit(body.op, body.key, body.value),
                                                      "profile": store.profile_state(user.id)}, claimed)


@router.post("/profile/edits/{edit_id}/undo", responses=ERRORS)
async def profile_undo(edit_id: int, request: Request, user: User = Depends(current_user)) -> dict:
    rt, store = _runtime(request, user), request.app.state.store
    claimed = _claim(request, user)
    if isinstance(claimed, Response):
        return claimed
    return await run_json(request, user, lambda ctx: {"events": rt.personalizer().undo(edit_id),
                                                      "profile": store.profile_state(user.id)}, claimed)


@router.post("/profile/refresh", responses=ERRORS)
async def profile_refresh(request: Request, user: User = Depends(current_user)) -> dict:
    rt = _runtime(request, user)
    claimed = _claim(request, user)
    if isinstance(claimed, Response):
        return claimed
    return await run_json(request, user, lambda ctx: {"events": [rt.personalizer().refresh()]}, claimed)


# ---- skills ---------------------------------------------------------------------------------------
class SkillDocument(WireModel):
    name: str = Field("skills", pattern=NAME_PATTERN)
    document: NonBlank = Field(..., min_length=1, max_length=200_000)


class SolveRequest(WireModel):
    problem: NonBlank = Field(..., min_length=1, max_length=10_000)
    skills: list[str] = Field(..., min_length=1, max_length=16)
    nudge: bool = True
    profile: bool = False
    max_tokens: int | None = Field(None, ge=1)


@router.get("/skills", responses=ERRORS)
def skills(request: Request, user: User = Depends(current_user)) -> list[dict]:
    return [_adapter_out(r) for r in request.app.state.store.list_adapters(user.id, SKILLS_KIND)]


@router.post("/skills", responses={**SSE, **ERRORS})
async def skill_load(body: SkillDocument, request: Request, user: User = Depends(current_user)):
    rt = _runtime(request, user)
    rt.check_document(body.document)  # 413 before the stream starts
    claimed = _claim(request, user, body)
    if isinstance(claimed, Response):
        return claimed
    return sse_run(request, user, "skills", lambda ctx: rt.load_skill(body.name, body.document, ctx), claimed)


@router.post("/skills/solve", responses={**SSE, **ERRORS})
async def skill_solve(body: SolveRequest, request: Request, user: User = Depends(current_user)):
    rt, gen = _runtime(request, user), _gen(request, body.max_tokens or 96)
    rt.require_skills(body.skills)
    rt.check_messages([{"role": "user", "content": body.problem}])
    claimed = _claim(request, user, body)
    if isinstance(claimed, Response):
        return claimed
    return sse_run(request, user, "skills",
                   lambda ctx: rt.solve(body.skills, body.problem, ctx, gen, body.nudge, body.profile),
                   claimed)


# ---- self-improvement -------------------------------------------------------------------------------
class QA(WireModel):
    question: NonBlank = Field(..., min_length=1, max_length=2000)
    answer: NonBlank = Field(..., min_length=1, max_length=500)
    source: str = Field("", max_length=2000)


class ImproveRequest(WireModel):
    rounds: int = Field(2, ge=1)
    questions: list[QA] | None = Field(None, max_length=256, description="default: a built-in question set")
    unseen: list[QA] = Field(default_factory=list, max_length=256)
    builtin_entities: int = Field(4, ge=1, le=32, description="size of the built-in set")
    seed: int = Field(0, ge=0, le=2**31)
    notebook: str = Field("improve", pattern=NAME_PATTERN)


@router.post("/improve", responses={**SSE, **ERRORS})
async def improve(body: ImproveRequest, request: Request, user: User = Depends(current_user)):
    limit = request.app.state.config.limits.max_improve_rounds
    if body.rounds > limit:
        raise AgentHNError(f"rounds is {body.rounds}, over the limit of {limit}")
    questions, unseen = _question_sets(body, request)
    rt = _runtime(request, user)
    claimed = _claim(request, user, body)
    if isinstance(claimed, Response):
        return claimed
    return sse_run(request, user, "improve",
                   lambda ctx: rt.improve(body.rounds, questions, unseen, ctx, body.notebook), claimed)


def _question_sets(body: ImproveRequest, request: Request) -> tuple[list[dict], list[dict]]:
    """The posted sets, else the built-in ones in the language of the served model's base."""
    if body.questions:
        return [q.model_dump() for q in body.questions], [q.model_dump() for q in body.unseen]
    from agenthn.bench.samples import improve_sets

    return improve_sets(body.builtin_entities, body.seed, request.app.state.model.base_model_id)


@router.get("/notes", responses=ERRORS)
def notes(request: Request, notebook: str = Query("improve", pattern=NAME_PATTERN),
          user: User = Depends(current_user)) -> dict:
    store = request.app.state.store
    return {"notebook": notebook, "notes": [asdict(n) for n in store.list_notes(user.id, notebook)],
            "history": [asdict(e) for e in store.note_history(user.id, notebook)]}


# ---- samples for the UI: inputs to try each feature with, English unless the base is the tiny world's ----
class MemorySample(BaseModel):
    turns: list[str] = Field(..., description="user lines; a fact is said in passing in the first ones")
    question: str
    answer: str


class ProfileTurn(BaseModel):
    turn: str
    edits: list[str] = Field(..., description='the edits it implies ("ADD key: value"); none for a question')


class ProfileSample(BaseModel):
    turns: list[ProfileTurn]
    question: str = Field(..., description="asked in a new conversation once the turns are observed")
    answer: str


class SkillProblem(BaseModel):
    problem: str
    answer: str


class SampleQA(BaseModel):
    question: str
    answer: str
    source: str = ""


class ImproveSample(BaseModel):
    questions: list[SampleQA] = Field(..., description="the improve route's built-in set for the same seed")
    unseen: list[SampleQA]


class Samples(BaseModel):
    language: Literal["english", "world"] = Field(..., description="by the served model's base")
    memory: MemorySample
    profile: ProfileSample
    skills_document: str
    skill_problems: list[SkillProblem]
    improve: ImproveSample


@router.get("/samples", response_model=Samples, responses=ERRORS)
def samples(request: Request, seed: int = Query(0, ge=0, le=2**31),
            user: User = Depends(current_user)) -> dict:
    from agenthn.bench.samples import ui_samples

    return ui_samples(seed, request.app.state.model.base_model_id)


# ---- adapters, runs, schema --------------------------------------------------------------------------
def _adapter_out(r) -> dict:
    return {"id": r.id, "kind": r.kind, "name": r.name, "size_bytes": r.size_bytes, "sha256": r.sha256,
            "created_at": r.created_at}


@router.get("/adapters", responses=ERRORS)
def adapters(request: Request, kind: str | None = Query(None, max_length=32),
             user: User = Depends(current_user)) -> list[dict]:
    return [_adapter_out(r) for r in request.app.state.store.list_adapters(user.id, kind)]


@router.get("/runs", responses=ERRORS)
def runs(request: Request, feature: str | None = Query(None, max_length=32),
         user: User = Depends(current_user)) -> list[dict]:
    return [asdict(r) for r in request.app.state.store.list_runs(user.id, feature)]


@router.get("/runs/{run_id}", responses=ERRORS)
def run_log(run_id: str, request: Request, user: User = Depends(current_user)) -> dict:
    """A recorded run as the UI downloads and replays it: the run and its events in order."""
    store = request.app.state.store
    run = store.get_run(user.id, run_id)
    return {"format": "agenthn-run/1", "run": asdict(run),
            "events": [e.event for e in store.run_events(user.id, run_id)]}


@router.get("/events/schema")
def event_schema(response: Response) -> dict:
    response.headers["Cache-Control"] = "max-age=3600"
    return events.schema()
