"""K-means with k chosen by silhouette: the cluster model for corpora too small for HDBSCAN."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score


class SilhouetteKMeans(ClusterMixin, BaseEstimator):
    """K-means whose number of clusters is the best mean silhouette over ``k_range``.

    BERTopic accepts any clusterer with ``fit``, ``labels_`` and ``predict`` as its
    ``hdbscan_model``; this one never labels a unit an outlier.

    Parameters
    ----------
    k_range : sequence of int, default=(2, 3, 4, 5, 6)
        Candidate numbers of clusters; those with ``k >= n_samples`` are skipped. If none
        remains, one cluster is fitted.
    n_init : int, default=10
        K-means restarts per k.
    random_state : int, default=0
        Seed of every k-means fit.

    Attributes
    ----------
    n_clusters_ : int
        The chosen k.
    silhouettes_ : dict of int to float
        Mean silhouette of each candidate k.
    labels_ : ndarray of shape (n_samples,)
    kmeans_ : KMeans
        The fitted k-means with ``n_clusters_`` clusters.

    References
    ----------
    Rousseeuw, P. J. (1987). Silhouettes: a graphical aid to the interpretation and validation
    of cluster analysis. Journal of Computational and Applied Mathematics, 20, 53-65.

    Examples
    --------
    >>> X = np.r_[np.zeros((5, 2)), np.ones((5, 2)) * 10] + np.arange(10)[:, None] * 0.01
    >>> SilhouetteKMeans(k_range=(2, 3)).fit(X).n_clusters_
    2
    """

    def __init__(
        self, k_range: Sequence[int] = (2, 3, 4, 5, 6), n_init: int = 10, random_state: int = 0
    ):
        self.k_range = k_range
        self.n_init = n_init
        self.random_state = random_state

    def fit(self, X, y=None) -> SilhouetteKMeans:
        """Fit k-means for each candidate k and keep the one with the best silhouette."""
        X = np.asarray(X, dtype=float)
        n = X.shape[0]
        self.silhouettes_ = {}
        best = None
        for k in self.k_range:
            if not 2 <= k < n:
                continue
            model = KMeans(n_clusters=k, n_init=self.n_init, random_state=self.random_state).fit(X)
            if len(np.unique(model.labels_)) < 2:
                continue
            score = float(silhouette_score(X, model.labels_))
            self.silhouettes_[k] = score
            if best is None or score > best[0] + 1e-12:
                best = (score, model)
        if best is None:
            best = (
                float("nan"),
                KMeans(n_clusters=1, n_init=1, random_state=self.random_state).fit(X),
            )
        self.kmeans_ = best[1]
        self.n_clusters_ = int(self.kmeans_.n_clusters)
        self.labels_ = self.kmeans_.labels_
        return self

    def predict(self, X) -> np.ndarray:
        """Nearest chosen centroid of each row of ``X``."""
        return self.kmeans_.predict(np.asarray(X, dtype=float))
