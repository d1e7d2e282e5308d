"""Averaging two checkpoints (agenthn.train.soup): the midpoint, the ends, the refusals, and loadable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import torch

import agenthn
from agenthn.errors import AgentHNError, CheckpointError
from agenthn.model.checkpoint import SAVE_WRITES, load_model_dir, save_model_dir
from agenthn.train.soup import soup

TINY = Path(agenthn.__file__).parent / "checkpoints" / "tiny"


def _perturbed(tmp: Path, reshape: str | None = None) -> Path:
    """A copy of tiny whose every float weight moved by a fixed random amount."""
    conf, cfg, state = load_model_dir(TINY)
    g = torch.Generator().manual_seed(0)
    state = {k: v + 0.01 * torch.randn(v.shape, generator=g) if v.is_floating_point() else v
             for k, v in state.items()}
    if reshape:
        state[reshape] = state[reshape].flatten()[:3].clone()
    out = tmp / "b"
    shutil.copytree(TINY / "base", out / "base")
    extra = {k: v for k, v in conf.items() if k not in (*SAVE_WRITES, "base_model", "target_modules")}
    return save_model_dir(out, cfg, state, conf["base_model"], conf["target_modules"], **extra)


def test_midpoint_ends_and_loads(tmp_path):
    b = _perturbed(tmp_path)
    _, _, sa = load_model_dir(TINY)
    _, _, sb = load_model_dir(b)
    mid = soup(str(TINY), str(b), 0.5, str(tmp_path / "mid"))
    conf, _, sm = load_model_dir(mid)
    k = next(k for k, v in sa.items() if v.is_floating_point() and v.numel() > 1)
    assert torch.allclose(sm[k], (sa[k] + sb[k]) / 2, atol=1e-6)
    assert not torch.equal(sm[k], sa[k])
    assert conf["soup"] == {"a": str(TINY), "b": str(b), "alpha": 0.5}
    start = soup(str(TINY), str(b), 0.0, str(tmp_path / "start"))
    assert load_model_dir(start)[0]["hypernet_id"] == load_model_dir(TINY)[0]["hypernet_id"]
    model = agenthn.load(str(mid))  # base/ came along, so the soup is a whole model directory
    assert model.internalize("Alice lives in Porto.") is not None


def test_saved_model_files_are_readable_by_others_as_any_new_file(tmp_path):
    """mkstemp and safetensors write 0600; a model directory is for sharing, so it follows the umask."""
    import os

    b = _perturbed(tmp_path)
    umask = os.umask(0)
    os.umask(umask)
    files = [f for f in b.iterdir() if f.is_file()]
    assert {f.name for f in files} >= {"config.json"} and any(f.suffix == ".safetensors" for f in files)
    assert {f.stat().st_mode & 0o777 for f in files} == {0o666 & ~umask}


def test_refuses_bad_alpha_and_mismatched_weights(tmp_path):
    with pytest.raises(AgentHNError, match="1.5"):
        soup(str(TINY), str(TINY), 1.5, str(tmp_path / "x"))
    _, _, sa = load_model_dir(TINY)
    name = sorted(k for k, v in sa.items() if v.numel() > 3)[0]
    b = _perturbed(tmp_path, reshape=name)
    with pytest.raises(CheckpointError, match="shape"):
        soup(str(TINY), str(b), 0.5, str(tmp_path / "y"))
    assert not (tmp_path / "y" / "config.json").exists()
