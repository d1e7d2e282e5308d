"""What the user has together with a relative is the user's too: "me and my wife ingrid have a farm with
sheep and chickens" was proposed `wife business: farm` and `wife animals: sheep and chickens`, and "what
animals do we keep?" found nothing of the user's (session 70). Text only: `profile_parse.parse_proposal`
re-keys such a line as the user's own.
"""

from __future__ import annotations

import re

from agenthn.agent import relations
from agenthn.agent.profile_said import SENTENCE, kin_key

# a sentence whose subject is the user and a relative, named or not ("me and my wife ingrid have ...", "My
# husband Tom and I run ...")
_WE_TWO = re.compile(r"^\W*(?:(?i:me|I)\s+and\s+(?i:my|our)\s+(?P<a>[a-z]+)"
                     r"|(?i:my|our)\s+(?P<b>[a-z]+)(?:\s+[A-Za-z][a-z]+)?\s+and\s+(?i:I|me))\s+"
                     r"(?:(?:[A-Za-z][a-z]+)\s+)?(?:have|has|own|run|keep|got|'ve\s+got|have\s+got)\b")
# what stays the relative's own: who they are, whatever they share with the user
_THEIRS = frozenset({"name", "age", "job", "employer", "birthday", "hometown", "nationality", "nickname",
                     "school", "subject", "hobby", "city", "number", "length"})


def ours_as_said(key: str, value: str | None, turn: str | None) -> str:
    """`key` without its relative (`animals` of `wife animals`) where each sentence of the turn that says the
    value opens with the user and that relative having it (`_WE_TWO`), and the rest of the key is not
    who they are (`_THEIRS`); `key` otherwise."""
    words = key.split()
    if turn is None or not value or len(words) < 2 or set(words[1:]) & _THEIRS:
        return key
    kin = kin_key(words[0])
    if kin not in relations.KIN:
        return key
    said = [s for s in SENTENCE.findall(turn) if value.lower() in s.lower()]
    for sentence in said:
        m = _WE_TWO.match(sentence)
        if not m or kin_key(m.group("a") or m.group("b")) != kin:
            return key
    return " ".join(words[1:]) if said else key
