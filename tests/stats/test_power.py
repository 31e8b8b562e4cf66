"""Minimum detectable effects against scipy, statsmodels and simulation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.power import GofChisquarePower

from framing.errors import ConfigError
from framing.stats.power import (
    mde_cramers_v,
    mde_from_se,
    mde_multiplier,
    mde_share_difference,
)


def test_multiplier_is_sum_of_normal_quantiles():
    assert mde_multiplier() == pytest.approx(1.959964 + 0.841621, abs=1e-6)
    assert round(mde_multiplier(0.05, 0.8), 4) == 2.8016
    expected = stats.norm.ppf(0.995) + stats.norm.ppf(0.9)
    assert mde_multiplier(0.01, 0.9) == pytest.approx(expected)
    assert isinstance(mde_multiplier(df=np.inf), float)
    assert mde_multiplier(df=np.inf) == pytest.approx(mde_multiplier())


def test_multiplier_uses_t_quantiles_with_df():
    df = np.array([5.0, 30.0, np.inf, np.nan, 0.0])
    ours = mde_multiplier(0.05, 0.8, df)
    t = stats.t.ppf(0.975, df[:2]) + stats.t.ppf(0.8, df[:2])
    np.testing.assert_allclose(ours[:2], t)
    assert ours[2] == pytest.approx(mde_multiplier())
    assert np.isnan(ours[3:]).all()
    assert mde_multiplier(df=12) == pytest.approx(stats.t.ppf(0.975, 12) + stats.t.ppf(0.8, 12))


@pytest.mark.parametrize(
    "kwargs", [{"alpha": 0.0}, {"alpha": 1.2}, {"power": 1.0}, {"alpha": 0.5, "power": 0.3}]
)
def test_bad_levels_are_config_errors(kwargs):
    with pytest.raises(ConfigError) as info:
        mde_multiplier(**kwargs)
    assert "\n" not in str(info.value)


def test_mde_from_se_scales_the_standard_error():
    se = np.array([0.1, 0.25, np.nan, -1.0])
    ours = mde_from_se(se, df=20)
    np.testing.assert_allclose(ours[:2], se[:2] * mde_multiplier(df=20))
    assert np.isnan(ours[2:]).all()
    assert float(mde_from_se(0.5)) == pytest.approx(0.5 * 2.8016, abs=1e-4)


def test_mde_from_se_detects_with_the_requested_power():
    # A normal estimate with mean = MDE and sd = se rejects H0 (two-sided) ~power of the time.
    se = 0.3
    effect = float(mde_from_se(se, alpha=0.05, power=0.8))
    power = stats.norm.sf(1.959964 - effect / se) + stats.norm.cdf(-1.959964 - effect / se)
    assert power == pytest.approx(0.8, abs=1e-3)


@pytest.mark.parametrize(("n", "df"), [(50, 1), (200, 4), (1000, 2), (120, 10)])
def test_cramers_v_matches_statsmodels(n, df):
    ours = mde_cramers_v(n, df, alpha=0.05, power=0.8)
    theirs = GofChisquarePower().solve_power(
        effect_size=None, nobs=n, alpha=0.05, power=0.8, n_bins=df + 1
    )
    assert ours == pytest.approx(float(np.squeeze(theirs)), rel=1e-4)
    critical = stats.chi2.isf(0.05, df)
    assert stats.ncx2.sf(critical, df, n * ours**2) == pytest.approx(0.8, abs=1e-8)


def test_cramers_v_by_simulation_of_a_k_by_2_table():
    # Three outlets of 100 articles; shares chosen so that Cramér's V equals the MDE.
    n_per, df = 100, 2
    v = mde_cramers_v(3 * n_per, df)
    base = 0.3
    spread = np.array([-1.0, 0.0, 1.0])
    # V of a k x 2 table with equal rows: sqrt(mean((p_i - pbar)^2) / (pbar (1 - pbar))).
    scale = v * np.sqrt(base * (1 - base) / np.mean(spread**2))
    shares = base + scale * spread
    rng = np.random.default_rng(1)
    framed = rng.binomial(n_per, shares, size=(4000, 3))
    total = framed.sum(axis=1, keepdims=True)
    expected = total / 3
    other = n_per - framed
    expected_other = n_per - expected
    chi2 = (
        (framed - expected) ** 2 / expected + (other - expected_other) ** 2 / expected_other
    ).sum(axis=1)
    rejected = chi2 > stats.chi2.isf(0.05, df)
    assert rejected.mean() == pytest.approx(0.8, abs=0.03)


def test_cramers_v_vectorised_and_nan_for_empty():
    ours = mde_cramers_v(np.array([100.0, 400.0, 0.0, np.nan]), 3)
    assert ours[0] == pytest.approx(2 * ours[1])  # w shrinks with sqrt(n)
    assert np.isnan(ours[2:]).all()
    with pytest.raises(ConfigError):
        mde_cramers_v(100, 0)


def _two_proportion_z(k_a, k_b, n_a, n_b, phi=1.0):
    pooled = (k_a + k_b) / (n_a + n_b)
    se = np.sqrt(phi * pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    return (k_b / n_b - k_a / n_a) / se


def test_share_difference_power_by_simulation():
    p, n_a, n_b = 0.3, 500, 700
    mde = float(mde_share_difference(p, n_a, n_b))
    rng = np.random.default_rng(7)
    k_a = rng.binomial(n_a, p - mde / 2, size=20000)
    k_b = rng.binomial(n_b, p + mde / 2, size=20000)
    rejected = np.abs(_two_proportion_z(k_a, k_b, n_a, n_b)) > stats.norm.isf(0.025)
    assert rejected.mean() == pytest.approx(0.8, abs=0.02)


def test_share_difference_power_with_clustered_sentences():
    # Sentences in articles of 10 with intra-article correlation rho: phi = 1 + 9 rho.
    articles, size, rho, p = 120, 10, 0.1, 0.2
    phi = 1 + (size - 1) * rho
    n = articles * size
    mde = float(mde_share_difference(p, n, n, dispersion=phi))
    rng = np.random.default_rng(3)
    concentration = (1 - rho) / rho

    def framed(mean):
        article_share = rng.beta(
            mean * concentration, (1 - mean) * concentration, (10000, articles)
        )
        return rng.binomial(size, article_share).sum(axis=1)

    k_a, k_b = framed(p - mde / 2), framed(p + mde / 2)
    rejected = np.abs(_two_proportion_z(k_a, k_b, n, n, phi)) > stats.norm.isf(0.025)
    assert rejected.mean() == pytest.approx(0.8, abs=0.03)
    assert mde == pytest.approx(np.sqrt(phi) * float(mde_share_difference(p, n, n)))


def test_share_difference_formula_and_edge_rules():
    ours = mde_share_difference(np.array([0.2, 0.0, 1.0, 0.2, 0.2]), [400, 400, 400, 0, 400], 400)
    expected = 2.8016 * np.sqrt(0.2 * 0.8 * (2 / 400))
    assert ours[0] == pytest.approx(expected, rel=1e-4)
    floor = 0.5 / 800
    at_floor = mde_multiplier() * np.sqrt(floor * (1 - floor) * (2 / 400))
    np.testing.assert_allclose(ours[1:3], at_floor)  # clipped baseline, not 0
    assert (ours[1:3] > 0).all()
    assert np.isnan(ours[3])
    assert np.isnan(mde_share_difference(0.2, 100, 100, dispersion=0.0))
    with_t = float(mde_share_difference(0.2, 100, 100, df=15))
    assert with_t > float(mde_share_difference(0.2, 100, 100))
