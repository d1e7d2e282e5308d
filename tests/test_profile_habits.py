"""Sessions 59 and 60's chats: a pastime said by its own verb, ages said after the people, a name before
"here", days typed in lower case, and questions of whom a thing is done with (`kinds.as_done`,
`profile_verbs`, `profile_clauses.as_written`, `profile_pick`, `relations`, `profile_said`)."""

import pytest

from agenthn.agent import kinds
from agenthn.agent.profile import parse_proposal
from agenthn.agent.profile_clauses import as_written
from agenthn.agent.profile_pick import kind_asked
from agenthn.agent.profile_verbs import said_lines
from agenthn.agent.relations import about_subject


def _kept(proposal, turn, profile=None):
    return [(e.key, e.value) for e in parse_proposal(proposal, profile or {}, turn=turn)[0]]


def test_a_pastime_said_by_its_own_verb_is_kept_as_one_goes_to_do_and_asked_so():
    """"I swim with my friend Paula every Tuesday evening." kept only `friend name: Paula`, and "Who do I
    swim with?" got "Your swimming coach is Pavel."."""
    assert kinds.as_done("I swim with my friend Paula every Tuesday evening.") == \
        "I go swimming with my friend Paula every Tuesday evening."
    assert kinds.as_done("Who do I swim with?") == "Who do I go swimming with?"
    assert kinds.as_done("My son swims on Saturdays and she often runs before work.") == \
        "My son goes swimming on Saturdays and she often goes running before work."
    assert kinds.as_done("When does my son swim?") == "When does my son go swimming?"
    for turn in ("I run a bakery.", "I walk to work.", "I walk the line.", "I rowed a boat.",
                 "What do I run?", "My son is saving for a new bike.", "I went for a run with Tom.",
                 "The walks on Sundays are nice.", "I love long hikes with my dad."):
        assert kinds.as_done(turn) == turn  # an object of its own, a question of what, or a thing had
    assert said_lines("I swim with my friend Paula every Tuesday evening.", {}) == [
        "ADD swimming day: Tuesday evening", "ADD swimming partner: Paula", "ADD friend name: Paula"]
    assert said_lines("I run every morning.", {}) == ["ADD running time: every morning"]
    assert said_lines("I dance salsa every Friday night.", {}) == ["ADD salsa day: Friday night"]
    # whom a thing is done with, asked by the key ("Who do I go hiking with?" wearing `hiking partner:
    # Rana` got "Your friend is joining you.", session 58's held-out chat)
    assert kind_asked("Who do I go hiking with?", "hiking partner") == "Who is my hiking partner?"
    assert kind_asked("Who does my son go swimming with?", "son swimming partner", "son") == \
        "Who is my son's swimming partner?"
    assert kind_asked("Who do I go hiking with?", "hiking day") is None
    assert kind_asked("Who do I play tennis with?", "hiking partner") is None  # another thing's
    assert kind_asked("Who do I live with?", "hiking partner") is None  # no thing done


def test_an_age_said_after_a_relative_or_the_children_is_theirs():
    """"My son Tomás is eight and my daughter Inês is eleven." kept no age of hers; "Our twins, Tobi and
    Tayo, are three." and "twin girls, Lina and Sara, who are five" kept none of theirs."""
    assert said_lines("My son Tomás is eight and my daughter Inês is eleven.", {}) == [
        "ADD son age: eight", "ADD daughter age: eleven"]
    assert said_lines("My wife's 40 and my brother is 12 years old.", {}) == [
        "ADD wife age: 40", "ADD brother age: 12"]
    assert said_lines("Our twins, Tobi and Tayo, are three.", {}) == ["ADD children age: three"]
    assert said_lines("I've got twin girls, Lina and Sara, who are five.", {}) == ["ADD children age: five"]
    assert said_lines("My kids are 4 and 6 years old.", {}) == ["ADD children age: 4 and 6"]
    for turn in ("My sister's kids are five and seven.", "My flat is 40.", "The boys are fine.",
                 "My son is 5 feet tall.", "He is 7."):
        assert said_lines(turn, {}) == [], turn  # someone else's, no one's, or no age
    turn = "My son Tomás is eight and my daughter Inês is eleven."
    assert _kept("ADD son name: Tomás\nADD son age: eight\nADD daughter name: Inês", turn) == [
        ("son name", "Tomás"), ("son age", "eight"), ("daughter name", "Inês"), ("daughter age", "eleven")]
    # a child's entries are asked of the children together ("How old are my girls?" wore nothing)
    profile = {"name": "Noor", "children": "Lina and Sara", "child age": "five", "cousin name": "Rana"}
    for question in ("How old are my girls?", "How old are my kids?", "How old are my twins?"):
        assert about_subject(question, profile).keys == ["child age"], question
    assert about_subject("How old is my cousin?", profile) is None  # only her name held


