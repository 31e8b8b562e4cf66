"""Design tables: the units the statistics are computed on, built from the contract tables.

Two levels are used throughout :mod:`framing.stats`:

* the **sentence design**, one row per (sentence, frame) with ``present`` (0/1): the unit of
  the logistic models and of the sentence-level tests;
* the **document design**, one row per (document, frame) with frame ``hits``, the number of
  ``sentences`` and of ``sentences_with_frame``, and ``n_tokens``: the unit of the count
  models and of the document-level tests.

Both carry ``doc_id``, ``outlet`` and ``event``, so any test can resample or permute whole
documents (the independent units) rather than sentences.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from framing.errors import InputError
from framing.tables import check_columns

#: Label given to documents whose outlet or event is missing.
UNKNOWN = "(unknown)"


def resolve_frames(frame_hits: pd.DataFrame, frames: Iterable[str] | None = None) -> list[str]:
    """Frame ids to analyse: those in ``frames`` (in order) followed by any other id in the hits.

    A frame named in ``frames`` that never occurs is kept, so that it appears (flagged) in
    every output table instead of silently disappearing.

    Examples
    --------
    >>> hits = pd.DataFrame({"frame": ["friendship", "sanctions_violation", "friendship"]})
    >>> resolve_frames(hits, ["western_accusation"])
    ['western_accusation', 'friendship', 'sanctions_violation']
    """
    listed = [str(f) for f in (frames or [])]
    seen = set(listed)
    found = sorted({str(f) for f in frame_hits["frame"].dropna()} - seen)
    return listed + found


def document_metadata(documents: pd.DataFrame) -> pd.DataFrame:
    """``doc_id``, ``outlet``, ``event`` and ``n_tokens`` of each document, cleaned for modelling.

    ``doc_id`` becomes a string; a missing outlet or event becomes :data:`UNKNOWN`; ``n_tokens``
    is recomputed from ``text`` where it is missing.

    Raises
    ------
    InputError
        If the table has no rows or duplicate ``doc_id`` values.
    """
    for column in ("doc_id", "outlet", "event", "n_tokens"):
        if column not in documents.columns:
            raise InputError(
                f"documents table lacks column '{column}'; rerun 'framing run' to rebuild it"
            )
    if documents.empty:
        raise InputError("documents table has no rows; the corpus stage found no documents")
    meta = documents[["doc_id", "outlet", "event", "n_tokens"]].copy()
    meta["doc_id"] = meta["doc_id"].astype(str)
    if meta["doc_id"].duplicated().any():
        dup = meta.loc[meta["doc_id"].duplicated(), "doc_id"].iloc[0]
        raise InputError(f"documents table repeats doc_id {dup!r}; doc_id must be unique")
    meta["outlet"] = meta["outlet"].astype("string").fillna(UNKNOWN).astype(str)
    meta["event"] = meta["event"].astype("string").fillna(UNKNOWN).astype(str)
    tokens = pd.to_numeric(meta["n_tokens"], errors="coerce")
    if tokens.isna().any() and "text" in documents.columns:
        from framing.corpus.tokens import count_tokens

        counted = documents["text"].fillna("").map(count_tokens)
        tokens = tokens.fillna(counted.set_axis(meta.index))
    meta["n_tokens"] = tokens.fillna(0).astype(int)
    return meta.reset_index(drop=True)


def sentence_design(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    frame_hits: pd.DataFrame,
    frames: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per (sentence, frame): does the sentence carry the frame?

    Parameters
    ----------
    documents, sentences, frame_hits : DataFrame
        Contract tables (see :data:`framing.tables.SCHEMAS`).
    frames : iterable of str, optional
        Frame ids to include even if they have no hits (see :func:`resolve_frames`).

    Returns
    -------
    DataFrame
        Columns ``sentence_id``, ``doc_id``, ``outlet``, ``event``, ``frame``, ``present``
        (0/1, a sentence with any non-negated hit of the frame) and ``hits`` (number of
        non-negated hits), sorted by frame then document order.
    """
    check_columns(sentences, "sentences")
    check_columns(frame_hits, "frame_hits")
    meta = document_metadata(documents)
    sents = sentences[["sentence_id", "doc_id"]].astype(str)
    unknown = set(sents["doc_id"]) - set(meta["doc_id"])
    if unknown:
        raise InputError(
            f"sentences table refers to doc_id {sorted(unknown)[0]!r} that is not in documents; "
            "use tables from the same run"
        )
    counted = _positive_hits(frame_hits).groupby(["sentence_id", "frame"]).size()
    frame_ids = resolve_frames(frame_hits, frames)
    parts = []
    for frame in frame_ids:
        part = sents.copy()
        part["frame"] = frame
        parts.append(part)
    if not parts:
        columns = ["sentence_id", "doc_id", "outlet", "event", "frame", "present", "hits"]
        return pd.DataFrame(columns=columns)
    design = pd.concat(parts, ignore_index=True)
    key = pd.MultiIndex.from_frame(design[["sentence_id", "frame"]])
    design["hits"] = counted.reindex(key).fillna(0).astype(int).to_numpy()
    design["present"] = (design["hits"] > 0).astype(int)
    design = design.merge(meta[["doc_id", "outlet", "event"]], on="doc_id", how="left")
    columns = ["sentence_id", "doc_id", "outlet", "event", "frame", "present", "hits"]
    return design[columns]


def document_design(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    frame_hits: pd.DataFrame,
    frames: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per (document, frame) with hit counts, sentence counts and tokens.

    Parameters
    ----------
    documents, sentences, frame_hits : DataFrame
        Contract tables (see :data:`framing.tables.SCHEMAS`).
    frames : iterable of str, optional
        Frame ids to include even if they have no hits.

    Returns
    -------
    DataFrame
        Columns ``doc_id``, ``outlet``, ``event``, ``frame``, ``hits`` (non-negated matches),
        ``sentences``, ``sentences_with_frame``, ``present`` (0/1: any hit in the document) and
        ``n_tokens``. Every document appears for every frame, with zeros where it has no hits.
    """
    meta = document_metadata(documents)
    by_sentence = sentence_design(documents, sentences, frame_hits, frames)
    grouped = by_sentence.groupby(["doc_id", "frame"], sort=False).agg(
        hits=("hits", "sum"), sentences=("present", "size"), sentences_with_frame=("present", "sum")
    )
    frame_ids = resolve_frames(frame_hits, frames)
    full = pd.MultiIndex.from_product([meta["doc_id"], frame_ids], names=["doc_id", "frame"])
    table = grouped.reindex(full, fill_value=0).reset_index()
    table = table.merge(meta, on="doc_id", how="left")
    table["present"] = (table["hits"] > 0).astype(int)
    columns = ["doc_id", "outlet", "event", "frame", "hits", "sentences"]
    columns += ["sentences_with_frame", "present", "n_tokens"]
    return table[columns].sort_values(["frame", "doc_id"], kind="stable").reset_index(drop=True)


def _positive_hits(frame_hits: pd.DataFrame) -> pd.DataFrame:
    """Hits that assert the frame (negated matches such as "tidak melanggar" are left out)."""
    hits = frame_hits[["sentence_id", "frame", "negated"]].copy()
    hits["sentence_id"] = hits["sentence_id"].astype(str)
    hits["frame"] = hits["frame"].astype(str)
    negated = hits["negated"].fillna(False).astype(bool)
    return hits.loc[~negated]
