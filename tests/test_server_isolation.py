"""Isolation: one user cannot read or use another user's data through ANY route.

Alice fills every kind of per-user state (turns and memory segments, profile edits, a skills adapter,
study notes, run logs). Bob then calls every route of the app, aimed at Alice's data wherever a route
takes an id or a name. The table of attacks must cover every route the app has (a new route fails this
test until it is classified), Bob's responses must not contain any of Alice's content, id-addressed
requests must be 404, and Alice's state must be exactly as it was afterwards.
"""

import json

import httpx
import pytest
from fastapi.routing import APIRoute

import agenthn
from agenthn.server.app import create_app
from agenthn.server.config import ServerConfig
from agenthn.server.launch import ServerThread

ADMIN = "iso-admin-key"
SECRET_TURN = "my vault word is QUUXALICE"
SECRET_SKILL_DOC = "The blorvex of a and b is a times 7 plus b. (ALICESKILL)"
SECRET_NOTE_Q = {"question": "Who built the ALICETOWER?", "answer": "Zed Alicebuilder",
                 "source": "The ALICETOWER was built by Zed Alicebuilder."}
PUBLIC = {("GET", "/health"), ("GET", "/metrics"), ("GET", "/"), ("GET", "/api/events/schema")}


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def world(random_dirs, tmp_path_factory):
    model = agenthn.load(random_dirs["llama-test"], device="cpu")
    config = ServerConfig(model="tiny", data_dir=tmp_path_factory.mktemp("iso"), admin_key=ADMIN,
                          memory_segment_turns=2)
    with ServerThread(create_app(config, model=model)) as srv:
        alice, bob = (_user(srv, n) for n in ("alice", "bob"))
        state = _fill(srv, alice)
        yield srv, alice, bob, state


def _user(srv, name: str) -> str:
    r = httpx.post(srv.url + "/admin/users", json={"name": name}, headers=_auth(ADMIN))
    return r.json()["api_key"]


def _auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def _run(srv, key, path, body) -> list[dict]:
    with httpx.stream("POST", srv.url + path, json=body, headers=_auth(key), timeout=60) as r:
        text = "".join(r.iter_text())
    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]


def _fill(srv, alice) -> dict:
    for i in range(3):
        _run(srv, alice, "/api/chat", {"message": f"{SECRET_TURN} ({i})", "conversation_id": "conv-a",
                                       "max_tokens": 3})
    r = httpx.post(srv.url + "/api/profile/edits", json={"op": "ADD", "key": "name", "value": "Quuxalice"},
                   headers=_auth(alice))
    assert r.status_code == 200, r.text
    _run(srv, alice, "/api/skills", {"name": "blorvex", "document": SECRET_SKILL_DOC})
    evs = _run(srv, alice, "/api/improve", {"rounds": 1, "questions": [SECRET_NOTE_Q]})
    assert evs[-1]["type"] == "run_finished", evs[-3:]
    snap = _snapshot(srv, alice)
    assert snap["segments"] and snap["profile"]["profile"] and snap["skills"] and snap["runs"]
    return snap


def _snapshot(srv, key) -> dict:
    get = lambda p: httpx.get(srv.url + p, headers=_auth(key)).json()  # noqa: E731
    conv = get("/api/conversations/conv-a")
    return {"turns": conv["turns"], "segments": conv["segments"], "profile": get("/api/profile"),
            "skills": get("/api/skills"), "notes": get("/api/notes"), "runs": get("/api/runs"),
            "adapters": get("/api/adapters"), "keys": get("/api/me/keys"), "me": get("/api/me")}


def _secrets(state: dict) -> list[str]:
    """Strings only Alice's data contains: content, her adapters' checksums, her run ids."""
    return (["QUUXALICE", "Quuxalice", "ALICESKILL", "ALICETOWER", "Alicebuilder"]
            + [a["sha256"] for a in state["adapters"]] + [r["run_id"] for r in state["runs"]])


