"""Memory commands: `agenthn memory stats`, `agenthn bench niah`, `agenthn bench magic-number`,
`agenthn bench retention-in-use`.

torch and the model load inside the command functions, so `agenthn --help` stays instant.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from agenthn.agent.memory_config import STORE_DTYPES, MemoryConfig
from agenthn.cli import BENCH_MODEL_HELP


def _whole(text: str, low: int) -> int:
    """An argparse type: a whole number >= low, refused before any model loads (the message names it)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < low:
        raise argparse.ArgumentTypeError(f"must be at least {low}, got {n}")
    return n


def at_least_one(text: str) -> int:
    return _whole(text, 1)


def at_least_zero(text: str) -> int:
    return _whole(text, 0)


def share(text: str) -> float:
    """An argparse type: a number in [0, 1] (the message names a bad one)."""
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= x <= 1:
        raise argparse.ArgumentTypeError(f"must be in [0, 1], got {x}")
    return x


COPY_HELP = ("memory: finish values as the retrieved segments' text has them, among the tokens the adapter "
             "finds at least this plausible against its top one (0: the adapter alone; default %(default)s)")
GATE_HELP = ("memory: apply a retrieved segment's adapter only where the model's relevance gate finds the "
             "question concerns it (agenthn train gate; default off: every retrieved segment applies)")


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def register(sub, bench) -> None:
    p = bench.add_parser("niah",
                         help="conversation needles: memory vs every baseline, accuracy and cost per length")
    p.add_argument("--model", default="tiny", help=BENCH_MODEL_HELP)
    p.add_argument("--device", default=None, help="cpu (default) or cuda")
    p.add_argument("--turns", default="80",
                   help="comma-separated conversation lengths (sweep: 20,80,320,1000)")
    p.add_argument("--conversations", default=None,
                   help="conversations per length, or one per length comma-separated (default 20; --quick 5, "
                        "and 2 for note and cartridge)")
    p.add_argument("--needles", default="2",
                   help="facts (and questions) per conversation, or one per length comma-separated")
    p.add_argument("--data", default="auto", choices=["auto", "english", "tiny"],
                   help="conversations: English (agenthn.world.english_chat) or the tiny world's; auto picks "
                        "English for every base but tiny's")
    p.add_argument("--max-turns", default="", metavar="STRATEGY=N,...",
                   help="run a strategy only up to N turns (longer: reported as not run), e.g. note=80")
    p.add_argument("--slow-conversations", type=int, default=None,
                   help="conversations per length for note and cartridge (default all; --quick 2)")
    p.add_argument("--calibration-repeat", type=int, default=5,
                   help="timed runs per cost-model calibration point (0: none; the cost model is then "
                        "fitted to the benchmark's own queries)")
    p.add_argument("--strategies", default=None,
                   help="comma-separated subset of agenthn.baselines.STRATEGIES")
    p.add_argument("--top-k", type=at_least_one, default=2,
                   help="memory-topk: segment adapters composed per query (memory-top1 always uses 1)")
    p.add_argument("--segment-turns", type=at_least_one, default=MemoryConfig.segment_turns,
                   help="memory: logged turns (messages) per segment")
    p.add_argument("--store-dtype", default=MemoryConfig.store_dtype, choices=STORE_DTYPES,
                   help="memory: precision of stored segment adapters (default %(default)s)")
    p.add_argument("--rerank", type=at_least_zero, default=MemoryConfig.rerank,
                   help="memory: TF-IDF's best N segments re-ranked by how much a line of each makes the "
                        "question likelier to the base model (0: TF-IDF alone; default %(default)s)")
    p.add_argument("--copy-beta", type=share, default=MemoryConfig.copy_beta, help=COPY_HELP)
    p.add_argument("--gate", action="store_true", help=GATE_HELP)
    p.add_argument("--live-tokens", type=int, default=16, help="history tokens kept live in the prompt")
    p.add_argument("--rag-k", type=int, default=4, help="RAG: messages retrieved into the prompt")
    p.add_argument("--cartridge-steps", type=int, default=None,
                   help="Cartridges training steps (default 40, quick 20)")
    p.add_argument("--cartridge-queries", type=int, default=None,
                   help="Cartridges teacher queries (96, quick 48)")
    _out(p, "niah")
    p.set_defaults(func=_niah)

    p = bench.add_parser("magic-number",
                         help="D2L's needle task at 1x-16x the context window, chunked adapters")
    p.add_argument("--model", default="tiny", help=BENCH_MODEL_HELP)
    p.add_argument("--device", default=None)
    p.add_argument("--multiples", default="0.5,1,2,4,8,16",
                   help="haystack lengths as multiples of the context window (0.5: in-context reference "
                        "fits)")
    p.add_argument("--per-length", type=int, default=None,
                   help="haystacks per length (default 30, --quick 10)")
    p.add_argument("--chunk-tokens", type=int, default=None,
                   help="tokens per internalized chunk (default: model's)")
    p.add_argument("--data", default="auto", choices=["auto", "english", "tiny"],
                   help="haystack: English prose (agenthn.world.english_chat) or the fixed filler block; "
                        "auto picks English for every base but tiny's")
    p.add_argument("--max-new-tokens", type=int, default=None,
                   help="answer length limit (default 8 for the tiny world, 24 for English)")
    p.add_argument("--piece-tokens", type=at_least_zero, default=None,
                   help="also memory's way: the haystack in pieces of whole sentences of at most this many "
                        "tokens, each internalized, only the retrieved piece's adapter applied (0: not run; "
                        "default 64)")
    p.add_argument("--rerank", type=at_least_zero, default=MemoryConfig.rerank,
                   help="that row: TF-IDF's best N pieces re-ranked by the base model (0: TF-IDF alone)")
    p.add_argument("--copy-beta", type=share, default=MemoryConfig.copy_beta, help=COPY_HELP)
    _out(p, "magic")
    p.set_defaults(func=_magic)

    p = bench.add_parser("retention-in-use",
                         help="general questions asked mid-conversation with memory on: how many the "
                              "base gets right stay right (memory top-1, all segments, no adapter)")
    p.add_argument("--model", default="smol", help="an English model: a built-in name or a model "
                                                   "directory (default %(default)s)")
    p.add_argument("--device", default=None)
    p.add_argument("--repeat", type=at_least_one, default=4,
                   help="passes over the questions, each pairing them with other conversations (default 4; "
                        "about 3 minutes a pass on 2 CPU cores)")
    p.add_argument("--gate", action="store_true", help=GATE_HELP)
    p.add_argument("--json", dest="json_out", metavar="OUT", help="write results as JSON here")
    p.set_defaults(func=_retention_in_use)

    p = sub.add_parser("memory", help="conversation memory in weights (chat with it: agenthn chat)")
    msub = p.add_subparsers(dest="memory_command", metavar="ACTION")
    s = msub.add_parser("stats", help="a conversation's memory state, in the store `agenthn serve` and "
                                      "`agenthn chat` use")
    s.add_argument("--model", default="smol",
                   help="the model the chat ran on (default smol, as agenthn chat)")
    s.add_argument("--device", default=None)
    s.add_argument("--data-dir", default=str(Path.home() / ".agenthn"))
    s.add_argument("--user", default="local", help="user name")
    s.add_argument("--conversation", default="default")
    s.set_defaults(func=_stats)


