"""Users: facts (31 attribute kinds), style preferences, and how they change over sessions.

A profile is a plain dict `{key: value}`; fact keys are lowercase labels ("locker code") and
preference keys start with "style " ("style sign-off"). `style_answer` renders an answer the way a
profile's preferences ask, and `pref_checks` gives a grader the checkable properties of that style.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from agenthn.agent.prompts import TONE_WORD, is_pref, render_profile  # noqa: F401
from agenthn.world import names as nm

PETS = ["cat", "dog", "rabbit", "parrot", "hamster", "turtle", "goldfish", "ferret", "lizard",
        "mouse", "pony", "owl"]
COLOURS = ["red", "blue", "green", "yellow", "purple", "orange", "pink", "brown", "black", "white",
           "grey", "gold", "silver", "teal", "navy"]
FOODS = ["pizza", "soup", "rice", "pasta", "noodles", "salad", "tacos", "curry", "bread", "cheese",
         "pie", "dumplings", "pancakes", "stew", "fish"]
DRINKS = ["tea", "coffee", "milk", "juice", "water", "cocoa", "lemonade", "cider", "soda"]
HOBBIES = ["painting", "hiking", "chess", "knitting", "fishing", "gardening", "cooking", "reading",
           "dancing", "pottery", "climbing", "baking"]
SPORTS = ["tennis", "soccer", "rowing", "golf", "cycling", "boxing", "skiing", "hockey", "running",
          "judo", "karate", "swimming"]
INSTRUMENTS = ["piano", "violin", "drums", "flute", "guitar", "cello", "harp", "trumpet", "banjo"]
JOBS = ["baker", "nurse", "pilot", "teacher", "farmer", "chemist", "plumber", "tailor", "lawyer",
        "painter", "miner", "librarian"]
COMPANY = ["Works", "Labs", "Foods", "Tools", "Mills", "Farms", "Motors", "Press"]
SONG = ["Rain", "Dance", "Road", "Moon", "Dream", "Light"]


def _cat(items):
    return lambda r, s: nm.pick(r, items, s)


def _code(n):
    return lambda r, s: nm.digits(r, n, s)


# label -> value generator(rng, split). The label doubles as the profile key.
ATTRS = {
    "name": nm.full_name,
    "home city": nm.place,
    "hometown": nm.place,
    "type of pet": _cat(PETS),
    "pet name": nm.name,
    "employer": lambda r, s: f"{nm.name(r, s)} {r.choice(COMPANY)}",
    "job": _cat(JOBS),
    "birthday": nm.date,
    "favourite colour": _cat(COLOURS),
    "favourite food": _cat(FOODS),
    "favourite book": lambda r, s: f"The {nm.name(r, s)} of {nm.place(r, s)}",
    "favourite drink": _cat(DRINKS),
    "hobby": _cat(HOBBIES),
    "sport": _cat(SPORTS),
    "instrument": _cat(INSTRUMENTS),
    "locker code": _code(4),
    "phone extension": _code(3),
    "badge number": _code(5),
    "lucky number": _code(2),
    "room number": _code(3),
    "bike lock code": _code(4),
    "street": lambda r, s: f"{nm.place(r, s)} Street",
    "best friend": nm.name,
    "sister": nm.name,
    "brother": nm.name,
    "car colour": _cat(COLOURS),
    "favourite song": lambda r, s: f"{nm.name(r, s)} {r.choice(SONG)}",
    "wifi password": lambda r, s: nm.word(r, s) + nm.digits(r, 2, s),
    "doctor": lambda r, s: f"Dr. {nm.name(r, s)}",
    "team": lambda r, s: f"{nm.place(r, s)} United",
    "parking spot": lambda r, s: "P" + nm.digits(r, 3, s),
}

STATE = ["My {label} is {value}.", "Just so you know, my {label} is {value}.",
         "Note that my {label} is {value}.", "Remember that my {label} is {value}.",
         "For the record, my {label} is {value}.", "I should mention that my {label} is {value}.",
         "Please keep in mind that my {label} is {value}.", "Here is a fact about me: my {label} is {value}.",
         "By the way, my {label} is {value}."]
ASK = ["What is my {label}?", "Do you remember my {label}?", "What was my {label} again?",
       "Tell me my {label}.", "Can you recall my {label}?", "Remind me, what is my {label}?",
       "Which {label} did I tell you?", "What did I say my {label} is?",
       "Quick question: what is my {label}?"]
UPDATE = ["Actually, my {label} is now {value}.", "Update: my {label} changed to {value}.",
          "My {label} is different now, it is {value}.", "I changed my {label} to {value}.",
          "Correction: my {label} is {value}.", "New info: my {label} is now {value}.",
          "Small change, my {label} is now {value}.", "These days my {label} is {value}.",
          "Please note my new {label}: {value}."]
REMOVE = ["Please forget my {label}.", "Forget what I said about my {label}.",
          "Delete my {label} from your notes.", "I no longer want you to remember my {label}.",
          "Drop my {label}, it is not true anymore.", "Remove my {label} please.",
          "Do not keep my {label} anymore.", "My {label} is not something to remember now.",
          "Please erase my {label}."]

# Preferences: key -> (what the user says to set it, value generator).
PREF_DESC = {
    "style sign-off": lambda v: f"end every answer with the word {v}",
    "style format": lambda v: {"list": "answer as a list", "sentence": "answer in a full sentence",
                               "short": "keep answers short"}[v],
    "style case": lambda v: "answer in capital letters",
    "style tone": lambda v: f"use a {v} tone",
    "style nickname": lambda v: f"call me {v}",
}
PREF_VALUES = {
    "style sign-off": lambda r, s: nm.word(r, s).capitalize(),
    "style format": lambda r, s: r.choice(["list", "sentence", "short"]),
    "style case": lambda r, s: "upper",
    "style tone": lambda r, s: r.choice(["formal", "casual", "cheerful"]),
    "style nickname": nm.name,
}
PREF_STATE = ["From now on, {desc}.", "Please {desc}.", "I would like you to {desc}.",
              "Going forward, {desc}.", "My wish is that you {desc}.", "When you reply, {desc}.",
              "One request: {desc}.", "In all replies, {desc}.", "I prefer that you {desc}."]
PREF_REMOVE = ["Drop my {plabel} preference.", "Forget my {plabel} preference.",
               "I no longer want a special {plabel}.", "Stop using my {plabel} preference.",
               "Remove the {plabel} rule.", "No more {plabel} preference, please.",
               "Please undo my {plabel} preference.", "Cancel the {plabel} request.",
               "The {plabel} preference is gone now."]


def state(rng: random.Random, key: str, value: str, split: str) -> str:
    """One sentence a user says to add a fact or preference."""
    if is_pref(key):
        return nm.pick(rng, PREF_STATE, split).format(desc=PREF_DESC[key](value))
    return nm.pick(rng, STATE, split).format(label=key, value=value)


def update(rng: random.Random, key: str, value: str, split: str) -> str:
    if is_pref(key):
        return state(rng, key, value, split)
    return nm.pick(rng, UPDATE, split).format(label=key, value=value)


def remove(rng: random.Random, key: str, split: str) -> str:
    if is_pref(key):
        return nm.pick(rng, PREF_REMOVE, split).format(plabel=key.removeprefix("style "))
    return nm.pick(rng, REMOVE, split).format(label=key)


def ask(rng: random.Random, key: str, split: str) -> str:
    return nm.pick(rng, ASK, split).format(label=key)


def facts(rng: random.Random, n: int, split: str) -> dict[str, str]:
    """n distinct fact attributes with fresh random values."""
    return {k: ATTRS[k](rng, split) for k in rng.sample(list(ATTRS), n)}


def prefs(rng: random.Random, n: int, split: str) -> dict[str, str]:
    return {k: PREF_VALUES[k](rng, split) for k in rng.sample(list(PREF_VALUES), n)}


def style_answer(key: str, value: str, profile: dict[str, str]) -> str:
    """The answer to "what is my <key>?" rendered in the profile's style.

    Layout: optional header line (tone word and/or nickname), the body, optional sign-off line.
    """
    fmt = profile.get("style format", "short")
    body = {"list": f"- {value}", "sentence": f"Your {key} is {value}.", "short": value}[fmt]
    if profile.get("style case") == "upper":
        body = body.upper()
    tone, nick = profile.get("style tone"), profile.get("style nickname")
    header = None
    if tone and nick:
        header = f"{TONE_WORD[tone]}, {nick}."
    elif tone or nick:
        header = f"{TONE_WORD[tone]}." if tone else f"Hi {nick}."
    lines = [header, body, profile.get("style sign-off")]
    return "\n".join(x for x in lines if x)


def pref_checks(profile: dict[str, str], dropped: dict[str, str] | None = None) -> list[dict]:
    """Checkable properties of a styled answer: the active preferences hold, dropped ones do not.

    Each check is {"type": ..., "arg": ...}; `check_answer` evaluates them.
    """
    out = []
    if "style sign-off" in profile:
        out.append({"type": "last_line", "arg": profile["style sign-off"]})
    fmt = profile.get("style format")
    if fmt == "list":
        out.append({"type": "has_line_startswith", "arg": "- "})
    elif fmt == "sentence":
        out.append({"type": "contains_ci", "arg": "your "})
    if profile.get("style case") == "upper":
        out.append({"type": "has_upper_line", "arg": ""})
    if "style tone" in profile:
        out.append({"type": "startswith", "arg": TONE_WORD[profile["style tone"]]})
    if "style nickname" in profile:
        out.append({"type": "first_line_contains", "arg": profile["style nickname"]})
    for key, old in (dropped or {}).items():
        if key == "style sign-off" and profile.get(key) != old:
            out.append({"type": "not_contains", "arg": old})
        if key == "style format" and old == "list" and profile.get(key) != "list":
            out.append({"type": "not_has_line_startswith", "arg": "- "})
    return out


def check_answer(answer: str, checks: list[dict]) -> bool:
    """True when every check holds for `answer`."""
    lines = answer.strip().split("\n")
    tests = {
        "last_line": lambda a: lines[-1].strip() == a,
        "startswith": lambda a: answer.strip().startswith(a),
        "contains": lambda a: a in answer,
        "contains_ci": lambda a: a.lower() in answer.lower(),
        "not_contains": lambda a: a not in answer,
        "first_line_contains": lambda a: a in lines[0],
        "has_line_startswith": lambda a: any(x.startswith(a) for x in lines),
        "not_has_line_startswith": lambda a: not any(x.startswith(a) for x in lines),
        # digits-only values have no case, so "upper" means: some line has no lowercase letter
        "has_upper_line": lambda a: any(x == x.upper() for x in lines),
    }
    return all(tests[c["type"]](c["arg"]) for c in checks)


@dataclass
class Event:
    """One change to a profile, and the user turn that says it."""
    op: str            # "add" | "update" | "remove"
    key: str
    value: str | None  # new value; None for remove
    old: str | None    # previous value for update/remove
    text: str


def new_value(rng: random.Random, key: str, old: str | None, split: str) -> str | None:
    """A value for `key` that differs from `old`, or None when the key has only one value."""
    gen = PREF_VALUES[key] if is_pref(key) else ATTRS[key]
    for _ in range(20):
        v = gen(rng, split)
        if v != old:
            return v
    return None


def next_event(rng: random.Random, profile: dict[str, str], split: str, p_pref: float = 0.3) -> Event:
    """A random add/update/remove event against `profile`; applies it to `profile` in place."""
    pool = list(PREF_VALUES) if rng.random() < p_pref else list(ATTRS)
    present = [k for k in pool if k in profile]
    absent = [k for k in pool if k not in profile]
    op = rng.choices(["add", "update", "remove"], weights=[3, 2, 1])[0] if present else "add"
    if op == "add" and not absent:
        op = "update"
    key = rng.choice(absent if op == "add" else present)
    if op == "add" or key not in profile:
        value = new_value(rng, key, None, split)
        profile[key] = value
        return Event("add", key, value, None, state(rng, key, value, split))
    old = profile[key]
    value = new_value(rng, key, old, split) if op == "update" else None
    if value is None:
        del profile[key]
        return Event("remove", key, None, old, remove(rng, key, split))
    profile[key] = value
    return Event("update", key, value, old, update(rng, key, value, split))


def timeline(rng: random.Random, n_sessions: int, per_session: int, split: str) -> tuple[list, dict]:
    """Sessions of events starting from an empty profile; returns (sessions, final profile)."""
    profile: dict[str, str] = {}
    sessions = [[next_event(rng, profile, split) for _ in range(per_session)] for _ in range(n_sessions)]
    return sessions, profile
