"""One agent runtime per user: every turn composes that user's adapters and streams the reply.

    rt = AgentRuntime(model, store, files, cache, user_id)
    reply = rt.chat([{"role": "user", "content": "hi"}], TurnOptions(conversation_id="c1", memory=True), ctx)

For a turn the runtime gathers, in this order: the user's profile adapter (personalization), the memory
segment adapters retrieved for the query together with the bounded live context (memory), and the active
skill adapters (skills). They are composed (rank concatenation) and passed to the engine as a value; the
model itself is shared and never patched. What happens is reported as event dicts through a
`RunContext`, which is also how a caller cancels (a disconnected HTTP client, Ctrl-C in `agenthn chat`).

Features live in their own modules (memory, profile, skills, improve) and are imported when first used,
so the server runs plain chat even where one of them is missing; asking for a missing one raises
`FeatureUnavailableError` (HTTP 501). The same runtime backs the server and `agenthn chat`.

Threading: the server calls model-touching methods from its one model worker thread; the read-only
methods (profile, segments, notes) may run on any thread, since the Store is thread-safe.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agenthn.errors import AgentHNError, DocumentTooLongError, EmptyDocumentError, NotFoundError

log = logging.getLogger(__name__)

MAX_MEMORIES = 32  # conversations whose Memory (index, buffer) one runtime keeps loaded


class FeatureUnavailableError(AgentHNError):
    status_code = 501
    code = "feature_unavailable"


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
    conversation_id: str | None = None
    memory: bool = False
    profile: bool = True
    learn_profile: bool = False
    skills: list[str] = field(default_factory=list)


@dataclass
class GenerationSettings:
    max_new_tokens: int = 64
    temperature: float = 0.0
    seed: int | None = None


@dataclass
class Reply:
    text: str
    finish_reason: str  # "stop" | "length" | "cancelled"
    prompt_tokens: int
    completion_tokens: int
    adapters: list[str] = field(default_factory=list)
    retrieved: list[int] = field(default_factory=list)


@dataclass
class RuntimeLimits:
    max_message_tokens: int = 2048
    max_prompt_tokens: int | None = None
    max_document_tokens: int | None = None
    memory: dict = field(default_factory=dict)  # MemoryConfig overrides


def feature_module(name: str):
    """The feature module agenthn.agent.<name>, or FeatureUnavailableError when it is not installed."""
    try:
        return importlib.import_module(f"agenthn.agent.{name}")
    except ModuleNotFoundError as e:
        if e.name != f"agenthn.agent.{name}":
            raise
        raise FeatureUnavailableError(f"the {name} feature is not available in this build") from e


class AgentRuntime:
    """One user's agent over the shared model: adapters per turn, features on demand."""

    def __init__(self, model, store, files, cache, user_id: int, limits: RuntimeLimits | None = None,
                 engine=None):
        self.model, self.store, self.files, self.cache = model, store, files, cache
        self.engine = engine  # a BatchEngine shared by every user, or None: generate alone
        self.user_id = int(user_id)
        self.limits = limits or RuntimeLimits()
        self._features: dict[str, Any] = {}
        self._memories: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.RLock()

    # ---- features, built on first use ---------------------------------------------------------
    def _feature(self, name: str, build: Callable[[Any], Any]):
        with self._lock:
            if name not in self._features:
                self._features[name] = build(feature_module(name))
            return self._features[name]

    def personalizer(self):
        return self._feature("profile", lambda m: m.Personalizer(self.model, self.store, self.files, self.user_id,
                                                                 cache=self.cache))

    def skills(self):
        return self._feature("skills", lambda m: m.Skills(self.model, self.files, self.user_id, cache=self.cache,
                                                          max_doc_tokens=self.limits.max_document_tokens))

    def memory(self, conversation_id: str):
        """The conversation's Memory (kept for the most recent conversations; reloaded from the Store)."""
        mod = feature_module("memory")
        with self._lock:
            mem = self._memories.get(conversation_id)
            if mem is None:
                cfg = mod.MemoryConfig(**self.limits.memory)
                mem = mod.Memory(self.model, self.store, self.files, self.user_id, conversation_id, cfg)
                self._memories[conversation_id] = mem
                while len(self._memories) > MAX_MEMORIES:
                    self._memories.popitem(last=False)
            self._memories.move_to_end(conversation_id)
            return mem

    # ---- the turn -----------------------------------------------------------------------------
    def chat(self, messages: list[dict], opts: TurnOptions, ctx: RunContext,
             gen: GenerationSettings | None = None) -> Reply:
        """Answer the last user message. With `memory` the context is the conversation's bounded live
        window plus retrieved segment adapters; otherwise it is `messages` as given. With a
        `conversation_id` both turns are logged (and segmented every K turns) once the answer is done."""
        gen = gen or GenerationSettings()
        ctx.check()
        self.precheck(messages, opts)
        question = _last_user_text(messages)
        mem = self.memory(opts.conversation_id) if opts.conversation_id else None
        retrieved: list[int] = []
        if opts.memory:
            messages, seg_adapters, retrieved = self._memory_context(mem, messages, question, ctx)
        else:
            seg_adapters = []
        adapters, names = self._turn_adapters(opts, ctx, question)
        adapters, names = adapters + seg_adapters, names + [f"segment/{i}" for i in retrieved]
        self._emit_composed(adapters, names, ctx)
        reply = self._generate(messages, adapters, names, gen, ctx)
        reply.retrieved = retrieved
        if reply.finish_reason == "cancelled":
            return reply
        if mem is not None:
            ctx.emit_all(mem.add_turn("user", question))
            if reply.text.strip():
                ctx.emit_all(mem.add_turn("assistant", reply.text))
        if opts.learn_profile:
            ctx.emit_all(self.personalizer().observe(question, turn_ref=opts.conversation_id))
        return reply

    def _memory_context(self, mem, messages: list[dict], question: str, ctx: RunContext):
        """Memory's context for the question, reporting the segments it wrote and the ones it chose."""
        if mem.cfg.flush_on_query:  # turns outside the live window become segments before we retrieve
            ctx.emit_all(mem.flush())
        live, seg_adapters, ids = mem.context_for(question)
        ctx.emit({"type": "segments_retrieved", "mode": mem.cfg.mode, "segment_ids": ids})
        system = [m for m in messages if m["role"] == "system"]
        return system + [m for m in live if m["role"] != "system"], seg_adapters, ids

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

    def _turn_adapters(self, opts: TurnOptions, ctx: RunContext,
                       question: str | None = None) -> tuple[list, list[str]]:
        adapters, names = [], []
        if opts.profile:
            profile = self._profile_adapter(question)
            if profile is not None:
                adapters.append(profile)
                names.append("profile")
        if opts.skills:
            adapters.append(self.skills().adapter(list(opts.skills)))
            names += [f"skills/{n}" for n in opts.skills]
        return adapters, names

    def _emit_composed(self, adapters: list, names: list[str], ctx: RunContext) -> None:
        if adapters:
            ctx.emit({"type": "adapters_composed", "adapters": names, "rank": sum(a.rank for a in adapters),
                      "bytes": sum(a.size_bytes for a in adapters)})

    def _profile_adapter(self, question: str | None):
        try:
            return self.personalizer().adapter(question)  # only the entries this turn asks about
        except FeatureUnavailableError:
            return None  # plain chat still works without personalization

    def _generate(self, messages: list[dict], adapters: list, names: list[str], gen: GenerationSettings,
                  ctx: RunContext) -> Reply:
        ids = self.model.prompt_ids(messages)
        budget = self.prompt_budget(gen.max_new_tokens)
        if len(ids) > budget:
            raise ContextLengthError(f"the prompt is {len(ids)} tokens, over the {budget} this model has "
                                     f"room for with max_tokens={gen.max_new_tokens}")
        ctx.emit({"type": "context", "messages": messages, "tokens": len(ids), "budget": budget})
        text, count, finish = self._stream_tokens(ids, adapters, gen, ctx)
        ctx.emit({"type": "usage", "prompt_tokens": len(ids), "completion_tokens": count, "finish_reason": finish})
        return Reply("".join(text), finish, len(ids), count, names)

    def _stream_tokens(self, ids: list[int], adapters: list, gen: GenerationSettings,
                       ctx: RunContext) -> tuple[list[str], int, str]:
        """Decode token by token (counting real tokens, so usage and finish_reason are exact)."""
        from agenthn.engine.generate import stream_text

        if self.engine is not None:
            return self._stream_batched(ids, adapters, gen, ctx)
        steps = self.model.generate_ids([ids], [adapters or None], gen.max_new_tokens, gen.temperature, gen.seed)
        state = {"count": 0, "finish": "length"}

        def tokens():
            for row in steps:
                t = row[0]
                if t is None or t in self.model.stop_ids:
                    state["finish"] = "stop"
                    return
                state["count"] += 1
                yield t
                if ctx.cancelled:
                    state["finish"] = "cancelled"
                    return

        text = []
        for piece in stream_text(self.model.tokenizer, tokens()):
            text.append(piece)
            ctx.emit({"type": "token", "text": piece})
        return text, state["count"], state["finish"]

    def _stream_batched(self, ids: list[int], adapters: list, gen: GenerationSettings,
                        ctx: RunContext) -> tuple[list[str], int, str]:
        """The same decode through the shared batch: this request joins the running batch."""
        from agenthn.engine.batching import Request
        from agenthn.engine.generate import stream_text

        handle = self.engine.submit(Request(ids, adapters or None, gen.max_new_tokens, None, gen.temperature,
                                            gen.seed))

        count = [0]

        def tokens():
            for t in handle:
                count[0] += 1
                yield t
                if ctx.cancelled:
                    handle.cancel()
                    return

        text = []
        try:
            for piece in stream_text(self.model.tokenizer, tokens()):
                text.append(piece)
                ctx.emit({"type": "token", "text": piece})
        finally:
            handle.cancel()  # no-op once finished; frees the batch slot if we stopped early
        finish = "cancelled" if ctx.cancelled else (handle.finish_reason or "stop")
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
        adapters, labels = [sk.adapter(names)], [f"skills/{n}" for n in names]
        profile_adapter = self._profile_adapter(problem) if profile else None
        if profile_adapter is not None:
            adapters, labels = adapters + [profile_adapter], labels + ["profile"]
        self._emit_composed(adapters, labels, ctx)
        reply = self._generate(messages, adapters, labels, gen, ctx)
        ctx.emit({"type": "skill_answer", "answer": sk.final_answer(reply.text)})
        return reply

    def skill_names(self) -> list[str]:
        kind = getattr(feature_module("skills"), "KIND", "skills")
        return [r.name for r in self.store.list_adapters(self.user_id, kind)]

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
        mod = feature_module("improve")
        improver = mod.Improver(self.model, self.store, self.user_id, questions, unseen,
                                config=mod.ImproveConfig(notebook=notebook), files=self.files, cache=self.cache)
        last: dict = {}
        for event in improver.run(rounds):
            ctx.emit(event)
            if event.get("type") == "round_done":
                last = event
            ctx.check()  # between events: a cancelled run stops at the next step, notes stay consistent
        return last

    # ---- start-up -------------------------------------------------------------------------------
    def recover(self, conversation_id: str) -> list[dict]:
        return self.memory(conversation_id).recover()


