"""How a user's turn says a proposed value, for the profile parser (`profile_parse`): the key as the
turn says it where the model's key says otherwise (`as_said`), a value said of a relative filed as theirs
(`said_of_kin`), a job built from the turn's own words (`said_as_work`), a job said as working for someone
(`employee_of`) and a withdrawal that restates the value (`restated`); the value's own words as the turn
says them are `profile_values`'. Nothing here reads facts out of the turn: each helper only checks or
re-files what the model proposed.
"""

from __future__ import annotations

import os
import re

from agenthn.agent import kinds, relations, things
from agenthn.agent.profile_keys import normalize_key
from agenthn.agent.profile_places import TIMES, place_as_said, said_only_after

WORD = re.compile(r"[a-z0-9]+")
# A sentence: text up to its end mark (or the end of the line/turn); the end mark says what it does.
SENTENCE = re.compile(r"[^.!?\n]+[.!?]*|[.!?]+")


# First-person words: a sentence opening "My husband" with one ("My husband and I moved") is the user's too
_FIRST_PERSON = re.compile(r"\b(i|i'm|i've|i'd|i'll|me|my|we|we're|us|our|mine|myself)\b", re.IGNORECASE)
_MY_KIN = re.compile(r"\W*(?:(?:oh|and|also|plus|so)\W+)*(?:my|our) (\w+)\b(.*)", re.I | re.S)  # "Oh and my"
# A relative as the proposer keys them: "My girlfriend Signe ..." is filed under `partner name` (set e)
_KIN_KEY = {"girlfriend": "partner", "boyfriend": "partner", "fiance": "partner", "fiancee": "partner"}


def kin_key(word: str) -> str:
    """The word a relative's keys begin with, for a word a turn calls them by ("mum": `mother`, "girlfriend":
    `partner`, as the proposer keys them)."""
    kin = relations.ALIASES.get(word.lower(), word.lower())
    return _KIN_KEY.get(kin, kin)


def is_relative(word: str) -> bool:
    """Whether a turn's word names a relative or a pet ("mum", "girlfriend", "neighbour", "dog")."""
    return kin_key(word) in relations.KIN

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
# 0-99 as words, both ways a tens-and-unit number is written ("forty-two", "forty two")
NUMBER_WORDS = {**{w: i for i, w in enumerate(_UNITS)}, **{w: 20 + 10 * i for i, w in enumerate(_TENS)},
                **{f"{t}{sep}{u}": 20 + 10 * i + j for i, t in enumerate(_TENS)
                   for j, u in enumerate(_UNITS[1:10], 1) for sep in ("-", " ")}}


def age_said_as_past(key: str, value: str | None, turn: str | None) -> bool:
    """Whether an age is said only as one the user (or a relative) was: "I've been playing netball since
    I was ten." was proposed `age: 10` and, with the number read as spelt, kept (session 49)."""
    if turn is None or value is None or kinds.kind(key) != "age":
        return False
    return said_only_after(value, turn, r"(?:was|were)", r"(?:is|am|are|'m|'re|'s|turned|turns)")


# a number: digits or a number word (longest first: "twenty-one" before "twenty")
# the number words as one alternation, longest first ("twenty-one" before "twenty")
NUMBER_WORDS_RE = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_NUMBER = rf"\d+|{NUMBER_WORDS_RE}"
# a number in an age: digits, a number word, or a decade ("in her forties", "late teens")
_COUNTED = re.compile(rf"\b(?:{_NUMBER}|\w+ties|teens)\b|\d", re.IGNORECASE)


def not_a_number(key: str, value: str | None, turn: str | None) -> bool:
    """Whether an age holds no number, or a year is a month ("My daughter ... is starting school in
    September." proposed `daughter age: September`, "I sold it in March." `year moved: March`), or an age
    is said only as how long something has lasted ("I'm vegetarian, have been for about ten years."
    `age: ten`; session 51, a profile-edit adapter candidate)."""
    words = key.split()
    if value is None or not words:
        return False
    if "year" in words:  # "final year" may be one; a month is none
        return bool(TIMES.fullmatch(value.strip()))
    if words[-1] != "age":
        return False
    return not _COUNTED.search(value) or turn is not None and said_only_after(
        # or after "been <state>" ("me and my wife sarah have been married 20 years" was proposed `wife age:
        # 20`, session 68)
        value, turn, r"(?:for(?:\s+(?:about|around|nearly|almost|over))?|been\s+[a-z]+)",
        r"(?:is|am|are|'m|'re|'s|turned)")


