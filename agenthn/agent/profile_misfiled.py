"""Why a proposed value is no fact of its key's kind (`misfiled`), for the profile parser (`profile_parse`):
a birthday the turn says nothing of, a language that names none, a team supported kept as anything but a
team, a day that names no time, classes kept as a medicine, a sport or a thing done kept as a team, pets
or people as a thing, a thing done or a diet as what it is not, a pronoun as a place. Text only.
"""

from __future__ import annotations

import re

from agenthn.agent import kinds, relations
from agenthn.agent.profile_said import NUMBER_WORDS, is_job, kin_key

_COUNTED = "|".join(w for w, n in NUMBER_WORDS.items() if 1 < n < 13) + r"|\d+"  # "two cats, ..."
_BIRTHDAY_SAID = re.compile(r"\b(?:birthdays?|born|birth|turns|turning|b-?day)\b", re.IGNORECASE)


# Words a day something is done on is said with ("Tuesday evenings", "weekends", "every other day")
_TIME_SAID = re.compile(r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|weekend|daily|every|\bday"
                        r"|night|morning|evening|afternoon|week|month|\d")


def misfiled(key: str, value: str | None, turn: str | None) -> str | None:
    """Why an edit's value is no fact of its key's kind, or None (session 58): a birthday the turn says
    nothing of ("My wife Sana is expecting our first baby in April." was proposed `wife birthday:
    April`), a language that names none ("I've been learning to cook biryani." `language learning:
    biryani`: languages are written with a capital, "a bit of German" too), a place that is a pronoun.
    """
    if turn is None or value is None:
        return None
    words = key.split()
    if words[-1] == "birthday" and not _BIRTHDAY_SAID.search(turn):
        return f"{key!r}: the turn says no birthday"
    if {"language", "languages"} & set(words) and not re.search(r"\b[A-Z]", value):
        return f"{value!r} names no language"
    if words[-1] == "name" and "!" in value:  # "Hola! I'm diego, ..." was proposed `name: Hola!`
        return f"{value!r} is no name"
    # the user's own name is none of the pets or people a turn lists ("me and my boyfriend rui have two
    # cats, figo and nata" was proposed `name: nata`, an update of Tomas, session 70's new-user try)
    if key == "name" and re.search(rf"\b(?:{_COUNTED}|my|our)\s+[a-z]+s\b[,:]?\s+(?:[A-Za-z]+,?\s+)*"
                                   rf"(?:and\s+)?{re.escape(value.strip())}\b", turn, re.IGNORECASE):
        return f"{value!r} is named among others the turn lists, not the user's name"
    # "i support hearts of oak" was proposed `favourite food: hearts of oak`, "I support Leeds United."
    # `employer: Leeds United` (session 64): a team, which `profile_verbs` reads
    # as a fan of one's club ("a big fan of aston villa" was proposed `favourite film genre`, session 65)
    v = value.strip()
    # or a fan of it said before ("i'm a huge real madrid fan", session 66)
    club = re.search(rf"\b{kinds.CLUB}$", v) or re.fullmatch(kinds.CLUB_NAME, v)
    said = (rf"\b(?:supports?|fan of)\s+{re.escape(v)}\b|\b{re.escape(v)}\s+(?:fan|supporter)\b" if club
            else rf"\bsupports?\s+{re.escape(v)}\b")
    if words[-1] != "team" and re.search(said, turn, re.IGNORECASE):
        return f"{value!r} is a team supported, no {key!r}"
    # a thing's day names a time ("I go to Zumba classes on Tuesday evenings." was proposed `gym day: Zumba
    # classes`, and "When do I go to Zumba?" wore it: "Your gym day is Zumba classes.", session 65)
    if len(words) > 1 and words[-1] == "day" and not _TIME_SAID.search(v):
        return f"{value!r} names no day"
    # classes taken are no medicine ("i take salsa lessons on friday nights" was proposed `medication: salsa
    # lessons`, session 65's new-user try)
    classes = r"(?:class|classes|lessons?|course)\b"
    if words[-1].startswith("medic") and (re.search(rf"\b{classes}", v, re.I)
                                         or re.search(rf"\b{re.escape(v)}\s+{classes}", turn, re.I)):
        return f"{value!r} names classes, no {key!r}"
    # a team is no sport ("i play netball with my work team" was kept as `team: netball`, session 64's
    # new-user try), nor a thing done ("i go climbing with my mates every thursday night" kept `team:
    # climbing`, and "which team do i support?" got "Your favourite football team is climbing.", session 66)
    if words[-1] == "team" and v.lower() in kinds.SPORTS:
        return f"{value!r} is a sport, no team"
    if words[-1] == "team" and re.search(rf"\b{kinds.DONE}\s+{re.escape(v)}\b", turn, re.IGNORECASE):
        return f"{value!r} is a thing done, no team"
    # pets or people are no thing ("i'm a vet and i own three horses" was proposed `car: three horses`, and
    # kept beside `horses: Thunder, misty and pepper`, session 67)
    said = v.lower().split()
    counted = len(said) == 2 and (said[0] in NUMBER_WORDS or said[0].isdigit() or said[0] in ("a", "my"))
    if counted and kinds.kind(key) == "thing" and relations.KIN & {kin_key(said[1]), kin_key(said[1][:-1])}:
        return f"{value!r} names pets or people, no {key!r}"
    # a thing one does is no diet ("... so I've started walking every morning." `diet: walking`, session 67)
    if words[-1] == "diet" and v.endswith("ing") and re.search(rf"\bstart\w*\s+{re.escape(v)}\b", turn, re.I):
        return f"{value!r} is a thing done, no diet"
    # nor a kind of sport ("I play five-a-side football ..." `favourite board game: five-a-side`, session 67)
    sport = "|".join(sorted(kinds.SPORTS))
    if kinds.kind(key) == "thing" and re.search(rf"\b{re.escape(v)}\s+(?:{sport})\b", turn, re.IGNORECASE):
        return f"{value!r} says which sport, no {key!r}"
    # or said alone ("i play five-a-side every wednesday night" `favourite board game: five-a-side`, s69)
    if kinds.kind(key) == "thing" and re.fullmatch(r"(?:five|six|seven|eleven|\d+)-a-side", v, re.IGNORECASE):
        return f"{value!r} is a sport, no {key!r}"
    # a thing done in a season is no season ("Every winter I go skiing in Geilo." `favourite season: skiing`)
    if key.endswith("favourite season") and not re.search(r"\b(?:spring|summer|autumn|fall|winter)", v, re.I):
        return f"{value!r} names no season"
    # a thing made well is no job ("my mum ... makes the best dal" was proposed `mother job: dal maker`, s69)
    made = re.fullmatch(r"([a-z ]+?)\s+maker", v.lower())
    if made and is_job(key) and re.search(rf"\bmakes?\s+(?:the\s+best|the\s+nicest|amazing|great|lovely)\s+"
                                         rf"{re.escape(made.group(1))}\b", turn, re.IGNORECASE):
        return f"{value!r} is a thing made well, no job"
    # "... my mother-in-law lives with us." was proposed `mother-in-law city: Us` (session 59)
    if kinds.kind(key) in ("place", "origin") and value.strip().lower() in _NO_PLACE_WORDS:
        return f"{value!r} is no place"
    return None


_NO_PLACE_WORDS = frozenset({"us", "me", "you", "them", "him", "her", "it", "here", "there", "home", "abroad",
                             "nearby", "alone", "together"})
