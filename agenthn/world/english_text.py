"""Generic phrasings, filler lines and the template filler for the English corpus.

Every list of phrasings comes as a (train, held-out) pair: the held-out column is only used in the
held-out split, so an eval on it measures phrasings the hypernetwork never saw. Filler lines (chat
small talk, bio asides) carry no facts and are shared by both splits.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

# Generic statement frames for attributes with generic=True; {my} is "my" or "her"/"his".
SAY_FRAMES = (("{my} {label} is {v}.", "For the record, {my} {label} is {v}.", "Oh, and {my} {label} is {v}.",
               "I should mention that {my} {label} is {v}.", "{my} {label}, in case anyone asks, is {v}.",
               "{my} {label}: {v}."),
              ("{my} {label}? That would be {v}.", "Worth noting: {my} {label} happens to be {v}.",
               "Just so you know, {my} {label} is {v}.", "Something to remember: {my} {label} is {v}."))
# The plain statement an answer restates, for attributes whose generic frames read as English.
REPLY_FRAME = "{my} {label} is {v}."
ENTITY_REPLY_FRAME = "The {label} of {e} is {v}."
ENTITY_SAY_FRAMES = (("The {label} of {e} is {v}.", "Records give the {label} of {e} as {v}.",
                      "As for {e}, its {label} is {v}."),
                     ("For {e}, the {label} is listed as {v}.", "{e} lists {v} as its {label}."))

# Generic question frames. First person: the user asks about themself.
ASK_FRAMES = (("What is my {label}?", "What's my {label} again?", "Do you remember my {label}?",
               "Remind me, what {label} did I mention?", "Can you tell me my {label}?",
               "I forgot my {label}. What was it?", "What did I say my {label} was?"),
              ("Quick question: what's my {label}?", "Any idea what my {label} is?",
               "Could you look up my {label} for me?", "Do you happen to know my {label}?"))
# Third person: {N} is the person's first name.
BIO_ASK_FRAMES = (("What is {N}'s {label}?", "What's {N}'s {label}?", "Do you know {N}'s {label}?",
                   "According to the note, what is {N}'s {label}?", "Tell me {N}'s {label}.",
                   "What was {N}'s {label} again?"),
                  ("Any idea what {N}'s {label} is?", "Quick question: what's {N}'s {label}?",
                   "Do you happen to know {N}'s {label}?"))
ENTITY_ASK_FRAMES = (("What is the {label} of {e}?", "What's the {label} of {e}?",
                      "Do you know the {label} of {e}?",
                      "According to the entry, what is the {label} of {e}?", "Tell me the {label} of {e}."),
                     ("Any idea what the {label} of {e} is?", "Quick question: what's the {label} of {e}?",
                      "Do you happen to know the {label} of {e}?"))

# How a fact is slipped into a chat turn ("By the way, my locker code is 4821.").
CHAT_LEADS = (("By the way, ", "Oh, and ", "Random thing, but ", "", "Also, ", "Before I forget, ", "Btw "),
              ("Unrelated, but ", "Side note: "))

USER_FILLER = (
    "ugh, Monday again.", "Morning! Coffee hasn't kicked in yet.", "Can you believe how hot it is today?",
    "I just got back from a long walk.", "Work was exhausting today.", "I'm trying to be more organised.",
    "Do you ever get tired of questions?", "My train was late again this morning.", "Haha, that's fair.",
    "OK, thanks.", "Hmm, let me think about that.", "I'm making soup tonight, wish me luck.",
    "The weather keeps changing every hour.", "I finally cleaned the whole flat.", "Sorry, got distracted.",
    "I'm in a meeting in ten minutes.", "What a week it has been.", "I watched a documentary about whales.",
    "My neighbours are painting their fence.", "I need a holiday.", "That makes sense, thanks!",
    "Anyway, where was I?", "I can't decide what to cook.", "It's raining again here.",
    "I should really go to bed earlier.", "I've been reading a lot lately.", "Nice, good to know.",
)
# Replies to small talk, and acknowledgements after a fact (a reply should fit what it answers).
ASSISTANT_FILLER = (
    "Sorry to hear that. Anything I can do?", "That sounds lovely.", "Ha, I understand.",
    "That's a good plan.",
    "Take your time.", "Sounds like a busy day.", "Fair enough.", "Good luck with it!",
    "That must have been nice.", "Interesting! Tell me more if you like.", "Oh, nice.",
    "I hope the rest of your day goes well.", "Sure, happy to help with that.",
    "OK, let me know if you need anything else.", "No worries.", "That sounds like a lot.",
)
ASSISTANT_ACKS = (
    "Got it, thanks for telling me.", "Noted!", "I'll keep that in mind.", "Thanks for sharing!",
    "Good to know.", "Understood.", "Okay, noted.", "Thanks, I'll remember that.", "Ah, nice.",
)
GREETINGS = (("Hi!", "Hello! How can I help today?"), ("Hey there.", "Hey! What's up?"),
             ("Good morning.", "Good morning! How are you?"), ("Hello again.",
                                                               "Hello! Nice to hear from you."))
FACT_ASIDES = ("It has been a busy month.", "I should write these things down more often.",
               "Nothing else new, really.", "The weather has been awful lately.", "Work is fine, mostly.",
               "I am trying to be more organised this year.")

FACT_INTROS = ("", "", "A few things about me:", "Notes to self.", "Hi! Some quick facts about me.",
               "Things I keep forgetting, written down:", "About me", "Dear diary,")
BIO_INTROS = ("{F} is a friend of mine from work.", "Here is a little about {F}.",
              "{F} is one of my neighbours.",
              "This note is about {F}.", "I met {F} at a wedding last year.",
              "{F} joined our team in spring.")
BIO_ASIDES = ("{S} laughs a lot.", "{S} is easy to talk to.", "{S} is always early.",
              "{S} hates long phone calls.", "{S} tells great stories.", "Everyone likes {O}.")
ENTITY_INTROS = {
    "town": ("{e} is a small town in the hills.", "{e} is a market town on a wide plain.",
             "{e} is a quiet town by the coast."),
    "river": ("{e} is a river in the north.", "{e} is a slow, wide river.", "{e} is a cold mountain river."),
    "inventor": ("{e} was an inventor and engineer.", "{e} was a self-taught inventor.",
                 "{e} was a clockmaker who turned to inventing."),
    "mountain": ("{e} is a mountain in the eastern range.", "{e} is a steep peak above the lakes.",
                 "{e} is a broad mountain with a flat top."),
    "company": ("{e} is a family company.", "{e} is a small manufacturer.",
                "{e} is a firm with a long history."),
}
RULE_INTROS = ("Customs of the {g}", "A visitor's guide to the {g}", "How to behave among the {g}",
               "Notes on the {g} way of life")

_ALT = re.compile(r"\[([^\]|]*)\|([^\]]*)\]")
_VOWEL_SOUND = ("a", "e", "i", "o", "u")


def article(v: str) -> str:
    return "an" if v[:1].lower() in _VOWEL_SOUND else "a"


def fill(template: str, v: str, slots: dict[str, str], third: bool) -> str:
    """The template with person/entity slots, [first|third] choices and the value filled in.

    The sentence is capitalised before the value goes in, so a lower-case value ("peanuts") stays
    verbatim even when a template started with it (none should, but the value must never change)."""
    return _put_value(_frame(template, third, tuple(slots.items())), v)


def _put_value(frame: str, v: str) -> str:
    """The value (and its article, where the frame has "{a}") into a filled frame."""
    if "{a}" in frame:
        frame = frame.replace("{a}", article(v))
    return frame.replace("{v}", v)


@lru_cache(maxsize=65536)
def _frame(template: str, third: bool, slots: tuple[tuple[str, str], ...]) -> str:
    """Everything but the value, cached: first-person documents reuse the same few hundred frames."""
    t = _person(template, third)
    table = dict(slots)
    if "I+" in table:
        t = _name_once(t, table)
    for k, s in slots:
        if "{" + k + "}" in t:
            t = t.replace("{" + k + "}", s)
    return t if t.startswith("{v}") else t[:1].upper() + t[1:]


@cache
def _person(template: str, third: bool) -> str:
    """The [first|third] choices made once per template (a regex per sentence was the main cost)."""
    return _ALT.sub(lambda m: m.group(2 if third else 1), template) if "[" in template else template


_PERSON_SLOT = re.compile(r"\{(I|my|me)\}")


def _name_once(t: str, slots: dict[str, str]) -> str:
    """The person is named at the first mention, then by pronoun: "When did Dana start her job?"."""
    seen = []

    def sub(m: re.Match) -> str:
        seen.append(m)
        return slots[m.group(1) if len(seen) == 1 else m.group(1) + "+"]
    return _PERSON_SLOT.sub(sub, t)


_YOU_VERBS = ((re.compile(r"\b([Yy]ou) am\b"), r"\1 are"), (re.compile(r"\b([Yy]ou) was\b"), r"\1 were"))


def reply(template: str, v: str, slots: dict[str, str], third: bool) -> str:
    """A fact said back as the answer to its question ("Your cat's name is Miso.", "Dana lives in
    Porto."). As `fill`, with the verbs of "you" mended in the frame, never in the value."""
    t = _frame(template, third, tuple(slots.items()))
    for pattern, repl in _YOU_VERBS:
        t = pattern.sub(repl, t)
    return _put_value(t, v)


def second_person() -> dict[str, str]:
    """Slots for the assistant answering the user about the user (with third=False)."""
    return {"I": "you", "my": "your", "me": "you"}


def first_person() -> dict[str, str]:
    return {"I": "I", "my": "my", "me": "me"}


def third_person(she: bool) -> dict[str, str]:
    return {"I": "she", "my": "her", "me": "her"} if she else {"I": "he", "my": "his", "me": "him"}


def asked_about(name: str, she: bool) -> dict[str, str]:
    """Slots for a question about someone else: "Where does Dana live?", "What's Dana's cat called?"."""
    later = {f"{k}+": v for k, v in third_person(she).items()}
    return {"I": name, "my": f"{name}'s", "me": name, "N": name, **later}


def lower_first(s: str) -> str:
    """A sentence continued after a lead-in ("By the way, my..."), keeping "I" and names capitalised."""
    head = s.split(" ", 1)[0].rstrip(",:")
    return s[:1].lower() + s[1:] if head in _LOWERABLE else s


def takes_lead(s: str) -> bool:
    """Whether a chat lead-in can go before this statement (not before one that has its own)."""
    own_lead = ("Oh,", "For the record", "I should", "Worth noting", "By the way", "Just so", "Something to")
    return "?" not in s and not s.startswith(own_lead)


_LOWERABLE = frozenset({"My", "The", "Every", "At", "In", "Before", "Last", "Next", "These", "Home", "One",
                        "If", "No", "Some", "Anything", "Everyone", "Online", "Since", "To", "There",
                        "Secretly", "Just", "Until", "It", "Turning", "Eating", "Never", "Say", "Arrive",
                        "Wear", "Bow", "Be", "Speak", "Travel", "Leave", "Listen", "Expect", "After", "Shops",
                        "From", "Born", "Nobody", "Climbers", "Walkers", "Hikers", "Forests", "Locals",
                        "Visitors", "Settlers", "Most", "Anglers", "Halfway", "Only", "Travellers", "A",
                        "By"})
