"""The hypernetwork's training objective, term by term.

- **kd**: context distillation. Teacher: the frozen base with the document in context; student: the
  base plus the generated adapter, without the document. Top-k KL on the answer tokens (with
  `kd_only_right`, only on those the teacher's top token gets right).
- **ce**: cross-entropy of the student on the gold answer tokens. A weak in-context reader (SmolLM2-
  135M gets 30-40% of template facts right with the document in its prompt) caps a distilled student
  at its own level; the gold answers do not. With `value_coef`, the tokens of the answer's value count
  1 + value_coef times: in a sentence answer the frame's easy tokens outnumber the value's.
- **retention**: KL from the adapter-free base to the student on the base's own replies to unrelated
  prompts, each row under the adapter of some training document: an adapter must leave behaviour
  that has nothing to do with its document alone. With `retention_first_coef`, the KL at each reply's
  first token counts again, per reply: an adapter that opens every short question with a bare value
  ("What is the capital of France?" -> "Lyon") moves one token in ~35, which a per-token mean hides.

Logits are computed only where a loss reads them (answer and reply tokens): the output projection
over a 49k vocabulary at every position would cost more than the rest of the student's forward.
"""

from __future__ import annotations

import torch

from agenthn.model.lora import LoRABatch, use_lora
from agenthn.train import fastpass, packing


def target_positions(labels: torch.Tensor) -> torch.Tensor:
    """[N, T] bool: positions whose next token is a target (next-token aligned)."""
    sel = torch.zeros_like(labels, dtype=torch.bool)
    sel[:, :-1] = labels[:, 1:] != -100
    return sel


def target_index(labels: torch.Tensor) -> torch.Tensor:
    """[n_targets] flat positions (row-major over [N, T]) of `target_positions`, in their order: where
    `selected_logits` reads the hidden states. Computed from host labels, it gathers on the GPU
    without the sync a boolean mask costs (its result's size is only known once the mask is read)."""
    return target_positions(labels).flatten().nonzero().squeeze(1)


def first_targets(labels: torch.Tensor) -> torch.Tensor:
    """[n_targets] bool, flattened like `selected_logits`: True at each row's first target token."""
    sel = target_positions(labels)
    return (sel & (sel.cumsum(1) == 1))[sel]


def targets(labels: torch.Tensor) -> torch.Tensor:
    return labels[:, 1:][labels[:, 1:] != -100]


def target_values(labels: torch.Tensor, value: torch.Tensor) -> torch.Tensor:
    """[n_targets] 0/1, flattened like `targets`: 1 where the target token is part of an answer's value."""
    return value[:, 1:][labels[:, 1:] != -100]


def selected_logits(base, batch: dict, lora: LoRABatch | None = None,
                    causal_only: bool = False) -> torch.Tensor:
    """Logits at the target positions only, flattened row-major: [n_targets, vocab]. With
    `causal_only` no padding mask is passed: rows are right-padded, so under the causal mask no real
    token sees a pad anyway, and without a mask attention runs the flash kernel. The positions are
    `batch["at"]` where the batch carries them (`target_index` of its labels, made on the host)."""
    if "cu" in batch:  # rows packed end to end into one sequence (train.packing)
        hidden = _packed_hidden(base, batch, lora)
    elif "parts" in batch:  # rows run in several passes, grouped by length (passes.located)
        hidden = torch.cat([_hidden(base, p, take_rows(lora, p["rows"]) if lora is not None else None,
                                    causal_only) for p in batch["parts"]]).index_select(0, batch["order"])
    else:
        hidden = _hidden(base, batch, lora, causal_only)
    logits = base.get_output_embeddings()(hidden).float()
    cap = getattr(base.config, "final_logit_softcapping", None)  # Gemma-2 caps its logits
    return torch.tanh(logits / cap) * cap if cap else logits


def _hidden(base, batch: dict, lora: LoRABatch | None, causal_only: bool) -> torch.Tensor:
    """The final hidden states at the batch's target positions, flattened row-major: [n_targets, H]."""
    mask = None if causal_only else batch["attention_mask"]
    with use_lora(lora):
        hidden = base.get_decoder()(input_ids=batch["input_ids"], attention_mask=mask)[0]
    at = batch["at"] if "at" in batch else target_index(batch["labels"])
    return hidden.flatten(0, 1).index_select(0, at)


def _packed_hidden(base, batch: dict, lora: LoRABatch | None) -> torch.Tensor:
    """`_hidden` of a packed pass: each row's adapter applied over its own span of the sequence."""
    if lora is not None:
        lora = take_rows(lora, batch["rows"])
        lora.offs, lora.sizes = batch["cu"][1:], tuple(batch["lengths"])
    if hasattr(base, fastpass.ATTR):  # hyper.compiled_layers: the layers written out and compiled
        return fastpass.packed_hidden(base, batch, lora)
    with use_lora(lora), packing.attention(base):
        hidden = base.get_decoder()(**packing.forward_kwargs(batch))[0]
    return hidden[0].index_select(0, batch["at"])


def topk_kl(teacher: torch.Tensor, student: torch.Tensor, k: int) -> torch.Tensor:
    """Per-token KL(teacher_k || student) over the teacher's top-k tokens, renormalised."""
    topv, topi = teacher.topk(k, dim=-1)
    p_t = torch.log_softmax(topv, -1)
    return (p_t.exp() * (p_t - torch.log_softmax(student, -1).gather(-1, topi))).sum(-1)


def teacher_right(teacher: torch.Tensor, gold: torch.Tensor) -> torch.Tensor:
    """[n] 1.0 where the teacher's top token is the gold one. smol reading a one-fact document in
    context answers 16% of held-out questions and mostly opens with a refusal ("I'm sorry, as a
    chatbot..."); distilled everywhere, those openings pull the student away from the gold answer."""
    return (teacher.argmax(-1) == gold).to(teacher.dtype)


def full_kl(teacher: torch.Tensor, student: torch.Tensor) -> torch.Tensor:
    """Per-token KL(teacher || student) over the whole vocabulary."""
    p_t = torch.log_softmax(teacher, -1)
    return (p_t.exp() * (p_t - torch.log_softmax(student, -1))).sum(-1)


def take_rows(lora: LoRABatch, index: torch.Tensor) -> LoRABatch:
    """The same per-row adapters, rows picked (and repeated) by `index` (on the factors' device)."""
    return LoRABatch({m: a[index] for m, a in lora.A.items()}, {m: b[index] for m, b in lora.B.items()})
