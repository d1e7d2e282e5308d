"""The English corpus (agenthn.world.english) and the hand-written English eval sets (agenthn/bench/data)."""

from __future__ import annotations

import functools
import json
import random
import re
import time
from pathlib import Path

import pytest

from agenthn.world import english as en
from agenthn.world import english_text as tx
from agenthn.world import english_values as ev
from agenthn.world.corpus import DocSample

DATA = Path(__file__).resolve().parents[1] / "agenthn" / "bench" / "data"


@pytest.fixture(scope="module")
def train() -> list[DocSample]:
    return en.english_samples(3000, 0, "train")


@pytest.fixture(scope="module")
def heldout() -> list[DocSample]:
    return en.english_samples(3000, 0, "heldout")


def _flat(s: DocSample) -> tuple:
    return s.doc, [(q.question, q.answer, q.kind) for q in s.qas], s.kind, json.dumps(s.meta, sort_keys=True)


def test_deterministic_and_seeded():
    a, b = en.english_samples(200, 7), en.english_samples(200, 7)
    assert [_flat(s) for s in a] == [_flat(s) for s in b]
    c = en.english_samples(200, 8)
    assert sum(_flat(x) != _flat(y) for x, y in zip(a, c, strict=True)) > 190
    h = en.english_samples(50, 7, "heldout", ["chat"], (2, 5))
    assert [_flat(s) for s in h] == [_flat(s) for s in en.english_samples(50, 7, "heldout", ["chat"], (2, 5))]


def test_attribute_tables_are_large_and_split():
    train_keys = {a.key for g in en.GROUPS for a in en.corpus_attrs(g, "train")}
    held_keys = {a.key for g in en.GROUPS for a in en.attrs_in_split(g, "heldout")}
    assert len(train_keys) >= 300 and len(held_keys) >= 35
    assert not train_keys & held_keys
    kind_keys = {a.key for g in en.TRAIN_KIND_ATTRS.values() for a in g}  # the train-only kinds' own
    assert not kind_keys & (train_keys | held_keys)
    assert held_keys == en.HELDOUT_ATTRS
    assert len(en.ATTRS) == len(train_keys) + len(held_keys) + len(kind_keys)
    # The held-out kinds were a fifth of the tables before the train-only kinds (issue 17) doubled the rest.
    n_before = len(en.ATTRS) - sum(map(len, en.TRAIN_ONLY.values())) - len(kind_keys)
    assert 0.15 <= len(held_keys) / n_before <= 0.25


def test_every_attribute_has_enough_phrasings():
    assert len(tx.ASK_FRAMES[0]) >= 6 and len(tx.SAY_FRAMES[0]) >= 3
    train_only = {a.key for groups in (en.TRAIN_ONLY, en.TRAIN_KIND_ATTRS)
                  for g in groups.values() for a in g}
    for a in en.ATTRS.values():
        say_frames = tx.SAY_FRAMES if a.generic else ((), ())
        ask_frames = tx.ASK_FRAMES if a.generic else ((), ())
        assert len(a.says) + len(say_frames[0]) >= 3, a.key
        assert len(a.asks) + len(ask_frames[0]) >= 2, a.key
        if a.key in train_only:  # never drawn in a held-out split
            assert len(a.says) >= 2 and len(a.asks) >= 2 and not a.hsays and not a.hasks, a.key
            continue
        assert len(a.hsays) + len(say_frames[1]) >= 1, a.key
        assert len(a.hasks) + len(ask_frames[1]) >= 1, a.key
        assert not set(a.says) & set(a.hsays) and not set(a.asks) & set(a.hasks), a.key


def test_phrasing_tables_are_disjoint():
    for pair in (tx.SAY_FRAMES, tx.ENTITY_SAY_FRAMES, tx.ASK_FRAMES, tx.BIO_ASK_FRAMES, tx.ENTITY_ASK_FRAMES,
                 tx.CHAT_LEADS):
        assert pair[0] and pair[1] and not set(pair[0]) & set(pair[1])


def _templates(samples: list[DocSample], i: int) -> set[str]:
    return {t[i] for s in samples for t in s.meta["templates"].values()}


