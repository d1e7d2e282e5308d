"""Profile-edit training turns for what one-fact statements do not teach (see `world.profile_vocab` for
the canonical key scheme every target follows):

- several people in one sentence, each with a name and what they do or where they live (2-4 edits);
- one sentence that holds two facts of the user's own (car and its colour, subject and university city,
  birthplace and hometown, job and employer, kind of home and city);
- a value said with hedges or qualifiers around it ("definitely X", "a part-time X"): the value alone;
- feelings and small talk, also about relatives and pets, that imply no edit;
- withdrawals phrased as good news ("not allergic after all") -> REMOVE;
- another animal of a kind the profile has -> ADD `second <animal> name`, a renamed one -> UPDATE;
- a pet or relative said to be of another kind ("Pickle is actually a tortoise, not a cat") -> REMOVE
  the old kind's name, ADD the new kind's;
- a job said as what one does ("I bake bread", "my aunt Esme teaches yoga") -> the occupation noun, with
  where ("I teach art at a college in Leipzig") -> job and city; what one does that is no job (learning
  it, a hobby) -> no edit;
- small talk about a relative the profile names, or about one's own work -> no edit;
- v6 (session 51): a relative's job and where in one clause, twins with their age, what one collects.

Each maker returns {"profile": the entries the turn needs, "turn", "edits": [(op, key, value)], "kind"};
`world.profile_edits` adds unrelated background entries and writes the target.
"""

from __future__ import annotations

import random

from agenthn.world import profile_vocab as pv

KIN_ABOUT = {"job": ("is {a} {x}", "works as {a} {x}", "is training to be {a} {x}", "is {a} {q} {x}"),
             "city": ("lives in {x}", "lives over in {x}", "moved to {x}", "is based in {x}",
                      "is still in {x}"),
             "business": ("runs {a} {x}", "owns {a} {x}", "has {a} {x} in town", "opened {a} {x}"),
             "age": ("is {x}", "just turned {x}", "is {x} years old")}
# v6: a job and where, in one clause ("Our daughter Elsa is a dentist in Stockholm." kept only the job,
# session 51)
KIN_JOB_CITY = ("is {a} {x} in {c}", "works as {a} {x} in {c}", "is {a} {x} over in {c}",
                "is {a} {x}, based in {c}")
KIN_NO_FACT = ("is visiting next week", "never answers the phone", "is the funniest person I know",
               "taught me to swim", "starts school after the summer", "cooked for everyone on Sunday",
               "sends me memes all day", "is on holiday at the moment", "is a huge help with the kids")
FEELINGS = ("I really hate {day}s.", "Ugh, {day}s are the worst.", "{day}s always drag.",
            "I can't stand {day} mornings.", "I love a lazy {day}.", "Is it {day} already? Time flies.",
            "I can't stand this cold weather.", "I hate it when the bus is late.", "I'm freezing today.",
            "I'm in such a good mood today!", "Honestly I could sleep for a week.", "I hate queuing.",
            "My {rel} phoned, we talked for ages.", "My {pet} knocked a mug off the table again.",
            "My {rel} says hi!", "I love the sound of rain on the roof.", "Ugh, my {pet} woke me at five.",
            "What a week. I'm so glad it's over.", "My {rel} and I had a silly argument about socks.",
            "Our {pet} is snoring next to me, so cute.")
HAPPY = ("Good news: ", "Great news, ", "Guess what, ", "Happy to say ", "Yay, ", "Finally, ", "")


def _a(x: str) -> str:
    return "an" if x[:1].lower() in "aeiou" else "a"


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _kin_clause(rng: random.Random, relation: str, taken: set[str]) -> tuple[str, list]:
    """"my mum Ottilie lives in Basel" -> (that, [(ADD, mother name, Ottilie), (ADD, mother city, Basel)])."""
    word, pron = pv.kin_word(rng, relation)
    name = pv.person_name(rng) if rng.random() < 0.65 else None
    while name in taken:
        name = pv.person_name(rng)
    kind = rng.choice(("job", "city", "business", "age", "job city", None) if name else
                      ("job", "city", "business", "job city"))
    edits = [("ADD", f"{relation} name", name)] if name else []
    if kind == "job city":
        x, c = rng.choice(pv.JOBS), rng.choice(pv.CITIES)
        about = rng.choice(KIN_JOB_CITY).format(a=_a(x), x=x, c=c)
        edits += [("ADD", f"{relation} job", x), ("ADD", f"{relation} city", c)]
    elif kind:
        x = {"job": lambda: rng.choice(pv.JOBS), "city": lambda: rng.choice(pv.CITIES),
             "business": lambda: rng.choice(pv.BUSINESSES), "age": lambda: str(rng.randint(4, 90))}[kind]()
        t, q = rng.choice(KIN_ABOUT[kind]), rng.choice(pv.JOB_QUALIFIERS)
        about = t.format(a=_a(q if "{q}" in t else x), x=x, q=q)  # the qualifier is not part of the job
        edits.append(("ADD", f"{relation} {kind}", x))
    else:
        about = rng.choice(KIN_NO_FACT)
    taken.update(v for _, _, v in edits)
    if not name:
        return f"my {word} {about}", edits
    form = rng.choice(("my {w} {n} {ab}", "my {w}, {n}, {ab}", "{n}, my {w}, {ab}",
                       "my {w} is called {n} and {p} {ab}"))
    return form.format(w=word, n=name, ab=about, p=pron), edits


