"""Forgetting over real HTTP on the shipped tiny model: what was deleted is gone from rows, files, caches,
the retrieval index and the model's answers, while everything else stays; deleted users and revoked keys
are refused, open streams included.

The tiny model recalls a profile fact from its adapter ("What is my locker code?" -> "4821"), so recall
is asserted before and after; the memory side is asserted on what is deterministic: segment texts,
adapter records and files, the retrieval index and the caches.
"""

import json
import threading
import time
from pathlib import Path

import httpx
import pytest
from server_helpers import BlockedWorker, quotes

import agenthn
from agenthn.agent.memory import SEGMENT_KIND, conversation_adapters
from agenthn.server.app import create_app
from agenthn.server.config import Limits, ServerConfig
from agenthn.server.launch import ServerThread

ADMIN = "forget-admin-key"
pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    model = agenthn.load("tiny", device="cpu")
    config = ServerConfig(model="tiny", data_dir=tmp_path_factory.mktemp("forget"), admin_key=ADMIN,
                          memory_segment_turns=2, limits=Limits(queue_size=16, per_user_concurrency=2))
    with ServerThread(create_app(config, model=model)) as srv:
        yield srv


def auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def new_user(server, name: str) -> tuple[str, int]:
    r = httpx.post(server.url + "/admin/users", json={"name": name}, headers=auth(ADMIN))
    assert r.status_code == 201, r.text
    return r.json()["api_key"], r.json()["id"]


def run(server, key, path, body) -> list[dict]:
    with httpx.stream("POST", server.url + path, json=body, headers=auth(key), timeout=60) as r:
        assert r.status_code == 200, r.read()
        text = "".join(r.iter_text())
    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]


def ask(server, key, question: str) -> str:
    """The reply in a brand-new conversation (memory cannot help there: only the profile can)."""
    evs = run(server, key, "/api/chat", {"message": question, "max_tokens": 8})
    return "".join(e["text"] for e in evs if e["type"] == "token")


def delete(server, key, path, status=200) -> dict:
    r = httpx.delete(server.url + path, headers=auth(key), timeout=60)
    assert r.status_code == status, r.text
    return r.json()


def cached(server, uid: int) -> list[tuple]:
    """The user's keys in the agent's AdapterCache (memory only)."""
    return [k for k in list(server.app.state.cache.keys()) if k[0] == uid]


def user_files(server, uid: int) -> list[Path]:
    root = server.app.state.config.adapter_dir / str(uid)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# ---- the issue's test: tell, internalize, delete, ask again ---------------------------------------------
def test_forgotten_fact_is_not_recalled_while_others_are(server):
    key, uid = new_user(server, "ann")
    state = server.app.state
    for text in ("My locker code is 4821.", "My pet name is Zorbo."):  # learned by profile and memory
        run(server, key, "/api/chat", {"message": text, "conversation_id": "told", "learn_profile": True,
                                       "max_tokens": 6})
    run(server, key, "/api/chat", {"message": "Thanks, that is all.", "conversation_id": "told",
                                   "max_tokens": 6})
    httpx.post(server.url + "/api/profile/refresh", headers=auth(key), timeout=60).raise_for_status()
    assert httpx.get(server.url + "/api/profile", headers=auth(key)).json()["profile"] == {
        "locker code": "4821", "pet name": "Zorbo"}
    assert "4821" in ask(server, key, "What is my locker code?")
    assert "Zorbo" in ask(server, key, "What is my pet name?")
    conv = httpx.get(server.url + "/api/conversations/told", headers=auth(key)).json()
    assert any("4821" in s["text"] for s in conv["segments"])  # memory holds it too

    report = delete(server, key, "/api/profile/facts/locker code")
    assert report["adapters"] == ["profile/profile"] and report["rebuilt_profile"]["entries"] == 1
    for t in [t for t in conv["turns"] if "4821" in t["content"]]:  # the turns that told it
        report = delete(server, key, f"/api/conversations/told/turns/{t['idx']}")
        assert report["rows"]["turns"] == 1

    # Not recalled in a new conversation; the other fact still is.
    assert "4821" not in ask(server, key, "What is my locker code?")
    assert "Zorbo" in ask(server, key, "What is my pet name?")
    # The edit log records the deletion and holds the value nowhere.
    profile = httpx.get(server.url + "/api/profile", headers=auth(key)).json()
    assert profile["profile"] == {"pet name": "Zorbo"}
    assert profile["history"][-1] | {"id": 0, "created_at": 0} == {
        "id": 0, "user_id": uid, "key": "locker code", "op": "REMOVE", "old_value": None, "new_value": None,
        "turn_ref": None, "actor": "forget", "created_at": 0, "undone": False, "undone_at": None}
    assert not quotes(json.dumps(profile))
    # Memory: segments rebuilt from texts without it, the index and every cache free of it.
    conv = httpx.get(server.url + "/api/conversations/told", headers=auth(key)).json()
    assert conv["segments"]
    assert all(s["status"] == "done" and "4821" not in s["text"] for s in conv["segments"])
    assert any("Zorbo" in s["text"] for s in conv["segments"])
    mem = state.runtimes.get(uid).memories().get("told")
    assert mem._index.texts and not any("4821" in t for t in mem._index.texts)
    assert mem._index.search("4821", 5) == [] and mem._index.search("Zorbo", 5)
    adapters = [state.cache.get(*k) for k in cached(server, uid)]
    lines = [e["line"] for a in adapters if a is not None for e in (a.meta.entries or [])]
    assert lines == ["pet name: Zorbo"]  # the profile adapter's only fact
    assert not any(quotes(json.dumps(a.meta.to_dict())) for a in adapters if a is not None)
    # Nothing the user can read back quotes it: runs, adapters' provenance.
    runs = httpx.get(server.url + "/api/runs", headers=auth(key)).json()
    for r in runs:
        log = httpx.get(server.url + f"/api/runs/{r['run_id']}", headers=auth(key)).text
        assert not quotes(log)
    # A forgotten fact's edits cannot be undone back into the profile.
    forget_edit = profile["history"][-1]["id"]
    r = httpx.post(server.url + f"/api/profile/edits/{forget_edit}/undo", headers=auth(key))
    assert r.status_code == 409 and r.json()["error"]["code"] == "forgotten"


