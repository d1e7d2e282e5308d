"""A Session remembers an adapter: the convenience API over a stateless model.

    s = agenthn.load("tiny").session()
    s.internalize("My locker code is 4821.")   # composed into the session's adapter
    s.respond("What is my locker code?")       # -> "4821"
    s.chat(messages, stream=True)              # iterator of text pieces
    s.adapter                                  # the Adapter value (or None), e.g. to save

The model and the generation service are shared; each session owns only its adapter, so two
sessions (or threads) never see each other's documents.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from agenthn.engine.templates import last_user_text
from agenthn.model.adapter import Adapter, compose

if TYPE_CHECKING:
    from agenthn.engine.batching import BatchEngine
    from agenthn.engine.copying import CopySource
    from agenthn.engine.d2l import D2LModel


class Session:
    def __init__(self, model: D2LModel, adapter: Adapter | None = None, engine: BatchEngine | None = None,
                 route: bool = True):
        """`route=False`: internalize the whole adapter only, no sentence adapters (a model with a router
        otherwise makes one per sentence, several times the whole's cost: README, "The smol model")."""
        from agenthn.engine.batching import shared_engine

        if adapter is not None:
            model.check_adapter(adapter)
        self.model, self.adapter = model, adapter
        self.parts: list[Adapter] = []  # one adapter per sentence, where the model routes (engine/router.py)
        self.routes = route and model.router is not None
        self.engine = engine or shared_engine(model)
        self._lock = threading.Lock()  # internalize composes read-modify-write

    def internalize(self, doc: str) -> Adapter:
        """Write a document into this session's adapter (composed with what is already there); where the
        model has a sentence router, also one adapter per sentence for `chat` to route among."""
        if self.routes:
            new, parts = self.model.internalize_routed(doc)
        else:
            new, parts = self.model.internalize(doc), []
        with self._lock:
            self.adapter = new if self.adapter is None else compose([self.adapter, new])
            self.parts = self.parts + parts
            return self.adapter

    def reset(self) -> None:
        self.adapter, self.parts = None, []

    def chat(self, messages: list[dict], max_new_tokens: int = 64, temperature: float = 0.0,
             stream: bool = False, seed: int | None = None, copy: CopySource | None = None,
             gate: bool = True, route: bool = True) -> str | Iterator[str]:
        """The reply under this session's adapter; `copy`: the documents' text, for decoding to finish
        values as they have them (agenthn.engine.copying). With `gate` (and a model that has one) the
        adapter is left off a last user message its documents have nothing to do with (engine/gate.py);
        with `route` (and a router) the message gets the sentence it is about (`D2LModel.route`)."""
        adapter, question = self.adapter, last_user_text(messages)
        routing = route and adapter is not None and bool(self.parts)  # parts: the model has a router
        query = self.model.question_key(question) if routing else None  # read once for gate and router
        if gate and adapter is not None and not self.model.open_for(question, [adapter], query)[0]:
            adapter = None
        elif routing:
            adapter = self.model.route(question, adapter, self.parts, query=query)
        return self.engine.chat(messages, adapter, max_new_tokens, temperature, seed, stream,
                                copy if adapter is not None else None)

    def respond(self, prompt: str, **kw) -> str | Iterator[str]:
        return self.chat([{"role": "user", "content": prompt}], **kw)
