"""Which part of a document a question is about: a small learned ranker over the gate's keys.

One adapter for a whole many-fact document keeps few of its facts (smol's v9: 66% of one-fact questions,
6% at sixteen facts), while the adapter of the single sentence that holds a fact answers it far better
(on a dev draw at sixteen facts, routed: 58%). So a document can also be
internalized one adapter per sentence (`D2LModel.internalize_parts`), each with the gate's key, and a
question answered under the sentence the router ranks first, composed with the whole document's
adapter where the document is short (`D2LModel.route`).

The relevance gate's own statistics rank a document's sentences poorly (its best sentence held the
answer for 48-70% of dev questions): they match question tokens to sentence tokens by their raw
cosines, and held-out phrasings ask "What line of work is my father in?" of "My father trained as a
stonemason". The router learns, per key layer, a projection of the (centered) states in which a
question token meets the sentence token it is about, and a weight per question token; a sentence's
score is the weighted mean of each question token's best cosine, summed over layers. It reads only the
keys adapters already carry (no text), and is trained on the English world's training split
(`agenthn train router`, agenthn/train/router.py), stored beside the gate as `router.safetensors`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from agenthn.engine.gate import Query, load_small, save_small

FILE = "router.safetensors"


@dataclass
class RouterConfig:
    layers: tuple[int, ...] = (0, 1)  # positions in the gate's key layers (smol's gate: layers 4 and 16)
    d_model: int = 576
    dim: int = 128                    # the projection's width
    top: int = 1                      # sentences applied for a question
    # the whole document's adapter is composed with them only up to this many sentences (dev draws, seeds
    # 1 and 2, 30-50 questions a cell): at 4 facts (~9 sentences) the sentence alone answered 40 / 57%,
    # with the whole 52 / 63%; at 8 facts (~16) alone 54 / 40%, with the whole 38 / 37%; at 16 facts
    # (~27) alone 58%, with the whole 36%; at one fact the whole alone 72%, with the sentence 72%
    whole_max_parts: int = 12


def split_sentences(doc: str) -> list[str]:
    """A document's lines, each cut after a sentence's full stop, question or exclamation mark."""
    parts = [p.strip() for line in doc.split("\n") for p in re.split(r"(?<=[.!?])\s+", line)]
    return [p for p in parts if p]


class SegmentRouter(nn.Module):
    def __init__(self, cfg: RouterConfig):
        super().__init__()
        self.cfg = cfg
        n = len(cfg.layers)
        self.register_buffer("center", torch.zeros(n, cfg.d_model))
        self.proj = nn.ModuleList(nn.Linear(cfg.d_model, cfg.dim, bias=False) for _ in range(n))
        self.token = nn.ModuleList(nn.Linear(cfg.d_model, 1) for _ in range(n))  # question token weights
        self.mix = nn.Parameter(torch.ones(n))
        self.temperature = nn.Parameter(torch.tensor(10.0))

    def _side(self, i: int, states: torch.Tensor) -> torch.Tensor:
        return F.normalize(self.proj[i](states.float() - self.center[i]), dim=-1)

    def scores(self, keys: list[torch.Tensor], query: Query) -> torch.Tensor:
        """[len(keys)] scores of each key ([gate layers, T, d]) for the question; higher = more about it.
        The question's gate weights (rarity) set each token's prior weight; the router adds to it."""
        lengths = [k.shape[1] for k in keys]
        total = query.states.new_zeros(len(keys), dtype=torch.float32)
        prior = query.weights.clamp_min(1e-6).log()
        for i, layer in enumerate(self.cfg.layers):
            q = self._side(i, query.states[layer])  # [Q, dim]
            d = self._side(i, torch.cat([k[layer] for k in keys]))  # [sum T, dim]
            sims = (q @ d.T).split(lengths, dim=1)  # per key [Q, T]
            best = torch.stack([s.max(dim=1).values for s in sims])  # [K, Q]
            w = torch.softmax(prior + self.token[i](query.states[layer].float()).squeeze(-1), dim=0)
            total = total + self.mix[i] * (best @ w)
        return total * self.temperature

    @torch.no_grad()
    def rank(self, keys: list[torch.Tensor], query: Query) -> list[int]:
        """Indices of `keys`, best first."""
        return self.scores(keys, query).argsort(descending=True).tolist()

    # ---- persistence -------------------------------------------------------------------------------
    def save(self, model_dir: str | Path, extra: dict | None = None) -> Path:
        return save_small(self, Path(model_dir) / FILE, extra)

    @classmethod
    def load(cls, model_dir: str | Path) -> SegmentRouter | None:
        """The router stored in `model_dir`, or None where the model has none."""
        return load_small(cls, RouterConfig, Path(model_dir) / FILE, "router")
