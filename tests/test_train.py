"""Training pipeline on the `micro` preset, on CPU: both stages end to end, resume, and data parallel.

These prove plumbing (the losses fall, a resumed run continues the same curve, two gloo processes
give the one-process curve); the quality of the shipped tiny model is measured by
`agenthn eval internalize`, not here.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agenthn.train.common import read_metrics

REPO = Path(__file__).resolve().parent.parent


def losses(run_dir, key="loss"):
    return [r[key] for r in read_metrics(run_dir)]


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory):
    from agenthn.train.base import train_base

    out = tmp_path_factory.mktemp("base")
    train_base("micro", out, device="cpu")
    return out


@pytest.fixture(scope="module")
def hyper_dir(tmp_path_factory, base_dir):
    from agenthn.train.hypernet import train_hypernet

    out = tmp_path_factory.mktemp("hyper")
    train_hypernet("micro", base_dir, out, device="cpu")
    return out


def test_base_loss_goes_down_and_model_loads(base_dir):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    curve = losses(base_dir)
    assert len(curve) >= 4
    assert curve[-1] < curve[0] - 0.5, curve
    model = AutoModelForCausalLM.from_pretrained(base_dir)
    tok = AutoTokenizer.from_pretrained(base_dir)
    assert model.config.max_position_embeddings == 512 and len(tok) == model.config.vocab_size
    assert (base_dir / "loss.png").stat().st_size > 1000
    assert json.loads((base_dir / "train_summary.json").read_text())["steps"] == 30


def test_resume_continues_the_same_curve(base_dir, tmp_path):
    from agenthn.train.base import train_base

    train_base("micro", tmp_path, device="cpu", time_limit_s=0.0)  # stops (and saves) after one step
    first = read_metrics(tmp_path)
    import torch

    assert torch.load(tmp_path / "ckpt.pt", weights_only=True)["step"] == 1 and first == []
    train_base("micro", tmp_path, resume=True, device="cpu")
    resumed, full = losses(tmp_path), losses(base_dir)
    assert len(resumed) == len(full)
    # the first interval of the resumed run averages steps 2-5 only; every later one must match
    assert resumed[1:] == pytest.approx(full[1:], rel=1e-4)


def test_base_stop_at_saves_mid_schedule_and_resumes(base_dir, tmp_path):
    """`base.stop_at` stops mid-schedule with the whole run's learning-rate curve, and --resume
    finishes the same loss curve as an uninterrupted run."""
    import torch

    from agenthn.train.base import train_base

    train_base("micro", tmp_path, device="cpu", **{"base.stop_at": "10"})
    assert torch.load(tmp_path / "ckpt.pt", weights_only=True)["step"] == 10
    assert json.loads((tmp_path / "train_summary.json").read_text())["steps"] == 10
    assert losses(tmp_path, "lr") == losses(base_dir, "lr")[:2]  # log_every 5; lr of the 30-step schedule
    train_base("micro", tmp_path, resume=True, device="cpu")
    assert losses(tmp_path, "lr") == losses(base_dir, "lr")
    assert losses(tmp_path) == pytest.approx(losses(base_dir), rel=1e-4)


def test_two_gloo_processes_match_one(base_dir, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2", "--master-port", "29517",
           "-m", "agenthn.cli.main", "train", "base", "--preset", "micro", "--device", "cpu", "--out",
           str(tmp_path)]
    proc = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    two, one = losses(tmp_path), losses(base_dir)
    assert len(two) == len(one)
    assert two == pytest.approx(one, rel=2e-3)


def test_two_gloo_processes_match_one_hypernet(base_dir, hyper_dir, tmp_path):
    """The hypernetwork trainer averages gradients itself (one all-reduce; DDP's hooks expect one
    forward per backward, a step runs the hypernetwork once per chunk group): two processes must
    give the one-process curve."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2", "--master-port", "29518",
           "-m", "agenthn.cli.main", "train", "hypernet", "--preset", "micro", "--device", "cpu", "--base",
           str(base_dir), "--out", str(tmp_path)]
    proc = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    two, one = losses(tmp_path, "kd"), losses(hyper_dir, "kd")
    assert len(two) == len(one) >= 4
    assert two == pytest.approx(one, rel=5e-3)


def test_hypernet_retention_and_gold_answer_terms(tmp_path):
    """The smol objective's terms on the micro model: gold-answer cross-entropy and retention (the
    base's own replies to unrelated prompts, generated once by the generation service) are logged,
    and retention is zero at step 1 (an untrained hypernetwork adds nothing) and positive later."""
    from agenthn.train.hypernet import train_hypernet

    # the shipped tiny base: it replies to the unrelated prompts (the untrained micro base ends at once)
    train_hypernet("micro", REPO / "agenthn/checkpoints/tiny/base", tmp_path, device="cpu", **{
        "hyper.ce_coef": "1", "hyper.kd_coef": "0", "hyper.retention_coef": "1",
        "hyper.retention_prompts": "8",
        "hyper.steps": "6", "hyper.log_every": "1"})
    rows = read_metrics(tmp_path)
    assert len(rows) == 6 and all(r["kd"] == 0 and r["ce"] > 0 for r in rows)
    assert rows[0]["ret"] < 1e-6 < max(r["ret"] for r in rows[1:])


