"""`agenthn bench magic-number`: Doc-to-LoRA's needle task, reproduced on our model.

A haystack of the fixed five-sentence filler block with one block replaced by "The special magic number
is NNNN." (`agenthn.world.benchmarks.magic_set`, eval split), sized with the model's own tokenizer at
multiples of its context window (1x..16x of 512 tokens for tiny), needle depth balanced over 10 bins.
The haystack is internalized in chunks of `chunk_tokens` (one adapter per chunk, composed by rank
concatenation: the engine's chunked path), then "What is the special magic number? Reply with only the
number." is asked with no document in the prompt. Correct = the 4 digits appear in the answer (also
reported: exact match of the stripped answer). In-context accuracy is reported where the haystack fits
the window, as the reference the paper compares with.

Beside it, memory's way with a long text (`piece_tokens`, 0: not run): the haystack cut into pieces of
whole sentences of at most `piece_tokens` tokens, every piece internalized on its own, and only the piece
that word TF-IDF finds for the question, its best `rerank` re-ranked by the base model's reading
(`agenthn.agent.search.rerank`), applied: one small adapter instead of all chunks composed; as
memory does, decoding may finish the value from that piece's text (`copy_beta`, engine/copying.py).

English bases (smol) get haystacks of varied English prose instead of the repeated block
(`agenthn.world.english_chat.magic_set`, held-out values): `data="auto"` picks them by the model's base.
"""

from __future__ import annotations

import logging
import re
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from agenthn.agent.memory_config import MemoryConfig
from agenthn.agent.search import TfidfIndex, best_texts
from agenthn.bench.common import machine, markdown_table, write_json
from agenthn.engine.batching import shared_engine
from agenthn.engine.copying import CopySource

log = logging.getLogger(__name__)


@dataclass
class MagicConfig:
    multiples: list[float] = field(default_factory=lambda: [0.5, 1, 2, 4, 8, 16])
    per_length: int = 20             # items per length; item i sits in depth bin i % 10
    seed: int = 0
    chunk_tokens: int | None = None  # None: the model's max_chunk_tokens
    max_new_tokens: int | None = None  # None: 8 for the tiny world, 24 for English (smol writes digits as
                                       # one token each and answers in a sentence)
    chunk_budget: int = 64           # chunks per encoder pass (bounds memory at 16x)
    data: str = "auto"               # "tiny" (fixed filler block), "english" (prose), or "auto": by the base
    piece_tokens: int = 64           # retrieved row: sentences packed into pieces of this size (0: not run)
    rerank: int = MemoryConfig.rerank  # retrieved row: TF-IDF's best pieces re-ranked by the base
    copy_beta: float = MemoryConfig.copy_beta  # retrieved row: values finished from the piece's text (0: off)


