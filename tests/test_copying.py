"""Copying from the source (agenthn.engine.copying): decoding finishes a value as the text the adapters
were made from has it, among the adapter's own plausible tokens, through the real batch engine."""

import math

import pytest
import torch
from engine_helpers import RecordingEngine

from agenthn.agent.profile import profile_copy
from agenthn.engine.batching import BatchEngine, Request
from agenthn.engine.copy_tokens import starts_word
from agenthn.engine.copying import CopySource, CopySourceError, anchored, continuations
from agenthn.engine.generate import decode_text


def test_continuations_follow_the_longest_word_started_end_of_the_reply():
    src = "I finally got a Nissan Leaf last week. My landlord Saoirse fixed the sink."
    assert continuations("Your car model is Nissan", src) == {" Leaf last week. My land"}  # 24 chars
    # the source's end reads as a line's end: a value there ends as one on any other line does
    assert continuations("Your landlord's name is Sao", src) == {"irse fixed the sink.\n"}
    assert continuations("Your landlord's name is Saoirse fixed the sink.", src) == {"\n"}
    # the end must start a word in the source as well: "san" is inside "Nissan"
    assert continuations("Your car is a san", src) == set()
    # fewer than three letters or digits say too little to copy from
    assert continuations("It is", "this is it") == set()
    # every place the stretch occurs counts
    assert continuations("code 12", "code 1234, later code 1299") == {"34, later code 1299\n", "99\n"}


def test_anchored_continuations_skip_the_replys_own_words_to_the_value():
    src = "Worth noting: my blood type happens to be B positive. My cat is called Miso."
    # "blood type" anchors, "is" is the reply's own word; of the four source words after the anchor
    # the stop words ("to", "be") are never started
    assert anchored("Your blood type is", src) == (set(), {" happens to be B positive.", " B positive."})
    assert anchored("Your blood type is", src, gap_words=2) == (set(), {" happens to be B positive."})
    assert anchored("Your blood type is B", src)[0] == {" positive."}  # a started word goes on
    assert anchored("Your blood type is B po", src)[0] == {"sitive."}
    # the latest anchor is used: the cat's, not the blood type's
    cat = anchored("Your blood type is B positive and your cat is", src)
    assert cat == (set(), {" called Miso.", " Miso."})
    # a question mark does not end the source's sentence; a full stop does
    assert anchored("Your blood type is", "My blood type? That is O negative.")[1] == {" O negative.",
                                                                                     " negative."}
    assert anchored("Your blood type is", "My blood type. Then O negative.") == (set(), set())
    assert anchored("Your dentist is", "My dentist is Dr. Okonkwo. She is kind.")[1] == {" Dr. Okonkwo.",
                                                                                        " Okonkwo."}
    # too many own words after the anchor, an anchor of stop words only, or none at all: nothing
    assert anchored("Your blood type is not really known to", src) == (set(), set())
    assert anchored("So it is", "it is not so. It is Miso.") == (set(), set())
    assert anchored("It is", src) == (set(), set())


def test_an_anchor_reaches_a_value_named_before_it_through_a_possessive():
    src = "He laughs a lot. Ilse is the name of his landlord. He cooks."
    # "landlord's" anchors on "landlord"; the nearest words before it that are not stop words may
    # start the value, back to the sentence's start ("laughs" is in another sentence)
    assert anchored("Your landlord's name is", src) == (set(), {" Ilse is the name of his "})
    assert anchored("Your landlord's name is Il", src)[0] == {"se is the name of his "}
    assert anchored("Your landlord's name is", src, gap_words=0) == (set(), set())
    # a quote may open the value; a value the reply has said already is not started again
    pod = "His podcast? That would be Takloum."
    assert anchored('Your podcast is "Tak', pod)[0] == {"loum."}
    assert anchored('Your podcast is "Takloum\'s', pod) == (set(), set())
    two = "Side note: Anna Berg is the name of my dentist."
    assert anchored("Your dentist is", two)[1] == {" Berg is the name of my ",
                                                   " Anna Berg is the name of my "}


def test_an_anchor_matches_a_plural_in_the_source_where_no_whole_word_does():
    """Session 45: "cats: Luna and Tofu" and smol's "Your cat's name is" had no anchor ("Tofa." stood);
    a reply's word matches a label's plural, a plural possessive ("sisters'") the bare plural, and the
    value is found after the whole source word, not inside it."""
    assert anchored("Your cat's name is", "cats: Luna and Tofu") == (set(), {" Luna and Tofu", " Tofu"})
    assert anchored("Your sisters' names are", "sisters: Mia and Zoe")[1] == {" Mia and Zoe", " Zoe"}
    assert anchored("Your bus is", "The buses: 4 and 7.")[1] == {" 4 and 7.", " 7."}
    # a whole word where the source has one; "cat" is not "category" nor "catsup"
    assert anchored("Your cat is", "cats: Tom. My cat: Miso.")[1] == {" Miso."}
    assert anchored("Your cat is", "The category is Miso. Catsup Tom.") == (set(), set())
    # only a label's plural: in prose it is another thing (a memory segment, the served chat s43m)
    prose = "I can help with booking flights, hotels, and transport. Ask me."
    assert anchored("Your hotel is", prose) == (set(), set())


