"""Hypernetwork configuration. Every size is explicit so a converted checkpoint can state the
dimensions it inferred from tensor shapes, and a 2-layer test model, the tiny model and
gemma-2-2b (Sakana's sizes) are all one dataclass."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from agenthn.errors import AgentHNError

# Bases built for the synthetic world's formats: the tiny base trained on it and the untrained
# `random/*` test bases built like it (a toy tokenizer, 200-token documents). Every other base is a
# pretrained model that reads and writes plain English (smol, gemma...).
WORLD_FORMAT_BASES = ("agenthn/", "random/")


def reads_english(base_model_id: str) -> bool:
    """Whether a model on this base gets English prompts, samples, grading and benchmark data. Decided
    by the base id a checkpoint's config names, never by the checkpoint's name, so a new checkpoint
    or base needs no change anywhere."""
    return not base_model_id.startswith(WORLD_FORMAT_BASES)


@dataclass
class HypernetConfig:
    num_layers: int  # L: decoder layers of the base model, one adapter slice each
    feature_size: int  # H_ctx: hidden size of the context encoder
    in_features: dict[str, int]  # per target module (short name), d_in
    out_features: dict[str, int]  # per target module, d_out
    lora_r: int = 8
    latent_size: int = 512  # D
    n_latent_queries: int = 8
    num_blocks: int = 9  # cross-attention layers in the encoder resampler
    num_self_attn_per_block: int = 0
    n_heads: int = 16
    head_dim: int = 128
    n_kv_heads: int = 4
    modality_hidden: int | None = None  # default 4 * feature_size
    perceiver_mlp_hidden: int | None = None  # default 4 * latent_size
    pre_head_hidden: int | None = None  # default 4 * latent_size
    num_pre_head_layers: int = 1
    # extra head inputs: silu(W_l x) beside the latent x, read by a second head that starts at zero,
    # so a layer's rank rows may leave the latent_size-dimensional span of the first head (0: D2L's head)
    head_extra: int = 0
    # target modules whose head is one [D, d_lora] map shared by every layer, times a per-layer gain on
    # its outputs, instead of one map per layer: an added module then costs about 1/L of a per-layer
    # head (smol: 0.7 MB instead of 16 MB in bfloat16; the shipped checkpoint may hold 32 MiB)
    shared_head: tuple[str, ...] = ()
    use_bias: bool = True  # the learned document-independent ("static") LoRA block
    lora_alpha: float | None = None  # default 2 * r**1.5, used as-is (not divided by rank)
    rms_eps: float = 1e-6
    layer_norm_eps: float = 1e-5

    def __post_init__(self):
        if set(self.in_features) != set(self.out_features):
            raise AgentHNError(f"in_features {sorted(self.in_features)} != out_features "
                               f"{sorted(self.out_features)}")
        if not self.in_features:
            raise AgentHNError("HypernetConfig needs at least one target module")
        self.shared_head = tuple(sorted(self.shared_head))
        if set(self.shared_head) - set(self.in_features):
            raise AgentHNError(f"shared_head {list(self.shared_head)} names modules that are not targets "
                               f"{sorted(self.in_features)}")
        if self.n_heads % self.n_kv_heads:
            raise AgentHNError(f"n_heads={self.n_heads} is not a multiple of n_kv_heads={self.n_kv_heads}")
        self.modality_hidden = self.modality_hidden or 4 * self.feature_size
        self.perceiver_mlp_hidden = self.perceiver_mlp_hidden or 4 * self.latent_size
        self.pre_head_hidden = self.pre_head_hidden or 4 * self.latent_size
        if self.lora_alpha is None:
            self.lora_alpha = 2.0 * self.lora_r**1.5

    @property
    def modules(self) -> list[str]:
        """Target modules in sorted name order: the order of the head's outputs."""
        return sorted(self.in_features)

    @property
    def per_layer_modules(self) -> list[str]:
        """Modules with a head per layer (`head`), in head order."""
        return [m for m in self.modules if m not in self.shared_head]

    @property
    def d_lora(self) -> int:
        return max(self.in_features[m] + self.out_features[m] for m in self.modules)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> HypernetConfig:
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(d) - names
        if unknown:
            raise AgentHNError(f"unknown HypernetConfig fields: {sorted(unknown)}")
        return cls(**d)




@dataclass
class ModelConfig:
    """What the engine reads from a model directory's config.json besides the hypernetwork's sizes."""

    target_modules: dict[str, str]  # short name -> path inside a decoder layer
    base_model_id: str              # identity adapters are checked against (not a path)
    hypernet_id: str
    max_chunk_tokens: int           # a longer document is internalized chunk by chunk
    max_doc_tokens: int
    name: str = ""
    doc_prefix_extra: str = ""      # text between the document and the template's end (training format)
    layers_per_step: int | None = None  # hypernetwork head in layer groups (less memory on big models)

    @classmethod
    def from_dict(cls, d: dict) -> ModelConfig:
        """From a config.json dict; keys the engine does not use (format, shards, ...) are ignored."""
        names = {f.name for f in dataclasses.fields(cls)}
        kw = {k: v for k, v in d.items() if k in names and v is not None}
        kw["base_model_id"] = kw.get("base_model_id") or d.get("base_model", "")
        return cls(**kw)
