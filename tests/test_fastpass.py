"""hyper.compiled_layers (agenthn.train.fastpass): a packed pass through the written-out decoder layer
computes what the model's own modules and LoRA hooks compute, hidden states and gradients alike, and
the compiled layer (the eager backend here: inductor needs a GPU to pay off) computes the same."""

import numpy as np
import pytest
import torch
from transformers import LlamaConfig, LlamaForCausalLM

from agenthn.errors import AgentHNError
from agenthn.model import lora
from agenthn.train import fastpass, objective, packing
from agenthn.train.data import Encoded


def _model(**extra):
    torch.manual_seed(0)
    conf = LlamaConfig(vocab_size=64, hidden_size=32, intermediate_size=48, num_hidden_layers=3,
                       num_attention_heads=4, num_key_value_heads=2, **extra)
    model = LlamaForCausalLM(conf).eval().requires_grad_(False)
    for name, p in model.named_parameters():  # norms start at ones: make them matter
        if "norm" in name:
            p.data.uniform_(0.5, 1.5)
    return model


def _batch(lengths=(5, 9, 2, 7)):
    rng = np.random.default_rng(0)
    items = []
    for n in lengths:
        mask = np.zeros(n, np.uint8)
        mask[n // 2:] = 1  # the second half of each row are targets
        items.append(Encoded(rng.integers(1, 64, n).astype(np.int32), mask))
    return packing.pack_host(items, adapter_of=list(range(len(lengths))))


def _factors(model, targets, rows=4, rank=3):
    """Per-row factors (with gradients) for `targets`, as the hypernetwork hands them to a pass."""
    g = torch.Generator().manual_seed(1)
    dims = lora.resolve_targets(model, targets)
    L = model.config.num_hidden_layers
    A = {k: torch.randn(rows, L, rank, d_in, generator=g) for k, (_, d_in, _) in dims.items()}
    B = {k: torch.randn(rows, L, rank, d_out, generator=g) for k, (_, _, d_out) in dims.items()}
    return ({k: (0.3 * t).requires_grad_() for k, t in f.items()} for f in (A, B))


def _run(model, batch, A, B, fast: bool):
    for t in (*A.values(), *B.values()):
        t.grad = None
    adapters = lora.LoRABatch(dict(A), dict(B)) if A else None
    if fast:
        fastpass.install(model, backend="eager")
    hidden = objective._packed_hidden(model, batch, adapters)
    fastpass.uninstall(model)
    if A:
        hidden.square().sum().backward()
    return hidden.detach(), {k: t.grad.clone() for k, t in (*A.items(), *B.items())} if A else {}


@pytest.mark.parametrize("targets", [["down_proj"], ["q_proj", "v_proj", "down_proj", "up_proj"]])
def test_the_written_out_layer_matches_the_modules_and_hooks(targets):
    model = _model()
    lora.install_hooks(model, lora.resolve_targets(model, targets))
    batch = _batch()
    A, B = _factors(model, targets)
    want, want_grads = _run(model, batch, A, B, fast=False)
    got, grads = _run(model, batch, A, B, fast=True)
    assert got.shape == (len(batch["at"]), 32)
    assert torch.allclose(got, want, atol=1e-5)
    assert all(torch.allclose(grads[k], want_grads[k], atol=1e-5) for k in want_grads)
    assert all(float(g.abs().sum()) > 0 for g in grads.values())
    # rows see only their own span and their own adapter: another row's adapter changes the answer
    swapped = {k: a.detach().flip(0).requires_grad_() for k, a in A.items()}
    other, _ = _run(model, batch, swapped, B, fast=True)
    assert not torch.allclose(other, want, atol=1e-3)


def test_under_bfloat16_autocast_the_two_ways_round_alike():
    """Session 46 on one H200: in bfloat16 the two ways' gradients of the factors differed by up to 35% (A)
    and 85% (B) of their largest value, each way deterministic run to run. On the CPU under autocast they
    round alike (the same casts in the same places); the GPU's difference is then its own kernels'
    (the modules' compiled norms and rotary, inductor's fused layer, flash attention), not the layer's
    arithmetic."""
    model = _model()
    lora.install_hooks(model, lora.resolve_targets(model, ["down_proj"]))
    batch = _batch()
    A, B = _factors(model, ["down_proj"])
    with torch.autocast("cpu", dtype=torch.bfloat16):
        want, want_grads = _run(model, batch, A, B, fast=False)
        got, grads = _run(model, batch, A, B, fast=True)
    assert torch.allclose(got, want, atol=1e-6, rtol=0)
    assert all(torch.allclose(grads[k], want_grads[k], atol=1e-6, rtol=0) for k in want_grads)
    exact, _ = _run(model, batch, A, B, fast=False)  # float32: autocast did round the two passes
    assert not torch.allclose(exact, want.float(), atol=1e-4)


def test_without_adapters_it_is_the_base_alone_and_rows_do_not_see_each_other():
    model = _model()
    batch = _batch()
    want, _ = _run(model, batch, {}, {}, fast=False)
    got, _ = _run(model, batch, {}, {}, fast=True)
    assert torch.allclose(got, want, atol=1e-5)
    # the last row alone gives the same hidden states at its targets as inside the packed sequence
    alone = _batch(lengths=(7,))
    alone["input_ids"] = batch["input_ids"][:, -7:]
    solo, _ = _run(model, alone, {}, {}, fast=True)
    assert torch.allclose(solo, got[-len(alone["at"]):], atol=1e-5)


def test_a_base_it_cannot_write_out_is_refused_with_the_setting_named():
    model = _model(mlp_bias=True)
    with pytest.raises(AgentHNError, match="compiled_layers.*biases"):
        fastpass.install(model)


def test_the_layer_traces_as_one_graph_in_bfloat16_with_grouped_products():
    """On a GPU the layer runs in bfloat16, its adapters through grouped products: `torch.compile` must
    see it whole (fullgraph: a graph break would fail here). Attention is a traceable stand-in on the
    CPU (the GPU's variable-length flash kernel is a custom op with its own fake implementation)."""
    model = _model().to(torch.bfloat16)
    batch = _batch()
    A, B = _factors(model, ["down_proj"])
    lb = lora.LoRABatch(A, B, offs=batch["cu"][1:], sizes=tuple(batch["lengths"]))
    m = model.model
    h = m.embed_tokens(batch["input_ids"][0])
    cos, sin = (t[0, :, None] for t in m.rotary_emb(h[None], batch["position_ids"]))

    def attend(q, k, v, cu, longest, scale):
        q, k, v = (t.transpose(0, 1)[None] for t in (q, k, v))
        out = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True, scale=scale,
                                                               enable_gqa=True)
        return out[0].transpose(0, 1)

    args = (m.layers[0], h, cos, sin, batch["cu"], batch["max_len"], attend,
            {k: lb.layer(k, 0) for k in lb.A}, lb.offs, lb.sizes)
    got = torch.compile(fastpass._layer, fullgraph=True, dynamic=True, backend="eager")(*args)
    assert got.dtype == torch.bfloat16 and torch.equal(got, fastpass._layer(*args))
    got.float().square().sum().backward()
    assert float(A["down_proj"].grad.abs().sum()) > 0


