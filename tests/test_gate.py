"""The relevance gate (agenthn.engine.gate): keys travel with adapters, the gate is fitted, saved and loaded,
and where it closes the runtime, sessions and the eval apply no adapter."""

import pytest
import torch
from engine_helpers import RecordingEngine

from agenthn.engine.gate import GateConfig, Query, RelevanceGate
from agenthn.errors import CorruptAdapterError
from agenthn.model.adapter import Adapter, compose


def _adapter(key_tokens: int | None, rank: int = 2, seed: int = 0) -> Adapter:
    g = torch.Generator().manual_seed(seed)
    A = {"down_proj": torch.randn(3, rank, 8, generator=g)}
    B = {"down_proj": torch.randn(3, rank, 5, generator=g)}
    key = None if key_tokens is None else torch.randn(2, key_tokens, 4, generator=g).half()
    return Adapter(A, B, 1.0, key=key)


def test_a_key_is_saved_loaded_and_kept_by_every_value_operation(tmp_path):
    a = _adapter(7)
    b = Adapter.load(a.save(tmp_path / "a.safetensors"))
    assert torch.equal(b.key, a.key) and b.modules == ["down_proj"]
    for op in (lambda x: x.scaled(0.5), lambda x: x.to(dtype=torch.float16), lambda x: x.split_static()[0]):
        assert torch.equal(op(a).key, a.key)
    assert Adapter.load(_adapter(None).save(tmp_path / "n.safetensors")).key is None


def test_a_composition_keeps_every_parts_tokens_unless_a_part_has_no_key():
    a, b = _adapter(7, seed=1), _adapter(3, seed=2)
    c = compose([a, b])
    assert c.key.shape == (2, 10, 4) and torch.equal(c.key[:, 7:], b.key)
    assert compose([a, _adapter(None)]).key is None  # an unkeyed part: always applied, as before gates


def _gate(layers=(1, 2), d=4, bias: float | None = None, vocab: int = 64) -> RelevanceGate:
    gate = RelevanceGate(GateConfig(layers=layers, d_model=d, hidden=8, members=2, vocab=vocab))
    if bias is not None:  # a gate that always opens (+) or always closes (-)
        with torch.no_grad():
            for mlp in gate.mlps:
                mlp[-1].weight.zero_()
                mlp[-1].bias.fill_(bias)
    return gate.eval()


def test_the_gate_reads_the_best_match_of_each_question_token(tmp_path):
    gate = _gate(d=32)
    # wide, so random tokens hardly match one another
    doc = torch.randn(2, 9, 32, generator=torch.Generator().manual_seed(0))
    w = torch.tensor([0.0, 1.0, 0.0])  # only the middle question token is rare enough to count
    same, other = gate.stats(doc, Query(doc[:, 2:5], w)), gate.stats(doc, Query(-doc[:, 2:5], w))
    assert same.shape == (16,)
    assert same[0] == pytest.approx(1.0, abs=1e-3) and other[0] < same[0]  # mean best cosine, first layer
    half = gate.stats(doc, Query(torch.cat([doc[:, 2:3], -doc[:, 3:4], doc[:, 4:5]], 1), w))
    # the rarity-weighted mean sees only the token that did not match; the plain mean is lifted by the others
    assert same[5] == pytest.approx(1.0, abs=1e-3) and half[5] < half[0] and half[5] < 0.95
    # a question's weights come from the gate's rarity table, normalized
    with torch.no_grad():
        gate.idf[:4] = torch.tensor([0.0, 1.0, 3.0, 0.0])
    assert gate.query(torch.randn(3, 4, 32), [0, 1, 2, 3]).weights.tolist() == [0.0, 0.25, 0.75, 0.0]
    loaded = RelevanceGate.load(gate.save(tmp_path).parent)
    assert loaded.cfg == gate.cfg and torch.equal(loaded.idf, gate.idf)
    q = Query(doc[:, :3], torch.full((3,), 1 / 3))
    assert loaded.prob(doc, q) == pytest.approx(gate.prob(doc, q))


