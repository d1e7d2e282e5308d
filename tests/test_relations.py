"""Profile questions about someone the user knows (`agent.relations`, `retrieval.best_among`)."""

from agenthn.agent.relations import about_subject, attribute, others, subjects

PROFILE = {"name": "Priya", "job": "vet", "partner name": "Sam", "partner job": "plumber",
           "partner age": "41", "dog name": "Pepper", "dog breed": "beagle", "second dog name": "Rolo",
           "cat": "yes"}


def test_subjects_are_the_named_people_and_pets_longest_first():
    assert subjects(PROFILE) == ["second dog", "partner", "dog"]  # not the user's own name


def test_others_are_the_entries_about_people_and_pets():
    assert others(PROFILE) == {"partner name", "partner job", "partner age", "dog name", "dog breed",
                               "second dog name"}


def test_a_named_subject_is_said_as_my_subject_and_its_name_entry_left_out():
    s = about_subject("What does Sam do now?", PROFILE)
    assert (s.query, s.subject) == ("What does my partner do now?", "partner")
    assert s.keys == ["partner job", "partner age"]
    s = about_subject("what breed is pepper?", PROFILE)  # any case; the longest subject first
    assert (s.query, s.keys) == ("what breed is my dog?", ["dog breed"])
    assert about_subject("How is Rolo?", {**PROFILE, "second dog breed": "pug"}).subject == "second dog"
    assert about_subject("How is Rolo?", PROFILE) is None  # the second dog has nothing but its name


def test_a_question_naming_a_subject_is_asked_with_who_they_are():
    assert about_subject("What does Sam do now?", PROFILE).asked == "What does my partner Sam do now?"
    assert about_subject("What is Sam's job?", PROFILE).asked == "What is my partner Sam's job?"
    # the name as the profile writes it (session 59: "where does my partner anya work?" got "Your
    # partner's name is bank.")
    assert about_subject("what breed is pepper?", PROFILE).asked == "what breed is my dog Pepper?"
    # already said as who they are, or not named at all: asked as typed
    assert about_subject("What does my partner Sam do?", PROFILE).asked is None
    assert about_subject("What does my partner do?", PROFILE).asked is None


def test_the_turn_asks_the_rewritten_question_in_place_of_the_users_last_message():
    from agenthn.agent.runtime import _merge
    from agenthn.agent.turn import Contribution, RunContext, Turn, TurnOptions

    said = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": "Hello"}, {"role": "user", "content": "What does Sam do?"}]
    window = said[:1] + said[2:]  # memory's bounded window replaces the conversation
    parts = [Contribution(asked="What does my partner Sam do?"), Contribution(messages=window)]
    events = []
    prompt, _ = _merge(Turn(said, "What does Sam do?", TurnOptions()), parts, RunContext(emit=events.append))
    assert prompt == [*window[:2], {"role": "user", "content": "What does my partner Sam do?"}]
    assert events == [{"type": "question_rewritten", "text": "What does my partner Sam do?",
                       "original": "What does Sam do?", "reason": "profile"}]
    assert said[-1]["content"] == "What does Sam do?"  # the caller's messages are left as they were
    prompt, _ = _merge(Turn(said, "What does Sam do?", TurnOptions()), parts[1:], RunContext())
    assert prompt == window


def test_my_subject_keeps_its_name_entry_and_other_questions_are_left_alone():
    s = about_subject("What's my partner's name?", PROFILE)
    assert (s.query, s.keys) == ("What's my partner's name?", ["partner name", "partner job", "partner age"])
    for q in ("What does Samuel do?", "Where do I work?", "What is the capital of France?", "Sam-like?"):
        assert about_subject(q, PROFILE) is None, q
    assert about_subject("What does Sam do?", {"partner name": "Sam"}) is None  # nothing else to choose
    assert attribute("partner job", "partner") == "job" and attribute("dog", "dog") == "dog"


def test_best_among_takes_the_shared_attribute_then_the_gain(tiny):
    from agenthn.agent.retrieval import best_among, internalize_entries

    lines = ["partner name: Sam", "partner job: plumber", "partner age: 41"]
    a = internalize_entries(tiny, lines)
    assert best_among(a, [1, 2], ["job", "age"], "What is my partner's job?") == 1  # shares "job"
    assert best_among(a, [1, 2], ["job", "age"], "What does my partner do?") is None  # no word, no gain
    gain = lambda ls, q: [5.0 if "41" in x else 1.0 for x in ls]  # noqa: E731
    assert best_among(a, [1, 2], ["job", "age"], "What does my partner do?", gain) == 2


