"""How logged turns become segment texts: labelled lines, grouped K turns at a time, never over the
token limit of one chunk (a turn that is alone over it is split at word boundaries, never dropped)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Segment text uses the same "User: ..." lines as the tiny world's conversation documents, the form
# the hypernetwork is trained to read.
ROLE_LABEL = {"user": "User", "assistant": "Assistant", "system": "System", "tool": "Tool"}


@dataclass(frozen=True)
class Planned:
    first_turn: int
    last_turn: int
    text: str


def render_turn(role: str, content: str) -> str:
    return f"{ROLE_LABEL.get(role, role.capitalize())}: {content.strip()}"


def line_content(line: str) -> str:
    """A segment line without its role label ("User: My cat is Miso." -> "My cat is Miso."): what a
    person said, as a retriever should read it."""
    label, sep, rest = line.partition(": ")
    return rest.strip() if sep and label in ROLE_LABEL.values() else line.strip()


def said_by(text: str, role: str = "user") -> str:
    """The lines of a segment's text that `role` said (a turn's later lines carry no label), labels
    kept."""
    label, current, out = ROLE_LABEL.get(role, role.capitalize()), None, []
    for line in text.splitlines():
        head, sep, _ = line.partition(": ")
        if sep and head in ROLE_LABEL.values():
            current = head
        if current == label:
            out.append(line)
    return "\n".join(out)


def split_text(text: str, budget: int, count: Callable[[str], int]) -> list[str]:
    """Pieces of at most `budget` tokens, cut at word boundaries (inside a word only when one word is
    too long); their words, in order, are exactly the text's words."""
    if count(text) <= max(budget, 1) or len(text) <= 1:
        return [text]
    words = text.split()
    if len(words) > 1:
        mid = len(words) // 2
        halves = [" ".join(words[:mid]), " ".join(words[mid:])]
    else:
        halves = [text[: len(text) // 2], text[len(text) // 2:]]
    return [p for h in halves for p in split_text(h, budget, count)]


def plan_segments(turns: list, k: int, limit: int, count: Callable[[str], int],
                  flush: bool) -> tuple[list[Planned], int]:
    """Segments for the oldest buffered turns and how many turns they consume.

    Without `flush` only whole groups of k turns are taken ("every K turns the oldest segment goes").
    A segment closes early rather than pass `limit` tokens; one turn over the limit becomes several."""
    n = len(turns) if flush else len(turns) // k * k
    out: list[Planned] = []
    group: list = []

    def close():
        if group:
            out.append(Planned(group[0].idx, group[-1].idx,
                               "\n".join(render_turn(t.role, t.content) for t in group)))
            group.clear()

    for t in turns[:n]:
        line = render_turn(t.role, t.content)
        if count(line) > limit:
            close()
            budget = limit - count(render_turn(t.role, "x")) - 1  # room for the label, and a merge margin
            out += [Planned(t.idx, t.idx, render_turn(t.role, p))
                    for p in split_text(t.content.strip(), budget, count)]
            continue
        if group and (len(group) >= k
                      or count("\n".join(render_turn(g.role, g.content) for g in group + [t])) > limit):
            close()
        group.append(t)
    close()
    return out, n


def as_messages(turns: list) -> list[dict]:
    return [{"role": t.role, "content": t.content} for t in turns]
