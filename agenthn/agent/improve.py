"""Self-improvement: attempt, grade, write itemized study notes from the mistakes, re-internalize, retry.

Each round:
1. the model answers a question set with its current notes adapter (the first attempt is cold);
2. answers are graded by exact match (after trimming case, spaces and a final period);
3. for every failure the model writes a study note from the graded mistake (`prompts.note_prompt`:
   question, wrong answer, right answer, source sentence), one item per `- ` line; each item is
   checked on its own (`notecheck`: states the right answer, grounded in the mistake, no loops) and a
   failing item is dropped even when its siblings pass;
4. the notebook changes only by itemized edits in the Store (ADD new items, FIX the items of a question
   that is still failing, DROP the ones a shorter rewrite no longer needs), never by a full rewrite, so a
   bad round cannot collapse what earlier rounds learned;
5. the whole notebook is internalized into a fresh adapter and the set is retried.

Drift guard: if the retry scores lower than the round started with, the round's note edits are undone
(`Store.undo_note_round`), the previous adapter is kept, and a `rolled_back` event says so.

Events (plain dicts, also appended to a Store run log when `record=True`): round_started, attempt,
graded, note_edit, note_item_dropped, note_rejected, adapter_refreshed, rolled_back, round_done.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from agenthn.agent.adapter_cache import AdapterCache
from agenthn.agent.notecheck import check_item
from agenthn.agent.prompts import NOTE_PROMPTS
from agenthn.agent.retrieval import internalize_entries, internalize_lines, select_entries
from agenthn.agent.turn import Contribution, Reply, Turn
from agenthn.engine.batching import BatchEngine, shared_engine
from agenthn.engine.d2l import D2LModel
from agenthn.errors import AgentHNError, EmptyDocumentError, NotFoundError
from agenthn.model.adapter import Adapter
from agenthn.model.config import reads_english
from agenthn.store import AdapterFiles, NoteItem, Store

log = logging.getLogger(__name__)

KIND = "notes"
_REASON = "mistake: "


@dataclass
class ImproveConfig:
    notebook: str = "improve"
    answer_tokens: int = 24
    note_tokens: int = 80
    batch_size: int = 16
    max_item_chars: int = 240
    tolerance: float = 0.0       # roll back when the retry loses more than this (fraction of the set)
    check_notes: bool = True     # each note item must state the right answer and be grounded, else dropped
    # A rejected note of the model's own is drafted again, sampled (greedy decoding would repeat it),
    # at most this many times per failure and round; 0: one greedy draft only.
    redrafts: int = 2
    redraft_temperature: float = 0.8
    # Note items used per question: one adapter part per item, each question composing the k items it
    # matches best (TF-IDF); 0: the whole notebook as one adapter for every question.
    retrieve_k: int = 1
    # "exact": the reply is the answer (the tiny world's short replies); "contained": the answer occurs
    # in the reply as whole words (an English base answers in sentences).
    grading: str = "exact"
    # Which prompt asks for the study note ("tiny": the trained task format; "english": plain English
    # for a base never trained on notes) and whether a note without "- " lines is read sentence by
    # sentence (an English base rarely writes bullets).
    note_style: str = "tiny"
    loose_items: bool = False

    @classmethod
    def for_base(cls, base_model_id: str, **fields) -> ImproveConfig:
        """The settings a base needs: an English base answers in sentences and was never trained on
        notes, so contained-answer grading, the plain-English note prompt, and notes read sentence by
        sentence when they have no bullets; the world-format bases keep the trained task format."""
        return cls(**{**ENGLISH, **fields}) if reads_english(base_model_id) else cls(**fields)


# redrafts 4: smol's own notes are rejected far more often than the tiny model's (126 drafts of 141 on
# seed 1 with 2 redrafts), and fewer notes kept is what held its gain under reference notes' (15 notes
# against 30). On dev seeds 4-7 (one H200, `bash scripts/train_smol.sh improve26`; the README's seeds
# are 0-3) 2 / 4 / 8 redrafts gained +45.8/29.2/33.3/33.3, +45.8/41.7/37.5/33.3, +50.0/45.8/29.2/45.8:
# 4 is the fewest that kept every dev seed at +30 or more.
ENGLISH = {"grading": "contained", "note_style": "english", "loose_items": True, "answer_tokens": 32,
           "note_tokens": 60, "redrafts": 4}


def normalize(text: str) -> str:
    """What exact match compares: lower case, single spaces, no trailing period."""
    return re.sub(r"\s+", " ", text.strip()).rstrip(". ").lower()


def is_correct(answer: str, expected: str) -> bool:
    return normalize(answer) == normalize(expected)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def contains_answer(answer: str, expected: str) -> bool:
    """Whether the expected answer occurs in the reply as whole words (case and punctuation ignored)."""
    want = _words(expected)
    return bool(want) and f" {want} " in f" {_words(answer)} "


GRADERS = {"exact": is_correct, "contained": contains_answer}


def note_items(text: str, loose: bool = False) -> list[str]:
    """The items of an itemized note: its `- ` lines, without the dash. With `loose`, a note without
    such lines is read as items one sentence each (other bullets and numbering stripped)."""
    items = [x.strip()[2:].strip() for x in text.split("\n")
             if x.strip().startswith("- ") and x.strip()[2:].strip()]
    if items or not loose:
        return items
    lines = [re.sub(r"^(?:[*•]|\d+[.)])\s*", "", x.strip()) for x in text.split("\n")]
    return [s.strip() for x in lines for s in re.split(r"(?<=[.!?])\s+", x) if s.strip()]


class Improver:
    """Rounds of attempt -> grade -> notes -> re-internalize over `questions` ({"question", "answer",
    "source"})."""

    def __init__(self, model: D2LModel, store: Store, user_id: int, questions: list[dict],
                 unseen: list[dict] | None = None, config: ImproveConfig | None = None,
                 files: AdapterFiles | None = None, cache: AdapterCache | None = None, record: bool = False,
                 note_writer: Callable[[list[dict]], list[str]] | None = None,
                 engine: BatchEngine | None = None):
        if not questions:
            raise AgentHNError("self-improvement needs a non-empty question set")
        self.model, self.store, self.user_id = model, store, int(user_id)
        self.engine = engine or shared_engine(model)
        self.questions, self.unseen = questions, unseen or []
        self.config = config or ImproveConfig()
        self.cache = cache if cache is not None else AdapterCache(files=files)
        self.record = record
        # Who writes the study notes: the model itself by default; a teacher (or a person) can stand in,
        # which separates note-writing quality from what internalized notes do.
        self.note_writer = note_writer or self.model_notes
        self.store.get_user(self.user_id)

    # ---- notes ---------------------------------------------------------------------------------
    def notes(self) -> list[NoteItem]:
        return self.store.list_notes(self.user_id, self.config.notebook)

    def notes_document(self) -> str:
        """The notebook as the document that is internalized; EmptyDocumentError when it has no notes."""
        items = self.notes()
        if not items:
            raise EmptyDocumentError(f"notebook {self.config.notebook!r} has no notes to internalize")
        return "\n".join(f"- {n.text}" for n in items)

    def import_notes(self, source: str | Path, round: int | None = None) -> list[dict]:
        """Add the `- ` items of a notes file (or text) as ADD edits; an empty file is a clear error."""
        text = Path(source).read_text() if isinstance(source, Path) else source
        items = note_items(text) or [x.strip() for x in text.split("\n") if x.strip()]
        if not items:
            raise EmptyDocumentError(f"notes file {str(source)[:80]!r} is empty: nothing to import")
        return [self._edit("ADD", None, t, "imported", round) for t in items]

    def internalize_notes(self) -> Adapter:
        """A fresh adapter from the whole notebook: one part per item (retrieve_k > 0), else packed at
        item boundaries (`internalize_lines`)."""
        items = self.notes_document().split("\n")
        adapter = (internalize_entries(self.model, items) if self.config.retrieve_k
                   else internalize_lines(self.model, items))
        self.cache.put(self.user_id, KIND, self.config.notebook, adapter)
        return adapter

    def _by_question(self) -> dict[str, list[int]]:
        """Live item ids per question they were written for (the ADD edit's reason names it)."""
        live = {n.item_id for n in self.notes()}
        out: dict[str, list[int]] = {}
        for e in self.store.note_history(self.user_id, self.config.notebook):
            if e.op == "ADD" and e.item_id in live and (e.reason or "").startswith(_REASON):
                out.setdefault(e.reason[len(_REASON):], []).append(e.item_id)
        return out

    def _edit(self, op: str, item_id: int | None, text: str | None, reason: str, round: int | None) -> dict:
        nb = self.config.notebook
        if op == "ADD":
            e = self.store.add_note(self.user_id, text, notebook=nb, reason=reason, round=round)
        elif op == "FIX":
            e = self.store.fix_note(self.user_id, item_id, text, notebook=nb, reason=reason, round=round)
        else:
            e = self.store.drop_note(self.user_id, item_id, notebook=nb, reason=reason, round=round)
        return {"type": "note_edit", "round": round, "op": op, "item_id": e.item_id, "text": e.text,
                "old_text": e.old_text, "reason": reason}

    def check_items(self, m: dict, note: str, round: int) -> tuple[list[str], list[dict]]:
        """The note's items that pass `notecheck.check_item` one by one, and an event for each one
        dropped (or one note_rejected event when no item is left)."""
        items, kept, events = note_items(note, self.config.loose_items), [], []
        for t in items:
            why = check_item(m, t, self.config.max_item_chars, self.config.check_notes)
            if why:
                events.append({"type": "note_item_dropped", "round": round, "question": m["question"],
                               "item": t, "reason": why})
            else:
                kept.append(t)
        if not kept:
            bad = "note has no items" if not items else "every item was dropped: " + "; ".join(
                e["reason"] for e in events)
            log.info("rejected study note for %r: %s", m["question"], bad)
            events.append({"type": "note_rejected", "round": round, "question": m["question"], "text": note,
                           "reason": bad})
        return kept, events

    def apply_note(self, m: dict, note: str, round: int) -> list[dict]:
        """Turn one written note into itemized edits for its question: FIX the question's existing items
        in place, ADD the extra ones, DROP old ones left over; items already in the notebook are skipped.
        Items are checked one by one; the dropped ones are reported and never kept."""
        items, checked = self.check_items(m, note, round)
        if not items:
            return checked
        texts = {n.text for n in self.notes()}
        old = self._by_question().get(m["question"], [])
        current = {n.item_id: n.text for n in self.notes()}
        events, reason = checked, _REASON + m["question"]
        for i, t in enumerate(items):
            if i < len(old):
                if current[old[i]] != t:
                    events.append(self._edit("FIX", old[i], t, reason, round))
            elif t not in texts:
                events.append(self._edit("ADD", None, t, reason, round))
                texts.add(t)
        events += [self._edit("DROP", iid, None, reason, round) for iid in old[len(items):]]
        return events

    # ---- attempting ----------------------------------------------------------------------------
    def attempt(self, questions: list[dict], adapter: Adapter | None) -> list[str]:
        out = []
        bs = self.config.batch_size
        for i in range(0, len(questions), bs):
            batch = questions[i:i + bs]
            convs = [[{"role": "user", "content": q["question"]}] for q in batch]
            rows = [self.adapter_for(q["question"], adapter) for q in batch]
            out += self.engine.chat_batch(convs, rows, max_new_tokens=self.config.answer_tokens)
        return [o.strip() for o in out]

    def adapter_for(self, question: str, adapter: Adapter | None) -> Adapter | None:
        """The notebook's items this question matches (all of it for a whole-notebook adapter)."""
        return select_entries(adapter, question, self.config.retrieve_k)

    def _evaluate(self, rnd: int, name: str, questions: list[dict], adapter) -> tuple[list[dict], dict]:
        answers = self.attempt(questions, adapter)
        events = [{"type": "attempt", "round": rnd, "set": name, "question": q["question"], "answer": a,
                   "expected": q["answer"], "correct": GRADERS[self.config.grading](a, q["answer"])}
                  for q, a in zip(questions, answers, strict=True)]
        n_ok = sum(e["correct"] for e in events)
        graded = {"type": "graded", "round": rnd, "set": name, "correct": n_ok, "n": len(questions),
                  "accuracy": n_ok / len(questions)}
        return events, graded

    def model_notes(self, mistakes: list[dict], temperature: float = 0.0,
                    seed: int | None = None) -> list[str]:
        """The model writes one study note per graded mistake (batched, base model: a tool task)."""
        out, bs = [], self.config.batch_size
        for i in range(0, len(mistakes), bs):
            convs = [[{"role": "user", "content": NOTE_PROMPTS[self.config.note_style](m)}]
                     for m in mistakes[i:i + bs]]
            out += self.engine.chat_batch(convs, max_new_tokens=self.config.note_tokens,
                                          temperature=temperature,
                                          seed=None if seed is None else seed + i)
        return out

    def write_notes(self, failures: list[dict], rnd: int) -> list[dict]:
        """One note per failure, each turned into itemized edits. The model's own rejected notes are
        drafted again (sampled, seeded by round and draft, so a run is reproducible); another writer
        (a teacher, a person) is taken as it is."""
        events, todo = [], list(failures)
        redrafts = self.config.redrafts if self.note_writer == self.model_notes else 0
        for draft in range(1 + redrafts):
            if not todo:
                break
            notes = self.note_writer(todo) if draft == 0 else \
                self.model_notes(todo, self.config.redraft_temperature, seed=1000 * rnd + 100 * draft)
            retry = []
            for m, note in zip(todo, notes, strict=True):
                out = self.apply_note(m, note, rnd)
                rejected = [e for e in out if e["type"] == "note_rejected"]
                for e in rejected:
                    e["draft"] = draft
                if rejected:
                    retry.append(m)
                events += out
            todo = retry
        return events

    # ---- rounds --------------------------------------------------------------------------------
    def run(self, rounds: int) -> Iterator[dict]:
        """Round 0 is the cold attempt (or the existing notebook's adapter); rounds 1..`rounds` improve."""
        run_id = self.store.start_run(self.user_id, "improve").run_id if self.record else None
        try:
            for event in self._rounds(rounds):
                if run_id:
                    self.store.append_run_events(self.user_id, run_id, [event])
                yield event
        finally:
            if run_id:
                self.store.finish_run(self.user_id, run_id)

    def _rounds(self, rounds: int) -> Iterator[dict]:
        adapter = self.internalize_notes() if self.notes() else None
        yield {"type": "round_started", "round": 0, "cold": adapter is None}
        attempts, graded = self._evaluate(0, "attempted", self.questions, adapter)
        yield from attempts
        yield graded
        unseen = self._unseen(0, adapter)
        yield from unseen
        st = _Standing(adapter, attempts, graded, unseen[-1] if unseen else None)
        yield self._done(0, st, False)
        for rnd in range(1, rounds + 1):
            st = yield from self._round(rnd, st)

    def _round(self, rnd: int, st: _Standing) -> Iterator[dict]:
        """One round from the kept standing `st`; returns the standing kept after it (generator return)."""
        yield {"type": "round_started", "round": rnd, "cold": False}
        failures = [{**q, "wrong": a["answer"] or "(no answer)", "right": q["answer"]}
                    for q, a in zip(self.questions, st.attempts, strict=True) if not a["correct"]]
        edits = self.write_notes(failures, rnd)
        yield from edits
        if not any(e["type"] == "note_edit" for e in edits):
            yield self._done(rnd, st, False)  # nothing to learn from (or every note was rejected)
            return st
        new = self.internalize_notes()
        yield {"type": "adapter_refreshed", "round": rnd, "notes": len(self.notes()), "rank": new.rank,
               "doc_tokens": self.model.count_tokens(self.notes_document()), "adapter_bytes": new.size_bytes}
        attempts, graded = self._evaluate(rnd, "attempted", self.questions, new)
        yield from attempts
        yield graded
        if graded["accuracy"] < st.graded["accuracy"] - self.config.tolerance:
            yield self._rollback(rnd, st.graded, graded, st.adapter)
            yield self._done(rnd, st, True)
            return st
        unseen = self._unseen(rnd, new)
        yield from unseen
        st = _Standing(new, attempts, graded, unseen[-1] if unseen else None)
        yield self._done(rnd, st, False)
        return st

    def _rollback(self, rnd: int, before: dict, after: dict, keep: Adapter | None) -> dict:
        undone = self.store.undo_note_round(self.user_id, rnd, self.config.notebook)
        if keep is not None:
            self.cache.put(self.user_id, KIND, self.config.notebook, keep)
        elif self.cache.get(self.user_id, KIND, self.config.notebook) is not None:
            self.cache.delete(self.user_id, KIND, self.config.notebook)  # back to cold: no notes adapter
        log.warning("round %d lowered accuracy %.3f -> %.3f: rolled back %d note edits", rnd,
                    before["accuracy"], after["accuracy"], undone)
        return {"type": "rolled_back", "round": rnd, "accuracy_before": before["accuracy"],
                "accuracy_after": after["accuracy"], "edits_undone": undone}

    def _unseen(self, rnd: int, adapter) -> list[dict]:
        if not self.unseen:
            return []
        attempts, graded = self._evaluate(rnd, "unseen", self.unseen, adapter)
        return attempts + [graded]

    def _done(self, rnd: int, st: _Standing, rolled_back: bool) -> dict:
        return {"type": "round_done", "round": rnd, "attempted_accuracy": st.graded["accuracy"],
                "unseen_accuracy": st.unseen["accuracy"] if st.unseen else None, "notes": len(self.notes()),
                "rolled_back": rolled_back}


@dataclass
class _Standing:
    """What the kept notebook scores: its adapter, its attempts on the set, and the graded events."""

    adapter: Adapter | None
    attempts: list[dict]
    graded: dict
    unseen: dict | None


class Notes:
    """Self-improvement in a chat turn: the named notebook's adapter, the items the question matches."""

    def __init__(self, adapters: AdapterCache, user_id: int, retrieve_k: int = ImproveConfig.retrieve_k):
        self.adapters, self.user_id, self.retrieve_k = adapters, int(user_id), retrieve_k

    def prepare(self, turn: Turn) -> Contribution:
        name = turn.opts.notebook
        if not name:
            return Contribution()
        notes = self.adapters.get(self.user_id, KIND, name)
        if notes is None:
            raise NotFoundError(f"notebook {name!r} has no notes adapter; run self-improvement first")
        picked = select_entries(notes, turn.question, self.retrieve_k)
        return Contribution(adapters={f"notes/{name}": picked} if picked is not None else {})

    def record(self, turn: Turn, reply: Reply) -> list[dict]:
        return []
