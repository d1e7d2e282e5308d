"""How a question is asked of the model where the profile entry it wears has a key the question does
not say: "What does my sister run?" wearing `sister business: bookshop` as "What is my sister's
business?" (`kind_asked`). smol answers a question asked by the worn entry's key ("Your sister's business
is a bookshop.") far better than one asked by a verb it has no entry word for; each form below names
the session whose chat showed the need. `profile_pick` decides what is worn; this module only rewords.
"""

from __future__ import annotations

import re

from agenthn.agent import kinds, profile_verbs, relations
from agenthn.agent.liking import liking
from agenthn.agent.profile_values import says_how_long

_DOES_Q = re.compile(rf"^\s*what (?:do|does|did) (?P<who>.+?) (?P<verb>{kinds.RUNS}|do|stud(?:y|ies))\b",
                     re.IGNORECASE)
_WHERE_WORK_Q = re.compile(r"^\s*where (?P<do>do|does) (?P<who>.+?) work\W*$", re.IGNORECASE)
# "Which team do I support?" wearing `cricket team: Lancashire` got "Your favourite football team is
# Lancashire." (session 58): asked with the key's sport, "Your favourite cricket team is Lancashire."
# or likes, follows ("which football team do i like?", session 65)
_TEAM_Q = re.compile(r"^\s*(?:which|what) (?:football |soccer )?team (?P<do>do|does) (?P<who>.+?) "
                     r"(?:support|like|follow|love)\W*$", re.IGNORECASE)
# "What class do I take on Wednesdays?" wearing `hobby: pottery` got "Holiday week at your university is
# the pot." (session 58): asked by the key, "Your hobby is pottery."
_ON_DAY_Q = re.compile(rf"^\s*what(?: \w+)? (?:do|does) (?P<who>.+?) \w+ on {kinds.DAYS}\W*$", re.IGNORECASE)
# "Who employs me?" wearing `employer: Arriva` got "Arlo is the employer." (session 44): asked as "Who is
# my employer?", as "Where do I work?" is answered ("Your employer is Arriva.")
_EMPLOYS_Q = re.compile(r"^\s*who (?:employs|pays) (?P<who>me|my \w+|[A-Z][a-z]+)\W*$", re.IGNORECASE)
# "What do I cook for a living?" wearing `job: chef` got "You cook all meals for the family." (session 47):
# asked as "What is my job?"
_LIVING_Q = re.compile(r"^\s*what (?:do|does|did) (?P<who>.+?) (?!do\b)\w+ for a living\W*$", re.IGNORECASE)
# so too a job asked of the past whose value says it is over ("What did I do for work?" wearing `job:
# retired teacher` got "You worked as a reputed.", session 64, where "What is my job?" gets "You are a
# retired teacher."); a job held ("firefighter") is said in the past as asked ("You worked as a ...")
_DID_WORK_Q = re.compile(r"^\s*what did (?P<who>.+?) (?:do for (?:work|a living)|work as)\W*$", re.IGNORECASE)
# "where is jia from?" wearing `roommate hometown: Shanghai` got "Your roommate's name is Shanghai." (session
# 64): someone else's origin asked by the key ("Where am I from?" gets "Your hometown is Accra." as asked)
_FROM_Q = re.compile(r"^\s*where (?:is|are|was|were) (?P<who>.+?) (?:originally )?from\W*$", re.IGNORECASE)
_OVER = re.compile(r"^(?:retired|former|ex)\b", re.IGNORECASE)
# "what do i hate?" wearing `disliked food: coriander` got "Your passion is coriander." (session 64): asked
# by the key, "What is my disliked food?"
# ("what can't i stand?" got "This is the biggest one.", session 65)
_HATE_Q = re.compile(r"^\s*what (?:(?:do|does) (?P<who>.+?) (?:hate|dislike|detest|loathe|can't stand)"
                     r"|(?:can't|cannot|can not) (?P<who_not>.+?) stand)\W*$", re.IGNORECASE)
