"""How much a text makes a question likelier to the base model: a meaning-aware score for retrieval.

Word TF-IDF picks memory's segment for a question, and at 1000 turns it misses when the telling noun
and a common word weigh the same ("my favourite singer" against a segment saying "my least favourite
food is ...") or a word is inflected ("work" against "worked"). The base model reads meanings: the
question is likelier after the sentence that answers it ("no singer beats Bisu") than after one that
shares a word ("my least favourite food is biryani"). The score is the pointwise mutual information
log p(question | text) - log p(question), in nats, from one batched forward of the base alone (no
adapter): a question-likelihood re-ranking of a few retrieved candidates.
"""

from __future__ import annotations

import re

import torch

from agenthn.engine.generate import forward

CONTEXT_TOKENS = 192  # a text's last tokens that are read (a segment line is far shorter)
# A leading time stamp ("[2024/03/06 (Wed) 10:00] What is my boss's name?", as the public memory benchmarks
# date sessions and questions) says nothing a line could explain, yet a line that starts with one makes
# the question's own stamp likely: on the hand-written conversations such lines won, and memory's
# retrieval fell from 0.87 to 0.79 of the evidence, until stamps were left out of the reading.
_STAMP = re.compile(r"^\s*\[[^\]\n]{1,48}\]\s*")


def start_id(tokenizer) -> int:
    """A token to condition the first question token on when nothing else precedes it."""
    for tid in (tokenizer.bos_token_id, tokenizer.eos_token_id, tokenizer.pad_token_id):
        if tid is not None:
            return int(tid)
    return 0


def unstamped(text: str) -> str:
    """The text without a leading bracketed time stamp."""
    return _STAMP.sub("", text.strip(), count=1)


def _rows(tokenizer, contexts: list[str], query: str) -> tuple[list[list[int]], int]:
    """Token rows [start] + text + "\\n" + question for each text, and [start] + question last."""
    q = tokenizer(unstamped(query), add_special_tokens=False)["input_ids"]
    s = start_id(tokenizer)
    rows = [[s] + tokenizer(unstamped(c) + "\n", add_special_tokens=False)["input_ids"][-CONTEXT_TOKENS:] + q
            for c in contexts]
    return rows + [[s] + q], len(q)


@torch.inference_mode()
def question_gain(base, tokenizer, contexts: list[str], query: str) -> list[float]:
    """log p(query | context) - log p(query) under `base` for each context, in nats (one batch)."""
    if not contexts:
        return []
    rows, n_q = _rows(tokenizer, contexts, query)
    if n_q == 0:
        return [0.0] * len(contexts)
    device = next(base.parameters()).device
    T = max(len(r) for r in rows)
    ids = torch.zeros(len(rows), T, dtype=torch.long)
    mask = torch.zeros(len(rows), T, dtype=torch.long)
    for i, r in enumerate(rows):  # right padding: causal attention keeps the real tokens exact
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
    hidden = forward(base.get_decoder(), None, input_ids=ids.to(device),
                     attention_mask=mask.to(device)).last_hidden_state
    # only the positions that predict the question's tokens go through the output head
    pos = torch.tensor([[len(r) - n_q - 1 + j for j in range(n_q)] for r in rows], device=device)
    h = hidden.gather(1, pos.unsqueeze(-1).expand(-1, -1, hidden.shape[-1]))
    logits = base.get_output_embeddings()(h).float()
    cap = getattr(base.config, "final_logit_softcapping", None)  # Gemma 2 caps its logits after the head
    if cap:
        logits = torch.tanh(logits / cap) * cap
    logp = logits.log_softmax(-1)
    target = ids[:, 1:].to(device).gather(1, pos)
    total = logp.gather(-1, target.unsqueeze(-1)).squeeze(-1).sum(-1)
    return (total[:-1] - total[-1]).tolist()
