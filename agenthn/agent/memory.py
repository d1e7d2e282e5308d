"""Conversation memory in weights: old turns become segment adapters, the live context stays bounded.

Every turn goes to the persisted log (`Store` turns). Turns not yet written into weights form the
*buffer*; the newest of them that fit in `history_tokens` prompt tokens are the *live context*, sent as
plain messages. Every `segment_turns` turns the oldest buffered turns become a *segment*: its row is
logged as pending, its text is internalized into a segment adapter (`model.generate_adapters`), the
adapter is written to the agent's adapter store (kind "segment", checksummed file plus LRU), the row
is marked done, and the turns leave the live context. At query time segment adapters are chosen by a
TF-IDF index over segment texts, its best `rerank` re-ranked by the base model's reading of them
(`agenthn.engine.relevance`; mode "topk"), or all of them ("all"), or the newest `top_k`
("recent"); the runtime composes them with the turn's other adapters (`agent.memories.Memories`,
the feature).

    mem = Memory(model, store, adapters, user_id, "conv-1", MemoryConfig(segment_turns=8, top_k=1))
    events = mem.add_turn("user", "My locker code is 4821.")   # -> list of event dicts
    messages, adapters, segment_ids, events = mem.context(q)   # what a turn runs with; records nothing
    mem.recover()   # internalize what a crash left pending (also run lazily by the first call)
    mem.stats(); mem.segments()

Events (plain dicts, ready for SSE):
    {"type": "turn_logged", "idx", "role"}
    {"type": "segment_internalized", "segment_id", "idx", "first_turn", "last_turn", "tokens", "seconds",
     "bytes"}
    {"type": "segments_retrieved", "mode", "segment_ids", "scores", "scored_by"}
    {"type": "live_context", "turns": [idx, ...], "tokens"}
    {"type": "recovered", "segments"}

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
from typing import TYPE_CHECKING

from agenthn.agent.memory_config import MemoryConfig
from agenthn.agent.search import TfidfIndex, first_found, said
from agenthn.agent.segments import as_messages, plan_segments, render_turn
from agenthn.engine.copying import CopySource
from agenthn.errors import AdapterMismatchError, AgentHNError, CorruptAdapterError, NotFoundError

if TYPE_CHECKING:
    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.engine.d2l import D2LModel
    from agenthn.store import Store

log = logging.getLogger(__name__)

SEGMENT_KIND = "segment"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$")
_PROBE = [{"role": "user", "content": "?"}]


def conversation_prefix(conversation_id: str) -> str:
    """Adapter-name prefix of a conversation's segments (ids that are not plain names are hashed)."""
    cid = conversation_id
    return (cid if _SAFE_NAME.match(cid) else "c" + hashlib.sha256(cid.encode()).hexdigest()[:16]) + "-s"


def conversation_adapters(names: list[str], conversation_id: str) -> list[str]:
    """Of a user's segment adapter names, the conversation's: its segments ("<prefix><idx>") and its
    static block ("<prefix>tatic")."""
    prefix = conversation_prefix(conversation_id)
    return [n for n in names if n == prefix + "tatic" or (n.startswith(prefix) and n[len(prefix):].isdigit())]


class EmptyTurnError(AgentHNError):
    code = "empty_turn"


