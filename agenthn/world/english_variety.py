"""More ways of stating a fact, for training documents only (issue 17, session 17).

`bench.train_gap` found smol's hypernetwork (v8) reading a one-fact document's value tokens 0.94 of the
time when the document states the fact in a training phrasing and 0.83 when it uses a held-out one,
while held-out *question* phrasings cost nothing (0.96). Each training attribute has about three
statement templates of its own, so the hypernetwork learned those templates. This rewrites the
sentences that state facts in an already rendered document: a lead-in ("Before I forget, ..."), a
closing clause ("..., as it happens."), an adverb after "is" ("is actually"), an aside before it
("My gym fee, as you may know, is ..."), or the value first
("Miso is my cat's name."). None of these words is in any held-out template, frame or lead (a test
checks), and the rewrite is kept only if every answer still occurs exactly once in the document.

    vary_doc(sample, rng, p=0.6) -> DocSample   # each fact sentence rewritten with probability p
"""

from __future__ import annotations

import random
import re

from agenthn.world import english_text as tx
from agenthn.world.corpus import DocSample

LEADS = ("Before I forget, ", "Oh, one more thing: ", "Quick update: ", "Fun fact: ", "In case it matters, ",
         "Not sure I said this, but ", "FYI, ", "Heads up: ", "Random detail: ",
         "For what it's worth, ", "Funny enough, ", "As it turns out, ", "To be clear, ", "P.S. ",
         "Here's a thing: ", "If it helps, ")
TAILS = (", as it happens.", ", believe it or not.", ", for what it's worth.", ", if you were wondering.",
         " -- that much I know.", ", last time I checked.", ", to be precise.", ", no joke.",
         ", in case it comes up.", ", for the record books.", "!", " (true story).")
ADVERBS = ("actually", "still", "officially", "currently", "definitely")
ASIDES = (", as you may know,", " (don't laugh)", ", funnily enough,", ", if memory serves,", " (I checked)",
          ", for those keeping track,")
SPEAKER = re.compile(r"^(User|Assistant): ")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _lead(rng: random.Random, s: str, value: str) -> str:
    """A lead-in, where the sentence's first word may be lower-cased after it ("my", "the"; not a name
    or a word the English text module does not know to be lowerable: then a closing clause instead)."""
    low = tx.lower_first(s)
    return rng.choice(LEADS) + low if low != s or s.startswith("I ") else _tail(rng, s, value)


def _tail(rng: random.Random, s: str, value: str) -> str:
    return s[:-1] + rng.choice(TAILS) if s.endswith(".") and not s.endswith(value) else s


def _adverb(rng: random.Random, s: str, value: str) -> str:
    i = s.find(" is ")
    return s[:i] + f" is {rng.choice(ADVERBS)} " + s[i + 4:] if 0 <= i < s.find(value) else s


def _aside(rng: random.Random, s: str, value: str) -> str:
    """"My gym fee, as you may know, is 40 pounds a month.": an aside before the "is" of the value."""
    i = s.find(" is ")
    return s[:i] + rng.choice(ASIDES) + s[i:] if 0 < i < s.find(value) else s


def _value_first(rng: random.Random, s: str, value: str) -> str:
    """"My cat's name is Miso." -> "Miso is my cat's name." (copular sentences ending in the value)."""
    m = re.fullmatch(r"([A-Z][^,;:!?]*?) is " + re.escape(value) + r"\.", s)
    return f"{value} is {tx.lower_first(m.group(1))}." if m else s


REWRITES = (_lead, _tail, _adverb, _aside, _value_first)


def vary_sentence(rng: random.Random, s: str, value: str) -> str:
    """One rewrite of a sentence that states `value`; the sentence itself when the drawn one does not fit."""
    return rng.choice(REWRITES)(rng, s, value)


def _vary_line(rng: random.Random, line: str, answers: list[str], p: float) -> str:
    m = SPEAKER.match(line)
    head, body = (m.group(0), line[m.end():]) if m else ("", line)
    out = []
    for s in SENTENCE_END.split(body):
        held = [a for a in answers if a in s]
        out.append(vary_sentence(rng, s, held[0]) if len(held) == 1 and rng.random() < p else s)
    return head + " ".join(out)


def vary_doc(sample: DocSample, rng: random.Random, p: float = 0.6) -> DocSample:
    """The document with each sentence that states one fact rewritten with probability p; the original
    when a rewrite would make an answer occur other than exactly once."""
    answers = sorted({q.answer for q in sample.qas}, key=len, reverse=True)
    doc = "\n".join(_vary_line(rng, line, answers, p) for line in sample.doc.split("\n"))
    if doc == sample.doc or any(doc.count(a) != 1 for a in answers):
        return sample
    return DocSample(doc, sample.qas, sample.kind, dict(sample.meta))
