"""Memory's settings, checked when made: a value out of range is a typed error (HTTP 400) that names the
setting and the value, before any turn is logged."""

from __future__ import annotations

from dataclasses import dataclass

from agenthn.errors import AgentHNError, check_fraction

MODES = ("topk", "all", "recent")
STORE_DTYPES = ("bfloat16", "float16", "float32")


class MemoryConfigError(AgentHNError):
    """A memory setting out of range (e.g. top_k = 0); the message names the setting and its value."""

    code = "invalid_memory_config"


@dataclass
class MemoryConfig:
    # K: logged turns (messages) per segment. 2 = one exchange: a small segment holds few facts, which
    # the tiny hypernetwork keeps far better than many (niah --quick at 20-1000 turns: 40-70% with 2,
    # 20-50% with 4, 20-40% with 8), at 4x the adapter storage of 8
    segment_turns: int = 2
    history_tokens: int = 16        # live-context budget in prompt tokens (chat template included)
    mode: str = "topk"              # topk | all | recent
    # segment adapters per query. 1: the best segment's adapter applied alone. Composing a second one
    # (a weaker match, which never held the needle there) pulls smol to wrong answers: English niah
    # 20-1000 turns, 14/40 recalled with top-1 vs 5/40 with top-2 (16-message segments), 15 vs 14 (2);
    # hand-written conversations 6-7/26 vs 4/26. tiny: the same with 1 or 2 (niah --quick, 70-100%).
    top_k: int = 1
    # segments word TF-IDF proposes, re-ranked by how much a line of each makes the question likelier to
    # the base (agenthn.engine.relevance); 0: TF-IDF alone. English niah, 1000 turns, 100 needles: the
    # best segment held the needle for 92 of 100 questions with TF-IDF alone, 98 re-ranking its best 5
    # (scripts/probe_retrieval.py), every miss left being outside those 5
    rerank: int = 5
    # decoding finishes a value as the retrieved segments' text has it, among the tokens the adapter
    # finds plausible (p >= copy_beta x the top one's; agenthn.engine.copying); 0: the adapter alone.
    # Chosen on a dev draw (scripts/probe_copy.py, seed 1): 0.02, 0.05 and 0.1 the same. English niah,
    # 1000 turns, 100 needles: 83% against 77% with 0 (README, session 29)
    copy_beta: float = 0.05
    # a retrieved segment's adapter applied only where the model's relevance gate finds the question
    # concerns it (engine/gate.py). Off by default: retrieval already keeps most general questions off
    # the adapters (97.8% of right general answers kept in use), and on one H200 the gate cost 4 of 100
    # needles at 1000 turns (83% -> 79%, below issue 19's 80%) for 92.9% against 91.7% in use (README)
    gate: bool = False
    segment_max_tokens: int | None = None  # None: the model's max_chunk_tokens (one chunk per segment)
    flush_on_query: bool = True     # internalize buffered turns outside the live window before answering
    system_prompt: str = ""
    batch_size: int = 16            # segments per encoder + hypernetwork pass
    # segment adapters on disk and in the cache: bfloat16 halves memory's storage, the largest cost of
    # small segments; adapters are applied in the model's precision whatever they are stored in
    store_dtype: str = "bfloat16"   # bfloat16 | float16 | float32

    def __post_init__(self):
        if self.mode not in MODES:
            raise MemoryConfigError(f"memory mode must be one of {MODES}, got {self.mode!r}")
        if self.store_dtype not in STORE_DTYPES:
            raise MemoryConfigError(f"memory store_dtype must be one of {STORE_DTYPES}, "
                                    f"got {self.store_dtype!r}")
        check_fraction(self.copy_beta, "memory copy_beta", MemoryConfigError)
        for name, low in (("segment_turns", 1), ("top_k", 1), ("rerank", 0), ("batch_size", 1),
                          ("history_tokens", 0)):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < low:
                raise MemoryConfigError(f"memory {name} must be an integer >= {low}, got {value!r}")
