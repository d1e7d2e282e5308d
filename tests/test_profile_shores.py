"""Session 66's chats: a place on or off a shore ("on the beach", "off the jetty"), a thing done most
weeks, the field someone works in, an age listed before what one does, a fan of a club said before "fan",
words before a question that ask nothing, a thing done kept as a team, a thing of three words, a flatmate
lived with, what one does for a living, where "I live" with someone, and what someone sells
(`profile_done`, `profile_verbs`, `profile_clauses`, `profile_values`, `profile_named`, `profile_places`)."""

from agenthn.agent.profile import parse_proposal
from agenthn.agent.profile_asked import kind_asked
from agenthn.agent.profile_clauses import spelled_out, stated_part, without_lead_in
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


def test_the_field_someone_works_in_is_their_job():
    """"My husband Vikram works in IT and my mother-in-law lives with us." kept no job, and "What does Vikram
    do?" got "Vikram works as a 4."."""
    assert _kept("NONE", "My husband Vikram works in IT and my mother-in-law lives with us.") == [
        ("husband job", "IT")]
    assert said_lines("I work in marketing for a bank.", {}) == ["ADD job: marketing"]
    # a place worked in, or "it", is no field
    for turn in ("I work in London.", "I work in a bakery.", "i love my job and work in it every day"):
        assert not [line for line in said_lines(stated_part(turn), {}) if "job:" in line], turn


def test_an_age_said_before_what_one_does_is_the_users():
    """"yo, i'm leo. 24, work in a record shop in manchester" kept no workplace, and "where do i work?" got
    "I'm happy to assist you with any questions ..."."""
    stated = stated_part("yo, i'm leo. 24, work in a record shop in manchester")
    assert stated.startswith("Yo, I'm Leo. I'm 24. I work in a record shop")
    assert said_lines(stated, {}) == ["ADD workplace: record shop"]
    assert stated_part("I have 3, work is hard.") == "I have 3, work is hard."


def test_a_fan_of_a_club_said_before_fan_and_a_band_named_is_no_place():
    """"i'm a huge real madrid fan" was kept as `favourite music: real madrid`, and "which team do i
    support?" got "I'm glad you're interested in supporting the team I'm designed to help."; "i play bass
    in a band called the lowlights" kept `bass place: band called the`."""
    assert _kept("ADD favourite music: real madrid", "i'm a huge real madrid fan") == [
        ("football team", "real madrid")]
    assert said_lines("I'm a big Leeds United fan.", {}) == ["ADD football team: Leeds United"]
    assert _kept("ADD favourite music: jazz", "I'm a huge jazz fan.") == [("favourite music", "jazz")]
    band = stated_part("i play bass in a band called the lowlights, we gig most fridays")
    assert said_lines(band, {}) == []
    assert said_lines("I sing in the church choir every Sunday.", {}) == [
        "ADD singing day: Sunday", "ADD singing place: church choir"]


def test_words_before_a_question_that_ask_nothing_are_not_asked():
    """"Remind me, what subject do I teach?" wore `subject: maths` and got "Your question, what do you want
    to know?"."""
    assert without_lead_in("Remind me, what subject do I teach?") == "what subject do I teach?"
    assert without_lead_in("Sorry, who is Tom?") == "who is Tom?"
    for asked in ("Remind me what my job is.", "So what is my job?", "Tom, where do I live?"):
        assert without_lead_in(asked) == asked, asked


def test_whats_is_asked_as_what_is():
    """"What's my job?" wearing `job: firefighter` got "Job-wise, you are a firefighter." where "What is my
    job?" got "You are a firefighter." (session 67)."""
    assert spelled_out("What's my job?") == "What is my job?"
    assert spelled_out("whats my dog called") == "what is my dog called"
    assert spelled_out("What\u2019s our puppy called?") == "What is our puppy called?"
    for asked in ("What is my job?", "Whatsapp me later?", "Who's my dentist?"):
        assert spelled_out(asked) == asked, asked


