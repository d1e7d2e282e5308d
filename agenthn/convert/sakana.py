"""Convert Sakana's released Doc-to-LoRA checkpoints (`pytorch_model.bin`) into our model directory.

Their file is a pickled flat dict: the HyperLoRA state dict (keys relative to HyperLoRA) plus three
metadata entries (`base_model_name_or_path`, `hypernet_config`, `ctx_encoder_args`). We read it through
a restricted unpickler, infer every dimension from tensor shapes (the stored config is a cross-check
only: old configs are back-filled with wrong defaults), map each key onto our HyperLoRA strictly, and
write config.json + safetensors with the base model named by its Hugging Face id.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import torch

from agenthn.convert import safe_unpickle
from agenthn.convert.safe_unpickle import plain
from agenthn.errors import CheckpointError
from agenthn.model.checkpoint import save_model_dir
from agenthn.model.config import HypernetConfig
from agenthn.model.hypernet import HyperLoRA

log = logging.getLogger(__name__)

META_KEYS = ("base_model_name_or_path", "hypernet_config", "ctx_encoder_args")
P = "aggregator.perceiver."
DEFAULT_HEAD_DIM = 128  # their Idefics2PerceiverConfig default; no config overrides it
# their short target names -> our module paths inside a decoder layer
TARGET_PATHS = {
    "q_proj": "self_attn.q_proj", "k_proj": "self_attn.k_proj", "v_proj": "self_attn.v_proj",
    "o_proj": "self_attn.o_proj", "qkv_proj": "self_attn.qkv_proj",
    "gate_proj": "mlp.gate_proj", "up_proj": "mlp.up_proj", "down_proj": "mlp.down_proj",
}
# EinMix pre-head block: their sub-index -> our parameter (Sequential(LN, EinMix, SiLU, EinMix, LN))
PRE_HEAD = {("0", "weight"): "norm_in.weight", ("0", "bias"): "norm_in.bias",
            ("1", "weight"): "w1", ("1", "bias"): "b1", ("3", "weight"): "w2", ("3", "bias"): "b2",
            ("4", "weight"): "norm_out.weight", ("4", "bias"): "norm_out.bias"}
PRE_HEAD_INV = {v: k for k, v in PRE_HEAD.items()}
FACTOR_PARAMS = ("scaler_A", "scaler_B", "bias_A", "bias_B")


@dataclass
class SakanaCheckpoint:
    tensors: dict[str, torch.Tensor]  # their keys, `_orig_mod.` stripped
    base_model: str | None
    hypernet_config: object | None
    ctx_encoder_args: object | None
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- reading

def read_checkpoint(path: str | Path) -> SakanaCheckpoint:
    """Unpickle safely to CPU (the tensors and `layer_indices` were saved from CUDA)."""
    path = Path(path)
    if path.is_dir():
        path = path / "pytorch_model.bin"
    if not path.is_file():
        raise CheckpointError(f"{path}: no such checkpoint file")
    try:
        raw = torch.load(path, map_location="cpu", weights_only=False, pickle_module=safe_unpickle)
    except CheckpointError:
        raise
    except Exception as e:  # torch/pickle raise many types for truncated or foreign files
        raise CheckpointError(f"{path}: cannot read as a PyTorch checkpoint ({type(e).__name__}: {e})") from e
    if not isinstance(raw, dict):
        raise CheckpointError(f"{path}: expected a dict of tensors, got {type(raw).__name__}")
    return split_entries(raw)


def split_entries(raw: dict) -> SakanaCheckpoint:
    """Separate tensors from the three metadata entries; strip torch.compile's `_orig_mod.` prefix."""
    tensors = {}
    for key, value in raw.items():
        if key in META_KEYS:
            continue
        if not isinstance(value, torch.Tensor):
            raise CheckpointError(f"unexpected non-tensor entry {key!r} ({type(value).__name__})")
        clean = key.replace("_orig_mod.", "")
        if clean in tensors:
            raise CheckpointError(f"key {key!r} collides with another key once '_orig_mod.' is stripped")
        tensors[clean] = value.detach().to("cpu")
    return SakanaCheckpoint(tensors, raw.get("base_model_name_or_path"), raw.get("hypernet_config"),
                            raw.get("ctx_encoder_args"))