def test_train_and_heldout_are_disjoint(train, heldout):
    assert not {q.kind for s in train for q in s.qas} & {q.kind for s in heldout for q in s.qas}
    assert {q.kind for s in heldout for q in s.qas} <= en.HELDOUT_ATTRS
    assert not _templates(train, 0) & _templates(heldout, 0)  # statement phrasings
    assert not _templates(train, 1) & _templates(heldout, 1)  # question phrasings
    train_values = {v for s in train for v in s.meta["facts"].values()}
    held_values = {v for s in heldout for v in s.meta["facts"].values()}
    assert not train_values & held_values
    assert all(ev.is_heldout_value(v) or v in ev.heldout_pool_values() for v in held_values)
    assert {s.meta["split"] for s in heldout} == {"heldout"}


def test_heldout_phrasings_split_keeps_train_attributes(train):
    hp = en.english_samples(1500, 0, "heldout_phrasings")
    train_keys = {a.key for g in en.GROUPS for a in en.attrs_in_split(g, "train")}
    assert {q.kind for s in hp for q in s.qas} <= train_keys
    assert not _templates(train, 0) & _templates(hp, 0) and not _templates(train, 1) & _templates(hp, 1)
    train_values = {v for s in train for v in s.meta["facts"].values()}
    assert not train_values & {v for s in hp for v in s.meta["facts"].values()}
    assert {s.meta["split"] for s in hp} == {"heldout_phrasings"}


def test_heldout_say_and_heldout_ask_hold_out_one_side_of_the_phrasings(train, heldout):
    """bench.train_gap separates the gap of statement phrasings from that of question phrasings."""
    say, ask = (en.english_samples(600, 0, s) for s in ("heldout_say", "heldout_ask"))
    train_keys = {a.key for g in en.GROUPS for a in en.attrs_in_split(g, "train")}
    assert {q.kind for s in say + ask for q in s.qas} <= train_keys
    assert not _templates(train, 0) & _templates(say, 0)  # held-out statements ...
    assert _templates(say, 1) & _templates(train, 1) and not _templates(say, 1) & _templates(heldout, 1)
    assert not _templates(train, 1) & _templates(ask, 1)  # ... and held-out questions
    assert _templates(ask, 0) & _templates(train, 0) and not _templates(ask, 0) & _templates(heldout, 0)


def test_pools_are_disjoint_and_synthesised_values_are_common(train):
    train_pool = {v for tr, _ in ev.POOLS.values() for v in tr}
    assert not train_pool & ev.heldout_pool_values()
    values = [(en.ATTRS[k].kind, v) for s in train for k, v in s.meta["facts"].items()]
    invented = sum(k in ev.SYLLABLE_KINDS and v not in ev.POOLS["first name"][0] for k, v in values)
    assert 0.25 <= invented / len(values) <= 0.4  # "about a third" invented names and words
    assert all(ev.is_value_in_split(k, v, "train") for k, v in values)


def test_answers_are_verbatim_unique_and_replaceable(train, heldout):
    for s in train + heldout:
        facts = s.meta["facts"]
        assert s.meta["n_facts"] == len(facts) == len(s.qas) >= 1
        assert [q.answer for q in s.qas] == list(facts.values()) and [q.kind for q in s.qas] == list(facts)
        values = list(facts.values())
        assert len({v.lower() for v in values}) == len(values)
        for v in values:
            assert s.doc.count(v) == 1 and s.doc.lower().count(v.lower()) == 1, (v, s.doc)
            assert not any(v.lower() in w.lower() for w in values if w != v), (v, values)
        assert all(q.question.strip() and q.answer not in q.question for q in s.qas)
        assert not any(c <= set(facts) for c in en.CONFLICTS)


def test_answer_sentences_restate_the_fact_for_the_asker(train, heldout):
    """Each answer has a sentence form that holds the value once, reads as English (no slot or
    [first|third] choice left), and speaks to the user about the user: a sentence for a note in the
    first person that still said "my" or "I am" would teach the student to answer as the user."""
    first_person = re.compile(r"\b(I|my|me|mine|myself|I'm|I've)\b|\b[Yy]ou (am|was)\b")
    for s in train + heldout:
        for q in s.qas:
            frame = q.sentence.replace(q.answer, "")
            assert q.sentence.count(q.answer) == 1 and not re.search(r"[{}\[\]]", frame), q
            assert q.sentence[0].isupper() or q.sentence.startswith(q.answer), q
            if s.kind in ("facts", "chat"):
                assert not first_person.search(frame), q
            if s.kind == "bio":
                assert s.meta["subject"].split()[0] in q.sentence or not en.ATTRS[q.kind].generic, q
    yours = [q.sentence for s in train if s.kind == "facts" for q in s.qas]
    assert sum(x.startswith("Your ") for x in yours) > len(yours) / 4


