"""Size-adaptive parameters: one rule book from five articles to a hundred thousand paragraphs.

BERTopic's defaults (UMAP ``n_neighbors=15``, five components, HDBSCAN ``min_cluster_size=10``)
suit corpora of thousands of units. On a few dozen paragraphs HDBSCAN labels almost everything
as noise, and on a hundred thousand the batch fit's memory grows with the corpus. The rules
below pick each parameter from the number of units so that every size gets a usable model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from framing.errors import InputError

#: Fewest units a topic model is fitted on; fewer gives a one-line error.
MIN_UNITS = 4
#: Below this many units, k-means with k chosen by silhouette replaces HDBSCAN.
SMALL_CORPUS_UNITS = 300
#: From this many units on, fitting switches to BERTopic's online mode (``partial_fit``).
ONLINE_UNITS = 50_000
#: Most units the stability refits are fitted on. A larger corpus is refitted on a random
#: sample of its articles (every unit of each article drawn, articles drawn until this many
#: units), reproducible from the run's seed, and each refit's adjusted Rand index compares it
#: with the reported topics of those units (:func:`framing.topics.describe.topic_stability`).
#: 20,000 units is where the size rules of :func:`adapt_parameters` stop changing in batch
#: mode (``min_cluster_size`` reaches 100), so a sample is refitted with the parameters its
#: own size would get.
STABILITY_UNITS = 20_000
#: Most events the prevalence model takes as a covariate. Event detection on a large corpus
#: can give tens of thousands of events of one or two articles each; a treatment-coded column
#: for each would make the design larger than memory and estimate nothing (a one-article
#: level is at the boundary). With more events than this, event is left out of the model (the
#: notes say so) and ``topic_shares_by_event`` still reports every event.
MAX_EVENT_LEVELS = 200
#: Smallest ``min_cluster_size`` tried when HDBSCAN labels every unit an outlier and the fit is
#: repeated with half the cluster size (see :meth:`framing.topics.recipe.TopicRecipe.fit`).
MIN_CLUSTER_SIZE_FLOOR = 2


@dataclass(frozen=True)
class TopicParameters:
    """The parameters chosen for a corpus of ``n_units`` units (see :func:`adapt_parameters`).

    Attributes
    ----------
    n_units : int
        Number of units (paragraphs or sentences) the model is fitted on.
    mode : {"batch", "online"}
        ``"online"`` fits with ``partial_fit`` in batches of ``batch_size``.
    reduction : {"umap", "pca", "incremental_pca"}
        Dimension reduction before clustering.
    n_components : int
        Dimensions kept by the reduction.
    n_neighbors : int
        UMAP neighbourhood size (ignored by PCA).
    clustering : {"kmeans", "hdbscan", "minibatch_kmeans"}
        Cluster model.
    k_range : tuple of int
        Candidate numbers of clusters for ``"kmeans"`` (chosen by silhouette).
    min_cluster_size : int
        HDBSCAN's smallest cluster.
    n_clusters : int
        Clusters of the mini-batch k-means used in online mode.
    batch_size : int
        Units per ``partial_fit`` call in online mode.
    """

    n_units: int
    mode: str
    reduction: str
    n_components: int
    n_neighbors: int
    clustering: str
    k_range: tuple[int, ...]
    min_cluster_size: int
    n_clusters: int
    batch_size: int


def adapt_parameters(
    n_units: int,
    *,
    reduction: str = "auto",
    small_corpus_units: int = SMALL_CORPUS_UNITS,
    online_units: int = ONLINE_UNITS,
    batch_size: int = 5_000,
) -> TopicParameters:
    """Choose reduction and clustering parameters for a corpus of ``n_units`` units.

    Rules (all deterministic):

    - ``n_neighbors = clip(floor(sqrt(n)), 2, 15)``: small neighbourhoods on small corpora,
      BERTopic's default 15 from 225 units on.
    - ``n_components = clip(n - 2, 1, 5)``: UMAP's spectral initialisation needs
      ``n_components < n - 1``.
    - below ``small_corpus_units``: k-means, with k the best silhouette over
      ``2 .. min(8, n // 4)`` (a single topic if that range is empty), because HDBSCAN on a
      few dozen points returns mostly noise;
    - up to ``online_units``: HDBSCAN with ``min_cluster_size = clip(n // 200, 10, 100)``
      (halved, down to :data:`MIN_CLUSTER_SIZE_FLOOR`, while a fit finds no cluster at all);
    - from ``online_units`` on: online mode, IncrementalPCA + MiniBatchKMeans with
      ``n_clusters = clip(round(sqrt(n) / 4), 10, 100)``, fitted in batches.

    Parameters
    ----------
    n_units : int
        Number of units the model is fitted on.
    reduction : {"auto", "umap", "pca"}, default="auto"
        Dimension reduction in batch mode; online mode always uses IncrementalPCA. "auto" is
        PCA below ``small_corpus_units`` (on the sample corpus, UMAP's assignments agreed
        across seeds with an adjusted Rand index of 0.2-0.3, PCA's with 0.96-1.0) and UMAP
        from there on.
    small_corpus_units, online_units : int
        Thresholds between the three regimes.
    batch_size : int, default=5000
        Units per ``partial_fit`` call in online mode.

    Returns
    -------
    TopicParameters

    Examples
    --------
    >>> adapt_parameters(60).clustering, adapt_parameters(10_000).clustering
    ('kmeans', 'hdbscan')
    """
    if n_units < MIN_UNITS:
        raise InputError(
            f"corpus: {n_units} unit(s) to fit a topic model on; at least {MIN_UNITS} are "
            "needed: add documents or use --unit sentence"
        )
    if reduction not in ("auto", "umap", "pca"):
        raise InputError(f"reduction {reduction!r}: unknown; use 'auto', 'umap' or 'pca'")
    if reduction == "auto":
        reduction = "pca" if n_units < small_corpus_units else "umap"
    online = n_units >= online_units
    if online:
        clustering = "minibatch_kmeans"
    elif n_units < small_corpus_units:
        clustering = "kmeans"
    else:
        clustering = "hdbscan"
    max_k = min(8, n_units // 4)
    return TopicParameters(
        n_units=n_units,
        mode="online" if online else "batch",
        reduction="incremental_pca" if online else reduction,
        n_components=int(min(5, max(1, n_units - 2))),
        n_neighbors=int(min(15, max(2, math.isqrt(n_units)))),
        clustering=clustering,
        k_range=tuple(range(2, max_k + 1)),
        min_cluster_size=int(min(100, max(10, n_units // 200))),
        n_clusters=int(min(100, max(10, round(math.sqrt(n_units) / 4)))),
        batch_size=int(batch_size),
    )
