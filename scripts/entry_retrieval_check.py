"""How often entry retrieval picks the skill-sheet rule that holds the answer: whole words (TF-IDF, the
old entry index) against character 3-5-grams (`agent/retrieval.entry_index`), on held-out English skill
sheets (10 sheets of 4 rules, 4 tasks each, as `agenthn bench skills --docs 10 --rules 4 --problems 4`).
Questions whose answer no line holds (the computed late fee) are skipped. No model needed.

    python scripts/entry_retrieval_check.py [--seeds 0,1,2]

Session 43 adds "keys first": the n-grams' hits re-ordered as the profile's entry choice orders them
(`retrieval._keys_first`).
"""

from __future__ import annotations

import argparse

from agenthn.agent.retrieval import _keys_first, entry_index
from agenthn.agent.search import TfidfIndex
from agenthn.world.english_skills import skill_sheets


def hits(seed: int) -> dict[str, int]:
    found = {"asked": 0, "words": 0, "chars": 0, "keys": 0}
    for sheet in skill_sheets(10, seed, 4, 4, split="eval"):
        lines = tuple(x for x in sheet["doc"].split("\n") if x.strip())
        for question, answer in (t for task in sheet["tasks"] for t in task["turns"]):
            if not any(answer.lower() in x.lower() for x in lines):
                continue
            found["asked"] += 1
            for name, index in (("chars", entry_index(lines)), ("words", TfidfIndex(list(enumerate(lines))))):
                top = index.search(question, 1)
                found[name] += bool(top) and answer.lower() in lines[top[0][0]].lower()
            hits = [i for i, _ in entry_index(lines).search(question, len(lines))]
            hits = _keys_first([lines[i] for i in hits], hits, question)
            found["keys"] += bool(hits) and answer.lower() in lines[hits[0]].lower()
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="0,1,2")
    for seed in (int(s) for s in ap.parse_args().seeds.split(",")):
        f = hits(seed)
        print(f"seed {seed}: {f['asked']} questions; rule found by whole words {f['words']}, "
              f"by character n-grams {f['chars']}, keys first {f['keys']}")


if __name__ == "__main__":
    main()
