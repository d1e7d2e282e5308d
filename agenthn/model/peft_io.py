"""PEFT interop: write an Adapter as a standard PEFT LoRA folder and read one back.

D2L's scale is used as-is (not divided by rank), so on export it is folded into B:
`lora_B.weight = scale * B^T` with `lora_alpha = r`, which makes PEFT's scaling alpha/r = 1.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from agenthn.errors import AdapterMismatchError, CorruptAdapterError
from agenthn.model.adapter import Adapter
from agenthn.model.checkpoint import atomic_write_text


def to_peft(adapter: Adapter, out_dir: str | Path, base_model_name_or_path: str | None = None) -> Path:
    targets = adapter.meta.targets
    prefix = adapter.meta.layer_prefix or "model.layers"
    if adapter.rank == 0:
        raise AdapterMismatchError("cannot export an empty (rank 0) adapter to PEFT")
    missing = [m for m in adapter.modules if m not in targets]
    if missing:
        raise AdapterMismatchError(f"adapter has no module paths for {missing}; it was not made by an engine")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tensors = {}
    for m in adapter.modules:
        for layer in range(adapter.num_layers):
            key = f"base_model.model.{prefix}.{layer}.{targets[m]}"
            tensors[f"{key}.lora_A.weight"] = adapter.A[m][layer].float().contiguous()
            tensors[f"{key}.lora_B.weight"] = (adapter.scale * adapter.B[m][layer].float()).T.contiguous()
    save_file(tensors, str(out / "adapter_model.safetensors"))
    config = {
        "peft_type": "LORA",
        "task_type": "CAUSAL_LM",
        "r": adapter.rank,
        "lora_alpha": adapter.rank,
        "lora_dropout": 0.0,
        "bias": "none",
        "use_rslora": False,
        "fan_in_fan_out": False,
        "target_modules": sorted({targets[m].rsplit(".", 1)[-1] for m in adapter.modules}),
        "base_model_name_or_path": base_model_name_or_path or adapter.meta.base_model or None,
        "inference_mode": True,
        "agenthn": {k: getattr(adapter.meta, k) or None for k in ("source_hash", "hypernet_id",
                                                                  "created_at")},
    }
    atomic_write_text(out / "adapter_config.json", json.dumps(config, indent=2))
    return out


def from_peft(peft_dir: str | Path, num_layers: int | None = None) -> Adapter:
    """Read a PEFT LoRA folder. With `num_layers`, layers the LoRA leaves out (PEFT's
    `layers_to_transform`) get zero factors, so the adapter covers every layer as the engine needs."""
    d = Path(peft_dir)
    try:
        config = json.loads((d / "adapter_config.json").read_text())
        tensors = load_file(str(d / "adapter_model.safetensors"))
    except Exception as e:
        raise CorruptAdapterError(f"{str(d)!r} is not a readable PEFT LoRA folder: {e}") from e
    r, alpha = config["r"], config["lora_alpha"]
    scale = alpha / (r**0.5 if config.get("use_rslora") else r)
    by_module: dict[str, dict[int, dict[str, torch.Tensor]]] = {}
    prefix = None
    for key, t in tensors.items():
        # base_model.model.<prefix>.<layer>.<path>.lora_{A,B}.weight
        body = key.removeprefix("base_model.model.").removesuffix(".weight")
        body, which = body.rsplit(".", 1)
        parts = body.split(".")
        idx = next(i for i, p in enumerate(parts) if p.isdigit())
        prefix, layer, path = ".".join(parts[:idx]), int(parts[idx]), ".".join(parts[idx + 1:])
        by_module.setdefault(path, {}).setdefault(layer, {})[which] = t
    A, B, targets = {}, {}, {}
    for path, layers in by_module.items():
        short = path.rsplit(".", 1)[-1]
        targets[short] = path
        idx = range(num_layers) if num_layers else sorted(layers)
        some = next(iter(layers.values()))
        zero_a, zero_b = torch.zeros_like(some["lora_A"]), torch.zeros_like(some["lora_B"])
        A[short] = torch.stack([layers.get(i, {"lora_A": zero_a})["lora_A"] for i in idx])
        B[short] = torch.stack([layers.get(i, {"lora_B": zero_b})["lora_B"].T for i in idx])
    meta = {"targets": targets, "layer_prefix": prefix, "base_model": config.get("base_model_name_or_path"),
            **{k: v for k, v in (config.get("agenthn") or {}).items() if v is not None}}
    return Adapter(A, B, float(scale), meta)