def test_a_lone_profile_line_may_start_its_value_where_the_reply_shares_no_anchor():
    """Session 45: `business: Trattoria Sole` worn, "Your restaurant is" shares no word with the line,
    and "Truni." stood. Where the value lines are one line, the value may start within three words after
    the reply's first "is" / "are" / "called" / "named" among its first five words (not where the reply
echoes the user's own words later on), and a started value word goes on."""
    from agenthn.engine.copy_text import lone_value

    line = "business: Trattoria Sole"
    assert lone_value("Your restaurant is", line) == (set(), {" Trattoria Sole", " Sole"})
    assert lone_value("Your restaurant is Tr", line)[0] == {"attoria Sole"}
    assert lone_value("Your restaurant is called the", line)[1] == {" Trattoria Sole", " Sole"}
    # no slot yet, too far past it, or more than one line to choose from: nothing
    assert lone_value("Your restaurant", line) == (set(), set())
    assert lone_value("It is a very nice little place", line) == (set(), set())
    assert lone_value("Your husband, Marco, works at a bakery called", line) == (set(), set())
    assert lone_value("Your restaurant is", line + "\ncity: Turin") == (set(), set())
    # a value of stop words alone is started whole (sklearn's stop words hold "eleven", session 50)
    assert lone_value("Jabari is", "son age: eleven") == (set(), {" eleven"})
    # "Being a" opens what someone does ("Being a langer is what your husband does most." for `husband job:
    # lorry driver`, session 59); only at the reply's start
    assert lone_value("Being a l", "husband job: lorry driver")[0] == {"orry driver"}
    assert lone_value("I like Being a", "husband job: lorry driver") == (set(), set())


def test_a_value_lines_last_word_goes_on_unless_the_reply_named_another_thing():
    """Session 50: "You are a tram." for `job: tram driver`; "Your instrument is violin teacher." was
    wrong where the job was worn beside the question's instrument; a name is the person, not a thing."""
    from agenthn.engine.copy_text import line_goes_on

    assert line_goes_on("You are a tram", "job: tram driver") == {" driver"}
    assert line_goes_on("Your partner Felix is a software", "partner job: software developer") == {
        " developer"}
    assert line_goes_on("Your instrument is violin", "job: violin teacher") == set()
    # another word for the key is no other thing (session 52: "Your profession is graphic.")
    assert line_goes_on("Your profession is graphic", "job: graphic designer") == {" designer"}
    assert line_goes_on("You are a tram driver", "job: tram driver") == set()
    # any next content word, not only the line's last (session 61: "You are a primary." for `job:
    # primary school headteacher`), a word at a time; not a stop word
    job = "job: primary school headteacher"
    assert line_goes_on("You are a primary", job) == {" school"}
    assert line_goes_on("You are a primary school", job) == {" headteacher"}
    assert line_goes_on("You are a tram", "job: tram driver at the depot") == {" driver"}
    assert line_goes_on("You are a tram driver", "job: tram driver at the depot") == set()
    assert line_goes_on("Your hobby is painting", "hobby: painting watercolours, mostly") == {" watercolours"}


def test_a_value_begun_right_after_its_key_and_is_is_known_for_a_cut_one():
    """Session 54's held-out chat: "Luca's hobby is sour." for `partner hobby: sourdough`."""
    from agenthn.engine.copy_text import value_begun

    lines = "partner name: Luca\npartner hobby: sourdough"
    assert value_begun("Luca's hobby is sour", lines)
    assert value_begun("Your partner's hobby is a sour", lines)
    for reply in ("Luca's hobby is sourdough", "Luca's food is sour", "Luca's hobby is sweet",
                  "Luca's hobby is sour dough", "I work from home"):
        assert not value_begun(reply, lines), reply
    assert not value_begun("You live in your home", "hometown: Riga")


def test_a_value_is_started_only_by_a_piece_that_says_which_word():
    assert starts_word(" Lov", " Lovoshoum.") and starts_word(" B", " B positive.")  # 2+ letters, whole
    assert not starts_word(" T", " Takloum.")  # "T" starts "That" as well
    assert starts_word(" ", " 87.") and not starts_word(" ", " coral.")  # a bare space: numbers only
    assert not starts_word(" Lo", " coral.") and not starts_word(",", ", coral.")


def test_pick_starts_a_value_through_an_anchor_only_where_it_is_plausible(tiny):
    tok = tiny.tokenizer
    stop, space = tok.encode(".", add_special_tokens=False)[0], tok.encode(" ", add_special_tokens=False)[0]
    seven = tok.encode("7", add_special_tokens=False)[0]
    n = len(tok)
    reply = tok.encode("Your parking space is", add_special_tokens=False)
    ratio = _logits(n, {stop: 0.0, space: math.log(0.1)})
    number = "Note: my parking space happens to be 87. Thanks."
    assert CopySource(number, beta=0.05).pick(ratio, reply, tok, stop) == space  # the number's space
    assert CopySource(number, beta=0.05, gap_words=0).pick(ratio, reply, tok, stop) == stop  # no anchors
    assert CopySource(number, beta=0.2).pick(ratio, reply, tok, stop) == stop  # not plausible enough
    # a bare space before a word could start any word: not taken
    word = "Note: my parking space happens to be coral. Thanks."
    assert CopySource(word, beta=0.05).pick(ratio, reply, tok, stop) == stop
    # inside the started number the source's next digit is taken
    started = tok.encode("Your parking space is 8", add_special_tokens=False)
    digit = _logits(n, {stop: 0.0, seven: -1.0})
    assert CopySource(number, beta=0.05).pick(digit, started, tok, stop) == seven


