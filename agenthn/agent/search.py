"""Search over short texts: TF-IDF by words, stems or character n-grams, re-ranked by meaning.

`TfidfIndex` picks memory segments (and the RAG baseline's messages), and with character n-grams the
entries of a profile, skill sheet or notebook (`retrieval`); `first_found` looks by the words, then by
their stems; `rerank` orders TF-IDF's candidates by how much each makes the question likelier.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from agenthn.agent.segments import line_content

# Character n-grams give every pair of English texts some overlap ("how are you?" scores 0.17 against
# "hometown: Lyon"); a question about an entry scores far higher (every English skill-sheet question
# against its rule: 0.36 at the least, median 0.56), so below this a message asks about no entry.
CHAR_FLOOR = 0.3

_SENTENCE = re.compile(r"(?<=[.!?])\s+")  # where one sentence ends and the next starts (`said`)
# (texts, question) -> one score per text: how much each text makes the question likelier
Scorer = Callable[[list[str], str], list[float]]


class TfidfIndex:
    """TF-IDF over short texts, refit lazily after additions (hundreds of texts fit in milliseconds).

    `chars=False`: words, English stop words out (memory segments, the RAG baseline). `chars=True`:
    character 3-5-grams inside word boundaries, so inflections still meet ("refund request" finds
    "Refunds go to ...", "park" finds "parking"); for one-line entries (profile facts, skill rules, note
    items), where a whole-word miss leaves only the shared name of a company or person to match on.
    `stems=True`: words by their English stems ("travelling" meets "travel"), memory's second look."""

    def __init__(self, items: list[tuple[int, str]] = (), chars: bool = False, stems: bool = False):
        self.ids = [i for i, _ in items]
        self.texts = [t for _, t in items]
        self.chars, self.stems = chars, stems
        self._fit = self._analyzer = None

    def add(self, item_id: int, text: str) -> None:
        self.ids.append(item_id)
        self.texts.append(text)
        self._fit = self._analyzer = None

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """Best k (id, cosine score) above the floor; ties go to the newer item (later facts win)."""
        vec, mat = self.fit()
        if vec is None:
            return []
        scores = (mat @ vec.transform([query]).T).toarray().ravel()
        order = sorted(range(len(self.ids)), key=lambda i: (-scores[i], -i))
        floor = CHAR_FLOOR if self.chars else 0.0
        return [(self.ids[i], float(scores[i])) for i in order[:k] if scores[i] > floor]

    def terms(self, text: str) -> set[str]:
        """The index's terms in a text (words with stop words out, or character n-grams)."""
        if self._analyzer is None:  # built once per fit: re-ranking asks for every candidate line's terms
            vec = self.fit()[0]
            self._analyzer = vec.build_analyzer() if vec is not None else (lambda _: ())
        return set(self._analyzer(text))

    def fit(self):
        """(vectorizer, document matrix), or (None, None) when there is nothing to index."""
        if self._fit is None:
            self._fit = self._build() if self.ids else (None, None)
        return self._fit

    def nbytes(self) -> int:
        mat = self.fit()[1]
        return 0 if mat is None else mat.data.nbytes + mat.indices.nbytes + mat.indptr.nbytes

    def _build(self):
        from sklearn.feature_extraction.text import TfidfVectorizer

        if self.chars:
            try:
                vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                      preprocessor=spaced)
                return vec, vec.fit_transform(self.texts)
            except ValueError:  # no n-grams at all (texts of one or two characters)
                return None, None
        for stop in (stop_words(), None):
            try:
                vec = TfidfVectorizer(stop_words=stop, sublinear_tf=True)
                if self.stems:
                    vec = TfidfVectorizer(analyzer=functools.partial(_stemmed, vec.build_analyzer()),
                                          sublinear_tf=True)
                return vec, vec.fit_transform(self.texts)
            except ValueError:  # empty vocabulary: every word was a stop word (or no words at all)
                continue
        return None, None


def _stemmed(words: Callable[[str], list[str]], text: str) -> list[str]:
    """The words `words` reads in a text, each by its English (Porter2) stem."""
    return _stemmer().stemWords(words(text))


@functools.lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


# Punctuation glued to a word: a profile line's colon ("car: Volvo"), a question's mark ("job?"), a
# possessive ("daughter's")
_GLUED = re.compile(r"[^\w\s-]+")


