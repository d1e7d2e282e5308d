"""`agenthn bench niah`: facts said once in a long conversation, asked about at the end.

Conversations come from `agenthn.world.benchmarks.niah_set` (eval split: held-out phrasings, names and
values): user facts ("needles") at balanced depths among filler exchanges, then one question per fact.
Every strategy of `agenthn.baselines` answers every question; an answer is correct when it contains the
expected value (case-insensitive). Reported per strategy and conversation length: accuracy (per depth
bin too), history tokens in context per query, query and ingest tokens, total tokens processed, latency
per query and per ingested turn, memory bytes per conversation, KV-cache bytes per query, and the prices
of a cost model fitted to these very timings (`agenthn.bench.cost`). A strategy whose prompt exceeds the
model's context window is reported as "does not fit" rather than run past its trained positions.

English bases (smol) get English conversations (`agenthn.world.english_chat`, held-out split: facts said
in passing among small talk, asked in other words), an English note-taking prompt and English
self-study probes for Cartridges; `data="auto"` picks them by the model's base, as `agenthn eval
internalize` does. Conversations and needles may be given per length, so that long conversations carry
more needles (the expensive part, ingesting 1000 turns, is then paid once for ten questions); a strategy
can be capped at a length (`max_turns`), beyond which it is reported as "not run" with nothing faked.
"""

from __future__ import annotations

import logging
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from agenthn.agent.memory_config import MemoryConfig
from agenthn.bench import cost as costmodel
from agenthn.bench.common import english_data, machine, markdown_table, write_json

log = logging.getLogger(__name__)

ALL = ["vanilla", "full", "truncated", "rag", "note", "memory-topk", "memory-top1", "memory-all",
       "memory-recent", "cartridge"]
MEMORY = ["memory-topk", "memory-top1", "memory-all", "memory-recent"]
SLOW = ("note", "cartridge")


@dataclass
class NiahConfig:
    turns: list[int] = field(default_factory=lambda: [80])
    conversations: int | list[int] = 20  # per length when a list (one entry per turns entry)
    needles: int | list[int] = 2
    seed: int = 0
    strategies: list[str] = field(default_factory=lambda: list(ALL))
    max_new_tokens: int = 24
    live_tokens: int = 16
    top_k: int = 2             # memory-topk: segments composed per query (memory-top1 always takes 1)
    segment_turns: int = MemoryConfig.segment_turns  # memory: logged turns (messages) per segment
    store_dtype: str = MemoryConfig.store_dtype  # memory: precision of the stored segment adapters
    rerank: int = MemoryConfig.rerank  # memory: TF-IDF's best segments re-ranked by the base (0: TF alone)
    copy_beta: float = MemoryConfig.copy_beta  # memory: values finished from the segments' text (0: off)
    gate: bool = MemoryConfig.gate  # memory: segments' adapters only where the relevance gate opens
    rag_k: int = 4             # RAG: messages retrieved
    cartridge_steps: int = 40
    cartridge_queries: int = 96
    slow_conversations: int | None = None  # cap for note and cartridge (per-turn extraction, per-conversation
                                           # training: minutes per long conversation on 2 CPU cores)
    calibration_repeat: int = 5  # timed runs per cost-model calibration point (the minimum is kept); 0: no
                                 # calibration, the cost model is fitted to the benchmark's own queries
    data: str = "auto"           # "tiny" (the synthetic world), "english", or "auto": by the model's base
    max_turns: dict[str, int] = field(default_factory=dict)  # strategy -> longest length it runs at

    def at(self, value: int | list[int], i: int) -> int:
        """A per-length setting: the i-th entry of a list, or the one value for every length."""
        if isinstance(value, int):
            return value
        if len(value) != len(self.turns):
            raise ValueError(f"{value} must have one entry per length {self.turns}")
        return value[i]


def correct(answer: str | None, expected: str) -> bool:
    return answer is not None and expected.lower() in answer.lower()


