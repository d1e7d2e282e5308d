"""Training data: tokenised conversations with loss masks, documents for meta-training, batching.

Everything is generated from the world's seeded builders, so the data of a run is a function of the
preset alone. The batch of global step s is drawn by a generator seeded with (seed, s): every process
of a data-parallel run, and a resumed run, sees exactly the same samples in the same order.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import random
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from agenthn.engine import templates
from agenthn.engine.features import to_device
from agenthn.world import corpus

log = logging.getLogger(__name__)


@dataclass
class Encoded:
    ids: np.ndarray  # int32 token ids
    mask: np.ndarray  # uint8, 1 where the token is a training target
    value: np.ndarray | None = None  # uint8, 1 on the tokens of an answer's value (None: none marked)

def encode_chats(tokenizer, chats: list[list[dict]], max_len: int) -> list[Encoded]:
    """Render with the base model's own chat template, tokenise in one batch, mark the assistant
    replies and their turn-end marker as targets. The template is the one inference uses
    (`D2LModel.prompt_ids`), so training and serving can never disagree on the prompt format.
    Chats over `max_len` tokens or with no target token are left out."""
    return [e for e in encode_chats_aligned(tokenizer, chats, max_len) if e is not None]


def encode_chats_aligned(tokenizer, chats: list[list[dict]], max_len: int,
                         keep_values: bool = True) -> list[Encoded | None]:
    """`encode_chats` with None in place of a chat left out, so that two lists stay row for row; with
    `keep_values` False no value is looked for (the teacher's rows: only the student's loss weighs them)."""
    if not chats:  # a shard's share of fewer rows than shards (the tokenizer rejects an empty batch)
        return []
    values = [[m.get("value", "") if keep_values else "" for m in c if m["role"] == "assistant"]
              for c in chats]
    chats = [[{"role": m["role"], "content": m["content"].strip()} for m in c] for c in chats]
    texts = tokenizer.apply_chat_template(chats, tokenize=False)
    end = templates.turn_end(tokenizer)
    enc = tokenizer(texts, add_special_tokens=False, return_offsets_mapping=True)
    out = []
    for text, chat, vals, ids, offs in zip(texts, chats, values, enc["input_ids"], enc["offset_mapping"],
                                           strict=True):
        starts, ends = np.array([o[0] for o in offs]), np.array([o[1] for o in offs])
        mask, value = np.zeros(len(ids), dtype=np.uint8), np.zeros(len(ids), dtype=np.uint8)
        for (a, b), v in zip(templates.assistant_spans(text, chat, end), vals, strict=True):
            mask[(starts >= a) & (starts < b)] = 1
            j = text.find(v, a, b) if v else -1
            if j >= 0:  # every token that overlaps the value (" Miso" starts at the space before it)
                value[(starts < j + len(v)) & (ends > j) & (starts >= a)] = 1
        out.append(Encoded(np.asarray(ids, dtype=np.int32), mask, value if value.any() else None)
                   if len(ids) <= max_len and mask.any() else None)
    return out


def encode_texts(tokenizer, texts: list[str], max_len: int) -> list[Encoded]:
    """Plain language-model text: <bos> text <eos>, loss on every token after <bos>."""
    enc = tokenizer([tokenizer.bos_token + t + tokenizer.eos_token for t in texts], add_special_tokens=False)
    out = []
    for ids in enc["input_ids"]:
        ids = ids[:max_len]
        mask = np.ones(len(ids), dtype=np.uint8)
        mask[0] = 0
        out.append(Encoded(np.asarray(ids, dtype=np.int32), mask))
    return out


def doc_chat(sample: corpus.DocSample, rng: random.Random, max_qas: int,
             p_sentence: float = 0.0) -> list[dict]:
    """The document as a system message, then 1..max_qas of its questions as user/assistant turns.
    With p_sentence > 0, each answer that has a sentence form is given as that sentence with that
    probability (one more draw from `rng` per answer; none at 0, so older runs' data stay the same)."""
    qas = rng.sample(sample.qas, min(len(sample.qas), rng.randint(1, max_qas)))
    msgs = [{"role": "system", "content": sample.doc}]
    for qa in qas:
        said = p_sentence > 0 and qa.sentence and rng.random() < p_sentence
        msgs += [{"role": "user", "content": qa.question},  # "value": the tokens hyper.value_coef weighs
                 {"role": "assistant", "content": qa.sentence if said else qa.answer, "value": qa.answer}]
    return msgs


KNOWN_WORDS = Path(__file__).parent / "wordlists" / "smol_known_words.txt"
N_SHARDS = 16  # data are built in this many seeded shards, whatever the number of worker processes


def sharded(fn, jobs: list[tuple], n_items: int) -> list:
    """fn(*job) for every job, concatenated in job order; in worker processes when the data are big
    (world generation and tokenisation are single-threaded Python: 3 minutes for the tiny preset on
    one core). `spawn`, not fork: CUDA may already be initialised in this process."""
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers <= 1 or n_items < 20_000:
        parts = [fn(*j) for j in jobs]
    else:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as ex:
            parts = list(ex.map(fn, *zip(*jobs, strict=True)))
    return [x for part in parts for x in part]


def _share(n: int, k: int) -> int:
    return n // N_SHARDS + (k < n % N_SHARDS)


def base_dataset(tokenizer, bp, seed: int) -> list[Encoded]:
    """Pretraining mix: world conversations, chats over documents of 1-16 facts, raw documents, and
    fact chats whose values are random token strings (so answering means copying, not recalling)."""
    n = bp.n_chat + bp.n_doc_chat + bp.n_lm + bp.n_random_values
    data = sharded(_base_shard, [(tokenizer, bp, seed, k) for k in range(N_SHARDS)], n)
    log.info("base dataset: %d sequences, %.1fM tokens", len(data), sum(len(e.ids) for e in data) / 1e6)
    return data


def _base_shard(tokenizer, bp, seed: int, k: int) -> list[Encoded]:
    s = seed * 1000 + k * 10  # distinct seeds per shard and per part
    chats = corpus.chat_samples(_share(bp.n_chat, k), s)
    rng = random.Random(f"base-doc-chat-{seed}-{k}")
    docs = corpus.doc_samples(_share(bp.n_doc_chat, k), s + 1, n_facts=(1, 16))
    chats += [doc_chat(d, rng, 4) for d in docs]
    lm_docs = [d.doc for d in corpus.doc_samples(_share(bp.n_lm, k), s + 2, n_facts=(1, 16))]
    data = encode_chats(tokenizer, chats, bp.max_len) + encode_texts(tokenizer, lm_docs, bp.max_len)
    n_random = _share(bp.n_random_values, k)
    if n_random:
        pool = copyable_tokens(tokenizer)
        fact_docs = corpus.doc_samples(n_random, s + 3, kinds=["facts"], n_facts=(1, 16))
        data += encode_chats(tokenizer, [doc_chat(randomize_values(d, pool, rng), rng, 4) for d in fact_docs],
                             bp.max_len)
    return data


def copyable_tokens(tokenizer) -> list[str]:
    """Every word-piece token of the vocabulary (letters or digits only). Drawing random values from
    all of them, not only from pieces that world text uses, makes every token a copy target during
    training: held-out names contain pieces the world's training text rarely or never has, and a
    token that is never a target only ever has its logit pushed down."""
    pieces = sorted(tokenizer.get_vocab())
    return [p for p in pieces if p.isalnum() and p.isascii()]


def vocabulary_words(tokenizer) -> list[str]:
    """Whole lower-case words of the vocabulary (pieces that start a word: byte-level BPE marks them
    with a leading 'Ġ'); empty for a tokenizer without such pieces."""
    words = {p[1:] for p in tokenizer.get_vocab() if p.startswith("\u0120") and len(p) > 3}
    return sorted(w for w in words if w.isalpha() and w.isascii() and w.islower())


def known_words() -> list[str]:
    """English words smol cuts into 2-4 pieces and finishes by itself once it has read the first
    (scripts/build_known_words.py): random values the adapter must start and the base may finish."""
    return KNOWN_WORDS.read_text().split()


def _random_value(rng: random.Random, pool: list[str], words: list[str], p_long: float = 0.0, *,
                  known: list[str] = (), p_known: float = 0.0) -> str:
    """Half the time 1-2 real words ("marble tide"), else 1-3 glued pieces ("Briakmo"): a model that
    only learned each attribute's usual values (a small pool per kind) cannot answer either. With
    probability `p_long` a long one instead: 3-10 digits ("58392071") or 4-6 glued pieces. The short
    values alone taught smol's v8 a length: given "The special magic number is 26456816." it answers
    "26", and "Pump" for a cat called Pumpkin (session 18); every digit is its own token in SmolLM2, so a
    4-digit number is four copies in a row, which 1-3 pieces rarely ask for. With probability
    `p_known` a word of `known` (first, so that p_known=0 leaves every other draw as it was): a value
    the base can finish once the adapter starts it, which no other draw asks for. Stage 53 trained with
    30% of them and gained nothing: v9 already lets the base finish such words (session 28, README)."""
    if p_known and rng.random() < p_known:
        return rng.choice(known)
    if p_long and rng.random() < p_long:
        if rng.random() < 0.5:
            return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(2, 9)))
        return "".join(rng.choice(pool) for _ in range(rng.randint(4, 6)))
    if words and rng.random() < 0.5:
        return " ".join(rng.choice(words) for _ in range(rng.randint(1, 2)))
    return "".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))


