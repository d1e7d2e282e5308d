"""Bring-your-own LongMemEval and LoCoMo files (issue 20): parsing in the published schemas, the errors
that name item and field, the official scores against hand-computed values, the judge over real HTTP on
loopback, and both commands end to end on the tiny model."""

import json
from pathlib import Path

import pytest

from agenthn.bench.public import locomo, longmemeval
from agenthn.bench.public.schema import BenchFileError
from agenthn.bench.public.scoring import contains_match, locomo_score, multi_f1, token_f1

# tiny runs fastest on one thread, and a busy 2-core machine punishes OpenMP spin-waits (conftest)
pytestmark = pytest.mark.usefixtures("one_torch_thread")

DATA = Path(__file__).parent / "data"
LME = DATA / "longmemeval_tiny.json"
LOCOMO = DATA / "locomo_tiny.json"


def _write(tmp_path, items, name="bad.json") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(items))
    return p


# ---- parsing ---------------------------------------------------------------------------------------
def test_longmemeval_parses_published_schema():
    convs = longmemeval.parse(LME)
    assert [c.id for c in convs] == ["e47becba", "7161e7e2_abs"]
    q = convs[0].questions[0]
    assert q.group == "single-session-user" and q.date == "2023/05/30 (Tue) 23:40" and not q.abstention
    assert q.evidence_turns == ["answer_280352e9#0"] and q.evidence_sessions == ["answer_280352e9"]
    assert convs[1].questions[0].abstention  # the `_abs` suffix
    history, keys = convs[0].history()
    assert len(history) == 6 and keys[2] == "answer_280352e9#0"
    # sessions in order, each first turn carrying its session's date
    assert history[0]["content"].startswith("[2023/05/20 (Sat) 02:21] ")
    assert history[2]["content"].startswith("[2023/05/21 (Sun) 14:05] My locker")
    assert history[3]["role"] == "assistant" and not history[3]["content"].startswith("[")


def test_locomo_parses_published_schema():
    convs = locomo.parse(LOCOMO)
    assert [c.id for c in convs] == ["conv-1", "conv-2"]
    c = convs[0]
    assert [s.date for s in c.sessions] == ["1:56 pm on 8 May, 2023", "7:10 pm on 20 May, 2023"]
    history, keys = c.history()
    assert keys == ["D1:1", "D1:2", "D1:3", "D2:1", "D2:2"]
    assert history[0] == {"role": "user",
                          "content": "[1:56 pm on 8 May, 2023] Caroline: Hey Mel! I went to a "
                                     "support group for painters yesterday."}
    assert history[1]["role"] == "assistant"
    assert "shares a photo: a photo of a colorful mural" in history[2]["content"]
    assert [q.category for q in c.questions] == [1, 2, 3, 4, 5]
    assert c.questions[4].answer == "a sunset mural"  # category 5: the adversarial answer
    assert convs[1].questions[1].answer == "2023"     # numeric gold answers are read as text


def test_locomo_sessions_in_numeric_order(tmp_path):
    items = json.loads(LOCOMO.read_text())
    conv = items[1]["conversation"]
    conv["session_10_date_time"], conv["session_10"] = "1:00 pm on 1 March, 2023", [
        {"speaker": "Gina", "dia_id": "D10:1", "text": "Store opened."}]
    conv["session_2_date_time"], conv["session_2"] = "1:00 pm on 1 February, 2023", [
        {"speaker": "Jon", "dia_id": "D2:1", "text": "Studio opened."}]
    c = locomo.parse(_write(tmp_path, items))[1]
    assert [s.id for s in c.sessions] == ["session_1", "session_2", "session_10"]


