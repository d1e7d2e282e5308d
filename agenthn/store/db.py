"""`Store`: the SQLite persistence layer (users, turns, segments, profile edits, notes, adapters, runs).

Durability: the database runs in WAL mode with `synchronous=FULL` by default, and every write method
commits before it returns, so a write the API acknowledged survives a SIGKILL of the process (WAL with
NORMAL already does) and also a power loss (only FULL fsyncs the WAL on each commit). Our writes are
human-paced (turns, edits), so the fsync per commit is cheap; pass `synchronous="NORMAL"` to trade
power-loss safety for speed.

Threads: one connection per thread (`threading.local`), because a sqlite3 connection must not be used
by two threads at once and FastAPI runs handlers on a pool; readers run concurrently (WAL). Writes are
serialized by an in-process lock and take `BEGIN IMMEDIATE`, so a read-then-write transaction never
fails on a lock upgrade and another process writing the same file queues on the busy timeout.

Isolation: every user-scoped method takes `user_id` and filters by it. A row that exists but belongs
to someone else is answered with NotFoundError, never PermissionDenied, so ids do not leak existence.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from agenthn.errors import AgentHNError, NotFoundError
from agenthn.store.forget import Forgetting
from agenthn.store.keys import KEY_PREFIX, ApiKeys, hash_key, new_key
from agenthn.store.records import (
    MIGRATIONS,
    ROLES,
    AdapterRecord,
    EditLogs,
    IdempotencyRecord,
    Run,
    RunEvent,
    Segment,
    Turn,
    User,
    turn_record,
)

log = logging.getLogger(__name__)

IDEMPOTENCY_TTL_S = 24 * 3600  # how long a request's Idempotency-Key and response are kept
# Tables whose rows carry a user_id and an integer `id`; the ownership helper only accepts these.
_OWNED_TABLES = {"turns", "segments", "profile_edits", "note_edits", "adapters"}


class DuplicateUserError(AgentHNError):
    status_code = 409
    code = "user_exists"


__all__ = ["KEY_PREFIX", "DuplicateUserError", "Store", "hash_key"]


class Store(EditLogs, ApiKeys, Forgetting):
    def __init__(self, path: str | Path, *, synchronous: str = "FULL", busy_timeout_s: float = 30.0):
        if synchronous not in ("FULL", "NORMAL", "EXTRA"):
            raise ValueError(f"synchronous must be FULL, NORMAL or EXTRA, got {synchronous!r}")
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._synchronous = synchronous
        self._busy_timeout_s = busy_timeout_s
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._conns_lock = threading.Lock()
        self._write_lock = threading.RLock()  # re-entry fails loudly in SQLite, not as a deadlock
        self._closed = False
        self._migrate()

    # ---- connections and transactions -------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        if self._closed:
            raise RuntimeError("store is closed")
        # isolation_level=None: we issue BEGIN/COMMIT ourselves so no statement runs in an implicit
        # transaction we did not mean. check_same_thread=False only so close() can close all of them.
        conn = sqlite3.connect(self.path, timeout=self._busy_timeout_s, isolation_level=None,
                               check_same_thread=False)
        conn.row_factory = sqlite3.Row
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise RuntimeError(f"could not enable WAL on {self.path} (journal_mode={mode})")
        conn.execute(f"PRAGMA synchronous={self._synchronous}")
        conn.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, not left in free pages: forgetting must reach the bytes.
        conn.execute("PRAGMA secure_delete=ON")
        self._local.conn = conn
        with self._conns_lock:
            self._conns.append(conn)
        return conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction committed before the block's caller returns (so acknowledged = durable)."""
        conn = self._conn()
        # SQLite's busy handler polls with sleeps, so a thread writing in a tight loop can starve the
        # others for seconds; an in-process lock hands the write slot over as soon as it is released.
        # Other processes on the same file still queue on the busy timeout.
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _rows(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        return self._conn().execute(sql, args).fetchall()

    @staticmethod
    def _insert(conn: sqlite3.Connection, table: str, **cols: Any) -> int:
        # Column names come from our own keyword arguments, never from callers' data.
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        return conn.execute(sql, tuple(cols.values())).lastrowid

    @staticmethod
    def _next(conn: sqlite3.Connection, table: str, col: str, where: str, args: tuple) -> int:
        """The next per-scope counter (turn idx, segment idx, event seq); callers hold the write lock."""
        sql = f"SELECT COALESCE(MAX({col}), -1) + 1 FROM {table} WHERE {where}"
        return conn.execute(sql, args).fetchone()[0]

    def _migrate(self) -> None:
        with self._write() as c:
            c.execute("CREATE TABLE IF NOT EXISTS schema_version "
                      "(version INTEGER PRIMARY KEY, applied_at REAL)")
            current = c.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]
            for version, statements in MIGRATIONS:
                if version <= current:
                    continue
                for stmt in statements:
                    c.execute(stmt)
                c.execute("INSERT INTO schema_version VALUES (?, ?)", (version, time.time()))
                log.info("store %s migrated to schema version %d", self.path, version)

    def schema_version(self) -> int:
        return self._rows("SELECT COALESCE(MAX(version), 0) FROM schema_version")[0][0]

    def journal_mode(self) -> str:
        return self._rows("PRAGMA journal_mode")[0][0]

    def integrity_check(self) -> str:
        """'ok' when SQLite finds the file sound."""
        return self._rows("PRAGMA integrity_check")[0][0]

    def close(self) -> None:
        self._closed = True
        with self._conns_lock:
            for conn in self._conns:
                conn.close()
            self._conns.clear()
        self._local = threading.local()

    def require_owned(self, table: str, row_id: int, user_id: int) -> sqlite3.Row:
        """The row, or NotFoundError when it is missing *or* owned by another user (same answer)."""
        if table not in _OWNED_TABLES:
            raise ValueError(f"not a user-owned table: {table}")
        rows = self._rows(f"SELECT * FROM {table} WHERE id = ? AND user_id = ?", (row_id, user_id))
        if not rows:
            raise NotFoundError(f"{table[:-1].replace('_', ' ')} {row_id} not found")
        return rows[0]

    # ---- users -------------------------------------------------------------------------------
    def create_user(self, name: str, is_admin: bool = False, key: str | None = None, *,
                    unique_name: bool = False) -> tuple[User, str]:
        """A new user and their plaintext API key, which is shown once and stored only as a hash.

        `unique_name`: DuplicateUserError (409) when a user of that exact name exists, checked in the
        inserting transaction so two racing requests cannot both pass (the server's users are told apart
        by name in the admin's list; benchmark scratch stores may reuse a name)."""
        if not name.strip():
            raise AgentHNError("user name must not be empty")
        key = key or new_key()
        now = time.time()
        with self._write() as c:
            if unique_name and c.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise DuplicateUserError(f"a user named {name!r} already exists; choose another name")
            user_id = self._insert(c, "users", name=name, key_hash=hash_key(key), is_admin=int(is_admin),
                                   created_at=now)
            self._add_key(c, user_id, key, "first key")
        return User(user_id, name, is_admin, now), key

    def get_user(self, user_id: int) -> User:
        rows = self._rows("SELECT * FROM users WHERE id = ?", (user_id,))
        if not rows:
            raise NotFoundError(f"user {user_id} not found")
        return _user(rows[0])

    def list_users(self) -> list[User]:
        """Admin use only: every user, without key hashes."""
        return [_user(r) for r in self._rows("SELECT * FROM users ORDER BY id")]

    # ---- turns -------------------------------------------------------------------------------
    def append_turn(self, user_id: int, conversation_id: str, role: str, content: str,
                    recalled: bool = False) -> Turn:
        if role not in ROLES:
            raise AgentHNError(f"role must be one of {ROLES}, got {role!r}")
        now = time.time()
        with self._write() as c:
            scope = (user_id, conversation_id)
            idx = self._next(c, "turns", "idx", "user_id = ? AND conversation_id = ?", scope)
            turn_id = self._insert(c, "turns", user_id=user_id, conversation_id=conversation_id, idx=idx,
                                   role=role, content=content, created_at=now, recalled=int(recalled))
        return Turn(turn_id, user_id, conversation_id, idx, role, content, now, bool(recalled))

    def list_turns(self, user_id: int, conversation_id: str, start: int = 0,
                   end: int | None = None, recalled_only: bool = False) -> list[Turn]:
        """Turns with start <= idx < end, in order (`recalled_only`: replies logged as recalled only)."""
        end = 2**62 if end is None else end
        only = " AND recalled = 1" if recalled_only else ""
        rows = self._rows("SELECT * FROM turns WHERE user_id = ? AND conversation_id = ? AND idx >= ? "
                          f"AND idx < ?{only} ORDER BY idx", (user_id, conversation_id, start, end))
        return [turn_record(r) for r in rows]

    def list_conversations(self, user_id: int) -> list[str]:
        rows = self._rows("SELECT conversation_id FROM turns WHERE user_id = ? GROUP BY conversation_id "
                          "ORDER BY MIN(id)", (user_id,))
        return [r[0] for r in rows]

    # ---- segments (memory) ---------------------------------------------------------------------
    def add_segment(self, user_id: int, conversation_id: str, first_turn: int, last_turn: int,
                    text: str) -> Segment:
        """Log a segment as 'pending' before internalizing it, so a crash in between is recoverable."""
        now = time.time()
        with self._write() as c:
            scope = (user_id, conversation_id)
            idx = self._next(c, "segments", "idx", "user_id = ? AND conversation_id = ?", scope)
            segment_id = self._insert(c, "segments", user_id=user_id, conversation_id=conversation_id,
                                      idx=idx, first_turn=first_turn, last_turn=last_turn, text=text,
                                      status="pending", created_at=now)
        return self.get_segment(user_id, segment_id)

    def complete_segment(self, user_id: int, segment_id: int, adapter_path: str, checksum: str) -> Segment:
        self.require_owned("segments", segment_id, user_id)
        with self._write() as c:
            c.execute("UPDATE segments SET adapter_path = ?, checksum = ?, status = 'done', done_at = ? "
                      "WHERE id = ? AND user_id = ?", (adapter_path, checksum, time.time(), segment_id,
                                                       user_id))
        return self.get_segment(user_id, segment_id)

    def get_segment(self, user_id: int, segment_id: int) -> Segment:
        return Segment(**dict(self.require_owned("segments", segment_id, user_id)))

    def list_segments(self, user_id: int, conversation_id: str | None = None,
                      status: str | None = None) -> list[Segment]:
        sql, args = "SELECT * FROM segments WHERE user_id = ?", [user_id]
        if conversation_id is not None:
            sql, args = sql + " AND conversation_id = ?", args + [conversation_id]
        if status is not None:
            sql, args = sql + " AND status = ?", args + [status]
        return [Segment(**dict(r)) for r in self._rows(sql + " ORDER BY id", tuple(args))]

    def all_pending_segments(self) -> list[Segment]:
        """Start-up recovery only (not user-facing): every user's segments still waiting for an adapter."""
        rows = self._rows("SELECT * FROM segments WHERE status = 'pending' ORDER BY id")
        return [Segment(**dict(r)) for r in rows]

    # ---- adapter metadata ------------------------------------------------------------------------
    def record_adapter(self, user_id: int, kind: str, name: str, path: str, sha256: str, size_bytes: int, *,
                       base_model: str = "", hypernet_id: str = "") -> AdapterRecord:
        """Insert or replace the metadata of (user, kind, name): a rewrite supersedes the old file."""
        with self._write() as c:
            c.execute("INSERT INTO adapters (user_id, kind, name, path, sha256, size_bytes, base_model, "
                      "hypernet_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT (user_id, kind, name) DO UPDATE SET path = excluded.path, "
                      "sha256 = excluded.sha256, size_bytes = excluded.size_bytes, "
                      "base_model = excluded.base_model, hypernet_id = excluded.hypernet_id, "
                      "created_at = excluded.created_at",
                      (user_id, kind, name, path, sha256, size_bytes, base_model, hypernet_id, time.time()))
        found = self.find_adapter(user_id, kind, name)
        assert found is not None
        return found

    def get_adapter(self, user_id: int, adapter_id: int) -> AdapterRecord:
        return AdapterRecord(**dict(self.require_owned("adapters", adapter_id, user_id)))

    def find_adapter(self, user_id: int, kind: str, name: str) -> AdapterRecord | None:
        rows = self._rows("SELECT * FROM adapters WHERE user_id = ? AND kind = ? AND name = ?",
                          (user_id, kind, name))
        return AdapterRecord(**dict(rows[0])) if rows else None

    def list_adapters(self, user_id: int, kind: str | None = None) -> list[AdapterRecord]:
        sql, args = "SELECT * FROM adapters WHERE user_id = ?", (user_id,)
        if kind is not None:
            sql, args = sql + " AND kind = ?", (user_id, kind)
        return [AdapterRecord(**dict(r)) for r in self._rows(sql + " ORDER BY id", args)]

    def delete_adapter(self, user_id: int, adapter_id: int) -> AdapterRecord:
        record = self.get_adapter(user_id, adapter_id)
        with self._write() as c:
            c.execute("DELETE FROM adapters WHERE id = ? AND user_id = ?", (adapter_id, user_id))
        return record

    # ---- skills documents --------------------------------------------------------------------------
    def save_skill_document(self, user_id: int, name: str, text: str) -> None:
        """Keep the text a skills adapter is made from (a reload of the name replaces it)."""
        with self._write() as c:
            c.execute("INSERT INTO skill_documents VALUES (?, ?, ?, ?) ON CONFLICT (user_id, name) DO UPDATE "
                      "SET text = excluded.text, created_at = excluded.created_at",
                      (user_id, name, text, time.time()))

    def skill_documents(self, user_id: int) -> dict[str, str]:
        rows = self._rows("SELECT name, text FROM skill_documents WHERE user_id = ? ORDER BY name",
                          (user_id,))
        return {r["name"]: r["text"] for r in rows}

    # ---- run event logs (UI replay) ---------------------------------------------------------------
    def start_run(self, user_id: int, feature: str) -> Run:
        run = Run(uuid.uuid4().hex, user_id, feature, "running", time.time(), None)
        with self._write() as c:
            c.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?)", (run.run_id, user_id, feature, run.status,
                                                                   run.created_at, None))
        return run

    def append_run_events(self, user_id: int, run_id: str, events: list[dict[str, Any]]) -> list[int]:
        """Append events (one commit for the batch, so token streams need not fsync per token)."""
        self.get_run(user_id, run_id)
        now = time.time()
        with self._write() as c:
            nxt = self._next(c, "run_events", "seq", "run_id = ?", (run_id,))
            seqs = list(range(nxt, nxt + len(events)))
            c.executemany("INSERT INTO run_events VALUES (?, ?, ?, ?, ?)",
                          [(run_id, user_id, s, json.dumps(e), now)
                           for s, e in zip(seqs, events, strict=True)])
        return seqs

    def finish_run(self, user_id: int, run_id: str, status: str = "done") -> Run:
        self.get_run(user_id, run_id)
        with self._write() as c:
            c.execute("UPDATE runs SET status = ?, finished_at = ? WHERE run_id = ? AND user_id = ?",
                      (status, time.time(), run_id, user_id))
        return self.get_run(user_id, run_id)

    def interrupt_runs(self) -> list[Run]:
        """Start-up recovery only (not user-facing): every run still 'running' was cut off by the death of
        the process that ran it, so it becomes 'interrupted' (with `finished_at`), and its log gets the
        closing `run_finished` event it never wrote, so a replay ends. Returns the runs, as they are now."""
        now = time.time()
        with self._write() as c:
            rows = c.execute("SELECT run_id, user_id FROM runs WHERE status = 'running' "
                             "ORDER BY created_at").fetchall()
            for run_id, user_id in rows:
                seq = self._next(c, "run_events", "seq", "run_id = ?", (run_id,))
                event = {"type": "run_finished", "status": "interrupted", "seq": seq}
                c.execute("INSERT INTO run_events VALUES (?, ?, ?, ?, ?)",
                          (run_id, user_id, seq, json.dumps(event), now))
                c.execute("UPDATE runs SET status = 'interrupted', finished_at = ? WHERE run_id = ?",
                          (now, run_id))
        return [self.get_run(user_id, run_id) for run_id, user_id in rows]

    def get_run(self, user_id: int, run_id: str) -> Run:
        rows = self._rows("SELECT * FROM runs WHERE run_id = ? AND user_id = ?", (run_id, user_id))
        if not rows:
            raise NotFoundError(f"run {run_id} not found")
        return Run(**dict(rows[0]))

    def list_runs(self, user_id: int, feature: str | None = None) -> list[Run]:
        rows = self._rows("SELECT * FROM runs WHERE user_id = ? ORDER BY created_at", (user_id,))
        return [Run(**dict(r)) for r in rows if feature is None or r["feature"] == feature]

    # ---- idempotency keys ----------------------------------------------------------------------------
    def claim_idempotency_key(self, user_id: int, key: str, request: str, fingerprint: str,
                              ttl_s: float = IDEMPOTENCY_TTL_S) -> IdempotencyRecord | None:
        """Claim `key` for a request (None: claimed now, do the work), or the record of the request that
        claimed it first (running or done). Keys older than `ttl_s` are forgotten here."""
        now = time.time()
        with self._write() as c:
            c.execute("DELETE FROM idempotency_keys WHERE created_at < ?", (now - ttl_s,))
            row = c.execute("SELECT * FROM idempotency_keys WHERE user_id = ? AND key = ?",
                            (user_id, key)).fetchone()
            if row is not None:
                return IdempotencyRecord(**dict(row))
            self._insert(c, "idempotency_keys", user_id=user_id, key=key, request=request,
                         fingerprint=fingerprint,
                         state="running", created_at=now)
        return None

    def complete_idempotency_key(self, user_id: int, key: str, status: int, content_type: str,
                                 body: bytes) -> None:
        """The claimed request's work is done: keep its response for retries."""
        with self._write() as c:
            c.execute("UPDATE idempotency_keys SET state = 'done', status = ?, content_type = ?, body = ?, "
                      "done_at = ? WHERE user_id = ? AND key = ?",
                      (status, content_type, body, time.time(), user_id, key))

    def release_idempotency_key(self, user_id: int, key: str) -> None:
        """The claimed request did not complete its work (an error, a cancel): a retry may do it anew."""
        with self._write() as c:
            c.execute("DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND state = 'running'",
                      (user_id, key))

    def release_running_idempotency_keys(self) -> int:
        """Start-up recovery only: keys whose request died with the last process are released."""
        with self._write() as c:
            return c.execute("DELETE FROM idempotency_keys WHERE state = 'running'").rowcount

    def run_events(self, user_id: int, run_id: str, after_seq: int = -1) -> list[RunEvent]:
        self.get_run(user_id, run_id)
        rows = self._rows("SELECT * FROM run_events WHERE run_id = ? AND user_id = ? AND seq > ? "
                          "ORDER BY seq", (run_id, user_id, after_seq))
        return [RunEvent(r["run_id"], r["seq"], json.loads(r["event"]), r["created_at"]) for r in rows]


def _user(row: sqlite3.Row) -> User:
    return User(row["id"], row["name"], bool(row["is_admin"]), row["created_at"])
