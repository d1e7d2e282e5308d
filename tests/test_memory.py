"""Memory plumbing on a random tiny model: turn log -> segments -> adapters on disk -> restart -> same
retrieval; a bounded live context; the three modes; empty and over-long turns; crash recovery."""

import pytest
import torch

from agenthn.agent.adapter_cache import AdapterCache
from agenthn.agent.memory import EmptyTurnError, Memory
from agenthn.agent.memory_config import MemoryConfig, MemoryConfigError
from agenthn.agent.runtime import (
    AgentRuntime,
    GenerationSettings,
    RunContext,
    RuntimeLimits,
    RuntimeRegistry,
    TurnOptions,
)
from agenthn.agent.search import TfidfIndex
from agenthn.agent.segments import plan_segments, render_turn, split_text
from agenthn.baselines.base import history_cost
from agenthn.model.adapter import Adapter
from agenthn.store import AdapterFiles, Store, sha256_file


def _ac(files):
    return AdapterCache(files=files)  # a fresh adapter store: what a restarted process starts with


FACTS = ["my locker code is 4821", "my favourite colour is teal", "my sister is called Mirabel",
         "the weather is mild today", "my parking spot is B12", "I play the cello"]


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    import agenthn
    from agenthn.model.random_init import save_random_model_dir

    d = save_random_model_dir(tmp_path_factory.mktemp("mem") / "m", "llama-test", max_chunk_tokens=128,
                              max_doc_tokens=400)
    return agenthn.load(d, device="cpu")


@pytest.fixture
def env(tmp_path):
    store = Store(tmp_path / "db.sqlite", synchronous="NORMAL")
    files = AdapterFiles(tmp_path / "adapters", store)
    user = store.create_user("u")[0]
    return store, files, user.id


CFG = {"segment_turns": 4, "history_tokens": 40, "segment_max_tokens": 150}


