"""Engine invariants on random tiny models (plumbing; quality claims come from the trained model)."""

import threading

import pytest
import torch

import agenthn
from agenthn import Adapter, compose
from agenthn.engine.batching import shared_engine
from agenthn.errors import (
    AdapterMismatchError,
    CorruptAdapterError,
    DocumentTooLongError,
    EmptyDocumentError,
    UnknownModelError,
)
from agenthn.model.hypernet import HyperLoRA

DOC = "My locker code is 4821. My pet is a dog named Rex. I live in Paris and work at Zorbic."
OTHER = "The special magic number is 7730. The grass is green. The sky is blue."


def ids(model, text="What is my locker code?"):
    return torch.tensor([model.prompt_ids([{"role": "user", "content": text}])])


def test_untrained_hypernet_adapter_is_exactly_zero(random_dirs):
    m = agenthn.load(random_dirs["llama-test"], device="cpu")
    fresh = HyperLoRA(m.hypernet.cfg)  # scaler_B = 0 and bias_B = 0 at init
    m.hypernet.load_state_dict(fresh.state_dict())
    a = m.internalize(DOC)
    x = ids(m)
    assert torch.equal(m.logits(x, adapter=a), m.logits(x, adapter=None))


def test_no_adapter_gives_base_model_logits(model):
    x = ids(model)
    with torch.no_grad():
        plain = model.base(input_ids=x).logits
    assert torch.equal(model.logits(x, adapter=None), plain)


def test_features_equal_the_full_forward_hidden_states(model):
    """The context features stop before the last layer (pre-hooks) yet equal the layer inputs of a
    full output_hidden_states forward; outside a capture the hooks do nothing (logits unchanged)."""
    import torch

    chunks = [model.doc_chunks("My locker code is 4821. My pet is a cat.")[0], model.doc_chunks("Short.")[0]]
    feats, mask = model.features(chunks)
    dec = model.ctx_encoder.get_decoder()
    with torch.no_grad():
        out = dec(input_ids=torch.tensor([c + [0] * (len(chunks[0]) - len(c)) for c in chunks]),
                  attention_mask=mask, output_hidden_states=True, use_cache=False)
    L = model.hypernet.cfg.num_layers
    want = list(out.hidden_states[:L])
    want[-1] = dec.norm(want[-1])
    torch.testing.assert_close(feats, torch.stack(want, dim=1))
    ids = torch.tensor([chunks[0]])
    torch.testing.assert_close(model.logits(ids, adapter=None), model.base(input_ids=ids).logits)


def test_adapter_changes_logits(model):
    x = ids(model)
    a = model.internalize(DOC)
    assert not torch.allclose(model.logits(x, adapter=a), model.logits(x, adapter=None))


def test_compose_is_sum_of_deltas(model):
    a, b = model.internalize(DOC), model.internalize(OTHER)
    a, b = a.split_static()[0], b.split_static()[0]
    c = compose([a, b], weights=[0.5, 2.0])
    assert c.rank == a.rank + b.rank
    for layer in range(c.num_layers):
        want = 0.5 * a.delta("down_proj", layer) + 2.0 * b.delta("down_proj", layer)
        torch.testing.assert_close(c.delta("down_proj", layer), want, rtol=1e-5, atol=1e-6)


def test_compose_keeps_static_block_once(model):
    a, b = model.internalize(DOC), model.internalize(OTHER)
    c = compose([a, b])
    r = model.hypernet.cfg.lora_r
    assert c.rank == a.rank + b.rank - r and c.meta.n_static == r


def test_compose_gathers_parts_from_different_devices(model):
    # a GPU server composes a segment read back from disk (host) with a fresh static block (GPU); the
    # "meta" device stands in for the GPU here: the result lives where the first part does
    a, b = model.internalize(DOC), model.internalize(OTHER)
    c = compose([a.to("meta"), b])
    assert {t.device.type for t in (*c.A.values(), *c.B.values())} == {"meta"}
    assert c.rank == compose([a, b]).rank


