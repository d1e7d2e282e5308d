"""Perceiver aggregator: learned latents cross-attend over a document's per-layer features.

Layout follows the Idefics2-style resampler used by Doc-to-LoRA (an encoder resampler with
`n_latent_queries` latents, then a decoder resampler with one latent per (module, rank)), so
released checkpoints map onto it key by key. No positional encoding, non-causal attention,
GQA, and a key-padding mask instead of FlashAttention's unpadding.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from agenthn.model.config import HypernetConfig


class RMSNorm(nn.Module):
    """w * x / rms(x), normalised in fp32 then cast back before the weight (the D2L rounding)."""

    def __init__(self, dim: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x32 = x.float()
        normed = x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * normed.to(x.dtype)


class GatedMLP(nn.Module):
    def __init__(self, d_in: int, d_hidden: int, d_out: int):
        super().__init__()
        self.gate_proj = nn.Linear(d_in, d_hidden, bias=False)
        self.up_proj = nn.Linear(d_in, d_hidden, bias=False)
        self.down_proj = nn.Linear(d_hidden, d_out, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Attention(nn.Module):
    def __init__(self, cfg: HypernetConfig):
        super().__init__()
        D, h, kv, hd = cfg.latent_size, cfg.n_heads, cfg.n_kv_heads, cfg.head_dim
        self.n_heads, self.n_kv, self.head_dim = h, kv, hd
        self.q_proj = nn.Linear(D, h * hd, bias=False)
        self.k_proj = nn.Linear(D, kv * hd, bias=False)
        self.v_proj = nn.Linear(D, kv * hd, bias=False)
        self.o_proj = nn.Linear(h * hd, D, bias=False)

    def forward(self, q_in: torch.Tensor, kv_in: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        B, Q, _ = q_in.shape
        T = kv_in.shape[1]
        q = self.q_proj(q_in).view(B, Q, self.n_heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(kv_in).view(B, T, self.n_kv, self.head_dim).transpose(1, 2)
        v = self.v_proj(kv_in).view(B, T, self.n_kv, self.head_dim).transpose(1, 2)
        # query head h reads kv head h // (n_heads / n_kv): repeat_interleave semantics
        rep = self.n_heads // self.n_kv
        k, v = k.repeat_interleave(rep, dim=1), v.repeat_interleave(rep, dim=1)
        attn_mask = None if mask is None else mask[:, None, None, :].bool()  # [B,1,1,T]
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask)  # (B, h, Q, hd)
        return self.o_proj(out.transpose(1, 2).reshape(B, Q, self.n_heads * self.head_dim))


class PerceiverLayer(nn.Module):
    """Sandwich-norm layer; a cross layer reads keys/values from the context only."""

    def __init__(self, cfg: HypernetConfig, cross: bool):
        super().__init__()
        D, eps = cfg.latent_size, cfg.rms_eps
        self.cross = cross
        self.input_latents_layernorm = RMSNorm(D, eps)
        if cross:
            self.input_context_layernorm = RMSNorm(D, eps)
        self.self_attn = Attention(cfg)
        self.post_attention_layernorm = RMSNorm(D, eps)
        self.pre_ff_layernorm = RMSNorm(D, eps)
        self.post_ff_layernorm = RMSNorm(D, eps)
        self.mlp = GatedMLP(D, cfg.perceiver_mlp_hidden, D)

    def forward(self, latents, context, mask):
        lat_n = self.input_latents_layernorm(latents)
        if self.cross:
            a = self.self_attn(lat_n, self.input_context_layernorm(context), mask)
        else:
            a = self.self_attn(lat_n, lat_n, None)
        latents = latents + self.post_attention_layernorm(a)
        return latents + self.post_ff_layernorm(self.mlp(self.pre_ff_layernorm(latents)))


class Resampler(nn.Module):
    def __init__(self, cfg: HypernetConfig, n_latents: int, n_blocks: int):
        super().__init__()
        self.latents_q = nn.Parameter(torch.randn(n_latents, cfg.latent_size))
        per_block = 1 + cfg.num_self_attn_per_block
        self.layers = nn.ModuleList(
            PerceiverLayer(cfg, cross=(i % per_block == 0)) for i in range(n_blocks * per_block)
        )
        self.layernorm = RMSNorm(cfg.latent_size, cfg.rms_eps)

    def forward(self, context: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        latents = self.latents_q.unsqueeze(0).expand(context.shape[0], -1, -1).to(context.dtype)
        for layer in self.layers:
            latents = layer(latents, context, mask)
        return self.layernorm(latents)


class Perceiver(nn.Module):
    """features [B, L, T, H] + mask [B, T] -> latents [B, L, M*r, D] (layer-to-layer mode)."""

    def __init__(self, cfg: HypernetConfig):
        super().__init__()
        self.cfg = cfg
        n_out = len(cfg.modules) * cfg.lora_r
        self.modality_projection = GatedMLP(cfg.feature_size, cfg.modality_hidden, cfg.latent_size)
        self.encoder = Resampler(cfg, cfg.n_latent_queries, cfg.num_blocks)
        self.decoder = Resampler(cfg, n_out, 1)

    def forward(self, feats: torch.Tensor, mask: torch.Tensor, layers_per_step: int | None = None):
        B, L, T, H = feats.shape
        step = layers_per_step or L
        outs = []
        # Iterating over layer slices bounds peak memory (modality projection runs on L*T tokens);
        # the result is identical because the slices never interact.
        for l0 in range(0, L, step):
            chunk = feats[:, l0 : l0 + step]
            n = chunk.shape[1]
            x = chunk.transpose(0, 1).reshape(n * B, T, H)  # layer-major fold
            m = mask.repeat(n, 1)
            ctx = self.modality_projection(x)
            lat = self.decoder(self.encoder(ctx, m), None)  # decoder context is all valid
            outs.append(lat.view(n, B, -1, lat.shape[-1]).transpose(0, 1))
        return torch.cat(outs, dim=1)
