"""Does amplifying what an adapter adds over the base bring values back whole? A probe, not a feature.

Internalized answers fail mostly on the value: cut short ("Your favourite food is empan." for empanadas,
"Your landlord's name is Sao." for Saoirse) or stretched ("12311" for 1231). Session 12 found the adapter
does raise the value's next token over the base alone, but not past the full stop the base prefers
(`scripts/probe_cut_short.py`). Contrastive decoding reads that difference directly: at every step the
next token maximises log p_adapter + alpha * (log p_adapter - log p_base), among the tokens the adapter
itself finds plausible (p_adapter >= beta * its top probability), greedy otherwise. alpha = 0 is plain
greedy decoding under the adapter, the eval's own.

Two sets: one-fact held-out documents (`eval_english.fact_items`, a dev seed by default, not the eval's
draw) and the needle benchmark's memory answers at 1000 turns (the retrieved segment's adapter, the
conversation's static block, no history tokens). For each alpha every reply is kept.

    python scripts/probe_contrast.py [--alphas 0 0.5 1] [--facts-n 60] [--needle-conversations 3]
                                     [--seed 1] [--json OUT]
"""

from __future__ import annotations

import argparse
import math
import time

import torch

from agenthn.bench.common import write_json
from agenthn.bench.eval_english import grade
from agenthn.engine import templates
from agenthn.engine.generate import decode_text, forward


def token_kinds(tokenizer) -> tuple[torch.Tensor, torch.Tensor]:
    """(continues a word, ends a sentence) masks over the vocabulary: a token whose text starts with a
    letter or digit continues the word before it ("ces" after " Pis"); one of only . ! ? or , ends."""
    n = len(tokenizer)
    cont, end = torch.zeros(n, dtype=torch.bool), torch.zeros(n, dtype=torch.bool)
    for i in range(n):
        t = tokenizer.decode([i])
        cont[i] = bool(t) and t[0].isalnum()
        end[i] = bool(t) and all(c in ".!?," for c in t)
    end[list(templates.stop_ids(tokenizer))] = True  # the end of the reply ends the word too
    return cont, end


def pick(pa: torch.Tensor, pb: torch.Tensor, alpha: float, beta: float, tau: float | None,
         kinds) -> list[int]:
    """The next token per row: the contrast (alpha; 0 = greedy under the adapter) or, with `tau`, greedy
    under the adapter unless it ends the sentence while the base is surer than tau of how the word goes
    on (then the base's continuation)."""
    if tau is None:
        score = pa + alpha * (pa - pb)
        score[pa < pa.max(-1, keepdim=True).values + math.log(beta)] = -math.inf
        return score.argmax(-1).tolist()
    cont, end = kinds
    out = pa.argmax(-1).tolist()
    pb_cont = pb.masked_fill(~cont.to(pb.device), -math.inf)
    best_p, best = pb_cont.max(-1)
    for i, t in enumerate(out):
        if end[t] and best_p[i].exp() > tau:
            out[i] = int(best[i])
    return out