# "What is Kemi's job?", "What's my wife's job?" wearing their job: smol says "Being a midwife.", "Being a
# 4." for `wife job: teacher` (session 57), where "What does my wife do?" gets "Your wife is a teacher."
# (four relatives' jobs of four so, one of four asked by the job); asked so
_JOB_OF_Q = re.compile(r"^\s*what(?:'s| is| (?P<was>was)) (?P<who>.+?)'s (?:job|occupation|profession)\W*$",
                       re.IGNORECASE)
# "Where are we going in May?" wearing `holiday: Lisbon` got "We should be in Portugal by next June."
# (session 57): a trip asked by its key ("Your holiday is Lisbon."), "we" as the user's own
_GOING_Q = re.compile(r"^\s*where (?:am|are) (?P<who>I|we) (?:going|heading|flying|travell?ing"
                      r"|saving(?: up)? to go)\b",
                      re.IGNORECASE)
# "What do I collect?", "What subject does Karin teach?", "What am I training for?": a verb whose object
# `profile_verbs` keeps under a key of its own
VERB_Q = re.compile(rf"^\s*(?:what|which)(?: \w+)? (?:do|does|did|am|is|are) (?P<who>.+?) "
                     rf"(?:(?:love|like|enjoy)s? )?(?P<verb>{'|'.join(profile_verbs.VERB_KEYS)})(?:ing)?\b",
                     re.IGNORECASE)


def kind_asked(query: str, key: str, subject: str | None = None, value: str = "") -> str | None:
    """A question asking what someone runs or does, where the entry it wears is a business, what someone
    studies, where it is a study entry, or where they work, where it is a place, as the model is to be
    asked it: "What does my sister run?" as "What is my sister's business?", "What do I study?" (wearing
    `degree subject`) as "What is my degree subject?". Asked as it came, smol wearing `sister business:
    bookshop` said "Your sister's a business owner." and wearing `partner business: coffee shop` "Your
    husband is a 17."; asked this way, "... business is a bookshop." and "Your husband owns a coffee
    shop." (session 50); "What do I study?" got "Your university is mechanical." (session 51); "Where do I
    work?" wearing a place (`city: Leeds`) as "Which city do I work in?" ("Your employer is the Leeds."
    asked as it came, "Your city is Leeds." so; session 52); session 53: a question asked by a verb whose
    object `profile_verbs` keys ("What do I collect?" as "What is my collection?"), what one does "for a
    living" by the job, and who employs someone by the employer (`_ASKED_AS`); session 54: what someone
    is keen on by a hobby, how long by an entry whose `value` says how long; session 57: a relative's job
    asked by the job as what they do, where the user is going by the trip's key; session 64: a job over
    asked of the past by the job. `subject`: whose entry it is (`partner` of `partner business`). None
    for any other question or entry."""
    what = relations.attribute(key, subject) if subject else key
    k = kinds.kind(key)
    how_long, did = _HOW_LONG_Q.match(query), _DID_WORK_Q.match(query)
    if how_long and (says_how_long(value) or k == "length"):
        return _of(how_long.group("who"), what)
    if did and k == "job" and _OVER.match(value):
        return _of(did.group("who"), what)
    for pattern, fits, ask in _ASKED_AS:
        m = pattern.match(query)
        if m and fits(m, k, what):
            return ask(m, k, what)
    return None


def _of(who: str, what: str, asks: str = "What is") -> str:
    """"What is my job?" of "I" or "me", "What is my dad's job?" of "my dad", "What is my parents' visit?"
    of "my parents" (session 58 asked "my parents's visit", and smol said "Your parents visit me ...")."""
    if who.lower() in ("i", "me", "we", "us"):  # "how long have we been together?": the user's (session 70)
        return f"{asks} my {what}?"
    plural = who.endswith("s") and not who.endswith("ss") and who.split()[0].lower() in ("my", "our")
    mark = "'" if plural else "'s"
    return f"{asks} {who}{mark} {what}?"


