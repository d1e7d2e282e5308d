"""Facts read beside a name or a subject the same turn keeps: a pet's name and breed said beside its word,
a child's age said after their name, the job that teaching a subject makes, whom one lives with by a
flatmate's name, and what one does for a living where no job is kept.

`profile_parse.parse_proposal` reads these after the model's edits and `profile_verbs.said_lines`, from
what they named.
"""

from __future__ import annotations

import re

from agenthn.agent import relations
from agenthn.agent.profile_done import NAME
from agenthn.agent.profile_said import kin_key
from agenthn.agent.profile_verbs import AGE, CHILDREN

# Words before a pet's name that are no breed ("a little dog called Max", "a rescue named Bo")
_NO_BREED = frozenset({"little", "new", "old", "rescue", "young", "big", "small", "lovely", "cute", "baby",
                       "pet", "fat", "lazy", "sweet", "tiny", "gorgeous", "beautiful", "mad", "crazy"})


def breed_lines(turn: str, named: dict[str, str]) -> list[str]:
    """`ADD <pet> breed: <words>` for a pet the turn names after its breed ("We've got a border collie
    called Nessie." was kept as `dog name: Nessie` alone, and "What breed is my dog?" found nothing,
    session 51): the words between "a" and "called" or "named" before the name `named` gives a pet
    (`{"dog name": "Nessie"}`, the model's edits), where they do not say the pet's own word; or a breed's
    word right before the name ("i walk my labrador bess every morning", session 62)."""
    lines = []
    for key, name in named.items():
        pet = key.removesuffix(" name")
        if not name or pet.split()[-1] not in relations.PETS or pet.split()[0] not in relations.MODIFIERS | {
                pet}:  # "dog", "second dog"
            continue
        m = re.search(rf"\b(?:an?|my|our)\s+(?P<v>[a-z]+(?: (?!called\b|named\b)[a-z]+)?),?\s+"
                      rf"(?P<c>(?:called|named)\s+)?(?i:{re.escape(name)})\b", turn)
        words = _bred(m.group("v")).split() if m else []
        if words and (m.group("c") or words[-1] in relations.BREEDS) and not set(words) & (
                _NO_BREED | relations.PETS):
            lines.append(f"ADD {pet} breed: {' '.join(words)}")
    return lines


def _bred(words: str) -> str:
    """The words without those before a breed that are none ("rescue greyhound" -> "greyhound")."""
    return re.sub(rf"^(?:(?:{'|'.join(sorted(_NO_BREED))})\s+)+(?=\S)", "", words)


# each pet's breeds, as one pattern ("dog": "labrador|lab|...")
_BREEDS_OF = {pet: "|".join(b for b, of in relations.BREEDS.items() if of == pet)
              for pet in set(relations.BREEDS.values())}
# a pet or breed, then the name it is called ("a spaniel called", "my little dog, named")
_PET_CALLED = r"\b(?:an?|my|our)\s+(?:[a-z]+\s+)?([a-z]+),?\s+(?:called|named)\s+"


def _pet_of(word: str) -> str | None:
    """The pet a word names, itself or by its breed ("spaniel": "dog"), or None."""
    word = word.lower()
    return word if word in relations.PETS else relations.BREEDS.get(word)


def pet_named(key: str, value: str | None, turn: str | None) -> str:
    """The pet's name key of a `name` the turn gives a pet or a breed ("got a pitbull named tank" was
    proposed `name: tank` over the user's, session 61), or of a breed's name said right before the name
    ("i walk my labrador bess every morning" was proposed `labrador name: bess`, and "what's my dog
    called?" got "Margaret", session 62): `dog name`; else as it came."""
    said = key.removesuffix(" name")
    breed = _bred(said)  # "i've got a rescue greyhound named pip" was proposed `rescue greyhound name: Pip`,
    pet = key.removesuffix(" breed")  # and "what's my dog called?" wore none
    if value and turn:
        # a breed in the plural, its pets ("we've got two labradors, honey and bramble" was proposed
        # `labradors name: Honey and Bramble`, and "what are my dogs called?" got "Your dog's name is 58.",
        # session 68)
        many = _pet_of(breed[:-1]) if breed.endswith("s") else None
        if many:
            return f"{many}s"
        # words that are no breed before the pet's ("we've got a rescue greyhound called luna" was proposed
        # `rescue dog name: Luna`, session 68's new-user try)
        bred = _pet_of(breed) if breed != said else None
        if bred and re.search(rf"\b(?:called|named)\s+{re.escape(value.strip())}\b", turn, re.IGNORECASE):
            return f"{bred} name"
    # a word right after the pet's own or its breed's is its name, no breed ("i walk my dog max every morning
    # in the park" was proposed `dog breed: max`, session 65; "my border collie Meg", session 69)
    breeds = _BREEDS_OF.get(pet, "(?!)")
    if value and turn and pet in relations.PETS and re.search(
            rf"\b(?:my|our)\s+(?:{pet}|(?:[a-z]+\s+)?(?:{breeds}))\s+{re.escape(value.strip())}\b", turn,
            re.IGNORECASE):
        return f"{pet} name"
    # or after a comma ("i walk my westie, angus, twice a day" was kept as `westie name: Angus`, and "what's
    # my dog called?" wore nothing, session 68's held-out chat)
    # a breed of two words too ("I walk my border collie Meg every morning." was kept as `border collie name`,
    # and "What's my dog called?" wore nothing, session 69)
    last = breed.split()[-1] if breed.strip() else ""
    if value and turn and last in relations.BREEDS and re.search(
            rf"\b{re.escape(breed)},?\s+{re.escape(value.strip())}\b", turn, re.IGNORECASE):
        return f"{relations.BREEDS[last]} name"
    # or a person's the turn never says ("we've got a staffy called tyson" was proposed `boss name: tyson`,
    # session 70)
    unsaid = said in relations.PEOPLE and turn and not re.search(rf"\b{re.escape(said)}\b", turn, re.I)
    if not (key == "name" or unsaid) or not value or not turn:
        return key
    m = re.search(rf"{_PET_CALLED}{re.escape(value.strip())}\b", turn, re.IGNORECASE)
    pet = _pet_of(m.group(1)) if m else None
    return f"{pet} name" if pet else key


