"""Decoding with the base model as a prior (`Request.prior`): each such request takes a second row, the
base's, fed the same tokens; the pick is argmax(log p_adapted + prior * log p_base). Checked against a
reference made by full forwards, mixed with plain requests in one batch, waiting for two free slots,
cancelled, and refused where the value or the engine cannot hold it."""

import math

import pytest
import torch

import agenthn
from agenthn.engine.batching import BatchEngine, Handle, Request, Scheduler
from agenthn.errors import AgentHNError

DOCS = ["My locker code is 4821. My pet is a dog named Rex.",
        "The special magic number is 7730. The grass is green. The sky is blue. I live in Paris."]


@pytest.fixture(scope="module")
def setup(random_dirs):
    model = agenthn.load(random_dirs["llama-test"], device="cpu")
    a, b = model.generate_adapters(DOCS)
    return model, a.scaled(4.0), b.scaled(4.0)  # strong adapters: the base's prior must visibly matter


def prompt(n, seed):
    return torch.randint(3, 300, (n,), generator=torch.Generator().manual_seed(seed)).tolist()


def reference(model, req: Request) -> list[int]:
    """Greedy by full forwards: the adapted model's log-probabilities plus prior times the base's."""
    stop = model.stop_ids if req.stop_ids is None else req.stop_ids
    ids, out = list(req.prompt_ids), []
    for _ in range(req.max_new_tokens):
        x = torch.tensor([ids])
        score = model.logits(x, adapter=req.adapter)[0, -1].float().log_softmax(-1)
        if req.prior and req.adapter is not None:
            score = score + req.prior * model.logits(x)[0, -1].float().log_softmax(-1)
        t = int(score.argmax())
        if t in stop:
            break
        out.append(t)
        ids.append(t)
    return out


def run(sched: Scheduler, reqs: list[Request]) -> list[Handle]:
    handles = [Handle(r) for r in reqs]
    for h in handles:
        h.factors = sched.cache.host(h.request.adapter)
        sched.add(h)
    while not sched.idle:
        sched.step()
        assert len(sched.rows) <= sched.max_batch
    return handles


def test_prior_rows_equal_the_reference_beside_plain_rows(setup):
    model, a, b = setup
    reqs = [Request(prompt(9, 0), a, 14, prior=1.0), Request(prompt(20, 1), b, 20),
            Request(prompt(5, 2), None, 8, prior=0.5),  # no adapter: the base alone, no second row
            Request(prompt(14, 3), [a, b], 17, prior=0.3), Request(prompt(7, 4), b, 12, prior=1.0)]
    want = [reference(model, r) for r in reqs]
    plain = [reference(model, Request(r.prompt_ids, r.adapter, r.max_new_tokens)) for r in reqs]
    assert any(w != p for w, p in zip(want, plain, strict=True))  # the prior changes some reply
    sched = Scheduler(model, max_batch=3)  # three slots: a prior request waits for two of them
    handles = run(sched, reqs)
    assert [h.tokens for h in handles] == want
    assert sched.rows == [] and max(n for n, _, _ in sched.step_times) == 3


def test_a_cancelled_prior_request_takes_its_base_row_along(setup):
    model, a, _ = setup
    sched = Scheduler(model, max_batch=4)
    h = Handle(Request(prompt(6, 5), a, 30, set(), prior=0.5))
    h.factors = sched.cache.host(a)
    sched.add(h)
    sched.step()
    assert len(sched.rows) == 2
    h.cancel()
    sched.step()
    assert sched.rows == [] and h.finish_reason == "cancelled"


def test_engine_prior_chat_and_refusals(setup):
    model, a, _ = setup
    msgs = [{"role": "user", "content": "What is my locker code?"}]
    req = Request(model.prompt_ids(msgs), a, 10, prior=0.4)
    with BatchEngine(model, max_batch=4) as engine:
        assert engine.generate(req, 30) == reference(model, req)
        for bad in (-0.1, 1.5, math.nan, "0.2"):
            with pytest.raises(AgentHNError, match=f"prior must be a number in \\[0, 1\\], got {bad!r}"):
                engine.submit(Request(prompt(4, 0), a, 4, prior=bad))
    with BatchEngine(model, max_batch=1) as one, pytest.raises(AgentHNError, match="max_batch is 1"):
        one.submit(Request(prompt(4, 0), a, 4, prior=0.2))
