"""Crash safety of forgetting: an acknowledged deletion is complete after SIGKILL and restart; one that was
interrupted before its acknowledgement either completed or left everything as it was.

`agenthn serve` runs as a child process (a random tiny model: plumbing, not quality). A client deletes
conversations and single turns one after another while the server gets SIGKILL. After a restart on the
same data directory each conversation is either entirely gone (rows, adapter records, files) or entirely
intact (every turn, every adapter verifying), acknowledged ones gone; a forgotten turn's segments are
rebuilt, nothing is pending, the journal is empty. The state between a deletion's commit and its file
unlinking, and a transaction that fails halfway, are also set up exactly and checked.
"""

import json
import threading
import time

import httpx
import pytest

from agenthn.agent.memory import conversation_adapters
from agenthn.model.adapter import Adapter
from agenthn.server.launch import ServerProcess
from agenthn.store import AdapterFiles, Store

ADMIN = "forget-crash-admin"
ENV = {"AGENTHN_ADMIN_KEY": ADMIN, "AGENTHN_MEMORY_SEGMENT_TURNS": "2"}
CONVERSATIONS = [f"c{i}" for i in range(6)]


@pytest.fixture
def model_dir(random_dirs):
    return str(random_dirs["llama-test"])


def _auth(key):
    return {"Authorization": f"Bearer {key}"}


def _chat(url, key, cid, text):
    body = {"message": text, "conversation_id": cid, "max_tokens": 2}
    with httpx.stream("POST", url + "/api/chat", json=body, headers=_auth(key), timeout=60) as r:
        r.raise_for_status()
        "".join(r.iter_text())


def _fill(url) -> str:
    key = httpx.post(url + "/admin/users", json={"name": "crash"}, headers=_auth(ADMIN)).json()["api_key"]
    for cid in CONVERSATIONS + ["turns"]:
        for i in range(3):
            _chat(url, key, cid, f"{cid} says fact {i}")
    return key


def _state(data, uid: int) -> dict:
    """Per conversation: its turns and its adapters, each checked against its file."""
    store = Store(data / "agenthn.sqlite")
    try:
        files = AdapterFiles(data / "adapters", store)
        names = [r.name for r in store.list_adapters(uid, "segment")]
        out = {}
        for cid in CONVERSATIONS + ["turns"]:
            mine = conversation_adapters(names, cid)
            for n in mine:
                Adapter.load(files.verify(store.find_adapter(uid, "segment", n)))
            disk = sorted(p.name for p in (data / "adapters" / str(uid) / "segment").glob(f"{cid}-s*"))
            out[cid] = {"turns": [t.content for t in store.list_turns(uid, cid)], "adapters": sorted(mine),
                        "files": disk, "pending": len(store.list_segments(uid, cid, status="pending"))}
        out["journal"] = store.pending_deletions()
        out["integrity"] = store.integrity_check()
        return out
    finally:
        store.close()


class Deleter(threading.Thread):
    """Deletes conversations and turns one by one until the server dies; keeps what was acknowledged."""

    def __init__(self, url, key):
        super().__init__(daemon=True)
        self.url, self.key, self.acked, self.turns_acked = url, key, [], []

    def run(self):
        try:
            for i, cid in enumerate(CONVERSATIONS):
                r = httpx.delete(f"{self.url}/api/conversations/{cid}", headers=_auth(self.key), timeout=30)
                if r.status_code == 200:
                    self.acked.append(cid)
                if i < 3:
                    r = httpx.delete(f"{self.url}/api/conversations/turns/turns/{i}", headers=_auth(self.key),
                                     timeout=30)
                    if r.status_code == 200:
                        self.turns_acked.append(i)
        except (httpx.HTTPError, OSError):
            pass  # the kill


