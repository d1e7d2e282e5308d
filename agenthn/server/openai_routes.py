"""OpenAI-compatible routes: `GET /v1/models`, `POST /v1/chat/completions` (plain and streaming).

Streaming follows OpenAI's wire format exactly, which is what the stock `openai` client parses: a first
chunk with `delta.role`, one chunk per content piece, a chunk with `finish_reason`, an optional usage
chunk with empty `choices` (`stream_options.include_usage`), then `data: [DONE]`. An error after the
stream has started cannot change the HTTP status any more, so it becomes an `{"error": ...}` frame
followed by `[DONE]`.

AgentHN options ride in the `agenthn` body field; with `memory` on, the server keeps the conversation
(`conversation_id`) and the request needs to carry only the new user message. An `Idempotency-Key`
header makes a retry return the stored completion (or stream) instead of writing the turn twice.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response, StreamingResponse

from agenthn.agent.runtime import Reply, TurnOptions
from agenthn.errors import AgentHNError, UnknownModelError
from agenthn.server import idempotency
from agenthn.server.auth import current_user
from agenthn.server.protocol import (
    AgentHNInfo,
    ChatCompletionChunk,
    ChatCompletionRequest,
    ChatCompletionResponse,
    Choice,
    ChunkChoice,
    Delta,
    ErrorResponse,
    ModelCard,
    ModelList,
    ResponseMessage,
    Usage,
    completion_id,
    error_info,
)
from agenthn.server.serving import generation
from agenthn.store import User

log = logging.getLogger(__name__)

router = APIRouter(tags=["openai"])
ERRORS = {code: {"model": ErrorResponse} for code in (400, 401, 404, 413, 422, 429, 501, 503)}


@router.get("/v1/models", response_model=ModelList, responses=ERRORS)
def list_models(request: Request, user: User = Depends(current_user)) -> ModelList:
    state = request.app.state
    return ModelList(data=[ModelCard(id=state.model_id, created=int(state.started_at))])


@router.post("/v1/chat/completions", response_model=ChatCompletionResponse, responses=ERRORS)
async def chat_completions(body: ChatCompletionRequest, request: Request, user: User = Depends(current_user)):
    state = request.app.state
    if body.model not in (state.model_id, "agenthn", "default"):
        raise UnknownModelError(f"model {body.model!r} is not served here; GET /v1/models lists "
                                f"{state.model_id!r}")
    gen = generation(state.config, body.requested_tokens(), body.temperature, body.seed)
    opts = TurnOptions(**body.agenthn.model_dump())
    messages = [m.as_dict() for m in body.messages]
    runtime = state.runtimes.get(user.id)
    runtime.precheck(messages, opts)  # 4xx now, not in-band after the stream has started
    claimed = idempotency.claim(request, user, body)
    if isinstance(claimed, Response):
        return claimed  # an earlier request with this Idempotency-Key did the work: its response
    cid, created = completion_id(), int(time.time())
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    chunk = _chunker(cid, created, state.model_id)

    def completion(reply: Reply) -> ChatCompletionResponse:
        return ChatCompletionResponse(
            id=cid, created=created, model=state.model_id,
            choices=[Choice(message=ResponseMessage(content=reply.text), finish_reason=_finish(reply))],
            usage=_usage(reply),
            agenthn=AgentHNInfo(adapters=reply.adapters, retrieved_segments=reply.retrieved,
                                conversation_id=opts.conversation_id))

    fn, pieces, on_event = (lambda ctx: runtime.chat(messages, opts, ctx, gen)), [], None
    if claimed is not None:  # the response is stored by the worker when the turn is done, read or not
        if body.stream:
            def on_event(event: dict) -> None:
                if event.get("type") == "token":
                    pieces.append(event["text"])

            def respond(reply: Reply):
                return None if reply.finish_reason == "cancelled" else (
                    200, "text/event-stream", "".join(_whole_stream(chunk, pieces, reply, include_usage)))
        else:
            def respond(reply: Reply):
                return None if reply.finish_reason == "cancelled" else (
                    200, "application/json", completion(reply).model_dump_json())
        fn = claimed.wrap(fn, respond)
    job = idempotency.submit(state.worker, user.id, fn, claimed, on_event=on_event)
    request.state.log_extra = {"stream": body.stream}
    if body.stream:
        frames = _stream_frames(job, request, chunk, include_usage)
        return StreamingResponse(frames, media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    reply: Reply = await job.result(request)
    _count(request, reply, job)
    return completion(reply)


def _chunker(cid: str, created: int, model_id: str):
    def chunk(delta: Delta, finish=None, usage=None, choices=True) -> str:
        c = ChatCompletionChunk(id=cid, created=created, model=model_id, usage=usage,
                                choices=[ChunkChoice(delta=delta, finish_reason=finish)] if choices else [])
        data = c.model_dump(exclude={"usage"} if usage is None else set())
        for ch in data["choices"]:  # as OpenAI sends it: a delta names only what it carries
            ch["delta"] = {k: v for k, v in ch["delta"].items() if v is not None}
        return f"data: {json.dumps(data)}\n\n"

    return chunk


def _whole_stream(chunk, pieces: list[str], reply: Reply, include_usage: bool) -> list[str]:
    """The frames a completed streamed turn sent, as stored for an Idempotency-Key retry."""
    frames = [chunk(Delta(role="assistant", content=""))] + [chunk(Delta(content=p)) for p in pieces]
    frames.append(chunk(Delta(), finish=_finish(reply)))
    if include_usage:
        frames.append(chunk(Delta(), usage=_usage(reply), choices=False))
    return frames + ["data: [DONE]\n\n"]


async def _stream_frames(job, request: Request, chunk, include_usage: bool) -> AsyncIterator[str]:
    yield chunk(Delta(role="assistant", content=""))
    first = True
    try:
        async for kind, item in job.stream(request):
            if kind == "event" and item.get("type") == "token":
                if first:
                    request.app.state.metrics.ttft.observe(time.perf_counter() - job.started)
                    first = False
                yield chunk(Delta(content=item["text"]))
            elif kind == "result":
                _count(request, item, job)
                yield chunk(Delta(), finish=_finish(item))
                if include_usage:
                    yield chunk(Delta(), usage=_usage(item), choices=False)
    except AgentHNError as e:
        yield f"data: {json.dumps({'error': error_body(e)})}\n\n"
    except Exception as e:  # noqa: BLE001 - the status line is sent; report it in-band, log and count it
        log.exception("stream failed")
        request.app.state.metrics.server_errors.labels(request.scope["route"].path).inc()
        yield f"data: {json.dumps({'error': error_body(e)})}\n\n"
    yield "data: [DONE]\n\n"


def error_body(e: Exception) -> dict:
    return error_info(e).model_dump()


def _finish(reply: Reply) -> str:
    return "length" if reply.finish_reason == "length" else "stop"


def _usage(reply: Reply) -> Usage:
    return Usage(prompt_tokens=reply.prompt_tokens, completion_tokens=reply.completion_tokens,
                 total_tokens=reply.prompt_tokens + reply.completion_tokens)


def _count(request: Request, reply: Reply, job) -> None:
    m = request.app.state.metrics
    m.tokens.labels("prompt").inc(reply.prompt_tokens)
    m.tokens.labels("completion").inc(reply.completion_tokens)
    request.state.log_extra = {**getattr(request.state, "log_extra", {}),
                               "prompt_tokens": reply.prompt_tokens,
                               "completion_tokens": reply.completion_tokens, "adapters": len(reply.adapters)}
