"""Ingest every conversation into every strategy, ask its questions, score, and report.

The strategies are `agenthn.baselines` (memory top-k adapters, RAG, truncated and full in-context,
vanilla = no memory), driven the way `agenthn bench niah` drives them: one strategy object per name,
warmed up on a two-turn conversation so first-call costs do not count, then `respond(history, q)` per
question (a strategy ingests a conversation once, on its first question). Sessions are given in order,
each session's first turn prefixed with its date; a question with a date (LongMemEval) is asked with it.

Evidence recall is reported for every strategy from what it used (`Strategy.retrieved`: the history
messages in its prompt, and memory's retrieved segment texts); a turn counts as used when its text is
in a used text (or a used piece of a split long turn is in it).
"""

from __future__ import annotations

import logging
import re
import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields

from agenthn.bench.public.schema import Conversation, Question

log = logging.getLogger(__name__)

DEFAULT_STRATEGIES = ["memory-topk", "rag", "truncated", "full", "vanilla"]
INPUT_NOTE = ("input: sessions in file order as chat messages, each session's first turn prefixed with "
              "'[<session date>] '; a dated question asked as '[<question date>] <question>'")
_WARM = [{"role": "user", "content": "My bike is red."}, {"role": "assistant", "content": "Noted."}]
_LABEL = re.compile(r"^[A-Z][a-z]*: ")  # memory's "User: " / "Assistant: " segment line labels


@dataclass
class RunConfig:
    strategies: list[str] = field(default_factory=lambda: list(DEFAULT_STRATEGIES))
    max_new_tokens: int = 32
    live_tokens: int = 16
    top_k: int = 2                     # memory: segment adapters per query
    rag_k: int = 4                     # RAG: messages retrieved
    segment_turns: int | None = None   # memory: turns per segment (None: the memory default)
    rerank: int | None = None          # memory: segments re-ranked by the base (None: the memory default)
    copy_beta: float | None = None     # memory: values finished from the segments' text (None: the default)
    gate: bool = False                 # memory: segments' adapters only where the relevance gate opens


@dataclass
class Benchmark:
    """What differs between LongMemEval and LoCoMo: how a question is asked and scored, and how
    per-question records are grouped in the report."""

    name: str
    metrics: list[str]                                   # numeric per-question fields averaged per group
    ask: Callable[[Question], str]
    score: Callable[[Question, str | None], dict]
    summarize: Callable[[list[dict], list[str]], dict]   # records, metrics -> {group: {metric: mean, n}}
    notes: list[str] = field(default_factory=list)


def options(name: str, cfg: RunConfig, share: dict) -> dict:
    kw: dict = {"max_new_tokens": cfg.max_new_tokens, "live_tokens": cfg.live_tokens}
    if name.startswith("memory"):
        kw.update(top_k=cfg.top_k, share=share)
        if cfg.segment_turns:
            kw["segment_turns"] = cfg.segment_turns
        if cfg.rerank is not None:
            kw["rerank"] = cfg.rerank
        if cfg.copy_beta is not None:
            kw["copy_beta"] = cfg.copy_beta
        kw["gate"] = cfg.gate
    elif name.startswith("rag"):
        kw["top_k"] = cfg.rag_k
    return kw


def used_turns(retrieved: list[str], history: list[dict]) -> set[int]:
    """Indices of the history messages whose text a strategy retrieved."""
    # a long turn is internalized in pieces; a piece this long names its turn (a short line would not)
    pieces = [p for t in retrieved
              for line in t.splitlines() if len(p := _LABEL.sub("", line, count=1)) >= 40]
    used = set()
    for i, m in enumerate(history):
        text = m["content"].strip()
        if text and (any(text in t for t in retrieved) or any(p in text for p in pieces)):
            used.add(i)
    return used


def recall(evidence: list[str], used: set[str]) -> float | None:
    return None if not evidence else len(set(evidence) & used) / len(set(evidence))


def mean(values: list) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return statistics.mean(vals) if vals else None


def group_means(records: list[dict], metrics: list[str]) -> dict:
    out = {m: mean([r.get(m) for r in records]) for m in metrics}
    out["evidence_recall"] = mean([r["evidence_recall"] for r in records])
    return {**out, "n": len(records)}


def _ask_one(s, history: list[dict], keys: list[str], session_of: dict, q: Question,
             bench: Benchmark) -> dict:
    before = (s.cost.query_s, s.cost.history_tokens, s.cost.not_fit)
    s.retrieved = None
    reply = s.respond(history, bench.ask(q))
    rec = {"id": q.id, "group": q.group, "abstention": q.abstention, "question": q.question,
           "answer": q.answer,
           "hypothesis": reply, "not_fit": s.cost.not_fit > before[2],
           "latency_s": s.cost.query_s - before[0], "history_tokens": s.cost.history_tokens - before[1],
           "evidence_recall": None}
    if s.retrieved is not None:
        used = {keys[i] for i in used_turns(s.retrieved, history)}
        known = [k for k in q.evidence_turns if k in session_of]
        rec["evidence_recall"] = recall(known, used)
        rec["unresolved_evidence"] = len(q.evidence_turns) - len(known)
        if q.evidence_sessions:
            rec["session_recall"] = recall(q.evidence_sessions, {session_of[k] for k in used})
    return {**rec, **bench.score(q, reply)}


