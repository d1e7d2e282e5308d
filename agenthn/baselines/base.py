"""One interface for every way of answering from a long conversation, with cost accounting.

    s = make("rag", model)                    # see agenthn.baselines.STRATEGIES
    answer = s.respond(history, question)     # history: chat messages; ingests once per distinct history
    s.cost.summary()                          # tokens, seconds and bytes, per query and per conversation

A strategy implements `_ingest(history) -> tokens processed` (work done once per conversation: indexing,
note extraction, internalization, cartridge training), `_context(question) -> (messages, adapter)` and
`memory_bytes()`; the base class times both phases and counts tokens from the real prompt ids, so every
strategy is measured the same way:

- history tokens in context = prompt tokens with the strategy's context minus those of the bare question;
- query tokens = the prompt tokens the model prefills for the question;
- a prompt that does not fit the model's context window (history + question + answer room) is not run:
  the answer is None and the query counts as "does not fit".
- memory bytes = the per-conversation state the strategy keeps to answer (text, index, adapters, prefix).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field

from agenthn.engine.batching import shared_engine
from agenthn.errors import AgentHNError

log = logging.getLogger(__name__)

_PROBE = [{"role": "user", "content": "?"}]


@dataclass
class Cost:
    conversations: int = 0
    ingest_tokens: int = 0          # model tokens processed while ingesting (all conversations)
    ingest_s: float = 0.0
    ingest_turns: int = 0
    queries: int = 0
    not_fit: int = 0                # queries whose prompt exceeds the context window
    prompt_tokens: int = 0          # prefilled tokens over answered queries
    history_tokens: int = 0         # history tokens in context over all queries (answered or not)
    generated_tokens: int = 0
    query_s: float = 0.0
    memory_bytes: list[int] = field(default_factory=list)  # one entry per conversation
    samples: list[dict] = field(default_factory=list)      # per-query timings for the cost model
    ingests: list[dict] = field(default_factory=list)      # per-conversation ingest timings

    def summary(self) -> dict:
        answered = max(self.queries - self.not_fit, 1)
        q = max(self.queries, 1)
        conv = max(self.conversations, 1)
        return {
            "queries": self.queries, "not_fit": self.not_fit,
            "history_tokens_per_query": self.history_tokens / q,
            "query_tokens_per_query": self.prompt_tokens / answered,
            "ingest_tokens_per_conversation": self.ingest_tokens / conv,
            "total_tokens_per_conversation": (self.ingest_tokens + self.prompt_tokens
                                              + self.generated_tokens) / conv,
            "generated_per_query": self.generated_tokens / answered,
            "rank_per_query": sum(s["rank"] for s in self.samples) / answered,
            "query_latency_s": self.query_s / answered,
            "ingest_s_per_conversation": self.ingest_s / conv,
            "ingest_s_per_turn": self.ingest_s / max(self.ingest_turns, 1),
            "memory_bytes_per_conversation": sum(self.memory_bytes) / max(len(self.memory_bytes), 1),
        }


def history_key(history: list[dict]) -> str:
    return hashlib.sha256(json.dumps(history, sort_keys=True).encode()).hexdigest()


def history_cost(model, messages: list[dict]) -> int:
    """Prompt tokens these messages add in front of a question, chat-template tokens included."""
    return len(model.prompt_ids(messages + _PROBE)) - len(model.prompt_ids(_PROBE))


def live_window(model, history: list[dict], budget: int) -> list[dict]:
    """The newest whole messages that fit in `budget` history tokens (the same rule Memory uses)."""
    live: list[dict] = []
    for m in reversed(history):
        if history_cost(model, [m] + live) > budget:
            break
        live.insert(0, m)
    return live


def context_window(model) -> int:
    return int(getattr(model.base.config, "max_position_embeddings", 0) or 10**9)


def kv_bytes_per_token(model) -> int:
    """Bytes of KV cache one prompt token costs at query time (keys + values, every layer)."""
    c = model.base.config
    heads = getattr(c, "num_key_value_heads", None) or c.num_attention_heads
    head_dim = getattr(c, "head_dim", None) or c.hidden_size // c.num_attention_heads
    itemsize = next(model.base.parameters()).element_size()
    return 2 * c.num_hidden_layers * heads * head_dim * itemsize


class Strategy:
    name = "strategy"

    def __init__(self, model, max_new_tokens: int = 24, live_tokens: int = 16, window: int | None = None):
        self.model = model
        self.max_new_tokens = max_new_tokens
        self.live_tokens = live_tokens
        self.window = window or context_window(model)
        self.cost = Cost()
        self._key: str | None = None
        self.retrieved: list[str] | None = None  # texts the last question used (prompt and adapters)

    # ---- for subclasses -------------------------------------------------------------------------
    def _ingest(self, history: list[dict]) -> int | tuple[int, float]:
        return 0

    def _context(self, question: str) -> tuple[list[dict], object]:
        raise NotImplementedError

    def memory_bytes(self) -> int:
        return 0

    def context_extra_tokens(self) -> int:
        """Positions the strategy occupies in the context beyond prompt tokens (a trained KV prefix)."""
        return 0

    def _generate(self, messages: list[dict], adapter) -> str:
        return shared_engine(self.model).chat(messages, adapter, max_new_tokens=self.max_new_tokens)

    # ---- the interface --------------------------------------------------------------------------
    def reset_cost(self) -> None:
        """Forget what was measured so far (after a warm-up run)."""
        self.cost = Cost()
        self._key = None

    def ingest(self, history: list[dict]) -> None:
        t0 = time.perf_counter()
        tokens = self._ingest(history)
        dt = time.perf_counter() - t0
        if isinstance(tokens, tuple):  # (tokens, seconds): the work was done and timed once, elsewhere
            tokens, dt = tokens
        self.cost.ingests.append({"tokens": tokens, "seconds": dt, "turns": len(history)})
        self.cost.ingest_s += dt
        self.cost.ingest_tokens += tokens
        self.cost.ingest_turns += len(history)
        self.cost.conversations += 1
        self.cost.memory_bytes.append(self.memory_bytes())
        self._key = history_key(history)

    def context(self, question: str) -> tuple[list[dict], object]:
        """The messages and adapter the strategy would answer `question` with after its last ingest;
        nothing is generated or counted (for benchmarks that ask their own questions through it)."""
        if self._key is None:
            raise AgentHNError("context(): ingest a conversation first")
        return self._context(question)

    def respond(self, history: list[dict], question: str) -> str | None:
        """The answer, or None where the strategy's prompt does not fit the context window."""
        if self._key != history_key(history):
            self.ingest(history)
        messages, adapter = self._context(question)
        ids = self.model.prompt_ids(messages)
        extra = self.context_extra_tokens()
        self.cost.queries += 1
        bare = self.model.prompt_ids([{"role": "user", "content": question}])
        self.cost.history_tokens += extra + len(ids) - len(bare)
        if extra + len(ids) + self.max_new_tokens > self.window:
            self.cost.not_fit += 1
            return None
        t0 = time.perf_counter()
        answer = self._generate(messages, adapter)
        dt = time.perf_counter() - t0
        n_gen = self.model.count_tokens(answer) + 1  # +1: the stop token is generated too
        rank = adapter_rank(adapter)
        self.cost.prompt_tokens += len(ids)
        self.cost.generated_tokens += n_gen
        self.cost.query_s += dt
        self.cost.samples.append({"prompt_tokens": len(ids), "generated": n_gen, "rank": rank, "seconds": dt})
        return answer


def adapter_rank(adapter) -> int:
    if adapter is None:
        return 0
    if isinstance(adapter, (list, tuple)):
        return sum(a.rank for a in adapter)
    return getattr(adapter, "rank", 0)
