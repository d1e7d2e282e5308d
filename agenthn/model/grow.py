"""Grow a trained hypernetwork into a wider one that computes the same adapters at the start.

Device time comes in pieces, so a wider adapter (more target modules, more rank, more encoder
latents) is trained from the shipped hypernetwork instead of from scratch. Every tensor is mapped so
the grown network's first adapters equal the old ones:

- new target modules and new rank rows get zero `scaler_B` and zero `bias_B`: they add nothing yet;
- old rank rows keep their values, with `scaler_B` and `bias_B` rescaled by old alpha / new alpha
  (alpha grows with rank, and the engine multiplies the whole delta by it);
- a wider head (`head_extra`) keeps the old extra columns; new ones read through zero `head_extra`;
- a module keeps its kind of head (per layer or `shared_head`); a new module may take either;
- encoder latents grow by a whole factor, each old latent repeated: the decoder's cross-attention over
  k equal copies of every key gives exactly the old weights. A little noise breaks the copies' symmetry
  (identical rows would get identical gradients forever);
- a deeper Perceiver (more blocks, or self-attention layers between the cross-attention ones) keeps each
  old layer at its place in its block; a new layer starts as the identity: its two post-norms' weights
  are zero, so it adds nothing to the latents (sandwich norm: `x + post_norm(f(x))`) until they grow.
  `new_layers` names them, so the trainer can give them a larger learning rate (`hyper.new_lr_mult`).
"""

from __future__ import annotations

import torch

from agenthn.errors import AgentHNError
from agenthn.model.config import HypernetConfig

# tensors mapped piece by piece; every other tensor is the shared trunk, the same shape in both
GROWN = ("head", "scaler_", "bias_", "aggregator.decoder.latents_q", "aggregator.encoder.latents_q")
# must be equal between the old and the grown network (everything else may only grow)
SAME = ("num_layers", "feature_size", "latent_size", "n_heads", "head_dim", "n_kv_heads", "modality_hidden",
        "perceiver_mlp_hidden", "pre_head_hidden", "num_pre_head_layers", "use_bias")
# may only grow, with the Perceiver's layers remapped (`_layer_map`)
DEEPER = ("num_blocks", "num_self_attn_per_block")
RESAMPLERS = ("aggregator.encoder", "aggregator.decoder")


def check_growable(old: HypernetConfig, new: HypernetConfig) -> None:
    """Raise naming the first field that cannot be grown from `old` into `new`."""
    for f in SAME:
        if getattr(old, f) != getattr(new, f):
            raise AgentHNError(f"cannot grow the hypernetwork: {f} differs (init {getattr(old, f)} vs "
                               f"{getattr(new, f)})")
    for f in DEEPER:
        if getattr(new, f) < getattr(old, f):
            raise AgentHNError(f"cannot grow the hypernetwork: {f} {getattr(new, f)} < init's "
                               f"{getattr(old, f)}")
    for m in old.modules:
        if m not in new.in_features:
            raise AgentHNError(f"cannot grow the hypernetwork: target module {m!r} missing from "
                               f"{new.modules}")
        if (old.in_features[m], old.out_features[m]) != (new.in_features[m], new.out_features[m]):
            raise AgentHNError(f"cannot grow the hypernetwork: {m} sizes differ")
        if (m in old.shared_head) != (m in new.shared_head):
            raise AgentHNError(f"cannot grow the hypernetwork: {m}'s head is "
                               f"{'shared' if m in old.shared_head else 'per layer'} in the init; "
                               f"shared_head {list(new.shared_head)} would change it")
    if new.lora_r < old.lora_r:
        raise AgentHNError(f"cannot grow the hypernetwork: lora_r {new.lora_r} < init's {old.lora_r}")
    if new.head_extra < old.head_extra:
        raise AgentHNError(f"cannot grow the hypernetwork: head_extra {new.head_extra} < init's "
                           f"{old.head_extra}")
    if new.n_latent_queries % old.n_latent_queries:
        raise AgentHNError(f"cannot grow the hypernetwork: n_latent_queries {new.n_latent_queries} is not a "
                           f"multiple of init's {old.n_latent_queries}")


def grow_state(state: dict[str, torch.Tensor], old: HypernetConfig, new_state: dict[str, torch.Tensor],
               new: HypernetConfig, noise: float = 1e-3) -> dict[str, torch.Tensor]:
    """`new_state` (a freshly initialised grown network's state) with the old network's weights in place."""
    check_growable(old, new)
    out = dict(new_state)
    # load_state_dict checks shapes
    out.update({k: v.clone() for k, v in state.items() if not k.startswith(GROWN + RESAMPLERS)})
    _grow_layers(out, state, old, new)
    for k in ("head", "head_shared", "head_gain", "aggregator.decoder.latents_q"):
        if k in out:
            out[k] = out[k].clone()
    if new.head_extra:
        out["head_extra"] = torch.zeros_like(out["head_extra"])
        if old.head_extra:
            out["head_expand"] = out["head_expand"].clone()
            out["head_expand"][:, :, : old.head_extra] = state["head_expand"]
    enc = state["aggregator.encoder.latents_q"]
    k = new.n_latent_queries // old.n_latent_queries
    rep = enc.repeat(k, 1)  # noise only breaks the symmetry of copies: none when nothing is copied
    out["aggregator.encoder.latents_q"] = rep + noise * enc.std() * torch.randn_like(rep) if k > 1 else rep
    ratio = float(old.lora_alpha) / float(new.lora_alpha)
    r = old.lora_r
    for i, m in enumerate(old.modules):
        j = new.modules.index(m)
        _grow_module(out, state, m, i, j, r, new.lora_r, ratio)
        _grow_head(out, state, m, old, new)
    for m in new.modules:
        if m not in old.modules:
            out[f"scaler_B.{m}"] = torch.zeros_like(out[f"scaler_B.{m}"])
            if new.use_bias:
                out[f"bias_B.{m}"] = torch.zeros_like(out[f"bias_B.{m}"])
    return out


