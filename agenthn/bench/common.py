"""Shared benchmark plumbing: timing, the machine's description, JSON + markdown output."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def machine() -> dict:
    import torch

    info = {"platform": platform.platform(), "python": platform.python_version(), "torch": torch.__version__,
            "cpus": os.cpu_count()}
    if torch.cuda.is_available():
        info["gpu"] = torch.cuda.get_device_name(0)
    return info


def timeit(fn: Callable, repeat: int = 5, warmup: int = 1, sync: bool = False) -> dict:
    """Median/min wall seconds of fn() over `repeat` runs after `warmup` runs."""
    import torch

    def once():
        if sync:
            torch.cuda.synchronize()
        t = time.perf_counter()
        fn()
        if sync:
            torch.cuda.synchronize()
        return time.perf_counter() - t

    for _ in range(warmup):
        once()
    times = [once() for _ in range(repeat)]
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": repeat}


def markdown_table(rows: list[dict], columns: list[str]) -> str:
    def fmt(v):
        return f"{v:.4g}" if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(fmt(r.get(c, "")) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def write_json(path: str | Path | None, payload: dict) -> None:
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(payload, indent=2))


def write_lines(path: str | Path | None, lines: list[str]) -> None:
    """A printed table also kept as text (the probes' --out), when a path is given."""
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text("\n".join(lines) + "\n")
        print(f"written {path}")


def plot_target(json_out: str | None, given: str | None, fallback: str, suffix: str = ".png") -> Path | None:
    """Where a benchmark's plot goes: `given` when set ('' = no plot), else next to the JSON with its
    name (results/x.json -> results/x.png, or results/x_accuracy.png for suffix "_accuracy.png"), else
    `fallback`. Plots that sit beside their numbers are the ones people find."""
    if given is not None:
        return Path(given) if given else None
    if json_out:
        p = Path(json_out)
        return p.with_name(p.stem + suffix)
    return Path(fallback)


def english_base(model_name: str) -> bool:
    """Whether a model sits on an English base (smol, gemma...) rather than the tiny world's base: the
    benchmarks then use English data, as `agenthn eval internalize` does."""
    from agenthn.engine.loading import resolve_dir
    from agenthn.model.checkpoint import read_config
    from agenthn.model.config import reads_english

    return reads_english(read_config(resolve_dir(model_name)).get("base_model_id", "agenthn/tiny-base"))


def english_data(model_name: str, data: str = "auto") -> bool:
    """`data` is "english", "tiny" or "auto" (by the model's base)."""
    if data not in ("auto", "english", "tiny"):
        raise ValueError(f"data must be auto, english or tiny, got {data!r}")
    return english_base(model_name) if data == "auto" else data == "english"