@pytest.mark.parametrize("mutate, needle", [
    (lambda it: it[1].pop("question_date"),
     "item 1 (question_id '7161e7e2_abs'): field 'question_date' is missing"),
    (lambda it: it[0].update(question_type="single-hop"),
     "item 0 (question_id 'e47becba'): field 'question_type'"),
    (lambda it: it[0]["haystack_dates"].pop(), "field 'haystack_sessions' has 2 sessions"),
    (lambda it: it[0]["haystack_sessions"][1][2].pop("role"),
     "field 'haystack_sessions[1][2].role' is missing"),
    (lambda it: it[0]["haystack_sessions"][1][0].update(has_answer="yes"),
     "field 'haystack_sessions[1][0].has_answer' must be true or false"),
    (lambda it: it[1]["haystack_sessions"][0][0].update(content=None),
     "item 1 (question_id '7161e7e2_abs'): field 'haystack_sessions[0][0].content' must be a string"),
    (lambda it: it[0].update(answer_session_ids=["nope"]), "field 'answer_session_ids[0]' names 'nope'"),
    (lambda it: it.append(["not", "an", "object"]), "item 2: must be an object"),
])
def test_longmemeval_malformed_names_item_and_field(tmp_path, mutate, needle):
    items = json.loads(LME.read_text())
    mutate(items)
    with pytest.raises(BenchFileError) as e:
        longmemeval.parse(_write(tmp_path, items))
    assert needle in e.value.message and "bad.json" in e.value.message


@pytest.mark.parametrize("mutate, needle", [
    (lambda it: it[0].pop("sample_id"), "item 0: field 'sample_id' is missing"),
    (lambda it: it[1]["conversation"].pop("speaker_b"),
     "(sample_id 'conv-2'): field 'conversation.speaker_b'"),
    (lambda it: it[0]["conversation"].pop("session_2_date_time"),
     "field 'conversation.session_2_date_time' is missing"),
    (lambda it: it[0]["conversation"]["session_1"][1].pop("dia_id"),
     "field 'conversation.session_1[1].dia_id'"),
    (lambda it: it[0]["conversation"]["session_2"][0].update(speaker="Bob"),
     "field 'conversation.session_2[0].speaker'"),
    (lambda it: it[0]["qa"][3].pop("answer"), "(sample_id 'conv-1'): field 'qa[3].answer' is missing"),
    (lambda it: it[0]["qa"][4].pop("adversarial_answer"), "field 'qa[4].adversarial_answer' is missing"),
    (lambda it: it[1]["qa"][0].update(category=7), "field 'qa[0].category' must be one of"),
    (lambda it: it[1]["qa"][0].update(evidence="D1:1"), "field 'qa[0].evidence' must be a list"),
])
def test_locomo_malformed_names_item_and_field(tmp_path, mutate, needle):
    items = json.loads(LOCOMO.read_text())
    mutate(items)
    with pytest.raises(BenchFileError) as e:
        locomo.parse(_write(tmp_path, items))
    assert needle in e.value.message


def test_unreadable_files(tmp_path):
    for text, needle in (("{not json", "not a JSON file"), ('{"a": 1}', "JSON list of items"),
                         ("[]", "no items")):
        p = tmp_path / "f.json"
        p.write_text(text)
        with pytest.raises(BenchFileError, match=needle):
            locomo.parse(p)
    with pytest.raises(BenchFileError, match="no such file"):
        longmemeval.parse(tmp_path / "missing.json")


def test_filters():
    convs = longmemeval.parse(LME)
    assert [c.id for c in longmemeval.select(convs, ["knowledge-update"], None)] == ["7161e7e2_abs"]
    assert len(longmemeval.select(convs, None, 1)) == 1
    with pytest.raises(BenchFileError, match="unknown question type"):
        longmemeval.select(convs, ["multi-hop"], None)
    lc = locomo.select(locomo.parse(LOCOMO), [2, 5], None)
    assert [[q.category for q in c.questions] for c in lc] == [[2, 5], [2]]
    assert [c.id for c in locomo.select(locomo.parse(LOCOMO), [1], None)] == ["conv-1"]  # conv-2 has no cat 1
    assert len(locomo.select(locomo.parse(LOCOMO), None, 1, max_questions=2)[0].questions) == 2


