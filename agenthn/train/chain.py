"""One training curve for a chain of warm-started runs (`train hypernet --init` one after another).

Each stage counts its steps from 0 and starts a fresh schedule. This joins the stages' metrics
(`1.jsonl`, `2.jsonl`, ... `10.jsonl` in one folder, by their leading numbers, then by name) into
`metrics.jsonl` with steps counted across the whole chain and a `stage` field, and plots it as
`loss.png` with the stage boundaries marked.

    python -m agenthn.train.chain DIR [--keys kd stu_acc l1]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from agenthn.errors import AgentHNError


def _stage_key(path: Path) -> tuple[int, str]:
    """"10.jsonl" after "9.jsonl" (a plain name sort puts it after "1.jsonl"); unnumbered names last."""
    digits = re.match(r"\d*", path.stem).group()
    return (int(digits) if digits else 10**9, path.name)


def join_stages(folder: str | Path) -> list[dict]:
    """The stages' rows with chain-wide steps; a stage ends at its last logged step."""
    files = sorted((p for p in Path(folder).glob("*.jsonl") if p.name != "metrics.jsonl"), key=_stage_key)
    if not files:
        raise AgentHNError(f"{str(folder)!r}: no stage metrics (*.jsonl) to join")
    rows, offset = [], 0
    for stage, path in enumerate(files, 1):
        stage_rows = [json.loads(ln) for ln in path.read_text().splitlines() if ln.strip()]
        rows += [{**r, "step": r["step"] + offset, "stage": stage, "stage_file": path.name}
                 for r in stage_rows]
        offset += max((r["step"] for r in stage_rows), default=0)
    return rows


def plot_chain(folder: str | Path, keys: tuple[str, ...] = ("kd", "stu_acc", "l1")) -> Path:
    """Write the joined metrics.jsonl and its loss.png; dotted lines mark the warm starts (fresh
    optimiser and learning-rate warm-up)."""
    from agenthn.train.common import plot_losses

    folder = Path(folder)
    rows = join_stages(folder)
    (folder / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    starts = [r["step"] for i, r in enumerate(rows) if i and r["stage"] != rows[i - 1]["stage"]]
    title = f"hypernetwork training, {len(starts) + 1} warm-started stages (dotted: stage starts)"
    return plot_losses(folder, list(keys), title, marks=starts, xlabel="step (whole chain)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", help="folder of per-stage metrics files, joined in name order")
    ap.add_argument("--keys", nargs="+", default=["kd", "stu_acc", "l1"], help="metrics to plot")
    args = ap.parse_args(argv)
    print(plot_chain(args.folder, tuple(args.keys)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
