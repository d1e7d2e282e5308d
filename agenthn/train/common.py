"""Training plumbing shared by both stages: processes, schedule, checkpoints, metrics, plots.

Data parallelism is plain DDP. `torchrun` sets RANK/WORLD_SIZE/LOCAL_RANK; without them the run is a
single process. The backend is nccl on GPUs and gloo on CPUs. Losses are normalised by the GLOBAL
number of target tokens, so the summed gradient is identical for any world size.

A run directory holds `ckpt.pt` (latest training state, written atomically), `metrics.jsonl` (one
line per log interval) and `loss.png`.
"""

from __future__ import annotations

import json
import logging
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.distributed as dist

from agenthn.engine.features import to_device

log = logging.getLogger(__name__)


@dataclass
class Dist:
    rank: int = 0
    world: int = 1
    local_rank: int = 0
    device: torch.device = torch.device("cpu")

    @property
    def main(self) -> bool:
        return self.rank == 0


def setup_dist(device: str | None = None) -> Dist:
    """Join the process group when launched by torchrun; pick this process's device."""
    want = device or ("cuda" if torch.cuda.is_available() else "cpu")
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank, local = int(os.environ.get("RANK", "0")), int(os.environ.get("LOCAL_RANK", "0"))
    if want == "cuda":
        torch.cuda.set_device(local)
        dev = torch.device("cuda", local)
    else:
        dev = torch.device("cpu")
    if world > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if dev.type == "cuda" else "gloo")
    return Dist(rank, world, local, dev)


def teardown_dist() -> None:
    if dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


def all_sum(x: float, d: Dist) -> float:
    return all_sums([x], d)[0]


def all_sums(xs: list[float], d: Dist) -> list[float]:
    """Several sums over processes in one all-reduce (each a sync with the device)."""
    if d.world == 1:
        return [float(x) for x in xs]
    t = torch.tensor([float(x) for x in xs], dtype=torch.float64, device=d.device)
    dist.all_reduce(t)
    return t.tolist()


def device_sums(xs: list[float], d: Dist) -> torch.Tensor:
    """Several sums over processes as one tensor on this process's device, never read on the host
    (a training step divides by them without waiting for the GPU; NCCL's all-reduce is queued)."""
    t = to_device(torch.tensor([float(x) for x in xs], dtype=torch.float32), d.device)
    if d.world > 1:
        dist.all_reduce(t)
    return t


def all_min(x: float, d: Dist) -> float:
    if d.world == 1:
        return float(x)
    t = torch.tensor([float(x)], dtype=torch.float64, device=d.device)
    dist.all_reduce(t, op=dist.ReduceOp.MIN)
    return float(t.item())


def wrap_ddp(module: torch.nn.Module, d: Dist) -> torch.nn.Module:
    if d.world == 1:
        return module
    from torch.nn.parallel import DistributedDataParallel as DDP

    return DDP(module, device_ids=[d.local_rank] if d.device.type == "cuda" else None)


def average_grads(module: torch.nn.Module, d: Dist) -> None:
    """Mean of every gradient over processes, in one flat all-reduce. The hypernetwork trainer uses
    this instead of DDP: one step runs the hypernetwork once per group of chunks before a single
    backward, and DDP's hooks expect one forward per backward."""
    if d.world == 1:
        return
    params = list(module.parameters())
    for p in params:  # a parameter unused on this process still takes part, with a zero gradient
        if p.grad is None:
            p.grad = torch.zeros_like(p)
    grads = [p.grad for p in params]
    flat = torch._utils._flatten_dense_tensors(grads)
    dist.all_reduce(flat)
    flat /= d.world
    for g, mean in zip(grads, torch._utils._unflatten_dense_tensors(flat, grads), strict=True):
        g.copy_(mean)


def lr_at(step: int, total: int, peak: float, warmup: int, min_frac: float) -> float:
    """Linear warm-up, then cosine decay to min_frac * peak."""
    if step < warmup:
        return peak * (step + 1) / warmup
    t = min(1.0, (step - warmup) / max(1, total - warmup))
    return peak * (min_frac + (1 - min_frac) * 0.5 * (1 + math.cos(math.pi * t)))


