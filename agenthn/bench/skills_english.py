"""`agenthn bench skills` for English bases (smol): a workplace skill sheet, internalized vs in context.

Held-out sheets (`world.english_skills`, eval split: invented workplaces, codes, names and counts, and
question phrasings never used for anything else) of a few plain-English rules each: the wifi code,
whom refunds go to, which tray clears a jam, the closing word of a client email, the unit for
distances, a late fee to compute, ... Tasks are one question, or two turns about two rules (the
model's own first reply stays in the conversation). A turn is right when the reply contains the
answer (case and punctuation ignored). Conditions, each with the recall nudge and without:

- internalized: the whole sheet as one adapter (`Skills.load_document`), nothing in the prompt;
- internalized per rule: one adapter part per rule line, each turn composing the rule its question
  matches best (`Skills(retrieve_k=1)`, TF-IDF over the rule lines), nothing in the prompt;
- in_context: the sheet as the system message;
- none: neither.
Target: internalized at least equal to in context (best of each, over the nudge).
"""

from __future__ import annotations

import logging
import time

from agenthn.agent.improve import contains_answer
from agenthn.agent.skills import Skills
from agenthn.bench.common import machine, markdown_table, write_json
from agenthn.engine.batching import shared_engine
from agenthn.world import english_skills

log = logging.getLogger(__name__)

WHERES = ["internalized", "internalized_per_rule", "in_context", "none"]
CONDITIONS = [(w, n) for w in WHERES for n in (True, False)]


def play(model, nudger: Skills, skills: Skills | None, tasks: list[tuple[int, dict]], docs: list[str] | None,
         nudge: bool, max_new_tokens: int) -> list[dict]:
    """Every task turn by turn in lockstep (one batched generation per turn index). `skills`: whose
    adapters answer (None: no adapter); `docs`: the sheets as system messages (None: no sheet)."""
    hist = [([{"role": "system", "content": docs[d]}] if docs else []) for d, _ in tasks]
    ok: list[list[bool]] = [[] for _ in tasks]
    replies: list[list[str]] = [[] for _ in tasks]
    for t in range(max(len(p["turns"]) for _, p in tasks)):
        live = [i for i, (_, p) in enumerate(tasks) if t < len(p["turns"])]
        convs, rows = [], []
        for i in live:
            question = tasks[i][1]["turns"][t][0]
            hist[i].append({"role": "user", "content": question})
            convs.append(nudger.nudged(hist[i]) if nudge else list(hist[i]))
            rows.append(skills.adapter([f"doc{tasks[i][0]}"], question) if skills else None)
        outs = shared_engine(model).chat_batch(convs, adapters=rows, max_new_tokens=max_new_tokens)
        for i, out in zip(live, outs, strict=True):
            hist[i].append({"role": "assistant", "content": out.strip()})
            ok[i].append(contains_answer(out, tasks[i][1]["turns"][t][1]))
            replies[i].append(out)
    return [{"ok": o, "replies": r} for o, r in zip(ok, replies, strict=True)]


def summarize(tasks: list[tuple[int, dict]], graded: list[dict]) -> dict:
    """Turn accuracy (the main number), task accuracy (every turn right) and per-family turn accuracy."""
    fam: dict[str, list[bool]] = {}
    for (_, p), g in zip(tasks, graded, strict=True):
        for f, o in zip(p["families"], g["ok"], strict=True):
            fam.setdefault(f, []).append(o)
    turns = [o for g in graded for o in g["ok"]]
    two = [g for (_, p), g in zip(tasks, graded, strict=True) if len(p["turns"]) > 1]
    return {"accuracy": sum(turns) / len(turns),
            "task_accuracy": sum(all(g["ok"]) for g in graded) / len(graded),
            "two_turn_accuracy": sum(all(g["ok"]) for g in two) / len(two) if two else None,
            "turns": len(turns), "tasks": len(graded),
            "by_family": {f: round(sum(v) / len(v), 3) for f, v in sorted(fam.items())}}