def test_a_name_said_before_here_is_the_users_and_a_greeting_is_none():
    """"Ciao! Sofia here, I work as a nurse in Milan." kept `name: Ciao` and no name."""
    turn = "Ciao! Sofia here, I work as a nurse in Milan."
    assert said_lines(turn, {}) == ["ADD name: Sofia"]
    assert _kept("ADD name: Ciao\nADD job: nurse", turn) == [
        ("job", "nurse"), ("name", "Sofia"), ("city", "Milan")]
    for turn in ("Mum here, Tom.", "Nobody here knows me.", "Hi, I am here and happy."):
        assert said_lines(turn, {}) == [], turn


def test_days_months_and_a_companions_name_typed_in_lower_case_are_written_with_capitals():
    """"i play cricket on sundays" kept no day ("When do I play cricket?" -> "Your cricket. It's on
    cricket."); "i go running with my neighbour tom every saturday morning" no partner (session 58)."""
    assert as_written("i play cricket on sundays") == "I play cricket on Sundays."
    assert as_written("my birthday is on the 3rd of march") == "My birthday is on the 3rd of March."
    assert as_written("I may go in may, we march.") == "I may go in may, we march."  # verbs as often
    assert as_written("i go running with my neighbour tom every saturday morning") == \
        "I go running with my neighbour Tom every Saturday morning."
    for typed in ("i go out with my friends often", "i live with my sister today",
                  "i play with my team mates"):
        assert as_written(typed) == typed[0].upper() + typed[1:] + "."  # no relative, or no name
    assert said_lines(as_written("i play cricket on sundays"), {}) == ["ADD cricket day: Sundays"]
    assert said_lines("I'm trying to cut down on sugar.", {}) == ["ADD quitting: sugar"]


def test_a_name_said_after_another_relatives_word_is_theirs_even_over_a_held_key():
    """"I go climbing with my colleague Maja on Wednesday evenings." was proposed `partner name: Maja`
    over the held `partner name: Lars`."""
    from agenthn.agent.profile_values import name_as_said

    turn = "I go climbing with my colleague Maja on Wednesday evenings."
    held = {"name": "Ingrid", "partner name": "Lars"}
    assert ("colleague name", "Maja") in _kept("ADD partner name: Maja", turn, held)
    assert ("partner name", "Maja") not in _kept("ADD partner name: Maja", turn, held)
    assert name_as_said("partner name", "Priya", "My wife Priya is a pharmacist.") == "partner name"
    assert name_as_said("son name", "Emil", "We have a son, Emil, who is four.") == "son name"
    assert name_as_said("friend name", "Paula", "I swim with my friend Paula.") == "friend name"
    assert name_as_said("name", "Maja", "I'm my colleague Maja.") == "name"  # the user's own


