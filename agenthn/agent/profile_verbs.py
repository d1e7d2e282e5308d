"""Facts a turn says with a verb the small proposer drops, read from the turn's own words.

The proposer keys facts said as nouns well ("my job is ...", "my dog is called ..."), and facts said as a
verb and its object badly or not at all (sessions 45-53): "I collect old stamps from the Baltic
countries." was kept as `favourite board game: the Baltic countries`, "I speak Swahili, English and a bit
of German." as `language learning: Swahili` (English refused as a second edit), "I'm training for my
first triathlon in June." as `first sport played: triathlon`, "My husband Otieno is a chef at a hotel."
with no word of the hotel, "My mum teaches French." as `mother language learning: French`; session 54:
"he's crazy about football" and "they're nine" (of the user's children) as nothing. So a few verbs
are read here, each object kept under one key, in the words the user said it: `said_lines` gives them as
proposal lines, which `profile_parse` checks like the model's own and applies where the profile lacks
the key (or, for a key of one value, `ADDS_ONLY` aside, changes it; a `FALLBACK` key only where the
model keeps the value under none of its own). Whose fact it is comes from the sentence's subject before
the verb: "I", "my <relative>" (`relations.KIN`), "he" or "she" for the relative named before, "they"
for the user's children spoken of before, or a name the profile holds for one.
"""

from __future__ import annotations

import re

from agenthn.agent import kinds, relations
from agenthn.agent.profile_done import (
    DONE_KEYS,
    DONE_READERS,
    ENDS,
    KIN_ONE,
    KIN_TOGETHER,
    LIVED_IN,
    NAME,
    named_with,
    place_gone_to,
    we_with,
)
from agenthn.agent.profile_keys import normalize_key
from agenthn.agent.profile_said import NUMBER_WORDS_RE, SENTENCE, is_relative, kin_key

# What a collection may say past its first words ("old stamps from the Baltic countries")
_COLLECTION_WORDS = frozenset({"from", "of", "the"})
# People taught are not a subject ("I teach kids to swim")
_PEOPLE = frozenset({"kids", "children", "students", "people", "adults", "teenagers", "pupils", "beginners",
                     "them", "him", "her", "us", "me", "myself", "class", "classes"})
# Times and groups said after "work in" that are no workplace ("I work in a team", "at the weekend")
_NO_PLACE = frozenset({"weekend", "weekends", "moment", "evening", "evenings", "morning", "mornings", "night",
                       "nights", "day", "days", "week", "team", "shift", "shifts", "lot", "bit", "same",
                       "field", "way", "while", "time", "hurry", "row"})
# What is played with "the" and is no instrument ("I play the lottery", "the main role")
_NOT_PLAYED = frozenset({"lottery", "role", "part", "game", "games", "fool", "field", "market", "odds",
                         "cards", "hero", "villain", "lead", "victim", "host", "ball"})
# How one studies, not what ("She studies hard", "I study online")
_NO_COURSE = frozenset({"hard", "lots", "together", "abroad", "online", "alone", "daily", "there", "here",
                        "well", "late", "early", "full", "part", "remotely", "properly"})
# Whom one supports who is no team ("I support my son", "she supports refugees", "I support local shops")
_HELPED = _PEOPLE | {"my", "our", "his", "their", "your", "the", "a", "an", "this", "that", "it", "local",
                     "families", "charities", "charity", "causes", "customers", "clients", "patients",
                     "staff", "women", "men", "refugees", "everyone", "anyone", "each", "both", "all",
                     "other", "others", "small", "independent", "young", "older", "vulnerable", "animals"}
_LANGUAGE = r"(?:(?:a (?:bit|little)(?: of)?|some|basic|fluent|decent)\s+)?[A-Z][a-z]+"
_SUBJECT = re.compile(r"\b(?P<i>I)(?:'m|'ve| am| have)?\b|\b(?P<we>[Ww]e)(?:'re| are)?\b"
                      # "my little brother" too (s61d's "... plays basketball" kept no sport since session 67)
                      rf"|\b(?i:my|our)\s+(?:(?:{'|'.join(sorted(relations.MODIFIERS))})\s+)?(?P<kin>[a-z]+)\b"
                      rf"|\b(?P<pron>[Hh]e|[Ss]he)\b|\b(?P<they>[Tt]hey)\b|\b(?P<name>{NAME})\b")
