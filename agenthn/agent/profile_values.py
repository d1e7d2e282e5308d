"""A proposed value in the words the user's turn says it, for the profile parser (`profile_parse`).

The small proposer copies a value from the turn and now and then changes or cuts it on the way: a number
the turn spells out comes back in digits (`number_as_said`), a date as its day alone (`date_as_said`), a
state without how long it has lasted (`duration_as_said`). Each helper puts back what the turn says, so
that grounding finds the value said and the profile keeps it whole; none reads a fact the model did not
propose. Three more give a proposed value the key the turn says it under: a place said after "in" is no
employer (`place_as_employer`), a count of "her two kids" is not the user's children (`whose_count`), and
a food one does not eat is a restriction, not a diet (`restriction_as_said`); and one refuses a number
that counts something its key does not name (`counts_other`).
"""

from __future__ import annotations

import re

from agenthn.agent import kinds, relations
from agenthn.agent.profile_places import city_whole, place_near
from agenthn.agent.profile_said import (
    CALLED,
    CAPITAL,
    NUMBER_WORDS,
    NUMBER_WORDS_RE,
    SENTENCE,
    is_job,
    kin_key,
)

_DIGITS = re.compile(r"\b\d{1,2}\b")
_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
          r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)")
_ORDINAL = (r"(?:(?:twenty|thirty)[- ]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
            r"|eleventh|twelfth|\w+teenth)|twentieth|thirtieth")
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORDINAL})"
# a date as said: "the 14th of March", "14 March", "March 14th", "March the 14th"
DATE = re.compile(rf"\b(?:(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}|{_MONTH}\s+(?:the\s+)?{_DAY})(?!\w)",
                   re.IGNORECASE)
_DAY_ALONE = re.compile(rf"(?:the\s+)?{_DAY}|{_MONTH}", re.IGNORECASE)
_COUNT = rf"\d+|a few|several|a|an|{NUMBER_WORDS_RE}"
# not eating or drinking something ("I can't eat gluten", "he never drinks coffee"), a word between allowed
_NOT_EAT = r"(?:don't|do not|doesn't|does not|can't|cannot|can not|never|won't|mustn't)\s+(?:\w+\s+)?"
# how long something has lasted: "for ten years", "for about five years", "for a couple of months"
_DURATION = (rf"for\s+(?:(?:about|around|nearly|almost|over|roughly|more than|a couple of)\s+)?(?:{_COUNT})"
             r"(?:\s+and\s+a\s+half)?\s+(?:years?|months?|weeks?|decades?)")


def number_as_said(value: str | None, turn: str | None) -> str | None:
    """`value` with each number the proposer wrote in digits but the `turn` spells out ("our daughter is
    seven" proposed `daughter age: 7`) written as the turn spells it, so that grounding finds it said
    (session 49: the age was rejected as not in the turn); a number the turn writes in digits is kept."""
    if turn is None or value is None:
        return value
    low = turn.lower()

    def spelled(m: re.Match) -> str:
        if re.search(rf"\b{m.group()}\b", low):
            return m.group()
        words = [w for w, n in NUMBER_WORDS.items() if n == int(m.group()) and re.search(rf"\b{w}\b", low)]
        return max(words, key=len) if words else m.group()
    return _DIGITS.sub(spelled, value)


def date_as_said(value: str | None, turn: str | None) -> str | None:
    """The whole date the `turn` says where the proposer kept only its day or month, or wrote it another
    way: "My birthday is on the 14th of March." was proposed `birthday: 14th` (session 54, with a longer
    profile shown; alone it gave the whole date), and "When is my birthday?" got "Your birthday is 14th.";
    "our anniversary is on the 3rd of October" was proposed `anniversary: 3rd October` and refused as not
    said (session 55). Each day and month of the value must be part of the one date the turn says them
    in, not a number said elsewhere in it ("I'm 14 and my birthday is in May")."""
    if turn is None or value is None or not any(r.fullmatch(value.strip()) for r in (_DAY_ALONE, DATE)):
        return value
    parts = [re.compile(rf"(?<!\w){re.escape(p)}(?!\w)", re.IGNORECASE)
             for p in re.findall(rf"(?<!\w)(?:{_DAY}|{_MONTH})(?!\w)", value, re.IGNORECASE)]
    dates = [m.group() for m in DATE.finditer(turn) if all(p.search(m.group()) for p in parts)]
    return bare_date(dates[0]) if len(dates) == 1 else value


