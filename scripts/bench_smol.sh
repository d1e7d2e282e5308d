#!/usr/bin/env bash
# Every smol benchmark number of the README's "Memory in English (smol)" section, on CPU (2 cores);
# raw JSON and plots under results/smol_memory/ (about 35-60 minutes on 2 shared cores).
set -euo pipefail
PY="python -m agenthn.cli.main"
OUT=results/smol_memory
mkdir -p $OUT
# 1. conversation needles in English (held-out facts said in passing among small talk), 10 questions per
#    length: 5 conversations x 2 needles at 20 turns, 2 x 5 at 80, 1 x 10 at 320 and 1000. Memory segments
#    of 16 messages (8 exchanges). Capped for cost here: truncated beyond 20 turns (it equals full in-context
#    while full fits, and an 8K-token prefill per question beyond), the note beyond 80, Cartridges beyond 20
#    (2 conversations).
$PY bench niah --model smol --turns 20,80,320,1000 --conversations 5,2,1,1 --needles 2,5,10,10 \
    --segment-turns 16 --calibration-repeat 1 --max-turns truncated=20,note=80,cartridge=20 \
    --slow-conversations 2 --cartridge-steps 20 --cartridge-queries 16 --json $OUT/niah_smol.json
