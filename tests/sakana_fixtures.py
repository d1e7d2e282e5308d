"""Builders of fake Sakana Doc-to-LoRA checkpoints in their exact pickle format, at tiny sizes.

Stand-in config dataclasses are placed under their module names (`ctx_to_lora.modeling.hypernet`, ...,
or the legacy `ctx_to_lora.modeling_utils`) only while `torch.save` runs, then removed from
`sys.modules`, so a conversion cannot lean on them. The peft `LoraConfig` is the real one (its
`target_modules` a set, as in their files). Storages are tagged `cuda:0` as if saved from a GPU.
"""

from __future__ import annotations

import contextlib
import math
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from peft import LoraConfig
from peft.utils.peft_types import TaskType

P = "aggregator.perceiver."


@dataclass
class Dims:
    L: int = 2
    H: int = 32  # context-encoder hidden size (= base hidden: the base encodes its own documents)
    r: int = 4
    D: int = 16
    n_q: int = 3
    blocks: int = 2
    self_per_block: int = 0
    heads: int = 4
    kv: int = 2
    head_dim: int = 128  # their Perceiver default; the converter infers heads with it
    pre_head: int = 1
    modules: dict[str, tuple[int, int]] = field(default_factory=lambda: {"down_proj": (64, 32)})
    use_bias: bool = True

    @property
    def d_lora(self) -> int:
        return max(a + b for a, b in self.modules.values())


# ---- stand-ins for their config classes (field names and order as in the spec, section 2.2)

@dataclass
class HypernetConfig:
    latent_size: int = 512
    use_light_weight_lora: bool = False
    light_weight_latent_size: int = 128
    per_rank_gen: bool = True
    use_per_rank_bias: bool = False
    use_bias: bool = True
    per_layer_processing: bool = True
    use_token_mixing: bool = False
    num_pre_head_layers: int = 1
    dropout_rate: float = 0.0
    lora_config: Any = None
    extra_modules: Any = None
    base_hidden_size: int = 2304
    layer_indices: Any = None
    feature_sizes: Any = None
    aggregator_config: Any = None


@dataclass
class AggregatorConfig:
    aggregator_type: str = "perceiver"
    num_layers: int = 26
    num_modules: int = 1
    num_extra_modules: int = 0
    output_size: int = 512
    feature_size: int = 2304
    pooling_type: str = "mean"
    num_latent_factor: int = 8
    lora_r: int = 8
    per_rank_gen: bool = True
    n_latent_queries: int = 8
    num_blocks: int = 9
    num_self_attn_per_block: int = 0
    shared_weights: bool = False
    layer_to_layer_ctx_encoder: bool = True


@dataclass
class CtxEncoderArguments:
    ctx_encoder_model_name_or_path: Any = None
    ctx_encoder_type: str = "per_layer_activations"
    layer_idx: int = 6
    quantize_ctx_encoder: bool = True
    ctx_encoder_last_layer: Any = None


CURRENT = {"ctx_to_lora.modeling.hypernet": [HypernetConfig],
           "ctx_to_lora.modeling.aggregator": [AggregatorConfig],
           "ctx_to_lora.configs": [CtxEncoderArguments]}
LEGACY = {"ctx_to_lora.modeling_utils": [HypernetConfig, AggregatorConfig],
          "ctx_to_lora.configs": [CtxEncoderArguments]}


@contextlib.contextmanager
def their_modules(legacy: bool):
    """Place the stand-ins under their module names for the duration of a torch.save."""
    layout = LEGACY if legacy else CURRENT
    names = {"ctx_to_lora", "ctx_to_lora.modeling"} | set(layout)
    for name in names:
        sys.modules[name] = types.ModuleType(name)
    for name, classes in layout.items():
        for cls in classes:
            cls.__module__ = name
            setattr(sys.modules[name], cls.__name__, cls)
    try:
        yield
    finally:
        for name in names:
            sys.modules.pop(name, None)


@contextlib.contextmanager
def saved_from_cuda():
    """Tag every storage `cuda:0`, as their Trainer wrote it; loading then needs map_location."""
    orig = torch.serialization.location_tag
    torch.serialization.location_tag = lambda storage: "cuda:0"
    try:
        yield
    finally:
        torch.serialization.location_tag = orig


# ---- tensors

def perceiver_layer(p: dict, prefix: str, d: Dims, cross: bool, g: torch.Generator) -> None:
    D, hd = d.D, d.head_dim
    rnd = lambda *s: torch.randn(*s, generator=g) / math.sqrt(s[-1])  # noqa: E731
    norm = lambda: 1 + 0.1 * torch.randn(D, generator=g)  # noqa: E731
    names = ["input_latents_layernorm", "post_attention_layernorm", "pre_ff_layernorm", "post_ff_layernorm"]
    for n in names + (["input_context_layernorm"] if cross else []):
        p[f"{prefix}{n}.weight"] = norm()
    p[f"{prefix}self_attn.q_proj.weight"] = rnd(d.heads * hd, D)
    p[f"{prefix}self_attn.k_proj.weight"] = rnd(d.kv * hd, D)
    p[f"{prefix}self_attn.v_proj.weight"] = rnd(d.kv * hd, D)
    p[f"{prefix}self_attn.o_proj.weight"] = rnd(D, d.heads * hd)
    p[f"{prefix}mlp.gate_proj.weight"] = rnd(4 * D, D)
    p[f"{prefix}mlp.up_proj.weight"] = rnd(4 * D, D)
    p[f"{prefix}mlp.down_proj.weight"] = rnd(D, 4 * D)


