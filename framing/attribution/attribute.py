"""Attributed statements: for each sentence, who a claim is attributed to, by which cue, how.

A rule-based extractor in the tradition of quotation and source attribution for news
(Pouliquen, Steinberger & Best, 2007; Pareti, 2016), with lists written for Indonesian and
English news on Russia and North Korea (:mod:`framing.attribution.lists`):

1. **Source mentions**: every pattern of the source list, as a whole word, leftmost-longest;
   mentions separated only by spaces merge ("Kepala NATO Jens Stoltenberg"), typed by the last.
2. **Cues**: every cue phrase of the sentence's language. A cue inside a quotation is the
   quoted speaker's word and is skipped. A cue whose kind stands *after* its source ("Kremlin
   menyatakan") takes the subject of its clause: the text back to the last full stop, colon,
   semicolon, quote mark or cue, extended across commas over list items and appositions
   ("Negara-negara Barat, Korea Selatan, dan Kyiv menuduh"), skipping relative clauses
   ("Putin, yang ..., mengatakan"). A cue whose source stands *after* it ("Menurut AFP",
   "..., kata Kremlin", "tuduhan Barat") takes the first mention within ``max_gap`` words.
   Mentions joined by "dan", "maupun", "serta", "and", "or" or a comma are all sources of
   the statement, one row each.
3. **Unlisted sources and pronouns**: with no listed mention, a pronoun ("dia", "mereka",
   "they", the clitic of "katanya") takes the sources of the nearest earlier mention in the
   sentence not already a source, else of the last attributed statement in the previous three
   sentences of the document (``source_via = "pronoun"``); otherwise a capitalised name next
   to the cue is an ``unknown`` source (``"unlisted"``). A cue with no source at all is not a
   row.
4. **How**: ``quote`` is ``"direct"`` when a quotation of three or more words ends or begins
   within three words of the cue, else ``"indirect"``; ``hedged`` when the sentence holds a
   hedge ("diduga", "dugaan", "reportedly") or the cue is one; ``denial`` when the cue is a
   denial verb not negated; ``negated`` when a negation stands within four words before the
   cue ("menolak untuk menyangkalnya": refused to deny).

A source that names the document's own outlet is ``own_reporting``.

References
----------
Pouliquen, B., Steinberger, R., & Best, C. (2007). Automatic detection of quotations in
multilingual news. *Proceedings of RANLP 2007*, 487-492.

Pareti, S. (2016). PARC 3.0: A corpus of attribution relations. *Proceedings of LREC 2016*,
3914-3920.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from framing.attribution.lists import CueList, SourceList, load_cues, load_sources, phrase_regex
from framing.corpus.tokens import TOKEN_RE
from framing.errors import InputError

#: Columns of the ``attributions`` table (the contract columns first).
ATTRIBUTION_COLUMNS = (
    "sentence_id",
    "source",
    "source_type",
    "cue",
    "quote",
    "hedged",
    "denial",
    "doc_id",
    "statement",
    "source_name",
    "cue_kind",
    "hedge_cue",
    "negated",
    "source_via",
    "source_start",
    "source_end",
    "cue_start",
    "cue_end",
)
ANY_LANGUAGE = "*"
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
class _Mention:
    start: int
    end: int
    name: str
    type: str
    text: str


class AttributionFinder:
    """Compiled source and cue lists; :meth:`find` extracts the statements of one document.

    Parameters
    ----------
    sources : SourceList, optional
        Default: :func:`~framing.attribution.lists.load_sources` (the built-in list).
    cues : CueList, optional
        Default: :func:`~framing.attribution.lists.load_cues`.
    """

    def __init__(self, sources: SourceList | None = None, cues: CueList | None = None) -> None:
        self.sources = sources or load_sources()
        self.cues = cues or load_cues()
        by_case: dict[bool, dict[str, tuple[str, str]]] = {False: {}, True: {}}
        for pattern, source in self.sources.patterns():
            key = pattern if source.case_sensitive else pattern.lower()
            by_case[source.case_sensitive].setdefault(key, (source.name, source.type))
        self._lookup = by_case
        self._source_res = [
            (sensitive, phrase_regex(list(table), flags=0 if sensitive else re.IGNORECASE))
            for sensitive, table in by_case.items()
            if table
        ]
        languages = {lang for kind in self.cues.kinds for lang in kind.phrases}
        languages |= set(self.cues.hedges) | set(self.cues.pronouns)
        self._cue_res = {
            lang: self._compile_cues(lang) for lang in [*sorted(languages), ANY_LANGUAGE]
        }

    def _phrases(self, table: dict[str, tuple[str, ...]], language: str) -> list[str]:
        if language == ANY_LANGUAGE:
            return [p for phrases in table.values() for p in phrases]
        return list(table.get(language, ()))

    def _compile_cues(self, language: str) -> dict:
        kinds = []
        for kind in self.cues.kinds:
            phrases = self._phrases(kind.phrases, language)
            if phrases:
                kinds.append((kind, phrase_regex(phrases, clitic=kind.direction == "after")))
        compiled = {"kinds": kinds}
        for name in ("hedges", "negations", "pronouns"):
            phrases = self._phrases(getattr(self.cues, name), language)
            compiled[name] = phrase_regex(phrases) if phrases else None
        return compiled

    def mentions(self, text: str) -> list[_Mention]:
        """Source mentions of ``text``: leftmost-longest, adjacent ones merged."""
        found = []
        for sensitive, regex in self._source_res:
            for m in regex.finditer(text):
                key = re.sub(r"\s+", " ", m.group(0))
                name, kind = self._lookup[sensitive][key if sensitive else key.lower()]
                found.append((m.start(), -(m.end() - m.start()), m.end(), name, kind))
        found.sort()
        kept: list[_Mention] = []
        for start, _, end, name, kind in found:
            if kept and start < kept[-1].end:
                continue
            if kept and not text[kept[-1].end : start].strip():
                start = kept.pop().start
            kept.append(_Mention(start, end, name, kind, " ".join(text[start:end].split())))
        return [m for m in kept if not _inside_quote(text, m.start)]

    def find(
        self, sentences: list[tuple[str, str]], *, language: str | None = None, outlet: str = ""
    ) -> list[dict]:
        """Attributed statements of one document's sentences, in order.

        Parameters
        ----------
        sentences : list of (sentence_id, text)
            The document's sentences in reading order.
        language : str, optional
            The document's language; unknown or None uses every language's cues.
        outlet : str, optional
            The document's outlet: a source naming it is ``own_reporting``.

        Returns
        -------
        list of dict
            One dict per (statement, source) with the keys of :data:`ATTRIBUTION_COLUMNS`.
        """
        compiled = self._cue_res.get(language or ANY_LANGUAGE, self._cue_res[ANY_LANGUAGE])
        rows: list[dict] = []
        history: list[tuple[int, list[_Mention]]] = []  # (sentence index, sources) of statements
        own = (
            re.sub(r"\W", "", outlet.lower()) if outlet and not outlet.startswith("unnamed") else ""
        )
        for index, (sentence_id, text) in enumerate(sentences):
            statements = _sentence_statements(text, compiled, self.mentions(text), history, index)
            relays = [(c.start(), c.end()) for k, c, _, _ in statements if k.name == "according_to"]
            hedge = _first(compiled["hedges"], text, skip=relays)  # not "dilaporkan oleh"
            for number, (kind, cue, sources, via) in enumerate(statements):
                quoted = _is_direct(text, cue.start(), cue.end())
                negated = _negated(compiled["negations"], text, cue.start())
                for source in sources:
                    span = source.text
                    kind_of = source.type
                    if own and own in re.sub(r"\W", "", span.lower()):
                        kind_of = "own_reporting"
                    rows.append(
                        {
                            "sentence_id": sentence_id,
                            "source": span,
                            "source_type": kind_of,
                            "cue": " ".join(cue.group(0).split()),
                            "quote": "direct" if quoted else "indirect",
                            "hedged": hedge is not None
                            or kind.name == "accusation_noun"
                            and cue.group(0).lower() in {"dugaan", "kecurigaan", "suspicions of"},
                            "denial": kind.name == "denial" and not negated,
                            "statement": number,
                            "source_name": source.name,
                            "cue_kind": kind.name,
                            "hedge_cue": hedge,
                            "negated": negated,
                            "source_via": via,
                            "source_start": source.start if source.start >= 0 else pd.NA,
                            "source_end": source.end if source.start >= 0 else pd.NA,
                            "cue_start": cue.start(),
                            "cue_end": cue.end(),
                        }
                    )
                history.append((index, sources))
        return rows


def _first(regex: re.Pattern | None, text: str, skip: list[tuple[int, int]] = ()) -> str | None:
    """The first match of ``regex`` in ``text`` outside the ``skip`` spans, lowercased."""
    for match in regex.finditer(text) if regex is not None else ():
        if not any(s < match.end() and match.start() < e for s, e in skip):
            return " ".join(match.group(0).lower().split())
    return None


def _negated(regex: re.Pattern | None, text: str, cue_start: int) -> bool:
    """A negation among the four words before the cue, in its own clause (not in a quote)."""
    if regex is None:
        return False
    before = text[:cue_start]
    breaks = [m.end() for m in re.finditer(r"[,;:“”\"]", before)]
    before = before[breaks[-1] if breaks else 0 :]
    words = [m.start() for m in TOKEN_RE.finditer(before)][-4:]
    return bool(words) and bool(regex.search(before[words[0] :]))


def _is_direct(text: str, cue_start: int, cue_end: int) -> bool:
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


def _inside_quote(text: str, start: int) -> bool:
    return any(s.start() < start < s.end() for s in _QUOTE_SPAN.finditer(text))


def _coordinated(
    text: str, first: _Mention, mentions: list[_Mention], limit: int, *, commas: bool
) -> list[_Mention]:
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


def _before_sources(text: str, cue_start: int, floor: int, mentions: list[_Mention], max_gap: int):
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


def _cue_candidates(text: str, compiled: dict, mentions: list[_Mention]) -> list[list]:
    """Cue matches grouped by span, in reading order; each group lists its kinds in file order."""
    spans: dict[tuple[int, int], list] = {}
    for kind, regex in compiled["kinds"]:
        for cue in regex.finditer(text):
            if _inside_quote(text, cue.start()) or any(
                m.start <= cue.start() < m.end for m in mentions
            ):
                continue
            spans.setdefault((cue.start(), cue.end()), []).append((kind, cue))
    groups, last_end = [], -1
    for (start, end), group in sorted(spans.items(), key=lambda item: (item[0][0], -item[0][1])):
        if start < last_end:  # inside a longer cue ("dilansir" in "dilansir dari")
            continue
        groups.append(group)
        last_end = end
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


def _sentence_statements(text, compiled, mentions, history, index):
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


def _after_sources(
    text: str, cue_end: int, mentions: list[_Mention], max_gap: int
) -> list[_Mention]:
    later = [m for m in mentions if m.start >= cue_end]
    if not later or len(TOKEN_RE.findall(text[cue_end : later[0].start])) > max_gap:
        return []
    if _CLAUSE_BREAK.search(text[cue_end : later[0].start]):
        return []
    return _coordinated(text, later[0], later[1:], len(text), commas=False)


def _unlisted(segment: str, offset: int, max_gap: int, *, after: bool) -> list[_Mention]:
    """A capitalised name next to a cue, typed ``unknown`` (not a determiner such as "The")."""
    names = [n for n in _CAPITALISED.finditer(segment) if n.group(0).lower() not in _NOT_NAMES]
    if not names:
        return []
    name = names[0] if after else names[-1]
    words_between = segment[: name.start()] if after else segment[name.end() :]
    if len(TOKEN_RE.findall(words_between)) > max_gap:
        return []
    text = " ".join(name.group(0).split())
    return [_Mention(offset + name.start(), offset + name.end(), text, "unknown", text)]


def _resolve_pronoun(text, cue_start, mentions, statements, history, index) -> list[_Mention]:
    used = {(m.start, m.end) for _, _, sources, _ in statements for m in sources}
    earlier = [m for m in mentions if m.end <= cue_start and (m.start, m.end) not in used]
    if earlier:  # the sentence's subject: "Bagi Putin, ... dia menyalahkan"
        return [earlier[0]]
    for previous_index, sources in reversed(history):
        if index - previous_index <= 3:
            return [_Mention(-1, -1, s.name, s.type, s.text) for s in sources]
    return []


def find_attributions(
    sentences: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    *,
    finder: AttributionFinder | None = None,
) -> pd.DataFrame:
    """The ``attributions`` table: one row per attributed statement and source.

    A pure function of documents, so it runs unchanged on partitions of a Dask DataFrame.

    Parameters
    ----------
    sentences : DataFrame
        The ``sentences`` table (``doc_id``, ``sentence_id``, ``text``), in reading order.
    documents : DataFrame, optional
        The ``documents`` table, for each document's ``language`` and ``outlet``.
    finder : AttributionFinder, optional
        Custom source or cue lists; default the built-in ones.

    Returns
    -------
    DataFrame
        Columns :data:`ATTRIBUTION_COLUMNS`.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a"], "sentence_id": ["a:s1"],
    ...                   "text": ["Menurut AFP, Kremlin menyatakan bahwa kunjungan itu penting."]})
    >>> find_attributions(s)[["source", "source_type", "cue"]].values.tolist()
    [['AFP', 'wire_agency', 'Menurut'], ['Kremlin', 'russian_state', 'menyatakan']]
    """
    missing = [c for c in ("doc_id", "sentence_id", "text") if c not in sentences.columns]
    if missing:
        raise InputError(
            f"sentences: lacks column(s) {', '.join(missing)}; pass the corpus' sentences"
        )
    finder = finder or AttributionFinder()
    info = {}
    if documents is not None and len(documents):
        table = documents.set_index(documents["doc_id"].astype(str))
        languages = table["language"] if "language" in table else pd.Series(dtype=object)
        outlets = table["outlet"] if "outlet" in table else pd.Series(dtype=object)
        info = {
            doc: (
                None if pd.isna(languages.get(doc)) else str(languages.get(doc)),
                str(outlets.get(doc, "")),
            )
            for doc in table.index
        }
    rows = []
    for doc_id, group in sentences.groupby(sentences["doc_id"].astype(str), sort=False):
        language, outlet = info.get(doc_id, (None, ""))
        pairs = list(
            zip(group["sentence_id"].astype(str), group["text"].fillna("").astype(str), strict=True)
        )
        for row in finder.find(pairs, language=language, outlet=outlet):
            row["doc_id"] = doc_id
            rows.append(row)
    table = pd.DataFrame(rows, columns=list(ATTRIBUTION_COLUMNS))
    for column in ("hedged", "denial", "negated"):
        table[column] = table[column].astype(bool)
    return table