def test_forget_conversation_removes_rows_files_and_caches(server):
    key, uid = new_user(server, "bo")
    state = server.app.state
    for i in range(3):
        run(server, key, "/api/chat", {"message": f"My room number is 70{i}.", "conversation_id": "gone",
                                       "max_tokens": 4})
        run(server, key, "/api/chat", {"message": f"Hello number {i}.", "conversation_id": "kept",
                                       "max_tokens": 4})
    names = [r.name for r in state.store.list_adapters(uid, SEGMENT_KIND)]
    gone = conversation_adapters(names, "gone")
    gone_files = [f for f in user_files(server, uid) if f.name.startswith("gone-s")]
    assert gone and gone_files
    kept_before = httpx.get(server.url + "/api/conversations/kept", headers=auth(key)).json()

    report = delete(server, key, "/api/conversations/gone")
    assert report["rows"]["turns"] == 6 and report["rows"]["segments"] >= 2
    assert sorted(report["adapters"]) == sorted(f"segment/{n}" for n in gone)
    assert report["caches"]["slots_scrubbed"] is True
    assert not any(f.exists() for f in gone_files)
    assert state.store.list_segments(uid, "gone") == [] and state.store.list_turns(uid, "gone") == []
    assert conversation_adapters([r.name for r in state.store.list_adapters(uid)], "gone") == []
    assert not [k for k in cached(server, uid) if k[2] in gone]
    assert state.engine.cache.stats()["host_entries"] == 0  # folded factors were dropped
    assert "gone" not in httpx.get(server.url + "/api/conversations", headers=auth(key)).json()
    runs = [httpx.get(server.url + f"/api/runs/{r['run_id']}", headers=auth(key)).text
            for r in httpx.get(server.url + "/api/runs", headers=auth(key)).json()]
    assert runs and not any('"conversation_id": "gone"' in r for r in runs)
    assert httpx.get(server.url + "/api/conversations/kept", headers=auth(key)).json() == kept_before
    err = delete(server, key, "/api/conversations/gone", 404)["error"]
    assert err["code"] == "not_found" and "'gone'" in err["message"]


