"""Train the relevance gate (engine/gate.py) for one model: a few minutes on a CPU.

    agenthn train gate --model smol                 # writes agenthn/checkpoints/smol/gate.safetensors

Rows are (document, question) pairs from the English world's *training* split: a question about the
document (positive), and questions it has nothing to do with (negatives): short general-knowledge
questions of the retention pool (`world.english_general`, none an eval question), requests of the
retention prompts (`world.english_prompts`), and another document's question, so that a memory segment
or a profile does not answer what it does not hold. The eval's documents, phrasings and general
questions are never read here; its `gated` cells are the held-out test.

The perceptron is fitted full-batch (a few thousand rows of 10 features): the states are computed once
by the model's own context encoder, so the gate sees what it will see at inference.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from pathlib import Path

import torch
from tqdm import tqdm

from agenthn.engine.gate import GateConfig, RelevanceGate

log = logging.getLogger(__name__)


@dataclass
class GateTrainConfig:
    docs: int = 1000
    seed: int = 777
    positives: int = 2      # questions about each document
    general: int = 3        # unrelated general questions and requests per document
    other_doc: int = 1      # another document's questions per document
    steps: int = 2000
    lr: float = 3e-3
    kinds: tuple[str, ...] = ("facts", "bio", "chat", "encyclopedia", "rules", "notes", "scenes")


def negatives_pool(seed: int) -> list[str]:
    """Questions and requests no training document is about."""
    from agenthn.world import english_general, english_prompts

    return ([q for q, _ in english_general.general_questions_typed(2000, seed, wide=True)]
            + english_prompts.retention_prompts(600, seed + 1))


def pairs(model, cfg: GateTrainConfig, gate: RelevanceGate) -> tuple[list, list, list[int]]:
    """(document keys, [(doc index, question key)], labels) over the training split."""
    from agenthn.world import english

    rng = random.Random(cfg.seed)
    samples = english.english_samples(cfg.docs, cfg.seed, "train", kinds=list(cfg.kinds))
    pool = negatives_pool(cfg.seed)
    doc_keys = [model.internalize_key(s.doc) for s in tqdm(samples, desc="documents", unit="doc")]
    rows, labels = [], []
    for i, s in enumerate(tqdm(samples, desc="questions", unit="doc")):
        asks = [(qa.question, 1) for qa in rng.sample(s.qas, min(cfg.positives, len(s.qas)))]
        asks += [(q, 0) for q in rng.sample(pool, cfg.general)]
        for j in range(1, cfg.other_doc + 1):
            asks.append((rng.choice(samples[(i + j) % len(samples)].qas).question, 0))
        for q, y in asks:
            rows.append((i, model.question_key(q)))
            labels.append(y)
    return doc_keys, rows, labels


def fit(gate: RelevanceGate, x: torch.Tensor, y: torch.Tensor, cfg: GateTrainConfig) -> float:
    """Full-batch AdamW on the logistic loss; returns the final training loss."""
    torch.manual_seed(cfg.seed)
    gate.x_mean.copy_(x.mean(0))
    gate.x_std.copy_(x.std(0) + 1e-6)
    opt = torch.optim.AdamW(gate.mlp.parameters(), cfg.lr, weight_decay=1e-2)
    loss = torch.tensor(0.0)
    for _ in range(cfg.steps):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(gate(x), y)
        loss.backward()
        opt.step()
    return float(loss)


def gate_config(model) -> GateConfig:
    """Layers 4 and 16 of a deep encoder (smol's 30), a quarter and a half of the way in a shallow one."""
    n = model.hypernet.cfg.num_layers
    layers = GateConfig.layers if n > max(GateConfig.layers) else (max(n // 4, 0), max(n // 2, 1))
    return GateConfig(layers=layers, d_model=model.ctx_encoder.config.hidden_size)


def train(model, out_dir: str | Path, cfg: GateTrainConfig | None = None) -> dict:
    """Fit a gate on `model`'s own encoder states and save it in `out_dir`; returns a summary."""
    cfg = cfg or GateTrainConfig()
    t0 = time.time()
    gate = RelevanceGate(gate_config(model))
    model.gate = gate  # question_key and internalize_key read the gate's layers
    doc_keys, rows, labels = pairs(model, cfg, gate)
    gate.center.copy_(torch.stack([k.float().mean(1) for k in doc_keys]).mean(0))
    x = torch.stack([gate.stats(doc_keys[i], q) for i, q in rows])
    y = torch.tensor(labels, dtype=torch.float32)
    loss = fit(gate, x, y, cfg)
    with torch.no_grad():
        p = torch.sigmoid(gate(x))
    opened = p >= gate.cfg.threshold
    summary = {"rows": len(labels), "positives": int(y.sum()), "loss": round(loss, 4),
               "train_open_pos_pct": round(100 * float(opened[y == 1].float().mean()), 1),
               "train_closed_neg_pct": round(100 * float((~opened[y == 0]).float().mean()), 1),
               "seconds": round(time.time() - t0, 1), "config": vars(cfg) | {"kinds": list(cfg.kinds)}}
    gate.save(out_dir, extra=summary)
    log.info("gate: %s", summary)
    return summary
