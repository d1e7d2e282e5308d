"""Memory in weights as a benchmark strategy: the real `agenthn.agent.memory.Memory` on a scratch store."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from agenthn.agent.memory import Memory, MemoryConfig
from agenthn.baselines.base import Strategy

log = logging.getLogger(__name__)


class MemoryStrategy(Strategy):
    """Ingest = log every turn and internalize the segments (batched); answer = live window + composed
    segment adapters chosen by `mode` (topk, all, recent)."""

    name = "memory"

    def __init__(self, model, mode: str = "topk", top_k: int = 2, segment_turns: int = 8,
                 segment_max_tokens: int | None = None, root: str | Path | None = None, **kw):
        super().__init__(model, **kw)
        from agenthn.store import AdapterFiles, Store

        self.name = f"memory-{mode}"
        self._tmp = None if root else tempfile.TemporaryDirectory(prefix="agenthn-memory-")
        root = Path(root or self._tmp.name)
        # A benchmark scratch store: NORMAL sync keeps SIGKILL safety and skips an fsync per turn.
        self.store = Store(root / "memory.sqlite", synchronous="NORMAL")
        self.files = AdapterFiles(root / "adapters", self.store)
        self.user_id = self.store.create_user(f"bench-{self.name}")[0].id
        self.config = MemoryConfig(segment_turns=segment_turns, history_tokens=self.live_tokens, mode=mode,
                                   top_k=top_k, segment_max_tokens=segment_max_tokens,
                                   max_new_tokens=self.max_new_tokens)
        self._n = 0
        self.mem: Memory | None = None

    def _ingest(self, history):
        self._n += 1
        self.mem = Memory(self.model, self.store, self.files, self.user_id, f"conv-{self._n}", self.config)
        self.mem.add_turns([(m["role"], m["content"]) for m in history])
        self.mem.flush()  # now, so the whole ingest is counted here and not in the first query
        return self.mem.ingest_tokens

    def _context(self, question):
        messages, adapters, self.last_segments = self.mem.context_for(question)
        return messages, (adapters or None)

    def memory_bytes(self):
        return self.mem.stats()["adapter_bytes"] if self.mem else 0
