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
# Words that end an object: a clause joined on, or where and when the thing is done ("a high school in
# Graz", "my first triathlon in June").
ENDS = frozenset({"and", "but", "because", "so", "when", "while", "since", "as", "in", "at", "on", "for",
                   "to", "with", "every", "each", "near", "next", "this", "last", "mostly", "which", "who",
                   "that", "i", "my", "we", "he", "she", "they", "now", "too", "also", "though", "after",
                   "before", "from", "of", "the", "a", "an", "up", "out", "back", "there", "here", "living",
                   "based", "working", "currently", "these", "lately", "recently", "right"})
_NOT_ENDING = rf"(?!(?:{'|'.join(sorted(ENDS))})\b)"
# The thing done, after its verb ("go to the gym", "play volleyball"): one or two words before the day or
# time, or where nothing follows it, one or two up to a word that ends it ("On Saturdays I go swimming
# with ...", "Every Wednesday I take a pottery class.", "Zumba classes"); three where none ends an object
# ("i go open water swimming at the hoe most mornings" kept nothing, session 66's new-user try)
THING = (r"(?:to\s+)?(?:(?:the|my|a|an)\s+)?"
         rf"(?P<k>[A-Za-z][\w-]*(?:\s+{_NOT_ENDING}[a-z]+\s+{_NOT_ENDING}[a-z]+|\s+[a-z]+)?)")
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
# or at a clock time said as one ("at 6am", "at 7:30", "at six every morning": "I swim at six every morning
# before work." kept nothing, and "When do I swim?" got "Your question is about the weather.", session 70)
_HOURS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
CLOCK = (r"at\s+(?:\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)|\d{1,2}:\d{2}|(?:\d{1,2}|" + _HOURS + r")"
         r"(?=\s+(?:o'clock|every|each|in\s+the)\b))(?:\s+o'clock)?"
         r"(?:\s+(?:every|each)\s+(?:morning|evening|night|day)|\s+in\s+the\s+(?:morning|evening))?")
DAILY = (rf"{CLOCK}|(?:before|after)\s+(?:work|school|breakfast|lunch|dinner|class|college|church)"
         rf"|{EVERY}\s+(?:morning|evening|night|weekend)s?|in\s+the\s+(?:morning|afternoon|evening)s?"
         r"|at\s+(?:night|weekends|the\s+weekend|lunchtime)|on\s+(?:weekends|the\s+weekend)")
# when, of a week or a day, said between the thing and where ("... every morning in the park")
WHEN_OR_DAILY = rf"(?:\s+(?:{_EVERY_WEEK}|{DAILY}))?"

# the thing done, said before its verb's object ends ("Every Wednesday I take a pottery class.")
THING_ENDED = (r"(?:to\s+)?(?:(?:the|my|a|an)\s+)?(?P<k>[a-z][\w-]*(?:\s+(?!(?:"
                + "|".join(sorted(ENDS)) + r")\b)[a-z]+)?)")

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


