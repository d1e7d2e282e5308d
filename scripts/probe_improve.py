"""Where self-improvement loses its questions (smol, English workplace rules): after the rounds, for each
attempted question, the note item retrieval picks, whether that item holds the right answer, and the
reply with the item internalized (the feature) against the same item in the system prompt. That
separates the notes (no item holds the answer), retrieval (the wrong item is picked) and the
hypernetwork (the item is right, its adapter is not).

    python scripts/probe_improve.py [--model smol] [--seed 0] [--rounds 3] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import agenthn
from agenthn.agent.improve import GRADERS, KIND, Improver
from agenthn.agent.retrieval import best_entries
from agenthn.bench.improve import english_config
from agenthn.engine.batching import shared_engine
from agenthn.store import AdapterFiles, Store
from agenthn.world import english_skills


def run_rounds(model, sets: dict, rounds: int, root: Path) -> tuple[Improver, object]:
    """The feature as the benchmark runs it (smol writes its own notes); the kept notes adapter."""
    store = Store(root / "probe.sqlite")
    uid = store.create_user("probe")[0].id
    imp = Improver(model, store, uid, sets["attempted"], config=english_config(),
                   files=AdapterFiles(root / "files", store))
    for e in imp.run(rounds):
        if e["type"] == "round_done":
            print(f"round {e['round']}: attempted {e['attempted_accuracy']:.3f}, notes {e['notes']}"
                  + (" (rolled back)" if e["rolled_back"] else ""))
    return imp, imp.cache.get(uid, KIND, imp.config.notebook)


def probe(model, imp: Improver, adapter, questions: list[dict]) -> list[dict]:
    grade = GRADERS[imp.config.grading]
    picked = [(best_entries(adapter, q["question"], 1) or [""])[0] for q in questions]
    internal = imp.attempt(questions, adapter)
    convs = [([{"role": "system", "content": p}] if p else []) + [{"role": "user", "content": q["question"]}]
             for p, q in zip(picked, questions, strict=True)]
    in_prompt = [a.strip() for a in shared_engine(model).chat_batch(convs, max_new_tokens=32)]
    return [{"question": q["question"], "answer": q["answer"], "family": q["family"], "item": p,
             "item_holds_answer": bool(p) and grade(p, q["answer"]),
             "internalized": a, "internalized_ok": grade(a, q["answer"]),
             "item_in_prompt": b, "in_prompt_ok": grade(b, q["answer"])}
            for q, p, a, b in zip(questions, picked, internal, in_prompt, strict=True)]


def summary(rows: list[dict]) -> dict:
    held = [r for r in rows if r["item_holds_answer"]]
    return {"questions": len(rows), "item_holds_answer": len(held),
            "internalized_ok": sum(r["internalized_ok"] for r in rows),
            "internalized_ok_where_item_holds": sum(r["internalized_ok"] for r in held),
            "in_prompt_ok_where_item_holds": sum(r["in_prompt_ok"] for r in held)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="smol")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--entities", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", help="write the rows and the summary here as JSON")
    args = ap.parse_args()
    model = agenthn.load(args.model, device="cpu")
    sets = english_skills.improve_sets(args.entities, args.seed, split="eval")
    with tempfile.TemporaryDirectory() as tmp:
        imp, adapter = run_rounds(model, sets, args.rounds, Path(tmp))
        rows = probe(model, imp, adapter, sets["attempted"])
        imp.store.close()
    for r in rows:
        print(f"{'+' if r['internalized_ok'] else '-'}{'+' if r['in_prompt_ok'] else '-'} "
              f"{r['question']!r} [{r['answer']}]\n   item: {r['item']!r}\n   adapter: {r['internalized']!r}"
              f"\n   prompt:  {r['item_in_prompt']!r}")
    s = summary(rows)
    print(json.dumps(s))
    if args.out:
        Path(args.out).write_text(json.dumps({"model": args.model, "seed": args.seed, "summary": s,
                                              "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