def kin(rng: random.Random) -> dict:
    """One to three relatives in one turn: "My mum lives in Basel and my brother Teodor is a chef."."""
    rels = rng.sample(list(pv.KIN), rng.choice((1, 2, 2, 2, 3)))
    clauses, edits, taken = [], [], set()
    for r in rels:
        c, e = _kin_clause(rng, r, taken)
        clauses.append(c)
        edits += e
    if not edits:
        return kin(rng)
    joined = clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + " and " + clauses[-1]
    return {"profile": {}, "turn": _cap(joined) + rng.choice((".", ".", "!", ", by the way.")),
            "edits": edits[:4], "kind": "add"} if len(edits) <= 4 else kin(rng)


def children(rng: random.Random) -> dict:
    names = []
    while len(names) < rng.choice((2, 2, 3)):
        n = pv.person_name(rng)
        names += [n] if n not in names else []
    said = pv.names_list(names)
    count = ("two", "three")[len(names) - 2]
    if len(names) == 2 and rng.random() < 0.4:  # v6: twins and their age ("they're nine", session 51)
        age = rng.choice(pv.CHILD_AGES)
        t = rng.choice((f"I have twin {rng.choice(('boys', 'girls', 'sons', 'daughters'))}, {said}, they're "
                        f"{age}.", f"Our twins {said} are {age}.", f"My twins, {said}, just turned {age}.",
                        f"I've got twins, {said}, who are {age} now."))
        return {"profile": {}, "turn": t, "edits": [("ADD", "children", said), ("ADD", "children age", age)],
                "kind": "add"}
    t = rng.choice((f"I've got {count} kids, {said}.", f"We have {count} children: {said}.",
                    f"My kids are called {said}.", f"Our {count} little ones are {said}.",
                    f"I'm a mum of {count}, {said}.", f"I'm a dad of {count}: {said}.",
                    f"The children are {said}, in case I mention them."))
    return {"profile": {}, "turn": t, "edits": [("ADD", "children", said)], "kind": "add"}


def own_pair(rng: random.Random) -> dict:
    """Two of the user's own facts in one sentence."""
    c, car, s, u = rng.choice(pv.COLOURS), rng.choice(pv.CARS), rng.choice(pv.SUBJECTS), rng.choice(pv.CITIES)
    b, h = rng.sample(pv.CITIES, 2)
    j, e, home = rng.choice(pv.JOBS), pv.invented(rng, "company"), rng.choice(pv.HOMES)
    options = [
        (rng.choice((f"I drive a {c} {car}.", f"My car is a {c} {car}.", f"I've just bought a {c} {car}.",
                     f"Getting around in my {c} {car} these days.")), [("car", car), ("car colour", c)]),
        (rng.choice((f"I studied {s} at university in {u}.", f"I did my degree in {s} in {u}.",
                     f"I read {s} at uni in {u}.", f"Did {s} at university, up in {u}.")),
         [("degree subject", s), ("university city", u)]),
        (rng.choice((f"I was born in {b} but I grew up in {h}.", f"Born in {b}, raised in {h}.",
                     f"I grew up in {h}, though I was actually born in {b}.")),
         [("birthplace", b), ("hometown", h)]),
        (rng.choice((f"I'm {_a(j)} {j} at {e}.", f"I work for {e} as {_a(j)} {j}.")),
         [("job", j), ("employer", e)]),
        # a place after the job is where the user lives, not an employer (v3 filed "I work as a
        # glassblower in Tromso" as `employer: Tromso`: it had seen only "a job at a company")
        (rng.choice((f"I work as {_a(j)} {j} in {u}.", f"I'm {_a(j)} {j} based in {u}.",
                     f"I live in {u} and work as {_a(j)} {j}.", f"I'm {_a(j)} {j}, living in {u}.")),
         [("job", j), ("city", u)]),
        (rng.choice((f"I live on a {home} in {u}.", f"Home is a {home} just outside {u}.")),
         [("home", home), ("city", u)]),
    ]
    t, facts = rng.choice(options)
    return {"profile": {}, "turn": t, "edits": [("ADD", k, v) for k, v in facts], "kind": "add"}


