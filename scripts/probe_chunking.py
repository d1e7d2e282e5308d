"""Does cutting a many-fact document into smaller token chunks help internalized recall?

`generate_adapters` cuts a document into chunks of at most `max_chunk_tokens` (512 for smol), runs
the hypernetwork over each and concatenates their ranks (the chunks' deltas add up). smol's
hypernetwork trained on whole documents and on documents cut into 2-4 chunks, so at 8 and 16 facts a
smaller chunk hands each chunk fewer facts to hold, at the price of adding more deltas. This asks the
eval's own held-out questions (`agenthn eval internalize`'s first n of each cell) internalized with
several chunk sizes, and the general questions under the chunked adapters of unrelated documents.

    python scripts/probe_chunking.py --model smol --facts 8 16 --chunks 512 128 64 --n 30 --out F.json
"""

from __future__ import annotations

import argparse
import json
import statistics

import agenthn
from agenthn.bench import eval_english as ee


def recall(model, items, chunk: int) -> tuple[float, float]:
    """(answer contained %, mean chunks per document) with documents cut at `chunk` tokens."""
    docs, qs, answers = (list(x) for x in zip(*items, strict=True))
    adapters = [a for i in range(0, len(docs), 16)
                for a in model.generate_adapters(docs[i: i + 16], max_chunk_tokens=chunk)]
    chunks = statistics.mean(a.meta.extra["n_chunks"] for a in adapters)
    return ee.score(ee.ask(model, qs, adapters=adapters), answers)["contained"], chunks


def retention(model, kept, n_docs: int, size: int, chunk: int) -> float:
    docs = [d for d, _, _ in ee.fact_items(n_docs, size, seed=ee.SETS_SEED)]
    adapters = model.generate_adapters(docs, max_chunk_tokens=chunk)
    return ee.retention_under(model, kept, adapters)["contained"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="smol")
    ap.add_argument("--facts", type=int, nargs="+", default=[8, 16])
    ap.add_argument("--chunks", type=int, nargs="+", default=[512, 128, 64])
    ap.add_argument("--n", type=int, default=30, help="questions per cell (the eval's first n)")
    ap.add_argument("--retention-docs", type=int, default=0,
                    help="also ask the general questions under chunked adapters of this many 16-fact docs")
    ap.add_argument("--device", default=None)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    model = agenthn.load(args.model, device=args.device)
    rows = []
    for facts in args.facts:
        items = ee.fact_items(args.n, facts)
        for chunk in args.chunks:
            pct, chunks = recall(model, items, chunk)
            rows.append({"facts": facts, "chunk_tokens": chunk, "chunks": chunks, "contained": pct,
                         "n": len(items)})
            print(f"{facts:2d} facts, chunks of {chunk:3d} tokens ({chunks:.1f} a doc): {pct:.1f}%",
                  flush=True)
    out = {"model": args.model, "rows": rows}
    if args.retention_docs:
        _, kept = ee.base_right_general(model)
        out["retention"] = {str(c): retention(model, kept, args.retention_docs, 16, c) for c in args.chunks}
        print("retention under 16-fact adapters:", out["retention"], flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
