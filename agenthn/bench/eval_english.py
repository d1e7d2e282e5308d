"""`agenthn eval internalize` for English base models (smol): recall, composition, retention, paragraphs.

Every cell is held out from training (`agenthn.world.english`, split "heldout": question and statement
phrasings, attribute kinds and values never trained on) or written by hand (`bench/data`). Each
question is asked greedily three ways: the document in context (system message), internalized (the
document's adapter, no document), and neither. A reply is graded two ways: the answer contained in
it (case-insensitive) and exact match (the reply, stripped of punctuation, is the answer).

- facts: documents stating 1, 4, 8 and 16 facts (first-person notes, bios, chats in passing);
- composition: a 16-fact document cut into k sentence groups, each internalized alone and the k
  adapters composed (k = 1, 2, 4, 8, 16);
- retention: general questions (hand-written) that the base answers right with no adapter, asked
  again under the adapter of an unrelated document: an adapter must leave them alone;
- paragraphs: short hand-written English paragraphs, one question each.

Where the model has a relevance gate (engine/gate.py), facts, retention and paragraphs are also asked
`gated`: each row's adapter applied only where the gate finds the question concerns it, else the base
alone; the rows it opened are kept (`open`), so the gate's own errors are visible beside its effect.
Where it also has a sentence router (engine/router.py), they are asked `routed`: where the gate opens,
the adapter of the document's sentence the router ranks first, with the whole adapter composed in for
documents of at most `RouterConfig.whole_max_parts` sentences (`D2LModel.route`).
"""

from __future__ import annotations

import json
import logging
import random
import re
import statistics
from pathlib import Path

from agenthn.bench import eval_internalize
from agenthn.bench.common import machine, write_json
from agenthn.engine.copying import CopySource
from agenthn.engine.router import split_sentences
from agenthn.model.adapter import compose

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
FACT_SIZES = (1, 4, 8, 16)
SEGMENTS = (1, 2, 4, 8, 16)
KINDS = ["facts", "bio", "chat"]
SEED = 4242
SETS_SEED = SEED + 1000  # retention's other document sets: none of them the eval's own


def norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def grade(reply: str, answers: list[str]) -> tuple[bool, bool]:
    """(contained, exact) against any acceptable answer."""
    r = norm(reply)
    contained = any(norm(a) and f" {norm(a)} " in f" {r} " for a in answers)
    return contained, any(r == norm(a) for a in answers)


def read_jsonl(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text().splitlines() if line.strip()]


def fact_items(n: int, n_facts: int, seed: int = SEED) -> list[tuple[str, str, list[str]]]:
    """(document, question, answers): one random question per held-out document of exactly n_facts
    (another `seed` draws other documents; the default's are the ones every eval so far asked)."""
    from agenthn.world import english

    rng = random.Random(f"eval-{n_facts}" if seed == SEED else f"eval-{seed}-{n_facts}")
    out = []
    for s in english.english_samples(n * 3, seed + n_facts, "heldout", kinds=KINDS,
                                     n_facts=(n_facts, n_facts)):
        if s.meta.get("n_facts") == n_facts and len(out) < n:
            qa = rng.choice(s.qas)
            out.append((s.doc, qa.question, [qa.answer]))
    return out


def ask(model, questions: list[str], docs: list[str] | None = None, adapters: list | None = None,
        max_new_tokens: int = 24, copies: list | None = None) -> list[str]:
    """Greedy replies, as the tiny world's eval asks, with shorter answers by default (`copies`: each
    row's source to finish values from, none in context)."""
    return eval_internalize.ask(model, questions, docs, adapters, batch=32, max_new_tokens=max_new_tokens,
                                copies=copies)


def score(replies: list[str], answers: list[list[str]]) -> dict:
    graded = [grade(r, a) for r, a in zip(replies, answers, strict=True)]
    n = max(len(graded), 1)
    return {"contained": 100.0 * sum(c for c, _ in graded) / n,
            "exact": 100.0 * sum(e for _, e in graded) / n,
            "n": len(graded),
            # question by question (answer contained): two checkpoints asked the same questions compare
            # paired (bench.compare_evals), which tells a real difference from a draw's noise
            "right": [int(c) for c, _ in graded]}