def need(tensors: dict[str, torch.Tensor], key: str) -> torch.Tensor:
    if key not in tensors:
        raise CheckpointError(f"checkpoint is missing key {key!r}")
    return tensors[key]


# -------------------------------------------------------------------------------------------- inference

def layer_indices(tensors: dict, prefix: str) -> list[int]:
    """Sorted indices i of keys `{prefix}{i}.…`, checked to be 0..n-1."""
    found = sorted({int(m.group(1)) for k in tensors if (m := re.match(re.escape(prefix) + r"(\d+)\.", k))})
    if found != list(range(len(found))):
        raise CheckpointError(f"keys under {prefix!r} have non-contiguous indices {found}")
    return found


def resampler_layout(tensors: dict, name: str) -> tuple[int, int]:
    """(number of cross blocks, self layers per block) of the encoder or decoder resampler."""
    prefix = f"{P}{name}.layers."
    idx = layer_indices(tensors, prefix)
    if not idx:
        raise CheckpointError(f"checkpoint has no {prefix}* keys (not a Perceiver aggregator?)")
    cross = [i for i in idx if f"{prefix}{i}.input_context_layernorm.weight" in tensors]
    per_block = len(idx) // max(len(cross), 1)
    if not cross or len(idx) % len(cross) or cross != list(range(0, len(idx), per_block)):
        raise CheckpointError(f"{name} resampler layers {idx} with cross-attention at {cross}: unsupported "
                              "layout")
    return len(cross), per_block - 1