# the user's children together, as "they" may speak of them ("I have twin boys, Diego and Pablo, they're
# nine.")
CHILDREN = re.compile(r"\b(?:twins|twin (?:boys|girls)|kids|children|sons|daughters|boys|girls)\b",
                      re.IGNORECASE)
AGE = rf"(?:\d{{1,2}}|{NUMBER_WORDS_RE})"


# The key each verb's object is kept under, by the verb as a question asks it ("What do I collect?")
VERB_KEYS = {"collect": "collection", "teach": "subject", "speak": "languages", "grow": "crop",
             "training for": "training", "saving up for": "savings goal", "saving for": "savings goal",
             "take": "classes", "sell": "product"}
# Keys a turn adds to rather than replaces ("I speak French." beside `languages: Swahili and English`):
# read only where the profile lacks them; the others may change a held value ("I teach the violin now.")
ADDS_ONLY = frozenset({"languages", "collection", "crop", "hobby", "classes"})
# Keys read only where the model keeps the value under none of its own ("I'm crazy about jazz." is
# proposed `favourite music: jazz`, a better key than `hobby`; "I play cricket." `sport played: cricket`,
# the reader's key too, or `favourite sport`), by their last word
FALLBACK = frozenset({"hobby", "played", "likes"})
# a verb said as not done, or no more, right before it or a word or two before ("I don't teach piano any
# more", "I used to collect stamps", "I'm not a big fan of golf", "He isn't really into cars")
NOT_BEFORE = re.compile(r"(?:\bnot|n't|\bnever|\bno longer|\bused to)(?:\s+[\w']+){0,2}\s+$", re.IGNORECASE)
# key -> the pattern of its verb and object in a statement
_VERBS = (
    ("collection", re.compile(r"\bcollect(?:s|ed|ing)?\s+(?P<v>[^,.;!?]+)")),
    # what someone sells ("my wife abena sells fabric at the market" kept nothing of it; memory had answered
    # "what does abena sell?" and, with that turn's reply an acknowledgment, said "Abena sells the bsp.",
    # session 66)
    ("product", re.compile(r"(?<!\bto )\bsell(?:s|ing)?\s+(?!(?:it|them|things|stuff|up)\b)"
                           r"(?P<v>[^,.;!?]+)")),
    ("subject", re.compile(r"(?<!\bto )\bteach(?:es|ing)?\s+(?!assistant)(?:the\s+)?(?P<v>[^,.;!?]+)")),
    ("languages", re.compile(rf"(?<!\bto )\bspeaks?\s+(?P<v>{_LANGUAGE}(?:(?:,\s*|\s+and\s+|,\s*and\s+|"
                             rf"\s+or\s+){_LANGUAGE})*)")),
    # "growing" only after a liking or "especially" ("I love gardening, especially growing tomatoes." kept
    # `hobby: gardening` alone, and "What do I love growing?" wore it: "Your favourite fruit is avocado.",
    # session 57); "growing up", "growing fast" are no crop
    ("crop", re.compile(r"(?<!\bto )\b(?:grows?|(?:love|loves|enjoy|enjoys|like|likes|especially|mostly)"
                        r"\s+growing)\s+(?P<v>[^,.;!?]+)")),
    # an instrument, played with "the" ("My son Dylan is twelve and plays the trumpet." kept no word of it,
    # and "What instrument does Dylan play?" got "Your son's instrument is twenty.", session 55); "plays
    # football" says no instrument, and "to play" a wish or a start ("learning to play": the proposer's)
    ("instrument", re.compile(r"(?<!\bto )\bplay(?:s|ing)?\s+the\s+(?P<v>[^,.;!?]+)")),
    # a sport someone else plays ("My son Ethan is fifteen and plays rugby." kept no word of rugby, and
    # "What sport does my son play?" got "Your son's sport is fifteen.", session 59); the user's own ("I
    # play ...") the proposer keeps
    ("sport played", re.compile(rf"\bplays\s+(?P<v>{'|'.join(sorted(kinds.SPORTS))})\b")),
    # what someone studies ("My brother Yusuf studies medicine in Cairo." kept no word of it, session 55)
    ("course", re.compile(r"(?<!\bto )\bstud(?:y|ies|ying)\s+(?P<v>[^,.;!?]+)")),
    # or is "doing" at a university ("Aisha just started university in Glasgow, she's doing law.", session 67)
    ("course", re.compile(r"^(?=.*\b(?:university|uni|college)\b).*?(?:'s|\bis|\bam|'m|\bare|'re)"
                          r"\s+doing\s+"
                          r"(?P<v>(?!(?:a|an|the|well|ok|okay|fine|great|good|better|it|that|this)\b)[a-z]+"
                          r"(?:\s+(?!(?:at|in|and|with|now|this|next|there)\b)[a-z]+)?)")),
    ("training", re.compile(r"\b(?:training|train|trains) for\s+(?:(?:a|an|the|my|his|her|our)\s+)?"
                            r"(?P<v>[^,.;!?]+)")),
    # what someone saves for ("I'm saving up for a motorbike." was kept as `financial goal: motorbike`, and
    # "What am I saving up for?" got "Your budget is mot.", session 56)
    ("savings goal", re.compile(r"(?<!\bto )\bsav(?:e|es|ing) (?:up )?for\s+"
                                r"(?:(?:a|an|the|my|his|her|our)\s+)?(?P<v>[^,.;!?]+)")),
    # a trip to a place, said beside what it is for ("i'm learning spanish for a trip to mexico next year"
    # kept no trip, and "where am i going next year?" got "Your next year is Edinburgh.", session 64's
    # new-user try); a trip to see someone or to a kind of place ("the beach") names none
    ("trip", re.compile(r"\b(?:trip|holiday|vacation|journey)\s+to\s+"
                        r"(?!(?:see|visit|the|my|our|a|an|his|her)\b)"
                        r"(?P<v>[A-Za-z]+(?:\s+(?!(?:next|this|in|on|with|for|and|soon|later|at|to|when|if"
                        r"|because|so)\b)[A-Za-z]+)?)\b")),
    # whom someone works for, by name ("My brother Kenta works for Toyota." was proposed `brother job:
    # Toyota Driver`, refused, and memory answered "Kenta's employer is Toyota Corporation employee.",
    # session 56's held-out chat)
    ("employer", re.compile(r"(?<!\bto )\bwork(?:s|ing)? for\s+(?:the\s+)?(?P<v>[A-Z][^,.;!?]*)")),
    # "i work part-time in a bookshop" kept nothing (session 62)
    # or at a place named without an article ("I'm a nurse at St James's hospital in Leeds." kept nothing,
    # and "Where do I work?" got "Your employer is Leeds United.", session 64)
    # or when ("i work weekends at a bike shop" kept nothing, session 67)
    ("workplace", re.compile(r"\b(?:works?|working|job|(?:is|am|'m|'s) an? [a-z]+(?: [a-z]+)?)"
                             r"(?:\s+(?:(?:part|full)[- ]time|(?:on |at )?(?:the )?weekends?|evenings|nights"
                             r"|saturdays|sundays))?\s+(?:(?:at|in)\s+(?:a|an|the)\s+|at\s+(?=[A-Z])"
                             # or on a ward ("i'm a nurse on a children's ward in sheffield", session 67)
                             r"|on\s+(?:a|an|the)\s+(?=(?:[\w']+\s+){0,2}(?:ward|farm|ship|rig|site|boat)\b))"
                             r"(?P<v>[^,.;!?]+)")),
    # the field someone works in ("My husband Vikram works in IT" kept no job, and "What does Vikram do?"
    # got "Vikram works as a 4.", session 66): `husband job: IT`, as the edit sets key it; a place worked
    # in is none
    ("job", re.compile(r"(?<!\bto )\bwork(?:s|ing)?\s+in\s+(?P<v>IT|HR|PR|(?i:tech|finance|banking|marketing"
                        r"|sales|insurance|retail|construction|healthcare|education|hospitality|advertising"
                        r"|publishing|logistics|accounting|media|politics|tourism|engineering|research"
                        r"|fashion|property|recruitment|catering|journalism|consulting|government))\b")),
    # the team someone supports ("I support Leeds United." was kept as `employer: Leeds United`, and
    # "Where do I work?" wore it; "i support hearts of oak" as `favourite food`, session 63): `football
    # team`, re-keyed to the sport the turn names as the model's are (`sport_as_said`: `cricket team`); not
    # whom one helps ("I support my son")
    ("football team", re.compile(r"\bsupports?\s+(?!(?:" + "|".join(sorted(_HELPED)) + r")\b)"
                        r"(?P<v>[A-Za-z][^,.;!?]*)")),
    # or is a fan of, where the words end as a club's do (`kinds.CLUB`: "a big fan of aston villa")
    ("football team", re.compile(r"\bfan of\s+(?!(?:" + "|".join(sorted(_HELPED)) + r")\b)"
                                 rf"(?P<v>{kinds.CLUB_NAME})(?=\s*(?:[,.;!?]|$))")),
    # or a fan of, said before ("i'm a huge real madrid fan" was kept as `favourite music: real madrid`,
    # session 66)
    ("football team", re.compile(rf"\b(?i:an?)\s+(?:(?:big|huge|massive|lifelong|die-hard|diehard)\s+)?"
                                 rf"(?P<v>{kinds.CLUB_NAME})\s+(?i:fan|supporter)\b")),
    # the classes someone takes ("I take pottery classes on Saturday afternoons." kept their day alone, and
    # "What classes do I take?" got "You take 7 classes a week.", session 65): `classes: pottery`; a time
    # or a manner is no subject ("evening classes", "online lessons")
    ("classes", re.compile(r"(?<!\bto )\b(?:tak(?:e|es|ing)|do(?:es|ing)?|attend(?:s|ing)?"
                           r"|go(?:es|ing)? to)\s+(?:(?:a|an|some)\s+)?"
                           r"(?!(?:evening|night|morning|weekly|weekend|online|private|group|extra|adult"
                           r"|more|my"
                           r"|the|his|her|our|their)\b)"
                           r"(?P<v>[A-Za-z][a-z]+(?:\s+[a-z]+)?)\s+(?:classes|class|lessons?)\b")),
    # the age of children spoken of as "they" (session 51's "..., they're nine." kept no age)
    ("age", re.compile(rf"\b(?:they're|they are)\s+(?P<v>{AGE}(?:\s+and\s+{AGE})?)(?:\s+years old)?"
                       r"(?=\s*(?:[,.;!?]|$))", re.IGNORECASE)),
    # the age of the user's children said after them ("Our twins, Tobi and Tayo, are three." kept no age,
    # session 59; "twin girls, Lina and Sara, who are five", session 58's held-out chat): theirs
    # (`brood`), not someone else's ("my sister's kids are five")
    ("age", re.compile(r"(?<!'s )(?<!\bhis )(?<!\bher )(?<!\btheir )\b(?P<brood>twins|twin\s+(?:boys|girls)"
                       rf"|kids|children|sons|daughters|boys|girls)"
                       rf"(?:,?\s+{NAME}(?:(?:,\s*|\s+and\s+){NAME})*,?)?"
                       rf"\s+(?:who\s+)?are\s+(?P<v>{AGE}(?:\s+and\s+{AGE})?)(?:\s+years old)?"
                       r"(?=\s*(?:[,.;!?]|$))")),
    # a relative's age said after them, in a turn that says another's first ("My son Tomás is eight and my
    # daughter Inês is eleven." kept no age of hers, whose clause, asked alone with his shown, was proposed
    # as her name again, session 59)
    ("age", re.compile(rf"\b(?:(?i:my|our)\s+[a-z]+(?:\s+{NAME})?,?|[Hh]e|[Ss]he)(?:\s+is|'s)\s+"
                       rf"(?P<v>{AGE})(?:\s+years old)?(?=\s*(?:[,.;!?]|\band\b|$))")),
    # what someone is keen on ("My son Mateo is nine and he's crazy about football." kept no word of it,
    # "My husband is a big fan of cricket." `husband job: cricket fan`, session 54); kept only where the
    # model keeps the value under no key of its own (`FALLBACK`), as a hobby: smol answers "What is my son
    # Mateo's hobby?" ("Mateo's hobby is football.") where `interest` (a stop word to copying's anchors)
    # got "Mateo's interest is ership." and `passion` "Mateo's passion is passion."
    ("hobby", re.compile(rf"\b(?:{kinds.KEEN}"
                         r"|(?:an?\s+)?(?:big\s+|huge\s+)?fan of"
                         r"|(?:am|'m|is|'s|are|'re)\s+(?:really\s+|totally\s+|so\s+)?into"
                         # a thing done that someone loves ("My daughter Esi is seven and loves drawing."
                         # kept no word of it, session 57); "I'd love ..." is a wish
                         r"|(?<!'d )(?<!would )(?:loves?|enjoys?|adores?)(?=\s+(?!(?:being|going|getting|"
                         r"having|doing|making|seeing|spending|working)\b)[a-z]+ing\b))"
                         r"\s+(?:the\s+)?(?P<v>[^,.;!?]+)")),
    # what someone else loves, a thing not done ("my son jack is 7 and he loves dinosaurs" kept nothing of
    # it, and "what does jack love?" got "Jack's favourite thing is 7.", session 62); the user's own
    # likings the proposer keeps as favourites. A `FALLBACK` key, as `hobby`
    ("likes", re.compile(r"(?<!'d )(?<!would )\b(?:loves|adores)\s+(?!(?:it|that|this|him|her|them|me|you|"
                         r"us|the\s+idea)\b)(?![a-z]+ing\b)(?P<v>[a-z][^,.;!?]*)")),
    *DONE_READERS,  # the day, time, partner and place of a thing done (`profile_done`)
    # whom someone lives with ("I live with my sister Anjali." kept her name alone, and "Who do I live with?"
    # asked a place: "Your home city is Leeds.", session 63): `housemate: Anjali` (her name too, where the
    # profile holds none: `named_with`), `housemate: parents`
    # or shares a home with ("I share a flat with my best friend Carmen." kept her name alone, session 70)
    ("housemate", re.compile(rf"\b(?:li(?:ve|ves|ving)(?:\s+(?:in|near)\s+{LIVED_IN})?"
                             r"|shar(?:e|es|ing)\s+(?:a|an|the|my|our)\s+(?:flat|house|home|apartment|place))"
                             rf"\s+with\s+(?:(?i:my|our)\s+)?"
                             rf"(?:(?P<kin>(?:best\s+)?[a-z]+)\s+(?={NAME}))?(?P<v>{KIN_TOGETHER}|{KIN_ONE}|{NAME})\b")),
    # or who lives with the user ("my mum lives with us, she makes the best dal" kept `mother job: dal maker`,
    # and "who lives with us?" got "... the wife, Lena.", session 69)
    ("housemate", re.compile(rf"\b(?i:my|our)\s+(?P<v>{KIN_ONE}|{KIN_TOGETHER})(?:\s+{NAME})?\s+(?:also\s+)?"
                             r"li(?:ves|ve)\s+with\s+(?P<ours>us|me)\b")),  # the user's, whoever is said
    # a condition said as what one is ("i'm diabetic so i watch my sugar" kept `favourite food: sugar`, s70b)
    ("condition", re.compile(r"\bI(?:'m| am) (?P<v>diabetic|asthmatic|epileptic|dyslexic|anaemic|anemic)\b")),
    # what someone is trying to give up ("I'm trying to quit smoking." kept nothing, session 58)
    ("quitting", re.compile(r"\b(?:trying|try|tries|want|wants|wanting|planning|plan|going)\s+to\s+"
                            r"(?:quit|give\s+up|stop|cut\s+out|cut\s+down\s+on)\s+(?P<v>[^,.;!?]+)")),
    # one's own name said before "here" ("Ciao! Sofia here, I work as a nurse in Milan." kept `name: Ciao`,
    # refused as a greeting, and no name, session 59)
    ("name", re.compile(rf"(?:^\W*|[!,.]\s+)(?P<v>{NAME})\s+here\b(?=\s*[,.!]|\s+and\b)")),
    # a job said beside one's name ("I'm Hana, a nurse from Osaka, ..." kept no job, session 43)
    # or "I am" ("I am Walter, a retired engineer, 78 years old." kept `employer: engineer`, session 70)
    ("job", re.compile(r"\bI(?:'m| am) [A-Z][a-z]+,\s+an?\s+(?P<v>[^,.;!?]+)")),
    # what one likes least ("My least favourite chore is ironing." was kept as nothing, session 44)
    ("", re.compile(r"\b(?i:my)\s+(?P<k>least\s+favou?rite\s+[a-z]+)\s+(?:is|are)\s+(?P<v>[^,.;!?]+)")),
)




