"""Personalization: a per-user profile kept by model-proposed diff edits and worn as an adapter.

After each user turn the model is asked (`profile_proposer`: the tiny world's task format, or an
English chat base's chat with its shipped task adapter) to propose edits: `ADD key: value`,
`UPDATE key: value`, `REMOVE key` or `NONE`. Its output is untrusted text, so `parse_proposal`
(`profile_parse`) validates every line strictly (a short noun-phrase key in its normalized spelling, a
non-empty value said in the turn and within the size limit, no chat control tokens, an op that fits
the current profile) and rejects the rest with a logged reason; a rejected line never touches the
profile. Values that read like instructions are kept as plain data and flagged: the profile only ever
becomes `key: value` lines of a document that is internalized, never a system prompt, so there is
nothing for such text to command.

The profile itself is the Store's append-only edit log (who, when, which turn, old and new value), so
every change can be audited and undone. Every `refresh_every` applied edits (by default each; a refresh
makes only the lines the current adapter lacks; and on demand, on undo, on removals and on changed
values) the rendered profile is internalized into one per-user adapter, kept in
an `AdapterCache` (memory LRU + checksummed file) and composed into that user's chats: a new
conversation is personalized with zero profile tokens in the prompt (save the two words that say who a
person named in a question is: `relations.Subject.asked`).

    p = Personalizer(model, store, files, user_id)
    events = p.observe("From now on, call me Tam.", turn_ref="conv1:4")
    engine.chat(messages, p.adapter())
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import asdict

from agenthn.agent import kinds, profile_pick, prompts, relations
from agenthn.agent import profile_proposer as proposer
from agenthn.agent.adapter_cache import AdapterCache
from agenthn.agent.liking import dislike_words
from agenthn.agent.opening import tells_about_user
from agenthn.agent.profile_clauses import (  # noqa: F401  (stated_part re-exported)
    as_written,
    ask_again_unshown,
    clauses,
    spelled_out,
    stated_part,
    without_lead_in,
)
from agenthn.agent.profile_config import DEFAULT_KEYS, ProfileConfig  # noqa: F401  (re-exported)
from agenthn.agent.profile_parse import (  # noqa: F401  (re-exported: the parser's public names)
    CONTROL_TOKENS,
    QUESTION_REASON,
    ProposedEdit,
    Rejection,
    clause_additions,
    parse_proposal,
)
from agenthn.agent.profile_verbs import named_relatives
from agenthn.agent.profile_when import day_instead
from agenthn.agent.retrieval import (
    entries_text,
    internalize_entries,
    internalize_lines,
)
from agenthn.agent.turn import Contribution, Reply, Turn
from agenthn.engine.batching import BatchEngine, shared_engine
from agenthn.engine.copying import CopySource
from agenthn.engine.d2l import D2LModel
from agenthn.errors import AgentHNError
from agenthn.model.adapter import Adapter
from agenthn.store import AdapterFiles, Store

log = logging.getLogger(__name__)

KIND = "profile"


class Personalizer:
    """One user's profile: proposals in, audited edits to the Store, a cached adapter out."""

    def __init__(self, model: D2LModel, store: Store, files: AdapterFiles | None, user_id: int,
                 config: ProfileConfig | None = None, cache: AdapterCache | None = None,
                 engine: BatchEngine | None = None):
        self.model, self.store, self.user_id = model, store, int(user_id)
        self.engine = engine or shared_engine(model)
        self.config = config or ProfileConfig()
        self.cache = cache if cache is not None else AdapterCache(files=files)
        self.store.get_user(self.user_id)  # fail early (NotFoundError) for an unknown user
        self._lock = threading.RLock()
        specials = tuple(getattr(model.tokenizer, "all_special_tokens", ()) or ())
        self._control = tuple(dict.fromkeys(CONTROL_TOKENS + specials))
        self._pending = self._edits_since_adapter()

    # ---- reading ------------------------------------------------------------------------------
    def profile(self) -> dict[str, str]:
        return self.store.profile_state(self.user_id)

    def document(self) -> str:
        """The profile document that is internalized: one `key: value` line per entry."""
        return prompts.render_profile(self.profile())

    def history(self, key: str | None = None) -> list[dict]:
        """Every edit ever made (undone ones included, marked), oldest first: the audit trail."""
        return [asdict(e) for e in self.store.profile_history(self.user_id, key)]

    def adapter(self, query: str | None = None):
        """This user's profile adapter (memory, else disk, else built now), or None for an empty profile.
        With a query (the user's message) and retrieve_k > 0: only the entries it asks about, plus the
        style preferences (None when nothing applies); a message not about its writer
        (`profile_pick.about_user`), or one asking for advice (`profile_pick.asks_advice`), wears the style
        preferences alone."""
        return self._pick(query)[0]

    def _pick(self, query: str | None) -> tuple[Adapter | None, bool, str | None]:
        """`adapter(query)`, whether the question's own words picked its entry out (then it settles the
        question), and the question as the model is to be asked it (`profile_pick.pick`)."""
        whole = self._whole_adapter()
        by_entry = query is not None and whole is not None and bool(whole.meta.entries)
        return profile_pick.pick(self.model, self.config, whole, query, self.profile() if by_entry else {})

    def copy_source(self, adapter: Adapter | None) -> CopySource | None:
        """The profile lines `adapter` (as `adapter()` returned it) was made from, for decoding to
        finish values from (`ProfileConfig.copy_beta`); None without an adapter or with copy_beta 0.
        Nothing of it enters the prompt."""
        return profile_copy(self.copy_text(adapter), self.config.copy_beta)

    def copy_text(self, adapter: Adapter | None) -> str:
        """The lines `copy_source` copies from: the entries `adapter` carries (the whole profile for an
        adapter made as one); "" without an adapter."""
        if adapter is None:
            return ""
        whole = self._whole_adapter()
        if whole is not None and whole.meta.entries:  # made per entry: the picked ones (none: nothing)
            return named_keys(entries_text(whole, adapter), self.profile())
        return named_keys(self.document(), self.profile())

    def _whole_adapter(self):
        with self._lock:
            a = self.cache.get(self.user_id, KIND, self.config.adapter_name)
            if a is not None and a.meta.hypernet_id not in ("", self.model.hypernet_id):
                a = None  # made by another hypernetwork: rebuild rather than fail the chat
            if a is None and self.profile():
                self.refresh()
                a = self.cache.get(self.user_id, KIND, self.config.adapter_name)
            return a

    # ---- the turn (agent/turn.py Feature) --------------------------------------------------------
    def prepare(self, turn: Turn) -> Contribution:
        """The profile entries this message asks about, as an adapter: nothing about the user is
        in the prompt, but for who a person the message names is ("my partner Sam")."""
        adapter, worded, asked = self._pick(turn.question) if turn.opts.profile else (None, False, None)
        if adapter is not None:  # asked as written ("what do i do" is read as the assistant's own)
            written = as_written(spelled_out(without_lead_in(asked or turn.question)), close=False)
            asked = written if written != turn.question else asked
        text = self.copy_text(adapter)
        picked = adapter is not None and bool(adapter.meta.extra.get("picked"))  # not the whole profile
        worn = [line.split(": ", 1)[1] for line in text.splitlines() if ": " in line]
        # an entry that names nothing for a name question leaves memory's segments on (`names_nothing`)
        answers = not kinds.names_nothing(turn.question, worn)
        told = self.config.acknowledge and turn.opts.learn_profile and tells_about_user(
            turn.question, named_relatives(self.profile()))
        if told and asked is None and (written := as_written(turn.question)) != turn.question:
            asked = written  # fed as written, "... your wife, Thandi." not "..., my dear." (s68 probe)
        return Contribution(adapters={"profile": adapter} if adapter is not None else {},
                            copy=profile_copy(text, self.config.copy_beta, turn.question), asked=asked,
                            settles=worded and self.config.settles and answers,
                            values=self.values(text) if picked and answers else (),
                            opens=self.config.acknowledge if told else "")

    def values(self, lines: str) -> tuple[str, ...]:
        """The values of these picked entry lines (`copy_text` of `adapter()`'s result for a question),
        and the values their keys held before (their edits' old values: "Dublin" of `city: Cork`)."""
        pairs = [line.split(": ", 1) for line in lines.splitlines() if ": " in line]
        keys = {key for key, _ in pairs}
        earlier = [e.old_value for e in self.store.profile_history(self.user_id)
                   if e.key in keys and e.old_value and not e.undone]
        return tuple(dict.fromkeys([v for _, v in pairs] + earlier))

    def record(self, turn: Turn, reply: Reply) -> list[dict]:
        if not turn.opts.learn_profile:
            return []
        return self.observe(turn.question, turn_ref=turn.opts.conversation_id)

    # ---- proposing and applying edits ---------------------------------------------------------
    def prompt(self, turn_text: str) -> str:
        return prompts.edit_prompt(self.profile(), turn_text)

    def request(self, turn_text: str, profile: dict | None = None) -> tuple[list[dict], Adapter | None]:
        """The chat and adapter that ask for this turn's edits (`profile_proposer`: the task format
        for the world-trained bases, the English chat with the task adapter or examples otherwise),
        shown the user's profile (or `profile`)."""
        shown = self.profile() if profile is None else profile
        return proposer.request(self.model, self.config.proposer, shown, turn_text)

    def propose(self, turn_text: str, profile: dict[str, str] | None = None) -> str:
        """The model's raw edit proposal for one user turn (never the user's profile adapter: a tool task)."""
        messages, adapter = self.request(turn_text, profile)
        return self.engine.chat(messages, adapter, max_new_tokens=self.config.max_new_tokens)

    def observe(self, turn_text: str, turn_ref: str | None = None) -> list[dict]:
        """Propose, validate and apply edits for one user turn; returns the events. Only the sentences
        that state something are shown to the proposer and ground its edits (`stated_part`): a turn
        that only asks yields no edit and no model call."""
        stated = stated_part(turn_text)
        if not stated:
            return [self._question(turn_text, turn_ref)]
        shown = self.profile()
        return self.observed(stated, self.propose(stated, shown), turn_ref, shown)

    def observed(self, stated: str, raw: str, turn_ref: str | None = None,
                 shown: dict[str, str] | None = None) -> list[dict]:
        """`observe`'s work once the proposal `raw` for the turn's stated part, shown the profile
        `shown`, is in (`observe_batch` asks for many users' at once): asked again where it is a NONE
        about the user, then applied, then the turn's clauses asked for alone."""
        shown = self.profile() if shown is None else shown
        if ask_again_unshown(raw, stated, shown, self.config):
            # the profile shown can talk the small proposer out of a new fact ("I really dislike
            # mushrooms." after four entries: NONE; shown none: `disliked food: mushrooms`)
            events = self.apply(self.propose(stated, profile={}), turn_ref=turn_ref, turn=stated)
            events[0]["asked_again"] = "a NONE with the profile shown; this proposal with none shown"
        else:
            events = self.apply(raw, turn_ref=turn_ref, turn=stated)
        return events + self._ask_clauses(stated, turn_ref)

    def propose_each(self, texts: list[str], profile: dict[str, str]) -> list[str]:
        """`propose` for several texts, each shown `profile`, in one batch."""
        return proposer.propose_all(self.engine, [self.request(t, profile) for t in texts],
                                    self.config.max_new_tokens)

    def _ask_clauses(self, stated: str, turn_ref: str | None) -> list[dict]:
        """Each clause about the user of a turn with several, asked for alone (`ask_clauses`), adding
        only the keys the profile still lacks (`clause_additions`); its events name the clause."""
        parts = clauses(stated) if self.config.ask_clauses else []
        if not parts:
            return []
        events = []
        for part, raw in zip(parts, self.propose_each(parts, self.profile()), strict=True):
            applied = self.apply(raw, turn_ref=turn_ref, turn=part, adding_only=True)
            if applied:
                applied[0]["clause"] = part  # the proposal's event
            events += applied
        return events

    def _question(self, turn_text: str, turn_ref: str | None) -> dict:
        return self._rejected(Rejection(turn_text, QUESTION_REASON), turn_ref)

    def apply(self, proposal: str, turn_ref: str | None = None, actor: str = "model",
              turn: str | None = None, adding_only: bool = False) -> list[dict]:
        """Validate `proposal` (against the user `turn` it answers, when given) and record the accepted
        edits; refresh the adapter when due. `adding_only` (a clause's proposal): only its edits that add
        a key the profile lacks, the proposal's event listing just those, and no events where none."""
        with self._lock:
            if adding_only:
                accepted = clause_additions(proposal, self.profile(), self.config, self._control, turn)
                if not accepted:
                    return []
                rejected, proposal = [], "\n".join(e.line for e in accepted)
            else:
                accepted, rejected = parse_proposal(proposal, self.profile(), self.config, self._control,
                                                    turn)
            events = [{"type": "profile_edit_proposed", "text": proposal, "turn_ref": turn_ref,
                       "actor": actor}]
            events += [self._rejected(r, turn_ref) for r in rejected]
            changed = False  # a value the adapter holds was withdrawn or replaced
            now = {"REMOVE": self.config.refresh_on_remove, "UPDATE": self.config.refresh_on_update}
            for e in accepted:
                events.append(self._record(e, turn_ref, actor))
                changed |= now.get(e.op, False) and events[-1]["type"] == "profile_edit_applied"
            if self._pending >= self.config.refresh_every or changed:
                events.append(self.refresh())
            return events

    def edit(self, op: str, key: str, value: str | None = None, actor: str = "user",
             turn_ref: str | None = None) -> list[dict]:
        """A direct edit (from a person or an API call) through the same validation as the model's."""
        if value is not None and ("\n" in value or "\r" in value):
            # One line per edit: a newline would smuggle a second edit into the proposal.
            return [self._rejected(Rejection(f"{op} {key}", "value contains a line break"), turn_ref)]
        line = f"{op} {key}" if value is None else f"{op} {key}: {value}"
        return self.apply(line, turn_ref=turn_ref, actor=actor)

    def _record(self, e: ProposedEdit, turn_ref: str | None, actor: str) -> dict:
        try:
            rec = self.store.record_profile_edit(self.user_id, e.op, e.key, e.value, turn_ref=turn_ref,
                                                 actor=actor)
        except AgentHNError as err:  # the profile moved under us (another writer): reject, never corrupt
            return self._rejected(Rejection(e.line, err.message), turn_ref)
        if "injection_like" in e.flags:
            log.warning("profile edit %d for user %d looks like an instruction; stored as data only", rec.id,
                        self.user_id)
        self._pending += 1
        return {"type": "profile_edit_applied", "edit_id": rec.id, "op": e.op, "key": e.key,
                "old": rec.old_value,
                "new": rec.new_value, "turn_ref": turn_ref, "actor": actor, "flags": list(e.flags)}

    def _rejected(self, r: Rejection, turn_ref: str | None) -> dict:
        log.info("rejected profile edit for user %d: %s (%r)", self.user_id, r.reason, r.line[:120])
        return {"type": "profile_edit_rejected", "line": r.line, "reason": r.reason, "turn_ref": turn_ref}

    # ---- adapter lifecycle ---------------------------------------------------------------------
    def refresh(self) -> dict:
        """Internalize the current profile into a fresh adapter now (or drop it when the profile is empty)."""
        with self._lock:
            doc = self.document()
            name = self.config.adapter_name
            self._pending = 0
            if not doc:
                if self.cache.get(self.user_id, KIND, name) is not None:
                    self.cache.delete(self.user_id, KIND, name)
                return {"type": "profile_adapter_refreshed", "empty": True, "entries": 0, "doc_tokens": 0,
                        "adapter_bytes": 0}
            lines = doc.split("\n")
            if self.config.retrieve_k:  # the entries the current adapter holds are not made again
                adapter = internalize_profile(self.model, lines, self.cache.get(self.user_id, KIND, name))
            else:
                adapter = internalize_lines(self.model, lines)
            adapter.meta.revision = self._last_edit_id()
            self.cache.put(self.user_id, KIND, name, adapter)
            log.info("profile adapter for user %d refreshed (%d entries)", self.user_id, doc.count("\n") + 1)
            return {"type": "profile_adapter_refreshed", "empty": False, "entries": doc.count("\n") + 1,
                    "doc_tokens": self.model.count_tokens(doc), "adapter_bytes": adapter.size_bytes,
                    "source_hash": adapter.meta.source_hash}

    def undo(self, edit_id: int) -> list[dict]:
        """Undo one edit (the profile becomes the replay of the rest) and re-internalize at once."""
        with self._lock:
            e = self.store.undo_profile_edit(self.user_id, edit_id)
            event = {"type": "profile_edit_undone", "edit_id": e.id, "op": e.op, "key": e.key,
                     "old": e.old_value,
                     "new": e.new_value}
            return [event, self.refresh()]

    def _last_edit_id(self) -> int:
        hist = self.store.profile_history(self.user_id)
        return max((e.id for e in hist), default=0)

    def _edits_since_adapter(self) -> int:
        """Applied edits the stored adapter does not reflect yet (after a restart, say)."""
        a = self.cache.get(self.user_id, KIND, self.config.adapter_name)
        upto = a.meta.revision if a is not None else 0
        return sum(1 for e in self.store.profile_history(self.user_id) if e.id > upto and not e.undone)


