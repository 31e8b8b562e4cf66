"""A topic model recipe: the parameters and parts that fit BERTopic, once or again with any seed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from bertopic import BERTopic

from framing.topics.model import build_topic_model, fit_batch
from framing.topics.online import build_online_model, fit_online
from framing.topics.params import MIN_CLUSTER_SIZE_FLOOR, TopicParameters
from framing.topics.submodels import class_name, copy_for_seed

#: The parts a user may supply in place of the size-adaptive ones.
PARTS = ("umap_model", "hdbscan_model", "vectorizer_model", "representation_model")
#: Parameters that only configure the default reduction or the default cluster model.
REDUCTION_PARAMETERS = ("n_components", "n_neighbors")
CLUSTERING_PARAMETERS = ("k_range", "min_cluster_size", "n_clusters")


@dataclass(frozen=True, eq=False)
class TopicRecipe:
    """How to fit BERTopic on embedded units: size-adaptive parameters and the supplied parts.

    A part left None is built from ``parameters`` (:mod:`framing.topics.model`,
    :mod:`framing.topics.online`); a supplied part is used as given, and the size-adaptive
    rules never override it (in particular, a supplied ``hdbscan_model`` is never refitted
    with a smaller cluster size).

    Attributes
    ----------
    parameters : TopicParameters
    embedder : object
        BERTopic's ``embedding_model`` (it embeds seed words and new documents).
    embedding_dims : int
        Dimensions of the unit embeddings (caps the default reduction's components).
    stop_words : tuple of str
        Stop words of the default vectorizer.
    seed_topic_list : list of list of str, optional
        Guided topic modelling seeds.
    outlier_threshold : float
        c-TF-IDF similarity a unit needs to leave topic -1 in outlier reduction.
    umap_model, hdbscan_model, vectorizer_model, representation_model : object or None
        Supplied parts.

    Examples
    --------
    >>> from sklearn.decomposition import PCA
    >>> from framing.topics.params import adapt_parameters
    >>> recipe = TopicRecipe(adapt_parameters(60), None, embedding_dims=10, umap_model=PCA(3))
    >>> used = recipe.parameters_used()
    >>> recipe.supplied, used["reduction"], used["n_neighbors"], used["clustering"]
    (('umap_model',), 'PCA', None, 'kmeans')
    """

    parameters: TopicParameters
    embedder: Any
    embedding_dims: int
    stop_words: tuple[str, ...] = ()
    seed_topic_list: list[list[str]] | None = None
    outlier_threshold: float = 0.0
    umap_model: Any = None
    hdbscan_model: Any = None
    vectorizer_model: Any = None
    representation_model: Any = None

    @property
    def supplied(self) -> tuple[str, ...]:
        """Names of the parts given by the user, in BERTopic's order."""
        return tuple(name for name in PARTS if getattr(self, name) is not None)

    def build(self, parameters: TopicParameters, random_state: int) -> BERTopic:
        """An unfitted BERTopic with the default parts for ``parameters`` and the supplied ones."""
        build = build_online_model if parameters.mode == "online" else build_topic_model
        return build(
            parameters,
            self.embedder,
            self.embedding_dims,
            stop_words=self.stop_words,
            seed_topic_list=self.seed_topic_list,
            random_state=random_state,
            **{name: getattr(self, name) for name in self.supplied},
        )

    def fit(
        self, texts: list[str], embeddings: np.ndarray, random_state: int, *, backend=None
    ) -> tuple[BERTopic, list[int], float, TopicParameters]:
        """Fit on ``texts``; when HDBSCAN finds no cluster, halve ``min_cluster_size`` and refit.

        ``backend`` runs the online fit's assignment pass (:func:`fit_online`).

        Returns
        -------
        model : BERTopic
        topics : list of int
            Topic of each unit (after outlier reduction in batch mode).
        outlier_share_before : float
            Share of units in topic -1 before outlier reduction.
        parameters : TopicParameters
            The parameters of the returned fit (``min_cluster_size`` may be smaller).
        """
        chosen = self.parameters
        adaptive = self.hdbscan_model is None
        while True:
            model = self.build(chosen, random_state)
            if chosen.mode == "online":
                topics = fit_online(model, texts, embeddings, chosen.batch_size, backend=backend)
                return model, topics, 0.0, chosen
            topics, before = fit_batch(
                model, texts, embeddings, outlier_threshold=self.outlier_threshold
            )
            if (
                not adaptive
                or chosen.clustering != "hdbscan"
                or any(t != -1 for t in topics)
                or chosen.min_cluster_size <= MIN_CLUSTER_SIZE_FLOOR
            ):
                return model, topics, before, chosen
            chosen = replace(
                chosen, min_cluster_size=max(MIN_CLUSTER_SIZE_FLOOR, chosen.min_cluster_size // 2)
            )

    def for_seed(self, seed: int) -> TopicRecipe:
        """The same recipe with unfitted copies of the supplied parts seeded with ``seed``.

        The representation model is dropped: it fine-tunes topic words and never changes which
        unit is in which topic, so refits that only compare assignments need not run it.
        """
        parts = {name: copy_for_seed(getattr(self, name), seed) for name in self.supplied}
        parts["representation_model"] = None
        return replace(self, **parts)

    def parameters_used(self) -> dict[str, Any]:
        """``parameters`` as a JSON-ready dict, with the class of each supplied part.

        A supplied ``umap_model`` or ``hdbscan_model`` replaces ``reduction`` or ``clustering``
        by its class name, and the parameters of the default it replaced become None.
        """
        values = {
            k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(self.parameters).items()
        }
        for part, key, unused in (
            ("umap_model", "reduction", REDUCTION_PARAMETERS),
            ("hdbscan_model", "clustering", CLUSTERING_PARAMETERS),
        ):
            if getattr(self, part) is not None:
                values[key] = class_name(getattr(self, part))
                values.update(dict.fromkeys(unused))
        return values
