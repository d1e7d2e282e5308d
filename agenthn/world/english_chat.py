"""English data for the memory benchmarks on English bases (issue 19): long chats with facts said in
passing, and magic-number haystacks of ordinary English prose.

    needle_conversation(rng, n_turns, n_needles, split, phase) -> {"messages", "needles", "questions"}
    niah_set(n, seed, n_turns, n_needles, split="heldout")     -> the conversation needle benchmark's set
    magic_set(n, seed, target_tokens, split="heldout", count_tokens=...) -> the magic-number haystacks
    probes(seed, split="train")                                -> self-study questions (Cartridges)

A conversation has the shape of `world.chat.niah_conversation` (the tiny world's), so every baseline
runs on both unchanged. What it is made of comes from the English corpus (`world.english*`), the same
pieces the smol hypernetwork was trained on, with its held-out split for evaluation: attribute kinds,
statement and question phrasings and values never trained on. Filler turns are small talk (user lines
and assistant replies of `english_text`) and state nothing; a needle is one user turn that states one
fact in passing ("Unrelated, but my gate code is 4821."), acknowledged by the assistant; its question
is drawn from the attribute's question phrasings, which never repeat the statement, and never holds
the answer. Each value occurs exactly once in its conversation (case-insensitively), so "the answer is
in the reply" can only come from the needle.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from agenthn.world import english as en
from agenthn.world import english_text as tx
from agenthn.world import english_values as ev
from agenthn.world.chat import needle_positions, pair

MAX_TRIES = 40
MAGIC_NEEDLE = "The special magic number is {n}."
MAGIC_QUESTION = "What is the special magic number? Reply with only the number."


def filler(rng: random.Random) -> tuple[str, str]:
    """One exchange of small talk; now and then a greeting (no facts in either line)."""
    if rng.random() < 0.05:
        return rng.choice(tx.GREETINGS)
    return rng.choice(tx.USER_FILLER), rng.choice(tx.ASSISTANT_FILLER)


def _needles(rng: random.Random, n: int, split: str) -> list[tuple[en.Attr, str, str, str]]:
    """n facts about the user: (attribute, value, the user's turn stating it, the question about it)."""
    facts = en._draw_facts(rng, en.attrs_in_split("person", split), n, split)
    out = []
    for a, v in facts.items():
        slots = {**tx.first_person(), "label": a.label}
        say = tx.fill(en._pick(rng, a, split, "say", tx.SAY_FRAMES), v, slots, False)
        ask = tx.fill(en._pick(rng, a, split, "ask", tx.ASK_FRAMES), v, slots, False)
        out.append((a, v, en._chat_line(rng, say, split), ask))
    return out


def _draft(rng: random.Random, n_turns: int, n_needles: int, split: str, phase: float | None) -> dict:
    pos = needle_positions(rng, n_turns, n_needles, phase)
    at = dict(zip(pos, _needles(rng, len(pos), split), strict=True))
    messages, needles = [], []
    for t in range(n_turns):
        if t in at:
            a, v, said, _ = at[t]
            messages += pair(said, rng.choice(tx.ASSISTANT_ACKS))
            needles.append({"key": a.key, "value": v, "turn": t, "depth": t / n_turns, "text": said})
        else:
            messages += pair(*filler(rng))
    qs = [{"question": at[n["turn"]][3], "answer": n["value"], "key": n["key"], "depth": n["depth"],
           "needle": n["text"]} for n in needles]
    return {"messages": messages, "needles": needles, "questions": qs}


def well_formed(conv: dict) -> bool:
    """Each value said exactly once in the whole chat, never in its question, and each question is not
    its needle's sentence."""
    text = "\n".join(m["content"] for m in conv["messages"]).lower()
    return all(text.count(q["answer"].lower()) == 1 and q["answer"].lower() not in q["question"].lower()
               and q["question"].lower() not in q["needle"].lower() for q in conv["questions"])


def needle_conversation(rng: random.Random, n_turns: int, n_needles: int, split: str = "heldout",
                        phase: float | None = None) -> dict:
    """n_turns exchanges with n_needles facts at balanced depths (see `chat.needle_positions`).

    Returns {"messages", "needles": [{"key", "value", "turn", "depth", "text"}], "questions":
    [{"question", "answer", "key", "depth", "needle"}]}; depth = the needle's turn / n_turns."""
    split = ev.check_split(split)
    n_needles = min(n_needles, n_turns, len(en.attrs_in_split("person", split)))
    for _ in range(MAX_TRIES):
        conv = _draft(rng, n_turns, n_needles, split, phase)
        if well_formed(conv):
            return conv
    raise RuntimeError(f"no well-formed {n_turns}-turn conversation in {MAX_TRIES} tries")


def niah_set(n: int, seed: int, n_turns: int, n_needles: int = 1, split: str = "heldout") -> list[dict]:
    """n conversations; needle depths rotate over 10 bins across the set (as the tiny world's set)."""
    split = ev.check_split(split)
    rng = random.Random(f"english-niah-{seed}-{split}-{n_turns}")
    return [{**needle_conversation(rng, n_turns, n_needles, split, phase=(i % 10 + rng.random()) / 10),
             "depth_bin": i % 10} for i in range(n)]


# ---- magic number ---------------------------------------------------------------------------------

def _prose(rng: random.Random, split: str) -> str:
    """One sentence of plain English that states no number: asides, small talk, short descriptions of
    invented places and people."""
    r = rng.random()
    if r < 0.3:
        etype = rng.choice(sorted(tx.ENTITY_INTROS))
        name = en._entity_name(rng, etype, split)
        return tx.fill(rng.choice(tx.ENTITY_INTROS[etype]), "", {"e": name}, False)
    if r < 0.5:
        she = rng.random() < 0.5
        subject, obj = ("She", "her") if she else ("He", "him")
        return rng.choice(tx.BIO_ASIDES).replace("{S}", subject).replace("{O}", obj)
    if r < 0.7:
        return rng.choice(tx.FACT_ASIDES)
    line = rng.choice(tx.USER_FILLER)
    return line[:1].upper() + line[1:]


def _magic_number(rng: random.Random, split: str) -> str:
    return ev.draw(rng, split, lambda: str(rng.randint(1000, 9999)))


def magic_haystack(rng: random.Random, target_tokens: int, split: str = "heldout",
                   depth_bin: int | None = None, count_tokens: Callable[[str], int] | None = None) -> dict:
    """English prose of about target_tokens tokens (by `count_tokens`; words and marks if None) with the
    needle sentence at depth bin `depth_bin` (0..9, random if None), grown sentence by sentence.

    Returns {"doc", "question", "answer", "depth_bin", "depth", "n_tokens", "n_sentences"} like
    `tasks.magic_haystack`."""
    from agenthn.world.tasks import approx_tokens

    count = count_tokens or approx_tokens
    split = ev.check_split(split)
    number = _magic_number(rng, split)
    sentences: list[str] = []
    per = max(1.0, count(" ".join(_prose(rng, split) for _ in range(20))) / 20)
    while len(sentences) * per < target_tokens - per:
        sentences.append(_prose(rng, split))
    b = rng.randrange(10) if depth_bin is None else depth_bin
    pos = min(len(sentences), int((b + rng.random()) * (len(sentences) + 1) / 10))
    sentences.insert(pos, MAGIC_NEEDLE.format(n=number))
    doc = _paragraphs(rng, sentences)
    return {"doc": doc, "question": MAGIC_QUESTION, "answer": number, "depth_bin": b,
            "depth": pos / max(len(sentences) - 1, 1), "n_tokens": count(doc), "n_sentences": len(sentences)}


def _paragraphs(rng: random.Random, sentences: list[str]) -> str:
    out, i = [], 0
    while i < len(sentences):
        k = rng.randint(3, 7)
        out.append(" ".join(sentences[i: i + k]))
        i += k
    return "\n\n".join(out)


def magic_set(n: int, seed: int, target_tokens: int, split: str = "heldout",
              count_tokens: Callable[[str], int] | None = None) -> list[dict]:
    """n haystacks of about target_tokens tokens; item i has its needle in depth bin i % 10."""
    split = ev.check_split(split)
    rng = random.Random(f"english-magic-{seed}-{split}-{target_tokens}")
    return [magic_haystack(rng, target_tokens, split, i % 10, count_tokens) for i in range(n)]


def probes(seed: int = 0, split: str = "train") -> list[str]:
    """One question per person attribute of the split, in the split's phrasings: the self-study
    questions a Cartridges baseline trains on (train split: never the evaluation's phrasings)."""
    rng = random.Random(f"english-probes-{seed}-{split}")
    out = []
    for a in en.attrs_in_split("person", ev.check_split(split)):
        out.append(tx.fill(en._pick(rng, a, split, "ask", tx.ASK_FRAMES), "", {**tx.first_person(),
                                                                                "label": a.label}, False))
    return out
