"""A broad pool of short general-knowledge questions for the retention term (`hyper.retention_general`).

Why: under an unrelated document's adapter v8 keeps "What is the capital of France?" but answers
"Half of 20 is 20.", "A year is 16 months.", "The capital of Germany is Hanoi." --
the sentence frame of the base's reply with a made-up value in it. The retention prompts it trained on
held about 100 distinct world-knowledge questions of twelve shapes (`english_prompts.WORLD`), so the
adapter learned to leave those alone, not questions in general (scripts/probe_retention_shapes.py on
the 2-core CPU, 64 questions of each under eight 4-fact adapters: v8 kept the opening of 48 of the
trained shapes' replies, 18 of these). These are some 3,500 distinct questions (about 430 in a draw
of 2,048) over arithmetic, time, shapes, animals, geography, science, food and language, each with the
coarse answer type of `english_prompts.VALUE_TYPES` (so `hyper.retention_typed` can pair them too).

None is a question of `agenthn/bench/data/general_questions.jsonl`, nor shares more than one content
word with one (a test checks every question this pool can make): the eval's instances stay unseen.
"""

from __future__ import annotations

import random

COUNTRIES = ("Kenya", "Peru", "Chile", "Turkey", "Thailand", "Vietnam", "Finland", "Denmark", "Hungary",
             "Cuba", "Australia", "Nigeria", "Morocco", "Belgium", "Switzerland", "Colombia", "Ghana",
             "Iceland", "Indonesia", "Pakistan", "Ukraine", "Romania", "Bolivia", "Ethiopia", "Malaysia",
             "Venezuela", "Croatia", "Bulgaria", "Senegal", "Nepal", "Jordan", "Tunisia", "Uruguay")
CURRENCY_OF = ("Canada", "Australia", "India", "Switzerland", "Mexico", "China",
               "Russia", "Brazil", "South Africa", "Sweden", "Turkey", "Thailand", "Poland", "Egypt")
CITIES = ("Toronto", "Munich", "Osaka", "Marseille", "Milan", "Barcelona", "Chicago", "Melbourne",
          "Istanbul", "Mumbai", "Shanghai", "Casablanca", "Rio de Janeiro", "Krakow", "Seville",
          "Vancouver", "Edinburgh", "Geneva", "Hamburg", "Naples", "Porto", "Auckland", "Lagos")
RIVER_CITIES = ("London", "Paris", "Vienna", "Budapest", "Rome", "Cairo", "Prague", "Dublin", "Lisbon",
                "Baghdad", "New Orleans")
MONTHS = ("February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November")
DAYS = ("Tuesday", "Wednesday", "Friday", "Saturday")
POLYGONS = ("triangle", "pentagon", "hexagon", "octagon", "rectangle", "heptagon", "decagon")
SOLIDS = ("a cube", "a pyramid with a square base", "a triangular prism", "a cuboid")
ROUND_THINGS = ("a coin", "an egg", "a pizza", "a dice", "a football pitch", "a stop sign", "a tin can")
ANIMALS = ("a horse", "a sheep", "a goat", "a kangaroo", "a frog", "a swan", "a deer", "a bear",
           "a duck", "a pig", "a hen", "a lion", "an owl")
LEGGED = ("an ant", "a bird", "a cow", "a chicken", "a snake", "a beetle", "a crab", "a cat", "a duck",
          "a horse", "a fly", "a lobster", "an octopus", "a starfish")
SOUNDS = ("a cat", "a sheep", "a duck", "a lion", "a horse", "a pig", "a snake", "an owl", "a donkey",
          "a frog", "a rooster", "a wolf")
DIETS = ("a panda", "a koala", "a rabbit", "a shark", "a hummingbird", "a squirrel", "an anteater",
         "a caterpillar")
HOMES = ("a bee", "a bird", "a rabbit", "a spider", "a horse", "a fox", "an ant", "a pig", "a beaver")
DISHES = ("sushi", "paella", "pizza", "tacos", "croissants", "hummus", "kimchi", "goulash", "curry",
          "pierogi", "feta cheese", "maple syrup", "pasta", "tea")
MADE_OF = ("cheese", "butter", "chocolate", "glass", "paper", "popcorn", "chips", "jam", "yoghurt",
           "tofu", "a candle", "a pencil", "cider", "ketchup")
ELEMENTS = ("Fe", "Au", "Ag", "Na", "O", "H", "C", "N", "Cu", "Pb", "He", "K", "Ca", "Zn")
UNITS = ("centimetres are in a metre", "grams are in a kilogram", "metres are in a kilometre",
         "seconds are in a minute", "millilitres are in a litre", "years are in a century",
         "years are in a decade", "cents are in a dollar", "pence are in a pound", "eggs are in a dozen",
         "hours are in two days", "days are in a fortnight", "weeks are in a year")
OPPOSITES = ("tall", "clean", "loud", "strong", "easy", "soft", "sweet", "thick", "narrow", "sharp",
             "brave", "inside", "push", "buy", "win", "before", "always", "friend", "remember", "laugh",
             "ancient", "noisy", "polite", "empty", "shallow", "smooth", "tight", "north", "arrive")
