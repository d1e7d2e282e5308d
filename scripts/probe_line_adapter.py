"""Where memory's needle answers fail once retrieval finds the segment, and whether the retrieved line alone
would answer better: a probe, not a feature.

With the re-ranking (session 26) memory's top-1 segment holds the needle for 98 of 100 questions at 1000
turns, yet 77 are answered. For each question this asks the needle benchmark's memory (16-message segments,
top-1, re-ranked; `agenthn.baselines` memory-top1, the real `Memory`) and then, with the same prompt (no
history tokens), the adapter of one line only: the retrieved segment's line that makes the question
likeliest to the base (`D2LModel.relevance`), internalized at query time. Every reply is written out, so
the failures can be read.

    python scripts/probe_line_adapter.py [--conversations 3] [--seed 0] [--json OUT]
"""

from __future__ import annotations

import argparse
import time

from agenthn.agent.search import TfidfIndex
from agenthn.agent.segments import line_content
from agenthn.bench.common import write_json
from agenthn.bench.niah import correct_words
from agenthn.engine.batching import shared_engine
from agenthn.world.english_chat import niah_set


def best_line(model, mem, segment_id: int, question: str) -> str:
    """The segment's line that makes the question likeliest, of those sharing a word with it (as memory's
    re-ranking reads them; its index rebuilt from the segments memory lists)."""
    segs = [s for s in mem.segments() if s["status"] == "done"]
    index = TfidfIndex([(s["id"], s["text"]) for s in segs])
    text = next(s["text"] for s in segs if s["id"] == segment_id)
    q_terms = index.terms(question)
    lines = [c for c in map(line_content, text.splitlines()) if index.terms(c) & q_terms] or \
        [line_content(x) for x in text.splitlines() if x.strip()]
    gains = model.relevance(lines, question)
    return lines[max(range(len(lines)), key=gains.__getitem__)]


def main() -> None:
    import agenthn
    from agenthn.baselines import make

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--conversations", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--turns", type=int, default=1000)
    ap.add_argument("--model", default="smol")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    model = agenthn.load(args.model, device="cpu")
    s = make("memory-top1", model, segment_turns=16, live_tokens=16, max_new_tokens=24)
    rows, t0 = [], time.time()
    for conv in niah_set(args.conversations, args.seed, args.turns, n_needles=10, split="eval"):
        for q in conv["questions"]:
            seg_answer = s.respond(conv["messages"], q["question"])
            messages, _, ids, _ = s.mem.context(q["question"])
            line = best_line(model, s.mem, ids[0], q["question"])
            line_answer = shared_engine(model).chat(messages, model.internalize(line), max_new_tokens=24)
            text = next(x["text"] for x in s.mem.segments() if x["id"] == ids[0])
            user_text = "\n".join(x for x in text.splitlines() if x.startswith("User: "))
            user_answer = shared_engine(model).chat(messages, model.internalize(user_text), max_new_tokens=24)
            rows.append({"question": q["question"], "expected": q["answer"], "line": line,
                         "line_holds": q["answer"].lower() in line.lower(), "segment_answer": seg_answer,
                         "segment_right": correct_words(seg_answer, q["answer"]), "line_answer": line_answer,
                         "line_right": correct_words(line_answer, q["answer"]), "user_answer": user_answer,
                         "user_right": correct_words(user_answer, q["answer"])})
            kinds = ("segment_right", "line_right", "user_right")
            marks = "".join("+" if rows[-1][k] else "-" for k in kinds)
            print(f"{marks} {q['question']!r} [{q['answer']}] seg {seg_answer!r} | line {line_answer!r} | "
                  f"user lines {user_answer!r}", flush=True)
    n = len(rows)
    kinds = ("line_holds", "segment_right", "line_right", "user_right")
    summary = {k: sum(r[k] for r in rows) for k in kinds}
    print(f"{n} needles, {time.time() - t0:.0f} s: {summary}")
    write_json(args.json, {"probe": "line_adapter", "model": args.model, "conversations": args.conversations,
                           "seed": args.seed, "turns": args.turns, "n": n, "summary": summary, "rows": rows})


if __name__ == "__main__":
    main()
