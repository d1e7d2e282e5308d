"""The typed event schema of live runs: what the agent reports, the server streams and the UI renders.

Every feature run (chat with memory, personalization, skills, self-improvement) is a stream of events:
dicts with a `type`, sent as SSE frames `data: {...}` and appended to the run's log in the Store, so a
run can be replayed later from the log alone. The UI renders each type (static/app.js `RENDER`) and
fetches this schema from `GET /api/events/schema` (JSON Schema of the union below) to flag unknown types.

Feature modules emit plain dicts; `normalize` checks a dict against its type's model and fills `t`
(seconds since the run started is added by the recorder). A dict that does not fit is still passed on
(a schema slip must not kill a run) and logged, and the tests assert every event they see validates.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

log = logging.getLogger(__name__)


class _Event(BaseModel):
    # extra="allow": features may add detail fields without a schema change; known fields are typed.
    model_config = ConfigDict(extra="allow")
    seq: int | None = None
    t: float | None = Field(None, description="seconds since the run started")


# ---- run lifecycle ----------------------------------------------------------------------------
class RunStarted(_Event):
    type: Literal["run_started"]
    run_id: str
    feature: str


class RunFinished(_Event):
    type: Literal["run_finished"]
    status: Literal["done", "error", "cancelled", "interrupted"]  # interrupted: the server died mid-run


class Error(_Event):
    type: Literal["error"]
    message: str
    code: str | None = None
    status: int = 500


# ---- chat and memory --------------------------------------------------------------------------
class Token(_Event):
    type: Literal["token"]
    text: str


class TurnLogged(_Event):
    """A turn is in the Store (acknowledged): memory logs both turns once the answer is complete."""

    type: Literal["turn_logged"]
    idx: int
    role: str


class SegmentInternalized(_Event):
    """Old turns left the live context and became a segment adapter (written, checksummed)."""

    type: Literal["segment_internalized"]
    segment_id: int
    idx: int
    first_turn: int
    last_turn: int


class SegmentsRetrieved(_Event):
    type: Literal["segments_retrieved"]
    mode: str
    segment_ids: list[int]
    scores: list[float] | None = None


class LiveContext(_Event):
    type: Literal["live_context"]
    turns: list[int]
    tokens: int


class Recovered(_Event):
    type: Literal["recovered"]
    segments: int


class AdaptersComposed(_Event):
    type: Literal["adapters_composed"]
    adapters: list[str]
    rank: int
    bytes: int


class Usage(_Event):
    type: Literal["usage"]
    prompt_tokens: int
    completion_tokens: int
    finish_reason: str


class Context(_Event):
    """The bounded live context the model saw for this turn."""

    type: Literal["context"]
    messages: list[dict[str, Any]]
    tokens: int
    budget: int | None = None


# ---- personalization --------------------------------------------------------------------------
class ProfileEditProposed(_Event):
    type: Literal["profile_edit_proposed"]
    text: str


class ProfileEditApplied(_Event):
    type: Literal["profile_edit_applied"]
    edit_id: int
    op: str
    key: str
    old: str | None = None
    new: str | None = None


class ProfileEditRejected(_Event):
    type: Literal["profile_edit_rejected"]
    line: str
    reason: str


class ProfileEditUndone(_Event):
    type: Literal["profile_edit_undone"]
    edit_id: int
    key: str


class ProfileAdapterRefreshed(_Event):
    type: Literal["profile_adapter_refreshed"]
    empty: bool
    entries: int
    adapter_bytes: int


class ProfileState(_Event):
    type: Literal["profile_state"]
    profile: dict[str, str]


# ---- skills -----------------------------------------------------------------------------------
class SkillInternalizing(_Event):
    type: Literal["skill_internalizing"]
    name: str
    tokens: int


class SkillInternalized(_Event):
    type: Literal["skill_internalized"]
    name: str
    tokens: int
    rank: int
    bytes: int
    seconds: float


class SkillAnswer(_Event):
    type: Literal["skill_answer"]
    answer: str | None = None


# ---- self-improvement ---------------------------------------------------------------------------
class RoundStarted(_Event):
    type: Literal["round_started"]
    round: int
    cold: bool = False


class Attempt(_Event):
    type: Literal["attempt"]
    round: int
    set: str
    question: str
    answer: str
    expected: str
    correct: bool


class Graded(_Event):
    type: Literal["graded"]
    round: int
    set: str
    correct: int
    n: int
    accuracy: float


class NoteEdit(_Event):
    type: Literal["note_edit"]
    round: int | None = None
    op: str
    item_id: int
    text: str | None = None
    old_text: str | None = None
    reason: str | None = None


class NoteRejected(_Event):
    type: Literal["note_rejected"]
    round: int
    reason: str
    text: str
    question: str | None = None
    draft: int = 0  # 0: the first draft; 1, 2, ...: sampled redrafts of the model's own note


class AdapterRefreshed(_Event):
    type: Literal["adapter_refreshed"]
    round: int
    notes: int
    rank: int
    adapter_bytes: int


class RolledBack(_Event):
    type: Literal["rolled_back"]
    round: int
    accuracy_before: float
    accuracy_after: float
    edits_undone: int


class RoundDone(_Event):
    type: Literal["round_done"]
    round: int
    attempted_accuracy: float
    unseen_accuracy: float | None = None
    notes: int
    rolled_back: bool


KNOWN = [RunStarted, RunFinished, Error, Token, AdaptersComposed, Usage, Context,
         TurnLogged, SegmentInternalized, SegmentsRetrieved, LiveContext, Recovered,
         ProfileEditProposed, ProfileEditApplied, ProfileEditRejected, ProfileEditUndone,
         ProfileAdapterRefreshed, ProfileState,
         SkillInternalizing, SkillInternalized, SkillAnswer,
         RoundStarted, Attempt, Graded, NoteEdit, NoteRejected, AdapterRefreshed, RolledBack, RoundDone]
BY_TYPE: dict[str, type[_Event]] = {m.model_fields["type"].annotation.__args__[0]: m for m in KNOWN}
AnyEvent = Annotated[Union[tuple(KNOWN)], Field(discriminator="type")]
_adapter = TypeAdapter(AnyEvent)


def schema() -> dict:
    return _adapter.json_schema()


def validate(event: dict) -> _Event:
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