def test_a_question_the_profile_settles_leaves_memory_s_segments_off(tiny, tmp_path):
    """"What's my dog's name?" took, through memory, the turn where the user gave their own name and got
    "Your dog's name is Jonas."; the profile alone said "Pepper" (session 40). A profile entry the
    question's words pick out settles it: memory's segments are left off (and reported), its bounded
    window stays; a question the profile has no worded entry for keeps them; `settles` false keeps them."""
    from engine_helpers import RecordingEngine

    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.agent.events import validate
    from agenthn.agent.runtime import AgentRuntime, GenerationSettings, RunContext, RuntimeLimits, TurnOptions
    from agenthn.store import AdapterFiles, Store

    store = Store(tmp_path / "s.sqlite")
    files = AdapterFiles(tmp_path / "a", store)
    uid = store.create_user("u")[0].id
    engine = RecordingEngine(tiny)
    try:
        for settles, question, kept in ((True, "what is my dog name", False),
                                        (True, "what is my locker code", True),
                                        (False, "what is my dog name", True)):
            limits = RuntimeLimits(memory={"segment_turns": 2, "history_tokens": 0},
                                   profile={"settles": settles, "require_grounded": False})
            rt = AgentRuntime(tiny, store, AdapterCache(files=files), uid, limits, engine=engine)
            rt.personalizer().edit("ADD", "dog name", "Pepper")
            conv = f"c{settles}{kept}"
            for i, text in enumerate(["my locker code is 4821 and my dog name is Rex", "ok", "hi", "hello"]):
                rt.memories().get(conv).add_turn("user" if i % 2 == 0 else "assistant", text)
            events = []
            reply = rt.chat([{"role": "user", "content": question}],
                            TurnOptions(conversation_id=conv, memory=True, profile=True),
                            RunContext(emit=events.append), GenerationSettings(max_new_tokens=2))
            composed = next(e["adapters"] for e in events if e["type"] == "adapters_composed")
            gated = [validate(e).adapters for e in events if e["type"] == "adapters_gated"]
            assert all(e.get("reason") == "profile" for e in events if e["type"] == "adapters_gated")
            assert "profile" in composed or question.endswith("code"), (settles, question, composed)
            if kept:
                assert any(n.startswith("segment/") for n in composed) and reply.retrieved and not gated
            else:
                assert composed == ["profile"] and reply.retrieved == []
                assert engine.requests[-1].copy.text == "dog name: Pepper"
                assert gated and all(n.startswith("segment/") for n in gated[0])
    finally:
        engine.close()


def test_a_segment_repeating_the_worn_entrys_value_is_left_off(tiny, tmp_path):
    """Session 46: "What are my daughters called?" wore `children: Ana and Rita` and the segment of "I have
    two daughters, Ana and Rita.", and the two summed said "Your daughters are 23."; the entry alone said
    "called Rita". A segment where the user said the worn entry's value is left off (reported, reason
    "repeats_profile"), with the static block, and its text leaves the copy source; so is one where they
    said the value the key held before ("Your city of Dublin is Cork." with `city: Cork` and the segment
    of "I live in Dublin", s45c); one that holds neither stays."""
    from engine_helpers import RecordingEngine

    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.agent.events import validate
    from agenthn.agent.runtime import AgentRuntime, GenerationSettings, RunContext, RuntimeLimits, TurnOptions
    from agenthn.store import AdapterFiles, Store

    store = Store(tmp_path / "s.sqlite")
    files = AdapterFiles(tmp_path / "a", store)
    engine = RecordingEngine(tiny)
    try:
        for n, (said, before, repeats) in enumerate((("my dog name is Pepper", None, True),
                                                     ("my dog name is Rex", None, False),
                                                     ("my dog name is Rex", "Rex", True))):
            uid = store.create_user(f"u{n}")[0].id
            limits = RuntimeLimits(memory={"segment_turns": 2, "history_tokens": 0},
                                   profile={"settles": False, "require_grounded": False})
            rt = AgentRuntime(tiny, store, AdapterCache(files=files), uid, limits, engine=engine)
            if before:
                rt.personalizer().edit("ADD", "dog name", before)
            rt.personalizer().edit("ADD", "dog name", "Pepper")
            conv = f"c{n}"
            for i, text in enumerate([said, "ok", "my locker code is 4821", "fine"]):
                rt.memories().get(conv).add_turn("user" if i % 2 == 0 else "assistant", text)
            events = []
            rt.chat([{"role": "user", "content": "what is my dog name"}],
                    TurnOptions(conversation_id=conv, memory=True, profile=True),
                    RunContext(emit=events.append), GenerationSettings(max_new_tokens=2))
            composed = next(e["adapters"] for e in events if e["type"] == "adapters_composed")
            gated = [validate(e) for e in events if e["type"] == "adapters_gated"]
            copy = engine.requests[-1].copy.text
            if repeats:
                assert composed == ["profile"] and copy == "dog name: Pepper"
                assert [g.reason for g in gated] == ["repeats_profile"]
                assert gated[0].adapters[0].startswith("segment/")
                assert gated[0].adapters[-1] == "segment/static"
            else:
                assert "profile" in composed and any(n.startswith("segment/") for n in composed)
                assert not gated and "Rex" in copy
    finally:
        engine.close()


