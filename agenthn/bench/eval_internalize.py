"""`agenthn eval internalize`: does an internalized document answer like the document in context?

On held-out documents (split="eval": names, values and phrasings never seen in training), each
question is asked three ways, greedy, and graded by exact match of the normalised short answer:
- icl: the document in context (system message) and the question as the user turn;
- internalized: the question alone, with the document's adapter;
- neither: the question alone, no adapter (how much the model can guess).
Sets: facts documents with 1, 4, 8 and 16 facts, encyclopedia (knowledge) entries, skills documents;
and composition: a 16-fact document split into k line segments, each internalized on its own and the
k adapters composed (k = 1, 2, 4, 8, 16), questions over all of it.
"""

from __future__ import annotations

import logging
import random
import re
from pathlib import Path

from agenthn.bench.common import machine, markdown_table, write_json
from agenthn.engine.batching import shared_engine

log = logging.getLogger(__name__)

FACT_SIZES = (1, 4, 8, 16)
SEGMENTS = (1, 2, 4, 8, 16)
SEED = 2024


def normalize(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def correct(answer: str, want: str) -> bool:
    return normalize(answer) == normalize(want)


def items(kind: str, n: int, n_facts: int | None = None) -> list[tuple[str, str, str]]:
    """(document, question, answer) triples, one random question per held-out document."""
    from agenthn.world import corpus

    rng = random.Random(f"{kind}-{n_facts}")
    nf = (n_facts, n_facts) if n_facts else (1, 8)
    out = []
    for s in corpus.doc_samples(n, SEED, "eval", kinds=[kind], n_facts=nf):
        qa = rng.choice(s.qas)
        out.append((s.doc, qa.question, qa.answer))
    return out


def ask(model, questions: list[str], docs: list[str] | None = None, adapters: list | None = None,
        batch: int = 64, max_new_tokens: int = 32, copies: list | None = None) -> list[str]:
    """Greedy answers; docs (in context), adapters and copy sources are per question or None."""
    convs = [([{"role": "system", "content": docs[j]}] if docs else []) + [{"role": "user", "content": q}]
             for j, q in enumerate(questions)]
    return ask_messages(model, convs, adapters, batch, max_new_tokens, copies)


def ask_messages(model, convs: list[list[dict]], adapters: list | None = None, batch: int = 64,
                 max_new_tokens: int = 32, copies: list | None = None) -> list[str]:
    """Greedy replies to chat message lists (adapters and copy sources per row or None), batched through
    the shared engine."""
    outs: list[str] = []
    for i in range(0, len(convs), batch):
        rows = adapters[i: i + batch] if adapters else None
        outs += shared_engine(model).chat_batch(convs[i: i + batch], adapters=rows,
                                                max_new_tokens=max_new_tokens,
                                                copies=copies[i: i + batch] if copies else None)
    return outs


def accuracy(answers: list[str], wants: list[str]) -> float:
    return sum(correct(a, w) for a, w in zip(answers, wants, strict=True)) / max(1, len(wants))


def adapters_for(model, docs: list[str], batch: int = 32) -> list:
    """One adapter per document, generated in batches."""
    return [a for i in range(0, len(docs), batch) for a in model.generate_adapters(docs[i: i + batch])]


def three_ways(model, triples: list[tuple[str, str, str]]) -> dict:
    docs, qs, wants = (list(x) for x in zip(*triples, strict=True))
    adapters = adapters_for(model, docs)
    res = {"icl": accuracy(ask(model, qs, docs, None), wants),
           "internalized": accuracy(ask(model, qs, None, adapters), wants),
           "neither": accuracy(ask(model, qs, None, None), wants), "n": len(qs)}
    res["relative"] = res["internalized"] / res["icl"] if res["icl"] else None
    return res


def composed(model, n: int) -> list[dict]:
    """16 facts spread over k segments; each segment its own adapter, the k adapters composed."""
    from agenthn.model.adapter import compose
    from agenthn.train.data import split_lines

    triples = items("facts", n, 16)
    rows = []
    for k in SEGMENTS:
        adapters = []
        for doc, _, _ in triples:
            segs = split_lines(doc, k)
            adapters.append(compose(model.generate_adapters(segs)) if len(segs) > 1 else
                            model.generate_adapters(segs)[0])
        acc = accuracy(ask(model, [t[1] for t in triples], None, adapters), [t[2] for t in triples])
        rows.append({"set": f"16 facts in {k} composed segments", "k": k, "internalized": acc,
                     "n": len(triples)})
        log.info("composed k=%d: %.3f", k, acc)
    base = rows[0]["internalized"]
    for r in rows:
        r["relative"] = r["internalized"] / base if base else None
    return rows


def plot(rows: list[dict], comp: list[dict], path: Path, title: str) -> None:
    from agenthn.bench.plots import pyplot

    plt = pyplot()
    import numpy as np

    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4), gridspec_kw={"width_ratios": [2, 1]})
    x = np.arange(len(rows))
    for off, key in ((-0.27, "icl"), (0.0, "internalized"), (0.27, "neither")):
        a1.bar(x + off, [r[key] for r in rows], 0.27, label=key)
    a1.set_xticks(x, [r["set"] for r in rows], rotation=15)
    a1.set_ylim(0, 1.05)
    a1.set_ylabel("exact-match accuracy")
    a1.legend()
    a1.set_title("held-out documents")
    a2.plot([r["k"] for r in comp], [r["internalized"] for r in comp], marker="o")
    a2.set_xscale("log", base=2)
    a2.set_ylim(0, 1.05)
    a2.set_xlabel("composed segment adapters (16 facts in all)")
    a2.set_title("composition")
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def run(model_name: str, json_out: str | None, png: str | None, quick: bool, n: int | None,
        device: str | None) -> dict:
    import agenthn

    model = agenthn.load(model_name, device=device)
    n = n or (24 if quick else 200)
    rows = []
    for k in FACT_SIZES:
        rows.append({"set": f"facts x{k}", **three_ways(model, items("facts", n, k))})
        log.info("%s: %s", rows[-1]["set"], rows[-1])
    for kind, label in (("knowledge", "knowledge"), ("skill", "skills")):
        rows.append({"set": label, **three_ways(model, items(kind, n))})
        log.info("%s: %s", label, rows[-1])
    comp = composed(model, n)
    cols = ["set", "icl", "internalized", "neither", "relative", "n"]
    table = (markdown_table(rows, cols) + "\n\n"
             + markdown_table(comp, ["set", "internalized", "relative", "n"]))
    info = machine()
    print(f"model {model.name} on {model.device} ({info.get('gpu', info['platform'])})\n{table}")
    if png:
        png_path = Path(png)
    else:
        png_path = Path(json_out).with_suffix(".png") if json_out else Path("eval_internalize.png")
    plot(rows, comp, png_path, f"eval internalize: {model.name} (n={n} per cell)")
    payload = {"bench": "eval_internalize", "model": model.name, "device": str(model.device), "machine": info,
               "n_per_cell": n, "rows": rows, "composition": comp, "markdown": table, "png": str(png_path)}
    write_json(json_out, payload)
    return payload
