"""The form both public benchmarks are parsed into, and the validation that names item and field.

A file is read whole and checked before anything runs: a missing or mistyped field is an error naming
the item (its index and id) and the field, so nothing is silently skipped. Keys the schemas do not use
(LoCoMo's `observation`, `session_summary`, ...) are ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agenthn.errors import AgentHNError


class BenchFileError(AgentHNError):
    """A benchmark file that does not follow its published schema."""

    status_code = 422
    code = "bad_bench_file"


@dataclass
class Turn:
    key: str           # LongMemEval "<session id>#<index>", LoCoMo dia_id ("D1:3")
    role: str          # "user" | "assistant": what the strategies see
    content: str


@dataclass
class Session:
    id: str
    date: str
    turns: list[Turn]


@dataclass
class Question:
    id: str
    group: str                      # LongMemEval question_type, LoCoMo "category N"
    question: str
    answer: str                     # gold; LoCoMo category 5: the adversarial answer
    date: str | None = None         # LongMemEval question_date: the question is asked on it
    evidence_turns: list[str] = field(default_factory=list)     # Turn keys holding the answer
    evidence_sessions: list[str] = field(default_factory=list)  # LongMemEval answer_session_ids
    abstention: bool = False        # LongMemEval `_abs`: right when the reply says it cannot be answered
    category: int | None = None     # LoCoMo


@dataclass
class Conversation:
    id: str
    sessions: list[Session]
    questions: list[Question]

    def history(self) -> tuple[list[dict], list[str]]:
        """Chat messages in session order, each session's first turn prefixed with its date, and the
        turn key of every message (to map what a strategy retrieved back to evidence)."""
        messages, keys = [], []
        for s in self.sessions:
            for i, t in enumerate(s.turns):
                content = f"[{s.date}] {t.content}" if i == 0 and s.date else t.content
                messages.append({"role": t.role, "content": content})
                keys.append(t.key)
        return messages, keys


class Checker:
    """Field access that raises BenchFileError naming the file, the item and the field."""

    def __init__(self, source: str, where: str):
        self.source = source
        self.where = where

    def fail(self, field_name: str, problem: str) -> BenchFileError:
        return BenchFileError(f"{self.source}: {self.where}: field {field_name!r} {problem}")

    def get(self, obj: dict, key: str, kinds: type | tuple[type, ...], path: str = "") -> Any:
        name = f"{path}{key}"
        if not isinstance(obj, dict):
            raise self.fail(path.rstrip(".") or key, f"must be an object, got {type(obj).__name__}")
        if key not in obj:
            raise self.fail(name, "is missing")
        value = obj[key]
        if not isinstance(value, kinds) or isinstance(value, bool) and bool not in _tuple(kinds):
            raise self.fail(name, f"must be {_names(kinds)}, got {type(value).__name__}")
        return value

    def text(self, obj: dict, key: str, path: str = "") -> str:
        """A string field; numbers are accepted as text (both datasets have numeric gold answers)."""
        value = self.get(obj, key, (str, int, float), path)
        return value if isinstance(value, str) else str(value)

    def strings(self, obj: dict, key: str, path: str = "") -> list[str]:
        values = self.get(obj, key, list, path)
        for i, v in enumerate(values):
            if not isinstance(v, str):
                raise self.fail(f"{path}{key}[{i}]", f"must be a string, got {type(v).__name__}")
        return values


def _tuple(kinds) -> tuple:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _names(kinds) -> str:
    return " or ".join({"str": "a string", "list": "a list", "dict": "an object", "int": "an integer",
                        "float": "a number", "bool": "true or false"}[k.__name__] for k in _tuple(kinds))


def load_items(path: str | Path, what: str) -> list:
    """The file's top-level JSON list; an unreadable file or another shape is a BenchFileError."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BenchFileError(f"{p}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BenchFileError(f"{p}: not a JSON file ({e})") from None
    if not isinstance(data, list):
        raise BenchFileError(f"{p}: a {what} file is a JSON list of items, got {type(data).__name__}")
    if not data:
        raise BenchFileError(f"{p}: the file holds no items")
    return data
