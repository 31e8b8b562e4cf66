"""Tests of association for an outlet × outcome contingency table.

Pure functions on count arrays: Pearson's chi-square with Cochran's expected-count rule,
Fisher's exact test for 2×2 tables, a Monte Carlo permutation test that permutes outlet labels
over exchangeable units, and Cramér's V (optionally bias-corrected).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class ChiSquare:
    """Pearson's chi-square test of independence and its expected counts."""

    statistic: float
    df: int
    p: float
    expected: np.ndarray


def pearson_chi_square(table: np.ndarray) -> ChiSquare:
    """Pearson's chi-square test of independence, without continuity correction.

    Parameters
    ----------
    table : array of shape (r, c)
        Observed counts; every row and column must have a positive total.

    Returns
    -------
    ChiSquare
        ``statistic = sum((O - E)**2 / E)``, ``df = (r - 1)(c - 1)``, the upper-tail p-value
        of the chi-square distribution and the expected counts ``E = row * col / n``.

    References
    ----------
    Pearson, K. (1900). On the criterion that a given system of deviations from the probable
    ... *Philosophical Magazine*, 50(302), 157–175.

    Examples
    --------
    >>> round(pearson_chi_square(np.array([[10, 20], [20, 10]])).statistic, 3)
    6.667
    """
    table = np.asarray(table, dtype=float)
    if (table.sum(axis=0) <= 0).any() or (table.sum(axis=1) <= 0).any():
        raise ValueError("every row and column of the table needs a positive total")
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    statistic = float(np.sum((table - expected) ** 2 / expected))
    df = (table.shape[0] - 1) * (table.shape[1] - 1)
    return ChiSquare(statistic, df, float(stats.chi2.sf(statistic, df)), expected)


def expected_counts_ok(expected: np.ndarray) -> tuple[bool, str]:
    """Cochran's rule: no expected count below 1 and at most 20% below 5.

    Returns
    -------
    ok : bool
        Whether the chi-square approximation can be trusted.
    reason : str
        Empty if ``ok``; otherwise a short description of the violation.

    References
    ----------
    Cochran, W. G. (1954). Some methods for strengthening the common chi-square tests.
    *Biometrics*, 10(4), 417–451.
    """
    expected = np.asarray(expected, dtype=float)
    below_one = int((expected < 1).sum())
    share_below_five = float((expected < 5).mean())
    if below_one:
        return False, f"{below_one} expected count(s) below 1"
    if share_below_five > 0.2:
        return False, f"{share_below_five:.0%} of expected counts below 5"
    return True, ""


def fisher_exact_2x2(table: np.ndarray) -> float:
    """Two-sided p-value of Fisher's exact test for a 2×2 table.

    Conditioning on both margins, the top-left count is hypergeometric; the p-value sums the
    probabilities of all tables no more probable than the observed one.

    References
    ----------
    Fisher, R. A. (1935). The logic of inductive inference. *Journal of the Royal Statistical
    Society*, 98(1), 39–82.

    Examples
    --------
    >>> round(fisher_exact_2x2(np.array([[8, 2], [1, 5]])), 4)
    0.035
    """
    table = np.asarray(table, dtype=int)
    if table.shape != (2, 2):
        raise ValueError("Fisher's exact test here needs a 2x2 table")
    row0, col0, n = table[0].sum(), table[:, 0].sum(), table.sum()
    support = np.arange(max(0, row0 + col0 - n), min(row0, col0) + 1)
    probs = stats.hypergeom.pmf(support, n, col0, row0)
    observed = stats.hypergeom.pmf(table[0, 0], n, col0, row0)
    return float(min(1.0, probs[probs <= observed * (1 + 1e-7)].sum()))


