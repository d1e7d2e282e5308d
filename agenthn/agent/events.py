"""The typed event schema of live runs: what the agent reports, the server streams and the UI renders.

Every feature run (chat with memory, personalization, skills, self-improvement) is a stream of events:
dicts with a `type`, sent as SSE frames `data: {...}` and appended to the run's log in the Store, so a
run can be replayed later from the log alone. The UI renders each type (static/app.js `RENDER`) and
fetches this schema from `GET /api/events/schema` (JSON Schema of the union below) to flag unknown types.

`FIELDS` is the schema: one pydantic model per type is built from it. Features emit plain dicts;
`normalize` checks a dict against its type's model. A dict that does not fit is still passed on (a
schema slip must not kill a run) and logged, and the tests assert every event they see validates.
Extra fields are allowed, so a feature may add detail without a schema change.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, create_model

log = logging.getLogger(__name__)

OPT_STR, OPT_INT, OPT_FLOAT = (str | None, None), (int | None, None), (float | None, None)

# type -> {field: type, or (type, default) for an optional field}
FIELDS: dict[str, dict[str, Any]] = {
    # run lifecycle
    "run_started": {"run_id": str, "feature": str},
    # interrupted: the server died mid-run (marked at the next start-up)
    "run_finished": {"status": Literal["done", "error", "cancelled", "interrupted"]},
    "error": {"message": str, "code": OPT_STR, "status": (int, 500)},
    # a turn: what it composed, the context the model saw, the reply and its cost
    "token": {"text": str},
    "adapters_composed": {"adapters": list[str], "rank": int, "bytes": int},
    # left off this turn by the relevance gate (the message has nothing to do with them), or, with reason
    # "profile", memory's segments where the profile holds the fact asked (ProfileConfig.settles); with
    # "repeats_profile", segments whose text holds the value of the profile entry worn (runtime._unrepeated)
    "adapters_gated": {"adapters": list[str], "reason": OPT_STR},
    # the user's message as the model was asked it (a person the profile names said with who they are)
    "question_rewritten": {"text": str, "original": str, "reason": OPT_STR},
    "usage": {"prompt_tokens": int, "completion_tokens": int, "finish_reason": str},
    "context": {"messages": list[dict[str, Any]], "tokens": int, "budget": OPT_INT},
    # memory: a logged turn is acknowledged; old turns become segment adapters
    "turn_logged": {"idx": int, "role": str},
    "segment_internalized": {"segment_id": int, "idx": int, "first_turn": int, "last_turn": int},
    # scores: TF-IDF cosines, or with scored_by "relevance" the re-ranking's gains (nats)
    "segments_retrieved": {"mode": str, "segment_ids": list[int], "scores": (list[float] | None, None),
                           "scored_by": OPT_STR},
    "live_context": {"turns": list[int], "tokens": int},
    "recovered": {"segments": int},
    # personalization
    # asked_again: the proposal was asked for again with no profile shown (`ProfileConfig.ask_again_unshown`)
    # clause: the clause of the turn this proposal was asked for alone (`ProfileConfig.ask_clauses`)
    "profile_edit_proposed": {"text": str, "asked_again": OPT_STR, "clause": OPT_STR},
    "profile_edit_applied": {"edit_id": int, "op": str, "key": str, "old": OPT_STR, "new": OPT_STR},
    "profile_edit_rejected": {"line": str, "reason": str},
    "profile_edit_undone": {"edit_id": int, "key": str},
    "profile_adapter_refreshed": {"empty": bool, "entries": int, "adapter_bytes": int},
    "profile_state": {"profile": dict[str, str]},
    # skills
    "skill_internalizing": {"name": str, "tokens": int},
    "skill_internalized": {"name": str, "tokens": int, "rank": int, "bytes": int, "seconds": float},
    "skill_answer": {"answer": OPT_STR},
    # self-improvement
    "round_started": {"round": int, "cold": (bool, False)},
    "attempt": {"round": int, "set": str, "question": str, "answer": str, "expected": str, "correct": bool},
    "graded": {"round": int, "set": str, "correct": int, "n": int, "accuracy": float},
    "note_edit": {"round": OPT_INT, "op": str, "item_id": int, "text": OPT_STR, "old_text": OPT_STR,
                  "reason": OPT_STR},
    # draft 0 is the first; 1, 2, ... are sampled redrafts of the model's own note
    "note_rejected": {"round": int, "reason": str, "text": str, "question": OPT_STR, "draft": (int, 0)},
    "adapter_refreshed": {"round": int, "notes": int, "rank": int, "adapter_bytes": int},
    "rolled_back": {"round": int, "accuracy_before": float, "accuracy_after": float, "edits_undone": int},
    "round_done": {"round": int, "attempted_accuracy": float, "unseen_accuracy": OPT_FLOAT, "notes": int,
                   "rolled_back": bool},
}


class Event(BaseModel):
    model_config = ConfigDict(extra="allow")
    seq: int | None = None
    t: float | None = Field(None, description="seconds since the run started")


def _model(kind: str, fields: dict[str, Any]) -> type[Event]:
    spec = {k: v if isinstance(v, tuple) else (v, ...) for k, v in fields.items()}
    name = "".join(w.capitalize() for w in kind.split("_"))
    return create_model(name, __base__=Event, type=(Literal[kind], ...), **spec)


BY_TYPE: dict[str, type[Event]] = {kind: _model(kind, f) for kind, f in FIELDS.items()}
_adapter = TypeAdapter(Annotated[Union[tuple(BY_TYPE.values())], Field(discriminator="type")])  # noqa: UP007


def schema() -> dict:
    return _adapter.json_schema()


def validate(event: dict) -> Event:
    """Strict check (tests): the event's type is known and its fields fit. Raises ValidationError."""
    return _adapter.validate_python(event)


def normalize(event: dict) -> dict:
    """The event as JSON-ready data; an event that does not fit the schema is passed on and logged."""
    model = BY_TYPE.get(event.get("type", ""))
    if model is None:
        log.debug("event of unknown type %r passed through", event.get("type"))
        return event
    try:
        return model.model_validate(event).model_dump(mode="json", exclude_none=True)
    except ValidationError as e:
        log.warning("event %r does not fit its schema (%s); passed through", event.get("type"), e)
        return event
