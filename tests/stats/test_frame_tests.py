"""The ``tests`` table against scipy and hand computations.

* the statistic against scipy's Pearson chi-square of the pooled outlet × (framed, not framed)
  table (and of the group table, articles summed over outlets);
* the effect against Bergsma's (2013) bias-corrected Cramér's V written out by hand;
* the dispersion against the one-way Pearson estimate by hand; ``p_adj`` against statsmodels'
  ``multipletests``; the group-level exact p-value against a brute-force enumeration of group
  labels over outlets;
* over many random corpora, every Cramér's V interval contains V or is missing.
"""

from __future__ import annotations

from itertools import permutations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from framing.stats.frame_tests import OUTCOMES, bias_corrected_v, frame_tests
from framing.stats.units import article_table, group_table, outlet_table

FAST = {"n_permutations": 199, "n_bootstrap": 99}


def _run(article_frames, **options):
    articles = article_table(article_frames)
    outlets = outlet_table(articles)
    groups = group_table(outlets)
    frames = list(dict.fromkeys(articles["frame"]))
    return articles, frame_tests(articles, outlets, groups, frames, **{**FAST, **options})


def _pooled(article_frames, frame, by="outlet", binary=False):
    part = article_frames[(article_frames["frame"] == frame) & (article_frames["sentences"] > 0)]
    yes = (part["sentences_with_frame"] > 0).astype(int) if binary else part["sentences_with_frame"]
    total = pd.Series(1, index=part.index) if binary else part["sentences"]
    sums = pd.DataFrame({"yes": yes, "total": total, by: part[by]}).groupby(by).sum()
    return np.column_stack([sums["yes"], sums["total"] - sums["yes"]])


def _bergsma(table):
    """Bias-corrected Cramér's V of an r × c table (Bergsma 2013, eqs. 2-4)."""
    n = table.sum()
    r, c = table.shape
    phi2 = stats.chi2_contingency(table, correction=False)[0] / n
    phi2_tilde = max(0.0, phi2 - (r - 1) * (c - 1) / (n - 1))
    r_tilde = r - (r - 1) ** 2 / (n - 1)
    c_tilde = c - (c - 1) ** 2 / (n - 1)
    return np.sqrt(phi2_tilde / min(r_tilde - 1, c_tilde - 1))


def _oneway_phi(k, n, outlet):
    data = pd.DataFrame({"k": k, "n": n, "o": outlet})
    pooled = data.groupby("o")[["k", "n"]].transform("sum")
    p = pooled["k"] / pooled["n"]
    terms = ((data["k"] - data["n"] * p) ** 2 / (data["n"] * p * (1 - p))).fillna(0.0)
    raw = terms.sum() / (len(data) - data["o"].nunique())
    return max(1.0, raw), raw


@pytest.mark.parametrize(
    "table",
    [
        np.array([[8, 2], [3, 7], [5, 5]]),
        np.array([[30, 70], [10, 90], [12, 88], [25, 75]]),
        np.array([[1, 40], [2, 41]]),
        np.array([[6, 0], [0, 6]]),
    ],
)
def test_bias_corrected_v_is_bergsmas_formula(table):
    ours = bias_corrected_v(table[:, :1].astype(float), table.sum(axis=1, keepdims=True) * 1.0)
    assert ours[0] == pytest.approx(_bergsma(table.astype(float)), abs=1e-12)


def test_statistic_effect_dispersion_and_adjustment(beta_articles):
    data = beta_articles(4, [0.15, 0.3, 0.2, 0.45], articles=[5, 6, 4, 5], frames=("a", "b"))
    articles, table = _run(data)
    assert list(table["level"].unique()) == ["outlets"]
    assert len(table) == 4 and set(table["outcome"]) == set(OUTCOMES)
    for row in table.itertuples(index=False):
        binary = row.outcome == "articles with frame"
        pooled = _pooled(data, row.frame, binary=binary)
        assert row.status == "tested" and row.method == "permutation over articles, Monte Carlo"
        assert row.statistic == pytest.approx(stats.chi2_contingency(pooled, correction=False)[0])
        assert row.effect == pytest.approx(_bergsma(pooled.astype(float)))
        assert row.df == 3 and row.n == 20 and row.n_outlets == 4 and row.n_sentences == 400
        assert row.p_min == pytest.approx(1 / 200) and row.p_min <= row.p <= 1
        assert row.outlets_excluded == 0
        # all 199 permutations, or settled by the sequential test at the 20th exceedance
        assert row.n_permutations == 199 or row.p == pytest.approx(20 / row.n_permutations)
        if binary:
            assert row.dispersion == 1.0
        else:
            part = data[data["frame"] == row.frame]
            phi, _ = _oneway_phi(part["sentences_with_frame"], part["sentences"], part["outlet"])
            assert row.dispersion == pytest.approx(phi)
    for _, family in table.groupby("outcome"):
        expected = multipletests(family["p"], method="holm")[1]
        np.testing.assert_allclose(family["p_adj"], expected)
        assert family["family"].str.contains("2 frame").all()


