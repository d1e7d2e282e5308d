"""Skills plumbing on a random tiny model: limits, internalize-once, the nudge, composition with others."""

import pytest
import torch

from agenthn.agent.skills import Skills
from agenthn.engine.batching import shared_engine
from agenthn.errors import DocumentTooLongError, EmptyDocumentError, NotFoundError
from agenthn.store import AdapterFiles, Store
from agenthn.world.skills import NUDGE

RULES = "Rules:\nThe zorbic of a and b is 2*a + 1*b + 3.\nThe flim of x is 3*x - 1."


def test_empty_and_oversized_documents_are_clear_errors(tiny):
    sk = Skills(tiny, max_doc_tokens=20)
    with pytest.raises(EmptyDocumentError):
        sk.load_document("  \n ", name="blank")
    with pytest.raises(DocumentTooLongError, match=r"tokens, over the skills limit of 20"):
        sk.load_document(RULES * 3, name="big")
    assert sk.loaded == []  # nothing half-loaded
    assert Skills(tiny, max_doc_tokens=10**9).max_doc_tokens == tiny.max_doc_tokens  # never above the engine


def test_internalized_once_and_persisted(tiny, tmp_path):
    store = Store(tmp_path / "db.sqlite")
    files = AdapterFiles(tmp_path / "a", store)
    uid = store.create_user("ana")[0].id
    sk = Skills(tiny, files=files, user_id=uid)
    a = sk.load_document(RULES, name="arith")
    assert sk.load_document(RULES, name="arith") is a  # same text: no second hypernetwork pass
    assert store.find_adapter(uid, "skills", "arith") is not None
    again = Skills(tiny, files=files, user_id=uid).load_document(RULES, name="arith")
    assert torch.equal(again.A["down_proj"], a.A["down_proj"])  # came back from disk
    changed = sk.load_document(RULES + "\nThe blip of x is x.", name="arith")
    assert changed.meta.source_hash != a.meta.source_hash
    store.close()


def test_nudge_and_composition(tiny):
    sk = Skills(tiny)
    with pytest.raises(NotFoundError):
        sk.adapter(["missing"])
    assert sk.adapter() is None
    a = sk.load_document(RULES, name="arith")
    b = sk.load_document("Rules:\nThe flim of x is 4*x.", name="more")
    assert sk.adapter().rank == a.rank + b.rank - a.meta.n_static  # static block kept once
    msgs = [{"role": "user", "content": "What is the flim of 3?"}, {"role": "assistant", "content": "8"},
            {"role": "user", "content": "Now the zorbic of that and 2?"}]
    nudged = sk.nudged(msgs)
    assert nudged[-1]["content"].endswith(NUDGE) and nudged[0] == msgs[0]
    assert msgs[-1]["content"].endswith("2?")
    memory = tiny.internalize("My locker code is 4821.")
    reply = shared_engine(tiny).chat(nudged, [sk.adapter(["arith"]), memory], max_new_tokens=6)
    assert isinstance(reply, str)


def test_final_answer():
    assert Skills.final_answer("The zorbic of 3 and 5 is 14.\nAnswer: 14") == "14"
    assert Skills.final_answer("it is -3, no wait 7") == "7"
    assert Skills.final_answer("no idea") is None


def test_bench_skills_smoke(tiny, tmp_path):
    from agenthn.bench.skills import CONDITIONS, run

    out = run(tiny, 1, 2, 2, 0, str(tmp_path / "s.json"), str(tmp_path / "s.png"), max_new_tokens=6)
    assert [(r["condition"], r["nudge"]) for r in out["rows"]] == CONDITIONS
    assert all(r["problems"] == 2 for r in out["rows"]) and (tmp_path / "s.png").stat().st_size > 0
