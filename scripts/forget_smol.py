"""Forgetting and export on smol, as a user would try them: `agenthn serve --model smol` on a fresh
data directory, two facts taught (the profile and one conversation's memory), asked in a new
conversation through the `openai` client; the user's data exported (`GET /api/export`); one fact
forgotten (its profile fact and the turn that told it) and both asked again; then the export
imported into another data directory (`agenthn import`), served, and asked again.

    python scripts/forget_smol.py --json results/forget_smol.json

Prints each answer and writes them with the timings; the README's "Forgetting and keys" quotes it.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time

import httpx
from openai import OpenAI

FACTS = {"locker code": ("My locker code is 4821.", "What is my locker code?", "4821"),
         "pet name": ("My pet is called Zorbo.", "What is my pet called?", "Zorbo")}


def start(data: str, port: int, admin: str) -> subprocess.Popen:
    env = {**os.environ, "AGENTHN_ADMIN_KEY": admin}
    proc = subprocess.Popen([sys.executable, "-m", "agenthn.cli.main", "serve", "--model", "smol",
                             "--data-dir", data, "--port", str(port)], env=env)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not start in 300 s")


def ask_all(client: OpenAI) -> dict:
    """Each question in a conversation of its own: nothing about the user in the prompt."""
    out = {}
    for key, (_, question, _) in FACTS.items():
        r = client.chat.completions.create(model="agenthn", max_tokens=12, temperature=0,
                                           messages=[{"role": "user", "content": question}],
                                           extra_body={"agenthn": {"profile": True}})
        out[key] = r.choices[0].message.content
    return out


def teach(base: str, auth: dict) -> None:
    for key, (statement, _, value) in FACTS.items():
        httpx.post(f"{base}/api/profile/edits", headers=auth, timeout=120,
                   json={"op": "ADD", "key": key, "value": value}).raise_for_status()
        body = {"message": statement, "conversation_id": "facts", "max_tokens": 8}
        with httpx.stream("POST", f"{base}/api/chat", json=body, headers=auth, timeout=300) as r:
            "".join(r.iter_text())
    httpx.post(f"{base}/api/profile/refresh", headers=auth, timeout=300).raise_for_status()


def forget(base: str, auth: dict, key: str) -> dict:
    t = time.perf_counter()
    fact = httpx.delete(f"{base}/api/profile/facts/{key}", headers=auth, timeout=300).json()
    turn = httpx.delete(f"{base}/api/conversations/facts/turns/0", headers=auth, timeout=300).json()
    return {"seconds": round(time.perf_counter() - t, 2), "fact": fact.get("rebuilt_profile"),
            "turn_rebuilt_segments": turn.get("rebuilt_segments")}


def imported(archive: str, port: int, admin: str) -> dict:
    """The archive restored into a new data directory, served, and asked the same questions."""
    with tempfile.TemporaryDirectory() as data:
        cmd = [sys.executable, "-m", "agenthn.cli.main", "import", archive, "--data-dir", data,
               "--model", "smol"]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        key = json.loads(done.stdout)["api_key"]
        proc = start(data, port, admin)
        try:
            return ask_all(OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=key))
        finally:
            proc.terminate()
            proc.wait(30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--json", dest="json_out", default=None)
    args = ap.parse_args()
    admin, base = "ahn-" + secrets.token_urlsafe(16), f"http://127.0.0.1:{args.port}"
    with tempfile.TemporaryDirectory() as data:
        proc = start(data, args.port, admin)
        try:
            user = httpx.post(f"{base}/admin/users", json={"name": "tam"}, timeout=30,
                              headers={"Authorization": f"Bearer {admin}"}).json()
            auth = {"Authorization": f"Bearer {user['api_key']}"}
            client = OpenAI(base_url=f"{base}/v1", api_key=user["api_key"])
            teach(base, auth)
            result = {"before": ask_all(client)}
            archive = os.path.join(data, "export.zip")
            with open(archive, "wb") as f:
                f.write(httpx.get(f"{base}/api/export", headers=auth, timeout=300).content)
            result["forget"] = forget(base, auth, "locker code")
            result["after"] = ask_all(client)
        finally:
            proc.terminate()
            proc.wait(30)
        result["imported"] = imported(archive, args.port, admin)
    result["expected"] = {k: v[2] for k, v in FACTS.items()}
    print(json.dumps(result, indent=2))
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
