"""Markdown-note baseline: the model extracts facts from every user turn into a note kept in context.

Extraction uses the profile-edit task the tiny model is trained on (`world.tasks.edit_prompt`: the
current note and one user turn in, `ADD key: value` / `UPDATE` / `REMOVE` lines out). Turns are
processed in batches; each batch sees the note as it stood before the batch, so extraction costs
len(turns) / batch generation passes rather than one pass per turn.

English bases (`english=True`) are instruction-tuned chat models, not trained on that edit format: they
are asked in plain English to restate the fact a user turn gives, if any, as one short line, and the
note is those lines (the same instruction for every turn; NONE and empty replies add nothing).
"""

from __future__ import annotations

import logging

from agenthn.baselines.base import Strategy, live_window
from agenthn.engine.batching import shared_engine

log = logging.getLogger(__name__)

ENGLISH_EXTRACT = ("Here is a message a user sent:\n\"{turn}\"\n\nDoes it tell a personal fact about the "
                   "user (a name, a number, a place, a date, a preference)? If it does, write that fact as "
                   "one short sentence starting with \"The user's\". If it does not, write only NONE.")


class MarkdownNote(Strategy):
    name = "note"

    def __init__(self, model, batch: int = 32, edit_tokens: int = 24, english: bool = False, **kw):
        super().__init__(model, **kw)
        self.batch, self.edit_tokens, self.english = batch, edit_tokens, english
        self.note = ""

    def _ingest(self, history):
        if self.english:
            return self._ingest_english(history)
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

    def _ingest_english(self, history) -> int:
        turns = [m["content"] for m in history if m["role"] == "user"]
        lines: list[str] = []
        tokens = 0
        for i in range(0, len(turns), self.batch):
            prompts = [[{"role": "user", "content": ENGLISH_EXTRACT.format(turn=t)}]
                       for t in turns[i: i + self.batch]]
            outs = shared_engine(self.model).chat_batch(prompts, max_new_tokens=self.edit_tokens)
            tokens += sum(len(self.model.prompt_ids(p)) for p in prompts)
            tokens += sum(self.model.count_tokens(o) + 1 for o in outs)
            lines += [o.strip().split("\n")[0] for o in outs
                      if o.strip() and "NONE" not in o.upper() and o.strip() not in lines]
        kept = "\n".join(f"- {x}" for x in dict.fromkeys(lines))
        self.note = f"Notes about the user:\n{kept}" if lines else ""
        self.live = live_window(self.model, history, self.live_tokens)
        return tokens

    def _context(self, question):
        system = [{"role": "system", "content": self.note}] if self.note else []
        return system + self.live + [{"role": "user", "content": question}], None

    def memory_bytes(self):
        return len(self.note.encode()) + sum(len(m["content"].encode()) for m in self.live)
