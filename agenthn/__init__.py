"""AgentHN: agents that learn at the weight level. `agenthn.load("smol")` returns a D2LModel.

Imports are lazy so `agenthn --help` answers without loading torch.
"""

import os

__all__ = ["Adapter", "D2LModel", "compose", "load"]

# PyTorch's OpenMP on Linux (libgomp) lets an idle worker spin only ~100 times before it sleeps once
# more threads use OpenMP than there are cores, and a server always has more: the decode thread and
# the thread that loaded the model each keep a team. Waking the sleeping worker for each of the ~240
# parallel regions of a decode step cost 8 users on 2 cores a quarter of their tokens/s
# (`python scripts/probe_omp_threads.py`). ACTIVE spins ten times longer there; the spin count keeps
# libgomp's default otherwise (~3 ms), so an idle team does not spin for minutes. libgomp reads these
# once, when torch loads, so this runs before any import of torch (a program that imports torch before
# agenthn keeps libgomp's defaults); a user's own setting of either wins.
if "OMP_WAIT_POLICY" not in os.environ and "GOMP_SPINCOUNT" not in os.environ:
    os.environ["OMP_WAIT_POLICY"] = "ACTIVE"
    os.environ["GOMP_SPINCOUNT"] = "300000"


def __getattr__(name):
    if name in ("D2LModel", "load"):
        from agenthn.engine import d2l

        return getattr(d2l, name)
    if name in ("Adapter", "compose"):
        from agenthn.model import adapter

        return getattr(adapter, name)
    raise AttributeError(f"module 'agenthn' has no attribute {name!r}")
