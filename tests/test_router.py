"""The sentence router (agenthn.engine.router): it ranks a document's sentences by the gate's keys, is
fitted, saved and loaded, and `D2LModel.route` applies the sentence ranked first (with the whole adapter
of a short document)."""

import pytest
import torch
from test_gate import _gate

from agenthn.engine.gate import Query
from agenthn.engine.router import RouterConfig, SegmentRouter, split_sentences
from agenthn.errors import CheckpointError, CorruptAdapterError
from agenthn.model.adapter import compose


def test_a_document_is_cut_into_lines_and_sentences():
    doc = "Dear diary,\nI live in Porto. My cat is Miso!  Is it late?\n\nUser: hi"
    want = ["Dear diary,", "I live in Porto.", "My cat is Miso!", "Is it late?", "User: hi"]
    assert split_sentences(doc) == want


def _router(d: int = 32) -> SegmentRouter:
    """A router whose projection is the identity: it ranks by raw cosines, the gate's own view."""
    r = SegmentRouter(RouterConfig(d_model=d, dim=d))
    with torch.no_grad():
        for p in r.proj:
            p.weight.copy_(torch.eye(d))
    return r.eval()


def test_the_router_ranks_the_sentence_that_holds_the_questions_tokens_first(tmp_path):
    g = torch.Generator().manual_seed(0)
    keys = [torch.randn(2, n, 32, generator=g) for n in (5, 7, 4)]
    # the question repeats tokens 1-3 of the second sentence: it is about that one
    q = Query(keys[1][:, 1:4] + 0.1 * torch.randn(2, 3, 32, generator=g), torch.full((3,), 1 / 3))
    r = _router()
    assert r.rank(keys, q)[0] == 1
    s = r.scores(keys, q)
    assert s.shape == (3,) and s[1] > s[0] and s[1] > s[2]
    loaded = SegmentRouter.load(r.save(tmp_path).parent)
    assert loaded.cfg == r.cfg and torch.allclose(loaded.scores(keys, q), s)
    (tmp_path / "router.safetensors").write_bytes(b"broken")
    with pytest.raises(CorruptAdapterError, match="router.safetensors"):
        SegmentRouter.load(tmp_path)
    assert SegmentRouter.load(tmp_path / "nowhere") is None


@pytest.fixture
def routed_tiny(tiny):
    tiny.gate = _gate(layers=(0, 1), d=tiny.ctx_encoder.config.hidden_size, vocab=len(tiny.tokenizer))
    yield tiny
    tiny.gate, tiny.router = None, None


def test_training_keys_are_the_keys_internalizing_attaches(routed_tiny):
    from agenthn.train.router import sentence_keys

    texts = ["my locker code is 4821", "I live in Porto.", "my cat is called Miso and she is nine years old"]
    for text, key in zip(texts, sentence_keys(routed_tiny, texts, batch=2), strict=True):
        want = routed_tiny.internalize_key(text).float()
        assert key.dtype == torch.float16 and key.shape == want.shape
        assert (key.float() - want).abs().max() < 1e-2 * want.abs().max(), (key.float() - want).abs().max()


def test_route_composes_the_whole_with_the_first_ranked_sentence(routed_tiny):
    m = routed_tiny
    doc = "my locker code is 4821. my cat is Miso. I live in Porto."
    whole, parts = m.internalize(doc), m.internalize_parts(doc)
    assert len(parts) == 3
    with pytest.raises(CheckpointError, match="router"):
        m.route("what is my cat called", whole, parts)
    m.router = _router(m.ctx_encoder.config.hidden_size)
    order = m.route_order("what is my cat called", parts)
    assert sorted(order) == [0, 1, 2]
    got = m.route("what is my cat called", whole, parts)
    want = compose([whole, parts[order[0]]])
    own = parts[0].rank - parts[0].meta.n_static  # the static block is composed once
    assert got.rank == whole.rank + own and all(torch.equal(got.A[k], want.A[k]) for k in want.A)
    assert m.route("what is my cat called", whole, parts, top=3).rank == whole.rank + 3 * own
    m.router.cfg.whole_max_parts = 2  # a longer document: the sentence alone
    alone = m.route("what is my cat called", whole, parts)
    assert alone.rank == parts[0].rank and torch.equal(alone.A["down_proj"], parts[order[0]].A["down_proj"])
    m.gate = None
    with pytest.raises(CheckpointError, match="gate"):
        m.internalize_parts(doc)


