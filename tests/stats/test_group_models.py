"""Group-level models against statsmodels fitted directly to the article rows.

* ``share``: statsmodels' binomial GLM on one row per article with ``cov_type="cluster"``
  grouped by outlet (CR1: G/(G-1) (N-1)/(N-p)) gives the same coefficients and standard
  errors; p-values on t(G - 1) by hand;
* ``mixed share``: ``statsmodels.MixedLM`` (random intercept per outlet, REML) on the article
  shares gives the same fixed effects and standard errors; the between-within degrees of
  freedom (G - q for group terms, N - G - e for event terms) are counted by hand;
* :func:`cluster_robust_cov` against the sandwich written out with numpy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from framing.stats.group_models import cluster_robust_cov, group_models


def _wide(seed, outlets=6, articles=5, events=("e1", "e2")):
    """Outlets O0.. in groups g1 (first half) and g2; outlet means vary within groups."""
    rng = np.random.default_rng(seed)
    rows = []
    for o in range(outlets):
        group = "g1" if o < outlets // 2 else "g2"
        mean = rng.uniform(0.1, 0.25) if group == "g1" else rng.uniform(0.2, 0.4)
        for a in range(articles):
            n = int(rng.integers(10, 30))
            k = int(rng.binomial(n, rng.beta(4 * mean, 4 * (1 - mean))))
            rows.append((f"O{o}-{a}", f"O{o}", group, events[a % len(events)], k, n, k, 15 * n))
    columns = ["doc_id", "outlet", "group", "event", "k", "n", "hits", "tokens"]
    return pd.DataFrame(rows, columns=columns)


def _design(wide, events=True):
    X = pd.DataFrame({"Intercept": 1.0, "group[g2]": (wide["group"] == "g2") * 1.0})
    if events:
        X["event[e2]"] = (wide["event"] == "e2") * 1.0
    return X


def _rows(wide, model):
    rows = pd.DataFrame(group_models(wide, "f", alpha=0.05))
    return rows[rows["model"] == model].set_index("term")


@pytest.mark.parametrize("seed", [0, 1])
def test_cluster_robust_share_model_equals_statsmodels(seed):
    wide = _wide(seed)
    X = _design(wide)
    endog = np.column_stack([wide["k"], wide["n"] - wide["k"]]).astype(float)
    outlet = pd.factorize(wide["outlet"])[0]
    fit = sm.GLM(endog, X, family=sm.families.Binomial()).fit(
        tol=1e-12, cov_type="cluster", cov_kwds={"groups": outlet}
    )
    ours = _rows(wide, "share")
    assert list(ours.index) == ["group[g2]", "event[e2]"]
    np.testing.assert_allclose(ours["estimate"], fit.params[1:], rtol=1e-6)
    np.testing.assert_allclose(ours["se"], fit.bse[1:], rtol=1e-5)
    t = ours["estimate"] / ours["se"]
    np.testing.assert_allclose(ours["p"], 2 * stats.t.sf(np.abs(t), 5))
    assert (ours["df"] == 5).all() and (ours["n"] == len(wide)).all()
    assert (ours["reference"] == "g1").all() and (ours["n_outlets"] == 6).all()
    assert "only 6 outlets (clusters)" in ours["caveat"].iloc[0]
    half = stats.t.isf(0.025, 5) * ours["se"]
    np.testing.assert_allclose(ours["ci_high"] - ours["estimate"], half)


@pytest.mark.filterwarnings("ignore::statsmodels.tools.sm_exceptions.ConvergenceWarning")
@pytest.mark.parametrize(("seed", "boundary"), [(3, False), (0, True)])
def test_mixed_model_equals_statsmodels_mixedlm_with_between_within_df(seed, boundary):
    wide = _wide(seed, outlets=8, articles=4)
    X = _design(wide)
    share = (wide["k"] / wide["n"]).to_numpy()
    fit = sm.MixedLM(share, X.to_numpy(), groups=wide["outlet"]).fit(reml=True)
    ours = _rows(wide, "mixed share")
    assert ("on the boundary" in ours["caveat"].iloc[0]) == boundary
    np.testing.assert_allclose(ours["estimate"], fit.fe_params[1:], rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(ours["se"], fit.bse_fe[1:], rtol=1e-5)
    # between-within df: group varies between the 8 outlets (G - 2 parameters: intercept and
    # group); event varies within them (N - G - 1 for its one parameter)
    assert ours.loc["group[g2]", "df"] == 8 - 2
    assert ours.loc["event[e2]", "df"] == len(wide) - 8 - 1
    for term, row in ours.iterrows():
        assert row["p"] == pytest.approx(2 * stats.t.sf(abs(row["statistic"]), row["df"])), term
    assert np.isnan(ours["ratio"]).all()  # a difference in mean shares, not a ratio
    variance = float(np.asarray(fit.cov_re)[0, 0])
    icc = variance / (variance + fit.scale)
    assert f"ICC {icc:.2f}" in ours["caveat"].iloc[0]


def test_group_confounded_event_is_dropped_from_both_models():
    wide = _wide(3)
    wide["event"] = wide["group"].map({"g1": "e1", "g2": "e2"})
    share, mixed = _rows(wide, "share"), _rows(wide, "mixed share")
    assert list(share.index) == list(mixed.index) == ["group[g2]"]
    assert "2 events covered by a single group are pooled" in share["caveat"].iloc[0]
    X = _design(wide, events=False)
    endog = np.column_stack([wide["k"], wide["n"] - wide["k"]]).astype(float)
    fit = sm.GLM(endog, X, family=sm.families.Binomial()).fit(
        tol=1e-12, cov_type="cluster", cov_kwds={"groups": pd.factorize(wide["outlet"])[0]}
    )
    assert share["se"].iloc[0] == pytest.approx(fit.bse.iloc[1], rel=1e-5)


def test_a_group_that_never_uses_the_frame_is_not_fitted():
    wide = _wide(4)
    wide.loc[wide["group"] == "g2", "k"] = 0
    share = _rows(wide, "share")
    assert share["status"].tolist() == ["not fitted"]
    assert "'g2' never (or always)" in share["caveat"].iloc[0]


def test_cluster_robust_cov_is_the_cr1_sandwich():
    rng = np.random.default_rng(9)
    X = np.column_stack([np.ones(12), rng.integers(0, 2, 12), rng.normal(size=12)])
    weights, residuals = rng.uniform(1, 3, 12), rng.normal(size=12)
    clusters = np.repeat(["a", "b", "c", "d"], 3)
    bread = np.linalg.inv(X.T @ np.diag(weights) @ X)
    scores = np.vstack([(X * residuals[:, None])[clusters == c].sum(axis=0) for c in "abcd"])
    expected = 4 / 3 * 11 / 9 * bread @ scores.T @ scores @ bread
    ours = cluster_robust_cov(X, np.zeros(12), weights, residuals, clusters, 12)
    np.testing.assert_allclose(ours, expected)


def test_many_events_share_the_capped_levels_in_both_models():
    """Hundreds of events (an aligned corpus of thousands of articles) get at most
    MAX_EVENT_LEVELS columns in either model; the others are pooled with a note. One column
    per event made the mixed model's design tens of thousands of columns wide at 10,000
    articles and ran out of memory."""
    from framing.stats.design import MAX_EVENT_LEVELS, POOLED_EVENTS

    events = tuple(f"e{i:03d}" for i in range(60))
    wide = _wide(3, outlets=8, articles=60, events=events)
    rows = pd.DataFrame(group_models(wide, "f", alpha=0.05))
    for model in ("share", "mixed share"):
        terms = rows.loc[rows["model"] == model, "term"]
        event_terms = [t for t in terms if t.startswith("event[")]
        assert 0 < len(event_terms) <= MAX_EVENT_LEVELS
        assert f"event[{POOLED_EVENTS}]" in event_terms or len(event_terms) == MAX_EVENT_LEVELS
        caveat = rows.loc[rows["model"] == model, "caveat"].iloc[0]
        assert f"keep the {MAX_EVENT_LEVELS} largest events" in caveat
