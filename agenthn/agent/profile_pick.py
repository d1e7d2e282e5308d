"""Which profile entries a message wears: the person it names, the kind of thing it asks, its words.

A profile is internalized one adapter part per fact line plus one for the style lines
(`retrieval.internalize_entries`), and each message composes only what it asks about. `pick` decides:
a question about someone the profile names ("What does Sam do now?") takes that person's entry of the
kind asked (`relations`), read by the base where the question shares no word with it; any other
question about the user takes the entry its words (TF-IDF) or smol's router pick, never one about
other people or pets and never one of a kind the question does not ask for ("Where ...?" passes over
`job`); a message not about its writer, a request for advice, or a statement that asks nothing wears the
style lines alone. A question asking what someone runs or studies is asked by the worn entry's key
(`kind_asked`).
"""

from __future__ import annotations

import re

from agenthn.agent import kinds, profile_verbs, relations, things
from agenthn.agent.profile_config import ProfileConfig
from agenthn.agent.profile_values import says_how_long
from agenthn.agent.retrieval import best_among, entries_text, pick_entries, select_worded
from agenthn.model.adapter import Adapter


def entry_keys(whole: Adapter) -> list[str]:
    """The key of each entry of a profile adapter made per entry ("partner job" of "partner job: plumber")."""
    return [e["line"].split(":", 1)[0] for e in whole.meta.entries]


def pick(model, config: ProfileConfig, whole: Adapter | None, query: str | None,
         profile: dict[str, str]) -> tuple[Adapter | None, bool, str | None]:
    """The adapter `query` wears (None when nothing applies), whether the question's own words picked
    its entry out (the person it names, or TF-IDF; not the router's guess by meaning: then it settles
    the question), and the question as the model is to be asked it where it named a person
    (`relations.Subject.asked`). `profile` is {} for an adapter made as one whole or no query."""
    rank = model.rank_by_router if model.router is not None else None  # smol: paraphrases
    query = kinds.as_done(query) if query else query  # "Who do I swim with?" as "... go swimming with?"
    if query is not None and states_only(query):  # asks nothing: the style lines alone
        return select_worded(whole, query, config.retrieve_k, facts=False)[0], False, None
    picked, asked, subject = _subject_entry(model, config, whole, query, profile)
    if picked is not None:
        return picked, True, asked
    # Not about the user, no fact entry: the router ranks some entry first for any question ("What is
    # the capital of France?" got "La France, la France, ..."), and TF-IDF matched "name" of "dog
    # name" in "Can you suggest a name for a cat?", which got "A cat is a cat, no?" (session 37).
    # About someone the profile names but holds nothing of the kind asked, or about someone it holds
    # nothing of at all (`relations.unheld_subject`): no fact entry either, and memory's segments answer
    # (sessions 43, 48).
    asked_of_me = query is None or about_user(query) and not asks_advice(query)
    mine = asked_of_me and not subject and not (profile and relations.unheld_subject(query, profile))
    own = _own_by_verb(whole, query, profile) if mine and config.retrieve_k == 1 else None
    if own is not None:
        asked = kind_asked(query, entry_keys(whole)[own]) if config.ask_named else None
        return pick_entries(whole, [own]), True, asked
    chosen, worded = select_worded(whole, query, config.retrieve_k, rank, facts=mine,
                                   avoid=_passed_over(whole, profile, query), never=_unfit(whole, query))
    picked = _picked_keys(whole, chosen) if profile else []
    own = _own_by_kind(whole, query, profile, picked) if mine else None
    if own is not None:
        chosen, picked = pick_entries(whole, [own]), [entry_keys(whole)[own]]
    asked = kind_asked(query, picked[0], value=profile.get(picked[0], "")) if len(picked) == 1 else None
    # the router's pick is the question's own where its key names the thing the question names
    # ... or the question's form asks for the kind of fact it holds and the user has no other such entry
    worded = worded or len(picked) == 1 and (things.thing_said(query, picked[0])
                                             or mine and kinds.kind_picks(query, picked[0], profile))
    return chosen, chosen is not None and worded, asked if config.ask_named else None