def test_a_broken_gate_file_is_refused_by_path(tmp_path):
    (tmp_path / "gate.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(CorruptAdapterError, match="gate.safetensors"):
        RelevanceGate.load(tmp_path)
    assert RelevanceGate.load(tmp_path / "nowhere") is None  # no gate: adapters always applied


@pytest.fixture
def gated_tiny(tiny):
    """The tiny model with a gate whose decision a test sets; restored afterwards."""
    n = tiny.hypernet.cfg.num_layers
    yield tiny
    tiny.gate = None
    assert n == tiny.hypernet.cfg.num_layers


def test_adapters_carry_the_documents_own_token_states(gated_tiny):
    m = gated_tiny
    m.gate = _gate(layers=(0, 1), d=m.ctx_encoder.config.hidden_size, vocab=len(m.tokenizer))
    doc = "my locker code is 4821"
    a = m.internalize(doc)
    n_body = len(m.tokenizer(doc, add_special_tokens=False)["input_ids"])
    assert a.key.shape == (2, n_body, m.ctx_encoder.config.hidden_size) and a.key.dtype == torch.float16
    assert torch.allclose(a.key.float(), m.internalize_key(doc).float())


def test_a_closed_gate_leaves_the_session_adapter_off(gated_tiny, one_torch_thread):
    m = gated_tiny
    d = m.ctx_encoder.config.hidden_size
    m.gate = _gate(layers=(0, 1), d=d, bias=-50.0, vocab=len(m.tokenizer))  # always closed
    s = m.session()
    s.internalize("my locker code is 4821")
    q = [{"role": "user", "content": "what is my locker code"}]
    base = m.session().chat(q, max_new_tokens=6)  # no adapter at all
    ungated = s.chat(q, max_new_tokens=6, gate=False)
    assert ungated != base  # the adapter matters here, so the gate's choice shows
    assert s.chat(q, max_new_tokens=6) == base
    m.gate = _gate(layers=(0, 1), d=d, bias=50.0, vocab=len(m.tokenizer))  # always open
    assert s.chat(q, max_new_tokens=6) == ungated


def test_memory_leaves_gated_segments_off_when_asked_to(gated_tiny, tmp_path):
    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.agent.runtime import AgentRuntime, GenerationSettings, RunContext, RuntimeLimits, TurnOptions
    from agenthn.store import AdapterFiles, Store

    m = gated_tiny
    d = m.ctx_encoder.config.hidden_size
    store = Store(tmp_path / "s.sqlite")
    files = AdapterFiles(tmp_path / "a", store)
    uid = store.create_user("u")[0].id
    engine = RecordingEngine(m)
    try:
        for bias, gate_on, applied in ((-50.0, True, False), (50.0, True, True), (-50.0, False, True)):
            m.gate = _gate(layers=(0, 1), d=d, bias=bias, vocab=len(m.tokenizer))
            limits = RuntimeLimits(memory={"segment_turns": 2, "history_tokens": 0, "gate": gate_on})
            rt = AgentRuntime(m, store, AdapterCache(files=files), uid, limits, engine=engine)
            conv = f"c{bias}{gate_on}"
            for i, text in enumerate(["my locker code is 4821", "ok", "my cat is Miso", "nice"]):
                rt.memories().get(conv).add_turn("user" if i % 2 == 0 else "assistant", text)
            events = []
            reply = rt.chat([{"role": "user", "content": "what is my locker code"}],
                            TurnOptions(conversation_id=conv, memory=True), RunContext(emit=events.append),
                            GenerationSettings(max_new_tokens=2))
            sent = engine.requests[-1]
            gated = [e for e in events if e["type"] == "adapters_gated"]
            if applied:
                assert sent.adapter and reply.retrieved and not gated
            else:  # every retrieved segment left off: no adapter, nothing to copy from, and the UI is told
                assert sent.adapter is None and sent.copy is None and reply.retrieved == []
                assert gated and all(n.startswith("segment/") for n in gated[0]["adapters"])
    finally:
        engine.close()


def test_the_turn_loop_gates_the_profile_but_never_an_adapter_the_turn_names(gated_tiny, tmp_path):
    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.agent.runtime import AgentRuntime, RunContext, RuntimeLimits
    from agenthn.store import AdapterFiles, Store

    m = gated_tiny
    d = m.ctx_encoder.config.hidden_size
    store = Store(tmp_path / "s.sqlite")
    uid = store.create_user("u")[0].id
    cache = AdapterCache(files=AdapterFiles(tmp_path / "a", store))
    m.gate = _gate(layers=(0, 1), d=d, vocab=len(m.tokenizer))  # so the adapters carry keys
    profile, skill = m.internalize("my cat is Miso"), m.internalize("always answer in one word")
    adapters = {"profile": profile, "skills/short": skill}
    for bias, kept in ((-50.0, ["skills/short"]), (50.0, ["profile", "skills/short"])):
        m.gate = _gate(layers=(0, 1), d=d, bias=bias, vocab=len(m.tokenizer))
        rt = AgentRuntime(m, store, cache, uid, RuntimeLimits(gate=True))
        events = []
        out = rt._gate("what is my cat called", adapters, RunContext(emit=events.append))
        assert list(out) == kept
        assert [e["adapters"] for e in events] == ([["profile"]] if len(kept) == 1 else [])


def test_a_gate_is_fitted_saved_and_loaded_with_the_model(tiny, tmp_path):
    from agenthn.train.gate import GateTrainConfig, train

    try:
        summary = train(tiny, tmp_path, GateTrainConfig(docs=48, steps=300))
        n = summary["documents"]  # those within tiny's 200-token limit
        assert n >= 4 and summary["positives"] <= 3 * n and summary["rows"] == summary["positives"] + 4 * n
        # fitted on its own rows, the perceptrons separate them far better than a coin
        assert summary["train_open_pos_pct"] + summary["train_closed_neg_pct"] > 150, summary
        gate = RelevanceGate.load(tmp_path)
        assert gate.cfg.layers == (0, 1) and gate.cfg.vocab == len(tiny.tokenizer)  # tiny: 4 layers
        assert torch.equal(gate.idf, tiny.gate.idf) and float(gate.idf.max()) > 0
    finally:
        tiny.gate = None


def test_the_eval_asks_gated_rows_of_the_base_alone(one_torch_thread):
    import agenthn
    from agenthn.bench import eval_english as ee

    m = agenthn.load("tiny", device="cpu")  # the trained one: its replies are words a grader can read
    d = m.ctx_encoder.config.hidden_size
    m.gate = _gate(layers=(0, 1), d=d, bias=-50.0, vocab=len(m.tokenizer))  # always closed
    qs = ["what is my locker code", "what is my cat called"]
    base = ee.ask(m, qs, max_new_tokens=8)
    kept = [{"question": q, "answers": [b]} for q, b in zip(qs, base, strict=True)]
    adapters = [m.internalize("my locker code is 4821"), m.internalize("my cat is Miso")]
    res = ee.retention_under(m, kept, adapters)
    assert res["gated"]["open"] == [0, 0] and res["gated"]["contained"] == 100.0
    assert res["contained"] < 100.0  # the adapters change these replies, so the gate's effect shows


def test_memory_keeps_segment_keys_only_when_it_gates(gated_tiny, tmp_path):
    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.agent.memory import Memory
    from agenthn.agent.memory_config import MemoryConfig
    from agenthn.store import AdapterFiles, Store

    m = gated_tiny
    m.gate = _gate(layers=(0, 1), d=m.ctx_encoder.config.hidden_size, bias=50.0, vocab=len(m.tokenizer))
    store = Store(tmp_path / "s.sqlite")
    uid = store.create_user("u")[0].id
    for gate in (False, True):
        cache = AdapterCache(files=AdapterFiles(tmp_path / f"a{gate}", store))
        cfg = MemoryConfig(segment_turns=2, history_tokens=0, gate=gate)
        mem = Memory(m, store, cache, uid, f"c{gate}", cfg)
        mem.add_turns([("user", "my locker code is 4821"), ("assistant", "ok"), ("user", "hi")])
        mem.flush()
        _, adapters, ids, _ = mem.context("what is my locker code")
        assert ids and (adapters[0].key is not None) == gate
