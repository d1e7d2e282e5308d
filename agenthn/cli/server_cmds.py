"""Server commands: `agenthn serve`, `agenthn chat` (interactive terminal chat), `agenthn bench serve`.

    agenthn serve                                  # smol on http://127.0.0.1:8000 (UI at /)
    agenthn serve --port 9000 --data-dir ./data    # AGENTHN_ADMIN_KEY=... sets the admin key
    agenthn chat --conversation demo               # the same agent runtime, in the terminal
    agenthn bench serve --json out/serve.json      # 32 streaming clients against a child server
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from agenthn.cli import BENCH_MODEL_HELP, SERVE_DTYPE_HELP, SERVE_DTYPES


def env_help() -> str:
    """`agenthn serve --help`'s list of the settings read from the environment (server.config), each
    with its own description, so none is only in the code."""
    from agenthn.server.config import ENV_PREFIX, Limits, ServerConfig

    rows = [(f"{ENV_PREFIX}{n.upper()}", f.description) for n, f in ServerConfig.model_fields.items()
            if n != "limits"]
    rows += [(f"{ENV_PREFIX}LIMITS__{n.upper()}", f.description) for n, f in Limits.model_fields.items()]
    pad = " " * 6
    lines = [f"  {name}\n" + textwrap.fill(desc or "", 96, initial_indent=pad, subsequent_indent=pad,
                                               break_on_hyphens=False) for name, desc in rows]
    return "settings from the environment (a flag given wins; booleans as 1/0):\n" + "\n".join(lines)


def _epilog_on_help(p: argparse.ArgumentParser, make) -> None:
    """`p`'s epilog made by `make()` only when its help is shown: `env_help` imports the server's
    pydantic config, which every other command (a training run on a GPU machine without pydantic, session
    43) would otherwise load to build the parser."""
    shown = p.format_help

    def format_help() -> str:
        p.epilog = make()
        return shown()
    p.format_help = format_help


def register(sub, bench) -> None:
    p = sub.add_parser("serve", help="run the HTTP server (OpenAI-compatible API, feature API, web UI)",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    _epilog_on_help(p, env_help)
    p.add_argument("--model", default=None,
                   help="built-in name (smol: SmolLM2-135M-Instruct, the default; tiny: the small test "
                        "model) or a model directory")
    p.add_argument("--host", default=None, help="bind address (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=None, help="port (default 8000)")
    p.add_argument("--data-dir", default=None, help="store and adapters (default ~/.agenthn)")
    p.add_argument("--device", default=None, help="cpu or cuda")
    p.add_argument("--dtype", default=None, choices=SERVE_DTYPES, help=SERVE_DTYPE_HELP)
    p.add_argument("--threads", type=int, default=None,
                   help="torch CPU threads (default: all cores; 1 suits the tiny model)")
    p.add_argument("--cors-origin", action="append", dest="cors_origins", default=None,
                   help="browser origin allowed to call the API (repeatable; default '*')")
    p.add_argument("--queue-size", type=int, default=None, help="model jobs queued before 503")
    p.add_argument("--per-user-concurrency", type=int, default=None, help="model jobs per key before 429")
    p.add_argument("--log-content", action="store_true", default=None, help="log message text (sensitive)")
    p.add_argument("--no-repeat-ngram", type=int, default=None, metavar="N",
                   help="a reply never says a run of N tokens twice (default 4; 0: off, as the model "
                        "would say it: smol loops on some replies to statements)")
    p.set_defaults(func=_serve)

    p = sub.add_parser("chat", help="chat in the terminal with memory, profile and skills adapters")
    p.add_argument("--model", default="smol",
                   help="built-in name (smol: SmolLM2-135M-Instruct; tiny) or directory")
    p.add_argument("--data-dir", default=str(Path.home() / ".agenthn"))
    p.add_argument("--user", default="local", help="store user to chat as (created when missing)")
    p.add_argument("--conversation", default=None, help="conversation id (default: a new one)")
    p.add_argument("--no-memory", action="store_true", help="send the whole conversation instead")
    p.add_argument("--learn-profile", action="store_true", help="propose profile edits after each turn")
    p.add_argument("--skills", default="", help="comma-separated skills adapters to apply")
    p.add_argument("--notebook", default=None, help="a self-improvement notebook whose notes to apply")
    p.add_argument("--max-new-tokens", type=int, default=64)
    p.add_argument("--device", default=None)
    p.add_argument("--dtype", default=None, choices=SERVE_DTYPES, help=SERVE_DTYPE_HELP)
    p.set_defaults(func=_chat)

    p = bench.add_parser("serve", help="concurrent streaming clients against a local server: TTFT, latency")
    p.add_argument("--model", default="tiny", help=BENCH_MODEL_HELP)
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--duration", type=float, default=30.0, help="seconds of load")
    p.add_argument("--max-tokens", type=int, default=32)
    p.add_argument("--quick", action="store_true", help="8 clients for 8 s")
    p.add_argument("--threads", type=int, default=None, help="server's torch CPU threads")
    p.add_argument("--url", default=None, help="bench a running server instead (needs --admin-key)")
    p.add_argument("--admin-key", default=None)
    p.add_argument("--json", dest="json_out", metavar="OUT")
    p.set_defaults(func=_bench_serve)


def _serve(args) -> int:
    import uvicorn

    from agenthn.server.app import create_app
    from agenthn.server.config import ServerConfig

    limits = {k: v for k, v in (("queue_size", args.queue_size),
                                ("per_user_concurrency", args.per_user_concurrency)) if v is not None}
    config = ServerConfig.from_env(model=args.model, host=args.host, port=args.port, data_dir=args.data_dir,
                                   device=args.device, dtype=args.dtype, threads=args.threads,
                                   cors_origins=args.cors_origins,
                                   log_content=args.log_content, no_repeat_ngram=args.no_repeat_ngram,
                                   limits=limits)
    if config.host not in ("127.0.0.1", "localhost", "::1"):
        import logging

        logging.getLogger(__name__).warning("binding %s: the API is reachable from other machines",
                                            config.host)
    # Load before uvicorn starts: a missing model is then one clear error line, not a lifespan traceback.
    model = config.load_model()
    app = create_app(config, model=model)
    # Our middleware writes one line per request, so uvicorn's access log would only repeat it.
    uvicorn.run(app, host=config.host, port=config.port, log_config=None, access_log=False,
                timeout_graceful_shutdown=5)
    return 0


def _chat(args) -> int:
    """An interactive chat on the same AgentRuntime, store layout and start-up repair the server uses,
    streaming tokens as they come."""
    import logging
    import uuid

    import agenthn
    import agenthn.errors
    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.agent.runtime import GenerationSettings, RunContext, RuntimeRegistry, TurnOptions
    from agenthn.server.config import ServerConfig
    from agenthn.server.recovery import repair
    from agenthn.store import AdapterFiles, Store

    if not args.verbose:  # the chat is the output; progress lines would interleave with the tokens
        logging.getLogger("agenthn").setLevel(logging.WARNING)
    config = ServerConfig(data_dir=args.data_dir, model=args.model, device=args.device, dtype=args.dtype)
    store = Store(config.db_path)
    files = AdapterFiles(config.adapter_dir, store)
    user = next((u for u in store.list_users() if u.name == args.user), None)
    user = user or store.create_user(args.user)[0]
    model = config.load_model()
    runtimes = RuntimeRegistry(model, store, AdapterCache(files=files))
    repair(store, files, runtimes)  # what a crash left behind, exactly as the server's start-up does
    rt = runtimes.get(user.id)
    opts = TurnOptions(conversation_id=args.conversation or "cli-" + uuid.uuid4().hex[:8],
                       memory=not args.no_memory, learn_profile=args.learn_profile,
                       skills=[s for s in args.skills.split(",") if s], notebook=args.notebook)
    gen = GenerationSettings(max_new_tokens=args.max_new_tokens)
    print(f"user {user.name} (id {user.id}), conversation {opts.conversation_id}; /help for commands")
    history: list[dict] = []
    while True:
        try:
            line = input("you> ").strip()
        except EOFError:
            return 0
        if not line:
            continue
        if line.startswith("/"):
            try:
                if _command(line, rt, opts, history) == "quit":
                    return 0
            except (agenthn.errors.AgentHNError, OSError, ValueError) as e:
                print(f"error: {e}")
            continue
        history.append({"role": "user", "content": line})
        try:
            reply = rt.chat(history, opts, RunContext(emit=_print_event), gen)
        except KeyboardInterrupt:
            print("\n(interrupted)")
            history.pop()
            continue
        except agenthn.errors.AgentHNError as e:
            print(f"\nerror: {e.message}")
            history.pop()
            continue
        print()
        history.append({"role": "assistant", "content": reply.text})


def _print_event(event: dict) -> None:
    kind = event.get("type")
    if kind == "token":
        print(event["text"], end="", flush=True)
    elif kind == "context":
        print(f"  [context: {event['tokens']} tokens, {len(event['messages'])} messages]\nagent> ", end="")
    elif kind not in ("usage", "live_context", "turn_logged"):
        detail = ", ".join(f"{k}={v}" for k, v in event.items() if k != "type")
        print(f"  [{kind}: {detail[:160]}]")


HELP = """commands:
  /memory              segments and turns of this conversation
  /profile             the profile and its edit history
  /edit OP KEY [VALUE] edit the profile (ADD, UPDATE, REMOVE)
  /undo EDIT_ID        undo one profile edit
  /adapters            this user's adapters
  /skill NAME PATH     internalize a skills document from a file
  /new                 start a new conversation
  /quit"""


def _command(line: str, rt, opts, history: list[dict]) -> str | None:
    import uuid

    from agenthn.agent.runtime import RunContext

    cmd, *rest = line.split(maxsplit=3)
    ctx = RunContext(emit=_print_event)
    if cmd == "/quit":
        return "quit"
    if cmd == "/memory":
        for s in rt.store.list_segments(rt.user_id, opts.conversation_id):
            print(f"  segment {s.idx} turns {s.first_turn}-{s.last_turn} [{s.status}]: {s.text[:80]!r}")
        print(f"  {len(rt.store.list_turns(rt.user_id, opts.conversation_id))} turns logged")
    elif cmd == "/profile":
        for k, v in rt.store.profile_state(rt.user_id).items():
            print(f"  {k}: {v}")
        for e in rt.store.profile_history(rt.user_id):
            print(f"  #{e.id} {e.op} {e.key}: {e.old_value} -> {e.new_value} "
                  f"({e.actor}){' undone' if e.undone else ''}")
    elif cmd == "/edit" and len(rest) >= 2:
        op, key, value = rest[0].upper(), rest[1], (rest[2] if len(rest) > 2 else None)
        ctx.emit_all(rt.personalizer().edit(op, key.replace("_", " "), value))
    elif cmd == "/undo" and rest:
        ctx.emit_all(rt.personalizer().undo(int(rest[0])))
    elif cmd == "/adapters":
        for r in rt.store.list_adapters(rt.user_id):
            print(f"  {r.kind}/{r.name}: {r.size_bytes} bytes, sha256 {r.sha256[:12]}")
    elif cmd == "/skill" and len(rest) >= 2:
        rt.load_skill(rest[0], Path(rest[1]).read_text(), ctx)
        opts.skills = list(dict.fromkeys(opts.skills + [rest[0]]))
    elif cmd == "/new":
        opts.conversation_id = "cli-" + uuid.uuid4().hex[:8]
        history.clear()
        print(f"  conversation {opts.conversation_id}")
    else:
        print(HELP)
    return None


def _bench_serve(args) -> int:
    from agenthn.bench.serve import run

    clients, duration = (8, 8.0) if args.quick else (args.clients, args.duration)
    run(model=args.model, clients=clients, duration_s=duration, max_tokens=args.max_tokens,
        json_out=args.json_out, url=args.url, admin_key=args.admin_key, threads=args.threads)
    return 0
