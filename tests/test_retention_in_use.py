"""`bench.retention_in_use`: general questions asked mid-conversation through the memory strategies'
own prompts and adapters. On a random test model the replies are noise, so the test checks the plumbing
that the numbers rest on: memory-all always applies an adapter, vanilla never, memory-top1 only when
retrieval found a segment, questions cycle over conversations, and the summary counts add up."""

import pytest

from agenthn.bench import eval_english
from agenthn.bench import retention_in_use as riu

pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def convs(tiny):
    return [riu.strategies(tiny, h) for h in riu.histories()[:2]]


def test_each_mode_applies_adapters_as_it_says(tiny, convs):
    kept = eval_english.read_jsonl("general_questions.jsonl")[:4]
    kept.append({"question": "Where did Bramble chase the squirrel?", "answers": ["tree"]})  # c01's words
    res = riu.one_repeat(tiny, kept, convs, shift=0)
    assert set(res) == set(riu.MODES)
    assert res["memory-all"]["with_adapter"] == [1] * len(kept)
    assert res["vanilla"]["with_adapter"] == [0] * len(kept)
    top1 = res["memory-top1"]["with_adapter"]
    assert top1[4] == 1  # question 4 meets conversation 0 (shift 0, two conversations): a segment matches
    assert top1[0] == 0  # "What is the capital of France?" shares no word with either conversation
    assert all(len(r["right"]) == len(kept) for r in res.values())


def test_summary_counts_pairs_and_adapters():
    rows = [{m: {"right": [1, 0, 1], "with_adapter": [1, 1, 0]} for m in riu.MODES}] * 2
    s = riu.summarize(rows)["memory-top1"]
    assert s["pairs"] == 6 and s["with_adapter"] == 4
    assert s["kept_pct"] == pytest.approx(400 / 6)
    assert s["kept_with_adapter_pct"] == pytest.approx(50.0)
