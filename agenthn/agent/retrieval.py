"""Retrieval over short texts, and adapters whose parts can be retrieved one by one.

`TfidfIndex` picks memory segments (and the RAG baseline's messages). A profile or a notebook is
internalized one part per entry (`internalize_entries`), so a turn composes only the entries its
message asks about (`select_entries`); `internalize_lines` packs whole lines into chunks instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from agenthn.agent.segments import line_content
from agenthn.errors import EmptyDocumentError

if TYPE_CHECKING:
    import torch

    from agenthn.model.adapter import Adapter


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
                                      preprocessor=_spaced)
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


def _spaced(text: str) -> str:
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


def internalize_lines(model, lines: list[str]) -> Adapter:
    """One adapter for a document made of self-contained lines (profile entries, note items).

    The engine cuts long documents into equal token chunks, which can split a line, and so a fact, in
    two. Packing whole lines into pieces that each make exactly one chunk (the engine's own `doc_chunks`
    decides, template included) keeps every fact inside one chunk; the pieces' adapters are composed,
    which is what the engine does with its own chunks. A single line longer than a chunk is left to
    the engine's chunking.
    """
    docs, cur = [], []
    for line in (x for x in lines if x.strip()):
        if cur and len(model.doc_chunks("\n".join(cur + [line]))) > 1:
            docs.append("\n".join(cur))
            cur = []
        cur.append(line)
    if not cur:
        raise EmptyDocumentError("nothing to internalize: no non-empty lines")
    docs.append("\n".join(cur))
    from agenthn.model.adapter import compose

    parts = model.generate_adapters(docs)
    adapter = compose(parts) if len(parts) > 1 else parts[0]
    adapter.meta.extra["pieces"] = len(parts)
    return adapter


def internalize_entries(model, entries: list[str], always: list[str] = (),
                       reuse: Adapter | None = None) -> Adapter:
    """One adapter part per entry (profile fact, note item) and one for the `always` lines together,
    composed and stored as one adapter; its meta records each part's rank span, so `select_entries`
    can take out the parts a message asks about without running the hypernetwork again. The tiny
    hypernetwork keeps a one-fact document far better than a many-fact one.

    `reuse`: an earlier adapter of this kind by the same hypernetwork; an entry line it already holds is
    taken out of it (`reused_part`) rather than made again, so adding one fact to a profile runs the
    hypernetwork on that line alone (and the always-on lines): ~70 ms on 2 CPU cores for smol, where a
    7-entry profile made anew took 0.44-0.61 s (session 46)."""
    entries, always = [e for e in entries if e.strip()], [a for a in always if a.strip()]
    if not entries and not always:
        raise EmptyDocumentError("nothing to internalize: no non-empty entries")
    from agenthn.model.adapter import compose

    held = _held_parts(reuse, model.hypernet_id)
    fresh = [e for e in entries if e not in held] + (["\n".join(always)] if always else [])
    made = iter(model.generate_adapters(fresh) if fresh else [])
    parts = [reused_part(reuse, held[e], e) if e in held else next(made) for e in entries]
    parts += list(made)  # the always-on part, made last
    spans, at = [], 0
    for p in parts:
        r = p.rank - p.meta.n_static
        spans.append([at, at + r])
        at += r
    adapter = compose(parts) if len(parts) > 1 else parts[0]
    adapter.meta.entries = [{"line": e, "span": sp} for e, sp in zip(entries, spans, strict=False)]
    adapter.meta.always_span = spans[-1] if always else None
    if adapter.key is not None:  # where each entry's tokens sit in the composed gate key, for a router
        at = 0
        for e, p in zip(adapter.meta.entries, parts, strict=False):
            e["key"] = [at, at + p.key.shape[1]]
            at += p.key.shape[1]
    return adapter


def _held_parts(reuse: Adapter | None, hypernet_id: str) -> dict[str, dict]:
    """The entries of `reuse` by their line, where it was made by this hypernetwork; {} otherwise."""
    if reuse is None or not reuse.meta.entries or reuse.meta.hypernet_id != hypernet_id:
        return {}
    return {e["line"]: e for e in reuse.meta.entries}


def reused_part(whole: Adapter, entry: dict, line: str) -> Adapter:
    """One entry's part of an adapter made by `internalize_entries`, as `generate_adapters` made it for
    that line: its rank span with the static block, its own gate key, and the line's source hash."""
    from agenthn.model.adapter import text_hash

    part = whole.pick([tuple(entry["span"])])
    part.meta = whole.meta.but(source_hash=text_hash(line), entries=None, always_span=None, components=[],
                               revision=0, extra={})
    if whole.key is not None and "key" in entry:
        part.key = whole.key[:, entry["key"][0]: entry["key"][1]]
    return part


