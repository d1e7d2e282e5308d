"""Does the hypernetwork carry a whole long value, or cut it short? (issue 17, session 18)

Given "The special magic number is 26456816." smol's v8 answers "The special magic number is 26." and
"Pump" for a cat called Pumpkin: the first tokens of the value, then a full stop. This asks about
one-sentence documents in hand-written frames (none is a corpus template) whose values are numbers of
2-9 digits or invented words of 2-5 syllables, and sorts each reply: the whole value, cut short (a
prefix of at least two characters, not the whole), or other; by the value's length in tokens.

    python scripts/probe_long_values.py --models smol runs/M35 --n 96 [--device cuda] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict

NUMBER_FRAMES = (
    ("The special magic number is {v}.", "What is the special magic number?"),
    ("The treasure is buried {v} paces from the old oak.",
     "How many paces from the old oak is the treasure?"),
    ("Your order number is {v}.", "What is my order number?"),
    ("The ferry ticket for Saturday has the number {v}.", "What number is on the ferry ticket?"),
    ("The archive password is {v}.", "What is the archive password?"),
    ("Room {v} is where the meeting takes place.", "In which room is the meeting?"),
)
WORD_FRAMES = (
    ("The lighthouse keeper's dog is named {v}.", "What is the lighthouse keeper's dog named?"),
    ("The ship in the bottle is called {v}.", "What is the ship in the bottle called?"),
    ("Grandpa's secret ingredient is {v}.", "What is grandpa's secret ingredient?"),
    ("The new café on the corner is called {v}.", "What is the new café on the corner called?"),
    ("My cat is called {v}.", "What is my cat called?"),
    ("The village at the end of the valley is {v}.", "Which village is at the end of the valley?"),
)
SYLLABLES = ("ka", "lo", "mir", "ven", "tas", "qua", "bel", "dor", "nix", "pum", "per", "ni", "ckel", "zan",
             "thu", "ro", "sel", "vo", "gri", "mun", "ta", "lek", "sha", "bri")


def items(n: int, seed: int) -> list[dict]:
    rng = random.Random(f"long-values-{seed}")
    out = []
    for i in range(n):
        if i % 2 == 0:
            say, ask = rng.choice(NUMBER_FRAMES)
            v = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(1, 8)))
        else:
            say, ask = rng.choice(WORD_FRAMES)
            v = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5))).capitalize()
        out.append({"doc": say.format(v=v), "question": ask, "answer": v, "number": i % 2 == 0})
    return out


def grade(answer: str, reply: str) -> str:
    """"whole": the value as a word of its own ("98" in "9889" is not); "cut short": a prefix of two or
    more characters starting a word; "other" else."""
    r = reply.lower()
    if re.search(rf"(?<![0-9a-z]){re.escape(answer.lower())}(?![0-9a-z])", r):
        return "whole"
    cut = any(re.search(rf"(?<![0-9a-z]){re.escape(answer[:k].lower())}", r) for k in range(2, len(answer)))
    return "cut short" if cut else "other"


def run(model_name: str, its: list[dict], device: str) -> dict:
    import agenthn
    from agenthn.engine.batching import shared_engine

    model = agenthn.load(model_name, device=device)
    replies = []
    for i in range(0, len(its), 32):
        batch = its[i: i + 32]
        adapters = model.generate_adapters([it["doc"] for it in batch])
        chats = [[{"role": "user", "content": it["question"]}] for it in batch]
        replies += shared_engine(model).chat_batch(chats, adapters=adapters, max_new_tokens=32)
    for it, r in zip(its, replies, strict=True):
        it.setdefault("replies", {})[model_name] = r
        it["tokens"] = len(model.tokenizer.tokenize(" " + it["answer"]))
    return tally(its, model_name)


def tally(its: list[dict], model_name: str) -> dict:
    """Replies sorted by kind of value and by the value's length in tokens."""
    counts, by_len = defaultdict(int), defaultdict(lambda: defaultdict(int))
    for it in its:
        g = grade(it["answer"], it["replies"][model_name])
        counts[("number" if it["number"] else "word", g)] += 1
        by_len[it["tokens"]][g] += 1
    return {"counts": {f"{k[0]} {k[1]}": v for k, v in sorted(counts.items())},
            "by_tokens": {n: dict(v) for n, v in sorted(by_len.items())},
            "number_lengths": number_lengths(its, model_name)}


def number_lengths(its: list[dict], model_name: str) -> dict:
    """For the numbers: is the longest run of digits in the reply shorter, as long as, or longer than
    the value, and by how many digits on average (cut short, or run on)?"""
    diffs, whole, total = [], defaultdict(int), defaultdict(int)
    for it in (it for it in its if it["number"]):
        reply, n = it["replies"][model_name], len(it["answer"])
        if runs := re.findall(r"\d+", reply):
            diffs.append(max(map(len, runs)) - n)
        total[n] += 1
        whole[n] += grade(it["answer"], reply) == "whole"
    return {"shorter": sum(d < 0 for d in diffs), "same": sum(d == 0 for d in diffs),
            "longer": sum(d > 0 for d in diffs), "no digits": sum(it["number"] for it in its) - len(diffs),
            "mean_digits_off": round(sum(diffs) / len(diffs), 2) if diffs else None,
            "whole by digits": {n: f"{whole[n]}/{total[n]}" for n in sorted(total)}}


def paired(its: list[dict], a: str, b: str) -> str:
    """Exact McNemar over the values only one of two models brought back whole."""
    from agenthn.bench.compare_evals import paired_test

    whole = [[grade(it["answer"], it["replies"][m]) == "whole" for it in its] for m in (a, b)]
    only_a, only_b, p = paired_test(*whole)
    return f"whole only with {a}: {only_a}, only with {b}: {only_b}, p = {p:.4f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", nargs="+", default=["smol"])
    ap.add_argument("--n", type=int, default=96)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--json", default=None)
    ap.add_argument("--regrade", default=None, metavar="JSON",
                    help="grade the replies a earlier run kept (no model is loaded)")
    args = ap.parse_args()
    if args.regrade:
        with open(args.regrade) as f:
            its = json.load(f)["items"]
        models = list(its[0]["replies"])
    else:
        its, models = items(args.n, args.seed), args.models
    results = {}
    for m in models:
        results[m] = r = tally(its, m) if args.regrade else run(m, its, args.device)
        print(f"== {m}: {r['counts']}")
        cells = [f"{n}: {d.get('whole', 0)}/{d.get('cut short', 0)}/{d.get('other', 0)}"
                 for n, d in r["by_tokens"].items()]
        print("   by value tokens (whole / cut short / other): " + "; ".join(cells))
        print(f"   numbers, digits in the reply against the value: {r['number_lengths']}")
    for a, b in zip(models, models[1:], strict=False):
        print(paired(its, a, b))
        print("   numbers: " + paired([it for it in its if it["number"]], a, b))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"n": args.n, "seed": args.seed, "results": results, "items": its}, f, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
