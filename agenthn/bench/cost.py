"""A cost model fitted to measured timings, not assumed constants.

`calibrate(model)` times the engine's primitives in isolation (the minimum of repeated runs, which a busy
shared machine disturbs least): prefill at several prompt lengths, decode steps, forward passes with
composed adapters of growing rank, and batched internalization of segment-sized documents. Non-negative
least squares turns these into
    query seconds  = overhead + prefill * prompt_tokens + decode * generated_tokens + lora * adapter_rank
    memory ingest  = internalize * internalized_tokens
The same query fit over the benchmark's own queries is reported next to it as a check. Ingest of the
note and Cartridges baselines (generation and training loops) is fitted per strategy as
seconds = rate * ingest_tokens over its measured conversations. `price` then gives any row its modeled
query seconds, ingest seconds and the total for a conversation answered Q times.
"""

from __future__ import annotations

import numpy as np

QUERY_TERMS = ("overhead_s", "prefill_s_per_token", "decode_s_per_token", "lora_s_per_rank")


def _lstsq(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Non-negative least squares: a token or a rank never makes a query faster, and noisy timings on a
    shared machine would otherwise buy a better fit with negative per-token costs."""
    from scipy.optimize import nnls

    coef, _ = nnls(X, y)
    pred = X @ coef
    ss = float(((y - y.mean()) ** 2).sum())
    r2 = 1.0 - float(((y - pred) ** 2).sum()) / ss if ss > 0 else 1.0
    return coef, r2


def fit_query(samples: list[dict]) -> dict:
    """Least-squares fit of query latency; terms with no variation in the data are left at zero."""
    if len(samples) < 2:
        return {**{t: 0.0 for t in QUERY_TERMS}, "r2": 0.0, "n": len(samples)}
    cols = [np.ones(len(samples))] + [np.array([s[k] for s in samples], float)
                                      for k in ("prompt_tokens", "generated", "rank")]
    keep = [0] + [i for i in range(1, 4) if np.ptp(cols[i]) > 0]
    coef, r2 = _lstsq(np.stack([cols[i] for i in keep], 1), np.array([s["seconds"] for s in samples], float))
    out = {t: 0.0 for t in QUERY_TERMS}
    for i, c in zip(keep, coef, strict=True):
        out[QUERY_TERMS[i]] = float(c)
    return {**out, "r2": r2, "n": len(samples)}


def fit_rate(records: list[dict]) -> dict:
    """seconds = rate * tokens through the origin (no work, no time), with its R^2."""
    toks = np.array([r["tokens"] for r in records], float)
    secs = np.array([r["seconds"] for r in records], float)
    if len(records) == 0 or toks.sum() == 0:
        return {"s_per_token": 0.0, "r2": 0.0, "n": len(records)}
    rate = float((toks * secs).sum() / (toks * toks).sum())
    ss = float(((secs - secs.mean()) ** 2).sum())
    r2 = 1.0 - float(((secs - rate * toks) ** 2).sum()) / ss if ss > 0 else 1.0
    return {"s_per_token": rate, "r2": r2, "n": len(records)}


def calibrate(model, repeat: int = 5, segment_tokens: int = 128, previous: dict | None = None) -> dict:
    """Minimum-of-`repeat` timings of the engine's primitives, fitted into per-token and per-rank costs.

    Pass the calibration of an earlier pass as `previous` (the benchmark runs one before and one after
    its work): every point keeps the faster of the two, so a burst of load on a shared machine during
    one pass does not set the model."""
    import torch

    from agenthn.bench.common import timeit
    from agenthn.model.adapter import compose

    vocab = len(model.tokenizer)

    def ids(n):
        return torch.randint(5, vocab, (1, n), generator=torch.Generator().manual_seed(n))

    def t(fn):
        return timeit(fn, repeat)["min_s"]

    points = [{"prompt_tokens": n, "generated": 0, "rank": 0,
               "seconds": t(lambda n=n: model.logits(ids(n), None))}
              for n in (16, 64, 160, 320, 480)]
    docs = [" ".join(["word"] * segment_tokens)] * 16
    segs = model.generate_adapters(docs[:8])
    for k in (1, 4, 8):
        a = compose(segs[:k])
        points.append({"prompt_tokens": 64, "generated": 0, "rank": a.rank,
                       "seconds": t(lambda a=a: model.logits(ids(64), adapter=a))})
    tokens = sum(model.count_tokens(d) for d in docs)
    other = {"decode_s_per_token": _decode_step_s(model, repeat), "internalize_tokens": tokens,
             "internalize_s": timeit(lambda: model.generate_adapters(docs), max(2, repeat // 2))["min_s"]}
    if previous:
        points = [{**p, "seconds": min(p["seconds"], q["seconds"])}
                  for p, q in zip(points, previous["points"], strict=True)]
        other = {k: min(v, previous[k]) for k, v in other.items()}
    return {**fit_query(points), **other, "internalize_s_per_token": other["internalize_s"] / tokens,
            "points": points}


def _decode_step_s(model, repeat: int) -> float:
    """Median seconds between generated tokens (after the prefill), minimum over repeats."""
    import itertools
    import statistics
    import time

    from agenthn.engine.batching import Request, shared_engine

    best = float("inf")
    prompt = model.prompt_ids([{"role": "user", "content": "Tell me something nice."}])
    for _ in range(repeat):
        stamps = [time.perf_counter()]
        for _token in shared_engine(model).submit(Request(prompt, None, 16, set())):
            stamps.append(time.perf_counter())
        gaps = [b - a for a, b in itertools.pairwise(stamps[1:])]  # stamps[0] -> [1] is the prefill
        if gaps:
            best = min(best, statistics.median(gaps))
    return 0.0 if best == float("inf") else best


def fit(results: dict[str, dict], calibration: dict | None = None) -> dict:
    """results: strategy -> {"samples": [...], "ingests": [...]} pooled over turn counts."""
    engine = [s for name, r in results.items() if name != "cartridge" for s in r["samples"]]
    measured = fit_query(engine)
    model = {"query": {k: calibration[k] for k in (*QUERY_TERMS, "r2", "n")} if calibration else measured,
             "query_from_benchmark": measured, "ingest": {}}
    if results.get("cartridge", {}).get("samples"):
        model["query_cartridge"] = fit_query(results["cartridge"]["samples"])
    for name, r in results.items():
        if name.startswith("memory") and calibration:
            model["ingest"][name] = {"s_per_token": calibration["internalize_s_per_token"], "r2": None,
                                     "n": "calibration"}
        elif any(i["tokens"] for i in r["ingests"]):
            model["ingest"][name] = fit_rate(r["ingests"])
    if calibration:
        model["calibration"] = calibration
    return model


def price(model: dict, strategy: str, row: dict, queries: int = 10) -> dict:
    """Modeled seconds for one measured row (its mean tokens per query and per ingest); a row whose
    queries never fit the context window has no query price."""
    if row.get("queries") and row.get("not_fit") == row["queries"]:
        return {"model_query_s": None, "model_ingest_s": None, f"model_total_s_{queries}q": None}
    cartridge = strategy == "cartridge" and "query_cartridge" in model
    q = model.get("query_cartridge") if cartridge else model["query"]
    query_s = (q["overhead_s"] + q["prefill_s_per_token"] * row["query_tokens_per_query"]
               + q["decode_s_per_token"] * row.get("generated_per_query", 0.0)
               + q["lora_s_per_rank"] * row.get("rank_per_query", 0.0))
    rate = model["ingest"].get(strategy, {}).get("s_per_token", 0.0)
    ingest_s = rate * row["ingest_tokens_per_conversation"]
    return {"model_query_s": query_s, "model_ingest_s": ingest_s,
            f"model_total_s_{queries}q": ingest_s + queries * query_s}