# "What sport does Mateo love?", "What is he into?": what someone is keen on, where the entry worn is a
# `hobby` (`profile_verbs.FALLBACK`); wearing `son hobby: football`, "What is Mateo crazy about?" got
# "Mateo's favourite thing is a-son." (session 54), asked by the key "Mateo's hobby is football."
_KEEN_Q = re.compile(r"^\s*(?:what|which)(?: \w+)? (?:do|does|did|am|is|are) (?P<who>.+?) (?:loves?|likes?"
                     rf"|enjoys?|into|{kinds.KEEN}|an? (?:big )?fan of)\W*$", re.IGNORECASE)

# "Which food do I have to avoid?" wearing `allergy: milk` got "Your favourite food is milk." and, with
# memory's segment beside it, "Your favourite food is Indian." (session 55); asked by the key "Your allergy
# is milk."
_AVOID_Q = re.compile(r"^\s*(?:what|which)(?: \w+)? (?:do|does|should|must) (?P<who>.+?) (?:(?:have|has|need|"
                      r"needs) to )?avoid\b", re.IGNORECASE)
_AVOIDED = frozenset({"allergy", "allergies", "restriction", "restrictions"})

# "How long have I been vegetarian?" wearing `diet: vegetarian for ten years` (`profile_values`) got "I've
# been vegetarian for vegetarian vegetarian for years." (session 54); asked by the key "... ten years."
_HOW_LONG_Q = re.compile(r"^\s*how long (?:have|has) (?P<who>.+?) been\b", re.IGNORECASE)


# "When do I play volleyball?", "What day does my son go swimming?" wearing `volleyball day: Sunday`
# (`profile_verbs`): asked as it came, smol said "volleyball is for the boys." (session 56), asked by the
# key "Your volleyball day is Sunday."; the same for a time worn (`running time: before work`). Asked
# "Which day is my yoga day?" (session 60, `scripts/day_question_grid.py`): 72 of 72 on a grid of 8 things
# against 69 ("Yesterday, you practised yoga." three times), but dancing 4 of 6 against 6 ("Dancing is
# always on a ddd.") and s58e's dancing question lost: no form better, this one kept
_WHEN_Q = re.compile(rf"^\s*{kinds.WHEN_ASKED} (?:do|does|did) "
                     rf"(?P<who>.+?) {kinds.DONE}\b", re.IGNORECASE)


# "When do I visit my mum?" wearing `mother visit: every December` (`profile_when.visit_lines`): asked as
# it came, smol said "Your mother's date is December." (session 58), asked by the key "Your mother's visit
# is every December."
_VISIT_Q = re.compile(r"^\s*when do (?:I|we) (?:visit|see|go (?:and |to )?see) (?P<who>.+?)\W*$",
                      re.IGNORECASE)


# "Who do I go hiking with?" wearing `hiking partner: Rana` got "Your friend is joining you." (session 58's
# held-out chat), where "Who is my hiking partner?" got "Your hiking partner's name is Rana."
_WITH_Q = re.compile(rf"^\s*who (?:do|does|did) (?P<who>.+?) {kinds.DONE}\b.*\bwith\W*$", re.IGNORECASE)

# "What am I trying to quit?" wearing `quitting: coffee` got "You are planning a trip to the countryside."
# and "What am I trying to give up?" "You are planning a new coffee." (session 60); asked by the key
# "Your quitting is coffee."
_QUIT_Q = re.compile(r"^\s*what (?:am|is|are) (?P<who>.+?) (?:trying to |going to |about to )?(?:quit|give up"
                     r"|stop|(?:cut|cutting) (?:down|back) on|quitting|giving up)\W*$", re.IGNORECASE)


