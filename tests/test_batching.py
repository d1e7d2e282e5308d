"""Continuous batching: every request's greedy output equals running it alone (random tiny models
with peaked logits, so no argmax near-ties), for mixed ranks, lengths, stop rules and mid-run joins."""

import threading

import pytest
import torch

import agenthn
from agenthn.engine.batching import BatchEngine, Handle, Request, Scheduler
from agenthn.engine.device_cache import FactorCache, adapter_key, spec_key
from agenthn.engine.generate import decode_text
from agenthn.errors import AdapterMismatchError, AgentHNError, DocumentTooLongError, OverloadedError

DOCS = ["My locker code is 4821. My pet is a dog named Rex.",
        "The special magic number is 7730. The grass is green. The sky is blue. I live in Paris."]


@pytest.fixture(scope="module", params=["llama-test", "gemma2-test"])
def setup(request, random_dirs):
    model = agenthn.load(random_dirs[request.param], device="cpu")
    a, b = model.generate_adapters(DOCS)
    return model, a, b


def prompt(n, seed):
    return torch.randint(3, 300, (n,), generator=torch.Generator().manual_seed(seed)).tolist()


def alone(model, req: Request) -> list[int]:
    """The reference: greedy decoding by full forwards (no KV cache at all) of this one request."""
    stop = model.stop_ids if req.stop_ids is None else req.stop_ids
    ids, out = list(req.prompt_ids), []
    for _ in range(req.max_new_tokens):
        t = int(model.logits(torch.tensor([ids]), adapter=req.adapter)[0, -1].argmax())
        if t in stop:
            break
        out.append(t)
        ids.append(t)
    return out


def mixed_requests(model, a, b) -> list[Request]:
    assert a.rank != b.rank
    # 120 prompt tokens: past gemma2-test's 64-token sliding window, so its sliding layers matter
    reqs = [Request(prompt(5, 0), None, 20), Request(prompt(30, 1), a, 33), Request(prompt(12, 2), b, 25),
            Request(prompt(120, 3), [a, b], 30), Request(prompt(3, 4), a.scaled(2.0), 15),
            Request(prompt(20, 5), b, 35), Request(prompt(9, 6), None, 1)]
    # a stop token taken from the middle of one request's own output: it must end there, unemitted
    for seed in range(7, 40):
        full = alone(model, Request(prompt(17, seed), a, 24, set()))
        k = next((i for i in range(2, len(full)) if full[i] not in full[:i]), None)
        if k is not None:
            reqs.append(Request(prompt(17, seed), a, 24, {full[k]}))
            return reqs
    raise AssertionError("no prompt whose output has a fresh token after two steps")


@pytest.mark.parametrize("bucketed", [False, True], ids=["exact", "bucketed"])
def test_continuous_batching_equals_running_alone(setup, bucketed):
    model, a, b = setup
    reqs = mixed_requests(model, a, b)
    want = [alone(model, r) for r in reqs]
    # fewer slots than requests: rows wait, leave, slots move. "bucketed" runs the padded shapes the
    # CUDA graphs replay (rows to a power of two, columns to a bucket), eagerly.
    sched = Scheduler(model, max_batch=5 if bucketed else 3, bucketed=bucketed)
    handles = [Handle(r) for r in reqs]
    for h in handles:
        h.factors = sched.cache.host(h.request.adapter)
    sched.add(handles[0])
    sched.add(handles[1])
    for _ in range(4):
        sched.step()
    sched.add(handles[2])  # joins two running rows mid-run
    sched.step()
    for h in handles[3:]:
        sched.add(h)
    while not sched.idle:
        sched.step()
    for h, w in zip(handles, want, strict=True):
        assert h.tokens == w
    assert [h.finish_reason for h in handles][-1] == "stop"
    assert all(h.finish_reason == "length" for h in handles[:-1])
    assert max(n for n, _, _ in sched.step_times) == (5 if bucketed else 3)


def test_column_budget_makes_requests_wait(setup):
    model, a, b = setup
    reqs = [Request(prompt(4, 11), a, 40), Request(prompt(30, 12), b, 10)]
    sched = Scheduler(model, max_batch=4, max_seq=48)
    handles = [Handle(r) for r in reqs]
    for h in handles:
        h.factors = sched.cache.host(h.request.adapter)
    sched.add(handles[0])
    for _ in range(5):
        sched.step()
    sched.add(handles[1])  # its 30-token prompt would push the running row past 48 columns: it waits
    rows = []
    while not sched.idle:
        sched.step()
        rows.append(len(sched.rows))
        assert sched.c <= 48
    assert rows[:10] == [1] * 10 and 2 in rows
    assert [h.tokens for h in handles] == [alone(model, r) for r in reqs]


