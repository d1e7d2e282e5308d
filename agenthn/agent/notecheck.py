"""Checking a study note item by item, before anything from it enters the notebook.

A model's note can hold a good line beside a garbled or invented one ("The river of Gasnoho is
noted."). Each item is judged on its own, against what the graded mistake gives (question, wrong
answer, right answer, source sentence); a sibling item being right never keeps a bad one:

- long: over the length limit;
- loops: a run of three words comes back (a decoding loop);
- no answer: the item does not state the right answer (it would teach nothing about the mistake);
- off topic: it shares no content word with the question (a bare "Answer: 263341" is found by no
  question and tells one fact from no other);
- ungrounded: it names something the mistake does not (a number or a capitalized word absent from
  the material), or most of its content words are absent from it.

Words every note may use ("answer", "remember", ...) and English stop words do not count.
"""

from __future__ import annotations

import functools
import re

# Words a study note may add to the material: they talk about the note, not about the world.
NOTE_WORDS = frozenset((
    "answer", "answers", "answered", "right", "correct", "wrong", "question", "questions", "source", "note",
    "notes", "study", "remember", "remembered", "always", "never", "next", "time", "say", "says", "said",
    "reply", "asked", "ask", "asks", "instead", "true", "actually"))
# Of an item's content words, at most this share (and at least one word) may be absent from the material.
MAX_UNKNOWN_SHARE = 0.25


@functools.lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    from agenthn.agent.search import stop_words

    return frozenset(stop_words())


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _named(item: str) -> list[str]:
    """Numbers and capitalized words after the first word: the names and values an item asserts."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'-]*", item)
    return [w for i, w in enumerate(words) if any(c.isdigit() for c in w) or (i > 0 and w[0].isupper())]


def material(m: dict) -> frozenset[str]:
    """The words a note about mistake `m` may draw on."""
    return frozenset(_tokens(" ".join(str(m.get(k, "")) for k in ("question", "wrong", "right", "source"))))


def loops(item: str) -> bool:
    toks = _tokens(item)
    grams = [tuple(toks[i:i + 3]) for i in range(len(toks) - 2)]
    return len(grams) != len(set(grams))


def ungrounded(m: dict, item: str) -> str | None:
    """Why the item says more than the mistake's material, or None when it does not."""
    known = material(m) | NOTE_WORDS
    known |= _stop()  # "A:", "The", "I" capitalized mid-item name nothing
    unnamed = [w for w in _named(item) if any(t not in known and len(t) > 1 for t in _tokens(w))]
    if unnamed:
        return f"names what the mistake does not: {unnamed[:3]}"
    content = [t for t in _tokens(item) if t not in _stop() and (len(t) > 2 or t.isdigit())]
    unknown = [t for t in content if t not in known]  # (stop words are never content)
    if len(unknown) > max(1, MAX_UNKNOWN_SHARE * len(content)):
        return f"words absent from the mistake: {unknown[:3]}"
    return None


def check_item(m: dict, item: str, max_chars: int, strict: bool = True) -> str | None:
    """Why one note item is dropped, or None to keep it; without `strict` only its length counts."""
    if len(item) > max_chars:
        return f"over {max_chars} characters"
    if not strict:
        return None
    if loops(item):
        return "repeats itself"
    want = " ".join(_tokens(str(m["right"])))
    if not (want and f" {want} " in f" {' '.join(_tokens(item))} "):
        return "does not state the right answer"
    if not about_question(m, item):
        return "says nothing about the question"
    return ungrounded(m, item)


def about_question(m: dict, item: str) -> bool:
    """An item must name what it is about (a content word of the question besides the answer's own):
    a bare "Answer: 263341" cannot be found by a question or tell one fact from another."""
    answer = set(_tokens(str(m["right"])))
    topic = {t for t in _tokens(str(m["question"])) if t not in _stop() and len(t) > 2} - answer - NOTE_WORDS
    return not topic or bool(topic & set(_tokens(item)))
