"""The training step's speed-ups change nothing it computes: train.common.compile_norms and
compile_mlp_rotary (the eager backend here: inductor needs a GPU to pay off), and base passes
without padding masks (hyper.causal_only) on right-padded rows."""

import torch
from transformers import LlamaConfig, LlamaForCausalLM

from agenthn.train.common import compile_norms


def _model():
    torch.manual_seed(0)
    conf = LlamaConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=3,
                       num_attention_heads=4, num_key_value_heads=2)
    model = LlamaForCausalLM(conf).eval()
    for name, p in model.named_parameters():  # norms start at ones: make them matter
        if "norm" in name:
            p.data.uniform_(0.5, 1.5)
    return model


def test_routes_every_norm_and_keeps_the_logits():
    model = _model()
    ids = torch.randint(0, 64, (2, 7))
    want = model(ids).logits
    assert compile_norms(model, backend="eager") == 2 * 3 + 1  # two per layer and the final one
    got = model(ids).logits
    assert torch.equal(got, want)


def test_norm_weights_still_get_their_own_values_and_gradients_flow():
    model = _model()
    compile_norms(model, backend="eager")
    norm = model.model.layers[1].input_layernorm
    x = torch.randn(2, 5, 32, requires_grad=True)
    before = norm(x)
    with torch.no_grad():
        norm.weight.mul_(2.0)  # the routed forward reads the module's current weight
    after = norm(x)
    assert torch.allclose(after, 2.0 * before)
    after.sum().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0


def test_the_hypernetwork_s_norms_route_too_with_the_same_factors_and_gradients():
    """compile_norms on the hypernetwork (hyper.compile_hyper_norms): every Perceiver RMSNorm goes
    through the compiled function, the factors are the same and so is every parameter's gradient,
    the norms' trained weights included."""
    from agenthn.model.config import HypernetConfig
    from agenthn.model.hypernet import HyperLoRA
    from agenthn.model.perceiver import RMSNorm

    torch.manual_seed(0)
    cfg = HypernetConfig(num_layers=2, feature_size=16, in_features={"down_proj": 24},
                         out_features={"down_proj": 16}, lora_r=2, latent_size=16, n_latent_queries=4,
                         num_blocks=1, num_self_attn_per_block=1, n_heads=2, head_dim=8, n_kv_heads=1,
                         modality_hidden=32, perceiver_mlp_hidden=32)
    net = HyperLoRA(cfg)
    for m in net.modules():
        if isinstance(m, RMSNorm):
            m.weight.data.uniform_(0.5, 1.5)
    feats, mask = torch.randn(3, 2, 5, 16), torch.ones(3, 5, dtype=torch.long)

    def run():
        net.zero_grad()
        out = net(feats, mask)
        sum(f.square().sum() for ab in out.values() for f in ab).backward()
        return out, [p.grad.clone() for p in net.parameters() if p.grad is not None]

    want, grads = run()
    n = sum(isinstance(m, RMSNorm) for m in net.modules())
    assert n > 0 and compile_norms(net, backend="eager") == n
    got, grads2 = run()
    assert all(torch.allclose(got[k][i], want[k][i], rtol=1e-6, atol=1e-7) for k in want for i in range(2))
    assert len(grads) == len(grads2) > n  # the norms' weights among them
    assert all(torch.allclose(a, b, rtol=1e-5, atol=1e-7) for a, b in zip(grads, grads2, strict=True))


def test_mlp_and_rotary_routing_keeps_logits_gradients_and_the_lora_hooks(monkeypatch):
    """compile_mlp_rotary: the same logits, the down_proj hooks still fire, gradients still flow."""
    from transformers.models.llama import modeling_llama

    from agenthn.train.common import compile_mlp_rotary

    # the rotary function is replaced in the model family's module: put the original back afterwards
    original = modeling_llama.apply_rotary_pos_emb
    monkeypatch.setattr(modeling_llama, "apply_rotary_pos_emb", original)
    model = _model()
    ids = torch.randint(0, 64, (2, 7))
    want = model(ids).logits
    seen = []
    for layer in model.model.layers:
        layer.mlp.down_proj.register_forward_hook(lambda m, a, out: seen.append(out.shape))
    assert compile_mlp_rotary(model, backend="eager") == (3, 3)
    assert modeling_llama.apply_rotary_pos_emb is not original
    got = model(ids).logits
    assert torch.equal(got, want) and len(seen) == 3  # the routed run still calls every down_proj
    x = model.model.embed_tokens(ids).detach().requires_grad_(True)
    model(inputs_embeds=x).logits.sum().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0


