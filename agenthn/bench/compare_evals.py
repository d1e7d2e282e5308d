"""Is one checkpoint's eval better than another's, or is the difference a draw's noise?

    python -m agenthn.bench.compare_evals A.json B.json      # `agenthn eval internalize --json` files

For every cell both evals hold (facts x condition, composition, retention, retention over the other
document sets pooled, paragraphs) it prints the two scores, the difference and a two-sided p-value.
Evals written since session 17 keep each question's outcome, and both checkpoints are asked the same
questions, so the test is paired: an exact McNemar test on the questions only one of the two got
right. Older files hold the rates only: then Fisher's exact test on the two counts (unpaired, weaker).
n=100 a cell cannot tell 4 points apart.

With a dozen cells compared, one of them at p < 0.05 is no news: the last column holds Holm's
adjustment over the cells a hypernetwork changes (not the in-context ones, which read the same
whatever the checkpoint), the p to hold against 0.05 when asking "did anything move?".
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from scipy.stats import binomtest, fisher_exact

from agenthn.errors import AgentHNError


def cells(res: dict) -> dict[str, dict]:
    """Every scored cell of an English eval, by a readable name."""
    out = {}
    for k, conds in res.get("facts", {}).items():
        for cond in ("icl", "internalized"):
            if cond in conds:
                out[f"{k} facts, {cond}"] = conds[cond]
    for k, cell in res.get("composition", {}).items():
        out[f"16 facts over {k} segments"] = cell
    ret = res.get("retention", {})
    if "with_adapter" in ret:
        out["retention (base-right questions kept)"] = {**ret["with_adapter"], "kept": ret.get("kept")}
    pooled = _sets_pooled(ret.get("sets", {}).get("rows", []))
    if pooled:
        out["retention over the other sets (pooled)"] = {**pooled, "kept": ret.get("kept")}
    if "internalized" in res.get("paragraphs", {}):
        out["paragraphs, internalized"] = _with_outcomes(res["paragraphs"], "internalized")
    return out


def _sets_pooled(rows: list[dict]) -> dict | None:
    """Retention over the other document sets as one cell of every (set, question) pair: four sets of
    81 questions tell a 4-point loss from noise where one set cannot. Evals since session 20 keep the
    outcomes; older ones (rates only) give no cell, since a mean of rates has no n to test."""
    if not rows or not all("right" in r for r in rows):
        return None
    right = [x for r in rows for x in r["right"]]
    return {"contained": 100.0 * sum(right) / len(right), "exact": 0.0, "n": len(right), "right": right}


def _with_outcomes(conds: dict, cond: str) -> dict:
    """A cell whose every reply the file kept (the paragraphs, since session 15) is graded again
    question by question, so even an older file compares paired there."""
    cell, ex = conds[cond], conds.get("examples", [])
    if "right" in cell or len(ex) != cell["n"]:
        return cell
    from agenthn.bench.eval_english import grade

    return {**cell, "right": [int(grade(e[cond], e["answers"])[0]) for e in ex]}


def paired_test(ra: list, rb: list) -> tuple[int, int, float]:
    """Exact McNemar test of two right/wrong lists over the same questions: (right only in A, right
    only in B, two-sided p)."""
    only_a = sum(bool(x) and not y for x, y in zip(ra, rb, strict=True))
    only_b = sum(bool(y) and not x for x, y in zip(ra, rb, strict=True))
    p = binomtest(only_a, only_a + only_b, 0.5).pvalue if only_a + only_b else 1.0
    return only_a, only_b, p


def compare_cell(a: dict, b: dict) -> dict:
    """Scores, difference and p-value of one cell; paired when both kept their questions' outcomes."""
    ra, rb = a.get("right"), b.get("right")
    same_questions = a.get("kept") is None or b.get("kept") is None or a["kept"] == b["kept"]
    if ra is not None and rb is not None and len(ra) == len(rb) and same_questions:
        only_a, only_b, p = paired_test(ra, rb)
        test = f"paired: {only_a} only A, {only_b} only B"
    else:
        na, nb = a["n"], b["n"]
        ka, kb = round(a["contained"] * na / 100), round(b["contained"] * nb / 100)
        p = fisher_exact([[ka, na - ka], [kb, nb - kb]]).pvalue
        test = "unpaired (Fisher)"
    return {"a": a["contained"], "b": b["contained"], "diff": b["contained"] - a["contained"], "p": p,
            "test": test}


def compare(a: dict, b: dict) -> list[dict]:
    ca, cb = cells(a), cells(b)
    rows = [{"cell": name, **compare_cell(ca[name], cb[name])} for name in ca if name in cb]
    family = [r for r in rows if not r["cell"].endswith(", icl")]
    for r, p in zip(family, holm([r["p"] for r in family]), strict=True):
        r["p_holm"] = p
    return rows


def holm(ps: list[float]) -> list[float]:
    """Holm's step-down adjustment of m p-values (controls the chance of any false call at the level)."""
    order, out, running = sorted(range(len(ps)), key=ps.__getitem__), [1.0] * len(ps), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(ps) - rank) * ps[i]))
        out[i] = running
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("a", type=Path, help="eval JSON of checkpoint A")
    ap.add_argument("b", type=Path, help="eval JSON of checkpoint B")
    args = ap.parse_args(argv)
    try:
        a, b = (json.loads(p.read_text()) for p in (args.a, args.b))
    except (OSError, json.JSONDecodeError) as e:
        raise AgentHNError(f"cannot read an eval JSON: {e}") from None
    rows = compare(a, b)
    if not rows:
        raise AgentHNError(f"{args.a} and {args.b} share no scored cell: are both English evals?")
    print(f"| cell | A ({args.a.stem}) | B ({args.b.stem}) | B - A | p | test | p (Holm) |\n"
          "|---|---|---|---|---|---|---|")
    for r in rows:
        holm_p = f"{r['p_holm']:.3f}" if "p_holm" in r else ""
        print(f"| {r['cell']} | {r['a']:.1f}% | {r['b']:.1f}% | {r['diff']:+.1f} | {r['p']:.3f} "
              f"| {r['test']} | {holm_p} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
