"""The canonical key scheme of the profile-edit training turns, and the value pools they draw from.

A person names one fact with many words ("my mum", "my mom", "my mother"); the profile must hold it
under one key, and the task adapter learns that key from the training targets alone (the agent has no
synonym table: `profile_keys.normalize_key` only fixes spelling). So every target key in
`world.profile_edits` follows one scheme, whatever word the turn uses:

- people: `<relation> <attribute>`. The relation is canonical: mum/mom/mother/ma -> mother,
  dad/father/papa -> father, gran/granny/nan/grandma -> grandmother, grandad/grandpa -> grandfather,
  big/little/older/younger sister -> sister (same for brother), girlfriend/boyfriend/other half ->
  partner, wife and husband stay themselves, flatmate/roommate/housemate -> flatmate,
  manager/line manager -> boss. The attribute is one of name, job, city, business (the shop or cafe a
  person runs) and age. Several kids named at once -> `children` (value: the names as said, "A and B").
- pets: `<animal> name`; another/a second animal of a kind the profile has -> `second <animal> name`
  (an ADD: the first one stays).
- places: city (lives now), hometown (grew up, is from), birthplace (born in), university city.
- work and study: job (the occupation noun only: no full-time/part-time/freelance), employer (the
  company), degree subject.
- food: favourite food, disliked food (hates, can't stand), diet (vegetarian, vegan, ...).
- tastes: favourite music (a genre; "favourite kind of music" in the corpus), favourite film genre,
  football team (the team supported; "favourite football team" in the corpus).
- things: car (make and model) and car colour as two keys, home (a boat, a caravan: the kind of home).

The value is the fact alone: hedges and qualifiers around it ("probably", "hands down", "full-time")
are not part of it. Feelings and small talk ("Wednesdays drag", "I'm freezing") imply no edit.

The pools are this module's own (not the English corpus's): the hand-written evaluation turns
(`bench/data/profile_turns.jsonl`) must not share names or places with training (a test checks).
"""

from __future__ import annotations

import random

from agenthn.agent.profile_keys import normalize_key
from agenthn.world import english_values as ev

SPLIT = "train"
# Corpus attribute keys (normalized) whose canonical profile key is shorter or names the fact better.
CANONICAL = {"favourite kind of music": "favourite music", "favourite kind of film": "favourite film genre",
             "favourite football team": "football team", "sister shop": "sister business"}

# canonical relation -> (words a person uses for it, pronoun: "she", "he" or None for either)
KIN = {"mother": (("mum", "mom", "mother", "mam"), "she"), "father": (("dad", "father", "papa"), "he"),
       "grandmother": (("gran", "granny", "nan", "grandma", "grandmother"), "she"),
       "grandfather": (("grandad", "grandpa", "grandfather"), "he"),
       "sister": (("sister", "big sister", "little sister", "older sister", "younger sister", "sis"), "she"),
       "brother": (("brother", "big brother", "little brother", "older brother", "younger brother"), "he"),
       "partner": (("partner", "girlfriend", "boyfriend", "other half"), None),
       "wife": (("wife",), "she"), "husband": (("husband",), "he"),
       "son": (("son", "eldest son", "youngest son"), "he"),
       "daughter": (("daughter", "eldest daughter", "youngest daughter"), "she"),
       "aunt": (("aunt", "auntie"), "she"), "uncle": (("uncle",), "he"),
       "cousin": (("cousin",), None), "best friend": (("best friend", "best mate"), None),
       "flatmate": (("flatmate", "roommate", "housemate"), None),
       "boss": (("boss", "manager", "line manager"), None), "neighbour": (("neighbour",), None),
       "godfather": (("godfather",), "he"), "stepmother": (("stepmum", "stepmother"), "she")}
GIRL_WORDS = ("girlfriend",)
BOY_WORDS = ("boyfriend",)


def _words(text: str) -> tuple[str, ...]:
    """A pool from one comma-separated string (commas because values hold spaces)."""
    return tuple(w.strip() for w in text.split(","))


PEOPLE = _words("Ottilie, Bastian, Rhiannon, Casimir, Wilhelmina, Thaddeus, Esme, Ignatius, Marisol, Cormac, "
          "Annelise, Florian, Linnea, Anselm, Ysolde, Benedikt, Solveig, Teodor, Philippa, Emrys, Dagny, "
          "Lucian, Clemence, Rasmus, Giselle, Barnaby, Ondine, Quentin, Seraphina, Torvald, Imogen, Ambrose, "
          "Henrietta, Lysander, Mirela, Gideon, Tamsin, Evander, Rosalind, Crispin, Oona, Fergal, Delphine, "
          "Hamish, Ludmila, Percival, Xanthe, Ruairi, Beatrix, Konstantin, Niamh, Osvaldo, Agathe, Ivor, "
          "Petronella, Desmond, Hortense, Wystan, Marguerite, Caspian, Jessamy, Alaric, Sunniva, Bertram, "
          "Ingeborg, Lorenzo, Cressida, Radek, Ulrike, Emlyn, Perdita, Jago, Rosamund, Tiberius")
