"""Stability of topic assignments across random seeds (adjusted Rand index)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score


def assignment_stability(
    reference: Sequence[int],
    refit: Callable[[int], Sequence[int]],
    seeds: Sequence[int],
) -> pd.DataFrame:
    """Adjusted Rand index between the reference assignments and refits with other seeds.

    BERTopic's topics can change between runs through UMAP's and the clusterer's randomness;
    reporting the ARI across seeds says how much of the result to trust. An ARI of 1 means
    the same partition of units (topic numbers may differ), 0 what chance would give.

    Parameters
    ----------
    reference : sequence of int
        Topic of each unit in the reported model.
    refit : callable
        ``refit(seed)`` fits the same model with ``random_state=seed`` and returns the topic
        of each unit, in the same order.
    seeds : sequence of int
        Seeds to refit with.

    Returns
    -------
    DataFrame
        Columns ``seed``, ``ari``, ``n_topics`` (topics other than -1 in that refit).

    References
    ----------
    Hubert, L., & Arabie, P. (1985). Comparing partitions. Journal of Classification, 2(1),
    193-218.
    """
    rows = []
    for seed in seeds:
        topics = list(refit(int(seed)))
        rows.append(
            {
                "seed": int(seed),
                "ari": float(adjusted_rand_score(list(reference), topics)),
                "n_topics": len(set(topics) - {-1}),
            }
        )
    return pd.DataFrame(rows, columns=["seed", "ari", "n_topics"])


def sample_articles(doc_ids: Sequence[str], max_units: int, random_state: int = 0) -> np.ndarray:
    """Positions of the units of a random sample of articles with at most ``max_units`` units.

    Articles, the units of inference, are drawn whole: they are put in a random order (a
    permutation seeded by ``random_state``) and taken in that order while their units fit in
    ``max_units`` (an article that does not fit is skipped, later smaller ones may still be
    taken). At least one article is always taken. The same input and seed give the same sample.

    Parameters
    ----------
    doc_ids : sequence of str
        Article of each unit.
    max_units : int
        Most units in the sample.
    random_state : int, default=0

    Returns
    -------
    ndarray of int
        Positions of the sampled units, ascending (every unit when they are ``max_units`` or
        fewer).

    Examples
    --------
    >>> sample_articles(["a", "a", "b", "c", "c", "c"], 3, random_state=0).tolist()
    [3, 4, 5]
    >>> len(sample_articles(["a", "b"], 5))
    2
    """
    codes, articles = pd.factorize(pd.Series(list(doc_ids), dtype=object))
    if len(codes) <= max_units:
        return np.arange(len(codes))
    sizes = np.bincount(codes, minlength=len(articles))
    order = np.random.default_rng(random_state).permutation(len(articles))
    taken = np.zeros(len(articles), dtype=bool)
    room = int(max_units)
    for article in order:
        if sizes[article] <= room or not taken.any():
            taken[article] = True
            room -= int(sizes[article])
        if room <= 0:
            break
    return np.flatnonzero(taken[codes])
