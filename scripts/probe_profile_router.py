"""Which profile entry does a hand-written question reach? TF-IDF over the entry lines (character
n-grams, the profile's retrieval), the sentence router over each entry's part of the gate key, and
the two as the profile now uses them (TF-IDF first; the router where TF-IDF finds no entry sharing
anything with the question). Two hand-written sets: `dev`, the one looked at while building the
fallback (session 33), and `fresh`, written afterwards and run once.

    python scripts/probe_profile_router.py [--model smol] [--json OUT] [--general] [--missing]

Session 40 adds the turn loop's own choice (`Personalizer.adapter`, with `agent.relations`) and a third
set, `kin`, where relatives' entries sit beside the user's own; session 42 `kin2` and `own`, and
--fallback gain (the base's gain where the turn loop asks the router); session 43 `s43` and `s43b`;
session 44 `s44`, `s44b` (a business the user runs, likes beside dislikes, "me") and `s44c`; session 45
`s45`.
"""

from __future__ import annotations

import argparse

import agenthn
from agenthn.agent.retrieval import best_entries, internalize_entries
from agenthn.bench.common import write_json

SETS = {
    "dev": (["name: Alice", "city: Porto", "cat name: Miso", "job: nurse", "sister: Ana",
             "car: red Fiat Panda", "favourite food: ramen", "birthday: 12 May"],
            {"Where do I live?": 1, "What do I do for work?": 3, "What's my cat called?": 2,
             "What's my name?": 0, "Who is my sister?": 4, "What car do I drive?": 5,
             "What do I like to eat?": 6,
             "When was I born?": 7, "Which town is my home?": 1, "What is my profession?": 3}),
    "fresh": (["hometown: Lyon", "dog name: Biscuit", "employer: Siemens", "partner: Jonas",
               "favourite colour: green", "allergy: peanuts", "phone model: Pixel 7", "gym: Iron Temple",
               "son name: Leo", "car: blue Volvo", "doctor: Dr. Okafor", "language: Portuguese"],
              {"Where did I grow up?": 0, "What is my puppy called?": 1, "Which company do I work for?": 2,
               "Who am I dating?": 3, "What colour do I like best?": 4, "What food must I avoid?": 5,
               "What phone do I have?": 6, "Where do I train?": 7, "What's my boy's name?": 8,
               "What do I drive?": 9, "Who is my GP?": 10, "What language do I speak?": 11}),
    # session 40, written before the run: the user's own entries beside relatives' and a pet's, asked
    # about both ("Where do I live?" against `city` and `partner city`)
    "kin": (["name: Rosa", "city: Bergen", "job: pharmacist", "partner name: Teodor",
             "partner city: Tromso", "partner job: architect", "sister name: Lena", "sister city: Oslo",
             "dog name: Fjord", "age: 34"],
            {"Where do I live?": 1, "What do I do for work?": 2, "How old am I?": 9,
             "Where does my partner live?": 4, "What does my partner do for a living?": 5,
             "Where does my sister live?": 7, "What's my dog called?": 8, "Which city am I in?": 1,
             "What's my sister's name?": 6, "What is my job?": 2, "Where does Teodor live?": 4,
             "What does Teodor do?": 5}),
    # session 42, written before the change it checks: relatives with no name entry (`mother city`) beside
    # the user's own entries, and "my sister" asked with no attribute word ("Where does my sister live?")
    "kin2": (["name: Lena", "city: Munich", "job: nurse", "sister name: Ana", "sister city: Lisbon",
              "sister job: architect", "mother city: Porto", "mother job: teacher", "brother age: 31",
              "partner name: Kai", "partner employer: Siemens", "employer: Charite", "dog name: Rex"],
             {"Where do I live?": 1, "Which city am I based in?": 1, "What do I do?": 2,
              "Who do I work for?": 11, "Where does my sister live?": 4, "What does my sister do?": 5,
              "What's my sister called?": 3, "Who is my sister?": 3, "Where does my mother live?": 6,
              "What does my mum do for a living?": 7, "How old is my brother?": 8,
              "Where does Kai work?": 10, "What is my dog's name?": 12, "Where is my home?": 1}),
    # session 42, written before trying the base's gain in the router's place (--fallback gain): mostly
    # the user's own entries, asked in words the lines do not use
    "own": (["name: Tomasz", "home city: Gdansk", "job: electrician", "employer: Energa",
             "allergy: penicillin", "car: green Skoda", "gym: Pulse Fitness", "favourite drink: kefir",
             "birthday: 3 March", "partner name: Ola", "partner job: dentist", "cat name: Figa",
             "language: Polish"],
            {"How do people address me?": 0, "Where am I from?": 1, "Which town do I live in?": 1,
             "What is my trade?": 2, "Which firm employs me?": 3, "What medicine must I never take?": 4,
             "What do I drive?": 5, "Where do I work out?": 6, "What do I like to drink most?": 7,
             "When was I born?": 8, "Who is my girlfriend?": 9, "What does Ola do?": 10,
             "What's my kitty called?": 11, "What do I speak at home?": 12}),
    # session 43, written before the changes they check: the profiles two new served chats learned
    # (`chats43`), one-word keys beside longer ones (`car`, `car colour`) and a relative's questions the
    # profile holds no entry for (want None: nothing of the profile's facts is worn, memory answers)
    "s43": (["name: Tomas", "job: chef", "business: restaurant", "city: Lisbon", "daughter name: Ana",
             "daughter age: seven", "car: Volvo", "car colour: blue", "allergy: peanuts"],
            {"What car do I drive?": 6, "What colour is my car?": 7, "Which city is my restaurant in?": 3,
             "What is my job?": 1, "What's my daughter's name?": 4, "How old is my daughter?": 5,
             "What am I allergic to?": 8, "What kind of business do I run?": 2, "What's my name?": 0,
             "Where does my daughter live?": None, "What does Ana do?": None, "Where do I live?": 3}),
    "s43b": (["name: Erin", "job: violin teacher", "city: Galway", "brother name: Liam", "brother job: nurse",
              "pets: Clover and Juniper", "mother city: Cork"],
             {"Where does Liam live?": None, "Where does my brother live?": None,
              "What does my brother do?": 4, "How old is Liam?": None, "What does Liam do?": 4,
              "Where do I live?": 2, "What instrument do I teach?": 1, "What are my rabbits called?": 5,
              "Where does my mum live?": 6, "How old is my mother?": None, "What's my brother called?": 3}),
    # session 44, written before the changes they check: a business the user runs beside their own name
    # and job (the served chat's "What's the name of my bakery?" wore `name: Oskar`), likes beside
    # dislikes asked in other words, and questions that speak of the user as "me"
    "s44": (["name: Oskar", "job: baker", "business: Rye & Shine", "city: Gothenburg", "sister name: Elsa",
             "sister job: dentist", "favourite food: cinnamon buns", "disliked food: olives",
             "employer: Volvo Cars", "favourite film: Spirited Away"],
            {"What's the name of my bakery?": 2, "What's my bakery called?": 2, "What's my name?": 0,
             "What am I called?": 0, "Which city is my bakery in?": 3, "What food do I hate?": 7,
             "What food can't I stand?": 7, "What food do I love?": 6, "What's my favourite food?": 6,
             "Which firm employs me?": 8, "Who pays me?": 8, "What do I bake for a living?": 1,
             "What's my sister called?": 4, "What film do I like best?": 9}),
    "s44b": (["name: Priya", "job: hairdresser", "business: Studio Nine", "city: Leicester",
              "favourite drink: chai", "least favourite drink: coffee", "partner name: Dev",
              "partner job: pilot", "employer: Leicester Council"],
             {"What's my salon called?": 2, "What is the name of my salon?": 2, "What's my full name?": 0,
              "Which drink do I dislike?": 5, "What's my favourite drink?": 4, "What do I like to drink?": 4,
              "Which council employs me?": 8, "Where is my salon?": 3, "What does Dev do?": 7,
              "What's my partner's name?": 6}),
    # session 44, written after those changes and run once: the same kinds of question on a new profile
    "s44c": (["name: Marco", "job: chef", "business: Trattoria Sole", "city: Turin", "favourite wine: Barolo",
              "disliked vegetable: aubergine", "brother name: Luca", "brother job: mechanic",
              "employer: Fiat", "dog name: Pepe"],
             {"What's my restaurant called?": 2, "What is the name of my restaurant?": 2,
              "Which vegetable do I hate?": 5, "What wine do I love?": 4, "Who employs me?": 8,
              "What's my name?": 0, "Which city is my restaurant in?": 3, "What's my brother's name?": 6,
              "What does Luca do?": 7, "What is my dog called?": 9, "What do I do for a living?": 1,
              "Which vegetable can't I stand?": 5}),
    # session 45, written after that session's "Which city ...?" rule and run once: work and home places,
    # an origin, a disliked chore beside a favourite
    "s45": (["name: Nadia", "job: dentist", "employer: SmileCare", "work city: Lyon", "city: Villeurbanne",
             "hometown: Tunis", "favourite sport: tennis", "least favourite chore: vacuuming",
             "cat name: Pistache", "brother name: Karim", "brother job: plumber"],
            {"Which city do I work in?": 3, "What city do I live in?": 4, "Which town did I grow up in?": 5,
             "Who do I work for?": 2, "What do I do for a living?": 1, "Which chore do I hate?": 7,
             "What sport do I love?": 6, "What's my cat called?": 8, "What does Karim do?": 10,
             "Which country am I from?": 5, "What is my brother's name?": 9}),
}

