import numpy as np
import pandas as pd

from framing.topics.prevalence import topic_prevalence


def _data(n_docs=30, seed=0):
    rng = np.random.default_rng(seed)
    docs = np.repeat([f"d{i}" for i in range(n_docs)], 3)
    outlet = np.where(np.arange(len(docs)) % 2 == 0, "A", "B")
    y = (rng.random(len(docs)) < np.where(outlet == "A", 0.2, 0.6)).astype(float)
    return docs, outlet, y


def test_dummy_coefficient_is_the_difference_in_means():
    docs, outlet, y = _data()
    table = topic_prevalence(np.c_[y, 1 - y], [0, 1], docs, pd.DataFrame({"outlet": outlet}))
    row = table.query("topic == 0 and term == 'outlet[T.B]'").iloc[0]
    assert abs(row["estimate"] - (y[outlet == "B"].mean() - y[outlet == "A"].mean())) < 1e-12
    assert "cluster-robust" in row["method"]
    assert row["ci_low"] < row["estimate"] < row["ci_high"]


def test_hc3_errors_match_a_direct_computation():
    docs, outlet, y = _data(n_docs=6)
    table = topic_prevalence(y[:, None], [0], docs, pd.DataFrame({"outlet": outlet}))
    X = np.c_[np.ones(len(y)), outlet == "B"].astype(float)
    beta = np.linalg.solve(X.T @ X, X.T @ y)
    resid = y - X @ beta
    bread = np.linalg.inv(X.T @ X)
    leverage = np.einsum("ij,jk,ik->i", X, bread, X)
    meat = X.T @ (X * (resid**2 / (1 - leverage) ** 2)[:, None])
    se = np.sqrt(np.diag(bread @ meat @ bread))
    np.testing.assert_allclose(table["se"].to_numpy(), se, rtol=1e-10)
    assert table["caveat"].str.contains("HC3").all()


def test_collinear_and_constant_covariates_are_dropped_with_caveat():
    docs, outlet, y = _data(n_docs=4)
    covariates = pd.DataFrame({"outlet": outlet, "event": outlet, "lang": "id"})
    table = topic_prevalence(y[:, None], [0], docs, covariates)
    assert set(table["term"]) == {"Intercept", "outlet[T.B]"}
    caveat = table["caveat"].iloc[0]
    assert "event dropped: collinear with outlet" in caveat and "lang has one level" in caveat


def test_cluster_robust_errors_match_a_direct_sandwich():
    docs, outlet, y = _data(n_docs=30, seed=3)
    table = topic_prevalence(y[:, None], [0], docs, pd.DataFrame({"outlet": outlet}))
    X = np.c_[np.ones(len(y)), outlet == "B"].astype(float)
    bread = np.linalg.inv(X.T @ X)
    resid = y - X @ (bread @ X.T @ y)
    scores = pd.DataFrame(X * resid[:, None]).groupby(docs).sum().to_numpy()
    n, k, g = len(y), X.shape[1], len(set(docs))
    correction = g / (g - 1) * (n - 1) / (n - k)  # Cameron & Miller (2015), eq. 11
    se = np.sqrt(np.diag(correction * bread @ scores.T @ scores @ bread))
    np.testing.assert_allclose(table["se"].to_numpy(), se, rtol=1e-10)
    assert table["method"].str.contains("cluster-robust by document").all()
