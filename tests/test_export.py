"""`agenthn export`: composed adapters as one PEFT LoRA folder that peft (and so vLLM) loads with
the engine's logits: exactly when the total rank fits, as the best rank-R approximation when not."""

import json

import pytest
import torch
from transformers import AutoModelForCausalLM

import agenthn
from agenthn.cli.main import main
from agenthn.model.export import export, materialize
from agenthn.model.peft_io import from_peft

DOCS = ["My locker code is 4821. My pet is a dog named Rex.",
        "The special magic number is 7730. The grass is green. The sky is blue. I live in Paris."]


@pytest.fixture(scope="module", params=["llama-test", "gemma2-test"])
def setup(request, random_dirs):
    model = agenthn.load(random_dirs[request.param], device="cpu")
    return model, model.generate_adapters(DOCS), random_dirs[request.param]


def peft_logits(base_dir, folder, x):
    from peft import PeftModel

    kw = {"attn_implementation": "eager"} if "gemma" in str(base_dir) else {}
    base = AutoModelForCausalLM.from_pretrained(base_dir / "base", dtype=torch.float32, **kw)
    with torch.no_grad():
        return PeftModel.from_pretrained(base, folder).eval()(input_ids=x).logits


def ids(model):
    return torch.tensor([model.prompt_ids([{"role": "user", "content": "What is my locker code?"}])])


def test_composed_export_is_exact_when_rank_fits(setup, tmp_path):
    model, (a, b), model_dir = setup
    report = export([a, b], "user-1.profile", tmp_path, rank=64, base_model_name="google/gemma-2-2b-it")
    folder = tmp_path / "user-1.profile"
    assert sorted(p.name for p in folder.iterdir()) == ["adapter_config.json", "adapter_model.safetensors"]
    config = json.loads((folder / "adapter_config.json").read_text())
    assert config["peft_type"] == "LORA" and config["base_model_name_or_path"] == "google/gemma-2-2b-it"
    assert report["exact"] and report["rank"] == config["r"] == a.rank + b.rank - a.meta.n_static
    assert report["vllm_max_lora_rank"] == 64
    x = ids(model)
    torch.testing.assert_close(peft_logits(model_dir, folder, x), model.logits(x, adapter=[a, b]),
                               rtol=1e-4, atol=1e-4)


def test_truncated_export_is_best_rank_r_and_reports_its_error(setup, tmp_path):
    model, (a, b), model_dir = setup
    R = 8
    report = export([a, b], "small", tmp_path, rank=R)
    assert not report["exact"] and report["rank"] == R and report["source_rank"] > R
    assert 0 < report["rel_error_mean"] <= report["rel_error_max"] < 1
    got, _ = materialize([a, b], R)
    full = model.lora_batch([[a, b]])  # the engine's own composed factors (scale folded in B)
    errors = []
    for layer in range(got.num_layers):
        dense = full.B["down_proj"][0, layer].T.double() @ full.A["down_proj"][0, layer].double()
        S = torch.linalg.svdvals(dense)
        approx = got.delta("down_proj", layer).double()
        torch.testing.assert_close(torch.linalg.svdvals(approx)[:R], S[:R], rtol=1e-4, atol=1e-6)
        errors.append(float((dense - approx).norm() / dense.norm()))
        assert errors[-1] == pytest.approx(float(S[R:].norm() / S.norm()), rel=1e-3)
    assert max(errors) == pytest.approx(report["rel_error_max"], rel=1e-3)
    x = ids(model)
    want = model.logits(x, adapter=from_peft(tmp_path / "small"))
    torch.testing.assert_close(peft_logits(model_dir, tmp_path / "small", x), want, rtol=1e-4, atol=1e-4)
    torch.testing.assert_close(model.logits(x, adapter=got), want, rtol=1e-4, atol=1e-4)


def test_cli_export_and_refusals(setup, tmp_path, capsys):
    model, (a, b), _ = setup
    paths = [str(a.save(tmp_path / "a.safetensors")), str(b.save(tmp_path / "b.safetensors"))]
    (tmp_path / "list.txt").write_text("\n".join(paths) + "\n")
    assert main(["export", f"@{tmp_path / 'list.txt'}", "--name", "u1", "--out", str(tmp_path / "root"),
                 "--rank", "8"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rank"] == 8 and report["components"] == 2
    assert (tmp_path / "root" / "u1" / "adapter_model.safetensors").is_file()
    assert main(["export", paths[0], "--name", "u1", "--out", str(tmp_path / "root")]) == 0  # replaces u1
    assert json.loads((tmp_path / "root/u1/adapter_config.json").read_text())["r"] == a.rank
    assert main(["export", paths[0], "--name", "../evil", "--out", str(tmp_path / "root")]) == 2
    assert sorted(p.name for p in (tmp_path / "root").iterdir()) == ["u1"]
