"""Values that cannot be memorized, with a hard train/eval partition.

Every generator takes a `random.Random` and a split ("train" or "eval"). The partition is structural,
so disjointness holds by construction rather than by luck:

- synthesized names, words, digit codes, years and dates: a value belongs to eval when a hash of
  its text falls in one third of the hash range. A model cannot learn a hash, so both splits look
  alike to it (an earlier rule by first letter and digit-sum parity was learnable: the base model
  reached 100% in-context recall on train values and 26% on eval values);
- categorical values (colours, foods...) and phrasing lists: every third item is reserved for eval.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable

SPLITS = ("train", "eval")
ALL_ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "h", "j", "v", "w", "z", "y"]
VOWELS = ["a", "e", "i", "o", "u"]
CODAS = ["", "", "", "n", "r", "l", "s", "k", "m"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def check_split(split: str) -> str:
    if split not in SPLITS:
        raise ValueError(f"split must be 'train' or 'eval', got {split!r}")
    return split


def part(items: list, split: str) -> list:
    """The split's share of a list: every third item (index 2, 5, 8...) belongs to eval."""
    want_eval = check_split(split) == "eval"
    return [x for i, x in enumerate(items) if (i % 3 == 2) == want_eval]


def pick(rng: random.Random, items: list, split: str):
    return rng.choice(part(items, split))


def syllable(rng: random.Random, onsets: list[str]) -> str:
    return rng.choice(onsets) + rng.choice(VOWELS) + rng.choice(CODAS)


def is_eval_value(text: str) -> bool:
    """Hash membership: one value in three (by blake2b of its text) is reserved for eval."""
    return hashlib.blake2b(text.encode(), digest_size=2).digest()[0] % 3 == 0


def draw(rng: random.Random, split: str, make: Callable[[], str]) -> str:
    """Rejection-sample `make()` until the value is in `split`; uniform within the split."""
    want = check_split(split) == "eval"
    while True:
        v = make()
        if is_eval_value(v) == want:
            return v


def word(rng: random.Random, split: str, n_syll: tuple[int, int] = (2, 3)) -> str:
    """An invented lowercase word, drawn from the split's share of all such words."""
    return draw(rng, split, lambda: "".join(syllable(rng, ALL_ONSETS) for _ in range(rng.randint(*n_syll))))


def name(rng: random.Random, split: str) -> str:
    return word(rng, split, (2, 2)).capitalize()


def full_name(rng: random.Random, split: str) -> str:
    return f"{name(rng, split)} {name(rng, split)}"


def place(rng: random.Random, split: str) -> str:
    return word(rng, split, (2, 3)).capitalize()


def digits(rng: random.Random, n: int, split: str) -> str:
    """n random digits, zero padded, from the split's share of all n-digit strings."""
    return draw(rng, split, lambda: "".join(str(rng.randrange(10)) for _ in range(n)))


def number(rng: random.Random, lo: int, hi: int, split: str) -> int:
    """An integer in [lo, hi] from the split's share."""
    return int(draw(rng, split, lambda: str(rng.randint(lo, hi))))


def year(rng: random.Random, split: str) -> str:
    return str(number(rng, 1200, 1990, split))


def date(rng: random.Random, split: str) -> str:
    """A day of the year from the split's share."""
    return draw(rng, split, lambda: f"{MONTHS[rng.randrange(12)]} {rng.randint(1, 28)}")
