"""Unrelated user prompts for the retention term: an adapter must leave the base's answers to these alone.

Built from templates over hand-written topic lists, so tens of thousands of distinct prompts exist: 60%
requests (write, list, translate) and 40% short questions with a fact for an answer.
`agenthn/bench/data/general_questions.jsonl` measures retention, so it must never be trained on, not
even as a paraphrase: the questions here may want the same kinds of answer (a city, a colour), about
other things, and tests check that no prompt equals one of its questions or shares more than one
content word with any of them.
"""

from __future__ import annotations

import random

from agenthn.errors import AgentHNError
from agenthn.world.english_general import general_questions_typed

ADJECTIVES = ("happy", "big", "quick", "tired", "angry", "beautiful", "clever", "quiet", "strange", "brave",
              "cold", "funny", "old", "rich", "easy", "loud", "calm", "bright", "gentle", "hungry",
              "tiny", "smart", "scared", "lucky", "busy", "proud", "sad", "wet", "soft", "fast")
TOPICS = ("the sea", "autumn leaves", "a busy market", "a rainy afternoon", "a lighthouse", "fresh bread",
          "a long train journey", "an old library", "a mountain lake", "a city at night",
          "a garden in spring",
          "a thunderstorm", "the first snow", "a village bakery", "a football match", "a quiet forest",
          "a birthday party", "a desert road", "a crowded bus", "a kitchen in the morning", "a sleeping cat",
          "a summer festival", "a fishing boat", "an empty beach in winter", "a school playground",
          "a hot cup of tea", "a bicycle ride", "a museum", "a harbour at dawn", "a windy hill")
PHRASES = ("thank you", "good morning", "where is the station", "I am hungry", "see you tomorrow",
           "how much does it cost", "good night", "I love music", "the weather is nice", "excuse me",
           "happy birthday", "I don't understand", "what time is it", "welcome", "my name is Sam")
LANGUAGES = ("French", "Spanish", "German", "Italian", "Portuguese", "Dutch")
RHYMES = ("cat", "light", "tree", "cake", "moon", "star", "rain", "boat", "bell", "ring", "house", "chair",
          "sun", "bed", "fish", "hill", "cold", "day")
THINGS = ("a volcano", "a library", "photosynthesis", "a rainbow", "a calendar", "an umbrella",
          "a compass", "a thermometer", "a bridge", "gravity", "a vaccine", "a battery", "a recipe",
          "an election", "a glacier", "a microscope", "a budget", "a dictionary", "a map", "a habit")
ACTIVITIES = ("sleeping better", "saving money", "learning to cook", "running a first 5k",
              "studying for exams",
              "keeping a plant alive", "writing a cover letter", "packing for a trip", "starting a garden",
              "staying focused at work", "making new friends", "drinking more water", "learning to swim",
              "tidying a small flat", "preparing for a job interview")
CREATURES = ("octopuses", "owls", "honeybees", "penguins", "dolphins", "elephants", "ants", "bats",
             "snails", "crows", "jellyfish", "sloths", "hummingbirds", "camels", "frogs")
INGREDIENTS = ("lentils", "spinach", "chickpeas", "rice", "mushrooms", "eggs", "potatoes", "tomatoes",
               "courgettes", "oats", "apples", "cabbage", "tofu", "pasta", "sweet potatoes")
RUDE = ("Give me the salt.", "Move your bag.", "Send me the report now.", "Stop talking.", "Call me back.",
        "Close the window.", "Tell me the answer.", "Be quiet in the library.", "Wait here.",
        "Fix my laptop.")
MISSPELT = ("recieve", "definately", "seperate", "occured", "tommorow", "beleive", "wich", "untill",
            "acommodate", "goverment", "enviroment", "begining")
WORDS = ("pear", "anchor", "violin", "maple", "cloud", "zebra", "kettle", "button", "garden", "ladder",
         "mirror", "pencil", "rocket", "saddle", "tunnel", "window", "yogurt", "lemon", "island", "jacket")
