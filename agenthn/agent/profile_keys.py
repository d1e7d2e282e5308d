"""Free-form profile keys: one deterministic spelling per key, and what makes a key acceptable.

A person names the same fact in several ways ("cat's name", "cat name", "name of my cat"), and so does
the model that proposes edits. The profile must hold one entry per fact, so every key, proposed or
typed, is first brought to one spelling by `normalize_key`: lower case, no articles or possessive
determiners in front, a possessive folded into a compound ("cat's name" -> "cat name"), "X of my Y"
turned round ("name of my cat" -> "cat name") and American spellings of a few common words made
British (the profile's default vocabulary is British), and a closed compound written open or
hyphenated joined ("birth place", "birth-place" -> "birthplace"; spelling, not synonyms). The rules
only rewrite a key's wording; they never look at the user's turn, so nothing here can extract a fact:
the model proposes, the parser validates.

`key_problem` says why a normalized key is not a short noun phrase (None when it is one).
"""

from __future__ import annotations

import re

MAX_KEY_WORDS = 5
MAX_KEY_CHARS = 40
# Words in front of a key that say whose it is or that it is definite; they never change the fact. A
# count neither ("We have two rabbits called Snow and Pip." was keyed `two rabbits name`, which no
# question says, session 49).
_LEADING = frozenset({"my", "the", "a", "an", "your", "our", "his", "her", "their", "user", "user's",
                      "users", "current", "new", "two", "three", "four", "five", "six", "both"})
_SPELLING = {"favorite": "favourite", "color": "colour", "neighbor": "neighbour", "mom": "mum",
             "colors": "colours", "favorites": "favourites",
             # a relative as texted ("my gf is called nia" was proposed `gf name: Nia`, and "what's my
             # girlfriend called?" got "Your girlfriend's name is iak.", session 67)
             "gf": "girlfriend", "bf": "boyfriend", "missus": "wife", "missis": "wife"}
# Closed compounds people also write as two words or with a hyphen: one spelling, the closed one.
_CLOSED = frozenset({"birthplace", "hometown", "birthday", "flatmate", "housemate", "roommate", "password",
                     "nickname", "surname", "username", "workplace", "girlfriend", "boyfriend", "grandmother",
                     "grandfather", "stepmother", "stepfather", "godmother", "godfather", "homeland"})
_OF = re.compile(r"^(?P<head>[a-z0-9' -]+?) of (?:my|our|your|his|her|their) (?P<owner>[a-z0-9' -]+)$")
_KEY_OK = re.compile(r"^[a-z0-9][a-z0-9 -]*[a-z0-9]$|^[a-z0-9]$")
_SPACES = re.compile(r"\s+")
# "X of my Y" is turned round only with a possessive after "of" and a short X: "favourite kind of film"
# and "day of the week" name a kind, not an owner, and a long "of" phrase is a sentence fragment
# rather than a fact's name.
_MAX_OF_HEAD_WORDS = 2


def _strip_leading(words: list[str]) -> list[str]:
    while len(words) > 1 and words[0] in _LEADING:
        words = words[1:]
    return words


def _fold_possessives(text: str) -> str:
    """"cat's name" -> "cat name", "parents' city" -> "parents city"."""
    text = re.sub(r"(\w)'s\b", r"\1", text)
    return re.sub(r"(\w)s'(\s|$)", r"\1s\2", text)


def normalize_key(raw: str) -> str:
    """The one spelling of a profile key: "The name of my Cat" -> "cat name"."""
    text = raw.replace("\u2019", "'").replace("_", " ").strip().strip(".,;:!?\"`").strip().lower()
    text = _SPACES.sub(" ", text)
    m = _OF.match(text)
    if m and len(m.group("head").split()) <= _MAX_OF_HEAD_WORDS:
        text = f"{m.group('owner')} {' '.join(_strip_leading(m.group('head').split()))}"
    words = _join_compounds(_strip_leading(_fold_possessives(text).split()))
    return " ".join(_SPELLING.get(w, w) for w in words)


def _join_compounds(words: list[str]) -> list[str]:
    """"birth place" / "birth-place" -> "birthplace" when the closed form is a known compound."""
    out: list[str] = []
    for w in words:
        parts = w.split("-")
        if len(parts) == 2 and "".join(parts) in _CLOSED:
            w = "".join(parts)
        if out and out[-1] + w in _CLOSED:
            out[-1] += w
        else:
            out.append(w)
    return out


def key_problem(key: str) -> str | None:
    """Why a (normalized) key is not a short noun phrase, or None when it is one."""
    if not key:
        return "empty key"
    if len(key) > MAX_KEY_CHARS or len(key.split()) > MAX_KEY_WORDS:
        return f"key {key!r} is not a short noun phrase (at most {MAX_KEY_WORDS} words)"
    if not _KEY_OK.match(key):
        return f"key {key!r} has characters other than letters, digits, spaces and hyphens"
    return None