def _picked_keys(whole: Adapter, chosen: Adapter | None) -> list[str]:
    """The keys of the entries `chosen` carries ([] where nothing, or the whole profile, was picked)."""
    if chosen is None or not chosen.meta.extra.get("picked"):
        return []
    return [line.split(":", 1)[0] for line in entries_text(whole, chosen).splitlines()]


def _passed_over(whole: Adapter | None, profile: dict[str, str], query: str | None) -> frozenset[int] | None:
    """`retrieval.select_entries`' entries to pass over for a question that names no subject: those
    about other people and pets (`agent.relations.others`), and those that say nothing of a thing the
    question names (`relations.thing_unsaid`); `profile` is {} where none apply."""
    if not profile:
        return None
    keys, all_keys = relations.others(profile), entry_keys(whole)
    unsaid = things.thing_unsaid(query, all_keys) if query else [False] * len(all_keys)
    skip = frozenset(i for i, k in enumerate(all_keys) if k in keys or unsaid[i])
    return skip or None


def _unfit(whole: Adapter | None, query: str | None) -> frozenset[int] | None:
    """The entries of a kind the question does not ask for (`kinds.fits`: "Where ...?" passes
    over `job`), never worn for it; None where none are."""
    if query is None or whole is None or not whole.meta.entries:
        return None
    skip = frozenset(i for i, ok in enumerate(kinds.fitting(query, entry_keys(whole))) if not ok)
    return skip or None


def _subject_entry(model, config: ProfileConfig, whole: Adapter | None, query: str | None,
                   profile: dict[str, str]) -> tuple[Adapter | None, str | None, bool]:
    """A question about someone the profile names ("What does Sam do now?", "What is my partner's
    job?"): that subject's entry it asks about (`agent.relations`), as `pick` returns it, the
    question as the model is asked it, and whether the question was about a subject at all (True
    with no entry where none of theirs is of the kind asked: `kinds.fits`); (None, None, False)
    for any other question or an adapter made as one whole."""
    if not profile or config.retrieve_k != 1:
        return None, None, False
    about = relations.about_subject(query, profile)
    if about is None:
        return None, None, False
    keys = entry_keys(whole)
    theirs = [i for i, k in enumerate(keys) if k in about.keys]
    ok = kinds.fitting(query, [keys[i] for i in theirs])
    among = [i for i, good in zip(theirs, ok, strict=True) if good]
    texts = [relations.attribute(keys[i], about.subject) for i in among]
    # where the question shares no word with an attribute ("What does Sam do now?" and "job"), the base
    # reads better than the router, tried by hand (session 40): "which line makes the question
    # likeliest" (`scripts/probe_profile_router.py`, set `kin`, measures the whole choice)
    gain = getattr(model, "relevance", None)
    best = _asked_by_verb(query, keys, among, about.subject)
    if best is None and among:
        best = best_among(whole, among, texts, about.query, gain)
    if best is None:  # no entry of theirs of the kind asked (or nothing decides: the usual retrieval)
        return None, None, not among
    asked = about.asked if config.ask_named else None
    if config.ask_named:
        asked = kind_asked(asked or query, keys[best], about.subject, profile.get(keys[best], "")) or asked
    return pick_entries(whole, [best]), asked, True


def _own_by_verb(whole: Adapter | None, query: str | None, profile: dict[str, str]) -> int | None:
    """The user's one entry kept under the key of the verb the question asks by (`_asked_by_verb`):
    "What do I love growing?" had the router's `hobby: gardening` beside `crop: tomatoes` (session 57)."""
    if whole is None or not profile or not whole.meta.entries:
        return None
    keys, theirs = entry_keys(whole), relations.others(profile)
    return _asked_by_verb(query, keys, [i for i, k in enumerate(keys) if k not in theirs], "")


