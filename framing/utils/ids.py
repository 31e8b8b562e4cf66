"""Ids and labels at any size: membership of ids in a set, and labels as categorical codes.

``Series.isin`` on pandas' Arrow-backed strings builds a Python object per value of the
set; with hundreds of thousands of sentence ids per chunk that was a second of every chunk.
Arrow's own ``is_in`` hashes the set once, in C++.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _arrow(values) -> pa.Array:
    array = pa.array(
        values.astype(str) if isinstance(values, pd.Series) else values, from_pandas=True
    )
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.large_string())


def among(values, pool) -> np.ndarray:
    """Whether each of ``values`` is one of ``pool`` (both: Series or arrays of ids).

    Examples
    --------
    >>> among(pd.Series(["a", "b", "c"]), pd.Series(["c", "a"])).tolist()
    [True, False, True]
    """
    if len(values) == 0:
        return np.zeros(0, dtype=bool)
    found = pc.is_in(_arrow(values), value_set=_arrow(pool))
    return found.to_numpy(zero_copy_only=False).astype(bool)


def positions(values, pool) -> np.ndarray:
    """The position of each of ``values`` in ``pool`` (-1 where it is not there), by Arrow.

    Examples
    --------
    >>> positions(pd.Series(["b", "x", "a"]), pd.Series(["a", "b"])).tolist()
    [1, -1, 0]
    """
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    found = pc.index_in(_arrow(values), value_set=_arrow(pool))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def as_categories(values: pd.Series, order: list[str] | None = None) -> pd.Categorical:
    """``values`` as a categorical, factorised by Arrow (no Python object per row): its
    categories are ``order`` (values outside it become missing) or its distinct values, sorted.

    Examples
    --------
    >>> as_categories(pd.Series(["b", "a", "b"])).codes.tolist()
    [1, 0, 1]
    >>> as_categories(pd.Series(["b", "a"]), ["b", "a"]).codes.tolist()
    [0, 1]
    """
    if order is None:
        codes, uniques = pd.factorize(values, sort=True)
        return pd.Categorical.from_codes(codes, uniques)
    codes, found = pd.factorize(values)
    place = pd.Index(order).get_indexer([str(f) for f in found])
    return pd.Categorical.from_codes(np.where(codes >= 0, place[codes], -1), order)
