"""Baselines behind one interface, their cost accounting, the fitted cost model, and both benchmarks
end to end, on a random tiny model (plumbing only: answers are noise)."""

import json
from pathlib import Path

import pytest
import torch

from agenthn.baselines import STRATEGIES, make
from agenthn.baselines.base import history_cost
from agenthn.bench import cost as costmodel

HISTORY = [{"role": "user", "content": "My locker code is 4821."}, {"role": "assistant", "content": "Noted."},
           {"role": "user", "content": "The weather is mild."}, {"role": "assistant", "content": "Lovely."},
           {"role": "user", "content": "My favourite colour is teal."},
           {"role": "assistant", "content": "Ok."}]
FAST = {"cartridge": {"steps": 2, "teacher_queries": 4, "prefix_tokens": 8},
        "rag": {"top_k": 2}, "memory-topk": {"segment_turns": 2},
        "memory-top1": {"segment_turns": 2, "top_k": 3}, "memory-all": {"segment_turns": 2},
        "memory-recent": {"segment_turns": 2}}


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    from agenthn.model.random_init import save_random_model_dir

    return save_random_model_dir(tmp_path_factory.mktemp("bl") / "m", "llama-test", max_chunk_tokens=128,
                                 max_doc_tokens=2000)


@pytest.fixture(scope="module")
def model(model_dir):
    import agenthn

    return agenthn.load(model_dir, device="cpu")


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_every_strategy_answers_and_accounts(model, name):
    s = make(name, model, max_new_tokens=4, live_tokens=30, **FAST.get(name, {}))
    a1 = s.respond(HISTORY, "What is my locker code?")
    a2 = s.respond(HISTORY, "What is my favourite colour?")
    assert isinstance(a1, str) and isinstance(a2, str)
    c = s.cost
    assert c.conversations == 1 and c.queries == 2 and c.not_fit == 0  # ingested once for both questions
    assert len(c.samples) == 2 and all(x["seconds"] > 0 and x["prompt_tokens"] > 0 for x in c.samples)
    full = history_cost(model, HISTORY)
    per_q = c.summary()["history_tokens_per_query"]
    if name in ("full", "truncated"):
        assert per_q == full
    elif name == "cartridge":
        assert per_q <= 30 + 8  # live window + the trained prefix's positions
    else:
        assert per_q < full
    if name.startswith("memory") or name in ("note", "cartridge"):
        assert c.ingest_tokens > 0 and c.ingest_s > 0
    if name in ("rag", "memory-topk"):  # retrieval reports what it chose; the colour question finds its turn
        assert s.retrieved and any("teal" in t for t in s.retrieved)
    if name.startswith("memory") or name == "cartridge":
        assert c.memory_bytes[0] > 0


def test_memory_top1_applies_one_segment_whatever_top_k_and_shares_the_ingest(model):
    """memory-top1 is the memory strategy with one segment adapter per question, even when a bench passes
    its top_k; given the same `share` as memory-topk it reuses that ingest (same segment adapters)."""
    share: dict = {}
    q = "What is my locker code and my favourite colour?"  # two segments hold an answer
    top2 = make("memory-topk", model, max_new_tokens=2, live_tokens=0, segment_turns=2, top_k=2, share=share)
    top1 = make("memory-top1", model, max_new_tokens=2, live_tokens=0, segment_turns=2, top_k=2, share=share)
    for s in (top2, top1):
        s.respond(HISTORY, q)
    assert top1.name == "memory-top1" and top1.config.top_k == 1 and top2.name == "memory-topk"
    assert top1.mem.conversation_id == top2.mem.conversation_id  # ingested once
    _, adapters2, ids2, _ = top2.mem.context(q)
    _, adapters1, ids1, _ = top1.mem.context(q)
    assert len(ids2) == 2 and ids1 == ids2[:1] and len(adapters1) == len(adapters2) - 1
    assert top1.retrieved == [next(s["text"] for s in top1.mem.segments() if s["id"] == ids1[0])]


