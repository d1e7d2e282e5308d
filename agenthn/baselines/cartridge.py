"""Cartridges baseline: a KV prefix trained per conversation by self-study context distillation,
held in peft's CARTRIDGE adapter (`peft.CartridgeConfig`). Everything below counts as ingest work:

1. chunks: the history packed into whole-message windows that fit the teacher's context window;
2. probes (self-study questions): one train-split phrasing per profile attribute of the tiny world, the
   question distribution the hypernetwork was also trained on (never the eval phrasings or answers), or
   the `probes` given (English bases: `world.english_chat.probes`, the English corpus's train split);
3. the teacher (base model, one chunk in context) answers a sampled budget of (chunk, probe) pairs
   greedily; answers that are "I don't know." or not grounded in the chunk (most of their words absent
   from it: a small teacher guesses) are dropped, and the teacher's next-token distributions over the
   kept answers are the targets;
4. the prefix, initialized from the KV cache of the conversation's first tokens (first token frozen as
   an attention sink, as the Cartridges paper recommends), is trained with Adam on KL(teacher || student),
   where the student sees only prefix + probe.

The default budget is small (minutes per sweep on 2 CPU cores), which is the point of the comparison:
what a per-conversation trained prefix buys for a given training cost.
"""

from __future__ import annotations

import logging
import random
import re

import torch

from agenthn.baselines.base import Strategy, history_cost, live_window
from agenthn.engine.batching import shared_engine

log = logging.getLogger(__name__)

IDK = "i don't know"


def grounded(answer: str, chunk: list[dict], min_overlap: float = 0.75) -> bool:
    """A self-study filter: keep an answer when most of its words occur in the chunk it was read from."""
    words = re.findall(r"\w+", answer.lower())
    if not words or IDK in answer.lower():
        return False
    seen = set(re.findall(r"\w+", " ".join(m["content"] for m in chunk).lower()))
    return sum(w in seen for w in words) / len(words) >= min_overlap


