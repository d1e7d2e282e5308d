"""One packed pass of the smol base two ways, on a GPU: through the model's modules and LoRA hooks, as the
training step runs it (the preset's compiled norms, silu*up and rotary), and through the written-out
decoder layer compiled once (`hyper.compiled_layers`, `agenthn.train.fastpass`). Rows and lengths
like a training step of v9's recipe: the student's pass (rows under their own adapters, forward and
backward to the factors), the teacher's (longer rows, no adapter, no gradients) and the encoder's
features pass over the documents' chunks (`passes.chunk_factors`' groups, each layer's input kept).

Prints, for each way and pass: milliseconds of GPU time per pass (CUDA events), milliseconds the host
takes to queue it (the call returning, before any sync), and how far the hidden states and the
factors' gradients are from the modules' (bfloat16, so not zero), and how far each way is from itself
run again (the noise a comparison of the two ways has to be read against). With --reference, how far
each way is from the student's pass in float32 (the same bfloat16 weights cast up, the written-out
layer uncompiled, attention row by row: flash takes no float32): which way is nearer the exact pass.

    python scripts/bench_fastpass.py [--reps 10] [--seed 0] [--reference]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
import torch.nn.functional as F

from agenthn.model import lora
from agenthn.train import common, fastpass, objective, packing, passes
from agenthn.train.data import Encoded
from agenthn.train.hypernet import base_folder, build_engine, load_base
from agenthn.train.presets import get_preset

STUDENT = (384, 30, 100)  # rows (256 documents' questions and 128 retention replies), length range
TEACHER = (256, 80, 250)
RANK = 40  # four chunks' rank 8 and the static block
CHUNKS = (512, 40, 300)  # the encoder's chunks (256 documents, some in several), length range
GROUP = 256  # chunks per features pass (v9's hyper.chunk_group)


def packed(rows: int, lo: int, hi: int, rng) -> dict:
    items = []
    for n in rng.integers(lo, hi, rows):
        mask = np.zeros(n, np.uint8)
        mask[2 * n // 3:] = 1
        items.append(Encoded(rng.integers(10, 49000, n).astype(np.int32), mask))
    batch = packing.pack_host(items, adapter_of=list(range(rows)))
    return {k: v.cuda() if torch.is_tensor(v) else v for k, v in batch.items()}


def run(base, batch, factors, grad: bool) -> tuple[torch.Tensor, float]:
    """One pass (and its backward when `grad`); returns the hidden states and the host's queueing time."""
    t0 = time.perf_counter()
    with torch.autocast("cuda", dtype=torch.bfloat16), torch.set_grad_enabled(grad):
        adapters = lora.LoRABatch(*factors) if factors is not None else None
        hidden = objective._packed_hidden(base, batch, adapters)
        if grad:
            hidden.float().square().mean().backward()
    return hidden.detach(), (time.perf_counter() - t0) * 1000


def rel(a: torch.Tensor, b: torch.Tensor) -> float:
    """max |a - b| / max |b|."""
    return float((a.float() - b.float()).abs().max() / b.float().abs().max())


def cosine(a: torch.Tensor, b: torch.Tensor) -> float:
    return float(F.cosine_similarity(a.float().flatten(), b.float().flatten(), dim=0))


def student_pass(base, batch, A, B) -> tuple[torch.Tensor, tuple[torch.Tensor, torch.Tensor]]:
    """The student's pass with fresh gradients: its hidden states and the factors' gradients."""
    A["down_proj"].grad = B["down_proj"].grad = None
    hidden, _ = run(base, batch, (A, B), grad=True)
    return hidden, (A["down_proj"].grad.clone(), B["down_proj"].grad.clone())


def reference(batch, A, B) -> tuple[torch.Tensor, tuple[torch.Tensor, torch.Tensor]]:
    """The student's pass in float32: the bfloat16 weights cast up, no autocast, the layer uncompiled."""
    base = load_base(base_folder("smol")[0], "cuda", "bfloat16")[0].float()
    A["down_proj"].grad = B["down_proj"].grad = None
    lora_ = objective.take_rows(lora.LoRABatch(A, B), batch["rows"])
    lora_.offs, lora_.sizes = batch["cu"][1:], tuple(batch["lengths"])
    hidden = fastpass.packed_hidden(base, batch, lora_, attend=fastpass.rowwise)
    hidden.square().mean().backward()
    return hidden.detach(), (A["down_proj"].grad.clone(), B["down_proj"].grad.clone())


