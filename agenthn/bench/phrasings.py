"""Held-out accuracy of the facts eval split by question phrasing: which wording the model misses.

    python -m agenthn.bench.phrasings --model tiny --facts 1 [--n 200] [--way icl|internalized]

The same held-out questions as `agenthn eval internalize` (its items, its grading), grouped by the
question template they were written from; the misses are printed under the table.
"""

from __future__ import annotations

import argparse
import re

from agenthn.bench import eval_internalize as ev
from agenthn.world import users


def template_of(question: str) -> str:
    """The question template (users.ASK) a question was written from; "other" for none."""
    for t in users.ASK:
        if re.fullmatch(re.escape(t).replace(re.escape("{label}"), ".+"), question):
            return t
    return "other"


def by_phrasing(model, n_facts: int, n: int, way: str = "icl") -> tuple[list[dict], list[tuple]]:
    """Rows of (template, right, asked) and the misses as (document, question, answer, reply)."""
    docs, qs, wants = (list(x) for x in zip(*ev.items("facts", n, n_facts), strict=True))
    if way == "icl":
        replies = ev.ask(model, qs, docs, None)
    else:
        replies = ev.ask(model, qs, None, ev.adapters_for(model, docs))
    rows: dict[str, dict] = {}
    for q, w, r in zip(qs, wants, replies, strict=True):
        t = template_of(q)
        row = rows.setdefault(t, {"template": t, "right": 0, "asked": 0})
        row["asked"] += 1
        row["right"] += ev.correct(r, w)
    misses = [(d, q, w, r) for d, q, w, r in zip(docs, qs, wants, replies, strict=True)
              if not ev.correct(r, w)]
    return sorted(rows.values(), key=lambda x: x["template"]), misses


def main(argv: list[str] | None = None) -> int:
    import agenthn

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="tiny")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--facts", type=int, default=1, help="facts per document (default %(default)s)")
    ap.add_argument("--n", type=int, default=200,
                    help="questions, as in eval internalize (default %(default)s)")
    ap.add_argument("--way", choices=("icl", "internalized"), default="icl",
                    help="document in context, or its adapter (default %(default)s)")
    args = ap.parse_args(argv)
    rows, misses = by_phrasing(agenthn.load(args.model, device=args.device), args.facts, args.n, args.way)
    print("| question template | right | asked |\n|---|---|---|")
    for r in rows:
        print(f"| {r['template']} | {r['right']} | {r['asked']} |")
    for d, q, w, r in misses:
        print(f"miss: {d!r} | {q} | want {w!r} | got {r!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
