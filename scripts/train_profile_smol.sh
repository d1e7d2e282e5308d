#!/usr/bin/env bash
# Train the shipped profile-edit task adapter for smol on CPU (about 25 minutes on 2 cores), then
# measure it on the hand-written turns. Usage: scripts/train_profile_smol.sh [OUT_DIR]
set -euo pipefail
OUT=${1:-agenthn/checkpoints/profile_smol}
python -m agenthn.train.profile_adapter --model smol --out "$OUT" --device cpu \
  --examples 8000 --steps 600 --batch 8 --lr 1e-3 --rank 16 --top-layers 15 --time-limit 1500
