"""One agent runtime per user, and the one turn loop every chat goes through.

    rt = AgentRuntime(model, store, adapters, user_id)
    reply = rt.chat([{"role": "user", "content": "hi"}], TurnOptions(conversation_id="c1", memory=True), ctx)

A turn asks each feature to `prepare` it (agent/turn.py): the profile adapter for this message, the
active skills adapters, a notebook's adapter, and memory's bounded live window with the segment
adapters retrieved for the question. The adapters are composed (rank concatenation) and passed to the
shared generation service as a value; the model itself is never patched. After a complete reply each
feature `record`s the turn (memory logs both turns, the profile learns from the message). What happens
is reported as event dicts (agent/events.py) through a `RunContext`, which is also how a caller
cancels (a disconnected HTTP client, Ctrl-C in `agenthn chat`). The server and `agenthn chat` share it.

Threading: the server calls model-touching methods from its one model worker thread; the read-only
methods may run on any thread, since the Store is thread-safe.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Any

from agenthn.agent.adapter_cache import AdapterCache
from agenthn.agent.improve import ImproveConfig, Improver, Notes
from agenthn.agent.memories import Memories
from agenthn.agent.memory_config import MemoryConfig
from agenthn.agent.opening import Closing
from agenthn.agent.profile import Personalizer, ProfileConfig
from agenthn.agent.segments import said_by
from agenthn.agent.skills import KIND as SKILLS_KIND
from agenthn.agent.skills import Skills
from agenthn.agent.turn import (  # noqa: F401
    Cancelled,
    ContextLengthError,
    Contribution,
    Feature,
    GenerationSettings,
    Reply,
    RunContext,
    RuntimeLimits,
    Turn,
    TurnOptions,
)
from agenthn.engine.batching import BatchEngine, Request, shared_engine
from agenthn.engine.copying import CopySource
from agenthn.engine.d2l import D2LModel
from agenthn.engine.generate import stream_text
from agenthn.engine.templates import last_user_text
from agenthn.errors import AgentHNError, DocumentTooLongError, EmptyDocumentError, NotFoundError
from agenthn.model.adapter import Adapter
from agenthn.store import Store

log = logging.getLogger(__name__)
GATED = ("profile",)  # adapters the turn did not name: applied only where the gate opens (memory: its own)


class AgentRuntime:
    """One user's agent over the shared model and generation service."""

    def __init__(self, model: D2LModel, store: Store, adapters: AdapterCache, user_id: int,
                 limits: RuntimeLimits | None = None, engine: BatchEngine | None = None):
        self.model, self.store, self.adapters = model, store, adapters
        self.engine = engine or shared_engine(model)  # the generation service every user shares
        self.user_id = int(user_id)
        self.limits = limits or RuntimeLimits()
        self._features: dict[str, Any] = {}
        self._lock = threading.RLock()

    # ---- features, built on first use ---------------------------------------------------------
    def _feature(self, name: str, build: Callable[[], Any]):
        with self._lock:
            if name not in self._features:
                self._features[name] = build()
            return self._features[name]

    def reset(self) -> None:
        """Drop every feature's loaded state (memory indexes and buffers, the profile's counters, loaded
        skills); each is rebuilt from the Store on next use. Forgetting calls it after a deletion."""
        with self._lock:
            self._features.clear()

    def personalizer(self) -> Personalizer:
        return self._feature("profile", lambda: Personalizer(self.model, self.store, None, self.user_id,
                                                             ProfileConfig(**self.limits.profile),
                                                             cache=self.adapters, engine=self.engine))

    def skills(self) -> Skills:
        return self._feature("skills", lambda: Skills(self.model, None, self.user_id,
                                                      self.limits.max_document_tokens, cache=self.adapters))

    def notes(self) -> Notes:
        return self._feature("notes", lambda: Notes(self.adapters, self.user_id))

    def memories(self) -> Memories:
        return self._feature("memory", lambda: Memories(self.model, self.store, self.adapters, self.user_id,
                                                        MemoryConfig(**self.limits.memory)))

    def features(self) -> list[Feature]:
        """In the order their adapters are composed; memory last, so its window is the prompt."""
        return [self.personalizer(), self.skills(), self.notes(), self.memories()]

    # ---- the turn -----------------------------------------------------------------------------
    def chat(self, messages: list[dict], opts: TurnOptions, ctx: RunContext,
             gen: GenerationSettings | None = None) -> Reply:
        """Answer the last user message with every feature's contribution; once the answer is complete
        (not cancelled) every feature records the turn."""
        ctx.check()
        self.precheck(messages, opts)
        turn = Turn(messages, last_user_text(messages), opts)
        features = self.features()
        parts = _unrepeated(_settled([f.prepare(turn) for f in features], ctx), ctx)
        prompt, adapters = _merge(turn, parts, ctx)
        if self.limits.gate:
            adapters = self._gate(turn.question, adapters, ctx)
        self._emit_composed(adapters, ctx)
        copy = _joined(parts, adapters)
        opens = next((p.opens for p in parts if p.opens), "")
        reply = self._generate(prompt, adapters, gen or GenerationSettings(), ctx, copy, opens)
        reply.retrieved = [int(n[8:]) for n in adapters if n.startswith("segment/") and n[8:].isdigit()]
        if reply.finish_reason != "cancelled":
            for f in reversed(features):  # memory logs the turn before the profile learns from it
                ctx.emit_all(f.record(turn, reply))
        return reply

    def precheck(self, messages: list[dict], opts: TurnOptions) -> None:
        """Every check `chat` makes before any model work, so a server can answer 4xx before streaming."""
        if opts.memory and not opts.conversation_id:
            raise AgentHNError("memory needs a conversation_id (agenthn.conversation_id)")
        self.check_messages(messages)
        self.require_skills(list(opts.skills))

    def check_document(self, text: str) -> int:
        """The document's token count, or DocumentTooLongError (413) / EmptyDocumentError."""
        if not text.strip():
            raise EmptyDocumentError("the document is empty")
        n = self.model.count_tokens(text.strip())
        limit = min(self.limits.max_document_tokens or self.model.max_doc_tokens, self.model.max_doc_tokens)
        if n > limit:
            raise DocumentTooLongError(f"the document is {n} tokens, {n - limit} over the limit of {limit}")
        return n

    def check_messages(self, messages: list[dict]) -> None:
        for i, m in enumerate(messages):
            n = self.model.count_tokens(m["content"])
            if n > self.limits.max_message_tokens:
                raise ContextLengthError(f"messages[{i}] is {n} tokens, over the limit of "
                                         f"{self.limits.max_message_tokens}")

    def prompt_budget(self, max_new_tokens: int) -> int:
        window = int(getattr(self.model.base.config, "max_position_embeddings", 0) or 2**31)
        room = window - max_new_tokens
        return min(room, self.limits.max_prompt_tokens) if self.limits.max_prompt_tokens else room

    def _gate(self, question: str, adapters: dict[str, Adapter], ctx: RunContext) -> dict[str, Adapter]:
        """The adapters without the profile's where the model's relevance gate finds it unrelated to the
        question (engine/gate.py; memory gates its own segments); those a turn names itself are kept."""
        names = [n for n in adapters if n in GATED]
        closed = [n for n, ok in zip(names, self.model.open_for(question, [adapters[n] for n in names]),
                                     strict=True) if not ok]
        if closed:
            ctx.emit({"type": "adapters_gated", "adapters": closed})
        return {n: a for n, a in adapters.items() if n not in closed}

    def _emit_composed(self, adapters: dict[str, Adapter], ctx: RunContext) -> None:
        if adapters:
            ctx.emit({"type": "adapters_composed", "adapters": list(adapters),
                      "rank": sum(a.rank for a in adapters.values()),
                      "bytes": sum(a.size_bytes for a in adapters.values())})

    def _generate(self, messages: list[dict], adapters: dict[str, Adapter], gen: GenerationSettings,
                  ctx: RunContext, copy: CopySource | None = None, opens: str = "") -> Reply:
        """The reply to `messages`; `opens`: its first words, fed after the prompt (counted as prompt
        tokens), the reply ending with its first whole sentence past them (`agent/opening.py`)."""
        ids = self.model.prompt_ids(messages)
        ids += self.model.tokenizer(opens, add_special_tokens=False)["input_ids"] if opens else []
        budget = self.prompt_budget(gen.max_new_tokens)
        if len(ids) > budget:
            raise ContextLengthError(f"the prompt is {len(ids)} tokens, over the {budget} this model has "
                                     f"room for with max_tokens={gen.max_new_tokens}")
        ctx.emit({"type": "context", "messages": messages, "tokens": len(ids), "budget": budget})
        text, count, finish = self._stream_tokens(ids, list(adapters.values()), gen, ctx, copy, opens)
        ctx.emit({"type": "usage", "prompt_tokens": len(ids), "completion_tokens": count,
                  "finish_reason": finish})
        return Reply(opens + "".join(text), finish, len(ids), count, list(adapters))

    def _stream_tokens(self, ids: list[int], adapters: list[Adapter], gen: GenerationSettings,
                       ctx: RunContext, copy: CopySource | None = None,
                       opens: str = "") -> tuple[list[str], int, str]:
        """Decode through the shared batch (this request joins the running batch), counting real
        tokens so usage and finish_reason are exact; after `opens` (reported first), up to the end of
        the first whole sentence."""
        handle = self.engine.submit(Request(ids, adapters or None, gen.max_new_tokens, None, gen.temperature,
                                            gen.seed, copy if adapters else None, gen.no_repeat_ngram))
        count = [0]

        def tokens():
            for t in handle:
                count[0] += 1
                yield t
                if ctx.cancelled:
                    handle.cancel()
                    return

        text, closing = [], Closing(opens)
        if opens:
            ctx.emit({"type": "token", "text": opens})
        try:
            for piece in closing.shown(stream_text(self.model.tokenizer, tokens())):
                text.append(piece)
                ctx.emit({"type": "token", "text": piece})
        finally:
            handle.cancel()  # no-op once finished; frees the batch slot if we stopped early
        ended = closing.ended
        finish = "cancelled" if ctx.cancelled else "stop" if ended else (handle.finish_reason or "stop")
        return text, count[0], finish

    # ---- skills -------------------------------------------------------------------------------
    def load_skill(self, name: str, document: str, ctx: RunContext) -> dict:
        """Internalize a skills document once (same text again reuses its adapter)."""
        n = self.model.count_tokens(document.strip())
        ctx.emit({"type": "skill_internalizing", "name": name, "tokens": n})
        t0 = time.perf_counter()
        adapter = self.skills().load_document(document, name=name)
        event = {"type": "skill_internalized", "name": name, "tokens": n, "rank": adapter.rank,
                 "bytes": adapter.size_bytes, "seconds": round(time.perf_counter() - t0, 4)}
        ctx.emit(event)
        return event

    def solve(self, names: list[str], problem: str, ctx: RunContext, gen: GenerationSettings,
              nudge: bool = True, profile: bool = False) -> Reply:
        """Answer a problem with the named skills adapters (and the nudge that asks for the rule first)."""
        ctx.check()
        sk = self.skills()
        messages = [{"role": "user", "content": problem}]
        self.check_messages(messages)
        messages = sk.nudged(messages) if nudge else messages
        adapters = {f"skills/{n}": sk.adapter([n]) for n in names}
        profile_adapter = self.personalizer().adapter(problem) if profile else None
        if profile_adapter is not None:
            adapters["profile"] = profile_adapter
        self._emit_composed(adapters, ctx)
        reply = self._generate(messages, adapters, gen, ctx)
        ctx.emit({"type": "skill_answer", "answer": sk.final_answer(reply.text)})
        return reply

    def skill_names(self) -> list[str]:
        return [r.name for r in self.store.list_adapters(self.user_id, SKILLS_KIND)]

    def require_skills(self, names: list[str]) -> None:
        """NotFoundError unless this user has every named skills adapter (checked before any work)."""
        if names:
            missing = sorted(set(names) - set(self.skill_names()))
            if missing:
                raise NotFoundError(f"skills not found: {missing}; internalize their documents first")

    # ---- personalization ------------------------------------------------------------------------
    def observe(self, text: str, ctx: RunContext, turn_ref: str | None = None) -> list[dict]:
        events = self.personalizer().observe(text, turn_ref=turn_ref)
        ctx.emit_all(events)
        ctx.emit({"type": "profile_state", "profile": self.store.profile_state(self.user_id)})
        return events

    # ---- self-improvement -----------------------------------------------------------------------
    def improve(self, rounds: int, questions: list[dict], unseen: list[dict], ctx: RunContext,
                notebook: str = "improve") -> dict:
        config = ImproveConfig.for_base(self.model.base_model_id, notebook=notebook)
        improver = Improver(self.model, self.store, self.user_id, questions, unseen, config=config,
                            cache=self.adapters, engine=self.engine)
        last: dict = {}
        for event in improver.run(rounds):
            ctx.emit(event)
            if event.get("type") == "round_done":
                last = event
            ctx.check()  # between events: a cancelled run stops at the next step, notes stay consistent
        return last

    # ---- start-up -------------------------------------------------------------------------------
    def recover(self, conversation_id: str) -> list[dict]:
        return self.memories().get(conversation_id).recover()


