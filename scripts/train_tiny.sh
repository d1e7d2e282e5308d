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

# 1. base model: ~4.5M parameters (4 layers x 256), tokenizer trained on the training split
$PY train base --preset tiny --out "$RUN/base" --time-limit 450 2>&1 | tee "$RUN/base.log"

# 2. hypernetwork by context distillation (writes a complete model directory, base under base/)
$PY train hypernet --preset tiny --base "$RUN/base" --out "$RUN/hyper" --time-limit 535 2>&1 | tee "$RUN/hyper.log"

# 3. held-out evaluation (CPU is fine: a few minutes) and the CPU latency of internalize
$PY eval internalize --model "$RUN/hyper" --json "$RUN/eval_internalize.json"
$PY bench internalize --model "$RUN/hyper" --lengths 256 --device cpu --json "$RUN/bench_internalize.json"

# 4. ship: copy into the package (config.json, hypernet.safetensors, base/), check the sizes
rm -rf agenthn/checkpoints/tiny && mkdir -p agenthn/checkpoints/tiny
cp "$RUN/hyper/config.json" "$RUN"/hyper/hypernet*.safetensors agenthn/checkpoints/tiny/
mkdir -p agenthn/checkpoints/tiny/base
cp "$RUN"/hyper/base/{config.json,generation_config.json,model*.safetensors*,tokenizer.json,tokenizer_config.json,chat_template.jinja} \
   agenthn/checkpoints/tiny/base/ 2>/dev/null || true
find agenthn/checkpoints/tiny -type f -size +16M -print -exec false {} + || { echo "a file is over 16 MiB"; exit 1; }
du -sh agenthn/checkpoints/tiny
