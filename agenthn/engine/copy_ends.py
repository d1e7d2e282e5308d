"""Where a copied word or value ends: the rules of `CopySource.pick` that finish a word or a value
line the reply has begun, carry a value on to its next word, or end the sentence where a value ends.

They live on `WordEnds`, which `copying.CopySource` takes them from; they read its `text`, `words`,
`value_lines` and `min_chars`.

Session 42: a profile's lines each end with a value (`value_lines`), and a reply that has copied one to
its end and is about to go on with a word of its own ("Your partner's employer is Siemens" + " and
Sons", the full stop not among the adapter's first eight tokens in a scratch run; tests/test_smol.py asks
the same) ends its sentence there instead.

Session 50: a value line's last word goes on as a sentence's does ("You are a tram." for `job: tram
driver`, `copy_text.line_goes_on`); session 62: its next word, not only its last ("You are a primary."
for `job: primary school headteacher`).

Session 55: a value line's last word goes on where the reply, having said the value to it, was about to
say a word of its own ("You are a graphic artist." for `job: graphic designer`), and a value's first word
cut short right after its key and "is" is finished even where the cut piece is a word of the tokenizer's
own ("Luca's hobby is sour." for `partner hobby: sourdough`, `copy_text.value_begun`); both from session
54's held-out chat.
"""

from __future__ import annotations

import re

import torch

from agenthn.engine.copy_text import _content, continuations, line_goes_on, value_begun
from agenthn.engine.copy_tokens import likeliest, prefix_tokens, starts_word, token_piece, word_piece


