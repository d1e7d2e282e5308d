"""What a caller hands the generation service (`Request`) and gets back (`Handle`: the tokens as they
come, cancel, wait). The scheduler in engine/batching.py fills handles; nothing here decodes."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

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
    no_repeat_ngram: int = 0  # > 0: never say a run of this many tokens twice in one reply (generate.py)


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