# "Where do I volunteer?" (as "Where do I go volunteering?") wearing `volunteering place: food bank` (session
# 63): asked by the key
_WHERE_DONE_Q = re.compile(rf"^\s*where (?:do|does|did) (?P<who>.+?) {kinds.DONE}\b", re.IGNORECASE)
# "What am I learning?" wearing `instrument: drums` got "You take the new 5th in music." (session 63):
# asked by the key, whatever it is
_LEARNING_Q = re.compile(r"^\s*what (?:am|is|are) (?P<who>.+?) learning\W*$", re.IGNORECASE)
# "Who do I live with?" wearing `housemate: Anjali` got "Your home city is a little Italy." (session 63)
_LIVE_WITH_Q = re.compile(r"^\s*who (?:do|does) (?P<who>.+?) (?:live|share (?:a|an|the|my|our) \w+) with\W*$",
                          re.IGNORECASE)


def _partner_in(query: str, w: str) -> bool:
    """Whether `w` is whom the thing the question names is done with (`hiking partner` for "Who do I go
    hiking with?", not for "Who do I play tennis with?")."""
    thing = w.removesuffix(" partner")
    return thing != w and relations.said_word(thing, query) is not None


def verb_key(m: re.Match) -> str:
    return profile_verbs.VERB_KEYS[m.group("verb").lower()]


def _by_verb(m: re.Match, w: str) -> bool:
    """Whether the entry worn (about `w`) is what the question's verb asks: its key, or for a key of two
    words one of the same last word the model gave the fact (`financial goal: motorbike` for "What am I
    saving up for?"; `favourite school subject` is no `subject` one teaches)."""
    key = verb_key(m)
    return w == key or " " in key and w.split()[-1] == key.split()[-1]


# "What race do I run in September?" wearing `race: glasgow half marathon` got "Your race title is glasgow.",
# and "What race do I run every January?" "Your race year is marathon.", where "What is my race?" got the
# whole race (session 69, `scripts/question_forms/key_word.json`: eight profiles, the other six forms, with
# nothing or a verb's word after the verb, right either way): asked by the key where when or where follows
_KEY_WORD_Q = re.compile(r"^\s*what (?P<k>[a-z]+) (?:do|does|did) (?P<who>I|we|my [a-z]+|(?-i:[A-Z])[a-z]+) "
                         r"[a-z]+ (?:in|every|each|on|at|this|next) \w+(?: \w+)?\W*$", re.IGNORECASE)

# "what animals do we keep?" wearing `animals: sheep and chickens` (the user's and their wife's) got "We house
# all pets, including a heron, ...", and "What are my animals?" "You feed your pets sheep and a few
# chickens." (session 70): the user's entry the question's word names, asked as the user's
_OURS_Q = re.compile(r"^\s*what (?P<k>[a-z]+) (?:do|did) we [a-z]+(?: [a-z]+)?\W*$", re.IGNORECASE)

# "When does my daughter Elsa start school?" wearing `daughter school start: this August` got "Your daughter
# Elsa is school- aged.", and without her name "Your daughter's school is August." (session 70)
_START_Q = re.compile(r"^\s*when (?P<do>do|does|will) (?P<who>.+?) (?:start|begin) (?P<t>[a-z]+)\W*$",
                      re.IGNORECASE)


def _start_asked(m: re.Match) -> str:
    who = re.sub(r"(?<=\w) (?-i:[A-Z])[a-z]+$", "", m.group("who"))  # "my daughter Elsa": "my daughter"
    return f"When {m.group('do')} {who} start {m.group('t')}?"


def _studies(m: re.Match, k: str | None) -> bool:
    """A business asked by "run" or "do", a study entry by "study"."""
    return k in ("business", "study") and (k == "study") == m.group("verb").lower().startswith("stud")