def test_engine_from_threads_equals_alone_and_cancels(setup):
    model, a, b = setup
    reqs = mixed_requests(model, a, b)[:6]
    want = [alone(model, r) for r in reqs]
    got = [None] * len(reqs)
    with BatchEngine(model, max_batch=8) as engine:
        long = engine.submit(Request(prompt(10, 9), b, 200, set()))

        def user(i):
            got[i] = list(engine.submit(reqs[i]))

        threads = [threading.Thread(target=user, args=(i,)) for i in range(len(reqs))]
        for t in threads:
            t.start()
        first = next(iter(long))
        long.cancel()
        for t in threads:
            t.join()
        long.result(timeout=30)
        stats = engine.stats()
    assert got == want
    assert long.finish_reason == "cancelled" and 1 <= len(long.tokens) < 200 and long.tokens[0] == first
    assert stats["cache"]["host_entries"] >= 3


def test_chat_text_equals_decoding_alone(setup):
    model, a, _ = setup
    msgs = [{"role": "user", "content": "What is my locker code?"}]

    def text(adapter):
        return decode_text(model.tokenizer, alone(model, Request(model.prompt_ids(msgs), adapter, 12)))

    with BatchEngine(model, max_batch=4) as engine:
        assert engine.chat(msgs, adapter=a, max_new_tokens=12) == text(a)
        pieces = list(engine.chat(msgs, adapter=None, max_new_tokens=12, stream=True))
    assert "".join(pieces) == text(None)


def test_two_adapters_in_one_batch_equal_each_alone(setup):
    model, a, b = setup
    convs = [[{"role": "user", "content": q}]
             for q in ("What is my locker code?", "What is the magic number?")]
    with BatchEngine(model, max_batch=4) as engine:
        together = engine.chat_batch(convs, [a, b], max_new_tokens=10)
        apart = [engine.chat(c, x, max_new_tokens=10) for c, x in zip(convs, (a, b), strict=True)]
    assert together == apart


def test_seeded_sampling_is_reproducible(setup):
    model, a, _ = setup
    with BatchEngine(model, max_batch=4) as engine:
        hs = [engine.submit(Request(prompt(8, 1), a, 16, set(), temperature=1.5, seed=3)) for _ in range(2)]
        other = engine.submit(Request(prompt(8, 1), a, 16, set(), temperature=1.5, seed=4))
        runs = [h.result(30) for h in hs + [other]]
    assert runs[0] == runs[1] and runs[0] != runs[2]


def test_refusals(setup, random_dirs):
    model, a, _ = setup
    with BatchEngine(model, max_batch=2, max_seq=64) as engine:
        with pytest.raises(DocumentTooLongError, match="over the limit of 64 by 1"):
            engine.submit(Request(prompt(41, 0), None, 25))
        wrong = a.scaled(1.0)
        wrong.meta.hypernet_id = "someone-else"
        with pytest.raises(AdapterMismatchError):
            engine.submit(Request(prompt(4, 0), wrong, 4))
        with pytest.raises(AgentHNError, match="empty prompt"):
            engine.submit(Request([], None, 4))
    with pytest.raises(AgentHNError, match="closed"):
        engine.submit(Request(prompt(4, 0), None, 4))
    with BatchEngine(model, max_queue=0) as full, pytest.raises(OverloadedError):
        full.submit(Request(prompt(4, 0), None, 4))


def test_faults_outside_a_step_fail_their_callers(setup):
    """A request the scheduler cannot take fails alone and the engine goes on; a decode loop that
    dies outright fails every waiting caller and refuses later submits naming the cause. Before,
    both left callers waiting forever."""
    model, _, _ = setup

    class Fatal(BaseException):  # escapes the per-step `except Exception`
        pass

    engine = BatchEngine(model, max_batch=2)
    try:
        real_add = engine.scheduler.add

        def broken(handle):
            raise RuntimeError("inbox fault")

        engine.scheduler.add = broken  # fault injection into a real engine's own thread
        with pytest.raises(AgentHNError, match="inbox fault"):
            engine.submit(Request(prompt(4, 0), None, 4)).result(timeout=10)
        engine.scheduler.add = real_add
        assert len(engine.submit(Request(prompt(4, 0), None, 4)).result(timeout=60)) == 4

        def fatal():
            raise Fatal("loop fault")

        engine.scheduler.step = fatal
        with pytest.raises(AgentHNError, match="loop fault"):
            engine.submit(Request(prompt(4, 1), None, 4)).result(timeout=10)
        with pytest.raises(AgentHNError, match="decode loop stopped"):
            engine.submit(Request(prompt(4, 2), None, 4))
    finally:
        engine.close()


