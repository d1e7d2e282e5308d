"""`agenthn eval profile`: profile edits proposed for hand-written English turns, against gold edits.

Each row of `bench/data/profile_turns.jsonl` (78 turns written by hand, never trained on) holds the
profile before the turn, the turn and the edits it implies. The turn goes through the same path as in
a chat (`Personalizer.observe`): questions are dropped (`stated_part`; a turn that only asks gets no
model call), the model proposes edits for the rest (`profile_proposer.request`: for smol, the shipped
task adapter when present), and the strict parser keeps what it can validate. Only accepted edits
count: the parser is part of the feature.

An edit is right when its key (both sides through `normalize_key`) and its value (case-insensitive;
REMOVE has none) match a gold edit of that turn. Reported: precision, recall and F1 of right edits;
the same with the op required too (strict); op accuracy among right edits; edits applied on
question turns (target 0); edits on turns that imply none; and, to tell key naming from value
finding, F1 on values alone.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from agenthn.agent import profile_proposer
from agenthn.agent.profile import (
    CONTROL_TOKENS,
    ProfileConfig,
    ask_again_unshown,
    clause_additions,
    clauses,
    parse_proposal,
    stated_part,
)
from agenthn.agent.profile_keys import normalize_key
from agenthn.bench.common import machine, markdown_table, write_json
from agenthn.engine.batching import shared_engine

DATA = Path(__file__).resolve().parent / "data" / "profile_turns.jsonl"


def load_turns(path: str | Path = DATA) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


def _value(v: str | None) -> str | None:
    return None if v is None else v.strip().strip(".").strip().lower()


def propose_all(model, rows: list[dict], cfg: ProfileConfig) -> list[dict]:
    """Raw proposals and accepted edits for every row, all model calls in one batch."""
    stated = [stated_part(r["turn"]) for r in rows]
    asks = [i for i, s in enumerate(stated) if s]
    raw = _proposals(model, cfg, {i: rows[i]["profile_before"] for i in asks}, stated)
    again = [i for i in asks if ask_again_unshown(raw[i], stated[i], rows[i]["profile_before"], cfg)]
    raw |= _proposals(model, cfg, dict.fromkeys(again, {}), stated)  # as `Personalizer.observe` asks again
    control = CONTROL_TOKENS + tuple(getattr(model.tokenizer, "all_special_tokens", ()) or ())
    results = []
    for i, r in enumerate(rows):
        accepted, rejected = ([], []) if i not in raw else parse_proposal(
            raw[i], r["profile_before"], cfg, control, turn=stated[i])
        results.append({"id": r["id"], "turn": r["turn"], "raw": raw.get(i),
                        "edits": [{"op": e.op, "key": e.key, "value": e.value} for e in accepted],
                        "rejected": [{"line": x.line, "reason": x.reason} for x in rejected],
                        "gold": r["edits"]})
    _add_clauses(model, cfg, control, rows, stated, results)
    return results


def _add_clauses(model, cfg: ProfileConfig, control: tuple[str, ...], rows: list[dict], stated: list[str],
                 results: list[dict]) -> None:
    """Each result's edits from its turn's clauses asked for alone, as `Personalizer.observe` adds
    them (`ProfileConfig.ask_clauses`), every clause shown the profile after the whole turn's edits."""
    after = {i: _applied(rows[i]["profile_before"], x["edits"]) for i, x in enumerate(results) if x["raw"]}
    asks = [(i, c) for i in after for c in (clauses(stated[i]) if cfg.ask_clauses else [])]
    raw = _proposals(model, cfg, {k: after[i] for k, (i, _) in enumerate(asks)}, [c for _, c in asks])
    for k, (i, clause) in enumerate(asks):
        added = clause_additions(raw[k], after[i], cfg, control, clause)
        new = [{"op": e.op, "key": e.key, "value": e.value} for e in added]
        results[i]["edits"] += new
        results[i].setdefault("clauses", []).append({"clause": clause, "raw": raw[k]})
        after[i] = _applied(after[i], new)