PET_NAMES = _words("Biscuit, Pepper, Noodle, Waffles, Juniper, Marmalade, Sprout, Bramble, Dumpling, "
             "Pudding, "
             "Ziggy, Pistachio, Truffle, Acorn, Nutmeg, Wombat, Figaro, Toffee, Snowdrop, Crumpet, Bingo, "
             "Mochi, Paprika, Basil, Gizmo, Rolo, Pumpernickel, Custard, Sherbet, Fudge")
CITIES = _words("Trieste, Antwerp, Wroclaw, Kaunas, Tampere, Aberdeen, Dundee, Limerick, Sligo, Rennes, "
          "Dijon, "
          "Genoa, Verona, Innsbruck, Linz, Basel, Lausanne, Bremen, Leipzig, Dresden, Poznan, Lublin, "
          "Ostrava, Szeged, Debrecen, Pecs, Plovdiv, Varna, Thessaloniki, Patras, Izmir, Tartu, Oulu, "
          "Uppsala, Odense, Stavanger, Haarlem, Leiden, Maastricht, Namur, Swansea, Exeter, Norwich, "
          "Inverness, Derry, Santander, Cadiz, Granada, Coimbra, Braga, Montreal, Winnipeg, Hobart, "
          "Dunedin, Mombasa, Kumasi, Arequipa, Cuenca, Da Nang, Fukuoka")
CARS = _words("Skoda Fabia, Hyundai i20, Volvo XC40, Dacia Sandero, Mini Cooper, Citroen C3, Nissan Micra, "
        "Opel Corsa, Suzuki Swift, Toyota Yaris, Ford Focus, Kia Picanto, Mazda MX-5, Audi A3, "
        "Volkswagen Polo, Renault Megane, Fiat 500, "
               "Honda Jazz, Tesla Model 3, Land Rover Defender")
FOODS = _words("pho, jollof rice, bao buns, shakshuka, laksa, carbonara, dal, katsu curry, poutine, fajitas, "
         "gyoza, okonomiyaki, enchiladas, chowder, bangers and mash, tom yum soup, beef stew, "
         "mac and cheese, nasi goreng, souvlaki, arancini, bubble and squeak, tortilla, ceviche")
DISLIKED = _words("olives, mushrooms, anchovies, liquorice, blue cheese, beetroot, sprouts, celery, "
            "marmite, aubergine, tripe, raw onion, capers, fennel, oysters")
ALLERGENS = ("hazelnuts", "sesame", "shellfish", "penicillin", "pollen", "latex", "soya", "lupin",
             "mustard", "wasp stings", "cashews", "kiwi fruit")
DIETS = ("vegan", "pescatarian", "gluten-free", "dairy-free", "halal", "kosher", "teetotal", "plant-based")
HOMES = ("narrowboat", "houseboat", "caravan", "farmhouse", "bungalow", "barge", "tiny house", "cottage")
JOBS = ("radiologist", "sound engineer", "lorry driver", "tour guide", "chef", "bookkeeper", "zoologist",
        "tree surgeon", "web developer", "social worker", "hairdresser", "postman", "lifeguard",
        "mechanic", "graphic designer", "teaching assistant", "data analyst", "farmer", "potter",
        "bus driver", "estate agent", "dental nurse", "sommelier", "pastry chef", "copywriter")
# A job said as what one does ("I drive lorries", "she teaches French") and the occupation noun it is
# stored as, built from the phrase's own words (the strict parser grounds a job only so:
# `profile_parse.said_as_work`; "I fix cars" -> mechanic would be an invented value). Held out for the
# hand-written turns (none of these pairs): trams, buses, ambulances, piano, maths, translating, hotels.
VERB_JOBS = (("drive lorries", "lorry driver"), ("drive a taxi", "taxi driver"),
             ("drive trains", "train driver"), ("drive forklifts", "forklift driver"),
             ("drive a delivery van", "delivery driver"), ("teach French", "French teacher"),
             ("teach history", "history teacher"), ("teach yoga", "yoga teacher"),
             ("teach chemistry", "chemistry teacher"), ("teach art", "art teacher"),
             ("teach the violin", "violin teacher"), ("teach swimming", "swimming teacher"),
             ("teach drama", "drama teacher"), ("manage a restaurant", "restaurant manager"),
             ("manage a warehouse", "warehouse manager"), ("manage a gym", "gym manager"),
             ("manage a supermarket", "supermarket manager"), ("bake bread", "baker"),
             ("cut hair", "hairdresser"), ("build houses", "builder"), ("paint houses", "painter"),
             ("design websites", "web designer"), ("clean windows", "window cleaner"),
             ("clean offices", "office cleaner"), ("walk dogs", "dog walker"), ("train dogs", "dog trainer"),
             ("coach football", "football coach"), ("coach tennis", "tennis coach"),
             ("make furniture", "furniture maker"), ("edit films", "film editor"),
             ("photograph weddings", "wedding photographer"),
             ("look after old people in a care home", "carer"), ("grow vegetables on a farm", "farmer"))
