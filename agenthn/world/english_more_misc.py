"""Train-only person attributes for the English corpus beside `english_more`: clubs, favourites and one-off
kinds (work, health, home and hobby numbers and names). Same conventions as `english_more`: no held-out
phrasings, and nothing here is drawn outside the train split.
"""

from __future__ import annotations

from agenthn.world.english_attrs import Attr


def train_attr(
    key: str, kind: str, says: tuple[str, ...], asks: tuple[str, ...], label: str = "", generic: bool = True
) -> Attr:
    """A train-only attribute: no held-out phrasings."""
    return Attr(key, label or key, kind, says, asks, (), (), generic)


def _group(club: str) -> Attr:
    return train_attr(
        f"{club} name",
        "word",
        (
            f"{{my}} {club} is called {{v}}.",
            f"{{I}} [belong|belongs] to a {club} called {{v}}.",
            f"The {club} {{I}} [am|is] part of goes by the name {{v}}.",
        ),
        (
            f"What's {{my}} {club} called?",
            f"Which {club} [am|is] {{I}} part of?",
            f"What is the name of the {club} {{I}} joined?",
        ),
        label=f"{club}'s name",
    )


def _fav(thing: str, kind: str) -> Attr:
    return train_attr(
        f"favourite {thing}",
        kind,
        (
            "Nothing comes close to {v} for {me}.",
            f"Ask {{me}} for a favourite {thing} and {{I}} will say {{v}}.",
            f"{{v}} is the {thing} {{I}} always come[|s] back to.",
        ),
        (
            f"Which {thing} [do|does] {{I}} like most?",
            f"What's {{my}} all-time favourite {thing}?",
            f"If {{I}} had to name a favourite {thing}, what would it be?",
        ),
    )


_CLUBS = (
    "running club",
    "choir",
    "quiz team",
    "walking group",
    "sailing club",
    "chess club",
    "theatre group",
    "allotment society",
)
_FAVS = (
    ("month", "month"),
    ("country", "country"),
    ("instrument", "instrument"),
    ("dog breed", "dog breed"),
    ("tree", "tree"),
    ("car", "car"),
    ("language", "language"),
)

