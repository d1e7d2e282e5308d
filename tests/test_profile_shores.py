"""Session 66's chats: a place on or off a shore ("on the beach", "off the jetty") and a thing done most
weeks (`profile_done`, `profile_verbs`)."""

from agenthn.agent.profile import parse_proposal
from agenthn.agent.profile_clauses import stated_part
from agenthn.agent.profile_verbs import said_lines


def _kept(proposal, turn, profile=None):
    return [(e.key, e.value) for e in parse_proposal(proposal, profile or {}, turn=stated_part(turn))[0]]


def test_a_thing_done_most_weekends_off_a_jetty_keeps_its_time_and_place():
    """"i go fishing off the jetty most weekends" kept `hobby: fishing` alone, and "when do i go fishing?"
    got "Fishing? That's on the first day of school."."""
    assert _kept("ADD hobby: fishing", "i go fishing off the jetty most weekends") == [
        ("hobby", "fishing"), ("fishing time", "most weekends"), ("fishing place", "jetty")]
    assert said_lines("I go running most mornings.", {}) == ["ADD running time: most mornings"]
    assert said_lines("I play chess most Fridays.", {}) == ["ADD chess day: Fridays"]
    # "most" of no time is no habit
    assert said_lines("I play most sports.", {}) == []


def test_a_place_on_a_shore_is_kept_only_where_its_words_end_as_a_place():
    """"I do yoga on the beach every morning." kept no place and no time."""
    assert said_lines("I do yoga on the beach every morning.", {}) == [
        "ADD yoga time: every morning", "ADD yoga place: beach"]
    assert said_lines("We go sailing on the lake every Sunday.", {}) == [
        "ADD sailing day: Sunday", "ADD sailing place: lake"]
    # on a weekend, a day, a bike or a team is no place
    for turn in ("I go running on the weekend.", "I play tennis on Saturdays.", "I go cycling on my bike.",
                 "I play rugby on a team every Sunday."):
        assert not [line for line in said_lines(turn, {}) if " place: " in line], turn