def _settled(parts: list[Contribution], ctx: RunContext) -> list[Contribution]:
    """Where a contribution settles the question (a profile entry its words pick out), the ones that
    yield to it (memory's segments) keep their prompt but lose their adapters and copy text, reported as
    left off (`ProfileConfig.settles` has why)."""
    if not any(p.settles for p in parts):
        return parts
    off = [n for p in parts if p.yields for n in p.adapters]
    if off:
        ctx.emit({"type": "adapters_gated", "adapters": off, "reason": "profile"})
    return [dataclasses.replace(p, adapters={}, copy=None) if p.yields else p for p in parts]


def _unrepeated(parts: list[Contribution], ctx: RunContext) -> list[Contribution]:
    """Memory's segments where the user said a value of the profile entry worn for the question, or one
    its key held before, are left off (with the conversation's static block where none stays), reported
    as left off. Two adapters that each say the fact, summed, said another one ("Your daughters are 23."
    with `children: Ana and Rita` and the segment of "I have two daughters, Ana and Rita.", session 46;
    "Munich" for two that each said Vienna, session 45); the entry alone said "called Rita", the value
    as it stands now. A value the key held before marks a segment out of date ("Your city of Dublin is
    Cork." with `city: Cork` and the segment of "I live in Dublin", session 45). Only the user's lines
    count: an assistant's reply that happens to say the value ("our delicious Japanese ramen") holds no
    fact of the user's, and the segment may hold the one asked."""
    values = [v for p in parts for v in p.values if len(v) > 1]
    if not values:
        return parts
    return [_without_repeats(p, values, ctx) if p.yields and p.texts else p for p in parts]


