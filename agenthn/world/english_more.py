"""More person attributes for the English corpus, drawn in the TRAIN split only (issue 17).

The smol hypernetwork generalized poorly from the train attributes to the held-out ones, so the train
split gets many more attribute kinds (codes, schedules, relatives' facts, objects' properties, clubs,
work and health numbers) with phrasings in several registers. They are built by small families
(one family, many nouns) so that the rows stay readable. Slots as in `english_attrs`.

These kinds never enter the held-out splits: `english.corpus_attrs` adds them to the train pool only,
so the held-out documents (and their random stream) are the same as before. They carry no `hsays`
or `hasks`. No key or label here contains a held-out key, and no phrasing repeats a held-out one
(tests/test_english_more.py checks both, also up to the attribute's own nouns).
"""

from __future__ import annotations

from agenthn.world.english_attrs import Attr
from agenthn.world.english_more_misc import MISC, train_attr


def _code(thing: str) -> Attr:
    return train_attr(
        f"{thing} code",
        "code",
        (
            f"The code for {{my}} {thing} is {{v}}.",
            f"Oh and the code for the {thing}? It's {{v}}.",
            f"{{I}} set the {thing} code to {{v}}.",
            f"{{I}} changed the {thing} code to {{v}} last week.",
        ),
        (
            f"Remind me, what did {{I}} set the {thing} code to?",
            f"What opens {{my}} {thing}?",
            f"Which code [do|does] {{I}} need for the {thing}?",
        ),
    )


def _person_name(rel: str) -> Attr:
    return train_attr(
        f"{rel} name",
        "name",
        (
            f"{{my}} {rel}'s name is {{v}}.",
            f"{{I}} [get|gets] on well with {{my}} {rel}, {{v}}.",
            f"Oh, {{my}} {rel}? That's {{v}}.",
            f"{{v}} is {{my}} {rel}.",
        ),
        (
            f"Who is {{my}} {rel} again?",
            f"What's the name of {{my}} {rel}?",
            f"Remind me, what is {{my}} {rel} called?",
        ),
        label=f"{rel}'s name",
    )


def _pet_name(animal: str) -> Attr:
    return train_attr(
        f"{animal} name",
        "name",
        (
            f"{{my}} {animal} is named {{v}}.",
            f"{{I}} [keep|keeps] a {animal} called {{v}}.",
            f"The {animal} at {{my}} place is called {{v}}.",
        ),
        (
            f"What's the name of {{my}} {animal}?",
            f"What [do|does] {{I}} call {{my}} {animal}?",
            f"Remind me, what's the {animal} called?",
        ),
        label=f"{animal}'s name",
    )


# What a relative's fact says: (key suffix, value kind, generic, says, asks, relatives). {r} is the relative.
_REL_FACTS: tuple[tuple[str, str, bool, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "city",
        "city",
        True,
        ("{my} {r} lives in {v}.", "{my} {r} moved to {v} a while back.", "These days {my} {r} is in {v}."),
        ("Where does {my} {r} live?", "Which city is {my} {r} in now?", "Where did {my} {r} move to?"),
        ("brother", "cousin", "best friend", "daughter", "son", "uncle"),
    ),
    (
        "job",
        "job",
        False,
        ("{my} {r} works as {a} {v}.", "{my} {r} is {a} {v}.", "{my} {r} got a job as {a} {v}."),
        ("What does {my} {r} do for work?", "What is {my} {r}'s job?", "What does {my} {r} do these days?"),
        ("brother", "partner", "cousin", "best friend", "aunt", "son"),
    ),
    (
        "birthday",
        "date",
        True,
        (
            "{my} {r}'s birthday is on {v}.",
            "{my} {r} gets a year older on {v}.",
            "{I} must not forget {my} {r}'s birthday on {v}.",
        ),
        ("When is {my} {r}'s birthday?", "What date is {my} {r}'s birthday?"),
        ("brother", "partner", "father", "best friend", "daughter", "grandmother"),
    ),
    (
        "age",
        "age",
        True,
        ("{my} {r} is {v} years old.", "{my} {r} just turned {v}.", "{my} {r} is {v} this year."),
        ("How old is {my} {r}?", "What age is {my} {r} now?"),
        ("grandmother", "brother", "uncle", "neighbour"),
    ),
    (
        "favourite dish",
        "food",
        True,
        ("{my} {r} loves {v} more than anything.", "Whenever we eat out, {my} {r} orders {v}."),
        ("What does {my} {r} like to eat?", "Which dish does {my} {r} always order?"),
        ("partner", "son", "daughter"),
    ),
    (
        "car",
        "car",
        False,
        ("{my} {r} drives a {v}.", "{my} {r} just bought a {v}.", "{my} {r} gets around in an old {v}."),
        ("What car does {my} {r} drive?", "Which car did {my} {r} buy?"),
        ("father", "brother", "neighbour"),
    ),
    (
        "hobby",
        "hobby",
        False,
        (
            "{my} {r} is really into {v}.",
            "{my} {r} spends every weekend on {v}.",
            "These days {my} {r} can't stop talking about {v}.",
        ),
        ("What is {my} {r} into?", "What does {my} {r} do for fun?"),
        ("mother", "partner", "cousin"),
    ),
    (
        "school",
        "school",
        True,
        ("{my} {r} goes to {v}.", "{my} {r} started at {v} this year.", "{my} {r} is a pupil at {v} now."),
        ("Which school does {my} {r} go to?", "Where does {my} {r} go to school?"),
        ("son", "daughter", "niece"),
    ),
)


