"""Train the relevance gate (engine/gate.py) for one model: a few minutes on a CPU.

    agenthn train gate --model smol                 # writes agenthn/checkpoints/smol/gate.safetensors

Rows are (document, question) pairs from the English world's *training* split: a question about the
document (positive), and questions it has nothing to do with (negatives): short general-knowledge
questions of the retention pool (`world.english_general`, none an eval question), requests of the
retention prompts (`world.english_prompts`), and another document's question, so that a memory segment
or a profile does not answer what it does not hold. The eval's documents, phrasings and general
questions are never read here; its `gated` cells are the held-out test.

Five perceptrons are fitted full-batch, each from its own seed (several thousand rows of 16 features):
the states are computed once by the model's own context encoder, so the gate sees what it will see at
inference.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from tqdm import tqdm

from agenthn.engine.gate import GateConfig, RelevanceGate

log = logging.getLogger(__name__)


@dataclass
class GateTrainConfig:
    docs: int = 1000
    seed: int = 777
    positives: int = 3      # questions about each document
    general: int = 3        # unrelated general questions and requests per document
    other_doc: int = 1      # another document's questions per document
    # weight of those rows: at 1 they taught the gate to close first-person questions whose attribute a
    # document states in other words ("Where do I live?" against "I live in Porto", dev draw, seed 1)
    other_weight: float = 0.3
    steps: int = 2000
    lr: float = 3e-3
    kinds: tuple[str, ...] = ("facts", "bio", "chat", "encyclopedia", "rules", "notes", "scenes")
    # memory's segments as documents: 1-8 exchanges of small talk with one fact said in passing, in the
    # "User: ..." lines memory stores. Tried at 400 (session 30): on 200 dev needles (seeds 2-3) the gate
    # then opened 94 / 91% of the needles' own segments against 95 / 96% without them, so 0
    segments: int = 0


def negatives_pool(seed: int) -> list[str]:
    """Questions and requests no training document is about."""
    from agenthn.world import english_general, english_prompts

    return ([q for q, _ in english_general.general_questions_typed(2000, seed, wide=True)]
            + english_prompts.retention_prompts(600, seed + 1))


def pairs(model, cfg: GateTrainConfig) -> tuple[list, list, list[int], list]:
    """(document keys, [(doc index, question text)], labels: 1 about it, 0 unrelated, 2 another document's
    question, documents' token ids) over the training split."""
    from agenthn.world import english

    rng = random.Random(cfg.seed)
    # more_says: every training attribute stated in five or six more ways (world/english_says*.py)
    docs = [(s.doc, [qa.question for qa in s.qas]) for s in
            english.english_samples(cfg.docs, cfg.seed, "train", kinds=list(cfg.kinds), more_says=True)]
    docs += chat_segments(cfg.segments, rng)
    docs = [(d, qs) for d, qs in docs if model.count_tokens(d) <= model.max_doc_tokens]  # tiny's is 200
    pool = negatives_pool(cfg.seed)
    doc_keys = [model.internalize_key(d) for d, _ in tqdm(docs, desc="documents", unit="doc")]
    rows, labels = [], []
    for i, (_, qs) in enumerate(docs):
        asks = [(q, 1) for q in rng.sample(qs, min(cfg.positives, len(qs)))]
        asks += [(q, 0) for q in rng.sample(pool, cfg.general)]
        for j in range(1, cfg.other_doc + 1):
            asks.append((rng.choice(docs[(i + j) % len(docs)][1]), 2))
        for q, y in asks:
            rows.append((i, q))
            labels.append(y)
    ids = [model.tokenizer(d, add_special_tokens=False)["input_ids"] for d, _ in docs]
    return doc_keys, rows, labels, ids


def chat_segments(n: int, rng: random.Random) -> list[tuple[str, list[str]]]:
    """(segment text, its fact's questions): training-split chats as memory logs and segments them."""
    from agenthn.agent.segments import render_turn
    from agenthn.world import english_chat

    out = []
    for _ in range(n):
        conv = english_chat.needle_conversation(rng, rng.randint(1, 8), 1, split="train")
        text = "\n".join(render_turn(m["role"], m["content"]) for m in conv["messages"])
        out.append((text, [q["question"] for q in conv["questions"]]))
    return out


def rarity(doc_ids: list[list[int]], vocab: int) -> torch.Tensor:
    """log(N / (1 + documents holding the token)), at least 0: frame words weigh little, names much."""
    df = torch.zeros(vocab)
    for ids in doc_ids:
        df[torch.tensor(sorted(set(ids)), dtype=torch.long)] += 1
    return torch.log(len(doc_ids) / (1 + df)).clamp_min(0.0)


def fit(gate: RelevanceGate, x: torch.Tensor, y: torch.Tensor, w: torch.Tensor,
        cfg: GateTrainConfig) -> float:
    """Each member by full-batch AdamW on the weighted logistic loss from its own seed (one fit moved a
    borderline question's probability from 0.1 to 0.8); returns the members' mean final loss."""
    gate.x_mean.copy_(x.mean(0))
    gate.x_std.copy_(x.std(0) + 1e-6)
    z = (x - gate.x_mean) / gate.x_std
    losses = []
    for k, mlp in enumerate(gate.mlps):
        torch.manual_seed(cfg.seed + k)
        for layer in mlp:
            if hasattr(layer, "reset_parameters"):
                layer.reset_parameters()
        opt = torch.optim.AdamW(mlp.parameters(), cfg.lr, weight_decay=1e-2)
        for _ in range(cfg.steps):
            opt.zero_grad()
            loss = (F.binary_cross_entropy_with_logits(mlp(z).squeeze(-1), y, reduction="none") * w).mean()
            loss.backward()
            opt.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)


