"""What one training batch of the smol preset holds, and what its host side costs, with and without
`--set` overrides (a stage's recipe): real and padded tokens of the student's and teacher's rows, answer
tokens the loss reads, and the seconds the host spends cutting fresh documents into chunks and
packing the rows. No GPU and no weights: a randomly initialised base of the model's shape stands in.

    python scripts/step_shapes.py CFG_DIR [--set FIELD=VALUE ...] [--batches 3]

CFG_DIR holds the base's tokenizer files (as for scripts/profile_hypernet_step.py).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from profile_hypernet_step import random_base

from agenthn.train import data, hypernet, packing, passes
from agenthn.train.presets import get_preset, parse_sets


def describe(label: str, base, tok, sets: dict, batches: int) -> None:
    hp = get_preset("smol", **{"hyper.n_docs": str(batches * 256), **sets}).hyper
    engine = hypernet.build_engine(base, tok, hp)  # its doc_chunks cuts documents as internalize does
    rows = data.hyper_rows(tok, hp, hp.n_docs, hp.seed)
    print(f"[{label}] batch {hp.batch}, retention rows {round(hp.batch * hp.retention_frac)} a batch")
    for b in range(batches):
        batch = rows[b * hp.batch:(b + 1) * hp.batch]
        t0 = time.perf_counter()
        chunks = [c for r in batch for c in passes.row_chunks(engine, r)]
        t1 = time.perf_counter()
        packing.pack_host([r.student for r in batch])
        packing.pack_host([r.teacher for r in batch])
        t2 = time.perf_counter()
        for name in ("student", "teacher"):
            lengths = [len(getattr(r, name).ids) for r in batch]
            print(f"  {name}: {sum(lengths)} tokens, {len(lengths) * max(lengths)} padded", end=";")
        answers = sum(int(r.student.mask[1:].sum()) for r in batch)
        print(f" answer tokens {answers}; {len(chunks)} chunks; host: chunks {t1 - t0:.3f} s, "
              f"packing {t2 - t1:.3f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cfg_dir", type=Path)
    ap.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE")
    ap.add_argument("--batches", type=int, default=3)
    args = ap.parse_args()
    base, tok = random_base(args.cfg_dir)  # the hypernetwork is built to the base's shape; weights unused
    describe("the preset", base, tok, {}, args.batches)
    if args.set:
        describe("with --set", base, tok, parse_sets(args.set), args.batches)


if __name__ == "__main__":
    main()
