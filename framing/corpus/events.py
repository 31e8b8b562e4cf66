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
Memory follows the documents, not the pairs: the features are held as flat arrays
(:class:`EventFeatures`, about a kilobyte per article), pairs are proposed and checked a few
hundred documents at a time, and links are folded into components as they accumulate.

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
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

from framing.config import DEFAULTS
from framing.errors import InputError
from framing.utils.memory import release_memory

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


@dataclass
class EventFeatures:
    """The reduced features of every document, as flat arrays (the corpus-wide step's input).

    One entry per (document, word or name) kept by :func:`event_features`, documents in
    table order: 17 bytes per entry and no Python object per document, so a corpus of a
    million articles holds its features in about a gigabyte.

    Attributes
    ----------
    row : ndarray of int32
        The document's row in the ``documents`` table (non-decreasing).
    feature : ndarray of int64
        The stable feature id.
    is_name : ndarray of bool
        A name (else a word).
    tf : ndarray of int32
        Count in the document.
    df : Series
        Documents with each feature in the corpus, by feature id.
    terms : Series
        The text of each word feature, by feature id (names are not needed for labels).
    """

    row: np.ndarray
    feature: np.ndarray
    is_name: np.ndarray
    tf: np.ndarray
    df: pd.Series
    terms: pd.Series


class FeatureCollector:
    """Gathers :func:`event_features` chunk by chunk into :class:`EventFeatures`.

    Parameters
    ----------
    doc_ids : sequence of str
        The ids of the documents, in table order; features of other documents are dropped.
    """

    def __init__(self, doc_ids: Sequence[str]) -> None:
        self._index = pd.Index(np.asarray(doc_ids, dtype=object).astype(str))
        #: Per field (row, feature, is_name, tf), the arrays of the chunks added.
        self._fields: tuple[list[np.ndarray], ...] = ([], [], [], [])
        self._df: list[pd.Series] = []
        self._terms: list[pd.Series] = []

    def add(self, features: pd.DataFrame, frequencies: pd.DataFrame) -> None:
        """Add one chunk's features and document frequencies."""
        row = self._index.get_indexer(features["doc_id"].astype(str))
        kept = row >= 0
        kind = features["kind"].astype(str).to_numpy()
        values = (
            row[kept].astype(np.int32),
            features["feature"].to_numpy(np.int64)[kept],
            (kind == "name")[kept],
            features["tf"].to_numpy(np.int32)[kept],
        )
        for field, value in zip(self._fields, values, strict=True):
            field.append(value)
        self._df.append(frequencies.groupby("feature", sort=False)["df"].sum())
        words = features.loc[kind == "word", ["feature", "term"]].drop_duplicates("feature")
        self._terms.append(words.set_index("feature")["term"])
        if len(self._df) > 8:  # frequencies add up: keep one series, not many
            self._df = [pd.concat(self._df).groupby(level=0, sort=False).sum()]
            terms = pd.concat(self._terms)
            self._terms = [terms[~terms.index.duplicated()]]

    def result(self) -> EventFeatures:
        """The features of every document added, in table order (the collector is emptied).

        Each field is copied into one array chunk by chunk, each chunk's array let go as soon
        as it is copied: the step needs the features once, not twice.
        """
        kinds = (np.int32, np.int64, np.bool_, np.int32)
        row, feature, is_name, tf = (
            _joined(field, kind) for field, kind in zip(self._fields, kinds, strict=True)
        )
        self._index = pd.Index([])
        if np.any(row[1:] < row[:-1]):
            order = np.argsort(row, kind="stable")
            row, feature, is_name, tf = row[order], feature[order], is_name[order], tf[order]
        df = pd.concat(self._df).groupby(level=0, sort=False).sum() if self._df else pd.Series()
        terms = pd.concat(self._terms) if self._terms else pd.Series(dtype=str)
        self._df, self._terms = [], []
        return EventFeatures(row, feature, is_name, tf, df, terms[~terms.index.duplicated()])