def test_accented_names_companions_without_a_name_and_relatives_names_typed_in_lower_case():
    """"I run with my sister Chloé on Sunday mornings." kept nothing of running; "i play football with my
    cousins every friday" no day; "my son zayd is seven and my daughter mariam is three" no age of hers."""
    assert said_lines("I run with my sister Chloé on Sunday mornings.", {}) == [
        "ADD running day: Sunday mornings", "ADD running partner: Chloé", "ADD sister name: Chloé"]
    assert said_lines("Léa plays the violin.", {"daughter name": "Léa"}) == [
        "ADD daughter instrument: violin"]
    assert said_lines(as_written("i play football with my cousins every friday"), {}) == [
        "ADD football day: Friday", "ADD football partner: cousins"]  # and with whom (session 62)
    assert as_written("my son zayd is seven and my daughter mariam is three") == \
        "My son Zayd is seven and my daughter Mariam is three."
    assert as_written("our son nils, he is nine") == "Our son Nils, he is nine."
    for typed in ("my sister lives in leeds", "my husband, who is a chef", "my son really is tall",
                  "my son and daughter are fine"):
        assert as_written(typed) == typed[0].upper() + typed[1:] + "."  # a verb or a word, not a name


def test_a_pets_name_proposed_as_its_breed_is_its_name_and_pets_names_get_capitals():
    """"I've got a golden retriever called Mango." was proposed `dog breed: Mango` ("What breed is Mango?"
    -> "... a mix of labrador and lilac."); "we've got two cats, luna and max" kept `cats: luna and max`."""
    turn = "I've got a golden retriever called Mango."
    assert _kept("ADD dog breed: Mango", turn) == [("dog name", "Mango"), ("dog breed", "golden retriever")]
    assert _kept("ADD dog breed: beagle", "My dog Rex is a beagle.") == [("dog breed", "beagle")]
    assert _kept("ADD cats: luna and max", "We've got two cats, luna and max.") == [("cats", "Luna and Max")]
    assert _kept("ADD cats: two", "We've got two cats, luna and max.") == [("cats", "two")]  # a count


def test_names_listed_with_a_word_dropped_a_breed_glued_to_a_name_a_place_on_the_way_and_us_as_a_place():
    """"We have three children: Fatima, Bello and little Hauwa." was proposed `children: Fatima, Bello and
    Hauwa`, refused as not said; "i've got a border collie called bess" `dog breed: border collie bess`,
    refused; "i play darts at the pub every thursday" kept no day; "my mother-in-law lives with us"
    `mother-in-law city: Us`."""
    from agenthn.agent.profile_values import names_listed

    turn = "We have three children: Fatima, Bello and little Hauwa."
    assert _kept("ADD children: Fatima, Bello and Hauwa", turn) == [("children", "Fatima, Bello and Hauwa"),
                                                                   ("children number", "three")]  # session 70
    assert not names_listed("Hauwa and Fatima", turn)  # not in the turn's order
    assert not names_listed("Fatima and Musa", turn)  # one not said
    assert not names_listed("reading and hiking", "I love reading but hate hiking.")  # no names
    assert _kept("ADD dog breed: border collie bess", "I've got a border collie called bess.") == [
        ("dog breed", "border collie"), ("dog name", "Bess")]
    assert _kept("ADD dog breed: border collie", "I've got a border collie.") == [
        ("dog breed", "border collie")]
    assert said_lines("I play darts at the pub every Thursday.", {}) == [
        "ADD darts day: Thursday", "ADD darts place: pub"]  # the place since session 63
    assert said_lines("I play in the park with Max every Sunday.", {}) == []  # no thing said
    assert _kept("ADD mother-in-law city: Us", "My mother-in-law lives with us.") == []
    assert _kept("ADD city: home", "I work from home.") == []
    assert _kept("ADD mother city: Kano", "My mother lives in Kano with us.") == [("mother city", "Kano")]


