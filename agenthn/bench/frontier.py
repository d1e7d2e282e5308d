"""Recall against retention over many `agenthn eval internalize` files: which checkpoints no other beats.

A hypernetwork's adapter has to change the answers to its document's questions and leave every other
answer alone; the held-out eval's table holds dozens of stages, and whether a change of data or
objective improved both or only moved along a trade-off is easier to see than to read. Each file is a
point: x the general questions kept under an unrelated adapter (retention, one draw, about +-5
points), y the mean internalized recall over the fact counts (answer contained), the colour the
hand-written paragraphs. The frontier joins the points that no other file beats on both axes.

    python -m agenthn.bench.frontier results/smol_stages/eval_M*_h200.json --label M42=v9 --png frontier.png
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from agenthn.bench.common import markdown_table
from agenthn.bench.plots import pyplot
from agenthn.errors import AgentHNError

COUNTS = ("1", "4", "8", "16")


def point(path: str | Path) -> dict:
    """One eval file's name, retention, mean recall over 1/4/8/16 facts and paragraphs (percent)."""
    path = Path(path)
    try:
        d = json.loads(path.read_text("utf-8"))
        recall = [d["facts"][k]["internalized"]["contained"] for k in COUNTS]
        paragraphs = float(d["paragraphs"]["internalized"]["contained"])
        return {"name": re.sub(r"^eval_|_h200$|_cpu$", "", path.stem),
                "retention": float(d["retention"]["retention_pct"]), "recall": sum(recall) / len(recall),
                "recall_1": float(recall[0]), "paragraphs": paragraphs}
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise AgentHNError(f"{str(path)!r} is not an `agenthn eval internalize` file with facts at "
                           f"{'/'.join(COUNTS)}, retention and paragraphs ({type(e).__name__}: {e})"
                           ) from None


def frontier(points: list[dict]) -> list[dict]:
    """The points no other point beats on both retention and recall (ties beat nothing), by retention."""
    def beaten(p: dict) -> bool:
        return any(q["retention"] >= p["retention"] and q["recall"] >= p["recall"]
                   and (q["retention"], q["recall"]) != (p["retention"], p["recall"]) for q in points)

    return sorted((p for p in points if not beaten(p)), key=lambda p: p["retention"])


def _panel(ax, points: list[dict], front: list[dict], labels: dict[str, str], every_name: bool):
    sc = ax.scatter([p["retention"] for p in points], [p["recall"] for p in points],
                    c=[p["paragraphs"] for p in points], cmap="viridis", vmin=0, s=36, zorder=3,
                    vmax=max(p["paragraphs"] for p in points))
    ax.plot([p["retention"] for p in front], [p["recall"] for p in front], color="0.5", linestyle="--",
            zorder=2, label="frontier (no other checkpoint beats both)")
    spots: dict[tuple[float, float], list[str]] = {}  # checkpoints at one spot share one label
    for p in points:
        if p["name"] in labels or every_name:
            spots.setdefault((p["retention"], p["recall"]), []).append(p["name"])
    for xy, names in spots.items():
        shipped = any(n in labels for n in names)
        ax.annotate(" / ".join(labels.get(n, n) for n in names), xy, fontsize=9 if shipped else 7,
                    fontweight="bold" if shipped else "normal", xytext=(3, 3), textcoords="offset points")
    ax.grid(alpha=0.3)
    return sc


def plot(points: list[dict], labels: dict[str, str], png: str | Path, zoom: float = 12.0) -> Path:
    """Every checkpoint on the left (shipped ones named); on the right, all named, those within `zoom`
    points of the best mean recall and twice that of the best retention, where recent stages crowd."""
    plt = pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 6), width_ratios=[1, 1.3])
    front = frontier(points)
    _panel(left, points, front, labels, every_name=False)
    near = [p for p in points if p["recall"] >= max(q["recall"] for q in points) - zoom
            and p["retention"] >= max(q["retention"] for q in points) - 2 * zoom]
    sc = _panel(right, near, front, labels, every_name=True)
    right.set_xlim(min(p["retention"] for p in near) - 1, max(p["retention"] for p in near) + 2)
    right.set_ylim(min(p["recall"] for p in near) - 1, max(p["recall"] for p in near) + 1)
    fig.colorbar(sc, ax=right, label="hand-written paragraphs internalized (%)")
    left.set_title("every checkpoint")
    right.set_title(f"within {zoom:g} points of the best recall, {2 * zoom:g} of the best retention")
    for ax in (left, right):
        ax.set_xlabel("retention: general answers kept under an unrelated adapter (%; one draw, about +-5)")
    left.set_ylabel("internalized recall, mean over 1/4/8/16 facts (%)")
    left.legend(loc="lower left", fontsize=8)
    fig.suptitle("Recall against retention, one point per checkpoint")
    fig.tight_layout()
    png = Path(png)
    png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png, dpi=100)
    plt.close(fig)
    return png


def _label(text: str) -> tuple[str, str]:
    name, sep, label = text.partition("=")
    if not sep or not name or not label:
        raise argparse.ArgumentTypeError(f"{text!r}: write NAME=LABEL, e.g. M42=v9")
    return name, label


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("evals", nargs="+", help="eval JSON files (agenthn eval internalize --json)")
    ap.add_argument("--label", action="append", default=[], type=_label,
                    help="NAME=LABEL: show a checkpoint (file eval_NAME_h200.json) by a version name, "
                         "in bold")
    ap.add_argument("--png", default="frontier.png", help="where the plot goes (default frontier.png)")
    args = ap.parse_args(argv)
    try:
        points = [point(p) for p in args.evals]
    except AgentHNError as e:
        ap.error(e.message)  # exits 2 with the usage line, no traceback
    labels = dict(args.label)
    front = {p["name"] for p in frontier(points)}
    cols = ["checkpoint", "retention", "recall (mean)", "1 fact", "paragraphs", "frontier"]
    rows = [dict(zip(cols, [labels.get(p["name"], p["name"]), round(p["retention"], 1),
                            round(p["recall"], 1), round(p["recall_1"]), round(p["paragraphs"], 1),
                            "yes" if p["name"] in front else ""], strict=True))
            for p in sorted(points, key=lambda p: -p["recall"])]
    print(markdown_table(rows, cols))
    print(f"plot: {plot(points, labels, args.png)}")


if __name__ == "__main__":
    main()
