"""Why `agenthn/__init__.py` sets OMP_WAIT_POLICY: a probe, not a feature.

smol's decode step is ~240 OpenMP parallel regions (its matrix products) with Python in between. On
Linux PyTorch's OpenMP is libgomp, whose idle workers spin before they sleep, but only ~100 times once
more threads use OpenMP than there are cores. A server always has more: the thread that loaded the
model keeps its team while the decode thread runs its own. This times smol's 211 decode-step matrix
shapes at 8 rows, on the main thread and then on a second thread while the main thread's team lives,
under libgomp's default and under agenthn's setting, each in a fresh process (libgomp reads the
variables once, when torch loads).

    python scripts/probe_omp_threads.py [--rows 8] [--out results/omp_threads_cpu.txt]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from agenthn.bench.common import write_lines

# GOMP_SPINCOUNT=300000 alone is libgomp's own default spelled out (and keeps agenthn from setting any)
SETTINGS = {"libgomp default": {"GOMP_SPINCOUNT": "300000"},
            "agenthn (OMP_WAIT_POLICY=ACTIVE, GOMP_SPINCOUNT=300000)": {"OMP_WAIT_POLICY": "ACTIVE",
                                                                        "GOMP_SPINCOUNT": "300000"}}

CHILD = r"""
import threading, time, torch
rows = int(__import__("sys").argv[1])
torch.set_num_threads(2)
# smol's linear layers: q, k, v, o, gate, up, down for 30 layers, then the output head
shapes = [(576, 576), (192, 576), (192, 576), (576, 576), (1536, 576), (1536, 576), (576, 1536)] * 30
weights = [torch.randn(o, i) for o, i in shapes] + [torch.randn(49152, 576)]
inputs = {i: torch.randn(rows, i) for i in (576, 1536)}

def step_ms(out, key):
    times = []
    for _ in range(15):
        t = time.perf_counter()
        for w in weights:
            inputs[w.shape[1]] @ w.T
        times.append(time.perf_counter() - t)
    out[key] = 1000 * sorted(times)[7]

out = {}
step_ms(out, "main thread")
t = threading.Thread(target=step_ms, args=(out, "second thread")); t.start(); t.join()
print(out["main thread"], out["second thread"])
"""


def measure(env: dict, rows: int) -> tuple[float, float]:
    clean = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}
    done = subprocess.run([sys.executable, "-c", CHILD, str(rows)], env=clean | env, check=True,
                          capture_output=True, text=True)
    main, second = done.stdout.split()
    return float(main), float(second)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=8, help="rows of each product (users decoding together)")
    ap.add_argument("--repeat", type=int, default=2, help="fresh processes per setting, alternating")
    ap.add_argument("--out", help="also write the table here")
    args = ap.parse_args()
    title = f"smol's 211 decode-step products at {args.rows} rows, median of 15 (ms); {os.cpu_count()} cores"
    lines = [title,
             "| setting | main thread | second thread, main's team alive |", "| --- | --- | --- |"]
    for r in range(args.repeat):
        for label, env in SETTINGS.items():
            main_ms, second_ms = measure(env, args.rows)
            lines.append(f"| {label} (run {r + 1}) | {main_ms:.1f} | {second_ms:.1f} |")
            print(lines[-1], flush=True)
    write_lines(args.out, lines)


if __name__ == "__main__":
    main()
