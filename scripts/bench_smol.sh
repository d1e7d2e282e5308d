#!/usr/bin/env bash
# Quality benchmarks on the shipped smol checkpoint (SmolLM2-135M-Instruct + hypernetwork), CPU; raw
# JSON and plots under results/smol_*/. The README's smol columns come from these files. Each block
# belongs to one feature, so blocks from different branches merge without touching each other.
set -euo pipefail
PY="python -m agenthn.cli.main"

# ---- skills and self-improvement in English (issue 19) ------------------------------------------
# About 25 minutes on 2 CPU cores shared with other jobs; plots land next to each JSON.
$PY bench skills --model smol --device cpu --docs 10 --rules 4 --problems 4 \
    --json results/smol_skills/skills_smol.json
$PY bench improve --model smol --device cpu --entities 8 --rounds 3 --writers model,reference \
    --json results/smol_improve/improve_smol.json
# ---- end of skills and self-improvement ----------------------------------------------------------