# ---- scoring (hand-computed) -----------------------------------------------------------------------
def test_token_f1_normalization_and_stemming():
    # "the", "and" dropped: reply {cat, dog} vs gold {dog}: P 1/2, R 1 -> 2/3
    assert token_f1("The cat and the dog", "a dog") == pytest.approx(2 / 3)
    assert token_f1("Running!", "runs") == 1.0              # Porter: both "run"
    assert token_f1("7 May, 2023", "7 May 2023") == 1.0     # commas and punctuation dropped
    assert token_f1("blue red green", "red blue") == pytest.approx(0.8)  # P 2/3, R 1
    assert token_f1("", "anything") == 0.0 and token_f1("Paris", "London") == 0.0


def test_locomo_scores_per_category():
    # cat 1: gold parts painting -> 1 (best reply part), swimming -> 0: mean 0.5
    assert multi_f1("hiking, painting", "painting, swimming") == 0.5
    assert locomo_score(1, "hiking, painting", "painting, swimming") == 0.5
    # cat 1, partial part: "pottery class" vs gold part "pottery": P 1/2 R 1 -> 2/3; "hiking" -> 1; mean 5/6
    assert locomo_score(1, "hiking, pottery class", "hiking, pottery") == pytest.approx(5 / 6)
    # cat 3: only the gold up to the first ';'
    assert locomo_score(3, "Likely yes", "Likely yes; she paints murals") == 1.0
    assert locomo_score(2, "on 7 May 2023", "7 May 2023") == pytest.approx(2 * 0.75 / 1.75)  # P 3/4, R 1
    assert locomo_score(4, "Sweden", "Sweden") == 1.0
    assert locomo_score(5, "That is not mentioned in the conversation.", "a sunset mural") == 1.0
    assert locomo_score(5, "No information available.", "x") == 1.0
    assert locomo_score(5, "A sunset mural", "a sunset mural") == 0.0
    assert locomo_score(4, None, "Sweden") == 0.0  # a prompt that did not fit scores 0


def test_contains_match_proxy():
    assert contains_match("Your code is 4821.", "4821")
    assert not contains_match("Your code is 4812.", "4821")
    assert contains_match("I don't know your parrot's name.", "never mentioned a parrot", abstention=True)
    assert not contains_match("Your parrot is called Kiwi.", "never mentioned a parrot", abstention=True)
    assert not contains_match(None, "4821")


def test_whole_words_proxy_beside_contains_proxy():
    """The plot-27 reply "2704" holds the answer only inside a longer word: contained, not whole words."""
    from agenthn.bench.public.schema import Question

    score = longmemeval.benchmark(None).score
    q = Question(id="plot", group="single-session-user", question="Which plot is mine?", answer="27")
    inside = score(q, "Your allotment is plot 2704.")
    assert inside["contains_match_proxy"] and not inside["whole_words_proxy"]
    word = score(q, "Plot 27, by the shed.")
    assert word["contains_match_proxy"] and word["whole_words_proxy"]
    assert not score(q, "Plot 72.")["whole_words_proxy"]
    assert not score(q, None)["whole_words_proxy"]  # a prompt that did not fit
    abstain = Question(id="x_abs", group="single-session-user", question="Which plot?",
                       answer="never mentioned a plot", abstention=True)
    assert score(abstain, "I don't know which plot.")["whole_words_proxy"]
    assert not score(abstain, "Plot 27.")["whole_words_proxy"]


# ---- evidence mapping ------------------------------------------------------------------------------
def test_used_turns_maps_retrieved_texts_back_to_turns():
    from agenthn.bench.public.runner import recall, used_turns

    history = [{"role": "user", "content": "[d1] My code is 4821."},
               {"role": "assistant", "content": "Noted."},
               {"role": "user",
                "content": "word " * 30 + "tail of a very long turn that memory split in two"},
               {"role": "assistant", "content": "Fine."}]
    # RAG retrieves messages verbatim; memory segments render "User: ..." lines
    assert used_turns(["[d1] My code is 4821."], history) == {0}
    assert used_turns(["User: [d1] My code is 4821.\nAssistant: Noted."], history) == {0, 1}
    # a piece of a split long turn (>= 40 characters) names its turn; a short line alone would not
    assert used_turns(["User: tail of a very long turn that memory split in two"], history) == {2}
    assert used_turns(["User: Fine"], history) == set()
    assert recall(["a", "b"], {"b", "c"}) == 0.5 and recall([], {"a"}) is None


