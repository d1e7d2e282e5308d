"""`agenthn forget` and `agenthn keys` on a local data directory (real SQLite and files, no model)."""

import json

import pytest
from server_helpers import quotes

from agenthn.cli.main import main
from agenthn.server.config import ServerConfig
from agenthn.store import AdapterFiles, Store


@pytest.fixture
def data(tmp_path):
    """A data directory with user 'local': two conversations (one segment each, adapter file on disk),
    a profile, a skill, a notebook; and a second user."""
    config = ServerConfig(data_dir=tmp_path / "data")
    store = Store(config.db_path)
    files = AdapterFiles(config.adapter_dir, store)
    uid = store.create_user("local")[0].id
    for cid in ("a", "b"):
        for i in range(3):
            store.append_turn(uid, cid, "user", f"{cid} turn {i} with secret Wumbo{i}")
        seg = store.add_segment(uid, cid, 0, 1, f"User: {cid} turn 0 with secret Wumbo0\nUser: {cid} turn 1")
        rec = files.write(uid, "segment", f"{cid}-s0", lambda p: p.write_bytes(b"adapter"))
        store.complete_segment(uid, seg.id, rec.path, rec.sha256)
    store.record_profile_edit(uid, "ADD", "locker code", "4821")
    store.record_profile_edit(uid, "ADD", "pet name", "Zorbo")
    files.write(uid, "profile", "profile", lambda p: p.write_bytes(b"profile"))
    files.write(uid, "skills", "arith", lambda p: p.write_bytes(b"skill"))
    store.add_note(uid, "Wumbo notes", notebook="improve")
    store.create_user("other")
    store.close()
    return config, uid


def test_forget_commands(data, capsys):
    config, uid = data
    assert main(["forget", "turn", "a", "0", "--data-dir", str(config.data_dir)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows"]["turns"] == 1 and report["adapters"] == ["segment/a-s0"]
    assert main(["forget", "conversation", "b", "--data-dir", str(config.data_dir)]) == 0
    assert main(["forget", "fact", "locker code", "--data-dir", str(config.data_dir)]) == 0
    assert main(["forget", "skill", "arith", "--data-dir", str(config.data_dir)]) == 0
    assert main(["forget", "notes", "--data-dir", str(config.data_dir)]) == 0
    assert main(["forget", "skill", "arith", "--data-dir", str(config.data_dir)]) == 2  # 404: named, logged
    capsys.readouterr()
    store = Store(config.db_path)
    try:
        # the turn's segment is replaced by a pending one over the remaining turn (built at next start)
        pending = store.list_segments(uid, "a", status="pending")
        assert [(s.first_turn, s.last_turn, s.text) for s in pending] == [
            (1, 1, "User: a turn 1 with secret Wumbo1")]
        assert store.list_turns(uid, "b") == [] and store.list_segments(uid, "b") == []
        assert store.profile_state(uid) == {"pet name": "Zorbo"}
        assert not quotes(json.dumps([e.__dict__ for e in store.profile_history(uid)]))
        assert store.list_adapters(uid) == [] and store.list_notes(uid, "improve") == []
        assert store.pending_deletions() == []
    finally:
        store.close()
    left = sorted(p.name for p in (config.adapter_dir / str(uid)).rglob("*") if p.is_file())
    assert left == []


def test_forget_user_and_keys(data, capsys):
    config, uid = data
    d = ["--data-dir", str(config.data_dir)]
    assert main(["keys", "issue", "--user", "local", *d]) == 0
    issued = json.loads(capsys.readouterr().out)
    assert main(["keys", "list", "--user", "local", *d]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [k["id"] for k in listed][-1] == issued["id"] and issued["api_key"] not in json.dumps(listed)
    assert main(["keys", "revoke", str(issued["id"]), "--user", "local", *d]) == 0
    capsys.readouterr()
    assert main(["forget", "user", "local", *d]) == 2  # no --yes: refused, nothing deleted
    assert (config.adapter_dir / str(uid)).exists()
    assert main(["forget", "user", "local", "--yes", *d]) == 0
    assert json.loads(capsys.readouterr().out)["forgotten"] == "user"
    assert not (config.adapter_dir / str(uid)).exists()
    store = Store(config.db_path)
    try:
        assert [u.name for u in store.list_users()] == ["other"]
        assert store.user_for_key(issued["api_key"]) is None
        tables = [r[0] for r in store._rows("SELECT name FROM sqlite_master WHERE type = 'table'")]
        owned = [t for t in tables if "user_id" in [c[1] for c in store._rows(f"PRAGMA table_info({t})")]]
        assert owned and all(store._rows(f"SELECT COUNT(*) FROM {t} WHERE user_id = ?", (uid,))[0][0] == 0
                             for t in owned)
    finally:
        store.close()
    raw = b"".join(p.read_bytes() for p in config.data_dir.rglob("*") if p.is_file())
    assert b"Wumbo" not in raw and b"4821" not in raw
