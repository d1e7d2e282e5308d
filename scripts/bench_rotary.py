"""How long the rotary embedding of queries and keys takes on a GPU, three ways, at the shapes of a
smol training step: Llama's eager `apply_rotary_pos_emb`; that formula compiled with dynamic shapes
(`train.common._rotary`, what `compile_mlp_rotary` installs); and the same computed in the
projections' own [B, T, heads, D] layout and handed back as a [B, heads, T, D] view (tried in session
33 on the guess that the compiled kernel's index arithmetic over [B, heads, T, D] made it slow: it
was not, both compiled ways run at the same speed). Prints microseconds per call and the bytes moved
per second; checks the three agree (the compiled ones exactly).

    python scripts/bench_rotary.py [--reps 20]
"""

from __future__ import annotations

import argparse

import torch

from agenthn.train.common import _rotary, _rotate_half

SHAPES = [(256, 512), (320, 232), (256, 576), (64, 60), (200, 300)]  # (rows, tokens) of the step's passes
HEADS, KV_HEADS, D = 9, 3, 64  # smol


def heads_first(q, k, cos, sin, unsqueeze_dim: int = 1):
    """Llama's formula: cos and sin broadcast over [B, heads, T, D] (run eagerly here)."""
    cos, sin = cos.unsqueeze(unsqueeze_dim), sin.unsqueeze(unsqueeze_dim)
    return q * cos + _rotate_half(q) * sin, k * cos + _rotate_half(k) * sin


def projection_layout(q, k, cos, sin, unsqueeze_dim: int = 1):
    """The same in the projections' [B, T, heads, D] layout, returned as [B, heads, T, D] views."""
    qt, kt, cos, sin = q.transpose(1, 2), k.transpose(1, 2), cos.unsqueeze(2), sin.unsqueeze(2)
    return ((qt * cos + _rotate_half(qt) * sin).transpose(1, 2),
            (kt * cos + _rotate_half(kt) * sin).transpose(1, 2))


def inputs(b: int, t: int):
    g = torch.Generator(device="cuda").manual_seed(b * 1000 + t)
    q = torch.randn(b, t, HEADS * D, device="cuda", dtype=torch.bfloat16, generator=g)
    k = torch.randn(b, t, KV_HEADS * D, device="cuda", dtype=torch.bfloat16, generator=g)
    cos = torch.randn(b, t, D, device="cuda", dtype=torch.bfloat16, generator=g)
    sin = torch.randn(b, t, D, device="cuda", dtype=torch.bfloat16, generator=g)
    # as Llama's attention hands them over: [B, heads, T, D] views of the projections
    return q.view(b, t, HEADS, D).transpose(1, 2), k.view(b, t, KV_HEADS, D).transpose(1, 2), cos, sin


def timed(fn, args, reps: int) -> float:
    for _ in range(3):
        fn(*args)
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(reps):
        fn(*args)
    end.record()
    torch.cuda.synchronize()
    return start.elapsed_time(end) * 1000 / reps  # microseconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=20)
    args = ap.parse_args()
    ways = {"eager": heads_first, "compiled, heads first": torch.compile(_rotary, dynamic=True),
            "compiled, projection layout": torch.compile(projection_layout, dynamic=True)}
    for b, t in SHAPES:  # every shape through every compiled way first: recompiles are not timed
        for fn in ways.values():
            fn(*inputs(b, t))
    for b, t in SHAPES:
        args_ = inputs(b, t)
        want = heads_first(*args_)
        moved = 2 * 2 * (HEADS + KV_HEADS) * D * b * t + 2 * 2 * D * b * t  # q, k read and written; cos, sin
        cells = []
        for name, fn in ways.items():
            got = fn(*args_)
            # inductor computes in float32 and rounds once, eager rounds each bf16 product: close, not equal
            assert all(torch.allclose(g.float(), w.float(), atol=0.06, rtol=0.02)
                       for g, w in zip(got, want, strict=True)), name
            if name.endswith("layout"):  # the two compiled ways compute the same numbers
                before = ways["compiled, heads first"](*args_)
                assert all(torch.equal(g, w) for g, w in zip(got, before, strict=True)), name
            us = timed(fn, args_, args.reps)
            cells.append(f"{name} {us:7.1f} us ({moved / us / 1e3:6.0f} GB/s)")
        print(f"rows {b:3d} x tokens {t:3d}: " + " | ".join(cells), flush=True)


if __name__ == "__main__":
    main()
