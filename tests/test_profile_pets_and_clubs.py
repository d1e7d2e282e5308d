"""Session 68's chats: a pronoun for a relative said with "a" in the same sentence, a name and an age
listed after a greeting, a condition that is no name, a pet named after a word that is no breed, two pets
named in one turn, a pet asked of by its breed, a club run on a day of every month, a diet kept as a job,
and how long the user has been married (`profile_verbs`, `profile_clauses`, `profile_named`,
`profile_done`, `kinds`, `profile_values`, `profile_when`, `relations`)."""

from agenthn.agent.kinds import as_done
from agenthn.agent.profile import parse_proposal
from agenthn.agent.profile_clauses import as_written, clauses, stated_part
from agenthn.agent.profile_verbs import said_lines
from agenthn.agent.relations import pet_by_breed


def _kept(proposal, turn, profile=None):
    return [(e.key, e.value) for e in parse_proposal(proposal, profile or {}, turn=stated_part(turn))[0]]


def test_he_after_a_son_said_with_a_is_the_son():
    """"I've got a son called Kofi, he's twelve and mad about chess." kept `hobby: chess` as the user's, and
    "What game does my son love?" got "Your son's favourite game is twelve."."""
    assert said_lines("I've got a son called Kofi, he's twelve and mad about chess.", {}) == [
        "ADD son age: twelve", "ADD son hobby: chess"]
    assert said_lines("I have a sister, she teaches French.", {}) == ["ADD sister subject: French"]
    # "I" alone is still the user
    assert said_lines("I have a son and I teach French.", {}) == ["ADD subject: French"]


def test_a_name_and_an_age_listed_after_a_greeting_name_the_user():
    """"hi, lotte, 27, i'm a vet nurse in utrecht" kept no name."""
    assert as_written("hi, lotte, 27, i'm a vet nurse in utrecht") == (
        "Hi, I'm Lotte. I'm 27. I'm a vet nurse in utrecht.")
    assert clauses(stated_part("hi, lotte, 27, i'm a vet nurse in utrecht"))[0] == "My name is Lotte."
    # a greeting to all is no name; a name, age and job listed keep their own reading
    assert as_written("hey there, 27, from leeds") == "Hey there, 27, from leeds."
    assert as_written("hey! chloe, 31, graphic designer") == "Hey! I'm Chloe. I'm 31. I'm a graphic designer."


def test_a_condition_is_no_name():
    """"i can't eat gluten, i'm coeliac" was kept as `name: Coeliac`."""
    assert as_written("i can't eat gluten, i'm coeliac") == "I can't eat gluten, I'm coeliac."
    assert clauses(stated_part("i can't eat gluten, i'm coeliac")) == ["I can't eat gluten."]
    assert as_written("hi i'm priya") == "Hi I'm Priya."


def test_a_pet_named_after_a_word_that_is_no_breed_is_the_pet():
    """"i've got a rescue greyhound named pip" was proposed `rescue greyhound name: Pip`, and "what's my dog
    called?" wore nothing."""
    assert _kept("ADD rescue greyhound name: Pip", "i've got a rescue greyhound named pip") == [
        ("dog name", "Pip"), ("dog breed", "greyhound")]
    assert _kept("ADD little spaniel name: Rolo", "we have a little spaniel called rolo") == [
        ("dog name", "Rolo"), ("dog breed", "spaniel")]
    assert _kept("ADD rescue dog name: Bo", "We have a rescue dog called Bo.") == [("dog name", "Bo")]
    # a breed's name after a comma (session 68's held-out chat)
    assert _kept("ADD westie name: Angus", "i walk my westie, angus, twice a day")[0] == ("dog name", "Angus")
    # the pet's word in the key, its breed in the turn (session 68's new-user try)
    assert _kept("ADD rescue dog name: Luna", "we've got a rescue greyhound called luna") == [
        ("dog name", "Luna"), ("dog breed", "greyhound")]


def test_two_pets_named_in_one_turn_are_kept_apart():
    """"I have two dogs, a poodle called Coco and a beagle called Max." kept `dog name: Max` and `dog breed:
    beagle` alone, and "What is my poodle called?" got "Your poodle's name is Max."."""
    turn = "I have two dogs, a poodle called Coco and a beagle called Max."
    assert _kept("ADD dogs: Coco and Max", turn) == [
        ("dogs", "Coco and Max"), ("dog name", "Coco"), ("second dog name", "Max"), ("dog breed", "poodle"),
        ("second dog breed", "beagle")]
    # one pet of each kind: each its own
    assert _kept("ADD cat name: Luna", "We have a cat called Luna and a dog called Rex.") == [
        ("cat name", "Luna"), ("dog name", "Rex")]


def test_a_pet_asked_of_by_its_breed_is_asked_of_as_the_pet():
    """"What is my poodle called?" wore `dog breed: poodle` and got "Your poodle's name is Pire."."""
    profile = {"dog name": "Coco", "dog breed": "poodle", "second dog breed": "golden retriever"}
    assert pet_by_breed("What is my poodle called?", profile) == "What is my dog called?"
    assert pet_by_breed("what's my poodle's name?", profile) == "what's my dog's name?"
    assert pet_by_breed("How old is my golden retriever?", profile) == "How old is my second dog?"
    assert pet_by_breed("What is my retriever called?", profile) == "What is my second dog called?"
    for asked in ("What breed is my dog?", "Is a poodle clever?", "What is my beagle called?"):
        assert pet_by_breed(asked, profile) == asked, asked