def _key_of(key: str, m: re.Match) -> str:
    """The key a match is kept under: its verb's, or one said in the turn ("least favourite chore"), or
    the thing done with "day", "time" or "partner" (a hyphened word before it dropped: "five-a-side
    football day" is "football day"; of three words, the last: smol wearing `open water swimming time:
    most mornings` said "Your question is about the time your swimming time is.", and `swimming time`
    "Your swimming time is most mornings.", session 66's new-user try)."""
    if key in DONE_KEYS:
        words = [w for w in m.group("k").lower().split() if "-" not in w] or [m.group("k").lower()]
        return normalize_key(" ".join(words[-1:] if len(words) > 2 else words) + " " + key)
    return key or normalize_key(m.group("k").lower())


def _object(key: str, text: str) -> str | None:
    """The object's words a verb's match begins with, up to a word that ends it; None where there is
    none a profile could keep (a preposition first, people taught, a time one works at)."""
    if key in ("partner", "name"):  # a name, not a relative's word said as one ("with Mum", "Mum here");
        # "with my uncle" says the relative in lower case, as they are
        return None if is_relative(text.strip()) and text[:1].isupper() else text.strip()
    if key == "place" and _NO_PLACE & set(text.lower().split()):  # "in the evenings" is when
        return None
    if key in ("languages", "age", *DONE_KEYS):
        return text.strip()
    # "stamps from the Baltic", "Hearts of Oak"
    keep = _COLLECTION_WORDS if key == "collection" else {"of"} if key == "football team" else frozenset()
    said, words = text.split(), []
    for i, w in enumerate(said):
        # things listed ("tomatoes and runner beans") go on past "and"; a clause after it does not
        listed = (w == "and" and key in ("crop", "collection") and i + 1 < len(said)
                  and said[i + 1].lower() not in ENDS)
        if w.lower() in ENDS and not (words and w.lower() in keep) and not (words and listed):
            break
        words.append(w)
    while words and words[-1].lower() in keep:  # "stamps from" is "stamps"
        words.pop()
    if not words or len(words) > 6 or any(not re.fullmatch(r"[A-Za-z][\w'-]*", w) for w in words):
        return None
    if " ".join(words) in ("it", "them", "that", "this", "him", "her"):  # "he is mad about it"; "IT" a field
        return None
    if key == "subject" and (words[0].lower() in _PEOPLE or len(words) > 2):
        return None
    if key == "course" and (words[0].lower() in _NO_COURSE or len(words) > 3):
        return None
    if key == "instrument" and (len(words) > 2 or _NOT_PLAYED & {w.lower() for w in words}):
        return None
    if key == "football team" and len(words) > 4:
        return None
    if key == "job" and not all(w.islower() or w.isupper() for w in words):  # "IT", not "Leeds"
        return None
    if key == "employer" and not all(w[0].isupper() or w == "&" for w in words):
        return None  # a named firm ("Deutsche Bahn"); "a charity" is said otherwise
    if key == "workplace" and (_NO_PLACE & {w.lower() for w in words} or all(w[0].isupper() for w in words)):
        return None  # a name alone is a named workplace: the proposer keeps those as `employer`
    return " ".join(words)


