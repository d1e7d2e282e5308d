"""Forward with an adapter batch, sampling, UTF-8-safe streaming, and a bare-model decoder.

Serving generates only through the batch engine (engine/batching.py). `generate_tokens` is the
plain KV-cache decoder that training uses to check a base model it is still training (a bare
Hugging Face model, no D2LModel around it); its rows are left-padded and carry explicit position
ids. An adapter is set only around each forward call, never across a `yield`.
"""

from __future__ import annotations

import inspect
from typing import Iterator

import torch

from agenthn.model.lora import LoRABatch, use_lora


def forward(model, lora: LoRABatch | None, **kwargs):
    with use_lora(lora):
        return model(**kwargs)


def cache_kwarg(model) -> str:
    """transformers renamed `past_key_values` to `cache` (5.2x); accept both versions."""
    return "cache" if "cache" in inspect.signature(model.forward).parameters else "past_key_values"


def cache_of(out):
    c = out.get("cache", None)
    return out.get("past_key_values", None) if c is None else c


def left_pad(rows: list[list[int]], pad_id: int, device) -> tuple[torch.Tensor, torch.Tensor]:
    T = max(len(r) for r in rows)
    ids = torch.full((len(rows), T), pad_id, dtype=torch.long, device=device)
    mask = torch.zeros((len(rows), T), dtype=torch.long, device=device)
    for i, r in enumerate(rows):
        ids[i, T - len(r):] = torch.tensor(r, dtype=torch.long, device=device)
        mask[i, T - len(r):] = 1
    return ids, mask


def sample(logits: torch.Tensor, temperature: float, generator: torch.Generator | None) -> torch.Tensor:
    if temperature <= 0:
        return logits.argmax(-1)
    probs = torch.softmax(logits.float() / temperature, dim=-1)
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)


@torch.inference_mode()
def generate_tokens(
    model,
    rows: list[list[int]],
    lora: LoRABatch | None,
    max_new_tokens: int,
    stop_ids: set[int],
    pad_id: int,
    temperature: float = 0.0,
    generator: torch.Generator | None = None,
) -> Iterator[list[int | None]]:
    """Yields, per step, one new token per row (None once that row has stopped)."""
    device = next(model.parameters()).device
    ids, mask = left_pad(rows, pad_id, device)
    pos = (mask.cumsum(-1) - 1).clamp(min=0)
    out = forward(model, lora, input_ids=ids, attention_mask=mask, position_ids=pos, use_cache=True,
                  logits_to_keep=1)
    done = [False] * len(rows)
    cache_kw = cache_kwarg(model)
    for _ in range(max_new_tokens):
        nxt = sample(out.logits[:, -1, :], temperature, generator)
        toks = nxt.tolist()
        yield [None if d else t for d, t in zip(done, toks)]
        done = [d or t in stop_ids for d, t in zip(done, toks)]
        if all(done):
            return
        mask = torch.cat([mask, torch.ones_like(mask[:, :1])], dim=1)
        pos = pos[:, -1:] + 1
        out = forward(model, lora, input_ids=nxt[:, None], attention_mask=mask, position_ids=pos,
                      use_cache=True, **{cache_kw: cache_of(out)})


def stream_text(tokenizer, token_iter: Iterator[int]) -> Iterator[str]:
    """UTF-8-safe incremental decode: emit only text that no longer ends in a partial character.

    A token may end inside a multi-byte character (byte-level BPE splits an emoji or a CJK character
    into byte tokens); decoding then ends in U+FFFD until the next tokens complete it. Such text is held
    back until it decodes, and bytes that never complete a character before the stream ends (a reply
    cut off by max_tokens, a stop or a cancel inside an emoji) are dropped rather than shown as U+FFFD.
    An invalid byte followed by more text stays U+FFFD, as decode() shows it: it can never decode.
    """
    ids: list[int] = []
    sent = ""
    for t in token_iter:
        ids.append(t)
        text = tokenizer.decode(ids, skip_special_tokens=True)
        if text.endswith("\ufffd"):
            continue
        if len(text) > len(sent):
            yield text[len(sent):]
            sent = text
    tail = tokenizer.decode(ids, skip_special_tokens=True)[len(sent):].rstrip("\ufffd") if ids else ""
    if tail:  # complete text held back with the incomplete character after it
        yield tail


def decode_text(tokenizer, ids: list[int]) -> str:
    """The text of a whole generation, as `stream_text` delivers it (bytes that never completed a
    character at the end dropped), so batched and streamed replies agree."""
    return tokenizer.decode(ids, skip_special_tokens=True).rstrip("\ufffd")
