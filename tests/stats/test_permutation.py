"""Permutation tests over whole articles against a brute-force enumeration.

Every distinct assignment of outlet labels to articles is listed with ``itertools.permutations``
and a set; for each the pooled outlet × (framed, not framed) table is tested with scipy's
Pearson chi-square. The exact p-value and the smallest attainable p-value computed from that
list are compared with :func:`permutation_chi_square`, the number of assignments with the
multinomial coefficient written with ``math.factorial``, and the Monte Carlo branch with the
``(b + 1) / (B + 1)`` rule and with the exact p-value it estimates.
"""

from __future__ import annotations

import math
from itertools import permutations

import numpy as np
import pytest
from scipy import stats

from framing.stats.permutation import (
    chi_square_from_sums,
    enumerate_assignments,
    n_assignments,
    permutation_chi_square,
)


def _pearson(labels, k, n):
    """scipy's chi-square of the pooled labels × (framed, not framed) table."""
    groups = sorted(set(labels))
    labels = np.asarray(labels)
    yes = np.array([k[labels == g].sum() for g in groups])
    total = np.array([n[labels == g].sum() for g in groups])
    table = np.column_stack([yes, total - yes])
    return stats.chi2_contingency(table, correction=False)[0]


def _brute_force(labels, k, n):
    """(observed, exact p, smallest attainable p, number of assignments) by enumeration."""
    assignments = set(permutations(labels))
    values = np.array([_pearson(a, k, n) for a in assignments])
    observed = _pearson(labels, k, n)
    tolerance = 1e-9 * max(1.0, observed)
    p = np.mean(values >= observed - tolerance)
    p_min = np.mean(values >= values.max() - 1e-9 * max(1.0, values.max()))
    return observed, p, p_min, len(assignments)


def _multinomial(sizes):
    return math.factorial(sum(sizes)) // math.prod(math.factorial(s) for s in sizes)


DESIGNS = {
    "2+2+2": ([0, 0, 1, 1, 2, 2], [[5, 1], [6, 0], [0, 3], [1, 2], [2, 2], [3, 0]]),
    "2+2+1": ([0, 0, 1, 1, 2], [[5, 1], [6, 2], [0, 3], [1, 4], [9, 0]]),
    "3+2+2": ([0, 0, 0, 1, 1, 2, 2], [[4, 1], [7, 2], [2, 2], [0, 5], [1, 4], [6, 0], [3, 3]]),
}


@pytest.mark.parametrize("name", list(DESIGNS))
def test_exact_test_equals_brute_force_enumeration(name):
    labels, k = DESIGNS[name]
    k = np.array(k, dtype=float)
    n = np.full_like(k, 10.0) + np.arange(len(labels))[:, None]  # unequal article lengths
    result = permutation_chi_square(labels, k, n, n_permutations=9999)
    sizes = np.bincount(labels)
    assert result.exact
    assert result.n_assignments == result.n_permutations == _multinomial(sizes)
    for j in range(k.shape[1]):
        observed, p, p_min, count = _brute_force(labels, k[:, j], n[:, j])
        assert count == result.n_assignments
        assert result.statistic[j] == pytest.approx(observed, rel=1e-10)
        assert result.p[j] == pytest.approx(p, abs=1e-12)
        assert result.p_min[j] == pytest.approx(p_min, abs=1e-12)


def test_binary_outcome_articles_with_frame_by_brute_force():
    labels = [0, 0, 1, 1, 1, 2, 2]
    anyframed = np.array([1, 1, 0, 1, 0, 0, 0], dtype=float)
    result = permutation_chi_square(labels, anyframed, np.ones(7), n_permutations=9999)
    observed, p, p_min, count = _brute_force(labels, anyframed, np.ones(7))
    assert result.exact and result.n_assignments == count == 210
    assert (result.statistic[0], result.p[0], result.p_min[0]) == pytest.approx(
        (observed, p, p_min)
    )


def test_two_plus_two_articles_cannot_go_below_one_third():
    result = permutation_chi_square([0, 0, 1, 1], [9, 10, 0, 0], [10, 10, 10, 10])
    assert result.exact and result.n_permutations == 6
    assert result.p[0] == pytest.approx(1 / 3) and result.p_min[0] == pytest.approx(1 / 3)


@pytest.mark.parametrize("sizes", [[2, 2], [3, 1, 1], [2, 2, 2], [4, 3, 2, 1], [5, 5, 5]])
def test_number_of_assignments_is_the_multinomial_coefficient(sizes):
    assert n_assignments(sizes) == _multinomial(sizes)
    if sum(sizes) <= 8:
        rows = enumerate_assignments(sizes)
        assert len({tuple(r) for r in rows}) == len(rows) == _multinomial(sizes)
        assert (np.apply_along_axis(np.bincount, 1, rows) == sizes).all()


