"""The report of a public-benchmark run: JSON, printed tables, a PNG plot and (LongMemEval) the
official submission files, one JSON-lines file of `{question_id, hypothesis}` per strategy."""

from __future__ import annotations

import json
import logging
from pathlib import Path

log = logging.getLogger(__name__)

COST_COLUMNS = ["strategy", "ingest_text_tokens_per_s", "ingest_s_per_conversation", "query_latency_s",
                "history_tokens_per_query", "query_tokens_per_query", "not_fit",
                "adapter_bytes_per_conversation",
                "memory_bytes_per_conversation"]


def score_rows(payload: dict) -> list[dict]:
    """One row per strategy and group (question type or category, then the overall rows)."""
    rows = []
    for name, res in payload["results"].items():
        for group, vals in res["scores"].items():
            rows.append({"strategy": name, "group": group, **vals})
    return rows


def _fmt(v) -> str:
    if v is None:
        return "-"
    return f"{v:.4g}" if isinstance(v, float) else str(v)


def table(rows: list[dict], columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    return "\n".join(lines + ["| " + " | ".join(_fmt(r.get(c)) for c in columns) + " |" for r in rows])


def submissions(payload: dict, out_dir: Path) -> dict[str, str]:
    """LongMemEval's submission per strategy; a reply that was not produced (did not fit) is ""."""
    from agenthn.bench.public.longmemeval import write_submission

    out = {}
    for name, recs in payload["records"].items():
        path = out_dir / f"submission_{name}.jsonl"
        write_submission(path, [(r["id"], r["hypothesis"] or "") for r in recs])
        out[name] = str(path)
    return out


def plot(payload: dict, path: Path, metric: str) -> Path:
    """Left: `metric` per group and strategy (bars); right: history tokens in each prompt per strategy."""
    from agenthn.bench.plots import pyplot

    plt = pyplot()

    names = list(payload["results"])
    groups = list(dict.fromkeys(g for r in payload["results"].values() for g in r["scores"]))
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(13, 4.8), gridspec_kw={"width_ratios": [3, 1]})
    width = 0.8 / max(len(names), 1)
    for i, name in enumerate(names):
        vals = [payload["results"][name]["scores"].get(g, {}).get(metric) for g in groups]
        ax.bar([j + i * width for j in range(len(groups))], [v or 0.0 for v in vals], width, label=name)
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(groups))], groups, rotation=30, ha="right",
                  fontsize=8)
    ax.set(ylabel=metric, ylim=(0, 1.02),
           title=f"{payload['benchmark']}: {metric} by group ({payload['model']})")
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    hist = [payload["results"][n]["cost"]["history_tokens_per_query"] for n in names]
    ax2.bar(range(len(names)), hist, color=[f"C{i}" for i in range(len(names))])
    ax2.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=8)
    ax2.set(ylabel="history tokens per prompt", title="history in context")
    ax2.set_yscale("symlog", linthresh=1)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write(payload: dict, out_dir: str | Path, metric: str, with_submissions: bool) -> dict:
    """Write everything under `out_dir` (report.json, <benchmark>.png, submissions) and print the tables."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if with_submissions:
        payload["submissions"] = submissions(payload, out)
    payload["plot"] = str(plot(payload, out / f"{payload['benchmark']}.png", metric))
    (out / "report.json").write_text(json.dumps(payload, indent=2))
    metrics = list(dict.fromkeys(k for r in payload["results"].values() for v in r["scores"].values()
                                 for k in v if k != "n"))
    print(f"\n{payload['benchmark']} on {payload['file']} with {payload['model']}: {payload['questions']} "
          f"questions, {payload['conversations']} conversations")
    for note in payload["notes"]:
        print(f"  {note}")
    print("\n" + table(score_rows(payload), ["strategy", "group", *metrics, "n"]))
    cost = [{"strategy": n, **r["cost"]} for n, r in payload["results"].items()]
    print("\n" + table(cost, COST_COLUMNS) + f"\n\nreport: {out / 'report.json'}; plot: {payload['plot']}")
    return payload
