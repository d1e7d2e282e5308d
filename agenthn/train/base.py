"""`agenthn train base`: a small Llama-style model trained from scratch on the tiny world.

The loss is on assistant tokens of conversations whose needed information is in context (system
message or earlier turns), plus plain documents as language-model text. The tokenizer is trained on
the world corpus first and saved with the model, so the output directory loads with
`AutoModelForCausalLM.from_pretrained` / `AutoTokenizer.from_pretrained`.
"""

from __future__ import annotations

import json
import logging
import random
import re
from pathlib import Path

import torch
import torch.nn.functional as F
from tqdm import tqdm

from agenthn.train import common
from agenthn.train.data import base_dataset, collate, step_indices
from agenthn.train.presets import BasePreset, get_preset

log = logging.getLogger(__name__)


def build_model(bp: BasePreset, tok):
    from transformers import LlamaConfig, LlamaForCausalLM

    cfg = LlamaConfig(vocab_size=len(tok), hidden_size=bp.hidden_size, intermediate_size=bp.intermediate_size,
                      num_hidden_layers=bp.num_hidden_layers, num_attention_heads=bp.num_attention_heads,
                      num_key_value_heads=bp.num_key_value_heads,
                      head_dim=bp.hidden_size // bp.num_attention_heads,
                      max_position_embeddings=bp.max_position_embeddings, rope_theta=bp.rope_theta,
                      pad_token_id=tok.pad_token_id, bos_token_id=tok.bos_token_id,
                      eos_token_id=tok.eos_token_id,
                      tie_word_embeddings=True)
    cfg._attn_implementation = "sdpa"
    torch.manual_seed(bp.seed)
    model = LlamaForCausalLM(cfg)
    emb = model.get_input_embeddings().weight
    with torch.no_grad():
        emb.normal_(0.0, bp.embed_std)
    emb.requires_grad_(not bp.freeze_embeddings)
    return model


def get_tokenizer(out: Path, bp: BasePreset, d: common.Dist):
    """Rank 0 trains (or, on resume, reuses) the tokenizer and saves it; the others read it back."""
    from transformers import AutoTokenizer

    from agenthn.train.tokenizer import build_tokenizer

    if d.main and not (out / "tokenizer.json").is_file():
        build_tokenizer(bp.seed, bp.vocab_size, bp.tokenizer_texts).save_pretrained(out)
    if d.world > 1:
        torch.distributed.barrier()
    return AutoTokenizer.from_pretrained(out)


def optimizer(model: torch.nn.Module, lr: float, wd: float) -> torch.optim.AdamW:
    """Weight decay on matrices only (not norms)."""
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": wd},
              {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=lr, betas=(0.9, 0.95), fused=torch.cuda.is_available())


def lm_loss(model, batch: dict, d: common.Dist) -> tuple[torch.Tensor, float, int]:
    """(loss to backpropagate, summed token loss, global target count): per-token mean over the
    global batch, times world size because DDP averages gradients over processes."""
    with common.autocast(d):
        logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
    labels = batch["labels"][:, 1:]
    loss_sum = F.cross_entropy(logits[:, :-1].float().reshape(-1, logits.shape[-1]), labels.reshape(-1),
                               ignore_index=-100, reduction="sum")
    n_global = common.all_sum((labels != -100).sum().item(), d)
    return loss_sum * d.world / n_global, loss_sum.item(), int(n_global)