def test_unresolved_evidence_is_listed(tmp_path):
    from agenthn.bench.public.runner import unresolved_evidence

    items = json.loads(LOCOMO.read_text())
    items[1]["qa"][0]["evidence"] = ["D1:1", "D7:3"]
    assert unresolved_evidence(locomo.parse(_write(tmp_path, items))) == ["conv-2/qa0: D7:3"]
    assert unresolved_evidence(longmemeval.parse(LME)) == []


# ---- the judge over real HTTP on loopback -----------------------------------------------------------
@pytest.fixture(scope="module")
def judge_server():
    """A tiny OpenAI-compatible judge on 127.0.0.1: "yes" when the response contains the correct answer
    (abstention prompts: when it declines), else "No."; it keeps every prompt it was sent."""
    import re
    import socket
    import threading
    import time

    import uvicorn
    from fastapi import FastAPI

    from agenthn.bench.public.scoring import declines

    app, seen = FastAPI(), []

    @app.post("/v1/chat/completions")
    def complete(body: dict):
        text = body["messages"][0]["content"]
        seen.append({"model": body["model"], "prompt": text})
        answer = re.search(r"^Correct answer: (.*)$", text, re.MULTILINE).group(1)
        response = re.search(r"^Response: (.*)$", text, re.MULTILINE).group(1)
        ok = declines(response) if "cannot be answered from the conversation" in text else \
            answer.lower() in response.lower()
        return {"choices": [{"message": {"role": "assistant", "content": "Yes." if ok else "No."}}]}

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the judge server did not start"
        time.sleep(0.05)
    yield {"url": f"http://127.0.0.1:{port}/v1", "seen": seen}
    server.should_exit = True
    thread.join(timeout=10)


def test_judge_rules_and_verdicts_over_http(judge_server):
    from agenthn.bench.public.judge import Judge, longmemeval_rule, parse_verdict

    j = Judge(judge_server["url"], "fake-judge", api_key_env=None)
    assert j.grade("default", "Code?", "4821", "It is 4821.") == {"correct": True, "judge_reply": "Yes."}
    assert j.grade("temporal-reasoning", "How many days?", "3 days", "5 days")["correct"] is False
    assert "off by one" in judge_server["seen"][-1]["prompt"]
    assert j.grade(longmemeval_rule("knowledge-update", True), "Parrot?", "never said",
                   "I don't know.")["correct"]
    assert j.grade("default", "Code?", "4821", None) == {"correct": False, "judge_reply": None}  # not asked
    assert "most recent" in __import__("agenthn.bench.public.judge", fromlist=["RULES"]).RULES[
        longmemeval_rule("knowledge-update", False)]
    assert parse_verdict("Yes, it is.") and parse_verdict("no") is False and parse_verdict("maybe") is None
    j.close()


def test_unreachable_judge_is_a_clear_error():
    import socket

    from agenthn.bench.public.judge import Judge, JudgeError

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nothing listens there
    j = Judge(f"http://127.0.0.1:{port}/v1", "m", api_key_env=None, retries=0, timeout_s=5)
    with pytest.raises(JudgeError, match="unreachable"):
        j.ask("hello")


# ---- end to end on the tiny model ------------------------------------------------------------------
@pytest.fixture(scope="module")
def tiny():
    import agenthn

    return agenthn.load("tiny", device="cpu")


@pytest.fixture
def cli(tiny, monkeypatch):
    """`agenthn ...` in-process, with the module's tiny model instead of a fresh load per command."""
    import agenthn
    from agenthn.cli.main import main

    monkeypatch.setattr(agenthn, "load", lambda name, device=None: tiny)
    return main


