"""Copying's token half: which of the adapter's tokens are plausible, which piece starts or goes on with
a source word, and the likeliest token among those that do (`engine.copying` decides when to take one).
"""

from __future__ import annotations

import math
import weakref

import torch

# tokenizer -> each token's text, decoded on first use (weak: a dropped model's table goes with it, and
# a new tokenizer never inherits an old one's table through a reused id)
_PIECES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def token_piece(tokenizer, token: int) -> str:
    table = _PIECES.setdefault(tokenizer, [None] * len(tokenizer))
    if token >= len(table):  # the output layer's padding rows past the vocabulary
        return ""
    if table[token] is None:
        table[token] = tokenizer.decode([token], skip_special_tokens=True)
    return table[token]


def plausible_tokens(logits: torch.Tensor, tokenizer, beta: float) -> list[tuple[int, str]]:
    """(token, piece) of the tokens within log(beta) of the top logit, likeliest first (64 at most)."""
    top = torch.topk(logits.float(), 64)
    floor = float(top.values[0]) + math.log(beta)
    return [(token, token_piece(tokenizer, token))
            for value, token in zip(top.values.tolist(), top.indices.tolist(), strict=True) if value >= floor]


def likeliest(logits: torch.Tensor, tokenizer, chosen: int, accept, texts: set[str] | list[str]) -> int:
    """The likeliest token whose piece starts one of `texts` and that `accept` takes, however unlikely;
    else `chosen`. For the forced rules: a value cut short, where no beta reaches the piece that goes
    on (it may rank about 25,000th: "Saoi" + "rse")."""
    found = [t for t in prefix_tokens(tokenizer, texts) if accept(token_piece(tokenizer, t))]
    return max(found, key=lambda t: float(logits[t])) if found else chosen


def prefix_tokens(tokenizer, texts) -> set[int]:
    """The tokens whose piece is a start of one of `texts` (16 characters at most), each found by
    encoding that start alone."""
    out = set()
    for text in texts:
        for n in range(1, min(len(text), 16) + 1):
            ids = tokenizer.encode(text[:n], add_special_tokens=False)
            if len(ids) == 1 and token_piece(tokenizer, ids[0]) == text[:n]:
                out.add(ids[0])
    return out


def word_piece(piece: str, cont: str) -> bool:
    """`piece` begins `cont` and carries a word or number on: letters or digits after its leading
    spaces, or only spaces before a letter or digit (tokenizers that split the space off). The source's
    punctuation and line breaks are never copied: they would reshape the reply."""
    if not piece or not cont.startswith(piece):
        return False
    rest = piece.lstrip(" ")
    if rest:
        return rest[0].isalnum()
    return cont[len(piece): len(piece) + 1].isalnum()


def starts_word(piece: str, cont: str) -> bool:
    """`piece` may start the source word `cont` begins with: a word piece of two letters or digits at
    least, or the whole word ("B" of "B positive"), or a bare space before a number. A one-letter piece
    or a bare space before a word would start other words as well ("T" of "That" and of "Takloum")."""
    if not word_piece(piece, cont):
        return False
    rest, after = piece.strip(), cont[len(piece): len(piece) + 1]
    return len(rest) >= 2 or (rest != "" and not after.isalnum()) or (rest == "" and after.isdigit())