def test_adapter_cache_keys_and_lru(setup):
    _, a, b = setup
    assert adapter_key(a) != adapter_key(a.scaled(2.0)) and adapter_key(a) == adapter_key(a.scaled(1.0))
    assert spec_key([a, b]) != spec_key([b, a]) and spec_key([a, b]) == spec_key([a.scaled(1.0), b])
    sa, sb = (FactorCache("cpu").host(x).nbytes for x in (a, b))
    cache = FactorCache("cpu", host_bytes=sa + sb)
    assert cache.host(a) is cache.host(a)  # the second call is a hit
    cache.host(b)
    cache.host(a.scaled(3.0))  # over budget: `a`, the least recently used, is evicted
    cache.host(a)
    st = cache.stats()
    assert st["hits"]["host"] == 1 and st["misses"]["host"] == 4
    assert st["host_entries"] == 2 and st["host_bytes"] <= sa + sb
    composed = FactorCache("cpu").host([a, b])  # folded once, keyed by its ingredients
    n = a.rank - a.meta.n_static
    assert composed.rank == a.rank + b.rank - a.meta.n_static
    torch.testing.assert_close(composed.B["down_proj"][:, :n], a.B["down_proj"][:, :n] * a.scale)


def test_a_stream_never_read_does_not_abort_the_interpreter_at_exit(random_dirs):
    """A script that asks for a stream and exits without reading it leaves the decode loop mid-step;
    without the exit hook the process aborted ("terminate called without an active exception")."""
    import subprocess
    import sys

    code = ("import agenthn\n"
            f"m = agenthn.load({str(random_dirs['llama-test'])!r}, device='cpu')\n"
            "m.session().chat([{'role': 'user', 'content': 'Hi'}], max_new_tokens=64, stream=True)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "terminate called" not in run.stderr, (run.returncode, run.stderr[-500:])


OMP_CHECK = ("import os, sys; import agenthn; e = os.environ; "
             "print(e.get('OMP_WAIT_POLICY'), e.get('GOMP_SPINCOUNT'), 'torch' in sys.modules)")


@pytest.mark.parametrize("given, expected", [({}, "ACTIVE 300000 False"),
                                             ({"OMP_WAIT_POLICY": "PASSIVE"}, "PASSIVE None False"),
                                             ({"GOMP_SPINCOUNT": "5"}, "None 5 False")])
def test_import_sets_openmp_wait_policy_before_torch(given, expected):
    """The decode thread keeps its OpenMP workers spinning (agenthn/__init__.py says why): the
    variables are set on import, before torch loads (libgomp reads them once), unless the user set one."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")} | given
    out = subprocess.run([sys.executable, "-c", OMP_CHECK], env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.split()[-3:] == expected.split()


def _grams(tokens: list[int], n: int) -> list[tuple[int, ...]]:
    return [tuple(tokens[i: i + n]) for i in range(len(tokens) - n + 1)]


def alone_unrepeated(model, req: Request, n: int) -> list[int]:
    """`alone`, where a token that would say a run of `n` reply tokens a second time is never taken."""
    ids, out = list(req.prompt_ids), []
    for _ in range(req.max_new_tokens):
        logits = model.logits(torch.tensor([ids]), adapter=req.adapter)[0, -1].clone()
        for gram in _grams(out, n):
            if len(out) >= n - 1 and list(gram[:-1]) == out[len(out) - n + 1:]:
                logits[gram[-1]] = -float("inf")
        out.append(int(logits.argmax()))
        ids.append(out[-1])
    return out


def test_no_repeat_ngram_bans_a_run_said_twice_in_the_reply_only(setup):
    """A random model loops as smol did on statements; the guard breaks the loop, row by row: the rows
    beside it in the batch decode as alone, and the prompt's own runs stay free to be said."""
    model, a, _ = setup
    n = 3
    looping = [s for s in range(60) if len(set(_grams(alone(model, Request(prompt(10, s), a, 30, set())), n)))
               < 28][:2]
    assert looping, "no prompt whose greedy reply repeats a run (the guard would have nothing to break)"
    guarded = [Request(prompt(10, s), a, 30, set(), no_repeat_ngram=n) for s in looping]
    plain = Request(prompt(10, looping[0]), a, 30, set())
    with BatchEngine(model, max_batch=4) as engine:
        outs = [h.result(60) for h in [engine.submit(r) for r in guarded + [plain]]]
    for req, out in zip(guarded, outs, strict=False):
        assert len(set(_grams(out, n))) == len(_grams(out, n))
        assert out == alone_unrepeated(model, req, n)
    assert outs[-1] == alone(model, plain) and outs[-1] != outs[0]
