"""A packed pass of a Llama-family base, one compiled function per decoder layer (`hyper.compiled_layers`).

The training step runs the base 4-6 times, and each pass goes through transformers' modules: per layer
a norm, four projections, the rotary embedding, the attention call, the MLP and two residual adds, each
a module call with its hooks and several small kernels. The step's profile is mostly such elementwise
kernels and their launches (matrix products 21% of GPU time, copies 15%; session 42), and the host,
launching them, sets the pace of the loop (session 38). Here a decoder layer is one function of its
weights, written out, so `torch.compile` can fuse each layer's elementwise work into few kernels and
launch them from one call; every layer runs the same compiled code (its weights are inputs).

What it computes is what `objective._packed_hidden` computes through the model's modules: the same
weights, the same rotary embedding module, variable-length flash attention over each row's span, and
each row's adapter over its own span (grouped products, `lora._spans`). The LoRA factors arrive as
arguments, not through the hooks' context variable, which `torch.compile` cannot read. A test checks
the hidden states and the factors' gradients against the modules' pass.

The encoder's features pass (each layer's input over the documents' chunks, about 16% of a step's GPU
time in session 16's profile) runs through the same layer (`layer_inputs`), its chunks packed too.
"""

from __future__ import annotations

import functools

import numpy as np
import torch
import torch.nn.functional as F

from agenthn.engine.features import to_device
from agenthn.errors import AgentHNError
from agenthn.model.lora import LoRABatch, _spans
from agenthn.train import packing
from agenthn.train.common import _allow_variants, _rms_norm, _rotate_half
from agenthn.train.data import Encoded

ATTR = "agenthn_compiled_layers"  # the base's attribute holding the compiled layer (install sets it)


def supported(base) -> str | None:
    """Why `base` cannot take the written-out layer (None when it can): Llama's layer exactly."""
    c = base.config
    if type(base).__name__ != "LlamaForCausalLM":
        return f"{type(base).__name__} is not a Llama model"
    if getattr(c, "attention_bias", False) or getattr(c, "mlp_bias", False):
        return "its projections have biases"
    if getattr(c, "hidden_act", "silu") != "silu":
        return f"its activation is {c.hidden_act!r}, not silu"
    return None


def install(base, backend: str = "inductor") -> None:
    """Give `base` its compiled layer: `objective._packed_hidden` then runs packed passes through it."""
    why = supported(base)
    if why is not None:
        raise AgentHNError(f"hyper.compiled_layers: {why}; train with --set hyper.compiled_layers=false")
    setattr(base, ATTR, _compiled(backend))


@functools.cache
def _compiled(backend: str):
    """The one compiled layer function (per backend): every base and layer shares its compiled code."""
    _allow_variants()
    return torch.compile(_layer, dynamic=True, backend=backend)


def uninstall(base) -> None:
    if hasattr(base, ATTR):
        delattr(base, ATTR)


def packed_hidden(base, batch: dict, lora: LoRABatch | None, attend=None) -> torch.Tensor:
    """The final hidden states at the batch's target positions ([n_targets, H]) of a packed pass
    (`packing.pack_host`), each row under its own adapter (`lora`, already one row per packed row).
    `attend(q, k, v, cu, longest, scale)` replaces the attention (a float32 reference: flash takes none)."""
    layer_fn, h, args = _packed_start(base, batch, attend)
    for i, layer in enumerate(base.model.layers):
        factors = {k: lora.layer(k, i) for k in lora.A} if lora is not None else None
        h = layer_fn(layer, h, *args, factors, lora.offs if lora is not None else None,
                     lora.sizes if lora is not None else None)
    return base.model.norm(h.index_select(0, batch["at"]))


