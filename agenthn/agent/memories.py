"""The memory feature (`turn.Feature`): one `Memory` per conversation of a user, the most recent ones kept
loaded. A turn gets its conversation's bounded window and retrieved segment adapters (`prepare`), and
both of its turns are logged afterwards (`record`), memory on or off."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from agenthn.agent.memory import Memory
from agenthn.agent.memory_config import MemoryConfig
from agenthn.agent.turn import Contribution, Reply, Turn

if TYPE_CHECKING:
    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.engine.d2l import D2LModel
    from agenthn.store import Store

MAX_LOADED = 32  # conversations whose Memory (index, buffer) one user keeps loaded


class Memories:
    """The memory feature of one user: a Memory per conversation (the most recent ones kept loaded,
    the rest reloaded from the Store on demand)."""

    def __init__(self, model: D2LModel, store: Store, adapters: AdapterCache, user_id: int,
                 config: MemoryConfig | None = None):
        self.model, self.store, self.adapters, self.user_id = model, store, adapters, int(user_id)
        self.config = config or MemoryConfig()
        self._loaded: OrderedDict[str, Memory] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conversation_id: str) -> Memory:
        with self._lock:
            mem = self._loaded.get(conversation_id)
            if mem is None:
                mem = Memory(self.model, self.store, self.adapters, self.user_id, conversation_id,
                             self.config)
                self._loaded[conversation_id] = mem
                while len(self._loaded) > MAX_LOADED:
                    self._loaded.popitem(last=False)
            self._loaded.move_to_end(conversation_id)
            return mem

    def prepare(self, turn: Turn) -> Contribution:
        """With `memory`: the conversation's bounded window (the caller's system messages kept) and the
        segment adapters retrieved for the question, plus the conversation's static block."""
        if not turn.opts.memory:
            return Contribution()
        mem = self.get(turn.opts.conversation_id)
        messages, adapters, ids, events = mem.context(turn.question)
        names = [f"segment/{i}" for i in ids] + ["segment/static"] * (len(adapters) - len(ids))
        system = [m for m in turn.messages if m["role"] == "system"]
        texts = mem.segment_texts(ids)
        return Contribution(system + [m for m in messages if m["role"] != "system"],
                            dict(zip(names, adapters, strict=True)),
                            events, mem.copy_source(ids, texts), yields=True,
                            texts={f"segment/{i}": t for i, t in texts.items()})

    def record(self, turn: Turn, reply: Reply) -> list[dict]:
        """Log both turns of a conversation (segmenting every K turns), memory on or off."""
        if not turn.opts.conversation_id:
            return []
        mem = self.get(turn.opts.conversation_id)
        events = mem.add_turn("user", turn.question)
        recalled = bool(reply.retrieved) or "profile" in reply.adapters
        return events + (mem.add_turn("assistant", reply.text, recalled) if reply.text.strip() else [])
