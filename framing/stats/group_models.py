"""The ``models`` table, group level: do declared groups of outlets frame differently?

When a study declares outlet groups (state media, Western press …), the question is about
groups, and the outlets inside a group are a sample of it: articles are nested in outlets,
outlets in groups. Two models per frame, on the testable outlets of the testable groups:

* ``share`` -- a binomial logit model of each article's framed sentences on group (+ event),
  with standard errors clustered by **outlet** (CR1) and t(G - 1) reference distribution for
  G outlets (Liang & Zeger 1986; Cameron & Miller 2015): population-averaged, robust to any
  correlation of articles within an outlet;
* ``mixed share`` -- a linear mixed model of each article's share of framed sentences with a
  random intercept per outlet (REML; Laird & Ware 1982), the between-outlet variation made
  explicit; group terms are tested on G - q degrees of freedom (the between-within method;
  Schluchter & Elashoff 1990). Its estimand is the mean article share, not the pooled share.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from framing.stats.coefficients import coefficient_row, not_fitted
from framing.stats.design import (
    cell_design,
    model_events,
    pooled_event_notes,
    reference_level,
    with_event_columns,
)
from framing.stats.methods import GROUP_CLUSTERED, GROUP_MIXED

#: Fewer outlets (clusters) than this: cluster-robust errors are flagged as possibly too small.
FEW_CLUSTERS = 30


def group_models(wide: pd.DataFrame, frame: str, *, alpha: float = 0.05, power: float = 0.8):
    """Rows of the group-level ``share`` (cluster-robust) and ``mixed share`` models of a frame.

    Parameters
    ----------
    wide : DataFrame
        One row per article of the compared outlets: ``group``, ``outlet``, ``event``, ``n``,
        ``k``, ``hits``, ``tokens``.
    frame : str
    alpha, power : float

    Returns
    -------
    list of dict
        Rows of the models table (without ``p_adj``, ``family`` and ``correction``).

    References
    ----------
    Liang, K.-Y., & Zeger, S. L. (1986). Longitudinal data analysis using generalized linear
    models. *Biometrika*, 73(1), 13-22.

    Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to cluster-robust
    inference. *Journal of Human Resources*, 50(2), 317-372.

    Laird, N. M., & Ware, J. H. (1982). Random-effects models for longitudinal data.
    *Biometrics*, 38(4), 963-974.

    Schluchter, M. D., & Elashoff, J. D. (1990). Small-sample adjustments to tests with
    unbalanced repeated measures assuming several covariance structures. *Journal of
    Statistical Computation and Simulation*, 37(1-2), 69-87.
    """
    reference = reference_level(wide.drop_duplicates("outlet")["group"])
    base = {"frame": frame, "level": "groups", "reference": reference, "unit": "article"}
    base.update(n=len(wide), n_outlets=int(wide["outlet"].nunique()))
    options = {"alpha": alpha, "power": power}
    return [*_clustered_share(wide, base, **options), *_mixed_share(wide, base, **options)]


def cluster_robust_cov(
    X: np.ndarray, fitted: np.ndarray, weights: np.ndarray, residuals: np.ndarray, clusters, n_obs
) -> np.ndarray:
    """CR1 sandwich ``c · B M B`` of a canonical-link GLM from per-row scores.

    ``B = (X' W X)⁻¹``, ``M = Σ_g s_g s_g'`` with ``s_g`` the summed scores ``x_i r_i`` of
    cluster g, and ``c = G/(G-1) · (N-1)/(N-p)`` with N observations (articles) and p
    parameters, as Stata and statsmodels scale it.

    Parameters
    ----------
    X : array (rows, p)
    fitted : array
        Unused except for its length (kept for clarity of the call sites).
    weights : array
        IRLS weights of each row (``n p (1-p)`` for a binomial row of ``n`` trials).
    residuals : array
        Score residuals of each row (``k - n p``).
    clusters : array
        Cluster of each row.
    n_obs : int
        Number of observations behind the rows (articles), for the small-sample factor.
    """
    bread = np.linalg.inv(X.T @ (weights[:, None] * X))
    codes = pd.factorize(pd.Series(clusters))[0]
    g = int(codes.max()) + 1
    scores = np.zeros((g, X.shape[1]))
    np.add.at(scores, codes, X * residuals[:, None])
    meat = scores.T @ scores
    p = X.shape[1]
    factor = g / (g - 1) * (n_obs - 1) / (n_obs - p)
    return factor * bread @ meat @ bread


def _clustered_share(wide: pd.DataFrame, base: dict, **options) -> list[dict]:
    row = {**base, "model": "share"}
    design = cell_design(wide, "group", base["reference"])
    cells, X = design.cells, design.X
    yes = cells.groupby("group")["k"].sum()
    total = cells.groupby("group")["n"].sum()
    stuck = [g for g in yes.index if yes[g] == 0 or yes[g] == total[g]]
    if stuck:
        which = ", ".join(f"{g!r}" for g in stuck)
        return [_not_fitted(row, f"group(s) {which} never (or always) use the frame")]
    endog = np.column_stack([cells["k"], cells["n"] - cells["k"]]).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = sm.GLM(endog, X.to_numpy(), family=sm.families.Binomial()).fit()
        except Exception as err:  # numerical failure: one flagged row, never a crash
            return [_not_fitted(row, f"fit failed ({err})")]
    params = np.asarray(result.params)
    share = np.asarray(result.fittedvalues)
    n = cells["n"].to_numpy(float)
    cov = cluster_robust_cov(
        X.to_numpy(), share, n * share * (1 - share), cells["k"].to_numpy(float) - n * share,
        cells["cluster"], len(wide),
    )  # fmt: skip
    se = np.sqrt(np.diag(cov))
    n_clusters = int(cells["cluster"].nunique())
    df = n_clusters - 1
    caveats = list(design.notes)
    if n_clusters < FEW_CLUSTERS:
        caveats.append(
            f"only {n_clusters} outlets (clusters): cluster-robust errors may be too small"
        )
    method = GROUP_CLUSTERED.label
    return [
        _row(row, term, params[j], se[j], df, method, caveats, **options)
        for j, term in enumerate(X.columns)
        if term != "Intercept"
    ]


def _mixed_share(wide: pd.DataFrame, base: dict, **options) -> list[dict]:
    row = {**base, "model": "mixed share"}
    data = wide.assign(share=wide["k"] / wide["n"])
    if data["share"].std() == 0:
        return [_not_fitted(row, "every article has the same share: nothing to model")]
    groups = [base["reference"]] + sorted(set(data["group"]) - {base["reference"]})
    X = pd.DataFrame({"Intercept": 1.0}, index=data.index)
    for group in groups[1:]:
        X[f"group[{group}]"] = (data["group"] == group).astype(float)
    between = X.shape[1]
    events, pooled, capped = model_events(data, "group")  # as the share model pools them
    caveats = pooled_event_notes(pooled, capped, "group")
    if events.nunique() > 1:
        with_events = with_event_columns(X, events, events)
        if np.linalg.matrix_rank(with_events.to_numpy()) == with_events.shape[1]:
            X = with_events
        else:
            caveats.append("event is confounded with group and was left out")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = sm.MixedLM(data["share"].to_numpy(), X, groups=data["outlet"]).fit(reml=True)
        except Exception as err:  # singular or non-convergent fit: a flagged row
            return [_not_fitted(row, f"mixed model did not fit ({err})")]
    with warnings.catch_warnings():  # a covariance that is not positive definite: NaN errors
        warnings.simplefilter("ignore")
        se = np.asarray(result.bse_fe, dtype=float)
    if not np.isfinite(se).all():
        caveats.append(
            "the fixed effects' covariance is not positive definite: some standard errors "
            "could not be computed"
        )
    if not result.converged:
        caveats.append("REML did not converge: treat with caution")
    if any("boundary" in str(w.message).lower() for w in caught):
        caveats.append("between-outlet variance on the boundary (estimated as 0)")
    variance = float(np.asarray(result.cov_re)[0, 0])
    icc = variance / (variance + float(result.scale)) if variance + result.scale > 0 else np.nan
    caveats.append(f"between-outlet SD {np.sqrt(max(variance, 0)):.3f}, ICC {icc:.2f}")
    caveats.append("estimand: mean article share (articles weighted equally)")
    n_outlets = int(data["outlet"].nunique())
    method = GROUP_MIXED.label
    rows = []
    for j, term in enumerate(X.columns):
        if term == "Intercept":
            continue
        # group terms vary between outlets, event terms within them
        df = n_outlets - between if j < between else len(data) - n_outlets - (X.shape[1] - between)
        rows.append(
            _row(
                row,
                term,
                result.fe_params.iloc[j],
                se[j],
                max(df, 1),
                method,
                caveats,
                ratio=False,
                **options,
            )  # fmt: skip
        )
    return rows


def _row(row, term, estimate, se, df, method, caveats, *, alpha, power, ratio=True) -> dict:
    """A Wald t row on ``df`` degrees of freedom."""
    quantile = stats.t.isf(alpha / 2, df)
    return coefficient_row(
        row, term, estimate, se, 2 * stats.t.sf(abs(estimate / se), df),
        (estimate - quantile * se, estimate + quantile * se), df=int(df), method=method,
        inference="Wald t", caveats=caveats, alpha=alpha, power=power, ratio=ratio,
    )  # fmt: skip


def _not_fitted(row: dict, reason: str) -> dict:
    return not_fitted(row, "group", reason)
