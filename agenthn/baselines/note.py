"""Markdown-note baseline: the model extracts facts from every user turn into a note kept in context.

Extraction uses the profile-edit task the tiny model is trained on (`world.tasks.edit_prompt`: the
current note and one user turn in, `ADD key: value` / `UPDATE` / `REMOVE` lines out). Turns are
processed in batches; each batch sees the note as it stood before the batch, so extraction costs
len(turns) / batch generation passes rather than one pass per turn.
"""

from __future__ import annotations

import logging

from agenthn.baselines.base import Strategy, live_window
from agenthn.engine.batching import shared_engine

log = logging.getLogger(__name__)


class MarkdownNote(Strategy):
    name = "note"

    def __init__(self, model, batch: int = 32, edit_tokens: int = 24, **kw):
        super().__init__(model, **kw)
        self.batch, self.edit_tokens = batch, edit_tokens
        self.note = ""

    def _ingest(self, history):
        from agenthn.world import tasks, users

        profile: dict[str, str] = {}
        turns = [m["content"] for m in history if m["role"] == "user"]
        tokens = 0
        for i in range(0, len(turns), self.batch):
            prompts = [[{"role": "user", "content": tasks.edit_prompt(profile, t)}]
                       for t in turns[i: i + self.batch]]
            outs = shared_engine(self.model).chat_batch(prompts, max_new_tokens=self.edit_tokens)
            tokens += sum(len(self.model.prompt_ids(p)) for p in prompts)
            tokens += sum(self.model.count_tokens(o) + 1 for o in outs)
            for out in outs:
                profile = tasks.apply_edits(profile, out)
        self.note = users.render_profile(profile)
        self.live = live_window(self.model, history, self.live_tokens)
        return tokens

    def _context(self, question):
        system = [{"role": "system", "content": self.note}] if self.note else []
        return system + self.live + [{"role": "user", "content": question}], None

    def memory_bytes(self):
        return len(self.note.encode()) + sum(len(m["content"].encode()) for m in self.live)
