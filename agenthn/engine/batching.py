"""The one generation service: continuous batching with a different (composed) adapter per request.

    engine = BatchEngine(model, max_batch=64)            # a background thread runs the steps
    h = engine.submit(Request(model.prompt_ids(msgs), adapter=[profile, memory], max_new_tokens=64))
    for token in h: ...                                  # from any thread; h.cancel() stops it
    text = engine.chat(msgs, adapter=a)                  # or stream=True for text pieces
    texts = engine.chat_batch([msgs1, msgs2], [a, None]) # many at once, each with its own adapter
    shared_engine(model)                                 # the process's engine for a model

Every generation in the package goes through here; one request is simply a batch of one.

Requests join and leave between steps. Newcomers are prefilled together straight into their KV
slots, then every step is one forward over all active rows, each row with its own LoRA factors
(zero-padded to a common rank) and its own stopping rule. Greedy output equals running the
request alone (tests check it for mixed ranks, lengths and mid-run joins). `Scheduler` is the
single-threaded core (tests drive it step by step); `BatchEngine` is the thread-safe front.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

import torch

from agenthn.engine.copying import CopySource
from agenthn.engine.device_cache import FactorCache, LoRASlots
from agenthn.engine.generate import decode_text, sample, stream_text, unrepeated
from agenthn.engine.kvcache import KVSlots, StepRunner
from agenthn.engine.requests import AdapterSpec, Handle, Request
from agenthn.errors import AgentHNError, DocumentTooLongError, OverloadedError

log = logging.getLogger(__name__)


@dataclass
class _Row:
    handle: Handle
    start: int  # first column of the prompt on the shared timeline
    pending: int  # last sampled token, fed at the next step
    n_gen: int = 1
    generator: torch.Generator | None = field(default=None, repr=False)
    stop: frozenset = frozenset()


class Scheduler:
    """The single-threaded core: `add` queues, `step` admits newcomers and runs one decode step."""

    def __init__(self, model, max_batch: int = 64, max_seq: int | None = None,
                 cache: FactorCache | None = None,
                 cuda_graphs: bool | None = None, max_prefill_tokens: int = 8192,
                 bucketed: bool | None = None):
        self.model, self.max_batch, self.max_prefill_tokens = model, max_batch, max_prefill_tokens
        cfg = model.base.config
        self.max_seq = int(max_seq or cfg.max_position_embeddings)
        self.cache = cache or FactorCache(model.device)
        dtype = next(model.base.parameters()).dtype
        attn = getattr(cfg, "_attn_implementation", None)
        if attn not in (None, "eager", "sdpa"):
            raise AgentHNError(f"batched decoding needs eager or sdpa attention, the model uses {attn!r}")
        self.kv = KVSlots(cfg, max_batch, self.max_seq, model.device, dtype)
        self.lora = LoRASlots(model.targets, cfg.num_hidden_layers, max_batch, model.device, self.cache.dtype)
        graphs = model.device.type == "cuda" if cuda_graphs is None else cuda_graphs
        self.runner = StepRunner(model.base, self.kv, self.lora.batch, lambda: self.lora.generation,
                                 max_batch, graphs, bucketed)
        self.rows: list[_Row] = []
        self.peak_rows = 0  # the most requests ever decoded in one step (observability, tests)
        self.waiting: deque[Handle] = deque()
        self.c = 0  # next column to write on the shared timeline
        self.step_times: deque[tuple[int, bool, float]] = deque(maxlen=4096)  # (rows, adapters on, s), recent
        self.n_steps = 0
        self.prefill_tokens = 0

    # ---- bookkeeping ------------------------------------------------------------------------
    @property
    def idle(self) -> bool:
        return not self.rows and not self.waiting

    def add(self, handle: Handle) -> None:
        self.waiting.append(handle)

    def _need(self, row: _Row) -> int:
        """Columns this row may still write, from the current column on."""
        return row.handle.request.max_new_tokens - row.n_gen

    def _drop(self, i: int, reason: str) -> None:
        row = self.rows[i]
        last = len(self.rows) - 1
        if i != last:  # keep rows compact: the last row moves into the hole
            self.kv.move_row(last, i, self.c)
            self.lora.move(last, i)
            self.rows[i] = self.rows[last]
        self.rows.pop()
        row.handle._finish(reason)

    def _shift(self, delta: int) -> None:
        self.kv.shift(len(self.rows), self.c, delta)
        for r in self.rows:
            r.start += delta
        self.c += delta

    # ---- admission --------------------------------------------------------------------------
    def _pick(self) -> list[Handle]:
        """FIFO newcomers that fit: free slots, the prefill budget, and max_seq columns."""
        for h in [h for h in self.waiting if h.cancelled]:
            self.waiting.remove(h)
            h._finish("cancelled")
        base = self.c - min((r.start for r in self.rows), default=self.c)  # columns in use
        ends = [base + self._need(r) for r in self.rows]
        picked, P = [], 0
        for h in self.waiting:
            if len(self.rows) + len(picked) >= self.max_batch:
                break
            p = max(P, len(h.request.prompt_ids))
            if p * (len(picked) + 1) > self.max_prefill_tokens and picked:
                break
            c = max(base, p)
            need = max([e + c - base for e in ends]
                       + [c + x.request.max_new_tokens - 1 for x in picked + [h]])
            if need > self.max_seq:
                break
            picked.append(h)
            P = p
        for _ in picked:
            self.waiting.popleft()
        return picked

    def _admit(self, picked: list[Handle]) -> None:
        if not self.rows:
            self.c = 0
        elif (m := min(r.start for r in self.rows)) > 0:
            self._shift(-m)  # compact so the newcomers' columns start as low as possible
        P = max(len(h.request.prompt_ids) for h in picked)
        if self.c < P:
            self.kv.ensure_cols(P)
            self._shift(P - self.c)
        need = max([self.c + self._need(r) for r in self.rows] + [self.c + h.request.max_new_tokens - 1
                                                                   for h in picked])
        self.kv.ensure_cols(need)
        first = len(self.rows)
        for i, h in enumerate(picked):
            self.lora.put(first + i, self.cache.on_device(h.factors))
        with_lora = any(h.factors is not None for h in picked)
        logits = self.runner.prefill(first, [h.request.prompt_ids for h in picked], self.c, with_lora)
        self.prefill_tokens += sum(len(h.request.prompt_ids) for h in picked)
        new = []
        for h in picked:
            req = h.request
            gen = None
            if req.seed is not None:
                gen = torch.Generator(device=self.model.device).manual_seed(req.seed)
            stop = frozenset(self.model.stop_ids if req.stop_ids is None else req.stop_ids)
            new.append(_Row(h, self.c - len(req.prompt_ids), 0, 0, gen, stop))
        self.rows.extend(new)
        self._take(logits, first)

    # ---- decoding ---------------------------------------------------------------------------
    def _take(self, logits: torch.Tensor, first: int) -> None:
        """Sample rows first.. from logits, emit, and drop the rows that finished."""
        rows = self.rows[first:]
        toks = logits.argmax(-1)
        for i, r in enumerate(rows):
            req, row = r.handle.request, logits[i: i + 1]
            if req.no_repeat_ngram:
                row = unrepeated(row, r.handle.tokens, req.no_repeat_ngram)
                toks[i] = row.argmax(-1)[0]
            if req.temperature > 0:
                toks[i] = sample(row, req.temperature, r.generator)[0]
            if req.copy is not None:
                toks[i] = req.copy.pick(row[0], r.handle.tokens, self.model.tokenizer, int(toks[i]))
        finished = []
        for i, (r, t) in enumerate(zip(rows, toks.tolist(), strict=True)):
            r.pending, r.n_gen = t, r.n_gen + 1
            if t in r.stop:
                finished.append((first + i, "stop"))
                continue
            r.handle._emit(t)
            if r.n_gen >= r.handle.request.max_new_tokens:
                finished.append((first + i, "length"))
        for i, reason in sorted(finished, reverse=True):
            self._drop(i, reason)

    def _decode(self) -> None:
        n = len(self.rows)
        with_lora = any(r.handle.factors is not None for r in self.rows)
        t0 = time.perf_counter()
        self.runner.set_inputs([r.pending for r in self.rows], [r.start for r in self.rows], self.c)
        logits = self.runner.decode(n, self.c, with_lora)
        self.c += 1
        self._take(logits, 0)  # .tolist() inside synchronises, so the timing is the real step
        self.step_times.append((n, with_lora, time.perf_counter() - t0))
        self.n_steps += 1

    @torch.inference_mode()
    def step(self) -> None:
        for i in reversed(range(len(self.rows))):
            if self.rows[i].handle.cancelled:
                self._drop(i, "cancelled")
        if self.waiting:
            picked = self._pick()
            if picked:
                self._admit(picked)
        if self.rows:
            self.peak_rows = max(self.peak_rows, len(self.rows))
            self._decode()
            m = min(r.start for r in self.rows) if self.rows else 0
            if m >= max(32, self.c // 2):  # long rows left: shrink the attended span
                self._shift(-m)

    @torch.inference_mode()
    def scrub(self) -> None:
        """Zero the KV and LoRA slots of finished rows: the keys, values and adapter factors of earlier
        requests stay in those buffers (masked, never read) until a new row overwrites them."""
        self.kv.zero_from(len(self.rows))
        self.lora.zero_from(len(self.rows))

    def fail_all(self, error: BaseException) -> None:
        for r in self.rows:
            r.handle._finish("error", error)
        while self.waiting:
            self.waiting.popleft()._finish("error", error)
        self.rows, self.c = [], 0


class BatchEngine:
    """Thread-safe front: `submit` from any thread; one background thread runs the scheduler."""

    def __init__(self, model, max_batch: int = 64, max_queue: int = 1024, max_seq: int | None = None,
                 cache: FactorCache | None = None, cuda_graphs: bool | None = None,
                 bucketed: bool | None = None):
        self.model, self.max_queue = model, max_queue
        self.scheduler = Scheduler(model, max_batch, max_seq, cache, cuda_graphs, bucketed=bucketed)
        self.cache = self.scheduler.cache
        self._cond = threading.Condition()
        self._inbox: deque[Handle] = deque()
        self._closed = False
        self._scrubbed: list[threading.Event] = []  # forget() calls waiting for the loop to scrub slots
        self._stopped: BaseException | None = None  # why the decode loop died, if it did
        self._thread = threading.Thread(target=self._loop, name="agenthn-batch", daemon=True)
        self._thread.start()
        _LIVE.add(self)

    def submit(self, request: Request) -> Handle:
        """Validate now (errors surface in the caller), queue, return a handle at once."""
        n = len(request.prompt_ids)
        if n == 0:
            raise AgentHNError("empty prompt")
        if request.max_new_tokens < 1:
            raise AgentHNError("max_new_tokens must be at least 1")
        if n + request.max_new_tokens - 1 > self.scheduler.max_seq:
            raise DocumentTooLongError(f"prompt of {n} tokens + {request.max_new_tokens} new tokens is over "
                                       f"the limit of {self.scheduler.max_seq} by "
                                       f"{n + request.max_new_tokens - 1 - self.scheduler.max_seq}")
        parts = request.adapter if isinstance(request.adapter, (list, tuple)) else [request.adapter]
        for a in parts:
            if a is not None:
                self.model.check_adapter(a)
        handle = Handle(request)
        handle.factors = self.cache.host(request.adapter)  # compose + fold here, off the decode loop
        with self._cond:
            if self._closed:
                why = f": its decode loop stopped ({self._stopped!r})" if self._stopped else ""
                raise AgentHNError(f"the batch engine is closed{why}")
            if len(self._inbox) + len(self.scheduler.waiting) >= self.max_queue:
                raise OverloadedError(f"generation queue is full ({self.max_queue} requests waiting)")
            self._inbox.append(handle)
            self._cond.notify()
        return handle

    def generate(self, request: Request, timeout: float | None = None) -> list[int]:
        return self.submit(request).result(timeout)

    def chat(self, messages: list[dict], adapter: AdapterSpec = None, max_new_tokens: int = 64,
             temperature: float = 0.0, seed: int | None = None, stream: bool = False,
             copy: CopySource | None = None) -> str | Iterator[str]:
        """The reply to a conversation (adapter: an Adapter, a list to compose, or None: the base model;
        copy: the adapters' source text, to finish values as it has them)."""
        h = self.submit(Request(self.model.prompt_ids(messages), adapter, max_new_tokens, None, temperature,
                                seed, copy))
        pieces = stream_text(self.model.tokenizer, iter(h))
        return pieces if stream else "".join(pieces)

    def respond(self, prompt: str, adapter: AdapterSpec = None, **kw) -> str | Iterator[str]:
        return self.chat([{"role": "user", "content": prompt}], adapter, **kw)

    def chat_batch(self, conversations: list[list[dict]], adapters: list[AdapterSpec] | None = None,
                   max_new_tokens: int = 64, temperature: float = 0.0, seed: int | None = None,
                   copies: list[CopySource | None] | None = None) -> list[str]:
        """Replies to many conversations, submitted together so they share decode steps. Row i is
        seeded with seed + i, so sampled rows differ and a run is reproducible; `copies`: row i's
        source text to finish values from (engine/copying.py), or None."""
        n = len(conversations)
        adapters = adapters if adapters is not None else [None] * n
        copies = copies if copies is not None else [None] * n
        handles = [self.submit(Request(self.model.prompt_ids(m), a, max_new_tokens, None, temperature,
                                       None if seed is None else seed + i, copy=c))
                   for i, (m, a, c) in enumerate(zip(conversations, adapters, copies, strict=True))]
        return [decode_text(self.model.tokenizer, h.result()) for h in handles]

    def _loop(self) -> None:
        try:
            self._serve()
        except BaseException as e:  # the loop itself broke (not one step): no caller may wait forever
            log.exception("the batch engine's decode loop stopped")
            with self._cond:
                self._closed, self._stopped = True, e
            self.scheduler.fail_all(AgentHNError(f"the batch engine stopped: {e!r}"))
        self.scheduler.fail_all(AgentHNError("the batch engine was closed"))
        with self._cond:
            while self._inbox:
                self._inbox.popleft()._finish("error", AgentHNError("the batch engine was closed"))

    def _serve(self) -> None:
        s = self.scheduler
        while True:
            with self._cond:
                while not self._closed and not self._inbox and s.idle and not self._scrubbed:
                    self._cond.wait()
                if self._closed:
                    return
                while self._inbox:
                    self._admit_one(self._inbox.popleft())
                scrubbed, self._scrubbed = self._scrubbed, []
            try:
                if scrubbed:
                    s.scrub()
                    for done in scrubbed:  # left unset when scrubbing failed: forget() reports False
                        done.set()
                s.step()
            except Exception as e:  # a failed step must not leave callers waiting forever
                log.exception("batched decoding step failed")
                s.fail_all(e)

    def _admit_one(self, handle: Handle) -> None:
        """Hand one request to the scheduler; a request it cannot take fails alone (it has left the
        inbox, so nothing else would ever finish it)."""
        try:
            self.scheduler.add(handle)
        except Exception as e:
            log.exception("a request could not be queued")
            handle._finish("error", AgentHNError(f"the request could not be queued: {e!r}"))

    def forget(self, timeout: float = 30.0) -> dict:
        """Drop every cached composed factor and zero the slots no running row uses (on the decode
        thread, between steps), so nothing derived from a forgotten adapter stays in host or device
        memory. Rows still running keep theirs; callers stop a forgotten user's requests first."""
        dropped = self.cache.clear()
        done = threading.Event()
        with self._cond:
            if not self._closed:
                self._scrubbed.append(done)
                self._cond.notify()
        scrubbed = done.wait(timeout) if not self._closed else False
        return {"factor_entries": dropped, "slots_scrubbed": scrubbed}

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def stats(self) -> dict:
        s = self.scheduler
        return {"active": len(s.rows), "peak_active": s.peak_rows,
                "waiting": len(s.waiting) + len(self._inbox), "cuda_graphs": s.runner.n_graphs,
                "kv_columns": s.kv.cols, "kv_bytes": s.kv.slots * s.kv.cols * s.kv.bytes_per_token,
                "lora_slot_bytes": s.lora.nbytes, "lora_rank": s.lora.rank, "cache": self.cache.stats()}


_LIVE: weakref.WeakSet = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    """At interpreter exit, stop every decode loop between two steps. A daemon loop left inside a torch
    op while the interpreter tears down aborts the process ("terminate called without an active
    exception"), e.g. after a script that asked for a stream and never read it."""
    for engine in list(_LIVE):
        engine.close()


_SHARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_SHARED_LOCK = threading.Lock()


def shared_engine(model) -> BatchEngine:
    """The process's generation service for `model`, started on first use (and again if closed).
    Callers that want their own limits (the server) build a BatchEngine and pass it explicitly."""
    with _SHARED_LOCK:
        engine = _SHARED.get(model)
        if engine is None or engine.closed:
            engine = _SHARED[model] = BatchEngine(model, max_batch=16)
        return engine
