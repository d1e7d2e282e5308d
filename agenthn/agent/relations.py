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

What kind of fact a question's form asks for, and whether an entry of a key may answer it, is
`agent.kinds`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
# A breed's word, for the pet it is of ("got a pitbull named tank": a dog's name, session 61)
_DOG_BREEDS = ("labrador", "lab", "retriever", "poodle", "beagle", "terrier", "spaniel", "collie", "husky",
               "bulldog", "dachshund", "sausage", "chihuahua", "pug", "corgi", "greyhound", "whippet",
               "shepherd", "alsatian", "rottweiler", "boxer", "pitbull", "doberman", "labradoodle",
               "cockapoo", "schnauzer", "dalmatian", "mastiff", "setter", "sheepdog", "lurcher", "puppy",
               # a breed of two words by its last ("a shiba inu called Mochi" kept no dog, and "What's our
               # dog called?" got "Your dog's name is Yuki.", session 65)
               "inu", "akita", "pomeranian", "cavapoo", "samoyed", "vizsla", "weimaraner", "tzu", "frise",
               "springer", "pointer", "hound", "staffie", "westie", "yorkie", "malamute", "maltipoo",
               "staffy", "frenchie", "cocker", "russell")  # "we've got a staffy called tyson" (session 70)
_CAT_BREEDS = ("tabby", "siamese", "persian", "ragdoll", "bengal", "sphynx", "moggy", "kitten", "coon",
               "shorthair", "burmese", "birman", "abyssinian")
BREEDS = {**dict.fromkeys(_DOG_BREEDS, "dog"), **dict.fromkeys(_CAT_BREEDS, "cat")}
# Words before a relation word that keep it a relation ("older sister job", "second dog breed"); any other
# ("favourite dog breed") makes the key the user's own.
MODIFIERS = frozenset({"older", "younger", "little", "big", "eldest", "oldest", "youngest", "first",
                        "second", "third", "best", "twin", "ex", "late", "new", "old", "step"})
# What people call a relative the profile keys otherwise ("my mum" is the `mother` of `mother city`).
ALIASES = {"mum": "mother", "mom": "mother", "mummy": "mother", "dad": "father", "daddy": "father",
           "gran": "grandmother", "granny": "grandmother", "grandad": "grandfather", "hubby": "husband",
           # as texted ("my gf is called nia" was kept as `gf name: Nia`, and "what's my girlfriend called?"
           # got "Your girlfriend's name is iak.", session 67); "my lad" a dad's son, "the missus" a wife
           "gf": "girlfriend", "bf": "boyfriend", "missus": "wife", "missis": "wife", "lad": "son",
           # a pet by its young's name ("What is my puppy called?" with `dog name: Biscuit`, session 48)
           "puppy": "dog", "kitten": "cat", "kitty": "cat",
           # a friend by the everyday word ("i go running with my mate dan" kept `flatmate name: Dan` and no
           # running partner, session 60)
           "mate": "friend", "pal": "friend", "buddy": "friend",
           # children together by another word ("How old are my twins?" with `children age: nine`, session 54)
           "twins": "children", "kids": "children", "grandkids": "grandchildren"}
# A question asking for a subject's name: only then is their name entry a candidate (session 42: "Where
# does my sister live?" wore `sister name: Ana`, the line the base found likeliest).
_WHO_IS = re.compile(r"^\W*who(?:'s| is| are) (?:my|our) ", re.IGNORECASE)
_ASKS_NAME = re.compile(r"\b(name|names|named|called|who)\b", re.IGNORECASE)

@dataclass
class Subject:
    """A person or pet the question is about: the query with their name said as "my <subject>", and the
    keys of the entries it may ask about; `asked`, for a question that named them, the question as the
    model is asked it, the name said with who they are ("What does my partner Sam do now?")."""

    query: str
    subject: str
    keys: list[str]
    asked: str | None = None


def members(profile: dict[str, str]) -> set[str]:
    """The names held together under a group's key, in lower case as keys write them (`children: Marek
    and Zofia`: "marek", "zofia")."""
    return {n.lower() for k, v in profile.items() if k in _GROUPS for n in re.findall(r"\b[A-Z][\w'-]+", v)}


def subjects(profile: dict[str, str]) -> list[str]:
    """People and pets the profile names ("partner" for `partner name`) or keys by a relation word
    ("mother" for `mother city`, "older sister" for `older sister job`) or by a name of a group's
    (`zofia age` beside `children: Marek and Zofia`), longest first ("second dog" before "dog"). The
    user's own `name` is not a subject."""
    found = {k[: -len(NAME)] for k in profile if k.endswith(NAME) and k != "name"}
    found |= {s for s in map(_kin_prefix, profile) if s}
    group = members(profile)
    found |= {k.split()[0] for k in profile if len(k.split()) > 1 and k.split()[0] in group}
    return sorted(found, key=lambda s: (-len(s), s))


