"""Contingency methods against scipy and hand computations."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from scipy.stats.contingency import association

from framing.stats.contingency import (
    cramers_v,
    expected_counts_ok,
    fisher_exact_2x2,
    pearson_chi_square,
    permutation_chi_square,
)

TABLE = np.array([[12, 30], [5, 40], [20, 18]])


def test_pearson_matches_scipy():
    ours = pearson_chi_square(TABLE)
    statistic, p, df, expected = stats.chi2_contingency(TABLE, correction=False)
    assert ours.statistic == pytest.approx(statistic)
    assert ours.p == pytest.approx(p)
    assert ours.df == df
    np.testing.assert_allclose(ours.expected, expected)


@pytest.mark.parametrize("table", [[[8, 2], [1, 5]], [[3, 0], [0, 3]], [[10, 12], [7, 30]]])
def test_fisher_matches_scipy(table):
    assert fisher_exact_2x2(np.array(table)) == pytest.approx(stats.fisher_exact(table)[1])


def test_expected_count_rule():
    assert expected_counts_ok(np.array([[5.0, 6.0], [7.0, 8.0]])) == (True, "")
    ok, reason = expected_counts_ok(np.array([[0.5, 6.0], [7.0, 8.0]]))
    assert not ok and "below 1" in reason
    ok, reason = expected_counts_ok(np.array([[4.0, 4.0], [7.0, 8.0]]))
    assert not ok and "below 5" in reason


def test_cramers_v_matches_scipy_and_hand_bias_correction():
    assert cramers_v(TABLE) == pytest.approx(association(TABLE, method="cramer"))
    # Bergsma (2013) by hand: n = 125, r = 3, c = 2
    chi2 = stats.chi2_contingency(TABLE, correction=False)[0]
    n = TABLE.sum()
    phi2 = max(0.0, chi2 / n - (3 - 1) * (2 - 1) / (n - 1))
    r_tilde, c_tilde = 3 - 4 / (n - 1), 2 - 1 / (n - 1)
    expected = np.sqrt(phi2 / min(r_tilde - 1, c_tilde - 1))
    assert cramers_v(TABLE, bias_correction=True) == pytest.approx(expected)


def test_permutation_p_value_bounds_and_agreement_with_chi_square():
    rng = np.random.default_rng(1)
    groups = np.repeat([0, 1, 2], 100)
    outcome = (rng.random(300) < np.repeat([0.2, 0.3, 0.25], 100)).astype(float)
    statistic, p = permutation_chi_square(groups, outcome, np.ones(300), 1999, random_state=0)
    table = np.array([[outcome[groups == g].sum(), 100 - outcome[groups == g].sum()]
                      for g in range(3)])  # fmt: skip
    reference = stats.chi2_contingency(table, correction=False)
    assert statistic == pytest.approx(reference[0])
    assert 1 / 2000 <= p <= 1
    assert p == pytest.approx(reference[1], abs=0.05)  # large-sample agreement
    again = permutation_chi_square(groups, outcome, np.ones(300), 1999, random_state=0)
    assert again[1] == p  # deterministic given the seed


def test_permutation_never_zero():
    groups = np.repeat([0, 1], 50)
    outcome = np.repeat([1.0, 0.0], 50)  # perfect association
    _, p = permutation_chi_square(groups, outcome, np.ones(100), 99, random_state=0)
    assert p == pytest.approx(1 / 100)


def test_document_permutation_is_more_conservative_under_clustering():
    """Sentences of one document share its frame use; permuting documents respects that."""
    rng = np.random.default_rng(3)
    doc_rates = rng.beta(0.5, 2.0, size=12)  # strong between-document variation
    doc_group = np.repeat([0, 1], 6)
    sentences = 40
    successes = rng.binomial(sentences, doc_rates).astype(float)
    _, p_docs = permutation_chi_square(
        doc_group, successes, np.full(12, sentences, float), 999, random_state=0
    )
    sent_group = np.repeat(doc_group, sentences)
    sent_outcome = np.concatenate(
        [[1.0] * int(s) + [0.0] * (sentences - int(s)) for s in successes]
    )
    _, p_sents = permutation_chi_square(sent_group, sent_outcome, np.ones(480), 999, random_state=0)
    assert p_docs > p_sents
