"""Training presets: model sizes, data amounts and optimiser settings for both stages.

- `micro`: trains on a CPU in well under a minute per stage; tests use it (plumbing, not quality).
- `tiny`: the shipped default model; each stage fits one 600 s device call on one H100.
- `small`: a ~100M-parameter base for multi-GPU scaling runs (issue 9); same code, bigger numbers.
- `smol`: the hypernetwork for SmolLM2-135M-Instruct (the base comes from its wheel, not trained here).

Batch sizes are GLOBAL (summed over processes): a run gives the same data order and the same
updates whatever the world size.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from agenthn.errors import AgentHNError


@dataclass
class BasePreset:
    vocab_size: int = 4096
    hidden_size: int = 256
    intermediate_size: int = 768
    num_hidden_layers: int = 4  # 4 layers x 256: a 256-token internalize stays under 30 ms on 2 CPU cores
    num_attention_heads: int = 4
    num_key_value_heads: int = 4
    max_position_embeddings: int = 512
    rope_theta: float = 10000.0
    # Held-out names and values contain tokens that never occur in training text. Frozen random
    # (tied) embeddings make such tokens look exactly like trained ones, so copying generalises.
    freeze_embeddings: bool = True
    embed_std: float = 0.15
    # data: conversations from chat_samples, chats built on doc_samples (1-16 facts), plain documents
    n_chat: int = 200_000
    n_doc_chat: int = 150_000
    n_lm: int = 20_000
    n_random_values: int = 100_000
    tokenizer_texts: int = 6000
    max_len: int = 512
    steps: int = 12000  # with --time-limit the planned steps shrink to what fits (logged)
    batch: int = 128
    lr: float = 2e-3
    min_lr_frac: float = 0.05
    warmup: int = 200
    weight_decay: float = 0.05
    grad_clip: float = 1.0
    stop_at: int = 0  # stop (and save) after this many steps, mid-schedule; 0: run the whole schedule
    log_every: int = 50
    ckpt_every: int = 1000
    seed: int = 0


@dataclass
class HyperPreset:
    lora_r: int = 16  # few layers to write into, so more rank per layer (cheap: one latent per rank)
    latent_size: int = 192
    n_latent_queries: int = 16
    num_blocks: int = 3
    num_self_attn_per_block: int = 0
    n_heads: int = 4
    head_dim: int = 48
    n_kv_heads: int = 2
    modality_hidden: int = 256  # runs on layers x tokens features: the hypernetwork's main CPU cost
    perceiver_mlp_hidden: int = 384
    pre_head_hidden: int = 192
    targets: tuple = ("down_proj",)
    head_extra: int = 0  # a second, zero-started head over silu(W x): see model.config.HypernetConfig
    shared_head: tuple = ()  # targets whose head is shared by every layer (model.config.HypernetConfig)
    max_chunk_tokens: int = 320  # the engine chunks longer documents; training documents stay below it
    max_doc_tokens: int = 16384
    n_docs: int = 80_000
    kinds: str = ""  # comma-separated document kinds to train on (empty: all of them)
    n_facts: tuple = (1, 16)
    max_qas: int = 4  # question/answer turns per training row (benchmarks ask one)
    p_token_chunks: float = 0.3  # the document cut into 2-8 equal token chunks, adapters composed
    p_line_segments: float = 0.3  # the document's lines grouped into 2-16 segments, adapters composed
    # facts documents whose values are swapped for 1-3 random vocabulary pieces: the hypernetwork must
    # copy any token, not recall the world's training values (on v3, answer-token accuracy was 0.84 on
    # training-split documents and 0.71 on held-out ones)
    p_random_values: float = 0.0
    say_variety: float = 0.0  # English, train split: share of fact sentences restated (world.english_variety)
    random_long_values: float = 0.0  # of the random values, the share that are long (3-10 digits, 4-6 pieces)
    # of the random values, the share that are English words smol finishes itself ("sustenance"):
    # train/wordlists/smol_known_words.txt, for smol's tokenizer
    random_known_words: float = 0.0
    more_says: bool = False  # English, train split: 5-6 more statement phrasings per attribute (english_says)
    max_token_chunks: int = 8
    max_segments: int = 16
    chunk_group: int = 64  # chunks per encoder + hypernetwork pass, grouped by length
    pass_buckets: int = 1  # student and teacher rows in this many passes, grouped by length (less padding)
    packed: bool = False  # student and teacher rows end to end in one pass, no padding (train.packing; GPU)
    steps: int = 6000
    batch: int = 64
    # measured on CPU (one attribute, fresh names every step, batch 16, 750 steps): lr 1e-4 reached 81%
    # answer-token accuracy, 3e-4 56%, 1e-3 stayed at the answer-format floor (32%)
    lr: float = 1e-4
    # Perceiver layers a warm start adds (agenthn.model.grow) start silent, post-norm weights at zero; at
    # the trained rest's rate those weights move ~lr a step, far too slowly to matter in one stage
    new_lr_mult: float = 1.0
    min_lr_frac: float = 0.05
    warmup: int = 200
    weight_decay: float = 0.01
    grad_clip: float = 1.0
    top_k: int = 16
    l1_coef: float = 0.05
    stop_at: int = 0  # stop (and save) after this many steps, mid-schedule; 0: run the whole schedule
    log_every: int = 50
    ckpt_every: int = 1000
    seed: int = 0
    # ---- objective (see agenthn.train.objective) ----
    kd_coef: float = 1.0  # context distillation: the base with the document in context is the teacher
    ce_coef: float = 0.0  # cross-entropy on the gold answers (a weak reader's teacher caps the student)
    kd_only_right: bool = False  # distil only the answer tokens the teacher itself gets right
    sentence_answers: float = 0.0  # share of gold answers given as a sentence ("Your cat's name is Miso.")
    value_coef: float = 0.0  # extra cross-entropy weight on the answer value's own tokens
    retention_coef: float = 0.0  # KL to the adapter-free base on its own replies to unrelated prompts
    retention_first_coef: float = 0.0  # the same KL again at each reply's first token, per reply
    retention_frac: float = 0.25  # retention rows per step, as a share of the batch
    retention_prompts: int = 2048  # distinct unrelated prompts whose base replies are generated once
    retention_typed: float = 0.0  # share of retention rows re-drawn to want their adapter's value type
    retention_general: float = 0.0  # share of retention prompts from the broad pool (world/english_general)
    retention_general_wide: bool = False  # that pool with its wider set of shapes (english_general.WIDER)
    retention_self: float = 0.0  # share of retention prompts the base writes itself (train/self_prompts)
    # ---- data and base ----
    corpus: str = "world"  # "world" (the tiny world's documents) or "english" (agenthn.world.english)
    base_dtype: str = "float32"  # the frozen base's weights on a GPU (CPUs always use float32)
    compile_norms: bool = False  # on a GPU, the base's RMSNorms through torch.compile (common.compile_norms)
    compile_fused: bool = False  # on a GPU, also its silu(gate)*up and rotary (common.compile_mlp_rotary)
    compile_hyper_norms: bool = False  # on a GPU, the hypernetwork's RMSNorms too (common.compile_norms)
    compiled_layers: bool = False  # packed passes through one compiled decoder layer (train.fastpass)
    causal_only: bool = False  # base passes without padding masks (right padding: exact; flash attention)
    base_model_id: str = "agenthn/tiny-base"
    doc_prefix_extra: str = "\n\n"  # Gemma-style templates: D2L's empty system message leaves "\n\n"
    save_dtype: str = ""  # hypernetwork weights in the shipped checkpoint ("" = as trained, float32)
    cpu_dtype: str = ""  # the checkpoint's CPU default in agenthn.load (loading.default_dtype; "" float32)


@dataclass
class Preset:
    name: str
    base: BasePreset = field(default_factory=BasePreset)
    hyper: HyperPreset = field(default_factory=HyperPreset)


def _micro() -> Preset:
    base = BasePreset(vocab_size=1024, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                      num_attention_heads=2, num_key_value_heads=2, n_chat=600, n_doc_chat=300, n_lm=100,
                      n_random_values=100, tokenizer_texts=1200,
                      max_len=256, steps=30, batch=16, lr=3e-3, warmup=5, log_every=5, ckpt_every=10)
    hyper = HyperPreset(lora_r=4, latent_size=32, n_latent_queries=4, num_blocks=1, n_heads=2, head_dim=16,
                        n_kv_heads=1, modality_hidden=64, perceiver_mlp_hidden=64, pre_head_hidden=32,
                        n_docs=400, n_facts=(1, 4), max_qas=2, max_token_chunks=3, max_segments=4,
                        steps=30, batch=8, lr=1e-3, warmup=5, log_every=5, ckpt_every=10, chunk_group=8)
    return Preset("micro", base, hyper)


def _small() -> Preset:
    base = BasePreset(vocab_size=8192, hidden_size=768, intermediate_size=2304, num_hidden_layers=12,
                      num_attention_heads=12, num_key_value_heads=4, steps=8000, batch=256, lr=6e-4)
    hyper = HyperPreset(latent_size=512, n_latent_queries=16, num_blocks=4, n_heads=8, head_dim=64,
                        n_kv_heads=4, modality_hidden=1536, perceiver_mlp_hidden=1024, pre_head_hidden=512,
                        steps=3000, batch=64, lr=1e-4)
    return Preset("small", base, hyper)


def _smol() -> Preset:
    """SmolLM2-135M-Instruct (30 layers x 576, down_proj 1536 -> 576). A 128-wide latent keeps the
    per-layer head (30 x 128 x 2112) at 8.1M parameters, 15.5 MiB in bf16: every shipped file stays
    under 16 MiB and the whole hypernetwork under 32 MiB. Gold-answer cross-entropy, not only
    distillation: the base reads its context poorly (30-40% on fact documents), and a student
    distilled from it could not exceed it; distillation at half weight beside it keeps general
    answers (a CE-only adapter broke 80% of them). Random values in 60% of documents: with the
    corpus' small value pools alone, the hypernetwork learned each attribute's usual values instead
    of copying (31% on training-split values, 0% on held-out ones). 256 chunks per encoder pass: the
    step is launch-bound, and fewer, larger passes ran 202 documents/s on one H200 against 165 with 64
    (peak 94 GiB at batch 256; results/smol_stages/profile_step_h200.txt). Stages 1-8 ran with 64.
    The base's RMSNorms compiled: 281 documents/s against 230 in the same profile (session 16,
    results/smol_stages/profile_s16); stages 1-29 ran without. Session 17 added each MLP's silu*up and
    the rotary embeddings compiled (288 against 264 norms-only, profile_s17) and base passes without
    padding masks, so attention takes the flash kernel (347 against 303, 229 eager; profile_s17b);
    stages 1-31 ran with masks. Session 36 packed the student's and teacher's rows end to end (no
    padding; 538-542 documents/s against 323-374 padded, results/smol_stages/profile_s36); every stage
    before ran padded. Session 38 compiles the hypernetwork's own RMSNorms too (interleaved step by step
    with the real weights: 569 eager, 627 compiled documents/s; profile_s38/weights38.txt). Session 47
    runs packed passes through one compiled decoder layer (`compiled_layers`: 788 against 608 documents/s
    in alternating blocks, 711 a whole run; profile_s46/layers4{4,6}.txt): in bfloat16 it is as
    near the pass in float32 as the modules' way (hidden states 3.2% against 3.9% of the largest value,
    the factors' gradients at cosine 0.994 and 0.993; profile_s47/fastpass47.txt). Every stage before
    ran without it. A checkpoint
    it writes loads on a CPU with the MLP gate/up projections
    and output head in float16 (`cpu_dtype`): v9's issue-19 benchmarks, retention and paragraphs give
    the same answers as in float32, and a decode step is faster (session 25)."""
    hyper = HyperPreset(lora_r=8, latent_size=128, n_latent_queries=16, num_blocks=2, n_heads=4, head_dim=32,
                        n_kv_heads=2, modality_hidden=512, perceiver_mlp_hidden=256, pre_head_hidden=256,
                        max_chunk_tokens=512, n_docs=200_000, corpus="english", n_facts=(1, 16), max_qas=8,
                        p_token_chunks=0.1, p_line_segments=0.2, p_random_values=0.6, max_segments=4,
                        max_token_chunks=4,
                        steps=4000, batch=256, lr=1e-3, warmup=100, l1_coef=0.01, kd_coef=0.5, ce_coef=1.0,
                        retention_coef=1.0, base_dtype="bfloat16", chunk_group=256, compile_norms=True,
                        compile_fused=True, compile_hyper_norms=True, causal_only=True, packed=True,
                        compiled_layers=True, base_model_id="HuggingFaceTB/SmolLM2-135M-Instruct",
                        doc_prefix_extra="", save_dtype="bfloat16", cpu_dtype="float16")
    return Preset("smol", BasePreset(), hyper)


PRESETS = {"micro": _micro, "tiny": lambda: Preset("tiny"), "small": _small, "smol": _smol}


def get_preset(name: str, **overrides) -> Preset:
    """A preset by name; `overrides` set fields of the stage configs as "base.steps" / "hyper.lr"."""
    if name not in PRESETS:
        raise AgentHNError(f"unknown preset {name!r}; choose from {sorted(PRESETS)}")
    p = PRESETS[name]()
    for key, value in overrides.items():
        stage, _, attr = key.partition(".")
        cfg = getattr(p, stage)
        if attr not in {f.name for f in dataclasses.fields(cfg)}:
            raise AgentHNError(f"unknown preset field {key!r}")
        kind = type(getattr(cfg, attr))
        if kind is bool and isinstance(value, str):
            value = value.lower() in ("1", "true", "yes")
        elif kind is tuple and isinstance(value, str):  # "1,16" -> (1, 16); "down_proj,up_proj" stays text
            items = [x.strip() for x in value.split(",") if x.strip()]
            value = tuple(int(x) if x.lstrip("-").isdigit() else x for x in items)
        setattr(cfg, attr, kind(value))
    return p


def parse_sets(pairs: list[str] | None) -> dict[str, str]:
    """`--set STAGE.FIELD=VALUE` items (the train commands' and the profiling scripts') as `get_preset`'s
    overrides; an item without "=" is refused by name."""
    out = {}
    for item in pairs or []:
        key, eq, value = item.partition("=")
        if not (eq and key):
            raise AgentHNError(f"--set {item!r}: expected STAGE.FIELD=VALUE, e.g. hyper.lr=2e-4")
        out[key] = value
    return out
