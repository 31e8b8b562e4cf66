"""Dot products of pairs of rows of a sparse matrix, compiled (numba).

Event alignment checks millions of proposed pairs of documents; slicing the matrix once per
pair (two sparse rows per pair, multiplied and summed) costs memory in proportion to the pairs
times the features of a row. Here each first row is scattered once into a dense vector and
every pair that starts with it is a sum over the second row's entries: no memory but the
vector, and column indices need not be sorted.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def _pair_dots(indptr, indices, data, first, second, n_columns):  # pragma: no cover - compiled
    out = np.zeros(len(first), dtype=np.float64)
    dense = np.zeros(n_columns, dtype=np.float64)
    current = -1
    for k in range(len(first)):
        i = first[k]
        if i != current:
            if current >= 0:
                for p in range(indptr[current], indptr[current + 1]):
                    dense[indices[p]] = 0.0
            for p in range(indptr[i], indptr[i + 1]):
                dense[indices[p]] = data[p]
            current = i
        j = second[k]
        total = 0.0
        for p in range(indptr[j], indptr[j + 1]):
            total += dense[indices[p]] * data[p]
        out[k] = total
    return out


def pair_dots(matrix, pairs: np.ndarray) -> np.ndarray:
    """``matrix[a] · matrix[b]`` for every row ``(a, b)`` of ``pairs`` (a CSR matrix).

    Pairs sharing their first row are fastest together (the first row is scattered once per
    run of equal first rows).
    """
    if len(pairs) == 0:
        return np.zeros(0)
    return _pair_dots(
        matrix.indptr.astype(np.int64),
        matrix.indices,
        matrix.data.astype(np.float64, copy=False),
        np.ascontiguousarray(pairs[:, 0], dtype=np.int64),
        np.ascontiguousarray(pairs[:, 1], dtype=np.int64),
        matrix.shape[1],
    )
