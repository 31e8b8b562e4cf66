"""Text reuse: wire copy and near-duplicates between documents, and the origins a text declares.

Small outlets republish agency copy, so a count per outlet can be a count of someone else's
text. Two kinds of evidence go into the ``reuse`` table (a corpus-wide step that works on small
sketches, so its time and memory grow linearly with the corpus):

- **Shared text**, found by shingling (Broder, 1997): each paragraph with at least
  ``min_words`` words becomes the set of its word ``shingle_size``-grams and is reduced to a
  MinHash signature (:mod:`framing.corpus.sketches`). Locality-sensitive hashing proposes pairs
  of paragraphs of different documents, each checked on the exact (hashed) shingle sets; a
  paragraph is a **copy** when its Jaccard similarity with an *earlier* paragraph (by the
  document's date, then id), or the containment of the shorter in the longer, reaches
  ``threshold``. Each copy is listed once, matched to the earliest such paragraph
  (``kind = "paragraph"``), so a story reprinted by a hundred outlets gives a hundred rows, not
  ten thousand. A document at least ``document_threshold`` of whose shingles lie in paragraphs
  copied from one earlier document is a near-duplicate of it (``kind = "document"``,
  ``paragraph_id`` empty). Pairs are proposed by Jaccard similarity (a pair at 0.5 is proposed
  with probability 0.99); a short paragraph contained in a much longer one, with a low Jaccard
  similarity, is proposed less often.
- **Declared origins**: what the text itself says it relays — a closing line such as
  "(trtworld.com)", relay phrases ("Dilansir dari CNBC Indonesia", "melansir Malay Mail",
  "dikutip dari", "Sumber: …") and agency datelines ("(AFP)", "— Reuters")
  (``kind = "declared_origin"``).

:func:`reused_copies` names the paragraphs that are copies, so that an outlet comparison can
count reused text once.

References
----------
Broder, A. Z. (1997). On the resemblance and containment of documents. *Proceedings of
Compression and Complexity of Sequences*, 21-29.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framing.corpus.sketches import (
    band_keys,
    lsh_rounds,
    minhash_signatures,
    shingle_hashes,
    token_hashes,
)
from framing.errors import InputError

#: Columns of the ``reuse`` table (the contract columns first).
REUSE_COLUMNS = (
    "doc_id",
    "paragraph_id",
    "matched_doc_id",
    "similarity",
    "declared_origin",
    "kind",
    "matched_paragraph_id",
    "containment",
    "evidence",
)
#: Columns of a sketch table (one row per paragraph).
SKETCH_COLUMNS = ("doc_id", "paragraph_id", "position", "n_shingles", "bands", "shingles")
#: MinHash values per paragraph and the LSH bands they are cut into (pairs of Jaccard
#: similarity s share a band with probability 1 - (1 - s**4)**16: 0.99 at 0.5, 0.47 at 0.3).
N_HASHES, BANDS = 64, 16
_WORD = r"[A-Z][\w&’'-]*(?:\.[\w-]+)*"
_NAME = rf"({_WORD}(?:[ \t]+{_WORD}){{0,3}}|[\w-]+(?:\.[\w-]+)+)"
#: Patterns of declared origins: relay phrases and a closing bracketed source.
ORIGIN_PATTERNS = (
    re.compile(
        r"(?i:\b(?:dilansir|melansir|dikutip|disadur|diterjemahkan)(?:\s+(?:dari|melalui))?)\s+"
        + _NAME
    ),
    re.compile(r"(?i:\bsumber\s*:)\s*" + _NAME),
    re.compile(r"(?i:\b(?:source|adapted from|originally published by|via))\s*:?\s+" + _NAME),
    re.compile(r"^\s*\(\s*([\w.-]+\.[a-z]{2,}(?:\.[a-z]{2})?|[A-Z][\w ]{1,30})\s*\)\s*$", re.M),
    re.compile(r"\((AFP|Reuters|REUTERS|AP|Antara|ANTARA|Yonhap|Bloomberg|Xinhua)\)"),
    re.compile(r"[—–-]\s*(AFP|Reuters|REUTERS|Antara|ANTARA|Yonhap)\s*$", re.M),
)


def declared_origins(text: str) -> list[tuple[str, str]]:
    """The origins ``text`` declares, as (origin, the words that declare it), in text order.

    Examples
    --------
    >>> declared_origins("Dilansir dari CNBC Indonesia, Putin tiba.\\n\\n(trtworld.com)")
    [('CNBC Indonesia', 'Dilansir dari CNBC Indonesia'), ('trtworld.com', '(trtworld.com)')]
    """
    found = []
    for pattern in ORIGIN_PATTERNS:
        for match in pattern.finditer(text):
            origin = match.group(1).strip().rstrip(".,")
            found.append((match.start(), origin, " ".join(match.group(0).split())))
    seen, out = set(), []
    for _, origin, words in sorted(found):
        if origin.lower() not in seen:
            seen.add(origin.lower())
            out.append((origin, words))
    return out


def sketch_units(
    paragraphs: pd.DataFrame,
    *,
    shingle_size: int = 4,
    min_words: int = 8,
    seed: int = 0,
) -> pd.DataFrame:
    """The sketch of each paragraph that reuse detection compares (a chunk at a time).

    Parameters
    ----------
    paragraphs : DataFrame
        ``doc_id``, ``paragraph_id``, ``text``.
    shingle_size, min_words : int
        Words per shingle; paragraphs with fewer words are not sketched.
    seed : int

    Returns
    -------
    DataFrame
        :data:`SKETCH_COLUMNS`: ``bands`` holds :data:`BANDS` uint32 LSH keys and ``shingles``
        the paragraph's shingle hashes (uint32), both as bytes; ``position`` is the paragraph's
        order in its document.
    """
    tokens = token_hashes(paragraphs["text"].fillna("").astype(str).tolist())
    keep = np.array([len(t) >= min_words for t in tokens], dtype=bool)
    sets = [shingle_hashes(t, shingle_size) for t, k in zip(tokens, keep, strict=True) if k]
    keys = band_keys(minhash_signatures(sets, N_HASHES, seed), BANDS)
    kept = paragraphs.loc[keep]
    position = paragraphs.groupby(paragraphs["doc_id"].astype(str), sort=False).cumcount()
    return pd.DataFrame(
        {
            "doc_id": kept["doc_id"].astype(str).to_numpy(),
            "paragraph_id": kept["paragraph_id"].astype(str).to_numpy(),
            "position": position[keep].to_numpy(),
            "n_shingles": np.array([len(x) for x in sets], dtype=np.int64),
            "bands": [row.tobytes() for row in keys],
            "shingles": [np.unique((x >> np.uint64(32)).astype(np.uint32)).tobytes() for x in sets],
        },
        columns=list(SKETCH_COLUMNS),
    )


def origins_table(documents: pd.DataFrame) -> pd.DataFrame:
    """The ``declared_origin`` rows of the reuse table for ``documents``."""
    rows = [
        {"doc_id": doc_id, "declared_origin": origin, "kind": "declared_origin", "evidence": words}
        for doc_id, text in zip(
            documents["doc_id"].astype(str), documents["text"].fillna(""), strict=True
        )
        for origin, words in declared_origins(str(text))
    ]
    return pd.DataFrame(rows, columns=list(REUSE_COLUMNS))


def find_reuse(
    documents: pd.DataFrame,
    paragraphs: pd.DataFrame,
    *,
    threshold: float = 0.5,
    document_threshold: float = 0.8,
    shingle_size: int = 4,
    min_words: int = 8,
    random_state: int = 0,
) -> pd.DataFrame:
    """The ``reuse`` table of a corpus in memory: sketches, then :func:`reuse_from_sketches`.

    Parameters
    ----------
    documents : DataFrame
        The ``documents`` table (``doc_id``, ``text``; ``date`` orders the copies).
    paragraphs : DataFrame
        The ``paragraphs`` table (``doc_id``, ``paragraph_id``, ``text``).
    threshold : float, default=0.5
        Smallest estimated Jaccard similarity or containment of a copied paragraph.
    document_threshold : float, default=0.8
        Smallest estimated containment of a document in an earlier one (near-duplicate).
    shingle_size : int, default=4
    min_words : int, default=8
        Paragraphs shorter than this are not compared (datelines, captions).
    random_state : int, default=0
        Seed of the MinHash function.

    Returns
    -------
    DataFrame
        Columns :data:`REUSE_COLUMNS`.

    Examples
    --------
    >>> wire = "Washington says the shipment broke the sanctions of the Security Council again."
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "date": ["2024-06-18", "2024-06-19"],
    ...                      "text": [wire, "Local news first. " + wire]})
    >>> paras = pd.DataFrame({"doc_id": ["a", "b", "b"], "paragraph_id": ["a:p1", "b:p1", "b:p2"],
    ...                       "text": [wire, "Local news first.", wire]})
    >>> table = find_reuse(docs, paras)
    >>> table[["doc_id", "paragraph_id", "matched_doc_id", "kind"]].values.tolist()
    [['b', nan, 'a', 'document'], ['b', 'b:p2', 'a', 'paragraph']]
    """
    _check(threshold, document_threshold, shingle_size, documents, paragraphs)
    sketches = sketch_units(
        paragraphs, shingle_size=shingle_size, min_words=min_words, seed=random_state
    )
    return reuse_from_sketches(
        sketches,
        documents[["doc_id"] + (["date"] if "date" in documents else [])],
        origins_table(documents),
        threshold=threshold,
        document_threshold=document_threshold,
    )


def reuse_from_sketches(
    sketches: pd.DataFrame,
    documents: pd.DataFrame,
    origins: pd.DataFrame,
    *,
    threshold: float = 0.5,
    document_threshold: float = 0.8,
) -> pd.DataFrame:
    """The ``reuse`` table from the paragraph sketches of a corpus held in memory.

    Parameters
    ----------
    sketches : DataFrame
        :func:`sketch_units` of every paragraph.
    documents : DataFrame
        ``doc_id`` and, optionally, ``date``: the time order of the copies.
    origins : DataFrame
        The declared-origin rows (:func:`origins_table`).
    threshold, document_threshold : float
        As in :func:`find_reuse`.
    """
    return reuse_from_sketch_parts(
        lambda columns: iter([sketches[columns]]),
        documents,
        origins,
        threshold=threshold,
        document_threshold=document_threshold,
    )


def reuse_from_sketch_parts(
    read_parts: Callable[[list[str]], Iterator[pd.DataFrame]],
    documents: pd.DataFrame,
    origins: pd.DataFrame,
    *,
    threshold: float = 0.5,
    document_threshold: float = 0.8,
) -> pd.DataFrame:
    """The ``reuse`` table from paragraph sketches stored part by part (corpus-wide step).

    The sketches are read in four passes, one column set at a time: the LSH band keys, the
    positions and sizes (20 numbers per paragraph, held for the corpus); then the exact shingle
    sets of the paragraphs that LSH proposes; then, for the table, the documents and sizes
    again and the ids of the paragraphs that are copies.
    Time and memory grow linearly with the paragraphs; no Python object is made per paragraph.

    The same table comes from :func:`copies_in_bands` run on groups of bands (on several
    workers), :func:`earliest_copies` of their results, then :func:`reuse_from_copies`.

    Parameters
    ----------
    read_parts : callable
        ``read_parts(columns)`` yields the sketch table (:data:`SKETCH_COLUMNS`) part by part,
        in the same order at every call, with only ``columns``.
    documents, origins, threshold, document_threshold
        As in :func:`reuse_from_sketches`.
    """
    best = copies_in_bands(read_parts, documents, range(BANDS), threshold=threshold)
    return reuse_from_copies(
        read_parts, documents, origins, earliest_copies([best]), document_threshold
    )


def band_groups(n_groups: int) -> list[range]:
    """The LSH bands cut into ``n_groups`` consecutive groups (at most one per band).

    Examples
    --------
    >>> band_groups(3)
    [range(0, 5), range(5, 11), range(11, 16)]
    """
    n = max(1, min(int(n_groups), BANDS))
    edges = np.linspace(0, BANDS, n + 1).round().astype(int).tolist()
    return [range(a, b) for a, b in zip(edges, edges[1:], strict=False)]


def copies_in_bands(
    read_parts: Callable[[list[str]], Iterator[pd.DataFrame]],
    documents: pd.DataFrame,
    bands: Sequence[int],
    *,
    threshold: float = 0.5,
) -> pd.DataFrame:
    """For each paragraph, the earliest copy found in the buckets of ``bands`` (a job).

    The buckets of one LSH band never mix with another's, so the candidate pairs of a group of
    bands are found and checked without the others (Leskovec, Rajaraman & Ullman 2020, ch. 3:
    banding); :func:`earliest_copies` then keeps, per paragraph, the earliest match over every
    group, which is the match of one pass over all bands.

    Returns
    -------
    DataFrame
        ``later``, ``earlier`` (sketch rows), ``order`` (the earlier paragraph's place in
        time), ``j``, ``c``, ``share``, by ``later``.

    References
    ----------
    Leskovec, J., Rajaraman, A., & Ullman, J. D. (2020). Mining of Massive Datasets (3rd ed.),
    section 3.4. Cambridge University Press.
    """
    ids, rank = _time_rank(documents)
    sketch = _read_sketches(read_parts, ids, bands=bands)
    rank = np.r_[rank, np.full(len(sketch.ids) - len(rank), len(rank), dtype=np.int64)]
    return _copies(sketch, rank, threshold, read_parts)


def earliest_copies(found: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Per paragraph, the earliest match of the groups of bands ``found`` (in band order).

    A tie in time (two documents absent from ``documents`` share the last place) goes to the
    group of the lower bands, as in one pass over the bands in order.
    """
    if not found:
        return pd.DataFrame({c: np.zeros(0, dtype=t) for c, t in _BEST.items()})
    table = pd.concat([f.assign(group=g) for g, f in enumerate(found)], ignore_index=True)
    table = table.sort_values(["later", "order", "group"], kind="stable")
    table = table.drop_duplicates("later").reset_index(drop=True)
    return table[list(_BEST)].astype(_BEST)


