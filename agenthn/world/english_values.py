"""Values for the English corpus, with an explicit train/held-out partition.

Two kinds of value:

- hand-written real words (cities, colours, jobs...): each pool below lists its train values and,
  separately, its held-out values (`POOLS[name] = (train, heldout)`), so an eval can print exactly
  what it never trained on;
- synthesized values (invented names, codes, numbers, dates): a value is held out exactly when
  `is_heldout_value(text)` is true (a hash of its text, one in four). A model cannot learn a hash, so
  both splits look alike to it, and the partition holds by construction.

About a third of the attributes draw synthesized values (see `english_attrs`).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable

SPLITS = ("train", "heldout")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def _p(train: str, held: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A pool from two comma-separated lists (commas because many values hold spaces)."""
    return tuple(s.strip() for s in train.split(",")), tuple(s.strip() for s in held.split(","))


# name -> (train values, held-out values); the held-out column is never drawn in the train split.
POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "first name": _p("Ines, Tomas, Dana, Priya, Kofi, Lena, Mateo, Freya, Yusuf, Marta, Oskar, Hana, Ravi, "
                     "Bea, Ewan, Zofia, Amara, Jonas, Nadia, Felix, Ingrid, Luca, Maeve, Sanjay, Greta, "
                     "Tobias, Leila, Arlo, Noor, Pavel, Carmen, Idris, Sofie, Milo, Anouk, Declan, Rosa, "
                     "Kenji, Elif, Bruno",
                     "Odile, Tariq, Saoirse, Emeka, Vesna, Lorcan, Yara, Henrik, Paloma, Ilse"),
    "city": _p("Porto, Leeds, Lyon, Krakow, Osaka, Denver, Tallinn, Bergen, Valencia, Munich, Dublin, "
               "Seville, Turin, Ghent, Gdansk, Quebec, Perth, Glasgow, Bologna, Utrecht, Nantes, Graz, "
               "Malmo, Cork, Brno, Split, Bilbao, Toulouse, Halifax, Adelaide, Kyoto, Busan, Lagos, "
               "Accra, Nairobi, Lima, Quito, Hanoi, Cusco, Aarhus",
               "Lisbon, Bristol, Hamburg, Zagreb, Sapporo, Austin, Riga, Trondheim, Salzburg, Geneva"),
    "country": _p("Portugal, Norway, Chile, Kenya, Vietnam, Peru, Canada, Poland, Ireland, Japan, "
                  "Morocco, Greece, Iceland, Mexico, Finland, Ghana, Austria, Croatia, Uruguay, Nepal",
                  "Estonia, Tunisia, Bolivia, Malaysia, Slovenia"),
    "colour": _p("crimson, navy, olive, mustard, lilac, turquoise, maroon, beige, lavender, amber, "
                 "scarlet, charcoal, peach, indigo, mint green",
                 "teal, coral, ochre, burgundy"),
    "food": _p("lasagne, sushi, paella, ramen, goulash, falafel, risotto, dumplings, moussaka, tacos, "
               "curry, pancakes, gnocchi, pierogi, couscous, burritos, kimchi stew, fish pie, "
               "shepherd's pie, pad thai",
               "tagine, biryani, ratatouille, empanadas, bibimbap"),
    "fruit": _p("mango, apricot, plum, kiwi, papaya, cherry, pear, fig, pomegranate, lychee, "
                "nectarine, blueberry",
                "guava, quince, persimmon"),
    "drink": _p("green tea, espresso, lemonade, ginger beer, hot chocolate, iced coffee, mint tea, "
                "apple juice, chai, oat milk latte",
                "matcha, kombucha, elderflower cordial"),
    "job": _p("nurse, plumber, architect, librarian, electrician, pharmacist, carpenter, dentist, "
              "accountant, paramedic, baker, translator, welder, surveyor, florist, optician, "
              "firefighter, geologist, barista, veterinarian, journalist, locksmith, midwife, "
              "physiotherapist, tailor",
              "radiographer, cartographer, stonemason, actuary, zookeeper, sommelier"),
    "hobby": _p("knitting, birdwatching, rock climbing, pottery, chess, gardening, fencing, origami, "
                "kayaking, woodworking, calligraphy, baking bread, stargazing, salsa dancing, "
                "archery, sailing, juggling, beekeeping",
                "bouldering, embroidery, fly fishing, orienteering"),
    "sport": _p("badminton, rugby, volleyball, handball, squash, curling, water polo, table tennis, "
                "lacrosse, cricket, netball, hockey",
                "hurling, korfball, bobsleigh"),
    "instrument": _p("cello, trumpet, banjo, clarinet, harp, ukulele, accordion, oboe, saxophone, "
                     "mandolin, flute, viola",
                     "bassoon, sitar, harmonica"),
    "language": _p("Portuguese, Finnish, Korean, Swahili, Dutch, Polish, Greek, Turkish, Hungarian, "
                   "Czech, Icelandic, Tagalog, Welsh, Hebrew",
                   "Basque, Latvian, Amharic, Malay"),
    "animal": _p("hedgehog, otter, parrot, tortoise, ferret, rabbit, gecko, goldfish, hamster, "
                 "chinchilla, iguana, canary, badger, owl, fox, heron, lynx, walrus",
                 "axolotl, pangolin, ocelot, puffin"),
    "dog breed": _p("beagle, dachshund, labrador, poodle, greyhound, collie, spaniel, whippet, "
                    "corgi, husky, terrier, dalmatian",
                    "basenji, vizsla, samoyed"),
    "car": _p("Toyota Corolla, Honda Civic, Ford Fiesta, Volkswagen Golf, Skoda Octavia, Mazda 3, "
              "Renault Clio, Fiat Panda, Volvo V70, Peugeot 208, Subaru Outback, Kia Ceed",
              "Seat Ibiza, Nissan Leaf, Citroen Berlingo"),
    "flower": _p("tulip, sunflower, daisy, orchid, peony, lily, marigold, iris, dahlia, poppy",
                 "freesia, anemone, hyacinth"),
    "allergen": _p("peanuts, shellfish, penicillin, cats, pollen, dust mites, sesame, wasp stings, "
                   "latex, strawberries, gluten, eggs",
                   "mustard seed, celery, walnuts"),
    "subject": _p("chemistry, history, geography, biology, economics, philosophy, physics, "
                  "Latin, statistics, art history, music theory, sociology",
                  "astronomy, linguistics, anthropology"),
    "genre": _p("jazz, reggae, punk, bluegrass, techno, soul, opera, hip hop, folk, salsa, "
                "heavy metal, gospel",
                "ska, zydeco, flamenco"),
    "film genre": _p("westerns, horror films, documentaries, musicals, thrillers, cartoons, "
                     "romantic comedies, war films, science fiction",
                     "film noir, mockumentaries"),
    "weekday": _p("Monday, Tuesday, Wednesday, Thursday, Saturday", "Friday, Sunday"),
    "season": _p("spring, summer, winter", "autumn"),
    "direction": _p("north, south, west", "east"),
    "metal": _p("copper, brass, silver, zinc, nickel, iron, lead", "cobalt, bismuth"),
    "crop": _p("barley, rye, olives, hops, potatoes, cabbages, grapes, oats, flax, lentils, "
               "sugar beet, apples",
               "saffron, hemp, chestnuts"),
    "gift": _p("honey, incense, salt, figs, bread, lemons, pebbles, feathers, wool, almonds, "
               "copper coins, milk",
               "pine cones, dried plums, bells"),
    "material": _p("oak, marble, granite, brick, slate, limestone, pine, sandstone, bamboo, "
                   "basalt, clay",
                   "teak, flint, cedar"),
    "number word": _p("two, three, four, five, six, seven, nine, eleven, twelve", "eight, ten"),
    "shop": _p("bakery, bookshop, bike shop, flower shop, cafe, hardware store, pet shop, toy shop, "
               "cheese shop, record shop, ice cream parlour",
               "tea room, pottery studio, fishmonger"),
    "blood type": _p("A positive, B negative, O positive, AB positive, A negative",
                     "O negative, B positive, AB negative"),
    "eye colour": _p("brown, blue, green, grey", "hazel"),
    "star sign": _p("Aries, Taurus, Gemini, Cancer, Leo, Virgo, Libra, Scorpio, Capricorn",
                    "Sagittarius, Aquarius, Pisces"),
    "flavour": _p("vanilla, pistachio, stracciatella, salted caramel, mint choc chip, coconut, "
                  "raspberry ripple, rum and raisin",
                  "lemon sorbet, hazelnut"),
    "month": _p("January, February, March, May, June, July, September, October, December",
                "April, August, November"),
    "fish": _p("trout, salmon, pike, carp, perch, eel, catfish, bream", "zander, sturgeon"),
    "tree": _p("oak, pine, birch, beech, larch, spruce, chestnut, willow", "alder, juniper"),
    "cheese": _p("cheddar, brie, gouda, feta, halloumi, manchego, gruyere, stilton", "comte, taleggio"),
}

