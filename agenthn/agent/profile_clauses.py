"""Which parts of a user's turn the profile's edit proposer reads: the sentences that state something
(`stated_part`), whether a NONE is asked for again with no profile shown (`ask_again_unshown`), and the
clauses about the user asked for alone (`clauses`). Text only: the parser (`profile_parse`) checks what
the proposer makes of them.
"""

from __future__ import annotations

import re

from agenthn.agent.profile_config import ProfileConfig
from agenthn.agent.profile_said import CALLED, NUMBER_WORDS, NUMBER_WORDS_RE, SENTENCE, is_relative
from agenthn.agent.relations import MODIFIERS

# A question typed all in lower case without its mark, one sentence ("whats the capital of canada" was
# read as a statement and kept `capital: canada`, session 61): its opening words say it asks
_ASKED = re.compile(r"(?:whats|what's|what is|what are|how (?:do|does|did|can|is|are|many|much|long|old|to)"
                    r"|why|who|which|can (?:you|u)|could (?:you|u)|would you|do you|does|is there"
                    r"|are there)\b")


def stated_part(turn: str) -> str:
    """The part of a user turn that states something: the turn without its questions.

    A question never edits the profile. Asking about a fact says nothing new about it, yet the edit
    proposer, shown "What is my job?" next to a profile holding `job`, proposes `REMOVE job` (the tiny
    model does, for most of the world's question phrasings) and grounding passes, since the turn names
    the key. So edits are proposed and grounded only from the sentences that state something. A
    sentence is a question when it ends with '?': the writer's own mark of an interrogative, cheap,
    language-neutral and predictable for a user, where a list of question words would misread
    "When I moved, my city became Oslo." A question without a question mark ("Tell me my job.") is
    not caught by this rule, but for one typed all in lower case that opens as a question does
    (`_ASKED`); the grounding check still applies to it.
    """
    if "?" not in turn:
        unmarked = turn == turn.lower() and not re.search(r"[.!]\s*\S", turn) and _ASKED.match(turn.strip())
        return "" if unmarked else as_written(turn)  # nothing to drop
    sentences = (s.strip() for s in SENTENCE.findall(turn))
    return as_written(" ".join(s for s in sentences if s and not s.endswith("?")))


# "i", "im", "i'm", "ive" typed in lower case, as the readers (`profile_verbs`' "I ...") look for them
_LOWER_I = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|i'll)\b")
_SAID_I = {"i": "I", "im": "I'm", "ive": "I've"}


# The user's own name, typed in lower case after "i'm" or the like and before a comma, a stop, "and" or
# "from" ("hola, i'm luis from mexico city" kept `name: Hola`, session 61)
# ("hola! i'm diego, a firefighter from seville": written "I'm diego", smol kept `name: Hola!` and no job,
# with "Diego" `name: Diego` and `job: firefighter`, session 58); not a word said of how one is
_NAMED_SELF = re.compile(rf"(?P<said>\b(?i:{'|'.join(CALLED)})\s+)(?P<name>[a-z][a-z'-]+)"
                         r"(?=\s*(?:[,.!;]|$)|\s+(?:and|from)\b)"
                         r"|(?P<at>^(?:(?i:hi|hey|hello|hiya|heya|yo|sup|morning)\s+)?|[,.!]\s+)"
                         r"(?P<here>[a-z][a-z'-]+)(?=\s+here\b)")  # "yo tunde here, ..." (session 69)
_NO_NAME = frozenset({
    "sorry", "tired", "fine", "good", "great", "ok", "okay", "back", "here", "new", "sure", "glad", "happy",
    "sad", "busy", "late", "done", "home", "free", "ready", "so", "not", "just", "also", "still", "really",
    "very", "well", "bored", "hungry", "sick", "ill", "off", "out", "married", "single", "retired", "vegan",
    "vegetarian", "pregnant", "engaged", "divorced", "exhausted", "stressed", "excited", "alright", "awake",
    "up", "in", "on", "it", "that", "this", "too", "lost", "stuck", "confused", "worried", "nervous",
    "curious", "allergic", "originally", "nobody", "everyone", "someone", "we", "you", "they", "he", "she",
    "dad", "mum",
    # a condition one has ("i can't eat gluten, i'm coeliac" was kept as `name: Coeliac`, session 68)
    "coeliac", "celiac", "diabetic", "asthmatic", "epileptic", "autistic", "dyslexic", "deaf", "blind",
    "lactose", "intolerant", "teetotal", "sober", "unemployed", "disabled", "anaemic", "pescatarian"})