def own_one(rng: random.Random) -> dict:
    """A fact whose key is not the word the turn uses (diet, disliked food, hometown, ...)."""
    d, f, h = rng.choice(pv.DIETS), rng.choice(pv.DISLIKED), rng.choice(pv.CITIES)
    team = pv.value(rng, "team")
    g, b, e = rng.choice(pv.GENRES), rng.choice(pv.CITIES), pv.invented(rng, "company")
    x = rng.choice(pv.COLLECTIONS)
    options = [(f"Just so you know, I'm {d}.", "diet", d), (f"I went {d} a few years ago.", "diet", d),
               (f"I've been {d} for a while now.", "diet", d), (f"I can't stand {f}.", "disliked food", f),
               (f"I really hate {f}, it's revolting.", "disliked food", f),
               (f"Please never give me {f}, I loathe it.", "disliked food", f),
               (f"I'm originally from {h}.", "hometown", h), (f"I grew up in {h}.", "hometown", h),
               (f"I was born in {b}.", "birthplace", b), (f"I support {team}.", "football team", team),
               (f"I've followed {team} since I was little.", "football team", team),
               (f"I'm a massive {g} fan.", "favourite music", g),
               (f"I listen to {g} all day long.", "favourite music", g),
               (f"I've just started at {e}.", "employer", e), (f"I joined {e} last spring.", "employer", e),
               # v6: what one collects ("I collect old stamps ..." was kept as `favourite board game`)
               (f"I collect {x}.", "collection", x), (f"I've collected {x} for years.", "collection", x),
               (f"I collect {x} from all over the place.", "collection", x)]
    t, k, v = rng.choice(options)
    return {"profile": {}, "turn": t, "edits": [("ADD", k, v)], "kind": "add"}


def trimmed(rng: random.Random) -> dict:
    """A value with a hedge or qualifier around it; the target holds the value alone."""
    hedge, food, g = rng.choice(pv.HEDGES), rng.choice(pv.FOODS), rng.choice(pv.GENRES)
    q, j, old = rng.choice(pv.JOB_QUALIFIERS), *rng.sample(pv.JOBS, 2)
    options = [(f"Favourite dish, {hedge}: {food}.", "favourite food", food, None),
               (f"Best food in the world is {hedge} {food}.", "favourite food", food, None),
               (f"My favourite music is {hedge} {g}.", "favourite music", g, None),
               (f"I'm {_a(q)} {q} {j}.", "job", j, None),
               (f"I work as {_a(q)} {q} {j} now.", "job", j, None),
               (f"I stopped being {_a(old)} {old}, I'm {_a(q)} {q} {j} these days.", "job", j, old),
               (f"No longer {_a(old)} {old}: I retrained and I'm {_a(j)} {j} now.", "job", j, old)]
    t, k, v, before = rng.choice(options)
    if before:
        return {"profile": {k: before}, "turn": t, "edits": [("UPDATE", k, v)], "kind": "update"}
    return {"profile": {}, "turn": t, "edits": [("ADD", k, v)], "kind": "add"}


def feeling(rng: random.Random) -> dict:
    """Feelings and small talk, also about relatives and pets: no edit."""
    rel = pv.kin_word(rng, rng.choice(list(pv.KIN)))[0]
    t = rng.choice(FEELINGS).format(day=rng.choice(pv.WEEKDAYS), rel=rel, pet=rng.choice(pv.PETS))
    return {"profile": {}, "turn": _cap(t), "edits": [], "kind": "none"}


