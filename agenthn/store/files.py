"""Adapter files on disk: atomic writes, checksums, and a per-user layout verified on every read.

A file is written to a temporary name in the destination folder, fsynced, renamed over the final name
(`os.replace` is atomic within one filesystem) and the folder is fsynced so the rename itself survives a
crash. A reader therefore sees either the old complete file or the new complete file, never a torn one.

The checksum recorded in the store is the truth. If the process dies between the rename and the store
update, the file is complete but its row still names the previous checksum, and reading it raises
CorruptAdapterError: the safe answer, since the caller can rebuild any adapter from its persisted source
text (segment text, profile edit log, notes), whereas silently using an unrecorded file could not be
audited.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from agenthn.errors import AgentHNError, CorruptAdapterError, NotFoundError
from agenthn.store.db import Store
from agenthn.store.records import AdapterRecord

log = logging.getLogger(__name__)

T = TypeVar("T")
SUFFIX = ".safetensors"
# Kinds and names become path components, so only plain names are accepted (no separators, no "..").
_KIND = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _makedirs_durable(path: Path) -> None:
    """mkdir -p, fsyncing each new folder's parent so the new entry is on disk before files go in it."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True)
        _fsync_dir(folder.parent)


def atomic_write(path: str | Path, writer: Callable[[Path], None]) -> str:
    """Have `writer(tmp_path)` write the content, then publish it at `path` atomically; returns its sha256."""
    path = Path(path)
    _makedirs_durable(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer(tmp)
        # The writer may have replaced the file by name, so fsync through a fresh descriptor.
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        digest = sha256_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)
    return digest


def atomic_write_bytes(path: str | Path, data: bytes) -> str:
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


class AdapterFiles:
    """Adapter files under `root/<user_id>/<kind>/<name>.safetensors`, their metadata in `store`."""

    def __init__(self, root: str | Path, store: Store):
        self.root = Path(root).resolve()
        self.store = store
        self.root.mkdir(parents=True, exist_ok=True)

    def relpath(self, user_id: int, kind: str, name: str) -> str:
        if not _KIND.match(kind):
            raise AgentHNError(f"bad adapter kind {kind!r}")
        if not _NAME.match(name):
            raise AgentHNError(f"bad adapter name {name!r}: letters, digits, '.', '_' and '-' only")
        return f"{int(user_id)}/{kind}/{name}{SUFFIX}"

    def path_for(self, user_id: int, kind: str, name: str) -> Path:
        return self.root / self.relpath(user_id, kind, name)

    def write(self, user_id: int, kind: str, name: str, writer: Callable[[Path], None], *,
              base_model: str = "", hypernet_id: str = "") -> AdapterRecord:
        """Write through `writer(tmp_path)` (e.g. `adapter.save`), publish atomically, record the checksum."""
        self.store.get_user(user_id)  # no files for a user that does not exist
        rel = self.relpath(user_id, kind, name)
        path = self.root / rel
        digest = atomic_write(path, writer)
        record = self.store.record_adapter(user_id, kind, name, rel, digest, path.stat().st_size,
                                           base_model=base_model, hypernet_id=hypernet_id)
        log.info("adapter written: %s (%d bytes, sha256 %s)", path, record.size_bytes, digest[:12])
        return record

    def verify(self, record: AdapterRecord) -> Path:
        """The file's path once its size and sha256 match the record; CorruptAdapterError otherwise."""
        path = (self.root / record.path).resolve()
        if not path.is_relative_to(self.root / str(record.user_id)):
            raise CorruptAdapterError(f"adapter record {record.id} points outside its user's folder: "
                                      f"{record.path}")
        if not path.is_file():
            raise CorruptAdapterError(f"adapter file {path} is missing")
        size = path.stat().st_size
        if size != record.size_bytes:
            raise CorruptAdapterError(f"adapter file {path} is truncated or altered: "
                                      f"{size} bytes, expected {record.size_bytes}")
        if sha256_file(path) != record.sha256:
            raise CorruptAdapterError(f"adapter file {path} fails its checksum")
        return path

    def read(self, user_id: int, kind: str, name: str, loader: Callable[[Path], T]) -> T:
        """`loader(path)` (e.g. `Adapter.load`) on the verified file of this user's (kind, name)."""
        record = self.store.find_adapter(user_id, kind, name)
        if record is None:
            raise NotFoundError(f"adapter {kind}/{name} not found")
        return loader(self.verify(record))

    def read_record(self, user_id: int, adapter_id: int, loader: Callable[[Path], T]) -> T:
        return loader(self.verify(self.store.get_adapter(user_id, adapter_id)))

    def delete(self, user_id: int, adapter_id: int) -> None:
        """Forget the record, then the file: a crash in between leaves an orphan file, not a dangling row."""
        record = self.store.delete_adapter(user_id, adapter_id)
        with contextlib.suppress(FileNotFoundError):
            (self.root / record.path).unlink()

    # ---- forgetting (store/forget.py journals what a committed deletion still has to unlink) ----------
    def purge(self, deletion_id: int, paths: list[str]) -> int:
        """Unlink a committed deletion's files (a user's folder, whole) and the temporary files a killed
        write may have left beside them, then drop its journal row; returns how many entries went."""
        removed = 0
        for rel in paths:
            path = (self.root / rel).resolve()
            if not path.is_relative_to(self.root) or path == self.root:
                log.error("deletion %d names %r, outside the adapter folder: skipped", deletion_id, rel)
                continue
            if path.is_dir():
                shutil.rmtree(path)
                removed += 1
                continue
            for p in [path, *path.parent.glob(f".{path.name}.*.tmp")]:
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
                    removed += 1
        for rel in {str(Path(r).parent) for r in paths if "/" in r}:
            _fsync_dir_if_exists(self.root / rel)
        _fsync_dir(self.root)
        self.store.finish_deletion(deletion_id)
        return removed

    def purge_pending(self) -> int:
        """Finish every deletion a crash interrupted after its commit (start-up repair)."""
        pending = self.store.pending_deletions()
        for deletion_id, paths in pending:
            self.purge(deletion_id, paths)
        return len(pending)


def _fsync_dir_if_exists(path: Path) -> None:
    if path.is_dir():
        _fsync_dir(path)