def test_hypernet_distillation_learns_and_loads(hyper_dir):
    import agenthn
    from agenthn.model.adapter import compose

    kd = losses(hyper_dir, "kd")
    assert len(kd) >= 4
    assert min(kd[-2:]) < kd[0], kd
    model = agenthn.load(hyper_dir, device="cpu")
    a, b = model.generate_adapters(["My locker code is 4821.", "My pet is a cat named Bolpik."])
    both = compose([a, b])
    assert both.rank == a.rank + b.rank - model.hypernet.cfg.lora_r  # static block kept once
    reply = model.session(both).respond("What is my locker code?", max_new_tokens=4)
    assert isinstance(reply, str)


def test_hypernet_stop_at_saves_mid_schedule_and_resumes(base_dir, hyper_dir, tmp_path):
    """`stop_at` stops where a time limit would, with the schedule of the whole run, and --resume
    finishes the same curve (how the shipped checkpoint's two device calls were chained)."""
    import torch

    from agenthn.train.hypernet import train_hypernet

    train_hypernet("micro", base_dir, tmp_path, device="cpu", **{"hyper.stop_at": "10"})
    assert torch.load(tmp_path / "ckpt.pt", weights_only=True)["step"] == 10
    assert json.loads((tmp_path / "train_summary.json").read_text())["steps"] == 10
    assert len(losses(tmp_path, "kd")) == 2  # log_every 5
    train_hypernet("micro", base_dir, tmp_path, resume=True, device="cpu")
    assert losses(tmp_path, "kd") == pytest.approx(losses(hyper_dir, "kd"), rel=1e-3)


def test_hypernet_warm_start_begins_from_the_given_weights(base_dir, hyper_dir, tmp_path):
    """--init loads a trained hypernetwork before the first step: with lr 0 the saved weights are
    exactly the ones it started from; a different shape is refused with the differing field named."""
    import torch

    from agenthn.errors import AgentHNError
    from agenthn.model.checkpoint import load_model_dir
    from agenthn.train.hypernet import train_hypernet

    train_hypernet("micro", base_dir, tmp_path / "w", device="cpu", init=hyper_dir,
                   **{"hyper.steps": "5", "hyper.lr": "0", "hyper.weight_decay": "0"})
    _, _, want = load_model_dir(hyper_dir)
    _, _, got = load_model_dir(tmp_path / "w")
    assert want.keys() == got.keys()
    assert all(torch.equal(want[k], got[k]) for k in want)
    with pytest.raises(AgentHNError, match="lora_r"):
        train_hypernet("micro", base_dir, tmp_path / "x", device="cpu", init=hyper_dir,
                       **{"hyper.lora_r": "2"})


def test_hypernet_grows_into_a_wider_preset_with_the_same_adapters(base_dir, hyper_dir, tmp_path):
    """--init into a wider preset (a new target module, twice the rank and encoder latents) starts
    from the same adapters: the old module's deltas match (up to the symmetry-breaking noise), the new
    module adds nothing yet; a shrink or a changed trunk is refused naming the field."""
    import torch

    import agenthn
    from agenthn.errors import AgentHNError
    from agenthn.train.hypernet import train_hypernet

    wide = {"hyper.targets": "down_proj,up_proj", "hyper.lora_r": "8", "hyper.n_latent_queries": "8"}
    train_hypernet("micro", base_dir, tmp_path / "g", device="cpu", init=hyper_dir,
                   **{"hyper.steps": "1", "hyper.lr": "0", "hyper.weight_decay": "0"}, **wide)
    old, new = agenthn.load(hyper_dir, device="cpu"), agenthn.load(tmp_path / "g", device="cpu")
    assert new.hypernet.cfg.modules == ["down_proj", "up_proj"] and new.hypernet.cfg.lora_r == 8
    doc = "My locker code is 4821. My pet is a cat named Bolpik."
    a, b = old.generate_adapters([doc])[0], new.generate_adapters([doc])[0]
    for layer in range(a.num_layers):
        want, got = a.delta("down_proj", layer), b.delta("down_proj", layer)
        assert want.abs().max() > 0
        torch.testing.assert_close(got, want, rtol=0.05, atol=0.05 * want.abs().max().item())
        assert torch.count_nonzero(b.delta("up_proj", layer)) == 0
    with pytest.raises(AgentHNError, match="latent_size"):
        train_hypernet("micro", base_dir, tmp_path / "x", device="cpu", init=hyper_dir,
                       **{"hyper.latent_size": "16"})
    with pytest.raises(AgentHNError, match="n_latent_queries 6"):
        train_hypernet("micro", base_dir, tmp_path / "y", device="cpu", init=hyper_dir,
                       **{"hyper.n_latent_queries": "6"})


