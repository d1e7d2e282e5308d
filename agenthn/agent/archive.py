"""Export and import of one user's data, over the store's archive (agenthn/store/archive.py) with the
parts that need the model layer: the model's identity and each adapter as a PEFT LoRA folder.

    manifest = export_user(store, files, user_id, "alice.zip", model_identity(model))
    report = import_user("alice.zip", store, files, model_identity("tiny"), name=None, force=False)

A memory segment is stored without the hypernetwork's document-independent block (kept once per
conversation), so its PEFT folder is the segment composed with that block: the adapter it is used
as. The block itself gets no folder of its own; every other adapter's folder is the adapter as stored
(a profile or notebook adapter holds all its entries; a chat picks some of them per turn).
"""

from __future__ import annotations

import json
from pathlib import Path

from agenthn.agent.memory import SEGMENT_KIND
from agenthn.model.adapter import Adapter, compose
from agenthn.model.peft_io import to_peft
from agenthn.store import AdapterFiles, AdapterRecord, Store
from agenthn.store.archive import read_user, write_archive
from agenthn.store.restore import check_model, open_archive, restore

STATIC_SUFFIX = "-static"  # memory's name for a conversation's shared block (agent/memory.py)


def model_identity(model) -> dict:
    """What adapters are checked against: the base model id and the hypernetwork id, plus a name. From
    a loaded D2LModel, or from a model name or directory without loading any weights."""
    if hasattr(model, "hypernet_id"):
        return {"name": model.name, "base_model": model.base_model_id, "hypernet_id": model.hypernet_id}
    from agenthn.engine.loading import resolve_dir
    from agenthn.model.config import ModelConfig

    folder = resolve_dir(model)
    config = ModelConfig.from_dict(json.loads((folder / "config.json").read_text()))
    return {"name": Path(folder).name, "base_model": config.base_model_id, "hypernet_id": config.hypernet_id}


def export_user(store: Store, files: AdapterFiles, user_id: int, out: str | Path, identity: dict) -> dict:
    """Write the user's archive at `out`; returns its manifest."""
    return write_archive(read_user(store, user_id), files, out, identity, peft=PeftFolders(files, identity))


class PeftFolders:
    """The `peft` callback of `write_archive`: one PEFT LoRA folder per adapter."""

    def __init__(self, files: AdapterFiles, identity: dict):
        self.files, self.base_name = files, identity.get("base_model") or None

    def __call__(self, record: AdapterRecord, path: Path, folder: Path) -> None:
        adapter = Adapter.load(path)
        if record.kind == SEGMENT_KIND:
            if record.name.endswith(STATIC_SUFFIX):
                return  # shared by the conversation's segments, written into each of theirs
            static = self._static(record)
            adapter = compose([adapter, static]) if static is not None else adapter
        to_peft(adapter, folder, self.base_name)

    def _static(self, record: AdapterRecord) -> Adapter | None:
        name = record.name.rsplit("-s", 1)[0] + STATIC_SUFFIX
        static = self.files.store.find_adapter(record.user_id, SEGMENT_KIND, name)
        return Adapter.load(self.files.verify(static)) if static is not None else None


def import_user(archive_path: str | Path, store: Store, files: AdapterFiles, identity: dict,
                name: str | None = None, force: bool = False) -> dict:
    """Restore an archive as a new user (see agenthn/store/restore.py); returns a report with the new
    user's API key, which is shown this once."""
    with open_archive(archive_path) as archive:
        warnings = check_model(archive.manifest.get("model") or {}, identity, force)
        keep = archive.manifest.get("model", {}).get("base_model") == identity.get("base_model")
        user, key, counts = restore(archive, store, files, name, adapters=keep)
    return {"user": user.name, "user_id": user.id, "api_key": key, "restored": counts, "warnings": warnings,
            "archived_counts": archive.manifest.get("counts", {})}
