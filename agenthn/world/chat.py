"""Filler chat (small talk with no facts) and long conversations with needles for the memory benchmark.

A conversation is a list of chat messages `{"role": ..., "content": ...}`; one "turn" is one
user/assistant exchange, so n turns are 2n messages.
"""

from __future__ import annotations

import random

from agenthn.world import names as nm
from agenthn.world import users

WEATHER = ["sunny", "rainy", "windy", "cloudy", "foggy", "snowy", "cold", "warm", "grey"]
THINGS = ["music", "walks", "puzzles", "rain", "mornings", "games", "stories", "tea breaks", "clouds"]

# (user, assistant) small talk; {w} is a weather word, {t} a thing. No user facts anywhere.
FILLER = [
    ("How is your day going?", "It is going well, thank you for asking."),
    ("The weather is {w} today.", "{W} days can be nice in their own way."),
    ("Do you like {t}?", "I think {t} can be a lot of fun."),
    ("Thanks for the help.", "You are welcome."),
    ("Good morning!", "Good morning! How can I help?"),
    ("Let us chat for a bit.", "Sure, I am happy to chat."),
    ("What a long week.", "Long weeks happen. I hope you get some rest."),
    ("Any advice for a calm evening?", "A short walk and a warm drink can help."),
    ("Tell me something nice.", "Every day is a chance to learn something new."),
    ("It feels {w} outside.", "I hope you stay comfortable out there."),
    ("I was thinking about {t}.", "That sounds like a nice thing to think about."),
    ("Can we just talk?", "Of course, I am here to talk."),
    ("Hello there.", "Hello! It is nice to hear from you."),
    ("What do you think of {t}?", "Many people enjoy {t}."),
    ("Any plans for today?", "I am here to help you with whatever you need."),
]
ACKS = ["Got it.", "Noted.", "Thanks, I will remember that.", "Okay, noted.", "Understood.",
        "I will keep that in mind.", "Thanks for telling me.", "Sure, noted.", "Alright, got it."]
IDK = "I don't know."


def filler(rng: random.Random, split: str) -> tuple[str, str]:
    """One small-talk exchange."""
    u, a = nm.pick(rng, FILLER, split)
    w, t = rng.choice(WEATHER), rng.choice(THINGS)
    return u.format(w=w, t=t), a.format(w=w, W=w.capitalize(), t=t)


def ack(rng: random.Random, split: str) -> str:
    return nm.pick(rng, ACKS, split)


def pair(user: str, assistant: str) -> list[dict]:
    return [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]


def render(messages: list[dict]) -> str:
    """Messages as plain text, the form a conversation segment takes as a document."""
    who = {"user": "User", "assistant": "Assistant", "system": "System"}
    return "\n".join(f"{who[m['role']]}: {m['content']}" for m in messages)


def needle_positions(rng: random.Random, n_turns: int, n_needles: int,
                     phase: float | None = None) -> list[int]:
    """Stratified turn indices: needle i lies in band i of n_needles equal bands.

    `phase` in [0, 1) sets where in its band each needle sits; benchmark builders rotate it over 10 bins
    so that depths are balanced across a set.
    """
    out = []
    for i in range(n_needles):
        u = rng.random() if phase is None else phase
        out.append(min(n_turns - 1, int((i + u) * n_turns / n_needles)))
    return sorted(dict.fromkeys(out))


def niah_conversation(rng: random.Random, n_turns: int, n_needles: int, split: str,
                      phase: float | None = None) -> dict:
    """n_turns exchanges, facts ("needles") said at balanced depths among filler, one question per fact.

    Returns {"messages", "needles": [{"key", "value", "turn", "depth"}], "questions": [{"question",
    "answer", "key", "depth"}]}; `depth` is the needle's turn index divided by n_turns.
    """
    n_needles = min(n_needles, n_turns, len(users.ATTRS))
    pos = needle_positions(rng, n_turns, n_needles, phase)
    facts = list(users.facts(rng, len(pos), split).items())
    at = dict(zip(pos, facts, strict=True))
    messages, needles = [], []
    for t in range(n_turns):
        if t in at:
            k, v = at[t]
            messages += pair(users.state(rng, k, v, split), ack(rng, split))
            needles.append({"key": k, "value": v, "turn": t, "depth": t / n_turns})
        else:
            messages += pair(*filler(rng, split))
    qs = [{"question": users.ask(rng, n["key"], split), "answer": n["value"], "key": n["key"],
           "depth": n["depth"]} for n in needles]
    return {"messages": messages, "needles": needles, "questions": qs}
