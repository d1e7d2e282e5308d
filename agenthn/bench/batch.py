"""`agenthn bench batch`: many users at once, each with a distinct adapter.

For each number of concurrent users (all arriving at t=0, fixed prompt and output lengths, stop
tokens ignored), side by side in one run:
- `batched`: the continuous-batching engine, one distinct rank-R adapter per user;
- `batched-no-adapter`: the same batch with no adapters (the per-row adapter cost is the ratio
  of their decode step times);
- `serial-lock`: the reference system's global lock: one request at a time through Hugging Face's
  `generate` (the request's adapter set for the call). Queued requests wait for the ones before
  them, so request k finishes at the sum of the first k service times; with `--serial-max` only
  that many are run and the rest queue behind them with the measured service times (said in each row).

Random weights time the same as trained ones: `gemma-2-2b-random` is the full-size gemma-2-2b
configuration (GPU); `tiny` is the shipped tiny model, or a random model of its architecture
until the checkpoint exists.
"""

from __future__ import annotations

import logging
import os
import statistics
import time
from pathlib import Path

import torch

from agenthn.bench.common import machine, markdown_table, write_json

log = logging.getLogger(__name__)

# the tiny preset's base model (agenthn.train.presets, `tiny`): same shapes, same speed
TINY_BASE = dict(vocab_size=4096, hidden_size=256, intermediate_size=768, num_hidden_layers=4,
                 num_attention_heads=4,
                 num_key_value_heads=4, max_position_embeddings=512)


def random_tiny(device: str):
    from transformers import LlamaConfig, LlamaForCausalLM

    from agenthn.engine.d2l import D2LModel
    from agenthn.model.checkpoint import hypernet_id
    from agenthn.model.config import ModelConfig
    from agenthn.model.random_init import random_hypernet, test_tokenizer

    tok = test_tokenizer()
    cfg = LlamaConfig(**TINY_BASE, pad_token_id=tok.pad_token_id, bos_token_id=tok.bos_token_id,
                      eos_token_id=tok.eos_token_id, tie_word_embeddings=True)
    torch.manual_seed(0)
    with torch.device(device):
        base = LlamaForCausalLM(cfg).eval().requires_grad_(False)
        net = random_hypernet(base, ["down_proj"], lora_r=16).eval().requires_grad_(False)
    config = ModelConfig({"down_proj": "mlp.down_proj"}, "random/tiny",
                         hypernet_id({"head": net.head[:1, :1, :1]}),
                         320, 16384, name="tiny-random")
    return D2LModel(base, tok, net, config)


def build_model(name: str, device: str | None, dtype: str | None = None):
    from agenthn.bench.internalize import build_random_gemma
    from agenthn.engine.loading import builtin_names

    if name == "gemma-2-2b-random":
        return build_random_gemma(device or "cuda")
    if name == "tiny" and "tiny" not in builtin_names():
        log.info("agenthn/checkpoints/tiny is not there yet: timing a random model of the tiny architecture")
        return random_tiny(device or "cpu")
    import agenthn

    return agenthn.load(name, device=device, dtype=getattr(torch, dtype) if dtype else None)


def user_adapters(model, n: int, rank: int):
    """n distinct random adapters of the model's target shapes (speed does not depend on values)."""
    from agenthn.model.adapter import Adapter

    L = model.base.config.num_hidden_layers
    g = torch.Generator().manual_seed(1)
    out = []
    for i in range(n):
        A = {m: torch.randn(L, rank, d_in, generator=g) / d_in**0.5
             for m, (_, d_in, _) in model.targets.items()}
        B = {m: torch.randn(L, rank, d_out, generator=g) * 0.01 for m, (_, _, d_out) in model.targets.items()}
        meta = {"targets": {m: p for m, (p, _, _) in model.targets.items()},
                "layer_prefix": model.layer_prefix,
                "base_model": model.base_model_id, "hypernet_id": model.hypernet_id,
                "cache_key": f"bench-user-{i}"}
        out.append(Adapter(A, B, 1.0, meta))
    return out


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def run_batched(engine, prompts, adapters, new: int) -> dict:
    from agenthn.engine.batching import Request

    first_step = engine.scheduler.n_steps
    t0 = time.perf_counter()
    handles = [engine.submit(Request(p, a, new, set())) for p, a in zip(prompts, adapters, strict=True)]
    for h in handles:
        h.result()
    wall = max(h.t_done for h in handles) - t0
    lat = [h.t_done - t0 for h in handles]
    k = engine.scheduler.n_steps - first_step
    recent = list(engine.scheduler.step_times)[-k:] if k else []
    full = [s for n, _, s in recent if n == len(prompts)]
    return {"tokens_per_s": len(prompts) * new / wall, "p50_s": pct(lat, 0.5), "p95_s": pct(lat, 0.95),
            "ttft_p50_s": pct([h.t_first - t0 for h in handles], 0.5),
            "decode_step_ms": 1e3 * statistics.median(full) if full else None,
            "measured_requests": len(prompts),
            "tokens": [h.tokens for h in handles]}


