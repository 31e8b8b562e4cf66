"""Stratified cluster bootstrap and the bias-corrected percentile interval, against theory.

The replicate sums are compared with the moments of a sum of ``m`` draws with replacement from
each stratum (mean ``m`` x mean, variance ``m`` x population variance), and the BC interval with
Efron's formula written out with scipy's normal quantiles and numpy's quantiles.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from framing.stats.bootstrap import bias_corrected_interval, cluster_bootstrap_sums


def test_each_stratum_keeps_its_size_and_its_moments():
    strata = np.array([0, 0, 0, 0, 1, 1, 2])
    values = np.column_stack([np.ones(7), [1.0, 4.0, 2.0, 9.0, 3.0, 5.0, 8.0]])
    sums = cluster_bootstrap_sums(strata, values, n_bootstrap=20000, random_state=3)
    assert sums.shape == (20000, 3, 2)
    assert (sums[:, :, 0] == [4, 2, 1]).all()  # every replicate draws m articles per stratum
    assert (sums[:, 2, 1] == 8).all()  # a single-article stratum cannot vary
    for s, m in ((0, 4), (1, 2)):
        x = values[strata == s, 1]
        assert sums[:, s, 1].mean() == pytest.approx(m * x.mean(), rel=0.01)
        assert sums[:, s, 1].var() == pytest.approx(m * x.var(), rel=0.05)
    assert set(np.unique(sums[:, 1, 1])) == {6.0, 8.0, 10.0}


def test_same_seed_same_replicates():
    strata, values = np.array([0, 0, 1, 1]), np.arange(8.0).reshape(4, 2)
    a = cluster_bootstrap_sums(strata, values, 50, random_state=11)
    b = cluster_bootstrap_sums(strata, values, 50, random_state=11)
    np.testing.assert_array_equal(a, b)


def test_bias_corrected_interval_by_hand():
    replicates = np.random.default_rng(5).gamma(2.0, 1.0, 4000)
    estimate = 1.5
    low, high, why = bias_corrected_interval(replicates, estimate, alpha=0.1)
    z0 = stats.norm.ppf(np.mean(replicates < estimate))
    z = stats.norm.isf(0.05)
    expected = np.quantile(replicates, stats.norm.cdf([2 * z0 - z, 2 * z0 + z]))
    assert why == "" and (low, high) == pytest.approx(tuple(expected))
    assert low <= estimate <= high
    # with a median-unbiased estimate the BC interval is the percentile interval
    centred = np.random.default_rng(6).normal(0.0, 1.0, 4001)
    low, high, _ = bias_corrected_interval(centred, float(np.median(centred)))
    assert (low, high) == pytest.approx(tuple(np.quantile(centred, [0.025, 0.975])), abs=1e-9)


def test_no_interval_when_the_replicates_cannot_cover_the_estimate():
    replicates = np.linspace(1.0, 2.0, 200)
    for estimate in (0.5, 2.5):
        low, high, why = bias_corrected_interval(replicates, estimate)
        assert np.isnan(low) and np.isnan(high) and "one side" in why
    low, _, why = bias_corrected_interval(replicates, 1.01)  # below the 2.5th percentile
    assert np.isnan(low) and "does not cover" in why
    assert "no usable" in bias_corrected_interval(np.array([np.nan, 1.0]), 1.0)[2]
    assert "no usable" in bias_corrected_interval(replicates, np.nan)[2]
