"""Topic shares per outlet, event or period, with bootstrap intervals over articles."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

SHARE_COLUMNS = (
    "topic",
    "share",
    "ci_low",
    "ci_high",
    "n_docs",
    "n_units",
    "method",
    "resampled",
    "caveat",
)


def assignment_weights(topics: Sequence[int], topic_ids: Sequence[int]) -> np.ndarray:
    """One-hot matrix (units x topics) of the assigned topics, columns in ``topic_ids`` order."""
    index = {t: j for j, t in enumerate(topic_ids)}
    weights = np.zeros((len(topics), len(topic_ids)))
    weights[np.arange(len(topics)), [index[t] for t in topics]] = 1.0
    return weights


#: Caveat of a group whose share has no interval: one article shows no between-article variation.
ONE_ARTICLE = "not testable (1 article): no between-article interval"


#: Article draws held at once by :func:`_resampled_shares` (replicates x articles), which
#: bounds its memory whatever the size of a group.
DRAWS_PER_BLOCK = 4_000_000


def _resampled_shares(
    sums: np.ndarray, counts: np.ndarray, n_boot: int, rng: np.random.Generator
) -> np.ndarray:
    """Pooled shares of ``n_boot`` resamples of a group's articles, block by block.

    Each replicate draws ``n_docs`` articles with replacement (``rng.integers``, drawn in blocks
    of replicates: the same stream as one call). A replicate's pooled sums are its draw counts
    times the articles' sums, a matrix product, so memory is one block of counts rather than
    replicates x articles x topics.
    """
    n_docs = len(counts)
    block = max(1, DRAWS_PER_BLOCK // n_docs)
    parts = []
    for start in range(0, n_boot, block):
        size = min(block, n_boot - start)
        draw = rng.integers(0, n_docs, size=(size, n_docs))
        offsets = np.arange(size)[:, None] * n_docs
        times = np.bincount((draw + offsets).ravel(), minlength=size * n_docs)
        times = times.reshape(size, n_docs).astype(float)
        parts.append((times @ sums) / (times @ counts)[:, None])
    return np.vstack(parts)


def bootstrap_shares(
    weights: np.ndarray,
    topic_ids: Sequence[int],
    doc_ids: Sequence[str],
    groups: Sequence[object],
    *,
    group_name: str = "outlet",
    method: str = "assignment",
    n_boot: int = 1000,
    confidence: float = 0.95,
    random_state: int = 0,
) -> pd.DataFrame:
    """Share of each topic in each group, with a percentile bootstrap interval over articles.

    The share of topic k in group g is the sum of the units' weights on k over the group's
    units divided by the number of units (weights are one-hot assignments, or each unit's
    topic distribution, rows summing to 1). The interval resamples the group's articles with
    replacement, keeping each article's units together (a cluster bootstrap: paragraphs of one
    article are not independent), and recomputes the pooled share. A group with a single
    article shows no between-article variation: its share is reported without an interval
    (``ci_low`` and ``ci_high`` are NaN) and ``caveat`` says so (:data:`ONE_ARTICLE`).

    Parameters
    ----------
    weights : ndarray of shape (n_units, n_topics)
    topic_ids : sequence of int
        Topic of each column of ``weights``.
    doc_ids, groups : sequence
        Article and group (outlet, event, period) of each unit.
    group_name : str, default="outlet"
        Name of the group column in the result.
    method : str, default="assignment"
        Recorded in the ``method`` column ("assignment" or "distribution").
    n_boot : int, default=1000
    confidence : float, default=0.95
    random_state : int, default=0

    Returns
    -------
    DataFrame
        One row per (group, topic): ``group_name`` then :data:`SHARE_COLUMNS`, sorted by
        group then topic; ``n_docs`` counts articles and ``resampled`` is "articles".

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.
    Field, C. A., & Welsh, A. H. (2007). Bootstrapping clustered data. Journal of the Royal
    Statistical Society B, 69(3), 369-390.

    Examples
    --------
    >>> weights = assignment_weights([0, 1, 0, 0, 1], [0, 1])
    >>> table = bootstrap_shares(
    ...     weights, [0, 1], ["a", "a", "b", "c", "c"], ["X", "X", "X", "Y", "Y"], n_boot=200
    ... )
    >>> table[["outlet", "topic", "share", "n_docs", "resampled"]].round(3)
      outlet  topic  share  n_docs resampled
    0      X      0  0.667       2  articles
    1      X      1  0.333       2  articles
    2      Y      0  0.500       1  articles
    3      Y      1  0.500       1  articles
    >>> print(table.loc[2, "ci_low"], table.loc[2, "caveat"])
    nan not testable (1 article): no between-article interval
    """
    weights = np.asarray(weights, dtype=float)
    doc_ids = np.asarray(list(doc_ids), dtype=object)
    group_of = pd.Series(list(groups), dtype=object)
    alpha = (1.0 - confidence) / 2.0
    rng = np.random.default_rng(random_state)
    rows = []
    members = group_of.groupby(group_of, sort=False, dropna=True).indices  # ascending positions
    for group in sorted(members, key=str):
        unit_idx = np.asarray(members[group])
        doc_codes, doc_index = np.unique(doc_ids[unit_idx], return_inverse=True)
        n_docs = len(doc_codes)
        sums = np.zeros((n_docs, weights.shape[1]))
        np.add.at(sums, doc_index, weights[unit_idx])
        counts = np.bincount(doc_index, minlength=n_docs).astype(float)
        share = sums.sum(axis=0) / counts.sum()
        if n_docs >= 2:
            boot = _resampled_shares(sums, counts, n_boot, rng)
            low, high = np.quantile(boot, [alpha, 1.0 - alpha], axis=0)
            caveat = ""
        else:
            low = high = np.full(len(share), np.nan)
            caveat = ONE_ARTICLE
        rows.append((group, share, low, high, n_docs, len(unit_idx), caveat))
    if not rows:
        return pd.DataFrame(columns=[group_name, *SHARE_COLUMNS])
    k = len(topic_ids)
    return pd.DataFrame(
        {
            group_name: [row[0] for row in rows for _ in range(k)],
            "topic": np.tile(np.asarray(topic_ids, dtype=int), len(rows)),
            "share": np.concatenate([row[1] for row in rows]).astype(float),
            "ci_low": np.concatenate([row[2] for row in rows]).astype(float),
            "ci_high": np.concatenate([row[3] for row in rows]).astype(float),
            "n_docs": np.repeat([row[4] for row in rows], k).astype(int),
            "n_units": np.repeat([row[5] for row in rows], k).astype(int),
            "method": method,
            "resampled": "articles",
            "caveat": [row[6] for row in rows for _ in range(k)],
        },
        columns=[group_name, *SHARE_COLUMNS],
    )


def distribution_weights(
    distribution: np.ndarray, topic_ids: Sequence[int]
) -> tuple[np.ndarray, list[int]]:
    """Unit-by-topic weights from ``approximate_distribution``, with an outlier column.

    Each row is normalised to sum to 1; a unit whose distribution is all zero (no window of
    it resembles any topic) puts its whole weight on topic -1, so no unit is silently lost.

    Returns
    -------
    weights : ndarray of shape (n_units, n_topics + 1)
    topic_ids : list of int
        ``[-1, *topic_ids]``.
    """
    dist = np.clip(np.asarray(distribution, dtype=float), 0.0, None)
    totals = dist.sum(axis=1, keepdims=True)
    normalised = np.divide(dist, totals, out=np.zeros_like(dist), where=totals > 0)
    outlier = (totals[:, 0] <= 0).astype(float)[:, None]
    return np.hstack([outlier, normalised]), [-1, *[int(t) for t in topic_ids]]
