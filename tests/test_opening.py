"""A reply to a turn that only tells the agent about its user opens with an acknowledgment and ends with its
first whole sentence (`agent/opening.py`, `ProfileConfig.acknowledge`, the runtime's decoding), on the
real runtime over a random test model."""

import pytest

from agenthn.agent.adapter_cache import AdapterCache
from agenthn.agent.opening import said_enough, tells_about_user
from agenthn.agent.runtime import AgentRuntime, RuntimeLimits
from agenthn.agent.turn import GenerationSettings, RunContext, TurnOptions
from agenthn.server.config import ServerConfig
from agenthn.store import Store


@pytest.mark.parametrize("message", ["my wife is called morag", "I go fishing off the jetty most weekends.",
                                     "oh and i'm vegan btw", "We have a rabbit called Pipoca."])
def test_a_turn_that_tells_about_its_writer_is_told(message):
    assert tells_about_user(message)


@pytest.mark.parametrize("message", ["What's my job?", "tell me a fun fact about octopuses",
                                     "whats a good way to stop procrastinating", "I need help with my essay.",
                                     "Can you recommend a good book about habits?", "The sky is blue.",
                                     "give me a recipe for my dinner", "any tips for my garden", ""])
def test_a_question_a_request_or_a_turn_about_no_one_is_not(message):
    assert not tells_about_user(message)


def test_the_reply_ends_with_its_first_sentence_of_two_words_past_the_opening():
    assert not said_enough(".")  # "Thanks for telling me." and nothing else yet
    assert not said_enough(". I'm glad")
    assert not said_enough(". Sure.")
    assert said_enough(" about Sam.")
    assert not said_enough(" about your")
    assert said_enough(". I'm glad to hear that your birthday is on March 3rd.")
    assert said_enough(" about your parrot, I'm glad to know you have one.")
    assert not said_enough(" about your 3.5")  # a number's point ends no sentence


def _chat(runtime, message):
    events = []
    reply = runtime.chat([{"role": "user", "content": message}], TurnOptions(learn_profile=True),
                         RunContext(events.append), GenerationSettings(max_new_tokens=12))
    return reply, [e["text"] for e in events if e["type"] == "token"]


def test_the_runtime_opens_a_told_turns_reply_and_streams_the_opening_first(tiny, tmp_path, one_torch_thread):
    store = Store(tmp_path / "db.sqlite")
    uid = store.create_user("ann")[0].id
    runtime = AgentRuntime(tiny, store, AdapterCache(), uid)
    reply, tokens = _chat(runtime, "My cat is called Miso.")
    assert reply.text.startswith("Thanks for telling me about") and tokens[0] == "Thanks for telling me about"
    assert "".join(tokens) == reply.text and reply.completion_tokens <= 12
    # switched off as `agenthn serve` reads it from the environment: the model's reply as it comes
    off = ServerConfig.from_env({"AGENTHN_PROFILE_ACKNOWLEDGE": ""})
    limits = RuntimeLimits(profile=off.profile_overrides())
    bare, _ = _chat(AgentRuntime(tiny, store, AdapterCache(), uid, limits), "My cat is called Miso.")
    assert not bare.text.startswith("Thanks for telling me")
    assert reply.prompt_tokens > bare.prompt_tokens  # the opening is fed as prompt, and counted there
    # a question is answered as it comes
    asked, _ = _chat(runtime, "What is my cat called?")
    assert not asked.text.startswith("Thanks for telling me")
    store.close()


def _closed(pieces, opens="Thanks for telling me"):
    from agenthn.agent.opening import Closing

    closing = Closing(opens)
    return "".join(closing.shown(iter(pieces))), closing.ended