@functools.lru_cache(maxsize=1024)
def entry_index(lines: tuple[str, ...]) -> TfidfIndex:
    """One fitted index per distinct list of entry lines, shared by every turn that uses it: refitting
    on each turn cost ~24 ms for 30 entries on 2 CPU cores, against ~0.7 ms for the search alone.
    Character n-grams: on held-out English skill sheets whole words found the rule holding the answer for
    46 of 53 and 41 of 48 questions (seeds 0 and 1; "refund request" against "Refunds ..." fell back to the
    sheet's title), n-grams for all of them; English profile questions: 929 of 929 either way."""
    index = TfidfIndex(list(enumerate(lines)), chars=True)
    index.fit()
    return index


Ranker = Callable[[list["torch.Tensor"], str], list[int]]  # (entry keys, question) -> indices, best first
Avoid = frozenset[int] | None  # `_best`'s entries to pass over


def _best(adapter: Adapter, query: str, k: int, rank: Ranker | None = None,
          avoid: Avoid = None, never: Avoid = None) -> tuple[list[int], int]:
    """Indices of the k entries that share the most (TF-IDF) with the query, best first, and how many
    of them TF-IDF found (the query's own words; the rest are the router's); where fewer
    than k share anything and `rank` is given (`D2LModel.rank_by_router`), the rest by meaning, read
    off each entry's part of the adapter's gate key. Hand-written questions often share no letters
    with the line they ask about ("Where do I live?" and "city: Porto").
    `avoid`: entries taken only where TF-IDF finds nothing else, and never by meaning (the profile's
    entries about other people for a question that names none: `agent.relations.others`). `never`:
    entries not taken at all (those of a kind the question does not ask for: `agent.relations.fits`)."""
    entries = adapter.meta.entries
    skip = avoid or frozenset()
    out = (never or frozenset()) | skip
    hits = [i for i, _ in entry_index(tuple(e["line"] for e in entries)).search(query, len(entries))
            if i not in (never or ())] if entries else []
    # an entry whose key the question says whole is asked for, however long its value: `job: software
    # developer` scored under the floor and "What is my job?" took `sister job: vet` (session 52)
    asked = _words(query)
    hits += [i for i, e in enumerate(entries) if i not in hits and i not in out
             and asked >= (_words(e["line"].partition(":")[0]) or {""})]
    hits = _keys_first([entries[i]["line"] for i in hits], hits, query)
    best = ([i for i in hits if i not in skip] or hits)[:k]
    worded = len(best)
    if len(best) < k and rank is not None and adapter.key is not None and all("key" in e for e in entries):
        keys = [adapter.key[:, a:b] for a, b in (e["key"] for e in entries)]
        best += [i for i in rank(keys, query)
                 if i not in best and i not in skip and i not in (never or ())][: k - len(best)]
    return best, worded


def _keys_first(lines: list[str], hits: list[int], query: str) -> list[int]:
    """`hits` (their "key: value" `lines`) re-ordered by what the question says of each, where it says
    a word of some hit's key: first the keys it says whole, then the rest, then those whose value it
    says and not their key. A question names what it asks for and says what it already knows: "Which
    city is my restaurant in?" reached `business: restaurant` over `city: Lisbon`, and "What's my
    name?" `cat name: Miso` over `name: Alice` once the index read "name:" as a word (session 43).
    TF-IDF's order stands within each group."""
    asked = _words(query)
    keys = [_words(line.partition(":")[0]) for line in lines]
    if not any(k & asked for k in keys):
        return hits

    def group(i: int) -> int:
        if not keys[i] & asked:
            return 2 if _words(lines[i].partition(":")[2]) & asked else 1
        return 0 if keys[i] <= asked else 1

    return [hits[i] for i in sorted(range(len(hits)), key=group)]  # stable: TF-IDF's order within a group


