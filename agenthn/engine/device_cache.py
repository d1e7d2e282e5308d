"""Adapter factors ready for batched decoding: `FactorCache`, an LRU (device and host tiers, byte
budgets), and the per-row slot buffers the LoRA hooks read. (Adapters themselves are stored by the
agent's AdapterCache; this caches only their folded, composed form for the engine.)

A request names an adapter or a list of adapters to compose. Its factors are folded once (one row
of `stack_adapters`) and cached under the ids of their ingredients, so a user whose
profile + memory + skills adapters are composed on every turn pays for the composition once. The
host tier keeps folded factors in (pinned) CPU memory; the device tier keeps them where the model
runs, from where joining a batch is a device-to-device copy into the row's slot.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass

import torch

from agenthn.model.adapter import Adapter, compose
from agenthn.model.lora import LoRABatch, stack_adapters

log = logging.getLogger(__name__)

_SAMPLE = 4096  # values per tensor hashed into an adapter's fingerprint


def adapter_key(adapter: Adapter) -> str:
    """A cheap identity for an adapter: its `meta.cache_key` if the caller set one, else its
    provenance plus a strided sample of every factor (so `scaled()` copies, which keep the same
    metadata, still get different keys)."""
    if adapter.meta.cache_key:
        return adapter.meta.cache_key
    h = hashlib.sha1()
    h.update(repr((adapter.meta.source_hash, adapter.meta.created_at, adapter.rank,
                   adapter.scale, adapter.meta.n_static)).encode())
    for m in adapter.modules:
        for t in (adapter.A[m], adapter.B[m]):
            flat = t.detach().reshape(-1)
            h.update(flat[:: max(1, flat.numel() // _SAMPLE)].float().cpu().numpy().tobytes())
    return h.hexdigest()[:24]


def spec_key(spec: Adapter | list[Adapter] | tuple | None) -> str | None:
    """Key of a request's adapter spec: composed adapters are keyed by their ingredients."""
    if spec is None:
        return None
    if isinstance(spec, Adapter):
        return adapter_key(spec)
    if not spec:
        return None
    return "+".join(adapter_key(a) for a in spec)


@dataclass
class Factors:
    """Folded per-module factors: A [L, R, d_in], B [L, R, d_out] (scale folded into B)."""

    key: str
    A: dict[str, torch.Tensor]
    B: dict[str, torch.Tensor]
    rank: int

    @property
    def nbytes(self) -> int:
        return sum(t.numel() * t.element_size() for d in (self.A, self.B) for t in d.values())

    def to(self, device, pin: bool = False) -> Factors:
        def mv(t):
            t = t.to(device, non_blocking=False)
            return t.pin_memory() if pin else t

        return Factors(self.key, {m: mv(a) for m, a in self.A.items()}, {m: mv(b) for m, b in self.B.items()},
                       self.rank)


def fold(key: str, spec: Adapter | list[Adapter], dtype=torch.float32) -> Factors:
    """Compose, then fold the scale into B: one row of `stack_adapters`, so batched rows are
    bit-identical to a LoRABatch built for the same adapter."""
    a = compose(list(spec)) if isinstance(spec, (list, tuple)) else spec
    row = stack_adapters([a], "cpu", dtype)
    if row is None:  # rank 0: nothing to add
        return Factors(key, {}, {}, 0)
    return Factors(key, {m: t[0] for m, t in row.A.items()}, {m: t[0] for m, t in row.B.items()}, a.rank)


class _LRU:
    def __init__(self, budget: int):
        self.budget, self.used, self.items = budget, 0, OrderedDict()

    def get(self, key):
        f = self.items.get(key)
        if f is not None:
            self.items.move_to_end(key)
        return f

    def put(self, f: Factors) -> None:
        if f.key in self.items or f.nbytes > self.budget:
            return
        self.items[f.key] = f
        self.used += f.nbytes
        while self.used > self.budget:
            _, old = self.items.popitem(last=False)
            self.used -= old.nbytes