def good_news_remove(rng: random.Random) -> dict:
    """A withdrawal said as good news: the fact goes (REMOVE)."""
    allergen, med, d = rng.choice(pv.ALLERGENS), pv.ev.value(rng, "word", pv.SPLIT), rng.choice(pv.DIETS)
    lead = rng.choice(HAPPY)
    options = [("allergy", allergen, f"{lead}the tests say I'm not allergic to {allergen} after all!"),
               ("allergy", allergen, f"{lead}turns out I can eat {allergen} fine, no allergy."),
               ("medication", med, f"{lead}the doctor says I can stop taking {med}."),
               ("medication", med, f"{lead}I'm off the {med} now, all done."),
               ("diet", d, f"{lead}I'm eating everything again, not {d} any more."),
               ("car", rng.choice(pv.CARS), "{lead}I finally sold the car, no more parking fees!")]
    k, old, t = rng.choice(options)
    return {"profile": {k: old}, "turn": _cap(t.replace("{lead}", lead)), "edits": [("REMOVE", k, None)],
            "kind": "remove"}


def second_pet(rng: random.Random) -> dict:
    """Another animal of a kind the profile has -> ADD second <animal> name; a renamed one -> UPDATE."""
    pet = rng.choice(pv.PETS)
    first, new = rng.sample(pv.PET_NAMES, 2)
    key = f"{pet} name"
    if rng.random() < 0.3:
        t = rng.choice((f"We renamed our {pet}, {pet == 'dog' and 'he' or 'she'} answers to {new} now.",
                        f"Our {pet} isn't called {first} any more, it's {new}."))
        return {"profile": {key: first}, "turn": t, "edits": [("UPDATE", key, new)], "kind": "update"}
    t = rng.choice((f"We got another {pet}! This one is called {new}.", f"We adopted a second {pet}, {new}.",
                    f"{first} has a new friend: a second {pet} called {new}.",
                    f"There's a new {pet} in the house too, {new}, so now we have two."))
    return {"profile": {key: first}, "turn": t, "edits": [("ADD", f"second {pet} name", new)], "kind": "add"}


def job_move(rng: random.Random) -> dict:
    """A new employer or a corrected name: UPDATE of an existing key."""
    old, new = pv.invented(rng, "company"), pv.invented(rng, "company")
    if rng.random() < 0.3:
        a, b = rng.sample(pv.PEOPLE, 2)
        t = rng.choice((f"Sorry, wrong name earlier: I'm {b}, not {a}.", f"Oops, I'm not {a}, I'm {b}."))
        return {"profile": {"name": a}, "turn": t, "edits": [("UPDATE", "name", b)], "kind": "update"}
    t = rng.choice((f"I left {old} and started at {new} this week.", f"I've moved from {old} to {new}.",
                    f"New job! I'm at {new} now, I handed in my notice at {old}.",
                    f"I quit {old}. Starting at a place called {new} on Monday."))
    return {"profile": {"employer": old}, "turn": t, "edits": [("UPDATE", "employer", new)], "kind": "update"}

# A name filed under the wrong kind, corrected: {n} the name, {new} / {old} the kinds, {p} the pronoun.
PET_KIND_FIXES = ("{n} is actually {a_new} {new}, not {a_old} {old}.",
                  "Sorry, I got that wrong: {n} is {a_new} {new}, not {a_old} {old}.",
                  "Small mix-up, {n} isn't {a_old} {old}, {p}'s {a_new} {new}.",
                  "I said {n} was {a_old} {old}, but {n} is really {a_new} {new}.",
                  "{n} is not {a_old} {old} at all, {n} is {a_new} {new}!")
KIN_KIND_FIXES = ("{n} is actually my {new}, not my {old}.",
                  "I mixed that up: {n} is my {new}, not my {old}.",
                  "Oops, {n} isn't my {old}, {p}'s my {new}.",
                  "Correction: {n} is my {new} rather than my {old}.",
                  "When I said my {old} {n}, I meant my {new}.")


# The hand-written corrections' pairs of kinds (bench/data/profile_turns_c.jsonl), never drawn either way:
# with them a generated correction can say nearly what an evaluation turn says.
HELD_OUT_FIXES = [{"cat", "tortoise"}, {"rabbit", "guinea pig"}, {"parrot", "hamster"}]