def test_the_encoder_features_through_the_layer_are_the_captured_layer_inputs():
    """The training step's features pass (`D2LModel.features(chunks, causal_only=True)`, hooks capturing
    each layer's input from the modules' forward) and `fastpass.layer_inputs` (the chunks packed through
    the written-out layer) give the same features at every real token, and so the same adapters."""
    from types import SimpleNamespace

    from agenthn.engine.d2l import D2LModel
    from agenthn.engine.features import install_capture_hooks
    from agenthn.model.config import HypernetConfig
    from agenthn.model.hypernet import HyperLoRA

    model, n = _model(), 3
    chunks = [[5, 9, 2, 7, 11], [3, 4], [8, 1, 6, 6, 2, 9, 10], [12]]
    torch.manual_seed(2)
    net = HyperLoRA(HypernetConfig(num_layers=n, feature_size=32, in_features={"down_proj": 48},
                                   out_features={"down_proj": 32}, latent_size=16, n_latent_queries=4,
                                   num_blocks=1, n_heads=2, head_dim=8, n_kv_heads=1)).eval()
    engine = SimpleNamespace(device=torch.device("cpu"), ctx_encoder=model, hypernet=net)
    hooks = install_capture_hooks(model.model.layers, n)
    want, want_mask = D2LModel.features(engine, chunks, causal_only=True)
    for h in hooks:
        h.remove()
    fastpass.install(model, backend="eager")
    got, mask = fastpass.layer_inputs(model, chunks, n)
    fastpass.uninstall(model)
    assert got.shape == want.shape == (4, n, 7, 32) and torch.equal(mask, want_mask)
    real = mask.bool()[:, None, :, None].expand_as(got)
    assert torch.allclose(got[real], want[real], atol=1e-5) and not got[~real].any()
    with torch.no_grad():
        a, b = net(want, want_mask)["down_proj"], net(got, mask)["down_proj"]
    assert all(torch.allclose(x, y, atol=1e-5) for x, y in zip(a, b, strict=True))


def test_row_by_row_attention_gives_the_packed_pass():
    """`fastpass.rowwise`, the attention of bench_fastpass's float32 reference (flash kernels take no
    float32), computes what the packed pass's own attention does: hidden states and gradients alike."""
    model, batch = _model(), _batch()
    A, B = _factors(model, ["down_proj", "q_proj"])

    def run(attend):
        for t in (*A.values(), *B.values()):
            t.grad = None
        adapters = objective.take_rows(lora.LoRABatch(dict(A), dict(B)), batch["rows"])
        adapters.offs, adapters.sizes = batch["cu"][1:], tuple(batch["lengths"])
        hidden = fastpass.packed_hidden(model, batch, adapters, attend=attend)
        hidden.square().sum().backward()
        return hidden.detach(), [t.grad.clone() for t in (*A.values(), *B.values())]

    (want, want_grads), (got, grads) = run(None), run(fastpass.rowwise)
    torch.testing.assert_close(got, want, rtol=1e-5, atol=1e-5)
    for g, w in zip(grads, want_grads, strict=True):
        torch.testing.assert_close(g, w, rtol=1e-4, atol=1e-5)
    assert all(float(g.abs().sum()) > 0 for g in grads)