def _last_user_text(messages: list[dict]) -> str:
    for m in reversed(messages):
        if m["role"] == "user":
            return m["content"]
    return ""


class RuntimeRegistry:
    """The per-user runtimes of one process, built on first use and kept (they hold per-user state)."""

    def __init__(self, model, store, files, cache, limits: RuntimeLimits | None = None, engine=None):
        self.model, self.store, self.files, self.cache = model, store, files, cache
        self.engine = engine
        self.limits = limits or RuntimeLimits()
        self._runtimes: dict[int, AgentRuntime] = {}
        self._lock = threading.Lock()

    def recover(self) -> int:
        """Internalize the memory segments a crash left pending (every user); returns how many."""
        pending = self.store.all_pending_segments()
        convs = sorted({(s.user_id, s.conversation_id) for s in pending})
        for user_id, conversation_id in convs:
            try:
                self.get(user_id).recover(conversation_id)
            except FeatureUnavailableError:
                log.warning("%d memory segment(s) pending, but the memory feature is missing", len(pending))
                return 0
        if pending:
            log.info("recovered %d pending memory segment(s) in %d conversation(s)", len(pending), len(convs))
        return len(pending)

    def get(self, user_id: int) -> AgentRuntime:
        with self._lock:
            rt = self._runtimes.get(user_id)
            if rt is None:
                rt = self._runtimes[user_id] = AgentRuntime(self.model, self.store, self.files, self.cache,
                                                            user_id, self.limits, self.engine)
            return rt
