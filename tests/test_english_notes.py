"""The train-only notes kind (english_notes): distractors beside the facts, train split only, never drawn
unless a run asks for it, and no line that echoes the eval's hand-written paragraphs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from agenthn.world import english as en
from agenthn.world.english_notes import DISTRACTORS, NOTE_GENRES, NOTE_LINES

PARAGRAPHS = Path(en.__file__).parents[1] / "bench" / "data" / "natural_paragraphs.jsonl"


def _grams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z']+", text.lower())
    return {tuple(words[i: i + n]) for i in range(len(words) - n + 1)}


def test_notes_lines_do_not_echo_the_eval_paragraphs():
    evals = [json.loads(line) for line in PARAGRAPHS.read_text().splitlines() if line.strip()]
    eval_grams = set().union(*(_grams(p["paragraph"] + " " + p["question"]) for p in evals))
    ours = [t for pair in NOTE_GENRES for t in pair] + [t for t, _ in DISTRACTORS] + list(NOTE_LINES)
    for line in ours:
        shared = _grams(line) & eval_grams
        assert not shared, f"{line!r} shares {shared} with a hand-written eval paragraph"


def test_notes_state_facts_among_distractors():
    samples = en.english_samples(300, 7, "train", kinds=["notes"], n_facts=(1, 8))
    assert {s.kind for s in samples} == {"notes"}
    n_noise = 0
    for s in samples:
        low = s.doc.lower()
        answers = [qa.answer.lower() for qa in s.qas]
        for x in s.meta["distractors"]:
            assert x.lower() in low  # stated in the note...
            assert not any(x.lower() in a or a in x.lower() for a in answers)  # ...and never an answer
            n_noise += 1
        for qa in s.qas:
            assert low.count(qa.answer.lower()) == 1 and qa.answer not in qa.question
            assert qa.sentence.count(qa.answer) == 1  # the fact said back, as the other kinds answer
    assert n_noise >= len(samples)  # one to three per note


def test_notes_are_never_drawn_by_default_nor_outside_train():
    kinds = {s.kind for s in en.english_samples(300, 4, "train", n_facts=(1, 4))}
    assert "notes" not in kinds and kinds <= set(en.KINDS)
    for split in ("eval", "heldout", "heldout_phrasings"):
        with pytest.raises(ValueError, match="notes"):
            en.english_samples(3, 0, split, kinds=["notes"])
