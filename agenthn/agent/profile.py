"""Personalization: a per-user profile kept by model-proposed diff edits and worn as an adapter.

After each user turn the model is asked (with `prompts.edit_prompt`, the task it was trained on)
to propose edits: `ADD key: value`, `UPDATE key: value`, `REMOVE key` or `NONE`. Its output is
untrusted text, so `parse_proposal` validates every line strictly (known key, non-empty value within
the size limit, no chat control tokens, an op that fits the current profile) and rejects the rest with
a logged reason; a rejected line never touches the profile. Values that read like instructions are kept
as plain data and flagged: the profile only ever becomes `key: value` lines of a document that is
internalized, never a system prompt, so there is nothing for such text to command.

The profile itself is the Store's append-only edit log (who, when, which turn, old and new value), so
every change can be audited and undone. Every `refresh_every` applied edits (and on demand, on undo and
on removals) the rendered profile is internalized into one per-user adapter, kept in an `AdapterCache`
(memory LRU + checksummed file) and composed into that user's chats: a new conversation is
personalized with zero profile tokens in the prompt.

    p = Personalizer(model, store, files, user_id)
    events = p.observe("From now on, call me Tam.", turn_ref="conv1:4")
    engine.chat(messages, p.adapter())
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import asdict, dataclass, field

from agenthn.agent import prompts
from agenthn.agent.adapter_cache import AdapterCache
from agenthn.agent.retrieval import internalize_entries, internalize_lines, select_entries
from agenthn.agent.turn import Contribution, Reply, Turn
from agenthn.engine.batching import BatchEngine, shared_engine
from agenthn.engine.d2l import D2LModel
from agenthn.errors import AgentHNError
from agenthn.model.adapter import Adapter
from agenthn.store import AdapterFiles, Store

log = logging.getLogger(__name__)

KIND = "profile"
DEFAULT_KEYS = prompts.FACT_KEYS + prompts.PREF_KEYS
DEFAULT_CHOICES = prompts.PREF_CHOICES
DEFAULT_CUES = prompts.PREF_CUES
CONTROL_TOKENS = ("<start_of_turn>", "<end_of_turn>", "<bos>", "<eos>", "<pad>")
_LINE = re.compile(r"^(?:(ADD|UPDATE)\s+([^:]*?)\s*:(.*)|(REMOVE)\s+(.+?)|(NONE))$")
_CTRL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
# A sentence: text up to its end mark (or the end of the line/turn); the end mark says what it does.
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*|[.!?]+")
QUESTION_REASON = "the turn only asks (a question never edits the profile)"
# Phrases that try to steer a model. Matching ones are still stored (as data) but flagged for audit.
_INJECTION = re.compile(
    r"ignore\b.{0,20}\b(instructions?|previous|above|rules)|disregard|system prompt|you are now|"
    r"new instructions?|\b(ADD|UPDATE|REMOVE) [a-z]|\b(system|assistant|user)\s*:|<\s*/?\s*[a-z_]+\s*>",
    re.IGNORECASE)


@dataclass
class ProfileConfig:
    refresh_every: int = 3             # applied edits between automatic re-internalizations
    refresh_on_remove: bool = True     # a withdrawn fact should stop being used at once
    max_value_chars: int = 64
    max_edits_per_turn: int = 4
    max_new_tokens: int = 48
    require_grounded: bool = True      # a model-proposed value must occur in the user's turn
    normalize_ops: bool = True         # ADD of an existing key -> UPDATE, UPDATE of an absent key -> ADD
    allowed_keys: tuple[str, ...] = DEFAULT_KEYS
    value_choices: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_CHOICES))
    value_cues: dict[str, dict[str, str]] = field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_CUES.items()})
    adapter_name: str = "profile"
    # Fact entries used per turn: the profile is internalized one adapter per fact line (plus one for
    # the style preferences, used on every turn) and each turn composes only the k facts its message
    # matches best (TF-IDF). 0: the whole profile as one adapter on every turn. Measured on the tiny
    # model (bench personalize, gold profiles): fact recall 34.5% vs 7.2%, preferences 67.6% vs 37.4%.
    retrieve_k: int = 1

    def __post_init__(self):
        if self.refresh_every < 1:
            raise AgentHNError(f"refresh_every must be >= 1, got {self.refresh_every}")
        if self.retrieve_k < 0:
            raise AgentHNError(f"retrieve_k must be >= 0, got {self.retrieve_k}")


@dataclass(frozen=True)
class ProposedEdit:
    op: str
    key: str
    value: str | None
    line: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejection:
    line: str
    reason: str


def _check_value(key: str, value: str, cfg: ProfileConfig, control: tuple[str, ...]) -> str | None:
    """Why this value cannot be stored, or None when it can."""
    if not value:
        return "empty value"
    if len(value) > cfg.max_value_chars:
        return f"value is {len(value)} characters, over the limit of {cfg.max_value_chars}"
    if _CTRL_CHARS.search(value):
        return "value contains control characters"
    if any(t in value for t in control):
        return "value contains a chat control token"
    choices = cfg.value_choices.get(key)
    if choices and value not in choices:
        return f"value {value!r} is not one of {list(choices)} for {key!r}"
    return None


def _check_op(op: str, key: str, value: str | None, profile: dict[str, str], cfg: ProfileConfig
              ) -> tuple[str, tuple[str, ...]] | str:
    """(op, flags) fitted to the profile, or why the op cannot apply. ADD of an existing key and UPDATE
    of an absent one say the same thing ("the value of key is now v"), so with `normalize_ops` they are
    coerced and flagged rather than lost; REMOVE of an absent key has nothing to act on."""
    if op == "ADD" and key in profile:
        if not cfg.normalize_ops:
            return f"ADD of existing key {key!r} (UPDATE changes a value)"
        op, flags = "UPDATE", ("op_normalized",)
    elif op == "UPDATE" and key not in profile:
        if not cfg.normalize_ops:
            return f"UPDATE of absent key {key!r}"
        op, flags = "ADD", ("op_normalized",)
    elif op == "REMOVE" and key not in profile:
        return f"REMOVE of absent key {key!r}"
    else:
        flags = ()
    if op == "UPDATE" and profile[key] == value:
        return f"UPDATE of {key!r} does not change it"
    return op, flags


def _ungrounded(op: str, key: str, value: str | None, turn: str | None, cfg: ProfileConfig) -> str | None:
    """Why an edit is not supported by the user's turn (None when it is, or when there is no turn).

    A value the user did not say is a copying slip or an invention, and a removal of a key the user did
    not mention is a guess: both would corrupt the profile, so they are rejected."""
    if turn is None or not cfg.require_grounded:
        return None
    low = turn.lower()
    if value is None:
        label = key.removeprefix("style ")
        return None if label in low else f"REMOVE of {key!r}, which the user turn does not mention"
    cue = cfg.value_cues.get(key, {}).get(value, value)
    return None if cue.lower() in low else f"value {value!r} is not in the user turn"


def _check_line(line: str, profile: dict[str, str], seen: set[str], cfg: ProfileConfig,
                control: tuple[str, ...], turn: str | None = None) -> ProposedEdit | Rejection:
    m = _LINE.match(line)
    if not m:
        return Rejection(line,
                         "malformed line: expected ADD key: value, UPDATE key: value, REMOVE key or NONE")
    op = m.group(1) or m.group(4)
    key = (m.group(2) if m.group(1) else m.group(5)).strip()
    value = m.group(3).strip() if m.group(1) else None
    if key not in cfg.allowed_keys:
        return Rejection(line, f"unknown key {key!r}")
    if key in seen:
        return Rejection(line, f"second edit of {key!r} in one turn")
    bad = _check_value(key, value, cfg, control) if value is not None else None
    fitted = bad or _check_op(op, key, value, profile, cfg)
    if isinstance(fitted, str):
        return Rejection(line, fitted)
    op, flags = fitted
    bad = _ungrounded(op, key, value, turn, cfg)
    if bad:
        return Rejection(line, bad)
    if value is not None and _INJECTION.search(value):
        flags += ("injection_like",)
    return ProposedEdit(op, key, value, line, flags)


def stated_part(turn: str) -> str:
    """The part of a user turn that states something: the turn without its questions.

    A question never edits the profile. Asking about a fact says nothing new about it, yet the edit
    proposer, shown "What is my job?" next to a profile holding `job`, proposes `REMOVE job` (the tiny
    model does, for most of the world's question phrasings) and grounding passes, since the turn names
    the key. So edits are proposed and grounded only from the sentences that state something. A
    sentence is a question when it ends with '?': the writer's own mark of an interrogative, cheap,
    language-neutral and predictable for a user, where a list of question words would misread
    "When I moved, my city became Oslo." A question without a question mark ("Tell me my job.") is
    not caught by this rule; the grounding check still applies to it.
    """
    if "?" not in turn:
        return turn  # unchanged: nothing to drop
    sentences = (s.strip() for s in _SENTENCE.findall(turn))
    return " ".join(s for s in sentences if s and not s.endswith("?"))


def parse_proposal(text: str, profile: dict[str, str], cfg: ProfileConfig | None = None,
                   control: tuple[str, ...] = CONTROL_TOKENS, turn: str | None = None
                   ) -> tuple[list[ProposedEdit], list[Rejection]]:
    """Validate a model's edit proposal line by line against `profile` (and the user `turn` it was
    proposed for, when given): (accepted, rejected).

    `NONE` alone means no edits. A blank output, or NONE mixed with edits, is rejected as a whole:
    a proposal that contradicts itself says nothing reliable about any of its lines.
    """
    cfg = cfg or ProfileConfig()
    lines = [x.strip() for x in text.strip().split("\n") if x.strip()]
    if not lines:
        return [], [Rejection(text, "empty proposal")]
    if lines == ["NONE"]:
        return [], []
    if "NONE" in lines:
        return [], [Rejection(text, "NONE together with edits")]
    accepted, rejected, seen = [], [], set()
    for line in lines:
        res = _check_line(line, profile, seen, cfg, control, turn)
        if isinstance(res, ProposedEdit) and len(accepted) >= cfg.max_edits_per_turn:
            res = Rejection(line, f"more than {cfg.max_edits_per_turn} edits in one turn")
        if isinstance(res, ProposedEdit):
            seen.add(res.key)
            accepted.append(res)
        else:
            rejected.append(res)
    return accepted, rejected


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
        style preferences (None when nothing applies)."""
        return select_entries(self._whole_adapter(), query, self.config.retrieve_k)

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
        in the prompt."""
        adapter = self.adapter(turn.question) if turn.opts.profile else None
        return Contribution(adapters={"profile": adapter} if adapter is not None else {})

    def record(self, turn: Turn, reply: Reply) -> list[dict]:
        if not turn.opts.learn_profile:
            return []
        return self.observe(turn.question, turn_ref=turn.opts.conversation_id)

    # ---- proposing and applying edits ---------------------------------------------------------
    def prompt(self, turn_text: str) -> str:
        return prompts.edit_prompt(self.profile(), turn_text)

    def propose(self, turn_text: str) -> str:
        """The model's raw edit proposal for one user turn (base model, no adapter: a tool task)."""
        return self.engine.respond(self.prompt(turn_text), None, max_new_tokens=self.config.max_new_tokens)

    def observe(self, turn_text: str, turn_ref: str | None = None) -> list[dict]:
        """Propose, validate and apply edits for one user turn; returns the events. Only the sentences
        that state something are shown to the proposer and ground its edits (`stated_part`): a turn
        that only asks yields no edit and no model call."""
        stated = stated_part(turn_text)
        if not stated:
            return [self._question(turn_text, turn_ref)]
        raw = self.propose(stated)
        return self.apply(raw, turn_ref=turn_ref, turn=stated)

    def _question(self, turn_text: str, turn_ref: str | None) -> dict:
        return self._rejected(Rejection(turn_text, QUESTION_REASON), turn_ref)

    def apply(self, proposal: str, turn_ref: str | None = None, actor: str = "model",
              turn: str | None = None) -> list[dict]:
        """Validate `proposal` (against the user `turn` it answers, when given) and record the accepted
        edits; refresh the adapter when due."""
        with self._lock:
            events = [{"type": "profile_edit_proposed", "text": proposal, "turn_ref": turn_ref,
                       "actor": actor}]
            accepted, rejected = parse_proposal(proposal, self.profile(), self.config, self._control, turn)
            events += [self._rejected(r, turn_ref) for r in rejected]
            removed = False
            for e in accepted:
                events.append(self._record(e, turn_ref, actor))
                removed |= e.op == "REMOVE" and events[-1]["type"] == "profile_edit_applied"
            if self._pending >= self.config.refresh_every or (removed and self.config.refresh_on_remove):
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
            make = internalize_profile if self.config.retrieve_k else internalize_lines
            adapter = make(self.model, lines)
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


