"""Server over real HTTP on loopback: the stock `openai` client, streaming, errors, limits, operations.

One uvicorn (in a thread) serves a random tiny model for the whole module; tests that need the model
worker busy occupy its single thread with a blocking task, so admission and cancellation are
deterministic instead of timing-dependent.
"""

import json
import logging
import time

import httpx
import openai
import pytest
from server_helpers import BlockedWorker

import agenthn
from agenthn.server import events
from agenthn.server.app import create_app
from agenthn.server.config import Limits, ServerConfig
from agenthn.server.launch import ServerThread

ADMIN = "test-admin-key"


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def server(random_dirs, tmp_path_factory):
    model = agenthn.load(random_dirs["llama-test"], device="cpu")
    limits = Limits(max_body_bytes=20_000, max_message_tokens=300, per_user_concurrency=1, queue_size=2,
                    max_new_tokens=64)
    config = ServerConfig(model="tiny", data_dir=tmp_path_factory.mktemp("srv"), admin_key=ADMIN,
                          limits=limits)
    with ServerThread(create_app(config, model=model)) as srv:
        yield srv


def new_user(server, name: str) -> str:
    r = httpx.post(server.url + "/admin/users", json={"name": name},
                   headers={"Authorization": f"Bearer {ADMIN}"})
    assert r.status_code == 201, r.text
    return r.json()["api_key"]


def client(server, key: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url + "/v1", api_key=key, max_retries=0, timeout=30)


@pytest.fixture(scope="module")
def key(server):
    return new_user(server, "alice")


def model_id(server, key) -> str:
    return client(server, key).models.list().data[0].id


