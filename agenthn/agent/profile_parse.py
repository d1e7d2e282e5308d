"""The strict parser of profile-edit proposals: a model's output is untrusted text, checked line by line.

A line is `ADD key: value`, `UPDATE key: value`, `REMOVE key` or `NONE`. Keys are free-form short noun
phrases brought to one spelling by `profile_keys.normalize_key` ("name of my cat" -> "cat name"), so a
profile holds one entry per fact however it was named; a closed vocabulary is still possible
(`ProfileConfig.allowed_keys`). A value must be non-empty, within the size limit, free of chat control
tokens and, when the user's turn is given, said in that turn; an op must fit the current profile
(REMOVE and UPDATE act on existing keys). Rejected lines carry the reason and never touch the profile.
Nothing here reads facts out of the turn: the turn is only used to check what the model proposed, and to
give a key back the word that reverses it where the model dropped it ("least", `_as_said`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from agenthn.agent import prompts, relations
from agenthn.agent.profile_keys import key_problem, normalize_key
from agenthn.errors import AgentHNError, check_fraction

DEFAULT_KEYS = prompts.FACT_KEYS + prompts.PREF_KEYS
DEFAULT_CHOICES = prompts.PREF_CHOICES
DEFAULT_CUES = prompts.PREF_CUES
CONTROL_TOKENS = ("<start_of_turn>", "<end_of_turn>", "<bos>", "<eos>", "<pad>")
_LINE = re.compile(r"^(?:(ADD|UPDATE)\s+([^:]*?)\s*:(.*)|(REMOVE)\s+(.+?)|(NONE))$")
_CTRL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_WORD = re.compile(r"[a-z0-9]+")
# Head nouns too generic to show which entry a withdrawal is about ("name" is in half the keys).
_GENERIC_HEADS = frozenset({"name", "number", "code", "favourite", "colour", "city", "job", "type", "kind",
                            "of", "and", "style", "my", "the"})
# A sentence: text up to its end mark (or the end of the line/turn); the end mark says what it does.
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*|[.!?]+")
QUESTION_REASON = "the turn only asks (a question never edits the profile)"
# Phrases that try to steer a model. Matching ones are still stored (as data) but flagged for audit.
_INJECTION = re.compile(
    r"ignore\b.{0,20}\b(instructions?|previous|above|rules)|disregard|system prompt|you are now|"
    r"new instructions?|\b(ADD|UPDATE|REMOVE) [a-z]|\b(system|assistant|user)\s*:|<\s*/?\s*[a-z_]+\s*>",
    re.IGNORECASE)


@dataclass
class ProfileConfig:
    # applied edits between automatic re-internalizations: every one, since a refresh makes only the new
    # lines (`retrieval.internalize_entries`' reuse); at 3 a fact said two turns before a question was
    # not yet worn ("Which herb do I hate?" -> "Your favourite herb is Ana.", session 46's chat)
    refresh_every: int = 1
    refresh_on_remove: bool = True     # a withdrawn fact should stop being used at once
    # a changed value too: until a refresh the adapter holds the old one, which is now wrong, not just
    # missing ("What does Sam do now?" -> "bus driver" after "He's a plumber now.", session 41's chat)
    refresh_on_update: bool = True
    max_value_chars: int = 64
    max_edits_per_turn: int = 4
    max_new_tokens: int = 48
    require_grounded: bool = True      # a model-proposed value must occur in the user's turn
    normalize_ops: bool = True         # ADD of an existing key -> UPDATE, UPDATE of an absent key -> ADD
    # None: any short noun phrase is a key (normalized); a tuple: only these keys (a closed vocabulary).
    allowed_keys: tuple[str, ...] | None = None
    value_choices: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_CHOICES))
    value_cues: dict[str, dict[str, str]] = field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_CUES.items()})
    adapter_name: str = "profile"
    # Who proposes edits (agent.profile_proposer): "auto", "task", "chat" or "fewshot".
    proposer: str = "auto"
    # Fact entries used per turn: the profile is internalized one adapter per fact line (plus one for
    # the style preferences, used on every turn) and each turn composes only the k facts its message
    # matches best (TF-IDF). 0: the whole profile as one adapter on every turn. Measured on the tiny
    # model (bench personalize, gold profiles): fact recall 34.5% vs 7.2%, preferences 67.6% vs 37.4%.
    retrieve_k: int = 1
    # Decoding may finish a value from the text of the entries the turn's adapter carries, where the
    # adapter finds the continuation plausible (p >= copy_beta x the top one's; agenthn.engine.copying),
    # as memory does from its segments; 0: the adapter alone.
    copy_beta: float = 0.05
    # A question whose words pick out one entry (TF-IDF, or the person it names: agent.relations) is
    # answered from the profile alone: memory's retrieved segments are left off that turn. History may
    # hold a value the profile has since changed ("Sam works as a bus driver." after the user said Sam
    # is a plumber now), or a segment retrieved by a shared word ("What's my dog's name?" took the turn
    # where the user gave their own name: "Your dog's name is Jonas."; with the profile alone, "Pepper").
    settles: bool = True
    # A question naming someone the profile names ("What does Sam do now?") is asked as "What does my
    # partner Sam do now?": smol does not link the name to the relation the entry is stored under ("Sam is
    # a 3.", session 41). That puts the relation and the name in the prompt (the turn reports it as the
    # `question_rewritten` event); off: the question goes as the user wrote it, with the same entry.
    ask_named: bool = True

    def __post_init__(self):
        if self.refresh_every < 1:
            raise AgentHNError(f"refresh_every must be >= 1, got {self.refresh_every}")
        if self.retrieve_k < 0:
            raise AgentHNError(f"retrieve_k must be >= 0, got {self.retrieve_k}")
        check_fraction(self.copy_beta, "profile copy_beta", AgentHNError)


@dataclass(frozen=True)
class ProposedEdit:
    op: str
    key: str
    value: str | None
    line: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejection:
    line: str
    reason: str


def _check_value(key: str, value: str, cfg: ProfileConfig, control: tuple[str, ...]) -> str | None:
    """Why this value cannot be stored, or None when it can."""
    if not value:
        return "empty value"
    if len(value) > cfg.max_value_chars:
        return f"value is {len(value)} characters, over the limit of {cfg.max_value_chars}"
    if _CTRL_CHARS.search(value):
        return "value contains control characters"
    if any(t in value for t in control):
        return "value contains a chat control token"
    choices = cfg.value_choices.get(key)
    if choices and value not in choices:
        return f"value {value!r} is not one of {list(choices)} for {key!r}"
    return None


def _check_op(op: str, key: str, value: str | None, profile: dict[str, str], cfg: ProfileConfig
              ) -> tuple[str, tuple[str, ...]] | str:
    """(op, flags) fitted to the profile, or why the op cannot apply. ADD of an existing key and UPDATE
    of an absent one say the same thing ("the value of key is now v"), so with `normalize_ops` they are
    coerced and flagged rather than lost; REMOVE of an absent key has nothing to act on."""
    if op == "ADD" and key in profile:
        if not cfg.normalize_ops:
            return f"ADD of existing key {key!r} (UPDATE changes a value)"
        op, flags = "UPDATE", ("op_normalized",)
    elif op == "UPDATE" and key not in profile:
        if not cfg.normalize_ops:
            return f"UPDATE of absent key {key!r}"
        op, flags = "ADD", ("op_normalized",)
    elif op == "REMOVE" and key not in profile:
        return f"REMOVE of absent key {key!r}"
    else:
        flags = ()
    if op == "UPDATE" and profile[key] == value:
        return f"UPDATE of {key!r} does not change it"
    return op, flags


def _mentions(low_turn: str, key: str, current: str | None) -> bool:
    """Whether a turn speaks of a profile entry: it names the key, a word of it other than a generic
    head noun ("we don't have a dog now" speaks of "dog name"), or the entry's current value ("I'm not
    allergic to peanuts after all"), a job also as what one does ("he doesn't drive coaches any more")."""
    words = set(_WORD.findall(low_turn))
    label = key.removeprefix("style ")
    return (label in low_turn or any(w in words for w in label.split() if w not in _GENERIC_HEADS)
            or (current is not None and (current.lower() in low_turn
                                         or _is_job(key) and said_as_work(current, low_turn))))


