"""Session 63's chats: whom the user lives with, a greeting taken for a name, "<name> here" as the user's
own turn, a distance run, and a pet's name asked as what it is called (`profile_verbs`, `kinds`,
`profile_pick`, `profile_said`, `profile_values`, `relations`)."""

from agenthn.agent import kinds, relations
from agenthn.agent.profile import parse_proposal
from agenthn.agent.profile_pick import _asked_by_verb, kind_asked
from agenthn.agent.profile_said import kin_as_said
from agenthn.agent.profile_verbs import said_lines


def _kept(proposal, turn, profile=None):
    return [(e.key, e.value) for e in parse_proposal(proposal, profile or {}, turn=turn)[0]]


def test_whom_the_user_lives_with_is_kept_beside_the_relatives_name_and_asked_by_it():
    """"I live with my sister Anjali." kept her name alone, and "Who do I live with?" asked a place:
    "Your home city is Leeds."."""
    assert said_lines("I live with my sister Anjali.", {}) == \
        ["ADD housemate: Anjali", "ADD sister name: Anjali"]
    assert said_lines("I live in Osaka with my boyfriend Kenji.", {"partner name": "Kenji"}) == \
        ["ADD housemate: Kenji"]
    assert said_lines("I live in cardiff with my girlfriend Megan.", {}) == \
        ["ADD housemate: Megan", "ADD partner name: Megan"]
    assert said_lines("I live with my parents.", {}) == ["ADD housemate: parents"]
    assert said_lines("My sister lives with my mum.", {}) == ["ADD sister housemate: mum"]
    for turn in ("My sister Lena lives in Toronto with her husband.", "I live in Leeds.",
                 "I go running with Tom."):
        assert not any("housemate" in line for line in said_lines(turn, {})), turn
    # the model's `sister name` and the turn's `housemate` both stay: one name, two questions
    assert _kept("ADD sister name: Anjali", "I live with my sister Anjali.") == \
        [("sister name", "Anjali"), ("housemate", "Anjali")]
    profile = ["name", "city", "sister name", "housemate"]
    assert kinds.asked_kinds("Who do I live with?") == {"household"}
    assert kinds.fitting("Who do I live with?", profile) == [False, False, False, True]
    assert kinds.fitting("Which city do I live in?", profile) == [False, True, False, False]
    assert kind_asked("Who do I live with?", "housemate") == "Who is my housemate?"
    assert kind_asked("Who do I live with?", "city") is None


def test_a_greeting_is_no_name_and_a_name_said_with_here_makes_the_turn_the_users():
    """"yo, liam. i'm a barista in dublin" was proposed `name: yo`; "hi, frank here, retired postman from
    cardiff" `boss job: postman` and `boss hometown: Cardiff`."""
    kept = dict(_kept("ADD name: yo\nADD job: barista", "yo, liam. i'm a barista in dublin"))
    assert "name" not in kept and kept["job"] == "barista"
    assert _kept("ADD name: Liam", "yo, liam. i'm a barista in dublin") == [("name", "Liam")]
    frank = "Hi, Frank here, retired postman from cardiff."
    assert kin_as_said("boss job", frank) == "job"
    assert kin_as_said("boss job", "Hi, my boss Frank here is a postman.") == "boss job"
    assert kin_as_said("boss job", "Hi, Frank here, my boss is a postman.") == "boss job"


def test_a_distance_run_is_a_pastime_done_not_a_thing_run():
    """"i run 5k every tuesday with my neighbour jan" kept no running, and "when do i run?" got "Your
    running date is peanuts."."""
    assert kinds.as_done("i run 5k every tuesday with my neighbour jan") == \
        "i go running every tuesday with my neighbour jan"
    assert kinds.as_done("I swim 40 lengths on Mondays.") == "I go swimming on Mondays."
    assert kinds.as_done("My son runs 10 miles every Sunday.") == "My son goes running every Sunday."
    for turn in ("I run a bakery.", "I run 5k.", "I ran 5k yesterday."):
        assert kinds.as_done(turn) == turn
    assert ("ADD running day: Tuesday" in said_lines("I run 5k every Tuesday with my neighbour Jan.", {}))


def test_what_a_pet_or_a_relative_is_called_is_their_name():
    """"What's my dog called?" wore `dog breed: collie` beside `dog name: Meg` and got "Your dog is called
    Max."."""
    profile = {"name": "Frank", "dog breed": "collie", "dog name": "Meg", "sister name": "Anjali"}
    keys = list(profile)
    for query in ("what's my dog called?", "What is my dog's name?", "What's my dog named?"):
        about = relations.about_subject(query, profile)
        assert relations.name_asked(query, about.subject), query
        assert _asked_by_verb(query, keys, [1, 2], about.subject) == 2, query
    for query in ("what breed is my dog?", "What's my dog's breed called?", "What does my dog eat?"):
        assert not relations.name_asked(query, "dog"), query
    assert not relations.name_asked("What's my dog called?", "")


def test_where_a_thing_is_done_is_kept_under_its_place_and_answers_only_a_question_naming_it():
    """"I volunteer at a food bank on Sundays." and "I sing in the church choir every Sunday." kept no
    place ("Where do I volunteer?" got "Your volunteering day is Sundays.", "Where do I sing?" "Your song
    is secondary.")."""
    def read(turn):
        return said_lines(kinds.as_done(turn), {})
    assert read("I volunteer at a food bank on Sundays.") == \
        ["ADD volunteering day: Sundays", "ADD volunteering place: food bank"]
    assert read("I sing in the church choir every Sunday.") == \
        ["ADD singing day: Sunday", "ADD singing place: church choir"]
    assert "ADD darts place: pub" in read("I play darts at the pub every Thursday.")
    for turn in ("I go swimming in the evenings.", "I play tennis at the weekend with Tom.",
                 "I want to go dancing at the club."):
        assert not any(" place:" in line for line in read(turn)), turn
    assert kinds.kind("singing place") == "venue" and kinds.kind("place") == "place"
    assert kinds.as_done("Where do I volunteer?") == "Where do I go volunteering?"
    keys = ["name", "city", "singing place", "singing day"]
    assert kinds.fitting("Where do I go singing?", keys) == [False, False, True, False]
    for query in ("Where do I live?", "Which city do I live in?", "Where do I work?", "Where am I from?",
                  "Where do I go dancing?", "Who do I go singing with?", "When do I go singing?"):
        assert not kinds.fitting(query, keys)[2], query
    assert kind_asked("Where do I go singing?", "singing place") == "What is my singing place?"
    assert kind_asked("Where do I go singing?", "city") is None


def test_what_the_user_is_learning_is_asked_by_the_key_worn():
    """"What am I learning?" wearing `instrument: drums` got "You take the new 5th in music."."""
    assert kind_asked("what am i learning?", "instrument") == "What is my instrument?"
    assert kind_asked("What is my son learning?", "son instrument", "son") == "What is my son's instrument?"
    assert kind_asked("What instrument am I learning?", "instrument") is None


def test_a_venue_named_by_another_word_for_place_is_said_to_its_end():
    """"Where do I volunteer?" wearing `volunteering place: food bank` got "Your volunteer spot is food."."""
    from agenthn.engine.copy_text import line_goes_on
    assert line_goes_on("Your volunteer spot is food", "volunteering place: food bank") == {" bank"}
    assert line_goes_on("Your volunteering place is food", "volunteering place: food bank") == {" bank"}
    assert line_goes_on("Your favourite food is food", "volunteering place: food bank") == set()
