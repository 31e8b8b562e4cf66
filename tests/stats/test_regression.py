"""Outlet-level models against statsmodels fitted directly to the ARTICLE rows.

* ``share``: statsmodels' binomial GLM on one row per article (endog ``[k, n - k]``, the same
  treatment-coded design), with the Pearson scale and t tests on N - p degrees of freedom,
  gives the same estimates, standard errors, p-values and intervals while the Pearson
  dispersion exceeds 1; below 1 the module keeps the binomial scale (φ truncated at 1), checked
  against the fit with ``scale=1``. (statsmodels' ``scale="X2"`` leaves the trials out of
  Pearson's statistic for a two-column endog, so the scale is taken from the same GLM written
  as shares with ``var_weights=n``, where ``scale="X2"`` is right, and checked against the
  two-column fit's ``pearson_chi2``);
* ``rate``: statsmodels' Poisson GLM with offset ``log(tokens)`` and ``scale="X2"``;
* the dispersion against Pearson's statistic by hand; articles without tokens leave the rate
  model only;
* separation: the Firth rows against :class:`FirthRegression` fitted to the cell totals with the
  dispersion of the articles around that fit computed by hand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import special, stats

from framing.stats.design import cell_design, event_identifiable, separated_levels
from framing.stats.dispersion import oneway_dispersion, pearson_dispersion, poisson_dispersion
from framing.stats.firth import FirthRegression
from framing.stats.regression import outlet_models


def _wide(seed, means, articles=6, events=("e1", "e2"), concentration=3.0):
    rng = np.random.default_rng(seed)
    rows = []
    for o, mean in enumerate(means):
        for a in range(articles):
            n = int(rng.integers(8, 30))
            k = int(rng.binomial(n, rng.beta(mean * concentration, (1 - mean) * concentration)))
            tokens = int(n * rng.integers(12, 25))
            hits = int(rng.poisson(tokens * rng.gamma(2.0, mean / 30)))
            rows.append(("abc"[o] + str(a), "ABC"[o], events[a % len(events)], k, n, hits, tokens))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "event", "k", "n", "hits", "tokens"])


def _design(wide, reference="A", with_event=True):
    """Treatment coding by hand: intercept, outlet dummies, event dummies (reference e1)."""
    columns = {"Intercept": np.ones(len(wide))}
    for outlet in sorted(set(wide["outlet"]) - {reference}):
        columns[f"outlet[{outlet}]"] = (wide["outlet"] == outlet).to_numpy(float)
    if with_event:
        for event in sorted(set(wide["event"]) - {"e1"}):
            columns[f"event[{event}]"] = (wide["event"] == event).to_numpy(float)
    return pd.DataFrame(columns)


def _rows(wide, model, reference="A"):
    rows = pd.DataFrame(outlet_models(wide, "f", reference, alpha=0.1))
    return rows[rows["model"] == model].set_index("term")


def _quasi_binomial(wide, X, **fit_options):
    """statsmodels' quasi-binomial fit of the article rows (Pearson scale, t on N - p df)."""
    endog = np.column_stack([wide["k"], wide["n"] - wide["k"]]).astype(float)
    counts = sm.GLM(endog, X, family=sm.families.Binomial()).fit(tol=1e-12)
    shares = sm.GLM(
        (wide["k"] / wide["n"]).to_numpy(), X, family=sm.families.Binomial(), var_weights=wide["n"]
    ).fit(tol=1e-12, scale="X2", use_t=True, **fit_options)
    np.testing.assert_allclose(shares.params, counts.params, rtol=1e-9)
    assert shares.scale == pytest.approx(counts.pearson_chi2 / counts.df_resid)
    return shares


