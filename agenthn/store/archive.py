"""One user's data as one archive (a zip): what `GET /api/export` and `agenthn export-user` write and
`agenthn import` restores (agenthn/store/restore.py).

Layout (format `agenthn-user-export`, version 1):

    manifest.json                       format, version, user, counts, model identity, and the sha256
                                        and size of every other file
    user.json                           name and creation time (never a key or its hash)
    conversations/turns.jsonl           every turn, one JSON object a line, conversation by conversation
    conversations/segments.jsonl        memory segments: the turns they span, their text, their adapter
    profile/profile.json                the current profile (key -> value)
    profile/edits.jsonl                 the profile's edit log, undone edits included (marked)
    skills/<name>.txt                   each skills document as it was given
    notes/<notebook>.txt                each notebook's current items, one "- item" a line
    notes/<notebook>.edits.jsonl        the notebook's edit log
    runs/runs.jsonl                     recorded runs, each with its events
    adapters/index.jsonl                one line per adapter: kind, name, checksum, provenance ids
    adapters/<kind>/<name>.safetensors  every adapter as stored (lossless: what import restores)
    peft/<kind>/<name>/                 the same adapters as PEFT LoRA folders (`agenthn export` format)

The store layer knows no tensors, so the PEFT folders are written by a callback the caller passes
(agenthn/agent/archive.py). Everything is read in one SQLite read transaction: a consistent snapshot.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from agenthn.store.db import Store
from agenthn.store.files import AdapterFiles, sha256_file
from agenthn.store.records import (
    AdapterRecord,
    NoteEdit,
    ProfileEdit,
    Run,
    RunEvent,
    Segment,
    Turn,
    User,
    notes_from_edits,
    profile_state_from_edits,
)

FORMAT = "agenthn-user-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# (record, its verified native file, an empty folder to fill with adapter_config.json + weights)
PeftWriter = Callable[[AdapterRecord, Path, Path], None]


@dataclass
class UserData:
    """Everything the store holds for one user (idempotency keys aside: they are transient)."""

    user: User
    turns: list[Turn]
    segments: list[Segment]
    profile_edits: list[ProfileEdit]
    notes: dict[str, list[NoteEdit]]
    skills: dict[str, str]
    runs: list[tuple[Run, list[RunEvent]]]
    adapters: list[AdapterRecord]

    def counts(self) -> dict[str, int]:
        return {"conversations": len({t.conversation_id for t in self.turns}), "turns": len(self.turns),
                "segments": len(self.segments), "profile_edits": len(self.profile_edits),
                "profile_keys": len(profile_state_from_edits(self.profile_edits)),
                "skills": len(self.skills), "notebooks": len(self.notes),
                "note_items": sum(len(notes_from_edits(e)) for e in self.notes.values()),
                "runs": len(self.runs), "adapters": len(self.adapters)}


@contextlib.contextmanager
def _snapshot(store: Store) -> Iterator[None]:
    """One read transaction on this thread's connection: every read inside sees the same state."""
    conn = store._conn()
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")


def read_user(store: Store, user_id: int) -> UserData:
    with _snapshot(store):
        user = store.get_user(user_id)
        turns = [t for c in store.list_conversations(user_id) for t in store.list_turns(user_id, c)]
        books = [r[0] for r in store._rows("SELECT DISTINCT notebook FROM note_edits WHERE user_id = ? "
                                           "ORDER BY notebook", (user_id,))]
        runs = [(r, store.run_events(user_id, r.run_id)) for r in store.list_runs(user_id)]
        return UserData(user, turns, store.list_segments(user_id), store.profile_history(user_id),
                        {b: store.note_history(user_id, b) for b in books}, store.skill_documents(user_id),
                        runs, store.list_adapters(user_id))


