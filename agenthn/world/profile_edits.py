"""Training turns for the English profile-edit task: (profile before, user turn, edits it implies).

The English corpus (`english_attrs`, `english_values`, `english_text`) already knows how a person states
a fact about themself ("My cat is called Miso.", "I take a size 42 shoe."); this module turns those
statements into chat turns with the edits they imply, in the proposal format the parser reads:

- statements of new facts, one to three in a turn, sometimes after small talk -> `ADD key: value`;
- a fact restated with a new value ("Actually, ...", "..., not Porto any more") -> `UPDATE key: value`;
- a fact withdrawn ("Please forget my gym.", "Rex passed away.") -> `REMOVE key`;
- small talk, requests, greetings and facts restated unchanged -> `NONE`.

Keys follow one canonical scheme whatever word the turn uses (documented in `world.profile_vocab`:
mum/mom/mother -> "mother ...", kids -> "children", born in -> "birthplace", grew up in -> "hometown",
"vegetarian" -> "diet", hates X -> "disliked food", the company -> "employer", ...); the value is the
one the sentence says, without hedges or qualifiers around it. `world.profile_compound` adds the turns
one-fact statements do not teach: several people with names and attributes in one sentence, two own
facts in one sentence, trimmed values, feelings that imply nothing, withdrawals said as good news and
"another X" as a new key. Only train-split attributes and values, and the vocabulary module's own name,
place, car and food pools, are drawn; the hand-written evaluation turns (`bench/data/profile_turns.jsonl`)
are never read here (a test checks that no generated turn nearly equals one, nor shares a name).

    profile_edit_examples(n, seed) -> [{"profile": {...}, "turn": str, "target": str, "kind": str}]
"""

from __future__ import annotations

import random

from agenthn.world import english_text as tx
from agenthn.world import english_values as ev
from agenthn.world import profile_compound as pc
from agenthn.world.english import attrs_in_split
from agenthn.world.english_attrs import _PETS, _RELATIVES, Attr
from agenthn.world.english_prompts import retention_prompts
from agenthn.world.profile_vocab import canon, value

SPLIT = "train"
# The user's own name is not a corpus attribute (documents are about "me" without one); a profile has it.
NAME = Attr("name", "name", "name",
            ("My name is {v}.", "I'm {v}.", "Call me {v}.", "{v} here.", "This is {v} speaking.",
             "Hi, I'm {v}.", "People know me as {v}."))
UPDATE_LEADS = ("Actually, ", "Update: ", "Quick correction: ", "Things have changed: ", "Small change, ",
                "So, news: ", "Correction: ", "", "", "Just an update, ")
# Leads that name the old value before the new one is said ("I've gone off ramen, ...").
UPDATE_OLD_LEADS = ("No more {old}, ", "I've gone off {old}, ", "Forget {old}: ", "{old} is history, ",
                    "I left {old} behind, ", "Not {old} any more: ")
UPDATE_TAILS = ("", "", "", " now.", " these days.", ", not {old} any more.", " (it used to be {old}).",
                ", since last month.")
REMOVE_SAYS = ("Please forget my {label}, it's not true any more.", "{old} is no longer my {label}.",
               "Forget what I said about {old}.", "Delete my {label} from your notes, please.",
               "My {label} isn't {old} any more, and there's no new one.",
               "That's over now, no more {old} for me.", "Scratch the {label}, it doesn't apply now.",
               "I don't have a {label} any more.", "Please stop remembering my {label}.",
               "Drop {old} from my profile, that's finished.", "I gave up on {old}, it was too much.",
               "Turns out that was wrong, no {old} for me after all!", "I'm done with {old} now.",
               "Good news, {old} doesn't apply to me any more.", "{old} is out of my life, please forget it.",
               "I cancelled the {label}, so forget about it.")
REMOVE_PET = ("Sadly {old} passed away last month, so no {animal} now.", "We had to give {old} away.",
              "{old} died in the spring, we don't have a {animal} any more.")
RESTATE_LEADS = ("Still ", "As I said, ", "Same as before: ", "Nothing new: ", "As you know, ")
# A relative or pet named in passing, with what is said about them: one edit per fact, keyed by who.
NAMED_SAYS = ("My {who} {v} {about}.", "{v}, my {who}, {about}.", "I have a {who} called {v}, who {about}.",
              "My {who} is {v} and {pron} {about}.", "My {who}'s name is {v} and {pron} {about}.")
ABOUT = {"job": ("is {a} {x}", "works as {a} {x}", "trained as {a} {x}"),
         "city": ("lives in {x}", "moved to {x} last year", "is based in {x}")}
