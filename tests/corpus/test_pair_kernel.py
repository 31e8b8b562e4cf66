"""The compiled pair dot products against scipy's sparse products."""

import numpy as np
from scipy.sparse import random as sparse_random

from framing.corpus.pair_kernel import pair_dots


def test_pair_dots_equal_sparse_row_products():
    rng = np.random.default_rng(3)
    matrix = sparse_random(60, 40, density=0.2, format="csr", random_state=4)
    matrix.indices = matrix.indices.copy()
    for row in range(matrix.shape[0]):  # unsorted column indices within rows are allowed
        lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
        order = rng.permutation(hi - lo)
        matrix.indices[lo:hi] = matrix.indices[lo:hi][order]
        matrix.data[lo:hi] = matrix.data[lo:hi][order]
    matrix.has_sorted_indices = False
    pairs = np.column_stack([np.sort(rng.integers(0, 60, 500)), rng.integers(0, 60, 500)])
    expected = np.asarray(matrix[pairs[:, 0]].multiply(matrix[pairs[:, 1]]).sum(axis=1)).ravel()
    np.testing.assert_allclose(pair_dots(matrix, pairs), expected, rtol=1e-12, atol=1e-15)
    assert pair_dots(matrix, np.zeros((0, 2), dtype=np.int64)).shape == (0,)
