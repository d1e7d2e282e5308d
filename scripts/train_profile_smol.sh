#!/usr/bin/env bash
# Train the shipped profile-edit task adapter for smol (agenthn/checkpoints/profile_smol), then measure it
# on the hand-written turns.
#   scripts/train_profile_smol.sh --gpu [OUT_DIR]   # version 2, as shipped: one stage on one GPU, all 30
#                                                   # layers, 50k generated turns, 330 s on an H200 (it ran
#                                                   # there as a line of scripts/train_smol.sh stage6)
#   scripts/train_profile_smol.sh --gpu3 OUT_DIR    # version 3, a candidate: like --gpu on one H200 (330 s)
#                                                   # but on the v3 turns (canonical keys, compound turns:
#                                                   # world.profile_vocab/profile_compound), 80k of them,
#                                                   # warm-started from the shipped v2 adapter at a lower
#                                                   # lr; writes OUT_DIR and OUT_DIR/eval.json (eval profile
#                                                   # of OUT_DIR's adapter). Ship it only if F1 improves.
#                                                   # (v4, session 40: from the shipped v3 with
#                                                   # PROFILE_LR=2e-4 PROFILE_SEED=5, 240 s; v5,
#                                                   # session 41: from v4, seed 7, padapter41)
#                                                   # PROFILE_DEVICE/_EXAMPLES/_STEPS/_TIME_LIMIT/_LR/_SEED override
#                                                   # (a CPU smoke run: cpu, 64, 2, 60)
#   scripts/train_profile_smol.sh [OUT_DIR]         # version 1 (git history): two stages on the 2-core CPU,
#                                                   # top 15 layers; each stage stops at its time limit
#                                                   # (285 + 53 steps of 8 turns on the shared machine)
set -euo pipefail
if [ "${1:-}" = "--gpu" ]; then
  OUT=${2:-agenthn/checkpoints/profile_smol}
  python -m agenthn.train.profile_adapter --model smol --device cuda --out "$OUT" \
    --examples 50000 --steps 4000 --batch 32 --lr 5e-4 --rank 16 --top-layers 30 --time-limit 330
  python -m agenthn.cli.main eval profile --model smol --device cuda --json "$OUT/eval.json"
  exit
fi
if [ "${1:-}" = "--gpu3" ]; then
  OUT=${2:?usage: scripts/train_profile_smol.sh --gpu3 OUT_DIR}
  DEV=${PROFILE_DEVICE:-cuda}
  python -m agenthn.train.profile_adapter --model smol --device "$DEV" --out "$OUT" \
    --init agenthn/checkpoints/profile_smol --examples "${PROFILE_EXAMPLES:-80000}" \
    --steps "${PROFILE_STEPS:-4000}" --batch 32 --lr "${PROFILE_LR:-3e-4}" --seed "${PROFILE_SEED:-3}" \
    --time-limit "${PROFILE_TIME_LIMIT:-330}"
  python -m agenthn.cli.main eval profile --model smol --device "$DEV" --adapter "$OUT" --json "$OUT/eval.json"
  exit
fi
OUT=${1:-agenthn/checkpoints/profile_smol}
STAGE1=$(mktemp -d)
python -m agenthn.train.profile_adapter --model smol --out "$STAGE1" --device cpu \
  --examples 8000 --steps 600 --batch 8 --lr 1e-3 --rank 16 --top-layers 15 --time-limit 1500
python -m agenthn.train.profile_adapter --model smol --out "$OUT" --device cpu --init "$STAGE1" \
  --examples 8000 --steps 600 --batch 8 --lr 5e-4 --seed 1 --time-limit 1080
python -m agenthn.cli.main eval profile --model smol --json results/profile_edits_smol.json