def _inside_word(tok, text: str, word: str) -> tuple[list[int], int]:
    """The ids of `text` up to a token that ends inside `word` (three of its letters at least), and the
    next token."""
    ids = tok.encode(text, add_special_tokens=False)
    start = text.index(word)
    for k in range(1, len(ids)):
        end = len(tok.decode(ids[:k]))
        if start + 3 <= end < start + len(word):
            return ids[:k], ids[k]
    pytest.fail(f"no token of {text!r} ends inside {word!r}")


def test_a_reply_about_to_end_inside_a_source_word_finishes_it(tiny):
    tok = tiny.tokenizer
    stop = tok.encode(".", add_special_tokens=False)[0]
    reply, nxt = _inside_word(tok, "Your food is biryani", "biryani")
    src = "My favourite food is biryani, by far."
    cut = _logits(len(tok), {stop: 0.0, nxt: -20.0})  # the word's next piece far below the 1/20 of beta
    assert CopySource(src).pick(cut, reply, tok, stop) == nxt
    assert CopySource(src, finish_words=False).pick(cut, reply, tok, stop) == stop
    assert CopySource(src, beta=0).pick(cut, reply, tok, stop) == stop
    # a stop word the source happens to go on from ("the" of "their") is left as the adapter ends it
    the, ir = tok.encode("It is the", add_special_tokens=False), tok.encode("ir", add_special_tokens=False)[0]
    assert "ir".startswith(tok.decode([ir]))  # the first piece of "ir"
    far = _logits(len(tok), {stop: 0.0, ir: -20.0})
    assert CopySource("We saw their house.").pick(far, the, tok, stop) == stop


def test_a_reply_that_copied_a_profile_value_to_its_end_ends_there(tiny):
    """"Your employer is Nordea" + " and Sons": smol's adapter put " and" first and the full stop nowhere
    near it (session 42). With the source's lines ending in values (a profile), a new word after a value
    the source ends there gives way to the full stop, however unlikely; a key's end ("employer" + ":")
    is no value's, other sources are left alone, and memory's text beside it may still go on."""
    tok = tiny.tokenizer
    stop = tok.encode(".", add_special_tokens=False)[0]
    space = tok.encode(" and", add_special_tokens=False)[0]  # a word's first piece: a bare space for tiny
    src = "employer: Nordea\ncity: Porto"
    ahead = _logits(len(tok), {space: 0.0, stop: -20.0})
    for text in ("Your employer is Nordea", "You live in Porto"):  # the last line ends at the source's end
        reply = tok.encode(text, add_special_tokens=False)
        assert CopySource(src, value_lines=src).pick(ahead, reply, tok, space) == stop, text
        assert CopySource(src).pick(ahead, reply, tok, space) == space, text
    key = tok.encode("Your employer", add_special_tokens=False)
    assert CopySource(src, value_lines=src).pick(ahead, key, tok, space) == space
    assert profile_copy(src, 0.05).value_lines == src
    # joined with memory's text (runtime._joined): "Nordea, mostly" ends the value too; "Nordea Bank" not
    reply = tok.encode("Your employer is Nordea", add_special_tokens=False)
    for said, want in (("I work at Nordea, mostly on the app.", stop), ("I work at Nordea Bank.", space)):
        both = CopySource(src + "\n" + said, value_lines=src)
        assert both.pick(ahead, reply, tok, space) == want, said


