"""Values that cannot be memorized, with a hard train/eval partition.

Every generator takes a `random.Random` and a split ("train" or "eval"). The partition is structural,
so disjointness holds by construction rather than by luck:

- synthesized names and words: the first letter comes from a split-specific onset set;
- digit codes, years, dates: train draws have an even digit sum, eval draws an odd one;
- categorical values (colours, foods...) and phrasing lists: every third item is reserved for eval.
"""

from __future__ import annotations

import random

SPLITS = ("train", "eval")
TRAIN_ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t"]
EVAL_ONSETS = ["h", "j", "v", "w", "z", "y"]
ALL_ONSETS = TRAIN_ONSETS + EVAL_ONSETS
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


def word(rng: random.Random, split: str, n_syll: tuple[int, int] = (2, 3)) -> str:
    """An invented lowercase word; its first letter marks the split."""
    first = TRAIN_ONSETS if check_split(split) == "train" else EVAL_ONSETS
    parts = [syllable(rng, first)]
    parts += [syllable(rng, ALL_ONSETS) for _ in range(rng.randint(*n_syll) - 1)]
    return "".join(parts)


def name(rng: random.Random, split: str) -> str:
    return word(rng, split, (2, 2)).capitalize()


def full_name(rng: random.Random, split: str) -> str:
    return f"{name(rng, split)} {name(rng, split)}"


def place(rng: random.Random, split: str) -> str:
    return word(rng, split, (2, 3)).capitalize()


def digits(rng: random.Random, n: int, split: str) -> str:
    """n random digits, zero padded; the digit-sum parity encodes the split.

    Flipping the last digit by one changes the parity, and every target string is reached from
    exactly two sources, so draws stay uniform within the split.
    """
    ds = [rng.randrange(10) for _ in range(n)]
    if sum(ds) % 2 != (check_split(split) == "eval"):
        ds[-1] = (ds[-1] + 1) % 10
    return "".join(map(str, ds))


def number(rng: random.Random, lo: int, hi: int, split: str) -> int:
    """An integer in [lo, hi] whose digit sum has the split's parity."""
    want = check_split(split) == "eval"
    while True:
        v = rng.randint(lo, hi)
        if sum(map(int, str(v))) % 2 == want:
            return v


def year(rng: random.Random, split: str) -> str:
    return str(number(rng, 1200, 1990, split))


def date(rng: random.Random, split: str) -> str:
    """A day of the year; (month index + day) parity encodes the split."""
    want = check_split(split) == "eval"
    while True:
        m, d = rng.randrange(12), rng.randint(1, 28)
        if (m + d) % 2 == want:
            return f"{MONTHS[m]} {d}"
