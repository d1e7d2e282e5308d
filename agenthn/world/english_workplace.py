"""Workplace rules for training only: the house rules of an invented company ("Lockers at Kiro Labs
open with the code 4821."), asked about in plain questions and answered with the rule said back.

Why: the skills and self-improvement benchmarks internalize workplace rules and study notes, and the
shipped hypernetworks answered them in a person's frame ("Your phone number is Branabra." for a
greeting). The corpus had people's notes, biographies, chats, encyclopedia entries and the customs of
invented peoples, but no rules of a workplace. These families are new: none is one of the benchmark's
(`english_skills.FAMILIES`: wifi, refunds, printer jams, sign-offs, units, badges, timesheets, fire
line, parking, greetings, late fees), a test keeps it so, and they are drawn only in the train split
with train values, so the benchmarks' families, question phrasings and values stay unseen.

    WORKPLACE         the rule attributes ({o}: the workplace, {v}: the value)
    WORKPLACE_INTROS  a document's first line
"""

from __future__ import annotations

from agenthn.world.english_attrs import Attr


def _rule(key: str, kind: str, says: tuple[str, ...], asks: tuple[str, ...]) -> Attr:
    """A rule with its own phrasings only (no generic "my X is Y" frame reads right for a rule); train
    phrasings only, since nothing held out draws these."""
    return Attr(key, key, kind, says, asks, (), (), generic=False)


WORKPLACE: tuple[Attr, ...] = (
    _rule("staff locker code", "code",
          ("Lockers in the {o} changing room open with the code {v}.",
           "The staff lockers at {o} use the code {v}.",
           "Your locker at {o} opens with {v}."),
          ("What code opens the lockers at {o}?",
           "What is the locker code at {o}?", "How do I open my locker at {o}?")),
    _rule("lunch time", "time",
          ("Lunch at {o} starts at {v} sharp.", "The {o} canteen opens for lunch at {v}.",
           "Staff at {o} take their lunch break at {v}."),
          ("When is lunch at {o}?", "What time does the {o} canteen open for lunch?",
           "At what time do {o} staff eat lunch?")),
    _rule("helpdesk contact", "name",
          ("Computer problems at {o} go to {v}.", "{v} runs the IT helpdesk at {o}.",
           "Ask {v} when your {o} computer breaks."),
          ("Who fixes computer problems at {o}?", "Who runs the IT helpdesk at {o}?",
           "Whom do I tell when my {o} computer breaks?")),
    _rule("meeting room", "word",
          ("Team meetings at {o} are held in the {v} room.",
           "The weekly {o} meeting takes place in room {v}.",
           "Book the {v} room for any meeting at {o}."),
          ("Where are team meetings held at {o}?", "Which room is used for meetings at {o}?",
           "In which room does the weekly {o} meeting take place?")),
    _rule("casual day", "weekday",
          ("Casual clothes are allowed at {o} on {v}.", "{v} is dress-down day at {o}.",
           "At {o}, staff may dress casually every {v}."),
          ("On which day can I dress casually at {o}?", "When is dress-down day at {o}?",
           "What day are casual clothes allowed at {o}?")),
    _rule("uniform colour", "colour",
          ("Staff at {o} wear {v} shirts.",
           "The {o} uniform is {v}.", "Everyone working at {o} dresses in {v}."),
          ("What colour is the {o} uniform?",
           "What colour do {o} staff wear?", "Which colour shirt do I wear at {o}?")),
    _rule("security extension", "small number",
          ("The security desk at {o} is on extension {v}.", "Call extension {v} for security at {o}.",
           "To reach security at {o}, dial {v}."),
          ("Which extension reaches security at {o}?", "How do I call security at {o}?",
           "What number is the {o} security desk?")),
    _rule("mail room floor", "floor",
          ("The {o} mail room is on floor {v}.", "Parcels for {o} staff are collected on floor {v}.",
           "Post at {o} is sorted on floor {v}."),
          ("On which floor is the {o} mail room?", "Where do I collect parcels at {o}?",
           "Which floor is the {o} post sorted on?")),
    _rule("holiday approver", "name",
          ("Holiday requests at {o} must be approved by {v}.", "Ask {v} before booking leave at {o}.",
           "At {o}, {v} signs off every holiday request."),
          ("Who approves holiday requests at {o}?", "Whom do I ask before booking leave at {o}?",
           "Who signs off leave at {o}?")),
    _rule("side entrance code", "code",
          ("The back door of {o} opens with the code {v}.", "Type {v} to open the {o} side entrance.",
           "After hours, the {o} entrance code is {v}."),
          ("What code opens the {o} back door?", "How do I get into {o} after hours?",
           "What is the entrance code at {o}?")),
    _rule("coffee brand", "word",
          ("The {o} kitchen only stocks {v} coffee.", "Coffee at {o} is always {v}.",
           "Order {v} beans for the {o} coffee machine."),
          ("Which coffee does the {o} kitchen stock?", "What coffee brand is used at {o}?",
           "Which beans go in the {o} coffee machine?")),
    _rule("drill month", "month",
          ("The {o} evacuation drill takes place every {v}.",
           "Every year in {v}, {o} holds its evacuation drill.",
           "Expect the {o} evacuation drill in {v}."),
          ("When is the evacuation drill at {o}?", "In which month does {o} hold its evacuation drill?",
           "What month is the {o} evacuation drill?")),
    _rule("shared drive login", "username",
          ("Log in to the {o} shared drive as {v}.", "The shared drive at {o} uses the account {v}.",
           "The {o} file server login is {v}."),
          ("Which account logs in to the {o} shared drive?", "What is the {o} file server login?",
           "What username do I use for the {o} shared drive?")),
    _rule("delivery street", "street",
          ("Deliveries to {o} go to the gate on {v}.", "Lorries for {o} unload on {v}.",
           "The {o} loading bay is on {v}."),
          ("Where do deliveries to {o} go?", "On which street is the {o} loading bay?",
           "Where do lorries for {o} unload?")),
    _rule("start time", "time",
          ("The working day at {o} starts at {v}.", "Staff at {o} must be in by {v}.",
           "{o} opens its doors to staff at {v}."),
          ("When does the working day start at {o}?", "What time must {o} staff be in?",
           "At what time does {o} open for staff?")),
    _rule("expense limit", "price",
          ("Expenses over {v} dollars at {o} need a manager's signature.",
           "At {o}, anything above {v} dollars must be approved first.",
           "The {o} spending limit without approval is {v} dollars."),
          ("What is the spending limit at {o}?", "How many dollars can I spend at {o} without approval?",
           "Above how many dollars do {o} expenses need a signature?")),
    _rule("working language", "language",
          ("Meetings at {o} are held in {v}.", "All {o} reports are written in {v}.",
           "The working language at {o} is {v}."),
          ("What language do {o} meetings use?", "In which language are {o} reports written?",
           "What is the working language at {o}?")),
)

WORKPLACE_INTROS = ("House rules at {o}", "Notes for new staff at {o}", "What every {o} employee should know",
                    "The {o} staff handbook, in short", "Welcome to {o}! A few things to know")