def fast_attention() -> None:
    """Training shapes change every step; cuDNN's SDPA backend builds a plan per new shape (about
    20 ms of CPU each, measured), so use the flash / memory-efficient kernels instead."""
    if torch.cuda.is_available():
        torch.backends.cuda.enable_cudnn_sdp(False)


# A compiled function keeps one compiled variant per grad mode, input dtype, requires-grad, inference
# tensor or batch of one (a packed pass) it meets, and past PyTorch's default limit of 8 a call runs
# eager. A training step's base norms alone reached variant 8 (session 38's loop profile: "Torch-Compiled
# Region 0/7"); with the hypernetwork's norms (float32, trained) compiled through the same function the
# loop's compiled calls fell (351 -> 276 over three profiled steps) and its eager kernel launches rose
# (10,011 -> 14,544). Each variant compiles once, at its first call.
COMPILED_VARIANTS = 64


def _allow_variants() -> None:
    """Raise Dynamo's per-function variant limit (process-wide) to COMPILED_VARIANTS."""
    cfg = torch._dynamo.config
    name = "recompile_limit" if hasattr(cfg, "recompile_limit") else "cache_size_limit"
    setattr(cfg, name, max(getattr(cfg, name), COMPILED_VARIANTS))


def _rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
    """Llama/SmolLM's RMSNorm step for step (normalised in float32, cast back before the weight), so
    the compiled kernel computes what the eager module does."""
    x32 = x.to(torch.float32)
    x32 = x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + eps)
    return weight * x32.to(x.dtype)


def compile_norms(model: torch.nn.Module, backend: str = "inductor") -> int:
    """Route every RMSNorm of a Hugging Face Llama-family model through one `torch.compile`d function.
    A training step runs the base 4-6 times (features, student forward and backward, teacher,
    retention) with 61 norms each, and each eager norm is 6-8 small kernels (upcast, square, mean,
    rsqrt, two multiplies, downcast): the profile's largest elementwise cost. One shared function with
    the weight and epsilon as arguments compiles once for every norm, with dynamic sequence lengths.
    Only norms with Llama's `variance_epsilon` are routed (Gemma's `(1 + w)` norms keep their own), and
    the hypernetwork's own (`agenthn.model.perceiver.RMSNorm`, the same formula, its weight trained
    through the compiled function). Returns how many norms were routed."""
    from agenthn.model.perceiver import RMSNorm

    _allow_variants()
    fn = torch.compile(_rms_norm, dynamic=True, backend=backend)
    n = 0
    for mod in model.modules():
        if isinstance(mod, RMSNorm):
            mod.forward = lambda x, m=mod: fn(x, m.weight, m.eps)
        elif type(mod).__name__.endswith("RMSNorm") and hasattr(mod, "variance_epsilon"):
            mod.forward = lambda x, m=mod: fn(x, m.weight, m.variance_epsilon)
        else:
            continue
        n += 1
    return n


def _silu_mul(gate: torch.Tensor, up: torch.Tensor) -> torch.Tensor:
    return torch.nn.functional.silu(gate) * up


def _rotate_half(x: torch.Tensor) -> torch.Tensor:
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def _rotary(q, k, cos, sin, unsqueeze_dim: int = 1):
    """Llama's `apply_rotary_pos_emb` step for step (the compiled kernel computes what it does)."""
    cos, sin = cos.unsqueeze(unsqueeze_dim), sin.unsqueeze(unsqueeze_dim)
    return q * cos + _rotate_half(q) * sin, k * cos + _rotate_half(k) * sin