def _without_repeats(part: Contribution, values: list[str], ctx: RunContext) -> Contribution:
    said = [re.compile(rf"(?<!\w){re.escape(v)}(?!\w)", re.IGNORECASE) for v in values]
    users = {n: said_by(t) for n, t in part.texts.items() if n in part.adapters}
    off = {n for n, t in users.items() if any(r.search(t) for r in said)}
    if not off:
        return part
    keep = {n: a for n, a in part.adapters.items() if n not in off}
    if not any(n in part.texts for n in keep):  # the static block alone says nothing of the conversation
        keep = {}
    ctx.emit({"type": "adapters_gated", "adapters": [n for n in part.adapters if n not in keep],
              "reason": "repeats_profile"})
    text = "\n".join(t for n, t in part.texts.items() if n in keep)
    copy = dataclasses.replace(part.copy, text=text) if part.copy is not None and text else None
    return dataclasses.replace(part, adapters=keep, copy=copy)


def _merge(turn: Turn, parts: list[Contribution], ctx: RunContext) -> tuple[list[dict], dict[str, Adapter]]:
    """The prompt (the last contribution that replaces the messages wins, and one's `asked` replaces the
    last user message's text) and every adapter, in order; the contributions' events are reported on
    the way."""
    messages, adapters = turn.messages, {}
    for p in parts:
        ctx.emit_all(p.events)
        messages = p.messages if p.messages is not None else messages
        adapters.update(p.adapters)
    asked = next((p.asked for p in parts if p.asked), None)
    last = max((i for i, m in enumerate(messages) if m["role"] == "user"), default=None)
    if asked and last is not None:  # the last user message, said as the model is asked it; nothing else
        ctx.emit({"type": "question_rewritten", "text": asked, "original": messages[last]["content"],
                  "reason": "profile"})
        messages = [*messages[:last], {**messages[last], "content": asked}, *messages[last + 1:]]
    return messages, adapters


