"""Whether an adapter concerns a question: a small learned gate over the base model's own states.

An adapter of a document answers questions about that document, and it also moves the base's answers to
questions it has nothing to do with: under an unrelated document's adapter smol keeps about 70% of its
right general answers ("A year is 16 months."), and 29 sessions of training the hypernetwork on retention
prompts did not lift that (README, issue 17). A gate decides per question whether to apply an adapter at
all, so an unrelated question gets the base's own reply.

The adapter carries a key: the context encoder's states of the document's tokens at a few layers, taken
from the features internalizing computes anyway (no extra forward). At a question the encoder reads the
question alone; for each question token its best cosine with any document token (after centering the
states by a mean from training documents) gives per-layer statistics, some weighted by how rare each
question token is, which five small perceptrons (averaged) turn into the probability that the question
is about the document. The key is read only for this one bit: a gated adapter answers from its weights,
or not at all.

The gate is trained per base model on the training split of the English world (`agenthn train gate`,
agenthn/train/gate.py) and stored beside the hypernetwork as `gate.safetensors`; a model without one, or
an adapter without a key (made before gates existed, or composed with one that has none), is always
applied, as before.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors import safe_open
from safetensors.torch import save_file
from torch import nn

from agenthn.errors import CorruptAdapterError

FILE = "gate.safetensors"
# per layer: the mean, max and quartiles of each question token's best match, the mean states' cosine, and
# the best matches weighted by how rare each question token is in documents (their mean, and the weighted
# share matched above 0.6 and 0.8): "Where do I live?" should turn on "live", not on "Where", "do", "I"
N_STATS = 8


@dataclass
class GateConfig:
    layers: tuple[int, ...] = (4, 16)  # encoder layer inputs the key keeps (on a dev draw two did as seven)
    hidden: int = 64
    members: int = 5                   # perceptrons fitted from different seeds, their probabilities averaged
    threshold: float = 0.5             # open at p >= threshold (chosen on a dev draw, seed 1)
    d_model: int = 576
    vocab: int = 49152                 # the tokenizer's size: one rarity weight per token


@dataclass
class Query:
    """A question as the gate reads it: the encoder's states [layers, Q, d] and each token's weight [Q]."""

    states: torch.Tensor
    weights: torch.Tensor


class RelevanceGate(nn.Module):
    def __init__(self, cfg: GateConfig):
        super().__init__()
        self.cfg = cfg
        n = len(cfg.layers) * N_STATS
        self.register_buffer("center", torch.zeros(len(cfg.layers), cfg.d_model))  # mean state per layer
        self.register_buffer("idf", torch.ones(cfg.vocab))  # log(documents / (1 + documents with the token))
        self.register_buffer("x_mean", torch.zeros(n))  # feature standardization, fitted with the gate
        self.register_buffer("x_std", torch.ones(n))
        self.mlps = nn.ModuleList(nn.Sequential(nn.Linear(n, cfg.hidden), nn.GELU(), nn.Linear(cfg.hidden, 1))
                                  for _ in range(cfg.members))

    # ---- keys and statistics ---------------------------------------------------------------------
    def key(self, layer_states: torch.Tensor) -> torch.Tensor:
        """[L_all, T, d] encoder layer inputs of a text's own tokens -> the key [len(layers), T, d], fp16."""
        return layer_states[list(self.cfg.layers)].detach().to("cpu", torch.float16).contiguous()

    def query(self, layer_states: torch.Tensor, ids: list[int]) -> Query:
        w = self.idf[torch.tensor(ids, dtype=torch.long).clamp(0, self.cfg.vocab - 1)].float()
        return Query(self.key(layer_states), w / w.sum().clamp_min(1e-6))

    def stats(self, key: torch.Tensor, query: Query) -> torch.Tensor:
        """Features [len(layers) * N_STATS] of one (key [n, T, d], query) pair."""
        c = self.center[:, None].to(torch.float32)
        d = F.normalize(key.float() - c, dim=-1)
        q = F.normalize(query.states.float() - c, dim=-1)
        best = torch.einsum("lqd,ltd->lqt", q, d).max(-1).values  # [n, Q]: each question token's best match
        w = query.weights
        return torch.stack([best.mean(-1), best.max(-1).values, best.quantile(0.75, dim=-1),
                            best.quantile(0.25, dim=-1), F.cosine_similarity(d.mean(1), q.mean(1), dim=-1),
                            best @ w, (best > 0.6).float() @ w, (best > 0.8).float() @ w], -1).flatten()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits [members, N] for feature rows x [N, n_features]."""
        z = (x - self.x_mean) / self.x_std
        return torch.stack([m(z).squeeze(-1) for m in self.mlps])

    @torch.no_grad()
    def prob(self, key: torch.Tensor, query: Query) -> float:
        return float(torch.sigmoid(self(self.stats(key, query)[None])).mean())

    # ---- persistence -------------------------------------------------------------------------------
    def save(self, model_dir: str | Path, extra: dict | None = None) -> Path:
        return save_small(self, Path(model_dir) / FILE, extra)

    @classmethod
    def load(cls, model_dir: str | Path) -> RelevanceGate | None:
        """The gate stored in `model_dir`, or None where the model has none."""
        return load_small(cls, GateConfig, Path(model_dir) / FILE, "gate")


def save_small(module: nn.Module, path: Path, extra: dict | None = None) -> Path:
    """A small module beside the hypernetwork (the gate, the router): float32 tensors, its config and a
    summary of how it was fitted in the file's metadata."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tensors = {k: v.detach().cpu().float().contiguous() for k, v in module.state_dict().items()}
    save_file(tensors, str(path), metadata={"config": json.dumps(asdict(module.cfg)),
                                            "extra": json.dumps(extra or {})})
    return path


def load_small(cls, cfg_type, path: Path, what: str):
    """What `save_small` wrote at `path`, or None where there is no file; a broken one is refused by path."""
    if not path.is_file():
        return None
    try:
        with safe_open(str(path), framework="pt") as f:
            meta = f.metadata() or {}
            tensors = {k: f.get_tensor(k) for k in f.keys()}  # noqa: SIM118 (safe_open is not a dict)
        cfg = json.loads(meta["config"])
        module = cls(cfg_type(**{**cfg, "layers": tuple(cfg["layers"])}))
        module.load_state_dict(tensors)
    except Exception as e:  # a truncated file or one from another layout
        raise CorruptAdapterError(f"{what} file {str(path)!r} is corrupt or does not fit: {e}") from e
    return module.eval()