def _fill(mem, n=12):
    for i in range(n):
        mem.add_turn("user" if i % 2 == 0 else "assistant",
                     FACTS[i // 2 % len(FACTS)] if i % 2 == 0 else "Noted.")


def test_segments_survive_restart_with_same_retrieval(model, env):
    store, files, uid = env
    mem = Memory(model, store, _ac(files), uid, "c1", MemoryConfig(**CFG))
    _fill(mem)
    segs = store.list_segments(uid, "c1")
    assert len(segs) == 3 and all(s.status == "done" for s in segs)
    for s in segs:  # every adapter is on disk and matches its recorded checksum
        assert sha256_file(files.root / s.adapter_path) == s.checksum
    q = "What is my favourite colour?"
    msgs, adapters, ids, _ = mem.context(q)
    assert ids and msgs[-1]["content"] == q
    again = Memory(model, store, _ac(files), uid, "c1", MemoryConfig(**CFG))  # a restart: nothing in memory
    msgs2, adapters2, ids2, _ = again.context(q)
    assert ids2 == ids and msgs2 == msgs
    for a, b in zip(adapters, adapters2, strict=True):
        assert torch.equal(a.A["down_proj"], b.A["down_proj"])
        assert torch.equal(a.B["down_proj"], b.B["down_proj"])
    # each segment file holds only its own ranks; the static block is stored once for the conversation
    assert all(Adapter.load(files.root / s.adapter_path).meta.n_static == 0 for s in segs)
    assert [r.name for r in store.list_adapters(uid, "segment")] == ["c1-static", "c1-s0", "c1-s1", "c1-s2"]
    static = model.internalize("x").split_static()[1].to(dtype=torch.bfloat16)  # stored in bfloat16
    assert torch.equal(adapters[-1].A["down_proj"], static.A["down_proj"])
    assert again.stats()["adapter_bytes"] == sum(r.size_bytes for r in store.list_adapters(uid, "segment"))


def test_store_dtype_halves_storage_and_answers_alike(model, env):
    """bfloat16 segment adapters (the default) take half the bytes of float32 ones, load back in
    bfloat16, and compose into the same LoRA to bfloat16 precision; a bad dtype is refused by name."""
    store, files, uid = env
    mems = {}
    for dt in ("float32", "bfloat16"):
        mems[dt] = Memory(model, store, _ac(files), uid, f"d-{dt}",
                          MemoryConfig(**{**CFG, "store_dtype": dt}))
        _fill(mems[dt])
    size = {dt: m.stats()["adapter_bytes"] for dt, m in mems.items()}
    assert size["bfloat16"] < size["float32"]  # files: half the tensor bytes plus the same headers
    q = "What is my locker code?"
    again = Memory(model, store, _ac(files), uid, "d-bfloat16",
                   MemoryConfig(**{**CFG, "store_dtype": "bfloat16"}))
    _, adapters, _, _ = again.context(q)  # read back from disk after a restart
    assert all(a.A["down_proj"].dtype == torch.bfloat16 for a in adapters)
    full = mems["float32"].context(q)[1]
    assert sum(a.size_bytes for a in adapters) * 2 == sum(a.size_bytes for a in full)
    want = model.lora_batch([full])
    got = model.lora_batch([adapters])
    for m in want.A:
        torch.testing.assert_close(got.A[m], want.A[m], rtol=1e-2, atol=1e-2 * want.A[m].abs().max().item())
        torch.testing.assert_close(got.B[m], want.B[m], rtol=1e-2, atol=1e-2 * want.B[m].abs().max().item())
    with pytest.raises(Exception, match="int8"):
        MemoryConfig(store_dtype="int8")


def test_live_context_stays_within_budget(model, env):
    store, files, uid = env
    mem = Memory(model, store, _ac(files), uid, "c2", MemoryConfig(**{**CFG, "segment_turns": 6}))
    for i in range(14):
        events = mem.add_turn("user", f"turn {i}: {FACTS[i % len(FACTS)]}")
        live = [e for e in events if e["type"] == "live_context"][-1]
        assert live["tokens"] <= 40
    msgs, *_ = mem.context("what now?")
    assert history_cost(model, msgs[:-1]) <= 40
    assert mem.stats()["buffer_turns"] < 6  # old turns left the prompt for adapters


def test_modes_select_expected_segments(model, env):
    store, files, uid = env
    made = {m: Memory(model, store, _ac(files), uid, f"mode-{m}",
                      MemoryConfig(**{**CFG, "mode": m, "top_k": 2}))
            for m in ("topk", "all", "recent")}
    for mem in made.values():
        _fill(mem, 16)
    done = {m: [s.id for s in store.list_segments(uid, f"mode-{m}")] for m in made}
    assert made["all"].context("anything")[2] == done["all"]
    assert made["recent"].context("anything")[2] == done["recent"][-2:]
    ids = made["topk"].context("Which colour is my favourite?")[2]
    texts = {s.id: s.text for s in store.list_segments(uid, "mode-topk")}
    assert ids and "colour" in texts[ids[0]]


def test_a_question_sharing_no_word_finds_its_segment_by_the_stems(model, env):
    """"Who am I travelling with?" shared no word with "My travel buddy is my cousin Yusuf" and memory
    found nothing (session 43, a served chat); the words' stems find it, where the words find none. A
    question the words already find keeps their choice, and a restarted memory finds the same."""
    store, files, uid = env
    mem = Memory(model, store, _ac(files), uid, "stems", MemoryConfig(**{**CFG, "rerank": 0}))
    for i, text in enumerate(["I played the cello yesterday", "Noted.", "my travel buddy is my cousin Yusuf",
                              "Noted.", "my parking spot is B12", "Noted.", "the weather is mild", "Noted.",
                              "hello", "Noted.", "hi", "Noted."]):
        mem.add_turn("user" if i % 2 == 0 else "assistant", text)
    texts = {s.id: s.text for s in store.list_segments(uid, "stems")}
    ids = mem.context("Who am I travelling with?")[2]
    assert ids and "Yusuf" in texts[ids[0]]
    assert TfidfIndex(list(texts.items())).search("Who am I travelling with?", 1) == []  # the words alone
    assert "cello" in texts[mem.context("Which instrument did I play?")[2][0]]  # "played" -> "play"
    restarted = Memory(model, store, _ac(files), uid, "stems", MemoryConfig(**{**CFG, "rerank": 0}))
    assert restarted.context("Who am I travelling with?")[2] == ids


def test_empty_turn_is_refused_and_not_logged(model, env):
    store, files, uid = env
    mem = Memory(model, store, _ac(files), uid, "c3", MemoryConfig(**CFG))
    with pytest.raises(EmptyTurnError) as e:
        mem.add_turn("user", "   \n ")
    assert e.value.status_code == 400
    with pytest.raises(EmptyTurnError):
        mem.context("")
    assert store.list_turns(uid, "c3") == []


def test_long_turn_is_split_never_dropped(model, env):
    store, files, uid = env
    mem = Memory(model, store, _ac(files), uid, "c4", MemoryConfig(**{**CFG, "segment_turns": 1}))
    long = " ".join(f"word{i} fact{i}" for i in range(120))  # far over 150 tokens
    mem.add_turn("user", long)
    segs = store.list_segments(uid, "c4")
    assert len(segs) >= 3 and all(s.status == "done" and s.first_turn == s.last_turn == 0 for s in segs)
    assert all(model.count_tokens(s.text) <= 150 for s in segs)
    words = [w for s in segs for w in s.text.split()[1:]]  # drop each piece's "User:" label
    assert words == long.split()


def test_crash_between_logging_and_internalizing_is_recovered(model, env, monkeypatch):
    store, files, uid = env
    mem = Memory(model, store, _ac(files), uid, "c5", MemoryConfig(**CFG))
    _fill(mem, 3)

    def crash(*a, **k):
        raise RuntimeError("process died")

    monkeypatch.setattr(model, "generate_adapters", crash)  # fault injection on this instance only
    with pytest.raises(RuntimeError):
        mem.add_turn("assistant", "Noted.")
    monkeypatch.undo()
    assert len(store.list_turns(uid, "c5")) == 4  # the turn was logged before the crash
    assert [s.status for s in store.list_segments(uid, "c5")] == ["pending"]
    # turns logged by a process that died before even adding the segment row
    for i in range(4):
        store.append_turn(uid, "c5", "user", f"later turn {i}")
    restarted = Memory(model, store, _ac(files), uid, "c5", MemoryConfig(**CFG))
    events = restarted.recover()
    assert {"type": "recovered", "segments": 1} in events
    segs = store.list_segments(uid, "c5")
    assert [s.status for s in segs] == ["done", "done"]
    assert [(s.first_turn, s.last_turn) for s in segs] == [(0, 3), (4, 7)]
    assert RuntimeRegistry(model, store, AdapterCache(files=files), RuntimeLimits(memory=CFG)).recover() == 0


def test_split_turn_half_logged_is_completed(model, env):
    store, files, uid = env
    long = " ".join(f"token{i}" for i in range(150))
    turn = store.append_turn(uid, "c6", "user", long)
    planned, _ = plan_segments([turn], 1, 150, model.count_tokens, flush=True)
    assert len(planned) >= 3
    store.add_segment(uid, "c6", 0, 0, planned[0].text)  # the crash hit after the first piece
    Memory(model, store, _ac(files), uid, "c6", MemoryConfig(**{**CFG, "segment_turns": 1})).recover()
    assert [s.text for s in store.list_segments(uid, "c6")] == [p.text for p in planned]


def test_corrupt_adapter_is_rebuilt_from_text(model, env):
    store, files, uid = env
    mem = Memory(model, store, _ac(files), uid, "c7", MemoryConfig(**{**CFG, "mode": "all"}))
    _fill(mem, 4)
    seg = store.list_segments(uid, "c7")[0]
    path = files.root / seg.adapter_path
    static = files.root / store.find_adapter(uid, "segment", "c7-static").path
    for p in (path, static):
        p.write_bytes(p.read_bytes()[:100])
    again = Memory(model, store, _ac(files), uid, "c7", MemoryConfig(**{**CFG, "mode": "all"}))
    _, adapters, ids, _ = again.context("q?")
    assert ids == [seg.id] and len(adapters) == 2  # the segment's ranks and the static block
    # rewritten
    assert Adapter.load(path).rank == adapters[0].rank and Adapter.load(static).rank == adapters[1].rank


def test_a_memory_turn_flushes_once_reports_once_and_records_turns(model, env):
    """The runtime is the one turn loop: memory contributes its window and segments, one flush and one
    `segments_retrieved`, and records both turns once the answer is complete."""
    store, files, uid = env
    rt = AgentRuntime(model, store, AdapterCache(files=files), uid, RuntimeLimits(memory=CFG))
    _fill(rt.memories().get("c8"), 4)
    events = []
    q = "What is my locker code?"
    reply = rt.chat([{"role": "user", "content": q}], TurnOptions(conversation_id="c8", memory=True),
                    RunContext(emit=events.append), GenerationSettings(max_new_tokens=3))
    kinds = [e["type"] for e in events]
    assert kinds.count("segments_retrieved") == 1
    assert kinds.index("segments_retrieved") < kinds.index("context")
    assert reply.retrieved and all(f"segment/{i}" in reply.adapters for i in reply.retrieved)
    assert reply.text == "".join(e["text"] for e in events if e["type"] == "token")
    turns = store.list_turns(uid, "c8")
    assert turns[4].content == q and len(turns) == (6 if reply.text.strip() else 5)
    assert kinds[-1] == "live_context" and "turn_logged" in kinds[kinds.index("usage"):]


@pytest.mark.parametrize("k", [1, 2])
def test_top_k_segment_adapters_are_applied_in_a_turn(model, env, k):
    """With top_k = 1 one segment adapter (the best match) is composed, alone with the conversation's
    static block; top_k = 2 composes two. Seen in the runtime's events and the reply."""
    store, files, uid = env
    rt = AgentRuntime(model, store, AdapterCache(files=files), uid, RuntimeLimits(memory={**CFG, "top_k": k}))
    _fill(rt.memories().get("k"), 16)  # 4 segments
    events = []
    reply = rt.chat([{"role": "user", "content": "Which colour is my favourite?"}],
                    TurnOptions(conversation_id="k", memory=True), RunContext(emit=events.append),
                    GenerationSettings(max_new_tokens=2))
    retrieved = next(e for e in events if e["type"] == "segments_retrieved")
    composed = next(e for e in events if e["type"] == "adapters_composed")["adapters"]
    segment_adapters = [n for n in composed if n.startswith("segment/") and n != "segment/static"]
    assert len(retrieved["segment_ids"]) == k and len(reply.retrieved) == k
    assert segment_adapters == [f"segment/{i}" for i in retrieved["segment_ids"]]
    texts = {s.id: s.text for s in store.list_segments(uid, "k")}
    assert "colour" in texts[reply.retrieved[0]]  # the single best segment is the one asked about


@pytest.mark.parametrize("field,value", [("top_k", 0), ("top_k", -3), ("segment_turns", 0),
                                          ("history_tokens", -1), ("top_k", 1.5)])
def test_invalid_memory_setting_is_a_typed_error_naming_it(field, value):
    with pytest.raises(MemoryConfigError) as e:
        MemoryConfig(**{field: value})
    assert e.value.status_code == 400 and e.value.code == "invalid_memory_config"
    assert field in e.value.message and repr(value) in e.value.message


@pytest.mark.parametrize("flag,value,says", [("--top-k", "0", "must be at least 1, got 0"),
                                             ("--segment-turns", "two", "'two' is not a whole number")])
def test_memory_bench_flags_are_refused_before_a_model_loads(flag, value, says, capsys):
    from agenthn.cli.main import main

    with pytest.raises(SystemExit) as e:
        main(["bench", "niah", "--model", "no-such-model", flag, value])
    assert e.value.code == 2 and f"argument {flag}: {says}" in capsys.readouterr().err


def test_plan_segments_groups_and_flushes(model):
    class T:
        def __init__(self, idx, content):
            self.idx, self.role, self.content = idx, "user", content

    turns = [T(i, f"short {i}") for i in range(10)]
    planned, used = plan_segments(turns, 4, 500, model.count_tokens, flush=False)
    assert used == 8 and [(p.first_turn, p.last_turn) for p in planned] == [(0, 3), (4, 7)]
    planned, used = plan_segments(turns, 4, 500, model.count_tokens, flush=True)
    assert used == 10 and planned[-1].text == "\n".join(render_turn("user", f"short {i}") for i in (8, 9))
    assert split_text("abc", 5, len) == ["abc"] and "".join(split_text("a" * 20, 5, len)) == "a" * 20


def test_tfidf_index_prefers_newer_on_ties_and_survives_stop_words():
    idx = TfidfIndex([(1, "my team is Red"), (2, "weather chat"), (3, "my team is Blue")])
    assert [i for i, _ in idx.search("what is my team?", 2)] == [3, 1]
    hits = TfidfIndex([(1, "the and of")]).search("the", 1)  # only stop words: indexed without the list
    assert [i for i, _ in hits] == [1] and hits[0][1] > 0
    assert TfidfIndex().search("anything", 3) == []
