"""Reading an export archive back (the layout is in agenthn/store/archive.py): verify it whole, then
restore its user into a store as a new user, in one transaction.

    with open_archive("alice.zip") as archive:           # ArchiveError (422) naming the bad file
        check_model(archive.manifest["model"], identity)  # ModelMismatchError (409) naming both models
        user, key, counts = restore(archive, store, files)

Verification comes before any write: the format and its version, every file the manifest lists and
no other, each one's size and sha256. Restoring gives the user new ids (turns, edits, note items, run
ids), keeps every text, time and adapter byte for byte, and rewrites only what names an old id: a
segment's adapter path and a profile adapter's `revision` (the last edit it reflects). Its adapter
files are written under the new user's folder inside the store's write transaction and removed if it
fails; a folder left by an import cut off before its commit belongs to no user and is cleared first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import secrets
import shutil
import sqlite3
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from agenthn.errors import AgentHNError
from agenthn.store.archive import FORMAT, FORMAT_VERSION, MANIFEST
from agenthn.store.db import KEY_PREFIX, DuplicateUserError, Store, hash_key
from agenthn.store.files import AdapterFiles, atomic_write_bytes
from agenthn.store.records import User

_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}"
_KIND = r"[a-z][a-z0-9_]{0,31}"
# Every path an archive may hold: plain names only, so nothing can point outside its folder.
_MEMBER = re.compile(
    r"^(user\.json|conversations/(turns|segments)\.jsonl|profile/(profile\.json|edits\.jsonl)"
    rf"|runs/runs\.jsonl|adapters/index\.jsonl|skills/{_NAME}\.txt|notes/{_NAME}\.(txt|edits\.jsonl)"
    rf"|adapters/{_KIND}/{_NAME}\.safetensors|peft/{_KIND}/{_NAME}/adapter_(config\.json|model\.safetensors))$")
# The columns restored from each kind of record: the archive's keys never become SQL by themselves.
TURN = ("conversation_id", "idx", "role", "content", "created_at")
SEGMENT = ("conversation_id", "idx", "first_turn", "last_turn", "text", "checksum", "status", "created_at",
           "done_at")
PROFILE_EDIT = ("key", "op", "old_value", "new_value", "turn_ref", "actor", "created_at", "undone",
                "undone_at")
NOTE_EDIT = ("op", "text", "old_text", "reason", "round", "created_at", "undone")
RUN = ("feature", "status", "created_at", "finished_at")
ADAPTER = ("kind", "name", "base_model", "hypernet_id", "created_at")


class ArchiveError(AgentHNError):
    status_code = 422
    code = "bad_archive"


class ModelMismatchError(AgentHNError):
    status_code = 409
    code = "model_mismatch"


@dataclass
class Archive:
    path: Path
    manifest: dict
    zf: zipfile.ZipFile

    def read(self, name: str) -> bytes:
        """A listed file's bytes, checked against the manifest again (the file may have changed)."""
        if name not in self.manifest["files"]:
            raise ArchiveError(f"archive file {name} is missing (its records name it)")
        with self.zf.open(name) as f:
            blob = f.read()
        _check(name, blob, self.manifest["files"][name])
        return blob

    def jsonl(self, name: str) -> list[dict]:
        return [json.loads(line) for line in self.read(name).decode("utf-8").splitlines() if line]

    def names(self, prefix: str, suffix: str) -> list[str]:
        """The listed files' names under `prefix` ending in `suffix`, without either."""
        return sorted(n[len(prefix):-len(suffix)] for n in self.manifest["files"]
                      if n.startswith(prefix) and n.endswith(suffix) and "/" not in n[len(prefix):])

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.zf.close()


def _check(name: str, blob: bytes, want: dict) -> None:
    if len(blob) != want["bytes"] or hashlib.sha256(blob).hexdigest() != want["sha256"]:
        raise ArchiveError(f"archive file {name} fails its sha256 check: it was altered or damaged")


def open_archive(path: str | Path) -> Archive:
    """The archive, once its format, version and every file's checksum are right."""
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as e:
        raise ArchiveError(f"{path} is not a readable zip archive: {e}") from e
    try:
        manifest = _manifest(zf, path)
        archive = Archive(path, manifest, zf)
        for name, want in manifest["files"].items():
            if zf.getinfo(name).file_size != want["bytes"]:  # checked before inflating anything
                raise ArchiveError(f"archive file {name} is {zf.getinfo(name).file_size} bytes, its manifest "
                                   f"says {want['bytes']}")
            try:
                archive.read(name)
            except (zipfile.BadZipFile, OSError) as e:  # a zip-level CRC or length error
                raise ArchiveError(f"archive file {name} is damaged: {e}") from e
        return archive
    except BaseException:
        zf.close()
        raise


