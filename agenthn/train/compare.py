"""Compare training runs by the mean of their last logged rows (runs side by side on the same batches).

    python -m agenthn.train.compare results/hyper_stages/{C,E,R,W}.jsonl [--last 6] [--keys kd stu_acc]

One logged row averages `log_every` steps (50 for the tiny preset), so --last 6 is the last 300 steps.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from agenthn.errors import AgentHNError


def tail_means(path: str | Path, last: int, keys: list[str]) -> dict:
    rows = [json.loads(ln) for ln in Path(path).read_text().splitlines() if ln.strip()]
    if not rows:
        raise AgentHNError(f"{str(path)!r}: no logged rows")
    tail = rows[-last:]
    return {"run": Path(path).stem, "steps": rows[-1]["step"],
            **{k: sum(r[k] for r in tail) / len(tail) for k in keys}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", help="metrics.jsonl files, one per run")
    ap.add_argument("--last", type=int, default=6, help="logged rows to average (default %(default)s)")
    ap.add_argument("--keys", nargs="+", default=["kd", "stu_acc", "tea_acc"], help="metrics to average")
    args = ap.parse_args(argv)
    print("| run | steps | " + " | ".join(args.keys) + " |")
    print("|---" * (len(args.keys) + 2) + "|")
    for f in args.files:
        m = tail_means(f, args.last, args.keys)
        print(f"| {m['run']} | {m['steps']} | " + " | ".join(f"{m[k]:.3f}" for k in args.keys) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
