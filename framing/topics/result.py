"""The :class:`TopicResult`: every table a topic model fit produces, plus the fitted model."""

from __future__ import annotations

from collections.abc import Mapping
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


@dataclass(frozen=True)
class TopicFitSummary:
    """What a topic model fit came to, in typed fields (:attr:`TopicResult.summary_record`).

    Attributes
    ----------
    unit : str
        "paragraph" or "sentence".
    n_topics : int
        Topics found, outliers not counted.
    n_units : int
        Units the model was fitted on.
    reduction, clustering : str
        The dimension reduction and the cluster model: a size-adaptive choice ("pca",
        "umap", "incremental_pca"; "kmeans", "hdbscan", "minibatch_kmeans") or the class name
        of a supplied sub-model ("PCA", "KMeans" …).
    embedding_model : str
        The embedding as recorded with the results.
    outlier_share_before, outlier_share_after : float
        Share of units in topic -1 before and after outlier reduction.
    stability_mean_ari : float or None
        Mean adjusted Rand index of the refits with other seeds (None when not computed).
    notes : tuple of str
        What was left out, skipped or refitted.
    sub_models : mapping of str to str
        Class name of each of BERTopic's sub-models (empty for results saved without it).
    supplied : tuple of str
        The sub-models the user supplied.

    Examples
    --------
    >>> tables = [pd.DataFrame({"topic": [0, 1]})] * 9
    >>> info = {"n_units": 40, "parameters": {"reduction": "PCA", "clustering": "KMeans"}}
    >>> record = TopicResult(*tables, outlier_share=0.0, info=info).summary_record
    >>> record.n_topics, record.reduction, record.clustering, record.stability_mean_ari
    (2, 'PCA', 'KMeans', None)
    """

    unit: str
    n_topics: int
    n_units: int
    reduction: str | None
    clustering: str | None
    embedding_model: str | None
    outlier_share_before: float
    outlier_share_after: float
    stability_mean_ari: float | None
    notes: tuple[str, ...] = ()
    sub_models: Mapping[str, str | None] = field(default_factory=dict, hash=False)
    supplied: tuple[str, ...] = ()


@dataclass
class TopicResult:
    """Results of :func:`framing.topics.fit_topics` (or :func:`framing.topics.describe_topics`).

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
        Parameters, embedding model, sub-models (class names, and those supplied), outlier
        share before reduction, notes on skipped steps (:meth:`summary` says it in words,
        :attr:`summary_record` in typed fields).
    model : BERTopic or None
        The fitted model (None when loaded without it).
    fit : TopicFit or None
        The fit the tables were described from, to describe it again with other settings
        (:mod:`framing.topics.describe`); None when loaded from disk. With a model per
        language (:mod:`framing.topics.languages`), the fit and model of the largest one.
    models : dict of str to BERTopic
        The model of each language when each has its own (empty when loaded from disk).
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
    fit: Any = field(default=None, repr=False)
    models: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def summary_record(self) -> TopicFitSummary:
        """The fit's summary as a :class:`TopicFitSummary` (from :attr:`info`)."""
        info = self.info
        params = info.get("parameters", {})
        n_topics = info.get("n_topics", int((self.topics["topic"] != -1).sum()))
        ari = info.get("stability_mean_ari")
        return TopicFitSummary(
            unit=str(info.get("unit", "unit")),
            n_topics=int(n_topics),
            n_units=int(info.get("n_units", len(self.topic_assignments))),
            reduction=params.get("reduction"),
            clustering=params.get("clustering"),
            embedding_model=info.get("embedding_model"),
            outlier_share_before=float(info.get("outlier_share_before_reduction", 0.0)),
            outlier_share_after=float(self.outlier_share),
            stability_mean_ari=None if ari is None else float(ari),
            notes=tuple(info.get("notes", ())),
            sub_models=dict(info.get("sub_models", {})),
            supplied=tuple(info.get("sub_models_supplied", ())),
        )

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
        supplied = info.get("sub_models_supplied") or []
        if supplied:
            models = info.get("sub_models", {})
            lines.append(
                "supplied sub-models: " + ", ".join(f"{k}={models.get(k)}" for k in supplied)
            )
        if info.get("stability_mean_ari") is not None:
            lines.append(f"mean adjusted Rand index across seeds: {info['stability_mean_ari']:.2f}")
        lines += [f"- {note}" for note in info.get("notes", [])]
        lines.append("")
        shown = self.topics[[c for c in ("topic", "label", "n_units") if c in self.topics]]
        lines.append(shown.to_string(index=False))
        return "\n".join(lines)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the result by its table name."""
        return {name: getattr(self, attribute) for attribute, name in TABLE_NAMES.items()}

    def to_latex(
        self, path: str | Path | None = None, *, method: str = "assignment", digits: int = 1
    ) -> str:
        """Topic shares per outlet, % [bootstrap 95% interval over articles], as a booktabs table.

        An outlet with one article has no interval: its cells show the share alone. With
        ``path`` the table is also written there.
        """
        from framing.utils.latex import to_latex_table

        shares = self.topic_shares
        if "method" in shares:
            shares = shares[shares["method"] == method]
        labels = dict(zip(self.topics["topic"], self.topics["label"], strict=True))
        language = shares["language"] if "language" in shares else pd.Series("", index=shares.index)
        several = language.nunique() > 1  # a model per language: each has its outliers (-1)
        cells = shares.assign(
            topic=[
                f"{t}: {labels.get(t, '')}" + (f" ({code})" if several and t < 0 else "")
                for t, code in zip(shares["topic"], language, strict=True)
            ],
            cell=[
                f"{100 * s:.{digits}f}"
                + ("" if pd.isna(lo) else f" [{100 * lo:.{digits}f}, {100 * hi:.{digits}f}]")
                for s, lo, hi in zip(
                    shares["share"], shares["ci_low"], shares["ci_high"], strict=True
                )
            ],
        )
        grid = cells.pivot(index="topic", columns="outlet", values="cell").reset_index()
        text = to_latex_table(
            grid,
            f"Topic shares per outlet ({method}), % [bootstrap 95% interval resampling "
            "articles; none for an outlet with one article]",
            "tab:framing-topic-shares",
        )
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    def save(self, out_dir: str | Path, *, save_model: bool = True, tables: bool = True) -> Path:
        """Write the tables to ``out_dir/tables`` (unless ``tables=False``), the model and
        summary to ``out_dir/topics``."""
        return save_result(self, out_dir, TABLE_NAMES, save_model=save_model, tables=tables)

    @classmethod
    def load(cls, run_dir: str | Path, *, load_model: bool = True) -> TopicResult:
        """Read a result written by :meth:`save`."""
        return cls(**load_result(run_dir, TABLE_NAMES, load_model=load_model))
