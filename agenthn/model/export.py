"""Export adapters for serving elsewhere: one PEFT LoRA folder per name, in the layout vLLM's
filesystem LoRA resolver serves by name (`<root>/<name>/adapter_config.json` +
`adapter_model.safetensors`, selected through the OpenAI `model` field).

vLLM applies one adapter per request, so a composition (profile + memory + skills) is
materialized into one adapter first. Composition is rank concatenation, so when the total rank
fits in R the export is exact; otherwise each layer's summed delta is truncated to its best
rank-R approximation (Eckart-Young) and the relative Frobenius error is reported. The SVD runs on
the small [r, r] core of the factors (QR of each side), never on the dense [d_out, d_in] delta.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

import torch

from agenthn.errors import AgentHNError
from agenthn.model.adapter import Adapter, compose
from agenthn.model.peft_io import to_peft

log = logging.getLogger(__name__)

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
VLLM_RANKS = (8, 16, 32, 64, 128, 256, 320, 512)  # the values vLLM's --max-lora-rank accepts


def _truncate(A: torch.Tensor, B: torch.Tensor, scale: float, rank: int):
    """Best rank-`rank` factors of delta = scale * B^T A for one layer, and the singular values."""
    Bt = (scale * B.double()).T  # [d_out, r]
    At = A.double().T  # [d_in, r]
    Qb, Rb = torch.linalg.qr(Bt)
    Qa, Ra = torch.linalg.qr(At)
    U, S, Vh = torch.linalg.svd(Rb @ Ra.T)
    k = min(rank, S.numel())
    root = S[:k].sqrt()
    new_A = torch.zeros(rank, A.shape[1], dtype=torch.float64)
    new_B = torch.zeros(rank, B.shape[1], dtype=torch.float64)
    new_A[:k] = root[:, None] * (Vh[:k] @ Qa.T)
    new_B[:k] = ((Qb @ U[:, :k]) * root).T
    return new_A.float(), new_B.float(), S


def materialize(spec: Adapter | list[Adapter], rank: int | None = None) -> tuple[Adapter, dict]:
    """One adapter for `spec` (an adapter or a list to compose), at most `rank` ranks."""
    a = compose(list(spec)) if isinstance(spec, (list, tuple)) else spec
    info = {"source_rank": a.rank, "components": len(spec) if isinstance(spec, (list, tuple)) else 1}
    if rank is None or a.rank <= rank:
        return a, {**info, "rank": a.rank, "exact": True, "rel_error_max": 0.0, "rel_error_mean": 0.0}
    if rank < 1:
        raise AgentHNError(f"rank must be at least 1, got {rank}")
    A, B, errors = {}, {}, []
    for m in a.modules:
        layers = [_truncate(a.A[m][i], a.B[m][i], a.scale, rank) for i in range(a.num_layers)]
        A[m] = torch.stack([x[0] for x in layers])
        B[m] = torch.stack([x[1] for x in layers])
        for _, _, S in layers:
            total = S.square().sum()
            errors.append(float((S[rank:].square().sum() / total).sqrt()) if total > 0 else 0.0)
    meta = a.meta.but(n_static=0, entries=None, always_span=None, cache_key="",
                      extra={"materialized_from_rank": a.rank})
    out = Adapter(A, B, 1.0, meta)
    return out, {**info, "rank": rank, "exact": False, "rel_error_max": max(errors),
                 "rel_error_mean": sum(errors) / len(errors)}


def vllm_rank(r: int) -> int:
    """The smallest --max-lora-rank value vLLM accepts that holds rank r."""
    for v in VLLM_RANKS:
        if r <= v:
            return v
    raise AgentHNError(f"rank {r} is over vLLM's largest --max-lora-rank ({VLLM_RANKS[-1]}); export with "
                       "--rank")


def export(spec: Adapter | list[Adapter], name: str, root: str | Path, rank: int | None = None,
           base_model_name: str | None = None) -> dict:
    """Write `<root>/<name>/` (replacing an older export of that name whole) and report on it.

    `base_model_name` must equal the model name vLLM serves (its resolver compares it with
    `base_model_name_or_path`); it defaults to the adapter's base model id.
    """
    if not NAME_RE.match(name):
        raise AgentHNError(f"export name {name!r} must be letters, digits, '.', '_' or '-' (it becomes the "
                           "OpenAI model name and a folder name)")
    adapter, info = materialize(spec, rank)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=root))
    try:
        to_peft(adapter, tmp, base_model_name)
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; a server running as another user must read it
        final = root / name
        old = None
        if final.exists():
            old = root / f".{name}.old{os.getpid()}"
            os.replace(final, old)
        os.replace(tmp, final)  # the folder appears complete or not at all
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    size = sum(p.stat().st_size for p in final.iterdir())
    report = {"name": name, "path": str(final), **info, "bytes": size,
              "base_model_name_or_path": base_model_name or (adapter.meta.base_model or None),
              "vllm_max_lora_rank": vllm_rank(adapter.rank)}
    if not info["exact"]:
        log.info("%s: rank %d -> %d, relative error max %.3g mean %.3g", name, info["source_rank"],
                 info["rank"],
                 info["rel_error_max"], info["rel_error_mean"])
    return report
