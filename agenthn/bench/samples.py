"""Ready-made inputs for the server's demo routes, drawn from the synthetic world.

The server never imports `agenthn.world` (training and benchmark data); the benchmark sets it offers
as built-ins and the UI's "try it" samples come through here.
"""

from __future__ import annotations


def improve_sets(entities: int, seed: int) -> tuple[list[dict], list[dict]]:
    """(attempted, unseen) question sets about `entities` fictional encyclopedia entries."""
    from agenthn.world.benchmarks import encyclopedia_sets

    sets = encyclopedia_sets(entities, seed, "eval")
    return sets["attempted"], sets["unseen"]


def ui_samples(seed: int) -> dict:
    """A skills document and problems that need it, for the UI's skills panel."""
    from agenthn.world.benchmarks import skill_set

    skill = skill_set(1, seed)[0]
    problems = [{"problem": p["turns"][0][0], "answer": p["answer"]} for p in skill["problems"]]
    return {"skills_document": skill["doc"], "skill_problems": problems}
