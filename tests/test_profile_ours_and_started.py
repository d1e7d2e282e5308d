"""Session 70's chats: a name, age and job listed after "hey im", sons counted as lads, a job beside "I am
<name>", whom the user shares a flat with, how long a couple has been together, a clock time a thing is
done at, what the user has with a relative, when someone starts school, a time proposed as a place or a
past trip, and the questions that ask for these (`profile_clauses`, `profile_said`, `profile_verbs`,
`profile_when`, `profile_done`, `profile_ours`, `profile_places`, `profile_pick`, `profile_asked`,
`kinds`)."""

from agenthn.agent import kinds
from agenthn.agent.profile import parse_proposal
from agenthn.agent.profile_asked import kind_asked
from agenthn.agent.profile_clauses import as_written, stated_part
from agenthn.agent.profile_ours import ours_as_said
from agenthn.agent.profile_pick import about_user, the_held


def _kept(proposal, turn, profile=None):
    return [(e.key, e.value) for e in parse_proposal(proposal, profile or {}, turn=stated_part(turn))[0]]


def test_a_listed_name_age_and_job_after_hey_im_are_the_users():
    """"hey im ben, 52, plumber in bristol" was proposed `name: plumber`, refused, and kept no job."""
    assert as_written("hey im ben, 52, plumber in bristol") == (
        "Hey I'm Ben. I'm 52. I'm a plumber in bristol.")
    # "I'm" after a greeting with a stop is left as written: "retired" alone is no job
    turn = "Hello! I'm Tom, 61, retired and living in a small village in Devon."
    assert as_written(turn) == turn


def test_sons_counted_as_lads_are_sons_and_one_of_them_is_one():
    """"got two lads, jack and harry, jack's at uni in cardiff" was proposed `second team: jack`."""
    turn = "got two lads, jack and harry, jack's at uni in cardiff"
    assert "two sons, jack and harry" in as_written(turn)
    assert as_written("out with the lads tonight") == "Out with the lads tonight."
    kept = _kept("ADD sons name: jack\nADD sons city: cardiff", turn)
    assert ("son name", "Jack") in kept and ("son city", "Cardiff") in kept
    # both together stay so
    assert ("sons city", "Leeds") in _kept("ADD sons city: Leeds", "My two sons, they live in Leeds.")


def test_a_job_beside_i_am_and_a_name_is_the_users():
    """"I am Walter, a retired engineer, 78 years old." kept `employer: engineer`."""
    kept = _kept("ADD employer: engineer", "Good afternoon. I am Walter, a retired engineer, 78 years old.")
    assert kept == [("job", "retired engineer")]


def test_whom_the_user_shares_a_flat_with_lives_with_them():
    """"I share a flat with my best friend Carmen." kept only her name."""
    kept = _kept("ADD best friend name: Carmen", "I'm 31 and I share a flat with my best friend Carmen.")
    assert ("housemate", "Carmen") in kept and ("best friend name", "Carmen") in kept


def test_how_long_a_couple_has_been_together_is_kept_whole():
    """"We've been together for twelve years." was proposed `marriage proposal ending: twelve`."""
    assert _kept("ADD marriage proposal ending: twelve", "We've been together for twelve years.") == [
        ("relationship length", "twelve years")]


def test_a_clock_time_a_thing_is_done_at_is_its_time():
    """"I swim at six every morning before work." kept nothing."""
    kept = _kept("NONE", "I swim at six every morning before work.")
    assert kept == [("swimming time", "at six every morning")]
    assert _kept("NONE", "I go to the gym at 6am.") == [("gym time", "at 6am")]
    assert _kept("NONE", "I play football at 5.") == []  # no hour said as one