def _joined(parts: list[Contribution], adapters: dict[str, Adapter]) -> CopySource | None:
    """One source text for decoding to finish values from: the texts of every contribution whose
    adapters are still composed (the gate may have taken some off), in order, with the first one's
    settings (memory's segments and the profile's entries can both be in one reply), every one's
    kept words, and the profile's value lines."""
    copies = [p.copy for p in parts if p.copy is not None and any(n in adapters for n in p.adapters)]
    if len(copies) <= 1:
        return copies[0] if copies else None
    return dataclasses.replace(copies[0], text="\n".join(c.text for c in copies),
                               words=frozenset().union(*(c.words for c in copies)),
                               value_lines="\n".join(c.value_lines for c in copies if c.value_lines))


class RuntimeRegistry:
    """The per-user runtimes of one process, built on first use and kept (they hold per-user state)."""

    def __init__(self, model: D2LModel, store: Store, adapters: AdapterCache,
                 limits: RuntimeLimits | None = None, engine: BatchEngine | None = None):
        self.model, self.store, self.adapters = model, store, adapters
        self.engine = engine or shared_engine(model)
        self.limits = limits or RuntimeLimits()
        self._runtimes: dict[int, AgentRuntime] = {}
        self._lock = threading.Lock()

    def recover(self) -> int:
        """Internalize the memory segments a crash left pending (every user); returns how many."""
        pending = self.store.all_pending_segments()
        convs = sorted({(s.user_id, s.conversation_id) for s in pending})
        for user_id, conversation_id in convs:
            self.get(user_id).recover(conversation_id)
        if pending:
            log.info("recovered %d pending memory segment(s) in %d conversation(s)", len(pending), len(convs))
        return len(pending)

    def drop(self, user_id: int) -> None:
        """Forget a deleted user's runtime (a caller still holding it finds its state reset)."""
        with self._lock:
            rt = self._runtimes.pop(int(user_id), None)
        if rt is not None:
            rt.reset()

    def get(self, user_id: int) -> AgentRuntime:
        with self._lock:
            rt = self._runtimes.get(user_id)
            if rt is None:
                rt = self._runtimes[user_id] = AgentRuntime(self.model, self.store, self.adapters, user_id,
                                                            self.limits, self.engine)
            return rt