def reclassified(rng: random.Random) -> dict:
    """A name filed under the wrong kind of pet or relative, corrected: the old kind's name goes (REMOVE)
    and the new kind's comes (ADD), whatever the name; profile-edit adapter v3 filed "Pickle is actually
    a tortoise, not a cat." as `cat name: tortoise`."""
    if rng.random() < 0.5:
        old, new = next(p for p in iter(lambda: rng.sample(pv.PETS, 2), None) if set(p) not in HELD_OUT_FIXES)
        name, pron, forms = rng.choice(pv.PET_NAMES), rng.choice(("she", "he", "it")), PET_KIND_FIXES
        words = (old, new)
    else:
        old, new = rng.sample([k for k in pv.KIN if k not in ("partner", "wife", "husband")], 2)
        name, forms = pv.person_name(rng), KIN_KIND_FIXES
        (w_old, _), (w_new, pron) = pv.kin_word(rng, old), pv.kin_word(rng, new)
        words = (w_old, w_new)
    t = rng.choice(forms).format(n=name, old=words[0], new=words[1], a_old=_a(words[0]), a_new=_a(words[1]),
                                 p=pron)
    return {"profile": {f"{old} name": name}, "turn": _cap(t),
            "edits": [("REMOVE", f"{old} name", None), ("ADD", f"{new} name", name)], "kind": "update"}


def job_said(rng: random.Random) -> dict:
    """A job said as what one does: the occupation noun is stored (`profile_vocab.VERB_JOBS`). The
    user's own ("I fix cars for a living." -> ADD job: mechanic), a relative's with their name ("My aunt
    Esme teaches yoga." -> ADD aunt name, ADD aunt job) or a relative the profile names already, by name
    alone (ADD, or UPDATE where the profile holds their old job); profile-edit adapter v4 got none of
    these (it filed "I drive an ambulance" as `car: ambulance`)."""
    phrase, job = rng.choice(pv.VERB_JOBS)
    tail = rng.choice(pv.VERB_JOB_TAILS)
    r = rng.random()
    if r < 0.35:
        t = rng.choice((f"I {phrase}{tail}.", f"These days I {phrase}.", f"I {phrase}{tail}, and I love it."))
        return {"profile": {}, "turn": t, "edits": [("ADD", "job", job)], "kind": "add"}
    relation = rng.choice([k for k in pv.KIN if k != "boss"])
    (word, pron), name = pv.kin_word(rng, relation), pv.person_name(rng)
    does = pv.third_person(phrase)
    if r < 0.7:
        t = rng.choice((f"My {word} {name} {does}{tail}.", f"{name}, my {word}, {does}{tail}.",
                        f"My {word} is called {name} and {pron} {does}{tail}."))
        return {"profile": {}, "turn": t, "edits": [("ADD", f"{relation} name", name),
                                                   ("ADD", f"{relation} job", job)], "kind": "add"}
    profile = {f"{relation} name": name}
    old = rng.choice([j for j in pv.JOBS if j != job])
    if r < 0.85:
        profile[f"{relation} job"] = old
        t = rng.choice((f"{name} {does} now, {pron} gave up being {_a(old)} {old}.",
                        f"{name} isn't {_a(old)} {old} any more, {pron} {does} now.",
                        f"Big change for {name}: {pron} {does} these days."))
        return {"profile": profile, "turn": _cap(t), "edits": [("UPDATE", f"{relation} job", job)],
                "kind": "update"}
    t = rng.choice((f"{name} {does}{tail}.", f"{name} {does} now, {pron} started in the spring.",
                    f"Oh, and {name} {does}{tail}."))
    return {"profile": profile, "turn": t, "edits": [("ADD", f"{relation} job", job)], "kind": "add"}


WORKPLACES = ("at a primary school", "at a college", "at a hospital", "for a small firm", "at the local gym",
              "at a big supermarket", "at a community centre", "for the council", "")


def job_where(rng: random.Random) -> dict:
    """A job said as what one does, with where: "I teach art at a college in Leipzig." -> ADD job, ADD
    city (as `own_pair`'s "I work as a baker in Porto."); a relative's the same, with their name or
    not. Version 5 filed "My girlfriend Signe teaches geography at a secondary school in Bergen." as
    `partner school` and `secondary school: Bergen`. The workplace itself is no key."""
    phrase, job = rng.choice(pv.VERB_JOBS)
    city, place = rng.choice(pv.CITIES), rng.choice(WORKPLACES)
    where = f" {place} in {city}" if place else f" in {city}"
    if rng.random() < 0.35:
        t = rng.choice((f"I {phrase}{where}.", f"I live in {city} and {phrase} for a living.",
                        f"I {phrase}{where}, have done for years."))
        return {"profile": {}, "turn": t, "edits": [("ADD", "job", job), ("ADD", "city", city)],
                "kind": "add"}
    relation = rng.choice([k for k in pv.KIN if k != "boss"])
    (word, pron), does = pv.kin_word(rng, relation), pv.third_person(phrase)
    if rng.random() < 0.3:
        t = rng.choice((f"My {word} {does}{where}.", f"My {word} lives in {city} and {does}."))
        return {"profile": {}, "turn": t, "edits": [("ADD", f"{relation} job", job),
                                                   ("ADD", f"{relation} city", city)], "kind": "add"}
    name = pv.person_name(rng)
    t = rng.choice((f"My {word} {name} {does}{where}.", f"{name}, my {word}, {does}{where}.",
                    f"My {word} is {name}, {pron} {does}{where}."))
    edits = [("ADD", f"{relation} {k}", v) for k, v in (("name", name), ("job", job), ("city", city))]
    return {"profile": {}, "turn": t, "edits": edits, "kind": "add"}


