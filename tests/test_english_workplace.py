"""The train-only workplace rules (english_workplace): new families, train split only, answers that say
the rule back, and nothing drawn unless a run asks for the kind."""

from __future__ import annotations

import re

import pytest

from agenthn.world import english as en
from agenthn.world import english_skills as sk
from agenthn.world.english_workplace import WORKPLACE

# What each benchmark family is about; a workplace rule naming one would train the benchmark's family.
BENCH_TOPICS = ("wifi", "refund", "printer", "jam", "email", "distance", "badge", "timesheet", "fire",
                "park", "garage", "greeting", "phone", "laptop", "fee")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def test_workplace_families_are_not_the_benchmarks():
    # BENCH_TOPICS covers exactly these families: a new benchmark family fails here until it is added.
    assert {f.key for f in sk.FAMILIES} == {"wifi", "refunds", "jam", "signoff", "units", "badge",
                                            "timesheet", "fire", "parking", "greeting", "fee"}
    for a in WORKPLACE:
        words = set().union(*(_words(t) for t in a.says + a.asks))
        hits = [t for t in BENCH_TOPICS if any(w.startswith(t) for w in words)]
        assert not hits, f"{a.key!r} names a benchmark topic: {hits}"


def test_workplace_keys_are_their_own():
    others = {a.key for groups in (en.GROUPS, en.TRAIN_ONLY) for g in groups.values() for a in g}
    assert not others & {a.key for a in WORKPLACE}
    assert len({a.key for a in WORKPLACE}) == len(WORKPLACE)


def test_workplace_documents_answer_with_the_rule():
    samples = en.english_samples(200, 3, "train", kinds=["workplace"], n_facts=(1, 16))
    assert {s.kind for s in samples} == {"workplace"}
    for s in samples:
        company = s.meta["subject"]
        assert s.doc.split("\n")[0].count(company) == 1
        for qa in s.qas:
            assert qa.answer not in qa.question
            assert qa.sentence.count(qa.answer) == 1 and company in qa.sentence
            assert qa.sentence in s.doc  # the rule said back as the document states it


def test_workplace_is_never_drawn_by_default_nor_outside_train():
    kinds = {s.kind for s in en.english_samples(300, 4, "train", n_facts=(1, 4))}
    assert "workplace" not in kinds and kinds <= set(en.KINDS)
    for split in ("eval", "heldout_phrasings"):
        with pytest.raises(ValueError, match="workplace"):
            en.english_samples(3, 0, split, kinds=["workplace"])
