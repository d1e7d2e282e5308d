"""Benchmark sets built from the world. Defaults use the eval split: held-out phrasings, names and values.

Every item carries what a grader needs: the expected answer string and, for preferences, checks that
`users.check_answer` evaluates.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from agenthn.world import chat, skills, tasks, users
from agenthn.world import encyclopedia as enc
from agenthn.world import names as nm


def _rng(name: str, seed: int, split: str) -> random.Random:
    return random.Random(f"{name}-{seed}-{nm.check_split(split)}")


def niah_set(n: int, seed: int, n_turns: int, n_needles: int = 1, split: str = "eval") -> list[dict]:
    """n conversations (see chat.niah_conversation); needle depths rotate over 10 bins across the set."""
    rng = _rng("niah", seed, split)
    out = []
    for i in range(n):
        conv = chat.niah_conversation(rng, n_turns, n_needles, split, phase=(i % 10 + rng.random()) / 10)
        out.append({**conv, "depth_bin": i % 10})
    return out


def magic_set(n: int, seed: int, target_tokens: int, split: str = "eval",
              count_tokens: Callable[[str], int] = tasks.approx_tokens) -> list[dict]:
    """n magic-number haystacks of about target_tokens tokens; item i has its needle in depth bin i % 10."""
    rng = _rng("magic", seed, split)
    return [tasks.magic_haystack(rng, target_tokens, split, i % 10, count_tokens) for i in range(n)]


def _dropped(sessions: list[list[users.Event]]) -> dict[str, str]:
    """Preference values that were set at some point and later changed or removed: key -> old value."""
    out = {}
    for ev in (e for s in sessions for e in s):
        if users.is_pref(ev.key) and ev.op in ("update", "remove"):
            out[ev.key] = ev.old
    return out


def _session_messages(rng: random.Random, events: list[users.Event], split: str) -> list[dict]:
    msgs = []
    for ev in events:
        if rng.random() < 0.5:
            msgs += chat.pair(*chat.filler(rng, split))
        msgs += chat.pair(ev.text, chat.ack(rng, split))
    return msgs


def personalization_users(n: int, seed: int, n_sessions: int = 4, per_session: int = 5,
                          split: str = "eval") -> list[dict]:
    """Users whose facts and preferences are added, changed and withdrawn over sessions.

    Each item: {"sessions": [messages per session], "events": [[Event...] per session], "profile": final,
    "questions": [{"question", "answer", "value", "key", "kind", "checks"}]} asked in a fresh session.
    kind "fact": a current fact, answered in the current style (answer), which must hold `checks`
    (active preferences present, changed/removed ones absent); kind "removed": a withdrawn fact, whose
    answer is "I don't know.".
    """
    rng = _rng("persona", seed, split)
    out = []
    for _ in range(n):
        sessions, profile = users.timeline(rng, n_sessions, per_session, split)
        checks = users.pref_checks(profile, _dropped(sessions))
        qs = [{"question": users.ask(rng, k, split), "answer": users.style_answer(k, v, profile), "value": v,
               "key": k, "kind": "fact", "checks": checks}
              for k, v in profile.items() if not users.is_pref(k)]
        gone = {e.key for s in sessions for e in s if e.op == "remove" and not users.is_pref(e.key)}
        qs += [{"question": users.ask(rng, k, split), "answer": chat.IDK, "value": None, "key": k,
                "kind": "removed", "checks": []} for k in sorted(gone) if k not in profile]
        out.append({"sessions": [_session_messages(rng, s, split) for s in sessions], "events": sessions,
                    "profile": profile, "questions": qs})
    return out


def skill_set(n: int, seed: int, n_rules: int = 4, n_problems: int = 5, split: str = "eval") -> list[dict]:
    """n skills documents, each with problems: {"doc", "rules", "problems": [{"turns", "answer", "worked"}]}.
    "turns" is a list of (question, answer); multi-turn problems ask a follow-up on the previous answer."""
    rng = _rng("skill", seed, split)
    out = []
    for _ in range(n):
        rs = skills.rules(rng, n_rules, split)
        ps = [skills.problem(rng, rs, split) for _ in range(n_problems)]
        out.append({"doc": skills.skill_doc(rs), "rules": rs,
                    "problems": [{"turns": p.turns, "answer": p.answer, "worked": p.worked()} for p in ps]})
    return out


def encyclopedia_sets(n_entities: int, seed: int, split: str = "eval") -> dict:
    """Entities with entry documents, an "attempted" question set and an "unseen" set on the same entities.

    Attributes of each entity are split between the two sets (3 attempted, 2 unseen), so the unseen set
    asks new questions about studied entities; "rephrased" asks the attempted facts in another phrasing.
    Questions carry "source", the fact sentence a study note would cite.
    """
    rng = _rng("enc", seed, split)
    ents = [enc.entity(rng, split) for _ in range(n_entities)]
    attempted, unseen, rephrased = [], [], []
    for e in ents:
        attrs = rng.sample(list(e.attrs), len(e.attrs))
        for i, a in enumerate(attrs):
            q, ans = enc.question(rng, e, a, split)
            item = {"question": q, "answer": ans, "entity": e.name, "attr": a,
                    "source": enc.fact(rng, e, a, split)}
            (attempted if i < 3 else unseen).append(item)
            if i < 3:
                rephrased.append({**item, "question": _rephrase(rng, e, a, q, split)})
    docs = [enc.entry(rng, e, split) for e in ents]
    return {"entities": ents, "docs": docs, "attempted": attempted, "unseen": unseen, "rephrased": rephrased}


def _rephrase(rng: random.Random, e: enc.Entity, attr: str, q: str, split: str) -> str:
    for _ in range(20):
        q2 = enc.question(rng, e, attr, split)[0]
        if q2 != q:
            return q2
    return q2


def edit_set(n: int, seed: int, split: str = "eval") -> list[dict]:
    """Profile-edit tasks: {"profile", "turn", "prompt", "edits" (expected lines), "case"}."""
    rng = _rng("edit", seed, split)
    return [{**t, "prompt": tasks.edit_prompt(t["profile"], t["turn"])}
            for t in (tasks.edit_task(rng, split) for _ in range(n))]


def note_set(n: int, seed: int, split: str = "eval") -> list[dict]:
    """Study-note tasks: {"question", "wrong", "right", "source", "prompt", "note" (expected note)}."""
    rng = _rng("note", seed, split)
    return [tasks.note_task(rng, split) for _ in range(n)]
