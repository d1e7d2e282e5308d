"""The pieces generation is built from: a forward with an adapter batch, sampling, and UTF-8-safe
text. Decoding itself is the batch engine's (engine/batching.py), the one generation service.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator

import torch
from transformers import NoRepeatNGramLogitsProcessor

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


def unrepeated(logits: torch.Tensor, reply: list[int], n: int) -> torch.Tensor:
    """`logits` (1, vocab) with every token banned that would say a run of `n` tokens the `reply` has
    said already (transformers' `NoRepeatNGramLogitsProcessor`). Over the reply only, not the prompt: a
    value is to be said as the question or the profile says it. Without it smol looped on one in nine
    replies to a statement ("Soure: "Soure: "Soure: ..." to "My dad Suresh is retired and lives in
    Goa.", 54 of the 484 in session 55's chats) and on none of its 488 answers to a question."""
    if n <= 0 or len(reply) < n - 1:
        return logits
    ids = torch.tensor([reply], dtype=torch.long, device=logits.device)
    return NoRepeatNGramLogitsProcessor(n)(ids, logits)


def stream_text(tokenizer, token_iter: Iterator[int]) -> Iterator[str]:
    """UTF-8-safe incremental decode: emit only text that no longer ends in a partial character, with
    its articles agreeing (`agree_articles`).

    A token may end inside a multi-byte character (byte-level BPE splits an emoji or a CJK character
    into byte tokens); decoding then ends in U+FFFD until the next tokens complete it. Such text is held
    back until it decodes, and bytes that never complete a character before the stream ends (a reply
    cut off by max_tokens, a stop or a cancel inside an emoji) are dropped rather than shown as U+FFFD.
    An invalid byte followed by more text stays U+FFFD, as decode() shows it: it can never decode.
    A trailing "a" or "an" and the word after it are held back too, until that word is whole.
    """
    ids: list[int] = []
    sent = ""
    for t in token_iter:
        ids.append(t)
        text = tokenizer.decode(ids, skip_special_tokens=True)
        if text.endswith("\ufffd"):
            continue
        shown = agree_articles(text[: _HELD.search(text).start()])
        if len(shown) > len(sent):
            yield shown[len(sent):]
            sent = shown
    tail = decode_text(tokenizer, ids)[len(sent):] if ids else ""
    if tail:  # text held back: an article, or complete text before an incomplete character
        yield tail


def decode_text(tokenizer, ids: list[int]) -> str:
    """The text of a whole generation, as `stream_text` delivers it (bytes that never completed a
    character at the end dropped, articles agreeing), so batched and streamed replies agree."""
    return agree_articles(tokenizer.decode(ids, skip_special_tokens=True).rstrip("\ufffd"))


# a trailing article and the word after it, perhaps not yet whole ("You are a", "You are a acc")
_HELD = re.compile(r"(?:(?<![\w'])(?:a|an|A|An)(?: [\w'-]*)?)?$")
_ARTICLE = re.compile(r"(?<![\w'-])(a|an|A|An) ([A-Za-z][\w'-]*)")
# English words, one of which must come before an article it changes: "a" is a word of other languages
# too ("Voy a ir", "vou a Lisboa"), where it must stay
_ENGLISH = frozenset({"the", "is", "are", "was", "were", "am", "be", "being", "been", "you", "your", "i",
                      "i'm", "it", "it's", "my", "and", "of", "to", "with", "for", "as", "have", "has",
                      "had"})


def _wants_an(word: str) -> bool | None:
    """Whether `word` takes "an" (True), "a" (False), or None where its spelling does not tell ("a
    university" but "an umbrella", "a Uber", "an FBI agent")."""
    w = word.lower()
    if w.startswith(("one", "once", "eu", "ewe")):
        return False
    if w[0] in "aeio" or w.startswith(("hour", "honest", "honou", "honor", "heir")):
        return True
    if w[0] == "u":
        return True if word[0] == "u" and re.match(r"u(?:n(?!i)|m|p|gl|tter|lt)", w) else None
    return None if len(word) > 1 and word.isupper() else False


def agree_articles(text: str) -> str:
    """`text` with each "a" / "an" agreeing with the word after it ("You are an accountant."): the
    token " a" comes before the value it introduces is chosen (smol's adapter said "You are a" and
    copying went on with " accountant", session 50), so the article cannot be picked for it. Only after
    an English word in the text, and a capital one only where it opens a sentence ("Vitamin A is")."""
    def agree(m: re.Match) -> str:
        article, word, before = m.group(1), m.group(2), text[: m.start()]
        if not _ENGLISH & set(re.findall(r"[a-z']+", before.lower())):
            return m.group(0)
        if article[0] == "A" and not re.search(r"[.!?][\"')]?\s+$", before):
            return m.group(0)
        wants = _wants_an(word)
        if wants is None:
            return m.group(0)
        fixed = "an" if wants else "a"
        return (fixed.capitalize() if article[0] == "A" else fixed) + " " + word
    return _ARTICLE.sub(agree, text)
