"""``compare_outlets`` end to end, on synthetic corpora with known truth and on the sample corpus.

* Null with clustering: outlets share one Beta distribution of article-level framing, with high
  between-article variance. The article-level test must not reject (one seed, and at most a few
  rejections over 20 seeds) while scipy's sentence-level Pearson chi-square of the pooled
  outlet × framed table does (and does so far more often): the inflation articles as units
  remove.
* A real difference (Beta means 0.1 vs 0.4) is detected: p < 0.01, and the odds ratio's interval
  excludes 1.
* Single-article outlets never enter a p-value: not in any model term, contrast pair or test
  count, and changing their data leaves every p-value unchanged.
* Determinism, ``summary()``, ``to_latex()``, one-line configuration errors, frames without
  hits, groups, and the ``framing stats RUN_DIR`` command on saved tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from framing.cli import main
from framing.contract import read_table, write_table
from framing.errors import ConfigError
from framing.stats import compare_outlets

# small replicate counts; Benjamini-Hochberg except where Holm (the default) is the point, as
# statsmodels' Holm adjustment runs a full garbage collection on every call
FAST = {"n_permutations": 199, "n_bootstrap": 99, "correction": "fdr_bh"}


def _sentence_level_p(article_frames, frame="f"):
    """scipy's Pearson chi-square of the pooled outlet × (framed, not framed) table."""
    part = article_frames[article_frames["frame"] == frame]
    sums = part.groupby("outlet")[["sentences_with_frame", "sentences"]].sum().to_numpy()
    table = np.column_stack([sums[:, 0], sums[:, 1] - sums[:, 0]])
    return stats.chi2_contingency(table, correction=False)[1]


def _outlet_test(result, outcome="framed sentences", frame="f"):
    tests = result.tests
    rows = tests[(tests["level"] == "outlets") & (tests["outcome"] == outcome)]
    return rows[rows["frame"] == frame].iloc[0]


def _null_corpus(beta_articles, seed):
    # every outlet: Beta(0.5, 2) per article (mean 0.2, strong clustering within articles)
    return beta_articles(seed, [0.2] * 6, articles=6, sentences=20, concentration=2.5)


def test_clustered_null_is_not_rejected_where_the_sentence_level_test_is(beta_articles):
    data = _null_corpus(beta_articles, 3)
    result = compare_outlets(data, **FAST)
    row = _outlet_test(result)
    assert row["p"] >= 0.05 and row["status"] == "tested"
    assert _sentence_level_p(data) < 0.05  # sentences as units: a spurious difference
    assert row["dispersion"] > 3  # the clustering the sentence-level test ignores
    assert (result.models.query("level == 'outlets' and model == 'share'")["p"] >= 0.05).all()


def test_type_one_error_over_seeds(beta_articles):
    article_level = sentence_level = 0
    for seed in range(20):
        data = _null_corpus(beta_articles, seed)
        result = compare_outlets(data, random_state=seed, **FAST)
        article_level += _outlet_test(result)["p"] < 0.05
        sentence_level += _sentence_level_p(data) < 0.05
    assert article_level <= 3  # about 1 expected at the 5% level
    assert sentence_level >= 12 and sentence_level >= article_level + 10


@pytest.mark.parametrize("seed", [0, 3])
def test_a_real_difference_is_detected(beta_articles, seed):
    data = beta_articles(seed, [0.1, 0.4], articles=10, sentences=20, concentration=8)
    result = compare_outlets(data, **{**FAST, "n_permutations": 999}, random_state=seed)
    assert _outlet_test(result)["p"] < 0.01
    model = result.models.query("model == 'share' and term == 'outlet[O1]'").iloc[0]
    assert result.reference == "O0" and model["p"] < 0.01
    assert model["ratio"] > 1 and model["ratio_ci_low"] > 1  # excludes 1
    contrast = result.contrasts.iloc[0]
    assert contrast["p"] < 0.01 and contrast["ci_high"] < 1  # O0 against O1


def _with_single_article_outlets(beta_articles):
    """Four outlets of 4 articles (O0-O3) and three of one article (O4-O6), in two groups."""
    groups = ["g1", "g1", "g2", "g2", "g1", "g2", "g2"]
    means = [0.15, 0.3, 0.2, 0.35, 0.25, 0.1, 0.3]
    return beta_articles(
        11, means, articles=[4, 4, 4, 4, 1, 1, 1], frames=("f", "g"), groups=groups
    )


