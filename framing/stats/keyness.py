"""The ``keyness`` table: which words distinguish an outlet's coverage?

Each outlet's word counts are compared with the pooled counts of all other outlets
(one-vs-rest) and, optionally, with one named outlet (chosen pairs). Three statistics per word:

* the weighted log-odds ratio with an informative Dirichlet prior and its z-score (Monroe,
  Colaresi & Quinn 2008, "Fightin' Words"), the ranking statistic (``score``, ``z``);
* Dunning's (1993) log-likelihood ratio G² of the word × group 2×2 table;
* Pearson's chi-square of the same table.

Every statistic treats tokens as independent draws, which they are not (words cluster within
articles; Lijffijt et al. 2016), so p-values are best read as a ranking aid; the ``caveat``
column says when counts come from a single article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import stats

from framing.corpus.tokens import tokenize
from framing.stats.multiplicity import adjust_pvalues

#: Columns of the keyness table (contract columns first).
COLUMNS = (
    "outlet",
    "term",
    "score",
    "z",
    "p",
    "p_adj",
    "versus",
    "count",
    "count_versus",
    "g2",
    "g2_p",
    "g2_p_adj",
    "chi2",
    "chi2_p",
    "chi2_p_adj",
    "rank",
    "caveat",
)


def log_odds_dirichlet(
    counts_a: np.ndarray, counts_b: np.ndarray, prior: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted log-odds ratio of each word, group a versus group b, and its z-score.

    With ``y`` word counts, ``n`` group totals, ``alpha_w`` the prior for word w and
    ``alpha_0 = sum(alpha)``::

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
    Analysis*, 16(4), 372–403 (eqs. 16, 18, 19, 22).

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

    Returns
    -------
    g2, chi2 : ndarray
        Both statistics, signed: negative when the word is relatively rarer in group a.
        Compare ``abs`` values with a chi-square distribution on 1 degree of freedom.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    *Computational Linguistics*, 19(1), 61–74.

    Rayson, P., & Garside, R. (2000). Comparing corpora using frequency profiling. *Workshop
    on Comparing Corpora*, ACL 2000, 1–6.
    """
    a = np.asarray(counts_a, dtype=float)
    b = np.asarray(counts_b, dtype=float)
    observed = np.stack([a, b, a.sum() - a, b.sum() - b])  # word-a, word-b, other-a, other-b
    total = a.sum() + b.sum()
    word, other = a + b, total - a - b
    expected = np.stack([word * a.sum(), word * b.sum(), other * a.sum(), other * b.sum()]) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    g2 = 2.0 * terms.sum(axis=0)
    chi2 = ((observed - expected) ** 2 / expected).sum(axis=0)
    sign = np.sign(a / a.sum() - b / b.sum())
    return sign * np.maximum(g2, 0.0), sign * chi2


