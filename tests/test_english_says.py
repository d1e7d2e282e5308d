"""english_says: more statement phrasings for every training attribute (issue 17), drawn only when a run
sets `hyper.more_says`. Off, the train split is byte for byte what earlier stages trained on; on or
off, the held-out splits do not move and no new template borrows a held-out phrasing's shape."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from test_english_more import EVAL_SHA256, _digest, _heldout_phrasings, _skeleton

from agenthn.train.data import doc_samples
from agenthn.train.presets import get_preset
from agenthn.world import english as en
from agenthn.world import english_text as tx
from agenthn.world.english_says import EXTRA_SAYS, extra_says, extra_says_on

ALL_KINDS = ["facts", "bio", "chat", "encyclopedia", "rules", "workplace", "notes"]
# sha256 of train documents of all kinds, computed on the code before english_says existed (a12b729).
TRAIN_SHA256 = "e677edf973a95d2d9d77bde675fe0d8da4eb9760b34fbd7040865576d2372264"
SLOTS = {"e": "Ashby Vale", "g": "Tormish", "o": "Kellan Foods"}


def _train_digest(more_says: bool) -> str:
    h = hashlib.sha256()
    for seed in (0, 5):
        for s in en.english_samples(400, seed, "train", kinds=ALL_KINDS, more_says=more_says):
            qas = [[q.question, q.answer, q.kind] for q in s.qas]
            h.update(json.dumps([s.doc, s.kind, qas, s.meta], sort_keys=True).encode())
    return h.hexdigest()


def test_off_the_train_split_is_unchanged_and_on_it_differs():
    assert _train_digest(False) == TRAIN_SHA256
    assert _train_digest(True) != TRAIN_SHA256


def test_every_training_attribute_gets_more_and_no_heldout_one_does():
    train = {k for k in en.ATTRS if k not in en.HELDOUT_ATTRS}
    assert set(EXTRA_SAYS) == train
    for key, says in EXTRA_SAYS.items():
        a = en.ATTRS[key]
        assert len(says) >= 4 and len(set(says)) == len(says), key
        assert not set(says) & set(a.says + a.hsays), key


def test_templates_fill_in_both_persons_with_one_value():
    for key, says in EXTRA_SAYS.items():
        a = en.ATTRS[key]
        allowed = {"{v}", "{a}"} | set(re.findall(r"\{\w+\}", " ".join(a.says)))
        for t in says:
            assert t.count("{v}") == 1 and set(re.findall(r"\{[^}]*\}", t)) <= allowed, (key, t)
            assert t[-1] in ".!?", (key, t)
            for third in (False, True):
                person = tx.third_person(True) if third else tx.first_person()
                s = tx.fill(t, "Porto", {**person, **SLOTS, "label": a.label}, third)
                assert s.count("Porto") == 1 and not re.search(r"[{}\[\]|]", s), (key, t, s)


def test_no_template_repeats_a_heldout_phrasing():
    held = _heldout_phrasings()
    held_skeletons = {_skeleton(t, a) for a in en.ATTRS.values() for t in a.hsays + a.hasks}
    for key, says in EXTRA_SAYS.items():
        for t in says:
            assert t not in held and _skeleton(t, en.ATTRS[key]) not in held_skeletons, (key, t)


def test_heldout_splits_do_not_move_with_the_flag_on():
    with extra_says(True):
        assert extra_says_on()
        assert _digest("eval") == EVAL_SHA256
    assert not extra_says_on()  # the block restores the default


def test_training_documents_draw_the_new_statements():
    hp = get_preset("smol", **{"hyper.more_says": True, "hyper.kinds": ",".join(ALL_KINDS[:-1])}).hyper
    samples = doc_samples(hp, 1500, 4, "train")
    drawn = {t for s in samples for t, _ in s.meta["templates"].values()}
    extra = {t for says in EXTRA_SAYS.values() for t in says}
    assert len(drawn & extra) >= 0.5 * len(extra)
    for s in samples[:300]:
        assert not re.search(r"[{}\[\]]", s.doc), s.doc
        for q in s.qas:  # every answer stated exactly once, as the corpus requires
            assert s.doc.count(q.answer) == 1, (q.answer, s.doc)


@pytest.mark.parametrize("split", ["heldout", "eval"])
def test_the_flag_reaches_only_the_train_split(split):
    hp = get_preset("smol", **{"hyper.more_says": True}).hyper
    extra = {t for says in EXTRA_SAYS.values() for t in says}
    drawn = {t for s in doc_samples(hp, 200, 1, split) for t, _ in s.meta["templates"].values()}
    assert not drawn & extra
