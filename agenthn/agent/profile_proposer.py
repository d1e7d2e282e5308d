"""How a base model is asked for profile edits: the chat and the adapter one proposal request uses.

Two task formats exist:

- "task": the tiny world's own format (`prompts.edit_prompt`), which the tiny base was trained on;
- "chat": an English chat base (smol) asked through its chat template (`prompts.en_edit_messages`).
  When the project ships a task adapter for that base (`checkpoints/profile_<model>/`, a PEFT LoRA
  trained by `agenthn.train.profile_adapter`), the request wears it and uses the short instruction
  it was trained on; without one, hand-written examples go in front of the turn (few-shot).

`ProfileConfig.proposer` picks: "auto" (task format for the world-trained bases, chat otherwise),
"task", "chat" (adapter when shipped, else few-shot) or "fewshot" (never the adapter).
"""

from __future__ import annotations

import json
import logging
import threading
import weakref
from pathlib import Path

from agenthn.agent import prompts
from agenthn.engine.loading import CHECKPOINTS
from agenthn.errors import AgentHNError
from agenthn.model.adapter import Adapter
from agenthn.model.config import reads_english

log = logging.getLogger(__name__)

PROPOSERS = ("auto", "task", "chat", "fewshot")
_ADAPTERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def adapter_dir(model) -> Path:
    """`profile_<model name>` when the project ships one, else the shipped one made for this model's
    base: the task adapter is a LoRA on the base alone, so a hypernetwork a user trained or averaged
    (a model directory of another name, e.g. runs/T0.75) proposes with it too rather than, silently,
    with the weaker examples-only prompt."""
    own = CHECKPOINTS / f"profile_{model.name}"
    if (own / "adapter_config.json").is_file():
        return own
    for d in sorted(CHECKPOINTS.glob("profile_*")):
        cfg = d / "adapter_config.json"
        base = json.loads(cfg.read_text()).get("base_model_name_or_path") if cfg.is_file() else None
        if base == model.base_model_id:
            return d
    return own


def task_adapter(model) -> Adapter | None:
    """The shipped profile-edit adapter for this model's base, or None when there is none (read once)."""
    with _LOCK:
        if model not in _ADAPTERS:
            _ADAPTERS[model] = _read(model, adapter_dir(model))
        return _ADAPTERS[model]


def use_adapter_dir(model, d: str | Path) -> Adapter:
    """Propose with the adapter in `d` instead of the shipped one, for this loaded model (to measure a
    candidate without overwriting the shipped adapter)."""
    adapter = _read(model, Path(d))
    if adapter is None:
        raise AgentHNError(f"no profile-edit adapter for {model.base_model_id!r} in {str(d)!r} "
                           "(adapter_config.json missing or made for another base)")
    with _LOCK:
        _ADAPTERS[model] = adapter
    return adapter


def _read(model, d: Path) -> Adapter | None:
    cfg_file = d / "adapter_config.json"
    if not cfg_file.is_file():
        return None
    base = json.loads(cfg_file.read_text()).get("base_model_name_or_path")
    if base != model.base_model_id:
        log.warning("profile adapter in %s is for %r, not %r: not used", d, base, model.base_model_id)
        return None
    from agenthn.model.peft_io import from_peft

    adapter = from_peft(d, model.hypernet.cfg.num_layers)
    model.check_adapter(adapter)
    return adapter


def resolve(model, proposer: str) -> str:
    """The concrete format and source for a model: "task", "adapter" or "fewshot"."""
    if proposer not in PROPOSERS:
        raise AgentHNError(f"unknown proposer {proposer!r} (one of {list(PROPOSERS)})")
    if proposer == "auto":
        proposer = "chat" if reads_english(model.base_model_id) else "task"
    if proposer == "chat":
        proposer = "adapter" if task_adapter(model) is not None else "fewshot"
    return proposer


def request(model, proposer: str, profile: dict[str, str], turn: str) -> tuple[list[dict], Adapter | None]:
    """(messages, adapter) that ask `model` for the edits `turn` implies to `profile`."""
    how = resolve(model, proposer)
    if how == "task":
        return [{"role": "user", "content": prompts.edit_prompt(profile, turn)}], None
    if how == "adapter":
        return prompts.en_edit_messages(profile, turn, few_shot=False), task_adapter(model)
    return prompts.en_edit_messages(profile, turn, few_shot=True), None


def propose_all(engine, requests: list[tuple[list[dict], Adapter | None]], max_new_tokens: int) -> list[str]:
    """The raw proposal for each `request` (as `request` returns them), all in one batched generation."""
    if not requests:
        return []
    return engine.chat_batch([m for m, _ in requests], adapters=[a for _, a in requests],
                             max_new_tokens=max_new_tokens)