# The readers of a thing done (`profile_verbs` reads them in its order)
DONE_READERS = (
    # the day something is done ("I play volleyball every Sunday." kept `sport played: volleyball` and no
    # day, and "When do I play volleyball?" got "Your question about volleyball.", session 56): kept under
    # the thing's word and "day" (`volleyball day: Sunday`), which smol answers as asked by it
    ("day", re.compile(rf"(?<!\bto )\b{DONE}\s+{THING}{WITH_SOMEONE}{WHERE}{WITH_SOMEONE}\s+"
                       rf"(?:{EVERY}\s+|"
                       rf"on\s+(?=(?:{DAYS_EACH}|{DAY}s?\s+and\s+(?:{DAYS_EACH}))\b))"  # "on Monday and
                       rf"(?P<v>{WEEKLY}(?:\s+and\s+{WEEKLY})?)\b")),  # Thursday mornings" (session 61)
    # or a day of every month ("I run a book club on the first Monday of every month.", session 68)
    ("day", re.compile(rf"(?<!\bto )\b{DONE}\s+{THING}{WITH_SOMEONE}{WHERE}\s+on\s+the\s+"
                       rf"(?P<v>(?:first|second|third|fourth|last)\s+{DAY}\s+of\s+(?:every|each|the)\s+month)\b")),
    # the days said first ("On Saturdays I go swimming with my friend Ewa.", "Every Wednesday I take a
    # pottery class.", "Wednesdays I ...", session 69), whose is said after them
    ("day", re.compile(rf"^\s*(?:On\s+(?=(?:{DAYS_EACH})\b)|Every\s+|(?={DAY}s\b))(?P<v>{WEEKLY})"
                       rf",?\s+(?P<who>I|we|my\s+[a-z]+|{NAME})\s+(?:usually\s+|often\s+|always\s+)?"
                       rf"{DONE}\s+{THING_ENDED}\b")),
    # the time of day ("I usually go running before work." kept nothing, and "When do I go running?" got
    # "Since the summer, you have run the 2018 Games.", session 57): kept as `running time: before work`,
    # which smol answers as asked by it ("Your running time is before work."); one thing had ("I have a
    # meeting before work.") or going home is no habit
    # said after where too ("I go surfing at bells beach on weekends.", session 65)
    ("time", re.compile(rf"(?<!\bto )\b(?!ha(?:ve|s|ving)\s+an?\s|go(?:es|ing)?\s+home\b){DONE}\s+"
                        rf"{THING}{WITH_SOMEONE}{WHERE}\s+(?P<v>{DAILY})\b")),
    # whom a thing is done with ("I play tennis with my friend Clara every Sunday." was kept as `friend
    # job: tennis player`, and "Who do I play tennis with?" got "Your tennis player.", session 58): kept
    # as `tennis partner: Clara`, which smol answers as asked ("Your tennis partner is Clara."), and the
    # friend's name where the profile holds none (`named_with`)
    # when said before whom too ("i play football on wednesdays with my cousin diego" kept `cousin job:
    # football player`, session 61)
    ("partner", re.compile(rf"(?<!\bto )\b{DONE}\s+{THING}{WHERE}{WHEN}\s+with\s+"
                           rf"(?:(?i:my)\s+(?P<kin>[a-z]+)\s+)?(?P<v>{NAME})\b")),
    # where a thing is done ("I volunteer at a food bank on Sundays.", "I sing in the church choir every
    # Sunday.": "Where do I volunteer?" got "Your volunteering day is Sundays.", session 62): `volunteering
    # place: food bank`, asked by its key (`profile_asked`)
    # or without an article where its words end in a place's (`profile_done.AT`), said before or after when
    # ("I go walking with my dog every morning in the park.", session 65)
    ("place", re.compile(rf"(?<!\bto )\b{DONE}\s+{THING}{WITH_SOMEONE}{WHEN_OR_DAILY}\s+{AT}"
                         r"(?P<v>[a-z]+(?:\s+(?!(?:every|each|most|on|with|and|before|after|at|in|called"
                         r"|named)\b)[a-z]+){0,2})\b"
                         r"(?!\s+(?:called|named)\b)")),  # "in a band called the lowlights": a band's name
    # or a named place a pastime is gone to ("Every winter I go skiing in Geilo." was kept as `city: Geilo`
    # over the user's Bergen, session 69)
    ("place", re.compile(rf"\b(?:go|goes|going)\s+(?P<k>[a-z]+ing){WHEN_OR_DAILY}\s+in\s+"
                         r"(?P<v>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\b")),
    # or with relatives together or one, unnamed ("i play cricket every sunday with my cousins" kept no
    # one, session 62): `cricket partner: cousins`; or a group (`running partner: running club`)
    ("partner", re.compile(rf"(?<!\bto )\b{DONE}\s+{THING}{WHERE}{WHEN}\s+with\s+"
                           rf"(?:(?i:my|our)|a(?=\s+{GROUP}\b))\s+"
                           rf"(?P<v>(?:{KIN_TOGETHER}|{KIN_ONE}|{GROUP}))\b")),
)
