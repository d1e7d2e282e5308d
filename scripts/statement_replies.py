"""Count what the replies to statements in chat runs say that the user never said.

    python scripts/statement_replies.py RUN.json [RUN.json ...] [--json OUT] [--examples N]

Reads the runs `scripts/chat_serve.py --json` writes and looks at the replies to the turns that carry no
"expect" (the statements and requests, which no score checks). Three counts, each per what the reply wore
(the profile's adapter, another adapter, nothing):
- restated: the reply says "your ... is X" / "you're X" and none of X's words of four letters or more was
  said by the user in that conversation so far ("Your birthday is 19th of December." to "My birthday is
  on the 30th of August."). A rough reading: a reply may praise in those words too ("Your favourite food
  is not only a delicious dish ..."), so the examples are printed to be read.
- foreign names: the reply names a first name of the training world's pool (`world.english_values`) that
  the user never said in that conversation ("Amara. I'm glad ..." to Rosa).
- looped: the reply says some three words in a row three times or more ("Mwara, mwara, mwara, ...",
  "I'm glad to have you as a guest. I'm glad to have you as a guest. ...").
- apologised: the reply says sorry or that it cannot help ("I'm sorry for any confusion, but as a chatbot
  designed to assist with cross-country skiing, I don't have the capability ...", to "I go cross-country
  skiing every Sunday."), where nothing was asked of it.
And the replies' mean length in words, how many acknowledge the statement ("Thanks for telling me ..."),
how many of those go on past a comma about the model itself ("..., I'm sorry for any misunderstanding."),
and how many stop right after "Thanks for telling me" and go on with a sentence of the model's own.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter

from agenthn.world.english_values import POOLS

_RESTATED = re.compile(r"\b(?:your|you're|you are)\b[^.!?]*?\b(?:is|are|was)\s+([^.!?,]+)", re.IGNORECASE)


_APOLOGY = re.compile(r"\b(?:i'm sorry|i am sorry|i apologi[sz]e|as a chatbot|as an ai|i don't have the "
                      r"(?:ability|capability)|not equipped|unable to (?:assist|help))\b", re.IGNORECASE)


# an acknowledgment (agent/opening.py) that goes on past a comma about the model itself ("Thanks for
# telling me about your brother, I'm sorry for any misunderstanding.")
_TURNED = re.compile(r"^Thanks for telling me[^.!?,]*,\s*(?:I|but)\b")
# or that stops right after "Thanks for telling me" and goes on with a sentence of its own ("Thanks for
# telling me. I'm sorry for any confusion.")
_WENT_ON = re.compile(r"^Thanks for telling me\.\s+\S")


def worn(turn: dict) -> str:
    return "profile" if "profile" in turn["adapters"] else ("other" if turn["adapters"] else "none")


def restated(reply: str, said: str) -> bool:
    m = _RESTATED.search(reply)
    words = [w for w in re.findall(r"[a-z0-9]+", m.group(1).lower()) if len(w) > 3] if m else []
    return bool(words) and not any(w in said for w in words)


def foreign_names(reply: str, said: str, names: set[str]) -> list[str]:
    return sorted(n for n in names if re.search(rf"\b{n}\b", reply) and not re.search(rf"\b{n}\b", said))


def looped(reply: str) -> bool:
    words = re.findall(r"[\w']+", reply.lower())
    runs = Counter(tuple(words[i: i + 3]) for i in range(len(words) - 2))
    return bool(runs) and max(runs.values()) >= 3


def count(paths: list[str]) -> tuple[dict, list[tuple]]:
    names = set(POOLS["first name"][0]) | set(POOLS["first name"][1])
    seen, made_up, named, loops, sorry, words, acked, turned, went_on = (Counter() for _ in range(9))
    examples = []
    for path in paths:
        with open(path) as f:
            run = json.load(f)
        said: dict[str, str] = {}
        for t in run["turns"]:
            said[t["conversation"]] = said.get(t["conversation"], "") + " " + t["user"]
            if t["expect"] is not None:
                continue
            kind, so_far = worn(t), said[t["conversation"]]
            seen[kind] += 1
            words[kind] += len(re.findall(r"[\w']+", t["reply"]))
            if restated(t["reply"], so_far.lower()):
                made_up[kind] += 1
                examples.append(("restated", kind, t["user"], t["reply"]))
            if foreign_names(t["reply"], so_far, names):
                named[kind] += 1
                examples.append(("foreign name", kind, t["user"], t["reply"]))
            if looped(t["reply"]):
                loops[kind] += 1
                examples.append(("looped", kind, t["user"], t["reply"]))
            if _APOLOGY.search(t["reply"]):
                sorry[kind] += 1
                examples.append(("apologised", kind, t["user"], t["reply"]))
            acked[kind] += t["reply"].startswith("Thanks for telling me")
            if _TURNED.search(t["reply"]):
                turned[kind] += 1
                examples.append(("turned", kind, t["user"], t["reply"]))
            went_on[kind] += bool(_WENT_ON.search(t["reply"]))
    totals = {k: {"replies": seen[k], "restated": made_up[k], "foreign_names": named[k], "looped": loops[k],
                  "apologised": sorry[k], "mean_words": round(words[k] / seen[k], 1),
                  "acknowledged": acked[k], "turned": turned[k], "went_on": went_on[k]} for k in seen}
    return totals, examples


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("runs", nargs="+", metavar="RUN.json", help="runs written by scripts/chat_serve.py --json")
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT", help="write the counts to OUT")
    p.add_argument("--examples", type=int, default=20, metavar="N", help="examples to print (default 20)")
    args = p.parse_args(argv)
    totals, examples = count(args.runs)
    for kind, row in sorted(totals.items()):
        print(f"{kind:8s} {row['replies']:4d} statement replies: {row['restated']} restate what the user "
              f"never said, {row['foreign_names']} name someone of the training world, "
              f"{row['looped']} loop, {row['apologised']} apologise; {row['mean_words']} words on average; "
              f"{row['acknowledged']} acknowledge, {row['turned']} of them turning to itself after a comma, "
              f"{row['went_on']} going on after a stop with a sentence of its own")
    for what, kind, user, reply in examples[: args.examples]:
        print(f"  [{what}, {kind}] {user[:60]!r} -> {reply[:90]!r}")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump({"runs": args.runs, "totals": totals,
                       "examples": [dict(zip(("what", "worn", "user", "reply"), e, strict=True))
                                    for e in examples]}, f, indent=1)


if __name__ == "__main__":
    main()