def test_what_the_user_has_with_a_relative_is_theirs():
    """"me and my wife ingrid have a farm with sheep and chickens" was kept as `wife animals`."""
    turn = "me and my wife ingrid have a farm with sheep and chickens"
    kept = _kept("ADD wife name: ingrid\nADD wife business: farm\nADD wife animals: sheep and chickens", turn)
    assert kept == [("wife name", "Ingrid"), ("business", "farm"), ("animals", "sheep and chickens")]
    said = "My husband Tom and I run a small bakery in Leeds."
    assert ours_as_said("husband business", "small bakery", said) == "business"
    assert ours_as_said("wife business", "bakery", "My wife runs a bakery.") == "wife business"


def test_a_question_of_what_we_have_wears_and_asks_the_users_entry():
    """"what animals do we keep?" wore nothing beside `animals: sheep and chickens`."""
    profile = {"name": "Jonas", "animals": "sheep and chickens", "wife name": "Ingrid", "wife job": "nurse"}
    assert the_held("what animals do we keep?", profile)
    assert not the_held("why do we dream?", profile)
    assert not the_held("what job do we need?", profile)  # the wife's, not the user's
    assert kind_asked("what animals do we keep?", "animals") == "What are my animals?"


def test_when_someone_starts_school_is_kept_and_asked_without_their_name():
    """"our daughter elsa is starting school this august" was proposed `daughter age: August`, refused."""
    turn = "our daughter elsa is starting school this august"
    kept = _kept("ADD daughter name: Elsa\nADD daughter age: August", turn)
    assert kept == [("daughter name", "Elsa"), ("daughter school start", "this August")]
    asked = kind_asked("When does my daughter Elsa start school?", "daughter school start", "daughter")
    assert asked == "When does my daughter start school?"
    assert _kept("NONE", "I'm starting uni in September.") == [("university start", "in September")]


def test_a_time_is_no_place_and_a_past_one_no_trip():
    """"my mum lives with us now, she moved in last spring" was kept as `mother city: Last`, `holiday: last
    spring`, and "Where am I saving up to go?" wore `hometown` beside `trip: Japan`."""
    turn = "Oh, and my mum lives with us now, she moved in last spring."
    kept = _kept("ADD mother city: last holiday: last spring", turn)
    assert kept == [("housemate", "mum")]
    kept = _kept("ADD holiday: next summer", "We're off on holiday next summer.")
    assert ("holiday", "next summer") in kept
    assert kinds.fitting("Where am I saving up to go?", ["trip", "hometown"]) == [True, False]


def test_questions_of_whom_a_flat_is_shared_with_how_long_together_and_saving_for():
    """"Who do I share a flat with?" wore nothing beside `housemate: Carmen`, "How long have we been
    together?" nothing beside `relationship length`, and "Where am I saving up to go?" wore `trip: Japan`
    asked as it came ("Your budget is currently in the workshop.")."""
    assert kinds.fitting("Who do I share a flat with?", ["housemate", "city"]) == [True, False]
    assert kind_asked("Who do I share a flat with?", "housemate") == "Who is my housemate?"
    assert about_user("How long have we been together?") and not about_user("How long do we live?")
    assert kinds.fitting("How long have we been together?", ["relationship length", "job"]) == [True, False]
    asked = kind_asked("How long have we been together?", "relationship length", value="twelve years")
    assert asked == "What is my relationship length?"
    assert kind_asked("Where am I saving up to go?", "trip") == "What is my trip?"


def test_a_pet_called_so_after_its_breed_is_no_person():
    """"we've got a staffy called tyson" was proposed `boss name: tyson`, and "what breed is tyson?" got
    "The tyson is a breed of the ternite."."""
    kept = _kept("ADD boss name: tyson", "we've got a staffy called tyson")
    assert kept == [("dog name", "Tyson"), ("dog breed", "staffy")]
    assert _kept("ADD boss name: Tom", "My boss is called Tom.") == [("boss name", "Tom")]


