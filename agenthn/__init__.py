"""AgentHN: agents that learn at the weight level. `agenthn.load("tiny")` returns a D2LModel."""

from agenthn.engine.d2l import D2LModel, load
from agenthn.model.adapter import Adapter, compose

__all__ = ["Adapter", "D2LModel", "compose", "load"]
