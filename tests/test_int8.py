"""CPU weight layouts. float32 (the default) keeps some weights column-major, the same values.
`dtype=torch.qint8` / `torch.float16` on the CPU: the MLP gate/up projections and the output head
packed in int8 / float16, the rest float32; the hypernetwork's adapters (on the down-projections) still
apply and do what they do in float32; with float16 a row's logits do not depend on the rows beside it."""

import json

import pytest
import torch

import agenthn
from agenthn.engine.loading import resolve_dir
from agenthn.errors import AgentHNError
from agenthn.model.lora import stack_adapters, use_lora

pytestmark = pytest.mark.usefixtures("one_torch_thread")
DOC = "The capital of Vantoria is Melsk. Its river is the Ombra."


@pytest.fixture(scope="module", params=[torch.qint8, torch.float16], ids=["qint8", "float16"])
def pair(request):
    return agenthn.load("tiny", device="cpu"), agenthn.load("tiny", device="cpu", dtype=request.param)


def is_int8(module) -> bool:
    """Packed by dynamic quantization (int8 or float16 weights)."""
    return "quantized" in type(module).__module__


def test_only_the_named_layers_are_int8(pair):
    f32, q = pair
    layer = q.base.model.layers[0]
    assert is_int8(layer.mlp.gate_proj) and is_int8(layer.mlp.up_proj) and is_int8(q.base.lm_head)
    assert type(layer.mlp.down_proj) is torch.nn.Linear and type(layer.self_attn.q_proj) is torch.nn.Linear
    assert not any(is_int8(m) for m in f32.base.modules())
    # what the benchmarks record as the base's dtype: the packed layers' own
    assert f32.weights_dtype == "float32" and q.weights_dtype in ("qint8", "float16")


def logits(model, ids, adapter=None):
    lora = stack_adapters([adapter], model.device) if adapter is not None else None
    with torch.inference_mode(), use_lora(lora):
        return model.base(input_ids=ids).logits[0].float()


def test_adapters_apply_on_int8_weights_as_in_float32(pair):
    """What an internalized document changes in the next-token logits is nearly the same in both
    precisions; were the adapter hooks lost with int8 layers, the int8 change would be zero."""
    f32, q = pair
    ids = torch.tensor([f32.prompt_ids([{"role": "user", "content": "What is the capital of Vantoria?"}])])
    base_f, base_q = logits(f32, ids), logits(q, ids)
    assert torch.nn.functional.cosine_similarity(base_f.flatten(), base_q.flatten(), dim=0) > 0.99
    ad_f, ad_q = f32.internalize(DOC), q.internalize(DOC)
    delta_f, delta_q = logits(f32, ids, ad_f) - base_f, logits(q, ids, ad_q) - base_q
    assert delta_q.abs().mean() > 0.5 * delta_f.abs().mean() > 0
    assert torch.nn.functional.cosine_similarity(delta_f.flatten(), delta_q.flatten(), dim=0) > 0.9


def test_int8_on_a_gpu_is_refused_naming_the_device():
    with pytest.raises(AgentHNError, match="qint8 runs on the CPU only, not on 'cuda'"):
        agenthn.load("tiny", device="cuda", dtype=torch.qint8)


def test_float16_rows_do_not_depend_on_their_neighbours():
    """float16 packing keeps float32 arithmetic on the activations (no per-batch activation scale, as
    qint8 has), so a prompt's last-position logits alone and beside other prompts agree to float32
    rounding: a user's reply does not change with who else is decoding."""
    m = agenthn.load("tiny", device="cpu", dtype=torch.float16)
    ids = [m.prompt_ids([{"role": "user", "content": q}]) for q in ("Where is Melsk?", "Name a river.",
                                                                     "What is 2 plus 2?")]
    width = max(len(i) for i in ids)
    batch = torch.tensor([[0] * (width - len(i)) + i for i in ids])
    mask = (torch.arange(width)[None, :] >= torch.tensor([width - len(i) for i in ids])[:, None]).long()
    with torch.inference_mode():
        together = m.base(input_ids=batch, attention_mask=mask).logits[:, -1]
        alone = torch.cat([m.base(input_ids=torch.tensor([i])).logits[:, -1] for i in ids])
    assert torch.equal(together.argmax(-1), alone.argmax(-1))
    assert (together - alone).abs().max() < 1e-3 * alone.abs().max()


def test_float32_cpu_stores_attention_and_head_column_major():
    """A CPU float32 load keeps `engine.loading.COLUMN_MAJOR`'s weights as contiguous transposes (a faster
    one-row product), the same values; the embedding stays row-major, the tied head its own copy, and the
    model's logits are float32's to rounding."""
    model = agenthn.load("tiny", device="cpu")
    layer = model.base.model.layers[0]
    head, embed = model.base.lm_head.weight, model.base.get_input_embeddings().weight
    for w in (layer.self_attn.q_proj.weight, layer.self_attn.v_proj.weight, head):
        assert w.t().is_contiguous() and not w.is_contiguous()
    assert layer.mlp.gate_proj.weight.is_contiguous() and layer.mlp.down_proj.weight.is_contiguous()
    assert embed.is_contiguous() and head.data_ptr() != embed.data_ptr() and torch.equal(head, embed)
    ids = torch.tensor([[1, 5, 9, 13, 17, 21]])
    before = logits(model, ids)
    for _, m in model.base.named_modules():  # back to row-major: the products' rounding only may differ
        if isinstance(m, torch.nn.Linear) and not m.weight.is_contiguous():
            m.weight = torch.nn.Parameter(m.weight.contiguous(), requires_grad=False)
    assert torch.allclose(before, logits(model, ids), atol=1e-4, rtol=1e-4)


def test_the_checkpoint_names_its_cpu_precision(tmp_path):
    """With no dtype given, a CPU load takes the checkpoint's `cpu_dtype` (the precision its CPU numbers
    were measured in); a dtype given still wins, and an unknown name is refused naming it."""
    src = resolve_dir("tiny")
    for f in src.iterdir():
        (tmp_path / f.name).symlink_to(f)
    cfg = json.loads((src / "config.json").read_text())
    (tmp_path / "config.json").unlink()
    (tmp_path / "config.json").write_text(json.dumps({**cfg, "cpu_dtype": "float16"}))
    assert is_int8(agenthn.load(tmp_path, device="cpu").base.lm_head)
    assert not is_int8(agenthn.load(tmp_path, device="cpu", dtype=torch.float32).base.lm_head)
    assert not is_int8(agenthn.load("tiny", device="cpu").base.lm_head)
    (tmp_path / "config.json").write_text(json.dumps({**cfg, "cpu_dtype": "float64"}))
    with pytest.raises(AgentHNError, match="cpu_dtype 'float64' is not float32 or float16"):
        agenthn.load(tmp_path, device="cpu")
