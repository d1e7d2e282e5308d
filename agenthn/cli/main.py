"""The `agenthn` command. Each area registers its subcommands from its own small module; heavy
imports (torch, transformers) happen inside the command functions, so `--help` is instant."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

# Modules with `register(sub, bench)`: sub = top-level subparsers, bench = `agenthn bench` subparsers.
COMMAND_MODULES = [
    "agenthn.cli.engine_cmds",
    "agenthn.cli.train_cmds",
    "agenthn.cli.memory_cmds",
    "agenthn.cli.features_cmds",
    "agenthn.cli.server_cmds",
    "agenthn.cli.serving_cmds",
    "agenthn.cli.public_bench_cmds",
    "agenthn.convert",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agenthn",
        description="AgentHN: an agent that writes what it learns into LoRA adapters (Doc-to-LoRA). "
        "Every command runs on the embedded tiny model unless --model names another.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    bench_parser = sub.add_parser("bench", help="benchmarks: print a table, write --json OUT, save plots")
    bench = bench_parser.add_subparsers(dest="bench", metavar="BENCH")
    for name in COMMAND_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:  # an area not built yet; any other missing module is a real error
                continue
            raise
        getattr(mod, "register", None) and mod.register(sub, bench)
        getattr(mod, "add_cli", None) and mod.add_cli(sub)
    return parser


def setup_logging(verbose: bool) -> None:
    from rich.logging import RichHandler

    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(name)s: %(message)s",
                        datefmt="[%X]", handlers=[RichHandler(show_path=False, rich_tracebacks=False)])
    for noisy in ("httpx", "transformers", "urllib3", "matplotlib", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    setup_logging(args.verbose)
    from agenthn.errors import AgentHNError

    try:
        return args.func(args) or 0
    except AgentHNError as e:
        logging.getLogger("agenthn").error("%s", e.message)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
