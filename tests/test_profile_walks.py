"""Session 65's chats: the group a thing is done for, a place named without an article, walking a dog, a
pet's name said after its word, a breed of two words, the classes someone takes, a fan of a club, and
"can't stand" and "which team do I like?" asked by the key (`profile_done`, `profile_verbs`, `kinds`,
`profile_values`, `relations`, `profile_asked`)."""

from agenthn.agent import kinds, relations
from agenthn.agent.profile import parse_proposal
from agenthn.agent.profile_clauses import stated_part
from agenthn.agent.profile_pick import kind_asked
from agenthn.agent.profile_verbs import said_lines


def _kept(proposal, turn, profile=None):
    return [(e.key, e.value) for e in parse_proposal(proposal, profile or {}, turn=stated_part(turn))[0]]


def test_the_day_of_a_thing_done_for_a_group_is_read_past_it():
    """"i play rugby for my local club on saturdays" kept `team: local club` and no day, and "when do i
    play rugby?" got "Your rugby. It's on 12 June."."""
    kept = _kept("ADD sport played: rugby", "i play rugby for my local club on saturdays")
    assert ("rugby day", "Saturdays") in kept
    assert said_lines("I sing for the church choir every Sunday.", {}) == ["ADD singing day: Sunday"]
    # whom one plays for is no group: no day read past a person
    assert said_lines("I play for my son on Saturdays.", {}) == []


def test_a_place_without_an_article_is_kept_where_its_words_end_as_a_place():
    """"i surf at bells beach on weekends" kept `beach holiday: bells beach` and no surfing, and "where do
    i surf?" got "Your surf spot is Melbourne."."""
    assert _kept("ADD favourite sport: surf", "i surf at bells beach on weekends") == [
        ("favourite sport", "surf"), ("surfing time", "on weekends"), ("surfing place", "bells beach")]
    assert said_lines("I play the guitar at church on Sundays.", {}) == [
        "ADD instrument: guitar", "ADD guitar day: Sundays", "ADD guitar place: church"]
    # "at work", "in town" are no place a thing is done at
    for turn in ("I go running at work on Mondays.", "I go swimming in town every Friday."):
        assert not [line for line in said_lines(turn, {}) if " place: " in line], turn
    # where said after when
    assert said_lines("I practise tai chi every morning in the park.", {}) == [
        "ADD tai chi time: every morning", "ADD tai chi place: park"]


def test_walking_a_dog_is_going_walking_and_a_word_after_the_pets_own_is_its_name():
    """"i walk my dog max every morning in the park" was proposed `dog breed: max`, kept nothing of
    walking, and "where do i walk max?" got "Your walk is about 27 miles."."""
    assert kinds.as_done("I walk my dog max every morning.") == "I go walking with my dog every morning."
    assert kinds.as_done("My son walks the spaniel after school.") == \
        "My son goes walking with the dog after school."
    assert kinds.as_done("where do i walk max?") == "where do i go walking?"
    assert kinds.as_done("who do i walk with?") == "who do i go walking with?"
    for turn in ("I walk to work.", "I walk the line.", "What do I walk?"):
        assert kinds.as_done(turn) == turn, turn
    assert _kept("ADD dog breed: max", "i walk my dog max every morning in the park") == [
        ("dog name", "Max"), ("walking time", "every morning"), ("walking place", "park")]
    assert _kept("ADD dog breed: beagle", "My dog is a beagle.") == [("dog breed", "beagle")]


def test_a_breed_of_two_words_names_its_pet():
    """"We have a shiba inu called Mochi." kept no dog, and "What's our dog called?" got "Your dog's name
    is Yuki."."""
    kept = _kept("ADD shoe colour: shiba", "We have a shiba inu called Mochi.")
    assert ("dog name", "Mochi") in kept and ("dog breed", "shiba inu") in kept
    assert ("cat name", "Nala") in _kept("ADD cat breed: maine coon", "I've got a maine coon named Nala.")


def test_the_classes_someone_takes_are_kept():
    """"I take pottery classes on Saturday afternoons." kept their day alone, and "What classes do I take?"
    got "You take 7 classes a week."."""
    assert said_lines("I take pottery classes on Saturday afternoons.", {}) == [
        "ADD classes: pottery", "ADD pottery classes day: Saturday afternoons"]
    assert said_lines("My daughter takes piano lessons.", {}) == ["ADD daughter classes: piano"]
    for turn in ("I go to evening classes.", "I take my son to swimming lessons.", "I take the bus."):
        assert said_lines(turn, {}) == [], turn


def test_a_fan_of_a_club_keeps_its_team():
    """"i'm a big fan of aston villa" was proposed `favourite film genre: aston villa`, and "which football
    team do i like?" got "... the Manchester United team."."""
    assert _kept("ADD favourite film genre: aston villa", "i'm a big fan of aston villa") == [
        ("football team", "aston villa")]
    assert said_lines("My dad is a fan of Celtic.", {}) == ["ADD father football team: Celtic",
                                                            "ADD father hobby: Celtic"]
    # a fan of what ends as no club is the model's to key
    assert _kept("ADD favourite music: jazz", "I'm a huge fan of jazz.") == [("favourite music", "jazz")]
    assert _kept("ADD favourite genre: crime novels", "I'm a huge fan of crime novels.") == [
        ("favourite genre", "crime novels")]