def reuse_from_copies(
    read_parts: Callable[[list[str]], Iterator[pd.DataFrame]],
    documents: pd.DataFrame,
    origins: pd.DataFrame,
    best: pd.DataFrame,
    document_threshold: float = 0.8,
) -> pd.DataFrame:
    """The ``reuse`` table from the earliest copy of each paragraph (:func:`earliest_copies`):
    copied paragraphs, near-duplicate documents and the declared ``origins``."""
    ids, _ = _time_rank(documents)
    sketch = _read_sketches(read_parts, ids, bands=())
    ids = sketch.ids  # with any document the sketches name that ``documents`` lacks
    later, earlier = best["later"].to_numpy(), best["earlier"].to_numpy()
    rows, paragraph_ids = _values_at(read_parts, "paragraph_id", sketch.bounds, later, earlier)
    doc_ids = pa.array(ids, type=pa.large_string())
    copies = {
        "doc_id": doc_ids.take(sketch.doc[later]),
        "paragraph_id": paragraph_ids.take(np.searchsorted(rows, later)),
        "matched_doc_id": doc_ids.take(sketch.doc[earlier]),
        "matched_paragraph_id": paragraph_ids.take(np.searchsorted(rows, earlier)),
        "similarity": best["j"].to_numpy(float).round(6),
        "containment": best["c"].to_numpy(float).round(6),
        "kind": np.full(len(later), "paragraph", dtype=object),
    }
    del rows, paragraph_ids
    near = _near_duplicates(sketch, ids, best, document_threshold)
    return _sorted_table([copies, near, origins])


