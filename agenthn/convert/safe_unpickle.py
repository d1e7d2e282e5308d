"""A restricted pickle module for reading Sakana's Doc-to-LoRA `pytorch_model.bin` without their library.

Pass this module as `torch.load(..., weights_only=False, pickle_module=safe_unpickle)`. torch wraps our
`Unpickler` (it handles storages through `persistent_load` and resolves `*Storage` names itself), so
`find_class` only sees the remaining globals:

* the known `ctx_to_lora` / `peft` config classes and enums, matched BY CLASS NAME whatever the module
  (their demo pickled configs under the legacy path `ctx_to_lora.modeling_utils`), become inert
  stand-ins that only store attributes;
* torch's tensor-rebuild functions, dtypes, layouts, `torch.Size`, `torch.device`,
  `collections.OrderedDict` and a few container builtins are allowed;
* every other global is refused with `CheckpointError` naming `module.name`. Pickle resolves a global
  before the REDUCE that would call it, so a refused callable never runs.
"""

from __future__ import annotations

import _codecs
import builtins
import collections
import importlib
import io
import logging
import pickle

import torch

from agenthn.errors import CheckpointError

log = logging.getLogger(__name__)

# torch.load reads `Unpickler` and `load` off the module it is given; these complete the pickle surface.
PickleError = pickle.PickleError
UnpicklingError = pickle.UnpicklingError

# Config dataclasses pickle as NEWOBJ + BUILD(dict); enums as REDUCE(cls, (value,)).
CTX_TO_LORA_CLASSES = {"HypernetConfig", "AggregatorConfig", "CtxEncoderArguments",
                       "AGGREGATOR_TYPE", "CTX_ENCODER_TYPE"}
PEFT_CLASSES = {"LoraConfig", "LoraRuntimeConfig", "PeftType", "TaskType", "LoftQConfig", "EvaConfig",
                "CordaConfig", "ArrowConfig", "BdLoraConfig"}
ENUM_CLASSES = {"AGGREGATOR_TYPE", "CTX_ENCODER_TYPE", "PeftType", "TaskType"}

TORCH_FUNCTIONS = {
    ("torch._utils", "_rebuild_tensor"), ("torch._utils", "_rebuild_tensor_v2"),
    ("torch._utils", "_rebuild_tensor_v3"), ("torch._utils", "_rebuild_parameter"),
    ("torch._utils", "_rebuild_parameter_with_state"),
    ("torch._utils", "_rebuild_device_tensor_from_cpu_tensor"),
    ("torch._tensor", "_rebuild_from_type_v2"), ("torch.nn.parameter", "Parameter"),
    ("torch", "Size"), ("torch", "device"), ("torch", "Tensor"),
}
# pickle protocol 2 (torch.save's default) writes builtins under the Python 2 name `__builtin__`.
BUILTINS = {"set", "frozenset", "dict", "list", "tuple", "slice", "bytearray", "complex"}
OTHER = {("collections", "OrderedDict"): collections.OrderedDict,
         ("_codecs", "encode"): _codecs.encode}  # protocol 2 writes bytes as encode(str, latin1)


class Stub:
    """Permissive stand-in for a config dataclass: stores whatever state pickle gives it."""

    _origin = "?"

    def __new__(cls, *args, **kwargs):
        return object.__new__(cls)

    def __init__(self, *args, **kwargs):
        if args:
            self._args = args
        self.__dict__.update(kwargs)

    def __setstate__(self, state):
        # a dataclass with __slots__ pickles (dict_or_None, slots_dict); plain ones pickle a dict
        if isinstance(state, tuple) and len(state) == 2:
            for part in state:
                self.__dict__.update(part or {})
        elif isinstance(state, dict):
            self.__dict__.update(state)
        else:
            self._state = state

    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"<{self._origin}({fields})>"


class EnumStub(Stub):
    """Stand-in for an Enum (pickled as `cls(value)`); equal to its value, like their str-Enums."""

    def __init__(self, value=None, *args, **kwargs):
        self.value = value

    def __eq__(self, other):
        return self.value == (other.value if isinstance(other, EnumStub) else other)

    def __hash__(self):
        return hash(self.value)

    def __repr__(self):
        return f"<{self._origin}.{self.value}>"


_stub_cache: dict[str, type] = {}


def stub_class(module: str, name: str) -> type:
    """One stand-in class per class name (not per module, so legacy and current paths agree)."""
    if name not in _stub_cache:
        base = EnumStub if name in ENUM_CLASSES else Stub
        _stub_cache[name] = type(name, (base,), {"_origin": f"{module}.{name}", "__module__": __name__})
    return _stub_cache[name]


def plain(value):
    """An enum stand-in's value, or the value itself (their configs hold either)."""
    return value.value if isinstance(value, EnumStub) else value


def resolve(module: str, name: str):
    """The object a pickle global may refer to, or CheckpointError naming it."""
    root = module.split(".")[0]
    if root == "ctx_to_lora" and name in CTX_TO_LORA_CLASSES:
        return stub_class(module, name)
    if root == "peft" and name in PEFT_CLASSES:
        return stub_class(module, name)
    if module in ("builtins", "__builtin__") and name in BUILTINS:
        return getattr(builtins, name)
    if (module, name) in OTHER:
        return OTHER[(module, name)]
    if (module, name) in TORCH_FUNCTIONS and hasattr(importlib.import_module(module), name):
        return getattr(importlib.import_module(module), name)
    if module == "torch":
        obj = getattr(torch, name, None)
        if isinstance(obj, (torch.dtype, torch.layout, torch.memory_format)):
            return obj
    raise CheckpointError(f"checkpoint refers to a disallowed global {module}.{name}; refusing to load it")


class Unpickler(pickle.Unpickler):
    """The class torch.load subclasses; every global goes through `resolve`."""

    def find_class(self, module, name):
        return resolve(module, name)


def load(file, **kwargs):
    """`pickle.load` through the restricted unpickler (torch's legacy format calls this)."""
    return Unpickler(file, **kwargs).load()


def loads(data: bytes, **kwargs):
    return load(io.BytesIO(data), **kwargs)