# Days and months, always written with a capital: the readers of when (`profile_verbs`) look for "Sunday",
# and "i play cricket on sundays" kept no day, "When do I play cricket?" getting "Your cricket. It's on
# cricket." (session 59). "may" is left (a verb as often), "march" only after a date's words, and both
# before a day's number ("my birthday is on march 3rd" kept `birthday: march 3rd`, session 61).
_TIMES_NAMED = re.compile(r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?|january|february|april|june"
                          r"|july|august|september|october|november|december|(?<=of )march|(?<=in )march"
                          r"|march(?=\s+\d)|may(?=\s+\d{1,2}(?:st|nd|rd|th)\b))\b")


# Languages, written with a capital as days are: "i'm learning german" was proposed `language learning:
# german`, refused as naming no language (a language is told from a dish by its capital), and "what am i
# learning?" got "Being a software engineer." (session 64). "polish" is left (a verb as often).
_LANGUAGES_NAMED = re.compile(
    r"\b(?:english|french|german|spanish|italian|portuguese|dutch|swedish|norwegian|danish|finnish|icelandic"
    r"|russian|ukrainian|czech|hungarian|romanian|greek|turkish|arabic|hebrew|persian|farsi|hindi|urdu"
    r"|bengali|punjabi|gujarati|tamil|japanese|chinese|mandarin|cantonese|korean|vietnamese|thai|indonesian"
    r"|malay|tagalog|swahili|yoruba|zulu|afrikaans|amharic|welsh|irish|gaelic|latin|catalan|basque)\b")


def _names_capitalized(text: str) -> str:
    """A text typed all in lower case, with the name the user gives themself written with a capital
    ("i'm diego, ...", "pete here, ...")."""
    def named(m: re.Match) -> str:
        before, word = (m["said"], m["name"]) if m["name"] else (m["at"], m["here"])
        keep = word in _NO_NAME or word in NUMBER_WORDS
        return before + (word if keep else word.capitalize())
    def aged(m: re.Match) -> str:  # a name, not "my son who is six" nor "the one who's 5"
        word = m.group(1)
        kept = word in _NOT_NAMED | _NO_NAME | MODIFIERS | {"girl", "boy", "kid"} or word in NUMBER_WORDS
        return word if kept or is_relative(word) else word.capitalize()
    return _KIN_NAME.sub(_kin_named, _AGED_NAME.sub(aged, _NAMED_SELF.sub(named, text)))


# A child's name before their age ("we've got two kids, jack who's 7 and lily who's 4" kept `child number:
# 4` and no name, session 61)
_AGED_NAME = re.compile(r"(?<![\w'-])([a-z][a-z'-]+)"
                        rf"(?=,?\s+who(?:'s|\s+is)\s+(?:\d|(?:{NUMBER_WORDS_RE})\b))")
# What someone does, said after their name ("my little brother andre plays basketball ..." kept no name of
# his, session 61): a verb list, not any word in -s ("my son eats apples")
_DOES = (r"plays|works|lives|teaches|studies|runs|goes|loves|likes|has|does|makes|drives|owns|coaches"
         r"|sings|writes|cooks|paints|swims|dances|trains|attends")
