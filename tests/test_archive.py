"""Export and import of one user's data, over real HTTP on loopback.

Alice fills every kind of state on one server (memory segments, a profile edit, a skills document, a
self-improvement notebook, run logs), exports it with `GET /api/export`, and the archive is imported
into a fresh data directory with `agenthn import`; a second server on that directory must give her the
same greedy answers to the same questions and hold the same profile, skills, notes and turns. The
archive's PEFT folders load in real `peft` with the engine's logits; an archive altered by one byte,
made for another base model or for a user that exists is refused with a message naming the problem.
"""

import hashlib
import io
import json
import re
import zipfile

import httpx
import pytest
import torch
from transformers import AutoModelForCausalLM

import agenthn
from agenthn.agent.archive import import_user, model_identity
from agenthn.agent.improve import Improver
from agenthn.cli.main import main
from agenthn.model.adapter import Adapter, compose
from agenthn.server.app import create_app
from agenthn.server.config import ServerConfig
from agenthn.server.launch import ServerThread
from agenthn.store import AdapterFiles, DuplicateUserError, Store
from agenthn.store.restore import ArchiveError, ModelMismatchError, open_archive

ADMIN = "archive-admin-key"
SKILL_DOC = "The blorvex of a and b is a times 7 plus b."
QUESTION = {"question": "Who built the tower of Quux?", "answer": "Zed Builder",
            "source": "The tower of Quux was built by Zed Builder."}
ASK = [("c1", "What is my vault word?"), ("fresh", "What is my name?")]

pytestmark = pytest.mark.usefixtures("one_torch_thread")


def _auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def _run(srv, key, path, body) -> list[dict]:
    with httpx.stream("POST", srv.url + path, json=body, headers=_auth(key), timeout=60) as r:
        assert r.status_code == 200, r.read()
        text = "".join(r.iter_text())
    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]


def _server(model, data_dir):
    config = ServerConfig(model="tiny", data_dir=data_dir, admin_key=ADMIN, memory_segment_turns=2)
    return ServerThread(create_app(config, model=model))


def _fill(srv) -> str:
    key = httpx.post(srv.url + "/admin/users", json={"name": "alice"}, headers=_auth(ADMIN)).json()["api_key"]
    for i in range(3):
        _run(srv, key, "/api/chat", {"message": f"My vault word is QUUX{i}.", "conversation_id": "c1",
                                     "max_tokens": 3})
    r = httpx.post(srv.url + "/api/profile/edits", json={"op": "ADD", "key": "name", "value": "Alice"},
                   headers=_auth(key))
    assert r.status_code == 200, r.text
    assert httpx.post(srv.url + "/api/profile/refresh", headers=_auth(key), timeout=60).status_code == 200
    _run(srv, key, "/api/skills", {"name": "blorvex", "document": SKILL_DOC})
    # A notebook: the random model's own notes never state the answer (they are rejected), so a teacher
    # writes it, through the feature itself on the server's own store and adapter cache.
    s, uid = srv.app.state, httpx.get(srv.url + "/api/me", headers=_auth(key)).json()["id"]
    teacher = lambda mistakes: [f"- {QUESTION['source']}" for _ in mistakes]  # noqa: E731
    improver = Improver(s.model, s.store, uid, [QUESTION], cache=s.cache, engine=s.engine,
                        note_writer=teacher)
    list(improver.run(1))
    return key


def _state(srv, key) -> dict:
    """What the user sees of their data, without the ids an import renumbers."""
    get = lambda p: httpx.get(srv.url + p, headers=_auth(key)).json()  # noqa: E731
    strip = lambda rows, *ks: [{k: v for k, v in r.items() if k not in ks} for r in rows]  # noqa: E731
    conv, profile, notes = get("/api/conversations/c1"), get("/api/profile"), get("/api/notes")
    return {"turns": strip(conv["turns"], "id", "user_id"),
            "segments": strip(conv["segments"], "id", "user_id"),
            "profile": profile["profile"], "history": strip(profile["history"], "id", "user_id"),
            "skills": strip(get("/api/skills"), "id"), "notes": [n["text"] for n in notes["notes"]],
            "note_ops": [(e["op"], e["text"]) for e in notes["history"]],
            "runs": [(r["feature"], r["status"]) for r in get("/api/runs")]}