def _sorted_table(pieces: list) -> pd.DataFrame:
    """The reuse table of ``pieces`` (mappings of columns), sorted by document, then kind
    (document, paragraph, declared origin), paragraph and matched document, stably.

    Built and sorted as Arrow columns: millions of copied paragraphs are held as string
    buffers, not as one Python object per value, and sorted without converting them.
    """
    kinds = {"document": 0, "paragraph": 1, "declared_origin": 2}
    tables = []
    for piece in pieces:
        if isinstance(piece, pd.DataFrame):
            piece = {name: piece[name] for name in piece.columns}
        n = len(piece["kind"]) if "kind" in piece else 0
        if not n:
            continue
        columns = {}
        for name in REUSE_COLUMNS:
            kind = pa.float64() if name in ("similarity", "containment") else pa.large_string()
            value = piece.get(name)
            if value is None:
                columns[name] = pa.nulls(n, kind)
            elif isinstance(value, pa.Array):
                columns[name] = value.cast(kind)
            else:
                array = pa.array(value, from_pandas=True)
                if isinstance(array, pa.ChunkedArray):  # a Series held in Arrow already
                    array = array.combine_chunks()
                columns[name] = array.cast(kind)
        kind_of = pd.Series(np.asarray(piece["kind"], dtype=object)).map(kinds)
        columns["_k"] = pa.array(kind_of.to_numpy(np.int8))
        tables.append(pa.table(columns))
    if not tables:
        return pd.DataFrame(columns=list(REUSE_COLUMNS))
    table = pa.concat_tables(tables)
    del tables
    # stable (Arrow's sort is); the missing paragraph and matched ids only occur in kinds
    # where every row lacks them, so where missing values sort does not matter
    order = pc.sort_indices(
        table,
        sort_keys=[(c, "ascending") for c in ("doc_id", "_k", "paragraph_id", "matched_doc_id")],
    )
    table = table.drop_columns(["_k"]).take(order)
    return table.to_pandas(types_mapper=_string_type).reset_index(drop=True)


