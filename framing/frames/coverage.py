"""Which sentences a lexicon can read: language coverage of the frame measures.

A term matches only in sentences of its language (:func:`framing.frames.match_frames`). A
sentence in a language the lexicon has no terms for could not show a frame even if it used
one, so counting it as frame-free would bias every share towards zero for the outlets that
write in that language. Such sentences (and documents) are kept in the corpus tables, left out
of the frame counts and denominators, and listed: per chunk by :func:`coverage_counts`,
for the corpus by :func:`language_coverage` and :func:`coverage_notes`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

#: Columns of the ``language_coverage`` table.
COVERAGE_COLUMNS = ("language", "documents", "sentences", "covered")
#: How an unknown language is shown.
UNKNOWN_LANGUAGE = "(unknown)"


def sentence_languages(sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.Series:
    """The language of each sentence: its own ``language`` column, else its document's.

    Missing values become ``""`` (unknown).
    """
    if "language" in sentences.columns:
        values = sentences["language"]
    elif "language" in documents.columns:
        by_doc = documents.set_index(documents["doc_id"].astype(str))["language"]
        values = sentences["doc_id"].astype(str).map(by_doc)
    else:
        values = pd.Series(pd.NA, index=sentences.index)
    return values.astype("string").fillna("").astype(str)


def covered(languages: pd.Series, lexicon_languages: Iterable[str]) -> pd.Series:
    """Whether each language (of a sentence or document) has terms in the lexicon."""
    return languages.astype(str).isin(set(lexicon_languages))


def coverage_counts(
    documents: pd.DataFrame, sentence_language: pd.Series, lexicon_languages: Iterable[str]
) -> pd.DataFrame:
    """Documents (by their language) and sentences (by theirs) per language, for one chunk.

    Returns
    -------
    DataFrame
        :data:`COVERAGE_COLUMNS`; add the chunks' tables up with :func:`language_coverage`.
    """
    doc_language = (
        documents["language"].astype("string").fillna("").astype(str)
        if "language" in documents.columns
        else pd.Series("", index=documents.index)
    )
    table = pd.concat(
        [
            doc_language.value_counts().rename("documents"),
            sentence_language.astype(str).value_counts().rename("sentences"),
        ],
        axis=1,
    ).fillna(0)
    table.index = table.index.astype(str)
    table = table.rename_axis("language").reset_index()
    table[["documents", "sentences"]] = table[["documents", "sentences"]].astype("int64")
    table["covered"] = covered(table["language"], lexicon_languages)
    return table[list(COVERAGE_COLUMNS)]


def language_coverage(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """The corpus' ``language_coverage`` table from the chunks' :func:`coverage_counts`.

    One row per language (``(unknown)`` for documents or sentences whose language is not
    known), covered languages first, then by documents and sentences, most first.

    Examples
    --------
    >>> a = pd.DataFrame({"language": ["id", "ru"], "documents": [3, 1], "sentences": [30, 9],
    ...     "covered": [True, False]})
    >>> language_coverage([a, a]).values.tolist()
    [['id', 6, 60, True], ['ru', 2, 18, False]]
    """
    tables = [p for p in parts if len(p)]
    if not tables:
        return pd.DataFrame(columns=list(COVERAGE_COLUMNS))
    table = (
        pd.concat(tables, ignore_index=True)
        .groupby(["language", "covered"], as_index=False)[["documents", "sentences"]]
        .sum()
    )
    table["language"] = table["language"].replace("", UNKNOWN_LANGUAGE)
    table = table.sort_values(
        ["covered", "documents", "sentences", "language"],
        ascending=[False, False, False, True],
        kind="stable",
    )
    return table[list(COVERAGE_COLUMNS)].reset_index(drop=True)


def coverage_notes(coverage: pd.DataFrame, lexicon_languages: Iterable[str]) -> list[str]:
    """Plain sentences saying what no lexicon covers and that it is not counted.

    Examples
    --------
    >>> cov = pd.DataFrame({"language": ["en", "ru", "it"], "documents": [5, 2, 1],
    ...     "sentences": [50, 20, 9], "covered": [True, False, False]})
    >>> coverage_notes(cov, ["en", "id"])[0]
    '3 documents in 2 languages (ru 2, it 1) have no lexicon (the lexicon covers en, id): not counted in frame shares or statistics'
    """
    if coverage is None or not len(coverage):
        return []
    left = coverage[~coverage["covered"].astype(bool)]
    notes = []
    documents = left[left["documents"] > 0]
    if len(documents):
        n_docs = int(documents["documents"].sum())
        listed = ", ".join(
            f"{lang} {n}"
            for lang, n in zip(documents["language"], documents["documents"], strict=True)
        )
        n_langs = len(documents)
        notes.append(
            f"{n_docs} document{'s' if n_docs != 1 else ''} in {n_langs} "
            f"language{'s' if n_langs != 1 else ''} ({listed}) "
            f"{'has' if n_docs == 1 else 'have'} no lexicon (the lexicon "
            f"covers {', '.join(sorted(lexicon_languages))}): not counted in frame shares or "
            "statistics"
        )
    quoted = left[(left["documents"] == 0) & (left["sentences"] > 0)]
    if len(quoted):
        n = int(quoted["sentences"].sum())
        notes.append(
            f"{n} sentence{'s' if n != 1 else ''} in paragraphs of another language "
            f"({', '.join(quoted['language'])}) inside covered documents are not counted"
        )
    return notes