def test_routed_internalizing_pads_sentences_apart_from_the_whole(routed_tiny, monkeypatch):
    """The whole document and its sentences go through the encoder apart (one batch would pad every
    sentence to the document's length), the sentences SENTENCE_BATCH at a time; each adapter is the one
    internalizing that text alone gives, and the benchmark prices the routed path."""
    from agenthn.bench.internalize import routed_cost
    from agenthn.engine import d2l

    m = routed_tiny
    doc = ("my locker code is 4821. my cat is Miso. I live in Porto. my bus is the 44. "
           "my sister Ana is a nurse and she lives in Lisbon with her two sons.")
    monkeypatch.setattr(d2l, "SENTENCE_BATCH", 2)
    calls = []
    real = m.generate_adapters
    monkeypatch.setattr(m, "generate_adapters", lambda docs, *a: calls.append(list(docs)) or real(docs, *a))
    whole, parts = m.internalize_routed(doc)
    sents = split_sentences(doc)
    assert calls == [sents[0:2], sents[2:4], sents[4:5], [doc]]
    for text, part in zip([doc] + sents, [whole] + parts, strict=True):
        alone = real([text])[0]
        assert all(torch.allclose(part.A[k], alone.A[k], atol=1e-5) for k in alone.A)
        assert torch.allclose(part.key.float(), alone.key.float(), atol=1e-3)
    m.router = _router(m.ctx_encoder.config.hidden_size)
    cost = routed_cost(m, 150, repeat=1, sync=False)
    assert cost["sentences"] >= 2 and cost["routed_ms"] > 0 and cost["routed_ratio"] > 0


def test_a_router_is_fitted_saved_and_loaded(routed_tiny, tmp_path):
    from agenthn.train.router import RouterTrainConfig, train

    summary = train(routed_tiny, tmp_path, RouterTrainConfig(docs=40, n_facts=(2, 4), steps=150, batch=16))
    assert summary["rows"] > 20 and summary["sentences"] > 2 * summary["documents"]
    # fitted on its own rows, it ranks the answer's sentence first far more often than among 2-8 at random
    assert summary["train_hit1_pct"] > 70, summary
    loaded = SegmentRouter.load(tmp_path)
    assert loaded.cfg.layers == (0, 1) and torch.equal(loaded.center, routed_tiny.gate.center)
    assert all(torch.equal(a, b) for a, b in zip(loaded.state_dict().values(),
                                                 routed_tiny.router.state_dict().values(), strict=True))


def test_the_eval_asks_routed_rows_where_the_gate_opens(one_torch_thread):
    import agenthn
    from agenthn.bench import eval_english as ee

    m = agenthn.load("tiny", device="cpu")  # the trained one: its replies are words a grader can read
    d = m.ctx_encoder.config.hidden_size
    m.router = _router(d)
    qs = ["what is my locker code", "what is my cat called"]
    base = ee.ask(m, qs, max_new_tokens=8)
    kept = [{"question": q, "answers": [b]} for q, b in zip(qs, base, strict=True)]
    docs = ["my locker code is 4821. I live in Porto.", "my cat is Miso. my dog is Rex."]
    m.gate = _gate(layers=(0, 1), d=d, bias=-50.0, vocab=len(m.tokenizer))  # always closed: the base alone
    adapters = [m.internalize(x) for x in docs]  # keyed: made with the gate on
    res = ee.retention_under(m, kept, adapters, docs=docs)
    assert res["routed"]["contained"] == 100.0 and res["contained"] < 100.0
    m.gate = _gate(layers=(0, 1), d=d, bias=50.0, vocab=len(m.tokenizer))  # always open: routed adapters
    res = ee.retention_under(m, kept, [m.internalize(x) for x in docs], docs=docs)
    assert res["routed"]["n"] == 2 and ee.routed(m, docs, qs, [None, None]) == [None, None]
    rows = ee.routed(m, docs, qs, [m.internalize(x) for x in docs])
    assert all(r.rank > m.internalize(docs[0]).rank for r in rows)  # a sentence composed onto the whole


def test_profile_documents_are_key_value_lines_each_answering_one_question():
    """The router's `profile` kind (session 42): a first-person profile as the profile feature keeps it,
    one normalized `key: value` line per fact, so a question's answer sits in exactly one line; a kind
    only asked for by name, never among the corpus' default kinds."""
    from agenthn.agent.profile_keys import normalize_key
    from agenthn.world import english as en

    assert "profile" in en.TRAIN_KINDS and "profile" not in en.KINDS
    for s in en.english_samples(20, 3, "train", kinds=["profile"], n_facts=(2, 8), more_says=True):
        lines = s.doc.split("\n")
        assert len(lines) == s.meta["n_facts"] == len(s.qas)
        for line in lines:
            key, value = line.split(": ", 1)
            assert key == normalize_key(key) and value in s.meta["facts"].values(), line
        for qa in s.qas:
            assert sum(qa.answer.lower() in line.lower() for line in lines) == 1, (qa, s.doc)


def test_train_router_refuses_an_unknown_kind_by_name_before_loading_a_model(caplog):
    from agenthn.cli.main import main

    assert main(["train", "router", "--model", "no-such-model", "--kinds", "facts,profiles"]) == 2
    assert "--kinds 'facts,profiles': expected some of" in caplog.text and "no-such-model" not in caplog.text
