"""The self-improvement route on smol, as a user of the server runs it: a real server on loopback,
`POST /api/improve` with the built-in English set (2 workplaces, 2 rounds), and the events that say what
was kept: each round's accuracy, the notes added, drafts rejected and items dropped.

    python scripts/improve_route_smol.py
"""

from __future__ import annotations

import json
import tempfile

import httpx

import agenthn
from agenthn.server.app import create_app
from agenthn.server.config import ServerConfig
from agenthn.server.launch import ServerThread

ADMIN = "improve-demo-admin"
SHOWN = ("round_done", "note_edit", "note_rejected", "note_item_dropped", "rolled_back")


def main() -> None:
    model = agenthn.load("smol", device="cpu")
    config = ServerConfig(model="smol", data_dir=tempfile.mkdtemp(), admin_key=ADMIN)
    with ServerThread(create_app(config, model=model)) as srv:
        r = httpx.post(srv.url + "/admin/users", json={"name": "ann"},
                       headers={"Authorization": f"Bearer {ADMIN}"})
        key = r.json()["api_key"]
        with httpx.stream("POST", srv.url + "/api/improve", json={"rounds": 2, "builtin_entities": 2},
                          headers={"Authorization": f"Bearer {key}"}, timeout=1200) as r:
            for line in r.iter_lines():
                if line.startswith("data: "):
                    event = json.loads(line[6:])
                    if event["type"] in SHOWN:
                        print(json.dumps(event)[:300], flush=True)


if __name__ == "__main__":
    main()