def test_single_article_outlets_never_enter_a_p_value(beta_articles):
    data = _with_single_article_outlets(beta_articles)
    singles = {"O4", "O5", "O6"}
    result = compare_outlets(data, **FAST)
    outlets = result.outlets.set_index("outlet")
    assert (outlets.loc[sorted(singles), "status"] == "not testable (1 article)").all()
    assert outlets.loc[["O0", "O1", "O2", "O3"], "testable"].all()
    tests = result.tests
    assert (tests.query("level == 'outlets'")["n_outlets"] == 4).all()
    assert (tests.query("level == 'outlets'")["outlets_excluded"] == 3).all()
    assert (tests.query("level == 'outlets'")["n"] == 16).all()
    assert (tests.query("level == 'groups'")["n_outlets"] == 4).all()
    terms = set(result.models["term"])
    assert not any(name in term for term in terms for name in singles)
    assert (result.models["n_outlets"] <= 4).all()
    pairs = set(result.contrasts["outlet_a"]) | set(result.contrasts["outlet_b"])
    assert not pairs & singles and {"g1", "g2"} <= pairs
    # all-framed single-article outlets: every p-value stays as it was
    changed = data.copy()
    single = changed["outlet"].isin(singles)
    changed.loc[single, "sentences_with_frame"] = changed.loc[single, "sentences"]
    changed.loc[single, "hits"] = 5 * changed.loc[single, "sentences"]
    again = compare_outlets(changed, **FAST)
    for name in ("tests", "models", "contrasts"):
        before, after = getattr(result, name), getattr(again, name)
        assert len(before) == len(after)
        for column in ("p", "p_adj", "statistic", "estimate", "ci_low", "ci_high"):
            if column in before:
                np.testing.assert_array_equal(before[column], after[column], err_msg=name)


def test_sample_corpus_tests_nothing_and_says_why(sample_article_frames, sample_tables):
    result = compare_outlets(sample_article_frames, sample_tables["documents"], **FAST)
    assert (result.outlets["status"] == "not testable (1 article)").all()
    assert len(result.outlets) == 5 and result.reference == ""
    assert (result.tests["status"] == "not tested").all() and result.tests["p"].isna().all()
    assert set(result.tests["frame"]) == {"friendship", "sanctions_violation", "western_accusation"}
    assert result.tests["caveat"].str.contains("fewer than two outlets can be tested").all()
    for table in (result.models, result.contrasts):
        assert table["p"].isna().all() and not table["status"].isin(["tested", "fitted"]).any()
    first = result.caveats[0]
    assert "of the 5 outlets" in first and "cannot be told apart" in first
    assert "no reference outlet" in result.reference_reason


def test_same_seed_same_tables_and_seed_matters(beta_articles):
    data = beta_articles(5, [0.2, 0.3, 0.25], articles=[5, 6, 7], frames=("a", "b"))
    first = compare_outlets(data, random_state=3, **FAST)
    second = compare_outlets(data, random_state=3, **FAST)
    for name, table in first.tables().items():
        pd.testing.assert_frame_equal(table, second.tables()[name], obj=name)
    other = compare_outlets(data, random_state=4, **FAST)
    assert not np.array_equal(first.tests["p"], other.tests["p"])  # Monte Carlo p-values
    np.testing.assert_array_equal(first.models["p"], other.models["p"])  # no randomness


def test_summary_latex_and_configuration_errors(beta_articles):
    data = beta_articles(6, [0.2, 0.3, 0.25], articles=[4, 4, 1])
    result = compare_outlets(data, n_permutations=199, n_bootstrap=99)  # Holm by default
    text = result.summary()
    for part in ("Outlet comparison", result.reference_reason, "What the data can support:"):
        assert part in text
    for name in ("tests", "models", "contrasts", "keyness"):
        assert f"\n{name}\n{'-' * len(name)}\n" in text
    tex = result.to_latex("models")
    assert tex.count(r"\toprule") == 1 and r"\bottomrule" in tex and "Correction: holm" in tex
    assert r"outlet[O1]" in tex
    with pytest.raises(ConfigError, match="no table 'outlets' to export"):
        result.to_latex("outlets")
    bad = [
        ({"reference": "Nope"}, "is not in the corpus"),
        ({"reference": "O2"}, r"is not testable \(1 article\)"),
        ({"correction": "bonferroni"}, "correction 'bonferroni' is not supported"),
        ({"keyness_correction": "none"}, "correction 'none' is not supported"),
        ({"alpha": 1.5}, "alpha 1.5 is not between 0 and 1"),
        ({"pairs": [("O0", "O2")]}, "names 'O2', which is not a testable outlet"),
        ({"min_articles": 1}, "at least 2 articles"),
    ]
    for options, message in bad:
        with pytest.raises(ConfigError, match=message) as err:
            compare_outlets(data, **{**FAST, **options})
        assert "\n" not in str(err.value)


