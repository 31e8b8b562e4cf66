"""The ``models`` table: per-frame regressions of frame use on outlet (and event).

For each frame two models are fitted:

* ``logit`` -- a binomial GLM of sentence-level frame presence on outlet and event, with
  standard errors clustered by document (Liang & Zeger 1986) and t(G - 1) reference
  distribution for G documents (Cameron & Miller 2015), because sentences of one article are
  not independent;
* ``count`` -- a Poisson GLM of a document's frame hits with ``log(n_tokens)`` as offset, so
  coefficients are log rate ratios per token; when the Pearson dispersion exceeds
  :data:`OVERDISPERSION` a negative binomial (NB2) model replaces it (Cameron & Trivedi 2013).

Problems are detected and reported, never raised or hidden: one outlet (nothing to compare),
a frame that never occurs, an event term confounded with outlet (dropped), outlets whose
frame use is all-or-nothing (separation: refitted with Firth's penalised likelihood,
:class:`framing.stats.firth.FirthRegression`), and outlets with a single document (cluster-
robust errors impossible: model-based errors, flagged).

Coefficients are reported on the log scale (``estimate``, ``se``, ``ci_low``, ``ci_high``)
and exponentiated (``ratio``, ``ratio_ci_low``, ``ratio_ci_high``: odds ratios for ``logit``,
rate ratios for ``count``) against the ``reference`` outlet.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from framing.stats.firth import FirthRegression
from framing.stats.multiplicity import adjust_pvalues
from framing.tables import SCHEMAS

#: Pearson chi-square / residual df above which the Poisson model is replaced by NB2.
OVERDISPERSION = 1.5
#: Fewer documents than this: cluster-robust errors are flagged as possibly too small.
FEW_CLUSTERS = 30
#: Extra columns of the models table, after the contract ones.
EXTRA_COLUMNS = ("ratio", "ratio_ci_low", "ratio_ci_high", "reference", "n_docs", "correction")


def frame_models(
    sentence_table: pd.DataFrame,
    document_table: pd.DataFrame,
    reference: str,
    *,
    alpha: float = 0.05,
    correction: str = "holm",
) -> pd.DataFrame:
    """Fit the logistic and count model of every frame and collect their coefficients.

    Parameters
    ----------
    sentence_table, document_table : DataFrame
        Output of :func:`framing.stats.design.sentence_design` and
        :func:`~framing.stats.design.document_design`.
    reference : str
        Outlet every other outlet is compared with.
    alpha : float
        Intervals have level ``1 - alpha``.
    correction : {"holm", "fdr_bh"}
        Adjustment of p-values; the family is all outlet and event coefficients of one model
        type (``logit`` or ``count``) across frames. Intercepts are not reported.

    Returns
    -------
    DataFrame
        The ``models`` table (contract columns, then ``ratio``, ``ratio_ci_low``,
        ``ratio_ci_high``, ``reference``, ``n_docs``, ``correction``). A model that cannot be
        fitted is one row with term ``"outlet"``, method ``"not fitted"`` and the reason in
        ``caveat``.

    References
    ----------
    Liang, K.-Y., & Zeger, S. L. (1986). Longitudinal data analysis using generalized linear
    models. *Biometrika*, 73(1), 13–22.

    Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to cluster-robust
    inference. *Journal of Human Resources*, 50(2), 317–372.

    Cameron, A. C., & Trivedi, P. K. (2013). *Regression Analysis of Count Data* (2nd ed.).
    Cambridge University Press.
    """
    rows: list[dict] = []
    for frame, docs in document_table.groupby("frame", sort=False):
        sents = sentence_table.loc[sentence_table["frame"] == frame]
        rows += _logit_rows(frame, sents, reference, alpha)
        rows += _count_rows(frame, docs, reference, alpha)
    table = pd.DataFrame(rows, columns=[*SCHEMAS["models"], *EXTRA_COLUMNS])
    table["reference"] = reference
    table["correction"] = correction
    for model in ("logit", "count"):
        mask = table["model"] == model
        table.loc[mask, "p_adj"] = adjust_pvalues(table.loc[mask, "p"].to_numpy(), correction)
    return table


def model_matrix(data: pd.DataFrame, reference: str) -> tuple[pd.DataFrame, list[str]]:
    """Treatment-coded design: intercept, ``outlet[...]`` dummies and, if identifiable, events.

    The event term is dropped (with a note) when the corpus has one event or when it is
    confounded with outlet, i.e. adding it would leave the design rank deficient -- as when
    every outlet covers a single event.

    Returns
    -------
    X : DataFrame
        The design matrix (float), columns named ``Intercept``, ``outlet[NAME]``,
        ``event[NAME]``.
    notes : list of str
        Plain-language notes about dropped terms.
    """
    outlets = [reference] + sorted(set(data["outlet"]) - {reference})
    X = pd.DataFrame({"Intercept": 1.0}, index=data.index)
    for outlet in outlets[1:]:
        X[f"outlet[{outlet}]"] = (data["outlet"] == outlet).astype(float)
    events = data["event"].value_counts()
    notes = []
    if len(events) > 1:
        event_reference = sorted(events.index, key=lambda e: (-events[e], e))[0]
        with_events = X.copy()
        for event in sorted(set(events.index) - {event_reference}):
            with_events[f"event[{event}]"] = (data["event"] == event).astype(float)
        if np.linalg.matrix_rank(with_events.to_numpy()) == with_events.shape[1]:
            X = with_events
        else:
            notes.append(
                "event is confounded with outlet (the outlets do not each cover several "
                "events), so it cannot be separated from outlet and was left out"
            )
    return X, notes


def _not_fitted(frame: str, model: str, n: int, n_docs: int, reason: str) -> list[dict]:
    return [
        {
            "frame": frame,
            "model": model,
            "term": "outlet",
            "n": n,
            "n_docs": n_docs,
            "method": "not fitted",
            "caveat": reason,
        }
    ]


def _precheck(data: pd.DataFrame, outcome: str, unit: str, reference: str) -> str:
    if data["outlet"].nunique() < 2:
        return "only one outlet; there is nothing to compare"
    if reference not in set(data["outlet"]):
        # without the reference level the outlet dummies sum to the intercept (rank deficient)
        return (
            f"the reference outlet {reference!r} has no {unit} to model; "
            "choose another reference outlet"
        )
    if data[outcome].sum() == 0:
        return f"the frame occurs in no {unit}; there is nothing to model"
    if outcome == "present" and data[outcome].min() == 1:
        return f"the frame occurs in every {unit}; there is nothing to model"
    return ""


def _separated_levels(data: pd.DataFrame, X: pd.DataFrame, outcome: str, binary: bool) -> list[str]:
    """Outlet or event levels in the model whose outcome is all zero (or, if binary, all one)."""
    levels = []
    modelled = ["outlet"] + (["event"] if any(c.startswith("event[") for c in X) else [])
    for column in modelled:
        grouped = data.groupby(column)[outcome]
        levels += [f"{column} {k!r} never" for k, v in grouped.max().items() if v == 0]
        if binary:
            levels += [f"{column} {k!r} always" for k, v in grouped.min().items() if v == 1]
    return levels


def _logit_rows(frame: str, data: pd.DataFrame, reference: str, alpha: float) -> list[dict]:
    n, n_docs = len(data), int(data["doc_id"].nunique())
    reason = _precheck(data, "present", "sentence", reference)
    if reason:
        return _not_fitted(frame, "logit", n, n_docs, reason)
    X, caveats = model_matrix(data, reference)
    y = data["present"].to_numpy(float)
    separated = _separated_levels(data, X, "present", binary=True)
    docs_per_outlet = data.groupby("outlet")["doc_id"].nunique()
    single = sorted(docs_per_outlet.index[docs_per_outlet < 2])
    if not separated:
        result, ok = _fit_glm(
            X, y, sm.families.Binomial(), None, groups=None if single else data["doc_id"]
        )
        if ok:
            if single:
                method = "GLM binomial logit, model-based SE"
                caveats.append(
                    f"{len(single)} outlet(s) have a single document, so sentences cannot be "
                    "clustered by document: model-based SEs treat sentences as independent "
                    "and overstate precision"
                )
            else:
                method = "GLM binomial logit, cluster-robust SE by document, t(G-1)"
                if n_docs < FEW_CLUSTERS:
                    caveats.append(
                        f"only {n_docs} documents (clusters): cluster-robust SEs may be too small"
                    )
            return _glm_rows(frame, "logit", result, X, alpha, n, n_docs, method, caveats)
        separated = ["maximum likelihood did not converge (near separation)"]
    caveats.append(
        "separation (" + ", ".join(separated) + " uses the frame): Firth penalised fit, "
        "profile-likelihood intervals, sentences treated as independent"
    )
    try:
        firth = FirthRegression("binomial", alpha=alpha).fit(X.to_numpy(), y)
    except (ValueError, np.linalg.LinAlgError) as err:  # singular design: say so, never crash
        return _not_fitted(frame, "logit", n, n_docs, f"penalised fit failed ({err})")
    return _firth_rows(frame, "logit", firth, X, n, n_docs, caveats)


def _count_rows(frame: str, data: pd.DataFrame, reference: str, alpha: float) -> list[dict]:
    data = data.loc[data["n_tokens"] > 0]
    n = n_docs = len(data)
    reason = _precheck(data, "hits", "document", reference)
    if reason:
        return _not_fitted(frame, "count", n, n_docs, reason)
    X, caveats = model_matrix(data, reference)
    y = data["hits"].to_numpy(float)
    offset = np.log(data["n_tokens"].to_numpy(float))
    separated = _separated_levels(data, X, "hits", binary=False)
    if not separated:
        result, ok = _fit_glm(X, y, sm.families.Poisson(), offset, groups=None)
        if ok:
            method = "GLM Poisson log link, offset log(tokens)"
            df_resid = n - X.shape[1]
            if df_resid <= 0:
                caveats.append(
                    "as many parameters as documents: the model is saturated and "
                    "overdispersion cannot be checked; SEs assume Poisson variation"
                )
            else:
                dispersion = float(result.pearson_chi2 / df_resid)
                if dispersion > OVERDISPERSION:
                    nb = _fit_negative_binomial(X, y, offset)
                    if nb is not None:
                        method = "negative binomial (NB2), offset log(tokens)"
                        caveats.append(f"Poisson dispersion {dispersion:.2f}: NB2 used")
                        return _glm_rows(frame, "count", nb, X, alpha, n, n_docs, method, caveats)
                    caveats.append(
                        f"Poisson dispersion {dispersion:.2f} but NB2 did not converge: "
                        "Poisson SEs are too small"
                    )
            if (data.groupby("outlet")["doc_id"].nunique() < 2).any():
                caveats.append("some outlets have one document: rate ratios compare articles")
            return _glm_rows(frame, "count", result, X, alpha, n, n_docs, method, caveats)
        separated = ["maximum likelihood did not converge"]
    caveats.append(
        "zero counts (" + ", ".join(separated) + " uses the frame): Firth penalised Poisson "
        "fit, profile-likelihood intervals"
    )
    try:
        firth = FirthRegression("poisson", alpha=alpha).fit(X.to_numpy(), y, offset)
    except (ValueError, np.linalg.LinAlgError) as err:  # singular design: say so, never crash
        return _not_fitted(frame, "count", n, n_docs, f"penalised fit failed ({err})")
    return _firth_rows(frame, "count", firth, X, n, n_docs, caveats)


def _fit_glm(X, y, family, offset, groups):
    """Fit a GLM; ``ok`` is False when it fails to converge or runs off towards separation."""
    model = sm.GLM(y, X, family=family, offset=offset)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if groups is None:
                result = model.fit()
            else:
                codes = pd.factorize(groups)[0]
                result = model.fit(cov_type="cluster", cov_kwds={"groups": codes}, use_t=True)
        except Exception:  # statsmodels raises on perfect separation / singular fits
            return None, False
    params = np.asarray(result.params)
    ok = bool(result.converged) and np.isfinite(result.bse).all() and np.abs(params).max() < 15
    return result, ok


def _fit_negative_binomial(X, y, offset):
    model = sm.NegativeBinomial(y, X, offset=offset, loglike_method="nb2")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = model.fit(disp=0, maxiter=200)
        except Exception:  # numerical failure: caller falls back to Poisson and says so
            return None
    if not result.mle_retvals.get("converged", False) or not np.isfinite(result.bse).all():
        return None
    return result


def _glm_rows(frame, model, result, X, alpha, n, n_docs, method, caveats) -> list[dict]:
    conf = np.asarray(result.conf_int(alpha=alpha))
    rows = []
    for i, term in enumerate(X.columns):
        if term == "Intercept":
            continue
        rows.append(
            _row(
                frame,
                model,
                term,
                float(np.asarray(result.params)[i]),
                float(np.asarray(result.bse)[i]),
                float(np.asarray(result.tvalues)[i]),
                float(np.asarray(result.pvalues)[i]),
                conf[i],
                n,
                n_docs,
                method,
                caveats,
            )
        )
    return rows


def _firth_rows(frame, model, firth, X, n, n_docs, caveats) -> list[dict]:
    method = f"Firth penalised {'logit' if model == 'logit' else 'Poisson'}, profile likelihood"
    rows = []
    for i, term in enumerate(X.columns):
        if term == "Intercept":
            continue
        p = float(firth.pvalues_[i])
        signed_root = float(np.sign(firth.coef_[i]) * np.sqrt(stats.chi2.isf(p, 1)))
        rows.append(
            _row(
                frame,
                model,
                term,
                float(firth.coef_[i]),
                float(firth.bse_[i]),
                signed_root,
                p,
                firth.conf_int_[i],
                n,
                n_docs,
                method,
                caveats,
            )
        )
    return rows


def _row(frame, model, term, estimate, se, statistic, p, ci, n, n_docs, method, caveats) -> dict:
    return {
        "frame": frame,
        "model": model,
        "term": term,
        "estimate": estimate,
        "se": se,
        "statistic": statistic,
        "p": float(np.clip(p, 0.0, 1.0)),
        "ci_low": float(ci[0]),
        "ci_high": float(ci[1]),
        "ratio": float(np.exp(estimate)),
        "ratio_ci_low": float(np.exp(ci[0])),
        "ratio_ci_high": float(np.exp(ci[1])),
        "n": n,
        "n_docs": n_docs,
        "method": method,
        "caveat": "; ".join(caveats),
    }
