"""Does a stronger or weaker adapter help smol? Every internalized adapter's B factors scaled by s (the
trained strength is s = 1), on held-out 1- and 4-fact documents (40 each, `agenthn eval internalize`'s
items), the 45 hand-written paragraphs, and retention (general questions the base answers right, asked
under an unrelated 4-fact document's adapter).

    python scripts/probe_adapter_scale.py OUT.json [--scales 1.0,1.4,0.7,1.8] [--n 40]
"""

from __future__ import annotations

import argparse
import json
import time

import agenthn
from agenthn.bench import eval_english as ee
from agenthn.bench import eval_internalize as ei


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--scales", default="1.0,1.4,0.7,1.8")
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--model", default="smol")
    args = ap.parse_args()
    m = agenthn.load(args.model, device="cpu")
    sets = {"1 fact": ee.fact_items(args.n, 1), "4 facts": ee.fact_items(args.n, 4),
            "paragraphs": [(p["paragraph"], p["question"], p["answers"])
                           for p in ee.read_jsonl("natural_paragraphs.jsonl")]}
    _, kept = ee.base_right_general(m)
    sets["retention"] = [(d, q["question"], q["answers"])
                         for (d, _, _), q in zip(ee.fact_items(len(kept), 4), kept, strict=True)]
    cache: dict[str, object] = {}
    out = {}
    for s in (float(x) for x in args.scales.split(",")):
        t0, row = time.perf_counter(), {}
        for name, items in sets.items():
            ads = [cache.setdefault(d, ei.adapters_for(m, [d])[0]).scaled(s) for d, _, _ in items]
            tokens = 32 if name == "retention" else 24
            replies = ee.ask(m, [q for _, q, _ in items], adapters=ads, max_new_tokens=tokens)
            row[name] = round(ee.score(replies, [a for _, _, a in items])["contained"], 1)
        out[str(s)] = row
        print(f"scale {s}: {row} ({time.perf_counter() - t0:.0f} s)", flush=True)
    with open(args.out, "w") as f:
        json.dump({"model": args.model, "n": args.n, "base_right": len(kept), "by_scale": out}, f, indent=1)


if __name__ == "__main__":
    main()
