"""How much the hypernetwork fits its training world: answer-token accuracy of the internalized
student (and the in-context teacher) on training-split against held-out documents from the same
generator, one question per document.

    python -m agenthn.bench.train_gap --model tiny --facts 1 [--n 96]
    python -m agenthn.bench.train_gap --model smol --facts 1 4 --n 64 [--random-values 0] [--sentences]

With --sentences the gold answers are the facts said back as sentences, as v6 and later trained on
(bare values otherwise, as v1-v5 did); "value" is the accuracy on the value's own tokens alone.

A gap between the splits means the hypernetwork recalls the world's training values instead of
copying what the document says (on v3: 0.84 against 0.71 at one fact), which is what
`hyper.p_random_values` trains against.
"""

from __future__ import annotations

import argparse

import torch


def split_accuracy(model, n_facts: int, split: str, n: int, batch: int = 32,
                   random_values: float | None = None, sentences: bool = False,
                   say_variety: float = 0.0, overrides: dict[str, str] | None = None) -> dict:
    """The preset follows the model's base: the tiny world for tiny, the English corpus for English
    bases (smol). `random_values` overrides the preset's share of documents with random values;
    `overrides` sets any other preset field ({"hyper.kinds": "facts,bio,chat"}), as `--set` does."""
    from agenthn.model.config import reads_english
    from agenthn.train import common
    from agenthn.train.data import hyper_rows
    from agenthn.train.hypernet import distill_step, read_stats
    from agenthn.train.presets import get_preset

    preset = "smol" if reads_english(model.base_model_id) else "tiny"
    extra = {} if random_values is None else {"hyper.p_random_values": str(random_values)}
    if sentences:
        extra["hyper.sentence_answers"] = "1"
    if say_variety:  # training documents with their fact sentences restated (world.english_variety)
        extra["hyper.say_variety"] = str(say_variety)
    extra.update(overrides or {})
    hp = get_preset(preset, **{"hyper.n_facts": f"{n_facts},{n_facts}", "hyper.p_token_chunks": "0",
                               "hyper.p_line_segments": "0", "hyper.max_qas": "1", **extra}).hyper
    rows = hyper_rows(model.tokenizer, hp, n, 5, split)
    tot = {"stu_acc": 0, "tea_acc": 0, "tok": 0, "val_acc": 0, "val_tok": 0}
    with torch.no_grad():
        for i in range(0, len(rows), batch):
            _, stats = distill_step(model, model.hypernet, rows[i: i + batch], [], hp,
                                    common.Dist(device=model.device), {})
            stats = read_stats(stats)  # the logged sums come back from the device once per batch
            for k in tot:
                tot[k] += stats[k]
    return {"split": split, "facts": n_facts, "student": tot["stu_acc"] / tot["tok"],
            "teacher": tot["tea_acc"] / tot["tok"], "answer_tokens": tot["tok"],
            "value": tot["val_acc"] / max(tot["val_tok"], 1), "value_tokens": tot["val_tok"]}


def main(argv: list[str] | None = None) -> int:
    import agenthn
    from agenthn.errors import AgentHNError
    from agenthn.train.presets import parse_sets

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="tiny")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--facts", type=int, nargs="+", default=[1], help="facts per document (default 1)")
    ap.add_argument("--n", type=int, default=96, help="documents per split (default %(default)s)")
    ap.add_argument("--random-values", type=float, default=None, metavar="P",
                    help="share of documents whose values are random pieces (default: the preset's; 0: the "
                         "corpus' own value pools, where recalling a pool can pass for copying)")
    ap.add_argument("--splits", nargs="+", default=["train", "eval"],
                    help="splits to read (English bases also take heldout_phrasings: the training kinds "
                         "with held-out phrasings and values, which separates the kinds' share of a gap)")
    ap.add_argument("--say-variety", type=float, default=0.0, metavar="P",
                    help="restate this share of the training split's fact sentences (world.english_variety): "
                         "does the hypernetwork read the restated documents as it reads its training ones?")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="any preset field, as training takes it: hyper.kinds=facts,bio,chat reads only the "
                         "kinds the eval asks about; hyper.more_says=1 the extra statement templates")
    ap.add_argument("--sentences", action="store_true",
                    help="gold answers said as sentences (what v6 and later trained on)")
    args = ap.parse_args(argv)
    try:
        overrides = parse_sets(args.set)
    except AgentHNError as e:
        ap.error(str(e))
    model = agenthn.load(args.model, device=args.device)
    print("| facts | split | student | teacher | answer tokens | student on value tokens | value tokens |\n"
          "|---|---|---|---|---|---|---|")
    for f in args.facts:
        for split in args.splits:
            r = split_accuracy(model, f, split, args.n, random_values=args.random_values,
                               sentences=args.sentences, say_variety=args.say_variety, overrides=overrides)
            print(f"| {f} | {split} | {r['student']:.3f} | {r['teacher']:.3f} | {r['answer_tokens']} "
                  f"| {r['value']:.3f} | {r['value_tokens']} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