def randomize_values(sample: corpus.DocSample, pool: list[str], rng: random.Random,
                     words: list[str] | None = None, p_long: float = 0.0, *,
                     known: list[str] = (), p_known: float = 0.0) -> corpus.DocSample:
    """The same document with every fact value replaced by a random one (the answers follow)."""
    doc, answers = sample.doc, {}
    for value in sample.meta["facts"].values():
        answers[value] = new = _random_value(rng, pool, words or [], p_long, known=known, p_known=p_known)
        if not p_long:  # one value at a time, as every stage before long values drew its rows
            doc = doc.replace(value, new)
    if p_long:  # all at once: a short old value ("42") must not be found again inside a long new one
        doc = re.sub("|".join(map(re.escape, sorted(answers, key=len, reverse=True))),
                     lambda m: answers[m.group(0)], doc)
    qas = [corpus.QA(q.question, answers.get(q.answer, q.answer), q.kind,
                     _swap_once(q.sentence, q.answer, answers)) for q in sample.qas]
    return corpus.DocSample(doc, qas, sample.kind, dict(sample.meta))


def _swap_once(sentence: str, value: str, answers: dict[str, str]) -> str:
    """The answer sentence with its value swapped too; none where the value is not in it exactly once
    (a sentence that kept the old value would teach the student the wrong answer)."""
    if not sentence or value not in answers or sentence.count(value) != 1:
        return ""
    return sentence.replace(value, answers[value])