PETS = ("goldfish", "puppy", "kitten", "hamster", "parrot", "tortoise")


def _arithmetic(rng: random.Random) -> str:
    """Two-digit sums and products, phrased unlike the eval's "What is 2 plus 2?"."""
    a, b = rng.randint(11, 99), rng.randint(3, 19)
    return rng.choice((f"Calculate {a} + {b}.", f"Multiply {a} by {b}.", f"Subtract {b} from {a}.",
                       f"Work out {a} * {b} and show the result.", f"Add {a} and {b} together."))


def _words(rng: random.Random) -> str:
    w = rng.sample(WORDS, 3)
    return rng.choice((f"Put these words in alphabetical order: {w[0]}, {w[1]}, {w[2]}.",
                       f"Which of these words is the longest: {w[0]}, {w[1]} or {w[2]}?",
                       f"Count the letters in the word '{w[0]}'."))


TEMPLATES = (
    lambda r: f"Give me a synonym for {r.choice(ADJECTIVES)}.",
    lambda r: f"Write one sentence about {r.choice(TOPICS)}.",
    lambda r: f"Write a short haiku about {r.choice(TOPICS)}.",
    lambda r: f"Describe {r.choice(TOPICS)} in two sentences.",
    lambda r: f"Translate '{r.choice(PHRASES)}' into {r.choice(LANGUAGES)}.",
    lambda r: f"Give me a word that rhymes with {r.choice(RHYMES)}.",
    lambda r: f"Explain in one sentence what {r.choice(THINGS)} is.",
    lambda r: f"List two tips for {r.choice(ACTIVITIES)}.",
    lambda r: f"Tell me a fun fact about {r.choice(CREATURES)}.",
    lambda r: f"Suggest a simple dinner with {r.choice(INGREDIENTS)}.",
    lambda r: f"Make this sentence more polite: '{r.choice(RUDE)}'",
    lambda r: f"How do you spell '{r.choice(MISSPELT)}' correctly?",
    lambda r: f"Suggest three names for a new {r.choice(PETS)}.",
    lambda r: f"Use the word '{r.choice(WORDS)}' in a sentence.",
    lambda r: f"Write a friendly one-line greeting for a card about {r.choice(TOPICS)}.",
    lambda r: f"Give me two adjectives that describe {r.choice(TOPICS)}.",
    lambda r: f"Write a short shopping list for a meal with {r.choice(INGREDIENTS)}.",
    lambda r: f"Why might someone enjoy {r.choice(ACTIVITIES)}? Answer in one sentence.",
    lambda r: f"Turn '{r.choice(PHRASES)}' into a question.",
    lambda r: f"Write a riddle whose answer is {r.choice(THINGS)}.",
    _arithmetic,
    _words,
)


# Short questions with a fact for an answer, the shape of a document question ("What is my parking
# space?"). Without them an adapter learned that any short question wants a bare value: stage 13 of the
# smol hypernetwork answered "What is the capital of France?" with "Lyon" under an unrelated document's
# adapter (retention 6%), though it kept these prompts' long requests. These keep to domains apart
# from the retention eval's: words and grammar, jobs, the body, sport, kinds of things.
NOUNS = ("mouse", "child", "goose", "knife", "leaf", "cactus", "tooth", "foot", "wolf", "lorry", "box",
         "sheep", "woman", "potato", "thief", "hero")
VERBS = ("run", "swim", "buy", "think", "draw", "eat", "bring", "teach", "fly", "sing", "drive", "catch",
         "sleep", "build", "choose", "forget")
MEANINGS = ("ambiguous", "frugal", "candid", "serene", "meticulous", "nostalgia", "resilient", "vivid",
            "humble", "curious", "reluctant", "generous", "fragile", "ancient", "obvious", "tiny")
JOBS = ("a carpenter", "a plumber", "a pharmacist", "a librarian", "an architect", "a farmer", "a pilot",
        "an electrician", "a journalist", "a chef", "a firefighter", "a lawyer", "a vet", "a tailor")
