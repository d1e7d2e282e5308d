"""A Session remembers an adapter: the convenience API over a stateless model.

    s = agenthn.load("tiny").session()
    s.internalize("My locker code is 4821.")   # composed into the session's adapter
    s.respond("What is my locker code?")       # -> "4821"
    s.chat(messages, stream=True)              # iterator of text pieces
    s.adapter                                  # the Adapter value (or None), e.g. to save

The model and the generation service are shared; each session owns only its adapter (and the text it
was made from), so two sessions (or threads) never see each other's documents. Replies finish values
as the internalized text has them, where the adapter finds the text's next token plausible
(`copy_beta`, agenthn.engine.copying; the text never enters the prompt): as `agenthn ask` and memory do.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from agenthn.engine.copying import CopySource
from agenthn.engine.templates import last_user_text
from agenthn.model.adapter import Adapter, compose

if TYPE_CHECKING:
    from agenthn.engine.batching import BatchEngine
    from agenthn.engine.d2l import D2LModel


class Session:
    def __init__(self, model: D2LModel, adapter: Adapter | None = None, engine: BatchEngine | None = None,
                 route: bool = True, copy_beta: float = CopySource.beta):
        """`route=False`: internalize the whole adapter only, no sentence adapters (a model with a router
        otherwise makes one per sentence, several times the whole's cost: README, "The smol model").
        `copy_beta`: how plausible to the adapter the internalized text's next token must be for a reply
        to take it (0: the adapter alone; a session made from a stored adapter has no text to copy)."""
        from agenthn.engine.batching import shared_engine

        if adapter is not None:
            model.check_adapter(adapter)
        CopySource("", copy_beta)  # a bad beta is refused here, by name, not at the first reply
        self.model, self.adapter, self.copy_beta = model, adapter, copy_beta
        self.texts: list[str] = []  # what was internalized, for replies to copy values from
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
            self.parts, self.texts = self.parts + parts, self.texts + [doc]
            return self.adapter

    def reset(self) -> None:
        self.adapter, self.parts, self.texts = None, [], []

    def chat(self, messages: list[dict], max_new_tokens: int = 64, temperature: float = 0.0,
             stream: bool = False, seed: int | None = None, copy: CopySource | None = None,
             gate: bool = True, route: bool = True) -> str | Iterator[str]:
        """The reply under this session's adapter; `copy`: the source to finish values from (by default
        the session's internalized text at its `copy_beta`). With `gate` (and a model that has one) the
        adapter is left off a last user message its documents have nothing to do with (engine/gate.py);
        with `route` (and a router) the message gets the sentence it is about (`D2LModel.route`)."""
        adapter, question = self.adapter, last_user_text(messages)
        routing = route and adapter is not None and bool(self.parts)  # parts: the model has a router
        query = self.model.question_key(question) if routing else None  # read once for gate and router
        if gate and adapter is not None and not self.model.open_for(question, [adapter], query)[0]:
            adapter = None
        elif routing:
            adapter = self.model.route(question, adapter, self.parts, query=query)
        if copy is None and self.copy_beta > 0 and self.texts:
            copy = CopySource("\n".join(self.texts), self.copy_beta)
        return self.engine.chat(messages, adapter, max_new_tokens, temperature, seed, stream,
                                copy if adapter is not None else None)

    def respond(self, prompt: str, **kw) -> str | Iterator[str]:
        return self.chat([{"role": "user", "content": prompt}], **kw)
