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

Where no end of the reply continues in the source, the reply may still have named the fact its own
way: "Your blood type is" for "my blood type happens to be B positive", where the adapter's top token
was " positive" and " B" came fifth. Then an anchor is sought (`anchored`): the longest stretch of the
reply that the source has as whole words (`min_chars` at least, one word not a stop word), followed in
the reply by at most three words of its own. The `gap_words` source words after the anchor that are
not stop words may be started (by a piece that says which word: two letters at least, or the whole
word, or a bare space before a number), and a source word the reply has started goes on, again only
among the adapter's plausible tokens, likeliest first. Chosen on dev draws of one-fact documents with
whole-document adapters (`python scripts/probe_copy.py --betas 0.05 --seed S [--gap-words 0]`, seeds
1-3, 200 documents): 162 -> 170 right, none lost ("bike colour is 7." -> "coral.", "middle name is
Worthoshoum." -> "Lovoshoum.", "blood type is O." -> "O negative.").

A reply about to end inside a source word ("Your star sign is Pis." for Pisces) finishes the word with
the likeliest piece that goes on with it, however unlikely the adapter finds it (`finish_words`): a
value cut short is never right. The same draws: 170 -> 176 of 200, none lost. Likewise a reply about
to end its sentence on a copied word whose source sentence goes on with a name or number, or with its
own last word ("Nissan." for "Nissan Leaf", "B." for "B positive."), takes that word: 176 -> 178.

Session 35: a reply that has started a source name or number and is about to bend it ("Sal" + "os" for
Salzburg, "Seat " + "4" for Seat Ibiza, "Zagreb" + "y") keeps the source's spelling (`_keep_name`); an
anchor also reaches a value named before it in its sentence ("Ilse is the name of his landlord."), a
possessive in the reply matching the bare word; and the forced pieces are found by encoding the
source's continuation, whatever their rank ("Saoi" + "rse" ranked about 25,000th). The same draws:
178 -> 194 of 200, none lost; the base alone copying from the same documents answers 2 of 60.

Session 45: an anchor may be a label's plural ("cat" of "cats: Luna and Tofu"). Session 48: a reply that
has named a line's key and "is" asked for its value (`slot_value`): it follows to its end however unlikely
("Your instrument is flute." for `instrument: sitar`). String matching: `copy_text`; tokens: `copy_tokens`.

Session 50: a reply wearing only dislikes says the key where it was about to say "favourite"
(`CopySource.instead`); and a reply to a question that says no number says none where a value goes that
nothing it copies from holds ("Your husband is a 17.", `_no_new_number`).

Where a copied word or a profile's value ends (sessions 42, 50, 55, 62): `copy_ends.WordEnds`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import torch

from agenthn.engine.copy_ends import WordEnds
from agenthn.engine.copy_text import (
    anchored,
    article_fits,
    continuations,
    lone_value,
    number_overrun,
    phrase_rest,
    recited_name,
    short_name_said,
    slot_value,
    value_starts,
)
from agenthn.engine.copy_tokens import (
    likeliest,
    plausible_tokens,
    starts_word,
    token_piece,
    word_piece,
)
from agenthn.errors import AgentHNError, check_fraction


class CopySourceError(AgentHNError):
    """A copy setting out of range; the message names the setting and its value."""

    code = "invalid_copy_source"



@dataclass(frozen=True)
class CopySource(WordEnds):
    """The text a reply's adapters were made from, for `pick`. beta 0 turns it off."""

    text: str
    beta: float = 0.05
    min_chars: int = 3
    gap_words: int = 4  # 0: continue the reply's own end only, no anchor
    finish_words: bool = True  # a reply about to end inside a source word finishes it
    # source words kept as spelt once the reply has started them, as names and numbers always are:
    # a profile's values, lowercase too ("glassblower", not "glass" + "burt")
    words: frozenset[str] = frozenset()
    # lines that each end with a value (a profile's "key: value" entries, part of `text`): a reply that has
    # copied one to its end ends its sentence there rather than going on with a word of its own ("Your
    # employer is Nordea and Sons.", session 42)
    value_lines: str = ""
    # (wrong, right) words: a reply about to say `wrong` as a new word says `right` instead, to its end
    # ("Your favourite food is olives." for `disliked food: olives` said "disliked", session 50)
    instead: tuple[tuple[str, str], ...] = ()
    # whether a number the source does not hold may stand where a value goes (`_no_new_number`): a reply
    # to a message that said one may repeat it ("My birthday is on 5 July." -> "Your birthday is 5 July.")
    new_numbers: bool = True

    def __post_init__(self):
        check_fraction(self.beta, "copy beta", CopySourceError)
        if not isinstance(self.min_chars, int) or self.min_chars < 1:
            raise CopySourceError(f"copy min_chars must be an integer >= 1, got {self.min_chars!r}")
        if not isinstance(self.gap_words, int) or self.gap_words < 0:
            raise CopySourceError(f"copy gap_words must be an integer >= 0, got {self.gap_words!r}")

    def pick(self, logits: torch.Tensor, reply_ids: list[int], tokenizer, chosen: int) -> int:
        """`chosen` (the sampler's token), or the plausible token that continues the source where the
        reply is: highest first among those within log(beta) of the top logit."""
        if self.beta <= 0 or not self.text:
            return chosen
        reply = tokenizer.decode(reply_ids, skip_special_tokens=True)
        if not reply.strip() or reply.rstrip()[-1] in ".!?":  # a finished sentence may end the reply
            return chosen
        said = self._say_instead(logits, reply, tokenizer, chosen)
        if said != chosen:
            return said
        filled = self._fill_slot(logits, reply, tokenizer, chosen)
        if filled is not None:  # the slot's value decides, over an anchor's other words ("Pip" of two)
            return filled
        valued = self._no_new_number(logits, reply, tokenizer, chosen)
        if valued != chosen:
            return valued
        conts = continuations(reply, self.text, self.min_chars)
        if conts:
            # the reply's own end continues
            for token, piece in plausible_tokens(logits, tokenizer, self.beta):
                if any(word_piece(piece, c) for c in conts):
                    return token
            named = self._recite_name(logits, reply, tokenizer, chosen)
            if named != chosen:
                return named
            if self.value_lines:
                ended = self._end_value(logits, reply, conts, tokenizer, chosen)
                if ended != chosen:
                    return ended
            if not self.finish_words:
                return chosen
            kept = self._keep_name(logits, reply, conts, tokenizer, chosen)
            return self._next_word(logits, reply, conts, tokenizer,
                                   self._finish_word(logits, reply, conts, tokenizer, kept))
        if self.value_lines and token_piece(tokenizer, chosen)[:1].isalnum() and short_name_said(
                reply, self.value_lines, self.text, self.min_chars):  # "Jo" + "jos": the name ends
            return likeliest(logits, tokenizer, chosen, lambda p: not p[:1].isalnum(), {".", ",", "!", "?"})
        if not self.gap_words:
            return chosen
        inside, fresh = anchored(reply, self.text, self.min_chars, self.gap_words)
        if not (inside or fresh) and self.value_lines:
            inside, fresh = lone_value(reply, self.value_lines)
        if not (inside or fresh):
            return chosen
        plausible = plausible_tokens(logits, tokenizer, self.beta)
        for token, piece in plausible:  # a started source word goes on first
            if any(word_piece(piece, c) for c in inside):
                return token
        if inside and self.finish_words:
            kept = self._keep_name(logits, reply, inside, tokenizer, chosen, joined=False)
            taken = self._next_word(logits, reply, inside, tokenizer, kept)
            if taken != chosen:
                return taken
        for token, piece in plausible:
            if any(starts_word(piece, c) for c in fresh):
                return token
        return chosen

    def _say_instead(self, logits: torch.Tensor, reply: str, tokenizer, chosen: int) -> int:
        """A reply about to start the word `wrong` of a pair in `instead` (a piece of three letters at
        least that begins it; not after "least" or `right`'s first word) starts `right` instead, and a
        reply that has started `right` says it to its end, however unlikely: smol's adapter names a
        disliked thing a favourite whatever entry it wears (seven chat files said "Your favourite food is
        olives." with `disliked food: olives` worn; with the dislike word alone, "Your disliked is
        olives.")."""
        piece = token_piece(tokenizer, chosen)
        for wrong, right in self.instead:
            rest = phrase_rest(reply, right)
            if rest:
                return likeliest(logits, tokenizer, chosen, lambda p, r=rest: word_piece(p, r), {rest})
            last = re.search(r"\w*$", reply).group().lower()
            if piece[:1] == " " and len(piece.strip()) >= 3 and wrong.startswith(piece.strip().lower()) \
                    and last not in (right.split()[0], "least"):
                return likeliest(logits, tokenizer, chosen, lambda p, r=right: starts_word(p, " " + r),
                                  {" " + right})
        return chosen

    def _recite_name(self, logits: torch.Tensor, reply: str, tokenizer, chosen: int) -> int:
        """A reply whose last words recite the source where it goes on with a name (`recited_name`:
        "Elsa is a dentist in" + " a small town" for "... a dentist in Stockholm.") takes the name's
        first piece instead, however unlikely, where `chosen` starts another word."""
        piece = token_piece(tokenizer, chosen)
        if not (self.finish_words and piece.startswith(" ")):  # most steps: no source search
            return chosen
        name = recited_name(reply, self.text)
        if not name or name.startswith(piece):
            return chosen
        return likeliest(logits, tokenizer, chosen, lambda p: starts_word(p, name), {name})

    def _no_new_number(self, logits: torch.Tensor, reply: str, tokenizer, chosen: int) -> int:
        """A reply about to say a number where a value goes (after "is" or "are", perhaps with an article,
        "as a" ("You have worked as a 4 for years.", session 51), a colon, "have" or "a total of" ("Your
        family has a total of 23 children." with `children: three` worn, session 52), or a value's word) while
        nothing it copies from holds a digit starts the likeliest value word instead, however unlikely:
        smol's adapter says a number where it has no value to say ("Your husband is a 17.", "Tiago's
        teaching is the 2." with `brother job: maths teacher` worn, "... the school subject is: 17.",
        session 50), and a number the profile and memory never held is never right. Only where
        `new_numbers` is off: the reply answers a question that says no number. A number held, said, ends
        there ("Liam's age is 41." for `lily age: 4`, session 61: `number_overrun`)."""
        if not self.new_numbers and number_overrun(reply, token_piece(tokenizer, chosen), self.text):
            return likeliest(logits, tokenizer, chosen, lambda p: p in (".", ","), {".", ","})
        if self.new_numbers or not self.value_lines or re.search(r"\d", self.text):
            return chosen
        if not token_piece(tokenizer, chosen).strip()[:1].isdigit():
            return chosen
        last = re.findall(r"[^\W_]+", reply)[-1:]
        if not re.search(r"(?:\b(?:is|are)(?:\s+(?:a|an|the))?|\bas\s+(?:a|an|the)|:|\b(?:have|has)"
                         r"|\b(?:total|number) of)\s*$", reply, re.IGNORECASE) and not (
                last and last[0] in self.words):  # or after a value's word: "the maths 1"
            return chosen
        words = value_starts(self.value_lines)
        if reply.endswith(" "):  # smol splits " 17" as " " + "1" + "7": the space is said already
            words = [w[1:] for w in words]
        return likeliest(logits, tokenizer, chosen, lambda p: any(starts_word(p, w) for w in words), words)

    def _fill_slot(self, logits: torch.Tensor, reply: str, tokenizer, chosen: int) -> int | None:
        """A reply that has named a profile line's whole key and "is" (`slot_value`) and is about to
        say something other than that line's value, or than the rest of it, takes the value's likeliest
        next piece instead, however unlikely: the reply has asked for that value, and any other is never
        right. A piece that says which word goes first (" piano", not a bare space then "pian"). `chosen`
        where it goes on with the value (session 60: "Your cat's name is" + " M" for `cats: Mabel and
        Pip` was taken over by the anchor's " Pip", a whole word where " M" says none); None where no
        slot is open or nothing decides."""
        rest = slot_value(reply, self.value_lines) if self.value_lines else None
        piece = token_piece(tokenizer, chosen)
        if not rest:
            return None
        if piece and rest.startswith(piece):
            return chosen
        if article_fits(piece, rest) and re.search(r"\b(is|are)$", reply):
            return chosen  # "Your instrument is a" + " sitar": the value follows the article
        taken = likeliest(logits, tokenizer, chosen, lambda p: starts_word(p, rest), {rest})
        if taken != chosen:
            return taken
        if rest.startswith(", "):  # a list's comma: "Hindi" + ", Marathi and English" (session 55)
            taken = likeliest(logits, tokenizer, chosen, lambda p: p == ",", {","})
        else:  # tiny: a letter
            taken = likeliest(logits, tokenizer, chosen, lambda p: word_piece(p, rest), {rest})
        return taken if taken != chosen else None
