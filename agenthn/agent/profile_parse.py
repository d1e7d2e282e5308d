"""The strict parser of profile-edit proposals: a model's output is untrusted text, checked line by line.

A line is `ADD key: value`, `UPDATE key: value`, `REMOVE key` or `NONE`. Keys are free-form short noun
phrases brought to one spelling by `profile_keys.normalize_key` ("name of my cat" -> "cat name"), so a
profile holds one entry per fact however it was named; a closed vocabulary is still possible
(`ProfileConfig.allowed_keys`). A value must be non-empty, within the size limit, free of chat control
tokens and, when the user's turn is given, said in that turn; an op must fit the current profile
(REMOVE and UPDATE act on existing keys). Rejected lines carry the reason and never touch the profile.
The turn is used to check what the model proposed and to give a key back the word that reverses it where
the model dropped it ("least", `profile_said`); facts are read out of it only for a few verbs the model
drops (`profile_verbs`: "I collect ...", "my mum teaches ..."), checked as its lines are (`_verb_edits`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from agenthn.agent import kinds
from agenthn.agent.profile_config import ProfileConfig
from agenthn.agent.profile_keys import key_problem, normalize_key
from agenthn.agent.profile_merge import ProposedEdit, Rejection, companion, glued, with_said, within_said
from agenthn.agent.profile_misfiled import misfiled
from agenthn.agent.profile_named import (
    breed_lines,
    children_named,
    housemate_lines,
    living_lines,
    named_age_lines,
    pet_list_lines,
    pet_named,
    pets_named,
    teacher_lines,
)
from agenthn.agent.profile_ours import ours_as_said
from agenthn.agent.profile_places import job_place_lines, lived_in_lines, place_unglued, time_as_place
from agenthn.agent.profile_said import (
    WORD,
    age_said_as_past,
    as_said,
    condition_of,
    employee_of,
    favourite_widened,
    is_job,
    kin_as_said,
    not_a_number,
    one_of_many,
    restated,
    said_as_work,
    said_of_kin,
    subject_widened,
)
from agenthn.agent.profile_values import (
    business_as_said,
    counts_other,
    diet_as_said,
    kin_keyed,
    name_as_said,
    names_kept,
    names_listed,
    pets_as_said,
    place_as_employer,
    restriction_as_said,
    sport_as_said,
    value_as_said,
    whose_count,
)
from agenthn.agent.profile_verbs import ADDS_ONLY, said_lines
from agenthn.agent.profile_when import date_lines, visit_lines

CONTROL_TOKENS = ("<start_of_turn>", "<end_of_turn>", "<bos>", "<eos>", "<pad>")
_LINE = re.compile(r"^(?:(ADD|UPDATE)\s+([^:]*?)\s*:(.*)|(REMOVE)\s+(.+?)|(NONE))$")
_CTRL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
# Head nouns too generic to show which entry a withdrawal is about ("name" is in half the keys).
_GENERIC_HEADS = frozenset({"name", "number", "code", "favourite", "colour", "city", "job", "type", "kind",
                            "of", "and", "style", "my", "the"})
QUESTION_REASON = "the turn only asks (a question never edits the profile)"
# Phrases that try to steer a model. Matching ones are still stored (as data) but flagged for audit.
_INJECTION = re.compile(
    r"ignore\b.{0,20}\b(instructions?|previous|above|rules)|disregard|system prompt|you are now|"
    r"new instructions?|\b(ADD|UPDATE|REMOVE) [a-z]|\b(system|assistant|user)\s*:|<\s*/?\s*[a-z_]+\s*>",
    re.IGNORECASE)


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


def _pastime_as_job(op: str, flags: tuple[str, ...], key: str, value: str | None, turn: str | None) -> bool:
    """Whether an ADD of the user's `job` where one is held (so made an UPDATE) is a job built from what
    the turn says they do rather than one it names: "I run half marathons, my best time is ..." was
    proposed `ADD job: marathon runner` over `job: civil engineer` (session 51). A change of job is
    proposed as an UPDATE, or says the job in so many words."""
    return (key == "job" and op == "UPDATE" and "op_normalized" in flags and value is not None
            and turn is not None and value.lower() not in turn.lower())


def _mentions(low_turn: str, key: str, current: str | None) -> bool:
    """Whether a turn speaks of a profile entry: it names the key, a word of it other than a generic
    head noun ("we don't have a dog now" speaks of "dog name"), or the entry's current value ("I'm not
    allergic to peanuts after all"), a job also as what one does ("he doesn't drive coaches any more")."""
    words = set(WORD.findall(low_turn))
    label = key.removeprefix("style ")
    return (label in low_turn or any(w in words for w in label.split() if w not in _GENERIC_HEADS)
            or (current is not None and (current.lower() in low_turn
                                         or is_job(key) and said_as_work(current, low_turn))))


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
    misfit = misfiled(key, value, turn)
    if misfit:
        return misfit
    if age_said_as_past(key, value, turn):
        return f"age {value!r} is said as one that was, not one that is"
    if time_as_place(key, value):
        return f"{key!r} is a place or a job, and {value!r} a time"
    if not_a_number(key, value, turn):
        return f"{key!r} wants an age or a year, and {value!r} is none (or says how long something lasted)"
    cue = cfg.value_cues.get(key, {}).get(value, value)
    if cue.lower() in low or (is_job(key) and said_as_work(value, low, wished=False)):
        return None
    if names_listed(value, turn):  # "Fatima, Bello and Hauwa" of "Fatima, Bello and little Hauwa"
        return None
    return f"value {value!r} is not in the user turn"


