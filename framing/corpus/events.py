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

So that the step is linear in the corpus, each document is reduced to its :data:`MAX_WORDS`
most frequent words and :data:`MAX_NAMES` names as it is read (:func:`event_features`, chunk
by chunk), and documents are compared only within blocks of dates: a document is compared with
those of its own and of the next ``window_days``-long block, and pairs are proposed only by
words or names that at most :data:`MAX_POSTINGS` documents of the two blocks share (a word in
more documents weighs little; pairs that share only such words are not proposed). Cosines are
computed on the reduced vectors (the hashing of the features is stable across processes).

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
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse import triu as sparse_triu
from scipy.sparse.csgraph import connected_components

from framing.config import DEFAULTS
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


#: Words and names of a document kept for the comparison.
MAX_WORDS, MAX_NAMES = 40, 20
#: A word or name shared by more documents of a block does not propose pairs.
MAX_POSTINGS = 200
#: Columns of the feature table of :func:`event_features`.
FEATURE_COLUMNS = ("doc_id", "feature", "kind", "tf", "term")


def event_features(
    documents: pd.DataFrame, stop_words: Sequence[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reduced word and name counts of each document, and the document frequencies.

    A pure function of a chunk of documents: the corpus-wide step sums the frequencies.

    Returns
    -------
    features : DataFrame
        :data:`FEATURE_COLUMNS`: per document its :data:`MAX_WORDS` most frequent words and
        :data:`MAX_NAMES` names (``kind`` "word" or "name"), ``feature`` a stable 63-bit id.
    frequencies : DataFrame
        ``feature``, ``df``: in how many documents of the chunk each word or name occurs.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kemarin Vladimir Putin tiba, Putin tiba."]})
    >>> features, df = event_features(docs)
    >>> features[["kind", "term", "tf"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['word', 'putin', 2], ['word', 'vladimir', 1],
     ['name', 'putin', 1], ['name', 'vladimir_putin', 1]]
    """
    from framing.corpus.sketches import stable_hash

    if stop_words is None:
        from framing.corpus.stopwords import stop_words as shipped

        stop_words = shipped(["id", "en"])
    stop = set(stop_words)
    word_re = re.compile(WORD_PATTERN)
    rows, df = [], Counter()
    ids: dict[tuple[str, str], int] = {}
    for doc_id, text in zip(
        documents["doc_id"].astype(str), documents["text"].fillna("").astype(str), strict=True
    ):
        words = Counter(w for w in word_re.findall(text.lower()) if w not in stop)
        names = Counter(document_names(text))
        for kind, counts, limit in (("word", words, MAX_WORDS), ("name", names, MAX_NAMES)):
            for term in counts:
                key = (kind, term)
                if key not in ids:
                    ids[key] = stable_hash(f"{kind}:{term}") >> 1
                df[ids[key]] += 1
            kept = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
            rows += [(doc_id, ids[(kind, t)], kind, c, t) for t, c in kept]
    features = pd.DataFrame(rows, columns=list(FEATURE_COLUMNS))
    features[["feature", "tf"]] = features[["feature", "tf"]].astype("int64")
    frequencies = pd.DataFrame({"feature": list(df), "df": list(df.values())}, dtype="int64")
    return features, frequencies


#: The kinds of feature, as a categorical dtype (one byte per row in the corpus-wide step).
KIND = pd.CategoricalDtype(["word", "name"])


def compact_features(features: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One chunk's features without their text, and the text of each feature once.

    The corpus-wide step holds every document's features; the term of a feature is the same in
    every document, so it is kept once (``feature, term``) rather than on every row, and
    ``kind`` and ``tf`` take one and four bytes: about half the memory per document.
    """
    terms = features[["feature", "term"]].drop_duplicates("feature")
    compact = features.drop(columns="term").astype({"kind": KIND, "tf": "int32"})
    return compact, terms


def _vectors(features, frequencies, n_docs: int, order: list[str], name_weight: float):
    """Row-normalised TF-IDF vectors of the documents in ``order`` (a CSR matrix)."""
    df = frequencies.groupby("feature")["df"].sum()
    data = features[features["doc_id"].isin(set(order))].copy()
    data["idf"] = np.log((1 + n_docs) / (1 + data["feature"].map(df).fillna(1))) + 1
    data["w"] = (1 + np.log(data["tf"].astype(float))) * data["idf"]
    for kind, scale in (("word", 1.0), ("name", name_weight)):
        mask = data["kind"] == kind
        norm = np.sqrt((data.loc[mask, "w"] ** 2).groupby(data.loc[mask, "doc_id"]).sum())
        data.loc[mask, "w"] = data.loc[mask, "w"] / data.loc[mask, "doc_id"].map(norm) * scale
    total = np.sqrt((data["w"] ** 2).groupby(data["doc_id"]).sum())
    data["w"] = data["w"] / data["doc_id"].map(total)
    row = pd.Index(order).get_indexer(data["doc_id"])
    column, vocabulary = pd.factorize(data["feature"])
    shape = (len(order), len(vocabulary))
    return csr_matrix((data["w"].to_numpy(), (row, column)), shape=shape), data


def _pairs(matrix, rows: np.ndarray) -> np.ndarray:
    """Pairs of ``rows`` (i < j) sharing a feature that at most MAX_POSTINGS of them have."""
    block = matrix[rows]
    postings = np.asarray((block != 0).sum(axis=0)).ravel()
    rare = (postings <= MAX_POSTINGS) & (postings >= 2)
    if not rare.any():
        return np.zeros((0, 2), dtype=np.int64)
    indicator = (block[:, np.flatnonzero(rare)] != 0).astype(np.float32)
    shared = sparse_triu(indicator @ indicator.T, k=1).tocoo()
    return np.column_stack([rows[shared.row], rows[shared.col]])


def _cosines(matrix, pairs: np.ndarray) -> np.ndarray:
    if len(pairs) == 0:
        return np.zeros(0)
    return np.asarray(matrix[pairs[:, 0]].multiply(matrix[pairs[:, 1]]).sum(axis=1)).ravel()


def _links(matrix, days: np.ndarray, window_days: int, threshold, undated_threshold):
    """Connected components of the documents linked in time and content, block by block."""
    n = len(days)
    edges = []
    dated = np.flatnonzero(~np.isnan(days))
    if len(dated):
        block = np.floor(days[dated] / max(window_days, 1)).astype(np.int64)
        for b in np.unique(block):
            here = dated[block == b]
            pairs = _pairs(matrix, np.concatenate([here, dated[block == b + 1]]))
            pairs = pairs[np.isin(pairs, here).any(axis=1)]
            pairs = pairs[np.abs(days[pairs[:, 0]] - days[pairs[:, 1]]) <= window_days]
            edges.append(pairs[_cosines(matrix, pairs) >= threshold])
    undated = np.flatnonzero(np.isnan(days))
    if len(undated):
        pairs = _pairs(matrix, np.arange(n))
        pairs = pairs[np.isin(pairs, undated).any(axis=1)]
        edges.append(pairs[_cosines(matrix, pairs) >= undated_threshold])
    edges = np.vstack(edges) if edges else np.zeros((0, 2), dtype=np.int64)
    graph = coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _top_terms(
    data: pd.DataFrame, terms: pd.Series, group_of: pd.Series, n_groups: int, n: int
) -> list[list[str]]:
    """The ``n`` words of largest mean weight in each group's documents, for every group at once.

    ``group_of`` maps each document id to its group (-1: none), ``terms`` each feature id to
    its word; ties go to the word first in alphabetical order. One grouped sum over the word rows, not one pass per group.
    """
    out: list[list[str]] = [[] for _ in range(n_groups)]
    words = data[data["kind"] == "word"]
    group = words["doc_id"].map(group_of).fillna(-1).to_numpy(np.int64)
    words = words.assign(group=group)[group >= 0]
    if words.empty:
        return out
    size = np.bincount(group_of[group_of >= 0].to_numpy(np.int64), minlength=n_groups)
    weight = words.groupby(["group", "feature"], sort=False)["w"].sum().reset_index()
    weight["term"] = weight["feature"].map(terms)
    weight["w"] = weight["w"] / np.maximum(size[weight["group"].to_numpy()], 1)
    weight = weight[weight["w"] > 0].sort_values(
        ["group", "w", "term"], ascending=[True, False, True], kind="stable"
    )
    for group, terms in weight.groupby("group", sort=False)["term"]:
        out[int(group)] = terms.head(n).tolist()
    return out


def align_events(
    documents: pd.DataFrame,
    *,
    window_days: int = DEFAULTS.events.window_days,
    threshold: float = DEFAULTS.events.threshold,
    undated_threshold: float = 0.4,
    name_weight: float = 1.0,
    stop_words: Sequence[str] | None = None,
    n_label_terms: int = 4,
    features: tuple[pd.DataFrame, ...] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Give every document an event id and describe the events.

    Parameters
    ----------
    documents : DataFrame
        The ``documents`` table (``doc_id``, ``outlet``; ``date`` and ``event`` used when
        present; ``text`` unless ``features`` is given).
    window_days : int
        Largest gap in days between two linked documents' dates.
    threshold : float
        Smallest cosine similarity between two dated documents that are linked.
    undated_threshold : float, default=0.4
        Smallest similarity for a link when either document has no date.
    name_weight : float, default=1.0
        Weight of the name vector beside the word vector.
    stop_words : sequence of str, optional
        Words left out of the content vectors; default the shipped Indonesian and English lists.
    n_label_terms : int, default=4
        Terms in an event's label.
    features : (DataFrame, DataFrame) or (DataFrame, DataFrame, DataFrame), optional
        The :func:`event_features` of every document, computed chunk by chunk (then
        ``documents`` need not hold the text); with a third table, the features are compacted
        (:func:`compact_features`) and it gives each feature's term.

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
    needed = ("doc_id", "outlet") if features is not None else ("doc_id", "outlet", "text")
    for column in needed:
        if column not in documents.columns:
            raise InputError(f"documents: lacks column {column!r}; pass the corpus' documents")
    if window_days < 0 or not 0 <= threshold <= 1 or not 0 <= undated_threshold <= 1:
        raise InputError(
            "event alignment: window_days must be >= 0 and thresholds within [0, 1]; "
            f"got {window_days}, {threshold}, {undated_threshold}"
        )
    if features is None:
        features = event_features(documents, stop_words)
    if len(features) == 3:  # compacted chunk by chunk (:func:`compact_features`)
        features, frequencies, term_table = features
    else:
        (features, frequencies), term_table = features, features[0]
    terms_of = term_table.drop_duplicates("feature").set_index("feature")["term"]
    features = (features, frequencies)
    docs = documents.copy()
    docs["doc_id"] = docs["doc_id"].astype(str)
    given = docs["event"] if "event" in docs else pd.Series(pd.NA, index=docs.index)
    given = given.where(given.notna() & (given.astype(str).str.strip() != ""), None)
    docs["event_source"] = np.where(given.notna(), "metadata", "aligned")
    dates = pd.to_datetime(docs["date"], errors="coerce") if "date" in docs else pd.NaT
    dates = pd.Series(dates, index=docs.index).dt.tz_localize(None)
    ids = docs["doc_id"].to_numpy()
    matrix, data = _vectors(features[0], features[1], len(ids), list(ids), name_weight)

    open_rows = np.flatnonzero(given.isna().to_numpy())
    labels = np.full(len(docs), -1)
    if len(open_rows):
        start = dates.min() if dates.notna().any() else pd.Timestamp(0)
        days = ((dates - start) / pd.Timedelta(days=1)).to_numpy(dtype=float)
        labels[open_rows] = _links(
            matrix[open_rows], days[open_rows], window_days, threshold, undated_threshold
        )

    rows, event_ids = [], given.astype(object).to_numpy().copy()
    undated_count = 0
    # one code per group (aligned components first, then the metadata events, each sorted),
    # and the members of every group from one stable sort: linear in the documents
    components = np.unique(labels[labels >= 0])
    named = np.array(sorted(given.dropna().unique()), dtype=object)
    code = np.full(len(docs), -1, dtype=np.int64)
    code[labels >= 0] = np.searchsorted(components, labels[labels >= 0])
    has_name = given.notna().to_numpy()
    code[has_name] = len(components) + np.searchsorted(
        named, given[has_name].astype(object).to_numpy()
    )
    sources = ["aligned"] * len(components) + ["metadata"] * len(named)
    order = np.argsort(code, kind="stable")
    order = order[code[order] >= 0]
    bounds = np.searchsorted(code[order], np.arange(len(sources) + 1))
    members_of = [order[bounds[g] : bounds[g + 1]] for g in range(len(sources))]
    top = _top_terms(data, terms_of, pd.Series(code, index=ids), len(sources), 12)
    outlets = docs["outlet"].to_numpy()
    for group, (source, members) in enumerate(zip(sources, members_of, strict=True)):
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
        terms = top[group]
        rows.append(
            {
                "event": name,
                "date_min": span.min() if len(span) else pd.NaT,
                "date_max": span.max() if len(span) else pd.NaT,
                "n_docs": len(members),
                "n_outlets": len(set(outlets[members])),
                "event_source": source,
                "top_terms": " ".join(terms),
                "label": ", ".join(terms[:n_label_terms]),
            }
        )
    groups = list(zip(sources, members_of, strict=True))
    events = _unique_names(pd.DataFrame(rows, columns=list(EVENT_COLUMNS)), event_ids, groups)
    docs["event"] = event_ids
    events = events.sort_values(["date_min", "event"], na_position="last", kind="stable")
    counts = docs.groupby(["event", "outlet"], dropna=False).size().rename("n_docs").reset_index()
    return docs, events.reset_index(drop=True), counts[list(EVENT_OUTLET_COLUMNS)]


def _unique_names(events: pd.DataFrame, event_ids: np.ndarray, groups: list) -> pd.DataFrame:
    """Suffix ``-b``, ``-c`` … when two aligned events start on the same day."""
    seen: dict[str, int] = {}
    for i, (source, members) in enumerate(groups):
        name = events.at[i, "event"]
        if source != "aligned":
            seen[name] = seen.get(name, 0) + 1
            continue
        count = seen.get(name, 0)
        seen[name] = count + 1
        if count:
            new = f"{name}-{chr(ord('a') + count)}"
            events.at[i, "event"] = new
            event_ids[members] = new
    return events
