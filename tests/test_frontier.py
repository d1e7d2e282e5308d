"""The recall-retention frontier over eval files (agenthn.bench.frontier)."""

import json

import pytest

from agenthn.bench import frontier as fr
from agenthn.errors import AgentHNError


def _eval(path, recall: list[float], retention: float, paragraphs: float):
    facts = {k: {"internalized": {"contained": r}} for k, r in zip(fr.COUNTS, recall, strict=True)}
    path.write_text(json.dumps({"facts": facts, "retention": {"retention_pct": retention},
                                "paragraphs": {"internalized": {"contained": paragraphs}}}))
    return path


def test_frontier_keeps_only_points_no_other_beats_on_both():
    pts = [{"name": n, "retention": x, "recall": y} for n, x, y in
           [("a", 70, 30), ("b", 75, 25), ("c", 68, 29), ("d", 75, 24), ("e", 60, 35), ("f", 70, 30)]]
    # c loses to a on both; d to b (same retention, less recall); a and f tie and beat neither
    assert [p["name"] for p in fr.frontier(pts)] == ["e", "a", "f", "b"]


def test_point_reads_the_mean_recall_and_names_the_stage(tmp_path):
    p = fr.point(_eval(tmp_path / "eval_M47_h200.json", [60, 42, 22, 5], 72.8, 53.3))
    assert p == {"name": "M47", "retention": 72.8, "recall": 32.25, "recall_1": 60.0, "paragraphs": 53.3}


def test_a_file_of_another_kind_is_refused_by_name(tmp_path, capsys):
    bad = tmp_path / "eval_P9_profile_h200.json"
    bad.write_text(json.dumps({"bench": "profile-edits", "scores": {}}))
    with pytest.raises(AgentHNError, match="eval_P9_profile_h200.json.*not an `agenthn eval internalize`"):
        fr.point(bad)
    with pytest.raises(SystemExit) as exit_:  # the command says so in one line, without a traceback
        fr.main([str(bad)])
    assert exit_.value.code == 2 and "eval_P9_profile_h200.json' is not" in capsys.readouterr().err


def test_main_prints_the_table_and_draws_the_plot(tmp_path, capsys):
    files = [_eval(tmp_path / "eval_A_h200.json", [60, 40, 20, 4], 70.0, 40.0),
             _eval(tmp_path / "eval_B_h200.json", [50, 30, 10, 2], 65.0, 20.0),
             _eval(tmp_path / "eval_C_h200.json", [40, 20, 8, 0], 80.0, 10.0)]
    png = tmp_path / "plots" / "frontier.png"
    fr.main([str(f) for f in files] + ["--label", "A=v1", "--png", str(png)])
    out = capsys.readouterr().out
    rows = {line.split("|")[1].strip(): line for line in out.splitlines() if line.startswith("| ")}
    assert rows["v1"].rstrip(" |").endswith("yes") and rows["C"].rstrip(" |").endswith("yes")
    assert not rows["B"].rstrip(" |").endswith("yes")
    assert png.stat().st_size > 10_000 and png.read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(SystemExit):
        fr.main([str(files[0]), "--label", "A"])
    assert "--label: 'A': write NAME=LABEL" in capsys.readouterr().err


def test_checkpoints_at_one_spot_share_one_label():
    """Two evals with the same recall and retention would print their names over each other."""
    pts = [{"name": n, "retention": x, "recall": y, "paragraphs": 30.0} for n, x, y in
           [("M50", 67.9, 34.75), ("S0.75", 67.9, 34.75), ("M42", 70.4, 33.75)]]
    plt = fr.pyplot()
    fig, ax = plt.subplots()
    fr._panel(ax, pts, fr.frontier(pts), {"M42": "v9"}, every_name=True)
    assert sorted(t.get_text() for t in ax.texts) == ["M50 / S0.75", "v9"]
    plt.close(fig)