def test_a_reply_that_named_a_profile_key_and_is_takes_that_value_however_unlikely(tiny):
    """With `instrument: sitar` worn, smol's adapter put " flute" first after "Your instrument is" and
    " sit" nowhere in its first twelve (session 48). A reply that has named a value line's whole key (a
    possessive for the key's words) and then "is" or "are" goes on with that line's value; a key named
    only in part, another word before "is", or no value lines leave the adapter's choice alone."""
    from agenthn.engine.copy_text import slot_value

    lines = "instrument: sitar\nwife job: yoga teacher"
    assert slot_value("Your instrument is", lines) == " sitar"
    assert slot_value("Your wife's job is", lines) == " yoga teacher"
    for reply in ("Your job is", "Your instrument", "Your instrument is a lovely", "Your old instrument was",
                  "Your instrument is sitar", "Your instrument is the sitar", "Your wife is a wonderful"):
        assert slot_value(reply, lines) is None, reply
    assert slot_value("Your instrument is a", lines) == " sitar"  # after an article too
    assert slot_value("Your wife is the", lines) == " yoga teacher"  # a relative's job: the relative "is"
    assert slot_value("Your instrument is ", lines) == "sitar"  # tiny's bare space before a word
    assert slot_value("Your wife's job is yoga", lines) == " teacher"  # the rest, once begun
    assert slot_value("Your employer is children's", "employer: children's hospital") == " hospital"
    # a name: the one named as called (session 49: "Your sons are called Arjun and your sons are ...")
    sons = "sons name: Arjun and Dev\nsister name: Meera"
    assert slot_value("Your sons are called", sons) == " Arjun and Dev"
    assert slot_value("Your sons are called Arjun and", sons) == " Dev"
    assert slot_value("Your sister's name is", sons) == " Meera"
    assert slot_value("Your granddaughter's name is A", "granddaughter name: Ama") == "ma"  # no article
    # a plural key named in the singular (session 55: "Your first language is English." for `languages:
    # Hindi, Marathi and English`), the list's comma said
    langs = "languages: Hindi, Marathi and English"
    assert slot_value("Your first language is", langs) == " Hindi, Marathi and English"
    assert slot_value("Your first language is Hindi", langs) == ", Marathi and English"
    # several named under one plural word, as the reply names them (session 58: "Your cat's name is Miro."
    # for `cats: Miro and Kahu`, "Your kids are called Nandi." for `children: Lwazi and Nandi`)
    assert slot_value("Your cat's name is", "cats: Miro and Kahu") == " Miro and Kahu"
    assert slot_value("Your cat's name is Miro", "cats: Miro and Kahu") == " and Kahu"
    kids = "children: Lwazi and Nandi"
    for reply in ("Your kids are called", "Your children's names are", "Your daughters are", "Your kids are"):
        assert slot_value(reply, kids) == " Lwazi and Nandi", reply
    assert slot_value("Your kids are called Nandi", kids) is None  # said otherwise: not forced
    # a relative's favourite said between them and the key's thing ("Your son's favourite football team is
    # 17." for `son football team: Celtic`, session 58)
    assert slot_value("Your son's favourite football team is", "son football team: Celtic") == " Celtic"
    assert slot_value("Your bus is", "bus: 38") == " 38" and slot_value("Your bu is", "bus: 38") is None
    for reply in ("Your sister is", "Your sister is a"):  # may say anything but the name
        assert slot_value(reply, sons) is None, reply
    # several named together: "are" alone asks for them too, as of `children` (session 59's held-out chat:
    # "Your sons are your sons." for `sons name: Omar and Yusuf`)
    assert slot_value("Your sons are", sons) == " Arjun and Dev"
    assert slot_value("Your boss is", "boss name: Ines") is None  # a name ending in "s" is no plural's
    # a relative's name may stand after the relation word (session 50: "Your son Jabari's age is 19.")
    kin = "son age: eleven\nsister business: bookshop"
    assert slot_value("Your son Jabari's age is", kin) == " eleven"
    assert slot_value("Your sister Jade's business is a", kin) == " bookshop"
    assert slot_value("Your son jabari's age is", kin) is None  # a name has its capital
    assert slot_value("Your son Jabari is", kin) is None
    tok = tiny.tokenizer
    f, s = (tok.encode(c, add_special_tokens=False)[0] for c in "fs")  # tiny: one letter a piece
    ahead = _logits(len(tok), {f: 0.0, s: -25.0})
    reply = tok.encode("Your instrument is ", add_special_tokens=False)
    assert CopySource(lines, value_lines=lines).pick(ahead, reply, tok, f) == s
    assert CopySource(lines).pick(ahead, reply, tok, f) == f  # no value lines: memory's text
    other = tok.encode("Your job is ", add_special_tokens=False)
    assert CopySource(lines, value_lines=lines).pick(ahead, other, tok, f) == f
    stop, i = (tok.encode(c, add_special_tokens=False)[0] for c in ".i")
    begun = tok.encode("Your instrument is s", add_special_tokens=False)  # about to end inside the value
    assert CopySource(lines, value_lines=lines).pick(_logits(len(tok), {stop: 0.0}), begun, tok, stop) == i


@pytest.mark.parametrize("kw, word", [({"beta": 2}, "beta"), ({"beta": -0.1}, "beta"),
                                      ({"min_chars": 0}, "min_chars"), ({"gap_words": -1}, "gap_words")])
def test_bad_settings_are_refused_by_name(kw, word):
    with pytest.raises(CopySourceError, match=word):
        CopySource("text", **kw)


def test_every_copy_beta_is_checked_alike_with_its_own_name_and_status(caplog):
    """A copy beta anywhere (the engine's source, memory's and the profile's configs, the eval and
    public-benchmark flags) is refused outside [0, 1], a bool too, with its own name and error type."""
    from agenthn.agent.memory_config import MemoryConfig, MemoryConfigError
    from agenthn.agent.profile_config import ProfileConfig
    from agenthn.cli.main import main
    from agenthn.errors import AgentHNError, check_fraction

    check_fraction(0.05, "x")
    for bad in (1.5, -0.01, True, "0.1"):
        with pytest.raises(AgentHNError, match=f"x must be a number in \\[0, 1\\], got {bad!r}"):
            check_fraction(bad, "x")
    with pytest.raises(MemoryConfigError, match="memory copy_beta"):
        MemoryConfig(copy_beta=2)
    with pytest.raises(AgentHNError, match="profile copy_beta"):
        ProfileConfig(copy_beta=-1)
    assert main(["eval", "internalize", "--model", "smol", "--copy-beta", "3"]) != 0
    assert "--copy-beta must be a number in [0, 1], got 3.0" in caplog.text


def _logits(n: int, scores: dict[int, float]) -> torch.Tensor:
    x = torch.full((n,), -30.0)
    for t, v in scores.items():
        x[t] = v
    return x


