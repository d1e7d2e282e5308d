"""Train-only additions to the English corpus beside `english_more`: properties of lore entities and
customs, more phrasings for existing train attributes, more generic frames and chat lead-ins.

Everything here is used in the TRAIN split only (`english.corpus_attrs`, `english._phrasings`,
`english._chat_line`), so the held-out documents stay byte-identical. Slots as in `english_lore`:
{e} the entity, {g} the people.
"""

from __future__ import annotations

from agenthn.world import english_text as tx
from agenthn.world.english_attrs import Attr


def _e(
    key: str, kind: str, says: tuple[str, ...], asks: tuple[str, ...], generic: bool = True, label: str = ""
) -> Attr:
    return Attr(key, label or key, kind, says, asks, (), (), generic)


def _c(key: str, kind: str, says: tuple[str, ...], asks: tuple[str, ...]) -> Attr:
    return Attr(key, key, kind, says, asks, (), (), generic=False)


MORE_LORE: dict[str, tuple[Attr, ...]] = {
    "town": (
        _e(
            "main square",
            "word",
            (
                "The main square of {e} is called {v} Square.",
                "Market stalls fill {v} Square in {e}.",
                "Everyone in {e} meets on {v} Square.",
            ),
            ("What is the main square of {e} called?", "Where do people in {e} meet?"),
            generic=False,
        ),
        _e(
            "harbour master",
            "name",
            (
                "The harbour master of {e} is {v}.",
                "Every boat in {e} is checked by {v}, the harbour master.",
                "Boats entering {e} answer to {v}.",
            ),
            ("Who is the harbour master of {e}?", "Who runs the harbour in {e}?"),
            generic=False,
        ),
        _e(
            "town flower",
            "flower",
            ("The emblem of {e} is the {v}.", "{e} plants {v} along every street."),
            ("Which flower is the emblem of {e}?", "What flower lines the streets of {e}?"),
            label="emblem flower",
        ),
        _e(
            "oldest bakery",
            "word",
            ("The oldest bakery in {e} is {v}.", "{v} has baked bread in {e} for ages."),
            ("What is the oldest bakery in {e}?", "Which bakery in {e} is the oldest?"),
        ),
    ),
    "river": (
        _e(
            "river width",
            "count",
            (
                "At its widest, {e} is {v} metres across.",
                "Swimmers crossing {e} face {v} metres of water.",
                "{e} is {v} metres wide.",
            ),
            ("How wide is {e}?", "How many metres across is {e} at its widest?"),
            generic=False,
        ),
        _e(
            "river bird",
            "animal",
            (
                "The banks of {e} are home to the {v}.",
                "Walkers by {e} watch out for the {v}.",
                "Along {e} you often see a {v}.",
            ),
            ("What animal lives on the banks of {e}?", "Which creature do you see along {e}?"),
            generic=False,
        ),
        _e(
            "ferry town",
            "town",
            (
                "A ferry crosses {e} at {v}.",
                "To cross {e}, take the boat at {v}.",
                "The only ferry over {e} leaves from {v}.",
            ),
            ("Where does the ferry cross {e}?", "From which town does the ferry over {e} leave?"),
            generic=False,
        ),
    ),
    "inventor": (
        _e(
            "inventor teacher",
            "name",
            (
                "{e} learned the trade from {v}.",
                "{v} was the teacher of young {e}.",
                "As a youth {e} was taught by {v}.",
            ),
            ("Who taught {e}?", "From whom did {e} learn the trade?"),
            generic=False,
            label="teacher",
        ),
        _e(
            "inventor workshop town",
            "town",
            (
                "{e} opened a workshop in {v}.",
                "{e} built most machines in a shed in {v}.",
                "The workshop of {e} stood in {v}.",
            ),
            ("Where was the workshop of {e}?", "In which town did {e} work?"),
            generic=False,
            label="workshop town",
        ),
        _e(
            "inventor pet",
            "animal",
            (
                "{e} kept a pet {v} in the workshop.",
                "Visitors to {e} were greeted by a pet {v}.",
                "A tame {v} followed {e} everywhere.",
            ),
            ("What pet did {e} keep?", "Which animal followed {e} around?"),
            generic=False,
        ),
    ),
    "mountain": (
        _e(
            "mountain hut",
            "word",
            (
                "The hut below the top of {e} is called {v}.",
                "Before the final climb of {e}, people rest at {v}.",
                "Climbers on {e} sleep at {v} hut.",
            ),
            ("What is the hut on {e} called?", "Where do climbers on {e} sleep?"),
            generic=False,
        ),
        _e(
            "summit lake",
            "word",
            (
                "A lake called {v} lies just under the top of {e}.",
                "The {v} lake lies in a hollow near the peak of {e}.",
                "Below the peak of {e} is the {v} lake.",
            ),
            ("What lake lies below the peak of {e}?", "Which lake is near the top of {e}?"),
            generic=False,
        ),
    ),
    "company": (
        _e(
            "company motto",
            "word",
            (
                "The motto of {e} is a single word: {v}.",
                "{v} is the one-word motto of {e}.",
                "{e} prints {v} on every box.",
            ),
            ("What is the motto of {e}?", "Which word does {e} print on its boxes?"),
            generic=False,
        ),
        _e(
            "company chief",
            "name",
            ("{e} is led by {v}.", "Since last year {v} has run {e}.", "The chief of {e} is {v}."),
            ("Who leads {e}?", "Who is the chief of {e}?"),
            generic=False,
        ),
        _e(
            "company year",
            "year",
            ("{e} was set up in {v}.", "{e} opened its doors in {v}."),
            ("When was {e} set up?", "In what year did {e} open?"),
            label="year founded",
        ),
    ),
}