def test_right_padded_rows_read_the_same_without_a_padding_mask():
    from agenthn.train.objective import selected_logits

    model = _model()
    ids = torch.randint(1, 64, (3, 9))
    att = torch.ones_like(ids)
    for i, n in enumerate((9, 5, 2)):  # right padding, as collate builds it
        ids[i, n:], att[i, n:] = 0, 0
    labels = torch.where(att.bool(), ids, torch.full_like(ids, -100))
    batch = {"input_ids": ids, "attention_mask": att, "labels": labels}
    masked = selected_logits(model, batch)
    assert torch.allclose(selected_logits(model, batch, causal_only=True), masked, atol=1e-5)
    left = {k: v.flip(1) for k, v in batch.items()}  # left padding would differ: the check can fail
    assert not torch.allclose(selected_logits(model, left, causal_only=True), selected_logits(model, left),
                              atol=1e-3)


def test_context_features_without_a_padding_mask_match_at_real_tokens():
    import agenthn

    model = agenthn.load("tiny", device="cpu")
    chunks = [model.doc_chunks(d)[0] for d in ("Mira lives in Oslo.", "Tam's locker code is 4821. " * 6)]
    masked, mask = model.features(chunks)
    causal, _ = model.features(chunks, causal_only=True)
    real = mask.bool()[:, None, :, None].expand_as(masked)
    assert mask.sum() < mask.numel()  # the short chunk is padded: the check can tell
    assert torch.allclose(causal[real], masked[real], atol=1e-5)


def test_packed_rows_get_their_own_adapter_through_grouped_products():
    """A packed sequence's per-row adapters (hyper.packed): in bfloat16 the hook's two grouped matrix
    products give each row's span its own factors, as a product per row in float32 does (a rank of 5
    is padded to the kernel's alignment), and gradients reach every row's factors."""
    from agenthn.model.lora import _spans

    g = torch.Generator().manual_seed(0)
    sizes = (3, 7, 1, 5)
    x = torch.randn(sum(sizes), 16, generator=g)
    A, B = torch.randn(4, 5, 16, generator=g), torch.randn(4, 5, 24, generator=g)
    offs = torch.tensor(sizes).cumsum(0).to(torch.int32)
    want = _spans(x, A, B, offs, sizes)
    assert torch.allclose(want[3:10], x[3:10] @ A[1].T @ B[1])
    a, b = A.bfloat16().requires_grad_(), B.bfloat16().requires_grad_()
    got = _spans(x.bfloat16(), a, b, offs, sizes)
    assert got.dtype == torch.bfloat16 and torch.allclose(got.float(), want, rtol=0.05, atol=0.3)
    assert not torch.allclose(_spans(x.bfloat16(), a.flip(0), b.flip(0), offs, sizes).float(), want,
                              rtol=0.05, atol=0.3)
    got.float().square().sum().backward()
    assert a.grad.shape == a.shape and all(float(a.grad[i].abs().sum()) > 0 for i in range(4))


def test_context_features_without_a_padding_mask_build_no_mask(monkeypatch):
    """With `causal_only` the encoder runs the model's own attention kernel under a name transformers
    has no mask function for, so it neither builds a mask nor checks the positions for packed
    sequences (on a GPU that check reads a reduction back: a host-device sync every encoder pass)."""
    from transformers import masking_utils

    import agenthn

    model = agenthn.load("tiny", device="cpu")
    config = model.ctx_encoder.config
    assert config._attn_implementation == "sdpa"  # a kernel transformers names: the switch applies
    chunks = [model.doc_chunks(d)[0] for d in ("Mira lives in Oslo.", "Tam's locker code is 4821. " * 6)]
    want, _ = model.features(chunks, causal_only=True)
    checks = []
    monkeypatch.setattr(masking_utils, "find_packed_sequence_indices", lambda *a: checks.append(a))
    got, _ = model.features(chunks, causal_only=True)
    assert checks == [] and torch.equal(got, want)
    assert config._attn_implementation == "sdpa"  # switched back after the pass


def test_compiled_norms_keep_every_variant_they_meet():
    """A training step calls the compiled norm function under many variants (grad modes, dtypes, a
    packed pass's batch of one, the hypernetwork's float32 norms); past Dynamo's default limit of 8
    a call would silently run eager. Sixteen variants here, each compiled."""
    torch._dynamo.reset()
    compiled = []

    def backend(gm, example_inputs):  # counts compiled variants, runs the traced graph as it is
        compiled.append(gm)
        return gm.forward

    model = _model()
    assert compile_norms(model, backend=backend) == 7
    norm = model.model.norm
    for dtype in (torch.float32, torch.float64, torch.bfloat16, torch.float16):
        norm.weight.data = norm.weight.data.to(dtype)
        for grad in (False, True):
            for batch in (1, 3):
                norm(torch.randn(batch, 5, 32, dtype=dtype, requires_grad=grad))
    assert len(compiled) == 16
    torch._dynamo.reset()