# first-person questions about what neither set's profile holds (session 37, written before the run): the
# router ranks some entry first for these too ("What is my favourite colour?" -> "Your favourite colour
# is glassblower."); --missing prints their top scores beside the answerable questions'
MISSING = {
    "dev": ["What is my favourite colour?", "How old am I?", "What's my dog called?", "Who is my brother?",
            "What phone do I have?", "What language do I speak?", "Which gym do I go to?",
            "What am I allergic to?"],
    "fresh": ["What's my cat called?", "Who is my sister?", "What do I like to eat?",
              "When is my birthday?", "How tall am I?", "What is my daughter's name?",
              "What is my blood type?", "Where did I study?"],
    "kin": ["What's my cat called?", "Where does my brother live?", "What is my favourite colour?",
            "What car do I drive?"],
    "kin2": ["Where does my father live?", "What's my cat called?", "How old am I?"],
    "own": ["Where does my brother live?", "What's my dog called?", "How tall am I?"],
}


def probe(model, entries: list[str], questions: dict[str, int], fallback: str = "router") -> dict:
    adapter = internalize_entries(model, entries)
    keys = [adapter.key[:, a:b] for a, b in (e["key"] for e in adapter.meta.entries)]
    rows = []
    for q, want in questions.items():
        tfidf = best_entries(adapter, q, 1)
        both = best_entries(adapter, q, 1, model.rank_by_router)
        router = entries[model.rank_by_router(keys, q)[0]]
        rows.append({"question": q, "want": entries[want] if want is not None else None,
                     "tfidf": tfidf[0] if tfidf else None,
                     "router": router, "profile": both[0] if both else None})
    for r, agent in zip(rows, agent_choices(model, entries, list(questions), fallback), strict=True):
        r["agent"] = agent
    out = {k: sum(r[k] == r["want"] for r in rows) for k in ("tfidf", "router", "profile", "agent")}
    return {**out, "n": len(rows), "tfidf_none": sum(r["tfidf"] is None for r in rows), "rows": rows}


