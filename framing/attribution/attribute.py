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

import pandas as pd

from framing.attribution.lists import CueList, SourceList, load_cues, load_sources, phrase_regex
from framing.attribution.statements import (
    Mention,
    first_match,
    inside_quote,
    is_direct_quote,
    is_negated,
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
)
ANY_LANGUAGE = "*"


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

    def mentions(self, text: str) -> list[Mention]:
        """Source mentions of ``text``: leftmost-longest, adjacent ones merged."""
        found = []
        for sensitive, regex in self._source_res:
            for m in regex.finditer(text):
                key = re.sub(r"\s+", " ", m.group(0))
                name, kind = self._lookup[sensitive][key if sensitive else key.lower()]
                found.append((m.start(), -(m.end() - m.start()), m.end(), name, kind))
        found.sort()
        kept: list[Mention] = []
        for start, _, end, name, kind in found:
            if kept and start < kept[-1].end:
                continue
            if kept and not text[kept[-1].end : start].strip():
                start = kept.pop().start
            kept.append(Mention(start, end, name, kind, " ".join(text[start:end].split())))
        return [m for m in kept if not inside_quote(text, m.start)]

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
        history: list[tuple[int, list[Mention]]] = []  # (sentence index, sources) of statements
        own = (
            re.sub(r"\W", "", outlet.lower()) if outlet and not outlet.startswith("unnamed") else ""
        )
        for index, (sentence_id, text) in enumerate(sentences):
            statements = sentence_statements(text, compiled, self.mentions(text), history, index)
            relays = [(c.start(), c.end()) for k, c, _, _ in statements if k.name == "according_to"]
            hedge = first_match(compiled["hedges"], text, skip=relays)  # not "dilaporkan oleh"
            for number, (kind, cue, sources, via) in enumerate(statements):
                quoted = is_direct_quote(text, cue.start(), cue.end())
                negated = is_negated(compiled["negations"], text, cue.start())
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