def run_serial(model, prompts, adapters, new: int, serial_max: int) -> dict:
    """The reference system: Hugging Face's generate, one request at a time, its adapter set for the call."""
    from transformers import GenerationConfig

    from agenthn.model.lora import use_lora

    cfg = GenerationConfig(max_new_tokens=new, do_sample=False,
                           pad_token_id=model.tokenizer.pad_token_id or 0)
    service, tokens = [], []
    for p, a in list(zip(prompts, adapters, strict=True))[:serial_max]:
        t = time.perf_counter()
        ids = torch.tensor([p], device=model.device)
        with use_lora(model.lora_batch([a])), torch.inference_mode():  # no eos in cfg: stop tokens ignored
            out = model.base.generate(input_ids=ids, attention_mask=torch.ones_like(ids),
                                      generation_config=cfg)
        tokens.append(out[0, len(p):].tolist())
        service.append(time.perf_counter() - t)
    done, t = [], 0.0
    for i in range(len(prompts)):  # FIFO behind one lock: each waits for all before it
        t += service[i % len(service)]
        done.append(t)
    return {"tokens_per_s": len(prompts) * new / done[-1], "p50_s": pct(done, 0.5), "p95_s": pct(done, 0.95),
            "ttft_p50_s": None, "decode_step_ms": 1e3 * statistics.median(service) / new,
            "measured_requests": len(service), "tokens": tokens}


def agreement(batched: list[list[int]], serial: list[list[int]]) -> float:
    """Mean fraction of each request's tokens before batched and serial greedy outputs first differ
    (1.0 = identical; bf16 near-ties on random weights may legitimately flip late tokens)."""
    fr = []
    # serial holds only the measured requests (serial_max); a pair's tokens are compared up to the shorter
    for b, s in zip(batched, serial, strict=False):
        k = next((i for i, (x, y) in enumerate(zip(b, s, strict=False)) if x != y), min(len(b), len(s)))
        fr.append(k / max(1, len(s)))
    return sum(fr) / len(fr)


