"""Why memory's retrieval misses a needle's segment at 1000 turns: a probe, not a feature.

Through session 25 memory picked a segment by word TF-IDF alone (`agent.search.TfidfIndex`). Over the
needle benchmark's English conversations (held-out split, the same sets `agenthn bench niah` builds),
this rebuilds the 16-message segments (no model unless `--model`), asks every needle question and counts
how often the best segment holds the answer: with that index, with character n-grams (the index profile
entries use) and with Okapi BM25 over the same words (length-saturated term weights; a probe-only scorer,
k1 1.2, b 0.75). Misses are listed with the words the question shares with the index, so one can read why.
With `--model` (session 26) memory's own choice since then is counted too: word TF-IDF's best 5
re-ranked by how much a line of each makes the question likelier to the base model
(`agent.search.rerank`, `MemoryConfig.rerank`), and how often the needle's segment is among the 5.

    python scripts/probe_retrieval.py [--seed 0] [--conversations 10] [--turns 1000] [--model smol]
        [--out FILE]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from agenthn.agent.memory_config import MemoryConfig
from agenthn.agent.search import TfidfIndex, rerank, stop_words
from agenthn.agent.segments import render_turn
from agenthn.bench.common import write_lines
from agenthn.world.english_chat import niah_set

SEGMENT = 16  # messages per segment, as the README's needle runs (--segment-turns 16)


def bm25(texts: list[str], k1: float = 1.2, b: float = 0.75):
    """A scorer query -> one Okapi BM25 score per text, over memory's words (stop words out)."""
    cv = CountVectorizer(stop_words=stop_words())
    counts = cv.fit_transform(texts).tocsc().astype(float)
    df = np.diff(counts.indptr)
    idf = np.log(1 + (len(texts) - df + 0.5) / (df + 0.5))
    length = np.asarray(counts.sum(1)).ravel()
    norm = k1 * (1 - b + b * length / length.mean())

    def score(query: str) -> np.ndarray:
        out = np.zeros(len(texts))
        for c in cv.transform([query]).indices:
            tf = counts[:, c].toarray().ravel()
            out += idf[c] * tf * (k1 + 1) / (tf + norm)
        return out

    return score


def segments(conv: dict) -> list[tuple[int, str]]:
    msgs = conv["messages"]
    return [(i, "\n".join(render_turn(m["role"], m["content"]) for m in msgs[i:i + SEGMENT]))
            for i in range(0, len(msgs), SEGMENT)]


def probe(convs: list[dict], model=None) -> tuple[dict[str, int], int, list[str]]:
    none = "words find no segment at all (memory then looks by their stems, session 43)"
    hits = {"words (memory until session 25)": 0, "character n-grams": 0, "BM25": 0, none: 0}
    n, misses = 0, []
    k = MemoryConfig.rerank
    if model is not None:
        hits |= {f"words, best {k} re-ranked by the base (memory now)": 0, f"among words' best {k}": 0,
                 "re-ranking ms per question (total)": 0}
    for conv in convs:
        segs = segments(conv)
        words, chars, scorer = TfidfIndex(segs), TfidfIndex(segs, chars=True), bm25([t for _, t in segs])
        for q in conv["questions"]:
            holds = {sid for sid, text in segs if q["answer"] in text}
            n += 1
            top = {"words (memory until session 25)": words.search(q["question"], 1),
                   "character n-grams": chars.search(q["question"], 1),
                   "BM25": [(segs[int(np.argmax(scorer(q["question"])))][0], 0.0)]}
            if model is not None:
                t0 = time.perf_counter()
                cands = words.search(q["question"], k)
                top[f"words, best {k} re-ranked by the base (memory now)"] = rerank(
                    words, cands, dict(segs), q["question"], model.relevance)
                hits["re-ranking ms per question (total)"] += round(1000 * (time.perf_counter() - t0))
                hits[f"among words' best {k}"] += any(i in holds for i, _ in cands)
            for name, found in top.items():
                hits[name] += bool(found) and found[0][0] in holds
            hits[none] += not top["words (memory until session 25)"]
            first = top["words (memory until session 25)"]
            if not (first and first[0][0] in holds):
                vec = words.fit()[0]
                shared = sorted(str(w) for w in vec.inverse_transform(vec.transform([q["question"]]))[0])
                needle = next(m["content"] for m in conv["messages"] if q["answer"] in m["content"])
                misses.append(f"  {q['question']!r} (index words {shared}) -> needle {needle!r}")
    return hits, n, misses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--conversations", type=int, default=10)
    ap.add_argument("--turns", type=int, default=1000)
    ap.add_argument("--needles", type=int, default=10)
    ap.add_argument("--model", default=None, help="also count memory's re-ranking with this model (smol)")
    ap.add_argument("--out", default=None, help="also write the report to this file")
    args = ap.parse_args()
    convs = niah_set(args.conversations, args.seed, args.turns, n_needles=args.needles, split="eval")
    if args.model:
        import agenthn

        model = agenthn.load(args.model, device="cpu")
    hits, n, misses = probe(convs, model if args.model else None)
    lines = [f"{args.conversations} conversations x {args.needles} needles, {args.turns} turns, seed "
             f"{args.seed}, segments of {SEGMENT} messages: best segment holds the answer"]
    lines += [f"  re-ranking: {k / n:.0f} ms per question" if name.startswith("re-ranking ms")
              else f"  {name}: {k} of {n}"
              for name, k in hits.items()]
    lines += ["missed by word TF-IDF alone:"] + misses
    print("\n".join(lines))
    write_lines(args.out, lines)


if __name__ == "__main__":
    main()
