"""Event alignment: which documents report the same event (a corpus-wide step).

Framing differences only mean something between reports of one event. Where the input gives no
``event``, documents are linked when they are close in time *and* in content, and the links are
clustered into events by average linkage:

- **time**: their dates are at most ``window_days`` apart (a document without a date is
  linked on content alone, with the stricter ``undated_threshold``);
- **content**: the cosine similarity of their feature vectors is at least ``threshold``. The
  vector of a document joins a TF-IDF vector of its words (the shipped stop words removed) and
  a TF-IDF vector of its names — runs of capitalised words not at a sentence start, such as
  *Vladimir Putin*, *Pyongyang*, *Dewan Keamanan PBB* — weighted by ``name_weight``. Names
  carry the who and where of an event, which plain word overlap dilutes. The ``title`` of a
  document, when the table has one, counts too: each of its words and names counts as
  :data:`TITLE_WEIGHT` occurrences in the text (see :func:`event_features`);
- **events**: two groups of linked documents are one event only if the mean similarity over
  *all* pairs of their documents — one from each group, pairs that are not linked counting as
  0 — is at least ``threshold``: average linkage (UPGMA; Sokal & Michener, 1958), run by
  merging the most similar pair of groups first until no pair reaches the threshold
  (:func:`average_linkage`). Single linkage, where every connected group of links is one event
  (``linkage="single"``, the rule of earlier versions, kept for comparison), chains: A like B
  and B like C make A, B and C one event even when A and C share nothing (Manning, Raghavan &
  Schütze, 2008, ch. 17). Average linkage does not: a report linked to one document of an event
  and to none of its other reports joins it only if that one link outweighs the missing ones.

Each event's ``cohesion`` is the same quantity over its own documents: the mean cosine
similarity over all pairs of them, pairs not linked (below their threshold, out of the date
window, never proposed) counting as 0. Under average linkage every event of several documents
has a cohesion of at least ``threshold``: the mean over its pairs is a weighted mean of the
similarities of the merges that formed it (each weighted by its number of pairs), each at
least the threshold. A chained single-linkage event shows a low one. It is NaN for an event
of one document and for the events of the input's ``event`` column (their documents are not
compared).

Pairs that are never proposed count as 0 too: the reports of a large event that share mostly
words too common to propose pairs (in more than :data:`MAX_POSTINGS` documents of a pass) are
held together by their rarer shared words only, and average linkage may split such an event
where single linkage kept it whole (and chained others to it).

So that the step is linear in the corpus, each document is reduced to its :data:`MAX_WORDS`
most frequent words and :data:`MAX_NAMES` names as it is read (:func:`event_features`, chunk
by chunk), and documents are compared only within blocks of dates: a document is compared with
those of its own and of the next ``window_days``-long block, and pairs are proposed only by
words or names that at most :data:`MAX_POSTINGS` documents of the two blocks share (a word in
more documents weighs little; pairs that share only such words are not proposed). Cosines are
computed on the reduced vectors (the hashing of the features is stable across processes).
The features are held as flat arrays (:class:`EventFeatures`, about a kilobyte per article),
and pairs are proposed and checked a few hundred documents at a time.

Average linkage needs the links themselves, not only which documents they join: each link kept
(a pair at or above its threshold; each pair is proposed once) is held as it comes in 16 bytes
(two int32 documents and the float64 cosine), then moved into per-document rows of 24 bytes a
link (both ends, an int32 and a float64 each) where :func:`average_linkage` merges in place:
about 40 bytes a link at the peak of the move, 24 while clustering, nothing after. The number
of links is bounded by the proposal: in each pass of dates a document is proposed only with
documents sharing one of its ``MAX_WORDS + MAX_NAMES`` features held by at most
``MAX_POSTINGS`` documents of the pass, so it has at most ``(MAX_WORDS + MAX_NAMES) ×
(MAX_POSTINGS - 1)`` links per pass (it is in two passes of dates, and an undated document in
one). Measured: 2.4 links a document on 100,000 synthetic reports of 25,000 events, 115 on
100,000 articles resampled from five (the benchmark corpus: near-duplicates), 7 to 11 on the
same corpus at the density of a million articles, where more of the shared words pass
``MAX_POSTINGS`` and propose nothing. Single linkage folds the links into components as they
come, so its memory follows the documents alone.

A user-supplied ``event`` always wins: documents that have one keep it (``event_source`` is
``"metadata"``) and only the others are aligned (``"aligned"``). Each aligned event is named
``event-YYYY-MM-DD`` after its earliest date (``event-undated-N`` without dates) and labelled
with its top terms.

References
----------
Allan, J., Carbonell, J., Doddington, G., Yamron, J., & Yang, Y. (1998). Topic detection and
tracking pilot study: final report. *Proceedings of the DARPA Broadcast News Transcription and
Understanding Workshop*, 194-218 (linking stories of one event by content and time).

Manning, C. D., Raghavan, P., & Schütze, H. (2008). *Introduction to Information Retrieval*.
Cambridge University Press, ch. 17 (single-link chaining, §17.2; group-average clustering,
§17.3, whose mean also counts the pairs inside each group; the rule here averages the pairs
between the two groups only, as UPGMA and scipy's ``average`` method do).

Müllner, D. (2011). Modern hierarchical, agglomerative clustering algorithms.
*arXiv:1109.2378* (the nearest-neighbour chain for average linkage).

Murtagh, F. (1983). A survey of recent advances in hierarchical clustering algorithms. *The
Computer Journal*, 26(4), 354-359.

Sokal, R. R., & Michener, C. D. (1958). A statistical method for evaluating systematic
relationships. *University of Kansas Science Bulletin*, 38, 1409-1438 (UPGMA: average
linkage).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numba
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
    "cohesion",
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


def title_names(title: str) -> list[str]:
    """The names of a title: :func:`document_names`, unless the title is in title case.

    A title whose words of four letters or more are all capitalised (*Putin Visits
    Pyongyang*, or all capitals) says nothing by its capitals, and gives no names (its words
    still count as words).

    Examples
    --------
    >>> title_names("Kemarin Putin tiba di Pyongyang")
    ['putin', 'pyongyang']
    >>> title_names("Putin Arrives In Pyongyang For Summit")
    []
    """
    long_words = [w for w in re.findall(WORD_PATTERN, title) if len(w) >= 4]
    if long_words and not any(w[0].islower() for w in long_words):
        return []
    return document_names(title)


#: Words and names of a document kept for the comparison.
MAX_WORDS, MAX_NAMES = 40, 20
#: A word or name in a document's title counts as this many occurrences in its text.
TITLE_WEIGHT = 2
#: A word or name shared by more documents of a block does not propose pairs.
MAX_POSTINGS = 200
#: Columns of the feature table of :func:`event_features`.
FEATURE_COLUMNS = ("doc_id", "feature", "kind", "tf", "term")


def event_features(
    documents: pd.DataFrame, stop_words: Sequence[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reduced word and name counts of each document, and the document frequencies.

    A pure function of a chunk of documents: the corpus-wide step sums the frequencies.

    The ``title`` of a document (a column of ``documents``, when present) counts with its
    text: each of its words and names (:func:`title_names`) counts as :data:`TITLE_WEIGHT`
    occurrences. The cleaning step takes the title out of the text, and a headline names its
    event in a few words, so its words and names weigh more than the text's, but only as
    much as a second mention: with the sublinear term frequency of the vectors (``1 + log
    tf``) a word once in the text and once in the title weighs 2.1, against 1.0 for a word
    once in the text and 1.7 for a word twice in it. Counted twice, the title's words are
    also among the :data:`MAX_WORDS` words kept before the words the text has only once.

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
    >>> docs["title"] = ["Putin tiba di Pyongyang"]
    >>> features, df = event_features(docs)
    >>> features[["kind", "term", "tf"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['word', 'putin', 4], ['word', 'pyongyang', 2], ['word', 'vladimir', 1],
     ['name', 'pyongyang', 2], ['name', 'putin', 1], ['name', 'vladimir_putin', 1]]
    """
    from framing.corpus.sketches import stable_hash

    if stop_words is None:
        from framing.corpus.stopwords import stop_words as shipped

        stop_words = shipped(["id", "en"])
    stop = set(stop_words)
    word_re = re.compile(WORD_PATTERN)
    rows, df = [], Counter()
    ids: dict[tuple[str, str], int] = {}
    texts = documents["text"].fillna("").astype(str)
    if "title" in documents:
        titles = documents["title"].fillna("").astype(str)
    else:
        titles = pd.Series("", index=documents.index)
    for doc_id, text, title in zip(documents["doc_id"].astype(str), texts, titles, strict=True):
        words = Counter(w for w in word_re.findall(text.lower()) if w not in stop)
        names = Counter(document_names(text))
        if title.strip():
            for word in word_re.findall(title.lower()):
                if word not in stop:
                    words[word] += TITLE_WEIGHT
            for name in title_names(title):
                names[name] += TITLE_WEIGHT
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