def _check_line(line: str, profile: dict[str, str], seen: set[str], cfg: ProfileConfig,
                control: tuple[str, ...], turn: str | None = None) -> ProposedEdit | Rejection:
    m = _LINE.match(line)
    if not m:
        return Rejection(line,
                         "malformed line: expected ADD key: value, UPDATE key: value, REMOVE key or NONE")
    op = m.group(1) or m.group(4)
    key = normalize_key(m.group(2) if m.group(1) else m.group(5))
    key = pet_named(pets_as_said(key, m.group(3), turn), m.group(3), turn) if m.group(1) else key
    key = children_named(key, m.group(3), turn) if m.group(1) else key
    value = favourite_widened(key, value_as_said(key, m.group(3).strip(), turn), turn) if m.group(1) else None
    value = subject_widened(key, value, turn)
    # a kept key stays; a new one is the relative and the sport the turn says
    key = as_said(key if key in profile else sport_as_said(kin_as_said(key, turn), turn), value, turn)
    key = name_as_said(key, value, turn)  # whoever the turn says the name is of, kept or not
    key, value = condition_of(*employee_of(*business_as_said(kin_keyed(key, value, turn), value, turn), turn),
                              turn)
    key = one_of_many(place_as_employer(key, value, turn, profile), value, turn)
    kin = said_of_kin(key, value, turn)
    key = ours_as_said(f"{kin} {key}" if kin else key, value, turn)  # "me and my wife have a farm": ours
    counted = whose_count(key, value, turn)
    if counted == "":
        return Rejection(line, f"{value!r} counts someone else's {key}, not the user's")
    key = restriction_as_said(diet_as_said(counted or key, value), value, turn)
    counts = counts_other(key, value, turn)
    if counts:
        return Rejection(line, counts)
    said = restated(key, turn) if op == "REMOVE" else None
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
    if _pastime_as_job(op, flags, key, value, turn):
        return Rejection(line, f"a job held, and {value!r} is built from what the turn says the user does")
    bad = names_kept(op, key, value, profile, turn)
    if bad:
        return Rejection(line, bad)
    bad = _ungrounded(op, key, value, turn, cfg, profile.get(key))
    if bad:
        return Rejection(line, bad)
    if value is not None and _INJECTION.search(value):
        flags += ("injection_like",)
    return ProposedEdit(op, key, value, line, flags)


