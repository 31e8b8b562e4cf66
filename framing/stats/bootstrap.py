"""Percentile bootstrap over resampled units (documents as clusters, or sentences)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def stratified_bootstrap(
    strata: np.ndarray,
    statistic: Callable[[np.ndarray], float],
    n_bootstrap: int = 999,
    alpha: float = 0.05,
    random_state: int | np.random.Generator | None = 0,
) -> tuple[float, float, int]:
    """Percentile bootstrap interval, resampling units with replacement within each stratum.

    Resampling within strata (outlets) keeps every outlet in every replicate with its observed
    number of units, so a statistic comparing outlets stays defined. When the units are
    documents this is the cluster (block) bootstrap: all sentences of a drawn document come
    with it, which respects their dependence (Davison & Hinkley 1997, sec. 3.8).

    Parameters
    ----------
    strata : array of shape (n_units,)
        Stratum label of each unit.
    statistic : callable
        Takes an integer index array into the units (with repeats) and returns a float; a
        non-finite return marks a replicate where the statistic is undefined.
    n_bootstrap : int
        Number of replicates.
    alpha : float
        Interval level ``1 - alpha``.
    random_state : int or Generator
        Seed.

    Returns
    -------
    low, high : float
        The ``alpha/2`` and ``1 - alpha/2`` quantiles of the finite replicates (NaN if none).
    n_valid : int
        Number of replicates where the statistic was defined.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.

    Davison, A. C., & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*.
    Cambridge University Press.

    Examples
    --------
    >>> values = np.array([1.0, 2.0, 3.0, 4.0])
    >>> low, high, n = stratified_bootstrap(np.zeros(4), lambda i: values[i].mean(), 200)
    >>> bool(1.0 <= low <= high <= 4.0), n
    (True, 200)
    """
    rng = np.random.default_rng(random_state)
    strata = np.asarray(strata)
    members = [np.flatnonzero(strata == s) for s in np.unique(strata)]
    replicates = np.empty(n_bootstrap)
    for b in range(n_bootstrap):
        index = np.concatenate([rng.choice(m, size=m.size, replace=True) for m in members])
        replicates[b] = statistic(index)
    finite = replicates[np.isfinite(replicates)]
    if finite.size == 0:
        return float("nan"), float("nan"), 0
    low, high = np.quantile(finite, [alpha / 2, 1 - alpha / 2])
    return float(low), float(high), int(finite.size)