def attention_heads(tensors: dict, D: int, head_dim: int) -> tuple[int, int]:
    q = need(tensors, f"{P}encoder.layers.0.self_attn.q_proj.weight").shape
    k = need(tensors, f"{P}encoder.layers.0.self_attn.k_proj.weight").shape
    if (q[1] != D or k[1] != D or q[0] % head_dim or k[0] % head_dim
            or (q[0] // head_dim) % (k[0] // head_dim)):
        raise CheckpointError(f"attention shapes q_proj {tuple(q)}, k_proj {tuple(k)} do not fit head_dim="
                              f"{head_dim} with latent size {D}")
    return q[0] // head_dim, k[0] // head_dim


def module_dims(ckpt: SakanaCheckpoint, modules: list[str], L: int, r: int) -> tuple[dict, dict]:
    """d_in/d_out per module from the static block's shapes, else (no static block) the stored config."""
    if all(f"bias_A.{m}" in ckpt.tensors for m in modules):
        d_in = {m: ckpt.tensors[f"bias_A.{m}"].shape[-1] for m in modules}
        d_out = {m: need(ckpt.tensors, f"bias_B.{m}").shape[-1] for m in modules}
        return d_in, d_out
    sizes = getattr(ckpt.hypernet_config, "feature_sizes", None)
    if not sizes or any(m not in sizes[0] or m not in sizes[1] for m in modules):
        raise CheckpointError(f"no bias_A/bias_B tensors and no feature_sizes in the config for {modules}")
    log.warning("no static LoRA block: module sizes taken from the stored config's feature_sizes")
    return {m: int(sizes[0][m]) for m in modules}, {m: int(sizes[1][m]) for m in modules}


def infer_config(ckpt: SakanaCheckpoint, head_dim: int | None = None) -> HypernetConfig:
    """Every dimension from tensor shapes; the config only supplies alpha and head_dim if present."""
    t = ckpt.tensors
    if any(re.match(r"layers\.\d+\.mlp\.", k) for k in t):
        raise CheckpointError("pre-head uses the shared ResMLPBlock (per_layer_processing=False): "
                              "unsupported")
    n_q, D = need(t, f"{P}encoder.latents_q").shape
    modules = sorted(k[len("scaler_A."):] for k in t if k.startswith("scaler_A."))
    if not modules:
        raise CheckpointError("checkpoint is missing key 'scaler_A.<module>' (no target modules found)")
    unknown = [m for m in modules if m not in TARGET_PATHS]
    if unknown:
        raise CheckpointError(f"unknown target modules {unknown}; known: {sorted(TARGET_PATHS)}")
    _, L, r, _ = need(t, f"scaler_A.{modules[0]}").shape
    n_out = need(t, f"{P}decoder.latents_q").shape[0]
    if n_out != len(modules) * r:
        raise CheckpointError(f"decoder has {n_out} output queries, not modules*r={len(modules) * r}: only "
                              "layer-to-layer (per_layer_activations) checkpoints are supported")
    num_blocks, self_per_block = resampler_layout(t, "encoder")
    if resampler_layout(t, "decoder") != (1, self_per_block):
        raise CheckpointError("decoder resampler layout differs from one block of the encoder's layout")
    head_dim = head_dim or stored_head_dim(ckpt) or DEFAULT_HEAD_DIM
    n_heads, n_kv = attention_heads(t, D, head_dim)
    d_in, d_out = module_dims(ckpt, modules, L, r)
    pre_head = layer_indices(t, "layers.")
    return HypernetConfig(
        num_layers=L, feature_size=need(t, f"{P}modality_projection.gate_proj.weight").shape[1],
        in_features=d_in, out_features=d_out, lora_r=r, latent_size=D, n_latent_queries=n_q,
        num_blocks=num_blocks, num_self_attn_per_block=self_per_block, n_heads=n_heads, head_dim=head_dim,
        n_kv_heads=n_kv, modality_hidden=need(t, f"{P}modality_projection.gate_proj.weight").shape[0],
        perceiver_mlp_hidden=need(t, f"{P}encoder.layers.0.mlp.gate_proj.weight").shape[0],
        pre_head_hidden=need(t, "layers.0.layers.1.weight").shape[-1] if pre_head else None,
        num_pre_head_layers=len(pre_head), use_bias=f"bias_A.{modules[0]}" in t,
        lora_alpha=stored_alpha(ckpt, r),
    )


def stored_head_dim(ckpt: SakanaCheckpoint) -> int | None:
    agg = getattr(ckpt.hypernet_config, "aggregator_config", None)
    for name in ("head_dim", "attn_head_dim", "perceiver_head_dim"):
        if getattr(agg, name, None):
            return int(getattr(agg, name))
    return None


def stored_alpha(ckpt: SakanaCheckpoint, r: int) -> float:
    """Their scale: `lora_alpha` as stored (2 r^1.5, never divided by rank)."""
    expected = 2.0 * r**1.5
    alpha = getattr(getattr(ckpt.hypernet_config, "lora_config", None), "lora_alpha", None)
    if alpha is None:
        log.warning("no lora_config.lora_alpha stored; using their recipe's 2*r^1.5 = %.6g", expected)
        return expected
    if not math.isclose(float(alpha), expected, rel_tol=1e-6):
        log.warning("stored lora_alpha %s differs from 2*r^1.5 = %.6g for r=%d; using the stored value",
                    alpha, expected, r)
    return float(alpha)


# ------------------------------------------------------------------------------------------ cross-check

def check(notes: list[str], name: str, stored, inferred, fatal: bool = True) -> None:
    """Compare one stored config value with what the tensors say; None means the field is absent."""
    if stored is None or stored == inferred:
        return
    msg = f"stored config {name}={stored!r} contradicts the tensors ({inferred!r})"
    if fatal:
        raise CheckpointError(msg)
    log.warning("%s; using the tensors", msg)
    notes.append(msg)


def cross_check(ckpt: SakanaCheckpoint, cfg: HypernetConfig) -> None:
    hc, notes = ckpt.hypernet_config, ckpt.notes
    g = lambda obj, name: plain(getattr(obj, name, None))  # noqa: E731 - old configs lack fields
    if g(hc, "per_rank_gen") is False or g(hc, "per_layer_processing") is False:
        raise CheckpointError("only per_rank_gen=True, per_layer_processing=True checkpoints are supported")
    check(notes, "latent_size", g(hc, "latent_size"), cfg.latent_size)
    check(notes, "use_bias", g(hc, "use_bias"), cfg.use_bias)
    # their loader back-fills 4 into old configs, so this one is known to be unreliable
    check(notes, "num_pre_head_layers", g(hc, "num_pre_head_layers"), cfg.num_pre_head_layers, fatal=False)
    sizes = g(hc, "feature_sizes")
    if sizes is not None:
        check(notes, "feature_sizes", tuple(dict(s) for s in sizes), (cfg.in_features, cfg.out_features))
    idx = g(hc, "layer_indices")
    if idx is not None:
        check(notes, "layer_indices", [int(i) for i in torch.as_tensor(idx).tolist()],
              list(range(cfg.num_layers)))
    lc = g(hc, "lora_config")
    check(notes, "lora_config.r", g(lc, "r"), cfg.lora_r)
    targets = g(lc, "target_modules")
    if targets is not None:
        names = [targets] if isinstance(targets, str) else list(targets)
        check(notes, "lora_config.target_modules", sorted(n.split(".")[-1] for n in names), cfg.modules)
    cross_check_aggregator(g(hc, "aggregator_config"), cfg, notes)
    cross_check_ctx_encoder(ckpt.ctx_encoder_args, cfg)


def cross_check_aggregator(agg, cfg: HypernetConfig, notes: list[str]) -> None:
    if agg is None:
        return
    g = lambda name: plain(getattr(agg, name, None))  # noqa: E731
    if g("layer_to_layer_ctx_encoder") is False:
        raise CheckpointError("aggregator_config.layer_to_layer_ctx_encoder=False: only layer-to-layer "
                              "(per_layer_activations) checkpoints are supported")
    if g("aggregator_type") not in (None, "perceiver"):
        raise CheckpointError(f"aggregator_type={g('aggregator_type')!r}: only 'perceiver' is supported")
    for name, ours in [("num_layers", cfg.num_layers), ("num_modules", len(cfg.modules)),
                       ("output_size", cfg.latent_size), ("feature_size", cfg.feature_size),
                       ("lora_r", cfg.lora_r), ("n_latent_queries", cfg.n_latent_queries),
                       ("num_blocks", cfg.num_blocks),
                       ("num_self_attn_per_block", cfg.num_self_attn_per_block)]:
        check(notes, f"aggregator_config.{name}", g(name), ours)


def cross_check_ctx_encoder(args, cfg: HypernetConfig) -> None:
    """Our engine encodes with the base model itself, per layer; refuse anything else by name."""
    if args is None:
        return
    kind = plain(getattr(args, "ctx_encoder_type", None))
    if kind not in (None, "per_layer_activations"):
        raise CheckpointError(f"ctx_encoder_type={kind!r}: only 'per_layer_activations' is supported")
    other = getattr(args, "ctx_encoder_model_name_or_path", None)
    if other:
        raise CheckpointError(f"checkpoint uses a separate context encoder {other!r}; only the base model "
                              "as its own context encoder is supported")
    last = getattr(args, "ctx_encoder_last_layer", None)
    if last not in (None, cfg.num_layers):
        raise CheckpointError(f"ctx_encoder_last_layer={last} (base has {cfg.num_layers} layers): "
                              "unsupported")


# -------------------------------------------------------------------------------------------- key mapping

def their_to_ours(key: str) -> str | None:
    if key.startswith(P):
        return "aggregator." + key[len(P):]
    if m := re.fullmatch(r"layers\.(\d+)\.layers\.(\d+)\.(weight|bias)", key):
        name = PRE_HEAD.get((m.group(2), m.group(3)))
        return f"pre_head.{m.group(1)}.{name}" if name else None
    if key == "head.weight":
        return "head"
    if (m := re.fullmatch(r"(\w+)\.(\w+)", key)) and m.group(1) in FACTOR_PARAMS:
        return key
    return None


def ours_to_theirs(key: str) -> str:
    """Their name for one of our keys (for naming a missing key in their terms)."""
    if key.startswith("aggregator."):
        return P + key[len("aggregator."):]
    if m := re.fullmatch(r"pre_head\.(\d+)\.(.+)", key):
        sub, kind = PRE_HEAD_INV[m.group(2)]
        return f"layers.{m.group(1)}.layers.{sub}.{kind}"
    return "head.weight" if key == "head" else key


def reshape(their_key: str, ours: str, value: torch.Tensor, want: torch.Size) -> torch.Tensor:
    """Drop the singleton axes their layout carries: EinMix biases [1,L,1,1,X], scalers [1,L,r,1],
    and the head's missing module axis when M == 1."""
    if ours == "head" and value.dim() == 3:
        value = value.unsqueeze(1)
    elif (re.fullmatch(r"pre_head\.\d+\.b[12]", ours) and value.dim() == 5
          and value.shape[0] == value.shape[2] == value.shape[3] == 1):
        value = value.reshape(value.shape[1], value.shape[4])
    elif ours.startswith("scaler_") and value.dim() == 4 and value.shape[0] == value.shape[3] == 1:
        value = value.reshape(value.shape[1], value.shape[2])
    if value.shape != want:
        raise CheckpointError(f"key {their_key!r} has shape {tuple(value.shape)}, expected {tuple(want)}")
    return value


def map_state(tensors: dict[str, torch.Tensor], cfg: HypernetConfig) -> dict[str, torch.Tensor]:
    """Strict, complete mapping onto our HyperLoRA's state dict."""
    with torch.device("meta"):  # shapes only: no 315M-parameter allocation for Gemma
        expected = {k: v.shape for k, v in HyperLoRA(cfg).state_dict().items()}
    state = {}
    for key in sorted(tensors):
        ours = their_to_ours(key)
        if ours is None or ours not in expected:
            raise CheckpointError(f"checkpoint key {key!r} has no counterpart in our hypernetwork")
        state[ours] = reshape(key, ours, tensors[key], expected[ours])
    missing = sorted(set(expected) - set(state))
    if missing:
        raise CheckpointError(f"checkpoint is missing key {ours_to_theirs(missing[0])!r}"
                              + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
    return state


# -------------------------------------------------------------------------------------------- conversion

def convert(path: str | Path, out_dir: str | Path, dtype: torch.dtype = torch.float32,
            quantize_ctx_encoder: bool = False, ctx_encoder_dtype: str = "bfloat16",
            base_model: str | None = None, head_dim: int | None = None) -> Path:
    """Read a Sakana checkpoint and write our model directory; returns `out_dir`."""
    ckpt = read_checkpoint(path)
    cfg = infer_config(ckpt, head_dim)
    cross_check(ckpt, cfg)
    state = map_state(ckpt.tensors, cfg)
    base = base_model or ckpt.base_model
    if not base:
        raise CheckpointError("checkpoint has no base_model_name_or_path; pass base_model explicitly")
    trained_4bit = plain(getattr(ckpt.ctx_encoder_args, "quantize_ctx_encoder", None))
    if trained_4bit and not quantize_ctx_encoder:
        log.info("the hypernetwork was trained on a 4-bit NF4 context encoder; a %s one is a small shift",
                 ctx_encoder_dtype)
    log.info("converted %s: L=%d r=%d D=%d modules=%s pre-head=%d", path, cfg.num_layers, cfg.lora_r,
             cfg.latent_size, cfg.modules, cfg.num_pre_head_layers)
    return save_model_dir(
        out_dir, cfg, state, base_model=base, target_modules={m: TARGET_PATHS[m] for m in cfg.modules},
        dtype=dtype, max_chunk_tokens=8192, doc_prefix_extra="\n\n",
        ctx_encoder={"dtype": ctx_encoder_dtype, "quantize_4bit": bool(quantize_ctx_encoder)},
        converted_from={"format": "sakana-doc-to-lora", "file": Path(path).name,
                        "trained_with_4bit_ctx_encoder": trained_4bit, "notes": ckpt.notes},
    )
