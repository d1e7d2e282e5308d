"""The seams of the runtime: layering, typed contracts and their on-disk compatibility."""

import ast
import json
import re
from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file

import agenthn
from agenthn.agent import prompts
from agenthn.model.adapter import FORMAT, Adapter, Provenance, _tensor_digest
from agenthn.model.config import ModelConfig

PKG = Path(agenthn.__file__).resolve().parent


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at top level or inside functions."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


def test_runtime_layers_never_import_the_world():
    offenders = []
    for layer in ("agent", "engine", "server", "store"):
        for f in sorted((PKG / layer).rglob("*.py")):
            bad = [m for m in imported_modules(f) if m == "agenthn.world" or m.startswith("agenthn.world.")]
            offenders += [f"{f.relative_to(PKG)}: {m}" for m in bad]
    assert not offenders, offenders


def test_world_renders_with_the_agent_prompts():
    from agenthn.world import skills, tasks, users

    assert tuple(users.ATTRS) == prompts.FACT_KEYS and tuple(users.PREF_VALUES) == prompts.PREF_KEYS
    assert tasks.edit_prompt is prompts.edit_prompt and tasks.note_prompt is prompts.note_prompt
    assert skills.NUDGE == prompts.NUDGE and users.TONE_WORD is prompts.TONE_WORD


def _tiny_tensors():
    g = torch.Generator().manual_seed(0)
    return {"down_proj.A": torch.randn(2, 3, 8, generator=g),
            "down_proj.B": torch.randn(2, 3, 4, generator=g)}


def test_adapter_files_with_the_old_free_meta_still_load(tmp_path):
    """Files written before Provenance: a flat meta dict, keys now typed or moved to `extra`."""
    tensors = _tiny_tensors()
    meta = {"source_hash": "abc", "base_model": "m", "hypernet_id": "h", "n_static": 1, "n_chunks": 2,
            "skills_source": "abc", "profile_edit_id": 7, "created_at": "2026-01-01T00:00:00Z"}
    header = {"format": FORMAT, "scale": "2.0", "meta": json.dumps(meta), "sha256": _tensor_digest(tensors)}
    save_file(tensors, str(tmp_path / "old.safetensors"), metadata=header)
    a = Adapter.load(tmp_path / "old.safetensors")
    assert (a.meta.n_static, a.meta.hypernet_id, a.meta.revision) == (1, "h", 7)
    assert a.meta.extra == {"n_chunks": 2, "skills_source": "abc"}
    back = Adapter.load(a.save(tmp_path / "new.safetensors"))
    assert back.meta == a.meta and json.loads(json.dumps(back.meta.to_dict()))["n_static"] == 1


def test_provenance_is_a_value():
    t = _tiny_tensors()
    a = Adapter({"down_proj": t["down_proj.A"]}, {"down_proj": t["down_proj.B"]}, 1.0,
                Provenance("s", n_static=1))
    dyn, static = a.split_static()
    assert (dyn.meta.n_static, static.meta.n_static, a.meta.n_static) == (0, 1, 1)
    assert a.scaled(2.0).meta is not a.meta


def test_model_config_from_a_checkpoint_dict():
    d = json.loads((PKG / "checkpoints/tiny/config.json").read_text())
    cfg = ModelConfig.from_dict(d)
    assert cfg.base_model_id == "agenthn/tiny-base" and cfg.max_chunk_tokens == 320
    assert ModelConfig.from_dict({**d, "base_model_id": None}).base_model_id == d["base_model"]


def test_every_feature_is_a_typed_context_provider(tmp_path):
    """Each feature the runtime composes implements the Feature protocol with the declared types."""
    import inspect
    import typing

    from agenthn.agent import improve, memories, profile, skills, turn

    for cls in (profile.Personalizer, skills.Skills, improve.Notes, memories.Memories):
        for name in ("prepare", "record"):
            want = typing.get_type_hints(getattr(turn.Feature, name))
            got = typing.get_type_hints(getattr(cls, name))
            assert got == want, (cls.__name__, name, got)
            assert list(inspect.signature(getattr(cls, name)).parameters) == \
                list(inspect.signature(getattr(turn.Feature, name)).parameters)


