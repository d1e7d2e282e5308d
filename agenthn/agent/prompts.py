"""The prompts the features send to the model and the default profile vocabulary, in one place.

These are the task formats the hypernetwork and base model are trained on (the synthetic world
renders its training data with them), so they are a contract between training and serving: the
world's package imports this module, never the other way round.
"""

from __future__ import annotations

# ---- personalization: proposing profile edits ---------------------------------------------------
EDIT_INSTRUCTION = "Propose edits to the user profile for this user turn."

# Fact keys (lowercase labels) a profile may hold by default; the world generates values for each.
FACT_KEYS = (
    "name", "home city", "hometown", "type of pet", "pet name", "employer", "job", "birthday",
    "favourite colour", "favourite food", "favourite book", "favourite drink", "hobby", "sport",
    "instrument", "locker code", "phone extension", "badge number", "lucky number", "room number",
    "bike lock code", "street", "best friend", "sister", "brother", "car colour", "favourite song",
    "wifi password", "doctor", "team", "parking spot",
)
# Style preferences: keys start with "style ".
PREF_KEYS = ("style sign-off", "style format", "style case", "style tone", "style nickname")
TONE_WORD = {"formal": "Certainly", "casual": "Sure", "cheerful": "Gladly"}
# Preferences whose values come from a closed set: anything else cannot be followed.
PREF_CHOICES = {"style format": ("list", "sentence", "short"), "style case": ("upper",),
                "style tone": tuple(TONE_WORD)}
# Values a user says in other words: what the turn must contain for the value to count as said.
PREF_CUES = {"style case": {"upper": "capital"}}


def is_pref(key: str) -> bool:
    return key.startswith("style ")


def render_profile(profile: dict[str, str]) -> str:
    """The profile document: one `key: value` line per entry, in insertion order."""
    return "\n".join(f"{k}: {v}" for k, v in profile.items())


def edit_prompt(profile: dict[str, str], turn: str) -> str:
    prof = render_profile(profile) or "(empty)"
    return f"{EDIT_INSTRUCTION}\nProfile:\n{prof}\nUser turn: {turn}"


# Chat bases (an English instruct model such as SmolLM2) propose edits from a system instruction and
# a short user message; with no task adapter, a few hand-written examples go in front as earlier turns.
# The examples are the project's own, never rows of the held-out evaluation set.
EN_EDIT_SYSTEM = (
    "You keep a profile of facts about the user. Read the user's message and write the profile edits it "
    "implies, one per line: ADD key: value for a new fact, UPDATE key: value when a fact in the profile "
    "changed, REMOVE key when a fact in the profile is no longer true. A key is a short lower-case noun "
    "phrase; a value is copied word for word from the message. Write NONE when the message states no fact "
    "about the user.")
EN_EDIT_SHOTS: tuple[tuple[dict[str, str], str, str], ...] = (
    ({}, "Hello! I'm Priya, I live in Bristol and I work as an architect.",
     "ADD name: Priya\nADD city: Bristol\nADD job: architect"),
    ({"name": "Priya"}, "My hamster is called Biscuit.", "ADD hamster name: Biscuit"),
    ({}, "Can you give me a recipe for pancakes.", "NONE"),
    ({"city": "Bristol"}, "We just moved to Glasgow for my new job.", "UPDATE city: Glasgow"),
    ({"bike": "Trek"}, "Someone stole my bike, so I don't have one anymore.", "REMOVE bike"),
    ({}, "My locker number at the pool is 117 and my brother Idris is a chef.",
     "ADD locker number: 117\nADD brother name: Idris\nADD brother job: chef"),
    ({}, "Wow, that is such a funny story, thanks.", "NONE"),
    ({"favourite drink": "coffee"}, "I've switched from coffee to green tea these days.",
     "UPDATE favourite drink: green tea"),
    ({}, "I can't eat shellfish, I'm allergic.", "ADD allergy: shellfish"),
    ({"hobby": "running", "name": "Omar"}, "I stopped running after my knee surgery.", "REMOVE hobby"),
)


def en_edit_message(profile: dict[str, str], turn: str) -> str:
    return f"Profile:\n{render_profile(profile) or '(empty)'}\nMessage: {turn}"


# With the task adapter the instruction can be short: the adapter was trained on exactly this chat.
EN_EDIT_SYSTEM_SHORT = "Propose profile edits (ADD, UPDATE, REMOVE or NONE) for the user's message."


def en_edit_messages(profile: dict[str, str], turn: str, few_shot: bool) -> list[dict]:
    """The chat that asks an English chat base for the edits one user turn implies: the full
    instruction and the examples for the bare base, the short instruction for the task adapter."""
    msgs = [{"role": "system", "content": EN_EDIT_SYSTEM if few_shot else EN_EDIT_SYSTEM_SHORT}]
    for p, t, a in EN_EDIT_SHOTS if few_shot else ():
        msgs += [{"role": "user", "content": en_edit_message(p, t)}, {"role": "assistant", "content": a}]
    return msgs + [{"role": "user", "content": en_edit_message(profile, turn)}]


# ---- self-improvement: study notes ---------------------------------------------------------------
NOTE_INSTRUCTION = "Write a study note about this mistake."


def note_prompt(m: dict) -> str:
    return (f"{NOTE_INSTRUCTION}\nQuestion: {m['question']}\nWrong answer: {m['wrong']}\n"
            f"Right answer: {m['right']}\nSource: {m['source']}")


def note_prompt_english(m: dict) -> str:
    """The study-note request for an English base never trained on notes. The wrong answer is left
    out (a small model copies it) and the instruction comes before the source, which smol then
    restates; asked to "write a study note" it mostly echoed the instruction (on 16 workplace-rule
    mistakes, 6 notes kept an item against 7 for this wording, whose items are the cleaner restatements)."""
    return (f"Here is a question and its answer.\nQuestion: {m['question']}\nAnswer: {m['right']}\n"
            f"Write one full sentence that gives the answer to this question. Fact to use: {m['source']}")


NOTE_PROMPTS = {"tiny": note_prompt, "english": note_prompt_english}


# ---- skills -----------------------------------------------------------------------------------------
# Appended to a question so the model writes out the rule it needs before answering.
NUDGE = "Recall the rule you need first."