def test_context_is_what_respond_answers_with_and_needs_an_ingest(model):
    """The public context() hands back the messages and adapter respond() would use, counting nothing;
    before any conversation it refuses with a typed error naming the call."""
    from agenthn.errors import AgentHNError

    s = make("memory-top1", model, max_new_tokens=2, live_tokens=0, segment_turns=2)
    with pytest.raises(AgentHNError, match="ingest a conversation first"):
        s.context("What is my locker code?")
    s.ingest(HISTORY)
    messages, adapter = s.context("What is my favourite colour?")
    assert messages[-1] == {"role": "user", "content": "What is my favourite colour?"}
    assert adapter is not None and s.cost.queries == 0
    assert any("teal" in t for t in s.retrieved)


def test_full_context_reports_does_not_fit(model):
    s = make("full", model, max_new_tokens=4, window=64)
    assert s.respond(HISTORY, "What is my locker code?") is None
    assert s.cost.not_fit == 1 and s.cost.samples == [] and s.cost.summary()["history_tokens_per_query"] > 0


def test_cartridge_trains_prefix_and_leaves_base_untouched(model):
    before = model.session().respond("hello there", max_new_tokens=6)
    # min_overlap=0: a random model's answers are never grounded, and this test is about the training loop
    s = make("cartridge", model, max_new_tokens=8, steps=3, teacher_queries=4, prefix_tokens=8, lr=0.1,
             min_overlap=0)
    s.ingest(HISTORY)
    init = s._peft().prompt_encoder["default"].weight.detach().clone()
    s.ingest(HISTORY[:4])  # a second conversation: re-initialized and trained again
    assert s.trained_steps == 3 and s.cost.conversations == 2 and s.cost.ingests[1]["seconds"] > 0
    assert not torch.equal(init, s._peft().prompt_encoder["default"].weight)
    assert model.session().respond("hello there", max_new_tokens=6) == before


def test_cost_model_recovers_known_rates():
    samples = [{"prompt_tokens": p, "generated": g, "rank": r,
                "seconds": 0.01 + 2e-4 * p + 3e-3 * g + 1e-5 * r}
               for p, g, r in [(10, 2, 0), (100, 5, 8), (400, 3, 16), (250, 8, 0), (50, 1, 32)]]
    q = costmodel.fit_query(samples)
    assert q["prefill_s_per_token"] == pytest.approx(2e-4, rel=1e-3) and q["r2"] == pytest.approx(1.0)
    assert q["lora_s_per_rank"] == pytest.approx(1e-5, rel=1e-2)
    rate = costmodel.fit_rate([{"tokens": 100, "seconds": 0.5}, {"tokens": 300, "seconds": 1.5}])
    assert rate["s_per_token"] == pytest.approx(5e-3)
    fitted = {"query": q, "ingest": {"memory-topk": rate}}
    row = {"query_tokens_per_query": 100, "generated_per_query": 5, "rank_per_query": 8,
           "ingest_tokens_per_conversation": 200}
    priced = costmodel.price(fitted, "memory-topk", row)
    assert priced["model_query_s"] == pytest.approx(0.01 + 0.02 + 0.015 + 8e-5, rel=1e-3)
    assert priced["model_total_s_10q"] == pytest.approx(1.0 + 10 * priced["model_query_s"])
    assert costmodel.price(fitted, "full", {**row, "queries": 4, "not_fit": 4})["model_query_s"] is None


