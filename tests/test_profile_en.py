"""Free-form English profile keys: the key normalizer, the strict parser over free keys, questions that
never edit, the proposer chosen per base, and (on smol) edits proposed for plain English turns."""

import pytest
import torch

from agenthn.agent import profile_proposer, prompts
from agenthn.agent.profile import Personalizer, ProfileConfig, parse_proposal
from agenthn.agent.profile_keys import key_problem, normalize_key
from agenthn.bench.profile_edits import load_turns
from agenthn.store import AdapterFiles, Store


@pytest.fixture()
def store(tmp_path):
    s = Store(tmp_path / "db.sqlite")
    yield s, AdapterFiles(tmp_path / "adapters", s), s.create_user("ana")[0].id
    s.close()


def _edits(accepted):
    return [(e.op, e.key, e.value) for e in accepted]


# ---- the key normalizer ---------------------------------------------------------------------------
@pytest.mark.parametrize("raw", ["cat's name", "cat name", "name of my cat", "The Name of my Cat",
                                 "my cat\u2019s name", "  cat name. "])
def test_three_phrasings_are_one_key(raw):
    assert normalize_key(raw) == "cat name"


@pytest.mark.parametrize("raw, key", [("locker code", "locker code"), ("City", "city"),
                                      ("my sister's job", "sister job"), ("parents' city", "parents city"),
                                      ("favorite color", "favourite colour"),
                                      ("favourite kind of film", "favourite kind of film"),
                                      ("door code of my building", "building door code"),
                                      ("favourite day of the week", "favourite day of the week"),
                                      ("style sign-off", "style sign-off"),
                                      ("two rabbits name", "rabbits name")])  # a count names nothing
def test_free_keys_are_normalized_and_accepted(raw, key):
    assert normalize_key(raw) == key and key_problem(key) is None


@pytest.mark.parametrize("raw", ["what I told you at lunch yesterday", "name: Tam", "job?!<b>", ""])
def test_keys_that_are_not_short_noun_phrases_are_refused(raw):
    assert key_problem(normalize_key(raw)) is not None


# ---- the parser over free keys ---------------------------------------------------------------------
def test_parser_takes_free_keys_in_one_spelling():
    turn = "My name is Tam and my locker code is 4821. My cat is called Miso."
    acc, rej = parse_proposal("ADD name: Tam\nADD Locker Code: 4821\nADD name of my cat: Miso", {}, turn=turn)
    assert rej == [] and _edits(acc) == [("ADD", "name", "Tam"), ("ADD", "locker code", "4821"),
                                         ("ADD", "cat name", "Miso")]
    # another spelling of an existing key updates it instead of adding a second entry
    acc, rej = parse_proposal("ADD cat's name: Tofu", {"cat name": "Miso"}, turn="Her name is Tofu now.")
    assert rej == [] and _edits(acc) == [("UPDATE", "cat name", "Tofu")]


def test_parser_refuses_ungrounded_values_and_removals_of_missing_keys():
    acc, rej = parse_proposal("ADD city: Lisbon\nREMOVE dog name", {"name": "Jo"},
                              turn="I moved to Porto. We don't have a dog now.")
    assert acc == [] and [r.reason for r in rej] == ["value 'Lisbon' is not in the user turn",
                                                     "REMOVE of absent key 'dog name'"]
    acc, rej = parse_proposal("REMOVE car", {"car": "Fiat", "job": "nurse"}, turn="I love my new job.")
    assert acc == [] and "does not mention" in rej[0].reason


def test_a_number_the_turn_spells_out_is_kept_as_spelled():
    # session 49: "our daughter Frida is seven" was proposed `daughter age: 7` and rejected as not said
    turn = "My husband Lars builds boats and our daughter Frida is seven."
    acc, rej = parse_proposal("ADD daughter age: 7", {}, turn=turn)
    assert rej == [] and _edits(acc) == [("ADD", "daughter age", "seven")]
    acc, rej = parse_proposal("ADD age: 42 years", {}, turn="I'm forty-two years old.")
    assert rej == [] and _edits(acc) == [("ADD", "age", "forty-two years")]
    said_both = parse_proposal("ADD age: 42", {}, turn="I'm 42 and forty-two.")[0]
    assert _edits(said_both) == [("ADD", "age", "42")]
    acc, rej = parse_proposal("ADD age: 8", {}, turn="Our daughter Frida is seven.")
    assert rej[0].reason == "value '8' is not in the user turn"  # another number: not said
    assert _edits(acc) == [("ADD", "daughter age", "seven")]  # her age, read from the turn (session 59)
    # an age the user was is not their age ("since I was ten" had been rejected only as not said)
    acc, rej = parse_proposal("ADD age: 10", {}, turn="I've been playing netball since I was ten.")
    assert acc == [] and rej[0].reason == "age 'ten' is said as one that was, not one that is"


