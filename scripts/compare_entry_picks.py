"""Whether a change to entry retrieval changes which skill-sheet rule a question takes.

    python scripts/compare_entry_picks.py [--base COMMIT] [--seeds N]

Loads `agenthn/agent/retrieval.py` as it was at COMMIT beside the working tree's, and for every question of
the English skill sheets (`world.english_skills.skill_sheets`, 20 sheets per seed and split) compares the
entries `_best` picks at k = 1 and 2 with TF-IDF alone (skills use no router). No model, seconds. Session 52
ran it for the key-said-whole rule (`--base dba0248`): every pick the same.
"""

from __future__ import annotations

import argparse
import subprocess
import types

from agenthn.agent import retrieval
from agenthn.world import english_skills


def old_retrieval(commit: str) -> types.ModuleType:
    src = subprocess.run(["git", "show", f"{commit}:agenthn/agent/retrieval.py"], capture_output=True,
                         text=True, check=True).stdout
    mod = types.ModuleType("retrieval_at_" + commit)
    exec(compile(src, f"retrieval.py@{commit}", "exec"), mod.__dict__)
    return mod


class _Entries:
    """An adapter's stand-in for `_best`: its entry lines alone, no gate key (so no router)."""

    def __init__(self, lines: list[str]):
        self.meta = types.SimpleNamespace(entries=[{"line": line} for line in lines], always_span=None)
        self.key = None


def questions(seeds: int):
    """(the sheet's entry lines, a question) for every question of every sheet."""
    for seed in range(seeds):
        for split in ("eval", "heldout", "train"):
            for sheet in english_skills.skill_sheets(20, seed, split=split):
                lines = sheet["doc"].strip().split("\n")
                yield from ((lines, q) for task in sheet["tasks"] for q, _ in task["turns"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="dba0248", help="the commit to compare with (default: dba0248)")
    ap.add_argument("--seeds", type=int, default=4, help="seeds per split (default: 4)")
    args = ap.parse_args()
    old = old_retrieval(args.base)
    total = changed = 0
    for lines, question in questions(args.seeds):
        for k in (1, 2):
            before = old._best(_Entries(lines), question, k)[0]
            now = retrieval._best(_Entries(lines), question, k)[0]
            total += 1
            if before != now:
                changed += 1
                print(f"changed: {question!r} {before} -> {now}")
    print(f"skill-sheet picks compared: {total}, changed: {changed}")

if __name__ == "__main__":
    main()