def three_ways(model, items: list[tuple[str, str, list[str]]], examples: int = 3,
               copy_beta: float = 0.0) -> dict:
    docs, qs, answers = (list(x) for x in zip(*items, strict=True))
    adapters = eval_internalize.adapters_for(model, docs)
    replies = {"icl": ask(model, qs, docs=docs), "internalized": ask(model, qs, adapters=adapters),
               "neither": ask(model, qs)}
    opened, last = None, adapters  # `last`: the adapters of the fullest condition, what `agenthn ask` uses
    if model.gate is not None:
        last = gated = model.gated(adapters, qs)
        opened = [int(g is not None) for g in gated]
        replies["gated"] = ask(model, qs, adapters=gated)
        if model.router is not None:
            last = routed(model, docs, qs, gated)
            replies["routed"] = ask(model, qs, adapters=last)
    if copy_beta > 0:
        replies["copied"] = ask(model, qs, adapters=last, copies=[CopySource(d, copy_beta) for d in docs])
    out = {k: score(v, answers) for k, v in replies.items()}
    if opened is not None:
        out["gated"].update(open=opened, open_pct=100.0 * sum(opened) / max(len(opened), 1))
    out["examples"] = [{"question": qs[i], "answers": answers[i], **{k: v[i] for k, v in replies.items()}}
                       for i in range(min(examples, len(qs)))]
    return out


sentences = split_sentences  # a document's sentences (or lines): what composition groups and routing ranks


def routed(model, docs: list[str], questions: list[str], gated: list) -> list:
    """Each row's `D2LModel.route` where the gate opened for its whole adapter, else None (the base)."""
    return [model.route(q, whole, model.internalize_parts(doc)) if whole is not None else None
            for doc, q, whole in zip(docs, questions, gated, strict=True)]


