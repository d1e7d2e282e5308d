"""Train the profile-edit task adapter: a PEFT LoRA on a chat base's MLP down-projections.

A 135M chat model shown a few examples does not propose profile edits reliably (it answers the user,
or writes UPDATE for everything), so the task is taught to a small LoRA instead, on generated turns
from the English world (`world.profile_edits`: new facts, updates, withdrawals, small talk and
requests). The adapter targets exactly the modules the hypernetwork's adapters target (`down_proj` on
every layer for smol), so the batch engine applies it like any other adapter; it is stored as a
standard PEFT folder and read with `model.peft_io.from_peft`.

The loss is the cross-entropy of the proposal tokens (and the end-of-turn token) given the chat that
asks for them (`prompts.en_edit_messages` without examples): the prompt at serving time is the one
trained on. Training stops after `steps` or `time_limit` seconds, whichever comes first.

    python -m agenthn.train.profile_adapter --out agenthn/checkpoints/profile_smol --time-limit 1500
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from pathlib import Path

import torch

from agenthn.agent import prompts

log = logging.getLogger(__name__)


def encode(model, ex: dict) -> dict:
    """Token ids of the asking chat plus the target proposal, and where the target starts."""
    prompt = model.prompt_ids(prompts.en_edit_messages(ex["profile"], ex["turn"], few_shot=False))
    tok = model.tokenizer
    target = tok(ex["target"], add_special_tokens=False)["input_ids"] + [_end_of_turn(tok)]
    return {"ids": prompt + target, "start": len(prompt)}


def _end_of_turn(tok) -> int:
    eot = tok.convert_tokens_to_ids("<|im_end|>")
    return eot if isinstance(eot, int) and eot != tok.unk_token_id else tok.eos_token_id


def batch_loss(pm, rows: list[dict], device) -> torch.Tensor:
    """Mean cross-entropy over the target tokens of a right-padded batch."""
    T = max(len(r["ids"]) for r in rows)
    ids = torch.zeros(len(rows), T, dtype=torch.long)
    mask, labels = torch.zeros_like(ids), torch.full_like(ids, -100)
    for i, r in enumerate(rows):
        n = len(r["ids"])
        ids[i, :n] = torch.tensor(r["ids"])
        mask[i, :n] = 1
        labels[i, r["start"]:n] = ids[i, r["start"]:n]
    # The vocabulary projection only where a target token is predicted: most positions are prompt, and
    # the projection is a fifth of the model's work per position.
    lm = pm.get_base_model()
    hidden = lm.model(input_ids=ids.to(device), attention_mask=mask.to(device)).last_hidden_state[:, :-1]
    keep = labels[:, 1:] != -100
    logits = lm.lm_head(hidden[keep.to(device)]).float()
    return torch.nn.functional.cross_entropy(logits, labels[:, 1:][keep].to(device))


def lora_model(model, rank: int, alpha: float, top_layers: int, init: str | None = None):
    """The LoRA on the top `top_layers` layers only: backpropagation then stops there, which is most of
    what makes CPU training affordable (the lower layers get zero factors when the adapter is read).
    With `init`, training continues from that PEFT folder's weights (its rank and layers)."""
    from peft import LoraConfig, PeftModel, get_peft_model

    if init:
        return PeftModel.from_pretrained(model.base, init, is_trainable=True)

    modules = sorted({path.rsplit(".", 1)[-1] for path, *_ in model.targets.values()})
    n = model.hypernet.cfg.num_layers
    cfg = LoraConfig(r=rank, lora_alpha=alpha, lora_dropout=0.0, target_modules=modules, bias="none",
                     task_type="CAUSAL_LM", layers_to_transform=list(range(n - min(top_layers, n), n)))
    return get_peft_model(model.base, cfg)


def train(model, out: str | Path, n_examples: int = 6000, steps: int = 400, batch: int = 16,
          lr: float = 1e-3, rank: int = 16, alpha: float = 32.0, seed: int = 0,
          time_limit: float | None = None, top_layers: int = 12, init: str | None = None) -> dict:
    from agenthn.world.profile_edits import profile_edit_examples

    torch.manual_seed(seed)
    examples = profile_edit_examples(n_examples, seed)
    rows = [encode(model, ex) for ex in examples]
    pm = lora_model(model, rank, alpha, top_layers, init)
    params = [p for p in pm.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    plan = {"steps": steps}  # shrunk to what fits `time_limit` once the first steps are timed
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / 10) * max(0.05, 1 - s / plan["steps"]))
    rng, t0, losses, marks = random.Random(seed), time.perf_counter(), [], []
    pm.train()
    while len(losses) < plan["steps"]:
        loss = batch_loss(pm, rng.sample(rows, batch), model.device)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        losses.append(loss.item())
        elapsed = time.perf_counter() - t0
        if time_limit and len(losses) % 5 == 0:  # a shared CPU's speed changes: re-plan as it goes
            per_step = (elapsed - marks[-1][1]) / (len(losses) - marks[-1][0]) if marks else elapsed / 5
            marks.append((len(losses), elapsed))
            left = int((time_limit - elapsed) / per_step)
            plan["steps"] = max(len(losses), min(steps, len(losses) + left))
        if len(losses) % 10 == 0:
            log.info("step %d/%d loss %.4f (%.0f s)", len(losses), plan["steps"], sum(losses[-10:]) / 10,
                     elapsed)
    return _save(pm, model, out, {"examples": n_examples, "steps_done": len(losses), "steps_max": steps,
                                  "batch": batch, "lr": lr,
                                  # with --init, rank and layers are the init folder's, not the flags'
                                  "rank": pm.peft_config["default"].r,
                                  "layers": list(pm.peft_config["default"].layers_to_transform or []),
                                  "alpha": alpha, "seed": seed, "init": init,
                                  "seconds": round(time.perf_counter() - t0, 1),
                                  "loss_first10": sum(losses[:10]) / max(len(losses[:10]), 1),
                                  "loss_last10": sum(losses[-10:]) / max(len(losses[-10:]), 1)})


def _save(pm, model, out: str | Path, summary: dict) -> dict:
    out = Path(out)
    pm.eval()
    pm.save_pretrained(str(out))
    pm.unload()  # leave the shared base model exactly as it was loaded (no LoRA layers left in it)
    cfg = json.loads((out / "adapter_config.json").read_text())
    cfg["base_model_name_or_path"] = model.base_model_id
    (out / "adapter_config.json").write_text(json.dumps(cfg, indent=2))
    summary = {"base_model": model.base_model_id, "data": "agenthn.world.profile_edits (train split)",
               **summary}
    (out / "train_summary.json").write_text(json.dumps(summary, indent=2))
    log.info("profile adapter written to %s: %s", out, summary)
    return summary


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="smol")
    ap.add_argument("--out", required=True)
    ap.add_argument("--examples", type=int, default=6000)
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--top-layers", type=int, default=12, help="LoRA on the top N layers only")
    ap.add_argument("--init", default=None, help="continue from this PEFT folder (a warm start)")
    ap.add_argument("--time-limit", type=float, default=None, help="stop after this many seconds")
    ap.add_argument("--device", default="cpu")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    import agenthn

    model = agenthn.load(args.model, device=args.device)
    train(model, args.out, args.examples, args.steps, args.batch, args.lr, args.rank, 2.0 * args.rank,
          args.seed, args.time_limit, args.top_layers, args.init)


if __name__ == "__main__":
    main()
