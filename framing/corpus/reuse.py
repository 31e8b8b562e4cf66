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

import numpy as np
import pandas as pd

from framing.corpus.sketches import (
    band_keys,
    lsh_candidates,
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
    """The ``reuse`` table from paragraph sketches (corpus-wide, linear in the sketches).

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
    rank = _time_rank(documents)
    copies = _copies(sketches, rank, threshold)
    rows = [pd.DataFrame(copies, columns=list(REUSE_COLUMNS))]
    rows.append(_near_duplicates(sketches, copies, document_threshold))
    rows.append(origins)
    table = (
        pd.concat([r for r in rows if len(r)], ignore_index=True)
        if any(len(r) for r in rows)
        else pd.DataFrame(columns=list(REUSE_COLUMNS))
    )
    table = table.reindex(columns=list(REUSE_COLUMNS))
    order = {"document": 0, "paragraph": 1, "declared_origin": 2}
    table = table.assign(_k=table["kind"].map(order)).sort_values(
        ["doc_id", "_k", "paragraph_id", "matched_doc_id"], na_position="first", kind="stable"
    )
    return table.drop(columns="_k").reset_index(drop=True)


def _time_rank(documents: pd.DataFrame) -> dict[str, int]:
    """Rank of each document in time: by date (undated last), then by id."""
    ids = documents["doc_id"].astype(str)
    frame = pd.DataFrame({"doc_id": ids.to_numpy()})
    if "date" in documents:
        dates = pd.to_datetime(documents["date"], errors="coerce")
        frame["date"] = pd.Series(dates).dt.tz_localize(None).to_numpy()
    else:
        frame["date"] = pd.NaT
    frame = frame.sort_values(["date", "doc_id"], na_position="last", kind="stable")
    return dict(zip(frame["doc_id"], range(len(frame)), strict=True))


def _copies(sketches: pd.DataFrame, time_rank: dict[str, int], threshold: float) -> list[dict]:
    """For each paragraph with an earlier similar one in another document: the earliest."""
    if len(sketches) < 2:
        return []
    keys = np.frombuffer(b"".join(sketches["bands"]), dtype=np.uint32)
    keys = keys.reshape(len(sketches), BANDS)
    docs = sketches["doc_id"].astype(str).to_numpy()
    doc_rank = np.array([time_rank.get(d, len(time_rank)) for d in docs], dtype=np.int64)
    order = doc_rank * 100_000 + sketches["position"].to_numpy(np.int64)
    pairs = lsh_candidates(keys, order, bands=BANDS, groups=pd.factorize(docs)[0])
    if len(pairs) == 0:
        return []
    swap = order[pairs[:, 0]] < order[pairs[:, 1]]
    pairs[swap] = pairs[swap][:, ::-1]  # later first
    best = _earliest_matches(sketches["shingles"], pairs, order, threshold)
    if best.empty:
        return []
    ids = sketches["paragraph_id"].astype(str).to_numpy()
    return [
        {
            "doc_id": docs[a],
            "paragraph_id": ids[a],
            "matched_doc_id": docs[b],
            "matched_paragraph_id": ids[b],
            "similarity": round(float(j), 6),
            "containment": round(float(c), 6),
            "kind": "paragraph",
            "_share": float(s),
        }
        for a, b, j, c, s in zip(
            best["later"], best["earlier"], best["j"], best["c"], best["share"], strict=True
        )
    ]


def _earliest_matches(
    shingles: pd.Series, pairs: np.ndarray, order: np.ndarray, threshold: float
) -> pd.DataFrame:
    """For each later paragraph, its earliest candidate whose exact similarity passes.

    Candidates are tried in rounds, earliest first: round ``k`` checks the ``k``-th candidate
    of every paragraph not yet matched, all at once, so a paragraph stops at its first match
    and the exact sets of most candidate pairs are never compared.
    """
    lengths = np.array([len(b) // 4 for b in shingles], dtype=np.int64)
    flat = np.frombuffer(b"".join(shingles), dtype=np.uint32)
    starts = np.cumsum(lengths) - lengths
    pairs = pairs[np.lexsort((order[pairs[:, 1]], pairs[:, 0]))]  # by later, earliest first
    first = np.r_[True, pairs[1:, 0] != pairs[:-1, 0]]
    group_start = np.flatnonzero(first)
    group_size = np.diff(np.r_[group_start, len(pairs)])
    open_ = np.ones(len(group_start), dtype=bool)  # per later paragraph: still looking
    found: list[tuple[np.ndarray, ...]] = []
    k = 0
    while True:
        groups = np.flatnonzero(open_ & (group_size > k))
        if not len(groups):
            break
        rows = group_start[groups] + k
        later, earlier = pairs[rows, 0], pairs[rows, 1]
        shared = _intersection_sizes(flat, starts, lengths, later, earlier)
        a, b = lengths[later], lengths[earlier]
        jaccard = shared / (a + b - shared)
        containment = shared / np.minimum(a, b)
        ok = np.maximum(jaccard, containment) >= threshold
        found.append((later[ok], earlier[ok], jaccard[ok], containment[ok], (shared / a)[ok]))
        open_[groups[ok]] = False
        k += 1
    columns = ["later", "earlier", "j", "c", "share"]
    if not found:
        return pd.DataFrame(columns=columns)
    table = pd.DataFrame(
        dict(zip(columns, map(np.concatenate, zip(*found, strict=True)), strict=True))
    )
    return table.sort_values("later", kind="stable").reset_index(drop=True)


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


def _near_duplicates(sketches: pd.DataFrame, copies: list[dict], threshold: float) -> pd.DataFrame:
    """Documents whose shingles lie, for ``threshold`` or more, in copies of one earlier one."""
    if not copies:
        return pd.DataFrame(columns=list(REUSE_COLUMNS))
    size = sketches.set_index("paragraph_id")["n_shingles"]
    total = sketches.groupby("doc_id")["n_shingles"].sum()
    found = pd.DataFrame(copies)
    found["covered"] = found["paragraph_id"].map(size) * found["_share"]
    by_pair = found.groupby(["doc_id", "matched_doc_id"], sort=True).agg(covered=("covered", "sum"))
    later = by_pair.index.get_level_values(0).map(total).to_numpy(float)
    earlier = by_pair.index.get_level_values(1).map(total).to_numpy(float)
    by_pair["containment"] = by_pair["covered"] / later
    by_pair["jaccard"] = by_pair["covered"] / (later + earlier - by_pair["covered"])
    kept = by_pair[by_pair["containment"] >= threshold].reset_index()
    kept = kept.sort_values(["doc_id", "containment"], ascending=[True, False], kind="stable")
    kept = kept.drop_duplicates("doc_id")
    return pd.DataFrame(
        {
            "doc_id": kept["doc_id"],
            "matched_doc_id": kept["matched_doc_id"],
            "similarity": kept["jaccard"].round(6),
            "containment": kept["containment"].clip(upper=1.0).round(6),
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


def reused_copies(reuse: pd.DataFrame, paragraphs: pd.DataFrame) -> set[str]:
    """The ids of ``paragraphs`` that are copies of earlier text, to count reused text once.

    Every ``paragraph`` row of the reuse table is a later copy; every paragraph of a document
    with a ``document`` row (a near-duplicate of an earlier document) is one too. Only
    paragraphs of ``paragraphs`` are returned, so the copies of chunks add up.

    Returns
    -------
    set of str
    """
    if reuse.empty:
        return set()
    ids = set(paragraphs["paragraph_id"].astype(str))
    copies = set(reuse.loc[reuse["kind"] == "paragraph", "paragraph_id"].dropna().astype(str))
    copies &= ids
    duplicated = set(reuse.loc[reuse["kind"] == "document", "doc_id"].astype(str))
    if duplicated:
        mask = paragraphs["doc_id"].astype(str).isin(duplicated)
        copies |= set(paragraphs.loc[mask, "paragraph_id"].astype(str))
    return copies