# (question form, whether the entry worn fits it (match, kind, what the entry is about), the question so)
_ASKED_AS = (
    # wearing `collection: old vinyl records`, "What do I collect?" got "You collect a variety of stamps."
    # (session 53): the base's own guess, where the question never says the key. A job worn for a teach
    # question is asked as it came: as "What is my job?", "What instrument do I teach?" wearing `job:
    # violin teacher` got "You work as a nurse." (the brother's), and "What does Tiago teach?" "Tiago's
    # job is a little job."
    (VERB_Q, lambda m, k, w: _by_verb(m, w),
     lambda m, k, w: _of(m.group("who"), w, "What are" if w.endswith("s") else "What is")),
    (_KEEN_Q, lambda m, k, w: w in profile_verbs.FALLBACK, lambda m, k, w: _of(m.group("who"), w)),
    (_AVOID_Q, lambda m, k, w: w.split()[-1] in _AVOIDED, lambda m, k, w: _of(m.group("who"), w)),
    (_WHEN_Q, lambda m, k, w: w.endswith((" day", " time")), lambda m, k, w: _of(m.group("who"), w)),
    (_VISIT_Q, lambda m, k, w: w == "visit", lambda m, k, w: _of(m.group("who"), w)),
    (_QUIT_Q, lambda m, k, w: w == "quitting", lambda m, k, w: _of(m.group("who"), w)),
    (_WITH_Q, lambda m, k, w: _partner_in(m.string, w), lambda m, k, w: _of(m.group("who"), w, "Who is")),
    (_WHERE_DONE_Q, lambda m, k, w: k == "venue", lambda m, k, w: _of(m.group("who"), w)),
    (_LEARNING_Q, lambda m, k, w: True, lambda m, k, w: _of(m.group("who"), w)),
    (_LIVE_WITH_Q, lambda m, k, w: k == "household", lambda m, k, w: _of(m.group("who"), w, "Who is")),
    (_LIVING_Q, lambda m, k, w: k == "job", lambda m, k, w: _of(m.group("who"), w)),
    (_FROM_Q, lambda m, k, w: k == "origin" and m.group("who").lower() not in ("i", "we"),
     lambda m, k, w: _of(m.group("who"), w)),
    (_HATE_Q, lambda m, k, w: liking(w.split()) < 0,
     lambda m, k, w: _of(m.group("who") or m.group("who_not"), w)),
    (_GOING_Q, lambda m, k, w: k == "trip", lambda m, k, w: _of("I", w)),
    (_JOB_OF_Q, lambda m, k, w: k == "job",
     lambda m, k, w: f"What {'did' if m.group('was') else 'does'} {m.group('who')} do?"),
    (_EMPLOYS_Q, lambda m, k, w: k == "employer", lambda m, k, w: _of(m.group("who"), w, "Who is")),
    (_ON_DAY_Q, lambda m, k, w: k == "leisure", lambda m, k, w: _of(m.group("who"), w)),
    (_TEAM_Q, lambda m, k, w: w.endswith(" team"),
     lambda m, k, w: f"Which {w} {m.group('do')} {m.group('who')} support?"),
    # "Where do I work?" wearing `city: Leeds` got "Your employer is the Leeds."
    (_WHERE_WORK_Q, lambda m, k, w: k == "place",
     lambda m, k, w: f"Which {w} {m.group('do')} {m.group('who')} work in?"),
    # a degree subject asked by the degree: "What is my degree subject?" got "Your question." wearing
    # `degree subject: comp sci` and `... history`, where "What is my degree?" got "Your degree is comp sci."
    # (5 of 5 values, 3 of 5 asked by the key; session 68)
    (_DOES_Q, lambda m, k, w: _studies(m, k), lambda m, k, w: _of(m.group("who"), _done_word(k, w))),
    (_KEY_WORD_Q, lambda m, k, w: w == m.group("k").lower(), lambda m, k, w: _of(m.group("who"), w)),
    (_START_Q, lambda m, k, w: w == f"{m.group('t').lower()} start", lambda m, k, w: _start_asked(m)),
    (_OURS_Q, lambda m, k, w: w == m.group("k").lower(),
     lambda m, k, w: _of("I", w, "What are" if w.endswith("s") else "What is")),
)


def _done_word(k: str, w: str) -> str:
    """What a question of what someone runs or studies is asked by: the business, the degree of a `degree
    subject`, else the entry's own words."""
    return "business" if k == "business" else w.removesuffix(" subject") if w.startswith("degree ") else w
