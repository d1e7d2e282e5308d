"""Row types, the schema migrations, and the two append-only edit logs (profile, study notes).

The dataclasses are what `Store` returns and `MIGRATIONS` is the ordered list of schema steps it
applies. The profile and the notes are never stored as state, only as edit logs: the pure `*_from_edits`
functions replay a log into current state, so there is exactly one definition of "current state" (which
makes audit and undo trivial, and is testable without a database), and `EditLogs` writes those logs.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agenthn.errors import AgentHNError, NotFoundError

log = logging.getLogger(__name__)

PROFILE_OPS = ("ADD", "UPDATE", "REMOVE")


class ForgottenError(AgentHNError):
    status_code = 409
    code = "forgotten"


NOTE_OPS = ("ADD", "FIX", "DROP")
ROLES = ("system", "user", "assistant", "tool")


@dataclass(frozen=True)
class User:
    id: int
    name: str
    is_admin: bool
    created_at: float


@dataclass(frozen=True)
class Turn:
    id: int
    user_id: int
    conversation_id: str
    idx: int
    role: str
    content: str
    created_at: float
    # an assistant reply decoded with memory's segments or the profile composed: what it says was
    # recalled, not said anew, so retrieval does not take it as evidence (agent.memory)
    recalled: bool = False


def turn_record(row) -> Turn:
    """A `turns` row as a Turn (SQLite keeps `recalled` as 0/1)."""
    d = dict(row)
    return Turn(**{**d, "recalled": bool(d.get("recalled", 0))})


@dataclass(frozen=True)
class Segment:
    """A span of turns to be internalized; `status` stays 'pending' until its adapter is on disk."""

    id: int
    user_id: int
    conversation_id: str
    idx: int
    first_turn: int
    last_turn: int
    text: str
    adapter_path: str | None
    checksum: str | None
    status: str
    created_at: float
    done_at: float | None


@dataclass(frozen=True)
class ProfileEdit:
    id: int
    user_id: int
    key: str
    op: str
    old_value: str | None
    new_value: str | None
    turn_ref: str | None
    actor: str
    created_at: float
    undone: bool
    undone_at: float | None


@dataclass(frozen=True)
class NoteEdit:
    """One itemized edit. `item_id` is the id of the ADD edit that created the item."""

    id: int
    user_id: int
    notebook: str
    item_id: int
    op: str
    text: str | None
    old_text: str | None
    reason: str | None
    round: int | None
    created_at: float
    undone: bool


@dataclass(frozen=True)
class NoteItem:
    item_id: int
    text: str
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class AdapterRecord:
    id: int
    user_id: int
    kind: str
    name: str
    path: str
    sha256: str
    size_bytes: int
    base_model: str
    hypernet_id: str
    created_at: float


@dataclass(frozen=True)
class Run:
    run_id: str
    user_id: int
    feature: str
    status: str
    created_at: float
    finished_at: float | None


@dataclass(frozen=True)
class IdempotencyRecord:
    """A request made with an Idempotency-Key: 'running' while its work runs, then 'done' with its
    response."""

    user_id: int
    key: str
    request: str
    fingerprint: str
    state: str
    status: int | None
    content_type: str | None
    body: bytes | None
    created_at: float
    done_at: float | None


@dataclass(frozen=True)
class RunEvent:
    run_id: str
    seq: int
    event: dict[str, Any]
    created_at: float


def profile_state_from_edits(edits: Iterable[ProfileEdit]) -> dict[str, str]:
    """Replay the live (not undone) edits in id order.

    Replay is lenient on purpose: undoing an edit in the middle of a key's history can leave a later
    UPDATE with no ADD before it, and the later edit should still win, as a user undoing edit 1 expects.
    """
    state: dict[str, str] = {}
    for e in sorted(edits, key=lambda e: e.id):
        if e.undone:
            continue
        if e.op == "REMOVE":
            state.pop(e.key, None)
        else:
            state[e.key] = e.new_value or ""
    return state


def notes_from_edits(edits: Iterable[NoteEdit]) -> list[NoteItem]:
    """Replay live note edits into the current items, ordered by creation."""
    items: dict[int, NoteItem] = {}
    for e in sorted(edits, key=lambda e: e.id):
        if e.undone:
            continue
        if e.op == "ADD":
            items[e.item_id] = NoteItem(e.item_id, e.text or "", e.created_at, e.created_at)
        elif e.item_id not in items:
            continue  # its ADD was undone: a FIX or DROP of it has nothing to act on
        elif e.op == "FIX":
            old = items[e.item_id]
            items[e.item_id] = NoteItem(old.item_id, e.text or "", old.created_at, e.created_at)
        else:
            del items[e.item_id]
    return sorted(items.values(), key=lambda n: n.item_id)


class EditLogs:
    """Profile edits and study notes: append-only logs whose current state is a replay.

    A mixin of `Store` (it uses its `_write`, `_insert`, `_conn` and `require_owned`), kept here beside
    the replay rules so each log's writing and reading live in one place.
    """

    # ---- profile edits (personalization) --------------------------------------------------------
    def record_profile_edit(self, user_id: int, op: str, key: str, new_value: str | None = None, *,
                            turn_ref: str | None = None, actor: str = "model") -> ProfileEdit:
        """Append one edit, checked against the current profile: ADD needs a new key, UPDATE and
        REMOVE an existing one. The old value is captured here so history can be audited and undone."""
        if op not in PROFILE_OPS:
            raise AgentHNError(f"profile op must be one of {PROFILE_OPS}, got {op!r}")
        if not key.strip():
            raise AgentHNError("profile key must not be empty")
        if op != "REMOVE" and not (new_value or "").strip():
            raise AgentHNError(f"{op} {key} needs a non-empty value")
        now = time.time()
        with self._write() as c:
            state = profile_state_from_edits(self._profile_edits(c, user_id))
            if op == "ADD" and key in state:
                raise AgentHNError(f"profile key {key!r} already exists; use UPDATE")
            if op != "ADD" and key not in state:
                raise AgentHNError(f"profile key {key!r} does not exist")
            old, value = state.get(key), None if op == "REMOVE" else new_value
            edit_id = self._insert(c, "profile_edits", user_id=user_id, key=key, op=op, old_value=old,
                                   new_value=value, turn_ref=turn_ref, actor=actor, created_at=now)
        return ProfileEdit(edit_id, user_id, key, op, old, value, turn_ref, actor, now, False, None)

    def _profile_edits(self, conn: sqlite3.Connection, user_id: int) -> list[ProfileEdit]:
        rows = conn.execute("SELECT * FROM profile_edits WHERE user_id = ? ORDER BY id", (user_id,))
        return [_profile_edit(r) for r in rows]

    def profile_history(self, user_id: int, key: str | None = None) -> list[ProfileEdit]:
        edits = self._profile_edits(self._conn(), user_id)
        return [e for e in edits if key is None or e.key == key]

    def profile_state(self, user_id: int) -> dict[str, str]:
        return profile_state_from_edits(self._profile_edits(self._conn(), user_id))

    def undo_profile_edit(self, user_id: int, edit_id: int) -> ProfileEdit:
        """Mark one edit undone; the profile is then the replay of the remaining edits. An edit whose
        values were forgotten (store/forget.py), or the edit that forgot them, cannot be undone."""
        e = _profile_edit(self.require_owned("profile_edits", edit_id, user_id))
        if e.actor == "forget" or (e.op != "REMOVE" and e.new_value is None):
            raise ForgottenError(f"profile edit {edit_id} belongs to a forgotten fact and cannot be undone")
        with self._write() as c:
            c.execute("UPDATE profile_edits SET undone = 1, undone_at = ? WHERE id = ? AND user_id = ? "
                      "AND undone = 0", (time.time(), edit_id, user_id))
        return _profile_edit(self.require_owned("profile_edits", edit_id, user_id))

    # ---- study notes (self-improvement) ---------------------------------------------------------
    def add_note(self, user_id: int, text: str, *, notebook: str = "default", reason: str | None = None,
                 round: int | None = None) -> NoteEdit:
        if not text.strip():
            raise AgentHNError("a note must not be empty")
        with self._write() as c:
            edit_id = self._insert(c, "note_edits", user_id=user_id, notebook=notebook, item_id=0, op="ADD",
                                   text=text, reason=reason, round=round, created_at=time.time())
            # An item is named by the id of the edit that created it: unique with no extra table.
            c.execute("UPDATE note_edits SET item_id = id WHERE id = ?", (edit_id,))
        return _note_edit(self.require_owned("note_edits", edit_id, user_id))

    def fix_note(self, user_id: int, item_id: int, text: str, *, notebook: str = "default",
                 reason: str | None = None, round: int | None = None) -> NoteEdit:
        if not text.strip():
            raise AgentHNError("a fixed note must not be empty; use drop_note to remove it")
        return self._edit_note(user_id, notebook, item_id, "FIX", text, reason, round)

    def drop_note(self, user_id: int, item_id: int, *, notebook: str = "default", reason: str | None = None,
                  round: int | None = None) -> NoteEdit:
        return self._edit_note(user_id, notebook, item_id, "DROP", None, reason, round)

    def _edit_note(self, user_id: int, notebook: str, item_id: int, op: str, text: str | None,
                   reason: str | None, round: int | None) -> NoteEdit:
        if op not in NOTE_OPS:
            raise AgentHNError(f"note op must be one of {NOTE_OPS}, got {op!r}")
        with self._write() as c:
            live = {n.item_id: n for n in notes_from_edits(self._note_edits(c, user_id, notebook))}
            if item_id not in live:
                raise NotFoundError(f"note {item_id} not found")
            edit_id = self._insert(c, "note_edits", user_id=user_id, notebook=notebook, item_id=item_id,
                                   op=op, text=text, old_text=live[item_id].text, reason=reason, round=round,
                                   created_at=time.time())
        return _note_edit(self.require_owned("note_edits", edit_id, user_id))

    def _note_edits(self, conn: sqlite3.Connection, user_id: int, notebook: str) -> list[NoteEdit]:
        rows = conn.execute("SELECT * FROM note_edits WHERE user_id = ? AND notebook = ? ORDER BY id",
                            (user_id, notebook)).fetchall()
        return [_note_edit(r) for r in rows]

    def list_notes(self, user_id: int, notebook: str = "default") -> list[NoteItem]:
        return notes_from_edits(self._note_edits(self._conn(), user_id, notebook))

    def note_history(self, user_id: int, notebook: str = "default") -> list[NoteEdit]:
        return self._note_edits(self._conn(), user_id, notebook)

    def undo_note_round(self, user_id: int, round: int, notebook: str = "default") -> int:
        """Roll back every edit of one self-improvement round (the drift guard); returns how many."""
        with self._write() as c:
            cur = c.execute("UPDATE note_edits SET undone = 1 WHERE user_id = ? AND notebook = ? "
                            "AND round = ? AND undone = 0", (user_id, notebook, round))
        return cur.rowcount


def _profile_edit(row: sqlite3.Row) -> ProfileEdit:
    return ProfileEdit(**{**dict(row), "undone": bool(row["undone"])})


def _note_edit(row: sqlite3.Row) -> NoteEdit:
    return NoteEdit(**{**dict(row), "undone": bool(row["undone"])})


# Each migration is a list of single statements (not a script) so it runs inside the caller's
# transaction: `executescript` would commit behind our back and break the all-or-nothing step.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        """CREATE TABLE users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            key_hash TEXT NOT NULL UNIQUE,
            is_admin INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL)""",
        """CREATE TABLE turns (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            conversation_id TEXT NOT NULL,
            idx INTEGER NOT NULL,
            role TEXT NOT NULL,
            content TEXT NOT NULL,
            created_at REAL NOT NULL,
            UNIQUE (user_id, conversation_id, idx))""",
        """CREATE TABLE segments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            conversation_id TEXT NOT NULL,
            idx INTEGER NOT NULL,
            first_turn INTEGER NOT NULL,
            last_turn INTEGER NOT NULL,
            text TEXT NOT NULL,
            adapter_path TEXT,
            checksum TEXT,
            status TEXT NOT NULL CHECK (status IN ('pending', 'done')),
            created_at REAL NOT NULL,
            done_at REAL,
            UNIQUE (user_id, conversation_id, idx))""",
        "CREATE INDEX segments_status ON segments (status)",
        """CREATE TABLE profile_edits (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('ADD', 'UPDATE', 'REMOVE')),
            old_value TEXT,
            new_value TEXT,
            turn_ref TEXT,
            actor TEXT NOT NULL,
            created_at REAL NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0,
            undone_at REAL)""",
        "CREATE INDEX profile_edits_user ON profile_edits (user_id, id)",
        """CREATE TABLE note_edits (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            notebook TEXT NOT NULL,
            item_id INTEGER NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('ADD', 'FIX', 'DROP')),
            text TEXT,
            old_text TEXT,
            reason TEXT,
            round INTEGER,
            created_at REAL NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0)""",
        "CREATE INDEX note_edits_user ON note_edits (user_id, notebook, id)",
        """CREATE TABLE adapters (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            base_model TEXT NOT NULL DEFAULT '',
            hypernet_id TEXT NOT NULL DEFAULT '',
            created_at REAL NOT NULL,
            UNIQUE (user_id, kind, name))""",
        """CREATE TABLE runs (
            run_id TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            feature TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'running',
            created_at REAL NOT NULL,
            finished_at REAL)""",
        """CREATE TABLE run_events (
            run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            event TEXT NOT NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (run_id, seq))""",
    ]),
    # Idempotency-Key: a write request's key, claimed ('running') before its work starts and 'done' with
    # the response once the work completes, so a retry gets that response instead of doing it again.
    (2, [
        """CREATE TABLE idempotency_keys (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            request TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('running', 'done')),
            status INTEGER,
            content_type TEXT,
            body BLOB,
            created_at REAL NOT NULL,
            done_at REAL,
            PRIMARY KEY (user_id, key))""",
    ]),
    # Skills documents as text: an adapter alone cannot be read back, rebuilt or exported as the words
    # the user gave, so the text is kept beside it (one row per user and skill name).
    (3, [
        """CREATE TABLE skill_documents (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (user_id, name))""",
    ]),
    # Several API keys per user, each revocable (keys.py). users.key_hash stays as the hash of the key a
    # user was created with (a column cannot be dropped without rebuilding the table, which would cascade
    # through every user-owned row); authentication reads api_keys only. `deletions` is the forget
    # journal (forget.py): the files a committed deletion still has to unlink, one row per deletion.
    (4, [
        """CREATE TABLE api_keys (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            key_hash TEXT NOT NULL UNIQUE,
            hint TEXT NOT NULL DEFAULT '',
            label TEXT NOT NULL DEFAULT '',
            created_at REAL NOT NULL,
            revoked_at REAL)""",
        "CREATE INDEX api_keys_user ON api_keys (user_id)",
        "INSERT INTO api_keys (user_id, key_hash, label, created_at) "
        "SELECT id, key_hash, 'first key', created_at FROM users",
        """CREATE TABLE deletions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            what TEXT NOT NULL,
            paths TEXT NOT NULL,
            created_at REAL NOT NULL)""",
    ]),
    (5, ["ALTER TABLE turns ADD COLUMN recalled INTEGER NOT NULL DEFAULT 0"]),
]