def compile_mlp_rotary(model: torch.nn.Module, backend: str = "inductor") -> tuple[int, int]:
    """Fuse the other elementwise chains of a Llama-family base, as `compile_norms` does the norms:
    each MLP's `silu(gate) * up` (three kernels forward, more backward) and the rotary embedding of
    queries and keys (two slices, a negation, a cat, four multiplies and two adds per layer and pass;
    the step profile's `cat` and much of its `mul`). The MLP keeps calling its `down_proj` module, so
    the LoRA hooks fire as before. The rotary function is looked up in the attention class's module
    at call time, so it is replaced there: process-wide for that model family (a trainer process).
    Returns (MLPs routed, attention modules whose rotary function was replaced)."""
    _allow_variants()
    act = torch.compile(_silu_mul, dynamic=True, backend=backend)
    rot = torch.compile(_rotary, dynamic=True, backend=backend)
    n_mlp, attns, linears = 0, [], ("gate_proj", "up_proj", "down_proj")
    for mod in model.modules():
        if type(getattr(mod, "act_fn", None)).__name__ in ("SiLUActivation", "SiLU") and all(
                isinstance(getattr(mod, k, None), torch.nn.Linear) for k in linears):
            mod.forward = lambda x, m=mod: m.down_proj(act(m.gate_proj(x), m.up_proj(x)))
            n_mlp += 1
        family = sys.modules.get(type(mod).__module__)
        if type(mod).__name__.endswith("Attention") and hasattr(family, "apply_rotary_pos_emb"):
            attns.append(family)
    for family in set(attns):
        family.apply_rotary_pos_emb = rot
    return n_mlp, len(attns)


def autocast(d: Dist):
    """bf16 autocast on GPUs; fp32 on CPUs (CPU bf16 is slow and changes the numbers tests compare)."""
    return torch.autocast("cuda", dtype=torch.bfloat16, enabled=d.device.type == "cuda")


# ---- checkpoints ------------------------------------------------------------------------------
def save_state(run_dir: Path, step: int, module: torch.nn.Module, opt: torch.optim.Optimizer,
               extra: dict) -> None:
    path = run_dir / "ckpt.pt"
    tmp = run_dir / "ckpt.pt.tmp"
    torch.save({"step": step, "model": module.state_dict(), "opt": opt.state_dict(), "extra": extra}, tmp)
    os.replace(tmp, path)


def load_state(run_dir: Path, module: torch.nn.Module, opt: torch.optim.Optimizer, device) -> int:
    """Restore the latest state; returns the next step to run (0 when there is no checkpoint)."""
    path = run_dir / "ckpt.pt"
    if not path.is_file():
        log.info("no checkpoint in %s: starting at step 0", run_dir)
        return 0
    state = torch.load(path, map_location=device, weights_only=True)
    module.load_state_dict(state["model"])
    opt.load_state_dict(state["opt"])
    log.info("resumed from %s at step %d", path, state["step"])
    return int(state["step"])


# ---- metrics ----------------------------------------------------------------------------------
class Metrics:
    """Append-only metrics.jsonl; a resumed run first drops lines past its resume step (a line for
    step N covers steps up to N, all done before the checkpoint at N, so it stays)."""

    def __init__(self, run_dir: Path, start_step: int, enabled: bool):
        self.path = run_dir / "metrics.jsonl"
        self.enabled = enabled
        if enabled and self.path.is_file():
            keep = [ln for ln in self.path.read_text().splitlines()
                    if ln and json.loads(ln)["step"] <= start_step]
            self.path.write_text("".join(ln + "\n" for ln in keep))

    def write(self, row: dict) -> None:
        if self.enabled:
            with self.path.open("a") as f:
                f.write(json.dumps(row) + "\n")


def read_metrics(run_dir: str | Path) -> list[dict]:
    p = Path(run_dir) / "metrics.jsonl"
    return [json.loads(ln) for ln in p.read_text().splitlines() if ln] if p.is_file() else []