def wait_for(cond, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


# ---- OpenAI compatibility -------------------------------------------------------------------------
def test_models_and_chat_completion(server, key):
    c = client(server, key)
    mid = model_id(server, key)
    out = c.chat.completions.create(model=mid,
                                    messages=[{"role": "user", "content": "What is my locker code?"}],
                                    max_tokens=12)
    assert out.object == "chat.completion" and out.model == mid
    choice = out.choices[0]
    assert choice.message.role == "assistant" and isinstance(choice.message.content, str)
    assert choice.finish_reason in ("stop", "length")
    assert 0 < out.usage.completion_tokens <= 12
    assert out.usage.total_tokens == out.usage.prompt_tokens + out.usage.completion_tokens
    if choice.finish_reason == "length":
        assert out.usage.completion_tokens == 12


def test_streaming_matches_non_streaming(server, key):
    c, mid = client(server, key), model_id(server, key)
    messages = [{"role": "system", "content": "Be brief."},
                {"role": "user", "content": "Tell me about the fox."}]
    plain = c.chat.completions.create(model=mid, messages=messages, max_tokens=16)
    chunks = list(c.chat.completions.create(model=mid, messages=messages, max_tokens=16, stream=True,
                                            stream_options={"include_usage": True}))
    assert chunks[0].choices[0].delta.role == "assistant"
    assert len({ch.id for ch in chunks}) == 1
    text = "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices)
    assert text == plain.choices[0].message.content  # greedy: the same tokens either way
    finals = [ch for ch in chunks if ch.choices and ch.choices[0].finish_reason]
    assert len(finals) == 1 and finals[0].choices[0].finish_reason == plain.choices[0].finish_reason
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == plain.usage.completion_tokens


def test_raw_stream_ends_with_done(server, key):
    body = {"model": model_id(server, key), "messages": [{"role": "user", "content": "hi"}], "max_tokens": 4,
            "stream": True}
    with httpx.stream("POST", server.url + "/v1/chat/completions", json=body,
                      headers={"Authorization": f"Bearer {key}"}) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        frames = [line for line in r.iter_lines() if line]
    assert all(f.startswith("data: ") for f in frames)
    assert frames[-1] == "data: [DONE]"
    assert [json.loads(f[6:])["object"] for f in frames[:-1]] == ["chat.completion.chunk"] * (len(frames) - 1)


def test_agenthn_extra_body_persists_conversation(server, key):
    c, mid = client(server, key), model_id(server, key)
    out = c.chat.completions.create(model=mid, messages=[{"role": "user", "content": "remember 77"}],
                                    max_tokens=4,
                                    extra_body={"agenthn": {"conversation_id": "conv-x", "memory": True}})
    assert out.model_extra["agenthn"]["conversation_id"] == "conv-x"
    conv = httpx.get(server.url + "/api/conversations/conv-x",
                     headers={"Authorization": f"Bearer {key}"}).json()
    assert [t["role"] for t in conv["turns"]][:1] == ["user"] and conv["turns"][0]["content"] == "remember 77"


@pytest.mark.parametrize("kwargs, exc, code", [
    (dict(messages=[]), openai.BadRequestError, "invalid_request"),
    (dict(messages=[{"role": "user", "content": "hi"}], n=2), openai.BadRequestError, "invalid_request"),
    (dict(messages=[{"role": "user", "content": "hi"}], temperature=5), openai.BadRequestError,
     "invalid_request"),
    (dict(messages=[{"role": "user", "content": "word " * 400}]), openai.BadRequestError,
     "context_length_exceeded"),
    (dict(messages=[{"role": "user", "content": "hi"}], model="no-such-model"), openai.NotFoundError,
     "model_not_found"),
    (dict(messages=[{"role": "user", "content": "hi"}], extra_body={"agenthn": {"skills": ["nope"]}}),
     openai.NotFoundError, "not_found"),
    (dict(messages=[{"role": "user", "content": "hi"}], extra_body={"agenthn": {"memory": True}}),
     openai.BadRequestError, "invalid_request"),
])
def test_errors_in_openai_envelope(server, key, kwargs, exc, code):
    kwargs = {"model": model_id(server, key), "max_tokens": 4, **kwargs}
    with pytest.raises(exc) as info:
        client(server, key).chat.completions.create(**kwargs)
    err = info.value.body
    assert set(err) >= {"message", "type", "param", "code"} and err["code"] == code


def test_bad_keys_are_401(server):
    with pytest.raises(openai.AuthenticationError):
        client(server, "ahn_wrong").models.list()
    r = httpx.get(server.url + "/v1/models")
    assert r.status_code == 401 and r.json()["error"]["type"] == "authentication_error"


def test_body_size_limit(server, key):
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    big = json.dumps({"model": "x", "messages": [{"role": "user", "content": "a" * 30_000}]})
    r = httpx.post(server.url + "/v1/chat/completions", content=big, headers=headers)
    assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"

    def chunked():  # no Content-Length: counted while it arrives
        for _ in range(30):
            yield b"a" * 1000

    r = httpx.post(server.url + "/v1/chat/completions", content=chunked(), headers=headers)
    assert r.status_code == 413


# ---- limits: per-user concurrency (429), queue bound (503), cancellation --------------------------------
def _open_stream(server, key, cid=None, max_tokens=8):
    body = {"model": "default", "messages": [{"role": "user", "content": "hi"}], "max_tokens": max_tokens,
            "stream": True}
    if cid:
        body["agenthn"] = {"conversation_id": cid}
    cl = httpx.Client(timeout=30)
    req = cl.build_request("POST", server.url + "/v1/chat/completions", json=body,
                           headers={"Authorization": f"Bearer {key}"})
    return cl, cl.send(req, stream=True)


def test_users_generate_together_in_one_batch(server, key):
    """Requests of different users are decoded side by side by the batch engine (no global lock)."""
    bob = new_user(server, "bob-batch")
    with BlockedWorker(server):  # both jobs queue, then start at the same moment
        streams = [_open_stream(server, k, max_tokens=48) for k in (key, bob)]
    for cl, r in streams:
        assert r.status_code == 200
        assert [ln for ln in r.iter_lines() if ln][-1] == "data: [DONE]"
        r.close()
        cl.close()
    assert server.app.state.engine.stats()["peak_active"] >= 2


def test_concurrency_and_queue_limits(server, key):
    bob, carol = new_user(server, "bob"), new_user(server, "carol")
    c = client(server, key)
    with BlockedWorker(server):
        cl1, r1 = _open_stream(server, key)
        assert r1.status_code == 200
        with pytest.raises(openai.RateLimitError):  # alice already has her one job
            c.chat.completions.create(model="default", messages=[{"role": "user", "content": "x"}],
                                      max_tokens=2)
        cl2, r2 = _open_stream(server, bob)
        assert r2.status_code == 200  # the queue holds two
        with pytest.raises(openai.InternalServerError) as info:  # 503: queue full
            client(server, carol).chat.completions.create(model="default",
                                                          messages=[{"role": "user", "content": "x"}],
                                                          max_tokens=2)
        assert info.value.status_code == 503 and info.value.response.headers.get("retry-after")
    for cl, r in ((cl1, r1), (cl2, r2)):
        assert [ln for ln in r.iter_lines() if ln][-1] == "data: [DONE]"
        r.close()
        cl.close()
    wait_for(lambda: server.app.state.worker.admitted == 0)
    out = client(server, carol).chat.completions.create(model="default",
                                                        messages=[{"role": "user", "content": "x"}],
                                                        max_tokens=2)
    assert out.choices[0].finish_reason in ("stop", "length")


def test_disconnected_client_cancels_its_job(server, key):
    registry = server.app.state.metrics.registry
    cancelled = lambda: registry.get_sample_value("agenthn_cancelled_total")  # noqa: E731
    before = cancelled()
    with BlockedWorker(server):
        cl, r = _open_stream(server, key, cid="gone-early")
        next(r.iter_lines())  # the role chunk: admitted and queued
        r.close()
        cl.close()
        wait_for(lambda: cancelled() > before)  # the server noticed while the job was queued
    wait_for(lambda: server.app.state.worker.admitted == 0)
    r = httpx.get(server.url + "/api/conversations/gone-early", headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 404  # the job never ran: no turns were logged


# ---- native SSE run, run log, operations ------------------------------------------------------------------
def sse_events(server, key, path, body) -> list[dict]:
    with httpx.stream("POST", server.url + path, json=body, headers={"Authorization": f"Bearer {key}"},
                      timeout=60) as r:
        assert r.status_code == 200, r.read()
        return [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: ")]


def test_native_chat_run_is_recorded_and_typed(server, key):
    evs = sse_events(server, key, "/api/chat", {"message": "My locker code is 4821.", "max_tokens": 6})
    kinds = [e["type"] for e in evs]
    assert kinds[0] == "run_started" and kinds[-1] == "run_finished" and evs[-1]["status"] == "done"
    assert "context" in kinds and "usage" in kinds and kinds.count("turn_logged") >= 1
    assert [e["seq"] for e in evs] == list(range(len(evs)))
    for e in evs:
        events.validate(e)  # every event fits the schema the UI is built on
    run = httpx.get(server.url + f"/api/runs/{evs[0]['run_id']}",
                    headers={"Authorization": f"Bearer {key}"}).json()
    assert run["run"]["status"] == "done" and run["events"] == evs


def test_health_metrics_and_request_log(server, key, caplog):
    with caplog.at_level(logging.INFO, logger="agenthn.server.app"):
        assert httpx.get(server.url + "/health").json()["status"] == "ok"
        client(server, key).chat.completions.create(model="default",
                                                    messages=[{"role": "user", "content": "x"}],
                                                    max_tokens=3)
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("req ")]
    assert len(lines) == 2 and "/v1/chat/completions 200" in lines[1] and "completion_tokens=" in lines[1]
    text = httpx.get(server.url + "/metrics").text
    for name in ("agenthn_requests_total", "agenthn_request_latency_seconds_bucket", "agenthn_tokens_total",
                 "agenthn_adapters_cached", "agenthn_internalizations_total", "agenthn_time_to_first_token"):
        assert name in text, name
    assert 'route="/v1/chat/completions",status="200"' in text


def test_every_feature_run_fits_the_event_schema(server, key):
    runs = [("/api/skills", {"name": "rules", "document": "The zorbic of a and b is a plus b, times 2."}),
            ("/api/skills/solve", {"problem": "What is the zorbic of 2 and 3?", "skills": ["rules"],
                                   "max_tokens": 6}),
            ("/api/profile/observe", {"message": "My name is Tam."}),
            ("/api/chat", {"message": "hello", "conversation_id": "schema", "learn_profile": True,
                           "skills": ["rules"], "max_tokens": 4}),
            ("/api/improve", {"rounds": 1, "questions": [{"question": "Who built the tower?", "answer": "Zed",
                                                          "source": "Zed built the tower."}]})]
    seen = set()
    for path, body in runs:
        evs = sse_events(server, key, path, body)
        assert evs[-1] == {**evs[-1], "type": "run_finished", "status": "done"}, (path, evs[-3:])
        for e in evs:
            events.validate(e)
            seen.add(e["type"])
    assert {"skill_internalized", "skill_answer", "profile_edit_proposed", "profile_state",
            "adapters_composed", "round_started", "graded", "round_done"} <= seen


def test_limits_answer_before_the_stream_starts(server, key):
    headers = {"Authorization": f"Bearer {key}"}
    r = httpx.post(server.url + "/api/skills", json={"name": "big", "document": "word " * 1000},
                   headers=headers)
    assert r.status_code == 413 and r.json()["error"]["code"] == "document_too_long"
    body = {"model": "default", "messages": [{"role": "user", "content": "hi"}], "stream": True,
            "agenthn": {"skills": ["missing"]}}
    r = httpx.post(server.url + "/v1/chat/completions", json=body, headers=headers)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = httpx.post(server.url + "/api/chat", json={"message": "word " * 400}, headers=headers)
    assert r.status_code == 400 and r.json()["error"]["code"] == "context_length_exceeded"


def test_admin_key_is_generated_once(tmp_path, capsys):
    from agenthn.server.auth import ensure_admin
    from agenthn.store import Store

    store = Store(tmp_path / "s.sqlite")
    key = ensure_admin(store, None)
    assert key and key in capsys.readouterr().err
    assert store.user_for_key(key).is_admin
    assert ensure_admin(store, None) is None and capsys.readouterr().err == ""  # never shown again
    assert ensure_admin(store, "configured-key") is None and store.user_for_key("configured-key").is_admin


def test_terminal_chat(random_dirs, tmp_path):
    import subprocess
    import sys

    (tmp_path / "rules.txt").write_text("The zorbic of a and b is a plus b, times 2.")
    script = ("My locker code is 4821.\n/edit ADD name Tam\n/profile\n/memory\n/skill rules "
              f"{tmp_path / 'rules.txt'}\n/adapters\n/quit\n")
    out = subprocess.run([sys.executable, "-m", "agenthn.cli.main", "chat",
                          "--model", str(random_dirs["llama-test"]),
                          "--data-dir", str(tmp_path), "--conversation", "term", "--max-new-tokens", "4"],
                         input=script, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "name: Tam" in out.stdout and "2 turns logged" in out.stdout and "skills/rules:" in out.stdout


def test_a_reply_never_says_a_run_of_four_tokens_twice_unless_switched_off(server, key, monkeypatch):
    """The server's `no_repeat_ngram` (default 4) reaches the generation request of every reply; a
    random model's greedy replies loop, as smol's did to some statements, and the guard breaks them."""
    engine, handles = server.app.state.engine, []
    submit = engine.submit
    monkeypatch.setattr(engine, "submit", lambda req: handles.append(submit(req)) or handles[-1])
    c = client(server, key)
    runs = {}
    for n in (4, 0):
        monkeypatch.setattr(server.app.state.config, "no_repeat_ngram", n)
        for text in ("a a a a a a a a", "hello hello hello hello", "tell me a story"):
            c.chat.completions.create(model=model_id(server, key), max_tokens=64,
                                      messages=[{"role": "user", "content": text}])
        runs[n] = [(h.request.no_repeat_ngram, h.tokens) for h in handles]
        handles.clear()
    grams = [[tuple(t[i: i + 4]) for i in range(len(t) - 3)] for _, t in runs[0]]
    assert {n for n, _ in runs[4]} == {4} and {n for n, _ in runs[0]} == {0}
    assert any(len(set(g)) < len(g) for g in grams), "no unguarded reply repeats a run: nothing to test"
    for _, tokens in runs[4]:
        g = [tuple(tokens[i: i + 4]) for i in range(len(tokens) - 3)]
        assert len(set(g)) == len(g), tokens