def _applied(profile: dict[str, str], edits: list[dict]) -> dict[str, str]:
    out = dict(profile)
    for e in edits:
        if e["op"] == "REMOVE":
            out.pop(e["key"], None)
        else:
            out[e["key"]] = e["value"]
    return out


def _proposals(model, cfg: ProfileConfig, shown: dict[int, dict], stated: list[str]) -> dict[int, str]:
    """{row: raw proposal} for the rows in `shown`, each shown that profile, in one batch."""
    reqs = [profile_proposer.request(model, cfg.proposer, shown[i], stated[i]) for i in shown]
    outs = profile_proposer.propose_all(shared_engine(model), reqs, cfg.max_new_tokens)
    return dict(zip(shown, outs, strict=True))


def _match(pred: list[dict], gold: list[dict], use_op: bool, use_key: bool = True) -> int:
    """Predicted edits that match a distinct gold edit."""
    def sig(e):
        return (e["op"] if use_op else None, normalize_key(e["key"]) if use_key else None, _value(e["value"]))
    left = [sig(g) for g in gold]
    n = 0
    for p in pred:
        if sig(p) in left:
            left.remove(sig(p))
            n += 1
    return n


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score(results: list[dict]) -> dict:
    n_pred = sum(len(x["edits"]) for x in results)
    n_gold = sum(len(x["gold"]) for x in results)
    right = sum(_match(x["edits"], x["gold"], use_op=False) for x in results)
    strict = sum(_match(x["edits"], x["gold"], use_op=True) for x in results)
    values = sum(_match(x["edits"], x["gold"], use_op=False, use_key=False) for x in results)
    questions = [x for x in results if x["turn"].rstrip().endswith("?")]
    no_edit = [x for x in results if not x["gold"]]
    return {**_prf(right, n_pred, n_gold), "strict": _prf(strict, n_pred, n_gold),
            "values_only": _prf(values, n_pred, n_gold),
            "op_accuracy": strict / right if right else None,
            "proposed": n_pred, "gold": n_gold, "right": right,
            "question_turns": len(questions), "edits_on_questions": sum(len(x["edits"]) for x in questions),
            "no_edit_turns": len(no_edit), "edits_on_no_edit_turns": sum(len(x["edits"]) for x in no_edit),
            "turns_all_right": sum(_match(x["edits"], x["gold"], True) == len(x["gold"]) == len(x["edits"])
                                   for x in results)}


def run(model, proposer: str = "auto", json_out: str | None = None, max_new_tokens: int = 48,
        turns: str | Path = DATA) -> dict:
    cfg = ProfileConfig(proposer=proposer, max_new_tokens=max_new_tokens)
    rows = load_turns(turns)
    how = profile_proposer.resolve(model, proposer)
    t0 = time.perf_counter()
    results = propose_all(model, rows, cfg)
    seconds = time.perf_counter() - t0
    s = score(results)
    mach = machine()
    where = mach.get("gpu") or f"cpu, {mach['cpus']} cores"
    row = {"model": getattr(model, "name", ""), "proposer": how, "f1": s["f1"], "precision": s["precision"],
           "recall": s["recall"], "strict_f1": s["strict"]["f1"], "op_accuracy": s["op_accuracy"],
           "values_only_f1": s["values_only"]["f1"], "edits_on_questions": s["edits_on_questions"],
           "edits_on_no_edit_turns": s["edits_on_no_edit_turns"], "seconds": round(seconds, 1),
           "machine": where}
    table = markdown_table([row], list(row))
    print(table)
    print(f"\n{s['right']} of {s['gold']} gold edits right, {s['proposed']} proposed; "
          f"{s['turns_all_right']} of {len(rows)} turns exactly right "
          "(target: F1 >= 0.8, no edit on a question)")
    payload = {"bench": "profile_edits", "model": getattr(model, "name", ""), "proposer": how,
               "data": Path(turns).name, "turns": len(rows), "machine": mach, "seconds": seconds,
               "scores": s, "rows": [row], "markdown": table, "results": results}
    write_json(json_out, payload)
    return payload
