"""Forgetting in the database: one transaction per deletion, with a journal of the files it leaves.

A mixin of `Store` (it uses its `_write`, `_insert`, `_next` and `_rows`). Each `forget_*` method
deletes, in ONE write transaction, every row that holds or derives from the forgotten text (turns,
segments, profile values, notes, adapter records, the run logs and stored responses that quote it)
and writes a `deletions` journal row naming the adapter files (relative to the adapter root) that
still have to be unlinked. So a deletion interrupted before its commit changed nothing, and one that
committed is complete in the database; `AdapterFiles.purge` then unlinks the files and drops the
journal row, and start-up repair finishes any journal row a crash left behind.

Rebuilding is the agent's work (it needs the model), made crash-safe the same way: a forgotten turn's
segments are replaced in the same transaction by *pending* segments over the remaining turns (start-up
recovery internalizes pending segments), and a forgotten profile fact drops the profile adapter's record
(the profile adapter is rebuilt from the edit log on its next use). Deleted bytes are zeroed
(`secure_delete`, set on every connection) and `checkpoint()` empties the WAL of the old pages.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from agenthn.errors import AgentHNError, NotFoundError
from agenthn.store.records import Turn, notes_from_edits, profile_state_from_edits, turn_record

FORGET_ACTOR = "forget"  # the actor of the REMOVE edit that records a forgotten profile fact
# (first_turn, last_turn, text) of a segment to internalize in place of a forgotten one
Replan = Callable[[list[Turn]], Iterable[tuple[int, int, str]]]


class LastAdminError(AgentHNError):
    status_code = 409
    code = "last_admin"


@dataclass
class Footprint:
    """What one deletion removed: rows per table, adapter (kind, name)s, and the journal of its files."""

    what: str
    deletion_id: int = 0
    paths: list[str] = field(default_factory=list)        # files (or a user's folder) still to unlink
    adapters: list[tuple[str, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    pending_segments: list[int] = field(default_factory=list)  # rebuilt segments, waiting for the model
    key_ids: list[int] = field(default_factory=list)      # keys that stopped working (user deletion)

    def count(self, table: str, n: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + max(n, 0)


def needles(texts: Iterable[str | None]) -> list[str]:
    """How a text can appear in stored JSON: as itself and JSON-escaped (run events use ASCII escapes)."""
    out = []
    for t in texts:
        if t and t.strip():
            out += [t, json.dumps(t)[1:-1]]
    return sorted(set(out))


class Forgetting:
    # ---- shared steps (inside the caller's write transaction) -----------------------------------
    def _drop_adapters(self, c: sqlite3.Connection, fp: Footprint, user_id: int, where: str,
                       args: tuple) -> None:
        rows = c.execute(f"SELECT id, kind, name, path FROM adapters WHERE user_id = ? AND ({where})",
                         (user_id, *args)).fetchall()
        for r in rows:
            c.execute("DELETE FROM adapters WHERE id = ?", (r["id"],))
            fp.adapters.append((r["kind"], r["name"]))
            fp.paths.append(r["path"])
        fp.count("adapters", len(rows))

    def _drop_quoting(self, c: sqlite3.Connection, fp: Footprint, user_id: int, texts: Iterable[str]) -> None:
        """Run logs and stored responses are copies: any that quotes a forgotten text goes too."""
        for n in needles(texts):
            cur = c.execute("DELETE FROM runs WHERE user_id = ? AND run_id IN (SELECT run_id FROM run_events "
                            "WHERE user_id = ? AND instr(event, ?) > 0)", (user_id, user_id, n))
            fp.count("runs", cur.rowcount)
            cur = c.execute("DELETE FROM idempotency_keys WHERE user_id = ? "
                            "AND instr(CAST(body AS TEXT), ?) > 0", (user_id, n))
            fp.count("idempotency_keys", cur.rowcount)

    def _journal(self, c: sqlite3.Connection, fp: Footprint) -> Footprint:
        fp.paths = sorted(set(fp.paths))
        fp.deletion_id = self._insert(c, "deletions", what=fp.what, paths=json.dumps(fp.paths),
                                      created_at=time.time())
        return fp

    def _delete(self, c: sqlite3.Connection, fp: Footprint, table: str, where: str, args: tuple) -> None:
        fp.count(table, c.execute(f"DELETE FROM {table} WHERE {where}", args).rowcount)

    # ---- memory --------------------------------------------------------------------------------
    def forget_conversation(self, user_id: int, conversation_id: str,
                            adapters: Iterable[tuple[str, str]] = (), paths: Iterable[str] = ()) -> Footprint:
        """Every turn and segment of the conversation, the named adapters (its segment and static
        adapters; the store does not know memory's naming) and the runs that name the conversation."""
        fp = Footprint("conversation", paths=list(paths))
        scope = (user_id, conversation_id)
        with self._write() as c:
            segs = c.execute("SELECT adapter_path FROM segments WHERE user_id = ? AND conversation_id = ?",
                             scope).fetchall()
            n_turns = c.execute("SELECT COUNT(*) FROM turns WHERE user_id = ? AND conversation_id = ?",
                                scope).fetchone()[0]
            if not segs and not n_turns:
                raise NotFoundError(f"conversation {conversation_id!r} not found")
            fp.paths += [s[0] for s in segs if s[0]]
            for kind, name in adapters:
                self._drop_adapters(c, fp, user_id, "kind = ? AND name = ?", (kind, name))
            self._delete(c, fp, "turns", "user_id = ? AND conversation_id = ?", scope)
            self._delete(c, fp, "segments", "user_id = ? AND conversation_id = ?", scope)
            ref = json.dumps(conversation_id)  # how run_started and replies name it
            self._drop_quoting(c, fp, user_id, [f'"conversation_id": {ref}', f'"conversation_id":{ref}'])
            return self._journal(c, fp)

    def forget_turn(self, user_id: int, conversation_id: str, idx: int, replan: Replan) -> Footprint:
        """One turn; every segment built from it is deleted with its adapter and replaced by pending
        segments that `replan` makes from the span's remaining turns (none when nothing remains)."""
        fp = Footprint("turn")
        scope = (user_id, conversation_id)
        with self._write() as c:
            row = c.execute("SELECT * FROM turns WHERE user_id = ? AND conversation_id = ? AND idx = ?",
                            (*scope, idx)).fetchone()
            if row is None:
                raise NotFoundError(f"turn {idx} of conversation {conversation_id!r} not found")
            segs = c.execute("SELECT id, first_turn, last_turn, adapter_path FROM segments WHERE user_id = ? "
                             "AND conversation_id = ? AND first_turn <= ? AND last_turn >= ?",
                             (*scope, idx, idx)).fetchall()
            self._delete(c, fp, "turns", "id = ?", (row["id"],))
            for s in segs:
                if s["adapter_path"]:
                    self._drop_adapters(c, fp, user_id, "path = ?", (s["adapter_path"],))
                    fp.paths.append(s["adapter_path"])
                self._delete(c, fp, "segments", "id = ?", (s["id"],))
            if segs:
                self._replan(c, fp, scope, min(s[1] for s in segs), max(s[2] for s in segs), replan)
            self._drop_quoting(c, fp, user_id, [row["content"]])
            return self._journal(c, fp)

    def _replan(self, c: sqlite3.Connection, fp: Footprint, scope: tuple, lo: int, hi: int,
                replan: Replan) -> None:
        rows = c.execute("SELECT * FROM turns WHERE user_id = ? AND conversation_id = ? "
                         "AND idx BETWEEN ? AND ? ORDER BY idx", (*scope, lo, hi)).fetchall()
        for first, last, text in replan([turn_record(r) for r in rows]) if rows else ():
            idx = self._next(c, "segments", "idx", "user_id = ? AND conversation_id = ?", scope)
            fp.pending_segments.append(self._insert(
                c, "segments", user_id=scope[0], conversation_id=scope[1], idx=idx, first_turn=first,
                last_turn=last, text=text, status="pending", created_at=time.time()))

    # ---- profile, skills, notes ----------------------------------------------------------------------
    def forget_profile_fact(self, user_id: int, key: str, adapter_kind: str = "profile") -> Footprint:
        """The fact's values are erased from every edit of its key, a REMOVE edit by actor 'forget'
        records the deletion in the log, and the profile adapter's record goes (rebuilt on next use)."""
        fp = Footprint("profile fact")
        with self._write() as c:
            edits = self._profile_edits(c, user_id)
            if key not in profile_state_from_edits(edits):
                raise NotFoundError(f"profile fact {key!r} not found")
            values = [v for e in edits if e.key == key for v in (e.old_value, e.new_value)]
            cur = c.execute("UPDATE profile_edits SET old_value = NULL, new_value = NULL WHERE user_id = ? "
                            "AND key = ?", (user_id, key))
            fp.count("profile_values_erased", cur.rowcount)
            self._insert(c, "profile_edits", user_id=user_id, key=key, op="REMOVE", old_value=None,
                         new_value=None, turn_ref=None, actor=FORGET_ACTOR, created_at=time.time())
            self._drop_adapters(c, fp, user_id, "kind = ?", (adapter_kind,))
            self._drop_quoting(c, fp, user_id, values)
            return self._journal(c, fp)

    def forget_skill(self, user_id: int, name: str, kind: str = "skills") -> Footprint:
        fp = Footprint("skill")
        with self._write() as c:
            self._drop_adapters(c, fp, user_id, "kind = ? AND name = ?", (kind, name))
            self._delete(c, fp, "skill_documents", "user_id = ? AND name = ?", (user_id, name))
            if not fp.adapters and not fp.rows.get("skill_documents"):
                raise NotFoundError(f"skill {name!r} not found")
            return self._journal(c, fp)

    def forget_notes(self, user_id: int, notebook: str | None = None, kind: str = "notes") -> Footprint:
        """A notebook's whole edit log and its adapter (every notebook when `notebook` is None)."""
        fp = Footprint("notes")
        where, args = ("notebook = ?", (notebook,)) if notebook is not None else ("1", ())
        with self._write() as c:
            rows = c.execute(f"SELECT text, old_text FROM note_edits WHERE user_id = ? AND {where}",
                             (user_id, *args)).fetchall()
            texts = [t for r in rows for t in r]
            self._delete(c, fp, "note_edits", f"user_id = ? AND {where}", (user_id, *args))
            self._drop_adapters(c, fp, user_id, f"kind = ? AND {where.replace('notebook', 'name')}",
                                (kind, *args))
            if not fp.rows.get("note_edits") and not fp.adapters:
                raise NotFoundError(f"notebook {notebook!r} not found" if notebook else "no notes to forget")
            self._drop_quoting(c, fp, user_id, texts)
            return self._journal(c, fp)

    def forget_note(self, user_id: int, notebook: str, item_id: int, kind: str = "notes") -> Footprint:
        """One note item: its text leaves every edit of it, a DROP (reason 'forgotten') records the
        deletion, and the notebook's adapter record goes (rebuilt from the remaining items)."""
        fp = Footprint("note")
        with self._write() as c:
            edits = self._note_edits(c, user_id, notebook)
            if item_id not in {n.item_id for n in notes_from_edits(edits)}:
                raise NotFoundError(f"note {item_id} not found in notebook {notebook!r}")
            texts = [t for e in edits if e.item_id == item_id for t in (e.text, e.old_text)]
            cur = c.execute("UPDATE note_edits SET text = NULL, old_text = NULL WHERE user_id = ? "
                            "AND notebook = ? AND item_id = ?", (user_id, notebook, item_id))
            fp.count("note_texts_erased", cur.rowcount)
            self._insert(c, "note_edits", user_id=user_id, notebook=notebook, item_id=item_id, op="DROP",
                         text=None, old_text=None, reason="forgotten", round=None, created_at=time.time())
            self._drop_adapters(c, fp, user_id, "kind = ? AND name = ?", (kind, notebook))
            self._drop_quoting(c, fp, user_id, texts)
            return self._journal(c, fp)

    # ---- users ---------------------------------------------------------------------------------
    def forget_user(self, user_id: int) -> Footprint:
        """The user row; every user-owned table cascades from it (ON DELETE CASCADE), keys included.
        The journal names the user's whole adapter folder. The last admin cannot be deleted."""
        fp = Footprint("user", paths=[str(int(user_id))])
        with self._write() as c:
            self._check_deletable(c, user_id)
            fp.key_ids = [r[0] for r in c.execute("SELECT id FROM api_keys WHERE user_id = ?", (user_id,))]
            for table in ("turns", "segments", "profile_edits", "note_edits", "adapters", "runs", "api_keys"):
                fp.count(table, c.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = ?",
                                          (user_id,)).fetchone()[0])
            self._delete(c, fp, "users", "id = ?", (user_id,))
            return self._journal(c, fp)

    def check_user_deletable(self, user_id: int) -> None:
        """NotFoundError / LastAdminError now, so a caller can stop the user's work before deleting."""
        self._check_deletable(self._conn(), user_id)

    @staticmethod
    def _check_deletable(c: sqlite3.Connection, user_id: int) -> None:
        user = c.execute("SELECT is_admin FROM users WHERE id = ?", (user_id,)).fetchone()
        if user is None:
            raise NotFoundError(f"user {user_id} not found")
        admins = c.execute("SELECT COUNT(*) FROM users WHERE is_admin = 1").fetchone()[0]
        if user["is_admin"] and admins == 1:
            raise LastAdminError(f"user {user_id} is the only admin; create another admin first")

    # ---- the journal ---------------------------------------------------------------------------
    def pending_deletions(self) -> list[tuple[int, list[str]]]:
        """(deletion id, paths) of committed deletions whose files are not all unlinked yet."""
        return [(r["id"], json.loads(r["paths"])) for r in self._rows("SELECT * FROM deletions ORDER BY id")]

    def finish_deletion(self, deletion_id: int) -> None:
        with self._write() as c:
            c.execute("DELETE FROM deletions WHERE id = ?", (deletion_id,))

    def checkpoint(self) -> None:
        """Copy the WAL into the database and truncate it, so old page images (deleted text) leave the
        WAL file too. Best effort: a reader holding an old snapshot makes SQLite skip part of it."""
        self._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
