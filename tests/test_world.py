"""The tiny world generator: determinism, coverage, held-out disjointness, answerability, task formats."""

import random
import re

import pytest

from agenthn.world import (
    benchmarks,
    build_tokenizer,
    chat,
    chat_samples,
    corpus,
    doc_samples,
    skills,
    tasks,
    users,
)
from agenthn.world import encyclopedia as enc
from agenthn.world import names as nm

TEMPLATE_LISTS = {
    "users.STATE": users.STATE, "users.ASK": users.ASK, "users.UPDATE": users.UPDATE,
    "users.REMOVE": users.REMOVE, "users.PREF_STATE": users.PREF_STATE,
    "users.PREF_REMOVE": users.PREF_REMOVE,
    "enc.SAY": enc.SAY, "enc.ASK": enc.ASK, "skills.ONE": skills.ONE, "skills.CHAIN": skills.CHAIN,
    "skills.STORY": skills.STORY, "skills.FOLLOW": skills.FOLLOW, "chat.FILLER": chat.FILLER,
    "chat.ACKS": chat.ACKS,
}


def template_regex(t: str) -> re.Pattern:
    """A template as a regex: each {slot} matches any text."""
    return re.compile("^" + re.sub(r"\\\{\w+\\\}", ".+", re.escape(t)) + "$")


def test_deterministic_by_seed():
    assert doc_samples(300, 7) == doc_samples(300, 7)
    assert chat_samples(300, 7) == chat_samples(300, 7)
    assert doc_samples(50, 7) != doc_samples(50, 8)
    assert benchmarks.personalization_users(5, 3) == benchmarks.personalization_users(5, 3)


def test_attribute_kinds_and_phrasings():
    assert len(users.ATTRS) >= 25
    assert len(users.PREF_VALUES) >= 5
    for name, items in TEMPLATE_LISTS.items():
        assert len(items) >= 5, name
        train, ev = nm.part(items, "train"), nm.part(items, "eval")
        assert train and ev and not set(map(str, train)) & set(map(str, ev)), name


def _eval_phrasings_are_held_out(gen, templates):
    """Text from the eval split matches an eval template and no train template."""
    train_rx = [template_regex(t) for t in nm.part(templates, "train")]
    eval_rx = [template_regex(t) for t in nm.part(templates, "eval")]
    rng = random.Random(0)
    for _ in range(300):
        text = gen(rng)
        assert any(r.match(text) for r in eval_rx), text
        assert not any(r.match(text) for r in train_rx), text


def test_eval_phrasings_never_in_train():
    key = lambda r: r.choice(list(users.ATTRS))  # noqa: E731
    _eval_phrasings_are_held_out(lambda r: users.ask(r, key(r), "eval"), users.ASK)
    _eval_phrasings_are_held_out(lambda r: users.state(r, key(r), "x", "eval"), users.STATE)
    _eval_phrasings_are_held_out(lambda r: users.remove(r, key(r), "eval"), users.REMOVE)
    e = enc.entity(random.Random(0), "eval")
    _eval_phrasings_are_held_out(lambda r: enc.question(r, e, r.choice(list(e.attrs)), "eval")[0], enc.ASK)


def _values(samples) -> set[str]:
    """Every held-out-able value: facts, entity names, rule names, numbers, sign-offs, nicknames."""
    out = set()
    for s in samples:
        out |= set(s.meta.get("facts", {}).values()) | set(s.meta.get("entities", []))
        out |= {r.name for r in s.meta.get("rules", [])}
        prof = s.meta.get("profile", {})
        out |= {prof[k] for k in ("style sign-off", "style nickname") if k in prof}
        if s.kind in ("knowledge", "magic", "convo"):
            out |= {qa.answer for qa in s.qas}
        # skill answers are computed numbers, not drawn values, so only knowledge mistakes count
        out |= {m["right"] for m in s.meta.get("mistakes", []) if m["from"] == "knowledge"}
    return out


def test_train_eval_values_and_names_disjoint():
    train = _values(doc_samples(3000, 1, "train"))
    ev = _values(doc_samples(3000, 1, "eval"))
    assert len(train) > 5000 and len(ev) > 5000
    assert not train & ev, sorted(train & ev)[:10]
    rng = random.Random(0)
    tr = {nm.full_name(rng, "train") for _ in range(5000)} | {nm.digits(rng, 4, "train") for _ in range(5000)}
    ev = {nm.full_name(rng, "eval") for _ in range(5000)} | {nm.digits(rng, 4, "eval") for _ in range(5000)}
    assert not tr & ev


@pytest.mark.parametrize("split", ["train", "eval"])
def test_every_answer_comes_from_its_doc(split):
    for s in doc_samples(1500, 2, split):
        assert s.qas, s.kind
        for i, qa in enumerate(s.qas):
            if s.kind == "profile":
                value = s.meta["values"][i]
                assert value in s.doc and value.upper() in qa.answer.upper()
                assert users.check_answer(qa.answer, s.meta["checks"])
            elif s.kind == "skill":
                assert re.fullmatch(r"-?\d+", qa.answer)
                names_in_q = [r.name for r in s.meta["rules"] if r.name in qa.question]
                assert names_in_q and all(n in s.doc for n in names_in_q)
            else:
                assert qa.answer in s.doc, (s.kind, qa)