def _ungrounded(op: str, key: str, value: str | None, turn: str | None, cfg: ProfileConfig,
                current: str | None = None) -> str | None:
    """Why an edit is not supported by the user's turn (None when it is, or when there is no turn).

    A value the user did not say is a copying slip or an invention, and a removal of a key the user did
    not mention is a guess: both would corrupt the profile, so they are rejected."""
    if turn is None or not cfg.require_grounded:
        return None
    low = turn.lower()
    if value is None:
        return None if _mentions(low, key, current) else \
            f"REMOVE of {key!r}, which the user turn does not mention"
    cue = cfg.value_cues.get(key, {}).get(value, value)
    if cue.lower() in low or (_is_job(key) and said_as_work(value, low, wished=False)):
        return None
    return f"value {value!r} is not in the user turn"


# First-person words: a sentence that opens with "My husband" but has one of these ("My husband and I
# moved to Leeds") speaks of the user too.
_FIRST_PERSON = re.compile(r"\b(i|i'm|i've|i'd|i'll|me|my|we|we're|us|our|mine|myself)\b", re.IGNORECASE)
_MY_KIN = re.compile(r"\W*my (\w+)\b(.*)", re.IGNORECASE | re.DOTALL)


def _said_of_kin(key: str, value: str | None, turn: str | None) -> str | None:
    """Why a value for one of the user's own keys is someone else's: every sentence of the turn that
    says it opens with "My <relative>" and says nothing of the user ("My husband Tunde is an engineer at
    Rolls-Royce." proposed `employer: Rolls-Royce`, session 43); None otherwise."""
    if turn is None or value is None or key.endswith(" name") or relations.KIN & set(key.split()):
        return None  # a key that names a relative (`children`, `mother city`) is about them already
    said = [s for s in _SENTENCE.findall(turn) if value.lower() in s.lower()]
    whose = []
    for sentence in said:
        m = _MY_KIN.match(sentence)
        kin = m and relations.ALIASES.get(m.group(1).lower(), m.group(1).lower())
        if not m or kin not in relations.KIN or _FIRST_PERSON.search(m.group(2)):
            return None
        whose.append(kin)
    return f"value {value!r} is said of the user's {whose[0]}, not of the user" if whose else None


