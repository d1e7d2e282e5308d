"""LoCoMo (Maharana et al., ACL 2024) files as published (locomo10.json).

A JSON list of samples: `sample_id`; `conversation` with `speaker_a`, `speaker_b`,
`session_<n>_date_time` ("1:56 pm on 8 May, 2023") and `session_<n>`, a list of turns
`{speaker, dia_id ("D1:3"), text}` (some also `img_url`, `blip_caption`); `qa`, a list of
`{question, answer, evidence: [dia_id], category}` where category 5 (adversarial) carries
`adversarial_answer` instead of `answer`. Other keys (`observation`, `session_summary`,
`event_summary`, ...) are not input to the strategies and are ignored.

Two people talk, so the strategies see speaker_a's turns as the user's and speaker_b's as the
assistant's, each prefixed with the speaker's name; a shared image is given by its caption.
"""

from __future__ import annotations

import re
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

CATEGORIES = (1, 2, 3, 4, 5)
# the names the released data's category numbers are commonly reported under
CATEGORY_NAMES = {1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop", 5: "adversarial"}
_SESSION = re.compile(r"^session_(\d+)$")


def parse(path: str | Path) -> list[Conversation]:
    items = load_items(path, "LoCoMo")
    return [parse_sample(item, i, str(path)) for i, item in enumerate(items)]


def parse_sample(item: dict, index: int, source: str = "LoCoMo") -> Conversation:
    if not isinstance(item, dict):
        raise BenchFileError(f"{source}: item {index}: must be an object, got {type(item).__name__}")
    sid = item.get("sample_id")
    c = Checker(source, f"item {index}" + (f" (sample_id {sid!r})" if isinstance(sid, (str, int)) else ""))
    sid = c.text(item, "sample_id")
    conv = c.get(item, "conversation", dict)
    sessions = _sessions(conv, c)
    qa = c.get(item, "qa", list)
    questions = [_question(q, j, sid, c) for j, q in enumerate(qa)]
    return Conversation(id=sid, sessions=sessions, questions=questions)


def _sessions(conv: dict, c: Checker) -> list[Session]:
    speakers = {c.get(conv, "speaker_a", str, "conversation."): "user",
                c.get(conv, "speaker_b", str, "conversation."): "assistant"}
    numbers = sorted(int(m.group(1)) for k in conv if (m := _SESSION.match(k)))
    if not numbers:
        raise c.fail("conversation.session_1", "is missing: a conversation needs at least one session")
    out = []
    for n in numbers:
        date = c.get(conv, f"session_{n}_date_time", str, "conversation.")
        turns = c.get(conv, f"session_{n}", list, "conversation.")
        out.append(Session(f"session_{n}", date, [_turn(t, f"conversation.session_{n}[{j}].", speakers, c)
                                                  for j, t in enumerate(turns)]))
    return out


def _turn(turn: dict, where: str, speakers: dict[str, str], c: Checker) -> Turn:
    speaker = c.get(turn, "speaker", str, where)
    if speaker not in speakers:
        raise c.fail(f"{where}speaker",
                     f"must be speaker_a or speaker_b ({sorted(speakers)}), got {speaker!r}")
    dia_id = c.get(turn, "dia_id", str, where)
    content = f"{speaker}: {c.get(turn, 'text', str, where)}"
    if "blip_caption" in turn:
        content += f" [shares a photo: {c.get(turn, 'blip_caption', str, where)}]"
    return Turn(dia_id, speakers[speaker], content)


def _question(q: dict, j: int, sample_id: str, c: Checker) -> Question:
    where = f"qa[{j}]."
    category = c.get(q, "category", int, where)
    if category not in CATEGORIES:
        raise c.fail(f"{where}category", f"must be one of {list(CATEGORIES)}, got {category!r}")
    if category == 5:  # the adversarial answer is the bait; an explicit `answer` is accepted too
        key = "adversarial_answer" if "adversarial_answer" in q or "answer" not in q else "answer"
    else:
        key = "answer"
    return Question(id=f"{sample_id}/qa{j}", group=f"category {category}",
                    question=c.text(q, "question", where),
                    answer=c.text(q, key, where), evidence_turns=c.strings(q, "evidence", where),
                    category=category)


def select(convs: list[Conversation], categories: list[int] | None, limit: int | None,
           max_questions: int | None = None) -> list[Conversation]:
    """The first `limit` samples, each with its questions of the given categories (at most
    `max_questions`); a sample left without questions is not ingested."""
    if categories:
        bad = [c for c in categories if c not in CATEGORIES]
        if bad:
            raise BenchFileError(f"--categories: unknown category {bad}; choose from {list(CATEGORIES)}")
    out = []
    for conv in convs[:limit] if limit else convs:
        qs = [q for q in conv.questions if not categories or q.category in categories]
        if qs:
            out.append(Conversation(conv.id, conv.sessions, qs[:max_questions] if max_questions else qs))
    return out


def benchmark(judge=None):
    """The LoCoMo hooks for `runner.run`: official F1 always, a judge's accuracy when one is given."""
    from agenthn.bench.public.runner import Benchmark
    from agenthn.bench.public.scoring import locomo_score

    def score(q: Question, reply: str | None) -> dict:
        out = {"f1": locomo_score(q.category, reply, q.answer)}
        if judge is not None:
            rule = "abstention" if q.category == 5 else "locomo"
            out.update(judge.grade(rule, q.question, q.answer, reply))
        return out

    metrics = ["f1"] + (["correct"] if judge else [])
    notes = [("f1: LoCoMo's official token F1 (Porter-stemmed; category 5: says 'no information available' "
              "or 'not mentioned')"), f"categories: {CATEGORY_NAMES}"]
    return Benchmark("locomo", metrics, lambda q: q.question, score, summarize, notes)


def summarize(records: list[dict], metrics: list[str]) -> dict:
    """Per category, overall, and categories 1-4 (what vendors report, leaving out adversarial)."""
    from agenthn.bench.public.runner import group_means

    out = {f"category {c}": group_means([r for r in records if r["group"] == f"category {c}"], metrics)
           for c in CATEGORIES if any(r["group"] == f"category {c}" for r in records)}
    out["overall"] = group_means(records, metrics)
    first4 = [r for r in records if r["group"] != "category 5"]
    if first4:
        out["categories 1-4"] = group_means(first4, metrics)
    return out
