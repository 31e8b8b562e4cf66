"""Describe a :class:`~framing.topics.topic_fit.TopicFit`: shares, time, prevalence, stability.

Each function reads a fit made by :func:`framing.topics.fit_topic_model` and returns one
table; :func:`describe_topics` computes them all into a
:class:`~framing.topics.result.TopicResult`, as :func:`framing.topics.fit_topics` does in one
call. Describing never changes the fit, so the same fit can be described with other
settings (more bootstrap replicates, other stability seeds) without refitting.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.topics.guided import OVERLAP_COLUMNS, frame_overlap
from framing.topics.params import MAX_EVENT_LEVELS, STABILITY_UNITS
from framing.topics.prevalence import topic_prevalence
from framing.topics.quality import (
    QUALITY_WORDS,
    distinctness,
    matched_stability,
    npmi_coherence,
)
from framing.topics.result import TopicResult
from framing.topics.shares import SHARE_COLUMNS, bootstrap_shares
from framing.topics.stability import assignment_stability, sample_articles
from framing.topics.terms import (
    period_labels,
    terms_by_outlet,
    topic_words,
    topics_table,
    words_over_time,
)
from framing.topics.topic_fit import TopicFit

#: Groups :func:`topic_shares` describes.
SHARE_GROUPS = ("outlet", "event", "period")
STABILITY_COLUMNS = ("seed", "ari", "n_topics")


def _groups(fit: TopicFit, by: str) -> pd.Series:
    units = fit.units
    if by == "outlet":
        return units["outlet"]
    if by == "event":
        return units["event"].astype(object).where(units["event"].notna(), None)
    if by == "period":
        return period_labels(units["date"])
    raise InputError(f"by={by!r}: unknown; use one of {', '.join(SHARE_GROUPS)}")


def topic_shares(
    fit: TopicFit, by: str = "outlet", *, n_boot: int = 1000, random_state: int | None = None
) -> pd.DataFrame:
    """Share of each topic per outlet, event or period, with bootstrap intervals over articles.

    One block per weighting of the fit: ``method`` "assignment" (each unit counts for its
    topic) and, when the fit computed it, "distribution" (each unit's topic distribution).
    See :func:`framing.topics.shares.bootstrap_shares`.

    Parameters
    ----------
    fit : TopicFit
    by : {"outlet", "event", "period"}, default="outlet"
        Units without an event or a date belong to no group.
    n_boot : int, default=1000
        Bootstrap replicates.
    random_state : int, optional
        Seed of the bootstrap; None for the fit's.

    Returns
    -------
    DataFrame
        Columns ``by`` then :data:`~framing.topics.shares.SHARE_COLUMNS`.

    References
    ----------
    Field, C. A., & Welsh, A. H. (2007). Bootstrapping clustered data. Journal of the Royal
    Statistical Society B, 69(3), 369-390.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing.topics import fit_topic_model
    >>> themes = {"m": "uji rudal balistik, rudal", "f": "kunjungan persahabatan, sambutan"}
    >>> documents = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["X", "X", "Y", "Y"]})
    >>> paragraphs = pd.DataFrame(
    ...     {"doc_id": d, "paragraph_id": f"{d}:p{i}", "text": f"{themes[t]} {d}{i}"}
    ...     for d in "abcd"
    ...     for i, t in enumerate("mmmf" if d < "c" else "mfff")
    ... )
    >>> fit = fit_topic_model(documents, paragraphs)
    >>> shares = topic_shares(fit, n_boot=100).query("method == 'assignment'")
    >>> shares[["outlet", "topic", "share", "n_docs"]]
      outlet  topic  share  n_docs
    0      X      0   0.75       2
    1      X      1   0.25       2
    2      Y      0   0.25       2
    3      Y      1   0.75       2
    """
    groups = _groups(fit, by)
    seed = fit.random_state if random_state is None else random_state
    parts = [
        bootstrap_shares(
            weights,
            ids,
            fit.units["doc_id"],
            groups,
            group_name=by,
            method=method,
            n_boot=n_boot,
            random_state=seed,
        )
        for method, (weights, ids) in fit.weights.items()
    ]
    if not parts:
        return pd.DataFrame(columns=[by, *SHARE_COLUMNS])
    return pd.concat(parts, ignore_index=True)


def topics_over_time(
    fit: TopicFit, *, n_boot: int = 1000, random_state: int | None = None
) -> pd.DataFrame:
    """Topic shares per period with their c-TF-IDF words in that period.

    Periods are those of the frames over time (days, weeks or months, named by their first
    day: :func:`framing.topics.terms.period_labels`); empty when no unit has a date.

    Returns
    -------
    DataFrame
        Columns ``period``, :data:`~framing.topics.shares.SHARE_COLUMNS`, ``top_terms``.
    """
    periods = _groups(fit, "period")
    if not periods.notna().any():
        return pd.DataFrame(columns=["period", *SHARE_COLUMNS, "top_terms"])
    table = topic_shares(fit, "period", n_boot=n_boot, random_state=random_state).merge(
        words_over_time(fit.model, fit.texts, fit.topics, periods.tolist()),
        on=["period", "topic"],
        how="left",
    )
    table["top_terms"] = table["top_terms"].fillna("")
    return table


def prevalence_by_outlet(
    fit: TopicFit,
    *,
    min_articles: int = 2,
    random_state: int | None = None,
    max_event_levels: int | None = None,
) -> pd.DataFrame:
    """Fractional logit of article-level topic proportions on outlet (and event, if any).

    Event enters the model when units have between one and ``max_event_levels`` events
    (None: :data:`~framing.topics.params.MAX_EVENT_LEVELS`); with more, outlet alone.

    Uses the distribution weights when the fit has them (method of composition), else the
    assignments (see :func:`framing.topics.prevalence.topic_prevalence`).

    Parameters
    ----------
    fit : TopicFit
    min_articles : int, default=2
        Fewest articles an outlet needs to enter the model.
    random_state : int, optional
        None for the fit's.

    Returns
    -------
    DataFrame
        One row per (topic, term), columns
        :data:`~framing.topics.prevalence.PREVALENCE_COLUMNS`.
    """
    units = fit.units
    covariates = units[["outlet"]].copy()
    limit = MAX_EVENT_LEVELS if max_event_levels is None else max_event_levels
    if 0 < units["event"].nunique() <= limit:
        covariates["event"] = units["event"]
    method = "distribution" if "distribution" in fit.weights else "assignment"
    return topic_prevalence(
        *fit.weights[method],
        units["doc_id"],
        covariates,
        method=method,
        min_articles=min_articles,
        random_state=fit.random_state if random_state is None else random_state,
    )


def topic_stability(
    fit: TopicFit, seeds: Sequence[int] = (1, 2, 3), *, max_units: int = STABILITY_UNITS
) -> pd.DataFrame:
    """Adjusted Rand index between the fit's assignments and refits with other seeds.

    Each refit reuses the embeddings and the fit's recipe (:meth:`TopicFit.refit_topics
    <framing.topics.topic_fit.TopicFit.refit_topics>`). A fit on more than ``max_units`` units
    is refitted on a random sample of whole articles of at most ``max_units`` units
    (:func:`framing.topics.stability.sample_articles`, seeded by the fit's seed), and the index
    compares each refit with the reported topics of the sampled units: it then also reflects
    fitting on fewer units, so it is a conservative figure. Empty for an online fit.

    Returns
    -------
    DataFrame
        Columns ``seed``, ``ari``, ``n_topics``
        (see :func:`framing.topics.stability.assignment_stability`).
    """
    return _stability(fit, seeds, max_units)[0]


def _stability(
    fit: TopicFit, seeds: Sequence[int], max_units: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`topic_stability` and, from the same refits, each topic's matched stability
    (:func:`framing.topics.quality.matched_stability`)."""
    if not seeds or fit.parameters["mode"] != "batch":
        return pd.DataFrame(columns=list(STABILITY_COLUMNS)), matched_stability([], [])
    sample = stability_sample(fit, max_units)
    reference = fit.topics if sample is None else fit.units["topic"].to_numpy()[sample]
    refits: list[list[int]] = []

    def refit(seed: int) -> list[int]:
        topics = list(fit.refit_topics(seed) if sample is None else fit.refit_topics(seed, sample))
        refits.append(topics)
        return topics

    table = assignment_stability(reference, refit, seeds)
    return table, matched_stability(reference, refits)


def _with_quality(topics: pd.DataFrame, fit: TopicFit, per_topic: pd.DataFrame) -> pd.DataFrame:
    """The topics table with each topic's coherence, distinctness and matched stability."""
    words = {
        int(t): topic_words(fit.model, int(t))[:QUALITY_WORDS] for t in topics["topic"] if t != -1
    }
    coherence = npmi_coherence(words, fit.texts, fit.model.vectorizer_model)
    distinct = distinctness(words)
    topics = topics.assign(
        coherence_npmi=topics["topic"].map(coherence).astype(float),
        distinctness=topics["topic"].map(distinct).astype(float),
    )
    return (
        topics.merge(per_topic, on="topic", how="left")
        if len(per_topic)
        else topics.assign(stability=np.nan, stability_min=np.nan)
    )


def stability_sample(fit: TopicFit, max_units: int = STABILITY_UNITS) -> np.ndarray | None:
    """Positions of the units the stability refits use: None for all of them."""
    if len(fit.units) <= max_units:
        return None
    return sample_articles(fit.units["doc_id"], max_units, fit.random_state)


def describe_topics(
    fit: TopicFit,
    *,
    stability_seeds: Sequence[int] = (1, 2, 3),
    n_boot: int = 1000,
    min_articles: int = 2,
    random_state: int | None = None,
    stability_units: int = STABILITY_UNITS,
    backend=None,
) -> TopicResult:
    """Every table of a :class:`~framing.topics.result.TopicResult`, computed from ``fit``.

    Parameters
    ----------
    fit : TopicFit
    stability_seeds : sequence of int, default=(1, 2, 3)
        Seeds of the refits whose adjusted Rand index is reported (empty to skip).
    n_boot : int, default=1000
        Bootstrap replicates for share intervals.
    min_articles : int, default=2
        Fewest articles an outlet needs to enter the prevalence model.
    random_state : int, optional
        Seed of the bootstrap and the prevalence draws; None for the fit's.
    stability_units : int, default=:data:`~framing.topics.params.STABILITY_UNITS`
        Most units the stability refits use; a larger fit is refitted on a random sample of
        its articles (see :func:`topic_stability`), as ``info["notes"]`` says.
    backend : LocalBackend or DaskBackend, optional
        Where the words of each group of outlets are found
        (:func:`~framing.topics.terms.terms_by_outlet`); default here.

    Returns
    -------
    TopicResult
        ``info`` is :attr:`TopicFit.info <framing.topics.topic_fit.TopicFit.info>` with the
        stability and the notes of this step added; ``fit`` is ``fit``.

    References
    ----------
    Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based TF-IDF
    procedure. arXiv:2203.05794.

    Examples
    --------
    Fit once, describe twice (a quick look, then the reported run):

    >>> import pandas as pd
    >>> from sklearn.cluster import KMeans
    >>> from framing.topics import fit_topic_model
    >>> themes = {"m": "uji rudal balistik, rudal", "f": "kunjungan persahabatan, sambutan"}
    >>> documents = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["X", "X", "Y", "Y"]})
    >>> paragraphs = pd.DataFrame(
    ...     {"doc_id": d, "paragraph_id": f"{d}:p{i}", "text": f"{themes[t]} {d}{i}"}
    ...     for d in "abcd"
    ...     for i, t in enumerate("mfmf")
    ... )
    >>> fit = fit_topic_model(documents, paragraphs, hdbscan_model=KMeans(2, random_state=0))
    >>> quick = describe_topics(fit, stability_seeds=(), n_boot=50)
    >>> result = describe_topics(fit, stability_seeds=(1, 2), n_boot=200)
    >>> result.stability
       seed  ari  n_topics
    0     1  1.0         2
    1     2  1.0         2
    >>> result.summary_record.stability_mean_ari, quick.summary_record.stability_mean_ari
    (1.0, None)
    """
    units, notes = fit.units, list(fit.notes)
    shares = topic_shares(fit, "outlet", n_boot=n_boot, random_state=random_state)
    by_event = topic_shares(fit, "event", n_boot=n_boot, random_state=random_state)
    if not units["event"].notna().any():
        notes.append("no document has an event: topic_shares_by_event is empty")
    over_time = topics_over_time(fit, n_boot=n_boot, random_state=random_state)
    if not units["date"].notna().any():
        notes.append("no document has a date: topics_over_time is empty")
    prevalence = prevalence_by_outlet(fit, min_articles=min_articles, random_state=random_state)
    n_events = units["event"].nunique()
    if n_events > MAX_EVENT_LEVELS:
        notes.append(
            f"event left out of the topic prevalence model: {n_events:,} events, more than "
            f"{MAX_EVENT_LEVELS}; topic_shares_by_event reports every event"
        )
    stability, per_topic = _stability(fit, stability_seeds, stability_units)
    if not len(stability):
        online = stability_seeds and fit.parameters["mode"] != "batch"
        notes.append("stability across seeds not computed" + (" in online mode" if online else ""))
    elif (sample := stability_sample(fit, stability_units)) is not None:
        n_articles = fit.units["doc_id"].iloc[sample].nunique()
        notes.append(
            f"stability refits on a random sample of {n_articles:,} articles ({len(sample):,} of "
            f"{len(fit.units):,} {fit.unit}s, at most {stability_units:,}; seed "
            f"{fit.random_state}), each compared with the reported topics of those {fit.unit}s"
        )
    topics = _with_quality(topics_table(fit.model, fit.topics), fit, per_topic)
    overlap = (
        frame_overlap(topics, units, fit.texts, fit.seed_topics)
        if fit.seed_topics
        else pd.DataFrame(columns=list(OVERLAP_COLUMNS))
    )
    info = fit.info
    info["stability_mean_ari"] = float(stability["ari"].mean()) if len(stability) else None
    info["notes"] = notes
    return TopicResult(
        topics=topics,
        topic_assignments=fit.assignments,
        topic_shares=shares,
        topic_shares_by_event=by_event,
        topic_terms_by_outlet=terms_by_outlet(
            fit.model, fit.texts, fit.topics, units["outlet"], backend=backend
        ),
        topics_over_time=over_time,
        prevalence=prevalence,
        stability=stability,
        frame_overlap=overlap,
        outlier_share=fit.outlier_share,
        info=info,
        model=fit.model,
        fit=fit,
    )
