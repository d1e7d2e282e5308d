"""Where a reply meets the text its adapters were made from: the text half of copying (`engine.copying`).

Pure functions of two strings, the reply so far and the source: `continuations` (what follows, in the
source, the reply's longest word-started end) and `anchored` (what may start or go on with a source word
near an anchor the reply shares with the source). `engine.copying` turns these strings into tokens the
adapter finds plausible; the rules and the measurements that chose them are in its docstring.
"""

from __future__ import annotations

import functools
import re
from collections import Counter


def _word_starts(text: str) -> list[int]:
    return [i for i in range(len(text)) if text[i] != " " and (i == 0 or text[i - 1] == " ")]


def _occurrences(stretch: str, source: str) -> list[int]:
    """Where in `source` `stretch` occurs starting a word."""
    out, at = [], source.find(stretch)
    while at >= 0:
        if at == 0 or not source[at - 1].isalnum():
            out.append(at)
        at = source.find(stretch, at + 1)
    return out


def continuations(reply: str, source: str, min_chars: int = 3) -> set[str]:
    """What follows, in `source`, the longest end of `reply` that starts a word and occurs there
    (at a word start in the source too); empty when no such end has `min_chars` letters or digits.
    The source's end reads as a line's end: a value on its last line ("partner name: Sam", a profile
    entry alone) ends there as one on any other line does, so "Sam" + "or" is not taken for a new word
    ("Your partner's name is Samor.", session 40)."""
    source = source if source.endswith("\n") else source + "\n"
    for i in _word_starts(reply):  # longest first
        tail = reply[i:]
        if sum(c.isalnum() for c in tail) < min_chars:
            return set()
        out = {source[at + len(tail): at + len(tail) + 24] for at in _occurrences(tail, source)} - {""}
        if out:
            return out
    return set()


def _found_spans(stretch: str, source: str) -> list[tuple[int, int]]:
    """Where in `source` `stretch` occurs as whole words (start, end); where it never does, where a
    label ends with it but for a plural ending, the ending included ("cat" of the profile line "cats:
    Luna and Tofu": smol says "Your cat's name is" and found no anchor, so "Tofa" stood, session 45).
    Only a label's: in prose a plural is another thing ("Your hotel is" anchored on a segment's
    "booking flights, hotels, and transportation" and took "in Nairobi" over "Acacia Lodge")."""
    starts = _occurrences(stretch, source)
    whole = [(at, at + len(stretch)) for at in starts if not source[at + len(stretch):][:1].isalnum()]
    if whole:
        return whole
    plural = ((at, re.match(r"(?:s|es)(?=:)", source[at + len(stretch):])) for at in starts)
    return [(at, at + len(stretch) + len(m.group(0))) for at, m in plural if m]


@functools.cache
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # 2 s to import: only when needed

    return frozenset(ENGLISH_STOP_WORDS)


def recited_name(reply: str, source: str, words: int = 4) -> str | None:
    """The name the source says next (" Stockholm") where the reply's last `words` words, one a content
    word, are the source's own, word for word, and every place the source says them a name follows;
    None otherwise. "Elsa is a dentist in" (memory's segment: "Our daughter Elsa is a dentist in
    Stockholm.") went on " a small town in Estonia." (session 51): a reply reciting the source has asked
    for what the source says next."""
    starts = _word_starts(reply)
    if len(starts) < words or reply.endswith(" "):
        return None
    tail = reply[starts[-words]:]
    if not _content(tail):
        return None
    nxt = {re.match(r"(?: [A-Z][\w'-]*)?", source[at + len(tail):]).group()
           for at in _occurrences(tail, source)}
    return nxt.pop() if len(nxt) == 1 and "" not in nxt else None


def _content(words: str) -> bool:
    """Whether `words` hold a word that is not a stop word ("blood type", not "it is the")."""
    return any(w.lower() not in _stop_words() for w in re.findall(r"[^\W_]+", words))


def _anchor_spans(head: str, source: str, min_chars: int) -> list[tuple[int, int]]:
    """The source spans of the longest word-started end of `head` (min_chars letters or digits, one
    content word at least) found there as whole words; empty when none is. A possessive in the reply
    matches the bare word ("your landlord's name" for "the name of my landlord", "your sisters' names"
    for "sisters: ...")."""
    head = re.sub(r"(?<=\w)'s\b|(?<=\ws)'(?!\w)", "", head)  # "landlord's", "sisters'"
    for i in _word_starts(head):
        tail = head[i:]
        if sum(c.isalnum() for c in tail) < min_chars or not _content(tail):
            return []
        spans = _found_spans(tail, source)
        if spans:
            return spans
    return []


