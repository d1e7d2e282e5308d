"""Session 67's chats: an age listed after "<name> here" or before words of no verb, a state said without
"I'm", work at a place on weekends, an instrument played or a subject "done" at university no job, a child
a list names spoken of with "she" or "he", a pronoun no object, a home country where one is from, and a
last city where one lives now (`profile_clauses`, `profile_verbs`, `profile_said`, `kinds`,
`profile_places`)."""

from agenthn.agent.kinds import fitting
from agenthn.agent.profile import parse_proposal
from agenthn.agent.profile_clauses import as_written, stated_part
from agenthn.agent.profile_said import said_as_work
from agenthn.agent.profile_verbs import listed_child, said_lines


def _kept(proposal, turn, profile=None):
    return [(e.key, e.value) for e in parse_proposal(proposal, profile or {}, turn=stated_part(turn))[0]]


def test_an_age_listed_after_a_name_or_before_words_of_no_verb_is_said_as_the_users():
    """"alright, baz here, 52, drive a forklift ..." and "yo, dev here. 19, second year comp sci at
    manchester" kept no age."""
    assert as_written("baz here, 52, drive a forklift") == "Baz here, I'm 52. I drive a forklift."
    assert as_written("dev here. 19, second year comp sci") == "I'm Dev. I'm 19. I'm a second year comp sci."
    assert as_written("dev here. 19, i study maths") == "Dev here. I'm 19. I study maths."
    assert as_written("chen, 34, software developer") == "I'm Chen. I'm 34. I'm a software developer."
    # numbers listed inside a sentence are no age
    assert as_written("I have 3, 4 or 5 cats.") == "I have 3, 4 or 5 cats."


def test_a_state_said_without_im_is_the_users():
    """"allergic to cats unfortunately" was proposed NONE; "I'm allergic to cats." `allergy: cats`."""
    assert as_written("allergic to cats unfortunately") == "I'm allergic to cats unfortunately."
    assert as_written("hi. originally from leeds") == "Hi. I'm originally from leeds."
    for turn in ("Married life is hard.", "Vegetarian food is nice.", "Allergic reactions scare me."):
        assert as_written(turn) == turn


def test_work_at_a_place_on_weekends_is_a_workplace():
    """"i work weekends at a bike shop" kept nothing: the proposer's `job: bike shop manager` is made up."""
    assert said_lines("I work weekends at a bike shop.", {}) == ["ADD workplace: bike shop"]
    assert said_lines("I work evenings in a pub.", {}) == ["ADD workplace: pub"]
    kept = _kept("ADD job: bike shop manager", "i work weekends at a bike shop")
    assert kept == [("workplace", "bike shop")]


def test_what_is_played_or_done_at_university_is_no_job():
    """"i play the bass in a band called the static" was proposed `job: bassist`, and "she's doing law"
    `daughter job: lawyer`; a job said as what one does still counts."""
    assert not said_as_work("bassist", "i play the bass in a band called the static", wished=False)
    assert not said_as_work("footballer", "i play football on sundays", wished=False)
    assert not said_as_work("lawyer", "aisha started university in glasgow, she's doing law.", wished=False)
    assert said_as_work("bus driver", "i drive buses in accra", wished=False)
    assert _kept("ADD job: bassist", "i play the bass in a band called the static") == [
        ("instrument", "bass")]


def test_a_child_a_list_names_is_a_daughter_or_son_by_the_turns_pronoun():
    """"Aisha just started university in Glasgow, she's doing law." beside `children: Aisha, Yusuf and
    Layla` was proposed `daughter city: Glasgow`, and "where does aisha study?" wore nothing."""
    kids = {"children": "Aisha, Yusuf and Layla"}
    turn = "Aisha just started university in Glasgow, she's doing law."
    assert said_lines(turn, kids) == ["ADD daughter name: Aisha", "ADD daughter course: law"]
    assert listed_child("Yusuf plays football, he loves it.", kids) == {"Yusuf": "son"}
    # no pronoun, both, two names, or a daughter named already: nothing
    assert listed_child("Aisha started university.", kids) == {}
    assert listed_child("Aisha told him she's fine.", kids) == {}
    assert listed_child("Aisha and Layla say she's tall.", kids) == {}
    assert listed_child(turn, {**kids, "daughter name": "Mira"}) == {}
    assert ("daughter name", "Aisha") in _kept("ADD daughter city: Glasgow", turn, kids)


