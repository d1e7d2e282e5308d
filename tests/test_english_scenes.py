"""The "scenes" kind: short hand-written paragraphs with value slots, for training only (issue 17).
Every slot fills and every asked value is stated once; no scene borrows five words in a row from an
eval paragraph; the kind is drawn only when a run names it, so other runs' data stay as they were."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from agenthn.train.data import doc_samples, value_types
from agenthn.train.presets import get_preset
from agenthn.world import english as en
from agenthn.world import english_scenes as es
from agenthn.world import english_values as ev

EVAL_PARAGRAPHS = Path(__file__).parents[1] / "agenthn" / "bench" / "data" / "natural_paragraphs.jsonl"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", es.SLOT.sub(" ", text).lower())


def _grams(text: str, n: int = 5) -> set[tuple[str, ...]]:
    w = _words(text)
    return {tuple(w[i: i + n]) for i in range(len(w) - n + 1)}


def test_scenes_are_well_formed():
    kinds = set(ev.POOLS) | set(ev.SYNTH)
    assert len(es.SCENES) >= 120 and len({s["text"] for s in es.SCENES}) == len(es.SCENES)
    for sc in es.SCENES:
        slots = es.slots(sc["text"])
        assert 1 <= len(slots) == len(set(slots)) <= 4, sc["text"]
        assert all(es.SLOT.fullmatch(s).group(1) in kinds for s in slots), sc["text"]
        assert 1 <= len(sc["asks"]) <= 3 and set(sc["asks"]) <= set(slots), sc["text"]
        for s, pairs in sc["asks"].items():
            for q, a in pairs:
                assert q.endswith("?") and not es.SLOT.search(q) and es.slots(a) == [s], (q, a)


def test_no_scene_borrows_from_an_eval_paragraph():
    held = set()
    for line in EVAL_PARAGRAPHS.read_text().splitlines():
        p = json.loads(line)
        held |= _grams(p["paragraph"]) | _grams(p["question"])
    for sc in es.SCENES:
        shared = _grams(sc["text"]) & held
        assert not shared, (sc["text"], shared)


def test_a_scene_states_each_asked_value_once_and_answers_with_it():
    rng = random.Random(3)
    for _ in range(300):
        facts, says, asks, doc, extra = es.scene(rng, "train", (1, 8))
        if not en._valid(doc, facts):
            continue  # the corpus redraws such a document
        assert not es.SLOT.search(doc)
        for a, v in facts.items():
            q, question, answer = asks[a.key]
            assert v in answer and not es.SLOT.search(answer + question)
            assert extra["value_kinds"][a.key] == a.kind


def test_scenes_only_when_asked_and_only_in_train():
    with pytest.raises(ValueError, match="training only"):
        es.scene(random.Random(0), "heldout", (1, 1))
    hp = get_preset("smol", **{"hyper.kinds": "scenes", "hyper.sentence_answers": "1"}).hyper
    samples = doc_samples(hp, 60, 2, "train")
    assert {s.kind for s in samples} == {"scenes"} and len({s.meta["genre"] for s in samples}) >= 5
    assert all(q.answer in s.doc and q.sentence for s in samples for q in s.qas)
    assert any(value_types(s) for s in samples)
    default = get_preset("smol").hyper
    assert "scenes" not in {s.kind for s in doc_samples(default, 200, 2, "train")}
