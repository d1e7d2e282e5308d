"""Memory's meaning-aware re-ranking: the question-likelihood gain (engine/relevance.py), the re-ranking of
TF-IDF's candidates (agent/search.rerank), memory's use of it, and the magic-number bench's pieces.
The gain's arithmetic is checked against row-by-row log-likelihoods on a random test model; what smol
reads is checked in tests/test_smol.py (the real weights)."""

from __future__ import annotations

import pytest
import torch

from agenthn.agent.search import TfidfIndex, rerank, said
from agenthn.agent.segments import line_content
from agenthn.engine.relevance import question_gain, start_id


def _loglik(base, ids: list[int], n_q: int) -> float:
    logp = base(torch.tensor([ids])).logits[0].float().log_softmax(-1)
    return float(sum(logp[len(ids) - n_q - 1 + j, ids[len(ids) - n_q + j]] for j in range(n_q)))


def test_question_gain_equals_unpadded_row_by_row_loglikelihoods(model):
    tok, base = model.tokenizer, model.base  # llama- and gemma2-shaped (the latter caps its logits)
    contexts = ["a", "b c d e f g h", "the grass is green and the sky is blue today"]
    question = "what colour is the grass"
    q = tok(question, add_special_tokens=False)["input_ids"]
    s = start_id(tok)
    alone = _loglik(base, [s] + q, len(q))
    want = [_loglik(base, [s] + tok(c + "\n", add_special_tokens=False)["input_ids"] + q, len(q)) - alone
            for c in contexts]
    got = question_gain(base, tok, contexts, question)  # one right-padded batch
    assert got == pytest.approx(want, abs=1e-4)
    assert question_gain(base, tok, [], question) == []
    # leading time stamps (the public benchmarks' "[2024/03/06 (Wed) 10:00] ") are not read on either side
    stamped = question_gain(base, tok, ["[2024/03/03 (Sun) 10:00] " + c for c in contexts],
                            "[2024/03/06 (Wed) 10:00] " + question)
    assert stamped == pytest.approx(got, abs=1e-4)


def test_rerank_scores_only_lines_sharing_a_term_and_orders_by_the_best():
    texts = {1: "User: I love pizza.\nAssistant: Nice.",
             2: "User: My favourite singer is Bisu.\nAssistant: Noted, singer Bisu.",
             3: "User: no idea. Who is your favourite singer?\nAssistant: Fair enough, pizza."}
    index = TfidfIndex(list(texts.items()))
    seen = []

    def gain(lines, question):  # a stand-in scorer: longer lines "explain" more
        seen.extend(lines)
        return [float(len(x)) for x in lines]

    hits = index.search("Who is my favourite singer?", 3)
    out = rerank(index, hits, texts, "Who is my favourite singer?", gain)
    assert [i for i, _ in out] == [2, 3]  # 1 shares no term: TF-IDF never proposed it
    # labels stripped; lines without a shared term ("Nice.", "Fair enough.") never scored, nor questions:
    # "no idea. Who is your favourite singer?" is read as "no idea.", which shares none
    assert sorted(seen) == sorted(["My favourite singer is Bisu.", "Noted, singer Bisu."])
    assert out[0][1] == float(len("My favourite singer is Bisu."))


def test_rerank_reads_no_question_as_evidence():
    # a question asked before ("What's my name?" again) is not what answers it, however likely it makes it
    texts = {1: "User: What's my name?\nAssistant: Sorry, I don't know.",
             2: "User: Hi, my name is Dana. What's the time?\nAssistant: Hello Dana, it's noon."}
    index = TfidfIndex(list(texts.items()))
    seen = []

    def gain(lines, question):  # a stand-in scorer that, like the base, favours repetition
        seen.extend(lines)
        return [10.0 if x == question else 1.0 for x in lines]

    out = rerank(index, index.search("What's my name?", 2), texts, "What's my name?", gain)
    assert [i for i, _ in out] == [2, 1] and out[0][1] == 1.0
    assert "What's my name?" not in seen and "Hi, my name is Dana." in seen
    assert said("User: Curry is fine. Do I need milk?") == "Curry is fine."
    # a question the line goes on to answer names what the answer is about: it stays (memory's needles)
    assert said("Assistant: Curry is fine. Do I need milk? Yes.") == "Curry is fine. Do I need milk? Yes."
    assert said("User: My bus number? That would be 84.") == "My bus number? That would be 84."


def test_rerank_keeps_candidates_without_a_scored_line_behind_in_tfidf_order():
    index = TfidfIndex([(1, "User: cats cats"), (2, "User: cats and dogs")])
    hits = [(2, 0.9), (1, 0.5)]
    out = rerank(index, hits, {1: "User: cats cats", 2: "User: cats and dogs"}, "dogs?",
                 lambda lines, q: [1.0] * len(lines))
    assert [i for i, _ in out] == [2, 1]
    assert line_content("Assistant: Sure: here") == "Sure: here"
    assert line_content("Note: not a role") == "Note: not a role"


def test_memory_reports_what_scored_its_segments(tiny, tmp_path):
    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.agent.memory import Memory
    from agenthn.agent.memory_config import MemoryConfig, MemoryConfigError
    from agenthn.store import AdapterFiles, Store

    store = Store(tmp_path / "s.sqlite")
    cache = AdapterCache(files=AdapterFiles(tmp_path / "a", store))
    uid = store.create_user("u")[0].id
    for rerank_n, want in ((5, "relevance"), (0, "tfidf")):
        mem = Memory(tiny, store, cache, uid, f"c{rerank_n}", MemoryConfig(segment_turns=2, rerank=rerank_n))
        for i, text in enumerate(["my locker code is 4821", "ok", "my cat is called Miso", "ok",
                                  "my locker is blue", "ok", "hello", "hi"]):
            mem.add_turn("user" if i % 2 == 0 else "assistant", text)
        _, _, ids, events = mem.context("what is my locker code")
        ev = next(e for e in events if e["type"] == "segments_retrieved")
        assert ev["scored_by"] == want and len(ids) == 1
    with pytest.raises(MemoryConfigError, match="rerank must be an integer >= 0, got -1"):
        MemoryConfig(rerank=-1)