def resampler(p: dict, prefix: str, d: Dims, n_latents: int, blocks: int, g: torch.Generator) -> None:
    p[f"{prefix}latents_q"] = torch.randn(n_latents, d.D, generator=g)
    per_block = 1 + d.self_per_block
    for i in range(blocks * per_block):
        perceiver_layer(p, f"{prefix}layers.{i}.", d, i % per_block == 0, g)
    p[f"{prefix}layernorm.weight"] = 1 + 0.1 * torch.randn(d.D, generator=g)


def build_state(d: Dims, seed: int = 0) -> dict[str, torch.Tensor]:
    """Their HyperLoRA state dict, their key names and shapes (spec 2.3), random fp32 values."""
    g = torch.Generator().manual_seed(seed)
    L, D, r, M = d.L, d.D, d.r, len(d.modules)
    p = {f"{P}modality_projection.gate_proj.weight": torch.randn(4 * d.H, d.H, generator=g) / math.sqrt(d.H),
         f"{P}modality_projection.up_proj.weight": torch.randn(4 * d.H, d.H, generator=g) / math.sqrt(d.H),
         f"{P}modality_projection.down_proj.weight": (torch.randn(D, 4 * d.H, generator=g)
                                                     / math.sqrt(4 * d.H))}
    resampler(p, f"{P}encoder.", d, d.n_q, d.blocks, g)
    resampler(p, f"{P}decoder.", d, M * r, 1, g)
    for j in range(d.pre_head):
        q = f"layers.{j}.layers."
        p.update({q + "0.weight": 1 + 0.1 * torch.randn(D, generator=g),
                  q + "0.bias": 0.1 * torch.randn(D, generator=g),
                  q + "1.weight": torch.randn(L, D, 4 * D, generator=g) / math.sqrt(D),
                  q + "1.bias": 0.1 * torch.randn(1, L, 1, 1, 4 * D, generator=g),
                  q + "3.weight": torch.randn(L, 4 * D, D, generator=g) / math.sqrt(4 * D),
                  q + "3.bias": 0.1 * torch.randn(1, L, 1, 1, D, generator=g),
                  q + "4.weight": 1 + 0.1 * torch.randn(D, generator=g),
                  q + "4.bias": 0.1 * torch.randn(D, generator=g)})
    head = torch.randn(L, M, D, d.d_lora, generator=g)
    p["head.weight"] = head[:, 0] if M == 1 else head
    for m, (d_in, d_out) in sorted(d.modules.items()):
        p[f"scaler_A.{m}"] = 1 + 0.1 * torch.randn(1, L, r, 1, generator=g)
        p[f"scaler_B.{m}"] = 0.1 * torch.randn(1, L, r, 1, generator=g)  # nonzero: a trained hypernet
        if d.use_bias:
            p[f"bias_A.{m}"] = torch.randn(L, r, d_in, generator=g) * 0.1
            p[f"bias_B.{m}"] = torch.randn(L, r, d_out, generator=g) * 0.1
    return p


def build_meta(d: Dims, base_model: str, config_pre_head: int | None = None) -> dict[str, Any]:
    lora = LoraConfig(r=d.r, lora_alpha=2 * d.r**1.5, target_modules=set(d.modules), lora_dropout=0.0,
                      task_type=TaskType.CAUSAL_LM, base_model_name_or_path=base_model)
    agg = AggregatorConfig(num_layers=d.L, num_modules=len(d.modules), output_size=d.D, feature_size=d.H,
                           lora_r=d.r, n_latent_queries=d.n_q, num_blocks=d.blocks,
                           num_self_attn_per_block=d.self_per_block)
    sizes = ({m: a for m, (a, _) in d.modules.items()}, {m: b for m, (_, b) in d.modules.items()})
    hc = HypernetConfig(latent_size=d.D, use_bias=d.use_bias, lora_config=lora, base_hidden_size=d.H,
                        num_pre_head_layers=d.pre_head if config_pre_head is None else config_pre_head,
                        layer_indices=torch.arange(d.L), feature_sizes=sizes, aggregator_config=agg)
    return {"base_model_name_or_path": base_model, "hypernet_config": hc,
            "ctx_encoder_args": CtxEncoderArguments()}


def write_checkpoint(path: Path, d: Dims | None = None, *, legacy: bool = False, orig_mod: bool = False,
                     base_model: str = "google/gemma-2-2b-it", seed: int = 0, extra: dict | None = None,
                     drop: str | None = None, config_pre_head: int | None = None,
                     edit_meta=None) -> dict[str, torch.Tensor]:
    """Write `pytorch_model.bin` as their Trainer does; returns the raw tensors (their keys, no prefix)."""
    d = d or Dims()
    tensors = build_state(d, seed)
    raw = {**tensors, **(extra or {})}
    if drop:
        raw.pop(drop)
    if orig_mod:
        raw = {f"_orig_mod.{k}": v for k, v in raw.items()}
    meta = build_meta(d, base_model, config_pre_head)
    if edit_meta:
        edit_meta(meta)  # e.g. make the stored config contradict the tensors
    with their_modules(legacy), saved_from_cuda():
        torch.save({**raw, **meta}, path)
    return tensors
