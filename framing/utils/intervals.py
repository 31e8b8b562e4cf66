"""Intervals for shares, shared by every stage that reports one (frames, sources, topics, stats).

Two intervals are reported for a share of sentences pooled over an outlet's articles:

* :func:`wilson_interval`, the score interval of a binomial proportion, which treats the
  sentences as independent (the *within-article* interval);
* :func:`clustered_share`, which treats the **articles** as the independent units: the variance
  of the pooled share is the ratio-estimator variance over articles (Cochran 1977, sec. 6.4),
  the design effect is that variance over the binomial one (Kish 1965), and the interval is
  Wilson's with the effective sample size ``n / deff`` and a t quantile on ``m - 1`` degrees of
  freedom for ``m`` articles (Korn & Graubard 1998).

Both are pure functions of count arrays, so they run the same on a chunk, on a Dask partition's
aggregates or on a whole table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats


def wilson_interval(successes, trials, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for binomial proportions (Wilson, 1927).

    Parameters
    ----------
    successes, trials : array-like
        Counts; ``trials`` may be non-integer (an effective sample size). Where ``trials`` is
        not positive the bounds are NaN.
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    low, high : ndarray
        Interval bounds.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *Journal of the American Statistical Association*, 22(158), 209-212.

    Examples
    --------
    >>> low, high = wilson_interval([2], [10])
    >>> round(float(low[0]), 4), round(float(high[0]), 4)
    (0.0567, 0.5098)
    """
    successes = np.atleast_1d(np.asarray(successes, dtype=float))
    trials = np.atleast_1d(np.asarray(trials, dtype=float))
    z = stats.norm.isf(alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = successes / trials
    return wilson_bounds(share, trials, z)


def wilson_bounds(share, n, quantile) -> tuple[np.ndarray, np.ndarray]:
    """Wilson's bounds for an observed ``share`` on ``n`` (possibly effective) observations.

    ``quantile`` is the normal (or t) quantile; the bounds are
    ``(p + q²/2n ± q sqrt(p(1-p)/n + q²/4n²)) / (1 + q²/n)``. NaN where ``n`` is not positive.

    Examples
    --------
    >>> low, high = wilson_bounds(np.array([0.2]), np.array([10.0]), 1.959964)
    >>> round(float(low[0]), 4), round(float(high[0]), 4)
    (0.0567, 0.5098)
    """
    p = np.asarray(share, dtype=float)
    n = np.asarray(n, dtype=float)
    q = np.asarray(quantile, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        denominator = 1.0 + q**2 / n
        centre = (p + q**2 / (2 * n)) / denominator
        half = q * np.sqrt(p * (1 - p) / n + q**2 / (4 * n**2)) / denominator
        low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    return np.atleast_1d(low), np.atleast_1d(high)


@dataclass(frozen=True)
class ClusteredShare:
    """A pooled share with its between-article variance (arrays, one entry per group).

    Attributes
    ----------
    share : ndarray
        ``sum(k) / sum(n)`` over the group's articles.
    variance : ndarray
        Ratio-estimator variance over articles; NaN with fewer than two articles.
    design_effect : ndarray
        ``variance / (share (1 - share) / sum(n))``; where no sentence or every sentence is
        framed the variance is 0 and the design effect is not estimable (NaN).
    n_effective : ndarray
        ``sum(n) / max(1, design_effect)``; where the design effect is not estimable, the
        number of articles (each article counted as one observation, the conservative bound).
    ci_low, ci_high : ndarray
        Wilson bounds on ``n_effective`` with a t quantile on ``articles - 1`` degrees of
        freedom; NaN with fewer than two articles.
    """

    share: np.ndarray
    variance: np.ndarray
    design_effect: np.ndarray
    n_effective: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray


def clustered_share(
    sum_k, sum_n, sum_kk, sum_kn, sum_nn, articles, alpha: float = 0.05
) -> ClusteredShare:
    """Pooled share of sentences with its article-level (clustered) variance and interval.

    For a group of ``m`` articles with ``k_i`` framed sentences of ``n_i``, the pooled share
    ``p = Σk / Σn`` is a ratio estimator; its variance with articles as the sampled units is
    ``m / (m - 1) · Σ (k_i - p n_i)² / (Σn)²`` (Cochran 1977, eq. 6.13, with the finite-sample
    factor of the cluster-robust sandwich). Only group sums are needed (``Σk``, ``Σn``, ``Σk²``,
    ``Σkn``, ``Σn²``), so it aggregates chunk by chunk.

    Parameters
    ----------
    sum_k, sum_n, sum_kk, sum_kn, sum_nn, articles : array-like
        Per group: the sums above and the number of articles with at least one sentence.
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    ClusteredShare

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.). Wiley (sec. 6.4, ratio estimators).

    Kish, L. (1965). *Survey Sampling*. Wiley (the design effect).

    Korn, E. L., & Graubard, B. I. (1998). Confidence intervals for proportions with small
    expected number of positive counts estimated from survey data. *Survey Methodology*, 24(2),
    193-201.

    Examples
    --------
    Two articles, 2 of 10 and 6 of 10 sentences framed: the pooled share is 0.4, and the
    articles disagree, so the design effect exceeds 1.

    >>> r = clustered_share([8], [20], [40], [80], [200], [2])
    >>> float(r.share[0]), round(float(r.variance[0]), 4), round(float(r.design_effect[0]), 2)
    (0.4, 0.04, 3.33)
    """
    k = np.asarray(sum_k, dtype=float)
    n = np.asarray(sum_n, dtype=float)
    m = np.asarray(articles, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(n > 0, k / n, np.nan)
        residual = np.asarray(sum_kk) - 2 * p * np.asarray(sum_kn) + p**2 * np.asarray(sum_nn)
        residual = np.clip(residual, 0.0, None)  # rounding can make an exact zero negative
        variance = np.where(m >= 2, m / (m - 1) * residual / n**2, np.nan)
        binomial = p * (1 - p) / n
        estimable = (m >= 2) & (binomial > 0)
        design_effect = np.where(estimable, variance / binomial, np.nan)
        n_effective = np.where(
            estimable, n / np.maximum(design_effect, 1.0), np.where(m >= 2, m, np.nan)
        )
        quantile = stats.t.isf(alpha / 2, np.where(m >= 2, m - 1, 1))
    low, high = wilson_bounds(p, n_effective, quantile)
    low = np.where(m >= 2, low, np.nan)
    high = np.where(m >= 2, high, np.nan)
    return ClusteredShare(p, variance, design_effect, n_effective, low, high)
