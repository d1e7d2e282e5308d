"""Short natural paragraphs for training only: the "scenes" kind (issue 17, session 18).

The English corpus states facts in sentences made for the purpose ("My cat is called Miso."), in lists
and notes about one person. The hand-written paragraphs of `agenthn eval internalize` are everyday
writing instead (a note to a babysitter, a diary entry, a village described), where the fact sits in
prose among sentences that carry none, often about a third party; smol's hypernetwork gets about a
third of them. A scene is such a paragraph, written by hand as a template with value slots
(`<kind>`, `<kind:2>` for a second value of a kind; kinds from `english_values`), with questions and
answer sentences for one to three of its slots. The parts were drafted per genre; a test checks that
no scene shares five words in a row with any eval paragraph, and every slot fills and answers once.

Train split only, and only when a run asks for the kind (`--set hyper.kinds=...,scenes`).
"""

from __future__ import annotations

import random
import re

from agenthn.world import english_values as ev
from agenthn.world.english_attrs import Attr
from agenthn.world.english_scenes_a import SCENES as _A
from agenthn.world.english_scenes_b import SCENES as _B
from agenthn.world.english_scenes_c import SCENES as _C
from agenthn.world.english_scenes_d import SCENES as _D
from agenthn.world.english_scenes_e import SCENES as _E
from agenthn.world.english_scenes_f import SCENES as _F

SCENES: tuple[dict, ...] = _A + _B + _C + _D + _E + _F
SLOT = re.compile(r"<([a-z ]+)(?::(\d))?>")
MAX_DRAWS = 20  # values re-drawn until one neither holds nor sits inside a value already taken


def slots(text: str) -> list[str]:
    return [m.group(0) for m in SLOT.finditer(text)]


def _values(rng: random.Random, text: str) -> dict[str, str]:
    """A value for every slot of a text, no two inside one another (so each can be found once)."""
    vals: dict[str, str] = {}
    for s in slots(text):
        kind = SLOT.fullmatch(s).group(1)
        for _ in range(MAX_DRAWS):
            v = ev.value(rng, kind, "train")
            if not ev.overlaps(v, vals.values()):
                break
        vals[s] = v
    return vals


def _fill(template: str, vals: dict[str, str]) -> str:
    return SLOT.sub(lambda m: vals[m.group(0)], template)


def scene(rng: random.Random, split: str, n_facts: tuple[int, int]):
    """One scene, as the corpus's builders return it: (facts, says, asks, doc, extra). Every asked slot
    is a fact, keyed "scene <index> <slot>" (meta["value_kinds"] names its value kind)."""
    if split != "train":
        raise ValueError(f"the scenes kind is for training only, not split {split!r}")
    i = rng.randrange(len(SCENES))
    sc = SCENES[i]
    vals = _values(rng, sc["text"])
    facts, says, asks, kinds = {}, {}, {}, {}
    for s, pairs in sc["asks"].items():
        kind = SLOT.fullmatch(s).group(1)
        a = Attr(f"scene {i} {s[1:-1]}", kind, kind, generic=False)
        q, answer = rng.choice(pairs)
        facts[a], says[a.key], kinds[a.key] = vals[s], sc["text"], kind
        asks[a.key] = (q, q, _fill(answer, vals))
    return facts, says, asks, _fill(sc["text"], vals), {"genre": sc["genre"], "value_kinds": kinds}
