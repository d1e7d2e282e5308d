"""`agenthn bench improve`: accuracy per self-improvement round, on the attempted set and an unseen one.

Held-out encyclopedia entities (world `encyclopedia_sets`, eval split) the model has never read. The
model attempts the "attempted" questions cold, then runs `Improver` rounds: grade, write a study note
per failure, edit the notebook item by item, internalize it, retry. Reported per round: accuracy on the
attempted set, on the "unseen" set (other attributes of the same entities, never studied: honest about
how little a note about one fact says about another), note count and rollbacks; at the end, the
attempted facts asked in new phrasings ("rephrased").

Two note writers: the model itself (the feature), and the world's reference note (a teacher), which
separates "are the model's notes good" from "do internalized notes work".
Target: +40 points on the attempted set after 3 rounds.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from agenthn.agent.improve import ENGLISH, GRADERS, KIND, ImproveConfig, Improver, is_correct
from agenthn.bench.common import machine, markdown_table, write_json
from agenthn.engine.batching import shared_engine
from agenthn.store import AdapterFiles, Store
from agenthn.world import benchmarks, english_skills, tasks

log = logging.getLogger(__name__)

WRITERS = {"model": None, "reference": lambda ms: [tasks.study_note(m) for m in ms]}


def english_config(redrafts: int | None = None) -> ImproveConfig:
    """An English base answers in sentences and was never trained on notes: contained-answer grading,
    the plain-English note prompt, notes read sentence by sentence when they have no bullets, and more
    redrafts (None: ENGLISH's)."""
    return ImproveConfig(**{**ENGLISH, **({} if redrafts is None else {"redrafts": redrafts})})


def run_writer(model, sets: dict, rounds: int, writer: str, root: Path, config: ImproveConfig) -> dict:
    store = Store(root / f"{writer}.sqlite")
    try:
        uid = store.create_user(writer)[0].id
        imp = Improver(model, store, uid, sets["attempted"], unseen=sets["unseen"],
                       config=config,
                       files=AdapterFiles(root / writer, store),
                       note_writer=WRITERS[writer])
        per_round, rollbacks, edits, rejected, dropped = [], [], {}, 0, []
        for e in imp.run(rounds):
            if e["type"] == "round_done":
                per_round.append(e)
                log.info("[%s] round %d: attempted %.3f unseen %.3f notes %d%s", writer, e["round"],
                         e["attempted_accuracy"], e["unseen_accuracy"], e["notes"],
                         " (rolled back)" if e["rolled_back"] else "")
            elif e["type"] == "rolled_back":
                rollbacks.append(e)
            elif e["type"] == "note_edit":
                edits[e["op"]] = edits.get(e["op"], 0) + 1
            elif e["type"] == "note_rejected":
                rejected += 1
            elif e["type"] == "note_item_dropped":
                dropped.append({k: e[k] for k in ("round", "item", "reason")})
        adapter = imp.cache.get(uid, KIND, imp.config.notebook)
        grade = GRADERS[imp.config.grading]
        rephrased = _accuracy(imp.attempt(sets["rephrased"], adapter), sets["rephrased"], grade)
        items = [n.text for n in imp.notes()]
        in_prompt = {name: notes_in_prompt(model, imp, items, sets[name]) for name in ("attempted", "unseen")}
        sample_notes = items[:6]
    finally:
        store.close()
    return {"rounds": per_round, "rollbacks": rollbacks, "note_edits": edits, "notes_rejected": rejected,
            "items_dropped": len(dropped), "sample_dropped": dropped[:8],
            "rephrased_final": rephrased, "notes_in_prompt_final": in_prompt, "sample_notes": sample_notes,
            "gain_points": 100 * (per_round[-1]["attempted_accuracy"] - per_round[0]["attempted_accuracy"])}


def _accuracy(answers: list[str], qs: list[dict], grade=is_correct) -> float:
    return sum(grade(a, q["answer"]) for a, q in zip(answers, qs, strict=True)) / len(qs)


def notes_in_prompt(model, imp: Improver, items: list[str], qs: list[dict]) -> float | None:
    """Reference: the final notes about the question's entity in the system prompt instead of an adapter.
    (The whole notebook does not fit the tiny model's context, so only the entity's items go in, the
    newest that fit with room for the answer.)"""
    if not items:
        return None
    room = model.base.config.max_position_embeddings - imp.config.answer_tokens + 1
    convs = []
    for q in qs:
        mine = [f"- {t}" for t in items if q["entity"] in t]
        while True:
            conv = ([{"role": "system", "content": "\n".join(mine)}] if mine else []) + \
                [{"role": "user", "content": q["question"]}]
            if not mine or len(model.prompt_ids(conv)) <= room:
                break
            mine = mine[1:]
        convs.append(conv)
    answers = shared_engine(model).chat_batch(convs, max_new_tokens=imp.config.answer_tokens)
    return _accuracy([a.strip() for a in answers], qs, GRADERS[imp.config.grading])


def plot(results: dict, path: str, target: float = 0.4, ylabel: str = "exact-match accuracy") -> None:
    from agenthn.bench.plots import pyplot

    plt = pyplot()

    fig, ax = plt.subplots(figsize=(7, 4))
    for writer, res in results.items():
        xs = [r["round"] for r in res["rounds"]]
        style = "-" if writer == "model" else "--"
        ax.plot(xs, [r["attempted_accuracy"] for r in res["rounds"]], "o" + style,
                label=f"attempted ({writer} notes)")
        ax.plot(xs, [r["unseen_accuracy"] for r in res["rounds"]], "s" + style,
                label=f"unseen ({writer} notes)")
        ref = (res.get("notes_in_prompt_final") or {}).get("attempted")
        if ref is not None:
            ax.plot([xs[-1]], [ref], "*", markersize=12, label=f"final {writer} notes in prompt (reference)")
        for rb in res["rollbacks"]:
            ax.annotate("rolled back", (rb["round"], rb["accuracy_before"]), fontsize=7)
    start = next(iter(results.values()))["rounds"][0]["attempted_accuracy"]
    ax.axhline(min(start + target, 1.0), color="grey", linestyle=":", linewidth=1,
               label=f"target: cold + {100 * target:.0f} points")
    ax.set_xlabel("round (0 = cold)")
    ax.set_ylabel(ylabel)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xticks(xs)
    ax.set_title("Self-improvement: study notes internalized each round")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def run(model, n_entities: int, rounds: int, seed: int, json_out: str | None, plot_path: str | None,
        writers: list[str] | None = None, redrafts: int | None = None, english: bool = False) -> dict:
    """`english`: workplace rules in English (`world.english_skills.improve_sets`, 3 attempted and 1
    unseen rule per workplace; `n_entities` workplaces) with `english_config`; target +30 points."""
    sets = english_skills.improve_sets(n_entities, seed, split="eval") if english else \
        benchmarks.encyclopedia_sets(n_entities, seed, split="eval")
    given = {} if redrafts is None else {"redrafts": redrafts}  # None: the base's own default
    config = english_config(redrafts) if english else ImproveConfig(**given)
    target = 30 if english else 40
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for w in writers or list(WRITERS):
            results[w] = run_writer(model, sets, rounds, w, Path(tmp), config)
    mach = machine()
    where = mach.get("gpu") or f"cpu, {mach['cpus']} cores"
    rows = [{"notes_by": w, "round": r["round"], "attempted": r["attempted_accuracy"],
             "unseen": r["unseen_accuracy"],
             "notes": r["notes"], "rolled_back": r["rolled_back"], "machine": where}
            for w, res in results.items() for r in res["rounds"]]
    table = markdown_table(rows, ["notes_by", "round", "attempted", "unseen", "notes", "rolled_back",
                                  "machine"])
    print(table)
    for w, res in results.items():
        print(f"\n{w} notes: {res['gain_points']:+.1f} points on the attempted set after {rounds} rounds "
              f"(target +{target}); rephrased at the end {res['rephrased_final']:.3f}; final notes in the "
              f"prompt instead of the adapter {res['notes_in_prompt_final']}; edits {res['note_edits']}, "
              f"items dropped {res['items_dropped']}, notes rejected {res['notes_rejected']}, "
              f"rollbacks {len(res['rollbacks'])}")
    payload = {"bench": "improve_english" if english else "improve", "model": getattr(model, "name", ""),
               "machine": mach,
               "config": {"entities": n_entities, "rounds": rounds, "seed": seed, "split": "eval",
                          "attempted": len(sets["attempted"]), "unseen": len(sets["unseen"]),
                          "redrafts": config.redrafts},
               "results": results, "target_points": target, "rows": rows, "markdown": table}
    write_json(json_out, payload)
    if plot_path:
        plot(results, plot_path, target / 100,
             "accuracy (answer in reply)" if english else "exact-match accuracy")
    return payload