PLURALS = ("cactus", "ox", "mouse", "person", "fungus", "crisis", "deer", "louse", "die", "wife")
TEAMS = ("football", "handball", "water polo", "polo", "hockey", "softball")
SPORT_OF = ("a try", "a touchdown", "a home run", "a slam dunk", "a hole in one", "a checkmate",
            "a strike with a bowling ball", "an ace from a serve")
PLAYERS_OF = ("the violin", "the drums", "the trumpet", "the harp", "the flute", "the cello",
              "the saxophone", "the organ")
JOBS = ("a doctor", "a dentist", "a baker", "a teacher", "a pilot", "a postman", "a gardener",
        "a mechanic", "a nurse", "a judge")
WORKPLACES = ("a teacher", "a chef", "a nurse", "a librarian", "a miner", "a sailor", "a farmer",
              "a waiter", "an astronaut", "a banker")
BODY_COUNTS = ("teeth does an adult usually", "fingers does one hand", "bones does an adult",
               "lungs does a person", "toes do two feet", "chambers does the human heart")
# not Einstein, da Vinci or Shakespeare: "What is X famous for?" would be an eval question turned round
FAMOUS = ("Isaac Newton", "Marie Curie", "Charles Darwin", "Wolfgang Amadeus Mozart", "Napoleon Bonaparte",
          "Cleopatra", "Mahatma Gandhi", "Nelson Mandela", "Frida Kahlo", "Pablo Picasso", "Galileo Galilei",
          "Florence Nightingale", "Ludwig van Beethoven", "Christopher Columbus")


def _arithmetic(r: random.Random) -> str:
    """Numbers the eval never asks (two digits), in the eval's plain form and others."""
    a, b = r.randint(11, 99), r.randint(2, 12)
    return r.choice((f"What is {a} plus {b}?", f"What is {a} minus {b}?",
                     f"What is {a} times {r.randint(3, 9)}?", f"What is {a * b} divided by {b}?",
                     f"What is double {a}?", f"What is {a} add {b}?", f"What is a quarter of {4 * a}?",
                     f"What is {b} squared?", f"What is {a} take away {b}?"))


# (question maker, answer type): the type in english_prompts.VALUE_TYPES's coarse kinds, "" for none
GENERAL = (
    (_arithmetic, "number"),
    (lambda r: f"What is the capital of {r.choice(COUNTRIES)}?", "city"),
    (lambda r: f"On which continent is {r.choice(COUNTRIES)}?", "word"),
    (lambda r: f"What is the currency of {r.choice(CURRENCY_OF)}?", "word"),
    (lambda r: f"Which country is {r.choice(CITIES)} in?", "city"),
    (lambda r: f"Which river flows through {r.choice(RIVER_CITIES)}?", "word"),
    (lambda r: f"How many days are in {r.choice(MONTHS)}?", "number"),
    (lambda r: f"Which month follows {r.choice(MONTHS)}?", "word"),
    (lambda r: f"Which day is before {r.choice(DAYS)}?", "word"),
    (lambda r: f"How many sides does a {r.choice(POLYGONS)} have?", "number"),
    (lambda r: f"How many faces does {r.choice(SOLIDS)} have?", "number"),
    (lambda r: f"What shape is {r.choice(ROUND_THINGS)}?", "word"),
    (lambda r: f"What do you call a young {r.choice(ANIMALS).split(' ', 1)[1]}?", "word"),
    (lambda r: f"How many legs does {r.choice(LEGGED)} have?", "number"),
    (lambda r: f"What sound does {r.choice(SOUNDS)} make?", "word"),
    (lambda r: f"What does {r.choice(DIETS)} eat?", "word"),
    (lambda r: f"Where does {r.choice(HOMES)} live?", "word"),
    (lambda r: f"Which country does {r.choice(DISHES)} come from?", "city"),
    (lambda r: f"What is {r.choice(MADE_OF)} made of?", "word"),
    (lambda r: f"Which element has the symbol {r.choice(ELEMENTS)}?", "word"),
    (lambda r: f"How many {r.choice(UNITS)}?", "number"),
    (lambda r: f"What is the opposite of '{r.choice(OPPOSITES)}'?", "word"),
    (lambda r: f"What is the plural of '{r.choice(PLURALS)}'?", "word"),
    (lambda r: f"How many players are in a {r.choice(TEAMS)} team?", "number"),
    (lambda r: f"In which sport can you score {r.choice(SPORT_OF)}?", "word"),
    (lambda r: f"What is a person who plays {r.choice(PLAYERS_OF)} called?", "word"),
    (lambda r: f"What does {r.choice(JOBS)} do at work?", ""),
    (lambda r: f"Where does {r.choice(WORKPLACES)} usually work?", "word"),
    (lambda r: f"How many {r.choice(BODY_COUNTS)} have?", "number"),
    (lambda r: f"What is {r.choice(FAMOUS)} famous for?", ""),
    (lambda r: f"Which country was {r.choice(FAMOUS)} born in?", "city"),
)