def _is_job(key: str) -> bool:
    return key == "job" or key.endswith(" job")


def said_as_work(value: str, low_turn: str, wished: bool = True) -> bool:
    """Whether an occupation is built from the turn's own words, as a job said as what one does is
    stored ("I teach maths" -> "maths teacher", "drives buses" -> "bus driver"): every word of the value
    begins as a word of the turn does, over four letters or the shorter word's whole length. Nothing of
    the value is invented, unlike "mechanic" for "I fix cars", which stays rejected. `wished` false: a
    word after "to" does not count ("I taught myself to bake bread" is no baker, "I'd love to teach
    yoga" no yoga teacher), as a new value needs; a withdrawal may speak of it so."""
    said = _WORD.findall(low_turn)
    turn_words = [w for i, w in enumerate(said) if wished or i == 0 or said[i - 1] != "to"]
    words = [w for w in _WORD.findall(value.lower()) if len(w) > 2]

    return bool(words) and all(any(len(os.path.commonprefix([w, t])) >= min(4, len(w), len(t))
                                   for t in turn_words if len(t) > 2) for w in words)


def _check_line(line: str, profile: dict[str, str], seen: set[str], cfg: ProfileConfig,
                control: tuple[str, ...], turn: str | None = None) -> ProposedEdit | Rejection:
    m = _LINE.match(line)
    if not m:
        return Rejection(line,
                         "malformed line: expected ADD key: value, UPDATE key: value, REMOVE key or NONE")
    op = m.group(1) or m.group(4)
    value = m.group(3).strip() if m.group(1) else None
    key = _as_said(normalize_key(m.group(2) if m.group(1) else m.group(5)), value, turn)
    key, value = _employee_of(key, value, turn)
    said = _restated(key, turn) if op == "REMOVE" else None
    if said and said != profile.get(key):  # a correction, not a withdrawal
        op, value = "UPDATE", said
    bad_key = key_problem(key)
    if bad_key:
        return Rejection(line, bad_key)
    if cfg.allowed_keys is not None and key not in cfg.allowed_keys:
        return Rejection(line, f"unknown key {key!r}")
    if key in seen:
        return Rejection(line, f"second edit of {key!r} in one turn")
    bad = _check_value(key, value, cfg, control) if value is not None else None
    fitted = bad or _check_op(op, key, value, profile, cfg)
    if isinstance(fitted, str):
        return Rejection(line, fitted)
    op, flags = fitted
    bad = _ungrounded(op, key, value, turn, cfg, profile.get(key)) or _said_of_kin(key, value, turn)
    if bad:
        return Rejection(line, bad)
    if value is not None and _INJECTION.search(value):
        flags += ("injection_like",)
    return ProposedEdit(op, key, value, line, flags)


