"""What one training batch of the smol preset holds, and what its host side costs, with and without
`--set` overrides (a stage's recipe): real and padded tokens of the student's and teacher's rows, answer
tokens the loss reads, and the seconds the host spends cutting fresh documents into chunks and
packing the rows. No GPU and no weights: a randomly initialised base of the model's shape stands in.

    python scripts/step_shapes.py CFG_DIR [--set FIELD=VALUE ...] [--batches 3] [--against-real]

CFG_DIR holds the base's tokenizer files (as for scripts/profile_hypernet_step.py). --against-real:
instead, what differs on the host between those random weights and the smol base's own (session 37
found the real weights' step waiting ~0.1 s longer on the host with the same GPU time,
scripts/train_smol.sh real37): the two tokenizers' chunks and time for one batch of fresh documents,
and each model's attention, dtype and operator count for one forward.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch
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


def chunking(label: str, base, tok, hp, docs: int = 256) -> None:
    engine = hypernet.build_engine(base, tok, hp)
    rows = data.hyper_rows(tok, hp, docs, 7)
    for attempt in range(2):  # the first pass warms the tokenizer's caches
        t0 = time.perf_counter()
        n = sum(len(passes.row_chunks(engine, r)) for r in rows)
        dt = time.perf_counter() - t0
        print(f"[{label}] pass {attempt + 1}: {docs} documents -> {n} chunks in {dt:.3f} s")


def operators(label: str, model) -> None:
    from torch.profiler import ProfilerActivity, profile

    ids = torch.randint(0, model.config.vocab_size, (4, 64))
    with torch.no_grad():
        model(input_ids=ids)
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            model(input_ids=ids)
    n = sum(e.count for e in prof.key_averages() if e.key.startswith("aten::"))
    print(f"[{label}] attention {model.config._attn_implementation}, {model.dtype}, "
          f"{sum(1 for _ in model.modules())} modules, {n} operators a forward of 4 x 64 tokens")


def against_real(random, cfg_tok, hp) -> None:
    folder, _ = hypernet.base_folder("smol")
    real, real_tok = hypernet.load_base(folder, "cpu")
    chunking("config-folder tokenizer", random, cfg_tok, hp)
    chunking("real base's tokenizer", random, real_tok, hp)
    operators("random weights", random)
    operators("real weights", real)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cfg_dir", type=Path)
    ap.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE")
    ap.add_argument("--batches", type=int, default=3)
    ap.add_argument("--against-real", action="store_true",
                    help="compare the host side of the random weights with the real smol base's, then stop")
    args = ap.parse_args()
    base, tok = random_base(args.cfg_dir)  # the hypernetwork is built to the base's shape; weights unused
    if args.against_real:
        return against_real(base, tok, get_preset("smol", **parse_sets(args.set)).hyper)
    describe("the preset", base, tok, {}, args.batches)
    if args.set:
        describe("with --set", base, tok, parse_sets(args.set), args.batches)


if __name__ == "__main__":
    main()
