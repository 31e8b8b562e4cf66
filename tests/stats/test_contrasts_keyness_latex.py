"""Pairwise contrasts, keyness (hand-worked) and LaTeX export."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from framing.errors import ConfigError
from framing.stats.contrasts import outlet_pairs, pairwise_contrasts
from framing.stats.keyness import keyness, log_odds_dirichlet, two_by_two_keyness
from framing.stats.latex import escape_latex, to_latex_table


def _sentences(spec):
    """spec: {outlet: [(doc_id, n_with, n_without), ...]} -> sentence design of frame 'f'."""
    rows = []
    for outlet, docs in spec.items():
        for doc, yes, no in docs:
            for j, value in enumerate([1] * yes + [0] * no, start=1):
                rows.append((f"{doc}:s{j}", doc, outlet, "e", "f", value, value))
    return pd.DataFrame(
        rows, columns=["sentence_id", "doc_id", "outlet", "event", "frame", "present", "hits"]
    )


def test_single_document_contrasts_are_fisher_exact_and_flagged():
    design = _sentences({"A": [("a", 8, 2)], "B": [("b", 1, 5)], "C": [("c", 3, 3)]})
    table = pairwise_contrasts(design, n_permutations=99, n_bootstrap=99)
    row = table.set_index(["outlet_a", "outlet_b"]).loc[("A", "B")]
    assert row["p"] == pytest.approx(stats.fisher_exact([[8, 2], [1, 5]])[1])
    assert row["odds_ratio"] == pytest.approx(
        stats.contingency.odds_ratio([[8, 2], [1, 5]]).statistic
    )
    assert "single document" in row["caveat"]
    np.testing.assert_allclose(table["p_holm"], multipletests(table["p"], method="holm")[1])
    np.testing.assert_allclose(table["p_fdr_bh"], multipletests(table["p"], method="fdr_bh")[1])
    assert (table["p_adj"] == table["p_holm"]).all()
    ordered = table.sort_values("p")
    assert ordered["p_adj"].is_monotonic_increasing and (table["p_adj"] >= table["p"]).all()


def test_multi_document_contrasts_permute_documents():
    design = _sentences(
        {"A": [("a1", 6, 4), ("a2", 7, 3), ("a3", 5, 5)], "B": [("b1", 1, 9), ("b2", 2, 8)]}
    )
    row = pairwise_contrasts(design, n_permutations=199, n_bootstrap=199).iloc[0]
    assert row["method"].startswith("permutation (documents)")
    # 5 documents, 3 vs 2: only 10 distinct splits, so p cannot be below about 1/10
    assert 0.05 < row["p"] <= 1
    assert row["ci_low"] < row["odds_ratio"] < row["ci_high"]


def test_unknown_pair_is_a_config_error():
    assert outlet_pairs(["B", "A", "C"]) == [("A", "B"), ("A", "C"), ("B", "C")]
    with pytest.raises(ConfigError, match="unknown outlet 'Z'"):
        outlet_pairs(["A", "B"], [("A", "Z")])


def test_log_odds_hand_worked():
    # vocabulary (w1, w2, w3); group a counts (4, 1, 5) n_a = 10; group b (1, 4, 5) n_b = 10
    # prior alpha = (2, 2, 4), alpha0 = 8
    # w1: a: log(6 / (10 + 8 - 4 - 2)) = log(6/12); b: log(3 / (10 + 8 - 1 - 2)) = log(3/15)
    #     delta = log(0.5) - log(0.2) = log(2.5) = 0.916291
    #     var = 1/6 + 1/3 = 0.5 -> z = 0.916291 / 0.707107 = 1.295831
    delta, z = log_odds_dirichlet(np.array([4, 1, 5]), np.array([1, 4, 5]), np.array([2, 2, 4]))
    assert delta[0] == pytest.approx(np.log(2.5))
    assert z[0] == pytest.approx(1.295831, abs=1e-6)
    assert delta[1] == pytest.approx(-np.log(2.5)) and delta[2] == pytest.approx(0.0)


def test_g2_and_chi2_match_scipy():
    a, b = np.array([10, 2, 30]), np.array([3, 8, 40])
    g2, chi2 = two_by_two_keyness(a, b)
    for i in range(3):
        table = [[a[i], b[i]], [a.sum() - a[i], b.sum() - b[i]]]
        ll = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        pearson = stats.chi2_contingency(table, correction=False)[0]
        assert abs(g2[i]) == pytest.approx(ll) and abs(chi2[i]) == pytest.approx(pearson)
    assert g2[0] > 0 and g2[1] < 0  # sign: over- vs under-represented in a


def test_keyness_one_vs_rest_and_pairs_for_three_outlets():
    docs = pd.DataFrame(
        {
            "doc_id": ["1", "2", "3", "4"],
            "outlet": ["X", "X", "Y", "Z"],
            "text": [
                "sanksi sanksi barat damai",
                "sanksi pelanggaran barat",
                "persahabatan damai damai kunjungan",
                "kunjungan kunjungan barat tuduhan tuduhan",
            ],
        }
    )
    table = keyness(docs, pairs=[("X", "Y")], min_count=1, top=3, stop_words=["barat"])
    assert set(table["versus"]) == {"rest", "X", "Y"}
    assert "barat" not in set(table["term"])
    top_x = table.query("outlet == 'X' and versus == 'rest'").iloc[0]
    assert top_x["term"] == "sanksi" and top_x["count"] == 3 and top_x["rank"] == 1
    assert table["p"].between(0, 1).all() and (table["p_adj"] >= table["p"] - 1e-12).all()
    assert table.query("outlet == 'X'")["caveat"].str.contains("independent").all()
    assert table.query("outlet == 'Y'")["caveat"].str.contains("single article").all()


def test_latex_escapes_and_uses_booktabs():
    assert escape_latex(r"a_b & 50% #1 {x} ~ ^ $ \ ") == (
        r"a\_b \& 50\% \#1 \{x\} \textasciitilde{} \textasciicircum{} \$ \textbackslash{} "
    )
    tex = to_latex_table(
        pd.DataFrame({"frame": ["sanctions_violation"], "p": [0.00001], "n": [12]}),
        "Tests & more",
        "tab:t",
    )
    assert r"\toprule" in tex and r"\midrule" in tex and r"\bottomrule" in tex
    assert r"sanctions\_violation & 1.00e-05 & 12 \\" in tex
    assert r"\caption{Tests \& more}" in tex and r"\begin{tabular}{lrr}" in tex


def test_zero_cell_contrasts_are_flagged():
    design = _sentences(
        {"A": [("a1", 0, 6), ("a2", 0, 5)], "B": [("b1", 3, 3), ("b2", 4, 2)], "C": [("c", 2, 4)]}
    )
    table = pairwise_contrasts(design, n_permutations=99, n_bootstrap=99)
    clustered = table.set_index(["outlet_a", "outlet_b"]).loc[("A", "B")]
    assert clustered["method"].startswith("permutation (documents)")
    assert "Haldane-Anscombe" in clustered["caveat"]
    # conditional MLE with a zero cell: the odds ratio is 0, as scipy computes it directly
    exact = table.set_index(["outlet_a", "outlet_b"]).loc[("A", "C")]
    assert exact["odds_ratio"] == stats.contingency.odds_ratio([[0, 11], [2, 4]]).statistic == 0
    assert "zero cell" in exact["caveat"] and exact["p"] == pytest.approx(
        stats.fisher_exact([[0, 11], [2, 4]])[1]
    )


def test_outlet_without_vocabulary_gets_one_flagged_keyness_row():
    docs = pd.DataFrame(
        {"doc_id": ["1", "2", "3"], "outlet": ["X", "Y", "Z"],
         "text": ["sanksi sanksi barat damai", "sanksi damai damai barat", "yang dan"]}
    )  # fmt: skip
    table = keyness(docs, min_count=1, stop_words=["yang", "dan"], pairs=[("X", "Z")])
    empty = table.query("outlet == 'Z' or versus == 'Z'")
    assert len(empty) == 3  # Z vs rest, X vs Z, Z vs X
    assert empty["caveat"].str.contains("Z has no words in the vocabulary").all()
    assert empty["z"].isna().all() and (empty["term"] == "").all()
    assert table.query("outlet == 'X' and versus == 'rest'")["z"].notna().all()
