"""How smol acknowledges a statement about the user under different openings, and with the turn fed as
typed or as written (`profile_clauses.as_written`): the chat files' statements that `tells_about_user`
takes (held-out files left out), a sample of them, each answered with no history and no adapter,
decoded greedily up to where `opening.Closing` ends the reply, as the runtime does.

    python scripts/probe_acknowledgment.py [--n 40] [--seed 3] [--lower] [--written]
        [--openings "Thanks for telling me" "Thanks for telling me about"] [--json OUT]

Session 68 (`results/serve_chat/acknowledgment_openings_s68.json`, 40 statements, seed 3): opened
"Thanks for telling me", 12 stopped there and went on with a sentence of their own, 2 apologising ("Thanks
for telling me. I'm sorry for any confusion."); opened "... about", none (the runtime's opening since).
With --lower --written (`acknowledgment_written_s68.json`, 40 lower-case statements, seed 5): 18 changed
when the turn was fed as written, 11 better by our reading ("your wife, my dear." -> "your wife,
Thandi.", names with their capitals), 2 worse ("your favorite drink." for a barista, "your fiancé." for a
girlfriend); not yet taken (it changes the reply memory keeps of each turn). The replies are printed to be
read; the script scores nothing. 2-core CPU, a few minutes.
"""

from __future__ import annotations

import argparse
import glob
import json
import random
from pathlib import Path

import agenthn
from agenthn.agent.opening import Closing, tells_about_user
from agenthn.agent.profile_clauses import as_written
from agenthn.bench.common import write_json
from agenthn.engine.batching import Request, shared_engine
from agenthn.engine.generate import stream_text

DATA = Path(__file__).resolve().parents[1] / "agenthn/bench/data"
HELD_OUT = {"s58b", "s59b", "s60b", "s61b", "s62b", "s62h", "s63b", "s63h", "s64b", "s64h", "s65b", "s65h",
            "s66b", "s66h", "s67b", "s67h", "s68b", "s68h"}


def statements(lower: bool) -> list[str]:
    """The statements of the chat files the acknowledgment takes (lower-case ones only with `lower`)."""
    found = []
    for path in sorted(glob.glob(str(DATA / "serve_chat_en*.json"))):
        if Path(path).stem.removeprefix("serve_chat_en_") in HELD_OUT:
            continue
        with open(path) as f:
            for conv in json.load(f)["conversations"]:
                found += [t["say"] for t in conv["turns"] if "expect" not in t and tells_about_user(t["say"])
                          and (not lower or as_written(t["say"]) != t["say"])]
    return found


def acknowledge(model, engine, message: str, opens: str) -> str:
    ids = model.prompt_ids([{"role": "user", "content": message}])
    ids += model.tokenizer(opens, add_special_tokens=False)["input_ids"]
    handle = engine.submit(Request(ids, None, 64, None, 0.0, None, None, 4))
    try:
        return opens + "".join(Closing(opens).shown(stream_text(model.tokenizer, iter(handle))))
    finally:
        handle.cancel()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=40, help="statements sampled (default 40)")
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--lower", action="store_true", help="only statements as_written changes (lower case)")
    p.add_argument("--written", action="store_true", help="also feed each statement as written")
    p.add_argument("--openings", nargs="+", default=["Thanks for telling me", "Thanks for telling me about"])
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT")
    args = p.parse_args(argv)
    said = statements(args.lower)
    random.seed(args.seed)
    sample = random.sample(said, min(args.n, len(said)))
    model = agenthn.load("smol", device="cpu")
    engine = shared_engine(model)
    rows = []
    for text in sample:
        fed = {"typed": text, **({"written": as_written(text)} if args.written else {})}
        row = {"statement": text, "replies": {f"{how} | {o}": acknowledge(model, engine, t, o)
                                              for how, t in fed.items() for o in args.openings}}
        print(text)
        for how, reply in row["replies"].items():
            print(f"    [{how}] {reply}")
        rows.append(row)
    if args.json_out:
        write_json(args.json_out, {"n": len(rows), "seed": args.seed, "openings": args.openings,
                                   "written": args.written, "rows": rows})


if __name__ == "__main__":
    main()