def _swappable(sample: corpus.DocSample) -> bool:
    """A document whose every fact value occurs exactly once in it (so a swap cannot miss or
    over-reach); the world's facts and profiles and every English kind are such documents."""
    facts = sample.meta.get("facts") or {}
    return bool(facts) and all(sample.doc.count(v) == 1 for v in facts.values())


def with_random_values(samples: list[corpus.DocSample], pool: list[str], p: float,
                       rng: random.Random, words: list[str] | None = None,
                       p_long: float = 0.0, *, known: list[str] = (),
                       p_known: float = 0.0) -> list[corpus.DocSample]:
    """Each swappable document, with probability p, with its values swapped for random ones (a share
    `p_long` of them long, `p_known` of them words of `known`: `_random_value`)."""
    return [randomize_values(s, pool, rng, words, p_long, known=known, p_known=p_known)
            if _swappable(s) and rng.random() < p else s for s in samples]


def step_indices(seed: int, step: int, global_batch: int, n: int, rank: int, world: int) -> list[int]:
    """This process's share of global step `step`'s batch: same draw in every process and on resume."""
    if global_batch % world:
        raise ValueError(f"global batch {global_batch} is not divisible by world size {world}")
    g = np.random.default_rng([seed, step])
    idx = g.integers(0, n, size=global_batch)
    per = global_batch // world
    return idx[rank * per: (rank + 1) * per].tolist()


def collate(items: list[Encoded], pad_id: int, device, values: bool = False) -> dict[str, torch.Tensor]:
    """`collate_host`'s batch on `device`."""
    return on_device(collate_host(items, pad_id, values), device)


def on_device(batch: dict, device) -> dict:
    """Every tensor of a host batch on `device`, without making the host wait for the GPU; its plain
    numbers and lists (a packed pass's lengths) stay on the host."""
    return {k: to_device(v, device) if isinstance(v, torch.Tensor) else v for k, v in batch.items()}