def test_a_club_run_on_a_day_of_every_month():
    """"I run a book club on the first Monday of every month." was proposed `job: book club leader`,
    refused, and "When is my book club?" wore nothing."""
    assert as_done("I run a book club on the first Monday of every month.") == (
        "I have a book club on the first Monday of every month.")
    assert as_done("I host a quiz night every Friday.") == "I have a quiz night every Friday."
    assert as_done("I run a bakery.") == "I run a bakery."  # a business run is no club
    assert said_lines("I run a book club on the first Monday of every month.", {}) == [
        "ADD book club day: first Monday of every month"]
    assert said_lines("I play bingo on the last Friday of the month.", {}) == [
        "ADD bingo day: last Friday of the month"]


def test_a_diet_kept_as_a_job_is_the_diet():
    """"i'm a vegetarian" was proposed `job: vegetarian` over `job: plumber`, and "what is my job?" got "You
    are a vegetarian."."""
    assert _kept("ADD job: vegetarian", "i'm a vegetarian", {"job": "plumber"}) == [("diet", "vegetarian")]
    assert _kept("ADD job: vet", "I'm a vet.") == [("job", "vet")]


def test_how_long_the_user_has_been_married():
    """"me and my wife sarah have been married 20 years" was proposed `wife age: 20`, and "how long have i
    been married?" got "You have been married to 45 years."."""
    turn = "me and my wife sarah have been married 20 years"
    assert _kept("ADD wife name: Sarah\nADD wife age: 20", turn) == [("wife name", "Sarah"),
                                                                   ("marriage length", "20 years")]
    assert _kept("NONE", "We've been married for twelve years.") == [("marriage length", "twelve years")]
    assert _kept("NONE", "We're getting married in June.") == [("wedding date", "June")]


def test_a_subject_said_by_its_last_word_keeps_the_word_before():
    """"yo, dev here. 19, second year comp sci at manchester" was proposed `degree subject: sci`, and "what do
    i study?" got "Your question is about sci." (session 67)."""
    assert ("degree subject", "comp sci") in _kept("ADD degree subject: sci",
                                                    "yo, dev here. 19, second year comp sci at manchester")
    assert _kept("ADD course: science", "I study political science in Paris.") == [
        ("course", "political science")]
    # the subject alone stays so
    assert _kept("ADD subject: science", "I teach science.")[0] == ("subject", "science")
    assert _kept("ADD course: science", "I study science.") == [("course", "science")]


def test_a_business_run_said_as_a_job_is_the_business():
    """"i run a little b&b in the cotswolds" was proposed `job: little b&b`, and "what do i run?" got "I'm
    running a bike shop called biawys."."""
    assert ("business", "b&b") in _kept("ADD job: little b&b", "morning! bea here, 58, i run a little b&b")
    assert _kept("ADD sister job: bookshop", "My sister runs a bookshop in York.") == [
        ("sister business", "bookshop")]
    # no business: a race (read so since session 69)
    assert _kept("ADD job: marathon", "I run a marathon every year.") == [("race", "marathon")]
    assert _kept("ADD job: baker", "I'm a baker.") == [("job", "baker")]


def test_a_breed_in_the_plural_names_its_pets():
    """"we've got two labradors, honey and bramble" was proposed `labradors name: Honey and Bramble`, and
    "what are my dogs called?" got "Your dog's name is 58."."""
    assert _kept("ADD labradors name: Honey and Bramble", "we've got two labradors, honey and bramble") == [
        ("dogs", "Honey and Bramble")]
    assert _kept("ADD cats name: Tom and Kiki", "We have two cats, Tom and Kiki.") == [
        ("cats", "Tom and Kiki")]


def test_a_race_the_user_is_running():
    """"i'm running the london marathon in april" was kept as `marathon time: April`, and "what race am i
    running?" got "Your race is hairdresser."."""
    turn = "i'm running the london marathon in april"
    assert ("race", "london marathon") in _kept("ADD marathon time: April", turn)
    assert _kept("NONE", "I'm doing the Great North Run in September.") == [("race", "Great North Run")]
    assert _kept("NONE", "I'm running a bakery.") == []  # no race


def test_a_degree_subject_is_asked_by_the_degree():
    """"What is my degree subject?" got "Your question." wearing `degree subject: comp sci` (and "Your
    question is about architecture."), where "What is my degree?" got "Your degree is comp sci."."""
    from agenthn.agent.profile_asked import kind_asked

    assert kind_asked("what do i study?", "degree subject") == "What is my degree?"
    assert kind_asked("What does my sister study?", "sister course", "sister") == (
        "What is my sister's course?")
    assert kind_asked("What do I teach?", "subject") == "What is my subject?"


def test_a_relative_keyed_by_their_word_alone_is_their_name():
    """"I've got a little boy, Emil, who is three." was proposed `son: Emil` and `son number: three` (session
    68's held-out chat, after its run)."""
    turn = "I've got a little boy, Emil, who is three."
    assert _kept("ADD son: Emil\nADD son number: three", turn) == [("son name", "Emil"), ("son age", "three")]
    assert _kept("ADD son: doctor", "My son is a doctor.") == [("son", "doctor")]  # no name
