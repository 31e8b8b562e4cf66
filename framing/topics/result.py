"""The :class:`TopicResult`: every table a topic model fit produces, plus the fitted model."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

#: Attribute of :class:`TopicResult` -> name of the table written under ``OUT/tables``.
TABLE_NAMES: dict[str, str] = {
    "topics": "topics",
    "topic_assignments": "topic_assignments",
    "topic_shares": "topic_shares",
    "topic_shares_by_event": "topic_shares_by_event",
    "topic_terms_by_outlet": "topic_terms_by_outlet",
    "topics_over_time": "topics_over_time",
    "prevalence": "topic_prevalence",
    "stability": "topic_stability",
    "frame_overlap": "topic_frame_overlap",
}


@dataclass
class TopicResult:
    """Results of :func:`framing.topics.fit_topics`.

    Attributes
    ----------
    topics : DataFrame
        One row per topic: ``topic``, ``label``, ``top_terms``, ``n_units``, ``share_units``.
    topic_assignments : DataFrame
        One row per unit: ``unit_id``, ``doc_id``, ``outlet``, ``event``, ``date``, ``topic``,
        ``probability`` (the unit's approximate-distribution weight on its topic; 1.0 when the
        distribution was not computed, as ``summary["notes"]`` says), ``x``, ``y``
        (2-D map coordinates).
    topic_shares : DataFrame
        (outlet, topic, method) shares with bootstrap intervals; ``method`` is "assignment" or
        "distribution" (from ``approximate_distribution``).
    topic_shares_by_event : DataFrame
        The same by ``event`` (empty when no document has an event).
    topic_terms_by_outlet : DataFrame
        ``outlet``, ``topic``, ``top_terms``, ``n_units`` (``topics_per_class``).
    topics_over_time : DataFrame
        (period, topic) shares with intervals and words (empty when no document has a date).
    prevalence : DataFrame
        Prevalence regression (see :func:`framing.topics.prevalence.topic_prevalence`).
    stability : DataFrame
        ``seed``, ``ari``, ``n_topics``: agreement of refits with other seeds.
    frame_overlap : DataFrame
        Topic x frame overlap (empty unless seed topics were given).
    outlier_share : float
        Share of units left in topic -1 after outlier reduction.
    summary : dict
        Parameters, embedding model, outlier share before reduction, notes on skipped steps.
    model : BERTopic or None
        The fitted model (None when loaded without it).
    """

    topics: pd.DataFrame
    topic_assignments: pd.DataFrame
    topic_shares: pd.DataFrame
    topic_shares_by_event: pd.DataFrame
    topic_terms_by_outlet: pd.DataFrame
    topics_over_time: pd.DataFrame
    prevalence: pd.DataFrame
    stability: pd.DataFrame
    frame_overlap: pd.DataFrame
    outlier_share: float
    summary: dict[str, Any] = field(default_factory=dict)
    model: Any = None

    def save(self, out_dir: str | Path, *, save_model: bool = True) -> Path:
        """Write the tables to ``out_dir/tables`` and the model and summary to ``out_dir/topics``."""
        from framing.topics.persistence import save_result

        return save_result(self, out_dir, save_model=save_model)

    @classmethod
    def load(cls, run_dir: str | Path, *, load_model: bool = True) -> TopicResult:
        """Read a result written by :meth:`save`."""
        from framing.topics.persistence import load_result

        return load_result(run_dir, load_model=load_model)