# A relative's name typed in lower case after "my <relative>": whom a thing is done with, before when or
# the end ("i go running with my neighbour tom every saturday morning" kept no partner, and "who do i go
# running with?" got "Your running partner's name is tomur.", session 58), or anyone before "is", "was",
# "and" or a comma ("my son zayd is seven and my daughter mariam is three" kept no age of hers, session
# 59); a verb there ("my sister lives in leeds") is none of these
_KIN_NAME = re.compile(r"(?P<said>\bwith\s+(?:my|our)\s+(?P<kin>[a-z]+)\s+)(?P<name>[a-z][a-z'-]+)"
                       r"(?=\s+(?:every|each|on|at|in|before|after|most|once|twice|sometimes|usually)\b"
                       r"|\s*(?:[,.!;]|$))"
                       rf"|(?P<said2>\b(?i:my|our)\s+(?:(?:{'|'.join(sorted(MODIFIERS))})\s+)?"
                       r"(?P<kin2>[a-z]+),?\s+)"
                       r"(?P<name2>[a-z][a-z'-]+)"
                       rf"(?=\s+(?:(?:just|recently|finally|also|still|now)\s+)?(?:is|was|and|{_DOES})\b|\s*,"
                       r"|\s+(?:just|recently|finally)\b)"
                       # a pet's or anyone's name said after "named" or "called" ("got a pitbull named tank"
                       # was proposed `name: tank` over the user's, session 61)
                       r"|(?P<said3>\b(?:named|called)\s+)(?P<name3>[a-z][a-z'-]+)"
                       r"(?=\s*(?:[,.!;]|$)|\s+(?:and|who)\b)")
_NOT_NAMED = frozenset({"today", "tonight", "again", "now", "often", "sometimes", "too", "later", "then",
                        "there", "here", "together", "lately", "recently", "daily", "weekly", "yesterday",
                        "who", "and", "but", "is", "was", "also", "really", "just", "still", "said", "says",
                        "thinks", "though", "anyway", "however", "never", "always", "usually", "rarely",
                        "mostly", "finally"})


def _kin_named(m: re.Match) -> str:
    """A `_KIN_NAME` match with the name capitalized where "my <word>" is a relative's and the name no word
    of another kind."""
    if m["name3"]:
        return m["said3"] + (m["name3"] if m["name3"] in _NOT_NAMED else m["name3"].capitalize())
    said, kin, name = (m["said"], m["kin"], m["name"]) if m["name"] else (m["said2"], m["kin2"], m["name2"])
    kept = (not is_relative(kin) or name in _NO_NAME
            or name in _NOT_NAMED or name in NUMBER_WORDS)
    return said + (name if kept else name.capitalize())


# A name, an age and a job said as a list ("hey there. chen, 34, software developer from taipei" was
# proposed `name-maker: Chen` and `boss city: Taipei`, and no age nor job, session 61; "morning! ben here,
# 45, retired firefighter living in cork")
# what one does, said without "I" in a list ("52, drive a forklift"): no job's name
_VERB_FIRST = "work|live|study|teach|run|drive|own|manage|sell|make|fix"
_NO_JOB = rf"(?!(?i:{_VERB_FIRST}|based|living|i|i'm|im|my|we|he|she)\b)"  # nor a pronoun
# or with stops, a place after it too ("gus. 38. plumber. based in cork" was kept as `partner name: Plumber`,
# session 67's held-out chat, after its one run); after a greeting ("hey, rosa here. 23, barista in lisbon
# ..." was proposed `name: Barista`, refused as a second name, and "what's my job?" wore none, session 69);
# with more said after a comma ("..., junior doctor in glasgow, originally from cork" kept `doctor city`)
# or "I'm" before the name, after a greeting with no comma too ("hey im ben, 52, plumber in bristol" was
# proposed `name: plumber`, refused as a second name, and "what's my job?" wore none, session 70)
_GREETED_BEFORE = "".join(rf"|(?<=^(?i:{g})[,!]\s)|(?<=^(?i:{g})\s)I'm\s+"
                          for g in ("hi", "hey", "hello", "hiya", "heya", "yo", "morning"))
_LISTED_SELF = re.compile(rf"(?:^|(?<=[.!]\s){_GREETED_BEFORE})"
                          r"(?P<n>[A-Z][a-z]+)(?:\s+here)?[,.]\s*(?P<a>\d{1,2})[,.]\s*"
                          rf"(?:an?\s+)?(?P<j>{_NO_JOB}[A-Za-z][a-z -]*?)"
                          r"(?:[,.]?\s+(?P<at>(?i:from|in|based in|living in)\s+[^,.!?]+))?(?=[.!]|$|,\s)")


