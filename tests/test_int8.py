"""`dtype=torch.qint8` on the CPU: the MLP gate/up projections and the output head in int8, the rest
float32; the hypernetwork's adapters (on the down-projections) still apply and do what they do in
float32."""

import pytest
import torch

import agenthn
from agenthn.errors import AgentHNError
from agenthn.model.lora import stack_adapters, use_lora

pytestmark = pytest.mark.usefixtures("one_torch_thread")
DOC = "The capital of Vantoria is Melsk. Its river is the Ombra."


@pytest.fixture(scope="module")
def pair():
    return agenthn.load("tiny", device="cpu"), agenthn.load("tiny", device="cpu", dtype=torch.qint8)


def is_int8(module) -> bool:
    return "quantized" in type(module).__module__


def test_only_the_named_layers_are_int8(pair):
    f32, q = pair
    layer = q.base.model.layers[0]
    assert is_int8(layer.mlp.gate_proj) and is_int8(layer.mlp.up_proj) and is_int8(q.base.lm_head)
    assert type(layer.mlp.down_proj) is torch.nn.Linear and type(layer.self_attn.q_proj) is torch.nn.Linear
    assert not any(is_int8(m) for m in f32.base.modules())


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
    with pytest.raises(AgentHNError, match="CPU only, not on 'cuda'"):
        agenthn.load("tiny", device="cuda", dtype=torch.qint8)