# The words of a key for the user's own children ("second child", "twin names")
_CHILD_WORDS = frozenset({"child", "children", "kid", "kids", "daughter", "daughters", "son", "sons", "twin",
                          "twins", "girls", "boys", "first", "second", "name", "names"})
_NAMES = re.compile(r"[A-Z][\w'-]+(?:\s*,\s*[A-Z][\w'-]+)*,?\s+(?:and|&)\s+[A-Z][\w'-]+")


def children_named(key: str, value: str | None, turn: str | None) -> str:
    """`children` for the names of several of the user's children the model keyed as one ("We have twin
    girls, Tola and Tobi, who are five." was proposed `second child: Tola and Tobi`, and "what are my
    daughters called?" wore `favourite book`, session 67's harder chat), where the turn says them in the
    plural; else the key as it came."""
    plural = turn and CHILDREN.search(turn)
    if value and plural and set(key.split()) <= _CHILD_WORDS and _NAMES.fullmatch(value.strip()):
        return "children"
    return key


def pets_named(turn: str, named: dict[str, str]) -> dict[str, str]:
    """`{"dog name": "Rolo"}` for a pet or breed the turn names after "called" or "named" whose kind of
    pet keeps no name yet (`named`, the names kept): "we've got a spaniel called rolo" was proposed `pet:
    spaniel Rolo`, refused as not said, and "what breed is rolo?" got "... terrier." (session 61)."""
    found = {}
    for m in re.finditer(rf"{_PET_CALLED}([A-Z][a-z'-]+)", turn):
        pet = _pet_of(m.group(1))
        if not pet or m.group(2) in named.values():
            continue
        # a second one named in the same turn ("I have two dogs, a poodle called Coco and a beagle called
        # Max." kept `dog name: Max` alone, and "What is my poodle called?" got "Max", session 68)
        first = found.get(f"{pet} name") or named.get(f"{pet} name", "")
        key = f"second {pet} name" if first and re.search(rf"\b{re.escape(first)}\b", turn) else f"{pet} name"
        if key not in named and key not in found:
            found[key] = m.group(2)
    return found


# A child's age said after their name ("I have two kids: Marek, who is ten, and Zofia, who is six." kept no
# age, and "How old is Zofia?" got "Zofia's age is Marek.", session 61); kept under the name (`zofia age`),
# which `relations.about_subject` finds by the name a group's key holds
_NAMED_AGE = re.compile(rf"\b(?!(?:He|She|It|They|This|That|There|Who|What|Which)\b)(?P<n>{NAME}),?\s+"
                        rf"(?:who\s+is|who's|is|aged)\s+(?P<v>{AGE})(?:\s+years old)?"
                        r"(?=\s*(?:[,.;!?)]|\band\b|$))")


# or of them all ("I have twin sons, Yazan and Zaid, who are both six." kept `age: 41` alone, and "How old
# are the twins?" got "The twins are 41.", session 69)
_BOTH_AGED = re.compile(rf"\b(?:who\s+are|they're|they\s+are|are)\s+both\s+(?P<v>{AGE})\b"
                        r"(?!\s+(?:months|weeks))")


# How many children the user has, counted before their names ("We have two grandsons, Erik and Olav." was
# kept as `children: Erik and Olav`, and "How many grandsons do I have?" got "Your grandsons are small.",
# session 70; "I have three children: Ada, Chidi and Bisi.", session 68): `grandchildren number: two`
_COUNTED = re.compile(rf"\b(?:I|we)\s+(?:have|had|'ve\s+got|have\s+got)\s+(?P<v>{AGE})\s+(?P<b>grand)?"
                      r"(?:children|kids|sons|daughters|boys|girls)\s*[,:(-]\s*[A-Z]", re.I)


