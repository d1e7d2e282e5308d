"""Restated fact sentences for training (world.english_variety): no held-out phrasing in them, every
answer still once in the document, and drawn only when a run asks for it (hyper.say_variety)."""

from __future__ import annotations

import random
import re

from agenthn.world import english as en
from agenthn.world import english_text as tx
from agenthn.world.english_variety import ADVERBS, ASIDES, LEADS, TAILS, vary_doc, vary_sentence


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z']+", text.lower()))


def test_no_rewrite_phrase_is_part_of_a_heldout_phrasing():
    held = [t for a in en.ATTRS.values() for t in a.hsays + a.hasks]
    for pair in (tx.SAY_FRAMES, tx.ENTITY_SAY_FRAMES, tx.ASK_FRAMES, tx.BIO_ASK_FRAMES, tx.ENTITY_ASK_FRAMES,
                 tx.CHAT_LEADS):
        held += list(pair[1])
    held_text = [f" {_words(t)} " for t in held]
    for phrase in LEADS + TAILS + ASIDES + tuple(f"is {a}" for a in ADVERBS):
        w = _words(phrase)
        if w:  # "!" has no words
            bad = [t for t in held_text if f" {w} " in t]
            assert not bad, f"{phrase!r} occurs in held-out phrasings {bad[:3]}"


def test_rewrites_keep_every_answer_once_and_leave_the_questions():
    rng = random.Random(0)
    samples = en.english_samples(400, 3, "train", n_facts=(1, 8))
    varied = [vary_doc(s, rng, 1.0) for s in samples]
    changed = sum(v.doc != s.doc for s, v in zip(samples, varied, strict=True))
    assert changed > 0.6 * len(samples)
    for s, v in zip(samples, varied, strict=True):
        assert v.qas == s.qas and v.kind == s.kind
        assert all(v.doc.count(q.answer) == 1 for q in v.qas)
    assert [vary_doc(s, random.Random(1), 0.0).doc for s in samples] == [s.doc for s in samples]


def test_each_rewrite_kind_reads_as_a_restatement():
    rng = random.Random(5)
    outs = {vary_sentence(rng, "My cat's name is Miso.", "Miso") for _ in range(200)}
    assert "Miso is my cat's name." in outs
    assert any(o.endswith("My cat's name is Miso" + t) for o in outs for t in TAILS)
    assert any(o.startswith(lead + "my cat's") for o in outs for lead in LEADS)
    assert any(f" is {a} Miso." in o for o in outs for a in ADVERBS)
    assert any(o == f"My cat's name{a} is Miso." for o in outs for a in ASIDES)


def test_training_documents_vary_only_when_asked():
    from agenthn.train.data import doc_samples, with_varied_statements
    from agenthn.train.presets import get_preset

    off = get_preset("smol").hyper
    assert off.say_variety == 0.0  # off unless a stage sets it: earlier stages' data stay as they were
    on = get_preset("smol", **{"hyper.say_variety": "0.6"}).hyper
    train, held = doc_samples(on, 60, 1, "train"), doc_samples(on, 60, 1, "heldout")
    assert with_varied_statements(train, off, "train", random.Random(0)) == train
    assert with_varied_statements(held, on, "heldout", random.Random(0)) == held  # never the eval's
    varied = with_varied_statements(train, on, "train", random.Random(0))
    assert sum(v.doc != s.doc for v, s in zip(varied, train, strict=True)) > 20
    tiny = get_preset("tiny", **{"hyper.say_variety": "0.6"}).hyper
    world = doc_samples(tiny, 20, 1, "train")
    assert with_varied_statements(world, tiny, "train", random.Random(0)) == world


def test_no_rewrite_phrase_echoes_the_hand_written_eval_paragraphs():
    import json
    from pathlib import Path

    data = Path(en.__file__).parents[1] / "bench" / "data" / "natural_paragraphs.jsonl"
    evals = " ".join(_words(json.loads(x)["paragraph"] + " " + json.loads(x)["question"])
                     for x in data.read_text().splitlines() if x.strip())
    for phrase in LEADS + TAILS + ASIDES:
        w = _words(phrase)
        assert len(w.split()) < 3 or f" {w} " not in f" {evals} ", f"{phrase!r} is in an eval paragraph"