def _compare(ours, fit, X, alpha=0.1):
    # the module stops IRLS at statsmodels' default tolerance, hence rtol 5e-5 on the errors
    terms = list(X.columns[1:])
    assert list(ours.index) == terms
    np.testing.assert_allclose(ours["estimate"], fit.params[1:], rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(ours["se"], fit.bse[1:], rtol=5e-5)
    np.testing.assert_allclose(ours["p"], fit.pvalues[1:], rtol=5e-5, atol=1e-12)
    interval = np.asarray(fit.conf_int(alpha))[1:]
    np.testing.assert_allclose(ours[["ci_low", "ci_high"]], interval, rtol=5e-5, atol=5e-5)
    np.testing.assert_allclose(ours["ratio"], np.exp(fit.params[1:]), rtol=1e-6)
    assert (ours["df"] == fit.df_resid).all() and (ours["inference"] == "Wald t").all()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_share_model_is_the_quasi_binomial_glm_on_articles(seed):
    wide = _wide(seed, [0.2, 0.35, 0.15])
    X = _design(wide)
    fit = _quasi_binomial(wide, X)
    assert fit.scale > 1  # overdispersed: the module uses Pearson's φ as is
    ours = _rows(wide, "share")
    _compare(ours, fit, X)
    assert ours["dispersion"].iloc[0] == pytest.approx(fit.scale)
    assert ours["method"].iloc[0] == "quasi-binomial logit" and (ours["n"] == len(wide)).all()
    # Pearson's X² / (N - p) written out
    share = special.expit(X.to_numpy() @ fit.params)
    x2 = np.sum((wide["k"] - wide["n"] * share) ** 2 / (wide["n"] * share * (1 - share)))
    assert fit.scale == pytest.approx(x2 / (len(wide) - X.shape[1]))


def test_underdispersed_share_model_keeps_the_binomial_scale():
    k = [2, 3, 2, 3, 2, 3, 5, 6, 5, 6, 5, 6, 1, 2, 1, 2, 1, 2]
    wide = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(18)],
            "outlet": np.repeat(["A", "B", "C"], 6),
            "event": ["e1", "e2"] * 9,
            "k": k,
            "n": 20,
            "hits": k,
            "tokens": 300,
        }
    )
    X = _design(wide)
    pearson = _quasi_binomial(wide, X)
    assert pearson.scale < 1
    endog = np.column_stack([wide["k"], wide["n"] - wide["k"]]).astype(float)
    fit = sm.GLM(endog, X, family=sm.families.Binomial()).fit(tol=1e-12, scale=1.0)
    ours = _rows(wide, "share")
    df = len(wide) - X.shape[1]
    np.testing.assert_allclose(ours["estimate"], fit.params[1:], rtol=1e-6)
    np.testing.assert_allclose(ours["se"], fit.bse[1:], rtol=5e-5)  # not shrunk by φ < 1
    t = fit.params[1:] / fit.bse[1:]
    np.testing.assert_allclose(ours["p"], 2 * stats.t.sf(np.abs(t), df), rtol=5e-5)
    assert (ours["dispersion"] == 1.0).all() and (ours["df"] == df).all()
    raw = pearson_dispersion(wide["k"], wide["n"], special.expit(X @ fit.params), X.shape[1])
    assert raw.phi == 1.0 and raw.raw == pytest.approx(pearson.scale)


@pytest.mark.parametrize("seed", [0, 3])
def test_rate_model_is_the_quasi_poisson_glm_with_log_token_offset(seed):
    wide = _wide(seed, [0.2, 0.35, 0.15])
    X = _design(wide)
    fit = sm.GLM(
        wide["hits"].to_numpy(float),
        X,
        family=sm.families.Poisson(),
        offset=np.log(wide["tokens"].to_numpy(float)),
    ).fit(tol=1e-12, scale="X2", use_t=True)
    assert fit.scale > 1
    ours = _rows(wide, "rate")
    _compare(ours, fit, X)
    assert ours["method"].iloc[0] == "quasi-Poisson, offset log(tokens)"
    mean = wide["tokens"] * np.exp(X.to_numpy() @ fit.params)
    x2 = np.sum((wide["hits"] - mean) ** 2 / mean) / (len(wide) - X.shape[1])
    assert ours["dispersion"].iloc[0] == pytest.approx(x2)


def test_articles_without_tokens_leave_only_the_rate_model():
    wide = _wide(4, [0.2, 0.3, 0.25])
    wide.loc[[1, 8], "tokens"] = 0  # sentences but no token count
    wide.loc[[1, 8], "hits"] = 50  # hits without exposure must not enter the rates
    share, rate = _rows(wide, "share"), _rows(wide, "rate")
    assert (share["n"] == 18).all() and (rate["n"] == 16).all()
    kept = wide[wide["tokens"] > 0].reset_index(drop=True)
    X = _design(kept)
    fit = sm.GLM(
        kept["hits"].to_numpy(float),
        X,
        family=sm.families.Poisson(),
        offset=np.log(kept["tokens"].to_numpy(float)),
    ).fit(tol=1e-12, scale="X2", use_t=True)
    _compare(rate, fit, X)


def test_event_confounded_with_outlet_is_left_out_with_a_note():
    wide = _wide(5, [0.2, 0.3, 0.4], events=("e1",))
    wide["event"] = wide["outlet"].map({"A": "e1", "B": "e2", "C": "e2"})
    assert not event_identifiable(wide, "outlet")
    ours = _rows(wide, "share")
    assert list(ours.index) == ["outlet[B]", "outlet[C]"]
    assert "event is confounded with outlet" in ours["caveat"].iloc[0]
    X = _design(wide, with_event=False)
    _compare(ours, _quasi_binomial(wide, X), X)


