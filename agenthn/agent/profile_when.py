"""When a turn says something falls or is done: a thing on a whole date (`date_lines`: "Our anniversary is
on June 3rd."; with it how long the user has been married and a race they are running) and a relative
visited every so often (`visit_lines`: "My mum lives in Chennai and I visit her every December."), each
kept under the key a question of it reaches. Read like `profile_verbs`' lines and checked by
`profile_parse` as the model's own.
"""

from __future__ import annotations

import re

from agenthn.agent import kinds, relations
from agenthn.agent.profile_done import WEEKDAY
from agenthn.agent.profile_keys import normalize_key
from agenthn.agent.profile_said import NUMBER_WORDS_RE, kin_key
from agenthn.agent.profile_values import DATE, bare_date
from agenthn.agent.profile_verbs import ENDS, NOT_BEFORE, kin_said_last, named_relatives

# "my birthday is on the 14th of March", "our wedding anniversary is on 14 August", "my son's birthday is
# May 3rd": what falls on the date (one or two words) and whose it is
_MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATED = re.compile(rf"\b(?i:my|our)\s+(?:(?P<kin>[a-z]+)'s\s+)?(?P<k>[a-z]+(?:\s+[a-z]+)?)\s+(?:is|falls)\s+"
                    rf"(?:on\s+)?(?P<v>{DATE.pattern})", re.IGNORECASE)


# When the user marries ("we're getting married in june" kept nothing, and "When is my wedding?" got "Your
# wedding date is Chen.", session 61): a month ("next june", session 69's new-user try), a season, "next
# year", or a whole date
_MARRIED = re.compile(r"\b(?:we're|we are|I'm|I am|we|I)\s+(?:getting|get|will get|are getting)\s+married\s+"
                      r"(?:(?:in|on)\s+)?(?P<v>(?:next|this)\s+(?:year|month|spring|summer|autumn|winter)"
                      rf"|{DATE.pattern}|(?:(?:next|this)\s+)?(?:(?:{_MONTH})(?:\s+\d{{4}})?))\b",
                      re.IGNORECASE)


# How long the user has been married ("me and my wife sarah have been married 20 years" was proposed `wife
# age: 20`, and "how long have i been married?" got "You have been married to 45 years.", session 68): kept
# as `marriage length: 20 years`, which smol answers "You have been married for 20 years."; or to whom first
# ("I've been married to Ingrid for twenty years.", session 69)
_MARRIED_FOR = re.compile(r"\b(?:we've|we have|I've|I have|we|I|have)\s+been\s+married\s+"
                          r"(?:to\s+[A-Z][\w'-]+\s+)?(?:for\s+)?"
                          rf"(?P<v>(?:(?:about|nearly|almost|over)\s+)?(?:\d+|{NUMBER_WORDS_RE})\s+years?)\b",
                          re.IGNORECASE)
# or together, unmarried ("We've been together for twelve years." was proposed `marriage proposal ending:
# twelve`, and "How long have we been together?" got "... over 10 years now ...", session 70)
_TOGETHER_FOR = re.compile(r"\b(?:we've|we have|we)\s+been\s+(?:together|dating|a\s+couple)\s+(?:for\s+)?"
                           rf"(?P<v>(?:(?:about|nearly|almost|over)\s+)?(?:\d+|{NUMBER_WORDS_RE})\s+years?)\b",
                           re.IGNORECASE)


# A race the user is running ("i'm running the london marathon in april" was kept as `marathon time: April`,
# and "what race am i running?" got "Your race is hairdresser.", session 68): `race: london marathon`
# or runs every year ("i run the glasgow half marathon every september" was kept as `team: Glasgow half
# marathon`, and "what race do i run in september?" got "Your race year is September.", session 69)
_RACE = re.compile(r"\b(?:(?:I'm|I am|I'll be|I will be|we're)\s+(?:running|doing|racing|entering|entered in)"
                   r"|I\s+(?:run|do|race))\s+"
                   r"(?:the|a|my)\s+(?P<v>(?:[A-Za-z]+\s+){0,3}?(?:(?:half\s+)?marathon|10k|5k|triathlon"
                   r"|ironman|ultra|race|run))\b", re.IGNORECASE)