def correct_words(answer: str | None, expected: str) -> bool:
    """English grading: the answer's words appear as whole words ("54" is not in "154"; "Tari" is not
    "Tariq"), case and punctuation ignored, as the English internalization eval grades."""
    from agenthn.bench.eval_english import grade

    return answer is not None and grade(answer, [expected])[0]


def options(name: str, cfg: NiahConfig, share: dict, english: bool = False) -> dict:
    kw = {"max_new_tokens": cfg.max_new_tokens, "live_tokens": cfg.live_tokens}
    if english and name == "note":
        kw.update(english=True)
    if english and name == "cartridge":
        from agenthn.world.english_chat import probes

        kw.update(probes=probes(cfg.seed, "train"))
    if name.startswith("memory"):
        kw.update(top_k=cfg.top_k, segment_turns=cfg.segment_turns, store_dtype=cfg.store_dtype,
                  rerank=cfg.rerank, copy_beta=cfg.copy_beta, gate=cfg.gate, share=share)
    elif name.startswith("rag"):
        kw.update(top_k=cfg.rag_k)
    elif name == "cartridge":
        kw.update(steps=cfg.cartridge_steps, teacher_queries=cfg.cartridge_queries, seed=cfg.seed)
    return kw


def not_run(name: str, turns: int, cfg: NiahConfig) -> dict:
    """The row of a strategy capped below this length: no accuracy and no cost, said so in the table."""
    return {"strategy": name, "conversations": 0, "accuracy": None, "fits": None, "not_run": True,
            "queries": 0, "not_fit": 0, "history_tokens_per_query": None, "depth_accuracy": [None] * 10,
            "reason": f"capped at {cfg.max_turns[name]} turns (cost on this machine)", "examples": [],
            "_samples": [], "_ingests": []}


def evaluate(model, name: str, convs: list[dict], cfg: NiahConfig, warm: dict, share: dict,
             english: bool = False) -> dict:
    """One strategy over one set of conversations; warmed up first so imports and first calls do not count."""
    from agenthn.baselines import make

    s = make(name, model, **options(name, cfg, share, english))
    grade = correct_words if english else correct
    s.respond(warm["messages"], warm["questions"][0]["question"])
    s.reset_cost()
    if name in SLOW and cfg.slow_conversations:
        convs = convs[: cfg.slow_conversations]
    hits, bins, examples, found = [], [[] for _ in range(10)], [], []
    for conv in convs:
        for q in conv["questions"]:
            answer = s.respond(conv["messages"], q["question"])
            ok = grade(answer, q["answer"])
            hits.append(ok)
            if s.retrieved is not None:  # did retrieval pick the text holding the answer?
                found.append(any(q["answer"].lower() in t.lower() for t in s.retrieved))
            bins[min(int(q["depth"] * 10), 9)].append(ok)
            if len(examples) < 3:
                examples.append({"question": q["question"], "expected": q["answer"], "answer": answer})
    summary = s.cost.summary()
    from agenthn.baselines.base import kv_bytes_per_token

    extra = s.context_extra_tokens()
    return {"strategy": name, "conversations": len(convs),
            "accuracy": float(statistics.mean(hits)) if hits else 0.0,
            "fits": summary["not_fit"] == 0,
            "retrieval_hit": float(statistics.mean(found)) if found else None,
            **summary,
            "kv_bytes_per_query": kv_bytes_per_token(model) * (summary["query_tokens_per_query"] + extra),
            "depth_accuracy": [float(statistics.mean(b)) if b else None for b in bins], "examples": examples,
            "_samples": s.cost.samples, "_ingests": s.cost.ingests}


def accuracy_cell(r: dict) -> str:
    if r.get("not_run"):
        return "not run"
    if r["not_fit"] == r["queries"]:
        return "does not fit"
    note = f" ({r['not_fit']}/{r['queries']} do not fit)" if r["not_fit"] else ""
    return f"{r['accuracy']:.3f}{note}"