def test_hypernet_grows_a_second_head_that_starts_silent_and_learns(base_dir, hyper_dir, tmp_path):
    """--set hyper.head_extra=E adds a zero-started second head over silu(W x): the grown network's
    first adapters equal the old ones exactly, one training step moves the new head, and a narrower
    head_extra than the init's is refused by name."""
    import torch

    import agenthn
    from agenthn.errors import AgentHNError
    from agenthn.train.hypernet import train_hypernet

    still = {"hyper.steps": "1", "hyper.lr": "0", "hyper.weight_decay": "0", "hyper.head_extra": "4"}
    train_hypernet("micro", base_dir, tmp_path / "g", device="cpu", init=hyper_dir, **still)
    old, new = agenthn.load(hyper_dir, device="cpu"), agenthn.load(tmp_path / "g", device="cpu")
    assert new.hypernet.cfg.head_extra == 4 and torch.count_nonzero(new.hypernet.head_extra) == 0
    doc = "My locker code is 4821. My pet is a cat named Bolpik."
    a, b = old.generate_adapters([doc])[0], new.generate_adapters([doc])[0]
    for m in a.A:
        assert torch.equal(a.A[m], b.A[m]) and torch.equal(a.B[m], b.B[m])
    train_hypernet("micro", base_dir, tmp_path / "h", device="cpu", init=tmp_path / "g",
                   **{**still, "hyper.lr": "1e-2"})
    moved = agenthn.load(tmp_path / "h", device="cpu").hypernet
    assert torch.count_nonzero(moved.head_extra) > 0
    with pytest.raises(AgentHNError, match="head_extra 2"):
        train_hypernet("micro", base_dir, tmp_path / "x", device="cpu", init=tmp_path / "g",
                       **{**still, "hyper.head_extra": "2"})


def test_hypernet_grows_a_deeper_perceiver_whose_new_layers_start_silent(base_dir, hyper_dir, tmp_path):
    """--set hyper.num_blocks / num_self_attn_per_block add Perceiver layers that start as the identity:
    the grown network's first adapters equal the old ones exactly; hyper.new_lr_mult scales only the new
    layers' rate (at 0 they stay silent while the rest trains); a shallower Perceiver is refused by name."""
    import torch

    import agenthn
    from agenthn.errors import AgentHNError
    from agenthn.train.hypernet import train_hypernet

    deep = {"hyper.steps": "1", "hyper.weight_decay": "0", "hyper.num_blocks": "2",
            "hyper.num_self_attn_per_block": "1"}
    train_hypernet("micro", base_dir, tmp_path / "g", device="cpu", init=hyper_dir, **deep,
                   **{"hyper.lr": "0"})
    old, new = agenthn.load(hyper_dir, device="cpu"), agenthn.load(tmp_path / "g", device="cpu")
    agg = new.hypernet.aggregator
    assert len(agg.encoder.layers) == 4 and len(agg.decoder.layers) == 2
    assert json.loads((tmp_path / "g" / "grown_layers.json").read_text()) == [
        "aggregator.encoder.layers.1.", "aggregator.encoder.layers.2.", "aggregator.encoder.layers.3.",
        "aggregator.decoder.layers.1."]
    doc = "My locker code is 4821. My pet is a cat named Bolpik."
    a, b = old.generate_adapters([doc])[0], new.generate_adapters([doc])[0]
    for m in a.A:
        assert torch.equal(a.A[m], b.A[m]) and torch.equal(a.B[m], b.B[m])

    def post_norms(run):
        layers = agenthn.load(run, device="cpu").hypernet.aggregator.encoder.layers
        return [float(layer.post_ff_layernorm.weight.abs().max()) for layer in layers]

    for mult in ("0", "10"):
        train_hypernet("micro", base_dir, tmp_path / mult, device="cpu", init=hyper_dir, **deep,
                       **{"hyper.lr": "1e-2", "hyper.new_lr_mult": mult})
    assert post_norms(tmp_path / "0")[1:] == [0.0, 0.0, 0.0] and min(post_norms(tmp_path / "10")[1:]) > 0
    assert post_norms(tmp_path / "0")[0] != post_norms(hyper_dir)[0]  # the old layer trained all the same
    # a grown run stopped mid-schedule resumes with the same two optimiser groups (one saved state)
    run = {**deep, "hyper.steps": "4", "hyper.lr": "1e-2", "hyper.new_lr_mult": "10"}
    train_hypernet("micro", base_dir, tmp_path / "r", device="cpu", init=hyper_dir,
                   **{**run, "hyper.stop_at": "2"})
    train_hypernet("micro", base_dir, tmp_path / "r", device="cpu", resume=True, **run)
    assert torch.load(tmp_path / "r" / "ckpt.pt", weights_only=True)["step"] == 4
    with pytest.raises(AgentHNError, match="num_self_attn_per_block 0"):
        train_hypernet("micro", base_dir, tmp_path / "x", device="cpu", init=tmp_path / "g",
                       **{**deep, "hyper.num_self_attn_per_block": "0"})