def _string_type(kind: pa.DataType):
    """The pandas dtype of an Arrow string column: pandas' default string dtype."""
    if pa.types.is_large_string(kind) or pa.types.is_string(kind):
        return pd.StringDtype(na_value=np.nan)
    return None


@dataclass
class _Sketches:
    """The numbers of every paragraph sketch, in the order of the parts."""

    keys: np.ndarray  # (n, bands read) uint32 LSH band keys
    doc: np.ndarray  # index of the paragraph's document in ``ids``
    position: np.ndarray  # order of the paragraph in its document
    n_shingles: np.ndarray
    bounds: np.ndarray  # first row of each part, and the total
    ids: np.ndarray  # document ids


def _read_sketches(read_parts, ids: np.ndarray, bands: Sequence[int] = range(BANDS)) -> _Sketches:
    """The band keys (of ``bands`` only), documents, positions and sizes of every sketch."""
    index = pd.Index(ids)
    bands = list(bands)
    extra: dict[str, int] = {}  # documents named by sketches but not in ``documents``
    keys, doc, position, n_shingles, sizes = [], [], [], [], []
    columns = ["doc_id", "position", "n_shingles"] + (["bands"] if bands else [])
    for part in read_parts(columns):
        sizes.append(len(part))
        if not len(part):
            continue
        names = part["doc_id"].astype(str).to_numpy()
        codes = index.get_indexer(names)
        for i in np.flatnonzero(codes < 0).tolist():
            codes[i] = extra.setdefault(names[i], len(ids) + len(extra))
        doc.append(codes.astype(np.int64))
        if bands:
            every = np.frombuffer(b"".join(part["bands"]), dtype=np.uint32).reshape(-1, BANDS)
            keys.append(np.ascontiguousarray(every[:, bands]))
        position.append(part["position"].to_numpy(np.int64))
        n_shingles.append(part["n_shingles"].to_numpy(np.int64))
    ids = np.r_[np.asarray(ids, dtype=object), np.array(list(extra), dtype=object)]

    def joined(arrays, shape=(0,), dtype=np.int64):
        return np.concatenate(arrays) if arrays else np.zeros(shape, dtype=dtype)

    return _Sketches(
        keys=joined(keys, (0, len(bands)), np.uint32),
        doc=joined(doc),
        position=joined(position),
        n_shingles=joined(n_shingles),
        bounds=np.r_[0, np.cumsum(sizes, dtype=np.int64)],
        ids=ids,
    )