def said_of_kin(key: str, value: str | None, turn: str | None) -> str | None:
    """The relative a value for one of the user's own keys is said of: every sentence of the turn that
    says it opens with "My <relative>" and says nothing of the user ("My husband Tunde is an engineer at
    Rolls-Royce." proposed `employer: Rolls-Royce`, session 43); None otherwise. The key is then theirs
    (`husband employer`): session 43 rejected the line, and "Who does Tunde work for?" had no entry
    (session 46)."""
    kins = relations.KIN & {kin_key(w) for w in key.split()}  # "gf job" too (session 67)
    if turn is None or value is None or key.endswith(" name") or kins:
        return None  # a key that names a relative (`children`, `mother city`) is about them already
    said = [s for s in SENTENCE.findall(turn) if value.lower() in s.lower()]
    whose = []
    for sentence in said:
        m = _MY_KIN.match(sentence)
        kin = m and kin_key(m.group(1))
        if not m or kin not in relations.KIN or _FIRST_PERSON.search(m.group(2)):
            return None
        whose.append(kin)
    return whose[0] if whose else None


# A child said as a boy or a girl ("We have a little boy called Haru." was proposed `child name: Haru`,
# and "What's my son's name?" found no son: "Your son's name is...Erykos.", session 58)
_CHILD_SAID = {"boy": "son", "girl": "daughter"}


def kin_as_said(key: str, turn: str | None) -> str:
    """A relative's key filed under the one relative the turn names as "my <relative>", where the
    proposer named another the turn never says ("My granddaughter Ama just started university" was
    proposed `grandmother name: Ama`, session 49), where "my" says nothing else. A partner word for another
    stays (the proposer keys "my girlfriend" as `partner`), as does a turn that says "my" of more
    ("my son ... and my line manager": `boss` is the manager). Session 51: a grandchild said where the key
    says a child ("I have three grandchildren" proposed `children`, `child age`) is one, and a key of
    someone in a turn about no one but the user (`_own_turn`: "I'm Ingrid, a retired postwoman from
    Bergen." proposed `partner city: Bergen`) is the user's own."""
    words = key.split()
    kin = relations.ALIASES.get(words[0], words[0]) if words else ""
    if turn is None or kin not in relations.KIN:
        return key
    low = turn.lower()
    said = WORD.findall(low)
    if any(relations.ALIASES.get(w, w).startswith(kin) for w in said):
        return key  # said, perhaps otherwise spelt ("my auntie", "my sisters")
    if any(w.startswith("grand") and (w[5:].startswith(kin) or kin == "children") for w in said):  # grandsons
        return " ".join(["grand" + kin, *words[1:]])
    sexed = {_CHILD_SAID[w] for w in said if w in _CHILD_SAID}
    if kin == "child" and len(sexed) == 1:  # "a little boy called Haru": `son name` (session 58)
        return " ".join([*sexed, *words[1:]])
    named = {relations.ALIASES.get(w, w) for w in re.findall(r"\bmy (\w+)", low)}  # "my line manager": line
    if len(words) > 1 and not named and kin in relations.PEOPLE and _own_turn(turn, said):
        return " ".join(words[1:])
    if len(words) < 2 or len(named) != 1 or not named <= relations.KIN or named | {kin} <= relations.PARTNERS:
        return key
    return " ".join([*named, *words[1:]])


# words that bring someone else in ("I'm married to Gareth, who runs a coffee shop.": `partner business`)
_NOT_ALONE = frozenset({"we", "our", "us", "ours", "married", "engaged", "dating", "divorced", "wedding",
                        "together"})