def test_forget_skill_notes_and_missing_names(server):
    key, uid = new_user(server, "cy")
    run(server, key, "/api/skills", {"name": "zorbic", "document": "The zorbic of a and b is a plus 2b."})
    run(server, key, "/api/improve", {"rounds": 1, "builtin_entities": 2})
    assert httpx.get(server.url + "/api/notes", headers=auth(key)).json()["history"]
    assert delete(server, key, "/api/skills/zorbic")["adapters"] == ["skills/zorbic"]
    assert httpx.get(server.url + "/api/skills", headers=auth(key)).json() == []
    store = server.app.state.store  # the skill's text (kept for export) goes with its adapter
    assert store._rows("SELECT COUNT(*) FROM skill_documents WHERE user_id = ?", (uid,))[0][0] == 0
    before = httpx.get(server.url + "/api/notes", headers=auth(key)).json()["notes"]
    item = before[0]
    one = delete(server, key, f"/api/notes/{item['item_id']}?notebook=improve")
    assert one["forgotten"] == "note" and (one["rebuilt_notes"] or 0) == len(before) - 1
    after = httpx.get(server.url + "/api/notes", headers=auth(key)).json()
    assert [n["item_id"] for n in after["notes"]] == [n["item_id"] for n in before[1:]]
    assert item["text"] not in json.dumps(after["history"])
    assert after["history"][-1]["op"] == "DROP" and after["history"][-1]["reason"] == "forgotten"
    notes = delete(server, key, "/api/notes?notebook=improve")
    assert httpx.get(server.url + "/api/notes", headers=auth(key)).json()["history"] == []
    assert not [f for f in user_files(server, uid) if "skills" in f.parts or "notes" in f.parts]
    assert notes["forgotten"] == "notes"
    for path, named in (("/api/skills/zorbic", "'zorbic'"), ("/api/profile/facts/hobby", "'hobby'"),
                        ("/api/notes?notebook=improve", "'improve'"),
                        ("/api/conversations/nope/turns/3", "turn 3")):
        assert named in delete(server, key, path, 404)["error"]["message"]


# ---- keys ---------------------------------------------------------------------------------------------
def test_keys_issue_list_revoke_and_admin_revoke(server):
    first, uid = new_user(server, "di")
    r = httpx.post(server.url + "/api/me/keys", json={"label": "laptop"}, headers=auth(first))
    assert r.status_code == 201
    second = r.json()["api_key"]
    assert httpx.get(server.url + "/api/me", headers=auth(second)).json()["id"] == uid
    keys = httpx.get(server.url + "/api/me/keys", headers=auth(second)).json()
    assert [k["label"] for k in keys] == ["first key", "laptop"] and keys[1]["hint"] == second[-4:]
    assert not any(second in json.dumps(k) or first in json.dumps(k) for k in keys)
    assert delete(server, first, f"/api/me/keys/{keys[0]['id']}", 409)["error"]["code"] == "own_key"
    revoked = delete(server, second, f"/api/me/keys/{keys[0]['id']}")
    assert revoked["revoked_at"] is not None
    assert httpx.get(server.url + "/api/me", headers=auth(first)).status_code == 401  # at once
    third = httpx.post(server.url + "/api/me/keys", headers=auth(second)).json()
    delete(server, second, f"/admin/users/{uid}/keys/{third['id']}", 403)  # not an admin
    delete(server, ADMIN, f"/admin/users/{uid}/keys/{third['id']}")
    assert httpx.get(server.url + "/api/me", headers=auth(third["api_key"])).status_code == 401
    assert httpx.get(server.url + "/api/me", headers=auth(second)).status_code == 200
    err = delete(server, ADMIN, f"/admin/users/{uid}/keys/{keys[1]['id']}", 409)["error"]
    assert err["code"] == "last_key"  # nobody is left without a key
    other, _ = new_user(server, "di2")
    delete(server, other, f"/api/me/keys/{keys[1]['id']}", 404)  # another user's key: not found


@pytest.mark.parametrize("path, body", [
    ("/api/chat", {"message": "Tell me a long story.", "max_tokens": 64}),
    ("/v1/chat/completions", {"model": "default", "stream": True, "max_tokens": 64,
                              "messages": [{"role": "user", "content": "Tell me a long story."}]}),
])
def test_revoking_a_key_ends_its_open_stream(server, path, body):
    key, uid = new_user(server, f"ed{len(path)}")
    spare = httpx.post(server.url + "/api/me/keys", headers=auth(key)).json()
    key_id = httpx.get(server.url + "/api/me/keys", headers=auth(key)).json()[0]["id"]
    lines, ended = [], threading.Event()

    def listen():
        with httpx.stream("POST", server.url + path, json=body, headers=auth(key), timeout=30) as r:
            lines.extend(line for line in r.iter_lines() if line.startswith("data: "))
        ended.set()

    with BlockedWorker(server):
        t = threading.Thread(target=listen, daemon=True)
        t.start()
        time.sleep(0.5)  # the stream is open, its job queued
        assert not ended.is_set()
        t0 = time.monotonic()
        delete(server, spare["api_key"], f"/api/me/keys/{key_id}")
        assert ended.wait(5), "the stream outlived its key"
        elapsed = time.monotonic() - t0
    frames = [json.loads(line[6:]) for line in lines if line != "data: [DONE]"]
    codes = [f.get("code") or (f.get("error") or {}).get("code") for f in frames]
    assert "key_revoked" in codes, frames
    assert not any(f.get("type") == "token" for f in frames)
    print(f"stream ended {elapsed:.2f} s after its key was revoked")
    assert elapsed < 2.0


