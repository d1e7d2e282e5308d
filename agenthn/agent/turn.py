"""The types of one turn: what the runtime asks each feature, what a feature contributes, what comes back.

A feature (memory, profile, skills, notes) is any class with the two methods of `Feature`:

    prepare(turn) -> Contribution(messages, adapters, events)   # before generation
    record(turn, reply) -> events                               # after a complete reply

The runtime (`agent/runtime.py`) calls every feature's `prepare`, composes the adapters they return,
generates once, then calls every `record`. A feature that the turn's options leave off returns an
empty Contribution and records nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from agenthn.errors import AgentHNError

if TYPE_CHECKING:
    from agenthn.engine.copying import CopySource
    from agenthn.model.adapter import Adapter


class ContextLengthError(AgentHNError):
    code = "context_length_exceeded"


class Cancelled(Exception):
    """The caller asked the run to stop (not an error: nobody is listening for the answer)."""


class RunContext:
    """Where a run reports events and learns that it should stop."""

    def __init__(self, emit: Callable[[dict], None] | None = None, cancel: threading.Event | None = None):
        self._emit = emit
        self.cancel = cancel or threading.Event()

    def emit(self, event: dict) -> None:
        if self._emit is not None:
            self._emit(event)

    def emit_all(self, events: list[dict] | None) -> None:
        for e in events or ():
            self.emit(e)

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()

    def check(self) -> None:
        if self.cancel.is_set():
            raise Cancelled()


@dataclass
class TurnOptions:
    conversation_id: str | None = None  # turns are logged (and segmented) under it
    memory: bool = False                # bounded live window plus retrieved segment adapters
    profile: bool = True                # the user's profile adapter
    learn_profile: bool = False         # propose profile edits from the user's message
    skills: list[str] = field(default_factory=list)
    notebook: str | None = None         # a self-improvement notebook's adapter


@dataclass
class GenerationSettings:
    max_new_tokens: int = 64
    temperature: float = 0.0
    seed: int | None = None
    # a reply never says a run of this many tokens twice (0: off): smol looped on one in nine replies to a
    # statement ("Mwara, mwara, mwara, ..."), and no answer to a question says four tokens twice
    no_repeat_ngram: int = 4


@dataclass
class RuntimeLimits:
    max_message_tokens: int = 2048
    max_prompt_tokens: int | None = None
    max_document_tokens: int | None = None
    memory: dict = field(default_factory=dict)  # MemoryConfig overrides
    profile: dict = field(default_factory=dict)  # ProfileConfig overrides
    # the relevance gate (engine/gate.py) keeps the profile's adapter off a message it has nothing to do
    # with (memory's segments: MemoryConfig.gate); adapters a turn names (skills, a notebook) always apply.
    # Off by default: the gate was fitted on prose documents and misreads the profile's "key: value"
    # lines ("What is my cat called?" against "name: Alice / city: Porto / cat name: Miso": p = 0.07)
    gate: bool = False


@dataclass
class Turn:
    messages: list[dict]  # as the caller sent them
    question: str         # the last user message
    opts: TurnOptions


@dataclass
class Contribution:
    """What one feature adds to a turn. `messages`, when set, replaces the conversation sent to the
    model (memory's bounded window); adapters are named ("profile", "skills/x", "segment/3"); `copy`,
    when set, is the text of those adapters that decoding may finish values from (engine/copying.py)."""

    messages: list[dict] | None = None
    adapters: dict[str, Adapter] = field(default_factory=dict)
    events: list[dict] = field(default_factory=list)
    copy: CopySource | None = None
    settles: bool = False  # holds the fact the question asks for, as it stands now (a profile entry)
    yields: bool = False  # history (memory's segments): left off a turn another contribution settles
    asked: str | None = None  # the user's message as the model is asked it (`relations.Subject.asked`)
    texts: dict[str, str] = field(default_factory=dict)  # an adapter's source text (memory's segments)
    # the values of the facts it holds for this question, and what they were before (a profile's entries)
    values: tuple[str, ...] = ()
    # the reply's first words, fed to the model after the prompt; the reply then ends with its first whole
    # sentence past them (a turn that only tells about the user: `agent/opening.py`)
    opens: str = ""


@dataclass
class Reply:
    text: str
    finish_reason: str  # "stop" | "length" | "cancelled"
    prompt_tokens: int
    completion_tokens: int
    adapters: list[str] = field(default_factory=list)
    retrieved: list[int] = field(default_factory=list)


class Feature(Protocol):
    def prepare(self, turn: Turn) -> Contribution: ...

    def record(self, turn: Turn, reply: Reply) -> list[dict]: ...
