"""Stability of topic assignments across random seeds (adjusted Rand index)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