def test_only_the_users_own_lines_make_a_segment_repeat_the_entry():
    """Session 46 (s45b): "What's the name of my bar?" wore `language learning: Japanese` (no entry of the
    bar was kept), and the segment holding "a ramen bar called Noodle Lab" was left off because the
    assistant's reply in it said "our delicious Japanese ramen". A value an assistant said holds no fact
    of the user's; a turn's later lines are still its speaker's."""
    from agenthn.agent.runtime import RunContext, _unrepeated
    from agenthn.agent.segments import said_by
    from agenthn.agent.turn import Contribution

    text = "User: I run a ramen bar\ncalled Noodle Lab.\nAssistant: Welcome!\nour delicious Japanese ramen"
    assert said_by(text) == "User: I run a ramen bar\ncalled Noodle Lab."
    assert said_by(text, "assistant") == "Assistant: Welcome!\nour delicious Japanese ramen"
    memory = Contribution(adapters={"segment/1": "a1", "segment/static": "s"}, texts={"segment/1": text},
                          yields=True)
    events = []
    for value, kept in (("Japanese", True), ("Noodle Lab", False)):
        parts = _unrepeated([Contribution(adapters={"profile": "p"}, values=(value,)), memory],
                            RunContext(emit=events.append))
        assert parts[1].adapters == (memory.adapters if kept else {}), value
    assert [e["reason"] for e in events] == ["repeats_profile"]


KIN = {"name": "Lena", "city": "Munich", "sister name": "Ana", "sister city": "Lisbon",
       "sister job": "architect", "mother city": "Porto", "mother job": "teacher", "older brother age": "31",
       "sister": "yes"}


def test_a_relative_keyed_by_relation_word_alone_is_a_subject_too():
    """`mother city` with no `mother name` is still about the mother (session 42: "Where do I live?" wore
    `mother city: Porto`); a key that is the relation word alone says nothing of whose it is."""
    assert subjects(KIN) == ["older brother", "mother", "sister"]
    assert others(KIN) == {"sister name", "sister city", "sister job", "mother city", "mother job",
                           "older brother age"}
    s = about_subject("Where does my mum live?", KIN)  # what people call her
    assert (s.subject, s.keys, s.asked) == ("mother", ["mother city", "mother job"], None)
    assert about_subject("How old is my older brother?", KIN).keys == ["older brother age"]
    assert about_subject("Where does my father live?", KIN) is None
    # a word before the relation that is no relation's keeps the key the user's own
    own = {"favourite dog breed": "corgi", "second dog name": "Rolo", "dog": "yes"}
    assert subjects(own) == ["second dog"]


def test_a_subjects_name_entry_is_a_candidate_only_when_the_question_asks_a_name():
    """"Where does my sister live?" wore `sister name: Ana`, the line the base found likeliest."""
    assert about_subject("Where does my sister live?", KIN).keys == ["sister city", "sister job"]
    for q in ("What's my sister called?", "What is my sister's name?"):
        assert about_subject(q, KIN).keys == ["sister name", "sister city", "sister job", "sister"], q
    assert about_subject("Who is my sister?", KIN).keys == ["sister name", "sister"]  # her name (s61)


def test_a_pet_asked_of_is_the_one_pet_the_profile_holds():
    """Session 55: "What kind of pet do I have?" with `parrot name: Kiwi` wore `job: vet` ("You keep a
    vet."); the one pet held is the subject, its name entry a candidate (it says which pet). Two pets:
    no one subject."""
    one = {"job": "vet", "parrot name": "Kiwi", "brother name": "Yusuf"}
    for q in ("What kind of pet do I have?", "Do I have any pets?", "What is my pet called?"):
        assert about_subject(q, one).keys == ["parrot name"], q
    two = {**one, "dog name": "Rex", "dog breed": "beagle"}
    assert about_subject("What kind of pet do I have?", two) is None
    # and no entry that says no pet is a guess for it ("job: vet" was the router's)
    from agenthn.agent.things import thing_unsaid
    assert thing_unsaid("What kind of pet do I have?", list(two)) == [True, False, True, False, False]
    assert about_subject("What does my brother do?", one) is None  # no pet asked: nothing else changes


