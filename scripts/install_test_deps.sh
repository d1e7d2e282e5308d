#!/usr/bin/env bash
# Extra test dependencies of the server tests: Debian's chromium for the browser test (driven by
# Playwright's Python API with the system executable, so no browser download is needed), Playwright
# itself and schemathesis for the schema fuzz run. `--no-install-recommends`: only what chromium depends on,
# not the packages its dependencies merely recommend (desktop extras the headless test never uses).
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends chromium
fi
python3 -m pip install -q --disable-pip-version-check "playwright>=1.40" "schemathesis>=4"