def keyness(
    documents: pd.DataFrame,
    *,
    pairs: Iterable[tuple[str, str]] | None = None,
    alpha0: float = 1000.0,
    stop_words: Iterable[str] | None = None,
    min_count: int = 2,
    top: int = 20,
    correction: str = "fdr_bh",
) -> pd.DataFrame:
    """Top distinctive words of each outlet against the rest (and against chosen outlets).

    Parameters
    ----------
    documents : DataFrame
        The documents table (``outlet``, ``text``).
    pairs : iterable of (str, str), optional
        Extra head-to-head comparisons: for a pair ``(a, b)`` the words of ``a`` against
        ``b`` and of ``b`` against ``a``. Names must be outlets of ``documents``.
    alpha0 : float
        Total mass of the informative Dirichlet prior (the corpus word distribution scaled to
        sum to ``alpha0``). Larger values shrink rare words harder.
    stop_words : iterable of str, optional
        Lower-case words to leave out before counting.
    min_count : int
        Words seen fewer times in the whole corpus are left out of the vocabulary.
    top : int
        Words kept per comparison, by descending z-score (words typical of ``outlet``).
    correction : {"fdr_bh", "holm"}
        Adjustment of ``p``, ``g2_p`` and ``chi2_p`` over the whole vocabulary of each
        comparison (before keeping the ``top`` words).

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`: ``score`` is the weighted log-odds ratio, ``z`` its z-score,
        ``p`` the two-sided normal p-value of ``z``; ``versus`` is ``"rest"`` or the other
        outlet; ``count``/``count_versus`` are raw counts. A comparison where one side has no
        word of the vocabulary is a single row with an empty ``term``, missing statistics,
        total counts and the reason in ``caveat``.
    """
    stop = {w.lower() for w in (stop_words or [])}
    counts = {
        outlet: Counter(t for text in group["text"].fillna("") for t in tokenize(text))
        for outlet, group in documents.groupby(documents["outlet"].astype(str), sort=True)
    }
    for counter in counts.values():
        for word in stop & set(counter):
            del counter[word]
    total = sum(counts.values(), Counter())
    vocabulary = sorted(w for w, c in total.items() if c >= min_count)
    if len(counts) < 2 or not vocabulary:
        return pd.DataFrame(columns=COLUMNS)
    matrix = pd.DataFrame(
        {o: [c.get(w, 0) for w in vocabulary] for o, c in counts.items()}, index=vocabulary
    )
    prior = alpha0 * matrix.sum(axis=1).to_numpy(float) / matrix.to_numpy().sum()
    docs_per_outlet = documents.groupby(documents["outlet"].astype(str))["doc_id"].nunique()
    comparisons = [(o, "rest") for o in matrix.columns]
    comparisons += [c for a, b in (pairs or []) for c in ((a, b), (b, a))]
    parts = []
    for outlet, versus in comparisons:
        a = matrix[outlet].to_numpy(float)
        if versus == "rest":
            b = matrix.drop(columns=outlet).sum(axis=1).to_numpy(float)
        else:
            b = matrix[versus].to_numpy(float)
        single = docs_per_outlet[outlet] < 2 or (versus != "rest" and docs_per_outlet[versus] < 2)
        parts.append(_comparison(outlet, versus, vocabulary, a, b, prior, top, correction, single))
    return pd.concat(parts, ignore_index=True)[list(COLUMNS)]


def _comparison(outlet, versus, vocabulary, a, b, prior, top, correction, single) -> pd.DataFrame:
    used = (a + b) > 0  # a head-to-head pair leaves out words neither outlet uses
    vocabulary = [w for w, keep in zip(vocabulary, used, strict=True) if keep]
    a, b, prior = a[used], b[used], prior[used]
    if a.sum() == 0 or b.sum() == 0:  # nothing to compare: one flagged row, not NaN statistics
        empty = outlet if a.sum() == 0 else ("the other outlets" if versus == "rest" else versus)
        row = dict.fromkeys(COLUMNS, np.nan)
        row.update(outlet=outlet, versus=versus, term="", count=int(a.sum()), rank=0)
        row["count_versus"] = int(b.sum())
        row["caveat"] = (
            f"{empty} has no words in the vocabulary (min_count, stop words): nothing to compare"
        )
        return pd.DataFrame([row], columns=list(COLUMNS))
    delta, z = log_odds_dirichlet(a, b, prior)
    g2, chi2 = two_by_two_keyness(a, b)
    table = pd.DataFrame(
        {
            "outlet": outlet,
            "term": vocabulary,
            "score": delta,
            "z": z,
            "p": 2 * stats.norm.sf(np.abs(z)),
            "versus": versus,
            "count": a.astype(int),
            "count_versus": b.astype(int),
            "g2": g2,
            "g2_p": stats.chi2.sf(np.abs(g2), 1),
            "chi2": chi2,
            "chi2_p": stats.chi2.sf(np.abs(chi2), 1),
        }
    )
    for column in ("p", "g2_p", "chi2_p"):
        table[f"{column}_adj"] = adjust_pvalues(table[column].to_numpy(), correction)
    table = table.sort_values(["z", "term"], ascending=[False, True], kind="stable").head(top)
    table["rank"] = np.arange(1, len(table) + 1)
    table["caveat"] = (
        "counts come from a single article per outlet: words are not independent draws"
        if single
        else "tokens treated as independent draws: p-values are a ranking aid"
    )
    return table