def _manifest(zf: zipfile.ZipFile, path: Path) -> dict:
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except (KeyError, ValueError, zipfile.BadZipFile) as e:
        raise ArchiveError(f"{path} has no readable {MANIFEST}: not an AgentHN export ({e})") from e
    if manifest.get("format") != FORMAT:
        raise ArchiveError(f"{path} is not an AgentHN user export (format {manifest.get('format')!r})")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(f"{path} is export format version {manifest.get('format_version')!r}; this "
                           f"AgentHN reads version {FORMAT_VERSION}")
    listed, present = set(manifest.get("files") or {}), set(zf.namelist()) - {MANIFEST}
    for problem, names in (("is not listed in the manifest", present - listed),
                           ("is listed in the manifest but missing", listed - present),
                           ("is not a file an export holds", {n for n in listed if not _MEMBER.match(n)})):
        if names:
            raise ArchiveError(f"archive file {sorted(names)[0]} {problem}")
    return manifest


def check_model(made_for: dict, target: dict, force: bool = False) -> list[str]:
    """ModelMismatchError unless the archive's base model is the target's (or `force`); the warnings."""
    if made_for.get("base_model") != target.get("base_model"):
        message = (f"the archive was made for base model {made_for.get('base_model')!r} (model "
                   f"{made_for.get('name')!r}), but this data directory is for base model "
                   f"{target.get('base_model')!r} (model {target.get('name')!r})")
        if not force:
            raise ModelMismatchError(message + "; --force imports the text and leaves the adapters out "
                                               "(profile and memory rebuild theirs, skills and notes must "
                                               "be internalized again)")
        return [message + ": adapters left out"]
    if made_for.get("hypernet_id") != target.get("hypernet_id"):
        return [f"the adapters were made by hypernetwork {made_for.get('hypernet_id')!r}, the model uses "
                f"{target.get('hypernet_id')!r}: profile and memory adapters are rebuilt on use, skills and "
                "notes adapters are used as they are until their text is internalized again"]
    return []


def restore(archive: Archive, store: Store, files: AdapterFiles, name: str | None = None,
            adapters: bool = True) -> tuple[User, str, dict]:
    """The archive's user as a new user of `store` (named `name`, default the archived name): the user,
    a new API key (shown once) and the counts restored. `adapters=False` leaves the adapters out and
    marks memory segments pending, so they are internalized again at the next start."""
    name = name or json.loads(archive.read("user.json"))["name"]
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with store._write() as c:
        if c.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise DuplicateUserError(f"a user named {name!r} already exists in {store.path}; import under "
                                     "another name (--as NAME) or delete that user first")
        created = json.loads(archive.read("user.json")).get("created_at") or time.time()
        uid = store._insert(c, "users", name=name, key_hash=hash_key(key), is_admin=0, created_at=created)
        store._add_key(c, uid, key, "import")  # authentication reads api_keys only
        folder = files.root / str(uid)
        shutil.rmtree(folder, ignore_errors=True)
        try:
            counts = _restore_rows(archive, c, uid, files, adapters)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    return User(uid, name, False, created), key, counts


def _restore_rows(archive: Archive, c: sqlite3.Connection, uid: int, files: AdapterFiles,
                  adapters: bool) -> dict:
    edit_ids = _profile(archive, c, uid)
    counts = {"profile_edits": len(edit_ids), "note_edits": _notes(archive, c, uid),
              "skills": _skills(archive, c, uid), "turns": _turns(archive, c, uid),
              "segments": _segments(archive, c, uid, files, adapters), "runs": _runs(archive, c, uid)}
    counts["adapters"] = _adapters(archive, c, uid, files, edit_ids) if adapters else 0
    return counts


def _profile(archive: Archive, c: sqlite3.Connection, uid: int) -> dict[int, int]:
    """The edit log in order; returns old edit id -> new edit id."""
    ids = {}
    for e in archive.jsonl("profile/edits.jsonl"):
        ids[e["id"]] = Store._insert(c, "profile_edits", user_id=uid, **_pick(e, PROFILE_EDIT))
    return ids