def bare_date(date: str) -> str:
    """A date as the profile keeps it: without the "the" it may be said with ("the 14th of March")."""
    return re.sub(r"^the\s+", "", date, flags=re.IGNORECASE)


def duration_as_said(key: str, value: str | None, turn: str | None) -> str | None:
    """`value` with how long the turn says it has lasted ("I've been vegetarian for ten years." proposed
    `diet: vegetarian`, and "How long have I been vegetarian?" got "I've been vegetarian.", session 50's
    chat): the value said after "have been" (a word or two between: "been running marathons") and before
    a duration. Not a job's: "I've been a firefighter for fifteen years" keeps `job: firefighter`; nor a
    name's ("I've been married to Ingrid for twenty years." kept `partner name: Ingrid For Twenty Years`)."""
    if turn is None or value is None or is_job(key) or kinds.kind(key) == "name":
        return value
    m = re.search(rf"\b(?:have|'ve|has)\s+been\s+(?:[\w'-]+\s+){{0,2}}?{re.escape(value)}\s+({_DURATION})\b",
                  turn, re.IGNORECASE)
    return f"{value} {m.group(1)}" if m else value


def says_how_long(value: str) -> bool:
    """Whether a value holds how long it has lasted (as `duration_as_said` keeps it)."""
    return re.search(rf"\b{_DURATION}\b", value, re.IGNORECASE) is not None


def free_as_said(value: str | None, turn: str | None) -> str | None:
    """What a diet "free" of something leaves out, where the turn says it is not eaten: "I can't eat gluten,
    I'm coeliac." was proposed `diet: gluten-free` and refused as not said (session 55's run of s52d, and
    "What can't I eat?" got "You buy gluten-free bread and a salad with arugula."): `gluten`, which
    `restriction_as_said` then keys as a `food restriction`."""
    m = re.fullmatch(r"([a-z]+)[- ]free", (value or "").strip(), re.IGNORECASE)
    if not (m and turn and re.search(rf"\b{_NOT_EAT}eats?\s+(?:any\s+)?{m.group(1)}\b", turn, re.IGNORECASE)):
        return value
    return m.group(1)


# Keys of proper names, by their last word: a name or a named place is written with capitals
_PROPER = frozenset({"name", "nickname", "surname", "city", "town", "village", "hometown", "birthplace",
                     "country"})


def name_as_written(key: str, value: str | None, turn: str | None) -> str | None:
    """A name the turn typed in lower case, with its capitals: "hey im sipho, ..." kept `name: sipho` and
    "Your wife's name is thandi." was said back (session 57); `city: johannesburg` is `Johannesburg`;
    children's names together too ("Your kids are zawadi, baraka and imani.", session 58), and pets', not
    a count. A value with any capital is left as typed ("van der Berg" stays), and so is any other key's."""
    counted = any(w in NUMBER_WORDS or w.isdigit() for w in re.findall(r"[\w-]+", value or ""))
    # children's or pets' names together ("zawadi and imani", `cats: luna and max`, session 59)
    together = kinds.kind(key) == "children" or key.removesuffix("s") in relations.PETS
    proper = key.split()[-1] in _PROPER or together and not counted
    # the first capitalized alone is the model's ("Thunder, misty and pepper", session 67)
    typed, turn = (value[:1].lower() + value[1:] if value else value), turn or ""
    if not value or typed != typed.lower() or not proper or typed.lower() not in turn.lower():
        return value
    return re.sub(r"(^|[\s-])(?!(?:and|or)\b)([a-z])", lambda m: m.group(1) + m.group(2).upper(), value)


