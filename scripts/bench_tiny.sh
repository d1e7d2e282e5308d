#!/usr/bin/env bash
# Every quality benchmark on the shipped tiny checkpoint, CPU, quick sizes (about 30 minutes on
# 2 cores); raw JSON and plots under results/. The README's tables come from these files.
set -euo pipefail
PY="python -m agenthn.cli.main"
$PY eval internalize --model tiny --json results/eval_internalize_tiny.json
$PY bench internalize --model tiny --lengths 256,512 --device cpu --repeat 20 --json results/internalize_tiny_cpu.json
tmp=$(mktemp -d)  # the benchmarks name their plots generically; give them the results/ names
$PY bench niah --quick --turns 20,80,320,1000 --json results/niah_quick_tiny.json --plots "$tmp"
$PY bench magic-number --quick --json results/magic_number_quick_tiny.json --plots "$tmp"
for f in niah_accuracy niah_tokens; do mv "$tmp/$f.png" "results/${f/niah/niah_quick_tiny}.png"; done
for f in accuracy depth; do mv "$tmp/magic_$f.png" "results/magic_number_quick_tiny_$f.png"; done
$PY bench personalize --json results/personalize_tiny.json --plot results/personalize_tiny.png
$PY bench skills --json results/skills_tiny.json --plot results/skills_tiny.png
$PY bench improve --quick --rounds 3 --json results/improve_quick_tiny.json --plot results/improve_quick_tiny.png