def test_randomized_values_swap_exactly_the_facts(train):
    """What train/data.py:randomize_values does: every value replaced by doc.replace(value, new)."""
    for s in train[:500]:
        doc, new = s.doc, {}
        for i, v in enumerate(s.meta["facts"].values()):
            new[v] = f"<<{chr(65 + i) * 2}>>"
            doc = doc.replace(v, new[v])
        assert all(doc.count(n) == 1 for n in new.values()) and not any(v in doc for v in new)


@pytest.mark.parametrize("kind", en.KINDS)
def test_n_facts_range_and_kinds_filter(kind):
    for lo, hi in ((1, 1), (3, 6), (16, 16)):
        samples = en.english_samples(60, 1, "train", [kind], (lo, hi))
        assert {s.kind for s in samples} == {kind}
        counts = [s.meta["n_facts"] for s in samples]
        assert max(counts) <= hi and min(counts) >= (lo if kind != "encyclopedia" else 1)
        if lo == hi == 16 and kind in ("facts", "bio", "chat"):
            assert set(counts) == {16}
    held = en.english_samples(40, 1, "heldout", [kind], (1, 16))
    assert all(1 <= s.meta["n_facts"] <= 16 for s in held)


def test_kinds_appear_uniformly_and_bad_arguments_fail():
    kinds = [s.kind for s in en.english_samples(1000, 2)]
    assert all(150 <= kinds.count(k) <= 250 for k in en.KINDS)
    with pytest.raises(ValueError):
        en.english_samples(1, 0, kinds=["poems"])
    with pytest.raises(ValueError):
        en.english_samples(1, 0, split="test")
    with pytest.raises(ValueError):
        en.english_samples(1, 0, n_facts=(0, 3))
    assert en.english_samples(3, 0, "eval")[0].meta["split"] == "heldout"


def test_documents_read_as_english(train):
    """Spot checks of the renderer: no unfilled slots, sentences start upper-case, chat has both roles."""
    for s in train[:1000]:
        assert not re.search(r"[{}\[\]]", s.doc)
        assert not re.search(r"[{}\[\]]", " ".join(q.question for q in s.qas))
        assert s.doc[0].isupper() or s.doc.startswith("- ")
    chats = [s for s in train if s.kind == "chat"]
    assert all("User: " in s.doc and "Assistant: " in s.doc for s in chats)


def test_every_value_kind_has_both_splits_and_heldout_is_described():
    rng = random.Random(0)
    for kind in list(ev.POOLS) + list(ev.SYNTH):
        for split in ev.SPLITS:
            assert all(ev.is_value_in_split(kind, ev.value(rng, kind, split), split) for _ in range(20)), kind
    d = en.heldout_description()
    assert set(d["attributes"]) == en.HELDOUT_ATTRS and d["n_attributes"]["train"] >= 150
    assert json.loads(json.dumps(d)) == d


def test_speed():
    """CPU time, not wall time: the 2-core machine is often shared with a training run."""
    t = time.process_time()
    en.english_samples(10_000, 5)
    assert time.process_time() - t < 10


def test_retention_prompts_are_seeded_and_varied():
    a = en.retention_prompts(2000, 0)
    assert a == en.retention_prompts(2000, 0) and a != en.retention_prompts(2000, 1)
    assert len(set(a)) > 1000 and all(p.strip() for p in a)


# --- hand-written eval sets (agenthn/bench/data), never used for training ---

def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text().splitlines() if line.strip()]


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", s.lower()).split())


def _has_any(text: str, answers: list[str]) -> bool:
    return any(a.lower() in text.lower() for a in answers)


def _ids_unique(rows: list[dict], prefix: str) -> None:
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids) and all(i.startswith(prefix) for i in ids)


