"""The pieces generation is built from: a forward with an adapter batch, sampling, and UTF-8-safe
text. Decoding itself is the batch engine's (engine/batching.py), the one generation service.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import torch

from agenthn.model.lora import LoRABatch, use_lora


def forward(model, lora: LoRABatch | None, **kwargs):
    with use_lora(lora):
        return model(**kwargs)


def cache_kwarg(model) -> str:
    """transformers renamed `past_key_values` to `cache` (5.2x); accept both versions."""
    return "cache" if "cache" in inspect.signature(model.forward).parameters else "past_key_values"


def sample(logits: torch.Tensor, temperature: float, generator: torch.Generator | None) -> torch.Tensor:
    if temperature <= 0:
        return logits.argmax(-1)
    probs = torch.softmax(logits.float() / temperature, dim=-1)
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)


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