def _edges(matrix, rows: np.ndarray, wanted, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of ``rows`` linked by content, proposed by a feature at most MAX_POSTINGS of them
    share and kept where ``wanted(pairs)`` holds and the cosine reaches ``threshold``; and
    their cosines.

    The pairs are proposed and checked :data:`SLICE_ROWS` rows at a time.
    """
    block = matrix[rows]
    postings = np.asarray((block != 0).sum(axis=0)).ravel()
    rare = (postings <= MAX_POSTINGS) & (postings >= 2)
    if not rare.any():
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0)
    indicator = (block[:, np.flatnonzero(rare)] != 0).astype(np.float32).tocsr()
    transposed = indicator.T.tocsr()
    found, cosines = [], []
    for start in range(0, len(rows), SLICE_ROWS):
        shared = (indicator[start : start + SLICE_ROWS] @ transposed).tocoo()
        first = shared.row.astype(np.int64) + start
        later = first < shared.col  # each pair once
        pairs = np.column_stack([rows[first[later]], rows[shared.col[later]]])
        pairs = pairs[wanted(pairs)]
        cosine = _cosines(matrix, pairs)
        kept = cosine >= threshold
        found.append(pairs[kept])
        cosines.append(cosine[kept])
    return np.vstack(found), np.concatenate(cosines)


def _cosines(matrix, pairs: np.ndarray) -> np.ndarray:
    """Cosine of each pair of rows (the rows are unit vectors): compiled, no copies of rows."""
    from framing.corpus.pair_kernel import pair_dots

    return pair_dots(matrix, pairs)


#: How linked documents are grouped into events (:func:`align_events`).
LINKAGES = ("average", "single")


@dataclass
class DateBlock:
    """The documents of one ``window_days``-long block of dates and of the block after it:
    what :func:`block_edges` needs to link them (a job that may run on another process)."""

    rows: np.ndarray  # their rows in the corpus' matrix: the block's first, then the next's
    matrix: object  # those rows of the matrix (sparse, unit rows)
    days: np.ndarray  # their days from the corpus' first date
    n_here: int  # how many of ``rows`` are the block's own
    window_days: int
    threshold: float


def block_edges(block: DateBlock) -> tuple[np.ndarray, np.ndarray]:
    """The links of a :class:`DateBlock`: pairs (corpus rows) at most ``window_days`` apart
    with at least one document of the block itself, and their cosines (:func:`_edges`)."""
    days, own = block.days, block.n_here

    def wanted(pairs):
        close = np.abs(days[pairs[:, 0]] - days[pairs[:, 1]]) <= block.window_days
        return close & ((pairs[:, 0] < own) | (pairs[:, 1] < own))

    local = np.arange(len(block.rows))
    pairs, cosines = _edges(block.matrix, local, wanted, block.threshold)
    return block.rows[pairs], cosines


def _clusters(
    matrix,
    days: np.ndarray,
    window_days: int,
    threshold,
    undated_threshold,
    linkage: str,
    backend=None,
) -> tuple[np.ndarray, np.ndarray]:
    """The event of every document, and the sum of the link cosines within each event.

    Links are proposed block by block of dates (each pair once), each block a job of
    ``backend`` (:func:`block_edges`; here, one after another, without one); ``linkage``
    "single" folds them into connected components as they come, "average" keeps them
    (:class:`_Graph`) for :func:`average_linkage`. Events are numbered in the order of their
    first document.
    """
    n = len(days)
    links = _Links(n) if linkage == "single" else _Graph(n)
    dated = np.flatnonzero(~np.isnan(days))
    if len(dated):
        block = np.floor(days[dated] / max(window_days, 1)).astype(np.int64)

        def blocks():
            for b in np.unique(block):
                here = dated[block == b]
                rows = np.concatenate([here, dated[block == b + 1]])
                yield DateBlock(rows, matrix[rows], days[rows], len(here), window_days, threshold)

        for found in backend.map(block_edges, blocks()) if backend else map(block_edges, blocks()):
            links.add(*found)  # in the blocks' order, wherever they were found
    undated = np.flatnonzero(np.isnan(days))
    if len(undated):
        is_undated = np.isnan(days)
        links.add(
            *_edges(
                matrix,
                np.arange(n),
                lambda pairs: is_undated[pairs[:, 0]] | is_undated[pairs[:, 1]],
                undated_threshold,
            )
        )
    return links.clusters(threshold)


class _Links:
    """Links between ``n`` documents, folded into connected components as they come.

    The sum of the cosines of each document's links (to documents after it) is kept beside
    them: every link lies inside one component, so a component's sum of cosines is that of
    its documents.
    """

    def __init__(self, n: int, budget: int | None = None) -> None:
        self.n = n
        self.held: list[np.ndarray] = []
        self.count = 0
        #: Links held before they are folded (a star has fewer than ``n``).
        self.budget = 2 * n + 1_000_000 if budget is None else budget
        self.cosines = np.zeros(n)

    def add(self, edges: np.ndarray, cosines: np.ndarray | None = None) -> None:
        edges = edges.astype(np.int64, copy=False)
        if cosines is not None and len(edges):
            np.add.at(self.cosines, edges[:, 0], cosines)
        self.held.append(edges)
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

    def clusters(self, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        """The component of every document (numbered by first document), its cosine sum."""
        labels = _by_first_document(self.components())
        return labels, np.bincount(labels, weights=self.cosines, minlength=labels.max() + 1)

    def _stars(self, labels: np.ndarray) -> np.ndarray:
        """One link from every document to the first document of its component."""
        first = np.unique(labels, return_index=True)[1]
        representative = first[labels]
        moved = np.flatnonzero(representative != np.arange(self.n))
        return np.column_stack([moved, representative[moved]])


class _Graph:
    """Links between ``n`` documents with their cosines, held whole for average linkage.

    The links are held as they come (two int32 documents and a float64 cosine, 16 bytes a
    link) with each document's number of links, and moved into the rows of
    :func:`_nn_chain` (12 bytes a link end, 24 a link) one batch at a time, each batch let
    go as soon as it is moved: the step peaks at the rows plus one batch.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self.held: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.degree = np.zeros(n, dtype=np.int64)

    def add(self, edges: np.ndarray, cosines: np.ndarray) -> None:
        if len(edges):
            first, second = edges[:, 0].astype(np.int32), edges[:, 1].astype(np.int32)
            np.add.at(self.degree, first, 1)
            np.add.at(self.degree, second, 1)
            self.held.append((first, second, np.asarray(cosines, dtype=np.float64)))

    def clusters(self, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        """The average-linkage event of every document (numbered by first document), and the
        sum of the link cosines within each."""
        indptr = np.r_[0, np.cumsum(self.degree)]
        end = np.empty(indptr[-1], dtype=np.int32)
        weight = np.empty(indptr[-1], dtype=np.float64)
        fill = indptr[:-1].copy()
        held, self.held = self.held, []
        while held:
            first, second, cosine = held.pop()
            _scatter(indptr, fill, end, weight, first, second, cosine)
            del first, second, cosine
        del fill
        roots, within = _nn_chain(indptr, end, weight, float(threshold))
        labels = _by_first_document(roots)
        sums = np.zeros(labels.max() + 1)
        sums[labels] = within[roots]
        return labels, sums


def _by_first_document(labels: np.ndarray) -> np.ndarray:
    """``labels`` renumbered 0, 1, … in the order of each group's first element."""
    first = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first[1]), dtype=np.int64)
    rank[np.argsort(first[1], kind="stable")] = np.arange(len(first[1]))
    return rank[first[2]]


