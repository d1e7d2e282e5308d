"""Experiment (not a feature yet): per-entry profile adapters retrieved by the question.

The personalization feature internalizes the whole profile into one adapter; on the tiny model that
keeps 7% of facts (a many-fact document). This measures the alternative on the same questions as
`agenthn bench personalize` (gold profiles, eval split): one adapter per fact line, the top-k chosen
by TF-IDF against the question (as memory does with its segments), optionally composed with one
always-on adapter of the style preferences (which apply to every turn and share no words with it).

    python scripts/experiments/profile_retrieval.py [--users 24] [--k 1] [--no-style]
"""

from __future__ import annotations

import argparse

import agenthn
from agenthn.agent.memory import TfidfIndex
from agenthn.bench.personalize import _conversation, _summarize, grade
from agenthn.model.adapter import compose
from agenthn.world import benchmarks, users


def user_adapters(model, profile: dict, with_style: bool):
    lines = users.render_profile(profile).split("\n")
    facts = [ln for ln in lines if not ln.startswith("style ")]
    style = [ln for ln in lines if ln.startswith("style ")]
    fact_adapters = model.generate_adapters(facts) if facts else []
    style_adapter = model.generate_adapters(["\n".join(style)])[0] if style and with_style else None
    return fact_adapters, TfidfIndex(list(enumerate(facts))), style_adapter


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="tiny")
    ap.add_argument("--users", type=int, default=24)
    ap.add_argument("--k", type=int, default=1, help="fact adapters retrieved per question")
    ap.add_argument("--no-style", action="store_true", help="leave out the always-on preferences adapter")
    args = ap.parse_args()
    model = agenthn.load(args.model, device="cpu")
    items = benchmarks.personalization_users(args.users, 0, 4, 5, split="eval")
    per_user = [user_adapters(model, it["profile"], not args.no_style) for it in items]
    qs = [(i, q) for i, it in enumerate(items) for q in it["questions"]]
    convs, adapters = [], []
    for i, q in qs:
        fact_adapters, index, style_adapter = per_user[i]
        chosen = [fact_adapters[j] for j, _ in index.search(q["question"], args.k)]
        chosen += [style_adapter] if style_adapter is not None else []
        convs.append(_conversation(q, None))
        adapters.append(compose(chosen) if len(chosen) > 1 else (chosen[0] if chosen else None))
    answers = model.chat_batch(convs, adapters=adapters, max_new_tokens=40)
    result = _summarize([grade(q, a, items[i]) for (i, q), a in zip(qs, answers)], [0] * len(qs))
    print({m: round(v, 3) for m, v in result.items() if not m.startswith("n_") and v is not None})


if __name__ == "__main__":
    main()
