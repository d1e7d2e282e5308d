#!/usr/bin/env bash
# One device call of the tiny-model training: several runs side by side on one GPU (the tiny models
# leave it mostly idle, so runs in parallel cost little more than one), then everything packed into
# $OUT as <=15 MiB parts (the device returns at most 8 files of 16 MiB).
#   scripts/device_round.sh "NAME1: train base ..." "NAME2: train hypernet ..." ...
# KEEP_CKPT=1 also packs each run's ckpt.pt (to --resume in the next call).
# Unpack here with: cat PARTS* | tar -xzf -
set -uo pipefail
export PYTHONUNBUFFERED=1 NCCL_NVLS_ENABLE=0
mkdir -p runs "${OUT:-/tmp/out}"
pids=(); mine=()
for spec in "$@"; do
  name=${spec%%:*}; cmd=${spec#*:}
  python -m agenthn.cli.main $cmd > "runs/$name.log" 2>&1 &
  pids+=($!); mine+=("runs/$name" "runs/$name.log")
done
for p in "${pids[@]}"; do wait "$p" || echo "run $p exited with $?"; done
nvidia-smi --query-gpu=name,memory.used --format=csv || true
for f in "${mine[@]}"; do [[ $f == *.log ]] && tail -n 4 "$f"; done
# hypernetwork runs hold a copy of their base (already here); training state only when resuming later
ex=(--exclude='*.tmp' --exclude='runs/*/base')
[ "${KEEP_CKPT:-0}" = 1 ] || ex+=(--exclude='ckpt.pt')
for p in ${SKIP:-}; do ex+=(--exclude="$p"); done  # inputs carried in (e.g. SKIP=runs/base): not sent back
# only this call's runs: a warm machine keeps earlier calls' runs and carried inputs under runs/
tar "${ex[@]}" -czf - "${mine[@]}" | split -b 15M - "${OUT:-/tmp/out}/runs.tgz."
ls -la "${OUT:-/tmp/out}"
