"""Persistence: SQLite (WAL) for users, turns, segments, profile edits, notes, adapter metadata and run
event logs; adapters as safetensors files written atomically and verified by checksum on read."""

from agenthn.store.db import DuplicateUserError, Store, hash_key
from agenthn.store.files import AdapterFiles, atomic_write, atomic_write_bytes, sha256_file
from agenthn.store.forget import FORGET_ACTOR, Footprint, LastAdminError
from agenthn.store.keys import ApiKey, LastKeyError
from agenthn.store.records import (
    AdapterRecord,
    ForgottenError,
    IdempotencyRecord,
    NoteEdit,
    NoteItem,
    ProfileEdit,
    Run,
    RunEvent,
    Segment,
    Turn,
    User,
    notes_from_edits,
    profile_state_from_edits,
)

__all__ = [
    "DuplicateUserError", "Store", "hash_key", "AdapterFiles", "atomic_write", "atomic_write_bytes",
    "sha256_file", "FORGET_ACTOR", "Footprint", "LastAdminError", "ApiKey", "LastKeyError",
    "AdapterRecord", "ForgottenError", "IdempotencyRecord", "NoteEdit", "NoteItem", "ProfileEdit", "Run",
    "RunEvent", "Segment", "Turn", "User",
    "notes_from_edits", "profile_state_from_edits",
]
