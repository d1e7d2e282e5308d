"""Session 62's first chat runs: what a turn says beside a name, a job or a thing done, that the model's
edits dropped or keyed wrong, read from the turn's own words (`profile_verbs`, `profile_named`,
`profile_places`), checked through `parse_proposal` as a turn's edits are."""

from agenthn.agent.profile import parse_proposal
from agenthn.agent.profile_clauses import as_written
from agenthn.agent.profile_named import breed_lines
from agenthn.agent.profile_places import job_place_lines, place_near
from agenthn.agent.profile_verbs import said_lines


def _kept(proposal: str, turn: str, profile: dict | None = None) -> list[tuple[str, str]]:
    return [(e.key, e.value) for e in parse_proposal(proposal, profile or {}, turn=turn)[0]]


def test_a_thing_done_by_its_own_verb_where_and_with_relatives_together():
    """"I volunteer at a food bank on Sundays." and "i work part-time in a bookshop" kept nothing; "i play
    cricket every sunday with my cousins" kept the day and no one to play with."""
    assert said_lines("I volunteer at a food bank on Sundays.", {}) == [
        "ADD volunteering day: Sundays", "ADD volunteering place: food bank"]  # the place since session 63
    assert said_lines(as_written("i work part-time in a bookshop"), {}) == ["ADD workplace: bookshop"]
    assert said_lines("I work full time at a hospital.", {}) == ["ADD workplace: hospital"]
    cousins = as_written("i play cricket every sunday with my cousins")
    assert said_lines(cousins, {}) == ["ADD cricket day: Sunday", "ADD cricket partner: cousins"]
    assert said_lines("I play cricket every Sunday with my mates.", {})[-1] == "ADD cricket partner: mates"
    assert said_lines("I play cricket every Sunday with my bat.", {}) == ["ADD cricket day: Sunday"]  # no kin
    # one relative, unnamed: "i play draughts with my uncle every saturday" kept `uncle job: draughts
    # player` (s62g's first run); a relative's word said as a name ("with Mum") stays no partner
    uncle = as_written("i play draughts with my uncle every saturday")
    assert said_lines(uncle, {}) == ["ADD draughts day: Saturday", "ADD draughts partner: uncle"]
    assert _kept("ADD uncle job: draughts player", uncle) == [
        ("draughts day", "Saturday"), ("draughts partner", "uncle")]
    assert said_lines("I play chess with Mum every Sunday.", {}) == ["ADD chess day: Sunday"]
    clara = said_lines("I play tennis with my friend Clara every Sunday.", {})
    assert clara[1] == "ADD tennis partner: Clara"


def test_what_a_relative_loves_is_kept_where_the_model_keeps_it_nowhere():
    """"my son jack is 7 and he loves dinosaurs" kept the age only, and "what does jack love?" got "Jack's
    favourite thing is 7."; a thing done stays a hobby, the user's own likings the proposer's."""
    turn = "My son Jack is 7 and he loves dinosaurs."
    assert said_lines(turn, {}) == ["ADD son age: 7", "ADD son likes: dinosaurs"]
    assert _kept("ADD son name: Jack\nADD son age: 7", turn) == [
        ("son name", "Jack"), ("son age", "7"), ("son likes", "dinosaurs")]
    assert ("son likes", "dinosaurs") not in _kept("ADD son name: Jack\nADD son interest: dinosaurs", turn)
    assert said_lines("My daughter Esi loves drawing.", {}) == ["ADD daughter hobby: drawing"]
    assert said_lines("I love pizza.", {}) == [] and said_lines("My son loves it.", {}) == []


def test_a_breed_said_before_a_pets_name_keys_it_as_the_pet():
    """"i walk my labrador bess every morning" was proposed `labrador name: bess`, and "what's my dog
    called?" got "Margaret"."""
    turn = as_written("i walk my labrador bess every morning")
    assert _kept("ADD labrador name: bess", turn) == [
        ("dog name", "Bess"), ("walking time", "every morning"), ("dog breed", "labrador")]
    assert breed_lines("I walk my dog Bess.", {"dog name": "Bess"}) == []  # the pet's own word
    assert breed_lines("I walk my lovely Bess.", {"dog name": "Bess"}) == []  # no breed said
    assert _kept("ADD boxer name: Tyson", "My favourite boxer is Tyson.") != [("dog name", "Tyson")]


def test_a_place_after_a_job_and_from_is_the_hometown_and_a_village_near_a_place_is_said_so():
    """"I'm Amara, a midwife from Lagos, now living in London." kept no word of Lagos; "We live in a small
    village near Munich." was proposed `city: village`."""
    amara = "Hi! I'm Amara, a midwife from Lagos, now living in London."
    assert job_place_lines(amara, {"job": "midwife"}, set()) == ["ADD hometown: Lagos"]
    assert job_place_lines(amara, {"job": "midwife", "city": "Lagos"}, set()) == []  # kept otherwise
    assert job_place_lines(amara, {"job": "midwife"}, {"hometown"}) == []
    assert ("hometown", "Lagos") in _kept("ADD name: Amara\nADD city: London", amara)
    # the model's hometown was the job (as s62d's first run proposed it): refused, and the place kept
    assert _kept("ADD name: Amara\nADD hometown: midwife\nADD city: London", amara) == [
        ("name", "Amara"), ("city", "London"), ("job", "midwife"), ("hometown", "Lagos")]
    assert place_near("city", "village", "We live in a small village near Munich.") == "near Munich"
    assert place_near("city", "village", "I live in a village.") == "village"
    assert place_near("job", "village", "a village near Munich") == "village"
    assert _kept("ADD city: village", "We live in a small village near Munich.") == [("city", "near Munich")]
