"""The broad general-knowledge retention pool (`hyper.retention_general`): many distinct short
questions with answer types, none of them a retention eval question or a paraphrase of one, mixed into
the retention prompts only when asked for. That none meets the retention eval is checked beside the
factual questions' twin check (tests/test_english.py)."""

from __future__ import annotations

import collections

import pytest

from agenthn.errors import AgentHNError
from agenthn.world import english_general as eg
from agenthn.world import english_prompts as ep


def test_pool_is_broad_and_typed():
    typed = eg.general_questions_typed(20_000, 0)
    assert len({q for q, _ in typed}) > 800  # many hundreds of distinct questions, not a hundred
    kinds = collections.Counter(k for _, k in typed)
    assert {"number", "city", "word", ""} <= set(kinds)
    assert set(kinds) <= set(ep.VALUE_TYPES.values()) | {"word", ""}
    assert all(q.endswith("?") and q[0].isupper() for q, _ in typed)
    assert eg.general_questions_typed(50, 3) == eg.general_questions_typed(50, 3)  # deterministic
    assert eg.general_questions_typed(50, 3) != eg.general_questions_typed(50, 4)


def test_general_share_mixes_into_the_retention_prompts():
    plain = ep.retention_prompts_typed(1000, 2)
    mixed = ep.retention_prompts_typed(1000, 2, general=0.25)
    assert len(mixed) == 1000
    assert mixed[:250] == eg.general_questions_typed(250, 2)
    assert mixed[250:] == plain[:750]  # the rest is the stream every earlier run saw
    assert ep.retention_prompts_typed(1000, 2, general=0.0) == plain


@pytest.mark.parametrize("share", [-0.1, 1.5])
def test_a_share_outside_0_to_1_is_refused_by_name(share):
    with pytest.raises(AgentHNError, match="retention_general"):
        ep.retention_prompts_typed(100, 0, general=share)


def test_wide_pool_adds_shapes_and_never_asks_the_held_out_ones():
    """`hyper.retention_general_wide` draws from more shapes (`WIDER`); the narrow pool stays the one
    stages 40-42 trained on; no retention prompt is ever of a `HELD_OUT` shape, which the probe
    (scripts/probe_retention_shapes.py) asks to see whether an adapter leaves unseen shapes alone."""
    narrow = {q for q, _ in eg.general_questions_typed(20_000, 0)}
    wide = {q for q, _ in eg.general_questions_typed(20_000, 0, wide=True)}
    assert any(q.startswith("In which season do people usually") for q in wide)
    assert not any(q.startswith("In which season do people usually") for q in narrow)
    mixed = ep.retention_prompts_typed(1000, 2, general=0.5, wide=True)
    assert mixed[:500] == eg.general_questions_typed(500, 2, wide=True)
    import random

    r = random.Random(0)
    held = {make(r) for _ in range(300) for make in eg.HELD_OUT}
    assert len(held) > 40
    stream = {p for p, _ in ep.retention_prompts_typed(20_000, 0, general=0.5, wide=True)}
    assert not held & (wide | narrow)
    assert not any(h in p for p in stream for h in held)  # not even wrapped in "Hi! ... Thanks!"