def test_a_question_s_form_passes_over_entries_of_another_kind():
    """"Where ...?" asks a place, "How old ...?" an age, "What does she do?" a job: an entry of another
    known kind cannot answer it; a key of no known kind, or a question of no such form, always fits."""
    from agenthn.agent.kinds import fits, kind

    keys = ("brother job", "home city", "daughter age", "name", "car", "doctor", "pets")
    assert [kind(k) for k in keys] == ["job", "place", "age", "name", "thing", "person", None]
    assert kind("partner employer") == "employer"
    # whom one works for is an employer, what one does a job ("Who do I work for?" wore `job: nurse`)
    assert fits("Who do I work for?", "employer") and not fits("Who do I work for?", "job")
    assert fits("What do I do?", "job") and not fits("What do I do?", "employer")
    assert not fits("Where do I work?", "job") and fits("Where do I work?", "employer")  # session 44
    assert not fits("Where does Liam live?", "brother job") and fits("Where does Liam live?", "brother city")
    assert not fits("How old is my mother?", "mother city") and fits("How old is Ana?", "daughter age")
    assert not fits("What does Ana do?", "daughter age")
    assert fits("What does my mum do for a living?", "mother job")
    assert not fits("What do I do?", "name")
    assert fits("What do I do for fun?", "hobby") and fits("What does Ana do at weekends?", "daughter hobby")
    assert fits("Where do I work out?", "gym") and fits("Where do I work?", "employer")
    # what the user does for fun is a hobby or a sport, not their job (session 48: "What do I do on
    # weekends?" -> "On the side you also work as a nurse.")
    assert not fits("What do I do on weekends?", "job") and fits("What do I do on weekends?", "hobby")
    assert fits("What's my hobby?", "sport") and not fits("What do I do for fun?", "car")
    # someone the profile holds nothing of: no entry answers, another's least of all (session 48)
    from agenthn.agent.relations import unheld_subject

    hannah = {"name": "Hannah", "sister name": "Chloe", "sister city": "Toronto", "car": "Volvo"}
    assert unheld_subject("What's my boyfriend's name?", hannah)
    assert unheld_subject("What does my mum do?", hannah)
    assert not unheld_subject("Where does my sister live?", hannah)
    assert not unheld_subject("What car do I drive?", hannah)
    assert not unheld_subject("Who are my kids?", hannah)
    assert not unheld_subject("My boyfriend Sam is a chef.", hannah)  # telling of him: no question
    from agenthn.agent.relations import about_subject

    pets = {"dog name": "Biscuit", "dog breed": "beagle", "phone model": "Pixel 7"}
    assert about_subject("What is my puppy called?", pets).subject == "dog"  # a pet by its young's name
    assert not unheld_subject("What is my puppy called?", pets)
    assert not unheld_subject("What's my boyfriend's name?", {"partner name": "Sam"})  # a partner by any word
    # their name alone does not answer what they do (session 49: "Your granddaughter's subject is Ama.")
    kwame = {"name": "Kwame", "granddaughter name": "Ama"}
    assert unheld_subject("What does my granddaughter study?", kwame)
    assert not unheld_subject("What's my granddaughter called?", kwame)
    assert not unheld_subject("Who is my granddaughter?", kwame)
    # what is taught is a job or a subject, not the school; where, the school (session 48)
    assert not fits("What subject do I teach?", "school") and fits("What subject do I teach?", "job")
    assert fits("What does my wife teach?", "wife job") and fits("Where do I teach?", "school")
    assert not fits("Where am I from?", "car") and not fits("Which company do I work for?", "doctor")
    assert fits("Where am I from?", "favourite thing to do")  # a key of no known kind
    assert fits("What car do I drive?", "car colour") and fits("What's my name?", "name")


def test_a_subject_with_no_entry_of_the_kind_asked_wears_no_fact(tiny, tmp_path):
    """"Where does Liam live?" with only `brother job` about him wore that entry and got "Your brother
    Liam's city is nurse." (session 43): now no fact entry is worn and the question is not settled, so
    memory's segments answer; the same subject's entry of the kind asked is still taken."""
    from agenthn.agent import profile_pick
    from agenthn.agent.profile import Personalizer, ProfileConfig
    from agenthn.store import AdapterFiles, Store

    store = Store(tmp_path / "s.sqlite")
    uid = store.create_user("u")[0].id
    p = Personalizer(tiny, store, AdapterFiles(tmp_path / "a", store), uid,
                     ProfileConfig(require_grounded=False))
    for key, value in (("name", "Erin"), ("city", "Galway"), ("brother name", "Liam"),
                       ("brother job", "nurse")):
        p.edit("ADD", key, value)
    p.refresh()
    try:
        for q in ("Where does Liam live?", "Where does my brother live?", "How old is Liam?"):
            assert p._pick(q)[:2] == (None, False), q  # not the user's own `city` either
        assert p.copy_text(p.adapter("What does Liam do?")) == "brother job: nurse"
        assert p.copy_text(p.adapter("Which city do I live in?")) == "city: Galway"
        # what someone runs: their business, asked as such (session 50)
        p.edit("ADD", "sister business", "bookshop")
        p.edit("ADD", "sister name", "Jade")
        p.refresh()
        adapter, settles, asked = p._pick("What does my sister run?")
        assert (p.copy_text(adapter), settles, asked) == ("sister business: bookshop", True,
                                                          "What is my sister's business?")
        assert p._pick("What does my brother do?")[2] is None  # a job worn: asked as typed
        # a thing named (session 52): no guess by meaning among the user's entries that do not say it,
        # but their words may find one; a subject's few entries are theirs whatever their keys
        p.edit("ADD", "diet", "vegan")
        p.edit("ADD", "job", "violin teacher")
        p.refresh()
        whole, held = p.adapter(), p.profile()
        keys = [e["line"].split(":")[0] for e in whole.meta.entries]
        passed = profile_pick._passed_over(whole, held, "Which football team do I support?")
        assert sorted(keys[i] for i in passed) == sorted(keys)  # none says a team: no guess among them
        assert sorted(keys[i] for i in profile_pick._passed_over(whole, held, "What do I teach?")) == [
            "brother job", "brother name", "sister business", "sister name"]  # others' entries alone
        assert p.copy_text(p.adapter("What instrument do I teach?")) == "job: violin teacher"
        assert p.copy_text(p.adapter("What instrument does Liam play?")) == "brother job: nurse"
    finally:
        store.close()