def test_a_sport_someone_plays_is_read_where_the_model_keeps_it_nowhere_and_two_days_are_kept():
    """"my son ethan is fifteen and plays rugby" kept no word of rugby ("What sport does my son play?" ->
    "Your son's sport is fifteen."); "... on mondays and wednesdays" kept Mondays alone."""
    turn = "My son Ethan is fifteen and plays rugby."
    assert said_lines(turn, {}) == ["ADD son sport played: rugby", "ADD son age: fifteen"]
    assert ("son sport played", "rugby") in _kept("ADD son name: Ethan", turn)
    assert _kept("ADD son favourite sport: rugby", turn)[0] == ("son favourite sport", "rugby")  # its own key
    assert ("son sport played", "rugby") not in _kept("ADD son favourite sport: rugby", turn)
    assert said_lines("I play cricket.", {}) == []  # the user's own: the proposer keeps it
    assert said_lines("I go to the gym with my friend Mere on Mondays and Wednesdays.", {})[0] == \
        "ADD gym day: Mondays and Wednesdays"


def test_a_mate_is_a_friend_and_running_no_trade():
    """Session 60: "i go running with my mate dan on sunday mornings" kept `flatmate name: Dan` (the
    proposer's) and no running day or partner ("mate" was no relative's word, so "dan" kept no capital),
    and "I go running with my mate Ed" was proposed `friend job: runner`."""
    text = as_written("i go running with my mate dan on sunday mornings")
    assert text == "I go running with my mate Dan on Sunday mornings."
    assert said_lines(text, {}) == ["ADD running day: Sunday mornings", "ADD running partner: Dan",
                                    "ADD friend name: Dan"]
    turn = "I go running with my mate Ed on Sunday mornings."
    assert ("friend job", "runner") not in _kept("ADD friend job: runner", turn)
    assert ("friend job", "runner") in _kept("ADD friend job: runner", "My friend Ed is a runner.")


def test_a_city_of_a_school_never_named_is_the_users():
    """Session 60: "i teach maths at a secondary school in leeds" was proposed `university city: Leeds`."""
    turn = "I teach maths at a secondary school in Leeds."
    assert _kept("ADD university city: Leeds", turn)[0] == ("city", "Leeds")
    said = "My university is in Leeds, where I teach maths."
    assert ("university city", "Leeds") in _kept("ADD university city: Leeds", said)


@pytest.mark.parametrize("q", ["What am I trying to quit?", "what am i trying to give up?",
                               "What am I giving up?", "What am I cutting down on?"])
def test_what_one_quits_is_asked_by_the_key(q):
    """Session 60: "What am I trying to quit?" wearing `quitting: coffee` got "You are planning a trip to
    the countryside.", where "What is my quitting?" got "Your quitting is coffee."."""
    assert kind_asked(q, "quitting") == "What is my quitting?"
    assert kind_asked(q, "job") is None



def test_a_job_proposed_with_its_place_keeps_the_place_as_the_city_and_pets_names_their_kind():
    """"yo, name's kwame, i drive buses in accra" was proposed `job: bus driver in Accra` and kept no city
    ("where do i live?" -> "Your city is kofi."); "i've got two cats, kofi and yaw" `pets: kofi and yaw`
    ("what are my cats called?" -> "Your cat's name is Yuan.")."""
    turn = "Yo, name's Kwame, I drive buses in accra."
    assert _kept("ADD name: Kwame\nADD job: bus driver in Accra", turn) == [
        ("name", "Kwame"), ("job", "bus driver"), ("city", "Accra")]
    assert _kept("ADD job: bus driver in Accra", turn, {"city": "Kumasi"}) == [
        ("job", "bus driver"), ("work city", "Accra")]
    assert _kept("ADD sister job: nurse in New York", "My sister is a nurse in New York.") == [
        ("sister job", "nurse"), ("sister city", "New York")]
    assert _kept("ADD job: nurse in Oslo", "I'm a nurse.") == []  # a place the turn never says
    assert _kept("ADD pets: kofi and yaw", "I've got two cats, kofi and yaw.") == [("cats", "Kofi and Yaw")]
    assert _kept("ADD pets: kofi and yaw", "I've got two cats and two dogs, kofi and yaw.") == [
        ("pets", "kofi and yaw")]  # which is which is not said
    assert _kept("ADD pets: two cats", "I've got two cats.") == [("pets", "two cats")]  # no names


