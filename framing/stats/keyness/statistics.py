"""The word statistics of keyness: weighted log-odds with a Dirichlet prior, G², Welch's t.

Pure functions of count (and sum-of-squares) arrays over a vocabulary, vectorised over words.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

#: Sums of squares below this fraction of the sum of squared values are rounding error (zero).
_ZERO_VARIANCE = 1e-9


def log_odds_dirichlet(
    counts_a: np.ndarray, counts_b: np.ndarray, prior: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted log-odds ratio of each word, group a versus group b, and its z-score.

    With ``y`` word counts, ``n`` group totals (sums of ``y`` over the vocabulary), ``alpha_w``
    the prior for word w and ``alpha_0 = sum(alpha)``::

        delta_w = log((y_aw + alpha_w) / (n_a + alpha_0 - y_aw - alpha_w))
                - log((y_bw + alpha_w) / (n_b + alpha_0 - y_bw - alpha_w))
        var_w  ~= 1 / (y_aw + alpha_w) + 1 / (y_bw + alpha_w)
        z_w     = delta_w / sqrt(var_w)

    Parameters
    ----------
    counts_a, counts_b : array of shape (n_words,)
        Word counts of the two groups over the same vocabulary.
    prior : array of shape (n_words,)
        Dirichlet prior ``alpha_w`` (positive); the informative prior is the corpus-wide
        relative frequency times ``alpha_0``.

    Returns
    -------
    delta, z : ndarray
        Log-odds ratios and z-scores (positive: more typical of group a).

    References
    ----------
    Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: lexical feature
    selection and evaluation for identifying the content of political conflict. *Political
    Analysis*, 16(4), 372–403 (eqs. 16, 18–22).

    Examples
    --------
    >>> delta, z = log_odds_dirichlet(np.array([3, 1]), np.array([1, 3]), np.array([1.0, 1.0]))
    >>> delta.round(3), z.round(3)
    (array([ 1.386, -1.386]), array([ 1.601, -1.601]))
    """
    a = np.asarray(counts_a, dtype=float)
    b = np.asarray(counts_b, dtype=float)
    prior = np.asarray(prior, dtype=float)
    alpha0 = prior.sum()
    log_a = np.log(a + prior) - np.log(a.sum() + alpha0 - a - prior)
    log_b = np.log(b + prior) - np.log(b.sum() + alpha0 - b - prior)
    delta = log_a - log_b
    variance = 1.0 / (a + prior) + 1.0 / (b + prior)
    return delta, delta / np.sqrt(variance)


def two_by_two_keyness(counts_a: np.ndarray, counts_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Log-likelihood G² and Pearson chi-square of each word's 2×2 table (word/other × a/b).

    Both treat tokens as independent draws; :func:`keyness` reports G² as a descriptive
    measure only, without a p-value.

    Returns
    -------
    g2, chi2 : ndarray
        Both statistics, signed: negative when the word is relatively rarer in group a.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    *Computational Linguistics*, 19(1), 61–74.

    Rayson, P., & Garside, R. (2000). Comparing corpora using frequency profiling. *Workshop
    on Comparing Corpora*, ACL 2000, 1–6.

    Examples
    --------
    >>> g2, chi2 = two_by_two_keyness(np.array([10, 2]), np.array([2, 10]))
    >>> g2.round(2), chi2.round(2)
    (array([ 11.64, -11.64]), array([ 10.67, -10.67]))
    """
    a = np.asarray(counts_a, dtype=float)
    b = np.asarray(counts_b, dtype=float)
    observed = np.stack([a, b, a.sum() - a, b.sum() - b])  # word-a, word-b, other-a, other-b
    total = a.sum() + b.sum()
    word, other = a + b, total - a - b
    expected = np.stack([word * a.sum(), word * b.sum(), other * a.sum(), other * b.sum()]) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
        chi2 = np.where(expected > 0, (observed - expected) ** 2 / expected, 0.0).sum(axis=0)
    g2 = 2.0 * terms.sum(axis=0)
    sign = np.sign(a / a.sum() - b / b.sum())
    return sign * np.maximum(g2, 0.0), sign * chi2


def welch_from_sums(
    sum_a: np.ndarray,
    sumsq_a: np.ndarray,
    n_a: int,
    sum_b: np.ndarray,
    sumsq_b: np.ndarray,
    n_b: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Welch's two-sample t-test of many variables at once, from their sums and sums of squares.

    Parameters
    ----------
    sum_a, sumsq_a : array of shape (n_variables,)
        Sum and sum of squares of each variable over the ``n_a`` observations of sample a.
    n_a : int
        Size of sample a (at least 2).
    sum_b, sumsq_b, n_b
        The same for sample b.

    Returns
    -------
    t, df, p : ndarray
        Welch's t (positive: larger mean in a), Welch–Satterthwaite degrees of freedom and the
        two-sided p-value. A variable with zero variance in both samples gets NaN.

    References
    ----------
    Welch, B. L. (1947). The generalization of "Student's" problem when several different
    population variances are involved. *Biometrika*, 34(1–2), 28–35.

    Examples
    --------
    >>> a, b = np.array([0.1, 0.3, 0.2]), np.array([0.0, 0.1, 0.0, 0.05])
    >>> t, df, p = welch_from_sums(a.sum(keepdims=True), (a**2).sum(keepdims=True), 3,
    ...                            b.sum(keepdims=True), (b**2).sum(keepdims=True), 4)
    >>> check = stats.ttest_ind(a, b, equal_var=False)
    >>> bool(np.isclose(t[0], check.statistic) and np.isclose(p[0], check.pvalue))
    True
    """
    var_a = _variance(np.asarray(sum_a, float), np.asarray(sumsq_a, float), n_a) / n_a
    var_b = _variance(np.asarray(sum_b, float), np.asarray(sumsq_b, float), n_b) / n_b
    se2 = var_a + var_b
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (np.asarray(sum_a, float) / n_a - np.asarray(sum_b, float) / n_b) / np.sqrt(se2)
        df = se2**2 / (var_a**2 / (n_a - 1) + var_b**2 / (n_b - 1))
    t = np.where(se2 > 0, t, np.nan)
    df = np.where(se2 > 0, df, np.nan)
    return t, df, 2.0 * stats.t.sf(np.abs(t), df)


def _variance(total: np.ndarray, sumsq: np.ndarray, n: int) -> np.ndarray:
    """Sample variance (ddof=1) from sums; rounding residue of a constant variable is 0."""
    squares = sumsq - total * (total / n)
    return np.where(squares > _ZERO_VARIANCE * sumsq, squares, 0.0) / (n - 1)
