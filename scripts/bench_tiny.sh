#!/usr/bin/env bash
# Every quality benchmark on the shipped tiny checkpoint, CPU, quick sizes (about 30 minutes on
# 2 cores); raw JSON and plots under results/. The README's tables come from these files.
set -euo pipefail
PY="python -m agenthn.cli.main"
$PY eval internalize --model tiny --json results/eval_internalize_tiny.json
$PY bench internalize --model tiny --lengths 256,512 --device cpu --repeat 20 --json results/internalize_tiny_cpu.json
# plots land next to each JSON with its name (results/niah_quick_tiny_accuracy.png, ...)
$PY bench niah --quick --turns 20,80,320,1000 --json results/niah_quick_tiny.json
$PY bench magic-number --quick --json results/magic_number_quick_tiny.json
$PY bench personalize --json results/personalize_tiny.json
$PY bench skills --json results/skills_tiny.json
$PY bench improve --quick --rounds 3 --json results/improve_quick_tiny.json
# full sizes where the README quotes them (about 6 minutes more)
$PY bench niah --turns 80,1000 --conversations 20 --strategies memory-topk,rag,truncated,vanilla \
    --json results/niah_tiny_80_1000.json
$PY bench improve --rounds 3 --json results/improve_tiny.json
$PY bench improve --rounds 3 --writers model --redrafts 0 --json results/improve_tiny_redrafts0.json
$PY bench improve --quick --rounds 3 --writers model --redrafts 0 --json results/improve_quick_tiny_redrafts0.json