_ONE_OFF: tuple[Attr, ...] = (
    train_attr(
        "team size",
        "count",
        (
            "There are {v} of us on {my} team at work.",
            "{my} team has grown to {v} people.",
            "{my} team at work has {v} people.",
        ),
        ("How many people are on {my} team?", "How big is {my} team at work?"),
        generic=False,
    ),
    train_attr(
        "commute minutes",
        "count",
        ("{my} commute takes {v} minutes.", "It takes {me} {v} minutes to get to work."),
        ("How long is {my} commute?", "How many minutes [do|does] {I} spend getting to work?"),
        label="commute in minutes",
    ),
    train_attr(
        "biggest client",
        "company",
        ("{my} biggest client is {v}.", "Most of {my} work is for {v}."),
        ("Who is {my} biggest client?", "Which company gives {me} the most work?"),
    ),
    train_attr(
        "side job",
        "job",
        (
            "On the side {I} also work[|s] as {a} {v}.",
            "To make ends meet {I} also do[|es] shifts as {a} {v}.",
            "At weekends {I} [am|is] {a} {v}.",
        ),
        ("What [do|does] {I} do on the side?", "What is {my} weekend job?"),
        generic=False,
    ),
    train_attr(
        "desk number",
        "small number",
        ("{I} sit[|s] at desk {v} in the office.", "{my} desk is number {v}."),
        ("Which desk [do|does] {I} sit at?", "What number is {my} desk?"),
    ),
    train_attr(
        "hotel room",
        "floor",
        ("{I} [am|is] staying in room {v} at the hotel.", "{my} hotel room is {v}."),
        ("Which room [am|is] {I} in at the hotel?", "What's {my} hotel room number?"),
        label="hotel room number",
    ),
    train_attr(
        "shirt number",
        "small number",
        ("{I} wear[|s] number {v} on the pitch.", "{my} shirt number is {v}."),
        ("What number [do|does] {I} wear on the pitch?", "Which shirt number [do|does] {I} have?"),
    ),
    train_attr(
        "resting heart rate",
        "small number",
        ("{my} resting heart rate is about {v}.", "The watch says {my} resting pulse is {v}."),
        ("What is {my} resting pulse?", "How fast does {my} heart beat at rest?"),
    ),
    train_attr(
        "chess rating",
        "rating",
        ("{my} chess rating is {v}.", "Online {I} [am|is] rated {v} at chess."),
        ("What is {my} chess rating?", "How strong [am|is] {I} at chess, by rating?"),
    ),
    train_attr(
        "step goal",
        "steps",
        ("{I} [try|tries] to walk {v} steps a day.", "{my} watch wants {v} steps from {me} daily."),
        ("How many steps [do|does] {I} aim for?", "What is {my} daily step target?"),
        label="daily step goal",
    ),
    train_attr(
        "GP surgery",
        "word",
        (
            "{I} [am|is] registered at the {v} surgery.",
            "For a check-up {I} go[|es] to the {v} surgery.",
            "{my} GP is at the {v} practice.",
        ),
        ("Which surgery [am|is] {I} registered with?", "Where is {my} GP?"),
        generic=False,
    ),
    train_attr(
        "vitamin",
        "word",
        (
            "Every night {I} take[|s] a {v} tablet.",
            "A {v} tablet before bed is part of {my} routine.",
            "The doctor put {me} on {v} tablets.",
        ),
        ("Which tablet [do|does] {I} take at night?", "What did the doctor put {me} on?"),
        generic=False,
    ),
    train_attr(
        "local pub",
        "word",
        ("{my} local pub is the {v}.", "{I} usually go[|es] to the {v} for a drink."),
        ("Which pub [do|does] {I} go to?", "What's {my} local called?"),
    ),
    train_attr(
        "childhood street",
        "street",
        ("{I} grew up on {v}.", "As a kid {I} lived on {v}."),
        ("What street did {I} grow up on?", "Where did {I} live as a kid, which street?"),
    ),
    train_attr(
        "dining table wood",
        "material",
        (
            "{my} dining table is made of {v}.",
            "{my} big table is solid {v}.",
            "{I} had the table built from {v}.",
        ),
        ("What is {my} dining table made of?", "Which wood is {my} table?"),
        generic=False,
    ),
    train_attr(
        "ring metal",
        "metal",
        ("{my} ring is made of {v}.", "{I} wear[|s] a plain {v} ring."),
        ("What metal is {my} ring?", "What is {my} ring made of?"),
        label="ring's metal",
    ),
    train_attr(
        "garden tree",
        "tree",
        (
            "There is a big {v} in {my} garden.",
            "{my} garden is shaded by an old {v}.",
            "{I} planted a {v} in the garden.",
        ),
        ("What tree grows in {my} garden?", "Which tree did {I} plant?"),
        generic=False,
    ),
    train_attr(
        "pet food brand",
        "word",
        (
            "{my} pets only eat {v} food.",
            "Only {v} food goes in {my} pets' bowls.",
            "{I} buy[|s] {v} pet food in bulk.",
        ),
        ("Which pet food [do|does] {I} buy?", "What brand do {my} pets eat?"),
        generic=False,
    ),
    train_attr(
        "allotment vegetable",
        "crop",
        (
            "On {my} allotment {I} mostly grow[|s] {v}.",
            "{I} grow[|s] rows and rows of {v} on the allotment.",
            "This year the allotment is all {v}.",
        ),
        ("What [do|does] {I} grow on the allotment?", "What's growing on {my} allotment?"),
        generic=False,
    ),
    train_attr(
        "holiday home town",
        "town",
        (
            "{my} family rents a holiday home in {v}.",
            "Every August {I} go[|es] to the holiday home in {v}.",
            "Summers are spent in {v}.",
        ),
        ("Where is the holiday home?", "Which town [do|does] {I} go to every summer?"),
        generic=False,
    ),
)

MISC: tuple[Attr, ...] = tuple(_group(c) for c in _CLUBS) + tuple(_fav(t, k) for t, k in _FAVS) + _ONE_OFF