def _joined(arrays: list[np.ndarray], dtype) -> np.ndarray:
    """The arrays end to end in one, each emptied from ``arrays`` once copied."""
    out = np.empty(sum(len(a) for a in arrays), dtype=dtype)
    start = 0
    for i in range(len(arrays)):
        part, arrays[i] = arrays[i], None
        out[start : start + len(part)] = part
        start += len(part)
    arrays.clear()
    return out


def _vectors(features: EventFeatures, n_docs: int, name_weight: float):
    """Row-normalised TF-IDF vectors of the documents (CSR) and the weight of each entry.

    The word part and the name part of a vector are each normalised, the name part weighted
    by ``name_weight``, and the whole normalised again.
    """
    row = features.row
    # each entry's column (its feature's place among the corpus' features) and document
    # frequency, a few million entries at a time
    vocabulary, frequency = features.df.index, features.df.to_numpy(dtype=float)
    column = np.empty(len(row), dtype=np.int32)
    weight = np.empty(len(row), dtype=np.float64)
    for lo in range(0, len(row), 4_000_000):
        part = slice(lo, lo + 4_000_000)
        where = vocabulary.get_indexer(features.feature[part])
        df = np.where(where >= 0, frequency[where], 1.0)
        column[part] = np.where(where >= 0, where, len(vocabulary))
        idf = np.log((1 + n_docs) / (1 + df)) + 1
        weight[part] = (1 + np.log(features.tf[part].astype(float))) * idf
    # the word part and the name part normalised (the name part weighted), then the whole,
    # a few million entries at a time
    parts = [slice(lo, lo + 4_000_000) for lo in range(0, len(row), 4_000_000)]
    squares = np.zeros(2 * n_docs)
    for part in parts:
        kind = row[part].astype(np.int64) * 2 + features.is_name[part]
        squares += np.bincount(kind, weights=weight[part] ** 2, minlength=2 * n_docs)
    norm, scale = np.sqrt(squares), np.array([1.0, name_weight])
    total = np.zeros(n_docs)
    for part in parts:
        kind = row[part].astype(np.int64) * 2 + features.is_name[part]
        weight[part] = weight[part] / norm[kind] * scale[features.is_name[part].astype(np.int64)]
        total += np.bincount(row[part], weights=weight[part] ** 2, minlength=n_docs)
    total = np.sqrt(total)
    for part in parts:
        weight[part] /= total[row[part]]
    indptr = np.searchsorted(row, np.arange(n_docs + 1))
    # the matrix shares ``weight`` (its column indices stay unsorted: sorting them would
    # reorder ``weight`` too, and no step needs them sorted)
    matrix = csr_matrix((weight, column, indptr), shape=(n_docs, len(vocabulary) + 1))
    return matrix, weight


#: Rows of a block whose candidate pairs are proposed and checked at once (bounds the memory
#: of the step by the pairs of a slice, whatever the number of documents in a date window).
SLICE_ROWS = 500


def _edges(matrix, rows: np.ndarray, wanted, threshold: float) -> np.ndarray:
    """Pairs of ``rows`` linked by content, proposed by a feature at most MAX_POSTINGS of them
    share and kept where ``wanted(pairs)`` holds and the cosine reaches ``threshold``.

    The pairs are proposed and checked :data:`SLICE_ROWS` rows at a time.
    """
    block = matrix[rows]
    postings = np.asarray((block != 0).sum(axis=0)).ravel()
    rare = (postings <= MAX_POSTINGS) & (postings >= 2)
    if not rare.any():
        return np.zeros((0, 2), dtype=np.int64)
    indicator = (block[:, np.flatnonzero(rare)] != 0).astype(np.float32).tocsr()
    transposed = indicator.T.tocsr()
    found = []
    for start in range(0, len(rows), SLICE_ROWS):
        shared = (indicator[start : start + SLICE_ROWS] @ transposed).tocoo()
        first = shared.row.astype(np.int64) + start
        later = first < shared.col  # each pair once
        pairs = np.column_stack([rows[first[later]], rows[shared.col[later]]])
        pairs = pairs[wanted(pairs)]
        found.append(pairs[_cosines(matrix, pairs) >= threshold])
    return np.vstack(found)


