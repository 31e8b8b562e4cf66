"""Fractional logit of article-level topic proportions, with checks for separation.

One model per topic: the response is each article's proportion of units in the topic, the
weights are the articles' numbers of units, and the design is treatment-coded article
metadata (outlet, event). A level of a covariate whose articles have a pooled share of exactly
0 or 1 has an infinite coefficient (separation); its articles are left out of the fit, which
gives the limit of the other coefficients, and its term is reported as not estimable.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import patsy
import statsmodels.api as sm

#: Standard errors at or below this (relative to ``max(1, |estimate|)``) are not trusted: the
#: articles show no variation around the fitted shares.
SE_FLOOR = 1e-8
#: Fitted shares closer than this to 0 or 1 mean the fit ran into separation.
BOUNDARY = 1e-8


@dataclass(frozen=True)
class _Cells:
    """Distinct rows of a design (sorted as ``np.unique`` sorts them) and each article's row."""

    rows: np.ndarray
    inverse: np.ndarray


@dataclass
class Design:
    """A treatment-coded design matrix and what was left out of it.

    Attributes
    ----------
    matrix : DataFrame
        Columns ``Intercept`` and ``name[T.level]``, one row per article.
    references : dict of str to str
        Covariate -> its reference (first sorted) level, for covariates in the design.
    caveats : list of str
        Covariates left out (one level, or collinear with earlier ones).
    """

    matrix: pd.DataFrame
    references: dict[str, str] = field(default_factory=dict)
    caveats: list[str] = field(default_factory=list)
    _cells: _Cells | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def cells(self) -> _Cells:
        """The design's distinct rows and each article's row among them (computed once)."""
        if self._cells is None:
            X = np.ascontiguousarray(self.matrix.to_numpy(), dtype=float)
            keys = X.view(np.dtype((np.void, X.itemsize * X.shape[1]))).ravel()  # a row as a value
            _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
            self._cells = _Cells(X[first], inverse.ravel())
        return self._cells


@dataclass
class LogitFit:
    """One fractional logit: coefficients, sandwich covariance, and terms it could not estimate.

    Attributes
    ----------
    params : Series
        Estimates of the terms fitted (terms left out for separation are absent).
    cov : DataFrame
        HC1 covariance of ``params``.
    separated : dict of str to float
        Term -> the pooled share (0.0 or 1.0) of its level, for levels left out (NaN for a
        level none of whose articles was left in the fit).
    no_variation : list of str
        Terms whose standard error collapsed (articles identical around the fit).
    failed : str or None
        Why no model could be fitted, or None.
    """

    params: pd.Series
    cov: pd.DataFrame
    separated: dict[str, float] = field(default_factory=dict)
    no_variation: list[str] = field(default_factory=list)
    failed: str | None = None


def treatment_design(covariates: pd.DataFrame) -> Design:
    """Treatment-coded design of article covariates; constant or collinear ones drop out.

    Levels are sorted and the first is the reference. A covariate with one level, or one that
    would make the design rank deficient given the earlier ones (e.g. each outlet covering one
    event), is left out and named in ``caveats``.

    Examples
    --------
    >>> covariates = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "event": ["x", "x", "y", "y"]})
    >>> design = treatment_design(covariates)
    >>> list(design.matrix.columns), design.references, design.caveats
    (['Intercept', 'outlet[T.B]'], {'outlet': 'A'}, ['event dropped: collinear with outlet'])
    """
    covariates = covariates.astype(str)
    # the design is built on the distinct rows of covariates (the same levels, the same rank)
    # and then given to each article: patsy's cost follows the cells, not the articles
    distinct = covariates.drop_duplicates().reset_index(drop=True)
    if len(covariates.columns):
        row_of = pd.MultiIndex.from_frame(distinct).get_indexer(
            pd.MultiIndex.from_frame(covariates)
        )
    caveats: list[str] = []
    names: list[str] = []
    matrix = None
    for name in covariates.columns:
        if distinct[name].nunique() < 2:
            caveats.append(f"{name} has one level: not estimated")
            continue
        formula = " + ".join(f"C({n})" for n in [*names, name])
        candidate = patsy.dmatrix(formula, distinct, return_type="dataframe")
        if np.linalg.matrix_rank(candidate.to_numpy()) < candidate.shape[1]:
            caveats.append(f"{name} dropped: collinear with {', '.join(names)}")
            continue
        names, matrix = [*names, name], candidate
    if matrix is None:
        matrix = pd.DataFrame({"Intercept": np.ones(len(covariates))}, index=covariates.index)
    else:
        matrix = pd.DataFrame(
            matrix.to_numpy()[row_of], columns=matrix.columns, index=covariates.index
        )
    matrix.columns = [c.replace("C(", "").replace(")[", "[") for c in matrix.columns]
    references = {n: sorted(covariates[n].unique())[0] for n in names}
    return Design(matrix, references, caveats)


