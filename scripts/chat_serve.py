"""Play hand-written plain-English chats against a real `agenthn serve` through the stock `openai` client,
and score the answers to the questions about what the user said.

    python scripts/chat_serve.py [--conversations FILE] [--model smol] [--data-dir DIR] [--json OUT]

It starts `python -m agenthn.cli.main serve --model MODEL --port PORT --data-dir DIR` on 127.0.0.1 (a
free port; a fresh temporary data dir unless --data-dir), waits for GET /health, and always stops it at
the end (also on Ctrl-C or an error). The server's admin key is set through AGENTHN_ADMIN_KEY; with it
each conversation's "user" gets its own user and API key (POST /admin/users), and that key, sent as
`Authorization: Bearer` (the client's api_key), is what identifies the user: the OpenAI `user` field is
ignored by the server.

Each turn is one `chat.completions.create` call carrying AgentHN's options in the `agenthn` body field
(`extra_body={"agenthn": {...}}`), as the web UI's chat sends them with "learn profile" ticked:
memory on (the server keeps the conversation under `conversation_id`, one per conversation, so a request
carries only the new user message), profile on (the user's profile adapter is applied), learn_profile on
(each user turn is read for profile edits once it is answered). --no-memory sends the whole history
instead (the turns are still logged under the conversation id). A turn's optional "expect" lists
words of which one must be a word of the reply (case-insensitively; "vet*" may go on, as in
"veterinarian") for it to be RIGHT, and its optional "forbid" words of which none may.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import shutil
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import openai

from agenthn.bench import common
from agenthn.server.launch import ServerProcess

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "agenthn/bench/data/serve_chat_en.json"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--conversations", default=str(DEFAULT_FILE), metavar="FILE",
                   help='JSON {"conversations": [{"user", "turns": [{"say", "expect"?, "forbid"?}]}]} '
                        "(default: agenthn/bench/data/serve_chat_en.json)")
    p.add_argument("--model", default="smol", help="passed to `agenthn serve --model` (default smol)")
    p.add_argument("--data-dir", default=None, metavar="DIR",
                   help="data dir to use and keep (default: a fresh temporary one, deleted at the end)")
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT",
                   help="write the run (transcript, score, wall time, machine) as JSON to OUT")
    p.add_argument("--max-tokens", type=int, default=None, metavar="N",
                   help="new tokens per reply (default: not sent, so the server's default, 64)")
    p.add_argument("--no-memory", action="store_true",
                   help="memory off: send the whole conversation each turn instead of only the new message")
    p.add_argument("--no-learn-profile", action="store_true", help="learn_profile off: no profile edits")
    p.add_argument("--rescore", default=None, metavar="RUN",
                   help="start nothing: score a saved --json RUN again against --conversations (its "
                        "expect / forbid words may have changed) and write it back")
    p.add_argument("--only", default=None, metavar="USER", help="play only the conversation of this user")
    p.add_argument("--start-timeout", type=float, default=600.0, metavar="S",
                   help="seconds to wait for the server to become healthy (default 600; the first load of "
                        "smol converts the model)")
    return p.parse_args(argv)


def start_server(model: str, data_dir: str, admin_key: str, log_path: Path,
                 timeout_s: float) -> ServerProcess:
    """The child server, healthy; SystemExit with the last lines of its log if it dies or stalls."""
    server = ServerProcess(["--model", model, "--data-dir", data_dir],
                           env={"AGENTHN_ADMIN_KEY": admin_key}, log_path=log_path)
    print(f"starting: {' '.join(server.cmd[1:])} (log: {log_path})", flush=True)
    try:
        server.start(timeout_s=timeout_s)
    except (RuntimeError, TimeoutError) as e:
        server.stop()
        raise SystemExit(f"the server did not come up: {e}\n--- last lines of its log ---\n"
                         f"{log_tail(log_path)}") from None
    return server


def log_tail(log_path: Path, lines: int = 25) -> str:
    if not log_path.exists():
        return "(no log)"
    return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])


def create_user(url: str, admin_key: str, name: str) -> str:
    """A new server user for `name` (a suffix when the name is taken in a kept data dir); its API key."""
    for attempt in range(5):
        wanted = name if attempt == 0 else f"{name}-{uuid.uuid4().hex[:6]}"
        r = httpx.post(url + "/admin/users", json={"name": wanted},
                       headers={"Authorization": f"Bearer {admin_key}"}, timeout=30)
        if r.status_code != 409:
            r.raise_for_status()
            return r.json()["api_key"]
    raise RuntimeError(f"could not create a user named like {name!r}")


def is_right(reply: str, expect: list[str], forbid: list[str] | None = None) -> bool:
    """Some expected word is a word of the reply and no forbidden one is, case-insensitively ("Sam" is
    not in "Samor"); a trailing "*" lets the word go on ("vet*" in "veterinarian", not in "Sveta").
    A forbidden word catches a right value said wrongly: "Your favourite food is olives." to "What food
    do I dislike?"."""
    def said(x: str) -> bool:
        word = re.escape(x.lower().rstrip("*")) + ("" if x.endswith("*") else r"\b")
        return re.search(r"\b" + word, reply.lower()) is not None
    return any(map(said, expect)) and not any(map(said, forbid or []))


def ask(client: openai.OpenAI, model_id: str, messages: list[dict], options: dict, max_tokens: int | None):
    """One completion; (reply text, adapters the server applied, seconds)."""
    t0 = time.perf_counter()
    limit = {"max_tokens": max_tokens} if max_tokens else {}
    resp = client.chat.completions.create(model=model_id, messages=messages, temperature=0.0,
                                          extra_body={"agenthn": options}, **limit)
    extra = (resp.model_extra or {}).get("agenthn") or {}
    return resp.choices[0].message.content or "", extra.get("adapters", []), time.perf_counter() - t0


