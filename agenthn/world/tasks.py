"""Tool-like tasks the features need, and the magic-number haystack.

- profile edits: from a user turn and the current profile, the edit lines
  `ADD key: value` / `UPDATE key: value` / `REMOVE key` / `NONE` (parse with `EDIT_RE`);
- study notes: from a graded mistake, an itemized note (lines starting "- ");
- magic-number haystacks: fixed filler blocks with one needle block, sized by any token counter.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from agenthn.agent.prompts import EDIT_INSTRUCTION, NOTE_INSTRUCTION, edit_prompt, note_prompt  # noqa: F401
from agenthn.world import chat, skills, users
from agenthn.world import encyclopedia as enc
from agenthn.world import names as nm

EDIT_RE = re.compile(r"^(?:(ADD|UPDATE) ([a-z][a-z -]*): (.+)|(REMOVE) ([a-z][a-z -]*)|(NONE))$")
MAGIC_FILLER = "The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again."
MAGIC_NEEDLE = "The special magic number is {n}."
MAGIC_QUESTION = "What is the special magic number? Reply with only the number."


def parse_edits(text: str) -> list[tuple[str, str, str | None]]:
    """Edit lines -> [(op, key, value)]; NONE and unparsable lines are skipped."""
    out = []
    for line in text.strip().split("\n"):
        m = EDIT_RE.match(line.strip())
        if m and m.group(1):
            out.append((m.group(1), m.group(2), m.group(3)))
        elif m and m.group(4):
            out.append(("REMOVE", m.group(5), None))
    return out


def apply_edits(profile: dict[str, str], text: str) -> dict[str, str]:
    """A new profile with the parsed edits applied (ADD and UPDATE both set; REMOVE deletes)."""
    out = dict(profile)
    for op, key, value in parse_edits(text):
        if op == "REMOVE":
            out.pop(key, None)
        else:
            out[key] = value
    return out


def edit_task(rng: random.Random, split: str) -> dict:
    """{"profile", "turn", "edits" (answer text), "case"}: one of add, update, remove, same, absent
    (forget a key the profile lacks), filler or multi (two new facts in one turn)."""
    profile = {**users.facts(rng, rng.randint(0, 5), split), **users.prefs(rng, rng.randint(0, 2), split)}
    case = rng.choice(["add", "add", "update", "remove", "same", "absent", "filler", "multi"])
    if case in ("update", "remove", "same") and not profile:
        case = "add"
    pool = list(users.ATTRS) + list(users.PREF_VALUES)
    absent = [k for k in pool if k not in profile]
    if case == "filler":
        return {"profile": profile, "turn": chat.filler(rng, split)[0], "edits": "NONE", "case": case}
    if case == "absent":
        k = rng.choice([k for k in absent if not users.is_pref(k)])
        return {"profile": profile, "turn": users.remove(rng, k, split), "edits": "NONE", "case": case}
    if case in ("add", "multi"):
        keys = rng.sample(absent, 2 if case == "multi" else 1)
        vals = [users.PREF_VALUES[k](rng, split) if users.is_pref(k) else users.ATTRS[k](rng, split)
                for k in keys]
        turn = " ".join(users.state(rng, k, v, split) for k, v in zip(keys, vals, strict=True))
        edits = "\n".join(f"ADD {k}: {v}" for k, v in zip(keys, vals, strict=True))
        return {"profile": profile, "turn": turn, "edits": edits, "case": case}
    k = rng.choice(list(profile))
    if case == "same":
        turn = users.state(rng, k, profile[k], split)
        return {"profile": profile, "turn": turn, "edits": "NONE", "case": case}
    new = users.new_value(rng, k, profile[k], split) if case == "update" else None
    if new is None:
        turn = users.remove(rng, k, split)
        return {"profile": profile, "turn": turn, "edits": f"REMOVE {k}", "case": "remove"}
    return {"profile": profile, "turn": users.update(rng, k, new, split), "edits": f"UPDATE {k}: {new}",
            "case": case}


def study_note(m: dict) -> str:
    """The itemized note for a graded mistake: the source fact, then the corrected question."""
    return f"- {m['source']}\n- Q: {m['question']} A: {m['right']}, not {m['wrong']}."


def mistake(rng: random.Random, split: str) -> dict:
    """A graded mistake {"question", "wrong", "right", "source", "from"}; "from" is knowledge or skill."""
    if rng.random() < 0.7:
        e = enc.entity(rng, split)
        attr = rng.choice(list(e.attrs))
        q, right = enc.question(rng, e, attr, split)
        wrong = right
        while wrong == right:  # categorical attributes can repeat; redraw
            wrong = enc.KINDS[e.kind][attr](rng, split)
        return {"question": q, "wrong": wrong, "right": right, "source": enc.fact(rng, e, attr, split),
                "from": "knowledge"}
    rule = skills.make_rule(rng, split)
    a, b = skills._args(rng, rule, split)
    q = nm.pick(rng, skills.ONE, split).format(op=rule.name, args=skills._fmt(rule, a, b))
    right = rule.apply(a, b)
    return {"question": q, "wrong": str(right + rng.choice([-2, -1, 1, 3])), "right": str(right),
            "source": rule.text, "from": "skill"}


def note_task(rng: random.Random, split: str) -> dict:
    m = mistake(rng, split)
    return {**m, "prompt": note_prompt(m), "note": study_note(m)}


def approx_tokens(text: str) -> int:
    """Words plus punctuation marks: a stand-in for a BPE count when no tokenizer is at hand."""
    return len(re.findall(r"\w+|[^\w\s]", text))


def haystack(n_blocks: int, pos: int, number: str) -> str:
    blocks = [MAGIC_FILLER] * n_blocks
    blocks[pos] = MAGIC_NEEDLE.format(n=number)
    return "\n".join(blocks)


def magic_haystack(rng: random.Random, target_tokens: int, split: str, depth_bin: int | None = None,
                   count_tokens: Callable[[str], int] = approx_tokens) -> dict:
    """A haystack whose token count (by `count_tokens`) is as close to target as whole blocks allow.

    The needle replaces the block at depth bin `depth_bin` (0..9, random if None).
    Returns {"doc", "question", "answer", "depth_bin", "depth", "n_tokens", "n_blocks"}.
    """
    per = count_tokens(MAGIC_FILLER + "\n" + MAGIC_FILLER) - count_tokens(MAGIC_FILLER)
    n = max(1, round(target_tokens / max(per, 1)))
    number = nm.digits(rng, 4, split)
    size = lambda k: count_tokens(haystack(k, 0, number))  # noqa: E731 - a one-off probe
    while n > 1 and size(n) > target_tokens:
        n -= 1
    while size(n + 1) <= target_tokens:
        n += 1
    # now size(n) <= target < size(n + 1), unless one block already overshoots: take the closer
    if abs(size(n + 1) - target_tokens) < abs(size(n) - target_tokens):
        n += 1
    b = rng.randrange(10) if depth_bin is None else depth_bin
    pos = min(n - 1, int((b + rng.random()) * n / 10))
    doc = haystack(n, pos, number)
    return {"doc": doc, "question": MAGIC_QUESTION, "answer": number, "depth_bin": b,
            "depth": pos / max(n - 1, 1), "n_tokens": count_tokens(doc), "n_blocks": n}
