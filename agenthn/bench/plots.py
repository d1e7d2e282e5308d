"""PNG plots for the memory benchmarks (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def pyplot():
    """matplotlib.pyplot on the Agg backend (files only, no display), imported on first use."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def lines(path: str | Path, series: dict[str, list[tuple[float, float | None]]], xlabel: str, ylabel: str,
          title: str, logx: bool = True, logy: bool = False, note: str = "",
          ylim: tuple[float, float | None] | None = None, dashed: tuple[str, ...] = ()) -> Path:
    """One line per series (names in `dashed` drawn dashed); a None y (e.g. "does not fit") leaves a gap
    and is marked with an x on the axis."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8.5, 4.5))
    for name, pts in series.items():
        xs = [x for x, _ in pts]
        ys = [float("nan") if y is None else y for _, y in pts]
        (line,) = ax.plot(xs, ys, marker="o", label=name, linestyle="--" if name in dashed else "-")
        missing = [x for x, y in pts if y is None]
        if missing:
            ax.plot(missing, [0] * len(missing), "x", color=line.get_color(), markersize=9, clip_on=False)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    if logx:
        ax.set_xscale("log")
        xs = sorted({x for pts in series.values() for x, _ in pts})
        ax.set_xticks(xs, [str(int(x)) for x in xs])
        ax.set_xticks([], minor=True)  # log-scale minor labels (2x10^3, ...) overprint the real ones
    if logy:
        ax.set_yscale("symlog", linthresh=1)
    if ylim:
        ax.set_ylim(*ylim)
    elif logy:
        ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    if note:  # under the axes, where it cannot cover data
        fig.text(0.01, 0.01, note, fontsize=8, va="bottom")
    return _save(fig, path, bottom=0.05 if note else 0.0)


def heatmap(path: str | Path, values: list[list[float | None]], rows: list[str], cols: list[str], title: str,
            xlabel: str, ylabel: str) -> Path:
    plt = pyplot()
    import numpy as np

    arr = np.array([[np.nan if v is None else v for v in r] for r in values], float)
    fig, ax = plt.subplots(figsize=(1 + 0.7 * len(cols), 1 + 0.5 * len(rows)))
    im = ax.imshow(arr, vmin=0, vmax=1, cmap="viridis", aspect="auto")
    ax.set_xticks(range(len(cols)), cols)
    ax.set_yticks(range(len(rows)), rows)
    for i in range(arr.shape[0]):
        for j in range(arr.shape[1]):
            if not np.isnan(arr[i, j]):
                ax.text(j, i, f"{arr[i, j]:.2f}", ha="center", va="center", fontsize=7,
                        color="white" if arr[i, j] < 0.5 else "black")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    fig.colorbar(im, ax=ax, fraction=0.046)
    return _save(fig, path)


def named(prefix: Path, what: str) -> Path:
    """PREFIX_what.png: a benchmark's several plots share its JSON's name (results/niah_x_accuracy.png)."""
    return prefix.with_name(f"{prefix.name}_{what}.png")


def _save(fig, path, bottom: float = 0.0) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout(rect=(0, bottom, 1, 1))
    fig.savefig(path, dpi=120)
    pyplot().close(fig)
    log.info("wrote %s", path)
    return path