def clause_additions(raw: str, profile: dict[str, str], cfg: ProfileConfig, control: tuple[str, ...],
                     clause: str) -> list[ProposedEdit]:
    """The edits of a clause's proposal `raw` that add a key `profile` lacks (the whole turn's edits
    already applied): a clause read alone may misread what the whole turn made clear, so it only fills
    gaps, never changes an entry, nor keeps again a place held under another place's key ("I teach
    maths at a secondary school in Hamburg." added `secondary school: Hamburg` beside `city: Hamburg`,
    and "Where do I teach?" got "Your question about the school of the university is: Hamburg.",
    session 58); a business's own word stays beside `business` (`bakery: Rye & Shine`: "What's the name
    of my bakery?")."""
    held = {v.lower() for k, v in profile.items() if kinds.kind(k) == "place"}
    return [e for e in parse_proposal(raw, profile, cfg, control, clause)[0] if e.op == "ADD" and not (
        kinds.kind(e.key) == "place" and (e.value or "").lower() in held)]


def _second_job(line: str, res: ProposedEdit | Rejection, accepted: list[ProposedEdit], profile: dict,
                cfg: ProfileConfig, control: tuple[str, ...], turn: str | None
                ) -> tuple[int, ProposedEdit] | None:
    """A second job in one turn for a key that took one already, itself valid and said in the `turn`
    (without one, two jobs contradict each other), joined to the first:
    (its index in `accepted`, the joined edit); else None. "My dad is a farmer and grows coffee." was
    proposed as `father job: farmer` and `father job: coffee grower` (session 47's chat), and the
    second, rejected as a repeat, was the one "What does my dad grow?" needed."""
    if turn is None or not (isinstance(res, Rejection) and res.reason.startswith("second edit")):
        return None
    alone = _check_line(line, profile, set(), cfg, control, turn)
    if not isinstance(alone, ProposedEdit) or alone.value is None:
        return None
    if not (is_job(alone.key) and is_job(normalize_key(_LINE.match(line).group(2)))):
        return None  # a job the model named as one, not a key the turn's words made one
    for i, e in enumerate(accepted):
        if e.key == alone.key and e.value is not None and alone.value.lower() not in e.value.lower():
            value = f"{e.value} and {alone.value}"
            if _check_value(e.key, value, cfg, control) is None:
                return i, replace(e, value=value, line=f"{e.op} {e.key}: {value}")
    return None


_JOINED = re.compile(r"^(ADD|UPDATE)(\s+[^:]+:\s*\S.*?)\s+([a-z]+):\s+(\S.*)$")


def _unjoined(line: str) -> list[str]:
    """Two edits the model wrote on one line, the second's one-word key after the first's value: "ADD
    children: three grandchildren: Sofie" (session 51, rejected whole as a value the turn never says) is
    "ADD children: three" and "ADD grandchildren: Sofie"."""
    m = _JOINED.match(line)
    if not m:
        return [line]
    return [f"{m.group(1)}{m.group(2)}", *_unjoined(f"{m.group(1)} {m.group(3)}: {m.group(4)}")]


def _name_unglued(line: str, turn: str | None) -> list[str]:
    """A pet's breed the model wrote as the name the turn says after "called" or "named", or with that
    name after it (session 59): "ADD dog breed: Mango" of "I've got a golden retriever called Mango." is
    "ADD dog name: Mango" (the breed then read by `breed_lines`), and "ADD dog breed: border collie bess"
    of "... a border collie called bess." (refused whole as not said) "ADD dog breed: border collie" and
    "ADD dog name: bess"."""
    m = re.match(r"^(ADD|UPDATE)\s+([a-z ]+?)\s+breed:\s*(.+?)\s*$", line, re.IGNORECASE)
    if not m or turn is None:
        return [line]
    op, pet, value = m.groups()

    def called(name: str) -> bool:
        return re.search(rf"\b(?:called|named)\s+{re.escape(name)}\b", turn, re.IGNORECASE) is not None
    if called(value):
        return [f"{op} {pet} name: {value}"]
    breed, _, name = value.rpartition(" ")
    return [f"{op} {pet} breed: {breed}", f"{op} {pet} name: {name}"] if breed and called(name) else [line]


