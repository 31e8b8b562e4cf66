"""Firth's penalised likelihood for a one-factor design (outlets) plus a few covariates (events).

The outlet models have one dummy per outlet: with 200 outlets a general Firth fit inverts a
200 × 200 information matrix at every Newton step, and the profile intervals of separated
outlets need thousands of such steps. But the information of a design ``[one-hot(outlet) | Z]``
is an *arrowhead* matrix -- a diagonal block for the outlets, a small dense block for the ``q``
covariates -- so its determinant, its solves and the hat values take ``O(cells · q²)`` through
the Schur complement, whatever the number of outlets. :class:`FactorFirth` fits the model in
cell-means coordinates (one log-odds per outlet), where Firth's penalty differs from the
treatment-coded one by a constant (the Jeffreys prior is invariant), and reports treatment
contrasts against a reference outlet.

A profile for a contrast ``θ_j - θ_ref = b`` is the same kind of fit with outlet ``j`` merged
into the reference and ``b`` added to its cells' offset; the penalty stays that of the full
model (Heinze & Schemper 2002), evaluated at the constrained point.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, special, stats

#: Largest Newton step at which a profile refit has converged: the profile value is then
#: within ~1e-12 of its maximum (the error is quadratic in the step), far below what moves
#: an interval end at the root search's tolerance.
PROFILE_TOL = 1e-6
#: Tolerance of an interval end on the log scale (a ratio to 1 in 10,000; intervals are
#: reported to three significant figures).
PROFILE_XTOL = 1e-4


class _Arrow:
    """The information ``[[diag(a), B], [B', C]]`` of a design ``[one-hot(g) | Z]``."""

    def __init__(self, g: np.ndarray, Z: np.ndarray, w: np.ndarray, groups: int) -> None:
        self.a = np.bincount(g, weights=w, minlength=groups)
        weighted = w[:, None] * Z
        q = Z.shape[1]  # per-level sums of w z: one bincount over (level, covariate) pairs
        pairs = (g[:, None] * q + np.arange(q)).ravel()
        self.B = np.bincount(pairs, weights=weighted.ravel(), minlength=groups * q).reshape(
            groups, q
        )
        self.E = self.B / self.a[:, None]  # A⁻¹ B
        self.S = Z.T @ weighted - self.B.T @ self.E  # Schur complement
        self._S_inv: np.ndarray | None = None

    @property
    def S_inv(self) -> np.ndarray:
        """``S⁻¹``, computed when a solve or the hat values first need it (the penalty needs
        only the determinant)."""
        if self._S_inv is None:
            self._S_inv = np.linalg.inv(self.S) if self.S.size else np.zeros((0, 0))
        return self._S_inv

    def logdet(self) -> float:
        sign, logdet_s = np.linalg.slogdet(self.S) if self.S.size else (1.0, 0.0)
        if sign <= 0 or (self.a <= 0).any():
            return -np.inf
        return float(np.log(self.a).sum() + logdet_s)

    def hat(self, g: np.ndarray, Z: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Diagonal of the weighted hat matrix: ``w (1/a_g + v' S⁻¹ v)``, ``v = z - E_g``."""
        v = Z - self.E[g]
        return w * (1 / self.a[g] + ((v @ self.S_inv) * v).sum(axis=1))  # BLAS, not einsum

    def solve(self, u_theta: np.ndarray, u_gamma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``I⁻¹ u`` by block elimination."""
        d_gamma = self.S_inv @ (u_gamma - self.E.T @ u_theta)
        return (u_theta - self.B @ d_gamma) / self.a, d_gamma


class FactorFirth:
    """Firth-penalised logit (grouped binomial) or Poisson model: one factor plus covariates.

    Parameters
    ----------
    family : {"binomial", "poisson"}
    alpha : float
        1 - level of the profile intervals.
    dispersion : float
        Quasi-likelihood scale: Wald variances are multiplied by it and likelihood-ratio
        statistics divided by it.
    df : int, optional
        Residual degrees of freedom of the dispersion (F(1, df) and t(df) references).
    tol : float
        Convergence tolerance on the largest Newton step.

    Attributes
    ----------
    theta_ : ndarray
        Log-odds (or log-rate) of each factor level at the covariates' zero.
    gamma_ : ndarray
        Covariate coefficients.
    loglik_ : float
        Penalised log-likelihood at the estimate.

    References
    ----------
    Firth, D. (1993). Bias reduction of maximum likelihood estimates. *Biometrika*, 80(1),
    27-38.

    Heinze, G., & Schemper, M. (2002). A solution to the problem of separation in logistic
    regression. *Statistics in Medicine*, 21(16), 2409-2419.

    Examples
    --------
    Two outlets without covariates: Firth adds a half to each cell, so outlet 1 (0 of 10)
    gets log-odds logit(0.5 / 11).

    >>> model = FactorFirth().fit([0, 1], np.zeros((2, 0)), [4.0, 0.0], trials=[10.0, 10.0])
    >>> round(float(model.theta_[1]), 4) == round(float(np.log(0.5 / 10.5)), 4)
    True
    """

    def __init__(
        self,
        family: str = "binomial",
        *,
        alpha: float = 0.05,
        dispersion: float = 1.0,
        df: int | None = None,
        tol: float = 1e-8,
        max_iter: int = 100,
    ) -> None:
        if family not in ("binomial", "poisson"):
            raise ValueError(f"family must be binomial or poisson, not {family!r}")
        self.family = family
        self.alpha = alpha
        self.dispersion = dispersion
        self.df = df
        self.tol = tol
        self.max_iter = max_iter

    def fit(self, groups, Z, y, *, trials=None, offset=None) -> FactorFirth:
        """Fit on cells: ``groups`` (level 0..G-1 of each cell), covariates ``Z``, outcome ``y``."""
        self.g_ = np.asarray(groups, dtype=np.int64)
        self.Z_ = np.asarray(Z, dtype=float).reshape(len(self.g_), -1)
        self.y_ = np.asarray(y, dtype=float)
        self.n_ = np.ones_like(self.y_) if trials is None else np.asarray(trials, dtype=float)
        self.offset_ = np.zeros_like(self.y_) if offset is None else np.asarray(offset, float)
        self.levels_ = int(self.g_.max()) + 1
        theta, gamma, self.converged_ = self._newton(
            self.g_, self.Z_, self.offset_, np.zeros(self.levels_), np.zeros(self.Z_.shape[1])
        )
        self.theta_, self.gamma_ = theta, gamma
        self.loglik_ = self._penalised(self._eta_full(theta, gamma))
        return self

    # --- inference ------------------------------------------------------------------------

    def contrast(self, level: int, reference: int) -> dict:
        """Treatment contrast ``θ_level - θ_reference`` with Wald variance (scaled by φ)."""
        arrow = self._arrow(self._eta_full(self.theta_, self.gamma_))
        d = arrow.E[level] - arrow.E[reference]
        variance = 1 / arrow.a[level] + 1 / arrow.a[reference] + d @ arrow.S_inv @ d
        return self._wald(self.theta_[level] - self.theta_[reference], variance)

    def covariate(self, k: int) -> dict:
        """Covariate coefficient ``γ_k`` with Wald variance (scaled by φ)."""
        arrow = self._arrow(self._eta_full(self.theta_, self.gamma_))
        return self._wald(self.gamma_[k], arrow.S_inv[k, k])

    def profile_contrast(self, level: int, reference: int) -> tuple[float, tuple[float, float]]:
        """Penalised likelihood ratio p-value and profile interval of ``θ_level - θ_ref``."""
        merged = np.where(self.g_ == level, reference, self.g_)
        codes, free = np.unique(merged, return_inverse=True)
        start = [self.theta_[codes], self.gamma_.copy()]

        def profile(b: float) -> float:
            offset = self.offset_ + b * (self.g_ == level)
            # each refit starts where the last one ended: the root search asks for nearby b
            theta, gamma, _ = self._newton(free, self.Z_, offset, *start, tol=PROFILE_TOL)
            start[:] = [theta, gamma]
            full = theta[np.searchsorted(codes, merged)] + self.Z_ @ gamma + offset
            return self._penalised(full)

        return self._profile(self.theta_[level] - self.theta_[reference], profile)

    def profile_covariate(self, k: int) -> tuple[float, tuple[float, float]]:
        """Penalised likelihood ratio p-value and profile interval of ``γ_k``."""
        keep = np.arange(self.Z_.shape[1]) != k
        start = [self.theta_.copy(), self.gamma_[keep]]

        def profile(b: float) -> float:
            offset = self.offset_ + b * self.Z_[:, k]
            theta, gamma, _ = self._newton(
                self.g_, self.Z_[:, keep], offset, *start, tol=PROFILE_TOL
            )
            start[:] = [theta, gamma]
            return self._penalised(theta[self.g_] + self.Z_[:, keep] @ gamma + offset)

        return self._profile(self.gamma_[k], profile)

    # --- machinery ------------------------------------------------------------------------

    def _eta_full(self, theta, gamma) -> np.ndarray:
        return theta[self.g_] + self.Z_ @ gamma + self.offset_

    def _mean_weight(self, eta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.family == "binomial":
            p = special.expit(eta)
            return self.n_ * p, self.n_ * p * (1 - p), 0.5 - p
        mean = np.exp(np.clip(eta, -700, 700))
        return mean, mean, np.full_like(mean, 0.5)

    def _arrow(self, eta: np.ndarray) -> _Arrow:
        return _Arrow(self.g_, self.Z_, self._mean_weight(eta)[1], self.levels_)

    def _penalised(self, eta: np.ndarray) -> float:
        return self._penalised_at(eta)[0]

    def _penalised_at(self, eta: np.ndarray) -> tuple[float, _Arrow]:
        """The penalised log-likelihood at ``eta`` and the information it was penalised by
        (which the next Newton step's hat values need again)."""
        if self.family == "binomial":
            loglik = np.sum(self.y_ * eta - self.n_ * np.logaddexp(0.0, eta))
        else:
            loglik = np.sum(self.y_ * eta - np.exp(eta) - special.gammaln(self.y_ + 1))
        arrow = self._arrow(eta)
        return float(loglik + 0.5 * arrow.logdet()), arrow

    def _newton(self, g, Z, offset, theta, gamma, tol=None):
        """Maximise the full model's penalised likelihood over a (possibly merged) design."""
        tol = self.tol if tol is None else tol
        levels = int(g.max()) + 1
        theta, gamma = theta.astype(float).copy(), gamma.astype(float).copy()

        def eta_of(t, c):
            return t[g] + Z @ c + offset

        same_design = g is self.g_ and Z is self.Z_  # the unconstrained fit
        current, arrow = self._penalised_at(eta_of(theta, gamma))
        for _ in range(self.max_iter):
            eta = eta_of(theta, gamma)
            mean, weight, adjust = self._mean_weight(eta)
            residual = self.y_ - mean + arrow.hat(self.g_, self.Z_, weight) * adjust
            free = arrow if same_design else _Arrow(g, Z, weight, levels)
            step_t, step_c = free.solve(np.bincount(g, residual, levels), Z.T @ residual)
            scale = min(
                1.0, 5.0 / max(np.abs(step_t).max(initial=0), np.abs(step_c).max(initial=0), 1e-12)
            )
            step_t, step_c = step_t * scale, step_c * scale
            for _ in range(30):  # step halving keeps every step an ascent step
                value, tried = self._penalised_at(eta_of(theta + step_t, gamma + step_c))
                if value >= current - 1e-12:
                    break
                step_t, step_c = step_t / 2, step_c / 2
            theta, gamma, current, arrow = theta + step_t, gamma + step_c, value, tried
            if max(np.abs(step_t).max(initial=0), np.abs(step_c).max(initial=0)) < tol:
                return theta, gamma, True
        return theta, gamma, False

    def _wald(self, estimate: float, variance: float) -> dict:
        se = float(np.sqrt(variance * self.dispersion))
        df = self.df
        quantile = stats.t.isf(self.alpha / 2, df) if df else stats.norm.isf(self.alpha / 2)
        t = estimate / se
        p = 2 * (stats.t.sf(abs(t), df) if df else stats.norm.sf(abs(t)))
        return {"estimate": float(estimate), "se": se, "p": float(p),
                "interval": (estimate - quantile * se, estimate + quantile * se)}  # fmt: skip

    def _profile(self, estimate: float, profile) -> tuple[float, tuple[float, float]]:
        """LR p-value at 0 and the ends where ``2(ℓ̂ - profile(b)) / φ`` reaches its critical."""
        critical = (
            stats.f.ppf(1 - self.alpha, 1, self.df)
            if self.df
            else stats.chi2.ppf(1 - self.alpha, 1)
        ) * self.dispersion
        statistic = max(2 * (self.loglik_ - profile(0.0)), 0.0) / self.dispersion
        p = float(stats.f.sf(statistic, 1, self.df) if self.df else stats.chi2.sf(statistic, 1))

        known = {float(estimate): -critical}  # the profile peaks at the estimate

        def excess(b: float) -> float:  # each refit once: the bracket's ends are asked again
            if b not in known:
                known[b] = 2 * (self.loglik_ - profile(b)) - critical
            return known[b]

        ends = []
        for direction in (-1.0, 1.0):
            width, far = 1.0, float(estimate + direction)
            while excess(far) < 0 and width < 1e3:
                width *= 2
                far = float(estimate + direction * width)
            ends.append(
                optimize.brentq(excess, float(estimate), far, xtol=PROFILE_XTOL)
                if excess(far) >= 0
                else direction * np.inf
            )
        return p, (ends[0], ends[1])
