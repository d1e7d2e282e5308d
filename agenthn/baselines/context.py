"""Baselines that answer from text in the prompt: vanilla (live window only), full history, TF-IDF RAG
(optionally re-ranked by the base model's reading, `rag-rerank`)."""

from __future__ import annotations

import logging

from agenthn.agent.search import TfidfIndex, first_found
from agenthn.baselines.base import Strategy, live_window
from agenthn.errors import AgentHNError

log = logging.getLogger(__name__)


def _question(question: str) -> list[dict]:
    return [{"role": "user", "content": question}]


def _texts(messages: list[dict]) -> list[str]:
    """What a strategy put in the prompt, for evidence recall (`Strategy.retrieved`)."""
    return [m["content"] for m in messages]


def _text_bytes(messages: list[dict]) -> int:
    return sum(len(m["content"].encode()) for m in messages)


class Vanilla(Strategy):
    """Only the newest `live_tokens` tokens of history, as memory keeps live: the floor to beat."""

    name = "vanilla"

    def _ingest(self, history):
        self.live = live_window(self.model, history, self.live_tokens)
        return 0

    def _context(self, question):
        self.retrieved = _texts(self.live)
        return self.live + _question(question), None

    def memory_bytes(self):
        return _text_bytes(self.live)


class FullContext(Strategy):
    """The whole history in the prompt: the accuracy ceiling while it fits the context window."""

    name = "full"

    def _ingest(self, history):
        self.history = list(history)
        return 0

    def _context(self, question):
        self.retrieved = _texts(self.history)
        return self.history + _question(question), None

    def memory_bytes(self):
        return _text_bytes(self.history)


class Rag(Strategy):
    """TF-IDF top-k messages (in conversation order) plus the live window, in the prompt. With `rerank`
    N > 1 (the `rag-rerank` strategy) TF-IDF's best N messages are re-ranked by the base model's reading
    before the k are kept, as memory re-ranks its segments, and both look by the words, then by their
    stems (`agenthn.agent.search.first_found`), so the two compare on the same retrieval."""

    name = "rag"

    def __init__(self, model, top_k: int = 4, rerank: int = 0, label: str | None = None, **kw):
        super().__init__(model, **kw)
        if rerank < 0:
            raise AgentHNError(f"rerank must be at least 0, got {rerank}")
        self.top_k, self.rerank = top_k, rerank
        self.name = label or self.name

    def _ingest(self, history):
        self.live = live_window(self.model, history, self.live_tokens)
        self.older = history[: len(history) - len(self.live)]
        self.texts = {i: m["content"] for i, m in enumerate(self.older)}
        self.index = TfidfIndex(list(self.texts.items()))
        self.stems = TfidfIndex(list(self.texts.items()), stems=True)  # where the words find nothing
        self.index.fit()  # now, so indexing time counts as ingest, not query
        self.stems.fit()
        return 0  # TF-IDF reads text, not model tokens; its time is in ingest seconds

    def _context(self, question):
        best, _ = first_found([self.index, self.stems], self.texts, question, self.top_k, self.rerank,
                              self.model.relevance)
        hits = sorted(i for i, _ in best)
        self.retrieved = [self.older[i]["content"] for i in hits] + _texts(self.live)
        return [self.older[i] for i in hits] + self.live + _question(question), None

    def memory_bytes(self):
        return _text_bytes(self.older) + _text_bytes(self.live) + self.index.nbytes() + self.stems.nbytes()


class Truncated(Strategy):
    """As much recent history as fits the context window (room kept for the question and answer):
    what a plain chat model does when a conversation outgrows its window."""

    name = "truncated"

    def __init__(self, model, question_room: int = 48, **kw):
        super().__init__(model, **kw)
        self.question_room = question_room

    def _ingest(self, history):
        budget = self.window - self.max_new_tokens - self.question_room
        self.recent = live_window(self.model, history, budget) if budget > 0 else []
        return 0

    def _context(self, question):
        self.retrieved = _texts(self.recent)
        return self.recent + _question(question), None

    def memory_bytes(self):
        return _text_bytes(self.recent)
