"""The generated profile-edit training turns: the phenomena the hand-written turns need are present,
targets use the canonical key scheme and pass the strict parser, and nothing leaks from the eval turns."""

import re
from collections import Counter

import pytest

from agenthn.agent.profile import ProfileConfig, parse_proposal
from agenthn.agent.profile_keys import normalize_key
from agenthn.bench.profile_edits import DATA, load_turns
from agenthn.world import profile_vocab as pv
from agenthn.world.profile_edits import profile_edit_examples

# the hand-written sets: the first (78 turns), the one written after the v3 key scheme (32 turns),
# the 16 written before adapter v4 (names filed under the wrong kind of pet or relative, and look-alikes)
# the 20 written before adapter v5 (a named relative's fact changing, jobs said as what one does) and the
# 14 written after it (such jobs with where, and look-alikes)
HAND_WRITTEN = [*load_turns(),
                *(r for s in "bcde" for r in load_turns(DATA.with_name(f"profile_turns_{s}.jsonl")))]

_LINE = re.compile(r"^(ADD|UPDATE|REMOVE) ([^:]+?)(?:: (.*))?$")
_WORD = re.compile(r"[a-z0-9']+")
_COMMON_CAPS = set(pv.WEEKDAYS) | {"January", "February", "March", "April", "May", "June", "July",
                                    "August", "September", "October", "November", "December"}


@pytest.fixture(scope="module")
def sample():
    return profile_edit_examples(6000, 7)


def _edits(ex):
    return [] if ex["target"] == "NONE" else [_LINE.match(x).groups() for x in ex["target"].split("\n")]


def test_targets_pass_the_strict_parser_in_full(sample):
    for ex in sample[:1500]:
        acc, rej = parse_proposal(ex["target"], ex["profile"], ProfileConfig(normalize_ops=False,
                                                                                  read_verbs=False),
                                  turn=ex["turn"])
        assert rej == [] and len(acc) == len(_edits(ex)), ex


def test_keys_are_canonical_whatever_word_the_turn_uses(sample):
    keys = Counter(k for ex in sample for _, k, _ in _edits(ex))
    for k in keys:  # a key is already in its one spelling, and never a kin word the scheme folds away
        assert normalize_key(k) == k, k
        assert not set(k.split()) & {"mum", "mom", "dad", "kids", "girlfriend", "boyfriend", "roommate",
                                     "gran", "nan", "grandma", "grandpa", "manager", "kind"}, k
    for k in ("mother name", "father city", "children", "birthplace", "hometown", "diet", "disliked food",
              "employer", "football team", "favourite music", "car colour", "degree subject"):
        assert keys[k] >= 5, k
    # the turn's own word differs from the key it maps to
    kin_turns = [ex for ex in sample if re.search(r"\bmy (mum|mom)\b", ex["turn"]) and ex["target"] != "NONE"]
    assert kin_turns and all("mother " in ex["target"] for ex in kin_turns)


def test_phenomena_are_present(sample):
    sizes = Counter(len(_edits(ex)) for ex in sample)
    assert sizes[3] + sizes[4] >= 150 and sizes[0] >= 600
    # several people with names and attributes in one turn
    people = [{k.split()[0] for _, k, _ in _edits(ex) if k.endswith((" name", " job", " city", " business"))}
              for ex in sample]
    multi = [p for p in people if len(p) >= 2]
    assert len(multi) >= 100
    # values said with a hedge or qualifier: the target value is the bare value
    trimmed = [ex for ex in sample if any(f"{q} " in ex["turn"] for q in pv.JOB_QUALIFIERS + pv.HEDGES)
               and any(v and not any(q in v for q in pv.JOB_QUALIFIERS) for _, _, v in _edits(ex))]
    assert len(trimmed) >= 50
    # feelings about weekdays are no edit; withdrawals said as good news; another pet is a new key
    assert sum(ex["target"] == "NONE" and any(d in ex["turn"] for d in pv.WEEKDAYS) for ex in sample) >= 30
    assert sum(ex["target"].startswith("REMOVE") and "after all" in ex["turn"] for ex in sample) >= 10
    seconds = [ex for ex in sample if ex["target"].startswith("ADD second ")]
    assert len(seconds) >= 20
    assert all(_edits(ex)[0][1].removeprefix("second ") in ex["profile"] for ex in seconds)


def test_a_name_said_to_be_of_another_kind_moves_to_that_kind(sample):
    # "Pickle is actually a tortoise, not a cat.": the cat's entry goes, the tortoise's comes, same name
    moved = [_edits(ex) for ex in sample if ex["target"].startswith("REMOVE") and "\nADD " in ex["target"]]
    assert len(moved) >= 60
    for (op1, old, _), (op2, new, _) in moved:
        assert (op1, op2) == ("REMOVE", "ADD") and old != new
        assert old.endswith(" name") and new.endswith(" name")
    turns = {ex["turn"]: ex for ex in sample}
    assert all(ex["profile"].get(_edits(ex)[0][1]) == _edits(ex)[1][2] for ex in turns.values()
               if ex["target"].startswith("REMOVE") and "\nADD " in ex["target"])
    assert any(" not a " in t for t in turns) and any(" not my " in t for t in turns)


def _words(s: str) -> set[str]:
    return set(_WORD.findall(s.lower()))


def test_no_generated_turn_nearly_equals_a_hand_written_one(sample):
    gold = [_words(r["turn"]) for r in HAND_WRITTEN]
    for ex in sample:
        w = _words(ex["turn"])
        for g in gold:
            assert len(w & g) / len(w | g) < 0.75, (ex["turn"], g)


def test_distinctive_gold_values_never_appear_as_generated_values(sample):
    """Names and places of the hand-written turns (values with a capital or a digit) are not drawn."""
    distinctive = {e["value"].lower() for r in HAND_WRITTEN for e in r["edits"]
                   if e.get("value") and e["value"] not in _COMMON_CAPS
                   and (any(c.isupper() for c in e["value"]) or any(c.isdigit() for c in e["value"]))
                   and not e["value"].isdigit() and "of" not in e["value"].split()}
    assert len(distinctive) >= 25
    single = {d for d in distinctive if " " not in d}
    assert single <= pv.HELD_OUT, single - pv.HELD_OUT  # what the value draws avoid
    for ex in sample:
        for _, _, v in _edits(ex):
            if v:
                assert not _words(v) & single and v.lower() not in distinctive, v
