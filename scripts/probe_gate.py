"""How the relevance gate decides, without generating: which questions open a document's adapter.

    python scripts/probe_gate.py --model smol --seed 1 --json results/smol_stages/gate_dev_seed1_cpu.json

For held-out documents of 1, 4, 8 and 16 facts (a draw of `--seed`; the eval's own is 4242, keep it for
the end) and the 45 hand-written paragraphs: the share of the documents' own questions the gate opens,
of the hand-written general questions (those the base answers right, as retention asks them) it keeps
closed under each document's adapter, and of another document's question it keeps closed; with
`--needles N`, the same for memory's segments: N held-out needle conversations cut into segments of
`--segment-messages` messages as memory stores them, each needle's question against its own segment.
Thresholds are swept from the gate's probabilities, so one run picks the operating point. `--profile`
also prints the gate's probability for questions against a profile as the profile feature writes it
("key: value" lines), the form the gate was not fitted on.
"""

from __future__ import annotations

import argparse
import json
import time

import torch

import agenthn
from agenthn.bench import eval_english as ee
from agenthn.bench.common import machine, write_json

THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7)


def probs(model, doc_keys: list, questions: list[str], pairs: list[tuple[int, int]]) -> list[float]:
    """Gate probability for each (document index, question index) pair."""
    qkeys = {j: model.question_key(questions[j]) for j in {j for _, j in pairs}}
    return [model.gate.prob(doc_keys[i], qkeys[j]) for i, j in pairs]


def rates(p_own: list[float], p_general: list[float], p_other: list[float] | None) -> dict:
    out = {}
    for t in THRESHOLDS:
        row = {"own_open_pct": 100 * sum(p >= t for p in p_own) / len(p_own),
               "general_closed_pct": 100 * sum(p < t for p in p_general) / len(p_general)}
        if p_other:
            row["other_closed_pct"] = 100 * sum(p < t for p in p_other) / len(p_other)
        out[str(t)] = row
    return out


def cell(model, docs: list[str], qs: list[str], general: list[str], other: bool) -> dict:
    keys = [model.internalize_key(d) for d in docs]
    n, g = len(docs), len(general)
    p_own = probs(model, keys, qs, [(i, i) for i in range(n)])
    p_gen = probs(model, keys, general, [(i, (i + s) % g) for i in range(n) for s in (0, g // 2)])
    p_oth = probs(model, keys, qs, [(i, (i + 1) % n) for i in range(n)]) if other else None
    return rates(p_own, p_gen, p_oth)


def needle_segments(n: int, seed: int, per_segment: int) -> tuple[list[str], list[str]]:
    """(segment text, question) for every needle of n 200-turn held-out conversations."""
    from agenthn.agent.segments import render_turn
    from agenthn.world import english_chat

    docs, qs = [], []
    for conv in english_chat.niah_set(n, seed, 200, n_needles=10):
        msgs = conv["messages"]
        for needle, q in zip(conv["needles"], conv["questions"], strict=True):
            start = (2 * needle["turn"]) // per_segment * per_segment
            lines = [render_turn(m["role"], m["content"]) for m in msgs[start: start + per_segment]]
            docs.append("\n".join(lines))
            qs.append(q["question"])
    return docs, qs


PROFILE = {"name": "Alice", "city": "Porto", "cat name": "Miso"}
PROFILE_QUESTIONS = ("What is my cat called?", "What is my name?", "Where do I live?",
                     "What is the capital of Italy?")


def profile_probs(model) -> dict:
    """Gate probabilities for profile questions against the whole profile and against each line alone."""
    from agenthn.agent import prompts

    docs = {"profile": prompts.render_profile(PROFILE)} | {
        k: prompts.render_profile({k: v}) for k, v in PROFILE.items()}
    keys = {name: model.internalize_key(d) for name, d in docs.items()}
    return {name: {q: round(model.gate.prob(k, model.question_key(q)), 3) for q in PROFILE_QUESTIONS}
            for name, k in keys.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="smol")
    ap.add_argument("--seed", type=int, default=1, help="document draw (4242: the eval's own)")
    ap.add_argument("--n", type=int, default=60, help="documents per fact count")
    ap.add_argument("--needles", type=int, default=0, help="needle conversations (10 needles each; 0: none)")
    ap.add_argument("--segment-messages", type=int, default=16, help="messages per memory segment")
    ap.add_argument("--profile", action="store_true", help="also profile lines against profile questions")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--json", dest="json_out", default=None)
    args = ap.parse_args()
    torch.set_grad_enabled(False)
    model = agenthn.load(args.model, device=args.device)
    if model.gate is None:
        raise SystemExit(f"{args.model} has no relevance gate (agenthn train gate --model {args.model})")
    t0 = time.time()
    _, kept = ee.base_right_general(model)
    general = [q["question"] for q in kept]
    res = {"model": args.model, "seed": args.seed, "machine": machine(), "general_questions": len(general),
           "threshold": model.gate.cfg.threshold, "cells": {}}
    for k in ee.FACT_SIZES:
        items = ee.fact_items(args.n, k, seed=args.seed)
        res["cells"][f"{k} facts"] = cell(model, [d for d, _, _ in items], [q for _, q, _ in items], general,
                                          other=True)
    ps = ee.read_jsonl("natural_paragraphs.jsonl")
    res["cells"]["paragraphs"] = cell(model, [p["paragraph"] for p in ps], [p["question"] for p in ps],
                                      general, other=False)
    if args.needles:
        docs, qs = needle_segments(args.needles, args.seed, args.segment_messages)
        res["cells"]["needle segments"] = cell(model, docs, qs, general, other=True)
    if args.profile:
        res["profile"] = profile_probs(model)
        print(json.dumps(res["profile"], indent=1))
    res["seconds"] = round(time.time() - t0, 1)
    for name, c in res["cells"].items():
        print(name, " | ".join(f"t{t}: " + "/".join(f"{v:.0f}" for v in r.values()) for t, r in c.items()))
    print("(own open / general closed / other document's question closed, %)")
    if args.json_out:
        write_json(args.json_out, res)
    print(json.dumps({"seconds": res["seconds"]}))


if __name__ == "__main__":
    main()