def play(url: str, key: str, conv: dict, args: argparse.Namespace) -> list[dict]:
    """Every turn of one conversation, printed as it goes; the turn records."""
    client = openai.OpenAI(base_url=url + "/v1", api_key=key, timeout=600, max_retries=0)
    model_id = client.models.list().data[0].id
    options = {"conversation_id": f"chat-{conv['user']}-{uuid.uuid4().hex[:6]}", "memory": not args.no_memory,
               "profile": True, "learn_profile": not args.no_learn_profile}
    history: list[dict] = []
    records = []
    for turn in conv["turns"]:
        history.append({"role": "user", "content": turn["say"]})
        sent = history if args.no_memory else history[-1:]
        reply, adapters, secs = ask(client, model_id, sent, options, args.max_tokens)
        history.append({"role": "assistant", "content": reply})
        record = {"user": turn["say"], "reply": reply, "expect": turn.get("expect"), "right": None,
                  "adapters": adapters, "seconds": round(secs, 2)}
        if record["expect"]:
            record["right"] = is_right(reply, record["expect"], turn.get("forbid"))
        print_turn(record)
        records.append(record)
    return records


def print_turn(record: dict) -> None:
    print(f"  user: {record['user']}")
    print(f"  assistant: {' '.join(record['reply'].split())}")
    note = f"({record['seconds']:.1f} s, adapters: {', '.join(record['adapters']) or 'none'})"
    if record["expect"]:
        note = f"{'RIGHT' if record['right'] else 'WRONG'} (expected any of {record['expect']}) {note}"
    print("    " + note, flush=True)


def learned_profile(url: str, key: str) -> dict:
    r = httpx.get(url + "/api/profile", headers={"Authorization": f"Bearer {key}"}, timeout=30)
    r.raise_for_status()
    return r.json()["profile"]


def run_all(url: str, admin_key: str, conversations: list[dict], args) -> tuple[list[dict], dict]:
    turns, profiles = [], {}
    for conv in conversations:
        key = create_user(url, admin_key, conv["user"])
        print(f"\n=== conversation of {conv['user']} ({len(conv['turns'])} turns) ===", flush=True)
        turns += [{"conversation": conv["user"], **t} for t in play(url, key, conv, args)]
        profiles[conv["user"]] = learned_profile(url, key)
        print(f"  learned profile: {json.dumps(profiles[conv['user']])}", flush=True)
    return turns, profiles


def machine() -> str:
    mach = common.machine()
    return mach.get("gpu") or f"cpu, {mach['cpus']} cores"


def report(args, turns: list[dict], profiles: dict, wall_s: float) -> None:
    scored = [t for t in turns if t["expect"]]
    right = sum(t["right"] for t in scored)
    print(f"\n{right} of {len(scored)} questions right ({wall_s:.0f} s, {machine()})")
    if args.json_out:
        out = {"conversation_file": args.conversations, "model": args.model, "machine": machine(),
               "wall_s": round(wall_s, 1), "turns": turns, "right": right, "questions": len(scored),
               "memory": not args.no_memory, "learn_profile": not args.no_learn_profile,
               "profiles": profiles}
        Path(args.json_out).write_text(json.dumps(out, indent=2) + "\n")
        print(f"wrote {args.json_out}")


def rescore(run_path: str, conversations: list[dict]) -> None:
    """A saved run's replies scored with the conversation file's current expect / forbid words."""
    run = json.loads(Path(run_path).read_text())
    words = {(c["user"], t["say"]): t for c in conversations for t in c["turns"]}
    for t in run["turns"]:
        said = words[(t["conversation"], t["user"])]
        t["expect"] = said.get("expect")
        t["right"] = is_right(t["reply"], t["expect"], said.get("forbid")) if t["expect"] else None
    run["right"] = sum(bool(t["right"]) for t in run["turns"])
    run["questions"] = sum(t["expect"] is not None for t in run["turns"])
    Path(run_path).write_text(json.dumps(run, indent=2) + "\n")
    print(f"{run_path}: {run['right']} of {run['questions']} questions right")


def _interrupted(signum, frame):
    raise KeyboardInterrupt  # a kill stops the server as Ctrl-C does (killed, it had been left running)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupted)
    conversations = json.loads(Path(args.conversations).read_text())["conversations"]
    if args.rescore:
        rescore(args.rescore, conversations)
        return 0
    conversations = [c for c in conversations if args.only in (None, c["user"])]
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="chat_serve-")
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    admin_key = "ahn_chat_" + secrets.token_urlsafe(16)
    t0, server = time.perf_counter(), None
    try:
        log_path = Path(data_dir) / "serve.log"
        server = start_server(args.model, data_dir, admin_key, log_path, args.start_timeout)
        print(f"ready at {server.url} after {time.perf_counter() - t0:.0f} s", flush=True)
        turns, profiles = run_all(server.url, admin_key, conversations, args)
        report(args, turns, profiles, time.perf_counter() - t0)
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except (openai.APIError, httpx.HTTPError) as e:
        print(f"\nrequest failed: {e}\n--- last lines of the server's log ---\n"
              f"{log_tail(Path(data_dir) / 'serve.log')}", file=sys.stderr)
        return 1
    finally:
        if server is not None:
            server.stop()
        if args.data_dir is None:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