def permutation_chi_square(
    groups: np.ndarray,
    successes: np.ndarray,
    trials: np.ndarray,
    n_permutations: int = 9999,
    random_state: int | np.random.Generator | None = 0,
) -> tuple[float, float]:
    """Monte Carlo permutation test of a groups × (success, failure) table.

    Each unit (a document, or a sentence) has a group label (its outlet), a number of
    ``trials`` (sentences; 1 for a single sentence or document) and of ``successes`` (those
    carrying the frame). Under the null hypothesis the units are exchangeable between groups,
    so group labels are permuted over units, the table is rebuilt and its Pearson chi-square
    recomputed. Permuting whole documents keeps the sentences of one article together, which
    is what makes the test valid when sentences within an article are dependent.

    Parameters
    ----------
    groups : array of int
        Group code of each unit (0 .. k-1).
    successes, trials : array
        Per-unit counts.
    n_permutations : int
        Number of random permutations ``B``.
    random_state : int or Generator
        Seed for reproducible permutations.

    Returns
    -------
    statistic : float
        Observed Pearson chi-square.
    p : float
        ``(b + 1) / (B + 1)`` where ``b`` counts permuted statistics at least as large as the
        observed one; never zero, as Phipson & Smyth (2010) require.

    References
    ----------
    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero: calculating
    exact p-values when permutations are randomly drawn. *Statistical Applications in Genetics
    and Molecular Biology*, 9(1), Article 39.
    """
    rng = np.random.default_rng(random_state)
    groups = np.asarray(groups, dtype=int)
    successes = np.asarray(successes, dtype=float)
    trials = np.asarray(trials, dtype=float)
    observed = float(_chi_square_binary(groups[None, :], successes, trials)[0])
    batch = max(1, min(n_permutations, 2_000_000 // max(len(groups), 1)))
    exceed, done = 0, 0
    while done < n_permutations:
        size = min(batch, n_permutations - done)
        permuted = rng.permuted(np.broadcast_to(groups, (size, len(groups))), axis=1)
        exceed += int(np.sum(_chi_square_binary(permuted, successes, trials) >= observed - 1e-9))
        done += size
    return observed, (exceed + 1) / (n_permutations + 1)


def _chi_square_binary(labels: np.ndarray, successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """Pearson chi-square of the groups × (success, failure) table, one per row of ``labels``."""
    size = labels.shape[0]
    k = int(labels.max()) + 1
    index = (labels + k * np.arange(size)[:, None]).ravel()
    yes = np.bincount(index, weights=np.tile(successes, size), minlength=k * size)
    total = np.bincount(index, weights=np.tile(trials, size), minlength=k * size)
    table = np.stack([yes, total - yes], axis=-1).reshape(size, k, 2)
    rows = table.sum(axis=2, keepdims=True)
    cols = table.sum(axis=1, keepdims=True)
    expected = rows * cols / table.sum(axis=(1, 2), keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = np.where(expected > 0, (table - expected) ** 2 / expected, 0.0)
    return cells.sum(axis=(1, 2))


def cramers_v(table: np.ndarray, bias_correction: bool = False) -> float:
    """Cramér's V, the chi-square statistic scaled to [0, 1].

    ``V = sqrt(chi2 / (n * (min(r, c) - 1)))``. With ``bias_correction`` the estimator of
    Bergsma (2013) subtracts the expected value of ``phi^2`` under independence and shrinks the
    table dimensions, which matters for small samples and large tables.

    References
    ----------
    Cramér, H. (1946). *Mathematical Methods of Statistics*. Princeton University Press.

    Bergsma, W. (2013). A bias-correction for Cramér's V and Tschuprow's T. *Journal of the
    Korean Statistical Society*, 42(3), 323–328.

    Examples
    --------
    >>> round(cramers_v(np.array([[10, 0], [0, 10]])), 3)
    1.0
    """
    table = np.asarray(table, dtype=float)
    n = table.sum()
    r, c = table.shape
    phi2 = pearson_chi_square(table).statistic / n
    if not bias_correction:
        return float(np.sqrt(phi2 / (min(r, c) - 1)))
    phi2 = max(0.0, phi2 - (r - 1) * (c - 1) / (n - 1))
    r_tilde = r - (r - 1) ** 2 / (n - 1)
    c_tilde = c - (c - 1) ** 2 / (n - 1)
    denominator = min(r_tilde - 1, c_tilde - 1)
    return float(np.sqrt(phi2 / denominator)) if denominator > 0 else 0.0
