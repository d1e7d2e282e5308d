"""Average two hypernetwork checkpoints of one architecture (a "model soup"), weight by weight.

A later stage trained from an earlier checkpoint sits in the same basin; a point between the two
can keep part of each one's strengths (here: the later stage's recall and long values against the
earlier one's retention). The result is an ordinary model directory, read by `agenthn.load`, the
eval and the probes; its config.json records both parents and the weight.

    python -m agenthn.train.soup agenthn/checkpoints/smol runs/M38 --alpha 0.5 --out runs/S38
    # alpha is B's share: 0 gives A back, 1 gives B
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import torch

from agenthn.errors import AgentHNError, CheckpointError
from agenthn.model.checkpoint import SAVE_WRITES, load_model_dir, save_model_dir


def soup(a: str, b: str, alpha: float, out: str) -> Path:
    """(1 - alpha) * A + alpha * B for every weight; refuses checkpoints of different shapes."""
    if not 0.0 <= alpha <= 1.0:
        raise AgentHNError(f"alpha {alpha} is outside [0, 1]")
    conf_a, cfg_a, sa = load_model_dir(a)
    conf_b, cfg_b, sb = load_model_dir(b)
    if cfg_a.to_dict() != cfg_b.to_dict() or sa.keys() != sb.keys():
        raise CheckpointError(f"{a} and {b} have different hypernetwork configs or weight names")
    mixed = {}
    for k, ta in sa.items():
        tb = sb[k]
        if ta.shape != tb.shape:
            raise CheckpointError(f"{k}: shape {tuple(ta.shape)} in {a}, {tuple(tb.shape)} in {b}")
        mixed[k] = torch.lerp(ta.float(), tb.float(), alpha).to(tb.dtype) if ta.is_floating_point() else tb
    extra = {k: v for k, v in conf_b.items() if k not in SAVE_WRITES}
    extra["soup"] = {"a": str(a), "b": str(b), "alpha": alpha}
    base_model, targets = extra.pop("base_model"), extra.pop("target_modules")
    if (Path(b) / "base").is_dir() and Path(out).resolve() != Path(b).resolve():
        # tiny ships its base inside the model directory
        shutil.copytree(Path(b) / "base", Path(out) / "base", dirs_exist_ok=True)
    return save_model_dir(out, cfg_b, mixed, base_model, targets, **extra)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("a", help="model directory A (weight 1 - alpha)")
    p.add_argument("b", help="model directory B (weight alpha)")
    p.add_argument("--alpha", type=float, default=0.5, help="B's share, 0..1 (default 0.5)")
    p.add_argument("--out", required=True, help="model directory to write")
    args = p.parse_args()
    try:
        path = soup(args.a, args.b, args.alpha, args.out)
    except AgentHNError as e:
        raise SystemExit(f"error: {e}") from e
    print(f"wrote {path} ({args.alpha:g} of {args.b}, {1 - args.alpha:g} of {args.a})")


if __name__ == "__main__":
    main()
