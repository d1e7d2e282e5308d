"""What a caller hands the generation service (`Request`) and gets back (`Handle`: the tokens as they
come, cancel, wait). The scheduler in engine/batching.py fills handles; nothing here decodes."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import torch

from agenthn.engine.copying import CopySource
from agenthn.engine.device_cache import Factors
from agenthn.model.adapter import Adapter

_END = object()


AdapterSpec = Adapter | list[Adapter] | None  # a list is composed


@dataclass
class Request:
    prompt_ids: list[int]
    adapter: Adapter | list[Adapter] | None = None  # a list is composed (cached by its ingredients)
    max_new_tokens: int = 64
    stop_ids: frozenset[int] | set[int] | None = None  # None: the model's stop tokens; set(): none
    temperature: float = 0.0
    seed: int | None = None
    copy: CopySource | None = None  # finish values as the adapters' source text has them (engine/copying.py)
    # weight of the base model's own next-token log-probabilities added to the adapted model's (a
    # product of the two; 0: the adapted model alone): the base finishes the words an adapter starts
    # ("ratatou" -> "ratatouille") where the adapter alone stops early. Costs one more row per step.
    prior: float = 0.0


class Handle:
    """A submitted request: iterate its tokens (stop tokens are not yielded), or wait for all."""

    def __init__(self, request: Request):
        self.request = request
        self.tokens: list[int] = []
        self.finish_reason: str | None = None  # "stop" | "length" | "cancelled" | "error"
        self.error: BaseException | None = None
        self.t_submit = time.perf_counter()
        self.t_first: float | None = None
        self.t_done: float | None = None
        self.factors: Factors | None = None
        self._q: queue.Queue = queue.Queue()
        self._cancel = threading.Event()
        self._done = threading.Event()

    def __iter__(self) -> Iterator[int]:
        while True:
            item = self._q.get()
            if item is _END:
                if self.error is not None:
                    raise self.error
                return
            yield item

    def result(self, timeout: float | None = None) -> list[int]:
        if not self._done.wait(timeout):
            raise TimeoutError("request still running")
        if self.error is not None:
            raise self.error
        return list(self.tokens)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def _emit(self, token: int) -> None:
        if self.t_first is None:
            self.t_first = time.perf_counter()
        self.tokens.append(token)
        self._q.put(token)

    def _finish(self, reason: str, error: BaseException | None = None) -> None:
        if self._done.is_set():
            return
        self.finish_reason, self.error, self.t_done = reason, error, time.perf_counter()
        self._done.set()
        self._q.put(_END)


class Shadow(Handle):
    """The base model's row beside a request decoded with a `prior`: prefilled with the same prompt and
    fed the request's own tokens, read only by the scheduler; it ends when its request ends."""

    def __init__(self, twin: Handle):
        r = twin.request
        super().__init__(Request(r.prompt_ids, None, r.max_new_tokens, set()))
        self.twin = twin

    @property
    def cancelled(self) -> bool:
        return self.twin.cancelled


def slots(h: Handle) -> int:
    """Rows a request takes: two where a prior adds the base model's row beside its adapter's."""
    return 2 if h.request.prior > 0 and h.factors is not None else 1


def twins(rows: list) -> dict[int, int | None]:
    """Each shadow row's index -> its request's row index among `rows` (None if that row is gone: a
    request and its shadow join together and leave together, so only a bug leaves one alone)."""
    at = {id(r.handle): i for i, r in enumerate(rows)}
    return {i: at.get(id(r.handle.twin)) for i, r in enumerate(rows) if isinstance(r.handle, Shadow)}


def with_prior(logits: torch.Tensor, rows: list, twins: dict[int, int]) -> torch.Tensor:
    """Rows decoded with a prior: the adapted model's log-probabilities plus `prior` times the base's
    (its shadow row's). Others keep their logits (a copy is made only where a row changes)."""
    if not twins:
        return logits
    logits = logits.float().clone()
    for s, m in twins.items():
        w = rows[m].handle.request.prior
        logits[m] = logits[m].log_softmax(-1) + w * logits[s].log_softmax(-1)
    return logits