class Memory:
    def __init__(self, model: D2LModel, store: Store, adapters: AdapterCache, user_id: int,
                 conversation_id: str,
                 config: MemoryConfig | None = None):
        self.model, self.store, self.adapters = model, store, adapters
        self.user_id, self.conversation_id = user_id, conversation_id
        self.cfg = config or MemoryConfig()
        self.limit = min(self.cfg.segment_max_tokens or model.max_chunk_tokens, model.max_doc_tokens)
        self._lock = threading.RLock()
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
        self._stems = TfidfIndex([(s.id, s.text) for s in self._done], stems=True)
        recalled = self.store.list_turns(self.user_id, self.conversation_id, recalled_only=True)
        # recalled replies: turn idx -> its lines as logged
        self._recalled = {t.idx: set(render_turn(t.role, t.content).splitlines()) for t in recalled}
        self._static = False  # not loaded yet (None: the hypernetwork has no static block)

    def _prefix(self) -> str:
        return conversation_prefix(self.conversation_id)

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
                log.info("recovered %d pending segment(s) of conversation %s", len(pending),
                         self.conversation_id)
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
    def add_turn(self, role: str, text: str, recalled: bool = False) -> list[dict]:
        """Log one turn; `recalled`: a reply decoded from memory or the profile, kept in the log and
        its segment but never read as evidence when segments are re-ranked (`_select`)."""
        if not isinstance(text, str) or not text.strip():
            raise EmptyTurnError("a turn must contain text; empty turns are not logged")
        with self._lock:
            events = self._ensure_recovered()
            turn = self.store.append_turn(self.user_id, self.conversation_id, role, text, recalled)
            if recalled:
                self._recalled[turn.idx] = set(render_turn(role, text).splitlines())
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
        planned, used = plan_segments(turns, self.cfg.segment_turns, self.limit, self.model.count_tokens,
                                      flush)
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
            for seg, adapter in zip(batch, adapters, strict=True):
                done, nbytes = self._write(seg, adapter)
                self._done.append(done)
                self._index.add(done.id, done.text)
                self._stems.add(done.id, done.text)
                tokens = self.model.count_tokens(seg.text)
                self.ingest_tokens += tokens
                self.ingest_seconds += dt
                events.append({"type": "segment_internalized", "segment_id": done.id, "idx": done.idx,
                               "first_turn": done.first_turn, "last_turn": done.last_turn, "tokens": tokens,
                               "seconds": round(dt, 4), "bytes": nbytes})
        return events

    def _write(self, seg, adapter):
        """Persist a segment adapter. The hypernetwork's document-independent block is the same in every
        segment, so it is stored once per conversation and each segment keeps only its own ranks."""
        dyn, static = (self._stored(a) for a in adapter.split_static())
        nbytes = self._save_static(static) if static is not None and self._static in (None, False) else 0
        rec = self._put(self._name(seg), dyn)
        done = self.store.complete_segment(self.user_id, seg.id, rec.path, rec.sha256)
        return done, rec.size_bytes + nbytes

    def _stored(self, adapter):
        import torch

        # on the host, as a segment read back from disk is: the cache then holds one kind of adapter
        if adapter is None:
            return None
        stored = adapter.to("cpu", getattr(torch, self.cfg.store_dtype))
        if not self.cfg.gate:  # the gate's key would add ~70% to a segment's bytes, read by nobody
            stored.key = None
        return stored

    def _put(self, name: str, adapter):
        return self.adapters.put(self.user_id, SEGMENT_KIND, name, adapter)

    def _read(self, name: str):
        """The stored adapter, or None when it is missing, corrupt or made for another model."""
        try:
            adapter = self.adapters.get(self.user_id, SEGMENT_KIND, name)
            if adapter is not None:
                self.model.check_adapter(adapter)
            return adapter
        except (CorruptAdapterError, NotFoundError, AdapterMismatchError) as e:
            log.warning("adapter %s of conversation %s is unusable (%s): rebuilding it", name,
                        self.conversation_id, e)
            self.adapters.evict(self.user_id, SEGMENT_KIND, name)
            return None

    def _save_static(self, static) -> int:
        self._static = static
        if self._read(self._static_name()) is not None:
            return 0
        return self._put(self._static_name(), static).size_bytes

    def _static_block(self):
        """The shared static block (None for hypernetworks without one); rebuilt if its file is bad."""
        if self._static is False:
            self._static = self._read(self._static_name())
            if self._static is None:
                self._static = self._stored(self.model.internalize(self._done[0].text).split_static()[1])
                if self._static is not None:
                    self._put(self._static_name(), self._static)
        return self._static

    # ---- reading ------------------------------------------------------------------------------
    def _adapter(self, seg):
        adapter = self._read(self._name(seg))
        if adapter is None:  # rebuilt from the segment's stored text
            self._write(seg, self.model.internalize(seg.text))
            adapter = self._read(self._name(seg))
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

    def _select(self, question: str) -> tuple[list[int], list[float] | None, str | None]:
        """(segment ids, their scores, what scored them) for a question, best first."""
        if self.cfg.mode == "all":
            return [s.id for s in self._done], None, None
        if self.cfg.mode == "recent":
            return [s.id for s in self._done[-self.cfg.top_k:]], None, None
        texts = {s.id: self._evidence(s) for s in self._done}
        hits, scored_by = first_found([self._index, self._stems], texts, question, self.cfg.top_k,
                                      self.cfg.rerank, self.model.relevance)
        if self.cfg.rerank > 1:  # earlier askings and their recalled replies alone hold nothing to find
            hits = [(i, s) for i, s in hits if any(map(said, texts[i].splitlines()))]
        return [i for i, _ in hits], [round(s, 4) for _, s in hits], scored_by

    def _evidence(self, seg) -> str:
        """A segment's text without its recalled replies (a piece of a long one: nothing): a wrong answer,
        once given, would otherwise be found again by the same question ("Your name is Theo." for
        "What's my name?", session 39)."""
        spans = [self._recalled[i] for i in range(seg.first_turn, seg.last_turn + 1) if i in self._recalled]
        if not spans:
            return seg.text
        if seg.first_turn == seg.last_turn:
            return ""
        return "\n".join(line for line in seg.text.splitlines() if not any(line in s for s in spans))

    def context(self, question: str) -> tuple[list[dict], list, list[int], list[dict]]:
        """(messages, adapters, segment ids, events) to answer `question` now; records nothing. The
        adapters are the chosen segments' own ranks plus, last, the conversation's static block."""
        if not isinstance(question, str) or not question.strip():
            raise EmptyTurnError("the question is empty")
        with self._lock:
            events = self._ensure_recovered()
            if self.cfg.flush_on_query:  # turns outside the live window become segments before we retrieve
                events += self.flush()
            live = self._live()
            ids, scores, scored_by = self._select(question)
            events += [{"type": "segments_retrieved", "mode": self.cfg.mode, "segment_ids": ids,
                        "scores": scores, "scored_by": scored_by},
                       self._live_event(live)]
            by_id = {s.id: s for s in self._done}
            ids, adapters, gated = self._gated(question, ids, [self._adapter(by_id[i]) for i in ids])
            if gated:
                events.append({"type": "adapters_gated", "adapters": [f"segment/{i}" for i in gated]})
            static = self._static_block() if adapters else None
            adapters += [static] if static is not None else []
            system = [{"role": "system", "content": self.cfg.system_prompt}] if self.cfg.system_prompt else []
            messages = system + as_messages(live) + [{"role": "user", "content": question.strip()}]
            return messages, adapters, ids, events

    def _gated(self, question: str, ids: list[int], adapters: list) -> tuple[list[int], list, list[int]]:
        """(ids, adapters) of the retrieved segments the model's relevance gate finds the question
        concerns, and the ids it left off (engine/gate.py; without a gate or with `gate` off, all kept)."""
        keep = self.model.open_for(question, adapters) if self.cfg.gate else [True] * len(adapters)
        pairs = list(zip(ids, adapters, keep, strict=True))
        return ([i for i, _, k in pairs if k], [a for _, a, k in pairs if k],
                [i for i, _, k in pairs if not k])

    def copy_source(self, segment_ids: list[int], texts: dict[int, str] | None = None) -> CopySource | None:
        """The retrieved segments' text (`texts`, where `segment_texts` already gave it), for decoding to
        finish values from (None: copying is off)."""
        text = "\n".join((self.segment_texts(segment_ids) if texts is None else texts).values())
        return CopySource(text, self.cfg.copy_beta) if text and self.cfg.copy_beta > 0 else None

    def segment_texts(self, segment_ids: list[int]) -> dict[int, str]:
        """{segment id: its text} for these segments, in their order (ids not internalized left out)."""
        with self._lock:
            texts = {s.id: s.text for s in self._done}
        return {i: texts[i] for i in segment_ids if i in texts}

    # ---- inspection ---------------------------------------------------------------------------
    def segments(self) -> list[dict]:
        return [{"id": s.id, "idx": s.idx, "first_turn": s.first_turn, "last_turn": s.last_turn,
                 "text": s.text,
                 "status": s.status} for s in self.store.list_segments(self.user_id, self.conversation_id)]

    def stats(self) -> dict:
        with self._lock:
            live = self._live()
            records = self.store.list_adapters(self.user_id, SEGMENT_KIND)
            mine = set(conversation_adapters([r.name for r in records], self.conversation_id))
            nbytes = sum(r.size_bytes for r in records if r.name in mine)
            last = (self._buffer[-1].idx if self._buffer
                    else max((s.last_turn for s in self._done), default=-1))
            pending = self.store.list_segments(self.user_id, self.conversation_id, status="pending")
            return {"conversation_id": self.conversation_id, "turns": last + 1, "segments": len(self._done),
                    "pending_segments": len(pending), "buffer_turns": len(self._buffer),
                    "live_turns": len(live),
                    "live_tokens": self._history_cost(live), "adapter_bytes": nbytes, "mode": self.cfg.mode,
                    "top_k": self.cfg.top_k, "segment_turns": self.cfg.segment_turns,
                    "history_tokens": self.cfg.history_tokens, "segment_max_tokens": self.limit,
                    "ingest_tokens": self.ingest_tokens, "ingest_seconds": round(self.ingest_seconds, 4)}
