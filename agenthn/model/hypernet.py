"""HyperLoRA: Perceiver latents -> per-layer LoRA factors.

    features [B,L,T,H] --Perceiver--> latents [B,L,M,r,D] --pre-head MLP (per-layer weights)-->
    --L2 normalise--> head [L,M,D,d_lora] --> (A row | B row) per rank --per-rank scalers--> A, B
    (with head_extra E: + silu(x . W_l [D,E]) . head_extra [L,M,E,d_lora], zero at the start;
    a module in `shared_head` reads one head_shared [D,d_lora] for every layer, times head_gain [L,d_lora])

One latent per (layer, module, rank) emits one row of A ([r, d_in]) and one row of B
([r, d_out]); both are stored rank-major. `scaler_B` starts at zero, so an untrained
hypernetwork adds nothing. The static block (`bias_A`, `bias_B`) is document-independent and is
appended once per adapter by the engine.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from agenthn.model.config import HypernetConfig
from agenthn.model.perceiver import Perceiver


class PreHeadBlock(nn.Module):
    """x + LN2(W2_l . silu(W1_l . LN1(x) + b1_l) + b2_l), with separate weights for each layer l."""

    def __init__(self, cfg: HypernetConfig):
        super().__init__()
        L, D, Hd = cfg.num_layers, cfg.latent_size, cfg.pre_head_hidden
        self.norm_in = nn.LayerNorm(D, eps=cfg.layer_norm_eps)
        self.w1 = nn.Parameter(torch.empty(L, D, Hd).uniform_(-math.sqrt(3 / D), math.sqrt(3 / D)))
        self.b1 = nn.Parameter(torch.empty(L, Hd).uniform_(-math.sqrt(1 / D), math.sqrt(1 / D)))
        self.w2 = nn.Parameter(torch.empty(L, Hd, D).uniform_(-math.sqrt(3 / Hd), math.sqrt(3 / Hd)))
        self.b2 = nn.Parameter(torch.empty(L, D).uniform_(-math.sqrt(1 / Hd), math.sqrt(1 / Hd)))
        self.norm_out = nn.LayerNorm(D, eps=cfg.layer_norm_eps)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: [B, L, M, r, D]
        h = torch.einsum("blmrd,ldh->blmrh", self.norm_in(x), self.w1) + self.b1[None, :, None, None]
        h = torch.einsum("blmrh,lhd->blmrd", F.silu(h), self.w2) + self.b2[None, :, None, None]
        return x + self.norm_out(h)


class HyperLoRA(nn.Module):
    def __init__(self, cfg: HypernetConfig):
        super().__init__()
        self.cfg = cfg
        L, r, D, M = cfg.num_layers, cfg.lora_r, cfg.latent_size, len(cfg.modules)
        self.aggregator = Perceiver(cfg)
        self.pre_head = nn.ModuleList(PreHeadBlock(cfg) for _ in range(cfg.num_pre_head_layers))
        std = 0.5 / math.sqrt(D + cfg.d_lora * r)
        self.head = nn.Parameter(torch.randn(L, len(cfg.per_layer_modules), D, cfg.d_lora) * std)
        if cfg.shared_head:
            S = len(cfg.shared_head)
            self.head_shared = nn.Parameter(torch.randn(S, D, cfg.d_lora) * std)
            self.head_gain = nn.Parameter(torch.ones(L, S, cfg.d_lora))
        # rows of the per-layer and the shared heads (positions in cfg.modules), and the order that puts
        # their outputs, concatenated, back into cfg.modules' order
        own, shared = ([cfg.modules.index(m) for m in ms] for ms in (cfg.per_layer_modules, cfg.shared_head))
        self._head_rows = own, shared, sorted(range(M), key=(own + shared).__getitem__)
        if cfg.head_extra:  # zero second head: a wider hypernetwork starts out computing the narrow one
            E = cfg.head_extra
            self.head_expand = nn.Parameter(torch.randn(L, D, E) / math.sqrt(D))
            self.head_extra = nn.Parameter(torch.zeros(L, M, E, cfg.d_lora))
        self.scaler_A = nn.ParameterDict({m: nn.Parameter(torch.ones(L, r)) for m in cfg.modules})
        self.scaler_B = nn.ParameterDict({m: nn.Parameter(torch.zeros(L, r)) for m in cfg.modules})
        if cfg.use_bias:
            self.bias_A = nn.ParameterDict(
                {m: nn.Parameter(torch.randn(L, r, d) * 0.2 / math.sqrt(d * r))
                 for m, d in cfg.in_features.items()}
            )
            self.bias_B = nn.ParameterDict({m: nn.Parameter(torch.zeros(L, r, d))
                                            for m, d in cfg.out_features.items()})

    def forward(self, feats: torch.Tensor, mask: torch.Tensor, layers_per_step: int | None = None):
        """features [B, L, T, H], mask [B, T] -> {module: (A [B, L, r, d_in], B [B, L, r, d_out])}."""
        cfg = self.cfg
        lat = self.aggregator(feats, mask, layers_per_step)  # [B, L, M*r, D]
        B, L = lat.shape[:2]
        x = lat.view(B, L, len(cfg.modules), cfg.lora_r, cfg.latent_size)  # module-major, then rank
        for block in self.pre_head:
            x = block(x)
        x = x / x.norm(dim=-1, keepdim=True)
        out = self._head(x)
        if cfg.head_extra:
            e = F.silu(torch.einsum("blmrd,lde->blmre", x, self.head_expand))
            out = out + torch.einsum("blmre,lmek->blmrk", e, self.head_extra)
        factors = {}
        for i, m in enumerate(cfg.modules):
            d_in, d_out = cfg.in_features[m], cfg.out_features[m]
            A = out[:, :, i, :, :d_in] * self.scaler_A[m][None, :, :, None]
            Bm = out[:, :, i, :, d_in : d_in + d_out] * self.scaler_B[m][None, :, :, None]
            factors[m] = (A, Bm)
        return factors

    def _head(self, x: torch.Tensor) -> torch.Tensor:
        """[B, L, M, r, D] -> [B, L, M, r, d_lora]: per-layer heads, and shared ones with their gains."""
        if not self.cfg.shared_head:
            return torch.einsum("blmrd,lmdk->blmrk", x, self.head)
        own, shared, order = self._head_rows
        y_own = torch.einsum("blmrd,lmdk->blmrk", x[:, :, own], self.head)
        y_shared = torch.einsum("blmrd,mdk->blmrk", x[:, :, shared], self.head_shared)
        return torch.cat([y_own, y_shared * self.head_gain[None, :, :, None]], dim=2)[:, :, order]

    def static_block(self) -> dict[str, tuple[torch.Tensor, torch.Tensor]] | None:
        if not self.cfg.use_bias:
            return None
        return {m: (self.bias_A[m], self.bias_B[m]) for m in self.cfg.modules}