def _rows_by_part(bounds: np.ndarray, rows: np.ndarray) -> list[np.ndarray]:
    """``rows`` (sorted, unique) split by part, as row numbers within each part."""
    cuts = np.searchsorted(rows, bounds)
    return [rows[cuts[i] : cuts[i + 1]] - bounds[i] for i in range(len(bounds) - 1)]


def _values_at(read_parts, column: str, bounds: np.ndarray, *wanted):
    """The sketch rows in ``wanted`` (sorted, once each) and their ``column`` as an Arrow
    string array, by one pass over the parts."""
    rows = np.unique(np.concatenate([np.asarray(w, dtype=np.int64) for w in wanted]))
    values = []
    if len(rows):
        for part, local in zip(read_parts([column]), _rows_by_part(bounds, rows), strict=False):
            if len(local):
                text = part[column].astype(str).to_numpy(dtype=object)[local]
                values.append(pa.array(text, type=pa.large_string()))
    if not values:
        return rows, pa.array([], type=pa.large_string())
    return rows, pa.concat_arrays(values)


def _shingle_sets(read_parts, bounds: np.ndarray, rows: np.ndarray):
    """The exact shingle sets of ``rows`` as one flat uint32 array, and each row's slice of it.

    Rows not asked for have length 0; one pass over the parts, only the rows asked for kept.
    """
    n = int(bounds[-1])
    starts, lengths = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    flats, base = [], 0
    for part, local, first in zip(
        read_parts(["shingles"]), _rows_by_part(bounds, rows), bounds, strict=False
    ):
        if not len(local):
            continue
        values = part["shingles"].to_numpy(dtype=object)[local]
        size = np.fromiter((len(v) // 4 for v in values), dtype=np.int64, count=len(values))
        lengths[first + local] = size
        starts[first + local] = base + np.cumsum(size) - size
        base += int(size.sum())
        flats.append(np.frombuffer(b"".join(values), dtype=np.uint32))
    flat = np.concatenate(flats) if flats else np.zeros(0, dtype=np.uint32)
    return flat, starts, lengths


def _time_rank(documents: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The document ids and each one's rank in time: by date (undated last), then by id."""
    ids = documents["doc_id"].astype(str).to_numpy(dtype=object)
    frame = pd.DataFrame({"doc_id": ids})
    if "date" in documents:
        dates = pd.to_datetime(documents["date"], errors="coerce")
        frame["date"] = pd.Series(dates).dt.tz_localize(None).to_numpy()
    else:
        frame["date"] = pd.NaT
    frame = frame.sort_values(["date", "doc_id"], na_position="last", kind="stable")
    rank = np.empty(len(ids), dtype=np.int64)
    rank[frame.index.to_numpy()] = np.arange(len(ids))
    return ids, rank


def _copies(sketch: _Sketches, rank: np.ndarray, threshold: float, read_parts) -> pd.DataFrame:
    """For each paragraph with an earlier similar one in another document: the earliest.

    The LSH rounds (:func:`~framing.corpus.sketches.lsh_rounds`) are checked as they come on
    the exact shingle sets: a candidate is checked only when it is earlier than the match its
    paragraph has so far, so each paragraph ends with the earliest candidate whose Jaccard
    similarity or containment reaches ``threshold``, and most candidates are never compared.
    Memory: one round of pairs, and the shingle sets of the paragraphs in a shared bucket.

    Returns ``later``, ``earlier`` (sketch rows), ``order`` (the earlier row's place in time),
    ``j`` (Jaccard), ``c`` (containment) and ``share`` (of the later paragraph's shingles found
    in the earlier one), by ``later``.
    """
    n, bands = sketch.keys.shape
    if n < 2 or not bands:
        return pd.DataFrame({c: np.zeros(0, dtype=t) for c, t in _FOUND.items()})
    order = rank[sketch.doc] * 100_000 + sketch.position
    shared_bucket = np.zeros(n, dtype=bool)
    for later, earlier in lsh_rounds(sketch.keys, order, bands=bands, max_earlier=1):
        shared_bucket[later] = shared_bucket[earlier] = True
    flat, starts, lengths = _shingle_sets(read_parts, sketch.bounds, np.flatnonzero(shared_bucket))
    best = np.full(n, -1, dtype=np.int64)
    best_order = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    jaccard, containment, share = np.zeros(n), np.zeros(n), np.zeros(n)
    for later, earlier in lsh_rounds(sketch.keys, order, bands=bands):
        keep = (sketch.doc[later] != sketch.doc[earlier]) & (order[earlier] < best_order[later])
        later, earlier = later[keep], earlier[keep]
        if not len(later):
            continue
        common = _intersection_sizes(flat, starts, lengths, later, earlier)
        a, b = lengths[later], lengths[earlier]
        j, c = common / (a + b - common), common / np.minimum(a, b)
        ok = np.maximum(j, c) >= threshold
        later, earlier = later[ok], earlier[ok]  # a row is ``later`` once in a round
        best[later], best_order[later] = earlier, order[earlier]
        jaccard[later], containment[later], share[later] = j[ok], c[ok], (common / a)[ok]
    found = np.flatnonzero(best >= 0)
    return pd.DataFrame(
        {
            "later": found,
            "earlier": best[found],
            "order": best_order[found],
            "j": jaccard[found],
            "c": containment[found],
            "share": share[found],
        }
    )


#: Columns and dtypes of the table of best matches.
_BEST = {"later": np.int64, "earlier": np.int64, "j": float, "c": float, "share": float}
#: ... and of the matches of a group of bands, with the earlier row's place in time.
_FOUND = {"later": np.int64, "earlier": np.int64, "order": np.int64, "j": float, "c": float,
          "share": float}  # fmt: skip


def _intersection_sizes(
    flat: np.ndarray, starts: np.ndarray, lengths: np.ndarray, a: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """``|set a_i ∩ set b_i|`` for every pair ``i``, by one sort of tagged values per batch."""
    out = np.zeros(len(a), dtype=np.int64)
    batch = 100_000
    for lo in range(0, len(a), batch):
        part = slice(lo, lo + batch)
        tagged = []
        for rows in (a[part], b[part]):
            n = lengths[rows]
            tag = np.repeat(np.arange(len(rows), dtype=np.uint64), n)
            offsets = (
                np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n) + np.repeat(starts[rows], n)
            )
            tagged.append((tag << np.uint64(32)) | flat[offsets].astype(np.uint64))
        keys = np.sort(np.concatenate(tagged))
        same = keys[1:] == keys[:-1]  # each set holds a value once: a repeat is shared
        out[part] = np.bincount(
            (keys[1:][same] >> np.uint64(32)).astype(np.int64), minlength=len(a[part])
        )
    return out


def _near_duplicates(
    sketch: _Sketches, ids: np.ndarray, best: pd.DataFrame, threshold: float
) -> pd.DataFrame:
    """Documents whose shingles lie, for ``threshold`` or more, in copies of one earlier one."""
    if not len(best):
        return pd.DataFrame(columns=list(REUSE_COLUMNS))
    later, earlier = best["later"].to_numpy(), best["earlier"].to_numpy()
    total = np.bincount(sketch.doc, weights=sketch.n_shingles, minlength=len(ids))
    found = pd.DataFrame(
        {
            "doc": sketch.doc[later],
            "matched": sketch.doc[earlier],
            "covered": sketch.n_shingles[later] * best["share"].to_numpy(float),
        }
    )
    by_pair = found.groupby(["doc", "matched"], sort=False)["covered"].sum().reset_index()
    size_later = total[by_pair["doc"].to_numpy()]
    size_earlier = total[by_pair["matched"].to_numpy()]
    covered = by_pair["covered"].to_numpy()
    by_pair["containment"] = covered / size_later
    by_pair["jaccard"] = covered / (size_later + size_earlier - covered)
    kept = by_pair[by_pair["containment"] >= threshold]
    kept = kept.assign(
        doc_id=ids[kept["doc"].to_numpy()], matched_doc_id=ids[kept["matched"].to_numpy()]
    )
    kept = kept.sort_values(
        ["doc_id", "containment", "matched_doc_id"], ascending=[True, False, True], kind="stable"
    ).drop_duplicates("doc_id")
    return pd.DataFrame(
        {
            "doc_id": kept["doc_id"].to_numpy(),
            "matched_doc_id": kept["matched_doc_id"].to_numpy(),
            "similarity": kept["jaccard"].round(6).to_numpy(),
            "containment": kept["containment"].clip(upper=1.0).round(6).to_numpy(),
            "kind": "document",
        }
    ).reindex(columns=list(REUSE_COLUMNS))


def _check(threshold, document_threshold, shingle_size, documents, paragraphs) -> None:
    if not (0 < threshold <= 1 and 0 < document_threshold <= 1) or shingle_size < 1:
        raise InputError(
            "reuse: thresholds must be in (0, 1] and shingle_size >= 1; got "
            f"{threshold}, {document_threshold}, {shingle_size}"
        )
    for name, table in (("documents", documents), ("paragraphs", paragraphs)):
        needed = ("doc_id", "text") if name == "documents" else ("doc_id", "paragraph_id", "text")
        missing = [c for c in needed if c not in table.columns]
        if missing:
            raise InputError(
                f"{name}: lacks column(s) {', '.join(missing)}; pass the corpus tables"
            )


@dataclass(frozen=True)
class CopiedText:
    """Which paragraphs the ``reuse`` table marks as copies, looked up chunk by chunk.

    Built once per run from the table (hash indexes of the copied paragraphs and of the
    near-duplicate documents), so that each chunk is checked in time proportional to the
    chunk, not to the corpus' reuse table.
    """

    paragraphs: pd.Index
    documents: pd.Index

    @classmethod
    def of(cls, reuse: pd.DataFrame) -> CopiedText:
        """The copies a ``reuse`` table names."""
        if reuse.empty:
            return cls(pd.Index([], dtype=object), pd.Index([], dtype=object))
        kind = reuse["kind"].astype(str)
        copied = reuse.loc[kind == "paragraph", "paragraph_id"].dropna().astype(str)
        duplicated = reuse.loc[kind == "document", "doc_id"].astype(str)
        return cls(pd.Index(copied.unique()), pd.Index(duplicated.unique()))

    def among(self, paragraphs: pd.DataFrame) -> set[str]:
        """The ids of ``paragraphs`` (``doc_id``, ``paragraph_id``) that are copies."""
        ids = paragraphs["paragraph_id"].astype(str).to_numpy()
        copied = self.paragraphs.get_indexer(ids) >= 0 if len(self.paragraphs) else False
        if len(self.documents):
            docs = paragraphs["doc_id"].astype(str).to_numpy()
            copied = copied | (self.documents.get_indexer(docs) >= 0)
        return set(ids[np.asarray(copied, dtype=bool)]) if np.any(copied) else set()


def reused_copies(reuse: pd.DataFrame | CopiedText, paragraphs: pd.DataFrame) -> set[str]:
    """The ids of ``paragraphs`` that are copies of earlier text, to count reused text once.

    Every ``paragraph`` row of the reuse table is a later copy; every paragraph of a document
    with a ``document`` row (a near-duplicate of an earlier document) is one too. Only
    paragraphs of ``paragraphs`` are returned, so the copies of chunks add up. Give a
    :class:`CopiedText` to check many chunks against one table.

    Returns
    -------
    set of str
    """
    copied = reuse if isinstance(reuse, CopiedText) else CopiedText.of(reuse)
    return copied.among(paragraphs)