def _rel_facts() -> tuple[Attr, ...]:
    out = []
    for suffix, kind, generic, says, asks, rels in _REL_FACTS:
        for r in rels:
            out.append(
                train_attr(
                    f"{r}'s {suffix}",
                    kind,
                    tuple(s.replace("{r}", r) for s in says),
                    tuple(q.replace("{r}", r) for q in asks),
                    generic=generic,
                )
            )
    return tuple(out)


def _weekly(activity: str) -> Attr:
    return train_attr(
        f"{activity} day",
        "weekday",
        (
            f"{{my}} {activity} is every {{v}}.",
            f"{activity.capitalize()} is always on a {{v}}.",
            f"Every {{v}} is {activity} for {{me}}.",
        ),
        (
            f"Which day is {{my}} {activity}?",
            f"When is {{my}} {activity} each week?",
            f"On what day of the week is {{my}} {activity}?",
        ),
        generic=False,
    )


def _at(event: str) -> Attr:
    return train_attr(
        f"{event} time",
        "time",
        (
            f"{{my}} {event} is at {{v}}.",
            f"{{I}} need[|s] to be ready for the {event} at {{v}}.",
            f"The {event} starts at {{v}}, don't let {{me}} forget.",
        ),
        (
            f"What time is {{my}} {event}?",
            f"When does {{my}} {event} start?",
            f"At what time [do|does] {{I}} have the {event}?",
        ),
    )


def _on(event: str) -> Attr:
    return train_attr(
        f"{event} date",
        "date",
        (
            f"{{my}} {event} is on {{v}}.",
            f"{{I}} [have|has] {{my}} {event} on {{v}}.",
            f"Put it in the diary: {{my}} {event}, {{v}}.",
        ),
        (
            f"When is {{my}} {event}?",
            f"What date is {{my}} {event}?",
            f"On which day is {{my}} {event} booked?",
        ),
    )


def _costs(thing: str) -> Attr:
    return train_attr(
        thing,
        "price",
        (
            f"{{my}} {thing} costs {{v}} pounds a month.",
            f"{{I}} pay[|s] {{v}} pounds a month for {{my}} {thing}.",
            f"Ugh, the {thing} went up to {{v}} pounds a month.",
        ),
        (
            f"How much is {{my}} {thing}?",
            f"What [do|does] {{I}} pay for {{my}} {thing}?",
            f"How much does the {thing} cost {{me}} each month?",
        ),
        label=f"monthly {thing}",
    )


def _colour_of(thing: str) -> Attr:
    return train_attr(
        f"{thing} colour",
        "colour",
        (
            f"{{my}} {thing} is {{v}}.",
            f"{{I}} bought {{a}} {{v}} {thing}.",
            f"You can't miss {{my}} {thing}, it's {{v}}.",
        ),
        (f"What colour is {{my}} {thing}?", f"Which colour did {{I}} pick for {{my}} {thing}?"),
    )


_CODES = (
    "shed",
    "garage",
    "storage unit",
    "key safe",
    "suitcase lock",
    "office printer",
    "back door",
    "post box",
    "laptop",
    "tablet",
)
_PEOPLE = (
    "stepmother",
    "stepbrother",
    "twin",
    "great-aunt",
    "grandson",
    "granddaughter",
    "fiance",
    "mentor",
    "therapist",
    "vet",
    "accountant",
    "personal trainer",
    "babysitter",
    "driving instructor",
    "manager",
    "colleague",
    "lodger",
    "postman",
    "hairdresser",
    "tutor",
)
_ANIMALS = ("guinea pig", "ferret", "budgie", "snake", "lizard", "pony", "goat", "chicken")
_WEEKLY = (
    "choir practice",
    "piano lesson",
    "swimming lesson",
    "pottery class",
    "football training",
    "date night",
    "bin collection",
    "cleaning day",
    "language class",
    "five-a-side",
)
_TIMES = (
    "school run",
    "team meeting",
    "lunch break",
    "bedtime",
    "shift",
    "flight",
    "dinner reservation",
    "ferry",
    "standup call",
)
_DATES = (
    "haircut",
    "job interview",
    "eye test",
    "flight home",
    "vet appointment",
    "house move",
    "concert",
    "doctor's appointment",
)
_BILLS = ("gym fee", "council tax", "car insurance", "electricity bill", "childcare", "internet")
_COLOURED = (
    "sofa",
    "umbrella",
    "backpack",
    "raincoat",
    "tent",
    "kayak",
    "mug",
    "phone case",
    "suitcase",
    "scarf",
)

MORE_PERSON: tuple[Attr, ...] = (
    tuple(_code(t) for t in _CODES)
    + tuple(_person_name(r) for r in _PEOPLE)
    + tuple(_pet_name(a) for a in _ANIMALS)
    + _rel_facts()
    + tuple(_weekly(w) for w in _WEEKLY)
    + tuple(_at(e) for e in _TIMES)
    + tuple(_on(e) for e in _DATES)
    + tuple(_costs(b) for b in _BILLS)
    + tuple(_colour_of(c) for c in _COLOURED)
    + MISC
)
