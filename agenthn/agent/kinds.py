"""What kind of fact a profile's key holds, and what kind a question's form asks for.

A key's kind is read from its last word (`KINDS`: `brother job` is a job, `home city` a place), and a
question's from its form (`_ASKS`: "Where ...?" asks a place, "How old ...?" an age, "What does she
do?" a job). An entry of another known kind never answers the question (`fits`, `fitting`: "Where does
Liam live?" had worn `brother job: nurse` and got "Your brother Liam's city is nurse.", session 43),
and where the form asks for the kind of the user's one entry of it, the question is settled on that
entry (`kind_picks`). Who the entries are about is `agent.relations`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agenthn.agent import relations
from agenthn.agent.liking import liking, question_liking

# What a business someone runs is called in a question ("my bakery"): its entry is of kind "business".
BUSINESSES = frozenset({"bakery", "restaurant", "cafe", "café", "shop", "store", "salon", "bar", "pub",
                        "boutique", "bistro", "deli", "brewery", "bookshop", "florist", "garage", "clinic",
                        "practice", "gallery", "hotel", "farm", "startup", "agency", "studio"})

# What kind of fact a key holds, by its last word ("home city", "brother job"); a key of any other word
# ("pets", "favourite thing to do") is of no known kind, and any question may reach it.
KINDS = {
    "place": frozenset({"city", "town", "home", "country", "address", "village", "county",
                        "state", "region", "island", "area", "neighbourhood", "street", "location", "place",
                        "gym", "school", "university", "college", "club", "church", "campus", "venue"}),
    # where someone is from: a place, but not where they live ("Where do I live?" wore `hometown: Osaka`
    # beside `city: Vancouver`, session 44)
    "origin": frozenset({"hometown", "birthplace"}),
    "age": frozenset({"age", "birthday", "born", "birth"}),
    "name": frozenset({"name", "nickname", "surname"}),
    # what someone does, and whom for ("Who do I work for?" wore `job: nurse` over `employer: Charite`)
    "job": frozenset({"job", "occupation", "profession", "work", "career", "trade", "role", "position"}),
    # a business the user runs, by what it is ("What's the name of my bakery?" wore `name: Oskar`, session 44)
    "business": frozenset(BUSINESSES | {"business"}),
    "employer": frozenset({"employer", "company", "workplace", "office", "firm"}),
    # things and people: never where anyone lives ("Where am I from?" wore `car: Honda Civic`, session 43)
    "thing": frozenset({"car", "phone", "film", "movie", "book", "food", "drink", "colour", "color",
                        "instrument", "diet", "allergy", "language", "music", "band",
                        "song", "team", "game", "breed", "model", "brand", "dish", "meal", "genre", "show"}),
    # what someone does for fun ("What do I do on weekends?" wore `job: nurse`, session 48)
    "leisure": frozenset({"hobby", "hobbies", "sport", "sports", "pastime", "pastimes", "activity",
                          "activities", "interest", "interests"}),
    # whom someone lives with (`housemate: Anjali`, session 63)
    "household": frozenset({"housemate", "housemates"}),
    # how long the user has been with someone (`relationship length: twelve years`, session 70)
    "length": frozenset({"length"}),
    "person": frozenset({"doctor", "dentist", "gp", "partner", "wife", "husband", "girlfriend", "boyfriend",
                         "friend", "boss", "manager", "colleague"}),
    # a user's children together ("What are my daughters called?" wore `hometown: Lisbon` beside
    # `children: Ana and Rita`, session 46)
    "children": frozenset({"children", "kids", "daughters", "sons", "twins", "grandchildren", "grandkids"}),
    # what someone studies ("What do I study?" wore `university city: Manchester` beside `degree subject:
    # mechanical engineering`, session 51)
    "study": frozenset({"subject", "course", "major", "degree", "studies"}),
    # where someone is going ("Where am I travelling next spring?" wore `hometown: Valencia` beside
    # `next holiday: Japan`, session 47): a place, but not where anyone lives
    "trip": frozenset({"holiday", "holidays", "trip", "destination", "vacation", "travel", "journey"}),
    # when something is done (`volleyball day: Sunday`, `running time: before work`): answers only a question
    # that asks when or says a day or a time ("What's my best time?" of `best time: 1 hour 52 minutes`);
    # "Who do I go swimming with?" wore `swimming day: Saturdays` and got "Your swimming buddy's name is
    # Saturdays." (session 57)
    # (session 58: `mother visit: every December`, when the user visits her)
    "when": frozenset({"day", "time", "visit"}),
}
_WHEN_SAID = re.compile(r"\b(when|days?|times?)\b", re.IGNORECASE)
# Verbs of a thing done on a day of every week or at a time of day ("I play volleyball every Sunday.")
DONE = r"(?:(?:play|go|do|have|practi[sc]e|attend|train)(?:s|es|ing)?|tak(?:e|es|ing)|danc(?:e|es|ing))"
# A pastime said by its own verb ("I swim with my friend Paula every Tuesday evening." kept only `friend
# name: Paula`, and "Who do I swim with?" got "Your swimming coach is Pavel.", session 59), where whom
# it is done with or when follows: said as "go swimming", the readers' and questions' one form of it
_ALONE = {"swim": "swimming", "run": "running", "jog": "jogging", "cycle": "cycling", "hike": "hiking",
          "surf": "surfing", "skate": "skating", "ski": "skiing", "climb": "climbing", "dance": "dancing",
          "row": "rowing", "sail": "sailing", "walk": "walking", "bike": "biking", "fish": "fishing",
          # "I volunteer at a food bank on Sundays." kept nothing (session 62)
          "volunteer": "volunteering",
          # "I sing in the church choir every Sunday." kept nothing (session 63)
          "sing": "singing"}
# the verb's own: said by someone ("I swim", "my son swims"), not a thing had ("a new bike", "a run"),
# before whom or when, or ending a question of who or when ("Who do I swim with?", "When do I swim?"), not
# one of what ("What do I run?" asks a business)
_OFTEN = r"(?:(?:also|often|usually|always|still|never|sometimes)\s+)?"
# who does it: "he", "my son", or a name, not a word a sentence opens with ("The walks on Sundays")
_DOER = (r"(?:(?i:he|she)|(?i:my|our)\s+[a-z]+|(?!(?:The|This|That|These|Those|Her|His|My|Our|Their|Your|Some"
         r"|Many|All|Long)\b)[A-Z][a-z]+)")
# how far, said after the verb ("i run 5k every tuesday with my neighbour jan" kept no running, session 63):
# not a thing run, and left out of the pastime as it is said
_FAR = r"(?P<far>\s+\d+(?:\.\d+)?\s*(?:k|km|ks|miles?|kilomet(?:re|er)s?|lengths?|laps?)\b)?"
_DONE_ALONE = re.compile(rf"(?:\b(?P<by>(?:(?i:I|we|you|they)|to|(?i:do|does|did)\s+{_DOER})\s+{_OFTEN})"
                         rf"(?P<verb>{'|'.join(_ALONE)})\b|"
                         rf"\b(?P<by3>{_DOER}\s+{_OFTEN})(?P<verbs>{'|'.join(_ALONE)})e?s\b){_FAR}")
# "most" too ("i surf most mornings before my shift" kept `job: surfmer` alone, session 70)
_WHEN_SAID_NEXT = re.compile(r"\s+(?:with|every|each|most|on|before|after|at"
                             r"|(?:in|for)\s+(?:the|a|an|my|our))\b")
# a question of whom, when or where ("Where do I volunteer?" as "Where do I go volunteering?", session 63)
_WHO_OR_WHEN = re.compile(r"^\W*(?:who|when|where|how often|(?:on )?(?:what|which) days?|what time)\b",
                          re.IGNORECASE)




def _go(verb: str) -> str:
    """"go" in the form of `verb` ("hits" -> "goes", "walking" -> "going"), as a verb is said as going."""
    return "going" if verb.lower().endswith("ing") else "goes" if verb.lower().endswith("s") else "go"


def _have(verb: str) -> str:
    """"have" in the form of `verb` ("runs" -> "has", "hosting" -> "having")."""
    return "having" if verb.lower().endswith("ing") else "has" if verb.lower().endswith("s") else "have"


# "hit the gym" is going to it ("i hit the gym every morning before work" kept no time, session 61)
# walking a dog is going walking with it ("i walk my dog max every morning in the park" kept nothing of
# walking, and "where do i walk max?" got "Your walk is about 27 miles.", session 65): its name, if said,
# left to the model's edits; asked as "where do i go walking?" whatever is walked
_DOG = "|".join(sorted(w for w, pet in relations.BREEDS.items() if pet == "dog") + ["dogs?"])
_DOG_WALKED = re.compile(rf"\b(walk|walks|walking)\s+(my|our|the|his|her|their)\s+(?:{_DOG})\b"
                         r"(?:\s+(?!(?:every|each|on|in|at|along|by|around|through|to|before|after|with|and"
                         r"|twice|once)\b)[a-z]+\b)?", re.IGNORECASE)
# or taking someone for a walk ("i take biscuit for a walk in the park before work": "where do i walk
# biscuit?" got "Your walk biscuit is on the street, which is called 17.", session 65's new-user try)
_TAKEN_FOR_WALK = re.compile(r"\b(take|takes|taking)\s+((?:(?:my|our|the|his|her)\s+)?[A-Za-z]+)\s+for\s+"
                             r"(?:a|his|her|their)\s+walks?\b", re.IGNORECASE)
# running or hosting a club or a night is having it ("I run a book club on the first Monday of every
# month." was proposed `job: book club leader`, refused, and "When is my book club?" wore nothing, session 68)
# or teaching a class ("wednesdays i teach a drawing class at the community centre" kept `community centre:
# drawing class`, and "when do i teach my drawing class?" got "Your drawing class is on freelance
# illustrator.", session 69)
_RUN_GROUP = re.compile(r"\b(run|runs|running|host|hosts|hosting|lead|leads|leading|organi[sz]e|organi[sz]es"
                        r"|organi[sz]ing|teach|teaches|teaching)\s+(?=(?:a|an|the|our|my)\s+(?:[a-z]+\s+){0,2}"
                        r"(?:club|group|quiz|night|circle|meetup|class|classes|lessons?|workshop)\b)",
                        re.IGNORECASE)
_WALK_ASKED = re.compile(r"\bwalk\s+(?:(?:my|our|the)\s+)?(?!with\b)[\w']+(?=\s*\?)", re.IGNORECASE)


def as_done(text: str) -> str:
    """`text` with a pastime said by its own verb said as one goes to do ("I swim with Paula every
    Tuesday." -> "I go swimming with Paula every Tuesday.", "Who do I swim with?" -> "Who do I go
    swimming with?"), and hitting the gym as going to it; a verb with an object of its own ("I run a
    bakery", "I walk to work") is left."""
    text = re.sub(r"\b(hit|hits|hitting)\s+the\s+gym\b", lambda m: f"{_go(m.group(1))} to the gym", text)
    asks = _WHO_OR_WHEN.match(text) is not None
    text = _RUN_GROUP.sub(lambda m: _have(m.group(1)) + " ", text)
    text = _DOG_WALKED.sub(lambda m: f"{_go(m.group(1))} walking with {m.group(2)} dog", text)
    text = _TAKEN_FOR_WALK.sub(lambda m: f"{_go(m.group(1))} walking with {m.group(2)}", text)
    if asks:
        text = _WALK_ASKED.sub("go walking", text)

    def done(m: re.Match) -> str:
        rest = text[m.end():]
        if not (_WHEN_SAID_NEXT.match(rest) or asks and re.match(r"\s*\?", rest)):
            return m.group(0)
        if m.group("verb"):
            return f"{m.group('by')}go {_ALONE[m.group('verb')]}"
        return f"{m.group('by3')}goes {_ALONE[m.group('verbs')]}"
    return _DONE_ALONE.sub(done, text)


# When a thing is done, as a habit ("When do I play tennis?", "When do I visit my mum?"): an entry of
# when, where one is held, over one of the same thing's (`tennis partner: Clara` beside `tennis day:
# Sunday`, session 58); "When is my birthday?" or "When does my flight leave?" asks no habit
WHEN_ASKED = r"(?:when|(?:on )?(?:what|which) days?|(?:at )?what time)"  # how a question asks when
# what is held at set times, as classes are ("When are my pottery classes?"; "I go to Zumba classes" names
# no place gone to)
SESSIONS = r"(?:class|classes|lessons?|sessions?|practice|training)"
# or classes, lessons held ("When are my pottery classes?" wore `classes: pottery` beside `pottery classes
# day: Saturday afternoons`, and got "Your pottery.", session 65)
_HABIT_WHEN = re.compile(rf"^\s*{WHEN_ASKED} (?:(?:do|does) .+? (?:{DONE}|visit|see)"
                         rf"|(?:is|are) (?:my|our|\w+'s) (?:\w+ )*?{SESSIONS})\b", re.IGNORECASE)
# What a question's form asks for, as the kinds of fact that can answer it (session 43: "Where does Liam
# live?" wore `brother job: nurse`, the only entry about him, and got "Your brother Liam's city is
# nurse." while memory's segment said he lives in Dublin; "How old is my mother?" wore `mother city`).
_WHICH_PLACE = r"(which|what) (city|town|country|village|place)"  # asks for a place, as "where" does
RUNS = r"(?:run|own|manage)s?"  # what someone runs: a business ("What does my sister run?")
_STUDY_Q = re.compile(rf"^(?!.*\bwhere\b)(?!.*\b{_WHICH_PLACE}\b).*\bstud(y|ies|ying)\b", re.IGNORECASE)
# Sports a team is of ("I'm a big cricket fan, I support Lancashire." was proposed `football team:
# Lancashire`, and "Which team do I support?" got "Your favourite football team is Lancashire.", session 58)
SPORTS = frozenset({"football", "soccer", "cricket", "rugby", "basketball", "baseball", "hockey", "netball",
                     "volleyball", "handball", "tennis", "golf", "f1", "cycling"})
# The last words of a football club's name ("i'm a big fan of aston villa" was proposed `favourite film
# genre: aston villa`, and "which football team do i like?" got "... Manchester United team.", session 65)
CLUB = (r"(?i:united|city|villa|rovers|athletic|wanderers|albion|county|town|hotspur|rangers|fc|forest"
        r"|palace|orient|argyle|wednesday|celtic|hibernian|hibs|spurs|cf)")  # "valencia cf" (a new-user try)
# or the first words ("i'm a huge real madrid fan" was kept as `favourite music: real madrid`, session 66)
CLUB_FIRST = (r"(?i:real|atletico|atlético|sporting|inter|ac|bayern|borussia|olympique|dynamo|racing"
              r"|deportivo)")
CLUB_NAME = rf"(?:(?:[A-Za-z]+\s+){{0,2}}{CLUB}|{CLUB_FIRST}\s+[A-Za-z]+)"
# "What do I do on Saturdays?" asks a pastime; "I play the violin in a church choir on Sundays." wears
# what it did (a statement comes before its entry: made to wear none, smol said one sentence four times)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAYS = rf"({'|'.join(d.removesuffix('day') for d in WEEKDAYS)})days?"
# Being keen on something, as statements and questions say it ("he's crazy about football", "What is
# Sofie obsessed with?"): `profile_verbs` reads it as a hobby, a question of it asks a pastime
KEEN = r"(?:crazy|mad|nuts|wild|passionate) about|obsessed with"
_ASKS = (
    # a birthday asked ("When is my birthday?" with none kept wore `tennis day: Sunday`, whose letters it
    # shares, and smol said "Your birthday is Sunday.", session 58)
    (re.compile(r"\bhow old\b|\bbirthdays?\b|\bwhen was \w+ born\b", re.IGNORECASE), {"age"}),
    # or saved up for ("Where am I saving up to go?" wore `hometown: Leicester` beside `trip: Japan`,
    # session 70)
    (re.compile(r"\b(travel\w*|trips?|holidays?|vacation|journey)\b|\bwhere\b.*\b(going|heading|flying)\b"
                r"|\bsav(?:e|es|ing)\b(?:\s+up)?\s+to\s+go\b", re.IGNORECASE), {"trip"}),
    (re.compile(rf"\bwhere\b|\blives?\b(?!\s+with\b)|\b{_WHICH_PLACE}\b", re.IGNORECASE),
     {"place", "origin", "venue"}),
    # "Who do I live with?" asks whom, not where ("Your home city is Leeds.", session 63)
    # or shares a home with ("Who do I share a flat with?" wore nothing beside `housemate: Carmen`,
    # session 70)
    (re.compile(r"\bli(?:ve|ves|ving)\s+with\b|\bshar(?:e|es|ing)\s+(?:a|an|the|my|our)\s+(?:flat|house|home"
                r"|apartment|place)\s+with\b", re.IGNORECASE), {"household"}),
    # "How long have we been together?" wore nothing beside `relationship length: twelve years` (session 70)
    (re.compile(r"\bhow long\b.*\b(?:together|married|dating|a couple)\b", re.IGNORECASE), {"length"}),
    (re.compile(r"\bwork(s|ing)?\b(?! (for|at)\b)", re.IGNORECASE), {"job", "employer"}),
    (re.compile(r"\bwork(s|ing)? (for|at)\b|\bcompany\b|\bemploy(s|er)?\b|\bfirm\b|\bwho pays me\b"
                r"|\bpays? my (salary|wages)\b", re.IGNORECASE), {"employer"}),
    (re.compile(r"\bjobs?\b|\bfor a living\b|\boccupation\b|\bprofession\b|\bmy (?:trade|career)\b",
                re.IGNORECASE), {"job", "business"}),  # "what's my trade?" (session 61)
    # "What does she do?" asks her job (or the shop she runs), "What do I do for fun?" not
    (re.compile(rf"^(?!.*\b(fun|free|spare|weekends?|relax|evenings?|holidays?|{DAYS})\b)"
                r".*\bwhat (do|does|did)\b.*\bdo\b", re.IGNORECASE), {"job", "business"}),
    (re.compile(r"\b(for fun|free time|spare time|on (the )?weekends?|at (the )?weekends?|in the evenings?"
                rf"|to relax|hobby|hobbies|pastimes?|on {DAYS}(?=.*\?))\b"
                rf"|\binto\W*$|\b(?:{KEEN})\b|\bfan of\b",
                re.IGNORECASE), {"leisure"}),
    # "What does my husband run?" asks for the business he runs (session 50: "Your husband's name is Gareth."
    # with `partner business: coffee shop` held)
    (re.compile(rf"\bwhat (do|does|did)\b.*\b{RUNS}\b", re.IGNORECASE), {"business"}),
    # "What subject do I teach?" asks what the teaching is (`job: maths teacher`, or a `subject` entry),
    # not the school (session 48: "... the school subject is: secondary." with `school` worn)
    (re.compile(r"^(?!.*\bwhere\b).*\bteach(es|ing)?\b", re.IGNORECASE), {"job", "study"}),
    # "What do I study?" asks the subject (or a student's job), not where: "Which city do I study in?" a place
    (_STUDY_Q, {"study", "job"}),
    # "What's my bakery called?", "What is the name of my salon?": the business's entry, or its name's
    (re.compile(rf"^(?=.*\b(name|named|called)\b).*\bmy ({'|'.join(sorted(BUSINESSES))})\b", re.IGNORECASE),
     {"business"}),
)
# Where someone lives is not where they are from, and the other way round: a question that says one
# passes over the other's entries (an origin where it says "live"), and one that asks where someone is
# from takes an origin entry where the profile holds one (`fitting`).
# "Where do I work?" asks for a workplace or an employer, not the job itself (session 44: "Your employer is
# bus." with `job: bus driver` worn beside `employer: Arriva`), nor where someone is from; so does "Which
# city do I work in?" (session 45: "Your city is chemistry." with `job: chemistry teacher` worn).
_WHERE_WORK = re.compile(rf"\b(where|{_WHICH_PLACE})\b.*\bwork(s|ing|ed)?\b(?! out)", re.IGNORECASE)
# "What are my daughters called?", "What are my kids' names?": an entry of the children together, where the
# profile holds one, not the user's `name` (`fitting`)
_CHILDREN_Q = re.compile(r"^(?=.*\b(names?|named|called|who)\b)"
                         r".*\b(my|our) (children|kids|daughters|sons|twins)\b", re.IGNORECASE)
_LIVES_Q = re.compile(r"\b(live|lives|living|based|reside|resides|stay|staying|home)\b", re.IGNORECASE)
_FROM_Q = re.compile(r"\b(from|grow up|grew up|born|raised|originally|hometown)\b", re.IGNORECASE)

# A question that asks the name of something of the user's ("the name of my bakery", "my dog's name", "my
# salon called"), not the user's own: their `name` entry does not answer it (session 44).
# "our" as "my" ("What's our dog called?" wore `dog breed: shiba inu`, "What's our dog's name?" the user's
# `name`, session 65)
_NAME_OF = re.compile(r"\bname of (my|our)\b|\b(?:my|our)( \w+){1,2}'s (full |first )?name\b"
                      r"|\b(?:my|our)( \w+){1,2} (is )?(called|named)\b", re.IGNORECASE)


def kind(key: str) -> str | None:
    """The kind of fact a key holds (`KINDS`, by its last word; any key that names a business, "bakery
    name", is of that business; a thing done and "place", "singing place", where it is done), or None."""
    words = key.split()
    if BUSINESSES.intersection(words):
        return "business"
    if len(words) > 1 and words[-1] == "place":
        return "origin" if words[-2] == "birth" else "venue"
    # the country one comes from ("Where do I live?" wore `home country: Romania` beside `city: Dublin` for
    # "I come from Romania but now I live in Dublin." and got "Your city is Rome.", session 67)
    if len(words) > 1 and words[-1] == "country" and words[-2] in ("home", "native", "birth"):
        return "origin"
    return next((k for k, kinds in KINDS.items() if words and words[-1] in kinds), None)


@dataclass(frozen=True)
class _Asked:
    """What a question's form asks for, read once for all of a profile's keys."""

    forms: tuple[frozenset[str], ...]  # the kinds each part of its form (`_ASKS`) asks for
    liking: int  # -1 a dislike, 1 a favourite, 0 neither
    name_of: bool  # the name of something of the user's, not the user's own
    lives: bool  # where someone lives, not where they are from
    origin: bool  # where someone is from
    where_work: bool  # where someone works: a workplace or an employer
    children: bool  # the names of the user's children together
    study: bool  # what someone studies: a study entry, where one is held
    when: bool  # when something is done
    habit: bool  # when something is done as a habit: an entry of when, where one is held
    words: frozenset[str]  # its words, lower case: a venue's thing must be one of them

    @property
    def wanted(self) -> frozenset[str]:
        """The kinds of fact that can answer it; empty: any."""
        return frozenset().union(*self.forms)


def _asked(query: str) -> _Asked:
    origin = bool(_FROM_Q.search(query))
    return _Asked(tuple(frozenset(kinds) for pattern, kinds in _ASKS if pattern.search(query)),
                  question_liking(query), bool(_NAME_OF.search(query)),
                  bool(_LIVES_Q.search(query)) and not origin, origin, bool(_WHERE_WORK.search(query)),
                  bool(_CHILDREN_Q.search(query)), bool(_STUDY_Q.search(query)),
                  bool(_WHEN_SAID.search(query)), bool(_HABIT_WHEN.search(query)),
                  frozenset(re.findall(r"[a-z]+", query.lower())))


def names_nothing(query: str, values: tuple[str, ...] | list[str]) -> bool:
    """Whether the question asks the name of something of the user's ("What's the name of my bar?") and
    no value worn names anything (no word with a capital or a digit): `business: ramen bar` says what
    the bar is, not what it is called, so it does not settle the question; memory's segment, where the
    user said "a ramen bar called Noodle Lab", may (session 48)."""
    return bool(_NAME_OF.search(query)) and not any(re.search(r"\b[A-Z0-9]", v) for v in values)


def asked_kinds(query: str) -> frozenset[str]:
    """The kinds of fact a question's form asks for (empty: none in particular)."""
    return _asked(query).wanted


def fits(query: str, key: str) -> bool:
    """Whether an entry of this key can answer the question: a question whose form asks for a kind of
    fact ("Where ...?" a place, "How old ...?" an age, "What does she do?" a job) passes over entries of
    another known kind; any other question, or a key of no known kind, fits. Whatever the kinds, the
    user's own name does not answer for the name of something of theirs, a like not for a dislike (nor
    the other way round), where someone is from not where they live, and a job not where they work
    (session 44)."""
    return _fits(_asked(query), key)


def _fits(asked: _Asked, key: str) -> bool:
    k = kind(key)
    if asked.name_of and key in ("name", "full name", "first name"):
        return False
    if liking(key.split()) * asked.liking < 0:
        return False
    if (k == "origin" and asked.lives) or (k in ("job", "origin") and asked.where_work):
        return False
    if k == "when" and not asked.when:
        return False
    # where a thing is done (`singing place: church choir`) answers only a question of where that names
    # the thing, never where anyone lives, works or is from, nor whom it is done with ("who do i play darts
    # with?" wore `darts place: local pub` over `darts partner: Pete`, session 63)
    if k == "venue" and ("venue" not in asked.wanted or key.split()[-2] not in asked.words):
        return False
    return not asked.wanted or k in asked.wanted or k is None


def fitting(query: str, keys: list[str]) -> list[bool]:
    """`fits` for each of a profile's keys, stricter where the profile holds an entry of what is asked:
    then keys of no known kind do not fit either ("What's my restaurant called?" wore `disliked vegetable:
    aubergine` beside `business: Trattoria Sole`, session 44); a question about where someone is from
    takes their origin entry; one asking the names of the user's children their entry together
    (`children: Ana and Rita`, session 46); and a like or a dislike takes that side ("Which vegetable do
    I hate?" wore `business: Trattoria Sole` beside `disliked food: aubergine`, session 44)."""
    asked = _asked(query)
    ok = [_fits(asked, k) for k in keys]
    if asked.wanted:
        ok = _narrow(keys, ok, lambda k: kind(k) in asked.wanted, lambda k: kind(k) is not None)
    if asked.origin:
        ok = _narrow(keys, ok, lambda k: kind(k) == "origin")
    if asked.children:
        ok = _narrow(keys, ok, lambda k: kind(k) == "children")
    if "trip" in asked.wanted:  # where someone is going: a trip's entry, where one is held
        ok = _narrow(keys, ok, lambda k: kind(k) == "trip")
    if asked.habit:
        ok = _narrow(keys, ok, lambda k: kind(k) == "when")
    ok = _narrow(keys, ok, lambda k: kind(k) == "venue")  # fits only a where question naming its thing
    if asked.study:  # what someone studies: a study entry over a student's job
        ok = _narrow(keys, ok, lambda k: kind(k) == "study")
    if asked.liking:
        ok = _narrow(keys, ok, lambda k: liking(k.split()) == asked.liking)
    if re.search(r"\bhow many\b", query, re.IGNORECASE):  # a count, where one is held (session 70)
        grand = "grand" in query.lower()
        ok = _narrow(keys, ok, lambda k: k.split()[-1] == "number" and k.startswith("grand") == grand)
    return ok


def _narrow(keys: list[str], ok: list[bool], held, keep=None) -> list[bool]:
    """Where some fitting key is `held`, only the fitting keys `keep` passes (by default, `held`)."""
    if not any(held(k) for k, good in zip(keys, ok, strict=True) if good):
        return ok
    keep = keep or held
    return [good and keep(k) for k, good in zip(keys, ok, strict=True)]


def kind_picks(query: str, key: str, profile: dict[str, str]) -> bool:
    """Whether the question's form picks out the user's own entry `key` as a key said whole would: every
    part of the form that asks for a kind asks for the key's ("What do I do for work?" a job; "Where am I
    going next summer?" a trip as well as a place, so `city` does not settle it) and no other entry of
    the user's is of a kind it asks for and may answer it (`hometown` is of a place, but not where one
    lives). "What do I do for work?" wearing `job: accountant` (by the router's meaning, not its words)
    kept memory's segments on, and one whose reply said "hard work" made it "You work as a marketing
    specialist." (session 56)."""
    asked, k = _asked(query), kind(key)
    if k is None or not asked.forms or not all(k in kinds for kinds in asked.forms) or not _fits(asked, key):
        return False
    theirs = relations.others(profile)
    mine = [o for o in profile if o != key and o not in theirs]
    return not any(kind(o) in asked.wanted and _fits(asked, o) for o in mine)
