"""Schema fuzz: schemathesis generates requests from the app's OpenAPI document; no answer may be a 5xx.

Valid (positive) and invalid (negative) requests, a few per operation so the run stays short. Event
streams answer 200 before the run has happened, so their bodies are checked too: no `error` event with
a 5xx status may appear in them. The OpenAI route is also fuzzed with text that is not Unicode (a lone
surrogate, or bytes that are not UTF-8) put into one of a generated request's strings: a 400 naming that
field, never a 5xx.
"""

import json
import re

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

import agenthn
from agenthn.server.app import create_app
from agenthn.server.config import Limits, ServerConfig
from agenthn.server.launch import ServerThread

ADMIN = "fuzz-admin-key"
EXAMPLES = {GenerationMode.POSITIVE: 6, GenerationMode.NEGATIVE: 4}
SCHEMA = schemathesis.openapi.from_dict(create_app().openapi())  # no lifespan: the document only
OPERATIONS = [r.ok() for r in SCHEMA.get_all_operations()]
# Negative cases need something to break: operations with no parameters and no body have no invalid form.
CASES = [(op, mode) for op in OPERATIONS for mode in EXAMPLES
         if mode == GenerationMode.POSITIVE or {"parameters", "requestBody"} & set(op.definition.raw)]


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def server(random_dirs, tmp_path_factory):
    model = agenthn.load(random_dirs["llama-test"], device="cpu")
    limits = Limits(max_new_tokens=8, max_improve_rounds=1, per_user_concurrency=8)
    config = ServerConfig(model="tiny", data_dir=tmp_path_factory.mktemp("fuzz"), admin_key=ADMIN,
                          limits=limits)
    with ServerThread(create_app(config, model=model)) as srv:
        yield srv


@pytest.mark.parametrize("operation, mode", CASES, ids=[f"{op.label} {m.value}" for op, m in CASES])
def test_no_server_errors(server, operation, mode):
    statuses = []

    @settings(max_examples=EXAMPLES[mode], deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        response = case.call(base_url=server.url, headers={"Authorization": f"Bearer {ADMIN}"}, timeout=60)
        statuses.append(response.status_code)
        assert response.status_code < 500, (case.method, case.formatted_path, case.body, response.text[:500])
        if (response.headers.get("content-type") or [""])[0].startswith("text/event-stream"):
            for line in response.text.splitlines():
                if line.startswith("data: {"):
                    event = json.loads(line[6:])
                    failed = event.get("type") == "error" and event.get("status", 500) >= 500
                    assert not failed, (case.body, event)

    check()
    if mode == GenerationMode.POSITIVE:  # the key was sent: valid requests got past authentication
        assert any(s != 401 for s in statuses), statuses


# Strings of the OpenAI request that the server reads (extra fields it ignores are left alone).
READ = re.compile(r"^(model|user|messages\.\d+\.(role|content|name)|messages\.\d+\.content\.\d+\.(type|text)|"
                  r"agenthn\.(conversation_id|skills\.\d+))$")
BAD = st.sampled_from(["\ud800", "\udfff", "\udc80x", "a\ud83d"]) | st.text(
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3)


def _strings(value, path=""):
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}.{i}")


def _put(body, path: str, fn):
    *parents, last = path.split(".")
    for p in parents:
        body = body[int(p)] if isinstance(body, list) else body[p]
    if isinstance(body, list):
        body[int(last)] = fn(body[int(last)])
    else:
        body[last] = fn(body[last])


def test_openai_route_refuses_text_that_is_not_unicode(server):
    operation = next(op for op in OPERATIONS
                     if op.method.upper() == "POST" and op.path == "/v1/chat/completions")
    seen = {"lone surrogate": 0, "not UTF-8": 0}

    @settings(max_examples=40, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE), data=st.data())
    def check(case, data):
        for m in case.body.get("messages", []):  # the schema allows blank text the server refuses (400)
            if isinstance(m, dict) and isinstance(m.get("content"), str) and not m["content"].strip():
                m["content"] = "hi"
            elif isinstance(m, dict) and isinstance(m.get("content"), list):
                m["content"].append({"type": "text", "text": "hi"})
        msgs = case.body.get("messages")
        if isinstance(msgs, list) and all(isinstance(m, dict) and m.get("role") in ("system", "developer")
                                          for m in msgs):  # also refused (400) for that reason first
            msgs.append({"role": "user", "content": "hi"})
        paths = [p for p in _strings(case.body) if READ.match(p)]
        if not paths:
            return
        path = data.draw(st.sampled_from(paths))
        pos = data.draw(st.integers(0, 8))
        if data.draw(st.booleans()):
            bad = data.draw(BAD)
            seen["lone surrogate"] += 1
            _put(case.body, path, lambda v: v[:pos] + bad + v[pos:])
            response = case.call(base_url=server.url, headers={"Authorization": f"Bearer {ADMIN}"},
                                 timeout=60)
            status, error = response.status_code, response.json().get("error", {})
        else:  # raw bytes: the generated body with invalid UTF-8 spliced into the chosen string
            seen["not UTF-8"] += 1
            _put(case.body, path, lambda v: v[:pos] + "\x00MARK\x00" + v[pos:])
            raw = json.dumps(case.body).encode().replace(b"\\u0000MARK\\u0000", b"\xff\xc3(")
            response = httpx.post(server.url + case.formatted_path, content=raw, timeout=60,
                                  headers={"Authorization": f"Bearer {ADMIN}",
                                           "Content-Type": "application/json"})
            status, error = response.status_code, response.json().get("error", {})
        assert status == 400, (path, case.body, response.text[:500])
        field = error.get("param") or ""
        # the field, or the list holding it
        assert field and (path + ".").startswith(field + "."), (path, error)
        assert error["message"].startswith(field + ": "), error

    check()
    assert all(seen.values()), seen
    metrics = httpx.get(server.url + "/metrics").text
    assert not re.search(r'agenthn_requests_total\{method="POST",route="/v1/chat/completions",'
                         r'status="5\d\d"\}', metrics)