def test_pick_copies_only_plausible_word_pieces_and_never_after_a_sentence(tiny):
    tok = tiny.tokenizer
    src = "I drive a Nissan Leaf now."
    reply = tok.encode("Your car is a Nissan", add_special_tokens=False)
    stop, space = tok.encode(".", add_special_tokens=False)[0], tok.encode(" ", add_special_tokens=False)[0]
    n = len(tok)
    ratio = _logits(n, {stop: 0.0, space: math.log(0.1)})  # the space before "Leaf" at 0.1 of the top
    assert CopySource(src, beta=0.05).pick(ratio, reply, tok, stop) == space
    assert CopySource(src, beta=0.2).pick(ratio, reply, tok, stop) == stop  # not plausible enough
    assert CopySource(src, beta=0.0).pick(ratio, reply, tok, stop) == stop  # off
    done = tok.encode("Your car is a Nissan.", add_special_tokens=False)
    assert CopySource(src, beta=0.05).pick(ratio, done, tok, stop) == stop  # a finished sentence ends
    # the source's punctuation is never copied: after "Leaf" the source goes on with " now", not "."
    after = tok.encode("Your car is a Nissan Leaf now", add_special_tokens=False)
    assert CopySource(src, beta=0.05).pick(_logits(n, {space: 0.0, stop: -0.5}), after, tok, space) == space


def test_a_name_joined_by_a_hyphen_or_a_possessive_is_not_cut_at_it(tiny):
    """Session 46: "Your husband's employer is Rolls." for `husband employer: Rolls-Royce`: a reply about
    to end its sentence on a copied word that the source joins to a name by a hyphen goes on with it."""
    tok = tiny.tokenizer
    src = "husband employer: Rolls-Royce"
    reply = tok.encode("Your husband's employer is Rolls", add_special_tokens=False)
    stop = tok.encode(".", add_special_tokens=False)[0]
    taken = CopySource(src, beta=0.05).pick(_logits(len(tok), {stop: 0.0}), reply, tok, stop)
    assert tok.decode([taken]).startswith("-")
    plain = "husband employer: Rolls"  # nothing goes on: the sentence may end
    assert CopySource(plain, beta=0.05).pick(_logits(len(tok), {stop: 0.0}), reply, tok, stop) == stop
    # a possessive inside a value goes on the same way (session 48: "Your employer is children.")
    src = "employer: children's hospital"
    reply = tok.encode("Your employer is children", add_special_tokens=False)
    taken = CopySource(src, beta=0.05).pick(_logits(len(tok), {stop: 0.0}), reply, tok, stop)
    assert tok.decode([taken]).startswith("'")
    ends = "employer: children. Then we left."  # the source's sentence ends there too
    assert CopySource(ends, beta=0.05).pick(_logits(len(tok), {stop: 0.0}), reply, tok, stop) == stop


@torch.inference_mode()
def _runner_up(model, ids: list[int], avoid: str) -> int | None:
    """The most likely next token after `ids`, other than the top one, that is a word piece not
    beginning like `avoid` (so copying it changes the reply)."""
    logits = model.base(input_ids=torch.tensor([ids])).logits[0, -1]
    top = torch.topk(logits, 40).indices.tolist()
    for t in top[1:]:
        piece = model.tokenizer.decode([t])
        if piece[:1].isalnum() and not avoid.startswith(piece) and not piece.startswith(avoid):
            return t
    return None


def _diverging(tiny, engine, prompt) -> tuple[list[int], str, int]:
    """The plain greedy reply, a source text that agrees with its first k tokens and then goes on with
    another plausible word piece, and k."""
    tok = tiny.tokenizer
    plain = engine.generate(Request(prompt, None, 12, set()))
    for k in range(3, 11):
        text = tok.decode(plain[:k])
        if sum(c.isalnum() for c in text) >= 3 and text.rstrip()[-1:] not in ".!?":
            second = _runner_up(tiny, prompt + plain[:k], tok.decode([plain[k]]))
            if second is not None:
                return plain, "x " + text.lstrip() + tok.decode([second]) + " tail", k
    pytest.fail("no step of the greedy reply had a word-piece runner-up")


def test_the_engine_copies_where_the_reply_meets_the_source(tiny, one_torch_thread):
    tok = tiny.tokenizer
    engine = BatchEngine(tiny, max_batch=4)
    try:
        prompt = tiny.prompt_ids([{"role": "user", "content": "hello there"}])
        plain, source, k = _diverging(tiny, engine, prompt)
        copied = engine.generate(Request(prompt, None, 12, set(), copy=CopySource(source, beta=1e-9)))
        assert copied[:k] == plain[:k]  # up to there the source and the reply agree
        assert copied[k] != plain[k]
        assert source[len("x ") + len(tok.decode(plain[:k]).lstrip()):].startswith(tok.decode([copied[k]]))
        # beta 1: only the adapter's own top token is plausible, so nothing changes
        same = engine.generate(Request(prompt, None, 12, set(), copy=CopySource(source, beta=1.0)))
        assert same == plain
        # chat_batch: each row copies from its own source, or not at all
        conv = [{"role": "user", "content": "hello there"}]
        rows = engine.chat_batch([conv, conv], max_new_tokens=12,
                                 copies=[CopySource(source, beta=1e-9), None])
        want = [decode_text(tok, engine.generate(Request(prompt, None, 12, None, copy=c)))
                for c in (CopySource(source, beta=1e-9), None)]  # the model's own stop tokens, as chat's
        assert rows == want and rows[0] != rows[1]
    finally:
        engine.close()


