"""Does averaging the adapters of several views of one document recall more than one view? A probe.

The hypernetwork reads a held-out statement less surely than a trained one (`bench.train_gap`), and
its misses look partly like noise ("Youra" for "Yara"). Test-time augmentation asks whether that noise
averages out: the same document internalized under a few harmless rewrites (a label line before it, one
sentence per line, a blank line after it), the adapters averaged (`compose` with weights 1/k, the static
block once), one-fact held-out documents of a dev draw (not the eval's).

    python scripts/probe_views.py [--n 60] [--seed 1] [--json OUT]
"""

from __future__ import annotations

import argparse
import re
import time

VIEWS = {
    "plain": lambda d: d,
    "note": lambda d: "Note:\n" + d,
    "lines": lambda d: re.sub(r"(?<=[.!?])\s+", "\n", d),
    "trailing": lambda d: d + "\n\n",
    "double": lambda d: d + "\n" + d,
}


def main() -> None:
    import agenthn
    from agenthn.bench.common import write_json
    from agenthn.bench.eval_english import ask, fact_items, grade
    from agenthn.bench.eval_internalize import adapters_for
    from agenthn.model.adapter import compose

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="smol")
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--facts", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1, help="dev draw (the eval's own documents are seed 0)")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    model = agenthn.load(args.model, device="cpu")
    items = fact_items(args.n, args.facts, seed=4242 + args.seed * 7919)
    docs, qs, answers = (list(x) for x in zip(*items, strict=True))
    adapters = {name: adapters_for(model, [view(d) for d in docs]) for name, view in VIEWS.items()}
    runs = {name: a for name, a in adapters.items()}
    k = len(VIEWS)
    runs["average"] = [compose([adapters[v][i] for v in VIEWS], [1.0 / k] * k) for i in range(len(docs))]
    runs["plain+lines"] = [compose([adapters[v][i] for v in ("plain", "lines")], [0.5, 0.5])
                           for i in range(len(docs))]
    res = {}
    for name, ads in runs.items():
        t0 = time.time()
        replies = ask(model, qs, adapters=ads)
        right = [int(grade(r, a)[0]) for r, a in zip(replies, answers, strict=True)]
        res[name] = {"right": right, "replies": replies}
        print(f"{name:12s} {sum(right)}/{len(right)} ({time.time() - t0:.0f} s)", flush=True)
    write_json(args.json, {"probe": "views", "model": args.model, "seed": args.seed, "facts": args.facts,
                           "answers": answers, "results": res})


if __name__ == "__main__":
    main()
