"""Firth penalised regression against closed forms and independent fits.

The grouped (cell-total) fit is compared with a Firth fit written out in the test: Newton steps
on the modified score of the sentence-level binary expansion, profile intervals by scipy's
BFGS and brentq, and the quasi-likelihood scaling (LR / φ on F(1, df)) by hand.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, special, stats

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


# --- grouped data against an independent Firth fit of the sentence-level expansion ----------

#: Covariate cells: intercept, outlet B, outlet C, event e2; outlet C never uses the frame.
CELLS_X = np.array(
    [[1, 0, 0, 0], [1, 0, 0, 1], [1, 1, 0, 0], [1, 1, 0, 1], [1, 0, 1, 0], [1, 0, 1, 1]],
    dtype=float,
)
CELLS_K = np.array([5, 8, 9, 14, 0, 0], dtype=float)
CELLS_N = np.array([30, 28, 25, 31, 20, 12], dtype=float)


def _expand(X, k, n):
    """One binary row per sentence: ``k`` ones and ``n - k`` zeros per cell."""
    rows = np.repeat(np.arange(len(k)), n.astype(int))
    y = np.concatenate(
        [np.r_[np.ones(int(a)), np.zeros(int(b - a))] for a, b in zip(k, n, strict=True)]
    )
    return X[rows], y


def _penalised(beta, X, y):
    """Binary log-likelihood + 0.5 log det(X' W X), written out."""
    p = special.expit(X @ beta)
    weight = p * (1 - p)
    loglik = np.sum(special.xlogy(y, p) + special.xlogy(1 - y, 1 - p))
    return loglik + 0.5 * np.linalg.slogdet(X.T @ (weight[:, None] * X))[1]


def _firth_by_hand(X, y):
    """Newton iterations on Firth's modified score X'(y - p + h (1/2 - p)), step halving."""
    beta = np.zeros(X.shape[1])
    for _ in range(200):
        p = special.expit(X @ beta)
        weight = p * (1 - p)
        inverse = np.linalg.inv(X.T @ (weight[:, None] * X))
        hat = weight * np.einsum("ij,jk,ik->i", X, inverse, X)
        step = inverse @ (X.T @ (y - p + hat * (0.5 - p)))
        while _penalised(beta + step, X, y) < _penalised(beta, X, y) - 1e-12:
            step = step / 2
        beta = beta + step
        if np.max(np.abs(step)) < 1e-11:
            return beta
    raise AssertionError("hand-coded Firth did not converge")


def _profile_by_hand(X, y, j, value, start):
    """max over the other coefficients of the penalised log-likelihood, beta_j fixed."""
    free = [i for i in range(X.shape[1]) if i != j]

    def negative(b):
        beta = np.insert(b, j, value)
        return -_penalised(beta, X, y)

    result = optimize.minimize(negative, start[free], method="BFGS", options={"gtol": 1e-9})
    return -result.fun


def test_grouped_firth_equals_hand_coded_fit_of_the_sentences():
    X, y = _expand(CELLS_X, CELLS_K, CELLS_N)
    beta = _firth_by_hand(X, y)
    grouped = FirthRegression(profile=[2]).fit(CELLS_X, CELLS_K, trials=CELLS_N)
    np.testing.assert_allclose(grouped.coef_, beta, atol=1e-7)
    assert np.isfinite(beta).all() and beta[2] < -2  # separated, yet finite
    # the binary likelihood of the sentences is the grouped one without binomial coefficients
    assert grouped.loglik_ == pytest.approx(_penalised(beta, X, y), abs=1e-8)
    p = special.expit(X @ beta)
    info = X.T @ ((p * (1 - p))[:, None] * X)
    np.testing.assert_allclose(grouped.bse_, np.sqrt(np.diag(np.linalg.inv(info))), rtol=1e-6)
    # profile penalised likelihood interval of the separated outlet, by brentq on the hand fit
    top = _penalised(beta, X, y)
    critical = stats.chi2.ppf(0.95, 1)

    def excess(b):
        return 2 * (top - _profile_by_hand(X, y, 2, b, beta)) - critical

    low = optimize.brentq(excess, beta[2] - 10, beta[2], xtol=1e-9)
    high = optimize.brentq(excess, beta[2], beta[2] + 10, xtol=1e-9)
    assert tuple(grouped.conf_int_[2]) == pytest.approx((low, high), abs=2e-5)
    lr = 2 * (top - _profile_by_hand(X, y, 2, 0.0, beta))
    assert grouped.pvalues_[2] == pytest.approx(stats.chi2.sf(lr, 1), rel=1e-5)
    assert grouped.profiled_.tolist() == [False, False, True, False]


def test_quasi_scaling_of_profile_and_wald_inference():
    phi, df = 2.5, 12
    plain = FirthRegression(profile=[2]).fit(CELLS_X, CELLS_K, trials=CELLS_N)
    quasi = FirthRegression(alpha=0.1, profile=[2], dispersion=phi, df=df).fit(
        CELLS_X, CELLS_K, trials=CELLS_N
    )
    np.testing.assert_allclose(quasi.coef_, plain.coef_)
    np.testing.assert_allclose(quasi.bse_, plain.bse_ * np.sqrt(phi))
    X, y = _expand(CELLS_X, CELLS_K, CELLS_N)
    top = _penalised(quasi.coef_, X, y)
    lr = 2 * (top - _profile_by_hand(X, y, 2, 0.0, quasi.coef_))
    assert quasi.pvalues_[2] == pytest.approx(stats.f.sf(lr / phi, 1, df), rel=1e-5)
    for bound in quasi.conf_int_[2]:
        scaled = 2 * (top - _profile_by_hand(X, y, 2, bound, quasi.coef_)) / phi
        assert scaled == pytest.approx(stats.f.ppf(0.9, 1, df), abs=1e-5)
    # Wald terms: t(df) with the scaled standard error
    t = quasi.coef_[1] / quasi.bse_[1]
    assert quasi.pvalues_[1] == pytest.approx(2 * stats.t.sf(abs(t), df))
    half = stats.t.isf(0.05, df) * quasi.bse_[1]
    assert tuple(quasi.conf_int_[1]) == pytest.approx(
        (quasi.coef_[1] - half, quasi.coef_[1] + half)
    )
    # a wider interval under overdispersion
    assert np.diff(quasi.conf_int_[2])[0] > np.diff(plain.conf_int_[2])[0]


@pytest.mark.parametrize("family", ["binomial", "poisson"])
def test_factor_firth_equals_the_general_fit_on_dummies(family):
    """The arrowhead (outlet + covariates) fit against FirthRegression on the dummy design."""
    from framing.stats.firth_factor import FactorFirth

    rng = np.random.default_rng(4)
    levels = np.repeat(np.arange(7), 2)
    event = np.tile([0.0, 1.0], 7)[:, None]
    trials = rng.integers(20, 60, len(levels)).astype(float)
    if family == "binomial":
        y = rng.binomial(trials.astype(int), rng.uniform(0.05, 0.4, len(levels))).astype(float)
        args = {"trials": trials}
    else:
        y = rng.poisson(trials * 0.05).astype(float)
        args = {"offset": np.log(trials)}
    y[levels == 3] = 0  # a separated outlet
    X = np.column_stack(
        [np.ones(len(levels))] + [(levels == j).astype(float) for j in range(1, 7)] + [event[:, 0]]
    )
    options = {"dispersion": 1.6, "df": 25}
    general = FirthRegression(family, **options).fit(X, y, **args)
    factor = FactorFirth(family, **options).fit(levels, event, y, **args)
    for j in range(1, 7):
        wald = factor.contrast(j, 0)
        assert wald["estimate"] == pytest.approx(general.coef_[j], abs=1e-6)
        assert wald["se"] == pytest.approx(general.bse_[j], rel=1e-6)
        p, interval = factor.profile_contrast(j, 0)
        assert p == pytest.approx(general.pvalues_[j], abs=1e-6)
        np.testing.assert_allclose(interval, general.conf_int_[j], atol=1e-4)
    p, interval = factor.profile_covariate(0)
    assert factor.covariate(0)["estimate"] == pytest.approx(general.coef_[-1], abs=1e-6)
    assert p == pytest.approx(general.pvalues_[-1], abs=1e-6)
    np.testing.assert_allclose(interval, general.conf_int_[-1], atol=1e-4)
