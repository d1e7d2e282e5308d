"""Ask smol one profile fact in several forms: for each case, a profile is kept (`Personalizer.edit`, its
adapter made), the entry the first form picks is worn (with copying, as a chat turn wears it), and every
form is asked of the model with that entry, so only the wording differs.

    python scripts/probe_question_forms.py scripts/question_forms/two_days.json [--json OUT]

A case file is a JSON list of [profile, [form, ...]]. Session 68 measured with it: two days worn
(`two_days.json`, seven profiles) asked "What is my <thing> day?" 5 of 7 right and "What are my <thing>
days?" 4 of 7 (the first kept); a degree subject (`degree.json`, five values) asked "What is my degree
subject?" 3 of 5 and "What is my degree?" 5 of 5 (the second kept); a relative's job (`relative_jobs.json`)
in five forms, "Being a ..." in some for every form but "What job does my ... have?". Right is read by a
person from the printed replies, 2-core CPU, about a minute a file. A case may carry the words a right
reply says as a third element ([profile, forms, expect], as `scripts/chat_serve.py` scores them): then each
form's place is scored and the totals printed. Session 69 (`named_relatives.json`, written by
`scripts/build_named_forms.py`: the 197 chat questions that name someone the recorded profile holds,
asked as now, "What does my husband Arjun do?", and by the name alone, "What does Arjun do?"): 188 and
178 of 197 right, so the form stays (`question_forms_named_relatives_s69.json`, about 10 minutes).
"""

from __future__ import annotations

import argparse
import json
import tempfile

from chat_serve import is_right  # this folder's (run as `python scripts/...`)

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
    scores: list[int] = []
    for i, (profile, forms, *expect) in enumerate(cases):
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
        right = [is_right(replies[f], expect[0]) for f in forms] if expect else None
        if right:  # every scored case asks the same number of forms
            scores = [a + b for a, b in zip(scores or [0] * len(right), right, strict=True)]
        out.append({"profile": profile, "worn": worn, "replies": replies, "right": right})
    if scores:
        print("right, by form's place:", ", ".join(f"{n} of {len(cases)}" for n in scores))
    if args.json_out:
        write_json(args.json_out, {"cases": args.cases, "model": args.model, "results": out,
                                   "right_by_place": scores or None})


if __name__ == "__main__":
    main()
