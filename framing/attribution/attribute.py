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

import numpy as np
import pandas as pd

from framing.attribution.lists import CueList, SourceList, load_cues, load_sources, phrase_regex
from framing.attribution.people import PeopleLists, PeopleTracker, compile_people, load_people
from framing.attribution.positions import SentenceIndex
from framing.attribution.quotes import quote_spans, quoted_regions
from framing.attribution.scan import PhraseScanner, ScanResult
from framing.attribution.statements import (
    Cue,
    Mention,
    Sentence,
    Statement,
    cue_groups,
    first_hedge,
    is_direct_quote,
    is_negated,
    person_mention,
    sentence_statements,
)
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
    "quote_span",
    "quote_position",
    "cue_sentence_id",
)
#: Place of each column in a row as :meth:`AttributionFinder._find` builds it (no ``doc_id``).
_AT = {c: i for i, c in enumerate(c for c in ATTRIBUTION_COLUMNS if c != "doc_id")}
#: Columns a quotation's other sentences leave empty: offsets into the cue's sentence.
_OFFSETS = ("source_start", "source_end", "cue_start", "cue_end")
#: Words at most between a quotation's closing (opening) mark and the cue that attributes it.
QUOTE_CUE_GAP = 6
#: The ``cue_kind`` of a quotation introduced by its speaker and a colon, without a verb.
COLON_CUE = "colon_intro"
ANY_LANGUAGE = "*"
_SUSPICION_NOUNS = frozenset({"dugaan", "kecurigaan", "suspicions of"})


