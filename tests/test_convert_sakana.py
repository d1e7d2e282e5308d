"""Conversion of Sakana Doc-to-LoRA checkpoints: safety, strictness, and fidelity to their math.

The reference below is written from the spec (d2l_spec.md 1.3-1.5) with plain torch ops on the raw
pickle tensors (their key names and shapes), independent of agenthn.model.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import pickle
import sys
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).parent))
from sakana_fixtures import Dims, P, write_checkpoint  # noqa: E402

from agenthn.convert import add_cli  # noqa: E402
from agenthn.convert.sakana import convert  # noqa: E402
from agenthn.errors import CheckpointError  # noqa: E402
from agenthn.model.checkpoint import load_model_dir  # noqa: E402
from agenthn.model.hypernet import HyperLoRA  # noqa: E402

# ------------------------------------------------------------------------- reference (spec, plain torch)


def rms(x, w, eps=1e-6):
    x32 = x.float()
    return w * (x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + eps)).to(x.dtype)


def gated(p, prefix, x):
    return (F.silu(x @ p[prefix + "gate_proj.weight"].T) * (x @ p[prefix + "up_proj.weight"].T)) @ p[
        prefix + "down_proj.weight"].T


def attention(p, prefix, q_in, kv_in, d: Dims):
    """Non-causal, no positions, GQA: query head h reads kv head h // (heads / kv)."""
    q = (q_in @ p[prefix + "q_proj.weight"].T).view(len(q_in), d.heads, d.head_dim)
    k = (kv_in @ p[prefix + "k_proj.weight"].T).view(len(kv_in), d.kv, d.head_dim)
    v = (kv_in @ p[prefix + "v_proj.weight"].T).view(len(kv_in), d.kv, d.head_dim)
    outs = []
    for h in range(d.heads):
        g = h // (d.heads // d.kv)
        w = torch.softmax(q[:, h] @ k[:, g].T / math.sqrt(d.head_dim), dim=-1)
        outs.append(w @ v[:, g])
    return torch.cat(outs, dim=-1) @ p[prefix + "o_proj.weight"].T


def ref_resampler(p, prefix, ctx, d: Dims):
    lat = p[prefix + "latents_q"]
    i = 0
    while f"{prefix}layers.{i}.input_latents_layernorm.weight" in p:
        q = f"{prefix}layers.{i}."
        lat_n = rms(lat, p[q + "input_latents_layernorm.weight"])
        cross = q + "input_context_layernorm.weight" in p
        kv = rms(ctx, p[q + "input_context_layernorm.weight"]) if cross else lat_n
        lat = lat + rms(attention(p, q + "self_attn.", lat_n, kv, d),
                        p[q + "post_attention_layernorm.weight"])
        ff = gated(p, q + "mlp.", rms(lat, p[q + "pre_ff_layernorm.weight"]))
        lat = lat + rms(ff, p[q + "post_ff_layernorm.weight"])
        i += 1
    return rms(lat, p[prefix + "layernorm.weight"])


def reference(p, feats, d: Dims):
    """feats [L, T, H] (valid tokens only) -> {module: (A [L, r, d_in], B [L, r, d_out])}."""
    M = len(d.modules)
    lats = []
    for layer in range(d.L):
        ctx = gated(p, P + "modality_projection.", feats[layer])
        lats.append(ref_resampler(p, P + "decoder.", ref_resampler(p, P + "encoder.", ctx, d), d))
    x = torch.stack(lats).view(1, d.L, M, d.r, d.D)
    for j in range(d.pre_head):
        q = f"layers.{j}.layers."
        h = F.layer_norm(x, (d.D,), p[q + "0.weight"], p[q + "0.bias"], 1e-5)
        h = torch.einsum("blmrd,ldh->blmrh", h, p[q + "1.weight"]) + p[q + "1.bias"]  # bias [1,L,1,1,4D]
        h = torch.einsum("blmrh,lhd->blmrd", F.silu(h), p[q + "3.weight"]) + p[q + "3.bias"]
        x = x + F.layer_norm(h, (d.D,), p[q + "4.weight"], p[q + "4.bias"], 1e-5)
    x = x / x.norm(dim=-1, keepdim=True)
    W = p["head.weight"] if M > 1 else p["head.weight"].unsqueeze(1)
    out = torch.einsum("blmrd,lmdk->blmrk", x, W)
    res = {}
    for i, m in enumerate(sorted(d.modules)):
        d_in, d_out = d.modules[m]
        res[m] = (out[0, :, i, :, :d_in] * p[f"scaler_A.{m}"][0],
                  out[0, :, i, :, d_in:d_in + d_out] * p[f"scaler_B.{m}"][0])
    return res


def load_hypernet(out_dir):
    config, cfg, state = load_model_dir(out_dir)
    model = HyperLoRA(cfg)
    model.load_state_dict(state, strict=True)
    return config, model.eval()