def test_a_relatives_place_said_after_oh_and_is_theirs():
    """"oh and my brother luke is a copper in sheffield" kept `city: Sheffield` as the user's."""
    kept = _kept("ADD brother name: Luke\nADD city: sheffield\nADD brother job: copper",
                 "oh and my brother luke is a copper in sheffield")
    assert ("brother city", "Sheffield") in kept and ("city", "Sheffield") not in kept


def test_where_one_lives_said_without_i_after_a_listed_job_is_said_with_it():
    """"yo, dan here. 33, electrician, live in leeds with my girlfriend amy" kept no city."""
    assert as_written("yo, dan here. 33, electrician, live in leeds with my girlfriend amy") == (
        "Yo, I'm Dan. I'm 33. I'm an electrician, I live in leeds with my girlfriend Amy.")


def test_a_pastime_done_most_mornings_is_a_time():
    """"i surf most mornings before my shift" kept `job: surfmer` alone."""
    assert ("surfing time", "most mornings") in _kept("NONE", "i surf most mornings before my shift")


def test_children_counted_before_their_names_keep_the_count_and_how_many_asks_it():
    """"We have two grandsons, Erik and Olav." was kept as `children: Erik and Olav`, and "How many
    grandsons do I have?" got "Your grandsons are small."; "My late wife Margaret and I had three
    children." kept `wife number: three`."""
    kept = _kept("ADD children: Erik and Olav", "We have two grandsons, Erik and Olav.")
    assert kept == [("grandchildren", "Erik and Olav"), ("grandchildren number", "two")]
    kept = _kept("ADD children: Ada, Chidi and Bisi", "I have three children: Ada, Chidi and Bisi.")
    assert ("children number", "three") in kept
    kept = _kept("ADD wife name: Margaret\nADD wife number: three\nADD children: three",
                 "My late wife Margaret and I had three children.")
    assert kept == [("wife name", "Margaret"), ("children", "three")]
    keys = ["grandchildren", "grandchildren number", "children", "children number"]
    assert kinds.fitting("How many grandsons do I have?", keys) == [False, True, False, False]
    assert kinds.fitting("How many kids do I have?", keys) == [False, False, False, True]
    assert kinds.fitting("How many kids do I have?", ["children", "job"]) == [True, True]


def test_a_relatives_count_holds_a_number():
    """"Maya is nine and Zoe is six." beside `children number: two` was proposed `child number: Zoe`."""
    profile = {"children": "Maya and Zoe", "children number": "two"}
    assert _kept("UPDATE child number: Zoe", "Maya is nine and Zoe is six.", profile) == []
    assert _kept("ADD flight number: BA123", "My flight number is BA123.") == [("flight number", "BA123")]


def test_pets_counted_then_named_are_kept_and_none_of_them_is_the_user():
    """"me and my boyfriend rui have two cats, figo and nata" was proposed `name: nata` (kept over the
    user's Tomas) and no cat (session 70's new-user try)."""
    turn = "me and my boyfriend rui have two cats, figo and nata"
    kept = _kept("ADD partner name: rui\nADD partner cat name: figo and partner cat name: nata", turn,
                 {"name": "Tomas", "age": "29"})
    assert kept == [("partner name", "Rui"), ("cats", "Figo and Nata")]
    kept = _kept("ADD name: Ana", "Hi, my name is Ana and I have two dogs, Rex and Max.")
    assert kept[0] == ("name", "Ana")
    # a key the profile holds already is not read again
    assert _kept("NONE", "I've got two cats, Pixel and Mochi.", {"cats": "Pixel and Mochi"}) == []


def test_a_condition_said_as_what_one_is_is_kept():
    """"i'm diabetic so i watch my sugar" kept `favourite food: sugar` and no condition (s70b, held out), and
    "what condition do i have?" got "Your child is 61."."""
    assert ("condition", "diabetic") in _kept("ADD favourite food: sugar", "i'm diabetic so i watch my sugar")
    assert _kept("NONE", "I'm a diabetes nurse.") == []