def plot_losses(run_dir: Path, keys: list[str], title: str, marks: list[int] = (),
                xlabel: str = "step") -> Path:
    """loss.png: every requested metric against the step (log scale when it spans more than 10x, or
    the first steps' values flatten the rest); `marks` draws dotted vertical lines at those steps."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = read_metrics(run_dir)
    fig, axes = plt.subplots(1, len(keys), figsize=(5 * len(keys), 3.6), squeeze=False)
    for ax, key in zip(axes[0], keys, strict=True):
        pts = [(r["step"], r[key]) for r in rows if r.get(key) is not None]
        if pts:
            ax.plot(*zip(*pts, strict=True))
            vals = [v for _, v in pts if v > 0]
            if vals and max(vals) / min(vals) > 10:
                ax.set_yscale("log")
        for s in marks:
            ax.axvline(s, color="grey", ls=":", lw=1)
        ax.set_title(key)
        ax.set_xlabel(xlabel)
        ax.grid(alpha=0.3)
    fig.suptitle(title)
    fig.tight_layout()
    out = run_dir / "loss.png"
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


class Clock:
    """Wall-time guard: a run stops (after saving) before an outer time limit kills it."""

    def __init__(self, limit_s: float | None, fit: bool = True):
        self.t0 = time.time()
        self.limit_s = limit_s
        self.fit = fit  # False: keep the planned schedule and stop at the limit (to resume in a later call)

    def elapsed(self) -> float:
        return time.time() - self.t0

    def out_of_time(self) -> bool:
        return self.limit_s is not None and self.elapsed() > self.limit_s

    def fit_steps(self, total: int, step: int, t_step0: float, step0: int, d: Dist) -> int:
        """With a time limit, shrink the planned steps (once, after measuring the step rate) so the
        learning-rate schedule ends inside the limit instead of being cut off mid-decay. The chosen
        number is logged; `--set STAGE.steps=N` without a limit reproduces the run."""
        if self.limit_s is None or not self.fit:
            return total
        rate = (time.time() - t_step0) / max(1, step - step0)
        fit = step + int((self.limit_s - self.elapsed()) / rate * 0.97)
        new = int(all_min(min(total, fit), d))
        if new < total:
            log.warning("time limit %.0fs: %.3fs/step, planned steps cut from %d to %d", self.limit_s, rate,
                        total, new)
        return new


class Schedule:
    """The step loop's shared decisions, so both stages run the same schedule: which steps to run,
    the learning rate of each, when to fit the planned steps to a time limit, and when to log, save
    and stop. `cfg` is a stage preset (steps, lr, warmup, min_lr_frac, log_every, ckpt_every, stop_at);
    `bar` (optional) is the tqdm bar whose total follows the fitted steps."""

    MEASURE_FROM = 30  # steps after start: warm-up (CUDA kernels, allocator, caches) is over by then
    FIT_AT = 130  # steps after start: 100 measured steps give the step rate

    def __init__(self, clock: Clock, cfg, start: int, d: Dist, bar=None):
        self.clock, self.cfg, self.start, self.d, self.bar = clock, cfg, start, d, bar
        self.total = cfg.steps  # planned steps; a time limit may shrink it once (never grows)
        self.t0 = time.time()
        self.why = ""  # why should_stop said stop: "time limit reached" or "stop_at reached"

    def steps(self):
        """start, start + 1, ... while below the planned total (read afresh: a fit may shrink it)."""
        step = self.start
        while step < self.total:
            yield step
            step += 1

    def lr(self, step: int, opt: torch.optim.Optimizer) -> float:
        """Set this step's learning rate on every param group (after fitting the steps when due)."""
        if step == self.start + self.MEASURE_FROM:
            self.t0 = time.time()
        if step == self.start + self.FIT_AT:
            self.total = self.clock.fit_steps(self.total, step, self.t0, self.start + self.MEASURE_FROM,
                                              self.d)
            if self.bar is not None:
                self.bar.total = self.total
        c = self.cfg
        lr = lr_at(step, self.total, c.lr, c.warmup, c.min_lr_frac)
        for g in opt.param_groups:
            g["lr"] = lr * g.get("lr_mult", 1.0)
        return lr

    def should_log(self, step: int) -> bool:
        return (step + 1) % self.cfg.log_every == 0 or step + 1 == self.total

    STOP_EVERY = 10  # with several processes, the time limit is agreed on every this many steps

    def should_stop(self, done: int) -> bool:
        """Out of time on any process (summed, so all stop at the same step), or `stop_at` steps done
        (mid-schedule: the learning rate keeps the whole run's curve, so --resume continues it). With
        several processes the clocks are compared every STOP_EVERY steps: each comparison makes every
        process wait for its GPU."""
        ask = self.d.world == 1 or done % self.STOP_EVERY == 0
        late = ask and all_sum(float(self.clock.out_of_time()), self.d) > 0
        self.why = "time limit reached" if late else "stop_at reached" if done == self.cfg.stop_at else ""
        return bool(self.why)

    def should_save(self, step: int, stop: bool) -> bool:
        """Rank 0 saves every ckpt_every steps, at the last step, and before stopping."""
        n = step + 1
        return self.d.main and (n % self.cfg.ckpt_every == 0 or n == self.total or stop)
