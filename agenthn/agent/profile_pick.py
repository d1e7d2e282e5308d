"""Which profile entries a message wears: the person it names, the kind of thing it asks, its words.

A profile is internalized one adapter part per fact line plus one for the style lines
(`retrieval.internalize_entries`), and each message composes only what it asks about. `pick` decides:
a question about someone the profile names ("What does Sam do now?") takes that person's entry of the
kind asked (`relations`), read by the base where the question shares no word with it; any other
question about the user takes the entry its words (TF-IDF) or smol's router pick, never one about
other people or pets and never one of a kind the question does not ask for ("Where ...?" passes over
`job`); a message not about its writer, a request for advice, or a statement that asks nothing wears the
style lines alone. A question asking what someone runs or studies is asked by the worn entry's key
(`profile_asked.kind_asked`).
"""

from __future__ import annotations

import re

from agenthn.agent import kinds, relations, things
from agenthn.agent.profile_asked import VERB_Q, kind_asked, verb_key
from agenthn.agent.profile_config import ProfileConfig
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
    query = relations.pet_by_breed(query, profile) if query else query  # "my poodle" as "my dog"
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
    asked_of_me = query is None or (about_user(query) or the_held(query, profile)) and not asks_advice(query)
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
    """The one entry of `among` kept under the key of the verb the question asks by (`VERB_Q`: "What
    does my dad grow?" and `father crop: coffee`, where the base's likeliest line was `father job: farmer
    and coffee grower`, session 53), or their name where the question asks what they are called, or None."""
    verb = VERB_Q.match(query or "")
    asked = verb_key(verb) if verb else "name" if query and relations.name_asked(query, subject) else None
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


def the_held(message: str, profile: dict[str, str]) -> bool:
    """Whether a message says "the <thing>" where the thing is the first word of a key of two words or more
    the user's profile holds, no relative's ("when is the wedding?" beside `wedding date: next June` wore
    nothing, and got "... the 15th of next month at the Red Oak Church ...", session 69's new-user try):
    the user's thing, as "my" would say; or "we" or "us" beside the first word of a key of the user's
    ("what animals do we keep?" beside `animals: sheep and chickens` wore nothing, session 70)."""
    theirs = relations.others(profile)
    mine = [k.split() for k in profile if k not in theirs and k.split()[0] not in relations.KIN]
    held = {k[0] for k in mine if len(k) > 1}
    if any(m.group(1).lower() in held for m in re.finditer(r"\bthe\s+([a-z]+)\b", message, re.I)):
        return True
    said = set(re.findall(r"[a-z]+", message.lower()))
    return bool(_WE.search(message)) and bool({k[0] for k in mine} & said)


def _our_trip(message: str) -> bool:
    """"we" or "us" in a question of where someone is going: the user's trip ("Where are we going in May?"
    wore nothing beside `holiday: Lisbon` and got "In May, the world is a vibrant tapestry ...", session
    57); or who lives with them ("who lives with us?" wore nothing beside `housemate: mum`, session 69);
    "we" of everyone ("Why do we dream?") asks neither."""
    return bool(_WE.search(message)) and bool({"trip", "household", "length"} & kinds.asked_kinds(message))


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
