"""Feature benchmarks: `agenthn bench personalize`, `agenthn bench skills`, `agenthn bench improve`.

torch and the model load inside the command functions, so `agenthn --help` stays instant.
"""

from __future__ import annotations

from agenthn.cli import BENCH_MODEL_HELP
from agenthn.cli.memory_cmds import share


def _common(p, plot_name: str) -> None:
    p.add_argument("--model", default="tiny", help=BENCH_MODEL_HELP)
    p.add_argument("--device", default=None, help="cpu or cuda (default: cuda when available)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--quick", action="store_true", help="a small run (a few minutes on 2 CPU cores)")
    p.add_argument("--json", dest="json_out", metavar="OUT", help="write results as JSON here")
    p.add_argument("--plot", default=None, help=f"PNG plot path (default: next to --json with its name, else "
                                                f"{plot_name}; '' for none)")
    p.set_defaults(plot_name=plot_name)


def register(sub, bench) -> None:
    p = bench.add_parser("personalize",
                         help="profile adapter vs profile in prompt vs nothing, in a fresh session")
    _common(p, "bench_personalize.png")
    p.add_argument("--data", default="auto", choices=["auto", "tiny", "english"],
                   help="users: the tiny world's synthetic ones, or English ones with free-form facts "
                        "(auto: English for every base but tiny's own)")
    p.add_argument("--users", type=int, default=None,
                   help="users (default 24, --quick 6; English: 12, --quick 4)")
    p.add_argument("--sessions", type=int, default=None, help="sessions per user (default 4; English 3)")
    p.add_argument("--per-session", type=int, default=None,
                   help="profile events per session (default 5; English 4, plus one turn of small talk)")
    p.add_argument("--refresh-every", type=int, default=3,
                   help="re-internalize the profile every N applied edits")
    p.add_argument("--copy-beta", type=share, default=0.0, metavar="BETA",
                   help="also run the two adapter conditions with decoding finishing values from the "
                        "entries' text where the adapter finds the continuation plausible (p >= BETA x the "
                        "top token's), as a chat turn does with the profile's default 0.05; 0: not run")
    p.set_defaults(func=_personalize)

    p = bench.add_parser("skills", help="internalized skills vs skills document in context vs none")
    _common(p, "bench_skills.png")
    p.add_argument("--docs", type=int, default=None,
                   help="skills documents (default 24, --quick 6; English bases 12, --quick 4)")
    p.add_argument("--rules", type=int, default=4, help="rules per document")
    p.add_argument("--problems", type=int, default=5, help="problems per document")
    p.set_defaults(func=_skills)

    p = bench.add_parser("improve",
                         help="self-improvement: accuracy per round on attempted and unseen questions")
    _common(p, "bench_improve.png")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--entities", type=int, default=None,
                   help="encyclopedia entities (default 30, --quick 8); English bases: workplaces of 3 "
                        "attempted rules (default 12, --quick 4)")
    p.add_argument("--writers", default="model,reference",
                   help="who writes the study notes: model, reference (the world's note), or both")
    p.add_argument("--redrafts", type=int, default=None,
                   help="times a rejected model-written note is drafted again, sampled (0: one greedy draft; "
                        "default 2 for the tiny world, 4 for an English base)")
    p.set_defaults(func=_improve)


def _plot(args) -> str | None:
    from agenthn.bench.common import plot_target

    path = plot_target(args.json_out, args.plot, args.plot_name)
    return str(path) if path else None


def _load(args):
    import logging

    import torch

    import agenthn

    # Per-edit rejections and per-file writes are useful in a server log, noise in a benchmark's output.
    for name in ("agenthn.agent.profile", "agenthn.store.files", "agenthn.agent.skills"):
        logging.getLogger(name).setLevel(logging.WARNING)
    torch.manual_seed(args.seed)
    return agenthn.load(args.model, device=args.device)


def _personalize(args) -> int:
    from agenthn.bench.common import english_data
    from agenthn.bench.personalize import run

    english = english_data(args.model, args.data)
    users = args.users or ((4 if args.quick else 12) if english else (6 if args.quick else 24))
    sessions = args.sessions or (3 if english else 4)
    per_session = args.per_session or (4 if english else 5)
    run(_load(args), users, sessions, per_session, args.seed, args.refresh_every, args.json_out, _plot(args),
        data="english" if english else "tiny", copy_beta=args.copy_beta)
    return 0


def _skills(args) -> int:
    from agenthn.bench.common import english_base

    if english_base(args.model):  # English workplace skill sheets (`world.english_skills`)
        from agenthn.bench.skills_english import run as run_english

        docs = args.docs or (4 if args.quick else 12)
        run_english(_load(args), docs, args.rules, args.problems, args.seed, args.json_out, _plot(args))
        return 0
    from agenthn.bench.skills import run

    docs = args.docs or (6 if args.quick else 24)
    run(_load(args), docs, args.rules, args.problems, args.seed, args.json_out, _plot(args))
    return 0


def _improve(args) -> int:
    from agenthn.bench.common import english_base
    from agenthn.bench.improve import run

    english = english_base(args.model)  # English workplace rules; workplaces instead of entities
    entities = args.entities or ((4 if args.quick else 12) if english else (8 if args.quick else 30))
    writers = [w.strip() for w in args.writers.split(",") if w.strip()]
    run(_load(args), entities, args.rounds, args.seed, args.json_out, _plot(args), writers, args.redrafts,
        english=english)
    return 0
