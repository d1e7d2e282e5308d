"""A question asked twice in one conversation: does memory find the fact again, or the first asking?

For each hand-written conversation (`agenthn/bench/data/conversations.jsonl`, never trained on), its
turns go into a fresh memory through the agent's own turn loop (`AgentRuntime.chat`, memory on, the
profile off), then its question is asked, the exchange logged as every chat turn is, and asked again.
Each ask prints whether the retrieved segment holds the evidence (the answer's words in a user line)
and whether the reply contains the answer; the totals go to --json.

    python scripts/probe_reask.py --model smol --json results/smol_memory/reask.json
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from agenthn.agent.adapter_cache import AdapterCache
from agenthn.agent.runtime import GenerationSettings, RunContext, RuntimeRegistry, TurnOptions
from agenthn.engine.d2l import load
from agenthn.store import AdapterFiles, Store

DATA = Path(__file__).resolve().parent.parent / "agenthn" / "bench" / "data" / "conversations.jsonl"


def ingest(rt, conv: dict, opts: TurnOptions):
    """The conversation's turns logged as memory logs a chat, without generating its replies; its memory."""
    mem = rt.memories().get(opts.conversation_id)
    mem.add_turns([(t["role"], t["content"]) for t in conv["turns"]])
    return mem


def ask(rt, question: str, opts: TurnOptions, answers: list[str], texts) -> dict:
    events: list[dict] = []
    reply = rt.chat([{"role": "user", "content": question}], opts, RunContext(emit=events.append),
                    GenerationSettings(max_new_tokens=24))
    seg = next((e["segment_ids"] for e in events if e["type"] == "segments_retrieved"), [])
    lines = [ln for i in seg for ln in texts().get(i, "").splitlines() if ln.startswith("User:")]
    found = any(a.lower() in ln.lower() for a in answers for ln in lines)
    return {"reply": reply.text, "right": any(a.lower() in reply.text.lower() for a in answers),
            "evidence": found, "segments": seg}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="smol")
    ap.add_argument("--limit", type=int, default=0, help="the first N conversations (0: all)")
    ap.add_argument("--json", default=None, help="write the per-conversation rows and totals here")
    args = ap.parse_args()
    convs = [json.loads(x) for x in DATA.read_text().splitlines() if x.strip()]
    convs = convs[: args.limit] if args.limit else convs
    model = load(args.model)
    tmp = Path(tempfile.mkdtemp(prefix="reask-"))
    store = Store(tmp / "db.sqlite")
    runtimes = RuntimeRegistry(model, store, AdapterCache(files=AdapterFiles(tmp / "adapters", store)))
    rows, t0 = [], time.time()
    for conv in convs:
        user = store.create_user(conv["id"])[0]
        rt = runtimes.get(user.id)
        opts = TurnOptions(conversation_id=conv["id"], memory=True, profile=False)
        mem = ingest(rt, conv, opts)

        def texts(mem=mem):
            return {s["id"]: s["text"] for s in mem.segments()}
        first = ask(rt, conv["question"], opts, conv["answers"], texts)
        again = ask(rt, conv["question"], opts, conv["answers"], texts)
        rows.append({"id": conv["id"], "question": conv["question"], "first": first, "again": again})
        print(f"{conv['id']} {conv['question']!r}\n  first: evidence {first['evidence']:d} right "
              f"{first['right']:d} {first['reply']!r}\n  again: evidence {again['evidence']:d} right "
              f"{again['right']:d} {again['reply']!r}", flush=True)
    total = {k: {m: sum(r[k][m] for r in rows) for m in ("evidence", "right")} for k in ("first", "again")}
    print(f"{len(rows)} conversations in {time.time() - t0:.0f} s: first ask evidence "
          f"{total['first']['evidence']} right {total['first']['right']}; asked again evidence "
          f"{total['again']['evidence']} right {total['again']['right']}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"model": args.model, "total": total, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
