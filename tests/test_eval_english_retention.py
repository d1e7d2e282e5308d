"""`eval_english.retention_under` and `retention` on the tiny model: which adapter each general question is
asked under, and how the counts of `retention` fit together. The model is real; `ask` is only wrapped to
record what it was given, and the general questions are cut to a few to keep the test fast."""

import statistics

import pytest

from agenthn.bench import eval_english

pytestmark = pytest.mark.usefixtures("one_torch_thread")

N_QUESTIONS = 10


@pytest.fixture(scope="module")
def tiny():
    import agenthn

    return agenthn.load("tiny", device="cpu")


@pytest.fixture
def calls(monkeypatch):
    """Every `eval_english.ask` call as (questions, adapters, replies), still answered by the model."""
    seen = []
    real = eval_english.ask

    def recording(model, questions, docs=None, adapters=None, max_new_tokens=24, copies=None):
        replies = real(model, questions, docs=docs, adapters=adapters, max_new_tokens=max_new_tokens,
                       copies=copies)
        seen.append((list(questions), adapters, replies))
        return replies

    monkeypatch.setattr(eval_english, "ask", recording)
    return seen


def _general(n: int = N_QUESTIONS) -> list[dict]:
    return eval_english.read_jsonl("general_questions.jsonl")[:n]


@pytest.mark.parametrize("shift", [0, 1, 2])
def test_question_i_is_asked_under_adapter_i_plus_shift(tiny, calls, shift):
    kept = _general(7)  # 7 questions over 3 adapters: every shift gives a different assignment
    adapters = eval_english.eval_internalize.adapters_for(
        tiny, ["My bike is red.", "I live in Oslo.", "My dog is called Rex."])
    res = eval_english.retention_under(tiny, kept, adapters, shift)
    [(questions, rows, replies)] = calls
    assert questions == [q["question"] for q in kept]
    want = [adapters[(i + shift) % len(adapters)] for i in range(len(kept))]
    assert len(rows) == len(kept) and all(r is w for r, w in zip(rows, want, strict=True))
    assert res == eval_english.score(replies, [q["answers"] for q in kept]) and res["n"] == len(kept)


def _rigged(model) -> list[dict]:
    """The first general questions, every other one made "right" for this model: its own greedy base
    reply becomes the accepted answer (so `base_right` is known without hard-coding any output)."""
    qs = _general()
    base = eval_english.ask(model, [q["question"] for q in qs], max_new_tokens=32)  # as base_right_general
    out = []
    for i, (q, reply) in enumerate(zip(qs, base, strict=True)):
        right = i % 2 == 0 and eval_english.norm(reply)  # an empty reply cannot be graded right
        out.append({**q, "answers": [reply] if right else ["zzqx-never-said"]})
    return out


def _retention(model, calls, monkeypatch, qs: list[dict]) -> tuple[dict, list[tuple]]:
    """`retention` over `qs` as the general questions, and the `ask` calls it made."""
    calls.clear()
    monkeypatch.setattr(eval_english, "read_jsonl",
                        lambda name: qs if name == "general_questions.jsonl" else pytest.fail(name))
    return eval_english.retention(model, n_docs=2), list(calls)


