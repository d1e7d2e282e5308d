"""Is a retention gap between two hypernetworks more than the choice of unrelated documents?

`agenthn eval internalize` measures retention once: the general questions the base answers right
(81 of 130 for smol), each asked under the adapter of one of 25 held-out 4-fact documents. A few
questions' difference between two checkpoints may be which documents they happened to get. This asks
the same questions under adapters of other document sets (documents of 1, 4, 8 and 16 facts, and the
adapters rotated so that each question meets several documents) and prints each set's retention and
the mean, per model. 2-core CPU, about 3 minutes per model and set.

    python scripts/probe_retention_sets.py --model smol runs/M23 [--shifts 0 7] [--out FILE.json]
    python scripts/probe_retention_sets.py --model v7=V7_DIR v8=runs/M23   # LABEL=MODEL names the rows
    python scripts/probe_retention_sets.py --model smol --eval-sets 4     # the eval's own K sets instead
With --eval-sets K it asks under the K document sets `agenthn eval internalize --retention-sets K`
uses (other documents than the sets above), so a checkpoint evaluated on the CPU compares with a
later one's eval JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics

import agenthn
from agenthn.bench import eval_english as ee
from agenthn.bench import eval_internalize


def retention_sets(model, sizes: list[int], shifts: list[int], n_docs: int) -> list[dict]:
    """Retention (answer contained, % of the base-right questions) for each document size and shift."""
    _, kept = ee.base_right_general(model)
    out = []
    for size in sizes:
        docs = [d for d, _, _ in ee.fact_items(n_docs, size)]
        adapters = eval_internalize.adapters_for(model, docs)
        for shift in shifts:
            pct = ee.retention_under(model, kept, adapters, shift)["contained"]
            out.append({"facts": size, "shift": shift, "base_right": len(kept), "retention_pct": pct})
            print(f"  {size:2d} facts, shift {shift}: {pct:.1f}% of {len(kept)}", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", nargs="+", default=["smol"],
                    help="built-in names or model directories, each optionally as LABEL=MODEL")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 8, 16], help="facts per document")
    ap.add_argument("--shifts", type=int, nargs="+", default=[0, 7], help="adapter rotations per set")
    ap.add_argument("--docs", type=int, default=25, help="documents per set (the eval's n=100 uses 25)")
    ap.add_argument("--eval-sets", type=int, default=0, metavar="K",
                    help="the eval's K retention sets (eval_english.retention_sets), not sizes x shifts")
    ap.add_argument("--out", help="write every model's rows here as JSON")
    args = ap.parse_args()
    res = {}
    for arg in args.model:
        name, _, where = arg.rpartition("=")
        name = name or where
        print(name, flush=True)
        model = agenthn.load(where, device="cpu")
        if args.eval_sets:
            res[name] = ee.retention_sets(model, ee.base_right_general(model)[1], args.eval_sets, args.docs)
        else:
            rows = retention_sets(model, args.sizes, args.shifts, args.docs)
            pcts = [r["retention_pct"] for r in rows]
            res[name] = {"rows": rows, "mean": statistics.mean(pcts),
                         "stdev": statistics.stdev(pcts) if len(pcts) > 1 else 0.0}
        print(f"{name}: mean {res[name]['mean']:.1f}%, sd {res[name]['stdev']:.1f} over "
              f"{len(res[name]['rows'])} sets", flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(res, f, indent=2)


if __name__ == "__main__":
    main()
