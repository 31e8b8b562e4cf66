"""The ``contrasts`` table: pairwise comparisons of outlets (and of groups) for each frame.

Every pair compares the two pooled shares of framed sentences. The odds ratio is that of the
shares themselves (``share_a`` over ``share_b``, unadjusted), so its direction always agrees
with them -- no zero-cell correction that could flip it (a +0.5 correction turns 3/60 vs 0/2
into an odds ratio below 1). Inference treats articles as the units:

* **Outlets.** A quasi-likelihood ratio test: the 2×2 likelihood-ratio statistic G² divided by
  the frame's between-article dispersion ``φ`` (estimated over all testable outlets, as a
  pooled variance is in post-hoc comparisons) and referred to F(1, df); the interval is the
  matching profile-likelihood interval, ``{θ : 2(ℓ̂ - ℓ_p(θ)) / φ <= F_{1,df}(1-α)}``, which
  is one-sided infinite when a share is 0 or 1. Test and interval come from the same
  criterion, so the interval excludes 1 exactly when ``p < alpha`` (Venzon & Moolgavkar 1988;
  McCullagh & Nelder 1989). Computed for all pairs at once.
* **Groups.** A Wald test of the difference in group log-odds with standard errors clustered by
  outlet (CR1, t(G - 1); Cameron & Miller 2015); interval and test again share one criterion.

``p_adj`` adjusts within each frame and level over all its pairs; ``mde`` is the smallest
difference in shares each pair could detect (:func:`framing.stats.power.mde_share_difference`).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import special, stats

from framing.errors import ConfigError
from framing.stats.dispersion import oneway_dispersion
from framing.stats.methods import CONTRAST_GROUPS, CONTRAST_QUASI_LR
from framing.stats.power import mde_from_se, mde_share_difference

#: Columns of the contrasts table.
COLUMNS = (
    "frame",
    "level",
    "outlet_a",
    "outlet_b",
    "method",
    "share_a",
    "share_b",
    "difference",
    "odds_ratio",
    "ci_low",
    "ci_high",
    "statistic",
    "df",
    "p",
    "p_adj",
    "n_a",
    "n_b",
    "articles_a",
    "articles_b",
    "dispersion",
    "mde",
    "status",
    "unit",
    "family",
    "correction",
    "caveat",
)
#: Bound of the log odds ratio searched for interval ends (beyond it an end is infinite).
THETA_BOUND = 30.0


def outlet_pairs(
    outlets: Iterable[str], pairs: Iterable[tuple[str, str]] | None = None
) -> list[tuple[str, str]]:
    """All pairs of ``outlets`` (sorted), or the given ``pairs`` after checking their names.

    Raises
    ------
    ConfigError
        If a pair names an outlet that is not in ``outlets``, or the same outlet twice.
    """
    known = sorted(set(outlets))
    if pairs is None:
        return list(combinations(known, 2))
    checked = []
    for a, b in pairs:
        for name in (a, b):
            if name not in known:
                raise ConfigError(
                    f"pair {a}:{b} names {name!r}, which is not a testable outlet or group; "
                    f"choose among {', '.join(known)}"
                )
        if a == b:
            raise ConfigError(f"pair {a}:{b} compares an outlet with itself; name two outlets")
        checked.append((a, b))
    return checked


def outlet_contrasts(
    k: np.ndarray,
    n: np.ndarray,
    codes: np.ndarray,
    names: list[str],
    pairs: list[tuple[str, str]],
    *,
    alpha: float = 0.05,
    power: float = 0.8,
) -> pd.DataFrame:
    """Quasi-likelihood-ratio contrasts of every pair of outlets for one frame.

    Parameters
    ----------
    k, n : array
        Framed sentences and sentences of each article.
    codes : array of int
        Outlet (index into ``names``) of each article.
    names : list of str
        Outlet names.
    pairs : list of (str, str)
        The pairs to compare.
    alpha, power : float

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS` except ``frame``, ``p_adj``, ``family``, ``correction``.

    References
    ----------
    Venzon, D. J., & Moolgavkar, S. H. (1988). A method for computing profile-likelihood-based
    confidence intervals. *Applied Statistics*, 37(1), 87-94.

    McCullagh, P., & Nelder, J. A. (1989). *Generalized Linear Models* (2nd ed.). Chapman &
    Hall.

    Examples
    --------
    >>> k, n = np.array([3, 4, 0, 1]), np.array([30, 30, 30, 30])
    >>> table = outlet_contrasts(k, n, np.array([0, 0, 1, 1]), ["A", "B"], [("A", "B")])
    >>> row = table.iloc[0]
    >>> bool(row.odds_ratio > 1), bool(row.ci_low < row.odds_ratio < row.ci_high)
    (True, True)
    """
    sum_k = np.bincount(codes, weights=k, minlength=len(names))
    sum_n = np.bincount(codes, weights=n, minlength=len(names))
    articles = np.bincount(codes, minlength=len(names))
    dispersion = oneway_dispersion(k, n, codes)
    index = {name: i for i, name in enumerate(names)}
    a = np.array([index[x] for x, _ in pairs], dtype=int)
    b = np.array([index[y] for _, y in pairs], dtype=int)
    table = pd.DataFrame(
        {
            "outlet_a": [x for x, _ in pairs],
            "outlet_b": [y for _, y in pairs],
            "n_a": sum_n[a].astype(int),
            "n_b": sum_n[b].astype(int),
            "articles_a": articles[a],
            "articles_b": articles[b],
        }
    )
    ka, na, kb, nb = sum_k[a], sum_n[a], sum_k[b], sum_n[b]
    table["share_a"], table["share_b"] = ka / na, kb / nb
    table["difference"] = table["share_a"] - table["share_b"]
    df = dispersion.df or None
    critical = stats.f.ppf(1 - alpha, 1, df) if df else stats.chi2.ppf(1 - alpha, 1)
    g2 = 2 * (
        _binomial_loglik(ka, na) + _binomial_loglik(kb, nb) - _binomial_loglik(ka + kb, na + nb)
    )
    statistic = np.maximum(g2, 0.0) / dispersion.phi
    table["statistic"] = statistic
    table["p"] = stats.f.sf(statistic, 1, df) if df else stats.chi2.sf(statistic, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        theta = special.logit(table["share_a"].to_numpy()) - special.logit(
            table["share_b"].to_numpy()
        )
    nothing = (ka + kb == 0) | (ka + kb == na + nb)
    low, high = np.full(len(pairs), np.nan), np.full(len(pairs), np.nan)
    if (~nothing).any():  # a pair without variation has no profile (its intercept runs off)
        used = ~nothing
        low[used], high[used] = _profile_bounds(
            ka[used], na[used], kb[used], nb[used], theta[used], critical * dispersion.phi
        )
    table["odds_ratio"], table["ci_low"], table["ci_high"] = (
        np.exp(theta),
        np.exp(low),
        np.exp(high),
    )
    table["df"] = dispersion.df
    table["dispersion"] = dispersion.phi
    pooled = (ka + kb) / (na + nb)
    table["mde"] = mde_share_difference(
        pooled, na, nb, dispersion=dispersion.phi, alpha=alpha, power=power, df=df
    )
    table["method"] = CONTRAST_QUASI_LR.label
    table["level"], table["unit"], table["status"], table["caveat"] = (
        "outlets",
        "article",
        "tested",
        "",
    )
    if nothing.any():
        table.loc[nothing, ["statistic", "p", "odds_ratio", "ci_low", "ci_high"]] = np.nan
        table.loc[nothing, "method"] = "not tested"
        table.loc[nothing, "status"] = "not tested"
        table.loc[nothing, "caveat"] = np.where(
            ka[nothing] == 0, "neither outlet uses the frame", "both use it in every sentence"
        )
    edge = ~nothing & ((ka == 0) | (kb == 0) | (ka == na) | (kb == nb))
    table.loc[edge, "caveat"] = (
        "a share is 0 or 1: the odds ratio and one interval end are 0 or infinite"
    )
    if np.isnan(dispersion.raw):
        table.loc[~nothing, "caveat"] = "overdispersion could not be estimated (too few articles)"
    return table


def group_contrasts(
    k: np.ndarray,
    n: np.ndarray,
    outlet_codes: np.ndarray,
    group_of_outlet: np.ndarray,
    names: list[str],
    *,
    alpha: float = 0.05,
    power: float = 0.8,
) -> pd.DataFrame:
    """Cluster-robust (by outlet) Wald contrasts of every pair of groups for one frame.

    Parameters
    ----------
    k, n : array
        Framed sentences and sentences of each article.
    outlet_codes : array of int
        Outlet of each article.
    group_of_outlet : array of int
        Group (index into ``names``) of each outlet.
    names : list of str
        Group names.

    References
    ----------
    Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to cluster-robust
    inference. *Journal of Human Resources*, 50(2), 317-372.
    """
    n_groups, n_outlets = len(names), int(outlet_codes.max()) + 1
    outlet_k = np.bincount(outlet_codes, weights=k, minlength=n_outlets)
    outlet_n = np.bincount(outlet_codes, weights=n, minlength=n_outlets)
    sum_k = np.bincount(group_of_outlet, weights=outlet_k, minlength=n_groups)
    sum_n = np.bincount(group_of_outlet, weights=outlet_n, minlength=n_groups)
    share = sum_k / sum_n
    residual = outlet_k - outlet_n * share[group_of_outlet]
    meat = np.bincount(group_of_outlet, weights=residual**2, minlength=n_groups)
    factor = n_outlets / (n_outlets - 1) * (len(k) - 1) / (len(k) - n_groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = factor * meat / (sum_n * share * (1 - share)) ** 2  # of each group's logit
    articles = np.bincount(group_of_outlet, weights=np.bincount(outlet_codes), minlength=n_groups)
    df = n_outlets - 1
    quantile = stats.t.isf(alpha / 2, df)
    rows = []
    for a, b in combinations(range(n_groups), 2):
        row = {
            "level": "groups",
            "outlet_a": names[a],
            "outlet_b": names[b],
            "share_a": share[a],
            "share_b": share[b],
            "difference": share[a] - share[b],
            "n_a": int(sum_n[a]),
            "n_b": int(sum_n[b]),
            "articles_a": int(articles[a]),
            "articles_b": int(articles[b]),
            "df": df,
            "unit": "article (clustered by outlet)",
        }
        if not (0 < share[a] < 1 and 0 < share[b] < 1):
            rows.append(
                {**row, "method": "not tested", "status": "not tested",
                 "caveat": "a group's share is 0 or 1: its log-odds has no cluster-robust error"}
            )  # fmt: skip
            continue
        theta = special.logit(share[a]) - special.logit(share[b])
        se = float(np.sqrt(variance[a] + variance[b]))
        pooled = (sum_k[a] + sum_k[b]) / (sum_n[a] + sum_n[b])
        # the detectable log odds ratio, as a share difference at the pooled share (delta method)
        mde = float(mde_from_se(se, alpha=alpha, power=power, df=df)) * pooled * (1 - pooled)
        rows.append(
            {
                **row,
                "method": CONTRAST_GROUPS.label,
                "status": "tested",
                "odds_ratio": float(np.exp(theta)),
                "ci_low": float(np.exp(theta - quantile * se)),
                "ci_high": float(np.exp(theta + quantile * se)),
                "statistic": float(theta / se),
                "p": float(2 * stats.t.sf(abs(theta / se), df)),
                "mde": mde,
                "caveat": ""
                if n_outlets >= 30
                else f"only {n_outlets} outlets (clusters): cluster-robust errors may be too small",
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _binomial_loglik(k, n) -> np.ndarray:
    """Maximised binomial log-likelihood ``k log p̂ + (n-k) log(1-p̂)`` (0 log 0 = 0)."""
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    p = np.divide(k, n, out=np.zeros_like(k), where=n > 0)
    return special.xlogy(k, p) + special.xlogy(n - k, 1 - p)


def _profile_loglik(ka, na, kb, nb, theta) -> np.ndarray:
    """``max_α ℓ(α, θ)`` of the two-group logit model, by safeguarded Newton steps in α."""
    alpha = special.logit(np.clip((ka + kb + 0.5) / (na + nb + 1), 1e-9, 1 - 1e-9)) - theta / 2
    for _ in range(60):
        pa, pb = special.expit(alpha + theta), special.expit(alpha)
        score = ka + kb - na * pa - nb * pb
        curvature = na * pa * (1 - pa) + nb * pb * (1 - pb)
        step = np.clip(score / np.maximum(curvature, 1e-12), -4.0, 4.0)
        alpha = alpha + step
        if np.all(np.abs(step) < 1e-10):
            break
    eta_a = alpha + theta
    return ka * eta_a - na * np.logaddexp(0, eta_a) + kb * alpha - nb * np.logaddexp(0, alpha)


def _profile_bounds(ka, na, kb, nb, theta_hat, critical) -> tuple[np.ndarray, np.ndarray]:
    """Ends of ``{θ : 2(ℓ̂ - ℓ_p(θ)) <= critical}`` by bisection on each side of ``θ̂``."""
    top = _binomial_loglik(ka, na) + _binomial_loglik(kb, nb)
    centre = np.clip(np.nan_to_num(theta_hat, nan=0.0), -THETA_BOUND, THETA_BOUND)

    def outside(theta):
        return 2 * (top - _profile_loglik(ka, na, kb, nb, theta)) > critical

    ends = []
    for far in (-THETA_BOUND, THETA_BOUND):
        inner, outer = centre.copy(), np.full_like(centre, far)
        reachable = outside(outer)
        for _ in range(60):
            middle = (inner + outer) / 2
            out = outside(middle)
            outer = np.where(out, middle, outer)
            inner = np.where(out, inner, middle)
        ends.append(np.where(reachable, (inner + outer) / 2, np.sign(far) * np.inf))
    return ends[0], ends[1]
