"""Start-up repair after a crash: every adapter record must match its file, and no segment stays pending.

A write publishes the adapter file (atomic rename) and then records its checksum in SQLite. A SIGKILL
between the two leaves a complete, newer file whose record still names the old checksum; a kill before
the rename leaves the old file and record intact (nothing to do). So for each record that fails
verification, at start-up, before serving:

- profile: rebuilt from the profile edit log (the log is the truth, the adapter a cache of it);
- any other kind whose file is a complete adapter (its own header checksum verifies): the record is
  updated to the file - it is the newest complete write for that (kind, name), and the request that
  wrote it was never acknowledged, so keeping it loses nothing and invents nothing;
- anything else: the record is dropped (a segment adapter is then rebuilt from its stored text on the
  next read; the others are rebuilt by their feature's next run) and the loss is logged.

Before that, deletions that committed but did not unlink all their files are finished (the forget
journal, store/forget.py). Then memory segments left 'pending' are internalized
(RuntimeRegistry.recover), and runs left 'running' (their process died before run_finished) are
marked 'interrupted' (Store.interrupt_runs), and
Idempotency-Keys whose request died with them are released, so a retry does the work (idempotency.py).
"""

from __future__ import annotations

import logging

from agenthn.errors import AgentHNError, CorruptAdapterError
from agenthn.store import sha256_file

log = logging.getLogger(__name__)


def repair(store, files, runtimes) -> dict[str, int]:
    """Make every adapter record verify; returns counts of what was done (all zero after a clean stop)."""
    counts = {"checked": 0, "rebuilt": 0, "rerecorded": 0, "dropped": 0, "segments_recovered": 0,
              "runs_interrupted": 0, "idempotency_keys_released": 0, "deletions_finished": 0}
    # First: a deletion that committed before the kill still has files to unlink (store/forget.py).
    counts["deletions_finished"] = files.purge_pending()
    if counts["deletions_finished"]:
        store.checkpoint()
        log.warning("finished %d deletion(s) a crash interrupted after their commit",
                    counts["deletions_finished"])
    for user in store.list_users():
        for record in store.list_adapters(user.id):
            counts["checked"] += 1
            try:
                files.verify(record)
            except CorruptAdapterError as e:
                log.warning("adapter %s/%s of user %d fails verification (%s)", record.kind, record.name,
                            user.id, e)
                counts[_fix(store, files, runtimes, record)] += 1
    counts["segments_recovered"] = runtimes.recover()
    counts["idempotency_keys_released"] = store.release_running_idempotency_keys()
    interrupted = store.interrupt_runs()
    counts["runs_interrupted"] = len(interrupted)
    if interrupted:
        log.warning("%d run(s) were cut off by the last stop and are now 'interrupted': %s", len(interrupted),
                    ", ".join(f"{r.feature} {r.run_id}" for r in interrupted))
    if counts["rebuilt"] + counts["rerecorded"] + counts["dropped"]:
        log.warning("adapter repair after an unclean stop: %s", counts)
    return counts


def _fix(store, files, runtimes, record) -> str:
    if record.kind == "profile":
        try:
            runtimes.get(record.user_id).personalizer().refresh()
            return "rebuilt"
        except AgentHNError as e:
            log.error("could not rebuild the profile adapter of user %d: %s", record.user_id, e)
    path = files.root / record.path
    if _complete(path):
        store.record_adapter(record.user_id, record.kind, record.name, record.path, sha256_file(path),
                             path.stat().st_size, base_model=record.base_model,
                             hypernet_id=record.hypernet_id)
        return "rerecorded"
    store.delete_adapter(record.user_id, record.id)
    log.error("dropped adapter record %s/%s of user %d: its file is missing or unreadable", record.kind,
              record.name, record.user_id)
    return "dropped"


def _complete(path) -> bool:
    from agenthn.model.adapter import Adapter

    try:
        Adapter.load(path)  # checks the tensors against the checksum in the file's own header
        return True
    except (CorruptAdapterError, OSError):
        return False
