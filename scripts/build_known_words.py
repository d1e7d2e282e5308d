"""Build `agenthn/train/wordlists/smol_known_words.txt`: English words that smol splits into 2-4
tokens and whose later tokens its base model itself predicts once it has read the first one (session 27).

Why: v9 brings back the first piece of a rare word and then ends the sentence ("Your star sign is Pis."):
teacher-forced, the base alone would go on with "ces" (0.69) but the adapter pushes a full stop (0.90).
Training never asked for such a value: random values were glued token pieces ("Briakmo"), where the
base's own continuation is always wrong and the adapter learns to overrule it, or one-token words
("marble tide"). These words are the missing kind: too many to learn as a prior (548 kept), yet a
word the base can finish once the adapter starts it. `--set hyper.random_known_words=P` draws that
share of the random values from this list (agenthn.train.data). Measured in session 28, the premise
was narrow: stage 53 with 30% of these values gained nothing, and `scripts/probe_word_finish.py` shows
v9's adapter lets the base finish such words on the whole (0.60 against the base's 0.56); "Pis." is rare.

Source: the `english-words` package (2.0.2, MIT; its "web2" list, Webster's Second International of
1934, public domain), `pip install english-words==2.0.2`; only this script needs it. Kept: lower-case
alphabetic words of 6-14 letters that smol's tokenizer splits into 2-4 pieces after a space, whose
later pieces the base gives at least 0.2 each and 0.5 in geometric mean in a neutral frame, and none of
them a held-out value of the English world or a word of the hand-written eval sets.

    python scripts/build_known_words.py [--out agenthn/train/wordlists/smol_known_words.txt]
"""

from __future__ import annotations

import argparse
import json
import math
import re
from pathlib import Path

import torch

FRAME = "The word I mean is"
OUT = Path(__file__).resolve().parents[1] / "agenthn" / "train" / "wordlists" / "smol_known_words.txt"


def eval_words() -> set[str]:
    """Every lower-case word of the hand-written eval sets and every held-out value of the English world."""
    from agenthn.bench.eval_english import DATA
    from agenthn.world.english_values import heldout_pool_values

    words: set[str] = set()
    for f in DATA.glob("*.jsonl"):
        for line in f.read_text().splitlines():
            if line.strip():
                words |= set(re.findall(r"[a-z]+", json.dumps(json.loads(line)).lower()))
    for v in heldout_pool_values():
        words |= set(re.findall(r"[a-z]+", v.lower()))
    return words


@torch.inference_mode()
def later_piece_probs(model, words: list[str], batch: int = 256) -> list[list[float]]:
    """For each word, the base's probability of each of its pieces after the first, read in FRAME."""
    tok, base = model.tokenizer, model.base
    pre = tok.encode(FRAME, add_special_tokens=False)
    out = []
    for i in range(0, len(words), batch):
        rows = [pre + tok.encode(" " + w, add_special_tokens=False) for w in words[i: i + batch]]
        T = max(map(len, rows))
        ids = torch.zeros(len(rows), T, dtype=torch.long)
        for r, row in enumerate(rows):
            ids[r, : len(row)] = torch.tensor(row)
        logp = base(input_ids=ids).logits.float().log_softmax(-1)
        for r, row in enumerate(rows):
            out.append([math.exp(float(logp[r, j - 1, row[j]])) for j in range(len(pre) + 1, len(row))])
    return out


def main() -> None:
    from english_words import get_english_words_set

    import agenthn

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    model = agenthn.load("smol", device="cpu")
    banned = eval_words()
    cands = sorted(w for w in get_english_words_set(["web2"], alpha=True, lower=True)
                   if 6 <= len(w) <= 14 and w.isascii() and w not in banned)
    cands = [w for w in cands if 2 <= len(model.tokenizer.encode(" " + w, add_special_tokens=False)) <= 4]
    print(f"{len(cands)} candidates of 2-4 pieces")
    probs = later_piece_probs(model, cands)
    keep = [w for w, p in zip(cands, probs, strict=True)
            if min(p) >= 0.2 and math.exp(sum(map(math.log, p)) / len(p)) >= 0.5]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(keep) + "\n")
    print(f"kept {len(keep)} words -> {args.out}; e.g. {keep[:: max(1, len(keep) // 12)][:12]}")


if __name__ == "__main__":
    main()
