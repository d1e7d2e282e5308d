"""English users for the personalization benchmark on real bases (smol): free-form facts over sessions.

A user says facts about themself in plain English over a few sessions ("Just so you know, my gate code
is 5912.", "My nephew answers to Tariq."), changes some ("Heads up, my bus number is 58 now, not 31.")
and withdraws others ("Please delete my gate code, it's out of date."), with small talk and the odd
question in between. Then, in a fresh session, they ask about every current fact and every withdrawn
one. Everything is drawn from the English corpus's held-out split by default (`english`,
`english_values`): the attributes (`HELDOUT_PERSON`), their statement and question phrasings, and the
values (held-out pool words, or synthesized names and numbers whose hash puts them in the held-out
share), so neither the hypernetwork nor the profile-edit task adapter was trained on any of it, and
a random name or number cannot be guessed. The update and withdrawal phrasings below are written for
this benchmark only (`profile_edits` has its own, which train the task adapter).

Attributes whose held-out values come from a pool of three or fewer words (star signs, blood types,
cheeses) are left out: a model could name one by chance. So is "previous job", whose held-out
question asks about the present job. There are no style preferences: the tiny world's style checks
(sign-off lines, upper case) test its own task format, and smol's profile proposer was never trained
on them.

    english_users(n, seed, n_sessions=3, per_session=4, split="heldout") -> [{"sessions", "events",
        "profile", "questions", "split"}]

`profile` is the gold final profile {key: value}, keys in the parser's spelling of what the user says
(`normalize_key(label)`: "driving test date", "nephew name"); questions are {"question", "answer",
"value", "key", "kind", "checks"} with kind "fact" (answer = value) or "removed" (answer "I don't
know."), the same shape as the tiny world's `benchmarks.personalization_users`.
"""

from __future__ import annotations

import random

from agenthn.agent.profile_keys import normalize_key
from agenthn.world import english_text as tx
from agenthn.world import english_values as ev
from agenthn.world.english import _pick, attrs_in_split
from agenthn.world.english_attrs import Attr
from agenthn.world.users import Event  # one change to a profile and the turn that says it

IDK = "I don't know."
MIN_POOL = 4  # held-out pools smaller than this can be guessed
# Its held-out question ("What line of work am I in?") asks about the present job.
EXCLUDED = frozenset({"previous job"})
# Updates: a lead before the new statement, or a tail after it that names the old value.
UPDATE_LEADS = ("Heads up, ", "One change: ", "It changed recently: ", "News on my side: ", "So, turns out ",
                "Oh, that's different now: ")
UPDATE_TAILS = (", not {old} as before.", " now, no longer {old}.", " (I had told you {old}).", ".")
REMOVE_SAYS = ("Please delete my {label}, it's out of date.", "My {label} is no longer {old}, so you can "
               "forget it.", "Forget about my {label}, it doesn't matter any more.",
               "Strike {old} from your notes, that's no longer right.",
               "You don't need to remember my {label} any more.",
               "{old} isn't my {label} now, please drop it.")
SMALL_TALK = ("I had a long day at work.", "It's sunny here for once.", "Thanks for your help yesterday.",
              "I'm cooking pasta tonight.", "Hello again!")
QUESTIONS = ("Can you suggest a good book?", "How do I boil an egg?", "What's a nice name for a boat?")
OP_WEIGHTS = {"add": 3, "update": 2, "remove": 1}


def usable_attrs(split: str) -> tuple[Attr, ...]:
    """Person attributes of a split whose values cannot be guessed and whose questions fit."""
    vs = ev.check_split(split) if split != "train" else "train"
    return tuple(a for a in attrs_in_split("person", vs) if a.key not in EXCLUDED
                 and (a.kind not in ev.POOLS or len(ev.pool(a.kind, vs)) >= MIN_POOL))


def key_of(a: Attr) -> str:
    """The profile key a user's own words give this fact: the label they say, normalized."""
    return normalize_key(a.label)


def say(rng: random.Random, a: Attr, v: str, split: str) -> str:
    """A statement of the fact. Frames that ask and answer themselves ("My height? That would be 172.")
    are skipped: a question never edits the profile, so its sentence is not shown to the proposer."""
    t = _pick(rng, a, split, "say", tx.SAY_FRAMES)
    for _ in range(20):
        if "?" not in t:
            break
        t = _pick(rng, a, split, "say", tx.SAY_FRAMES)
    return tx.fill(t, v, {**tx.first_person(), "label": a.label}, False)


def ask(rng: random.Random, a: Attr, split: str) -> str:
    t = _pick(rng, a, split, "ask", tx.ASK_FRAMES)
    return tx.fill(t, "", {**tx.first_person(), "label": a.label}, False)


def fresh_value(rng: random.Random, a: Attr, split: str, taken: list[str]) -> str | None:
    """A value of the attribute's kind that neither contains nor is contained in any value said so far
    (so a stale value can never be read inside a current one), or None after 30 tries."""
    for _ in range(30):
        v = ev.value(rng, a.kind, split)
        if not ev.overlaps(v, taken):
            taken.append(v.lower())
            return v
    return None


