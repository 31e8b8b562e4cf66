"""Firth penalised regression against closed forms and an independent optimiser."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats

from framing.stats.firth import FirthRegression, penalised_loglik


def _maximise(X, y, offset, family, fixed=None):
    """Nelder-Mead/BFGS on the penalised log-likelihood (optionally with one coefficient fixed)."""

    def negative(beta):
        if fixed is not None:
            beta = np.insert(beta, fixed[0], fixed[1])
        return -penalised_loglik(beta, X, y, offset, family)

    start = np.zeros(X.shape[1] - (fixed is not None))
    result = optimize.minimize(negative, start, method="BFGS", options={"gtol": 1e-10})
    return result.x, -result.fun


def test_two_groups_equal_half_count_correction():
    # For a saturated two-group logit the Firth estimate adds 1/2 to every cell:
    # group 0: 1 of 3 -> (1 + .5) / (3 + 1) = .375; group 1: 3 of 3 -> 3.5 / 4 = .875
    X = np.column_stack([np.ones(6), [0, 0, 0, 1, 1, 1]])
    y = np.array([0, 0, 1, 1, 1, 1])
    model = FirthRegression().fit(X, y)
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    assert model.coef_[0] == pytest.approx(logit(0.375), abs=1e-7)
    assert model.coef_[1] == pytest.approx(logit(0.875) - logit(0.375), abs=1e-7)
    assert model.converged_


@pytest.mark.parametrize("family", ["binomial", "poisson"])
def test_matches_independent_optimiser(family):
    rng = np.random.default_rng(0)
    X = np.column_stack([np.ones(40), rng.integers(0, 2, 40), rng.normal(size=40)])
    offset = np.log(rng.integers(50, 200, 40)) if family == "poisson" else np.zeros(40)
    if family == "binomial":
        y = (rng.random(40) < 0.4).astype(float)
    else:
        y = rng.poisson(np.exp(offset - 4.0)).astype(float)
    model = FirthRegression(family).fit(X, y, offset)
    beta, value = _maximise(X, y, offset, family)
    np.testing.assert_allclose(model.coef_, beta, atol=1e-4)
    assert model.loglik_ == pytest.approx(value, abs=1e-8)


def test_profile_interval_and_lr_test_by_constrained_optimiser():
    X = np.column_stack([np.ones(12), [0] * 6 + [1] * 6])
    y = np.array([0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1])
    model = FirthRegression(alpha=0.05).fit(X, y)
    critical = stats.chi2.ppf(0.95, 1)
    for bound in model.conf_int_[1]:
        _, constrained = _maximise(X, y, np.zeros(12), "binomial", fixed=(1, bound))
        assert 2 * (model.loglik_ - constrained) == pytest.approx(critical, abs=1e-4)
    _, null = _maximise(X, y, np.zeros(12), "binomial", fixed=(1, 0.0))
    expected_p = stats.chi2.sf(2 * (model.loglik_ - null), 1)
    assert model.pvalues_[1] == pytest.approx(expected_p, abs=1e-6)
    assert model.conf_int_[1, 0] < model.coef_[1] < model.conf_int_[1, 1]


def test_separated_data_give_finite_estimates():
    X = np.column_stack([np.ones(8), [0] * 4 + [1] * 4])
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1])  # complete separation
    model = FirthRegression().fit(X, y)
    assert np.isfinite(model.coef_).all() and np.isfinite(model.conf_int_).all()
    zero_counts = FirthRegression("poisson").fit(X, np.array([0, 0, 0, 0, 2, 1, 3, 2.0]))
    assert np.isfinite(zero_counts.coef_).all()


def test_rank_deficient_design_is_refused():
    X = np.column_stack([np.ones(4), [0, 1, 0, 1], [0, 1, 0, 1]])
    with pytest.raises(ValueError, match="rank deficient"):
        FirthRegression().fit(X, np.array([0, 1, 1, 0]))
