"""English skill sheets: short workplace rules in plain English, and tasks that need them.

A skill sheet holds a few rules of one invented workplace ("Kadrer Labs"): codes to give out, whom
to send what, what to do on an error, which unit or format to use, one fee to compute. The values
are drawn from `english_values` (invented names, codes, counts), so no model knows them beforehand:
answering proves the rule was read (in context) or internalized (adapter).

Every family states its rule in one of several phrasings and is asked about in plain, direct
questions (a 135M base reads little else, even with the sheet in context) phrased apart from the
rule. Question phrasings come in two columns: "train" and held-out ("heldout", alias "eval"), so a
later training run can use the first while benchmarks ask only the second.
A task's answer is the short string the reply must contain (graded case-insensitively).

    sheets = skill_sheets(12, seed=0, n_rules=4, split="eval")
    sheets[0]["doc"]      # "Skill sheet for Kadrer Labs:\\nThe wifi password at Kadrer Labs is EQFTZ. ..."
    sheets[0]["tasks"]    # [{"turns": [(question, answer), ...], "families": [...]}]
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from agenthn.world import english_values as ev


@dataclass(frozen=True)
class Family:
    """One kind of rule: how a sheet states it, how a person asks about it, and its value."""

    key: str
    kind: str                 # "lookup" (say the value back) or "apply" (compute from the value)
    value: Callable[[random.Random, str], str]
    says: tuple[str, ...]     # rule sentences; {o} the workplace, {v} the value
    asks: tuple[str, ...]     # train question phrasings
    hasks: tuple[str, ...]    # held-out question phrasings


def _kind(kind: str) -> Callable[[random.Random, str], str]:
    return lambda rng, split: ev.value(rng, kind, split)


def _full_name(rng: random.Random, split: str) -> str:
    return f"{ev.value(rng, 'name', split)} {ev.name(rng, split)}"


def _choice(train: tuple[str, ...], held: tuple[str, ...]) -> Callable[[random.Random, str], str]:
    return lambda rng, split: rng.choice(train if split == "train" else held)


def _prefixed(prefix: str, kind: str) -> Callable[[random.Random, str], str]:
    return lambda rng, split: f"{prefix} {ev.value(rng, kind, split)}"


FAMILIES: tuple[Family, ...] = (
    Family("wifi", "lookup", _kind("code"),
           ("When asked for the office wifi password at {o}, answer with the code {v}.",
            "The wifi password at {o} is {v}; give it to anyone who asks.",
            "Guests at {o} connect to the wifi with the password {v}."),
           ("What is the wifi password at {o}?", "Which code gets me on the {o} wifi?"),
           ("What code do I type to use the wifi at {o}?", "Tell me the {o} wifi password, please.")),
    Family("refunds", "lookup", _full_name,
           ("At {o}, every refund request goes to {v}.", "Refunds at {o} are handled by {v} and nobody else.",
            "Send {o} refund requests to {v}."),
           ("Who handles refunds at {o}?", "Whom do I ask about a refund at {o}?"),
           ("Who takes care of refund requests at {o}?", "Who do I send a {o} refund request to?")),
    Family("jam", "lookup", _prefixed("tray", "floor"),
           ("If the {o} printer jams, open {v} first and pull out the stuck sheet.",
            "A paper jam in the {o} printer is cleared from {v}.",
            "When the printer at {o} jams, always start with {v}."),
           ("Which tray do I open when the {o} printer jams?", "Where is a paper jam cleared at {o}?"),
           ("The {o} printer has jammed. Which tray do I open first?",
            "Which printer tray clears a paper jam at {o}?")),
    Family("signoff", "lookup", _kind("word"),
           ("End every email to a client of {o} with the word {v}.",
            "Emails from {o} to clients always close with the word {v}.",
            "At {o}, the last word of a client email is {v}."),
           ("How should an email to a {o} client end?", "What word closes a client email at {o}?"),
           ("Which word do I end a {o} client email with?",
            "What is the last word of an email to a {o} client?")),
    Family("units", "lookup", _choice(("kilometres", "miles", "metres"), ("feet", "yards", "nautical miles")),
           ("Reports written at {o} give every distance in {v}.",
            "At {o}, distances are always written in {v}.",
            "Use {v} for all distances in {o} documents."),
           ("What unit does {o} use for distances?", "In which unit are distances given at {o}?"),
           ("Which unit should distances be in for {o}?", "Distances at {o} are written in which unit?")),
    Family("badge", "lookup", _kind("colour"),
           ("Visitors to {o} must wear a {v} badge.", "Every guest at {o} gets a {v} badge at the desk.",
            "At {o}, a {v} badge marks a visitor."),
           ("What colour badge does a visitor to {o} wear?", "Which badge colour do {o} guests get?"),
           ("What is the colour of a visitor badge at {o}?", "Which colour is the {o} visitor badge?")),
    Family("timesheet", "lookup", _kind("weekday"),
           ("Timesheets at {o} are due every {v}.", "Hand in your {o} timesheet by {v} each week.",
            "The weekly timesheet deadline at {o} is {v}."),
           ("When are timesheets due at {o}?", "On which day is the {o} timesheet deadline?"),
           ("Which day must I hand in my timesheet at {o}?", "What day of the week are {o} timesheets due?")),
    Family("fire", "lookup", _choice(tuple(str(n) for n in range(2000, 5000, 7)),
                                     tuple(str(n) for n in range(5003, 9000, 7))),
           ("To report a fire at {o}, dial extension {v}.", "The {o} fire line is extension {v}.",
            "In case of fire at {o}, call extension {v} at once."),
           ("Which extension do I dial to report a fire at {o}?", "What is the fire line at {o}?"),
           ("Which number do I call to report a fire at {o}?", "What extension is the fire line at {o}?")),
    Family("parking", "lookup", _prefixed("level", "floor"),
           ("Staff at {o} park on {v} of the garage.", "The {o} parking spaces are on {v}.",
            "At {o}, employees leave their cars on {v}."),
           ("Where do staff park at {o}?", "On which level do {o} employees park?"),
           ("Which level of the garage is for {o} staff?", "Where in the garage do {o} employees park?")),
    Family("greeting", "lookup", _kind("word"),
           ("Answer the {o} phone with the greeting {v}.", "At {o}, every phone call is picked up with {v}.",
            "The first word on a {o} phone call is always {v}."),
           ("How do I answer the phone at {o}?", "What greeting is used on {o} phone calls?"),
           ("What do I say first when I pick up a call at {o}?", "Which greeting starts a {o} phone call?")),
    Family("fee", "apply", lambda rng, split: str(rng.randint(2, 5)),
           ("Returning a {o} laptop late costs {v} dollars for each day.",
            "At {o}, a late laptop return is charged {v} dollars per day.",
            "Each day a {o} laptop comes back late adds {v} dollars to the fee."),
           ("I returned a {o} laptop {d} days late. How many dollars is the fee?",
            "What is the late fee for a {o} laptop returned {d} days late?"),
           ("How many dollars do I pay for a {o} laptop returned {d} days late?",
            "A {o} laptop came back {d} days late. What is the fee in dollars?")),
)
BY_KEY = {f.key: f for f in FAMILIES}
PREFIXED = frozenset({"jam", "parking"})  # values "tray N", "level N"


def check_split(split: str) -> str:
    return ev.check_split(split)


def questions(f: Family, split: str) -> tuple[str, ...]:
    return f.asks if check_split(split) == "train" else f.hasks


@dataclass(frozen=True)
class Rule:
    """One rule of a sheet: its family, workplace, value and the sentence that states it."""

    family: str
    place: str
    value: str
    text: str

    def task(self, rng: random.Random, split: str) -> tuple[str, str]:
        """(question, answer) in the split's phrasings; an "apply" rule asks for a computed answer."""
        f = BY_KEY[self.family]
        q = rng.choice(questions(f, split))
        if f.kind == "apply":
            days = rng.randint(2, 6)
            return q.format(o=self.place, d=days), str(days * int(self.value))
        # "tray 7", "level 34": the question names the tray or level, the number is the answer
        return q.format(o=self.place), self.value.split()[-1] if self.family in PREFIXED else self.value


