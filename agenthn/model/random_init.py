"""Randomly initialised models for tests and speed benchmarks (random weights time just as well).

Presets name a base architecture; the hypernetwork is sized by keyword. `live=True` gives the
hypernetwork non-zero B scalers, so its adapters actually change the logits (a trained one would).
"""

from __future__ import annotations

from pathlib import Path

import torch
from transformers import (
    Gemma2Config,
    Gemma2ForCausalLM,
    LlamaConfig,
    LlamaForCausalLM,
    Qwen2Config,
    Qwen2ForCausalLM,
)

from agenthn.model.checkpoint import save_model_dir
from agenthn.model.config import HypernetConfig
from agenthn.model.hypernet import HyperLoRA
from agenthn.model.lora import MODULE_PATHS
from agenthn.model.tokenizer import train_tokenizer

BASES = {
    "llama-test": (LlamaConfig, LlamaForCausalLM,
                   dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                        num_key_value_heads=2, head_dim=8, max_position_embeddings=512)),
    "qwen2-test": (Qwen2Config, Qwen2ForCausalLM,
                   dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                        num_key_value_heads=2, max_position_embeddings=512)),
    "gemma2-test": (Gemma2Config, Gemma2ForCausalLM,
                    dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                         num_key_value_heads=2, head_dim=8, max_position_embeddings=512, sliding_window=64,
                         query_pre_attn_scalar=8)),
    "gemma-2-2b": (Gemma2Config, Gemma2ForCausalLM,
                   dict(vocab_size=256000, hidden_size=2304, intermediate_size=9216, num_hidden_layers=26,
                        num_attention_heads=8, num_key_value_heads=4, head_dim=256,
                        max_position_embeddings=8192, sliding_window=4096, query_pre_attn_scalar=256,
                        attn_logit_softcapping=50.0, final_logit_softcapping=30.0)),
}
SAKANA_HYPERNET = dict(lora_r=8, latent_size=512, n_latent_queries=8, num_blocks=9, n_heads=16, head_dim=128,
                       n_kv_heads=4, num_pre_head_layers=1)
TEST_HYPERNET = dict(lora_r=4, latent_size=16, n_latent_queries=4, num_blocks=2, n_heads=4, head_dim=8,
                     n_kv_heads=2)

_TOKENIZER_TEXT = ["The quick brown fox jumps over the lazy dog. My locker code is 4821. What is my pet's "
                   "name?",
                   "user model assistant system document notes profile skill rule answer question 0123456789"]


def test_tokenizer(vocab_size: int = 320):
    return train_tokenizer(_TOKENIZER_TEXT * 20, vocab_size)


def random_base(preset: str, tokenizer, seed: int = 0):
    cfg_cls, model_cls, kw = BASES[preset]
    kw = {"vocab_size": len(tokenizer), **kw}
    if preset.endswith("-test"):  # peaked logits: greedy decoding then has no near-ties to flip
        kw["initializer_range"] = 0.3
    cfg = cfg_cls(**kw, pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
                  eos_token_id=tokenizer.eos_token_id, tie_word_embeddings=True)
    torch.manual_seed(seed)
    if preset.startswith("gemma"):
        cfg._attn_implementation = "eager"
    return model_cls(cfg).eval()


def random_hypernet(base, targets: list[str], seed: int = 0, live: bool = True, **hyper) -> HyperLoRA:
    from agenthn.model.lora import resolve_targets

    dims = resolve_targets(base, targets)
    cfg = HypernetConfig(num_layers=base.config.num_hidden_layers, feature_size=base.config.hidden_size,
                         in_features={m: d[1] for m, d in dims.items()},
                         out_features={m: d[2] for m, d in dims.items()}, **{**TEST_HYPERNET, **hyper})
    torch.manual_seed(seed)
    net = HyperLoRA(cfg)
    if live:  # a trained hypernet has non-zero B scalers; make adapters visible in the logits
        with torch.no_grad():
            for p in net.scaler_B.values():
                p.fill_(1.0)
            if cfg.use_bias:
                for p in net.bias_B.values():
                    p.normal_(0, 0.02)
    return net


def save_random_model_dir(path: str | Path, preset: str = "llama-test", targets=("down_proj",), seed: int = 0,
                          live: bool = True, **extra) -> Path:
    """A complete model directory (base model under base/) for tests."""
    path = Path(path)
    tok = test_tokenizer()
    base = random_base(preset, tok, seed)
    base.save_pretrained(path / "base")
    tok.save_pretrained(path / "base")
    hyper = {k: extra.pop(k) for k in list(extra) if k in HypernetConfig.__dataclass_fields__}
    net = random_hypernet(base, list(targets), seed, live, **hyper)
    target_paths = {MODULE_PATHS.get(t, t).rsplit(".", 1)[-1]: MODULE_PATHS.get(t, t) for t in targets}
    save_model_dir(path, net.cfg, net.state_dict(), base_model="base", target_modules=target_paths,
                   base_model_id=f"random/{preset}", **extra)
    return path