def _own_by_kind(whole: Adapter, query: str, profile: dict[str, str], picked: list[str]) -> int | None:
    """The user's own entry the question's form picks out (`kinds.kind_picks`), where the words picked
    someone else's: "What do I do for work?" wore `brother workplace: bank`, its one TF-IDF hit, over
    `job: firefighter` and got "You are a bank." (session 58)."""
    theirs = relations.others(profile)
    if len(picked) != 1 or picked[0] not in theirs:
        return None
    keys = entry_keys(whole)
    found = [i for i, k in enumerate(keys) if k not in theirs and kinds.kind_picks(query, k, profile)]
    return found[0] if len(found) == 1 else None


def _asked_by_verb(query: str | None, keys: list[str], among: list[int], subject: str) -> int | None:
    """The one entry of `among` kept under the key of the verb the question asks by (`_VERB_Q`: "What
    does my dad grow?" and `father crop: coffee`, where the base's likeliest line was `father job: farmer
    and coffee grower`, session 53), or their name where the question asks what they are called, or None."""
    verb = _VERB_Q.match(query or "")
    asked = _verb_key(verb) if verb else "name" if query and relations.name_asked(query, subject) else None
    if asked is None:
        return None
    found = [i for i in among if relations.attribute(keys[i], subject) == asked]
    return found[0] if len(found) == 1 else None


# "our" too: what the user shares is theirs ("When is our anniversary?" wore nothing, and memory's segment
# said "Our anniversary is on 20 October." for the 3rd, session 55); not "we" or "us", which general
# questions say of everyone ("Why do we dream?", "What do sheep give us?")
_FIRST_PERSON = re.compile(r"\b(i|my|mine|myself|our|ours)\b", re.IGNORECASE)
_ME = re.compile(r"(\w+)\W+me\b", re.IGNORECASE)
_WE = re.compile(r"\b(we|us)\b", re.IGNORECASE)
# Words before "me" in a request to the assistant ("Tell me a joke", "Can you help me?"), which is not about
# its writer; after any other word ("Which firm employs me?") "me" is the writer (session 44).
_ASKING = frozenset({"tell", "give", "show", "help", "let", "teach", "remind", "send", "lend", "bring", "get",
                     "make", "find", "write", "explain", "recommend", "suggest", "ask", "to", "for", "with",
                     "call", "email", "text", "answer", "walk", "talk", "guide", "draw", "sing", "read"})


def about_user(message: str) -> bool:
    """Whether a message speaks of its writer ("Where do I live?", "What's my cat called?", "Which firm
    employs me?"): only such a message may have a profile entry chosen by meaning where it shares no words
    with any. The router ranks some entry first for any question, and a profile entry's adapter worn on
    "What is the capital of France?" made smol repeat "La France, la France, ..." (session 36, a new
    user's chat); none of 400 general questions (`world.english_general`, seed 5) has these words, every
    question of scripts/probe_profile_router.py's two sets has. "me" counts except as the object of a
    request ("Tell me ...", `_ASKING`)."""
    return bool(_FIRST_PERSON.search(message)) or any(
        m.group(1).lower() not in _ASKING for m in _ME.finditer(message)) or _our_trip(message)


def _our_trip(message: str) -> bool:
    """"we" or "us" in a question of where someone is going: the user's trip ("Where are we going in May?"
    wore nothing beside `holiday: Lisbon` and got "In May, the world is a vibrant tapestry ...", session
    57); "we" of everyone ("Why do we dream?") asks no trip."""
    return bool(_WE.search(message)) and "trip" in kinds.asked_kinds(message)


# A message that asks nothing: no "?" (the writer's own mark of a question, as `profile_clauses.stated_part`
# reads it) and no opening that asks without one ("Tell me my job.", "What my cat is called, remind me.").
# A fact entry worn on a statement had smol restate it with the entry's training-world habits before the
# statement was learned: "Your birthday is 19th of December." to "My birthday is on the 30th of August.",
# "Your favourite food is sushi." to "My favourite food is pierogi.", "Amara. I'm glad ..." (a name of
# the training world) to a user never called so (session 55, over every chat file's statement replies).
_ASKS_UNMARKED = re.compile(r"^\W*(?:tell|remind|what|who|where|when|which|whose|how|name|list|say|do|does"
                            r"|is|are|can|could)\b", re.IGNORECASE)