def test_hypernet_grows_a_module_with_a_head_shared_across_layers(base_dir, hyper_dir, tmp_path):
    """--set hyper.shared_head=up_proj grows a new module whose head is one map for every layer times a
    per-layer gain: the old module's adapters stay exactly, the new one adds nothing until trained, it
    costs far less than a per-layer head, and a module cannot change its kind of head on a warm start."""
    import torch

    import agenthn
    from agenthn.errors import AgentHNError
    from agenthn.train.hypernet import train_hypernet

    still = {"hyper.steps": "1", "hyper.lr": "0", "hyper.weight_decay": "0",
             "hyper.targets": "down_proj,up_proj"}
    train_hypernet("micro", base_dir, tmp_path / "s", device="cpu", init=hyper_dir,
                   **{**still, "hyper.shared_head": "up_proj"})
    train_hypernet("micro", base_dir, tmp_path / "p", device="cpu", init=hyper_dir, **still)
    old, new = agenthn.load(hyper_dir, device="cpu"), agenthn.load(tmp_path / "s", device="cpu")
    per_layer = agenthn.load(tmp_path / "p", device="cpu").hypernet
    net = new.hypernet
    assert net.cfg.shared_head == ("up_proj",) and net.cfg.per_layer_modules == ["down_proj"]
    assert net.head.shape[1] == 1 and net.head_shared.shape[0] == 1
    grown = sum(p.numel() for p in net.parameters()) - sum(p.numel() for p in old.hypernet.parameters())
    grown_per_layer = (sum(p.numel() for p in per_layer.parameters())
                       - sum(p.numel() for p in old.hypernet.parameters()))
    L, D, d = net.cfg.num_layers, net.cfg.latent_size, net.cfg.d_lora
    # the rest grows alike; the head costs D x d plus a gain per layer instead of L x D x d
    assert grown_per_layer - grown == L * D * d - (D * d + L * d) > 0
    doc = "My locker code is 4821. My pet is a cat named Bolpik."
    a, b = old.generate_adapters([doc])[0], new.generate_adapters([doc])[0]
    for layer in range(a.num_layers):
        assert torch.equal(a.delta("down_proj", layer), b.delta("down_proj", layer))
        assert torch.count_nonzero(b.delta("up_proj", layer)) == 0
    train_hypernet("micro", base_dir, tmp_path / "t", device="cpu", init=tmp_path / "s",
                   **{**still, "hyper.shared_head": "up_proj", "hyper.lr": "1e-2"})
    moved = agenthn.load(tmp_path / "t", device="cpu")
    assert not torch.equal(moved.hypernet.head_shared, net.head_shared)
    assert torch.count_nonzero(moved.generate_adapters([doc])[0].delta("up_proj", 0)) > 0
    with pytest.raises(AgentHNError, match="up_proj's head is shared in the init"):
        train_hypernet("micro", base_dir, tmp_path / "x", device="cpu", init=tmp_path / "s", **still)
    with pytest.raises(AgentHNError, match=r"shared_head \['o_proj'\] names modules that are not targets"):
        train_hypernet("micro", base_dir, tmp_path / "y", device="cpu",
                       **{**still, "hyper.shared_head": "o_proj"})