def targets(rows: list[dict]) -> list[dict]:
    """The issue's targets, checked per length: best memory mode vs full context, RAG and the window."""
    out = []
    for n in sorted({r["turns"] for r in rows}):
        at = {r["strategy"]: r for r in rows if r["turns"] == n}
        mem = [at[m] for m in MEMORY if m in at and not at[m].get("not_run")]
        if not mem:
            continue
        best = max(mem, key=lambda r: r["accuracy"])
        t = {"turns": n, "best_memory": best["strategy"], "memory_accuracy": best["accuracy"],
             "memory_history_tokens": best["history_tokens_per_query"]}
        fitting_full = [r for r in rows if r["strategy"] == "full" and r["fits"] and not r.get("not_run")]
        if "full" in at and at["full"]["fits"] and not at["full"].get("not_run"):
            t["full_accuracy"] = at["full"]["accuracy"]
            t["memory_vs_full_accuracy"] = best["accuracy"] / max(at["full"]["accuracy"], 1e-9)
        elif fitting_full:
            ref = max(fitting_full, key=lambda r: r["turns"])
            t["full_accuracy"] = f"does not fit (fits up to {ref['turns']} turns: {ref['accuracy']:.3f})"
        else:
            t["full_accuracy"] = "does not fit"
        # ratios of history tokens in context (memory's 0 counts as 1) and of whole prompts; for full
        # context that does not fit, the tokens it would need
        for other in ("rag", "full"):
            if other in at and at[other].get("not_run"):
                continue
            if other in at:
                t[f"{other}_history_tokens_over_memory"] = (at[other]["history_tokens_per_query"]
                                                            / max(best["history_tokens_per_query"], 1.0))
            if other in at and at[other]["queries"] > at[other]["not_fit"]:
                t[f"{other}_query_tokens_over_memory"] = (at[other]["query_tokens_per_query"]
                                                          / max(best["query_tokens_per_query"], 1.0))
        out.append(t)
    return out


COLUMNS = ["turns", "strategy", "accuracy", "retrieval_hit", "history_tokens_per_query",
           "query_tokens_per_query", "ingest_tokens_per_conversation", "total_tokens_per_conversation",
           "query_latency_s", "ingest_s_per_turn", "memory_bytes_per_conversation", "kv_bytes_per_query"]
COST_COLUMNS = ["turns", "strategy", "query_latency_s", "model_query_s", "ingest_s_per_conversation",
                "model_ingest_s", "model_total_s_10q"]


def sets(english: bool):
    """(set builder, warm-up conversation): the English or the tiny world's needle conversations."""
    if english:
        from agenthn.world.english_chat import niah_set

        return niah_set, niah_set(1, 10_000, 4, n_needles=1, split="train")[0]
    from agenthn.world.benchmarks import niah_set

    return niah_set, niah_set(1, 10_000, 4, n_needles=1)[0]


def run(model_name: str, cfg: NiahConfig, json_out: str | None = None, plot_prefix: str | None = None,
        device: str | None = None) -> dict:
    import agenthn

    model = agenthn.load(model_name, device=device or "cpu")
    english = english_data(model_name, cfg.data)
    build, warm = sets(english)
    calibration = costmodel.calibrate(model, cfg.calibration_repeat) if cfg.calibration_repeat else None
    rows, pooled, t0 = [], {}, time.perf_counter()
    for i, n in enumerate(cfg.turns):
        convs = build(cfg.at(cfg.conversations, i), cfg.seed, n, n_needles=cfg.at(cfg.needles, i),
                      split="eval")
        share: dict = {}  # the memory modes internalize each conversation once, then share its adapters
        for name in cfg.strategies:
            capped = name in cfg.max_turns and n > cfg.max_turns[name]
            r = not_run(name, n, cfg) if capped else evaluate(model, name, convs, cfg, warm, share, english)
            pool = pooled.setdefault(name, {"samples": [], "ingests": []})
            pool["samples"] += r.pop("_samples")
            pool["ingests"] += r.pop("_ingests")
            rows.append({"turns": n, "questions": sum(len(c["questions"]) for c in convs), **r})
            log.info("%4d turns  %-14s acc %s  hist tok %s  (%.0fs elapsed)", n, name, accuracy_cell(r),
                     r["history_tokens_per_query"], time.perf_counter() - t0)
    if calibration:
        calibration = costmodel.calibrate(model, cfg.calibration_repeat, previous=calibration)
    model_fit = costmodel.fit(pooled, calibration)
    for r in rows:
        if not r.get("not_run"):
            r.update(costmodel.price(model_fit, r["strategy"], r))
    cfg.data = "english" if english else "tiny"
    return report(model, model_name, cfg, rows, model_fit, json_out, plot_prefix)


