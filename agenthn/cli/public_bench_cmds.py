"""`agenthn bench longmemeval FILE` and `agenthn bench locomo FILE`: bring-your-own public memory
benchmark files, read in their published schemas and scored as their evaluators score them
(agenthn.bench.public). The model loads inside the command, so `--help` stays instant."""

from __future__ import annotations

import argparse

DEFAULT_STRATEGIES = "memory-topk,rag,truncated,full,vanilla"


def register(sub, bench) -> None:
    p = bench.add_parser("longmemeval",
                         help="a LongMemEval file (oracle, S or M): submission JSONL, judge or proxy")
    _common(p, "longmemeval")
    p.add_argument("--types", default=None, help="comma-separated question types (default: all six)")
    p.set_defaults(func=_longmemeval)
    p = bench.add_parser("locomo", help="a LoCoMo file (locomo10.json): official token F1 per category")
    _common(p, "locomo")
    p.add_argument("--categories", default=None, help="comma-separated categories 1-5 (default: all)")
    p.add_argument("--max-questions", type=int, default=None, help="at most this many questions per sample")
    p.set_defaults(func=_locomo)


def _common(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("file", metavar="FILE", help=f"the {name} JSON file, as published")
    p.add_argument("--model", default="smol", help="checkpoint name or folder (default %(default)s)")
    p.add_argument("--device", default=None, help="cpu (default) or cuda")
    p.add_argument("--threads", type=int, default=None,
                   help="torch CPU threads (1 is fastest for small models on a busy machine)")
    p.add_argument("--strategies", default=DEFAULT_STRATEGIES,
                   help="comma-separated agenthn.baselines strategies (default %(default)s)")
    p.add_argument("--limit", type=int, default=None, help="only the first N items of the file")
    p.add_argument("--out", default=f"results/{name}", help="folder for report.json, the plot%s" %
                   (" and submission_<strategy>.jsonl" if name == "longmemeval" else "")
                   + " (default %(default)s)")
    p.add_argument("--max-new-tokens", type=int, default=32, help="answer length limit")
    p.add_argument("--live-tokens", type=int, default=16,
                   help="history tokens kept live (memory, RAG, vanilla)")
    p.add_argument("--top-k", type=int, default=2, help="memory: segment adapters composed per question")
    p.add_argument("--rag-k", type=int, default=4, help="RAG: messages retrieved per question")
    p.add_argument("--segment-turns", type=int, default=None,
                   help="memory: turns per segment (default: memory's)")
    p.add_argument("--rerank", type=int, default=None,
                   help="memory: TF-IDF's best N segments re-ranked by the base model (0: TF-IDF alone; "
                        "default: memory's)")
    p.add_argument("--gate", action="store_true",
                   help="memory: apply a retrieved segment's adapter only where the model's relevance gate "
                        "finds the question concerns it (default off)")
    p.add_argument("--copy-beta", type=float, default=None,
                   help="memory: finish values as the retrieved segments' text has them, among tokens "
                        "the adapter finds at least this plausible against its top one (0: off; default: "
                        "memory's)")
    p.add_argument("--judge-base-url", default=None,
                   help="OpenAI-compatible endpoint of a yes/no judge (…/v1)")
    p.add_argument("--judge-model", default=None,
                   help="the judge's model name (needed with --judge-base-url)")
    p.add_argument("--judge-api-key-env", default="OPENAI_API_KEY",
                   help="environment variable holding the judge's API key, if it needs one (default "
                        "%(default)s)")


def _config(args):
    from agenthn.baselines import STRATEGIES
    from agenthn.bench.public.runner import RunConfig
    from agenthn.errors import AgentHNError, check_fraction

    names = [s.strip() for s in args.strategies.split(",") if s.strip()]
    bad = [s for s in names if s not in STRATEGIES]
    if bad or not names:
        raise AgentHNError(f"--strategies: unknown {bad}; choose from {sorted(STRATEGIES)}")
    for flag in ("threads", "limit", "max_new_tokens", "top_k", "rag_k", "segment_turns", "max_questions"):
        value = getattr(args, flag, None)
        if value is not None and value < 1:
            raise AgentHNError(f"--{flag.replace('_', '-')} must be at least 1, got {value}")
    if args.rerank is not None and args.rerank < 0:
        raise AgentHNError(f"--rerank must be at least 0, got {args.rerank}")
    if args.copy_beta is not None:
        check_fraction(args.copy_beta, "--copy-beta", AgentHNError)
    return RunConfig(strategies=names, max_new_tokens=args.max_new_tokens, live_tokens=args.live_tokens,
                     top_k=args.top_k, rag_k=args.rag_k, segment_turns=args.segment_turns,
                     rerank=args.rerank, copy_beta=args.copy_beta, gate=args.gate)


def _judge(args):
    from agenthn.errors import AgentHNError

    if bool(args.judge_base_url) != bool(args.judge_model):
        raise AgentHNError("--judge-base-url and --judge-model go together")
    if not args.judge_base_url:
        return None
    from agenthn.bench.public.judge import Judge

    return Judge(args.judge_base_url, args.judge_model, api_key_env=args.judge_api_key_env or None)


def _run(args, convs, bench, metric: str, submissions: bool) -> int:
    import logging

    import agenthn
    from agenthn.bench.public import report, runner

    cfg = _config(args)
    for name in ("agenthn.store.files", "agenthn.store.db"):  # a line per scratch adapter file is noise here
        logging.getLogger(name).setLevel(logging.WARNING)
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    model = agenthn.load(args.model, device=args.device or "cpu")
    payload = runner.run(model, args.model, convs, cfg, bench, args.file)
    report.write(payload, args.out, metric, submissions)
    return 0


def _longmemeval(args) -> int:
    from agenthn.bench.public import longmemeval

    _config(args)  # flag errors before the file is read
    types = [t.strip() for t in args.types.split(",")] if args.types else None
    convs = longmemeval.select(longmemeval.parse(args.file), types, args.limit)
    judge = _judge(args)
    try:
        bench = longmemeval.benchmark(judge)
        return _run(args, convs, bench, "correct" if judge else "contains_match_proxy", submissions=True)
    finally:
        judge and judge.close()


def _locomo(args) -> int:
    from agenthn.bench.public import locomo
    from agenthn.errors import AgentHNError

    _config(args)
    try:
        cats = [int(c) for c in args.categories.split(",")] if args.categories else None
    except ValueError:
        raise AgentHNError(f"--categories: comma-separated numbers 1-5, got {args.categories!r}") from None
    convs = locomo.select(locomo.parse(args.file), cats, args.limit, args.max_questions)
    judge = _judge(args)
    try:
        return _run(args, convs, locomo.benchmark(judge), "f1", submissions=False)
    finally:
        judge and judge.close()