def test_a_thing_done_is_no_team():
    """"i go climbing with my mates every thursday night" kept `team: climbing` beside `football team: real
    madrid`, and "which team do i support?" got "Your favourite football team is climbing."."""
    kept = _kept("ADD team: climbing", "i go climbing with my mates every thursday night")
    assert kept == [("climbing day", "Thursday night"), ("climbing partner", "mates")]
    assert _kept("ADD team: Rovers", "I play for Rovers.") == [("team", "Rovers")]


def test_new_user_try_a_thing_of_three_words_and_a_flatmate_lived_with():
    """Session 66's new-user try: "i go open water swimming at the hoe most mornings" kept nothing ("where do
    i swim?" got "Your swimming pool is in the beach at 12."; kept as `open water swimming time`, "when do i
    go swimming?" got "Your question is about the time your swimming time is."), and "my flatmate jess is a
    junior doctor" kept `flatmate name: Jess` alone ("who do i live with?" got "Your question is a classic
    one. ...")."""
    assert said_lines(stated_part("i go open water swimming at the hoe most mornings"), {}) == [
        "ADD swimming time: most mornings", "ADD swimming place: hoe"]  # kept by its last word
    # a word that ends an object ends the thing, as before
    assert said_lines("I jog every morning before work.", {}) == ["ADD jogging time: every morning"]
    assert said_lines("I play the guitar at church on Sundays.", {}) == [
        "ADD instrument: guitar", "ADD guitar day: Sundays", "ADD guitar place: church"]
    assert _kept("ADD flatmate name: Jess\nADD flatmate job: junior doctor",
                 "my flatmate jess is a junior doctor") == [
        ("flatmate name", "Jess"), ("flatmate job", "junior doctor"), ("housemate", "Jess")]
    assert ("housemate", "Jess") not in _kept("ADD flatmate name: Jess", "my flatmate jess is a nurse",
                                              {"housemate": "Tom"})
    assert ("housemate", "Jess") not in _kept("ADD sister name: Jess", "my sister jess is a nurse")


def test_what_someone_does_for_a_living_is_their_job_where_none_is_kept():
    """"My husband Dawit repairs phones for a living." kept no job; with its reply an acknowledgment,
    "What does my husband do?" got "Your husband is a baker." from memory."""
    assert _kept("ADD husband name: Dawit", "My husband Dawit repairs phones for a living.") == [
        ("husband name", "Dawit"), ("husband job", "repairs phones")]
    assert ("job", "drive a delivery van") in _kept("ADD name: Dave", "i drive a delivery van for a living")
    # the model's job stays
    kept = _kept("ADD partner name: Sam\nADD partner job: bus driver",
                 "My partner Sam drives buses for a living.")
    assert kept == [("partner name", "Sam"), ("partner job", "bus driver")]


def test_where_i_live_with_someone_is_my_city_and_what_someone_sells_their_product():
    """"i live in cardiff with my girlfriend megan" was kept as `partner city: Cardiff` (with the reply an
    acknowledgment, "where do i live?" got "Your city is MX." from memory); "my wife abena sells fabric at
    the market" kept nothing of it ("what does abena sell?" got "Abena sells the bsp.")."""
    assert _kept("ADD partner city: Cardiff\nADD partner name: Megan",
                 "i live in cardiff with my girlfriend megan")[0] == ("city", "Cardiff")
    assert _kept("ADD sister city: Cardiff", "I live in Leeds and my sister lives in Cardiff.") == [
        ("sister city", "Cardiff"), ("city", "Leeds")]  # the user's own read too since session 69
    kept = _kept("ADD wife name: Abena", "my wife abena sells fabric at the market")
    assert ("wife product", "fabric") in kept
    assert kind_asked("what does abena sell?", "wife product", "wife") == "What is abena's product?"
    assert said_lines("I sell it online.", {}) == []


def test_a_sides_size_is_written_with_hyphens():
    """Session 66's second new-user try: "i play five a side football with my mates on thursday nights" kept
    no day and no one, and "when do i play football?" got "Your football. It's on 12th."."""
    stated = stated_part("i play five a side football with my mates on thursday nights")
    assert said_lines(stated, {}) == ["ADD football day: Thursday nights", "ADD football partner: mates"]
    assert stated_part("We're on the same side.") == "We're on the same side."