ABOUT_SMALL_TALK = ("is coming over on Sunday", "is great fun", "always makes me laugh", "loves long walks")
OWN_FILLER = ("I wonder if it will snow this year.", "That film was far too long.", "I'm so tired today.",
              "The traffic was awful this morning.", "I love the smell of fresh coffee.",
              "My back hurts a bit after the gym.", "Honestly, I think cats are funnier than dogs.",
              "We had pizza for dinner, it was fine.", "I'm not a morning person at all.")
GREETINGS = ("Hi!", "Hello.", "Good evening!", "Hey, how's it going.", "Morning!", "Thanks a lot!",
             "Catch you later!", "Okay, cool.", "Great, thank you.", "See you tomorrow.")


# What people say after a fact; the value still ends where the fact does.
AFTERWORDS = (", by the way.", ", if that helps.", " at the moment.", ", I keep forgetting it.",
              ", just so you know.", ", which I love.", ", for what it's worth.")


def _person_attrs() -> tuple[Attr, ...]:
    return (NAME,) + attrs_in_split("person", SPLIT)


def _say(rng: random.Random, a: Attr, v: str) -> str:
    own = a.says or (tx.SAY_FRAMES[0] if a.generic else ())
    t = rng.choice(own if own and (not a.generic or rng.random() < 0.6) else tx.SAY_FRAMES[0])
    return tx.fill(t, v, {**tx.first_person(), "label": a.label}, False)


def _facts(rng: random.Random, n: int, avoid: set[str]) -> list[tuple[Attr, str]]:
    """n facts with distinct keys and values that do not contain one another."""
    out, taken = [], [x.lower() for x in avoid]
    for a in rng.sample(_person_attrs(), n + 6):
        key = canon(a.key)
        if len(out) == n or key in avoid:
            continue
        v = value(rng, a.kind)
        if ev.overlaps(v, taken):
            continue
        out.append((a, v))
        taken.append(v.lower())
        avoid.add(key)
    return out


def _background(rng: random.Random, avoid: set[str]) -> dict[str, str]:
    """Other facts already in the profile (they must be left alone)."""
    return {canon(a.key): v for a, v in _facts(rng, rng.choice((0, 0, 1, 2, 3)), avoid)}


def _join(rng: random.Random, sentences: list[str]) -> str:
    if len(sentences) == 2 and rng.random() < 0.5 and sentences[1][:2] != "I ":
        return sentences[0].rstrip(".") + " and " + tx.lower_first(sentences[1])
    return " ".join(sentences)


def _small_talk(rng: random.Random) -> str:
    pool = [s for s in tx.USER_FILLER if not s.endswith("?")]
    return rng.choice(pool + list(GREETINGS) + list(OWN_FILLER))


def _named(rng: random.Random) -> dict:
    """"My brother Tomas is a pilot." -> ADD brother name: Tomas, ADD brother job: pilot."""
    who = rng.choice(_RELATIVES + _PETS)
    name = value(rng, "name")
    edits = [(f"{who} name", name)]
    kind = rng.choice(("job", "city", None)) if who in _RELATIVES else None
    if kind:
        x = value(rng, kind)
        about = rng.choice(ABOUT[kind]).replace("{a}", tx.article(x)).replace("{x}", x)
        edits.append((f"{who} {kind}", x))
    else:
        about = rng.choice(ABOUT_SMALL_TALK)
    pron = rng.choice(("she", "he")) if who in _RELATIVES else "it"
    turn = rng.choice(NAMED_SAYS).format(who=who, v=name, about=about, pron=pron)
    profile = _background(rng, {k for k, _ in edits})
    return {"profile": profile, "turn": turn[:1].upper() + turn[1:],
            "target": "\n".join(f"ADD {canon(k)}: {v}" for k, v in edits), "kind": "add"}


def _add(rng: random.Random) -> dict:
    facts = _facts(rng, rng.choice((1, 1, 2, 2, 2, 3, 3, 4)), set())
    profile = _background(rng, {canon(a.key) for a, _ in facts})
    sentences = [_say(rng, a, v) for a, v in facts]
    if rng.random() < 0.3:
        i = rng.randrange(len(sentences))
        if sentences[i].endswith(f"{facts[i][1]}."):
            sentences[i] = sentences[i][:-1] + rng.choice(AFTERWORDS)
    if len(facts) == 1 and tx.takes_lead(sentences[0]) and rng.random() < 0.4:
        sentences[0] = rng.choice(tx.CHAT_LEADS[0]) + tx.lower_first(sentences[0])
    turn = _join(rng, sentences)
    if rng.random() < 0.25:
        turn = f"{_small_talk(rng)} {turn}" if rng.random() < 0.5 else f"{turn} {_small_talk(rng)}"
    return {"profile": profile, "turn": turn,
            "target": "\n".join(f"ADD {canon(a.key)}: {v}" for a, v in facts), "kind": "add"}


