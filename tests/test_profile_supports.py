"""Session 64's chats: the team someone supports, a workplace named without an article, a group a thing is
done with, a held name typed in lower case, a language typed in lower case, a job asked of the past and a
dislike asked by "hate" (`profile_verbs`, `profile_done`, `profile_clauses`, `profile_asked`)."""

from agenthn.agent.profile import parse_proposal
from agenthn.agent.profile_clauses import as_written
from agenthn.agent.profile_pick import kind_asked
from agenthn.agent.profile_verbs import said_lines


def _kept(proposal, turn, profile=None):
    return [(e.key, e.value) for e in parse_proposal(proposal, profile or {}, turn=turn)[0]]


def test_a_team_supported_is_kept_as_a_team_not_an_employer():
    """"I support Leeds United." was kept as `employer: Leeds United`, and "Where do I work?" got "Your
    employer is Leeds United."; "i support hearts of oak" as `favourite food`."""
    assert said_lines("I support Leeds United.", {}) == ["ADD football team: Leeds United"]
    assert said_lines("I support hearts of oak.", {}) == ["ADD football team: hearts of oak"]
    # the sport the turn names, as the model's keys are re-keyed (`sport_as_said`)
    assert _kept("NONE", "I'm a big cricket fan, I support Lancashire.") == [("cricket team", "Lancashire")]
    assert said_lines("My husband supports Arsenal.", {}) == ["ADD husband football team: Arsenal"]
    for turn in ("I support my son.", "She supports refugees.", "I support local shops.",
                 "I support the idea.", "We support each other."):
        assert said_lines(turn, {}) == [], turn
    assert _kept("ADD employer: Leeds United", "I support Leeds United.") == \
        [("football team", "Leeds United")]
    assert _kept("ADD favourite food: hearts of oak", "I support hearts of oak.") == \
        [("football team", "hearts of oak")]
    # the model's own team key stays
    assert _kept("ADD favourite team: Celtic", "I support Celtic.") == [("favourite team", "Celtic")]
    assert _kept("ADD favourite food: hearts of oak", "I love hearts of oak.") == \
        [("favourite food", "hearts of oak")]


def test_a_workplace_named_without_an_article_is_kept():
    """"I'm a nurse at St James's hospital in Leeds." kept no workplace."""
    assert said_lines("I'm a nurse at St James's hospital in Leeds.", {}) == \
        ["ADD workplace: St James's hospital"]
    assert said_lines("I work at the Royal Free hospital.", {}) == ["ADD workplace: Royal Free hospital"]
    # a name alone is the proposer's `employer`; "at home", "at night" no workplace
    for turn in ("I work at Tesco in Leeds.", "I work at home.", "I work at night.", "I'm a nurse in Leeds."):
        assert said_lines(turn, {}) == [], turn


def test_a_group_a_thing_is_done_with_is_its_partner_and_its_day_is_read_past_it():
    """"I run with my running club on Wednesday evenings." was kept as `running club: Wednesday
    evenings`, and "Who do I run with?" got "Your question is about the local cop."."""
    assert said_lines("I run with my running club on Wednesday evenings.", {}) == \
        ["ADD running day: Wednesday evenings", "ADD running partner: running club"]
    assert said_lines("I sing with a gospel choir every Sunday.", {}) == \
        ["ADD singing day: Sunday", "ADD singing partner: gospel choir"]
    assert said_lines("I play tennis with a friend on Sundays.", {}) == []
    assert _kept("ADD running club: Wednesday evenings",
                 "I run with my running club on Wednesday evenings.") == \
        [("running day", "Wednesday evenings"), ("running partner", "running club")]


def test_a_name_the_profile_holds_is_read_when_typed_in_lower_case():
    """"i play badminton with jia on tuesday nights", Jia kept as the roommate's name, kept no partner nor
    day, and "who do i play badminton with?" got "Your badminton."."""
    turn = as_written("i play badminton with jia on tuesday nights")
    assert said_lines(turn, {"roommate name": "Jia"}) == \
        ["ADD badminton day: Tuesday nights", "ADD badminton partner: Jia"]
    assert said_lines(turn, {}) == []  # no name held: a word in lower case is no name
    # a name that is a word as often is left as typed
    assert said_lines("I play chess with will on Tuesdays.", {"friend name": "Will"}) == []


def test_a_language_typed_in_lower_case_is_written_with_its_capital_and_kept():
    """"i'm learning german" was proposed `language learning: german`, refused as naming no language, and
    "what am i learning?" got "Being a software engineer."."""
    assert as_written("i'm learning german") == "I'm learning German."
    assert as_written("i'm a chef at an italian restaurant") == "I'm a chef at an Italian restaurant."
    assert as_written("i need to polish my shoes") == "I need to polish my shoes."
    turn = as_written("i'm learning german")
    assert _kept("ADD language learning: German", turn) == [("language learning", "German")]
    assert _kept("ADD language learning: biryani", "I've been learning to cook biryani.") == []


def test_a_job_asked_of_the_past_and_a_dislike_asked_by_hate_are_asked_by_the_key():
    """"What did I do for work?" wearing `job: retired teacher` got "You worked as a reputed."; "what do i
    hate?" wearing `disliked food: coriander` got "Your passion is coriander."."""
    assert kind_asked("What did I do for work?", "job", value="retired teacher") == "What is my job?"
    assert kind_asked("what did i do for a living?", "job", value="former nurse") == "What is my job?"
    assert kind_asked("What did Tom work as?", "job", value="retired postman") == "What is Tom's job?"
    # a job held is said in the past as asked ("You worked as a firefighter.")
    assert kind_asked("What did I do for a living?", "job", value="firefighter") is None
    assert kind_asked("What did I do for work?", "city", value="retired Leeds") is None
    assert kind_asked("What do I cook for a living?", "job") == "What is my job?"
    assert kind_asked("what do i hate?", "disliked food") == "What is my disliked food?"
    assert kind_asked("What does my son dislike?", "son disliked vegetable", "son") == \
        "What is my son's disliked vegetable?"
    assert kind_asked("what do i hate?", "favourite food") is None


def test_a_relative_said_to_be_from_a_place_keeps_it_as_their_hometown():
    """"My roommate Jia is from shanghai." was kept as `roommate city: Shanghai`, and "where is jia from?"
    got "Your roommate's name is Shanghai."."""
    turn = as_written("my roommate jia is from shanghai")
    assert _kept("ADD roommate city: Shanghai", turn) == [("roommate hometown", "Shanghai")]
    assert _kept("ADD brother city: London", "My brother Kofi lives in London.") == \
        [("brother city", "London")]
    assert _kept("ADD sister city: Leeds", "My sister is from Leeds but lives in York.") == \
        [("sister hometown", "Leeds")]
    # and asked by it: "Your roommate's name is Shanghai." asked as it came
    assert kind_asked("where is my roommate Jia from?", "roommate hometown", "roommate") == \
        "What is my roommate Jia's hometown?"
    assert kind_asked("Where am I from?", "hometown") is None
    assert kind_asked("where is Jia from?", "roommate city", "roommate") is None


def test_a_sport_is_no_team():
    """"i play netball with my work team" was kept as `team: netball`, and "which team do i support?"
    wore it beside `football team: hibernian`: "Your favourite football team is netball." (the new-user
    try)."""
    assert _kept("ADD team: netball\nADD netball day: Monday nights",
                 "I play netball with my work team on Monday nights.") == \
        [("netball day", "Monday nights"), ("netball partner", "work team")]
    assert _kept("ADD football team: Hibernian", "My favourite football team is Hibernian.") == \
        [("football team", "Hibernian")]
