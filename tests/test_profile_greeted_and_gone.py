"""Session 69's chats: a name said with "here" after a greeting, a name, age and job listed after one, a
name said with how long the user has been married to them, a pet named after a breed of two words, a
place a pastime is gone to, who lives with the user, and values that are no fact of their key's kind
(`profile_clauses`, `profile_values`, `profile_when`, `profile_named`, `profile_done`, `profile_verbs`,
`profile_misfiled`)."""

from agenthn.agent.profile import parse_proposal
from agenthn.agent.profile_clauses import as_written, stated_part


def _kept(proposal, turn, profile=None):
    return [(e.key, e.value) for e in parse_proposal(proposal, profile or {}, turn=stated_part(turn))[0]]


def test_a_name_said_with_here_after_a_greeting_is_the_users_without_it():
    """"yo tunde here, 27, ..." was kept as `name: Yo Tunde`."""
    turn = "yo tunde here, 27, i drive for a delivery company in lagos"
    assert as_written(turn).startswith("Yo Tunde here, I'm 27.")
    assert ("name", "Tunde") in _kept("ADD name: yo tunde\nADD age: 27", turn)
    assert ("name", "Tunde") in _kept("ADD name: Yo Tunde", turn)
    # a name of two words stays whole
    assert ("name", "Ana Lima") in _kept("ADD name: Ana Lima", "I'm Ana Lima.")


def test_a_name_age_and_job_listed_after_a_greeting_are_said_as_the_users():
    """"hey, rosa here. 23, barista in lisbon ..." was proposed `name: Barista` (refused as a second name),
    and "what's my job?" wore none."""
    assert as_written("hey, rosa here. 23, barista in lisbon while i finish my photography degree") == (
        "Hey, I'm Rosa. I'm 23. I'm a barista in lisbon while I finish my photography degree.")
    assert as_written("morning! ben here, 45, retired firefighter living in cork") == (
        "Morning! I'm Ben. I'm 45. I'm a retired firefighter living in cork.")
    # a greeting to all names no one
    assert as_written("hi there, just wondering") == "Hi there, just wondering."


def test_how_long_the_user_has_been_married_to_someone_is_no_part_of_their_name():
    """"I've been married to Ingrid for twenty years." was kept as `partner name: Ingrid For Twenty Years`."""
    turn = "I've been married to Ingrid for twenty years."
    kept = _kept("ADD partner name: Ingrid\nADD partner age: twenty", turn)
    assert ("partner name", "Ingrid") in kept and ("marriage length", "twenty years") in kept
    # how long a diet has lasted is still kept with it
    assert _kept("ADD diet: vegetarian", "I've been vegetarian for ten years.") == [
        ("diet", "vegetarian for ten years")]


def test_a_pet_named_after_a_breed_of_two_words_is_the_pets():
    """"I walk my border collie Meg every morning." was kept as `border collie name: Meg`, and "What's my dog
    called?" wore nothing."""
    turn = "I walk my border collie Meg every morning."
    assert ("dog name", "Meg") in _kept("ADD border collie name: Meg", turn)
    assert ("dog name", "Meg") in _kept("ADD dog breed: border collie\nADD dog breed: Meg", turn)
    assert ("dog name", "Max") in _kept("ADD dog breed: max", "i walk my dog max every morning in the park")


def test_a_named_place_a_pastime_is_gone_to_is_its_place_not_the_users_city():
    """"Every winter I go skiing in Geilo." was kept as `city: Geilo` over Bergen and `favourite season:
    skiing`."""
    kept = _kept("ADD favourite season: skiing\nADD city: Geilo", "Every winter I go skiing in Geilo.",
                 {"city": "Bergen"})
    assert kept == [("skiing place", "Geilo")]
    assert ("favourite season", "winter") in _kept("ADD favourite season: winter", "I love winter.")


def test_a_side_played_is_a_sport_no_game():
    """"i play five-a-side every wednesday night" was kept as `favourite board game: five-a-side`."""
    kept = _kept("ADD favourite board game: five-a-side", "i play five-a-side every wednesday night")
    assert kept == [("five-a-side day", "Wednesday night")]


def test_who_lives_with_the_user_is_their_housemate_and_a_dish_made_well_no_job():
    """"my mum lives with us, she makes the best dal" was kept as `mother job: dal maker`, and "who lives with
    us?" got "... the wife, Lena."."""
    kept = _kept("ADD mother job: dal maker", "my mum lives with us, she makes the best dal")
    assert kept == [("housemate", "mum")]
    assert ("housemate", "parents") in _kept("NONE", "my parents live with me")
    # a maker by trade stays
    assert ("job", "cabinet maker") in _kept("ADD job: cabinet maker", "I'm a cabinet maker.")


def test_who_lives_with_us_asks_of_the_user():
    """"who lives with us?" wore nothing beside `housemate: mum`: "us" of a household is the user's, as of a
    trip; of everyone it is no one's."""
    from agenthn.agent.profile_pick import about_user

    assert about_user("who lives with us?") and about_user("Where are we going in May?")
    assert not about_user("Why do we dream?") and not about_user("What do sheep give us?")