def internalize_profile(model, lines: list[str]) -> Adapter:
    """Profile entries: one part per fact line, one for all the style lines (used on every turn)."""
    return internalize_entries(model, [ln for ln in lines if not prompts.is_pref(ln)],
                               [ln for ln in lines if prompts.is_pref(ln)])


def observe_batch(personalizers: list[Personalizer], turns: list[str],
                  turn_refs: list[str | None] | None = None) -> list[list[dict]]:
    """`observe` for several users at once: one batched generation for all proposals (one per user)."""
    if not personalizers:
        return []
    if len({p.user_id for p in personalizers}) != len(personalizers):
        raise AgentHNError("observe_batch takes at most one turn per user (edits depend on the previous "
                           "ones)")
    refs = turn_refs or [None] * len(turns)
    stated = [stated_part(t) for t in turns]  # a question never edits the profile (as in observe)
    stating = [i for i, st in enumerate(stated) if st]
    prompts = [[{"role": "user", "content": personalizers[i].prompt(stated[i])}] for i in stating]
    engine = personalizers[0].engine
    outs = engine.chat_batch(prompts, max_new_tokens=max(p.config.max_new_tokens for p in personalizers))
    out_of = dict(zip(stating, outs, strict=True))
    return [p.apply(out_of[i], turn_ref=refs[i], turn=stated[i]) if i in out_of
            else [p._question(turns[i], refs[i])] for i, p in enumerate(personalizers)]