# When someone starts school or a job ("our daughter elsa is starting school this august" was proposed
# `daughter age: August`, refused, and "when does elsa start school?" got "Elsa's school day is elust.",
# session 70): `daughter school start: this August`, asked "When does my daughter start school?"
_STARTING = re.compile(r"\b(?:(?i:my|our)\s+(?P<kin>[a-z]+)(?:\s+[A-Za-z][a-z]+)?\s+(?:is|'s)|I'm|I am)\s+"
                       r"(?:starting|beginning)\s+(?:a\s+new\s+)?(?P<k>school|university|uni|college|nursery"
                       rf"|kindergarten|job)\s+(?P<v>(?i:this|next|in)\s+(?:{_MONTH}|spring|summer|autumn|winter"
                       r"|the\s+autumn|the\s+spring|the\s+summer))\b", re.IGNORECASE)


def start_lines(turn: str) -> list[str]:
    """`ADD <who> <thing> start: <when>` for someone the turn says starts school or a job (`_STARTING`): the
    relative said as "my", else the user."""
    lines = []
    for m in _STARTING.finditer(turn):
        kin = kin_key(m.group("kin")) if m.group("kin") else ""
        if kin and kin not in relations.KIN:
            continue
        thing = "university" if m.group("k").lower() == "uni" else m.group("k").lower()
        lines.append(f"ADD {kin + ' ' if kin else ''}{thing} start: {m.group('v')}")
    return lines


def date_lines(turn: str) -> list[str]:
    """`ADD <thing>: <date>` for a thing the turn says falls on a whole date ("Our anniversary is on June
    3rd." and "Our wedding anniversary is on 14 August." were proposed NONE, and "When is our
    anniversary?" was left to memory's segment: "Your anniversary is on 3 June 3rd.", "Our anniversary
    is on 20 October." for the 3rd, session 55): "our" is the user's too; "my son's" the son's."""
    lines = []
    for m in _DATED.finditer(turn):
        kin = kin_key(m.group("kin")) if m.group("kin") else ""
        key = normalize_key(m.group("k").lower())
        if (kin and kin not in relations.KIN) or ENDS & set(key.split()) or NOT_BEFORE.search(
                turn[:m.start()]):
            continue
        lines.append(f"ADD {kin + ' ' if kin else ''}{key}: {bare_date(m.group('v'))}")
    wed, wed_for = _MARRIED.search(turn), _MARRIED_FOR.search(turn)
    lines += [f"ADD marriage length: {wed_for.group('v')}"] if wed_for else []
    together = _TOGETHER_FOR.search(turn)
    lines += [f"ADD relationship length: {together.group('v')}"] if together and not wed_for else []
    lines += start_lines(turn)
    race = _RACE.search(turn)
    lines += [f"ADD race: {race.group('v')}"] if race else []
    return lines + ([f"ADD wedding date: {bare_date(wed.group('v'))}"] if wed else [])


# When someone is visited, every so often ("My mum lives in Chennai and I visit her every December." kept
# `favourite holiday: December`, and "When do I visit my mum?" got "Your mother's date is Chennai.",
# session 58): whom, as "her" or "him" for the relative said before, "my <relative>" or a name the profile
# holds, where they live where said ("my parents in mombasa every christmas"), and when
_SEASON = (rf"(?:{_MONTH}|"
           rf"summer|winter|spring|autumn|Christmas|Easter|Diwali|Eid|weekend|year|month|week|{WEEKDAY})")