# Pets counted, then named ("me and my boyfriend rui have two cats, figo and nata" kept no cat, and "what are
# our cats called?" got "The cats are called rui.", session 70's new-user try): `cats: Figo and Nata`
_PLURAL_PETS = "|".join(sorted(p + "s" for p in relations.PETS))
_PETS_LISTED = re.compile(rf"\b(?:{AGE})\s+(?P<p>{_PLURAL_PETS})\s*[,:]\s*"
                          r"(?P<v>[A-Za-z][a-z'-]+(?:,\s+[A-Za-z][a-z'-]+)*,?\s+and\s+[A-Za-z][a-z'-]+)\b",
                          re.IGNORECASE)


def pet_list_lines(turn: str, held: set[str]) -> list[str]:
    """`ADD cats: Figo and Nata` for pets a turn counts and then names (`_PETS_LISTED`), where the profile
    and the turn's edits keep none under that key; the checks write the names with capitals."""
    listed = ((m["p"].lower(), m["v"]) for m in _PETS_LISTED.finditer(turn))
    return [f"ADD {key}: {names}" for key, names in listed if key not in held]


def named_age_lines(turn: str) -> list[str]:
    """`ADD <name> age: <age>` for each child a turn about the user's children says the age of after
    their name; `ADD children age: <age>` for an age said of them all; `ADD children number: <count>` for
    their count said before their names (`_COUNTED`)."""
    if not CHILDREN.search(turn) and not _COUNTED.search(turn):
        return []
    both, count = _BOTH_AGED.search(turn), _COUNTED.search(turn)
    return [f"ADD {m.group('n')} age: {m.group('v')}" for m in _NAMED_AGE.finditer(turn)] + (
        [f"ADD children age: {both.group('v')}"] if both else []) + (
        [f"ADD {count.group('b') or ''}children number: {count.group('v')}"] if count else [])


def teacher_lines(subjects: dict[str, str], jobs: set[str]) -> list[str]:
    """`ADD job: maths teacher` for a subject read from "I teach maths" (`{"subject": "maths"}`) whose
    person has no job held or proposed (`jobs`, their keys): the edit sets key what one teaches as a job,
    and the proposer, shown the subject read from the turn, proposed none (session 53, "Hello! I'm
    Eilidh, I teach maths at a secondary school in Stornoway.")."""
    lines = []
    for key, value in subjects.items():
        job = key.removesuffix("subject") + "job"
        if key.endswith("subject") and job not in jobs:
            lines.append(f"ADD {job}: {value} teacher")
    return lines


# Whom one shares a home with, by the word for them ("my flatmate jess is a junior doctor" kept `flatmate
# name: Jess`, and "who do i live with?" got "Your question is a classic one. ...", session 66's new-user
# try): their name is also the user's `housemate`, which "Who do I live with?" asks
_SHARERS = frozenset({"flatmate", "roommate", "housemate"})


def housemate_lines(kept: dict[str, str], held: set[str]) -> list[str]:
    """`ADD housemate: Jess` for a flatmate's or roommate's name a turn keeps (`flatmate name: Jess`),
    where the profile holds and the turn keeps no housemate."""
    names = [v for k, v in kept.items() if k.split()[0] in _SHARERS and k.split()[1:] == ["name"]]
    return [f"ADD housemate: {names[0]}"] if names and "housemate" not in held else []


# What someone does for a living, said by its verb ("My husband Dawit repairs phones for a living." kept no
# job; memory had answered "What does my husband do?" from smol's own reply, "Dawit is a skilled
# repairman, ...", and with that reply an acknowledgment, "Your husband is a baker.", session 66)
_LIVING = re.compile(rf"(?:\b(?i:my)\s+(?P<kin>[a-z]+)(?:\s+{NAME})?|\b(?P<i>I))\s+"
                     r"(?P<v>[a-z]+\s+(?:(?:a|an|the)\s+)?[a-z]+(?:\s+[a-z]+)?)\s+for\s+a\s+living\b")


def living_lines(turn: str, held: set[str]) -> list[str]:
    """`ADD husband job: repairs phones` for what the user or a relative does "for a living", where no job
    of theirs is held or kept this turn (`held`, keys: the model's "bus driver" for "drives buses" stays)."""
    lines = []
    for m in _LIVING.finditer(turn):
        whose = "" if m.group("i") else kin_key(m.group("kin")) + " "
        if (m.group("i") or whose.strip() in relations.KIN) and f"{whose}job" not in held:
            lines.append(f"ADD {whose}job: {m.group('v')}")
    return lines
