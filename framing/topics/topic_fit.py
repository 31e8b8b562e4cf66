"""The :class:`TopicFit`: a fitted topic model and its units, before any table is described."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from framing.topics.recipe import TopicRecipe

#: Columns of :attr:`TopicFit.assignments` (the ``topic_assignments`` table), after ``unit``.
ASSIGNMENT_COLUMNS = ("unit_id", "doc_id", "outlet", "event", "date", "topic", "probability")


@dataclass(eq=False)
class TopicFit:
    """A fitted BERTopic with its units: what :func:`framing.topics.fit_topic_model` returns.

    The describing functions of :mod:`framing.topics.describe` (shares, topics over time,
    prevalence, stability) read everything they need from it.

    Attributes
    ----------
    model : BERTopic
        The fitted model; ``model.umap_model``, ``model.hdbscan_model`` … are the sub-models
        used (a supplied sub-model is the very object given).
    units : DataFrame
        One row per unit: ``doc_id``, ``unit_id``, ``text``, ``outlet``, ``event``, ``date``,
        ``language``, ``topic``, ``probability`` (the unit's approximate-distribution weight
        on its topic, 1.0 when not computed), ``x``, ``y`` (2-D map coordinates).
    unit : {"paragraph", "sentence"}
    embeddings : ndarray of shape (n_units, n_dims)
        The unit embeddings the model was fitted on.
    weights : dict of str to (ndarray, list of int)
        Unit-by-topic weights and their topic ids: ``"assignment"`` (one-hot) and, when
        computed, ``"distribution"`` (from ``approximate_distribution``, with an outlier
        column).
    parameters : dict
        The parameters actually used (:meth:`TopicRecipe.parameters_used
        <framing.topics.recipe.TopicRecipe.parameters_used>`).
    sub_models : dict of str to str
        Class name of each of BERTopic's sub-models (None for no representation model).
    supplied : tuple of str
        The sub-models given by the user rather than chosen by size.
    embedding_spec : str
        The embedding model as recorded with the results.
    outlier_share_before : float
        Share of units in topic -1 before outlier reduction.
    random_state : int
    stop_word_languages : list of str
    seed_topics : dict of str to list of str
        Frame -> normalised seed terms of guided topic modelling (empty when not guided).
    notes : list of str
        What was left out, skipped or refitted, in words.
    recipe : TopicRecipe
        Parameters and parts, to refit with another seed (:meth:`refit_topics`).
    """

    model: Any
    units: pd.DataFrame
    unit: str
    embeddings: np.ndarray = field(repr=False)
    weights: dict[str, tuple[np.ndarray, list[int]]] = field(repr=False)
    parameters: dict[str, Any]
    sub_models: dict[str, str | None]
    supplied: tuple[str, ...]
    embedding_spec: str
    outlier_share_before: float
    random_state: int
    stop_word_languages: list[str]
    seed_topics: dict[str, list[str]]
    notes: list[str]
    recipe: TopicRecipe = field(repr=False)

    @property
    def texts(self) -> list[str]:
        """The unit texts, in the order of :attr:`units`."""
        return self.units["text"].tolist()

    @property
    def topics(self) -> list[int]:
        """Topic of each unit (-1: outlier)."""
        return [int(t) for t in self.units["topic"]]

    @property
    def n_topics(self) -> int:
        """Number of topics found, outliers not counted."""
        return len(set(self.topics) - {-1})

    @property
    def outlier_share(self) -> float:
        """Share of units left in topic -1 after outlier reduction."""
        return float(np.mean(self.units["topic"].to_numpy() == -1))

    @property
    def assignments(self) -> pd.DataFrame:
        """The ``topic_assignments`` table: one row per unit with its topic and coordinates."""
        table = self.units[[*ASSIGNMENT_COLUMNS, "x", "y"]].copy()
        table.insert(1, "unit", self.unit)
        return table

    @property
    def info(self) -> dict[str, Any]:
        """The fit in a JSON-ready dict (``stability_mean_ari`` is None until described)."""
        return {
            "unit": self.unit,
            "n_units": len(self.units),
            "n_topics": self.n_topics,
            "embedding_model": self.embedding_spec,
            "random_state": self.random_state,
            "parameters": dict(self.parameters),
            "n_clusters_chosen": getattr(self.model.hdbscan_model, "n_clusters_", None),
            "outlier_share_before_reduction": self.outlier_share_before,
            "stability_mean_ari": None,
            "stop_word_languages": list(self.stop_word_languages),
            "seed_frames": list(self.seed_topics),
            "notes": list(self.notes),
            "sub_models": dict(self.sub_models),
            "sub_models_supplied": list(self.supplied),
        }

    def refit_topics(self, seed: int, units: Sequence[int] | None = None) -> list[int]:
        """Topic of each unit when the same recipe is fitted again with ``random_state=seed``.

        The embeddings are reused; supplied sub-models are refitted as unfitted copies with
        ``random_state=seed`` (:meth:`TopicRecipe.for_seed
        <framing.topics.recipe.TopicRecipe.for_seed>`), so the reported model is untouched.
        With ``units`` (positions in :attr:`units`), the recipe is fitted on those units only,
        with the same parameters, and their topics are returned in that order.
        """
        recipe = self.recipe.for_seed(seed) if self.recipe.supplied else self.recipe
        texts, embeddings = self.texts, self.embeddings
        if units is not None:
            units = np.asarray(units, dtype=int)
            texts, embeddings = [texts[i] for i in units], embeddings[units]
            recipe = replace(recipe, parameters=replace(recipe.parameters, n_units=len(units)))
        return recipe.fit(texts, embeddings, int(seed))[1]
