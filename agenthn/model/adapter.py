"""An adapter is a value: per target module, A [L, R, d_in] and B [L, R, d_out], a scale, and
provenance. It is passed into forward/generate, never patched into a model.

    delta W_l (module m) = scale * B_l^T @ A_l        (rank-major factors, as Doc-to-LoRA stores them)

Composition is rank concatenation, i.e. the sum of the deltas. The hypernetwork's static
(document-independent) block occupies the last `n_static` ranks and is kept once when composing,
as D2L does when it combines chunks.

`Provenance` holds what an adapter is and every fact about it that changes behaviour, typed; on disk
it is the flat JSON `meta` header older files carry too, so both load the same way.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import save_file

from agenthn.errors import AdapterMismatchError, CorruptAdapterError

FORMAT = "agenthn-adapter"
KEY = "gate_key"  # the relevance gate's key in an adapter file (no module is named so: modules are "x.A")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _tensor_digest(tensors: dict[str, torch.Tensor]) -> str:
    h = hashlib.sha256()
    for k in sorted(tensors):
        h.update(k.encode())
        h.update(tensors[k].contiguous().view(torch.uint8).numpy().tobytes())
    return h.hexdigest()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass
class Provenance:
    source_hash: str = ""       # text_hash of the document (of the parts' hashes for a composition)
    base_model: str = ""        # the model it was made for: applying it elsewhere is an error
    hypernet_id: str = ""
    created_at: str = field(default_factory=_now)
    n_static: int = 0           # the last n_static ranks are the static block, kept once by compose
    targets: dict[str, str] = field(default_factory=dict)  # short module name -> path in a layer
    layer_prefix: str = ""
    components: list = field(default_factory=list)  # source hashes of the composed parts
    # Rank spans of separately retrievable parts (profile facts, note items): [{"line", "span"}],
    # and the span used on every turn; `select_entries` picks parts by them.
    entries: list[dict] | None = None
    always_span: list[int] | None = None
    revision: int = 0           # the source's edit id this adapter reflects (profiles): newer = stale
    cache_key: str = ""         # an identity the caller vouches for (device cache)
    extra: dict = field(default_factory=dict)  # informational only: counts, names, never read back

    def to_dict(self) -> dict:
        d = {k: v for k, v in asdict(self).items() if k != "extra" and v not in (None, "", [], {})}
        return {**self.extra, **d, "n_static": self.n_static}

    @classmethod
    def from_dict(cls, d: dict) -> Provenance:
        d = dict(d)
        if "profile_edit_id" in d:  # files written before `revision` existed
            d.setdefault("revision", d.pop("profile_edit_id"))
        known = {f.name for f in fields(cls)} - {"extra"}
        kw = {k: v for k, v in d.items() if k in known and v is not None}
        return cls(**kw, extra={k: v for k, v in d.items() if k not in known})

    def but(self, **changes) -> Provenance:
        """A copy with some fields changed (provenance is shared by value, never mutated in place)."""
        return Provenance(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **changes})


@dataclass
class Adapter:
    A: dict[str, torch.Tensor]
    B: dict[str, torch.Tensor]
    scale: float
    meta: Provenance = field(default_factory=Provenance)
    # The document's encoder states at the relevance gate's layers, [layers, tokens, d] fp16
    # (engine/gate.py): read only to decide whether a question concerns this adapter; None: always applied.
    key: torch.Tensor | None = None

    def __post_init__(self):
        if set(self.A) != set(self.B):
            raise AdapterMismatchError(f"adapter modules differ between A {sorted(self.A)} and B "
                                       f"{sorted(self.B)}")
        for m in self.A:
            a, b = self.A[m], self.B[m]
            if a.dim() != 3 or b.dim() != 3 or a.shape[:2] != b.shape[:2]:
                raise AdapterMismatchError(
                    f"module {m!r}: A {tuple(a.shape)} and B {tuple(b.shape)} disagree on [layers, rank]"
                )
        if isinstance(self.meta, dict):
            self.meta = Provenance.from_dict(self.meta)

    # ---- shape facts -------------------------------------------------------------------------
    @property
    def modules(self) -> list[str]:
        return sorted(self.A)

    @property
    def rank(self) -> int:
        return next(iter(self.A.values())).shape[1] if self.A else 0

    @property
    def num_layers(self) -> int:
        return next(iter(self.A.values())).shape[0] if self.A else 0

    def dims(self) -> dict[str, tuple[int, int, int]]:
        """module -> (L, d_in, d_out): what must match between adapters and models."""
        return {m: (self.A[m].shape[0], self.A[m].shape[2], self.B[m].shape[2]) for m in self.A}

    @property
    def size_bytes(self) -> int:
        return sum(t.numel() * t.element_size() for d in (self.A, self.B) for t in d.values())

    def delta(self, module: str, layer: int) -> torch.Tensor:
        """The dense weight update [d_out, d_in] this adapter adds to one module of one layer."""
        return self.scale * self.B[module][layer].float().T @ self.A[module][layer].float()

    # ---- value operations --------------------------------------------------------------------
    def scaled(self, s: float) -> Adapter:
        """The same adapter with its delta multiplied by s (folded into B)."""
        return Adapter(self.A, {m: b * s for m, b in self.B.items()}, self.scale, self.meta.but(), self.key)

    def to(self, device=None, dtype=None) -> Adapter:
        mv = lambda t: t.to(device=device, dtype=dtype)  # noqa: E731
        return Adapter({m: mv(a) for m, a in self.A.items()}, {m: mv(b) for m, b in self.B.items()},
                       self.scale, self.meta.but(), self.key)  # the key stays on the host, in fp16

    def split_static(self) -> tuple[Adapter, Adapter | None]:
        n = self.meta.n_static
        if n == 0:
            return self, None
        keep = self.rank - n
        dyn = Adapter({m: a[:, :keep] for m, a in self.A.items()},
                      {m: b[:, :keep] for m, b in self.B.items()},
                      self.scale, self.meta.but(n_static=0), self.key)
        static = Adapter({m: a[:, keep:] for m, a in self.A.items()},
                         {m: b[:, keep:] for m, b in self.B.items()},
                         self.scale, self.meta.but(n_static=n))
        return dyn, static

    def pick(self, spans: list[tuple[int, int]]) -> Adapter:
        """The sub-adapter made of these [start, end) rank spans of the dynamic part, plus the static
        block: one part of a composition, taken back out without running the hypernetwork again."""
        dyn = self.rank - self.meta.n_static
        if any(not 0 <= s < e <= dyn for s, e in spans):
            raise AdapterMismatchError(f"rank spans {spans} fall outside the dynamic rank {dyn}")
        idx = torch.tensor([i for s, e in spans for i in range(s, e)] + list(range(dyn, self.rank)),
                           dtype=torch.long)
        meta = self.meta.but(entries=None, always_span=None, extra={**self.meta.extra, "picked": spans})
        return Adapter({m: a[:, idx.to(a.device)] for m, a in self.A.items()},
                       {m: b[:, idx.to(b.device)] for m, b in self.B.items()}, self.scale, meta, self.key)

    # ---- PEFT interop --------------------------------------------------------------------------
    def to_peft(self, out_dir: str | Path, base_model_name_or_path: str | None = None) -> Path:
        """A standard PEFT LoRA folder (adapter_config.json + adapter_model.safetensors)."""
        from agenthn.model.peft_io import to_peft

        return to_peft(self, out_dir, base_model_name_or_path)

    @classmethod
    def from_peft(cls, peft_dir: str | Path) -> Adapter:
        from agenthn.model.peft_io import from_peft

        return from_peft(peft_dir)

    # ---- persistence ---------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Atomic write: temp file, fsync, rename. The header carries metadata and a checksum."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tensors = {f"{m}.A": a.detach().cpu().contiguous() for m, a in self.A.items()}
        tensors.update({f"{m}.B": b.detach().cpu().contiguous() for m, b in self.B.items()})
        if self.key is not None:
            tensors[KEY] = self.key.detach().cpu().contiguous()
        header = {"format": FORMAT, "scale": repr(float(self.scale)), "meta": json.dumps(self.meta.to_dict()),
                  "sha256": _tensor_digest(tensors)}
        tmp = path.with_name(path.name + f".tmp{os.getpid()}")
        save_file(tensors, str(tmp), metadata=header)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, path: str | Path) -> Adapter:
        path = Path(path)
        if not path.is_file():
            raise CorruptAdapterError(f"adapter file {str(path)!r} does not exist")
        try:
            with safe_open(str(path), framework="pt") as f:
                header = f.metadata() or {}
                tensors = {k: f.get_tensor(k) for k in f.keys()}  # noqa: SIM118 (safetensors' safe_open is not a dict)
        except Exception as e:  # truncated or garbled files raise several exception types
            raise CorruptAdapterError(f"adapter file {str(path)!r} is corrupt or truncated: {e}") from e
        if header.get("format") != FORMAT:
            raise CorruptAdapterError(f"{str(path)!r} is not an AgentHN adapter "
                                      f"(format={header.get('format')!r})")
        if _tensor_digest(tensors) != header.get("sha256"):
            raise CorruptAdapterError(f"adapter file {str(path)!r} fails its checksum")
        key = tensors.pop(KEY, None)
        mods = {k.rsplit(".", 1)[0] for k in tensors}
        return cls({m: tensors[f"{m}.A"] for m in mods}, {m: tensors[f"{m}.B"] for m in mods},
                   float(header["scale"]), Provenance.from_dict(json.loads(header["meta"])), key)


def compose(adapters: list[Adapter], weights: list[float] | None = None) -> Adapter:
    """Rank concatenation: the result's delta is sum_i w_i * delta_i (static block kept once).

    A weight scales the adapter's A factor; differing scales are folded into B so the result has
    one scale.
    """
    if not adapters:
        raise AdapterMismatchError("compose() needs at least one adapter")
    weights = [1.0] * len(adapters) if weights is None else list(weights)
    if len(weights) != len(adapters):
        raise AdapterMismatchError(f"compose(): {len(weights)} weights for {len(adapters)} adapters")
    first = adapters[0]
    check_compatible(adapters)
    static = next((s for s in (a.split_static()[1] for a in adapters) if s is not None), None)
    parts = [(a.split_static()[0], w) for a, w in zip(adapters, weights, strict=True)]
    if static is not None:
        parts.append((static, 1.0))
    # parts may sit on different devices (on a GPU server a segment read back from disk is on the host,
    # the hypernetwork's fresh static block on the GPU): the result lives where the first part does
    dev = next(iter(first.A.values())).device
    A = {m: torch.cat([(p.A[m] * w).to(dev) for p, w in parts], dim=1) for m in first.A}
    B = {m: torch.cat([(p.B[m] * (p.scale / first.scale)).to(dev) for p, _ in parts], dim=1) for m in first.A}
    components = [a.meta.source_hash for a in adapters]
    meta = Provenance(text_hash("|".join(components)), first.meta.base_model, first.meta.hypernet_id,
                      n_static=static.rank if static is not None else 0, targets=first.meta.targets,
                      layer_prefix=first.meta.layer_prefix, components=components)
    # a bare static block (memory stores it once per conversation) is no document: it has no key to add
    return Adapter(A, B, first.scale, meta,
                   combine_keys([a.key for a in adapters if a.rank > a.meta.n_static]))


def combine_keys(keys: list[torch.Tensor | None]) -> torch.Tensor | None:
    """The key of a composition: every part's tokens (the gate opens if any part concerns the question);
    None if any part has none, so a composition with an unkeyed part is always applied, as before."""
    if not keys or any(k is None for k in keys):
        return None
    return torch.cat([k.cpu() for k in keys], dim=1)


def check_compatible(adapters: list[Adapter]) -> None:
    """Adapters can be composed only on the same base model, hypernetwork and module shapes."""
    first = adapters[0]
    for a in adapters[1:]:
        for key in ("base_model", "hypernet_id"):
            x, y = getattr(first.meta, key), getattr(a.meta, key)
            if x and y and x != y:
                raise AdapterMismatchError(f"cannot compose adapters from different {key}: {x!r} vs {y!r}")
        if a.dims() != first.dims():
            raise AdapterMismatchError(f"module/shape mismatch: {first.dims()} vs {a.dims()}")
