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


def _family(key: str, kind: str, says: tuple[str, ...], asks: tuple[str, ...], nouns: tuple[str, ...],
            label: str = "", generic: bool = True) -> tuple[Attr, ...]:
    """One attribute per noun from one set of phrasings: {t} is the noun, {T} the noun capitalized."""
    def fill(text: str, t: str) -> str:
        return text.replace("{t}", t).replace("{T}", t.capitalize())

    return tuple(train_attr(fill(key, t), kind, tuple(fill(x, t) for x in says),
                            tuple(fill(x, t) for x in asks), label=fill(label, t), generic=generic)
                 for t in nouns)


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

# (key, value kind, says, asks, nouns, label, generic): one family a row, drawn in this order.
_FAMILIES = (
    ("{t} code", "code",
     ("The code for {my} {t} is {v}.", "Oh and the code for the {t}? It's {v}.",
      "{I} set the {t} code to {v}.", "{I} changed the {t} code to {v} last week."),
     ("Remind me, what did {I} set the {t} code to?", "What opens {my} {t}?",
      "Which code [do|does] {I} need for the {t}?"), _CODES, "", True),
    ("{t} name", "name",
     ("{my} {t}'s name is {v}.", "{I} [get|gets] on well with {my} {t}, {v}.", "Oh, {my} {t}? That's {v}.",
      "{v} is {my} {t}."),
     ("Who is {my} {t} again?", "What's the name of {my} {t}?", "Remind me, what is {my} {t} called?"),
     _PEOPLE, "{t}'s name", True),
    ("{t} name", "name",
     ("{my} {t} is named {v}.", "{I} [keep|keeps] a {t} called {v}.", "The {t} at {my} place is called {v}."),
     ("What's the name of {my} {t}?", "What [do|does] {I} call {my} {t}?",
      "Remind me, what's the {t} called?"), _ANIMALS, "{t}'s name", True),
    *(("{t}'s " + suffix, kind, tuple(x.replace("{r}", "{t}") for x in says),
       tuple(x.replace("{r}", "{t}") for x in asks), rels, "", generic)
      for suffix, kind, generic, says, asks, rels in _REL_FACTS),
    ("{t} day", "weekday",
     ("{my} {t} is every {v}.", "{T} is always on a {v}.", "Every {v} is {t} for {me}."),
     ("Which day is {my} {t}?", "When is {my} {t} each week?", "On what day of the week is {my} {t}?"),
     _WEEKLY, "", False),
    ("{t} time", "time",
     ("{my} {t} is at {v}.", "{I} need[|s] to be ready for the {t} at {v}.",
      "The {t} starts at {v}, don't let {me} forget."),
     ("What time is {my} {t}?", "When does {my} {t} start?", "At what time [do|does] {I} have the {t}?"),
     _TIMES, "", True),
    ("{t} date", "date",
     ("{my} {t} is on {v}.", "{I} [have|has] {my} {t} on {v}.", "Put it in the diary: {my} {t}, {v}."),
     ("When is {my} {t}?", "What date is {my} {t}?", "On which day is {my} {t} booked?"), _DATES, "", True),
    ("{t}", "price",
     ("{my} {t} costs {v} pounds a month.", "{I} pay[|s] {v} pounds a month for {my} {t}.",
      "Ugh, the {t} went up to {v} pounds a month."),
     ("How much is {my} {t}?", "What [do|does] {I} pay for {my} {t}?",
      "How much does the {t} cost {me} each month?"), _BILLS, "monthly {t}", True),
    ("{t} colour", "colour",
     ("{my} {t} is {v}.", "{I} bought {a} {v} {t}.", "You can't miss {my} {t}, it's {v}."),
     ("What colour is {my} {t}?", "Which colour did {I} pick for {my} {t}?"), _COLOURED, "", True),
)

MORE_PERSON: tuple[Attr, ...] = tuple(a for row in _FAMILIES for a in _family(*row)) + MISC