def test_cells_carry_the_article_totals():
    wide = _wide(6, [0.2, 0.3, 0.4])
    design = cell_design(wide, "outlet", "B")
    assert list(design.X.columns) == ["Intercept", "outlet[A]", "outlet[C]", "event[e2]"]
    sums = wide.groupby(["outlet", "event"])[["k", "n", "hits", "tokens"]].sum().reset_index()
    pd.testing.assert_frame_equal(
        design.cells[["outlet", "event", "k", "n", "hits", "tokens"]], sums, check_dtype=False
    )
    cell_of = design.cells.set_index(["outlet", "event"]).index
    pairs = zip(wide["outlet"], wide["event"], strict=True)
    expected = [cell_of.get_loc(pair) for pair in pairs]
    assert list(design.article_cell) == expected


def test_dispersion_estimates_by_hand():
    k, n, codes = np.array([2, 6, 4, 4, 0, 3]), np.full(6, 10), np.array([0, 0, 1, 1, 2, 2])
    share = np.array([8, 8, 3]) / 20
    p = share[codes]
    terms = np.where(p * (1 - p) > 0, (k - n * p) ** 2 / (n * p * (1 - p)), 0)
    one = oneway_dispersion(k, n, codes)
    assert one.raw == pytest.approx(terms.sum() / 3) and one.df == 3
    assert one.phi == max(1.0, one.raw)
    saturated = pearson_dispersion(k, n, k / n, n_params=6)
    assert saturated.phi == 1.0 and np.isnan(saturated.raw) and saturated.df == 0
    counts, exposure = np.array([1, 5, 0, 7]), np.array([100, 100, 0, 200])
    rate = np.full(4, 13 / 400)
    d = poisson_dispersion(counts, exposure, rate, 1)
    used = [(1, 100), (5, 100), (7, 200)]  # the article without tokens is left out
    expected = sum((y - t * 13 / 400) ** 2 / (t * 13 / 400) for y, t in used)
    assert d.df == 2 and d.raw == pytest.approx(expected / 2)


def test_separated_outlet_gets_the_firth_fit_with_article_dispersion():
    wide = _wide(7, [0.3, 0.25, 0.3], events=("e1",))
    wide.loc[wide["outlet"] == "C", "k"] = 0  # outlet C never uses the frame
    ours = _rows(wide, "share")
    design = cell_design(wide, "outlet", "A")
    assert separated_levels(design.cells, design.X, "k", "n") == [(2, "outlet 'C' never")]
    X, cells = design.X.to_numpy(), design.cells
    first = FirthRegression(profile=[]).fit(X, cells["k"], trials=cells["n"])
    fitted = special.expit(X @ first.coef_)[design.article_cell]
    phi = max(
        1.0,
        np.sum((wide["k"] - wide["n"] * fitted) ** 2 / (wide["n"] * fitted * (1 - fitted)))
        / (len(wide) - 3),
    )
    df = len(wide) - 3
    firth = FirthRegression(alpha=0.1, profile=[2], dispersion=phi, df=df).fit(
        X, cells["k"], trials=cells["n"]
    )
    row = ours.loc["outlet[C]"]
    assert row["dispersion"] == pytest.approx(phi) and row["df"] == df
    assert row["estimate"] == pytest.approx(firth.coef_[2]) and np.isfinite(row["estimate"])
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(tuple(firth.conf_int_[2]))
    assert row["p"] == pytest.approx(firth.pvalues_[2])
    assert row["inference"] == "profile likelihood F" and "Firth" in row["method"]
    assert "outlet 'C' never uses the frame" in row["caveat"]
    assert ours.loc["outlet[B]", "inference"] == "Wald t"
    assert (row["ci_high"] < 0) == (row["p"] < 0.1)  # profile test and interval agree


def test_frame_never_used_is_not_fitted():
    wide = _wide(8, [0.2, 0.3, 0.4]).assign(k=0, hits=0)
    rows = outlet_models(wide, "f", "A")
    assert [r["status"] for r in rows] == ["not fitted", "not fitted"]
    assert "occurs in no sentence" in rows[0]["caveat"]


def test_a_single_testable_outlet_gets_one_not_fitted_row():
    wide = _wide(9, [0.3])
    rows = outlet_models(wide, "f", "A")
    assert len(rows) == 1 and rows[0]["status"] == "not fitted"
    assert "fewer than two testable outlets" in rows[0]["caveat"]


def test_a_failed_profile_keeps_the_wald_test_with_a_note(monkeypatch):
    from framing.stats import firth_factor

    def singular(self, *args, **kwargs):
        raise np.linalg.LinAlgError("Singular matrix")

    monkeypatch.setattr(firth_factor.FactorFirth, "profile_contrast", singular)
    wide = _wide(7, [0.3, 0.25, 0.3], events=("e1",))
    wide.loc[wide["outlet"] == "C", "k"] = 0  # outlet C never uses the frame: Firth, profiled
    row = _rows(wide, "share").loc["outlet[C]"]
    assert row["inference"] == "Wald t" and np.isfinite(row["p"])
    assert "profile likelihood of this term failed" in row["caveat"]