def _after(source: str, end: int) -> str:
    """The source after `end`, up to its sentence's end: a value follows its name within a sentence
    (a question mark does not end it: "My blood type? That would be O negative."; nor does the full
    stop of a title: "My dentist is Dr. Okonkwo.")."""
    rest = source[end: end + 160].split("\n", 1)[0]
    for m in re.finditer(r"[.!] ", rest):
        if not re.search(r"(?:^|\W)(?:Dr|Mr|Mrs|Ms|St|Prof)\.$", rest[: m.start() + 1]):
            return rest[: m.start() + 1]
    return rest


def _before(source: str, start: int) -> str:
    """The source before `start`, back to its sentence's start ("Ilse is the name of his " before
    "landlord"): a value may also come first."""
    head = source[max(0, start - 160): start].rsplit("\n", 1)[-1]
    cuts = [m.end() for m in re.finditer(r"[.!?:] ", head)]
    return head[cuts[-1]:] if cuts else head


def _candidates(source: str, span: tuple[int, int], gap_words: int) -> list[str]:
    """The source from each word that may hold the value on: of the `gap_words` words after the anchor
    those that are not stop words ("That would be"), and the `gap_words` nearest words before it in its
    sentence that are not ("Ilse is the name of his" before "landlord")."""
    after, before = _after(source, span[1]), " " + _before(source, span[0])
    ahead = [after[j:] for j in _spaced_words(after)[:gap_words]]
    behind = [before[j:] for j in reversed(_spaced_words(before))]
    behind = [w for w in behind if _content(w.split()[0])]
    return [w for w in ahead if _content(w.split()[0])] + behind[:gap_words]


def _spaced_words(text: str) -> list[int]:
    """Where each word of `text` after a space starts, at its space."""
    return [i - 1 for i in _word_starts(text) if i > 0 and text[i].isalnum()]


def anchored(reply: str, source: str, min_chars: int = 3, gap_words: int = 4,
             own_words: int = 3) -> tuple[set[str], set[str]]:
    """Continuations through an anchor (see the module's doc): the reply ends in an anchor the source
    has, at most `own_words` words of its own, then nothing or the start of one of the source words
    near the anchor (`_candidates`). Returns what continues a source word the reply has started, and
    what starts one; the latest anchor in the reply is the one used."""
    cuts = [i - 1 for i in _word_starts(reply) if i > 0] + ([len(reply) - 1] if reply.endswith(" ") else [])
    for cut in reversed(cuts[-(own_words + 1):]):  # each cut: the anchor ends there, at a space
        spans = _anchor_spans(reply[:cut], source, min_chars)
        if spans:
            return _through(reply[cut:], [w for s in spans for w in _candidates(source, s, gap_words)],
                            own_words)
    return set(), set()


def _through(tail: str, words: list[str], own_words: int) -> tuple[set[str], set[str]]:
    """`anchored`'s two sets, given `tail` (the reply after its anchor) and `words` (the source from
    each candidate word on, each with its leading space)."""
    splits = [b for b in range(len(tail) + 1)
              if (b == len(tail) or tail[b] == " ") and tail[:b].count(" ") <= own_words]
    inside: set[str] = set()
    fresh: set[str] = set()
    said = {b: set(re.findall(r"[^\W_]+", tail[:b])) for b in splits}  # the reply's words before b
    for word in words:
        name = re.match(r" ?([^\W_]*)", word).group(1)
        for b in splits:
            if name in said[b]:
                continue  # the reply has said this word already: not started twice
            part = re.sub(r"^ [\"'“]", " ", tail[b:])  # the tail's last words (a quote opening them
            # aside): the start of this source word, or nothing
            if word.startswith(part) and word[len(part):]:
                (inside if part else fresh).add(word[len(part):])  # a bare space has started it
    return inside, fresh


def lone_value(reply: str, value_lines: str, own_words: int = 3) -> tuple[set[str], set[str]]:
    """`anchored`'s two sets where the copy text's value lines are one profile line and the reply shares
    no anchor with it: the value may start (or go on) within `own_words` words after the reply's first
    "is", "are", "called" or "named", among its first five words. With `business: Trattoria Sole`
    worn, "What's my restaurant called?" got "Your restaurant is Truni.": "restaurant" is no word of
    the line, and the adapter's " Tr" (0.19 of its top piece, " T") was never taken for the value's
    start (session 45)."""
    lines = [line for line in value_lines.splitlines() if ":" in line]
    # or "Being a" opening it, smol's way of saying what someone does ("Being a langer is what your husband
    # does most." for `husband job: lorry driver`, session 59)
    slot = re.search(r"\b(is|are|called|named)\b|^Being\b", reply)
    # only in the reply's first words, where it answers: further on, the reply may be echoing what the
    # user just said ("Your husband, Marco, works at a bakery called" + " St Mary" for Crumb & Co)
    if len(lines) != 1 or not slot or len(reply[: slot.start()].split()) > 4:
        return set(), set()
    return _through(reply[slot.end():], _value_words(lines[0]), own_words)


