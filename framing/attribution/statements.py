"""The statements of one sentence: its attribution cues, the sources they point to, and how.

The rules of :mod:`framing.attribution.attribute` in code: where a cue's source stands (after it,
within ``max_gap`` words, or as the subject of its clause), how lists and appositions extend a
subject, how pronouns are resolved, and whether a statement is a direct quote, hedged or negated.
Functions here work on one sentence's text and its source mentions; they keep no state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from framing.corpus.tokens import TOKEN_RE

_CLAUSE_BREAK = re.compile(r"[.;:!?“”\"()\[\]—]")
_COORDINATION = re.compile(
    r"^\s*(?:,\s*)?(?:(?:dan|maupun|serta|atau|and|or|&)\s+)?$", re.IGNORECASE
)
_RELATIVE = re.compile(r"^\s*(?:yang|who|which|whose)\b", re.IGNORECASE)
_LIST_ITEM_WORDS = re.compile(r"^\s*(?:dan|serta|maupun|atau|and|or|baik|both)?\s*$", re.IGNORECASE)
_LIST_START = re.compile(r"^\s*(?:dan|serta|maupun|atau|and|or)\s", re.IGNORECASE)
#: Capitalised words that start a sentence without naming anyone.
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "there",
        "such",
        "ini",
        "itu",
        "hal",
        "para",
        "sebuah",
        "seorang",
        "kunjungan",
        "laporan",
        "pernyataan",
        "namun",
        "tetapi",
        "sementara",
    ]
)
_QUOTE_SPAN = re.compile(r"“[^”]*”|\"[^\"]*\"")
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


def first_match(
    regex: re.Pattern | None, text: str, skip: list[tuple[int, int]] = ()
) -> str | None:
    """The first match of ``regex`` in ``text`` outside the ``skip`` spans, lowercased."""
    for match in regex.finditer(text) if regex is not None else ():
        if not any(s < match.end() and match.start() < e for s, e in skip):
            return " ".join(match.group(0).lower().split())
    return None


def is_negated(regex: re.Pattern | None, text: str, cue_start: int) -> bool:
    """A negation among the four words before the cue, in its own clause (not in a quote)."""
    if regex is None:
        return False
    before = text[:cue_start]
    breaks = [m.end() for m in re.finditer(r"[,;:“”\"]", before)]
    before = before[breaks[-1] if breaks else 0 :]
    words = [m.start() for m in TOKEN_RE.finditer(before)][-4:]
    return bool(words) and bool(regex.search(before[words[0] :]))


def is_direct_quote(text: str, cue_start: int, cue_end: int) -> bool:
    """A quotation of three or more words ends or begins within three words of the cue.

    A closing quote mark with no opening one in the sentence closes a quotation that began in
    an earlier sentence; its words are counted from the sentence start.
    """
    for m in re.finditer(r"[”\"]", text[:cue_start]):
        if len(TOKEN_RE.findall(text[m.end() : cue_start])) > 3:
            continue
        opening = max(text.rfind("“", 0, m.start()), text.rfind('"', 0, m.start()))
        if len(TOKEN_RE.findall(text[opening + 1 : m.start()])) >= 3:
            return True
    for m in re.finditer(r"[“\"]", text[cue_end:]):
        opening = cue_end + m.start()
        if len(TOKEN_RE.findall(text[cue_end:opening])) > 3:
            break
        closing = [text.find(q, opening + 1) for q in '”"']
        closing = min([c for c in closing if c > 0], default=len(text))
        if len(TOKEN_RE.findall(text[opening + 1 : closing])) >= 3:
            return True
    return False


def inside_quote(text: str, start: int) -> bool:
    """Whether offset ``start`` of ``text`` lies inside a quotation."""
    return any(s.start() < start < s.end() for s in _QUOTE_SPAN.finditer(text))


def _coordinated(
    text: str, first: Mention, mentions: list[Mention], limit: int, *, commas: bool
) -> list[Mention]:
    """``first`` and the mentions joined to it by conjunctions (and by bare commas if asked)."""
    chain = [first]
    for mention in mentions:
        if mention.start < chain[-1].end or mention.end > limit:
            continue
        between = text[chain[-1].end : mention.start]
        joined = _COORDINATION.match(between) and between.strip()
        if joined and (commas or between.strip(" ,")):
            chain.append(mention)
        else:
            break
    return chain


def _subject_window(text: str, cue_start: int, floor: int) -> list[tuple[int, int]]:
    """Comma segments of the clause before a cue, the nearest last, relative clauses dropped."""
    head = text[floor:cue_start]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(head)]
    start = floor + (breaks[-1] if breaks else 0)
    bounds, position = [], start
    for m in re.finditer(",", text[start:cue_start]):
        bounds.append((position, start + m.start()))
        position = start + m.end()
    bounds.append((position, cue_start))
    return bounds


def _before_sources(text: str, cue_start: int, floor: int, mentions: list[Mention], max_gap: int):
    """The subject of a cue: the nearest comma segment with a mention, extended over a list."""
    chosen: list[tuple[int, int]] = []
    in_list = False
    for seg_start, seg_end in reversed(_subject_window(text, cue_start, floor)):
        segment = text[seg_start:seg_end]
        if _RELATIVE.match(segment) or not segment.strip():
            continue
        inside = [m for m in mentions if seg_start <= m.start and m.end <= seg_end]
        rest = segment
        for m in sorted(inside, key=lambda m: -m.start):
            rest = rest[: m.start - seg_start] + rest[m.end - seg_start :]
        pure = bool(inside) and bool(_LIST_ITEM_WORDS.match(rest))
        if chosen and in_list and not pure:
            break
        chosen.insert(0, (seg_start, seg_end))
        if _LIST_START.match(segment):  # "..., dan Kyiv": a list goes on to the left
            in_list = True
        elif inside and not in_list:
            break
    window = [m for m in mentions if any(s <= m.start and m.end <= e for s, e in chosen)]
    if not window:
        return [], chosen
    sources = _coordinated(text, window[0], window[1:], cue_start, commas=True)
    gap = sum(
        len(TOKEN_RE.findall(text[max(s, sources[-1].end) : e]))
        for s, e in chosen
        if e > sources[-1].end
    )
    return (sources if gap <= max_gap else []), chosen


def _cue_candidates(text: str, compiled: dict, mentions: list[Mention]) -> list[list]:
    """Cue matches grouped by span, in reading order; each group lists its kinds in file order."""
    regex, kinds_of = compiled["cues"]
    groups = []
    for cue in regex.finditer(text) if regex is not None else ():
        if inside_quote(text, cue.start()) or any(m.start <= cue.start() < m.end for m in mentions):
            continue
        phrase = cue.group(0)[: len(cue.group(0)) - len(cue.group("nya") or "")]
        kinds = kinds_of.get(" ".join(phrase.lower().split()), [])
        if kinds:
            groups.append([(kind, cue) for kind in kinds])
    return groups


def _statement(text, kind, cue, floor, mentions, statements, history, index, pronoun_re):
    """The sources of one cue and how they were found, or ([], "") when it has none."""
    if kind.direction == "after":
        if kind.after_punctuation and not re.search(r"[,”\"’']\s*$", text[: cue.start()]):
            return [], ""
        if cue.groupdict().get("nya"):
            found = _resolve_pronoun(text, cue.start(), mentions, statements, history, index)
            return found, "pronoun"
        sources = _after_sources(text, cue.end(), mentions, kind.max_gap)
        if sources:
            return sources, "named"
        return _unlisted(text[cue.end() :], cue.end(), kind.max_gap, after=True), "unlisted"
    if statements and _COORDINATION.match(text[statements[-1][1].end() : cue.start()]):
        return statements[-1][2], statements[-1][3]  # "mengkonfirmasi atau menyangkalnya"
    sources, segments = _before_sources(text, cue.start(), floor, mentions, kind.max_gap)
    if sources:
        return sources, "named"
    if not segments:
        return [], ""
    window = text[segments[0][0] : cue.start()]
    if pronoun_re is not None and pronoun_re.search(window):
        found = _resolve_pronoun(text, cue.start(), mentions, statements, history, index)
        return found, "pronoun"
    return _unlisted(window, segments[0][0], kind.max_gap, after=False), "unlisted"


def sentence_statements(text, compiled, mentions, history, index):
    """The statements of one sentence, in reading order: (kind, cue match, sources, how found).

    ``mentions`` are the sentence's source mentions; ``history`` lists (sentence index,
    sources) of the document's earlier statements, for pronouns; ``index`` is this sentence's.
    """
    statements, floor = [], 0
    for group in _cue_candidates(text, compiled, mentions):
        for kind, cue in group:
            sources, via = _statement(
                text, kind, cue, floor, mentions, statements, history, index, compiled["pronouns"]
            )
            if sources:
                statements.append((kind, cue, sources, via))
                ends = [cue.end(), *(m.end for m in sources if m.end > 0)]
                floor = max(floor, *ends)
                break
    return statements


def _after_sources(text: str, cue_end: int, mentions: list[Mention], max_gap: int) -> list[Mention]:
    """The first mention within ``max_gap`` words after a cue, with those joined to it."""
    later = [m for m in mentions if m.start >= cue_end]
    if not later or len(TOKEN_RE.findall(text[cue_end : later[0].start])) > max_gap:
        return []
    if _CLAUSE_BREAK.search(text[cue_end : later[0].start]):
        return []
    return _coordinated(text, later[0], later[1:], len(text), commas=False)


def _unlisted(segment: str, offset: int, max_gap: int, *, after: bool) -> list[Mention]:
    """A capitalised name next to a cue, typed ``unknown`` (not a determiner such as "The")."""
    names = [n for n in _CAPITALISED.finditer(segment) if n.group(0).lower() not in _NOT_NAMES]
    if not names:
        return []
    name = names[0] if after else names[-1]
    words_between = segment[: name.start()] if after else segment[name.end() :]
    if len(TOKEN_RE.findall(words_between)) > max_gap:
        return []
    text = " ".join(name.group(0).split())
    return [Mention(offset + name.start(), offset + name.end(), text, "unknown", text)]


def _resolve_pronoun(text, cue_start, mentions, statements, history, index) -> list[Mention]:
    """A pronoun's sources: the sentence's first earlier mention not already a source, else
    the sources of the document's last statement within three sentences."""
    used = {(m.start, m.end) for _, _, sources, _ in statements for m in sources}
    earlier = [m for m in mentions if m.end <= cue_start and (m.start, m.end) not in used]
    if earlier:  # the sentence's subject: "Bagi Putin, ... dia menyalahkan"
        return [earlier[0]]
    for previous_index, sources in reversed(history):
        if index - previous_index <= 3:
            return [Mention(-1, -1, s.name, s.type, s.text) for s in sources]
    return []
