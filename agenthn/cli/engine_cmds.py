"""Engine commands: `agenthn internalize`, `agenthn ask`, `agenthn bench internalize`."""

from __future__ import annotations

from agenthn.cli import DTYPE_HELP, DTYPES
from agenthn.engine.copying import CopySource


def register(sub, bench) -> None:
    p = bench.add_parser("internalize",
                         help="internalize latency vs one forward pass, adapter size, swap time")
    p.add_argument("--model", default="tiny",
                   help="model name or directory (default %(default)s; smol for English); "
                        "'gemma-2-2b-random' = full-size gemma-2-2b with random weights and a "
                        "Sakana-sized hypernetwork (GPU)")
    p.add_argument("--lengths", default=None, help="comma-separated document lengths in tokens "
                                                   "(default 128,512,2048; 1024,8192 for gemma-2-2b-random)")
    p.add_argument("--repeat", type=int, default=5, help="timed runs per length (median reported)")
    p.add_argument("--device", default=None, help="cpu or cuda (default: cuda when available)")
    p.add_argument("--dtype", default=None, choices=DTYPES, help=DTYPE_HELP)
    p.add_argument("--json", dest="json_out", metavar="OUT", help="write results as JSON here")
    p.set_defaults(func=_bench_internalize)

    p = sub.add_parser("ask", help="internalize a document, then answer a question without it in the prompt")
    p.add_argument("document", help="document text, or @path to read it from a file")
    p.add_argument("question")
    p.add_argument("--model", default="smol",
                   help="a built-in name (smol, the default English model; tiny, the synthetic world's) or a "
                        "model directory")
    p.add_argument("--max-new-tokens", type=int, default=48)
    p.add_argument("--copy-beta", type=float, default=CopySource.beta,
                   help="finish values as the document has them, among the tokens the adapter finds at "
                        "least this plausible against its top one (0: the adapter alone; default "
                        "%(default)s)")
    p.add_argument("--no-gate", action="store_true",
                   help="apply the document's adapter to any question (by default a model with a relevance "
                        "gate answers a question the document has nothing to do with from the base alone)")
    p.add_argument("--no-route", action="store_true",
                   help="answer under the whole document's adapter and make no sentence adapters (by "
                        "default a model with a sentence router also internalizes each sentence, several "
                        "times the whole's cost, and applies the one the question is about)")
    p.set_defaults(func=_ask)


def _bench_internalize(args) -> int:
    from agenthn.bench.internalize import run

    default = "1024,8192" if args.model == "gemma-2-2b-random" else "128,512,2048"
    lengths = [int(x) for x in (args.lengths or default).split(",")]
    run(args.model, lengths, args.repeat, args.json_out, args.device, args.dtype)
    return 0


def _ask(args) -> int:
    import sys
    from pathlib import Path

    import agenthn

    doc = Path(args.document[1:]).read_text() if args.document.startswith("@") else args.document
    model = agenthn.load(args.model)
    # --no-route: no sentence adapters to make; the session copies values from the document
    session = model.session(route=not args.no_route, copy_beta=args.copy_beta)
    session.internalize(doc)
    for piece in session.respond(args.question, max_new_tokens=args.max_new_tokens, stream=True,
                                 gate=not args.no_gate, route=not args.no_route):
        sys.stdout.write(piece)
        sys.stdout.flush()
    sys.stdout.write("\n")
    return 0
