"""The ``models`` table, outlet level: how each testable outlet differs from the reference.

Two models per frame, both of **article** counts (fitted to covariate cells, :mod:`design`):

* ``share`` -- a quasi-binomial logit model of each article's framed sentences out of its
  sentences on outlet (+ event where identifiable): binomial mean, variance inflated by the
  between-article dispersion ``φ`` (:mod:`dispersion`), Wald t tests on ``N - p`` degrees of
  freedom (Wedderburn 1974; McCullagh & Nelder 1989). Coefficients are log odds ratios
  against the reference outlet.
* ``rate`` -- a quasi-Poisson log-linear model of each article's hits with ``log(tokens)`` as
  offset: log rate ratios per token, same scaling.

Where an outlet (or event) never -- or, for shares, always -- uses the frame, maximum
likelihood runs off to infinity (separation); the model is then refitted with Firth's (1993)
penalised likelihood on the cells (its cost depends on cells and parameters, not sentences),
with profile penalised likelihood tests and intervals for the separated terms (Heinze &
Schemper 2002), scaled by ``φ``. Outlets with too few articles never enter (see
:mod:`framing.stats.units`).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from framing.stats.coefficients import coefficient_row, not_fitted
from framing.stats.design import CellDesign, cell_design, separated_levels
from framing.stats.dispersion import Dispersion, pearson_dispersion, poisson_dispersion
from framing.stats.firth_factor import FactorFirth
from framing.stats.methods import (
    FIRTH_LOGIT_PROFILE,
    FIRTH_LOGIT_WALD,
    FIRTH_POISSON_PROFILE,
    FIRTH_POISSON_WALD,
    QUASI_BINOMIAL,
    QUASI_POISSON,
)

#: The Firth method of each (share model, profiled term).
FIRTH = {
    (True, True): FIRTH_LOGIT_PROFILE,
    (True, False): FIRTH_LOGIT_WALD,
    (False, True): FIRTH_POISSON_PROFILE,
    (False, False): FIRTH_POISSON_WALD,
}
#: Largest |coefficient| accepted from maximum likelihood before calling it separation.
RUNAWAY = 15.0


def outlet_models(
    wide: pd.DataFrame,
    frame: str,
    reference: str,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
) -> list[dict]:
    """Rows of the ``share`` and ``rate`` models of one frame (outlet level).

    Parameters
    ----------
    wide : DataFrame
        One row per article of the testable outlets: ``outlet``, ``event``, ``n``, ``k``
        (framed sentences of this frame), ``hits``, ``tokens``.
    frame : str
    reference : str
        Reference outlet.
    alpha, power : float
        Interval level and power of the minimum detectable effect.

    Returns
    -------
    list of dict
        Rows of the models table (without ``p_adj``, ``family`` and ``correction``).

    References
    ----------
    Wedderburn, R. W. M. (1974). Quasi-likelihood functions, generalized linear models, and
    the Gauss-Newton method. *Biometrika*, 61(3), 439-447.

    McCullagh, P., & Nelder, J. A. (1989). *Generalized Linear Models* (2nd ed.). Chapman &
    Hall.

    Firth, D. (1993). Bias reduction of maximum likelihood estimates. *Biometrika*, 80(1),
    27-38.

    Heinze, G., & Schemper, M. (2002). A solution to the problem of separation in logistic
    regression. *Statistics in Medicine*, 21(16), 2409-2419.
    """
    design = cell_design(wide, "outlet", reference)
    base = {"frame": frame, "level": "outlets", "reference": reference, "unit": "article"}
    base["n_outlets"] = int(wide["outlet"].nunique())
    options = {"alpha": alpha, "power": power}
    if base["n_outlets"] < 2:  # nothing to set against the reference: say so, no empty table
        row = {**base, "model": "share", "n": len(wide)}
        return [_not_fitted(row, "fewer than two testable outlets: nothing to compare")]
    return [
        *_fit(design, wide, "share", base, **options),
        *_fit(design, wide, "rate", base, **options),
    ]


def _fit(design: CellDesign, wide: pd.DataFrame, model: str, base: dict, **options) -> list[dict]:
    binary = model == "share"
    successes, trials = ("k", "n") if binary else ("hits", "tokens")
    cells = design.cells
    if not binary:
        # the rate model uses the articles with tokens (hits without exposure are left out)
        # and the cells they fall in; the article-to-cell index is rebuilt on those articles
        with_tokens = wide["tokens"].to_numpy() > 0
        index = design.article_cell[with_tokens]
        hits = wide["hits"].to_numpy(float)[with_tokens]
        cells = cells.assign(hits=np.bincount(index, weights=hits, minlength=len(cells)))
        keep = (cells["tokens"] > 0).to_numpy()
        position = np.cumsum(keep) - 1
        design = CellDesign(design.X[keep], cells[keep], position[index], design.notes)
        wide, cells = wide[with_tokens], design.cells
    row = {**base, "model": model, "n": len(wide)}
    if cells[successes].sum() == 0:
        unit = "sentence" if binary else "article"
        return [_not_fitted(row, f"the frame occurs in no {unit} of the testable outlets")]
    if binary and cells[successes].sum() == cells[trials].sum():
        return [_not_fitted(row, "the frame occurs in every sentence of the testable outlets")]
    X = design.X.to_numpy()
    separated = separated_levels(cells, design.X, successes, trials if binary else "")
    separated += _reference_separation(cells, design.X, successes, trials, binary)
    caveats = list(design.notes)
    if not separated:
        result = _glm(cells, X, successes, trials, binary)
        if result is not None:
            dispersion = _dispersion(wide, design, result.params, binary, X.shape[1])
            cov = np.asarray(result.cov_params()) * dispersion.phi
            return _wald_rows(row, design, result.params, cov, dispersion, caveats, **options)
        separated = [(j, "near separation") for j in range(1, X.shape[1])]
    caveats.append(
        "separation ("
        + ", ".join(sorted({phrase for _, phrase in separated}))
        + " uses the frame): Firth penalised fit, profile likelihood for those terms"
    )
    return _firth_rows(
        row, design, wide, binary, {j for j, _ in separated}, successes, trials, caveats, **options
    )


def _firth_rows(row, design, wide, binary, profiled, successes, trials, caveats, **options):
    """Firth on the cells with the outlet factor's structure (:class:`FactorFirth`)."""
    cells, columns = design.cells, list(design.X.columns)
    outlet_terms = [c for c in columns if c.startswith("outlet[")]
    event_terms = [c for c in columns if c.startswith("event[")]
    level = np.zeros(len(cells), dtype=np.int64)  # the reference outlet is level 0
    for j, term in enumerate(outlet_terms, start=1):
        level[design.X[term].to_numpy() > 0] = j
    Z = design.X[event_terms].to_numpy(float)
    y = cells[successes].to_numpy(float)
    family = "binomial" if binary else "poisson"
    try:
        firth = FactorFirth(family, alpha=options["alpha"]).fit(
            level, Z, y, **_fit_args(cells, trials, binary)
        )
    except (ValueError, np.linalg.LinAlgError) as err:  # singular design: say so, never crash
        return [_not_fitted(row, f"penalised fit failed ({err})")]
    params = np.concatenate([[firth.theta_[0]], firth.theta_[1:] - firth.theta_[0], firth.gamma_])
    dispersion = _dispersion(wide, design, params, binary, len(columns))
    firth.dispersion, firth.df = dispersion.phi, dispersion.df or None
    rows = []
    for term in outlet_terms + event_terms:
        index = columns.index(term)
        if term.startswith("outlet["):
            j = outlet_terms.index(term) + 1
            wald, profile = firth.contrast(j, 0), lambda j=j: firth.profile_contrast(j, 0)
        else:
            k = event_terms.index(term)
            wald, profile = firth.covariate(k), lambda k=k: firth.profile_covariate(k)
        p, interval = (wald["p"], wald["interval"])
        # event terms are nuisance parameters: profiling each of hundreds would refit the model
        # hundreds of times for rows no test reads, so they keep the penalised Wald interval
        profiled_term = index in profiled and term.startswith("outlet[")
        notes = caveats
        if profiled_term:
            try:
                p, interval = profile()
            except (ValueError, np.linalg.LinAlgError, FloatingPointError) as err:
                # the profile's refits met a singular matrix: the penalised Wald test stands
                profiled_term = False
                notes = [*caveats, f"the profile likelihood of this term failed ({err}); "
                         "penalised Wald interval and p-value instead"]  # fmt: skip
        rows.append(
            _term_row(
                row,
                term,
                wald["estimate"],
                wald["se"],
                p,
                interval,
                dispersion,
                FIRTH[(binary, profiled_term)].label,
                "profile likelihood F" if profiled_term else "Wald t",
                notes,
                **options,
            )  # fmt: skip
        )
    return rows


