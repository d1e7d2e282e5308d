"""Why an internalized answer stops inside its value ("Your blood type is O." for "O negative"): for
each reply that `scripts/probe_failures.py` sorted as cut short, the probability of the value's next
token against a full stop at the point where the reply stopped, with the document's adapter and without
it (2-core CPU is fine).

    python scripts/probe_cut_short.py FAILURES.json [--model smol|RUN_DIR]
"""

from __future__ import annotations

import argparse
import json

import torch

import agenthn
from agenthn.bench import eval_english as ee
from agenthn.bench import eval_internalize as ei


def next_token_odds(model, question: str, prefix: str, cont: str, adapter) -> tuple[float, float]:
    """(P(first token of `cont`), P(".")) after the chat prompt and the reply `prefix`."""
    tok = model.tokenizer
    ids = model.prompt_ids([{"role": "user", "content": question}])
    ids += tok.encode(prefix, add_special_tokens=False)
    nxt, dot = tok.encode(cont, add_special_tokens=False)[0], tok.encode(".", add_special_tokens=False)[0]
    with torch.no_grad():
        p = model.logits(torch.tensor([ids]), adapter)[0, -1].float().softmax(-1)
    return float(p[nxt]), float(p[dot])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("failures", help="the JSON written by scripts/probe_failures.py")
    ap.add_argument("--model", default="smol", help="the model that probe was run on")
    args = ap.parse_args()
    with open(args.failures) as f:
        res = json.load(f)
    cut = [e for e in res["one_fact"]["examples"] if e["kind"] == "cut short"]
    docs, questions, _ = (list(x) for x in zip(*ee.fact_items(res["one_fact"]["n"], 1), strict=True))
    model = agenthn.load(args.model, device="cpu")
    print(f"{len(cut)} cut-short replies listed in {args.failures} ({args.model})")
    for e in cut:
        adapter = ei.adapters_for(model, [docs[questions.index(e["question"])]])[0]
        prefix = e["reply"].rstrip(".")
        cont = e["answer"][len(prefix.split()[-1]):]
        with_ad = next_token_odds(model, e["question"], prefix, cont, adapter)
        base = next_token_odds(model, e["question"], prefix, cont, None)
        print(f"{e['answer']!r} stopped at {prefix!r}: P(next {cont!r}) {with_ad[0]:.3f}, "
              f"P('.') {with_ad[1]:.3f} with the adapter; {base[0]:.3f} / {base[1]:.3f} without")


if __name__ == "__main__":
    main()
