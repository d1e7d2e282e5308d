"""Schema fuzz: schemathesis generates requests from the app's OpenAPI document; no answer may be a 5xx.

Valid (positive) and invalid (negative) requests, a few per operation so the run stays short. Event
streams answer 200 before the run has happened, so their bodies are checked too: no `error` event with
a 5xx status may appear in them.
"""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
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
    config = ServerConfig(data_dir=tmp_path_factory.mktemp("fuzz"), admin_key=ADMIN, limits=limits)
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
                    assert not (event.get("type") == "error" and event.get("status", 500) >= 500), (case.body, event)

    check()
    if mode == GenerationMode.POSITIVE:  # the key was sent: valid requests got past authentication
        assert any(s != 401 for s in statuses), statuses
