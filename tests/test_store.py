"""Store tests: WAL, keys, per-user isolation, profile/notes replay, crash recovery, adapter checksums."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from agenthn.errors import AgentHNError, CorruptAdapterError, NotFoundError
from agenthn.store import AdapterFiles, Store, atomic_write, atomic_write_bytes, sha256_file


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "agenthn.db")
    yield s
    s.close()


def test_wal_mode_and_idempotent_migrations(tmp_path):
    s = Store(tmp_path / "db.sqlite")
    assert s.journal_mode() == "wal"
    assert s.schema_version() >= 1
    s.create_user("ann")
    version = s.schema_version()
    s.close()
    again = Store(tmp_path / "db.sqlite")  # reopening must not re-run migrations or lose rows
    assert again.schema_version() == version
    assert [u.name for u in again.list_users()] == ["ann"]
    again.close()


def test_key_lookup(store):
    ann, key = store.create_user("ann")
    admin, admin_key = store.create_user("root", is_admin=True)
    assert store.user_for_key(key) == ann
    assert store.user_for_key(admin_key).is_admin
    assert store.user_for_key(key + "x") is None
    assert store.user_for_key("") is None
    raw = store._rows("SELECT key_hash FROM users")
    assert all(key not in r[0] for r in raw)  # only hashes are stored
    new_key = store.rotate_key(ann.id)
    assert store.user_for_key(key) is None and store.user_for_key(new_key) == ann


def test_turns_append_and_list(store):
    ann, _ = store.create_user("ann")
    for i in range(5):
        store.append_turn(ann.id, "c1", "user" if i % 2 == 0 else "assistant", f"turn {i}")
    turns = store.list_turns(ann.id, "c1")
    assert [t.idx for t in turns] == [0, 1, 2, 3, 4]
    assert [t.content for t in store.list_turns(ann.id, "c1", 1, 3)] == ["turn 1", "turn 2"]
    with pytest.raises(AgentHNError):
        store.append_turn(ann.id, "c1", "wizard", "x")


def _fill_user_a(store, files):
    a, _ = store.create_user("a")
    store.append_turn(a.id, "shared-name", "user", "secret of a")
    seg = store.add_segment(a.id, "shared-name", 0, 0, "secret of a")
    edit = store.record_profile_edit(a.id, "ADD", "pet", "cat")
    note = store.add_note(a.id, "a's note")
    adapter = files.write(a.id, "profile", "main", lambda p: p.write_bytes(b"A" * 64))
    run = store.start_run(a.id, "memory")
    store.append_run_events(a.id, run.run_id, [{"type": "token", "text": "hi"}])
    return a, seg, edit, note, adapter, run


def test_isolation(store, tmp_path):
    files = AdapterFiles(tmp_path / "adapters", store)
    a, seg, edit, note, adapter, run = _fill_user_a(store, files)
    b, _ = store.create_user("b")
    # Listing with B's id shows nothing of A's, even under the same conversation id.
    assert store.list_turns(b.id, "shared-name") == []
    assert store.list_conversations(b.id) == []
    assert store.list_segments(b.id) == []
    assert store.profile_history(b.id) == [] and store.profile_state(b.id) == {}
    assert store.list_notes(b.id) == [] and store.note_history(b.id) == []
    assert store.list_adapters(b.id) == []
    assert store.list_runs(b.id) == []
    # Direct access by A's ids answers NotFound (not PermissionDenied: existence must not leak).
    for call in [
        lambda: store.get_segment(b.id, seg.id),
        lambda: store.complete_segment(b.id, seg.id, "x", "y"),
        lambda: store.undo_profile_edit(b.id, edit.id),
        lambda: store.fix_note(b.id, note.item_id, "hijack"),
        lambda: store.drop_note(b.id, note.item_id),
        lambda: store.get_adapter(b.id, adapter.id),
        lambda: store.delete_adapter(b.id, adapter.id),
        lambda: files.read_record(b.id, adapter.id, lambda p: p.read_bytes()),
        lambda: files.read(b.id, "profile", "main", lambda p: p.read_bytes()),
        lambda: store.get_run(b.id, run.run_id),
        lambda: store.run_events(b.id, run.run_id),
        lambda: store.append_run_events(b.id, run.run_id, [{"x": 1}]),
        lambda: store.finish_run(b.id, run.run_id),
    ]:
        with pytest.raises(NotFoundError):
            call()
    # A's data is untouched by B's attempts.
    assert store.get_segment(a.id, seg.id).status == "pending"
    assert store.profile_state(a.id) == {"pet": "cat"}
    assert [n.text for n in store.list_notes(a.id)] == ["a's note"]
    assert len(store.run_events(a.id, run.run_id)) == 1


def test_profile_state_from_log_with_undo(store):
    u, _ = store.create_user("u")
    e1 = store.record_profile_edit(u.id, "ADD", "color", "red", turn_ref="c1:0")
    store.record_profile_edit(u.id, "ADD", "city", "Oslo")
    e3 = store.record_profile_edit(u.id, "UPDATE", "color", "blue", actor="user")
    assert e3.old_value == "red"
    store.record_profile_edit(u.id, "REMOVE", "city")
    assert store.profile_state(u.id) == {"color": "blue"}
    with pytest.raises(AgentHNError):
        store.record_profile_edit(u.id, "ADD", "color", "green")  # exists: must be UPDATE
    with pytest.raises(AgentHNError):
        store.record_profile_edit(u.id, "REMOVE", "city")  # already gone
    with pytest.raises(AgentHNError):
        store.record_profile_edit(u.id, "ADD", "food", "  ")
    store.undo_profile_edit(u.id, e3.id)
    assert store.profile_state(u.id) == {"color": "red"}
    undone = store.undo_profile_edit(u.id, e1.id)
    assert undone.undone and store.profile_state(u.id) == {}
    history = store.profile_history(u.id, key="color")
    assert [(h.op, h.undone) for h in history] == [("ADD", True), ("UPDATE", True)]


def test_notes_itemized_edits_and_round_rollback(store):
    u, _ = store.create_user("u")
    n1 = store.add_note(u.id, "zorp = 2x + 1", round=1)
    n2 = store.add_note(u.id, "answer in meters", round=1)
    store.fix_note(u.id, n1.item_id, "zorp = 2x + 3", reason="graded wrong", round=2)
    store.drop_note(u.id, n2.item_id, round=2)
    assert [n.text for n in store.list_notes(u.id)] == ["zorp = 2x + 3"]
    assert store.undo_note_round(u.id, 2) == 2  # the drift guard rolls round 2 back
    assert [n.text for n in store.list_notes(u.id)] == ["zorp = 2x + 1", "answer in meters"]
    assert [e.op for e in store.note_history(u.id)] == ["ADD", "ADD", "FIX", "DROP"]
    assert store.list_notes(u.id, notebook="other") == []
    with pytest.raises(AgentHNError):
        store.add_note(u.id, " ")


def test_pending_segments_survive_a_crash(tmp_path):
    s = Store(tmp_path / "db")
    u, _ = s.create_user("u")
    for i in range(4):
        s.append_turn(u.id, "c", "user", f"t{i}")
    done = s.add_segment(u.id, "c", 0, 1, "t0\nt1")
    s.complete_segment(u.id, done.id, "1/segment/c-0.safetensors", "abc")
    s.add_segment(u.id, "c", 2, 3, "t2\nt3")
    s._conns.clear()  # "crash": drop connections without a clean close
    reopened = Store(tmp_path / "db")
    pending = reopened.all_pending_segments()
    assert [(p.first_turn, p.last_turn, p.idx) for p in pending] == [(2, 3, 1)]
    assert [p.id for p in reopened.list_segments(u.id, status="pending")] == [pending[0].id]
    assert len(reopened.list_turns(u.id, "c")) == 4
    reopened.close()


def test_threads_share_a_store(store):
    u, _ = store.create_user("u")

    def worker(conv):
        for i in range(25):
            store.append_turn(u.id, conv, "user", str(i))

    threads = [threading.Thread(target=worker, args=(f"c{k}",)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(len(store.list_turns(u.id, f"c{k}")) == 25 for k in range(4))


CHILD = textwrap.dedent("""
    import sys, threading
    from agenthn.store import Store
    s = Store(sys.argv[1])
    u, _ = s.create_user("crash")
    lock = threading.Lock()
    def say(line):
        with lock:
            sys.stdout.write(line + "\\n"); sys.stdout.flush()
    say(f"user {u.id}")
    def edits():
        for i in range(100000):
            s.record_profile_edit(u.id, "ADD", f"k{i}", f"v{i}")
            say(f"edit k{i}")
    threading.Thread(target=edits, daemon=True).start()
    for i in range(100000):
        s.append_turn(u.id, "c", "user", f"turn {i}")
        say(f"turn {i}")
