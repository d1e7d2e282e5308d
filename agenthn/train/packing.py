"""Packed passes (`hyper.packed`): a batch's rows laid end to end in one sequence, with no padding.

About half of the student's and the teacher's tokens in a padded pass were padding (53% and 60% on the
smol preset's batches), and every per-token kernel of the base (projections, MLP, norms, rotary
embeddings) runs over them all the same. Packed, a pass holds only real tokens: positions restart at
each row, so rotary embeddings see each row as if it were alone; attention is variable-length flash
attention over each row's own tokens (`torch.nn.attention.varlen`); and per-row adapters are grouped
matrix products over each row's span (`agenthn.model.lora`). It stays one pass, so unlike the length
buckets of `hyper.pass_buckets` it adds no kernel launches.

The attention function is registered with transformers under its own name and switched on only around
a packed pass (`attention`): with a name transformers has no mask function for, the model builds no
mask and skips its packed-sequence check (a host-device sync), and the row boundaries reach the
function as the `cu_seq_lens_*` keyword arguments transformers' own varlen kernels read.
"""

from __future__ import annotations

import functools
import inspect

import numpy as np
import torch

from agenthn.engine.features import attention_as
from agenthn.train.data import Encoded

NAME = "agenthn_packed"


def pack_host(items: list[Encoded], adapter_of: list[int] | None = None) -> dict:
    """`items` as one packed pass, on the host: ids and restarting positions [1, N], the rows' boundaries
    (`cu`, int32 [rows + 1], and the longest row), the target positions (`at`, in the order
    `objective.target_index` gives for the padded batch) and, when adapted, each row's adapter."""
    lengths = [len(e.ids) for e in items]
    cu = np.concatenate([[0], np.cumsum(lengths)])
    # position t predicts token t + 1, so it is a target where the next token's mask is set
    at = np.concatenate([s + np.flatnonzero(e.mask[1:]) for s, e in zip(cu[:-1], items, strict=True)])
    out = {"input_ids": torch.from_numpy(np.concatenate([e.ids for e in items]).astype(np.int64))[None],
           "position_ids": torch.from_numpy(np.concatenate([np.arange(n) for n in lengths]))[None],
           "cu": torch.from_numpy(cu.astype(np.int32)), "max_len": max(lengths), "lengths": lengths,
           "at": torch.from_numpy(at)}
    if adapter_of is not None:
        out["rows"] = torch.tensor(adapter_of)
    return out


def forward_kwargs(batch: dict) -> dict:
    """What the base's decoder is called with for a packed pass."""
    cu, longest = batch["cu"], batch["max_len"]
    return {"input_ids": batch["input_ids"], "position_ids": batch["position_ids"], "use_cache": False,
            "cu_seq_lens_q": cu, "cu_seq_lens_k": cu, "max_length_q": longest, "max_length_k": longest}


def attention(model):
    """`model`'s attention is the packed one for the calls inside (one config, read at every forward)."""
    return attention_as(model, NAME, packed_attention)


def packed_attention(module, query, key, value, attention_mask, scaling=None, dropout=0.0, **kwargs):
    """transformers' attention interface for one packed sequence: query [1, H, N, D], key and value
    [1, H_kv, N, D]; returns [1, N, H, D]. Causal within each row, nothing across rows."""
    if kwargs.get("softcap") is not None or dropout:
        raise NotImplementedError("hyper.packed: this base's attention uses logit soft-capping or dropout, "
                                  "which packed passes do not support; train with --set hyper.packed=false")
    cu, longest = kwargs["cu_seq_lens_q"], kwargs["max_length_q"]
    if query.is_cuda:
        q, k, v = (t[0].transpose(0, 1) for t in (query, key, value))  # [N, heads, D]
        return flash(q, k, v, cu, longest, scaling)[None], None
    return masked(query, key, value, cu, scaling).transpose(1, 2), None


def flash(q, k, v, cu, longest: int, scaling, resolved: tuple | None = None) -> torch.Tensor:
    """Flash attention over each row's span, q [N, H, D] and k, v [N, H_kv, D] (`resolved`: `varlen()`,
    looked up beforehand where this runs inside a compiled function)."""
    varlen_attn, extra, gqa = resolved or varlen()
    if q.shape[1] != k.shape[1] and not gqa:
        groups = q.shape[1] // k.shape[1]
        k, v = k.repeat_interleave(groups, dim=1), v.repeat_interleave(groups, dim=1)
    elif q.shape[1] != k.shape[1]:
        extra = {**extra, "enable_gqa": True}
    return varlen_attn(q, k, v, cu, cu, longest, longest, scale=scaling, **extra)


@functools.cache
def varlen() -> tuple:
    """The public varlen API, its causal keywords and whether it takes grouped heads: its keywords moved
    between PyTorch releases (causality as `is_causal` or as a (-1, 0) window, grouped heads as
    `enable_gqa`)."""
    from torch.nn.attention.varlen import varlen_attn

    params = frozenset(inspect.signature(varlen_attn).parameters)
    extra = {"is_causal": True} if "is_causal" in params else {"window_size": (-1, 0)}
    return varlen_attn, extra, "enable_gqa" in params


def masked(query, key, value, cu, scaling) -> torch.Tensor:
    """The same attention with one block-diagonal causal mask (on a CPU, where there is no flash
    kernel; tests compare it with padded passes)."""
    n = query.shape[2]
    row = torch.repeat_interleave(torch.arange(len(cu) - 1), (cu[1:] - cu[:-1]).long().cpu())
    pos = torch.arange(n)
    mask = (row[:, None] == row[None, :]) & (pos[:, None] >= pos[None, :])
    return torch.nn.functional.scaled_dot_product_attention(
        query, key, value, attn_mask=mask.to(query.device), scale=scaling,
        enable_gqa=query.shape[1] != key.shape[1])
