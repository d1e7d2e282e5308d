"""Which users' kept profiles differ between two profile-edit adapters, and on which turns.

`agenthn bench personalize` scores the profiles smol keeps itself (entry recall and precision, exact
profiles) but not which entries a new proposer adapter gains or loses. This runs the benchmark's
English users (held-out split, seed 0: 12 users, 3 sessions of 4 events, as the benchmark) through
both adapters and prints, for every user whose kept profile differs, each adapter's wrong or extra
entries, the missing ones, and the user's turns.

    python scripts/compare_profile_keeping.py CANDIDATE_DIR [--against DIR] [--users 12] [--json OUT]

--against defaults to the shipped adapter (agenthn/checkpoints/profile_smol). CPU, a few minutes each.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import agenthn
from agenthn.agent.profile_proposer import use_adapter_dir
from agenthn.bench import personalize

SHIPPED = Path(__file__).resolve().parents[1] / "agenthn" / "checkpoints" / "profile_smol"


def kept_profiles(adapter: Path, items: list[dict]) -> list[dict]:
    model = agenthn.load("smol", device="cpu")
    use_adapter_dir(model, adapter)
    keepers, _ = personalize.keep_profiles(model, items, Path(tempfile.mkdtemp()), refresh_every=3)
    return [p.profile() for p in keepers]


def wrong(kept: dict, gold: dict) -> tuple[dict, dict]:
    """Entries kept that the final profile lacks or has otherwise, and its entries not kept."""
    return ({k: v for k, v in kept.items() if gold.get(k) != v},
            {k: v for k, v in gold.items() if kept.get(k) != v})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("candidate", type=Path)
    ap.add_argument("--against", type=Path, default=SHIPPED)
    ap.add_argument("--users", type=int, default=12)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    items = personalize.load_items("english", args.users, 3, 4, 0)
    ways = {"against": kept_profiles(args.against, items), "candidate": kept_profiles(args.candidate, items)}
    golds = [it["profile"] for it in items]
    exact = {w: sum(k == g for k, g in zip(ps, golds, strict=True)) for w, ps in ways.items()}
    print(f"exact profiles: {args.against} {exact['against']} of {len(items)}, "
          f"{args.candidate} {exact['candidate']} of {len(items)}")
    rows = []
    for i, (it, old, new) in enumerate(zip(items, ways["against"], ways["candidate"], strict=True)):
        (x_old, m_old), (x_new, m_new) = wrong(old, it["profile"]), wrong(new, it["profile"])
        if (x_old, m_old) == (x_new, m_new):
            continue
        print(f"user {i}: against: extra {x_old} missing {m_old}\n"
              f"         candidate: extra {x_new} missing {m_new}")
        turns = personalize.user_turns(it["sessions"])
        print("".join(f"    | {t}\n" for t in turns), end="")
        rows.append({"user": i, "against": {"extra": x_old, "missing": m_old},
                     "candidate": {"extra": x_new, "missing": m_new}, "turns": turns})
    if args.json:
        args.json.write_text(json.dumps({"exact": exact, "users": len(items), "differ": rows}, indent=1))


if __name__ == "__main__":
    main()
