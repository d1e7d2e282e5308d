"""English documents with question/answer pairs for training and evaluating the hypernetwork on a real
English base model (issue 17).

    english_samples(n, seed, split="train", kinds=None, n_facts=(1, 16)) -> list[DocSample]
    retention_prompts(n, seed, factual=0.4) -> list[str]
    KINDS = ("facts", "bio", "chat", "encyclopedia", "rules")

Each DocSample's meta holds {"facts": {attribute: value}, "n_facts": int, "split": split,
"templates": {attribute: [statement template, question template]}} (+ "subject" for bio,
encyclopedia and rules). QA.answer is the bare value, verbatim in the doc; QA.kind is the attribute.

What split="heldout" holds out (all of it, at once; split="heldout_phrasings" keeps the train
attributes but uses held-out phrasings and values, to separate the two effects, and "heldout_say" /
"heldout_ask" hold out only the statement / only the question phrasings of those):
- attribute kinds: `HELDOUT_ATTRS` (about a fifth of all attributes);
- statement and question phrasings: the second column of every (train, held-out) pair in
  `english_text` and the `hsays`/`hasks` of every attribute;
- values: the held-out column of `english_values.POOLS`, and synthesized values for which
  `english_values.is_heldout_value` is true.

Within a document the values are distinct, no value contains another (case-insensitively), and each
value occurs exactly once in the document, so `doc.replace(value, new)` swaps exactly that fact.
"""

from __future__ import annotations

import random
from functools import cache

from agenthn.agent.profile_keys import normalize_key
from agenthn.agent.prompts import render_profile
from agenthn.world import english_more_lore as ml
from agenthn.world import english_text as tx
from agenthn.world import english_values as ev
from agenthn.world.corpus import QA, DocSample
from agenthn.world.english_attrs import HELDOUT_PERSON, PERSON, Attr
from agenthn.world.english_lore import CUSTOMS, ENTITY_TYPES, HELDOUT_LORE
from agenthn.world.english_more import MORE_PERSON
from agenthn.world.english_notes import NOTE_GENRES, NOTE_LINES, distractors
from agenthn.world.english_prompts import retention_prompts
from agenthn.world.english_says import EXTRA_SAYS, extra_says, extra_says_on
from agenthn.world.english_scenes import scene
from agenthn.world.english_workplace import WORKPLACE, WORKPLACE_INTROS

__all__ = ["ATTRS", "HELDOUT_ATTRS", "KINDS", "attrs_in_split", "corpus_attrs", "english_samples",
           "heldout_description",
           "retention_prompts"]

KINDS: tuple[str, ...] = ("facts", "bio", "chat", "encyclopedia", "rules")
HELDOUT_ATTRS: frozenset[str] = HELDOUT_PERSON | HELDOUT_LORE
GROUPS: dict[str, tuple[Attr, ...]] = {"person": PERSON, **ENTITY_TYPES, "custom": CUSTOMS}
# Train-only kinds (issue 17: more variety where the model trains), never in GROUPS: `attrs_in_split`
# stays what the profile, memory and personalization worlds draw from, and the held-out streams stay put.
TRAIN_ONLY: dict[str, tuple[Attr, ...]] = {"person": MORE_PERSON, **ml.MORE_LORE, "custom": ml.MORE_CUSTOMS}
# Kinds a training run asks for by name (`hyper.kinds`), never drawn by default: the held-out splits and
# the earlier training stages' data stay as they were. Their attributes, drawn by their own builders,
# are in no group.
TRAIN_KIND_ATTRS: dict[str, tuple[Attr, ...]] = {"workplace": WORKPLACE}
# "notes" states the person attributes of the train split (`english_notes` says why it exists).
TRAIN_KINDS: tuple[str, ...] = tuple(TRAIN_KIND_ATTRS) + ("notes", "scenes", "profile")
ATTRS: dict[str, Attr] = {a.key: a for groups in (GROUPS, TRAIN_ONLY, TRAIN_KIND_ATTRS)
                          for group in groups.values() for a in group}