def test_chain_joins_warm_started_stages(tmp_path):
    """Stage metrics joined in the order of their numbers (10 after 2): steps continue across
    stages, each row knows its stage, and a folder without stage files is refused by name."""
    from agenthn.errors import AgentHNError
    from agenthn.train.chain import plot_chain

    (tmp_path / "1_a.jsonl").write_text('{"step": 50, "kd": 3.0}\n{"step": 100, "kd": 2.0}\n')
    (tmp_path / "2_b.jsonl").write_text('{"step": 50, "kd": 1.5}\n{"step": 70, "kd": 1.0}\n')
    assert plot_chain(tmp_path, ("kd",)).stat().st_size > 0
    rows = [json.loads(ln) for ln in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    assert [(r["step"], r["stage"]) for r in rows] == [(50, 1), (100, 1), (150, 2), (170, 2)]
    plot_chain(tmp_path, ("kd",))  # run again: the joined file is not read as a stage
    assert len((tmp_path / "metrics.jsonl").read_text().splitlines()) == 4
    with pytest.raises(AgentHNError, match="empty"):
        plot_chain(tmp_path / "empty")
    (tmp_path / "10_c.jsonl").write_text('{"step": 10, "kd": 0.5}\n')  # after 2, not after 1
    plot_chain(tmp_path, ("kd",))
    rows = [json.loads(ln) for ln in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    assert [(r["step"], r["stage"]) for r in rows][-1] == (180, 3)



def test_random_values_swap_every_stated_value():
    """p_random_values swaps the values of documents that state each fact once (world facts and
    profiles) for random pieces or vocabulary words (the answers follow); the other kinds are
    untouched; the rows still train (answers line up)."""
    import random

    from transformers import AutoTokenizer

    from agenthn.train.data import _hyper_shard, copyable_tokens, with_random_values
    from agenthn.train.presets import get_preset
    from agenthn.world import corpus

    tok = AutoTokenizer.from_pretrained("agenthn/checkpoints/tiny/base")
    pool = copyable_tokens(tok)
    samples = corpus.doc_samples(80, 3, "train")
    words = ["marble", "tide", "lantern"]
    out = with_random_values(samples, pool, 1.0, random.Random(0), words)
    swapped = [(a, b) for a, b in zip(samples, out, strict=True) if a is not b]
    assert {a.kind for a, _ in swapped} == {"facts", "profile"}
    assert all(a is b for a, b in zip(samples, out, strict=True) if not a.meta.get("facts"))
    new_values = []
    for a, b in swapped:
        for qa_old, qa_new in zip(a.qas, b.qas, strict=True):
            if qa_old.answer in a.meta["facts"].values():
                assert qa_new.answer in b.doc and qa_old.answer not in b.doc
                new_values.append(qa_new.answer)
            assert qa_new.question == qa_old.question
    assert any(v.split()[0] in words for v in new_values)  # real words as well as glued pieces
    assert any(v.split()[0] not in words for v in new_values)
    assert with_random_values(samples, pool, 0.0, random.Random(0), words) == samples
    hp = get_preset("micro", **{"hyper.p_random_values": "1", "hyper.kinds": "facts"}).hyper
    assert len(_hyper_shard(tok, hp, 40, 0, "train", 0)) >= 30


def test_long_random_values_come_only_when_asked():
    """hyper.random_long_values: a share of the random values is long (3-10 digits or 4-6 pieces);
    at 0 the values, and so every earlier stage's rows, are drawn exactly as before."""
    import random
    import re

    from agenthn.train.data import _random_value, with_random_values
    from agenthn.world import corpus

    pool, words = ["ka", "lo", "mir", "7"], ["marble", "tide"]
    old = [_random_value(random.Random(5), pool, words) for _ in range(3)]
    assert old == [_random_value(random.Random(5), pool, words, 0.0) for _ in range(3)]
    rng = random.Random(1)
    drawn = [_random_value(rng, pool, words, 1.0) for _ in range(400)]
    digits = [v for v in drawn if v.isdigit() and v[0] != "0"]
    assert 120 < len(digits) < 280 and {len(v) for v in digits} == set(range(3, 11))
    pieces = [v for v in drawn if v not in digits]
    assert len(pieces) > 120 and all(re.fullmatch(r"(ka|lo|mir|7){4,6}", v) for v in pieces)
    samples = corpus.doc_samples(40, 3, "train")
    same = with_random_values(samples, pool, 1.0, random.Random(0), words)
    assert same == with_random_values(samples, pool, 1.0, random.Random(0), words, 0.0)
    longer = with_random_values(samples, pool, 1.0, random.Random(0), words, 1.0)
    swapped = [(a, b) for a, b in zip(samples, longer, strict=True) if a is not b]
    assert swapped and longer != same
    new = [(qb.answer, b.doc) for a, b in swapped for qa, qb in zip(a.qas, b.qas, strict=True)
           if qa.answer in a.meta["facts"].values()]  # the answers follow the long values into the document
    assert len(new) > 20 and all(v in doc and len(v) >= 3 for v, doc in new)


def test_known_word_values_come_only_when_asked():
    """hyper.random_known_words: that share of the random values is a word of the known list; at 0
    every draw, and so every earlier stage's rows, is as before."""
    import random

    from agenthn.train.data import _random_value, with_random_values
    from agenthn.world import corpus

    pool, words, known = ["ka", "lo", "mir"], ["marble", "tide"], ["sustenance", "adamant"]
    old = [_random_value(random.Random(5), pool, words, 0.5) for _ in range(20)]
    assert old == [_random_value(random.Random(5), pool, words, 0.5, known=known) for _ in range(20)]
    rng = random.Random(2)
    drawn = [_random_value(rng, pool, words, 0.0, known=known, p_known=0.3) for _ in range(600)]
    share = sum(v in known for v in drawn) / len(drawn)
    assert 0.22 < share < 0.38, share
    samples = corpus.doc_samples(40, 3, "train")
    out = with_random_values(samples, pool, 1.0, random.Random(0), words, known=known, p_known=1.0)
    answers = [qb.answer for a, b in zip(samples, out, strict=True) if a is not b
               for qa, qb in zip(a.qas, b.qas, strict=True) if qa.answer in a.meta["facts"].values()]
    assert len(answers) > 20 and set(answers) <= set(known)


def test_sentence_answers_are_the_targets_and_keep_the_swapped_value():
    """hyper.sentence_answers=1: every gold answer is the fact said back as a sentence, with the
    random value that replaced the document's (never the old one); at 0 the rows are as before."""
    import random

    from transformers import AutoTokenizer

    from agenthn.engine import templates
    from agenthn.train.data import _hyper_shard, doc_chat, randomize_values
    from agenthn.train.presets import get_preset
    from agenthn.world import english

    tok = AutoTokenizer.from_pretrained("agenthn/checkpoints/tiny/base")
    sample = english.english_samples(1, 4, "train", ["facts"], (3, 3))[0]
    swapped = randomize_values(sample, ["Zorp", "Quix"], random.Random(0))
    for old, new in zip(sample.qas, swapped.qas, strict=True):
        assert new.sentence == old.sentence.replace(old.answer, new.answer) and old.answer not in new.sentence
    said = doc_chat(swapped, random.Random(1), 3, p_sentence=1.0)
    assert [m["content"] for m in said[2::2]] and all(
        m["content"] in {q.sentence for q in swapped.qas} for m in said[2::2])

    def rows(p_sentence: str) -> list:
        hp = get_preset("micro", **{"hyper.corpus": "english", "hyper.kinds": "facts,bio",
                                    "hyper.max_qas": "1", "hyper.p_random_values": "1",
                                    "hyper.sentence_answers": p_sentence}).hyper
        return _hyper_shard(tok, hp, 20, 0, "train", 0)

    def answer(row) -> str:
        return tok.decode(row.student.ids[row.student.mask == 1]).replace(templates.turn_end(tok), "").strip()

    bare, said = rows("0"), rows("1")
    assert [r.doc for r in bare] == [r.doc for r in said] and len(bare) >= 15  # the same documents
    for b, s in zip(bare, said, strict=True):
        assert answer(b) in b.doc and len(answer(b)) < len(answer(s))  # a bare value, then a sentence
        words = [w.strip(".,?!'") for w in answer(s).split()]
        assert any(len(w) > 3 and w in s.doc for w in words[1:]) and len(words) >= 4, answer(s)


def test_value_tokens_are_marked_and_weighted():
    """Encoding marks exactly the tokens of an answer's value, in a sentence and bare; the loss with
    hyper.value_coef=c adds c times those tokens' cross-entropy (ce_coef 1, per-token mean)."""
    import torch
    from transformers import AutoTokenizer

    from agenthn.train import common
    from agenthn.train.data import collate, encode_chats, encode_chats_aligned
    from agenthn.train.hypernet import StepLogits, _loss, read_stats
    from agenthn.train.presets import get_preset

    tok = AutoTokenizer.from_pretrained("agenthn/checkpoints/tiny/base")
    chats = [[{"role": "user", "content": "What's my cat called?"},
              {"role": "assistant", "content": "Your cat's name is Zorblat.", "value": "Zorblat"}],
             [{"role": "user", "content": "What's my cat called?"},
              {"role": "assistant", "content": "Zorblat", "value": "Zorblat"}],
             [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]]
    said, bare, plain = encode_chats(tok, chats, 200)
    for e in (said, bare):
        assert tok.decode(e.ids[e.value == 1]).strip() == "Zorblat" and not (e.value & (1 - e.mask)).any()
    assert plain.value is None and said.mask.sum() > bare.mask.sum()
    teacher = encode_chats_aligned(tok, chats, 200, keep_values=False)  # the teacher's rows: no values
    assert [e.value for e in teacher] == [None] * 3
    for t, e in zip(teacher, (said, bare, plain), strict=True):
        assert (t.ids == e.ids).all() and (t.mask == e.mask).all()
    batch = collate([said, plain], 0, "cpu", values=True)
    assert batch["value"][1].sum() == 0 and batch["value"][0].sum() == said.value.sum()

    g = torch.Generator().manual_seed(2)
    gold, student = torch.tensor([3, 5, 7]), torch.randn(3, 11, generator=g)
    ce_tok = torch.nn.functional.cross_entropy(student, gold, reduction="none")
    factors = {"down_proj": (torch.zeros(1, 1, 1, 1), torch.zeros(1, 1, 1, 1))}
    losses = []
    for coef in ("0", "2"):
        hp = get_preset("smol", **{"hyper.kd_coef": "0", "hyper.ce_coef": "1", "hyper.l1_coef": "0",
                                   "hyper.retention_coef": "0", "hyper.value_coef": coef}).hyper
        loss, stats = _loss(hp, common.Dist(), factors, StepLogits(
            gold, student, None, student[:0], None, torch.zeros(0, dtype=torch.bool), 0, 1,
            torch.tensor([0, 1, 1], dtype=torch.uint8)))
        stats = read_stats(stats)
        losses.append(float(loss))
        assert stats["val_tok"] == 2 and stats["ce"] == pytest.approx(float(ce_tok.sum()), rel=1e-5)
    assert losses[0] == pytest.approx(float(ce_tok.mean()), rel=1e-5)
    assert losses[1] - losses[0] == pytest.approx(2 * float(ce_tok[1:].sum()) / 3, rel=1e-5)


def test_compare_averages_the_last_logged_rows(tmp_path):
    """train.compare: the mean of each run's last N rows, the run named by its file; empty refused."""
    from agenthn.errors import AgentHNError
    from agenthn.train.compare import tail_means

    f = tmp_path / "R.jsonl"
    f.write_text("".join(json.dumps({"step": 50 * i, "kd": float(i)}) + "\n" for i in range(1, 6)))
    assert tail_means(f, 2, ["kd"]) == {"run": "R", "steps": 250, "kd": 4.5}
    (tmp_path / "E.jsonl").write_text("")
    with pytest.raises(AgentHNError, match="no logged rows"):
        tail_means(tmp_path / "E.jsonl", 2, ["kd"])



def test_aligned_encoding_keeps_rows_in_place():
    """Teacher and student encodings are zipped row for row: a chat left out (no target token) must
    leave a None in its place (here: over max_len), not shift later rows onto other answers."""
    from transformers import AutoTokenizer

    from agenthn.train.data import encode_chats, encode_chats_aligned

    tok = AutoTokenizer.from_pretrained("agenthn/checkpoints/tiny/base")
    chats = [[{"role": "user", "content": "a?"}, {"role": "assistant", "content": "yes"}],
             [{"role": "user", "content": "b?"}, {"role": "assistant", "content": "word " * 60}],
             [{"role": "user", "content": "c?"}, {"role": "assistant", "content": "no"}]]
    aligned = encode_chats_aligned(tok, chats, 40)
    assert [e is None for e in aligned] == [False, True, False]
    assert [e.ids.tolist() for e in encode_chats(tok, chats, 40)] == [aligned[0].ids.tolist(),
                                                                       aligned[2].ids.tolist()]


def test_kd_only_right_distils_only_where_the_teacher_is_right():
    """Two answer tokens: the teacher is right on the first, wrong on the second. With kd_only_right
    the distillation term is the first token's KL alone; without it, both tokens'."""
    import torch

    from agenthn.train import common, objective
    from agenthn.train.hypernet import StepLogits, _loss, read_stats
    from agenthn.train.presets import get_preset

    g = torch.Generator().manual_seed(0)
    teacher, student = torch.randn(2, 11, generator=g), torch.randn(2, 11, generator=g)
    gold = torch.stack([teacher[0].argmax(), (teacher[1].argmax() + 1) % 11])
    per_tok = objective.topk_kl(teacher, student, 4)
    factors = {"down_proj": (torch.zeros(1, 1, 1, 1), torch.zeros(1, 1, 1, 1))}
    d = common.Dist()
    for only_right, want in ((False, per_tok.sum()), (True, per_tok[0])):
        hp = get_preset("smol", **{"hyper.top_k": "4", "hyper.kd_only_right": str(only_right)}).hyper
        _, stats = _loss(hp, d, factors, StepLogits(gold, student, teacher, student[:0], None,
                                                    torch.zeros(0, dtype=torch.bool), 0, 1))
        assert read_stats(stats)["kd"] == pytest.approx(float(want), rel=1e-5)
    assert per_tok[1] > 0


def test_retention_first_coef_counts_each_replys_first_token_again():
    """Two retention rows with replies of 3 and 2 tokens: `first_targets` picks flat positions 0 and 3,
    and retention_first_coef adds its weight times the mean KL of those two tokens to the loss."""
    import torch

    from agenthn.train import common, objective
    from agenthn.train.hypernet import StepLogits, _loss, read_stats
    from agenthn.train.presets import get_preset

    labels = torch.tensor([[-100, -100, 5, 6, 7], [-100, -100, -100, 8, 9]])
    first = objective.first_targets(labels)
    assert first.tolist() == [True, False, False, True, False]
    g = torch.Generator().manual_seed(1)
    teacher, student = torch.randn(5, 11, generator=g), torch.randn(5, 11, generator=g)
    per_tok = objective.full_kl(teacher, student)
    factors = {"down_proj": (torch.zeros(1, 1, 1, 1), torch.zeros(1, 1, 1, 1))}
    losses = []
    for coef in (0.0, 2.0):
        sets = {"hyper.kd_coef": "0", "hyper.ce_coef": "0", "hyper.l1_coef": "0", "hyper.retention_coef": "1",
                "hyper.retention_first_coef": str(coef)}
        hp = get_preset("smol", **sets).hyper
        # one document token (a step always has some), weighted 0: the loss is the retention terms
        loss, stats = _loss(hp, common.Dist(), factors, StepLogits(
            torch.zeros(1, dtype=torch.long), student[:1], None, student, teacher, first, 2, 1))
        losses.append(float(loss))
        assert read_stats(stats)["ret1"] == pytest.approx(float(per_tok[0] + per_tok[3]), rel=1e-5)
    assert losses[0] == pytest.approx(float(per_tok.mean()), rel=1e-5)
    assert losses[1] - losses[0] == pytest.approx(2.0 * float(per_tok[0] + per_tok[3]) / 2, rel=1e-5)


def test_target_index_reads_the_same_positions_as_the_boolean_mask():
    """`target_index` (host-made flat positions, gathered without a sync) picks the hidden states the
    boolean mask of `target_positions` picks, in the same order, and `first_targets` indexes into them."""
    import torch

    from agenthn.train import objective

    labels = torch.tensor([[-100, 4, 5, -100, -100], [-100, -100, -100, 8, 9], [-100, -100, -100, -100, 7]])
    hidden = torch.randn(3, 5, 6)
    at = objective.target_index(labels)
    assert at.tolist() == [0, 1, 7, 8, 13]
    assert torch.equal(hidden.flatten(0, 1).index_select(0, at), hidden[objective.target_positions(labels)])
    assert objective.targets(labels).tolist() == [4, 5, 8, 9, 7]
    assert objective.first_targets(labels).nonzero().squeeze(1).tolist() == [0, 2, 4]


def test_rows_run_in_length_buckets_or_packed_give_the_same_loss_and_gradients(base_dir):
    """hyper.pass_buckets: student and teacher rows sorted by length and run in several passes (less
    padding), hyper.packed: the rows end to end in one sequence (no padding), and hyper.compiled_layers
    (every base pass, the encoder's too, through the written-out layer) compute the same loss and
    hypernetwork gradients as one padded pass in the rows' own order; retention rows included."""
    import torch

    from agenthn.train import common, fastpass, hypernet
    from agenthn.train.data import hyper_rows
    from agenthn.train.presets import get_preset

    hp = get_preset("micro", **{"hyper.retention_coef": "1", "hyper.ce_coef": "1"}).hyper
    base, tok = hypernet.load_base(base_dir, "cpu")
    engine = hypernet.build_engine(base, tok, hp)
    rows = hyper_rows(tok, hp, 40, 3)[:7]
    keep = [r.teacher for r in rows[4:]]  # any encoded chats stand in for retention replies
    assert len({len(r.student.ids) for r in rows}) > 2  # lengths differ, so buckets reorder rows
    out = []
    ways = ((1, False, False), (3, False, False), (7, False, False), (1, True, False), (1, True, True))
    for buckets, packed, compiled in ways:
        hp.pass_buckets, hp.packed, hp.causal_only = buckets, packed, compiled
        if compiled:  # hyper.compiled_layers: the encoder's and the base's packed passes written out
            fastpass.install(base, backend="eager")
        engine.hypernet.zero_grad()
        loss, stats = hypernet.distill_step(engine, engine.hypernet, rows, keep, hp, common.Dist(), {})
        fastpass.uninstall(base)
        loss.backward()
        out.append((float(loss.detach()), hypernet.read_stats(stats),
                    [p.grad.clone() for p in engine.hypernet.parameters() if p.grad is not None]))
    (loss1, stats1, grads1) = out[0]
    for loss, stats, grads in out[1:]:
        assert loss == pytest.approx(loss1, rel=1e-5)
        assert stats == pytest.approx(stats1, rel=1e-4, abs=1e-5)  # KL 0 with a fresh adapter: roundoff
        assert len(grads) == len(grads1) and all(torch.allclose(g, h, rtol=1e-4, atol=1e-6)
                                                 for g, h in zip(grads, grads1, strict=True))


def test_targets_read_straight_off_the_masks_equal_the_padded_labels():
    """passes.targets (no padded batch) gives what objective reads off collated labels: the gold tokens,
    each retention row's first target position (rows without targets skipped) and the value marks."""
    import numpy as np
    import torch

    from agenthn.train import data, objective, passes
    from agenthn.train.data import Encoded

    rng = np.random.default_rng(0)

    def row(n, marked=True, value=True):
        mask = (rng.random(n) < 0.4).astype(np.uint8) if marked else np.zeros(n, np.uint8)
        return Encoded(rng.integers(5, 90, n).astype(np.int32), mask,
                       (rng.random(n) < 0.5).astype(np.uint8) if value else None)

    rows = [row(7), row(12, value=False), row(3), row(9)]
    keep = [row(6, value=False), row(4, marked=False, value=False), row(10, value=False)]
    gold, first, value = passes.targets(rows, keep)
    labels = data.collate_host(rows + keep, 0, values=True)
    n = len(rows)
    assert torch.equal(gold, objective.targets(labels["labels"][:n]))
    assert torch.equal(first, objective.first_targets(labels["labels"][n:]).nonzero().squeeze(1))
    assert torch.equal(value, objective.target_values(labels["labels"][:n], labels["value"][:n]))
    assert passes.targets([row(5, value=False)], [])[2] is None
    assert passes.targets([row(5)], [])[1].numel() == 0


def test_a_step_s_host_work_is_all_made_before_its_device_work(base_dir):
    """passes.host_step tokenizes, collates and packs everything a step needs: device_step then runs
    without the tokenizer and computes distill_step's loss; the chunks are cached per row."""
    import torch

    from agenthn.train import common, hypernet, passes
    from agenthn.train.data import hyper_rows
    from agenthn.train.presets import get_preset

    hp = get_preset("micro", **{"hyper.retention_coef": "1", "hyper.ce_coef": "1"}).hyper
    base, tok = hypernet.load_base(base_dir, "cpu")
    engine = hypernet.build_engine(base, tok, hp)
    rows = hyper_rows(tok, hp, 40, 3)
    keep = [r.teacher for r in rows[30:]]
    want, _ = hypernet.distill_step(engine, engine.hypernet, rows[:3], keep[:2], hp, common.Dist(), {})
    cache: dict = {}
    h = passes.host_step(engine, rows[:3], keep[:2], hp, cache)
    assert (h.n_rows, h.keep_rows) == (3, 2) and h.chunks == [c for r in rows[:3] for c in cache[id(r)]]
    engine.tokenizer = None  # device work that tokenized anything would fail here
    loss, _ = hypernet.device_step(engine, engine.hypernet, h, hp, common.Dist())
    assert torch.equal(loss, want)


def test_several_processes_agree_on_the_time_limit_every_few_steps(monkeypatch):
    """Each agreement on the time limit is an all-reduce read on the host (every process waits for its
    GPU), so with several processes the schedule asks every STOP_EVERY steps, on the same steps on
    every process; one process asks every step (nothing to wait for)."""
    from agenthn.train import common
    from agenthn.train.presets import get_preset

    asked = []

    def fake_sum(x, d):
        asked.append(x)
        return x * d.world

    monkeypatch.setattr(common, "all_sum", fake_sum)
    cfg = get_preset("micro").hyper
    for world, want in ((2, [10, 20]), (1, list(range(1, 25)))):
        asked.clear()
        sched = common.Schedule(common.Clock(0.0), cfg, 0, common.Dist(world=world))  # always out of time
        stops = [done for done in range(1, 25) if sched.should_stop(done)]
        assert stops == want and len(asked) == len(want)
        assert sched.should_stop(want[-1]) and sched.why == "time limit reached"