# ---- users ----------------------------------------------------------------------------------------------
SECRET = "Quaxmire"


def _fill_user(server, key):
    for cid in ("one", "two"):
        for i in range(3):
            run(server, key, "/api/chat", {"message": f"My street is {SECRET} Lane {i}.",
                                           "conversation_id": cid, "learn_profile": True, "max_tokens": 4})
    httpx.post(server.url + "/api/profile/edits", json={"op": "ADD", "key": "hobby", "value": SECRET},
               headers=auth(key)).raise_for_status()
    httpx.post(server.url + "/api/profile/refresh", headers=auth(key), timeout=60).raise_for_status()
    run(server, key, "/api/skills", {"name": "quax", "document": f"The {SECRET} rule: add three."})
    return httpx.post(server.url + "/api/me/keys", headers=auth(key)).json()["api_key"]


def _leftovers(server, uid: int) -> dict:
    """Every row with this user's id, every file under their folder, every cache entry of theirs, and
    whether the secret is anywhere in the data directory's bytes."""
    state = server.app.state
    store = state.store
    tables = [r[0] for r in store._rows("SELECT name FROM sqlite_master WHERE type = 'table'")]
    rows = {}
    for t in tables:
        cols = [c[1] for c in store._rows(f"PRAGMA table_info({t})")]
        col = "user_id" if "user_id" in cols else ("id" if t == "users" else None)
        if col:
            rows[t] = store._rows(f"SELECT COUNT(*) FROM {t} WHERE {col} = ?", (uid,))[0][0]
    data = state.config.data_dir
    quoting = [str(p.relative_to(data)) for p in data.rglob("*")
               if p.is_file() and SECRET.encode() in p.read_bytes()]
    return {"rows": {t: n for t, n in rows.items() if n}, "files": user_files(server, uid),
            "cache": cached(server, uid), "quoting": quoting}


def test_delete_me_leaves_nothing_and_keys_are_refused(server):
    key, uid = new_user(server, "fay")
    spare = _fill_user(server, key)
    before = _leftovers(server, uid)
    assert before["rows"]["turns"] == 12 and before["files"] and before["quoting"]
    err = delete(server, key, "/api/me?confirm=someone", 400)["error"]
    assert err["code"] == "confirmation_required"
    report = delete(server, key, "/api/me?confirm=fay")
    assert report["forgotten"] == "user" and len(report["revoked_keys"]) == 2
    after = _leftovers(server, uid)
    assert after == {"rows": {}, "files": [], "cache": [], "quoting": []}, after
    assert not (server.app.state.config.adapter_dir / str(uid)).exists()
    for k in (key, spare):
        assert httpx.get(server.url + "/api/me", headers=auth(k)).status_code == 401
    assert uid not in [u["id"] for u in httpx.get(server.url + "/admin/users", headers=auth(ADMIN)).json()]


def test_admin_deletes_a_user_but_not_the_last_admin(server):
    key, uid = new_user(server, "gus")
    _fill_user(server, key)
    other, _ = new_user(server, "hal")
    delete(server, other, f"/admin/users/{uid}", 403)
    report = delete(server, ADMIN, f"/admin/users/{uid}")
    assert report["rows"]["turns"] == 12
    assert _leftovers(server, uid) == {"rows": {}, "files": [], "cache": [], "quoting": []}
    assert httpx.get(server.url + "/api/me", headers=auth(key)).status_code == 401
    assert "not found" in delete(server, ADMIN, f"/admin/users/{uid}", 404)["error"]["message"]
    admin_id = httpx.get(server.url + "/api/me", headers=auth(ADMIN)).json()["id"]
    assert delete(server, ADMIN, f"/admin/users/{admin_id}", 409)["error"]["code"] == "last_admin"
    assert delete(server, ADMIN, "/api/me?confirm=admin", 409)["error"]["code"] == "last_admin"
    assert httpx.get(server.url + "/api/me", headers=auth(ADMIN)).status_code == 200