# Attributes that would contradict each other in one document (an age and a birth year that disagree).
CONFLICTS: tuple[frozenset[str], ...] = (frozenset({"age", "birth year"}),
                                         frozenset({"sister's job", "sister's shop"}))
_CONFLICTING = frozenset().union(*CONFLICTS)
_YOU = (tx.REPLY_FRAME, tx.second_person(), False)  # the assistant answering the user about the user
MAX_TRIES = 60  # documents re-drawn until every value occurs exactly once; a handful is typical


# Splits that keep the train attributes and hold out phrasings only (diagnostics: bench.train_gap).
PHRASING_SPLITS = ("heldout_phrasings", "heldout_say", "heldout_ask")


def _col(split: str, role: str) -> int:
    """0: the train phrasings for saying ("say") or asking ("ask") in this split, 1: the held-out ones."""
    if split in ("heldout_say", "heldout_ask"):
        return int(split == f"heldout_{role}")
    return int(split != "train")


def _vs(split: str) -> str:
    """The value split: held-out values for both held-out splits."""
    return "train" if split == "train" else "heldout"


@cache
def attrs_in_split(group: str, split: str) -> tuple[Attr, ...]:
    """Attributes of a group in a split; "heldout_phrasings" keeps the train attributes."""
    held = split == "heldout"
    return tuple(a for a in GROUPS[group] if (a.key in HELDOUT_ATTRS) == held)


@cache
def corpus_attrs(group: str, split: str) -> tuple[Attr, ...]:
    """The attributes the corpus draws for a group: the split's own, plus the train-only kinds in "train"
    (appended, so the held-out splits draw exactly what they always drew)."""
    return attrs_in_split(group, split) + (TRAIN_ONLY.get(group, ()) if split == "train" else ())