def test_bench_niah_end_to_end(model_dir, tmp_path, capsys):
    from agenthn.bench.niah import NiahConfig, run

    cfg = NiahConfig(turns=[3, 12], conversations=1, needles=1, max_new_tokens=3, segment_turns=2,
                     calibration_repeat=1,
                     strategies=["vanilla", "full", "memory-topk", "memory-all"])
    out = run(str(model_dir), cfg, json_out=str(tmp_path / "n.json"), plot_prefix=str(tmp_path / "niah"))
    rows = json.loads((tmp_path / "n.json").read_text())["rows"]
    assert [(r["turns"], r["strategy"]) for r in rows] == [(n, s) for n in (3, 12) for s in cfg.strategies]
    full12 = next(r for r in rows if r["turns"] == 12 and r["strategy"] == "full")
    assert not full12["fits"] and "does not fit" in capsys.readouterr().out  # 12 turns exceed 512 tokens here
    assert all((tmp_path / p).stat().st_size > 0 for p in ("niah_accuracy.png", "niah_tokens.png"))
    assert out["cost_model"]["query_from_benchmark"]["n"] == sum(r["queries"] - r["not_fit"] for r in rows)
    points = out["cost_model"]["calibration"]["points"]  # the engine's primitives, timed before and after
    assert len(points) == 8 and all(p["seconds"] > 0 for p in points)
    assert out["cost_model"]["query"]["n"] == 8
    assert out["cost_model"]["calibration"]["internalize_s_per_token"] > 0
    topk, every = (next(r for r in rows if r["turns"] == 12 and r["strategy"] == s)
                   for s in ("memory-topk", "memory-all"))
    # the modes share one internalization of each conversation, and report the work it took
    assert topk["ingest_s_per_conversation"] == every["ingest_s_per_conversation"] > 0
    assert topk["memory_bytes_per_conversation"] == every["memory_bytes_per_conversation"] > 0


def test_bench_magic_number_end_to_end(model_dir, tmp_path):
    from agenthn.bench.magic_number import MagicConfig, run

    cfg = MagicConfig(multiples=[0.25, 2], per_length=2, chunk_tokens=64, max_new_tokens=3)
    out = run(str(model_dir), cfg, json_out=str(tmp_path / "m.json"), plot_prefix=str(tmp_path / "magic"))
    short, long = out["rows"]
    assert long["chunks_per_doc"] >= 16 and long["mean_tokens"] > 512
    assert long["in_context_accuracy"] == "does not fit" and isinstance(short["in_context_accuracy"], float)
    assert [a is not None for a in long["depth_accuracy"]] == [True, True] + [False] * 8
    assert (tmp_path / "magic_depth.png").stat().st_size > 0
    # memory's way: more, smaller pieces than chunks, each internalized, one applied
    assert long["pieces_per_doc"] > long["chunks_per_doc"] and 0 <= long["retrieved_accuracy"] <= 1
    assert 0 <= long["retrieval_hit"] <= 1 and long["retrieved_internalize_s_per_doc"] > 0


def test_cartridge_self_study_filter_keeps_grounded_answers():
    from agenthn.baselines.cartridge import grounded

    chunk = [{"role": "user", "content": "I should mention that my team is Hulwizim United."}]
    assert grounded("Hulwizim United", chunk)
    assert not grounded("Lodel United", chunk)
    assert not grounded("I don't know.", chunk) and not grounded("", chunk)


def test_plots_go_next_to_the_json_unless_told(tmp_path):
    """The benchmark commands' plot defaults: beside --json with its name; an explicit path wins; ''
    means none; without --json a fixed name in the working directory."""
    from agenthn.bench.common import plot_target
    from agenthn.cli.main import build_parser

    assert plot_target("results/x.json", None, "bench_x.png") == Path("results/x.png")
    assert plot_target("results/x.json", None, "bench_results/niah", suffix="") == Path("results/x")
    assert plot_target("results/x.json", "elsewhere.png", "bench_x.png") == Path("elsewhere.png")
    assert plot_target("results/x.json", "", "bench_x.png") is None
    assert plot_target(None, None, "bench_x.png") == Path("bench_x.png")
    from agenthn.cli.memory_cmds import _plot_prefix

    args = build_parser().parse_args(["bench", "niah", "--json", str(tmp_path / "n.json")])
    assert _plot_prefix(args) == str(tmp_path / "n")
    args = build_parser().parse_args(["bench", "magic-number", "--plots", str(tmp_path)])
    assert _plot_prefix(args) == str(tmp_path / "magic")
    argv = ["bench", "magic-number", "--plots", str(tmp_path), "--json", "r/m38.json"]
    args = build_parser().parse_args(argv)
    assert _plot_prefix(args) == str(tmp_path / "m38")  # named after the run, not the benchmark
