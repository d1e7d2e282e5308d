"""The UI's samples and the improve route's built-in sets follow the served model's base (issue 19).

Two real servers on loopback serve the real `tiny` checkpoint: one as shipped (the synthetic world's
base), one from a copy of its folder whose config names smol's base id, so the English path runs over
HTTP without loading smol. "English" is checked against a word list that none of our generators made:
the whole-word entries of smol's own tokenizer vocabulary. Every lowercase word of an English sample
must be an English word there (or two joined: "honey|moon"); invented values (names, codes) are
exempt only where the sample names them as answers or edit values. The same check must reject the
world's samples, whose rules and places are made-up words ("kirtuldo", "Gasnoho").
"""

import itertools
import json
import os
import re
import shutil
from pathlib import Path

import httpx
import pytest

import agenthn
from agenthn.bench.samples import english_material, improve_sets, ui_samples
from agenthn.engine import gguf_base
from agenthn.engine.loading import resolve_dir
from agenthn.model.checkpoint import read_config
from agenthn.server.app import create_app
from agenthn.server.config import ServerConfig
from agenthn.server.launch import ServerThread

WORLD_BASE = "agenthn/tiny-base"  # the tiny checkpoint's base, trained on the synthetic world only
ADMIN = "samples-admin-key"
CHROMIUM = "/usr/bin/chromium"
NAMES = (f"sam{i}" for i in itertools.count())  # user names are unique per server
SMOL_BASE = read_config(resolve_dir("smol"))["base_model_id"]  # read from its config, smol is not loaded
INTERJECTIONS = {"ugh"}  # small talk ("ugh, Monday again.") that the vocabulary spells only with a capital
pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def vocab() -> set[str]:
    tok = json.loads((gguf_base.converted_dir(gguf_base.SMOL) / "tokenizer.json").read_text())
    return {t[1:].lower() for t in tok["model"]["vocab"] if t.startswith("Ġ") and t[1:].isalpha()}


@pytest.fixture(scope="module")
def tiny():
    return agenthn.load("tiny", device="cpu")


def serve(model, tmp_path_factory, name: str) -> ServerThread:
    config = ServerConfig(model="tiny", data_dir=tmp_path_factory.mktemp(name), admin_key=ADMIN)
    return ServerThread(create_app(config, model=model))


@pytest.fixture(scope="module")
def world_server(tiny, tmp_path_factory):
    with serve(tiny, tmp_path_factory, "world") as srv:
        yield srv


@pytest.fixture(scope="module")
def english_server(tmp_path_factory):
    """The tiny checkpoint copied with smol's base id in its config: a real model whose base is English."""
    d = tmp_path_factory.mktemp("tiny_as_english") / "model"
    shutil.copytree(resolve_dir("tiny"), d)
    cfg = json.loads((d / "config.json").read_text())
    (d / "config.json").write_text(json.dumps({**cfg, "base_model_id": SMOL_BASE}))
    with serve(agenthn.load(str(d), device="cpu"), tmp_path_factory, "english") as srv:
        yield srv


def auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def user_key(server) -> str:
    r = httpx.post(server.url + "/admin/users", json={"name": next(NAMES)}, headers=auth(ADMIN))
    assert r.status_code == 201, r.text
    return r.json()["api_key"]


def get_samples(server, key: str, seed: int = 0) -> dict:
    r = httpx.get(server.url + f"/api/samples?seed={seed}", headers=auth(key))
    assert r.status_code == 200, r.text
    return r.json()


# ---- the word check --------------------------------------------------------------------------------
def _texts_and_values(s: dict) -> tuple[list[str], list[str]]:
    """Every text a person sees, and the values the sample itself gives as answers or edits."""
    m, p, imp = s["memory"], s["profile"], s["improve"]
    qas = imp["questions"] + imp["unseen"]
    texts = m["turns"] + [m["question"], p["question"], s["skills_document"]]
    texts += [t["turn"] for t in p["turns"]] + [x["problem"] for x in s["skill_problems"]]
    texts += [q["question"] for q in qas] + [q["source"] for q in qas]
    values = [m["answer"], p["answer"]] + [x["answer"] for x in s["skill_problems"] + qas]
    values += [e.split(": ", 1)[1] for t in p["turns"] for e in t["edits"] if ": " in e]
    return texts, values


def unknown_words(s: dict, vocab: set[str]) -> set[str]:
    """Lowercase words of the sample that are no English word (invented proper names are capitalized)."""
    texts, values = _texts_and_values(s)
    text = " ".join(texts)
    for v in sorted(values, key=len, reverse=True):
        text = text.replace(v, " ")

    def english(w: str) -> bool:
        return w in vocab or any(w[:i] in vocab and w[i:] in vocab for i in range(2, len(w) - 1))
    return {w for w in re.findall(r"[A-Za-z]+", text) if w.islower() and not english(w)} - INTERJECTIONS


# ---- the chooser -------------------------------------------------------------------------------------
def test_the_chooser_reads_the_base_id(tiny):
    assert tiny.base_model_id == WORLD_BASE and not english_material(tiny.base_model_id)
    assert english_material(SMOL_BASE) and english_material("google/gemma-2-2b-it")
    assert not english_material("random/llama-test")  # untrained test bases keep the compact world text
    assert improve_sets(2, 0, SMOL_BASE) != improve_sets(2, 0, WORLD_BASE)


def test_english_samples_are_english_and_world_ones_are_not(vocab):
    for seed in range(8):
        english, world = ui_samples(seed, SMOL_BASE), ui_samples(seed, WORLD_BASE)
        assert english["language"] == "english" and world["language"] == "world"
        assert unknown_words(english, vocab) == set(), seed
        assert unknown_words(world, vocab), seed  # the check can fail: the world's made-up words are caught