def test_retention_counts_agree(tiny, calls, monkeypatch):
    qs = _rigged(tiny)
    right = [q for q in qs if q["answers"][0] != "zzqx-never-said"]
    assert right, "the tiny model gave no gradable reply to rig as right"
    res, seen = _retention(tiny, calls, monkeypatch, qs)
    assert res["asked"] == len(qs) and res["base_right"] == len(right) <= res["asked"]
    assert [qs[i] for i in res["kept"]] == right  # which questions, for paired comparisons
    # asked once without adapters (all), then the ones the base got right, each under a document's adapter
    (base_qs, base_rows, _), (kept_qs, rows, replies) = seen
    assert base_qs == [q["question"] for q in qs] and base_rows is None
    assert kept_qs == [q["question"] for q in right] and rows and all(r is not None for r in rows)
    with_adapter = res["with_adapter"]
    assert with_adapter["n"] == res["base_right"]
    assert res["retention_pct"] == with_adapter["contained"]
    still = sum(eval_english.grade(r, q["answers"])[0] for r, q in zip(replies, right, strict=True))
    assert with_adapter["contained"] == pytest.approx(100.0 * still / len(right))

    # a known retention: every other kept question also accepts its own reply under the adapter, so
    # exactly those (plus any already kept right) stay right, and the percentage must follow
    by_question = dict(zip(kept_qs, replies, strict=True))
    accept = {q["question"] for q in right[::2] if eval_english.norm(by_question[q["question"]])}
    assert accept, "no gradable reply under an adapter"
    again = [{**q, "answers": q["answers"] + [by_question[q["question"]]]} if q["question"] in accept else q
             for q in qs]
    res2, _ = _retention(tiny, calls, monkeypatch, again)
    assert (res2["asked"], res2["base_right"]) == (res["asked"], res["base_right"])
    kept_right = {q["question"] for r, q in zip(replies, right, strict=True)
                  if eval_english.grade(r, q["answers"])[0]}
    assert res2["retention_pct"] == pytest.approx(100.0 * len(accept | kept_right) / len(right))
    assert res2["retention_pct"] == res2["with_adapter"]["contained"] > 0.0


def test_retention_sets_ask_other_documents(tiny, calls, monkeypatch):
    qs = _rigged(tiny)
    monkeypatch.setattr(eval_english, "read_jsonl",
                        lambda name: qs if name == "general_questions.jsonl" else pytest.fail(name))
    _, kept_qs = eval_english.base_right_general(tiny)
    calls.clear()
    res = eval_english.retention_sets(tiny, kept_qs, 3, n_docs=2, sizes=(1, 4))
    assert [r["facts"] for r in res["rows"]] == [1, 4, 1]  # sizes cycled
    kept = [q["question"] for q in qs if q["answers"][0] != "zzqx-never-said"]
    asked = [c for c in calls if c[1] is not None]  # the calls under adapters: one per set
    assert len(asked) == 3 and all(c[0] == kept for c in asked)
    pcts = [r["retention_pct"] for r in res["rows"]]
    # each set keeps its questions' outcomes (for paired comparisons), and they add up to its rate
    assert all(len(r["right"]) == len(kept) for r in res["rows"])
    assert pcts == [pytest.approx(100.0 * sum(r["right"]) / len(kept)) for r in res["rows"]]
    assert res["mean"] == pytest.approx(sum(pcts) / 3)
    assert res["stdev"] == pytest.approx(statistics.stdev(pcts))
    # every set's documents differ from the eval's own and from each other
    own = eval_english.fact_items(2, 1)
    others = [eval_english.fact_items(2, 1, seed=eval_english.SETS_SEED + i) for i in (0, 2)]
    assert own != others[0] and others[0] != others[1]
    assert eval_english.fact_items(2, 1) == eval_english.fact_items(2, 1, seed=eval_english.SEED)


def test_run_with_one_part_asks_only_that_part(tiny, calls, monkeypatch):
    """`--only retention`: the facts, composition and paragraphs are neither asked nor printed."""
    qs = _rigged(tiny)
    monkeypatch.setattr(eval_english, "read_jsonl",
                        lambda name: qs if name == "general_questions.jsonl" else pytest.fail(name))
    monkeypatch.setattr("agenthn.load", lambda *a, **k: tiny)
    calls.clear()
    res = eval_english.run("tiny", n=4, retention_sets_n=1, parts=("retention",))
    assert not {"facts", "composition", "paragraphs"} & set(res) and res["retention"]["sets"]["rows"]
    asked = {q for c in calls for q in c[0]}
    assert asked <= {q["question"] for q in qs}  # no fact or paragraph question was asked
    text = eval_english.table(res)
    assert text.startswith("retention: ") and "fact" not in text and "paragraphs" not in text


def test_cli_names_an_unknown_part(caplog):
    from agenthn.cli.main import main

    assert main(["eval", "internalize", "--model", "smol", "--only", "retention,recall"]) == 2
    assert "'recall'" in caplog.text and "paragraphs" in caplog.text
