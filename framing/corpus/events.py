"""Event alignment: which documents report the same event (a corpus-wide step).

Framing differences only mean something between reports of one event. Where the input gives no
``event``, documents are linked when they are close in time *and* in content, and every
connected group of linked documents is one event (single-linkage clustering with two
thresholds):

- **time**: their dates are at most ``window_days`` apart (a document without a date is
  linked on content alone, with the stricter ``undated_threshold``);
- **content**: the cosine similarity of their feature vectors is at least ``threshold``. The
  vector of a document joins a TF-IDF vector of its words (the shipped stop words removed) and
  a TF-IDF vector of its names — runs of capitalised words not at a sentence start, such as
  *Vladimir Putin*, *Pyongyang*, *Dewan Keamanan PBB* — weighted by ``name_weight``. Names
  carry the who and where of an event, which plain word overlap dilutes.

A user-supplied ``event`` always wins: documents that have one keep it (``event_source`` is
``"metadata"``) and only the others are aligned (``"aligned"``). Each aligned event is named
``event-YYYY-MM-DD`` after its earliest date (``event-undated-N`` without dates) and labelled
with its top terms.

References
----------
Allan, J., Carbonell, J., Doddington, G., Yamron, J., & Yang, Y. (1998). Topic detection and
tracking pilot study: final report. *Proceedings of the DARPA Broadcast News Transcription and
Understanding Workshop*, 194-218 (linking stories of one event by content and time).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.sparse import hstack
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from framing.errors import InputError

#: Columns of the ``events`` table.
EVENT_COLUMNS = (
    "event",
    "label",
    "date_min",
    "date_max",
    "n_docs",
    "n_outlets",
    "event_source",
    "top_terms",
)
#: Columns of the ``event_outlets`` table (documents per event and outlet).
EVENT_OUTLET_COLUMNS = ("event", "outlet", "n_docs")

#: Word tokens with at least one letter first: dates and figures say little about an event's content.
WORD_PATTERN = r"(?<![^\W_])[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*"
_NAME_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)")


def document_names(text: str) -> list[str]:
    """Runs of capitalised words not at the start of a line or sentence, lowercased.

    Examples
    --------
    >>> document_names("Kemarin Presiden Vladimir Putin tiba di Pyongyang.")
    ['presiden_vladimir_putin', 'pyongyang']
    """
    names = []
    for line in text.splitlines():
        for match in _NAME_RE.finditer(line.strip()):
            names.append("_".join(match.group(1).lower().split()))
    return names


def _features(texts: Sequence[str], stop_words: Sequence[str], name_weight: float):
    words = TfidfVectorizer(
        token_pattern=WORD_PATTERN,
        stop_words=list(stop_words) or None,
        sublinear_tf=True,
    )
    word_matrix = words.fit_transform(texts)
    name_docs = [" ".join(document_names(t)) for t in texts]
    if any(name_docs):
        names = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True)
        name_matrix = names.fit_transform(name_docs) * name_weight
        return hstack([word_matrix, name_matrix]).tocsr(), words
    return word_matrix, words


def _top_terms(matrix, vocabulary: np.ndarray, members: np.ndarray, n: int) -> list[str]:
    mean = np.asarray(matrix[members].mean(axis=0)).ravel()
    order = np.argsort(-mean, kind="stable")[:n]
    return [str(vocabulary[i]) for i in order if mean[i] > 0]


def align_events(
    documents: pd.DataFrame,
    *,
    window_days: int = 14,
    threshold: float = 0.15,
    undated_threshold: float = 0.4,
    name_weight: float = 1.0,
    stop_words: Sequence[str] | None = None,
    n_label_terms: int = 4,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Give every document an event id and describe the events.

    Parameters
    ----------
    documents : DataFrame
        The ``documents`` table (``doc_id``, ``outlet``, ``text``; ``date`` and ``event`` used
        when present).
    window_days : int, default=14
        Largest gap in days between two linked documents' dates.
    threshold : float, default=0.15
        Smallest cosine similarity between two dated documents that are linked.
    undated_threshold : float, default=0.4
        Smallest similarity for a link when either document has no date.
    name_weight : float, default=1.0
        Weight of the name vector beside the word vector.
    stop_words : sequence of str, optional
        Words left out of the content vectors; default the shipped Indonesian and English lists.
    n_label_terms : int, default=4
        Terms in an event's label.

    Returns
    -------
    documents : DataFrame
        A copy with ``event`` filled in and ``event_source`` ("metadata" or "aligned").
    events : DataFrame
        One row per event (:data:`EVENT_COLUMNS`), sorted by date.
    event_outlets : DataFrame
        Documents per event and outlet (:data:`EVENT_OUTLET_COLUMNS`).

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["x", "y", "x"],
    ...     "date": pd.to_datetime(["2024-06-18", "2024-06-19", "2023-09-11"]),
    ...     "text": ["Putin tiba di Pyongyang.", "Putin tiba di Pyongyang pagi ini.",
    ...              "Putin tiba di Pyongyang."]})
    >>> align_events(docs)[0]["event"].tolist()
    ['event-2024-06-18', 'event-2024-06-18', 'event-2023-09-11']
    """
    for column in ("doc_id", "outlet", "text"):
        if column not in documents.columns:
            raise InputError(f"documents: lacks column {column!r}; pass the corpus' documents")
    if window_days < 0 or not 0 <= threshold <= 1 or not 0 <= undated_threshold <= 1:
        raise InputError(
            "event alignment: window_days must be >= 0 and thresholds within [0, 1]; "
            f"got {window_days}, {threshold}, {undated_threshold}"
        )
    if stop_words is None:
        from framing.corpus.stopwords import stop_words as shipped

        stop_words = shipped(["id", "en"])
    docs = documents.copy()
    given = docs["event"] if "event" in docs else pd.Series(pd.NA, index=docs.index)
    given = given.where(given.notna() & (given.astype(str).str.strip() != ""), None)
    docs["event_source"] = np.where(given.notna(), "metadata", "aligned")
    dates = pd.to_datetime(docs["date"], errors="coerce") if "date" in docs else pd.NaT
    dates = pd.Series(dates, index=docs.index).dt.tz_localize(None)
    texts = docs["text"].fillna("").astype(str).tolist()
    matrix, words = _features(texts, stop_words, name_weight) if texts else (None, None)

    open_rows = np.flatnonzero(given.isna().to_numpy())
    labels = np.full(len(docs), -1)
    if len(open_rows):
        similarity = cosine_similarity(matrix[open_rows])
        day = dates.iloc[open_rows].to_numpy()
        gap = np.abs((day[:, None] - day[None, :]) / np.timedelta64(1, "D"))
        undated = np.isnan(gap)
        linked = np.where(
            undated,
            similarity >= undated_threshold,
            (gap <= window_days) & (similarity >= threshold),
        )
        _, components = connected_components(linked, directed=False)
        labels[open_rows] = components

    vocabulary = words.get_feature_names_out()
    word_matrix = matrix[:, : len(vocabulary)]  # labels from words; the name columns follow
    rows, event_ids = [], given.astype(object).to_numpy().copy()
    undated_count = 0
    groups = [("aligned", labels == c) for c in sorted(set(labels[labels >= 0]))]
    groups += [("metadata", (given == e).to_numpy()) for e in sorted(given.dropna().unique())]
    for source, mask in groups:
        members = np.flatnonzero(mask)
        span = dates.iloc[members].dropna()
        if source == "aligned":
            if len(span):
                name = f"event-{span.min():%Y-%m-%d}"
            else:
                undated_count += 1
                name = f"event-undated-{undated_count}"
            event_ids[members] = name
        else:
            name = str(given.iloc[members[0]])
        terms = _top_terms(word_matrix, vocabulary, members, 12)
        rows.append(
            {
                "event": name,
                "date_min": span.min() if len(span) else pd.NaT,
                "date_max": span.max() if len(span) else pd.NaT,
                "n_docs": len(members),
                "n_outlets": docs["outlet"].iloc[members].nunique(),
                "event_source": source,
                "top_terms": " ".join(terms),
                "label": ", ".join(terms[:n_label_terms]),
            }
        )
    events = _unique_names(pd.DataFrame(rows, columns=list(EVENT_COLUMNS)), event_ids, groups)
    docs["event"] = event_ids
    events = events.sort_values(["date_min", "event"], na_position="last", kind="stable")
    counts = docs.groupby(["event", "outlet"], dropna=False).size().rename("n_docs").reset_index()
    return docs, events.reset_index(drop=True), counts[list(EVENT_OUTLET_COLUMNS)]


def _unique_names(events: pd.DataFrame, event_ids: np.ndarray, groups: list) -> pd.DataFrame:
    """Suffix ``-b``, ``-c`` … when two aligned events start on the same day."""
    seen: dict[str, int] = {}
    for i, (source, mask) in enumerate(groups):
        name = events.at[i, "event"]
        if source != "aligned":
            seen[name] = seen.get(name, 0) + 1
            continue
        count = seen.get(name, 0)
        seen[name] = count + 1
        if count:
            new = f"{name}-{chr(ord('a') + count)}"
            events.at[i, "event"] = new
            event_ids[np.flatnonzero(mask)] = new
    return events