# words before a job that are not of it: how much one does it ("a full-time gardener" is `gardener`) or
# another article's
_NOT_OF_JOB = frozenset({"really", "very", "pretty", "quite", "so", "the", "a", "an", "my", "his", "her",
                         "full-time", "part-time"})


def job_as_said(key: str, value: str | None, turn: str | None) -> str | None:
    """A job with the words the turn says before it after "a" or "an" ("I'm a primary school teacher in
    Manchester." was proposed `job: teacher`, and "What kind of school do I teach at?" got "Your school is
    teacher.", session 61): `primary school teacher`."""
    if not (value and turn and is_job(key)):
        return value
    m = re.search(rf"\ban?\s+((?:[a-z][\w-]*\s+){{1,3}}){re.escape(value.strip())}\b", turn)
    words = m.group(1).split() if m else []
    return " ".join(words + [value.strip()]) if words and not _NOT_OF_JOB & set(words) else value


def ages_dropped(key: str, value: str | None, turn: str | None) -> str | None:
    """Children's names proposed with their ages ("we've got two kids, jack who's 7 and lily who's 4" was
    proposed `children: Jack 7 and Lily 4`, refused as not said, session 61): the names alone, where the
    turn says each (`profile_named.named_age_lines` keeps the ages)."""
    if not value or not turn or kinds.kind(key) != "children":
        return value
    names = re.sub(rf"\b([A-Z][\w'-]*)\s+(?:\d{{1,2}}|{NUMBER_WORDS_RE})\b", r"\1", value)
    said = all(re.search(rf"\b{re.escape(n)}\b", turn) for n in re.findall(r"[A-Z][\w'-]*", names))
    return names if names != value and said and not re.search(r"\d", names) else value


def value_as_said(key: str, value: str | None, turn: str | None) -> str | None:
    """`value` with its numbers, its date and how long it has lasted as the turn says them, what a diet
    "free" of something leaves out, a job's words before it, children's names without their ages, a
    name's capitals, a kind of place as what the turn says it is near (`place_near`), and a city named with
    "city" whole (`city_whole`)."""
    said = duration_as_said(key, date_as_said(number_as_said(free_as_said(value, turn), turn), turn), turn)
    named = name_as_written(key, ages_dropped(key, job_as_said(key, ungreeted(key, said), turn), turn), turn)
    return city_whole(key, place_near(key, named, turn), turn)


def place_as_employer(key: str, value: str | None, turn: str | None, profile: dict[str, str]) -> str:
    """The key of a place said where the proposer named an employer: "I work as a graphic designer in
    Milan." was proposed `employer: Milan` (session 54's held-out chat). A value with a capital said
    after "in" and never after at, for, with or by is where the user works: `city` where the profile
    holds none (the proposer keys "I'm a nurse in Leeds" so), else `work city`."""
    if not (turn and value and value[:1].isupper() and (key == "employer" or key.endswith(" employer"))):
        return key
    v = re.escape(value.strip())
    elsewhere = re.search(rf"\b(?:at|for|with|by)\s+{v}\b", turn, re.IGNORECASE)
    if elsewhere or not re.search(rf"\bin\s+{v}\b", turn):
        return key
    whose = key.removesuffix("employer")
    return f"{whose}city" if f"{whose}city" not in profile else f"{whose}work city"


def pets_as_said(key: str, value: str | None, turn: str | None) -> str:
    """The pets' key the turn says their names under: "i've got two cats, kofi and yaw" was proposed `pets:
    kofi and yaw` and "what are my cats called?" got "Your cat's name is Yuan." (session 61): `cats`, the
    one kind of pet the turn names in the plural, for names said together."""
    if key not in ("pets", "pet names") or not value or not turn or not re.search(r",| and ", value):
        return key
    said = {w.lower() for w in re.findall(r"[A-Za-z]+", turn)}
    named = [p for p in relations.PETS if f"{p}s" in said]
    return f"{named[0]}s" if len(named) == 1 else key


_THEIR = r"(?:his|her|their)"
_BROOD = r"(?:kids|children|sons|daughters|boys|girls|grandchildren|grandkids)"


