"""Portability commands on a local data directory (the one `agenthn serve` and `agenthn chat` use):

    agenthn export-user --data-dir DIR --user alice --out alice.zip     # what GET /api/export sends
    agenthn import alice.zip --data-dir OTHER [--as NAME] [--force]      # restore as a new user

Neither loads model weights: the model's identity (base model, hypernetwork) is read from its
config.json, to stamp the archive and to refuse an archive made for another base model.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_DATA = str(Path.home() / ".agenthn")


def register(sub, bench) -> None:
    p = sub.add_parser("export-user", help="write one user's data (turns, profile, skills, notes, runs, "
                                           "adapters as PEFT folders) as one zip archive")
    p.add_argument("--data-dir", "--data", dest="data_dir", default=DEFAULT_DATA,
                   help="the data directory (default %(default)s)")
    p.add_argument("--user", required=True, help="user name")
    p.add_argument("--out", required=True, help="the archive to write (.zip)")
    p.add_argument("--model", default="smol", help="the model this data directory is served with "
                                                   "(default smol, as agenthn serve)")
    p.set_defaults(func=_export_user)

    p = sub.add_parser("import", help="restore an export archive as a new user of a data directory")
    p.add_argument("archive", help="an archive from GET /api/export or agenthn export-user")
    p.add_argument("--data-dir", "--data", dest="data_dir", default=DEFAULT_DATA,
                   help="the data directory, new or existing (default %(default)s)")
    p.add_argument("--as", dest="name", default=None, help="user name (default: the archived user's)")
    p.add_argument("--model", default="smol", help="the model the data directory is served with "
                                                   "(default smol); its base model must match the archive's")
    p.add_argument("--force", action="store_true", help="import an archive made for another base model: "
                                                        "the text comes over, the adapters do not")
    p.set_defaults(func=_import)


def _open(data_dir: str):
    from agenthn.server.config import ServerConfig
    from agenthn.store import AdapterFiles, Store

    config = ServerConfig(data_dir=data_dir)
    store = Store(config.db_path)
    return store, AdapterFiles(config.adapter_dir, store)


def _export_user(args) -> int:
    import json

    from agenthn.agent.archive import export_user, model_identity
    from agenthn.errors import NotFoundError
    from agenthn.store.restore import ModelMismatchError

    store, files = _open(args.data_dir)
    try:
        user = next((u for u in store.list_users() if u.name == args.user), None)
        if user is None:
            raise NotFoundError(f"no user named {args.user!r} in {store.path}")
        identity = model_identity(args.model)
        made_for = {r.base_model for r in store.list_adapters(user.id)} - {"", identity["base_model"]}
        if made_for:  # --model is the caller's word; the adapters say which base they are for
            raise ModelMismatchError(f"{args.user}'s adapters were made for base model "
                                     f"{sorted(made_for)[0]!r}, --model {args.model} is "
                                     f"{identity['base_model']!r}: name the model this data directory is "
                                     "served with")
        manifest = export_user(store, files, user.id, args.out, identity)
    finally:
        store.close()
    print(json.dumps({"archive": str(args.out), "user": user.name, "counts": manifest["counts"],
                      "files": len(manifest["files"])}, indent=2))
    return 0


def _import(args) -> int:
    import json
    import logging

    from agenthn.agent.archive import import_user, model_identity

    identity = model_identity(args.model)
    store, files = _open(args.data_dir)
    try:
        report = import_user(args.archive, store, files, identity, name=args.name, force=args.force)
    finally:
        store.close()
    for w in report["warnings"]:
        logging.getLogger("agenthn").warning("%s", w)
    print(json.dumps(report, indent=2))
    return 0