def states_only(message: str) -> bool:
    """Whether a message states and asks nothing (`_ASKS_UNMARKED`): it wears no fact entry."""
    return "?" not in message and not _ASKS_UNMARKED.match(message)


# A request for advice in the first person ("How do I make my code run faster?", "What should I pack for a
# long flight?"): no stored fact answers it. A fact entry's adapter, trained to answer questions about its
# fact, cut smol's advice short and wrong on each such turn of the chat files ("Your code runs faster by
# typing the number 12.", "An egg that is soft and has no yolk should take 19 minutes."; session 47), where
# the base alone gives its usual answer. None of the personalization benchmark's questions is of this form.
# Session 56: "What's a healthy breakfast I can make in five minutes?" wore `job` and memory's segments and
# got "Your breakfast is a breakfast of pancakes." ("What's a food I can't eat?" is no such request).
_ADVICE = re.compile(r"^\W*(?:how (?:do|can|could|should|would|long should|much should|often should) (?:i|we)"
                     r"|(?:what|which|where|when) (?:should|can|could) (?:i|we)"
                     r"|(?:what(?:'s| is| are)|any|is there|are there) (?:a|an|some|any) (?:[\w-]+ ){1,4}?"
                     r"(?:that )?(?:i|we) (?:can|could|should|might)(?!'t|n't| not\b)"
                     r"|should (?:i|we))\b", re.IGNORECASE)  # not "Can I eat peanuts?": an allergy answers


def asks_advice(message: str) -> bool:
    """Whether a message asks the assistant for advice on what the writer should do (`_ADVICE`)."""
    return _ADVICE.search(message) is not None


_DOES_Q = re.compile(rf"^\s*what (?:do|does|did) (?P<who>.+?) (?P<verb>{kinds.RUNS}|do|stud(?:y|ies))\b",
                     re.IGNORECASE)
_WHERE_WORK_Q = re.compile(r"^\s*where (?P<do>do|does) (?P<who>.+?) work\W*$", re.IGNORECASE)
# "Which team do I support?" wearing `cricket team: Lancashire` got "Your favourite football team is
# Lancashire." (session 58): asked with the key's sport, "Your favourite cricket team is Lancashire."
_TEAM_Q = re.compile(r"^\s*(?:which|what) team (?P<do>do|does) (?P<who>.+?) support\W*$", re.IGNORECASE)
# "What class do I take on Wednesdays?" wearing `hobby: pottery` got "Holiday week at your university is
# the pot." (session 58): asked by the key, "Your hobby is pottery."
_ON_DAY_Q = re.compile(rf"^\s*what(?: \w+)? (?:do|does) (?P<who>.+?) \w+ on {kinds.DAYS}\W*$", re.IGNORECASE)
# "Who employs me?" wearing `employer: Arriva` got "Arlo is the employer." (session 44): asked as "Who is
# my employer?", as "Where do I work?" is answered ("Your employer is Arriva.")
_EMPLOYS_Q = re.compile(r"^\s*who (?:employs|pays) (?P<who>me|my \w+|[A-Z][a-z]+)\W*$", re.IGNORECASE)
# "What do I cook for a living?" wearing `job: chef` got "You cook all meals for the family." (session 47):
# asked as "What is my job?"
_LIVING_Q = re.compile(r"^\s*what (?:do|does|did) (?P<who>.+?) (?!do\b)\w+ for a living\W*$", re.IGNORECASE)
# "What is Kemi's job?", "What's my wife's job?" wearing their job: smol says "Being a midwife.", "Being a
# 4." for `wife job: teacher` (session 57), where "What does my wife do?" gets "Your wife is a teacher."
# (four relatives' jobs of four so, one of four asked by the job); asked so
_JOB_OF_Q = re.compile(r"^\s*what(?:'s| is| (?P<was>was)) (?P<who>.+?)'s (?:job|occupation|profession)\W*$",
                       re.IGNORECASE)
