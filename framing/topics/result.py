"""The :class:`TopicResult`: every table a topic model fit produces, plus the fitted model."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from framing.topics.persistence import load_result, save_result

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
        distribution was not computed, as ``info["notes"]`` says), ``x``, ``y``
        (2-D map coordinates).
    topic_shares : DataFrame
        (outlet, topic, method) shares with bootstrap intervals resampling articles within the
        outlet (none for an outlet with one article, as ``caveat`` says); ``method`` is
        "assignment" or "distribution" (from ``approximate_distribution``).
    topic_shares_by_event : DataFrame
        The same by ``event`` (empty when no document has an event).
    topic_terms_by_outlet : DataFrame
        ``outlet``, ``topic``, ``top_terms``, ``n_units`` (``topics_per_class``).
    topics_over_time : DataFrame
        (period, topic) shares with intervals and words (empty when no document has a date).
    prevalence : DataFrame
        Fractional logit of article-level topic proportions on outlet and event, one row per
        (topic, term) (see :func:`framing.topics.prevalence.topic_prevalence`).
    stability : DataFrame
        ``seed``, ``ari``, ``n_topics``: agreement of refits with other seeds.
    frame_overlap : DataFrame
        Topic x frame overlap (empty unless seed topics were given).
    outlier_share : float
        Share of units left in topic -1 after outlier reduction.
    info : dict
        Parameters, embedding model, outlier share before reduction, notes on skipped steps
        (:meth:`summary` says it in words).
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
    info: dict[str, Any] = field(default_factory=dict)
    model: Any = None

    def summary(self) -> str:
        """The fit in words: units, parameters, topics with their terms, outliers, stability."""
        info = self.info
        params = info.get("parameters", {})
        lines = [
            f"Topic model: {info.get('n_topics', len(self.topics))} topics on "
            f"{info.get('n_units', len(self.topic_assignments))} {info.get('unit', 'unit')}s",
            f"embedding: {info.get('embedding_model')}; reduction: {params.get('reduction')}; "
            f"clustering: {params.get('clustering')}; seed: {info.get('random_state')}",
            f"outliers: {info.get('outlier_share_before_reduction', 0):.1%} before and "
            f"{self.outlier_share:.1%} after reduction",
        ]
        if info.get("stability_mean_ari") is not None:
            lines.append(f"mean adjusted Rand index across seeds: {info['stability_mean_ari']:.2f}")
        lines += [f"- {note}" for note in info.get("notes", [])]
        lines.append("")
        shown = self.topics[[c for c in ("topic", "label", "n_units") if c in self.topics]]
        lines.append(shown.to_string(index=False))
        return "\n".join(lines)

    def to_latex(self, method: str = "assignment", digits: int = 1) -> str:
        """Topic shares per outlet, % [bootstrap 95% interval over articles], as a booktabs table.

        An outlet with one article has no interval: its cells show the share alone.
        """
        from framing.stats.latex import to_latex_table

        shares = self.topic_shares
        if "method" in shares:
            shares = shares[shares["method"] == method]
        labels = dict(zip(self.topics["topic"], self.topics["label"], strict=True))
        cells = shares.assign(
            topic=[f"{t}: {labels.get(t, '')}" for t in shares["topic"]],
            cell=[
                f"{100 * s:.{digits}f}"
                + ("" if pd.isna(lo) else f" [{100 * lo:.{digits}f}, {100 * hi:.{digits}f}]")
                for s, lo, hi in zip(
                    shares["share"], shares["ci_low"], shares["ci_high"], strict=True
                )
            ],
        )
        grid = cells.pivot(index="topic", columns="outlet", values="cell").reset_index()
        return to_latex_table(
            grid,
            f"Topic shares per outlet ({method}), % [bootstrap 95% interval resampling "
            "articles; none for an outlet with one article]",
            "tab:framing-topic-shares",
        )

    def save(self, out_dir: str | Path, *, save_model: bool = True) -> Path:
        """Write the tables to ``out_dir/tables`` and the model and summary to ``out_dir/topics``."""
        return save_result(self, out_dir, TABLE_NAMES, save_model=save_model)

    @classmethod
    def load(cls, run_dir: str | Path, *, load_model: bool = True) -> TopicResult:
        """Read a result written by :meth:`save`."""
        return cls(**load_result(run_dir, TABLE_NAMES, load_model=load_model))