def test_composed_logits_equal_merged_weights(model):
    a, b = model.internalize(DOC), model.internalize(OTHER)
    c = compose([a, b])
    x = ids(model)
    got = model.logits(x, adapter=c)
    path = c.meta.targets["down_proj"]
    layers = model.base.get_decoder().layers
    saved = [layer.get_submodule(path).weight.data.clone() for layer in layers]
    try:
        for i, layer in enumerate(layers):
            layer.get_submodule(path).weight.data += c.delta("down_proj", i)
        with torch.no_grad():
            merged = model.base(input_ids=x).logits
    finally:
        for w, layer in zip(saved, layers, strict=True):
            layer.get_submodule(path).weight.data.copy_(w)
    torch.testing.assert_close(got, merged, rtol=1e-4, atol=1e-4)


def test_batch_rows_with_different_adapters_equal_single_rows(model):
    a, b = model.internalize(DOC), model.internalize(OTHER + " " + DOC)  # ranks differ
    assert a.rank != b.rank
    x = torch.cat([ids(model)] * 4)
    rows = [a, None, b, [a, b]]
    batch = model.logits(x, rows=rows)
    for i, r in enumerate(rows):
        single = model.logits(x[i : i + 1], adapter=compose(r) if isinstance(r, list) else r)
        torch.testing.assert_close(batch[i : i + 1], single, rtol=1e-4, atol=1e-5)


def test_batched_generation_matches_single(model):
    a = model.internalize(DOC)
    convs = [[{"role": "user", "content": q}]
             for q in ("What is my locker code?", "Hi", "Where do I live now?")]
    adapters = [a, None, a]
    engine = shared_engine(model)
    batch = engine.chat_batch(convs, adapters, max_new_tokens=8)
    singles = [engine.chat(c, ad, max_new_tokens=8) for c, ad in zip(convs, adapters, strict=True)]
    assert batch == singles


def test_streaming_equals_non_streaming(model):
    a = model.internalize(DOC)
    msgs = [{"role": "user", "content": "What is my locker code?"}]
    s = model.session(a)
    full = s.chat(msgs, max_new_tokens=12)
    pieces = list(s.chat(msgs, max_new_tokens=12, stream=True))
    assert "".join(pieces) == full


def test_save_load_round_trip_is_exact(model, tmp_path):
    a = model.internalize(DOC)
    b = Adapter.load(a.save(tmp_path / "a.safetensors"))
    assert b.scale == a.scale and b.meta == a.meta
    for m in a.modules:
        assert torch.equal(a.A[m], b.A[m]) and torch.equal(a.B[m], b.B[m])


def peft_logits(base, peft_dir, x):
    """Logits of `base` with the PEFT folder loaded by peft itself (then unloaded again)."""
    from peft import PeftModel

    peft_model = PeftModel.from_pretrained(base, peft_dir)
    try:
        with torch.no_grad():
            return peft_model(input_ids=x).logits
    finally:
        peft_model.unload()


def test_peft_export_gives_same_logits(model, tmp_path):
    a = compose([model.internalize(DOC), model.internalize(OTHER)])
    a.to_peft(tmp_path / "peft")
    x = ids(model)
    want = model.logits(x, adapter=a)
    torch.testing.assert_close(peft_logits(model.base, tmp_path / "peft", x), want, rtol=1e-4, atol=1e-4)
    back = Adapter.from_peft(tmp_path / "peft")
    torch.testing.assert_close(model.logits(x, adapter=back), want, rtol=1e-4, atol=1e-4)


def test_a_session_remembers_what_it_internalized_and_the_model_does_not(model):
    s, other = model.session(), model.session()
    a = s.internalize(DOC)
    both = s.internalize(OTHER)
    assert both.rank > a.rank and s.adapter is both and other.adapter is None
    assert not hasattr(model, "_active") and not hasattr(model, "snapshot")
    q = "What is my locker code?"
    assert s.respond(q, max_new_tokens=6) == shared_engine(model).respond(q, both, max_new_tokens=6)
    assert other.respond(q, max_new_tokens=6) == shared_engine(model).respond(q, None, max_new_tokens=6)
    s.reset()
    assert s.adapter is None


