"""Strategies for answering from a long conversation, behind one interface (see `base.Strategy`):

    from agenthn.baselines import make, STRATEGIES
    s = make("memory-topk", model)
    answer = s.respond(history, question)   # None where the prompt does not fit the context window
    s.cost.summary()

vanilla (live window only), full (whole history in context), truncated (the newest history that fits the
context window), rag (TF-IDF top-k messages in context; rag-rerank: re-ranked by the base model's reading),
note (model-extracted fact note in context), memory-topk / memory-top1 / memory-all / memory-recent
(segment adapters, agenthn.agent.memory; top1 applies only the best segment's adapter), cartridge (a
per-conversation KV prefix trained by self-study, peft CARTRIDGE).
Imports are lazy so that listing strategies costs nothing.
"""

from __future__ import annotations

import importlib

# name -> (module, class, fixed keyword arguments)
STRATEGIES = {
    "vanilla": ("agenthn.baselines.context", "Vanilla", {}),
    "full": ("agenthn.baselines.context", "FullContext", {}),
    "truncated": ("agenthn.baselines.context", "Truncated", {}),
    "rag": ("agenthn.baselines.context", "Rag", {}),
    # TF-IDF's best 8 messages re-ranked by the base model's reading before the k are kept: RAG given
    # the retrieval memory uses (memory re-ranks TF-IDF's best 5 segments for its top 1)
    "rag-rerank": ("agenthn.baselines.context", "Rag", {"rerank": 8, "label": "rag-rerank"}),
    "note": ("agenthn.baselines.note", "MarkdownNote", {}),
    "memory-topk": ("agenthn.baselines.memory", "MemoryStrategy", {"mode": "topk"}),
    # the single best segment's adapter alone (no composition), whatever top_k the caller passes
    "memory-top1": ("agenthn.baselines.memory", "MemoryStrategy", {"mode": "topk", "top_k": 1,
                                                                    "label": "memory-top1"}),
    "memory-all": ("agenthn.baselines.memory", "MemoryStrategy", {"mode": "all"}),
    "memory-recent": ("agenthn.baselines.memory", "MemoryStrategy", {"mode": "recent"}),
    "cartridge": ("agenthn.baselines.cartridge", "Cartridge", {}),
}


def make(name: str, model, **kw):
    """A fresh strategy; `kw` are its options (e.g. top_k=4, live_tokens=16, max_new_tokens=24). A
    strategy's fixed arguments win over `kw`: memory-top1 stays top-1 when a bench passes its top_k."""
    from agenthn.errors import NotFoundError

    if name not in STRATEGIES:
        raise NotFoundError(f"unknown strategy {name!r}; choose from {sorted(STRATEGIES)}")
    module, cls, fixed = STRATEGIES[name]
    return getattr(importlib.import_module(module), cls)(model, **{**kw, **fixed})
