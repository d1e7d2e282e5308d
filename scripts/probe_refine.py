"""Is one-fact recall bound by what an adapter can hold, or by the hypernetwork's one-pass guess?
Each held-out one-fact document's generated adapter (A and B of every layer) is refined by a few Adam
steps with nothing but the document itself: the adapted base, asked "What do you remember?" with the
document absent, is trained to reply with the document's text. No question and no gold answer is
used. Recall (`agenthn eval internalize`'s one-fact items, answer contained in the reply) and
retention (general questions the base answers right, asked under each refined adapter) are read
after 0 and after each step count in --steps; step 0 is the adapter as generated.

    python scripts/probe_refine.py OUT.json [--n 30] [--steps 5,15,30] [--lr 1e-3] [--model smol]
"""

from __future__ import annotations

import argparse
import json
import time

import torch

import agenthn
from agenthn.bench import eval_english as ee
from agenthn.bench import eval_internalize as ei
from agenthn.engine import templates
from agenthn.model.adapter import Adapter
from agenthn.model.lora import LoRABatch, use_lora

PROMPT = "What do you remember?"


def recite_batch(model, doc: str) -> dict:
    """Input ids and labels: the prompt, then the document as the assistant's reply (labels on it)."""
    tok = model.tokenizer
    msgs = [{"role": "user", "content": PROMPT}]
    prompt = templates.render_ids(tok, msgs)
    reply = tok(doc.strip() + templates.turn_end(tok), add_special_tokens=False)["input_ids"]
    ids = torch.tensor([prompt + reply])
    labels = torch.tensor([[-100] * len(prompt) + reply])
    return {"input_ids": ids, "labels": labels}


def refine(model, adapter: Adapter, doc: str, steps: list[int], lr: float) -> dict[int, Adapter]:
    """Adapters after each count in `steps` of Adam on the recitation loss (A and B both trained)."""
    batch = recite_batch(model, doc)
    A = {k: v.detach().clone().requires_grad_(True) for k, v in adapter.A.items()}
    B = {k: v.detach().clone().requires_grad_(True) for k, v in adapter.B.items()}
    opt = torch.optim.Adam([*A.values(), *B.values()], lr=lr)
    out = {}
    for step in range(1, max(steps) + 1):
        lora = LoRABatch({k: a[None] for k, a in A.items()},
                         {k: b[None] * adapter.scale for k, b in B.items()})
        with use_lora(lora):
            logits = model.base(input_ids=batch["input_ids"]).logits[0, :-1]
        loss = torch.nn.functional.cross_entropy(logits, batch["labels"][0, 1:], ignore_index=-100)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step in steps:
            out[step] = Adapter({k: a.detach().clone() for k, a in A.items()},
                                {k: b.detach().clone() for k, b in B.items()}, adapter.scale, adapter.meta)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--steps", default="5,15,30")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--model", default="smol")
    args = ap.parse_args()
    steps = [int(s) for s in args.steps.split(",")]
    torch.manual_seed(0)
    m = agenthn.load(args.model, device="cpu")
    items = ee.fact_items(args.n, 1)
    _, kept = ee.base_right_general(m)
    kept = kept[: args.n]
    t0 = time.perf_counter()
    by_step: dict[int, list[Adapter]] = {0: ei.adapters_for(m, [d for d, _, _ in items])}
    for s in steps:
        by_step[s] = []
    for i, (doc, _, _) in enumerate(items):
        for s, a in refine(m, by_step[0][i], doc, steps, args.lr).items():
            by_step[s].append(a)
    refine_s = (time.perf_counter() - t0) / len(items)
    res = {}
    for s, ads in by_step.items():
        replies = ee.ask(m, [q for _, q, _ in items], adapters=ads)
        general = ee.ask(m, [q["question"] for q in kept], adapters=ads[: len(kept)], max_new_tokens=32)
        res[s] = {"recall": round(ee.score(replies, [a for _, _, a in items])["contained"], 1),
                  "retention": round(ee.score(general, [q["answers"] for q in kept])["contained"], 1),
                  "examples": [[q, r] for (_, q, _), r in list(zip(items, replies, strict=True))[:6]]}
        print(f"steps {s}: recall {res[s]['recall']}%, retention {res[s]['retention']}%", flush=True)
    with open(args.out, "w") as f:
        json.dump({"model": args.model, "n": len(items), "retention_n": len(kept), "lr": args.lr,
                   "prompt": PROMPT, "refine_s_per_doc": round(refine_s, 2), "by_steps": res}, f, indent=1)
    print(f"refining took {refine_s:.1f} s per document ({max(steps)} steps)")


if __name__ == "__main__":
    main()
