"""The tiny world: a seeded generator of synthetic users, skills, encyclopedia, chat and tasks.

Everything is deterministic in its seed and takes `split="train" | "eval"`; eval phrasings, entity
names and values are never produced by train (see `names` for how the partition works).

Dataset builders (`corpus`):
- `doc_samples(n, seed, split="train", kinds=None, n_facts=(1, 8)) -> list[DocSample]`
  kinds: facts, profile, knowledge, skill, convo, magic, note. DocSample(doc, qas: [QA(question, answer,
  kind)], kind, meta); for "profile" meta["checks"] holds the style checks of every answer.
- `chat_samples(n, seed, split="train") -> list[list[dict]]` chat messages with the needed information
  in context (system message or earlier user turns); loss on assistant turns.
- `tokenizer_corpus(seed) -> Iterator[str]`, `build_tokenizer(seed=0, vocab_size=4096)`.

Benchmark builders (`benchmarks`, default split "eval"):
- `niah_set(n, seed, n_turns, n_needles=1, split) -> [{"messages", "needles", "questions", "depth_bin"}]`
  (one turn = one user/assistant exchange; questions: {"question", "answer", "key", "depth"}).
- `magic_set(n, seed, target_tokens, split, count_tokens=approx_tokens) -> [{"doc", "question", "answer",
  "depth_bin", "depth", "n_tokens", "n_blocks"}]` (item i in depth bin i % 10).
- `personalization_users(n, seed, n_sessions=4, per_session=5, split) -> [{"sessions", "events", "profile",
  "questions"}]`; grade a fact answer by `value in answer` and `users.check_answer(answer, checks)`.
- `skill_set(n, seed, n_rules=4, n_problems=5, split) -> [{"doc", "rules", "problems"}]`.
- `encyclopedia_sets(n_entities, seed, split) -> {"entities", "docs", "attempted", "unseen", "rephrased"}`.
- `edit_set(n, seed, split) -> [{"profile", "turn", "prompt", "edits", "case"}]`.
- `note_set(n, seed, split) -> [{"question", "wrong", "right", "source", "prompt", "note"}]`.

English data for real bases: `english` (documents for the hypernetwork), `english_skills`
(`skill_sheets(n, seed, n_rules, n_tasks, split)`, `improve_sets(n_places, seed, per_place, split)`:
workplace rules in plain English for the skills and self-improvement benchmarks), `english_samples`
(short held-out scripts per feature for the UI's samples and the improve route's built-in set).

Helpers the features use: `tasks.EDIT_RE`, `tasks.parse_edits`, `tasks.apply_edits`, `tasks.edit_prompt`,
`tasks.note_prompt`, `tasks.study_note`, `tasks.magic_haystack`, `tasks.MAGIC_QUESTION`,
`users.render_profile`, `users.style_answer`, `users.check_answer`, `skills.NUDGE`, `chat.IDK`.
"""

from agenthn.world.corpus import QA, DocSample, build_tokenizer, chat_samples, doc_samples, tokenizer_corpus

__all__ = ["QA", "DocSample", "build_tokenizer", "chat_samples", "doc_samples", "tokenizer_corpus"]