# Single consonants dominate so names stay short and pronounceable ("Tavrin", "Meloka").
ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "j", "h", "w", "c",
          "b", "d", "k", "l", "m", "n", "r", "s", "t", "v", "br", "dr", "gr", "kl", "st", "th", "sh", "tr")
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "a", "ia", "ou", "ai")
CODAS = ("", "", "", "n", "r", "l", "s", "m", "th", "x", "nd", "k")
STREETS = ("Street", "Road", "Lane", "Avenue", "Close", "Terrace")
SCHOOLS = ("High School", "Academy", "Grammar School", "Primary School", "College")
COMPANIES = ("Labs", "Logistics", "Foods", "Systems", "and Sons", "Studio", "Engineering")
TEAMS = ("Rovers", "United", "Athletic", "Wanderers", "City")
TOWN_ENDS = ("ford", "holm", "wick", "bury", "dale", "mouth", "stead", "by", "ton", "mere")
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def check_split(split: str) -> str:
    """Accepts "eval" as another name for "heldout" (the tiny world's word for it)."""
    split = "heldout" if split == "eval" else split
    if split not in SPLITS:
        raise ValueError(f"split must be 'train' or 'heldout', got {split!r}")
    return split


def is_heldout_value(text: str) -> bool:
    """Synthesized values: one in four (by a blake2b hash of the text) belongs to the held-out split."""
    return hashlib.blake2b(text.encode(), digest_size=2).digest()[0] % 4 == 0