ORGANS = ("the heart", "the pancreas", "the spleen", "the stomach", "the brain", "the skin", "the liver",
          "the bladder")
KINDS_OF = ("board game", "type of pasta", "kind of flower", "card game", "cooking herb", "kind of tree",
            "team sport", "type of cloud", "breakfast cereal", "kind of cheese", "kind of nut",
            "kind of soup")
SPORTS = ("Wimbledon", "the Grand National", "the Super Bowl", "the Masters in Augusta",
          "the Stanley Cup", "the Ryder Cup", "the Six Nations")

# World-knowledge questions of the answer types the training documents ask for (a city, a colour, a
# language, a number, a person), in the eval's plain form. Stage 14 (kd_only_right, with only the word-
# and-grammar questions below) kept those prompts' replies (KL 0.06 per token) and still answered 61 of
# 81 eval questions with a bare value from the training documents' pools ("Lyon" for the capital of
# France): a question that wants a city got a document's city. No prompt shares more than one content
# word with any eval question (a test), so none is a paraphrase of one.
BOOKS = ("Pride and Prejudice", "Don Quixote", "Moby-Dick", "The Odyssey", "Oliver Twist", "Frankenstein",
         "Dracula", "The Hobbit", "Hamlet", "Macbeth", "Jane Eyre", "The Little Prince", "Anna Karenina")
MUSIC = ("the Moonlight Sonata", "The Magic Flute", "Swan Lake", "The Nutcracker", "Carmen", "Bolero",
         "the Messiah", "The Barber of Seville")
PAINTINGS = ("The Starry Night", "The Scream", "Guernica", "The Night Watch", "The Birth of Venus",
             "Girl with a Pearl Earring", "The Persistence of Memory")
INVENTIONS = ("the telephone", "the printing press", "dynamite", "the steam engine", "the radio",
              "the aeroplane", "the light bulb", "the television")
DISCOVERIES = ("penicillin", "gravity", "radium", "X-rays", "insulin", "electrons")
TEAMS = ("basketball", "volleyball", "rugby union", "ice hockey", "cricket", "netball", "baseball")
ELEMENTS = ("1", "2", "6", "8", "26", "47", "79", "82")
OLYMPICS = ("1992", "2000", "2004", "2008", "2012", "2016")
LANDMARKS = ("the Louvre", "the Acropolis", "the Sagrada Familia", "the Brandenburg Gate", "the Kremlin",
             "the Statue of Liberty", "the Golden Gate Bridge", "the Alhambra", "the Parthenon")
PLACES = ("Chile", "Peru", "Kenya", "Iran", "Quebec", "Flanders", "Catalonia", "Senegal", "Vietnam",
          "Hungary", "Finland", "Turkey")
HUED = ("a flamingo", "a lemon", "a tomato", "a crow", "a pumpkin", "an emerald", "a sapphire", "a ruby",
        "a polar bear", "a lime", "a carrot", "an aubergine")
COUNTED = ("strings does a violin", "strings does a guitar", "hearts does an octopus",
           "players does a chess game", "humps does a dromedary camel", "arms does a starfish usually")

WORLD = (
    lambda r: f"Who is the author of {r.choice(BOOKS)}?",
    lambda r: f"Who composed {r.choice(MUSIC)}?",
    lambda r: f"Who painted {r.choice(PAINTINGS)}?",
    lambda r: f"Who invented {r.choice(INVENTIONS)}?",
    lambda r: f"Who discovered {r.choice(DISCOVERIES)}?",
    lambda r: f"How many players are on a {r.choice(TEAMS)} team?",
    lambda r: f"Which element has the atomic number {r.choice(ELEMENTS)}?",
    lambda r: f"Which city hosted the {r.choice(OLYMPICS)} Summer Olympics?",
    lambda r: f"Which city is home to {r.choice(LANDMARKS)}?",
    lambda r: f"What is the official language of {r.choice(PLACES)}?",
    lambda r: f"What colour is {r.choice(HUED)}?",
    lambda r: f"How many {r.choice(COUNTED)} have?",
)