def _whose(sentence: str, before: int, last_kin: str | None, named: dict[str, str], group: bool = False,
           we: bool = False) -> str | None:
    """Whose fact a verb at `before` says: "" for the user's ("we" too, for a thing done or a trip: `we`), a
    relative's key word, "children" for "they" where the turn spoke of the user's children before
    (`group`, or the sentence), or None when the sentence says no one it knows before it."""
    who = None
    for m in _SUBJECT.finditer(sentence[:before]):
        if m.group("we"):
            who = "" if we else None
        elif m.group("they"):
            who = "children" if group or CHILDREN.search(sentence[:m.start()]) else None
        elif m.group("i"):
            who = ""
        elif m.group("kin"):
            kin = kin_key(m.group("kin"))
            who = kin if kin in relations.KIN else who
        elif m.group("pron"):  # the relative said before it in the sentence, else in the one before
            who = kin_said_last(sentence[:m.start()], had=True) or last_kin or who
        elif m.group("name") in named:
            who = named[m.group("name")]
    return who


def _said_before(key: str, m: re.Match) -> int:
    """Where whose fact it is is said before: the days-said-first reader's `who`, the thing done's verb (a
    friend it is done with comes after it), else the object."""
    if "who" in m.re.groupindex:
        return m.end("who")
    if key == "housemate":  # "I live with my sister Anjali": whoever lives, not the sister
        return m.start()
    return m.start("k") if key in DONE_KEYS else m.start("v")