def test_natural_paragraphs():
    rows = _load("natural_paragraphs.jsonl")
    assert len(rows) >= 40
    _ids_unique(rows, "p")
    for r in rows:
        assert set(r) == {"id", "paragraph", "question", "answers"} and r["answers"]
        assert 2 <= len(re.findall(r"[.!?](\s|$)", r["paragraph"])) <= 5, r["id"]
        assert _has_any(r["paragraph"], r["answers"]), r["id"]
        assert r["question"].endswith("?") and _norm(r["question"]) not in _norm(r["paragraph"]), r["id"]


def test_general_questions_and_retention_prompts_do_not_meet():
    rows = _load("general_questions.jsonl")
    assert len(rows) >= 90
    _ids_unique(rows, "g")
    assert all(set(r) == {"id", "question", "answers"} and r["answers"] and r["question"].endswith("?")
               for r in rows)
    prompts = {_norm(p) for seed in range(3) for p in en.retention_prompts(20_000, seed)}
    questions = {_norm(r["question"]) for r in rows}
    assert not questions & prompts
    assert not any(q in p for q in questions for p in prompts)  # not even wrapped in "Hi! ... Thanks!"


def _factual_questions() -> set[str]:
    from agenthn.world import english_prompts as ep

    rng = random.Random(0)
    return {t(rng) for _ in range(3000) for t in ep.FACTUAL}


def _pool_questions(wide: bool = False) -> set[str]:
    from agenthn.world import english_general as eg

    return {q for q, _ in eg.general_questions_typed(60_000, 1, wide=wide)}


@pytest.mark.parametrize("questions", [_factual_questions, _pool_questions,
                                       functools.partial(_pool_questions, wide=True)],
                         ids=["factual", "general pool", "wide pool"])
def test_factual_retention_questions_share_no_content_word_with_general_questions(questions):
    """The short factual retention questions (and the broad pool's, `world/english_general`) have the
    retention eval's shape and answer types, so none may be one of its questions or a paraphrase of one:
    at most one content word in common with any of them ("Which city is home to the Louvre?" and "In
    which city is Big Ben?" share only "city"; "What is the capital of Kenya?" shares "capital")."""
    from agenthn.train.self_prompts import content_words as content

    asked = questions()
    assert len(asked) > 100
    assert not asked & {r["question"] for r in _load("general_questions.jsonl")}
    evals = [content(r["question"]) for r in _load("general_questions.jsonl")]
    shared = {q: max((content(q) & e for e in evals), key=len) for q in asked}
    assert not {q: w for q, w in shared.items() if len(w) > 1}
    assert any(shared.values())  # the check reads words at all: some prompts do share one


def test_profile_turns():
    rows = _load("profile_turns.jsonl")
    assert len(rows) >= 70
    _ids_unique(rows, "t")
    ops = [e["op"] for r in rows for e in r["edits"]]
    assert ops.count("UPDATE") >= 8 and ops.count("REMOVE") >= 5
    assert sum(not r["edits"] for r in rows) >= 15 and sum(len(r["edits"]) > 1 for r in rows) >= 8
    for r in rows:
        assert set(r) == {"id", "profile_before", "turn", "edits"}, r["id"]
        if r["turn"].endswith("?"):
            assert r["edits"] == [], r["id"]  # a question never edits the profile
        for e in r["edits"]:
            assert e["key"] == e["key"].lower().strip() and len(e["key"].split()) <= 3, r["id"]
            assert (e["op"] == "ADD") == (e["key"] not in r["profile_before"]), r["id"]
            assert (e["value"] is None) == (e["op"] == "REMOVE"), r["id"]
            if e["value"] is not None:
                assert e["value"].lower() in r["turn"].lower(), r["id"]


def test_conversations():
    rows = _load("conversations.jsonl")
    assert len(rows) >= 24
    _ids_unique(rows, "c")
    for r in rows:
        assert set(r) == {"id", "turns", "question", "answers"} and r["answers"], r["id"]
        turns = r["turns"]
        assert 8 <= len(turns) <= 20, r["id"]
        assert [t["role"] for t in turns] == ["user", "assistant"] * (len(turns) // 2), r["id"]
        early = " ".join(t["content"] for t in turns[: len(turns) // 2])
        assert _has_any(early, r["answers"]), r["id"]  # said early, asked at the end
        assert not _has_any(r["question"], r["answers"]), r["id"]