def make_rules(rng: random.Random, n: int, split: str, place: str | None = None) -> list[Rule]:
    """n rules of distinct families for one workplace; values differ and none contains another."""
    place = place or ev.value(rng, "company", check_split(split))
    fams = rng.sample(FAMILIES, min(n, len(FAMILIES)))
    out: list[Rule] = []
    for f in fams:
        for _ in range(50):
            v = f.value(rng, check_split(split))
            if all(v.lower() not in r.value.lower() and r.value.lower() not in v.lower() for r in out) \
                    and v.lower() not in place.lower():
                break
        out.append(Rule(f.key, place, v, rng.choice(f.says).format(o=place, v=v)))
    return out


def sheet(rules: list[Rule]) -> str:
    """The skill sheet: a title line, then one rule per line (each line stands on its own)."""
    return f"Skill sheet for {rules[0].place}:\n" + "\n".join(r.text for r in rules)


FOLLOW = ("Thanks. {q}", "Got it. One more thing: {q}", "OK. {q}", "Another question. {q}")


def sheet_tasks(rng: random.Random, rules: list[Rule], n: int, split: str) -> list[dict]:
    """n tasks over a sheet: one question, or two turns about two different rules (a follow-up)."""
    out = []
    for _ in range(n):
        r1 = rng.choice(rules)
        turns, fams = [r1.task(rng, split)], [r1.family]
        if len(rules) > 1 and rng.random() < 0.4:
            r2 = rng.choice([r for r in rules if r is not r1])
            q2, a2 = r2.task(rng, split)
            turns.append((rng.choice(FOLLOW).format(q=q2), a2))
            fams.append(r2.family)
        out.append({"turns": turns, "families": fams})
    return out