def _pair_among(rng: random.Random) -> dict:
    """A two-fact sentence ("I work as a baker in Porto.") among one or two other facts, in any order:
    profile-edit adapter v3 read such a pair right alone but dropped its second fact inside a longer
    turn ("Hi! I'm Alice. I work as a glassblower in Tromso and my dog is called Zorblatt." lost the
    city), having seen the pairs only alone."""
    pair = pc.own_pair(rng)
    taken = {k for _, k, _ in pair["edits"]}
    parts = [(pair["turn"], [f"ADD {k}: {v}" for _, k, v in pair["edits"]])]
    more = _facts(rng, rng.choice((1, 1, 2)), taken)  # adds their keys to `taken`
    parts += [(_say(rng, a, v), [f"ADD {canon(a.key)}: {v}"]) for a, v in more]
    rng.shuffle(parts)
    profile = _background(rng, taken)
    return {"profile": profile, "turn": " ".join(t for t, _ in parts),
            "target": "\n".join(line for _, lines in parts for line in lines), "kind": "add"}


def _update(rng: random.Random) -> dict:
    (a, old), = _facts(rng, 1, set())
    key = canon(a.key)
    new = old
    for _ in range(20):
        new = value(rng, a.kind)
        if new.lower() not in old.lower() and old.lower() not in new.lower():
            break
    if new == old:
        return _add(rng)
    profile = {**_background(rng, {key}), key: old}
    said = _say(rng, a, new)
    tail = rng.choice(UPDATE_TAILS).replace("{old}", old)
    old_first = rng.random() < 0.3
    lead = rng.choice(UPDATE_OLD_LEADS).replace("{old}", old) if old_first else rng.choice(UPDATE_LEADS)
    turn = lead + (tx.lower_first(said) if tx.takes_lead(said) else said)
    turn = turn[:1].upper() + turn[1:]
    if tail:
        turn = turn.rstrip(".") + tail + ("" if tail.endswith(".") else "")
    return {"profile": dict(rng.sample(list(profile.items()), len(profile))), "turn": turn,
            "target": f"UPDATE {key}: {new}", "kind": "update"}


def _remove(rng: random.Random) -> dict:
    (a, old), = _facts(rng, 1, set())
    key = canon(a.key)
    animal = next((p for p in _PETS if a.key == f"{p} name"), None)
    t = rng.choice(REMOVE_PET if animal and rng.random() < 0.6 else REMOVE_SAYS)
    turn = t.format(label=a.label.replace("'s", ""), old=old, animal=animal or "pet")
    profile = {**_background(rng, {key}), key: old}
    return {"profile": dict(rng.sample(list(profile.items()), len(profile))),
            "turn": turn[:1].upper() + turn[1:], "target": f"REMOVE {key}", "kind": "remove"}


def _none(rng: random.Random) -> dict:
    r = rng.random()
    profile = _background(rng, set())
    if r < 0.3 and profile:  # a fact restated unchanged is no edit
        (a, v), = _facts(rng, 1, set())
        profile[canon(a.key)] = v
        said = _say(rng, a, v)
        turn = rng.choice(RESTATE_LEADS) + tx.lower_first(said) if tx.takes_lead(said) else said
    elif r < 0.65:
        requests = retention_prompts(3, rng.randrange(10**9), factual=0.0)  # requests only, as trained
        turn = next(p for p in requests if not p.rstrip().endswith("?"))
    else:
        turn = _small_talk(rng)
    return {"profile": profile, "turn": turn, "target": "NONE", "kind": "none"}


def _compound(maker):
    """A `profile_compound` maker as a training turn: background entries added, the target written."""
    def make(rng: random.Random) -> dict:
        ex = maker(rng)
        keys = {k for _, k, _ in ex["edits"]} | set(ex["profile"])
        profile = {**_background(rng, keys), **ex["profile"]}
        lines = [f"{op} {k}" + ("" if v is None else f": {v}") for op, k, v in ex["edits"]]
        return {"profile": dict(rng.sample(list(profile.items()), len(profile))), "turn": ex["turn"],
                "target": "\n".join(lines) or "NONE", "kind": ex["kind"]}
    make.__name__ = maker.__name__
    return make


# The one-fact makers keep most of the mass (their phenomena are the common case); the compound
# makers (`profile_compound.MAKERS`, 42% together) carry the canonical keys, compounds and traps.
MIX = ((_add, 0.18), (_pair_among, 0.04), (_named, 0.06), (_update, 0.11), (_remove, 0.09),
       (_none, 0.10)) + tuple(
    (_compound(m), w) for m, w in pc.MAKERS)


def profile_edit_examples(n: int, seed: int) -> list[dict]:
    """n training turns with the edits they imply, deterministic in seed."""
    rng = random.Random(f"profile-edits-{seed}")
    makers, weights = zip(*MIX, strict=True)
    return [rng.choices(makers, weights)[0](rng) for _ in range(n)]