def named_keys(text: str, profile: dict[str, str]) -> str:
    """Profile lines with a key's first word written as the name it is where a group holds it (`lily age:
    4` beside `children: Jack and Lily` is "Lily age: 4"): copying keeps a name as spelt, and "How old is
    lily?" got "Liam's age is 41." (session 61)."""
    names = relations.members(profile)
    return re.sub(r"(?m)^([a-z][\w'-]*)(?= [^:\n]*:)", lambda m: m.group(1).capitalize()
                  if m.group(1) in names else m.group(1), text)


def profile_copy(text: str, beta: float, question: str | None = None) -> CopySource | None:
    """Decoding's copy source for profile lines ("key: value"), None for no text or beta 0: the words
    of the values are kept as spelt once a reply starts them, lowercase ones too (smol, copying names
    only, said "You are a glassburt." for "job: glassblower", session 36). A reply to `question`, a
    message ending in "?" with no digit in it, says no number the lines do not hold where a value goes
    (`CopySource.new_numbers`)."""
    if not text or beta <= 0:
        return None
    entries = [line.split(":", 1) for line in text.splitlines() if ":" in line]
    words = frozenset(w for _, v in entries for w in re.findall(r"[^\W_]+", v))
    asks = bool(question) and question.rstrip().endswith("?") and not re.search(r"\d", question)
    facts = [(k, v) for k, v in entries if not prompts.is_pref(k)]
    instead = dislike_words([k for k, _ in facts]) or day_instead([v for _, v in facts], asks)
    return CopySource(text, beta, words=words, value_lines=text, new_numbers=not asks, instead=instead)


