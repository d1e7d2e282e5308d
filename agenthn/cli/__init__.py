"""The `agenthn` command line: one module of subcommands per layer, assembled in `main`."""

from agenthn.dtypes import DTYPES, SERVE_DTYPES  # noqa: F401  (re-exported to the subcommand modules)

# Benchmarks default to the tiny model: its synthetic-world runs take seconds to minutes on a CPU, where
# smol's English ones take tens of minutes (scripts/bench_smol.sh passes --model smol).
BENCH_MODEL_HELP = ("a built-in name (tiny, smol) or a model directory (default %(default)s: the fast "
                    "synthetic-world run; --model smol for English)")

DTYPE_HELP = ("base weights' dtype for agenthn.load (default bfloat16 on a GPU; on a CPU the checkpoint's "
              "own: float16 for smol, float32 for tiny). On the CPU, float16 and qint8 pack the MLP gate/up "
              "projections and the output head (the rest float32): "
              "float16 computes in float32, so a reply does not depend on other users' rows; qint8 is "
              "faster but does")
SERVE_DTYPE_HELP = ("base weights (default bfloat16 on a GPU; on a CPU the checkpoint's own: float16 for "
                    "smol, float32 for tiny); float16 on a CPU: the MLP "
                    "gate/up projections and output head in half precision, the same answers, a faster "
                    "decode")
