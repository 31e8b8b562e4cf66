"""The ``frame_hits`` table, built column by column from arrays of hits.

Low-cardinality columns (frame, term, language, cues) are a ``take`` from the few values used;
``sentence_id`` and ``doc_id`` a ``take`` from the input columns; ``matched_text`` is cut out of
the texts by :meth:`~framing.frames.matching.sentence_texts.SentenceTexts.substrings`. No Python
object is made per hit, and every column has the dtype pandas would infer for it from a list of
Python values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import pandas as pd

from framing.frames.matching.sentence_texts import SentenceTexts

#: The columns of ``frame_hits``, in order.
HIT_COLUMNS = (
    "sentence_id",
    "doc_id",
    "frame",
    "term",
    "start",
    "end",
    "negated",
    "negation_cue",
    "hedged",
    "hedge_cue",
    "matched_text",
    "start_in_sentence",
    "end_in_sentence",
    "weight",
    "language",
    "generic",
)
#: The dtypes of the columns that are not strings.
TYPES = {
    "start": "int64",
    "end": "int64",
    "start_in_sentence": "int64",
    "end_in_sentence": "int64",
    "negated": "bool",
    "hedged": "bool",
    "weight": "float64",
    "generic": "bool",
    "negation_cue": "str",
    "hedge_cue": "str",
}


class HitEntry(Protocol):
    """What the table reads of a lexicon entry."""

    frame: str
    term: str
    language: str
    generic: bool


def empty_hits() -> pd.DataFrame:
    """The ``frame_hits`` table without rows."""
    return pd.DataFrame([], columns=list(HIT_COLUMNS)).astype(TYPES)


def _take(values: list, codes: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """``[values[c] for c in codes]`` (missing for -1) as a string array.

    Only the values used are converted; the column is a ``take`` of them.
    """
    counts = np.bincount(codes + 1, minlength=len(values) + 1)
    used = np.flatnonzero(counts[1:])
    if not len(used):
        return pd.array(np.full(len(codes), None, dtype=object), dtype="str")
    present = [values[c] for c in used.tolist()]
    if counts[0]:
        present.append(None)
    position = np.full(len(values) + 1, len(used), dtype=np.int64)
    position[used + 1] = np.arange(len(used))
    return pd.Series(present, dtype="str").array.take(position[codes + 1])


def hit_table(
    sentences: pd.DataFrame,
    entries: Sequence[HitEntry],
    weights: np.ndarray,
    texts: SentenceTexts,
    row: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    entry: np.ndarray,
    cues: list[str],
    negation: np.ndarray,
    hedge: np.ndarray,
    matched_text: pd.api.extensions.ExtensionArray | None = None,
) -> pd.DataFrame:
    """The ``frame_hits`` DataFrame, built column by column from the hit arrays.

    Parameters
    ----------
    sentences : DataFrame
        The ``sentences`` table matched.
    entries : sequence
        The lexicon entries (with ``frame``, ``term`` and ``language``).
    weights : ndarray of float64
        The weight of each entry.
    texts : SentenceTexts
        The ``text`` column of ``sentences``.
    row, start, end, entry : ndarray of int64
        Per hit, in table order: row of ``sentences``, offsets in the sentence (``end``
        exclusive), entry.
    cues : list of str
        The cue strings that ``negation`` and ``hedge`` index.
    negation, hedge : ndarray of int64
        Per hit, the cue, or -1.
    matched_text : ExtensionArray, optional
        The ``matched_text`` column, if already cut out of the texts.

    Returns
    -------
    DataFrame
        ``frame_hits``, with the dtypes of :data:`TYPES` and strings elsewhere.
    """
    offset = sentences["start"].to_numpy()[row]
    if offset.dtype.kind not in "iu":
        offset = np.array([int(x) for x in offset], dtype=np.int64)
    columns = {
        "sentence_id": sentences["sentence_id"].astype(str).array.take(row),
        "doc_id": sentences["doc_id"].astype(str).array.take(row),
        "frame": _take([e.frame for e in entries], entry),
        "term": _take([e.term for e in entries], entry),
        "start": offset.astype(np.int64) + start,
        "end": offset.astype(np.int64) + end,
        "negated": negation >= 0,
        "negation_cue": _take(cues, negation),
        "hedged": hedge >= 0,
        "hedge_cue": _take(cues, hedge),
        "matched_text": (
            matched_text if matched_text is not None else texts.substrings(row, start, end)
        ),
        "start_in_sentence": start,
        "end_in_sentence": end,
        "weight": weights[entry],
        "language": _take([e.language for e in entries], entry),
        "generic": np.array([e.generic for e in entries], dtype=bool)[entry],
    }
    return pd.DataFrame(columns).astype(TYPES)
