"""Ready-made inputs for the server's demo routes, in the language the served model reads.

The server never imports `agenthn.world` (training and benchmark data); the benchmark sets it offers
as built-ins and the UI's "try it" samples come through here. Which material a model gets is decided
in one place, `english_material`, by the model's base: the tiny world's own base reads the synthetic
world (made-up words such as "Gasnoho" are its vocabulary), every pretrained base (smol, gemma...) gets
English from `world.english_samples`.

    ui_samples(seed, base_model_id)        -> {"language", "memory", "profile", "skills_document",
                                               "skill_problems", "improve"}
    improve_sets(entities, seed, base_model_id) -> (attempted, unseen) for the improve route
"""

from __future__ import annotations

from agenthn.model.config import reads_english

UI_IMPROVE_ENTITIES = 3           # the UI's improve form starts at 3 built-in entities / workplaces
PROFILE_TURNS = 4                 # world profile sample: one session's turns


def english_material(base_model_id: str) -> bool:
    """Whether a model on this base gets English samples and sets (else the synthetic world's).

    Decided by the base id the model's config names, not by the checkpoint's name: a pretrained base
    (smol, gemma, any other) reads English, so a new checkpoint or base needs no change here. Our own
    bases do not: the tiny world's, and the `random/*` test bases (a toy tokenizer and a 200-token
    document limit in the tests, which the world's compact rules fit and an English sheet does not):
    `model.config.reads_english`, the same rule the agent's prompts and grading follow."""
    return reads_english(base_model_id)


def improve_sets(entities: int, seed: int, base_model_id: str) -> tuple[list[dict], list[dict]]:
    """(attempted, unseen) built-in question sets: rules of `entities` invented workplaces in English,
    or facts about `entities` fictional encyclopedia entries of the world."""
    if english_material(base_model_id):
        from agenthn.world.english_samples import improve_script

        return improve_script(entities, seed)
    from agenthn.world.benchmarks import encyclopedia_sets

    sets = encyclopedia_sets(entities, seed, "eval")
    return sets["attempted"], sets["unseen"]


def ui_samples(seed: int, base_model_id: str) -> dict:
    """Something to try on each page of the UI: chat lines for memory, turns for the profile, a skills
    document with problems, and the improve route's built-in set."""
    build = _english if english_material(base_model_id) else _world
    attempted, unseen = improve_sets(UI_IMPROVE_ENTITIES, seed, base_model_id)
    return {**build(seed), "improve": {"questions": attempted, "unseen": unseen}}


def _english(seed: int) -> dict:
    from agenthn.world import english_samples as en

    return {"language": "english", "memory": en.memory_script(seed), "profile": en.profile_script(seed),
            **en.skills_script(seed)}


def _world(seed: int) -> dict:
    from agenthn.world.benchmarks import skill_set

    skill = skill_set(1, seed)[0]
    problems = [{"problem": p["turns"][0][0], "answer": p["answer"]} for p in skill["problems"]]
    return {"language": "world", "memory": _world_memory(seed), "profile": _world_profile(seed),
            "skills_document": skill["doc"], "skill_problems": problems}


def _world_memory(seed: int) -> dict:
    from agenthn.world.benchmarks import niah_set

    conv = niah_set(1, seed, 6)[0]
    q = conv["questions"][0]
    return {"turns": [m["content"] for m in conv["messages"] if m["role"] == "user"],
            "question": q["question"], "answer": q["answer"]}


def _world_profile(seed: int) -> dict:
    """One session of a world user: each turn states an add, update or removal (the edit it implies)."""
    from agenthn.world.benchmarks import personalization_users

    user = personalization_users(1, seed, n_sessions=1, per_session=PROFILE_TURNS)[0]
    turns = [{"turn": e.text, "edits": [_edit(e.op, e.key, e.value)]} for e in user["events"][0]]
    q = next((q for q in user["questions"] if q["kind"] == "fact"), None)
    return {"turns": turns, "question": q["question"] if q else "", "answer": q["value"] if q else ""}


def _edit(op: str, key: str, value: str | None) -> str:
    return f"REMOVE {key}" if op == "remove" else f"{op.upper()} {key}: {value}"
