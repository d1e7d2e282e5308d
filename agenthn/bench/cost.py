"""A cost model fitted to measured timings, not assumed constants.

Query latency on the engine path is fitted by non-negative least squares as
    seconds = overhead + prefill * prompt_tokens + decode * generated_tokens + lora * adapter_rank
over every answered query of every strategy that runs through the engine. Each strategy's ingest time is
fitted as seconds = rate * ingest_tokens over its conversations (internalized tokens for memory, extraction
prompt + output tokens for the note, teacher + training tokens for Cartridges). The model then prices any
row: modeled query seconds, ingest seconds, and the total for a conversation answered Q times.
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
    for i, c in zip(keep, coef):
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


def fit(results: dict[str, dict]) -> dict:
    """results: strategy -> {"samples": [...], "ingests": [...]} pooled over turn counts."""
    engine = [s for name, r in results.items() if name != "cartridge" for s in r["samples"]]
    model = {"query": fit_query(engine), "ingest": {}}
    if results.get("cartridge", {}).get("samples"):
        model["query_cartridge"] = fit_query(results["cartridge"]["samples"])
    for name, r in results.items():
        if any(i["tokens"] for i in r["ingests"]):
            model["ingest"][name] = fit_rate(r["ingests"])
    return model


def price(model: dict, strategy: str, row: dict, queries: int = 10) -> dict:
    """Modeled seconds for one measured row (its mean tokens per query and per ingest)."""
    q = model.get("query_cartridge") if strategy == "cartridge" and "query_cartridge" in model else model["query"]
    query_s = (q["overhead_s"] + q["prefill_s_per_token"] * row["query_tokens_per_query"]
               + q["decode_s_per_token"] * row.get("generated_per_query", 0.0)
               + q["lora_s_per_rank"] * row.get("rank_per_query", 0.0))
    rate = model["ingest"].get(strategy, {}).get("s_per_token", 0.0)
    ingest_s = rate * row["ingest_tokens_per_conversation"]
    return {"model_query_s": query_s, "model_ingest_s": ingest_s,
            f"model_total_s_{queries}q": ingest_s + queries * query_s}