# or an age, then what one does without "I" ("yo, i'm leo. 24, work in a record shop in manchester" kept
# no workplace, and "where do i work?" got "I'm happy to assist you ...", session 66), or anything else, or
# after "<name> here" ("yo, dev here. 19, second year comp sci ..." and "baz here, 52, drive a forklift"
# kept no age, session 67)
_LISTED_AGE = re.compile(r"(?:^|(?<=[.!]\s)|(?<=\bhere,\s))(?P<a>\d{1,2}),\s*"
                         rf"(?:(?P<v>{_VERB_FIRST})\b|(?P<w>[a-z]|I\b))")


# a side's size written with hyphens, as the readers drop a hyphened word before the sport ("i play five a
# side football with my mates on thursday nights" kept no day and no one, session 66's new-user try)
_A_SIDE = re.compile(r"\b(five|six|seven|eleven|5|6|7|11)\s+a\s+side\b", re.IGNORECASE)
# sons counted as "lads" ("got two lads, jack and harry, jack's at uni in cardiff" was proposed `second team:
# jack`, and "where does jack study?" got "He has been to the university school in uni.", session 70); "the
# lads" are friends
_LADS = re.compile(r"\b(two|three|four|five)\s+lads\b", re.IGNORECASE)
# where one lives or works, said without "I" after a listed job ("yo, dan here. 33, electrician, live in
# leeds with my girlfriend amy" kept no city, and his brother's Sheffield as the user's, session 70)
_LISTED_VERB = re.compile(r"(\bI'm an? [a-z -]+), (live|work|study|teach)(?=\s)")


# a state of the user's said without "I'm" ("allergic to cats unfortunately" kept nothing, session 67)
_STATE_ALONE = re.compile(r"(?:^|(?<=[.!]\s))(?:Allergic(?= to)|Pregnant(?= with)|Originally(?= from)"
                          r"|(?:Married|Engaged|Divorced)(?= (?:to|with|for)))\b")
# or a liking without "I" ("can't stand mushrooms tbh" got "I'm sorry for any misglamour, ...", session 67)
# or having ("got two kids, finn and orla" got "Awwwww, you're a multi-faceted person, ...", s67h)
_LIKING_ALONE = re.compile(r"(?:^|(?<=[.!]\s))(?:Can'?t stand|Cannot stand|Don'?t like|Hate|Love|Adore"
                           r"|Got(?= (?:a|an|two|three|four|five|\d+)\b))(?= [a-z0-9])")


# a name and an age listed after a greeting ("hi, lotte, 27, i'm a vet nurse in utrecht" kept no name,
# session 68): "Hi, I'm Lotte. 27, ..." (`_LISTED_AGE` reads the age)
_GREETED_LISTED = re.compile(r"^(?P<g>(?i:hi|hey|hello|hiya|heya|yo|sup|howdy))[,!]?\s+"
                             r"(?P<n>[A-Za-z][a-z'-]+),\s*(?=\d{1,2},)")
_NOT_GREETED = frozenset({"there", "all", "everyone", "guys", "folks", "mate", "again"})


def _greeted(m: re.Match) -> str:
    if m["n"].lower() in _NO_NAME | _NOT_GREETED:
        return m.group(0)
    return f"{m['g']}, I'm {m['n'].capitalize()}. "