class FactorCache:
    """Two-tier LRU of folded factors. `host(spec)` (any thread) composes and folds on the CPU;
    `on_device(factors)` (the thread that runs the model) returns the device copy."""

    def __init__(self, device, device_bytes: int = 2 << 30, host_bytes: int = 8 << 30, dtype=torch.float32):
        self.device, self.dtype = torch.device(device), dtype
        self._host, self._dev = _LRU(host_bytes), _LRU(device_bytes)
        self._lock = threading.Lock()
        self.hits = {"host": 0, "device": 0}
        self.misses = {"host": 0, "device": 0}

    def host(self, spec) -> Factors | None:
        key = spec_key(spec)
        if key is None:
            return None
        with self._lock:
            f = self._host.get(key)
            self._count("host", f)
        if f is None:
            f = fold(key, spec, self.dtype)
            if self.device.type == "cuda":
                f = f.to("cpu", pin=True)
            with self._lock:
                self._host.put(f)
        return f

    def on_device(self, f: Factors | None) -> Factors | None:
        if f is None or self.device.type == "cpu":
            return f
        with self._lock:
            d = self._dev.get(f.key)
            self._count("device", d)
        if d is None:
            d = f.to(self.device)
            with self._lock:
                self._dev.put(d)
        return d

    def clear(self) -> int:
        """Drop every folded factor in both tiers (forgetting: a composition's key is derived from its
        ingredients' contents, so the entries built from a forgotten adapter cannot be named one by one;
        refolding the others costs milliseconds). Returns how many entries went."""
        with self._lock:
            n = len(self._host.items) + len(self._dev.items)
            for tier in (self._host, self._dev):
                tier.items.clear()
                tier.used = 0
        return n

    def _count(self, tier: str, found) -> None:
        (self.hits if found is not None else self.misses)[tier] += 1

    def stats(self) -> dict:
        with self._lock:
            return {"host_entries": len(self._host.items), "host_bytes": self._host.used,
                    "device_entries": len(self._dev.items), "device_bytes": self._dev.used,
                    "hits": dict(self.hits), "misses": dict(self.misses)}


class LoRASlots:
    """Per-row factor buffers [slots, L, R, d] the LoRA hooks read through views of the first rows.
    R grows to the largest rank seen (rounded up to 8); rows with smaller ranks are zero-padded,
    and zero ranks add exactly nothing."""

    def __init__(self, targets: dict[str, tuple[str, int, int]], n_layers: int, slots: int, device, dtype):
        self.targets, self.n_layers, self.slots = targets, n_layers, slots
        self.device, self.dtype = device, dtype
        self.rank = 0
        self.A: dict[str, torch.Tensor] = {}
        self.B: dict[str, torch.Tensor] = {}
        self.generation = 0

    def _grow(self, rank: int) -> None:
        new = -(-rank // 8) * 8
        A, B = {}, {}
        for m, (_, d_in, d_out) in self.targets.items():
            A[m] = torch.zeros(self.slots, self.n_layers, new, d_in, device=self.device, dtype=self.dtype)
            B[m] = torch.zeros(self.slots, self.n_layers, new, d_out, device=self.device, dtype=self.dtype)
            if self.rank:
                A[m][:, :, : self.rank].copy_(self.A[m])
                B[m][:, :, : self.rank].copy_(self.B[m])
        self.A, self.B, self.rank = A, B, new
        self.generation += 1
        log.debug("LoRA slots: rank %d, %.1f MiB", new, self.nbytes / 2**20)

    @property
    def nbytes(self) -> int:
        return sum(t.numel() * t.element_size() for d in (self.A, self.B) for t in d.values())

    def put(self, slot: int, f: Factors | None) -> None:
        if f is not None and f.rank > self.rank:
            self._grow(f.rank)
        for m in self.A:
            self.A[m][slot].zero_()
            self.B[m][slot].zero_()
            if f is not None and m in f.A:
                self.A[m][slot, :, : f.rank].copy_(f.A[m])
                self.B[m][slot, :, : f.rank].copy_(f.B[m])

    def zero_from(self, first: int) -> None:
        """Zero the slots from `first` on (slots no running row uses)."""
        for d in (self.A, self.B):
            for t in d.values():
                t[first:].zero_()

    def move(self, src: int, dst: int) -> None:
        for d in (self.A, self.B):
            for t in d.values():
                t[dst].copy_(t[src])

    def batch(self, rows: slice) -> LoRABatch:
        return LoRABatch({m: a[rows] for m, a in self.A.items()}, {m: b[rows] for m, b in self.B.items()})