def spaced(text: str) -> str:
    """A text as the character index reads it: lower case, punctuation made a space. Character n-grams
    stay inside a word's boundaries, and a colon glued to a key cost the key its whole-word n-grams:
    "What car do I drive?" scored `car colour: blue` 0.40 and `car: Volvo` under the floor (session 43,
    a served chat answered "Your car model is the Toyota Corolla.")."""
    return _GLUED.sub(" ", text.lower())


def rerank(index: TfidfIndex, hits: list[tuple[int, float]], texts: dict[int, str], question: str,
           gain: Scorer) -> list[tuple[int, float]]:
    """`hits` (id, TF-IDF score) re-ordered by meaning: each text's lines that share a term with the
    question are scored by `gain` (how much the line makes the question likelier, e.g.
    `D2LModel.relevance`, one batch for all), a text by its best line; (id, gain) pairs, best first.
    A line is read without its questions (`said`). A text with no such line keeps its TF-IDF place
    behind those that have one."""
    q_terms = index.terms(question)
    lines = [(i, content) for i, _ in hits for content in map(said, texts[i].splitlines())
             if index.terms(content) & q_terms]
    best: dict[int, float] = {}
    for (i, _), g in zip(lines, gain([c for _, c in lines], question) if lines else [], strict=True):
        best[i] = max(best.get(i, g), g)
    ranked = sorted(range(len(hits)), key=lambda k: (hits[k][0] not in best, -best.get(hits[k][0], 0.0), k))
    return [(hits[k][0], round(best.get(hits[k][0], 0.0), 4)) for k in ranked]


def said(line: str) -> str:
    """What a segment line states: its content without the sentences that ask. A question answers
    nothing, yet one asked before makes the same question far likelier than any fact does: re-asked
    "What's my name?" scored its own earlier asking 17.6 nats and retrieved that exchange (the reply
    it got, "Your name is Theo.", wrong, came back) over "Hey there! I'm Dana." (session 39).
    Only the questions that end the line go: one the line goes on to answer ("My bus number? That would
    be 84.") names what the answer is about, and dropping it lost 6 of memory's 100 needles at 1000
    turns (retrieval 98 -> 92, `scripts/probe_retrieval.py --model smol`; session 40)."""
    sentences = [s for s in _SENTENCE.split(line_content(line)) if s]
    while sentences and sentences[-1].rstrip("\"')").endswith("?"):
        sentences.pop()
    return " ".join(sentences)


def best_texts(index: TfidfIndex, texts: dict[int, str], question: str, k: int, rerank_n: int,
               gain: Scorer) -> tuple[list[tuple[int, float]], str]:
    """The k best (id, score) for a question and what scored them: TF-IDF's best `rerank_n` re-ranked by
    `gain` ("relevance"), or TF-IDF alone ("tfidf") when rerank_n < 2 or it proposes fewer than two."""
    hits = index.search(question, max(k, rerank_n))
    if rerank_n > 1 and len(hits) > 1:
        return rerank(index, hits, texts, question, gain)[:k], "relevance"
    return hits[:k], "tfidf"


def first_found(indexes: list[TfidfIndex], texts: dict[int, str], question: str, k: int, rerank_n: int,
                gain: Scorer) -> tuple[list[tuple[int, float]], str]:
    """`best_texts` over the first of `indexes` that finds anything: memory and the RAG baseline look by
    the words, then by their stems (session 43: "Who am I travelling with?" shared no word with "My
    travel buddy is my cousin Yusuf" and found nothing). A question the words find keeps their choice."""
    hits, scored_by = [], "tfidf"
    for index in indexes:
        hits, scored_by = best_texts(index, texts, question, k, rerank_n, gain)
        if hits:
            break
    return hits, scored_by


def stop_words() -> list[str]:
    """scikit-learn's English list minus the nouns it contains ("name", "home", ...), which are exactly
    the words a question about a remembered fact hinges on."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    keep = {"name", "home", "call", "fire", "bill", "system", "interest", "amount", "top", "bottom", "front",
            "back", "side", "part", "first", "last", "full", "show", "find", "found", "move", "thick", "thin",
            "mill", "detail"}
    return sorted(ENGLISH_STOP_WORDS - keep)