def report(model, model_name, cfg, rows, model_fit, json_out, plot_prefix) -> dict:
    from agenthn.baselines.base import context_window

    mach = machine()
    shown = [{**{k: ("" if v is None else v) for k, v in r.items()}, "accuracy": accuracy_cell(r)}
             for r in rows]
    print(f"\nniah on {model_name} (context window {context_window(model)} tokens), {cfg.conversations} "
          f"conversations x {cfg.needles} needles, seed {cfg.seed}; machine: {mach['platform']}, "
          f"{mach['cpus']} CPUs{', ' + mach['gpu'] if 'gpu' in mach else ''}\n")
    print(markdown_table(shown, COLUMNS))
    for label, key in (("calibrated primitives", "query"),
                       ("fit to this run's queries", "query_from_benchmark")):
        q = model_fit[key]
        print(f"\ncost model, {label} (R^2 {q['r2']:.3f}, n={q['n']}): {q['overhead_s'] * 1e3:.2f} ms + "
              f"{q['prefill_s_per_token'] * 1e6:.1f} us/prompt token + {q['decode_s_per_token'] * 1e3:.2f} "
              f"ms/generated token + {q['lora_s_per_rank'] * 1e6:.2f} us/adapter rank")
    print("ingest: " + ", ".join(f"{k} {v['s_per_token'] * 1e6:.1f} us/token"
                                 for k, v in model_fit["ingest"].items())
          + "\n")
    print(markdown_table(shown, COST_COLUMNS))
    checks = targets(rows)
    print("\ntargets:\n" + markdown_table(checks, list(dict.fromkeys(k for t in checks for k in t))))
    payload = {"benchmark": "niah", "model": model_name, "context_window": context_window(model),
               "config": asdict(cfg), "machine": mach,
               "rows": [{**r, "machine": mach["platform"]} for r in rows],
               "cost_model": model_fit, "targets": checks}
    if plot_prefix:  # PREFIX_accuracy.png etc.
        payload["plots"] = [str(p) for p in plots(rows, Path(plot_prefix))]
    write_json(json_out, payload)
    return payload


def plots(rows: list[dict], prefix: Path) -> list[Path]:
    from agenthn.bench.plots import lines, named

    names = list(dict.fromkeys(r["strategy"] for r in rows))

    def of(n):
        return [r for r in rows if r["strategy"] == n]

    acc = {n: [(r["turns"], None if r["not_fit"] == r["queries"] else r["accuracy"]) for r in of(n)]
           for n in names}
    tok = {n: [(r["turns"], None if r["not_fit"] == r["queries"] else r["history_tokens_per_query"])
               for r in of(n)]
           for n in names}
    needed = "full: tokens it would need (beyond the window)"
    if "full" in names and any(r["not_fit"] for r in of("full")):  # the line that shows why full cannot run
        tok[needed] = [(r["turns"], r["history_tokens_per_query"]) for r in of("full")]
    note = "x on the axis: does not fit the context window" + (
        ", or not run (capped for cost; see the table)" if any(r.get("not_run") for r in rows) else "")
    return [lines(named(prefix, "accuracy"), acc, "conversation turns", "accuracy",
                  "Needle accuracy vs turns", note=note, ylim=(-0.03, 1.03)),
            lines(named(prefix, "tokens"), tok, "conversation turns", "history tokens in context per query",
                  "History tokens per query vs turns", logy=True, note=note, dashed=(needed,))]