def test_a_reply_past_its_opening_ends_before_the_model_turns_to_itself_after_a_comma():
    """Session 67: "Thanks for telling me about your brother, I'm sorry for any misunderstanding." and
    "about your wife, I'm glad to know that you're a bit of a flower shop owner."; a name after the comma
    stays ("about your wife, Priya.")."""
    brother = [" about", " your", " brother", ",", " I", "'m", " sorry"]
    assert _closed(brother) == (" about your brother.", True)
    assert _closed([",", " I", "'m", " glad"]) == (".", True)
    assert _closed([" about", " your", " job", ",", " but", " as"]) == (" about your job.", True)
    # a name after the comma, even one that starts with "I"; the next sentence is not shown
    assert _closed([" about", " your", " wife", ",", " Pri", "ya", ".", " I", " am"]) == (
        " about your wife, Priya.", True)
    isla = [" about", " your", " daughter", ",", " Is", "la", "."]
    assert _closed(isla) == (" about your daughter, Isla.", True)
    # a comma the model stopped after is shown; without an opening every piece shows
    assert _closed([" about", " your", " dog", ","]) == (" about your dog,", False)
    assert _closed(["Sure", ",", " I", " can", "."], opens="") == ("Sure, I can.", False)


def test_a_turn_typed_without_i_is_acknowledged_as_it_is_read():
    """Session 67: "allergic to cats unfortunately" got "I'm sorry for any confusion. I'm here to help you
    with any questions or concerns you have about your pets. ..."; the profile reads it as "I'm allergic"."""
    assert tells_about_user("allergic to cats unfortunately")
    assert tells_about_user("yo, dev here. 19, second year comp sci at manchester")
    assert not tells_about_user("allergic reactions, what causes them")


def test_an_opening_ending_in_about_ends_with_its_object():
    """Opened "Thanks for telling me", the model went on "Thanks for telling me. I'm sorry for any confusion."
    to "I go paddleboarding on the lake most Saturdays." (session 68); opened "... about", one word past
    the opening ends the reply ("... about Ghana."), a sentence of the model's own never begins."""
    opens = "Thanks for telling me about"
    assert _closed([" Ghana", ".", " I", "'m", " so", " sorry"], opens) == (" Ghana.", True)
    assert _closed([" your", " weekend", ".", " I"], opens) == (" your weekend.", True)
    assert _closed([" your", " brother", ",", " I", "'m"], opens) == (" your brother.", True)
    # opened without "about", one word is not enough
    assert _closed([" Ghana", ".", " I", "'m", " glad", "."]) == (" Ghana. I'm glad.", True)


def test_a_turn_about_someone_the_profile_names_is_told():
    """"amy is a paramedic", Amy the user's girlfriend, got "Amy is a paramedic who specializes in emergency
    medical services. She's a skilled ..." (session 68): acknowledged as a turn about the user."""
    assert tells_about_user("amy is a paramedic", ["Amy"])
    assert tells_about_user("Ada is the oldest, she's fourteen.", ["Ada", "Ngozi"])
    assert not tells_about_user("amy is a paramedic")  # a name the profile does not hold
    assert not tells_about_user("Is Amy a paramedic?", ["Amy"])
    assert not tells_about_user("amy wants help with her essay", ["Amy"])


def test_a_told_turn_typed_in_lower_case_is_acknowledged_as_written(tiny, tmp_path, one_torch_thread):
    """Fed as typed, "my wife thandi is a teacher" got "Thanks for telling me about your wife, my dear.";
    as written, "... your wife, Thandi." (`scripts/probe_acknowledgment.py --lower --written`, session 68)."""
    store = Store(tmp_path / "db.sqlite")
    runtime = AgentRuntime(tiny, store, AdapterCache(), store.create_user("ann")[0].id)
    for typed, fed in [("my wife thandi is a teacher", "My wife Thandi is a teacher."),
                       ("My cat is called Miso.", None), ("what is my cat called?", None)]:
        events = []
        runtime.chat([{"role": "user", "content": typed}], TurnOptions(learn_profile=True),
                     RunContext(events.append), GenerationSettings(max_new_tokens=4))
        rewritten = [e for e in events if e["type"] == "question_rewritten"]
        assert [e["text"] for e in rewritten] == ([fed] if fed else [])
        assert all(e["original"] == typed for e in rewritten)
    store.close()
