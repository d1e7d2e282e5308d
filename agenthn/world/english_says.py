"""More statement phrasings for every training attribute, drawn only when a run asks (issue 17).

`bench.train_gap` measured smol's hypernetwork (v8) reading a one-fact document's value tokens 0.94 of
the time in a training phrasing and 0.83 in a held-out one: each training attribute had about three
statement templates (`Attr.says`), so the hypernetwork learned those templates more than English. The
parts below add five or six more per training attribute, in other shapes (value first, relative
clauses, clefts, "Shed code? {v}.", two short clauses). The held-out attributes get none, and no
template repeats a held-out phrasing's shape (tests/test_english_says.py).

They are off unless a training run sets `hyper.more_says`, so the documents of every earlier stage,
and all held-out splits, stay byte for byte what they were:

    with extra_says(True):
        english.english_samples(...)   # the corpus's statements also draw from EXTRA_SAYS
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from agenthn.world.english_says_lore import EXTRA_SAYS as _LORE
from agenthn.world.english_says_m1 import EXTRA_SAYS as _M1
from agenthn.world.english_says_m2 import EXTRA_SAYS as _M2
from agenthn.world.english_says_p1 import EXTRA_SAYS as _P1
from agenthn.world.english_says_p2 import EXTRA_SAYS as _P2

_PARTS = (_P1, _P2, _M1, _M2, _LORE)
EXTRA_SAYS: dict[str, tuple[str, ...]] = {k: v for part in _PARTS for k, v in part.items()}
if len(EXTRA_SAYS) != sum(map(len, _PARTS)):  # a key in two parts would silently lose one of them
    raise ValueError("a key is in more than one english_says part")

# A context variable, not a parameter: the corpus's builders share one signature, and only the
# statement picker (`english._say_all`) reads it.
_ON: ContextVar[bool] = ContextVar("english_extra_says", default=False)


def extra_says_on() -> bool:
    return _ON.get()


@contextmanager
def extra_says(on: bool) -> Iterator[None]:
    """Within the block, the train split's statements also draw from EXTRA_SAYS (when `on`)."""
    token = _ON.set(on)
    try:
        yield
    finally:
        _ON.reset(token)
