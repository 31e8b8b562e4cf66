"""The tests table (frame_outlet_tests) against scipy on constructed corpora."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.stats.contingency import association
from statsmodels.stats.multitest import multipletests

from framing.stats.bootstrap import stratified_bootstrap
from framing.stats.frame_tests import frame_outlet_tests

COLUMNS = ["doc_id", "outlet", "event", "frame", "hits", "sentences"]
COLUMNS += ["sentences_with_frame", "present", "n_tokens"]


def _documents(spec, frame="f"):
    """spec: {outlet: [(sentences_with_frame, sentences), ...]} -> a document design."""
    rows = []
    for outlet, docs in spec.items():
        for i, (yes, total) in enumerate(docs):
            rows.append((f"{outlet}{i}", outlet, "e", frame, yes, total, yes, int(yes > 0), 100))
    return pd.DataFrame(rows, columns=COLUMNS)


def _sentences(documents):
    """The sentence design matching a document design (one row per sentence)."""
    rows = []
    for doc in documents.itertuples(index=False):
        for j in range(doc.sentences):
            value = int(j < doc.sentences_with_frame)
            rows.append((f"{doc.doc_id}:s{j}", doc.doc_id, doc.outlet, doc.event, doc.frame, value))
    columns = ["sentence_id", "doc_id", "outlet", "event", "frame", "present"]
    return pd.DataFrame(rows, columns=columns).assign(hits=lambda d: d["present"])


def _tests(documents, **options):
    options = {"n_permutations": 199, "n_bootstrap": 199, **options}
    return frame_outlet_tests(_sentences(documents), documents, **options).set_index("level")


def _many_documents(seed=0):
    rng = np.random.default_rng(seed)
    rates = {"A": 0.3, "B": 0.6, "C": 0.8}
    return _documents(
        {o: [(int(rng.random() < r) * 2, 4) for _ in range(20)] for o, r in rates.items()}
    )


def test_document_level_chi_square_matches_scipy():
    documents = _many_documents()
    row = _tests(documents, bias_correction=False).loc["document"]
    table = pd.crosstab(documents["outlet"], documents["present"]).to_numpy()
    statistic, p, df, expected = stats.chi2_contingency(table, correction=False)
    assert expected.min() >= 5 and row["method"] == "chi2"
    assert row["statistic"] == pytest.approx(statistic)
    assert row["p"] == pytest.approx(p)
    assert row["df"] == df and row["n"] == 60
    assert row["effect"] == pytest.approx(association(table, method="cramer"))
    assert row["caveat"] == ""


def test_small_document_table_uses_fisher_exact():
    documents = _documents({"A": [(1, 3), (2, 3), (1, 2)], "B": [(0, 3), (0, 4), (1, 3)]})
    row = _tests(documents).loc["document"]
    assert row["method"] == "fisher_exact"
    assert row["p"] == pytest.approx(stats.fisher_exact([[3, 0], [1, 2]])[1])
    assert "unreliable" in row["caveat"]


def test_sentence_level_permutes_documents_with_the_pearson_statistic():
    documents = _many_documents(seed=1)
    row = _tests(documents).loc["sentence"]
    grouped = documents.groupby("outlet")[["sentences_with_frame", "sentences"]].sum()
    table = np.column_stack(
        [grouped["sentences_with_frame"], grouped["sentences"] - grouped["sentences_with_frame"]]
    )
    assert row["method"] == "permutation (documents)"
    assert row["statistic"] == pytest.approx(stats.chi2_contingency(table, correction=False)[0])
    assert 1 / 200 <= row["p"] <= 1 and row["n"] == 240


def test_one_document_per_outlet_uses_sentence_fisher_and_says_so():
    documents = _documents({"A": [(8, 10)], "B": [(0, 6)]})
    table = _tests(documents)
    sentence = table.loc["sentence"]
    assert sentence["method"] == "fisher_exact (sentences)"
    assert sentence["p"] == pytest.approx(stats.fisher_exact([[8, 2], [0, 6]])[1])
    assert "these articles" in sentence["caveat"]
    assert "one unit per outlet" in table.loc["document", "caveat"]  # no interval, and why
    assert np.isnan(table.loc["document", "effect_ci_low"])


def test_cramers_v_interval_agrees_with_an_independent_document_bootstrap():
    documents = _many_documents(seed=2)
    row = _tests(documents, bias_correction=False, n_bootstrap=2000).loc["document"]
    loop_rng = np.random.default_rng(99)
    values = []
    by_outlet = [g["present"].to_numpy() for _, g in documents.groupby("outlet")]
    for _ in range(2000):
        drawn = [loop_rng.choice(present, size=present.size) for present in by_outlet]
        table = np.array([[d.sum(), d.size - d.sum()] for d in drawn])
        defined = table[:, 0].sum() > 0 and table[:, 1].sum() > 0
        values.append(association(table, method="cramer") if defined else 0.0)
    assert row["effect_ci_low"] == pytest.approx(np.quantile(values, 0.025), abs=0.04)
    assert row["effect_ci_high"] == pytest.approx(np.quantile(values, 0.975), abs=0.04)
    assert row["effect_ci_low"] <= row["effect"] <= row["effect_ci_high"]


def test_adjustment_is_holm_across_frames_within_a_level():
    documents = pd.concat(
        [
            _many_documents(seed=3).assign(frame="f1"),
            _many_documents(seed=4).assign(frame="f2"),
            _documents({o: [(1, 4)] * 20 for o in "ABC"}, frame="f3"),
        ],
        ignore_index=True,
    )
    table = frame_outlet_tests(_sentences(documents), documents, n_permutations=199, n_bootstrap=99)
    for _, level in table.groupby("level"):
        tested = level.dropna(subset=["p"])
        np.testing.assert_allclose(tested["p_adj"], multipletests(tested["p"], method="holm")[1])
    untested = table.query("frame == 'f3' and level == 'document'").iloc[0]
    assert untested["method"] == "not tested" and "every document" in untested["caveat"]


def test_stratified_bootstrap_keeps_strata_sizes():
    strata = np.repeat([0, 1], [3, 5])
    seen = []

    def statistic(index):
        seen.append(np.bincount(strata[index], minlength=2))
        return float(index.size)

    low, high, n_valid = stratified_bootstrap(strata, statistic, n_bootstrap=50)
    assert (low, high, n_valid) == (8.0, 8.0, 50)
    assert all((counts == [3, 5]).all() for counts in seen)