def _jsonl(rows: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def _drop(d: dict, *keys: str) -> dict:
    return {k: v for k, v in d.items() if k not in keys}


def _segment_row(s: Segment) -> dict:
    # The adapter is named, not located: a path carries the user id, which import changes.
    name = Path(s.adapter_path).name.removesuffix(".safetensors") if s.adapter_path else None
    return {**_drop(asdict(s), "id", "user_id", "adapter_path"), "adapter": name}


def text_members(data: UserData) -> dict[str, bytes]:
    """Every file of the archive but the adapters and the manifest."""
    u = data.user
    out = {"user.json": json.dumps({"name": u.name, "created_at": u.created_at}).encode(),
           "conversations/turns.jsonl": _jsonl([_drop(asdict(t), "id", "user_id") for t in data.turns]),
           "conversations/segments.jsonl": _jsonl([_segment_row(s) for s in data.segments]),
           "profile/profile.json": json.dumps(profile_state_from_edits(data.profile_edits), indent=1,
                                              ensure_ascii=False).encode("utf-8"),
           "profile/edits.jsonl": _jsonl([_drop(asdict(e), "user_id") for e in data.profile_edits]),
           "runs/runs.jsonl": _jsonl([{**_drop(asdict(r), "user_id"), "events": [
               {"seq": e.seq, "event": e.event, "created_at": e.created_at} for e in ev]}
               for r, ev in data.runs]),
           "adapters/index.jsonl": _jsonl([_drop(asdict(a), "id", "user_id", "path") for a in data.adapters])}
    for name, text in data.skills.items():
        out[f"skills/{name}.txt"] = text.encode("utf-8")
    for book, edits in data.notes.items():
        items = "".join(f"- {n.text}\n" for n in notes_from_edits(edits))
        out[f"notes/{book}.txt"] = items.encode("utf-8")
        out[f"notes/{book}.edits.jsonl"] = _jsonl([_drop(asdict(e), "user_id") for e in edits])
    return out


def adapter_member(record: AdapterRecord) -> str:
    return f"adapters/{record.kind}/{record.name}.safetensors"


def write_archive(data: UserData, files: AdapterFiles, out: str | Path, identity: dict,
                  peft: PeftWriter | None = None) -> dict:
    """Write the archive at `out` (complete or not at all) and return its manifest."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp, listed = Path(tmp_name), {}
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf, tempfile.TemporaryDirectory() as scratch:
            for name, blob in text_members(data).items():
                zf.writestr(name, blob)
                listed[name] = _entry_bytes(blob)
            for record in data.adapters:
                _add_adapter(zf, files, record, Path(scratch), peft, listed)
            manifest = _manifest(data, identity, listed)
            zf.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return manifest


def _entry_bytes(blob: bytes) -> dict:
    return {"sha256": hashlib.sha256(blob).hexdigest(), "bytes": len(blob)}


def _add_adapter(zf: zipfile.ZipFile, files: AdapterFiles, record: AdapterRecord, scratch: Path,
                 peft: PeftWriter | None, listed: dict) -> None:
    """The native file (verified against its record first) and, through `peft`, its PEFT folder."""
    path = files.verify(record)
    zf.write(path, adapter_member(record), compress_type=zipfile.ZIP_STORED)
    listed[adapter_member(record)] = {"sha256": record.sha256, "bytes": record.size_bytes}
    if peft is None:
        return
    folder = scratch / record.kind / record.name
    folder.mkdir(parents=True)
    peft(record, path, folder)
    for f in sorted(folder.iterdir()):  # an empty folder: no PEFT form for this one (a static block)
        name = f"peft/{record.kind}/{record.name}/{f.name}"
        zf.write(f, name, compress_type=zipfile.ZIP_STORED)
        listed[name] = {"sha256": sha256_file(f), "bytes": f.stat().st_size}


def _manifest(data: UserData, identity: dict, listed: dict) -> dict:
    return {"format": FORMAT, "format_version": FORMAT_VERSION,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "user": {"name": data.user.name, "id": data.user.id, "created_at": data.user.created_at},
            "model": identity, "counts": data.counts(), "files": dict(sorted(listed.items()))}
