"""The base weights' dtypes a user may name, by name only (no torch): the CLI reads them at start and
the server's config validates against the same list, neither importing the other."""

DTYPES = ("float32", "bfloat16", "float16", "qint8")
# What serve and chat load: qint8 is left out, since its activation scales are per batch, so a user's
# reply would depend on the other rows decoding beside it.
SERVE_DTYPES = tuple(d for d in DTYPES if d != "qint8")
SERVE_DTYPE_PATTERN = "^(" + "|".join(SERVE_DTYPES) + ")$"
# What a checkpoint may name as its CPU default (config.json's cpu_dtype): row-safe, measured choices.
CPU_DEFAULT_DTYPES = ("float32", "float16")
