"""Adapters whose parts can be retrieved one by one, and the retrieval that picks them.

Text search itself (`TfidfIndex`, memory's segments) is in `agent.search`. A profile or a notebook is
internalized one part per entry (`internalize_entries`), so a turn composes only the entries its
message asks about (`select_entries`); `internalize_lines` packs whole lines into chunks instead.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from agenthn.agent.search import Scorer, TfidfIndex, spaced, stop_words
from agenthn.errors import EmptyDocumentError

if TYPE_CHECKING:
    import torch

    from agenthn.model.adapter import Adapter


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
    entries not taken at all (those of a kind the question does not ask for: `agent.kinds.fits`)."""
    entries = adapter.meta.entries
    skip = avoid or frozenset()
    out = (never or frozenset()) | skip
    hits = [i for i, _ in entry_index(tuple(e["line"] for e in entries)).search(query, len(entries))
            if i not in (never or ())] if entries else []
    # an entry whose key the question says whole is asked for, however long its value: `job: software
    # developer` scored under the floor and "What is my job?" took `sister job: vet` (session 52)
    asked = _words(query)
    keys = [_words(e["line"].partition(":")[0]) for e in entries]
    hits += [i for i, k in enumerate(keys) if k and k <= asked and i not in hits and i not in out]
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
    return {w for w in spaced(text).split() if len(w) > 2} - _STOP


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
