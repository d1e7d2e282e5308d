"""How a thing done is said beside its verb ("I play tennis with my friend Clara at the club every Sunday"):
the days and times it is done, whom with, and where, as pattern pieces the readers of `profile_verbs`
put together. Text only."""

from __future__ import annotations

import re

from agenthn.agent import kinds, relations
from agenthn.agent.profile_said import kin_key

# a name as written, its letters any ("Chloé", "Léa": "I run with my sister Chloé on Sunday mornings." kept
# nothing of running, session 59)
NAME = r"[A-ZÀ-ÖØ-Þ][^\W\d_]+"

# Verbs of a thing done (`kinds.DONE`), and the days it is done on ("every Sunday", "on Tuesdays"; "on
# Monday" is once)
DONE = kinds.DONE
DAY = rf"(?:{'|'.join(d.removesuffix('day').capitalize() for d in kinds.WEEKDAYS)})day"
WEEKDAY = rf"{DAY}s?"
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
# days said as every week's ("on Saturdays", "on Saturday mornings"; "on Saturday" is once)
DAYS_EACH = rf"{DAY}s|{DAY}\s+{PART_OF_DAY}s"
WEEKLY = rf"{WEEKDAY}(?:\s+{PART_OF_DAY}s?)?"  # "every Sunday", "Sunday evenings"
# The thing done, after its verb ("go to the gym", "play volleyball"): one or two words before the day or
# time, or where nothing follows it, one or two up to a word that ends it ("On Saturdays I go swimming
# with ...", "Every Wednesday I take a pottery class.")
THING = r"(?:to\s+)?(?:(?:the|my|a|an)\s+)?(?P<k>[A-Za-z][\w-]*(?:\s+[a-z]+)?)"  # "Zumba classes"
# A group a thing is done with ("I run with my running club on Wednesday evenings." was kept as `running
# club: Wednesday evenings`, and "Who do I run with?" got "Your question is about the local cop.", session 64)
GROUP = r"(?:[a-z]+\s+)?(?:club|team|group|crew|squad|choir|band)"
# Someone a thing is done with, said between the thing and when ("I play tennis with my friend Clara every
# Sunday.", "i play football with my cousins every friday"), or a group, or the group it is done for ("i
# play rugby for my local club on saturdays" kept no day, session 65)
WITH_SOMEONE = (rf"(?:\s+with\s+(?:(?i:my|our|a)\s+{GROUP}|(?i:my|our)\s+[a-z]+(?:\s+{NAME})?|{NAME})"
                rf"|\s+for\s+(?i:my|our|a|the)\s+{GROUP})?")
# Relatives together, as a thing may be done with them ("with my cousins")
KIN_TOGETHER = "|".join(sorted({f"{w}s" for w in relations.PEOPLE if not w.endswith(("s", "ren"))}
                                | {"mates", "pals", "kids", "children", "parents", "grandchildren"}))
# or one relative, unnamed ("i play draughts with my uncle every saturday", session 62)
KIN_ONE = rf"(?:{'|'.join(sorted(relations.PEOPLE | set(relations.ALIASES)))})(?!\s+{NAME})"
# Where a thing is done, after "at" or "in": with an article, or without one where its words end in a
# place's ("i surf at bells beach on weekends" kept nothing of surfing, session 65; "at work", "in town"
# are none)
PLACE_WORDS = ("beach|bay|park|lake|pool|gym|centre|center|club|pub|hall|field|court|rink|track|river"
               "|common|studio|church|library|market|harbour|marina|reservoir|stadium|ground|baths|lido|woods"
               "|forest|jetty|pier|seafront|shore|canal|promenade")
# or along one ("i walk my labrador coco along the river every morning": "where do i walk coco?" got "Your
# walk is on Valencia.", session 65's new-user try)
# or on or off one, only where its words end as a place's ("I do yoga on the beach every morning.", "i go
# fishing off the jetty most weekends" kept no place, session 66; "on the weekend" is none)
_ART = r"(?:(?:the|a|an|my|our)\s+)"
_PLACE_AHEAD = rf"(?:[a-z]+\s+){{0,2}}(?:{PLACE_WORDS})\b"
AT = rf"(?:(?:at|in|along)\s+(?:{_ART}|(?={_PLACE_AHEAD}))|(?:on|off)\s+(?={_ART}?{_PLACE_AHEAD}){_ART}?)"
# Where, said between the thing and when ("i play darts at the pub every thursday" kept no day, session 59)
WHERE = rf"(?:\s+{AT}[a-z]+(?:\s+(?!every\b|each\b|most\b|on\b|with\b)[a-z]+)?)?"
# where someone lives, said before whom with ("in Osaka", "in a small flat", "in cardiff")
LIVED_IN = r"(?:(?:a|an|the)\s+)?[^\W\d_]+(?:\s+[^\W\d_]+)?"
# When, said between the thing and whom it is done with ("... on Wednesdays with my cousin Diego")
# "most" as often as "every" ("i go fishing off the jetty most weekends" kept no time, session 66)
EVERY = r"(?:every|each|most)"
_EVERY_WEEK = rf"(?:{EVERY}|on)\s+{WEEKLY}(?:\s+and\s+{WEEKLY})?"
WHEN = rf"(?:\s+(?:{_EVERY_WEEK}))?"
# The time of day something is done at, every day or every week ("before work", "in the evenings")
DAILY = (r"(?:before|after)\s+(?:work|school|breakfast|lunch|dinner|class|college|church)"
         rf"|{EVERY}\s+(?:morning|evening|night|weekend)s?|in\s+the\s+(?:morning|afternoon|evening)s?"
         r"|at\s+(?:night|weekends|the\s+weekend|lunchtime)|on\s+(?:weekends|the\s+weekend)")
# when, of a week or a day, said between the thing and where ("... every morning in the park")
WHEN_OR_DAILY = rf"(?:\s+(?:{_EVERY_WEEK}|{DAILY}))?"

# Keys of a thing done, kept under the thing's word ("tennis day", "running time", "tennis partner")
DONE_KEYS = ("day", "time", "partner", "place")


def named_with(key: str, m: re.Match, profile: dict[str, str]) -> list[str]:
    """The name of the relative a thing is done with (`friend name: Clara` of "with my friend Clara"),
    where the profile holds none for them."""
    if key not in ("partner", "housemate"):
        return []
    kin = kin_key(m.groupdict().get("kin") or "")
    if kin not in relations.KIN or f"{kin} name" in profile:
        return []
    return [f"ADD {kin} name: {m.group('v')}"]


def place_gone_to(sentence: str, m: re.Match) -> bool:
    """Whether a thing done is a named place gone to ("I'm going to Paris every Monday."), not a class
    with a name ("I go to Zumba classes on Tuesday evenings.", session 61)."""
    thing = m.group("k")
    return thing[:1].isupper() and sentence[:m.start("k")].endswith("to ") and not re.search(
        rf"\b{kinds.SESSIONS}\b", thing)


def we_with(before: str, key: str, what: str) -> list[str]:
    """Whom "we" do a thing with, named right before ("My best mate is called Liam, we go fishing on
    Saturdays." kept `favourite sport: fishing` and no partner, session 61): `fishing partner: Liam`."""
    m = re.search(rf"\b(?P<n>{NAME}),\s+[Ww]e\s+(?:usually\s+|often\s+|always\s+)?$", before)
    if key not in ("day", "time") or not m:
        return []
    return [f"ADD {what.removesuffix(' ' + key)} partner: {m.group('n')}"]
