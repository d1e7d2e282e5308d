"""How an internalized smol adapter fails, sorted by kind, on the eval's own items (2-core CPU is fine).

One-fact held-out documents: every internalized reply is right, a refusal ("I'm sorry ... as a
chatbot"), cut short (the reply ends inside the answer: "Your blood type is O." for "O negative"),
a near miss (words spelled like the answer, not quite: "Youra" for "Yara"), or another wrong answer.
General questions the base answers right, asked under an unrelated 4-fact document's adapter: right,
or a bare value (at most three words, the document-answer habit), or other. The hand-written
paragraphs, every one: the internalized and the in-context reply sorted the same way, and whether the
question asks about the writer ("my", "I") or someone else, since the corpus states mostly the former.

    python scripts/probe_failures.py OUT.json [--model smol|RUN_DIR] [--n 60]
"""

from __future__ import annotations

import argparse
import collections
import difflib
import json
import re

import agenthn
from agenthn.bench import eval_english as ee
from agenthn.bench import eval_internalize as ei

REFUSALS = ("sorry", "as a ", "i don't", "unable", "an ai", "chatbot")


def kind_of_miss(reply: str, answer: str) -> str:
    """A near miss holds a run of words spelled like the answer (similarity >= 0.6: "Maso" for
    "Miso", "Youra" for "Yara"), wherever it stands: since v6 answers come inside a sentence ("Your
    cat's name is Maso."), so the reply's first letters (the rule until v5) say nothing."""
    if ee.grade(reply, [answer])[0]:
        return "right"
    if any(w in reply.lower() for w in REFUSALS):
        return "refusal"
    got, want = ee.norm(reply).split(), ee.norm(answer)
    if got and want.startswith(got[-1]) and got[-1] != want:
        return "cut short"  # the reply ends inside the answer: "O" for "O negative", "17" for "176"
    k = max(1, len(want.split()))
    runs = [" ".join(got[i: i + k]) for i in range(max(1, len(got) - k + 1))]
    runs = [r for r in runs if len(r) >= 0.6 * len(want)]  # "is" is not a near miss of "Ilse"
    near = want and max((difflib.SequenceMatcher(None, r, want).ratio() for r in runs), default=0) >= 0.6
    return "near miss" if near else "other wrong"


def one_fact(model, n: int) -> dict:
    docs, qs, answers = (list(x) for x in zip(*ee.fact_items(n, 1), strict=True))
    replies = ee.ask(model, qs, adapters=ei.adapters_for(model, docs))
    kinds = [kind_of_miss(r, a[0]) for r, a in zip(replies, answers, strict=True)]
    examples = [{"question": q, "answer": a[0], "reply": r, "kind": k}
                for q, a, r, k in zip(qs, answers, replies, kinds, strict=True) if k != "right"][:12]
    return {"n": n, "kinds": dict(collections.Counter(kinds)), "examples": examples}


def general(model) -> dict:
    _, kept = ee.base_right_general(model)
    docs = [d for d, _, _ in ee.fact_items(len(kept), 4)]
    replies = ee.ask(model, [q["question"] for q in kept], adapters=ei.adapters_for(model, docs),
                     max_new_tokens=32)
    kinds = ["right" if ee.grade(r, q["answers"])[0] else "bare value" if len(r.split()) <= 3 else "other"
             for r, q in zip(replies, kept, strict=True)]
    examples = [{"question": q["question"], "reply": r} for q, r in zip(kept, replies, strict=True)]
    return {"base_right": len(kept), "kinds": dict(collections.Counter(kinds)), "examples": examples}


FIRST_PERSON = re.compile(r"\b(i|my|me|mine|we|our|us)\b", re.I)


def paragraphs(model) -> dict:
    ps = ee.read_jsonl("natural_paragraphs.jsonl")
    qs, docs = [p["question"] for p in ps], [p["paragraph"] for p in ps]
    internal = ee.ask(model, qs, adapters=ei.adapters_for(model, docs))
    in_context = ee.ask(model, qs, docs=docs)
    rows = [{"id": p["id"], "question": q, "answer": p["answers"][0],
             "about": "writer" if FIRST_PERSON.search(q) else "other",
             "internalized": "right" if ee.grade(r, p["answers"])[0] else kind_of_miss(r, p["answers"][0]),
             "in_context": "right" if ee.grade(c, p["answers"])[0] else "wrong", "reply": r}
            for p, q, r, c in zip(ps, qs, internal, in_context, strict=True)]
    table = collections.Counter((r["about"], r["internalized"]) for r in rows)
    return {"kinds": {f"{a}: {k}": v for (a, k), v in sorted(table.items())}, "rows": rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--model", default="smol", help="a built-in name or a training run's folder")
    ap.add_argument("--n", type=int, default=60, help="one-fact documents (default %(default)s)")
    args = ap.parse_args()
    model = agenthn.load(args.model, device="cpu")
    res = {"model": args.model, "one_fact": one_fact(model, args.n), "general": general(model),
           "paragraphs": paragraphs(model)}
    print(f"{args.model}: one fact {res['one_fact']['kinds']}; general questions under an unrelated "
          f"adapter {res['general']['kinds']} of {res['general']['base_right']}; paragraphs "
          f"{res['paragraphs']['kinds']}")
    with open(args.out, "w") as f:
        json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