def composition(model, items: list[tuple[str, str, list[str]]]) -> dict:
    out = {}
    for k in SEGMENTS:
        adapters = []
        for doc, _, _ in items:
            sents = sentences(doc)
            size = max(1, -(-len(sents) // k))
            segs = [" ".join(sents[i: i + size]) for i in range(0, len(sents), size)]
            adapters.append(compose(eval_internalize.adapters_for(model, segs)))
        replies = ask(model, [q for _, q, _ in items], adapters=adapters)
        out[str(k)] = score(replies, [a for _, _, a in items])
    return out


def base_general_replies(model) -> tuple[list[dict], list[str]]:
    """Every general question and the adapter-free base's greedy reply to it."""
    qs = read_jsonl("general_questions.jsonl")
    return qs, ask(model, [q["question"] for q in qs], max_new_tokens=32)


def base_right_general(model) -> tuple[list[dict], list[dict]]:
    """(every general question, those the adapter-free base answers right): retention's denominator."""
    qs, base = base_general_replies(model)
    return qs, [q for q, r in zip(qs, base, strict=True) if grade(r, q["answers"])[0]]


def retention_under(model, kept: list[dict], adapters: list, shift: int = 0,
                    docs: list[str] | None = None, copy_beta: float = 0.0) -> dict:
    """`kept` general questions asked again, question i under adapter i + shift (cycling); with a gate,
    also `gated` (the adapter applied only where the gate opens for the question), with a router and
    the adapters' `docs`, `routed`, and with `docs` and `copy_beta` > 0, `copied` (the fullest of those,
    copying from the unrelated document as `agenthn ask` would)."""
    pick = [(i + shift) % len(adapters) for i in range(len(kept))]
    rows = [adapters[j] for j in pick]
    qs, answers = [q["question"] for q in kept], [q["answers"] for q in kept]
    out = score(ask(model, qs, adapters=rows, max_new_tokens=32), answers)
    if model.gate is not None:
        gated = model.gated(rows, qs)
        out["gated"] = score(ask(model, qs, adapters=gated, max_new_tokens=32), answers)
        out["gated"]["open"] = [int(g is not None) for g in gated]
        if model.router is not None and docs is not None:
            chosen = routed(model, [docs[j] for j in pick], qs, gated)
            out["routed"] = score(ask(model, qs, adapters=chosen, max_new_tokens=32), answers)
    if copy_beta > 0 and docs is not None:
        fullest = chosen if "routed" in out else gated if "gated" in out else rows
        copies = [CopySource(docs[j], copy_beta) for j in pick]
        out["copied"] = score(ask(model, qs, adapters=fullest, max_new_tokens=32, copies=copies), answers)
    return out


def retention(model, n_docs: int, sets: int = 0, copy_beta: float = 0.0) -> dict:
    """General questions the base gets right, asked again under an unrelated document's adapter; with
    `sets`, also under that many other document sets (`retention_sets`), from the same base replies."""
    qs, kept = base_right_general(model)
    docs = [d for d, _, _ in fact_items(max(n_docs, 1), 4)]
    with_adapter = retention_under(model, kept, eval_internalize.adapters_for(model, docs), docs=docs,
                                   copy_beta=copy_beta)
    # which questions were kept: two evals pair question by question only when the base kept the same
    # ones (greedy bf16 on a GPU is not bit-stable, so a base reply can flip between runs)
    position = {id(q): i for i, q in enumerate(qs)}  # kept holds qs' own objects (equal dicts may repeat)
    out = {"asked": len(qs), "base_right": len(kept), "kept": [position[id(q)] for q in kept],
           "with_adapter": with_adapter, "retention_pct": with_adapter["contained"]}
    if "gated" in with_adapter:
        out["gated_pct"] = with_adapter["gated"]["contained"]
    for cond in ("routed", "copied"):
        if cond in with_adapter:
            out[f"{cond}_pct"] = with_adapter[cond]["contained"]
    if sets:
        out["sets"] = retention_sets(model, kept, sets, n_docs=max(n_docs, 1))
    return out


def retention_sets(model, kept: list[dict], sets: int, n_docs: int, sizes: tuple[int, ...] = FACT_SIZES,
                   shift: int = 7) -> dict:
    """The `kept` general questions under `sets` other document sets (sizes cycled; the adapters rotated
    by `shift` so each question meets other documents): one draw of documents moves retention by about
    5 points (scripts/probe_retention_sets.py), more than most gaps between two checkpoints."""
    rows = []
    for i in range(sets):
        size = sizes[i % len(sizes)]
        docs = [d for d, _, _ in fact_items(n_docs, size, seed=SETS_SEED + i)]
        res = retention_under(model, kept, eval_internalize.adapters_for(model, docs), shift)
        # each question's outcome kept, so two checkpoints compare paired over every set (compare_evals)
        rows.append({"facts": size, "shift": shift, "retention_pct": res["contained"], "right": res["right"]})
        if "gated" in res:
            rows[-1]["gated"] = {k: res["gated"][k] for k in ("contained", "right", "open")}
    pcts = [r["retention_pct"] for r in rows]
    out = {"rows": rows, "mean": statistics.mean(pcts), "stdev": statistics.stdev(pcts) if sets > 1 else 0.0}
    if rows and "gated" in rows[0]:
        out["gated_mean"] = statistics.mean(r["gated"]["contained"] for r in rows)
    return out


def paragraphs(model, copy_beta: float = 0.0) -> dict:
    ps = read_jsonl("natural_paragraphs.jsonl")
    # every paragraph's replies kept: 45 rows, so two checkpoints compare paragraph by paragraph
    return three_ways(model, [(p["paragraph"], p["question"], p["answers"]) for p in ps], examples=len(ps),
                      copy_beta=copy_beta)


PARTS = ("facts", "composition", "retention", "paragraphs")
CONDS = ("icl", "internalized", "neither", "gated", "routed", "copied")


def run(model_name: str, n: int, device: str | None = None, dtype: str | None = None,
        retention_sets_n: int = 0, parts: tuple[str, ...] = PARTS, copy_beta: float = 0.0) -> dict:
    """The eval's `parts` (all by default; one part alone answers one question in a quarter of the time,
    e.g. retention when two checkpoints differ in recall but their retention is in doubt). `copy_beta` > 0
    adds the `copied` cells to facts, paragraphs and retention: the fullest condition's adapters (routed,
    else gated, else internalized) with values finished from the document's text, as `agenthn ask` does."""
    import torch

    import agenthn

    model = agenthn.load(model_name, device=device, dtype=getattr(torch, dtype) if dtype else None)
    res: dict = {"model": model_name, "machine": machine(), "n_per_cell": n, "dtype": dtype or "default",
                 "copy_beta": copy_beta}
    if "facts" in parts:
        res["facts"] = {}
        for k in FACT_SIZES:
            res["facts"][str(k)] = three_ways(model, fact_items(n, k), copy_beta=copy_beta)
            log.info("%d facts: %s", k, {c: round(v["contained"], 1) for c, v in res["facts"][str(k)].items()
                                         if isinstance(v, dict) and "contained" in v})
    if "composition" in parts:
        res["composition"] = composition(model, fact_items(max(n // 2, 1), 16))
    if "retention" in parts:
        res["retention"] = retention(model, n_docs=max(n // 4, 4), sets=retention_sets_n, copy_beta=copy_beta)
    if "paragraphs" in parts:
        res["paragraphs"] = paragraphs(model, copy_beta)
    return res


def table(res: dict) -> str:
    """The parts `res` holds, as a markdown table (facts and paragraphs) and two lines."""
    out = []
    if "facts" in res:
        para = "paragraphs" in res
        head = "| | " + " | ".join(f"{k} fact{'s' if k != '1' else ''}" for k in res["facts"])
        out += [head + (" | paragraphs |" if para else " |"),
                "|" + " --- |" * (len(res["facts"]) + 1 + para)]
        for cond in [c for c in CONDS if c in res["facts"]["1"]]:
            cells = [f"{res['facts'][k][cond]['contained']:.1f}% / {res['facts'][k][cond]['exact']:.1f}%"
                     for k in res["facts"]]
            tail = f" | {res['paragraphs'][cond]['contained']:.1f}% |" if para else " |"
            out.append(f"| {cond} (contained / exact) | " + " | ".join(cells) + tail)
        out.append("")
    elif "paragraphs" in res:
        paras = res["paragraphs"]
        out.append("paragraphs (contained): " + ", ".join(
            f"{cond} {paras[cond]['contained']:.1f}%" for cond in CONDS
            if cond in paras))
    if "composition" in res:
        comp = ", ".join(f"k={k}: {v['contained']:.1f}%" for k, v in res["composition"].items())
        out.append(f"composition (16 facts, contained): {comp}")
    if "retention" in res:
        r, sets = res["retention"], res["retention"].get("sets")
        more = (f"; over {len(sets['rows'])} other document sets {sets['mean']:.1f}% (sd {sets['stdev']:.1f})"
                if sets else "")
        out.append(f"retention: {r['retention_pct']:.1f}% of {r['base_right']} general questions the base "
                   f"answers right (of {r['asked']}){more}")
        if "gated_pct" in r:
            more = f"; over the other sets {sets['gated_mean']:.1f}%" if sets and "gated_mean" in sets else ""
            out.append(f"retention gated: {r['gated_pct']:.1f}%{more}")
        for cond in ("routed", "copied"):
            if f"{cond}_pct" in r:
                out.append(f"retention {cond}: {r[f'{cond}_pct']:.1f}%")
    return "\n".join(out)


def main(model_name: str, json_out: str | None, n: int, device: str | None, dtype: str | None = None,
         retention_sets_n: int = 0, parts: tuple[str, ...] = PARTS, copy_beta: float = 0.0) -> dict:
    res = run(model_name, n, device, dtype, retention_sets_n, parts, copy_beta)
    print(table(res))
    if json_out:
        write_json(json_out, res)
    return res