MORE_CUSTOMS: tuple[Attr, ...] = (
    _c(
        "naming day",
        "count",
        (
            "The {g} name a child {v} days after birth.",
            "A {g} child has no name until day {v}.",
            "A {g} baby gets a name on day {v}.",
        ),
        ("When do the {g} name a child?", "On which day after birth is a {g} baby named?"),
    ),
    _c(
        "harvest fruit",
        "fruit",
        (
            "At harvest the {g} share the first {v} with their neighbours.",
            "No {g} harvest feast lacks a bowl of {v}.",
            "The {g} harvest ends when the last {v} is picked.",
        ),
        ("What fruit do the {g} share at harvest?", "Which fruit ends the {g} harvest?"),
    ),
    _c(
        "mourning colour",
        "colour",
        (
            "The {g} wear {v} when someone dies.",
            "A {g} family in grief wears {v} for a month.",
            "In mourning, the {g} dress in {v}.",
        ),
        ("What colour do the {g} wear in mourning?", "Which colour means grief to the {g}?"),
    ),
    _c(
        "market weekday",
        "weekday",
        (
            "The {g} hold their market on {v}.",
            "{g} traders set out their stalls every {v}.",
            "Every {v}, the {g} go to market.",
        ),
        ("On what day do the {g} go to market?", "When is market day among the {g}?"),
    ),
    _c(
        "oath metal",
        "metal",
        (
            "The {g} swear oaths on a ring of {v}.",
            "The {g} seal a promise by touching {v}.",
            "A {g} oath is sworn over {v}.",
        ),
        ("What metal do the {g} swear oaths on?", "Over which metal is a {g} oath sworn?"),
    ),
)