def test_doing_a_subject_is_a_course_only_at_university_and_a_pronoun_is_no_object():
    assert said_lines("I'm doing well at uni.", {}) == []
    assert said_lines("My son is doing history at college.", {}) == ["ADD son course: history"]
    assert said_lines("My son is doing history homework.", {}) == []
    assert said_lines("My son Tom is mad about rugby.", {}) == ["ADD son hobby: rugby"]
    assert said_lines("My son Tom is mad about it.", {}) == []  # was `son hobby: it`


def test_a_home_country_is_where_one_is_from_and_a_last_city_where_one_lives_now():
    """"where do i live?" wore `home country: Romania` beside `city: Dublin` and got "Your city is
    Rome."; "actually i just moved to bath last month" was proposed `last city: Bath` beside `city:
    Bristol`, and "where do i live now?" got "Your city is Brno."."""
    keys = ["home country", "city", "job"]
    assert fitting("where do i live?", keys) == [False, True, False]
    assert fitting("where do i come from?", keys) == [True, False, False]
    held = {"city": "Bristol"}
    assert _kept("ADD last city: Bath", "actually i just moved to bath last month", held) == [
        ("city", "Bath")]
    assert _kept("ADD last city: Bath", "my last city was bath", held) == [("last city", "Bath")]


def test_pets_counted_are_no_thing():
    """"i'm a vet and i own three horses" was proposed `car: three horses`."""
    kept = _kept("ADD job: vet\nADD car: three horses", "i'm a vet and i own three horses")
    assert kept == [("job", "vet")]
    assert _kept("ADD car: Honda Civic", "i drive a honda civic") == [("car", "Honda Civic")]
    assert _kept("ADD favourite food: hot dogs", "i love hot dogs") == [("favourite food", "hot dogs")]


def test_a_kind_of_sport_is_no_game_and_pets_named_in_lower_case_get_their_capitals():
    """"I play five-a-side football every Wednesday evening." was proposed `favourite board game:
    five-a-side`; "my horses are called thunder, misty and pepper" `horses: Thunder, misty and pepper`."""
    turn = "I play five-a-side football every Wednesday evening."
    assert ("favourite board game", "five-a-side") not in _kept("ADD favourite board game: five-a-side", turn)
    assert _kept("ADD favourite board game: chess", "I love chess.") == [("favourite board game", "chess")]
    kept = _kept("ADD horses: Thunder, misty and pepper", "my horses are called thunder, misty and pepper")
    assert kept == [("horses", "Thunder, Misty and Pepper")]


def test_a_condition_the_model_made_a_key_of_is_the_users_condition():
    """"I have type 2 diabetes, so I watch my sugar." was proposed `diabetes: type 2`, and "What condition
    do I have?" got "Your child is a retired."."""
    turn = "I have type 2 diabetes, so I watch my sugar."
    assert _kept("ADD diabetes: type 2", turn) == [("condition", "type 2 diabetes")]
    assert _kept("ADD condition: diabetes", turn) == [("condition", "diabetes")]
    assert _kept("ADD asthma: mild", "my asthma is mild") == [("asthma", "mild")]  # not said together so


def test_a_thing_done_is_no_diet():
    """"I'm trying to lose weight so I've started walking every morning." was proposed `diet: walking`."""
    turn = "I'm trying to lose weight so I've started walking every morning."
    assert ("diet", "walking") not in _kept("ADD diet: walking", turn)
    assert _kept("ADD diet: vegan", "I went vegan last year.") == [("diet", "vegan")]


def test_a_relative_who_visits_the_user_is_kept_with_when_and_as_the_visitor():
    """"my son peter visits me every sunday" kept only `son name: Peter`, and "who visits me on sundays?"
    got "Players meet you on pten."."""
    from agenthn.agent.profile_when import visit_lines

    assert visit_lines("My son peter visits me every Sunday.", {}) == [
        "ADD son visit: every Sunday", "ADD visitor: Peter"]
    assert visit_lines("My daughter often visits us once a month.", {"daughter name": "Ana"}) == [
        "ADD daughter visit: once a month", "ADD visitor: Ana"]
    assert visit_lines("I visit my mum every December.", {}) == ["ADD mother visit: every December"]
    # the son's name stays beside the visitor's
    kept = _kept("ADD son name: Peter", "my son peter visits me every sunday")
    assert ("son name", "Peter") in kept and ("visitor", "Peter") in kept