@torch.inference_mode()
def contrast_greedy(model, prompts: list[list[int]], adapters: list, alpha: float, beta: float = 0.1,
                    max_new: int = 24, tau: float | None = None, kinds=None) -> list[str]:
    """Replies to `prompts`, row i under adapters[i], decoded by the adapter-over-base contrast (or by
    the word-completion rule when `tau` is given)."""
    n, head = len(prompts), model.base.get_output_embeddings()
    lora = model.lora_batch(list(adapters) + [None] * n)
    seqs, out = [list(p) for p in prompts], [[] for _ in prompts]
    done, stops = [False] * n, templates.stop_ids(model.tokenizer)
    for _ in range(max_new):
        T = max(len(s) for s in seqs)
        ids = torch.zeros(2 * n, T, dtype=torch.long)
        mask = torch.zeros(2 * n, T, dtype=torch.long)
        for i, s in enumerate(seqs + seqs):  # right padding: causal attention keeps real tokens exact
            ids[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = 1
        hidden = forward(model.base.get_decoder(), lora, input_ids=ids.to(model.device),
                         attention_mask=mask.to(model.device)).last_hidden_state
        last = torch.tensor([len(s) - 1 for s in seqs + seqs], device=model.device)
        logp = head(hidden[torch.arange(2 * n, device=model.device), last]).float().log_softmax(-1)
        pa, pb = logp[:n], logp[n:]
        for i, t in enumerate(pick(pa, pb, alpha, beta, tau, kinds)):
            if done[i]:
                continue
            if t in stops:
                done[i] = True
                continue
            seqs[i].append(t)
            out[i].append(t)
        if all(done):
            break
    return [decode_text(model.tokenizer, o) for o in out]


def batched(model, prompts, adapters, alpha, beta, batch=16, tau=None, kinds=None) -> list[str]:
    replies = []
    for i in range(0, len(prompts), batch):
        replies += contrast_greedy(model, prompts[i: i + batch], adapters[i: i + batch], alpha, beta,
                                   tau=tau, kinds=kinds)
    return replies


def fact_set(model, n: int, seed: int) -> tuple[list, list, list[list[str]]]:
    from agenthn.bench.eval_english import fact_items
    from agenthn.bench.eval_internalize import adapters_for

    items = fact_items(n, 1, seed=seed)
    prompts = [model.prompt_ids([{"role": "user", "content": q}]) for _, q, _ in items]
    return prompts, adapters_for(model, [d for d, _, _ in items]), [a for _, _, a in items]


def needle_set(model, conversations: int, seed: int, turns: int) -> tuple[list, list, list[list[str]]]:
    from agenthn.baselines import make
    from agenthn.world.english_chat import niah_set

    s = make("memory-top1", model, segment_turns=16, live_tokens=16, max_new_tokens=24)
    prompts, adapters, answers = [], [], []
    for conv in niah_set(conversations, seed, turns, n_needles=10, split="eval"):
        s.respond(conv["messages"], conv["questions"][0]["question"])  # ingests the conversation once
        for q in conv["questions"]:
            messages, ads, _, _ = s.mem.context(q["question"])
            prompts.append(model.prompt_ids(messages))
            adapters.append(ads)
            answers.append([q["answer"]])
    return prompts, adapters, answers


def main() -> None:
    import agenthn
    from agenthn.bench.niah import correct_words

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="smol")
    ap.add_argument("--alphas", type=float, nargs="+", default=[0.0, 0.5, 1.0])
    ap.add_argument("--beta", type=float, default=0.1)
    ap.add_argument("--taus", type=float, nargs="*", default=[],
                    help="also decode by the word-completion rule at these base confidences")
    ap.add_argument("--facts-n", type=int, default=60)
    ap.add_argument("--needle-conversations", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1,
                    help="dev draws (the eval's facts are seed 4242, needles 0)")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    model = agenthn.load(args.model, device="cpu")
    sets = {}
    if args.facts_n:
        facts = fact_set(model, args.facts_n, 4242 + args.seed * 7919)
        sets["one_fact"] = (*facts, lambda r, a: grade(r, a)[0])
    if args.needle_conversations:
        sets["needles"] = (*needle_set(model, args.needle_conversations, args.seed, 1000),
                           lambda r, a: correct_words(r, a[0]))
    res, kinds = {}, token_kinds(model.tokenizer) if args.taus else None
    runs = [(f"alpha {a}", a, None) for a in args.alphas] + [(f"tau {t}", 0.0, t) for t in args.taus]
    for name, (prompts, adapters, answers, ok) in sets.items():
        for label, alpha, tau in runs:
            t0 = time.time()
            replies = batched(model, prompts, adapters, alpha, args.beta, tau=tau, kinds=kinds)
            right = [int(ok(r, a)) for r, a in zip(replies, answers, strict=True)]
            res[f"{name}/{label}"] = {"right": right, "replies": replies, "answers": answers}
            print(f"{name:9s} {label:10s}: {sum(right)}/{len(right)} ({time.time() - t0:.0f} s)", flush=True)
    for name in sets:
        base = res[f"{name}/{runs[0][0]}"]
        for label, _, _ in runs[1:]:
            cur = res[f"{name}/{label}"]
            for r0, r1, a, x0, x1 in zip(base["right"], cur["right"], base["answers"], base["replies"],
                                         cur["replies"], strict=True):
                if r0 != r1:
                    print(f"  {name} {label}: {'+' if r1 else '-'} [{a[0]}] {x0!r} -> {x1!r}")
    write_json(args.json, {"probe": "contrast", "model": args.model, "beta": args.beta, "seed": args.seed,
                           "results": res})


if __name__ == "__main__":
    main()
