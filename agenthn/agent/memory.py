"""Conversation memory in weights: old turns become segment adapters, the live context stays bounded.

Every turn goes to the persisted log (`Store` turns). Turns not yet written into weights form the
*buffer*; the newest of them that fit in `history_tokens` prompt tokens are the *live context*, sent as
plain messages. Every `segment_turns` turns the oldest buffered turns become a *segment*: its row is
logged as pending, its text is internalized into a segment adapter (`model.generate_adapters`), the
adapter is written atomically (`AdapterFiles`, kind "segment"), the row is marked done, and the turns
leave the live context. At query time segment adapters are chosen by a TF-IDF index over segment texts
(mode "topk"), or all of them ("all"), or the newest `top_k` ("recent"), composed by rank concatenation
and passed to `model.chat`.

    mem = Memory(model, store, files, user_id, "conv-1", MemoryConfig(segment_turns=8, top_k=2))
    events = mem.add_turn("user", "My locker code is 4821.")   # -> list of event dicts
    reply = mem.respond("What is my locker code?")             # -> {"text", "events"}; records both turns
    for ev in mem.respond(q, stream=True): ...                  # events, {"type": "token"}..., {"type": "done"}
    messages, adapters, segment_ids = mem.context_for(q)        # what respond() would run; records nothing
    mem.recover()   # internalize what a crash left pending (also run lazily by the first call)
    mem.stats(); mem.segments()

Events (plain dicts, ready for SSE):
    {"type": "turn_logged", "idx", "role"}
    {"type": "segment_internalized", "segment_id", "idx", "first_turn", "last_turn", "tokens", "seconds", "bytes"}
    {"type": "segments_retrieved", "mode", "segment_ids", "scores"}
    {"type": "live_context", "turns": [idx, ...], "tokens"}
    {"type": "recovered", "segments"}
    {"type": "token", "text"} and {"type": "done", "text"}   (streaming respond only)

Durability: a turn is in SQLite before add_turn returns; a segment row is logged (pending) before it is
internalized, so a crash in between is repaired by `recover()`, and turns past the last segment are
re-read from the log on load. A segment adapter that is missing, corrupt or made by another
hypernetwork is rebuilt from its stored text. The index holds only text and is rebuilt on load.

Bad input: an empty turn raises EmptyTurnError (400); a turn longer than the segment limit is split at
word boundaries into several segments, never dropped or truncated.
Use one Memory per conversation at a time; its methods are serialized by a lock.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from agenthn.errors import AdapterMismatchError, AgentHNError, CorruptAdapterError, NotFoundError

log = logging.getLogger(__name__)

SEGMENT_KIND = "segment"
MODES = ("topk", "all", "recent")
STORE_DTYPES = ("bfloat16", "float16", "float32")
# Segment text uses the same "User: ..." lines as the tiny world's conversation documents, the form
# the hypernetwork is trained to read.
ROLE_LABEL = {"user": "User", "assistant": "Assistant", "system": "System", "tool": "Tool"}
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$")
_PROBE = [{"role": "user", "content": "?"}]


class EmptyTurnError(AgentHNError):
    code = "empty_turn"


@dataclass
class MemoryConfig:
    # K: logged turns (messages) per segment. 2 = one exchange: a small segment holds few facts, which
    # the tiny hypernetwork keeps far better than many (niah --quick at 20-1000 turns: 40-70% with 2,
    # 20-50% with 4, 20-40% with 8), at 4x the adapter storage of 8
    segment_turns: int = 2
    history_tokens: int = 16        # live-context budget in prompt tokens (chat template included)
    mode: str = "topk"              # topk | all | recent
    top_k: int = 2
    segment_max_tokens: int | None = None  # None: the model's max_chunk_tokens (one chunk per segment)
    flush_on_query: bool = True     # internalize buffered turns outside the live window before answering
    max_new_tokens: int = 64
    system_prompt: str = ""
    batch_size: int = 16            # segments per encoder + hypernetwork pass
    # segment adapters on disk and in the cache: bfloat16 halves memory's storage, the largest cost of
    # small segments; adapters are applied in the model's precision whatever they are stored in
    store_dtype: str = "bfloat16"   # bfloat16 | float16 | float32

    def __post_init__(self):
        if self.mode not in MODES:
            raise AgentHNError(f"memory mode must be one of {MODES}, got {self.mode!r}")
        if self.store_dtype not in STORE_DTYPES:
            raise AgentHNError(f"memory store_dtype must be one of {STORE_DTYPES}, got {self.store_dtype!r}")
        if self.segment_turns < 1 or self.top_k < 1 or self.history_tokens < 0 or self.batch_size < 1:
            raise AgentHNError("segment_turns, top_k and batch_size must be >= 1 and history_tokens >= 0")


@dataclass(frozen=True)
class Planned:
    first_turn: int
    last_turn: int
    text: str


def render_turn(role: str, content: str) -> str:
    return f"{ROLE_LABEL.get(role, role.capitalize())}: {content.strip()}"


def split_text(text: str, budget: int, count: Callable[[str], int]) -> list[str]:
    """Pieces of at most `budget` tokens, cut at word boundaries (inside a word only when one word is
    too long); their words, in order, are exactly the text's words."""
    if count(text) <= max(budget, 1) or len(text) <= 1:
        return [text]
    words = text.split()
    if len(words) > 1:
        mid = len(words) // 2
        halves = [" ".join(words[:mid]), " ".join(words[mid:])]
    else:
        halves = [text[: len(text) // 2], text[len(text) // 2:]]
    return [p for h in halves for p in split_text(h, budget, count)]


def plan_segments(turns: list, k: int, limit: int, count: Callable[[str], int],
                  flush: bool) -> tuple[list[Planned], int]:
    """Segments for the oldest buffered turns and how many turns they consume.

    Without `flush` only whole groups of k turns are taken ("every K turns the oldest segment goes").
    A segment closes early rather than pass `limit` tokens; one turn over the limit becomes several."""
    n = len(turns) if flush else len(turns) // k * k
    out: list[Planned] = []
    group: list = []

    def close():
        if group:
            out.append(Planned(group[0].idx, group[-1].idx, "\n".join(render_turn(t.role, t.content) for t in group)))
            group.clear()

    for t in turns[:n]:
        line = render_turn(t.role, t.content)
        if count(line) > limit:
            close()
            budget = limit - count(render_turn(t.role, "x")) - 1  # room for the label, and a merge margin
            out += [Planned(t.idx, t.idx, render_turn(t.role, p)) for p in split_text(t.content.strip(), budget, count)]
            continue
        if group and (len(group) >= k or count("\n".join(render_turn(g.role, g.content) for g in group + [t])) > limit):
            close()
        group.append(t)
    close()
    return out, n


def as_messages(turns: list) -> list[dict]:
    return [{"role": t.role, "content": t.content} for t in turns]


class TfidfIndex:
    """TF-IDF over short texts, refit lazily after additions (hundreds of texts fit in milliseconds)."""

    def __init__(self, items: list[tuple[int, str]] = ()):
        self.ids = [i for i, _ in items]
        self.texts = [t for _, t in items]
        self._fit = None

    def add(self, item_id: int, text: str) -> None:
        self.ids.append(item_id)
        self.texts.append(text)
        self._fit = None

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """Best k (id, cosine score) with score > 0; ties go to the newer item (later facts win)."""
        vec, mat = self.fit()
        if vec is None:
            return []
        scores = (mat @ vec.transform([query]).T).toarray().ravel()
        order = sorted(range(len(self.ids)), key=lambda i: (-scores[i], -i))
        return [(self.ids[i], float(scores[i])) for i in order[:k] if scores[i] > 0]

    def fit(self):
        """(vectorizer, document matrix), or (None, None) when there is nothing to index."""
        if self._fit is None:
            self._fit = self._build() if self.ids else (None, None)
        return self._fit

    def nbytes(self) -> int:
        mat = self.fit()[1]
        return 0 if mat is None else mat.data.nbytes + mat.indices.nbytes + mat.indptr.nbytes

    def _build(self):
        from sklearn.feature_extraction.text import TfidfVectorizer

        for stop in (stop_words(), None):
            try:
                vec = TfidfVectorizer(stop_words=stop, sublinear_tf=True)
                return vec, vec.fit_transform(self.texts)
            except ValueError:  # empty vocabulary: every word was a stop word (or no words at all)
                continue
        return None, None


def stop_words() -> list[str]:
    """scikit-learn's English list minus the nouns it contains ("name", "home", ...), which are exactly
    the words a question about a remembered fact hinges on."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    keep = {"name", "home", "call", "fire", "bill", "system", "interest", "amount", "top", "bottom", "front", "back",
            "side", "part", "first", "last", "full", "show", "find", "found", "move", "thick", "thin", "mill", "detail"}
    return sorted(ENGLISH_STOP_WORDS - keep)


class Memory:
    def __init__(self, model, store, files, user_id: int, conversation_id: str, config: MemoryConfig | None = None):
        self.model, self.store, self.files = model, store, files
        self.user_id, self.conversation_id = user_id, conversation_id
        self.cfg = config or MemoryConfig()
        self.limit = min(self.cfg.segment_max_tokens or model.max_chunk_tokens, model.max_doc_tokens)
        self._lock = threading.RLock()
        self._adapters: dict = {}
        self._recovered = False
        self.ingest_tokens, self.ingest_seconds = 0, 0.0  # this process's internalization work
        self._load()

    # ---- state --------------------------------------------------------------------------------
    def _load(self) -> None:
        segs = self.store.list_segments(self.user_id, self.conversation_id)
        self._done = [s for s in segs if s.status == "done"]
        covered = max((s.last_turn for s in segs), default=-1)
        self._buffer = self.store.list_turns(self.user_id, self.conversation_id, start=covered + 1)
        self._index = TfidfIndex([(s.id, s.text) for s in self._done])
        self._static = False  # not loaded yet (None: the hypernetwork has no static block)

    def _prefix(self) -> str:
        """Adapter-name prefix of this conversation (ids that are not plain names are hashed)."""
        cid = self.conversation_id
        return (cid if _SAFE_NAME.match(cid) else "c" + hashlib.sha256(cid.encode()).hexdigest()[:16]) + "-s"

    def _name(self, seg) -> str:
        return f"{self._prefix()}{seg.idx}"

    def _static_name(self) -> str:
        return self._prefix() + "tatic"  # "<conversation>-static": never a segment name ("-s<digits>")

    def recover(self) -> list[dict]:
        """Finish what a crash interrupted: split pieces not logged, pending segments, owed segments."""
        with self._lock:
            self._repair_split_tail()
            pending = self.store.list_segments(self.user_id, self.conversation_id, status="pending")
            events = self._internalize(pending)
            if pending:
                log.info("recovered %d pending segment(s) of conversation %s", len(pending), self.conversation_id)
                events.append({"type": "recovered", "segments": len(pending)})
            if len(self._buffer) >= self.cfg.segment_turns:
                events += self._segment(flush=False)
            self._recovered = True
            return events

    def _repair_split_tail(self) -> None:
        """A long turn is logged as several segments; a crash may have logged only the first few."""
        segs = self.store.list_segments(self.user_id, self.conversation_id)
        if not segs or segs[-1].first_turn != segs[-1].last_turn:
            return
        t = segs[-1].last_turn
        turn = self.store.list_turns(self.user_id, self.conversation_id, t, t + 1)[0]
        planned, _ = plan_segments([turn], 1, self.limit, self.model.count_tokens, flush=True)
        have = sum(1 for s in segs if s.first_turn == s.last_turn == t)
        for p in planned[have:]:
            self.store.add_segment(self.user_id, self.conversation_id, p.first_turn, p.last_turn, p.text)

    def _ensure_recovered(self) -> list[dict]:
        return [] if self._recovered else self.recover()

    # ---- writing ------------------------------------------------------------------------------
    def add_turn(self, role: str, text: str) -> list[dict]:
        if not isinstance(text, str) or not text.strip():
            raise EmptyTurnError("a turn must contain text; empty turns are not logged")
        with self._lock:
            events = self._ensure_recovered()
            turn = self.store.append_turn(self.user_id, self.conversation_id, role, text)
            self._buffer.append(turn)
            events.append({"type": "turn_logged", "idx": turn.idx, "role": role})
            if len(self._buffer) >= self.cfg.segment_turns:
                events += self._segment(flush=False)
            return events + [self._live_event(self._live())]

    def add_turns(self, turns: list[tuple[str, str]]) -> list[dict]:
        """Log many (role, text) turns, then internalize the segments they complete in batched passes
        (importing a history); every turn is checked before any is logged."""
        if any(not isinstance(t, str) or not t.strip() for _, t in turns):
            raise EmptyTurnError("a turn must contain text; empty turns are not logged")
        with self._lock:
            events = self._ensure_recovered()
            for role, text in turns:
                turn = self.store.append_turn(self.user_id, self.conversation_id, role, text)
                self._buffer.append(turn)
            events += self._segment(flush=False) if len(self._buffer) >= self.cfg.segment_turns else []
            return events + [self._live_event(self._live())]

    def flush(self) -> list[dict]:
        """Internalize every buffered turn outside the live window now (respond does it lazily)."""
        with self._lock:
            events = self._ensure_recovered()
            n_out = len(self._buffer) - len(self._live())
            return events + (self._segment(flush=True, upto=n_out) if n_out > 0 else [])

    def _segment(self, flush: bool, upto: int | None = None) -> list[dict]:
        turns = self._buffer if upto is None else self._buffer[:upto]
        planned, used = plan_segments(turns, self.cfg.segment_turns, self.limit, self.model.count_tokens, flush)
        rows = [self.store.add_segment(self.user_id, self.conversation_id, p.first_turn, p.last_turn, p.text)
                for p in planned]
        self._buffer = self._buffer[used:]
        return self._internalize(rows)

    def _internalize(self, rows: list) -> list[dict]:
        events, bs = [], self.cfg.batch_size
        for i in range(0, len(rows), bs):
            batch = rows[i: i + bs]
            t0 = time.perf_counter()
            adapters = self.model.generate_adapters([s.text for s in batch])
            dt = (time.perf_counter() - t0) / len(batch)
            for seg, adapter in zip(batch, adapters):
                done, nbytes = self._write(seg, adapter)
                self._done.append(done)
                self._index.add(done.id, done.text)
                tokens = self.model.count_tokens(seg.text)
                self.ingest_tokens, self.ingest_seconds = self.ingest_tokens + tokens, self.ingest_seconds + dt
                events.append({"type": "segment_internalized", "segment_id": done.id, "idx": done.idx,
                               "first_turn": done.first_turn, "last_turn": done.last_turn, "tokens": tokens,
                               "seconds": round(dt, 4), "bytes": nbytes})
        return events

    def _write(self, seg, adapter):
        """Persist a segment adapter. The hypernetwork's document-independent block is the same in every
        segment, so it is stored once per conversation and each segment keeps only its own ranks."""
        dyn, static = (self._stored(a) for a in adapter.split_static())
        nbytes = self._save_static(static) if static is not None and self._static in (None, False) else 0
        rec = self._save(self._name(seg), dyn)
        self._adapters[seg.id] = dyn
        return self.store.complete_segment(self.user_id, seg.id, rec.path, rec.sha256), rec.size_bytes + nbytes

    def _stored(self, adapter):
        import torch

        return adapter.to(dtype=getattr(torch, self.cfg.store_dtype)) if adapter is not None else None

    def _save(self, name: str, adapter):
        return self.files.write(self.user_id, SEGMENT_KIND, name, adapter.save,
                                base_model=self.model.base_model_id, hypernet_id=self.model.hypernet_id)

    def _save_static(self, static) -> int:
        self._static = static
        rec = self.store.find_adapter(self.user_id, SEGMENT_KIND, self._static_name())
        try:
            return 0 if rec is not None and self.files.verify(rec) else self._save(self._static_name(), static).size_bytes
        except CorruptAdapterError:
            return self._save(self._static_name(), static).size_bytes

    def _static_block(self):
        """The shared static block (None for hypernetworks without one); rebuilt if its file is bad."""
        if self._static is False:
            from agenthn.model.adapter import Adapter

            try:
                self._static = self.files.read(self.user_id, SEGMENT_KIND, self._static_name(), Adapter.load)
                self.model.check_adapter(self._static)
            except (CorruptAdapterError, NotFoundError, AdapterMismatchError) as e:
                static = self._stored(self.model.internalize_segment(self._done[0].text).split_static()[1])
                if static is not None:
                    log.warning("rebuilding the static block of conversation %s: %s", self.conversation_id, e)
                    self._save(self._static_name(), static)
                self._static = static
        return self._static

    # ---- reading ------------------------------------------------------------------------------
    def _adapter(self, seg):
        adapter = self._adapters.get(seg.id)
        if adapter is not None:
            return adapter
        from agenthn.model.adapter import Adapter

        try:
            adapter = self.files.read(self.user_id, SEGMENT_KIND, self._name(seg), Adapter.load)
            self.model.check_adapter(adapter)
        except (CorruptAdapterError, NotFoundError, AdapterMismatchError) as e:
            log.warning("rebuilding the adapter of segment %d from its text: %s", seg.id, e)
            self._write(seg, self.model.internalize_segment(seg.text))
            return self._adapters[seg.id]
        self._adapters[seg.id] = adapter
        return adapter

    def _live(self) -> list:
        live: list = []
        for t in reversed(self._buffer):
            if self._history_cost([t] + live) > self.cfg.history_tokens:
                break
            live.insert(0, t)
        return live

    def _history_cost(self, turns: list) -> int:
        """Prompt tokens these turns add in front of a question, chat-template tokens included."""
        return len(self.model.prompt_ids(as_messages(turns) + _PROBE)) - len(self.model.prompt_ids(_PROBE))

    def _live_event(self, live: list) -> dict:
        return {"type": "live_context", "turns": [t.idx for t in live], "tokens": self._history_cost(live)}

    def _select(self, question: str) -> tuple[list[int], list[float] | None]:
        if self.cfg.mode == "all":
            return [s.id for s in self._done], None
        if self.cfg.mode == "recent":
            return [s.id for s in self._done[-self.cfg.top_k:]], None
        hits = self._index.search(question, self.cfg.top_k)
        return [i for i, _ in hits], [round(s, 4) for _, s in hits]

    def _prepare(self, question: str) -> tuple[list[dict], list, list[int], list[dict]]:
        if not isinstance(question, str) or not question.strip():
            raise EmptyTurnError("the question is empty")
        with self._lock:
            events = self._ensure_recovered()
            if self.cfg.flush_on_query:
                events += self.flush()
            live = self._live()
            ids, scores = self._select(question)
            by_id = {s.id: s for s in self._done}
            adapters = [self._adapter(by_id[i]) for i in ids]
            static = self._static_block() if adapters else None
            adapters += [static] if static is not None else []
            system = [{"role": "system", "content": self.cfg.system_prompt}] if self.cfg.system_prompt else []
            messages = system + as_messages(live) + [{"role": "user", "content": question.strip()}]
            events += [{"type": "segments_retrieved", "mode": self.cfg.mode, "segment_ids": ids, "scores": scores},
                       self._live_event(live)]
            return messages, adapters, ids, events

    def context_for(self, question: str) -> tuple[list[dict], list, list[int]]:
        """(messages, adapters to compose, segment ids) for answering `question` now. The adapters are the
        chosen segments' own ranks plus, last, the conversation's shared static block."""
        messages, adapters, ids, _ = self._prepare(question)
        return messages, adapters, ids

    def respond(self, question: str, stream: bool = False, record: bool = True, **gen) -> dict | Iterator[dict]:
        """Answer with the live context plus the chosen segment adapters; `record` logs both turns."""
        messages, adapters, _, events = self._prepare(question)
        kw = {"max_new_tokens": self.cfg.max_new_tokens, **gen}
        if stream:
            return self._stream(question, messages, adapters, events, record, kw)
        text = self.model.chat(messages, adapter=adapters or None, **kw)
        return {"text": text, "events": events + (self._record(question, text) if record else [])}

    def _stream(self, question, messages, adapters, events, record, kw) -> Iterator[dict]:
        yield from events
        pieces = []
        for piece in self.model.chat(messages, adapter=adapters or None, stream=True, **kw):
            pieces.append(piece)
            yield {"type": "token", "text": piece}
        text = "".join(pieces)
        yield from (self._record(question, text) if record else [])
        yield {"type": "done", "text": text}

    def _record(self, question: str, answer: str) -> list[dict]:
        events = self.add_turn("user", question)
        return events + (self.add_turn("assistant", answer) if answer.strip() else [])

    # ---- inspection ---------------------------------------------------------------------------
    def segments(self) -> list[dict]:
        return [{"id": s.id, "idx": s.idx, "first_turn": s.first_turn, "last_turn": s.last_turn, "text": s.text,
                 "status": s.status} for s in self.store.list_segments(self.user_id, self.conversation_id)]

    def stats(self) -> dict:
        with self._lock:
            live = self._live()
            prefix = self._prefix()
            nbytes = sum(r.size_bytes for r in self.store.list_adapters(self.user_id, SEGMENT_KIND)
                         if r.name == self._static_name() or (r.name.startswith(prefix)
                                                              and r.name[len(prefix):].isdigit()))
            last = self._buffer[-1].idx if self._buffer else max((s.last_turn for s in self._done), default=-1)
            pending = self.store.list_segments(self.user_id, self.conversation_id, status="pending")
            return {"conversation_id": self.conversation_id, "turns": last + 1, "segments": len(self._done),
                    "pending_segments": len(pending), "buffer_turns": len(self._buffer), "live_turns": len(live),
                    "live_tokens": self._history_cost(live), "adapter_bytes": nbytes, "mode": self.cfg.mode,
                    "top_k": self.cfg.top_k, "segment_turns": self.cfg.segment_turns,
                    "history_tokens": self.cfg.history_tokens, "segment_max_tokens": self.limit,
                    "ingest_tokens": self.ingest_tokens, "ingest_seconds": round(self.ingest_seconds, 4)}


def recover_all(model, store, files, config: MemoryConfig | None = None) -> int:
    """Server start-up: finish every conversation a crash left with pending segments; returns how many."""
    todo = sorted({(s.user_id, s.conversation_id) for s in store.all_pending_segments()})
    for user_id, conversation_id in todo:
        Memory(model, store, files, user_id, conversation_id, config).recover()
    return len(todo)
