"""Hardening found by trying AgentHN as a new user would (issue 18, "Hardening").

Everything here runs over real HTTP on loopback against the shipped `tiny` model and a real SQLite
store, with the stock `openai` client where the route is OpenAI's.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# ---- test dependencies ---------------------------------------------------------------------------
def test_install_test_deps_installs_chromium_without_recommends():
    script = (ROOT / "scripts/install_test_deps.sh").read_text()
    installs = [ln for ln in script.splitlines() if re.search(r"apt-get install\b", ln)]
    assert installs, "the script no longer installs chromium with apt-get"
    for line in installs:
        assert "--no-install-recommends" in line, line
