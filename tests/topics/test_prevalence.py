import numpy as np
import pandas as pd
import patsy
import statsmodels.api as sm
from scipy import stats

from framing.topics.prevalence import COEF_DRAWS, topic_prevalence


def _units(sizes: dict[str, int], seed=0, base=None, n_range=(3, 9)):
    """Units of ``sizes[outlet]`` articles per outlet, with uncertain three-topic distributions.

    Topic 0's mean weight grows with the outlet's position; rows sum to 1.
    """
    rng = np.random.default_rng(seed)
    base = base or {o: 0.2 + 0.2 * i for i, o in enumerate(sizes)}
    docs, outlets, rows = [], [], []
    for outlet, n_articles in sizes.items():
        for a in range(n_articles):
            level = np.clip(base[outlet] + rng.normal(0, 0.1), 0.05, 0.9)
            for _ in range(rng.integers(*n_range)):
                first = np.clip(level + rng.normal(0, 0.15), 0.02, 0.96)
                split = rng.uniform(0.3, 0.7)
                rows.append([first, (1 - first) * split, (1 - first) * (1 - split)])
                docs.append(f"{outlet}{a}")
                outlets.append(outlet)
    return np.array(rows), np.array(docs), pd.DataFrame({"outlet": outlets})


def _article_table(weights, docs, outlets):
    """The article table built independently: proportion of each topic, units, outlet."""
    frame = pd.DataFrame(weights, columns=["t0", "t1", "t2"]).assign(doc=docs, outlet=outlets)
    table = frame.groupby("doc").agg(
        t0=("t0", "mean"),
        t1=("t1", "mean"),
        t2=("t2", "mean"),
        n=("t0", "size"),
        outlet=("outlet", "first"),
    )
    return table.reset_index()


def test_fractional_logit_equals_a_glm_on_the_article_table():
    weights, docs, covariates = _units({"A": 8, "B": 7, "C": 9}, seed=1)
    table = topic_prevalence(weights, [0, 1, 2], docs, covariates, method="distribution", n_draws=0)
    articles = _article_table(weights, docs, covariates["outlet"])
    X = patsy.dmatrix("C(outlet)", articles, return_type="dataframe")
    for topic in (0, 1, 2):
        glm = sm.GLM(
            articles[f"t{topic}"], X, family=sm.families.Binomial(), var_weights=articles["n"]
        ).fit(cov_type="HC0")  # statsmodels' GLM gives HC0 under any "HC" name
        rows = table[table["topic"] == topic]
        se = glm.bse * np.sqrt(len(articles) / (len(articles) - X.shape[1]))  # HC1
        z = glm.params / se
        np.testing.assert_allclose(rows["estimate"], glm.params, rtol=1e-8)
        np.testing.assert_allclose(rows["se"], se, rtol=1e-6)
        np.testing.assert_allclose(rows["p"], 2 * stats.norm.sf(np.abs(z)), rtol=1e-6)
        np.testing.assert_allclose(rows["ci_low"], glm.params - 1.959963984540054 * se)
        np.testing.assert_allclose(rows["ratio"], np.exp(glm.params), rtol=1e-8)
        # the HC1 sandwich by hand: scores n_i (y_i - mu_i) x_i, bread the weighted information
        x, y, n = X.to_numpy(), articles[f"t{topic}"].to_numpy(), articles["n"].to_numpy()
        mu = 1 / (1 + np.exp(-x @ rows["estimate"].to_numpy()))
        bread = np.linalg.inv(x.T @ (x * (n * mu * (1 - mu))[:, None]))
        scores = x * (n * (y - mu))[:, None]
        k = x.shape[1]
        hc1 = len(y) / (len(y) - k) * bread @ scores.T @ scores @ bread
        np.testing.assert_allclose(rows["se"], np.sqrt(np.diag(hc1)), rtol=1e-6)
    assert (table["n"] == 24).all() and (table["n_units"] == len(docs)).all()
    assert (table["unit"] == "article").all()
    assert table["method"].str.contains("treated as fixed").all()
    assert table["caveat"].str.contains("intervals omit topic-model uncertainty").all()