class Cartridge(Strategy):
    name = "cartridge"

    def __init__(self, model, prefix_tokens: int = 64, teacher_queries: int = 96, steps: int = 40,
                 batch: int = 8,
                 lr: float = 2e-2, seed: int = 0, min_overlap: float = 0.75, probes: list[str] | None = None,
                 **kw):
        super().__init__(model, **kw)
        self.given_probes = probes  # self-study questions; None: the tiny world's train phrasings
        self.prefix_tokens, self.teacher_queries, self.steps = prefix_tokens, teacher_queries, steps
        self.batch, self.lr, self.rng, self.min_overlap = batch, lr, random.Random(seed), min_overlap
        self._pm = None
        self.trained_steps = 0

    def _peft(self):
        if self._pm is None:
            from peft import CartridgeConfig, get_peft_model

            cfg = CartridgeConfig(task_type="CAUSAL_LM", num_virtual_tokens=self.prefix_tokens,
                                  num_frozen_tokens=1)
            self._pm = get_peft_model(self.model.base, cfg)  # wraps without changing the base model
            self._pm.eval()
        return self._pm

    # ---- ingest ---------------------------------------------------------------------------------
    def _ingest(self, history):
        self.live = live_window(self.model, history, self.live_tokens)
        chunks = self._chunks(history)
        examples, tokens = self._teacher(chunks)
        tokens += self._init_prefix(chunks[0])
        tokens += self._train(examples)
        return tokens

    def _chunks(self, history: list[dict]) -> list[list[dict]]:
        budget = self.window - 3 * self.max_new_tokens - 16  # room for a probe and its answer
        chunks, cur, used = [], [], 0
        for m in history:
            c = history_cost(self.model, [m])
            if cur and used + c > budget:
                chunks.append(cur)
                cur, used = [], 0
            cur.append(m)
            used += c
        return chunks + ([cur] if cur else [])

    def _probes(self) -> list[str]:
        if self.given_probes:
            return list(self.given_probes)
        from agenthn.world import users

        return [users.ask(self.rng, key, "train") for key in users.ATTRS]

    def _teacher(self, chunks) -> tuple[list[dict], int]:
        probes = self._probes()
        pairs = [(c, p) for c in range(len(chunks)) for p in probes]
        self.rng.shuffle(pairs)
        pairs, examples, tokens = pairs[: self.teacher_queries], [], 0
        for i in range(0, len(pairs), 16):
            prompts = [chunks[c] + [{"role": "user", "content": p}] for c, p in pairs[i: i + 16]]
            outs = shared_engine(self.model).chat_batch(prompts, max_new_tokens=self.max_new_tokens)
            tokens += sum(len(self.model.prompt_ids(pr)) + self.model.count_tokens(o) + 1
                          for pr, o in zip(prompts, outs, strict=True))
            for prompt, out in zip(prompts, outs, strict=True):
                if grounded(out, prompt[:-1], self.min_overlap):
                    ex = self._targets(prompt, out)
                    examples.append(ex)
                    tokens += ex["teacher_tokens"]
        log.info("cartridge: %d of %d teacher answers kept", len(examples), len(pairs))
        return examples, tokens

    def _targets(self, prompt: list[dict], answer: str) -> dict:
        """The teacher's log-probabilities over the answer tokens (and the end-of-turn token)."""
        ans = self.model.tokenizer(answer, add_special_tokens=False)["input_ids"] + [self._eot()]
        t_ids = self.model.prompt_ids(prompt)
        logits = self.model.logits(torch.tensor([t_ids + ans]), adapter=None)[0, len(t_ids) - 1: -1]
        student = self.model.prompt_ids(prompt[-1:])
        return {"ids": student + ans, "start": len(student), "target": torch.log_softmax(logits.float(), -1),
                "teacher_tokens": len(t_ids) + len(ans)}

    def _eot(self) -> int:
        tok = self.model.tokenizer
        eot = tok.convert_tokens_to_ids("<end_of_turn>")
        return eot if isinstance(eot, int) and eot >= 0 and eot != tok.unk_token_id else tok.eos_token_id

    def _init_prefix(self, first_chunk: list[dict]) -> int:
        from peft import initialize_kv_prefix_from_past_key_values

        ids = self.model.prompt_ids(first_chunk)
        while len(ids) < self.prefix_tokens:  # a very short history: repeat it to fill the prefix
            ids = ids + ids
        ids = ids[: max(self.prefix_tokens, min(len(ids), self.window))]
        with torch.no_grad():
            out = self.model.base(input_ids=torch.tensor([ids], device=self.model.device), use_cache=True)
        cache = out.get("past_key_values", None) or out.get("cache", None)
        initialize_kv_prefix_from_past_key_values(self._peft(), past_key_values=cache,
                                                  num_virtual_tokens=self.prefix_tokens)
        return len(ids)

    def _train(self, examples: list[dict]) -> int:
        pm = self._peft()
        params = [p for p in pm.prompt_encoder["default"].parameters() if p.requires_grad]
        opt = torch.optim.Adam(params, lr=self.lr)
        tokens, self.trained_steps, self.losses = 0, 0, []
        for _ in range(self.steps if examples else 0):
            rows = self.rng.sample(examples, min(self.batch, len(examples)))
            with torch.enable_grad():
                loss, n = self._loss(pm, rows)
                opt.zero_grad()
                loss.backward()
                opt.step()
            tokens += n
            self.trained_steps += 1
            self.losses.append(float(loss.detach()))
        if self.losses:
            log.info("cartridge: KL %.3f -> %.3f over %d steps", self.losses[0], self.losses[-1],
                     len(self.losses))
        return tokens

    def _loss(self, pm, rows: list[dict]) -> tuple[torch.Tensor, int]:
        T = max(len(r["ids"]) for r in rows)
        ids = torch.zeros(len(rows), T, dtype=torch.long, device=self.model.device)
        mask = torch.zeros_like(ids)
        for i, r in enumerate(rows):  # right padding: causal attention keeps the real tokens exact
            ids[i, : len(r["ids"])] = torch.tensor(r["ids"])
            mask[i, : len(r["ids"])] = 1
        logits = pm(input_ids=ids, attention_mask=mask).logits
        loss = 0.0
        for i, r in enumerate(rows):
            n = len(r["target"])
            s = torch.log_softmax(logits[i, r["start"] - 1: r["start"] - 1 + n].float(), -1)
            t = r["target"].to(s.device)
            loss = loss + (t.exp() * (t - s)).sum(-1).mean()
        return loss / len(rows), int(mask.sum())

    # ---- query ----------------------------------------------------------------------------------
    def _context(self, question):
        return self.live + [{"role": "user", "content": question}], None

    @torch.no_grad()
    def _generate(self, messages, adapter) -> str:
        pm, ids, out = self._peft(), self.model.prompt_ids(messages), []
        for _ in range(self.max_new_tokens):  # no KV reuse: answers are a few tokens on a short prompt
            x = torch.tensor([ids + out], device=self.model.device)
            t = int(pm(input_ids=x, attention_mask=torch.ones_like(x)).logits[0, -1].argmax())
            if t in self.model.stop_ids:
                break
            out.append(t)
        return self.model.tokenizer.decode(out, skip_special_tokens=True)

    def context_extra_tokens(self) -> int:
        return self.prefix_tokens

    def memory_bytes(self) -> int:
        w = self._peft().prompt_encoder["default"].weight
        return w.numel() * w.element_size()