@pytest.fixture
def seen(monkeypatch) -> list:
    """The (adapters, copies) of every reply batch the English eval asks, the real replies still made."""
    from agenthn.bench import eval_english

    calls, real = [], eval_english.ask

    def recording(model, questions, docs=None, adapters=None, max_new_tokens=24, copies=None):
        calls.append((adapters, copies))
        return real(model, questions, docs=docs, adapters=adapters, max_new_tokens=max_new_tokens,
                    copies=copies)

    monkeypatch.setattr(eval_english, "ask", recording)
    return calls


def test_the_english_eval_asks_copied_rows_under_its_fullest_adapters(tiny, seen):
    """`copied` cells: the last condition's adapters (tiny has no gate, so the internalized ones), each
    row's document as its copy source; none at beta 0."""
    from agenthn.bench import eval_english

    items = [("My locker code is 4821.", "What is my locker code?", ["4821"]),
             ("My cat is called Miso.", "What is my cat called?", ["Miso"])]
    res = eval_english.three_ways(tiny, items, copy_beta=0.05)
    internalized, copied = seen[1], seen[-1]
    assert len(seen) == 4 and "copied" in res and res["copied"]["n"] == 2
    assert copied[0] is internalized[0]  # the same adapter objects
    assert copied[1] == [CopySource(d, 0.05) for d, _, _ in items] and internalized[1] is None
    seen.clear()
    assert "copied" not in eval_english.three_ways(tiny, items) and all(c is None for _, c in seen)


def test_the_english_eval_asks_retention_copied_from_the_unrelated_documents(tiny, seen):
    """Retention's `copied` cell: each general question under its (cycled) unrelated adapter, copying from
    that adapter's own document; none at beta 0."""
    from agenthn.bench import eval_english

    kept = [{"question": q, "answers": ["x"]} for q in ("What is two plus two?", "Name a colour.", "Hi?")]
    docs = ["My locker code is 4821.", "My cat is called Miso."]
    adapters = tiny.generate_adapters(docs)
    res = eval_english.retention_under(tiny, kept, adapters, shift=1, docs=docs, copy_beta=0.05)
    plain, copied = seen[0], seen[-1]
    assert len(seen) == 2 and res["copied"]["n"] == 3
    assert copied[0] == plain[0] == [adapters[1], adapters[0], adapters[1]]  # tiny: no gate, no router
    assert copied[1] == [CopySource(docs[j], 0.05) for j in (1, 0, 1)]
    seen.clear()
    assert "copied" not in eval_english.retention_under(tiny, kept, adapters, docs=docs)


def test_memory_offers_the_retrieved_segments_text_to_copy_from(tiny, tmp_path):
    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.agent.memories import Memories
    from agenthn.agent.memory_config import MemoryConfig, MemoryConfigError
    from agenthn.agent.turn import Turn, TurnOptions
    from agenthn.store import AdapterFiles, Store

    store = Store(tmp_path / "s.sqlite")
    cache = AdapterCache(files=AdapterFiles(tmp_path / "a", store))
    uid = store.create_user("u")[0].id
    lines = ["my locker code is 4821", "ok", "my cat is called Miso", "nice", "hello", "hi"]
    for beta in (0.05, 0.0):
        cfg = MemoryConfig(segment_turns=2, history_tokens=0, copy_beta=beta)
        mems = Memories(tiny, store, cache, uid, cfg)
        conv = f"c{beta}"
        for i, text in enumerate(lines):
            mems.get(conv).add_turn("user" if i % 2 == 0 else "assistant", text)
        q = "what is my locker code"
        part = mems.prepare(Turn([{"role": "user", "content": q}], q, TurnOptions(conv, memory=True)))
        seg = [int(n.split("/")[1]) for n in part.adapters if n.split("/")[1].isdigit()]
        texts = {s["id"]: s["text"] for s in mems.get(conv).segments()}
        if beta:
            assert part.copy == CopySource("\n".join(texts[i] for i in seg), 0.05)
            assert "4821" in part.copy.text
        else:
            assert part.copy is None  # copying off: the adapter alone decides
    with pytest.raises(MemoryConfigError, match="copy_beta must be a number in \\[0, 1\\], got 1.5"):
        MemoryConfig(copy_beta=1.5)


def test_server_config_passes_the_copy_setting_to_memory():
    from pydantic import ValidationError

    from agenthn.agent.memory_config import MemoryConfig
    from agenthn.server.config import ServerConfig

    assert ServerConfig(memory_copy_beta=0).memory_overrides() == {"copy_beta": 0}
    assert MemoryConfig(**ServerConfig(memory_copy_beta=0).memory_overrides()).copy_beta == 0
    assert "copy_beta" not in ServerConfig().memory_overrides()
    with pytest.raises(ValidationError, match="memory_copy_beta"):
        ServerConfig(memory_copy_beta=2)