def measure(model, engine, n: int, prompts, adapters, new: int, serial_max: int, repeat: int) -> list[dict]:
    """Each mode `repeat` times, interleaved (so machine noise hits all modes alike); the run with
    the median throughput is reported."""
    runs = {"batched": [], "batched-no-adapter": [], "serial-lock": []}
    run_batched(engine, prompts[:n], adapters[:n], new)  # warm-up: CUDA graphs, adapter cache
    run_batched(engine, prompts[:n], [None] * n, new)
    run_serial(model, prompts[:1], adapters[:1], new, 1)
    for _ in range(repeat):
        runs["batched"].append(run_batched(engine, prompts[:n], adapters[:n], new))
        runs["batched-no-adapter"].append(run_batched(engine, prompts[:n], [None] * n, new))
        runs["serial-lock"].append(run_serial(model, prompts[:n], adapters[:n], new, serial_max))
    rows = []
    for mode, rs in runs.items():
        med = sorted(rs, key=lambda r: r["tokens_per_s"])[len(rs) // 2]
        rows.append({"users": n, "mode": mode, **med, "repeats": len(rs)})
    batched, plain, serial = rows
    batched["greedy_agreement_vs_serial"] = agreement(batched["tokens"], serial["tokens"])
    for r in rows:
        r["speedup_vs_serial"] = r["tokens_per_s"] / serial["tokens_per_s"]
        r.pop("tokens")
    a, b = batched["decode_step_ms"], plain["decode_step_ms"]
    batched["adapter_step_ratio"] = a / b if a and b else None
    log.info("%d users: batched %.0f tok/s, no adapters %.0f, serial %.1f (x%.1f)", n,
             batched["tokens_per_s"],
             plain["tokens_per_s"], serial["tokens_per_s"], batched["speedup_vs_serial"])
    return rows


def graph_check(model, engine, prompts, adapters, new: int, max_seq: int) -> dict:
    """Replayed CUDA graphs against the same padded shapes run eagerly: tokens should be identical."""
    from agenthn.engine.batching import BatchEngine

    n = min(4, len(prompts))
    graphs = run_batched(engine, prompts[:n], adapters[:n], new)["tokens"]
    with BatchEngine(model, max_batch=engine.scheduler.max_batch, max_seq=max_seq, cuda_graphs=False,
                     bucketed=True) as eager:
        plain = run_batched(eager, prompts[:n], adapters[:n], new)["tokens"]
    out = {"requests": n, "identical": graphs == plain, "agreement": agreement(graphs, plain),
           "graphs_captured": engine.scheduler.runner.n_graphs}
    log.info("CUDA graph check: %s", out)
    return out


def plot(rows: list[dict], path: Path, title: str) -> None:
    from agenthn.bench.plots import pyplot

    plt = pyplot()

    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for mode in ("batched", "batched-no-adapter", "serial-lock"):
        rs = [r for r in rows if r["mode"] == mode]
        users = [r["users"] for r in rs]
        axes[0].plot(users, [r["tokens_per_s"] for r in rs], marker="o", label=mode)
        axes[1].plot(users, [r["p95_s"] for r in rs], marker="o", label=mode)
    users = sorted({r["users"] for r in rows})
    for ax, label in zip(axes, ("throughput (tokens/s)", "p95 latency (s)"), strict=True):
        ax.set_xscale("log", base=2)
        ax.set_xticks(users, [str(u) for u in users])
        ax.set_yscale("log")
        ax.set_xlabel("concurrent users (one distinct adapter each)")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
    axes[0].legend()
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def summarize(rows, model, engine, adapters, users) -> dict:
    by = {(r["users"], r["mode"]): r for r in rows}
    top = 16 if 16 in users else max(users)
    f = engine.cache.host(adapters[0])
    s = {"single_user_tokens_per_s": by.get((1, "batched"), {}).get("tokens_per_s"),
         f"speedup_at_{top}_users": by[(top, "batched")]["speedup_vs_serial"],
         "adapter_step_ratio": {n: by[(n, "batched")]["adapter_step_ratio"] for n in users},
         "adapter_bytes_per_user": f.nbytes, "adapter_rank": f.rank,
         "lora_slot_bytes_per_row": engine.scheduler.lora.nbytes // engine.scheduler.lora.slots,
         "kv_bytes_per_token": engine.scheduler.kv.bytes_per_token, "engine": engine.stats()}
    if model.device.type == "cuda":
        s["peak_gpu_gib"] = torch.cuda.max_memory_allocated() / 2**30
        s["targets"] = {"16 users >= 10x serial": s.get("speedup_at_16_users", 0) >= 10,
                        "adapter step <= 1.3x": all(v is not None and v <= 1.3
                                                    for v in s["adapter_step_ratio"].values()),
                        "single user >= 100 tok/s": (s["single_user_tokens_per_s"] or 0) >= 100}
    else:
        s["targets"] = {f"{top} users >= 2x serial": s[f"speedup_at_{top}_users"] >= 2}
    return s


def run(model_name: str, users: list[int], new: int, prompt_tokens: int, rank: int, json_out: str | None,
        device: str | None, serial_max: int | None, cuda_graphs: bool = True, repeat: int | None = None,
        dtype: str | None = None) -> dict:
    """`dtype` ("float32"/"bfloat16"): the base weights' dtype passed to agenthn.load (None: its default)."""
    from agenthn.engine.batching import BatchEngine

    torch.manual_seed(0)
    load_before = os.getloadavg()
    model = build_model(model_name, device, dtype)
    on_gpu = model.device.type == "cuda"
    serial_max = serial_max or (8 if on_gpu else max(users))
    repeat = repeat or (1 if on_gpu else 3)  # shared CPUs are noisy; GPU timings are steady
    adapters = user_adapters(model, max(users), rank)
    g = torch.Generator().manual_seed(2)
    prompts = [torch.randint(3, len(model.tokenizer), (prompt_tokens,), generator=g).tolist()
               for _ in adapters]
    max_seq = prompt_tokens + new + 8
    engine = BatchEngine(model, max_batch=max(users), max_seq=max_seq, cuda_graphs=cuda_graphs)
    rows, check = [], None
    try:
        with torch.inference_mode():
            if on_gpu and cuda_graphs:
                check = graph_check(model, engine, prompts, adapters, new, max_seq)
            for n in users:
                rows += measure(model, engine, n, prompts, adapters, new, serial_max, repeat)
        summary = summarize(rows, model, engine, adapters, users)
        summary["graph_check"] = check
    finally:
        engine.close()
    cols = ["users", "mode", "tokens_per_s", "p50_s", "p95_s", "ttft_p50_s", "decode_step_ms",
            "speedup_vs_serial",
            "adapter_step_ratio", "greedy_agreement_vs_serial", "measured_requests"]
    table = markdown_table(rows, cols)
    base_dtype = model.weights_dtype
    where = f"{model.name} ({base_dtype}) on {model.device} ({machine().get('gpu') or machine()['platform']})"
    print(f"{where}: {prompt_tokens} prompt + {new} new tokens per user, rank-{rank} adapters\n{table}")
    print({k: v for k, v in summary.items() if k != "engine"})
    payload = {"bench": "batch", "model": model.name, "device": str(model.device), "base_dtype": base_dtype,
               "machine": {**machine(), "torch_threads": torch.get_num_threads(),
                           "load_avg_1_5_15_before": load_before,
                           "load_avg_1_5_15": os.getloadavg()},
               "prompt_tokens": prompt_tokens, "new_tokens": new, "adapter_rank": rank,
               "serial_max": serial_max,
               "repeat": repeat,
               "rows": rows, "summary": summary, "markdown": table}
    write_json(json_out, payload)
    if json_out:
        plot(rows, Path(json_out).with_suffix(".png"), where)
    return payload
