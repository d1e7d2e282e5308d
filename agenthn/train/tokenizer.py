"""The tiny model's tokenizer: byte-level BPE where a space is always a token of its own.

Why not `agenthn.world.build_tokenizer` as is: with GPT-2 style pre-tokenization a word carries
its leading space ("ĠHaspik"), so a name in a document and the same name at the start of an answer
are different tokens. For held-out names, whose pieces never occur in training, the model would have
to learn that mapping for tokens it has never seen; it cannot, and it answers with a training name
instead. With spaces isolated, a word is the same token sequence wherever it stands, and answering
from context is pure copying. Digits stay one token each (as in agenthn.model.tokenizer).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers

from agenthn.model.tokenizer import SPECIAL_TOKENS, wrap


def train_isolated_space_tokenizer(texts: Iterable[str], vocab_size: int = 4096):
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(" "), behavior="isolated"),
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False),
    ])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(texts, trainer=trainer)
    return wrap(tok)


def train_corpus(seed: int, n: int = 6000) -> Iterator[str]:
    """Training-split text only. Held-out names then split into pieces that training text also
    uses; a tokenizer trained on both splits would hold tokens that no training sequence contains,
    whose output embeddings training only ever pushes down, so the model could never answer them."""
    from agenthn.world import corpus

    for msgs in corpus.chat_samples(n, seed, "train"):
        yield "\n".join(m["content"] for m in msgs)
    for s in corpus.doc_samples(n // 3, seed, "train", n_facts=(1, 16)):
        yield s.doc + "\n" + "\n".join(f"{qa.question} {qa.answer}" for qa in s.qas)


def build_tokenizer(seed: int = 0, vocab_size: int = 4096, n_texts: int = 6000):
    return train_isolated_space_tokenizer(train_corpus(seed, n_texts), vocab_size)
