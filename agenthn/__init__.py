"""AgentHN: agents that learn at the weight level. `agenthn.load("smol")` returns a D2LModel.

Imports are lazy so `agenthn --help` answers without loading torch.
"""

__all__ = ["Adapter", "D2LModel", "compose", "load"]


def __getattr__(name):
    if name in ("D2LModel", "load"):
        from agenthn.engine import d2l

        return getattr(d2l, name)
    if name in ("Adapter", "compose"):
        from agenthn.model import adapter

        return getattr(adapter, name)
    raise AttributeError(f"module 'agenthn' has no attribute {name!r}")