def test_english_samples_hang_together():
    for seed in range(8):
        s = ui_samples(seed, SMOL_BASE)
        m, p = s["memory"], s["profile"]
        said = [i for i, t in enumerate(m["turns"]) if m["answer"].lower() in t.lower()]
        assert said == [0] and m["answer"].lower() not in m["question"].lower()  # said once, early
        assert len(set(m["turns"])) == len(m["turns"])
        ops = [[e.split()[0] for e in t["edits"]] for t in p["turns"]]
        assert ops == [["ADD", "ADD"], ["ADD"], [], ["UPDATE"], ["REMOVE"], []], ops
        for t in p["turns"]:  # an added or updated value is said in its turn
            assert all(e.split(": ", 1)[1] in t["turn"] for e in t["edits"] if ": " in e)
        assert p["turns"][3]["edits"][0].endswith(": " + p["answer"])
        assert all(x["answer"].lower() in s["skills_document"].lower() or x["answer"].isdigit()
                   for x in s["skill_problems"])
        assert all(q["source"] and q["answer"] for q in s["improve"]["questions"] + s["improve"]["unseen"])


# ---- over HTTP -----------------------------------------------------------------------------------------
def test_tiny_server_still_offers_world_samples(world_server, vocab):
    s = get_samples(world_server, user_key(world_server), seed=3)
    assert s["language"] == "world" and s["skills_document"].startswith("Rules:")
    assert unknown_words(s, vocab), "the world's samples hold made-up words"
    assert [q["question"] for q in s["improve"]["questions"]] == \
        [q["question"] for q in improve_sets(3, 3, WORLD_BASE)[0]]


def test_english_base_server_offers_english_samples_and_sets(english_server, vocab):
    key = user_key(english_server)
    s = get_samples(english_server, key, seed=3)
    assert s["language"] == "english" and unknown_words(s, vocab) == set()
    assert s["skills_document"].startswith("Skill sheet for ")
    assert {k for t in s["profile"]["turns"] for k in t} == {"turn", "edits"}
    with httpx.stream("POST", english_server.url + "/api/improve", json={"rounds": 1, "builtin_entities": 1},
                      headers=auth(key), timeout=120) as r:
        assert r.status_code == 200, r.read()
        events = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: ")]
    asked = {e["question"] for e in events if e["type"] == "attempt"}
    attempted, unseen = improve_sets(1, 0, SMOL_BASE)
    assert asked == {q["question"] for q in attempted + unseen}  # the built-in set is the English one


# ---- in the UI (real Chromium) -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def page(english_server):
    from playwright.sync_api import sync_playwright

    key = user_key(english_server)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(f"localStorage.setItem('agenthn.settings', "
                                f"JSON.stringify({{base: '{english_server.url}', key: '{key}'}}))")
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.key = key
        yield page
        browser.close()


def test_ui_pages_list_the_english_samples(page, english_server, tmp_path_factory):
    shots = Path(os.environ.get("AGENTHN_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    s = get_samples(english_server, page.key)
    page.goto(english_server.url + "/ui/#chat")
    page.click("#chat-sample")
    page.wait_for_selector("#chat-samples li a")
    lines = page.locator("#chat-samples li a").all_inner_texts()
    assert lines == s["memory"]["turns"] + [s["memory"]["question"]]
    page.locator("#chat-samples li a").first.click()
    assert page.input_value("#chat-input") == s["memory"]["turns"][0]
    page.screenshot(path=shots / "samples_chat.png", full_page=True)
    page.goto(english_server.url + "/ui/#profile")
    page.click("#profile-sample")
    page.wait_for_selector("#profile-samples li a")
    turns = page.locator("#profile-samples li a").all_inner_texts()
    assert turns == [t["turn"] for t in s["profile"]["turns"]]
    shown = page.inner_text("#profile-samples")
    assert "UPDATE " in shown and "no edit" in shown
    page.screenshot(path=shots / "samples_profile.png", full_page=True)
    page.goto(english_server.url + "/ui/#skills")
    page.click("#skill-sample")
    page.wait_for_selector("#skill-samples li a")
    assert page.input_value("#skill-doc") == s["skills_document"]
    page.screenshot(path=shots / "samples_skills.png", full_page=True)
    assert page.errors == []


def test_one_rule_decides_english_for_prompts_grading_and_samples():
    """The improve route, the profile proposer and the samples follow one rule (`reads_english`): a
    pretrained base gets contained-answer grading and the English note prompt, a world-format base the
    trained task format, and fields a caller names win over the base's defaults."""
    from agenthn.agent.improve import ImproveConfig
    from agenthn.bench.samples import english_material
    from agenthn.model.config import reads_english

    smol, tiny, rand = "HuggingFaceTB/SmolLM2-135M-Instruct", "agenthn/tiny-base", "random/llama"
    gemma = "google/gemma-2-2b-it"
    assert [reads_english(b) for b in (smol, gemma, tiny, rand)] == [True, True, False, False]
    assert [english_material(b) for b in (smol, tiny, rand)] == [True, False, False]
    en, world = ImproveConfig.for_base(smol, notebook="n"), ImproveConfig.for_base(tiny, notebook="n")
    assert (en.grading, en.note_style, en.loose_items, en.notebook) == ("contained", "english", True, "n")
    assert (world.grading, world.note_style, world.loose_items) == ("exact", "tiny", False)
    assert ImproveConfig.for_base(smol, grading="exact").grading == "exact"
    # smol's own notes are rejected far more often: more sampled redrafts (improve.ENGLISH says why)
    assert (en.redrafts, world.redrafts) == (4, 2)
    from agenthn.bench.improve import english_config

    assert english_config().redrafts == 4 and english_config(0).redrafts == 0