def _cosines(matrix, pairs: np.ndarray) -> np.ndarray:
    """Cosine of each pair of rows (the rows are unit vectors): compiled, no copies of rows."""
    from framing.corpus.pair_kernel import pair_dots

    return pair_dots(matrix, pairs)


def _links(matrix, days: np.ndarray, window_days: int, threshold, undated_threshold):
    """Connected components of the documents linked in time and content, block by block.

    The links found are folded into components as they accumulate (each component kept as a
    star of at most one link per document), so memory follows the documents, not the links.
    """
    n = len(days)
    links = _Links(n)
    dated = np.flatnonzero(~np.isnan(days))
    if len(dated):
        block = np.floor(days[dated] / max(window_days, 1)).astype(np.int64)
        for b in np.unique(block):
            here = dated[block == b]
            in_here = np.zeros(n, dtype=bool)
            in_here[here] = True

            def wanted(pairs, in_here=in_here):
                close = np.abs(days[pairs[:, 0]] - days[pairs[:, 1]]) <= window_days
                return close & (in_here[pairs[:, 0]] | in_here[pairs[:, 1]])

            rows = np.concatenate([here, dated[block == b + 1]])
            links.add(_edges(matrix, rows, wanted, threshold))
    undated = np.flatnonzero(np.isnan(days))
    if len(undated):
        is_undated = np.isnan(days)
        links.add(
            _edges(
                matrix,
                np.arange(n),
                lambda pairs: is_undated[pairs[:, 0]] | is_undated[pairs[:, 1]],
                undated_threshold,
            )
        )
    return links.components()


class _Links:
    """Links between ``n`` documents, folded into connected components as they come."""

    def __init__(self, n: int, budget: int | None = None) -> None:
        self.n = n
        self.held: list[np.ndarray] = []
        self.count = 0
        #: Links held before they are folded (a star has fewer than ``n``).
        self.budget = 2 * n + 1_000_000 if budget is None else budget

    def add(self, edges: np.ndarray) -> None:
        self.held.append(edges.astype(np.int64, copy=False))
        self.count += len(edges)
        if self.count > self.budget:
            self.held = [self._stars(self.components())]
            self.count = len(self.held[0])

    def components(self) -> np.ndarray:
        """The component label of every document."""
        edges = np.vstack(self.held) if self.held else np.zeros((0, 2), dtype=np.int64)
        data = np.ones(len(edges), dtype=np.int8)
        graph = coo_matrix((data, (edges[:, 0], edges[:, 1])), shape=(self.n, self.n))
        return connected_components(graph, directed=False)[1]

    def _stars(self, labels: np.ndarray) -> np.ndarray:
        """One link from every document to the first document of its component."""
        first = np.unique(labels, return_index=True)[1]
        representative = first[labels]
        moved = np.flatnonzero(representative != np.arange(self.n))
        return np.column_stack([moved, representative[moved]])


def _top_terms(
    features: EventFeatures, weight: np.ndarray, group: np.ndarray, n_groups: int, n: int
) -> list[list[str]]:
    """The ``n`` words of largest mean weight in each group's documents, for every group at once.

    ``features.feature`` holds each entry's column, its feature's place in ``features.df``.

    ``group`` gives each document's group (-1: none); ties go to the word first in alphabetical
    order. The documents are sorted by group and their word entries summed a batch of whole
    groups at a time, so the memory of the step is that of a batch.
    """
    out: list[list[str]] = [[] for _ in range(n_groups)]
    size = np.bincount(group[group >= 0], minlength=n_groups)
    docs = np.argsort(group, kind="stable")
    docs = docs[group[docs] >= 0]
    if not len(docs):
        return out
    indptr = np.searchsorted(features.row, np.arange(len(group) + 1))
    entries = np.diff(indptr)[docs]
    done = np.r_[0, np.cumsum(entries)]  # entries of the documents before each one
    group_end = np.searchsorted(group[docs], np.arange(n_groups + 1))
    start = 0
    while start < n_groups:  # batches of whole groups, about two million entries each
        limit = done[group_end[start]] + 2_000_000
        stop = int(np.searchsorted(done[group_end], limit, side="right")) - 1
        stop = min(max(stop, start + 1), n_groups)
        members = docs[group_end[start] : group_end[stop]]
        if len(members):
            count = np.diff(indptr)[members]
            first = np.repeat(indptr[members] - np.cumsum(count) + count, count)
            index = first + np.arange(int(count.sum()))
            of_entry = np.repeat(group[members], count)
            word = ~features.is_name[index]
            if word.any():
                _top_of_batch(features, weight, index[word], of_entry[word], size, n, out)
        start = stop
    return out


