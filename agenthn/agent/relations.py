"""Profile questions about someone the user knows: which of that person's (or pet's) entries is asked.

The profile's entry retrieval (`retrieval.select_entries`: TF-IDF over the "key: value" lines, the
sentence router where nothing is shared) reads a question about a relative by its relation word, and
several entries share it: "What is my partner's job?" reached `partner age: 41` and "What does my
partner do?" `partner name: Sam`, the shortest line with the word. A question that names the person
("What does Sam do now?") said no "my" at all, so the profile was not worn and memory's older
segment answered "Sam works as a bus driver." after the profile had learned he is a plumber now
(session 40, `scripts/chat_serve.py`).

So a question that names a subject of the profile (the value of a `<subject> name` entry: "Sam") or says
"my <subject>" is read as about that subject: the name becomes "my partner", the subject's own entries
are the only candidates (its name entry left out when the question already said the name), the one
whose attribute ("job" of `partner job`) the question shares most is taken, and where it shares none
the one whose line makes the question likeliest to the base (`D2LModel.relevance`).

A question about the user themself reached their partner's entries too: the router took `partner job:
architect` over `job: pharmacist` for "What is my job?" and "What do I do for work?"
(`scripts/probe_profile_router.py`, set `kin`). So for a question that names no subject, the
subjects' entries (`others`) are taken only where TF-IDF finds no entry of the user's own, and never
by meaning: 11 of 12 right there against 9, the other two sets the same ("What's my boy's name?"
still reaches `son name`, through TF-IDF's "name").

The entry alone does not tell the model who the name is: with `partner job: plumber` worn, "What does
Sam do now?" got "Sam is a 3." and "What does my partner do now?" "Your partner is a plumber." (session
41). So a question that names a subject is asked with the name said as who they are, "What does my
partner Sam do now?" (`Subject.asked`; the turn reports `question_rewritten`): two words the profile
gives the prompt, where the rest of it stays in the adapter.

A relative needs no name entry to be a subject (session 42): a key that starts with a relation word
(`KIN`: "mother city", "older sister job") is about that person, so "Where do I live?" no longer wears
`mother city: Porto` over the user's own `city: Munich`, and "my mum" asks about `mother`. A subject's
name entry is a candidate only for a question that asks a name ("Where does my sister live?" had worn
`sister name: Ana`). `scripts/probe_profile_router.py` set `kin2`, written first: 7 -> 10 of 14.

What kind of fact a question's form asks for (`fits`, `fitting`), and whether a message is about its
writer at all (`about_user`) or asks for advice no stored fact answers (`asks_advice`), are read here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agenthn.agent.liking import liking, question_liking

NAME = " name"
# Who a profile's entries can be about besides the user: a key that starts with one of these ("mother
# city", "older sister job", "dog breed") is about that person or pet even with no `<subject> name` entry
# (session 42: "Where do I live?" wore `mother city: Porto` over the user's own `city: Munich`).
PEOPLE = frozenset({
    "mother", "father", "parents", "sister", "brother", "son", "daughter", "child", "children", "kids",
    "baby", "partner", "husband", "wife", "girlfriend", "boyfriend", "fiance", "fiancee", "friend",
    "grandmother", "grandfather", "grandma", "grandpa", "grandson", "granddaughter", "grandchild",
    "grandchildren", "grandkids", "aunt", "uncle", "cousin", "niece", "nephew", "stepmother", "stepfather",
    "stepson", "stepdaughter", "boss", "manager", "colleague", "flatmate", "housemate", "roommate",
    "neighbour", "landlord"})
PETS = frozenset({"dog", "cat", "puppy", "kitten", "hamster", "rabbit", "parrot", "tortoise", "turtle",
                  "horse", "pony", "budgie", "goldfish", "fish", "snake", "lizard", "ferret", "guinea"})
KIN = PEOPLE | PETS
# Words before a relation word that keep it a relation ("older sister job", "second dog breed"); any other
# ("favourite dog breed") makes the key the user's own.
_MODIFIERS = frozenset({"older", "younger", "little", "big", "eldest", "oldest", "youngest", "first",
                        "second", "third", "best", "twin", "ex", "late", "new", "old", "step"})
# What people call a relative the profile keys otherwise ("my mum" is the `mother` of `mother city`).
ALIASES = {"mum": "mother", "mom": "mother", "mummy": "mother", "dad": "father", "daddy": "father",
           "gran": "grandmother", "granny": "grandmother", "grandad": "grandfather", "hubby": "husband",
           # a pet by its young's name ("What is my puppy called?" with `dog name: Biscuit`, session 48)
           "puppy": "dog", "kitten": "cat", "kitty": "cat",
           # children together by another word ("How old are my twins?" with `children age: nine`, session 54)
           "twins": "children", "kids": "children", "grandkids": "grandchildren"}
# A question asking for a subject's name: only then is their name entry a candidate (session 42: "Where
# does my sister live?" wore `sister name: Ana`, the line the base found likeliest).
_ASKS_NAME = re.compile(r"\b(name|names|named|called|who)\b", re.IGNORECASE)

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
}
# What a question's form asks for, as the kinds of fact that can answer it (session 43: "Where does Liam
# live?" wore `brother job: nurse`, the only entry about him, and got "Your brother Liam's city is
# nurse." while memory's segment said he lives in Dublin; "How old is my mother?" wore `mother city`).
_WHICH_PLACE = r"(which|what) (city|town|country|village|place)"  # asks for a place, as "where" does
RUNS = r"(?:run|own|manage)s?"  # what someone runs: a business ("What does my sister run?")
_STUDY_Q = re.compile(rf"^(?!.*\bwhere\b)(?!.*\b{_WHICH_PLACE}\b).*\bstud(y|ies|ying)\b", re.IGNORECASE)
# "What do I do on Saturdays?" asks a pastime; "I play the violin in a church choir on Sundays." wears
# what it did (a statement comes before its entry: made to wear none, smol said one sentence four times)
_DAYS = r"(mon|tues|wednes|thurs|fri|satur|sun)days?"
# Being keen on something, as statements and questions say it ("he's crazy about football", "What is
# Sofie obsessed with?"): `profile_verbs` reads it as a hobby, a question of it asks a pastime
KEEN = r"(?:crazy|mad|nuts|wild|passionate) about|obsessed with"
_ASKS = (
    (re.compile(r"\bhow old\b", re.IGNORECASE), {"age"}),
    (re.compile(r"\b(travel\w*|trips?|holidays?|vacation|journey)\b|\bwhere\b.*\b(going|heading|flying)\b",
                re.IGNORECASE), {"trip"}),
    (re.compile(rf"\bwhere\b|\blives?\b|\b{_WHICH_PLACE}\b", re.IGNORECASE), {"place", "origin"}),
    (re.compile(r"\bwork(s|ing)?\b(?! (for|at)\b)", re.IGNORECASE), {"job", "employer"}),
    (re.compile(r"\bwork(s|ing)? (for|at)\b|\bcompany\b|\bemploy(s|er)?\b|\bfirm\b|\bwho pays me\b"
                r"|\bpays? my (salary|wages)\b", re.IGNORECASE), {"employer"}),
    (re.compile(r"\bjobs?\b|\bfor a living\b|\boccupation\b|\bprofession\b", re.IGNORECASE),
     {"job", "business"}),
    # "What does she do?" asks her job (or the shop she runs), "What do I do for fun?" not
    (re.compile(rf"^(?!.*\b(fun|free|spare|weekends?|relax|evenings?|holidays?|{_DAYS})\b)"
                r".*\bwhat (do|does|did)\b.*\bdo\b", re.IGNORECASE), {"job", "business"}),
    (re.compile(r"\b(for fun|free time|spare time|on (the )?weekends?|at (the )?weekends?|in the evenings?"
                rf"|to relax|hobby|hobbies|pastimes?|on {_DAYS}(?=.*\?))\b"
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
_NAME_OF = re.compile(r"\bname of (my|our)\b|\bmy( \w+){1,2}'s (full |first )?name\b"
                      r"|\bmy( \w+){1,2} (is )?(called|named)\b", re.IGNORECASE)


def kind(key: str) -> str | None:
    """The kind of fact a key holds (`KINDS`, by its last word; any key that names a business, "bakery
    name", is of that business), or None."""
    words = key.split()
    if BUSINESSES.intersection(words):
        return "business"
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

    @property
    def wanted(self) -> frozenset[str]:
        """The kinds of fact that can answer it; empty: any."""
        return frozenset().union(*self.forms)


def _asked(query: str) -> _Asked:
    origin = bool(_FROM_Q.search(query))
    return _Asked(tuple(frozenset(kinds) for pattern, kinds in _ASKS if pattern.search(query)),
                  question_liking(query), bool(_NAME_OF.search(query)),
                  bool(_LIVES_Q.search(query)) and not origin, origin, bool(_WHERE_WORK.search(query)),
                  bool(_CHILDREN_Q.search(query)), bool(_STUDY_Q.search(query)))


def names_nothing(query: str, values: tuple[str, ...] | list[str]) -> bool:
    """Whether the question asks the name of something of the user's ("What's the name of my bar?") and
    no value worn names anything (no word with a capital or a digit): `business: ramen bar` says what
    the bar is, not what it is called, so it does not settle the question; memory's segment, where the
    user said "a ramen bar called Noodle Lab", may (session 48)."""
    return bool(_NAME_OF.search(query)) and not any(re.search(r"\b[A-Z0-9]", v) for v in values)


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
    if asked.study:  # what someone studies: a study entry over a student's job
        ok = _narrow(keys, ok, lambda k: kind(k) == "study")
    if asked.liking:
        ok = _narrow(keys, ok, lambda k: liking(k.split()) == asked.liking)
    return ok


def _narrow(keys: list[str], ok: list[bool], held, keep=None) -> list[bool]:
    """Where some fitting key is `held`, only the fitting keys `keep` passes (by default, `held`)."""
    if not any(held(k) for k, good in zip(keys, ok, strict=True) if good):
        return ok
    keep = keep or held
    return [good and keep(k) for k, good in zip(keys, ok, strict=True)]


@dataclass
class Subject:
    """A person or pet the question is about: the query with their name said as "my <subject>", and the
    keys of the entries it may ask about; `asked`, for a question that named them, the question as the
    model is asked it, the name said with who they are ("What does my partner Sam do now?")."""

    query: str
    subject: str
    keys: list[str]
    asked: str | None = None


def subjects(profile: dict[str, str]) -> list[str]:
    """People and pets the profile names ("partner" for `partner name`) or keys by a relation word
    ("mother" for `mother city`, "older sister" for `older sister job`), longest first ("second dog"
    before "dog"). The user's own `name` is not a subject."""
    found = {k[: -len(NAME)] for k in profile if k.endswith(NAME) and k != "name"}
    found |= {s for s in map(_kin_prefix, profile) if s}
    return sorted(found, key=lambda s: (-len(s), s))


def _kin_prefix(key: str) -> str | None:
    """The relation a key starts with, one or two words ("older sister" of `older sister job`), or None;
    a key that is the relation word alone (`sister: Ana`, `cat: yes`) says nothing of whose it is."""
    words = key.split()
    if len(words) > 2 and words[0] in _MODIFIERS and words[1] in KIN:
        return " ".join(words[:2])
    return words[0] if len(words) > 1 and words[0] in KIN else None


def _mine(subject: str, query: str) -> bool:
    """Whether the question says "my <subject>", or "my mum" for "mother", or any partner word for
    "partner" (the proposer's word for them: "What does my husband run?" with `partner business: coffee
    shop` kept had worn nothing of his, session 50)."""
    forms = [subject] + [a for a, to in ALIASES.items() if to == subject]
    forms += sorted(PARTNERS) if subject == "partner" else []
    return any(re.search(rf"\bmy {re.escape(f)}\b", query, re.IGNORECASE) for f in forms)


def said_word(word: str, text: str) -> re.Match | None:
    """Where `word` is said in `text` as a whole word (not inside "Ana-Maria"), or None."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE)


def _pet_asked(subject: str, query: str, profile: dict[str, str]) -> bool:
    """Whether the question asks of a "pet" where `subject` is the one pet the profile holds ("What kind of
    pet do I have?" with `parrot name: Kiwi` wore `job: vet` and got "You keep a vet.", session 55): its
    name entry answers, as "Your parrot's name is Kiwi." says which pet."""
    pets = {s for s in subjects(profile) if s.split()[-1] in PETS}
    return pets == {subject} and re.search(r"\bpets?\b", query, re.IGNORECASE) is not None


def about_subject(query: str, profile: dict[str, str]) -> Subject | None:
    """The subject a question names or says "my <subject>" of (or "pet" of the one pet held), when the
    profile has more than one entry for it to choose from; None otherwise (the usual retrieval then
    applies)."""
    for s in subjects(profile):
        name = profile.get(s + NAME, "")
        named = len(name) > 1 and said_word(name, query) is not None
        pet = not named and _pet_asked(s, query, profile)
        if not named and not pet and not _mine(s, query):
            continue
        keys = [k for k in profile if k == s or k.startswith(s + " ")]
        asked = None
        if not named and not pet and not _ASKS_NAME.search(query):
            keys = [k for k in keys if k not in (s, s + NAME)]
        if named:
            keys = [k for k in keys if k != s + NAME]
            m = said_word(name, query)
            if not re.search(rf"\bmy {re.escape(s)}\W*$", query[: m.start()], re.IGNORECASE):
                asked = f"{query[: m.start()]}my {s} {query[m.start():]}"
            query = f"{query[: m.start()]}my {s}{query[m.end():]}"
        return Subject(query, s, keys, asked) if keys else None
    return None


# Relatives together: "my children" may be asked of a profile that keys them one by one
_GROUPS = frozenset({"children", "kids", "parents", "grandchildren", "grandkids"})
# Words for one's partner: a profile keeps any of them as `partner ...` (the proposer's choice) or its own
PARTNERS = frozenset({"partner", "husband", "wife", "girlfriend", "boyfriend", "fiance", "fiancee"})


def unheld_subject(query: str, profile: dict[str, str]) -> bool:
    """Whether the question asks about "my <someone>" (a relation word of `KIN`, one person or pet) of
    whom the profile holds nothing: no key says that word (any partner word for a partner). No entry
    answers it then, and another's is worse than none: "What's my boyfriend's name?", with no partner
    kept, wore `sister name: Chloe` and got "Chloe" (session 48). Only a question: a turn that tells of
    someone new ("My husband Gareth is a firefighter.") comes before their entries do, and without its
    entries the reply was the base's "I'm sorry for your loss, but as a chatbot ..." (a scratch run).
    Their name alone counts as nothing for a question that does not ask a name: "What does my
    granddaughter study?", with only `granddaughter name: Ama` kept, wore it and got "Your granddaughter's
    subject is Ama." (session 49), where memory's segment had said "law"."""
    if not query.rstrip().endswith("?"):
        return False
    said = {ALIASES.get(w.lower(), w.lower()) for w in re.findall(r"\bmy (\w+)", query, re.IGNORECASE)}
    said = {w for w in said if w in KIN and w not in _GROUPS}
    if not said:
        return False
    asks_name = bool(_ASKS_NAME.search(query))
    words = {w for k in profile if asks_name or not k.endswith(NAME) for w in k.split()}
    return not any(w in words or (w in PARTNERS and words & PARTNERS) for w in said)


def others(profile: dict[str, str]) -> set[str]:
    """The keys about people and pets the profile names (their `<subject> name` and `<subject> ...`
    entries), not about the user."""
    subs = subjects(profile)
    return {k for k in profile if any(k == s + NAME or k.startswith(s + " ") for s in subs)}


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
    theirs = others(profile)
    mine = [o for o in profile if o != key and o not in theirs]
    return not any(kind(o) in asked.wanted and _fits(asked, o) for o in mine)


def attribute(key: str, subject: str) -> str:
    """What a subject's entry is about: "job" of `partner job`, the subject itself for its own key."""
    return key[len(subject):].strip() or subject