def _rng(name: str, seed: int, split: str) -> random.Random:
    return random.Random(f"english-skills-{name}-{seed}-{check_split(split)}")


def skill_sheets(n: int, seed: int, n_rules: int = 4, n_tasks: int = 5, split: str = "eval") -> list[dict]:
    """n sheets: {"doc", "rules": [Rule], "tasks": [{"turns": [(question, answer)], "families"}]}."""
    rng = _rng("sheets", seed, split)
    out = []
    for _ in range(n):
        rs = make_rules(rng, n_rules, split)
        out.append({"doc": sheet(rs), "rules": rs, "tasks": sheet_tasks(rng, rs, n_tasks, split)})
    return out


def improve_sets(n_places: int, seed: int, per_place: int = 3, split: str = "eval") -> dict:
    """Question sets for self-improvement on rules of invented workplaces.

    Per workplace `per_place` rules are attempted (their questions carry "source", the rule sentence
    a study note would cite); "rephrased" asks the same rules in another held-out phrasing; "unseen"
    asks one more rule of the same workplace that is never attempted or studied."""
    rng = _rng("improve", seed, split)
    attempted, rephrased, unseen = [], [], []
    for _ in range(n_places):
        rs = make_rules(rng, per_place + 1, split)
        for i, r in enumerate(rs):
            q, a = r.task(rng, split)
            item = {"question": q, "answer": a, "source": r.text, "entity": r.place, "family": r.family}
            if i == per_place:
                unseen.append(item)
                continue
            attempted.append(item)
            q2, a2 = q, a
            for _ in range(20):
                if q2 != q:
                    break
                q2, a2 = r.task(rng, split)
            rephrased.append({**item, "question": q2, "answer": a2})
    return {"attempted": attempted, "rephrased": rephrased, "unseen": unseen}
