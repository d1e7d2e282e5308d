"""The `agenthn` command. Each area registers its subcommands from its own small module; heavy
imports (torch, transformers) happen inside the command functions, so `--help` is instant."""

from __future__ import annotations

import argparse
import logging
import sys

from agenthn import convert
from agenthn.cli import (
    archive_cmds,
    engine_cmds,
    features_cmds,
    forget_cmds,
    memory_cmds,
    public_bench_cmds,
    server_cmds,
    serving_cmds,
    train_cmds,
)

# `register(sub, bench)`: sub = top-level subparsers, bench = `agenthn bench` subparsers.
AREAS = [engine_cmds, train_cmds, memory_cmds, features_cmds, server_cmds, serving_cmds, public_bench_cmds,
         archive_cmds, forget_cmds]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agenthn",
        description="AgentHN: an agent that writes what it learns into LoRA adapters (Doc-to-LoRA). "
        "serve, chat, ask and eval run on the embedded English model smol by default; --model tiny (the "
        "small test model) or a model folder picks another. Each command's --help gives its default.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    bench_parser = sub.add_parser("bench", help="benchmarks: print a table, write --json OUT, save plots")
    bench = bench_parser.add_subparsers(dest="bench", metavar="BENCH")
    for area in AREAS:
        area.register(sub, bench)
    convert.add_cli(sub)
    return parser


def setup_logging(verbose: bool) -> None:
    from rich.console import Console
    from rich.logging import RichHandler

    # logs go to stderr, so a command's own output on stdout (tables, JSON reports) stays parseable
    handler = RichHandler(console=Console(stderr=True), show_path=False, rich_tracebacks=False)
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(name)s: %(message)s",
                        datefmt="[%X]", handlers=[handler])
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
