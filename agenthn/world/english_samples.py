"""English "try it" material for the UI on English bases (smol): one small script per feature.

The benchmark sets are built for measuring (hundreds of items, balanced depths); a person trying the UI
wants a handful of lines that read as a story. These are drawn from the same English corpus pieces
(`english`, `english_chat`, `english_skills`, `english_values`), held-out split only, so what a sample
shows is what the hypernetwork never trained on:

    memory_script(seed)  -> {"turns": [user lines], "question", "answer"}: a fact said in passing early
    profile_script(seed) -> {"turns": [{"turn", "edits": ["ADD key: value", ...]}], "question", "answer"}
    skills_script(seed)  -> {"skills_document", "skill_problems": [{"problem", "answer"}]}: one per rule
    improve_script(n, seed) -> (attempted, unseen) question sets about workplace rules
"""

from __future__ import annotations

import random

from agenthn.agent.profile_keys import normalize_key
from agenthn.world import english as en
from agenthn.world import english_chat as ec
from agenthn.world import english_skills as es
from agenthn.world import english_text as tx
from agenthn.world import english_values as ev
from agenthn.world.profile_edits import NAME, REMOVE_SAYS, UPDATE_LEADS

SPLIT = "heldout"
MEMORY_TURNS = 6  # enough small talk after the fact that the question reaches back
MAX_DRAFTS = 50
# Withdrawals that name the fact, not its value: "I gave up on 2009" reads oddly for most facts.
WITHDRAW = tuple(t for t in REMOVE_SAYS if "my {label}" in t and "{old}" not in t)


def _rng(name: str, seed: int) -> random.Random:
    return random.Random(f"english-ui-{name}-{seed}")


def memory_script(seed: int) -> dict:
    """The user's lines of a short chat whose first turns state a fact, and a question about it.
    Drafts whose small talk repeats a line are drawn again: a person does not say "Hello again." twice."""
    rng = _rng("memory", seed)
    for _ in range(MAX_DRAFTS):
        conv = ec.needle_conversation(rng, MEMORY_TURNS, 1, SPLIT, phase=0.0)
        turns = [m["content"] for m in conv["messages"] if m["role"] == "user"]
        if len(set(turns)) == len(turns):
            break
    q = conv["questions"][0]
    return {"turns": turns, "question": q["question"], "answer": q["answer"]}


def _say(rng: random.Random, a: en.Attr, v: str) -> str:
    """The user stating a fact, in one of the held-out phrasings."""
    slots = {**tx.first_person(), "label": a.label}
    return tx.fill(en._pick(rng, a, SPLIT, "say", tx.SAY_FRAMES), v, slots, False)


def _ask(rng: random.Random, a: en.Attr) -> str:
    slots = {**tx.first_person(), "label": a.label}
    return tx.fill(en._pick(rng, a, SPLIT, "ask", tx.ASK_FRAMES), "", slots, False)


def _new_value(rng: random.Random, a: en.Attr, taken: list[str]) -> str:
    """A value for an update that neither contains nor sits inside a value already said."""
    for _ in range(40):
        v = ev.value(rng, a.kind, SPLIT)
        if not ev.overlaps(v, taken):
            return v
    raise RuntimeError(f"no fresh value for {a.key!r}")


def profile_script(seed: int) -> dict:
    """Turns in order: introduce yourself with a fact, add another, ask (no edit), correct the first,
    withdraw the second, small talk (no edit); each with the edits it implies."""
    rng = _rng("profile", seed)
    name = rng.choice(ev.pool("first name", SPLIT))  # a real first name: the user introduces themself
    facts = en._draw_facts(rng, en.attrs_in_split("person", SPLIT), 2, SPLIT, avoid=(name,))
    (a1, v1), (a2, v2) = facts.items()
    k1, k2 = normalize_key(a1.key), normalize_key(a2.key)
    new1 = _new_value(rng, a1, [name, v1, v2])
    update = _say(rng, a1, new1)
    update = _lead(rng.choice([w for w in UPDATE_LEADS if w]), update) if tx.takes_lead(update) \
        else f"{update.rstrip('.')}, not {v1} any more."
    turns = [
        (f"{rng.choice(NAME.says).format(v=name)} {_say(rng, a1, v1)}",
         [f"ADD {NAME.key}: {name}", f"ADD {k1}: {v1}"]),
        (_lead(rng.choice(tx.CHAT_LEADS[1]), _say(rng, a2, v2)), [f"ADD {k2}: {v2}"]),
        (_ask(rng, a1), []),
        (update, [f"UPDATE {k1}: {new1}"]),
        (_capital(rng.choice(WITHDRAW).format(label=a2.label)), [f"REMOVE {k2}"]),
        (rng.choice(tx.USER_FILLER), []),
    ]
    return {"turns": [{"turn": t, "edits": e} for t, e in turns], "question": _ask(rng, a1), "answer": new1}


def _lead(lead: str, said: str) -> str:
    """"Oh, and " + "My gate code is 4821." -> "Oh, and my gate code is 4821." (when the sentence allows)."""
    return lead + tx.lower_first(said) if lead and tx.takes_lead(said) else said


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]


def skills_script(seed: int, n_rules: int = 4) -> dict:
    """A workplace skill sheet and one question per rule (so every line of the sheet gets tried)."""
    sheet = es.skill_sheets(1, seed, n_rules, 0, split=SPLIT)[0]
    rng = _rng("skills", seed)
    tasks = [r.task(rng, SPLIT) for r in sheet["rules"]]
    return {"skills_document": sheet["doc"],
            "skill_problems": [{"problem": q, "answer": a} for q, a in tasks]}


def improve_script(n_places: int, seed: int) -> tuple[list[dict], list[dict]]:
    """(attempted, unseen): rules of `n_places` invented workplaces, 3 attempted and 1 unseen each."""
    sets = es.improve_sets(n_places, seed, split=SPLIT)
    return sets["attempted"], sets["unseen"]
