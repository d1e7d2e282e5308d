"""Where `agenthn train hypernet` itself spends its time: the whole training loop, not one step alone.

`scripts/profile_hypernet_step.py` times the step outside the loop (session 37: 440-458 documents/s
with the real weights) while training logs 371 for the same recipe; this runs the training command in
this process and watches it from a hook on the optimiser's step (PyTorch's global step post-hook), so
the loop is timed as it is, logging, retention draws and time-limit checks included. Prints:
  1. the interval between optimiser steps (median over the steady steps) as documents/s, beside the
     documents/s the run logged;
  2. over the --profile steps: wall time, GPU kernel time and busy share, the longest GPU idle gaps,
     the host's top operators by their own CPU time;
  3. over the --syncs steps: every place the host waited for the GPU, by the innermost project line.

    python scripts/profile_training.py [--profile 60:63] [--syncs 70:72] -- train hypernet ...
    python scripts/profile_training.py --toggle hyper-norms --profile 0:0 --syncs 0:0 -- train hypernet ...
    python scripts/profile_training.py --toggle teacher --profile 0:0 --syncs 0:0 -- train hypernet ...
    python scripts/profile_training.py --toggle perceiver --profile 0:0 --syncs 0:0 -- train hypernet ...

--toggle times a speed-up inside one run: off and on in blocks of steps, A B B A ..., so the machine's
drift during the run (sessions 37-38 saw 20-40% within a call) weighs on both ways alike.

The arguments after `--` are `agenthn`'s own (the run's --out is where its metrics.jsonl is read).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import json
import statistics
import time
import traceback
import warnings
from collections import defaultdict
from pathlib import Path

import torch
from torch.optim.optimizer import register_optimizer_step_post_hook

from agenthn.cli.main import main as agenthn_main

GPU = torch.cuda.is_available()  # on a CPU (a smoke test) the profile is of host time and no sync is listed


def steps(text: str) -> range:
    a, b = (int(x) for x in text.split(":"))
    return range(a, b)


def toggles(what: str):
    """`set_mode(on)` for one of the step's speed-ups, switched while the run trains: `hyper-norms`
    (the hypernetwork's RMSNorms through their compiled function or their own eager forward; the run
    must compile them, as the smol preset does), `encoder-mask` (the encoder's passes unmasked or
    through transformers' mask path), `teacher` (the step without its distillation pass, the base
    reading each document for each question: the recipe's largest forward, none of its gradients;
    while on, those steps train on cross-entropy and retention alone) or `retention-half` (half the
    step's retention rows) or `perceiver` (the hypernetwork's whole Perceiver forward through one
    `torch.compile`, dynamic shapes, against its eager forward with only its norms compiled; session 43)
    or `compiled-layers` (packed passes through the written-out decoder layer, compiled once,
    `agenthn.train.fastpass`, against the model's modules; session 44)."""
    if what == "perceiver":
        return _perceiver_toggle()
    if what == "compiled-layers":
        return _compiled_layers_toggle()
    if what == "teacher":
        return _host_step_toggle(lambda keep, hp: (keep, dataclasses.replace(hp, kd_coef=0.0)))
    if what == "retention-half":
        return _host_step_toggle(lambda keep, hp: (keep[: len(keep) // 2], hp))
    if what == "encoder-mask":
        from agenthn.engine import d2l

        switch = d2l.unmasked_attention

        def set_mode(on: bool) -> None:
            d2l.unmasked_attention = switch if on else (lambda model: contextlib.nullcontext())
        return set_mode
    if what != "hyper-norms":
        raise SystemExit(f"--toggle {what!r}: expected hyper-norms, encoder-mask, teacher, "
                         "retention-half, perceiver or compiled-layers")
    from agenthn.model.perceiver import RMSNorm

    return _forward_toggle(
        lambda: {m: vars(m)["forward"] for m in gc.get_objects() if _compiled_norm(m, RMSNorm)},
        "--toggle hyper-norms: no compiled hypernetwork norm found (is hyper.compile_hyper_norms on?)")


def _perceiver_toggle():
    """`set_mode` that routes every live Perceiver's forward through one compiled function (compiled at
    its first use, inside the first block that has it on) or back to its own eager forward."""
    from agenthn.model.perceiver import Perceiver

    return _forward_toggle(
        lambda: {m: torch.compile(m.forward, dynamic=True) for m in gc.get_objects() if _live(m, Perceiver)},
        "--toggle perceiver: no Perceiver found")


def _compiled_layers_toggle():
    """`set_mode` that gives the run's base its compiled decoder layer (compiled at its first use) or
    takes it away (packed passes then go through the model's modules)."""
    from agenthn.engine.d2l import D2LModel
    from agenthn.train import fastpass

    bases: list = []

    def set_mode(on: bool) -> None:
        if not bases:
            bases.extend({id(m.base): m.base for m in gc.get_objects() if _live(m, D2LModel)}.values())
            if not bases:
                raise SystemExit("--toggle compiled-layers: no engine found")
        for base in bases:
            if on:
                fastpass.install(base)
            else:
                fastpass.uninstall(base)
    return set_mode


def _forward_toggle(find, missing: str):
    """`set_mode` that gives each module `find()` returns ({module: forward}, looked up at the first
    switch, once the run has built its hypernetwork) that forward while on, its own while off."""
    found: dict = {}

    def set_mode(on: bool) -> None:
        if not found:
            found.update(find())
            if not found:
                raise SystemExit(missing)
        for m, fwd in found.items():
            if on:
                m.forward = fwd
            else:
                vars(m).pop("forward", None)
    return set_mode


def _live(obj, kind) -> bool:
    """isinstance, where a dead weak proxy among the collector's objects (ReferenceError on any look)
    is none."""
    try:
        return isinstance(obj, kind)
    except ReferenceError:
        return False


def _host_step_toggle(change):
    """`set_mode` that, while on, hands each step's host work `change(keep, hp)`'s retention rows and
    preset instead of the run's own."""
    from agenthn.train import passes

    host_step = passes.host_step

    def set_mode(on: bool) -> None:
        passes.host_step = host_step if not on else (
            lambda engine, rows, keep, hp, cache: host_step(engine, rows, *change(keep, hp), cache))
    return set_mode


def _compiled_norm(obj, norm_type) -> bool:
    """Whether a live object is a norm routed through a compiled forward."""
    return _live(obj, norm_type) and "forward" in vars(obj)


class Blocks:
    """From step `first` on, blocks of `every` steps with a speed-up on and off in the order A B B A A
    B B A ..., so a machine that drifts during the run weighs on both alike; each block's documents/s
    from the step times."""

    def __init__(self, set_mode, first: int, every: int):
        self.set_mode, self.first, self.every = set_mode, first, every
        self.blocks: list[tuple[bool, int]] = []  # (on, first step's index into the step times)

    def at(self, done: int) -> None:
        k, r = divmod(done - self.first, self.every)
        if done >= self.first and r == 0:
            on = k % 4 in (1, 2)  # off, on, on, off, ...
            self.set_mode(on)
            self.blocks.append((on, done))

    def report(self, times: list[float], batch: int) -> None:
        rates: dict[bool, list[float]] = {False: [], True: []}
        for on, start in self.blocks:
            end = start + self.every
            if end <= len(times):
                rates[on].append(batch * self.every / (times[end - 1] - times[start - 1]))
        off, on = (statistics.median(rates[x]) if rates[x] else float("nan") for x in (False, True))
        print(f"blocks of {self.every} steps: off {off:.0f} documents/s (median of {len(rates[False])}), "
              f"on {on:.0f} (median of {len(rates[True])}), on/off {on / off:.3f}")
        print("  off: " + " ".join(f"{r:.0f}" for r in rates[False]))
        print("  on:  " + " ".join(f"{r:.0f}" for r in rates[True]))


class Watch:
    """The optimiser-step hook: times every step and runs the profiler / the sync check over ranges."""

    def __init__(self, profiled: range, synced: range, blocks: Blocks | None = None):
        self.profiled, self.synced, self.blocks = profiled, synced, blocks
        self.times: list[float] = []
        self.prof = None
        self.where: dict[str, int] = defaultdict(int)
        self.shown = warnings.showwarning

    def __call__(self, opt, args, kwargs) -> None:
        self.times.append(time.perf_counter())
        done = len(self.times)  # steps finished; the next one to run is number `done`
        if self.blocks is not None:
            self.blocks.at(done)
        if done == self.profiled.start:
            self.prof = start_profiler()
        if self.prof is not None and done == self.profiled.stop:
            if GPU:
                torch.cuda.synchronize()
            self.prof.__exit__(None, None, None)
            self.window = (self.times[self.profiled.start - 1], self.times[-1])
        if done == self.synced.start and GPU:
            self.filters = warnings.filters[:]
            warnings.showwarning = self.note
            warnings.simplefilter("always")
            torch.cuda.set_sync_debug_mode("warn")
        if done == self.synced.stop and GPU:
            torch.cuda.set_sync_debug_mode(0)
            warnings.showwarning, warnings.filters[:] = self.shown, self.filters

    def note(self, message, category, filename, lineno, file=None, line=None) -> None:
        ours = [f for f in traceback.extract_stack()[:-1] if "/agenthn/" in f.filename]
        at = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
        self.where[f"{at} <- {Path(filename).name}:{lineno}"] += 1

    def untouched(self, first: int) -> list[float]:
        """Step intervals from step `first` on, leaving out the profiled and sync-checked steps."""
        skip = set(self.profiled) | set(self.synced) | {self.profiled.stop, self.synced.stop}
        return [b - a for i, (a, b) in enumerate(zip(self.times, self.times[1:], strict=False), start=1)
                if i >= first and i not in skip]


def start_profiler():
    from torch.profiler import ProfilerActivity, profile

    prof = profile(activities=[ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if GPU else []))
    prof.__enter__()
    return prof


def gaps(kernels: list, top: int = 8) -> tuple[float, list[tuple[float, float]]]:
    """GPU busy time (the union of kernel intervals, us) and the longest idle gaps (start, length)."""
    spans = sorted((e.time_range.start, e.time_range.end) for e in kernels)
    busy, idle, end = 0.0, [], spans[0][0]
    for s, e in spans:
        if s > end:
            idle.append((end, s - end))
        busy += max(0.0, e - max(s, end))
        end = max(end, e)
    return busy, sorted(idle, key=lambda g: -g[1])[:top]


def report_profile(w: Watch, batch: int) -> None:
    from torch.autograd import DeviceType

    events = w.prof.events()
    kern = [e for e in events if e.device_type == DeviceType.CUDA]
    kern = kern or [e for e in events if e.cpu_parent is None]  # a CPU smoke test: the top operators
    wall = w.window[1] - w.window[0]
    n = len(w.profiled)
    busy, idle = gaps(kern)
    print(f"profiled steps {w.profiled.start}-{w.profiled.stop - 1}: wall {wall:.2f} s "
          f"({batch * n / wall:.0f} documents/s), GPU busy {busy / 1e6:.2f} s "
          f"({100 * busy / 1e6 / wall:.0f}%), {len(kern)} kernel launches")
    t0 = min(e.time_range.start for e in events)
    cpu = [e for e in events if e.device_type == DeviceType.CPU]
    for start, length in idle:
        during = [e.name for e in cpu if e.time_range.start <= start + length and e.time_range.end >= start
                  and e.cpu_parent is None]
        print(f"  GPU idle {length / 1e3:7.1f} ms at +{(start - t0) / 1e3:7.1f} ms; host in: "
              f"{', '.join(dict.fromkeys(during)) or '(Python, no operator)'}")
    print(w.prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=20, max_name_column_width=50))
    if GPU:  # and where the GPU's own time goes (session 47: the host no longer sets the pace alone)
        print(w.prof.key_averages().table(sort_by="self_device_time_total", row_limit=20,
                                          max_name_column_width=60))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--profile", type=steps, default=range(60, 63), metavar="A:B",
                    help="steps A..B-1 under the torch profiler (default 60:63)")
    ap.add_argument("--syncs", type=steps, default=range(70, 72), metavar="A:B",
                    help="steps A..B-1 with CUDA's sync debug mode on (default 70:72)")
    ap.add_argument("--steady", type=int, default=30, help="step intervals counted from this step on")
    ap.add_argument("--toggle", choices=("hyper-norms", "encoder-mask", "teacher", "retention-half",
                                         "perceiver", "compiled-layers"),
                    default=None,
                    help="switch this speed-up off and on in blocks of --every steps (A B B A ...) from "
                         "--steady on and print each way's documents/s (use with --profile 0:0 --syncs 0:0)")
    ap.add_argument("--every", type=int, default=10, help="steps per --toggle block")
    ap.add_argument("train", nargs=argparse.REMAINDER,
                    help="-- then agenthn's arguments (train hypernet ...)")
    args = ap.parse_args()
    train = args.train[1:] if args.train[:1] == ["--"] else args.train
    blocks = Blocks(toggles(args.toggle), args.steady, args.every) if args.toggle else None
    w = Watch(args.profile, args.syncs, blocks)
    handle = register_optimizer_step_post_hook(w)
    try:
        agenthn_main(train)
    finally:
        handle.remove()
    run = Path(train[train.index("--out") + 1])
    batch = json.loads((run / "train_summary.json").read_text())["hp"]["batch"]
    logged = [json.loads(line)["docs_per_s"] for line in (run / "metrics.jsonl").read_text().splitlines()]
    dt = w.untouched(args.steady)
    if not dt:
        raise SystemExit(f"{len(w.times)} steps ran, none after step {args.steady}: give the run a longer "
                         "--time-limit (data and compilation come first)")
    med = statistics.median(dt)
    print(f"{len(w.times)} steps; interval median {med:.3f} s over {len(dt)} steady steps = "
          f"{batch / med:.0f} documents/s (min {batch / max(dt):.0f}, max {batch / min(dt):.0f}); "
          f"logged median {statistics.median(logged):.0f} documents/s over {len(logged)} log rows")
    if blocks is not None:
        blocks.report(w.times, batch)
    if w.prof is not None and hasattr(w, "window"):
        report_profile(w, batch)
    print(f"host-device syncs over steps {w.synced.start}-{w.synced.stop - 1}: {sum(w.where.values())}")
    for k, v in sorted(w.where.items(), key=lambda kv: -kv[1]):
        print(f"  {v:4d}  {k}")


if __name__ == "__main__":
    main()