# ---------------------------------------------------------------------------------------------- tests

CASES = {
    "current": (Dims(), {}),
    "legacy": (Dims(), {"legacy": True}),
    "pre_head_4": (Dims(pre_head=4), {"config_pre_head": 1}),
    "orig_mod": (Dims(), {"orig_mod": True}),
    "two_modules_self_attn": (Dims(modules={"down_proj": (64, 32), "q_proj": (32, 24)}, self_per_block=1),
                              {}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_converted_hypernet_matches_reference(tmp_path, case):
    d, kw = CASES[case]
    raw = write_checkpoint(tmp_path / "pytorch_model.bin", d, **kw)
    assert not any(k.startswith("ctx_to_lora") for k in sys.modules)  # conversion must not rely on them
    out = convert(tmp_path, tmp_path / "out")
    config, model = load_hypernet(out)
    assert config["base_model"] == "google/gemma-2-2b-it" and config["max_chunk_tokens"] == 8192
    assert config["target_modules"]["down_proj"] == "mlp.down_proj"
    assert config["hypernet"]["lora_alpha"] == pytest.approx(2 * d.r**1.5)
    assert config["hypernet"]["num_pre_head_layers"] == d.pre_head
    g = torch.Generator().manual_seed(1)
    lengths, T = [7, 4], 7  # the second document is padded: the mask must hide its padding
    feats = torch.randn(2, d.L, T, d.H, generator=g)
    mask = torch.tensor([[1] * n + [0] * (T - n) for n in lengths])
    with torch.no_grad():
        got = model(feats, mask)
    for b, n in enumerate(lengths):
        want = reference(raw, feats[b, :, :n], d)
        for m in d.modules:
            torch.testing.assert_close(got[m][0][b], want[m][0], atol=1e-5, rtol=1e-4)
            torch.testing.assert_close(got[m][1][b], want[m][1], atol=1e-5, rtol=1e-4)
    for m, (A, B) in model.static_block().items():
        assert torch.equal(A, raw[f"bias_A.{m}"]) and torch.equal(B, raw[f"bias_B.{m}"])


def test_plain_load_needs_map_location(tmp_path):
    """The fixture is faithful: like their files, storages are tagged CUDA."""
    write_checkpoint(tmp_path / "pytorch_model.bin")
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError, match="CUDA"):
            torch.load(tmp_path / "pytorch_model.bin", weights_only=False)


def test_extra_key_is_refused(tmp_path):
    write_checkpoint(tmp_path / "pytorch_model.bin", extra={"head.bias": torch.zeros(3)})
    with pytest.raises(CheckpointError, match="'head.bias'"):
        convert(tmp_path, tmp_path / "out")
    assert not (tmp_path / "out" / "config.json").exists()


@pytest.mark.parametrize("key", [f"{P}decoder.layers.0.mlp.up_proj.weight", "layers.0.layers.4.bias",
                                 "scaler_B.down_proj", "head.weight"])
def test_missing_key_is_refused(tmp_path, key):
    write_checkpoint(tmp_path / "pytorch_model.bin", drop=key)
    with pytest.raises(CheckpointError, match=f"missing key '{key}'"):
        convert(tmp_path, tmp_path / "out")


def test_non_layer_to_layer_is_refused(tmp_path):
    d = Dims()
    raw_extra = {f"{P}decoder.latents_q": torch.randn(d.L * d.r, d.D)}  # 208-query style decoder
    write_checkpoint(tmp_path / "pytorch_model.bin", d, extra=raw_extra)
    with pytest.raises(CheckpointError, match="layer-to-layer"):
        convert(tmp_path, tmp_path / "out")


def test_config_contradiction_names_both_values(tmp_path):
    def edit(meta):
        meta["hypernet_config"].aggregator_config.num_layers = 26
    write_checkpoint(tmp_path / "pytorch_model.bin", edit_meta=edit)
    with pytest.raises(CheckpointError, match=r"num_layers=26 contradicts the tensors \(2\)"):
        convert(tmp_path, tmp_path / "out")


def test_separate_context_encoder_is_refused(tmp_path):
    def edit(meta):
        meta["ctx_encoder_args"].ctx_encoder_model_name_or_path = "google/gemma-3-4b-it"
    write_checkpoint(tmp_path / "pytorch_model.bin", edit_meta=edit)
    with pytest.raises(CheckpointError, match="gemma-3-4b-it"):
        convert(tmp_path, tmp_path / "out")


class Evil:
    def __init__(self, fn, arg):
        self.fn, self.arg = fn, arg

    def __reduce__(self):
        return (self.fn, (self.arg,))


@pytest.mark.parametrize("fn, name", [(os.system, "system"), (eval, "eval")])
def test_foreign_global_is_refused_without_running(tmp_path, fn, name):
    marker = tmp_path / "pwned_marker"
    arg = f"touch {marker}" if fn is os.system else f"open({str(marker)!r}, 'w')"
    torch.save({"head.weight": torch.zeros(1), "x": Evil(fn, arg)}, tmp_path / "pytorch_model.bin")
    with pytest.raises(CheckpointError, match=rf"disallowed global \w+\.{name}"):
        convert(tmp_path, tmp_path / "out")
    assert not marker.exists()


def test_handcrafted_legacy_pickle_is_refused(tmp_path):
    """A raw (non-zip) pickle goes through torch's legacy path, i.e. our module's `load`."""
    marker = tmp_path / "pwned_marker"
    (tmp_path / "evil.bin").write_bytes(b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR.")
    with pytest.raises(CheckpointError, match=r"os\.system"):
        convert(tmp_path / "evil.bin", tmp_path / "out")
    assert not marker.exists()
    assert pickle.loads(pickle.dumps(1)) == 1  # nothing global was patched


def test_cli_registers_convert_sakana(tmp_path):
    write_checkpoint(tmp_path / "pytorch_model.bin")
    parser = argparse.ArgumentParser()
    add_cli(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["convert", "sakana", str(tmp_path / "pytorch_model.bin"), str(tmp_path / "out"),
                              "--dtype", "bfloat16", "--quantize-ctx-encoder"])
    assert args.func(args) == 0
    config, _, state = load_model_dir(tmp_path / "out")
    assert config["ctx_encoder"] == {"dtype": "bfloat16", "quantize_4bit": True}
    assert all(v.dtype == torch.bfloat16 for v in state.values())


# ------------------------------------------------------------------------------- end to end (engine)

ENGINE_MISSING = importlib.util.find_spec("agenthn.engine.d2l") is None


def gemma_features(model, ids):
    """Spec 1.2: slices 0..L-2 are the inputs of layers 0..L-2; the last is layer L-2's output,
    final-normed."""
    with torch.no_grad():
        hs = model.model(input_ids=ids, output_hidden_states=True).hidden_states
    L = model.config.num_hidden_layers
    return torch.stack(list(hs[: L - 1]) + [model.model.norm(hs[L - 1])], dim=1)  # [1, L, T, H]


def factor(mapping, module, path):
    return mapping[module] if module in mapping else mapping[path]


@pytest.mark.skipif(ENGINE_MISSING, reason="agenthn.engine.d2l is not there yet; runs once the engine lands")
def test_end_to_end_adapter_matches_reference(tmp_path):
    from transformers import Gemma2Config, Gemma2ForCausalLM

    import agenthn
    from agenthn.model.tokenizer import train_tokenizer

    tok = train_tokenizer(["the cat sat on the mat", "dogs bark at the moon"] * 20, vocab_size=300)
    d = Dims()
    base_cfg = Gemma2Config(vocab_size=len(tok), hidden_size=d.H, intermediate_size=64, num_hidden_layers=d.L,
                            num_attention_heads=2, num_key_value_heads=1, head_dim=16,
                            attn_implementation="eager",
                            pad_token_id=tok.pad_token_id, bos_token_id=tok.bos_token_id,
                            eos_token_id=tok.eos_token_id)
    torch.manual_seed(0)
    base = Gemma2ForCausalLM(base_cfg).eval()
    raw = write_checkpoint(tmp_path / "pytorch_model.bin", d, base_model="base")
    out = convert(tmp_path, tmp_path / "model", ctx_encoder_dtype="float32")
    base.save_pretrained(out / "base")
    tok.save_pretrained(out / "base")

    doc = "the cat sat on the mat"
    text = f"<bos><start_of_turn>user\n\n\n{doc}<end_of_turn>\n<start_of_turn>model\n"  # spec 3.1
    ids = tok(text, add_special_tokens=False, return_tensors="pt").input_ids
    want = reference(raw, gemma_features(base, ids)[0], d)

    adapter = agenthn.load(out).internalize(doc)
    assert adapter.scale == pytest.approx(2 * d.r**1.5)
    for m in d.modules:
        A, B = factor(adapter.A, m, "mlp." + m), factor(adapter.B, m, "mlp." + m)
        assert A.shape == (d.L, 2 * d.r, d.modules[m][0])  # r generated ranks, then r static ranks
        torch.testing.assert_close(A.float()[:, : d.r], want[m][0], atol=1e-4, rtol=1e-3)
        torch.testing.assert_close(B.float()[:, : d.r], want[m][1], atol=1e-4, rtol=1e-3)
        torch.testing.assert_close(A.float()[:, d.r:], raw[f"bias_A.{m}"], atol=1e-6, rtol=1e-5)
        torch.testing.assert_close(B.float()[:, d.r:], raw[f"bias_B.{m}"], atol=1e-6, rtol=1e-5)