def _value_words(line: str) -> list[str]:
    """The value of a "key: value" line from each of its words that is not a stop word on, each with
    its leading space (" maths teacher", " teacher"); the whole value where each word is one (sklearn's
    stop words hold "eleven": `son age: eleven` gave nothing, and "... age is 19." stood, session 50)."""
    value = " " + line.split(":", 1)[1].strip()
    words = [value[j:] for j in _spaced_words(value) if _content(value[j:].split()[0])]
    if words or value == " ":
        return words
    return [value]  # a value of stop words alone ("eleven"): the whole of it


def short_name_said(reply: str, value_lines: str, source: str, min_chars: int = 3) -> bool:
    """Whether the reply ends in a whole name shorter than `min_chars` that ends a value line, and that
    no longer word of the source begins ("Jo" of `swimming partner: Jo`): `continuations` reads no end
    that short, so nothing ended the name, and smol said "Your swimming partner's name is Jojos."
    (session 59)."""
    m = re.search(r"(?:^|\s)([A-Z][A-Za-z]*)$", reply)
    if not m or len(m.group(1)) >= min_chars or re.search(rf"\b{m.group(1)}\w", source):
        return False
    values = (line.partition(":")[2].strip() for line in value_lines.splitlines())
    return any(v == m.group(1) or v.endswith(" " + m.group(1)) for v in values)


def phrase_rest(reply: str, phrase: str) -> str | None:
    """What is still to be said of `phrase` where the reply ends in a start of it (two characters at
    least, from a word's start: "Your dis" and "disliked food" give "liked food"); None where it does
    not, or ends in the whole phrase."""
    begun = [i for i in _word_starts(reply) if phrase.startswith(reply[i:]) and len(reply) - i >= 2]
    if not begun or reply[begun[0]:] == phrase:
        return None
    return phrase[len(reply) - begun[0]:]


def value_starts(value_lines: str) -> list[str]:
    """`_value_words` of every value line."""
    return [w for line in value_lines.splitlines() if ":" in line for w in _value_words(line)]


def line_goes_on(reply: str, value_lines: str, min_chars: int = 3) -> set[str]:
    """The next word of each value line whose value the reply's end has said up to it (" driver" for
    "You are a tram" and `job: tram driver`): a value cut short at a word is never right. Any content
    word, not only the line's last (session 61: "You are a primary." for `job: primary school
    headteacher`); the reply then says the value to its end a word at a time. Not where the reply has
    named something else as what it says ("Your instrument is violin" with `job: violin teacher` worn
    beside the instrument: "violin teacher" was wrong there, session 50)."""
    out = set()
    for line in value_lines.splitlines():
        key, _, value = line.partition(":")
        value = " " + value.strip()
        for i in _word_starts(reply):
            tail = reply[i:]
            if sum(c.isalnum() for c in tail) < min_chars:
                break
            rest = value[value.find(" " + tail) + len(tail) + 1:] if (" " + tail) in value else ""
            nxt = re.match(r" \w+(?=[\s,.;!?]|$)", rest)
            if nxt and _content(nxt.group()) and not _other_subject(reply[:i], key):
                out.add(nxt.group())
                break
    return out


def value_begun(reply: str, value_lines: str) -> bool:
    """Whether the reply ends in a start of a value line's first word, cut short of it, right after that
    line's key's last word and "is" or "are" ("Luca's hobby is sour" for `partner hobby: sourdough`,
    session 54's held-out chat: "sour" is a word of the tokenizer's own, so `_finish_word` took it for the
    reply's word, as "home" of "I work from home" where the source says "hometown")."""
    m = re.search(r"(\w+)(?:'s|')?\s+(?:is|are)\s+(?:(?:a|an|the)\s+)?([a-z]+)$", reply, re.IGNORECASE)
    if not m:
        return False
    last, begun = m.group(1).lower(), m.group(2).lower()
    for line in value_lines.splitlines():
        key, _, value = line.partition(":")
        first = (value.split() or [""])[0].lower()
        if key.split()[-1:] == [last] and first != begun and first.startswith(begun):
            return True
    return False