# The answer type of each WORLD question, in the corpus's coarse value types (`VALUE_TYPES`): with
# `hyper.retention_typed` a retention prompt is paired with a document whose values are of its type
# (the leak the retention eval measures: a document's city answering a question that wants a city).
WORLD_TYPES = ("name", "name", "name", "name", "name", "number", "word", "city", "city", "language", "colour",
               "number")
# The coarse type of a document value, by its attribute's value kind (english_values); others have none.
VALUE_TYPES = {"name": "name", "city": "city", "town": "city", "country": "city",
               "colour": "colour", "eye colour": "colour", "language": "language",
               **{k: "number" for k in ("small number", "count", "price", "year", "age", "adult age",
                                        "population", "elevation", "floor", "height", "length", "steps",
                                        "rating", "shoe size", "old year")}}

FACTUAL = WORLD + (
    lambda r: f"What is the plural of '{r.choice(NOUNS)}'?",
    lambda r: f"What is the past tense of '{r.choice(VERBS)}'?",
    lambda r: f"What does the word '{r.choice(MEANINGS)}' mean?",
    lambda r: f"What does {r.choice(JOBS)} do?",
    lambda r: f"What does {r.choice(ORGANS)} do in the body?",
    lambda r: f"Can you name a {r.choice(KINDS_OF)}?",
    lambda r: f"Which sport is {r.choice(SPORTS)} about?",
    lambda r: f"How many syllables does '{r.choice(WORDS)}' have?",
    lambda r: f"Is '{r.choice(NOUNS + VERBS)}' a noun or a verb?",
)

# The answer types of FACTUAL, in order: WORLD's, then the word-and-grammar questions' (a syllable count
# is a number; the others want a word or an explanation, no type a document's value has).
FACTUAL_TYPES = WORLD_TYPES + ("word", "word", "", "", "", "word", "", "number", "word")

# People wrap the same request in different ways; the wrapper must not change what is asked.
OPENERS = ("", "", "", "Hi! ", "Quick one: ", "Could you help me? ", "Hello. ", "Hey, ")
CLOSERS = ("", "", "", " Thanks!", " Please keep it short.", " Thank you.", " No rush.")


def retention_prompts(n: int, seed: int, factual: float = 0.4) -> list[str]:
    """n varied general prompts unrelated to any document, deterministic in seed; a `factual` share
    of them short factual questions, the rest requests."""
    return [p for p, _ in retention_prompts_typed(n, seed, factual)]


def retention_prompts_typed(n: int, seed: int, factual: float = 0.4, general: float = 0.0,
                            wide: bool = False) -> list[tuple[str, str]]:
    """`retention_prompts` with each prompt's answer type ("city", ...; "" for none): the same prompts.
    With `general`, that share of the n comes from the broad general-knowledge pool
    (`english_general`; with `wide`, its wider set of shapes) instead; the others are the first prompts
    of the stream without it."""
    if not 0.0 <= general <= 1.0:
        raise AgentHNError(f"hyper.retention_general={general!r}: a share of the retention prompts, 0 to 1")
    rng = random.Random(f"retention-{seed}")
    m = round(n * general)
    # no draw for the share when it is 0: the requests-only stream stays the one every earlier run saw
    out = general_questions_typed(m, seed, wide) if m else []
    for _ in range(n - m):
        opener = rng.choice(OPENERS)
        pool = FACTUAL if factual and rng.random() < factual else TEMPLATES
        i = rng.choice(range(len(pool)))  # the same draw as rng.choice(pool), keeping the index
        kind = FACTUAL_TYPES[i] if pool is FACTUAL else ""
        out.append((opener + pool[i](rng) + rng.choice(CLOSERS), kind))
    return out
