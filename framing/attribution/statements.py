"""The statements of one sentence: its attribution cues, the sources they point to, and how.

The rules of :mod:`framing.attribution.attribute` in code: where a cue's source stands (after it,
within ``max_gap`` words, or as the subject of its clause), how lists and appositions extend a
subject, how pronouns are resolved, and whether a statement is a direct quote, hedged or negated.

Every step takes time in proportion to what it reads, never to the length of the sentence: words,
quotations and marks are found once per sentence (:class:`~framing.attribution.positions.\
SentenceIndex`), and a cue reads at most :data:`READ_CHARS` characters on either side of it for
its subject, its source or an unlisted name. A sentence of ordinary length is read whole; a
"sentence" of hundreds of kilobytes (a text without sentence punctuation) costs as much per cue.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

from framing.attribution.positions import SentenceIndex
from framing.corpus.tokens import TOKEN_RE

#: Characters a cue reads before it (for its subject) and after it (for its source).
READ_CHARS = 1000
_BREAKS = '.;:!?“”"()[]—'
_CLAUSE_BREAK = re.compile("[" + re.escape(_BREAKS) + "]")
_CONJUNCTIONS = r"dan|maupun|serta|atau|and|or|&"
#: Matched at an offset with ``match(text, pos, endpos)``: nothing but white space, a comma
#: and one conjunction between two mentions (or two cues).
_COORDINATION = re.compile(rf"\s*(?:,\s*)?(?:(?:{_CONJUNCTIONS})\s+)?$", re.IGNORECASE)
#: A comma segment that opens a relative or participial clause: not the subject of the cue
#: ("Putin, yang ...", "Ashmore, asked by reporters whether ..., said").
_RELATIVE = re.compile(
    r"\s*(?:yang|who|which|whose|asked|speaking|referring|responding|writing|ditanya|"
    r"menanggapi|merujuk|berbicara)\b",
    re.IGNORECASE,
)
_LIST_ITEM_WORDS = re.compile(r"\s*(?:dan|serta|maupun|atau|and|or|baik|both)?\s*$", re.IGNORECASE)
_LIST_START = re.compile(r"\s*(?:dan|serta|maupun|atau|and|or)\s", re.IGNORECASE)
_SPACE = re.compile(r"\s")
#: Capitalised words that start a sentence without naming anyone.
_NOT_NAMES = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "it", "its", "there", "such", "ini", "itu"]
    + ["hal", "para", "sebuah", "seorang", "kunjungan", "laporan", "pernyataan", "namun"]
    + ["tetapi", "sementara"]
)
_CAPITALISED = re.compile(
    r"[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|bin|van|de|al-))*(?:\s+[A-Z][\w’'.-]*)?"
)


@dataclass(frozen=True)
class Mention:
    """A source named in a sentence: its span, canonical name, type and the text as written.

    Sources taken from an earlier sentence (through a pronoun) have ``start = end = -1``.
    """

    start: int
    end: int
    name: str
    type: str
    text: str
    via: str = ""


class Cue(NamedTuple):
    """A cue phrase found in a sentence: its span, its text as written, and its ``-nya``."""

    start: int
    end: int
    text: str
    nya: bool


class Statement(NamedTuple):
    """An attributed statement: its cue kind, the cue, its sources and how they were found."""

    kind: object
    cue: Cue
    sources: list[Mention]
    via: str


@dataclass
class Sentence:
    """One sentence while its statements are found: text, index, mentions, what is used."""

    text: str
    index: SentenceIndex
    mentions: list[Mention]
    history: list[tuple[int, list[Mention]]]
    number: int
    pronouns: re.Pattern | None
    #: The document's people (:class:`~framing.attribution.people.PeopleTracker`), if tracked,
    #: and the source type of each name attributed so far.
    people: object = None
    types: dict = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    used: set = field(default_factory=set)
    unused: int = 0  # every mention before this one is a source already

    def __post_init__(self) -> None:
        self.starts = [m.start for m in self.mentions]

    def within(self, start: int, end: int) -> list[Mention]:
        """The mentions inside ``text[start:end]``, in order."""
        i = bisect_left(self.starts, start)
        j = bisect_right(self.starts, end)
        return [m for m in self.mentions[i:j] if m.end <= end]

    def at(self, offset: int) -> bool:
        """Whether a mention covers ``offset``."""
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.mentions[i].end


def first_hedge(text: str, hedges: list[tuple[int, int]], relays: list[tuple[int, int]]):
    """The first hedge outside the ``relays`` spans (in reading order), lowercased, or None."""
    ends = [e for _, e in relays]
    for start, end in hedges:
        i = bisect_right(ends, start)  # the first relay ending after the hedge starts
        if i == len(relays) or relays[i][0] >= end:
            return " ".join(text[start:end].lower().split())
    return None


def is_negated(regex: re.Pattern | None, index: SentenceIndex, cue_start: int) -> bool:
    """A negation among the four words before the cue, in its own clause (not in a quote)."""
    if regex is None:
        return False
    clause = index.last_mark(',;:“”"', 0, cue_start) + 1
    words = index.token_starts(clause, cue_start, 4)
    return bool(words) and bool(regex.search(index.text[words[0] : cue_start]))


def is_direct_quote(index: SentenceIndex, cue_start: int, cue_end: int) -> bool:
    """A quotation of three or more words ends or begins within three words of the cue.

    A closing quote mark with no opening one in the sentence closes a quotation that began in
    an earlier sentence; its words are counted from the sentence start.
    """
    text = index.text
    if '"' not in text and "“" not in text and "”" not in text:
        return False
    closing = index.marks('”"')
    for i in range(bisect_left(closing, cue_start) - 1, -1, -1):
        mark = closing[i]
        if index.count_tokens(mark + 1, cue_start) > 3:
            break  # earlier marks are further away still
        opening = max(index.last_mark("“", 0, mark), index.last_mark('"', 0, mark))
        if index.count_tokens(opening + 1, mark) >= 3:
            return True
    opening_marks = index.marks('“"')
    for i in range(bisect_left(opening_marks, cue_end), len(opening_marks)):
        opening = opening_marks[i]
        if index.count_tokens(cue_end, opening) > 3:
            break
        ends = [index.next_mark(q, opening + 1) for q in '”"']
        end = min([e for e in ends if e > 0], default=len(text))
        if index.count_tokens(opening + 1, end) >= 3:
            return True
    return False


def _coordinated(text: str, first: Mention, mentions, limit: int, *, commas: bool) -> list[Mention]:
    """``first`` and the mentions joined to it by conjunctions (and by bare commas if asked)."""
    chain = [first]
    for mention in mentions:
        if mention.start < chain[-1].end or mention.end > limit:
            continue
        if _COORDINATION.match(text, chain[-1].end, mention.start):
            between = text[chain[-1].end : mention.start]
            if between.strip() and (commas or between.strip(" ,")):
                chain.append(mention)
                continue
        break
    return chain


def _reach_back(text: str, cue_start: int) -> int:
    """Where the text a cue reads before it starts: :data:`READ_CHARS` back, at a space."""
    edge = cue_start - READ_CHARS
    if edge <= 0:
        return 0
    space = _SPACE.search(text, edge, cue_start)
    return space.start() if space else edge


def _subject_window(state: Sentence, cue_start: int, floor: int) -> list[tuple[int, int]]:
    """Comma segments of the clause before a cue, the nearest last."""
    floor = max(floor, _reach_back(state.text, cue_start))
    start = max(floor, state.index.last_mark(_BREAKS, floor, cue_start) + 1)
    commas = state.index.marks(",")
    bounds, position = [], start
    for comma in commas[bisect_left(commas, start) : bisect_left(commas, cue_start)]:
        bounds.append((position, comma))
        position = comma + 1
    bounds.append((position, cue_start))
    return bounds


def _is_apposition(text: str, start: int, end: int) -> bool:
    """A comma segment between a subject and its verb that describes it: it opens with a
    lower-case word ("a member of …", "lembaga pemantau independen di Kyiv") that is no
    conjunction of a list."""
    segment = text[start:end].lstrip()
    return bool(segment) and segment[0].islower() and not _LIST_START.match(" " + segment)


def _pure_list_item(text: str, start: int, end: int, inside: list[Mention]) -> bool:
    """Whether a segment holds mentions and nothing else but one list word."""
    rest, position = [], start
    for m in inside:
        rest.append(text[position : m.start])
        position = m.end
    rest.append(text[position:end])
    return bool(_LIST_ITEM_WORDS.match("".join(rest)))


def _before_sources(state: Sentence, cue_start: int, floor: int, max_gap: int):
    """The subject of a cue: the nearest comma segment with a mention, extended over a list."""
    text = state.text
    chosen: list[tuple[int, int]] = []
    in_list = False
    segments = _subject_window(state, cue_start, floor)
    for number, (seg_start, seg_end) in reversed(list(enumerate(segments))):
        if _RELATIVE.match(text, seg_start, seg_end) or not text[seg_start:seg_end].strip():
            continue
        between = 0 < number < len(segments) - 1  # commas on both sides: "X, a member of Y, said"
        if between and not chosen and _is_apposition(text, seg_start, seg_end):
            continue  # "Ursula Brandt, a member of ..., argued"; "PPKET, lembaga ..., menyatakan"
        inside = state.within(seg_start, seg_end)
        pure = bool(inside) and _pure_list_item(text, seg_start, seg_end, inside)
        if chosen and in_list and not pure:
            break
        chosen.insert(0, (seg_start, seg_end))
        if _LIST_START.match(text, seg_start, seg_end):  # "..., dan Kyiv": the list goes on
            in_list = True
        elif inside and not in_list:
            break
    window = [m for s, e in chosen for m in state.within(s, e)]
    if not window:
        return [], chosen
    sources = _coordinated(text, window[0], window[1:], cue_start, commas=True)
    last = sources[-1].end
    gap = sum(len(TOKEN_RE.findall(text, max(s, last), e)) for s, e in chosen if e > last)
    return (sources if gap <= max_gap else []), chosen


def cue_groups(
    index: SentenceIndex, cues: list[Cue], kinds_of: dict, state: Sentence
) -> list[list]:
    """Cue matches grouped by span, in reading order; each group lists its kinds in file order.

    A cue inside a quotation or inside a source mention is skipped.
    """
    groups = []
    for cue, key in cues:
        if index.inside_quote(cue.start) or state.at(cue.start):
            continue
        kinds = kinds_of.get(key, [])
        if kinds:
            groups.append([(kind, cue) for kind in kinds])
    return groups


def _after_punctuation(text: str, cue_start: int) -> bool:
    """A comma or a closing quote (then only white space) right before the cue."""
    position = cue_start - 1
    while position >= 0 and text[position].isspace():
        position -= 1
    return position >= 0 and text[position] in ",”\"’'"


def _statement(state: Sentence, kind, cue: Cue, floor: int):
    """The sources of one cue and how they were found, or ([], "") when it has none."""
    text = state.text
    if kind.direction == "after":
        if kind.after_punctuation and not _after_punctuation(text, cue.start):
            return [], ""
        if cue.nya:
            return _resolve_pronoun(state, cue.start, None), "pronoun"
        sources = _after_sources(state, cue.end, kind.max_gap)
        if sources:
            return sources, "named"
        return _unlisted_after(state, cue.end, kind.max_gap), "unlisted"
    last = state.statements[-1] if state.statements else None
    if last is not None and _COORDINATION.match(text, last.cue.end, cue.start):
        return last.sources, last.via  # "mengkonfirmasi atau menyangkalnya"
    sources, segments = _before_sources(state, cue.start, floor, kind.max_gap)
    if kind.after_punctuation and (  # '..." the president continued': right after a quote
        not segments or not _after_punctuation(text, segments[0][0])
    ):
        return [], ""
    if sources:
        return sources, "named"
    if not segments:
        return [], ""
    window_start = segments[0][0]
    pronoun = state.pronouns.search(text, window_start, cue.start) if state.pronouns else None
    if pronoun is not None:
        return _resolve_pronoun(state, cue.start, pronoun.group(0).lower()), "pronoun"
    return _unlisted_before(state, window_start, cue.start, kind.max_gap), "unlisted"


def sentence_statements(state: Sentence, groups: list[list]) -> list[Statement]:
    """The statements of one sentence, in reading order.

    ``groups`` are the sentence's cue candidates (:func:`cue_groups`); ``state`` holds its
    mentions and the document's earlier statements (for pronouns).
    """
    floor = 0
    for group in groups:
        for kind, cue in group:
            sources, via = _statement(state, kind, cue, floor)
            if sources:
                state.statements.append(Statement(kind, cue, sources, via))
                state.used.update((m.start, m.end) for m in sources)
                ends = [cue.end, *(m.end for m in sources if m.end > 0)]
                floor = max(floor, *ends)
                break
    return state.statements


def _after_sources(state: Sentence, cue_end: int, max_gap: int) -> list[Mention]:
    """The first mention within ``max_gap`` words after a cue, with those joined to it."""
    i = bisect_left(state.starts, cue_end)
    if i == len(state.mentions):
        return []
    first = state.mentions[i]
    if first.start - cue_end > READ_CHARS:
        return []
    if state.index.count_tokens(cue_end, first.start) > max_gap:
        return []
    if _CLAUSE_BREAK.search(state.text, cue_end, first.start):
        return []
    later = (state.mentions[j] for j in range(i + 1, len(state.mentions)))
    return _coordinated(state.text, first, later, len(state.text), commas=False)


def _name(name: re.Match) -> Mention:
    text = " ".join(name.group(0).split())
    return Mention(name.start(), name.end(), text, "unknown", text)


def _plausible(state: Sentence, name: re.Match) -> bool:
    """Whether a capitalised run may name someone: not "The", "Tuesday", "Later" …"""
    if name.group(0).lower() in _NOT_NAMES:
        return False
    people = state.people
    return people is None or people.plausible_name(name.group(0))


def _unlisted_after(state: Sentence, cue_end: int, max_gap: int) -> list[Mention]:
    """The first capitalised name after a cue, typed ``unknown`` (not "The", "Ini"...)."""
    stop = min(len(state.text), cue_end + READ_CHARS)
    for name in _CAPITALISED.finditer(state.text, cue_end, stop):
        if state.index.count_tokens(cue_end, name.start()) > max_gap:
            return []
        if _plausible(state, name):
            return [_name(name)]
    return []


def _unlisted_before(state: Sentence, start: int, cue_start: int, max_gap: int) -> list[Mention]:
    """The last capitalised name before a cue (from ``start``), typed ``unknown``."""
    text = state.text
    names = [n for n in _CAPITALISED.finditer(text, start, cue_start) if _plausible(state, n)]
    if not names or len(TOKEN_RE.findall(text, names[-1].end(), cue_start)) > max_gap:
        return []
    return [_name(names[-1])]


#: Pronouns that name a group, resolved to the sources of the last statement.
PLURAL_PRONOUNS = frozenset({"they", "mereka", "pihaknya", "it"})


def person_mention(people, types: dict, number: int, word: str | None) -> Mention | None:
    """The person a singular pronoun (``word``; None for ``-nya``) in sentence ``number`` names,
    as a mention typed as that name was attributed before (``unknown`` if never), or None."""
    if people is None or word in PLURAL_PRONOUNS:
        return None
    person = people.resolve(number, None if word is None else people.gender_of(word))
    if person is None:
        return None
    return Mention(-1, -1, person.name, types.get(person.name, "unknown"), person.name, "pronoun")


def _resolve_pronoun(state: Sentence, cue_start: int, word: str | None) -> list[Mention]:
    """A pronoun's sources (``word`` is the pronoun, None for the clitic ``-nya``).

    The sentence's first earlier mention not already a source ("Bagi Putin, ... dia ..."),
    else, for a singular pronoun, the person the document's people tracker resolves it to
    (:meth:`~framing.attribution.people.PeopleTracker.resolve`), else the sources of the
    document's last statement within three sentences.
    """
    mentions = state.mentions
    while state.unused < len(mentions) and (
        (mentions[state.unused].start, mentions[state.unused].end) in state.used
    ):
        state.unused += 1
    people = state.people
    gender = None if people is None or word is None else people.gender_of(word)
    if state.unused < len(mentions) and mentions[state.unused].end <= cue_start:
        candidate = mentions[state.unused]  # the sentence's subject: "Bagi Putin, ... dia ..."
        if gender is None or people.compatible(candidate.name, gender):
            return [candidate]
    person = person_mention(people, state.types, state.number, word)
    if person is not None:
        return [person]
    if state.history and state.number - state.history[-1][0] <= 3:
        return [Mention(-1, -1, s.name, s.type, s.text) for s in state.history[-1][1]]
    return []