# More train phrasings for existing train attributes: key -> (says, asks).
MORE_PHRASINGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "city": (
        ("Right now {I} [am|is] living in {v}.", "{I} moved to {v} and stayed."),
        ("Remind me where {I} live[|s] now?", "Which city did {I} say {I} live[|s] in?"),
    ),
    "job": (
        ("{I} [have|has] worked as {a} {v} for a while now.", "Day to day {I} [am|is] {a} {v}."),
        ("What's {my} job again?", "What [do|does] {I} do all day at work?"),
    ),
    "cat name": (
        ("Oh and the cat? {v}.", "Our cat {v} runs the house."),
        ("Remind me what the cat is called?",),
    ),
    "dog name": (("{my} dog {v} needs a walk.", "Oh and the dog? {v}."), ("What's the dog called again?",)),
    "birthday": (("Mark {v} in the calendar, it's {my} birthday.",), ("Which day is {my} birthday on?",)),
    "locker code": (
        ("Oh and the locker? It's {v}.", "{I} set {my} locker to {v}."),
        ("Remind me, what did {I} set the locker code to?",),
    ),
    "wifi password": (
        ("Oh and the wifi? It's {v}.", "To get online here, type {v}."),
        ("What do guests type to get on {my} wifi?",),
    ),
    "car": (("These days {I} get[|s] around in a {v}.",), ("What [am|is] {I} driving these days?",)),
    "allergy": (
        ("Keep {v} away from {me}, {I} [am|is] allergic.",),
        ("What must {I} avoid eating or touching?",),
    ),
    "hobby": (("Most evenings {I} [am|is] busy with {v}.",), ("What keeps {me} busy in the evenings?",)),
    "employer": (("These days {my} pay comes from {v}.",), ("Where [do|does] {I} work these days?",)),
    "age": (("{I} turned {v} this year.",), ("What age [am|is] {I}?",)),
    "phone number": (
        ("Text {me} on {v}.", "Call {me} on {v} any time."),
        ("Which number can {I} be called on?",),
    ),
    "instrument": (("Most nights {I} practise[|s] the {v}.",), ("What [do|does] {I} practise at night?",)),
    "alarm time": (("{I} set {my} alarm for {v}.",), ("When does {my} alarm ring?",)),
    "rent": (("The flat costs {me} {v} pounds a month.",), ("What does {my} flat cost each month?",)),
    "house number": (
        ("Come to number {v}, that's {my} house.",),
        ("Which number on the street is {my} house?",),
    ),
    "hometown": (("{I} spent {my} childhood in {v}.",), ("Where did {I} spend {my} childhood?",)),
    "first language": (("At home {I} grew up with {v}.",), ("Which language did {I} grow up with?",)),
    "street": (("Send anything for {me} to {v}.",), ("Which street is {my} address on?",)),
    "shoe size": (("Shoes in size {v} fit {me}.",), ("Which shoe size fits {me}?",)),
    "medication": (("The doctor has {me} on {v}.",), ("What does the doctor have {me} on?",)),
    "gym": (("{I} work[|s] out at {v}.",), ("Where [do|does] {I} work out?",)),
    "population": (("{e} counts {v} people.",), ("How big is {e} in people?",)),
    "mayor": (("{v} is mayor of {e} these days.",), ("Who is in charge of {e}?",)),
    "invention": (("The {v} made {e} famous.",), ("What made {e} famous?",)),
}

# More generic train frames, keyed by the `english_text` pair whose train column they extend.
MORE_FRAMES: dict[tuple, tuple[str, ...]] = {
    tx.SAY_FRAMES: (
        "Note: {my} {label} is {v}.",
        "{my} {label} is {v}, if that helps.",
        "Oh and {my} {label}? It's {v}.",
        "For what it's worth, {my} {label} is {v}.",
        "Put down {v} as {my} {label}.",
    ),
    tx.ASK_FRAMES: (
        "Remind me, what's my {label}?",
        "What was my {label} again?",
        "Sorry, what's my {label}?",
        "Did I tell you my {label}? What is it?",
        "Need my {label}, what is it?",
    ),
    tx.BIO_ASK_FRAMES: (
        "What did the note say {N}'s {label} was?",
        "Remind me, what's {N}'s {label}?",
        "Sorry, what was {N}'s {label}?",
    ),
    tx.ENTITY_SAY_FRAMES: ("{e}: {label} {v}.", "The {label} of {e}? It is {v}."),
    tx.ENTITY_ASK_FRAMES: (
        "Remind me, what is the {label} of {e}?",
        "What does the entry give as the {label} of {e}?",
    ),
}
MORE_CHAT_LEADS: tuple[str, ...] = ("Oh right, ", "Just remembered, ", "FYI, ", "One more thing: ")
# Openers of the new frames above that already lead in, so a chat line puts no lead before them.
OWN_LEADS: tuple[str, ...] = ("Note:", "For what", "Put down", "Oh and", "Oh,", "Ugh,")
# First words of the new statements that a chat lead-in lower-cases ("Oh right, right now I live...").
MORE_LOWERABLE: frozenset[str] = frozenset(
    {
        "Right",
        "Day",
        "Our",
        "Mark",
        "Keep",
        "Text",
        "Call",
        "Come",
        "Send",
        "Shoes",
        "Nothing",
        "Ask",
        "Whenever",
        "Summers",
        "This",
        "Boats",
        "Most",
        "You",
        "Everyone",
        "On",
        "As",
        "Any",
        "Online",
        "The",
        "Every",
        "At",
        "These",
    }
)