def test_where_the_user_lives_or_moved_to_is_their_city_whole():
    """"I live in Harrogate with my husband Peter, ..." kept no city; "actually i moved to edinburgh last
    month" was kept as `year moved: edinburgh`; "based in mexico city" as `city: mexico`."""
    turn = "I live in Harrogate with my husband Peter, who used to be a bank manager."
    assert ("city", "Harrogate") in _kept("ADD husband name: Peter\nADD housemate: Peter", turn)
    assert ("city", "Harrogate") not in _kept("ADD husband name: Peter", turn, {"city": "York"})
    moved = "actually i moved to edinburgh last month"
    assert _kept("ADD year moved: edinburgh", moved, {"city": "Glasgow"}) == [("city", "edinburgh")]
    assert _kept("ADD city: mexico", "sol, 34, freelance illustrator, based in mexico city") == [
        ("city", "Mexico City")]
    assert _kept("ADD city: Leeds", "I live in Leeds city centre.") == [("city", "Leeds")]


def test_a_list_after_heya_and_before_more_is_the_users():
    """"heya, mia here, 29, junior doctor in glasgow, originally from cork" kept `doctor city: Glasgow`."""
    assert as_written("heya, mia here, 29, junior doctor in glasgow, originally from cork") == (
        "Heya, I'm Mia. I'm 29. I'm a junior doctor in glasgow, originally from cork.")


def test_a_race_run_every_year_and_an_age_said_of_all_the_children():
    """"i run the glasgow half marathon every september" was kept as `team: Glasgow half marathon`; "...
    twin sons, Yazan and Zaid, who are both six." kept no age of theirs."""
    assert _kept("ADD team: Glasgow half marathon", "i run the glasgow half marathon every september") == [
        ("race", "glasgow half marathon")]
    assert _kept("NONE", "I run a small bakery in Amman.") == []
    kept = _kept("ADD age: 41\nADD children: Yazan and Zaid", "I'm 41 and I have twin sons, Yazan and Zaid, "
                 "who are both six.")
    assert ("child age", "six") in kept and ("age", "41") in kept


def test_a_question_naming_the_keys_word_with_more_after_its_verb_is_asked_by_the_key():
    """"What race do I run in September?" wearing `race: glasgow half marathon` got "Your race title is
    glasgow."; "What is my race?" the whole race."""
    from agenthn.agent.profile_asked import kind_asked

    assert kind_asked("what race do i run in september?", "race") == "What is my race?"
    assert kind_asked("What race does my sister run in May?", "race") == "What is my sister's race?"
    assert kind_asked("What instrument do I play?", "instrument") is None  # nothing more: as it came
    assert kind_asked("What race do I run in September?", "city") is None


def test_a_class_taught_on_days_said_first_is_kept_by_its_day_and_place():
    """"wednesdays i teach a drawing class at the community centre" kept `community centre: drawing class`,
    and "when do i teach my drawing class?" got "Your drawing class is on freelance illustrator."."""
    from agenthn.agent.kinds import as_done
    from agenthn.agent.profile_verbs import said_lines

    said = said_lines(as_written("wednesdays i teach a drawing class at the community centre"), {})
    assert said == ["ADD drawing class day: Wednesdays", "ADD drawing class place: community centre"]
    assert as_done("When do I teach my drawing class?") == "When do I have my drawing class?"
    # no class: a subject
    assert said_lines("I teach maths at a school in Leeds.", {})[0] == "ADD subject: maths"


def test_a_wedding_next_month_named_is_its_date():
    """"my fiance kai is a carpenter, we're getting married next june" kept no date, and "when is the
    wedding?" got "... the 15th of next month at the Red Oak Church ..." (session 69's new-user try)."""
    turn = "my fiance kai is a carpenter, we're getting married next june"
    assert ("wedding date", "next June") in _kept("ADD fiance name: Kai\nADD fiance job: carpenter", turn)
    assert _kept("NONE", "we're getting married in december") == [("wedding date", "December")]


def test_a_job_with_a_place_typed_in_lower_case_keeps_the_place_as_the_city():
    """"yo tunde here, 27, i drive for a delivery company in lagos" was kept as `job: delivery driver in
    lagos` and no city."""
    turn = "yo tunde here, 27, i drive for a delivery company in lagos"
    kept = _kept("ADD job: delivery driver in lagos", turn)
    assert ("job", "delivery driver") in kept and ("city", "Lagos") in kept
    assert _kept("ADD job: nurse in training", "I'm a nurse in training.") == [("job", "nurse in training")]


def test_the_thing_a_held_key_names_is_the_users():
    """"when is the wedding?" beside `wedding date: next June` wore nothing (session 69's new-user try)."""
    from agenthn.agent.profile_pick import the_held

    held = {"wedding date": "next June", "fiance name": "Kai", "city": "Bristol"}
    assert the_held("when is the wedding?", held)
    assert not the_held("What is the capital of France?", held) and not the_held("when is the wedding?", {})
    assert not the_held("Who is the fiance of the king?", {"fiance name": "Kai"})  # a relative's key: no