def test_a_place_whose_value_is_a_time_is_refused():
    # session 50: "starting university in September" was proposed `daughter city: September`
    turn = "Our daughter Maya is starting university in September."
    acc, rej = parse_proposal("ADD daughter city: September\nADD daughter name: Maya", {}, turn=turn)
    # and its start is read (session 70)
    assert _edits(acc) == [("ADD", "daughter name", "Maya"),
                           ("ADD", "daughter university start", "in September")]
    assert [r.reason for r in rej] == ["'daughter city' is a place or a job, and 'September' a time"]
    assert parse_proposal("ADD hometown: next summer", {}, turn="I'm moving home next summer.")[0] == []
    for key, value, turn in (("city", "Mayfair", "I live in Mayfair."), ("trip", "September",
                                                                          "Our trip is in September.")):
        assert _edits(parse_proposal(f"ADD {key}: {value}", {}, turn=turn)[0]) == [("ADD", key, value)]


def _model_lines(text, profile, turn):
    """The model's lines alone, as the parser checks them (no facts read from the turn's verbs)."""
    return parse_proposal(text, profile, ProfileConfig(read_verbs=False), turn=turn)


def test_a_job_said_as_what_one_does_is_grounded_by_its_own_words_only():
    acc, rej = _model_lines("ADD job: maths teacher", {}, turn="I teach maths at a secondary school.")
    assert rej == [] and _edits(acc) == [("ADD", "job", "maths teacher")]
    acc, rej = _model_lines("ADD partner job: bus driver", {"partner name": "Sam"},
                              turn="Sam drives buses for a living.")
    assert rej == [] and _edits(acc) == [("ADD", "partner job", "bus driver")]
    # an occupation the turn's words do not build is invented, and only jobs are read this way
    acc, rej = _model_lines("ADD job: mechanic\nADD hobby: painter", {}, turn="I fix cars and paint.")
    assert acc == [] and [r.reason for r in rej] == ["value 'mechanic' is not in the user turn",
                                                     "value 'painter' is not in the user turn"]
    # one who loves doing something is no gardener by trade unless the turn says so (session 49: "I love
    # gardening" replaced `job: bus driver` with `job: gardener`)
    assert _model_lines("ADD job: gardener", {}, turn="I love gardening, especially tomatoes.")[0] == []
    assert _edits(_model_lines("ADD job: gardener", {}, turn="I do gardening for a living.")[0]) == [
        ("ADD", "job", "gardener")]
    # nor is one who studies something its trade (session 56: "My daughter Elsa studies law in Lund."
    # was proposed `daughter job: lawyer`)
    turn = "My daughter Elsa studies law in Lund."
    assert _model_lines("ADD daughter job: lawyer", {"daughter name": "Elsa"}, turn=turn)[0] == []
    assert _edits(_model_lines("ADD daughter job: law student", {"daughter name": "Elsa"}, turn=turn)[0]) == [
        ("ADD", "daughter job", "law student")]
    assert _edits(_model_lines("ADD job: lawyer", {}, turn="I practise law in Lund.")[0]) == [
        ("ADD", "job", "lawyer")]
    # a job word ends as one may: "motorbikger" (smol's garbled value) is not built from "motorbikes"
    turn = "My brother Karim fixes motorbikes and my mum teaches French."
    assert _model_lines("ADD brother job: motorbikger", {}, turn=turn)[0] == []
    assert _edits(_model_lines("ADD brother job: motorbike fixer", {}, turn=turn)[0]) == [
        ("ADD", "brother job", "motorbike fixer")]
    acc, rej = _model_lines("ADD job: painter", {}, turn="I fix cars and paint.")
    assert rej == [] and _edits(acc) == [("ADD", "job", "painter")]
    # a favourite job is no job held: its value is said, not built (session 50: "My least favourite chore
    # is ironing." was kept as `favourite job: ironer`)
    turn = "My least favourite chore is ironing."
    assert _model_lines("ADD favourite job: ironer", {}, turn=turn)[0] == []
    assert _edits(_model_lines("ADD least favourite job: ironing", {}, turn=turn)[0]) == [
        ("ADD", "least favourite chore", "ironing")]
    # what one learns, wishes or taught oneself to do is no job
    for turn in ("I taught myself to bake bread.", "I'd love to bake bread one day."):
        assert _model_lines("ADD job: baker", {}, turn=turn)[0] == [], turn
    # and a job withdrawn as what one no longer does is mentioned
    acc, rej = _model_lines("REMOVE uncle job", {"uncle name": "Wit", "uncle job": "coach driver"},
                              turn="Wit retired, so he doesn't drive coaches any more.")
    assert rej == [] and _edits(acc) == [("REMOVE", "uncle job", None)]


