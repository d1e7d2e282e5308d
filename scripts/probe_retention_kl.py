"""Does the retention term see an adapter that answers every short question with a bare value?

The training objective's retention loss (KL from the adapter-free base to the student on the base's
own replies, each prompt under a training document's adapter), per reply token and at each reply's
first token (`hyper.retention_first_coef`), on two prompt sets:
requests only ("Write a haiku about ...", the set before session 10) and short factual questions
(`world/english_prompts.FACTUAL`). Run it on a model that keeps general answers and on one that does
not: a term that reads the same on both cannot train against the failure. 2-core CPU, a few minutes.

    python scripts/probe_retention_kl.py [--model smol|RUN_DIR ...] [--n 48]
"""

from __future__ import annotations

import argparse

import torch

import agenthn
from agenthn.train import common, data
from agenthn.train.hypernet import distill_step, read_stats
from agenthn.train.presets import get_preset
from agenthn.world import english_prompts as ep


def retention_kl(model, n: int, factual: float) -> tuple[float, float, int]:
    hp = get_preset("smol", **{"hyper.n_facts": "1,4", "hyper.max_qas": "1"}).hyper
    d = common.Dist(device=model.device)
    keep = data.retention_rows(model, hp, d, ep.retention_prompts(n, 0, factual=factual))
    rows = data.hyper_rows(model.tokenizer, hp, n, 5, "train")[: len(keep)]
    with torch.no_grad():
        _, stats = distill_step(model, model.hypernet, rows, keep[: len(rows)], hp, d, {})
    stats = read_stats(stats)
    return stats["ret"] / stats["keep_tok"], stats["ret1"] / stats["keep_rows"], stats["keep_tok"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", nargs="+", default=["smol"], help="built-in names or training run folders")
    ap.add_argument("--n", type=int, default=48, help="prompts per set (default %(default)s)")
    args = ap.parse_args()
    print("| model | requests: KL per reply token / at the first token | factual questions: the same |"
          "\n|---|---|---|")
    for name in args.model:
        model = agenthn.load(name, device="cpu")
        cells = [retention_kl(model, args.n, share) for share in (0.0, 1.0)]
        row = " | ".join(f"{kl:.3f} / {kl1:.3f} ({tok} tokens)" for kl, kl1, tok in cells)
        print(f"| {name} | {row} |", flush=True)


if __name__ == "__main__":
    main()