def plot(rows: list[dict], path: str) -> None:
    from agenthn.bench.plots import pyplot

    plt = pyplot()

    fig, ax = plt.subplots(figsize=(8, 4))
    for j, nudge in enumerate([True, False]):
        vals = [next(r["accuracy"] for r in rows if r["condition"] == w and r["nudge"] == nudge)
                for w in WHERES]
        bars = ax.bar([i + 0.4 * j for i in range(len(WHERES))], vals, 0.4,
                      label="with recall nudge" if nudge else "no nudge")
        ax.bar_label(bars, fmt="%.2f", fontsize=8)
    ax.set_xticks([i + 0.2 for i in range(len(WHERES))], [w.replace("_", " ") for w in WHERES])
    ax.set_ylim(0, 1)
    ax.set_ylabel("questions answered (answer in reply)")
    ax.set_title(f"English skill sheets on {rows[0]['model']}: internalized vs in context")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _load(model, sets: list[dict]) -> tuple[dict[str, Skills], float]:
    sk = {"internalized": Skills(model), "internalized_per_rule": Skills(model, retrieve_k=1)}
    t0 = time.perf_counter()
    for s in sk.values():
        for i, x in enumerate(sets):
            s.load_document(x["doc"], name=f"doc{i}")
    return sk, 1e3 * (time.perf_counter() - t0) / (2 * len(sets))


def run(model, n_docs: int, n_rules: int, n_tasks: int, seed: int, json_out: str | None,
        plot_path: str | None, max_new_tokens: int = 40) -> dict:
    sets = english_skills.skill_sheets(n_docs, seed, n_rules, n_tasks, split="eval")
    sk, load_ms = _load(model, sets)
    docs = [s["doc"] for s in sets]
    tasks = [(d, p) for d, s in enumerate(sets) for p in s["tasks"]]
    mach = machine()
    where_ = mach.get("gpu") or f"cpu, {mach['cpus']} cores"
    rows, samples = [], {}
    for where, nudge in CONDITIONS:
        t0 = time.perf_counter()
        graded = play(model, sk["internalized"], sk.get(where), tasks,
                      docs if where == "in_context" else None, nudge, max_new_tokens)
        rows.append({"condition": where, "nudge": nudge, **summarize(tasks, graded),
                     "model": getattr(model, "name", ""), "machine": where_,
                     "seconds": round(time.perf_counter() - t0, 1)})
        samples[f"{where}{'+nudge' if nudge else ''}"] = [
            {"turns": p["turns"], "replies": g["replies"], "ok": g["ok"]} for (_, p), g in
            list(zip(tasks, graded, strict=True))[:6]]
        log.info("%s nudge=%s: %.3f", where, nudge, rows[-1]["accuracy"])
    best = {w: max(r["accuracy"] for r in rows if r["condition"] == w) for w in WHERES}
    internal = max(best["internalized"], best["internalized_per_rule"])
    verdict = "met" if internal >= best["in_context"] else "not met"
    table = markdown_table(rows, ["condition", "nudge", "accuracy", "task_accuracy", "two_turn_accuracy",
                                  "turns", "machine"])
    print(table)
    print(f"\nbest internalized {internal:.3f} vs best in-context {best['in_context']:.3f} (none "
          f"{best['none']:.3f}): target (internalized >= in-context) {verdict}; internalize "
          f"{load_ms:.0f} ms per sheet")
    payload = {"bench": "skills_english", "model": getattr(model, "name", ""), "machine": mach,
               "config": {"docs": n_docs, "rules": n_rules, "tasks_per_doc": n_tasks, "seed": seed,
                          "split": "eval", "max_new_tokens": max_new_tokens},
               "rows": rows, "best": best, "target_met": verdict == "met",
               "internalize_ms_per_sheet": load_ms,
               "doc_tokens_mean": sum(model.count_tokens(d) for d in docs) / len(docs),
               "example_sheet": docs[0], "samples": samples, "markdown": table}
    write_json(json_out, payload)
    if plot_path:
        plot(rows, plot_path)
    return payload