def test_a_business_a_user_runs_is_its_own_kind_and_answers_for_its_name():
    """"What's the name of my bakery?" wore `name: Oskar` and "What's my bakery called?" `job: baker`
    (session 44): a question asking the name of the user's business wants the business's entry (or a key
    that names the business), not the user's own name, their job or a relative's name."""
    from agenthn.agent.kinds import fits, kind

    assert kind("business") == kind("bakery name") == kind("salon") == "business"
    for q in ("What's the name of my bakery?", "What's my bakery called?", "What is my salon named?"):
        assert fits(q, "business") and fits(q, "bakery name"), q
        assert not fits(q, "name") and not fits(q, "job") and not fits(q, "sister name"), q
    assert fits("What's my name?", "name") and fits("What am I called?", "name")
    assert not fits("What's my dog's name?", "name")  # the name of something of the user's
    # a business is what someone does, too ("What does my mum do?" and `mother business: fabric shop`)
    assert fits("What does my mum do?", "mother business") and fits("What do I do for a living?", "business")
    assert fits("Which city is my bakery in?", "city")


def test_what_someone_runs_is_their_business_asked_as_such():
    """Session 50: "What does my husband run?" wore nothing of his (`partner business: coffee shop`, and
    no "run" asked a business), and "What does my sister run?", wearing `sister business: bookshop`, got
    "Your sister's a business owner.": a partner word says "my partner", "run" asks a business, and the
    model is asked "What is my sister's business?"."""
    from agenthn.agent.kinds import fits
    from agenthn.agent.profile_pick import kind_asked

    hannah = {"name": "Hannah", "partner name": "Gareth", "partner business": "coffee shop"}
    s = about_subject("What does my husband run?", hannah)
    assert (s.subject, s.keys) == ("partner", ["partner business"])
    assert about_subject("What does my wife run?", {"wife name": "Ann", "wife job": "vet"}).subject == "wife"
    assert about_subject("What does my wife do?", {"husband name": "Bo", "husband job": "vet"}) is None
    assert fits("What does my sister run?", "sister business") and not fits("What does my sister run?",
                                                                             "sister name")
    assert kind_asked("What does my sister run?", "sister business") == "What is my sister's business?"
    assert kind_asked("What does my partner Gareth do?", "partner business") == \
        "What is my partner Gareth's business?"
    assert kind_asked("What do I run?", "business") == "What is my business?"
    assert kind_asked("What does my sister run?", "sister job") is None  # not a business worn
    assert kind_asked("Where does my sister work?", "sister business") is None
    assert kind_asked("What does my partner Gareth do?", "partner business", "partner") == \
        "What is my partner Gareth's business?"


def test_what_someone_studies_is_asked_of_their_study_entry():
    """"What do I study?" wore `university city: Manchester` beside `degree subject: mechanical
    engineering` and, made to wear the subject, got "Your university is mechanical." (session 51): a study
    question asks a study entry (over a student's job where one is held, and never a place), and the
    model is asked it by the entry's key."""
    from agenthn.agent.kinds import fits, fitting, kind
    from agenthn.agent.profile_pick import kind_asked

    keys = ["name", "degree subject", "university city", "hometown", "job"]
    assert kind("degree subject") == "study" and kind("course") == "study"
    assert fitting("What do I study?", keys) == [False, True, False, False, False]
    assert fitting("Which city do I study in?", keys) == [False, False, True, True, False]  # a place
    assert fits("What do I study?", "job")  # "law student" is a job, where no study entry is held
    assert fits("What subject do I teach?", "subject")  # what is taught, beside a job
    assert kind_asked("What do I study?", "degree subject") == "What is my degree?"  # (session 68)
    assert kind_asked("What does my daughter study?", "daughter course", "daughter") == \
        "What is my daughter's course?"
    assert kind_asked("What do I study?", "university city") is None
    assert kind_asked("What do I run?", "degree subject") is None  # a business question, not a study one