CALLED = ("I'm", "I am", "name is", "call me", "this is")  # what the user says before their own name
_SELF_NAMED = re.compile(rf"\b(?:{'|'.join(CALLED)})\s+$|^\W*$|[.!?]\s*$", re.IGNORECASE)
CAPITAL = re.compile(r"\b[A-Z][a-z]+\b")  # a name (or a sentence's first word)


# the user naming themselves as "<name> here" ("hi, frank here, retired postman from cardiff" was proposed
# `boss job: postman`, session 63): a turn of theirs, as one with "I" is
_HERE = re.compile(r"^(?:\W*[a-z]+\W+)?[a-z]+ here\b", re.IGNORECASE)


def _own_turn(turn: str, said: list[str]) -> bool:
    """Whether a turn speaks of the user alone: "I" in it (or their name said as "<name> here"), and no
    relative, "we", "our" or name of anyone (a capitalized word not opening a sentence, other than the
    user's own after "I'm")."""
    if not ("i" in said or _HERE.match(turn)) or _NOT_ALONE & set(said) or relations.KIN & set(said):
        return False
    names = [m for m in CAPITAL.finditer(turn) if m.group() not in ("I", "I'm")]
    return all(_SELF_NAMED.search(turn[: m.start()]) or _place_said(turn, m)
               or turn[m.end():].startswith(" here") for m in names)


def _place_said(turn: str, m: re.Match) -> bool:
    """Whether a capitalized word is said as a place ("from Bergen", "in Porto"): not a person."""
    return bool(re.search(r"\b(?:from|in|at|to|near|of)\s+$", turn[: m.start()], re.IGNORECASE))


# A relation word said in the plural and how one of them is keyed (`one_of_many`)
_ONE_OF = {"children": "child", "kids": "child", "grandchildren": "grandchild", "grandkids": "grandchild",
           "sons": "son", "daughters": "daughter", "grandsons": "grandson", "granddaughters": "granddaughter"}


def one_of_many(key: str, value: str | None, turn: str | None) -> str:
    """A single name filed under relatives the turn counts ("I have three grandchildren and the youngest,
    Sofie, just turned four." proposed `children: Sofie` beside `children: three`, session 51) is one of
    them: `grandchild name`; so is one age (`grandchild age`), name or city ("got two lads, jack and harry,
    jack's at uni in cardiff" was proposed `sons city`, session 70), but for twins or of "they"."""
    words, together = key.split(), turn is not None and re.search(r"\b(?:they|they're|twins)\b", turn, re.I)
    one_name = words[1:] == ["name"] and value and len(value.split()) == 1
    if len(words) == 2 and words[0] in _ONE_OF and (words[1] in ("age", "city") or one_name) and not together:
        return f"{_ONE_OF[words[0]]} {words[1]}"
    one = _ONE_OF.get(key)
    if not one or not turn or not value or not re.fullmatch(r"[A-Z][a-z]+", value.strip()):
        return key
    return f"{one} name" if re.search(rf"\b(?:{_NUMBER})\s+{key}\b", turn, re.IGNORECASE) else key


def is_job(key: str) -> bool:
    """Whether `key` holds a job someone does (a job word may be built from the turn's words): not a
    favourite one ("My least favourite chore is ironing." was kept as `favourite job: ironer`, built
    from "ironing", session 50)."""
    words = set(key.split())
    return (key == "job" or key.endswith(" job")) and not {"favourite", "favorite", "least"} & words


_FONDNESS = frozenset({"love", "loves", "like", "likes", "enjoy", "enjoys", "adore", "adores"})
# what one studies or learns is no trade yet ("My daughter Elsa studies law in Lund." was proposed
# `daughter job: lawyer`, session 56)
_LEARNING = frozenset({"study", "studies", "studying", "studied", "learn", "learns", "learning", "learnt",
                       "learned", "reads", "reading", "doing"})  # "she's doing law" (session 67)
