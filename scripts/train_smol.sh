#!/usr/bin/env bash
# How agenthn/checkpoints/smol (the hypernetwork for SmolLM2-135M-Instruct) was trained: the exact
# commands of every device call, in order, on one machine with 2 NVIDIA H200 GPUs (torch 2.11,
# transformers 5.17). The machine cannot install packages and takes at most 64 MiB of files per call,
# so the base's GGUF file travels in three parts (scripts/smol_device.sh). Each numbered call below
# is one device call; calls 1-3 and 4-5 followed each other within the 30 s a machine stays warm.
#
# Here, once:     bash scripts/smol_device.sh split
# Unpack a call's returned parts here with: cat PACK.tgz.* | tar -xzf - (and tar -xzf PACK_eval.tgz)
set -euo pipefail
cd "$(dirname "$0")/.."
call="${1:-}"

# One stage of session 12's recipe (gold answers said as sentences, cross-entropy and distillation
# tripled, distillation only where the teacher is right, first-token retention), one run, eval n=100:
#   sentence_stage NAME INIT N_FACTS LR SEED TIME_LIMIT [--set ... more]
sentence_stage() {
  bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
  ls "$2/config.json" || { echo "$2 missing: carry it"; exit 2; }
  PACK=$(echo "$1" | tr 'A-Z' 'a-z') EVAL_N="${EVAL_N:-100}" bash scripts/smol_round.sh "$1: --out runs/$1 --init $2 \
    --time-limit $6 --set hyper.n_facts=$3 --set hyper.max_qas=4 --set hyper.lr=$4 --set hyper.seed=$5 \
    --set hyper.kd_only_right=true --set hyper.retention_first_coef=1 --set hyper.sentence_answers=1 \
    --set hyper.ce_coef=3 --set hyper.kd_coef=1.5 --set hyper.log_every=25 ${*:7}"
}

# M39's recipe (statement templates, long values, everyday paragraphs, half of each batch retention rows)
# for 300 s (LIMIT) at 1-8 facts, the stages from session 22 on: NAME INIT LR SEED [more --set ...]
m39_stage() {
  sentence_stage "$1" "$2" 1,8 "$3" "$4" "${LIMIT:-300}" --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace,scenes --set hyper.more_says=true \
    --set hyper.random_long_values=0.5 --set hyper.retention_frac=0.5 "${@:5}"
}

# The eval's copied cells (sessions 34-35) on the GPU, as the routed row: copied_eval JSON N CELLS
copied_eval() {
  bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
  python -m agenthn.cli.main eval internalize --model agenthn/checkpoints/smol --device cuda --n "$2" \
    --only "$3" --copy-beta 0.05 --json "${OUT:-/tmp/out}/$1" 2>&1 | grep -v "Loading\|Warning" | tail -n 16
}