def test_long_document_is_chunked_and_composed(model):
    pre, post = model._affixes
    templated = len(pre) + model.count_tokens((DOC * 3).strip()) + len(post)
    a = model.internalize(DOC * 3)
    n = a.meta.extra["n_chunks"]
    assert n == -(-templated // 16) and a.rank == (n + 1) * model.hypernet.cfg.lora_r
    chunks = model.doc_chunks(DOC * 3)
    assert chunks[0][: len(pre)] == pre and chunks[-1][-len(post):] == post
    assert all(c[: len(pre)] == pre for c in chunks[1:]) and all(c[-len(post):] == post for c in chunks[:-1])


def test_threads_do_not_see_each_others_adapters(model):
    a = model.internalize(DOC)
    x = ids(model)
    want = {"a": model.logits(x, adapter=a), "none": model.logits(x, adapter=None)}
    errors = []

    def worker(kind):
        for _ in range(5):
            got = model.logits(x, adapter=a if kind == "a" else None)
            if not torch.allclose(got, want[kind], atol=1e-5):
                errors.append(kind)

    ts = [threading.Thread(target=worker, args=(k,)) for k in ("a", "none", "a", "none")]
    [t.start() for t in ts]
    [t.join() for t in ts]
    assert not errors


# ---- bad input ------------------------------------------------------------------------------
def test_empty_document_is_refused(model):
    for doc in ("", "   \n "):
        with pytest.raises(EmptyDocumentError):
            model.internalize(doc)


def test_too_long_document_says_by_how_much(model):
    doc = "word " * 400
    n = model.count_tokens(doc.strip())
    with pytest.raises(DocumentTooLongError, match=f"{n - 200} over the limit of 200"):
        model.internalize(doc)
    s = model.session()
    with pytest.raises(DocumentTooLongError):
        s.internalize(doc)
    assert s.adapter is None  # a refused document changes nothing


def test_adapter_from_another_base_or_hypernet_is_refused(model):
    a = model.internalize(DOC)
    x = ids(model)
    for key in ("base_model", "hypernet_id"):
        bad = Adapter(a.A, a.B, a.scale, a.meta.but(**{key: "someone-else"}))
        with pytest.raises(AdapterMismatchError, match=key):
            model.logits(x, adapter=bad)
        with pytest.raises(AdapterMismatchError):
            model.session(bad)
        with pytest.raises(AdapterMismatchError):
            compose([a, bad])


def test_rank_or_module_mismatch_is_refused(model):
    a = model.internalize(DOC)
    with pytest.raises(AdapterMismatchError, match="disagree"):
        Adapter(a.A, {m: b[:, :-1] for m, b in a.B.items()}, a.scale)
    wrong_module = Adapter({"q_proj": a.A["down_proj"]}, {"q_proj": a.B["down_proj"]}, a.scale, {})
    with pytest.raises(AdapterMismatchError, match="q_proj"):
        model.session(wrong_module)
    wrong_dim = Adapter({"down_proj": a.A["down_proj"][..., :-1]}, a.B, a.scale, {})
    with pytest.raises(AdapterMismatchError, match="d_in"):
        model.session(wrong_dim)


def test_corrupt_or_truncated_adapter_file_is_refused(model, tmp_path):
    path = model.internalize(DOC).save(tmp_path / "a.safetensors")
    data = path.read_bytes()
    (tmp_path / "trunc.safetensors").write_bytes(data[: len(data) // 2])
    flipped = bytearray(data)
    flipped[-3] ^= 0xFF
    (tmp_path / "flip.safetensors").write_bytes(bytes(flipped))
    for name in ("trunc", "flip", "missing"):
        with pytest.raises(CorruptAdapterError):
            Adapter.load(tmp_path / f"{name}.safetensors")


def test_unknown_model_name_is_refused():
    with pytest.raises(UnknownModelError, match="no-such-model"):
        agenthn.load("no-such-model")


@pytest.mark.parametrize("preset", ["llama-test", "qwen2-test", "gemma2-test"])
def test_attention_and_mlp_targets_by_name(preset, tmp_path):
    from agenthn.model.random_init import save_random_model_dir

    d = save_random_model_dir(tmp_path / preset, preset,
                              targets=("q_proj", "v_proj", "o_proj", "up_proj", "down_proj"))
    m = agenthn.load(d, device="cpu")
    a = m.internalize(DOC)
    assert a.modules == ["down_proj", "o_proj", "q_proj", "up_proj", "v_proj"]
    x = ids(m)
    want = m.logits(x, adapter=a)
    assert not torch.allclose(want, m.logits(x, adapter=None))
    a.to_peft(tmp_path / "peft")
    torch.testing.assert_close(peft_logits(m.base, tmp_path / "peft", x), want, rtol=1e-4, atol=1e-4)
