"""`agenthn forget ...` and `agenthn keys ...`: the server's DELETE routes and key management, on a local
data directory (the layout `agenthn serve` and `agenthn chat` use; stop the server first).

    agenthn forget conversation c-1234 --user alice      # turns, segments, adapters, run logs
    agenthn forget turn c-1234 4 --user alice            # one turn; its segments rebuilt at next start
    agenthn forget fact "locker code" --user alice       # the value leaves the profile's edit log
    agenthn forget skill arith --user alice
    agenthn forget notes --notebook improve --user alice # every notebook without --notebook
    agenthn forget user alice --yes                      # everything of the user; their keys stop working
    agenthn keys list|issue|revoke ... --user alice

No model is loaded: what must be rebuilt is recorded in the store (pending segments, a profile without
an adapter) and built by the next `agenthn serve` or `agenthn chat` start-up, exactly as after a crash.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

FORGET_HELP = "delete what a user asks to forget, from the store, adapter files and journal"
EXAMPLES = "examples:\n" + "\n".join(line for line in __doc__.splitlines() if line.startswith("    agenthn"))


def register(sub, bench) -> None:
    p = sub.add_parser("forget", help=FORGET_HELP, description=FORGET_HELP + ". Prints a JSON report of the "
                       "rows, adapters and files removed.", epilog=EXAMPLES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    what = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    for name, helptext, args in (
            ("conversation", "a conversation: its turns, segments, segment adapters and run logs",
             [("conversation_id", {})]),
            ("turn", "one turn of a conversation; the segments built from it are rebuilt without it",
             [("conversation_id", {}), ("idx", {"type": int, "help": "the turn's index (0 = first)"})]),
            ("fact", "a profile fact (its values leave the edit log; a REMOVE by 'forget' records it)",
             [("key", {"help": "the profile key, e.g. 'locker code'"})]),
            ("skill", "a skills adapter", [("name", {})]),
            ("notes", "a self-improvement notebook (every notebook without --notebook)", []),
            ("user", "a user and everything of theirs, files and keys included", [("name", {
                "help": "the user's name or numeric id"})])):
        q = what.add_parser(name, help=helptext, description=helptext)
        for arg, kw in args:
            q.add_argument(arg, **kw)
        _data_dir(q)
        if name == "user":
            q.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
        else:
            q.add_argument("--user", default="local", help="the store user (default: local, as agenthn chat)")
        if name == "notes":
            q.add_argument("--notebook", default=None, help="the notebook (default: every notebook)")
        q.set_defaults(func=_forget)
    _register_keys(sub)


def _register_keys(sub) -> None:
    p = sub.add_parser("keys", help="list, issue or revoke a user's API keys in a local data directory")
    what = p.add_subparsers(dest="keys_cmd", metavar="ACTION", required=True)
    for name, helptext in (("list", "the user's keys (never their plaintext)"),
                           ("issue", "a new key, printed once"), ("revoke", "revoke one key by id")):
        q = what.add_parser(name, help=helptext, description=helptext)
        if name == "revoke":
            q.add_argument("key_id", type=int)
        if name == "issue":
            q.add_argument("--label", default="cli")
        q.add_argument("--user", default="local", help="the user's name or numeric id")
        _data_dir(q)
        q.set_defaults(func=_keys)


def _data_dir(p) -> None:
    p.add_argument("--data-dir", default=str(Path.home() / ".agenthn"),
                   help="the data directory (default ~/.agenthn, as agenthn serve and chat)")


def _open(args):
    """(store, files) of the data directory, with any deletion a crash interrupted finished first."""
    from agenthn.server.config import ServerConfig
    from agenthn.store import AdapterFiles, Store

    config = ServerConfig(data_dir=args.data_dir)
    if not config.db_path.exists():
        from agenthn.errors import NotFoundError

        raise NotFoundError(f"no AgentHN store in {config.data_dir}")
    store = Store(config.db_path)
    files = AdapterFiles(config.adapter_dir, store)
    files.purge_pending()
    return store, files


def _user_id(store, name: str) -> int:
    from agenthn.errors import NotFoundError

    for u in store.list_users():
        if u.name == name or str(u.id) == name:
            return u.id
    raise NotFoundError(f"user {name!r} not found")


def _forget(args) -> int:
    from agenthn.agent.forget import Forgetter
    from agenthn.errors import AgentHNError

    if args.what == "user" and not args.yes:
        raise AgentHNError(f"deleting user {args.name!r} cannot be undone: add --yes")
    store, files = _open(args)
    try:
        f = Forgetter(store, files)
        uid = _user_id(store, args.name if args.what == "user" else args.user)
        report = {"conversation": lambda: f.conversation(uid, args.conversation_id),
                  "turn": lambda: f.turn(uid, args.conversation_id, args.idx),
                  "fact": lambda: f.profile_fact(uid, args.key),
                  "skill": lambda: f.skill(uid, args.name),
                  "notes": lambda: f.notes(uid, args.notebook),
                  "user": lambda: f.user(uid)}[args.what]()
    finally:
        store.close()
    print(json.dumps(report, indent=2))
    return 0


def _keys(args) -> int:
    from dataclasses import asdict

    store, _ = _open(args)
    try:
        uid = _user_id(store, args.user)
        if args.keys_cmd == "list":
            out = [asdict(k) for k in store.list_keys(uid)]
        elif args.keys_cmd == "issue":
            key, plaintext = store.issue_key(uid, args.label)
            out = {**asdict(key), "api_key": plaintext}
        else:
            out = asdict(store.revoke_key(uid, args.key_id))
    finally:
        store.close()
    print(json.dumps(out, indent=2))
    return 0