def test_longmemeval_end_to_end_with_judge(cli, tmp_path, judge_server, capsys):
    out = tmp_path / "lme"
    strategies = "memory-topk,memory-top1,rag,truncated,full,vanilla"
    rc = cli(["bench", "longmemeval", str(LME), "--model", "tiny", "--out", str(out),
              "--strategies", strategies, "--judge-base-url", judge_server["url"],
              "--judge-model", "fake-judge", "--judge-api-key-env", ""])
    assert rc == 0
    report = json.loads((out / "report.json").read_text())
    for name in strategies.split(","):
        lines = [json.loads(x) for x in (out / f"submission_{name}.jsonl").read_text().splitlines()]
        assert [set(x) for x in lines] == [{"question_id", "hypothesis"}] * 2
        assert [x["question_id"] for x in lines] == ["e47becba", "7161e7e2_abs"]
        res = report["results"][name]
        assert list(res["scores"]) == ["single-session-user", "knowledge-update", "abstention", "overall",
                                       "task-averaged"]
        recs = report["records"][name]
        for r in recs:  # the verdict is the fake judge's rule applied to this very reply
            from agenthn.bench.public.scoring import declines

            if r["abstention"]:
                expect = declines(r["hypothesis"])
            else:
                expect = r["answer"].lower() in r["hypothesis"].lower()
            assert r["correct"] == expect and r["judge_reply"] in ("Yes.", "No.")
        assert res["scores"]["overall"]["correct"] == sum(r["correct"] for r in recs) / 2
        # both proxies are per reply and averaged per group, whole words beside contained
        assert res["scores"]["overall"]["whole_words_proxy"] == sum(r["whole_words_proxy"] for r in recs) / 2
        assert all(r["whole_words_proxy"] == longmemeval.whole_words(r["hypothesis"], r["answer"],
                                                                     r["abstention"]) for r in recs)
        assert res["scores"]["overall"]["n"] == 2
        # every strategy reports what it used; the whole history in the prompt uses every evidence turn
        assert any(r["evidence_recall"] is not None for r in recs)
        if name == "full":
            assert all(r["evidence_recall"] in (None, 1.0) for r in recs)
        # memory gets a fresh scratch store per item; the costs of both are merged
        assert res["cost"]["queries"] == 2 and res["cost"]["conversations"] == 2
    assert report["config"]["strategies"][1] == "memory-top1"
    top1 = report["results"]["memory-top1"]["cost"]
    mem, rag = report["results"]["memory-topk"]["cost"], report["results"]["rag"]["cost"]
    # top-1 answers from the same ingest as top-k (shared per item), so their ingest costs are equal
    assert top1["ingest_s_per_conversation"] == mem["ingest_s_per_conversation"] > 0
    assert mem["adapter_bytes_per_conversation"] > 0 and rag["adapter_bytes_per_conversation"] == 0
    assert mem["ingest_text_tokens_per_s"] > 0 and mem["history_tokens_per_query"] <= 16
    assert report["results"]["full"]["cost"]["history_tokens_per_query"] > rag["history_tokens_per_query"] > 0
    assert (out / "longmemeval.png").read_bytes()[:4] == b"\x89PNG"
    # the judge saw the abstention rule for the _abs item and the question asked on its date
    assert any("cannot be answered from the conversation" in s["prompt"] for s in judge_server["seen"])
    printed = capsys.readouterr().out.splitlines()
    header = next(line for line in printed if line.startswith("| strategy | group"))
    assert "| contains_match_proxy | whole_words_proxy |" in header  # printed beside the contained proxy


def test_locomo_end_to_end_official_f1(cli, tmp_path):
    from agenthn.bench.public.scoring import locomo_score

    out = tmp_path / "locomo"
    assert cli(["bench", "locomo", str(LOCOMO), "--model", "tiny", "--out", str(out),
                "--strategies", "memory-topk,rag,vanilla", "--categories", "1,2,3,4,5",
                "--threads", "1"]) == 0
    report = json.loads((out / "report.json").read_text())
    assert report["questions"] == 7 and report["conversations"] == 2
    cats = {q.id: q.category for c in locomo.parse(LOCOMO) for q in c.questions}
    for name, recs in report["records"].items():
        assert len(recs) == 7
        for r in recs:  # each score is the official metric of this reply
            assert r["f1"] == pytest.approx(locomo_score(cats[r["id"]], r["hypothesis"], r["answer"]))
        scores = report["results"][name]["scores"]
        assert list(scores) == [f"category {c}" for c in range(1, 6)] + ["overall", "categories 1-4"]
        assert scores["overall"]["f1"] == pytest.approx(sum(r["f1"] for r in recs) / 7)
        first4 = [r["f1"] for r in recs if cats[r["id"]] != 5]
        assert scores["categories 1-4"]["f1"] == pytest.approx(sum(first4) / 6)
        assert scores["category 2"]["n"] == 2
    assert not list(out.glob("submission_*"))  # LoCoMo has no submission format
    assert (out / "locomo.png").exists()