def test_a_relative_as_texted_is_keyed_by_their_word():
    """"my gf is called nia" was proposed `gf name: Nia` and `gf job: paramedic` (kept as `partner gf
    job`), and "what's my girlfriend called?" got "Your girlfriend's name is iak."."""
    turn = "my gf is called nia, she's training to be a paramedic"
    assert _kept("ADD gf name: Nia\nADD gf job: paramedic", turn) == [
        ("girlfriend name", "Nia"), ("girlfriend job", "paramedic")]


def test_a_subject_taught_children_named_together_and_a_liking_without_i():
    """"... I've just retired from teaching French at a grammar school." kept no subject; "We have twin
    girls, Tola and Tobi, who are five." was proposed `second child: Tola and Tobi`; "can't stand
    mushrooms tbh" got "I'm sorry for any misglamour, ..."."""
    assert said_lines("I've just retired from teaching French at a grammar school.", {}) == [
        "ADD subject: French"]
    twins = "We have twin girls, Tola and Tobi, who are five."
    assert ("children", "Tola and Tobi") in _kept("ADD second child: Tola and Tobi", twins)
    assert _kept("ADD sister children: Tola and Tobi", "My sister has two kids, Tola and Tobi.") == [
        ("sister children", "Tola and Tobi")]
    assert as_written("can't stand mushrooms tbh") == "I can't stand mushrooms."
    assert as_written("Love, Martha") == "Love, Martha."


def test_a_favourite_is_kept_with_the_words_said_before_it():
    """"my favourite flower is the sweet pea" was proposed `favourite flower: pea`."""
    assert _kept("ADD favourite flower: pea", "my favourite flower is the sweet pea") == [
        ("favourite flower", "sweet pea")]
    assert _kept("ADD favourite food: pizza", "my favourite food is pizza") == [("favourite food", "pizza")]


def test_texted_filler_is_no_part_of_a_value_and_a_ward_is_a_workplace():
    """Session 67's new-user try: "allergic to penicillin btw" was kept as `allergy: penicillin btw`, and
    "hi im rin, i'm a nurse on a children's ward in sheffield" as `job: children's ward` over `job:
    nurse`, and "where do i work?" got "Your city is Sheffield."."""
    assert as_written("allergic to penicillin btw") == "I'm allergic to penicillin."
    assert as_written("my cat is called bowie lol") == "My cat is called Bowie."
    turn = "hi im rin, i'm a nurse on a children's ward in sheffield"
    assert said_lines(stated_part(turn), {}) == ["ADD workplace: children's ward"]
    assert _kept("ADD name: Rin\nADD job: nurse\nADD city: Sheffield", turn) == [
        ("name", "Rin"), ("job", "nurse"), ("city", "Sheffield"), ("workplace", "children's ward")]
    assert said_lines("I work on a project.", {}) == []  # on a thing that is no place


def test_a_name_age_and_job_listed_with_stops_and_having_said_without_i():
    """s67h, after its one run: "gus. 38. plumber. based in cork" was proposed `partner name: Plumber` and
    `partner city: Cork`; "got two kids, finn and orla" got "Awwwww, you're a multi-faceted person, ..."."""
    assert as_written("gus. 38. plumber. based in cork") == "I'm Gus. I'm 38. I'm a plumber based in cork."
    assert as_written("Gus, 38, plumber, based in cork") == "I'm Gus. I'm 38. I'm a plumber based in cork."
    assert as_written("Tom, 40, engineer.") == "I'm Tom. I'm 40. I'm an engineer."
    assert as_written("got two kids, finn and orla") == "I got two kids, finn and orla."
    assert as_written("Got it, thanks") == "Got it, thanks."


def test_a_relative_said_with_a_word_before_them_is_whose_fact_it_is():
    """s61d: "my little brother andre plays basketball for his high school" had been kept by the proposer's
    `brother job: basketball player`, which no longer passes (what is played is no job): the readers now
    read "my little brother" as the brother where no name of his is held."""
    assert said_lines("My little brother Andre plays basketball for his high school.", {}) == [
        "ADD brother sport played: basketball"]
    assert said_lines("My best friend teaches French.", {}) == ["ADD friend subject: French"]