def _kin_prefix(key: str) -> str | None:
    """The relation a key starts with, one or two words ("older sister" of `older sister job`), or None;
    a key that is the relation word alone (`sister: Ana`, `cat: yes`) says nothing of whose it is."""
    words = key.split()
    if len(words) > 2 and words[0] in MODIFIERS and words[1] in KIN:
        return " ".join(words[:2])
    return words[0] if len(words) > 1 and words[0] in KIN else None


def _mine(subject: str, query: str) -> bool:
    """Whether the question says "my <subject>", or "my mum" for "mother", or any partner word for
    "partner" (the proposer's word for them: "What does my husband run?" with `partner business: coffee
    shop` kept had worn nothing of his, session 50)."""
    forms = [subject] + [a for a, to in ALIASES.items() if to == subject]
    # a child's entries asked of the children together (`child age: five`, the key normalized: "How old
    # are my girls?" wore nothing, session 58's held-out chat)
    together = ["children", "kids", "twins", "girls", "boys"] if subject in ("child", "children") else []
    forms += together + (sorted(PARTNERS) if subject == "partner" else [])
    # the user's children as "the twins" too, asked of anything but their names ("How old are the twins?",
    # session 61)
    the = {f for f in together if not _ASKS_NAME.search(query)}
    # "our" as "my" ("What is our dog called?" wore `dog breed: shiba inu`, session 65)
    return any(re.search(rf"\b{'(?:my|our|the)' if f in the else '(?:my|our)'} {re.escape(f)}\b", query,
                         re.IGNORECASE) for f in forms)


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
    group, unnamed = members(profile), None
    for s in subjects(profile):
        if s in group:  # a child of several by name ("How old is Zofia?" of `zofia age: six`, session 61)
            keys = [k for k in profile if k.startswith(s + " ")]
            if said_word(s, query):
                return Subject(query, s, keys)
            continue
        name = profile.get(s + NAME, "")
        named = len(name) > 1 and said_word(name, query) is not None
        pet = not named and _pet_asked(s, query, profile)
        if not named and not pet and not _mine(s, query):
            continue
        keys = [k for k in profile if k == s or k.startswith(s + " ")]
        if not named and not pet and _ASKS_NAME.search(query) and not {s, s + NAME} & set(keys):
            # no name held for them: another subject said so may hold one ("What are my twins called?"
            # of `child age` beside `twins name`, session 61)
            unnamed = unnamed or (Subject(query, s, keys) if keys else None)
            continue
        asked = None
        if not named and not pet and not _ASKS_NAME.search(query):
            keys = [k for k in keys if k not in (s, s + NAME)]
        elif _WHO_IS.match(query):  # "Who is my wife?" asks her name (session 61: with `wife job: primary
            keys = [k for k in keys if k in (s, s + NAME)] or keys  # school teacher` kept, her job was worn)
        if named:
            keys = [k for k in keys if k != s + NAME]
            m = said_word(name, query)
            if not re.search(rf"\bmy {re.escape(s)}\W*$", query[: m.start()], re.IGNORECASE):
                # the name as the profile writes it ("where does my partner anya work?" got "Your partner's
                # name is bank.", "... my partner Anya work?" "Anya's employer is bank.", session 59)
                asked = f"{query[: m.start()]}my {s} {name}{query[m.end():]}"
            query = f"{query[: m.start()]}my {s}{query[m.end():]}"
        return Subject(query, s, keys, asked) if keys else None
    return unnamed


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
    said = re.findall(r"\b(?:my|our) (\w+)", query, re.IGNORECASE)
    said = {ALIASES.get(w.lower(), w.lower()) for w in said}
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


def attribute(key: str, subject: str) -> str:
    """What a subject's entry is about: "job" of `partner job`, the subject itself for its own key."""
    return key[len(subject):].strip() or subject


def name_asked(query: str, subject: str) -> bool:
    """Whether the question asks what the subject it names is called ("What's my dog called?" wore
    `dog breed: collie` beside `dog name: Meg` and got "Your dog is called Max.", session 63)."""
    called = rf"\b{re.escape(subject)}(?:'s (?:first )?name| (?:is )?(?:called|named))\W*$"
    return bool(subject) and re.search(called, query, re.IGNORECASE) is not None


def pet_by_breed(query: str, profile: dict[str, str]) -> str:
    """The question with a pet asked of by its breed asked of by the pet the profile keeps the breed of
    ("What is my poodle called?" wore `dog breed: poodle` beside `dog name: Coco` and got "Your poodle's
    name is Pire.", session 68): "What is my dog called?" picks the name."""
    for key, value in profile.items():
        pet = key.removesuffix(" breed")
        if pet == key or pet.split()[-1] not in PETS or not value.strip():
            continue
        breed = rf"(?:{re.escape(value.strip())}|{re.escape(value.split()[-1])})"
        query = re.sub(rf"\b((?i:my|our))\s+{breed}(?=\b|')", rf"\1 {pet}", query,
                       flags=re.IGNORECASE)
    return query