def _layer_map(old: HypernetConfig, new: HypernetConfig, blocks: int) -> dict[int, int]:
    """Old Perceiver layer index -> new index, for a resampler of `blocks` blocks (the decoder has one):
    layer p of block b stays layer p of block b."""
    per_old, per_new = 1 + old.num_self_attn_per_block, 1 + new.num_self_attn_per_block
    return {b * per_old + p: b * per_new + p for b in range(blocks) for p in range(per_old)}


def new_layers(old: HypernetConfig, new: HypernetConfig) -> list[str]:
    """Name prefixes of the Perceiver layers that a growth from `old` to `new` adds."""
    out = []
    for prefix, (n_old, n_new) in zip(RESAMPLERS, ((old.num_blocks, new.num_blocks), (1, 1)), strict=True):
        kept = set(_layer_map(old, new, n_old).values())
        n_layers = n_new * (1 + new.num_self_attn_per_block)
        out += [f"{prefix}.layers.{i}." for i in range(n_layers) if i not in kept]
    return out


def _grow_layers(out: dict, state: dict, old: HypernetConfig, new: HypernetConfig) -> None:
    """Old resampler layers into their new places; every new layer silent (zero post-norm weights)."""
    for prefix, blocks in zip(RESAMPLERS, (old.num_blocks, 1), strict=True):
        moved = _layer_map(old, new, blocks)
        for k, v in state.items():
            if not k.startswith(prefix) or k.startswith(GROWN):
                continue
            rest = k[len(prefix) + 1:]
            if rest.startswith("layers."):
                i, tail = rest[len("layers."):].split(".", 1)
                k = f"{prefix}.layers.{moved[int(i)]}.{tail}"
            out[k] = v.clone()
    for p in new_layers(old, new):
        for norm in ("post_attention_layernorm.weight", "post_ff_layernorm.weight"):
            out[p + norm] = torch.zeros_like(out[p + norm])


def _grow_module(out: dict, state: dict, m: str, i: int, j: int, r: int, new_r: int, ratio: float) -> None:
    """Module `m` (index i in the old head, j in the new): old ranks in place, new ranks silent."""
    dec = state["aggregator.decoder.latents_q"]
    out["aggregator.decoder.latents_q"][j * new_r : j * new_r + r] = dec[i * r : (i + 1) * r]  # module-major
    d = state["head"].shape[-1]  # d_lora may grow; a module uses only its first d_in + d_out columns
    if "head_extra" in state:
        out["head_extra"][:, j, : state["head_extra"].shape[2], :d] = state["head_extra"][:, i]
    out[f"scaler_A.{m}"] = _rows(out[f"scaler_A.{m}"], state[f"scaler_A.{m}"], 1.0, fill=None)
    out[f"scaler_B.{m}"] = _rows(out[f"scaler_B.{m}"], state[f"scaler_B.{m}"], ratio, fill=0.0)
    if f"bias_A.{m}" in state:
        out[f"bias_A.{m}"] = _rows(out[f"bias_A.{m}"], state[f"bias_A.{m}"], 1.0, fill=None)
        out[f"bias_B.{m}"] = _rows(out[f"bias_B.{m}"], state[f"bias_B.{m}"], ratio, fill=0.0)


def _grow_head(out: dict, state: dict, m: str, old: HypernetConfig, new: HypernetConfig) -> None:
    """Module `m`'s head (per layer, or shared with its per-layer gain) into its place in the new one."""
    d = state["head"].shape[-1]
    if m in old.shared_head:
        i, j = old.shared_head.index(m), new.shared_head.index(m)
        out["head_shared"][j, :, :d] = state["head_shared"][i]
        out["head_gain"][:, j, :d] = state["head_gain"][:, i]
    else:
        i, j = old.per_layer_modules.index(m), new.per_layer_modules.index(m)
        out["head"][:, j, :, :d] = state["head"][:, i]


def _rows(fresh: torch.Tensor, old: torch.Tensor, scale: float, fill: float | None) -> torch.Tensor:
    """[L, new_r, ...] tensor: the old rank rows (scaled) first, the rest `fill` (None: keep fresh init)."""
    t = fresh.clone()
    if fill is not None:
        t[:, old.shape[1]:] = fill
    t[:, : old.shape[1]] = old * scale
    return t
