"""bench.compare_evals: paired (McNemar) where both evals kept each question's outcome, Fisher otherwise;
a difference of a few questions in 100 is not called real, a large paired one is."""

import json

import pytest

from agenthn.bench import compare_evals
from agenthn.bench.eval_english import score
from agenthn.errors import AgentHNError


def _eval(right: list[int], keep_outcomes: bool = True) -> dict:
    cell = {"contained": 100.0 * sum(right) / len(right), "exact": 0.0, "n": len(right)}
    if keep_outcomes:
        cell["right"] = right
    return {"facts": {"1": {"internalized": cell}}, "retention": {"with_adapter": cell}}


def test_score_keeps_each_questions_outcome():
    res = score(["Your cat's name is Miso.", "No idea."], [["Miso"], ["Porto"]])
    assert res["right"] == [1, 0] and res["contained"] == 50.0


def test_paired_cells_tell_a_large_gain_from_noise():
    a = [1] * 50 + [0] * 50
    big = compare_evals.compare(_eval(a), _eval([1] * 70 + [0] * 30))[0]
    assert big["diff"] == 20.0 and big["p"] < 0.001 and big["test"].startswith("paired: 0 only A, 20 only B")
    same = compare_evals.compare(_eval(a), _eval(a))[0]
    assert same["p"] == 1.0 and same["diff"] == 0.0
    swapped = compare_evals.compare(_eval(a), _eval(a[2:] + a[:2]))[0]  # 2 won, 2 lost: no difference
    assert swapped["diff"] == 0.0 and swapped["p"] == 1.0


def test_unpaired_fallback_calls_four_points_at_n100_noise():
    r = compare_evals.compare(_eval([1] * 14 + [0] * 86, False), _eval([1] * 18 + [0] * 82, False))[0]
    assert r["test"] == "unpaired (Fisher)" and 0.3 < r["p"] < 1.0


def test_paragraph_replies_are_graded_again_when_the_file_kept_them_all():
    ex = [{"answers": ["Miso"], "internalized": "It is Miso."},
          {"answers": ["Porto"], "internalized": "Lisbon"}]
    res = {"paragraphs": {"internalized": {"contained": 50.0, "exact": 0.0, "n": 2}, "examples": ex}}
    assert compare_evals.cells(res)["paragraphs, internalized"]["right"] == [1, 0]


def test_main_prints_a_table_and_names_files_that_share_nothing(tmp_path, capsys):
    a, b, other = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "o.json"
    a.write_text(json.dumps(_eval([1, 0, 1, 1])))
    b.write_text(json.dumps(_eval([1, 1, 1, 1])))
    other.write_text(json.dumps({"model": "tiny"}))
    assert compare_evals.main([str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "| 1 facts, internalized | 75.0% | 100.0% | +25.0 |" in out and "p (Holm)" in out
    with pytest.raises(AgentHNError, match="share no scored cell"):
        compare_evals.main([str(a), str(other)])


def test_holm_adjusts_for_the_cells_compared():
    assert compare_evals.holm([0.01, 0.04, 0.03, 0.5]) == pytest.approx([0.04, 0.09, 0.09, 0.5])
    assert compare_evals.holm([0.039] + [1.0] * 7)[0] == pytest.approx(0.312)
    assert compare_evals.holm([]) == []


def test_retention_sets_pool_into_one_paired_cell_only_when_every_set_kept_outcomes():
    sets_a = [{"facts": 1, "retention_pct": 75.0, "right": [1, 1, 1, 0]},
              {"facts": 4, "retention_pct": 50.0, "right": [1, 0, 1, 0]}]
    sets_b = [{"facts": 1, "retention_pct": 25.0, "right": [1, 0, 0, 0]},
              {"facts": 4, "retention_pct": 25.0, "right": [0, 0, 1, 0]}]
    a, b = ({"retention": {"sets": {"rows": rows}}} for rows in (sets_a, sets_b))
    [row] = compare_evals.compare(a, b)
    assert row["cell"] == "retention over the other sets (pooled)"
    assert (row["a"], row["b"], row["diff"]) == (62.5, 25.0, -37.5)
    assert row["test"] == "paired: 3 only A, 0 only B" and row["p"] == pytest.approx(0.25)
    older = {"retention": {"sets": {"rows": [{"facts": 1, "retention_pct": 75.0}] + sets_a[1:]}}}
    assert "retention over the other sets (pooled)" not in compare_evals.cells(older)


def test_retention_is_not_paired_when_the_base_kept_other_questions():
    cell = {"contained": 50.0, "exact": 0.0, "n": 4, "right": [1, 1, 0, 0]}
    a = {"retention": {"with_adapter": cell, "kept": [0, 1, 2, 3]}}
    same = {"retention": {"with_adapter": {**cell, "right": [0, 0, 1, 1]}, "kept": [0, 1, 2, 3]}}
    other = {"retention": {"with_adapter": cell, "kept": [0, 1, 2, 5]}}  # one base reply flipped
    assert compare_evals.compare(a, same)[0]["test"] == "paired: 2 only A, 2 only B"
    assert compare_evals.compare(a, other)[0]["test"] == "unpaired (Fisher)"