def _top_of_batch(features, weight, words, of_entry, size, n, out) -> None:
    """:func:`_top_terms` for the entries of a batch of whole groups (filled into ``out``)."""
    batch = pd.DataFrame(
        {"group": of_entry, "feature": features.feature[words], "w": weight[words]}
    )
    summed = batch.groupby(["group", "feature"], sort=False)["w"].sum().reset_index()
    summed["w"] = summed["w"] / np.maximum(size[summed["group"].to_numpy()], 1)
    summed = summed[summed["w"] > 0]
    # only the words that can be among a group's n first (ties at the n-th weight kept)
    summed = summed.sort_values(["group", "w"], ascending=[True, False], kind="stable")
    group, w = summed["group"].to_numpy(), summed["w"].to_numpy()
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    sizes = np.diff(np.r_[starts, len(group)])
    nth = np.repeat(w[starts + np.minimum(n, sizes) - 1], sizes)
    summed = summed[w >= nth]
    feature_ids = np.r_[features.df.index.to_numpy(np.int64), -1]  # -1: not in ``df``
    summed["term"] = features.terms.reindex(feature_ids[summed["feature"].to_numpy()]).to_numpy()
    summed = summed.sort_values(
        ["group", "w", "term"], ascending=[True, False, True], kind="stable"
    )
    summed = summed[summed.groupby("group", sort=False).cumcount().to_numpy() < n]
    group, terms = summed["group"].to_numpy(), summed["term"].to_numpy(dtype=object)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    for key, chunk in zip(group[starts].tolist(), np.split(terms, starts[1:]), strict=True):
        out[key] = chunk.tolist()