def _verb_edits(profile: dict[str, str], cfg: ProfileConfig, control: tuple[str, ...], turn: str | None,
                lines: list[str] | None = None) -> list[ProposedEdit]:
    """The edits `profile_verbs` reads from the turn (`lines`, else `said_lines`, `date_lines` and
    `visit_lines`) that pass the model's checks (flag `read_from_turn`): each adds a key the profile
    lacks, or changes one of a single value where the turn says nothing of another too ("I teach the
    violin now." after `subject: piano`); a value the profile holds already, under any key, is not read
    again (`employer: children's hospital` then `workplace: children's hospital` from the turn's clause,
    session 53), but for whom a thing is done with (`tennis partner: Clara` beside `friend name: Clara`)."""
    if not (turn and cfg.read_verbs):
        return []
    held = {v.lower() for v in profile.values()}
    also = re.search(r"\b(also|too|as well)\b", turn, re.IGNORECASE)
    edits, seen = [], set()
    if lines is None:
        lines = said_lines(turn, profile) + date_lines(turn) + visit_lines(turn, profile)
    for line in lines:
        res = _check_line(line, profile, seen, cfg, control, turn)
        if not isinstance(res, ProposedEdit) or res.value is None or (
                res.value.lower() in held and not companion(res.key)):
            continue
        if res.op == "ADD" or not also and res.key.split()[-1] not in ADDS_ONLY:
            seen.add(res.key)
            edits.append(replace(res, flags=(*res.flags, "read_from_turn")))
    return edits


def parse_proposal(text: str, profile: dict[str, str], cfg: ProfileConfig | None = None,
                   control: tuple[str, ...] = CONTROL_TOKENS, turn: str | None = None
                   ) -> tuple[list[ProposedEdit], list[Rejection]]:
    """Validate a model's edit proposal line by line against `profile` (and the user `turn` it was
    proposed for, when given): (accepted, rejected).

    `NONE` alone means no edits. A blank output, or NONE mixed with edits, is rejected as a whole:
    a proposal that contradicts itself says nothing reliable about any of its lines. The edits read
    from the turn (`_verb_edits`) come last, whatever the proposal.
    """
    cfg = cfg or ProfileConfig()
    lines = [x.strip() for x in text.strip().split("\n") if x.strip()]
    said = _verb_edits(profile, cfg, control, turn)  # the turn's own words stand whatever the model says
    if not lines:
        return said, [Rejection(text, "empty proposal")]
    if lines == ["NONE"]:
        return said, []
    if "NONE" in lines:
        return said, [Rejection(text, "NONE together with edits")]
    accepted, rejected, seen = [], [], set()
    lines = [part for x in lines for joined in _unjoined(x) for unglued in _name_unglued(joined, turn)
             for part in place_unglued(unglued, profile, turn)]
    for line in lines:
        res = within_said(glued(_check_line(line, profile, seen, cfg, control, turn), accepted, turn), said)
        joined = _second_job(line, res, accepted, profile, cfg, control, turn)
        if joined is not None:
            accepted[joined[0]] = joined[1]
            continue
        if isinstance(res, ProposedEdit) and len(accepted) >= cfg.max_edits_per_turn:
            res = Rejection(line, f"more than {cfg.max_edits_per_turn} edits in one turn")
        if isinstance(res, ProposedEdit):
            seen.add(res.key)
            accepted.append(res)
        else:
            rejected.append(res)
    named = {e.key: e.value for e in accepted if e.key.endswith(" name")}
    if turn and cfg.read_verbs:  # a pet's name and breed, said before the name the model gave it; a
        # teacher's job; a child's age said after their name; the city after a job
        kept = {e.key: e.value for e in accepted + said}  # this turn's edits
        held = set(profile) | set(kept)
        pets = pets_named(turn, named | {k: v for k, v in profile.items() if k.endswith(" name")})
        more = [f"ADD {k}: {v}" for k, v in pets.items()] + breed_lines(turn, named | pets)
        more += (teacher_lines({e.key: e.value for e in said}, held)
                + named_age_lines(turn) + job_place_lines(turn, kept, held) + housemate_lines(kept, held)
                + living_lines(turn, held) + lived_in_lines(turn, kept, held) + pet_list_lines(turn, held))
        said += _verb_edits(profile, cfg, control, turn, more)
    return with_said(accepted, rejected, said)
