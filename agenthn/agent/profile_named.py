"""Facts read beside a name or a subject the same turn keeps: a pet's breed said before the name the model
gave it, a child's age said after their name, and the job that teaching a subject makes.

`profile_parse.parse_proposal` reads these after the model's edits and `profile_verbs.said_lines`, from
what they named.
"""

from __future__ import annotations

import re

from agenthn.agent import relations
from agenthn.agent.profile_done import NAME
from agenthn.agent.profile_verbs import AGE, CHILDREN

# Words before a pet's name that are no breed ("a little dog called Max", "a rescue named Bo")
_NO_BREED = frozenset({"little", "new", "old", "rescue", "young", "big", "small", "lovely", "cute", "baby",
                       "pet", "fat", "lazy", "sweet", "tiny", "gorgeous", "beautiful", "mad", "crazy"})


def breed_lines(turn: str, named: dict[str, str]) -> list[str]:
    """`ADD <pet> breed: <words>` for a pet the turn names after its breed ("We've got a border collie
    called Nessie." was kept as `dog name: Nessie` alone, and "What breed is my dog?" found nothing,
    session 51): the words between "a" and "called" or "named" before the name `named` gives a pet
    (`{"dog name": "Nessie"}`, the model's edits), where they do not say the pet's own word; or a breed's
    word right before the name ("i walk my labrador bess every morning", session 62)."""
    lines = []
    for key, name in named.items():
        pet = key.removesuffix(" name")
        if pet not in relations.PETS or not name:
            continue
        m = re.search(rf"\b(?:an?|my|our)\s+(?P<v>[a-z]+(?: (?!called\b|named\b)[a-z]+)?),?\s+"
                      rf"(?P<c>(?:called|named)\s+)?(?i:{re.escape(name)})\b", turn)
        words = m.group("v").split() if m else []
        if words and (m.group("c") or words[-1] in relations.BREEDS) and not set(words) & (
                _NO_BREED | relations.PETS):
            lines.append(f"ADD {pet} breed: {m.group('v')}")
    return lines


# A child's age said after their name ("I have two kids: Marek, who is ten, and Zofia, who is six." kept no
# age, and "How old is Zofia?" got "Zofia's age is Marek.", session 61); kept under the name (`zofia age`),
# which `relations.about_subject` finds by the name a group's key holds
_NAMED_AGE = re.compile(rf"\b(?!(?:He|She|It|They|This|That|There|Who|What|Which)\b)(?P<n>{NAME}),?\s+"
                        rf"(?:who\s+is|who's|is|aged)\s+(?P<v>{AGE})(?:\s+years old)?"
                        r"(?=\s*(?:[,.;!?)]|\band\b|$))")


def named_age_lines(turn: str) -> list[str]:
    """`ADD <name> age: <age>` for each child a turn about the user's children says the age of after
    their name."""
    if not CHILDREN.search(turn):
        return []
    return [f"ADD {m.group('n')} age: {m.group('v')}" for m in _NAMED_AGE.finditer(turn)]


def teacher_lines(subjects: dict[str, str], jobs: set[str]) -> list[str]:
    """`ADD job: maths teacher` for a subject read from "I teach maths" (`{"subject": "maths"}`) whose
    person has no job held or proposed (`jobs`, their keys): the edit sets key what one teaches as a job,
    and the proposer, shown the subject read from the turn, proposed none (session 53, "Hello! I'm
    Eilidh, I teach maths at a secondary school in Stornoway.")."""
    lines = []
    for key, value in subjects.items():
        job = key.removesuffix("subject") + "job"
        if key.endswith("subject") and job not in jobs:
            lines.append(f"ADD {job}: {value} teacher")
    return lines
