"""Hardening found by trying AgentHN as a new user would (issue 18, "Hardening").

Everything here runs over real HTTP on loopback against the shipped `tiny` model and a real SQLite
store, with the stock `openai` client where the route is OpenAI's.
"""

import json
import re
from pathlib import Path

import httpx
import openai
import pytest

import agenthn
from agenthn.server.app import create_app
from agenthn.server.config import Limits, ServerConfig
from agenthn.server.launch import ServerThread

ROOT = Path(__file__).resolve().parents[1]
ADMIN = "hardening-admin-key"

pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def tiny():
    return agenthn.load("tiny", device="cpu")


@pytest.fixture(scope="module")
def server(tiny, tmp_path_factory):
    config = ServerConfig(data_dir=tmp_path_factory.mktemp("hardening"), admin_key=ADMIN,
                          limits=Limits(max_new_tokens=16, default_new_tokens=8))
    with ServerThread(create_app(config, model=tiny)) as srv:
        yield srv


def auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def new_user(server, name: str) -> str:
    r = httpx.post(server.url + "/admin/users", json={"name": name}, headers=auth(ADMIN))
    assert r.status_code == 201, r.text
    return r.json()["api_key"]


def client(server, key: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url + "/v1", api_key=key, max_retries=0, timeout=60)


def sse(response: httpx.Response) -> list[dict]:
    return [json.loads(line[6:]) for line in response.iter_lines() if line.startswith("data: {")]


# ---- a question never edits the profile ----------------------------------------------------------
QUESTIONS = ["What is my job?", "Do you remember my job?", "What was my job again?"]


def test_a_question_never_edits_the_profile(server):
    key = new_user(server, "asker")
    r = httpx.post(server.url + "/api/profile/edits", json={"op": "ADD", "key": "job", "value": "baker"},
                   headers=auth(key))
    assert r.json()["profile"] == {"job": "baker"}
    # The proposer alone would delete the fact it is asked about: the rule, not the model, keeps it.
    user_id = httpx.get(server.url + "/api/me", headers=auth(key)).json()["id"]
    personalizer = server.app.state.runtimes.get(user_id).personalizer()
    assert [personalizer.propose(q) for q in QUESTIONS] == ["REMOVE job"] * len(QUESTIONS)

    oai = client(server, key)
    for q in QUESTIONS:
        oai.chat.completions.create(model="tiny", messages=[{"role": "user", "content": q}],
                                    extra_body={"agenthn": {"learn_profile": True}})
        with httpx.stream("POST", server.url + "/api/chat", headers=auth(key), timeout=60,
                          json={"message": q, "learn_profile": True, "memory": False}) as resp:
            events = sse(resp)
        assert {"type": "profile_edit_rejected", "line": q}.items() <= next(
            e for e in events if e["type"] == "profile_edit_rejected").items()
        with httpx.stream("POST", server.url + "/api/profile/observe", headers=auth(key), timeout=60,
                          json={"message": q}) as resp:
            events = sse(resp)
        assert not [e for e in events if e["type"] in ("profile_edit_proposed", "profile_edit_applied")]
    profile = httpx.get(server.url + "/api/profile", headers=auth(key)).json()
    assert profile["profile"] == {"job": "baker"}
    assert [e["op"] for e in profile["history"]] == ["ADD"]


def test_a_statement_still_edits_and_a_question_beside_it_does_not(server):
    key = new_user(server, "stater")
    httpx.post(server.url + "/api/profile/edits", json={"op": "ADD", "key": "job", "value": "baker"},
               headers=auth(key))
    with httpx.stream("POST", server.url + "/api/profile/observe", headers=auth(key), timeout=60,
                      json={"message": "Actually, my job is now nurse. What was my job again?"}) as resp:
        events = sse(resp)
    proposed = next(e for e in events if e["type"] == "profile_edit_proposed")
    assert proposed["text"] == "UPDATE job: nurse", events
    assert httpx.get(server.url + "/api/profile", headers=auth(key)).json()["profile"] == {"job": "nurse"}


def test_stated_part_drops_only_questions():
    from agenthn.agent.profile import stated_part

    assert stated_part("What is my job?") == ""
    assert stated_part("My job is nurse. What is my job?") == "My job is nurse."
    assert stated_part("My doctor is Dr. Ana Lee.") == "My doctor is Dr. Ana Lee."  # no '?': unchanged
    assert stated_part("Is it?\nMy job is baker") == "My job is baker"


# ---- test dependencies ---------------------------------------------------------------------------
def test_install_test_deps_installs_chromium_without_recommends():
    script = (ROOT / "scripts/install_test_deps.sh").read_text()
    installs = [ln for ln in script.splitlines() if re.search(r"apt-get install\b", ln)]
    assert installs, "the script no longer installs chromium with apt-get"
    for line in installs:
        assert "--no-install-recommends" in line, line
