"""Which of smol's linear layers decode faster column-major on this CPU: a probe, not a feature.

A CPU float32 decode step multiplies 1-8 rows by every weight once. MKL's product with a row-major
[out, in] weight (what nn.Linear stores) is not always its fastest: the same values stored as the
contiguous transpose (`w.t().contiguous().t()`, column-major) read faster at one row for some shapes.
This times each group of smol's 211 decode-step weights both ways at 1 and 8 rows (distinct weights,
so each is read from memory as in a step) and prints the medians; `engine/loading.COLUMN_MAJOR` keeps
those that are faster at one row and no slower at eight.

    python scripts/probe_layouts.py [--out results/layouts_cpu.txt]
"""

from __future__ import annotations

import argparse
import os
import time

import torch

from agenthn.bench.common import write_lines

GROUPS = {"q_proj, o_proj (576 x 576)": (576, 576, 60), "k_proj, v_proj (192 x 576)": (192, 576, 60),
          "gate_proj, up_proj (1536 x 576)": (1536, 576, 60), "down_proj (576 x 1536)": (576, 1536, 30),
          "lm_head (49152 x 576)": (49152, 576, 1)}


def median_ms(weights: list[torch.Tensor], x: torch.Tensor, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        for w in weights:
            torch.nn.functional.linear(x, w)
        times.append(time.perf_counter() - t)
    return 1000 * sorted(times)[repeat // 2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=15, help="passes per cell (the median is printed)")
    ap.add_argument("--out", help="also write the table here")
    args = ap.parse_args()
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    lines = [f"smol's decode-step weights, F.linear, median of {args.repeat} passes (ms), "
             f"{torch.get_num_threads()} threads",
             "| weights | 1 row: row-major | 1 row: column-major | 8 rows: row-major "
             "| 8 rows: column-major |",
             "| --- | --- | --- | --- | --- |"]
    print("\n".join(lines))
    for name, (d_out, d_in, n) in GROUPS.items():
        rows_major = [torch.randn(d_out, d_in) for _ in range(n)]
        cols_major = [w.t().contiguous().t() for w in rows_major]
        cells = []
        for rows in (1, 8):
            x = torch.randn(rows, d_in)
            cells += [median_ms(rows_major, x, args.repeat), median_ms(cols_major, x, args.repeat)]
        lines.append(f"| {name} | " + " | ".join(f"{c:.2f}" for c in cells) + " |")
        print(lines[-1], flush=True)
    write_lines(args.out, lines)


if __name__ == "__main__":
    main()