def _answers(srv, key) -> list[tuple]:
    out = []
    for cid, q in ASK:
        events = _run(srv, key, "/api/chat", {"message": q, "conversation_id": cid, "skills": ["blorvex"],
                                              "max_tokens": 8})
        composed = next(e for e in events if e["type"] == "adapters_composed")["adapters"]
        out.append(("".join(e["text"] for e in events if e["type"] == "token"), composed))
    return out


@pytest.fixture(scope="module")
def world(random_dirs, tmp_path_factory):
    """Alice's server, her archive (over HTTP), and her state and answers from before it was restored."""
    root = tmp_path_factory.mktemp("archive")
    model = agenthn.load(random_dirs["llama-test"], device="cpu")
    with _server(model, root / "src") as srv:
        key = _fill(srv)
        r = httpx.get(srv.url + "/api/export", headers=_auth(key), timeout=60)
        assert r.status_code == 200 and r.headers["content-type"] == "application/zip", r.text[:300]
        (root / "alice.zip").write_bytes(r.content)
        state = _state(srv, key)
        other = httpx.get(srv.url + "/api/export", headers=_auth(ADMIN), timeout=60)
        (root / "admin.zip").write_bytes(other.content)
        assert main(["export-user", "--data-dir", str(root / "src"), "--user", "alice", "--model",
                     str(random_dirs["llama-test"]), "--out", str(root / "cli.zip")]) == 0
        answers = _answers(srv, key)
    return {"root": root, "model": model, "dir": random_dirs["llama-test"], "state": state,
            "answers": answers, "archive": root / "alice.zip", "content": r.headers["content-disposition"]}


def test_export_holds_every_part_with_checksums(world):
    assert 'filename="agenthn-export-alice.zip"' in world["content"]
    with open_archive(world["archive"]) as a:
        m, state = a.manifest, world["state"]
        assert (m["format"], m["format_version"], m["user"]["name"]) == ("agenthn-user-export", 1, "alice")
        assert m["model"] == model_identity(world["model"])
        assert m["counts"]["turns"] == len(state["turns"]) == 6 and m["counts"]["segments"] >= 1
        assert a.read("skills/blorvex.txt").decode() == SKILL_DOC
        assert json.loads(a.read("profile/profile.json")) == {"name": "Alice"}
        assert a.read("notes/improve.txt").decode() == "".join(f"- {n}\n" for n in state["notes"])
        assert [t["content"] for t in a.jsonl("conversations/turns.jsonl")] == [t["content"] for t in
                                                                                 state["turns"]]
        kinds = {n.split("/")[1] for n in m["files"] if n.startswith("peft/")}
        assert kinds == {"profile", "skills", "notes", "segment"}
    with open_archive(world["root"] / "cli.zip") as cli, open_archive(world["archive"]) as http:
        same = [n for n in http.manifest["files"] if not n.startswith("peft/")]
        assert sorted(cli.manifest["files"]) == sorted(http.manifest["files"])
        assert all(cli.manifest["files"][n] == http.manifest["files"][n] for n in same)
    wrong = ["export-user", "--data-dir", str(world["root"] / "src"), "--user", "alice", "--model", "tiny",
             "--out", str(world["root"] / "wrong.zip")]
    assert main(wrong) == 2 and not (world["root"] / "wrong.zip").exists()  # her adapters are not tiny's


def test_an_export_holds_only_the_callers_data(world):
    with zipfile.ZipFile(world["root"] / "admin.zip") as zf:  # the admin's own, made beside Alice's
        everything = b"".join(zf.read(n) for n in zf.namelist())
        counts = json.loads(zf.read("manifest.json"))["counts"]
    assert counts["turns"] == counts["adapters"] == 0
    assert b"QUUX" not in everything and b"Alice" not in everything and b"blorvex" not in everything


