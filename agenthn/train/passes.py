"""How one training step's rows become passes of the base: each document's chunks (exactly as
`internalize` makes them) through the encoder and hypernetwork in groups of similar length, the chunk
factors assembled into per-row adapters as the engine assembles them, and the student's and
teacher's rows (optionally) grouped by length into passes with little padding. Everything a pass
reads off the labels is found on the host and copied without blocking, so a step never waits for the
GPU before its backward."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import torch

from agenthn.engine import templates
from agenthn.engine.d2l import D2LModel
from agenthn.engine.features import to_device
from agenthn.model.lora import LoRABatch
from agenthn.train import data, fastpass, objective, packing
from agenthn.train.data import Encoded, HyperRow


def row_chunks(engine: D2LModel, row: HyperRow) -> list[list[int]]:
    """A row's chunks exactly as internalize would make them (one adapter per segment or chunk)."""
    if row.segments is not None:
        return [c for seg in row.segments for c in engine.doc_chunks(seg)]
    if row.n_chunks == 1:
        return engine.doc_chunks(row.doc)
    body = len(templates.doc_body_ids(engine.tokenizer, row.doc))
    return engine.doc_chunks(row.doc, max(1, math.ceil(body / row.n_chunks)))


def assemble(factors: dict, static: dict, owners: list[int], n_rows: int, scale: float) -> LoRABatch:
    """Per-row adapters with gradients: the row's chunk factors rank-concatenated (chunk-major, as
    D2LModel._make_adapter), the static block appended once. Rows with fewer chunks get zero
    factors in the missing chunk slots, which add nothing (one gather instead of per-row copies)."""
    counts = torch.bincount(torch.tensor(owners), minlength=n_rows)
    starts = torch.cumsum(counts, 0) - counts
    K = int(counts.max())
    slot = torch.arange(K)[None, :]
    pad_index = len(owners)  # points at an appended all-zero chunk
    index = torch.where(slot < counts[:, None], starts[:, None] + slot, torch.full_like(slot, pad_index))
    index = to_device(index, next(iter(factors.values()))[0].device)
    A, B = {}, {}
    for m, (a, b) in factors.items():  # a: [N_chunks, L, r, d]
        parts = []
        for f, st in ((a, static[m][0]), (b, static[m][1])):
            f = torch.cat([f, f.new_zeros(1, *f.shape[1:])])[index]  # [rows, K, L, r, d]
            f = f.transpose(1, 2).reshape(n_rows, f.shape[2], K * f.shape[3], f.shape[4])
            st = st.to(f.dtype)[None].expand(n_rows, -1, -1, -1)
            parts.append(torch.cat([f, st], dim=2))
        A[m], B[m] = parts[0], parts[1] * scale
    return LoRABatch(A, B)


def chunk_factors(engine: D2LModel, net, chunks: list[list[int]], group: int,
                  causal_only: bool = False) -> dict:
    """Hypernetwork factors for every chunk, in order. Chunks are sorted by length and run in groups,
    so short segments are not padded to the longest document of the batch (chunks never interact,
    so the result is the same as one pass)."""
    order = sorted(range(len(chunks)), key=lambda i: len(chunks[i]))
    parts = []
    for g in range(0, len(order), group):
        feats, mask = encoder_features(engine, [chunks[i] for i in order[g: g + group]], causal_only)
        parts.append(net(feats.clone(), mask.clone()))
    inverse = torch.empty(len(order), dtype=torch.long)
    inverse[torch.tensor(order)] = torch.arange(len(order))
    inverse = to_device(inverse, engine.device)
    return {m: tuple(torch.cat([p[m][k] for p in parts])[inverse] for k in range(2)) for m in parts[0]}


def encoder_features(engine: D2LModel, chunks: list[list[int]], causal_only: bool) -> tuple:
    """`engine.features`, or with `hyper.compiled_layers` the same through the written-out layer."""
    if causal_only and hasattr(engine.ctx_encoder, fastpass.ATTR):
        return fastpass.layer_inputs(engine.ctx_encoder, chunks, engine.hypernet.cfg.num_layers)
    return engine.features(chunks, causal_only)


def host_pass(items: list[Encoded], pad: int, hp, adapter_of: list[int] | None = None) -> dict:
    """`items` as the preset runs them, on the host: packed into one sequence (`hp.packed`), or padded in
    `hp.pass_buckets` passes."""
    if hp.packed:
        return packing.pack_host(items, adapter_of)
    return located(items, pad, hp.pass_buckets, adapter_of)


def pass_on_device(batch: dict, device) -> dict:
    """A `host_pass` on `device`, copied without blocking."""
    if "parts" in batch:
        return {"parts": [data.on_device(p, device) for p in batch["parts"]],
                "order": to_device(batch["order"], device)}
    return data.on_device(batch, device)