# Other words a reply names a key's value by ("Your profession is graphic." for `job: graphic designer`
# stopped at the line's last word, session 52; "Your volunteer spot is food." for `volunteering place:
# food bank`, session 63)
_KEY_WORDS = {"job": frozenset({"profession", "occupation", "career", "work", "trade", "role"}),
              "place": frozenset({"spot", "location", "venue", "site"})}


def _other_subject(head: str, key: str) -> bool:
    """Whether `head` names as its subject ("Your instrument is") a thing that is no word of `key` (nor
    another word for it, `_KEY_WORDS`); a name is the person the key is of ("Your partner Felix is a
    software" goes on with " developer")."""
    said = re.findall(r"(\w+)(?:'s|')?\s+(?:is|are)\b", head)
    own = key.lower().split()
    own += [w for k in own for w in _KEY_WORDS.get(k, ())]
    return bool(said) and said[-1].islower() and _content(said[-1]) and said[-1] not in own


# Names of several kept under one plural word (`cats: Miro and Kahu`, `children: Lwazi and Nandi`), as a
# reply names them ("Your cat's name is", "Your kids are called"): smol said "Your cat's name is Miro." and
# "Your kids are called Nandi.", one name of two (session 58)
_CHILDREN = r"(?:children|kids|sons|daughters|twins|boys|girls)(?:'s|')?"
_TOGETHER = {"children": _CHILDREN, "kids": _CHILDREN}


# a person's name as a reply's subject (not "It is", "There are")
_NAME = r"(?!(?:It|This|That|There|Here|What|Which|Who|You|I|We|They)\b)(?-i:[A-Z][\w-]*)"


def _slot_subject(words: list[str], by_name: bool = False) -> str:
    """The regex for how a reply names a key's value as its subject, with its verb: the key's words
    ("wife's job is", "sisters' names are"); for a relative's job the relative alone ("Your wife is" for
    `wife job`: smol said "Your wife is the teacher." for `wife job: yoga teacher`, session 48); for a
    relative's or pet's name the one named as called ("Your sons are called" for `sons name`: smol said
    "Your sons are called Arjun and your sons are called Dev." for `sons name: Arjun and Dev`, session
    49), never the bare "is", which may go on with anything but the name; for several under one plural
    word, its names or what they are called ("Your cat's name is" for `cats`, `_TOGETHER`); `by_name`,
    a relative's key by a name alone ("Adam's age is" for `son age: twelve`: "Adam's age is twenty.",
    session 60's held-out chat; "Lars is" for `husband job`); a sport played by the verb (session 67)."""
    # a name may follow the relation word: "Your son Jabari's age is" for `son age` (session 50)
    parts = [re.escape(w) + r"(?:'s|')?" for w in words]
    if _plural(words[-1]):  # its singular: "Your first language is" (session 55)
        parts[-1] = re.escape(words[-1][:-1]) + r"s?(?:'s|')?"
    if len(words) == 1 and (words[0] in _TOGETHER or _plural(words[0])):
        return rf"{_TOGETHER.get(words[0], parts[0])}(?:\s+names?)?\s+(?:is|are)(?:\s+(?:called|named))?"
    name = r"(?:\s+(?-i:[A-Z][\w-]*)(?:'s|')?)?" if len(words) > 1 else ""
    # "Your son's favourite football team is" for `son football team` (session 58: "... is 17.")
    liked = r"(?:\s+favou?rite)?" if len(words) > 1 and words[0] != "favourite" else ""
    named = parts[0] + name + liked + "".join(r"\s+" + p for p in parts[1:]) + r"\s+(?:is|are)"
    whose = r"\s+".join(re.escape(w) for w in words[:-1])
    if by_name and len(words) == 2 and words[-1] != "name":
        named = rf"(?:{named}|{_NAME}(?:'s|'){liked}\s+{parts[1]}\s+(?:is|are))"
    if by_name and len(words) == 2 and words[-1] == "job":  # "Lars is a bike-partner." (session 61), once
        named = rf"(?:{named}|{_NAME}(?:\s+(?:is|are)|'s)(?=\s+an?\b))"  # "a" says it, not "Sam is still ..."
    if len(words) > 1 and words[-1] == "partner":  # "Your hiking partner's name is ajira." (session 62)
        named = rf"(?:{named}|{whose}\s+{re.escape(words[-1])}(?:'s|')\s+name\s+is)"
    if len(words) > 1 and words[-1] == "job":
        named = rf"(?:{named}|{whose}\s+(?:is|are))"
    elif words == ["job"]:  # "You worked as a" (session 67: "... as a reputed." for `job: retired engineer`)
        named = rf"(?:{named}|you\s+(?:work|worked)\s+as\s+an?)"
    elif len(words) > 2 and words[-2:] == ["sport", "played"]:  # "Your brother Andre played rugby." (s61d)
        named = rf"(?:{named}|{parts[0]}{name}\s+(?:plays|played))"
    elif len(words) > 1 and words[-1] == "name" and _plural(words[-2]):
        # several named together, "are" alone too ("Your sons are your sons.", session 59's held-out chat)
        named = rf"(?:{named}|{whose}\s+are(?:\s+(?:called|named))?)"
    elif len(words) > 1 and words[-1] == "name":
        named = rf"(?:{named}|{whose}\s+(?:is|are)\s+(?:called|named))"
    return named