def named_relatives(profile: dict[str, str]) -> dict[str, str]:
    """Each name the profile holds for a relative, and who they are (`{"Lena": "sister"}`)."""
    return {v: k.removesuffix(" name") for k, v in profile.items()
            if k.endswith(" name") and k.split()[0] in relations.KIN}


# "she" or "he" alone in a turn, for a child the profile lists among others
_SHE, _HE = re.compile(r"\b(?:she|her)\b", re.IGNORECASE), re.compile(r"\b(?:he|him|his)\b", re.IGNORECASE)


def listed_child(turn: str, profile: dict[str, str]) -> dict[str, str]:
    """The one name of a children's entry (`children: Aisha, Yusuf and Layla`) the turn says, as a daughter
    where it says "she" and no "he" (a son the other way round), where no daughter's (son's) name is kept:
    "Aisha just started university in Glasgow, she's doing law." was proposed `daughter city: Glasgow`, and
    "where does aisha study?" wore nothing (session 67)."""
    she, he = bool(_SHE.search(turn)), bool(_HE.search(turn))
    kin = "daughter" if she and not he else "son" if he and not she else None
    names = [n for k, v in profile.items() if kinds.kind(k) == "children"
             for n in re.findall(r"[A-Z][\w'-]+", v)]
    said = [n for n in names if re.search(rf"\b{re.escape(n)}\b", turn, re.IGNORECASE)]
    return {said[0]: kin} if kin and f"{kin} name" not in profile and len(said) == 1 else {}