def test_a_name_alone_is_asked_as_one_and_whom_a_thing_is_done_with_said_after_when():
    """"alright, i'm tom, i'm a plumber in bristol" kept no name (the clause "I'm Tom" too short to be
    asked alone); "hola, i'm luis from mexico city" kept `name: Hola` ("luis" before "from" left in lower
    case); "i play football on wednesdays with my cousin diego" `cousin job: football player`."""
    from agenthn.agent.profile_clauses import clauses

    assert clauses(as_written("alright, i'm tom, i'm a plumber in bristol")) == [
        "My name is Tom.", "I'm a plumber in bristol."]
    assert clauses("I'm Tired, I'm a plumber.") == ["I'm a plumber."]  # a state, not a name
    assert as_written("hola, i'm luis from mexico city") == "Hola, I'm Luis from mexico city."
    assert as_written("i'm originally from leeds") == "I'm originally from leeds."
    assert said_lines("I play football on Wednesdays with my cousin Diego.", {}) == [
        "ADD football day: Wednesdays", "ADD football partner: Diego", "ADD cousin name: Diego"]
    assert said_lines("I go to the gym on Mondays and Fridays with my friend Sam.", {}) == [
        "ADD gym day: Mondays and Fridays", "ADD gym partner: Sam", "ADD friend name: Sam"]
    alone = said_lines("I play football on Wednesdays and Diego cooks.", {})
    assert "ADD football partner: Diego" not in alone


def test_a_pets_name_and_breed_a_little_brothers_name_a_date_and_childrens_ages_by_name():
    """Session 61's s61d, typed in lower case: "got a pitbull named tank" was proposed `name: Tank` over
    `name: Jamal`; "my little brother andre plays basketball ..." kept no name of his; "my birthday is on
    march 3rd" `birthday: march 3rd`; "I have two kids: Marek, who is ten, and Zofia, who is six." no
    age, and "How old is Zofia?" got "Zofia's age is Marek."; "i hit the gym every morning" no time."""
    from agenthn.agent.profile_named import named_age_lines
    from agenthn.agent.relations import about_subject

    assert as_written("got a pitbull named tank") == "I got a pitbull named Tank."  # "I" since session 67
    assert _kept("ADD name: Tank", "got a pitbull named tank", {"name": "Jamal"}) == [
        ("dog name", "Tank"), ("dog breed", "pitbull")]
    assert _kept("ADD name: Luna", "We have a cat called Luna.") == [("cat name", "Luna")]
    assert _kept("ADD name: Sam", "I'm called Sam.") == [("name", "Sam")]  # the user's own
    assert _kept("ADD name: Tank", "I drive a van named Tank.", {"name": "Jamal"}) == []  # no pet
    assert as_written("my little brother andre plays chess") == "My little brother Andre plays chess."
    assert as_written("my son eats apples") == "My son eats apples."  # a verb, not a name
    assert as_written("my husband never drinks") == "My husband never drinks."
    assert as_written("my birthday is on march 3rd") == "My birthday is on March 3rd."
    assert as_written("we march on") == "We march on."
    turn = "I have two kids: Marek, who is ten, and Zofia, who is six."
    assert named_age_lines(turn) == ["ADD Marek age: ten", "ADD Zofia age: six", "ADD children number: two"]
    assert named_age_lines("Marek is ten.") == []  # no children said
    assert named_age_lines("My kids are great. She is ten.") == []  # no name
    assert _kept("ADD children: Marek and Zofia", turn) == [
        ("children", "Marek and Zofia"), ("marek age", "ten"), ("zofia age", "six"),
        ("children number", "two")]
    profile = {"children": "Marek and Zofia", "marek age": "ten", "zofia age": "six"}
    asked = about_subject("How old is Zofia?", profile)
    assert asked is not None and asked.keys == ["zofia age"]
    assert about_subject("How old is Ewa?", profile) is None
    assert said_lines("I hit the gym every morning before work.", {}) == ["ADD gym time: every morning"]
    assert kinds.as_done("When do I hit the gym?") == "When do I go to the gym?"


