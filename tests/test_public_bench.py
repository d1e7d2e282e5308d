"""Bring-your-own LongMemEval and LoCoMo files (issue 20): parsing in the published schemas, the errors
that name item and field, the official scores against hand-computed values, the judge over real HTTP on
loopback, and both commands end to end on the tiny model."""

import copy
import json
from pathlib import Path

import pytest

from agenthn.bench.public import locomo, longmemeval
from agenthn.bench.public.schema import BenchFileError
from agenthn.bench.public.scoring import contains_match, locomo_score, multi_f1, token_f1

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
    assert history[0] == {"role": "user", "content": "[1:56 pm on 8 May, 2023] Caroline: Hey Mel! I went to a "
                                                     "support group for painters yesterday."}
    assert history[1]["role"] == "assistant" and "shares a photo: a photo of a colorful mural" in history[2]["content"]
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
    (lambda it: it[1].pop("question_date"), "item 1 (question_id '7161e7e2_abs'): field 'question_date' is missing"),
    (lambda it: it[0].update(question_type="single-hop"), "item 0 (question_id 'e47becba'): field 'question_type'"),
    (lambda it: it[0]["haystack_dates"].pop(), "field 'haystack_sessions' has 2 sessions"),
    (lambda it: it[0]["haystack_sessions"][1][2].pop("role"), "field 'haystack_sessions[1][2].role' is missing"),
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
    (lambda it: it[1]["conversation"].pop("speaker_b"), "(sample_id 'conv-2'): field 'conversation.speaker_b'"),
    (lambda it: it[0]["conversation"].pop("session_2_date_time"), "field 'conversation.session_2_date_time' is missing"),
    (lambda it: it[0]["conversation"]["session_1"][1].pop("dia_id"), "field 'conversation.session_1[1].dia_id'"),
    (lambda it: it[0]["conversation"]["session_2"][0].update(speaker="Bob"), "field 'conversation.session_2[0].speaker'"),
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
    for text, needle in (("{not json", "not a JSON file"), ('{"a": 1}', "JSON list of items"), ("[]", "no items")):
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