class Slot:
    """One strategy across all conversations. A memory strategy gets a fresh object (its own scratch
    store) per conversation and the finished one is dropped, which deletes its adapters: LongMemEval has a
    haystack per question, and hundreds of them would otherwise pile up on disk. Costs are merged."""

    def __init__(self, name: str, model, cfg: RunConfig):
        self.name, self.model, self.cfg = name, model, cfg
        self.fresh = name.startswith("memory")
        self.done: list = []  # Cost of each dropped object
        self.s = self._make({})
        self.s.respond(_WARM, "What colour is my bike?")  # first-call costs (imports, caches) do not count
        self.s.reset_cost()

    def _make(self, share: dict):
        from agenthn.baselines import make

        return make(self.name, self.model, **options(self.name, self.cfg, share))

    def begin(self, share: dict):
        """The strategy object for the next conversation (`share`: memory modes ingest it once)."""
        if self.fresh:
            self.done.append(self.s.cost)
            self.s = self._make(share)
        return self.s

    def cost(self):
        return merge_costs([*self.done, self.s.cost])


def merge_costs(costs: list):
    """One Cost holding the sums (and concatenated per-query/per-conversation lists) of several."""
    out = type(costs[0])()
    for f in fields(out):
        setattr(out, f.name, sum((getattr(c, f.name) for c in costs), type(getattr(out, f.name))()))
    return out


def ask_all(model, convs: list[Conversation], cfg: RunConfig, bench: Benchmark) -> tuple[dict, dict]:
    """Per strategy: its per-question records and its cost summary (with ingest tokens/s)."""
    from tqdm import tqdm

    slots = {n: Slot(n, model, cfg) for n in cfg.strategies}
    records: dict[str, list[dict]] = {n: [] for n in slots}
    text_tokens = 0
    total = sum(len(c.questions) for c in convs) * len(slots)
    with tqdm(total=total, desc=bench.name, unit="q") as bar:
        for conv in convs:
            history, keys = conv.history()
            text_tokens += sum(model.count_tokens(m["content"]) for m in history)
            session_of = {t.key: s.id for s in conv.sessions for t in s.turns}
            share: dict = {}  # memory modes internalize this conversation once and share its adapters
            for name, slot in slots.items():
                s = slot.begin(share)
                bar.set_postfix_str(f"{conv.id} {name}")
                for q in conv.questions:
                    records[name].append(_ask_one(s, history, keys, session_of, q, bench))
                    bar.update()
    return records, {n: cost_summary(n, slot.cost(), text_tokens) for n, slot in slots.items()}


def cost_summary(name: str, cost, text_tokens: int) -> dict:
    c = cost.summary()
    c["conversations"] = cost.conversations
    c["ingest_text_tokens_per_s"] = text_tokens / cost.ingest_s if cost.ingest_s > 0 else None
    memory = name.startswith("memory")
    c["adapter_bytes_per_conversation"] = c["memory_bytes_per_conversation"] if memory else 0
    return c


def unresolved_evidence(convs: list[Conversation]) -> list[str]:
    """"question id: evidence id" for evidence naming no turn of its conversation: left out of recall's
    denominator (no strategy could retrieve it) and listed in the report rather than dropped silently."""
    out = []
    for c in convs:
        keys = {t.key for s in c.sessions for t in s.turns}
        out += [f"{q.id}: {e}" for q in c.questions for e in q.evidence_turns if e not in keys]
    return out


def run(model, model_name: str, convs: list[Conversation], cfg: RunConfig, bench: Benchmark,
        source: str) -> dict:
    """Everything the report needs: per strategy, per-group scores, cost and the per-question records."""
    if not convs or not any(c.questions for c in convs):
        from agenthn.errors import AgentHNError

        raise AgentHNError(f"{source}: no questions left to ask after the filters")
    missing = unresolved_evidence(convs)
    if missing:
        log.warning("%d evidence ids name no turn of their conversation (listed in the report), e.g. %s",
                    len(missing), missing[:3])
    records, costs = ask_all(model, convs, cfg, bench)
    results = {n: {"scores": bench.summarize(records[n], bench.metrics), "cost": costs[n]} for n in records}
    return {"benchmark": bench.name, "file": source, "model": model_name, "config": asdict(cfg),
            "conversations": len(convs), "questions": sum(len(c.questions) for c in convs),
            "notes": [*bench.notes, INPUT_NOTE],
            "unresolved_evidence": missing, "results": results, "records": records}
