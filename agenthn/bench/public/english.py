"""The hand-written English conversations (agenthn/bench/data/conversations.jsonl, issue 17's eval set)
written out in the LongMemEval and LoCoMo schemas, so both commands can run on real English text here,
where the published files cannot be downloaded.

    python -m agenthn.bench.public.english OUT_DIR   # OUT_DIR/longmemeval_english.json, locomo_english.json

LongMemEval: one item per conversation (single-session-user: the user said the fact); its haystack is that
conversation plus the next two as distractor sessions, the target first (the fact is the oldest), dated a
day apart, asked a day after the last. LoCoMo: samples of three consecutive conversations, one session
each; every question (rewritten to name the user) is category 4 (single-hop), speaker_a the user
("Sam") and speaker_b the assistant ("Alex"). Evidence (has_answer / evidence) = the target's turns
that contain an accepted answer; the gold answer is the first accepted answer (both schemas hold one).
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

START = date(2024, 3, 1)
SPEAKERS = {"user": "Sam", "assistant": "Alex"}


def conversations() -> list[dict]:
    text = resources.files("agenthn.bench").joinpath("data/conversations.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _holds_answer(content: str, answers: list[str]) -> bool:
    low = content.lower()
    return any(a.lower() in low for a in answers)


def _lme_date(d: date, hour: int = 10) -> str:
    return f"{d:%Y/%m/%d} ({d:%a}) {hour:02d}:00"


def to_longmemeval(convs: list[dict], distractors: int = 2) -> list[dict]:
    items = []
    for i, conv in enumerate(convs):
        hay = [conv] + [convs[(i + k) % len(convs)] for k in range(1, distractors + 1)]
        days = [START + timedelta(days=i + k) for k in range(len(hay))]
        sessions = [[{"role": t["role"], "content": t["content"]} for t in h["turns"]] for h in hay]
        for t in sessions[0]:
            if _holds_answer(t["content"], conv["answers"]):
                t["has_answer"] = True
        ids = [f"answer_{conv['id']}"] + [f"distractor_{h['id']}_{i}" for h in hay[1:]]
        items.append({"question_id": conv["id"], "question_type": "single-session-user",
                      "question": conv["question"], "answer": conv["answers"][0],
                      "question_date": _lme_date(days[-1] + timedelta(days=1)), "haystack_session_ids": ids,
                      "haystack_dates": [_lme_date(d) for d in days], "haystack_sessions": sessions,
                      "answer_session_ids": ids[:1]})
    return items


def _locomo_date(d: date) -> str:
    return f"10:00 am on {d.day} {d:%B}, {d.year}"


# LoCoMo asks about the speakers by name; the user's questions are rewritten from their side
_THIRD_PERSON = ((" do I ", " does Sam "), (" did I ", " did Sam "), (" me ", " Sam "), (" my ", " Sam's "))


def third_person(question: str) -> str:
    for mine, theirs in _THIRD_PERSON:
        question = question.replace(mine, theirs)
    return question


def to_locomo(convs: list[dict], per_sample: int = 3) -> list[dict]:
    samples = []
    for s, start in enumerate(range(0, len(convs), per_sample)):
        group = convs[start:start + per_sample]
        conversation: dict = {"speaker_a": SPEAKERS["user"], "speaker_b": SPEAKERS["assistant"]}
        qa = []
        for n, conv in enumerate(group, 1):
            turns = [{"speaker": SPEAKERS[t["role"]], "dia_id": f"D{n}:{j}", "text": t["content"]}
                     for j, t in enumerate(conv["turns"], 1)]
            conversation[f"session_{n}_date_time"] = _locomo_date(START + timedelta(days=start + n))
            conversation[f"session_{n}"] = turns
            evidence = [t["dia_id"] for t in turns if _holds_answer(t["text"], conv["answers"])]
            qa.append({"question": third_person(conv["question"]),
                       "answer": conv["answers"][0], "evidence": evidence, "category": 4})
        samples.append({"sample_id": f"english-{s + 1}", "conversation": conversation, "qa": qa})
    return samples


def write(out_dir: str | Path) -> tuple[Path, Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    convs = conversations()
    lme, loc = out / "longmemeval_english.json", out / "locomo_english.json"
    lme.write_text(json.dumps(to_longmemeval(convs), indent=1))
    loc.write_text(json.dumps(to_locomo(convs), indent=1))
    return lme, loc


if __name__ == "__main__":
    print(*write(sys.argv[1] if len(sys.argv) > 1 else "results/public_english"), sep="\n")
