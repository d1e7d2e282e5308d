"""Ask smol one profile fact in several forms: for each case, a profile is kept (`Personalizer.edit`, its
adapter made), the entry the first form picks is worn (with copying, as a chat turn wears it), and every
form is asked of the model with that entry, so only the wording differs.

    python scripts/probe_question_forms.py scripts/question_forms/two_days.json [--json OUT]

A case file is a JSON list of [profile, [form, ...]]. Session 68 measured with it: two days worn
(`two_days.json`, seven profiles) asked "What is my <thing> day?" 5 of 7 right and "What are my <thing>
days?" 4 of 7 (the first kept); a degree subject (`degree.json`, five values) asked "What is my degree
subject?" 3 of 5 and "What is my degree?" 5 of 5 (the second kept); a relative's job (`relative_jobs.json`)
in five forms, "Being a ..." in some for every form but "What job does my ... have?". Right is read by a
person from the printed replies; the script scores nothing. 2-core CPU, about a minute a file.
"""

from __future__ import annotations

import argparse
import json
import tempfile

import agenthn
from agenthn.agent.profile import Personalizer, ProfileConfig
from agenthn.agent.turn import Turn, TurnOptions
from agenthn.bench.common import write_json
from agenthn.store import Store


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("cases", help="JSON list of [profile, [question form, ...]]")
    p.add_argument("--model", default="smol")
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT", help="write the replies to OUT")
    args = p.parse_args(argv)
    with open(args.cases) as f:
        cases = json.load(f)
    model = agenthn.load(args.model, device="cpu")
    store = Store(tempfile.mkdtemp() + "/probe.sqlite")
    out = []
    for i, (profile, forms) in enumerate(cases):
        person = Personalizer(model, store, None, store.create_user(f"u{i}")[0].id,
                              ProfileConfig(require_grounded=False))
        for key, value in profile.items():
            person.edit("ADD", key, value)
        person.refresh()
        first = [{"role": "user", "content": forms[0]}]
        part = person.prepare(Turn(first, forms[0], TurnOptions(profile=True)))
        adapter = part.adapters.get("profile")
        worn = person.copy_text(adapter)
        print(f"== {profile} | wears {worn!r}")
        replies = {}
        for form in forms:
            asked = [{"role": "user", "content": form}]
            replies[form] = person.engine.chat(asked, adapter, max_new_tokens=24, copy=part.copy)
            print(f"  {form} -> {replies[form]!r}")
        out.append({"profile": profile, "worn": worn, "replies": replies})
    if args.json_out:
        write_json(args.json_out, {"cases": args.cases, "model": args.model, "results": out})


if __name__ == "__main__":
    main()