def test_cant_stand_and_a_team_liked_are_asked_by_the_key():
    """"what can't i stand?" wearing `disliked food: mushrooms` got "This is the biggest one."."""
    assert kind_asked("what can't i stand?", "disliked food") == "What is my disliked food?"
    assert kind_asked("what do i hate?", "disliked food") == "What is my disliked food?"
    assert kind_asked("which football team do i like?", "football team") == \
        "Which football team do i support?"
    assert kind_asked("Which team does Tom follow?", "friend football team") is not None
    assert kind_asked("what can't i stand?", "favourite food") is None


def test_our_pet_is_asked_as_my_pet_and_classes_by_their_key():
    """"What's our dog called?" wore `dog breed: shiba inu` beside `dog name: Mochi` ("Your dog's name is
    shiba in the backyard."); "When are my pottery classes?" wore `classes: pottery` beside their day."""
    for asked in ("What's our dog's name?", "What is our dog called?"):
        assert not kinds.fits(asked, "name"), asked  # the user's own name answers neither
    assert relations.unheld_subject("What's our cat called?", {"dog name": "Mochi"})
    assert not relations.unheld_subject("What's our dog called?", {"dog name": "Mochi"})
    keys = ["classes", "pottery classes day", "birthday"]
    assert kinds.fitting("When are my pottery classes?", keys) == [False, True, False]
    assert kinds.fitting("When is Maya's swimming lesson?", keys) == [False, True, False]
    assert kinds.fitting("When is my birthday?", keys) == [False, False, True]
    assert kind_asked("What classes do I take?", "classes") == "What are my classes?"
    assert kind_asked("What class do I take on Wednesdays?", "classes") == "What are my classes?"
    assert kind_asked("What medicine do I take?", "medication") is None


def test_a_things_day_that_names_no_time_is_refused():
    """"I go to Zumba classes on Tuesday evenings." was proposed `gym day: Zumba classes`, and "When do I go
    to Zumba?" wore it: "Your gym day is Zumba classes."."""
    assert _kept("ADD gym day: Zumba classes", "I go to Zumba classes on Tuesday evenings.") == [
        ("classes", "Zumba"), ("zumba classes day", "Tuesday evenings")]
    for value in ("Saturdays", "every other day", "weekends", "the 3rd of each month", "Friday nights"):
        assert _kept(f"ADD chess day: {value}", f"I play chess on {value}.") != [], value


def test_a_trip_to_a_place_is_kept_and_asked_where_one_is_going():
    """"i'm learning spanish for a trip to mexico next year" kept no trip, and "where am i going next
    year?" got "Your next year is Edinburgh."."""
    assert _kept("ADD language learning: Spanish", "i'm learning spanish for a trip to mexico next year") == [
        ("language learning", "Spanish"), ("trip", "mexico")]
    assert said_lines("We're planning a trip to Lisbon in May.", {}) == ["ADD trip: Lisbon"]
    assert said_lines("My son is going on a holiday to New York with his friends.", {}) == [
        "ADD son trip: New York"]
    for turn in ("I took a trip to the beach.", "I'm planning a trip to see my mum."):
        assert said_lines(turn, {}) == [], turn
    # the model's own key for the place stays
    kept = _kept("ADD holiday: bali", "I'm saving for a trip to bali.")
    assert ("holiday", "bali") in kept and "trip" not in dict(kept)
    assert kinds.fitting("where am i going next year?", ["city", "trip"]) == [False, True]


def test_new_user_try_a_walk_along_a_place_a_club_by_cf_and_lessons_no_medicine():
    """Session 65's new-user try: "i walk my labrador coco along the river every morning" kept no place
    ("where do i walk coco?" got "Your walk is on Valencia."), "i'm a huge fan of valencia cf" `hobby:
    valencia cf`, "i take salsa lessons on friday nights" `medication: salsa lessons`."""
    assert _kept("ADD dog name: coco", "i walk my labrador coco along the river every morning") == [
        ("dog name", "Coco"), ("walking time", "every morning"), ("walking place", "river"),
        ("dog breed", "labrador")]
    assert ("walking place", "canal") in _kept("NONE", "i walk my dog along the canal before work")
    assert _kept("ADD hobby: valencia cf", "i'm a huge fan of valencia cf") == [
        ("football team", "valencia cf")]
    assert _kept("ADD medication: salsa lessons", "i take salsa lessons on friday nights") == [
        ("classes", "salsa"), ("salsa lessons day", "Friday nights")]
    # what the lessons are of, as the second try proposed it
    assert _kept("ADD medication: salsa", "i take salsa lessons on friday nights") == [
        ("classes", "salsa"), ("salsa lessons day", "Friday nights")]
    assert ("medication", "insulin") in _kept("ADD medication: insulin", "I take insulin every morning.")


def test_taking_someone_for_a_walk_is_going_walking_with_them():
    """"i take biscuit for a walk in the park before work" kept nothing of walking, and "where do i walk
    biscuit?" got "Your walk biscuit is on the street, which is called 17." (a new-user try)."""
    assert kinds.as_done("I take my mum for a walk on Sundays.") == "I go walking with my mum on Sundays."
    assert kinds.as_done("when do i take biscuit for a walk?") == "when do i go walking with biscuit?"
    kept = _kept("NONE", "i take biscuit for a walk in the park before work", {"dog name": "Biscuit"})
    assert ("walking place", "park") in kept and ("walking time", "before work") in kept
    assert kinds.as_done("I take the bus to work.") == "I take the bus to work."