""")


def test_sigkill_keeps_every_acknowledged_write(tmp_path):
    db = tmp_path / "crash.db"
    repo = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": repo + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db)], stdout=subprocess.PIPE, env=env,
                            text=True)
    lines = []
    for line in proc.stdout:  # kill mid-stream, while both threads are writing
        lines.append(line)
        if len(lines) >= 150:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    lines += proc.stdout.read().splitlines(keepends=True)
    acked = [ln.split() for ln in lines if ln.endswith("\n")]  # a torn last line is not an acknowledgment
    user_id = int(acked[0][1])
    turns = {int(w[1]) for w in acked if w[0] == "turn"}
    keys = {w[1] for w in acked if w[0] == "edit"}
    assert turns and keys
    s = Store(db)
    assert s.integrity_check() == "ok"
    stored_turns = {t.idx for t in s.list_turns(user_id, "c")}
    assert turns <= stored_turns
    assert keys <= set(s.profile_state(user_id))
    s.close()


def test_atomic_write_and_checksum(tmp_path):
    p = tmp_path / "sub" / "f.bin"
    digest = atomic_write_bytes(p, b"hello")
    assert p.read_bytes() == b"hello" and digest == sha256_file(p)
    assert [x.name for x in p.parent.iterdir()] == ["f.bin"]  # no temp file left behind

    def failing(tmp):
        tmp.write_bytes(b"partial")
        raise RuntimeError("writer died")

    with pytest.raises(RuntimeError):
        atomic_write(p, failing)
    assert p.read_bytes() == b"hello" and [x.name for x in p.parent.iterdir()] == ["f.bin"]


@pytest.mark.parametrize("damage", ["flip", "truncate", "delete"])
def test_corrupt_adapter_detected(store, tmp_path, damage):
    files = AdapterFiles(tmp_path / "adapters", store)
    u, _ = store.create_user("u")
    payload = bytes(range(256)) * 4
    rec = files.write(u.id, "segment", "c-0", lambda p: p.write_bytes(payload), base_model="tiny")
    path = files.path_for(u.id, "segment", "c-0")
    assert path == tmp_path / "adapters" / str(u.id) / "segment" / "c-0.safetensors"
    assert files.read(u.id, "segment", "c-0", lambda p: len(p.read_bytes())) == 1024
    assert rec.sha256 == sha256_file(path) and rec.size_bytes == 1024 and rec.base_model == "tiny"
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[100] ^= 0xFF
        path.write_bytes(bytes(data))
    elif damage == "truncate":
        path.write_bytes(bytes(data[:500]))
    else:
        path.unlink()
    with pytest.raises(CorruptAdapterError, match="c-0.safetensors"):
        files.read(u.id, "segment", "c-0", lambda p: p.read_bytes())


def test_adapter_names_cannot_escape(store, tmp_path):
    files = AdapterFiles(tmp_path / "adapters", store)
    u, _ = store.create_user("u")
    for kind, name in [("profile", "../x"), ("../etc", "x"), ("profile", "a/b"), ("profile", ".hidden")]:
        with pytest.raises(AgentHNError):
            files.write(u.id, kind, name, lambda p: p.write_bytes(b"x"))
    rec = files.write(u.id, "notes", "v1", lambda p: p.write_bytes(b"x"))
    files.delete(u.id, rec.id)
    assert store.list_adapters(u.id) == [] and not files.path_for(u.id, "notes", "v1").exists()
