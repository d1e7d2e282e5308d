"""Crash and restart: a server killed with SIGKILL mid-request loses nothing it acknowledged.

`agenthn serve` runs as a child process. A client thread keeps sending chat turns (memory on, so
segment adapters are being written), profile edits and skills documents, and records what the server
acknowledged (a finished run, a 200). While requests are in flight the server gets SIGKILL. A new server
on the same data directory must then hold every acknowledged turn and edit, pass SQLite's integrity
check, have no pending memory segment, and every adapter record must match a loadable file.
"""

import json
import threading
import time

import httpx
import pytest

from agenthn.model.adapter import Adapter
from agenthn.server.launch import ServerProcess
from agenthn.store import AdapterFiles, Store

ADMIN = "crash-admin-key"
ENV = {"AGENTHN_ADMIN_KEY": ADMIN, "AGENTHN_MEMORY_SEGMENT_TURNS": "2"}


def _run(url, key, path, body, on_event=None) -> list[dict]:
    events = []
    with httpx.stream("POST", url + path, json=body, headers={"Authorization": f"Bearer {key}"},
                      timeout=30) as r:
        r.raise_for_status()
        for line in r.iter_lines():
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
                if on_event:
                    on_event(events[-1])
    return events


class Client(threading.Thread):
    """Sends a mix of writes until the server dies; keeps what was acknowledged."""

    def __init__(self, url: str, key: str):
        super().__init__(daemon=True)
        self.url, self.key = url, key
        self.turns: list[str] = []      # user messages whose run finished ("done")
        self.edits: list[str] = []      # profile values acknowledged with 200
        self.skills: list[str] = []
        self.failed: Exception | None = None
        self.sent = 0
        self.armed = threading.Event()      # set by the test: signal the next token that streams
        self.streaming = threading.Event()  # a chat is mid-generation: the moment to kill

    def run(self):
        try:
            for i in range(10_000):
                self.sent += 1
                self.step(i)
        except (httpx.HTTPError, OSError) as e:  # the kill: the request in flight fails
            self.failed = e

    def on_event(self, event: dict):
        if event["type"] == "token" and self.armed.is_set():
            self.streaming.set()
            time.sleep(1)  # hold the request open: the kill lands while it is in flight

    def step(self, i: int):
        if i % 3 == 0:
            text = f"turn number {i} says hello"
            evs = _run(self.url, self.key, "/api/chat", {"message": text, "conversation_id": "crash",
                                                         "max_tokens": 24}, self.on_event)
            if evs and evs[-1] == {**evs[-1], "type": "run_finished", "status": "done"}:
                self.turns.append(text)
        elif i % 3 == 1:
            op = "ADD" if not self.edits else "UPDATE"
            r = httpx.post(self.url + "/api/profile/edits",
                           json={"op": op, "key": "lucky number", "value": str(i)},
                           headers={"Authorization": f"Bearer {self.key}"}, timeout=30)
            if r.status_code == 200 and any(e["type"] == "profile_edit_applied" for e in r.json()["events"]):
                self.edits.append(str(i))
        else:
            evs = _run(self.url, self.key, "/api/skills",
                       {"name": f"s{i % 2}", "document": f"Rule {i}: add {i}."})
            if any(e["type"] == "skill_internalized" for e in evs):
                self.skills.append(f"s{i % 2}")


@pytest.fixture
def model_dir(random_dirs):
    return str(random_dirs["llama-test"])


def test_sigkill_mid_request_loses_nothing_acknowledged(model_dir, tmp_path):
    data = tmp_path / "data"
    args = ["--model", model_dir, "--data-dir", str(data), "--threads", "1"]
    srv = ServerProcess(args, env=ENV, log_path=tmp_path / "server1.log").start()
    try:
        r = httpx.post(srv.url + "/admin/users", json={"name": "crash"},
                       headers={"Authorization": f"Bearer {ADMIN}"})
        key = r.json()["api_key"]
        client = Client(srv.url, key)
        client.start()
        deadline = time.monotonic() + 30
        while len(client.turns) < 4 and time.monotonic() < deadline:  # some segments have been written
            time.sleep(0.05)
        client.armed.set()
        assert client.streaming.wait(30)
    finally:
        srv.kill()
    client.join(timeout=30)
    # mid-stream
    assert isinstance(client.failed, (httpx.ReadError, httpx.RemoteProtocolError)), client.failed
    print(f"acknowledged before the kill: {len(client.turns)} turns, {len(client.edits)} edits, "
          f"{len(client.skills)} skills; in flight: {client.failed!r}")
    assert len(client.turns) >= 4 and client.edits and client.skills

    srv2 = ServerProcess(args, env=ENV, log_path=tmp_path / "server2.log", port=srv.port).start()
    try:
        auth = {"Authorization": f"Bearer {key}"}
        turns = httpx.get(srv2.url + "/api/conversations/crash", headers=auth).json()["turns"]
        logged = [t["content"] for t in turns if t["role"] == "user"]
        missing = [t for t in client.turns if t not in logged]
        assert not missing, f"acknowledged turns lost: {missing}"
        profile = httpx.get(srv2.url + "/api/profile", headers=auth).json()
        history = [e["new_value"] for e in profile["history"]]
        assert [v for v in client.edits if v not in history] == []
        skills = {s["name"] for s in httpx.get(srv2.url + "/api/skills", headers=auth).json()}
        assert set(client.skills) <= skills
        # The restarted server still works on the recovered state.
        evs = _run(srv2.url, key, "/api/chat", {"message": "after the crash", "conversation_id": "crash",
                                                "max_tokens": 4})
        assert evs[-1]["status"] == "done"
    finally:
        srv2.stop()
    _check_store(data)


def _check_store(data):
    store = Store(data / "agenthn.sqlite")
    try:
        assert store.integrity_check() == "ok"
        assert store.all_pending_segments() == []
        files = AdapterFiles(data / "adapters", store)
        records = [r for u in store.list_users() for r in store.list_adapters(u.id)]
        assert {r.kind for r in records} >= {"segment", "profile", "skills"}
        for record in records:
            Adapter.load(files.verify(record))  # checksum against the record, then the file's own header
    finally:
        store.close()
