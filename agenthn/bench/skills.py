"""`agenthn bench skills`: internalized skills vs the skills document in context vs nothing.

Held-out skills documents (world `skill_set`, eval split: invented rules with random names and
coefficients, which no model can know beforehand) each come with problems: single-step, chained, word
problems and multi-turn ones where a follow-up works on the previous answer. Each problem is played
turn by turn: the model's own answer to turn t (the number its reply commits to) is what the
conversation carries into turn t+1, so a wrong first step fails the problem. Conditions:

- internalized: the document's adapter (`Skills.load_document`), nothing in the prompt;
- in_context: the document as the system message (how the base model was trained to use rules);
- none: neither;
each with the recall nudge ("Recall the rule you need first.") and without it.
Target: internalized at least equal to in-context.
"""

from __future__ import annotations

import logging
import time

from agenthn.agent.skills import Skills
from agenthn.bench.common import machine, markdown_table, write_json
from agenthn.engine.batching import shared_engine
from agenthn.world import benchmarks

log = logging.getLogger(__name__)

CONDITIONS = [("internalized", True), ("internalized", False), ("in_context", True), ("in_context", False),
              ("none", True), ("none", False)]


def play(model, sk: Skills, problems: list[tuple[int, dict]], docs: list[str], adapters: list, where: str,
         nudge: bool, max_new_tokens: int) -> list[dict]:
    """All problems turn by turn in lockstep (one batched generation per turn index)."""
    hist = [([{"role": "system", "content": docs[d]}] if where == "in_context" else []) for d, _ in problems]
    per_turn = [[] for _ in problems]
    replies = [[] for _ in problems]
    for t in range(max(len(p["turns"]) for _, p in problems)):
        live = [i for i, (_, p) in enumerate(problems) if t < len(p["turns"])]
        convs = []
        for i in live:
            hist[i].append({"role": "user", "content": problems[i][1]["turns"][t][0]})
            convs.append(sk.nudged(hist[i]) if nudge else list(hist[i]))
        rows = [adapters[problems[i][0]] if where == "internalized" else None for i in live]
        outs = shared_engine(model).chat_batch(convs, adapters=rows,
                                               max_new_tokens=max_new_tokens if nudge else 12)
        for i, out in zip(live, outs, strict=True):
            ans = Skills.final_answer(out)
            # Carry the committed number, not the recall text: that is how follow-ups read in training.
            hist[i].append({"role": "assistant", "content": ans or out.strip()})
            per_turn[i].append(ans == problems[i][1]["turns"][t][1])
            replies[i].append(out)
    return [{"correct": pt[-1], "turns_correct": sum(pt), "n_turns": len(pt), "multi_turn": len(pt) > 1,
             "replies": r} for pt, r in zip(per_turn, replies, strict=True)]


def summarize(graded: list[dict]) -> dict:
    multi = [g for g in graded if g["multi_turn"]]
    return {"accuracy": sum(g["correct"] for g in graded) / len(graded),
            "multi_turn_accuracy": sum(g["correct"] for g in multi) / len(multi) if multi else None,
            "turn_accuracy": sum(g["turns_correct"] for g in graded) / sum(g["n_turns"] for g in graded),
            "problems": len(graded), "multi_turn_problems": len(multi)}


def plot(rows: list[dict], path: str) -> None:
    from agenthn.bench.plots import pyplot

    plt = pyplot()

    fig, ax = plt.subplots(figsize=(7, 4))
    wheres = ["internalized", "in_context", "none"]
    for j, nudge in enumerate([True, False]):
        vals = [next(r["accuracy"] for r in rows if r["condition"] == w and r["nudge"] == nudge)
                for w in wheres]
        ax.bar([i + 0.4 * j for i in range(3)], vals, 0.4, label="with nudge" if nudge else "no nudge")
    ax.set_xticks([i + 0.2 for i in range(3)], wheres)
    ax.set_ylim(0, 1)
    ax.set_ylabel("problems solved (final answer)")
    ax.set_title("Skills: internalized rules vs rules in context")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _conditions(model, sk: Skills, problems: list, docs: list[str], adapters: list, max_new_tokens: int,
                where_: str) -> tuple[list[dict], dict]:
    rows, details = [], {}
    for where, nudge in CONDITIONS:
        graded = play(model, sk, problems, docs, adapters, where, nudge, max_new_tokens)
        rows.append({"condition": where, "nudge": nudge, **summarize(graded), "machine": where_})
        details[f"{where}{'+nudge' if nudge else ''}"] = [
            {"turns": p["turns"], "replies": g["replies"], "correct": g["correct"]} for (_, p), g in
            list(zip(problems, graded, strict=True))[:5]]
        log.info("%s nudge=%s: %.3f", where, nudge, rows[-1]["accuracy"])
    return rows, details


def run(model, n_docs: int, n_rules: int, n_problems: int, seed: int, json_out: str | None,
        plot_path: str | None, max_new_tokens: int = 96) -> dict:
    sets = benchmarks.skill_set(n_docs, seed, n_rules, n_problems, split="eval")
    sk = Skills(model)
    t0 = time.perf_counter()
    adapters = [sk.load_document(s["doc"], name=f"doc{i}") for i, s in enumerate(sets)]
    load_ms = 1e3 * (time.perf_counter() - t0) / len(sets)
    docs = [s["doc"] for s in sets]
    problems = [(d, p) for d, s in enumerate(sets) for p in s["problems"]]
    mach = machine()
    rows, details = _conditions(model, sk, problems, docs, adapters, max_new_tokens,
                                mach.get("gpu") or f"cpu, {mach['cpus']} cores")
    best = {w: max(r["accuracy"] for r in rows if r["condition"] == w)
            for w in ("internalized", "in_context")}
    table = markdown_table(rows, ["condition", "nudge", "accuracy", "multi_turn_accuracy", "turn_accuracy",
                                  "problems", "machine"])
    print(table)
    verdict = "met" if best["internalized"] >= best["in_context"] else "not met"
    print(f"\nbest internalized {best['internalized']:.3f} vs best in-context {best['in_context']:.3f}: "
          f"target (internalized >= in-context) {verdict}; internalize {load_ms:.1f} ms per document")
    payload = {"bench": "skills", "model": getattr(model, "name", ""), "machine": mach,
               "config": {"docs": n_docs, "rules": n_rules, "problems_per_doc": n_problems, "seed": seed,
                          "split": "eval"},
               "rows": rows, "best": best, "target_met": verdict == "met", "internalize_ms_per_doc": load_ms,
               "doc_tokens_mean": sum(model.count_tokens(d) for d in docs) / len(docs), "samples": details,
               "markdown": table}
    write_json(json_out, payload)
    if plot_path:
        plot(rows, plot_path)
    return payload