def collate_host(items: list[Encoded], pad_id: int, values: bool = False) -> dict[str, torch.Tensor]:
    """Right-padded ids, attention mask and labels (-100 outside the loss mask), next-token aligned, on
    the host; with `values`, also "value" (0/1 on answer values' tokens) when any item marks one (only
    the student's batch needs it: the teacher's and the base's would carry it to the device for
    nothing)."""
    T = max(len(e.ids) for e in items)
    ids = torch.full((len(items), T), pad_id, dtype=torch.long)
    att = torch.zeros((len(items), T), dtype=torch.long)
    labels = torch.full((len(items), T), -100, dtype=torch.long)
    values = values and any(e.value is not None for e in items)
    value = torch.zeros((len(items), T), dtype=torch.uint8) if values else None
    for i, e in enumerate(items):
        n = len(e.ids)
        ids[i, :n] = torch.from_numpy(e.ids.astype(np.int64))
        att[i, :n] = 1
        lab = torch.from_numpy(e.ids.astype(np.int64))
        lab[torch.from_numpy(e.mask) == 0] = -100
        labels[i, :n] = lab
        if values and e.value is not None:
            value[i, :n] = torch.from_numpy(e.value)
    out = {"input_ids": ids, "attention_mask": att, "labels": labels}
    return {**out, "value": value} if values else out


# ---- meta-training rows -------------------------------------------------------------------------
@dataclass
class HyperRow:
    segments: list[str] | None  # None: the whole document, cut into `n_chunks` token chunks
    doc: str
    n_chunks: int
    teacher: Encoded  # system: doc, then question/answer turns
    student: Encoded  # the same turns without the document
    types: tuple[str, ...] = ()  # coarse types of the document's values (English corpus: "city", ...)


def split_lines(doc: str, k: int) -> list[str]:
    """The document's lines in k contiguous, nearly equal groups (each a segment of its own)."""
    lines = [ln for ln in doc.split("\n") if ln.strip()]
    k = max(1, min(k, len(lines)))
    size = math.ceil(len(lines) / k)
    return ["\n".join(lines[i: i + size]) for i in range(0, len(lines), size)]


def hyper_rows(tokenizer, hp, n: int, seed: int, split: str = "train") -> list[HyperRow]:
    """Documents of every kind with teacher/student encodings whose answer tokens line up."""
    jobs = [(tokenizer, hp, _share(n, k), seed, split, k) for k in range(N_SHARDS)]
    rows = sharded(_hyper_shard, jobs, n)
    log.info("meta-training rows: %d of %d (the others dropped: misaligned answers or over 512 tokens)",
             len(rows), n)
    return rows


def doc_samples(hp, n: int, seed: int, split: str) -> list[corpus.DocSample]:
    """Documents with questions from the preset's corpus: the tiny world or plain English."""
    kinds = [x for x in hp.kinds.split(",") if x] or None
    if hp.corpus == "english":
        from agenthn.world import english

        return english.english_samples(n, seed, split, kinds=kinds, n_facts=tuple(hp.n_facts),
                                       more_says=hp.more_says)
    if hp.corpus != "world":
        raise ValueError(f"unknown corpus {hp.corpus!r}: 'world' or 'english'")
    return corpus.doc_samples(n, seed, split, kinds=kinds, n_facts=tuple(hp.n_facts))


def _hyper_shard(tokenizer, hp, n: int, seed: int, split: str, k: int) -> list[HyperRow]:
    rng = random.Random(f"hyper-{seed}-{split}-{k}")
    samples = doc_samples(hp, n, seed * 1000 + k * 10 + 7, split)
    if hp.p_random_values > 0:  # its own generator: the other rows stay the same whatever the rate
        samples = with_random_values(samples, copyable_tokens(tokenizer), hp.p_random_values,
                                     random.Random(f"values-{seed}-{split}-{k}"), vocabulary_words(tokenizer),
                                     hp.random_long_values, p_known=hp.random_known_words,
                                     known=known_words() if hp.random_known_words else [])
    samples = with_varied_statements(samples, hp, split, random.Random(f"variety-{seed}-{k}"))
    chats = [doc_chat(s, rng, hp.max_qas, hp.sentence_answers) for s in samples]
    teach = encode_chats_aligned(tokenizer, chats, 10**9, keep_values=False)
    stud = encode_chats_aligned(tokenizer, [c[1:] for c in chats], 10**9)
    rows = []
    for s, t, st in zip(samples, teach, stud, strict=True):
        if (t is None or st is None or not np.array_equal(t.ids[t.mask == 1], st.ids[st.mask == 1])
                or len(t.ids) > max(512, hp.max_chunk_tokens + 64)):
            continue
        u, types = rng.random(), value_types(s) if hp.corpus == "english" else ()
        if u < hp.p_line_segments and s.doc.count("\n") >= 1:
            segs = split_lines(s.doc, rng.randint(2, hp.max_segments))
            rows.append(HyperRow(segs, s.doc, len(segs), t, st, types))
        elif u < hp.p_line_segments + hp.p_token_chunks:
            rows.append(HyperRow(None, s.doc, rng.randint(2, hp.max_token_chunks), t, st, types))
        else:
            rows.append(HyperRow(None, s.doc, 1, t, st, types))
    return rows


