"""Functional LoRA: forward hooks installed once at load read the adapter of the *current call*.

The adapter rides in a ContextVar that is set only around a single forward call, so the model
object is never mutated per adapter, concurrent threads cannot see each other's adapters, and with
no adapter set the hooks return None: the output is exactly the base model's. Each batch row may
carry its own factors (`LoRABatch`, rows padded to a common rank with zeros, which add nothing).
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial

import torch
from torch import nn

from agenthn.errors import AdapterMismatchError
from agenthn.model.adapter import Adapter

# Short names accepted for target modules, mapped to their path inside a decoder layer
# (the same names in Gemma-2, Llama, Mistral and Qwen).
MODULE_PATHS = {
    "down_proj": "mlp.down_proj", "up_proj": "mlp.up_proj", "gate_proj": "mlp.gate_proj",
    "q_proj": "self_attn.q_proj", "k_proj": "self_attn.k_proj", "v_proj": "self_attn.v_proj",
    "o_proj": "self_attn.o_proj",
}


@dataclass
class LoRABatch:
    """Per-row factors ready for the hooks: A [N, L, R, d_in], B [N, L, R, d_out], scale folded in B."""

    A: dict[str, torch.Tensor]
    B: dict[str, torch.Tensor]
    # Packed rows (agenthn.train.packing): one sequence [1, N, d] whose row i spans `sizes[i]` tokens and
    # ends at `offs[i]` (int32, on the factors' device); None for a batch of rows [N, T, d].
    offs: torch.Tensor | None = None
    sizes: tuple[int, ...] | None = None
    _layers: dict = field(default_factory=dict, repr=False, compare=False)

    def layer(self, key: str, layer: int) -> tuple[torch.Tensor, torch.Tensor]:
        """One layer's (A, B). The factors are split into per-layer views once per batch: indexing
        `A[:, layer]` in every hook made autograd build a zero tensor of the whole [N, L, R, d] size per
        layer and add them all up in training (the largest elementwise cost of a step); the backward of
        one unbind is a single stack."""
        if key not in self._layers:
            self._layers[key] = (self.A[key].unbind(1), self.B[key].unbind(1))
        a, b = self._layers[key]
        return a[layer], b[layer]


_ACTIVE: ContextVar[LoRABatch | None] = ContextVar("agenthn_lora", default=None)


@contextlib.contextmanager
def use_lora(batch: LoRABatch | None):
    token = _ACTIVE.set(batch)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def _hook(module: nn.Module, args, output, *, key: str, layer: int):
    batch = _ACTIVE.get()
    if batch is None or key not in batch.A:
        return None
    x = args[0]
    A, B = batch.layer(key, layer)  # [N, R, d_in], [N, R, d_out]
    if batch.offs is not None:  # in the base's own dtype: bfloat16 on a GPU, as autocast runs the padded path
        return output + _spans(x[0], A.to(x.dtype), B.to(x.dtype), batch.offs, batch.sizes)[None]
    h = torch.matmul(x.to(A.dtype), A.transpose(-1, -2))  # [N, T, R]; N=1 broadcasts over rows
    return output + torch.matmul(h, B).to(output.dtype)


def _spans(x: torch.Tensor, A: torch.Tensor, B: torch.Tensor, offs: torch.Tensor, sizes) -> torch.Tensor:
    """x [n, d_in] whose row i's tokens end at offs[i], times row i's own factors: [n, d_out]. In
    bfloat16 (training on a GPU) two grouped matrix products, one kernel each whatever the number of
    rows (the factor operand column-major, as the kernel wants, and the rank padded to 8 for its 16-byte
    alignment); in other dtypes, which the kernel does not take, a product per row."""
    if x.dtype != torch.bfloat16:
        return torch.cat([part @ a.T @ b for part, a, b in zip(x.split(list(sizes)), A, B, strict=True)])
    pad = -A.shape[1] % 8
    if pad:
        A, B = (torch.nn.functional.pad(f, (0, 0, 0, pad)) for f in (A, B))
    h = torch._grouped_mm(x, A.transpose(-1, -2), offs=offs)
    return torch._grouped_mm(h, B.transpose(-1, -2).contiguous().transpose(-1, -2), offs=offs)


def find_layers(model: nn.Module) -> tuple[str, nn.ModuleList]:
    """The decoder-layer list (`model.layers` in every supported family), found by shape not by name."""
    n = model.config.num_hidden_layers
    for name, mod in model.named_modules():
        if isinstance(mod, nn.ModuleList) and len(mod) == n and name.endswith("layers"):
            return name, mod
    raise AdapterMismatchError(f"no decoder layer list of length {n} in {type(model).__name__}")


def resolve_targets(model: nn.Module, targets: list[str]) -> dict[str, tuple[str, int, int]]:
    """short name -> (path inside a layer, d_in, d_out); every layer must have the module as nn.Linear."""
    _, layers = find_layers(model)
    out = {}
    for t in targets:
        path = MODULE_PATHS.get(t, t)
        short = path.rsplit(".", 1)[-1]
        try:
            mods = [layer.get_submodule(path) for layer in layers]
        except AttributeError as e:
            raise AdapterMismatchError(f"target module {t!r} ({path}) not found in the decoder layers") from e
        if not all(isinstance(m, nn.Linear) for m in mods):
            raise AdapterMismatchError(f"target module {t!r} is not nn.Linear in every layer")
        out[short] = (path, mods[0].in_features, mods[0].out_features)
    return out


def install_hooks(model: nn.Module, targets: dict[str, tuple[str, int, int]]) -> list:
    _, layers = find_layers(model)
    handles = []
    for short, (path, _, _) in targets.items():
        for i, layer in enumerate(layers):
            hook = partial(_hook, key=short, layer=i)
            handles.append(layer.get_submodule(path).register_forward_hook(hook))
    return handles


def stack_adapters(rows: list[Adapter | None], device, dtype=torch.float32) -> LoRABatch | None:
    """One LoRABatch from per-row adapters (None = base model for that row)."""
    present = [a for a in rows if a is not None and a.rank > 0]
    if not present:
        return None
    R = max(a.rank for a in present)
    dims = {}
    for a in present:
        dims.update(a.dims())
    A, B = {}, {}
    for m, (L, d_in, d_out) in dims.items():
        A[m] = torch.zeros(len(rows), L, R, d_in, device=device, dtype=dtype)
        B[m] = torch.zeros(len(rows), L, R, d_out, device=device, dtype=dtype)
        for i, a in enumerate(rows):
            if a is not None and m in a.A:
                r = a.rank
                A[m][i, :, :r] = a.A[m].to(device, dtype)
                B[m][i, :, :r] = (a.B[m].to(device, dtype) * a.scale)
    return LoRABatch(A, B)