def _out(p, stem: str) -> None:
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--quick", action="store_true", help="a small run (a few minutes on 2 CPU cores)")
    p.add_argument("--json", dest="json_out", metavar="OUT", help="write results as JSON here")
    p.add_argument("--plots", default=None, metavar="FOLDER",
                   help=f"folder for the plots, named after --json (<json name>_*.png) or else {stem}_*.png "
                        f"(default: next to --json, else bench_results/; '' for none)")
    p.set_defaults(plot_stem=stem)


def _quiet() -> None:
    import logging

    # a line per adapter file / scratch store is noise here
    for name in ("agenthn.store.files", "agenthn.store.db"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _niah(args) -> int:
    from agenthn.bench.niah import ALL, NiahConfig, run

    _quiet()
    cfg = NiahConfig(turns=_ints(args.turns), conversations=_per_length(args.conversations or
                                                                        ("5" if args.quick else "20")),
                     needles=_per_length(args.needles), seed=args.seed, data=args.data,
                     max_turns={k: int(v) for k, v in (x.split("=") for x in args.max_turns.split(",") if x)},
                     calibration_repeat=args.calibration_repeat,
                     strategies=args.strategies.split(",") if args.strategies else list(ALL),
                     live_tokens=args.live_tokens, top_k=args.top_k, segment_turns=args.segment_turns,
                     store_dtype=args.store_dtype, rerank=args.rerank, copy_beta=args.copy_beta,
                     gate=args.gate,
                     rag_k=args.rag_k,
                     cartridge_steps=args.cartridge_steps or (20 if args.quick else 40),
                     cartridge_queries=args.cartridge_queries or (48 if args.quick else 96),
                     slow_conversations=args.slow_conversations or (2 if args.quick else None))
    run(args.model, cfg, args.json_out, _plot_prefix(args), args.device)
    return 0


def _per_length(text: str) -> int | list[int]:
    """"5" -> 5 (every length); "5,2,1,1" -> one value per length."""
    vals = _ints(text)
    return vals[0] if len(vals) == 1 else vals


def _plot_prefix(args) -> str | None:
    """Plots are written as PREFIX_accuracy.png etc.: beside the JSON with its name, or in --plots FOLDER
    under the JSON's name (two runs into one folder keep their own plots), else FOLDER/niah_*."""
    from agenthn.bench.common import plot_target

    if args.plots is not None:
        stem = Path(args.json_out).stem if args.json_out else args.plot_stem
        return f"{args.plots}/{stem}" if args.plots else None
    return str(plot_target(args.json_out, None, f"bench_results/{args.plot_stem}", suffix=""))


def _magic(args) -> int:
    from agenthn.bench.magic_number import MagicConfig, run

    cfg = MagicConfig(multiples=[float(x) for x in args.multiples.split(",")], seed=args.seed,
                      per_length=args.per_length or (10 if args.quick else 30),
                      chunk_tokens=args.chunk_tokens, data=args.data, max_new_tokens=args.max_new_tokens,
                      rerank=args.rerank, copy_beta=args.copy_beta,
                      **({} if args.piece_tokens is None else {"piece_tokens": args.piece_tokens}))
    run(args.model, cfg, args.json_out, _plot_prefix(args), args.device)
    return 0


def _retention_in_use(args) -> int:
    from agenthn.bench.retention_in_use import run

    _quiet()
    run(args.model, args.repeat, args.json_out, args.device, gate=args.gate)
    return 0


def _stats(args) -> int:
    import json

    import agenthn
    from agenthn.agent.adapter_cache import AdapterCache
    from agenthn.agent.memory import Memory
    from agenthn.errors import NotFoundError
    from agenthn.server.config import ServerConfig
    from agenthn.store import AdapterFiles, Store

    config = ServerConfig(data_dir=args.data_dir)
    store = Store(config.db_path)
    user = next((u for u in store.list_users() if u.name == args.user), None)
    if user is None:
        raise NotFoundError(f"no user named {args.user!r} in {config.db_path}")
    cache = AdapterCache(files=AdapterFiles(config.adapter_dir, store))
    mem = Memory(agenthn.load(args.model, device=args.device), store, cache, user.id, args.conversation)
    print(json.dumps(mem.stats(), indent=2))
    return 0