@cache
def _phrasings(key: str, split: str, role: str, frames: tuple,
               more: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(attribute-specific templates, generic frames) for saying ("say") or asking ("ask") in a split;
    with `more`, the train split also gets the extra phrasings and frames of `english_more_lore` (only
    the corpus asks for them: the memory, profile and baseline worlds keep their own streams); with
    `more=2` (a run that sets `hyper.more_says`), also the extra statements of `english_says`."""
    a, col = ATTRS[key], _col(split, role)
    own = {("say", 0): a.says, ("say", 1): a.hsays, ("ask", 0): a.asks, ("ask", 1): a.hasks}[(role, col)]
    generic = frames[col] if a.generic else ()
    if more and col == 0:
        own += ml.MORE_PHRASINGS.get(key, ((), ()))[role == "ask"]
        generic += ml.MORE_FRAMES.get(frames, ()) if a.generic else ()
    if more == 2 and col == 0 and role == "say":
        own += EXTRA_SAYS.get(key, ())
    return own, generic


def _pick(rng: random.Random, a: Attr, split: str, role: str, frames: tuple, more: int = 0) -> str:
    """One raw template; specific phrasings are preferred a little, as they read more naturally."""
    own, generic = _phrasings(a.key, split, role, frames, more)
    if own and (not generic or rng.random() < 0.6):
        return rng.choice(own)
    return rng.choice(generic)


def _draw_facts(rng: random.Random, attrs: tuple[Attr, ...], n: int, split: str,
                avoid: tuple[str, ...] = ()) -> dict[Attr, str]:
    """n attributes with values that are distinct and not substrings of one another or of `avoid`.

    A few spare attributes are drawn in case one has no compatible value left (tiny held-out pools);
    shuffling the whole table each time would cost more than the rest of the document."""
    facts: dict[Attr, str] = {}
    taken = [x.lower() for x in avoid]  # lower-cased values so far: a clash is checked both ways
    order = rng.sample(attrs, min(len(attrs), n + 4))
    if len(order) < len(attrs):
        drawn = {a.key for a in order}
        order += [a for a in attrs if a.key not in drawn]
    for a in order:
        if len(facts) == n:
            break
        if a.key in _CONFLICTING and any(a.key in c and any(b.key in c for b in facts) for c in CONFLICTS):
            continue
        for _ in range(20):
            v = ev.value(rng, a.kind, _vs(split))
            if not ev.overlaps(v, taken):
                facts[a] = v
                taken.append(v.lower())
                break
    return facts


def _n(rng: random.Random, n_facts: tuple[int, int], cap: int) -> int:
    return min(rng.randint(*n_facts), cap)


def _qa_and_meta(facts: dict[Attr, str], says: dict[str, str], asks: dict[str, tuple[str, str, str]],
                 kind: str, split: str, doc: str, extra: dict) -> DocSample:
    """`asks` maps attribute key -> (raw template, question text, answer sentence)."""
    qas = [QA(asks[a.key][1], v, a.key, asks[a.key][2]) for a, v in facts.items()]
    meta = {"facts": {a.key: v for a, v in facts.items()}, "n_facts": len(facts), "split": split,
            "templates": {a.key: [says[a.key], asks[a.key][0]] for a in facts}, **extra}
    return DocSample(doc, qas, kind, meta)


def _say_all(rng: random.Random, facts: dict[Attr, str], split: str, frames: tuple, slots: dict[str, str],
             third: bool) -> tuple[dict[str, str], list[str]]:
    """A statement for every fact: ({attribute: raw template}, [sentence, ...])."""
    says, sentences, more = {}, [], 2 if extra_says_on() else 1
    for a, v in facts.items():
        t = _pick(rng, a, split, "say", frames, more)
        says[a.key] = t
        sentences.append(tx.fill(t, v, {**slots, "label": a.label}, third))
    return says, sentences


def _ask_all(rng: random.Random, facts: dict[Attr, str], split: str, frames: tuple, slots: dict[str, str],
             third: bool, says: dict[str, str], reply: tuple[str, dict[str, str], bool]
             ) -> dict[str, tuple[str, str, str]]:
    """A question for every fact: {attribute: (raw template, question, answer sentence)}. The answer
    restates the fact for the asker: `reply` is (the plain frame for generic attributes, "" for none;
    the answer's slots; third person?), else the attribute's own statement in the answer's slots.
    It draws nothing from `rng`, so the documents and questions are the same as without it."""
    frame, r_slots, r_third = reply
    asks = {}
    for a, v in facts.items():
        t = _pick(rng, a, split, "ask", frames, True)
        said = frame if frame and a.generic else says[a.key]
        asks[a.key] = (t, tx.fill(t, v, {**slots, "label": a.label}, third),
                       tx.reply(said, v, {**r_slots, "label": a.label}, r_third))
    return asks


def _layout(rng: random.Random, sentences: list[str]) -> str:
    """Notes are written as a paragraph, one per line, or as a list."""
    style = rng.random()
    if style < 0.5:
        return " ".join(sentences)
    return "\n".join(sentences if style < 0.8 else ["- " + s for s in sentences])


def _facts(rng: random.Random, split: str, n_facts: tuple[int, int]):
    """First-person notes: "My cat is called Miso. I live in Porto..."."""
    facts = _draw_facts(rng, corpus_attrs("person", split), _n(rng, n_facts, 16), split)
    says, sentences = _say_all(rng, facts, split, tx.SAY_FRAMES, tx.first_person(), False)
    for aside in rng.sample(tx.FACT_ASIDES, rng.choice((0, 0, 1, 2))):
        sentences.insert(rng.randint(0, len(sentences)), aside)
    intro = rng.choice(tx.FACT_INTROS)
    doc = f"{intro}\n{_layout(rng, sentences)}" if intro else _layout(rng, sentences)
    asks = _ask_all(rng, facts, split, tx.ASK_FRAMES, tx.first_person(), False, says, _YOU)
    return facts, says, asks, doc, {}


def _profile(rng: random.Random, split: str, n_facts: tuple[int, int]):
    """The first-person facts of `_facts` as the profile feature keeps them, one `key: value` line each
    ("home city: Porto"), asked as `_facts` asks them: the sentence router ranks a profile's entries by
    these lines (session 42)."""
    facts, says, asks, _, extra = _facts(rng, split, n_facts)
    return facts, says, asks, render_profile({normalize_key(a.key): v for a, v in facts.items()}), extra


def _bio(rng: random.Random, split: str, n_facts: tuple[int, int]):
    """A third-person note about someone, with the odd aside that states nothing."""
    first, last, she = ev.name(rng, _vs(split)), ev.name(rng, _vs(split)), rng.random() < 0.5
    facts = _draw_facts(rng, corpus_attrs("person", split), _n(rng, n_facts, 16), split, (first, last))
    pron = tx.third_person(she)
    says, sentences = _say_all(rng, facts, split, tx.SAY_FRAMES, pron, True)
    subject, obj = ("She", "her") if she else ("He", "him")
    for aside in rng.sample(tx.BIO_ASIDES, rng.randint(0, 2)):
        sentences.insert(rng.randint(0, len(sentences)), aside.replace("{S}", subject).replace("{O}", obj))
    intro = rng.choice(tx.BIO_INTROS).replace("{F}", f"{first} {last}")
    doc = " ".join([intro] + sentences)
    about = tx.asked_about(first, she)  # the question names the person, and so does the answer
    asks = _ask_all(rng, facts, split, tx.BIO_ASK_FRAMES, about, True, says, (tx.REPLY_FRAME, about, True))
    return facts, says, asks, doc, {"subject": f"{first} {last}"}


def _chat_line(rng: random.Random, sentence: str, split: str, more: bool = False) -> str:
    """A fact said in passing: a lead-in, and sometimes small talk before it."""
    if not (more and _col(split, "say") == 0):
        lead = rng.choice(tx.CHAT_LEADS[_col(split, "say")]) if tx.takes_lead(sentence) else ""
        line = lead + tx.lower_first(sentence) if lead else sentence
    else:
        ok = tx.takes_lead(sentence) and not sentence.startswith(ml.OWN_LEADS)
        lead = rng.choice(tx.CHAT_LEADS[0] + ml.MORE_CHAT_LEADS) if ok else ""
        line = lead + _lower_first(sentence) if lead else sentence
    return f"{rng.choice(tx.USER_FILLER)} {line}" if rng.random() < 0.3 else line


def _lower_first(s: str) -> str:
    """`english_text.lower_first`, also for the first words of the train-only phrasings."""
    head = s.split(" ", 1)[0].rstrip(",:")
    return s[:1].lower() + s[1:] if head in ml.MORE_LOWERABLE else tx.lower_first(s)


def _fact_turns(rng: random.Random, sentences: list[str], split: str) -> list[str]:
    """One user turn per fact, except that now and then two or three facts come in the same breath
    (more often in long lists, so that a 16-fact chat still fits a 512-token training row)."""
    turns: list[str] = []
    in_turn, p_merge = 0, 0.15 + len(sentences) / 40
    for s in sentences:
        if turns and in_turn < 3 and rng.random() < p_merge:
            turns[-1] += " " + s
            in_turn += 1
        else:
            turns.append(_chat_line(rng, s, split, True))
            in_turn = 1
    return turns


def _chat(rng: random.Random, split: str, n_facts: tuple[int, int]):
    """A chat transcript where the user mentions facts between ordinary small talk."""
    facts = _draw_facts(rng, corpus_attrs("person", split), _n(rng, n_facts, 16), split)
    says, sentences = _say_all(rng, facts, split, tx.SAY_FRAMES, tx.first_person(), False)
    turns: list[str | None] = list(_fact_turns(rng, sentences, split))
    # Filler grows slower than facts: a 16-fact chat must still fit a 512-token training row.
    turns += [None] * (rng.randint(1, 3) + len(turns) // 6)
    rng.shuffle(turns)
    lines = []
    if rng.random() < 0.5 - len(sentences) / 32:
        hello, reply = rng.choice(tx.GREETINGS)
        lines += [f"User: {hello}", f"Assistant: {reply}"]
    for t in turns:
        reply = rng.choice(tx.ASSISTANT_ACKS if t else tx.ASSISTANT_FILLER)
        lines += [f"User: {t or rng.choice(tx.USER_FILLER)}", f"Assistant: {reply}"]
    asks = _ask_all(rng, facts, split, tx.ASK_FRAMES, tx.first_person(), False, says, _YOU)
    return facts, says, asks, "\n".join(lines), {}


def _entity_name(rng: random.Random, etype: str, split: str) -> str:
    """An invented name of the right shape: "Brandholm", "the Velora", "Mount Tesh", "Kiro Labs"."""
    if etype == "town":
        return ev.value(rng, "town", _vs(split))
    if etype == "company":
        return ev.value(rng, "company", _vs(split))
    base = ev.name(rng, _vs(split))
    special = {"river": f"the {base}", "mountain": f"Mount {base}"}.get(etype)
    return special or f"{base} {ev.name(rng, _vs(split))}"


def _entry(rng: random.Random, etype: str, name: str, facts: dict[Attr, str], split: str):
    """One encyclopedia entry: a heading, an introduction, then its facts."""
    says, sentences = _say_all(rng, facts, split, tx.ENTITY_SAY_FRAMES, {"e": name}, False)
    intro = tx.fill(rng.choice(tx.ENTITY_INTROS[etype]), "", {"e": name}, False)
    heading = name[:1].upper() + name[1:]
    asks = _ask_all(rng, facts, split, tx.ENTITY_ASK_FRAMES, {"e": name}, False, says,
                    (tx.ENTITY_REPLY_FRAME, {"e": name}, False))
    return says, asks, f"{heading}\n{intro} {' '.join(sentences)}"


def _encyclopedia(rng: random.Random, split: str, n_facts: tuple[int, int]):
    """Short entries on invented towns, rivers, inventors, mountains and firms (one to five of them)."""
    n = _n(rng, n_facts, 16)
    facts: dict[Attr, str] = {}
    says: dict[str, str] = {}
    asks: dict[str, tuple[str, str]] = {}
    blocks, names = [], []
    for etype in rng.sample(list(ENTITY_TYPES), len(ENTITY_TYPES)):
        if len(facts) >= n:
            break
        name = _entity_name(rng, etype, split)
        avail = corpus_attrs(etype, split)
        k = min(n - len(facts), len(avail), rng.randint(1, max(1, len(avail))) if len(facts) else len(avail))
        ef = _draw_facts(rng, avail, k, split, tuple(facts.values()) + tuple(names) + (name,))
        if not ef:
            continue
        s, a, block = _entry(rng, etype, name, ef, split)
        facts.update(ef), says.update(s), asks.update(a), blocks.append(block), names.append(name)
    return facts, says, asks, "\n\n".join(blocks), {"subject": names}


def _ruled(rng: random.Random, split: str, n_facts: tuple[int, int], attrs: tuple[Attr, ...], slot: str,
           name: str, intros: tuple[str, ...]):
    """A title and rules about `name` (filled in as `slot`); each answer says its rule back."""
    facts = _draw_facts(rng, attrs, _n(rng, n_facts, 16), split, (name,))
    says, sentences = _say_all(rng, facts, split, (), {slot: name}, False)
    title = rng.choice(intros).replace("{" + slot + "}", name)
    doc = f"{title}\n{_layout(rng, sentences)}"
    asks = _ask_all(rng, facts, split, (), {slot: name}, False, says, ("", {slot: name}, False))
    return facts, says, asks, doc, {"subject": name}


def _rules(rng: random.Random, split: str, n_facts: tuple[int, int]):
    """The customs of an invented people, as a visitor's guide."""
    g = ev.name(rng, _vs(split)) + rng.choice(("ish", "ese", "i"))
    return _ruled(rng, split, n_facts, corpus_attrs("custom", split), "g", g, tx.RULE_INTROS)


def _workplace(rng: random.Random, split: str, n_facts: tuple[int, int]):
    """The house rules of an invented company (train split only: `english_workplace` says why)."""
    if split != "train":
        raise ValueError(f"the workplace kind is for training only, not split {split!r}")
    company = ev.value(rng, "company", split)
    return _ruled(rng, split, n_facts, TRAIN_KIND_ATTRS["workplace"], "o", company, WORKPLACE_INTROS)


def _notes(rng: random.Random, split: str, n_facts: tuple[int, int]):
    """A first-person note, diary entry or message: the writer's facts among distractor sentences
    with names, times and prices of their own, and prose lines (train split only)."""
    if split != "train":
        raise ValueError(f"the notes kind is for training only, not split {split!r}")
    writer_to = ev.name(rng, split)
    noise = distractors(rng, split, rng.randint(1, 3))
    avoid = (writer_to,) + tuple(x for _, x in noise)
    facts = _draw_facts(rng, corpus_attrs("person", split), _n(rng, n_facts, 16), split, avoid)
    says, sentences = _say_all(rng, facts, split, tx.SAY_FRAMES, tx.first_person(), False)
    for line in [s for s, _ in noise] + rng.sample(NOTE_LINES, rng.randint(0, 2)):
        sentences.insert(rng.randint(0, len(sentences)), line)
    opening, closing = (t.replace("{N}", writer_to) for t in rng.choice(NOTE_GENRES))
    doc = "\n".join(x for x in (opening, " ".join(sentences), closing) if x)  # a note's own lines
    asks = _ask_all(rng, facts, split, tx.ASK_FRAMES, tx.first_person(), False, says, _YOU)
    return facts, says, asks, doc, {"distractors": [x for _, x in noise]}


BUILDERS = {"facts": _facts, "bio": _bio, "chat": _chat, "encyclopedia": _encyclopedia, "rules": _rules,
            "workplace": _workplace, "notes": _notes, "scenes": scene, "profile": _profile}


def _valid(doc: str, facts: dict[Attr, str]) -> bool:
    """Each value occurs exactly once (case-insensitively) so it can be found and replaced."""
    low = doc.lower()
    return bool(facts) and all(low.count(v.lower()) == 1 for v in facts.values())


def _sample(rng: random.Random, kind: str, split: str, n_facts: tuple[int, int]) -> DocSample:
    for _ in range(MAX_TRIES):
        facts, says, asks, doc, extra = BUILDERS[kind](rng, split, n_facts)
        if _valid(doc, facts):
            return _qa_and_meta(facts, says, asks, kind, split, doc, extra)
    raise RuntimeError(f"no valid {kind} document in {MAX_TRIES} tries")


def english_samples(n: int, seed: int, split: str = "train", kinds: list[str] | None = None,
                    n_facts: tuple[int, int] = (1, 16), more_says: bool = False) -> list[DocSample]:
    """n English documents with one question per stated fact; kinds drawn uniformly from `kinds`;
    `more_says` adds `english_says`'s statements to the train phrasings.

    The count of facts is drawn uniformly from n_facts and capped where a kind has fewer attributes
    in the split (rules and encyclopedia in "heldout"); meta["n_facts"] is the real count."""
    split = split if split in PHRASING_SPLITS else ev.check_split(split)
    kinds = list(kinds or KINDS)
    unknown = [k for k in kinds if k not in BUILDERS]
    if unknown:
        raise ValueError(f"unknown kinds {unknown}; known: {list(KINDS + TRAIN_KINDS)}")
    if not 1 <= n_facts[0] <= n_facts[1]:
        raise ValueError(f"n_facts must be (lo, hi) with 1 <= lo <= hi, got {n_facts}")
    rng = random.Random(f"english-{seed}-{split}")
    with extra_says(more_says):
        return [_sample(rng, rng.choice(kinds), split, n_facts) for _ in range(n)]


def heldout_description() -> dict:
    """What the held-out split holds out, for an eval to print or save beside its numbers."""
    frames = {name: list(getattr(tx, name)[1]) for name in
              ("SAY_FRAMES", "ENTITY_SAY_FRAMES", "ASK_FRAMES", "BIO_ASK_FRAMES", "ENTITY_ASK_FRAMES",
               "CHAT_LEADS")}
    return {
        "attributes": sorted(HELDOUT_ATTRS),
        "n_attributes": {"train": len(ATTRS) - len(HELDOUT_ATTRS), "heldout": len(HELDOUT_ATTRS)},
        "generic_frames": frames,
        "specific_phrasings": sum(len(a.hsays) + len(a.hasks) for a in ATTRS.values()),
        "pool_values": {name: list(held) for name, (_, held) in ev.POOLS.items()},
        "synthesized_values": "held out when blake2b(text, digest_size=2)[0] % 4 == 0",
    }
