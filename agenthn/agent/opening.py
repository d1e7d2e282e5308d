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
"""

from __future__ import annotations

import re

from agenthn.agent.profile_pick import about_user, states_only

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


def tells_about_user(message: str) -> bool:
    """Whether a message only tells something about its writer ("My wife is called Morag.", "i go fishing
    most weekends"): no question, no request, and its writer in it (`profile_pick.about_user`)."""
    text = message.strip()
    mine = about_user(text) or bool(_WE.search(text))  # "We have a rabbit called Pipoca."
    return bool(text) and states_only(text) and mine and not _WANTS.search(text) and not _BIDS.match(text)


def said_enough(generated: str, min_words: int = 2) -> bool:
    """Whether the words generated past the opening end a sentence of at least `min_words` words: the
    reply stops there ("Thanks for telling me" + " about Sam.", or + ". I'm glad to hear that your
    birthday is on March 3rd.": the stop right after the opening counts no words). With three, " about
    Sam." went on: "... I'm sorry for any misunderstanding, but as a chatbot ..." (the web UI's profile
    chat on smol, session 66)."""
    return bool(_ENDED.search(generated)) and len(_WORD.findall(generated)) >= min_words