def _fit_args(cells: pd.DataFrame, trials: str, binary: bool) -> dict:
    if binary:
        return {"trials": cells[trials].to_numpy(float)}
    return {"offset": np.log(cells[trials].to_numpy(float))}


def _glm(cells: pd.DataFrame, X: np.ndarray, successes: str, trials: str, binary: bool):
    """Maximum likelihood on the cells, or None when it fails or runs off (separation)."""
    if binary:
        endog = np.column_stack([cells[successes], cells[trials] - cells[successes]])
        model = sm.GLM(endog.astype(float), X, family=sm.families.Binomial())
    else:
        model = sm.GLM(
            cells[successes].to_numpy(float),
            X,
            family=sm.families.Poisson(),
            offset=np.log(cells[trials].to_numpy(float)),
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = model.fit()
        except Exception:  # statsmodels raises on perfect separation / singular fits
            return None
    params = np.asarray(result.params)
    if not result.converged or not np.isfinite(result.bse).all() or np.abs(params).max() > RUNAWAY:
        return None
    return result


def _dispersion(wide, design, params, binary, n_params) -> Dispersion:
    """φ from the articles' Pearson residuals around the cell-level fit."""
    eta = design.X.to_numpy() @ np.asarray(params)
    if not binary:
        rate = np.exp(eta)[design.article_cell]
        return poisson_dispersion(wide["hits"], wide["tokens"], rate, n_params)
    share = 1 / (1 + np.exp(-eta))
    return pearson_dispersion(wide["k"], wide["n"], share[design.article_cell], n_params)


def _reference_separation(cells, X, successes, trials, binary) -> list:
    """The factor's reference level never (or always) uses the frame: every contrast runs off."""
    factor_columns = [c for c in X.columns if not c.startswith(("Intercept", "event["))]
    at_reference = (X[factor_columns] == 0).all(axis=1).to_numpy()
    yes = cells.loc[at_reference, successes].sum()
    if yes == 0 or (binary and yes == cells.loc[at_reference, trials].sum()):
        word = "never" if yes == 0 else "always"
        return [(X.columns.get_loc(c), f"the reference {word}") for c in factor_columns]
    return []


def _wald_rows(row, design, params, cov, dispersion, caveats, **options) -> list[dict]:
    params = np.asarray(params)
    se = np.sqrt(np.diag(cov))
    df = dispersion.df or None
    quantile = stats.t.isf(options["alpha"] / 2, df) if df else stats.norm.isf(options["alpha"] / 2)
    t = params / se
    p = 2 * (stats.t.sf(np.abs(t), df) if df else stats.norm.sf(np.abs(t)))
    method = (QUASI_BINOMIAL if row["model"] == "share" else QUASI_POISSON).label
    rows = []
    for j, term in enumerate(design.X.columns):
        if term == "Intercept":
            continue
        interval = (params[j] - quantile * se[j], params[j] + quantile * se[j])
        rows.append(
            _term_row(
                row,
                term,
                params[j],
                se[j],
                p[j],
                interval,
                dispersion,
                method,
                "Wald t",
                caveats,
                **options,
            )  # fmt: skip
        )
    return rows


def _term_row(
    row, term, estimate, se, p, interval, dispersion, method, inference, caveats, **options
) -> dict:
    notes = list(caveats)
    if np.isnan(dispersion.raw):
        notes.append("as many parameters as articles: overdispersion could not be checked")
    return coefficient_row(
        row, term, estimate, se, p, interval, df=dispersion.df or None, dispersion=dispersion.phi,
        method=method, inference=inference, caveats=notes, **options,
    )  # fmt: skip


def _not_fitted(row: dict, reason: str) -> dict:
    return not_fitted(row, "outlet", reason)