def test_archived_adapters_load_in_peft_with_the_engines_logits(world, tmp_path):
    from peft import PeftModel

    model = world["model"]
    with zipfile.ZipFile(world["archive"]) as zf:
        zf.extractall(tmp_path)
    x = torch.tensor([model.prompt_ids([{"role": "user", "content": "What is my vault word?"}])])
    for folder in sorted(p for p in (tmp_path / "peft").glob("*/*") if p.is_dir()):
        native = Adapter.load(tmp_path / "adapters" / folder.parent.name / f"{folder.name}.safetensors")
        if folder.parent.name == "segment":  # used with its conversation's shared block
            static = tmp_path / "adapters/segment" / (folder.name.rsplit("-s", 1)[0] + "-static.safetensors")
            native = compose([native, Adapter.load(static)])
        base = AutoModelForCausalLM.from_pretrained(world["dir"] / "base", dtype=torch.float32)
        with torch.no_grad():
            got = PeftModel.from_pretrained(base, folder).eval()(input_ids=x).logits
        torch.testing.assert_close(got, model.logits(x, adapter=native), rtol=1e-4, atol=1e-4)
        assert not torch.allclose(got, model.logits(x)), folder  # the adapter is not a no-op


def test_import_gives_the_same_data_and_answers(world):
    root, dst = world["root"], world["root"] / "dst"
    assert main(["import", str(world["archive"]), "--data-dir", str(dst), "--model", str(world["dir"])]) == 0
    store = Store(dst / "agenthn.sqlite")
    alice = next(u for u in store.list_users() if u.name == "alice")
    src, files = Store(root / "src" / "agenthn.sqlite"), AdapterFiles(dst / "adapters", store)
    src_alice = next(u.id for u in src.list_users() if u.name == "alice")
    restored = store.list_adapters(alice.id)
    assert {(r.kind, r.name) for r in restored} >= {("profile", "profile"), ("skills", "blorvex"),
                                                     ("notes", "improve"), ("segment", "c1-s0")}
    for mine in restored:  # byte for byte, but for a profile adapter's renumbered revision
        rec = src.find_adapter(src_alice, mine.kind, mine.name)
        a, b = Adapter.load(root / "src/adapters" / rec.path), files.read(alice.id, mine.kind, mine.name,
                                                                        Adapter.load)
        assert all(torch.equal(a.A[m], b.A[m]) and torch.equal(a.B[m], b.B[m]) for m in a.A), rec.name
        assert mine.sha256 == rec.sha256 or rec.kind == "profile"
    assert store.skill_documents(alice.id) == {"blorvex": SKILL_DOC}
    profile = Adapter.load(dst / "adapters" / store.find_adapter(alice.id, "profile", "profile").path)
    assert profile.meta.revision == max(e.id for e in store.profile_history(alice.id))
    key = store.rotate_key(alice.id)
    store.close()
    src.close()
    with _server(agenthn.load(world["dir"], device="cpu"), dst) as srv:
        assert _state(srv, key) == world["state"]
        assert _answers(srv, key) == world["answers"]


def test_a_tampered_archive_is_refused_naming_the_file(world, tmp_path):
    victim = "adapters/skills/blorvex.safetensors"
    with zipfile.ZipFile(world["archive"]) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    blob = bytearray(members[victim])
    blob[-3] ^= 1
    altered = _zip({**members, victim: bytes(blob)}, tmp_path / "altered.zip")
    store = Store(tmp_path / "d" / "agenthn.sqlite")
    files = AdapterFiles(tmp_path / "d" / "adapters", store)
    with pytest.raises(ArchiveError, match=victim):
        import_user(altered, store, files, model_identity(world["model"]))
    raw = bytearray(world["archive"].read_bytes())  # one byte inside the stored file, CRC and all
    with zipfile.ZipFile(world["archive"]) as zf:
        info = zf.getinfo(victim)
    local = info.header_offset  # local header: 30 bytes, then the name and extra field it declares
    start = local + 30 + int.from_bytes(raw[local + 26:local + 28], "little") + int.from_bytes(
        raw[local + 28:local + 30], "little")
    raw[start + info.compress_size - 3] ^= 1
    (tmp_path / "raw.zip").write_bytes(raw)
    with pytest.raises(ArchiveError, match=victim):
        import_user(tmp_path / "raw.zip", store, files, model_identity(world["model"]))
    assert store.list_users() == [] and not any((tmp_path / "d" / "adapters").iterdir())
    argv = ["import", str(altered), "--data-dir", str(tmp_path / "d"), "--model", str(world["dir"])]
    assert main(argv) == 2