def _chatty(rng: random.Random, sentence: str, split: str) -> str:
    """Now and then a fact comes after a lead-in ("Side note: my ...")."""
    if tx.takes_lead(sentence) and rng.random() < 0.3:
        return rng.choice(tx.CHAT_LEADS[int(split != "train")]) + tx.lower_first(sentence)
    return sentence


def _update_text(rng: random.Random, a: Attr, new: str, old: str, split: str) -> str:
    said = say(rng, a, new, split)
    text = rng.choice(UPDATE_LEADS) + tx.lower_first(said) if tx.takes_lead(said) else said
    tail = rng.choice(UPDATE_TAILS).replace("{old}", old)
    return text.rstrip(".") + tail


def _remove_text(rng: random.Random, a: Attr, old: str) -> str:
    t = rng.choice(REMOVE_SAYS).format(label=a.label, old=old)
    return t[:1].upper() + t[1:]


def next_event(rng: random.Random, state: dict[str, tuple[Attr, str]], attrs: tuple[Attr, ...], split: str,
               taken: list[str]) -> Event | None:
    """A random add/update/remove against `state` ({key: (attr, value)}), applied in place."""
    absent = [a for a in attrs if key_of(a) not in state]
    ops = [op for op in OP_WEIGHTS if (absent if op == "add" else state)]
    op = rng.choices(ops, [OP_WEIGHTS[o] for o in ops])[0]
    if op == "add":
        a = rng.choice(absent)
        v = fresh_value(rng, a, split, taken)
        if v is None:
            return None
        state[key_of(a)] = (a, v)
        return Event("add", key_of(a), v, None, _chatty(rng, say(rng, a, v, split), split))
    key = rng.choice(sorted(state))
    a, old = state[key]
    if op == "remove":
        del state[key]
        return Event("remove", key, None, old, _remove_text(rng, a, old))
    v = fresh_value(rng, a, split, taken)
    if v is None:
        return None
    state[key] = (a, v)
    return Event("update", key, v, old, _update_text(rng, a, v, old, split))


def timeline(rng: random.Random, n_sessions: int, per_session: int, split: str
             ) -> tuple[list[list[Event]], dict[str, tuple[Attr, str]]]:
    """Sessions of events from an empty profile, redrawn until there is at least one update and one
    withdrawal (when there are enough events for both); returns (sessions, final state)."""
    attrs = usable_attrs(split)
    for _ in range(50):
        state: dict[str, tuple[Attr, str]] = {}
        taken: list[str] = []
        events = [next_event(rng, state, attrs, split, taken) for _ in range(n_sessions * per_session)]
        ops = {e.op for e in events if e is not None}
        if None not in events and ({"update", "remove"} <= ops or n_sessions * per_session < 3):
            return [events[i * per_session:(i + 1) * per_session] for i in range(n_sessions)], state
    raise RuntimeError("no timeline with an update and a withdrawal in 50 draws")


def _session_messages(rng: random.Random, events: list[Event]) -> list[dict]:
    """The user turns of a session (its events, plus one turn of small talk or an unrelated question,
    which must edit nothing), each answered by a short acknowledgement."""
    turns = [e.text for e in events]
    turns.insert(rng.randint(0, len(turns)), rng.choice(SMALL_TALK + QUESTIONS))
    msgs = []
    for t in turns:
        msgs += [{"role": "user", "content": t},
                 {"role": "assistant", "content": rng.choice(tx.ASSISTANT_ACKS)}]
    return msgs


def _questions(rng: random.Random, sessions: list[list[Event]], state: dict[str, tuple[Attr, str]],
               split: str) -> list[dict]:
    """One question per current fact, and one per withdrawn fact (expected: "I don't know.")."""
    qs = [{"question": ask(rng, a, split), "answer": v, "value": v, "key": k, "kind": "fact", "checks": []}
          for k, (a, v) in state.items()]
    gone = {e.key: a for s in sessions for e in s if e.op == "remove"
            for a in usable_attrs(split) if key_of(a) == e.key}
    qs += [{"question": ask(rng, a, split), "answer": IDK, "value": None, "key": k, "kind": "removed",
            "checks": []} for k, a in sorted(gone.items()) if k not in state]
    return qs


def english_users(n: int, seed: int, n_sessions: int = 3, per_session: int = 4,
                  split: str = "heldout") -> list[dict]:
    """n English users, deterministic in seed (see the module doc for the item shape)."""
    split = "train" if split == "train" else ev.check_split(split)
    rng = random.Random(f"english-users-{seed}-{split}")
    out = []
    for _ in range(n):
        sessions, state = timeline(rng, n_sessions, per_session, split)
        out.append({"sessions": [_session_messages(rng, s) for s in sessions], "events": sessions,
                    "profile": {k: v for k, (_, v) in state.items()},
                    "questions": _questions(rng, sessions, state, split), "split": split})
    return out