def test_server_config_passes_the_copy_setting_to_the_profile(tiny, tmp_path):
    """`profile_copy_beta` and `profile_ask_named` reach every user's Personalizer through the runtime's
    limits; unset, the profile keeps its defaults; out of range, refused by name."""
    from pydantic import ValidationError

    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.agent.runtime import RuntimeRegistry
    from agenthn.agent.turn import RuntimeLimits
    from agenthn.server.config import ServerConfig
    from agenthn.store import Store

    store = Store(tmp_path / "db.sqlite")
    uid = store.create_user("ana")[0].id
    for value, want in ((0.0, 0.0), (None, 0.05)):
        limits = RuntimeLimits(profile=ServerConfig(profile_copy_beta=value).profile_overrides())
        rt = RuntimeRegistry(tiny, store, AdapterCache(), limits=limits).get(uid)
        assert rt.personalizer().config.copy_beta == want
    with pytest.raises(ValidationError, match="profile_copy_beta"):
        ServerConfig(profile_copy_beta=2)
    # the "my partner Sam" rewrite, switched off from the environment as `agenthn serve` reads it
    for env, want in (({"AGENTHN_PROFILE_ASK_NAMED": "0"}, False), ({}, True)):
        limits = RuntimeLimits(profile=ServerConfig.from_env(env).profile_overrides())
        assert RuntimeRegistry(tiny, store, AdapterCache(), limits=limits).get(uid).personalizer().config \
            .ask_named is want
    store.close()


def test_a_memory_turn_asks_the_engine_to_copy_from_the_retrieved_segment(tiny, tmp_path):
    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.agent.runtime import AgentRuntime, GenerationSettings, RunContext, RuntimeLimits, TurnOptions
    from agenthn.store import AdapterFiles, Store

    store = Store(tmp_path / "s.sqlite")
    files = AdapterFiles(tmp_path / "a", store)
    uid = store.create_user("u")[0].id
    engine = RecordingEngine(tiny)
    try:
        for beta in (0.05, 0.0):
            limits = RuntimeLimits(memory={"segment_turns": 2, "history_tokens": 0, "copy_beta": beta})
            rt = AgentRuntime(tiny, store, AdapterCache(files=files), uid, limits, engine=engine)
            conv = f"c{beta}"
            for i, text in enumerate(["my locker code is 4821", "ok", "my cat is Miso", "nice"]):
                rt.memories().get(conv).add_turn("user" if i % 2 == 0 else "assistant", text)
            for memory in (True, False):
                reply = rt.chat([{"role": "user", "content": "what is my locker code"}],
                                TurnOptions(conversation_id=conv, memory=memory), RunContext(),
                                GenerationSettings(max_new_tokens=2))
                copy = engine.requests[-1].copy
                if memory and beta:
                    texts = {s.id: s.text for s in store.list_segments(uid, conv)}
                    assert copy.text == "\n".join(texts[i] for i in reply.retrieved) and copy.beta == beta
                    assert "4821" in copy.text
                else:
                    assert copy is None  # memory off, or copying turned off
    finally:
        engine.close()


def test_a_session_copies_from_what_it_internalized_by_default(tiny):
    """Session replies finish values from the session's own documents (as `agenthn ask` and memory do),
    at CopySource's default beta; copy_beta 0 turns it off, reset forgets the text, and a session made
    from a stored adapter has no text to copy from."""
    engine = RecordingEngine(tiny)
    try:
        q = "What is my locker code?"
        s = tiny.session(engine=engine)
        s.internalize("My locker code is 4821.")
        s.internalize("My cat is called Miso.")
        s.respond(q, max_new_tokens=2)
        assert engine.requests[-1].copy == CopySource("My locker code is 4821.\nMy cat is called Miso.",
                                                      CopySource.beta)
        off = tiny.session(engine=engine, copy_beta=0.0)
        off.internalize("My locker code is 4821.")
        off.respond(q, max_new_tokens=2)
        assert engine.requests[-1].copy is None
        stored = tiny.session(s.adapter, engine=engine)
        stored.respond(q, max_new_tokens=2)
        assert engine.requests[-1].copy is None  # no text came with the adapter
        s.reset()
        assert s.texts == [] and s.adapter is None
    finally:
        engine.close()
    with pytest.raises(CopySourceError, match="copy beta must be a number in \\[0, 1\\], got 1.5"):
        tiny.session(copy_beta=1.5)


def test_a_relatives_value_is_asked_for_by_the_relatives_name_alone():
    """"How old is Adam?" wearing `son age: twelve` got "Adam's age is twenty." (session 60's held-out
    chat); "What does Lars do?" wearing `husband job: bike fixer` "Lars is a bike-partner." (session 61).
    A name stands for the relative only where one relative's line has that key."""
    from agenthn.engine.copy_text import slot_value

    assert slot_value("Adam's age is", "son age: twelve") == " twelve"
    assert slot_value("Lars is a", "husband job: bike fixer") == " bike fixer"
    assert slot_value("He is a", "husband job: bike fixer") == " bike fixer"
    two = "son age: twelve\ndaughter age: nine"
    assert slot_value("Lina's age is", two) is None  # whose age is not known
    assert slot_value("Your daughter's age is", two) == " nine"
    assert slot_value("It is a", "husband job: bike fixer") is None
    assert slot_value("There are", "husband job: bike fixer") is None
    assert slot_value("Adam's name is", "son name: Adam") is None  # a name is no other's value


def test_no_a_or_an_before_a_plural_or_a_doing_value():
    """"Your collection is an old stamps from the Baltic countries." (session 60): the article smol put
    after "is" was let through before any value in lower case."""
    from agenthn.engine.copy_text import article_fits

    assert article_fits(" a", " sitar") and article_fits(" an", " old stamp")
    assert not article_fits(" an", " old stamps") and not article_fits(" a", " swimming")
    assert article_fits(" the", " old stamps")  # "the" fits a plural
    assert article_fits(" a", " bus") and article_fits(" a", " glass")  # no plural
    assert not article_fits(" a", " Pip")  # a name takes none


