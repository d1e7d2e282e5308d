"""Retention prompts the base writes itself (`hyper.retention_self`, train/self_prompts): which written
replies become prompts, that none is near a retention eval question, and the share's bounds."""

import types

import pytest

from agenthn.errors import AgentHNError
from agenthn.train import self_prompts as sp


@pytest.mark.parametrize("reply, want", [
    ("1. What is the most famous philanthropist?\n2. What is the most famous philanthropist of all time?",
     "What is the most famous philanthropist?"),  # smol's numbered lists: the first item
    ("What is the sum of the interior angles of a triangle inscribed in a circle?",
     "What is the sum of the interior angles of a triangle inscribed in a circle?"),  # 14 words: kept
    ("I'm sorry for any confusion, but as a grammar AI, I'm designed to assist with grammar.", None),
    ('A curious child might ask: "What is a question a curious child might ask?"', None),
    ("Why?", None),
    ("Q1: how fast can a cheetah run?", "How fast can a cheetah run?"),
])
def test_first_question(reply, want):
    assert sp.first_question(reply) == want


def test_questions_near_the_eval_are_dropped():
    assert sp.near_eval("What is the capital of France?")  # an eval question itself
    assert sp.near_eval("What colour is grass in spring?")  # "colour" and "grass": a paraphrase
    assert not sp.near_eval("What is the capital of Kenya?")  # one shared word, as the pools allow
    assert not sp.near_eval("What's the most advanced submarine in the world?")


class Replay:
    """Stands in for the engine's chat_batch with fixed replies (the parsing and filtering under test);
    the engine itself is exercised below on a real model."""

    def __init__(self, replies):
        self.replies, self.asked = replies, []

    def chat_batch(self, convs, max_new_tokens):
        self.asked += [c[0]["content"] for c in convs]
        return [self.replies[i % len(self.replies)] for i in range(len(convs))]


def test_written_questions_are_distinct_filtered_and_bounded():
    gen = Replay(["1. How do bees find flowers?", "What is the capital of France?", "No idea.",
                  "How do bees find flowers?", "Which planet has the longest day?"])
    got = sp.self_written_questions(gen, ["bees", "planets", "rivers"], 5, seed=0, batch=8)
    assert got == ["How do bees find flowers?", "Which planet has the longest day?"]
    assert len(gen.asked) == 20  # only two distinct usable questions exist: it stops after 4n asks
    topics = {a.removeprefix("Write one quiz question about ") for a in gen.asked}
    assert topics <= {"bees.", "planets.", "rivers."}


def test_a_real_engine_round_trip_and_the_share_bounds(tiny):
    from agenthn.engine.batching import BatchEngine

    typed = [(f"prompt {i}", "") for i in range(8)]
    hp = types.SimpleNamespace(retention_self=0.5, retention_general=0.25, seed=0)
    with BatchEngine(tiny, max_batch=64, max_queue=300) as gen:
        written = sp.self_written_questions(gen, ["bees", "rivers"], 4, seed=0)  # real replies, noise
        assert all(sp.first_question(q) == q and not sp.near_eval(q) for q in written)
        out = sp.with_self_written(gen, tiny.tokenizer, typed, hp)  # no vocabulary words: nothing replaced
        assert out == typed
        with pytest.raises(AgentHNError, match="retention_self"):
            sp.with_self_written(gen, tiny.tokenizer, typed, types.SimpleNamespace(
                retention_self=0.9, retention_general=0.25, seed=0))
