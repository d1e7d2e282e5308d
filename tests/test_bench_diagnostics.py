"""Diagnostic tools of agenthn.bench on the shipped tiny model: train/held-out gap, misses by phrasing."""

from agenthn.world import users


def test_train_gap_reads_the_shipped_model_on_both_splits(capsys):
    """The gap tool's numbers come from real distillation rows: the shipped teacher copies facts from
    context, the student reads them from its adapter, and the two splits are different documents."""
    import agenthn
    from agenthn.bench import train_gap
    from agenthn.train.data import hyper_rows
    from agenthn.train.presets import get_preset

    model = agenthn.load("tiny", device="cpu")
    r = train_gap.split_accuracy(model, 1, "eval", 8)
    assert r["answer_tokens"] > 8 and r["split"] == "eval"
    assert r["teacher"] > 0.7, r  # misaligned answer labels would put both near 0
    assert r["student"] > 0.5, r
    hp = get_preset("tiny").hyper
    train, held = (hyper_rows(model.tokenizer, hp, 4, 5, s) for s in ("train", "eval"))
    assert not {x.doc for x in train} & {x.doc for x in held}
    assert train_gap.main(["--facts", "1", "--n", "4"]) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if x.startswith("| 1 |")]
    assert [x.split("|")[2].strip() for x in lines] == ["train", "eval"]



def test_train_gap_passes_preset_fields_and_names_a_bad_one():
    import pytest

    import agenthn
    from agenthn.bench import train_gap
    from agenthn.errors import AgentHNError

    with pytest.raises(SystemExit):  # argparse's error: not KEY=VALUE
        train_gap.main(["--facts", "1", "--n", "4", "--set", "hyper.kinds"])
    from agenthn.train.presets import get_preset, parse_sets

    sets = parse_sets(["hyper.kinds=facts,bio", "hyper.lr=2e-4", "hyper.packed=false"])
    assert sets == {"hyper.kinds": "facts,bio", "hyper.lr": "2e-4", "hyper.packed": "false"}
    hp = get_preset("smol", **sets).hyper
    assert (hp.kinds, hp.lr, hp.packed) == ("facts,bio", 2e-4, False)
    for bad in ("hyper.kinds", "=1"):
        with pytest.raises(AgentHNError, match=f"--set '{bad}'"):
            parse_sets([bad])
    model = agenthn.load("tiny", device="cpu")
    with pytest.raises(AgentHNError, match="hyper.no_such_field"):
        train_gap.split_accuracy(model, 1, "eval", 4, overrides={"hyper.no_such_field": "1"})



def test_phrasings_groups_the_eval_questions_by_template(capsys):
    """Every question is put under the template it was written from; counts add up to the questions
    asked, and the misses listed are exactly the questions graded wrong."""
    import agenthn
    from agenthn.bench import phrasings

    assert [phrasings.template_of(t.format(label="lucky number")) for t in users.ASK] == users.ASK
    assert phrasings.template_of("Say something nice.") == "other"
    model = agenthn.load("tiny", device="cpu")
    rows, misses = phrasings.by_phrasing(model, 1, 24)
    assert sum(r["asked"] for r in rows) == 24 and all(r["template"] in users.ASK for r in rows)
    assert len(misses) == sum(r["asked"] - r["right"] for r in rows)
    assert sum(r["right"] for r in rows) > 12, rows  # the document in context is mostly answered
    assert phrasings.main(["--facts", "1", "--n", "6", "--way", "internalized"]) == 0
    assert capsys.readouterr().out.startswith("| question template | right | asked |")
