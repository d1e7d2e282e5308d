"""Self-improvement plumbing on a random tiny model: grading, itemized note edits (add/fix/drop), empty
notebooks, note validation, and the drift guard that rolls a round back."""

from pathlib import Path

import pytest

from agenthn.agent.improve import ImproveConfig, Improver, is_correct, note_items
from agenthn.agent.retrieval import best_entries
from agenthn.engine.batching import shared_engine
from agenthn.errors import AgentHNError, EmptyDocumentError
from agenthn.store import Store
from agenthn.world import tasks


@pytest.fixture()
def db(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    uid = store.create_user("ana")[0].id
    yield store, uid
    store.close()


QS = [{"question": f"What is the river of Town{i}?", "answer": f"Riv{i}",
       "source": f"The river of Town{i} is Riv{i}."}
      for i in range(4)]


def test_grading_and_items():
    assert is_correct(" Vella. ", "vella") and not is_correct("Vella Street", "Vella")
    assert note_items("- a fact\nnoise\n- Q: x A: y\n-   \n") == ["a fact", "Q: x A: y"]


def test_empty_notes_are_clear_errors(tiny, db, tmp_path):
    store, uid = db
    imp = Improver(tiny, store, uid, QS)
    with pytest.raises(EmptyDocumentError, match="no notes"):
        imp.notes_document()
    with pytest.raises(EmptyDocumentError, match="no notes"):
        imp.internalize_notes()
    empty = tmp_path / "notes.md"
    empty.write_text("\n  \n")
    with pytest.raises(EmptyDocumentError, match="is empty"):
        imp.import_notes(empty)
    assert imp.notes() == []
    with pytest.raises(AgentHNError):
        Improver(tiny, store, uid, [])
    (tmp_path / "good.md").write_text("- The river of Town0 is Riv0.\n- Q: x A: Riv0")
    assert [e["op"] for e in imp.import_notes(Path(tmp_path / "good.md"))] == ["ADD", "ADD"]
    assert imp.notes_document() == "- The river of Town0 is Riv0.\n- Q: x A: Riv0"


def test_notes_change_only_by_itemized_edits(tiny, db):
    store, uid = db
    imp = Improver(tiny, store, uid, QS)
    m = {**QS[0], "wrong": "Oslo", "right": "Riv0"}
    first = imp.apply_note(m, "- The river of Town0 is Riv0.\n- Q: river? A: Riv0, not Oslo.\n"
                              "- Riv0 is the river.\n- extra", round=1)
    # items are checked one by one: "extra" states nothing and is dropped, its siblings are kept
    assert [e.get("op", e["type"]) for e in first] == ["note_item_dropped", "ADD", "ADD", "ADD"]
    # the same question fails again: its items are fixed in place, a surplus one dropped, nothing rewritten
    second = imp.apply_note(m, "- The river of Town0 is Riv0.\n- Q: river of Town0? A: Riv0, not Oslo.",
                            round=2)
    assert [(e["op"], e["old_text"]) for e in second] == [("FIX", "Q: river? A: Riv0, not Oslo."),
                                                          ("DROP", "Riv0 is the river.")]
    assert [n.text for n in imp.notes()] == ["The river of Town0 is Riv0.",
                                             "Q: river of Town0? A: Riv0, not Oslo."]
    assert [e.op for e in store.note_history(uid, "improve")] == ["ADD", "ADD", "ADD", "FIX", "DROP"]
    # a note that does not state the right answer (or has no items) is rejected, the notebook untouched
    bad = imp.apply_note({**QS[1], "wrong": "x", "right": "Riv1"}, "- something unrelated", round=2)
    assert bad[-1]["type"] == "note_rejected" and "right answer" in bad[-1]["reason"]
    assert [e["type"] for e in imp.apply_note(m, "I think it is Riv0", round=2)] == ["note_rejected"]
    assert len(imp.notes()) == 2


def test_a_garbled_item_beside_a_good_one_is_dropped(tiny, db):
    store, uid = db
    imp = Improver(tiny, store, uid, QS)
    m = {**QS[2], "wrong": "Oslo", "right": "Riv2"}
    note = ("- The river of Town2 is Riv2.\n"          # good
            "- The river of Gasnoho is noted Riv2.\n"  # garbled: states the answer, names what nothing said
            "- Riv2 Riv2 Riv2 Riv2 Riv2.\n"            # a decoding loop
            "- Town2 has mountains, bridges and Riv2 forests.\n"  # words the mistake never used
            "- Answer: Riv2")  # true, but says what it is about to no question
    events = imp.apply_note(m, note, round=1)
    dropped = {e["item"]: e["reason"] for e in events if e["type"] == "note_item_dropped"}
    assert set(dropped) == set(note_items(note)[1:])
    assert "Gasnoho" in dropped["The river of Gasnoho is noted Riv2."]
    assert dropped["Riv2 Riv2 Riv2 Riv2 Riv2."] == "repeats itself"
    assert dropped["Answer: Riv2"] == "says nothing about the question"
    assert [n.text for n in imp.notes()] == ["The river of Town2 is Riv2."]
    # an English note without bullets is read sentence by sentence, each sentence judged alone
    loose = Improver(tiny, store, uid, QS, config=ImproveConfig(loose_items=True, notebook="en"))
    m3 = {**QS[3], "wrong": "Oslo", "right": "Riv3"}
    out = loose.apply_note(m3, "The answer is incorrect. The river of Town3 is Riv3.", round=1)
    assert [e.get("op", e["type"]) for e in out] == ["note_item_dropped", "ADD"]
    assert [n.text for n in loose.notes()] == ["The river of Town3 is Riv3."]


def _cold_answers(model, qs):
    convs = [[{"role": "user", "content": q["question"]}] for q in qs]
    return [a.strip() for a in shared_engine(model).chat_batch(convs, max_new_tokens=8)]


def test_drift_guard_rolls_back_a_round(tiny, db):
    store, uid = db
    # Expected answers = the random model's own cold answers, so cold accuracy is high and any change the
    # notes adapter makes to the answers lowers it: the round must be rolled back.
    qs = [dict(q) for q in QS]
    for q, a in zip(qs, _cold_answers(tiny, qs), strict=True):
        q["answer"] = a
    qs[0]["answer"] = "Riv0"  # one failure, so there is something to write a note about
    writer = lambda ms: [tasks.study_note(m) * 3 for m in ms]  # noqa: E731 - an oracle note writer
    imp = Improver(tiny, store, uid, qs, config=ImproveConfig(answer_tokens=8), record=True,
                   note_writer=writer)
    events = list(imp.run(1))
    done = [e for e in events if e["type"] == "round_done"]
    assert done[0]["attempted_accuracy"] == 0.75
    rolled = [e for e in events if e["type"] == "rolled_back"]
    assert len(rolled) == 1 and rolled[0]["accuracy_after"] < 0.75 and rolled[0]["edits_undone"] >= 2
    assert done[1]["rolled_back"] is True and done[1]["attempted_accuracy"] == 0.75
    assert imp.notes() == [] and all(e.undone for e in store.note_history(uid, "improve"))
    run = store.list_runs(uid, "improve")[0]
    assert run.status == "done" and len(store.run_events(uid, run.run_id)) == len(events)


def test_accepted_round_keeps_notes(tiny, db):
    store, uid = db
    writer = lambda ms: [tasks.study_note(m) for m in ms]  # noqa: E731
    imp = Improver(tiny, store, uid, QS, unseen=QS[:1], config=ImproveConfig(answer_tokens=4, tolerance=1.0),
                   note_writer=writer)
    events = list(imp.run(1))
    types = [e["type"] for e in events]
    assert types[0] == "round_started" and "adapter_refreshed" in types and "rolled_back" not in types
    graded = [e["set"] for e in events if e["type"] == "graded"]
    assert graded == ["attempted", "unseen", "attempted", "unseen"]
    assert len(imp.notes()) == 2 * len(QS)  # every question failed cold: two items each
    assert events[-1] == {"type": "round_done", "round": 1, "attempted_accuracy": 0.0, "unseen_accuracy": 0.0,
                          "notes": 8, "rolled_back": False}


def test_bench_improve_smoke(tiny, tmp_path):
    from agenthn.bench.improve import run

    out = run(tiny, 1, 1, 0, str(tmp_path / "i.json"), str(tmp_path / "i.png"), writers=["reference"])
    rounds = out["results"]["reference"]["rounds"]
    assert [r["round"] for r in rounds] == [0, 1] and rounds[1]["notes"] > 0
    assert (tmp_path / "i.png").stat().st_size > 0


def test_each_question_uses_the_note_it_matches(tiny, db, tmp_path):
    """Notes are internalized one part per item; a question composes only the item that shares its
    words (the same delta as internalizing that item alone); retrieve_k=0 uses the whole notebook."""
    import torch

    store, uid = db
    notes = tmp_path / "notes.md"
    notes.write_text("".join(f"- {q['source']}\n" for q in QS))
    imp = Improver(tiny, store, uid, QS)
    imp.import_notes(notes)
    whole = imp.internalize_notes()
    assert len(whole.meta.entries) == len(QS)
    picked = imp.adapter_for("What is the river of Town2?", whole)
    item = [ln for ln in imp.notes_document().split("\n") if "Town2" in ln]
    alone = tiny.generate_adapters(item)[0]
    assert picked.rank == alone.rank < whole.rank
    assert all(torch.allclose(picked.delta(m, i), alone.delta(m, i), atol=1e-5)
               for m in alone.modules for i in range(alone.num_layers))
    assert imp.adapter_for("Something else entirely", whole) is None
    # what a probe shows as retrieved is the line of the part that was picked
    assert best_entries(whole, "What is the river of Town2?", 1) == item
    assert best_entries(whole, "Something else entirely", 1) == [] and best_entries(None, "x", 1) == []
    imp.config.retrieve_k = 0
    assert imp.adapter_for("What is the river of Town2?", whole) is whole


def test_rejected_model_notes_are_redrafted(tiny, db):
    store, uid = db
    failures = [{**q, "wrong": "Oslo", "right": q["answer"]} for q in QS[:2]]
    cfg = ImproveConfig(note_tokens=12, redrafts=2)
    imp = Improver(tiny, store, uid, QS, config=cfg)
    # the random model never states the right answer: every draft is rejected, three per failure
    rejected = lambda evs: [e for e in evs if e["type"] == "note_rejected"]  # noqa: E731
    events = rejected(imp.write_notes(failures, rnd=1))
    assert [(e["question"], e["draft"]) for e in events] == \
        [(m["question"], d) for d in range(3) for m in failures]
    greedy = {e["question"]: e["text"] for e in events if e["draft"] == 0}
    assert any(e["text"] != greedy[e["question"]] for e in events if e["draft"] > 0)  # sampled, not repeated
    assert [e["text"] for e in rejected(imp.write_notes(failures, rnd=1))] == [e["text"] for e in events]
    assert len(rejected(Improver(tiny, store, uid, QS, config=ImproveConfig(note_tokens=12, redrafts=0))
                        .write_notes(failures, rnd=1))) == len(failures)
    # another writer's notes are taken as they are, never redrafted
    teacher = Improver(tiny, store, uid, QS, config=cfg,
                       note_writer=lambda ms: ["- nothing useful"] * len(ms))
    assert [e["draft"] for e in rejected(teacher.write_notes(failures, rnd=1))] == [0, 0]
    assert imp.notes() == []