def test_exact_only_when_every_assignment_fits_in_the_budget():
    labels, k = DESIGNS["2+2+2"]  # 90 assignments
    k = np.array(k, dtype=float)[:, 0]
    n = np.full(6, 10.0)
    assert permutation_chi_square(labels, k, n, n_permutations=89).exact
    sampled = permutation_chi_square(labels, k, n, n_permutations=88)
    assert not sampled.exact and sampled.n_permutations == 88
    assert sampled.n_assignments == 90


def test_monte_carlo_p_value_rule_and_agreement_with_the_exact_p():
    labels = [0, 0, 0, 1, 1, 1, 2, 2]  # 560 assignments: brute force is cheap
    k = np.array([6, 4, 7, 1, 3, 2, 5, 0], dtype=float)
    n = np.full(8, 12.0)
    _, exact_p, _, count = _brute_force(labels, k, n)
    assert count == 560
    draws = 399
    result = permutation_chi_square(
        labels, k, n, n_permutations=draws, random_state=7, stop_after=0
    )
    assert not result.exact and result.n_permutations == draws
    b = result.p[0] * (draws + 1) - 1  # permutations at least as extreme as the data
    assert b == pytest.approx(round(b)) and 0 <= round(b) <= draws
    assert 1 / (draws + 1) <= result.p[0] <= 1
    assert result.p_min[0] == pytest.approx(1 / (draws + 1))
    assert abs(result.p[0] - exact_p) < 4 * np.sqrt(exact_p * (1 - exact_p) / draws) + 2 / draws
    again = permutation_chi_square(labels, k, n, n_permutations=draws, random_state=7, stop_after=0)
    assert again.p[0] == result.p[0]
    assert permutation_chi_square(labels, k, n, n_permutations=600).p[0] == pytest.approx(exact_p)


@pytest.mark.parametrize("stop_after", [1, 5, 20, 0])
def test_sequential_p_values_equal_an_independent_recount(stop_after):
    """Besag & Clifford (1991): the p-value of a column is h/L at the L-th permutation that
    reaches the observed statistic for the h-th time, else (b+1)/(B+1); recounted here from
    the same permutations with scipy's chi-square, one permutation at a time."""
    rng = np.random.default_rng(3)
    labels = np.repeat(np.arange(4), 6)  # 24 articles, 4 outlets: 3e12 assignments
    n = rng.integers(5, 20, 24).astype(float)
    k = np.column_stack([rng.binomial(n.astype(int), share) for share in (0.3, 0.05, 0.6)])
    k[:6, 2] = n[:6]  # one outlet always frames the third: a small p, never settled early
    draws = 499
    result = permutation_chi_square(labels, k, n, n_permutations=draws, random_state=11,
                                    stop_after=stop_after)  # fmt: skip
    permuted = np.random.default_rng(11).permuted(
        np.broadcast_to(labels, (draws, labels.size)), axis=1
    )  # one batch: the units are few

    def chi2(assignment, j):
        table = np.array(
            [[k[assignment == g, j].sum(), (n - k[:, j])[assignment == g].sum()] for g in range(4)]
        )
        return stats.chi2_contingency(table, correction=False)[0]

    for j in range(k.shape[1]):
        observed = chi2(labels, j)
        reached = np.array([chi2(a, j) >= observed - 1e-9 * observed for a in permuted])
        hits = np.flatnonzero(reached)
        if stop_after and len(hits) >= stop_after:
            settled = hits[stop_after - 1] + 1  # L: the permutation of the h-th exceedance
            assert result.n_drawn[j] == settled
            assert result.p[j] == pytest.approx(stop_after / settled)
        else:
            assert result.n_drawn[j] == draws
            assert result.p[j] == pytest.approx((reached.sum() + 1) / (draws + 1))
    assert result.n_permutations == result.n_drawn.max()
    if stop_after == 20:  # the null frames settle early, the framed one runs to B
        assert result.n_drawn[0] < draws and result.n_drawn[2] == draws


def test_extreme_data_reach_the_monte_carlo_floor():
    # 184,756 assignments, 2 of them (the data and its mirror image) as extreme as the data
    labels = np.repeat([0, 1], 10)
    k = np.r_[np.full(10, 9.0), np.zeros(10)]
    result = permutation_chi_square(
        labels, k, np.full(20, 10.0), n_permutations=199, random_state=1
    )
    assert not result.exact and result.p[0] == pytest.approx(1 / 200)


def test_chi_square_from_sums_matches_scipy_and_handles_empty_tables():
    yes = np.array([[3.0, 0.0], [7.0, 0.0], [1.0, 0.0]])
    total = np.array([[10.0, 10.0], [12.0, 12.0], [9.0, 9.0]])
    ours = chi_square_from_sums(yes, total)
    expected = stats.chi2_contingency(
        np.column_stack([yes[:, 0], total[:, 0] - yes[:, 0]]), correction=False
    )[0]
    assert ours[0] == pytest.approx(expected) and ours[1] == 0.0
