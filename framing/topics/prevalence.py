"""Topic prevalence regression in the manner of stm's ``estimateEffect``: share ~ outlet + event."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import patsy
import statsmodels.api as sm

PREVALENCE_COLUMNS = (
    "topic",
    "term",
    "estimate",
    "se",
    "statistic",
    "p",
    "ci_low",
    "ci_high",
    "n",
    "method",
    "caveat",
)
#: Fewest documents for cluster-robust standard errors by document.
MIN_CLUSTERS = 20


def _design(covariates: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Treatment-coded design; covariates with one level or collinear with earlier ones drop out."""
    caveats: list[str] = []
    terms: list[str] = []
    design = None
    for name in covariates.columns:
        values = covariates[name].astype(str)
        if values.nunique() < 2:
            caveats.append(f"{name} has one level: not estimated")
            continue
        candidate = [*terms, f"C({name})"]
        matrix = patsy.dmatrix(
            " + ".join(candidate), covariates.astype(str), return_type="dataframe"
        )
        if np.linalg.matrix_rank(matrix.to_numpy()) < matrix.shape[1]:
            caveats.append(f"{name} dropped: collinear with {', '.join(t[2:-1] for t in terms)}")
            continue
        terms, design = candidate, matrix
    if design is None:
        design = pd.DataFrame({"Intercept": np.ones(len(covariates))}, index=covariates.index)
    design.columns = [c.replace("C(", "").replace(")[", "[") for c in design.columns]
    return design, caveats


def topic_prevalence(
    weights: np.ndarray,
    topic_ids: Sequence[int],
    doc_ids: Sequence[str],
    covariates: pd.DataFrame,
    *,
    confidence: float = 0.95,
    method: str = "assignment",
) -> pd.DataFrame:
    """Regress each topic's unit-level share on outlet and event (one OLS per topic).

    As in stm's ``estimateEffect``, the response is the topic proportion (here of each unit:
    its one-hot assignment, or its ``approximate_distribution`` row) and the covariates are
    document metadata, treatment-coded against their first level (sorted). Unlike stm, there is
    no posterior over proportions to sample (the "method of composition"), so the intervals
    reflect sampling of units only. Standard errors are cluster-robust by document when there
    are at least :data:`MIN_CLUSTERS` documents, otherwise HC3 with a caveat (paragraphs of one
    article are not independent). A covariate with one level, or collinear with the earlier
    ones (e.g. each outlet covering one event), is left out and named in ``caveat``.

    Parameters
    ----------
    weights : ndarray of shape (n_units, n_topics)
    topic_ids : sequence of int
        Topic of each column of ``weights``.
    doc_ids : sequence of str
        Document of each unit (the clusters).
    covariates : DataFrame
        One row per unit, e.g. columns ``outlet`` and ``event``; missing values become "NA".
    confidence : float, default=0.95
    method : str, default="assignment"

    Returns
    -------
    DataFrame
        One row per (topic, term), columns :data:`PREVALENCE_COLUMNS`.

    References
    ----------
    Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package for structural
    topic models. Journal of Statistical Software, 91(2), 1-40.
    MacKinnon, J. G., & White, H. (1985). Some heteroskedasticity-consistent covariance matrix
    estimators with improved finite sample properties. Journal of Econometrics, 29(3), 305-325.
    """
    covariates = covariates.reset_index(drop=True).fillna("NA").astype(str)
    design, caveats = _design(covariates)
    n_docs = len(set(doc_ids))
    groups = pd.factorize(pd.Series(list(doc_ids)))[0]
    if n_docs >= MIN_CLUSTERS:
        cov = {"cov_type": "cluster", "cov_kwds": {"groups": groups}}
        se_kind = "cluster-robust by document"
    else:
        cov = {"cov_type": "HC3"}
        se_kind = "HC3"
        caveats.append(
            f"{n_docs} documents: HC3 errors treat units as independent, which understates uncertainty"
        )
    df_resid = len(design) - design.shape[1]
    if df_resid < 1:
        caveats.append("no residual degrees of freedom: standard errors not estimable")
    rows = []
    for j, topic in enumerate(topic_ids):
        y = np.asarray(weights, dtype=float)[:, j]
        if df_resid < 1:
            fit = sm.OLS(y, design).fit()
            se = pd.Series(np.nan, index=design.columns)
            stat = p = se
            low = high = se
        else:
            fit = sm.OLS(y, design).fit(**cov)
            se, stat, p = fit.bse, fit.tvalues, fit.pvalues
            interval = fit.conf_int(alpha=1.0 - confidence)
            low, high = interval[0], interval[1]
        for term in design.columns:
            rows.append(
                {
                    "topic": int(topic),
                    "term": term,
                    "estimate": float(fit.params[term]),
                    "se": float(se[term]),
                    "statistic": float(stat[term]),
                    "p": float(p[term]),
                    "ci_low": float(low[term]),
                    "ci_high": float(high[term]),
                    "n": len(y),
                    "method": f"OLS on {method} shares, {se_kind}",
                    "caveat": "; ".join(caveats),
                }
            )
    return pd.DataFrame(rows, columns=list(PREVALENCE_COLUMNS))