def test_frames_without_hits_are_kept_and_flagged(beta_articles):
    data = beta_articles(7, [0.2, 0.3, 0.25], articles=4)
    result = compare_outlets(data, frames=["ghost", "f"], **FAST)
    assert list(dict.fromkeys(result.tests["frame"])) == ["ghost", "f"]
    ghost = result.tests[result.tests["frame"] == "ghost"]
    assert len(ghost) == 2 and (ghost["status"] == "not tested").all()
    assert ghost["caveat"].str.startswith("the frame occurs in no").all()
    models = result.models[result.models["frame"] == "ghost"]
    assert len(models) and (models["status"] == "not fitted").all()
    contrasts = result.contrasts[result.contrasts["frame"] == "ghost"]
    assert len(contrasts) == 3 and (contrasts["status"] == "not tested").all()
    assert any("No framed sentence at all for ghost" in c for c in result.caveats)
    assert (result.tests.query("frame == 'f'")["status"] == "tested").all()


def test_groups_give_group_rows_in_tests_models_and_contrasts(beta_articles):
    groups = ["state", "state", "state", "west", "west", "west"]
    data = beta_articles(
        9, [0.1, 0.15, 0.2, 0.3, 0.35, 0.4], articles=4, groups=groups, events=["e1", "e2"]
    )
    result = compare_outlets(data, **FAST)
    assert result.outlet_groups["testable"].all()
    tests = result.tests.query("level == 'groups'")
    assert len(tests) == 2 and (tests["n_groups"] == 2).all() and (tests["n_outlets"] == 6).all()
    assert tests["method"].str.startswith("permutation over outlets, exact").all()
    assert (tests["n"] == 24).all() and (tests["p_min"] >= 0.1 - 1e-12).all()  # 20 assignments
    models = result.models.query("level == 'groups'")
    assert set(models["model"]) == {"share", "mixed share"}
    assert set(models["term"]) == {"group[west]", "event[e2]"}
    contrasts = result.contrasts.query("level == 'groups'")
    assert contrasts[["outlet_a", "outlet_b"]].values.tolist() == [["state", "west"]]
    assert contrasts["unit"].iloc[0] == "article (clustered by outlet)"
    outlets = result.models.query("level == 'outlets' and model == 'share'")
    assert set(outlets["term"]) == {f"outlet[O{i}]" for i in range(1, 6)} | {"event[e2]"}


def _documents(article_frames):
    rng = np.random.default_rng(0)
    words = ["sanksi", "persahabatan", "barat", "kunjungan", "rudal", "damai", "tuduhan"]
    docs = article_frames.drop_duplicates("doc_id")
    texts = [" ".join(rng.choice(words, 40)) for _ in range(len(docs))]
    return pd.DataFrame(
        {
            "doc_id": docs["doc_id"].to_numpy(),
            "outlet": docs["outlet"].to_numpy(),
            "date": pd.Timestamp("2024-06-19"),
            "date_source": "metadata",
            "event": docs["event"].to_numpy(),
            "language": "id",
            "language_source": "metadata",
            "title": "t",
            "url": "",
            "source": "",
            "byline": None,
            "text": texts,
            "n_tokens": 40,
        }
    )


def test_command_line_on_saved_tables(beta_articles, tmp_path, capsys):
    data = beta_articles(12, [0.2, 0.35, 0.25], articles=[4, 5, 1], frames=("f", "g"))
    write_table(data, tmp_path, "article_frames")
    write_table(_documents(data), tmp_path, "documents")
    argv = ["stats", str(tmp_path), "--permutations", "99", "--bootstrap", "99", "--latex"]
    assert main([*argv, "--pair", "O0:O1", "--correction", "fdr_bh"]) == 0
    tests, models = read_table(tmp_path, "tests"), read_table(tmp_path, "models")
    contrasts, outlets = read_table(tmp_path, "contrasts"), read_table(tmp_path, "outlets")
    assert set(tests["frame"]) == {"f", "g"} and set(tests["correction"]) == {"fdr_bh"}
    assert (tests.query("level == 'outlets'")["n_outlets"] == 2).all()
    assert set(models["term"]) == {"outlet[O0]"}  # O1, with most articles, is the reference
    assert contrasts[["outlet_a", "outlet_b"]].drop_duplicates().values.tolist() == [["O0", "O1"]]
    assert outlets.set_index("outlet").loc["O2", "status"] == "not testable (1 article)"
    assert len(read_table(tmp_path, "keyness"))
    assert (tmp_path / "tables" / "tests.tex").read_text().startswith(r"\begin{table}")
    notes = read_table(tmp_path, "notes")
    assert (notes["stage"] == "stats").any()
    expected = compare_outlets(
        data, _documents(data), pairs=[("O0", "O1")], correction="fdr_bh", n_permutations=99,
        n_bootstrap=99,
    )  # fmt: skip
    np.testing.assert_allclose(tests["p"], expected.tests["p"])
    capsys.readouterr()
    assert main([*argv, "--reference", "O2"]) == 2
    err = capsys.readouterr().err
    (error,) = [ln for ln in err.splitlines() if not ln.startswith("[framing]")]
    assert error.startswith("framing: error: reference outlet 'O2' is not testable")