def _as_said(key: str, value: str | None, turn: str | None) -> str:
    """The key as the turn says it, where the model's key says otherwise (session 44):
    - with "least" before it where the turn says it so: "my least favourite food is tagine" was kept as
      `favourite food: tagine` (two of the personalization benchmark's users), which then answered
      "What's my favourite food?" with the food they dislike;
    - `hometown` for a city the turn says the user is from and not where they live: "a nurse from Osaka,
      but I live in Vancouver now" was kept as `city: Osaka`, and "Where do I live?" got Osaka;
    - session 45: a favourite with the thing the turn names, `job` for an "employer" the turn says the
      user is, and `employer` for a "city" the turn says they work at (the helpers below)."""
    if not turn:
        return key
    key = _favourite_as_said(key, value, turn)
    if "least" in turn.lower() and not key.startswith("least "):
        spelt = " ".join(normalize_key(w) for w in _WORD.findall(turn.lower()))  # "favorite": "favourite"
        if re.search(rf"\bleast {re.escape(key)}\b", spelt):
            return f"least {key}"
    if not value:
        return key
    if key in _LIVES_KEYS and _said_as_from(value, turn):
        return "hometown"
    if relations.kind(key) == "employer" and _said_as_role(value, turn):
        return "job"
    if key in _LIVES_KEYS and _said_as_workplace(value, turn):
        return "employer"
    return key


def _restated(key: str, turn: str | None) -> str | None:
    """The value a turn gives a key in so many words ("my birthday is on 5 June, not 5 July" gives
    "5 June"), or None. The proposer answered that correction with `REMOVE birthday` (session 45): a
    turn that says what the value is corrects it rather than withdrawing it."""
    if not turn:
        return None
    m = re.search(rf"\bmy\s+{re.escape(key)}\s+(?:is|was|are)\s+(?:on\s+|in\s+|at\s+)?(?!not\b|no\b)"
                  r"(?P<v>[^,.;!?]+?)\s*(?:[,.;!?]|$|\s+(?:not|but|and)\b)", turn, re.IGNORECASE)
    return m.group("v") if m else None


def _employee_of(key: str, value: str | None, turn: str | None) -> tuple[str, str | None]:
    """A job said as working for someone ("I work at Google in London." was proposed as `job: Google
    employee`, then rejected as not in the turn, session 45) is who they work for: `employer: Google`,
    where the turn says "at Google" or "for Google"."""
    m = re.fullmatch(r"(.+?)\s+(employee|worker|staffer|staff member)", value or "", re.IGNORECASE)
    if not (m and turn and _is_job(key)
            and re.search(rf"\b(at|for)\s+{re.escape(m.group(1))}\b", turn, re.IGNORECASE)):
        return key, value
    return key.removesuffix("job") + "employer", m.group(1)


def _favourite_as_said(key: str, value: str | None, turn: str) -> str:
    """A favourite's key with the thing the turn names ("my least favourite chore is ironing" was
    proposed as `least favourite job`, session 45, and "Which chore do I dislike?" then shared no word
    with it)."""
    if not value or "favourite" not in key.split():
        return key
    m = re.search(rf"\bmy\s+((?:least\s+)?favou?rite\s+[a-z]+)\s+(?:is|are|was|has to be)\s+"
                  rf"(?:an?\s+|the\s+)?{re.escape(value.strip())}\b", turn, re.IGNORECASE)
    return normalize_key(m.group(1).lower()) if m else key


