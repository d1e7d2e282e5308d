"""Train the sentence router (engine/router.py) for one model: minutes on a CPU.

    agenthn train router --model smol               # writes agenthn/checkpoints/smol/router.safetensors

Rows come from the English world's *training* split: a document cut into sentences
(`router.split_sentences`), one of its questions, and the sentences that hold the question's answer.
The router learns to rank those first among the document's other sentences (a softmax over the
document's sentences, the answer's sentences its target). Keys are what `internalize_parts` attaches:
each sentence read alone by the model's own context encoder, so the router sees what it will see at
inference. The eval's documents and phrasings (split "heldout") are never read here.
"""

from __future__ import annotations

import logging
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

import torch
from tqdm import tqdm

from agenthn.engine.features import capture_layer_inputs
from agenthn.engine.gate import Query
from agenthn.engine.router import RouterConfig, SegmentRouter, split_sentences

log = logging.getLogger(__name__)


@dataclass
class RouterTrainConfig:
    docs: int = 800
    seed: int = 778
    # "profile": profiles as `key: value` lines (world.english._profile), as the profile feature ranks its
    # entries by this router; session 42 added them (600 documents before): the dev draws' sentences the
    # same (340 of 400 either way), the profile probe's hand-written questions 44 -> 48 of 62
    kinds: tuple[str, ...] = ("facts", "bio", "chat", "profile")
    n_facts: tuple[int, int] = (1, 16)
    questions: int = 4      # per document
    # every training attribute also stated in five or six more ways (english_says), as the gate is fitted:
    # on dev draws (seeds 1-2, 50 questions at each of 1/4/8/16 facts) the first sentence held the answer
    # for 340 of 400 questions against 313 without
    more_says: bool = True
    steps: int = 1500
    batch: int = 32
    lr: float = 3e-3
    held: float = 0.1       # share of the documents kept out of fitting, to report a held-out hit rate
    encode_batch: int = 64


def _norm(s: str) -> str:
    return f" {re.sub(r'[^a-z0-9]+', ' ', s.lower()).strip()} "


def examples(model, cfg: RouterTrainConfig) -> tuple[list[list[str]], list[tuple[int, str, list[int]]]]:
    """(each document's sentences, [(document, question, the sentences holding its answer)])."""
    from agenthn.world import english

    rng = random.Random(cfg.seed)
    docs, rows = [], []
    for s in english.english_samples(cfg.docs, cfg.seed, "train", kinds=list(cfg.kinds), n_facts=cfg.n_facts,
                                     more_says=cfg.more_says):
        sents = split_sentences(s.doc)
        if len(sents) < 2 or model.count_tokens(s.doc) > model.max_doc_tokens:
            continue
        for qa in rng.sample(s.qas, min(cfg.questions, len(s.qas))):
            want = _norm(qa.answer)
            pos = [j for j, t in enumerate(sents) if want.strip() and want in _norm(t)]
            if pos and len(pos) < len(sents):
                rows.append((len(docs), qa.question, pos))
        docs.append(sents)
    return docs, rows


@torch.inference_mode()
def sentence_keys(model, texts: list[str], batch: int) -> list[torch.Tensor]:
    """Each text's gate key as `internalize_parts` makes it (`model.internalize_key`, a test checks), the
    encoder run over `batch` chunks at once; only the key's layers of each chunk are kept."""
    per = [model.doc_chunks(t) for t in texts]
    flat = [c for chunks in per for c in chunks]
    order = sorted(range(len(flat)), key=lambda i: len(flat[i]))  # similar lengths pad little
    layers, (pre, post) = list(model.gate.cfg.layers), (len(a) for a in model._affixes)
    parts: list = [None] * len(flat)
    for g in tqdm(range(0, len(order), batch), desc="sentences", unit="batch"):
        idx = order[g: g + batch]
        f, _ = model.features([flat[i] for i in idx])
        for row, i in enumerate(idx):
            parts[i] = f[row, layers, pre: len(flat[i]) - post].to("cpu", torch.float16).clone()
    out, at = [], 0
    for chunks in per:
        out.append(torch.cat(parts[at: at + len(chunks)], dim=1))
        at += len(chunks)
    return out


