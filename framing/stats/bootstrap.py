"""Cluster bootstrap over articles, and the bias-corrected percentile interval.

Articles are resampled with replacement *within* each outlet (a stratified cluster bootstrap:
every sentence of a drawn article comes with it, and every outlet keeps its number of articles,
so a statistic comparing outlets stays defined; Davison & Hinkley 1997, sec. 3.8). Under
:data:`MIN_ARTICLES` articles no bootstrap is run: with so few clusters the resampling
distribution is too coarse to give an interval.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from framing.config import DEFAULTS

#: Fewest articles (over the outlets compared) for a bootstrap interval.
MIN_ARTICLES = 10
#: Multinomial counts drawn at once (replicates x articles of one stratum).
BOOTSTRAP_CELLS = 2_000_000


def cluster_bootstrap_sums(
    strata: np.ndarray,
    values: np.ndarray,
    n_bootstrap: int = DEFAULTS.statistics.bootstrap,
    random_state: int | np.random.Generator | None = 0,
) -> np.ndarray:
    """Per-stratum sums of ``values`` in each replicate of a stratified cluster bootstrap.

    Each replicate draws, for every stratum with ``m`` units, ``m`` units with replacement;
    equivalently it weights the units by Multinomial(m, 1/m) counts, which is how it is
    computed here (one matrix product per stratum, no loop over replicates).

    Parameters
    ----------
    strata : array of int, shape (n_units,)
        Stratum code (0 .. S-1) of each unit, e.g. the outlet of each article.
    values : array, shape (n_units, n_columns)
        What is summed, e.g. framed sentences and sentences of each article per frame.
    n_bootstrap : int
        Replicates ``B``.
    random_state : int or Generator

    Returns
    -------
    ndarray of shape (B, S, n_columns)

    References
    ----------
    Davison, A. C., & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*.
    Cambridge University Press (sec. 3.8).

    Examples
    --------
    >>> sums = cluster_bootstrap_sums(np.array([0, 0, 1]), np.array([[1.0], [3.0], [5.0]]), 4)
    >>> sums.shape, bool((sums[:, 1, 0] == 5).all())
    ((4, 2, 1), True)
    """
    rng = np.random.default_rng(random_state)
    strata = np.asarray(strata, dtype=np.int64)
    values = np.asarray(values, dtype=float)
    n_strata = int(strata.max()) + 1 if strata.size else 0
    out = np.zeros((n_bootstrap, n_strata, values.shape[1]))
    for s in range(n_strata):
        members = np.flatnonzero(strata == s)
        if members.size == 0:
            continue
        chosen, share = values[members], np.full(members.size, 1 / members.size)
        # replicates in batches of about two million counts: the same draws as one call
        # (the generator makes them one after another), in memory that does not grow with m
        step = max(1, BOOTSTRAP_CELLS // members.size)
        for first in range(0, n_bootstrap, step):
            size = min(step, n_bootstrap - first)
            counts = rng.multinomial(members.size, share, size)
            out[first : first + size, s, :] = counts @ chosen
    return out


def bias_corrected_interval(
    replicates: np.ndarray, estimate: float, alpha: float = 0.05
) -> tuple[float, float, str]:
    """Bias-corrected (BC) percentile interval, or none when it cannot contain the estimate.

    The bias correction ``z0 = Φ⁻¹(share of replicates below the estimate)`` (ties count half)
    moves the percentiles to ``Φ(2 z0 ± z_{1-α/2})`` (Efron 1987, with acceleration 0). A
    statistic bounded below, such as Cramér's V, has a bootstrap distribution shifted away from
    its estimate; the plain percentile interval can then exclude the estimate itself. BC
    corrects for that shift; when the estimate lies outside the central ``1 - alpha`` of the
    replicates (``|z0| >= z_{1-α/2}``) even BC cannot contain it, and no interval is given.

    Returns
    -------
    low, high : float
        The interval, NaN when none is given.
    reason : str
        Why there is no interval, else ``""``.

    References
    ----------
    Efron, B. (1987). Better bootstrap confidence intervals. *Journal of the American
    Statistical Association*, 82(397), 171-185.

    Examples
    --------
    >>> reps = np.random.default_rng(0).normal(1.0, 0.1, 2000)
    >>> low, high, why = bias_corrected_interval(reps, 1.0)
    >>> round(low, 1), round(high, 1), why
    (0.8, 1.2, '')
    """
    finite = np.asarray(replicates, dtype=float)
    finite = finite[np.isfinite(finite)]
    if finite.size < 2 or not np.isfinite(estimate):
        return np.nan, np.nan, "no interval: no usable bootstrap replicate"
    below = (np.sum(finite < estimate) + 0.5 * np.sum(finite == estimate)) / finite.size
    z = stats.norm.isf(alpha / 2)
    if not 0 < below < 1:
        return np.nan, np.nan, "no interval: every bootstrap replicate lies on one side of it"
    z0 = stats.norm.ppf(below)
    if abs(z0) >= z:
        return np.nan, np.nan, "no interval: the bootstrap distribution does not cover it"
    low, high = np.quantile(finite, stats.norm.cdf([2 * z0 - z, 2 * z0 + z]))
    if not low <= estimate <= high:
        return np.nan, np.nan, "no interval: the bootstrap distribution does not cover it"
    return float(low), float(high), ""