def gate_config(model) -> GateConfig:
    """Layers 4 and 16 of a deep encoder (smol's 30), a quarter and a half of the way in a shallow one."""
    n = model.hypernet.cfg.num_layers
    layers = GateConfig.layers if n > max(GateConfig.layers) else (max(n // 4, 0), max(n // 2, 1))
    return GateConfig(layers=layers, d_model=model.ctx_encoder.config.hidden_size, vocab=len(model.tokenizer))


def train(model, out_dir: str | Path, cfg: GateTrainConfig | None = None) -> dict:
    """Fit a gate on `model`'s own encoder states and save it in `out_dir`; returns a summary."""
    cfg = cfg or GateTrainConfig()
    t0 = time.time()
    gate = RelevanceGate(gate_config(model))
    model.gate = gate  # question_key and internalize_key read the gate's layers
    doc_keys, rows, labels, doc_ids = pairs(model, cfg)
    gate.center.copy_(torch.stack([k.float().mean(1) for k in doc_keys]).mean(0))
    gate.idf.copy_(rarity(doc_ids, gate.cfg.vocab))
    texts = sorted({q for _, q in rows})
    queries = {q: model.question_key(q) for q in tqdm(texts, desc="questions", unit="q")}
    x = torch.stack([gate.stats(doc_keys[i], queries[q]) for i, q in rows])
    lab = torch.tensor(labels)
    y = (lab == 1).float()
    w = torch.where(lab == 2, torch.tensor(cfg.other_weight), torch.tensor(1.0))
    loss = fit(gate, x, y, w, cfg)
    with torch.no_grad():
        p = torch.sigmoid(gate(x)).mean(0)
    opened = p >= gate.cfg.threshold
    summary = {"documents": len(doc_keys), "rows": len(labels), "positives": int(y.sum()),
               "loss": round(loss, 5),
               "train_open_pos_pct": round(100 * float(opened[y == 1].float().mean()), 1),
               "train_closed_neg_pct": round(100 * float((~opened[y == 0]).float().mean()), 1),
               "seconds": round(time.time() - t0, 1), "config": vars(cfg) | {"kinds": list(cfg.kinds)}}
    gate.save(out_dir, extra=summary)
    log.info("gate: %s", summary)
    return summary
