"""Serving commands: `agenthn export` (adapters as PEFT folders for vLLM) and `agenthn bench batch`."""

from __future__ import annotations

from agenthn.cli import DTYPE_HELP, DTYPES


def register(sub, bench) -> None:
    p = sub.add_parser("export",
                       help="write adapters (composed ones materialized into one) as a PEFT LoRA folder "
                                      "that vLLM's filesystem LoRA resolver serves by name")
    p.add_argument("adapters", nargs="+", metavar="ADAPTER",
                   help="adapter file(s); several are composed; @FILE reads one path per line")
    p.add_argument("--name", required=True, help="folder name = the OpenAI `model` name clients select")
    p.add_argument("--out", required=True, metavar="ROOT",
                   help="resolver root (VLLM_LORA_RESOLVER_CACHE_DIR)")
    p.add_argument("--rank", type=int, default=None,
                   help="at most this rank: exact if the total rank fits, else best rank-R approximation "
                        "(the error is reported); vLLM needs --max-lora-rank >= it")
    p.add_argument("--base-model-name", default=None,
                   help="the base model name vLLM serves (its resolver requires base_model_name_or_path to "
                        "match); default: the adapter's base model id")
    p.set_defaults(func=_export)

    p = bench.add_parser("batch",
                         help="continuous batching with a distinct adapter per user vs a serial lock")
    p.add_argument("--model", default="tiny",
                   help="model name or directory (default %(default)s; smol for English); "
                        "'gemma-2-2b-random' = full-size gemma-2-2b, random "
                        "weights (GPU); 'tiny' falls back to a random model of the tiny architecture until "
                        "the checkpoint exists")
    p.add_argument("--users", default=None, help="comma-separated concurrent users (default 1,4,16,64)")
    p.add_argument("--new-tokens", type=int, default=64, help="fixed output length (stop tokens ignored)")
    p.add_argument("--prompt-tokens", type=int, default=32)
    p.add_argument("--rank", type=int, default=16, help="rank of each user's random adapter")
    p.add_argument("--serial-max", type=int, default=None,
                   help="serial baseline: requests actually run per user count (the rest queue behind them "
                        "with the measured service times); default all on CPU, 8 on GPU")
    p.add_argument("--repeat", type=int, default=None, help="timed runs per mode, median reported "
                                                             "(default 3 on CPU, 1 on GPU)")
    p.add_argument("--no-cuda-graphs", action="store_true", help="decode eagerly on CUDA")
    p.add_argument("--quick", action="store_true", help="users 1,4,16 and 32 new tokens")
    p.add_argument("--device", default=None, help="cpu or cuda (default: cuda when available)")
    p.add_argument("--dtype", default=None, choices=DTYPES, help=DTYPE_HELP)
    p.add_argument("--json", dest="json_out", metavar="OUT",
                   help="write results as JSON here (plot: OUT.png)")
    p.set_defaults(func=_bench_batch)


def _read_paths(items: list[str]) -> list[str]:
    from pathlib import Path

    out = []
    for item in items:
        if item.startswith("@"):
            out += [ln.strip() for ln in Path(item[1:]).read_text().splitlines() if ln.strip()]
        else:
            out.append(item)
    return out


def _export(args) -> int:
    import json

    from agenthn.model.adapter import Adapter
    from agenthn.model.export import export

    adapters = [Adapter.load(p) for p in _read_paths(args.adapters)]
    spec = adapters[0] if len(adapters) == 1 else adapters
    report = export(spec, args.name, args.out, args.rank, args.base_model_name)
    print(json.dumps(report, indent=2))
    return 0


def _bench_batch(args) -> int:
    from agenthn.bench.batch import run

    users = [int(x) for x in (args.users or ("1,4,16" if args.quick else "1,4,16,64")).split(",")]
    new = 32 if args.quick and args.new_tokens == 64 else args.new_tokens
    run(args.model, users, new, args.prompt_tokens, args.rank, args.json_out, args.device, args.serial_max,
        not args.no_cuda_graphs, args.repeat, args.dtype)
    return 0
