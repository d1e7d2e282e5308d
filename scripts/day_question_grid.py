"""How a question of when a thing is done gets its day said back: one hand-made grid of users, each saying
one weekly habit and asking one question about it, played against a real `agenthn serve`
(`scripts/chat_serve.py`), for each way of asking given.

    python scripts/day_question_grid.py --ask "Which day is my {thing} day?" --said every \
        --json results/serve_chat/day_grid_B.json

Eight things (yoga, squash, tennis, swimming, chess, running, pottery, football) x three days (Monday,
Thursday, Saturday); `--said every` says each habit as "I do yoga every Monday.", `--said on` twice, as
"I do yoga on Mondays." and "I do yoga on Monday mornings.". `--ask` is the question, with {thing} (the
thing's word, "yoga") and {verb} (how it is done, "do yoga"); a reply is right where it says the day
("Monday" or "Mondays"). Session 60 measured `profile_pick`'s way of asking a worn day's question by it:
"What is my {thing} day?" 22 of 24 and 47 of 48, "Which day is my {thing} day?" 24 of 24 and 48 of 48,
but with `--said dancing` 6 of 6 against 4 of 6 ("Dancing is always on a ddd."), so "What is" stayed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

THINGS = {"yoga": "do yoga", "squash": "play squash", "tennis": "play tennis", "swimming": "go swimming",
          "chess": "play chess", "running": "go running", "pottery": "do pottery",
          "football": "play football"}
DAYS = ("Monday", "Thursday", "Saturday")
# `--said dancing`: six users who go dancing, each said another way (the day asked with the thing "dancing")
DANCING = (("I go dancing every Friday night.", "Friday"), ("I go dancing on Fridays.", "Friday"),
           ("I go dancing every Monday.", "Monday"), ("I go dancing on Saturday nights.", "Saturday"),
           ("I go salsa dancing every Thursday.", "Thursday"),
           ("I go dancing every Tuesday evening.", "Tuesday"))


def conversations(ask: str, said: str) -> list[dict]:
    """One conversation per thing, day and way of saying it: the habit, then the question."""
    if said == "dancing":
        ask = ask.format(thing="dancing", verb="go dancing")
        return [{"user": f"d{i}", "turns": [{"say": way}, {"say": ask, "expect": [day, day + "s"]}]}
                for i, (way, day) in enumerate(DANCING)]
    out = []
    for thing, verb in THINGS.items():
        for day in DAYS:
            ways = [f"I {verb} every {day}."] if said == "every" else [f"I {verb} on {day}s.",
                                                                      f"I {verb} on {day} mornings."]
            for way in ways:
                user = f"{thing}{day}" if said == "every" else f"{thing}{day}{len(way)}"
                out.append({"user": user, "turns": [{"say": way}, {"say": ask.format(thing=thing, verb=verb),
                                                                   "expect": [day, day + "s"]}]})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ask", required=True, help='the question, e.g. "When do I {verb}?" ({thing}, {verb})')
    p.add_argument("--said", choices=("every", "on", "dancing"), default="every",
                   help='"every": "I do yoga every Monday."; "on": "... on Mondays." and "... on Monday '
                        'mornings."; "dancing": six ways of going dancing (DANCING)')
    p.add_argument("--json", dest="json_out", required=True, metavar="OUT",
                   help="the run, as chat_serve writes it")
    args = p.parse_args(argv)
    try:
        args.ask.format(thing="yoga", verb="do yoga")
    except (KeyError, IndexError) as e:
        p.error(f"--ask may name only {{thing}} and {{verb}}: {args.ask!r} names {e}")
    with tempfile.TemporaryDirectory() as d:
        grid = Path(d) / "grid.json"
        grid.write_text(json.dumps({"conversations": conversations(args.ask, args.said)}, indent=1))
        chat = Path(__file__).with_name("chat_serve.py")
        done = subprocess.run([sys.executable, str(chat), "--conversations", str(grid),
                               "--json", args.json_out])
    if done.returncode:
        return done.returncode
    run = json.loads(Path(args.json_out).read_text())
    print(f"{args.ask!r} ({args.said}): {run['right']} of {run['questions']} right")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
