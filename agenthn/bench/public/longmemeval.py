"""LongMemEval (Wu et al., ICLR 2025) files as published: oracle, S and M variants share one schema.

Each item is one question with its own haystack: `question_id` (suffix `_abs`: an abstention question),
`question_type`, `question`, `answer`, `question_date`, `haystack_session_ids`, `haystack_dates`,
`haystack_sessions` (sessions of `{role, content}` turns, evidence turns marked `has_answer: true`) and
`answer_session_ids`. Every item becomes one Conversation holding one Question, so each strategy ingests
that item's haystack and is asked on the question's date. The official submission is JSON lines of
`{question_id, hypothesis}`.
"""

from __future__ import annotations

import json
from pathlib import Path

from agenthn.bench.public.schema import (
    BenchFileError,
    Checker,
    Conversation,
    Question,
    Session,
    Turn,
    load_items,
)

QUESTION_TYPES = ("single-session-user", "single-session-assistant", "single-session-preference",
                  "temporal-reasoning", "knowledge-update", "multi-session")
ROLES = ("user", "assistant")


def parse(path: str | Path) -> list[Conversation]:
    items = load_items(path, "LongMemEval")
    return [parse_item(item, i, str(path)) for i, item in enumerate(items)]


def parse_item(item: dict, index: int, source: str = "LongMemEval") -> Conversation:
    qid = item.get("question_id") if isinstance(item, dict) else None
    c = Checker(source, f"item {index}" + (f" (question_id {qid!r})" if isinstance(qid, str) else ""))
    if not isinstance(item, dict):
        raise BenchFileError(f"{source}: item {index}: must be an object, got {type(item).__name__}")
    qid = c.get(item, "question_id", str)
    qtype = c.get(item, "question_type", str)
    if qtype not in QUESTION_TYPES:
        raise c.fail("question_type", f"must be one of {list(QUESTION_TYPES)}, got {qtype!r}")
    sessions, evidence = _sessions(item, c)
    answer_ids = c.strings(item, "answer_session_ids")
    known = {s.id for s in sessions}
    for i, sid in enumerate(answer_ids):
        if sid not in known:
            raise c.fail(f"answer_session_ids[{i}]", f"names {sid!r}, which is not in haystack_session_ids")
    question = Question(id=qid, group=qtype, question=c.text(item, "question"), answer=c.text(item, "answer"),
                        date=c.text(item, "question_date"), evidence_turns=evidence,
                        evidence_sessions=answer_ids,
                        abstention=qid.endswith("_abs"))
    return Conversation(id=qid, sessions=sessions, questions=[question])


def _sessions(item: dict, c: Checker) -> tuple[list[Session], list[str]]:
    """The haystack in order, and the keys of its `has_answer` turns."""
    ids = c.strings(item, "haystack_session_ids")
    dates = c.strings(item, "haystack_dates")
    sessions = c.get(item, "haystack_sessions", list)
    if not (len(ids) == len(dates) == len(sessions)):
        raise c.fail("haystack_sessions", f"has {len(sessions)} sessions but haystack_session_ids has "
                                          f"{len(ids)} and haystack_dates {len(dates)}; they must match")
    out, evidence = [], []
    for i, (sid, date, sess) in enumerate(zip(ids, dates, sessions, strict=True)):
        out.append(Session(sid, date, _turns(sess, sid, f"haystack_sessions[{i}]", c, evidence)))
    return out, evidence


def _turns(session: list, sid: str, path: str, c: Checker, evidence: list[str]) -> list[Turn]:
    if not isinstance(session, list):
        raise c.fail(path, f"must be a list of turns, got {type(session).__name__}")
    turns = []
    for j, turn in enumerate(session):
        where = f"{path}[{j}]."
        role = c.get(turn, "role", str, where)
        if role not in ROLES:
            raise c.fail(f"{where}role", f"must be 'user' or 'assistant', got {role!r}")
        key = f"{sid}#{j}"
        if "has_answer" in turn and c.get(turn, "has_answer", bool, where):
            evidence.append(key)
        turns.append(Turn(key, role, c.get(turn, "content", str, where)))
    return turns


def write_submission(path: str | Path, hypotheses: list[tuple[str, str]]) -> Path:
    """The official submission: one `{"question_id", "hypothesis"}` JSON object per line."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text("".join(json.dumps({"question_id": q, "hypothesis": h}) + "\n" for q, h in hypotheses))
    return p


def select(convs: list[Conversation], types: list[str] | None, limit: int | None) -> list[Conversation]:
    """The first `limit` items of the given question types (all types when None)."""
    if types:
        bad = [t for t in types if t not in QUESTION_TYPES]
        if bad:
            raise BenchFileError(f"--types: unknown question type(s) {bad}; choose from "
                                 f"{list(QUESTION_TYPES)}")
        convs = [c for c in convs if c.questions[0].group in types]
    return convs[:limit] if limit else convs


def ask(q: Question) -> str:
    """The question asked on its date, in the same bracketed form as the session dates."""
    return f"[{q.date}] {q.question}" if q.date else q.question


def whole_words(reply: str | None, gold: str, abstention: bool = False) -> bool:
    """The contains proxy held to whole words: the gold "27" is contained in "2704" but not as a word.
    Graded by `eval_english.grade`, the rule the English evals use, so the two counts compare; an
    abstention question keeps the contains proxy's rule (the reply declines)."""
    from agenthn.bench.eval_english import grade
    from agenthn.bench.public.scoring import declines

    if reply is None:  # the prompt did not fit: no reply to grade
        return False
    return declines(reply) if abstention else grade(reply, [gold])[0]


def benchmark(judge=None):
    """The LongMemEval hooks for `runner.run`: judge accuracy when a judge is given, always the proxies."""
    from agenthn.bench.public import scoring
    from agenthn.bench.public.judge import longmemeval_rule
    from agenthn.bench.public.runner import Benchmark

    def score(q: Question, reply: str | None) -> dict:
        out = {"contains_match_proxy": scoring.contains_match(reply, q.answer, q.abstention),
               "whole_words_proxy": whole_words(reply, q.answer, q.abstention)}
        if judge is not None:
            out.update(judge.grade(longmemeval_rule(q.group, q.abstention), q.question, q.answer, reply))
        return out

    metrics = (["correct"] if judge else []) + ["contains_match_proxy", "whole_words_proxy", "session_recall"]
    notes = ["accuracy (`correct`): yes/no judge "
             + (f"{judge.model} at {judge.base_url}" if judge else "not run")
             + "; contains_match_proxy: gold answer contained in the reply (abstention: the reply declines), "
               "a proxy, not LongMemEval's metric; whole_words_proxy: the same, the answer as whole words"]
    return Benchmark("longmemeval", metrics, ask, score, summarize, notes)


def summarize(records: list[dict], metrics: list[str]) -> dict:
    """Per question type, abstention questions, overall, and task-averaged (mean of the type means)."""
    from agenthn.bench.public.runner import group_means, mean

    out = {t: group_means([r for r in records if r["group"] == t], metrics)
           for t in QUESTION_TYPES if any(r["group"] == t for r in records)}
    types = list(out)
    abstain = [r for r in records if r["abstention"]]
    if abstain:
        out["abstention"] = group_means(abstain, metrics)
    out["overall"] = group_means(records, metrics)
    averaged = {m: mean([out[t][m] for t in types]) for m in [*metrics, "evidence_recall"]}
    out["task-averaged"] = {**averaged, "n": len(records)}
    return out
