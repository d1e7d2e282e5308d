"""Would copying from the source text bring values back whole? A probe before a feature.

Internalized answers fail mostly on the value's later pieces: "Your car model is Nissan." for Nissan
Leaf, "Sao." for Saoirse, "12311" for 1231. Session 27 let the base finish such words (it does not know
them) and amplified the adapter over the base (it bends values as often as it completes them). Memory
and `agenthn ask` keep the text the adapter was made from, though, so the true continuation is known:
at each step, where the reply so far ends in a stretch of the source text (at least three letters
or digits from a word's start), the tokens that continue that stretch in the source are preferred,
among the tokens the adapter itself finds plausible (p >= beta * its top probability); greedy under
the adapter otherwise. Nothing of the source enters the prompt: zero history tokens still.

Same two sets as `probe_contrast.py`: one-fact held-out documents (a dev seed) and the needle
benchmark's memory answers at 1000 turns (the retrieved segment's adapter and text). Both run the
generation service's own rule (`agenthn.engine.copying`, `MemoryConfig.copy_beta`); beta 0 is the
adapter alone.

    python scripts/probe_copy.py [--betas 0 0.05] [--facts-n 60] [--facts-k 4 8] [--paragraphs]
                                 [--needle-conversations 3] [--seed 1] [--json OUT]
"""

from __future__ import annotations

import argparse
import time

from agenthn.bench.common import write_json
from agenthn.bench.eval_english import grade
from agenthn.engine.batching import shared_engine
from agenthn.engine.copying import CopySource


def fact_replies(model, prompts, adapters, docs, beta, bare: bool = False, gap_words: int = 4) -> list[str]:
    """Each question under its document's adapter (`bare`: the base alone), the document as the copy
    source (`gap_words` 0: without anchors)."""
    engine = shared_engine(model)
    return [engine.chat(p, None if bare else a, max_new_tokens=24,
                        copy=CopySource(d, beta, gap_words=gap_words) if beta else None)
            for p, a, d in zip(prompts, adapters, docs, strict=True)]


SHARE: dict = {}  # every beta reads the same internalized conversations


def needle_replies(model, conversations: int, seed: int, turns: int, beta: float, bare: bool = False):
    """Memory top-1's replies (16-message segments, the benchmark's), with copy_beta = beta; `bare`: the
    base alone copying from the same retrieved segment (the control: what the adapter adds)."""
    from agenthn.baselines import make
    from agenthn.world.english_chat import niah_set

    s = make("memory-top1", model, segment_turns=16, live_tokens=16, max_new_tokens=24, copy_beta=beta,
             share=SHARE)
    replies, answers = [], []
    for conv in niah_set(conversations, seed, turns, n_needles=10, split="eval"):
        if bare:
            s.ingest(conv["messages"])  # from SHARE where an earlier beta internalized it
        for q in conv["questions"]:
            if bare:
                messages, _ = s.context(q["question"])
                replies.append(shared_engine(model).chat(messages, None, max_new_tokens=24, copy=s._copy))
            else:
                replies.append(s.respond(conv["messages"], q["question"]))
            answers.append([q["answer"]])
    return replies, answers


def magic_set_pieces(model, per_length: int, tokens: list[int]) -> tuple[list, list, list]:
    """The magic-number bench's haystacks (seed 0, eval split), each cut into its 64-token pieces as
    memory's way does it: (the retrieved piece, the question, the number) per haystack."""
    from agenthn.bench.magic_number import retrieved_piece, sentence_pieces
    from agenthn.world.english_chat import magic_set

    docs, qs, answers = [], [], []
    for target in tokens:
        for it in magic_set(per_length, 0, target, split="eval", count_tokens=model.count_tokens):
            pieces = sentence_pieces(it["doc"], 64, model.count_tokens)
            docs.append(pieces[retrieved_piece(model, pieces, it["question"], 5)])
            qs.append(it["question"])
            answers.append([it["answer"]])
    return docs, qs, answers


