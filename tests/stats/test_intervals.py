"""Share intervals against independent computations.

* ``wilson_interval`` against the textbook formula and statsmodels' ``proportion_confint``;
* ``clustered_share``: its variance against the cluster-robust (by article) variance of an
  intercept-only binomial GLM fitted by statsmodels to the sentence-level expansion, carried to
  the share scale by the delta method; design effect, effective size and interval by hand;
* ``frame_shares`` per outlet against a hand aggregation of the article rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from framing.frames import frame_shares
from framing.utils.intervals import clustered_share, wilson_bounds, wilson_interval


def _wilson_by_hand(k, n, z):
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return max(0.0, centre - half), min(1.0, centre + half)


@pytest.mark.parametrize(("k", "n"), [(0, 7), (2, 10), (7, 7), (13, 250), (1, 1)])
@pytest.mark.parametrize("alpha", [0.05, 0.1])
def test_wilson_matches_formula_and_statsmodels(k, n, alpha):
    low, high = wilson_interval([k], [n], alpha)
    expected = _wilson_by_hand(k, n, stats.norm.isf(alpha / 2))
    assert (low[0], high[0]) == pytest.approx(expected, abs=1e-12)
    assert (low[0], high[0]) == pytest.approx(
        proportion_confint(k, n, alpha=alpha, method="wilson"), abs=1e-10
    )


def test_wilson_is_nan_without_trials():
    low, high = wilson_interval([0, 1], [0, 4])
    assert np.isnan(low[0]) and np.isnan(high[0]) and 0 < high[1] < 1


def _articles(seed, m, size=(5, 40), a=0.6, b=2.0):
    rng = np.random.default_rng(seed)
    n = rng.integers(*size, m)
    k = rng.binomial(n, rng.beta(a, b, m))
    return k, n


def _sums(k, n):
    k, n = np.asarray(k, float), np.asarray(n, float)
    return [k.sum()], [n.sum()], [(k * k).sum()], [(k * n).sum()], [(n * n).sum()], [len(k)]


@pytest.mark.parametrize("seed", range(5))
def test_clustered_variance_is_the_cluster_robust_glm_variance(seed):
    k, n = _articles(seed, m=4 + 3 * seed)
    # sentence-level expansion: one binary row per sentence, clustered by article
    y = np.concatenate([np.r_[np.ones(ki), np.zeros(ni - ki)] for ki, ni in zip(k, n, strict=True)])
    article = np.repeat(np.arange(len(n)), n)
    fit = sm.GLM(y, np.ones((len(y), 1)), family=sm.families.Binomial()).fit(
        cov_type="cluster", cov_kwds={"groups": article}
    )
    share = float(1 / (1 + np.exp(-fit.params[0])))
    # statsmodels scales by G/(G-1) (N-1)/(N-K) with K = 1: the ratio estimator's m/(m-1)
    delta = (share * (1 - share)) ** 2 * float(fit.bse[0]) ** 2
    result = clustered_share(*_sums(k, n))
    assert result.share[0] == pytest.approx(share, rel=1e-9)
    assert result.variance[0] == pytest.approx(delta, rel=1e-7)


def test_design_effect_effective_size_and_interval_by_hand():
    k, n = np.array([0, 3, 9, 1, 12]), np.array([10, 15, 20, 8, 25])
    result = clustered_share(*_sums(k, n), alpha=0.1)
    m, total = len(k), n.sum()
    p = k.sum() / total
    variance = m / (m - 1) * np.sum((k - p * n) ** 2) / total**2
    deff = variance / (p * (1 - p) / total)
    n_eff = total / max(deff, 1.0)
    assert result.variance[0] == pytest.approx(variance)
    assert result.design_effect[0] == pytest.approx(deff)
    assert deff > 1 and result.n_effective[0] == pytest.approx(n_eff)
    expected = _wilson_by_hand(k.sum() / total * n_eff, n_eff, stats.t.isf(0.05, m - 1))
    assert (result.ci_low[0], result.ci_high[0]) == pytest.approx(expected, abs=1e-12)
    # the article-level interval is wider than the one that treats sentences as independent
    low, high = wilson_interval([k.sum()], [total], 0.1)
    assert result.ci_low[0] < low[0] and result.ci_high[0] > high[0]


def test_design_effect_below_one_keeps_every_sentence():
    # identical articles: no between-article variation, n_effective is capped at n
    result = clustered_share(*_sums([2, 2, 2], [10, 10, 10]))
    assert result.design_effect[0] == pytest.approx(0.0)
    assert result.n_effective[0] == pytest.approx(30.0)


def test_degenerate_groups():
    one = clustered_share(*_sums([3], [10]))
    assert one.share[0] == 0.3
    assert np.isnan([one.variance[0], one.design_effect[0], one.ci_low[0], one.ci_high[0]]).all()
    # every sentence framed: variance 0, design effect not estimable, n_effective = articles
    full = clustered_share(*_sums([4, 6, 5], [4, 6, 5]))
    assert full.variance[0] == 0 and np.isnan(full.design_effect[0])
    assert full.n_effective[0] == 3
    low, high = wilson_bounds(np.array([1.0]), np.array([3.0]), stats.t.isf(0.025, 2))
    assert (full.ci_low[0], full.ci_high[0]) == pytest.approx((low[0], high[0]))
    none = clustered_share(*_sums([0, 0], [0, 0]))
    assert np.isnan(none.share[0]) and np.isnan(none.ci_low[0])


def test_frame_shares_per_outlet_match_a_hand_aggregation(beta_articles):
    articles = beta_articles(3, [0.2, 0.3, 0.5], articles=[4, 1, 6], frames=("a", "b"))
    articles.loc[articles["doc_id"] == "O2-5", "sentences"] = 0  # an article without sentences
    articles.loc[articles["doc_id"] == "O2-5", "sentences_with_frame"] = 0
    shares = frame_shares(articles, ("outlet",), alpha=0.05)
    assert list(shares["frame"]) == ["a", "b"] * 3
    for row in shares.itertuples(index=False):
        part = articles[
            (articles["outlet"] == row.outlet)
            & (articles["frame"] == row.frame)
            & (articles["sentences"] > 0)
        ]
        k, n = part["sentences_with_frame"].to_numpy(), part["sentences"].to_numpy()
        assert (row.sentences, row.sentences_with_frame, row.articles) == (
            n.sum(),
            k.sum(),
            len(part),
        )
        assert row.share == pytest.approx(k.sum() / n.sum())
        low, high = proportion_confint(k.sum(), n.sum(), method="wilson")
        assert (row.ci_low, row.ci_high) == pytest.approx((low, high))
        clustered = clustered_share(*_sums(k, n))
        if len(part) < 2:
            assert np.isnan(row.article_ci_low) and np.isnan(row.article_ci_high)
            continue
        assert row.design_effect == pytest.approx(clustered.design_effect[0])
        assert row.n_effective == pytest.approx(clustered.n_effective[0])
        assert (row.article_ci_low, row.article_ci_high) == pytest.approx(
            (clustered.ci_low[0], clustered.ci_high[0])
        )


def test_frame_shares_by_group_pool_outlets(make_articles):
    articles = make_articles(
        {"A": [(1, 10), (3, 10)], "B": [(5, 10)], "C": [(0, 5), (2, 5)]},
        groups={"A": "g1", "B": "g1", "C": "g2"},
    )
    shares = frame_shares(articles, "group").set_index("group")
    assert shares.loc["g1", "share"] == pytest.approx(9 / 30)
    assert shares.loc["g1", "articles"] == 3 and shares.loc["g2", "sentences"] == 10
    hand = pd.Series({"g1": 9 / 30, "g2": 2 / 10})
    pd.testing.assert_series_equal(shares["share"], hand, check_names=False)