def test_hard_assignments_match_a_binomial_glm_on_counts():
    weights, docs, covariates = _units({"A": 6, "B": 6}, seed=2)
    hard = np.eye(3)[weights.argmax(axis=1)]
    table = topic_prevalence(hard, [0, 1, 2], docs, covariates)
    frame = pd.DataFrame({"doc": docs, "outlet": covariates["outlet"], "hit": hard[:, 0]})
    counts = frame.groupby("doc").agg(
        hit=("hit", "sum"), n=("hit", "size"), outlet=("outlet", "first")
    )
    X = np.c_[np.ones(len(counts)), counts["outlet"] == "B"].astype(float)
    glm = sm.GLM(
        np.c_[counts["hit"], counts["n"] - counts["hit"]], X, family=sm.families.Binomial()
    ).fit()
    np.testing.assert_allclose(table.query("topic == 0")["estimate"], glm.params, rtol=1e-8)
    assert table["method"].eq("fractional logit, topic assignments treated as fixed").all()


def test_single_article_outlets_never_enter_a_term():
    weights, docs, covariates = _units({"A": 6, "B": 5, "C": 1, "D": 1}, seed=3)
    covariates["event"] = np.where(covariates["outlet"] == "C", "only-in-C", "e1")
    covariates.loc[covariates["outlet"] == "B", "event"] = "e2"
    covariates.loc[docs == "A0", "event"] = "e2"
    table = topic_prevalence(weights, [0, 1, 2], docs, covariates, method="distribution", n_draws=5)
    assert not table["term"].str.contains("C|D|only-in-C").any()
    assert (
        table["caveat"]
        .str.contains(r"left out of the model, not testable \(1 article\): C, D")
        .all()
    )
    assert (table["n"] == 11).all()
    # the same as a fit on the other outlets' articles only
    kept = ~covariates["outlet"].isin(["C", "D"]).to_numpy()
    alone = topic_prevalence(
        weights[kept], [0, 1, 2], docs[kept], covariates[kept], method="distribution", n_draws=5
    )
    cols = ["term", "estimate", "ci_low", "ci_high", "p"]
    pd.testing.assert_frame_equal(table[cols], alone[cols])


def test_fewer_than_two_testable_outlets_is_not_fitted():
    weights, docs, covariates = _units({"A": 4, "B": 1}, seed=4)
    table = topic_prevalence(weights, [0, 1, 2], docs, covariates)
    assert len(table) == 3 and (table["method"] == "not fitted").all()
    assert table[["estimate", "p", "p_adj"]].isna().all().all()
    caveat = table["caveat"].iloc[0]
    assert caveat.startswith("not fitted: 1 outlet with at least 2 articles")
    assert "not testable (1 article): B" in caveat
    # min_articles raises the bar: outlet A's four articles are not enough for five
    table = topic_prevalence(weights, [0, 1, 2], docs, covariates, min_articles=5)
    assert "not testable (4 articles): A" in table["caveat"].iloc[0]


def test_collinear_and_constant_covariates_are_dropped_with_caveat():
    weights, docs, covariates = _units({"A": 4, "B": 4}, seed=5)
    covariates = covariates.assign(event=covariates["outlet"], lang="id")
    table = topic_prevalence(weights, [0, 1, 2], docs, covariates)
    assert set(table["term"]) == {"Intercept", "outlet[T.B]"}
    caveat = table["caveat"].iloc[0]
    assert "event dropped: collinear with outlet" in caveat and "lang has one level" in caveat
    assert (table["reference"] == "outlet A").all()


