"""Write a case file for `scripts/probe_question_forms.py`: every scored chat question that names someone the
user's recorded profile holds by name ("what does arjun do?" beside `husband name: Arjun`), in the two forms
it could be asked of the model: as the runtime asks it now, the name said with who they are ("What does my
husband Arjun do?", `relations.about_subject`), and by the name alone ("What does Arjun do?"), with the
words a right reply says (the chat file's "expect").

    python scripts/build_named_forms.py [--tags final_s69 s69 final_s68 s68] [--out FILE] [--kin]

`--kin` adds a third form, by who they are alone ("What does my husband do?"): session 70 saw "What does my
partner Amy do?" get "Being Amy's partner means you work long hours." where "What does my partner do?" got
"Your partner is a midwife." (`scripts/question_forms/named_relatives_kin.json`, tags final_s70 d_s70 c_s70
b_s70 s70 final_s69 s69 final_s68 s68: 217 questions; `results/smol_personalize/
question_forms_named_relatives_kin_s70.json`, 2-core CPU): asked as now 203, by the name alone 192, by who
they are alone 207 of 217; over the 198 questions of earlier sessions' chats 189 / 179 / 190 (who they are
alone right where the form now is wrong 4 times, wrong where it is right 3), over session 70's 19 14 / 13 /
17. The form was not changed: every chat file but the held-out ones asks such a question (102 files), so
a change needs them all run again.

A file's profile is the one its newest run recorded (`results/serve_chat/chat_<name>_<tag>.json`, the first
tag that exists), so the profile is the whole conversation's, as a late question in it sees it. Session 69
wrote `scripts/question_forms/named_relatives.json` with it (197 questions).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from agenthn.agent.relations import about_subject

ROOT = Path(__file__).resolve().parent.parent
DATA, RUNS = ROOT / "agenthn/bench/data", ROOT / "results/serve_chat"


def recorded(name: str, tags: list[str]) -> dict | None:
    """The profiles the newest run of a chat file kept (user name -> profile), or None where none ran."""
    for tag in tags:
        run = RUNS / f"chat_{name}_{tag}.json"
        if run.exists():
            return json.loads(run.read_text())["profiles"]
    return None


def cases(tags: list[str], kin: bool = False) -> list[list]:
    """[profile, [asked now, by the name alone], expect] for each scored question naming a held person;
    `kin`: by who they are alone as well."""
    out = []
    for path in sorted(DATA.glob("serve_chat_en_s*.json")):
        profiles = recorded(path.stem.removeprefix("serve_chat_en_"), tags)
        for conv in json.loads(path.read_text())["conversations"] if profiles else []:
            profile = profiles.get(conv["user"], {})
            for turn in conv["turns"]:
                subject = about_subject(turn["say"], profile) if turn.get("expect") else None
                if subject is not None and subject.asked:
                    alone = subject.asked.replace(f"my {subject.subject} ", "", 1)
                    whose = re.sub(rf"(\bmy {re.escape(subject.subject)}) [A-Z][\w'-]*", r"\1", subject.asked)
                    forms = [subject.asked, alone] + ([whose] if kin else [])
                    out.append([profile, forms, turn["expect"]])
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tags", nargs="+", default=["final_s69", "s69", "final_s68", "s68"],
                   help="run tags to take each file's recorded profile from, newest first")
    p.add_argument("--out", default=str(ROOT / "scripts/question_forms/named_relatives.json"))
    p.add_argument("--kin", action="store_true", help="a third form: by who they are alone")
    args = p.parse_args(argv)
    found = cases(args.tags, args.kin)
    Path(args.out).write_text(json.dumps(found) + "\n")
    print(f"{len(found)} questions -> {args.out}")


if __name__ == "__main__":
    main()
