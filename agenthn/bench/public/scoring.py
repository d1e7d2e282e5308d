"""Scores: LoCoMo's official token F1 and adversarial rule, and the labelled no-judge proxy for LongMemEval.

LoCoMo (as its evaluator describes): commas dropped, lower case, punctuation and the words a, an, the
and "and" removed, tokens Porter-stemmed, F1 over the multiset of shared tokens.
- category 1 (multi-hop): gold and reply are split on commas; score = mean over the gold parts of the
  best F1 against any reply part;
- category 3 (open-domain): only the gold answer up to its first ';' counts;
- categories 2 and 4: plain F1;
- category 5 (adversarial): 1 when the reply says "no information available" or "not mentioned", else 0.

LongMemEval is officially judged by a language model (`judge`); `contains_match` is a proxy for runs
without one and is reported under that name, never as accuracy.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from functools import lru_cache

_ARTICLES = re.compile(r"\b(a|an|the|and)\b")
_PUNCT = str.maketrans("", "", string.punctuation)
ADVERSARIAL_PHRASES = ("no information available", "not mentioned")
# what a reply that declines to answer says; the proxy's abstention rule and a fallback for the judge
ABSTAIN_PHRASES = ADVERSARIAL_PHRASES + (
    "don't know", "do not know", "not know", "cannot be answered", "can't be answered", "cannot answer",
    "can't answer", "no information", "not enough information", "did not mention", "didn't mention",
    "never mentioned", "not sure", "unknown", "no record", "not specified", "cannot determine",
    "can't determine", "not provided")


def normalize(text: str) -> str:
    text = text.replace(",", "").lower().translate(_PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("porter")  # the original Porter algorithm


def tokens(text: str) -> list[str]:
    words = normalize(text).split()
    return _stemmer().stemWords(words) if words else []


def token_f1(reply: str, gold: str) -> float:
    r, g = tokens(reply), tokens(gold)
    same = sum((Counter(r) & Counter(g)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(r), same / len(g)
    return 2 * precision * recall / (precision + recall)


def multi_f1(reply: str, gold: str) -> float:
    """Category 1: each comma-separated gold part scored by its best-matching reply part, then averaged."""
    parts = gold.split(",")
    replies = reply.split(",")
    return sum(max(token_f1(r, g) for r in replies) for g in parts) / len(parts)


def says_not_available(reply: str) -> bool:
    low = reply.lower()
    return any(p in low for p in ADVERSARIAL_PHRASES)


def locomo_score(category: int, reply: str | None, gold: str) -> float:
    """The official per-question score; a reply that was not produced (prompt did not fit) scores 0."""
    if reply is None:
        return 0.0
    if category == 5:
        return 1.0 if says_not_available(reply) else 0.0
    if category == 1:
        return multi_f1(reply, gold)
    if category == 3:
        gold = gold.split(";")[0].strip()
    return token_f1(reply, gold)


def declines(reply: str) -> bool:
    low = reply.lower().replace("’", "'")
    return any(p in low for p in ABSTAIN_PHRASES)


def contains_match(reply: str | None, gold: str, abstention: bool = False) -> bool:
    """The no-judge proxy: the normalized gold answer appears in the normalized reply (an abstention
    question: the reply declines). Not LongMemEval's metric; reported as `contains_match_proxy`."""
    if reply is None:
        return False
    if abstention:
        return declines(reply)
    g = normalize(gold)
    return bool(g) and g in normalize(reply)
