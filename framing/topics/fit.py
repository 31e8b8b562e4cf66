"""``fit_topics``: fit BERTopic on a corpus' units and compute every per-outlet table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA

from framing.corpus.stopwords import stop_words as shipped_stop_words
from framing.errors import InputError
from framing.topics.embeddings import embed_units
from framing.topics.guided import OVERLAP_COLUMNS, frame_overlap, seed_topic_list
from framing.topics.model import build_topic_model, fit_batch
from framing.topics.online import build_online_model, fit_online
from framing.topics.params import (
    MIN_CLUSTER_SIZE_FLOOR,
    ONLINE_UNITS,
    SMALL_CORPUS_UNITS,
    TopicParameters,
    adapt_parameters,
)
from framing.topics.prevalence import topic_prevalence
from framing.topics.result import TopicResult
from framing.topics.shares import (
    SHARE_COLUMNS,
    assignment_weights,
    bootstrap_shares,
    distribution_weights,
)
from framing.topics.stability import assignment_stability
from framing.topics.topic_tables import (
    period_labels,
    terms_by_outlet,
    topics_table,
    words_over_time,
)

UNIT_ID = {"paragraph": "paragraph_id", "sentence": "sentence_id"}


def _units_with_metadata(
    documents: pd.DataFrame, units: pd.DataFrame, unit: str
) -> tuple[pd.DataFrame, list[str]]:
    if unit not in UNIT_ID:
        raise InputError(f"unit {unit!r}: unknown; use 'paragraph' or 'sentence'")
    id_column = UNIT_ID[unit]
    for name, table, needed in (
        ("documents", documents, ("doc_id", "outlet")),
        (f"{unit}s", units, ("doc_id", id_column, "text")),
    ):
        missing = [c for c in needed if c not in table.columns]
        if missing:
            raise InputError(
                f"{name}: lacks column(s) {', '.join(missing)}; pass the corpus' {name} table"
            )
    meta = documents[["doc_id", "outlet"]].copy()
    meta["event"] = documents.get("event", pd.NA)
    meta["date"] = (
        pd.to_datetime(documents["date"], errors="coerce") if "date" in documents else pd.NaT
    )
    meta["language"] = documents.get("language", pd.NA)
    notes = []
    text = units["text"].fillna("").astype(str)
    blank = text.str.strip() == ""
    if blank.any():
        notes.append(f"{int(blank.sum())} blank {unit}(s) left out of the topic model")
    table = units.loc[~blank, ["doc_id", id_column, "text"]].rename(columns={id_column: "unit_id"})
    table = table.merge(meta, on="doc_id", how="left", validate="many_to_one")
    orphans = table["outlet"].isna() & ~table["doc_id"].isin(meta["doc_id"])
    if orphans.any():
        raise InputError(
            f"{unit}s: {int(orphans.sum())} unit(s) have a doc_id not in documents "
            f"(e.g. {table.loc[orphans, 'doc_id'].iloc[0]!r}); pass the tables of one corpus"
        )
    table["outlet"] = table["outlet"].fillna("unknown").astype(str)
    return table.reset_index(drop=True), notes


def _map_coordinates(embeddings: np.ndarray, random_state: int) -> np.ndarray:
    """2-D coordinates for the topic map: the first two principal components of the embeddings."""
    if embeddings.shape[1] >= 2 and embeddings.shape[0] >= 2:
        return PCA(n_components=2, random_state=random_state).fit_transform(embeddings)
    first = embeddings[:, :1] if embeddings.shape[1] else np.zeros((len(embeddings), 1))
    return np.hstack([first, np.zeros((len(embeddings), 1))])


def fit_topics(
    documents: pd.DataFrame,
    units: pd.DataFrame,
    *,
    unit: str = "paragraph",
    embedding_model: str | None = None,
    seed_topics: Mapping[str, Iterable[str]] | None = None,
    random_state: int = 0,
    cache_dir: str | Path | None = None,
    reduction: str = "auto",
    stability_seeds: Sequence[int] = (1, 2, 3),
    n_boot: int = 1000,
    outlier_threshold: float = 0.0,
    distribution: bool = True,
    small_corpus_units: int = SMALL_CORPUS_UNITS,
    online_units: int = ONLINE_UNITS,
    batch_size: int = 5_000,
    min_articles: int = 2,
) -> TopicResult:
    """Fit BERTopic on paragraphs or sentences and report topics per outlet, event and period.

    Parameters are adapted to the corpus size (:func:`framing.topics.params.adapt_parameters`):
    k-means with k chosen by silhouette on small corpora, UMAP + HDBSCAN with outlier
    reduction on medium ones, online ``partial_fit`` on large ones.

    Parameters
    ----------
    documents : DataFrame
        The ``documents`` table (``doc_id``, ``outlet``; ``event``, ``date``, ``language`` used
        when present).
    units : DataFrame
        The ``paragraphs`` or ``sentences`` table.
    unit : {"paragraph", "sentence"}, default="paragraph"
    embedding_model : str, optional
        A sentence-transformers model name or local path; None for the offline TF-IDF/SVD
        embedding fitted on the corpus.
    seed_topics : mapping of str to iterable of str, optional
        Frame id -> lexicon terms, for guided topic modelling and the frame overlap table.
    random_state : int, default=0
        Seed of every random step; the same input and seed give identical tables.
    cache_dir : path, optional
        Embedding cache folder; None disables caching.
    reduction : {"auto", "umap", "pca"}, default="auto"
        Dimension reduction in batch mode ("auto": PCA on small corpora, else UMAP).
    stability_seeds : sequence of int, default=(1, 2, 3)
        Seeds of the refits whose adjusted Rand index is reported (empty to skip).
    n_boot : int, default=1000
        Bootstrap replicates for share intervals.
    outlier_threshold : float, default=0.0
        c-TF-IDF similarity a unit needs to leave topic -1 in outlier reduction.
    distribution : bool, default=True
        Also compute shares from ``approximate_distribution``.
    small_corpus_units, online_units, batch_size : int
        Size thresholds and online batch size.
    min_articles : int, default=2
        Fewest articles an outlet needs to enter the prevalence model; smaller outlets are
        described (shares) but left out of every coefficient and p-value.

    Returns
    -------
    TopicResult

    References
    ----------
    Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based TF-IDF
    procedure. arXiv:2203.05794.

    Examples
    --------
    >>> result = fit_topics(corpus.documents, corpus.paragraphs)  # doctest: +SKIP
    >>> result.topic_shares.query("method == 'assignment'")  # doctest: +SKIP
    """
    table, notes = _units_with_metadata(documents, units, unit)
    texts = table["text"].tolist()
    params = adapt_parameters(
        len(texts),
        reduction=reduction,
        small_corpus_units=small_corpus_units,
        online_units=online_units,
        batch_size=batch_size,
    )
    languages = sorted({str(x) for x in table["language"].dropna()}) or ["id", "en"]
    stop_list = shipped_stop_words(languages if set(languages) & {"id", "en"} else ["id", "en"])
    frames, seeds = seed_topic_list(seed_topics) if seed_topics else ([], None)
    embeddings, embedder, model_spec = embed_units(
        texts,
        embedding_model=embedding_model,
        stop_words=stop_list,
        random_state=random_state,
        cache_dir=cache_dir,
    )

    def fit_with(chosen: TopicParameters, seed: int):
        build = build_online_model if chosen.mode == "online" else build_topic_model
        model = build(
            chosen,
            embedder,
            embeddings.shape[1],
            stop_words=stop_list,
            seed_topic_list=seeds,
            random_state=seed,
        )
        if chosen.mode == "online":
            return model, fit_online(model, texts, embeddings, chosen.batch_size), 0.0
        fitted, before = fit_batch(model, texts, embeddings, outlier_threshold=outlier_threshold)
        return model, fitted, before

    def fit_once(seed: int):
        """Fit; when HDBSCAN finds no cluster at all, halve ``min_cluster_size`` and refit."""
        chosen = params
        while True:
            model, fitted, before = fit_with(chosen, seed)
            if (
                chosen.clustering != "hdbscan"
                or any(t != -1 for t in fitted)
                or chosen.min_cluster_size <= MIN_CLUSTER_SIZE_FLOOR
            ):
                return model, fitted, before, chosen
            chosen = replace(
                chosen, min_cluster_size=max(MIN_CLUSTER_SIZE_FLOOR, chosen.min_cluster_size // 2)
            )

    model, topics, outlier_before, used = fit_once(random_state)
    if used.min_cluster_size != params.min_cluster_size:
        notes.append(
            f"HDBSCAN with min_cluster_size={params.min_cluster_size} labelled every unit an "
            f"outlier; refitted with min_cluster_size={used.min_cluster_size}"
        )
        params = used
    table["topic"] = topics
    outlier_share = float(np.mean(np.asarray(topics) == -1))
    topic_ids = sorted(set(topics))

    weights = {"assignment": (assignment_weights(topics, topic_ids), topic_ids)}
    table["probability"] = 1.0
    if distribution and not any(t != -1 for t in topics):
        notes.append(
            "no topic found (every unit is an outlier): approximate_distribution skipped, "
            "probability is 1.0 for every unit"
        )
    elif distribution:
        fitted_ids = sorted(t for t in model.topic_representations_ if t != -1)
        dist, _ = model.approximate_distribution(texts, batch_size=1000)
        dist_weights, dist_ids = distribution_weights(dist, fitted_ids)
        weights["distribution"] = (dist_weights, dist_ids)
        column = {t: j for j, t in enumerate(dist_ids)}
        table["probability"] = dist_weights[
            np.arange(len(texts)), [column.get(t, 0) for t in topics]
        ]
    else:
        notes.append(
            "approximate_distribution skipped (distribution=False): probability is 1 for every unit"
        )
    coordinates = _map_coordinates(embeddings, random_state)
    table["x"], table["y"] = coordinates[:, 0], coordinates[:, 1]

    def shares_by(column: str, keys) -> pd.DataFrame:
        parts = [
            bootstrap_shares(
                w,
                ids,
                table["doc_id"],
                keys,
                group_name=column,
                method=method,
                n_boot=n_boot,
                random_state=random_state,
            )
            for method, (w, ids) in weights.items()
        ]
        return (
            pd.concat(parts, ignore_index=True)
            if parts
            else pd.DataFrame(columns=[column, *SHARE_COLUMNS])
        )

    shares = shares_by("outlet", table["outlet"])
    has_event = table["event"].notna().any()
    by_event = shares_by("event", table["event"].astype(object).where(table["event"].notna(), None))
    if not has_event:
        notes.append("no document has an event: topic_shares_by_event is empty")
    periods = period_labels(table["date"])
    if periods.notna().any():
        over_time = shares_by("period", periods).merge(
            words_over_time(model, texts, topics, periods.tolist()),
            on=["period", "topic"],
            how="left",
        )
        over_time["top_terms"] = over_time["top_terms"].fillna("")
    else:
        over_time = pd.DataFrame(columns=["period", *SHARE_COLUMNS, "top_terms"])
        notes.append("no document has a date: topics_over_time is empty")

    covariates = table[["outlet"]].copy()
    if has_event:
        covariates["event"] = table["event"]
    method = "distribution" if "distribution" in weights else "assignment"
    prevalence = topic_prevalence(
        *weights[method],
        table["doc_id"],
        covariates,
        method=method,
        min_articles=min_articles,
        random_state=random_state,
    )

    if stability_seeds and params.mode == "batch":
        stability = assignment_stability(topics, lambda s: fit_once(s)[1], stability_seeds)
    else:
        stability = pd.DataFrame(columns=["seed", "ari", "n_topics"])
        notes.append(
            "stability across seeds not computed" + (" in online mode" if stability_seeds else "")
        )

    topics_df = topics_table(model, topics)
    overlap = (
        frame_overlap(topics_df, table, texts, dict(zip(frames, seeds, strict=True)))
        if seeds
        else pd.DataFrame(columns=list(OVERLAP_COLUMNS))
    )
    assignments = table[
        ["unit_id", "doc_id", "outlet", "event", "date", "topic", "probability", "x", "y"]
    ].copy()
    assignments.insert(1, "unit", unit)
    summary = {
        "unit": unit,
        "n_units": len(texts),
        "n_topics": int(sum(t != -1 for t in topic_ids)),
        "embedding_model": model_spec,
        "random_state": random_state,
        "parameters": {
            k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(params).items()
        },
        "n_clusters_chosen": getattr(model.hdbscan_model, "n_clusters_", None),
        "outlier_share_before_reduction": outlier_before,
        "stability_mean_ari": float(stability["ari"].mean()) if len(stability) else None,
        "stop_word_languages": languages,
        "seed_frames": frames,
        "notes": notes,
    }
    return TopicResult(
        topics=topics_df,
        topic_assignments=assignments,
        topic_shares=shares,
        topic_shares_by_event=by_event,
        topic_terms_by_outlet=terms_by_outlet(model, texts, topics, table["outlet"]),
        topics_over_time=over_time,
        prevalence=prevalence,
        stability=stability,
        frame_overlap=overlap,
        outlier_share=outlier_share,
        info=summary,
        model=model,
    )