def align_events(
    documents: pd.DataFrame,
    *,
    window_days: int = DEFAULTS.events.window_days,
    threshold: float = DEFAULTS.events.threshold,
    undated_threshold: float = 0.4,
    name_weight: float = 1.0,
    stop_words: Sequence[str] | None = None,
    n_label_terms: int = 4,
    features: EventFeatures | None = None,
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
    features : EventFeatures, optional
        The :func:`event_features` of every document, gathered chunk by chunk by a
        :class:`FeatureCollector` over the ids of ``documents`` (then ``documents`` need not
        hold the text). They are consumed: their ``feature`` and ``tf`` arrays are replaced
        on the way, to hold the corpus' features once.

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
    docs = documents.copy()
    docs["doc_id"] = docs["doc_id"].astype(str)
    ids = docs["doc_id"].to_numpy()
    if features is None:
        collector = FeatureCollector(ids)
        collector.add(*event_features(documents, stop_words))
        features = collector.result()
    given = docs["event"] if "event" in docs else pd.Series(pd.NA, index=docs.index)
    given = given.where(given.notna() & (given.astype(str).str.strip() != ""), None)
    has_name = given.notna().to_numpy()
    docs["event_source"] = np.where(has_name, "metadata", "aligned")
    dates = pd.to_datetime(docs["date"], errors="coerce") if "date" in docs else pd.NaT
    dates = pd.Series(dates, index=docs.index).dt.tz_localize(None)
    matrix, weight = _vectors(features, len(ids), name_weight)
    # from here each entry is known by its column (its feature's place in ``features.df``):
    # the feature ids and term frequencies are let go, 12 of the 29 bytes an entry holds
    features.feature, features.tf = matrix.indices, None

    open_rows = np.flatnonzero(~has_name)
    labels = np.full(len(docs), -1)
    if len(open_rows):
        start = dates.min() if dates.notna().any() else pd.Timestamp(0)
        days = ((dates - start) / pd.Timedelta(days=1)).to_numpy(dtype=float)
        block = matrix if len(open_rows) == len(ids) else matrix[open_rows]
        labels[open_rows] = _links(
            block, days[open_rows], window_days, threshold, undated_threshold
        )
    del matrix

    # one code per group (aligned components first, then the metadata events, each sorted),
    # and every group's numbers by grouped reductions: linear in the documents
    components = np.unique(labels[labels >= 0])
    named = np.array(sorted(given.dropna().unique()), dtype=object)
    code = np.full(len(docs), -1, dtype=np.int64)
    code[labels >= 0] = np.searchsorted(components, labels[labels >= 0])
    code[has_name] = len(components) + np.searchsorted(
        named, given[has_name].astype(object).to_numpy()
    )
    n_groups = len(components) + len(named)
    aligned = np.arange(n_groups) < len(components)
    top = _top_terms(features, weight, code, n_groups, 12)
    del features, weight  # the largest arrays of the step: not needed past here
    release_memory()
    members = pd.DataFrame({"group": code, "date": dates.to_numpy(), "outlet": docs["outlet"]})
    members = members[code >= 0]
    by_group = members.groupby("group")
    date_min = by_group["date"].min().reindex(range(n_groups)).to_numpy()
    date_max = by_group["date"].max().reindex(range(n_groups)).to_numpy()
    n_outlets = by_group["outlet"].nunique().reindex(range(n_groups), fill_value=0).to_numpy()
    names = _event_names(date_min, aligned, named)
    event_ids = given.astype(object).to_numpy().copy()
    in_aligned = (code >= 0) & ~has_name
    event_ids[in_aligned] = names[code[in_aligned]]
    events = pd.DataFrame(
        {
            "event": names,
            "date_min": date_min,
            "date_max": date_max,
            "n_docs": np.bincount(code[code >= 0], minlength=n_groups),
            "n_outlets": n_outlets,
            "event_source": np.where(aligned, "aligned", "metadata"),
            "top_terms": [" ".join(terms) for terms in top],
            "label": [", ".join(terms[:n_label_terms]) for terms in top],
        }
    ).reindex(columns=list(EVENT_COLUMNS))
    docs["event"] = event_ids
    events = events.sort_values(["date_min", "event"], na_position="last", kind="stable")
    counts = docs.groupby(["event", "outlet"], dropna=False).size().rename("n_docs").reset_index()
    return docs, events.reset_index(drop=True), counts[list(EVENT_OUTLET_COLUMNS)]


def _event_names(date_min: np.ndarray, aligned: np.ndarray, named: np.ndarray) -> np.ndarray:
    """The name of every group: ``event-YYYY-MM-DD`` of its first date (``-b``, ``-c`` … when
    several aligned events start on one day; ``event-undated-N`` without dates), or the name
    the metadata gives."""
    names = np.empty(len(aligned), dtype=object)
    names[~aligned] = named
    first = pd.Series(date_min[aligned])
    dated = first.notna().to_numpy()
    base = np.empty(len(first), dtype=object)
    base[dated] = ("event-" + first[dated].dt.strftime("%Y-%m-%d")).to_numpy()
    base[~dated] = [f"event-undated-{i}" for i in range(1, int((~dated).sum()) + 1)]
    repeat = pd.Series(base).groupby(base, sort=False).cumcount().to_numpy()
    names[aligned] = [
        name if count == 0 else f"{name}-{_letters(count)}"
        for name, count in zip(base, repeat.tolist(), strict=True)
    ]
    return names


def _letters(count: int) -> str:
    """``b`` … ``z``, then ``ba``, ``bb`` …: the suffix of the ``count``-th repeat of a name."""
    out = ""
    while True:
        count, digit = divmod(count, 26)
        out = chr(ord("a") + digit) + out
        if not count:
            return out