def _words(text: str) -> set[str]:
    """A text's words of three letters or more that are not stop words, as the character index spells them."""
    return {w for w in _spaced(text).split() if len(w) > 2} - _STOP


_STOP = frozenset(stop_words())


def best_among(adapter: Adapter, among: list[int], texts: list[str], query: str,
               gain: Scorer | None = None) -> int | None:
    """The entry of `among` (indices into the adapter's entries) whose text (`texts`, one each: what the
    entry is about) shares the most (TF-IDF) with the query; where none shares anything, the one whose
    line makes the question likeliest by `gain` (`D2LModel.relevance`); None when neither decides."""
    if len(among) == 1:
        return among[0]
    hits = entry_index(tuple(texts)).search(query, 1)
    if hits:
        return among[hits[0][0]]
    if gain is None:
        return None
    lines = [adapter.meta.entries[i]["line"] for i in among]
    scores = gain(lines, query)
    return among[max(range(len(among)), key=scores.__getitem__)]


def pick_entries(adapter: Adapter, indices: list[int]) -> Adapter:
    """The adapter of these entries (indices into its entries) plus its always-on part."""
    spans = [tuple(adapter.meta.entries[i]["span"]) for i in indices]
    if adapter.meta.always_span:
        spans.append(tuple(adapter.meta.always_span))
    return adapter.pick(spans)


def best_entries(adapter: Adapter | None, query: str, k: int, rank: Ranker | None = None,
                 avoid: Avoid = None) -> list[str]:
    """The lines of the entries `select_entries` keeps for this query, best first ([] for an adapter
    without entries): what a probe or a log shows as retrieved."""
    entries = adapter.meta.entries if adapter is not None else None
    return [entries[i]["line"] for i in _best(adapter, query, k, rank, avoid)[0]] if entries and k > 0 else []


def entries_text(whole: Adapter | None, chosen: Adapter | None) -> str:
    """The lines of the entries `chosen` (what `select_entries` returned for `whole`) carries, one per
    line: what its adapter parts were made from, for decoding to finish values from. All of `whole`'s
    entries when nothing was picked out of it; "" for an adapter made as one whole (no entry lines)."""
    entries = whole.meta.entries if whole is not None else None
    if chosen is None or not entries:
        return ""
    picked = {tuple(span) for span in chosen.meta.extra.get("picked", ())}
    return "\n".join(e["line"] for e in entries if not picked or tuple(e["span"]) in picked)


def select_entries(adapter: Adapter | None, query: str | None, k: int, rank: Ranker | None = None,
                   facts: bool = True, avoid: Avoid = None) -> Adapter | None:
    """The k entries that share the most (TF-IDF) with the query (the rest by `rank`, where given, as
    `_best`), plus the always-on part; None when nothing applies. `facts` false: the always-on part
    alone. With no query, k = 0, or an adapter made as one whole (no entry spans), the adapter is
    returned as it is."""
    return select_worded(adapter, query, k, rank, facts, avoid)[0]


def select_worded(adapter: Adapter | None, query: str | None, k: int, rank: Ranker | None = None,
                  facts: bool = True, avoid: Avoid = None,
                  never: Avoid = None) -> tuple[Adapter | None, bool]:
    """`select_entries`, and whether TF-IDF found any of its entries (the query's own words picked them
    out, not the router alone), from one search; `never` as `_best`."""
    entries = adapter.meta.entries if adapter is not None else None
    if entries is None or query is None or k <= 0:
        return adapter, False
    chosen, worded = _best(adapter, query, k, rank, avoid, never) if facts else ([], 0)
    return (pick_entries(adapter, chosen) if chosen or adapter.meta.always_span else None), worded > 0