def test_features_are_wired_by_plain_imports():
    """No importlib or getattr lookups decide which features or commands exist."""
    for f in [PKG / "agent/runtime.py", PKG / "cli/main.py", PKG / "server/feature_routes.py"]:
        text = f.read_text()
        assert "importlib" not in text and "feature_module" not in text and 'getattr(mod' not in text, f


def test_agenthn_chat_is_the_only_chat_command(capsys):
    from agenthn.cli.main import build_parser

    parser = build_parser()
    assert parser.parse_args(["chat"]).func.__module__ == "agenthn.cli.server_cmds"
    with pytest.raises(SystemExit):
        parser.parse_args(["memory", "chat"])


def test_every_model_taking_command_defaults_to_smol():
    """A new user's `agenthn ask "..." "..."` runs on the English model, as serve and chat do."""
    from agenthn.cli.main import build_parser
    from agenthn.server.config import ServerConfig

    parser = build_parser()
    for argv in (["ask", "My cat is called Miso.", "What's my cat called?"], ["chat"]):
        assert parser.parse_args(argv).model == "smol", argv
    assert parser.parse_args(["serve"]).model is None and ServerConfig().model == "smol"  # the config decides


def readme_python_api_block() -> str:
    """The ```python block under the README's "## Python API" heading, as written."""
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = text.split("## Python API", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_python_api_example_runs(tmp_path, monkeypatch):
    import agenthn

    code = readme_python_api_block()
    monkeypatch.chdir(tmp_path)
    name = re.search(r'agenthn\.load\("(\w+)"\)', code).group(1)
    scope = {"text": "My pet is a dog named Rex.", "messages": [{"role": "user", "content": "Hi"}],
             "other": agenthn.load(name, device="cpu").internalize("I live in Paris.")}
    exec(compile(code, "README.md", "exec"), scope)
    assert isinstance(scope["s"].respond("What is my locker code?", max_new_tokens=4), str)
    assert (tmp_path / "seg.safetensors").is_file() and (tmp_path / "peft_dir").is_dir()


def test_every_model_option_says_what_it_takes():
    """`--help` of every command with --model explains it (the benchmarks' tiny default included)."""
    import argparse

    from agenthn.cli.main import build_parser

    def walk(parser, path):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, path + [name])
            elif "--model" in action.option_strings:
                yield " ".join(path), action

    found = dict(walk(build_parser(), []))
    assert "bench niah" in found and "serve" in found
    assert not [cmd for cmd, a in found.items() if not a.help], "--model without help"
    shown = {cmd: a.help % {"default": a.default} for cmd, a in found.items()}  # as --help prints it
    assert not [cmd for cmd, a in found.items() if a.default == "tiny" and "default tiny" not in shown[cmd]]


def test_serve_help_lists_every_setting_the_environment_can_give(capsys):
    """Each ServerConfig and Limits field, as `ServerConfig.from_env` reads it (AGENTHN_<FIELD>,
    AGENTHN_LIMITS__<FIELD>), with its description: none is only in the code."""
    from agenthn.cli.main import build_parser
    from agenthn.server.config import Limits, ServerConfig

    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for name, field in ServerConfig.model_fields.items():
        if name != "limits":
            assert f"AGENTHN_{name.upper()} {field.description}" in out, name
    for name, field in Limits.model_fields.items():
        assert f"AGENTHN_LIMITS__{name.upper()} {field.description}" in out, name
    env = {"AGENTHN_PROFILE_ASK_NAMED": "0", "AGENTHN_LIMITS__QUEUE_SIZE": "8"}
    config = ServerConfig.from_env(env)
    assert config.profile_ask_named is False and config.limits.queue_size == 8


def test_building_the_command_line_loads_no_server_dependency():
    """The list above is made only when `serve --help` is shown: made while building the parser, it
    imported pydantic for every command, and a training run on a GPU machine without it failed before
    its first step (session 43)."""
    import subprocess
    import sys

    code = ("import sys; from agenthn.cli.main import build_parser; build_parser(); "
            "print(sorted(m for m in ('pydantic', 'fastapi', 'uvicorn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "[]", out.stderr[-2000:]