def doc_sets(model, args) -> dict:
    """name -> (documents, questions, answers): dev draws of 1 and `--facts-k` facts, and with
    `--paragraphs` the 45 hand-written paragraphs (an eval set: measured, never tuned on)."""
    from agenthn.bench.eval_english import fact_items, read_jsonl

    seed, sets = 4242 + args.seed * 7919, {}
    for k in [1] + args.facts_k:
        if args.facts_n:
            sets["one_fact" if k == 1 else f"facts_{k}"] = list(zip(*fact_items(args.facts_n, k, seed=seed),
                                                                   strict=True))
    if args.magic:
        sets["magic"] = magic_set_pieces(model, args.magic, [512, 2048])
    if args.paragraphs:
        ps = read_jsonl("natural_paragraphs.jsonl")
        sets["paragraphs"] = ([p["paragraph"] for p in ps], [p["question"] for p in ps],
                              [p["answers"] for p in ps])
    return sets


def main() -> None:
    import agenthn
    from agenthn.bench.eval_internalize import adapters_for
    from agenthn.bench.niah import correct_words

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="smol")
    ap.add_argument("--betas", type=float, nargs="+", default=[0.0, 0.05])
    ap.add_argument("--facts-n", type=int, default=60, help="documents per dev draw (0: none)")
    ap.add_argument("--facts-k", type=int, nargs="*", default=[], help="also dev draws of K facts each")
    ap.add_argument("--paragraphs", action="store_true", help="also the hand-written paragraphs")
    ap.add_argument("--magic", type=int, default=0, metavar="N",
                    help="also the magic-number bench's retrieved pieces, N haystacks at 512 and 2,048 "
                         "tokens")
    ap.add_argument("--needle-conversations", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1,
                    help="dev draws (the eval's facts are seed 4242, needles 0)")
    ap.add_argument("--bare", action="store_true",
                    help="the control: the base alone (no adapter) copying from the same source")
    ap.add_argument("--gap-words", type=int, default=4,
                    help="the copy rule's anchor reach on the document sets (0: the reply's own end only)")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    model = agenthn.load(args.model, device="cpu")
    res = {}
    sets = doc_sets(model, args)
    if args.needle_conversations:
        sets["needles"] = None
    for name, docset in sets.items():
        if docset is not None:
            docs, qs, answers = docset
            adapters = adapters_for(model, list(docs))
            prompts = [[{"role": "user", "content": q}] for q in qs]
        for beta in args.betas:
            t0 = time.time()
            if docset is not None:
                replies = fact_replies(model, prompts, adapters, docs, beta, args.bare, args.gap_words)
                right = [int(grade(r, a)[0]) for r, a in zip(replies, answers, strict=True)]
            else:
                replies, answers = needle_replies(model, args.needle_conversations, args.seed, 1000, beta,
                                                  args.bare)
                right = [int(correct_words(r, a[0])) for r, a in zip(replies, answers, strict=True)]
            res[f"{name}/beta {beta}"] = {"right": right, "replies": replies, "answers": list(answers)}
            dt = time.time() - t0
            print(f"{name:10s} beta {beta:<5}: {sum(right)}/{len(right)} ({dt:.0f} s)", flush=True)
        show_changes(res, name, args.betas)
    write_json(args.json, {"probe": "copy", "model": args.model, "seed": args.seed, "bare": args.bare,
                           "results": res})


def show_changes(res: dict, name: str, betas: list[float]) -> None:
    base = res[f"{name}/beta {betas[0]}"]
    for beta in betas[1:]:
        cur = res[f"{name}/beta {beta}"]
        for r0, r1, a, x0, x1 in zip(base["right"], cur["right"], base["answers"], base["replies"],
                                     cur["replies"], strict=True):
            if x0 != x1:
                mark = "+" if r1 > r0 else "-" if r1 < r0 else "="
                print(f"  {name} beta {beta}: {mark} [{a[0]}] {x0!r} -> {x1!r}")


if __name__ == "__main__":
    main()