def test_skill_rule_text_matches_apply():
    rng = random.Random(0)
    for _ in range(200):
        r = skills.make_rule(rng, "train", rng.choice(["lin1", "lin2"]))
        expr = r.text.split(" is ", 1)[1].rstrip(".")
        a, b = rng.randint(0, 50), rng.randint(0, 50)
        assert eval(expr, {"a": a, "b": b, "x": a}) == r.apply(a, b)  # noqa: S307 - our own formula text


@pytest.mark.parametrize("target", [64, 500, 3000])
@pytest.mark.parametrize("counter", [tasks.approx_tokens, lambda t: len(t) // 4 + 1])
def test_magic_haystack_hits_target_and_balances_bins(target, counter):
    items = benchmarks.magic_set(40, 0, target, count_tokens=counter)
    per_block = counter(tasks.MAGIC_FILLER + "\n")
    for h in items:
        assert abs(h["n_tokens"] - target) <= per_block
        blocks = h["doc"].split("\n")
        assert sum(b == tasks.MAGIC_FILLER for b in blocks) == len(blocks) - 1
        assert tasks.MAGIC_NEEDLE.format(n=h["answer"]) in blocks and re.fullmatch(r"\d{4}", h["answer"])
    bins = [h["depth_bin"] for h in items]
    assert all(bins.count(b) == 4 for b in range(10))
    if target >= 3000:  # enough blocks that each bin lands in its own tenth of the depth range
        assert all(b / 10 - 0.05 <= h["depth"] <= (b + 1) / 10 + 0.05
                   for b, h in zip(bins, items, strict=True))


def test_tokenizer_roundtrip_and_specials():
    tok = build_tokenizer(0, 2048)
    vocab = tok.get_vocab()
    for special in ["<pad>", "<eos>", "<bos>", "<start_of_turn>", "<end_of_turn>"]:
        assert special in vocab
    text = doc_samples(1, 0, "eval")[0].doc
    assert tok.decode(tok(text)["input_ids"], skip_special_tokens=True) == text
    prompt = tok.apply_chat_template(chat_samples(1, 0)[0], tokenize=False)
    assert prompt.startswith("<bos><start_of_turn>user\n")


def test_profile_edit_lines_parse():
    for t in benchmarks.edit_set(600, 0) + benchmarks.edit_set(300, 0, split="train"):
        lines = t["edits"].split("\n")
        assert all(tasks.EDIT_RE.match(x) for x in lines), t["edits"]
        after = tasks.apply_edits(t["profile"], t["edits"])
        if t["case"] in ("add", "multi", "update"):
            assert after != t["profile"]
        if t["case"] in ("same", "absent", "filler"):
            assert t["edits"] == "NONE" and after == t["profile"]
        if t["case"] == "remove":
            assert len(after) == len(t["profile"]) - 1


def test_study_notes_are_itemized():
    for t in benchmarks.note_set(200, 0):
        lines = t["note"].split("\n")
        assert len(lines) >= 2 and all(x.startswith("- ") for x in lines)
        assert t["right"] in t["note"] and t["source"] in t["note"] and t["right"] != t["wrong"]


def test_personalization_questions_are_gradable():
    for u in benchmarks.personalization_users(40, 0, n_sessions=5, per_session=6):
        assert len(u["sessions"]) == 5
        for q in u["questions"]:
            assert users.check_answer(q["answer"], q["checks"])
            if q["kind"] == "fact":
                assert q["value"].upper() in q["answer"].upper() and q["key"] in u["profile"]
            else:
                assert q["answer"] == chat.IDK and q["key"] not in u["profile"]
    events = [e.op for u in benchmarks.personalization_users(20, 1) for s in u["events"] for e in s]
    assert {"add", "update", "remove"} <= set(events)


def test_niah_conversations():
    items = benchmarks.niah_set(20, 0, n_turns=50, n_needles=4)
    for conv in items:
        assert len(conv["messages"]) == 100 and len(conv["questions"]) == 4
        text = chat.render(conv["messages"])
        assert all(q["answer"] in text for q in conv["questions"])
    singles = benchmarks.niah_set(30, 0, n_turns=100)
    assert sorted({int(c["needles"][0]["depth"] * 10) for c in singles}) == list(range(10))


def test_encyclopedia_sets_and_skill_sets():
    s = benchmarks.encyclopedia_sets(10, 0)
    assert len(s["attempted"]) == 30 and len(s["unseen"]) == 20 and len(s["rephrased"]) == 30
    seen = {(q["entity"], q["attr"]) for q in s["attempted"]}
    assert not seen & {(q["entity"], q["attr"]) for q in s["unseen"]}
    assert all(a["question"] != b["question"] for a, b in zip(s["attempted"], s["rephrased"], strict=True))
    for item in benchmarks.skill_set(5, 0):
        assert all(p["worked"].endswith(f"Answer: {p['answer']}") for p in item["problems"])


def test_generation_is_fast():
    import time

    t = time.time()
    corpus.doc_samples(5000, 0)
    corpus.chat_samples(5000, 0)
    assert time.time() - t < 5