def _self_listed(text: str) -> str:
    """A name, an age and a job said as a list (`_LISTED_SELF`), said as three sentences of the user's:
    "Chen, 34, software developer from taipei" -> "I'm Chen. I'm 34. I'm a software developer from
    taipei"; an age and a verb as two: "24, work in a record shop" -> "I'm 24. I work in a record
    shop"."""
    def told(m: re.Match) -> str:
        job, at = m["j"][:1].lower() + m["j"][1:], m["at"] and " " + m["at"][:1].lower() + m["at"][1:]
        return f"I'm {m['n']}. I'm {m['a']}. I'm {'an' if job[0] in 'aeiou' else 'a'} {job}{at or ''}"
    text = _GREETED_LISTED.sub(_greeted, _LISTED_SELF.sub(told, text))
    text = _STATE_ALONE.sub(lambda m: "I'm " + m.group(0).lower(), text)
    text = _LIKING_ALONE.sub(lambda m: "I " + m.group(0).lower(), text)
    return _LISTED_AGE.sub(lambda m: f"I'm {m['a']}. " + (f"I {m['v']}" if m["v"] else m["w"].upper()), text)


# words texted after a statement that say nothing of it ("allergic to penicillin btw" was kept as `allergy:
# penicillin btw`, session 67's new-user try)
_FILLER = re.compile(r"\s+(?:btw|tbh|lol|lmao|fyi|imo|haha+)(?=\s*(?:[.,!?]|$))", re.IGNORECASE)


def as_written(text: str, close: bool = True) -> str:
    """A statement typed in lower case and without a full stop, as sentences are written: the small
    proposer read "my wife thandi is a teacher" as NONE and "My wife thandi is a teacher." as `wife
    name: thandi` and `wife job: teacher`; "hey im sipho, i'm a mechanic in johannesburg" kept no city,
    with a capital and a stop `city: Johannesburg` (session 57). Each sentence begins with a capital,
    the pronoun "I", days and languages are written so, the name a text typed all in lower case gives
    the user with a capital (`_names_capitalized`), and (`close`) a closing stop is added where the text
    ends in a word.
    A question is asked of the model so too: "what do i do for work?" wearing `job: mechanic` got "I'm
    a mechanic. I work on vehicles, ...", where "What do I do for work?" got "You are a mechanic."."""
    lower = not re.search(r"[A-Z]", text)
    text = _FILLER.sub("", text.strip())
    text = _LOWER_I.sub(lambda m: _SAID_I.get(m.group(0), "I" + m.group(0)[1:]), text)
    text = re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    text = _names_capitalized(text) if lower else text
    text = _self_listed(text)
    text = _A_SIDE.sub(r"\1-a-side", text)
    text = _LISTED_VERB.sub(r"\1, I \2", _LADS.sub(r"\1 sons", text))
    text = _TIMES_NAMED.sub(lambda m: m.group(0).capitalize(), text)
    text = _LANGUAGES_NAMED.sub(lambda m: m.group(0).capitalize(), text)
    return text + "." if close and text and text[-1].isalnum() else text


# Words said before a question that ask nothing ("Remind me, what subject do I teach?" wore `subject: maths`
# and got "Your question, what do you want to know?", session 66)
_LEAD_IN = re.compile(r"^\W*(?:remind me|quick question|just wondering|one more thing|by the way|btw|so|oh|ok"
                      r"|okay|hey|sorry|also|and)\s*[,:]\s*(?=\w)", re.IGNORECASE)


def without_lead_in(question: str) -> str:
    """The question without the words said before it that ask nothing (`_LEAD_IN`), as the model is asked
    it: "Remind me, what subject do I teach?" -> "what subject do I teach?"."""
    return _LEAD_IN.sub("", question, count=1)


# "what's" said as "what is": "What's my job?" wearing `job: firefighter` got "Job-wise, you are a
# firefighter." where "What is my job?" got "You are a firefighter." (session 67: replies opening "Job-wise"
# or "Job:" 12 of 47 such questions, asked so 2 of 47, every reply as right)
_WHATS = re.compile(r"\b(what)(?:'|\u2019)?s\b", re.IGNORECASE)


def spelled_out(question: str) -> str:
    """The question with "what's" (or texted "whats") as "what is": "what's my job?" -> "what is my
    job?"."""
    return _WHATS.sub(lambda m: m.group(1) + " is", question)


_OF_SELF = re.compile(r"^(?:[A-Za-z']+,\s*)*(?:I|My)\b")  # "I ...", "My ...", "Oh, I ..."