@torch.inference_mode()
def layer_inputs(base, chunks: list[list[int]], n: int) -> tuple[torch.Tensor, torch.Tensor]:
    """`D2LModel.features(chunks, causal_only=True)` through the compiled layer: the inputs of decoder
    layers 0..n-1 ([N, n, T, H], right-padded with zeros, the last slice through the final norm) and the
    padding mask [N, T]. The chunks run packed, so no token is padding in the base's pass."""
    device = base.model.embed_tokens.weight.device
    batch = packing.pack_host([Encoded(np.asarray(c, np.int64), np.zeros(len(c), np.uint8)) for c in chunks])
    batch = {k: to_device(v, device) if torch.is_tensor(v) else v for k, v in batch.items()}
    T = batch["max_len"]
    mask = (torch.arange(T)[None] < torch.tensor(batch["lengths"])[:, None]).long()
    slots = to_device(torch.nonzero(mask.flatten()).squeeze(1), device)  # each token's place in N x T
    layer_fn, h, args = _packed_start(base, batch)
    hs = [h]
    for layer in base.model.layers[: n - 1]:  # the last captured input needs no layer after it
        hs.append(layer_fn(layer, hs[-1], *args, None, None, None))
    hs[-1] = base.model.norm(hs[-1])
    out = h.new_zeros(len(chunks), n, T, h.shape[-1])
    out[slots // T, :, slots % T] = torch.stack(hs, dim=1)
    return out, to_device(mask, device)


def _packed_start(base, batch: dict, attend=None) -> tuple:
    """What both packed passes begin with: the layer function, the embedded tokens [N, H], and the
    arguments every layer takes after them (rotary cos and sin [N, 1, D], the rows' bounds, attention)."""
    m = base.model
    h = m.embed_tokens(batch["input_ids"][0])
    cos, sin = (t[0, :, None] for t in m.rotary_emb(h[None], batch["position_ids"]))  # broadcast over heads
    attend = attend or _attention_fn(h.is_cuda)
    return getattr(base, ATTR, _layer), h, (cos, sin, batch["cu"], batch["max_len"], attend)


@functools.cache
def _attention_fn(cuda: bool):
    """Attention over packed rows: variable-length flash on a GPU, a block-diagonal mask on a CPU.
    Resolved here, outside the compiled layer (the flash wrapper looks its keywords up once)."""
    if not cuda:
        return _masked
    varlen = packing.varlen()
    return lambda q, k, v, cu, longest, scale: packing.flash(q, k, v, cu, longest, scale, varlen)


def _masked(q, k, v, cu, longest, scale):
    return packing.masked(*(t.transpose(0, 1)[None] for t in (q, k, v)), cu, scale)[0].transpose(0, 1)


def rowwise(q, k, v, cu, longest, scale) -> torch.Tensor:
    """Causal attention over each row's span on its own (q [N, H, D]; k, v [N, H_kv, D]), in any dtype:
    the attention of a float32 reference pass (`scripts/bench_fastpass.py --reference`), which the flash
    kernels cannot run. `_masked` computes the same in one call, but with one mask over all N tokens its
    scores are N x N per head and layer (25,436 tokens at a training step's student pass)."""
    out = []
    for s, e in zip(cu[:-1].tolist(), cu[1:].tolist(), strict=True):
        qs, ks, vs = (t[s:e].transpose(0, 1)[None] for t in (q, k, v))
        out.append(F.scaled_dot_product_attention(qs, ks, vs, is_causal=True, scale=scale,
                                                  enable_gqa=True)[0].transpose(0, 1))
    return torch.cat(out)


def _layer(layer, h, cos, sin, cu, longest, attend, factors, offs, sizes):
    """One decoder layer over a packed sequence h [N, H]: Llama's pre-norm attention and MLP blocks."""
    a = layer.self_attn
    x = _norm(layer.input_layernorm, h)
    n, d = x.shape[0], a.head_dim
    q = _linear(x, a.q_proj.weight, factors, "q_proj", offs, sizes).view(n, -1, d)
    k = _linear(x, a.k_proj.weight, factors, "k_proj", offs, sizes).view(n, -1, d)
    v = _linear(x, a.v_proj.weight, factors, "v_proj", offs, sizes).view(n, -1, d)
    q, k = q * cos + _rotate_half(q) * sin, k * cos + _rotate_half(k) * sin
    o = attend(q, k, v, cu, longest, a.scaling).reshape(n, -1)
    h = h + _linear(o, a.o_proj.weight, factors, "o_proj", offs, sizes)
    mlp = layer.mlp
    x = _norm(layer.post_attention_layernorm, h)
    act = F.silu(_linear(x, mlp.gate_proj.weight, factors, "gate_proj", offs, sizes)) * _linear(
        x, mlp.up_proj.weight, factors, "up_proj", offs, sizes)
    return h + _linear(act, mlp.down_proj.weight, factors, "down_proj", offs, sizes)


def _linear(x, weight, factors, key: str, offs, sizes):
    """x W^T, plus each row's adapter over its span where `key` is adapted (the hook's sum, in x's dtype)."""
    y = F.linear(x, weight)
    if factors is None or key not in factors:
        return y
    A, B = factors[key]
    return y + _spans(x, A.to(x.dtype), B.to(x.dtype), offs, sizes)


def _norm(norm, x):
    """Llama's RMSNorm, as the module computes it (`common._rms_norm`)."""
    return _rms_norm(x, norm.weight, norm.variance_epsilon)
