"""Pairwise contrasts against scipy and statsmodels, over many random corpora.

Outlets: on random corpora that include outlets never (or always) using the frame,

* the odds ratio never disagrees in direction with the shares (and 3/60 vs 0/2 gives an odds
  ratio above 1, never below);
* every interval contains its odds ratio, and excludes 1 exactly when p < alpha;
* the statistic is G² (``scipy.stats.power_divergence`` with ``lambda_="log-likelihood"`` on the
  2×2 table) divided by the one-way Pearson dispersion computed by hand, referred to F(1, df);
* an interval end solves the profile-likelihood equation, with the nuisance intercept maximised
  by ``scipy.optimize.minimize_scalar``.

Groups: the cluster-robust Wald contrasts against statsmodels' binomial GLM with one
coefficient per group, fitted to the article rows with ``cov_type="cluster"`` by outlet.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import optimize, special, stats
from scipy.stats.contingency import expected_freq

from framing.errors import ConfigError
from framing.stats.contrasts import group_contrasts, outlet_contrasts, outlet_pairs

ALPHA = 0.05


def _random_corpus(rng):
    """k, n, codes and names of 3-5 outlets; some never or always use the frame."""
    n_outlets = int(rng.integers(3, 6))
    k, n, codes = [], [], []
    for o in range(n_outlets):
        kind = rng.choice(["usual", "usual", "never", "always", "rare"])
        size = int(rng.integers(2, 6))
        sentences = rng.integers(1, 25, size)
        if kind == "never":
            framed = np.zeros(size, dtype=int)
        elif kind == "always":
            framed = sentences.copy()
        else:
            mean = 0.03 if kind == "rare" else rng.uniform(0.1, 0.6)
            framed = rng.binomial(sentences, rng.beta(2 * mean, 2 * (1 - mean), size))
        k += list(framed)
        n += list(sentences)
        codes += [o] * size
    names = [f"O{o}" for o in range(n_outlets)]
    return np.array(k, float), np.array(n, float), np.array(codes), names


def _phi_by_hand(k, n, codes):
    data = pd.DataFrame({"k": k, "n": n, "o": codes})
    pooled = data.groupby("o")[["k", "n"]].transform("sum")
    p = pooled["k"] / pooled["n"]
    variance = data["n"] * p * (1 - p)
    terms = np.where(variance > 0, (data["k"] - data["n"] * p) ** 2 / variance, 0.0)
    df = len(data) - data["o"].nunique()
    return max(1.0, terms.sum() / df), df


def _g2(ka, na, kb, nb):
    table = np.array([[ka, na - ka], [kb, nb - kb]], dtype=float)
    return stats.power_divergence(
        table, f_exp=expected_freq(table), lambda_="log-likelihood", axis=None
    ).statistic


def _loglik(alpha, theta, ka, na, kb, nb):
    eta = alpha + theta
    return ka * eta - na * np.logaddexp(0, eta) + kb * alpha - nb * np.logaddexp(0, alpha)


def _profile_by_hand(theta, ka, na, kb, nb):
    """max over the intercept alpha of the two-group logit log-likelihood, theta fixed."""
    result = optimize.minimize_scalar(
        lambda a: -_loglik(a, theta, ka, na, kb, nb), bounds=(-40, 40), method="bounded",
        options={"xatol": 1e-12},
    )  # fmt: skip
    return -result.fun


def _checked_rows(k, n, codes, names):
    table = outlet_contrasts(k, n, codes, names, outlet_pairs(names), alpha=ALPHA)
    phi, df = _phi_by_hand(k, n, codes)
    index = {name: i for i, name in enumerate(names)}
    tested = 0
    for row in table.itertuples(index=False):
        a, b = codes == index[row.outlet_a], codes == index[row.outlet_b]
        ka, na, kb, nb = k[a].sum(), n[a].sum(), k[b].sum(), n[b].sum()
        assert (row.share_a, row.share_b) == pytest.approx((ka / na, kb / nb))
        assert row.dispersion == pytest.approx(phi) and row.df == df
        if ka + kb in (0, na + nb):
            assert row.status == "not tested" and np.isnan(row.p)
            continue
        tested += 1
        # direction: the odds ratio agrees with the shares, infinite ones included
        with np.errstate(divide="ignore"):
            assert np.sign(np.log(row.odds_ratio)) == np.sign(row.share_a - row.share_b)
        assert row.ci_low <= row.odds_ratio <= row.ci_high
        assert row.ci_low < row.ci_high
        # the statistic and its reference distribution
        assert row.statistic == pytest.approx(_g2(ka, na, kb, nb) / phi, rel=1e-9, abs=1e-12)
        assert row.p == pytest.approx(stats.f.sf(row.statistic, 1, df), rel=1e-9)
        # duality of test and interval
        assert (row.ci_low > 1 or row.ci_high < 1) == (row.p < ALPHA)
    return table, tested


def test_random_corpora_direction_coverage_duality_and_statistic():
    rng = np.random.default_rng(2024)
    tested = significant = infinite = 0
    for _ in range(30):
        k, n, codes, names = _random_corpus(rng)
        table, count = _checked_rows(k, n, codes, names)
        tested += count
        significant += int((table["p"] < ALPHA).sum())
        infinite += int(np.isinf(table["odds_ratio"]).sum() + (table["odds_ratio"] == 0).sum())
    assert tested >= 150 and significant >= 20 and infinite >= 10  # every branch is exercised


def test_three_of_sixty_against_none_of_two_is_never_an_odds_ratio_below_one():
    # the audit's case: a +0.5 correction would give (3.5/57.5)/(0.5/2.5) = 0.30 < 1
    k = np.array([1, 0, 2, 0, 0, 0], dtype=float)
    n = np.array([20, 15, 25, 1, 1, 4], dtype=float)
    codes = np.array([0, 0, 0, 1, 1, 2])
    table = outlet_contrasts(k, n, codes, ["A", "B", "C"], [("A", "B"), ("B", "A")])
    ab, ba = table.iloc[0], table.iloc[1]
    assert ab.share_a == pytest.approx(3 / 60) and ab.share_b == 0
    assert ab.odds_ratio == np.inf or ab.odds_ratio > 1
    assert ab.ci_high == np.inf and 0 < ab.ci_low < np.inf
    assert ba.odds_ratio == 0 and ba.ci_low == 0 and ba.ci_high == pytest.approx(1 / ab.ci_low)
    assert ab.p == pytest.approx(ba.p) and "a share is 0 or 1" in ab.caveat


def test_profile_bound_by_one_dimensional_optimisation():
    k = np.array([3, 5, 4, 9, 0, 1, 2, 1], dtype=float)
    n = np.array([20, 22, 18, 25, 15, 30, 12, 20], dtype=float)
    codes = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    row = outlet_contrasts(k, n, codes, ["A", "B"], [("A", "B")], alpha=0.1).iloc[0]
    phi, df = _phi_by_hand(k, n, codes)
    assert phi > 1  # the interval is widened by the dispersion
    ka, na, kb, nb = 21.0, 85.0, 4.0, 77.0
    top = sum(
        special.xlogy(y, y / m) + special.xlogy(m - y, 1 - y / m) for y, m in [(ka, na), (kb, nb)]
    )
    critical = stats.f.ppf(0.9, 1, df)
    for bound in (row.ci_low, row.ci_high):
        profile = _profile_by_hand(np.log(bound), ka, na, kb, nb)
        assert 2 * (top - profile) / phi == pytest.approx(critical, rel=1e-6)
    theta = special.logit(ka / na) - special.logit(kb / nb)
    assert row.odds_ratio == pytest.approx(np.exp(theta))
    assert 2 * (top - _profile_by_hand(0.0, ka, na, kb, nb)) / phi == pytest.approx(row.statistic)


def test_group_contrasts_equal_a_cluster_robust_glm_with_a_coefficient_per_group():
    rng = np.random.default_rng(5)
    group_of = np.array([0, 0, 1, 1, 1, 2, 2])  # outlet -> group
    outlet = np.repeat(np.arange(7), [3, 4, 3, 2, 4, 3, 3])
    n = rng.integers(8, 30, len(outlet)).astype(float)
    mean = np.array([0.15, 0.3, 0.25])[group_of][outlet] * rng.uniform(0.6, 1.4, 7)[outlet]
    k = rng.binomial(n.astype(int), mean).astype(float)
    names = ["g1", "g2", "g3"]
    table = group_contrasts(k, n, outlet, group_of, names, alpha=ALPHA).set_index(
        ["outlet_a", "outlet_b"]
    )
    X = np.eye(3)[group_of[outlet]]  # one column per group: its log-odds
    endog = np.column_stack([k, n - k])
    fit = sm.GLM(endog, X, family=sm.families.Binomial()).fit(
        tol=1e-12, cov_type="cluster", cov_kwds={"groups": outlet}
    )
    cov = np.asarray(fit.cov_params())
    for a, b in [(0, 1), (0, 2), (1, 2)]:
        row = table.loc[(names[a], names[b])]
        theta = fit.params[a] - fit.params[b]
        se = np.sqrt(cov[a, a] + cov[b, b] - 2 * cov[a, b])
        assert np.log(row["odds_ratio"]) == pytest.approx(theta, rel=1e-7)
        assert row["statistic"] == pytest.approx(theta / se, rel=1e-6)
        assert row["p"] == pytest.approx(2 * stats.t.sf(abs(theta / se), 6), rel=1e-6)
        half = stats.t.isf(ALPHA / 2, 6) * se
        assert (np.log(row["ci_low"]), np.log(row["ci_high"])) == pytest.approx(
            (theta - half, theta + half), rel=1e-6
        )
        assert (row["ci_low"] > 1 or row["ci_high"] < 1) == (row["p"] < ALPHA)
        assert row["df"] == 6 and "only 7 outlets" in row["caveat"]


def test_group_with_share_zero_is_not_tested():
    k = np.array([0, 0, 0, 0, 2, 3, 1, 4], dtype=float)
    n = np.full(8, 10.0)
    outlet = np.array([0, 0, 1, 1, 2, 2, 3, 3])
    table = group_contrasts(k, n, outlet, np.array([0, 0, 1, 1]), ["a", "b"])
    assert table["status"].tolist() == ["not tested"] and np.isnan(table["p"].iloc[0])


def test_pairs_are_checked():
    assert outlet_pairs(["B", "A", "C"]) == [("A", "B"), ("A", "C"), ("B", "C")]
    assert outlet_pairs(["A", "B"], [("B", "A")]) == [("B", "A")]
    with pytest.raises(ConfigError, match="names 'Z', which is not a testable outlet"):
        outlet_pairs(["A", "B"], [("A", "Z")])
    with pytest.raises(ConfigError, match="with itself"):
        outlet_pairs(["A", "B"], [("A", "A")])