def test_memory_reads_no_recalled_reply_as_evidence(tiny, tmp_path, monkeypatch):
    # a wrong answer once given ("your locker code is 1234", decoded from memory) is logged, but the same
    # question asked again must find what the user said, not that answer; restarts keep the mark
    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.agent.memory import Memory
    from agenthn.agent.memory_config import MemoryConfig
    from agenthn.store import AdapterFiles, Store

    def gain(lines, question):  # a stand-in scorer that, like the base, favours the earlier answer
        return [9.0 if "your locker" in x else 1.0 for x in lines]
    monkeypatch.setattr(tiny, "relevance", gain)
    store = Store(tmp_path / "s.sqlite")
    cache = AdapterCache(files=AdapterFiles(tmp_path / "a", store))
    uid = store.create_user("u")[0].id
    for recalled, want in ((True, 0), (False, 3)):  # the turn the retrieved segment starts at
        cid = f"c{recalled:d}"
        mem = Memory(tiny, store, cache, uid, cid, MemoryConfig(segment_turns=2))
        for role, text in (("user", "my locker code is 4821"), ("assistant", "ok"),
                           ("user", "what is my locker code?"), ("assistant", "your locker code is 1234")):
            mem.add_turn(role, text, recalled=recalled and text.startswith("your"))
        for m in (mem, Memory(tiny, store, cache, uid, cid, MemoryConfig(segment_turns=2))):  # and reloaded
            _, _, ids, _ = m.context("what is my locker code")
            assert next(s["first_turn"] for s in m.segments() if s["id"] == ids[0]) == want
    assert [t.recalled for t in store.list_turns(uid, "c1")] == [False, False, False, True]
    assert [t.idx for t in store.list_turns(uid, "c1", recalled_only=True)] == [3]
    # a segment of an earlier asking and its recalled reply alone is not retrieved, even as the only match
    mem = Memory(tiny, store, cache, uid, "c2", MemoryConfig(segment_turns=2))
    for role, text in (("user", "hello there"), ("assistant", "hi"), ("user", "what is my locker code?"),
                       ("assistant", "your locker code is 1234"), ("user", "thanks"), ("assistant", "bye")):
        mem.add_turn(role, text, recalled=text.startswith("your"))
    assert mem.context("what is my locker code?")[2] == []


def test_rag_rerank_keeps_the_messages_the_base_reads_best(tiny):
    """rag-rerank: TF-IDF's candidates re-ordered by the model's question gain before the k are kept (the
    random test model's gains decide, whatever TF-IDF preferred); plain rag keeps TF-IDF's order."""
    from agenthn.baselines import make
    from agenthn.errors import AgentHNError

    history = []
    lines = ["my locker code is 4821", "my locker is blue", "the locker room smells", "my code name is Fox"]
    for text in lines:
        history += [{"role": "user", "content": text}, {"role": "assistant", "content": "ok"}]
    q = "what is my locker code"
    plain = make("rag", tiny, top_k=1, live_tokens=0, max_new_tokens=1)
    ranked = make("rag-rerank", tiny, top_k=1, live_tokens=0, max_new_tokens=1)
    for s in (plain, ranked):
        s.respond(history, q)
    users = [m["content"] for m in history if m["role"] == "user"]
    gains = tiny.relevance(users, q)  # every candidate shares a term with the question
    best = users[max(range(len(users)), key=gains.__getitem__)]
    assert ranked.name == "rag-rerank" and ranked.retrieved == [best]
    assert plain.retrieved != ranked.retrieved  # else this test could not tell the two apart
    assert plain.retrieved == [plain.older[plain.index.search(q, 1)[0][0]]["content"]]
    with pytest.raises(AgentHNError, match="rerank must be at least 0, got -2"):
        make("rag", tiny, rerank=-2)


def test_magic_number_pieces_are_whole_sentences_within_the_budget():
    from agenthn.bench.magic_number import sentence_pieces

    doc = "One two three. Four five six seven! Eight? " + "a " * 30 + "end."
    count = lambda s: len(s.split())  # noqa: E731
    pieces = sentence_pieces(doc, 8, count)
    assert " ".join(pieces) == " ".join(doc.split())
    assert pieces[0] == "One two three. Four five six seven! Eight?"  # 8 words: one piece
    assert len(pieces) == 2 and count(pieces[1]) == 31  # a sentence over the budget stands alone
    assert sentence_pieces("One two three. Four five six seven! Eight?", 7, count) == [
        "One two three. Four five six seven!", "Eight?"]


def test_server_config_passes_the_rerank_setting_to_memory():
    from pydantic import ValidationError

    from agenthn.agent.memory_config import MemoryConfig
    from agenthn.server.config import ServerConfig

    assert ServerConfig(memory_rerank=0).memory_overrides() == {"rerank": 0}
    assert MemoryConfig(**ServerConfig(memory_rerank=0).memory_overrides()).rerank == 0
    assert "rerank" not in ServerConfig().memory_overrides()  # unset: memory's default (5)
    with pytest.raises(ValidationError, match="memory_rerank"):
        ServerConfig(memory_rerank=-1)