def kin_said_last(text: str, had: bool = False) -> str | None:
    """The relative said last in `text` as "my <relative>" or "our <relative>" (or, `had`, "a <relative>":
    "I've got a son called Kofi, he's twelve and mad about chess." kept `hobby: chess` as the user's, and
    "What game does my son love?" got "Your son's favourite game is twelve.", session 68), or None."""
    kins = [kin_key(k) for k in re.findall(rf"\b(?i:my|our{'|a|an' if had else ''})\s+([a-z]+)", text)]
    return next((k for k in reversed(kins) if k in relations.KIN), None)


# Names that are words as often ("will", "may"): left as typed
_WORD_NAMES = frozenset({"will", "may", "rose", "bill", "mark", "pat", "sue", "june", "april", "august",
                         "joy", "hope", "faith", "grace", "dawn", "summer", "ruby", "amber", "sunny", "rich",
                         "guy"})


def _held_names_written(turn: str, named: dict[str, str]) -> str:
    """The turn with each relative's name the profile holds written with its capital where typed in lower
    case ("i play badminton with jia on tuesday nights", Jia kept as a roommate's name, kept no partner
    nor day, and "who do i play badminton with?" got "Your badminton.", session 64)."""
    for name in named:
        low = name.lower()
        if re.fullmatch(NAME, name) and low not in ENDS | _WORD_NAMES:
            turn = re.sub(rf"\b{re.escape(low)}\b", name, turn)
    return turn


