"""Typed retention pairing (`hyper.retention_typed`): retention prompts know the type of answer they want,
documents know the types of their values, and a step's retention rows can be re-drawn so that an
adapter meets the questions its own values could wrongly answer."""

from __future__ import annotations

import collections

import numpy as np

from agenthn.train import data
from agenthn.world import english as en
from agenthn.world import english_prompts as ep

# A question of each WORLD template, with the type its answer is (what the table must say).
EXPECTED = {"Who is the author of": "name", "Which city hosted": "city", "Which city is home to": "city",
            "What is the official language of": "language", "What colour is": "colour",
            "How many players": "number", "How many": "number", "What is the plural": "word",
            "What does the word": "", "What does": ""}


def test_typed_prompts_are_the_prompts_with_their_answer_types():
    typed = ep.retention_prompts_typed(3000, 5)
    assert [p for p, _ in typed] == en.retention_prompts(3000, 5)  # the same stream as before
    kinds = collections.Counter(k for _, k in typed)
    assert {"name", "city", "number", "colour", "language"} <= set(kinds) and kinds[""] > len(typed) / 2
    for p, k in typed:
        for stem, want in EXPECTED.items():
            if stem in p:
                assert k == want, (p, k)
                break
        else:
            assert k in ("", "name", "word"), (p, k)  # other people, words, requests


def test_value_types_follow_the_attributes():
    assert len(ep.WORLD_TYPES) == len(ep.WORLD) and len(ep.FACTUAL_TYPES) == len(ep.FACTUAL)
    assert set(ep.VALUE_TYPES) <= {a.kind for a in en.ATTRS.values()}  # no type for a kind nobody has
    seen = collections.Counter()
    for s in en.english_samples(300, 3, "train", n_facts=(1, 4)):
        types = data.value_types(s)
        kinds = {en.ATTRS[k].kind for k in s.meta["facts"]}
        assert ("city" in types) == bool(kinds & {"city", "town", "country"})
        assert ("name" in types) == ("name" in kinds)
        assert ("colour" in types) == bool(kinds & {"colour", "eye colour"})
        assert set(types) <= {"name", "city", "colour", "language", "number"} and list(types) == sorted(types)
        seen.update(types)
    assert {"name", "city", "number"} <= set(seen)


def _row(*types: str) -> data.HyperRow:
    enc = data.Encoded(np.zeros(1, dtype=np.int32), np.zeros(1, dtype=np.uint8))
    return data.HyperRow(None, "doc", 1, enc, enc, types)


def test_typed_keep_pairs_rows_with_prompts_of_their_value_types():
    keep_types = ["", "city", "", "name", "city", "colour", ""]
    by_type = data.index_types(keep_types)
    assert by_type == {"city": [1, 4], "name": [3], "colour": [5]}
    rows = [_row("city"), _row(), _row("name", "number"), _row("number")]
    kidx = [0, 2, 6, 0, 2, 6, 0, 2]  # row j meets batch row j % 4
    out = data.typed_keep(kidx, rows, by_type, 1.0, seed=0, step=3)
    assert out == data.typed_keep(kidx, rows, by_type, 1.0, seed=0, step=3)  # the same on a resume
    for j, k in enumerate(out):
        row_types = [t for t in rows[j % 4].types if t in by_type]
        if row_types:
            assert keep_types[k] in row_types  # a prompt that wants one of its document's value types
        else:
            assert k == kidx[j]  # no typed prompt for it ("number" here): left as drawn
    assert data.typed_keep(kidx, rows, by_type, 0.0, seed=0, step=3) == kidx  # share 0: unchanged
    # share 0.5: of the rows that could be re-drawn (batch rows 0 and 2), some are and some are not
    drawn = [data.typed_keep(kidx, rows, by_type, 0.5, seed=0, step=s) for s in range(40)]
    changed = [sum(a != b for a, b in zip(o, kidx, strict=True)) for o in drawn]
    assert all(c <= 4 for c in changed) and 0 < sum(changed) < 4 * 40