def draw(rng: random.Random, split: str, make: Callable[[], str]) -> str:
    """Rejection-sample `make()` until its value falls in `split`: uniform within the split."""
    want = split == "heldout"
    while True:
        v = make()
        if is_heldout_value(v) == want:
            return v


def pool(name: str, split: str) -> tuple[str, ...]:
    train, held = POOLS[name]
    return held if split == "heldout" else train


def word(rng: random.Random, n_syll: int) -> str:
    """An invented word that reads like a name ("Tavrin", "Meloka"); not yet split-filtered.
    Open syllables with one optional closing consonant keep it pronounceable."""
    s = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(n_syll)) + rng.choice(CODAS)
    return s.capitalize()


def name(rng: random.Random, split: str) -> str:
    return draw(rng, split, lambda: word(rng, rng.choice((2, 2, 3))))


def _code(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return str(rng.randint(1000, 9999)) if rng.random() < 0.6 else str(rng.randint(100000, 999999))
    return "".join(rng.choice(LETTERS + "23456789") for _ in range(rng.choice((4, 5, 6))))


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)}"


def _time(rng: random.Random) -> str:
    return f"{rng.randint(5, 11)}:{rng.choice(('00', '15', '30', '45', '10', '20', '40', '50'))}"


def _suffixed(ends: tuple[str, ...], lower: bool = False) -> Callable[[random.Random], str]:
    """Invented name plus a real suffix: "Tavrin Road", "Meloka Academy", "Brandholm"."""
    def make(rng: random.Random) -> str:
        end = rng.choice(ends)
        return word(rng, 2) + end if lower else f"{word(rng, 2)} {end}"
    return make