def _said_as_role(value: str, turn: str) -> bool:
    """Whether the turn says the value as what the user is, in lower case after "a" or "an" ("Maya, a
    software engineer at Shopify" was proposed as `employer: software engineer`, session 45): a job, not
    whom it is for."""
    return bool(re.search(rf"\b(a|an)\s+{re.escape(value.strip())}\b", turn)) and value.strip().islower()


def _said_as_workplace(value: str, turn: str) -> bool:
    """Whether the turn says the value only as where the user works ("a nurse at Charite and I live in
    Berlin" was proposed as `city: Charite`, session 45): after "at", and never after in, to or from."""
    return _said_only_after(value, turn, r"at", r"(in|to|from|of)")


def _said_only_after(value: str, turn: str, after: str, never: str) -> bool:
    """Whether the turn says the value after the words `after` matches and nowhere after `never`'s."""
    v = re.escape(value.strip())
    return bool(re.search(rf"\b{after}\s+{v}\b", turn, re.IGNORECASE)) and not re.search(
        rf"\b{never}\s+{v}\b", turn, re.IGNORECASE)


_LIVES_KEYS = frozenset({"city", "home city", "town", "home town", "current city"})
_LIVES = r"(live|lives|living|based|moved|moving|settled|stay|staying|reside)\s+(in|to|at)"


def _said_as_from(value: str, turn: str) -> bool:
    """Whether the turn says the value only as where the user is from ("I'm from Osaka"), never as where
    they live ("I live in Osaka", "moved to Osaka")."""
    return _said_only_after(value, turn, r"from", _LIVES)


def stated_part(turn: str) -> str:
    """The part of a user turn that states something: the turn without its questions.

    A question never edits the profile. Asking about a fact says nothing new about it, yet the edit
    proposer, shown "What is my job?" next to a profile holding `job`, proposes `REMOVE job` (the tiny
    model does, for most of the world's question phrasings) and grounding passes, since the turn names
    the key. So edits are proposed and grounded only from the sentences that state something. A
    sentence is a question when it ends with '?': the writer's own mark of an interrogative, cheap,
    language-neutral and predictable for a user, where a list of question words would misread
    "When I moved, my city became Oslo." A question without a question mark ("Tell me my job.") is
    not caught by this rule; the grounding check still applies to it.
    """
    if "?" not in turn:
        return turn  # unchanged: nothing to drop
    sentences = (s.strip() for s in _SENTENCE.findall(turn))
    return " ".join(s for s in sentences if s and not s.endswith("?"))


def parse_proposal(text: str, profile: dict[str, str], cfg: ProfileConfig | None = None,
                   control: tuple[str, ...] = CONTROL_TOKENS, turn: str | None = None
                   ) -> tuple[list[ProposedEdit], list[Rejection]]:
    """Validate a model's edit proposal line by line against `profile` (and the user `turn` it was
    proposed for, when given): (accepted, rejected).

    `NONE` alone means no edits. A blank output, or NONE mixed with edits, is rejected as a whole:
    a proposal that contradicts itself says nothing reliable about any of its lines.
    """
    cfg = cfg or ProfileConfig()
    lines = [x.strip() for x in text.strip().split("\n") if x.strip()]
    if not lines:
        return [], [Rejection(text, "empty proposal")]
    if lines == ["NONE"]:
        return [], []
    if "NONE" in lines:
        return [], [Rejection(text, "NONE together with edits")]
    accepted, rejected, seen = [], [], set()
    for line in lines:
        res = _check_line(line, profile, seen, cfg, control, turn)
        if isinstance(res, ProposedEdit) and len(accepted) >= cfg.max_edits_per_turn:
            res = Rejection(line, f"more than {cfg.max_edits_per_turn} edits in one turn")
        if isinstance(res, ProposedEdit):
            seen.add(res.key)
            accepted.append(res)
        else:
            rejected.append(res)
    return accepted, rejected