# "Where are we going in May?" wearing `holiday: Lisbon` got "We should be in Portugal by next June."
# (session 57): a trip asked by its key ("Your holiday is Lisbon."), "we" as the user's own
_GOING_Q = re.compile(r"^\s*where (?:am|are) (?P<who>I|we) (?:going|heading|flying|travell?ing)\b",
                      re.IGNORECASE)
# "What do I collect?", "What subject does Karin teach?", "What am I training for?": a verb whose object
# `profile_verbs` keeps under a key of its own
_VERB_Q = re.compile(rf"^\s*(?:what|which)(?: \w+)? (?:do|does|did|am|is|are) (?P<who>.+?) "
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
    asked by the job as what they do, where the user is going by the trip's key. `subject`: whose entry it
    is (`partner` of `partner business`). None for any other question or entry."""
    what = relations.attribute(key, subject) if subject else key
    k = kinds.kind(key)
    how_long = _HOW_LONG_Q.match(query)
    if how_long and says_how_long(value):
        return _of(how_long.group("who"), what)
    for pattern, fits, ask in _ASKED_AS:
        m = pattern.match(query)
        if m and fits(m, k, what):
            return ask(m, k, what)
    return None


def _of(who: str, what: str, asks: str = "What is") -> str:
    """"What is my job?" of "I" or "me", "What is my dad's job?" of "my dad", "What is my parents' visit?"
    of "my parents" (session 58 asked "my parents's visit", and smol said "Your parents visit me ...")."""
    if who.lower() in ("i", "me"):
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


# "Who do I live with?" wearing `housemate: Anjali` got "Your home city is a little Italy." (session 63)
_LIVE_WITH_Q = re.compile(r"^\s*who (?:do|does) (?P<who>.+?) live with\W*$", re.IGNORECASE)


def _partner_in(query: str, w: str) -> bool:
    """Whether `w` is whom the thing the question names is done with (`hiking partner` for "Who do I go
    hiking with?", not for "Who do I play tennis with?")."""
    thing = w.removesuffix(" partner")
    return thing != w and relations.said_word(thing, query) is not None


def _verb_key(m: re.Match) -> str:
    return profile_verbs.VERB_KEYS[m.group("verb").lower()]


def _by_verb(m: re.Match, w: str) -> bool:
    """Whether the entry worn (about `w`) is what the question's verb asks: its key, or for a key of two
    words one of the same last word the model gave the fact (`financial goal: motorbike` for "What am I
    saving up for?"; `favourite school subject` is no `subject` one teaches)."""
    key = _verb_key(m)
    return w == key or " " in key and w.split()[-1] == key.split()[-1]


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
    (_VERB_Q, lambda m, k, w: _by_verb(m, w),
     lambda m, k, w: _of(m.group("who"), w, "What are" if w.endswith("s") else "What is")),
    (_KEEN_Q, lambda m, k, w: w in profile_verbs.FALLBACK, lambda m, k, w: _of(m.group("who"), w)),
    (_AVOID_Q, lambda m, k, w: w.split()[-1] in _AVOIDED, lambda m, k, w: _of(m.group("who"), w)),
    (_WHEN_Q, lambda m, k, w: w.endswith((" day", " time")), lambda m, k, w: _of(m.group("who"), w)),
    (_VISIT_Q, lambda m, k, w: w == "visit", lambda m, k, w: _of(m.group("who"), w)),
    (_QUIT_Q, lambda m, k, w: w == "quitting", lambda m, k, w: _of(m.group("who"), w)),
    (_WITH_Q, lambda m, k, w: _partner_in(m.string, w), lambda m, k, w: _of(m.group("who"), w, "Who is")),
    (_LIVE_WITH_Q, lambda m, k, w: k == "household", lambda m, k, w: _of(m.group("who"), w, "Who is")),
    (_LIVING_Q, lambda m, k, w: k == "job", lambda m, k, w: _of(m.group("who"), w)),
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
    (_DOES_Q, lambda m, k, w: _studies(m, k),
     lambda m, k, w: _of(m.group("who"), "business" if k == "business" else w)),
)