# nor is what one goes and does ("I go running with my mate Ed" was proposed `friend job: runner`, session 60)
# or plays ("i play the bass in a band" was proposed `job: bassist`, session 67)
_GOING = frozenset({"go", "goes", "went", "play", "plays", "playing", "played"})


def said_as_work(value: str, low_turn: str, wished: bool = True) -> bool:
    """Whether an occupation is built from the turn's own words, as a job said as what one does is
    stored ("I teach maths" -> "maths teacher", "drives buses" -> "bus driver"): every word of the value
    begins as a word of the turn does, over four letters or the shorter word's whole length, each then
    ending as a job word and a turn word may (`_built_from`). Nothing of
    the value is invented, unlike "mechanic" for "I fix cars", which stays rejected. `wished` false: a
    word after "to" does not count ("I taught myself to bake bread" is no baker, "I'd love to teach
    yoga" no yoga teacher), as a new value needs; a withdrawal may speak of it so. Nor does a word after
    "love", "like", "enjoy" or "adore": what one is fond of doing is no trade ("I love gardening" was
    proposed `job: gardener`, replacing `job: bus driver`, session 49), nor after "study" or "learn"
    (`_LEARNING`) or "go" (`_GOING`)."""
    said = WORD.findall(low_turn)
    said = [w for i, w in enumerate(said) if not (w == "the" and i and said[i - 1] in _GOING)]  # "play the"
    words = [w for w in WORD.findall(value.lower()) if len(w) > 2]
    # a student of what one studies is what the turn says ("studies medicine": `medicine student`)
    not_after = _FONDNESS if words and words[-1] in ("student", "students") else _FONDNESS | _LEARNING
    not_after |= _GOING
    turn_words = [w for i, w in enumerate(said) if i == 0 or (wished or said[i - 1] != "to")
                  and said[i - 1] not in not_after]

    return bool(words) and all(any(_built_from(w, t) for t in turn_words if len(t) > 2) for w in words)


# What may follow the stem a job word shares with the turn's word: "builds" -> "builder", "teaches
# physics" -> "physicist", "gardening" -> "gardener"; "motorbikes" -> "motorbikger" (a garbled value
# smol proposed, session 49) ends otherwise and is not built from the turn
_JOB_ENDS = frozenset({"", "s", "es", "e", "y", "r", "er", "ers", "or", "ors", "ist", "ists", "ian", "ians",
                       "ant", "ants", "ent", "ents"})
_TURN_ENDS = frozenset({"", "s", "es", "e", "ed", "ing", "ings", "y", "ies", "o", "al", "ic", "ics"})


def _built_from(w: str, t: str) -> bool:
    stem = os.path.commonprefix([w, t])
    if len(stem) < min(4, len(w), len(t)):
        return False
    # one word whole at the other's start: "hair" -> "hairdresser", "websites" -> "web designer"
    return stem in (w, t) or w[len(stem):] in _JOB_ENDS and t[len(stem):] in _TURN_ENDS


def as_said(key: str, value: str | None, turn: str | None) -> str:
    """The key as the turn says it, where the model's key says otherwise (session 44):
    - with "least" before it where the turn says it so: "my least favourite food is tagine" was kept as
      `favourite food: tagine` (two of the personalization benchmark's users), which then answered
      "What's my favourite food?" with the food they dislike;
    - `hometown` for a city the turn says the user is from and not where they live: "a nurse from Osaka,
      but I live in Vancouver now" was kept as `city: Osaka`, and "Where do I live?" got Osaka;
    - session 45: a favourite with the thing the turn names, `job` for an "employer" the turn says the
      user is, and `employer` for a "city" the turn says they work at (the helpers below);
    - session 46: what the user teaches, proposed as a `school` (`_taught_as_said`);
    - session 49: `city` for a hometown the turn says the user lives in and not where they are from ("a
      retired bus driver living in Accra" was kept as `hometown: Accra`);
    - session 52: a `hobby` for a job the turn says as a pastime (`_said_as_pastime`)."""
    if not turn:
        return key
    key = _favourite_as_said(key, value, turn)
    if "least" in turn.lower() and not key.startswith("least "):
        spelt = " ".join(normalize_key(w) for w in WORD.findall(turn.lower()))  # "favorite": "favourite"
        if re.search(rf"\bleast {re.escape(key)}\b", spelt):
            return f"least {key}"
    if not value:
        return key
    if is_job(key) and _said_as_pastime(value, turn):
        return key.removesuffix("job") + "hobby"
    return place_as_said(key, value, turn) or _taught_as_said(key, value, turn)


