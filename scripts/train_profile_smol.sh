#!/usr/bin/env bash
# Train the shipped profile-edit task adapter for smol on CPU, as it was trained: stage 1 from scratch,
# stage 2 a warm start on a fresh draw of turns (seed 1) at half the learning rate. Each stage stops
# at its time limit (the schedule shrinks to fit): on the shared 2-core machine that made 285 + 53 steps
# of 8 turns (agenthn/checkpoints/profile_smol/train_summary.json); an idle 2-core CPU does about 3 s a
# step. Then measure it on the hand-written turns. Usage: scripts/train_profile_smol.sh [OUT_DIR]
set -euo pipefail
OUT=${1:-agenthn/checkpoints/profile_smol}
STAGE1=$(mktemp -d)
python -m agenthn.train.profile_adapter --model smol --out "$STAGE1" --device cpu \
  --examples 8000 --steps 600 --batch 8 --lr 1e-3 --rank 16 --top-layers 15 --time-limit 1500
python -m agenthn.train.profile_adapter --model smol --out "$OUT" --device cpu --init "$STAGE1" \
  --examples 8000 --steps 600 --batch 8 --lr 5e-4 --seed 1 --time-limit 1080
python -m agenthn.cli.main eval profile --model smol --json results/profile_edits_smol.json
