"""Fictional skills: invented rules with random names and coefficients, and problems that need them.

No model can know "the zorbic of a and b is 2*a + b - 3" beforehand, so solving a problem proves the
rule was read (in context) or internalized (adapter). Answers are integers written as strings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from agenthn.agent.prompts import NUDGE  # noqa: F401
from agenthn.world import names as nm

FAMILIES = ["lin2", "lin1", "mod", "gap", "digits"]


@dataclass
class Rule:
    name: str     # invented word, e.g. "zorbic"
    family: str
    p: int
    q: int
    r: int

    @property
    def arity(self) -> int:
        return 2 if self.family in ("lin2", "gap") else 1

    @property
    def text(self) -> str:
        """The rule as one sentence, the form it takes in a skills document."""
        sign = f"+ {self.r}" if self.r >= 0 else f"- {-self.r}"
        body = {
            "lin2": f"of a and b is {self.p}*a + {self.q}*b {sign}",
            "lin1": f"of x is {self.p}*x {sign}",
            "mod": f"of x is the remainder of x divided by {self.p}",
            "gap": f"of a and b is the larger minus the smaller, times {self.p}",
            "digits": f"of x is the sum of the digits of x, times {self.p}",
        }[self.family]
        return f"The {self.name} {body}."

    def apply(self, a: int, b: int = 0) -> int:
        f = self.family
        if f == "lin2":
            return self.p * a + self.q * b + self.r
        if f == "lin1":
            return self.p * a + self.r
        if f == "mod":
            return a % self.p
        if f == "gap":
            return abs(a - b) * self.p
        return sum(int(c) for c in str(abs(a))) * self.p

    def show(self, a: int, b: int = 0) -> str:
        """One worked step, e.g. 'The zorbic of 3 and 5 is 8.'"""
        args = f"{a} and {b}" if self.arity == 2 else f"{a}"
        return f"The {self.name} of {args} is {self.apply(a, b)}."


def make_rule(rng: random.Random, split: str, family: str | None = None) -> Rule:
    fam = family or rng.choice(FAMILIES)
    p = rng.randint(3, 9) if fam == "mod" else rng.randint(2, 5)
    return Rule(nm.word(rng, split), fam, p, rng.randint(1, 4), rng.randint(-5, 9))


def rules(rng: random.Random, n: int, split: str) -> list[Rule]:
    """n rules with distinct names, cycling through families so a document mixes kinds."""
    fams = rng.sample(FAMILIES, len(FAMILIES))
    out: list[Rule] = []
    while len(out) < n:
        r = make_rule(rng, split, fams[len(out) % len(fams)])
        if all(r.name != o.name for o in out):
            out.append(r)
    return out


def skill_doc(rs: list[Rule]) -> str:
    return "Rules:\n" + "\n".join(r.text for r in rs)


ONE = ["What is the {op} of {args}?", "Compute the {op} of {args}.", "Find the {op} of {args}.",
       "Work out the {op} of {args}.", "Give me the {op} of {args}.", "Tell me the {op} of {args}.",
       "Please calculate the {op} of {args}.", "I need the {op} of {args}.",
       "Can you get the {op} of {args}?"]
CHAIN = ["Take the {op1} of {args}, then the {op2} of that result. What do you get?",
         "First find the {op1} of {args}. Then apply the {op2} to it. What is the answer?",
         "Compute the {op1} of {args} and then the {op2} of the result.",
         "Start with the {op1} of {args}, then take its {op2}. What is it?",
         "Apply the {op1} to {args}, then apply the {op2} to the result.",
         "What is the {op2} of the {op1} of {args}?",
         "Get the {op1} of {args}. Now the {op2} of that number?",
         "Do the {op1} of {args} and follow it with the {op2}.",
         "Find the {op1} of {args}, then find the {op2} of that."]
STORY = ["{a_name} has {a} stones and {b_name} has {b}.", "{a_name} baked {a} cakes and {b_name} baked {b}.",
         "{a_name} walked {a} miles and {b_name} walked {b}.",
         "{a_name} found {a} shells and {b_name} found {b}.",
         "{a_name} read {a} pages and {b_name} read {b}.", "{a_name} owns {a} hats and {b_name} owns {b}.",
         "{a_name} sold {a} apples and {b_name} sold {b}.", "{a_name} saw {a} birds and {b_name} saw {b}.",
         "{a_name} drew {a} maps and {b_name} drew {b}."]
FOLLOW = ["Now take the {op} of that.", "Next, apply the {op} to the answer.", "Then what is its {op}?",
          "And the {op} of that result?", "Apply the {op} to it now.", "Now the {op} of your answer?",
          "What is the {op} of that number?", "Continue with the {op} of it.", "Use the {op} on that next."]
STORY_Q = "What is the {op} of their numbers?"
# The skills feature's nudge: the reply recalls the rule(s) used, then ends with "Answer: N".


@dataclass
class Problem:
    """A (possibly multi-turn) problem: turns of (user question, short answer), plus worked steps."""
    turns: list[tuple[str, str]]
    steps: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)

    @property
    def answer(self) -> str:
        return self.turns[-1][1]

    def worked(self) -> str:
        """Steps then 'Answer: N', for training step-by-step replies."""
        return " ".join(self.steps) + f" Answer: {self.answer}"


def _args(rng: random.Random, rule: Rule, split: str) -> tuple[int, int]:
    return nm.number(rng, 2, 40, split), nm.number(rng, 2, 40, split) if rule.arity == 2 else 0


def _fmt(rule: Rule, a: int, b: int) -> str:
    return f"{a} and {b}" if rule.arity == 2 else str(a)


def problem(rng: random.Random, rs: list[Rule], split: str) -> Problem:
    """One problem over the rules in `rs`: single step, chain, story, or multi-turn."""
    kind = rng.choice(["one", "chain", "story", "turns"])
    r1 = rng.choice(rs)
    if kind == "story" and r1.arity == 1:
        kind = "one"
    a, b = _args(rng, r1, split)
    v1 = r1.apply(a, b)
    if kind in ("one", "story"):
        q = nm.pick(rng, ONE, split).format(op=r1.name, args=_fmt(r1, a, b))
        if kind == "story":
            who = dict(a_name=nm.name(rng, split), b_name=nm.name(rng, split), a=a, b=b)
            q = nm.pick(rng, STORY, split).format(**who) + " " + STORY_Q.format(op=r1.name)
        return Problem([(q, str(v1))], [r1.show(a, b)], [r1.name])
    r2 = rng.choice([r for r in rs if r.arity == 1] or [r1])
    b2 = nm.number(rng, 2, 40, split) if r2.arity == 2 else 0
    v2 = r2.apply(v1, b2)
    steps = [r1.show(a, b), r2.show(v1, b2)]
    if kind == "chain" and r2.arity == 1:
        q = nm.pick(rng, CHAIN, split).format(op1=r1.name, op2=r2.name, args=_fmt(r1, a, b))
        return Problem([(q, str(v2))], steps, [r1.name, r2.name])
    q1 = nm.pick(rng, ONE, split).format(op=r1.name, args=_fmt(r1, a, b))
    q2 = nm.pick(rng, FOLLOW, split).format(op=r2.name)
    if r2.arity == 2:
        q2 = q2.rstrip(".?") + f" with {b2}."
    return Problem([(q1, str(v1)), (q2, str(v2))], steps, [r1.name, r2.name])


def recall_answer(rs: list[Rule], p: Problem) -> str:
    """Reply to the skills nudge ("recall the rule first"): the rules used, then the answer."""
    used = [r.text for name in p.rules for r in rs if r.name == name]
    return "\n".join(dict.fromkeys(used)) + f"\nAnswer: {p.answer}"