# What may follow such a phrase; none of it is part of the job.
VERB_JOB_TAILS = ("", " for a living", " for work", ", mostly early shifts", " these days", " part-time",
                  ", has done for years", " at the weekends too")
JOB_QUALIFIERS = ("full-time", "part-time", "freelance", "self-employed", "trainee", "qualified")
BUSINESSES = ("deli", "hair salon", "garden centre", "taxi firm", "bike repair shop", "vintage shop",
              "food truck", "yoga studio", "launderette", "tattoo parlour", "bed and breakfast", "butcher's")
SUBJECTS = ("maths", "law", "medicine", "engineering", "psychology", "French", "architecture",
            "computer science", "nursing", "classics", "marine biology", "accounting")
GENRES = ("blues", "country music", "drum and bass", "k-pop", "grunge", "synthpop", "afrobeat", "motown")
COLLECTIONS = ("vinyl records", "vintage postcards", "fountain pens", "model trains", "seashells",
               "comic books", "old coins", "enamel pins", "teapots", "football shirts", "snow globes",
               "film cameras")
CHILD_AGES = ("three", "four", "five", "six", "seven", "eight", "ten", "eleven", "twelve", "fourteen")
COLOURS = ("red", "silver", "black", "white", "dark green", "yellow", "grey", "orange", "navy blue", "purple")
PETS = ("cat", "dog", "rabbit", "hamster", "tortoise", "parrot", "guinea pig", "ferret", "lizard")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Hedges and fillers around a value; none of them is part of it.
HEDGES = ("probably", "definitely", "hands down", "without a doubt", "easily", "by far", "honestly",
          "I'd say", "I guess", "absolutely", "no question")


# The one-word names and places among the hand-written evaluation turns' values (bench/data/
# profile_turns*.jsonl; a test keeps this complete): the invented-name generator can spell one by chance
# ("Tofu Foods"), and such a draw is made again, so no training value shares a name with the evaluation.
HELD_OUT = frozenset((
    "aberystwyth", "alice", "amsterdam", "ana", "anouk", "bartek", "bergen", "brid", "bridget",
    "bristol", "bubbles", "callum", "captain", "celtic", "chioma", "clover", "cork", "dana", "dev",
    "edinburgh", "eilidh", "emeka", "freya", "galway", "gdansk", "groningen", "henryk", "ines",
    "japanese", "jonas", "kinsale", "kirkwall", "kit", "krakow", "kwame", "leeds", "lerwick", "lisbon",
    "mateo", "miso", "moonbeam71", "murcia", "norvale", "odhran", "olwen", "oskar", "otto", "pedro",
    "pickle", "piers", "portishead", "porto", "prague", "quillon", "radiohead", "renata", "ruaidhri",
    "saffy", "salzburg", "sam", "shelby", "signe", "stornoway", "swindon", "tam", "tiago", "tofu",
    "tomas", "tralee", "utrecht", "valencia", "vespa", "wojtek"))


def invented(rng: random.Random, kind: str) -> str:
    """An English-corpus value of `kind` (names and companies are invented from syllables) that spells
    none of the held-out words."""
    while True:
        v = ev.value(rng, kind, SPLIT)
        if not {w.lower() for w in v.replace("'", " ").split()} & HELD_OUT:
            return v


def canon(key: str) -> str:
    """A corpus attribute key in its canonical profile spelling."""
    k = normalize_key(key)
    return CANONICAL.get(k, k)


def person_name(rng: random.Random) -> str:
    """A person's first name: this module's pool, or an invented name long enough to be unambiguous."""
    if rng.random() < 0.6:
        return rng.choice(PEOPLE)
    return next(v for v in iter(lambda: invented(rng, "name"), None) if len(v) >= 7
                and v not in ev.pool("first name", SPLIT))


def value(rng: random.Random, kind: str) -> str:
    """A value of an English-corpus kind, from this module's pools where the corpus's pools could
    share a name or place with the hand-written evaluation turns."""
    if kind == "name":
        return person_name(rng)
    own = {"city": CITIES, "car": CARS, "food": FOODS, "job": JOBS, "genre": GENRES}.get(kind)
    return rng.choice(own) if own else invented(rng, kind)


def kin_word(rng: random.Random, relation: str) -> tuple[str, str]:
    """(the word the user says, the pronoun for them) for a canonical relation."""
    words, pron = KIN[relation]
    w = rng.choice(words)
    if pron is None:
        pron = "she" if w in GIRL_WORDS else "he" if w in BOY_WORDS else rng.choice(("she", "he"))
    return w, pron


def third_person(phrase: str) -> str:
    """"drive lorries" -> "drives lorries", "teach art" -> "teaches art", "fly planes" -> "flies planes"."""
    verb, _, rest = phrase.partition(" ")
    if verb.endswith(("s", "sh", "ch", "x", "o")):
        verb += "es"
    elif verb.endswith("y") and verb[-2:-1] not in "aeiou":
        verb = verb[:-1] + "ies"
    else:
        verb += "s"
    return f"{verb} {rest}".strip()


def names_list(names: list[str]) -> str:
    """"A", "A and B", "A, B and C": how a list of names is said (and stored)."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