def whose_count(key: str, value: str | None, turn: str | None) -> str | None:
    """Whose children a count filed as the user's is: "My sister Giulia lives in Turin with her two kids."
    was proposed `children: two` (session 54's held-out chat) and the profile said the user had two. The
    count said only after his, her or their is the relative's the sentence names as "my <relative>"
    (`sister children`); "" where it names none (another's count, no one's key to file it under); None
    where the count is not said so (the user's own, or no count)."""
    if turn is None or value is None or key not in ("children", "kids", "grandchildren"):
        return None
    v = re.escape(value.strip())
    theirs = [s for s in SENTENCE.findall(turn) if re.search(rf"\b{_THEIR}\s+{v}\s+{_BROOD}\b", s, re.I)]
    if not theirs or re.search(rf"\b(?:my|our|i have|we have|i've got|we've got)\s+{v}\b", turn, re.I):
        return None
    kin = [kin_key(w) for w in re.findall(r"\bmy\s+(\w+)", theirs[0], re.IGNORECASE)]
    kin = [k for k in kin if k in relations.PEOPLE]
    return f"{kin[0]} {key}" if kin else ""


# what one runs, said as a job ("i run a little b&b in the cotswolds" was proposed `job: little b&b`, and
# "what do i run?" got "I'm running a bike shop called biawys.", session 68): the business, its size no part
_RUN = r"\b(?:run|runs|running|own|owns)\s+(?:a|an|the|my|our|his|her)\s+"
# a relative keyed by their word alone, or their age by "number" ("I've got a little boy, Emil, who is
# three." was proposed `son: Emil` and `son number: three`, session 68's held-out chat)
_ONE_KIN = frozenset({"son", "daughter", "brother", "sister", "wife", "husband", "partner", "girlfriend",
                      "boyfriend", "mother", "father", "grandson", "granddaughter", "niece", "nephew",
                      "cousin", "uncle", "aunt"})


def kin_keyed(key: str, value: str | None, turn: str | None) -> str:
    """`son name` for `son: Emil` (a name written with its capital the turn says), `son age` for `son
    number: three` (a number the turn says after "is" or "aged"); else the key."""
    if not (value and turn):
        return key
    v = re.escape(value.strip())
    if key in _ONE_KIN and re.fullmatch(r"[A-Z][\w'-]+", value.strip()) and re.search(rf"\b{v}\b", turn):
        return f"{key} name"
    kin = key.removesuffix(" number")
    if kin != key and kin in _ONE_KIN and re.search(rf"\b(?:is|aged|who's|'s)\s+{v}\b", turn, re.I):
        return f"{kin} age"
    return key


# things run that are no business
_RACES = frozenset({"marathon", "marathons", "race", "races", "5k", "10k", "half", "ultra", "mile",
                    "triathlon", "errand", "errands", "bath", "risk", "check", "test", "tests", "laps"})
_SIZE = re.compile(r"^(?:(?:little|small|tiny|local|big|new)\s+)+", re.IGNORECASE)


def business_as_said(key: str, value: str | None, turn: str | None) -> tuple[str, str | None]:
    """`(business key, value)` for a job whose value the turn says right after "run a" or "own a", its size
    left out (`business: b&b` of `job: little b&b`); else as it came."""
    words = key.split()
    if not (value and turn and words and words[-1] == "job" and value.split()[-1].lower() not in _RACES
            and re.search(rf"{_RUN}{re.escape(value.strip())}\b", turn, re.IGNORECASE)):
        return key, value
    return " ".join([*words[:-1], "business"]), _SIZE.sub("", value.strip()) or value


_DIETS = frozenset({"vegetarian", "vegan", "pescatarian", "pescetarian", "a vegetarian", "a vegan",
                    "a pescatarian", "plant-based", "flexitarian"})


def diet_as_said(key: str, value: str | None) -> str:
    """`diet` for a job whose value is one ("i'm a vegetarian" was proposed `job: vegetarian` over `job:
    plumber`, and "what is my job?" got "You are a vegetarian.", session 68); else the key."""
    words = key.split()
    if not (value and words and words[-1] in ("job", "occupation", "profession")
            and value.strip().lower() in _DIETS):
        return key
    return " ".join([*words[:-1], "diet"])


