"""Likes and dislikes: which side a profile key or a question is on.

A question about what the user dislikes passes over their favourites' entries and the other way round
(`kinds.fitting`), and a reply wearing only dislikes calls none of them a favourite (`dislike_words`,
for copying).
"""

from __future__ import annotations

import re

# "What food do I hate?" wore `favourite food` (session 44); "What's my favourite drink?" with only
# `disliked drink: coffee` got "Your favourite drink is coffee.". A key's own words say which side it is
# on ("least favourite drink" a dislike), a question's words which it asks.
_DISLIKE_KEY = frozenset({"dislike", "dislikes", "disliked", "hate", "hated", "hates", "least", "worst"})
_LIKE_KEY = frozenset({"favourite", "favorite", "loved", "liked", "best", "preferred"})
_DISLIKE_Q = re.compile(r"\b(hates?|dislikes?|detests?|(can'?t|cannot)( \w+)? stand"
                        r"|(do|does)( not|n'?t)( \w+)? like|least favou?rite|worst)\b", re.IGNORECASE)
_LIKE_Q = re.compile(r"\b(love|loves|favou?rite|like (best|most)|prefer|enjoy)\b", re.IGNORECASE)


def dislike_words(keys: list[str]) -> tuple[tuple[str, str], ...]:
    """(wrong, right) words for copying (`CopySource.instead`) where the worn entries' keys are all of
    things disliked ("disliked food"): a reply calls none of them a favourite, it says the key ("Your
    disliked food is olives.", not "Your favourite food is olives."), or of several keys the first one's
    dislike word."""
    sides = [liking(k.lower().split()) for k in keys]
    if not sides or any(v >= 0 for v in sides):
        return ()
    said = keys[0].lower() if len(set(keys)) == 1 else next(w for w in keys[0].lower().split()
                                                             if w in _DISLIKE_KEY)
    return tuple((wrong, said) for wrong in ("favourite", "favorite"))


def liking(words: list[str]) -> int:
    """-1 for a key of something disliked, 1 of a favourite, 0 for neither."""
    return -1 if _DISLIKE_KEY.intersection(words) else int(bool(_LIKE_KEY.intersection(words)))


def question_liking(query: str) -> int:
    """-1 for a question about what the user dislikes, 1 about what they like most, 0 for neither."""
    return -1 if _DISLIKE_Q.search(query) else int(bool(_LIKE_Q.search(query)))