def _said_as_pastime(value: str, turn: str) -> bool:
    """Whether the turn says the value as something one goes and does or is fond of doing ("I go rock
    climbing every Saturday." was kept as `job: rock climbing` over `job: graphic designer`, session 52):
    a word ending in "-ing" right after go, love, enjoy and the like."""
    v = value.strip()
    return v.lower().endswith("ing") and bool(re.search(
        rf"\b(?:go|goes|went|going|{'|'.join(_FONDNESS)})\s+{re.escape(v)}\b", turn, re.IGNORECASE))


_SCHOOLS = frozenset({"school", "university", "college", "academy"})
_TEACH = r"\bteach(?:es|ing)?\s+"


def _taught_as_said(key: str, value: str, turn: str) -> str:
    """"I teach history at a high school in Leeds." was proposed as `school: history teacher` (rejected:
    not said) and "I teach chemistry at a high school" as `school: chemistry` (session 46), so "What
    subject do I teach?" found no entry: a school's value said right after "teach" is the `subject`, one
    built from the turn's words as an occupation ("history teacher") the `job`, and the city of a school
    the turn does not name the user's `city`."""
    if not _SCHOOLS.intersection(key.split()) or not re.search(_TEACH, turn, re.IGNORECASE):
        return key
    # "i teach maths at a secondary school in leeds" was proposed `university city: leeds` (session 60): a
    # school the turn never names is no place of its own, the city is the user's
    if key.split()[-1] in ("city", "town") and key.split()[0] not in turn.lower():
        return "city"
    if re.search(_TEACH + re.escape(value.strip()) + r"\b", turn, re.IGNORECASE):
        return "subject"
    if value.lower() not in turn.lower() and said_as_work(value, turn.lower(), wished=False):
        return "job"
    return key


def restated(key: str, turn: str | None) -> str | None:
    """The value a turn gives a key in so many words ("my birthday is on 5 June, not 5 July" gives
    "5 June"), or None. The proposer answered that correction with `REMOVE birthday` (session 45): a
    turn that says what the value is corrects it rather than withdrawing it."""
    if not turn:
        return None
    m = re.search(rf"\bmy\s+{re.escape(key)}\s+(?:is|was|are)\s+(?:on\s+|in\s+|at\s+)?(?!not\b|no\b)"
                  r"(?P<v>[^,.;!?]+?)\s*(?:[,.;!?]|$|\s+(?:not|but|and)\b)", turn, re.IGNORECASE)
    return m.group("v") if m else None


def employee_of(key: str, value: str | None, turn: str | None) -> tuple[str, str | None]:
    """A job said as working for someone ("I work at Google in London." was proposed as `job: Google
    employee`, then rejected as not in the turn, session 45) is who they work for: `employer: Google`,
    where the turn says "at Google" or "for Google"."""
    m = re.fullmatch(r"(.+?)\s+(employee|worker|staffer|staff member)", value or "", re.IGNORECASE)
    if not (m and turn and is_job(key)
            and re.search(rf"\b(at|for)\s+{re.escape(m.group(1))}\b", turn, re.IGNORECASE)):
        return key, value
    return key.removesuffix("job") + "employer", m.group(1)


# What a health condition is called, for a key the model made of it
_CONDITIONS = frozenset({"diabetes", "asthma", "arthritis", "epilepsy", "migraines", "eczema", "coeliac",
                         "celiac", "adhd", "dyslexia", "anaemia", "anemia", "psoriasis", "ms", "copd"})