def restriction_as_said(key: str, value: str | None, turn: str | None) -> str:
    """The key of a food or drink the turn says is not eaten or drunk: "I don't eat pork." was proposed
    `diet: pork` (with a profile shown; `disliked food: pork` alone), and "What don't I eat?" got "You do
    pork, once a day." (session 55); kept as `food restriction`, smol says "You don't eat pork.". A diet
    said as one ("I'm vegetarian") keeps its key."""
    words = key.split()
    if not (turn and value and words) or words[-1] not in ("diet", "food", "foods", "drink", "drinks"):
        return key
    verb = "drink" if words[-1].startswith("drink") else "eat"
    if not re.search(rf"\b{_NOT_EAT}{verb}s?\s+(?:any\s+)?{re.escape(value.strip())}\b", turn, re.IGNORECASE):
        return key
    whose = words[0] + " " if len(words) > 1 and words[0] in relations.KIN else ""
    return f"{whose}{'drink' if verb == 'drink' else 'food'} restriction"


def counts_other(key: str, value: str | None, turn: str | None) -> str | None:
    """Why a `number` key's value is refused: it counts what the turn says right after it and the key does
    not name ("My wife Ewa and I have two daughters, ..." was proposed `wife number: two`, session 55);
    None where it is not so."""
    words = key.split()
    if not (turn and value and words) or words[-1] != "number":
        return None
    # a relative's count holds a number ("Maya is nine and Zoe is six." gave `child number: Zoe`, session 70)
    if words[0] in relations.KIN and not re.search(rf"\d|\b(?:{NUMBER_WORDS_RE})\b", value, re.I):
        return f"{value!r} is no count"
    # "children" too ("My late wife Margaret and I had three children." was kept as `wife number: three`,
    # session 70); a child's word counts children ("two grandsons": `grandchildren number`); no "bus"
    m = re.search(rf"\b{re.escape(value.strip())}\s+([a-z]+[^su]s|(?:grand)?children)\b", turn, re.I)
    brood = m and re.fullmatch(rf"(?:grand)?{_BROOD}", m.group(1).lower())
    if brood and words[0] == ("grand" if m.group(1).lower().startswith("grand") else "") + "children":
        return None
    if m and m.group(1).lower() not in words:
        return f"{value!r} counts {m.group(1)}, not {key!r}"
    return None


def name_as_said(key: str, value: str | None, turn: str | None) -> str:
    """The key of a name the `turn` says right after another relative's word: theirs ("I go climbing with
    my colleague Maja." was proposed `partner name: Maja` over the held `partner name: Lars`, session 59),
    where the turn does not say the key's relative too (a partner by any partner word); else as it came."""
    if turn is None or not value or not key.endswith(" name") or key == "name":
        return key
    m = re.search(rf"\bmy\s+([a-z]+)\s+{re.escape(value.strip())}\b", turn, re.IGNORECASE)
    said = kin_key(m.group(1)) if m else None
    held = key.removesuffix(" name").split()[-1]
    words = {relations.ALIASES.get(w, w) for w in re.findall(r"[a-z]+", turn.lower())}
    partner = held in relations.PARTNERS and words & relations.PARTNERS
    if said not in relations.KIN or held in words or partner:
        return key  # the key's relative said too ("When I said my dad Tiberius, I meant my uncle.")
    return f"{said} name"


