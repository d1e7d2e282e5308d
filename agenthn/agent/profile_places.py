"""Where a proposed place is said to be, for `profile_said.as_said`: where the user lives, is from or works,
as the turn says it, whatever key the model gave it ("a nurse from Osaka, but I live in Vancouver now"
was kept as `city: Osaka`); and, for `profile_parse`, the place a job is done in, whether the model wrote
it into the job (`place_unglued`) or left it in the turn (`job_place_lines`)."""

from __future__ import annotations

import re

from agenthn.agent import kinds, relations

TIMES = re.compile(r"(?:(?:next|last|this|in|on)\s+)?(?:january|february|march|april|may|june|july|august|"
                    r"september|october|november|december|spring|summer|autumn|fall|winter|monday|tuesday|"
                    r"wednesday|thursday|friday|saturday|sunday|week|weekend|month|year)s?", re.IGNORECASE)
_YEAR = re.compile(r"(?:in\s+)?(?:19|20)\d{2}")
_WHEN_WORD = re.compile(r"last|next|this|now|today|tonight|recently|yesterday|tomorrow|soon|later", re.I)


def time_as_place(key: str, value: str | None) -> bool:
    """Whether a place's value is a time: "Our daughter Maya is starting university in September." was
    proposed `daughter city: September` (session 50), and "When does Maya start university?" got "Your
    daughter's name is September.". Likewise a job's or business's ("Liesel is a dentist now, she
    qualified in June." `boss job: June`, session 51), or a year ("We got married in 2015, ..." was
    proposed `wedding venue: 2015`, session 55), or a word of when alone; and a trip's that is past ("my mum
    lives with us now, she moved in last spring" was proposed `mother city: last` and `holiday: last spring`,
    session 70)."""
    k, v = kinds.kind(key), (value or "").strip()
    if k == "trip":
        return v.lower().startswith("last ") and bool(TIMES.fullmatch(v))
    return value is not None and k in ("place", "origin", "job", "business") and any(
        r.fullmatch(v) for r in (TIMES, _YEAR, _WHEN_WORD))


def place_as_said(key: str, value: str, turn: str) -> str | None:
    """The key of a place (or of what was proposed as one) as the turn says it, or None where it says
    the model's: `hometown` for a city the turn says the user is from and not where they live; `city`
    for an origin the turn says they live in and not where they are from, and for a favourite city the
    turn says they live in and never says a favourite of ("morning! ben here, 45, retired firefighter
    living in cork" was proposed `favourite city: cork`, session 61); `job` for an employer the turn
    says the user is; `employer` for a city the turn says they work at."""
    if key in _LIVES_KEYS and _said_as_from(value, turn):
        return "hometown"
    # a relative's too ("My roommate Jia is from shanghai." was kept as `roommate city: Shanghai`, and
    # "where is jia from?" got "Your roommate's name is Shanghai.", session 64)
    kin, _, own = key.partition(" ")
    if kin in relations.KIN and own in _LIVES_KEYS and _said_as_from(value, turn):
        return f"{kin} hometown"
    # the user's own, where the turn says "I live in" it ("i live in cardiff with my girlfriend megan" was
    # kept as `partner city: Cardiff`, and "where do i live?" got "Your city is MX.", session 66)
    if kin in relations.KIN and own in _LIVES_KEYS and re.search(
            rf"\bI\s+(?:live|am living|'m living)\s+in\s+{re.escape(value)}\b", turn, re.IGNORECASE):
        return "city"
    lived_in = said_only_after(value, turn, _LIVES_NOW, _FROM)
    if kinds.kind(key) == "origin" and (lived_in or said_only_after(value, turn, _IN_NOT_FROM, _FROM)):
        return "city"
    favoured = re.search(r"favou?rite", turn, re.IGNORECASE)
    # or a last or new one ("actually i just moved to bath last month" was proposed `last city: Bath`, and
    # "where do i live now?" got "Your city is Brno.", session 67)
    if re.sub(r"^(?:favourite|last|new|latest) ", "", key) in _LIVES_KEYS and lived_in and not favoured:
        return "city"
    # or when ("actually i moved to edinburgh last month" was kept as `year moved: edinburgh`, session 69)
    if "moved" in key.split() and re.search(rf"\bmoved\s+to\s+{re.escape(value)}\b", turn, re.IGNORECASE):
        return "city"
    if kinds.kind(key) == "employer" and _said_as_role(value, turn):
        return "job"
    if key in _LIVES_KEYS and _said_as_workplace(value, turn):
        return "employer"
    return None