def test_groups_level_permutes_group_labels_over_outlets(beta_articles):
    groups = ["g1", "g1", "g1", "g2", "g2", "g2"]
    data = beta_articles(8, [0.1, 0.15, 0.2, 0.3, 0.35, 0.4], articles=3, groups=groups)
    _, table = _run(data)
    row = table.query("level == 'groups' and outcome == 'framed sentences'").iloc[0]
    pooled = _pooled(data, "f", by="group")
    assert row.statistic == pytest.approx(stats.chi2_contingency(pooled, correction=False)[0])
    assert row.n_outlets == 6 and row.n_groups == 2 and row.n == 18 and row.df == 1
    assert row.method == "permutation over outlets, exact" and row.n_permutations == 20
    # brute force: the 20 ways to give 3 of the 6 outlets the label g1
    per_outlet = data.groupby("outlet")[["sentences_with_frame", "sentences"]].sum()
    k, n = per_outlet.to_numpy(float).T
    group_of = dict(zip(data["outlet"], data["group"], strict=True))
    labels = tuple(pd.factorize(per_outlet.index.map(group_of))[0])

    def chi2(assignment):
        a = np.asarray(assignment)
        yes = np.array([k[a == g].sum() for g in (0, 1)])
        tot = np.array([n[a == g].sum() for g in (0, 1)])
        return stats.chi2_contingency(np.column_stack([yes, tot - yes]), correction=False)[0]

    values = np.array([chi2(a) for a in set(permutations(labels))])
    assert len(values) == 20
    assert row.p == pytest.approx(np.mean(values >= chi2(labels) - 1e-9))
    assert row.p_min == pytest.approx(0.1)  # the split and its mirror image
    assert "smallest attainable p is 0.1" in row.caveat
    assert np.isnan(row.effect_ci_low) and "fewer than 10 outlets" in row.caveat
    # articles with the frame: the group × (articles with, without) table, not whether each
    # outlet uses the frame at all
    row = table.query("level == 'groups' and outcome == 'articles with frame'").iloc[0]
    pooled = _pooled(data, "f", by="group", binary=True)
    assert pooled[:, 1].min() > 0 and row.status == "tested"
    assert row.statistic == pytest.approx(stats.chi2_contingency(pooled, correction=False)[0])
    assert row.effect == pytest.approx(_bergsma(pooled.astype(float)))


def test_cramers_v_interval_contains_v_or_is_missing(beta_articles):
    checked = zero = 0
    for seed in range(12):
        rng = np.random.default_rng(seed)
        means = rng.uniform(0.05, 0.5, 3)
        data = beta_articles(
            100 + seed, means, articles=[4, 5, 6], sentences=12, frames=("a", "b", "c")
        )
        _, table = _run(data, n_permutations=19, random_state=seed, correction="fdr_bh")
        for row in table.itertuples(index=False):
            if np.isnan(row.effect_ci_low) or np.isnan(row.effect_ci_high):
                assert np.isnan(row.effect_ci_low) and np.isnan(row.effect_ci_high)
                assert "Cramér's V has no interval" in row.caveat
                continue
            assert row.effect_ci_low <= row.effect <= row.effect_ci_high
            checked += 1
            zero += row.effect == 0
    assert checked >= 40  # the property is not vacuous
    assert zero >= 1  # including V = 0, the bound of the statistic


def test_untestable_frames_and_outlets_keep_their_rows(make_articles):
    data = make_articles({"A": [(0, 10), (0, 12)], "B": [(0, 9), (0, 8)], "C": [(0, 5)]})
    full = make_articles({"A": [(10, 10), (12, 12)], "B": [(9, 9), (8, 8)], "C": [(5, 5)]})
    data = pd.concat([data, full.assign(frame="always")], ignore_index=True)
    articles, table = _run(data)
    assert (table["status"] == "not tested").all() and table["p"].isna().all()
    never = table.query("frame == 'f' and outcome == 'framed sentences'").iloc[0]
    assert never.caveat.startswith("the frame occurs in no sentence of the compared outlets")
    assert "C (see the outlets table)" in never.caveat and never.outlets_excluded == 1
    every = table.query("frame == 'always' and outcome == 'articles with frame'").iloc[0]
    assert every.caveat.startswith("the frame occurs in every article")
    one = make_articles({"A": [(3, 10), (1, 9)], "B": [(2, 8)], "C": [(0, 5)]})
    _, table = _run(one)
    assert (table["method"] == "not tested").all()
    assert table["caveat"].str.contains("fewer than two outlets can be tested").all()
    assert (table["n_outlets"] == 1).all() and (table["outlets_excluded"] == 2).all()