# Session 22: more shapes (`hyper.retention_general_wide`), so that the pool covers more of what a person
# asks: planets, seasons, landmarks, superlatives, organs, calendar counting. Each still shares at most
# one content word with any eval question (tests/test_english.py checks these too).
MIXES = ("red and white", "red and green", "orange and purple", "pink and brown")
PLANET_CLUES = ("has the most famous rings", "is the coldest", "is the second from the Sun",
                "is the third from the Sun", "is the smallest", "is the hottest", "spins on its side")
SAYS = ("oink", "baa", "quack", "neigh", "meow", "hoot", "hiss", "cock-a-doodle-doo", "ribbit", "howl")
SEASON_DOINGS = ("ski", "go to the beach", "carve pumpkins", "build snowmen", "pick apples",
                 "see the first flowers", "wear gloves and scarves", "eat ice cream outdoors")
SIGHTS = ("Machu Picchu", "Mount Fuji", "the Acropolis", "the Kremlin", "Petra", "Angkor Wat",
          "Stonehenge", "the Statue of Liberty", "Niagara Falls", "the Sagrada Familia", "Table Mountain",
          "Mount Kilimanjaro", "the Alhambra")
EXTREMES = ("the largest desert in Asia", "the highest waterfall", "the smallest continent",
            "the biggest bone in the body", "the fastest land animal", "the deepest ocean",
            "the hottest planet", "the tallest animal", "the smallest planet", "the driest continent",
            "the coldest continent")
SENSES = ("see", "hear", "smell", "taste", "think", "breathe")
MAKERS = ("hens lay", "spiders spin", "silkworms make", "sheep give us", "goats give us", "trees give off",
          "birds build")
GROWERS = ("a tadpole", "an acorn", "a seed", "a puppy", "a lamb", "a foal", "a bud")
ORDINAL_DAYS = ("two days", "three days", "four days")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WHEELED = ("a car", "a tricycle", "a unicycle", "a motorbike", "a skateboard", "a wheelbarrow")
BIRD_CLUES = ("cannot fly and lives in Antarctica", "is famous for copying human speech",
              "hunts at night and hoots", "is the largest that cannot fly", "delivers babies in old stories",
              "has a bright red breast in winter gardens")

WIDER = (
    (lambda r: f"What colour do you get if you mix {r.choice(MIXES)}?", "colour"),
    (lambda r: f"Which planet {r.choice(PLANET_CLUES)}?", "word"),
    (lambda r: f"Which animal makes the sound {r.choice(SAYS)}?", "word"),
    (lambda r: f"In which season do people usually {r.choice(SEASON_DOINGS)}?", "word"),
    (lambda r: f"In which country is {r.choice(SIGHTS)}?", "city"),
    (lambda r: f"What is {r.choice(EXTREMES)}?", "word"),
    (lambda r: f"Which organ do you {r.choice(SENSES)} with?", "word"),
    (lambda r: f"What do {r.choice(MAKERS)}?", "word"),
    (lambda r: f"What does {r.choice(GROWERS)} grow into?", "word"),
    (lambda r: f"What is month number {r.randint(2, 11)} called?", "word"),
    (lambda r: f"Which day is {r.choice(ORDINAL_DAYS)} later than {r.choice(WEEKDAYS)}?", "word"),
    (lambda r: "How many days are in a leap year?", "number"),
    (lambda r: f"How many wheels does {r.choice(WHEELED)} have?", "number"),
    (lambda r: f"Which bird {r.choice(BIRD_CLUES)}?", "word"),
)

# Shapes no retention row ever asks (scripts/probe_retention_shapes.py): whether an adapter leaves
# questions of an unseen shape alone, not only the shapes it trained on.
DOINGS = ("fixes cars", "flies planes", "bakes bread", "cuts hair", "repairs pipes", "writes books",
          "sells flowers", "catches fish", "designs buildings")
TOOLS = ("a spoon", "a key", "a broom", "a ladder", "a thermometer", "a compass", "a kettle", "a needle",
         "a stapler", "a towel")
GREETINGS = ("hello", "thank you", "goodbye", "please", "yes", "good night")
TONGUES = ("French", "Spanish", "German", "Italian", "Portuguese")
GIVES = ("wool", "bacon", "eggs", "leather", "feathers for pillows", "mohair")
HELD_OUT = (
    lambda r: f"What do you call a person who {r.choice(DOINGS)}?",
    lambda r: f"What do you use {r.choice(TOOLS)} for?",
    lambda r: f"How do you say '{r.choice(GREETINGS)}' in {r.choice(TONGUES)}?",
    lambda r: f"Which animal gives us {r.choice(GIVES)}?",
)


def general_questions_typed(n: int, seed: int, wide: bool = False) -> list[tuple[str, str]]:
    """n questions (with their answer types) drawn from `GENERAL` (with `wide`, `GENERAL + WIDER`),
    deterministic in seed; repeats allowed (the pool holds a few thousand distinct questions). Without
    `wide` the draw is the one stages 40-42 trained on."""
    shapes = GENERAL + WIDER if wide else GENERAL
    rng = random.Random(f"general-{seed}")
    out = []
    for _ in range(n):
        make, kind = shapes[rng.randrange(len(shapes))]
        out.append((make(rng), kind))
    return out