def test_a_jobs_own_words_a_name_age_and_job_said_as_a_list_and_a_wedding():
    """Session 61's s61e: "I'm a primary school teacher in Manchester." was proposed `job: teacher`
    ("What kind of school do I teach at?" -> "Your school is teacher."); "hey there. chen, 34, software
    developer from taipei" `name-maker: Chen` and no age nor job; "we're getting married in june"
    nothing ("When is my wedding?" -> "Your wedding date is Chen.")."""
    from agenthn.agent.profile_when import date_lines

    assert _kept("ADD job: teacher", "I'm a primary school teacher in Manchester.") == [
        ("job", "primary school teacher"), ("city", "Manchester")]  # the city read after the job (s61g)
    assert _kept("ADD job: teacher", "I'm a really good teacher.") == [("job", "teacher")]
    assert _kept("ADD job: nurse", "I work as a nurse.") == [("job", "nurse")]
    assert as_written("hey there. chen, 34, software developer from taipei") == (
        "Hey there. I'm Chen. I'm 34. I'm a software developer from taipei.")
    assert as_written("Paris, 2019, was great.") == "Paris, 2019, was great."
    listed = as_written("chen, 34, software developer from taipei")
    assert _kept("ADD job: software developer from taipei", listed) == [
        ("job", "software developer"), ("hometown", "Taipei")]
    assert date_lines("We're getting married in June.") == ["ADD wedding date: June"]
    assert date_lines("I'm getting married on the 14th of March.") == ["ADD wedding date: 14th of March"]
    assert date_lines("My sister is getting married in June.") == []  # hers


def test_days_said_together_whom_we_do_a_thing_with_the_twins_and_a_city_lived_in():
    """Session 61's s61f: "I do yoga on Monday and Thursday mornings." kept no day; "my best mate is
    called liam, we go fishing on saturdays" no day nor partner; "How old are the twins?" wore nothing of
    `child age`; "morning! ben here, 45, retired firefighter living in cork" was proposed `favourite
    city: cork` and no job, and "my daughter sarah just started ..." `daughter name: Arah`."""
    from agenthn.agent.relations import about_subject

    assert said_lines("I do yoga on Monday and Thursday mornings.", {}) == [
        "ADD yoga day: Monday and Thursday mornings"]
    assert said_lines("My best mate is called Liam, we go fishing on Saturdays.", {}) == [
        "ADD fishing day: Saturdays", "ADD fishing partner: Liam"]
    assert said_lines("We grow tomatoes in the garden.", {}) == []  # "we" the user's only for a thing done
    profile = {"twins name": "Yusuf and Idris", "child age": "four"}
    assert about_subject("How old are the twins?", profile).keys == ["child age"]
    assert about_subject("What are my twins called?", profile).keys == ["twins name"]
    assert as_written("morning! ben here, 45, retired firefighter living in cork") == (
        "Morning! I'm Ben. I'm 45. I'm a retired firefighter living in cork.")
    lived = as_written("morning! ben here, 45, retired firefighter living in cork")
    assert _kept("ADD favourite city: cork", lived) == [("city", "Cork")]
    assert _kept("ADD favourite city: Rome", "My favourite city is Rome.") == [("favourite city", "Rome")]
    assert as_written("my daughter sarah just started university") == (
        "My daughter Sarah just started university.")