def job_not(rng: random.Random) -> dict:
    """What one does that is no job: learning it, wishing it, a hobby, or "drives me mad": no edit
    (version 5 filed "I taught myself to bake bread during lockdown." as `job: baker`)."""
    phrase = rng.choice(pv.VERB_JOBS)[0]
    word, pron = pv.kin_word(rng, rng.choice(list(pv.KIN)))
    t = rng.choice((f"I taught myself to {phrase} last winter.", f"I'd love to {phrase} one day.",
                    f"I'm learning to {phrase} at evening classes.",
                    f"I tried to {phrase} once, what a mess.",
                    f"My {word} wants to {phrase} when {pron}'s older.", f"My {word} drives me mad.",
                    f"My {word} drives me up the wall sometimes.", f"For fun I {phrase} at the weekend."))
    return {"profile": {}, "turn": t, "edits": [], "kind": "none"}


# Small talk about someone the profile names, or about the user's own work: no edit, though it names a
# workplace, a month or a city (v4 turned "Halina is visiting us in March." into `mother city: March`).
KIN_TALK = ("{n} had another long shift, {p}'s shattered.", "{n} is visiting us in {month}.",
            "{n} says work is mad busy this week.", "{n} still gets up at five for work, poor thing.",
            "{n} complains about {pos} boss all the time.", "{n} made us dinner last night, it was lovely.",
            "{n} says the new manager at {pos} work is a nightmare.", "{n} is in {city} for a conference.",
            "{n} and I spent the weekend in {city}.", "{n} is off work with a cold.",
            "{n} got a pay rise in {month}, finally.", "{n} brought cake home from work.",
            "{n} has been so tired since {month}.", "{n} loves {pos} job, honestly.")
OWN_WORK_TALK = ("Long day at {e} again.", "I still work at {e}, nothing new there.",
                 "Work at {e} was mad today.", "Another night shift, I'm shattered.",
                 "Still {a} {j}, still at {e}.", "My shift at {e} starts at six tomorrow.",
                 "I'm so glad it's Friday, {e} was exhausting this week.")
MONTHS = ("January", "March", "April", "June", "July", "September", "October", "November")


def kin_talk(rng: random.Random) -> dict:
    """Small talk about a relative the profile names, with their job or city, or about one's own job and
    employer: no edit."""
    if rng.random() < 0.3:
        j, e = rng.choice(pv.JOBS), pv.invented(rng, "company")
        t = rng.choice(OWN_WORK_TALK).format(a=_a(j), j=j, e=e)
        return {"profile": {"job": j, "employer": e}, "turn": t, "edits": [], "kind": "none"}
    relation = rng.choice(list(pv.KIN))
    (_, pron), name = pv.kin_word(rng, relation), pv.person_name(rng)
    what = rng.choice(("job", "city", "business"))
    x = rng.choice({"job": pv.JOBS, "city": pv.CITIES, "business": pv.BUSINESSES}[what])
    city = rng.choice([c for c in pv.CITIES if c != x])
    t = rng.choice(KIN_TALK).format(n=name, p=pron, pos={"she": "her", "he": "his"}[pron],
                                    month=rng.choice(MONTHS), city=city)
    return {"profile": {f"{relation} name": name, f"{relation} {what}": x}, "turn": t, "edits": [],
            "kind": "none"}


MAKERS = ((kin, 0.10), (children, 0.025), (own_pair, 0.06), (own_one, 0.05), (trimmed, 0.04),
          (feeling, 0.06), (good_news_remove, 0.03), (second_pet, 0.025), (job_move, 0.025),
          (reclassified, 0.02), (job_said, 0.04), (kin_talk, 0.04), (job_where, 0.03), (job_not, 0.02))
