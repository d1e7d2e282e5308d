"""An LRU cache of adapters under a byte budget, backed by checksummed files on disk.

Per-user adapters (profile, skills, notes) are small but many: a server with thousands of users cannot
keep them all in memory, and rebuilding one means another hypernetwork pass. So the cache holds the
most recently used adapters up to `budget_bytes` (counted with `Adapter.size_bytes`, the tensor bytes
that actually occupy memory) and evicts the least recently used beyond it. Every `put` is also written
through `agenthn.store.AdapterFiles` when one is given, so an evicted adapter comes back from disk
(checksum verified) instead of being recomputed, and nothing acknowledged is lost on restart.

Keys are `(user_id, kind, name)`, the same triple AdapterFiles and the Store use. This is the one
adapter store of the agent: profiles, skills, notes and memory segments all live here.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass

from agenthn.errors import AgentHNError, NotFoundError
from agenthn.model.adapter import Adapter
from agenthn.store import AdapterFiles, AdapterRecord

log = logging.getLogger(__name__)

Key = tuple[int, str, str]
DEFAULT_BUDGET = 256 * 2**20


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    disk_loads: int = 0
    evictions: int = 0
    writes: int = 0


class AdapterCache:
    """Thread-safe LRU of adapters by bytes; `files` (optional) makes it write-through to disk."""

    def __init__(self, budget_bytes: int = DEFAULT_BUDGET, files: AdapterFiles | None = None):
        if budget_bytes < 0:
            raise AgentHNError(f"adapter cache budget must be >= 0 bytes, got {budget_bytes}")
        self.budget_bytes = int(budget_bytes)
        self.files = files
        self.stats = CacheStats()
        self._items: OrderedDict[Key, Adapter] = OrderedDict()
        self._bytes = 0
        self._lock = threading.RLock()

    # ---- reading ------------------------------------------------------------------------------
    def get(self, user_id: int, kind: str, name: str) -> Adapter | None:
        """The adapter from memory, else from disk (then cached), else None."""
        key = (int(user_id), kind, name)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.stats.hits += 1
                return self._items[key]
            self.stats.misses += 1
        adapter = self._load(key)
        if adapter is not None:
            with self._lock:
                self.stats.disk_loads += 1
                self._insert(key, adapter)
        return adapter

    def _load(self, key: Key) -> Adapter | None:
        if self.files is None or self.files.store.find_adapter(*key) is None:
            return None
        return self.files.read(*key, loader=Adapter.load)  # CorruptAdapterError propagates: never guess

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    @property
    def bytes_used(self) -> int:
        return self._bytes

    def keys(self) -> list[Key]:
        """Cached keys, least recently used first."""
        with self._lock:
            return list(self._items)

    # ---- writing ------------------------------------------------------------------------------
    def put(self, user_id: int, kind: str, name: str, adapter: Adapter, persist: bool = True
            ) -> AdapterRecord | None:
        """Cache `adapter` (and write it to disk first when persisting, so a crash loses nothing)."""
        key = (int(user_id), kind, name)
        record = None
        if persist and self.files is not None:
            record = self.files.write(*key, writer=adapter.save, base_model=adapter.meta.base_model,
                                      hypernet_id=adapter.meta.hypernet_id)
            self.stats.writes += 1
        with self._lock:
            self._insert(key, adapter)
        return record

    def _insert(self, key: Key, adapter: Adapter) -> None:
        self._pop(key)
        size = adapter.size_bytes
        if size > self.budget_bytes:
            # Bigger than the whole budget: keeping it would evict everyone else for one entry.
            log.warning("adapter %s is %d bytes, over the cache budget of %d: disk only", key, size,
                        self.budget_bytes)
            return
        self._items[key] = adapter
        self._bytes += size
        while self._bytes > self.budget_bytes:
            old, _ = next(iter(self._items.items()))
            self._pop(old)
            self.stats.evictions += 1
            log.debug("evicted adapter %s (cache at %d/%d bytes)", old, self._bytes, self.budget_bytes)

    def _pop(self, key: Key) -> Adapter | None:
        adapter = self._items.pop(key, None)
        if adapter is not None:
            self._bytes -= adapter.size_bytes
        return adapter

    def evict(self, user_id: int, kind: str, name: str) -> bool:
        """Drop from memory only (the disk copy stays); True when it was cached."""
        with self._lock:
            return self._pop((int(user_id), kind, name)) is not None

    def evict_where(self, user_id: int, kind: str | None = None, names: list[str] | None = None) -> int:
        """Drop from memory every cached adapter of the user (of `kind`, of `names`); returns how many.
        Forgetting uses it after the records and files are gone."""
        with self._lock:
            keys = [k for k in self._items if k[0] == int(user_id) and kind in (None, k[1])
                    and (names is None or k[2] in names)]
            for k in keys:
                self._pop(k)
            return len(keys)

    def delete(self, user_id: int, kind: str, name: str) -> None:
        """Drop from memory and from disk (record and file), e.g. when a profile becomes empty."""
        self.evict(user_id, kind, name)
        if self.files is None:
            return
        record = self.files.store.find_adapter(int(user_id), kind, name)
        if record is None:
            raise NotFoundError(f"adapter {kind}/{name} not found")
        self.files.delete(int(user_id), record.id)
