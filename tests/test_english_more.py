"""The train-only additions to the English corpus (english_more*, issue 17) leave every held-out split
byte-identical and never borrow a held-out kind or phrasing."""

from __future__ import annotations

import hashlib
import json
import re

from agenthn.world import english as en
from agenthn.world import english_more_lore as ml
from agenthn.world import english_text as tx

# sha256 of the documents below, computed on the code before the train-only kinds were added (commit
# 9382631): eval numbers of every shipped hypernetwork stay comparable only while these hold.
EVAL_SHA256 = "43c8e018afbd8540e5b39460ee7d1f8816711a9769778b1e4dae6120eb4af9d7"
HELDOUT_PHRASINGS_SHA256 = "1f637810756c2ef15447e9a3f18d40e881af5aabb1fe7b87a484607d427fda2d"


def _digest(split: str) -> str:
    h = hashlib.sha256()
    for seed in (0, 1, 7):
        for n_facts in ((1, 1), (16, 16), (1, 16)):
            for s in en.english_samples(300, seed, split, n_facts=n_facts):
                qas = [[q.question, q.answer, q.kind] for q in s.qas]
                h.update(json.dumps([s.doc, s.kind, qas, s.meta], sort_keys=True).encode())
    return h.hexdigest()


def test_heldout_splits_are_byte_identical():
    assert _digest("eval") == EVAL_SHA256
    assert _digest("heldout_phrasings") == HELDOUT_PHRASINGS_SHA256


def _train_only() -> list[en.Attr]:
    return [a for group in en.TRAIN_ONLY.values() for a in group]


def test_train_only_kinds_are_new_and_never_name_a_heldout_kind():
    new = _train_only()
    assert len(new) >= 150 and len({a.key for a in new}) == len(new)
    assert not {a.key for a in new} & {a.key for g in en.GROUPS.values() for a in g}
    for a in new:
        for held in en.HELDOUT_ATTRS:
            assert held not in a.key and held not in a.label, (a.key, held)
    assert set(en.TRAIN_ONLY) <= set(en.GROUPS) and all(k in en.ATTRS for k in ml.MORE_PHRASINGS)
    assert not set(ml.MORE_PHRASINGS) & en.HELDOUT_ATTRS


def _heldout_phrasings() -> set[str]:
    out = {t for a in en.ATTRS.values() for t in a.hsays + a.hasks}
    for pair in (tx.SAY_FRAMES, tx.ENTITY_SAY_FRAMES, tx.ASK_FRAMES, tx.BIO_ASK_FRAMES, tx.ENTITY_ASK_FRAMES,
                 tx.CHAT_LEADS):
        out |= set(pair[1])
    return out


def _skeleton(t: str, a: en.Attr | None) -> str:
    """The phrasing with its attribute's own nouns blanked: "{my} X answers to {v}." for any pet."""
    words = set(re.findall(r"[\w'-]+", f"{a.key} {a.label}")) if a else set()
    out = re.sub(r"[\w'-]+", lambda m: "X" if m.group(0) in words else m.group(0), t)
    return re.sub(r"X( X)+", "X", out)


def test_no_new_train_phrasing_repeats_a_heldout_one():
    held = _heldout_phrasings()
    held_skeletons = {_skeleton(t, a) for a in en.ATTRS.values() for t in a.hsays + a.hasks}
    # Shapes the train split already had (a generic frame "What is the {label} of {e}?") are not borrowed.
    old = [a for g in en.GROUPS.values() for a in g]
    held_skeletons -= {_skeleton(t, a) for a in old for t in a.says + a.asks}
    held_skeletons -= {t.replace("{label}", "X") for frames in ml.MORE_FRAMES for t in frames[0]}
    new = [(t, a) for a in _train_only() for t in a.says + a.asks]
    new += [(t, en.ATTRS[k]) for k, (says, asks) in ml.MORE_PHRASINGS.items() for t in says + asks]
    new += [(t, None) for frames in ml.MORE_FRAMES.values() for t in frames]
    new += [(t, None) for t in ml.MORE_CHAT_LEADS]
    assert len(new) >= 500
    for t, a in new:
        assert t not in held, t
        assert _skeleton(t, a) not in held_skeletons, t
    assert all(frames in (tx.SAY_FRAMES, tx.ENTITY_SAY_FRAMES, tx.ASK_FRAMES, tx.BIO_ASK_FRAMES,
                          tx.ENTITY_ASK_FRAMES) for frames in ml.MORE_FRAMES)


def test_train_documents_draw_the_new_kinds_and_phrasings():
    train = en.english_samples(2000, 3, "train")
    kinds = {q.kind for s in train for q in s.qas}
    new = {a.key for a in _train_only()}
    assert len(kinds & new) >= 0.9 * len(new)  # nearly all new kinds appear in 2000 documents
    templates = {t for s in train for pair in s.meta["templates"].values() for t in pair}
    extra = {t for says, asks in ml.MORE_PHRASINGS.values() for t in says + asks}
    extra |= {t for frames in ml.MORE_FRAMES.values() for t in frames}
    assert len(templates & extra) >= 0.8 * len(extra)
    for s in train[:500]:
        assert not re.search(r"[{}\[\]]", s.doc + " ".join(q.question for q in s.qas)), s.doc


def test_other_worlds_keep_drawing_the_old_train_kinds():
    """attrs_in_split (profile edits, English users, memory sets, probes) is unchanged: only the corpus
    adds the train-only kinds."""
    new = {a.key for a in _train_only()}
    for group in en.GROUPS:
        old = en.attrs_in_split(group, "train")
        assert not {a.key for a in old} & new
        assert en.corpus_attrs(group, "train")[: len(old)] == old
        assert en.corpus_attrs(group, "heldout") == en.attrs_in_split(group, "heldout")
        assert en.corpus_attrs(group, "heldout_phrasings") == old