def average_linkage(
    n: int, first: np.ndarray, second: np.ndarray, weight: np.ndarray, threshold: float
) -> np.ndarray:
    """Average-linkage clusters of a sparse similarity graph, cut at ``threshold``.

    The similarity of two clusters is the mean of the weights of all pairs of their members,
    one in each, pairs without a link counting as 0: the sum of the weights of the links
    between them over the product of their sizes. Clusters merge, the most similar first,
    while that similarity is at least ``threshold``: the flat clusters of UPGMA (scipy's
    ``linkage(1 - S, "average")``, with a distance of 1 for unlinked pairs, cut by
    ``fcluster(..., 1 - threshold, "distance")``) for any ``threshold > 0``. Clusters of two
    connected components of the graph never merge (their similarity is 0); at ``threshold``
    0 every component is one cluster.

    The merging is sparse and compiled (:func:`_nn_chain`): only linked pairs of clusters
    are ever looked at, and memory is that of the links (24 bytes each) and of the
    documents. Equal similarities are resolved in a fixed order where scipy follows its own:
    a cluster on the chain prefers its predecessor, then the neighbour whose first document
    comes first; the flat clusters of the two differ only when two candidate merges are
    equally similar (or within a relative 1e-9) and the order changes which happen.

    Parameters
    ----------
    n : int
        The number of documents (nodes); those without links are clusters of their own.
    first, second : ndarray of int
        The linked documents, each pair once (a pair given twice counts as one link with the
        weights summed), no document linked to itself.
    weight : ndarray of float
        The similarity of each link (in [0, 1]).
    threshold : float
        The smallest mean similarity of two clusters that merge.

    Returns
    -------
    ndarray of int64
        The cluster of every document, numbered in the order of their first document.

    Examples
    --------
    A chain: 0 is like 1, 1 like 2, and 0 unlike 2 (not linked). The best pair, 1 and 2,
    merges; 0 then has a mean of (0.5 + 0) / 2 = 0.25 with them, under 0.4:

    >>> average_linkage(3, np.array([0, 1]), np.array([1, 2]), np.array([0.5, 0.6]), 0.4)
    array([0, 1, 1])
    """
    graph = _Graph(n)
    graph.add(np.column_stack([first, second]).astype(np.int64), weight)
    return graph.clusters(threshold)[0] if n else np.zeros(0, dtype=np.int64)


