"""`agenthn serve --dtype` / AGENTHN_DTYPE: the server loads its model in the asked dtype (float16 packs
the MLP gate/up projections and the output head on a CPU) and answers through the real openai client;
qint8, whose rows depend on each other, is refused by name."""

import openai
import pydantic
import pytest

from agenthn.server.app import create_app
from agenthn.server.config import ServerConfig
from agenthn.server.launch import ServerThread

pytestmark = pytest.mark.usefixtures("one_torch_thread")
ADMIN = "dtype-admin-key"


def test_dtype_comes_from_the_environment_and_qint8_is_refused():
    assert ServerConfig.from_env({"AGENTHN_DTYPE": "float16"}).dtype == "float16"
    env = {"AGENTHN_DTYPE": "float16"}
    assert ServerConfig.from_env(env, dtype="float32").dtype == "float32"  # the flag wins
    assert ServerConfig().dtype is None
    with pytest.raises(pydantic.ValidationError, match="dtype"):
        ServerConfig(dtype="qint8")


def test_serve_flag_and_server_config_accept_the_same_dtypes():
    from agenthn.cli.main import build_parser
    from agenthn.dtypes import DTYPES

    serve = next(a for a in build_parser()._subparsers._group_actions[0].choices["serve"]._actions
                 if a.dest == "dtype")
    for name in DTYPES:
        ok = name in serve.choices
        try:
            ServerConfig(dtype=name)
            assert ok, f"the server takes {name} but `agenthn serve --dtype` refuses it"
        except pydantic.ValidationError:
            assert not ok, f"`agenthn serve --dtype {name}` is offered but the server refuses it"


def test_server_loads_float16_and_answers(tmp_path):
    import httpx

    config = ServerConfig(model="tiny", device="cpu", dtype="float16", data_dir=tmp_path, admin_key=ADMIN)
    app = create_app(config)  # no model passed: the server loads it from the config at start
    with ServerThread(app) as srv:
        head = app.state.model.base.lm_head
        assert "quantized" in type(head).__module__  # packed, not the float32 nn.Linear
        r = httpx.post(srv.url + "/admin/users", json={"name": "ada"},
                       headers={"Authorization": f"Bearer {ADMIN}"})
        assert r.status_code == 201, r.text
        client = openai.OpenAI(base_url=srv.url + "/v1", api_key=r.json()["api_key"], max_retries=0,
                               timeout=60)
        reply = client.chat.completions.create(model=app.state.model_id, max_tokens=8,
                                               messages=[{"role": "user", "content": "Where is Melsk?"}])
        assert reply.choices[0].message.content is not None and reply.usage.completion_tokens > 0
