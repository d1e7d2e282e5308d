"""`agenthn bench serve`: concurrent streaming clients against a real server on loopback.

A child `agenthn serve` process (so clients and server do not share an interpreter) gets `clients`
users, each running one streaming chat completion after another through the OpenAI route for
`duration_s` seconds. Reported: requests completed, errors (HTTP or in-band; target 0), p50/p95 time
to first token and total latency, completion tokens per second, and a latency-over-time plot.

The server generates one request at a time (a global generation lock, until batched serving lands),
so with C clients time-to-first-token is dominated by the wait in the queue: about (C - 1) times the
time of one generation. That is the number this benchmark exists to make visible.

    agenthn bench serve --json out/serve.json                 # 32 clients, 30 s, embedded tiny model
    agenthn bench serve --quick --model random-test           # plumbing check on a random model
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from agenthn.bench.common import machine, markdown_table, write_json

log = logging.getLogger(__name__)

PROMPTS = ["My locker code is 4821. What is my locker code?", "Tell me about the city of Vella.",
           "What is the zorbic of 3 and 5?", "Say hello in a cheerful tone.",
           "Who invented the glass kettle?"]


@dataclass
class Sample:
    start: float
    ttft: float | None
    total: float
    tokens: int
    error: str | None = None


@dataclass
class Load:
    samples: list[Sample] = field(default_factory=list)


async def _one(client, url: str, key: str, prompt: str, max_tokens: int) -> Sample:
    body = {"model": "default", "messages": [{"role": "user", "content": prompt}], "max_tokens": max_tokens,
            "stream": True, "stream_options": {"include_usage": True}}
    t0 = time.perf_counter()
    ttft, tokens, error = None, 0, None
    try:
        async with client.stream("POST", url + "/v1/chat/completions", json=body,
                                 headers={"Authorization": f"Bearer {key}"}) as r:
            if r.status_code != 200:
                error = f"HTTP {r.status_code}"
                await r.aread()
            else:
                async for line in r.aiter_lines():
                    if not line.startswith("data: ") or line == "data: [DONE]":
                        continue
                    chunk = json.loads(line[6:])
                    if "error" in chunk:
                        error = chunk["error"].get("code") or "stream error"
                    elif chunk.get("usage"):
                        tokens = chunk["usage"]["completion_tokens"]
                    elif ttft is None and chunk["choices"] and chunk["choices"][0]["delta"].get("content"):
                        ttft = time.perf_counter() - t0
    except Exception as e:  # noqa: BLE001 - every failure is a counted error, not a crash of the bench
        error = type(e).__name__
    return Sample(t0, ttft, time.perf_counter() - t0, tokens, error)


async def _client(url: str, key: str, deadline: float, max_tokens: int, load: Load, i: int) -> None:
    import httpx

    async with httpx.AsyncClient(timeout=httpx.Timeout(600.0)) as client:
        n = 0
        while time.perf_counter() < deadline:
            load.samples.append(await _one(client, url, key, PROMPTS[(i + n) % len(PROMPTS)], max_tokens))
            n += 1


async def _drive(url: str, keys: list[str], duration_s: float, max_tokens: int) -> tuple[Load, float]:
    load = Load()
    t0 = time.perf_counter()
    deadline = t0 + duration_s
    await asyncio.gather(*(_client(url, k, deadline, max_tokens, load, i) for i, k in enumerate(keys)))
    return load, time.perf_counter() - t0


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def summarize(load: Load, wall_s: float, clients: int) -> dict:
    ok = [s for s in load.samples if s.error is None]
    ttft = [s.ttft for s in ok if s.ttft is not None]
    total = [s.total for s in ok]
    tokens = sum(s.tokens for s in ok)
    errors: dict[str, int] = {}
    for s in load.samples:
        if s.error:
            errors[s.error] = errors.get(s.error, 0) + 1
    return {"clients": clients, "wall_s": round(wall_s, 2), "requests": len(ok),
            "errors": sum(errors.values()),
            "error_kinds": errors, "ttft_p50_s": _pct(ttft, 0.5), "ttft_p95_s": _pct(ttft, 0.95),
            "latency_p50_s": _pct(total, 0.5), "latency_p95_s": _pct(total, 0.95),
            "tokens": tokens, "tokens_per_s": tokens / wall_s if wall_s else 0.0,
            "requests_per_s": len(ok) / wall_s if wall_s else 0.0,
            "mean_tokens_per_request": statistics.mean([s.tokens for s in ok]) if ok else 0.0}


def _users(url: str, admin_key: str, n: int) -> list[str]:
    import httpx

    tag = secrets.token_hex(3)
    keys = []
    for i in range(n):
        r = httpx.post(url + "/admin/users", json={"name": f"bench-{tag}-{i}"},
                       headers={"Authorization": f"Bearer {admin_key}"}, timeout=30)
        r.raise_for_status()
        keys.append(r.json()["api_key"])
    return keys


def _model_arg(model: str, tmp: Path) -> str:
    """A model directory for the server: random stand-ins are written out (it loads from disk)."""
    from agenthn.engine.loading import builtin_names

    if model == "random-test":
        from agenthn.model.random_init import save_random_model_dir

        return str(save_random_model_dir(tmp / "random-test", "llama-test"))
    if model == "tiny" and "tiny" not in builtin_names():
        log.info("agenthn/checkpoints/tiny is not there yet: serving a random model of the tiny architecture")
        return str(_save_random_tiny(tmp / "tiny-random"))
    return model


def _save_random_tiny(path: Path) -> Path:
    from agenthn.bench.batch import random_tiny
    from agenthn.model.checkpoint import save_model_dir

    m = random_tiny("cpu")  # same shapes (so the same speed) as the trained tiny model
    m.base.save_pretrained(path / "base")
    m.tokenizer.save_pretrained(path / "base")
    return save_model_dir(path, m.hypernet.cfg, m.hypernet.state_dict(), base_model="base",
                          target_modules=m.config.target_modules, base_model_id="random/tiny",
                          max_chunk_tokens=m.config.max_chunk_tokens, max_doc_tokens=m.config.max_doc_tokens)


def run(model: str = "tiny", clients: int = 32, duration_s: float = 30.0, max_tokens: int = 32,
        json_out: str | None = None, url: str | None = None, admin_key: str | None = None,
        threads: int | None = None) -> dict:
    from agenthn.server.launch import ServerProcess

    with tempfile.TemporaryDirectory() as tmp:
        server = None
        if url is None:
            admin_key = secrets.token_urlsafe(16)
            args = ["--model", _model_arg(model, Path(tmp)), "--data-dir", str(Path(tmp) / "data"),
                    "--queue-size", str(max(64, 2 * clients))]
            args += ["--threads", str(threads)] if threads else []
            server = ServerProcess(args, env={"AGENTHN_ADMIN_KEY": admin_key},
                                   log_path=Path(tmp) / "server.log")
            server.start()
            url = server.url
        elif not admin_key:
            raise ValueError("--url needs --admin-key (users are created for the clients)")
        try:
            keys = _users(url, admin_key, clients)
            load, wall = asyncio.run(_drive(url, keys, duration_s, max_tokens))
        finally:
            if server is not None:
                server.stop()
    # The load average says whether other work shared the CPU while this ran (numbers are then pessimistic).
    label = model if model != "tiny" or "tiny" in _builtin() else "tiny (random weights)"
    row = {"machine": machine()["platform"], "model": label, "max_tokens": max_tokens, "threads": threads,
           "load_avg_1m": round(os.getloadavg()[0], 2), **summarize(load, wall, clients)}
    columns = ["model", "clients", "load_avg_1m", "wall_s", "requests", "errors", "ttft_p50_s", "ttft_p95_s",
               "latency_p50_s",
               "latency_p95_s", "tokens_per_s", "requests_per_s"]
    print(markdown_table([row], columns))
    payload = {"bench": "serve", "machine": machine(), "results": [row]}
    write_json(json_out, payload)
    if json_out:
        _plot(load, Path(json_out).with_suffix(".png"), row)
    return row


def _builtin() -> list[str]:
    from agenthn.engine.loading import builtin_names

    return builtin_names()


def _plot(load: Load, path: Path, row: dict) -> None:
    from agenthn.bench.plots import pyplot

    plt = pyplot()

    ok = [s for s in load.samples if s.error is None and s.ttft is not None]
    if not ok:
        return
    t0 = min(s.start for s in load.samples)
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.scatter([s.start - t0 for s in ok], [s.total for s in ok], s=8, label="total latency")
    ax.scatter([s.start - t0 for s in ok], [s.ttft for s in ok], s=8, label="time to first token")
    ax.set_xlabel("request start (s into the run)")
    ax.set_ylabel("seconds")
    ax.set_title(f"{row['clients']} streaming clients, {row['model']}: {row['requests']} requests, "
                 f"{row['errors']} errors, {row['tokens_per_s']:.0f} tok/s", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    log.info("plot written to %s", path)