def agent_choices(model, entries: list[str], questions: list[str],
                  fallback: str = "router") -> list[str | None]:
    """The entry a user's profile holding `entries` wears for each question, as the turn loop picks it
    (`Personalizer.adapter`: a named subject's entries first, `agent.relations`), or None. `fallback`
    "gain": the base's gain (`D2LModel.relevance`) in the router's place, where TF-IDF finds nothing."""
    import tempfile
    from pathlib import Path

    from agenthn.agent.profile import Personalizer, ProfileConfig
    from agenthn.agent.retrieval import entries_text
    from agenthn.store import AdapterFiles, Store

    d = Path(tempfile.mkdtemp(prefix="probe-router-"))
    store = Store(d / "s.sqlite")
    p = Personalizer(model, store, AdapterFiles(d / "a", store), store.create_user("u")[0].id,
                     ProfileConfig(require_grounded=False, refresh_every=1000))
    for line in entries:
        p.edit("ADD", *line.split(": ", 1))
    p.refresh()
    whole = p.adapter()
    if fallback == "gain":  # the base's gain ranks the entries where the router would
        lines = [e["line"] for e in whole.meta.entries]

        def by_gain(keys, query):
            scores = model.relevance(lines, query)
            return sorted(range(len(lines)), key=lambda i: -scores[i])
        model.rank_by_router = by_gain
    try:
        out = [entries_text(whole, p.adapter(q)) or None for q in questions]
    finally:
        vars(model).pop("rank_by_router", None)
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="smol")
    ap.add_argument("--json", default=None)
    ap.add_argument("--fallback", choices=("router", "gain"), default="router",
                    help="the turn loop's choice where TF-IDF finds nothing: the sentence router (as served) "
                         "or the base's gain (D2LModel.relevance) over the entries' lines")
    ap.add_argument("--general", action="store_true",
                    help="also print the router's top scores for each set's questions and for 40 general "
                         "questions, where TF-IDF finds no entry")
    ap.add_argument("--missing", action="store_true",
                    help="also print the router's top scores for first-person questions about what the "
                         "profile does not hold, beside the answerable ones")
    args = ap.parse_args()
    model = agenthn.load(args.model)
    res = {name: probe(model, *SETS[name], args.fallback) for name in SETS}
    for name, r in res.items():
        print(f"{name}: right entry first of {r['n']}: TF-IDF {r['tfidf']} ({r['tfidf_none']} found "
              f"nothing), router {r['router']}, the profile (TF-IDF, else router) {r['profile']}, "
              f"the turn loop's choice {r['agent']}")
        for row in r["rows"]:
            if row["agent"] != row["want"]:
                print(f"  {row['question']!r}: {row['agent']!r} (want {row['want']!r})")
    if args.general:
        from agenthn.agent.profile_pick import about_user
        from agenthn.world.english_general import general_questions_typed

        for name, (entries, questions) in SETS.items():
            print(f"{name}: {scores(model, entries, questions)}; in the first person (about_user): "
                  f"{sum(map(about_user, questions))} of {len(questions)}")
        general = [q for q, _ in general_questions_typed(400, 5)]
        print(f"general questions in the first person: {sum(map(about_user, general))} of {len(general)}")
    if args.missing:
        for name in MISSING:
            entries, questions = SETS[name]
            adapter = internalize_entries(model, entries)
            keys = [adapter.key[:, a:b] for a, b in (e["key"] for e in adapter.meta.entries)]
            top = _tops(model, keys, entries)
            print(f"{name}: top router score where TF-IDF finds nothing, answerable {top(questions)}; "
                  f"about what the profile does not hold {top(MISSING[name])}")
    if args.json:
        write_json(args.json, {"model": args.model, **res})


def _tops(model, keys, entries: list[str]):
    """The router's top score for each question TF-IDF finds no entry for (where the router chooses)."""
    from agenthn.agent.retrieval import entry_index

    index = entry_index(tuple(entries))
    return lambda qs: sorted(round(float(model.router.scores(keys, model.question_key(q)).max().detach()),
                                   2) for q in qs if not index.search(q, 1))


def scores(model, entries: list[str], questions: dict[str, int], n_general: int = 40) -> str:
    """The router's top score for the set's questions and for general ones (`world.english_general`,
    seed 5), each counted only where TF-IDF finds no entry (where the router would choose): whether a
    threshold on it could tell a question about the user from any other."""
    from agenthn.world.english_general import general_questions_typed

    adapter = internalize_entries(model, entries)
    tops = _tops(model, [adapter.key[:, a:b] for a, b in (e["key"] for e in adapter.meta.entries)], entries)
    general = [q for q, _ in general_questions_typed(n_general, 5)]
    return f"top router score, profile questions {tops(questions)}; general questions {tops(general)}"


if __name__ == "__main__":
    main()