def names_listed(value: str, turn: str) -> bool:
    """Whether `value` lists names ("Fatima, Bello and Hauwa") each said in one sentence of the `turn`, in
    that order, a word between them dropped: "We have three children: Fatima, Bello and little Hauwa." was
    proposed `children: Fatima, Bello and Hauwa` and refused as not said (session 59)."""
    names = [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", value) if n.strip()]
    if len(names) < 2 or not all(re.fullmatch(r"[A-ZÀ-ÖØ-Þ][^\W\d_'-]*", n) for n in names):
        return False
    for sentence in SENTENCE.findall(turn):
        at = [m.start() if (m := relations.said_word(n, sentence)) else -1 for n in names]
        if -1 not in at and at == sorted(at):
            return True
    return False


def sport_as_said(key: str, turn: str | None) -> str:
    """A key naming a sport the turn does not, where the turn names one other: that one."""
    words = key.split()
    said = set(re.findall(r"[a-z0-9]+", (turn or "").lower())) & kinds.SPORTS
    named = [w for w in words if w in kinds.SPORTS]
    if len(named) != 1 or named[0] in said or len(said) != 1:
        return key
    return " ".join(next(iter(said)) if w == named[0] else w for w in words)


_NAMES_SELF = r"\b(?:" + "|".join((*CALLED, "it's")) + r")\s+"
_NAMES_OTHER = r"(?<!\bI'm )(?<!\bam )\b(?:named|called)\s+"  # "a pitbull named", not "I'm called"


# words that greet, never a name ("yo, liam. i'm a barista in dublin" was proposed `name: yo`, session 63)
_GREETINGS = frozenset({"hi", "hey", "hello", "hiya", "yo", "howdy", "sup", "oi", "morning", "evening",
                        "afternoon", "greetings", "hola", "ciao"})


def ungreeted(key: str, value: str | None) -> str | None:
    """The user's name without a greeting said before it ("yo tunde here, 27, ..." was kept as `name: Yo
    Tunde`, session 69)."""
    words = (value or "").split()
    greeted = key == "name" and len(words) > 1 and words[0].lower() in _GREETINGS
    return " ".join(words[1:]) if greeted else value


def _greeting(value: str, turn: str) -> bool:
    """Whether a `name` is a word that greets (`_GREETINGS`), or the words the turn opens with, before "!"
    or ",", where it names the user after "I'm" or the like: "Kia ora! I'm Aroha, ..." was kept as `name:
    Kia ora`, and `name: Aroha` refused as a second name (session 58)."""
    opens = re.match(rf"\W*{re.escape(value.strip())}\s*[!,]", turn, re.IGNORECASE)
    return value.strip().lower() in _GREETINGS or bool(opens) and bool(
        re.search(_NAMES_SELF + r"[A-Z]|\b[A-Z][a-z]+\s+here\b", turn))  # "Ciao! Sofia here, ..." (s59)


def names_kept(op: str, key: str, value: str | None, profile: dict[str, str], turn: str | None) -> str | None:
    """Why an edit would put over someone's names what the turn says of them, or None. Session 52: with
    `children: Maya and Zoe` and `name: Hannah` kept, "Maya is nine and Zoe is six." was proposed as
    `UPDATE children: nine` and `UPDATE name: Zoe`, losing both the daughters' names and the user's.
    - a change of names (a `name` or children key) to a value naming no one, where the turn says every
      name held: it speaks of them, it does not rename them;
    - the user's `name` as a name the profile keeps for someone else, where the turn does not say the
      user is called so ("I'm Zoe", "my name is Zoe")."""
    if turn is None or value is None:
        return None
    held = profile.get(key)
    if op == "UPDATE" and held and kinds.kind(key) in ("name", "children"):
        names = CAPITAL.findall(held)
        if names and all(relations.said_word(n, turn) for n in names) and not CAPITAL.search(value):
            return f"the turn says {held!r} ({key!r}) and something of them, not a new {key!r}"
    if key != "name" or re.search(_NAMES_SELF + re.escape(value.strip()) + r"\b", turn, re.IGNORECASE):
        return None
    if _greeting(value, turn):
        return f"{value!r} greets: no name"
    # "got a pitbull named tank" was proposed `name: tank` over `name: Jamal` (session 61)
    if re.search(rf"{_NAMES_OTHER}{re.escape(value.strip())}\b", turn, re.IGNORECASE):
        return f"the turn names someone or something else {value!r}, not the user"
    other = next((k for k, v in profile.items() if k != "name" and kinds.kind(k) in ("name", "children")
                  and relations.said_word(value.strip(), v)), None)
    return f"{value!r} is kept as {other!r}, someone else's name" if other else None