def test_removal_is_grounded_by_a_key_word_or_the_current_value():
    profile = {"dog name": "Pickle", "allergy": "peanuts", "hobby": "chess"}
    acc, rej = parse_proposal("REMOVE dog name", profile, turn="Sadly we don't have a dog any more.")
    assert rej == [] and _edits(acc) == [("REMOVE", "dog name", None)]
    acc, rej = parse_proposal("REMOVE allergy", profile, turn="Turns out I can eat peanuts after all!")
    assert rej == [] and _edits(acc) == [("REMOVE", "allergy", None)]
    # "name" alone says nothing about which entry: a generic head word does not ground a removal
    acc, rej = parse_proposal("REMOVE dog name", profile, turn="I changed my name.")
    assert acc == [] and "does not mention" in rej[0].reason


# ---- the Personalizer: questions, direct edits in any spelling ---------------------------------------
def test_a_question_never_edits_the_profile(tiny, store):
    s, files, uid = store
    p = Personalizer(tiny, s, files, uid, ProfileConfig(require_grounded=False))
    p.edit("ADD", "locker code", "4821")
    for q in ("What's my locker code?", "Do you remember my locker code? Is it 4821?"):
        events = p.observe(q)
        assert [e["type"] for e in events] == ["profile_edit_rejected"], events
        assert "question" in events[0]["reason"]
    assert p.profile() == {"locker code": "4821"} and len(p.history()) == 1


def test_direct_edits_use_the_normalized_key(tiny, store):
    s, files, uid = store
    p = Personalizer(tiny, s, files, uid, ProfileConfig(refresh_every=100))
    p.edit("ADD", "Cat's name", "Miso")
    p.edit("UPDATE", "name of my cat", "Tofu")
    assert p.profile() == {"cat name": "Tofu"}
    events = p.edit("REMOVE", "the cat name")
    assert [e["type"] for e in events][:2] == ["profile_edit_proposed", "profile_edit_applied"]
    assert p.profile() == {} and [h["key"] for h in p.history()] == ["cat name"] * 3


def test_world_trained_bases_keep_the_task_format(tiny):
    assert profile_proposer.resolve(tiny, "auto") == "task"
    msgs, adapter = profile_proposer.request(tiny, "auto", {"job": "baker"}, "I am a nurse now.")
    assert adapter is None and msgs == [{"role": "user", "content": prompts.edit_prompt(
        {"job": "baker"}, "I am a nurse now.")}]
    msgs, _ = profile_proposer.request(tiny, "fewshot", {}, "Hi, I'm Tam.")
    assert msgs[0]["content"] == prompts.EN_EDIT_SYSTEM and len(msgs) == 2 + 2 * len(prompts.EN_EDIT_SHOTS)


def test_training_turns_come_from_the_world_in_the_parser_format():
    from agenthn.world.profile_edits import profile_edit_examples

    examples = profile_edit_examples(300, 0)
    assert {e["kind"] for e in examples} == {"add", "update", "remove", "none"}
    for e in examples:  # every target is a proposal the strict parser accepts in full for its turn
        acc, rej = parse_proposal(e["target"], e["profile"], ProfileConfig(normalize_ops=False,
                                                                                read_verbs=False),
                                  turn=e["turn"])
        assert rej == [] and len(acc) == (0 if e["target"] == "NONE" else e["target"].count("\n") + 1), e
    # the hand-written eval turns are never among the training turns
    assert not {r["turn"] for r in load_turns()} & {e["turn"] for e in profile_edit_examples(3000, 1)}


def test_a_candidate_adapter_is_measured_without_touching_the_shipped_one(tiny, tmp_path):
    from agenthn.errors import AgentHNError
    from agenthn.model.peft_io import to_peft

    with pytest.raises(AgentHNError, match="no profile-edit adapter"):
        profile_proposer.use_adapter_dir(tiny, tmp_path)  # an empty folder names itself in the error
    to_peft(tiny.internalize("The cat is called Miso."), tmp_path / "other", "some/other-base")
    with pytest.raises(AgentHNError, match="other"):
        profile_proposer.use_adapter_dir(tiny, tmp_path / "other")
    candidate = tiny.internalize("Tam keeps locker 4821.")
    to_peft(candidate, tmp_path / "cand", tiny.base_model_id)
    try:
        used = profile_proposer.use_adapter_dir(tiny, tmp_path / "cand")
        _, adapter = profile_proposer.request(tiny, "chat", {}, "Hi, I'm Tam.")
        assert adapter is used
        assert torch.allclose(adapter.delta("down_proj", 0), candidate.delta("down_proj", 0), atol=1e-5)
    finally:
        profile_proposer._ADAPTERS.pop(tiny, None)
    assert profile_proposer.task_adapter(tiny) is None  # nothing shipped for the test base
