"""API keys: several per user, each issued once in plaintext, stored as a sha256 hash, revocable.

A mixin of `Store` (it uses its `_write`, `_insert` and `_rows`). A key is looked up by comparing its
hash against every live key's hash in constant time, so neither timing nor an SQL lookup by the secret
says anything about it. A revoked key keeps its row (with `revoked_at`) for the audit trail until its
user is deleted; it never authenticates again. A user keeps at least one live key: revoking the last
one is refused (issue a new key first), so nobody locks themselves (or the only admin) out by accident.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import time
from dataclasses import dataclass

from agenthn.errors import AgentHNError, NotFoundError
from agenthn.store.records import User

KEY_PREFIX = "ahn_"


class LastKeyError(AgentHNError):
    status_code = 409
    code = "last_key"


@dataclass(frozen=True)
class ApiKey:
    """A key's metadata; the plaintext is never stored (`hint` is its last 4 characters)."""

    id: int
    user_id: int
    hint: str
    label: str
    created_at: float
    revoked_at: float | None


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def _user(row: sqlite3.Row) -> User:
    return User(row["id"], row["name"], bool(row["is_admin"]), row["created_at"])


class ApiKeys:
    def _add_key(self, conn: sqlite3.Connection, user_id: int, key: str, label: str) -> int:
        """Insert a live key for `user_id` inside the caller's write transaction; returns its id."""
        return self._insert(conn, "api_keys", user_id=user_id, key_hash=hash_key(key), hint=key[-4:],
                            label=label, created_at=time.time())

    def authenticate(self, key: str) -> tuple[User, int] | None:
        """(user, key id) for a live key, else None. Every live key is compared (no early exit)."""
        wanted, found = hash_key(key), None
        rows = self._rows("SELECT k.id AS key_id, k.key_hash, u.id, u.name, u.is_admin, u.created_at "
                          "FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.revoked_at IS NULL")
        for row in rows:
            if hmac.compare_digest(row["key_hash"], wanted):
                found = row
        return None if found is None else (_user(found), found["key_id"])

    def key_revoked(self, key: str) -> bool:
        """Whether `key` was issued and then revoked (a configured admin key, say)."""
        wanted = hash_key(key)
        rows = self._rows("SELECT key_hash FROM api_keys WHERE revoked_at IS NOT NULL")
        return any([hmac.compare_digest(r["key_hash"], wanted) for r in rows])

    def user_for_key(self, key: str) -> User | None:
        """The user holding the live key `key`, or None (unknown or revoked)."""
        found = self.authenticate(key)
        return None if found is None else found[0]

    def issue_key(self, user_id: int, label: str = "") -> tuple[ApiKey, str]:
        """A new live key for the user: (its metadata, the plaintext, shown once)."""
        key = new_key()
        with self._write() as c:
            if c.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone() is None:
                raise NotFoundError(f"user {user_id} not found")
            key_id = self._add_key(c, user_id, key, label)
        return self.get_key(user_id, key_id), key

    def get_key(self, user_id: int, key_id: int) -> ApiKey:
        rows = self._rows("SELECT id, user_id, hint, label, created_at, revoked_at FROM api_keys "
                          "WHERE id = ? AND user_id = ?", (key_id, user_id))
        if not rows:
            raise NotFoundError(f"key {key_id} not found")
        return ApiKey(**dict(rows[0]))

    def list_keys(self, user_id: int) -> list[ApiKey]:
        rows = self._rows("SELECT id, user_id, hint, label, created_at, revoked_at FROM api_keys "
                          "WHERE user_id = ? ORDER BY id", (user_id,))
        return [ApiKey(**dict(r)) for r in rows]

    def revoke_key(self, user_id: int, key_id: int) -> ApiKey:
        """Revoke one live key of the user (404 when it is not theirs or already revoked; 409 when it is
        their last live key)."""
        with self._write() as c:
            live = [r[0] for r in c.execute("SELECT id FROM api_keys WHERE user_id = ? "
                                            "AND revoked_at IS NULL", (user_id,))]
            if key_id not in live:
                raise NotFoundError(f"key {key_id} not found (or already revoked)")
            if len(live) == 1:
                raise LastKeyError(f"key {key_id} is the last live key of user {user_id}; issue a new key "
                                   "before revoking it")
            c.execute("UPDATE api_keys SET revoked_at = ? WHERE id = ?", (time.time(), key_id))
        return self.get_key(user_id, key_id)

    def rotate_key(self, user_id: int) -> str:
        """A new key, with every other key of the user revoked in the same transaction."""
        key = new_key()
        with self._write() as c:
            if c.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone() is None:
                raise NotFoundError(f"user {user_id} not found")
            c.execute("UPDATE api_keys SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                      (time.time(), user_id))
            self._add_key(c, user_id, key, "rotated")
        return key

    def live_key_ids(self, user_id: int) -> list[int]:
        rows = self._rows("SELECT id FROM api_keys WHERE user_id = ? AND revoked_at IS NULL", (user_id,))
        return [r[0] for r in rows]
