"""Between-article overdispersion of framed-sentence counts (the quasi-binomial scale).

Sentences of one article share its topic, sources and author, so an article's framed
sentences vary more between articles than a binomial count would. The quasi-binomial model
(Wedderburn 1974; McCullagh & Nelder 1989, sec. 4.5) keeps the binomial mean and multiplies
the variance by a dispersion ``φ`` estimated from the articles' Pearson residuals:
``φ = Σ (k_i - n_i p̂_i)² / (n_i p̂_i (1 - p̂_i)) / (N - p)`` for ``N`` articles and ``p``
parameters. Every standard error of the comparison stage is scaled by ``sqrt(φ)``, and ``n / φ``
is the effective number of independent sentences. ``φ`` is truncated at 1 (never claim more
precision than independent sentences would give).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Dispersion:
    """An estimated dispersion ``phi`` (>= 1) on ``df`` residual degrees of freedom.

    ``raw`` is the untruncated Pearson estimate (NaN when ``df < 1``).
    """

    phi: float
    df: int
    raw: float


def pearson_dispersion(successes, trials, fitted, n_params: int) -> Dispersion:
    """Pearson estimate of the binomial dispersion from per-article counts and fitted shares.

    Parameters
    ----------
    successes, trials : array
        Framed sentences and sentences of each article (articles with no sentence are
        ignored).
    fitted : array
        The model's fitted share for each article.
    n_params : int
        Parameters of the model (for the residual degrees of freedom).

    Returns
    -------
    Dispersion
        ``phi = max(1, X² / (N - p))``; with no residual degrees of freedom ``phi`` is 1 and
        ``raw`` NaN (the caller says overdispersion could not be checked).

    References
    ----------
    Wedderburn, R. W. M. (1974). Quasi-likelihood functions, generalized linear models, and
    the Gauss-Newton method. *Biometrika*, 61(3), 439-447.

    McCullagh, P., & Nelder, J. A. (1989). *Generalized Linear Models* (2nd ed.). Chapman &
    Hall (sec. 4.5).

    Examples
    --------
    >>> d = pearson_dispersion([2, 6, 4, 4], [10, 10, 10, 10], [0.4] * 4, 1)
    >>> round(d.raw, 3), round(d.phi, 3), d.df
    (1.111, 1.111, 3)
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    p = np.asarray(fitted, dtype=float)
    used = n > 0
    df = int(used.sum()) - int(n_params)
    variance = n * p * (1 - p)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(used & (variance > 0), (k - n * p) ** 2 / variance, 0.0)
    if df < 1:
        return Dispersion(1.0, max(df, 0), float("nan"))
    raw = float(terms.sum() / df)
    return Dispersion(max(1.0, raw), df, raw)


def poisson_dispersion(counts, exposure, fitted_rate, n_params: int) -> Dispersion:
    """Pearson estimate of the Poisson dispersion: ``Σ (y - t r̂)² / (t r̂) / (N - p)``.

    Parameters
    ----------
    counts, exposure : array
        Hits and tokens of each article (articles without tokens are ignored).
    fitted_rate : array
        Fitted hits per token of each article.
    n_params : int

    Examples
    --------
    >>> d = poisson_dispersion([1, 5], [100, 100], [0.03, 0.03], 1)
    >>> round(d.raw, 3)
    2.667
    """
    y = np.asarray(counts, dtype=float)
    t = np.asarray(exposure, dtype=float)
    mean = t * np.asarray(fitted_rate, dtype=float)
    used = t > 0
    df = int(used.sum()) - int(n_params)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(used & (mean > 0), (y - mean) ** 2 / mean, 0.0)
    if df < 1:
        return Dispersion(1.0, max(df, 0), float("nan"))
    raw = float(terms.sum() / df)
    return Dispersion(max(1.0, raw), df, raw)


def oneway_dispersion(successes, trials, codes) -> Dispersion:
    """Dispersion of a one-way layout: each article's fitted share is its outlet's pooled share.

    Examples
    --------
    >>> round(oneway_dispersion([2, 6, 4, 4], [10] * 4, [0, 0, 1, 1]).raw, 3)
    1.667
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    codes = np.asarray(codes, dtype=np.int64)
    groups = int(codes.max()) + 1 if codes.size else 0
    pooled_k = np.bincount(codes, weights=k, minlength=groups)
    pooled_n = np.bincount(codes, weights=n, minlength=groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(pooled_n > 0, pooled_k / pooled_n, 0.0)
    used_groups = int((pooled_n > 0).sum())
    return pearson_dispersion(k, n, share[codes], used_groups)