def test_a_question_asked_by_a_verb_is_asked_by_the_key_its_object_is_kept_under():
    """Session 53: wearing `collection: old vinyl records`, "What do I collect?" got "You collect a variety
    of stamps."; asked "What is my collection?", "Your collection is ... old vinyl records." And "What does
    my dad grow?" wore `father job: farmer and coffee grower`, the base's likeliest line, over `father
    crop: coffee`: the verb's key is the entry, where the subject holds one."""
    from agenthn.agent.profile_pick import _asked_by_verb, kind_asked

    assert kind_asked("What do I collect?", "collection") == "What is my collection?"
    assert kind_asked("What languages do I speak?", "languages") == "What are my languages?"
    assert kind_asked("What am I training for?", "training") == "What is my training?"
    assert kind_asked("What does my mum teach?", "mother subject", "mother") == "What is my mum's subject?"
    assert kind_asked("What instrument do I teach?", "job") is None  # asked as it came: "... violin."
    assert kind_asked("What does my brother Tiago teach?", "brother job", "brother") is None
    assert kind_asked("What do I collect?", "job") is None  # a key the verb does not name
    assert kind_asked("What does my dad grow?", "father job", "father") is None
    # session 47's "What do I cook for a living?" and session 44's "Who employs me?"
    assert kind_asked("What do I cook for a living?", "job") == "What is my job?"
    assert kind_asked("What do I do for a living?", "job") is None  # asked well as it comes
    assert kind_asked("Who employs me?", "employer") == "Who is my employer?"
    assert kind_asked("Who employs my sister?", "sister employer", "sister") == "Who is my sister's employer?"
    assert kind_asked("Who employs me?", "job") is None
    keys = ["name", "father name", "father job", "father crop"]
    assert _asked_by_verb("What does my dad grow?", keys, [2, 3], "father") == 3
    assert _asked_by_verb("What does my dad do?", keys, [2, 3], "father") is None


def test_where_someone_works_is_asked_of_a_place_as_which_place():
    """"Where do I work?" wearing `city: Leeds` got "Your employer is the Leeds." (session 52); asked
    "Which city do I work in?" it got "Your city is Leeds.". Only a place worn is asked so."""
    from agenthn.agent.profile_pick import kind_asked

    assert kind_asked("Where do I work?", "city") == "Which city do I work in?"
    assert kind_asked("Where does my sister Grace work?", "sister town", "sister") == \
        "Which town does my sister Grace work in?"
    assert kind_asked("Where do I work?", "employer") is None
    assert kind_asked("Where do I live?", "city") is None
    assert kind_asked("Where do I work out?", "city") is None


def test_a_thing_the_question_names_is_answered_by_an_entry_saying_it():
    """"Which football team do I support?", with no team kept, wore `diet: vegetarian` by the router and
    got "Your favourite football team is vegetarian." (session 52): an entry that says nothing of a thing
    the question names (team, car, band, colour ...) is no guess by meaning for it; only a statement of
    it, or a question naming none, leaves every entry as it was."""
    from agenthn.agent.kinds import fitting
    from agenthn.agent.things import thing_unsaid

    keys = ["name", "job", "city", "diet", "car", "car colour", "favourite colour", "football club"]
    assert thing_unsaid("Which football team do I support?", keys) == [True] * 7 + [False]
    assert thing_unsaid("What colour is my car?", keys) == [True] * 4 + [False] * 3 + [True]
    assert thing_unsaid("What film do I like best?", ["favourite food", "favourite movie"]) == [True, False]
    assert thing_unsaid("What do I eat?", keys) == [False] * 8  # names no thing
    assert thing_unsaid("My favourite colour is green.", keys) == [False] * 8  # no question
    # a day of the week asks a pastime, as a weekend does (session 52: "You work as a graphic designer.")
    assert fitting("What do I do on Saturdays?", ["job", "hobby"]) == [False, True]
    assert fitting("What does my sister do?", ["job", "hobby"]) == [True, False]
    assert fitting("I sing in a choir on Sundays.", ["job", "hobby"]) == [True, True]  # not a question


def test_likes_and_dislikes_do_not_answer_for_each_other():
    """"What food do I love?" wore `disliked food: olives` beside `favourite food` (session 44); where the
    profile holds the side asked, only that side fits."""
    from agenthn.agent.kinds import fitting

    keys = ["favourite food", "disliked food", "favourite drink", "least favourite drink"]
    for q in ("What food do I hate?", "Which drink do I dislike?", "What food can't I stand?",
              "What's my least favourite drink?", "What food don't I like?"):
        assert fitting(q, keys) == [False, True, False, True], q
    for q in ("What food do I love?", "What's my favourite drink?", "What do I like best?"):
        assert fitting(q, keys) == [True, False, True, False], q
    assert fitting("What do I eat?", keys) == [True] * 4
    # the other side never answers, even alone ("Your favourite drink is coffee." for a dislike)
    assert fitting("What's my least favourite food?", ["favourite food", "city"]) == [False, True]
    assert fitting("What's my favourite drink?", ["disliked drink", "employer"]) == [False, True]


