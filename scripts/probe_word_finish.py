"""Once an internalized reply has started a multi-piece value, does the adapter let the word finish?
A probe of the cut-short misses ("Your star sign is Pis." for Pisces), not a feature.

For held-out one-fact documents whose value takes smol 2 or more pieces, each model's greedy reply
under the document's adapter is read; where it contains the value's first piece, the reply up to that
piece is kept as the prefix and the value's pieces are teacher-forced after it. At every later piece:
the probability the adapter gives it, the probability the base alone gives it in the same context
(no document read: how well plain English finishes the word), and, at the first cut, the probability
the adapter gives ending the sentence. Printed per model; the same questions across models are paired.

    python scripts/probe_word_finish.py [--models smol runs/M53] [--n 200] [--seed 1] [--json OUT]
"""

from __future__ import annotations

import argparse
import math
import statistics

import torch

from agenthn.bench.common import write_json
from agenthn.bench.eval_english import ask, fact_items
from agenthn.bench.eval_internalize import adapters_for
from agenthn.engine import templates


@torch.inference_mode()
def piece_probs(model, question: str, prefix: str, pieces: list[int], adapter) -> tuple[list[float], float]:
    """(P of each piece after the first, P of a sentence end right after the first) under `adapter`."""
    tok = model.tokenizer
    ids = model.prompt_ids([{"role": "user", "content": question}])
    ids += tok.encode(prefix, add_special_tokens=False) + pieces
    p = model.logits(torch.tensor([ids]), adapter)[0].float().softmax(-1)
    start = len(ids) - len(pieces)  # position of the first piece
    later = [float(p[start + j - 1, pieces[j]]) for j in range(1, len(pieces))]
    ends = [tok.encode(".", add_special_tokens=False)[0], *templates.stop_ids(tok)]
    return later, float(p[start, ends].sum())


def rows_for(model, items, adapters) -> dict[str, dict]:
    """question -> the row's probabilities, for the replies that start their value."""
    tok, out = model.tokenizer, {}
    replies = ask(model, [q for _, q, _ in items], None, adapters)
    for (_, q, answers), adapter, reply in zip(items, adapters, replies, strict=True):
        pieces = tok.encode(" " + answers[0], add_special_tokens=False)
        first = tok.decode(pieces[:1])
        at = reply.find(first)
        if len(pieces) < 2 or at < 0:
            continue
        later, end = piece_probs(model, q, reply[:at], pieces, adapter)
        base, _ = piece_probs(model, q, reply[:at], pieces, None)
        out[q] = {"answer": answers[0], "reply": reply, "adapter": later, "base": base, "adapter_end": end,
                  "whole": answers[0].lower() in reply.lower()}
    return out


def geo(ps: list[float]) -> float:
    return math.exp(sum(math.log(max(p, 1e-9)) for p in ps) / len(ps))


def summary(rows: dict[str, dict]) -> dict:
    """Means over the rows, and over those whose value the base alone finishes (later pieces' geometric
    mean >= 0.3: real words such as "Pisces", not invented names)."""
    if not rows:
        return {"rows": 0}
    known = [r for r in rows.values() if geo(r["base"]) >= 0.3]
    out = {"rows": len(rows), "whole": sum(r["whole"] for r in rows.values()),
           "adapter_later_geo": statistics.mean(geo(r["adapter"]) for r in rows.values()),
           "base_later_geo": statistics.mean(geo(r["base"]) for r in rows.values()),
           "adapter_end_at_first_cut": statistics.mean(r["adapter_end"] for r in rows.values()),
           "base_known_rows": len(known), "base_known_whole": sum(r["whole"] for r in known)}
    if known:
        out["base_known_adapter_later_geo"] = statistics.mean(geo(r["adapter"]) for r in known)
        out["base_known_base_later_geo"] = statistics.mean(geo(r["base"]) for r in known)
        out["base_known_adapter_end"] = statistics.mean(r["adapter_end"] for r in known)
    return out


def fmt(s: dict) -> dict:
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in s.items()}


def main() -> None:
    import agenthn

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", nargs="+", default=["smol"])
    ap.add_argument("--n", type=int, default=200, help="one-fact documents drawn (default %(default)s)")
    ap.add_argument("--seed", type=int, default=1, help="dev draw (the eval's own documents are seed 0)")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    items = fact_items(args.n, 1, seed=args.seed)
    res = {"probe": "word_finish", "n": args.n, "seed": args.seed, "models": {}}
    for name in args.models:
        model = agenthn.load(name, device="cpu")
        rows = rows_for(model, items, adapters_for(model, [d for d, _, _ in items]))
        res["models"][name] = {"summary": summary(rows), "rows": rows}
        print(name, fmt(summary(rows)), flush=True)
    shared = set.intersection(*(set(m["rows"]) for m in res["models"].values()))
    res["shared"] = {name: summary({q: m["rows"][q] for q in shared}) for name, m in res["models"].items()}
    for name, s in res["shared"].items():
        print(f"{len(shared)} shared:", name, fmt(s))
    write_json(args.json, res)


if __name__ == "__main__":
    main()