def test_composition_interval_is_at_least_as_wide_as_the_fixed_one():
    weights, docs, covariates = _units({"A": 10, "B": 10, "C": 10}, seed=6)
    composed = topic_prevalence(weights, [0, 1, 2], docs, covariates, method="distribution")
    fixed = topic_prevalence(weights, [0, 1, 2], docs, covariates, method="distribution", n_draws=0)
    assert (
        composed["method"]
        .eq("fractional logit, method of composition over topic assignments (25 draws)")
        .all()
    )
    assert not composed["caveat"].str.contains("treated as fixed").any()
    width = composed["ci_high"] - composed["ci_low"]
    assert (width >= fixed["ci_high"] - fixed["ci_low"]).all()
    # the pooled draws are centred near the fixed estimates (same estimand)
    np.testing.assert_allclose(composed["estimate"], fixed["estimate"], atol=0.35)
    # p-values come from M = 25 * COEF_DRAWS pooled draws and never fall below 1 / (M + 1)
    assert (composed["p"] >= 1 / (25 * COEF_DRAWS + 1)).all()


def test_composition_is_deterministic_with_a_seed():
    weights, docs, covariates = _units({"A": 5, "B": 5}, seed=7)
    args = (weights, [0, 1, 2], docs, covariates)
    first = topic_prevalence(*args, method="distribution", n_draws=8, random_state=3)
    again = topic_prevalence(*args, method="distribution", n_draws=8, random_state=3)
    other = topic_prevalence(*args, method="distribution", n_draws=8, random_state=4)
    pd.testing.assert_frame_equal(first, again)
    assert not np.allclose(first["estimate"], other["estimate"])


def test_holm_within_each_topic_and_families():
    weights, docs, covariates = _units({"A": 6, "B": 6, "C": 6}, seed=8)
    table = topic_prevalence(weights, [0, 1, 2], docs, covariates)
    intercepts = table["term"] == "Intercept"
    assert (
        table.loc[intercepts, "p_adj"].isna().all()
        and (table.loc[intercepts, "family"] == "").all()
    )
    for topic, rows in table[~intercepts].groupby("topic"):
        assert (rows["family"] == f"topic {topic}").all()
        # Holm by hand: sorted p times (m - rank), running maximum, capped at 1
        p = rows["p"].to_numpy()
        order = np.argsort(p)
        stepped = np.maximum.accumulate(p[order] * (len(p) - np.arange(len(p))))
        holm = np.empty_like(p)
        holm[order] = np.minimum(stepped, 1.0)
        np.testing.assert_allclose(rows["p_adj"], holm)


def test_an_outlet_without_the_topic_has_no_estimate():
    weights, docs, covariates = _units({"A": 5, "B": 5, "C": 5}, seed=9)
    hard = np.eye(3)[weights.argmax(axis=1)]
    in_c = (covariates["outlet"] == "C").to_numpy()
    hard[in_c] = [0, 1, 0]  # outlet C never uses topic 0 (nor topic 2)
    table = topic_prevalence(hard, [0, 1, 2], docs, covariates)
    row = table.query("topic == 0 and term == 'outlet[T.C]'").iloc[0]
    assert np.isnan(row["estimate"]) and np.isnan(row["p"])
    assert "outlet[T.C]: topic share 0% among its articles" in row["caveat"]
    # the other term is the fit without outlet C's articles
    alone = topic_prevalence(hard[~in_c], [0, 1, 2], docs[~in_c], covariates[~in_c])
    b = table.query("topic == 0 and term == 'outlet[T.B]'")["estimate"].iloc[0]
    assert abs(b - alone.query("topic == 0 and term == 'outlet[T.B]'")["estimate"].iloc[0]) < 1e-6
    z = abs(b) / table.query("topic == 0 and term == 'outlet[T.B]'")["se"].iloc[0]
    assert np.isfinite(z) and z < 50


def test_identical_articles_give_no_standard_error():
    docs = np.repeat([f"d{i}" for i in range(6)], 4)
    covariates = pd.DataFrame({"outlet": np.repeat(["A", "B"], 12)})
    topics = np.tile([0, 1, 1, 0], 6)  # every article half topic 0: no variation
    table = topic_prevalence(np.eye(2)[topics], [0, 1], docs, covariates)
    row = table.query("topic == 0 and term == 'outlet[T.B]'").iloc[0]
    assert np.isnan(row["se"]) and np.isnan(row["p"])
    assert "no between-article variation" in row["caveat"]