def test_a_value_word_begun_after_a_or_an_is_finished():
    """"What did I use to do?" wearing `job: retired firefighter` got "You worked as a fir." (session 61):
    " fir" is a word the tokenizer holds whole, so the word was let end; after "a" it begins the value's."""
    src = CopySource("job: retired firefighter", 0.05, words=frozenset({"retired", "firefighter"}),
                     value_lines="job: retired firefighter")
    assert src._begins_value_word(["as", "a", "fir"], ["efighter"])
    home = CopySource("note: hometown Leeds", 0.05, words=frozenset({"hometown", "Leeds"}))
    assert not home._begins_value_word(["work", "from", "home"], ["town"])  # "I work from home."
    assert home._begins_value_word(["have", "a", "home"], ["town"])


def test_a_number_held_ends_where_said_and_a_childs_name_in_a_key_is_copied_as_a_name():
    """"How old is lily?" wearing `lily age: 4` got "Liam's age is 41." (session 61): smol says a number
    digit by digit, and the key's name, in lower case, was no name to keep."""
    from agenthn.agent.profile import named_keys
    from agenthn.engine.copy_text import number_overrun

    assert number_overrun("Your son's age is 4", "1", "son age: 4")
    assert not number_overrun("Your son's age is 1", "2", "son age: 12")  # 12 held
    assert not number_overrun("Your son's age is 4", ".", "son age: 4")
    assert not number_overrun("Your son's age is 7", "1", "son age: 4")  # 7 is none held: another rule's
    assert named_keys("lily age: 4", {"children": "Jack and Lily", "lily age": "4"}) == "Lily age: 4"
    assert named_keys("son age: 4", {"children": "Jack and Lily"}) == "son age: 4"
    assert not number_overrun("Your birthdate is 2", "1", "birthday: 2nd of November")  # "nd" goes on


def test_a_workplace_is_the_slot_a_reply_names_as_the_employer_where_none_is_kept():
    """Session 62: "Your employer is ights." for `workplace: bookshop`; a kept employer keeps its own slot."""
    from agenthn.engine.copy_text import slot_value

    assert slot_value("Your employer is", "name: Ben\nworkplace: bookshop") == " bookshop"
    assert slot_value("Your husband's employer is a", "husband workplace: hotel") == " hotel"
    assert slot_value("Your employer is", "workplace: bookshop\nemployer: Waterstones") == " Waterstones"
    assert slot_value("Your job is", "workplace: bookshop") is None


def test_where_one_is_from_is_the_slot_a_reply_names_as_the_city_where_none_is_kept():
    """Session 67: "Your city is Rome." for `home country: Romania` ("where do i come from?")."""
    from agenthn.engine.copy_text import slot_value

    assert slot_value("Your city is", "home country: Romania") == " Romania"
    assert slot_value("Your city is Rom", "hometown: Romania") == "ania"
    assert slot_value("Your city is", "home country: Romania\ncity: Dublin") == " Dublin"
    assert slot_value("Your mother's city is", "mother country: Chile") == " Chile"
    assert slot_value("Your city is", "mother country: Chile") is None  # the user's city is not hers
    assert slot_value("Your city is farm", "home: farm near york") == " near york"  # s67e


def test_the_users_job_is_the_slot_of_you_worked_as():
    """Session 67: "You worked as a reputed." for `job: retired engineer` ("What did I do before I
    retired?"); the article is smol's to say, and a relative's job is not the user's."""
    from agenthn.engine.copy_text import slot_value

    # "retired" is the tense's to say ("You worked as a retired bus driver.")
    assert slot_value("You worked as a", "job: retired engineer") == " engineer"
    assert slot_value("You worked as a", "job: bus driver") == " bus driver"
    assert slot_value("Your job is", "job: retired engineer") == " retired engineer"
    assert slot_value("You work as an", "job: architect") == " architect"
    assert slot_value("You worked as", "job: nurse") is None  # before the article
    assert slot_value("You worked as a", "wife job: nurse") is None


def test_whom_a_thing_is_done_with_is_the_slot_of_their_name():
    """Session 62: "Your hiking partner's name is ajira." for `hiking partner: Inês`."""
    from agenthn.engine.copy_text import slot_value

    lines = "hiking partner: Inês\nhiking day: Saturday"
    assert slot_value("Your hiking partner's name is", lines) == " Inês"
    assert slot_value("Your hiking partner's name is a", lines) == " Inês"  # the article is smol's
    assert slot_value("Your hiking partner's name is Inês", lines) is None
    assert slot_value("Your partner's name is", "partner: Sam") is None  # one word: not a thing done's


def test_a_relatives_sport_played_is_the_slot_of_the_verb():
    """Session 67, s61d: "what sport does andre play?" wearing `brother sport played: basketball` got "Your
    brother Andre played rugby."."""
    from agenthn.engine.copy_text import slot_value

    assert slot_value("Your brother Andre played", "brother sport played: basketball") == " basketball"
    assert slot_value("Your brother plays", "brother sport played: basketball") == " basketball"
    assert slot_value("You played", "sport played: rugby") is None  # the user's own: no relative's verb
