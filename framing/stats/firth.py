"""Firth-type penalised likelihood regression for binary and count outcomes.

Maximum likelihood breaks down when an outlet never (or always) uses a frame: under this
*separation* the estimate runs off to infinity and statsmodels reports nonsense or fails.
Firth's (1993) penalty, the Jeffreys prior ``0.5 * log det I(beta)``, removes the first-order
bias of the ML estimate and keeps it finite under separation (Heinze & Schemper 2002). It is
not in statsmodels, so it is implemented here for the two canonical-link models the package
fits: logistic (``family="binomial"``) and log-linear Poisson (``family="poisson"``, with an
offset for exposure).

The binomial model takes **grouped** data: ``y`` successes of ``trials`` (framed sentences of
an article, or of all articles sharing a covariate pattern). Because the likelihood and the
information ``X' W X`` depend on the data only through the totals of each covariate pattern,
the fit on per-pattern totals equals the fit on articles and on sentences, at a cost that
depends on the patterns and parameters alone.

Confidence intervals and p-values are **profile penalised likelihood** ones, as Heinze &
Schemper (2002) recommend, because Wald intervals are unreliable exactly where the penalty is
needed; Wald standard errors (from the information matrix at the penalised estimate) are also
reported. With an overdispersion ``φ`` (quasi-likelihood) the likelihood-ratio statistics are
divided by ``φ`` and referred to F(1, df) (McCullagh & Nelder 1989, sec. 9.2).
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, special, stats

_FAMILIES = ("binomial", "poisson")


class FirthRegression:
    """Firth-penalised logistic or Poisson regression fitted by Newton–Raphson.

    Parameters
    ----------
    family : {"binomial", "poisson"}
        Logistic regression (logit link) or Poisson regression (log link).
    max_iter : int
        Maximum Newton–Raphson iterations (each with step halving on the penalised likelihood).
    tol : float
        Convergence tolerance on the largest absolute change in a coefficient.
    alpha : float
        Significance level of the profile likelihood intervals (0.05 gives 95% intervals).
    profile : "all" or sequence of int
        Coefficients whose p-values and intervals come from the profile penalised likelihood;
        the others get Wald ones from the penalised information (cheaper, and adequate away
        from separation).
    dispersion : float
        Quasi-likelihood scale ``φ`` (1: plain likelihood). Wald variances are multiplied by it
        and likelihood-ratio statistics divided by it.
    df : int, optional
        Residual degrees of freedom of ``φ``: statistics are referred to t(df) and F(1, df)
        rather than to the normal and chi-square distributions.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        Penalised maximum likelihood estimates (log-odds or log-rate scale).
    bse_ : ndarray
        Wald standard errors, square roots of the diagonal of the inverse information at
        ``coef_``.
    conf_int_ : ndarray of shape (n_features, 2)
        Profile penalised likelihood confidence intervals.
    pvalues_ : ndarray
        P-values of each coefficient being zero: penalised likelihood ratio tests for the
        profiled coefficients, Wald tests for the others.
    profiled_ : ndarray of bool
        Which coefficients have profile (rather than Wald) inference.
    loglik_ : float
        Penalised log-likelihood at ``coef_``.
    n_iter_ : int
        Newton–Raphson iterations used.
    converged_ : bool
        Whether the fit met ``tol`` within ``max_iter`` iterations.

    References
    ----------
    Firth, D. (1993). Bias reduction of maximum likelihood estimates. *Biometrika*, 80(1),
    27–38.

    Heinze, G., & Schemper, M. (2002). A solution to the problem of separation in logistic
    regression. *Statistics in Medicine*, 21(16), 2409–2419.

    McCullagh, P., & Nelder, J. A. (1989). *Generalized Linear Models* (2nd ed.). Chapman &
    Hall.

    Examples
    --------
    >>> X = np.column_stack([np.ones(6), [0, 0, 0, 1, 1, 1]])
    >>> y = np.array([0, 0, 1, 1, 1, 1])  # separated: group 1 always 1
    >>> model = FirthRegression().fit(X, y)
    >>> bool(np.isfinite(model.coef_).all())
    True
    """

    def __init__(
        self,
        family: str = "binomial",
        max_iter: int = 100,
        tol: float = 1e-8,
        alpha: float = 0.05,
        profile="all",
        dispersion: float = 1.0,
        df: int | None = None,
    ) -> None:
        self.family = family
        self.max_iter = max_iter
        self.tol = tol
        self.alpha = alpha
        self.profile = profile
        self.dispersion = dispersion
        self.df = df

    def fit(
        self,
        X: np.ndarray,
        y: np.ndarray,
        offset: np.ndarray | None = None,
        trials: np.ndarray | None = None,
    ) -> FirthRegression:
        """Fit the penalised model.

        Parameters
        ----------
        X : array of shape (n_samples, n_features)
            Design matrix, including an intercept column if one is wanted. Must have full
            column rank.
        y : array of shape (n_samples,)
            Successes (binomial; 0/1 for ungrouped data) or non-negative counts (poisson).
        offset : array of shape (n_samples,), optional
            Known term added to the linear predictor (e.g. ``log(tokens)`` for rates).
        trials : array of shape (n_samples,), optional
            Binomial trials of each row (default 1).

        Returns
        -------
        FirthRegression
            The fitted estimator.
        """
        if self.family not in _FAMILIES:
            raise ValueError(f"family must be one of {_FAMILIES}, not {self.family!r}")
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        offset = np.zeros(len(y)) if offset is None else np.asarray(offset, dtype=float)
        if self.family == "binomial":
            trials = np.ones(len(y)) if trials is None else np.asarray(trials, dtype=float)
            offset = np.column_stack([offset, trials])  # the trials travel with the offset
        if np.linalg.matrix_rank(X) < X.shape[1]:
            raise ValueError("design matrix is rank deficient; drop collinear columns first")
        self._data = (X, y, offset)
        beta, self.n_iter_, self.converged_ = self._newton(np.zeros(X.shape[1]), free=None)
        self.coef_ = beta
        self.loglik_ = penalised_loglik(beta, X, y, offset, self.family)
        info = _information(beta, X, offset, self.family)
        self.bse_ = np.sqrt(np.diag(np.linalg.inv(info)) * self.dispersion)
        p = X.shape[1]
        profiled = range(p) if isinstance(self.profile, str) else list(self.profile)
        self.profiled_ = np.zeros(p, dtype=bool)
        self.profiled_[list(profiled)] = True
        quantile = (
            stats.t.isf(self.alpha / 2, self.df) if self.df else stats.norm.isf(self.alpha / 2)
        )
        wald = self.coef_ / self.bse_
        self.pvalues_ = (
            2 * stats.t.sf(np.abs(wald), self.df) if self.df else 2 * stats.norm.sf(np.abs(wald))
        )
        self.conf_int_ = np.column_stack(
            [self.coef_ - quantile * self.bse_, self.coef_ + quantile * self.bse_]
        )
        for j in np.flatnonzero(self.profiled_):
            self.pvalues_[j] = self._lr_pvalue(j)
            self.conf_int_[j] = self._profile_interval(j)
        return self

    def _lr_sf(self, statistic: float) -> float:
        """Upper tail of a likelihood-ratio statistic, scaled by the dispersion."""
        scaled = statistic / self.dispersion
        return float(stats.f.sf(scaled, 1, self.df) if self.df else stats.chi2.sf(scaled, 1))

    def _lr_critical(self) -> float:
        """The likelihood-ratio statistic at which a coefficient leaves the interval."""
        if self.df:
            return float(stats.f.ppf(1 - self.alpha, 1, self.df) * self.dispersion)
        return float(stats.chi2.ppf(1 - self.alpha, 1) * self.dispersion)

    def _newton(self, start: np.ndarray, free: np.ndarray | None) -> tuple[np.ndarray, int, bool]:
        """Maximise the penalised likelihood over the coordinates in ``free`` (all if None)."""
        X, y, offset = self._data
        beta = start.copy()
        idx = np.arange(len(beta)) if free is None else free
        current = penalised_loglik(beta, X, y, offset, self.family)
        for iteration in range(1, self.max_iter + 1):
            score = penalised_score(beta, X, y, offset, self.family)[idx]
            info = _information(beta, X, offset, self.family)[np.ix_(idx, idx)]
            step = np.linalg.solve(info, score)
            step = np.clip(step, -5.0, 5.0)  # guard the first steps from overflow
            for _ in range(30):  # step halving keeps every step an ascent step
                trial = beta.copy()
                trial[idx] += step
                value = penalised_loglik(trial, X, y, offset, self.family)
                if value >= current - 1e-12:
                    break
                step = step / 2
            beta, current = trial, value
            if np.max(np.abs(step)) < self.tol:
                return beta, iteration, True
        return beta, self.max_iter, False

    def _profile(self, j: int, value: float) -> float:
        """Maximum penalised log-likelihood with coefficient ``j`` fixed at ``value``."""
        X, y, offset = self._data
        start = self.coef_.copy()
        start[j] = value
        free = np.array([k for k in range(len(start)) if k != j], dtype=int)
        if free.size:
            start, _, _ = self._newton(start, free=free)
        return penalised_loglik(start, X, y, offset, self.family)

    def _lr_pvalue(self, j: int) -> float:
        return self._lr_sf(max(2.0 * (self.loglik_ - self._profile(j, 0.0)), 0.0))

    def _profile_interval(self, j: int) -> tuple[float, float]:
        """Solve ``2 * (loglik_ - profile(b)) = critical`` on each side of ``coef_``."""
        target = self._lr_critical() / 2.0

        def excess(b: float) -> float:
            return self.loglik_ - self._profile(j, b) - target

        bounds = []
        for direction in (-1.0, 1.0):
            width = max(self.bse_[j], 0.1)
            far = self.coef_[j] + direction * width
            while excess(far) < 0 and width < 1e3:
                width *= 2
                far = self.coef_[j] + direction * width
            if excess(far) < 0:
                bounds.append(direction * np.inf)
                continue
            bounds.append(optimize.brentq(excess, self.coef_[j], far, xtol=1e-8))
        return bounds[0], bounds[1]


def penalised_loglik(
    beta: np.ndarray, X: np.ndarray, y: np.ndarray, offset: np.ndarray, family: str
) -> float:
    """Log-likelihood plus Firth's penalty ``0.5 * log det(X' W X)``.

    Parameters
    ----------
    beta : array of shape (n_features,)
        Coefficients.
    X, y, offset : arrays
        Design matrix, outcome and offset. For the binomial family ``offset`` may be a
        two-column array ``(offset, trials)`` for grouped data.
    family : {"binomial", "poisson"}
        Model family (canonical link).

    Returns
    -------
    float
        The penalised log-likelihood (with the ``log y!`` constant for Poisson, so it matches
        statsmodels' ``llf`` when the penalty is removed; without the binomial coefficient for
        grouped binomial data).
    """
    offset, trials = _split(offset)
    eta = X @ beta + offset
    if family == "binomial":
        loglik = float(np.sum(y * eta - trials * np.logaddexp(0.0, eta)))
    else:
        loglik = float(np.sum(y * eta - np.exp(eta) - special.gammaln(y + 1)))
    sign, logdet = np.linalg.slogdet(
        _information(beta, X, np.column_stack([offset, trials]), family)
    )
    return loglik + 0.5 * logdet if sign > 0 else -np.inf


def penalised_score(
    beta: np.ndarray, X: np.ndarray, y: np.ndarray, offset: np.ndarray, family: str
) -> np.ndarray:
    """Firth's modified score ``X' (y - mu + h * a)``, the gradient of :func:`penalised_loglik`.

    ``h`` are the diagonal elements of the weighted hat matrix and ``a`` is ``0.5 - pi`` for
    the logistic model (with ``n pi`` the mean of ``n`` trials) and ``0.5`` for the Poisson
    model (Firth 1993, eq. 4.1).
    """
    offset, trials = _split(offset)
    mean, weight = _mean_and_weight(X @ beta + offset, family, trials)
    info = X.T @ (weight[:, None] * X)
    hat = weight * np.einsum("ij,jk,ik->i", X, np.linalg.inv(info), X)
    adjust = 0.5 - mean / trials if family == "binomial" else 0.5
    return X.T @ (y - mean + hat * adjust)


def _split(offset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(offset, trials)`` from an offset that may carry the binomial trials as a 2nd column."""
    offset = np.asarray(offset, dtype=float)
    if offset.ndim == 2:
        return offset[:, 0], offset[:, 1]
    return offset, np.ones_like(offset)


def _mean_and_weight(
    eta: np.ndarray, family: str, trials: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    if family == "binomial":
        p = special.expit(eta)
        return trials * p, trials * p * (1.0 - p)
    mean = np.exp(np.clip(eta, -700, 700))
    return mean, mean


def _information(beta: np.ndarray, X: np.ndarray, offset: np.ndarray, family: str) -> np.ndarray:
    offset, trials = _split(offset)
    _, weight = _mean_and_weight(X @ beta + offset, family, trials)
    return X.T @ (weight[:, None] * X)