def condition_of(key: str, value: str | None, turn: str | None) -> tuple[str, str | None]:
    """A health condition the model keyed by its name, its kind the value ("I have type 2 diabetes, so I
    watch my sugar." was proposed `diabetes: type 2`, and "What condition do I have?" got "Your child is a
    retired.", session 67): `condition: type 2 diabetes`, where the turn says them so together."""
    said = f"{value} {key}" if value else ""
    if key.lower() in _CONDITIONS and turn and re.search(rf"\b{re.escape(said)}\b", turn, re.IGNORECASE):
        return "condition", said
    return key, value


def favourite_widened(key: str, value: str | None, turn: str | None) -> str | None:
    """A favourite's value with the words the turn says it is after "the", "a" or "my" ("my favourite
    flower is the sweet pea" was proposed `favourite flower: pea`, and "what's my favourite flower?" got
    "Your favourite flower is pea.", session 67's harder chat): `sweet pea`."""
    if not (value and turn and key.startswith("favourite ")):
        return value
    m = re.search(rf"\bfavou?rite\b[^.!?]*?\b(?:is|are)\s+(?:the|a|an|my)\s+(?P<w>(?:[a-z]+\s+){{1,2}})"
                  rf"{re.escape(value.strip())}\b", turn)
    words = m["w"].split() if m else []
    return " ".join(words + [value.strip()]) if words and not set(words) & _NOT_WIDENED else value


# a subject said by its last word ("yo, dev here. 19, second year comp sci at manchester" was proposed
# `degree subject: sci`, and "what do i study?" got "Your question is about sci.", session 67): with the
# word the turn says before it ("comp sci", "political science")
_SUBJECT_TAIL = re.compile(r"(?i:sci|science|sciences|studies|engineering)")


def subject_widened(key: str, value: str | None, turn: str | None) -> str | None:
    """A study subject's value with the word the turn says before it, where the value is the subject's
    last word alone (`_SUBJECT_TAIL`): `comp sci` of `sci`."""
    if not (value and turn and kinds.kind(key) == "study" and _SUBJECT_TAIL.fullmatch(value.strip())):
        return value
    m = re.search(rf"\b(?P<w>[a-z]+)\s+{re.escape(value.strip())}\b", turn, re.IGNORECASE)
    w = m["w"].lower() if m else ""
    return f"{m['w']} {value.strip()}" if w and w not in _NOT_WIDENED | _NOT_SUBJECT else value


_NOT_SUBJECT = frozenset({"a", "an", "the", "my", "in", "of", "at", "study", "studies", "studying", "do",
                          "doing", "year", "degree", "some", "read", "reading", "and", "teach", "teaches"})


# words before a favourite's value that are not of it ("the very best pea")
_NOT_WIDENED = frozenset({"very", "really", "best", "most", "one", "only", "same", "other", "is", "was",
                          "and"})


def _favourite_as_said(key: str, value: str | None, turn: str) -> str:
    """A favourite's key with the thing the turn names ("my least favourite chore is ironing" was
    proposed as `least favourite job`, session 45, and "Which chore do I dislike?" then shared no word
    with it)."""
    if not value or "favourite" not in key.split():
        return key
    key = _thing_as_valued(key, value)
    m = re.search(rf"\bmy\s+((?:least\s+)?favou?rite\s+[a-z]+)\s+(?:is|are|was|has to be)\s+"
                  rf"(?:an?\s+|the\s+)?{re.escape(value.strip())}\b", turn, re.IGNORECASE)
    return normalize_key(m.group(1).lower()) if m else key


def _thing_as_valued(key: str, value: str) -> str:
    """A favourite's key with the thing its value names where the key names another ("I'm a huge fan of
    crime novels." was proposed `favourite film genre: crime novels`, and "What kind of books do I
    love?" found no book in the profile; session 54): `favourite book genre`."""
    said = things.thing_named(value.split()[-1])
    words = key.split()
    named = [i for i, w in enumerate(words) if things.thing_named(w)]
    if said is None or len(named) != 1 or things.thing_named(words[named[0]]) == said:
        return key
    return " ".join(said if i == named[0] else w for i, w in enumerate(words))