def timed(call, reps: int) -> tuple[float, float]:
    """GPU milliseconds per `call()` (CUDA events, after three warm-up calls) and the median of the host
    milliseconds each call returns as its second item."""
    for _ in range(3):
        call()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    host = [call()[1] for _ in range(reps)]
    end.record()
    torch.cuda.synchronize()
    return start.elapsed_time(end) / reps, float(np.median(host))


def features(engine, chunks) -> tuple[list, float]:
    """The encoder's features for `chunks` in groups of GROUP, as the training step asks for them."""
    t0 = time.perf_counter()
    with torch.autocast("cuda", dtype=torch.bfloat16):
        out = [passes.encoder_features(engine, chunks[g: g + GROUP], True)[0]
               for g in range(0, len(chunks), GROUP)]
    return out, (time.perf_counter() - t0) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--reference", action="store_true", help="also each way's distance from float32")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    base, tok = load_base(base_folder("smol")[0], "cuda", "bfloat16")
    engine = build_engine(base, tok, get_preset("smol").hyper)  # its LoRA hooks on down_proj, as v9's
    common.compile_norms(base)
    common.compile_mlp_rotary(base)
    student, teacher = packed(*STUDENT, rng), packed(*TEACHER, rng)
    L, g = base.config.num_hidden_layers, torch.Generator(device="cuda").manual_seed(args.seed)
    A, B = ({"down_proj": (0.02 * torch.randn(STUDENT[0], L, RANK, d, device="cuda", generator=g))
             .requires_grad_()} for d in (1536, 576))
    lengths = sorted(rng.integers(*CHUNKS[1:], CHUNKS[0]))
    chunks = [rng.integers(10, 49000, n).tolist() for n in lengths]
    print(f"student pass {int(student['cu'][-1])} tokens in {STUDENT[0]} rows, "
          f"teacher {int(teacher['cu'][-1])} in {TEACHER[0]}, "
          f"encoder {sum(lengths)} in {len(chunks)} chunks ({GROUP} a pass)")
    results, feats, again = {}, {}, {}
    for way in ("modules", "compiled layer"):
        if way != "modules":
            fastpass.install(base)
        results[way], again[way] = (student_pass(base, student, A, B) for _ in range(2))
        s_gpu, s_host = timed(lambda: run(base, student, (A, B), True), args.reps)
        t_gpu, t_host = timed(lambda: run(base, teacher, None, False), args.reps)
        feats[way] = features(engine, chunks)[0]
        f_gpu, f_host = timed(lambda: features(engine, chunks), args.reps)
        print(f"{way:15s} student fwd+bwd {s_gpu:7.1f} ms GPU, host queues it in {s_host:6.1f} ms;  "
              f"teacher fwd {t_gpu:6.1f} ms GPU, host {t_host:6.1f} ms;  encoder {f_gpu:6.1f} ms GPU, "
              f"host {f_host:6.1f} ms", flush=True)
    (h0, g0), (h1, g1) = results.values()
    # the same way twice: the backward's atomics add in another order each run, and in bfloat16 that alone
    # moves the gradients (session 46: the two ways differed by 35% and 85% of their largest value)
    for way, (h, g) in again.items():
        print(f"{way} run twice: hidden {rel(h, results[way][0]):.4f}; gradients of A "
              f"{rel(g[0], results[way][1][0]):.4f}, of B {rel(g[1], results[way][1][1]):.4f}")
    real = [(f0[:, :, :k], f1[:, :, :k]) for f0, f1, k in  # each group's features up to its shortest chunk
            zip(*feats.values(), (len(chunks[g]) for g in range(0, len(chunks), GROUP)), strict=True)]
    print(f"hidden at targets: max |diff| / max |modules| {rel(h1, h0):.4f}; "
          f"gradients of A {rel(g1[0], g0[0]):.4f}, of B {rel(g1[1], g0[1]):.4f}; "
          f"encoder features {max(rel(b, a) for a, b in real):.4f}")
    if args.reference:
        h32, (a32, b32) = reference(student, A, B)
        for way, (h, g) in results.items():
            print(f"{way} against float32: hidden {rel(h, h32):.4f}; gradients of A {rel(g[0], a32):.4f}, "
                  f"of B {rel(g[1], b32):.4f}; cosine of the gradients of A {cosine(g[0], a32):.4f}, "
                  f"of B {cosine(g[1], b32):.4f}")


if __name__ == "__main__":
    main()
