"""A permutation test of a few articles against thousands stays quick and small."""

from __future__ import annotations

import time

import numpy as np

from framing.stats.permutation import MAX_EXACT_CELLS, permutation_chi_square


def test_one_article_against_thousands_is_tested_by_monte_carlo_quickly():
    n = 6000  # 6,001 assignments, each 6,001 units long: over MAX_EXACT_CELLS to enumerate
    labels = np.r_[np.zeros(n, dtype=int), 1]
    rng = np.random.default_rng(0)
    trials = np.full(n + 1, 10)
    successes = rng.binomial(10, 0.2, n + 1)
    started = time.perf_counter()
    result = permutation_chi_square(labels, successes, trials, n_permutations=999)
    assert (n + 1) * (n + 1) > MAX_EXACT_CELLS and not result.exact
    assert result.n_permutations <= 999 and 0 < result.p[0] <= 1
    assert time.perf_counter() - started < 60  # enumeration took minutes and gigabytes
