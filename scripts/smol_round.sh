#!/usr/bin/env bash
# One device call of smol hypernetwork training: each run on its own GPU (round robin), then each
# run's held-out English eval on the same GPU. The run folders are packed into $OUT as <=15 MiB parts
# before the eval (the device returns at most 8 files of 16 MiB), the eval's JSON and logs after it.
# Run `. scripts/smol_device.sh env` first.
#   scripts/smol_round.sh "A: --out runs/A --time-limit 400 --set hyper.kd_coef=0" "B: ..."
# Every spec is the name, then arguments after `train hypernet --preset smol --base smol --device cuda`.
# EVAL_N questions per cell (default 60; 0 skips the eval). A spec "NAME@torchrun: ..." runs under
# torchrun on every GPU of the machine instead (data parallel).
# Unpack here with: cat PACK.tgz.* | tar -xzf - ; tar -xzf PACK_eval.tgz   (PACK names them, default runs)
set -uo pipefail
export PYTHONUNBUFFERED=1 NCCL_NVLS_ENABLE=0
mkdir -p runs "${OUT:-/tmp/out}"
ngpu=$(nvidia-smi -L | wc -l)
pids=(); names=(); i=0
for spec in "$@"; do
  name=${spec%%:*}; args=${spec#*:}
  train=(train hypernet --preset smol --base smol --device cuda)
  if [[ $name == *@torchrun ]]; then
    name=${name%@torchrun}
    torchrun --standalone --nproc-per-node "$ngpu" -m agenthn.cli.main "${train[@]}" $args > "runs/$name.log" 2>&1 &
  else
    CUDA_VISIBLE_DEVICES=$((i % ngpu)) python -m agenthn.cli.main "${train[@]}" $args > "runs/$name.log" 2>&1 &
  fi
  pids+=($!); names+=("$name"); i=$((i + 1))
done
for p in "${pids[@]}"; do wait "$p" || echo "run $p exited with $?"; done
for n in "${names[@]}"; do grep -E "docs_per_s|step [0-9]+ " "runs/$n/metrics.jsonl" 2>/dev/null | tail -n 2; tail -n 3 "runs/$n.log"; done
# The trained runs are packed before the eval starts: a call that runs out of time in the eval or while
# packing still returns whole checkpoints (stage 28 lost its tarball packing after a long eval).
files=(); for n in "${names[@]}"; do files+=("runs/$n" "runs/$n.log"); done
tar --exclude='*.tmp' --exclude='ckpt.pt' --exclude='eval.json' -czf - "${files[@]}" 2>/dev/null \
  | split -b 15M - "${OUT:-/tmp/out}/${PACK:-runs}.tgz."
if [ "${EVAL_N:-60}" != 0 ]; then
  pids=(); i=0
  for n in "${names[@]}"; do
    CUDA_VISIBLE_DEVICES=$((i % ngpu)) python -m agenthn.cli.main eval internalize --model "runs/$n" --device cuda \
      --n "${EVAL_N:-60}" --json "runs/$n/eval.json" > "runs/$n.eval.log" 2>&1 &
    pids+=($!); i=$((i + 1))
  done
  for p in "${pids[@]}"; do wait "$p"; done
  for n in "${names[@]}"; do echo "== $n"; grep -v "Loading\|Warning" "runs/$n.eval.log" | tail -n 12; done
  files=(); for n in "${names[@]}"; do files+=("runs/$n/eval.json" "runs/$n.eval.log"); done
  tar -czf "${OUT:-/tmp/out}/${PACK:-runs}_eval.tgz" "${files[@]}" 2>/dev/null
fi
ls -la "${OUT:-/tmp/out}"