def _boundary(total: float, hits: float) -> float | None:
    """0.0 or 1.0 when ``hits`` of ``total`` is a share of exactly 0 or 1, else None."""
    if total <= 0:
        return None
    if hits <= 1e-12 * total:
        return 0.0
    if hits >= total * (1 - 1e-12):
        return 1.0
    return None


def _separation(
    share: np.ndarray, n_units: np.ndarray, design: Design
) -> tuple[np.ndarray, dict[str, float], str | None]:
    """Cells to keep: levels whose pooled share is 0 or 1 are left out, repeatedly.

    A level is a set of the design's cells (its distinct rows), so the pooled shares are
    summed cell by cell. Returns the cells kept (a mask over ``design.cells.rows``), the
    separated terms with their shares, and a reason when the reference level or the whole
    sample is at the boundary (no finite model then).
    """
    cells, names = design.cells, list(design.matrix.columns)
    X = cells.rows
    factors = {
        f: [j for j, c in enumerate(names) if c.startswith(f"{f}[")] for f in design.references
    }
    totals = np.bincount(cells.inverse, weights=n_units, minlength=len(X))
    hits = np.bincount(cells.inverse, weights=share * n_units, minlength=len(X))
    rows = np.ones(len(X), dtype=bool)
    separated: dict[str, float] = {}
    changed = True
    while changed:
        changed = False
        side = _boundary(totals[rows].sum(), hits[rows].sum())
        if side is not None:
            return rows, separated, f"the topic's share is {side:.0%} in every modelled article"
        for factor, reference in design.references.items():
            columns = [j for j in factors[factor] if names[j] not in separated]
            if not columns:
                continue
            members = X[:, columns] == 1
            level_totals = totals[rows] @ members[rows]
            level_hits = hits[rows] @ members[rows]
            for position, j in enumerate(columns):
                side = _boundary(level_totals[position], level_hits[position])
                if side is not None:
                    separated[names[j]], changed = side, True
                    rows = rows & ~members[:, position]
            base = rows & ~members.any(axis=1)
            side = _boundary(totals[base].sum(), hits[base].sum())
            if side is not None:
                reason = (
                    f"the reference {factor} {reference} has a topic share of {side:.0%}, so "
                    "every odds ratio against it is unbounded"
                )
                return rows, separated, reason
    return rows, separated, None