_VISIT = re.compile(r"\b(?:visit|visits|visiting|see|sees|seeing)\s+"
                    r"(?P<who>her|him|them|(?i:my)\s+[a-z]+|[A-Z][a-z]+)(?:\s+in\s+(?P<at>[A-Za-z][a-z]+))?"
                    rf"\s+(?i:(?P<v>(?:every|each)\s+(?:other\s+)?{_SEASON}"
                    rf"|(?:at|for|over)\s+(?:Christmas|Easter)|once\s+a\s+(?:week|month|year)"
                    rf"|in\s+(?:the\s+)?{_SEASON}))\b")


# or visits the user ("my son peter visits me every sunday" kept only `son name: Peter`, and "who visits me
# on sundays?" got "Players meet you on pten.", session 67's harder chat)
_HOW_OFTEN = "often|usually|always|still|also|sometimes|normally"  # between who and "visits"; no name
_VISITED = re.compile(rf"(?:\b(?i:my)\s+(?P<kin>[a-z]+)(?:\s+(?!(?:{_HOW_OFTEN}|never|only|and)\b)"
                      rf"(?P<name>[A-Za-z][a-z]+))?|\b(?P<name2>[A-Z][a-z]+))(?:\s+(?:{_HOW_OFTEN}))?"
                      r"\s+(?:visits|comes to see|sees)\s+(?:me|us)\s+"
                      rf"(?i:(?P<v>(?:every|each)\s+(?:other\s+)?{_SEASON}|once\s+a\s+(?:week|month|year)))\b")


def visitor_lines(turn: str, profile: dict[str, str]) -> list[str]:
    """`ADD son visit: every Sunday` and `ADD visitor: Peter` for a relative the turn says visits the user
    every so often, by name where the turn or the profile says it."""
    named, lines = named_relatives(profile), []
    for m in _VISITED.finditer(turn):
        kin = kin_key(m["kin"]) if m["kin"] else named.get(m["name2"])
        name = (m["name"] or m["name2"] or profile.get(f"{kin} name") or "").capitalize()
        if kin in relations.KIN and not NOT_BEFORE.search(turn[:m.start()]):
            lines += [f"ADD {kin} visit: {m['v']}"] + ([f"ADD visitor: {name}"] if name else [])
    return lines


def visit_lines(turn: str, profile: dict[str, str]) -> list[str]:
    """`ADD <relative> visit: every December` for a relative the turn says is visited or seen every so
    often, kept under their key so that a question naming them reaches it ("Your mother's visit is every
    December.", asked by the key: `profile_pick`)."""
    named = named_relatives(profile)
    lines = []
    for m in _VISIT.finditer(turn):
        said = m.group("who")
        if said in ("her", "him", "them"):
            kin = kin_said_last(turn[:m.start()])
        elif said.lower().startswith("my"):
            kin = kin_key(said.split()[1])
        else:
            kin = named.get(said)
        if kin in relations.KIN and not NOT_BEFORE.search(turn[:m.start()]):
            lines.append(f"ADD {kin} visit: {m.group('v')}")
            lines += [f"ADD {kin} city: {m.group('at')}"] if m.group("at") else []
    return lines + visitor_lines(turn, profile)



def day_instead(values: list[str], asks: bool = False) -> tuple[tuple[str, str], ...]:
    """(wrong, right) words for copying (`CopySource.instead`) where one worn entry's value names a
    weekday: a reply says no other ("When do I play squash?" wearing `squash day: Thursdays` got "Squash
    day? That's Friday.", session 59), it says the value's day word as written ("Thursdays"); a reply to
    a question (`asks`) says no "yesterday" or "today" either, but the first day worn ("When do I do
    yoga?" wearing `yoga day: Monday and Thursday mornings` got "Yesterday, you practised yoga.",
    session 61)."""
    said = [m for v in values for m in re.findall(r"[A-Za-z]+", v) if m.lower().rstrip("s") in kinds.WEEKDAYS]
    relative = tuple((w, said[0]) for w in ("yesterday", "today", "tomorrow", "tonight") if said and asks)
    if len(said) != 1:
        return relative
    day = said[0].lower().rstrip("s")
    return tuple((other, said[0]) for other in kinds.WEEKDAYS if other != day) + relative