def internalize_profile(model, lines: list[str], reuse: Adapter | None = None) -> Adapter:
    """Profile entries: one part per fact line, one for all the style lines (used on every turn); the
    fact lines `reuse` (the current adapter) holds are taken from it (`internalize_entries`)."""
    return internalize_entries(model, [ln for ln in lines if not prompts.is_pref(ln)],
                               [ln for ln in lines if prompts.is_pref(ln)], reuse)


def observe_batch(personalizers: list[Personalizer], turns: list[str],
                  turn_refs: list[str | None] | None = None) -> list[list[dict]]:
    """`observe` for several users at once: one batched generation for the users' first proposals (one
    per user); a NONE asked again and a turn's clauses are then asked user by user (`observed`)."""
    if not personalizers:
        return []
    if len({p.user_id for p in personalizers}) != len(personalizers):
        raise AgentHNError("observe_batch takes at most one turn per user (edits depend on the previous "
                           "ones)")
    refs = turn_refs or [None] * len(turns)
    stated = [stated_part(t) for t in turns]  # a question never edits the profile (as in observe)
    stating = [i for i, st in enumerate(stated) if st]
    shown = {i: personalizers[i].profile() for i in stating}
    outs = proposer.propose_all(personalizers[0].engine,
                                [personalizers[i].request(stated[i], shown[i]) for i in stating],
                                max(p.config.max_new_tokens for p in personalizers))
    out_of = dict(zip(stating, outs, strict=True))
    return [p.observed(stated[i], out_of[i], refs[i], shown[i]) if i in out_of
            else [p._question(turns[i], refs[i])] for i, p in enumerate(personalizers)]
