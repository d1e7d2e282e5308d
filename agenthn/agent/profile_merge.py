"""The edits a proposal's lines make (`ProposedEdit`, `Rejection`), and how the model's edits of one turn
are weighed against each other and against those read from the turn's own words (`profile_verbs`): a
key glued from another (`glued`), a value said within one read from the turn (`within_said`), and one
edit per key, the turn's words standing where they differ (`with_said`). `profile_parse` checks each
line; this module decides which of the checked ones stand together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agenthn.agent import kinds
from agenthn.agent.profile_said import WORD, is_job
from agenthn.agent.profile_verbs import FALLBACK


@dataclass(frozen=True)
class ProposedEdit:
    op: str
    key: str
    value: str | None
    line: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejection:
    line: str
    reason: str


def glued(res: ProposedEdit | Rejection, accepted: list[ProposedEdit], turn: str | None
           ) -> ProposedEdit | Rejection:
    """A key that is one the proposal gave already with letters glued on, for the same value or a part
    of it, and no word the turn says: the small model's stutter ("My birthday is on the 14th of March."
    was proposed `birthday: 14th` and `birthdayendment: 14th`, session 54; `birthday: 14th of March` and
    `birthdayendment: 14` in session 43's chat)."""
    if not isinstance(res, ProposedEdit) or res.value is None:
        return res
    words = set(WORD.findall((turn or "").lower()))
    for e in accepted:
        part = bool(e.value) and res.value.lower() in e.value.lower()
        if (part and res.key != e.key and res.key.startswith(e.key) and res.key[len(e.key)].isalpha()
                and res.key.split()[-1] not in words):
            return Rejection(res.line, f"key {res.key!r} is {e.key!r} with letters glued on")
    return res


def within_said(res: ProposedEdit | Rejection, said: list[ProposedEdit]) -> ProposedEdit | Rejection:
    """A model's edit whose value is part of one read from the turn under another key is that fact
    again, misfiled ("I speak Swahili, English and a bit of German." also proposed `home language:
    German` beside `languages: Swahili, English and a bit of German`)."""
    if not isinstance(res, ProposedEdit) or res.value is None:
        return res
    for e in said:
        part, whole = res.value.lower(), e.value.lower()
        if e.key != res.key and part != whole and re.search(rf"\b{re.escape(part)}\b", whole):
            return Rejection(res.line, f"{res.value!r} is said within {e.key!r}: {e.value!r}")
    return res


_KEEN = r"(?:fan|lover|enthusiast|buff|nut)\w*"  # what makes a thing liked a "job" ("cricket faniser")


def _keen_on(value: str | None, read: ProposedEdit) -> bool:
    """Whether a job's `value` is what the turn says someone is keen on (`read`), made a job ("My husband
    is a big fan of cricket." proposed `husband job: cricket fan`, session 54)."""
    return (read.key.split()[-1] in FALLBACK and value is not None
            and re.fullmatch(rf"{re.escape(read.value.lower())}\s+{_KEEN}", value.lower()) is not None)


def companion(key: str) -> bool:
    """Whether a key read from the turn names whom a thing is done with (`tennis partner`) or whom someone
    lives with (`housemate`) or who visits them (`visitor`): kept beside the same name kept as a relative's
    (`friend name: Clara`), which answers another question."""
    return key.endswith(" partner") and key != "partner" or kinds.kind(key) == "household" or key == "visitor"


def _done_with(value: str | None, read: ProposedEdit) -> bool:
    """Whether a job's `value` is the thing the turn says is done with someone (`read`: `tennis partner:
    Clara`), made a job ("I play tennis with my friend Clara every Sunday." proposed `friend job: tennis
    player`, session 58)."""
    thing = read.key.removesuffix(" partner")
    return companion(read.key) and value is not None and thing.split()[-1] in value.lower().split()


def with_said(accepted: list[ProposedEdit], rejected: list[Rejection], said: list[ProposedEdit]
               ) -> tuple[list[ProposedEdit], list[Rejection]]:
    """The model's edits and those read from the turn, one per key: the model's where both say the same
    value, the turn's words where they differ (`languages: Swahili` against "Swahili, English and a bit
    of German"); the same value the model keyed otherwise stays under its key where it is of the same
    kind (`employer: children's hospital`, not `workplace`), and is the turn's where not (`mother
    language learning: French` for "my mum teaches French" is `mother subject`)."""
    kept_values = {e.value.lower() for e in accepted if e.value}
    said = [e for e in said if e.key.split()[-1] not in FALLBACK or e.value.lower() not in kept_values]
    read = {e.key: e for e in said}
    by_value = {e.value.lower(): e for e in said if not companion(e.key)}
    kept = []
    for e in accepted:
        r, same = read.get(e.key), by_value.get((e.value or "").lower())
        if r is not None and r.value != e.value:
            rejected.append(Rejection(e.line, f"second edit of {e.key!r} in one turn: the turn says "
                                                f"{r.value!r}"))
        elif is_job(e.key) and any(_keen_on(e.value, r) for r in said):
            rejected.append(Rejection(e.line, f"{e.value!r} is what the turn says someone is keen on"))
        elif is_job(e.key) and any(_done_with(e.value, r) for r in said):
            rejected.append(Rejection(e.line, f"{e.value!r} is what the turn says is done with someone"))
        elif same is not None and same.key != e.key and kinds.kind(same.key) != kinds.kind(e.key):
            rejected.append(Rejection(e.line, f"{e.value!r} is said as {same.key!r}"))
        else:
            kept.append(e)
    keys, values = {e.key for e in kept}, {e.value.lower() for e in kept if e.value}  # the model's
    new = [e for e in said if e.key not in keys and (e.value.lower() not in values or companion(e.key))]
    return kept + new, rejected