def located(items: list[Encoded], pad: int, buckets: int = 1, adapter_of: list[int] | None = None) -> dict:
    """`items` as `objective.selected_logits` reads them: sorted by length and run in `buckets` passes,
    each padded only to its own longest row (about half of one pass's tokens were padding; one pass
    keeps the items' own order), with
    each pass's target positions (`at`) and adapter rows (`adapter_of`, when adapted) and the order
    that puts the passes' targets back in the items' order. On the host (`pass_on_device` copies it)."""
    counts = [int(e.mask[1:].sum()) for e in items]  # targets per item (labels[1:] != -100)
    order = sorted(range(len(items)), key=lambda i: len(items[i].ids)) if buckets > 1 else range(len(items))
    size, parts, start, seen = -(-len(items) // max(buckets, 1)), [], [0] * len(items), 0
    for g in range(0, len(items), size):
        idx = order[g: g + size]
        host = data.collate_host([items[i] for i in idx], pad)
        part = {"input_ids": host["input_ids"], "attention_mask": host["attention_mask"],
                "at": objective.target_index(host["labels"])}
        if adapter_of is not None:
            part["rows"] = torch.tensor([adapter_of[i] for i in idx])
        parts.append(part)
        for i in idx:
            start[i], seen = seen, seen + counts[i]
    back = torch.cat([torch.arange(start[i], start[i] + counts[i]) for i in range(len(items))])
    return {"parts": parts, "order": back}


# ---- a step's host work ---------------------------------------------------------------------------
@dataclasses.dataclass
class HostStep:
    """Everything of one step that is made on the host: the documents' chunks (tokenized on first use),
    the targets read off the labels, and the student's, teacher's and retention passes, not yet copied."""
    chunks: list[list[int]]
    owners: list[int]  # the row of each chunk
    n_rows: int
    keep_rows: int
    gold: torch.Tensor  # [n] gold answer tokens
    first: torch.Tensor  # each retention reply's first target, as positions among the retention targets
    value: torch.Tensor | None  # [n] 0/1: the target is part of the answer's value
    student: dict  # the rows, then the retention rows (row j under row j's adapter)
    teacher: dict | None  # None without distillation
    keep: dict | None  # the retention rows without adapters; None without them


def host_step(engine: D2LModel, rows: list[HyperRow], keep: list[Encoded], hp, cache: dict) -> HostStep:
    """One step's `HostStep`; `cache` keeps each row's chunks (tokenizing is most of the host's work).
    Made on a thread while the GPU ran the step before, it did not make a step faster: with no sync
    before the backward the host is already ahead of the GPU (one H200, session 37: 531-557 documents/s
    made when asked, 501-533 made ahead, fresh documents every step; scripts/train_smol.sh prefetch37 at
    commit f9a4c0c, where passes.Prefetch was)."""
    chunks, owners = [], []
    for i, row in enumerate(rows):
        if id(row) not in cache:
            cache[id(row)] = row_chunks(engine, row)
        chunks += cache[id(row)]
        owners += [i] * len(cache[id(row)])
    tok, n = engine.tokenizer, len(rows)
    pad = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
    students = [r.student for r in rows]
    adapter_of = list(range(n)) + [j % n for j in range(len(keep))]  # retention row j: row j's adapter
    student = host_pass(students + keep, pad, hp, adapter_of)
    return HostStep(chunks, owners, n, len(keep), *targets(students, keep), student,
                    host_pass([r.teacher for r in rows], pad, hp) if hp.kd_coef > 0 else None,
                    host_pass(keep, pad, hp) if keep else None)


def targets(rows: list[Encoded], keep: list[Encoded]) -> tuple:
    """What the loss reads off the labels, straight from the rows' masks (next-token aligned: token t + 1
    is a target where its mask is set), in `objective.targets`' order: the rows' gold tokens, each
    retention row's first target as a position among the retention targets, and the rows' 0/1 value
    marks (None when no row marks any)."""
    def picked(e: Encoded, of: np.ndarray) -> np.ndarray:
        return of[1:][e.mask[1:] != 0]

    gold = torch.from_numpy(np.concatenate([picked(e, e.ids) for e in rows]).astype(np.int64))
    counts = np.array([int((e.mask[1:] != 0).sum()) for e in keep], dtype=np.int64)
    first = torch.from_numpy((np.cumsum(counts) - counts)[counts > 0])
    value = None
    if any(e.value is not None for e in rows):
        value = torch.from_numpy(np.concatenate([
            picked(e, e.value) if e.value is not None else np.zeros(int((e.mask[1:] != 0).sum()), np.uint8)
            for e in rows]))
    return gold, first, value