# A profile-edit adapter candidate from the shipped one (scripts/train_profile_smol.sh --gpu3, 240 s on one
# H200), then eval on the hand-written sets named: profile_candidate NAME SEED LR SET...
profile_candidate() {
  bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
  local p=$1 seed=$2 lr=$3; shift 3
  mkdir -p runs "${OUT:-/tmp/out}/$p"
  PROFILE_LR="$lr" PROFILE_SEED="$seed" PROFILE_TIME_LIMIT="${LIMIT:-240}" bash \
    scripts/train_profile_smol.sh --gpu3 "runs/$p" > "runs/$p.log" 2>&1 || { tail -n 30 "runs/$p.log"; exit 1; }
  for set in "$@"; do
    python -m agenthn.cli.main eval profile --model smol --device cuda --adapter "runs/$p" \
      --turns "agenthn/bench/data/profile_turns_$set.jsonl" --json "runs/$p/eval_$set.json" >> "runs/$p.log" 2>&1
  done
  cp "runs/$p"/adapter_model.safetensors "runs/$p"/*.json "runs/$p.log" "${OUT:-/tmp/out}/$p/"
  grep -E "gold edits" "runs/$p.log" | tail -n $(($# + 1))
}

# Memory's needles at 1000 turns with its defaults (top-1, copy_beta 0.05, no gate): needles JSON
needles() {
  bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
  timeout 400 python -m agenthn.cli.main bench niah --model smol --device cuda --turns 1000 \
    --conversations 10 --needles 10 --segment-turns 16 --calibration-repeat 1 --strategies memory-top1 \
    --plots '' --json "${OUT:-/tmp/out}/$1" 2>&1 | tail -4
}

# v9's own recipe (stage 42's settings) as the step profiles pass it (session 37's recipe37 on), and the
# training loop with it from the shipped v9 under scripts/profile_training.py: recipe_loop RUN_DIR TXT
# [profile_training.py's own options] (EXTRA_SETS: more --set items for the run)
PROFILE_SETS=(--set hyper.n_facts=1,8 --set hyper.max_qas=4 --set hyper.sentence_answers=1 --set hyper.value_coef=2
              --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace,scenes --set hyper.more_says=true
              --set hyper.random_long_values=0.5 --set hyper.retention_frac=0.5 --set hyper.retention_general=0.75
              --set hyper.kd_only_right=true --set hyper.retention_first_coef=1 --set hyper.n_docs=60000)
RECIPE_SETS=(--set hyper.n_facts=1,8 --set hyper.max_qas=4 --set hyper.lr=2e-4 --set hyper.seed=43
             --set hyper.kd_only_right=true --set hyper.retention_first_coef=1 --set hyper.sentence_answers=1
             --set hyper.ce_coef=3 --set hyper.kd_coef=1.5 --set hyper.log_every=10 --set hyper.value_coef=2
             --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace,scenes --set hyper.more_says=true
             --set hyper.random_long_values=0.5 --set hyper.retention_frac=0.5
             --set hyper.retention_general=0.75 --set hyper.retention_prompts=4096)  # v9's training recipe
recipe_loop() {
  python scripts/profile_training.py "${@:3}" -- train hypernet --preset smol --base smol --device cuda \
    --init agenthn/checkpoints/smol --out "$1" --time-limit "${LIMIT:-150}" "${RECIPE_SETS[@]}" ${EXTRA_SETS:-} 2>&1 \
    | grep -v "INFO\|it/s\]" | tee "$2" | tail -n 60
}

# Stages 48-50 (session 24): v9 grown to adapt up_proj too, its head shared by every layer, with M44's recipe
TWO_MODULES=(--set hyper.targets=down_proj,up_proj --set hyper.shared_head=up_proj
             --set hyper.retention_general=0.75 --set hyper.retention_prompts=6144)

# Stages 51-52 (session 25): v9 grown a deeper Perceiver (3 blocks of cross- then self-attention; the decoder
# gains a self-attention layer too), the new layers at 10x the rate, with M44's recipe
DEEPER=(--set hyper.num_blocks=3 --set hyper.num_self_attn_per_block=1 --set hyper.new_lr_mult=10
        --set hyper.retention_general=0.75 --set hyper.retention_prompts=6144)

case "$call" in
  # ---- session 6, round 1: the objective, side by side on one GPU each (carry .gg/smol.part0/1/2 over
  # three calls, .whl with the last). Both ran 6.5 minutes from scratch: gold-answer cross-entropy alone
  # (A) against cross-entropy plus distillation from the base with the document in context (B).
  # A reached answer-token accuracy 0.469 at step 200, B 0.449 (and B costs a teacher forward more);
  # A ran out of GPU memory at step 260 (chunks grouped by 512 and up to 8 pieces per document, since
  # cut to 64 and 4), B's eval: results/smol_stages/eval_B_h200.json. Cross-entropy alone went on.
  round1)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    EVAL_N=60 bash scripts/smol_round.sh "A: --out runs/A --time-limit 400 --set hyper.kd_coef=0" \
      "B: --out runs/B --time-limit 400 --set hyper.kd_coef=1" ;;
  # ---- round 2 (fresh machine; parts carried again): a one-GPU throughput probe at batch 256 (P1),
  # then stage 1 of the shipped chain data parallel on both GPUs at the same global batch (M1).
  stage1)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    PACK=probe EVAL_N=0 bash scripts/smol_round.sh "P1: --out runs/P1 --time-limit 80 --set hyper.n_docs=30000 \
      --set hyper.retention_prompts=256 --set hyper.log_every=10"
    PACK=main EVAL_N=80 bash scripts/smol_round.sh "M1@torchrun: --out runs/M1 --time-limit 360 --set hyper.log_every=25" ;;
  # ---- stage 2 (the same warm machine): documents of 1-4 facts, retention weighted 3x, a fresh data
  # seed; its output is agenthn/checkpoints/smol (v1).
  stage2)
    . scripts/smol_device.sh env
    PACK=m2 EVAL_N=60 bash scripts/smol_round.sh "M2@torchrun: --out runs/M2 --init runs/M1 --time-limit 270 \
      --set hyper.n_facts=1,4 --set hyper.max_qas=4 --set hyper.retention_coef=3 --set hyper.log_every=25 \
      --set hyper.seed=1" ;;
  # ---- session 7, stage 3 (fresh machine; parts carried again): v1 answered held-out questions with
  # values of the right kind from its training pools ("chemistry" for anthropology) and recalled 31%
  # of 1-fact training-split documents but 0% held-out: it had learned each attribute's small value
  # pool, not to copy (random values had reached only the world-style "facts" kind, 3% of rows). Now
  # 60% of every kind's documents get random values (vocabulary words or glued pieces), and
  # distillation joins cross-entropy (run B of round 1 kept 76% of general answers, CE alone 20%).
  # (stages 1-2 ran at commit 9a3ea17, before this change; the preset's defaults then were kd 0 and
  # random values at 0.2 of the world-style "facts" kind only.) Stage 3 reached 6.7% at 1 fact and
  # kept 37% of general answers (eval n=60, results/smol_stages/eval_M3_h200.json).
  stage3)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    python -c "import transformers as t; print('transformers', t.__version__)"
    python -c "from agenthn.engine import gguf_base as g; print(open(g.converted_dir(g.SMOL) / 'config.json').read()[:300])"
    PACK=m3 EVAL_N=60 bash scripts/smol_round.sh "M3@torchrun: --out runs/M3 --init agenthn/checkpoints/smol \
      --time-limit 380 --set hyper.p_random_values=0.6 --set hyper.kd_coef=0.5 --set hyper.n_facts=1,8 \
      --set hyper.seed=2 --set hyper.log_every=25" ;;
  # ---- stage 4 (the same warm machine, next call): documents of 1-4 facts. Its output is
  # agenthn/checkpoints/smol v2: 45% at 1 fact (the base in context: 18.3%), 16.7% at 4, 5% at 8,
  # retention 43% (results/smol_stages/eval_M4_h200.json).
  stage4)
    . scripts/smol_device.sh env
    PACK=m4 EVAL_N=60 bash scripts/smol_round.sh "M4@torchrun: --out runs/M4 --init runs/M3 --time-limit 320 \
      --set hyper.p_random_values=0.6 --set hyper.kd_coef=0.5 --set hyper.n_facts=1,4 --set hyper.max_qas=4 \
      --set hyper.seed=3 --set hyper.log_every=25" ;;
  # ---- a probe with the last device minutes (next call): 120 s more from M4 (seed 4, warmup 20),
  # eval n=30 only: 33% at 1 fact on a smaller sample (in context 23%); not shipped (not comparable).
  probe5)
    . scripts/smol_device.sh env
    PACK=m5 EVAL_N=30 bash scripts/smol_round.sh "M5@torchrun: --out runs/M5 --init runs/M4 --time-limit 120 \
      --set hyper.p_random_values=0.6 --set hyper.kd_coef=0.5 --set hyper.n_facts=1,4 --set hyper.max_qas=4 \
      --set hyper.seed=4 --set hyper.log_every=25 --set hyper.warmup=20" ;;
  # ---- session 8, call 1 (fresh machine, carry .gg/smol.part0 and .gg/cfg): where a training step's
  # time goes, on a random-weight base of smol's shape (scripts/profile_hypernet_step.py), while the first
  # GGUF part is stashed. Calls 2 and 3 follow within 30 s (carry part1; then part2 and .whl).
  profile8)
    bash scripts/smol_device.sh stash && . scripts/smol_device.sh env
    PYTHONPATH=.:$PYTHONPATH python scripts/profile_hypernet_step.py .gg/cfg --out "${OUT:-/tmp/out}/profile" ;;
  # ---- call 3: stage 6 from the shipped v2 (documents of 1-8 facts, a lower peak lr than the restarts of
  # session 7) on both GPUs, and beside it on GPU 1 the profile-edit task adapter trained afresh on GPU
  # (all 30 layers, 50k generated turns; the shipped one had 338 CPU steps on the top 15 layers), then
  # both adapters' F1 on the hand-written turns.
  stage6)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    mkdir -p runs
    CUDA_VISIBLE_DEVICES=1 python -m agenthn.cli.main eval profile --model smol --device cuda \
      --json runs/P6_eval_shipped.json > runs/P6_eval_shipped.log 2>&1 & pshipped=$!
    CUDA_VISIBLE_DEVICES=1 python -m agenthn.train.profile_adapter --model smol --device cuda --out runs/P6 \
      --examples 50000 --steps 4000 --batch 32 --lr 5e-4 --rank 16 --top-layers 30 --time-limit 330 \
      > runs/P6.log 2>&1 & padapter=$!
    PACK=m6 EVAL_N=0 bash scripts/smol_round.sh "M6@torchrun: --out runs/M6 --init agenthn/checkpoints/smol \
      --time-limit 420 --set hyper.n_facts=1,8 --set hyper.lr=6e-4 --set hyper.seed=6 --set hyper.log_every=25"
    wait $pshipped $padapter; tail -n 3 runs/P6.log
    cp runs/P6/adapter_model.safetensors runs/P6/adapter_config.json agenthn/checkpoints/profile_smol/
    python -m agenthn.cli.main eval profile --model smol --device cuda --json runs/P6/eval.json > runs/P6_eval.log 2>&1
    tail -n 4 runs/P6_eval_shipped.log runs/P6_eval.log
    tar -czf "${OUT:-/tmp/out}/p6.tgz" runs/P6 runs/P6*.log runs/P6_eval_shipped.json ;;
  # ---- call 4 (next, same machine): stage 7 from M6 (1-4 facts, lr 4e-4), while v2 and M6 are
  # evaluated beside it (n=100 each); then M7's eval. M7 is agenthn/checkpoints/smol v3: at 1/4/8/16
  # facts 48/23/7/3% (v2 on the same 100 questions: 43/15/4/0, M6 42/26/4/2), paragraphs 13.3% (11.1),
  # retention 46.9% (44.4); results/smol_stages/eval_{M7,v2_n100,M6}_h200.json. The profile-edit adapter
  # of call 3: F1 0.629 on the H200 (the shipped v1 0.514), shipped as profile_smol v2.
  stage7)
    . scripts/smol_device.sh env
    for m in agenthn/checkpoints/smol:v2 runs/M6:M6; do
      CUDA_VISIBLE_DEVICES=1 python -m agenthn.cli.main eval internalize --model "${m%%:*}" --device cuda --n 100 \
        --json "runs/eval_${m##*:}.json" > "runs/eval_${m##*:}.log" 2>&1 &
    done
    PACK=m7 EVAL_N=100 bash scripts/smol_round.sh "M7@torchrun: --out runs/M7 --init runs/M6 --time-limit 270 \
      --set hyper.n_facts=1,4 --set hyper.max_qas=4 --set hyper.lr=4e-4 --set hyper.seed=7 --set hyper.log_every=25"
    wait; tail -n 12 runs/eval_v2.log runs/eval_M6.log
    tar -czf "${OUT:-/tmp/out}/evals.tgz" runs/eval_* ;;
  # ---- call 5 (next): stage 8 from M7 on documents of 1-8 facts again (lr 3e-4): 43/20/7/3%, retention
  # 49.4%, paragraphs 13.3% (results/smol_stages/eval_M8_h200.json): not better than M7 at 1-4 facts,
  # not shipped. Then, with the last device minutes, `profile8` again without the stash (the first try's
  # batch-512 variant ran out of GPU memory: a step at batch 256 peaks at 84 GiB);
  # results/smol_stages/profile_step_h200.txt.
  stage8)
    . scripts/smol_device.sh env
    PACK=m8 EVAL_N=100 bash scripts/smol_round.sh "M8@torchrun: --out runs/M8 --init runs/M7 --time-limit 250 \
      --set hyper.n_facts=1,8 --set hyper.lr=3e-4 --set hyper.seed=8 --set hyper.log_every=25" ;;
  # ---- session 9, call 1 (fresh machine, carry .gg/smol.part0 and .gg/cfg): the step profile again, now
  # with per-layer LoRA factors split once (model/lora.LoRABatch.layer), token ids copied once per encoder
  # pass and one all-reduce for the logged numbers; variants batch 128 and 384. Call 2 carries part1 and
  # runs `bash scripts/smol_device.sh stash`; call 3 carries part2 and .whl.
  profile9)
    bash scripts/smol_device.sh stash && . scripts/smol_device.sh env
    PYTHONPATH=.:$PYTHONPATH python scripts/profile_hypernet_step.py .gg/cfg --out "${OUT:-/tmp/out}/profile" ;;
  # ---- call 3: stage 9 from the shipped v3 (documents of 1-4 facts, lr 4e-4), eval n=100; beside it on
  # GPU 1 the profile-edit task adapter v3 candidate (scripts/train_profile_smol.sh --gpu3: the v3 turns with
  # canonical keys and compound turns, warm start from v2).
  stage9)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    mkdir -p runs
    CUDA_VISIBLE_DEVICES=1 bash scripts/train_profile_smol.sh --gpu3 runs/P9 > runs/P9.log 2>&1 & padapter=$!
    PACK=m9 EVAL_N=100 bash scripts/smol_round.sh "M9@torchrun: --out runs/M9 --init agenthn/checkpoints/smol \
      --time-limit 300 --set hyper.n_facts=1,4 --set hyper.max_qas=4 --set hyper.lr=4e-4 --set hyper.seed=9 \
      --set hyper.log_every=25"
    wait $padapter; grep -v "Loading\|Warning" runs/P9.log | tail -n 6
    tar -czf "${OUT:-/tmp/out}/p9.tgz" runs/P9/adapter_model.safetensors runs/P9/adapter_config.json \
      runs/P9/eval.json runs/P9.log ;;
  # ---- call 4 (next, same machine): stage 10 from M9, 1-4 facts again (lr 4e-4, 330 s). Read 45/24/7/3%,
  # paragraphs 11.1%, retention 56.8% (results/smol_stages/eval_M10_h200.json): not shipped. M9 (stage 9)
  # is agenthn/checkpoints/smol v4: 46/24/7/3%, paragraphs 17.8%, retention 54.3% (v3 on the same
  # questions 48/23/7/3, 13.3, 46.9). Step rate of M10 on two GPUs: median 538 documents/s (M7, the same
  # settings before the session's step fixes: about 300).
  stage10)
    . scripts/smol_device.sh env
    PACK=m10 EVAL_N=100 bash scripts/smol_round.sh "M10@torchrun: --out runs/M10 --init runs/M9 --time-limit 330 \
      --set hyper.n_facts=1,4 --set hyper.max_qas=4 --set hyper.lr=4e-4 --set hyper.seed=10 --set hyper.log_every=25" ;;
  # ---- call 5 (next): 1 -> 2 GPU scaling on the same settings and data, 150 s each from M10 (lr 2e-4):
  # one H200 median 344 documents/s (S1.jsonl), two under torchrun 555 (S2.jsonl): 1.61x.
  scale9)
    . scripts/smol_device.sh env
    mkdir -p runs "${OUT:-/tmp/out}"
    args=(train hypernet --preset smol --base smol --device cuda --init runs/M10 --time-limit 150
          --set hyper.n_facts=1,4 --set hyper.max_qas=4 --set hyper.lr=2e-4 --set hyper.seed=11 --set hyper.log_every=10)
    CUDA_VISIBLE_DEVICES=0 python -m agenthn.cli.main "${args[@]}" --out runs/S1 > runs/S1.log 2>&1
    torchrun --standalone --nproc-per-node 2 -m agenthn.cli.main "${args[@]}" --out runs/S2 > runs/S2.log 2>&1
    cp runs/S1/metrics.jsonl "${OUT:-/tmp/out}/S1.jsonl"; cp runs/S2/metrics.jsonl "${OUT:-/tmp/out}/S2.jsonl" ;;
  # ---- next (session 10, after the three GGUF-part calls): stage 11 from the shipped v4 on the wider
  # training corpus (343 kinds, world/english_more*.py; the held-out split unchanged), 1-8 facts then 1-4.
  # Call 3 of session 10 (carry .gg/smol.part2 and .whl): setup, then this stage.
  stage11)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    PACK=m11 EVAL_N=100 bash scripts/smol_round.sh "M11@torchrun: --out runs/M11 --init agenthn/checkpoints/smol \
      --time-limit 330 --set hyper.n_facts=1,8 --set hyper.lr=4e-4 --set hyper.seed=12 --set hyper.log_every=25" ;;
  # ---- call 4 (same machine): stage 12 from M11 on 1-4 facts (lr 3e-4), as stage 9 followed stage 8.
  stage12)
    . scripts/smol_device.sh env
    PACK=m12 EVAL_N=100 bash scripts/smol_round.sh "M12@torchrun: --out runs/M12 --init runs/M11 \
      --time-limit 330 --set hyper.n_facts=1,4 --set hyper.max_qas=4 --set hyper.lr=3e-4 --set hyper.seed=13 \
      --set hyper.log_every=25" ;;
  # ---- a fresh machine, call 3 (carry .gg/smol.part2 and .whl): stage 13 from the shipped v4, 1-4 facts,
  # distilling only the answer tokens the teacher gets right (hyper.kd_only_right): 9 of 60 held-out
  # one-fact misses of v4 were refusals, the in-context teacher's own habit.
  stage13)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    PACK=m13 EVAL_N=100 bash scripts/smol_round.sh "M13@torchrun: --out runs/M13 --init agenthn/checkpoints/smol \
      --time-limit 370 --set hyper.n_facts=1,4 --set hyper.max_qas=4 --set hyper.lr=4e-4 --set hyper.seed=14 \
      --set hyper.kd_only_right=true --set hyper.log_every=25" ;;
  # Read 59/26/10/3%, paragraphs 24.4%, retention 6.2% (results/smol_stages/eval_M13_h200.json): one-fact
  # recall up 14 points and paragraphs 6.6, but an adapter now answers any short question with a bare
  # value ("Lyon" for the capital of France; scripts/probe_failures.py): not shipped. The retention
  # prompts had no short questions; they now do (world/english_prompts.FACTUAL).
  # ---- next (a fresh machine, call 3 with .gg/smol.part2 and .whl): stage 14 from v4, kd_only_right with
  # the new retention prompts, one run per GPU: retention weight 1 (M14a) and 3 (M14b).
  stage14)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    common="--init agenthn/checkpoints/smol --time-limit 360 --set hyper.n_facts=1,4 --set hyper.max_qas=4 \
      --set hyper.lr=4e-4 --set hyper.seed=15 --set hyper.kd_only_right=true --set hyper.log_every=25"
    PACK=m14 EVAL_N=100 bash scripts/smol_round.sh "M14a: --out runs/M14a $common" \
      "M14b: --out runs/M14b $common --set hyper.retention_coef=3" ;;
  # Read (session 11) M14a 49/28/4/3%, paragraphs 24.4%, retention 25.9%; M14b 46/27/5/3%, 22.2%, 27.2%
  # (results/smol_stages/eval_M14{a,b}_h200.json). Neither shipped. M14a keeps the trained factual
  # prompts' replies (KL 0.06 per token, scripts/probe_retention_kl.py) but answers 61 of 81 eval
  # questions with a bare value (results/smol_stages/failures_M14a_cpu.json): the prompts' shapes
  # (words and grammar) were told apart from "What is the capital of ...?". Now world-knowledge
  # questions in the eval's form (english_prompts.FACTUAL) and the retention KL counted again at each
  # reply's first token, where a bare value shows (hyper.retention_first_coef).
  # ---- a fresh machine, call 3 (carry .gg/smol.part2 and .whl): stage 15 from v4, both with the first-
  # token retention term, one run per GPU: with kd_only_right (M15a) and with v4's own objective (M15b).
  stage15)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    common="--init agenthn/checkpoints/smol --time-limit 360 --set hyper.n_facts=1,4 --set hyper.max_qas=4 \
      --set hyper.lr=4e-4 --set hyper.seed=16 --set hyper.retention_first_coef=1 --set hyper.log_every=25"
    PACK=m15 EVAL_N=100 bash scripts/smol_round.sh "M15a: --out runs/M15a $common --set hyper.kd_only_right=true" \
      "M15b: --out runs/M15b $common" ;;
  # Read M15a 45/21/5/4%, paragraphs 20.0%, retention 66.7%; M15b 35/21/6/4%, 20.0%, 79.0%
  # (results/smol_stages/eval_M15{a,b}_h200.json): the first-token term and the typed world questions
  # lift retention 12 and 25 points over v4's 54.3%. M15a ships as v5 (recall as v4's within noise).
  # ---- the same machine, call 4 (carry runs/M15a), then call 5 (carry .gg/smol.part2 and .whl):
  # stage 16 continues M15a on both GPUs with a lower learning rate.
  stash15) mkdir -p /tmp/keep && rm -rf /tmp/keep/M15a && cp -r runs/M15a /tmp/keep/ && ls /tmp/keep/M15a ;;
  stage16)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    mkdir -p runs && rm -rf runs/M15a && cp -r /tmp/keep/M15a runs/M15a
    PACK=m16 EVAL_N=100 bash scripts/smol_round.sh "M16@torchrun: --out runs/M16 --init runs/M15a \
      --time-limit 200 --set hyper.n_facts=1,4 --set hyper.max_qas=4 --set hyper.lr=3e-4 --set hyper.seed=17 \
      --set hyper.kd_only_right=true --set hyper.retention_first_coef=1 --set hyper.log_every=25" ;;
  # Read M16 48/25/6/3%, paragraphs 22.2%, retention 51.9% (results/smol_stages/eval_M16_h200.json):
  # recall back to v4's, retention lost again with more training: not shipped; v5 stays M15a. (The machine
  # was still warm from stage 15, so stash15 and stage16 ran as one call without the GGUF parts.)
  # ---- session 12, one H200 (the only kind lent): calls 1-2 stash the GGUF parts, call 3 (carry
  # .gg/smol.part2 and .whl) runs stage 17 from v5 with every gold answer said as a sentence ("Your
  # cat's name is Miso.", world/english._ask_all): bare-value targets taught every short question a
  # bare opening, which is how an adapter answers "What is the capital of France?" with "Porto". A
  # sentence is ~3x the answer tokens, so cross-entropy and distillation are tripled to keep the value
  # tokens' weight against retention as in v5. (INIT was v5, the shipped checkpoint then; to start
  # from v5 again now: git archive fbd357d agenthn/checkpoints/smol | tar -x -C /tmp/v5, INIT /tmp/v5/...)
  stage17) sentence_stage M17a agenthn/checkpoints/smol 1,4 4e-4 18 360 ;;
  # Read M17a 59/21/6/3%, paragraphs 24.4%, retention 77.8% (results/smol_stages/eval_M17a_h200.json;
  # v5 45/21/5/4%, 20.0%, 66.7%). ---- the same machine, call 4: stage 18 continues M17a (still on the
  # machine under runs/) for another 360 s at a lower learning rate.
  stage18) sentence_stage M18 runs/M17a 1,4 3e-4 19 360 ;;
  # Read M18 57/25/5/3%, paragraphs 24.4%, retention 80.2% (eval_M18_h200.json). ---- the same
  # machine, call 5: stage 19 continues M18 on 1-8-fact documents (4-16 facts are the weakest cells).
  stage19) sentence_stage M19 runs/M18 1,8 3e-4 20 330 ;;
  # Read M19 58/31/6/4%, paragraphs 24.4%, retention 75.3% (eval_M19_h200.json): ships as v6 (the
  # best at 4 facts; M17a and M18 within noise of it at 1 fact; all three above v5 in every cell but 16
  # facts). Device time: 1,598 of 1,800 s.
  # ---- session 13, a fresh machine (one H200): v6's misses are values cut short at a
  # full stop (scripts/probe_cut_short.py) and the value's tokens are ~1/3 of a sentence's; stage 20
  # weighs them 3x in the cross-entropy (hyper.value_coef=2; the log's val_acc is the student's
  # accuracy on value tokens). A fresh machine: calls 1-2 stash the GGUF,
  # call 3 (carry .gg/smol.part2 and .whl) runs it from v6.
  stage20) sentence_stage M20 agenthn/checkpoints/smol 1,8 3e-4 21 360 --set hyper.value_coef=2 ;;
  # ---- the same machine, call 4: stage 21 continues from INIT (the better of M20 and v6, read from
  # call 3) with the first-token retention term tripled, since retention (v6 75.3%) is the furthest
  # from its target of the eval's rows.
  # Read M20 59/36/11/4%, paragraphs 26.7%, retention 75.3% (results/smol_stages/eval_M20_h200.json;
  # v6 58/31/6/4%, 24.4%, 75.3%): at or above v6 in every cell. Run as `INIT=runs/M20 ... stage21`.
  stage21) sentence_stage M21 "${INIT:-runs/M20}" 1,8 2e-4 22 330 --set hyper.value_coef="${VC:-2}" \
    --set hyper.retention_first_coef=3 ;;
  # Read M21 60/46/9/5%, paragraphs 17.8%, retention 69.5% (eval_M21_h200.json): the tripled first-token
  # term did not hold retention. ---- the same machine, call 5: stage 22 continues M20 on 1-16 facts
  # (this call typed the function's command out after `. scripts/smol_device.sh env`; the same arguments).
  stage22) sentence_stage M22 runs/M20 1,16 2e-4 23 320 --set hyper.value_coef=2 ;;
  # Read M22 55/44/14/7%, paragraphs 26.7%, retention 71.6% (eval_M22_h200.json). M20 ships as v7: the
  # only one of the three that loses no retention against v6 (M21 and M22 trade 4-6 points of it, and
  # M22 4 at one fact, for 8-10 points at 4+ facts). Device time: 1,583 of 1,800 s.
  # ---- next (not run yet: no device time left in session 13): the skills and self-improvement misses
  # answer workplace rules in a person's frame; stage 23 adds the train-only workplace rules
  # (agenthn/world/english_workplace.py, families apart from the benchmarks') as a sixth kind. A fresh
  # machine: calls 1-2 stash the GGUF, call 3 (carry .gg/smol.part2 and .whl) runs it from v7.
  stage23) sentence_stage M23 agenthn/checkpoints/smol 1,8 3e-4 24 360 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace ;;
  # Read M23 65/41/12/4%, paragraphs 31.1%, retention 70.4% (results/smol_stages/eval_M23_h200.json;
  # v7 59/36/11/4%, 26.7%, 75.3%). ---- session 14, the machine went cold after call 3 (a fresh one:
  # calls 4-5 stash the GGUF again). M23 cannot travel beside a GGUF part (64 MiB), so call 6 ran with
  # M23's files in place of agenthn/checkpoints/smol in the working tree: stage 24 continues it at a
  # lower learning rate with the full retention KL doubled, to buy back the retention M23 gave up.
  stage24) sentence_stage M24 agenthn/checkpoints/smol 1,8 2e-4 25 330 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace --set hyper.retention_coef=2 ;;
  # Read M24 62/46/14/4%, paragraphs 26.7%, retention 69.1% (eval_M24_h200.json): the doubled KL did not
  # hold retention either. (A call 7 found the machine cold again, with too little device time left
  # to stash the GGUF a third time.) Device time: 1,341 of 1,800 s. M23 ships as v8: v7 and M23 read
  # alike over eight other retention document sets (scripts/probe_retention_sets.py, ~70% each), and
  # M23 lifts skills and self-improvement (README, issue 19).
  # ---- session 15 (fresh machine: calls 1-2 stash the GGUF, call 3 carries .gg/smol.part2 and .whl):
  # v8 recalls 65% of one-fact template notes but 31% of the eval's hand-written paragraphs, which bury
  # the fact among other names and numbers. Stage 25 adds the train-only notes kind
  # (agenthn/world/english_notes.py: the writer's facts among distractor sentences) as a seventh kind.
  stage25) sentence_stage M25 agenthn/checkpoints/smol 1,8 3e-4 26 360 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace,notes ;;
  # ---- the same machine, call 4: stage 26 continues INIT (default runs/M25) at a lower rate, fresh seed.
  # Read M25 65/41/12/8%, paragraphs 28.9%, retention 70.4% (results/smol_stages/eval_M25_h200.json;
  # v8 65/41/12/4%, 31.1%, 70.4%): no gain on the paragraphs it was built for.
  stage26) sentence_stage M26 "${INIT:-runs/M25}" 1,8 2e-4 27 330 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace,notes ;;
  # Read M26 67/46/14/8%, paragraphs 22.2%, retention 64.2% (eval_M26_h200.json): more recall of template
  # notes, fewer paragraphs and less retention. ---- the same machine, call 5: is that the notes kind or
  # only more training? Stage 27 continues v8 without the notes kind, v8's recipe at the lower rate
  # (this call typed the function's command out after `. scripts/smol_device.sh env`; the same arguments).
  stage27) sentence_stage M27 agenthn/checkpoints/smol 1,8 2e-4 28 290 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace ;;
  # Read M27 64/42/14/4%, paragraphs 31.1%, retention 69.1% (eval_M27_h200.json): v8 again within the
  # eval's noise. v8 stays shipped: four more minutes of its recipe add nothing, and the notes kind moved
  # template recall up a little and paragraphs down. Device time: 1,626 of 1,800 s (one H200, no re-send).
  # ---- next (not run yet: no device time left in session 15). v8 misses values, not frames
  # (scripts/probe_failures.py on v8: replies of the right kind, the wrong one), and its recipe has
  # levelled off (M27). Stage 28 grows v8 to rank 16 (agenthn/model/grow.py: the new ranks start
  # silent, so step 0 answers as v8; the head does not grow with rank: 24.4 MB in all, checked on the
  # CPU with a 1-step run) and trains v8's recipe on it. A fresh machine: calls 1-2 stash the GGUF.
  stage28) sentence_stage M28 agenthn/checkpoints/smol 1,8 3e-4 29 360 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace --set hyper.lora_r=16 ;;
  # Read (session 16) M28 58/46/12/6%, paragraphs 26.7%, retention 58.0% (4 other sets 61.1%, sd 5.9;
  # eval_M28_h200.txt: the call ran past 600 s while packing, so only the printed table came back). The
  # doubled rank trains no better in six minutes (value-token accuracy 0.66, v8 0.65) and its new ranks
  # cost retention: rank 8 stays.
  # ---- next, the same machine, call 4 (not run yet): stage 29 pairs half of the retention rows with
  # adapters of documents whose values are of the type the prompt wants (hyper.retention_typed:
  # agenthn/train/data.typed_keep), since retention leaks the document's value into the base's answer
  # slot ("Lyon" for the capital of France). From v8, v8's recipe otherwise; compare with M27.
  stage29) sentence_stage M29 agenthn/checkpoints/smol 1,8 2e-4 30 330 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace --set hyper.retention_typed=0.5 ;;
  # Read (session 16) M29 64/43/14/4%, paragraphs 28.9%, retention 70.4% (4 other sets 67.3%, sd 3.3;
  # v8 on the same four sets 69.4% on the CPU, retention_evalsets_v8_cpu.json) (eval_M29_h200.json): v8
  # within noise again, retention not better. v8 stays shipped. Device time: 1,221 of 1,800 s.
  # ---- session 16, calls 5-6 (fresh machine; carry .gg/cfg only, the tree slimmed): the step profile with
  # the base's RMSNorms compiled beside the eager default. Read: 230 documents/s eager, 281 with the norms
  # compiled (1.22x; compiling took seconds), 280 with the retention KL compiled as well (dropped; its
  # result matched eager to 1.5e-6); results/smol_stages/profile_s16. The smol preset now compiles the
  # norms (hyper.compile_norms); stages 1-29 ran eager. Call 5 printed the same but its tail lost the
  # throughput lines, so call 6 ran again filtered. Device time this session: 1,506 of 1,800 s.
  profile16)
    . scripts/smol_device.sh env
    PYTHONPATH=.:$PYTHONPATH python scripts/profile_hypernet_step.py .gg/cfg --compile --out "${OUT:-/tmp/out}/profile" ;;
  # ---- session 17, call 5 (a fresh machine; carry .gg/cfg only, the tree slimmed): the step profile once
  # more, now also with each MLP's silu(gate)*up and the rotary embeddings compiled
  # (common.compile_mlp_rotary, hyper.compile_fused); the tables go to $OUT/profile, only the lines
  # with numbers to the terminal (the call's tail keeps the last 12,000 characters).
  profile17)
    . scripts/smol_device.sh env
    mkdir -p "${OUT:-/tmp/out}/profile"
    PYTHONPATH=.:$PYTHONPATH python scripts/profile_hypernet_step.py .gg/cfg --compile --out "${OUT:-/tmp/out}/profile" \
      2>&1 | tee "${OUT:-/tmp/out}/profile/log.txt" | grep -E "docs/s|compiling|phases|^  [a-z]|profiled" ;;
  # Read (session 17, call 5, 151 s): eager 212 documents/s, norms compiled 264, norms + silu*up + rotary
  # compiled 288 (+9% over the norms alone); results/smol_stages/profile_s17. The flash kernel was not
  # used: every base pass got a padding mask, which sends SDPA to the memory-efficient kernel.
  # ---- session 17, call 6 (a fresh machine, .gg/cfg): the same with the base passes given no padding
  # mask as well (hyper.causal_only: rows are right-padded, so causal attention alone is exact).
  profile17b) OUT="${OUT:-/tmp/out}" bash scripts/train_smol.sh profile17 ;;
  # Read (session 17, call 6, 131 s, results/smol_stages/profile_s17b): eager 229 documents/s, norms 282,
  # + silu*up and rotary 303, + no padding masks 347 (flash attention forward 168 ms of GPU time over
  # three steps against the memory-efficient kernel's 348). 1.52x eager, 1.23x the norms-only step the
  # smol preset ran in session 17's stages. The smol preset now turns both on (hyper.compile_fused,
  # hyper.causal_only). Device time this session: 1,539 of 1,800 s.
  # ---- next (prepared in session 17, not run yet): the one-fact train/held-out gap is the documents'
  # statement phrasings (train_gap, results/smol_stages/train_gap_v8_cpu.txt: value tokens 0.938 on
  # training documents, 0.825 with held-out statements, 0.959 with held-out questions). Stage 32 trains
  # v8's recipe with 60% of the training documents' fact sentences restated (hyper.say_variety=0.6,
  # agenthn/world/english_variety.py: lead-ins, closing clauses, "is actually", value first; none of
  # their words in a held-out phrasing, a test checks), with the faster step (the smol preset now
  # compiles silu*up and rotary and drops padding masks: ~1.23x the step of stages 30-31). Fresh
  # machine: calls 1-2 stash the GGUF, call 3 runs this; compare with M27 / v8 and read train_gap's
  # heldout_say row on the result. Stage 33 continues it on the warm machine if it leads. Caveat measured
  # after writing it: v8 reads restated training documents at 0.907 of value tokens (0.938 unrestated;
  # held-out statements 0.825), so these surface rewrites are close to what v8 already reads; more
  # statement phrasings per training attribute would test the finding harder.
  stage32) sentence_stage M32 agenthn/checkpoints/smol 1,8 2e-4 33 330 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace --set hyper.say_variety=0.6 ;;
  stage33) sentence_stage M33 "${INIT:-runs/M32}" 1,8 2e-4 34 330 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace --set hyper.say_variety=0.6 ;;
  # Read (session 18, call 3 after two stash calls; 306 steps, ~340-360 documents/s): M32 65/38/19/6%,
  # paragraphs 33.3%, retention 67.9% (4 other sets 68.5%). Paired against eval_v8 (below, same machine):
  # 8 facts +7 (p=0.039, 1 only v8, 8 only M32), 4 facts -3 (p=0.58), retention -2.5 (p=0.75): mixed.
  # ---- session 18, the data change train_gap pointed at: 5-6 more statement templates for every
  # training attribute (agenthn/world/english_says*.py, hyper.more_says; held-out splits untouched,
  # tests/test_english_says.py). v8's recipe otherwise, from v8, so it compares paired with eval_v8.
  stage34) sentence_stage M34 agenthn/checkpoints/smol 1,8 2e-4 35 330 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace --set hyper.more_says=true ;;
  # Read (session 18, a second machine, call 3 after two stash calls; 307 steps, median ~390 documents/s):
  # M34 63/42/12/6%, paragraphs 33.3%, retention 64.2% (4 other sets 65.1%); paired against eval_v8
  # nothing moves (1 fact -2 p=0.77, retention -6.2 p=0.23). Not shipped.
  # Then, the same machine: does M34 read held-out *statement* phrasings better than v8 does (v8 on CPU:
  # 0.825 of value tokens at one fact, 0.938 on training documents)? Both models, same GPU.
  gap34)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    for m in agenthn/checkpoints/smol runs/M34; do echo "== $m"
      python -m agenthn.bench.train_gap --model "$m" --device cuda --facts 1 4 --n 64 --sentences \
        --splits train heldout_say eval 2>&1 | grep "^|"; done ;;
  # Read (same machine, 58 s; results/smol_stages/train_gap_M34_h200.txt), value tokens v8 -> M34: one
  # fact train 0.966 -> 0.972, heldout_say 0.827 -> 0.852, eval 0.844 -> 0.850; four facts 0.593 -> 0.614,
  # 0.506 -> 0.565, 0.436 -> 0.493. Teacher-forced reading moved a little; contained answers did not.
  # ---- session 18, last ~390 s of device time: values cut short. `python scripts/probe_long_values.py`
  # (one-sentence documents in hand-written frames, numbers of 2-9 digits and invented words; v8 on the
  # CPU, n=48, whole-word grading, results/smol_stages/probe_long_v8_cpu.json): 19 whole, 24 cut short, 5
  # other (on the H200: "The special magic number is 26." for 26456816); values of
  # up to 4 tokens come back whole, of 5 or more almost never. Random training values were 1-3 pieces
  # or 1-2 words, and every digit is its own SmolLM2 token: nothing taught a long copy. Stage 35 gives
  # half the random values a long form (3-10 digits or 4-6 pieces: hyper.random_long_values=0.5) and
  # trains v8's recipe from v8 for 140 s (all the device time left: no eval), then the probe reads v8
  # and M35 side by side on the GPU. A fresh machine: calls 1-2 stash the GGUF, call 3 runs this.
  stage35)
    EVAL_N=0 sentence_stage M35 agenthn/checkpoints/smol 1,8 2e-4 36 140 --set hyper.value_coef=2 \
      --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace --set hyper.random_long_values=0.5
    python scripts/probe_long_values.py --models agenthn/checkpoints/smol runs/M35 --n 96 --device cuda \
      --json "${OUT:-/tmp/out}/probe_long_M35_h200.json" 2>&1 | grep -v "Loading\|Warning" | tail -n 6 ;;
  # Read (session 18, a third machine, after two stash calls; 194 s wall, the 140 s limit spent mostly on
  # data and compiling: 46 steps, 12k documents; results/smol_stages/M35.jsonl, probe_long_M35_h200.json;
  # graded with whole-word matching, `python scripts/probe_long_values.py --regrade FILE`): whole values
  # v8 42 of 96, M35 43 (numbers 16 -> 19 of 48, paired p=0.38; words 26 -> 24). The length moved, not
  # the digits: v8's numbers come back shorter than the value 25 times of 48 (mean -1.7 digits), M35's
  # longer 21 times (mean +1.8; "9889" for 98). A long run with long values is the test; not shipped.
  # ---- next (prepared in session 18, not run): session 18's three data changes together, a full stage
  # from v8, then continued. Ten short stages from v8 that changed one thing each all read within noise
  # of it, so this is the best shot, not an ablation: the extra statement templates (stage 34 moved
  # held-out statements 0.827 -> 0.852 teacher-forced), long random values (stage 35 moved the numbers'
  # length prior in 46 steps) and everyday paragraphs (`scenes`, 301 hand-written templates; the
  # paragraphs eval is where they should show). A fresh machine: calls 1-2 stash the GGUF, call 3
  # stage36 (~540 s), call 4 probe36 (~100 s), call 5 stage37 (continues M36, ~540 s); compare each
  # with eval_v8_outcomes_h200.json (`python -m agenthn.bench.compare_evals`).
  stage36) sentence_stage M36 agenthn/checkpoints/smol 1,8 2e-4 37 330 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace,scenes --set hyper.more_says=true \
    --set hyper.random_long_values=0.5 ;;
  probe36)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    python scripts/probe_long_values.py --models agenthn/checkpoints/smol runs/M36 --n 96 --device cuda \
      --json "${OUT:-/tmp/out}/probe_long_M36_h200.json" 2>&1 | grep -v "Loading\|Warning" | tail -n 8
    python -m agenthn.bench.train_gap --model runs/M36 --device cuda --facts 1 4 --n 64 --sentences \
      --splits train heldout_say eval 2>&1 | grep "^|" ;;
  # Read (session 19, one machine: stash, stash, stage36 516 s, probe36 47 s; M36.jsonl, 278 steps,
  # ~350 documents/s; eval_M36_h200.json): M36 66/41/19/4%, paragraphs 33.3%, retention 66.7% (63.9%
  # over the four other sets, v8 68.2%). Long values (probe_long_M36_h200.json): whole 42 -> 59 of 96,
  # numbers 16 -> 33 of 48 (paired p=0.0002), v8's numbers shorter than the value 25 times, M36's 2
  # (mean -1.64 -> +0.19 digits): the copy, not just the length, moved. Teacher-forced value tokens
  # (train_gap_M36_h200.txt): heldout_say 1 fact 0.840, 4 facts 0.545 (v8 0.827 / 0.506).
  stage37) sentence_stage M37 "${INIT:-runs/M36}" 1,8 2e-4 38 330 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace,scenes --set hyper.more_says=true \
    --set hyper.random_long_values=0.5 ;;
  # Read (491 s; 368 steps; eval_M37_h200.json): M37 66/41/19/6%, paragraphs 40.0%, retention 66.7%
  # (61.7% over the four sets).
  probe37)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    python scripts/probe_long_values.py --models runs/M36 runs/M37 --n 96 --device cuda \
      --json "${OUT:-/tmp/out}/probe_long_M37_h200.json" 2>&1 | grep -v "Loading\|Warning" | tail -n 8 ;;
  # Read (25 s; probe_long_M37_h200.json): whole M36 58 (one word fewer than in probe36 on the same
  # machine: greedy, but bf16 kernels need not be bit-stable between runs), M37 66 of 96 (paired p=0.008; numbers 37 of 48,
  # none shorter than the value).
  stage38) sentence_stage M38 "${INIT:-runs/M37}" 1,8 2e-4 39 330 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace,scenes --set hyper.more_says=true \
    --set hyper.random_long_values=0.5 ;;
  # Read (522 s; 370 steps; eval_M38_h200.json): M38 67/45/20/5%, paragraphs 44.4%, retention 66.7%
  # (58.3% over the four sets, each of the four below v8's). Paired against v8: 8 facts +8 (p=0.039),
  # paragraphs +13.3 (0 vs 6 questions, p=0.031), none significant after Holm (0.39 / 0.34); retention
  # over the four sets fell 68.2 -> 58.3, so more of this recipe buys recall with retention. Not shipped.
  # ---- here, on the 2-core CPU (session 19): is there a point between v8 and M38 that keeps M38's
  # recall and v8's retention? Their weight average (alpha 0.5), evaluated in float32 on the CPU.
  soup38)
    python -m agenthn.train.soup agenthn/checkpoints/smol runs/M38 --alpha 0.5 --out runs/S38
    agenthn eval internalize --model runs/S38 --device cpu --n 100 --json results/smol_stages/eval_S38_cpu.json
    python scripts/probe_long_values.py --models smol runs/S38 --n 96 --device cpu \
      --json results/smol_stages/probe_long_S38_cpu.json 2>&1 | grep -v "Loading\|Warning" | tail -n 8 ;;
  # Read (eval 38 min): S38 65/46/18/4%, paragraphs 31.1%, retention 71.6% (66.7% over the four sets;
  # v8 on the CPU 69.4% there; the CPU's in-context cells read 14/27/14/32% where the H200's read
  # 16/26/16/27%, so only CPU runs compare with it): retention came back and the paragraph gain went.
  # Long values (2 min): whole v8 43, S38 53 of 96 (paired p=0.031; numbers 16 -> 24 of 48), where M37
  # got 66 on the H200: about half the gain kept.
  eval_v8_cpu)
    agenthn eval internalize --model smol --device cpu --n 100 --json results/smol_stages/eval_v8_cpu.json
    python -m agenthn.bench.compare_evals results/smol_stages/eval_v8_cpu.json results/smol_stages/eval_S38_cpu.json ;;
  # Read (41 min): v8 on the CPU 64/41/12/4%, 31.1%, 70.4% (69.4% over the four sets). S38 paired
  # against it: 4 facts +5 (p=0.23), 8 facts +6 (p=0.11), the rest within a point or two. Not shipped.
  # ---- next (prepared in session 19, not run): the same question on an H200, where the eval is
  # paired with eval_v8_outcomes_h200.json and takes ~150 s. Calls 1-2 stash the GGUF, call 3 `setup`
  # alone (carry .gg/smol.part2 and .whl: the slimmed tree plus the part leave no room for M38),
  # call 4 carries .whl and runs/M38 (23 MB) and runs `soups` (two weights, ~400 s); call 5 `ALPHAS="0.6
  # 0.9" soups` if the first two bracket a point worth having.
  soups)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    ls runs/M38/config.json || { echo "runs/M38 missing: carry it"; exit 2; }
    for a in ${ALPHAS:-0.5 0.75}; do
      python -m agenthn.train.soup agenthn/checkpoints/smol runs/M38 --alpha "$a" --out "runs/S$a"
      python -m agenthn.cli.main eval internalize --model "runs/S$a" --device cuda --n 100 \
        --json "${OUT:-/tmp/out}/eval_S${a}_h200.json" 2>&1 | grep -v "Loading\|Warning" | tail -n 9
      python scripts/probe_long_values.py --models agenthn/checkpoints/smol "runs/S$a" --n 96 --device cuda \
        --json "${OUT:-/tmp/out}/probe_long_S${a}_h200.json" 2>&1 | grep "^whole only"
    done ;;
  # Read (session 20, call 4 after two stash calls and `setup`; 461 s; eval_S0.5_h200.json,
  # eval_S0.75_h200.json, probe_long_S*_h200.json), paired with v8's eval_v8_outcomes_h200.json:
  #   S0.5  65/45/17/4%, paragraphs 33.3%, retention 67.9% (64.5% over the four sets); long values
  #         whole only v8 3, only S0.5 14 (p=0.013); no eval cell measurable.
  #   S0.75 66/46/22/5%, paragraphs 37.8%, retention 67.9% (65.1%); long values 2 against 21
  #         (p=0.0001); 8 facts +10 (1 vs 11 questions, p=0.006, Holm 0.07).
  # Unlike S38 on the CPU, the H200's average does not win retention back: both lie 3-4 points under
  # v8 over the four sets. Next call went to stage39 rather than more weights of M38.
  # ---- or, on the same machine after `soups` (prepared in session 19, run in session 20): keep M38's new data
  # and win retention back by training rather than averaging. Its training retention loss rose only a
  # little (ret at the last log 0.113 for M36, 0.128 for M38) while the eval's retention fell 10 points,
  # so more and different rows, not a larger weight on the same ones (M24's retention KL x2 did not help): retention rows half of each
  # batch instead of a quarter, from M38 (carry runs/M38 if the machine is fresh), ~540 s. Its recipe
  # from M38 on the 2-core CPU (batch 16, 64 retention prompts, 60 s limit) stepped once and saved.
  stage39) sentence_stage M39 "${INIT:-runs/M38}" 1,8 2e-4 40 330 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace,scenes --set hyper.more_says=true \
    --set hyper.random_long_values=0.5 --set hyper.retention_frac=0.5 ;;
  # Read (session 20, call 5, carrying .whl and runs/M38 again; 555 s; 306 steps at 295-321 documents/s;
  # eval_M39_h200.json, M39.jsonl): M39 67/48/19/5%, paragraphs 48.9% (paired against v8 0 vs 8
  # questions, p=0.008, Holm 0.09), retention 66.7% (56.5% over the four sets, each below v8's and
  # M38's). Half of each batch on retention rows did not hold retention: the paragraphs went up again.
  # ---- the same machine, session 20, call 6 (~400 s): M39 averaged with v8, weights 0.5 and 0.75,
  # then (call 7, 32 s) the long-value probe of T0.75. Run as one inline command; this case is it.
  soups39)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    ls runs/M39/config.json || { echo "runs/M39 missing: carry it"; exit 2; }
    for a in 0.5 0.75; do
      python -m agenthn.train.soup agenthn/checkpoints/smol runs/M39 --alpha "$a" --out "runs/T$a"
      python -m agenthn.cli.main eval internalize --model "runs/T$a" --device cuda --n 100 \
        --json "${OUT:-/tmp/out}/eval_T${a}_h200.json" 2>&1 | grep -v "Loading\|Warning" | tail -n 7
    done
    python scripts/probe_long_values.py --models agenthn/checkpoints/smol runs/T0.75 --n 96 --device cuda \
      --json "${OUT:-/tmp/out}/probe_long_T0.75_h200.json" 2>&1 | grep "^whole" ;;
  # Read (eval_T0.5_h200.json, eval_T0.75_h200.json, probe_long_T0.75_h200.json), paired with v8:
  #   T0.5  63/49/18/4%, paragraphs 35.6%, retention 67.9% (65.4% over the four sets); 4 facts +8 (p=0.057).
  #   T0.75 65/48/20/6%, paragraphs 42.2%, retention 65.4% (63.6%); 8 facts +8 (p=0.021, Holm 0.24),
  #         paragraphs +11.1 (0 vs 5, p=0.062); long values whole only v8 2, only T0.75 21 (p=0.0001).
  # Every average and every stage since v8 trades 3-5 points of retention over the four sets for its recall.
  # ---- prepared in session 20, not run: is T0.75's retention loss more than a draw? The eval now
  # keeps each retention set's outcomes and which questions the base kept, and compare_evals pools the
  # four sets into one paired cell (324 pairs). v8 and T0.75 again with that code (~170 s each).
  # The 2-core CPU answered it the same session (`agenthn eval internalize --only retention`, 6.5 min a
  # model): 69.4% against 61.7% over the four sets, 40 questions only v8 kept, 15 only T0.75, p=0.001.
  # Run this only to have the H200's paired reading too (CANDIDATES= other directories).
  # A fresh machine: calls 1-2 stash, call 3 `setup` alone (part2 + .whl), call 4 carries .whl and
  # runs/T0.75 (23 MB; here `python -m agenthn.train.soup agenthn/checkpoints/smol runs/M39 --alpha 0.75
  # --out runs/T0.75`, runs/M39 from session 20's m39.tgz) and runs this.
  eval_sets)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    for m in agenthn/checkpoints/smol ${CANDIDATES:-runs/T0.75}; do
      ls "$m/config.json" || { echo "$m missing: carry it"; exit 2; }
      python -m agenthn.cli.main eval internalize --model "$m" --device cuda --n 100 \
        --json "${OUT:-/tmp/out}/eval_$(basename "$m")_sets_h200.json" 2>&1 | grep -v "Loading\|Warning" | tail -n 3
    done ;;
  # ---- session 21 (one H200; a fresh machine: calls 1-2 stash, call 3 `setup` with .gg/smol.part2 and
  # .whl). Why retention falls (2-core CPU, scripts/probe_retention_shapes.py): under an unrelated
  # adapter v8 answers "Half of 20 is 20.", "A year is 16 months.": the base's frame, a made-up value. Of 64 questions of the twelve world-knowledge
  # shapes the retention rows trained on, it kept the opening of 48 replies; of 64 other short questions
  # 18. The rows held ~100 distinct such questions; half of the prompts now come from a pool of some
  # 3,500 (hyper.retention_general=0.5, 4,096 prompts). From v8 with v8's recipe (M40, call 4), then from M39
  # with its recipe (M41, call 5, carrying runs/M39: paragraphs 48.9%, retention 56.5% over four sets).
  # (Planned side by side on 2 GPUs; none was lent, so one H200, one call each.)
  stage40) sentence_stage M40 agenthn/checkpoints/smol 1,8 2e-4 41 300 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace \
    --set hyper.retention_general=0.5 --set hyper.retention_prompts=4096 ;;
  stage41) sentence_stage M41 "${INIT:-runs/M39}" 1,8 2e-4 42 300 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace,scenes --set hyper.more_says=true \
    --set hyper.random_long_values=0.5 --set hyper.retention_frac=0.5 \
    --set hyper.retention_general=0.5 --set hyper.retention_prompts=4096 ;;
  # Read (session 21, calls 4-5; eval n=100 paired with eval_v8_outcomes_h200.json; over four other
  # document sets v8 read 68.2%):
  #   M40 (from v8; 536 s, 246 steps, 332-362 documents/s): 65/43/14/4%, paragraphs 28.9%, retention
  #       71.6% (v8 70.4), 71.3% over the four sets: the pool alone lifts retention 3 points, not recall.
  #   M41 (from M39; 479 s): 66/43/21/5%, paragraphs 44.4%, retention 67.9%, **68.2% over the four
  #       sets** (M39 56.5): M39's recall and paragraphs (8 facts +9, p=0.035; paragraphs +13.3, 2 vs 8)
  #       at v8's retention.
  # ---- the same machine, call 6 (495 s; typed out inline, this case is that command): M41 continued
  # with three quarters of the retention prompts from the pool.
  stage42) sentence_stage M42 "${INIT:-runs/M41}" 1,8 2e-4 43 300 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace,scenes --set hyper.more_says=true \
    --set hyper.random_long_values=0.5 --set hyper.retention_frac=0.5 \
    --set hyper.retention_general=0.75 --set hyper.retention_prompts=4096 ;;
  # Read M42 66/42/21/6%, paragraphs 44.4% (1 vs 7), retention 70.4% (paired with v8 8 vs 8), 67.3% over
  # the four sets. Device time this session: 1,628 of 1,800 s. On the 2-core CPU its retention pooled
  # over the four sets read 72.5% against v8's 69.4% (retention_M42_cpu.json), and issue 19's benchmarks
  # held or rose (README): **M42 ships as v9** (agenthn/checkpoints/smol, hyper_train stages 14-19 =
  # M36, M37, M38, M39, M41, M42).
  # ---- session 22 (one H200; a fresh machine: calls 1-2 stash, call 3 `setup` with .gg/smol.part2 and
  # .whl, call 4 carries .whl and runs/M42 (23 MB)). v9's pool held 31 shapes; `hyper.retention_general_wide`
  # adds 14 more (world/english_general.WIDER: planets, seasons, landmarks, superlatives, organs, ...)
  # and scripts/probe_retention_shapes.py now also asks four shapes no row ever asks (HELD_OUT).
  # Stage 43: M42 continued with the wide pool and 6,144 prompts (call 4); stage 44, its control: M42
  # continued with the narrow pool, the same seed and length (call 5); stage 45 continues the better
  # of the two (INIT=runs/M43 or runs/M44) at a lower rate (call 6).
  stage43) m39_stage M43 "${INIT:-runs/M42}" 2e-4 44 --set hyper.retention_general=0.75 \
    --set hyper.retention_general_wide=true --set hyper.retention_prompts=6144 ;;
  stage44) m39_stage M44 "${INIT:-runs/M42}" 2e-4 44 --set hyper.retention_general=0.75 \
    --set hyper.retention_prompts=6144 ;;
  stage45) m39_stage M45 "${INIT:-runs/M43}" 1e-4 45 --set hyper.retention_general=0.75 \
    --set hyper.retention_general_wide=true --set hyper.retention_prompts=6144 ;;
  # Read (session 22; eval n=100, paired with M42's eval_M42_h200.json; files eval_M4{3,4,5}_h200.json):
  #   M43 (wide pool; 481 s, 223 steps, median 308 documents/s -- the first run on the machine compiles)
  #       66/46/20/8%, paragraphs 44.4%, retention 72.8%, 69.4% over the four sets (M42 70.4 / 67.3).
  #   M44 (narrow control; 472 s, 330 steps, 339 documents/s) 68/45/17/5%, 46.7%, 74.1%, 66.7% over the
  #       four sets; wide against narrow pooled over the four sets +2.8 (13 vs 22 questions, p=0.18).
  #   M45 (M43 at 1e-4; 470 s, 314 steps) 65/46/20/7%, 37.8%, 70.4%, 68.5%: nothing more.
  # No stage beats M42 measurably (every paired difference p>=0.18), and on the 2-core CPU M43's retention
  # pooled over the four sets read 70.4% against M42's 72.5% (24 only M42, 17 only M43, p=0.35;
  # retention_M43_cpu.json): v9 stays shipped. Device time this session 1,517 of 1,800 s (one H200).
  # ---- prepared in session 22, not run (no device time left): the probe's held-out shapes say the
  # retention term teaches its prompts' kinds one by one (0.13 nats/token on trained shapes, 0.42-0.51 on
  # unseen ones), so a quarter of the prompts become quiz questions smol writes itself about random
  # vocabulary words (`hyper.retention_self`, agenthn/train/self_prompts.py), beside half from the pool.
  # A fresh machine: calls 1-2 stash, call 3 `setup`, call 4 carries .whl and runs/M42; read the probe
  # (scripts/probe_retention_shapes.py) and the CPU's pooled retention against M42 after. Its recipe from
  # M42 on the 2-core CPU (batch 16, 64 retention prompts, 40 s limit): smol wrote 16 of the 16 prompts
  # asked for, the run stepped once and saved.
  stage46) m39_stage M46 "${INIT:-runs/M42}" 2e-4 46 --set hyper.retention_general=0.5 \
    --set hyper.retention_general_wide=true --set hyper.retention_self=0.25 --set hyper.retention_prompts=6144 ;;
  # ---- session 23 (a fresh machine, runs/ gone): v9's shipped files are M42's (bf16 either way), so both
  # stages start from them: call 4 `INIT=agenthn/checkpoints/smol bash scripts/train_smol.sh stage46`
  # carrying .whl only, call 5 (same warm machine) stage 47, its dose: half the retention prompts written
  # by smol, a quarter from the wide pool. The self-written prompts are made inside the 300 s limit, so
  # each stage trains fewer steps than M43-M45.
  stage47) m39_stage M47 "${INIT:-runs/M42}" 2e-4 47 --set hyper.retention_general=0.25 \
    --set hyper.retention_general_wide=true --set hyper.retention_self=0.5 --set hyper.retention_prompts=6144 ;;
  # Read (session 23; eval n=100 paired with eval_M42_h200.json; 1,475 of 1,800 s, the machine went cold
  # once between the stages and the three set-up calls ran again): smol wrote every prompt asked of it;
  #   M46 (521 s, 230 steps) 62/46/20/7%, paragraphs 42.2%, retention 69.1%, 69.1% over the four sets;
  #   M47 (498 s, 236 steps) 60/42/22/5%, 53.3% (4 only M47, 0 only M42, p=0.125), 72.8%, 66.0%.
  # On the 2-core CPU M47's paragraphs hold (53.3 vs v9 44.4%) and its retention pooled over the four
  # sets falls (68.2 vs 72.5%, p=0.034); needles in three 1000-turn conversations 20 of 30 (v9 22); the
  # shape probe's held-out column 0.401 for both (v9 0.514, M43 0.417). v9 stays shipped.
  # ---- prepared in session 23, not run (device time spent): does a second adapted module help?
  # Every data mix since v8 lands at 30-35% recall and 64-74% retention (bench_smol.sh frontier), and
  # more rank (M28) or a second head (M30) on down_proj did not move it. Stage 48 grows v9 to adapt
  # up_proj beside down_proj (agenthn.model.grow: the new module starts at zero, so step 0 is v9) with
  # M44's recipe (the frontier's narrow pool), and stage 49 continues it on the same warm machine (the
  # new module's scaler_B starts at 0 and v9's sit near 0.05, so one stage at 2e-4 barely grows it).
  # up_proj's head is shared across layers with a per-layer gain (`hyper.shared_head`): a per-layer head
  # would double v9 to 40.6 MB in bfloat16, over the issue's 32 MiB; shared, the files total 25.1 MB
  # (the largest 16,220,248 bytes, as v9's). Stage 48's recipe on the 2-core CPU (batch 16, 64 retention
  # prompts, 256 documents, 60 s limit): grown from v9, one step with v9's first-step losses to every
  # digit (kd 0.5650, with or without the shared head), saved and loaded with both modules.
  # A fresh machine: calls 1-2 stash, call 3 `setup`, call 4 stage48 carrying .whl, call 5 stage49 at once.
  stage48) m39_stage M48 "${INIT:-agenthn/checkpoints/smol}" 2e-4 48 "${TWO_MODULES[@]}" ;;
  stage49) m39_stage M49 "${INIT:-runs/M48}" 2e-4 49 "${TWO_MODULES[@]}" ;;
  # Read (session 24, one H200, 1,214 of 1,800 s for both; eval n=100 paired with eval_M42_h200.json):
  #   M48 (558 s call, 180 steps, median 262 documents/s) 67/44/19/4%, paragraphs 44.4%, retention 74.1%,
  #       68.2% over the four sets;
  #   M49 (562 s call, 237 steps, median 270 documents/s) 67/47/22/6%, 40.0%, 75.3%, 70.7% over the four
  #       sets (19 only M49, 8 only M42, p=0.052); no cell measurable (4 facts +5, p=0.125).
  # On the 2-core CPU M49 keeps 70.4% / 70.1% pooled (v9 72.8 / 72.5%, p=0.134), needles 23 of 30 (v9 22),
  # shape probe held-out 0.518 (v9 0.514): no measurable gain at twice the adapter; v9 stays shipped.
  # ---- session 24, the rest of the budget (586 s: a fresh machine, three set-up calls, one short stage):
  # M48 -> M49 still climbed (4/8/16 facts +3/+3/+2, pooled retention +2.5), so stage 50 continues M49
  # with the same recipe for 180 s and eval n=100. Call 4 carries .whl and runs/M49.
  stage50) LIMIT=180 m39_stage M50 "${INIT:-runs/M49}" 2e-4 50 "${TWO_MODULES[@]}" ;;
  # Read (session 24, 430 s call; loading and the 6,144 retention prompts take ~110 s of the 180 s limit,
  # so only 67 steps): M50 65/48/21/5%, 40.0%, retention 67.9% (-7.4 against M49, p=0.07), 68.5% over
  # the four sets. A short stage is not worth a fresh machine's start.
  # ---- session 25: a deeper Perceiver. Every data mix since v8 lands at 30-35% mean recall, and more
  # rank (M28), a second head (M30) or a second module (M48-M50) did not move it; the one part never
  # widened is the encoder that reads the document: two cross-attention layers over each base layer's
  # features, 16 latents that never attend to each other, one decoder layer. Stage 51 grows v9 to three
  # blocks of cross- then self-attention (agenthn.model.grow: each new layer starts as the identity, so
  # step 0 is v9; `check48 deep` below shows it on the CPU) and stage 52 continues it on the same machine.
  # A fresh machine: calls 1-2 stash, call 3 `setup`, call 4 stage51 carrying .whl, call 5 stage52 at once.
  stage51) m39_stage M51 "${INIT:-agenthn/checkpoints/smol}" 2e-4 51 "${DEEPER[@]}" ;;
  stage52) m39_stage M52 "${INIT:-runs/M51}" 2e-4 52 "${DEEPER[@]}" ;;  # nothing grows: new_lr_mult is idle
  # Read (session 25, one H200, 1,231 of 1,800 s for both; eval n=100 paired with eval_M42_h200.json):
  #   M51 (558 s call, 177 steps, median 267 documents/s) 67/47/16/6%, paragraphs 44.4%, retention 72.8%,
  #       67.0% over the four sets;
  #   M52 (532 s call, 225 steps, median 279 documents/s) 65/49/15/5%, 44.4%, 70.4%, 67.0% (4 facts +7,
  #       p=0.016, 0.19 Holm; 8 facts -6, p=0.07). The new layers' post-norm weights ended at 0.000-0.006:
  #       hardly switched on even at 10x the rate. v9 stays shipped.
  # ---- session 28: known words as random values. v9 brings back the first piece of a rare value and
  # ends the sentence ("Your star sign is Pis."); teacher-forced, the base alone would finish the word
  # and the adapter stops it (README, session 27). No training value ever asked the base to finish a
  # word: random values were glued pieces, which the base always continues wrongly, or one-token words.
  # Stage 53 is M44 (v9 continued with its recipe, seed 44, 6,144 prompts: the control, eval_M44_h200.json)
  # with 30% of the random values drawn from agenthn/train/wordlists/smol_known_words.txt (548 words of
  # 2-4 pieces the base finishes itself; scripts/build_known_words.py). A fresh machine: calls 1-2
  # stash, call 3 `setup` (part2 + .whl), call 4 stage53 carrying .whl, call 5 long53 at once.
  stage53) m39_stage M53 "${INIT:-agenthn/checkpoints/smol}" 2e-4 44 --set hyper.retention_general=0.75 \
    --set hyper.retention_prompts=6144 --set hyper.random_known_words=0.3 ;;
  long53)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    ls runs/M53/config.json || { echo "runs/M53 missing: carry it"; exit 2; }
    python scripts/probe_long_values.py --models agenthn/checkpoints/smol runs/M53 --n 96 --device cuda \
      --json "${OUT:-/tmp/out}/probe_long_M53_h200.json" 2>&1 | grep "^whole" ;;
  # Read (session 28, 502 s call, 253 steps, 326-358 documents/s; eval n=100 paired with M42 and M44):
  #   M53 66/43/18/7%, paragraphs 37.8%, retention 67.9%, 67.6% over the four sets; every difference
  #   p >= 0.45 against M42, >= 0.125 against M44. long53 was not run: the machine went cold and the CPU
  #   measured it (bench_smol.sh s28: long values 69/96 as v9; probe_word_finish: no change). v9 stays.
  # ---- session 26: no training; the H200 as a fast evaluator for issue 19's dev questions (CPU numbers
  # stay the README's). improve26: how many sampled redrafts of smol's own study notes, on dev seeds 4-7
  # that no README number uses (seeds 0-3 are the measured ones); niah26: segment sizes with memory's
  # new re-ranking (2 and 16 messages, re-ranked or TF-IDF alone), 100 needles at 1000 turns.
  improve26)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    for r in ${REDRAFTS:-2 4 8}; do for s in ${SEEDS:-4 5 6 7}; do
      python -m agenthn.cli.main bench improve --model smol --device cuda --entities 8 --rounds 3 \
        --writers model --redrafts "$r" --seed "$s" --json "${OUT:-/tmp/out}/improve_r${r}_s${s}.json" \
        2>&1 | grep "^| model" | tail -n 1 | sed "s/^/redrafts $r seed $s /"
    done; done ;;
  niah26)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    for seg in ${SEGS:-2 16}; do for rr in 5 0; do
      python -m agenthn.cli.main bench niah --model smol --device cuda --turns 1000 --conversations 10 \
        --needles 10 --segment-turns "$seg" --rerank "$rr" --calibration-repeat 0 --strategies memory-top1 \
        --json "${OUT:-/tmp/out}/niah_seg${seg}_rerank${rr}.json" 2>&1 | grep "^| 1000" \
        | sed "s/^/segments $seg rerank $rr /"
    done; done ;;
  # Read (session 26, one H200): improve26 with REDRAFTS="2 4" (508 s) then "8" (273 s), seeds 4-7: gains
  #   2: +45.8/29.2/33.3/33.3, 4: +45.8/41.7/37.5/33.3, 8: +50.0/45.8/29.2/45.8 -> English bases draft 4 times
  #   (results/smol_improve/redrafts_dev_h200/). niah26 (474 s; its first call failed on the GPU: memory
  #   composed a host segment adapter with a GPU static block, fixed in model/adapter.compose): 1000 turns,
  #   100 needles, memory top-1: segments 2 re-ranked 74% (hit 98%), TF-IDF alone 67% (90%); segments 16
  #   77% (98%), 71% (92%) (results/smol_memory/segments_rerank_h200/).
  # Stage 48's recipe, small, here on the CPU (about 90 s each): `bash scripts/train_smol.sh check48`, then
  # `check48 per-layer` (a head per layer) and `check48 v9` (v9 not grown): the first rows of
  # runs/check48{,_per-layer,_v9}/metrics.jsonl match; `du -cb runs/check48*/*.safetensors` the sizes.
  check48)
    shared=(--set hyper.targets=down_proj,up_proj --set hyper.shared_head=up_proj)
    [ "${2:-}" = per-layer ] && shared=(--set hyper.targets=down_proj,up_proj)
    [ "${2:-}" = v9 ] && shared=()
    [ "${2:-}" = deep ] && shared=("${DEEPER[@]:0:6}")
    python -m agenthn.cli.main train hypernet --preset smol --base smol --device cpu --init agenthn/checkpoints/smol \
      --out "runs/check48${2:+_$2}" --time-limit 60 --set hyper.n_facts=1,8 --set hyper.max_qas=4 --set hyper.lr=2e-4 \
      --set hyper.seed=48 --set hyper.kd_only_right=true --set hyper.retention_first_coef=1 \
      --set hyper.sentence_answers=1 --set hyper.ce_coef=3 --set hyper.kd_coef=1.5 --set hyper.log_every=1 \
      --set hyper.value_coef=2 --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace,scenes \
      --set hyper.more_says=true --set hyper.random_long_values=0.5 --set hyper.retention_frac=0.5 \
      "${shared[@]}" --set hyper.retention_general=0.75 \
      --set hyper.retention_prompts=64 --set hyper.batch=16 --set hyper.n_docs=256 ;;
  # ---- the same machine after stage 32 (run in session 18: 168 s; reproduces v8's 65/41/12/4, 31.1, 70.4): v8's eval again with the code that
  # keeps each question's outcome, so `python -m agenthn.bench.compare_evals eval_v8_outcomes_h200.json
  # eval_M32_h200.json` compares paired (v8's own file predates outcomes: Fisher only, far weaker).
  eval_v8)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    python -m agenthn.cli.main eval internalize --model agenthn/checkpoints/smol --device cuda --n 100 \
      --json "${OUT:-/tmp/out}/eval_v8_outcomes_h200.json" 2>&1 | grep -v "Loading\|Warning" | tail -n 12 ;;
  # ---- session 17, call 3 (prepared in session 16): rank did not help (M28), so widen what each rank row
  # can be. Every row of a layer's A and B is the 128-wide latent times that layer's fixed [128, 2112]
  # head, so all of v8's adapters of a layer lie in one 128-dimensional span. Stage 30 grows v8 a second
  # head over silu(W x) (hyper.head_extra=128, agenthn/model/grow.py: it starts at zero, so step 0
  # answers exactly as v8; a test checks it) and trains v8's recipe; ~17 MB more of weights (the
  # shipped checkpoint would pass 32 MB: split it over more files and carry it apart from the tree).
  # A fresh machine: calls 1-2 stash the GGUF, call 3 runs this; compare with M27/v8. At v8's rate (2e-4,
  # as M27 and M29): M28 ran at 3e-4 and lost retention, so the rate stays the one the comparison knows.
  stage30) sentence_stage M30 agenthn/checkpoints/smol 1,8 2e-4 31 330 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace --set hyper.head_extra=128 ;;
  # Read (session 17, call 3 after two stash calls; 281 steps, median 306 documents/s with the norms
  # ---- session 30 (no training): the shipped checkpoint's eval with the relevance gate
  # (agenthn/checkpoints/smol/gate.safetensors, fitted on a 2-core CPU by `agenthn train gate`), so the gated
  # cells sit beside M42's (= v9's) H200 numbers on the same 100 questions a cell; a fresh machine: calls 1-2
  # stash the GGUF, call 3 runs this. Compare with `python -m agenthn.bench.compare_evals
  # results/smol_stages/eval_M42_h200.json results/smol_gate/eval_v9_gate_h200.json`.
  eval_gate)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    python -m agenthn.cli.main eval internalize --model agenthn/checkpoints/smol --device cuda --n 100 \
      --json "${OUT:-/tmp/out}/eval_v9_gate_h200.json" 2>&1 | grep -v "Loading\|Warning" | tail -n 14 ;;
  # Read (session 30, 232 s): internalized 66/42/21/6%, paragraphs 44.4%, retention 69.1% (4 sets 66.7%);
  # gated 64/41/21/6%, 42.2%, 93.8% (4 sets 93.8%); the gate opened 0 of the 81 general questions (1 of
  # 324 over the sets): the 5 lost are the base's own bf16 greedy replies changing with the batch.
  # ---- session 31: the held-out eval with the sentence router (the `routed` cells), same machine kind
  eval_route)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    python -m agenthn.cli.main eval internalize --model agenthn/checkpoints/smol --device cuda --n 100 \
      --json "${OUT:-/tmp/out}/eval_v9_route_h200.json" 2>&1 | grep -v "Loading\|Warning" | tail -n 16 ;;
  # ---- session 34: the eval's copied cells with copying through anchors and word finishing
  # (agenthn.engine.copying), on the GPU as the routed row above. Read (results/smol_router/):
  # eval_v9_anchor_h200.json, anchors only (commit 7a9ea80): copied 78 / 72 / 57 / 62%, paragraphs
  # 62.2% (routed in the same run 67 / 62 / 42 / 50%, 57.8%); eval_v9_copy34_h200.json, both rules
  # with the lowercase-word guard: copied 78 / 72 / 60 / 63%, 64.4% (routed 68 / 61 / 43 / 50%, 57.8%).
  eval_copy34) copied_eval eval_v9_copy34_h200.json 100 facts,paragraphs ;;
  # ---- session 34, the last device minutes: the phrase rule (copying's `_next_word`) on the first 50
  # questions of each facts cell (fact_items(50, k) are fact_items(100, k)'s first 50), facts only.
  # Read: copied 41 / 35 / 34 / 33 of 50 where eval_copy34 read 41 / 35 / 32 / 32 on the same questions
  # (+0 / +0 / +2 / +1, none lost; the routed rows identical).
  eval_copy34b) copied_eval eval_v9_copy34b_n50_h200.json 50 facts ;;
  # ---- session 34: memory's needles at 1000 turns with copying through anchors and word finishing
  # (memory's defaults: no gate, copy_beta 0.05), the command of gate_memory's ungated run below.
  # Read: 86 of 100 (retrieval hit 98%; session 30's ungated run 83), results/smol_gate/.
  niah34) needles niah_smol_top1_copy34_1000x10_h200.json ;;
  # ---- session 35: the eval's copied cells with names kept as the source spells them, anchors that
  # reach a value named before them, and forced pieces found at any rank (agenthn.engine.copying).
  # Read: copied 89 / 80 / 65 / 66%, paragraphs 71.1% (routed in the same run 67 / 62 / 43 / 50%, 57.8%).
  eval_copy35) copied_eval eval_v9_copy35_h200.json 100 facts,paragraphs ;;
  # ---- session 35, after a new user's note showed "March " + "3" -> "March Theodora": a bare space an
  # anchored reply ends in no longer starts a name (the dev draws' 200 replies unchanged). eval_copy35
  # again on the final rule. Read: copied 89 / 80 / 64 / 66%, 71.1% (routed 67 / 63 / 43 / 50%, 57.8%).
  eval_copy35b) copied_eval eval_v9_copy35b_h200.json 100 facts,paragraphs ;;
  # ---- session 35: memory's needles at 1000 turns with session 35's copying, niah34's command, the
  # same warm machine. Read: 93 of 100 (retrieval hit 98%; niah34 86).
  niah35) needles niah_smol_top1_copy35_1000x10_h200.json ;;
  # The same after eval_copy35b, on the final rule. Read: 93 of 100 again.
  niah35b) needles niah_smol_top1_copy35b_1000x10_h200.json ;;
  # ---- session 40, after two stash calls (this one carries .gg/smol.part2 and .whl): memory's needles and the
  # eval's copied cells again with copying that reads the source's end as a line's end
  # (engine.copying.continuations; a value as the copy text's last word is kept whole).
  niah40) needles niah_smol_top1_copy40_1000x10_h200.json ;;
  eval_copy40) copied_eval eval_v9_copy40_h200.json 100 facts,paragraphs ;;
  # ---- session 41, after two stash calls: the needles again once `said()` drops only the questions that
  # end a line (session 39's re-ranking dropped every question; niah40 read 87 of 100).
  niah41) needles niah_smol_top1_said41_1000x10_h200.json ;;
  # ---- session 51, after two stash calls: the needles again once a reply reciting four words of its source
  # says the name the source says next (`copy_text.recited_name`); niah41 read 93 of 100 on an H200.
  niah51) needles niah_smol_top1_recite51_1000x10.json ;;
  # ---- session 30, the same warm machine: memory with and without the gate, needles at 1000 turns and
  # retention in use (run as two calls of 152 s and 163 s; the gate was then on by default and the flag
  # was --no-gate, the same two runs as these). Read: needles 79% gated, 83% not (retrieval hit 94 /
  # 98%); kept in use, top-1 92.9 / 91.7%, every segment 91.7 / 62.0%, no adapter 89.8%.
  gate_memory)
    . scripts/smol_device.sh env
    for g in --gate ""; do n=$([ -n "$g" ] && echo gate || echo nogate)
      timeout 280 python -m agenthn.cli.main bench niah --model smol --device cuda --turns 1000 \
        --conversations 10 --needles 10 --segment-turns 16 --calibration-repeat 1 --strategies memory-top1 \
        $g --plots '' --json "${OUT:-/tmp/out}/niah_smol_top1_${n}_1000x10_h200.json" 2>&1 | tail -4
      timeout 280 python -m agenthn.cli.main bench retention-in-use --model smol --device cuda $g \
        --json "${OUT:-/tmp/out}/retention_in_use_${n}_h200.json" 2>&1 | tail -6
    done ;;
  # compiled, M27 262): M30 64/43/18/5%, paragraphs 31.1%, retention 69.1% (4 other sets 67.6%, sd 4.1)
  # (eval_M30_h200.json, M30.jsonl); M27 (v8's recipe, no second head) read 64/42/14/4%, 31.1%, 69.1%:
  # only eight facts higher (+4 points, within noise at n=100). Value-token accuracy 0.647 over its last
  # five logs, M27 0.641. The head's width is not the limit either; the files (40.6 MB) would break the
  # 32 MiB a checkpoint may hold. Not shipped.
  # ---- session 17, call 4, the same machine: if M30 beats M27 on the eval, stage 31 continues it
  # (runs/M30 stays on the warm machine; INIT=DIR picks another start) at a lower rate.
  stage31) sentence_stage M31 "${INIT:-runs/M30}" 1,8 1.5e-4 32 330 --set hyper.value_coef=2 \
    --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace --set hyper.head_extra=128 ;;
  # Read (session 17, call 4, run since M30 led M27 at eight facts; 337 steps, median 308 documents/s):
  # M31 63/46/16/5%, paragraphs 26.7%, retention 64.2% (4 other sets 66.0%, sd 3.3) (eval_M31_h200.json):
  # value-token accuracy up to 0.667 (last five logs) on training documents, recall flat, paragraphs and
  # retention down. Not shipped. Device time this session: 1,164 of 1,800 s.
  # ---- session 16, calls 7-9 (the last 294 s of device time; a fresh machine, the GGUF stashed in calls
  # 7-8): stage 30's first 150 s without the eval, to see whether the second head moves the value-token
  # accuracy (val_acc) past v8's ~0.65 at all; compare with M27.jsonl (v8's recipe, the same start).
  stage30probe)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    PACK=m30p EVAL_N=0 bash scripts/smol_round.sh "M30p: --out runs/M30p --init agenthn/checkpoints/smol \
      --time-limit 150 --set hyper.n_facts=1,8 --set hyper.max_qas=4 --set hyper.lr=2e-4 --set hyper.seed=31 \
      --set hyper.kd_only_right=true --set hyper.retention_first_coef=1 --set hyper.sentence_answers=1 \
      --set hyper.ce_coef=3 --set hyper.kd_coef=1.5 --set hyper.log_every=10 --set hyper.value_coef=2 \
      --set hyper.kinds=facts,bio,chat,encyclopedia,rules,workplace --set hyper.head_extra=128" ;;
  # Read M30p (results/smol_stages/M30p.jsonl): 100 steps, all of them warm-up (the schedule fit to 150 s
  # puts the peak at the end); value-token accuracy 0.627 on average over steps 20-100, M27 0.627 over
  # the same steps: nothing either way yet. The steps ran a median 313 documents/s with real weights,
  # the norms compiled and the wider head, against M27's 256 (1.22x, as in the profile). Files 40.6 MB
  # in five shards (the largest 15.5 MiB). Device time this session: 1,752 of 1,800 s.
  # ---- session 33, one call (fresh machine; carry .gg/cfg only, the tree slimmed): every host-device sync
  # of a training step of the smol preset as it trains (compiled as train_hypernet compiles it), by line.
  syncs33)
    . scripts/smol_device.sh env
    mkdir -p "${OUT:-/tmp/out}/profile"
    PYTHONPATH=.:$PYTHONPATH python scripts/profile_hypernet_step.py .gg/cfg --syncs 2>&1 \
      | tee "${OUT:-/tmp/out}/profile/syncs.txt" | grep -v "Warning\|warn" | tail -n 60 ;;
  # Read (session 33, call 1, 84 s): 285 documents/s; 61 syncs over two steps: each collate's three
  # pageable copies (18), the encoder's ids and mask (8), boolean masks over GPU labels (12), the factor
  # gathers' index copies, the base's packed-sequence check (4), the logged numbers.
  # ---- session 33, one call (fresh machine; carry .gg/cfg and .gg/old, the package as committed before the
  # change, `git archive 3684978 agenthn` without checkpoints): the syncs and steps/s before and after taking
  # the syncs out of the step, back to back on one machine.
  # Read (session 33, calls 2-3, 131 s and 192 s): syncs over two steps 61 -> 5; documents/s 297 -> 330,
  # then 277 -> 323 with the loss at step 41 14.227628 / 14.227729; GPU busy 74% -> 85% of the wall.
  syncs33b)
    . scripts/smol_device.sh env
    mkdir -p "${OUT:-/tmp/out}/profile"
    for v in old new; do
      p=$([ $v = old ] && echo .gg/old || echo .)
      echo "== $v"; PYTHONPATH=$p:$PYTHONPATH python scripts/profile_hypernet_step.py .gg/cfg --syncs 2>&1 \
        | tee "${OUT:-/tmp/out}/profile/syncs_$v.txt" | grep -E "docs/s|syncs over|profiled|^ +[0-9]+  "
    done ;;
  # ---- session 33, one call (fresh machine; carry .gg/cfg): documents/s with the student and teacher rows
  # run in 1, 4 and 8 passes grouped by length (hyper.pass_buckets), the steps without their syncs.
  buckets33)
    . scripts/smol_device.sh env
    mkdir -p "${OUT:-/tmp/out}/profile"
    PYTHONPATH=.:$PYTHONPATH python scripts/profile_hypernet_step.py .gg/cfg --buckets "${BUCKETS:-1,4,8,1}" 2>&1 \
      | tee "${OUT:-/tmp/out}/profile/buckets.txt" | grep -E "docs/s" ;;
  # Read (session 33, call 5, 104 s, warm-up 4 steps): 1 pass 316 documents/s, 4 passes 294, 8 passes 180,
  # 1 pass again 381: more passes cost more kernel launches than their padding saved, and the first
  # reading was still warming up. Call 6: BUCKETS=1,2,1,2,1 with 8 warm-up steps: 309, 358, 373, 417, 361.
  # Call 7: BUCKETS=1,2,3,1,2,3: 348, 370, 281, 374, 385, 342. Two passes a few percent over one, within
  # the noise; three and more slower (each pass adds a full pass's kernel launches). The preset keeps 1.
  # ---- session 33, one call (warm or fresh machine; carry .gg/cfg): the rotary embedding alone at the step's
  # shapes (eager, compiled over [B, heads, T, D] as the preset does, compiled in the projections'
  # layout), then the whole step with the rotary compiled either way in turn.
  rotary33)
    . scripts/smol_device.sh env
    mkdir -p "${OUT:-/tmp/out}/profile"
    PYTHONPATH=.:$PYTHONPATH python scripts/bench_rotary.py 2>&1 | tee "${OUT:-/tmp/out}/profile/rotary.txt" \
      | grep -E "rows|Error"
    PYTHONPATH=.:$PYTHONPATH python scripts/profile_hypernet_step.py .gg/cfg --rotary-ab 2>&1 \
      | tee "${OUT:-/tmp/out}/profile/rotary_ab.txt" | grep -E "docs/s|Error" ;;
  # Read (session 33, call 8, 171 s, run when the projection layout was the preset's; the labels now name
  # the same two ways): the kernel alone, 256 rows x 512 tokens: eager 1,401 us, both compiled ways 466 us
  # (936 GB/s, a fifth of the H200's bandwidth; 64 x 60: 150 us either way, the compiled call's own cost);
  # the step: projection layout 281 (first reading, warming up) and 325, heads first 341 and 355
  # documents/s. The guess was wrong; the preset keeps the heads-first formula.
  # ---- session 36, one call (fresh machine; carry .gg/cfg, the tree slimmed): the student's and teacher's
  # rows packed end to end (hyper.packed: variable-length flash attention, grouped LoRA products) against
  # the padded pass: one batch's loss and gradient norm both ways, documents/s in turn, the packed step's
  # syncs and kernels.
  packed36)
    . scripts/smol_device.sh env
    mkdir -p "${OUT:-/tmp/out}/profile"
    PYTHONPATH=.:$PYTHONPATH python scripts/profile_hypernet_step.py .gg/cfg --packed --out "${OUT:-/tmp/out}/profile" \
      2>&1 | tee "${OUT:-/tmp/out}/profile/packed.txt" | grep -E "docs/s|packed=|syncs over|profiled|^ +[0-9]+  |Error" ;;
  # Read (session 36, call 2, 127 s; results/smol_stages/profile_s36): loss 14.529666 and gradient norm
  # 0.537177 both ways; padded 323, packed 538, padded 374, packed 542 documents/s; 5 syncs over two steps
  # (the encoder's 4); GPU busy 87%, 21,050 launches over three steps. Call 1 (profile_s36/first) ran the
  # grouped adapter products' fallback, one product per row (the factors were float32, the kernel takes
  # bfloat16): 81 and 73 documents/s, 364,364 launches; the hook now casts them to the base's dtype.
  # ---- session 36, the three GGUF-part calls (call 3 carries .gg/smol.part2 and .whl): the same with the real
  # weights, as training logs it: v9's own recipe (stage 42's settings) from the shipped v9 for 100 s padded,
  # then 100 s packed, the same seed and data; documents/s and losses from each run's metrics.jsonl.
  packed36b)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    mkdir -p runs "${OUT:-/tmp/out}"
    for packed in false true; do
      python -m agenthn.cli.main train hypernet --preset smol --base smol --device cuda \
        --init agenthn/checkpoints/smol --out "runs/K$packed" --time-limit "${LIMIT:-210}" "${RECIPE_SETS[@]}" \
        --set hyper.packed=$packed > "runs/K$packed.log" 2>&1
      cp "runs/K$packed/metrics.jsonl" "${OUT:-/tmp/out}/K36_packed_$packed.jsonl"
      tail -n 3 "runs/K$packed.log"
    done ;;
  # Read (session 36, call 5, 452 s; results/smol_stages/K36_packed_*.jsonl): padded 180 steps, median 332
  # documents/s; packed 187 steps, median 371 (1.12x, against 1.45-1.67x in the random-weight profile of the
  # preset); the two runs' logged losses agree to the third decimal at every logged step. The recipe's step
  # is heavier than the profiled preset's (0.66-0.70 s packed against 0.47 s) for reasons not yet measured:
  # next, `recipe37` profiles the recipe itself on fresh documents.
  # ---- next (not run): the packed step's time with stage 42's recipe, fresh documents (n_docs as training
  # has them, so each step tokenizes its own), carry .gg/cfg.
  # recipe37 read (session 37, results/smol_stages/profile_s37/recipe.txt): eager (this mode does not
  # compile), 332 documents/s, phases with syncs: tokenizing and collating 0.13 s of a 0.77 s step, GPU
  # 59% busy. prefetch37 read (profile_s37/prefetch37.txt): the preset's compiles, host work made when
  # asked 531 / 556 / 557 documents/s (0.46-0.48 s a step), made ahead on a thread 523 / 501 / 533, fresh
  # documents every run: no gain, since with no sync before the backward the host already tokenizes the
  # next batch while the GPU runs this one. The recipe's step on random weights is the preset's (0.47 s),
  # so the real-weights run's 0.66-0.70 s is not the recipe's documents. GPU time by line: not recorded
  # (the profiler keeps no stacks without its verbose setting; fixed after).
  # (prefetch37 ran at commit f9a4c0c: `--prefetch` and passes.Prefetch were removed after it.)
  # lines37 (the preset on fresh documents three times, then GPU time by source line): not run as such;
  # real37 ran it with the real weights.
  # real37: the same with the base's own weights (carry .gg/smol.part2 and .whl after two stash calls).
  # Read (session 37, profile_s37/real37.txt): 445 / 440 / 458 documents/s (0.56-0.58 s a step) against
  # random weights' 531-557, with the same GPU time (869 ms over two profiled steps against 888): the
  # host waits longer. Retention replies are shorter (31.3 targets against 48), tokenizers time the
  # same here. real37b: the same steps without the line profile, the allocator's counts printed, with
  # PyTorch's default allocator and then with expandable segments (no cudaFree when shapes change).
  # Read (profile_s37/real37b*.txt): default 439 / 437 / 458 documents/s, no allocator retries, 0-2
  # cudaMalloc and no cudaFree over 12 steps: the allocator is not the wait; expandable segments slower
  # (349 / 335 / 393). Why the real weights' step waits ~0.1 s longer on the host is still not known.
  # hypernorms37: the hypernetwork's RMSNorms eager / compiled in turn (random weights, carry .gg/cfg).
  # Read (profile_s37/hypernorms37.txt): eager / compiled 349 / 362, 395 / 431, 430 / 489 documents/s:
  # each pair favours compiled, but the machine's numbers climbed all through the call (warm-up 364
  # against prefetch37's 435), so hyper.compile_hyper_norms stays off until a steadier repeat.
  # ---- next (not run): hypernorms38, the same call, now ending with 16 step pairs timed interleaved
  # (A B B A ..., each step synced), which a drifting machine cannot favour.
  recipe37|prefetch37|lines37|real37|real37b|hypernorms37|hypernorms38)
    if [ "$call" = real37 ] || [ "$call" = real37b ]; then bash scripts/smol_device.sh setup; fi
    . scripts/smol_device.sh env
    mkdir -p "${OUT:-/tmp/out}/profile"
    mode=(); [ "$call" = prefetch37 ] && mode=(--prefetch); [ "$call" = lines37 ] && mode=(--lines)
    [ "$call" = real37 ] && mode=(--lines --real)
    [ "$call" = real37b ] && mode=(--fresh --real)
    [ "$call" = hypernorms37 ] || [ "$call" = hypernorms38 ] && mode=(--hyper-norms)
    PYTHONPATH=.:$PYTHONPATH python scripts/profile_hypernet_step.py .gg/cfg "${PROFILE_SETS[@]}" "${mode[@]}" \
      --out "${OUT:-/tmp/out}/profile" 2>&1 | tee "${OUT:-/tmp/out}/profile/$call.txt" \
      | grep -E "docs/s|^  [a-z]|^ +[0-9.]+ ms|phases|profiled|by source|^step|Error"
    if [ "$call" = real37b ]; then
      PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True PYTHONPATH=.:$PYTHONPATH python \
        scripts/profile_hypernet_step.py .gg/cfg "${PROFILE_SETS[@]}" "${mode[@]}" --out "${OUT:-/tmp/out}/profile" 2>&1 \
        | tee "${OUT:-/tmp/out}/profile/${call}_expandable.txt" | grep -E "docs/s|^step|Error"
    fi ;;
  # ---- session 38, after the two stash calls (this one carries .gg/smol.part2 and .whl): the profile-edit
  # task adapter v4 candidate, from the shipped v3 on turns that now also say where a job is done ("I work as
  # a glassblower in Tromso": job and city; v3 filed the city as the employer), measured on both hand-written
  # sets. Ship it only if F1 holds.
  padapter38|padapter38b)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    p=P38; [ "$call" = padapter38b ] && p=P38b
    mkdir -p runs "${OUT:-/tmp/out}/$p"
    PROFILE_LR=2e-4 PROFILE_SEED=4 PROFILE_TIME_LIMIT="${LIMIT:-240}" bash scripts/train_profile_smol.sh --gpu3 \
      "runs/$p" > "runs/$p.log" 2>&1 || { tail -n 30 "runs/$p.log"; exit 1; }
    python -m agenthn.cli.main eval profile --model smol --device cuda --adapter "runs/$p" \
      --turns agenthn/bench/data/profile_turns_b.jsonl --json "runs/$p/eval_b.json" >> "runs/$p.log" 2>&1
    cp "runs/$p"/adapter_model.safetensors "runs/$p"/*.json "runs/$p.log" "${OUT:-/tmp/out}/$p/"
    grep -E "gold edits" "runs/$p.log" | tail -n 2 ;;
  # Read (session 38, call 3, 357 s; runs/P38 not shipped): F1 0.857 on the 78 turns, 0.712 on the 32 (the
  # 2-core CPU: 0.855 and 0.712; v3 0.855 and 0.703), but "I work as a glassblower in Tromso" alone was
  # already right with v3: what v3 (and P38) get wrong is such a pair inside a longer turn, which drops
  # the city. padapter38b: the same from v3 with turns that put a two-fact sentence among other facts
  # (`world.profile_edits._pair_among`).
  # ---- session 40, after the two stash calls (this one carries .gg/smol.part2 and .whl): profile-edit
  # adapter v4 candidate P40 from the shipped v3, on turns that now also correct a name filed under the
  # wrong kind of pet or relative ("Pickle is actually a tortoise, not a cat." -> REMOVE cat name, ADD
  # tortoise name: Pickle; `world.profile_compound.reclassified`, 2% of turns) besides padapter38b's; then
  # eval on the three hand-written sets (c: 16 turns written before it, 8 such corrections, v3 0 of 8).
  # SEED / LR / PNAME pick a variant on the next warm call (P40b: SEED=6 LR=3e-4).
  padapter40) profile_candidate "${PNAME:-P40}" "${SEED:-5}" "${LR:-2e-4}" b c ;;
  # ---- session 41, after the two stash calls: profile-edit adapter v5 candidate P41 from the shipped v4,
  # on turns that now also say a job as what one does ("I teach yoga" -> job: yoga teacher,
  # `world.profile_compound.job_said`, 4%) and small talk about a relative the profile names (no edit,
  # `kin_talk`, 4%); then eval on the hand-written sets b, c and d (d: 20 turns written before it, v4
  # F1 0.545). PNAME / SEED / LR pick a variant on the next warm call (P41b: SEED=8 LR=3e-4).
  padapter41) profile_candidate "${PNAME:-P41}" "${SEED:-7}" "${LR:-2e-4}" b c d ;;
  # The same call once more from the shipped v5 (P41): turns that say such a job with where ("I teach art
  # at a college in Leipzig." -> job, city; `profile_compound.job_where`, 3%) and what one does that is no
  # job (`job_not`, 2%), then eval on sets b-e (e: 14 turns written before it, v5 F1 0.619).
  padapter41c) profile_candidate "${PNAME:-P41c}" "${SEED:-9}" "${LR:-2e-4}" b c d e ;;
  # ---- session 51, after the two stash calls: profile-edit adapter v6 candidate P51 from the shipped v5,
  # on turns that now also give a relative's job and where in one clause ("... is a dentist in Stockholm"),
  # twins with their age, and what one collects (`world.profile_compound`, v6); eval on sets b-e.
  padapter51) profile_candidate "${PNAME:-P51}" "${SEED:-11}" "${LR:-2e-4}" b c d e ;;
  # ---- session 38, the next call on the warm machine (the GGUF is in place; carry nothing): the training
  # loop itself under scripts/profile_training.py (v9's recipe from the shipped v9, as packed36b), then the
  # real weights against random ones swapped into one model, and the hypernetwork's norms eager / compiled
  # on the real weights, each interleaved step by step.
  loop38)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    mkdir -p runs "${OUT:-/tmp/out}/profile"
    recipe_loop runs/L38 "${OUT:-/tmp/out}/profile/loop38.txt"
    cp runs/L38/metrics.jsonl "${OUT:-/tmp/out}/profile/L38.jsonl"
    PYTHONPATH=.:$PYTHONPATH python scripts/profile_hypernet_step.py .gg/cfg "${PROFILE_SETS[@]}" --real --weights-ab \
      --hyper-norms --out "${OUT:-/tmp/out}/profile" 2>&1 | tee "${OUT:-/tmp/out}/profile/weights38.txt" \
      | grep -E "docs/s|Error" ;;
  # ---- session 38, the call after padapter38b on the warm machine (carry nothing): the training loop again
  # (the preset now compiles the hypernetwork's norms; the encoder unmasked), then the encoder's passes
  # unmasked against transformers' mask path, interleaved, on the real weights.
  loop38b)
    . scripts/smol_device.sh env
    mkdir -p runs "${OUT:-/tmp/out}/profile"
    recipe_loop runs/L38b "${OUT:-/tmp/out}/profile/loop38b.txt"
    cp runs/L38b/metrics.jsonl "${OUT:-/tmp/out}/profile/L38b.jsonl"
    PYTHONPATH=.:$PYTHONPATH python scripts/profile_hypernet_step.py .gg/cfg "${PROFILE_SETS[@]}" --real --encoder-ab \
      --out "${OUT:-/tmp/out}/profile" 2>&1 | tee "${OUT:-/tmp/out}/profile/encoder38.txt" | grep -E "docs/s|Error" ;;
  # Read (session 38, calls 3-4; results/smol_stages/profile_s38/): padapter38b F1 0.884 on the 78 turns and
  # 0.740 on the 32 (H200). loop38b: the loop 415 documents/s by step intervals (logged 419), the encoder's
  # two syncs gone (3 over two steps, the log's and one in the optimiser's step), but this machine ran
  # slower all through (the step profile's warm-up 418 as loop38's 419; in turn: mask check 346,
  # unmasked 404; interleaved 430 / 438). The loop's kernel launches over the profiled steps 21,043 ->
  # 25,105, not explained. Next: each change switched inside one training run (toggles38).
  # ---- session 38, after two stash calls (this one carries .gg/smol.part2 and .whl): the recipe's training
  # loop with the hypernetwork's compiled norms switched off and on in blocks of 10 steps (A B B A ...);
  # then (TOGGLE2=1, the next call on the warm machine) the encoder's passes unmasked / mask path.
  toggles38)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    mkdir -p runs "${OUT:-/tmp/out}/profile"
    what=hyper-norms; [ -n "${TOGGLE2:-}" ] && what=encoder-mask
    recipe_loop "runs/T38_$what" "${OUT:-/tmp/out}/profile/toggle38_$what.txt" --toggle "$what" --every 10 \
      --profile 0:0 --syncs 0:0
    cp "runs/T38_$what/metrics.jsonl" "${OUT:-/tmp/out}/profile/T38_$what.jsonl" ;;
  # Read (session 39, one H200, LIMIT=450 / 430: data and compiling take the first ~75-140 s of the limit;
  # results/smol_stages/profile_s39/): the loop 446 / 458 documents/s by step intervals (logged the
  # same), with the variant limit at 64. Blocks of 10 steps: the hypernetwork's norms eager 447, compiled
  # 445 (on/off 0.997, 30 blocks each); the encoder's passes through the mask path 467, unmasked 457
  # (0.979, 23 / 24 blocks). Block to block the rate spans 330-590 either way: neither change moves the
  # training loop, whatever the step profile read.
  # ---- session 42 (a fresh machine: two stash calls, then this one carries .gg/smol.part2 and .whl): what
  # the distillation pass costs the training loop. v9's recipe from the shipped v9 with the teacher's pass
  # (the base reading the document once per question, the recipe's largest forward) dropped and kept in
  # blocks of 10 steps, A B B A ...; the dropped steps train on cross-entropy and retention alone.
  teacher42)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    mkdir -p runs "${OUT:-/tmp/out}/profile"
    what=teacher; [ -n "${TOGGLE2:-}" ] && what=retention-half  # the next call: half the retention rows
    LIMIT="${LIMIT:-330}" recipe_loop "runs/T42_$what" "${OUT:-/tmp/out}/profile/${what}42.txt" --toggle "$what" \
      --every 10 --profile 0:0 --syncs 0:0 ;;
  # ---- session 42, the call after teacher42's two (warm machine, carry nothing): the same loop at a larger
  # batch (BATCH, default 512): packed passes launch as many kernels for 512 rows as for 256.
  batch42)
    . scripts/smol_device.sh env
    mkdir -p runs "${OUT:-/tmp/out}/profile"
    EXTRA_SETS="--set hyper.batch=${BATCH:-512}" LIMIT="${LIMIT:-330}" recipe_loop "runs/B42_${BATCH:-512}" "${OUT:-/tmp/out}/profile/batch42_${BATCH:-512}.txt" \
      --profile 40:42 --syncs 0:0 ;;
  # ---- session 42, after two stash calls (this one carries .gg/smol.part2 and .whl): the eval's routed and
  # copied cells with the router refitted with profiles among its documents (`agenthn train router --model
  # smol --device cpu --docs 800 --kinds facts,bio,chat,profile`, 2-core CPU, 578 s), as eval_copy40.
  eval_copy42) copied_eval eval_v9_copy42_router_h200.json 100 facts,paragraphs ;;
  # Read (session 42, one H200, the same machine for all three calls; results/smol_stages/profile_s42/):
  # teacher42 553 documents/s by step interval (399 steps), blocks of 10: with the teacher 531, without it
  # 579 (on/off 1.089, 18 blocks each); TOGGLE2=1 493 (484 steps), half the retention rows 488 against all
  # 493 (0.989, 22-23 blocks); batch42 at batch 512: 566 documents/s (250 steps, logged 542), the GPU's
  # kernels 0.67 s a step of 512 documents over two profiled steps (so at most ~765 documents/s while the
  # kernels stay as they are), 17,932 launches. Neither pass nor the batch moves the loop towards 1,500.
  # ---- session 43, after two stash calls (this one carries .gg/smol.part2 and .whl): the recipe's training
  # loop with the hypernetwork's whole Perceiver forward compiled (one torch.compile, dynamic shapes) against
  # its eager forward with only its norms compiled, switched in blocks of 10 steps (A B B A ...).
  perceiver43)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    mkdir -p runs "${OUT:-/tmp/out}/profile"
    LIMIT="${LIMIT:-420}" recipe_loop "runs/T43_perceiver" "${OUT:-/tmp/out}/profile/perceiver43.txt" \
      --toggle perceiver --every 10 --profile 0:0 --syncs 0:0 ;;
  # Read (session 43, one H200, results/smol_stages/profile_s43/perceiver43.txt; the first call stopped at
  # the parser, which imported pydantic for serve's --help, since built only when shown): the loop 620
  # documents/s by step interval (256 steps, logged 582); blocks of 10: eager 594, compiled 596 (on/off 1.003,
  # 11 blocks each; two of the compiled blocks, 37 and 119, were compiling). No gain: not made a preset flag.
  # ---- session 44, after two stash calls (this one carries .gg/smol.part2 and .whl): one packed pass of
  # the smol base through its modules and hooks against the written-out decoder layer compiled once
  # (hyper.compiled_layers, agenthn/train/fastpass.py): GPU and host milliseconds, and how far apart.
  # Session 45 added the encoder's features pass (the chunks packed through the same layer) to both.
  layers44)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    mkdir -p "${OUT:-/tmp/out}/profile"
    python scripts/bench_fastpass.py --reps 10 2>&1 | grep -v "^W\|Warning" | tee "${OUT:-/tmp/out}/profile/fastpass44.txt" ;;
  # The next call on the warm machine (carry nothing): v9's recipe with the compiled layer switched on and
  # off in blocks of 10 steps (A B B A ...), as perceiver43.
  layers44b)
    . scripts/smol_device.sh env
    mkdir -p runs "${OUT:-/tmp/out}/profile"
    LIMIT="${LIMIT:-420}" recipe_loop "runs/T44_layers" "${OUT:-/tmp/out}/profile/layers44.txt" \
      --toggle compiled-layers --every 10 --profile 0:0 --syncs 0:0 ;;
  # Session 46, the next call on the warm machine: v9's recipe with the compiled layer on for every step
  # (layers44b had 788 documents/s in its "on" blocks against 608 off, 1.30x)
  layers46)
    . scripts/smol_device.sh env
    mkdir -p runs "${OUT:-/tmp/out}/profile"
    LIMIT="${LIMIT:-300}" EXTRA_SETS="--set hyper.compiled_layers=true" recipe_loop "runs/T46_layers" \
      "${OUT:-/tmp/out}/profile/layers46.txt" --profile 0:0 --syncs 0:0 ;;
  # Session 46, a fresh machine's third call (as layers44): the two ways of one pass again, now with each
  # way run twice, so their bfloat16 difference can be read against each way's own run-to-run noise
  fastpass46)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    mkdir -p "${OUT:-/tmp/out}/profile"
    python scripts/bench_fastpass.py --reps 5 2>&1 | grep -v "^W\|Warning" | tee "${OUT:-/tmp/out}/profile/fastpass46.txt" ;;
  # Session 47, a fresh machine's third call: the same with each way read against the student's pass in
  # float32 (--reference), so the default of hyper.compiled_layers can follow the way nearer it
  fastpass47)
    bash scripts/smol_device.sh setup && . scripts/smol_device.sh env
    mkdir -p "${OUT:-/tmp/out}/profile"
    python scripts/bench_fastpass.py --reps 5 --reference 2>&1 | grep -v "^W\|Warning" \
      | tee "${OUT:-/tmp/out}/profile/fastpass47.txt" ;;
  # The next call on the warm machine: where the loop's 0.36 s a step goes with the compiled layer on
  # (layers46's 711 documents/s): GPU busy share, idle gaps and the host's and GPU's top operators over
  # three steps. batch47, the call after: the same with 512 documents a step (v9's recipe has 256), the
  # host's share of each step (profile47: 54% GPU busy under the profiler) spread over twice the work.
  profile47|batch47)
    . scripts/smol_device.sh env
    mkdir -p runs "${OUT:-/tmp/out}/profile"
    sets="--set hyper.compiled_layers=true" steps=80:83
    [ "$call" = batch47 ] && sets="$sets --set hyper.batch=512" steps=40:42
    LIMIT="${LIMIT:-150}" EXTRA_SETS="$sets" recipe_loop "runs/T47_$call" "${OUT:-/tmp/out}/profile/$call.txt" \
      --profile "$steps" --syncs 0:0 ;;
  # Session 47, a fresh machine's third call and the next one (TOGGLE2=1, warm, carry nothing): session 42's
  # recipe toggles again, now that the compiled layer (on in the preset) leaves the step bound by the GPU's
  # own work: without the distillation pass, then with half the retention rows, in blocks of 10 steps.
  # Run in session 49 on one H100: 1.17x and 1.03x (results/smol_stages/profile_s49/).
  toggles47)
    [ -n "${TOGGLE2:-}" ] || bash scripts/smol_device.sh setup
    . scripts/smol_device.sh env
    mkdir -p runs "${OUT:-/tmp/out}/profile"
    what=teacher; [ -n "${TOGGLE2:-}" ] && what=retention-half
    LIMIT="${LIMIT:-200}" recipe_loop "runs/T47_$what" "${OUT:-/tmp/out}/profile/${what}47.txt" --toggle "$what" \
      --every 10 --profile 0:0 --syncs 0:0 ;;
  *) echo "usage: $0 round1|stage1|stage2|stage3|stage4|probe5|profile8|stage6|stage7|stage8|profile9|stage9|stage10|scale9|stage11|stage12|stage13|stage14|stage15|stash15|stage16|stage17|stage18|stage19|stage20|stage21|stage22|stage23|stage24|stage25|stage26|stage27|stage28|stage29|profile16|stage30|stage30probe|stage31|profile17|profile17b|stage32|stage33|eval_v8|stage34|gap34|stage35|stage36|probe36|probe37|stage37|stage38|soup38|eval_v8_cpu|soups|stage39|soups39|eval_sets|stage40|stage41|stage42|stage43|stage44|stage45|stage46|stage47|stage48|stage49|stage50|stage51|stage52|stage53|long53|improve26|niah26|check48|eval_gate|eval_route|eval_copy34|eval_copy34b|niah34|eval_copy35|eval_copy35b|niah35|niah35b|niah40|niah51|eval_copy40|gate_memory|syncs33|syncs33b|buckets33|rotary33|packed36|packed36b|recipe37|prefetch37|lines37|real37|real37b|hypernorms37|hypernorms38|padapter38|padapter38b|padapter40|padapter51|loop38|loop38b|toggles38|teacher42|batch42|eval_copy42|perceiver43|layers44|layers44b|layers46|fastpass46|fastpass47|profile47|batch47|toggles47 (each the command of one device call, run there)"; exit 2 ;;
esac
