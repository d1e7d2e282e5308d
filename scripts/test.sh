#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine, then run it.
#   bash scripts/test.sh            # the whole suite (CI runs exactly this)
#   bash scripts/test.sh -k engine  # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q --disable-pip-version-check -e '.[test]'
if [ -f scripts/install_test_deps.sh ]; then bash scripts/install_test_deps.sh; fi
exec python3 -m pytest -p no:warnings --durations=15 "$@"