def _attacks(state: dict) -> dict:
    """(method, route path) -> requests Bob makes: (path, json body or None, allowed statuses)."""
    edit_id = state["profile"]["history"][0]["id"]
    run_id = state["runs"][0]["run_id"]
    key_id, alice_id = state["keys"][0]["id"], state["me"]["id"]
    note_id = (state["notes"]["notes"] or [{"item_id": 10**9}])[0]["item_id"]
    chat = {"model": "default", "messages": [{"role": "user", "content": "what is my vault word?"}],
            "max_tokens": 3}
    return {
        ("GET", "/v1/models"): [("/v1/models", None, {200})],
        ("POST", "/v1/chat/completions"): [
            ("/v1/chat/completions", {**chat, "agenthn": {"skills": ["blorvex"]}}, {404}),
            ("/v1/chat/completions", {**chat, "agenthn": {"conversation_id": "conv-a", "memory": True}},
             {200})],
        ("GET", "/api/me"): [("/api/me", None, {200})],
        ("GET", "/admin/users"): [("/admin/users", None, {403})],
        ("POST", "/admin/users"): [("/admin/users", {"name": "mallory"}, {403})],
        ("GET", "/api/conversations"): [("/api/conversations", None, {200})],
        ("GET", "/api/conversations/{conversation_id}"): [("/api/conversations/conv-a", None, {200, 404})],
        ("POST", "/api/chat"): [
            ("/api/chat", {"message": "vault word?", "skills": ["blorvex"]}, {404}),
            ("/api/chat", {"message": "vault word?", "conversation_id": "conv-a", "max_tokens": 3}, {200})],
        ("GET", "/api/profile"): [("/api/profile", None, {200})],
        ("POST", "/api/profile/observe"): [("/api/profile/observe", {"message": "hello"}, {200})],
        ("POST", "/api/profile/edits"): [
            ("/api/profile/edits", {"op": "UPDATE", "key": "name", "value": "Bob"}, {200, 400}),
            ("/api/profile/edits", {"op": "REMOVE", "key": "name"}, {200, 400})],
        ("POST", "/api/profile/edits/{edit_id}/undo"): [(f"/api/profile/edits/{edit_id}/undo", None, {404})],
        ("POST", "/api/profile/refresh"): [("/api/profile/refresh", None, {200})],
        ("GET", "/api/skills"): [("/api/skills", None, {200})],
        ("POST", "/api/skills/solve"): [("/api/skills/solve", {"problem": "blorvex of 1 and 2?",
                                                               "skills": ["blorvex"]}, {404})],
        ("POST", "/api/skills"): [("/api/skills", {"name": "blorvex", "document": "Bob's own rule."}, {200})],
        ("POST", "/api/improve"): [("/api/improve", {"rounds": 1, "questions": [
            {"question": "Q?", "answer": "A", "source": "A."}]}, {200})],
        ("GET", "/api/notes"): [("/api/notes", None, {200})],
        ("GET", "/api/samples"): [("/api/samples", None, {200})],
        ("GET", "/api/adapters"): [("/api/adapters", None, {200})],
        ("GET", "/api/export"): [("/api/export", None, {200})],  # Bob's own archive
        ("GET", "/api/runs"): [("/api/runs", None, {200})],
        ("GET", "/api/runs/{run_id}"): [(f"/api/runs/{run_id}", None, {404})],
        # forgetting and keys: Bob's deletes reach only his own namespace (conv-a, "name" are his own)
        ("GET", "/api/me/keys"): [("/api/me/keys", None, {200})],
        ("POST", "/api/me/keys"): [("/api/me/keys", {"label": "bob"}, {201})],
        ("DELETE", "/api/me/keys/{key_id}"): [(f"/api/me/keys/{key_id}", None, {404})],
        ("DELETE", "/admin/users/{user_id}/keys/{key_id}"): [
            (f"/admin/users/{alice_id}/keys/{key_id}", None, {403})],
        ("DELETE", "/admin/users/{user_id}"): [(f"/admin/users/{alice_id}", None, {403})],
        ("DELETE", "/api/conversations/{conversation_id}/turns/{idx}"): [
            ("/api/conversations/conv-a/turns/0", None, {200, 404})],
        ("DELETE", "/api/conversations/{conversation_id}"): [("/api/conversations/conv-a", None, {200, 404})],
        ("DELETE", "/api/profile/facts/{key}"): [("/api/profile/facts/name", None, {200, 404})],
        ("DELETE", "/api/skills/{name}"): [("/api/skills/blorvex", None, {200})],  # Bob loaded his own
        ("DELETE", "/api/notes"): [("/api/notes", None, {200, 404})],
        ("DELETE", "/api/notes/{item_id}"): [(f"/api/notes/{note_id}?notebook=improve", None, {404})],
        ("DELETE", "/api/me"): [("/api/me", None, {400}), ("/api/me?confirm=alice", None, {400})],
    }


def _routes(app) -> set[tuple[str, str]]:
    """Every (method, path) the app serves: its OpenAPI document plus the routes hidden from it."""
    documented = {(m.upper(), p) for p, ops in app.openapi()["paths"].items() for m in ops}
    hidden = {(m, r.path) for r in app.routes if isinstance(r, APIRoute) and not r.include_in_schema
              for m in r.methods}
    return documented | hidden


def test_every_route_is_classified(world):
    srv, _, _, state = world
    routes = _routes(srv.app)
    assert routes - PUBLIC - set(_attacks(state)) == set(), "classify new routes in _attacks or PUBLIC"
    assert set(_attacks(state)) - routes == set(), "the table names routes the app no longer has"


def test_every_private_route_needs_a_key(world):
    srv, _, _, state = world
    for method, path in sorted(_routes(srv.app) - PUBLIC):
        concrete = _attacks(state)[(method, path)][0][0]
        for headers in ({}, {"Authorization": "Bearer ahn_not-a-key"}, {"Authorization": "Basic eDp5"}):
            r = httpx.request(method, srv.url + concrete, json={}, headers=headers)
            assert r.status_code == 401, (method, concrete, headers, r.status_code)
            assert r.json()["error"]["type"] == "authentication_error"


def test_bob_cannot_read_or_use_alices_data(world):
    srv, alice, bob, before = world
    secrets = _secrets(before)
    for (method, _), requests in _attacks(before).items():  # table order: uses before writes
        for path, body, allowed in requests:
            with httpx.stream(method, srv.url + path, json=body, headers=_auth(bob), timeout=60) as r:
                text = "".join(r.iter_text())
            assert r.status_code in allowed, (method, path, r.status_code, text[:300])
            sent = json.dumps(body or {}) + path
            leaked = [s for s in secrets if s in text and s not in sent]
            assert not leaked, (method, path, leaked)
    assert _snapshot(srv, alice) == before  # nothing of Alice's changed either


def test_same_names_are_separate_namespaces(world):
    srv, alice, bob, _ = world
    bobs = _run(srv, bob, "/api/chat", {"message": "hi", "conversation_id": "conv-a", "max_tokens": 2})
    context = next(e for e in bobs if e["type"] == "context")
    assert "QUUXALICE" not in json.dumps(context["messages"])  # Bob's conv-a is his own
    mine = httpx.get(srv.url + "/api/conversations/conv-a", headers=_auth(bob)).json()
    assert all("QUUXALICE" not in t["content"] for t in mine["turns"])
    alices = httpx.get(srv.url + "/api/conversations/conv-a", headers=_auth(alice)).json()
    assert any("QUUXALICE" in t["content"] for t in alices["turns"])
