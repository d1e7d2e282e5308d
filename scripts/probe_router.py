"""Sentence routing on a dev draw (held-out split, not the eval's documents): how often the router's
first sentence holds the answer, against the gate's own probability as the ranker, and recall with the
whole document's adapter, its best sentence's alone, and `D2LModel.route`'s choice (`routed`, and with
the two best sentences, `routed_top2`).

    python scripts/probe_router.py --seed 1 --n 50 [--router DIR] [--json OUT]

`--router DIR` reads router.safetensors from DIR instead of the model's own (a candidate being fitted).
`--hits-only --against DIR` generates nothing: how often each router's first sentence holds the answer,
the model's own against DIR's (session 31: `--seeds 1,2`, the router fitted with more statements).
"""

from __future__ import annotations

import argparse
import json
import time

from agenthn.bench import eval_english as E


def one_set(model, items, top: int) -> dict:
    rows: dict[str, list] = {"whole": [], "part": [], "routed": [], f"routed_top{top + 1}": []}
    hits = {"gate": 0, "router": 0, f"router_top{top + 1}": 0}
    for doc, q, answers in items:
        parts = model.internalize_parts(doc)
        whole = model.internalize(doc)
        right = {i for i, p in enumerate(E.sentences(doc)) if E.grade(p, answers)[0]}
        qk = model.question_key(q)
        gate_first = max(range(len(parts)), key=lambda i: model.gate.prob(parts[i].key, qk))
        order = model.route_order(q, parts)
        hits["gate"] += gate_first in right
        hits["router"] += order[0] in right
        hits[f"router_top{top + 1}"] += bool(set(order[: top + 1]) & right)
        rows["whole"].append(whole)
        rows["part"].append(parts[order[0]])
        rows["routed"].append(model.route(q, whole, parts, top=top))
        rows[f"routed_top{top + 1}"].append(model.route(q, whole, parts, top=top + 1))
    qs, wants = [q for _, q, _ in items], [a for _, _, a in items]
    out = {f"hit_{k}": round(100.0 * v / len(items), 1) for k, v in hits.items()}
    for k, adapters in rows.items():
        out[k] = E.score(E.ask(model, qs, adapters=adapters), wants)["contained"]
    return out


def hits(model, routers: dict, items) -> dict:
    """Questions whose answer the first sentence of each router holds (keys only, no generation)."""
    from agenthn.engine.router import split_sentences
    from agenthn.train.router import sentence_keys

    out = dict.fromkeys(routers, 0)
    for doc, q, answers in items:
        sents = split_sentences(doc)
        keys, query = sentence_keys(model, sents, 64), model.question_key(q)
        right = {i for i, s in enumerate(sents) if E.grade(s, answers)[0]}
        for name, r in routers.items():
            out[name] += r.rank(keys, query)[0] in right
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="smol")
    ap.add_argument("--router", default=None, metavar="DIR")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--sizes", default="1,4,8,16")
    ap.add_argument("--top", type=int, default=1)
    ap.add_argument("--whole-max-parts", type=int, default=None,
                    help="compose the whole adapter up to this many sentences (default: the router's own; "
                         "1000: always, as the dev draw of session 31 was read; 0: never)")
    ap.add_argument("--json", default=None)
    ap.add_argument("--hits-only", action="store_true")
    ap.add_argument("--against", default=None, metavar="DIR")
    ap.add_argument("--seeds", default=None, help="with --hits-only: several dev draws, e.g. 1,2")
    args = ap.parse_args()
    import agenthn
    from agenthn.engine.router import SegmentRouter

    model = agenthn.load(args.model)
    if args.router:
        model.router = SegmentRouter.load(args.router)
    if args.whole_max_parts is not None:
        model.router.cfg.whole_max_parts = args.whole_max_parts
    if args.hits_only:
        routers = {"own": model.router}
        if args.against:
            routers["against"] = SegmentRouter.load(args.against)
        total = dict.fromkeys(routers, 0)
        for seed in [int(x) for x in (args.seeds or str(args.seed)).split(",")]:
            for k in [int(x) for x in args.sizes.split(",")]:
                got = hits(model, routers, E.fact_items(args.n, k, seed=seed))
                total = {n: total[n] + got[n] for n in total}
                print(f"seed {seed}, {k} facts, the first sentence holds the answer (of {args.n}):", got,
                      flush=True)
        print("total:", total)
        return
    res = {"model": args.model, "router": args.router or "own", "seed": args.seed, "n": args.n,
           "whole_max_parts": model.router.cfg.whole_max_parts}
    for k in [int(x) for x in args.sizes.split(",")]:
        t0 = time.time()
        res[f"{k} facts"] = one_set(model, E.fact_items(args.n, k, seed=args.seed), args.top)
        print(f"{k} facts", json.dumps(res[f"{k} facts"]), f"{time.time() - t0:.0f}s", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