def ask_again_unshown(raw: str, stated: str, profile: dict, cfg: ProfileConfig) -> bool:
    """Whether a NONE proposed with `profile` shown is asked for again with none shown: only for a turn
    with a sentence about the user ("I ...", "My ..."). A sentence about someone the profile names needs
    the profile to be read: shown none, "Ansgar built us a table." gave `name: Ansgar`, and "Pickle is the
    sweetest cat I know." `favourite cat: Pickle` (session 47)."""
    return (cfg.ask_again_unshown and bool(profile) and raw.strip() == "NONE"
            and any(_OF_SELF.match(s.strip()) for s in SENTENCE.findall(stated)))


# where a turn's clauses part: a sentence's end, or a comma or "and"/"but"/"so" before the user's own
# subject ("My name is Ravi, I'm 52 and I teach maths" -> three; "... and our daughter is seven")
_SELF = r"(?:I|I'm|I've|I'd|[Mm]y|[Oo]ur|[Ww]e|[Ww]e're)\b"
_CLAUSE_CUT = re.compile(rf"(?<=[.!])\s+|,\s+(?:and\s+|but\s+|so\s+)?(?={_SELF})"
                         rf"|\s+(?:and|but|so)\s+(?={_SELF})")
_CLAUSE_OF_SELF = re.compile(rf"^(?:[A-Za-z']+,\s*)*({_SELF})")
# "I'm Helga, a nurse from Bergen": the proposer reads the name and drops what follows it (session 49,
# as "I'm Diego, a chef from Valencia" in session 48); the description alone is a clause of its own
_APPOSITIVE = re.compile(r"\b(?:I'm|I am|[Mm]y name is|[Mm]y name's|[Cc]all me)\s+[A-Z][\w'-]*,"
                         r"\s+((?:a|an)\s[^,.!?]+)")


_NAME_ALONE = re.compile(r"(?:I'm|I am)\s+([A-Z][\w'-]*)[.!]?")


def _name_alone(clause: str) -> str:
    """A clause that only names the user, as "My name is <name>.": "alright, i'm tom, i'm a plumber in
    bristol" kept no name (session 60's held-out chat), the proposer reading the job, and "I'm Tom" too
    short a clause to be asked alone."""
    m = _NAME_ALONE.fullmatch(clause)
    return f"My name is {m.group(1)}." if m and m.group(1).lower() not in _NO_NAME else clause


def clauses(stated: str, min_words: int = 3) -> list[str]:
    """The clauses about the user ("I ...", "My ...", "our ...", `_CLAUSE_OF_SELF`) of `stated`, for
    `ask_clauses`, where it has two clauses or more; [] otherwise. A clause of fewer than `min_words`
    words is left out: a name alone ("Sam") or a greeting gives the proposer nothing to read. A lowercase
    "my", "our" or "we" clause that is the only one about the user follows a preamble ("Just so you know,
    my honeymoon destination is Riga.") and only repeats the turn (asked again, it proposed `least
    favourite holiday: Riga`, session 49); beside a short one ("I'm 29 and my birthday is in November.")
    it is asked. A description after the user's name (`_APPOSITIVE`) stands for its
    clause as "I'm <description>.", even alone."""
    cut = [c.strip() for c in _CLAUSE_CUT.split(stated) if c and c.strip()]
    described = [_APPOSITIVE.search(c) for c in cut]
    parts = [f"I'm {m.group(1).strip()}." if m else _name_alone(c)
             for c, m in zip(cut, described, strict=True)]
    if len(parts) < 2 and not any(described):
        return []
    selves = [(c, m) for c in parts if (m := _CLAUSE_OF_SELF.match(c))]  # short ones too ("I'm 29")
    if len(selves) == 1 and selves[0][1].group(1)[0].islower():
        return []
    # each ends as a sentence: "My husband Lars builds boats" proposed only his name, with its full
    # stop also `husband job: boat builder`
    return [c if c[-1] in ".!" else f"{c}." for c, _ in selves
            if len(c.split()) >= min_words and not c.endswith("?")]