def _plural(word: str) -> bool:
    """Whether a key's word reads as a plural ("sons", "languages"; not "bus")."""
    return word.endswith("s") and len(word) > 3


def article_fits(piece: str, rest: str) -> bool:
    """Whether an article a reply is about to say (`piece`) may come before the `rest` of a value it has
    asked for ("Your instrument is a" + " sitar"): before a value in lower case, and "a" or "an" before
    no plural and no doing ("Your collection is an old stamps from the Baltic countries.", session 60)."""
    if piece not in (" a", " an", " the") or not re.match(r" [a-z]", rest):
        return False
    return piece == " the" or not re.search(r"(?<![su])s$|ing$", rest)


def number_overrun(reply: str, piece: str, source: str) -> bool:
    """Whether a digit `piece` would make the number the reply ends with one the source does not hold,
    where it holds the number as said so far ("4" + "1" with `lily age: 4`: smol splits numbers digit by
    digit)."""
    m = re.search(r"(?<![\d.,])(\d+)$", reply)
    held = set(re.findall(r"\d+(?!\w)", source))  # whole numbers: "2" of "2nd" goes on as the source has it
    grown = m.group(1) + piece.strip() if m and piece[:1].isdigit() else ""
    return bool(grown) and m.group(1) in held and not any(h.startswith(grown) for h in held)


# Another key's word a reply names a line's value by, where no line has that key (sessions 62, 67)
_SLOT_WORDS = {"workplace": "employer", "country": "city", "hometown": "city", "home": "city"}


def slot_value(reply: str, value_lines: str) -> str | None:
    """What is still to be said of the value of the value line whose whole key the reply has named as
    its subject (`_slot_subject`), then "is" or "are" and perhaps an article, and whose value it has
    said no other way since ("Your instrument is" -> " sitar" for `instrument: sitar`; "Your employer is
    children's" -> " hospital"; "Your wife is a" -> " yoga teacher" for `wife job: yoga teacher`); None
    where the reply ends otherwise or has said all of it. The reply has asked for that line's value, so no
    other may follow: smol put " flute" first after "Your instrument is" for `sitar` (session 48)."""
    lines = [(key.split(), value) for key, _, value in (x.partition(":") for x in value_lines.splitlines())]
    # whose a name is, where one relative's line alone has the key's last word ("son age", no "daughter age")
    tails = Counter(words[-1] for words, _ in lines if len(words) == 2)
    for words, value in lines:
        if not value.strip() or not words:
            continue
        by_name = tails[words[-1]] == 1
        subject = _slot_subject(words, by_name)
        w = _SLOT_WORDS.get(words[-1])  # "Your employer is" for `workplace`, where no employer is kept
        other = w and ([w] if words[:-1] in ([], ["home"]) else words[:-1] + [w])
        if other and other not in [w for w, _ in lines]:
            subject = rf"(?:{subject}|{_slot_subject(other, by_name)})"
        found = list(re.finditer(rf"\b{subject}", reply, re.IGNORECASE))
        if not found:
            continue
        said, whole = reply[found[-1].end():], " " + value.strip()
        if re.match(r"you\s", found[-1].group(0), re.IGNORECASE):  # "You worked as a retired bus driver."
            whole = re.sub(r"^ retired(?= )", "", whole)
        # the value begun, or an article first; " A" may start "Ama" (session 49: "... is A Ama."), but " a"
        # before a value in lower case is the article ("Priya is a" + "rchitect": "Priya is arc.", session 61)
        bare = re.sub(r"^ (?:a|an|the)(?= |$)", "", said, flags=re.IGNORECASE)
        for rest in ((bare, said) if said in (" a", " an") and whole[1:2].islower() else (said, bare)):
            if whole.startswith(rest) and whole != rest:
                return whole[len(rest):]
    return None