def _number(lo: int, hi: int, comma: bool = False) -> Callable[[random.Random], str]:
    def make(rng: random.Random) -> str:
        n = rng.randint(lo, hi)
        return f"{n:,}" if comma else str(n)
    return make


# Synthesized value kinds: each maker returns a candidate; `value` filters it to the split.
SYNTH: dict[str, Callable[[random.Random], str]] = {
    "name": lambda rng: word(rng, rng.choice((2, 2, 3))),
    "word": lambda rng: word(rng, rng.choice((2, 3))),
    "band": lambda rng: f"the {word(rng, 2)}s",
    "code": _code,
    "date": _date,
    "time": _time,
    "year": _number(1890, 2019),
    "old year": _number(1100, 1890),
    "street": _suffixed(STREETS),
    "school": _suffixed(SCHOOLS),
    "company": _suffixed(COMPANIES),
    "team": _suffixed(TEAMS),
    "town": _suffixed(TOWN_ENDS, lower=True),
    "invention": lambda rng: word(rng, 2).lower() + rng.choice(("scope", "graph", "meter", "phone", "loom")),
    "count": _number(3, 40),
    "small number": _number(12, 99),
    "shoe size": _number(35, 47),
    "height": _number(150, 199),
    "price": _number(15, 950),
    "population": _number(1200, 480000, comma=True),
    "length": _number(40, 2900),
    "elevation": _number(300, 6400),
    "age": _number(21, 88),
    "adult age": _number(12, 21),
    "floor": _number(2, 40),
    "username": lambda rng: f"{word(rng, 2).lower()}{rng.randint(10, 99)}",
    "phone": lambda rng: f"0{rng.randint(7000, 7999)} {rng.randint(100000, 999999)}",
    # Train-only kinds of `english_more` (a new name here moves no other kind's stream).
    "rating": _number(800, 2600),
    "steps": _number(3000, 15000, comma=True),
}


# A quarter of people's names are real first names: documents should read like real notes, and the
# base model should see real names as copy targets too. The rest are invented, so not memorisable.
REAL_NAME_SHARE = 0.25
_ALL_POOLED = frozenset(v for tr, held in POOLS.values() for v in tr + held)
# Kinds whose values are invented words (the rest of SYNTH are numbers, codes, dates and times).
SYLLABLE_KINDS = frozenset({"name", "word", "band", "street", "school", "company", "team", "town",
                            "username", "invention"})


def _synth(rng: random.Random, kind: str) -> str:
    """A synthesized candidate that never equals a hand-written value (that would blur the split)."""
    while True:
        v = SYNTH[kind](rng)
        if v not in _ALL_POOLED:
            return v


def overlaps(v: str, taken) -> bool:
    """Whether a value holds, or sits inside, one already taken (case aside): a document or a profile
    where one value is found inside another cannot say which was meant."""
    lv = v.lower()
    return any(lv in t.lower() or t.lower() in lv for t in taken)


def value(rng: random.Random, kind: str, split: str) -> str:
    """One value of `kind` (a POOLS name or a SYNTH name) from the split's share."""
    if kind in POOLS:
        return rng.choice(pool(kind, split))
    if kind == "name" and rng.random() < REAL_NAME_SHARE:
        return rng.choice(pool("first name", split))
    return draw(rng, split, lambda: _synth(rng, kind))


def heldout_pool_values() -> set[str]:
    """Every hand-written held-out value (synthesized ones are held out by `is_heldout_value`)."""
    return {v for _, held in POOLS.values() for v in held}


def is_value_in_split(kind: str, v: str, split: str) -> bool:
    """Whether value `v` of `kind` belongs to `split`; lets tests check the partition."""
    if kind in POOLS or v in _ALL_POOLED:
        return v in pool(kind if kind in POOLS else "first name", split)
    return is_heldout_value(v) == (split == "heldout")
