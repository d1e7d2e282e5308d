"""Two facts about the inputs of session 22's retention work, printed (2-core CPU, about 2 minutes):

1. What smol writes for `hyper.retention_self`: how many distinct usable quiz questions 64 asks give
   (agenthn/train/self_prompts.py), and the first of them.
2. Where `agenthn bench retention-in-use` asks its questions: in how many of the 26 hand-written
   conversations the prompt still holds live turns, for the no-adapter baseline (vanilla: the newest
   turns that fit 16 tokens) and for memory (which internalizes the turns it flushes).

    python scripts/probe_retention_inputs.py [--model smol]
"""

from __future__ import annotations

import argparse

import agenthn
from agenthn.bench import retention_in_use as riu
from agenthn.engine.batching import BatchEngine
from agenthn.train import self_prompts as sp
from agenthn.train.data import vocabulary_words


class Counting:
    """The engine's chat_batch, counting the prompts asked."""

    def __init__(self, gen):
        self.gen, self.asked = gen, 0

    def chat_batch(self, convs, max_new_tokens):
        self.asked += len(convs)
        return self.gen.chat_batch(convs, max_new_tokens=max_new_tokens)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="smol")
    model = agenthn.load(ap.parse_args().model, device="cpu")
    with BatchEngine(model, max_batch=64, max_queue=300) as gen:
        counting = Counting(gen)
        qs = sp.self_written_questions(counting, vocabulary_words(model.tokenizer), 40, seed=0, batch=64)
    print(f"self-written: {len(qs)} distinct usable questions from {counting.asked} asks")
    for q in qs[:10]:
        print("  " + q)
    live = {"vanilla": 0, "memory-top1": 0}
    for h in riu.histories():
        s = riu.strategies(model, h)
        for mode in live:
            live[mode] += len(s[mode].context("What is half of 20?")[0]) > 1
    print(f"conversations whose prompt holds live turns, of {len(riu.histories())}: {live}")


if __name__ == "__main__":
    main()