def with_varied_statements(samples: list[corpus.DocSample], hp, split: str,
                           rng: random.Random) -> list[corpus.DocSample]:
    """English training documents with a share `hyper.say_variety` of their fact sentences restated
    (`world.english_variety`); the documents as they are otherwise: held-out splits, the tiny world,
    and runs that do not ask (so earlier stages' data stay byte for byte)."""
    if hp.say_variety <= 0 or split != "train" or hp.corpus != "english":
        return samples
    from agenthn.world.english_variety import vary_doc

    return [vary_doc(s, rng, hp.say_variety) for s in samples]


def value_types(sample: corpus.DocSample) -> tuple[str, ...]:
    """The coarse types ("city", "name", ...) of an English document's values, by attribute kind."""
    from agenthn.world import english, english_prompts

    own = sample.meta.get("value_kinds", {})  # kinds whose facts are no corpus attribute (scenes)
    kinds = {english_prompts.VALUE_TYPES.get(own[k] if k in own else english.ATTRS[k].kind)
             for k in sample.meta["facts"]}
    return tuple(sorted(kinds - {None}))


def index_types(types: list[str]) -> dict[str, list[int]]:
    """{type: the indices that have it}, untyped ("") left out."""
    out: dict[str, list[int]] = {}
    for i, t in enumerate(types):
        if t:
            out.setdefault(t, []).append(i)
    return out


def typed_keep(kidx: list[int], rows: list[HyperRow], by_type: dict[str, list[int]], share: float,
               seed: int, step: int) -> list[int]:
    """Retention row j meets batch row j's adapter (j mod the batch). With probability `share`, where
    that document has a value of a type some retention prompts want, row j becomes one of those
    prompts: the adapter of a document with a city learns to leave "Which city ...?" alone, the leak
    the retention eval finds. Drawn per step, the same on a resume."""
    g = np.random.default_rng([seed, step, 7])
    out = []
    for j, k in enumerate(kidx):
        types = [t for t in rows[j % len(rows)].types if by_type.get(t)]
        if types and g.random() < share:
            pool = by_type[types[g.integers(len(types))]]
            k = pool[g.integers(len(pool))]
        out.append(int(k))
    return out


def retention_rows(engine, hp, d, prompts: list[str] | None = None) -> list[Encoded]:
    """Unrelated prompts (default: `hp.retention_prompts` of the English set) with the adapter-free
    base's own greedy replies, generated once per run (in batches on this process's device; every
    process makes the same list)."""
    return typed_retention_rows(engine, hp, d, prompts)[0]


def typed_retention_rows(engine, hp, d, prompts: list[str] | None = None) -> tuple[list[Encoded], list[str]]:
    """`retention_rows` and each row's answer type (`english_prompts.FACTUAL_TYPES`; "" for none, and for
    every prompt passed in)."""
    from agenthn.engine.batching import BatchEngine
    from agenthn.world import english_prompts

    typed = ([(p, "") for p in prompts] if prompts is not None
             else english_prompts.retention_prompts_typed(hp.retention_prompts, hp.seed,
                                                          general=hp.retention_general,
                                                          wide=hp.retention_general_wide))
    replies: list[str] = []
    with BatchEngine(engine, max_batch=256, max_queue=max(len(typed), 256) + 1) as gen:
        if prompts is None and hp.retention_self:
            from agenthn.train.self_prompts import with_self_written

            typed = with_self_written(gen, engine.tokenizer, typed, hp)
        for i in range(0, len(typed), 256):
            batch = [[{"role": "user", "content": p}] for p, _ in typed[i: i + 256]]
            replies += gen.chat_batch(batch, max_new_tokens=48)
    kept = [(p, r, k) for (p, k), r in zip(typed, replies, strict=True) if r.strip()]
    chats = [[{"role": "user", "content": p}, {"role": "assistant", "content": r}] for p, r, _ in kept]
    pairs = [(e, k) for e, (_, _, k) in zip(encode_chats_aligned(engine.tokenizer, chats, 10**9), kept,
                                            strict=True) if e is not None]
    log.info("retention rows: %d prompts with the base's own replies", len(pairs))
    if not pairs:
        log.warning("the base replied to none of %d retention prompts: the retention term is off",
                    len(typed))
    return [e for e, _ in pairs], [k for _, k in pairs]