def fit_fractional_logit(share: np.ndarray, n_units: np.ndarray, design: Design) -> LogitFit:
    """Fit one fractional logit with HC1 (article-level sandwich) covariance.

    Binomial quasi-likelihood with logit link on the articles' proportions ``share``, with
    ``var_weights=n_units`` so that the estimand is the pooled share of units (the fit equals
    a binomial GLM on counts ``[share * n, n - share * n]``); the covariance is the
    heteroskedasticity-robust sandwich over articles with the ``n / (n - k)`` correction (HC1;
    statsmodels' GLM gives the uncorrected HC0 under every "HC" name, so the correction is
    applied here).

    Parameters
    ----------
    share : ndarray of shape (n_articles,)
        Each article's proportion of units in the topic.
    n_units : ndarray of shape (n_articles,)
        Each article's number of units.
    design : Design
        From :func:`treatment_design`.

    Returns
    -------
    LogitFit

    References
    ----------
    Papke, L. E., & Wooldridge, J. M. (1996). Econometric methods for fractional response
    variables with an application to 401(k) plan participation rates. Journal of Applied
    Econometrics, 11(6), 619-632.
    MacKinnon, J. G., & White, H. (1985). Some heteroskedasticity-consistent covariance matrix
    estimators with improved finite sample properties. Journal of Econometrics, 29(3), 305-325.

    Examples
    --------
    >>> design = treatment_design(pd.DataFrame({"outlet": ["A", "A", "B", "B"]}))
    >>> fit = fit_fractional_logit(
    ...     np.array([0.2, 0.4, 0.6, 0.7]), np.array([5.0, 5.0, 5.0, 10.0]), design
    ... )
    >>> round(float(np.exp(fit.params["Intercept"])), 3)  # odds of the pooled share 3/10
    0.429
    """
    empty = LogitFit(pd.Series(dtype=float), pd.DataFrame())
    rows, separated, reason = _separation(share, n_units, design)
    if reason is not None:
        empty.failed = reason
        return empty
    names = list(design.matrix.columns)
    X = design.cells.rows[rows]
    for j in np.flatnonzero((X == 0).all(axis=0)):
        separated.setdefault(names[j], float("nan"))  # its level's articles were all left out
    kept = [j for j, name in enumerate(names) if name not in separated]
    cells, terms = np.ascontiguousarray(X[:, kept]), [names[j] for j in kept]
    articles = rows[design.cells.inverse]
    n_articles = int(articles.sum())
    if n_articles - cells.shape[1] < 1:
        empty.failed = (
            f"{n_articles} article(s) for {cells.shape[1]} coefficient(s): no residual df"
        )
        return empty
    # Articles with one row of the (categorical) design share their fitted share, so the
    # quasi-likelihood is fitted on those cells -- the weighted mean share of each cell with
    # the cell's total weight gives the same estimating equations -- and the article-level
    # sandwich is summed cell by cell: the cost follows the cells, not the articles. The
    # cells are the design's distinct rows, found once per design; the columns left out here
    # are zero in every cell kept, so the cells stay distinct and in the same order.
    inverse = (np.cumsum(rows) - 1)[design.cells.inverse[articles]]
    y, w = share[articles], n_units[articles]
    weight = np.bincount(inverse, weights=w, minlength=len(cells))
    mean = np.bincount(inverse, weights=w * y, minlength=len(cells)) / weight
    if np.linalg.matrix_rank(cells) < cells.shape[1]:
        empty.failed = "the design is not identifiable once separated levels are left out"
        return empty
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = sm.GLM(mean, cells, family=sm.families.Binomial(), var_weights=weight)
        result = model.fit(tol=1e-12)
    mu = np.asarray(result.fittedvalues)
    if not result.converged or (mu < BOUNDARY).any() or (mu > 1 - BOUNDARY).any():
        empty.failed = "the fit did not converge to interior shares (separation)"
        return empty
    params = pd.Series(np.asarray(result.params), index=terms)
    # HC0 = bread · meat · bread with scores w_i (y_i - mu_i) x_i of the articles (Papke &
    # Wooldridge 1996), summed per cell; HC1 scales it by n / (n - k) (MacKinnon & White 1985)
    bread = np.linalg.inv((cells * (weight * mu * (1 - mu))[:, None]).T @ cells)
    squares = np.bincount(inverse, weights=(w * (y - mu[inverse])) ** 2, minlength=len(cells))
    meat = (cells * squares[:, None]).T @ cells
    hc1 = bread @ meat @ bread * n_articles / (n_articles - cells.shape[1])
    cov = pd.DataFrame(hc1, index=terms, columns=terms)
    se = np.sqrt(np.clip(np.diag(cov.to_numpy()), 0, None))
    floor = SE_FLOOR * np.maximum(1.0, np.abs(params.to_numpy()))
    flat = [t for t, s, f in zip(terms, se, floor, strict=True) if s <= f]
    return LogitFit(params, cov, separated, flat)
