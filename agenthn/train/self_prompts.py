"""Retention prompts the base writes itself (`hyper.retention_self`): quiz questions over many topics.

Why: the retention term teaches an adapter to leave alone the kinds of prompt it sees, kind by kind.
Session 22's probe (scripts/probe_retention_shapes.py) read the rise of the base reply's negative
log-likelihood under an adapter at 0.13 nats/token on the shapes the retention rows held and
0.42-0.51 on four shapes they never held, before and after training on a pool of 31-45 template
shapes. Templates will not cover what people ask; the base, asked "Write one quiz question about
submarines." for thousands of vocabulary words, writes questions of many more kinds ("What's the most
advanced submarine in the world?", "What is the fastest way to slow down a car?").

A written question is kept when its first line is one question of 4-25 words, and dropped when it is
a retention eval question or shares more than one content word with one (the same bound the template
pools are tested against), so the eval's questions stay unseen.
"""

from __future__ import annotations

import functools
import json
import logging
import random
import re
from importlib import resources

from agenthn.errors import AgentHNError
from agenthn.train.data import vocabulary_words

log = logging.getLogger(__name__)

ASK = "Write one quiz question about {}."
_LIST_MARK = re.compile(r"^\s*(?:\d+[.)]|[-*\u2022]|Q\d*[:.]|Question\s*\d*[:.])\s*", re.IGNORECASE)
# short function words the content-word bound ignores (tests/test_english.py bounds the template pools
# with this same function)
STOP = frozenset({"what", "which", "does", "have", "many", "about", "word", "mean", "name", "body"})


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4 and w not in STOP}


@functools.cache
def _eval_questions() -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    text = resources.files("agenthn.bench").joinpath("data/general_questions.jsonl").read_text("utf-8")
    qs = [json.loads(line)["question"] for line in text.splitlines() if line.strip()]
    return frozenset(q.lower() for q in qs), tuple(frozenset(content_words(q)) for q in qs)


def near_eval(question: str) -> bool:
    """An eval question itself, or one sharing more than one content word with any eval question."""
    exact, evals = _eval_questions()
    words = content_words(question)
    return question.lower() in exact or any(len(words & e) > 1 for e in evals)


def first_question(reply: str) -> str | None:
    """The reply's first line as one question, list marks and quotes stripped; None when it is not one."""
    line = next((ln for ln in reply.splitlines() if ln.strip()), "")
    q = _LIST_MARK.sub("", line).strip().strip("\"'").strip()
    n_words = len(q.split())
    if not q.isascii() or not q.endswith("?") or q.count("?") != 1 or '"' in q or not 4 <= n_words <= 25:
        return None
    return q[0].upper() + q[1:]


def self_written_questions(gen, words: list[str], n: int, seed: int, batch: int = 256) -> list[str]:
    """Up to n distinct quiz questions the model behind `gen` (a BatchEngine) writes about random
    `words` (topics), none near an eval question; asks at most 4n times (fewer come back when the
    model rarely writes a usable question: a random test model writes none)."""
    if not words or n <= 0:
        return []
    rng = random.Random(f"self-prompts-{seed}")
    out: dict[str, None] = {}
    asked = 0
    while len(out) < n and asked < 4 * n:
        topics = [rng.choice(words) for _ in range(min(batch, 4 * n - asked))]
        asked += len(topics)
        replies = gen.chat_batch([[{"role": "user", "content": ASK.format(w)}] for w in topics],
                                 max_new_tokens=40)
        for reply in replies:
            q = first_question(reply)
            if q and not near_eval(q):
                out.setdefault(q)
    return list(out)[:n]


def with_self_written(gen, tokenizer, typed: list[tuple[str, str]], hp) -> list[tuple[str, str]]:
    """`typed` (retention prompts with answer types) with its last `hp.retention_self` share replaced by
    questions the base writes itself; the pool's share (`retention_general`) stays at the front."""
    room = 1.0 - hp.retention_general
    if not 0.0 <= hp.retention_self <= room:
        raise AgentHNError(f"hyper.retention_self={hp.retention_self!r}: a share of the retention prompts, "
                           f"0 to {room:g} beside hyper.retention_general={hp.retention_general!r}")
    m = round(len(typed) * hp.retention_self)
    # topics: the vocabulary's whole words (none for a tokenizer without byte-level word pieces)
    written = self_written_questions(gen, vocabulary_words(tokenizer), m, hp.seed)
    log.info("retention prompts: %d of the %d asked for written by the base itself", len(written), m)
    return typed[: len(typed) - len(written)] + [(q, "") for q in written]
