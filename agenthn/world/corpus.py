"""Dataset builders the training code calls: documents with questions, chat conversations, tokenizer text.

`doc_samples` feeds hypernetwork meta-training and internalization evals (every answer depends on the
document alone); `chat_samples` feeds base-model pretraining, with the needed information in context.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from agenthn.world import chat, skills, tasks, users
from agenthn.world import encyclopedia as enc
from agenthn.world import names as nm

DOC_KINDS = ["facts", "profile", "knowledge", "skill", "convo", "magic", "note"]
SHOW_STEPS = "Show your steps."


@dataclass
class QA:
    question: str
    answer: str
    kind: str  # "fact", "pref", "skill", "knowledge", "magic", "edit", "note"
    sentence: str = ""  # the answer as a whole sentence ("Your cat's name is Miso."), where a corpus has one


@dataclass
class DocSample:
    doc: str
    qas: list[QA]
    kind: str
    meta: dict = field(default_factory=dict)


def _facts(rng, split, n_facts):
    f = users.facts(rng, rng.randint(*n_facts), split)
    doc = "\n".join(users.state(rng, k, v, split) for k, v in f.items())
    qas = [QA(users.ask(rng, k, split), v, "fact") for k, v in f.items()]
    return DocSample(doc, qas, "facts", {"facts": f})


def _profile(rng, split, n_facts):
    """A profile document with style preferences; answers follow the style (checks in meta)."""
    f = users.facts(rng, rng.randint(1, min(4, n_facts[1])), split)
    profile = {**f, **users.prefs(rng, rng.randint(1, 3), split)}
    profile = dict(rng.sample(list(profile.items()), len(profile)))
    qas = [QA(users.ask(rng, k, split), users.style_answer(k, v, profile), "pref") for k, v in f.items()]
    meta = {"facts": f, "values": list(f.values()), "profile": profile, "checks": users.pref_checks(profile)}
    return DocSample(users.render_profile(profile), qas, "profile", meta)


def _knowledge(rng, split, n_facts):
    ents = [enc.entity(rng, split) for _ in range(1 if n_facts[1] < 6 else rng.randint(1, 2))]
    doc = "\n".join(enc.entry(rng, e, split) for e in ents)
    qas = [QA(*enc.question(rng, e, a, split), "knowledge") for e in ents for a in e.attrs]
    return DocSample(doc, qas, "knowledge", {"entities": [e.name for e in ents]})


def _flat(p: skills.Problem) -> str:
    return " ".join(q for q, _ in p.turns)


def _skill(rng, split, n_facts):
    rs = skills.rules(rng, rng.randint(2, 4), split)
    probs = [skills.problem(rng, rs, split) for _ in range(3)]
    qas = [QA(_flat(p), p.answer, "skill") for p in probs]
    meta = {"rules": rs, "problems": [p.turns for p in probs]}
    return DocSample(skills.skill_doc(rs), qas, "skill", meta)


def _convo(rng, split, n_facts):
    n_turns = rng.randint(3, 8)
    conv = chat.niah_conversation(rng, n_turns, rng.randint(1, min(n_facts[1], 3)), split)
    qas = [QA(q["question"], q["answer"], "fact") for q in conv["questions"]]
    return DocSample(chat.render(conv["messages"]), qas, "convo", {"messages": conv["messages"]})


def _magic(rng, split, n_facts):
    h = tasks.magic_haystack(rng, rng.randint(32, 256), split)
    meta = {k: h[k] for k in ("depth_bin", "depth", "n_tokens")}
    return DocSample(h["doc"], [QA(h["question"], h["answer"], "magic")], "magic", meta)


def _note(rng, split, n_facts):
    ms = [tasks.mistake(rng, split) for _ in range(rng.randint(1, 4))]
    doc = "\n".join(tasks.study_note(m) for m in ms)
    return DocSample(doc, [QA(m["question"], m["right"], "note") for m in ms], "note", {"mistakes": ms})


BUILDERS = {"facts": _facts, "profile": _profile, "knowledge": _knowledge, "skill": _skill,
            "convo": _convo, "magic": _magic, "note": _note}


def doc_samples(n: int, seed: int, split: str = "train", kinds: list[str] | None = None,
                n_facts: tuple[int, int] = (1, 8)) -> list[DocSample]:
    """n documents with questions answerable only from them; kinds drawn uniformly from `kinds`."""
    nm.check_split(split)
    rng = random.Random(f"doc-{seed}-{split}")
    kinds = kinds or DOC_KINDS
    return [BUILDERS[rng.choice(kinds)](rng, split, n_facts) for _ in range(n)]


def _sys(doc: str) -> list[dict]:
    return [{"role": "system", "content": doc}]


def _chat_doc(rng, split):
    """A document in the system message, then 1-3 of its questions as user/assistant turns."""
    s = BUILDERS[rng.choice(["facts", "facts", "profile", "knowledge", "magic", "note"])](rng, split, (1, 8))
    qas = rng.sample(s.qas, min(len(s.qas), rng.randint(1, 3)))
    return _sys(s.doc) + [m for qa in qas for m in chat.pair(qa.question, qa.answer)]


def _chat_convo(rng, split):
    """Facts said in earlier user turns, asked about at the end."""
    conv = chat.niah_conversation(rng, rng.randint(2, 10), rng.randint(1, 3), split)
    q = rng.choice(conv["questions"])
    return conv["messages"] + chat.pair(q["question"], q["answer"])


def _chat_unknown(rng, split):
    """The asked fact is nowhere in context: the right reply is "I don't know."."""
    f = users.facts(rng, rng.randint(0, 6) + 1, split)
    missing = rng.choice([k for k in users.ATTRS if k not in f])
    msgs = _sys(users.render_profile(f)) if rng.random() < 0.5 else []
    if not msgs and rng.random() < 0.5:
        e = enc.entity(rng, split)
        return chat.pair(enc.question(rng, e, rng.choice(list(e.attrs)), split)[0], chat.IDK)
    return msgs + chat.pair(users.ask(rng, missing, split), chat.IDK)


def _chat_skill(rng, split):
    """A skills document, then a (possibly multi-turn) problem; sometimes worked or recalled."""
    rs = skills.rules(rng, rng.randint(2, 4), split)
    p = skills.problem(rng, rs, split)
    msgs = _sys(skills.skill_doc(rs))
    style = rng.random()
    if len(p.turns) == 1 and style < 0.2:
        return msgs + chat.pair(f"{p.turns[0][0]} {SHOW_STEPS}", p.worked())
    if len(p.turns) == 1 and style < 0.4:
        return msgs + chat.pair(f"{p.turns[0][0]} {skills.NUDGE}", skills.recall_answer(rs, p))
    return msgs + [m for q, a in p.turns for m in chat.pair(q, a)]


def _chat_edit(rng, split):
    t = tasks.edit_task(rng, split)
    return chat.pair(tasks.edit_prompt(t["profile"], t["turn"]), t["edits"])


def _chat_note(rng, split):
    t = tasks.note_task(rng, split)
    return chat.pair(t["prompt"], t["note"])


def _chat_filler(rng, split):
    return [m for _ in range(rng.randint(1, 4)) for m in chat.pair(*chat.filler(rng, split))]


CHAT_MIX = [(_chat_doc, 6), (_chat_convo, 3), (_chat_unknown, 2), (_chat_skill, 3),
            (_chat_edit, 2), (_chat_note, 1), (_chat_filler, 1)]


def chat_samples(n: int, seed: int, split: str = "train") -> list[list[dict]]:
    """n conversations for base-model pretraining; the information needed is always in context."""
    nm.check_split(split)
    rng = random.Random(f"chat-{seed}-{split}")
    fns, weights = zip(*CHAT_MIX, strict=True)
    return [rng.choices(fns, weights)[0](rng, split) for _ in range(n)]


def tokenizer_corpus(seed: int, n: int = 3000) -> Iterator[str]:
    """Text covering both splits: conversations and documents, so eval names tokenize like train ones."""
    for split in nm.SPLITS:
        for msgs in chat_samples(n, seed, split):
            yield "\n".join(m["content"] for m in msgs)
        for s in doc_samples(n // 3, seed, split):
            yield s.doc + "\n" + "\n".join(f"{qa.question} {qa.answer}" for qa in s.qas)


def build_tokenizer(seed: int = 0, vocab_size: int = 4096):
    """A byte-level BPE tokenizer with the Gemma-style chat template, trained on `tokenizer_corpus`."""
    from agenthn.model.tokenizer import train_tokenizer

    return train_tokenizer(tokenizer_corpus(seed), vocab_size)