def test_refusals_name_the_user_the_models_and_the_version(world, tmp_path):
    store = Store(tmp_path / "agenthn.sqlite")
    files, mine = AdapterFiles(tmp_path / "adapters", store), model_identity(world["model"])
    import_user(world["archive"], store, files, mine)
    with pytest.raises(DuplicateUserError, match="'alice' already exists"):
        import_user(world["archive"], store, files, mine)
    second = import_user(world["archive"], store, files, mine, name="alice2")
    path = store.find_adapter(second["user_id"], "profile", "profile").path
    assert Adapter.load(tmp_path / "adapters" / path).meta.revision == max(  # in alice2's own edit ids
        e.id for e in store.profile_history(second["user_id"])) > 1
    with zipfile.ZipFile(world["archive"]) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members["manifest.json"])
    other = {**manifest, "model": {**manifest["model"], "base_model": "google/gemma-2-2b-it"}}
    foreign = _zip({**members, "manifest.json": json.dumps(other).encode()}, tmp_path / "foreign.zip")
    both = rf"'google/gemma-2-2b-it'.*'{re.escape(mine['base_model'])}'"
    with pytest.raises(ModelMismatchError, match=both):
        import_user(foreign, store, files, mine, name="alice3")
    forced = import_user(foreign, store, files, mine, name="alice3", force=True)
    assert forced["restored"]["adapters"] == 0 and forced["warnings"]
    assert {s.status for s in store.list_segments(forced["user_id"])} == {"pending"}  # rebuilt at start
    newer = _zip({**members, "manifest.json": json.dumps({**manifest, "format_version": 2}).encode()},
                 tmp_path / "newer.zip")
    with pytest.raises(ArchiveError, match="version 2"):
        import_user(newer, store, files, mine, name="alice4")


def _zip(members: dict[str, bytes], path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, blob in members.items():
            zf.writestr(name, blob)
    path.write_bytes(buf.getvalue())
    return path


def test_an_import_cut_off_before_its_commit_leaves_nothing_behind(world, tmp_path):
    """A folder under the next user id belongs to no user (a killed import's files): it is cleared, and
    a failing import removes what it wrote."""
    store = Store(tmp_path / "agenthn.sqlite")
    files = AdapterFiles(tmp_path / "adapters", store)
    (tmp_path / "adapters/1/skills").mkdir(parents=True)
    (tmp_path / "adapters/1/skills/left-over.safetensors").write_bytes(b"from a killed import")
    report = import_user(world["archive"], store, files, model_identity(world["model"]))
    assert report["user_id"] == 1 and not (tmp_path / "adapters/1/skills/left-over.safetensors").exists()
    assert sorted(p.name for p in (tmp_path / "adapters/1").iterdir()) == ["notes", "profile", "segment",
                                                                          "skills"]
    with zipfile.ZipFile(world["archive"]) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    index = members["adapters/index.jsonl"].splitlines(keepends=True)
    index = b"".join(index[:-1]) + b"{}\n"  # the last adapter's record lacks its fields: files written
    manifest = json.loads(members["manifest.json"])  # before it must go when the import fails
    manifest["files"]["adapters/index.jsonl"] = {"sha256": hashlib.sha256(index).hexdigest(),
                                                 "bytes": len(index)}
    broken = _zip({**members, "adapters/index.jsonl": index, "manifest.json": json.dumps(manifest).encode()},
                  tmp_path / "broken.zip")  # every checksum right
    with pytest.raises(ArchiveError, match="lacks"):
        import_user(broken, store, files, model_identity(world["model"]), name="bob")
    assert [u.name for u in store.list_users()] == ["alice"] and not (tmp_path / "adapters/2").exists()