def train_base(preset: str, out: str | Path, resume: bool = False, device: str | None = None,
               time_limit_s: float | None = None, keep_schedule: bool = False, **overrides) -> Path:
    d = common.setup_dist(device)
    common.fast_attention()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    bp = get_preset(preset, **overrides).base
    clock = common.Clock(time_limit_s, fit=not keep_schedule)
    tok = get_tokenizer(out, bp, d)
    data = base_dataset(tok, bp, bp.seed)
    model = build_model(bp, tok).to(d.device)
    log.info("base model: %.2fM parameters, world size %d, device %s", model.num_parameters() / 1e6, d.world,
             d.device)
    opt = optimizer(model, bp.lr, bp.weight_decay)
    start = common.load_state(out, model, opt, d.device) if resume else 0
    ddp = common.wrap_ddp(model, d)
    metrics = common.Metrics(out, start, d.main)
    bar = tqdm(total=bp.steps, initial=start, disable=not d.main, desc="base", mininterval=2)
    sched = common.Schedule(clock, bp, start, d, bar)
    acc_loss, acc_tok, done = 0.0, 0, start
    for step in sched.steps():
        lr = sched.lr(step, opt)
        idx = step_indices(bp.seed, step, bp.batch, len(data), d.rank, d.world)
        loss, loss_sum, n = lm_loss(ddp, collate([data[i] for i in idx], tok.pad_token_id, d.device), d)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        gnorm = torch.nn.utils.clip_grad_norm_(model.parameters(), bp.grad_clip).item()
        opt.step()
        acc_loss, acc_tok = acc_loss + common.all_sum(loss_sum, d), acc_tok + n
        bar.update(1)
        done = step + 1
        if sched.should_log(step):
            row = {"step": step + 1, "loss": acc_loss / acc_tok, "lr": lr, "grad_norm": gnorm,
                   "elapsed_s": round(clock.elapsed(), 1)}
            metrics.write(row)
            log.info("step %d  loss %.4f  lr %.2e  gnorm %.2f  %.0fs", step + 1, row["loss"], lr, gnorm,
                     row["elapsed_s"])
            bar.set_postfix(loss=f"{row['loss']:.3f}")
            acc_loss, acc_tok = 0.0, 0
        stop = sched.should_stop(done)
        if sched.should_save(step, stop):
            common.save_state(out, step + 1, model, opt, {"preset": preset})
        if stop:
            log.warning("%s at step %d: saved; continue with --resume", sched.why, step + 1)
            break
    bar.close()
    if d.main:
        finish(out, model, tok, preset, bp, done)
    common.teardown_dist()
    return out


def finish(out: Path, model, tok, preset: str, bp: BasePreset, steps_done: int) -> None:
    model.save_pretrained(out, max_shard_size="12MB")  # every file stays under the 16 MiB limit
    tok.save_pretrained(out)
    common.plot_losses(out, ["loss", "lr"], f"train base --preset {preset}")
    acc = icl_check(model, tok, n=8 if preset == "micro" else 200)
    (out / "train_summary.json").write_text(json.dumps({"preset": preset, "steps": steps_done, "bp": vars(bp),
                                                        "icl_check": acc}, indent=2))
    log.info("base model saved to %s; held-out in-context accuracy: %s", out, acc)


def _greedy(model, prompts: list[list[int]], stop: set[int], tok, new: int = 24) -> list[list[int]]:
    """Greedy replies (stop token excluded) of the bare base model still in training, by Hugging Face's
    own generate: serving generates only through the batch engine, which needs a whole D2LModel."""
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    T = max(map(len, prompts))
    ids = torch.tensor([[pad] * (T - len(p)) + p for p in prompts], device=next(model.parameters()).device)
    mask = torch.tensor([[0] * (T - len(p)) + [1] * len(p) for p in prompts], device=ids.device)
    out = model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=new, do_sample=False,
                         eos_token_id=sorted(stop), pad_token_id=pad)[:, T:].tolist()
    return [row[: next((i for i, t in enumerate(row) if t in stop), len(row))] for row in out]


def normalize(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


@torch.inference_mode()
def icl_check(model, tok, n: int, n_facts=(1, 4, 8, 16)) -> dict:
    """Quick check: doc in context, one question, greedy answer, exact match (held-out and train)."""
    return {f"{split}_{k}": v for split in ("eval", "train")
            for k, v in _icl_split(model, tok, n, n_facts, split).items()}


def _icl_split(model, tok, n: int, n_facts, split: str) -> dict:
    from agenthn.engine.templates import render_ids
    from agenthn.world import corpus

    model.eval()
    stop = {tok.eos_token_id, tok.convert_tokens_to_ids("<end_of_turn>")}
    res = {}
    for k in n_facts:
        rng = random.Random(k)
        samples = corpus.doc_samples(n, 123, split, kinds=["facts"], n_facts=(k, k))
        qas = [(s.doc, rng.choice(s.qas)) for s in samples]
        prompts = [render_ids(tok, [{"role": "system", "content": doc},
                                    {"role": "user", "content": qa.question}])
                   for doc, qa in qas]
        outs = [o for i in range(0, len(prompts), 64) for o in _greedy(model, prompts[i:i + 64], stop, tok)]
        hits = [normalize(tok.decode(o, skip_special_tokens=True)) == normalize(qa.answer)
                for o, (_, qa) in zip(outs, qas, strict=True)]
        res[f"facts_{k}"] = sum(hits) / len(hits)
        for o, (_, qa) in list(zip(outs, qas, strict=True))[:3]:
            log.info("%s %d facts | %s -> %r (want %r)", split, k, qa.question,
                     tok.decode(o, skip_special_tokens=True),
                     qa.answer)
    model.train()
    return res