def test_sigkill_during_deletions_leaves_each_complete_or_intact(model_dir, tmp_path):
    data = tmp_path / "data"
    args = ["--model", model_dir, "--data-dir", str(data), "--threads", "1"]
    srv = ServerProcess(args, env=ENV, log_path=tmp_path / "server1.log").start()
    try:
        key = _fill(srv.url)
        uid = httpx.get(srv.url + "/api/me", headers=_auth(key)).json()["id"]
        before = _state(data, uid)
        deleter = Deleter(srv.url, key)
        deleter.start()
        deadline = time.monotonic() + 30
        while len(deleter.acked) < 2 and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(0.01)  # into the next deletion
    finally:
        srv.kill()
    deleter.join(timeout=30)
    print(f"acknowledged before the kill: conversations {deleter.acked}, turns {deleter.turns_acked}")
    assert len(deleter.acked) >= 2 and len(deleter.acked) < len(CONVERSATIONS)

    srv2 = ServerProcess(args, env=ENV, log_path=tmp_path / "server2.log", port=srv.port).start()
    try:
        assert httpx.get(srv2.url + "/api/me", headers=_auth(key)).status_code == 200
        conv = httpx.get(srv2.url + "/api/conversations/turns", headers=_auth(key)).json()
    finally:
        srv2.stop()
    after = _state(data, uid)
    assert after["journal"] == [] and after["integrity"] == "ok"
    for cid in CONVERSATIONS:
        gone = {"turns": [], "adapters": [], "files": [], "pending": 0}
        if cid in deleter.acked:
            assert after[cid] == gone, cid
        else:
            assert after[cid] in (gone, before[cid]), (cid, after[cid], before[cid])
    # Forgotten turns: gone from the log and from every segment, the rest rebuilt and done.
    told = [t["content"] for t in conv["turns"]]
    for i in deleter.turns_acked:
        assert f"turns says fact {i}" not in told
    assert all(s["status"] == "done" for s in conv["segments"])
    assert not any(f"turns says fact {i}" in s["text"] for s in conv["segments"] for i in deleter.turns_acked)


def test_deletion_committed_but_not_unlinked_is_finished_at_start(model_dir, tmp_path):
    """The exact state a kill between a deletion's commit and its unlinking leaves: the store's
    transaction is done (and journaled), the files are still there. The next start finishes it."""
    data = tmp_path / "data"
    args = ["--model", model_dir, "--data-dir", str(data), "--threads", "1"]
    with ServerProcess(args, env=ENV, log_path=tmp_path / "server1.log") as srv:
        key = _fill(srv.url)
        uid = httpx.get(srv.url + "/api/me", headers=_auth(key)).json()["id"]
    store = Store(data / "agenthn.sqlite")
    names = conversation_adapters([r.name for r in store.list_adapters(uid, "segment")], "c0")
    fp = store.forget_conversation(uid, "c0", [("segment", n) for n in names])
    journal = store.pending_deletions()
    store.close()
    assert journal == [(fp.deletion_id, fp.paths)] and fp.paths
    assert all((data / "adapters" / p).exists() for p in fp.paths)  # committed, not yet unlinked

    with ServerProcess(args, env=ENV, log_path=tmp_path / "server2.log", port=srv.port) as srv2:
        r = httpx.get(srv2.url + "/api/conversations/c0", headers=_auth(key))
        assert r.status_code == 404
    assert not any((data / "adapters" / p).exists() for p in fp.paths)
    after = _state(data, uid)
    assert after["journal"] == [] and after["c0"]["files"] == [] and after["c1"]["turns"]
    assert "finished 1 deletion" in (tmp_path / "server2.log").read_text()


def test_a_deletion_that_fails_inside_its_transaction_changes_nothing(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    user, _ = store.create_user("u")
    for i in range(4):
        store.append_turn(user.id, "c", "user", f"turn {i}")
    seg = store.add_segment(user.id, "c", 0, 1, "User: turn 0\nUser: turn 1")
    store.complete_segment(user.id, seg.id, f"{user.id}/segment/c-s0.safetensors", "x" * 64)
    store.record_adapter(user.id, "segment", "c-s0", f"{user.id}/segment/c-s0.safetensors", "x" * 64, 1)
    dump = lambda: json.dumps([list(r) for r in store._conn().iterdump()])  # noqa: E731

    def replan(turns):
        raise OSError("killed while planning")  # a failure after the deletes, before the commit

    before = dump()
    with pytest.raises(OSError):
        store.forget_turn(user.id, "c", 1, replan)
    assert dump() == before and store.pending_deletions() == []
    store.close()