@numba.njit(cache=True, nogil=True)
def _scatter(indptr, fill, end, weight, first, second, cosine):  # pragma: no cover - compiled
    """Write links into the adjacency arrays (both ends), ``fill`` the next free place of
    each document's row."""
    for e in range(len(first)):
        i, j = first[e], second[e]
        end[fill[i]], weight[fill[i]] = j, cosine[e]
        fill[i] += 1
        end[fill[j]], weight[fill[j]] = i, cosine[e]
        fill[j] += 1


@numba.njit(cache=True, nogil=True)
def _find(parent, i):  # pragma: no cover - compiled
    """The root of ``i`` (the paths walked are compressed)."""
    root = i
    while parent[root] != root:
        root = parent[root]
    while parent[i] != root:
        parent[i], i = root, parent[i]
    return root


#: Two similarities closer than this (relative) count as equal when a cluster of the
#: nearest-neighbour chain chooses between its predecessor and another neighbour: sums of
#: many cosines added in another order differ in their last bits, and the chain must not
#: turn back on itself.
_CHAIN_TOLERANCE = 1e-9


@numba.njit(cache=True, nogil=True)
def _nn_chain(indptr, end, weight, threshold):  # pragma: no cover - compiled
    """Average linkage of the graph whose row ``i`` is ``end[indptr[i]:indptr[i + 1]]`` (each
    link in the rows of both its documents, with its weight): for every document the root of
    its cluster, for every root the sum of the weights inside its cluster.

    The nearest-neighbour chain (Murtagh, 1983; Müllner, 2011): from a cluster, walk to its
    most similar neighbour, and from that to its own, until two clusters are each other's
    most similar: they merge (average linkage is reducible, so merging such a pair gives the
    merges of the greedy algorithm), and the walk resumes from the cluster before them (a
    merged cluster no walk reaches starts one of its own). A cluster whose most similar
    neighbour is under ``threshold`` is final: merges elsewhere only average its
    similarities, never raise them.

    A cluster's links are its documents' rows chained one after the other (``after``); when
    the cluster is looked at, they are summed by the cluster at their other end and written
    back in place, one entry per neighbouring cluster (the rows only shrink). Memory: the
    rows (12 bytes a link end) and a few arrays of the documents.
    """
    n = len(indptr) - 1
    parent = np.arange(n, dtype=np.int32)
    size = np.ones(n, dtype=np.int64)
    first = np.arange(n, dtype=np.int32)
    within = np.zeros(n)
    length = (indptr[1:] - indptr[:-1]).astype(np.int32)  # entries in use in each row
    after = np.full(n, -1, dtype=np.int32)  # the next row of the cluster
    tail = np.arange(n, dtype=np.int32)  # the last row of each root's cluster
    final = np.zeros(n, dtype=np.bool_)
    on_chain = np.zeros(n, dtype=np.bool_)
    total = np.zeros(n)
    touched = np.zeros(n, dtype=np.bool_)
    neighbours = np.empty(n, dtype=np.int32)
    chain = np.empty(n, dtype=np.int32)
    merged = np.empty(n, dtype=np.int32)  # clusters made since a chain started, to look at
    n_merged = 0
    for start in range(n):
        if parent[start] != start or final[start]:
            continue
        chain[0], top = start, 1
        on_chain[start] = True
        while top > 0 or n_merged > 0:
            if top == 0:  # a cluster made by a merge that no chain reached
                n_merged -= 1
                x = merged[n_merged]
                if parent[x] != x or final[x]:
                    continue
                chain[0], top = x, 1
                on_chain[x] = True
            x = chain[top - 1]
            previous = chain[top - 2] if top >= 2 else -1
            # the sums of x's links by the cluster at their other end
            count, row = 0, x
            while row >= 0:
                for p in range(indptr[row], indptr[row] + length[row]):
                    r = _find(parent, end[p])
                    if r == x:
                        continue
                    if not touched[r]:
                        touched[r], total[r] = True, 0.0
                        neighbours[count] = r
                        count += 1
                    total[r] += weight[p]
                row = after[row]
            # written back one entry per neighbour, and the most similar neighbour chosen
            best, best_mean, best_sum = -1, -1.0, 0.0
            row, used = x, 0
            for i in range(count):
                r = neighbours[i]
                while used == indptr[row + 1] - indptr[row]:
                    length[row] = used
                    row, used = after[row], 0
                end[indptr[row] + used], weight[indptr[row] + used] = r, total[r]
                used += 1
                touched[r] = False
                if final[r]:
                    continue
                mean = total[r] / (size[x] * size[r])
                if mean > best_mean or (
                    mean == best_mean
                    and best != previous
                    and (r == previous or first[r] < first[best])
                ):
                    best, best_mean, best_sum = r, mean, total[r]
            length[row] = used
            after[row], tail[x] = -1, row
            if previous >= 0 and best != previous:
                # the predecessor unless another neighbour is clearly more similar (and never
                # a cluster further down the chain: that would loop)
                back = total[previous] / (size[x] * size[previous])
                if (best >= 0 and on_chain[best]) or (
                    back >= threshold and back >= best_mean / (1 + _CHAIN_TOLERANCE)
                ):
                    best, best_mean, best_sum = previous, back, total[previous]
            if best < 0 or best_mean < threshold:  # x is final
                final[x], on_chain[x] = True, False
                top -= 1
            elif best == previous:  # x and its predecessor merge
                top -= 2
                on_chain[x], on_chain[previous] = False, False
                keep, gone = (x, previous) if size[x] >= size[previous] else (previous, x)
                if size[x] == size[previous]:
                    keep, gone = min(x, previous), max(x, previous)
                parent[gone] = keep
                size[keep] += size[gone]
                first[keep] = min(first[keep], first[gone])
                within[keep] += within[gone] + best_sum
                after[tail[keep]] = gone
                tail[keep] = tail[gone]
                merged[n_merged] = keep
                n_merged += 1
            else:
                chain[top] = best
                top += 1
                on_chain[best] = True
    roots = np.empty(n, dtype=np.int64)
    for i in range(n):
        roots[i] = _find(parent, i)
    return roots, within


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
    linkage: str = DEFAULTS.events.linkage,
    backend=None,
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
        Smallest cosine similarity between two dated documents that are linked, and (average
        linkage) smallest mean similarity of two groups of documents that form one event.
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
    linkage : {"average", "single"}
        How linked documents form events: "average" (two groups are one event when the mean
        similarity over all pairs of their documents, unlinked pairs 0, reaches
        ``threshold``) or "single" (every connected group of links is one event; chains).
    backend : LocalBackend or DaskBackend, optional
        Where the links of each block of dates are found (:mod:`framing.backends`; the
        events are the same on any); default: here.

    Returns
    -------
    documents : DataFrame
        A copy with ``event`` filled in and ``event_source`` ("metadata" or "aligned").
    events : DataFrame
        One row per event (:data:`EVENT_COLUMNS`), sorted by date; ``cohesion`` is the mean
        cosine similarity over all pairs of the event's documents, unlinked pairs counting as
        0 (NaN for one document and for metadata events).
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
    if linkage not in LINKAGES:
        raise InputError(f"event alignment: linkage must be one of {LINKAGES}; got {linkage!r}")
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
    within = np.zeros(0)  # the sum of link cosines inside each aligned event
    if len(open_rows):
        start = dates.min() if dates.notna().any() else pd.Timestamp(0)
        days = ((dates - start) / pd.Timedelta(days=1)).to_numpy(dtype=float)
        block = matrix if len(open_rows) == len(ids) else matrix[open_rows]
        labels[open_rows], within = _clusters(
            block, days[open_rows], window_days, threshold, undated_threshold, linkage, backend
        )
        del block
    del matrix

    # one code per group (aligned events first, then the metadata events, each sorted),
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
    n_docs = np.bincount(code[code >= 0], minlength=n_groups)
    cohesion = np.full(n_groups, np.nan)
    pairs = n_docs[: len(components)] * (n_docs[: len(components)] - 1) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        cohesion[: len(components)] = np.where(pairs > 0, within / pairs, np.nan)
    names = _event_names(date_min, aligned, named)
    event_ids = given.astype(object).to_numpy().copy()
    in_aligned = (code >= 0) & ~has_name
    event_ids[in_aligned] = names[code[in_aligned]]
    events = pd.DataFrame(
        {
            "event": names,
            "date_min": date_min,
            "date_max": date_max,
            "n_docs": n_docs,
            "n_outlets": n_outlets,
            "cohesion": cohesion,
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
