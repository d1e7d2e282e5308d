"""The `agenthn` command line: one module of subcommands per layer, assembled in `main`."""

# Benchmarks default to the tiny model: its synthetic-world runs take seconds to minutes on a CPU, where
# smol's English ones take tens of minutes (scripts/bench_smol.sh passes --model smol).
BENCH_MODEL_HELP = ("a built-in name (tiny, smol) or a model directory (default %(default)s: the fast "
                    "synthetic-world run; --model smol for English)")