@torch.inference_mode()
def question_queries(model, questions: list[str], batch: int) -> dict[str, Query]:
    """`model.question_key` for many questions, right-padded batches (causal: real tokens are exact)."""
    ids = {q: model.tokenizer(q.strip() or " ", add_special_tokens=False)["input_ids"] for q in questions}
    texts = sorted(ids, key=lambda q: len(ids[q]))
    dec, out = model.ctx_encoder.get_decoder(), {}
    for g in tqdm(range(0, len(texts), batch), desc="questions", unit="batch"):
        part = texts[g: g + batch]
        T = max(len(ids[q]) for q in part)
        x = torch.zeros(len(part), T, dtype=torch.long)
        for i, q in enumerate(part):
            x[i, : len(ids[q])] = torch.tensor(ids[q])
        n = model.hypernet.cfg.num_layers
        hs = torch.stack(capture_layer_inputs(dec, n, input_ids=x.to(model.device)))
        for i, q in enumerate(part):
            out[q] = model.gate.query(hs[:, i, : len(ids[q])], ids[q])
    return out


def hit_rate(router: SegmentRouter, keys, rows, queries) -> float:
    with torch.no_grad():
        hits = [router.rank(keys[d], queries[q])[0] in pos for d, q, pos in rows]
    return 100.0 * sum(hits) / max(len(hits), 1)


def fit(router: SegmentRouter, keys, rows, queries, cfg: RouterTrainConfig) -> float:
    """AdamW on the softmax over each row's document sentences; returns the last steps' mean loss."""
    torch.manual_seed(cfg.seed)
    rng = random.Random(cfg.seed)
    opt = torch.optim.AdamW([p for p in router.parameters() if p.requires_grad], cfg.lr, weight_decay=1e-2)
    losses = []
    for _ in tqdm(range(cfg.steps), desc="router", unit="step", mininterval=5):
        loss = 0.0
        for d, q, pos in rng.sample(rows, min(cfg.batch, len(rows))):
            logp = torch.log_softmax(router.scores(keys[d], queries[q]), dim=0)
            loss = loss - torch.logsumexp(logp[pos], dim=0)
        opt.zero_grad()
        (loss / cfg.batch).backward()
        opt.step()
        losses.append(loss.item() / cfg.batch)
    return sum(losses[-50:]) / len(losses[-50:])


def train(model, out_dir: str | Path, cfg: RouterTrainConfig | None = None) -> dict:
    """Fit a router on `model`'s own encoder states (its gate must be loaded: the router ranks the gate's
    keys) and save it in `out_dir`; returns a summary."""
    cfg = cfg or RouterTrainConfig()
    t0 = time.time()
    gate = model.gate
    router = SegmentRouter(RouterConfig(layers=tuple(range(len(gate.cfg.layers))), d_model=gate.cfg.d_model))
    router.center.copy_(gate.center)
    docs, rows = examples(model, cfg)
    flat = [s for sents in docs for s in sents]
    flat_keys = sentence_keys(model, flat, cfg.encode_batch)
    keys, at = [], 0
    for sents in docs:
        keys.append(flat_keys[at: at + len(sents)])
        at += len(sents)
    queries = question_queries(model, sorted({q for _, q, _ in rows}), cfg.encode_batch)
    n_held = int(len(docs) * cfg.held)
    held = [r for r in rows if r[0] < n_held]
    fitted = [r for r in rows if r[0] >= n_held]
    before = hit_rate(router, keys, held, queries)
    loss = fit(router, keys, fitted, queries, cfg)
    summary = {"documents": len(docs), "sentences": len(flat), "rows": len(fitted), "held_rows": len(held),
               "loss": round(loss, 4), "held_hit1_untrained_pct": round(before, 1),
               "held_hit1_pct": round(hit_rate(router, keys, held, queries), 1),
               "train_hit1_pct": round(hit_rate(router, keys, fitted, queries), 1),
               "seconds": round(time.time() - t0, 1),
               "config": vars(cfg) | {"kinds": list(cfg.kinds), "n_facts": list(cfg.n_facts)}}
    router.save(out_dir, extra=summary)
    model.router = router.eval()
    log.info("router: %s", summary)
    return summary
