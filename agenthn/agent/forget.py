"""Forgetting: what belongs to a user, a conversation, a turn or a fact, removed from every place it lives.

    f = Forgetter(store, files, cache, runtimes, engine)     # runtimes/engine: None for a local data dir
    f.turn(user_id, "conv-1", 4)       # -> report: rows, adapters and files removed, segments rebuilt
    f.profile_fact(user_id, "locker code"); f.conversation(user_id, "conv-1"); f.user(user_id)

A memory lives in several places: the Store's rows (turns, segment texts, profile edit log, notes),
adapter files and their records, the agent's `AdapterCache`, each user's loaded features (memory
indexes and buffers), the TF-IDF index of profile entries, the engine's folded factors and its KV and
LoRA slots, and run logs / stored responses that quote it. Each operation here runs in this order:

1. one Store transaction deletes the rows and adapter records and journals the files (store/forget.py);
   everything to rebuild is recorded there too (pending segments; a profile with no adapter record);
2. the files are unlinked and the journal row dropped (`AdapterFiles.purge`);
3. every in-memory and device cache is cleared of it;
4. what was built from a larger text is rebuilt without the forgotten part: segments over the remaining
   turns, the profile adapter from the edit log (needs the model: skipped without `runtimes`; the
   next start-up recovery or use does it).

A crash after step 1 is finished by start-up repair (journal, pending segments); a crash before it left
everything as it was. The server runs each operation as the user's model job, so it never overlaps a
turn of the same user.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from agenthn.agent.adapter_cache import AdapterCache
from agenthn.agent.improve import KIND as NOTES_KIND
from agenthn.agent.memory import SEGMENT_KIND, conversation_adapters
from agenthn.agent.profile import KIND as PROFILE_KIND
from agenthn.agent.retrieval import entry_index, internalize_entries
from agenthn.agent.segments import plan_segments, render_turn
from agenthn.agent.skills import KIND as SKILLS_KIND
from agenthn.store import AdapterFiles, Footprint, Store

if TYPE_CHECKING:
    from agenthn.agent.runtime import RuntimeRegistry
    from agenthn.engine.batching import BatchEngine

log = logging.getLogger(__name__)


class Forgetter:
    def __init__(self, store: Store, files: AdapterFiles, cache: AdapterCache | None = None,
                 runtimes: RuntimeRegistry | None = None, engine: BatchEngine | None = None):
        self.store, self.files, self.cache = store, files, cache
        self.runtimes, self.engine = runtimes, engine

    # ---- operations ------------------------------------------------------------------------------
    def conversation(self, user_id: int, conversation_id: str) -> dict:
        """Its turns, segments, segment adapters (and the conversation's static block) and run logs."""
        names = [r.name for r in self.store.list_adapters(user_id, SEGMENT_KIND)]
        mine = conversation_adapters(names, conversation_id)
        fp = self.store.forget_conversation(user_id, conversation_id, [(SEGMENT_KIND, n) for n in mine])
        return self._finish(user_id, fp, conversation_id=conversation_id)

    def turn(self, user_id: int, conversation_id: str, idx: int) -> dict:
        """One logged turn; the segments built from it are replaced by segments of the other turns of
        their span, internalized now when the model is here."""
        fp = self.store.forget_turn(user_id, conversation_id, idx, self._replanner(user_id, conversation_id))
        report = self._finish(user_id, fp, conversation_id=conversation_id, turn=idx)
        if fp.pending_segments and self.runtimes is not None:
            events = self.runtimes.get(user_id).recover(conversation_id)
            report["rebuilt_segments"] = [e["segment_id"] for e in events
                                          if e["type"] == "segment_internalized"]
        return report

    def profile_fact(self, user_id: int, key: str) -> dict:
        """The fact's values leave the edit log (a REMOVE by 'forget' records the deletion) and the
        profile adapter is rebuilt from the remaining facts (or stays absent when none remain)."""
        fp = self.store.forget_profile_fact(user_id, key, PROFILE_KIND)
        report = self._finish(user_id, fp, key=key)
        if self.runtimes is not None:
            refreshed = self.runtimes.get(user_id).personalizer().refresh()
            report["rebuilt_profile"] = {k: refreshed[k] for k in ("empty", "entries")}
        return report

    def skill(self, user_id: int, name: str) -> dict:
        return self._finish(user_id, self.store.forget_skill(user_id, name, SKILLS_KIND), name=name)

    def notes(self, user_id: int, notebook: str | None = None) -> dict:
        fp = self.store.forget_notes(user_id, notebook, NOTES_KIND)
        return self._finish(user_id, fp, notebook=notebook)

    def note(self, user_id: int, notebook: str, item_id: int) -> dict:
        """One note item; the notebook's adapter is rebuilt from the other items (as
        `Improver.internalize_notes` builds it: one part per item)."""
        fp = self.store.forget_note(user_id, notebook, item_id, NOTES_KIND)
        report = self._finish(user_id, fp, notebook=notebook, item_id=item_id)
        items = [f"- {n.text}" for n in self.store.list_notes(user_id, notebook)]
        if items and self.runtimes is not None and self.cache is not None:
            self.cache.put(user_id, NOTES_KIND, notebook, internalize_entries(self.runtimes.model, items))
            report["rebuilt_notes"] = len(items)
        return report

    def user(self, user_id: int) -> dict:
        """Everything of the user: every row (keys included), their adapter folder, every cache entry."""
        fp = self.store.forget_user(user_id)
        report = self._finish(user_id, fp)
        if self.runtimes is not None:
            self.runtimes.drop(user_id)
        report["revoked_keys"] = fp.key_ids
        return report

    # ---- shared steps ------------------------------------------------------------------------------
    def _replanner(self, user_id: int, conversation_id: str):
        """Segments over the remaining turns, planned exactly as memory plans them (flushing)."""
        if self.runtimes is None:  # no model here: one segment per turn, re-internalized at next start
            return lambda turns: [(t.idx, t.idx, render_turn(t.role, t.content)) for t in turns]
        mem = self.runtimes.get(user_id).memories().get(conversation_id)

        def replan(turns):
            planned, _ = plan_segments(turns, mem.cfg.segment_turns, mem.limit, mem.model.count_tokens, True)
            return [(p.first_turn, p.last_turn, p.text) for p in planned]

        return replan

    def _finish(self, user_id: int, fp: Footprint, **what) -> dict:
        """Steps 2 and 3: unlink the journaled files, then clear every cache of what was deleted."""
        removed = self.files.purge(fp.deletion_id, fp.paths)
        caches = self._clear_caches(user_id, fp)
        self.store.checkpoint()
        log.info("forgot %s of user %d: rows %s, %d adapter(s), %d file(s)", fp.what, user_id, fp.rows,
                 len(fp.adapters), removed)
        return {"forgotten": fp.what, **what, "rows": fp.rows,
                "adapters": [f"{k}/{n}" for k, n in fp.adapters], "files_removed": removed,
                "pending_segments": fp.pending_segments, "caches": caches}

    def _clear_caches(self, user_id: int, fp: Footprint) -> dict:
        out = {"adapter_cache": 0, "factor_entries": 0, "slots_scrubbed": False}
        if self.cache is not None:
            if fp.what == "user":
                out["adapter_cache"] = self.cache.evict_where(user_id)
            for kind, name in fp.adapters:
                out["adapter_cache"] += self.cache.evict_where(user_id, kind, [name])
        if self.runtimes is not None and fp.what != "user":
            self.runtimes.get(user_id).reset()
        entry_index.cache_clear()  # fitted over profile and note lines, the forgotten ones among them
        if self.engine is not None:
            out.update(self.engine.forget())
        return out