def _said_as_role(value: str, turn: str) -> bool:
    """Whether the turn says the value as what the user is, in lower case after "a" or "an" ("Maya, a
    software engineer at Shopify" was proposed as `employer: software engineer`, session 45): a job, not
    whom it is for. After a place's preposition it is a place ("a nurse at a children's hospital",
    session 48), not a role."""
    return bool(re.search(rf"(?<!\bat )(?<!\bin )(?<!\bon )(?<!\bfor )(?<!\bfrom )(?<!\bnear )\b(a|an)\s+"
                          rf"{re.escape(value.strip())}\b", turn)) and value.strip().islower()


def _said_as_workplace(value: str, turn: str) -> bool:
    """Whether the turn says the value only as where the user works ("a nurse at Charite and I live in
    Berlin" was proposed as `city: Charite`, session 45): after "at", and never after in, to or from."""
    return said_only_after(value, turn, r"at", r"(in|to|from|of)")


def said_only_after(value: str, turn: str, after: str, never: str) -> bool:
    """Whether the turn says the value after the words `after` matches and nowhere after `never`'s."""
    v = re.escape(value.strip())
    return bool(re.search(rf"\b{after}\s+{v}\b", turn, re.IGNORECASE)) and not re.search(
        rf"\b{never}\s+{v}\b", turn, re.IGNORECASE)


_LIVES_KEYS = frozenset({"city", "home city", "town", "home town", "current city"})
_LIVES = r"(live|lives|living|based|moved|moving|settled|stay|staying|reside)\s+(in|to|at)"
# where one lives now ("I used to live in Paris, but I moved to Lisbon" keeps Paris a hometown)
_LIVES_NOW = r"(?:(?<!used to )(?:live|lives|living|based|settled|staying|reside)\s+(?:in|at)|moved\s+to)"
_FROM = r"(?:from|grew up in|born in|raised in)"
# a place one is in, not one grown up or born in ("I'm a taxi driver in Manchester, originally from
# Lahore." was kept as `hometown: Manchester`, and "Where am I originally from?" got it, session 58), nor
# one lived in (`_LIVES_NOW` says which of those is now: "I used to live in Paris")
_IN_NOT_FROM = r"(?<!\bup )(?<!\bborn )(?<!\braised )(?<!\blive )(?<!\blived )(?<!\bliving )in"


def _said_as_from(value: str, turn: str) -> bool:
    """Whether the turn says the value only as where the user is from ("I'm from Osaka"), never as where
    they live ("I live in Osaka", "moved to Osaka")."""
    return said_only_after(value, turn, r"from", _LIVES)


_PLACE = r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?\b"
# a place typed in lower case, ending its clause ("hiya, name's kim, i'm a nurse in york" kept no city,
# session 61), not a word a job is done in otherwise ("a nurse in training")
_TYPED_PLACE = (r"(?!(?:a|an|the|my|our|training|charge|town|practice|private|general|person|sales|marketing"
                r"|finance|retail|education|health|tech|it)\b)[a-z][a-z'-]+(?=\s*(?:[.,!;]|$))")


# A kind of place one lives in, which the turn may say is near a named one
_SETTLEMENT = frozenset({"village", "town", "suburb", "hamlet", "city", "countryside", "area"})


def place_near(key: str, value: str | None, turn: str | None) -> str | None:
    """A place's value proposed as a kind of place the turn says is near a named one, as the turn says
    where: "We live in a small village near Munich." was proposed `city: village`, and "Where do I live?"
    got "Your city is village." (session 62): `near Munich`. Else the value as it came."""
    if not (value and turn and kinds.kind(key) == "place" and value.strip().lower() in _SETTLEMENT):
        return value
    m = re.search(rf"\b(?i:{re.escape(value.strip())})\s+(?P<v>(?i:near|outside|close to|just outside)\s+"
                  rf"(?:{_PLACE}|{_TYPED_PLACE}))", turn)
    return m.group("v") if m else value


