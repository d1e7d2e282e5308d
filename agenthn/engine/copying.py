"""Copy from the source: decoding that finishes a value the way the text an adapter was made from has it.

An internalized answer fails mostly on the value's later pieces: "Your car model is Nissan." for a
Nissan Leaf, "empan." for empanadas, "sijak66" for sijak76; the adapter raises the right piece, just not
above the full stop (session 27). Memory keeps the text of every segment it internalized, so where the
reply so far ends in a stretch of that text (from a word's start, `min_chars` letters or digits at
least), the token that continues the stretch there is taken, provided the adapter itself finds it
plausible: its probability at least `beta` times the top one's. The source never enters the prompt
(zero history tokens still); it only picks among the adapter's own candidates. Rules that keep it
from reshaping a reply: it copies words and numbers only (no punctuation, no line breaks), and never
after a finished sentence, so a reply still ends where the adapter ends it.

Chosen on a dev draw (`scripts/probe_copy.py`, seed 1): one-fact documents 44 -> 47 of 60, needles at
1000 turns 23 -> 24 of 30, the same at beta 0.02, 0.05 and 0.1, no reply made worse. Measured (session
29, README): needles at 1000 turns 77 -> 83 of 100; the base alone copying from the same segments
answers 0 of 30, so the answer is the adapter's and copying only finishes it.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass

import torch

from agenthn.errors import AgentHNError


class CopySourceError(AgentHNError):
    """A copy setting out of range; the message names the setting and its value."""

    code = "invalid_copy_source"


# tokenizer -> each token's text, decoded on first use (weak: a dropped model's table goes with it, and
# a new tokenizer never inherits an old one's table through a reused id)
_PIECES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _piece(tokenizer, token: int) -> str:
    table = _PIECES.setdefault(tokenizer, [None] * len(tokenizer))
    if token >= len(table):  # the output layer's padding rows past the vocabulary
        return ""
    if table[token] is None:
        table[token] = tokenizer.decode([token], skip_special_tokens=True)
    return table[token]


def continuations(reply: str, source: str, min_chars: int = 3) -> set[str]:
    """What follows, in `source`, the longest end of `reply` that starts a word and occurs there
    (at a word start in the source too); empty when no such end has `min_chars` letters or digits."""
    starts = [i for i in range(len(reply)) if reply[i] != " " and (i == 0 or reply[i - 1] == " ")]
    for i in starts:  # longest first
        tail = reply[i:]
        if sum(c.isalnum() for c in tail) < min_chars:
            return set()
        out, at = set(), source.find(tail)
        while at >= 0:
            if at == 0 or not source[at - 1].isalnum():
                out.add(source[at + len(tail): at + len(tail) + 24])
            at = source.find(tail, at + 1)
        if out - {""}:
            return out - {""}
    return set()


@dataclass(frozen=True)
class CopySource:
    """The text a reply's adapters were made from, for `pick`. beta 0 turns it off."""

    text: str
    beta: float = 0.05
    min_chars: int = 3

    def __post_init__(self):
        if not isinstance(self.beta, (int, float)) or not 0 <= self.beta <= 1:
            raise CopySourceError(f"copy beta must be a number in [0, 1], got {self.beta!r}")
        if not isinstance(self.min_chars, int) or self.min_chars < 1:
            raise CopySourceError(f"copy min_chars must be an integer >= 1, got {self.min_chars!r}")

    def pick(self, logits: torch.Tensor, reply_ids: list[int], tokenizer, chosen: int) -> int:
        """`chosen` (the sampler's token), or the plausible token that continues the source where the
        reply is: highest first among those within log(beta) of the top logit."""
        if self.beta <= 0 or not self.text:
            return chosen
        reply = tokenizer.decode(reply_ids, skip_special_tokens=True)
        if not reply.strip() or reply.rstrip()[-1] in ".!?":  # a finished sentence may end the reply
            return chosen
        conts = continuations(reply, self.text, self.min_chars)
        if not conts:
            return chosen
        top = torch.topk(logits.float(), 64)
        floor = float(top.values[0]) + math.log(self.beta)
        for value, token in zip(top.values.tolist(), top.indices.tolist(), strict=True):
            if value < floor:
                break
            piece = _piece(tokenizer, token)
            if any(_word_piece(piece, c) for c in conts):
                return token
        return chosen


def _word_piece(piece: str, cont: str) -> bool:
    """`piece` begins `cont` and carries a word or number on: letters or digits after its leading
    spaces, or only spaces before a letter or digit (tokenizers that split the space off). The source's
    punctuation and line breaks are never copied: they would reshape the reply."""
    if not piece or not cont.startswith(piece):
        return False
    rest = piece.lstrip(" ")
    if rest:
        return rest[0].isalnum()
    return cont[len(piece): len(piece) + 1].isalnum()