class AttributionFinder:
    """Compiled source and cue lists; :meth:`find` extracts the statements of one document.

    Parameters
    ----------
    sources : SourceList, optional
        Default: :func:`~framing.attribution.lists.load_sources` (the built-in list).
    cues : CueList, optional
        Default: :func:`~framing.attribution.lists.load_cues`.
    people : PeopleLists, optional
        Titles, role words and gendered words for finding the people a document names
        (:mod:`framing.attribution.people`). Default: :func:`~framing.attribution.people.\
load_people`.
    """

    def __init__(
        self,
        sources: SourceList | None = None,
        cues: CueList | None = None,
        people: PeopleLists | None = None,
    ) -> None:
        self.sources = sources or load_sources()
        self.cues = cues or load_cues()
        self.people = people or load_people()
        self._people_compiled: dict[str, tuple] = {}
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
        self._languages = [*sorted(languages), ANY_LANGUAGE]
        self._cue_res = {lang: self._compile_cues(lang) for lang in self._languages}
        self._scanner = PhraseScanner(
            by_case[False],
            by_case[True],
            cues=[set(self._cue_res[lang]["cues"][1]) for lang in self._languages],
            hedges=[set(self._phrases(self.cues.hedges, lang)) for lang in self._languages],
        )

    def _phrases(self, table: dict[str, tuple[str, ...]], language: str) -> list[str]:
        if language == ANY_LANGUAGE:
            return [p for phrases in table.values() for p in phrases]
        return list(table.get(language, ()))

    def _compile_cues(self, language: str) -> dict:
        """One regex of every cue phrase of ``language``, and the kinds of each phrase.

        A phrase listed under several kinds ("said": after a quote, or after its subject) is
        tried kind by kind, in the order of the cue file.
        """
        kinds_of: dict[str, list] = {}
        for kind in self.cues.kinds:
            for phrase in self._phrases(kind.phrases, language):
                kinds_of.setdefault(" ".join(phrase.lower().split()), []).append(kind)
        regex = phrase_regex(list(kinds_of), clitic=True) if kinds_of else None
        compiled = {"cues": (regex, kinds_of)}
        for name in ("hedges", "negations", "pronouns"):
            phrases = self._phrases(getattr(self.cues, name), language)
            compiled[name] = phrase_regex(phrases) if phrases else None
        return compiled

    def _people_res(self, language: str) -> tuple:
        """The people lists of ``language``, compiled once."""
        if language not in self._people_compiled:
            self._people_compiled[language] = compile_people(self.people, language)
        return self._people_compiled[language]

    def _language(self, language: str | None) -> str:
        language = language or ANY_LANGUAGE
        return language if language in self._cue_res else ANY_LANGUAGE

    def _scan(self, texts: list[str], languages: list[str]) -> list[ScanResult | None]:
        """Matches of every sentence in one pass (None where the regexes are to be used)."""
        if not self._scanner.ok:
            return [None] * len(texts)
        rows = {lang: i for i, lang in enumerate(self._languages)}
        codes = np.array([rows[lang] for lang in languages], dtype=np.int64)
        return self._scanner.scan(texts, codes)

    def _matches(self, text: str, found: ScanResult | None, compiled: dict):
        """Source matches, cues (with their phrase) and hedges of one sentence."""
        if found is not None:
            keys, lookup = self._scanner.keys, self._lookup
            sources = [
                (s, s - e, e, *(lookup[True][" ".join(text[s:e].split())] if exact else
                                lookup[False][keys[k]]))
                for s, e, k, exact in found.sources
            ]  # fmt: skip
            cues = [(Cue(s, e, text[s:e], nya), keys[k]) for s, e, k, nya in found.cues]
            return sources, cues, found.hedges
        sources = []
        for sensitive, regex in self._source_res:
            for m in regex.finditer(text):
                key = re.sub(r"\s+", " ", m.group(0))
                name, kind = self._lookup[sensitive][key if sensitive else key.lower()]
                sources.append((m.start(), m.start() - m.end(), m.end(), name, kind))
        regex = compiled["cues"][0]
        cues = []
        for m in regex.finditer(text) if regex is not None else ():
            nya = m.group("nya") or ""
            phrase = " ".join(m.group(0)[: len(m.group(0)) - len(nya)].lower().split())
            cues.append((Cue(m.start(), m.end(), m.group(0), bool(nya)), phrase))
        regex = compiled["hedges"]
        hedges = [m.span() for m in regex.finditer(text)] if regex is not None else []
        return sources, cues, hedges

    def mentions(self, text: str, found: list | None = None, index=None) -> list[Mention]:
        """Source mentions of ``text``: leftmost-longest, adjacent ones merged, none quoted."""
        if found is None:
            found = self._matches(text, None, self._cue_res[ANY_LANGUAGE])[0]
        index = index or SentenceIndex(text)
        found.sort()
        spans: list[list] = []
        for start, _, end, name, kind, *via in found:
            if spans and start < spans[-1][1]:
                continue
            if spans and not text[spans[-1][1] : start].strip():
                before = spans.pop()
                start = before[0]
                if kind == "unknown":  # "State Department spokeswoman Lena Harlow"
                    kind = before[3]
            spans.append([start, end, name, kind, via[0] if via else ""])
        return [
            Mention(start, end, name, kind, " ".join(text[start:end].split()), via)
            for start, end, name, kind, via in spans
            if not index.inside_quote(start)
        ]

    def find(
        self,
        sentences: list[tuple[str, str]],
        *,
        language: str | None = None,
        outlet: str = "",
        paragraphs: list | None = None,
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
        paragraphs : list, optional
            The paragraph of each sentence: a quotation ends with its paragraph unless the
            next opens with a quote mark (:func:`~framing.attribution.quotes.quote_spans`).

        Returns
        -------
        list of dict
            One dict per (statement, source) with the keys of :data:`ATTRIBUTION_COLUMNS`
            but ``doc_id``.
        """
        texts = [text for _, text in sentences]
        language = self._language(language)
        columns: dict[str, list] = {c: [] for c in ATTRIBUTION_COLUMNS if c != "doc_id"}
        found = self._scan(texts, [language] * len(texts))
        self._find(sentences, found, language, outlet, columns, paragraphs)
        rows = zip(*columns.values(), strict=True)
        return [dict(zip(columns, row, strict=True)) for row in rows]

    def _find(
        self,
        sentences: list[tuple[str, str]],
        found: list[ScanResult | None],
        language: str,
        outlet: str,
        columns: dict[str, list],
        paragraphs: list | None = None,
    ) -> int:
        """Append the rows of one document to ``columns``; the number of rows."""
        compiled = self._cue_res[language]
        kinds_of = compiled["cues"][1]
        history: list[tuple[int, list[Mention]]] = []  # (sentence index, sources) of statements
        own = (
            re.sub(r"\W", "", outlet.lower()) if outlet and not outlet.startswith("unnamed") else ""
        )
        is_own: dict[str, bool] = {}
        texts = [text for _, text in sentences]
        spans = quote_spans(texts, paragraphs)
        regions = quoted_regions(spans, [len(t) for t in texts]) if spans else None
        #: per sentence: its index, mentions and statements (with the rows of each)
        found_here: dict[int, tuple[SentenceIndex, list[Mention], list[tuple[Statement, list]]]]
        found_here = {}
        people = PeopleTracker(self._people_res(language))
        types: dict[str, str] = {}  # the source type of each name attributed so far
        read = 0  # sentences the people tracker has read
        named: dict[int, list[tuple]] = {}  # the people of each sentence read, as mentions

        def people_in(number: int, sources: list) -> list[tuple]:
            """Read sentences up to ``number`` for people; the mentions of sentence ``number``."""
            nonlocal read
            people_here = []
            if read == 0:
                people.read_vocabulary(texts)
            while read <= number:
                text = texts[read]
                listed = sources if read == number else self._matches(
                    text, found[read], compiled)[0]  # fmt: skip
                listed_spans = [(s, e) for s, _, e, *_ in listed]
                people_here = people.find(text, read, listed_spans, roles=read == number)
                # an organisation holding a listed source ("Dewan Keamanan Nasional Gedung
                # Putih") takes its type
                named[read] = [
                    (f.start, f.start - f.end, f.end, f.person.name,
                     next((kind for x, _, y, _, kind, *_ in listed if f.start <= x and y <= f.end),
                          "unknown"), f.via)
                    for f in people_here
                ]  # fmt: skip
                read += 1
            return named.get(number, [])

        for number, ((sentence_id, text), matches) in enumerate(zip(sentences, found, strict=True)):
            sources, cues, hedges = self._matches(text, matches, compiled)
            in_span = regions is not None and bool(regions[number])
            if not cues and not in_span:
                continue
            index = SentenceIndex(text, regions[number] if regions is not None else None)
            mentions = self.mentions(text, [*sources, *people_in(number, sources)], index)
            state = Sentence(text, index, mentions, history, number, compiled["pronouns"],
                             people, types)  # fmt: skip
            statements = sentence_statements(state, cue_groups(index, cues, kinds_of, state))
            relays = [(s.cue.start, s.cue.end) for s in statements if s.kind.name == "according_to"]
            hedge = first_hedge(text, hedges, relays)  # not "dilaporkan oleh"
            made = []
            for position, statement in enumerate(statements):
                kind, cue, found_sources, via = statement
                quoted = "direct" if is_direct_quote(index, cue.start, cue.end) else "indirect"
                negated = is_negated(compiled["negations"], index, cue.start)
                hedged = hedge is not None or (
                    kind.name == "accusation_noun" and cue.text.lower() in _SUSPICION_NOUNS
                )
                made.append((statement, [
                    [sentence_id, source.text, self._type(source, own, is_own),
                     " ".join(cue.text.split()), quoted, hedged,
                     kind.name == "denial" and not negated, position, source.name, kind.name,
                     hedge, negated, source.via or via,
                     source.start if source.start >= 0 else pd.NA,
                     source.end if source.start >= 0 else pd.NA, cue.start, cue.end,
                     pd.NA, pd.NA, sentence_id]
                    for source in found_sources
                ]))  # fmt: skip
                history.append((number, found_sources))
                for source in found_sources:
                    types.setdefault(source.name, source.type)
            found_here[number] = (index, mentions, made)
        context = (named, people, compiled["pronouns"], types)
        carried = self._carry_quotes(sentences, spans, found_here, context, own, is_own)
        rows = []
        for number in sorted(found_here.keys() | carried.keys()):
            if number in found_here:
                rows += [row for _, made_rows in found_here[number][2] for row in made_rows]
            rows += carried.get(number, [])
        for column, values in zip(columns.values(), zip(*rows, strict=True), strict=False):
            column += values
        return len(rows)

    @staticmethod
    def _type(source: Mention, own: str, is_own: dict[str, bool]) -> str:
        """A source's type: ``own_reporting`` when it names the document's outlet."""
        if own and source.text not in is_own:
            is_own[source.text] = own in re.sub(r"\W", "", source.text.lower())
        return "own_reporting" if own and is_own[source.text] else source.type

    def _carry_quotes(self, sentences, spans, found_here, context, own, is_own) -> dict:
        """Give each quotation its attribution, and every sentence of it the attribution's rows.

        The statement of a quotation is the one whose cue follows its closing mark within
        :data:`QUOTE_CUE_GAP` words in the closing sentence ("...," the governor said), else the
        one whose cue precedes its opening mark within that many words in the opening sentence
        (she said: "..."), else the subject of a clause that ends in a colon right before it
        (The senator was blunt: "..."). Its own rows are marked direct quotes of the span; every
        other sentence of the quotation gets a copy of them, with ``cue_sentence_id`` naming the
        sentence that holds the cue (their source and cue offsets are empty: they point into
        that sentence). Returns the copies, per sentence index.
        """
        carried: dict[int, list] = {}
        for span in spans:
            chosen = self._span_statement(sentences, span, found_here, context, own, is_own)
            if chosen is None:
                continue
            home, rows = chosen
            if (
                rows[0][_AT["cue_kind"]] == COLON_CUE
            ):  # made for the quotation: not among the sentence's rows
                carried.setdefault(home, []).extend(rows)
            span_id = f"{sentences[span.first][0]}:q{span.number + 1}"
            for row in rows:
                row[_AT["quote"]], row[_AT["quote_span"]] = "direct", span_id
                row[_AT["quote_position"]] = home - span.first + 1
            for number in range(span.first, span.last + 1):
                if number == home:
                    continue
                for row in rows:
                    copy = list(row)
                    copy[_AT["sentence_id"]] = sentences[number][0]
                    copy[_AT["quote_position"]] = number - span.first + 1
                    for column in _OFFSETS:  # they point into the cue's sentence
                        copy[_AT[column]] = pd.NA
                    carried.setdefault(number, []).append(copy)
        return carried

    def _span_statement(self, sentences, span, found_here, context, own, is_own):
        """(sentence index, rows) of the statement that attributes ``span``, or None."""
        if span.closed and span.last in found_here:
            index, _, made = found_here[span.last]
            for statement, rows in made:
                cue = statement.cue
                if cue.start > span.close_at and rows:
                    if index.count_tokens(span.close_at + 1, cue.start) <= QUOTE_CUE_GAP:
                        return span.last, rows
                    break
        if span.first in found_here:
            index, _, made = found_here[span.first]
            for statement, rows in reversed(made):
                cue = statement.cue
                if cue.end <= span.open_at and rows:
                    if index.count_tokens(cue.end, span.open_at) <= QUOTE_CUE_GAP:
                        return span.first, rows
                    break
        return self._colon_statement(sentences, span, found_here, context, own, is_own)

    def _colon_statement(self, sentences, span, found_here, context, own, is_own):
        """The subject of a clause ending in a colon just before the quotation, as a statement."""
        text = sentences[span.first][1]
        before = text[: span.open_at].rstrip()
        number, colon = span.first, len(before) - 1
        if not before and span.first > 0:  # the colon ends the sentence before
            number = span.first - 1
            before = sentences[number][1].rstrip()
            colon = len(before) - 1
        if not before.endswith(":"):
            return None
        named, people, pronouns, types = context
        if number in found_here:
            index, mentions, _ = found_here[number]
        else:
            text = sentences[number][1]
            index = SentenceIndex(text)
            listed = self._matches(text, None, self._cue_res[ANY_LANGUAGE])[0]
            mentions = self.mentions(text, [*listed, *named.get(number, [])], index)
        clause = max(index.last_mark(".;!?", 0, colon), -1) + 1
        subjects = [m for m in mentions if clause <= m.start and m.end <= colon]
        pronoun = pronouns.search(index.text, clause, colon) if pronouns is not None else None
        if subjects:
            source = subjects[0]
        elif pronoun is not None:  # 'She continued: "..."'
            source = person_mention(people, types, number, pronoun.group(0).lower())
            if source is None:
                return None
        else:
            return None
        sentence_id = sentences[number][0]
        row = [sentence_id, source.text, self._type(source, own, is_own), ":", "direct", False,
               False, 0, source.name, COLON_CUE, None, False, source.via or "named",
               source.start if source.start >= 0 else pd.NA,
               source.end if source.start >= 0 else pd.NA,
               colon, colon + 1, pd.NA, pd.NA, sentence_id]  # fmt: skip
        return number, [row]


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
    doc_ids = sentences["doc_id"].astype(str)
    codes, uniques = pd.factorize(doc_ids)
    order = np.argsort(codes, kind="stable")  # documents in order of appearance, as groupby
    bounds = np.flatnonzero(np.diff(codes[order])) + 1 if len(order) else order
    sentence_ids = sentences["sentence_id"].astype(str).to_numpy(dtype=object)[order].tolist()
    texts = sentences["text"].fillna("").astype(str).to_numpy(dtype=object)[order].tolist()
    paragraphs = (
        sentences["paragraph_id"].astype(str).to_numpy(dtype=object)[order].tolist()
        if "paragraph_id" in sentences
        else None
    )
    firsts = [0, *bounds.tolist()] if len(order) else []
    lasts = [*bounds.tolist(), len(order)] if len(order) else []
    docs = [str(uniques[codes[order[i]]]) for i in firsts]
    meta = [info.get(doc, (None, "")) for doc in docs]
    languages = [finder._language(language) for language, _ in meta]
    per_sentence = [
        lang for lang, a, b in zip(languages, firsts, lasts, strict=True) for _ in range(a, b)
    ]
    found = finder._scan(texts, per_sentence)
    columns: dict[str, list] = {c: [] for c in ATTRIBUTION_COLUMNS if c != "doc_id"}
    doc_column: list[str] = []
    for doc, (_, outlet), language, a, b in zip(docs, meta, languages, firsts, lasts, strict=True):
        pairs = list(zip(sentence_ids[a:b], texts[a:b], strict=True))
        n_rows = finder._find(
            pairs,
            found[a:b],
            language,
            outlet,
            columns,
            None if paragraphs is None else paragraphs[a:b],
        )
        doc_column += [doc] * n_rows
    if not doc_column:
        table = pd.DataFrame([], columns=list(ATTRIBUTION_COLUMNS))
    else:
        table = pd.DataFrame({**columns, "doc_id": doc_column})[list(ATTRIBUTION_COLUMNS)]
    for column in ("hedged", "denial", "negated"):
        table[column] = table[column].astype(bool)
    for column in ("source_start", "source_end", "cue_start", "cue_end", "quote_position"):
        table[column] = table[column].astype("Int64")  # empty where they do not apply
    return table
