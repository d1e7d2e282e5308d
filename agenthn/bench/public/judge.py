"""A yes/no judge behind any OpenAI-compatible chat endpoint (`--judge-base-url`, `--judge-model`).

LongMemEval's official accuracy is a language model's yes/no verdict with a rule per question type;
these prompts are this project's own wording of those rules: temporal questions allow off-by-one day
(week, month) counts, knowledge-update questions accept the updated answer even beside the old one,
preference questions are judged against a rubric, and abstention questions are right when the reply
says the question cannot be answered. LoCoMo gets one generic prompt (optional; F1 is its metric).
The API key, if the endpoint needs one, is read from the environment variable the user names.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from agenthn.errors import AgentHNError


class JudgeError(AgentHNError):
    status_code = 502
    code = "judge_failed"


_HEAD = "You grade a chat assistant's reply against the correct answer. Answer only yes or no.\n\n"
_TAIL = ("\n\nQuestion: {question}\nCorrect answer: {answer}\nResponse: {response}\n\n"
         "Is the response correct? yes or no:")
RULES = {
    "default": "The response is correct when it states the correct answer or something equivalent. It is not "
               "correct when it gives only part of a multi-part answer, a different answer, or no answer.",
    "temporal-reasoning": "The response is correct when it states the correct answer or something "
                          "equivalent. Counts of days, weeks or months that are off by one are still "
                          "correct (the user may count the first or last day differently).",
    "knowledge-update": "The user's information changed during the conversation; the correct answer is the "
                        "most recent one. The response is correct when it gives that updated answer as the "
                        "current one, even if it also mentions the earlier information.",
    "single-session-preference": "The correct answer is a rubric describing the personalised reply the user "
                                 "wants. The response is correct when it recalls and uses the user's stated "
                                 "preferences as the rubric describes; it need not cover every point.",
    "abstention": "The question cannot be answered from the conversation (the information was never given, "
                  "or the question assumes something false). The response is correct only when it says the "
                  "question cannot be answered or the information is not available; any concrete answer is "
                  "not correct. The 'correct answer' below explains why.",
    "locomo": "The response is correct when it conveys the correct answer; wording may differ, and a date or "
              "time written differently but meaning the same is correct.",
}


def prompt(rule: str, question: str, answer: str, response: str) -> str:
    return _HEAD + RULES[rule] + _TAIL.format(question=question, answer=answer, response=response)


def longmemeval_rule(question_type: str, abstention: bool) -> str:
    if abstention:
        return "abstention"
    return question_type if question_type in RULES else "default"


def parse_verdict(text: str) -> bool | None:
    """True for yes, False for no, None when the judge said neither (reported, counted as wrong)."""
    m = re.search(r"\b(yes|no)\b", text.lower())
    return None if m is None else m.group(1) == "yes"


@dataclass
class Judge:
    base_url: str
    model: str
    api_key_env: str | None = "OPENAI_API_KEY"
    timeout_s: float = 120.0
    retries: int = 2

    def __post_init__(self):
        try:
            import httpx
        except ImportError:  # a test extra, not a core dependency: only the judge needs it
            raise JudgeError("the judge needs httpx: pip install httpx (or pip install -e .[test])") from None

        key = os.environ.get(self.api_key_env) if self.api_key_env else None
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._client = httpx.Client(base_url=self.base_url.rstrip("/") + "/", timeout=self.timeout_s,
                                    headers=headers)

    def ask(self, text: str) -> str:
        """The judge's raw reply to one prompt (temperature 0, a few tokens); retried on transport errors."""
        import httpx

        body = {"model": self.model, "messages": [{"role": "user", "content": text}], "temperature": 0,
                "max_tokens": 8}
        for attempt in range(self.retries + 1):
            try:
                r = self._client.post("chat/completions", json=body)
                r.raise_for_status()
                return r.json()["choices"][0]["message"]["content"] or ""
            except httpx.TransportError as e:
                if attempt == self.retries:
                    raise JudgeError(f"judge at {self.base_url} unreachable: {e}") from None
            except (httpx.HTTPStatusError, KeyError, IndexError, ValueError) as e:
                raise JudgeError(f"judge at {self.base_url} (model {self.model!r}) failed: {e}") from None
        raise JudgeError("unreachable")  # the loop always returns or raises

    def grade(self, rule: str, question: str, answer: str, response: str | None) -> dict:
        """{"correct": bool, "judge_reply": str}; a missing response (prompt did not fit) is wrong unasked."""
        if response is None:
            return {"correct": False, "judge_reply": None}
        reply = self.ask(prompt(rule, question, answer, response))
        return {"correct": parse_verdict(reply) is True, "judge_reply": reply}

    def close(self) -> None:
        self._client.close()
