"""What the profile feature is configured with: how edits are proposed, checked and applied, and how its
adapter is made and worn (`ProfileConfig`), with the default keys, value choices and cues of the
preferences the tiny world's task format knows (`agent.prompts`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from agenthn.agent import prompts
from agenthn.errors import AgentHNError, check_fraction

DEFAULT_KEYS = prompts.FACT_KEYS + prompts.PREF_KEYS
DEFAULT_CHOICES = prompts.PREF_CHOICES
DEFAULT_CUES = prompts.PREF_CUES


@dataclass
class ProfileConfig:
    # applied edits between automatic re-internalizations: every one, since a refresh makes only the new
    # lines (`retrieval.internalize_entries`' reuse); at 3 a fact said two turns before a question was
    # not yet worn ("Which herb do I hate?" -> "Your favourite herb is Ana.", session 46's chat)
    refresh_every: int = 1
    refresh_on_remove: bool = True     # a withdrawn fact should stop being used at once
    # a changed value too: until a refresh the adapter holds the old one, which is now wrong, not just
    # missing ("What does Sam do now?" -> "bus driver" after "He's a plumber now.", session 41's chat)
    refresh_on_update: bool = True
    max_value_chars: int = 64
    max_edits_per_turn: int = 4
    max_new_tokens: int = 48
    # a NONE proposed with the profile shown is asked again with none shown: the small proposer, shown
    # its entries, can miss a new fact (session 47's chat: "I really dislike mushrooms." -> NONE)
    ask_again_unshown: bool = True
    # each clause about the user of a turn with several is asked for alone too, for entries the whole
    # turn's proposal missed ("... I'm 52 and I teach maths at a secondary school." gave `school` but no
    # job; the clause alone gives `job: maths teacher`, session 48); only new keys are added from it
    ask_clauses: bool = True
    require_grounded: bool = True      # a model-proposed value must occur in the user's turn
    normalize_ops: bool = True         # ADD of an existing key -> UPDATE, UPDATE of an absent key -> ADD
    # None: any short noun phrase is a key (normalized); a tuple: only these keys (a closed vocabulary).
    allowed_keys: tuple[str, ...] | None = None
    value_choices: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_CHOICES))
    value_cues: dict[str, dict[str, str]] = field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_CUES.items()})
    adapter_name: str = "profile"
    # Who proposes edits (agent.profile_proposer): "auto", "task", "chat" or "fewshot".
    proposer: str = "auto"
    # Fact entries used per turn: the profile is internalized one adapter per fact line (plus one for
    # the style preferences, used on every turn) and each turn composes only the k facts its message
    # matches best (TF-IDF). 0: the whole profile as one adapter on every turn. Measured on the tiny
    # model (bench personalize, gold profiles): fact recall 34.5% vs 7.2%, preferences 67.6% vs 37.4%.
    retrieve_k: int = 1
    # Decoding may finish a value from the text of the entries the turn's adapter carries, where the
    # adapter finds the continuation plausible (p >= copy_beta x the top one's; agenthn.engine.copying),
    # as memory does from its segments; 0: the adapter alone.
    copy_beta: float = 0.05
    # A question whose words pick out one entry (TF-IDF, or the person it names: agent.relations) is
    # answered from the profile alone: memory's retrieved segments are left off that turn. History may
    # hold a value the profile has since changed ("Sam works as a bus driver." after the user said Sam
    # is a plumber now), or a segment retrieved by a shared word ("What's my dog's name?" took the turn
    # where the user gave their own name: "Your dog's name is Jonas."; with the profile alone, "Pepper").
    settles: bool = True
    # A question naming someone the profile names ("What does Sam do now?") is asked as "What does my
    # partner Sam do now?": smol does not link the name to the relation the entry is stored under ("Sam is
    # a 3.", session 41). That puts the relation and the name in the prompt (the turn reports it as the
    # `question_rewritten` event); off: the question goes as the user wrote it, with the same entry.
    ask_named: bool = True
    # What a turn says with a verb the proposer drops ("I collect old stamps", "my mum teaches French")
    # is added from the turn's own words where the profile lacks its key (`profile_verbs`); off: only
    # the model's lines.
    read_verbs: bool = True
    # The words a reply opens with where the turn only tells something about the user and the profile
    # learns from it (`agent/opening.py` has why); the reply ends with its first whole sentence past
    # them. "": the model's reply as it comes.
    acknowledge: str = "Thanks for telling me about"

    def __post_init__(self):
        if self.refresh_every < 1:
            raise AgentHNError(f"refresh_every must be >= 1, got {self.refresh_every}")
        if self.retrieve_k < 0:
            raise AgentHNError(f"retrieve_k must be >= 0, got {self.retrieve_k}")
        check_fraction(self.copy_beta, "profile copy_beta", AgentHNError)
