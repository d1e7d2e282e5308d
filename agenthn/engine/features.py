"""The context encoder's per-layer features without running the layer whose output nobody reads.

The hypernetwork reads the INPUT of every decoder layer (D2L's context encoder drops the last layer).
Asking the model for `output_hidden_states` runs every layer anyway, a quarter of the work on the
4-layer tiny model. Instead, a pre-forward hook on each layer records its input, and the hook on the
last one stops the forward by raising. The hooks act only inside `capture_layer_inputs` (a context
variable, so a server thread generating on the same model at the same time is untouched).
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from functools import partial

import torch
from torch import nn

_CAPTURE: ContextVar[list | None] = ContextVar("agenthn_layer_inputs", default=None)


def to_device(t: torch.Tensor, device) -> torch.Tensor:
    """A host tensor on `device`. To a GPU through pinned memory, without blocking: a copy from pageable
    memory makes the host wait for every kernel already queued, so a training step that moves its
    batches that way cannot queue the next pass while the GPU runs this one. (PyTorch's pinned
    allocator keeps the block until the copy has run, so `t` may go at once.)"""
    if torch.device(device).type != "cuda":
        return t.to(device)
    return t.pin_memory().to(device, non_blocking=True)


class _Stop(Exception):
    """Raised by the last captured layer's hook: the rest of the forward is not needed."""


def _record(module, args, kwargs, last: bool):
    grab = _CAPTURE.get()
    if grab is None:
        return
    grab.append(args[0] if args else kwargs["hidden_states"])
    if last:
        raise _Stop


def install_capture_hooks(layers: nn.ModuleList, n: int) -> list:
    """Hooks on the first `n` layers (n = the hypernetwork's layer count); returns their handles."""
    return [layers[i].register_forward_pre_hook(partial(_record, last=(i == n - 1)), with_kwargs=True)
            for i in range(n)]


@contextlib.contextmanager
def attention_as(model: nn.Module, name: str, fn):
    """`model`'s attention is `fn`, registered with transformers as `name`, for the calls inside (one
    config, read at every forward). A name transformers has no mask function for makes it build no
    mask: the packed passes (`train.packing`) and `unmasked_attention` rely on that."""
    from transformers import AttentionInterface

    AttentionInterface.register(name, fn)
    config, before = model.config, model.config._attn_implementation
    config._attn_implementation = name
    try:
        yield
    finally:
        config._attn_implementation = before


@contextlib.contextmanager
def unmasked_attention(model: nn.Module):
    """`model`'s own attention kernel, for the calls inside, under a name transformers has no mask
    function for: a call with no padding mask then builds no mask at all. Otherwise transformers checks
    the position ids for packed sequences first, reading a reduction back from the GPU (a host-device
    sync: two a training step, one per encoder pass, session 38's loop profile). Causal attention is
    unchanged (the kernel sees no mask and runs causal). A base with its own eager attention is left
    as it is."""
    from transformers.modeling_utils import ALL_ATTENTION_FUNCTIONS

    impl = model.config._attn_implementation
    if impl not in ALL_ATTENTION_FUNCTIONS:
        yield
        return
    with attention_as(model, f"agenthn_unmasked_{impl}", ALL_ATTENTION_FUNCTIONS[impl]):
        yield


def capture_layer_inputs(decoder: nn.Module, n: int, **forward_kwargs) -> list[torch.Tensor]:
    """Inputs of decoder layers 0..n-1 for one forward call (the hooks must be installed)."""
    grab: list = []
    token = _CAPTURE.set(grab)
    try:
        decoder(use_cache=False, **forward_kwargs)
    except _Stop:
        pass
    finally:
        _CAPTURE.reset(token)
    if len(grab) != n:
        raise RuntimeError(f"captured {len(grab)} layer inputs, expected {n}: are the capture hooks "
                           "installed?")
    return grab
