"""Prompt and document templates.

A document is internalized as D2L does it: the chat template applied to
[system: "", user: doc] with a generation prompt, which for Gemma gives
`<bos><start_of_turn>user\\n\\n\\n{doc}<end_of_turn>\\n<start_of_turn>model\\n`. Long documents are
cut into equal token chunks and the template's prefix/suffix are re-wrapped around every chunk, so
each chunk looks like a standalone document.
"""

from __future__ import annotations

import math

SENTINEL = "\u2063AGENTHN_DOC\u2063"


def render_ids(tokenizer, messages: list[dict], add_generation_prompt: bool = True) -> list[int]:
    """Token ids of a chat; a system message is folded into the first user turn (Gemma has no system)."""
    text = tokenizer.apply_chat_template(messages, add_generation_prompt=add_generation_prompt,
                                         tokenize=False)
    return tokenizer(text, add_special_tokens=False)["input_ids"]


def last_user_text(messages: list[dict]) -> str:
    """The last user message's text ("" if none): what a turn answers."""
    return next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")


def doc_affixes(tokenizer, prefix_extra: str) -> tuple[list[int], list[int]]:
    """Token ids around a document body in the document template."""
    text = tokenizer.apply_chat_template([{"role": "user", "content": SENTINEL}], add_generation_prompt=True,
                                         tokenize=False)
    pre, post = text.split(SENTINEL)
    return (tokenizer(pre + prefix_extra, add_special_tokens=False)["input_ids"],
            tokenizer(post, add_special_tokens=False)["input_ids"])


def doc_body_ids(tokenizer, doc: str) -> list[int]:
    return tokenizer(doc.strip(), add_special_tokens=False)["input_ids"]


def chunk_templated(pre: list[int], body: list[int], post: list[int], max_chunk: int) -> list[list[int]]:
    """Chunks of a document, each wrapped in the template's prefix and suffix.

    The count follows D2L: n = ceil(T / max_chunk) with T the *templated* length. D2L then cuts the
    templated ids themselves, which can leave a chunk holding only affix tokens; we cut the body
    into n equal parts instead, so every chunk carries document text.
    """
    total = len(pre) + len(body) + len(post)
    if max_chunk <= 0 or total <= max_chunk:
        return [pre + body + post]
    n = min(math.ceil(total / max_chunk), len(body))
    size = math.ceil(len(body) / n)
    return [pre + body[i : i + size] + post for i in range(0, len(body), size)]


def turn_end(tokenizer) -> str:
    """The text the chat template puts after an assistant reply, up to the line break (Gemma:
    `<end_of_turn>`, ChatML: `<|im_end|>`): what a reply must end with and generation stops on."""
    text = tokenizer.apply_chat_template([{"role": "user", "content": "x"},
                                          {"role": "assistant", "content": SENTINEL}],
                                         tokenize=False)
    return text.split(SENTINEL, 1)[1].split("\n", 1)[0].strip()


def stop_ids(tokenizer) -> set[int]:
    """Token ids that end a reply: the tokenizer's end-of-sequence and the template's turn end."""
    ids = {tokenizer.eos_token_id}
    end = turn_end(tokenizer)
    if end:
        ids.update(tokenizer(end, add_special_tokens=False)["input_ids"][:1])
    return {i for i in ids if isinstance(i, int) and i >= 0}


def assistant_spans(text: str, messages: list[dict], end: str) -> list[tuple[int, int]]:
    """Character spans of every assistant reply plus its turn-end marker in a rendered chat. Every
    message's text is searched for in order (the chat template put each there verbatim), so a reply
    that also occurs inside the document or the question is found in its own turn."""
    spans, cur = [], 0
    for m in messages:
        start = text.index(m["content"], cur)
        cur = start + len(m["content"])
        if m["role"] == "assistant":
            if end and text.startswith(end, cur):
                cur += len(end)
            spans.append((start, cur))
    return spans
