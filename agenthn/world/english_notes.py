"""Everyday notes for training only: a message, diary entry, voicemail or email in which the writer's
facts sit among other names, times and numbers that nobody asks about.

Why: the eval's hand-written paragraphs (`agenthn/bench/data/natural_paragraphs.jsonl`) bury one fact in
ordinary prose beside other names and numbers ("the plumber is coming on Thursday ... His name is Radek
... around nine"), and the shipped hypernetworks recalled 31% of them while recalling 65% of one-fact
template notes. The corpus's notes state facts back to back with at most a bland aside, so an adapter
never had to tell the asked value from a neighbour of the same kind. Here every note carries one to
three distractor sentences whose values are of the kinds facts take (names, times, days, prices), and
prose lines around them. Facts and questions use the person attributes' train phrasings, so the
answers say the fact back as the other kinds do ("Your locker code is 4821."). Nothing here is drawn
outside the train split, and a test keeps these lines from echoing the eval's paragraphs.

    NOTE_GENRES   (opening line, closing line) of a note; {N} a name, "" for none
    DISTRACTORS   (sentence with {x}, the value kind of {x}) that state nothing asked
    NOTE_LINES    prose lines without values
    distractors(rng, split, k) -> [(sentence, value), ...]
"""

from __future__ import annotations

import random

from agenthn.world import english_values as ev

NOTE_GENRES: tuple[tuple[str, str], ...] = (
    ("Hi {N}, a few things before I go.", "Thanks, see you later."),
    ("Dear diary,", ""),
    ("Voicemail:", "Call me back when you can."),
    ("Note for {N}:", "Cheers!"),
    ("Hello {N}! Long time no write.", "Take care."),
    ("Weekly update", ""),
    ("Message to the group chat:", "That's all for now."),
    ("Dear {N},", "Best wishes."),
    ("Written on the back of an envelope:", ""),
    ("Email to {N}, subject: catching up", "Speak soon."),
    ("Sunday evening, too tired to sleep.", ""),
    ("Postcard from the seaside.", "Wish you were here!"),
)

DISTRACTORS: tuple[tuple[str, str], ...] = (
    ("{x} rang this morning but I missed the call.", "name"),
    ("I bumped into {x} outside the chemist.", "name"),
    ("{x} still owes me a book.", "name"),
    ("The bus was late again, so I only got home at {x}.", "time"),
    ("My alarm went off at {x} for no reason.", "time"),
    ("We agreed to talk again on {x}.", "weekday"),
    ("The shop is closed every {x} now.", "weekday"),
    ("The repair quote came to {x} pounds, which seems a lot.", "price"),
    ("The parcel weighed {x} kilos.", "small number"),
    ("There were {x} people in the queue at the post office.", "small number"),
    ("Our cousins arrive on {x}.", "date"),
    ("The gas meter reading was {x} this time.", "code"),
    ("Someone left a note from {x} on the fridge.", "name"),
    ("Apparently it will rain until {x}.", "weekday"),
    ("I walked past {x} on my way back.", "street"),
    ("The train from {x} was cancelled.", "town"),
    ("Last {x} feels like ages ago.", "month"),
)

NOTE_LINES: tuple[str, ...] = (
    "The washing machine is making that noise again.",
    "I have not stopped yawning all day.",
    "The neighbours are painting their fence blue.",
    "Honestly, this week went by in a blur.",
    "Remember to water the tomatoes.",
    "The kettle finally gave up.",
    "I found a scarf that is not mine in the hall.",
    "Everyone seemed in a good mood today.",
    "The new café on the corner is surprisingly good.",
    "I still haven't answered half my emails.",
)


def distractors(rng: random.Random, split: str, k: int) -> list[tuple[str, str]]:
    """k (sentence, value) pairs that state nothing asked; values of the kinds facts take."""
    out = []
    for template, kind in rng.sample(DISTRACTORS, k):
        x = ev.value(rng, kind, split)
        out.append((template.replace("{x}", x), x))
    return out