class WordEnds:
    """The word- and value-end rules of `CopySource` (its fields: `text`, `words`, `value_lines`,
    `min_chars`)."""

    text: str
    words: frozenset[str]
    value_lines: str
    min_chars: int

    def _end_value(self, logits: torch.Tensor, reply: str, conts: set[str], tokenizer, chosen: int) -> int:
        """Where the reply's end ends a value line ("employer: Nordea" then the line's end; every such
        occurrence, so not a key's end: "employer" + ":"), no source goes on from it with a word, and
        `chosen` starts a new word (" and" of "Nordea and Sons"), the likeliest token that ends the
        sentence (a full stop or the reply's end) instead, however unlikely: as a value cut short, one
        the reply goes on inventing is never right (smol's adapter put " and", " Labs", " Engineering"
        first after "Siemens", the full stop not among its first eight)."""
        in_values = continuations(reply, self.value_lines, self.min_chars)
        if not in_values or not all(c.startswith("\n") for c in in_values):
            return chosen
        if any(c[:1].isalnum() or re.match(r" \w", c) for c in conts):  # memory's text may go on
            return chosen
        # a bare space: a tokenizer's own
        if not re.match(r" (?:[^\W_]|$)", token_piece(tokenizer, chosen)):
            return chosen
        stops = prefix_tokens(tokenizer, (".",)) | ({tokenizer.eos_token_id} - {None})
        return max(stops, key=lambda t: float(logits[t])) if stops else chosen

    def _finish_word(self, logits: torch.Tensor, reply: str, conts: set[str], tokenizer, chosen: int) -> int:
        """A reply about to end inside a source word ("biry." for biryani, "Droth." for Drothen) takes the
        likeliest token that goes on with the word instead, however unlikely: a value cut short is
        never right. Only where `chosen` ends the word (punctuation, a space, a stop) and the reply's
        word is neither a stop word ("the" of "their") nor a lowercase word the tokenizer holds whole
        ("I work from home." where the source has "hometown"), unless it begins one of `words` after the
        word the source says before it ("Your profession is graphic design." for `job: graphic designer`,
        session 52) or the source goes on with a letter no English word has (session 61's held-out chat:
        "... a business that sells caf." for `mother business: café`)."""
        inside = [c for c in conts if c[:1].isalnum()]
        words = re.findall(r"[^\W_]+", reply)
        if not inside or not words or not _content(words[-1]) or token_piece(tokenizer, chosen)[:1].isalnum():
            return chosen
        if (words[-1].islower() and len(tokenizer.encode(" " + words[-1], add_special_tokens=False)) == 1
                and all(c[:1].isascii() for c in inside)  # "caf" + "é": no English word ends there
                and not self._begins_value_word(words, inside)
                and not (self.value_lines and value_begun(reply, self.value_lines))):
            return chosen
        return likeliest(logits, tokenizer, chosen, lambda piece: piece[:1].isalnum(), inside)

    def _begins_value_word(self, words: list[str], inside: list[str]) -> bool:
        """Whether the reply's last word begins one of `words` right after the word the source says before
        it, or after "a" or "an": "graphic design" of "graphic designer", "a fir" of "retired firefighter"
        ("You worked as a fir.", session 61), not "teach" of "violin teacher" ("... your newfound skills
        to teacher.", session 52's first full chat run)."""
        begun = {words[-1] + _first_word(c) for c in inside}
        return len(words) > 1 and any((f"{words[-2]} {w}" in self.text or words[-2] in ("a", "an"))
                                      and w in self.words for w in begun)

    def _keep_name(self, logits: torch.Tensor, reply: str, conts: set[str], tokenizer, chosen: int,
                   joined: bool = True) -> int:
        """A reply that has started a source name or number (or one of `words`) and is about to bend it
        ("Sal" + "os" for Salzburg, "Seat " + "4" for Seat Ibiza, "Zagreb" + "y") takes the source's next
        piece instead, or where the source word ends there the likeliest piece that ends it, however
        unlikely: a value misspelt is never right. Only where `chosen` goes on with the word (letters or
        digits, or a hyphen: "You have worked as a post" + "-hoc" for `job: postwoman`, session 51).
        `joined`: `conts` go on from the reply's own end (not through an anchor), so a bare space the
        reply ends in may be inside a copied name; through an anchor it is the reply's own ("March " +
        "3" is not "March Theodora")."""
        first = token_piece(tokenizer, chosen)[:1]
        if not (first.isalnum() or first == "-"):
            return chosen
        word = re.search(r"[^\W_]*$", reply).group()
        if not word and not (joined and _name(reply.rstrip(" ").rsplit(" ", 1)[-1])):
            return chosen  # a bare space: only inside a name of several words ("Seat Ibiza")
        names = [c for c in conts if _name(word + c) or _first_word(word + c) in self.words]
        goes_on = [c for c in names if c[:1].isalnum()]
        if goes_on:
            return likeliest(logits, tokenizer, chosen, lambda piece: any(word_piece(piece, c)
                                                                          for c in goes_on), goes_on)
        if word and names and first != "-":  # the source word ends here: the likeliest way to end it
            return likeliest(logits, tokenizer, chosen, lambda piece: not piece[0].isalnum(),
                              set(names) | {".", ",", "!", "?"})
        return chosen

    def _next_word(self, logits: torch.Tensor, reply: str, conts: set[str], tokenizer, chosen: int) -> int:
        """A reply about to end its sentence on a copied word whose source sentence goes on with a name or
        number ("Seat." for "Seat Ibiza") or with its own last word ("B." for "B positive.") takes that
        word's likeliest first piece instead, however unlikely: a value cut short at a word is never
        right either. Not after a stop word, nor before one. A name joined by a hyphen goes on too
        ("Rolls." for "Rolls-Royce", session 46), and a possessive in a value ("Your employer is
        children." for "children's hospital", session 48). A value line's last word goes on the same way
        (`copy_text.line_goes_on`: "You are a tram." for `job: tram driver`, session 50), and where
        profile lines are copied from, any hyphenated word ("Your age is sixty." for `age: sixty-seven`,
        session 51). A value line's last word goes on also where `chosen` starts another word of the
        reply's own ("You are a graphic artist." for `job: graphic designer`, session 54's held-out chat:
        smol's adapter put " artist" first and " designer" under beta)."""
        words = re.findall(r"[^\W_]+", reply)
        piece = token_piece(tokenizer, chosen)
        ends = piece.strip()
        if not words:
            return chosen
        # the rest of a hyphened value word ("sixty" of `age: sixty-seven`)
        hyphened = [c for c in conts if self.value_lines and re.match(r"-[a-z]", c)]
        if ends and ends[0] not in ".!?":  # not the sentence's end: only a value line's word goes on, over
            # a content word of the reply's own ("graphic" + " artist"; not " is" of "Your painting is a
            # painting of watercolours." for `hobby: painting watercolours`, which said "Your painting
            # watercolours." when any word gave way)
            own = re.match(r" [A-Za-z]", piece) and _content(ends)
            # and a hyphened value word ("Your age is thirty years." for `age: thirty-eight`, session 56)
            rest = self._line_rest(reply, words, conts) + hyphened if own else []
            return likeliest(logits, tokenizer, chosen, lambda p: bool(hyphened) and p.startswith("-")
                              or any(starts_word(p, c) for c in rest), rest) \
                if rest and not any(c.startswith(piece) for c in rest) else chosen
        nxt = list(hyphened)  # "sixty" too (a stop word)
        if _content(words[-1]) or words[-1].isupper():
            nxt += [c for c in conts if re.match(r" (?:[A-Z0-9]|\w+[.!?](?:\s|$))", c)
                    and _content(c.split()[0]) or re.match(r"-[A-Z0-9]|'s \w", c)]
            nxt += self._line_rest(reply, words, conts)
        if not nxt:
            return chosen
        return likeliest(logits, tokenizer, chosen, lambda piece: piece.startswith(("-", "'"))
                          or any(starts_word(piece, c) for c in nxt), nxt)

    def _line_rest(self, reply: str, words: list[str], conts: set[str]) -> list[str]:
        """A value line's last word where the reply has said that value up to it (`line_goes_on`) and
        ends in a content word (or one in capitals: "IT"), and no value ends there."""
        if not self.value_lines or any(c.startswith("\n") for c in conts) or not (
                _content(words[-1]) or words[-1].isupper()):
            return []
        return list(line_goes_on(reply, self.value_lines, self.min_chars))


def _first_word(text: str) -> str:
    return re.match(r"[^\W_]*", text).group()


def _name(word: str) -> bool:
    """Whether `word` is a name or a number: a capital or a digit first."""
    return word[:1].isupper() or word[:1].isdigit()
