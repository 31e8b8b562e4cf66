"""Corpus-wide boilerplate: paragraphs repeated across documents of one outlet.

A line such as an outlet's newsletter prompt or disclaimer that the per-document rules do not
know is found by counting: the same paragraph in several documents of one outlet is page
furniture. This step needs the whole corpus (or one outlet's share of it), so it runs after
:func:`framing.corpus.cleaning.clean_text` and outside the per-document partitions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framing.contract import SCHEMAS, check_columns
from framing.corpus.outlets import outlet_key
from framing.errors import ConfigError


def drop_repeated_lines(
    documents: pd.DataFrame,
    removed: pd.DataFrame,
    *,
    min_docs: int = 3,
    max_words: int | None = 40,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop paragraphs repeated across documents of one outlet (corpus-wide boilerplate).

    A paragraph is compared after whitespace collapsing and lower-casing. When the same
    paragraph occurs in at least ``min_docs`` distinct documents of one outlet, it is dropped
    from each of them and recorded with rule ``"repeated_in_outlet"``; ``line_no`` of those
    rows is the paragraph's 1-based position in the cleaned ``text`` (not an input line
    number, which the cleaned text no longer carries). Paragraphs longer than ``max_words``
    words are never dropped: outlets reuse background paragraphs verbatim in follow-up
    stories, and those are what the outlet says, not page furniture.

    Paragraphs are normalised and dictionary-encoded with pyarrow and counted per outlet with
    pandas, so the pass is linear in the number of paragraphs (100,000 documents of 16
    paragraphs: about 8 s on a busy 2-core machine).

    Parameters
    ----------
    documents : DataFrame
        Needs ``doc_id``, ``outlet`` and ``text`` (paragraphs joined by ``"\\n\\n"``).
    removed : DataFrame
        The removed table so far (``doc_id, line_no, line, rule, partial``).
    min_docs : int, default 3
        Number of documents of one outlet a paragraph must occur in to be boilerplate (>= 2).
    max_words : int or None, default 40
        Longest paragraph, in words, that may count as boilerplate; None for no limit.

    Returns
    -------
    documents : DataFrame
        A copy with the repeated paragraphs dropped from ``text`` (a document made only of
        repeated paragraphs gets an empty text).
    removed : DataFrame
        ``removed`` with one row per dropped paragraph appended.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X"] * 3,
    ...                      "text": [f"Story {i}.\\n\\nFollow us on X" for i in range(3)]})
    >>> out, rem = drop_repeated_lines(docs, pd.DataFrame(columns=["doc_id", "line_no",
    ...                                "line", "rule", "partial"]))
    >>> out["text"].tolist()
    ['Story 0.', 'Story 1.', 'Story 2.']
    >>> rem["rule"].unique().tolist()
    ['repeated_in_outlet']
    """
    _check(min_docs, documents, removed)
    keys = paragraph_keys(documents, max_words=max_words)
    repeated = repeated_keys([keys], min_docs=min_docs)
    return drop_paragraphs(documents, removed, repeated, max_words=max_words)


def _check(min_docs, documents: pd.DataFrame, removed: pd.DataFrame) -> None:
    if isinstance(min_docs, bool) or not isinstance(min_docs, int) or min_docs < 2:
        raise ConfigError(
            f"repeated-line min_docs={min_docs!r} is not an integer >= 2; a line seen in one "
            "document is never boilerplate, so give 2 or more"
        )
    missing = [c for c in ("doc_id", "outlet", "text") if c not in documents.columns]
    if missing:
        raise ConfigError(
            f"documents table lacks column(s) {', '.join(missing)}; drop_repeated_lines needs "
            "doc_id, outlet and text"
        )
    check_columns(removed, "removed")


def _units(documents: pd.DataFrame, max_words: int | None):
    """Every paragraph of ``documents``: its row, position, text, key and candidacy."""
    paragraphs = [text.split("\n\n") for text in documents["text"].fillna("").astype(str)]
    flat = [p for doc in paragraphs for p in doc]
    rows = np.repeat(np.arange(len(paragraphs)), [len(p) for p in paragraphs])
    units = pd.DataFrame({"row": rows})
    units["position"] = units.groupby("row").cumcount() + 1
    # spellings of one outlet ("TASS", "tass") are one outlet here too
    outlets = documents["outlet"].fillna("").astype(str).map(outlet_key).to_numpy()[rows]
    normalised = pc.utf8_trim_whitespace(
        pc.replace_substring_regex(pc.utf8_lower(pa.array(flat, pa.large_string())), r"\s+", " ")
    )
    n_words = pc.count_substring_regex(normalised, r"\S+").to_numpy(zero_copy_only=False)
    limit = max_words if max_words is not None else np.inf
    units["candidate"] = (n_words > 0) & (n_words <= limit)
    text_hash = pd.util.hash_array(normalised.to_numpy(zero_copy_only=False), categorize=True)
    outlet_hash = pd.util.hash_array(outlets, categorize=True)
    units["key"] = (outlet_hash * np.uint64(0x9E3779B97F4A7C15)) ^ text_hash
    return units, paragraphs, flat


def paragraph_keys(documents: pd.DataFrame, *, max_words: int | None = 40) -> np.ndarray:
    """One 64-bit key per (outlet, paragraph) pair of a chunk, each document counted once.

    Keys are hashes of the outlet and the normalised paragraph, so the keys of the chunks of a
    corpus can be counted together (:func:`repeated_keys`) without holding the corpus.
    """
    if documents.empty:
        return np.zeros(0, dtype=np.uint64)
    units, _, _ = _units(documents, max_words)
    pairs = units.loc[units["candidate"], ["key", "row"]].drop_duplicates()
    return pairs["key"].to_numpy(np.uint64)


def repeated_keys(chunks: list[np.ndarray], *, min_docs: int = 3) -> np.ndarray:
    """The keys (:func:`paragraph_keys`) found in at least ``min_docs`` documents, sorted."""
    keys = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.uint64)
    if len(keys) == 0:
        return keys
    values, counts = np.unique(keys, return_counts=True)
    return values[counts >= min_docs]


def drop_paragraphs(
    documents: pd.DataFrame,
    removed: pd.DataFrame,
    repeated: np.ndarray,
    *,
    max_words: int | None = 40,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop the paragraphs whose key is in ``repeated`` (see :func:`drop_repeated_lines`)."""
    documents = documents.copy()
    if documents.empty or len(repeated) == 0:
        return documents, removed
    units, paragraphs, flat = _units(documents, max_words)
    drop = units["candidate"].to_numpy() & np.isin(units["key"].to_numpy(), repeated)
    if not drop.any():
        return documents, removed
    dropped = units[drop]
    new_rows = pd.DataFrame(
        {
            "doc_id": documents["doc_id"].to_numpy()[dropped["row"]],
            "line_no": dropped["position"].to_numpy(),
            "line": [flat[i].strip() for i in np.flatnonzero(drop)],
            "rule": "repeated_in_outlet",
            "partial": False,
        }
    )
    gone = set(zip(dropped["row"].tolist(), dropped["position"].tolist(), strict=True))
    affected = sorted({row for row, _ in gone})
    texts = [
        "\n\n".join(p for k, p in enumerate(paragraphs[row], 1) if (row, k) not in gone)
        for row in affected
    ]
    documents.iloc[affected, documents.columns.get_loc("text")] = texts
    parts = [df for df in (removed, new_rows) if len(df)]
    combined = pd.concat(parts, ignore_index=True) if parts else removed
    return documents, combined[list(SCHEMAS["removed"]) + _extra(combined)]


def _extra(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c not in SCHEMAS["removed"]]
