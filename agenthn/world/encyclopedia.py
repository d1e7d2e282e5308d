"""A fictional encyclopedia: towns, people and inventions with random attributes.

An entry document is a title sentence plus one sentence per attribute; questions ask one attribute and
the answer is its value. Entity names, values and phrasings follow the train/eval partition of `names`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from agenthn.world import names as nm
from agenthn.world.users import JOBS

GOODS = ["glass", "salt", "wool", "silk", "clocks", "boats", "honey", "paper", "rope", "lamps",
         "soap", "bells", "tiles", "ink", "nets"]
MATERIALS = ["brass", "oak", "copper", "clay", "iron", "tin", "bone", "slate", "pine", "bronze",
             "stone", "leather"]
USES = ["drying fish", "lifting water", "cooling bread", "counting sheep", "cutting ice", "sorting seeds",
        "warming hands", "mixing paint", "washing wool", "reading stars", "grinding corn", "sending notes"]


def _year(r, s):
    return nm.year(r, s)


# kind -> {attribute label: value generator}
KINDS = {
    "town": {"founding year": _year, "river": nm.name, "region": nm.place,
             "main export": lambda r, s: nm.pick(r, GOODS, s), "mayor": nm.full_name},
    "person": {"birth year": _year, "birthplace": nm.place, "trade": lambda r, s: nm.pick(r, JOBS, s),
               "teacher": nm.full_name, "home street": lambda r, s: f"{nm.place(r, s)} Street"},
    "invention": {"inventor": nm.full_name, "year of invention": _year, "material":
                  lambda r, s: nm.pick(r, MATERIALS, s), "purpose": lambda r, s: nm.pick(r, USES, s),
                  "first city": nm.place},
}
TITLE = {"town": "{e} is a town.", "person": "{e} was a person.", "invention": "The {e} is an invention."}

SAY = ["The {attr} of {e} is {v}.", "{e} has {v} as its {attr}.",
       "The records give {v} as the {attr} of {e}.",
       "For {e}, the {attr} is {v}.", "It is known that the {attr} of {e} is {v}.",
       "Books list the {attr} of {e} as {v}.", "About {e}: the {attr} is {v}.",
       "The {attr} of {e} was {v}.", "Sources say {v} is the {attr} of {e}."]
ASK = ["What is the {attr} of {e}?", "Tell me the {attr} of {e}.", "What was the {attr} of {e}?",
       "Do you know the {attr} of {e}?", "Name the {attr} of {e}.", "Which {attr} does {e} have?",
       "Give the {attr} of {e}.", "What do the records say is the {attr} of {e}?",
       "Can you tell me the {attr} of {e}?"]


@dataclass
class Entity:
    name: str
    kind: str
    attrs: dict[str, str]

    @property
    def ref(self) -> str:
        """How sentences refer to it ("the Volkam" for inventions)."""
        return f"the {self.name}" if self.kind == "invention" else self.name


def entity(rng: random.Random, split: str, kind: str | None = None) -> Entity:
    kind = kind or rng.choice(list(KINDS))
    nm_fn = nm.full_name if kind == "person" else nm.place
    return Entity(nm_fn(rng, split), kind, {a: g(rng, split) for a, g in KINDS[kind].items()})


def fact(rng: random.Random, e: Entity, attr: str, split: str) -> str:
    """One attribute as a single sentence."""
    s = nm.pick(rng, SAY, split).format(attr=attr, e=e.ref, v=e.attrs[attr])
    return s[0].upper() + s[1:]


def entry(rng: random.Random, e: Entity, split: str, attrs: list[str] | None = None) -> str:
    """The entry document: title sentence plus the chosen (default: all) attribute sentences."""
    lines = [TITLE[e.kind].format(e=e.name)]
    lines += [fact(rng, e, a, split) for a in (attrs or list(e.attrs))]
    return "\n".join(lines)


def question(rng: random.Random, e: Entity, attr: str, split: str) -> tuple[str, str]:
    """(question, answer) for one attribute."""
    q = nm.pick(rng, ASK, split).format(attr=attr, e=e.ref)
    return q[0].upper() + q[1:], e.attrs[attr]
