"""General questions asked in the middle of a real conversation with memory on: of the questions the
adapter-free base answers right, how many stay right (issue 17's retention, as a user meets it).

The retention eval applies an unrelated document's adapter to every question (v9: ~70% kept). In use,
memory applies a segment's adapter only when retrieval finds a segment for the question (word TF-IDF:
a shared word that is not a stop word), so many general questions run on the base alone. Here each of
the hand-written conversations (agenthn/bench/data/conversations.jsonl) is ingested by the memory
strategy the benchmarks use (live window 16 tokens, default segments), and general question i is
asked after conversation (i + 7r) mod 26 in repeat r, with that strategy's own prompt and adapters:

- memory-top1: the best segment's adapter, when retrieval finds one (the server's default, top_k=1);
- memory-all: every segment composed, for every question (the worst case);
- vanilla: no adapter, the newest turns that fit the 16-token live window in the prompt (what a few
  recent turns in context do; memory's own prompt holds none, having internalized them all: on smol,
  13 of the 26 conversations end in turns short enough for vanilla's window, none for memory's).

    agenthn bench retention-in-use [--model smol] [--repeat 4] [--json OUT]
"""

from __future__ import annotations

import logging

from agenthn.bench import eval_english as ee
from agenthn.bench.common import machine, markdown_table, write_json
from agenthn.bench.eval_internalize import ask_messages
from agenthn.errors import AgentHNError

log = logging.getLogger(__name__)

MODES = ("memory-top1", "memory-all", "vanilla")
LIVE_TOKENS = 16


def histories() -> list[list[dict]]:
    from agenthn.bench.public.english import conversations

    return [[{"role": t["role"], "content": t["content"]} for t in c["turns"]] for c in conversations()]


def strategies(model, history: list[dict], gate: bool = False) -> dict:
    """The three strategies on one conversation; the memory modes share one ingest (the same adapters)."""
    from agenthn.baselines import make

    share: dict = {}
    mem = {"share": share, "gate": gate}
    out = {m: make(m, model, live_tokens=LIVE_TOKENS, **(mem if m != "vanilla" else {})) for m in MODES}
    for s in out.values():
        s.ingest(history)
    return out


def one_repeat(model, kept: list[dict], convs: list[dict], shift: int) -> dict:
    """Every mode's replies to the kept questions, question i after conversation (i + shift)."""
    res = {}
    for mode in MODES:
        ctx = [convs[(i + shift) % len(convs)][mode].context(q["question"]) for i, q in enumerate(kept)]
        replies = ask_messages(model, [m for m, _ in ctx], [a for _, a in ctx], batch=32)
        right = [int(ee.grade(r, q["answers"])[0]) for r, q in zip(replies, kept, strict=True)]
        res[mode] = {"right": right, "with_adapter": [int(a is not None) for _, a in ctx],
                     "examples": [{"question": q["question"], "reply": r}
                                  for q, r, ok in zip(kept, replies, right, strict=True) if not ok][:5]}
    return res


def summarize(rows: list[dict]) -> dict:
    out = {}
    for mode in MODES:
        right = [x for r in rows for x in r[mode]["right"]]
        on = [x for r in rows for x in r[mode]["with_adapter"]]
        right_on = [x for x, a in zip(right, on, strict=True) if a]
        out[mode] = {"kept_pct": 100.0 * sum(right) / len(right), "pairs": len(right),
                     "with_adapter": sum(on),
                     "kept_with_adapter_pct": 100.0 * sum(right_on) / len(right_on) if right_on else None}
    return out


def run(model_name: str, repeat: int, json_out: str | None, device: str | None = None,
        gate: bool = False) -> dict:
    """`gate`: memory applies a retrieved segment's adapter only where the model's relevance gate opens."""
    import agenthn

    model = agenthn.load(model_name, device=device)
    qs, kept = ee.base_right_general(model)
    if not kept:
        raise AgentHNError(f"{model_name!r} answers none of the {len(qs)} general questions right: "
                           "there is nothing to keep (use an English model such as smol)")
    log.info("%d of %d general questions the base answers right", len(kept), len(qs))
    from tqdm import tqdm

    convs = [strategies(model, h, gate) for h in tqdm(histories(), desc="ingest conversations", unit="conv")]
    rows = [one_repeat(model, kept, convs, 7 * r) for r in tqdm(range(repeat), desc="passes", unit="pass")]
    summary = summarize(rows)
    table = [{"strategy": mode, "kept": s["kept_pct"],
              "asked with an adapter": f"{s['with_adapter']} of {s['pairs']}",
              "kept among those": s["kept_with_adapter_pct"]} for mode, s in summary.items()]
    print(markdown_table(table, list(table[0])))
    out = {"model": model_name, "hypernet_id": model.hypernet_id, "asked": len(qs), "base_right": len(kept),
           "conversations": len(convs), "repeat": repeat, "gate": gate and model.gate is not None,
           "live_tokens": LIVE_TOKENS, "summary": summary,
           "rows": rows, "machine": machine()}
    if json_out:
        write_json(json_out, out)
    return out

