"""Memory in weights as a benchmark strategy: the real `agenthn.agent.memory.Memory` on a scratch store."""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

from agenthn.agent.memory import Memory
from agenthn.agent.memory_config import MemoryConfig
from agenthn.baselines.base import Strategy

log = logging.getLogger(__name__)


class MemoryStrategy(Strategy):
    """Ingest = log every turn and internalize the segments (batched); answer = live window + composed
    segment adapters chosen by `mode` (topk, all, recent); `label` names a variant (memory-top1).

    Strategies given the same `share` dict ingest each conversation once: the first one internalizes
    it, the others open the same stored conversation with their own mode and report the work the first
    one measured. So the modes are compared on identical adapters, at a third of the ingest time."""

    name = "memory"

    def __init__(self, model, mode: str = "topk", top_k: int = 2,
                 segment_turns: int = MemoryConfig.segment_turns,
                 store_dtype: str = MemoryConfig.store_dtype, segment_max_tokens: int | None = None,
                 rerank: int = MemoryConfig.rerank, copy_beta: float = MemoryConfig.copy_beta,
                 gate: bool = MemoryConfig.gate, root: str | Path | None = None, share: dict | None = None,
                 label: str | None = None,
                 **kw):
        super().__init__(model, **kw)
        from agenthn.agent.adapter_cache import AdapterCache
        from agenthn.store import AdapterFiles, Store

        self.name = label or f"memory-{mode}"
        self._tmp = None if root else tempfile.TemporaryDirectory(prefix="agenthn-memory-")
        root = Path(root or self._tmp.name)
        # A benchmark scratch store: NORMAL sync keeps SIGKILL safety and skips an fsync per turn.
        self.store = Store(root / "memory.sqlite", synchronous="NORMAL")
        self.adapters = AdapterCache(files=AdapterFiles(root / "adapters", self.store))
        self.user_id = self.store.create_user(f"bench-{self.name}")[0].id
        self.config = MemoryConfig(segment_turns=segment_turns, history_tokens=self.live_tokens, mode=mode,
                                   top_k=top_k, segment_max_tokens=segment_max_tokens,
                                   store_dtype=store_dtype, rerank=rerank, copy_beta=copy_beta,
                                   gate=gate)
        self._n = 0
        self._copy = None  # the last context's source text, for decoding (engine/copying.py)
        self.share = share if share is not None else {}
        self.mem: Memory | None = None

    def _ingest(self, history):
        from agenthn.baselines.base import history_key

        key = (history_key(history), self.config.segment_turns, self.config.segment_max_tokens,
               self.live_tokens,
               self.config.store_dtype)
        done = self.share.get(key)
        if done:
            self.mem = Memory(self.model, done["store"], done["adapters"], done["user_id"],
                              done["conversation_id"],
                              self.config)
            return done["tokens"], done["seconds"]
        self._n += 1
        conv = f"conv-{self._n}"
        t0 = time.perf_counter()
        self.mem = Memory(self.model, self.store, self.adapters, self.user_id, conv, self.config)
        self.mem.add_turns([(m["role"], m["content"]) for m in history])
        self.mem.flush()  # now, so the whole ingest is counted here and not in the first query
        dt = time.perf_counter() - t0
        self.share[key] = {"store": self.store, "adapters": self.adapters, "user_id": self.user_id,
                           "conversation_id": conv, "tokens": self.mem.ingest_tokens, "seconds": dt,
                           "keep_alive": self._tmp}  # the scratch folder lives as long as the share
        return self.mem.ingest_tokens, dt

    def _context(self, question):
        messages, adapters, ids, _ = self.mem.context(question)
        texts = {s["id"]: s["text"] for s in self.mem.segments()}
        # the segments whose adapters answer, and the live turns still in the prompt (not the question)
        live = [m["content"] for m in messages[:-1] if m["role"] != "system"]
        self.retrieved = [texts[i] for i in ids] + live
        self._copy = self.mem.copy_source(ids)
        return messages, (adapters or None)

    def _generate(self, messages, adapter):
        from agenthn.engine.batching import shared_engine

        return shared_engine(self.model).chat(messages, adapter, max_new_tokens=self.max_new_tokens,
                                              copy=self._copy if adapter else None)

    def memory_bytes(self):
        return self.mem.stats()["adapter_bytes"] if self.mem else 0
