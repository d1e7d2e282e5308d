"""Things a profile question names ("Which football team do I support?", "What car do I drive?") and the
words an entry for that thing may say: which entries a question rules out of a guess by meaning
(`thing_unsaid`), which one it settles by its key (`thing_said`), and what thing a favourite's value names
(`thing_named`, for the parser's re-key in `profile_said`).
"""

from __future__ import annotations

import re

from agenthn.agent import relations

# A thing a question names ("Which football team do I support?", "What car do I drive?") and the words an
# entry for it may say (`thing_unsaid`)
_NAMED = {"team": {"team", "club"}, "band": {"band", "group", "singer", "artist"}, "car": {"car", "vehicle"},
          "instrument": {"instrument"}, "phone": {"phone"}, "film": {"film", "movie"}, "song": {"song"},
          "movie": {"film", "movie"}, "book": {"book", "novel", "author"}, "breed": {"breed"},
          "language": {"language", "languages"}, "colour": {"colour", "color"}, "color": {"colour", "color"}}


def thing_named(word: str) -> str | None:
    """The thing (`_NAMED`'s key) a word names, plural or not ("novels": "book"), or None."""
    word = word.lower()
    for w in (word, word.removesuffix("s"), word.removesuffix("es")):
        found = sorted(k for k, words in _NAMED.items() if w in words)
        if found:
            return found[0]
    return None


def thing_said(query: str, key: str) -> bool:
    """Whether a question names a thing (`_NAMED`, plural or not) that the key names too: "What kind of
    books do I love?" and `favourite book genre` (whose TF-IDF score, the question's other words
    diluting "books", fell under the floor; session 54)."""
    asked = {thing_named(w) for w in re.findall(r"[a-z]+", query.lower())} - {None}
    return bool(asked & {thing_named(w) for w in key.split()})


def thing_unsaid(query: str, keys: list[str]) -> list[bool]:
    """For each key, whether the question names a thing (`_NAMED`) that the key says no word for: such an
    entry is no guess by meaning for it, only one its words find (`profile_pick`: with no team kept, the
    router wore `diet: vegetarian` for "Which football team do I support?" and smol said "Your favourite
    football team is vegetarian.", session 52; TF-IDF's "teach" still finds `job: violin teacher` for
    "What instrument do I teach?"). Only a question: a statement comes before its own entry is kept ("My
    favourite colour is emerald green." then wore nothing, and smol said a row of emoji)."""
    said = set(re.findall(r"[a-z]+", query.lower())) if query.rstrip().endswith("?") else set()
    named = frozenset().union(*(_NAMED[w] for w in said & _NAMED.keys()))
    if said & {"pet", "pets"}:  # any pet's entry says it (two pets: "What kind of pet do I have?" wore
        named |= relations.PETS | {"pet", "pets"}  # `job: vet`, session 55; one pet is the subject)
    return [bool(named) and not named.intersection(k.split()) for k in keys]
