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