def _notes(archive: Archive, c: sqlite3.Connection, uid: int) -> int:
    """Each notebook's edit log; an item is named by its ADD edit's id, so item ids follow the new ids."""
    n = 0
    for book in archive.names("notes/", ".edits.jsonl"):
        items: dict[int, int] = {}
        for e in archive.jsonl(f"notes/{book}.edits.jsonl"):
            new = Store._insert(c, "note_edits", user_id=uid, notebook=book,
                                item_id=items.get(e["item_id"], 0), **_pick(e, NOTE_EDIT))
            if e["op"] == "ADD":
                items[e["item_id"]] = new
                c.execute("UPDATE note_edits SET item_id = id WHERE id = ?", (new,))
            n += 1
    return n


def _skills(archive: Archive, c: sqlite3.Connection, uid: int) -> int:
    names = archive.names("skills/", ".txt")
    for name in names:
        c.execute("INSERT INTO skill_documents VALUES (?, ?, ?, ?)",
                  (uid, name, archive.read(f"skills/{name}.txt").decode("utf-8"), time.time()))
    return len(names)


def _turns(archive: Archive, c: sqlite3.Connection, uid: int) -> int:
    rows = archive.jsonl("conversations/turns.jsonl")
    for t in rows:
        Store._insert(c, "turns", user_id=uid, **_pick(t, TURN), recalled=int(bool(t.get("recalled", False))))
    return len(rows)


def _segments(archive: Archive, c: sqlite3.Connection, uid: int, files: AdapterFiles, adapters: bool) -> int:
    rows = archive.jsonl("conversations/segments.jsonl")
    for s in rows:
        name, s = s.get("adapter"), _pick(s, SEGMENT)
        if adapters and name:
            s["adapter_path"] = files.relpath(uid, "segment", name)
        else:  # pending: start-up recovery internalizes it again with this model
            s.update(status="pending", checksum=None, done_at=None)
        Store._insert(c, "segments", user_id=uid, **s)
    return len(rows)


def _runs(archive: Archive, c: sqlite3.Connection, uid: int) -> int:
    rows = archive.jsonl("runs/runs.jsonl")
    for r in rows:
        run_id = uuid.uuid4().hex  # run ids are global: the archived one may exist here already
        Store._insert(c, "runs", run_id=run_id, user_id=uid, **_pick(r, RUN))
        c.executemany("INSERT INTO run_events VALUES (?, ?, ?, ?, ?)",
                      [(run_id, uid, e["seq"], json.dumps(e["event"]), e["created_at"]) for e in r["events"]])
    return len(rows)


def _adapters(archive: Archive, c: sqlite3.Connection, uid: int, files: AdapterFiles,
              edit_ids: dict[int, int]) -> int:
    rows = archive.jsonl("adapters/index.jsonl")
    for a in rows:
        a = _pick(a, ADAPTER)
        blob = archive.read(f"adapters/{a['kind']}/{a['name']}.safetensors")
        if a["kind"] == "profile":
            blob = _renumber_revision(blob, edit_ids)
        rel = files.relpath(uid, a["kind"], a["name"])
        digest = atomic_write_bytes(files.root / rel, blob)
        Store._insert(c, "adapters", user_id=uid, path=rel, sha256=digest, size_bytes=len(blob), **a)
    return len(rows)


def _renumber_revision(blob: bytes, edit_ids: dict[int, int]) -> bytes:
    """The profile adapter with its `revision` (the last edit id it reflects) in the new ids, so the
    restored profile counts the same edits as pending. Only the safetensors JSON header changes; the
    tensors' offsets are relative to the header's end, so they stay valid."""
    n = int.from_bytes(blob[:8], "little")
    header = json.loads(blob[8:8 + n])
    with contextlib.suppress(KeyError, ValueError, TypeError):
        meta = json.loads(header["__metadata__"]["meta"])
        if meta.get("revision") in edit_ids:
            meta["revision"] = edit_ids[meta["revision"]]
            header["__metadata__"]["meta"] = json.dumps(meta)
            raw = json.dumps(header, separators=(",", ":")).encode()
            raw += b" " * (-len(raw) % 8)  # safetensors pads its header to 8 bytes
            return len(raw).to_bytes(8, "little") + raw + blob[8 + n:]
    return blob


def _pick(row: dict, columns: tuple[str, ...]) -> dict:
    missing = [k for k in columns if k not in row]
    if missing:
        raise ArchiveError(f"an archived record lacks {missing}: {json.dumps(row)[:200]}")
    return {k: row[k] for k in columns}
