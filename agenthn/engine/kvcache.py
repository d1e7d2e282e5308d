"""Device side of continuous batching: KV slots on one shared column timeline, masks, the forward.

Row i of the running batch lives in slot i of per-layer buffers [slots, kv_heads, cols, head_dim].
All rows share one column timeline: a row that joins is written so that its prompt ends at the
current column `c`, every decode step writes column `c` for every row, and a row only sees
columns [start_i, c] through its attention mask (so stale data of earlier occupants and other
rows' padding never leak). Positions are per row (`c - start_i`), so RoPE is exactly that of the
request run alone. Gemma-2's sliding-window layers get their own mask (`c - col < window`), which
is what Hugging Face's sliding cache computes; the full cache is kept, nothing is evicted.

The masks are passed to the Hugging Face model as ready 4D additive masks (a dict per layer type
for models with sliding layers), which transformers 5.x uses as-is. On CUDA the decode forward is
captured as a CUDA graph per (rows bucket, columns bucket, adapters on/off); every input lives in a
static buffer, so replay needs no Python model code at all.
"""

from __future__ import annotations

import logging

import torch
from transformers.cache_utils import Cache

from agenthn.engine.generate import cache_kwarg, forward
from agenthn.errors import AgentHNError

log = logging.getLogger(__name__)

MIN_COLS = 64


def bucket(n: int, cap: int, floor: int = 1) -> int:
    """Smallest power of two >= n (at least `floor`), capped at `cap`."""
    b = floor
    while b < n:
        b *= 2
    return min(b, cap)


class SlotCache(Cache):
    """A transformers Cache over views of the slot buffers: `update` writes the new keys/values at
    columns `cols` in place and returns the whole view (masked per row by the caller's mask)."""

    def __init__(self, keys: list[torch.Tensor], values: list[torch.Tensor], cols: torch.Tensor):
        super().__init__(layers=[])
        self.k, self.v, self.cols = keys, values, cols

    def update(self, key_states, value_states, layer_idx, *args, **kwargs):
        k, v = self.k[layer_idx], self.v[layer_idx]
        k.index_copy_(2, self.cols, key_states.to(k.dtype))
        v.index_copy_(2, self.cols, value_states.to(v.dtype))
        return k, v

    def get_seq_length(self, layer_idx: int = 0) -> int:  # positions are always passed explicitly
        return 0


class KVSlots:
    """Per-layer key/value buffers; columns grow by doubling (which invalidates captured graphs)."""

    def __init__(self, config, slots: int, max_cols: int, device, dtype):
        self.n_layers = config.num_hidden_layers
        self.heads = config.num_key_value_heads
        self.head_dim = getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads
        self.slots, self.max_cols, self.device, self.dtype = slots, max_cols, device, dtype
        self.cols = 0
        self.keys: list[torch.Tensor] = []
        self.values: list[torch.Tensor] = []
        self.generation = 0  # bumped on reallocation: graphs captured on old buffers are stale

    @property
    def bytes_per_token(self) -> int:
        element = torch.empty((), dtype=self.dtype).element_size()
        return 2 * self.n_layers * self.heads * self.head_dim * element

    def ensure_cols(self, n: int) -> None:
        if n <= self.cols:
            return
        if n > self.max_cols:
            raise AgentHNError(f"batch needs {n} KV columns, more than max_seq={self.max_cols}")
        new = bucket(n, self.max_cols, MIN_COLS)
        shape = (self.slots, self.heads, new, self.head_dim)
        keys = [torch.zeros(shape, device=self.device, dtype=self.dtype) for _ in range(self.n_layers)]
        values = [torch.zeros(shape, device=self.device, dtype=self.dtype) for _ in range(self.n_layers)]
        # no old buffers on the first allocation: strict=False copies nothing then
        for old, fresh in zip(self.keys + self.values, keys + values, strict=False):
            fresh[:, :, : self.cols].copy_(old)
        self.keys, self.values, self.cols = keys, values, new
        self.generation += 1
        log.debug("KV slots: %d slots x %d columns (%.1f MiB)", self.slots, new,
                  self.slots * new * self.bytes_per_token / 2**20)

    def views(self, rows: slice, cols: slice) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
        return [k[rows, :, cols] for k in self.keys], [v[rows, :, cols] for v in self.values]

    def zero_from(self, first: int) -> None:
        """Zero the rows from `first` on: what earlier requests left in slots no running row uses."""
        for t in self.keys + self.values:
            t[first:].zero_()

    def move_row(self, src: int, dst: int, n_cols: int) -> None:
        for t in self.keys + self.values:
            t[dst, :, :n_cols].copy_(t[src, :, :n_cols])

    def shift(self, n_rows: int, n_cols: int, delta: int) -> None:
        """Move columns [0, n_cols) of the first n_rows slots by delta (negative = left)."""
        if delta == 0 or n_rows == 0:
            return
        src = slice(max(0, -delta), n_cols)
        dst = slice(max(0, delta), n_cols + delta)
        for t in self.keys + self.values:
            t[:n_rows, :, dst] = t[:n_rows, :, src].clone()