def test_full_context_that_does_not_fit_is_reported_not_run(tiny, tmp_path):
    from agenthn.bench.public import runner

    item = json.loads(LME.read_text())[0]
    filler = [{"role": r, "content": f"Filler message number {i} about nothing in particular at all."}
              for i in range(80) for r in ("user", "assistant")]
    item["haystack_sessions"][0] = filler + item["haystack_sessions"][0]
    convs = longmemeval.parse(_write(tmp_path, [item]))
    cfg = runner.RunConfig(strategies=["full", "vanilla"], max_new_tokens=8)
    payload = runner.run(tiny, "tiny", convs, cfg, longmemeval.benchmark(None), "inline")
    full = payload["records"]["full"][0]
    assert full["not_fit"] and full["hypothesis"] is None and full["contains_match_proxy"] is False
    assert full["whole_words_proxy"] is False
    assert payload["results"]["full"]["cost"]["not_fit"] == 1
    assert payload["results"]["vanilla"]["cost"]["not_fit"] == 0


def test_cli_rejects_bad_flags_and_files(cli, tmp_path, capsys):
    assert cli(["bench", "locomo", str(LOCOMO), "--strategies", "nope"]) == 2
    assert cli(["bench", "longmemeval", str(LME), "--types", "multi-hop"]) == 2
    assert cli(["bench", "longmemeval", str(LME), "--judge-base-url", "http://127.0.0.1:1/v1"]) == 2
    items = json.loads(LOCOMO.read_text())
    del items[1]["qa"][0]["question"]
    assert cli(["bench", "locomo", str(_write(tmp_path, items)), "--out", str(tmp_path / "o")]) == 2
    assert not (tmp_path / "o").exists()  # nothing runs on a malformed file


def test_locomo_with_judge_uses_abstention_rule_for_category_5(tiny, judge_server):
    from agenthn.bench.public import runner
    from agenthn.bench.public.judge import Judge

    convs = locomo.select(locomo.parse(LOCOMO), [4, 5], 1)
    judge = Judge(judge_server["url"], "fake-judge", api_key_env=None)
    before = len(judge_server["seen"])
    payload = runner.run(tiny, "tiny", convs, runner.RunConfig(strategies=["vanilla"], max_new_tokens=8),
                         locomo.benchmark(judge), "inline")
    prompts = [s["prompt"] for s in judge_server["seen"][before:]]
    assert len(prompts) == 2 and "cannot be answered from the conversation" in prompts[1]
    assert "cannot be answered from the conversation" not in prompts[0]
    scores = payload["results"]["vanilla"]["scores"]
    assert set(scores["overall"]) >= {"f1", "correct", "evidence_recall", "n"}


def test_english_conversations_convert_to_both_schemas(tmp_path):
    from agenthn.bench.public import english

    lme_path, loc_path = english.write(tmp_path)
    n = len(english.conversations())
    lme, loc = longmemeval.parse(lme_path), locomo.parse(loc_path)
    assert len(lme) == n and sum(len(c.questions) for c in loc) == n
    first = lme[0]
    assert len(first.sessions) == 3 and first.questions[0].evidence_sessions == [first.sessions[0].id]
    assert all(c.questions[0].evidence_turns for c in lme)  # every fact is said in the target session
    assert all(q.evidence_turns and q.category == 4 for c in loc for q in c.questions)
    assert english.third_person("Which subject do I teach?") == "Which subject does Sam teach?"