def test_where_the_profile_holds_the_kind_asked_keys_of_no_known_kind_step_aside():
    """"What's my restaurant called?" wore `disliked vegetable: aubergine`, a key of no known kind, beside
    `business: Trattoria Sole` (session 44); where the profile has no entry of the kind asked, such keys
    still fit."""
    from agenthn.agent.kinds import fitting

    keys = ["name", "business", "disliked vegetable", "city"]
    assert fitting("What's my restaurant called?", keys) == [False, True, False, False]
    assert fitting("What's my restaurant called?", ["name", "disliked vegetable"]) == [False, True]
    assert fitting("What's my name?", keys) == [True] * 4  # a question of no kind: all fit
    # a dislike asked, and the profile holds one: the others step aside
    hate = fitting("Which vegetable do I hate?", keys + ["favourite wine"])
    assert hate == [False, False, True, False, False]


def test_a_question_speaking_of_its_writer_as_me_is_about_the_user():
    from agenthn.agent.profile_pick import about_user

    assert about_user("Which firm employs me?") and about_user("Who pays me?")
    assert about_user("How do people address me?")
    for request in ("Tell me a joke.", "Can you help me?", "Give me three tips for sleep.",
                    "Explain to me how rain forms.", "Could you remind me to drink water?"):
        assert not about_user(request), request
    # what the user shares is theirs (session 55: "When is our anniversary?" wore nothing); "we" and "us"
    # are everyone's in a general question
    assert about_user("When is our anniversary?") and about_user("Is the red car ours?")
    for general in ("Why do we dream?", "What do sheep give us?"):
        assert not about_user(general), general


def test_where_one_lives_is_not_where_one_is_from():
    """"Where do I live?" wore `hometown: Osaka` beside `city: Vancouver` (session 44): a question about
    where the user lives passes over where they are from, and one about where they are from takes that
    entry where the profile holds one (a city answers it where none is kept)."""
    from agenthn.agent.kinds import fitting, kind

    assert kind("hometown") == kind("birthplace") == "origin" and kind("home city") == "place"
    assert kind("home country") == kind("native country") == "origin" and kind("country") == "place"
    keys = ["name", "hometown", "city", "job"]
    assert fitting("Where do I live?", keys) == [False, False, True, False]
    for q in ("Where am I from?", "Where did I grow up?", "Where was I born?"):
        assert fitting(q, keys) == [False, True, False, False], q
    assert fitting("Where am I from?", ["name", "home city"]) == [False, True]


def test_where_one_works_is_a_workplace_or_an_employer_not_the_job():
    from agenthn.agent.kinds import fits, fitting

    keys = ["job", "employer", "city", "hometown"]
    assert fitting("Where do I work?", keys) == [False, True, True, False]
    assert fitting("Where does my partner work?", ["partner job", "partner employer"]) == [False, True]
    assert fits("What do I do for work?", "job") and fits("Where do I work out?", "gym")
    # session 45: "Which city do I work in?" wore `job: chemistry teacher` ("Your city is chemistry.")
    keys = ["name", "job", "school city", "dog name"]
    assert fitting("Which city do I work in?", keys) == [False, False, True, False]
    assert fitting("What town do I live in?", ["job", "town", "hometown"]) == [False, True, False]


def test_a_question_naming_the_users_children_takes_their_entry():
    """Session 46: "What are my daughters called?" wore `hometown: Lisbon` beside `children: Ana and Rita`
    (the router's pick; TF-IDF shares nothing with "daughters")."""
    from agenthn.agent.kinds import fitting, kind

    keys = ["name", "hometown", "children", "favourite sport"]
    assert kind("children") == kind("kids") == kind("daughters") == "children"
    for q in ("What are my daughters called?", "What are my kids' names?", "Who are our sons?"):
        assert fitting(q, keys) == [False, False, True, False], q
    assert fitting("How old are my kids?", keys) == [False] * 4  # their names do not tell an age
    # none held: as before (the user's own name does not answer for something of theirs called ...)
    assert fitting("What are my daughters called?", ["name", "city", "daughter name"]) == [False, True, True]


def test_a_question_about_where_the_user_is_going_takes_the_trip():
    """Session 47: "Where am I travelling next spring?" wore `hometown: Valencia` beside `next holiday:
    Japan` ("holiday" was of no known kind, so the "where" question passed over it)."""
    from agenthn.agent.kinds import fitting, kind

    keys = ["name", "hometown", "city", "next holiday", "disliked food"]
    assert kind("next holiday") == kind("trip") == kind("travel destination") == "trip"
    for q in ("Where am I travelling next spring?", "Where am I going?", "What is my next holiday?"):
        assert fitting(q, keys) == [False, False, False, True, False], q
    assert fitting("Where do I live?", keys) == [False, False, True, False, False]  # a trip is not a home
    assert fitting("How is it going?", keys) == [True] * 5  # going, but not where
    # no trip held: a "where" question as before
    assert fitting("Where am I travelling?", keys[:3]) == [False, True, True]


