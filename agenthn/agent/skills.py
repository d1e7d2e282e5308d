"""Skills: a document of rules, formulas and output formats, internalized once into a skills adapter.

At inference a short nudge (`prompts.NUDGE`, "Recall the rule you need first.") is added to
the user's question, so the model first writes out the rule it is about to use, then the answer: the
recall step turns knowledge stored in the adapter into text the model can attend to, which is where a
small model applies a formula reliably. The skills adapter composes with memory and profile adapters
(the runtime composes every feature's adapters): composition is the sum of their deltas.

    sk = Skills(model)
    sk.load_document(open("rules.txt").read(), name="arith")
    question = [{"role": "user", "content": "What is the zorbic of 3 and 5?"}]
    reply = engine.chat(sk.nudged(question), sk.adapter())
    Skills.final_answer(reply)   # "14"
"""

from __future__ import annotations

import logging
import re

from agenthn.agent.adapter_cache import AdapterCache
from agenthn.agent.prompts import NUDGE
from agenthn.agent.retrieval import internalize_entries, select_entries
from agenthn.agent.turn import Contribution, Reply, Turn
from agenthn.engine.d2l import D2LModel
from agenthn.errors import DocumentTooLongError, EmptyDocumentError, NotFoundError
from agenthn.model.adapter import Adapter, compose, text_hash
from agenthn.store import AdapterFiles

log = logging.getLogger(__name__)

KIND = "skills"
_ANSWER = re.compile(r"Answer:\s*(-?\d+)")
_NUMBER = re.compile(r"-?\d+")


class Skills:
    """Skills documents -> adapters (cached, optionally persisted under `user_id`), and solving with them."""

    def __init__(self, model: D2LModel, files: AdapterFiles | None = None, user_id: int | None = None,
                 max_doc_tokens: int | None = None, cache: AdapterCache | None = None, nudge: str = NUDGE,
                 retrieve_k: int = 0):
        self.model = model
        self.user_id = user_id
        # The skills limit defaults to what the engine can internalize; a deployment may set it lower.
        self.max_doc_tokens = min(max_doc_tokens or model.max_doc_tokens, model.max_doc_tokens)
        if cache is None:
            cache = AdapterCache(files=files if user_id is not None else None)
        self.cache = cache
        self.nudge = nudge
        # 0: a document is one adapter. k > 0: one adapter part per line (rule), and a question composes
        # the k rules it matches best (TF-IDF): a hypernetwork that keeps a one-fact document far better
        # than a many-fact one then sees one rule at a time.
        self.retrieve_k = retrieve_k
        self.loaded: list[str] = []  # names loaded through this object (the adapters live in the cache)

    def load_document(self, text: str, name: str = "skills") -> Adapter:
        """Internalize a skills document once. Raises EmptyDocumentError / DocumentTooLongError (with the
        token count and the limit) before any work is done; reloading the same text reuses its adapter."""
        if not text or not text.strip():
            raise EmptyDocumentError(f"skills document {name!r} is empty")
        n = self.model.count_tokens(text.strip())
        if n > self.max_doc_tokens:
            raise DocumentTooLongError(
                f"skills document {name!r} is {n} tokens, over the skills limit of {self.max_doc_tokens} "
                f"by {n - self.max_doc_tokens}; split it into several documents")
        adapter = self._cached(name)
        if adapter is None or adapter.meta.source_hash != text_hash(text.strip()):
            adapter = (internalize_entries(self.model, text.strip().split("\n")) if self.retrieve_k
                       else self.model.internalize(text.strip()))
            adapter.meta.extra.update({"skills_name": name, "skills_text_tokens": n})
            persist = self.user_id is not None
            if persist and self.cache.files is not None:  # the text first: an adapter never lacks its words
                self.cache.files.store.save_skill_document(self.user_id, name, text.strip())
            # without a user the adapter lives in memory only (user 0 is never a stored user)
            self.cache.put(self.user_id or 0, KIND, name, adapter, persist=persist)
        self.loaded = [x for x in self.loaded if x != name] + [name]
        log.info("skills document %r internalized (%d tokens, rank %d)", name, n, adapter.rank)
        return adapter

    def _cached(self, name: str) -> Adapter | None:
        return self.cache.get(self.user_id or 0, KIND, name)

    def adapter(self, names: list[str] | None = None, question: str | None = None) -> Adapter | None:
        """The loaded skills adapters (all, or the named ones) composed into one; None when none loaded.
        With `question` and retrieve_k > 0, each document contributes only the rules it matches."""
        names = self.loaded if names is None else names
        missing = [n for n in names if self._cached(n) is None]
        if missing:
            raise NotFoundError(f"skills documents not loaded: {missing}")
        parts = [select_entries(self._cached(n), question, self.retrieve_k) for n in names]
        parts = [p for p in parts if p is not None]
        return compose(parts) if len(parts) > 1 else (parts[0] if parts else None)

    def prepare(self, turn: Turn) -> Contribution:
        """The turn's skills adapters, one per named skill (the runtime composes them)."""
        picked = {f"skills/{n}": self.adapter([n], turn.question) for n in turn.opts.skills}
        return Contribution(adapters={k: a for k, a in picked.items() if a is not None})

    def record(self, turn: Turn, reply: Reply) -> list[dict]:
        return []

    def nudged(self, messages: list[dict]) -> list[dict]:
        """The conversation with the nudge appended to its last user message."""
        out = [dict(m) for m in messages]
        last = max((i for i, m in enumerate(out) if m["role"] == "user"), default=None)
        if last is None:
            raise EmptyDocumentError("solve() needs at least one user message")
        out[last]["content"] = f"{out[last]['content'].rstrip()} {self.nudge}"
        return out

    @staticmethod
    def final_answer(reply: str) -> str | None:
        """The integer a reply commits to: its `Answer: N`, else its last number, else None."""
        m = _ANSWER.findall(reply)
        if m:
            return m[-1]
        nums = _NUMBER.findall(reply)
        return nums[-1] if nums else None

