"""The units a topic model is fitted on, with their article's metadata and map coordinates."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA

from framing.errors import InputError

#: Identifier column of each kind of unit.
UNIT_ID = {"paragraph": "paragraph_id", "sentence": "sentence_id"}
#: Columns of the table :func:`unit_table` returns.
UNIT_COLUMNS = ("doc_id", "unit_id", "text", "outlet", "event", "date", "language")


def unit_table(
    documents: pd.DataFrame, units: pd.DataFrame, unit: str
) -> tuple[pd.DataFrame, list[str]]:
    """The non-blank units with their article's outlet, event, date and language.

    Parameters
    ----------
    documents : DataFrame
        The ``documents`` table (``doc_id``, ``outlet``; ``event``, ``date``, ``language`` used
        when present).
    units : DataFrame
        The ``paragraphs`` or ``sentences`` table (``doc_id``, its id column, ``text``; its
        ``language``, where given, is the unit's language in place of its article's).
    unit : {"paragraph", "sentence"}

    Returns
    -------
    table : DataFrame
        Columns :data:`UNIT_COLUMNS`, one row per non-blank unit, in the input order; an
        article without outlet gets the outlet "unknown".
    notes : list of str
        Says how many blank units were left out, if any.

    Raises
    ------
    InputError
        For an unknown ``unit``, a missing column, or a unit whose article is not in
        ``documents``.

    Examples
    --------
    >>> documents = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"]})
    >>> paragraphs = pd.DataFrame(
    ...     {"doc_id": ["a", "a"], "paragraph_id": ["a:p1", "a:p2"], "text": ["Kim tiba.", " "]}
    ... )
    >>> table, notes = unit_table(documents, paragraphs, "paragraph")
    >>> table[["unit_id", "outlet"]].to_dict("records"), notes
    ([{'unit_id': 'a:p1', 'outlet': 'X'}], ['1 blank paragraph(s) left out of the topic model'])
    """
    if unit not in UNIT_ID:
        raise InputError(f"unit {unit!r}: unknown; use 'paragraph' or 'sentence'")
    id_column = UNIT_ID[unit]
    for name, table, needed in (
        ("documents", documents, ("doc_id", "outlet")),
        (f"{unit}s", units, ("doc_id", id_column, "text")),
    ):
        missing = [c for c in needed if c not in table.columns]
        if missing:
            raise InputError(
                f"{name}: lacks column(s) {', '.join(missing)}; pass the corpus' {name} table"
            )
    meta = documents[["doc_id", "outlet"]].copy()
    meta["event"] = documents.get("event", pd.NA)
    meta["date"] = (
        pd.to_datetime(documents["date"], errors="coerce") if "date" in documents else pd.NaT
    )
    meta["language"] = documents.get("language", pd.NA)
    notes = []
    text = units["text"].fillna("").astype(str)
    blank = text.str.strip() == ""
    if blank.any():
        notes.append(f"{int(blank.sum())} blank {unit}(s) left out of the topic model")
    own = ["language"] if "language" in units else []
    table = units.loc[~blank, ["doc_id", id_column, "text", *own]].rename(
        columns={id_column: "unit_id", "language": "unit_language"}
    )
    table = table.merge(meta, on="doc_id", how="left", validate="many_to_one")
    if own:  # a unit's own language where it has one, else its article's
        unit_language = table.pop("unit_language").astype("string").str.strip()
        known = unit_language.notna() & (unit_language != "")
        table["language"] = unit_language.where(known, table["language"]).astype(object)
    orphans = table["outlet"].isna() & ~table["doc_id"].isin(meta["doc_id"])
    if orphans.any():
        raise InputError(
            f"{unit}s: {int(orphans.sum())} unit(s) have a doc_id not in documents "
            f"(e.g. {table.loc[orphans, 'doc_id'].iloc[0]!r}); pass the tables of one corpus"
        )
    table["outlet"] = table["outlet"].fillna("unknown").astype(str)
    return table.reset_index(drop=True), notes


def map_coordinates(embeddings: np.ndarray, random_state: int = 0) -> np.ndarray:
    """2-D coordinates for the topic map: the first two principal components of the embeddings.

    Examples
    --------
    >>> map_coordinates(np.eye(3)).shape
    (3, 2)
    """
    if embeddings.shape[1] >= 2 and embeddings.shape[0] >= 2:
        return PCA(n_components=2, random_state=random_state).fit_transform(embeddings)
    first = embeddings[:, :1] if embeddings.shape[1] else np.zeros((len(embeddings), 1))
    return np.hstack([first, np.zeros((len(embeddings), 1))])
