"""Minimum detectable effects: the smallest differences the study's article counts could detect.

A non-significant result is reported with its minimum detectable effect (MDE): the smallest
true effect that a two-sided test at level ``alpha`` would have detected with probability
``power``, given the standard error the design allows (Bloom, 1995). For a Wald-type test with
standard error ``se`` it is ``(q_{1-alpha/2} + q_{power}) * se`` with ``q`` the standard normal
quantile, or Student's t with the residual degrees of freedom of a quasi-likelihood model. For
the omnibus chi-square test of an outlet × frame table it is Cohen's (1988) effect size ``w``
whose noncentral chi-square distribution exceeds the critical value with probability ``power``.

Statistics in this toolkit treat articles as the independent units: pass article-level sizes
(``n_effective``) or sentence counts together with the quasi-binomial dispersion ``phi``, never
sentence counts alone.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, stats

from framing.errors import ConfigError


def _check_levels(alpha: float, power: float) -> tuple[float, float]:
    """Return ``(alpha, power)`` as floats, or raise a one-line ConfigError."""
    try:
        alpha, power = float(alpha), float(power)
    except (TypeError, ValueError):
        raise ConfigError(
            f"alpha {alpha!r} and power {power!r} must be numbers between 0 and 1"
        ) from None
    if not 0 < alpha < 1:
        raise ConfigError(f"alpha {alpha!r} is not between 0 and 1; use e.g. 0.05")
    if not 0 < power < 1:
        raise ConfigError(f"power {power!r} is not between 0 and 1; use e.g. 0.8")
    if power <= alpha:
        raise ConfigError(
            f"power {power!r} must exceed alpha {alpha!r}: a test detects a null effect with "
            "probability alpha"
        )
    return alpha, power


def _scalar_or_array(value: np.ndarray, *inputs: object) -> float | np.ndarray:
    """A float when every input was a scalar, else the array."""
    if all(np.ndim(x) == 0 for x in inputs if x is not None):
        return float(value)
    return value


def mde_multiplier(
    alpha: float = 0.05, power: float = 0.8, df: float | np.ndarray | None = None
) -> float | np.ndarray:
    """Multiplier of the standard error giving the minimum detectable effect of a two-sided test.

    ``t_{1-alpha/2, df} + t_{power, df}``, with standard normal quantiles when ``df`` is None
    or infinite. The probability of rejecting in the wrong direction is ignored, as usual; it
    is below ``alpha/2`` and negligible at conventional power.

    Parameters
    ----------
    alpha : float, default 0.05
        Two-sided significance level, in (0, 1).
    power : float, default 0.8
        Probability of detecting the effect, in (``alpha``, 1).
    df : float or array, optional
        Degrees of freedom of the t reference distribution (e.g. the residual degrees of freedom
        of a quasi-binomial model, i.e. articles minus parameters). None or ``inf``: normal.
        Entries that are NaN or not positive give NaN.

    Returns
    -------
    float or ndarray
        A float when ``df`` is a scalar or None, else an array of the shape of ``df``.

    References
    ----------
    Bloom, H. S. (1995). Minimum detectable effects: A simple way to report the statistical
    power of experimental designs. *Evaluation Review*, 19(5), 547–556.

    Examples
    --------
    >>> round(mde_multiplier(), 4)
    2.8016
    >>> mde_multiplier(df=np.array([10.0, np.inf])).round(4)
    array([3.1072, 2.8016])
    """
    alpha, power = _check_levels(alpha, power)
    if df is None:
        return float(stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power))
    dof = np.asarray(df, dtype=float)
    ok = np.isfinite(dof) & (dof > 0)
    safe = np.where(ok, dof, 1.0)
    t_part = stats.t.ppf(1 - alpha / 2, safe) + stats.t.ppf(power, safe)
    normal = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    value = np.where(ok, t_part, np.where(np.isposinf(dof), normal, np.nan))
    return _scalar_or_array(np.asarray(value, dtype=float), df)


def mde_from_se(
    se: float | np.ndarray,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    df: float | np.ndarray | None = None,
) -> np.ndarray:
    """Smallest true effect a two-sided test with standard error ``se`` detects with ``power``.

    The effect is on the scale of the estimate: a log odds ratio for a quasi-binomial
    coefficient, a difference of shares for a difference of shares. Report ``exp(mde)`` as an
    odds ratio when ``se`` is the standard error of a log odds ratio.

    Parameters
    ----------
    se : float or array
        Standard error(s) of the estimate, as the model reports them (for a quasi-binomial
        model already multiplied by ``sqrt(phi)``). Entries that are NaN, infinite or negative
        give NaN.
    alpha : float, default 0.05
        Two-sided significance level.
    power : float, default 0.8
        Probability of detecting the effect.
    df : float or array, optional
        Degrees of freedom of the t reference distribution; None for the normal. Broadcast
        against ``se``.

    Returns
    -------
    ndarray
        ``mde_multiplier(alpha, power, df) * se``, broadcast (a 0-d array for scalar input).

    References
    ----------
    Bloom, H. S. (1995). Minimum detectable effects: A simple way to report the statistical
    power of experimental designs. *Evaluation Review*, 19(5), 547–556.

    Examples
    --------
    >>> mde_from_se(np.array([0.2, 0.5, np.nan])).round(3)
    array([0.56 , 1.401,   nan])
    >>> round(float(np.exp(mde_from_se(0.2, df=40))), 2)  # as an odds ratio
    1.78
    """
    multiplier = np.asarray(mde_multiplier(alpha, power, df), dtype=float)
    se = np.asarray(se, dtype=float)
    ok = np.isfinite(se) & (se >= 0)
    return np.where(ok, multiplier * np.where(ok, se, 0.0), np.nan)


def mde_share_difference(
    share: float | np.ndarray,
    n_a: float | np.ndarray,
    n_b: float | np.ndarray,
    *,
    dispersion: float | np.ndarray = 1.0,
    alpha: float = 0.05,
    power: float = 0.8,
    df: float | np.ndarray | None = None,
) -> np.ndarray:
    """Minimum detectable difference between two shares of sentences at a common baseline.

    ``MDE = multiplier * sqrt(phi * p * (1 - p) * (1/n_a + 1/n_b))``: the two-proportion test's
    standard error evaluated at the pooled baseline share ``p``, inflated by the quasi-binomial
    dispersion ``phi`` (the variance of a share of sentences clustered in articles is ``phi``
    times the binomial one). A baseline of 0 or 1 would give an MDE of 0, which no study can
    detect; it is therefore clipped to ``[0.5 / n, 1 - 0.5 / n]`` with ``n = n_a + n_b`` (half a
    sentence, as in the empirical logit), so that a frame the study never saw still gets a
    positive MDE.

    Parameters
    ----------
    share : float or array
        Baseline share of sentences carrying the frame, pooled over the two groups.
    n_a, n_b : float or array
        Sentences in the two groups. Pass either sentence counts with the model's dispersion
        ``phi``, or article-level effective sizes (``n_effective``) with ``dispersion=1``; not
        both, which would count the clustering twice.
    dispersion : float or array, default 1.0
        Quasi-binomial dispersion ``phi`` (at least 1 as the models estimate it).
    alpha : float, default 0.05
        Two-sided significance level.
    power : float, default 0.8
        Probability of detecting the difference.
    df : float or array, optional
        Degrees of freedom of the t reference distribution; None for the normal.

    Returns
    -------
    ndarray
        The MDE on the share scale (a difference of proportions), broadcast over the inputs;
        NaN where ``n_a`` or ``n_b`` is not positive, or an input is NaN, or ``dispersion`` is
        not positive.

    References
    ----------
    Bloom, H. S. (1995). Minimum detectable effects: A simple way to report the statistical
    power of experimental designs. *Evaluation Review*, 19(5), 547–556.

    Examples
    --------
    >>> round(float(mde_share_difference(0.2, 400, 400)), 4)
    0.0792
    >>> mde_share_difference(np.array([0.2, 0.0, 0.2]), [400, 400, 0], 400, dispersion=2.0).round(4)
    array([0.1121, 0.007 ,    nan])
    """
    multiplier = np.asarray(mde_multiplier(alpha, power, df), dtype=float)
    p, n_a, n_b, phi = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (share, n_a, n_b, dispersion))
    )
    ok = (n_a > 0) & (n_b > 0) & np.isfinite(p) & (p >= 0) & (p <= 1) & (phi > 0)
    ok &= np.isfinite(n_a) & np.isfinite(n_b) & np.isfinite(phi)
    n_a, n_b = np.where(ok, n_a, 1.0), np.where(ok, n_b, 1.0)
    half = 0.5 / (n_a + n_b)
    p = np.clip(np.where(ok, p, 0.5), half, 1 - half)
    se = np.sqrt(np.where(ok, phi, 1.0) * p * (1 - p) * (1 / n_a + 1 / n_b))
    return np.where(ok, multiplier * se, np.nan)


def _noncentrality(df_test: float, alpha: float, power: float) -> float:
    """Noncentrality ``lambda`` with ``P(chi2'(df, lambda) > chi2_{1-alpha, df}) = power``."""
    critical = stats.chi2.isf(alpha, df_test)

    def gap(lam: float) -> float:
        return float(stats.ncx2.sf(critical, df_test, lam)) - power

    high = max(10.0, 2.0 * critical)
    while gap(high) < 0:
        high *= 2.0
    return float(optimize.brentq(gap, 0.0, high, xtol=1e-10, rtol=1e-12))


def mde_cramers_v(
    n_effective: float | np.ndarray,
    df_test: float | np.ndarray,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
) -> float | np.ndarray:
    """Minimum detectable Cohen's ``w`` (= Cramér's V of a k × 2 table) of a chi-square test.

    Finds the noncentrality ``lambda`` at which the noncentral chi-square with ``df_test``
    degrees of freedom exceeds the level-``alpha`` critical value with probability ``power``,
    and returns ``w = sqrt(lambda / n_effective)`` (Cohen, 1988, ch. 7). For an outlet × (frame,
    no frame) table, ``k × 2``, Cramér's V equals ``w``; for an ``r × c`` table divide ``w`` by
    ``sqrt(min(r, c) - 1)`` to obtain V.

    Parameters
    ----------
    n_effective : float or array
        Effective sample size of the table: articles, or sentences divided by the design
        effect. Entries that are NaN or not positive give NaN.
    df_test : float or array
        Degrees of freedom of the test, ``(r - 1)(c - 1)``; must be positive. Broadcast against
        ``n_effective``.
    alpha : float, default 0.05
        Significance level of the (upper-tail) chi-square test.
    power : float, default 0.8
        Probability of detecting the association.

    Returns
    -------
    float or ndarray
        A float when both inputs are scalars, else an array of their broadcast shape.

    References
    ----------
    Cohen, J. (1988). *Statistical Power Analysis for the Behavioral Sciences* (2nd ed.),
    ch. 7. Lawrence Erlbaum.

    Examples
    --------
    >>> round(mde_cramers_v(200, 4), 4)
    0.2443
    >>> mde_cramers_v(np.array([50.0, 200.0, 0.0]), 1).round(3)
    array([0.396, 0.198,   nan])
    """
    alpha, power = _check_levels(alpha, power)
    n, dof = np.broadcast_arrays(
        np.asarray(n_effective, dtype=float), np.asarray(df_test, dtype=float)
    )
    if not (np.isfinite(dof) & (dof > 0)).all():
        raise ConfigError(f"df_test {df_test!r} must be positive; a k × 2 table has k - 1")
    lam = np.empty(dof.shape)
    for value in np.unique(dof):
        lam[dof == value] = _noncentrality(float(value), alpha, power)
    ok = np.isfinite(n) & (n > 0)
    w = np.where(ok, np.sqrt(lam / np.where(ok, n, 1.0)), np.nan)
    return _scalar_or_array(np.asarray(w, dtype=float), n_effective, df_test)