def test_what_someone_is_keen_on_is_asked_by_the_hobby_key():
    """Session 54: wearing `son hobby: football` (read from "he's crazy about football"), "What is Mateo
    crazy about?" got "Mateo's favourite thing is a-son."; asked as "What is Mateo's hobby?", the reply
    says football. "What am I into?" asks a pastime, not a favourite food."""
    from agenthn.agent.kinds import fitting
    from agenthn.agent.profile_pick import kind_asked

    assert kind_asked("What is Mateo crazy about?", "son hobby", "son") == "What is Mateo's hobby?"
    assert kind_asked("What sport does my son Mateo love?", "son hobby", "son") == \
        "What is my son Mateo's hobby?"
    assert kind_asked("What am I into?", "hobby") == "What is my hobby?"
    assert kind_asked("What is my husband a big fan of?", "husband hobby", "husband") == \
        "What is my husband's hobby?"
    assert kind_asked("What am I into?", "favourite food") is None  # asked as it came
    assert kind_asked("Where does Mateo play?", "son hobby", "son") is None
    assert fitting("What am I into?", ["favourite food", "hobby", "job"]) == [False, True, False]


def test_twins_and_kids_are_the_users_children_together():
    """Session 51's chat: "How old are my twins?" wore nothing of `children age: nine`."""
    profile = {"name": "Marisol", "job": "nurse", "children": "Diego and Pablo", "children age": "nine"}
    for q in ("How old are my twins?", "How old are my kids?"):
        s = about_subject(q, profile)
        assert (s.subject, s.keys) == ("children", ["children age"]), q


def test_a_thing_the_question_names_is_said_by_a_key_naming_it():
    """Session 54's held-out chat: "What kind of books do I love?" reached `favourite book genre: crime
    novels` only by the router (TF-IDF under its floor), so memory's segments stayed on and the reply was
    "Your favourite book is 506."; the key names the thing the question names, so the question's own
    words picked it out."""
    from agenthn.agent.things import thing_said

    assert thing_said("What kind of books do I love?", "favourite book genre")
    assert thing_said("Which films do I like?", "favourite movie")
    assert not thing_said("What kind of books do I love?", "favourite film genre")
    assert not thing_said("What do I love?", "favourite book genre")


def test_a_question_asking_for_a_kind_picks_the_users_one_entry_of_it():
    """Session 56: "What do I do for work?" wore `job: accountant` by the router's meaning, so memory's
    segments stayed on beside it, and one whose reply said "hard work" made it "You work as a marketing
    specialist."; the question's form asks for a job and the user holds one, so it settles as "What's
    my job?" does."""
    from agenthn.agent.kinds import kind_picks

    ravi = {"name": "Ravi", "job": "accountant", "city": "Leeds", "sister name": "Meera",
            "sister job": "physics teacher", "car": "Volvo"}
    assert kind_picks("What do I do for work?", "job", ravi)
    assert kind_picks("Where do I live?", "city", {**ravi, "hometown": "Delhi"})  # from is not lives
    assert not kind_picks("What do I do for work?", "job", {**ravi, "employer": "Deloitte"})  # which?
    assert not kind_picks("Where do I live?", "city", {**ravi, "home town": "Leeds", "village": "Adel"})
    assert not kind_picks("What do I do for work?", "car", ravi)  # not the kind asked
    assert not kind_picks("What car do I drive?", "car", ravi)  # a thing: the form asks no kind
    # a trip is asked too, and no entry of it held: the city does not settle where one is going
    assert not kind_picks("Where am I going next summer?", "city", ravi)
    assert kind_picks("What do I do for a living?", "job", ravi)


def test_a_relatives_job_asked_by_the_job_is_asked_as_what_they_do():
    """Session 57: "What's my wife's job?" wearing `wife job: teacher` got "Being a 4." and "What is Kemi's
    job?" "Being a midwife."; "What does my wife do?" gets "Your wife is a teacher."."""
    from agenthn.agent.profile_pick import kind_asked

    assert kind_asked("what's my wife's job?", "wife job", "wife") == "What does my wife do?"
    assert kind_asked("What is my sister Kemi's job?", "sister job", "sister") == \
        "What does my sister Kemi do?"
    assert kind_asked("What was my husband's occupation?", "husband job", "husband") == \
        "What did my husband do?"
    # another entry worn, or another thing asked: as it came
    assert kind_asked("What's my brother's job?", "brother city", "brother") is None
    assert kind_asked("What's my wife's name?", "wife name", "wife") is None
