#!/usr/bin/env bash
# Train the shipped `tiny` model from scratch: base model, then hypernetwork, then evaluate.
# Each stage fits one 600 s call on one H100 (the time limits stop early and keep the learning-rate
# schedule whole: the planned steps are shrunk once the step rate is measured; the log says to what).
# Multi-GPU: prefix a stage with `torchrun --nproc-per-node N -m` instead of `python -m`.
#
#   scripts/train_tiny.sh [RUN_DIR]        (default runs/)
set -euo pipefail
RUN=${1:-runs}
export PYTHONUNBUFFERED=1
PY="python -m agenthn.cli.main"

# 1. base model: ~4.5M parameters (4 layers x 256), tokenizer trained on the training split.
#    The shipped base: the time limit (455 s, one H100) cut the schedule to 2,755 steps; without a
#    limit, --set base.steps=2755 gives the same schedule.
$PY train base --preset tiny --out "$RUN/base" --time-limit 455 2>&1 | tee "$RUN/base.log"

# 2. hypernetwork by context distillation (writes a complete model directory, base under base/).
#    The shipped hypernetwork is a chain of runs, each warm-started (--init) from the one before with
#    a fresh optimiser and schedule, because device time came in pieces over five sessions. The step
#    counts below are what the time limits fitted or cut (see the README); without limits these
#    commands reproduce the schedules. Stage 1 was a 3,800-step schedule stopped at 2,500 steps.
H="$PY train hypernet --preset tiny --base $RUN/base --set hyper.n_docs=200000"
$H --out "$RUN/hyper1" --set hyper.steps=3800 --set hyper.stop_at=2500 2>&1 | tee "$RUN/hyper1.log"
$H --out "$RUN/hyper2" --init "$RUN/hyper1" --set hyper.steps=4800 2>&1 | tee "$RUN/hyper2.log"
$H --out "$RUN/hyper3" --init "$RUN/hyper2" --set hyper.steps=1590 2>&1 | tee "$RUN/hyper3.log"
$H --out "$RUN/hyper4" --init "$RUN/hyper3" --set hyper.steps=1482 --set hyper.stop_at=1343 \
    --set hyper.lr=5e-5 2>&1 | tee "$RUN/hyper4.log"
$H --out "$RUN/hyper5" --init "$RUN/hyper4" --set hyper.steps=1512 --set hyper.lr=5e-5 \
    --set hyper.seed=1 2>&1 | tee "$RUN/hyper5.log"
#    Third session: grown (agenthn.model.grow) to rank 32 and 32 encoder latents, then trained with
#    30% of facts documents' values swapped for random vocabulary pieces from stage 9 on.
W="$H --set hyper.lora_r=32 --set hyper.n_latent_queries=32"
stage() {  # stage NAME INIT STEPS SEED [more --set ...]
  local name=$1 init=$2 steps=$3 seed=$4; shift 4
  $W --out "$RUN/$name" --init "$RUN/$init" --set hyper.steps="$steps" --set hyper.seed="$seed" "$@" 2>&1 | tee "$RUN/$name.log"
}
stage hyper6 hyper5 801 0
stage hyper7 hyper6 1363 0
stage hyper8 hyper7 1190 2 --set hyper.n_docs=300000
stage hyper9 hyper8 1367 3 --set hyper.p_random_values=0.3
stage hyper10 hyper9 1245 4 --set hyper.p_random_values=0.3
stage hyper11 hyper10 1340 5 --set hyper.p_random_values=0.3
stage hyper12 hyper11 998 6 --set hyper.p_random_values=0.3 --set hyper.n_docs=120000 --set hyper.lr=5e-5
#    Fourth session (v5): up to 12 questions per document (hyper.max_qas=12, was 4), so that documents
#    with many facts supervise more of them per step; stages 13-16 shared the GPU with side-by-side runs.
Q="--set hyper.p_random_values=0.3 --set hyper.max_qas=12"
stage hyper13 hyper12 1125 7 $Q
stage hyper14 hyper13 1010 8 $Q
stage hyper15 hyper14 1261 9 $Q
stage hyper16 hyper15 1255 10 $Q
stage hyper17 hyper16 1551 11 $Q
#    Fifth session (v6): learning rate 2e-4 (the training metric had flattened at 1e-4); stages 18-21
#    shared the GPU with two side-by-side runs, 22-24 ran alone. Stage 19 hit its time limit at 986.
L="$Q --set hyper.lr=2e-4"
stage hyper18 hyper17 1026 12 $L
stage hyper19 hyper18 997 13 $L --set hyper.stop_at=986
stage hyper20 hyper19 639 14 $L
stage hyper21 hyper20 855 15 $L
stage hyper22 hyper21 1841 16 $L
stage hyper23 hyper22 1724 17 $L
stage hyper hyper23 1431 18 $L
# the whole chain's curves in one plot (steps counted across stages)
mkdir -p "$RUN/hyper_train"
for i in $(seq 1 23); do cp "$RUN/hyper$i/metrics.jsonl" "$RUN/hyper_train/$(printf %02d "$i").jsonl"; done
cp "$RUN/hyper/metrics.jsonl" "$RUN/hyper_train/24.jsonl"
python -m agenthn.train.chain "$RUN/hyper_train"

# 3. held-out evaluation (CPU is fine: a few minutes) and the CPU latency of internalize
$PY eval internalize --model "$RUN/hyper" --json "$RUN/eval_internalize.json"
$PY bench internalize --model "$RUN/hyper" --lengths 256 --device cpu --json "$RUN/bench_internalize.json"

# 4. ship: copy into the package (config.json, hypernet.safetensors, base/), check the sizes
rm -rf agenthn/checkpoints/tiny && mkdir -p agenthn/checkpoints/tiny
cp "$RUN/hyper/config.json" "$RUN"/hyper/hypernet*.safetensors "$RUN/hyper/train_summary.json" agenthn/checkpoints/tiny/
cp -r "$RUN/hyper_train" agenthn/checkpoints/tiny/
mkdir -p agenthn/checkpoints/tiny/base_train
cp "$RUN"/base/{metrics.jsonl,loss.png,train_summary.json} agenthn/checkpoints/tiny/base_train/
mkdir -p agenthn/checkpoints/tiny/base
cp "$RUN"/hyper/base/{config.json,generation_config.json,model*.safetensors*,tokenizer.json,tokenizer_config.json,chat_template.jinja} \
   agenthn/checkpoints/tiny/base/ 2>/dev/null || true
find agenthn/checkpoints/tiny -type f -size +16M -print -exec false {} + || { echo "a file is over 16 MiB"; exit 1; }
du -sh agenthn/checkpoints/tiny
