"""Our checkpoint format: a directory with `config.json` plus safetensors shards.

    config.json              format, base model (Hugging Face id or a sub-folder), target
                             modules, hypernetwork config, hypernet_id, chunking limits
    hypernet*.safetensors    hypernetwork weights, sharded so no file exceeds `max_shard_bytes`
    base/                    optional: the base model itself (the tiny model ships this way)
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from agenthn.errors import CheckpointError, UnknownModelError
from agenthn.model.config import HypernetConfig

FORMAT = "agenthn-d2l"
FORMAT_VERSION = 1
DEFAULTS = {
    "max_chunk_tokens": 512,  # documents are cut into chunks of at most this many tokens
    "max_doc_tokens": 16384,  # longer documents are refused (DocumentTooLongError)
    "doc_prefix_extra": "\n\n",  # D2L's empty system message leaves "\n\n" before the document
    "ctx_encoder": {"dtype": None, "quantize_4bit": False},
}


# The config.json keys `save_model_dir` writes itself: a loaded config minus these (and minus its
# base_model and target_modules arguments) is what a re-save passes on as `extra`.
SAVE_WRITES = ("format", "format_version", "hypernet", "hypernet_id", "shards")


def hypernet_id(state: dict[str, torch.Tensor]) -> str:
    """Content hash of the weights: adapters record it so a foreign hypernet's adapter is refused."""
    h = hashlib.sha256()
    for k in sorted(state):
        t = state[k].detach().to("cpu").contiguous()
        h.update(k.encode())
        h.update(str(t.dtype).encode())
        h.update(t.view(torch.uint8).numpy().tobytes() if t.numel() else b"")
    return h.hexdigest()[:16]


def _read_umask() -> int:
    old = os.umask(0)  # the only way to read it; done once, at import, before any thread writes files
    os.umask(old)
    return old


# A model directory is meant to be shared and loaded by others: its files get the mode an ordinary
# new file gets (0644 under the usual umask), where mkstemp and safetensors' writer leave 0600.
FILE_MODE = 0o666 & ~_read_umask()


def atomic_write_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.chmod(tmp, FILE_MODE)
    os.replace(tmp, path)


def save_model_dir(
    path: str | Path,
    cfg: HypernetConfig,
    state: dict[str, torch.Tensor],
    base_model: str,
    target_modules: dict[str, str],
    max_shard_bytes: int = 15 * 2**20,
    dtype: torch.dtype | None = None,
    **extra,
) -> Path:
    """Write a model directory; config.json is written last, so a crash leaves no loadable half."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    state = {k: (v.to(dtype) if dtype is not None and v.is_floating_point() else v)
                .detach().cpu().contiguous()
             for k, v in state.items()}
    shards, cur, size = [], {}, 0
    for k in sorted(state):
        nbytes = state[k].numel() * state[k].element_size()
        if cur and size + nbytes > max_shard_bytes:
            shards.append(cur)
            cur, size = {}, 0
        cur[k], size = state[k], size + nbytes
    shards.append(cur)
    for old in path.glob("hypernet*.safetensors"):
        old.unlink()
    names = []
    for i, shard in enumerate(shards):
        name = ("hypernet.safetensors" if len(shards) == 1
                else f"hypernet-{i + 1:05d}-of-{len(shards):05d}.safetensors")
        tmp = path / (name + ".tmp")
        save_file(shard, str(tmp))
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path / name)
        names.append(name)
    config = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "base_model": base_model,
        "target_modules": target_modules,
        "hypernet": cfg.to_dict(),
        "hypernet_id": hypernet_id(state),
        "shards": names,
        **{k: v for k, v in DEFAULTS.items() if k not in extra},
        **extra,
    }
    atomic_write_text(path / "config.json", json.dumps(config, indent=2))
    return path


def read_config(path: str | Path) -> dict:
    path = Path(path)
    cfg_path = path / "config.json"
    if not cfg_path.is_file():
        raise UnknownModelError(f"{str(path)!r} is not a model directory (no config.json)")
    try:
        config = json.loads(cfg_path.read_text())
    except json.JSONDecodeError as e:
        raise CheckpointError(f"{cfg_path}: invalid JSON ({e})") from e
    if config.get("format") != FORMAT:
        raise CheckpointError(f"{cfg_path}: format is {config.get('format')!r}, expected {FORMAT!r}")
    return {**DEFAULTS, **config}


def load_model_dir(path: str | Path) -> tuple[dict, HypernetConfig, dict[str, torch.Tensor]]:
    path = Path(path)
    config = read_config(path)
    state = {}
    for name in config["shards"]:
        try:
            state.update(load_file(str(path / name)))
        except Exception as e:  # safetensors raises several types for truncated or garbled files
            raise CheckpointError(f"{path / name}: cannot read ({e})") from e
    return config, HypernetConfig.from_dict(config["hypernet"]), state