def test_an_unmarked_question_a_relatives_city_after_the_job_and_childrens_names_with_ages():
    """Session 61's s61g: "whats the capital of canada" kept `capital: canada`; "My brother Raj is a
    doctor in London." no city of his ("Where does Raj work?" -> "Raj's employer is empathy."); "we've
    got two kids, jack who's 7 and lily who's 4" was proposed `children: Jack 7 and Lily 4` (refused);
    "I go to Zumba classes on Tuesday evenings." `gym day: Zumba classes`; "what's my trade?" wore a
    board game."""
    from agenthn.agent.profile_clauses import stated_part

    assert stated_part("whats the capital of canada") == ""
    assert stated_part("can u tell me a joke") == ""
    assert stated_part("what i love is hiking") == "What I love is hiking."  # a statement
    assert stated_part("when i moved my city became oslo") == "When I moved my city became oslo."
    raj = "My brother Raj is a doctor in London."
    assert _kept("ADD brother name: Raj\nADD brother job: doctor", raj) == [
        ("brother name", "Raj"), ("brother job", "doctor"), ("brother city", "London")]
    assert _kept("ADD job: nurse", "I'm a nurse in Oslo.", {"city": "Bergen"}) == [("job", "nurse")]
    typed = as_written("we've got two kids, jack who's 7 and lily who's 4")
    assert typed == "We've got two kids, Jack who's 7 and Lily who's 4."
    assert as_written("my son who is six") == "My son who is six."
    assert _kept("ADD children: Jack 7 and Lily 4", typed) == [
        ("children", "Jack and Lily"), ("jack age", "7"), ("lily age", "4")]
    assert said_lines("I go to Zumba classes on Tuesday evenings.", {}) == [
        "ADD classes: Zumba", "ADD zumba classes day: Tuesday evenings"]  # the classes since session 65
    assert "job" in kinds.asked_kinds("what's my trade?")


def test_a_thing_done_at_a_place_of_two_words_and_a_relatives_job_after_their_name_and_s():
    """Session 61's s61h: "i play darts at the local pub every friday with my mate pete" kept no day nor
    partner ("When do I play darts?" -> "Your darts. It's on doodle."); "what does jo do?" wearing `wife
    job: porter` got "Jo's a nurse."."""
    from agenthn.engine.copy_text import slot_value

    typed = as_written("i play darts at the local pub every friday with my mate pete")
    assert said_lines(typed, {}) == [
        "ADD darts day: Friday", "ADD darts partner: Pete", "ADD friend name: Pete",
        "ADD darts place: local pub"]  # the place since session 63
    assert said_lines("I play football in the park with Tom every Sunday.", {}) == [
        "ADD football day: Sunday", "ADD football partner: Tom", "ADD football place: park"]
    assert said_lines("I play in the park with Max every Sunday.", {}) == []
    assert slot_value("Jo's a", "wife job: porter") == " porter"


def test_a_pet_called_by_name_is_kept_and_a_place_typed_in_lower_case_after_a_job():
    """The new-user try of session 61: "we've got a spaniel called rolo" was proposed `pet: spaniel Rolo`
    (refused: not said) and "what breed is rolo?" got "... terrier."; "hiya, name's kim, i'm a nurse in
    york" kept no city, and "where do i live?" got no answer."""
    typed = as_written("we've got a spaniel called rolo")
    assert _kept("ADD pet: spaniel Rolo", typed) == [("dog name", "Rolo"), ("dog breed", "spaniel")]
    assert _kept("ADD dog name: Rolo", typed) == [("dog name", "Rolo"), ("dog breed", "spaniel")]
    assert _kept("NONE", "My boss is a man named Max.") == []  # no pet
    york = as_written("hiya, name's kim, i'm a nurse in york")
    assert _kept("ADD name: Kim\nADD job: nurse", york) == [
        ("name", "Kim"), ("job", "nurse"), ("city", "York")]
    assert _kept("ADD job: nurse", "I'm a nurse in training.") == [("job", "nurse")]
    quit = "I quit teaching, I'm a full-time gardener now."
    assert _kept("UPDATE job: gardener", quit, {"job": "teacher"}) == [("job", "gardener")]  # not of the job
    from agenthn.agent.relations import about_subject
    wife = {"name": "Callum", "wife name": "Isla", "wife job": "primary school teacher"}
    assert about_subject("Who is my wife?", wife).keys == ["wife name"]  # s51c: "... name is primary."
    sister = {"name": "Alice", "sister": "Ana", "sister job": "vet"}
    assert about_subject("Who is my sister?", sister).keys == ["sister"]
