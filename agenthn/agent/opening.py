"""How a reply to a turn that only tells the agent about its user opens and ends.

smol, asked nothing, answers a statement as if it were asked for help, and drifts: "my wife is called morag"
got "MORAG! I'm glad to hear that your wife is enjoying herself. ...", "I go cross-country skiing every
Sunday." got "I'm sorry for any mistakes, but as a chatbot designed to assist with cross-country skiing, I
don't have the capability ...", and one statement reply in five of session 66's chats apologised or
refused so. Given the first words of an acknowledgment ("Thanks for telling me") it goes on about what
it was told ("Thanks for telling me about your parrot, I'm glad to know you have one."), and its first
sentence is its best: so the reply opens with those words (`ProfileConfig.acknowledge`, the profile's
contribution) and ends with its first whole sentence past them (`said_enough`). Text only: the runtime
feeds the words to the model and stops the reply.

Past a comma it turned to itself 34 times in 118 (of the 1,032 acknowledgments of sessions 66-67's runs):
"..., I'm sorry for any misunderstanding.", "about your wife, I'm glad to know that you're a bit of a
flower shop owner.", where after a comma a name is right ("about your wife, Priya."); so a piece that
ends in a comma is held back until the next word says which (`Closing`, session 67).

Opened "Thanks for telling me", the model went on with a full stop and a sentence of its own in 357 of the
1,118 acknowledgments of session 67's runs ("Thanks for telling me. I'm sorry for any confusion." to "I go
paddleboarding on the lake most Saturdays."; "... My mum's a local chef, and she's known for her
traditional Korean food." to "my mum lives in hong kong"); opened "Thanks for telling me about", it says
what it was told about ("... about your weekend.", session 68).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from agenthn.agent.profile_clauses import as_written
from agenthn.agent.profile_pick import about_user, states_only
from agenthn.agent.relations import said_word

# A turn that wants something though it asks no question ("I need help with my essay.", "I'd like a
# recipe for dinner."): answered as asked, not acknowledged
_WANTS = re.compile(r"\b(?:need|needs|want|wants|wanna|help|please|pls|looking for|wondering|would like"
                    r"|'d like|recommend|suggest|advice|tips?|ideas?|explain|translate)\b", re.IGNORECASE)
# an opening that asks or bids without a mark ("whats a good way to ...", "give me a recipe")
_BIDS = re.compile(r"^\W*(?:whats|hows|whos|wheres|whens|why|give|write|show|make|find|describe|plan"
                   r"|create|draft|summari[sz]e|compare|check|fix|any)\b", re.IGNORECASE)
# what "we" state is the user's too (a question of everyone's "we" asks, and is never acknowledged)
_WE = re.compile(r"\bwe(?:'re|'ve|'ll)?\b", re.IGNORECASE)
# where a sentence ends: a stop, "!" or "?" ("3rd." ends one; "3.5" does not)
_ENDED = re.compile(r"[.!?][\"')\]]*\s*$")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def tells_about_user(message: str, names: Iterable[str] = ()) -> bool:
    """Whether a message only tells something about its writer ("My wife is called Morag.", "i go fishing
    most weekends"): no question, no request, and its writer in it (`profile_pick.about_user`), or one of
    the `names` of the people the profile holds ("amy is a paramedic" got "Amy is a paramedic who
    specializes in emergency medical services. She's a skilled ...", session 68)."""
    text = as_written(message, close=False)  # "allergic to cats", "dev here. 19, ..." (session 67)
    mine = about_user(text) or bool(_WE.search(text))  # "We have a rabbit called Pipoca."
    mine = mine or any(said_word(n, text) for n in names)
    return bool(text) and states_only(text) and mine and not _WANTS.search(text) and not _BIDS.match(text)


def said_enough(generated: str, min_words: int = 2) -> bool:
    """Whether the words generated past the opening end a sentence of at least `min_words` words: the
    reply stops there ("Thanks for telling me" + " about Sam.", or + ". I'm glad to hear that your
    birthday is on March 3rd.": the stop right after the opening counts no words). With three, " about
    Sam." went on: "... I'm sorry for any misunderstanding, but as a chatbot ..." (the web UI's profile
    chat on smol, session 66)."""
    return bool(_ENDED.search(generated)) and len(_WORD.findall(generated)) >= min_words


# the first whole word after a comma
_AFTER_COMMA = re.compile(r",\s*(?P<w>[^\s',.!?]+)(?=[\s'\u2019,.!?])")
# the model turning to itself after a comma ("..., I'm glad to help.", "..., but as a chatbot ...")
_DRIFTS = frozenset({"I", "but", "But"})


class Closing:
    """Where a reply past its opening ends: `feed` takes each piece the model decodes and gives back the
    pieces to show now; a piece that ends in a comma waits for the next whole word, and where that word
    is the model's own "I" (`_DRIFTS`) the reply ends there with a full stop instead ("Thanks for telling
    me about your brother, I'm sorry ..." -> "Thanks for telling me about your brother."); `ended` once
    the reply said enough (`said_enough`) or so ended. Without an opening every piece shows as it comes."""

    def __init__(self, opens: str):
        self.opens, self.said, self.held, self.ended = bool(opens), "", [], False
        # an opening that ends in "about" wants its object alone ("... about Ghana."), one word past it
        self.min_words = 1 if re.search(r"\babout$", opens.rstrip()) else 2

    def feed(self, piece: str) -> list[str]:
        self.held.append(piece)
        if self.opens and self.held[0].rstrip().endswith(","):
            m = _AFTER_COMMA.search("".join(self.held))
            if m is None:
                return []
            if m["w"] in _DRIFTS:
                self.held, self.ended = [self.held[0].rstrip()[:-1] + "."], True
        shown, self.held = self.held, []
        self.said += "".join(shown)
        self.ended = self.ended or (self.opens and said_enough(self.said, self.min_words))
        return shown

    def shown(self, pieces: Iterable[str]) -> Iterator[str]:
        """The pieces to show of the model's, up to where the reply ends; those held when it stops."""
        for piece in pieces:
            yield from self.feed(piece)
            if self.ended:
                return
        yield from self.held
