"""Does an adapter leave short questions alone in general, or only the shapes its retention rows held?

Asks 64 distinct questions of the twelve world-knowledge shapes the retention rows trained on
(`world/english_prompts.WORLD`), 64 of the broad pool (`world/english_general`) and the 55 of four
shapes no retention row ever asks (`english_general.HELD_OUT`, since session 22) twice, greedy: with
no adapter and under the adapters of eight held-out 4-fact documents (question i under adapter i mod 8).
A reply counts as kept when its first 25 characters are the adapter-free reply's; since long replies
change their opening more easily, it also prints how much less likely the base's own reply becomes
under the adapter (mean rise of its per-token negative log-likelihood). Then prints a few
replies of the pool's and the held-out shapes' questions that changed, and of the retention eval's
questions that one adapter turns wrong. 2-core CPU, about 6 minutes a model. Session 21, before the
pool was trained on: v8 kept 48 of the trained shapes and 18 of the pool's (v9, which trained on the
pool: 42 and 35); session 22's reading of the held-out shapes is in the README.

    python scripts/probe_retention_shapes.py [--model smol|RUN_DIR ...] [--show 6]
"""

from __future__ import annotations

import argparse
import random

import torch

import agenthn
from agenthn.bench import eval_english as ee
from agenthn.bench import eval_internalize
from agenthn.world import english_general as eg
from agenthn.world import english_prompts as ep

N = 64


def question_sets() -> dict[str, list[str]]:
    """Distinct questions of the trained shapes and of the broad pool, the same on every run."""
    r = random.Random(3)
    world = list(dict.fromkeys(r.choice(ep.WORLD)(r) for _ in range(400)))[:N]
    pool = list(dict.fromkeys(q for q, _ in eg.general_questions_typed(400, 5)))[:N]
    held = list(dict.fromkeys(r.choice(eg.HELD_OUT)(r) for _ in range(2000)))[:N]
    return {"trained shapes": world, "broad pool": pool, "held-out shapes": held}


def probe(name: str, show: int) -> None:
    model = agenthn.load(name)
    docs = [d for d, _, _ in ee.fact_items(8, 4, seed=ee.SETS_SEED)]
    adapters = eval_internalize.adapters_for(model, docs)
    for label, qs in question_sets().items():
        base = ee.ask(model, qs, max_new_tokens=32)
        under = ee.ask(model, qs, adapters=[adapters[i % len(adapters)] for i in range(len(qs))],
                       max_new_tokens=32)
        kept = [b.strip()[:25] == u.strip()[:25] for b, u in zip(base, under, strict=True)]
        rise = nll_rise(model, qs, base, adapters)
        print(f"{name}, {label}: {sum(kept)} of {len(qs)} replies kept under an adapter; the base's own "
              f"reply {rise:.3f} nats/token less likely under it", flush=True)
        if label != "trained shapes":
            changed = [(q, b, u) for q, b, u, k in zip(qs, base, under, kept, strict=True) if not k]
            for q, b, u in changed[:show]:
                print(f"  {q}\n    no adapter: {b[:80]!r}\n    adapter:    {u[:80]!r}")
    lost_eval_questions(model, adapters[0], show)


def nll_rise(model, qs: list[str], replies: list[str], adapters) -> float:
    """Mean rise, under question i's adapter, of the per-token negative log-likelihood of the base's own
    greedy reply (its first 24 tokens), teacher-forced: what the retention KL trains down, comparable
    across shapes whatever the replies' length (a long reply's opening changes more easily)."""
    rises = []
    for i, (q, reply) in enumerate(zip(qs, replies, strict=True)):
        prompt = model.prompt_ids([{"role": "user", "content": q}])
        ans = model.tokenizer.encode(reply, add_special_tokens=False)[:24]
        ids = torch.tensor([prompt + ans])
        target = ids[0, len(prompt):]
        nll = []
        for adapter in (None, adapters[i % len(adapters)]):
            logp = model.logits(ids, adapter).float().log_softmax(-1)[0, len(prompt) - 1: -1]
            nll.append(-logp.gather(-1, target[:, None]).mean().item())
        rises.append(nll[1] - nll[0])
    return sum(rises) / len(rises)


def lost_eval_questions(model, adapter, show: int) -> None:
    """The retention eval's own questions that the base answers right and the first document's adapter
    turns wrong, with both replies: what the failure looks like."""
    every, replies = ee.base_general_replies(model)
    right = [(q, r) for q, r in zip(every, replies, strict=True) if ee.grade(r, q["answers"])[0]]
    kept, base = [q for q, _ in right], [r for _, r in right]
    qs = [q["question"] for q in kept]
    under = ee.ask(model, qs, adapters=[adapter] * len(qs), max_new_tokens=32)
    lost = [(q["question"], b, u) for q, b, u in zip(kept, base, under, strict=True)
            if not ee.grade(u, q["answers"])[0]]
    print(f"{len(lost)} of {len(kept)} eval questions the base gets right lost under one adapter")
    for q, b, u in lost[:show]:
        print(f"  {q}\n    no adapter: {b[:80]!r}\n    adapter:    {u[:80]!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", nargs="+", default=["smol"], help="model names or directories")
    ap.add_argument("--show", type=int, default=6, help="changed replies of each untrained set to print")
    args = ap.parse_args()
    for name in args.model:
        probe(name, args.show)


if __name__ == "__main__":
    main()
