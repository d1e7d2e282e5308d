"""Does a packed CPU dtype change smol's answers? The 130 hand-written general questions, greedy, under
float32 and under the given dtype: identical replies, and how many of each contain a right answer.

    python scripts/probe_dtype_agreement.py [--dtype float16] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json

import torch

import agenthn
from agenthn.bench import eval_english as ee


def replies(dtype: str, questions: list[str]) -> list[str]:
    model = agenthn.load("smol", device="cpu", dtype=getattr(torch, dtype))
    return ee.ask(model, questions, max_new_tokens=32)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dtype", default="float16", choices=["float16", "qint8", "bfloat16"])
    ap.add_argument("--out", help="write the counts and every differing reply here as JSON")
    args = ap.parse_args()
    qs = ee.read_jsonl("general_questions.jsonl")
    ref, got = (replies(d, [q["question"] for q in qs]) for d in ("float32", args.dtype))
    right = [sum(ee.grade(r, q["answers"])[0] for r, q in zip(rs, qs, strict=True)) for rs in (ref, got)]
    differ = [{"question": q["question"], "float32": a, args.dtype: b}
              for q, a, b in zip(qs, ref, got, strict=True) if a != b]
    res = {"dtype": args.dtype, "questions": len(qs), "identical": len(qs) - len(differ),
           "right_float32": right[0], f"right_{args.dtype}": right[1], "differ": differ}
    print(f"{args.dtype}: {res['identical']}/{len(qs)} replies identical to float32; right {right[1]} "
          f"against {right[0]}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