def said_lines(turn: str, profile: dict[str, str]) -> list[str]:
    """`ADD key: value` lines for what the turn says with one of `_VERBS`, whoever says it: "My mum
    teaches French." -> `ADD mother subject: French`. A name the `profile` holds for a relative
    (`sister name: Lena`) stands for them ("Lena speaks Polish.")."""
    child = listed_child(turn, profile)
    named = named_relatives(profile) | child
    turn = _held_names_written(turn, named)
    lines, last_kin, group = [f"ADD {kin} name: {name}" for name, kin in child.items()], None, False
    for sentence in map(kinds.as_done, SENTENCE.findall(turn)):
        for key, pattern in _VERBS:
            for m in pattern.finditer(sentence):
                if NOT_BEFORE.search(sentence[:m.start()]):
                    continue
                told = m.re.groupindex  # the children's ("brood"), the user's ("ours"), else said before
                who = "children" if "brood" in told else "" if "ours" in told else _whose(
                    sentence, _said_before(key, m), last_kin, named, group, key in (*DONE_KEYS, "trip"))
                # "my least favourite", "Sofia here": the user's
                who = "" if who is None and key in ("", "name") else who
                what = _key_of(key, m)
                value = _object(key or what, m.group("v"))
                if key in DONE_KEYS and (ENDS & set(what.split()) or place_gone_to(sentence, m)
                                          or _NOT_PLAYED & set(what.split())):
                    continue  # "play in the park": no thing said; "going to Paris": a place; "the main role"
                if who is not None and value:
                    lines.append(f"ADD {who + ' ' if who else ''}{what}: {value}")
                    lines += named_with(key, m, profile) + we_with(sentence[:m.start()], key, what)
        last_kin = kin_said_last(sentence) or last_kin
        group = group or bool(CHILDREN.search(sentence))
    return lines