def _batches(items: list[dict], per_doc: int, budget: int):
    size = max(1, budget // max(per_doc, 1))
    for i in range(0, len(items), size):
        yield items[i: i + size]


def evaluate_length(model, items: list[dict], cfg: MagicConfig, chunk: int, window: int) -> dict:
    question = [{"role": "user", "content": items[0]["question"]}]
    per_doc = -(-max(it["n_tokens"] for it in items) // chunk)
    hits, exact, bins, t_int, t_q, rank, nbytes = [], [], [[] for _ in range(10)], 0.0, 0.0, 0, 0
    for batch in _batches(items, per_doc, cfg.chunk_budget):
        t0 = time.perf_counter()
        adapters = model.generate_adapters([it["doc"] for it in batch], max_chunk_tokens=chunk)
        t1 = time.perf_counter()
        answers = shared_engine(model).chat_batch([question] * len(batch), adapters=adapters,
                                                  max_new_tokens=cfg.max_new_tokens)
        t_int, t_q = t_int + t1 - t0, t_q + time.perf_counter() - t1
        for it, ans, ad in zip(batch, answers, adapters, strict=True):
            ok = it["answer"] in ans
            hits.append(ok)
            exact.append(ans.strip().rstrip(".") == it["answer"])
            bins[it["depth_bin"]].append(ok)
            rank, nbytes = max(rank, ad.rank), max(nbytes, ad.size_bytes)
    return {"accuracy": float(statistics.mean(hits)), "exact_match": float(statistics.mean(exact)),
            "depth_accuracy": [float(statistics.mean(b)) if b else None for b in bins],
            "chunks_per_doc": per_doc, "adapter_rank": rank, "adapter_bytes": nbytes,
            "internalize_s_per_doc": t_int / len(items), "query_s": t_q / len(items),
            "in_context_accuracy": in_context(model, items, window, cfg.max_new_tokens),
            "example_answer": answers[0]}


def sentence_pieces(doc: str, budget: int, count) -> list[str]:
    """Whole sentences packed in order into pieces of at most `budget` tokens (a longer sentence alone)."""
    pieces, cur = [], ""
    for sent in re.split(r"(?<=[.!?])\s+", doc.strip()):
        joined = f"{cur} {sent}".strip()
        if cur and count(joined) > budget:
            pieces.append(cur)
            joined = sent
        cur = joined
    return pieces + ([cur] if cur else [])


def retrieved_piece(model, pieces: list[str], question: str, rerank_n: int) -> int:
    """The index of the piece memory's retrieval finds for the question (TF-IDF, its best `rerank_n`
    re-ranked by the base)."""
    best, _ = best_texts(TfidfIndex(list(enumerate(pieces))), dict(enumerate(pieces)), question, 1,
                         rerank_n, model.relevance)
    return best[0][0] if best else len(pieces) - 1  # no piece shares a word: one as good as another


def evaluate_retrieved(model, items: list[dict], cfg: MagicConfig) -> dict:
    """Every piece internalized (timed, as memory ingests), then the retrieved piece's adapter alone."""
    question = items[0]["question"]
    hits, found, t_int, t_q, n_pieces = [], [], 0.0, 0.0, []
    for it in items:
        pieces = sentence_pieces(it["doc"], cfg.piece_tokens, model.count_tokens)
        t0 = time.perf_counter()
        adapters = [a for i in range(0, len(pieces), cfg.chunk_budget)
                    for a in model.generate_adapters(pieces[i: i + cfg.chunk_budget])]
        t1 = time.perf_counter()
        pick = retrieved_piece(model, pieces, question, cfg.rerank)
        # one question at a time, not one batch: retrieved_query_s is a question's latency, as memory
        # answers a user, and a batch would report throughput in its place
        copy = CopySource(pieces[pick], cfg.copy_beta) if cfg.copy_beta else None
        ans = shared_engine(model).chat([{"role": "user", "content": question}], adapters[pick],
                                        max_new_tokens=cfg.max_new_tokens, copy=copy)
        t_int, t_q = t_int + t1 - t0, t_q + time.perf_counter() - t1
        hits.append(it["answer"] in ans)
        found.append(it["answer"] in pieces[pick])
        n_pieces.append(len(pieces))
    return {"retrieved_accuracy": float(statistics.mean(hits)),
            "retrieval_hit": float(statistics.mean(found)), "pieces_per_doc": statistics.mean(n_pieces),
            "retrieved_internalize_s_per_doc": t_int / len(items), "retrieved_query_s": t_q / len(items),
            "retrieved_example_answer": ans}


def in_context(model, items: list[dict], window: int, max_new_tokens: int) -> float | str:
    """The base model with the haystack in the prompt, where it fits the context window."""
    prompts = [[{"role": "user", "content": f"{it['doc']}\n\n{it['question']}"}] for it in items]
    if max(len(model.prompt_ids(p)) for p in prompts) + max_new_tokens > window:
        return "does not fit"
    outs = []
    for i in range(0, len(prompts), 8):
        outs += shared_engine(model).chat_batch(prompts[i: i + 8], max_new_tokens=max_new_tokens)
    return float(statistics.mean(it["answer"] in o for it, o in zip(items, outs, strict=True)))


def run(model_name: str, cfg: MagicConfig, json_out: str | None = None, plot_prefix: str | None = None,
        device: str | None = None) -> dict:
    import agenthn
    from agenthn.baselines.base import context_window
    from agenthn.bench.common import english_data

    model = agenthn.load(model_name, device=device or "cpu")
    english = english_data(model_name, cfg.data)
    cfg.data = "english" if english else "tiny"
    cfg.max_new_tokens = cfg.max_new_tokens or (24 if english else 8)
    if english:
        from agenthn.world.english_chat import magic_set
    else:
        from agenthn.world.benchmarks import magic_set
    window, chunk = context_window(model), cfg.chunk_tokens or model.max_chunk_tokens
    rows = []
    for m in cfg.multiples:
        target = int(window * m)
        items = magic_set(cfg.per_length, cfg.seed, target, split="eval", count_tokens=model.count_tokens)
        longest = max(it["n_tokens"] for it in items)
        if longest > model.max_doc_tokens:
            # max_doc_tokens is a request-size guard, not a model limit: chunks are encoded independently.
            log.info("raising max_doc_tokens %d -> %d for this benchmark", model.max_doc_tokens, longest)
            model.max_doc_tokens = longest
        r = evaluate_length(model, items, cfg, chunk, window)
        if cfg.piece_tokens:
            r.update(evaluate_retrieved(model, items, cfg))
        rows.append({"multiple": m, "target_tokens": target,
                     "mean_tokens": statistics.mean(it["n_tokens"] for it in items), "items": len(items),
                     **r})
        log.info("%sx (%d tokens): accuracy %.3f, in context %s", m, target, r["accuracy"],
                 r["in_context_accuracy"])
    return report(model_name, window, chunk, cfg, rows, json_out, plot_prefix)


def report(model_name, window, chunk, cfg, rows, json_out, plot_prefix) -> dict:
    mach = machine()
    print(f"\nmagic-number on {model_name} (context window {window}, chunks of {chunk} tokens), "
          f"{cfg.per_length} haystacks per length, seed {cfg.seed}; machine: {mach['platform']}, "
          f"{mach['cpus']} CPUs\n")
    cols = ["multiple", "mean_tokens", "chunks_per_doc", "accuracy", "exact_match", "in_context_accuracy",
            "adapter_rank", "adapter_bytes", "internalize_s_per_doc", "query_s"]
    if cfg.piece_tokens:
        cols += ["pieces_per_doc", "retrieved_accuracy", "retrieval_hit", "retrieved_internalize_s_per_doc"]
    print(markdown_table(rows, cols))
    depth = [{"multiple": r["multiple"], **{f"bin{i}": (f"{a:.2f}" if a is not None else "")
                                            for i, a in enumerate(r["depth_accuracy"])}} for r in rows]
    print("\naccuracy per depth bin (0 = start of the haystack):\n" + markdown_table(depth, list(depth[0])))
    payload = {"benchmark": "magic-number", "model": model_name, "context_window": window,
               "chunk_tokens": chunk,
               "config": asdict(cfg), "machine": mach,
               "rows": [{**r, "machine": mach["platform"]} for r in rows]}
    if plot_prefix:  # PREFIX_accuracy.png etc.
        payload["plots"] = [str(p) for p in plots(rows, Path(plot_prefix), window, cfg.copy_beta)]
    write_json(json_out, payload)
    return payload


def plots(rows: list[dict], prefix: Path, window: int, copy_beta: float = 0.0) -> list[Path]:
    from agenthn.bench.plots import heatmap, lines, named

    labels = [f"{r['multiple']:g}x ({r['target_tokens']})" for r in rows]
    series = {"internalized (chunked, composed)": [(r["target_tokens"], r["accuracy"]) for r in rows],
              "in context": [(r["target_tokens"], r["in_context_accuracy"]
                              if isinstance(r["in_context_accuracy"], float) else None) for r in rows]}
    if "retrieved_accuracy" in rows[0]:
        how = ", copying from its text" if copy_beta else ""
        series[f"one retrieved piece's adapter{how} (memory's way)"] = [
            (r["target_tokens"], r["retrieved_accuracy"]) for r in rows]
    return [heatmap(named(prefix, "depth"), [r["depth_accuracy"] for r in rows], labels,
                    [str(i) for i in range(10)], "Magic number: accuracy by length and needle depth",
                    "depth bin (0 = start)", "haystack tokens"),
            lines(named(prefix, "accuracy"), series, "haystack tokens", "accuracy",
                  f"Magic number accuracy vs length (window {window})",
                  note="x on the axis: does not fit the context window", ylim=(-0.03, 1.03))]