def layer_windows(config) -> tuple[bool, int | None]:
    """(whether the model wants a per-layer-type mask dict, its sliding window)."""
    types = getattr(config, "layer_types", None) or []
    if "sliding_attention" in types:
        return True, int(config.sliding_window)
    return False, None


def attn_masks(start: torch.Tensor, q_cols: torch.Tensor, n_cols: int, window: int | None, as_dict: bool,
               dtype):
    """Additive masks [rows, 1, queries, n_cols]: row r's query at column q sees columns
    start[r] <= col <= q (and q - col < window on sliding layers)."""
    col = torch.arange(n_cols, device=start.device)
    k, q = col[None, None, :], q_cols[None, :, None]
    ok = (k >= start[:, None, None]) & (k <= q)
    neg = torch.finfo(dtype).min

    def additive(m):
        return torch.zeros(m.shape, device=start.device, dtype=dtype).masked_fill_(~m, neg)[:, None]

    full = additive(ok)
    if not as_dict:
        return full
    return {"full_attention": full, "sliding_attention": additive(ok & (q - k < window))}


class StepRunner:
    """Runs prefill and decode forwards over the slots; captures decode steps as CUDA graphs."""

    def __init__(self, base, kv: KVSlots, lora_batch, lora_generation, max_rows: int, cuda_graphs: bool,
                 bucketed: bool | None = None):
        self.base, self.kv, self.max_rows = base, kv, max_rows
        self.lora_batch, self.lora_generation = lora_batch, lora_generation  # rows -> LoRABatch; -> int
        self.device = kv.device
        self.dtype = next(base.parameters()).dtype
        self.cache_kw = cache_kwarg(base)
        self.as_dict, self.window = layer_windows(base.config)
        self.ids = torch.zeros(max_rows, 1, dtype=torch.long, device=self.device)
        self.start = torch.zeros(max_rows, dtype=torch.long, device=self.device)
        self.col = torch.zeros(1, dtype=torch.long, device=self.device)
        self.cuda_graphs = cuda_graphs and self.device.type == "cuda"
        self.bucketed = self.cuda_graphs if bucketed is None else bucketed  # tests force it on CPU
        self._graphs: dict[tuple, tuple] = {}
        self._gen = (-1, -1)
        self._pool = torch.cuda.graph_pool_handle() if self.cuda_graphs else None

    def _forward(self, rows: slice, cols: slice, ids, start, q_cols, with_lora: bool) -> torch.Tensor:
        """Forward of `ids` [rows, queries] written at columns `q_cols` (relative to cols.start);
        `start` is each row's first real column, also relative. Returns last-position logits."""
        n_cols = cols.stop - cols.start
        masks = attn_masks(start, q_cols, n_cols, self.window, self.as_dict, self.dtype)
        pos = (q_cols[None, :] - start[:, None]).clamp(min=0)
        keys, values = self.kv.views(rows, cols)
        lora = self.lora_batch(rows) if with_lora else None
        out = forward(self.base, lora, input_ids=ids, attention_mask=masks, position_ids=pos, use_cache=True,
                      logits_to_keep=1, **{self.cache_kw: SlotCache(keys, values, q_cols)})
        return out.logits[:, -1, :]

    def prefill(self, first_row: int, prompts: list[list[int]], end_col: int,
                with_lora: bool) -> torch.Tensor:
        """Write the prompts of rows first_row.. (left-padded) so that each ends at column end_col."""
        P = max(len(p) for p in prompts)
        ids = torch.zeros(len(prompts), P, dtype=torch.long)
        for i, p in enumerate(prompts):
            ids[i, P - len(p):] = torch.tensor(p, dtype=torch.long)
        rel_start = torch.tensor([P - len(p) for p in prompts], device=self.device)
        rows = slice(first_row, first_row + len(prompts))
        return self._forward(rows, slice(end_col - P, end_col), ids.to(self.device), rel_start,
                             torch.arange(P, device=self.device), with_lora)

    def set_inputs(self, tokens: list[int], starts: list[int], c: int) -> None:
        n = len(tokens)
        self.ids[:n, 0].copy_(torch.tensor(tokens, dtype=torch.long))
        self.start[:n].copy_(torch.tensor(starts, dtype=torch.long))
        self.start[n:].fill_(c)  # padding rows of a graph bucket see only their own column
        self.col.fill_(c)

    def decode(self, n: int, c: int, with_lora: bool) -> torch.Tensor:
        """One step for rows [0, n) at column c (inputs set by set_inputs); logits [n, vocab].
        Bucketed shapes (what graphs replay) pad rows and columns; the padding is masked out."""
        if not self.bucketed:
            return self._run(n, c + 1, with_lora)
        b, T = bucket(n, self.max_rows), bucket(c + 1, self.kv.cols, MIN_COLS)
        if not self.cuda_graphs:
            return self._run(b, T, with_lora)[:n]
        gen = (self.kv.generation, self.lora_generation())
        if gen != self._gen:  # buffers were reallocated: graphs captured on the old ones are stale
            self._graphs.clear()
            self._gen = gen
        key = (b, T, with_lora)
        if key not in self._graphs:
            self._graphs[key] = self._capture(b, T, with_lora)
        graph, out = self._graphs[key]
        if graph is None:
            return self._run(b, T, with_lora)[:n]
        graph.replay()
        return out[:n]

    def _run(self, b: int, n_cols: int, with_lora: bool) -> torch.Tensor:
        return self._forward(slice(0, b), slice(0, n_cols), self.ids[:b], self.start[:b], self.col, with_lora)

    def _capture(self, b: int, T: int, with_lora: bool):
        """Warm up (a real, idempotent step: same inputs, same column) then capture; on any failure
        log once and run this bucket eagerly."""
        def step():
            return self._run(b, T, with_lora)

        try:
            side = torch.cuda.Stream()
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                for _ in range(2):
                    step()
            torch.cuda.current_stream().wait_stream(side)
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph, pool=self._pool, capture_error_mode="thread_local"):
                out = step()
            log.debug("captured decode graph rows=%d cols=%d lora=%s", b, T, with_lora)
            return graph, out
        except Exception as e:  # capture is an optimisation: fall back to eager steps, loudly
            log.warning("CUDA graph capture failed (rows=%d cols=%d): %s; decoding eagerly", b, T, e)
            self.cuda_graphs = False
            return None, None

    @property
    def n_graphs(self) -> int:
        return sum(1 for g, _ in self._graphs.values() if g is not None)