def city_whole(key: str, value: str | None, turn: str | None) -> str | None:
    """A place's value the turn says with "city" after it, with it ("sol, 34, freelance illustrator, based in
    mexico city" was proposed `city: mexico`, and "where am i based?" got "Your city is Mexico.", session
    69): `Mexico City`. Else the value as it came."""
    if not (value and turn and kinds.kind(key) == "place") or value.strip().lower().endswith("city"):
        return value
    # not "Leeds city centre"
    m = re.search(rf"\b{re.escape(value.strip())}\s+(city)\b(?!\s+(?:centre|center|council|hall|limits|break"
                  r"|walls|fc|library|hospital|airport|marathon)\b)", turn, re.IGNORECASE)
    return f"{value.strip()} {m.group(1).capitalize()}" if m else value


# a job with the place it is done in after it ("bus driver in Accra", "sister job: nurse in New York", typed
# in lower case too: "delivery driver in lagos", session 69), or the place one is from ("software developer
# from taipei")
_JOB_IN = re.compile(r"^(ADD|UPDATE)\s+((?:[a-z-]+ )?)job:\s*(.+?)\s+"
                     rf"(?:in\s+(?-i:(?P<in>{_PLACE}|{_TYPED_PLACE}))"
                     r"|from\s+(?P<from>[a-z][\w'-]*(?: [a-z][\w'-]*)?))\s*$", re.IGNORECASE)


def place_unglued(line: str, profile: dict[str, str], turn: str | None) -> list[str]:
    """A job the model wrote with the place the turn says it is done in: "yo, name's kwame, i drive buses
    in accra" was proposed `job: bus driver in Accra` and kept no city ("where do i live?" -> "Your city is
    kofi.", session 61): the job, and the place as the city (`work city` where another city is held); a
    place said after "from" as the hometown ("chen, 34, software developer from taipei")."""
    m = _JOB_IN.match(line)
    place = m and (m.group("in") or m.group("from"))
    said = place and re.search(rf"\b(?:in|from)\s+{re.escape(place)}\b", turn or "", re.IGNORECASE)
    if not said:
        return [line]
    op, whose, job = m.group(1), m.group(2), m.group(3)
    city = f"{whose}{'city' if m.group('in') else 'hometown'}"
    city = city if profile.get(city, place).lower() == place.lower() else f"{whose}work city"
    return [f"{op} {whose}job: {job}", f"ADD {city}: {place}"]


def job_place_lines(turn: str, jobs: dict[str, str], held: set[str]) -> list[str]:
    """`ADD <whose>city: <place>` for a job kept (`jobs`, the turn's edits, key to value) whose words the
    turn says before "in" and a place, where no city of theirs is held or kept (`held`, keys): "My
    brother Raj is a doctor in London." kept `brother job: doctor` and no city, and "Where does Raj
    work?" got "Raj's employer is empathy." (session 61); `hometown` for a place said after "from", where
    no edit keeps it under another key ("I'm Amara, a midwife from Lagos, now living in London." kept no
    word of Lagos, session 62)."""
    lines, values = [], {v.lower() for v in jobs.values() if v}
    for key, value in jobs.items():
        whose = key.removesuffix("job")
        if not value or not (key == "job" or key.endswith(" job")):
            continue
        m = re.search(rf"\b{re.escape(value)}\s+(in|from)\s+({_PLACE}|{_TYPED_PLACE})", turn)
        place = m and f"{whose}{'city' if m.group(1) == 'in' else 'hometown'}"
        elsewhere = m and m.group(1) == "from" and m.group(2).lower() in values  # kept under another key
        # a place key held, but for the job itself proposed as it ("ADD hometown: midwife", refused later)
        taken = m and place in held and (jobs.get(place) or "").lower() != value.lower()
        lines += [f"ADD {place}: {m.group(2)}"] if m and not taken and not elsewhere else []
    return lines


# where the user says they live, by a name ("I live in Harrogate with my husband Peter, who used to be a bank
# manager." kept only `housemate: Peter`, and "Where do I live?" got "Your city is Porto.", session 69)
_LIVE_IN = re.compile(rf"\b(?:I|we)\s+(?:now\s+)?(?:live|am living|'m living|are living|'re living)\s+in\s+"
                      rf"(?P<v>{_PLACE})")


def lived_in_lines(turn: str, kept: dict[str, str], held: set[str]) -> list[str]:
    """`ADD city: <place>` for the place the turn says the user lives in (`_LIVE_IN`), where no city is
    held or kept (`held`, keys) and no edit of the turn keeps that place under another key (`kept`)."""
    m = _LIVE_IN.search(turn)
    if not m or "city" in held or m["v"].lower() in {v.lower() for v in kept.values() if v}:
        return []
    return [f"ADD city: {m['v']}"]
